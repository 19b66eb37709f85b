//! Notices above the editor: storage trouble, another tab, a pending example.
//!
//! Plain functions, not components: they hold no state, and each component costs its own
//! lifecycle code in the wasm (docs/size.md, session 8).

use yew::prelude::*;

use crate::ui::state::StorageProblem;

/// Says plainly that the draft is not being saved, and what to do about it.
pub fn storage_warning(problem: &StorageProblem) -> Html {
    let text = match problem {
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

/// Another tab saved a different version of the draft: the user chooses, nothing is
/// overwritten silently. `on_take` loads the other tab's version, `on_keep` keeps this
/// tab's and saves it.
pub fn other_tab_notice(on_take: &Callback<()>, on_keep: &Callback<()>) -> Html {
    choice(
        AttrValue::Static(
            "This draft was changed in another tab. Saving here is paused so neither version is lost.",
        ),
        "Load the other tab's version",
        "Keep this version",
        on_take,
        on_keep,
    )
}

/// Asks before something that would drop the user's work: the question in plain words,
/// the confirming and the cancelling button's texts and what each does.
pub fn choice(
    text: AttrValue,
    confirm: &'static str,
    cancel: &'static str,
    on_confirm: &Callback<()>,
    on_cancel: &Callback<()>,
) -> Html {
    let confirm_click = on_confirm.reform(|_: MouseEvent| ());
    let cancel_click = on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="notice notice-info" role="alert">
            <p>{ text }</p>
            <div class="notice-actions">
                <button type="button" onclick={confirm_click}>{ confirm }</button>
                <button type="button" onclick={cancel_click}>{ cancel }</button>
            </div>
        </div>
    }
}
