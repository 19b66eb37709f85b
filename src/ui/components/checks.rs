//! The `Checks` region: the mentor checks on the draft, grouped by severity. A finding
//! about a passage can be shown in the preview; a finding may suggest a level for its
//! criterion, never set it.

use std::ops::Range;
use std::rc::Rc;

use yew::prelude::*;

use crate::domain::checks::{Finding, Report, Severity};

/// Props of [`ChecksPanel`].
#[derive(Properties, PartialEq)]
pub struct ChecksPanelProps {
    /// The checks' report on the current draft.
    pub report: Rc<Report>,
    /// Show this passage (a byte range of the draft) in the preview.
    pub on_show: Callback<Range<usize>>,
}

/// The checks, most serious first.
#[component]
pub fn ChecksPanel(props: &ChecksPanelProps) -> Html {
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
            <div class={classes!("checks-group", format!("checks-{}", severity.key()))}>
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
