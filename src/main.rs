//! Launcher only: everything lives in the library so tests can mount it.

fn main() {
    #[cfg(target_arch = "wasm32")]
    talkback::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("Talkback runs in the browser: `cargo xtask serve`, then open http://127.0.0.1:8080");
}
