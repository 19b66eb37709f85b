//! Launcher only: everything lives in the library so tests can mount it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // Where the instantiated wasm starts running Rust: the start-up breakdown of
        // `cargo xtask bench-browser` (docs/performance.md).
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("talkback-main");
        }
        talkback::ui::start();
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("Talkback runs in the browser: `cargo xtask serve`, then open http://127.0.0.1:8080");
}
