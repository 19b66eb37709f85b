//! The workspace's views (issue 18): the `Proposals` list with its search, filters and
//! sort, imports, exports and backups, and the bar above the review page (progress,
//! `Next unreviewed`, `New review`, `Reveal speakers`). The items live in
//! [`crate::ui::workspace::Ws`], which the app owns; these only render it and report
//! what the user asked for.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ui::files::{self, ReadProblem};
use crate::ui::workspace::{now, Removed, Ws};
use talkback_core::exchange;
use talkback_core::workspace::list::{self, Filter, Sort};
use talkback_core::workspace::out::Out;
use talkback_core::workspace::{backup, format_time, tally, Item, ItemId, State, Workspace};

/// The workspace as the views see it: the shared store, and a counter the app bumps
/// whenever it changed (so the views render again).
#[derive(Clone)]
pub struct WsHandle {
    /// The workspace.
    pub ws: Rc<RefCell<Ws>>,
    /// Changes when the workspace did.
    pub version: u32,
}

impl PartialEq for WsHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.ws, &other.ws) && self.version == other.version
    }
}

/// What the user asked the app to do with the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WsEvent {
    /// Review this item (`None`: a fresh review).
    Show(Option<ItemId>),
    /// The next (`true`) or previous unreviewed item in the queue.
    Step(bool),
    /// Show the open item's speakers.
    Reveal,
    /// The open item changed under the review page (import, restore): show it again
    /// (not while the page waits for the other-tab choice: it keeps its version).
    Reload,
    /// Show the open item again from its keys, whatever the page holds (start-up, or
    /// the page took another tab's version).
    Remount,
    /// Something in the workspace changed: render again.
    Changed,
    /// The review page's bar imported proposals: show the list.
    Imported,
    /// The open item was deleted in another tab: keep this tab's copy as a new item
    /// (`true`), or leave it deleted.
    Orphan(bool),
}

/// Does what `event` asks; returns whether the review page must show another item.
pub fn apply(ws: &mut Ws, event: WsEvent) -> bool {
    match event {
        WsEvent::Show(id) => ws.show(id),
        WsEvent::Step(forward) => {
            ws.sync_open();
            let from = ws.ws.open;
            let next = if forward {
                ws.ws.next_unreviewed(from)
            } else {
                ws.ws.previous_unreviewed(from)
            };
            next.is_some() && ws.show(next)
        }
        // (Not while the page waits for the other-tab choice: it would be made again.)
        WsEvent::Reveal if crate::ui::workspace::waiting() => false,
        WsEvent::Reveal => {
            ws.sync_open();
            let open = ws.ws.open;
            if let Some(item) = open.and_then(|id| ws.ws.get_mut(id)) {
                item.revealed = true;
                // Newer: other tabs take it in (an older copy is ignored there).
                item.changed = now();
            }
            ws.save_all();
            ws.load(open);
            true
        }
        WsEvent::Reload => !crate::ui::workspace::waiting(),
        WsEvent::Remount => true,
        WsEvent::Changed => {
            ws.sync_open();
            false
        }
        WsEvent::Imported => false,
        WsEvent::Orphan(true) => ws.keep_orphan(),
        WsEvent::Orphan(false) => {
            ws.orphan = None;
            false
        }
    }
}

/// Props of [`ProposalsPage`].
#[derive(Properties, PartialEq)]
pub struct WsProps {
    /// The workspace.
    pub ws: WsHandle,
    /// What the user asked for.
    pub on_event: Callback<WsEvent>,
}

fn progress(ws: &WsHandle) -> String {
    ws.ws.borrow().ws.progress_text()
}

fn button(on_event: &Callback<WsEvent>, label: &'static str, event: WsEvent) -> Html {
    html! { <button type="button" onclick={on_event.reform(move |_: MouseEvent| event)}>{ label }</button> }
}

/// The review page's bar: where the reviewer is in the queue, and the way on; with no
/// proposal kept yet (the first visit), `Import proposals` too, which shows the list.
/// A function, not a component: the app renders it again whenever the workspace changed.
pub fn workspace_bar(handle: &WsHandle, on_event: &Callback<WsEvent>, in_review: bool) -> Html {
    let ws = handle.ws.borrow();
    let import_here = (in_review && ws.ready && ws.ws.items.is_empty()).then(|| {
        let (ws, on_event) = (Rc::clone(&handle.ws), on_event.clone());
        let on_file = Callback::from(move |file: web_sys::File| {
            let (ws, on_event) = (Rc::clone(&ws), on_event.clone());
            let said = {
                let ws = Rc::clone(&ws);
                Box::new(move |said| {
                    ws.borrow_mut().said = Some(said);
                    on_event.emit(WsEvent::Imported);
                })
            };
            read_file(file, exchange::MAX_IMPORT_BYTES, ws, import, said);
        });
        picker("Import proposals", IMPORTS, on_file)
    });
    let hidden = ws.ws.open_item().is_some_and(Item::hides_speakers);
    let code = ws.ws.open_item().and_then(|i| i.code.clone());
    let (changed, withdrawn) = ws
        .ws
        .open_item()
        .map_or((false, false), |i| (i.changed_since_review, i.withdrawn));
    let orphan = ws.orphan.as_ref().map(|item| item.display_title(true));
    html! {
        <>
        if let Some(title) = orphan {
            <div class="notice notice-warning" role="status">
                <p>{ format!("“{title}” was deleted in another tab. This tab's copy is not kept unless you keep it.") }</p>
                <p class="notice-actions">
                    { button(on_event, "Keep as a new proposal", WsEvent::Orphan(true)) }
                    { button(on_event, "Leave it deleted", WsEvent::Orphan(false)) }
                </p>
            </div>
        }
        <nav class="workspace-bar notice-actions" aria-label="Queue">
            <span class="progress">{ ws.ws.progress_text() }</span>
            if let Some(code) = code { <span>{ code }</span> }
            if withdrawn { <strong>{ "withdrawn" }</strong> }
            if changed { <strong>{ CHANGED }</strong> }
            { button(on_event, "Next unreviewed", WsEvent::Step(true)) }
            { button(on_event, "New review", WsEvent::Show(None)) }
            if hidden { { button(on_event, "Reveal speakers", WsEvent::Reveal) } }
            { import_here }
        </nav>
        </>
    }
}

/// What `Import proposals` reads.
const IMPORTS: &str = ".json,.csv,.md,.markdown,.txt,text/plain";

/// Reads a picked file, then runs `run` on the workspace with its name and bytes (or
/// says why not), and hands what that said to `said`. (Not generic: one copy.)
fn read_file(
    file: web_sys::File,
    max: usize,
    ws: Rc<RefCell<Ws>>,
    run: fn(&Rc<RefCell<Ws>>, &str, &[u8]) -> String,
    said: Box<dyn FnOnce(String)>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let message = match files::read_bytes(&file, max).await {
            Ok(bytes) => run(&ws, &file.name(), &bytes),
            Err(ReadProblem::TooLarge) => "This file is too large to read.".to_owned(),
            Err(ReadProblem::Unreadable) => "The browser could not read this file.".to_owned(),
        };
        said(message);
    });
}

/// Runs `change` on the workspace (brought up to date with the review page first),
/// keeps every item and shows the open one again; returns `change`'s message.
fn changing(ws: &Rc<RefCell<Ws>>, change: impl FnOnce(&mut Workspace) -> String) -> String {
    let mut ws = ws.borrow_mut();
    ws.sync_open();
    let message = change(&mut ws.ws);
    ws.save_all();
    let open = ws.ws.open;
    ws.load(open);
    message
}

/// Imports `bytes` (a CFP export, a Markdown file of proposals) into the workspace.
fn import(ws: &Rc<RefCell<Ws>>, name: &str, bytes: &[u8]) -> String {
    match exchange::import(name, bytes) {
        Ok(read) => changing(ws, |ws| {
            let mut message = ws.import(&read, now()).0.message();
            for note in &read.notes {
                message.push(' ');
                message.push_str(note);
                message.push('.');
            }
            if !read.is_complete() {
                message.push_str(" This export has more pages: import the next one too.");
            }
            message
        }),
        Err(e) => e.message(),
    }
}

/// `Import HotCRP forms`: the forms' scores and comments into the items they name.
fn import_forms(ws: &Rc<RefCell<Ws>>, _: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    changing(ws, |ws| {
        ws.import_forms(&text, now())
            .unwrap_or_else(|e| e.message())
    })
}

/// `Export review links`, `Export review CSV`, `Export HotCRP forms`: a download.
fn export(ws: &Rc<RefCell<Ws>>, out: Out) -> String {
    let mut ws = ws.borrow_mut();
    ws.sync_open();
    let export = ws
        .ws
        .export(out, &crate::ui::pages::review::share_base_url());
    if export.text.is_empty() || files::download(out.file_name(), &export.text, "text/plain") {
        export.message
    } else {
        "This browser would not save the file.".to_owned()
    }
}

fn backup(ws: &Rc<RefCell<Ws>>) -> String {
    let mut ws = ws.borrow_mut();
    ws.sync_open();
    match backup::to_backup(&ws.ws) {
        Some(text) if files::download("talkback-workspace.jsonl", &text, "application/jsonl") => {
            "Saved talkback-workspace.jsonl in your downloads.".to_owned()
        }
        Some(_) => "This browser would not save the file.".to_owned(),
        None => "A review is too large to back up.".to_owned(),
    }
}

fn restore(ws: &Rc<RefCell<Ws>>, _: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match backup::from_backup(&text) {
        Ok(other) => changing(ws, |ws| {
            let m = ws.merge(other);
            format!(
                "Restored: {} added, {} updated (your copy kept as a version), {} kept (the backup's copy kept as a version), {} the same.",
                m.added, m.updated, m.kept, m.same
            )
        }),
        Err(e) => e.message().to_owned(),
    }
}

/// The value of the `<select>` or `<input>` an event came from.
fn value_of(e: &Event) -> String {
    let target = e.target();
    if let Some(select) = target
        .as_ref()
        .and_then(|t| t.dyn_ref::<HtmlSelectElement>())
    {
        return select.value();
    }
    target
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// A labelled `<select>` of `values` after "any", changing `filter` through `set`.
fn select(
    label: &'static str,
    values: &[String],
    filter: &UseStateHandle<Filter>,
    set: fn(&mut Filter, Option<String>),
) -> Html {
    let onchange = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            let mut next = (*filter).clone();
            set(&mut next, (!value.is_empty()).then_some(value));
            filter.set(next);
        })
    };
    html! {
        <label>{ label }{ " " }
            <select {onchange}>
                <option value="">{ "any" }</option>
                { for values.iter().map(|v| html! { <option value={v.clone()}>{ v }</option> }) }
            </select>
        </label>
    }
}

/// A button named `label` over a hidden file input taking `accept`; the button and the
/// input's label carry the same name.
fn picker(label: &'static str, accept: &'static str, on_file: Callback<web_sys::File>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        if let Some(picked) = input.files().and_then(|f| f.get(0)) {
            on_file.emit(picked);
        }
        input.set_value("");
    });
    let onclick = Callback::from(|e: MouseEvent| {
        let next = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|b| b.next_element_sibling())
            .and_then(|i| i.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = next {
            input.click();
        }
    });
    html! {
        <span class="open-file">
            <button type="button" {onclick}>{ label }</button>
            <input type="file" hidden=true tabindex="-1" aria-label={label} {accept} {onchange} />
        </span>
    }
}

/// What the list and the bar say of a proposal a re-import changed after its review.
const CHANGED: &str = "changed since your review";

/// The text of one table row's cells.
fn cells(item: &Item) -> [String; 5] {
    let review = item.review.as_ref();
    [
        item.source.label().to_owned(),
        if item.changed_since_review {
            format!("{}, {CHANGED}", item.state().label())
        } else {
            item.state().label().to_owned()
        },
        item.rubric_name().unwrap_or_default(),
        review
            .and_then(|r| tally(r).total)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        format_time(item.changed),
    ]
}

/// How many rows the list renders at first, and how many more `Show … more` adds.
const PAGE: usize = 100;

/// The `Proposals` view.
#[component]
pub fn ProposalsPage(props: &WsProps) -> Html {
    let filter = use_state(Filter::default);
    let sort = use_state(Sort::default);
    // (What an import from the review page's bar said.)
    let status = use_state(|| props.ws.ws.borrow_mut().said.take());
    let undo = use_state(|| None::<Rc<Removed>>);
    let ws = &props.ws.ws;
    let on_event = props.on_event.clone();
    let changed = {
        let on_event = on_event.clone();
        move || on_event.emit(WsEvent::Changed)
    };
    let reading = |max: usize, run: fn(&Rc<RefCell<Ws>>, &str, &[u8]) -> String| {
        let (ws, status, on_event) = (Rc::clone(ws), status.clone(), on_event.clone());
        Callback::from(move |file: web_sys::File| {
            let (ws, on_event) = (Rc::clone(&ws), on_event.clone());
            let status = status.clone();
            let said = Box::new(move |m| {
                on_event.emit(WsEvent::Reload);
                status.set(Some(m));
            });
            read_file(file, max, ws, run, said);
        })
    };
    let on_import = reading(exchange::MAX_IMPORT_BYTES, import);
    let on_restore = reading(backup::MAX_BACKUP_BYTES, restore);
    let on_forms = reading(exchange::MAX_IMPORT_BYTES, import_forms);
    // A file dropped on the list imports as a picked one would (the page's own drop
    // handler, which opens `.talkback` files, does not see it).
    let on_drop = {
        let on_import = on_import.clone();
        Callback::from(move |e: DragEvent| {
            if let Some(file) = files::dropped_file(&e) {
                e.prevent_default();
                e.stop_propagation();
                on_import.emit(file);
            }
        })
    };
    let action = |run: fn(&Rc<RefCell<Ws>>) -> String| {
        let (ws, status) = (Rc::clone(ws), status.clone());
        Callback::from(move |_: MouseEvent| status.set(Some(run(&ws))))
    };
    let exports = [
        ("Export review links", Out::Links),
        ("Export review CSV", Out::Csv),
        ("Export HotCRP forms", Out::Forms),
    ]
    .map(|(label, out)| {
        let (ws, status) = (Rc::clone(ws), status.clone());
        let onclick = Callback::from(move |_: MouseEvent| status.set(Some(export(&ws, out))));
        html! { <button type="button" {onclick}>{ label }</button> }
    });
    // One handler for the table: each row's buttons carry the item's id.
    let on_table = {
        let (ws, undo, on_event) = (Rc::clone(ws), undo.clone(), on_event.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(button) = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("button[data-id]").ok().flatten())
            else {
                return;
            };
            let Some(id) = button
                .get_attribute("data-id")
                .and_then(|id| id.parse::<ItemId>().ok())
            else {
                return;
            };
            if button.has_attribute("data-delete") {
                let was_open = ws.borrow().ws.open == Some(id);
                let removed = ws.borrow_mut().remove(id);
                undo.set(removed.map(Rc::new));
                // The review page showed it: it shows a fresh review now.
                on_event.emit(if was_open {
                    WsEvent::Reload
                } else {
                    WsEvent::Changed
                });
            } else {
                on_event.emit(WsEvent::Show(Some(id)));
            }
        })
    };
    let on_undo = {
        let (ws, undo) = (Rc::clone(ws), undo.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(removed) = (*undo).clone() {
                ws.borrow_mut().undo_remove(Rc::unwrap_or_clone(removed));
                undo.set(None);
                changed();
            }
        })
    };
    // Rows are rendered a page at a time: 1,000 at once take ~250 ms to lay out.
    let shown = use_state(|| PAGE);
    let on_more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
    };
    let pasted = use_node_ref();
    let on_paste_import = {
        let (ws, status, on_event, pasted) = (
            Rc::clone(ws),
            status.clone(),
            on_event.clone(),
            pasted.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let text = pasted
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            status.set(Some(import(&ws, "pasted.txt", text.as_bytes())));
            on_event.emit(WsEvent::Reload);
        })
    };
    let on_search = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*filter).clone();
            next.search = value_of(&e);
            filter.set(next);
        })
    };
    let on_sort = {
        let sort = sort.clone();
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            sort.set(
                Sort::ALL
                    .into_iter()
                    .find(|s| s.label() == value)
                    .unwrap_or_default(),
            );
        })
    };
    let guard = ws.borrow();
    let workspace = &guard.ws;
    let choices = list::choices(workspace);
    let rows = list::rows(workspace, &filter, *sort, true);
    let open = workspace.open;
    html! {
        <main class="proposals" ondrop={on_drop}>
            <h2>{ "Proposals" }</h2>
            if let Some(problem) = &guard.problem {
                { crate::ui::components::notices::storage_warning(problem) }
            }
            <p class="progress">{ progress(&props.ws) }</p>
            <div class="notice-actions">
                { button(&on_event, "New review", WsEvent::Show(None)) }
                { button(&on_event, "Next unreviewed", WsEvent::Step(true)) }
                { picker("Import proposals", IMPORTS, on_import) }
                { for exports }
                { picker("Import HotCRP forms", ".txt,text/plain", on_forms) }
                <button type="button" onclick={action(backup)}>{ "Back up workspace" }</button>
                { picker("Restore workspace", ".jsonl,.json,text/plain", on_restore) }
            </div>
            <details>
                <summary>{ "Paste proposals" }</summary>
                <label for="pasted-proposals">{ "Proposals to import" }</label>
                <textarea id="pasted-proposals" ref={pasted} rows="6" />
                <button type="button" onclick={on_paste_import}>{ "Import pasted text" }</button>
            </details>
            <p aria-live="polite">{ (*status).clone().unwrap_or_default() }</p>
            if undo.is_some() {
                <div class="notice notice-info" role="status">
                    { "Proposal deleted. " }
                    <button type="button" onclick={on_undo}>{ "Undo" }</button>
                </div>
            }
            <div class="proposal-filters">
                <label>{ "Search proposals " }<input type="search" value={filter.search.clone()} oninput={on_search} /></label>
                { select("State", &State::ALL.map(|s| s.label().to_owned()), &filter, |f, v| {
                    f.state = State::ALL.into_iter().find(|s| Some(s.label()) == v.as_deref());
                }) }
                { select("Track", &choices.tracks, &filter, |f, v| f.track = v) }
                { select("Type", &choices.kinds, &filter, |f, v| f.kind = v) }
                { select("Level", &choices.levels, &filter, |f, v| f.level = v) }
                { select("Tag", &choices.tags, &filter, |f, v| f.tag = v) }
                <label>{ "Sort by " }
                    <select onchange={on_sort}>
                        { for Sort::ALL.iter().map(|s| html! { <option>{ s.label() }</option> }) }
                    </select>
                </label>
            </div>
            <p>{ format!("{} shown of {}", rows.len().min(*shown), workspace.items.len()) }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Proposals list">
                <table aria-label="Proposals">
                    <thead><tr>
                        { for ["Title", "Source", "State", "Rubric", "Total", "Last change", "Delete"]
                            .map(|h| html! { <th scope="col">{ h }</th> }) }
                    </tr></thead>
                    <tbody onclick={on_table}>
                        { for rows.iter().take(*shown).filter_map(|&id| workspace.get(id)).map(|item| {
                            let id = item.id.to_string();
                            let title = item.display_title(true);
                            html! {
                                <tr key={id.clone()} aria-current={(open == Some(item.id)).then_some("true")}>
                                    <th scope="row"><button type="button" class="link-button" data-id={id.clone()}>{ title.clone() }</button></th>
                                    { for cells(item).into_iter().map(|c| html! { <td>{ c }</td> }) }
                                    <td><button type="button" data-id={id} data-delete="" aria-label={format!("Delete {title}")}>{ "Delete" }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if rows.len() > *shown {
                <button type="button" onclick={on_more}>{ format!("Show {} more", (rows.len() - *shown).min(PAGE)) }</button>
            }
        </main>
    }
}
