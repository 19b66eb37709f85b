//! The recovery banner: a panic must never leave a dead, blank page or lose the draft.
//!
//! Yew's renderer replaces any panic hook set before it with its own, unless one is set
//! through `yew::set_custom_panic_hook`, so that is what this uses.

use std::cell::RefCell;
use std::rc::Rc;

use crate::ui::storage;
use talkback_core::proposal::Proposal;

thread_local! {
    /// The latest draft, kept so the hook can save it even though the app is gone.
    static LATEST: RefCell<Option<Rc<Proposal>>> = const { RefCell::new(None) };
}

/// Remembers the latest draft for the panic hook (cheap: an `Rc` clone).
pub fn remember(proposal: &Rc<Proposal>) {
    LATEST.with(|latest| *latest.borrow_mut() = Some(Rc::clone(proposal)));
}

/// Installs the hook that saves the draft and shows the recovery banner.
pub fn install_recovery_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Talkback stopped: {info}").into());
        let saved = LATEST.with(|latest| {
            latest
                .try_borrow()
                .ok()
                .and_then(|p| p.as_ref().map(|p| storage::save_draft(p.source()).is_ok()))
        });
        show_recovery_banner(saved.unwrap_or(true));
    }));
}

/// Puts the banner on the page with plain DOM calls (the app cannot render any more).
pub fn show_recovery_banner(draft_saved: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("recovery-banner").is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("recovery-banner");
    banner.set_class_name("recovery-banner");
    let _ = banner.set_attribute("role", "alert");
    let message = if draft_saved {
        "Something went wrong and Talkback stopped. Your draft is saved in this browser: reload the page to carry on."
    } else {
        "Something went wrong and Talkback stopped. Reload the page to carry on."
    };
    let Ok(text) = document.create_element("p") else {
        return;
    };
    text.set_text_content(Some(message));
    let Ok(link) = document.create_element("a") else {
        return;
    };
    // A plain link reloads without any inline script (the CSP allows none).
    let _ = link.set_attribute("href", "");
    link.set_class_name("button");
    link.set_text_content(Some("Reload"));
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&link);
    let _ = body.prepend_with_node_1(&banner);
}
