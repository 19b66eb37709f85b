//! The floor `cargo xtask bench-browser` measures Talkback's start-up against: the least a
//! Yew page can do to show a Markdown draft — read it from `localStorage` (the same key as
//! the app), render it with pulldown-cmark, and mark itself interactive after its first
//! render, as the app does. A textbox edits it. No stylesheet, no checks, no link model.
//! Built twice: as stock Yew schedules it, and (`to-the-end`) with its first render run
//! before `main` returns, as the app starts.

use wasm_bindgen::JsCast as _;
use yew::prelude::*;

/// The app's draft key and its interactive mark, so both pages are timed the same way.
const DRAFT_KEY: &str = "talkback.draft.v1";
const INTERACTIVE_MARK: &str = "talkback-interactive";

fn saved_draft() -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
        .unwrap_or_default()
}

fn render(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    html
}

#[component]
fn Baseline() -> Html {
    let text = use_state(saved_draft);
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(INTERACTIVE_MARK);
        }
    });
    let on_input = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                text.set(area.value());
            }
        })
    };
    // The draft's own Markdown, rendered without raw HTML passing through: pulldown-cmark's
    // output of text the benchmark itself wrote.
    let preview = Html::from_html_unchecked(AttrValue::from(render(&text)));
    html! {
        <main>
            <textarea id="proposal" aria-label="Proposal" rows="30" cols="80"
                value={(*text).clone()} oninput={on_input} />
            <article>{ preview }</article>
        </main>
    }
}

fn main() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("talkback-main");
    }
    yew::Renderer::<Baseline>::new().render();
    // Built with `to-the-end`: the first render and its effects run now, as the app's do
    // (its `app::mount`), so the page never yields before its mark.
    #[cfg(feature = "to-the-end")]
    {
        use std::future::Future as _;
        let mut first = std::pin::pin!(yew::scheduler::flush());
        let _ = first
            .as_mut()
            .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
    }
}
