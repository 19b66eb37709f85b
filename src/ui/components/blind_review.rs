//! The `Blind-review check` region: what could identify the speaker in the fields a
//! share link carries, each with a way to redact or keep it.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use talkback_core::blind_review::Leak;
use talkback_core::proposal::Proposal;

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
    html! {
        <section class="blind" role="region" aria-label="Blind-review check">
            <h2>{ "Blind-review check" }</h2>
            <label for="speaker-names">{ "Speaker names" }</label>
            <input id="speaker-names" type="text" value={props.speaker_names.clone()} oninput={on_names}
                   aria-describedby="speaker-names-help" autocomplete="off" />
            <p id="speaker-names-help" class="hint">
                { "Optional: the speaker's names, if the draft has no Speaker field. Names, links, handles, organisations and \"I am the author of …\" are found in the fields reviewers see. A share link carries the proposal with them replaced." }
            </p>
            if props.findings.is_empty() {
                <p class="blind-clear">{ "Nothing found that identifies the speaker." }</p>
            } else {
                <div class="blind-bar">
                    <span>{ format!("{} found, {} to redact", props.findings.len(), to_redact) }</span>
                    <button type="button" onclick={on_redact_all} disabled={to_redact == 0}>{ "Redact all" }</button>
                </div>
                <ul class="blind-list">
                    { for props.findings.iter().enumerate().map(|(n, f)| finding_view(props, n, f)) }
                </ul>
            }
        </section>
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
        <li class={classes!("blind-finding", (!redacted).then_some("kept"))} data-kind={f.kind.label()}>
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
