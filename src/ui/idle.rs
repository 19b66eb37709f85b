//! Work that can wait for the browser to be idle: after the frame being drawn is
//! committed, when no input or other task is waiting.

use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast as _;

/// Runs `work` once the browser is idle (an idle callback, at most `timeout_ms` later),
/// or in a task of its own where there are no idle callbacks (Safari). Asked for in a
/// frame's rAF, it runs after that frame is committed.
pub fn when_idle(timeout_ms: u32, work: impl FnOnce() + 'static) {
    // Shared by the idle callback and the fallback timer; whichever runs takes it.
    let work = Rc::new(Cell::new(Some(work)));
    let idle = Closure::once_into_js({
        let work = Rc::clone(&work);
        move || run_once(&work)
    });
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(timeout_ms);
    let asked =
        gloo::utils::window().request_idle_callback_with_options(idle.unchecked_ref(), &options);
    if asked.is_err() {
        Timeout::new(0, move || run_once(&work)).forget();
    }
}

fn run_once(work: &Cell<Option<impl FnOnce()>>) {
    if let Some(work) = work.take() {
        work();
    }
}
