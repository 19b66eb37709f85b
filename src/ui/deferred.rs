//! Parts of a page that are not on its first screen, made once that screen is painted:
//! the browser styles and lays out the first screen (the editor and its preview) without
//! the panels below it, which follow a frame later. A hook rather than a wrapper
//! component: each component type costs about 2 KB of wasm.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// `false` on the first render, `true` from a later task: a zero-delay timeout set after
/// the first render, which Chromium runs after painting the frame that render is due in
/// (the benchmark counts the elements in the first painted frame). No animation-frame
/// closure: its wasm costs more than the 198 bytes the size ceiling had left.
#[hook]
pub fn use_after_first_paint() -> bool {
    let shown = use_state(|| !cfg!(target_arch = "wasm32"));
    {
        let shown = shown.clone();
        use_effect_with((), move |()| {
            if !*shown {
                Timeout::new(0, move || shown.set(true)).forget();
            }
        });
    }
    *shown
}
