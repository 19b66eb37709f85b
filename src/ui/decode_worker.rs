//! Reading many feedback links at once, on two cores: the committee view sends half of
//! the links it has not read to a Web Worker (`static/decode-worker.js`, the same wasm
//! without the page) and decompresses the other half itself, at the same time.
//!
//! Only the costly, pure half of decoding ([`link::unpack`]) runs in the worker; the
//! page reads and checks every review itself ([`link::read_body`]). Whenever the worker
//! cannot be had (the one-file build from `file://`, a browser without module workers,
//! a worker that fails or does not answer within 3 s), the page unpacks
//! those links itself: a paste is always read.
//!
//! This module only wraps the browser's `Worker`: starting it, posting a request, turning
//! its answers into [`ReaderEvent`]s. What happens next (which links go where, when to
//! give up on the worker) is the committee reducer's, [`crate::ui::pages::committee_reader`].

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::ui::pages::committee_reader::ReaderEvent;
use talkback_core::link;

/// Worker entry point: [`link::unpack`] for each line of `links`, as one
/// [`link::encode_unpacked`] buffer.
#[wasm_bindgen]
pub fn worker_unpack_links(links: &str) -> Vec<u8> {
    let results: Vec<_> = links.lines().map(link::unpack).collect();
    link::encode_unpacked(&results)
}

/// Worker entry point: primes the link model before the first paste arrives.
#[wasm_bindgen]
pub fn worker_prime() {
    link::prime();
}

/// How long the page waits for the worker's answer, counted from when the page has
/// finished its own half, before it reads the links itself and stops the worker. A first
/// answer includes loading the wasm and priming the model: a tenth of a second on a
/// laptop.
pub const PATIENCE_MS: u32 = 3_000;

/// A decoding worker, terminated when dropped.
pub struct DecodeWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl DecodeWorker {
    /// Starts the worker (it loads the wasm and primes the model straight away), or
    /// `None` where there can be none: pages opened from `file://`, or browsers that
    /// refuse it. Its answers and errors go to `on_event`.
    pub fn start(on_event: impl Fn(ReaderEvent) + Clone + 'static) -> Option<DecodeWorker> {
        let window = web_sys::window()?;
        if window.location().protocol().ok()? == "file:" {
            return None;
        }
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("decode-worker.js", &options).ok()?;
        let on_message = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let Some(answer) = answer(&event.data()) {
                    on_event(answer);
                }
            })
        };
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            on_event(ReaderEvent::WorkerFailed);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        Some(DecodeWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Posts `links` to the worker as request `id`; `false` if the message could not be
    /// posted.
    pub fn post(&self, id: u32, links: &[String]) -> bool {
        let message = format!("{id}\n{}", links.join("\n")).into();
        self.worker.post_message(&message).is_ok()
    }
}

/// Reads the worker's answer, `[request number, bytes]` or `[request number, error]`:
/// the request's results, or `None` for an answer that is not a batch of results.
/// A message without a request number is ignored.
fn answer(data: &JsValue) -> Option<ReaderEvent> {
    let answer = js_sys::Array::from(data);
    let id = answer
        .get(0)
        .as_string()
        .and_then(|id| id.parse::<u32>().ok())?;
    let results = answer
        .get(1)
        .dyn_into::<js_sys::Uint8Array>()
        .ok()
        .and_then(|b| link::decode_unpacked(&b.to_vec()));
    Some(ReaderEvent::Answered { id, results })
}

impl Drop for DecodeWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
