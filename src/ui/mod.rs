//! The browser side: Yew components, one reducer per page, and the effects that touch
//! storage, timers and the page. Business rules live in [`talkback_core`]; this layer
//! only wires them to the DOM.

pub mod app;
pub mod clipboard;
pub mod components;
pub mod decode_worker;
pub mod disclosure;
pub mod files;
pub mod highlight;
// Not behind `workspace`: its browser tests run with the released build's features
// (the release build holds none of it, nothing calling it).
pub mod idb;
pub mod idle;
pub mod link_base;
#[cfg(feature = "mentoring")]
pub mod mentoring;
pub mod pages;
pub mod panic;
pub mod state;
pub mod storage;
#[cfg(feature = "workspace")]
pub mod workspace;

/// Starts the app on the page's `<body>`. Called by the binary's `main`, also when the
/// wasm is loaded into the committee's decoding worker, where there is no page and it
/// does nothing.
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    panic::install_recovery_hook();
    app::read_at_start();
    app::mount(yew::Renderer::<app::App>::new());
}
