//! Reading many feedback links at once, on two cores: the committee view sends half of
//! the links it has not read to a Web Worker (`static/decode-worker.js`, the same wasm
//! without the page) and decompresses the other half itself, at the same time.
//!
//! Only the costly, pure half of decoding ([`link::unpack`]) runs in the worker; the
//! page reads and checks every review itself ([`link::read_body`]). Whenever the worker
//! cannot be had (the one-file build from `file://`, a browser without module workers,
//! a worker that fails or does not answer within 3 s), the page unpacks
//! those links itself: a paste is always read.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use talkback_core::link::{self, LinkError};

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

/// Each link with what [`link::unpack`] made of it.
pub type Unpacked = Vec<(String, Result<Vec<u8>, LinkError>)>;

type Done = Box<dyn FnOnce(Unpacked)>;

/// How long the page waits for the worker's answer, counted from when the page has
/// finished its own half, before it reads the links itself and stops the worker. A first
/// answer includes loading the wasm and priming the model: a tenth of a second on a
/// laptop.
const PATIENCE_MS: u32 = 3_000;

struct Request {
    id: u32,
    links: Vec<String>,
    done: Done,
    /// Fires [`Waiting::fail_all`] when the worker takes too long; cancelled when dropped.
    timer: Option<Timeout>,
}

struct Waiting {
    next_id: u32,
    requests: Vec<Request>,
    /// The worker; `None` once it has failed (and been stopped).
    worker: Option<Worker>,
}

impl Waiting {
    /// Stops the worker: later requests are unpacked here.
    fn stop(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.terminate();
        }
    }

    /// The worker failed or stopped answering: it is stopped, and every waiting request
    /// is unpacked here instead, as is every later one.
    fn fail_all(state: &RefCell<Waiting>) {
        let requests: Vec<_> = {
            let mut state = state.borrow_mut();
            state.stop();
            state.requests.drain(..).collect()
        };
        for request in requests {
            (request.done)(unpack_here(request.links));
        }
    }
}

fn unpack_here(links: Vec<String>) -> Unpacked {
    links
        .into_iter()
        .map(|l| {
            let unpacked = link::unpack(&l);
            (l, unpacked)
        })
        .collect()
}

/// A decoding worker, terminated when dropped.
pub struct DecodeWorker {
    state: Rc<RefCell<Waiting>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl DecodeWorker {
    /// Starts the worker (it loads the wasm and primes the model straight away), or
    /// `None` where there can be none: pages opened from `file://`, or browsers that
    /// refuse it.
    pub fn start() -> Option<DecodeWorker> {
        let window = web_sys::window()?;
        if window.location().protocol().ok()? == "file:" {
            return None;
        }
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("decode-worker.js", &options).ok()?;
        let state = Rc::new(RefCell::new(Waiting {
            next_id: 0,
            requests: Vec::new(),
            worker: Some(worker.clone()),
        }));
        let on_message = {
            let state = state.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                answer(&state, &event.data());
            })
        };
        let on_error = {
            let state = state.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| Waiting::fail_all(&state))
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        Some(DecodeWorker {
            state,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Unpacks `links` in the worker and calls `done` with the results, later; or
    /// unpacks them here, now, if the worker has failed.
    pub fn unpack(&self, links: Vec<String>, done: impl FnOnce(Unpacked) + 'static) {
        let sent = {
            let mut state = self.state.borrow_mut();
            let id = state.next_id.wrapping_add(1);
            state.next_id = id;
            let message = format!("{id}\n{}", links.join("\n")).into();
            match state.worker.as_ref().map(|w| w.post_message(&message)) {
                Some(Ok(())) => Some(id),
                Some(Err(_)) => {
                    state.stop();
                    None
                }
                None => None,
            }
        };
        if let Some(id) = sent {
            self.state.borrow_mut().requests.push(Request {
                id,
                links,
                done: Box::new(done),
                timer: None,
            });
            // The clock starts once the page's current task (reading its own half of the
            // links) is over: a timeout of 0 runs no sooner.
            let state = Rc::downgrade(&self.state);
            Timeout::new(0, move || start_clock(&state, id)).forget();
        } else {
            done(unpack_here(links));
        }
    }
}

/// Gives request `id`, if it is still waiting, [`PATIENCE_MS`] to be answered.
fn start_clock(state: &Weak<RefCell<Waiting>>, id: u32) {
    let Some(strong) = state.upgrade() else {
        return;
    };
    let timer = {
        let state = state.clone();
        Timeout::new(PATIENCE_MS, move || {
            if let Some(state) = state.upgrade() {
                Waiting::fail_all(&state);
            }
        })
    };
    let mut waiting = strong.borrow_mut();
    if let Some(request) = waiting.requests.iter_mut().find(|r| r.id == id) {
        request.timer = Some(timer);
    }
}

/// Handles the worker's answer: `[request number, bytes]` or `[request number, error]`.
fn answer(state: &RefCell<Waiting>, data: &JsValue) {
    let answer = js_sys::Array::from(data);
    let Some(id) = answer
        .get(0)
        .as_string()
        .and_then(|id| id.parse::<u32>().ok())
    else {
        return;
    };
    let Request { links, done, .. } = {
        let mut state = state.borrow_mut();
        let Some(at) = state.requests.iter().position(|r| r.id == id) else {
            return;
        };
        state.requests.remove(at)
    };
    let batch = answer
        .get(1)
        .dyn_into::<js_sys::Uint8Array>()
        .ok()
        .and_then(|b| link::decode_unpacked(&b.to_vec()))
        .filter(|results| results.len() == links.len());
    if let Some(results) = batch {
        done(links.into_iter().zip(results).collect());
    } else {
        // An error in the worker, or an answer that does not fit: read them here, and
        // the rest too, without it.
        done(unpack_here(links));
        Waiting::fail_all(state);
    }
}

impl Drop for DecodeWorker {
    fn drop(&mut self) {
        self.state.borrow_mut().stop();
    }
}
