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
use crate::ui::components::editor::ProposalEditor;
use crate::ui::components::fields::detected_fields;
use crate::ui::components::notices::{choice, other_tab_notice, storage_warning};
use crate::ui::components::preview::preview;
use crate::ui::components::rubric_editor::RubricEditor;
use crate::ui::components::scoring::ScoringPanel;
use crate::ui::components::share::SharePanel;
use crate::ui::highlight::{self, TextIndex};
#[cfg(feature = "mentoring")]
use crate::ui::mentoring::use_rounds;
use crate::ui::panic;
use crate::ui::state::{
    Action, AnalysisAction, DraftAction, Item, Replacement, ReviewState, SavingAction,
    ScoringAction, SharingAction, StorageProblem, StoredItem,
};
use crate::ui::storage::{self, ItemStore, LocalItemStore, MemoryItemStore};
use talkback_core::anchor::{Anchor, AnchoredComment};
use talkback_core::examples::EXAMPLES;
use talkback_core::rubric::Rubric;
use talkback_core::scoring::Audience;

/// How long after the last keystroke the draft is saved.
const AUTOSAVE_DELAY_MS: u32 = 300;

/// What the empty `Proposal` textbox shows: the shape of a proposal.
const PLACEHOLDER: &str =
    "# Your talk title\n\nDuration: 30 minutes\nLevel: Beginner\n\n## Description\n…";

/// The name of the `performance.mark` set when the editor first accepts input; the
/// browser benchmark measures start-up up to it.
pub const INTERACTIVE_MARK: &str = "talkback-interactive";

/// What the autosave timer and the page-lifecycle listeners need to save on `pagehide`:
/// the latest item and its generation, and whether saving is paused because another tab
/// saved a different version.
#[derive(Default)]
struct Latest {
    item: Option<Item>,
    generation: u64,
    paused: bool,
    dirty: bool,
    /// The `Proposal` textbox, which may hold keystrokes the page has not heard of yet
    /// (`ProposalEditor`): saving reads it.
    editor: NodeRef,
}

#[cfg(feature = "workspace")]
thread_local! {
    /// Saves the mounted page's unsaved changes now (the workspace calls it before it
    /// reads the open item or shows another, or keeps the speaker's revision in it).
    static FLUSH: RefCell<Option<Flush>> = RefCell::new(None);
}

/// Saves the mounted page's changes; says whether it waits for the other-tab choice.
#[cfg(feature = "workspace")]
type Flush = Rc<dyn Fn() -> bool>;

/// Saves the review page's pending changes at once (before the workspace switches item).
/// Returns whether the page waits for the user's choice between its version and another
/// tab's: then nothing may take it to another item (its version would be dropped).
#[cfg(feature = "workspace")]
pub fn flush() -> bool {
    let save = FLUSH.with(|f| f.borrow().clone());
    save.is_some_and(|save| save())
}

/// Props of [`ReviewPage`].
#[derive(Properties, PartialEq, Default)]
pub struct ReviewPageProps {
    /// A proposal to start a new review of (from a feedback link); asks before it
    /// replaces a draft.
    #[prop_or_default]
    pub incoming: Option<Rc<Replacement>>,
    /// (Mentoring) how often a round was received: `Rounds` is read again when it
    /// changes.
    #[prop_or_default]
    pub rounds: u32,
}

/// The review page.
#[component]
pub fn ReviewPage(props: &ReviewPageProps) -> Html {
    // What was saved, read once at start-up; its draft is kept to notice another tab
    // saving before this page listens for it.
    let store = use_memo((), |()| {
        AT_START
            .with(|at| at.borrow_mut().store.take())
            .unwrap_or_else(new_store)
    });
    #[cfg(feature = "mentoring")]
    let asking = crate::ui::mentoring::use_asking();
    let saved = {
        let store = Rc::clone(&store);
        use_memo((), move |()| {
            AT_START
                .with(|at| at.borrow_mut().saved.take())
                .unwrap_or_else(|| read_saved(&**store))
        })
    };
    let state = {
        let saved = Rc::clone(&saved);
        use_reducer(move || {
            let opening = ReviewState::restored(&saved.item, saved.profile.as_ref());
            // In the browser the draft is analysed right after the first frame
            // (`use_analysis_when_idle`); server-side rendering has no later frame.
            if cfg!(target_arch = "wasm32") {
                opening
            } else {
                Rc::unwrap_or_clone(Rc::new(opening).reduce(AnalysisAction::Analyse.into()))
            }
        })
    };
    // Read again when links are made (a feedback round joins the timeline) or a
    // revision is received.
    #[cfg(feature = "mentoring")]
    let held_rounds = use_rounds(state.sharing.link.is_some(), props.rounds);
    // Links name the version received, frozen, not the working copy.
    #[cfg(feature = "mentoring")]
    {
        let dispatcher = state.dispatcher();
        let base = held_rounds.0.base().map(|r| r.hash);
        // Only a change is dispatched: a page with no rounds (every first visit) runs no
        // reducer at start-up, so the first view compiles none (docs/performance.md).
        let held = state.sharing.received;
        use_effect_with(base, move |base| {
            if *base != held {
                dispatcher.dispatch(SharingAction::Received(*base).into());
            }
        });
    }
    {
        // The saved draft is in the state from the first render on, so a restored
        // draft is never replaced without asking.
        let dispatcher = state.dispatcher();
        use_effect_with(props.incoming.clone(), move |incoming| {
            if let Some(replacement) = incoming {
                dispatcher.dispatch(DraftAction::RequestReplace((**replacement).clone()).into());
            }
        });
    }
    let latest = use_mut_ref(Latest::default);
    let editor = use_node_ref();
    {
        let mut latest = latest.borrow_mut();
        latest.editor = editor.clone();
        latest.paused = state.saving.other_tab_text.is_some();
        latest.item = Some(state.item());
        latest.generation = state.item_generation;
        latest.dirty = state.needs_save();
    }
    panic::remember(&state.draft.proposal);

    use_startup_effects(&state, &latest, &store, &saved);
    use_focus_highlight(&state);
    use_blind_highlight(&state);
    let selected = use_preview_selection();
    let editing_rubric = use_state(|| false);
    // The panels beside and below the editor (the blind-review check, the checks, the
    // scoring, the share panel) show once the draft is analysed: a task after the first
    // frame, which holds the editor and the preview only (docs/performance.md).
    let below_the_fold = state.analysis.ready;
    let located = highlight::use_painted_anchors(
        PREVIEW_LABEL,
        state.scoring.review.anchors.clone(),
        Rc::clone(&state.draft.preview),
    );
    // The same `Rc` until the review changes, so the list is not rendered again.
    let anchors = use_memo(Rc::clone(&state.scoring.review), |review| {
        review.anchors.clone()
    });
    // Whom each passage comment is for, the ticked reasons and the ones the checks
    // suggest: rebuilt only when the review (or the findings) change.
    let anchor_audiences = use_memo(
        (
            Rc::clone(&state.scoring.review),
            Rc::clone(&state.scoring.rubric),
        ),
        |(review, rubric)| {
            (0..review.anchors.len())
                .map(|i| review.anchor_audience(i, rubric))
                .collect::<Vec<_>>()
        },
    );
    let reasons = use_memo(Rc::clone(&state.scoring.review), |review| {
        review.reasons.clone()
    });
    let suggested = use_memo(
        (
            Rc::clone(&state.analysis.checks),
            state.analysis.blind.is_empty(),
        ),
        |(checks, no_leaks)| talkback_core::reasons::suggest(&checks.findings, !no_leaks),
    );
    use_autosave(&state, &latest, &store);
    let panel = use_node_ref();
    use_analysis_when_idle(&state, &panel);
    {
        // Save the conference limits when the user changes them (not the defaults).
        let first = use_mut_ref(|| true);
        use_effect_with(Rc::clone(&state.analysis.profile), move |profile| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                storage::save_profile(profile);
            }
        });
    }

    let on_example = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = select.value().parse::<usize>() {
                if let Some(example) = Replacement::example(n) {
                    dispatcher.dispatch(DraftAction::RequestReplace(example).into());
                }
            }
            select.set_value("");
        })
    };
    let on = {
        let dispatcher = state.dispatcher();
        use_memo((), move |()| Callbacks::new(&dispatcher))
    };
    // Stable too: the same until the selection changes.
    let on_add_anchor = {
        let dispatcher = state.dispatcher();
        let set_selected = selected.setter();
        use_callback((*selected).clone(), move |comment: String, selected| {
            if let Some(s) = selected {
                let anchor = Anchor::new(&s.text, s.range.clone());
                dispatcher.dispatch(
                    ScoringAction::AddAnchor(AnchoredComment {
                        anchor,
                        comment,
                        audience: None,
                    })
                    .into(),
                );
                set_selected.set(None);
            }
        })
    };
    let on_edit_custom = {
        let set_editing = editing_rubric.setter();
        use_callback((), move |(), ()| set_editing.set(true))
    };
    // Beside the proposal (mentoring): the item's rounds, its speaker's questions and
    // what the latest revision changed.
    #[cfg(feature = "mentoring")]
    let rounds =
        crate::ui::mentoring::rounds_view(&held_rounds, &state.scoring.review, state.text());
    #[cfg(not(feature = "mentoring"))]
    let rounds = Html::default();
    // (Made only below the fold, inside the branch: nothing to drop before it shows.)
    #[cfg(not(feature = "mentoring"))]
    #[allow(clippy::let_unit_value)]
    let asking = ();

    html! {
        <main class="review">
            if let Some(problem) = &state.saving.storage_problem {
                { storage_warning(problem) }
            }
            if state.saving.other_tab_text.is_some() {
                { other_tab_notice(&on.take_other_tab, &on.keep_this_tab) }
            }
            if let Some(replacement) = &state.draft.pending_replace {
                { choice(AttrValue::from(format!("Replace your draft with {}? Your draft will be lost.", replacement.what)),
                    "Replace my draft", "Keep my draft", &on.confirm_replace, &on.cancel_replace) }
            }
            if let Some(title) = &state.draft.review_of {
                { choice(AttrValue::from(format!("The scores and comments on this page are your review of “{title}”. Is this another proposal? A fresh review clears them: make that review's link first if you need it.")),
                    "Start a fresh review", "Keep this review", &on.fresh_review, &on.keep_review) }
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
                    <ProposalEditor
                        text={AttrValue::from(state.draft.proposal.source().to_owned())}
                        on_edit={on.edit.clone()}
                        node_ref={editor}
                        id="proposal"
                        described_by="proposal-help"
                        placeholder={PLACEHOLDER} />
                    { detected_fields(&state.draft.proposal) }
                    { rounds }
                </section>
                { preview(&state.draft.preview, PREVIEW_LABEL) }
                <aside class="review-panel" ref={panel}>
                    if let Some(next) = &state.scoring.pending_rubric {
                        { choice(AttrValue::from(format!("Switch to “{}”? Scores that do not fit the new rubric will be dropped.", next.name)),
                            "Switch rubric", "Keep this rubric", &on.confirm_rubric, &on.cancel_rubric) }
                    }
                    // Made once the editor and preview are painted and the draft analysed.
                    if below_the_fold {
                    <BlindReviewPanel
                        analysed={Rc::clone(&state.analysis.analysed)}
                        findings={Rc::clone(&state.analysis.blind)}
                        redacted={Rc::clone(&state.analysis.redacted)}
                        speaker_names={AttrValue::from(Rc::clone(&state.analysis.speaker_names))}
                        on_speaker_names={on.speaker_names.clone()}
                        on_redact={on.redact.clone()}
                        on_ignore={on.ignore.clone()}
                        on_redact_all={on.redact_all.clone()}
                        on_show={on.show_finding.clone()} />
                    <ChecksPanel report={Rc::clone(&state.analysis.checks)} on_show={on.show_passage.clone()}
                        profile={Rc::clone(&state.analysis.profile)} on_profile={on.set_profile.clone()} />
                    if *editing_rubric {
                        <RubricEditor
                            initial={state.scoring.custom_rubric.clone().unwrap_or_else(|| Rc::new(state.scoring.rubric.to_custom(&format!("My {}", state.scoring.rubric.name))))}
                            on_save={
                                let dispatcher = state.dispatcher();
                                let editing = editing_rubric.clone();
                                Callback::from(move |rubric: Rubric| {
                                    dispatcher.dispatch(ScoringAction::SaveCustomRubric(rubric).into());
                                    editing.set(false);
                                })
                            }
                            on_cancel={
                                let editing = editing_rubric.clone();
                                Callback::from(move |()| editing.set(false))
                            } />
                    } else {
                    <ScoringPanel
                        rubric={Rc::clone(&state.scoring.rubric)}
                        review={Rc::clone(&state.scoring.review)}
                        custom_rubric={state.scoring.custom_rubric.clone()}
                        on_choose_rubric={on.choose_rubric.clone()}
                        on_answer={on.answer.clone()}
                        on_criterion_comment={on.criterion_comment.clone()}
                        on_author_comment={on.author_comment.clone()}
                        on_committee_comment={on.committee_comment.clone()}
                        on_criterion_audience={on.criterion_audience.clone()}
                        on_scores_to_speaker={on.scores_to_speaker.clone()}
                        on_edit_custom={on_edit_custom} />
                    }
                    <AnchorsPanel
                        anchors={anchors}
                        located={(*located).clone()}
                        selected={(*selected).clone()}
                        on_add={on_add_anchor}
                        on_edit={on.edit_anchor.clone()}
                        on_remove={on.remove_anchor.clone()}
                        audiences={anchor_audiences}
                        on_audience={on.anchor_audience.clone()} />
                    <SharePanel
                        link={state.sharing.link.clone()}
                        revision={state.shared_generation}
                        include_proposal={state.sharing.include_proposal}
                        unredacted={state.sharing.unredacted}
                        pseudonym={AttrValue::from(state.scoring.review.pseudonym.clone().unwrap_or_default())}
                        on_create={on_create_link(&state, &on.create_link)}
                        on_include_proposal={on.include_proposal.clone()}
                        on_unredacted={on.unredacted.clone()}
                        on_pseudonym={on.pseudonym.clone()}
                        reasons={reasons}
                        suggested={suggested}
                        on_reason={on.reason.clone()} />
                    { ask_for_feedback(&asking, &state) }
                    }
                </aside>
            </div>
        </main>
    }
}

/// The speaker's `Ask for feedback` (mentoring): the draft as written, or redacted.
#[cfg(feature = "mentoring")]
fn ask_for_feedback(
    asking: &crate::ui::mentoring::Asking,
    state: &UseReducerHandle<ReviewState>,
) -> Html {
    let state = state.clone();
    let text = Callback::from(move |redact: bool| {
        if redact {
            state.shared_proposal()
        } else {
            state.text().to_string()
        }
    });
    crate::ui::mentoring::ask_view(asking, text)
}

#[cfg(not(feature = "mentoring"))]
#[allow(clippy::trivially_copy_pass_by_ref)]
fn ask_for_feedback((): &(), _: &UseReducerHandle<ReviewState>) -> Html {
    Html::default()
}

/// `Create links`; with mentoring, on an item with rounds, also a feedback round.
#[cfg(feature = "mentoring")]
fn on_create_link(state: &UseReducerHandle<ReviewState>, create: &Callback<()>) -> Callback<()> {
    let (state, create) = (state.clone(), create.clone());
    Callback::from(move |()| {
        crate::ui::mentoring::feedback_sent(state.text(), &state.scoring.review);
        create.emit(());
    })
}

#[cfg(not(feature = "mentoring"))]
fn on_create_link(_: &UseReducerHandle<ReviewState>, create: &Callback<()>) -> Callback<()> {
    create.clone()
}

/// Where share links point (see [`crate::ui::link_base`]): the page's own address, or in
/// the one-file build the hosted address it was built with or given; empty (a bare
/// `#…` fragment) until it has one, never a `file://` path.
pub fn share_base_url() -> String {
    crate::ui::link_base::link_base().address().to_owned()
}

/// A callback that dispatches `make(value)` to the page's reducer.
fn send<T: 'static, A: Into<Action>>(
    dispatcher: &UseReducerDispatcher<ReviewState>,
    make: impl Fn(T) -> A + 'static,
) -> Callback<T> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |value: T| dispatcher.dispatch(make(value).into()))
}

/// A callback that dispatches `action`.
fn dispatch(
    dispatcher: &UseReducerDispatcher<ReviewState>,
    action: impl Into<Action>,
) -> Callback<()> {
    let (dispatcher, action) = (dispatcher.clone(), action.into());
    Callback::from(move |()| dispatcher.dispatch(action.clone()))
}

/// `Load the other tab's version`: with the workspace, the page is made again from the
/// item's keys (text, review, hidden speakers: all the other tab's); else the text.
fn take_other_tab(d: &UseReducerDispatcher<ReviewState>) -> Callback<()> {
    #[cfg(feature = "workspace")]
    {
        let d = d.clone();
        Callback::from(move |()| {
            if !crate::ui::workspace::reload_review() {
                d.dispatch(SavingAction::TakeOtherTab.into());
            }
        })
    }
    #[cfg(not(feature = "workspace"))]
    dispatch(d, SavingAction::TakeOtherTab)
}

/// The page's callbacks that only dispatch an action. Made once per page, so they are the
/// same on every render and never change a component's props: a keystroke re-renders only
/// the components whose parts changed.
struct Callbacks {
    edit: Callback<String>,
    take_other_tab: Callback<()>,
    keep_this_tab: Callback<()>,
    confirm_replace: Callback<()>,
    cancel_replace: Callback<()>,
    fresh_review: Callback<()>,
    keep_review: Callback<()>,
    confirm_rubric: Callback<()>,
    cancel_rubric: Callback<()>,
    speaker_names: Callback<String>,
    redact: Callback<usize>,
    ignore: Callback<(usize, bool)>,
    redact_all: Callback<()>,
    show_finding: Callback<usize>,
    show_passage: Callback<std::ops::Range<usize>>,
    set_profile: Callback<talkback_core::checks::Profile>,
    choose_rubric: Callback<String>,
    answer: Callback<(usize, Option<u8>)>,
    criterion_comment: Callback<(usize, String)>,
    author_comment: Callback<String>,
    committee_comment: Callback<String>,
    edit_anchor: Callback<(usize, String)>,
    remove_anchor: Callback<usize>,
    criterion_audience: Callback<(usize, Audience)>,
    anchor_audience: Callback<(usize, Audience)>,
    scores_to_speaker: Callback<bool>,
    reason: Callback<(u8, bool)>,
    create_link: Callback<()>,
    include_proposal: Callback<bool>,
    unredacted: Callback<bool>,
    pseudonym: Callback<String>,
}

impl Callbacks {
    fn new(d: &UseReducerDispatcher<ReviewState>) -> Self {
        Self {
            edit: send(d, DraftAction::Edit),
            take_other_tab: take_other_tab(d),
            keep_this_tab: dispatch(d, SavingAction::KeepThisTab),
            confirm_replace: dispatch(d, DraftAction::ConfirmReplace),
            cancel_replace: dispatch(d, DraftAction::CancelReplace),
            fresh_review: dispatch(d, DraftAction::StartFreshReview),
            keep_review: dispatch(d, DraftAction::KeepReview),
            confirm_rubric: dispatch(d, ScoringAction::ConfirmRubric),
            cancel_rubric: dispatch(d, ScoringAction::CancelRubric),
            speaker_names: send(d, AnalysisAction::SpeakerNames),
            redact: send(d, AnalysisAction::RedactFinding),
            ignore: send(d, |(n, redacted)| {
                if redacted {
                    AnalysisAction::IgnoreFinding(n)
                } else {
                    AnalysisAction::UnignoreFinding(n)
                }
            }),
            redact_all: dispatch(d, AnalysisAction::RedactAll),
            show_finding: send(d, AnalysisAction::ShowFinding),
            show_passage: send(d, AnalysisAction::ShowPassage),
            set_profile: send(d, AnalysisAction::SetProfile),
            choose_rubric: send(d, ScoringAction::ChooseRubric),
            answer: send(d, |(criterion, level)| ScoringAction::Answer {
                criterion,
                level,
            }),
            criterion_comment: send(d, |(i, text)| ScoringAction::CriterionComment(i, text)),
            author_comment: send(d, ScoringAction::AuthorComment),
            committee_comment: send(d, ScoringAction::CommitteeComment),
            edit_anchor: send(d, |(n, text)| ScoringAction::EditAnchor(n, text)),
            remove_anchor: send(d, ScoringAction::RemoveAnchor),
            criterion_audience: send(d, |(i, a)| ScoringAction::CriterionAudience(i, a)),
            anchor_audience: send(d, |(n, a)| ScoringAction::AnchorAudience(n, a)),
            scores_to_speaker: send(d, ScoringAction::ScoresToSpeaker),
            reason: send(d, |(id, on)| ScoringAction::Reason(id, on)),
            create_link: send(d, |()| {
                #[cfg(feature = "workspace")]
                crate::ui::workspace::shared();
                SharingAction::CreateLink(share_base_url())
            }),
            include_proposal: send(d, SharingAction::IncludeProposal),
            unredacted: send(d, SharingAction::Unredacted),
            pseudonym: send(d, ScoringAction::Pseudonym),
        }
    }
}

/// Paints the passage a finding points at in the preview, and scrolls to it.
#[hook]
fn use_focus_highlight(state: &UseReducerHandle<ReviewState>) {
    let focus = state.analysis.focus.clone();
    // Finding ranges refer to the analysed text.
    let proposal = Rc::clone(&state.analysis.analysed);
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
    let blind = Rc::clone(&state.analysis.blind);
    let proposal = Rc::clone(&state.analysis.analysed);
    let preview = Rc::clone(&state.draft.preview);
    use_effect_with((blind, preview), move |(blind, _)| {
        if blind.is_empty() {
            highlight::paint(BLIND_HIGHLIGHT, &[]);
            return;
        }
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

/// The accessible name of the review page's preview.
const PREVIEW_LABEL: &str = "Preview";

/// The highlight name the stylesheet paints blind-review findings with.
const BLIND_HIGHLIGHT: &str = "talkback-blind";

/// The highlight name the stylesheet paints a shown passage with.
const FOCUS_HIGHLIGHT: &str = "talkback-focus";

/// What the page finds saved when it opens.
struct Saved {
    item: StoredItem,
    profile: Option<talkback_core::checks::Profile>,
    /// The item is this tab's version left unchosen by the page before (a reload while
    /// it offered the other-tab choice): the choice is offered again.
    #[cfg(feature = "workspace")]
    unchosen: bool,
}

/// The page's item store: the browser's local storage, or memory in server-side
/// rendering (the native component tests), which opens a fresh page.
fn new_store() -> Box<dyn ItemStore> {
    if cfg!(target_arch = "wasm32") {
        Box::new(LocalItemStore::default())
    } else {
        Box::new(MemoryItemStore::default())
    }
}

/// The store and what it held, read by [`read_at_start`] for the page's first render.
struct AtStart {
    store: Option<Box<dyn ItemStore>>,
    saved: Option<Saved>,
}

thread_local! {
    /// What [`read_at_start`] read, until the page's first render takes it.
    static AT_START: RefCell<AtStart> = const {
        RefCell::new(AtStart {
            store: None,
            saved: None,
        })
    };
}

/// Reads what was saved before Yew's first render (`ui::start`), when this page is the
/// app's first view (its first render takes it). Yew yields to the browser once a pass
/// has run 16 ms, and the page's first render sits at that budget (reading storage is
/// 1.5–2.5 ms of it, the first `localStorage` access of the page included): a yield paints
/// a frame and waits for a timer before the page is interactive. Read here, the same work
/// still comes before the interactive mark, and the render's clock starts after it
/// (docs/performance.md, session 17; the feedback link's fragment is read the same way).
pub(crate) fn read_at_start() {
    let store = new_store();
    let saved = read_saved(&*store);
    AT_START.with(|at| {
        *at.borrow_mut() = AtStart {
            store: Some(store),
            saved: Some(saved),
        }
    });
}

/// Reads what was saved, once, before the first render, so the page never shows an
/// empty draft first.
fn read_saved(store: &dyn ItemStore) -> Saved {
    #[cfg(feature = "workspace")]
    let unchosen = if cfg!(target_arch = "wasm32") {
        storage::take_unchosen()
    } else {
        None
    };
    Saved {
        #[cfg(feature = "workspace")]
        unchosen: unchosen.is_some(),
        #[cfg(feature = "workspace")]
        item: unchosen.unwrap_or_else(|| store.load()),
        #[cfg(not(feature = "workspace"))]
        item: store.load(),
        profile: if cfg!(target_arch = "wasm32") {
            storage::load_profile()
        } else {
            None
        },
    }
}

/// At start-up: mark the page interactive, and listen for the other tabs and for the
/// page being hidden or closed.
#[hook]
fn use_startup_effects(
    state: &UseReducerHandle<ReviewState>,
    latest: &Rc<RefCell<Latest>>,
    store: &Rc<Box<dyn ItemStore>>,
    saved: &Rc<Saved>,
) {
    let dispatcher = state.dispatcher();
    let latest = Rc::clone(latest);
    let store = Rc::clone(store);
    let saved = Rc::clone(saved);
    use_effect_with((), move |()| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(INTERACTIVE_MARK);
        }
        let window = gloo::utils::window();
        let on_other_tab = {
            let dispatcher = dispatcher.clone();
            #[cfg(feature = "workspace")]
            let (store, latest) = (Rc::clone(&store), Rc::clone(&latest));
            EventListener::new(&window, "storage", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                let key = event.key();
                // This tab's mirror only (another item's keys are another item), and
                // not a removal (a tab leaving the item after keeping it, workspace).
                if key.as_deref() == Some(&*storage::mirrored(storage::DRAFT_KEY)) {
                    #[cfg(feature = "workspace")]
                    let Some(text) = event.new_value() else {
                        return;
                    };
                    #[cfg(not(feature = "workspace"))]
                    let text = event.new_value().unwrap_or_default();
                    // Storage holds the other tab's parts: keeping ours saves them all.
                    #[cfg(feature = "workspace")]
                    store.forget_saved();
                    dispatcher.dispatch(SavingAction::OtherTabSaved(text).into());
                }
                // The review, which the workspace also writes when another tab changed
                // the item (forms imported, a backup restored).
                #[cfg(feature = "workspace")]
                if key.as_deref() == Some(&*storage::mirrored(storage::REVIEW_KEY))
                    && event.new_value().is_some()
                {
                    store.forget_saved();
                    // Paused at once, before the page renders: a save asked for meanwhile
                    // (the workspace's, as it hears of the change) must not write ours.
                    latest.borrow_mut().paused = true;
                    dispatcher.dispatch(SavingAction::OtherTabReview.into());
                }
            })
        };
        let save_now = {
            let latest = Rc::clone(&latest);
            let dispatcher = dispatcher.clone();
            move |_: &web_sys::Event| {
                if let Err(problem) = save_latest(&latest, &**store).map(drop) {
                    dispatcher.dispatch(SavingAction::StorageFailed(problem).into());
                }
            }
        };
        let document = gloo::utils::document();
        let on_hidden = EventListener::new(&document, "visibilitychange", save_now.clone());
        #[cfg(feature = "workspace")]
        let flush: Option<Flush> = {
            let (save_now, latest) = (save_now.clone(), Rc::clone(&latest));
            web_sys::Event::new("flush").ok().map(|event| {
                Rc::new(move || {
                    save_now(&event);
                    latest.borrow().paused
                }) as Flush
            })
        };
        #[cfg(feature = "workspace")]
        FLUSH.with(|f| f.borrow_mut().clone_from(&flush));
        // Left while the page waits for the other-tab choice (a reload): this tab's
        // version is kept for the next page on the item, which offers the choice again.
        #[cfg(feature = "workspace")]
        let save_now = {
            let latest = Rc::clone(&latest);
            move |event: &web_sys::Event| {
                save_now(event);
                let latest = latest.borrow();
                if let (true, Some(item)) = (latest.paused, &latest.item) {
                    let _ = storage::save_unchosen(item);
                }
            }
        };
        let on_pagehide = EventListener::new(&window, "pagehide", save_now);
        // Another tab may have saved between the first read and the listener: ask, as
        // the listener would have.
        if let (Ok(Some(now)), Ok(first)) = (storage::load_draft(), &saved.item.draft) {
            // This tab's version left unchosen, its text the same: the choice is of its
            // review, when that differs (else there is nothing to choose).
            #[cfg(feature = "workspace")]
            if saved.unchosen
                && first.as_deref() == Some(now.as_str())
                && storage::load_review().review.map(|(_, r)| r)
                    != saved.item.review.as_ref().map(|(_, r)| r.clone())
            {
                latest.borrow_mut().paused = true;
                dispatcher.dispatch(SavingAction::OtherTabReview.into());
            }
            if first.as_deref() != Some(now.as_str()) {
                dispatcher.dispatch(SavingAction::OtherTabSaved(now).into());
            }
        }
        move || {
            // This page's saver goes with it (a newer page's stays).
            #[cfg(feature = "workspace")]
            FLUSH.with(|f| {
                let mut f = f.borrow_mut();
                if let (Some(now), Some(ours)) = (&*f, &flush) {
                    if Rc::ptr_eq(now, ours) {
                        *f = None;
                    }
                }
            });
            drop((on_other_tab, on_hidden, on_pagehide));
        }
    });
}

/// At most how long after the draft changed the checks and the blind-review scan run,
/// however busy the page.
const ANALYSIS_LATEST_MS: u32 = 150;

/// Runs the checks and the blind-review scan (11–13 ms on a 10 KB draft) once the page
/// has drawn the change and is idle: right after it heard of a keystroke, early in the
/// pause before the next one, rather than on a timer that lands where a typist's next
/// keystroke is likely (docs/performance.md, session 13). Typing in a burst reaches the
/// page only when it pauses ([`ProposalEditor`]).
///
/// Once analysed, the review `panel` is laid out at once, in the analysis's own task.
/// Below the fold the browser skips drawing it (`content-visibility: auto`), and Chromium
/// then leaves what the analysis changed in it (a check's character count, at every
/// keystroke) to be laid out inside the next keystroke's frame, in a second layout pass
/// of its own (docs/performance.md, session 17). Asking for the layout of something in it
/// does that work here instead; drawn or not, the panel looks the same.
#[hook]
fn use_analysis_when_idle(state: &UseReducerHandle<ReviewState>, panel: &NodeRef) {
    let dispatcher = state.dispatcher();
    let stale = !state.is_analysed();
    let ready = state.analysis.ready;
    let panel = panel.clone();
    use_effect_with(
        (Rc::clone(&state.draft.proposal), stale),
        move |(_, stale)| {
            if !*stale {
                if let Some(inside) = panel
                    .cast::<web_sys::Element>()
                    .and_then(|panel| panel.first_element_child())
                {
                    let _ = inside.client_height();
                }
                return;
            }
            let analyse = move || dispatcher.dispatch(AnalysisAction::Analyse.into());
            if ready {
                crate::ui::idle::when_idle(ANALYSIS_LATEST_MS, analyse);
            } else {
                // The first analysis in the task after the first frame: its panels wait
                // for it.
                Timeout::new(0, analyse).forget();
            }
        },
    );
}

/// Saves the item [`AUTOSAVE_DELAY_MS`] after the last change to it, unless another
/// tab's version is waiting for the user's choice.
#[hook]
fn use_autosave(
    state: &UseReducerHandle<ReviewState>,
    latest: &Rc<RefCell<Latest>>,
    store: &Rc<Box<dyn ItemStore>>,
) {
    let timer = use_mut_ref(|| None::<Timeout>);
    let dispatcher = state.dispatcher();
    let latest = Rc::clone(latest);
    let store = Rc::clone(store);
    let paused = state.saving.other_tab_text.is_some();
    let needed = state.needs_save();
    use_effect_with(
        (state.item_generation, needed, paused),
        move |&(_, needed, paused)| {
            if needed && !paused {
                *timer.borrow_mut() = Some(Timeout::new(AUTOSAVE_DELAY_MS, move || {
                    // Dispatch only after the borrow ends: a dispatch may render at once.
                    match save_latest(&latest, &**store) {
                        Ok(Some(generation)) => {
                            dispatcher.dispatch(SavingAction::Saved(generation).into());
                            #[cfg(feature = "workspace")]
                            crate::ui::workspace::saved();
                        }
                        Ok(None) => {}
                        Err(problem) => {
                            dispatcher.dispatch(SavingAction::StorageFailed(problem).into());
                        }
                    }
                }));
            }
        },
    );
}

/// Saves the latest item if it has unsaved changes and saving is not paused. Returns the
/// item generation storage now holds, or `None` when saving is paused.
fn save_latest(
    latest: &RefCell<Latest>,
    store: &dyn ItemStore,
) -> Result<Option<u64>, StorageProblem> {
    let mut latest = latest.borrow_mut();
    if latest.paused {
        return Ok(None);
    }
    // Keystrokes the page has not heard of yet are saved too.
    let typed = (latest.editor.cast::<HtmlTextAreaElement>()).map(|area| area.value());
    let latest = &mut *latest;
    if let (Some(typed), Some(item)) = (typed, &mut latest.item) {
        if typed != item.proposal.source() {
            item.proposal = Rc::new(talkback_core::proposal::parse(&typed));
            latest.dirty = true;
        }
    }
    if latest.dirty {
        if let Some(item) = &latest.item {
            store.save(item)?;
        }
        latest.dirty = false;
    }
    Ok(Some(latest.generation))
}
