//! The `Blind-review check` region: what could identify the speaker in the fields a
//! share link carries, each with a way to redact or keep it; then what the bio and notes
//! hold (scanned too, listed apart: no link carries them), and which fields were read.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use talkback_core::blind_review::{scan_withheld, scanned_fields, Leak, Names};
use talkback_core::proposal::{FieldKind, Proposal};

/// Props of [`BlindReviewPanel`].
#[derive(Properties, PartialEq)]
pub struct BlindReviewPanelProps {
    /// The draft the findings were made on (they are byte ranges of its text). An `Rc`,
    /// so a keystroke does not copy the text into the props.
    pub analysed: Rc<Proposal>,
    /// The findings, in text order.
    pub findings: Rc<Vec<Leak>>,
    /// Per finding: whether the share link redacts it.
    pub redacted: Rc<Vec<bool>>,
    /// The speaker names typed in.
    pub speaker_names: AttrValue,
    /// Typed speaker names.
    pub on_speaker_names: Callback<String>,
    /// Replace finding `n` in the draft.
    pub on_redact: Callback<usize>,
    /// Keep (`true`) or redact (`false`) finding `n` in the share link.
    pub on_ignore: Callback<(usize, bool)>,
    /// Replace every finding not kept, in the draft.
    pub on_redact_all: Callback<()>,
    /// Show finding `n`'s passage in the preview.
    pub on_show: Callback<usize>,
}

/// The blind-review findings.
#[component]
pub fn BlindReviewPanel(props: &BlindReviewPanelProps) -> Html {
    let on_names = props
        .on_speaker_names
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_redact_all = props.on_redact_all.reform(|_: MouseEvent| ());
    let to_redact = props.redacted.iter().filter(|r| **r).count();
    // The bio and notes are scanned here, from the analysed draft: derived data that
    // no action changes, recomputed only when the draft or the typed names change.
    let withheld = use_memo(
        (props.analysed.clone(), props.speaker_names.clone()),
        |(p, typed)| {
            let names = Names::from_proposal(p).with_extra(typed);
            let (shared, unshared) = scanned_fields(p);
            (scan_withheld(p, &names), shared, unshared)
        },
    );
    let (withheld_leaks, shared_fields, unshared_fields) = &*withheld;
    let shared_list = field_list(shared_fields);
    html! {
        <section class="blind" role="region" aria-label="Blind-review check">
            <h2>{ "Blind-review check" }</h2>
            <label for="speaker-names">{ "Speaker names" }</label>
            <input id="speaker-names" type="text" value={props.speaker_names.clone()} oninput={on_names}
                   aria-describedby="speaker-names-help" autocomplete="off" />
            <p id="speaker-names-help" class="hint">
                { "Optional: the speaker's names, if the draft has no Speaker field. Names, links, handles, organisations and \"I am the author of …\" are found in the fields reviewers see. A share link carries the proposal with them replaced." }
            </p>
            <p class="blind-scope">
                if shared_fields.is_empty() {
                    { "Scanned for reviewers: the whole draft (no fields recognised), as a share link would carry it." }
                } else {
                    { format!("Scanned for reviewers: {shared_list}, the fields a share link carries.") }
                }
                if !unshared_fields.is_empty() {
                    { format!(" Also scanned: {}, which no share link carries; listed apart below.", field_list(unshared_fields)) }
                }
            </p>
            if props.findings.is_empty() {
                <p class="blind-clear">
                    if shared_fields.is_empty() {
                        { "Nothing found that identifies the speaker." }
                    } else {
                        { format!("Nothing found in the shared fields ({shared_list}).") }
                    }
                </p>
            } else {
                <div class="blind-bar">
                    <span>{ format!("{} found, {} to redact", props.findings.len(), to_redact) }</span>
                    <button type="button" onclick={on_redact_all} disabled={to_redact == 0}>{ "Redact all" }</button>
                </div>
                <ul class="blind-list">
                    { for props.findings.iter().enumerate().map(|(n, f)| finding_view(props, n, f)) }
                </ul>
            }
            if !withheld_leaks.is_empty() {
                <h3>{ format!("In fields not shared ({})", field_list(unshared_fields)) }</h3>
                <p class="hint">{ "No share link carries these fields, so nothing here is redacted. They are listed so that nothing surprises you if the proposal is pasted anywhere else." }</p>
                <ul class="blind-withheld">
                    { for withheld_leaks.iter().map(|f| withheld_view(&props.analysed, f)) }
                </ul>
            }
        </section>
    }
}

/// "Title, Description and Outline".
fn field_list(kinds: &[FieldKind]) -> String {
    let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    match labels.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn withheld_view(analysed: &Proposal, f: &Leak) -> Html {
    let text = analysed
        .source()
        .get(f.span.clone())
        .unwrap_or_default()
        .to_string();
    html! {
        <li class="blind-withheld-item" data-withheld-kind={f.kind.label()}>
            <p><strong>{ f.kind.label() }</strong>{ ": " }<q>{ text }</q></p>
            <p class="finding-hint">{ f.why }</p>
        </li>
    }
}

fn finding_view(props: &BlindReviewPanelProps, n: usize, f: &Leak) -> Html {
    let text = props
        .analysed
        .source()
        .get(f.span.clone())
        .unwrap_or_default()
        .to_string();
    let redacted = props.redacted.get(n).copied().unwrap_or(true);
    let on_redact = props.on_redact.reform(move |_: MouseEvent| n);
    let on_toggle = props.on_ignore.reform(move |_: MouseEvent| (n, redacted));
    let on_show = props.on_show.reform(move |_: MouseEvent| n);
    let what_id = format!("blind-finding-{n}");
    html! {
        <li class={if redacted { "blind-finding" } else { "blind-finding kept" }} data-kind={f.kind.label()}>
            <p class="blind-what" id={what_id.clone()}><strong>{ f.kind.label() }</strong>{ ": " }<q>{ text.clone() }</q></p>
            <p class="finding-hint">{ f.why }</p>
            <p class="finding-hint">
                if redacted {
                    { format!("The share link shows it as {}.", f.replacement) }
                } else {
                    { "Kept as written in the share link." }
                }
            </p>
            <div class="finding-meta">
                // The name starts with the visible words (speech input users say what they see);
                // the siblings are told apart by the finding they describe.
                <button type="button" class="link-button" onclick={on_redact} aria-label={format!("Redact in draft: {text}")}>{ "Redact in draft" }</button>
                <button type="button" class="link-button" onclick={on_toggle} aria-describedby={what_id.clone()}>{ if redacted { "Keep it" } else { "Redact it" } }</button>
                <button type="button" class="link-button" onclick={on_show} aria-describedby={what_id}>{ "Show in preview" }</button>
            </div>
        </li>
    }
}
