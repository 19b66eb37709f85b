//! The `Checks` region: the mentor checks on the draft, grouped by severity. A finding
//! about a passage can be shown in the preview; a finding may suggest a level for its
//! criterion, never set it.

use std::ops::Range;
use std::rc::Rc;

use yew::prelude::*;

use web_sys::HtmlInputElement;

use talkback_core::checks::{Finding, Profile, Report, Severity};

/// Props of [`ChecksPanel`].
#[derive(Properties, PartialEq)]
pub struct ChecksPanelProps {
    /// The checks' report on the current draft.
    pub report: Rc<Report>,
    /// Show this passage (a byte range of the draft) in the preview.
    pub on_show: Callback<Range<usize>>,
    /// The conference's limits the checks use.
    pub profile: Rc<Profile>,
    /// New limits (validated).
    pub on_profile: Callback<Profile>,
}

/// The checks, most serious first.
#[component]
pub fn ChecksPanel(props: &ChecksPanelProps) -> Html {
    // The limits editor's message, when a limit typed is refused.
    let error = use_state(|| None::<String>);
    let r = &props.report;
    let group = |severity: Severity, title: &str| {
        let findings: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if findings.is_empty() {
            return html! {};
        }
        html! {
            <div class={format!("checks-group checks-{}", severity.key())}>
                <h3>{ format!("{title} ({})", findings.len()) }</h3>
                <ul>
                    { for findings.into_iter().map(|f| finding_view(f, &props.on_show)) }
                </ul>
            </div>
        }
    };
    html! {
        <section class="checks" role="region" aria-label="Checks">
            <h2>{ "Checks" }</h2>
            if r.findings.is_empty() {
                <p class="checks-clear">{ "Nothing to flag: the checks found no problems, warnings or tips." }</p>
            } else {
                <p class="hint">{ format!("{} problems, {} warnings, {} tips. Checks only suggest; the scores are yours.", r.problems, r.warnings, r.tips) }</p>
            }
            { group(Severity::Problem, "Problems") }
            { group(Severity::Warning, "Warnings") }
            { group(Severity::Tip, "Tips") }
            { profile_editor(props, &error) }
        </section>
    }
}

fn finding_view(f: &Finding, on_show: &Callback<Range<usize>>) -> Html {
    let show = f.span.clone().map(|span| {
        let on_show = on_show.clone();
        Callback::from(move |_: MouseEvent| on_show.emit(span.clone()))
    });
    html! {
        <li class="finding" data-rule={f.rule}>
            <p class="finding-message">{ f.message.clone() }</p>
            <p class="finding-hint">{ f.hint.clone() }</p>
            <div class="finding-meta">
                if let Some(level) = f.suggests {
                    <span class="finding-suggests">{ format!("Suggests “{}” for {}", level.label(), f.criterion) }</span>
                }
                if let Some(onclick) = show {
                    <button type="button" class="link-button" {onclick}>{ "Show in preview" }</button>
                }
            </div>
        </li>
    }
}

/// The conference's limits, editable: a number box per limit (empty: no limit).
fn profile_editor(props: &ChecksPanelProps, error: &UseStateHandle<Option<String>>) -> Html {
    let field = |label: &'static str,
                 id: &'static str,
                 value: Option<usize>,
                 apply: fn(&mut Profile, Option<usize>)| {
        let profile = Rc::clone(&props.profile);
        let on_change = props.on_profile.clone();
        let error = error.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let value = if text.trim().is_empty() {
                None
            } else {
                text.trim().parse::<usize>().ok()
            };
            let mut next = (*profile).clone();
            apply(&mut next, value);
            match next.validate() {
                Ok(()) => {
                    error.set(None);
                    on_change.emit(next);
                }
                Err(problems) => error.set(Some(
                    problems
                        .iter()
                        .map(|p| p.message.clone())
                        .collect::<Vec<_>>()
                        .join(" "),
                )),
            }
        });
        html! {
            <div class="editor-row">
                <label for={id}>{ label }</label>
                <input {id} type="number" min="0" value={value.map(|v| v.to_string()).unwrap_or_default()} {oninput} />
            </div>
        }
    };
    let reset = {
        let on_change = props.on_profile.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            on_change.emit(Profile::pycon_us());
        })
    };
    let p = &props.profile;
    html! {
        <details class="profile-editor">
            <summary>{ format!("Conference limits: {}", p.name) }</summary>
            { field("Longest title (characters)", "limit-title", p.title_max_chars, |p, v| { p.title_max_chars = v; p.name = "Custom".into(); }) }
            { field("Longest short description (characters)", "limit-description", p.description_max_chars, |p, v| { p.description_max_chars = v; p.name = "Custom".into(); }) }
            { field("Minutes kept for questions", "limit-questions", Some(p.question_minutes as usize), |p, v| { p.question_minutes = v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0); p.name = "Custom".into(); }) }
            if let Some(message) = &**error {
                <p class="notice notice-warning" role="alert">{ message.clone() }</p>
            }
            <button type="button" onclick={reset}>{ "Use PyCon US limits" }</button>
        </details>
    }
}
