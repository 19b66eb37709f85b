//! The committee view: paste any text holding feedback links (an e-mail thread, a chat
//! log) and get one summary per proposal and rubric, with exports. Nothing leaves the
//! browser.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::ui::decode_worker::{DecodeWorker, PATIENCE_MS};
use crate::ui::disclosure::use_disclosure;
use crate::ui::files::{self, ReadProblem};
use crate::ui::pages::committee_reader::{Reader, ReaderEffect, ReaderEvent};
use crate::ui::storage;
use talkback_core::committee::{
    self, format_number, Decision, Group, PasteReport, RankRow, SortKey,
};
use talkback_core::link;
use talkback_core::proposal;
use talkback_core::scoring::score;

/// My own review, for blind calibration: the title of my draft and whether my review of
/// it is complete.
#[derive(Clone, PartialEq)]
struct MyReview {
    title: Option<String>,
    complete: bool,
}

fn my_review() -> MyReview {
    let title = storage::load_draft()
        .ok()
        .flatten()
        .and_then(|text| proposal::parse(&text).title().map(str::to_string));
    let complete = storage::load_review()
        .review
        .is_some_and(|(rubric, review)| score(&rubric, &review).complete);
    MyReview { title, complete }
}

/// Largest reviewer file read: a reviewer's links for a whole CFP (hundreds of links
/// without the proposal text) take well under a megabyte.
const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// A reviewer file as read: its name and text (or why it was not read).
type ReviewerFile = (String, Result<String, String>);

/// The text summarised: the paste, then each reviewer file's text on lines of its own;
/// and the byte range of each file read in it, in file order.
fn joined(pasted: &str, files: &[ReviewerFile]) -> (String, Vec<Range<usize>>) {
    let mut text = pasted.to_string();
    let mut ranges = Vec::new();
    for (_, content) in files {
        if let Ok(content) = content {
            text.push('\n');
            ranges.push(text.len()..text.len() + content.len());
            text.push_str(content);
        } else {
            ranges.push(0..0);
        }
    }
    (text, ranges)
}

/// Reads the files the user opened or dropped, each as one reviewer's links (sizes
/// checked before reading), and hands each to `add`.
fn read_files(files: Option<web_sys::FileList>, add: &Callback<ReviewerFile>) {
    let Some(files) = files else { return };
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        let add = add.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // The same reader (and refusal without reading past the cap) as `Open a file`.
            let read = match files::read_bytes(&file, MAX_FILE_BYTES).await {
                Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
                Err(ReadProblem::TooLarge) => Err("This file is larger than 4 MB, too large for a file of review links; it was not read.".to_string()),
                Err(ReadProblem::Unreadable) => Err("This file could not be read as text.".to_string()),
            };
            add.emit((file.name(), read));
        });
    }
}

/// How long after the view opens the page primes its link model: after the first paint,
/// long before anyone has pasted.
const PRIME_AFTER_MS: u32 = 150;

/// Carries out the committee reducer's effects: it owns the decode cache, the worker and
/// the setter of the summarised text, and feeds every event to the [`Reader`].
struct Driver {
    reader: RefCell<Reader>,
    cache: RefCell<committee::DecodeCache>,
    worker: RefCell<Option<DecodeWorker>>,
    summarised: UseStateHandle<String>,
}

impl Driver {
    /// Applies `event` to the reducer and carries out what it asks, in order.
    fn handle(self: &Rc<Self>, event: ReaderEvent) {
        let effects = self.reader.borrow_mut().reduce(event);
        for effect in effects {
            self.run(effect);
        }
    }

    fn run(self: &Rc<Self>, effect: ReaderEffect) {
        match effect {
            ReaderEffect::Post { id, links } => {
                let posted = self
                    .worker
                    .borrow()
                    .as_ref()
                    .is_some_and(|w| w.post(id, &links));
                if !posted {
                    self.handle(ReaderEvent::WorkerFailed);
                }
            }
            ReaderEffect::StartClock { id } => {
                // The clock starts once the page's current task (reading its own half of
                // the links) is over: a timeout of 0 runs no sooner.
                let driver = Rc::downgrade(self);
                Timeout::new(0, move || {
                    Timeout::new(PATIENCE_MS, move || {
                        if let Some(driver) = driver.upgrade() {
                            driver.handle(ReaderEvent::TimedOut { id });
                        }
                    })
                    .forget();
                })
                .forget();
            }
            ReaderEffect::ReadHere(links) => {
                let mut cache = self.cache.borrow_mut();
                for link in &links {
                    // Kept in the cache, errors too; the summary reports them.
                    cache.decode(link).ok();
                }
            }
            ReaderEffect::Keep(unpacked) => {
                let mut cache = self.cache.borrow_mut();
                for (link, result) in unpacked {
                    cache.insert_unpacked(&link, result);
                }
            }
            ReaderEffect::StopWorker => drop(self.worker.borrow_mut().take()),
            ReaderEffect::Show(text) => self.summarised.set(text),
        }
    }
}

/// The committee page.
#[component]
pub fn CommitteePage() -> Html {
    // What the textbox holds, and the text whose links have all been read: the one
    // summarised. They differ while the worker reads a paste.
    let pasted = use_state(String::new);
    // Reviewer files, in the order opened; and the text asked to be summarised (the
    // paste and the files), which `summarised` catches up with.
    let files = use_mut_ref(Vec::<ReviewerFile>::new);
    let files_shown = use_state(Vec::<ReviewerFile>::new);
    let wanted = use_state(String::new);
    let summarised = use_state(String::new);
    let calibrate = use_state(|| false);
    let mine = use_state(|| None::<MyReview>);
    let driver = {
        let summarised = summarised.clone();
        use_memo((), move |()| Driver {
            reader: RefCell::default(),
            cache: RefCell::default(),
            worker: RefCell::default(),
            summarised,
        })
    };
    {
        let driver = Rc::clone(&driver);
        use_effect_with((), move |()| {
            let events = Rc::downgrade(&driver);
            let worker = DecodeWorker::start(move |event| {
                if let Some(driver) = events.upgrade() {
                    driver.handle(event);
                }
            });
            if worker.is_some() {
                *driver.worker.borrow_mut() = worker;
                driver.handle(ReaderEvent::WorkerStarted);
            }
            // Prime this page's link model too while the chair finds the links (tens of
            // milliseconds, once per page), so that the first paste does not wait for it.
            let prime = Timeout::new(PRIME_AFTER_MS, link::prime);
            move || {
                drop(prime);
                drop(driver.worker.borrow_mut().take());
            }
        });
    }
    let report = {
        let driver = Rc::clone(&driver);
        let ranges = joined(&pasted, &files_shown).1;
        use_memo((*summarised).clone(), move |text| {
            // The files' ranges hold only while the text summarised ends with them.
            let last = ranges.iter().rev().find(|r| !r.is_empty());
            let ranges: Vec<Range<usize>> = if last.is_none_or(|r| r.end == text.len()) {
                ranges
            } else {
                Vec::new()
            };
            let mut cache = driver.cache.borrow_mut();
            committee::summarise_files_with(text, &ranges, &mut |link| cache.decode(link))
        })
    };
    let submit: Rc<dyn Fn(String)> = {
        let (wanted, driver) = (wanted.clone(), Rc::clone(&driver));
        Rc::new(move |text: String| {
            wanted.set(text.clone());
            let unread = driver.cache.borrow().unread(&text);
            driver.handle(ReaderEvent::Pasted { text, unread });
        })
    };
    let on_input = {
        let (submit, pasted, files) = (submit.clone(), pasted.clone(), files.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            submit(joined(&text, &files.borrow()).0);
            pasted.set(text);
        })
    };
    let add_file = {
        let (submit, pasted, files, files_shown) = (
            submit.clone(),
            pasted.clone(),
            files.clone(),
            files_shown.clone(),
        );
        // `pasted` may be stale in a file read that finishes later: read the textbox.
        Callback::from(move |file: ReviewerFile| {
            files.borrow_mut().push(file);
            let text = gloo::utils::document()
                .get_element_by_id("feedback-links")
                .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
                .map_or_else(|| (*pasted).clone(), |t| t.value());
            files_shown.set(files.borrow().clone());
            submit(joined(&text, &files.borrow()).0);
        })
    };
    let on_file = {
        let add_file = add_file.clone();
        Callback::from(move |e: Event| {
            read_files(
                e.target_unchecked_into::<HtmlInputElement>().files(),
                &add_file,
            );
        })
    };
    let on_drop = {
        let add_file = add_file.clone();
        Callback::from(move |e: DragEvent| {
            let files = e
                .data_transfer()
                .and_then(|d| d.files())
                .filter(|f| f.length() > 0);
            if files.is_some() {
                e.prevent_default();
                read_files(files, &add_file);
            }
        })
    };
    let on_clear_files = {
        let (submit, pasted, files, files_shown) = (
            submit.clone(),
            pasted.clone(),
            files.clone(),
            files_shown.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            files.borrow_mut().clear();
            files_shown.set(Vec::new());
            submit((*pasted).clone());
        })
    };
    let on_calibrate = {
        let (calibrate, mine) = (calibrate.clone(), mine.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            mine.set(on.then(my_review));
            calibrate.set(on);
        })
    };
    let hidden_for = |g: &Group| -> bool {
        match (&*mine, *calibrate) {
            (Some(me), true) => !me.complete && me.title.is_some() && me.title == g.title,
            _ => false,
        }
    };
    html! {
        <main class="committee-page">
            <section class="committee-input" aria-labelledby="committee-heading">
                <h2 id="committee-heading">{ "Committee summary" }</h2>
                <label for="feedback-links">{ "Feedback links" }</label>
                <p id="feedback-links-help" class="hint">
                    { "Paste anything that holds feedback links: an e-mail thread, a chat log, a list. Every link is found and read here, in this browser." }
                </p>
                <textarea id="feedback-links" class="proposal-input committee-paste" aria-describedby="feedback-links-help"
                          value={(*pasted).clone()} oninput={on_input} ondrop={on_drop} />
                <label for="links-file">{ "Open a file" }</label>
                <p id="links-file-help" class="hint">
                    { "One file per reviewer: a text file of their review links, one a line. Open or drop several at once. Reviews from one file are one reviewer's, which calibration needs; pasted links count as unknown reviewers." }
                </p>
                <input id="links-file" type="file" accept=".txt,text/plain" multiple=true aria-describedby="links-file-help" onchange={on_file} />
                if !files_shown.is_empty() {
                    <ul class="reviewer-files" aria-label="Reviewer files">
                        { for files_shown.iter().enumerate().map(|(i, (name, content))| html! {
                            <li>
                                { format!("Reviewer file {}: {name}", i + 1) }
                                if let Err(e) = content { <span class="notice-inline">{ format!(" — {e}") }</span> }
                            </li>
                        }) }
                    </ul>
                    <button type="button" onclick={on_clear_files}>{ "Forget the files" }</button>
                }
                <label class="check">
                    <input type="checkbox" checked={*calibrate} onchange={on_calibrate} />
                    { " Blind calibration: hide the others' scores on the proposal I am reviewing until my own review is complete" }
                </label>
            </section>
            // Always present, so screen readers announce the counts as they change (a live
            // region added together with its text is often not read out).
            <p class="committee-counts" aria-live="polite">
                if *wanted != *summarised {
                    { "Reading the links…" }
                } else if report.links_found == 0 {
                    { "No feedback links found yet." }
                } else {
                    { format!("{} links found, {} reviews read, {} could not be read.", report.links_found, report.reviews_read, report.problems.len()) }
                }
            </p>
            if !report.summary.groups.is_empty() {
                <Ranking report={SameReport(report.clone())} hidden={report.summary.groups.iter().map(hidden_for).collect::<Vec<bool>>()} />
            }
        </main>
    }
}

/// What could not be read, what was counted once, and what to be aware of.
fn report_notes(report: &PasteReport) -> Html {
    html! {
        <>
            if !report.problems.is_empty() {
                <div class="notice notice-warning" role="alert">
                    <p><strong>{ "Some links could not be read; the others still count." }</strong></p>
                    <ul class="link-problems">
                        { for report.problems.iter().map(|p| html! { <li>{ p.message.clone() }</li> }) }
                    </ul>
                </div>
            }
            if !report.duplicates.is_empty() {
                <ul class="hint">
                    { for report.duplicates.iter().map(|d| html! { <li>{ d.message.clone() }</li> }) }
                </ul>
            }
            { for report.summary.warnings.iter().map(|w| html! { <p class="notice notice-info">{ w.message.clone() }</p> }) }
        </>
    }
}

/// One proposal's summary, or a note that blind calibration hides it.
fn summary_view(report: &Rc<PasteReport>, i: usize, g: &Group, hidden: bool) -> Html {
    if hidden {
        html! {
            <section class="committee-group" id={format!("group-{i}")} aria-label={format!("Summary {} hidden", i + 1)}>
                <h3>{ g.heading() }</h3>
                <p class="notice notice-info">
                    { format!("{} reviews of this proposal are hidden until your own review of it is complete (blind calibration).", g.reviewers.len()) }
                </p>
            </section>
        }
    } else {
        group_view(report, i, g)
    }
}

/// Rows of the ranking shown at a time.
const PAGE_ROWS: usize = 50;
/// Up to this many proposals, every summary is shown below the ranking; beyond, only the
/// one the chair opens.
const SHOW_ALL_UP_TO: usize = 20;

const SORTS: [(SortKey, &str); 8] = [
    (SortKey::Pycon, "PyCon score"),
    (SortKey::Mean, "Mean"),
    (SortKey::Median, "Median"),
    (SortKey::Spread, "Spread"),
    (SortKey::Disagreement, "Disagreement"),
    (SortKey::Champions, "Champions"),
    (SortKey::Reviews, "Reviews"),
    (SortKey::Title, "Title"),
];

/// A paste's report, equal only to itself: comparing two reports of 2,000 reviews field
/// by field on every render would cost more than the rendering.
#[derive(Clone)]
struct SameReport(Rc<PasteReport>);

impl PartialEq for SameReport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct RankingProps {
    report: SameReport,
    /// Per group: hidden by blind calibration.
    hidden: Vec<bool>,
}

/// The ranking of every proposal: sortable, filterable, shown a page at a time, each
/// row opening its summary; decisions kept in this browser; the summaries below.
#[component]
fn Ranking(props: &RankingProps) -> Html {
    let report = &props.report.0;
    let groups = &report.summary.groups;
    let has_votes = groups.iter().any(|g| g.pycon.is_some());
    let sort = use_state(|| None::<SortKey>);
    let key = sort.unwrap_or(if has_votes {
        SortKey::Pycon
    } else {
        SortKey::Mean
    });
    let normalised = use_state(|| false);
    let filter = use_state(String::new);
    let page = use_state(|| 0usize);
    let selected = use_state(|| None::<usize>);
    let decisions = use_state(storage::load_decisions);
    let effective = if *normalised && key == SortKey::Mean {
        SortKey::Normalised
    } else {
        key
    };
    let rows = use_memo((props.report.clone(), effective), |(report, key)| {
        let mut rows = committee::ranking(&report.0.summary);
        committee::sort_rows(&mut rows, *key);
        rows
    });
    {
        use_effect_with(*selected, |selected| {
            if let Some(i) = selected {
                if let Some(e) = gloo::utils::document().get_element_by_id(&format!("group-{i}")) {
                    e.scroll_into_view();
                }
            }
        });
    }
    let decision_of = {
        let decisions = (*decisions).clone();
        move |key: &str| {
            decisions
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map_or(Decision::Undecided, |(_, w)| Decision::parse(w))
        }
    };
    let shown: Vec<&RankRow> = rows
        .iter()
        .filter(|r| committee::row_matches(r, &filter))
        .collect();
    let pages = shown.len().div_ceil(PAGE_ROWS).max(1);
    let current = (*page).min(pages - 1);
    let from = current * PAGE_ROWS;
    let to = (from + PAGE_ROWS).min(shown.len());
    let on_sort = {
        let (sort, page) = (sort.clone(), page.clone());
        Callback::from(move |e: Event| {
            let i: usize = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(0);
            sort.set(SORTS.get(i).map(|(k, _)| *k));
            page.set(0);
        })
    };
    let on_normalised = {
        let normalised = normalised.clone();
        Callback::from(move |e: Event| {
            normalised.set(e.target_unchecked_into::<HtmlInputElement>().checked());
        })
    };
    let on_filter = {
        let (filter, page) = (filter.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            filter.set(e.target_unchecked_into::<HtmlInputElement>().value());
            page.set(0);
        })
    };
    let turn = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    // One handler each for the rows' decision boxes and titles (events bubble to the
    // table body): the row's key or group is in the control's data attribute.
    let on_decide = {
        let decisions = decisions.clone();
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<HtmlInputElement>();
            let Some(row_key) = el.get_attribute("data-key") else {
                return;
            };
            let word = el.value();
            let mut next: Vec<(String, String)> = decisions
                .iter()
                .filter(|(k, _)| *k != row_key)
                .cloned()
                .collect();
            if Decision::parse(&word) != Decision::Undecided {
                next.push((row_key.clone(), word));
            }
            // Kept for the next visit; if the browser refuses, the choice still holds here.
            let _ = storage::save_decisions(&next);
            decisions.set(next);
        })
    };
    let on_open = {
        let selected = selected.clone();
        Callback::from(move |e: MouseEvent| {
            let group = e
                .target_unchecked_into::<HtmlInputElement>()
                .get_attribute("data-group")
                .and_then(|g| g.parse().ok());
            if group.is_some() {
                selected.set(group);
            }
        })
    };
    let cell = |x: Option<f64>| x.map(format_number).unwrap_or_default();
    let selected_group = (*selected).filter(|&i| i < groups.len());
    html! {
        <>
            { report_notes(report) }
            <section class="committee-ranking" aria-labelledby="ranking-heading">
                <h2 id="ranking-heading">{ "Ranking" }</h2>
                <p class="hint">
                    { "One number per review: the vote in PyCon points (+1 = 3, +0 = 1, −0 = −1, −1 = −3) where the rubric has a vote, otherwise the weighted total in points. Where the rubric records the reviewer's expertise, each review counts as many times as its expertise level's points." }
                </p>
                <div class="ranking-controls">
                    <label for="rank-by">{ "Sort by" }</label>
                    <select id="rank-by" onchange={on_sort}>
                        { for SORTS.iter().enumerate().map(|(i, (k, name))| html! {
                            <option value={i.to_string()} selected={*k == key}>{ *name }</option>
                        }) }
                    </select>
                    <label class="check">
                        <input type="checkbox" checked={*normalised} onchange={on_normalised} aria-describedby="normalised-help" />
                        { " Rank by normalised scores" }
                    </label>
                    <label for="rank-filter">{ "Filter proposals" }</label>
                    <input id="rank-filter" type="search" value={(*filter).clone()} oninput={on_filter} />
                </div>
                <p id="normalised-help" class="hint">
                    { "Normalised scores take out each reviewer's harshness: every score is compared with that reviewer's own average and spread (from their file), then put back on the scale, so a harsh and a generous reviewer count alike; links pasted without a file keep their raw score." }
                </p>
                <p class="hint" aria-live="polite">
                    { format!("Proposals {}–{} of {}{}.", if shown.is_empty() { 0 } else { from + 1 }, to, shown.len(), if shown.len() == rows.len() { String::new() } else { format!(" (filtered from {})", rows.len()) }) }
                </p>
                <div class="table-scroll" role="region" tabindex="0" aria-label="Ranking, scrollable">
                    <table class="ranking-table" aria-label="Ranking">
                        <thead>
                            <tr>
                                { for ["Proposal", "Decision", "Rank", "PyCon score", "Mean", "Normalised", "Median", "Spread", "Disagreement", "Champions", "Reviews", "Track / type"].into_iter().map(|h| html! { <th scope="col">{ h }</th> }) }
                            </tr>
                        </thead>
                        <tbody onchange={on_decide} onclick={on_open}>
                            { for shown[from..to].iter().enumerate().map(|(n, r)| {
                                let hidden = props.hidden.get(r.group).copied().unwrap_or(false);
                                let decision = decision_of(&r.key);
                                let mut cells = vec![(from + n + 1).to_string()];
                                let track = [r.track.clone(), r.format.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                if hidden {
                                    cells.push("hidden until your own review is complete".to_string());
                                } else {
                                    cells.extend([
                                        r.pycon.map(|p| p.to_string()).unwrap_or_default(),
                                        cell(r.mean),
                                        cell(r.normalised),
                                        cell(r.median),
                                        cell(r.spread),
                                        if r.disagreement { "yes" } else { "" }.to_string(),
                                        r.champions.to_string(),
                                        r.reviews.to_string(),
                                    ]);
                                }
                                cells.push(track);
                                html! {
                                    <tr>
                                        <th scope="row">
                                            <button type="button" class="link-button" data-group={r.group.to_string()}>{ r.title.clone() }</button>
                                            <span class="hint">{ format!(" {}", r.key) }</span>
                                        </th>
                                        <td>
                                            <select aria-label={format!("Decision for {}", r.title)} data-key={r.key.clone()}>
                                                { for Decision::ALL.iter().map(|d| html! {
                                                    <option value={d.as_str()} selected={*d == decision}>{ d.as_str() }</option>
                                                }) }
                                            </select>
                                        </td>
                                        { for cells.into_iter().map(|c| html! { <td>{ c }</td> }) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                if pages > 1 {
                    <div class="ranking-pages">
                        <button type="button" disabled={current == 0} onclick={turn(current.saturating_sub(1))}>{ "Previous proposals" }</button>
                        <span>{ format!(" Page {} of {pages} ", current + 1) }</span>
                        <button type="button" disabled={current + 1 >= pages} onclick={turn(current + 1)}>{ "Next proposals" }</button>
                    </div>
                }
                <Exports report={props.report.clone()} of={ExportsOf::Ranking { rows: Rc::clone(&rows), decisions: (*decisions).clone(), hidden: props.hidden.clone() }} />
            </section>
            if groups.len() <= SHOW_ALL_UP_TO {
                { for groups.iter().enumerate().map(|(i, g)| summary_view(report, i, g, props.hidden.get(i).copied().unwrap_or(false))) }
            } else if let Some(i) = selected_group {
                { summary_view(report, i, &groups[i], props.hidden.get(i).copied().unwrap_or(false)) }
            } else {
                <p class="hint">{ "Open a proposal in the ranking to see its summary." }</p>
            }
        </>
    }
}

/// The ranking as CSV with the decisions, and a letter per decided proposal.
fn ranking_exports(
    report: &PasteReport,
    rows: &[RankRow],
    decisions: &[(String, String)],
    hidden: &[bool],
) -> Html {
    let decision_of = |key: &str| {
        decisions
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map_or(Decision::Undecided, |(_, w)| Decision::parse(w))
    };
    let csv = committee::ranking_csv(rows, &decision_of);
    let letters: Vec<(String, String)> = rows
        .iter()
        .filter(|r| !hidden.get(r.group).copied().unwrap_or(false))
        .filter_map(|r| {
            let g = report.summary.groups.get(r.group)?;
            let letter = committee::decision_letter(g, decision_of(&r.key))?;
            Some((r.title.clone(), letter))
        })
        .collect();
    html! {
        <>
            { read_only("ranking-csv".into(), "Ranking as CSV".into(), "6", csv) }
            if letters.is_empty() {
                <p class="hint">{ "Decide on a proposal (accept, waitlist or decline) to get its letter here." }</p>
            }
            { for letters.into_iter().enumerate().map(|(i, (title, letter))| {
                read_only(format!("decision-letter-{i}"), format!("Letter for {title}"), "8", letter)
            }) }
        </>
    }
}

/// What a criterion's answers add up to, in the scale's own terms: counts per label for
/// votes, checks and yes/no; mean, median, SD and range in points only where the rubric
/// numbers its levels.
fn criterion_summary(c: &committee::CriterionSummary) -> String {
    let Some(stats) = c.stats.as_ref() else {
        return "no answers".to_string();
    };
    let labels = c
        .distribution
        .iter()
        .filter(|d| d.count > 0)
        .map(|d| format!("{}: {}", d.label, d.count))
        .collect::<Vec<_>>()
        .join(" · ");
    if c.in_points {
        format!(
            "{labels} — mean {}, median {}, SD {}, range {}–{} points",
            format_number(stats.mean),
            format_number(stats.median),
            format_number(stats.sd),
            format_number(stats.min),
            format_number(stats.max)
        )
    } else {
        labels
    }
}

/// One audience's comments: overall, per criterion, on passages (and the reasons).
fn comments_view(heading: &str, general: &str, f: &committee::AuthorFeedback) -> Html {
    if f.is_empty() {
        return html! {};
    }
    let signed = |c: &committee::Lettered| {
        html! { <li><strong>{ format!("Reviewer {}: ", c.letter) }</strong><span class="feedback-comment">{ c.text.clone() }</span></li> }
    };
    let reasons: Vec<_> = f
        .reasons
        .iter()
        .filter_map(|&id| talkback_core::reasons::reason(id))
        .collect();
    html! {
        // A group, not a region: every summary has these two, and landmarks must be unique.
        <div class="committee-comments" role="group" aria-label={heading.to_string()}>
            <h4>{ heading }</h4>
            if !f.general.is_empty() {
                <h5>{ general }</h5>
                <ul>{ for f.general.iter().map(signed) }</ul>
            }
            { for f.criteria.iter().map(|c| html! {
                <>
                    <h5>{ c.label.clone() }</h5>
                    <ul>{ for c.comments.iter().map(signed) }</ul>
                </>
            }) }
            if !f.passages.is_empty() {
                <h5>{ "On passages" }</h5>
                <ul>
                    { for f.passages.iter().map(|p| html! {
                        <li><blockquote>{ p.quote.clone() }</blockquote><strong>{ format!("Reviewer {}: ", p.letter) }</strong><span class="feedback-comment">{ p.comment.clone() }</span></li>
                    }) }
                </ul>
            }
            if !reasons.is_empty() {
                <h5>{ "Reasons ticked" }</h5>
                <ul>{ for reasons.iter().map(|r| html! { <li>{ r.title }</li> }) }</ul>
            }
        </div>
    }
}

fn group_view(report: &Rc<PasteReport>, i: usize, g: &Group) -> Html {
    let letters: Vec<String> = g
        .reviewers
        .iter()
        .map(committee::Reviewer::display_name)
        .collect();
    let caption = if i == 0 {
        "Committee summary".to_string()
    } else {
        format!("Committee summary {}", i + 1)
    };
    html! {
        <section class="committee-group" aria-labelledby={format!("group-{i}")}>
            <h3 id={format!("group-{i}")}>{ g.heading() }</h3>
            <p class="hint">{ format!("{} · {} reviewer(s) · proposal {}", g.rubric.name, g.reviewers.len(), g.code) }</p>
            <div class="committee-highlights">
                if let Some(p) = &g.pycon {
                    <span class="pill">{ format!("PyCon score {} (+1: {}, +0: {}, −0: {}, −1: {})", p.score, p.votes[0], p.votes[1], p.votes[2], p.votes[3]) }</span>
                }
                if !g.champions.is_empty() {
                    <span class="pill pill-good">{ format!("Champions: {}", g.champions.iter().filter_map(|&c| g.reviewers.get(c).map(committee::Reviewer::name)).collect::<Vec<_>>().join(", ")) }</span>
                }
                if let Some(m) = g.expertise_weighted_merit {
                    <span class="pill">{ format!("Merit weighted by expertise: {} points", format_number(m)) }</span>
                }
                if g.has_disagreement() {
                    <span class="pill pill-warn">{ "Reviewers disagree" }</span>
                }
            </div>
            if g.reviewers.len() > 1 {
                <p class="hint scroll-hint">{ format!("One column per reviewer ({}); on a narrow screen, scroll the table sideways to see them all.", g.reviewers.len()) }</p>
            }
            // Focusable, so keyboard users can scroll a table wider than the screen; the
            // shadows at its edges show there is more to see.
            <div class="table-scroll" role="region" tabindex="0" aria-label={format!("{caption}, scrollable")}>
                <table class="committee-table" aria-label={caption}>
                    <thead>
                        <tr>
                            <th scope="col">{ "Criterion" }</th>
                            <th scope="col">{ "Answered" }</th>
                            <th scope="col">{ "Summary" }</th>
                            { for letters.iter().map(|l| html! { <th scope="col" class="reviewer-col">{ l.clone() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for g.criteria.iter().map(|c| html! {
                            <tr class={c.disagreement.then_some("disagree")}>
                                <th scope="row">
                                    { c.label.clone() }
                                    if c.independent { <span class="criterion-tag">{ " (not in total)" }</span> }
                                    if c.disagreement { <span class="criterion-tag">{ " — disagreement" }</span> }
                                </th>
                                <td>{ c.stats.as_ref().map_or(0, |s| s.n) }</td>
                                <td class="criterion-summary">{ criterion_summary(c) }</td>
                                { for c.answers.iter().map(|a| html! { <td class="reviewer-col">{ a.as_ref().map_or_else(|| "—".into(), |a| a.label.clone()) }</td> }) }
                            </tr>
                        }) }
                        if g.total_in_points {
                            <tr class="total-row">
                                <th scope="row">{ "Weighted total (points)" }</th>
                                <td>{ g.total.as_ref().map_or(0, |s| s.n) }</td>
                                <td class="criterion-summary">{ g.total.as_ref().map(|s| format!("mean {}, median {}, SD {}, range {}–{}", format_number(s.mean), format_number(s.median), format_number(s.sd), format_number(s.min), format_number(s.max))).unwrap_or_default() }</td>
                                { for g.reviewers.iter().map(|r| html! { <td class="reviewer-col">{ format_number(r.score.total) }</td> }) }
                            </tr>
                        }
                    </tbody>
                </table>
            </div>
            { comments_view("Comments for the speaker", "Overall", &g.author_feedback) }
            { comments_view("For the committee only", "For the committee", &g.committee_feedback) }
            <Exports report={SameReport(report.clone())} of={ExportsOf::Group(i)} />
        </section>
    }
}

/// A labelled read-only text box holding an export.
fn read_only(id: String, label: String, rows: &'static str, value: String) -> Html {
    html! {
        <>
            <label for={id.clone()}>{ label }</label>
            <textarea {id} readonly=true {rows} {value} />
        </>
    }
}

/// What an [`Exports`] holds: the ranking's, or one group's.
#[derive(PartialEq)]
enum ExportsOf {
    /// The ranking as CSV and the decision letters.
    Ranking {
        rows: Rc<Vec<RankRow>>,
        decisions: Vec<(String, String)>,
        hidden: Vec<bool>,
    },
    /// The report's group with this index.
    Group(usize),
}

#[derive(Properties, PartialEq)]
struct ExportsProps {
    report: SameReport,
    of: ExportsOf,
}

/// Exports made when the chair opens them: the combined link alone is a compression run
/// over every comment and the proposal, too slow to make for every group on every paste.
#[component]
fn Exports(props: &ExportsProps) -> Html {
    let (open, on_toggle) = use_disclosure();
    let report = &props.report.0;
    let (summary, body) = match &props.of {
        ExportsOf::Ranking {
            rows,
            decisions,
            hidden,
        } => (
            "Ranking exports and decision letters",
            if open {
                ranking_exports(report, rows, decisions, hidden)
            } else {
                html! {}
            },
        ),
        ExportsOf::Group(i) => (
            "Exports",
            match report.summary.groups.get(*i) {
                Some(g) if open => group_exports(*i, g),
                _ => html! {},
            },
        ),
    };
    html! {
        <details class="exports" ontoggle={on_toggle}>
            <summary>{ summary }</summary>
            { body }
        </details>
    }
}

/// A group's exports: the author's letter and combined link, the table as CSV and JSON.
fn group_exports(i: usize, g: &Group) -> Html {
    let combined = committee::combined_link(g, &crate::ui::pages::review::share_base_url());
    html! {
        <>
            { read_only(format!("export-md-{i}"), "Feedback for the author (Markdown, for an e-mail)".into(), "8", committee::author_markdown(g)) }
            <label for={format!("export-link-{i}")}>{ "Combined feedback link for the author" }</label>
            <p class="hint">{ "A speaker link: it holds only what the speaker may read, the same as the letter above." }</p>
            { match combined {
                Ok(url) => html! { <textarea id={format!("export-link-{i}")} readonly=true rows="3" value={url} /> },
                Err(e) => html! { <p id={format!("export-link-{i}")} class="notice notice-info">{ e.to_string() }</p> },
            } }
            { read_only(format!("export-csv-{i}"), "Table as CSV".into(), "5", committee::table_csv(g)) }
            { read_only(format!("export-json-{i}"), "Table as JSON".into(), "5", committee::table_json(g)) }
        </>
    }
}
