//! For the one-file build opened from disk: the hosted address links point at (asked
//! once, kept in local storage), and the plain warning that any other local HTML file can
//! read what this page stores. Renders nothing on the hosted site or when the build has
//! its address.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::link_base::{link_base, runs_from_file, LinkBase};
use crate::ui::storage;
use talkback_core::reach::hosted_address;

/// The `Hosted address` field of the one-file build; `on_saved` is told when the address
/// was saved (links should be made again). A hook that returns the markup rather than a
/// component: its state lives in the share panel, which always shows it (docs/size.md).
#[hook]
pub fn use_hosted_address(on_saved: &Callback<()>) -> Html {
    let base = use_state(link_base);
    let typed = use_state(|| base.address().to_owned());
    let problem = use_state(|| None::<&'static str>);
    let editing = use_state(|| false);
    if !runs_from_file() || !matches!(*base, LinkBase::Unset | LinkBase::Chosen(_)) {
        return html! {};
    }
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onsubmit = {
        let (typed, problem, base, editing) = (
            typed.clone(),
            problem.clone(),
            base.clone(),
            editing.clone(),
        );
        let on_saved = on_saved.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match hosted_address(&typed) {
                Ok(address) => {
                    let kept = storage::save_base_url(&address).is_ok();
                    problem.set((!kept).then_some(
                        "This browser would not keep the address: it is used until the page is closed.",
                    ));
                    typed.set(address.clone());
                    base.set(LinkBase::Chosen(address));
                    editing.set(false);
                    on_saved.emit(());
                }
                Err(e) => problem.set(Some(e.message())),
            }
        })
    };
    let on_change = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(true))
    };
    let chosen = match &*base {
        LinkBase::Chosen(a) if !*editing => Some(a.clone()),
        _ => None,
    };
    html! {
        <div class="hosted-address">
            if let Some(address) = chosen {
                <p class="hint">{ "Links point at the hosted Talkback: " }<span class="address">{ address }</span>{ " " }
                    <button type="button" onclick={on_change}>{ "Change address" }</button></p>
            } else {
                <form class="hosted-address-form" {onsubmit}>
                    <label for="hosted-address">{ "Hosted address" }</label>
                    <p class="hint" id="hosted-address-hint">{ "The web address where Talkback is published (for example https://talkback.example/). Links you make point there; it is asked once and kept in this browser." }</p>
                    <input id="hosted-address" type="url" value={(*typed).clone()} {oninput}
                           aria-describedby="hosted-address-hint" autocomplete="url" placeholder="https://" />
                    <button type="submit">{ "Use this address" }</button>
                </form>
            }
            if let Some(message) = *problem {
                <p class="notice notice-warning" role="alert">{ message }</p>
            }
        </div>
    }
}

/// The one-file build's plain warning about local storage, shown only when the page runs
/// from a file (a function, not a component: it has no state).
pub fn local_file_notice() -> Html {
    if !runs_from_file() {
        return html! {};
    }
    html! {
        <p class="notice notice-info local-file-notice">
            { "You opened Talkback from a file on this computer. What it stores here (your draft, reviews, the hosted address) can be read and changed by any other HTML file you open from your disk in this browser. Use the hosted Talkback for reviews you must keep private." }
        </p>
    }
}
