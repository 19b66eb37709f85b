//! A proposal's textbox: the review page's `Proposal` and the feedback page's revision of
//! the proposal shared. A keystroke's frame holds the textbox's own echo and nothing
//! else: the page hears of the new text in the task after that frame is painted (or, in
//! a burst of keystrokes, once they pause), and only then parses it, previews it and
//! renders the detected fields (docs/performance.md, session 13).
//!
//! Until the page has heard, the textbox holds text the page's state does not. Nothing is
//! lost in between: the page renders the textbox again only when its own text changes
//! (to what it was just told, or to a replacement the user chose), leaving a newer
//! keystroke alone; leaving the textbox or hiding the page tells the page at once, before
//! a click elsewhere acts or the tab goes; and the review page's saving reads the textbox
//! itself (its `save_latest`).
//!
//! While it is typed into, the passages painted in the page (blind-review findings,
//! commented passages, a shown finding) are kept off it until typing pauses
//! ([`highlight::hold_while_typing`]): Chromium would rebuild and repaint them in every
//! keystroke's frame.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast as _;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::ui::{highlight, idle};

/// Keystrokes closer together than this are a burst (a held key, a fast run of
/// letters): the page hears of them once they pause this long. A frame drawn between
/// two quick keystrokes would keep the next one waiting for the frame clock.
pub const BURST_PAUSE_MS: u32 = 100;

/// Props of [`ProposalEditor`].
#[derive(Properties, PartialEq)]
pub struct ProposalEditorProps {
    /// The text as the page has it.
    pub text: AttrValue,
    /// The textbox's whole text, told after the keystroke's frame (same text: no call).
    pub on_edit: Callback<String>,
    /// The textbox, for reading what it holds when saving.
    pub node_ref: NodeRef,
    /// The textbox's id (its `<label for>` names it).
    pub id: AttrValue,
    /// The id of the hint that describes it.
    pub described_by: AttrValue,
    /// Shown while it is empty.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

/// When the page is next told of the typing.
#[derive(Default)]
struct Telling {
    /// When the last keystroke came (`Date.now()`).
    last_keystroke: Option<f64>,
    /// The textbox holds text the page was not told of.
    untold: bool,
    /// The pending telling (a burst's replaces the one before; dropping it cancels it).
    pending: Option<Timeout>,
}

/// The proposal textbox (its accessible name comes from the page's `<label for>` its id).
#[component]
pub fn ProposalEditor(props: &ProposalEditorProps) -> Html {
    let telling = use_mut_ref(Telling::default);
    // Tells the page what the textbox holds now: the latest text, however many
    // keystrokes came since this was scheduled.
    let tell = {
        let (area, on_edit) = (props.node_ref.clone(), props.on_edit.clone());
        let told = Rc::clone(&telling);
        use_memo(on_edit, move |on_edit| {
            let on_edit = on_edit.clone();
            Rc::new(move || {
                // Already told (on leaving the textbox, or by an earlier timeout).
                if !std::mem::take(&mut told.borrow_mut().untold) {
                    return;
                }
                if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                    on_edit.emit(area.value());
                }
            }) as Rc<dyn Fn()>
        })
    };
    let oninput = {
        let (telling, tell) = (Rc::clone(&telling), Rc::clone(&*tell));
        Callback::from(move |_: InputEvent| {
            let now = js_sys::Date::now();
            // The passages painted in the page wait for a pause in typing.
            highlight::hold_while_typing(now);
            schedule(&telling, &tell, now);
        })
    };
    // Leaving the textbox tells at once: whatever is clicked next acts on this text, and
    // the passages painted come back.
    let onblur = {
        let (telling, tell) = (Rc::clone(&telling), Rc::clone(&*tell));
        Callback::from(move |_: FocusEvent| {
            tell_now(&telling, &tell);
            highlight::put_back();
        })
    };
    // So does hiding the page (a switch of tabs, the tab closed), which paints no more
    // frames: the page keeps what was typed before it goes.
    {
        let tell = Rc::clone(&*tell);
        use_effect_with(props.on_edit.clone(), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::document(), "visibilitychange", {
                    move |_| {
                        if gloo::utils::document().hidden() {
                            tell_now(&telling, &tell);
                        }
                    }
                });
            move || drop(listener)
        });
    }
    html! {
        <textarea
            ref={props.node_ref.clone()}
            id={props.id.clone()}
            class="proposal-input"
            aria-describedby={props.described_by.clone()}
            spellcheck="true"
            placeholder={props.placeholder.clone()}
            value={props.text.clone()}
            {oninput}
            {onblur} />
    }
}

/// Tells the page at once what the textbox holds, if it was not told yet.
fn tell_now(telling: &RefCell<Telling>, tell: &Rc<dyn Fn()>) {
    telling.borrow_mut().pending = None;
    tell();
}

/// Schedules telling the page after a keystroke made at `now` (`Date.now()`): after the
/// next frame, when idle; after [`BURST_PAUSE_MS`] in a burst; at once on a hidden page,
/// which paints no frames.
fn schedule(telling: &Rc<RefCell<Telling>>, tell: &Rc<dyn Fn()>, now: f64) {
    let previous = {
        let mut telling = telling.borrow_mut();
        telling.untold = true;
        telling.last_keystroke.replace(now)
    };
    if previous.is_some_and(|t| now - t < f64::from(BURST_PAUSE_MS)) {
        let tell = Rc::clone(tell);
        telling.borrow_mut().pending = Some(Timeout::new(BURST_PAUSE_MS, move || tell()));
    } else if gloo::utils::document().hidden() {
        tell();
    } else {
        // The keystroke's frame holds only its echo: the page hears once that frame is
        // committed and nothing more pressing waits (at most a burst's pause later).
        let tell = Rc::clone(tell);
        let after_frame =
            Closure::once_into_js(move || idle::when_idle(BURST_PAUSE_MS, move || tell()));
        let _ = gloo::utils::window().request_animation_frame(after_frame.unchecked_ref());
    }
}
