//! The review page: the `Proposal` editor, the safe `Preview`, the detected fields, and
//! the effects that keep the draft saved.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast as _;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::ui::components::anchors::{AnchorsPanel, Selected};
use crate::ui::components::blind_review::BlindReviewPanel;
use crate::ui::components::checks::ChecksPanel;
use crate::ui::components::fields::DetectedFields;
use crate::ui::components::notices::{ConfirmNotice, OtherTabNotice, StorageWarning};
use crate::ui::components::preview::Preview;
use crate::ui::components::rubric_editor::RubricEditor;
use crate::ui::components::scoring::ScoringPanel;
use crate::ui::components::share::SharePanel;
use crate::ui::highlight::{self, TextIndex};
use crate::ui::panic;
use crate::ui::state::{Action, Replacement, ReviewState, StorageProblem};
use crate::ui::storage;
use talkback_core::anchor::{Anchor, AnchoredComment, Located};
use talkback_core::examples::EXAMPLES;
use talkback_core::rubric::Rubric;

/// How long after the last keystroke the draft is saved.
const AUTOSAVE_DELAY_MS: u32 = 300;

/// The name of the `performance.mark` set when the editor first accepts input; the
/// browser benchmark measures start-up up to it.
pub const INTERACTIVE_MARK: &str = "talkback-interactive";

/// What the page-lifecycle listeners need to save on `pagehide`: the latest text, and
/// whether saving is paused because another tab saved a different version.
#[derive(Default)]
struct Latest {
    text: Option<Rc<talkback_core::proposal::Proposal>>,
    review: Option<Rc<talkback_core::scoring::Review>>,
    custom: Option<Rc<talkback_core::rubric::Rubric>>,
    speaker_names: Rc<str>,
    /// What was saved last (review, custom rubric, names): encoding a review is not
    /// free, so an unchanged one is not saved again.
    saved_review: Option<SavedParts>,
    paused: bool,
    dirty: bool,
}

/// Props of [`ReviewPage`].
#[derive(Properties, PartialEq, Default)]
pub struct ReviewPageProps {
    /// A proposal to start a new review of (from a feedback link); asks before it
    /// replaces a draft.
    #[prop_or_default]
    pub incoming: Option<Rc<Replacement>>,
}

/// The parts of a save besides the draft, compared by pointer.
type SavedParts = (
    Rc<talkback_core::scoring::Review>,
    Option<Rc<talkback_core::rubric::Rubric>>,
    Rc<str>,
);

/// The review page.
#[component]
pub fn ReviewPage(props: &ReviewPageProps) -> Html {
    // What was saved, read once at start-up; its draft is kept to notice another tab
    // saving before this page listens for it.
    let saved = use_memo((), |()| read_saved());
    let state = {
        let saved = Rc::clone(&saved);
        use_reducer(move || restored(saved.as_ref().as_ref()))
    };
    {
        // The saved draft is in the state from the first render on, so a restored
        // draft is never replaced without asking.
        let dispatcher = state.dispatcher();
        use_effect_with(props.incoming.clone(), move |incoming| {
            if let Some(replacement) = incoming {
                dispatcher.dispatch(Action::RequestReplace((**replacement).clone()));
            }
        });
    }
    let latest = use_mut_ref(Latest::default);
    {
        let mut latest = latest.borrow_mut();
        latest.paused = state.other_tab_text.is_some();
        latest.text = Some(Rc::clone(&state.proposal));
        latest.review = Some(Rc::clone(&state.review));
        latest.custom.clone_from(&state.custom_rubric);
        latest.speaker_names = Rc::clone(&state.speaker_names);
    }
    panic::remember(&state.proposal);

    use_startup_effects(&state, &latest, &saved);
    use_focus_highlight(&state);
    use_blind_highlight(&state);
    let selected = use_preview_selection();
    let editing_rubric = use_state(|| false);
    let located = use_anchor_highlight(&state);
    use_autosave(&state, &latest);
    use_analysis_after_pause(&state);
    {
        // Save the conference limits when the user changes them (not the defaults).
        let first = use_mut_ref(|| true);
        use_effect_with(Rc::clone(&state.profile), move |profile| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                storage::save_profile(profile);
            }
        });
    }

    let on_input = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            dispatcher.dispatch(Action::EditMarkdown(area.value()));
        })
    };
    let on_example = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = select.value().parse::<usize>() {
                if let Some(example) = Replacement::example(n) {
                    dispatcher.dispatch(Action::RequestReplace(example));
                }
            }
            select.set_value("");
        })
    };
    let dispatch = |action: fn() -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(action()))
    };

    html! {
        <main class="review">
            if let Some(problem) = state.storage_problem.clone() {
                <StorageWarning {problem} />
            }
            if state.other_tab_text.is_some() {
                <OtherTabNotice on_take={dispatch(|| Action::TakeOtherTab)} on_keep={dispatch(|| Action::KeepThisTab)} />
            }
            if let Some(replacement) = state.pending_replace.clone() {
                <ConfirmNotice
                    text={AttrValue::from(format!("Replace your draft with {}? Your draft will be lost.", replacement.what))}
                    confirm="Replace my draft" cancel="Keep my draft"
                    on_confirm={dispatch(|| Action::ConfirmReplace)}
                    on_cancel={dispatch(|| Action::CancelReplace)} />
            }
            <div class="review-grid">
                <section class="editor" aria-labelledby="editor-heading">
                    <div class="editor-bar">
                        <h2 id="editor-heading"><label for="proposal">{ "Proposal" }</label></h2>
                        <select class="example-picker" aria-label="Try an example" onchange={on_example}>
                            <option value="" selected=true>{ "Try an example…" }</option>
                            { for EXAMPLES.iter().enumerate().map(|(n, e)| html! {
                                <option value={n.to_string()}>{ e.name }</option>
                            }) }
                        </select>
                    </div>
                    <p id="proposal-help" class="hint">
                        { "Paste a talk proposal: Markdown, or text straight from a CFP form. It is saved in this browser as you type and never sent anywhere." }
                    </p>
                    <textarea
                        id="proposal"
                        class="proposal-input"
                        aria-describedby="proposal-help"
                        spellcheck="true"
                        placeholder="# Your talk title\n\nDuration: 30 minutes\nLevel: Beginner\n\n## Description\n…"
                        value={state.text().to_string()}
                        oninput={on_input} />
                    <DetectedFields proposal={Rc::clone(&state.proposal)} />
                </section>
                <Preview blocks={Rc::clone(&state.preview)} />
                <aside class="review-panel">
                    if let Some(next) = state.pending_rubric.clone() {
                        <ConfirmNotice
                            text={AttrValue::from(format!("Switch to “{}”? Scores that do not fit the new rubric will be dropped.", next.name))}
                            confirm="Switch rubric" cancel="Keep this rubric"
                            on_confirm={dispatch(|| Action::ConfirmRubric)}
                            on_cancel={dispatch(|| Action::CancelRubric)} />
                    }
                    <BlindReviewPanel
                        analysed={Rc::clone(&state.analysed)}
                        findings={Rc::clone(&state.blind)}
                        redacted={Rc::new(state.blind.iter().map(|f| state.will_redact(f)).collect::<Vec<_>>())}
                        speaker_names={AttrValue::from(state.speaker_names.to_string())}
                        on_speaker_names={send(&state, Action::SpeakerNames)}
                        on_redact={send(&state, Action::RedactFinding)}
                        on_ignore={send(&state, |(n, redacted)| if redacted { Action::IgnoreFinding(n) } else { Action::UnignoreFinding(n) })}
                        on_redact_all={dispatch(|| Action::RedactAll)}
                        on_show={
                            let blind = Rc::clone(&state.blind);
                            send(&state, move |n: usize| Action::ShowPassage(blind.get(n).map(|f| f.span.clone()).unwrap_or_default()))
                        } />
                    <ChecksPanel report={Rc::clone(&state.checks)} on_show={send(&state, Action::ShowPassage)}
                        profile={Rc::clone(&state.profile)} on_profile={send(&state, Action::SetProfile)} />
                    if *editing_rubric {
                        <RubricEditor
                            initial={state.custom_rubric.clone().unwrap_or_else(|| Rc::new(state.rubric.to_custom(&format!("My {}", state.rubric.name))))}
                            on_save={
                                let dispatcher = state.dispatcher();
                                let editing = editing_rubric.clone();
                                Callback::from(move |rubric: Rubric| {
                                    dispatcher.dispatch(Action::SaveCustomRubric(rubric));
                                    editing.set(false);
                                })
                            }
                            on_cancel={
                                let editing = editing_rubric.clone();
                                Callback::from(move |()| editing.set(false))
                            } />
                    } else {
                    <ScoringPanel
                        rubric={Rc::clone(&state.rubric)}
                        review={Rc::clone(&state.review)}
                        custom_rubric={state.custom_rubric.clone()}
                        on_choose_rubric={send(&state, Action::ChooseRubric)}
                        on_answer={send(&state, |(criterion, level)| Action::Answer { criterion, level })}
                        on_criterion_comment={send(&state, |(i, text)| Action::CriterionComment(i, text))}
                        on_author_comment={send(&state, Action::AuthorComment)}
                        on_committee_comment={send(&state, Action::CommitteeComment)}
                        on_criterion_audience={send(&state, |(i, a)| Action::CriterionAudience(i, a))}
                        on_scores_to_speaker={send(&state, Action::ScoresToSpeaker)}
                        on_edit_custom={
                            let editing = editing_rubric.clone();
                            Callback::from(move |()| editing.set(true))
                        } />
                    }
                    <AnchorsPanel
                        anchors={Rc::new(state.review.anchors.clone())}
                        located={(*located).clone()}
                        selected={(*selected).clone()}
                        on_add={
                            let dispatcher = state.dispatcher();
                            let selected = selected.clone();
                            Callback::from(move |comment: String| {
                                if let Some(s) = (*selected).clone() {
                                    let anchor = Anchor::new(&s.text, s.range.clone());
                                    dispatcher.dispatch(Action::AddAnchor(AnchoredComment { anchor, comment, audience: None }));
                                    selected.set(None);
                                }
                            })
                        }
                        on_edit={send(&state, |(n, text)| Action::EditAnchor(n, text))}
                        on_remove={send(&state, Action::RemoveAnchor)}
                        audiences={Rc::new((0..state.review.anchors.len()).map(|i| state.review.anchor_audience(i, &state.rubric)).collect::<Vec<_>>())}
                        on_audience={send(&state, |(n, a)| Action::AnchorAudience(n, a))} />
                    <SharePanel
                        link={state.share_link.clone()}
                        revision={state.revision}
                        include_proposal={state.include_proposal}
                        unredacted={state.unredacted}
                        pseudonym={AttrValue::from(state.review.pseudonym.clone().unwrap_or_default())}
                        on_create={send(&state, |()| Action::CreateShareLink(share_base_url()))}
                        on_include_proposal={send(&state, Action::IncludeProposal)}
                        on_unredacted={send(&state, Action::Unredacted)}
                        on_pseudonym={send(&state, Action::Pseudonym)}
                        reasons={Rc::new(state.review.reasons.clone())}
                        suggested={Rc::new(talkback_core::reasons::suggest(&state.checks.findings, !state.blind.is_empty()))}
                        on_reason={send(&state, |(id, on)| Action::Reason(id, on))} />
                </aside>
            </div>
        </main>
    }
}

/// Where share links point: the page's own address without its fragment, or the public
/// address the one-file build was given (`TALKBACK_BASE_URL`, in a meta tag), so a link
/// made from a file on disk still opens for someone else.
pub fn share_base_url() -> String {
    let document = gloo::utils::document();
    let configured = document
        .query_selector("meta[name=talkback-base-url]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.trim().is_empty());
    configured.unwrap_or_else(|| {
        let href = gloo::utils::window().location().href().unwrap_or_default();
        href.split('#').next().unwrap_or_default().to_string()
    })
}

/// A callback that dispatches `make(value)` to the page's reducer.
fn send<T: 'static>(
    state: &UseReducerHandle<ReviewState>,
    make: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let dispatcher = state.dispatcher();
    Callback::from(move |value: T| dispatcher.dispatch(make(value)))
}

/// Paints the passage a finding points at in the preview, and scrolls to it.
#[hook]
fn use_focus_highlight(state: &UseReducerHandle<ReviewState>) {
    let focus = state.focus.clone();
    // Finding ranges refer to the analysed text.
    let proposal = Rc::clone(&state.analysed);
    use_effect_with(focus, move |focus| {
        let Some((_, span)) = focus else { return };
        let Some(index) = highlight::index_region(PREVIEW_LABEL) else {
            return;
        };
        let slice = proposal.source().get(span.clone()).unwrap_or_default();
        let found = highlight::find_source_passage(&index, slice).and_then(|r| index.dom_range(&r));
        match found {
            Some(range) => {
                highlight::scroll_to(&range);
                highlight::paint(FOCUS_HIGHLIGHT, &[range]);
            }
            None => highlight::paint(FOCUS_HIGHLIGHT, &[]),
        }
    });
}

/// Paints every blind-review finding in the preview.
#[hook]
fn use_blind_highlight(state: &UseReducerHandle<ReviewState>) {
    let blind = Rc::clone(&state.blind);
    let proposal = Rc::clone(&state.analysed);
    let preview = Rc::clone(&state.preview);
    use_effect_with((blind, preview), move |(blind, _)| {
        let Some(index) = highlight::index_region(PREVIEW_LABEL) else {
            return;
        };
        let ranges: Vec<web_sys::Range> = blind
            .iter()
            .filter_map(|f| {
                let slice = proposal.source().get(f.span.clone())?;
                highlight::find_source_passage(&index, slice).and_then(|r| index.dom_range(&r))
            })
            .collect();
        highlight::paint(BLIND_HIGHLIGHT, &ranges);
    });
}

/// The passage selected in the preview (kept while the user writes their comment).
#[hook]
fn use_preview_selection() -> UseStateHandle<Option<Selected>> {
    let selected = use_state(|| None::<Selected>);
    {
        let selected = selected.clone();
        use_effect_with((), move |()| {
            let listener =
                EventListener::new(&gloo::utils::document(), "selectionchange", move |e| {
                    // Typing moves the caret in a textbox, and each move is a
                    // `selectionchange` that bubbles here from the textbox. Asking the
                    // selection anything then makes the browser lay out the page at
                    // once (3 ms a keystroke in a 10 KB draft), and a textbox's caret
                    // is never a passage of the preview.
                    let in_textbox = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|t| is_textbox(&t));
                    if in_textbox {
                        return;
                    }
                    let Some(found) = preview_selection() else {
                        return;
                    };
                    if selected.as_ref() != Some(&found) {
                        selected.set(Some(found));
                    }
                });
            move || drop(listener)
        });
    }
    selected
}

fn is_textbox(element: &web_sys::Element) -> bool {
    matches!(element.tag_name().as_str(), "TEXTAREA" | "INPUT")
}

/// The current selection, if it is a non-empty passage inside the preview.
fn preview_selection() -> Option<Selected> {
    let preview = gloo::utils::document()
        .query_selector("[aria-label=Preview]")
        .ok()??;
    let selection = gloo::utils::window().get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let (start, end) = (range.start_container().ok()?, range.end_container().ok()?);
    if !preview.contains(Some(&start)) || !preview.contains(Some(&end)) {
        return None;
    }
    let index = TextIndex::new(&preview)?;
    let from = index.offset_of(&start, range.start_offset().ok()?)?;
    let to = index.offset_of(&end, range.end_offset().ok()?)?;
    let text: Rc<str> = Rc::from(index.text());
    (from < to && !text.get(from..to)?.trim().is_empty()).then_some(Selected {
        text,
        range: from..to,
    })
}

/// Locates every anchored comment in the preview's text, paints them, and returns where
/// each is (for the list's attached / detached notes).
#[hook]
fn use_anchor_highlight(state: &UseReducerHandle<ReviewState>) -> UseStateHandle<Rc<Vec<Located>>> {
    let located = use_state(|| Rc::new(Vec::<Located>::new()));
    let anchors = state.review.anchors.clone();
    let preview = Rc::clone(&state.preview);
    {
        let located = located.clone();
        use_effect_with((anchors, preview), move |(anchors, _)| {
            let Some(index) = highlight::index_region(PREVIEW_LABEL) else {
                return;
            };
            let found = highlight::paint_anchors(&index, anchors);
            if **located != found {
                located.set(Rc::new(found));
            }
        });
    }
    located
}

/// The accessible name of the review page's preview.
const PREVIEW_LABEL: &str = "Preview";

/// The highlight name the stylesheet paints blind-review findings with.
const BLIND_HIGHLIGHT: &str = "talkback-blind";

/// The highlight name the stylesheet paints a shown passage with.
const FOCUS_HIGHLIGHT: &str = "talkback-focus";

/// What the page finds saved when it opens.
struct Saved {
    draft: Result<Option<String>, StorageProblem>,
    profile: Option<talkback_core::checks::Profile>,
    rest: storage::SavedReview,
}

/// Reads what was saved. Server-side rendering (the native component tests) has no
/// storage: `None`, a fresh page.
fn read_saved() -> Option<Saved> {
    cfg!(target_arch = "wasm32").then(|| Saved {
        draft: storage::load_draft(),
        profile: storage::load_profile(),
        rest: storage::load_review(),
    })
}

/// The state the page opens with: the saved draft, limits, names and review, read
/// before the first render, so the page never shows an empty draft first.
fn restored(saved: Option<&Saved>) -> ReviewState {
    let Some(saved) = saved else {
        return ReviewState::default();
    };
    let mut actions = Vec::new();
    match &saved.draft {
        Ok(Some(text)) => actions.push(Action::Restore(text.clone())),
        Ok(None) => {}
        Err(problem) => actions.push(Action::StorageFailed(problem.clone())),
    }
    if let Some(profile) = &saved.profile {
        actions.push(Action::SetProfile(profile.clone()));
    }
    if !saved.rest.speaker_names.is_empty() {
        actions.push(Action::SpeakerNames(saved.rest.speaker_names.clone()));
    }
    actions.push(Action::RestoreReview {
        review: saved.rest.review.clone().map(Box::new),
        custom: saved.rest.custom.clone(),
    });
    let state = actions
        .into_iter()
        .fold(Rc::new(ReviewState::default()), Reducible::reduce);
    Rc::unwrap_or_clone(state)
}

/// At start-up: mark the page interactive, and listen for the other tabs and for the
/// page being hidden or closed.
#[hook]
fn use_startup_effects(
    state: &UseReducerHandle<ReviewState>,
    latest: &Rc<RefCell<Latest>>,
    saved: &Rc<Option<Saved>>,
) {
    let dispatcher = state.dispatcher();
    let latest = Rc::clone(latest);
    let saved = Rc::clone(saved);
    use_effect_with((), move |()| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(INTERACTIVE_MARK);
        }
        let window = gloo::utils::window();
        let on_other_tab = {
            let dispatcher = dispatcher.clone();
            EventListener::new(&window, "storage", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                if event.key().as_deref() == Some(storage::DRAFT_KEY) {
                    dispatcher
                        .dispatch(Action::OtherTabSaved(event.new_value().unwrap_or_default()));
                }
            })
        };
        let save_now = {
            let latest = Rc::clone(&latest);
            let dispatcher = dispatcher.clone();
            move |_: &web_sys::Event| {
                if let Err(problem) = save_latest(&latest) {
                    dispatcher.dispatch(Action::StorageFailed(problem));
                }
            }
        };
        let document = gloo::utils::document();
        let on_hidden = EventListener::new(&document, "visibilitychange", save_now.clone());
        let on_pagehide = EventListener::new(&window, "pagehide", save_now);
        // Another tab may have saved between the first read and the listener: ask, as
        // the listener would have.
        let first = saved.as_ref().as_ref().map(|saved| &saved.draft);
        if let (Ok(Some(now)), Some(Ok(first))) = (storage::load_draft(), first) {
            if first.as_deref() != Some(now.as_str()) {
                dispatcher.dispatch(Action::OtherTabSaved(now));
            }
        }
        move || drop((on_other_tab, on_hidden, on_pagehide))
    });
}

/// How long after the last keystroke the checks and the blind-review scan run.
const ANALYSIS_DELAY_MS: u32 = 150;

/// Runs the checks and the blind-review scan once typing pauses, so a keystroke only
/// pays for parsing and the preview.
#[hook]
fn use_analysis_after_pause(state: &UseReducerHandle<ReviewState>) {
    let timer = use_mut_ref(|| None::<Timeout>);
    let dispatcher = state.dispatcher();
    let stale = !state.is_analysed();
    use_effect_with((Rc::clone(&state.proposal), stale), move |(_, stale)| {
        if *stale {
            *timer.borrow_mut() = Some(Timeout::new(ANALYSIS_DELAY_MS, move || {
                dispatcher.dispatch(Action::Analyse);
            }));
        }
    });
}

/// Saves the draft [`AUTOSAVE_DELAY_MS`] after the last edit, unless another tab's
/// version is waiting for the user's choice.
#[hook]
fn use_autosave(state: &UseReducerHandle<ReviewState>, latest: &Rc<RefCell<Latest>>) {
    let timer = use_mut_ref(|| None::<Timeout>);
    let dispatcher = state.dispatcher();
    let latest = Rc::clone(latest);
    let paused = state.other_tab_text.is_some();
    use_effect_with((state.revision, paused), move |&(revision, paused)| {
        if revision > 0 && !paused {
            latest.borrow_mut().dirty = true;
            let latest = Rc::clone(&latest);
            *timer.borrow_mut() = Some(Timeout::new(AUTOSAVE_DELAY_MS, move || {
                // Dispatch only after the borrow ends: a dispatch may render at once.
                match save_latest(&latest) {
                    Ok(()) => dispatcher.dispatch(Action::StorageSaved),
                    Err(problem) => dispatcher.dispatch(Action::StorageFailed(problem)),
                }
            }));
        }
    });
}

/// Saves the latest text if it has unsaved changes and saving is not paused.
fn save_latest(latest: &RefCell<Latest>) -> Result<(), crate::ui::state::StorageProblem> {
    let mut latest = latest.borrow_mut();
    if latest.paused || !latest.dirty {
        return Ok(());
    }
    let Some(proposal) = latest.text.clone() else {
        return Ok(());
    };
    storage::save_draft(proposal.source())?;
    if let Some(review) = latest.review.clone() {
        let parts: SavedParts = (
            review,
            latest.custom.clone(),
            Rc::clone(&latest.speaker_names),
        );
        let unchanged = latest.saved_review.as_ref().is_some_and(|saved| {
            Rc::ptr_eq(&saved.0, &parts.0)
                && saved.1.as_ref().map(Rc::as_ptr) == parts.1.as_ref().map(Rc::as_ptr)
                && Rc::ptr_eq(&saved.2, &parts.2)
        });
        if !unchanged {
            storage::save_review(&parts.0, parts.1.as_deref(), &parts.2)?;
            latest.saved_review = Some(parts);
        }
    }
    latest.dirty = false;
    Ok(())
}
