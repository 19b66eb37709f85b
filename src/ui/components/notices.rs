//! Notices above the editor: storage trouble, another tab, a pending example.

use yew::prelude::*;

use crate::ui::state::StorageProblem;

/// Props of [`StorageWarning`].
#[derive(Properties, PartialEq)]
pub struct StorageWarningProps {
    /// What went wrong.
    pub problem: StorageProblem,
}

/// Says plainly that the draft is not being saved, and what to do about it.
#[component]
pub fn StorageWarning(props: &StorageWarningProps) -> Html {
    let text = match props.problem {
        StorageProblem::Unavailable => {
            "This browser is not letting Talkback save your draft (private browsing or blocked site data). \
             Everything still works, but the draft is lost when you close the tab: copy it somewhere safe."
        }
        StorageProblem::Full => {
            "This browser's storage for Talkback is full, so your latest changes are not saved. \
             Copy your draft somewhere safe, or free some space by clearing old site data."
        }
    };
    html! { <div class="notice notice-warning" role="alert">{ text }</div> }
}

/// Props of [`OtherTabNotice`].
#[derive(Properties, PartialEq)]
pub struct OtherTabNoticeProps {
    /// Load the other tab's version.
    pub on_take: Callback<()>,
    /// Keep this tab's version and save it.
    pub on_keep: Callback<()>,
}

/// Another tab saved a different version of the draft: the user chooses, nothing is
/// overwritten silently.
#[component]
pub fn OtherTabNotice(props: &OtherTabNoticeProps) -> Html {
    let take = props.on_take.reform(|_: MouseEvent| ());
    let keep = props.on_keep.reform(|_: MouseEvent| ());
    html! {
        <div class="notice notice-info" role="alert">
            <p>{ "This draft was changed in another tab. Saving here is paused so neither version is lost." }</p>
            <div class="notice-actions">
                <button type="button" onclick={take}>{ "Load the other tab's version" }</button>
                <button type="button" onclick={keep}>{ "Keep this version" }</button>
            </div>
        </div>
    }
}

/// Props of [`ConfirmNotice`].
#[derive(Properties, PartialEq)]
pub struct ConfirmNoticeProps {
    /// The question, in plain words.
    pub text: AttrValue,
    /// The confirming button's text.
    pub confirm: AttrValue,
    /// The cancelling button's text.
    pub cancel: AttrValue,
    /// Go ahead.
    pub on_confirm: Callback<()>,
    /// Keep things as they are.
    pub on_cancel: Callback<()>,
}

/// Asks before something that would drop the user's work.
#[component]
pub fn ConfirmNotice(props: &ConfirmNoticeProps) -> Html {
    let confirm = props.on_confirm.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="notice notice-info" role="alert">
            <p>{ props.text.clone() }</p>
            <div class="notice-actions">
                <button type="button" onclick={confirm}>{ props.confirm.clone() }</button>
                <button type="button" onclick={cancel}>{ props.cancel.clone() }</button>
            </div>
        </div>
    }
}
