//! Comments anchored to passages: select text in the Preview, write a comment, add it.
//! Each comment keeps its quote with a little context, re-attaches after edits
//! elsewhere, and shows as detached (never silently dropped) when its passage is gone.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use talkback_core::anchor::{AnchoredComment, Located};
use talkback_core::scoring::Audience;

/// A passage selected in the preview, waiting for its comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    /// The preview's text when it was selected.
    pub text: Rc<str>,
    /// The selected byte range of `text`.
    pub range: std::ops::Range<usize>,
}

/// Props of [`AnchorsPanel`].
#[derive(Properties, PartialEq)]
pub struct AnchorsPanelProps {
    /// The anchored comments so far.
    pub anchors: Rc<Vec<AnchoredComment>>,
    /// Where each is in the current preview.
    pub located: Rc<Vec<Located>>,
    /// The passage selected now, if any.
    pub selected: Option<Selected>,
    /// Add a comment on the selected passage.
    pub on_add: Callback<String>,
    /// `(n, text)`: edit comment `n`.
    pub on_edit: Callback<(usize, String)>,
    /// Remove comment `n`.
    pub on_remove: Callback<usize>,
    /// Whom each comment is for (by default the rubric's).
    #[prop_or_default]
    pub audiences: Rc<Vec<Audience>>,
    /// `(n, audience)`: whom comment `n` is for.
    #[prop_or_default]
    pub on_audience: Callback<(usize, Audience)>,
}

/// The passage comments and the composer for a new one.
#[component]
pub fn AnchorsPanel(props: &AnchorsPanelProps) -> Html {
    let draft = use_state(String::new);
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let on_add = {
        let draft = draft.clone();
        let cb = props.on_add.clone();
        Callback::from(move |_: MouseEvent| {
            if !draft.trim().is_empty() {
                cb.emit((*draft).clone());
                draft.set(String::new());
            }
        })
    };
    let quote = props
        .selected
        .as_ref()
        .and_then(|s| s.text.get(s.range.clone()))
        .map(str::to_string);
    html! {
        <section class="anchors" aria-labelledby="anchors-heading">
            <h2 id="anchors-heading">{ "Comments on passages" }</h2>
            if let Some(quote) = quote {
                <p class="anchor-selected">{ "Selected: " }<q>{ shorten(&quote) }</q></p>
                <label for="anchor-comment">{ "Comment on the selected passage" }</label>
                <textarea id="anchor-comment" rows="2" value={(*draft).clone()} oninput={on_draft} />
                <button type="button" onclick={on_add} disabled={draft.trim().is_empty()}>{ "Add comment" }</button>
            } else {
                <p class="hint">{ "Select text in the Preview to comment on that passage." }</p>
            }
            if !props.anchors.is_empty() {
                <ol class="anchor-list">
                    { for props.anchors.iter().enumerate().map(|(n, a)| {
                        let status = props.located.get(n);
                        let detached = matches!(status, Some(Located::Detached));
                        let note = match status {
                            Some(Located::Moved(_)) => "The passage has changed since this comment.",
                            Some(Located::Detached) => "Detached: this passage is no longer in the proposal.",
                            _ => "",
                        };
                        let on_edit = props.on_edit.reform(move |e: InputEvent| (n, e.target_unchecked_into::<HtmlTextAreaElement>().value()));
                        let on_remove = props.on_remove.reform(move |_: MouseEvent| n);
                        let committee_only = props.audiences.get(n) == Some(&Audience::Committee);
                        let on_audience = props.on_audience.reform(move |e: Event| {
                            let committee = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                            (n, if committee { Audience::Committee } else { Audience::Speaker })
                        });
                        html! {
                            <li class={if detached { "anchor detached" } else { "anchor" }} data-status={if detached { "detached" } else { "attached" }}>
                                <blockquote>{ shorten(&a.anchor.quote) }</blockquote>
                                if !note.is_empty() { <p class="anchor-status">{ note }</p> }
                                <label class="criterion-comment-label" for={format!("anchor-{n}")}>{ format!("Comment on passage {}", n + 1) }</label>
                                <textarea id={format!("anchor-{n}")} class="criterion-comment" rows="2" value={a.comment.clone()} oninput={on_edit} />
                                <label class="check audience"><input type="checkbox" checked={committee_only} onchange={on_audience} />{ format!(" Only the committee sees the comment on passage {}", n + 1) }</label>
                                <button type="button" class="link-button" onclick={on_remove} aria-label={format!("Remove comment on passage {}", n + 1)}>{ "Remove" }</button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}

/// A long quote cut to its start and end.
fn shorten(quote: &str) -> String {
    let chars: Vec<char> = quote.chars().collect();
    if chars.len() <= 160 {
        return quote.to_string();
    }
    let head: String = chars[..100].iter().collect();
    let tail: String = chars[chars.len() - 40..].iter().collect();
    format!("{head} … {tail}")
}
