//! Parts of a page that are not on its first screen, made once that screen is painted.

use yew::prelude::*;

/// Props of [`Deferred`].
#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    /// What to render once the page's first frame is on screen.
    pub children: Html,
}

/// Renders its children only after the page's first frame has been painted, so the
/// browser styles and lays out the first screen (the editor and its preview) without
/// the panels below it; they follow a frame later. Server-side rendering (no frames)
/// renders them at once.
#[component]
pub fn Deferred(props: &DeferredProps) -> Html {
    if use_after_first_paint() {
        props.children.clone()
    } else {
        Html::default()
    }
}

/// `false` on the first render, `true` from the task after the next frame has been
/// painted (a `requestAnimationFrame` callback runs before that frame's style and
/// layout; a timeout set from it runs after the frame).
#[hook]
pub fn use_after_first_paint() -> bool {
    let shown = use_state(|| !cfg!(target_arch = "wasm32"));
    {
        let shown = shown.clone();
        use_effect_with((), move |()| {
            let frame = (!*shown).then(|| {
                gloo::render::request_animation_frame(move |_| {
                    gloo::timers::callback::Timeout::new(0, move || shown.set(true)).forget();
                })
            });
            move || drop(frame)
        });
    }
    *shown
}
