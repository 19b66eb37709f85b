//! The share panel: `Create share link` builds the link from the current review; the
//! `Share link` textbox shows it with its length and where it travels safely; `Copy link`
//! copies it; `Copy as Markdown` copies the review for an e-mail; a QR code carries the
//! link to a phone.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::ui::clipboard::CopyButton;
use crate::ui::components::qr::QrCode;
use crate::ui::disclosure::use_disclosure;
use talkback_core::feedback::review_markdown;
use talkback_core::link;

/// How far a link of this many characters travels safely.
pub fn reach(chars: usize) -> (&'static str, &'static str) {
    match chars {
        0..=1000 => ("reach-green", "safe in e-mail and SMS"),
        1001..=2000 => ("reach-green", "safe in e-mail"),
        2001..=4000 => (
            "reach-amber",
            "fine in chat apps; some e-mail programs may break it",
        ),
        _ => (
            "reach-red",
            "long: works when opened in a browser, but chat apps and e-mail may cut it",
        ),
    }
}

/// The link as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareLink {
    /// Built from the review as it was at `revision`.
    Ready {
        /// The full URL.
        url: Rc<str>,
        /// The review revision it was built from.
        revision: u64,
    },
    /// It could not be built (a limit was passed).
    Failed(AttrValue),
}

/// Props of [`SharePanel`].
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The last link built, if any.
    pub link: Option<ShareLink>,
    /// The review's current revision (a link from an older one is out of date).
    pub revision: u64,
    /// Whether the proposal goes into the link.
    pub include_proposal: bool,
    /// Whether it goes in as written (not redacted).
    pub unredacted: bool,
    /// The pseudonym, if any.
    pub pseudonym: AttrValue,
    /// Build the link.
    pub on_create: Callback<()>,
    /// Toggle including the proposal.
    pub on_include_proposal: Callback<bool>,
    /// Toggle sharing it unredacted.
    pub on_unredacted: Callback<bool>,
    /// The pseudonym typed.
    pub on_pseudonym: Callback<String>,
}

/// The share panel.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let on_create = props.on_create.reform(|_: MouseEvent| ());
    let checked = |e: Event| e.target_unchecked_into::<HtmlInputElement>().checked();
    let on_include = props.on_include_proposal.reform(checked);
    let on_unredacted = props.on_unredacted.reform(checked);
    let on_pseudonym = props
        .on_pseudonym
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let url = match &props.link {
        Some(ShareLink::Ready { url, .. }) => Some(Rc::clone(url)),
        _ => None,
    };
    let copy_link = {
        let url = url.clone();
        Callback::from(move |()| url.as_deref().unwrap_or_default().to_owned())
    };
    let copy_markdown = {
        let url = url.clone();
        Callback::from(move |()| {
            // What the link holds, so the e-mail and the link say the same.
            url.as_deref()
                .and_then(|u| link::decode(u).ok())
                .map(|shared| review_markdown(&shared))
                .unwrap_or_default()
        })
    };
    let (show_qr, on_qr_toggle) = use_disclosure();
    let can_share = can_web_share();
    let on_share = {
        let url = url.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(url), Some(window)) = (url.clone(), web_sys::window()) {
                let data = web_sys::ShareData::new();
                data.set_url(&url);
                data.set_title("Feedback on your talk proposal");
                let _ = window.navigator().share_with_data(&data);
            }
        })
    };
    html! {
        <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading">{ "Share" }</h2>
            <p class="hint">{ "The whole review travels inside the link, after the #: nothing is uploaded. The link never says who you are." }</p>
            <label class="check"><input type="checkbox" checked={props.include_proposal} onchange={on_include} />{ " Include the proposal (speaker details redacted)" }</label>
            if props.include_proposal {
                <label class="check"><input type="checkbox" checked={props.unredacted} onchange={on_unredacted} />{ " Share it as written, without redaction" }</label>
                <p class="hint">{ "The proposal in the link carries every section except the speaker's name, bio and notes for reviewers." }</p>
            }
            <label for="pseudonym">{ "Sign as (optional)" }</label>
            <input id="pseudonym" type="text" value={props.pseudonym.clone()} oninput={on_pseudonym} maxlength="40" autocomplete="off"
                   placeholder="Anonymous" />
            <div class="share-actions">
                <button type="button" class="primary" onclick={on_create}>{ "Create share link" }</button>
            </div>
            { match &props.link {
                Some(ShareLink::Failed(message)) => html! { <p class="notice notice-warning" role="alert">{ message.clone() }</p> },
                Some(ShareLink::Ready { url, revision }) => {
                    let chars = url.chars().count();
                    let (class, words) = reach(chars);
                    html! {
                        <div class="share-result">
                            <label for="share-link">{ "Share link" }</label>
                            <textarea id="share-link" class="share-link" readonly=true rows="4" value={url.to_string()}
                                      onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlTextAreaElement>().select())} />
                            <p class={classes!("reach", class)}>{ format!("{chars} characters: {words}.") }</p>
                            if *revision != props.revision {
                                <p class="notice notice-info">{ "The review has changed since this link was made: create it again to include the changes." }</p>
                            }
                            <div class="share-actions">
                                <CopyButton label="Copy link" text={copy_link} />
                                <CopyButton label="Copy as Markdown" text={copy_markdown} />
                                if can_share { <button type="button" onclick={on_share}>{ "Share…" }</button> }
                            </div>
                            <p class="hint">{ "The Markdown is for an e-mail to the speaker: it leaves out your comment for the committee." }</p>
                            <details class="qr-details" ontoggle={on_qr_toggle}>
                                <summary>{ "QR code" }</summary>
                                if show_qr { <QrCode text={url.to_string()} /> }
                            </details>
                        </div>
                    }
                }
                None => html! {},
            } }
        </section>
    }
}

/// Whether the browser offers the Web Share API (phones, mostly). Never asked outside a
/// browser (server-side rendering in the tests).
fn can_web_share() -> bool {
    cfg!(target_arch = "wasm32")
        && web_sys::window()
            .is_some_and(|w| js_sys::Reflect::has(&w.navigator(), &"share".into()).unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::reach;

    #[test]
    fn the_traffic_light_follows_the_documented_thresholds() {
        assert_eq!(reach(1000).0, "reach-green");
        assert!(reach(1000).1.contains("SMS"));
        assert!(!reach(1001).1.contains("SMS"));
        assert_eq!(reach(4000).0, "reach-amber");
        assert_eq!(reach(4001).0, "reach-red");
    }
}
