//! The share panel: the reasons the reviewer ticks for the speaker (the checks suggest
//! some); `Create share link` builds two links from the current review: `Link for the
//! speaker` (only what the speaker may see) and `Link for the committee` (everything),
//! each with where it opens, its length and where it travels ([`LinkReach`]: also
//! `Download as file` and the QR code when it will scan) and its own copy button; a
//! preview of exactly what the speaker will see; `Copy as Markdown` copies the speaker's
//! letter.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::ui::clipboard::copy_button;
use crate::ui::components::hosted_address::use_hosted_address;
use crate::ui::components::preview::preview;
use crate::ui::components::reach::LinkReach;
use crate::ui::disclosure::use_disclosure;
use crate::ui::state::preview_blocks;
use talkback_core::feedback::review_markdown;
use talkback_core::link;
use talkback_core::reach::address_of;

/// The links as the panel shows them.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareLink {
    /// Built from the review as it was at `revision`.
    Ready {
        /// The speaker's link (full URL): no committee-only content.
        speaker: Rc<str>,
        /// The committee's link (full URL): the whole review.
        committee: Rc<str>,
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
    /// Reasons ticked, by id.
    #[prop_or_default]
    pub reasons: Rc<Vec<u8>>,
    /// Reasons the checks suggest, by id.
    #[prop_or_default]
    pub suggested: Rc<Vec<u8>>,
    /// `(id, ticked)`.
    #[prop_or_default]
    pub on_reason: Callback<(u8, bool)>,
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
    let (url, committee_url) = match &props.link {
        Some(ShareLink::Ready {
            speaker, committee, ..
        }) => (Some(Rc::clone(speaker)), Some(Rc::clone(committee))),
        _ => (None, None),
    };
    let copy_link = {
        let url = url.clone();
        Callback::from(move |()| url.as_deref().unwrap_or_default().to_owned())
    };
    let copy_committee = {
        let url = committee_url.clone();
        Callback::from(move |()| url.as_deref().unwrap_or_default().to_owned())
    };
    let copy_markdown = {
        let url = committee_url.clone();
        Callback::from(move |()| {
            // The speaker's letter: `review_markdown` takes only the speaker's view (what
            // the speaker link holds) and the title of the proposal it was about.
            url.as_deref()
                .and_then(|u| link::decode(u).ok())
                .map(|shared| review_markdown(&shared))
                .unwrap_or_default()
        })
    };
    let (show_preview, on_preview_toggle) = use_disclosure();
    let speaker_view = show_preview
        .then(|| committee_url.as_deref().and_then(|u| link::decode(u).ok()))
        .flatten()
        .map(|shared| preview_blocks(&review_markdown(&shared), &[]));
    let hosted_address = use_hosted_address(&props.on_create);
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
            <fieldset class="reasons">
                <legend>{ "Reasons for the speaker (optional)" }</legend>
                <p class="hint">{ "Each adds a short, kind paragraph on how to make the proposal stronger. Marked ones are suggested by the checks; tick only those you agree with." }</p>
                { for talkback_core::reasons::REASONS.iter().map(|r| {
                    let id = r.id;
                    let ticked = props.reasons.contains(&id);
                    let suggested = props.suggested.contains(&id);
                    let on_change = props.on_reason.reform(move |e: Event| (id, e.target_unchecked_into::<HtmlInputElement>().checked()));
                    html! {
                        <label class="check">
                            <input type="checkbox" checked={ticked} onchange={on_change} />
                            { format!(" {}", r.title) }
                            if suggested { <span class="suggested">{ " (suggested by the checks)" }</span> }
                        </label>
                    }
                }) }
            </fieldset>
            { hosted_address }
            <div class="share-actions">
                <button type="button" class="primary" onclick={on_create}>{ "Create share link" }</button>
            </div>
            { match &props.link {
                Some(ShareLink::Failed(message)) => html! { <p class="notice notice-warning" role="alert">{ message.clone() }</p> },
                Some(ShareLink::Ready { speaker, committee, revision }) => {
                    let select = || Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlTextAreaElement>().select());
                    html! {
                        <div class="share-result">
                            if *revision != props.revision {
                                <p class="notice notice-info">{ "The review has changed since these links were made: create them again to include the changes." }</p>
                            }
                            <label for="share-link">{ "Link for the speaker" }</label>
                            <textarea id="share-link" class="share-link" readonly=true rows="4" value={speaker.to_string()} onfocus={select()} />
                            <LinkReach link={AttrValue::from(Rc::clone(speaker))} file_stem="speaker-feedback" />
                            <p class="hint">{ "Only what the speaker may see: no comment for the committee, no comment marked committee-only, no scores unless you show them." }</p>
                            <div class="share-actions">
                                { copy_button("Copy speaker link", copy_link) }
                                { copy_button("Copy as Markdown", copy_markdown) }
                                if can_share && !address_of(speaker).is_empty() { <button type="button" onclick={on_share}>{ "Share…" }</button> }
                            </div>
                            <details class="speaker-preview" ontoggle={on_preview_toggle}>
                                <summary>{ "Preview what the speaker will see" }</summary>
                                if let Some(blocks) = speaker_view {
                                    { preview(&blocks, "What the speaker will see") }
                                }
                            </details>
                            <label for="committee-link">{ "Link for the committee" }</label>
                            <textarea id="committee-link" class="share-link" readonly=true rows="4" value={committee.to_string()} onfocus={select()} />
                            <LinkReach link={AttrValue::from(Rc::clone(committee))} file_stem="committee-review" />
                            <p class="notice notice-warning">{ "The committee link holds everything, including your notes for the committee: never send it to the speaker." }</p>
                            <div class="share-actions">
                                { copy_button("Copy committee link", copy_committee) }
                            </div>
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
