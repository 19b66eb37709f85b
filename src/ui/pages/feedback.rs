//! The feedback view: a review opened from a link, read-only. It says whom the link is
//! for: feedback for the speaker, or a review for the committee (with a warning not to
//! forward it). The author can edit the included proposal here and see which passage
//! comments still attach.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::clipboard::copy_button;
use crate::ui::components::editor::ProposalEditor;
use crate::ui::components::preview::preview;
use crate::ui::highlight;
use crate::ui::state::preview_blocks;
use talkback_core::anchor::Located;
use talkback_core::committee::format_number;
use talkback_core::feedback::review_markdown;
use talkback_core::link::{LinkKind, Opened, SharedReview};
use talkback_core::proposal;
use talkback_core::rubric::Rubric;
use talkback_core::scoring::score;

/// The performance mark the feedback view sets after its first render: how long a speaker
/// who opens a link waits (`cargo xtask bench-browser` reads it).
pub const FEEDBACK_INTERACTIVE_MARK: &str = "talkback-feedback-interactive";

/// The accessible name of the proposal inside the feedback.
const PROPOSAL_LABEL: &str = "Proposal as shared";

/// Props of [`FeedbackPage`].
#[derive(Properties, PartialEq)]
pub struct FeedbackPageProps {
    /// The link as opened: its kind and review.
    pub opened: Rc<Opened>,
    /// Start a new review of this proposal (its text, if the link carried it).
    pub on_new_review: Callback<Option<String>>,
    /// (Mentoring) the speaker's own text for this feedback, if this browser keeps it:
    /// their item (or draft) that sent it, revised since perhaps.
    #[cfg(feature = "mentoring")]
    pub own_text: Callback<(), Option<String>>,
    /// (Mentoring) keeps the speaker's revision as their own item (or draft; never over
    /// another text without the review page's choice).
    #[cfg(feature = "mentoring")]
    pub on_revised: Callback<String>,
}

/// The feedback, read-only.
#[component]
pub fn FeedbackPage(props: &FeedbackPageProps) -> Html {
    let for_speaker = props.opened.kind == LinkKind::SpeakerFeedback;
    let shared = &use_memo(Rc::clone(&props.opened), |o| o.shared.clone());
    // The link was range-checked against its rubric when decoded.
    let rubric: Option<Rubric> = shared.review.resolve().ok();
    let original = shared.proposal.clone().unwrap_or_default();
    // The speaker's revision kept in this browser opens here as it was left.
    #[cfg(feature = "mentoring")]
    let own = {
        let own_text = props.own_text.clone();
        move || own_text.emit(()).filter(|_| for_speaker)
    };
    #[cfg(not(feature = "mentoring"))]
    let edited = use_state(|| None::<String>);
    // (Open at once only when it is a revision: neither the text reviewed nor as shared.)
    #[cfg(feature = "mentoring")]
    let edited = use_state(|| {
        own().filter(|t| {
            Some(t) != shared.proposal.as_ref()
                && Some(talkback_core::link::content_hash(t)) != props.opened.reference.hash
        })
    });
    let text = (*edited).clone().unwrap_or_else(|| original.clone());
    let revised = use_node_ref();
    #[cfg(feature = "mentoring")]
    let revising = crate::ui::mentoring::use_revising(&props.opened, &text);
    let blocks = use_memo(text.clone(), |text| preview_blocks(text, &[]));
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(FEEDBACK_INTERACTIVE_MARK);
        }
    });
    let located = highlight::use_painted_anchors(
        PROPOSAL_LABEL,
        shared.review.anchors.clone(),
        blocks.clone(),
    );
    let title = proposal::parse(&text).title().map(str::to_string);
    let on_new = {
        let cb = props.on_new_review.clone();
        let proposal = shared.proposal.clone();
        Callback::from(move |_: MouseEvent| cb.emit(proposal.clone()))
    };
    let copy_markdown = {
        let shared = Rc::clone(shared);
        Callback::from(move |()| review_markdown(&shared))
    };
    let on_print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let on_edit_toggle = {
        let edited = edited.clone();
        let original = original.clone();
        Callback::from(move |_: MouseEvent| {
            edited.set(if edited.is_some() {
                None
            } else {
                // (Mentoring: the speaker's own text, if kept.)
                #[cfg(feature = "mentoring")]
                let start = own().unwrap_or_else(|| original.clone());
                #[cfg(not(feature = "mentoring"))]
                let start = original.clone();
                Some(start)
            });
        })
    };
    // Told after the keystroke's frame, as the review page's editor is. The same callback
    // from render to render (each text the page hears renders it again), so the editor's
    // props stay equal and its effect is not made again.
    #[cfg(feature = "mentoring")]
    let edit_deps = (props.on_revised.clone(), for_speaker);
    #[cfg(not(feature = "mentoring"))]
    let edit_deps = ();
    let on_edit = {
        let set_edited = edited.setter();
        use_callback(edit_deps, move |text: String, deps| {
            // The speaker's revision is kept as their own (mentoring).
            #[cfg(feature = "mentoring")]
            {
                let (on_revised, for_speaker) = deps;
                if *for_speaker {
                    on_revised.emit(text.clone());
                }
            }
            #[cfg(not(feature = "mentoring"))]
            let () = *deps;
            set_edited.set(Some(text));
        })
    };
    // Mentoring: kept as the speaker's own (never over another text without the review
    // page's choice).
    #[cfg(feature = "mentoring")]
    let mine = *use_memo(Rc::clone(&props.opened), |o| {
        crate::ui::mentoring::made_here(o)
    });
    #[cfg(not(feature = "mentoring"))]
    let mine = false;
    let revised_help = if mine {
        "You made this link: edit here to see which comments still apply. This copy is not saved; your review is unchanged."
    } else if cfg!(all(feature = "workspace", feature = "mentoring")) && for_speaker {
        "Your revised proposal: edit here to see which comments still apply. It is kept in this browser as your own proposal."
    } else if cfg!(feature = "mentoring") && for_speaker {
        "Your revised proposal: edit here to see which comments still apply. It is kept in this browser as your own proposal; if your draft on the review page is another one, the review page asks before replacing it."
    } else {
        "Your revised proposal: edit here to see which comments still apply. This copy is not saved."
    };
    // `Send revision` under a speaker's feedback (mentoring).
    #[cfg(feature = "mentoring")]
    let send_revision = if for_speaker {
        crate::ui::mentoring::send_revision_view(&revising, &props.opened, &text)
    } else {
        Html::default()
    };
    #[cfg(not(feature = "mentoring"))]
    let send_revision = Html::default();
    html! {
        <main class="feedback-page">
            <section class="feedback" role="region" aria-label="Feedback">
                <p class="link-audience">
                    <strong>{ if for_speaker { "Feedback for the speaker" } else { "Review for the committee" } }</strong>
                </p>
                <h2>{ title.map_or_else(|| "Feedback on a talk proposal".to_string(), |t| format!("Feedback on “{t}”")) }</h2>
                if !for_speaker {
                    <p class="notice notice-warning">{ "This link is for the committee: it holds the reviewer's notes for the committee. Do not forward it to the speaker; the reviewer has a separate link for them." }</p>
                }
                <p class="hint">
                    { "Opened from a link: this review lives only in the link and in this browser. Nothing was sent anywhere." }
                    if let Some(name) = &shared.review.pseudonym {
                        { format!(" Signed: {name}.") }
                    }
                </p>
                if let Some(rubric) = &rubric {
                    if !for_speaker || shared.review.scores_to_speaker == Some(true) {
                        { scores_view(rubric, shared) }
                    } else {
                        { comments_view(rubric, shared) }
                    }
                }
                if !shared.review.author_comment.is_empty() {
                    <h3>{ "For the author" }</h3>
                    <p class="feedback-comment">{ shared.review.author_comment.clone() }</p>
                }
                { reasons_view(&shared.review.reasons) }
                if !shared.review.committee_comment.is_empty() {
                    <h3>{ "For the committee" }</h3>
                    <p class="feedback-comment">{ shared.review.committee_comment.clone() }</p>
                }
                if !shared.review.anchors.is_empty() {
                    <h3>{ "Comments on passages" }</h3>
                    <ol class="anchor-list">
                        { for shared.review.anchors.iter().enumerate().map(|(i, a)| {
                            let status = match located.get(i) {
                                Some(Located::Moved(_)) => " (the passage has changed)",
                                Some(Located::Detached) => " (detached: this passage is no longer in the proposal)",
                                Some(Located::Exact(_)) | None => "",
                            };
                            let detached = matches!(located.get(i), Some(Located::Detached));
                            html! {
                                <li class={classes!("anchor", detached.then_some("detached"))}>
                                    <blockquote>{ a.anchor.quote.clone() }</blockquote>
                                    <p>{ a.comment.clone() }<span class="anchor-status">{ status }</span></p>
                                </li>
                            }
                        }) }
                    </ol>
                }
                <div class="feedback-actions">
                    <button type="button" onclick={on_new}>{ "Start a new review of this proposal" }</button>
                    { copy_button("Copy as Markdown", copy_markdown) }
                    <button type="button" onclick={on_print}>{ "Print" }</button>
                    if shared.proposal.is_some() {
                        <button type="button" onclick={on_edit_toggle}>
                            { if edited.is_some() { "Show the proposal as shared" } else { "Edit the proposal" } }
                        </button>
                    }
                </div>
                if edited.is_some() {
                    // Named `Proposal` (UI-CONTRACT): the review page's editor of that
                    // name is hidden (out of the accessibility tree) while this shows.
                    <label for="revised-proposal">{ "Proposal" }</label>
                    <p id="revised-help" class="hint">{ revised_help }</p>
                    <ProposalEditor
                        text={AttrValue::from(text.clone())}
                        {on_edit}
                        node_ref={revised}
                        id="revised-proposal"
                        described_by="revised-help" />
                }
                { send_revision }
                if shared.proposal.is_some() {
                    { preview(&blocks, PROPOSAL_LABEL) }
                } else if !for_speaker {
                    <p class="hint">{ "The reviewer shared the scores without the proposal." }</p>
                }
            </section>
        </main>
    }
}

/// The comments on criteria without scores: a speaker link whose reviewer keeps the
/// scores for the committee.
fn comments_view(rubric: &Rubric, shared: &SharedReview) -> Html {
    let comments: Vec<(String, String)> = rubric
        .criteria
        .iter()
        .zip(&shared.review.criterion_comments)
        .filter(|(_, c)| !c.trim().is_empty())
        .map(|(k, c)| (k.label.clone(), c.clone()))
        .collect();
    html! {
        <>
            <p class="hint">{ "The reviewer keeps the scores for the committee." }</p>
            if !comments.is_empty() {
                <h3>{ "On each criterion" }</h3>
                <dl class="criterion-comments">
                    { for comments.into_iter().map(|(label, comment)| html! {
                        <><dt>{ label }</dt><dd class="feedback-comment">{ comment }</dd></>
                    }) }
                </dl>
            }
        </>
    }
}

/// The reasons the reviewer ticked, each with its advice.
pub fn reasons_view(ids: &[u8]) -> Html {
    let reasons: Vec<_> = ids
        .iter()
        .filter_map(|&id| talkback_core::reasons::reason(id))
        .collect();
    if reasons.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3>{ "How to make it stronger" }</h3>
            { for reasons.into_iter().map(|r| html! {
                <>
                    <h4>{ r.title }</h4>
                    <p class="feedback-comment">{ r.advice }</p>
                </>
            }) }
        </>
    }
}

fn scores_view(rubric: &Rubric, shared: &SharedReview) -> Html {
    let s = score(rubric, &shared.review);
    // A total only where the rubric's scales have points: votes and checks are labels.
    let in_points = rubric
        .criteria
        .iter()
        .filter(|c| !c.independent)
        .all(|c| talkback_core::committee::has_points(&c.scale));
    let total = if in_points {
        format!(
            " · total {} (from {} to {})",
            format_number(s.total),
            format_number(s.min),
            format_number(s.max)
        )
    } else {
        String::new()
    };
    html! {
        <>
            <p class="score-summary">
                { format!("{}{total} · {} of {} answered", rubric.name, s.answered, rubric.criteria.len()) }
            </p>
            <table class="feedback-scores">
                <caption>{ "Scores" }</caption>
                <thead><tr><th scope="col">{ "Criterion" }</th><th scope="col">{ "Answer" }</th><th scope="col">{ "Comment" }</th></tr></thead>
                <tbody>
                    { for rubric.criteria.iter().enumerate().map(|(i, c)| {
                        let answer = shared.review.answer_level(i, c);
                        html! {
                            <tr>
                                <th scope="row">{ c.label.clone() }</th>
                                <td>
                                    { answer.map_or_else(|| "—".to_string(), |l| l.label.to_string()) }
                                    if let Some(l) = answer { if !l.meaning.is_empty() { <span class="level-meaning">{ format!(" {}", l.meaning) }</span> } }
                                </td>
                                <td>{ shared.review.criterion_comments.get(i).cloned().unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </>
    }
}
