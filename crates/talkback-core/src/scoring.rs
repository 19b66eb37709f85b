//! A reviewer's answers on one proposal, and the score they add up to.
//!
//! A [`Review`] is what a reviewer fills in and what a share link carries:
//! which rubric, the chosen level of each criterion, comments, and comments
//! on passages. Because a link is untrusted input, [`Review::validate`]
//! range-checks everything against the rubric and the `*_MAX_*` limits here.
//!
//! [`score`] adds up a review: a weighted total over the criteria that count
//! (not [`independent`](super::rubric::Criterion::independent)), its bounds,
//! a 0–1 normalised score for comparing reviews, and which required criteria
//! are still unanswered. [`pycon_score`] adds up `PyCon`-style votes across
//! reviewers.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::anchor::{AnchoredComment, CONTEXT_CHARS, QUOTE_MAX_CHARS};
use super::rubric::{Criterion, LevelRef, Rubric, RubricError, RubricRef, Scale};

/// Longest comment on one criterion, in characters.
pub const CRITERION_COMMENT_MAX_CHARS: usize = 2000;
/// Longest comment for the author, in characters.
pub const AUTHOR_COMMENT_MAX_CHARS: usize = 5000;
/// Longest comment for the committee, in characters.
pub const COMMITTEE_COMMENT_MAX_CHARS: usize = 5000;
/// Longest comment on a passage, in characters.
pub const ANCHOR_COMMENT_MAX_CHARS: usize = 2000;
/// Most comments on passages in one review.
pub const MAX_ANCHORS: usize = 100;
/// Longest pseudonym, in characters.
pub const PSEUDONYM_MAX_CHARS: usize = 40;

/// A reviewer's work on one proposal.
///
/// `answers` and `criterion_comments` have one entry per criterion of the
/// rubric, by position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Review {
    /// The rubric used.
    pub rubric: RubricRef,
    /// Chosen level index per criterion (`None`: not answered yet).
    pub answers: Vec<Option<u8>>,
    /// Comment per criterion (may be empty).
    pub criterion_comments: Vec<String>,
    /// Feedback meant for the proposal's author.
    pub author_comment: String,
    /// Notes meant only for the committee.
    pub committee_comment: String,
    /// Comments on passages of the proposal.
    pub anchors: Vec<AnchoredComment>,
    /// A name the reviewer chose to sign with; `None` is anonymous.
    pub pseudonym: Option<String>,
    /// Whom each criterion comment is for, by position. Empty: the rubric's
    /// defaults ([`default_audience`]), as in version-1 links and older saves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criterion_audiences: Vec<Audience>,
    /// Whether the speaker sees the scores; `None`: the rubric's default
    /// ([`default_scores_to_speaker`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores_to_speaker: Option<bool>,
    /// Reasons the reviewer ticked, by id (see [`crate::reasons`]), in the
    /// order ticked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<u8>,
}

/// Most reasons one review may tick.
pub const MAX_REASONS: usize = 16;

/// Whom a part of a review is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Audience {
    /// The speaker sees it (and so does the committee).
    Speaker,
    /// Only the committee sees it.
    Committee,
}

/// Whom comments on criteria and passages are for unless the reviewer says
/// otherwise: the committee when the rubric screens (a vote or the
/// meets-the-standard checks of `PyCon` US screening), else the speaker (the
/// mentor checklist and the scored rubrics).
///
/// ```
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::{default_audience, Audience};
/// assert_eq!(default_audience(&preset("pycon-us-screening", 1).unwrap()), Audience::Committee);
/// assert_eq!(default_audience(&preset("mentor-checklist", 1).unwrap()), Audience::Speaker);
/// ```
pub fn default_audience(rubric: &Rubric) -> Audience {
    let screens = rubric.criteria.iter().any(|c| {
        matches!(
            c.scale,
            Scale::Vote | Scale::Check(super::rubric::CheckLabels::Standards)
        )
    });
    if screens {
        Audience::Committee
    } else {
        Audience::Speaker
    }
}

/// Whether the speaker sees the scores unless the reviewer says otherwise:
/// not when the rubric has a vote (screening votes are the committee's).
pub fn default_scores_to_speaker(rubric: &Rubric) -> bool {
    !rubric.criteria.iter().any(|c| c.scale == Scale::Vote)
}

impl Review {
    /// An empty review of `rubric`, referred to as `rubric_ref`.
    ///
    /// ```
    /// use talkback_core::rubric::{preset, RubricRef};
    /// use talkback_core::scoring::Review;
    /// let rubric = preset("weighted-categories", 1).unwrap();
    /// let review = Review::new(RubricRef::of(&rubric), &rubric);
    /// assert_eq!(review.answers, vec![None; 4]);
    /// assert!(review.validate(&rubric).is_ok());
    /// ```
    pub fn new(rubric_ref: RubricRef, rubric: &Rubric) -> Review {
        let n = rubric.criteria.len();
        Review {
            rubric: rubric_ref,
            answers: vec![None; n],
            criterion_comments: vec![String::new(); n],
            author_comment: String::new(),
            committee_comment: String::new(),
            anchors: Vec::new(),
            pseudonym: None,
            criterion_audiences: Vec::new(),
            scores_to_speaker: None,
            reasons: Vec::new(),
        }
    }

    /// An empty review of `rubric`, referring to it with [`RubricRef::of`].
    pub fn for_rubric(rubric: &Rubric) -> Review {
        Review::new(RubricRef::of(rubric), rubric)
    }

    /// Sets (or with `None`, clears) the answer to criterion `criterion`.
    ///
    /// # Errors
    ///
    /// Changing nothing: [`ReviewError::NoSuchCriterion`] or
    /// [`ReviewError::LevelOutOfRange`] if the criterion or level does not
    /// exist, or a count error if the review does not fit `rubric`.
    ///
    /// ```
    /// use talkback_core::rubric::preset;
    /// use talkback_core::scoring::Review;
    /// let rubric = preset("pycon-us-screening", 1).unwrap();
    /// let mut review = Review::for_rubric(&rubric);
    /// review.set_answer(&rubric, 0, Some(0)).unwrap(); // +1
    /// assert!(review.set_answer(&rubric, 0, Some(4)).is_err()); // no fifth vote
    /// assert_eq!(review.answers[0], Some(0));
    /// ```
    pub fn set_answer(
        &mut self,
        rubric: &Rubric,
        criterion: usize,
        level: Option<u8>,
    ) -> Result<(), ReviewError> {
        self.check_counts(rubric)?;
        let c = rubric
            .criteria
            .get(criterion)
            .ok_or(ReviewError::NoSuchCriterion { criterion })?;
        if let Some(level) = level {
            if usize::from(level) >= c.scale.len() {
                return Err(ReviewError::LevelOutOfRange { criterion, level });
            }
        }
        self.answers[criterion] = level;
        Ok(())
    }

    fn check_counts(&self, rubric: &Rubric) -> Result<(), ReviewError> {
        let expected = rubric.criteria.len();
        if self.answers.len() != expected {
            return Err(ReviewError::AnswerCount {
                expected,
                found: self.answers.len(),
            });
        }
        if self.criterion_comments.len() != expected {
            return Err(ReviewError::CommentCount {
                expected,
                found: self.criterion_comments.len(),
            });
        }
        if !self.criterion_audiences.is_empty() && self.criterion_audiences.len() != expected {
            return Err(ReviewError::AudienceCount {
                expected,
                found: self.criterion_audiences.len(),
            });
        }
        Ok(())
    }

    /// Checks the review against `rubric` (the rubric it names): that
    /// `rubric` is that rubric and valid, that there is one answer and one
    /// comment per criterion, that every answer is a level of its scale, and
    /// that every text is within its limit.
    ///
    /// Use it on every review decoded from a link before showing it.
    ///
    /// # Errors
    ///
    /// The first problem found, as a [`ReviewError`].
    pub fn validate(&self, rubric: &Rubric) -> Result<(), ReviewError> {
        match &self.rubric {
            RubricRef::Preset { id, version } => {
                if *id != rubric.id || *version != rubric.version || !rubric.is_preset() {
                    return Err(ReviewError::RubricMismatch);
                }
            }
            RubricRef::Custom(own) => {
                if own != rubric {
                    return Err(ReviewError::RubricMismatch);
                }
                rubric.validate().map_err(ReviewError::InvalidRubric)?;
            }
        }
        self.check_counts(rubric)?;
        for (criterion, (answer, c)) in self.answers.iter().zip(&rubric.criteria).enumerate() {
            if let Some(level) = *answer {
                if usize::from(level) >= c.scale.len() {
                    return Err(ReviewError::LevelOutOfRange { criterion, level });
                }
            }
        }
        let too_long = |s: &str, max: usize| s.chars().count() > max;
        if let Some(criterion) = self
            .criterion_comments
            .iter()
            .position(|c| too_long(c, CRITERION_COMMENT_MAX_CHARS))
        {
            return Err(ReviewError::CommentTooLong { criterion });
        }
        if too_long(&self.author_comment, AUTHOR_COMMENT_MAX_CHARS) {
            return Err(ReviewError::AuthorCommentTooLong);
        }
        if too_long(&self.committee_comment, COMMITTEE_COMMENT_MAX_CHARS) {
            return Err(ReviewError::CommitteeCommentTooLong);
        }
        if self
            .pseudonym
            .as_deref()
            .is_some_and(|p| too_long(p, PSEUDONYM_MAX_CHARS))
        {
            return Err(ReviewError::PseudonymTooLong);
        }
        if self.anchors.len() > MAX_ANCHORS {
            return Err(ReviewError::TooManyAnchors);
        }
        let repeated = self
            .reasons
            .iter()
            .enumerate()
            .any(|(i, r)| self.reasons[..i].contains(r));
        if self.reasons.len() > MAX_REASONS || repeated {
            return Err(ReviewError::BadReasons);
        }
        for (index, a) in self.anchors.iter().enumerate() {
            if too_long(&a.anchor.quote, QUOTE_MAX_CHARS)
                || too_long(&a.anchor.prefix, CONTEXT_CHARS)
                || too_long(&a.anchor.suffix, CONTEXT_CHARS)
            {
                return Err(ReviewError::AnchorTooLong { index });
            }
            if too_long(&a.comment, ANCHOR_COMMENT_MAX_CHARS) {
                return Err(ReviewError::AnchorCommentTooLong { index });
            }
        }
        Ok(())
    }

    /// Looks up the rubric this review names and validates the review
    /// against it: the one call for a review decoded from a link.
    ///
    /// # Errors
    ///
    /// [`ReviewError::UnknownPreset`] for a preset this build lacks, or any
    /// error of [`Review::validate`].
    ///
    /// ```
    /// use talkback_core::rubric::RubricRef;
    /// use talkback_core::scoring::{Review, ReviewError};
    /// let mut review = Review::for_rubric(&talkback_core::rubric::presets()[0]);
    /// assert!(review.resolve().is_ok());
    /// review.rubric = RubricRef::Preset { id: "pycon-us-screening".into(), version: 9 };
    /// assert_eq!(
    ///     review.resolve().unwrap_err().to_string(),
    ///     "This review uses a rubric this version of Talkback does not have \
    ///      (pycon-us-screening, version 9); reload the page to update."
    /// );
    /// ```
    pub fn resolve(&self) -> Result<Rubric, ReviewError> {
        let rubric = self.rubric.resolve().ok_or_else(|| match &self.rubric {
            RubricRef::Preset { id, version } => ReviewError::UnknownPreset {
                id: id.chars().take(64).collect(),
                version: *version,
            },
            RubricRef::Custom(_) => ReviewError::RubricMismatch,
        })?;
        self.validate(&rubric)?;
        Ok(rubric)
    }

    /// Whom the comment on criterion `index` of `rubric` is for.
    pub fn criterion_audience(&self, index: usize, rubric: &Rubric) -> Audience {
        self.criterion_audiences
            .get(index)
            .copied()
            .unwrap_or_else(|| default_audience(rubric))
    }

    /// Whom passage comment `index` is for.
    pub fn anchor_audience(&self, index: usize, rubric: &Rubric) -> Audience {
        self.anchors
            .get(index)
            .and_then(|a| a.audience)
            .unwrap_or_else(|| default_audience(rubric))
    }

    /// Whether the speaker sees the scores.
    pub fn scores_shown(&self, rubric: &Rubric) -> bool {
        self.scores_to_speaker
            .unwrap_or_else(|| default_scores_to_speaker(rubric))
    }

    /// Sets whom the comment on criterion `index` is for (the others keep
    /// their audience, defaults included). Out of range: nothing changes.
    pub fn set_criterion_audience(&mut self, rubric: &Rubric, index: usize, audience: Audience) {
        let n = rubric.criteria.len();
        if index >= n {
            return;
        }
        if self.criterion_audiences.len() != n {
            self.criterion_audiences = (0..n).map(|i| self.criterion_audience(i, rubric)).collect();
        }
        self.criterion_audiences[index] = audience;
    }

    /// Ticks or unticks reason `id`; at most [`MAX_REASONS`] stay ticked.
    pub fn set_reason(&mut self, id: u8, ticked: bool) {
        self.reasons.retain(|&r| r != id);
        if ticked && self.reasons.len() < MAX_REASONS {
            self.reasons.push(id);
        }
    }

    /// The level answered for criterion `index`, which is `criterion` of this review's
    /// rubric; `None` while unanswered.
    pub fn answer_level<'r>(&self, index: usize, criterion: &'r Criterion) -> Option<LevelRef<'r>> {
        let level = self.answers.get(index).copied().flatten()?;
        criterion.scale.level(usize::from(level))
    }
}

/// Why a review does not fit its rubric or its limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewError {
    /// The review names a preset this build does not have.
    UnknownPreset {
        /// Preset id (cut to 64 characters).
        id: String,
        /// Preset version.
        version: u16,
    },
    /// The rubric given is not the one the review names.
    RubricMismatch,
    /// The review's own custom rubric is invalid.
    InvalidRubric(RubricError),
    /// Not one answer per criterion.
    AnswerCount {
        /// Criteria in the rubric.
        expected: usize,
        /// Answers in the review.
        found: usize,
    },
    /// Not one comment per criterion.
    CommentCount {
        /// Criteria in the rubric.
        expected: usize,
        /// Comments in the review.
        found: usize,
    },
    /// No criterion at this index.
    NoSuchCriterion {
        /// The index asked for.
        criterion: usize,
    },
    /// An answer is not a level of its criterion's scale.
    LevelOutOfRange {
        /// Index of the criterion.
        criterion: usize,
        /// The level given.
        level: u8,
    },
    /// A criterion comment is over [`CRITERION_COMMENT_MAX_CHARS`].
    CommentTooLong {
        /// Index of the criterion.
        criterion: usize,
    },
    /// The author comment is over [`AUTHOR_COMMENT_MAX_CHARS`].
    AuthorCommentTooLong,
    /// The committee comment is over [`COMMITTEE_COMMENT_MAX_CHARS`].
    CommitteeCommentTooLong,
    /// The pseudonym is over [`PSEUDONYM_MAX_CHARS`].
    PseudonymTooLong,
    /// More than [`MAX_ANCHORS`] passage comments.
    TooManyAnchors,
    /// A passage's quote or context is over its limit.
    AnchorTooLong {
        /// Index of the passage comment.
        index: usize,
    },
    /// A passage comment is over [`ANCHOR_COMMENT_MAX_CHARS`].
    AnchorCommentTooLong {
        /// Index of the passage comment.
        index: usize,
    },
    /// Not one audience per criterion (and not none).
    AudienceCount {
        /// Criteria in the rubric.
        expected: usize,
        /// Audiences in the review.
        found: usize,
    },
    /// More than [`MAX_REASONS`] reasons, or one twice.
    BadReasons,
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewError::UnknownPreset { id, version } => write!(
                f,
                "This review uses a rubric this version of Talkback does not have ({id}, version \
                 {version}); reload the page to update."
            ),
            ReviewError::RubricMismatch => {
                f.write_str("This review does not match its rubric; the link may be damaged.")
            }
            ReviewError::InvalidRubric(e) => write!(f, "This review's rubric is not usable: {e}"),
            ReviewError::AnswerCount { expected, found } => write!(
                f,
                "This review has {found} answers for {expected} criteria; the link may be \
                 damaged."
            ),
            ReviewError::CommentCount { expected, found } => write!(
                f,
                "This review has {found} criterion comments for {expected} criteria; the link \
                 may be damaged."
            ),
            ReviewError::NoSuchCriterion { criterion } => {
                write!(f, "There is no criterion {} in this rubric.", criterion + 1)
            }
            ReviewError::LevelOutOfRange { criterion, level } => write!(
                f,
                "The answer to criterion {} is not one of its choices (level {}).",
                criterion + 1,
                u16::from(*level) + 1
            ),
            ReviewError::CommentTooLong { criterion } => write!(
                f,
                "The comment on criterion {} is too long; keep it under \
                 {CRITERION_COMMENT_MAX_CHARS} characters.",
                criterion + 1
            ),
            ReviewError::AuthorCommentTooLong => write!(
                f,
                "The comment for the author is too long; keep it under \
                 {AUTHOR_COMMENT_MAX_CHARS} characters."
            ),
            ReviewError::CommitteeCommentTooLong => write!(
                f,
                "The comment for the committee is too long; keep it under \
                 {COMMITTEE_COMMENT_MAX_CHARS} characters."
            ),
            ReviewError::PseudonymTooLong => write!(
                f,
                "The name to sign with is too long; keep it under {PSEUDONYM_MAX_CHARS} \
                 characters."
            ),
            ReviewError::TooManyAnchors => write!(
                f,
                "This review comments on more than {MAX_ANCHORS} passages; remove some."
            ),
            ReviewError::AnchorTooLong { index } => write!(
                f,
                "Passage comment {} quotes too much text; the link may be damaged.",
                index + 1
            ),
            ReviewError::AnchorCommentTooLong { index } => write!(
                f,
                "Passage comment {} is too long; keep it under {ANCHOR_COMMENT_MAX_CHARS} \
                 characters.",
                index + 1
            ),
            ReviewError::AudienceCount { expected, found } => write!(
                f,
                "This review says whom {found} criterion comments are for, for {expected} \
                 criteria; the link may be damaged."
            ),
            ReviewError::BadReasons => write!(
                f,
                "This review lists a reason twice or more than {MAX_REASONS} reasons; the \
                 link may be damaged."
            ),
        }
    }
}

impl std::error::Error for ReviewError {}

/// What a review adds up to.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Σ weight × points over answered criteria that are not independent.
    pub total: f64,
    /// Lowest possible `total` with every counted criterion answered.
    ///
    /// While some are unanswered the total can lie outside `min..=max`
    /// (an unanswered 1–5 merit adds 0, below its minimum of 1); compare
    /// partial reviews with `normalised`.
    pub min: f64,
    /// Highest possible `total` with every counted criterion answered.
    pub max: f64,
    /// Where `total` lies between the lowest and highest totals possible
    /// for the criteria answered so far, from 0 (worst) to 1 (best).
    /// `None` when no counted criterion with a weight is answered yet.
    pub normalised: Option<f64>,
    /// Criteria answered, including independent ones.
    pub answered: usize,
    /// Indices of required criteria not answered yet, in rubric order.
    pub required_missing: Vec<usize>,
    /// Whether every required criterion is answered.
    pub complete: bool,
}

/// Scores `review` against `rubric`.
///
/// Points per level are given by the scale (vote 3 / 1 / −1 / −3, check
/// 2 / 1 / 0, yes/no 1 / 0, ordinal: the level's value) and multiplied by
/// the criterion's weight. Independent criteria count towards `answered`
/// and completeness, never towards the total.
///
/// `normalised` = (total − lo) / (hi − lo), where lo and hi are the lowest
/// and highest totals the *answered* counted criteria could give: a review
/// half filled in compares by what it says so far, not as if the rest were
/// the worst answers.
///
/// Never panics: answers beyond the rubric are ignored, and a missing or
/// out-of-range answer counts as unanswered (use [`Review::validate`] to
/// reject such reviews).
///
/// ```
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::{score, Review};
/// let rubric = preset("weighted-categories", 1).unwrap();
/// let mut review = Review::for_rubric(&rubric);
/// review.answers = vec![Some(4), Some(2), None, Some(0)];
/// let s = score(&rubric, &review);
/// assert_eq!(s.total, 2.0 * 4.0 + 2.0); // content ×2, relevance ×1
/// assert_eq!((s.min, s.max), (0.0, 16.0));
/// assert_eq!(s.normalised, Some(10.0 / 12.0));
/// assert_eq!(s.required_missing, vec![2]);
/// assert!(!s.complete);
/// ```
pub fn score(rubric: &Rubric, review: &Review) -> Score {
    let mut total = 0i64;
    let (mut min, mut max) = (0i64, 0i64);
    let (mut lo, mut hi) = (0i64, 0i64);
    let mut answered = 0;
    let mut required_missing = Vec::new();
    for (i, c) in rubric.criteria.iter().enumerate() {
        let weight = i64::from(c.weight);
        let (c_min, c_max) = (
            weight * i64::from(c.scale.min_points()),
            weight * i64::from(c.scale.max_points()),
        );
        if !c.independent {
            min += c_min;
            max += c_max;
        }
        let points = review
            .answers
            .get(i)
            .copied()
            .flatten()
            .and_then(|level| c.scale.points(usize::from(level)));
        match points {
            Some(points) => {
                answered += 1;
                if !c.independent {
                    total += weight * i64::from(points);
                    lo += c_min;
                    hi += c_max;
                }
            }
            None if c.required => required_missing.push(i),
            None => {}
        }
    }
    #[allow(clippy::cast_precision_loss)] // at most 40 × 10 × 128 in size
    let normalised = (hi > lo).then(|| ((total - lo) as f64 / (hi - lo) as f64).clamp(0.0, 1.0));
    #[allow(clippy::cast_precision_loss)]
    Score {
        total: total as f64,
        min: min as f64,
        max: max as f64,
        normalised,
        answered,
        complete: required_missing.is_empty(),
        required_missing,
    }
}

/// A `PyCon`-style vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Vote {
    /// +1: I will argue for it.
    PlusOne,
    /// +0: acceptable; I won't push for it.
    PlusZero,
    /// −0: weak; I won't argue against it.
    MinusZero,
    /// −1: I will argue against it.
    MinusOne,
}

impl Vote {
    /// Every vote, in the order of [`Scale::Vote`]'s
    /// levels.
    pub const ALL: [Vote; 4] = [
        Vote::PlusOne,
        Vote::PlusZero,
        Vote::MinusZero,
        Vote::MinusOne,
    ];

    /// The vote chosen as level `level` of a vote scale.
    pub fn from_level(level: u8) -> Option<Vote> {
        Vote::ALL.get(usize::from(level)).copied()
    }

    /// Points: 3, 1, −1 or −3.
    pub fn points(self) -> i32 {
        match self {
            Vote::PlusOne => 3,
            Vote::PlusZero => 1,
            Vote::MinusZero => -1,
            Vote::MinusOne => -3,
        }
    }

    /// The label shown, with U+2212 minus signs: `+1`, `+0`, `−0`, `−1`.
    pub fn label(self) -> &'static str {
        match self {
            Vote::PlusOne => "+1",
            Vote::PlusZero => "+0",
            Vote::MinusZero => "\u{2212}0",
            Vote::MinusOne => "\u{2212}1",
        }
    }
}

/// A committee's `PyCon` score for one proposal:
/// 3·(+1 votes) + (+0 votes) − (−0 votes) − 3·(−1 votes).
///
/// ```
/// use talkback_core::scoring::{pycon_score, Vote};
/// use Vote::*;
/// assert_eq!(pycon_score(&[PlusOne, PlusOne, PlusZero, MinusOne]), 3 + 3 + 1 - 3);
/// assert_eq!(pycon_score(&[]), 0);
/// ```
pub fn pycon_score(votes: &[Vote]) -> i32 {
    votes.iter().map(|v| v.points()).sum()
}

// Scores are sums of small whole numbers, exact in f64; case tables are long.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::float_cmp, clippy::too_many_lines)]
mod tests {
    use super::*;
    use crate::anchor::Anchor;
    use crate::rubric::{self, preset, presets, Level, Scale};
    use proptest::prelude::*;

    fn review_with(rubric: &Rubric, answers: &[Option<u8>]) -> Review {
        let mut review = Review::for_rubric(rubric);
        review.answers = answers.to_vec();
        review
    }

    /// One scoring case: a preset, answers by position, and what the
    /// reviewer should see.
    struct Case {
        preset: &'static str,
        answers: &'static [Option<u8>],
        total: f64,
        normalised: Option<f64>,
        missing: &'static [usize],
    }

    #[test]
    fn presets_score_as_reviewers_expect() {
        let cases = [
            // PyCon: only the vote counts; standards and Nominate do not.
            Case {
                preset: rubric::PYCON_US_SCREENING,
                answers: &[
                    Some(0),
                    Some(0),
                    Some(0),
                    Some(0),
                    Some(0),
                    Some(0),
                    Some(0),
                ],
                total: 3.0,
                normalised: Some(1.0),
                missing: &[],
            },
            Case {
                preset: rubric::PYCON_US_SCREENING,
                answers: &[Some(3), Some(2), Some(2), Some(2), Some(2), None, Some(1)],
                total: -3.0,
                normalised: Some(0.0),
                missing: &[],
            },
            Case {
                preset: rubric::PYCON_US_SCREENING,
                answers: &[Some(1), Some(0), None, None, Some(1), None, None],
                total: 1.0,
                normalised: Some(4.0 / 6.0),
                missing: &[2, 3],
            },
            Case {
                preset: rubric::PYCON_US_SCREENING,
                answers: &[None, Some(0), Some(0), Some(0), Some(0), Some(0), Some(0)],
                total: 0.0,
                normalised: None,
                missing: &[0],
            },
            // Weighted: content counts twice; "Needs a mentor" not at all.
            Case {
                preset: rubric::WEIGHTED_CATEGORIES,
                answers: &[Some(4), Some(4), Some(4), Some(0)],
                total: 16.0,
                normalised: Some(1.0),
                missing: &[],
            },
            Case {
                preset: rubric::WEIGHTED_CATEGORIES,
                answers: &[Some(1), Some(3), Some(2), Some(1)],
                total: 7.0,
                normalised: Some(7.0 / 16.0),
                missing: &[],
            },
            Case {
                preset: rubric::WEIGHTED_CATEGORIES,
                answers: &[None, None, None, Some(0)],
                total: 0.0,
                normalised: None,
                missing: &[0, 1, 2],
            },
            // Merit: 1–5 counts; expertise and champion do not.
            Case {
                preset: rubric::MERIT_EXPERTISE,
                answers: &[Some(3), Some(3), Some(0)],
                total: 4.0,
                normalised: Some(0.75),
                missing: &[],
            },
            Case {
                preset: rubric::MERIT_EXPERTISE,
                answers: &[Some(0), Some(0), None],
                total: 1.0,
                normalised: Some(0.0),
                missing: &[],
            },
            Case {
                preset: rubric::MERIT_EXPERTISE,
                answers: &[Some(4), None, Some(0)],
                total: 5.0,
                normalised: Some(1.0),
                missing: &[1],
            },
            // Mentor: ✓ 2, partly 1, ✗ 0 on each item; the demo is optional.
            Case {
                preset: rubric::MENTOR_CHECKLIST,
                answers: &[
                    Some(0),
                    Some(1),
                    Some(2),
                    Some(0),
                    Some(0),
                    None,
                    Some(0),
                    Some(0),
                    Some(1),
                    Some(0),
                    Some(0),
                ],
                total: 16.0,
                normalised: Some(16.0 / 20.0),
                missing: &[],
            },
            Case {
                preset: rubric::MENTOR_CHECKLIST,
                answers: &[
                    Some(0),
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                ],
                total: 2.0,
                normalised: Some(1.0),
                missing: &[1, 2, 3, 4, 6, 7, 8, 9, 10],
            },
        ];
        for case in cases {
            let rubric = rubric::latest_preset(case.preset).unwrap();
            let s = score(&rubric, &review_with(&rubric, case.answers));
            let what = format!("{} {:?}", case.preset, case.answers);
            assert_eq!(s.total, case.total, "{what}");
            assert_eq!(s.normalised, case.normalised, "{what}");
            assert_eq!(s.required_missing, case.missing, "{what}");
            assert_eq!(s.complete, case.missing.is_empty(), "{what}");
            assert_eq!(s.answered, case.answers.iter().flatten().count(), "{what}");
        }
    }

    #[test]
    fn bounds_of_each_preset() {
        let bounds: Vec<(f64, f64)> = presets()
            .iter()
            .map(|r| {
                let s = score(r, &Review::for_rubric(r));
                (s.min, s.max)
            })
            .collect();
        assert_eq!(bounds, [(-3.0, 3.0), (0.0, 16.0), (1.0, 5.0), (0.0, 22.0)]);
    }

    #[test]
    fn an_empty_review_is_incomplete_and_unscored() {
        let rubric = preset(rubric::MERIT_EXPERTISE, 1).unwrap();
        let s = score(&rubric, &Review::for_rubric(&rubric));
        assert_eq!((s.total, s.normalised, s.answered), (0.0, None, 0));
        assert_eq!(s.required_missing, [0, 1]);
        assert!(!s.complete);
    }

    #[test]
    fn pycon_formula() {
        use Vote::{MinusOne as M1, MinusZero as M0, PlusOne as P1, PlusZero as P0};
        let cases: &[(&[Vote], i32)] = &[
            (&[P1, P1, P0, M1], 4),
            (&[P1], 3),
            (&[P0], 1),
            (&[M0], -1),
            (&[M1], -3),
            (&[P0, M0], 0),
            (&[M1, M1, M0], -7),
            (&[], 0),
        ];
        for &(votes, want) in cases {
            assert_eq!(pycon_score(votes), want, "{votes:?}");
        }
    }

    #[test]
    fn committee_pycon_score_is_the_sum_of_review_totals() {
        let rubric = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
        let levels = [0u8, 0, 1, 3];
        let votes: Vec<Vote> = levels.iter().filter_map(|&l| Vote::from_level(l)).collect();
        let sum: f64 = levels
            .iter()
            .map(|&l| {
                let mut answers = vec![None; rubric.criteria.len()];
                answers[0] = Some(l);
                score(&rubric, &review_with(&rubric, &answers)).total
            })
            .sum();
        assert_eq!(sum, f64::from(pycon_score(&votes)));
        assert_eq!(sum, 4.0);
        for (vote, level) in Vote::ALL.iter().zip(Scale::Vote.levels()) {
            assert_eq!(vote.label(), level.label);
            assert_eq!(vote.points(), level.points);
        }
        assert_eq!(Vote::from_level(4), None);
    }

    #[test]
    fn zero_weight_criteria_do_not_count() {
        let mut rubric = Rubric::custom("Weights");
        rubric.add_criterion("Counted", Scale::YesNo).weight = 3;
        rubric.add_criterion("Ignored", Scale::Vote).weight = 0;
        let s = score(&rubric, &review_with(&rubric, &[None, Some(0)]));
        assert_eq!((s.total, s.min, s.max, s.normalised), (0.0, 0.0, 3.0, None));
        let s = score(&rubric, &review_with(&rubric, &[Some(0), Some(0)]));
        assert_eq!((s.total, s.normalised), (3.0, Some(1.0)));
    }

    #[test]
    fn score_ignores_malformed_answers_without_panicking() {
        let rubric = preset(rubric::WEIGHTED_CATEGORIES, 1).unwrap();
        let short = score(&rubric, &review_with(&rubric, &[Some(4)]));
        assert_eq!(
            (short.total, short.required_missing.clone()),
            (8.0, vec![1, 2])
        );
        let bad = score(
            &rubric,
            &review_with(&rubric, &[Some(200), Some(1), Some(1), Some(9), Some(1)]),
        );
        assert_eq!(
            (bad.total, bad.answered, bad.required_missing),
            (2.0, 2, vec![0])
        );
    }

    #[test]
    fn set_answer_checks_ranges() {
        let rubric = preset(rubric::MERIT_EXPERTISE, 1).unwrap();
        let mut review = Review::for_rubric(&rubric);
        assert_eq!(review.set_answer(&rubric, 0, Some(4)), Ok(()));
        assert_eq!(
            review.set_answer(&rubric, 1, Some(4)),
            Err(ReviewError::LevelOutOfRange {
                criterion: 1,
                level: 4
            })
        );
        assert_eq!(
            review.set_answer(&rubric, 3, Some(0)),
            Err(ReviewError::NoSuchCriterion { criterion: 3 })
        );
        assert_eq!(review.set_answer(&rubric, 0, None), Ok(()));
        assert_eq!(review.answers, [None, None, None]);
    }

    #[test]
    fn validate_catches_what_a_damaged_link_could_carry() {
        struct Case {
            edit: fn(&mut Review),
            message: &'static str,
        }
        let rubric = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
        let fresh = Review::for_rubric(&rubric);
        assert_eq!(fresh.validate(&rubric), Ok(()));
        assert_eq!(fresh.resolve(), Ok(rubric.clone()));
        let cases = [
            Case {
                edit: |r| {
                    r.answers.pop();
                },
                message: "This review has 6 answers for 7 criteria; the link may be damaged.",
            },
            Case {
                edit: |r| r.criterion_comments.push(String::new()),
                message: "This review has 8 criterion comments for 7 criteria; the link may \
                          be damaged.",
            },
            Case {
                edit: |r| r.answers[1] = Some(3),
                message: "The answer to criterion 2 is not one of its choices (level 4).",
            },
            Case {
                edit: |r| r.criterion_comments[6] = "x".repeat(CRITERION_COMMENT_MAX_CHARS + 1),
                message: "The comment on criterion 7 is too long; keep it under 2000 characters.",
            },
            Case {
                edit: |r| r.author_comment = "ż".repeat(AUTHOR_COMMENT_MAX_CHARS + 1),
                message: "The comment for the author is too long; keep it under 5000 \
                          characters.",
            },
            Case {
                edit: |r| r.committee_comment = "c".repeat(COMMITTEE_COMMENT_MAX_CHARS + 1),
                message: "The comment for the committee is too long; keep it under 5000 \
                          characters.",
            },
            Case {
                edit: |r| r.pseudonym = Some("p".repeat(PSEUDONYM_MAX_CHARS + 1)),
                message: "The name to sign with is too long; keep it under 40 characters.",
            },
            Case {
                edit: |r| {
                    let a = AnchoredComment {
                        audience: None,
                        anchor: Anchor::new("some text", 0..4),
                        comment: "Nice.".into(),
                    };
                    r.anchors = vec![a; MAX_ANCHORS + 1];
                },
                message: "This review comments on more than 100 passages; remove some.",
            },
            Case {
                edit: |r| {
                    r.anchors.push(AnchoredComment {
                        audience: None,
                        anchor: Anchor {
                            quote: "q".into(),
                            prefix: "p".repeat(CONTEXT_CHARS + 1),
                            suffix: String::new(),
                            occurrence: None,
                        },
                        comment: String::new(),
                    });
                },
                message: "Passage comment 1 quotes too much text; the link may be damaged.",
            },
            Case {
                edit: |r| {
                    r.anchors.push(AnchoredComment {
                        audience: None,
                        anchor: Anchor::new("some text", 0..4),
                        comment: "c".repeat(ANCHOR_COMMENT_MAX_CHARS + 1),
                    });
                },
                message: "Passage comment 1 is too long; keep it under 2000 characters.",
            },
            Case {
                edit: |r| {
                    r.rubric = RubricRef::Preset {
                        id: rubric::MENTOR_CHECKLIST.into(),
                        version: 1,
                    };
                },
                message: "This review does not match its rubric; the link may be damaged.",
            },
        ];
        for case in cases {
            let mut review = fresh.clone();
            (case.edit)(&mut review);
            let err = review.validate(&rubric).expect_err(case.message);
            assert_eq!(err.to_string(), case.message);
        }
    }

    #[test]
    fn a_custom_rubric_in_a_link_is_validated_too() {
        let mut custom = Rubric::custom("Mine");
        custom.add_criterion("Fun", Scale::YesNo);
        let mut review = Review::for_rubric(&custom);
        assert_eq!(review.resolve(), Ok(custom.clone()));
        let mut broken = custom.clone();
        broken.criteria[0].weight = 99;
        review.rubric = RubricRef::Custom(broken);
        assert_eq!(
            review.resolve().unwrap_err().to_string(),
            "This review's rubric is not usable: Criterion 1's weight is too high; use a \
             weight from 0 to 10."
        );
        // A review that claims a preset but carries different criteria is
        // not accepted as that preset.
        let mut fake = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
        fake.criteria[0].weight = 5;
        let review = Review::new(
            RubricRef::Preset {
                id: fake.id.clone(),
                version: 1,
            },
            &fake,
        );
        assert_eq!(review.validate(&fake), Err(ReviewError::RubricMismatch));
    }

    // ---- properties ----

    /// Ordinal levels here take any values (not consecutive ones), for the totals.
    fn arb_scale() -> impl Strategy<Value = Scale> {
        crate::arb::scale(
            prop::collection::vec(any::<i8>(), 2..=rubric::MAX_LEVELS).prop_map(|values| {
                Scale::Ordinal(
                    values
                        .into_iter()
                        .enumerate()
                        .map(|(i, value)| Level {
                            value,
                            label: format!("L{i}"),
                            meaning: String::new(),
                        })
                        .collect(),
                )
            }),
        )
    }

    fn arb_rubric() -> impl Strategy<Value = Rubric> {
        let custom = prop::collection::vec(
            (
                arb_scale(),
                0..=rubric::MAX_WEIGHT,
                any::<bool>(),
                any::<bool>(),
            ),
            1..=rubric::MAX_CRITERIA,
        )
        .prop_map(|criteria| {
            let criteria = criteria
                .into_iter()
                .map(|(scale, weight, required, independent)| {
                    (String::new(), scale, weight, required, independent)
                })
                .collect();
            crate::arb::custom_rubric("Random", criteria)
        });
        prop_oneof![prop::sample::select(presets()), custom]
    }

    /// A rubric and a review of it with random (valid) answers.
    fn arb_reviewed() -> impl Strategy<Value = (Rubric, Review)> {
        arb_rubric().prop_flat_map(|rubric| {
            let answers: Vec<_> = rubric
                .criteria
                .iter()
                .map(|c| {
                    let n = u8::try_from(c.scale.len()).unwrap_or(u8::MAX);
                    prop::option::of(0..n)
                })
                .collect();
            (Just(rubric), answers).prop_map(|(rubric, answers)| {
                let review = review_with(&rubric, &answers);
                (rubric, review)
            })
        })
    }

    /// Bounds of the total given which criteria are answered.
    fn answered_bounds(rubric: &Rubric, review: &Review) -> (f64, f64) {
        rubric
            .criteria
            .iter()
            .zip(&review.answers)
            .filter(|(c, a)| !c.independent && a.is_some())
            .fold((0.0, 0.0), |(lo, hi), (c, _)| {
                let w = f64::from(c.weight);
                (
                    lo + w * f64::from(c.scale.min_points()),
                    hi + w * f64::from(c.scale.max_points()),
                )
            })
    }

    proptest! {
        #[test]
        fn totals_stay_within_bounds((rubric, review) in arb_reviewed()) {
            prop_assert_eq!(review.validate(&rubric), Ok(()));
            let s = score(&rubric, &review);
            // Partial totals may sit outside [min, max] (an unanswered 1–5
            // merit adds 0); once everything that counts is answered they
            // may not.
            let counted_all = rubric
                .criteria
                .iter()
                .zip(&review.answers)
                .all(|(c, a)| c.independent || a.is_some());
            if counted_all {
                prop_assert!(s.min <= s.total && s.total <= s.max, "{:?}", s);
            }
            let (lo, hi) = answered_bounds(&rubric, &review);
            prop_assert!(lo <= s.total && s.total <= hi, "{:?}", s);
            if let Some(n) = s.normalised {
                prop_assert!((0.0..=1.0).contains(&n), "{:?}", s);
            }
            prop_assert_eq!(s.answered, review.answers.iter().flatten().count());
            for &i in &s.required_missing {
                prop_assert!(rubric.criteria[i].required && review.answers[i].is_none());
            }
            prop_assert_eq!(s.complete, s.required_missing.is_empty());
        }

        #[test]
        fn best_and_worst_answers_reach_the_bounds(rubric in arb_rubric()) {
            let pick = |best: bool| -> Vec<Option<u8>> {
                rubric
                    .criteria
                    .iter()
                    .map(|c| {
                        let levels: Vec<i32> = c.scale.levels().map(|l| l.points).collect();
                        let target = if best { c.scale.max_points() } else { c.scale.min_points() };
                        levels
                            .iter()
                            .position(|&p| p == target)
                            .and_then(|i| u8::try_from(i).ok())
                    })
                    .collect()
            };
            let best = score(&rubric, &review_with(&rubric, &pick(true)));
            let worst = score(&rubric, &review_with(&rubric, &pick(false)));
            prop_assert_eq!(best.total, best.max);
            prop_assert_eq!(worst.total, worst.min);
            prop_assert!(best.complete && worst.complete);
            if best.max > best.min {
                prop_assert_eq!(best.normalised, Some(1.0));
                prop_assert_eq!(worst.normalised, Some(0.0));
            }
        }
    }
}
