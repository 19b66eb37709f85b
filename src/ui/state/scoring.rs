//! The scoring part: the rubric, the review (scores, comments, anchored comments,
//! pseudonym), the user's own rubric, and a rubric switch waiting for a yes.

use std::rc::Rc;

use super::{ReviewState, Then};
use talkback_core::anchor::AnchoredComment;
use talkback_core::rubric::{self, Rubric, CUSTOM_ID, PYCON_US_SCREENING};
use talkback_core::scoring::{Audience, Review};

/// The rubric and the review.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoring {
    /// The rubric the review uses.
    pub rubric: Rc<Rubric>,
    /// The reviewer's scores and comments.
    pub review: Rc<Review>,
    /// The user's own rubric, if they made one.
    pub custom_rubric: Option<Rc<Rubric>>,
    /// A rubric switch waiting for the user's go-ahead (it would drop scores).
    pub pending_rubric: Option<Rc<Rubric>>,
}

impl Default for Scoring {
    fn default() -> Self {
        let rubric = default_rubric();
        Self {
            review: Rc::new(Review::for_rubric(&rubric)),
            rubric: Rc::new(rubric),
            custom_rubric: None,
            pending_rubric: None,
        }
    }
}

impl Scoring {
    /// Whether the review holds anything the reviewer gave (a score, a comment, a passage
    /// comment, a reason): what a fresh review of this rubric would lose.
    pub fn has_review(&self) -> bool {
        *self.review != Review::for_rubric(&self.rubric)
    }

    fn with_review(&self, review: Review) -> Rc<Self> {
        Rc::new(Self {
            review: Rc::new(review),
            ..self.clone()
        })
    }

    fn switched_rubric(&self, next: Rc<Rubric>) -> Rc<Self> {
        let review = carry_over(&self.rubric, &self.review, &next);
        Rc::new(Self {
            rubric: next,
            review: Rc::new(review),
            pending_rubric: None,
            ..self.clone()
        })
    }
}

/// The rubric a new review starts with: PyCon US screening, latest version.
pub fn default_rubric() -> Rubric {
    rubric::latest_preset(PYCON_US_SCREENING).unwrap_or_else(|| Rubric::custom("Review"))
}

/// The rubric offered under `id` in the Rubric box: a preset, or the custom rubric.
pub fn rubric_for_choice(id: &str, custom: Option<&Rc<Rubric>>) -> Option<Rc<Rubric>> {
    if id == CUSTOM_ID {
        return custom.cloned();
    }
    rubric::latest_preset(id).map(Rc::new)
}

/// Whether switching away from this review would drop work (scores or criterion comments).
fn has_scores(review: &Review) -> bool {
    review.answers.iter().any(Option::is_some)
        || review.criterion_comments.iter().any(|c| !c.is_empty())
}

/// A review of `to` that keeps from `review` (of `from`) what still applies: the overall
/// comments, the anchored comments, and the answers and comments of criteria with the
/// same key and scale.
pub fn carry_over(from: &Rubric, review: &Review, to: &Rubric) -> Review {
    let mut next = Review::for_rubric(to);
    next.author_comment.clone_from(&review.author_comment);
    next.committee_comment.clone_from(&review.committee_comment);
    next.anchors.clone_from(&review.anchors);
    next.pseudonym.clone_from(&review.pseudonym);
    for (i, criterion) in to.criteria.iter().enumerate() {
        let same = from
            .criteria
            .iter()
            .position(|c| c.key == criterion.key && c.scale == criterion.scale);
        if let Some(j) = same {
            next.answers[i] = review.answers.get(j).copied().flatten();
            next.criterion_comments[i] = review
                .criterion_comments
                .get(j)
                .cloned()
                .unwrap_or_default();
        }
    }
    next
}

/// What can happen to the rubric and the review.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoringAction {
    /// The user picked a rubric in the Rubric box (a preset id or `custom`).
    ChooseRubric(String),
    /// Switch rubric even though scores would be dropped.
    ConfirmRubric,
    /// Keep the current rubric.
    CancelRubric,
    /// Set or clear the answer to a criterion.
    Answer {
        /// The criterion's position in the rubric.
        criterion: usize,
        /// The chosen level's index, or `None` to clear.
        level: Option<u8>,
    },
    /// The comment on one criterion.
    CriterionComment(usize, String),
    /// The comment for the author.
    AuthorComment(String),
    /// The comment for the committee.
    CommitteeComment(String),
    /// Add a comment on a passage.
    AddAnchor(AnchoredComment),
    /// Edit the comment on a passage.
    EditAnchor(usize, String),
    /// Remove a comment on a passage.
    RemoveAnchor(usize),
    /// Whom the comment on criterion `n` is for.
    CriterionAudience(usize, Audience),
    /// Whom passage comment `n` is for.
    AnchorAudience(usize, Audience),
    /// Whether the speaker sees the scores.
    ScoresToSpeaker(bool),
    /// Tick or untick a reason (by id).
    Reason(u8, bool),
    /// Sign the review with a pseudonym (empty: anonymous).
    Pseudonym(String),
    /// The saved review and custom rubric, read at start-up.
    RestoreReview {
        /// The saved review, already checked against its rubric.
        review: Option<Box<(Rubric, Review)>>,
        /// The saved custom rubric.
        custom: Option<Rubric>,
    },
    /// The custom rubric was created or edited; the review switches to it.
    SaveCustomRubric(Rubric),
    /// An empty review of the same rubric (a new review of a shared proposal).
    StartAfresh,
}

/// The rubric and review after `action`.
#[allow(clippy::too_many_lines)] // one arm per action, each short
pub(super) fn reduce(state: &ReviewState, action: ScoringAction, _then: &mut Then) -> Rc<Scoring> {
    let this = &state.scoring;
    let same = || Rc::clone(this);
    match action {
        ScoringAction::ChooseRubric(id) => {
            let Some(next) = rubric_for_choice(&id, this.custom_rubric.as_ref()) else {
                return same();
            };
            if *next == *this.rubric {
                return same();
            }
            if has_scores(&this.review) {
                return Rc::new(Scoring {
                    pending_rubric: Some(next),
                    ..(**this).clone()
                });
            }
            this.switched_rubric(next)
        }
        ScoringAction::ConfirmRubric => match this.pending_rubric.clone() {
            Some(next) => this.switched_rubric(next),
            None => same(),
        },
        ScoringAction::CancelRubric => {
            if this.pending_rubric.is_none() {
                return same();
            }
            Rc::new(Scoring {
                pending_rubric: None,
                ..(**this).clone()
            })
        }
        ScoringAction::Answer { criterion, level } => {
            let mut review = (*this.review).clone();
            if review.set_answer(&this.rubric, criterion, level).is_err() || review == *this.review
            {
                return same();
            }
            this.with_review(review)
        }
        ScoringAction::CriterionComment(i, text) => {
            let mut review = (*this.review).clone();
            match review.criterion_comments.get_mut(i) {
                Some(c) if *c != text => *c = text,
                Some(_) | None => return same(),
            }
            this.with_review(review)
        }
        ScoringAction::AuthorComment(text) => {
            if this.review.author_comment == text {
                return same();
            }
            let mut review = (*this.review).clone();
            review.author_comment = text;
            this.with_review(review)
        }
        ScoringAction::CommitteeComment(text) => {
            if this.review.committee_comment == text {
                return same();
            }
            let mut review = (*this.review).clone();
            review.committee_comment = text;
            this.with_review(review)
        }
        ScoringAction::AddAnchor(anchored) => {
            let mut review = (*this.review).clone();
            review.anchors.push(anchored);
            this.with_review(review)
        }
        ScoringAction::EditAnchor(i, text) => {
            let mut review = (*this.review).clone();
            match review.anchors.get_mut(i) {
                Some(a) if a.comment != text => a.comment = text,
                Some(_) | None => return same(),
            }
            this.with_review(review)
        }
        ScoringAction::RemoveAnchor(i) => {
            if i >= this.review.anchors.len() {
                return same();
            }
            let mut review = (*this.review).clone();
            review.anchors.remove(i);
            this.with_review(review)
        }
        ScoringAction::CriterionAudience(i, audience) => {
            let mut review = (*this.review).clone();
            review.set_criterion_audience(&this.rubric, i, audience);
            if review == *this.review {
                return same();
            }
            this.with_review(review)
        }
        ScoringAction::AnchorAudience(i, audience) => {
            let mut review = (*this.review).clone();
            match review.anchors.get_mut(i) {
                Some(a) if a.audience != Some(audience) => a.audience = Some(audience),
                Some(_) | None => return same(),
            }
            this.with_review(review)
        }
        ScoringAction::ScoresToSpeaker(on) => {
            if this.review.scores_shown(&this.rubric) == on {
                return same();
            }
            let mut review = (*this.review).clone();
            review.scores_to_speaker = Some(on);
            this.with_review(review)
        }
        ScoringAction::Reason(id, ticked) => {
            let mut review = (*this.review).clone();
            review.set_reason(id, ticked);
            if review == *this.review {
                return same();
            }
            this.with_review(review)
        }
        ScoringAction::Pseudonym(name) => {
            let name = name.trim();
            let pseudonym = (!name.is_empty()).then(|| name.to_string());
            if this.review.pseudonym == pseudonym {
                return same();
            }
            let mut review = (*this.review).clone();
            review.pseudonym = pseudonym;
            this.with_review(review)
        }
        ScoringAction::RestoreReview { review, custom } => {
            // Never replace scores given before the saved review was read.
            let untouched = !has_scores(&this.review) && this.review.anchors.is_empty();
            if custom.is_none() && (review.is_none() || !untouched) {
                // Nothing to restore: the same state, so the page is not rendered again.
                return same();
            }
            let mut next = (**this).clone();
            if let Some(custom) = custom {
                next.custom_rubric = Some(Rc::new(custom));
            }
            if let Some(saved) = review {
                let (rubric, review) = *saved;
                if untouched {
                    next.rubric = Rc::new(rubric);
                    next.review = Rc::new(review);
                }
            }
            Rc::new(next)
        }
        ScoringAction::SaveCustomRubric(rubric) => {
            let rubric = Rc::new(rubric);
            let mut next = (**this).clone();
            next.custom_rubric = Some(Rc::clone(&rubric));
            if this.rubric.id == CUSTOM_ID || !has_scores(&this.review) {
                // Keep what still fits: answers and comments by criterion key.
                next.review = Rc::new(carry_over(&this.rubric, &this.review, &rubric));
                next.rubric = rubric;
            }
            Rc::new(next)
        }
        ScoringAction::StartAfresh => {
            let fresh = Review::for_rubric(&this.rubric);
            if *this.review == fresh {
                return same();
            }
            this.with_review(fresh)
        }
    }
}
