//! Launcher only: everything lives in the library so tests can mount it.

/// Talc rather than the standard library's dlmalloc: a smaller allocator (docs/size.md,
/// session 8) that still reuses and merges freed memory, so a long session does not grow.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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
