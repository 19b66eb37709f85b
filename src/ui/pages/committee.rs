//! The committee view: paste any text holding feedback links (an e-mail thread, a chat
//! log) and get one summary per proposal and rubric, with exports. Nothing leaves the
//! browser.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::ui::decode_worker::{DecodeWorker, PATIENCE_MS};
use crate::ui::disclosure::use_disclosure;
use crate::ui::pages::committee_reader::{Reader, ReaderEffect, ReaderEvent};
use crate::ui::storage;
use talkback_core::committee::{self, format_number, Group, PasteReport};
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

/// Appends the text of the files the user opened or dropped to the paste.
fn read_files(files: Option<web_sys::FileList>, pasted: &str, submit: &Rc<dyn Fn(String)>) {
    let Some(files) = files else { return };
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        let (pasted, submit) = (pasted.to_string(), submit.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                let text = text.as_string().unwrap_or_default();
                submit(format!("{pasted}\n{text}"));
            }
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
        use_memo((*summarised).clone(), move |text| {
            let mut cache = driver.cache.borrow_mut();
            committee::summarise_text_with(text, &mut |link| cache.decode(link))
        })
    };
    let submit: Rc<dyn Fn(String)> = {
        let (pasted, driver) = (pasted.clone(), Rc::clone(&driver));
        Rc::new(move |text: String| {
            pasted.set(text.clone());
            let unread = driver.cache.borrow().unread(&text);
            driver.handle(ReaderEvent::Pasted { text, unread });
        })
    };
    let on_input = {
        let submit = submit.clone();
        Callback::from(move |e: InputEvent| {
            submit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let on_file = {
        let (pasted, submit) = (pasted.clone(), submit.clone());
        Callback::from(move |e: Event| {
            read_files(
                e.target_unchecked_into::<HtmlInputElement>().files(),
                &pasted,
                &submit,
            );
        })
    };
    let on_drop = {
        let (pasted, submit) = (pasted.clone(), submit.clone());
        Callback::from(move |e: DragEvent| {
            let files = e
                .data_transfer()
                .and_then(|d| d.files())
                .filter(|f| f.length() > 0);
            if files.is_some() {
                e.prevent_default();
                read_files(files, &pasted, &submit);
            }
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
                <label for="links-file">{ "Or open a text file of links" }</label>
                <input id="links-file" type="file" accept=".txt,text/plain" multiple=true onchange={on_file} />
                <label class="check">
                    <input type="checkbox" checked={*calibrate} onchange={on_calibrate} />
                    { " Blind calibration: hide the others' scores on the proposal I am reviewing until my own review is complete" }
                </label>
            </section>
            // Always present, so screen readers announce the counts as they change (a live
            // region added together with its text is often not read out).
            <p class="committee-counts" aria-live="polite">
                if *pasted != *summarised {
                    { "Reading the links…" }
                } else if report.links_found == 0 {
                    { "No feedback links found yet." }
                } else {
                    { format!("{} links found, {} reviews read, {} could not be read.", report.links_found, report.reviews_read, report.problems.len()) }
                }
            </p>
            { report_view(&report, &hidden_for) }
        </main>
    }
}

fn report_view(report: &Rc<PasteReport>, hidden_for: &dyn Fn(&Group) -> bool) -> Html {
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
            { for report.summary.groups.iter().enumerate().map(|(i, g)| {
                if hidden_for(g) {
                    html! {
                        <section class="committee-group" aria-label={format!("Summary {} hidden", i + 1)}>
                            <h3>{ g.heading() }</h3>
                            <p class="notice notice-info">
                                { format!("{} reviews of this proposal are hidden until your own review of it is complete (blind calibration).", g.reviewers.len()) }
                            </p>
                        </section>
                    }
                } else {
                    group_view(report, i, g)
                }
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
        <section class="committee-comments" aria-label={heading.to_string()}>
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
        </section>
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
                            <tr class={classes!(c.disagreement.then_some("disagree"))}>
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
            <Exports report={report.clone()} index={i} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ExportsProps {
    report: Rc<PasteReport>,
    /// Which of the report's groups.
    index: usize,
}

/// A group's exports, made when the chair opens them: the combined link alone is a
/// compression run over every comment and the proposal, too slow to make for every
/// group on every paste.
#[component]
fn Exports(props: &ExportsProps) -> Html {
    let (open, on_toggle) = use_disclosure();
    let i = props.index;
    let body = match props.report.summary.groups.get(i) {
        Some(g) if open => {
            let combined = committee::combined_link(g, &crate::ui::pages::review::share_base_url());
            html! {
                <>
                    <label for={format!("export-md-{i}")}>{ "Feedback for the author (Markdown, for an e-mail)" }</label>
                    <textarea id={format!("export-md-{i}")} readonly=true rows="8" value={committee::author_markdown(g)} />
                    <label for={format!("export-link-{i}")}>{ "Combined feedback link for the author" }</label>
                    <p class="hint">{ "A speaker link: it holds only what the speaker may read, the same as the letter above." }</p>
                    { match combined {
                        Ok(url) => html! { <textarea id={format!("export-link-{i}")} readonly=true rows="3" value={url} /> },
                        Err(e) => html! { <p id={format!("export-link-{i}")} class="notice notice-info">{ e.to_string() }</p> },
                    } }
                    <label for={format!("export-csv-{i}")}>{ "Table as CSV" }</label>
                    <textarea id={format!("export-csv-{i}")} readonly=true rows="5" value={committee::table_csv(g)} />
                    <label for={format!("export-json-{i}")}>{ "Table as JSON" }</label>
                    <textarea id={format!("export-json-{i}")} readonly=true rows="5" value={committee::table_json(g)} />
                </>
            }
        }
        _ => html! {},
    };
    html! {
        <details class="exports" ontoggle={on_toggle}>
            <summary>{ "Exports" }</summary>
            { body }
        </details>
    }
}
