//! The draft part: the parsed draft, its preview, and a replacement waiting for the
//! user's go-ahead.

use std::rc::Rc;

use super::{preview_blocks, PreviewBlock, ReviewState, ScoringAction, Then};
use talkback_core::examples::EXAMPLES;
use talkback_core::proposal::{self, Proposal};

/// The draft as the editor, the detected fields and the preview show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The parsed draft (it owns the source text).
    pub proposal: Rc<Proposal>,
    /// The safe preview of `proposal`'s text, block by block.
    pub preview: Rc<Vec<PreviewBlock>>,
    /// A replacement (an example, or a proposal from a feedback link) waiting for the
    /// user's go-ahead to replace a non-empty draft.
    pub pending_replace: Option<Rc<Replacement>>,
    /// Set when one paste replaced most of a proposal that had a review with content: the
    /// earlier proposal's title, for asking whether the review on the page is for this one
    /// (the page holds one review; without the question, B's link would carry A's review).
    pub review_of: Option<Rc<str>>,
}

impl Draft {
    /// A draft of `text`, parsed and rendered.
    pub fn new(text: String) -> Self {
        Self {
            // (An empty draft has no blocks: the Markdown renderer is not run, nor
            // compiled, for the first view of a first visit.)
            preview: Rc::new(if text.is_empty() {
                Vec::new()
            } else {
                preview_blocks(&text, &[])
            }),
            proposal: Rc::new(proposal::parse(&text)),
            pending_replace: None,
            review_of: None,
        }
    }

    /// This draft with a new text: parsed and previewed (the checks wait for a pause in
    /// typing); a pending replacement is dropped.
    fn edited(&self, text: &str) -> Self {
        Self {
            preview: Rc::new(preview_blocks(text, &self.preview)),
            proposal: Rc::new(proposal::parse(text)),
            pending_replace: None,
            review_of: self.review_of.clone(),
        }
    }
}

/// Whether `new` is another proposal pasted over `old` rather than an edit of it: one
/// change replaced more than half of a text of some length, and the title changed.
/// Typing changes a few characters at a time, so it never asks.
fn another_proposal(old: &Proposal, new: &Proposal) -> bool {
    let (a, b) = (old.source().as_bytes(), new.source().as_bytes());
    let (prefix, suffix) = talkback_core::revision::common_ends(a, b);
    let replaced = a.len() - prefix - suffix;
    a.len() >= 80
        && replaced * 2 > a.len()
        && matches!((old.title(), new.title()), (Some(x), Some(y)) if x.trim() != y.trim())
}

/// A new text for the draft, from somewhere other than typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// What it is, for the question ("the example “…”").
    pub what: String,
    /// The new draft.
    pub text: String,
    /// Start the review afresh too (a new review of a shared proposal).
    pub fresh_review: bool,
}

impl Replacement {
    /// Bundled example `n`, if there is one.
    pub fn example(n: usize) -> Option<Self> {
        let example = EXAMPLES.get(n)?;
        Some(Self {
            what: format!("the example “{}”", example.name),
            text: example.markdown.to_string(),
            fresh_review: false,
        })
    }
}

/// What can happen to the draft.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftAction {
    /// The user typed or pasted, or something else set the text: the whole new text.
    /// (Typing is told after the keystroke's frame: `components::editor`.)
    Edit(String),
    /// The saved draft was read at start-up (ignored once something was typed).
    Restore(String),
    /// Replace the draft (asks first when the draft is not empty).
    RequestReplace(Replacement),
    /// The user confirmed replacing the draft.
    ConfirmReplace,
    /// The user kept the draft.
    CancelReplace,
    /// The review on the page is for the proposal now in the editor: keep it.
    KeepReview,
    /// The review on the page was for the proposal pasted over: start a fresh one.
    StartFreshReview,
}

fn replaced(draft: &Draft, replacement: &Replacement, then: &mut Then) -> Rc<Draft> {
    if replacement.fresh_review {
        then.push(ScoringAction::StartAfresh.into());
    }
    Rc::new(draft.edited(&replacement.text))
}

/// The draft after `action`.
pub(super) fn reduce(state: &ReviewState, action: DraftAction, then: &mut Then) -> Rc<Draft> {
    let draft = &state.draft;
    match action {
        DraftAction::Edit(text) => {
            if text == state.text() {
                return Rc::clone(draft);
            }
            let mut next = draft.edited(&text);
            if next.review_of.is_none()
                && state.scoring.has_review()
                && another_proposal(&draft.proposal, &next.proposal)
            {
                next.review_of = draft.proposal.title().map(|t| Rc::from(t.trim()));
            }
            Rc::new(next)
        }
        DraftAction::Restore(text) => {
            // Never replace something typed before the saved draft was read.
            if !state.text().is_empty() || text.is_empty() {
                return Rc::clone(draft);
            }
            Rc::new(draft.edited(&text))
        }
        DraftAction::RequestReplace(replacement) => {
            if state.text().trim().is_empty() {
                replaced(draft, &replacement, then)
            } else {
                Rc::new(Draft {
                    pending_replace: Some(Rc::new(replacement)),
                    ..(**draft).clone()
                })
            }
        }
        DraftAction::ConfirmReplace => match &draft.pending_replace {
            Some(replacement) => replaced(draft, replacement, then),
            None => Rc::clone(draft),
        },
        DraftAction::KeepReview | DraftAction::StartFreshReview => {
            if draft.review_of.is_none() {
                return Rc::clone(draft);
            }
            if action == DraftAction::StartFreshReview {
                then.push(ScoringAction::StartAfresh.into());
            }
            Rc::new(Draft {
                review_of: None,
                ..(**draft).clone()
            })
        }
        DraftAction::CancelReplace => {
            if draft.pending_replace.is_none() {
                return Rc::clone(draft);
            }
            Rc::new(Draft {
                pending_replace: None,
                ..(**draft).clone()
            })
        }
    }
}
