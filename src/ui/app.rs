//! The root component: which view is showing — the review page, feedback opened from a
//! link, or the committee view — and the link handling that decides it.

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::components::files::open_file;
use crate::ui::components::hosted_address::local_file_notice;
use crate::ui::files::{self, ReadProblem};
#[cfg(feature = "mentoring")]
use crate::ui::mentoring::{self, Round};
use crate::ui::pages::committee::CommitteePage;
use crate::ui::pages::feedback::FeedbackPage;
#[cfg(feature = "workspace")]
use crate::ui::pages::proposals::{self, ProposalsPage, WsEvent, WsHandle};
use crate::ui::pages::review::ReviewPage;
use crate::ui::state::Replacement;
use crate::ui::storage;
use talkback_core::file::{self, FileError, MAX_FILE_BYTES};
use talkback_core::link;
#[cfg(feature = "mentoring")]
use talkback_core::revision::Stage;

/// What the page shows.
#[derive(Clone, PartialEq)]
enum View {
    Review,
    Feedback(Rc<link::Opened>),
    Committee,
    /// The workspace's list (never shown without the `workspace` feature).
    #[cfg_attr(not(feature = "workspace"), allow(dead_code))]
    Proposals,
    /// A speaker's revision, opened by the reviewer.
    #[cfg(feature = "mentoring")]
    Changes(Rc<link::rounds::Revision>),
}

/// What the address's fragment (or an opened file) held.
enum Opened {
    Nothing,
    Feedback(Rc<link::Opened>),
    Broken(Broken),
    /// A draft or a revision (mentoring).
    #[cfg(feature = "mentoring")]
    Round(mentoring::Round),
}

/// A link's payload read as what the page opens: with mentoring, links of every kind.
fn decode(payload: &str) -> Result<Opened, link::LinkError> {
    #[cfg(feature = "mentoring")]
    return link::rounds::decode_any(payload).map(|any| match any {
        link::rounds::AnyLink::Review(opened) => Opened::Feedback(Rc::new(*opened)),
        link::rounds::AnyLink::Draft(d) => Opened::Round(Round::Draft(Rc::new(d))),
        link::rounds::AnyLink::Revision(r) => Opened::Round(Round::Revision(Rc::new(r))),
    });
    #[cfg(not(feature = "mentoring"))]
    link::decode_link(payload).map(|opened| Opened::Feedback(Rc::new(opened)))
}

impl Opened {
    /// The view the app opens on.
    fn first_view(&self) -> View {
        match self {
            Opened::Feedback(shared) => View::Feedback(Rc::clone(shared)),
            #[cfg(feature = "mentoring")]
            Opened::Round(Round::Revision(r)) => View::Changes(Rc::clone(r)),
            #[cfg(feature = "mentoring")]
            Opened::Round(Round::Draft(_)) => View::Review,
            Opened::Nothing | Opened::Broken(_) => View::Review,
        }
    }
}

/// What could not be opened, and why, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Broken {
    what: &'static str,
    message: &'static str,
}

/// Fragments shorter than this are `#section` links clicked inside a rendered proposal,
/// not review links (the shortest review link is far longer).
const MIN_LINK_FRAGMENT: usize = 12;

fn read_fragment() -> Opened {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    if fragment.len() < MIN_LINK_FRAGMENT {
        return Opened::Nothing;
    }
    match decode(fragment) {
        Ok(opened) => opened,
        Err(e) => Opened::Broken(Broken {
            what: "This feedback link cannot be opened. ",
            message: e.message(),
        }),
    }
}

/// A `.talkback` file's bytes, read as the link it stands for: the same payload, caps
/// and checks as [`read_fragment`].
fn read_file_bytes(bytes: &[u8]) -> Opened {
    let broken = |message| {
        Opened::Broken(Broken {
            what: "This file cannot be opened. ",
            message,
        })
    };
    match file::read(bytes) {
        Ok(payload) => match decode(payload) {
            Ok(opened) => opened,
            Err(e) => broken(file::decode_message(e.kind())),
        },
        Err(e) => broken(e.message()),
    }
}

thread_local! {
    /// What [`read_at_start`] found, until the first render takes it.
    static AT_START: std::cell::RefCell<Option<Opened>> = const { std::cell::RefCell::new(None) };
}

/// Reads the address's fragment before Yew's first render (`ui::start`). Opening a review
/// link primes the link model, tens of milliseconds; done inside the first render, it
/// passed Yew's 16 ms deadline every time, so the scheduler yielded (a timer, and the
/// browser's style, layout and paint of the frame) between the feedback's render and its
/// effects, which attach its handlers and set its interactive mark. Read here, the same
/// work still comes before the mark, and the render starts the deadline's clock after it.
pub(crate) fn read_at_start() {
    let opened = read_fragment();
    // The review page, when it is the first view, reads what was saved here too.
    if matches!(opened.first_view(), View::Review) {
        crate::ui::pages::review::read_at_start();
    }
    AT_START.with(|at| *at.borrow_mut() = Some(opened));
}

/// The fragment the page was opened with, read before the first render so a speaker's
/// link shows its feedback at once (nothing in server-side rendering: no address there).
fn opened_at_start() -> Opened {
    if cfg!(target_arch = "wasm32") {
        AT_START
            .with(|at| at.borrow_mut().take())
            .unwrap_or_else(read_fragment)
    } else {
        Opened::Nothing
    }
}

/// Removes the fragment from the address bar (it would otherwise sit in synced history).
fn forget_fragment() {
    let window = gloo::utils::window();
    let location = window.location();
    let path = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// The workspace's parts of the page: nothing without the `workspace` feature.
#[derive(Clone)]
struct WsUi {
    /// Changes when the review page must show another item (its key).
    review_key: u32,
    #[cfg(feature = "workspace")]
    handle: WsHandle,
    #[cfg(feature = "workspace")]
    on_event: Callback<WsEvent>,
}

#[cfg(not(feature = "workspace"))]
#[hook]
fn use_workspace(view: &UseStateHandle<View>) -> WsUi {
    let _ = view;
    WsUi { review_key: 0 }
}

#[cfg(not(feature = "workspace"))]
#[allow(clippy::unused_self)]
impl WsUi {
    fn opened(&self, _: &link::Opened) {}
    fn new_review(&self, text: Option<String>) -> Result<(), Option<String>> {
        Err(text)
    }
    #[cfg(feature = "mentoring")]
    #[allow(clippy::unnecessary_wraps)]
    fn opened_draft(&self, draft: &link::rounds::Draft) -> Option<Rc<Replacement>> {
        Some(draft_replacement(draft))
    }
    #[cfg(feature = "mentoring")]
    fn review_on(
        &self,
        _: Option<talkback_core::workspace::ItemId>,
        text: String,
        _: Option<String>,
    ) -> Result<(), String> {
        Err(text)
    }
    #[cfg(feature = "mentoring")]
    fn ready(&self) -> bool {
        true
    }
    /// The single draft, when it is the speaker's own text for feedback `opened`.
    #[cfg(feature = "mentoring")]
    fn own_text(&self, opened: &link::Opened) -> Option<String> {
        let draft = storage::load_draft().ok().flatten()?;
        mentoring::draft_is_own(opened, &draft).then_some(draft)
    }
    /// Keeps the speaker's revision `text` of feedback `opened` in the single draft when
    /// the draft is theirs (never over another text); whether it did.
    #[cfg(feature = "mentoring")]
    fn keep_revision(&self, opened: &link::Opened, text: &str) -> bool {
        // (The hidden review page saved its changes ≤ 300 ms after them.)
        let draft = storage::load_draft().ok().flatten().unwrap_or_default();
        let kept = mentoring::draft_is_own(opened, &draft) && storage::save_draft(text).is_ok();
        if kept {
            mentoring::mark_own(opened, text);
        }
        kept
    }
    fn nav(&self, _: &UseStateHandle<View>) -> Html {
        Html::default()
    }
    fn bar(&self, _: bool) -> Html {
        Html::default()
    }
    fn page(&self) -> Html {
        Html::default()
    }
}

/// The workspace (issue 18): loaded before the first render; its events; J / K.
#[cfg(feature = "workspace")]
#[hook]
fn use_workspace(view: &UseStateHandle<View>) -> WsUi {
    use std::cell::Cell;
    // Loaded after the first render: the review page reads its own keys first (the
    // open item's mirror), and the list's work does not delay the editor.
    let ws = use_mut_ref(|| {
        crate::ui::workspace::Ws::in_memory(talkback_core::workspace::Workspace::default())
    });
    // (the list's version, the review page's key)
    let counters = use_mut_ref(|| (0_u32, 0_u32));
    let in_review = use_mut_ref(|| Rc::new(Cell::new(true)));
    in_review.borrow().set(matches!(**view, View::Review));
    let redraw = use_force_update();
    let on_event = {
        let (ws, counters, view) = (Rc::clone(&ws), Rc::clone(&counters), view.clone());
        Callback::from(move |event: WsEvent| {
            // Before the store is read there is nothing to act on (and nothing to save):
            // `New review`, `Next unreviewed`, J and K are done once it is.
            let ready = ws.borrow().ready;
            if !ready && matches!(event, WsEvent::Show(_) | WsEvent::Step(_)) {
                ws.borrow_mut().queued.push(event);
            }
            let remount = ready && proposals::apply(&mut ws.borrow_mut(), event);
            let mut counters = counters.borrow_mut();
            counters.0 = counters.0.wrapping_add(1);
            if remount {
                counters.1 = counters.1.wrapping_add(1);
                // An import or restore stays in the list; anything else shows the item.
                if !matches!(event, WsEvent::Reload | WsEvent::Remount) {
                    view.set(View::Review);
                }
            }
            if event == WsEvent::Imported {
                view.set(View::Proposals);
            }
            redraw.force_update();
        })
    };
    {
        let on_event = on_event.clone();
        let in_review = Rc::clone(&in_review.borrow());
        let ws = Rc::clone(&ws);
        use_effect_with((), move |()| {
            let other_tabs = Rc::new(std::cell::RefCell::new(None));
            {
                let (on_event, other_tabs) = (on_event.clone(), Rc::clone(&other_tabs));
                wasm_bindgen_futures::spawn_local(async move {
                    use crate::ui::workspace::Ws;
                    let notify: Rc<dyn Fn()> = {
                        let on_event = on_event.clone();
                        Rc::new(move || on_event.emit(WsEvent::Changed))
                    };
                    let (opened, remount) = Ws::open(Rc::clone(&notify)).await;
                    let queued = std::mem::take(&mut ws.borrow_mut().queued);
                    let pending = std::mem::take(&mut ws.borrow_mut().pending);
                    let new_review = ws.borrow_mut().pending_new.take();
                    #[cfg(feature = "mentoring")]
                    let drafts = std::mem::take(&mut ws.borrow_mut().pending_drafts);
                    *ws.borrow_mut() = opened;
                    *other_tabs.borrow_mut() = {
                        let on_event = on_event.clone();
                        Ws::listen(
                            &ws,
                            Rc::new(move |remount| {
                                on_event.emit(if remount {
                                    WsEvent::Remount
                                } else {
                                    WsEvent::Changed
                                });
                            }),
                        )
                    };
                    // Each save of the review page keeps the open item (and tells the
                    // other tabs); taking another tab's version makes the page again.
                    {
                        let on_event = on_event.clone();
                        crate::ui::workspace::on_save(Some(Rc::new(move |reload| {
                            on_event.emit(if reload {
                                WsEvent::Remount
                            } else {
                                WsEvent::Changed
                            });
                        })));
                    }
                    if !pending.is_empty() {
                        ws.borrow_mut().add_opened(&pending);
                    }
                    // A draft link opened meanwhile: its item, shown.
                    #[cfg(feature = "mentoring")]
                    let shown = {
                        let mut shown = None;
                        for draft in &drafts {
                            shown = add_draft(&mut ws.borrow_mut(), draft, Stage::Draft).or(shown);
                        }
                        shown
                    };
                    #[cfg(not(feature = "mentoring"))]
                    let shown = None;
                    // "Start a new review" pressed meanwhile: started now.
                    if let Some(text) = new_review {
                        ws.borrow_mut().new_review(text);
                        on_event.emit(WsEvent::Reload);
                    } else if shown.is_some() {
                        on_event.emit(WsEvent::Show(shown));
                    } else {
                        on_event.emit(if remount {
                            WsEvent::Remount
                        } else {
                            WsEvent::Changed
                        });
                    }
                    // `New review`, J / K pressed meanwhile, in order.
                    for event in queued {
                        on_event.emit(event);
                    }
                });
            }
            let listener = EventListener::new(&gloo::utils::window(), "keydown", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let forward = match e.key().as_str() {
                    "j" | "J" => true,
                    "k" | "K" => false,
                    _ => return,
                };
                if in_review.get() && !e.ctrl_key() && !e.meta_key() && !e.alt_key() && !typing(e) {
                    e.prevent_default();
                    on_event.emit(WsEvent::Step(forward));
                }
            });
            move || {
                crate::ui::workspace::on_save(None);
                drop((listener, other_tabs));
            }
        });
    }
    let (version, review_key) = *counters.borrow();
    WsUi {
        review_key,
        handle: WsHandle { ws, version },
        on_event,
    }
}

/// Whether a key press goes into a text field (J / K are letters there).
#[cfg(feature = "workspace")]
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if target.is_content_editable() {
        return true;
    }
    match target.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            target.get_attribute("type").as_deref(),
            Some("radio" | "checkbox" | "button" | "submit")
        ),
        _ => false,
    }
}

#[cfg(feature = "workspace")]
impl WsUi {
    /// An opened link gets its item (or the one it already made); never replaces another.
    fn opened(&self, opened: &link::Opened) {
        let mut ws = self.handle.ws.borrow_mut();
        if !ws.ready {
            // Added once the store is read.
            ws.pending.push(opened.clone());
            return;
        }
        ws.add_opened(std::slice::from_ref(opened));
        drop(ws);
        self.on_event.emit(WsEvent::Changed);
    }

    /// A fresh review (of `text`, if given) as a new item (`Err`: left to the caller).
    #[allow(clippy::unnecessary_wraps)]
    fn new_review(&self, text: Option<String>) -> Result<(), Option<String>> {
        let mut ws = self.handle.ws.borrow_mut();
        if !ws.ready {
            // Started once the store is read (as links opened meanwhile are added).
            ws.pending_new = Some(text);
            return Ok(());
        }
        ws.new_review(text);
        drop(ws);
        self.on_event.emit(WsEvent::Reload);
        Ok(())
    }

    /// A draft link: its own item (the one it already made, matched by its proposal
    /// reference; never another), its text frozen in the item's rounds, shown.
    #[cfg(feature = "mentoring")]
    #[allow(clippy::unnecessary_wraps)]
    fn opened_draft(&self, draft: &link::rounds::Draft) -> Option<Rc<Replacement>> {
        let mut ws = self.handle.ws.borrow_mut();
        if !ws.ready {
            // Made an item once the store is read (IndexedDB answers after the first
            // render): an item added now would be replaced by what the store holds.
            ws.pending_drafts.push(draft.clone());
            return None;
        }
        let id = add_draft(&mut ws, draft, Stage::Draft);
        drop(ws);
        self.on_event.emit(WsEvent::Show(id));
        None
    }

    /// A revision to review on `item`, which keeps its review; with no such item, on
    /// its own item (never over the open one), its text frozen in its rounds.
    #[cfg(feature = "mentoring")]
    #[allow(clippy::unnecessary_wraps)]
    fn review_on(
        &self,
        item: Option<talkback_core::workspace::ItemId>,
        text: String,
        code: Option<String>,
    ) -> Result<(), String> {
        let mut ws = self.handle.ws.borrow_mut();
        if let Some(id) = item.filter(|&id| ws.ws.get(id).is_some()) {
            if ws.show(Some(id)) {
                ws.problem = storage::save_draft(&text).err();
            }
            drop(ws);
            self.on_event.emit(WsEvent::Reload);
            return Ok(());
        }
        let draft = link::rounds::Draft {
            code,
            proposal: text,
            questions: Vec::new(),
        };
        let id = add_draft(&mut ws, &draft, Stage::Revision);
        drop(ws);
        self.on_event.emit(WsEvent::Show(id));
        Ok(())
    }

    /// Whether the store was read (items can be found and made).
    #[cfg(feature = "mentoring")]
    fn ready(&self) -> bool {
        self.handle.ws.borrow().ready
    }

    /// The speaker's item for feedback `opened`: the one that sent the text it answers
    /// (its rounds hold it), else the one the feedback made.
    #[cfg(feature = "mentoring")]
    fn own_item(&self, opened: &link::Opened) -> Option<talkback_core::workspace::ItemId> {
        let ws = self.handle.ws.borrow();
        let sent = opened
            .reference
            .hash
            .and_then(|h| mentoring::thread_with(&h));
        (sent.and_then(|(key, _)| mentoring::item_of(&key)))
            .or_else(|| ws.ws.find_by_reference(&opened.reference))
            .filter(|&id| ws.ready && ws.ws.get(id).is_some())
    }

    /// The text of the speaker's item for feedback `opened` (its mirror when open).
    #[cfg(feature = "mentoring")]
    fn own_text(&self, opened: &link::Opened) -> Option<String> {
        let id = self.own_item(opened)?;
        if storage::mirror() == Some(id) {
            return storage::load_draft().ok().flatten();
        }
        self.handle
            .ws
            .borrow()
            .ws
            .get(id)
            .map(talkback_core::workspace::Item::displayed_text)
    }

    /// Keeps the speaker's revision `text` of feedback `opened` as their item's text (it
    /// becomes the open item, autosaved in its mirror); whether it did.
    #[cfg(feature = "mentoring")]
    fn keep_revision(&self, opened: &link::Opened, text: &str) -> bool {
        let Some(id) = self.own_item(opened) else {
            return false;
        };
        let mut ws = self.handle.ws.borrow_mut();
        let shown = storage::mirror() != Some(id);
        if shown {
            ws.show(Some(id));
        } else if crate::ui::pages::review::flush() {
            // The page asks which tab's version to keep: nothing goes over it meanwhile.
            return false;
        }
        ws.problem = storage::save_draft(text).err();
        let kept = ws.problem.is_none();
        drop(ws);
        if shown {
            // The review page shows the speaker's item from now on.
            self.on_event.emit(WsEvent::Reload);
        }
        kept
    }

    fn nav(&self, view: &UseStateHandle<View>) -> Html {
        let onclick = {
            let (view, on_event) = (view.clone(), self.on_event.clone());
            Callback::from(move |_: MouseEvent| {
                view.set(View::Proposals);
                on_event.emit(WsEvent::Changed);
            })
        };
        html! {
            <button type="button" {onclick} aria-current={matches!(**view, View::Proposals).then_some("page")}>{ "Proposals" }</button>
        }
    }

    fn bar(&self, in_review: bool) -> Html {
        // The items not kept (the review page warns of its own keys).
        let problem = self.handle.ws.borrow().problem.clone();
        html! {
            <>
                if let Some(problem) = problem {
                    { crate::ui::components::notices::storage_warning(&problem) }
                }
                { proposals::workspace_bar(&self.handle, &self.on_event, in_review) }
            </>
        }
    }

    fn page(&self) -> Html {
        // IndexedDB answers after the first render: no list until it has.
        if !self.handle.ws.borrow().ready {
            return html! { <p role="status">{ "Opening the proposals kept in this browser…" }</p> };
        }
        html! { <ProposalsPage ws={self.handle.clone()} on_event={self.on_event.clone()} /> }
    }
}

/// Makes draft link `draft` an item of `ws` (or finds the one it made), its text frozen
/// in the item's rounds as `stage`; returns the item.
#[cfg(all(feature = "mentoring", feature = "workspace"))]
fn add_draft(
    ws: &mut crate::ui::workspace::Ws,
    draft: &link::rounds::Draft,
    stage: Stage,
) -> Option<talkback_core::workspace::ItemId> {
    ws.sync_open();
    let now = crate::ui::workspace::now();
    let id = talkback_core::workspace::migrate::add_draft(&mut ws.ws, draft, now);
    ws.save_all();
    if let Some(id) = id {
        mentoring::receive_draft(&mentoring::item_key(id), draft, stage);
    }
    id
}

/// Renders the App with `renderer` and runs its first view to the end before returning:
/// its render, its effects (the page's listeners and its interactive mark) and the
/// renders they cause, in the caller's task, so no frame comes between.
///
/// Yew 0.23 runs its queue in a microtask and, once 16 ms have passed and only effects are
/// left, yields with a timer. At start-up that put the first frame (~20 ms of font lookups,
/// style and layout) and the timer between the first view and the effects that make it
/// interactive: in up to 2 of 9 cold starts of the review page, and in most of a feedback
/// link's (docs/performance.md, session 20). Before the first view there is no input to
/// stay responsive to, so it runs without that deadline. `yew::scheduler::flush` (Yew's
/// `test` feature) is the public call that runs the queue at once: its first poll drains
/// it. It then waits only for Yew's own scheduled run, which finds nothing left, so it is
/// not polled again. After start-up Yew schedules and yields as usual.
pub fn mount(renderer: yew::Renderer<App>) -> AppHandle<App> {
    use std::future::Future as _;
    use std::task::{Context, Waker};
    let app = renderer.render();
    let mut first_view = std::pin::pin!(yew::scheduler::flush());
    let _ = first_view
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()));
    app
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let start = use_memo((), |()| opened_at_start());
    let view = use_state(|| start.first_view());
    let broken = use_state(|| match &*start {
        Opened::Broken(why) => Some(*why),
        #[cfg(feature = "mentoring")]
        Opened::Round(_) => None,
        Opened::Nothing | Opened::Feedback(_) => None,
    });
    let last_feedback = use_state(|| match &*start {
        Opened::Feedback(shared) => Some(Rc::clone(shared)),
        #[cfg(feature = "mentoring")]
        Opened::Round(_) => None,
        Opened::Nothing | Opened::Broken(_) => None,
    });
    // The review page mounts the first time it is shown: a speaker who opens a link sees
    // the feedback without the review page being built behind it. Once mounted it stays
    // (hidden while another view shows), so its state and unsaved typing are never lost.
    let review_mounted = use_mut_ref(|| false);
    if matches!(*view, View::Review) {
        *review_mounted.borrow_mut() = true;
    }
    // (With the workspace a draft link opens as its own item, once the workspace is
    // loaded: below.)
    let incoming = use_state(|| match &*start {
        #[cfg(all(feature = "mentoring", not(feature = "workspace")))]
        Opened::Round(Round::Draft(draft)) => Some(draft_replacement(draft)),
        _ => None::<Rc<Replacement>>,
    });
    let ws = use_workspace(&view);
    #[cfg(not(feature = "mentoring"))]
    let review_key = ws.review_key;
    // (Mentoring: mounted again once shown after the speaker's revision was written into
    // its draft from the feedback view.)
    #[cfg(feature = "mentoring")]
    let review_key =
        (ws.review_key).wrapping_add(mentoring::remounts(matches!(*view, View::Feedback(_))) << 16);
    // A revision opened by the reviewer, received once (frozen on its item).
    #[cfg(feature = "mentoring")]
    let received = mentoring::use_received(match &*view {
        View::Changes(revision) => Some(Rc::clone(revision)),
        _ => None,
    });
    // (Read after a revision is received just above: `Rounds` lists it.)
    #[cfg(feature = "mentoring")]
    let rounds = mentoring::rounds_received();
    #[cfg(not(feature = "mentoring"))]
    let rounds = 0;
    // Shows what a link or a file held: the same path for both.
    let show_opened = {
        let (view, broken, last_feedback) = (view.clone(), broken.clone(), last_feedback.clone());
        let ws = ws.clone();
        #[cfg(feature = "mentoring")]
        let incoming = incoming.clone();
        Callback::from(move |opened: Opened| match opened {
            #[cfg(feature = "mentoring")]
            Opened::Round(round) => {
                broken.set(None);
                match round {
                    Round::Draft(draft) => {
                        if let Some(replacement) = ws.opened_draft(&draft) {
                            incoming.set(Some(replacement));
                        }
                        view.set(View::Review);
                    }
                    Round::Revision(r) => view.set(View::Changes(r)),
                }
            }
            Opened::Nothing => {}
            Opened::Feedback(shared) => {
                storage::save_received(&shared);
                if !feedback_received(&shared) {
                    ws.opened(&shared);
                }
                last_feedback.set(Some(Rc::clone(&shared)));
                broken.set(None);
                view.set(View::Feedback(shared));
            }
            Opened::Broken(why) => {
                broken.set(Some(why));
                view.set(View::Review);
            }
        })
    };
    let on_file = {
        let show_opened = show_opened.clone();
        Callback::from(move |picked: web_sys::File| {
            let show_opened = show_opened.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let opened = match files::read_bytes(&picked, MAX_FILE_BYTES).await {
                    Ok(bytes) => read_file_bytes(&bytes),
                    Err(problem) => Opened::Broken(Broken {
                        what: "This file cannot be opened. ",
                        message: match problem {
                            ReadProblem::TooLarge => FileError::TooLarge.message(),
                            ReadProblem::Unreadable => {
                                "The browser could not read it. Check that it is still there and try again."
                            }
                        },
                    }),
                };
                show_opened.emit(opened);
            });
        })
    };
    {
        let (last_feedback, show_opened, on_file) =
            (last_feedback.clone(), show_opened.clone(), on_file.clone());
        let start = Rc::clone(&start);
        let ws = ws.clone();
        use_effect_with((), move |()| {
            let open = move || {
                let opened = read_fragment();
                if !matches!(opened, Opened::Nothing) {
                    forget_fragment();
                }
                show_opened.emit(opened);
            };
            // What the page opened with already shows: keep it and clear the address.
            match &*start {
                Opened::Feedback(shared) => {
                    storage::save_received(shared);
                    if !feedback_received(shared) {
                        ws.opened(shared);
                    }
                    forget_fragment();
                }
                Opened::Broken(_) => forget_fragment(),
                #[cfg(all(feature = "mentoring", feature = "workspace"))]
                Opened::Round(Round::Draft(draft)) => {
                    let _ = ws.opened_draft(draft);
                    forget_fragment();
                }
                #[cfg(feature = "mentoring")]
                Opened::Round(_) => forget_fragment(),
                Opened::Nothing => {
                    if let Some(shared) = storage::load_received() {
                        last_feedback.set(Some(Rc::new(shared)));
                    }
                }
            }
            let window = gloo::utils::window();
            let listener = EventListener::new(&window, "hashchange", move |_| open());
            // A file dropped anywhere on the page opens as a picked one would; text
            // dragged into a text box is left to the browser.
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let dragover = EventListener::new_with_options(&window, "dragover", options, |e| {
                if let Some(e) = e.dyn_ref::<web_sys::DragEvent>() {
                    if files::drags_files(e) {
                        e.prevent_default();
                    }
                }
            });
            let on_drop = EventListener::new_with_options(&window, "drop", options, move |e| {
                if let Some(e) = e.dyn_ref::<web_sys::DragEvent>() {
                    if let Some(dropped) = files::dropped_file(e) {
                        e.prevent_default();
                        on_file.emit(dropped);
                    }
                }
            });
            move || drop((listener, dragover, on_drop))
        });
    }
    let show_review = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(View::Review))
    };
    let show_feedback = {
        let view = view.clone();
        let last = last_feedback.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(shared) = (*last).clone() {
                view.set(View::Feedback(shared));
            }
        })
    };
    let show_committee = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(View::Committee))
    };
    let dismiss = {
        let broken = broken.clone();
        Callback::from(move |_: MouseEvent| broken.set(None))
    };
    let on_new_review = {
        let (view, incoming, ws) = (view.clone(), incoming.clone(), ws.clone());
        Callback::from(move |proposal: Option<String>| {
            // With the workspace, a fresh item: nothing to replace, no question.
            let Err(proposal) = ws.new_review(proposal) else {
                view.set(View::Review);
                return;
            };
            if let Some(text) = proposal {
                incoming.set(Some(Rc::new(Replacement {
                    what: "the proposal from the feedback link".into(),
                    text,
                    fresh_review: true,
                })));
            }
            view.set(View::Review);
        })
    };
    #[cfg(feature = "mentoring")]
    let changes = match (&*view, &*received) {
        (View::Changes(revision), Some(received)) => {
            let (view, incoming, ws) = (view.clone(), incoming.clone(), ws.clone());
            let code = revision.code.clone();
            let ready = ws.ready();
            let on_review = Callback::from(move |(text, item)| {
                // On the item that received the version revised, its review kept; else
                // on its own item, or (no workspace) on the page, the review kept.
                if let Err(text) = ws.review_on(item, text, code.clone()) {
                    incoming.set(Some(Rc::new(Replacement {
                        what: "the revised proposal".into(),
                        text,
                        fresh_review: false,
                    })));
                }
                view.set(View::Review);
            });
            mentoring::changes_view(revision, received, &on_review, ready)
        }
        _ => Html::default(),
    };
    #[cfg(not(feature = "mentoring"))]
    let changes = Html::default();
    // The speaker's own text for the feedback shown, and keeping their revision there.
    #[cfg(feature = "mentoring")]
    let (own_text, on_revised) = {
        // (Not the reviewer's own link: edits beside it are a copy, never kept.)
        let opened = match &*view {
            View::Feedback(opened) if !mentoring::made_here(opened) => Some(Rc::clone(opened)),
            _ => None,
        };
        let own_text = {
            let (ws, opened) = (ws.clone(), opened.clone());
            Callback::from(move |()| opened.as_deref().and_then(|o| ws.own_text(o)))
        };
        let on_revised = {
            let (ws, incoming) = (ws.clone(), incoming.clone());
            Callback::from(move |text: String| {
                let kept = opened
                    .as_deref()
                    .is_some_and(|o| ws.keep_revision(o, &text));
                if kept {
                    mentoring::review_is_stale();
                    // A replacement asked for earlier is not asked again on remount.
                    if incoming.is_some() {
                        incoming.set(None);
                    }
                } else if let Some(o) = opened
                    .as_deref()
                    .filter(|_| cfg!(not(feature = "workspace")))
                {
                    // The single draft is another text: the review page asks before the
                    // revision replaces it (then it is the speaker's own).
                    mentoring::mark_own(o, &text);
                    incoming.set(Some(Rc::new(Replacement {
                        what: "your revised proposal".into(),
                        text,
                        fresh_review: false,
                    })));
                }
            })
        };
        (own_text, on_revised)
    };
    let feedback_page = match &*view {
        // (Mentoring: keyed by the link, so another link opened here starts afresh, never
        // with the previous one's revision.)
        #[cfg(feature = "mentoring")]
        View::Feedback(shared) => {
            let key = Rc::as_ptr(shared) as usize;
            html! { <FeedbackPage {key} opened={Rc::clone(shared)} {on_new_review} {own_text} {on_revised} /> }
        }
        #[cfg(not(feature = "mentoring"))]
        View::Feedback(shared) => {
            html! { <FeedbackPage opened={Rc::clone(shared)} {on_new_review} /> }
        }
        _ => Html::default(),
    };
    let current = |v: &View| if *view == *v { Some("page") } else { None };
    html! {
        <div class="app">
            <header class="app-header">
                <h1 class="app-title">{ "Talkback" }</h1>
                <p class="app-tagline">{ "Review a talk proposal. Everything stays in this browser." }</p>
                <nav class="app-nav" aria-label="Views">
                    <button type="button" onclick={show_review} aria-current={current(&View::Review)}>{ "Review" }</button>
                    <button type="button" onclick={show_committee} aria-current={current(&View::Committee)}>{ "Committee" }</button>
                    { open_file(&on_file) }
                    { ws.nav(&view) }
                    if last_feedback.is_some() {
                        <button type="button" onclick={show_feedback}
                                aria-current={matches!(*view, View::Feedback(_)).then_some("page")}>{ "Feedback" }</button>
                    }
                </nav>
            </header>
            { local_file_notice() }
            if let Some(why) = *broken {
                <div class="notice notice-warning link-alert" role="alert">
                    <p><strong>{ why.what }</strong>{ why.message }</p>
                    <p>{ "Your own draft and review are untouched." }</p>
                    <button type="button" onclick={dismiss}>{ "Start a new review" }</button>
                </div>
            }
            if *review_mounted.borrow() {
                <div hidden={!matches!(*view, View::Review)}>
                    { ws.bar(matches!(*view, View::Review)) }
                    <ReviewPage key={review_key} incoming={(*incoming).clone()} {rounds} />
                </div>
            }
            { feedback_page }
            if *view == View::Committee {
                <CommitteePage />
            }
            if matches!(*view, View::Proposals) {
                { ws.page() }
            }
            { changes }
        </div>
    }
}

/// Feedback on a text an item sent (mentoring): kept in its rounds; whether it is that
/// item's (then no item is added for it).
fn feedback_received(opened: &link::Opened) -> bool {
    #[cfg(feature = "mentoring")]
    return mentoring::feedback_received(opened);
    #[cfg(not(feature = "mentoring"))]
    {
        let _ = opened;
        false
    }
}

/// The review page's new draft from a draft link: the text as received (frozen).
#[cfg(all(feature = "mentoring", not(feature = "workspace")))]
fn draft_replacement(draft: &link::rounds::Draft) -> Rc<Replacement> {
    Rc::new(Replacement {
        what: "the draft from the link".into(),
        text: mentoring::receive_draft(&mentoring::open_key(), draft, Stage::Draft),
        fresh_review: true,
    })
}
