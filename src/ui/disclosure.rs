//! `<details>` whose contents are made only while open.

use yew::prelude::*;

/// Whether a `<details>` is open, and the `ontoggle` handler that keeps it up to date:
/// content that is costly to make (a QR code, a compressed link) is made only while
/// the reader has it open.
#[hook]
pub fn use_disclosure() -> (bool, Callback<Event>) {
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(
                e.target_unchecked_into::<web_sys::HtmlDetailsElement>()
                    .open(),
            );
        })
    };
    (*open, on_toggle)
}
