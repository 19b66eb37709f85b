//! Rubrics: the criteria a reviewer scores a proposal against.
//!
//! A [`Rubric`] is a named, versioned list of [`Criterion`]s, each answered on
//! a [`Scale`]. Four built-in rubrics ship with the app (see [`presets`]);
//! a preset never changes once released: a changed preset is a new version,
//! and [`preset`] keeps answering for every old version so that old links
//! keep their meaning. Users can also build their own rubric with
//! [`Rubric::custom`] and the editing helpers, check it with
//! [`Rubric::validate`], and move it between browsers with
//! [`Rubric::to_json`] and [`Rubric::from_json`].
//!
//! Every field is small (short strings, `u8`/`i8`/`u16` numbers) so a custom
//! rubric can travel inside a share link.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::json::{self, JsonError, Value};

/// The `id` of rubrics made by users rather than shipped with the app.
pub const CUSTOM_ID: &str = "custom";
/// Most criteria a rubric may have.
pub const MAX_CRITERIA: usize = 40;
/// Longest rubric name, in characters.
pub const NAME_MAX_CHARS: usize = 80;
/// Longest rubric id, in characters.
pub const ID_MAX_CHARS: usize = 64;
/// Longest criterion key, in characters.
pub const KEY_MAX_CHARS: usize = 32;
/// Longest criterion label, in characters.
pub const LABEL_MAX_CHARS: usize = 60;
/// Longest criterion guidance, in characters.
pub const GUIDANCE_MAX_CHARS: usize = 400;
/// Largest criterion weight.
pub const MAX_WEIGHT: u8 = 10;
/// Fewest levels an ordinal scale may have.
pub const MIN_LEVELS: usize = 2;
/// Most levels an ordinal scale may have.
pub const MAX_LEVELS: usize = 10;
/// Longest level label, in characters.
pub const LEVEL_LABEL_MAX_CHARS: usize = 30;
/// Longest level meaning, in characters.
pub const MEANING_MAX_CHARS: usize = 200;
/// The `format` written by [`Rubric::to_json`]; the number after the last
/// hyphen is the file format version.
pub const JSON_FORMAT: &str = "talkback-rubric-1";

/// A named, versioned list of criteria.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rubric {
    /// Stable identifier: a preset's id such as `"pycon-us-screening"`, or
    /// [`CUSTOM_ID`]. Lowercase letters, digits and hyphens.
    pub id: String,
    /// Version, from 1. A preset's criteria never change within a version.
    pub version: u16,
    /// Name shown to people, e.g. `"PyCon US screening"`.
    pub name: String,
    /// The criteria, in the order reviewers answer them.
    pub criteria: Vec<Criterion>,
}

/// One question of a rubric, answered by choosing a level of its scale.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable key, unique within the rubric: lowercase letters, digits,
    /// hyphens and underscores.
    pub key: String,
    /// Name shown to people and used as the radio group's accessible name;
    /// unique within the rubric.
    pub label: String,
    /// One or two plain sentences the reviewer reads while scoring.
    pub guidance: String,
    /// The answers to choose from.
    pub scale: Scale,
    /// How much the answer's points count in the total, `0..=`[`MAX_WEIGHT`].
    pub weight: u8,
    /// Whether the review is incomplete without an answer.
    pub required: bool,
    /// Recorded but left out of the total (e.g. the reviewer's expertise, or
    /// a "nominate" flag).
    pub independent: bool,
}

/// The kind of a [`Scale`], for code that only needs to know the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScaleKind {
    /// `PyCon`'s +1 / +0 / −0 / −1.
    Vote,
    /// Labelled levels with their own values.
    Ordinal,
    /// Meets / Concern / Does not meet, or ✓ / partly / ✗.
    Check,
    /// Yes / No.
    YesNo,
}

/// Which words a [`Scale::Check`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckLabels {
    /// `Meets`, `Concern`, `Does not meet`.
    Standards,
    /// `✓`, `partly`, `✗`.
    Marks,
}

/// The answers a criterion offers.
///
/// Answers are stored as the index of the chosen level (see [`Scale::level`]).
/// Points per level: vote 3 / 1 / −1 / −3; check 2 / 1 / 0; yes/no 1 / 0;
/// ordinal: each level's own `value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scale {
    /// `+1`, `+0`, `−0`, `−1` (with U+2212 minus signs), in that order.
    Vote,
    /// Three levels, best first, labelled as chosen.
    Check(CheckLabels),
    /// `Yes` then `No`.
    YesNo,
    /// Levels in display order, each with its own value (between
    /// [`MIN_LEVELS`] and [`MAX_LEVELS`] of them).
    Ordinal(Vec<Level>),
}

/// A level of an ordinal scale.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Level {
    /// Points this level is worth, e.g. `4` for `"4 Excellent"`.
    pub value: i8,
    /// Radio name, unique within the scale, e.g. `"4 Excellent"` or `"A"`.
    pub label: String,
    /// Longer explanation shown next to the radio (may be empty).
    pub meaning: String,
}

/// A level of any scale, borrowed: what the UI shows and what it scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelRef<'a> {
    /// Radio name, e.g. `"+1"`, `"Meets"`, `"4 Excellent"`, `"Yes"`.
    pub label: &'a str,
    /// Longer explanation (may be empty).
    pub meaning: &'a str,
    /// Points before weighting.
    pub points: i32,
}

/// `(label, meaning, points)` of the fixed scales.
type Fixed = (&'static str, &'static str, i32);

const VOTE_LEVELS: [Fixed; 4] = [
    ("+1", "Champion: I will argue for it.", 3),
    ("+0", "Acceptable: I won't push for it.", 1),
    ("\u{2212}0", "Weak: I won't argue against it.", -1),
    ("\u{2212}1", "Reject: I will argue against it.", -3),
];
const STANDARDS_LEVELS: [Fixed; 3] = [
    ("Meets", "Meets the standard.", 2),
    ("Concern", "Mostly there, with a concern to mention.", 1),
    ("Does not meet", "Does not meet the standard.", 0),
];
const MARKS_LEVELS: [Fixed; 3] = [
    ("✓", "Done well.", 2),
    ("partly", "Partly there; needs some work.", 1),
    ("✗", "Missing, or needs a rewrite.", 0),
];
const YES_NO_LEVELS: [Fixed; 2] = [("Yes", "", 1), ("No", "", 0)];

impl Scale {
    /// An ordinal scale whose values count up from `start` and whose labels
    /// are the value followed by the name, e.g. `"0 Poor"`.
    ///
    /// ```
    /// use talkback_core::rubric::Scale;
    /// let s = Scale::numbered(0, &[("Poor", "Weak."), ("Good", "Solid.")]);
    /// assert_eq!(s.level(1).unwrap().label, "1 Good");
    /// assert_eq!(s.level(1).unwrap().points, 1);
    /// ```
    pub fn numbered(start: i8, levels: &[(&str, &str)]) -> Scale {
        Scale::Ordinal(
            levels
                .iter()
                .zip(start..)
                .map(|(&(name, meaning), value)| Level {
                    value,
                    label: format!("{value} {name}"),
                    meaning: meaning.to_owned(),
                })
                .collect(),
        )
    }

    /// This scale's kind.
    pub fn kind(&self) -> ScaleKind {
        match self {
            Scale::Vote => ScaleKind::Vote,
            Scale::Check(_) => ScaleKind::Check,
            Scale::YesNo => ScaleKind::YesNo,
            Scale::Ordinal(_) => ScaleKind::Ordinal,
        }
    }

    fn fixed(&self) -> Option<&'static [Fixed]> {
        match self {
            Scale::Vote => Some(&VOTE_LEVELS),
            Scale::Check(CheckLabels::Standards) => Some(&STANDARDS_LEVELS),
            Scale::Check(CheckLabels::Marks) => Some(&MARKS_LEVELS),
            Scale::YesNo => Some(&YES_NO_LEVELS),
            Scale::Ordinal(_) => None,
        }
    }

    /// Number of levels.
    pub fn len(&self) -> usize {
        match (self.fixed(), self) {
            (Some(levels), _) => levels.len(),
            (None, Scale::Ordinal(levels)) => levels.len(),
            (None, _) => 0,
        }
    }

    /// Whether the scale has no levels (only an unfinished ordinal scale).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The level at `index`, in display order.
    ///
    /// ```
    /// use talkback_core::rubric::Scale;
    /// let minus_zero = Scale::Vote.level(2).unwrap();
    /// assert_eq!((minus_zero.label, minus_zero.points), ("\u{2212}0", -1));
    /// assert!(Scale::Vote.level(4).is_none());
    /// ```
    pub fn level(&self, index: usize) -> Option<LevelRef<'_>> {
        match self {
            Scale::Ordinal(levels) => levels.get(index).map(|l| LevelRef {
                label: &l.label,
                meaning: &l.meaning,
                points: i32::from(l.value),
            }),
            _ => self
                .fixed()
                .and_then(|f| f.get(index))
                .map(|&(label, meaning, points)| LevelRef {
                    label,
                    meaning,
                    points,
                }),
        }
    }

    /// All levels in display order.
    pub fn levels(&self) -> impl Iterator<Item = LevelRef<'_>> + '_ {
        (0..self.len()).filter_map(move |i| self.level(i))
    }

    /// Points of the level at `index`, before weighting.
    pub fn points(&self, index: usize) -> Option<i32> {
        self.level(index).map(|l| l.points)
    }

    /// Fewest points any level gives (0 for an empty scale).
    pub fn min_points(&self) -> i32 {
        self.levels().map(|l| l.points).min().unwrap_or(0)
    }

    /// Most points any level gives (0 for an empty scale).
    pub fn max_points(&self) -> i32 {
        self.levels().map(|l| l.points).max().unwrap_or(0)
    }
}

impl Criterion {
    /// A required criterion of weight 1 with no guidance yet.
    pub fn new(key: &str, label: &str, scale: Scale) -> Criterion {
        Criterion {
            key: key.to_owned(),
            label: label.to_owned(),
            guidance: String::new(),
            scale,
            weight: 1,
            required: true,
            independent: false,
        }
    }

    /// Sets the guidance.
    #[must_use]
    pub fn with_guidance(mut self, guidance: &str) -> Criterion {
        guidance.clone_into(&mut self.guidance);
        self
    }

    /// Sets the weight.
    #[must_use]
    pub fn with_weight(mut self, weight: u8) -> Criterion {
        self.weight = weight;
        self
    }

    /// Sets whether an answer is required.
    #[must_use]
    pub fn with_required(mut self, required: bool) -> Criterion {
        self.required = required;
        self
    }

    /// Sets whether the criterion is left out of the total.
    #[must_use]
    pub fn with_independent(mut self, independent: bool) -> Criterion {
        self.independent = independent;
        self
    }
}

// ---------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------

/// Id of the `PyCon` US screening preset.
pub const PYCON_US_SCREENING: &str = "pycon-us-screening";
/// Id of the pretalx-style weighted categories preset.
pub const WEIGHTED_CATEGORIES: &str = "weighted-categories";
/// Id of the HotCRP-style merit and expertise preset.
pub const MERIT_EXPERTISE: &str = "merit-expertise";
/// Id of the mentor's checklist preset.
pub const MENTOR_CHECKLIST: &str = "mentor-checklist";

/// `(id, version)` of the current version of every preset, in menu order.
pub const CURRENT_PRESETS: [(&str, u16); 4] = [
    (PYCON_US_SCREENING, 1),
    (WEIGHTED_CATEGORIES, 1),
    (MERIT_EXPERTISE, 1),
    (MENTOR_CHECKLIST, 1),
];

/// The preset `id` at `version`, or `None` if there is no such preset.
///
/// Every version ever released stays here, unchanged, so a review made with
/// an old version still scores the way it did.
///
/// ```
/// use talkback_core::rubric::preset;
/// let pycon = preset("pycon-us-screening", 1).unwrap();
/// assert_eq!(pycon.criteria[0].label, "Overall vote");
/// assert!(preset("pycon-us-screening", 99).is_none());
/// ```
pub fn preset(id: &str, version: u16) -> Option<Rubric> {
    match (id, version) {
        (PYCON_US_SCREENING, 1) => Some(pycon_us_screening_v1()),
        (WEIGHTED_CATEGORIES, 1) => Some(weighted_categories_v1()),
        (MERIT_EXPERTISE, 1) => Some(merit_expertise_v1()),
        (MENTOR_CHECKLIST, 1) => Some(mentor_checklist_v1()),
        _ => None,
    }
}

/// The current version of every preset, in menu order.
///
/// ```
/// use talkback_core::rubric::presets;
/// let names: Vec<String> = presets().into_iter().map(|r| r.name).collect();
/// assert_eq!(names[0], "PyCon US screening");
/// ```
pub fn presets() -> Vec<Rubric> {
    CURRENT_PRESETS
        .iter()
        .filter_map(|&(id, version)| preset(id, version))
        .collect()
}

/// The current version of the preset `id`.
pub fn latest_preset(id: &str) -> Option<Rubric> {
    CURRENT_PRESETS
        .iter()
        .find(|(preset_id, _)| *preset_id == id)
        .and_then(|&(id, version)| preset(id, version))
}

fn rubric(id: &str, version: u16, name: &str, criteria: Vec<Criterion>) -> Rubric {
    Rubric {
        id: id.to_owned(),
        version,
        name: name.to_owned(),
        criteria,
    }
}

fn pycon_us_screening_v1() -> Rubric {
    let standard = |key, label, guidance| {
        Criterion::new(key, label, Scale::Check(CheckLabels::Standards))
            .with_guidance(guidance)
            .with_independent(true)
    };
    // PyCon ranks proposals by votes alone; the standards record why the
    // reviewer voted as they did, so they are independent of the total.
    rubric(
        PYCON_US_SCREENING,
        1,
        "PyCon US screening",
        vec![
            Criterion::new("vote", "Overall vote", Scale::Vote).with_guidance(
                "Your overall call on this proposal. Vote +1 only if you would argue for it \
                 in the committee meeting, and \u{2212}1 only if you would argue against it.",
            ),
            standard(
                "python",
                "Relevant to a Python audience",
                "Would people at a Python conference get something out of this? Python need \
                 not be the topic, but the talk should connect to what Python users do.",
            ),
            standard(
                "audience",
                "Specific audience",
                "Does the proposal say who the talk is for and what they should already know? \
                 \u{201c}Everyone\u{201d} is not an audience.",
            ),
            standard(
                "takeaways",
                "Takeaways stated",
                "Could you name what an attendee will know or be able to do afterwards, from \
                 the proposal alone?",
            ),
            standard(
                "outline",
                "Outline fits the slot",
                "Does the outline give rough timings, and do they add up to the slot with \
                 time left for questions?",
            ),
            standard(
                "fallback",
                "Cut plan and demo fallback",
                "If time runs short, does the speaker know what to cut? If there is a live \
                 demo, is there a recording or screenshots to fall back on? Skip this if \
                 neither applies.",
            )
            .with_required(false),
            Criterion::new("nominate", "Nominate", Scale::YesNo)
                .with_guidance(
                    "Choose Yes to flag this proposal for the whole committee's attention, \
                     whatever its score.",
                )
                .with_required(false)
                .with_independent(true),
        ],
    )
}

fn weighted_categories_v1() -> Rubric {
    let quality = || {
        Scale::numbered(
            0,
            &[
                ("Poor", "Serious problems; would not work as it stands."),
                ("Fair", "Some merit, but major gaps."),
                ("Good", "Solid, with a few gaps."),
                ("Very good", "Strong, with minor issues."),
                ("Excellent", "Outstanding; hard to improve."),
            ],
        )
    };
    rubric(
        WEIGHTED_CATEGORIES,
        1,
        "Weighted score categories",
        vec![
            Criterion::new("content", "Content quality", quality())
                .with_weight(2)
                .with_guidance(
                    "Is the material accurate, substantial and worth the audience's time? \
                     Judge what the talk will teach, not how polished the proposal's prose is.",
                ),
            Criterion::new("relevance", "Relevance", quality()).with_guidance(
                "How well does the talk fit this conference and the people who come to it?",
            ),
            Criterion::new("presentation", "Presentation and structure", quality()).with_guidance(
                "Is there a clear structure a listener can follow, in a sensible order \
                     and at a pace that suits the slot?",
            ),
            Criterion::new("mentor", "Needs a mentor", Scale::YesNo)
                .with_guidance(
                    "Choose Yes if a promising proposal would do better with a mentor's help \
                     before the talk.",
                )
                .with_required(false)
                .with_independent(true),
        ],
    )
}

fn merit_expertise_v1() -> Rubric {
    let champion = Scale::Ordinal(
        [
            (4, "A", "Good; I will champion it."),
            (3, "B", "OK, but I will not champion it."),
            (2, "C", "Weak, but I will not argue against it."),
            (1, "D", "Serious problems; I will argue against it."),
        ]
        .iter()
        .map(|&(value, label, meaning)| Level {
            value,
            label: label.to_owned(),
            meaning: meaning.to_owned(),
        })
        .collect(),
    );
    rubric(
        MERIT_EXPERTISE,
        1,
        "Merit and expertise",
        vec![
            Criterion::new(
                "merit",
                "Overall merit",
                Scale::numbered(
                    1,
                    &[
                        ("Reject", "Not right for this conference."),
                        ("Weak reject", "Has merit, but I lean against it."),
                        ("Weak accept", "Has problems, but I lean towards it."),
                        ("Accept", "A good talk I would be glad to see."),
                        (
                            "Strong accept",
                            "One of the best; it belongs in the programme.",
                        ),
                    ],
                ),
            )
            .with_guidance("Your overall judgement of this proposal as a talk at this conference."),
            Criterion::new(
                "expertise",
                "Reviewer expertise",
                Scale::numbered(
                    1,
                    &[
                        ("No familiarity", "I know little about this topic."),
                        ("Some familiarity", "I have a general idea of the topic."),
                        ("Knowledgeable", "I know the topic well."),
                        ("Expert", "I work in this area or know it deeply."),
                    ],
                ),
            )
            .with_guidance(
                "How well do you know this topic? It does not change the score; it tells the \
                 committee how much weight to give your merit rating.",
            )
            .with_independent(true),
            Criterion::new("champion", "Champion", champion)
                .with_guidance(
                    "Optional. Say whether you will speak up for this proposal at the committee \
                     meeting.",
                )
                .with_required(false)
                .with_independent(true),
        ],
    )
}

fn mentor_checklist_v1() -> Rubric {
    let item = |key, label, guidance| {
        Criterion::new(key, label, Scale::Check(CheckLabels::Marks)).with_guidance(guidance)
    };
    rubric(
        MENTOR_CHECKLIST,
        1,
        "Mentor's checklist",
        vec![
            item(
                "title",
                "Title",
                "Does the title say what the talk is about in plain words? Someone scanning a \
                 long list should want to read on.",
            ),
            item(
                "description",
                "Description",
                "Would the short description make sense printed in the programme, to someone \
                 choosing which room to walk into?",
            ),
            item(
                "audience",
                "Audience",
                "Does it say who the talk is for and what they should already know? A specific \
                 audience is a strength, not a limit.",
            ),
            item(
                "takeaways",
                "Takeaways",
                "Can you list two or three things attendees will learn? If you had to guess, \
                 suggest stating them outright.",
            ),
            item(
                "outline",
                "Outline",
                "Is there an outline with rough timings that fit the slot and leave room for \
                 questions?",
            ),
            item(
                "demo",
                "Demo plan",
                "If there is a live demo, is there a plan for when the network or laptop \
                 fails? Leave this blank if there is no demo.",
            )
            .with_required(false),
            item(
                "relevance",
                "Relevance",
                "Is it clear why this talk belongs at this conference? One sentence linking \
                 the topic to the audience's work often does it.",
            ),
            item(
                "anonymity",
                "Anonymity",
                "For a blind review, is the proposal free of names, employers and links that \
                 give the speaker away?",
            ),
            item(
                "notes",
                "Notes to the committee",
                "Do the notes give the committee useful context, such as why the speaker is \
                 well placed to give this talk, without breaking anonymity?",
            ),
            item(
                "instructions",
                "Instructions followed",
                "Does the proposal follow the call for proposals: length limits, required \
                 fields and format?",
            ),
            item(
                "clarity",
                "Clarity",
                "Is the writing clear and concise? If one sentence could be simpler, point to \
                 it and suggest a rewrite.",
            ),
        ],
    )
}

// ---------------------------------------------------------------------------
// Custom rubrics
// ---------------------------------------------------------------------------

impl Rubric {
    /// An empty custom rubric called `name`, ready for
    /// [`add_criterion`](Rubric::add_criterion).
    ///
    /// ```
    /// use talkback_core::rubric::{Rubric, Scale};
    /// let mut r = Rubric::custom("Lightning talks");
    /// r.add_criterion("Fun", Scale::YesNo);
    /// r.add_criterion("Clear point", Scale::numbered(1, &[("Vague", ""), ("Clear", "")]))
    ///     .weight = 2;
    /// r.move_criterion(1, 0);
    /// assert_eq!(r.criteria[0].label, "Clear point");
    /// assert!(r.validate().is_ok());
    /// ```
    pub fn custom(name: &str) -> Rubric {
        rubric(CUSTOM_ID, 1, name, Vec::new())
    }

    /// A custom copy of this rubric called `name`, to edit without touching
    /// the original (presets never change in place).
    #[must_use]
    pub fn to_custom(&self, name: &str) -> Rubric {
        rubric(CUSTOM_ID, 1, name, self.criteria.clone())
    }

    /// Whether this rubric is exactly a preset version.
    pub fn is_preset(&self) -> bool {
        preset(&self.id, self.version).is_some_and(|p| p == *self)
    }

    /// Appends a required criterion of weight 1 with a fresh key (`c1`,
    /// `c2`, …) and returns it for further changes.
    pub fn add_criterion(&mut self, label: &str, scale: Scale) -> &mut Criterion {
        let key = fresh_key(&self.criteria);
        self.criteria.push(Criterion::new(&key, label, scale));
        let last = self.criteria.len() - 1;
        &mut self.criteria[last]
    }

    /// Removes and returns the criterion at `index`, or `None` if there is
    /// none.
    pub fn remove_criterion(&mut self, index: usize) -> Option<Criterion> {
        (index < self.criteria.len()).then(|| self.criteria.remove(index))
    }

    /// Moves the criterion at `from` so it ends up at `to`, shifting the
    /// ones between. Returns `false` (and changes nothing) if either index
    /// is out of range.
    pub fn move_criterion(&mut self, from: usize, to: usize) -> bool {
        let n = self.criteria.len();
        if from >= n || to >= n {
            return false;
        }
        let c = self.criteria.remove(from);
        self.criteria.insert(to, c);
        true
    }

    /// The index of the criterion with `key`.
    pub fn criterion_index(&self, key: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.key == key)
    }

    /// Checks everything a user could get wrong, returning the first
    /// problem in plain words (see [`RubricErrorKind`] for the list and the
    /// `*_MAX_*` constants for the limits).
    ///
    /// # Errors
    ///
    /// The first problem found, with the criterion it is in.
    ///
    /// ```
    /// use talkback_core::rubric::{Rubric, Scale};
    /// let mut r = Rubric::custom("Mine");
    /// r.add_criterion("Clarity", Scale::YesNo);
    /// r.add_criterion("Clarity", Scale::Vote);
    /// let err = r.validate().unwrap_err();
    /// assert_eq!(err.criterion, Some(1));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Criteria 1 and 2 are both called \u{201c}Clarity\u{201d}; give each its own name."
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), RubricError> {
        let whole = |kind| Err(RubricError::rubric(kind));
        if self.id.is_empty()
            || self.id.chars().count() > ID_MAX_CHARS
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return whole(RubricErrorKind::BadId);
        }
        if self.version == 0 {
            return whole(RubricErrorKind::BadVersion);
        }
        if self.name.trim().is_empty() {
            return whole(RubricErrorKind::EmptyName);
        }
        if self.name.chars().count() > NAME_MAX_CHARS {
            return whole(RubricErrorKind::NameTooLong);
        }
        if self.criteria.is_empty() {
            return whole(RubricErrorKind::NoCriteria);
        }
        if self.criteria.len() > MAX_CRITERIA {
            return whole(RubricErrorKind::TooManyCriteria);
        }
        for (i, c) in self.criteria.iter().enumerate() {
            let fail = |kind| Err(RubricError::criterion(i, kind));
            if c.label.trim().is_empty() {
                return fail(RubricErrorKind::MissingLabel);
            }
            if c.label.chars().count() > LABEL_MAX_CHARS {
                return fail(RubricErrorKind::LabelTooLong);
            }
            if let Some(first) = self.criteria[..i]
                .iter()
                .position(|o| o.label.trim() == c.label.trim())
            {
                return fail(RubricErrorKind::DuplicateLabel {
                    first,
                    label: c.label.trim().to_owned(),
                });
            }
            if c.key.is_empty()
                || c.key.chars().count() > KEY_MAX_CHARS
                || !c.key.chars().all(|ch| {
                    ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_'
                })
            {
                return fail(RubricErrorKind::BadKey);
            }
            if let Some(first) = self.criteria[..i].iter().position(|o| o.key == c.key) {
                return fail(RubricErrorKind::DuplicateKey { first });
            }
            if c.guidance.chars().count() > GUIDANCE_MAX_CHARS {
                return fail(RubricErrorKind::GuidanceTooLong);
            }
            if c.weight > MAX_WEIGHT {
                return fail(RubricErrorKind::WeightTooHigh);
            }
            if let Scale::Ordinal(levels) = &c.scale {
                validate_levels(levels).map_err(|kind| RubricError::criterion(i, kind))?;
            }
        }
        Ok(())
    }
}

/// The first of `c1`, `c2`, … that no criterion uses.
fn fresh_key(criteria: &[Criterion]) -> String {
    // Of n + 1 candidates at least one is free.
    (1..=criteria.len() + 1)
        .map(|n| format!("c{n}"))
        .find(|k| criteria.iter().all(|c| c.key != *k))
        .unwrap_or_default()
}

fn validate_levels(levels: &[Level]) -> Result<(), RubricErrorKind> {
    if levels.len() < MIN_LEVELS {
        return Err(RubricErrorKind::TooFewLevels);
    }
    if levels.len() > MAX_LEVELS {
        return Err(RubricErrorKind::TooManyLevels);
    }
    for (level, l) in levels.iter().enumerate() {
        if l.label.trim().is_empty() {
            return Err(RubricErrorKind::MissingLevelLabel { level });
        }
        if l.label.chars().count() > LEVEL_LABEL_MAX_CHARS {
            return Err(RubricErrorKind::LevelLabelTooLong { level });
        }
        if levels[..level]
            .iter()
            .any(|o| o.label.trim() == l.label.trim())
        {
            return Err(RubricErrorKind::DuplicateLevelLabel {
                label: l.label.trim().to_owned(),
            });
        }
        if l.meaning.chars().count() > MEANING_MAX_CHARS {
            return Err(RubricErrorKind::MeaningTooLong { level });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a rubric is invalid or a rubric file could not be read.
///
/// `Display` gives a plain sentence for the user, e.g. "Criterion 2 has no
/// label."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricError {
    /// Index of the criterion at fault, if the problem is in one.
    pub criterion: Option<usize>,
    /// What is wrong.
    pub kind: RubricErrorKind,
}

/// What is wrong with a rubric or a rubric file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RubricErrorKind {
    /// The file is not JSON at all.
    NotJson(JsonError),
    /// The file is JSON but not a rubric (e.g. a list, or no `criteria`).
    NotARubric,
    /// The file was written by a newer Talkback with this format version.
    NewerFormat(u32),
    /// A field has the wrong type or is out of range.
    WrongType {
        /// The field's name in the file, e.g. `"weight"`.
        field: &'static str,
        /// What it should be, in words, e.g. `"a whole number from 0 to 10"`.
        expected: &'static str,
    },
    /// A scale kind this version does not know.
    UnknownScale(String),
    /// The id is empty, too long, or has characters other than lowercase
    /// letters, digits and hyphens.
    BadId,
    /// The version is 0.
    BadVersion,
    /// The name is empty.
    EmptyName,
    /// The name is longer than [`NAME_MAX_CHARS`].
    NameTooLong,
    /// The rubric has no criteria.
    NoCriteria,
    /// More than [`MAX_CRITERIA`] criteria.
    TooManyCriteria,
    /// A criterion has no label.
    MissingLabel,
    /// A label is longer than [`LABEL_MAX_CHARS`].
    LabelTooLong,
    /// Two criteria share a label.
    DuplicateLabel {
        /// Index of the earlier criterion with the same label.
        first: usize,
        /// The shared label.
        label: String,
    },
    /// A key is empty, too long, or has characters other than lowercase
    /// letters, digits, hyphens and underscores.
    BadKey,
    /// Two criteria share a key.
    DuplicateKey {
        /// Index of the earlier criterion with the same key.
        first: usize,
    },
    /// Guidance is longer than [`GUIDANCE_MAX_CHARS`].
    GuidanceTooLong,
    /// Weight above [`MAX_WEIGHT`].
    WeightTooHigh,
    /// An ordinal scale with fewer than [`MIN_LEVELS`] levels.
    TooFewLevels,
    /// An ordinal scale with more than [`MAX_LEVELS`] levels.
    TooManyLevels,
    /// A level has no label.
    MissingLevelLabel {
        /// Index of the level.
        level: usize,
    },
    /// A level label is longer than [`LEVEL_LABEL_MAX_CHARS`].
    LevelLabelTooLong {
        /// Index of the level.
        level: usize,
    },
    /// Two levels of one scale share a label.
    DuplicateLevelLabel {
        /// The shared label.
        label: String,
    },
    /// A level meaning is longer than [`MEANING_MAX_CHARS`].
    MeaningTooLong {
        /// Index of the level.
        level: usize,
    },
}

impl RubricError {
    fn rubric(kind: RubricErrorKind) -> RubricError {
        RubricError {
            criterion: None,
            kind,
        }
    }

    fn criterion(index: usize, kind: RubricErrorKind) -> RubricError {
        RubricError {
            criterion: Some(index),
            kind,
        }
    }
}

impl fmt::Display for RubricError {
    // One short arm per kind; splitting it would only scatter the wording.
    #[allow(clippy::too_many_lines)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RubricErrorKind as K;
        // People count from 1.
        let subject = match self.criterion {
            Some(i) => format!("Criterion {}", i + 1),
            None => "This rubric".to_owned(),
        };
        match &self.kind {
            K::NotJson(e) => write!(
                f,
                "This file is not valid JSON (line {}, column {}): {}.",
                e.line,
                e.column,
                e.kind.message()
            ),
            K::NotARubric => f.write_str(
                "This file is not a Talkback rubric: it should describe a name and a list of \
                 criteria.",
            ),
            K::NewerFormat(v) => write!(
                f,
                "This rubric was saved by a newer version of Talkback (format {v}); reload the \
                 page to update, then try again."
            ),
            K::WrongType { field, expected } => match self.criterion {
                Some(i) => write!(
                    f,
                    "In criterion {}, \u{201c}{field}\u{201d} should be {expected}.",
                    i + 1
                ),
                None => write!(
                    f,
                    "In this rubric, \u{201c}{field}\u{201d} should be {expected}."
                ),
            },
            K::UnknownScale(s) => write!(
                f,
                "{subject} uses a scale Talkback does not know: \u{201c}{s}\u{201d}. Use vote, \
                 check, check-marks, yes-no or ordinal."
            ),
            K::BadId => write!(
                f,
                "The rubric's id must be 1 to {ID_MAX_CHARS} lowercase letters, digits and \
                 hyphens."
            ),
            K::BadVersion => f.write_str("The rubric's version must be 1 or more."),
            K::EmptyName => f.write_str("This rubric needs a name."),
            K::NameTooLong => write!(
                f,
                "The rubric's name is too long; keep it under {NAME_MAX_CHARS} characters."
            ),
            K::NoCriteria => f.write_str("This rubric has no criteria; add at least one."),
            K::TooManyCriteria => write!(
                f,
                "This rubric has more than {MAX_CRITERIA} criteria; remove some."
            ),
            K::MissingLabel => write!(f, "{subject} has no label."),
            K::LabelTooLong => write!(
                f,
                "{subject}'s label is too long; keep it under {LABEL_MAX_CHARS} characters."
            ),
            K::DuplicateLabel { first, label } => write!(
                f,
                "Criteria {} and {} are both called \u{201c}{label}\u{201d}; give each its own \
                 name.",
                first + 1,
                self.criterion.map_or(0, |i| i + 1)
            ),
            K::BadKey => write!(
                f,
                "{subject}'s key must be 1 to {KEY_MAX_CHARS} lowercase letters, digits, \
                 hyphens or underscores."
            ),
            K::DuplicateKey { first } => write!(
                f,
                "{subject} has the same key as criterion {}; each key must be different.",
                first + 1
            ),
            K::GuidanceTooLong => write!(
                f,
                "{subject}'s guidance is too long; keep it under {GUIDANCE_MAX_CHARS} \
                 characters."
            ),
            K::WeightTooHigh => write!(
                f,
                "{subject}'s weight is too high; use a weight from 0 to {MAX_WEIGHT}."
            ),
            K::TooFewLevels => write!(
                f,
                "{subject}'s scale needs at least {MIN_LEVELS} levels to choose from."
            ),
            K::TooManyLevels => write!(
                f,
                "{subject}'s scale has more than {MAX_LEVELS} levels; remove some."
            ),
            K::MissingLevelLabel { level } => {
                write!(
                    f,
                    "Level {} of {} has no label.",
                    level + 1,
                    lower(&subject)
                )
            }
            K::LevelLabelTooLong { level } => write!(
                f,
                "Level {} of {} has a label that is too long; keep it under \
                 {LEVEL_LABEL_MAX_CHARS} characters.",
                level + 1,
                lower(&subject)
            ),
            K::DuplicateLevelLabel { label } => write!(
                f,
                "{subject} has two levels called \u{201c}{label}\u{201d}; give each its own \
                 name."
            ),
            K::MeaningTooLong { level } => write!(
                f,
                "Level {} of {} has a meaning that is too long; keep it under \
                 {MEANING_MAX_CHARS} characters.",
                level + 1,
                lower(&subject)
            ),
        }
    }
}

/// "Criterion 2" → "criterion 2", for the middle of a sentence.
fn lower(subject: &str) -> String {
    let mut chars = subject.chars();
    chars
        .next()
        .map(|c| crate::fold::lower_chars(c).chain(chars).collect())
        .unwrap_or_default()
}

impl std::error::Error for RubricError {}

// ---------------------------------------------------------------------------
// JSON import and export
// ---------------------------------------------------------------------------

fn scale_name(scale: &Scale) -> &'static str {
    match scale {
        Scale::Vote => "vote",
        Scale::Check(CheckLabels::Standards) => "check",
        Scale::Check(CheckLabels::Marks) => "check-marks",
        Scale::YesNo => "yes-no",
        Scale::Ordinal(_) => "ordinal",
    }
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

impl Rubric {
    /// The rubric as an indented JSON file that [`Rubric::from_json`] reads
    /// back to an equal rubric.
    ///
    /// The file looks like:
    ///
    /// ```json
    /// {
    ///   "format": "talkback-rubric-1",
    ///   "id": "custom", "version": 1, "name": "Lightning talks",
    ///   "criteria": [
    ///     { "key": "c1", "label": "Fun", "guidance": "", "scale": "yes-no",
    ///       "weight": 1, "required": true, "independent": false },
    ///     { "key": "c2", "label": "Clear point", "guidance": "", "scale": "ordinal",
    ///       "levels": [ { "value": 1, "label": "1 Vague", "meaning": "" }, … ],
    ///       "weight": 2, "required": true, "independent": false }
    ///   ]
    /// }
    /// ```
    ///
    /// `scale` is one of `vote`, `check` (Meets / Concern / Does not meet),
    /// `check-marks` (✓ / partly / ✗), `yes-no` and `ordinal`.
    pub fn to_json(&self) -> String {
        let criteria = self
            .criteria
            .iter()
            .map(|c| {
                let mut members = vec![
                    ("key".to_owned(), text(&c.key)),
                    ("label".to_owned(), text(&c.label)),
                    ("guidance".to_owned(), text(&c.guidance)),
                    ("scale".to_owned(), text(scale_name(&c.scale))),
                ];
                if let Scale::Ordinal(levels) = &c.scale {
                    let levels = levels
                        .iter()
                        .map(|l| {
                            Value::Object(vec![
                                ("value".to_owned(), Value::Number(f64::from(l.value))),
                                ("label".to_owned(), text(&l.label)),
                                ("meaning".to_owned(), text(&l.meaning)),
                            ])
                        })
                        .collect();
                    members.push(("levels".to_owned(), Value::Array(levels)));
                }
                members.extend([
                    ("weight".to_owned(), Value::Number(f64::from(c.weight))),
                    ("required".to_owned(), Value::Bool(c.required)),
                    ("independent".to_owned(), Value::Bool(c.independent)),
                ]);
                Value::Object(members)
            })
            .collect();
        Value::Object(vec![
            ("format".to_owned(), text(JSON_FORMAT)),
            ("id".to_owned(), text(&self.id)),
            ("version".to_owned(), Value::Number(f64::from(self.version))),
            ("name".to_owned(), text(&self.name)),
            ("criteria".to_owned(), Value::Array(criteria)),
        ])
        .to_json_pretty()
    }

    /// Reads a rubric file written by [`Rubric::to_json`] (or by hand) and
    /// validates it.
    ///
    /// Only `name`, `criteria`, and each criterion's `label` and `scale`
    /// (plus `levels` for ordinal scales) are needed; missing fields take
    /// defaults (id `custom`, version 1, keys `c1`, `c2`…, empty guidance,
    /// weight 1, required, not independent). Unknown fields are ignored so
    /// files from later versions still load when they can.
    ///
    /// # Errors
    ///
    /// [`RubricErrorKind::NotJson`] for text that is not JSON,
    /// [`RubricErrorKind::NotARubric`] or
    /// [`RubricErrorKind::NewerFormat`] for other files, `WrongType` or
    /// `UnknownScale` for fields that cannot be read, and any error of
    /// [`Rubric::validate`].
    ///
    /// ```
    /// use talkback_core::rubric::Rubric;
    /// let r = Rubric::from_json(
    ///     r#"{"name": "Quick", "criteria": [{"label": "Good fit", "scale": "yes-no"}]}"#,
    /// )
    /// .unwrap();
    /// assert_eq!(r.criteria[0].key, "c1");
    ///
    /// let err = Rubric::from_json("{\n  \"name\": \"Quick\",\n  criteria: []\n}").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "This file is not valid JSON (line 3, column 3): a quoted name was expected."
    /// );
    /// let err = Rubric::from_json(r#"{"name": "Quick", "criteria": []}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "This rubric has no criteria; add at least one.");
    /// ```
    pub fn from_json(input: &str) -> Result<Rubric, RubricError> {
        let root =
            json::parse(input).map_err(|e| RubricError::rubric(RubricErrorKind::NotJson(e)))?;
        let Value::Object(_) = root else {
            return Err(RubricError::rubric(RubricErrorKind::NotARubric));
        };
        if let Some(format) = root.get("format") {
            let version = format
                .as_str()
                .and_then(|f| f.strip_prefix("talkback-rubric-"))
                .and_then(|v| v.parse::<u32>().ok())
                .ok_or(RubricError::rubric(RubricErrorKind::NotARubric))?;
            if version > 1 {
                return Err(RubricError::rubric(RubricErrorKind::NewerFormat(version)));
            }
        }
        if root.get("criteria").is_none() && root.get("name").is_none() {
            return Err(RubricError::rubric(RubricErrorKind::NotARubric));
        }
        let top = Fields {
            value: &root,
            criterion: None,
        };
        let id = top.string("id")?.unwrap_or_else(|| CUSTOM_ID.to_owned());
        let version = top
            .int(
                "version",
                1,
                i64::from(u16::MAX),
                "a whole number from 1 to 65535",
            )?
            .map_or(1, |v| u16::try_from(v).unwrap_or(1));
        let name = top.string("name")?.unwrap_or_default();
        let items = match root.get("criteria") {
            None => &[][..],
            Some(v) => v
                .as_array()
                .ok_or(RubricError::rubric(RubricErrorKind::WrongType {
                    field: "criteria",
                    expected: "a list",
                }))?,
        };
        if items.len() > MAX_CRITERIA {
            return Err(RubricError::rubric(RubricErrorKind::TooManyCriteria));
        }
        let mut rubric = Rubric {
            id,
            version,
            name,
            criteria: Vec::with_capacity(items.len()),
        };
        let mut missing_keys = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let (criterion, has_key) = criterion_from_json(i, item)?;
            if !has_key {
                missing_keys.push(i);
            }
            rubric.criteria.push(criterion);
        }
        for i in missing_keys {
            rubric.criteria[i].key = fresh_key(&rubric.criteria);
        }
        rubric.validate()?;
        Ok(rubric)
    }
}

/// Typed access to an object's fields, reporting errors against a
/// criterion.
struct Fields<'a> {
    value: &'a Value,
    criterion: Option<usize>,
}

impl Fields<'_> {
    fn wrong(&self, field: &'static str, expected: &'static str) -> RubricError {
        RubricError {
            criterion: self.criterion,
            kind: RubricErrorKind::WrongType { field, expected },
        }
    }

    fn string(&self, field: &'static str) -> Result<Option<String>, RubricError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.wrong(field, "text")),
        }
    }

    fn bool(&self, field: &'static str) -> Result<Option<bool>, RubricError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong(field, "true or false")),
        }
    }

    fn int(
        &self,
        field: &'static str,
        min: i64,
        max: i64,
        expected: &'static str,
    ) -> Result<Option<i64>, RubricError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v.as_i64() {
                Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(self.wrong(field, expected)),
            },
        }
    }
}

fn criterion_from_json(index: usize, item: &Value) -> Result<(Criterion, bool), RubricError> {
    let fail = |kind| RubricError::criterion(index, kind);
    if !matches!(item, Value::Object(_)) {
        return Err(fail(RubricErrorKind::WrongType {
            field: "criteria",
            expected: "a list of objects",
        }));
    }
    let f = Fields {
        value: item,
        criterion: Some(index),
    };
    let label = f
        .string("label")?
        .ok_or(fail(RubricErrorKind::MissingLabel))?;
    let scale = match f.string("scale")?.as_deref() {
        None => {
            return Err(fail(RubricErrorKind::WrongType {
                field: "scale",
                expected: "one of vote, check, check-marks, yes-no or ordinal",
            }))
        }
        Some("vote") => Scale::Vote,
        Some("check") => Scale::Check(CheckLabels::Standards),
        Some("check-marks") => Scale::Check(CheckLabels::Marks),
        Some("yes-no") => Scale::YesNo,
        Some("ordinal") => Scale::Ordinal(levels_from_json(index, item.get("levels"))?),
        Some(other) => {
            let shown: String = other.chars().take(LABEL_MAX_CHARS).collect();
            return Err(fail(RubricErrorKind::UnknownScale(shown)));
        }
    };
    let key = f.string("key")?;
    let has_key = key.is_some();
    let weight = f
        .int(
            "weight",
            0,
            i64::from(MAX_WEIGHT),
            "a whole number from 0 to 10",
        )?
        .map_or(1, |w| u8::try_from(w).unwrap_or(1));
    let criterion = Criterion {
        key: key.unwrap_or_default(),
        label,
        guidance: f.string("guidance")?.unwrap_or_default(),
        scale,
        weight,
        required: f.bool("required")?.unwrap_or(true),
        independent: f.bool("independent")?.unwrap_or(false),
    };
    Ok((criterion, has_key))
}

fn levels_from_json(index: usize, levels: Option<&Value>) -> Result<Vec<Level>, RubricError> {
    let fail = |kind| RubricError::criterion(index, kind);
    let items = match levels {
        None | Some(Value::Null) => return Err(fail(RubricErrorKind::TooFewLevels)),
        Some(v) => v.as_array().ok_or(fail(RubricErrorKind::WrongType {
            field: "levels",
            expected: "a list",
        }))?,
    };
    if items.len() > MAX_LEVELS {
        return Err(fail(RubricErrorKind::TooManyLevels));
    }
    items
        .iter()
        .enumerate()
        .map(|(level, item)| {
            if !matches!(item, Value::Object(_)) {
                return Err(fail(RubricErrorKind::WrongType {
                    field: "levels",
                    expected: "a list of objects",
                }));
            }
            let f = Fields {
                value: item,
                criterion: Some(index),
            };
            let value = f
                .int(
                    "value",
                    i64::from(i8::MIN),
                    i64::from(i8::MAX),
                    "a whole number from \u{2212}128 to 127",
                )?
                .ok_or(fail(RubricErrorKind::WrongType {
                    field: "value",
                    expected: "a whole number from \u{2212}128 to 127",
                }))?;
            Ok(Level {
                value: i8::try_from(value).unwrap_or_default(),
                label: f
                    .string("label")?
                    .ok_or(fail(RubricErrorKind::MissingLevelLabel { level }))?,
                meaning: f.string("meaning")?.unwrap_or_default(),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Which rubric a review uses
// ---------------------------------------------------------------------------

/// How a review names its rubric: a preset by id and version (small in a
/// link), or a whole custom rubric.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RubricRef {
    /// A preset, looked up with [`preset`].
    Preset {
        /// Preset id.
        id: String,
        /// Preset version.
        version: u16,
    },
    /// A rubric carried in full.
    Custom(Rubric),
}

impl RubricRef {
    /// The shortest reference to `rubric`: a preset reference if it is
    /// exactly a preset version, otherwise a copy of it.
    ///
    /// ```
    /// use talkback_core::rubric::{preset, Rubric, RubricRef};
    /// let pycon = preset("pycon-us-screening", 1).unwrap();
    /// assert_eq!(
    ///     RubricRef::of(&pycon),
    ///     RubricRef::Preset { id: "pycon-us-screening".into(), version: 1 }
    /// );
    /// let edited = pycon.to_custom("My PyCon");
    /// assert_eq!(RubricRef::of(&edited), RubricRef::Custom(edited.clone()));
    /// ```
    pub fn of(rubric: &Rubric) -> RubricRef {
        if rubric.is_preset() {
            RubricRef::Preset {
                id: rubric.id.clone(),
                version: rubric.version,
            }
        } else {
            RubricRef::Custom(rubric.clone())
        }
    }

    /// The rubric referred to, or `None` for an unknown preset.
    pub fn resolve(&self) -> Option<Rubric> {
        match self {
            RubricRef::Preset { id, version } => preset(id, *version),
            RubricRef::Custom(rubric) => Some(rubric.clone()),
        }
    }
}

// The case tables are long on purpose: one row per message.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::too_many_lines)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a test pins about one preset.
    struct PresetPin {
        id: &'static str,
        version: u16,
        name: &'static str,
        /// `(label, scale labels, weight, required, independent)`.
        criteria: &'static [(&'static str, &'static [&'static str], u8, bool, bool)],
    }

    const VOTE: &[&str] = &["+1", "+0", "\u{2212}0", "\u{2212}1"];
    const STANDARDS: &[&str] = &["Meets", "Concern", "Does not meet"];
    const MARKS: &[&str] = &["✓", "partly", "✗"];
    const YES_NO: &[&str] = &["Yes", "No"];
    const QUALITY: &[&str] = &["0 Poor", "1 Fair", "2 Good", "3 Very good", "4 Excellent"];

    const PINS: &[PresetPin] = &[
        PresetPin {
            id: "pycon-us-screening",
            version: 1,
            name: "PyCon US screening",
            criteria: &[
                ("Overall vote", VOTE, 1, true, false),
                ("Relevant to a Python audience", STANDARDS, 1, true, true),
                ("Specific audience", STANDARDS, 1, true, true),
                ("Takeaways stated", STANDARDS, 1, true, true),
                ("Outline fits the slot", STANDARDS, 1, true, true),
                ("Cut plan and demo fallback", STANDARDS, 1, false, true),
                ("Nominate", YES_NO, 1, false, true),
            ],
        },
        PresetPin {
            id: "weighted-categories",
            version: 1,
            name: "Weighted score categories",
            criteria: &[
                ("Content quality", QUALITY, 2, true, false),
                ("Relevance", QUALITY, 1, true, false),
                ("Presentation and structure", QUALITY, 1, true, false),
                ("Needs a mentor", YES_NO, 1, false, true),
            ],
        },
        PresetPin {
            id: "merit-expertise",
            version: 1,
            name: "Merit and expertise",
            criteria: &[
                (
                    "Overall merit",
                    &[
                        "1 Reject",
                        "2 Weak reject",
                        "3 Weak accept",
                        "4 Accept",
                        "5 Strong accept",
                    ],
                    1,
                    true,
                    false,
                ),
                (
                    "Reviewer expertise",
                    &[
                        "1 No familiarity",
                        "2 Some familiarity",
                        "3 Knowledgeable",
                        "4 Expert",
                    ],
                    1,
                    true,
                    true,
                ),
                ("Champion", &["A", "B", "C", "D"], 1, false, true),
            ],
        },
        PresetPin {
            id: "mentor-checklist",
            version: 1,
            name: "Mentor's checklist",
            criteria: &[
                ("Title", MARKS, 1, true, false),
                ("Description", MARKS, 1, true, false),
                ("Audience", MARKS, 1, true, false),
                ("Takeaways", MARKS, 1, true, false),
                ("Outline", MARKS, 1, true, false),
                ("Demo plan", MARKS, 1, false, false),
                ("Relevance", MARKS, 1, true, false),
                ("Anonymity", MARKS, 1, true, false),
                ("Notes to the committee", MARKS, 1, true, false),
                ("Instructions followed", MARKS, 1, true, false),
                ("Clarity", MARKS, 1, true, false),
            ],
        },
    ];

    #[test]
    fn presets_are_pinned_so_changes_need_a_new_version() {
        let current = presets();
        assert_eq!(current.len(), PINS.len());
        for (pin, rubric) in PINS.iter().zip(&current) {
            assert_eq!((rubric.id.as_str(), rubric.version), (pin.id, pin.version));
            assert_eq!(rubric.name, pin.name);
            let got: Vec<_> = rubric
                .criteria
                .iter()
                .map(|c| {
                    (
                        c.label.as_str(),
                        c.scale.levels().map(|l| l.label).collect::<Vec<_>>(),
                        c.weight,
                        c.required,
                        c.independent,
                    )
                })
                .collect();
            let want: Vec<_> = pin
                .criteria
                .iter()
                .map(|&(label, levels, weight, required, independent)| {
                    (label, levels.to_vec(), weight, required, independent)
                })
                .collect();
            assert_eq!(got, want, "{} v{} changed", pin.id, pin.version);
            assert_eq!(preset(pin.id, pin.version).as_ref(), Some(rubric));
            assert_eq!(latest_preset(pin.id).as_ref(), Some(rubric));
        }
    }

    #[test]
    fn every_preset_is_valid_with_guidance_for_every_criterion() {
        for rubric in presets() {
            assert_eq!(rubric.validate(), Ok(()), "{}", rubric.id);
            assert!(rubric.is_preset());
            for c in &rubric.criteria {
                assert!(
                    !c.guidance.is_empty(),
                    "{}: {} has no guidance",
                    rubric.id,
                    c.label
                );
                assert!(c.guidance.ends_with(['.', '?']), "{}", c.guidance);
                assert!(!c.guidance.contains("  "), "{}", c.guidance);
            }
        }
    }

    #[test]
    fn scales_score_as_documented() {
        let points = |s: &Scale| s.levels().map(|l| l.points).collect::<Vec<_>>();
        assert_eq!(points(&Scale::Vote), [3, 1, -1, -3]);
        assert_eq!(points(&Scale::Check(CheckLabels::Standards)), [2, 1, 0]);
        assert_eq!(points(&Scale::Check(CheckLabels::Marks)), [2, 1, 0]);
        assert_eq!(points(&Scale::YesNo), [1, 0]);
        let merit = &preset(MERIT_EXPERTISE, 1).unwrap().criteria[0].scale;
        assert_eq!(points(merit), [1, 2, 3, 4, 5]);
        assert_eq!((merit.min_points(), merit.max_points()), (1, 5));
        assert_eq!(Scale::Ordinal(vec![]).min_points(), 0);
        assert!(Scale::Ordinal(vec![]).is_empty());
    }

    #[test]
    fn vote_labels_use_the_real_minus_sign() {
        let labels: Vec<_> = Scale::Vote.levels().map(|l| l.label).collect();
        assert_eq!(labels, ["+1", "+0", "−0", "−1"]);
        assert!(labels.iter().all(|l| !l.contains('-')));
    }

    #[test]
    fn unknown_presets_are_none() {
        assert!(preset("pycon-us-screening", 0).is_none());
        assert!(preset("pycon-us-screening", 2).is_none());
        assert!(preset("custom", 1).is_none());
        assert!(latest_preset("nope").is_none());
    }

    #[test]
    fn edit_helpers_add_remove_and_reorder() {
        let mut r = Rubric::custom("Meetup talks");
        r.add_criterion("A", Scale::YesNo);
        r.add_criterion("B", Scale::Vote).weight = 3;
        r.add_criterion("C", Scale::Check(CheckLabels::Marks));
        let keys = |r: &Rubric| r.criteria.iter().map(|c| c.key.clone()).collect::<Vec<_>>();
        let labels = |r: &Rubric| {
            r.criteria
                .iter()
                .map(|c| c.label.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&r), ["c1", "c2", "c3"]);
        assert_eq!(r.criteria[1].weight, 3);

        assert!(r.move_criterion(0, 2));
        assert_eq!(labels(&r), ["B", "C", "A"]);
        assert!(r.move_criterion(2, 0));
        assert_eq!(labels(&r), ["A", "B", "C"]);
        assert!(!r.move_criterion(0, 3));
        assert!(!r.move_criterion(7, 0));
        assert_eq!(labels(&r), ["A", "B", "C"]);

        assert_eq!(r.remove_criterion(0).map(|c| c.label), Some("A".into()));
        assert_eq!(r.remove_criterion(5), None);
        // A new criterion reuses no key still in use.
        r.add_criterion("D", Scale::YesNo);
        assert_eq!(keys(&r), ["c2", "c3", "c1"]);
        assert_eq!(r.criterion_index("c3"), Some(1));
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn a_custom_copy_of_a_preset_is_no_longer_a_preset() {
        let pycon = preset(PYCON_US_SCREENING, 1).unwrap();
        let mut copy = pycon.to_custom("PyCon, our way");
        assert_eq!(copy.id, CUSTOM_ID);
        assert_eq!(copy.criteria, pycon.criteria);
        copy.remove_criterion(6);
        assert!(!copy.is_preset());
        assert_eq!(preset(PYCON_US_SCREENING, 1), Some(pycon));
    }

    fn valid() -> Rubric {
        let mut r = Rubric::custom("Ok");
        r.add_criterion("Clarity", Scale::YesNo);
        r.add_criterion(
            "Depth",
            Scale::numbered(0, &[("Shallow", ""), ("Deep", "")]),
        );
        r
    }

    #[test]
    fn validation_explains_each_problem_in_plain_words() {
        struct Case {
            edit: fn(&mut Rubric),
            criterion: Option<usize>,
            message: &'static str,
        }
        let cases = [
            Case {
                edit: |r| r.name = "  ".into(),
                criterion: None,
                message: "This rubric needs a name.",
            },
            Case {
                edit: |r| r.name = "n".repeat(NAME_MAX_CHARS + 1),
                criterion: None,
                message: "The rubric's name is too long; keep it under 80 characters.",
            },
            Case {
                edit: |r| r.criteria.clear(),
                criterion: None,
                message: "This rubric has no criteria; add at least one.",
            },
            Case {
                edit: |r| {
                    for i in 0..MAX_CRITERIA {
                        r.add_criterion(&format!("Extra {i}"), Scale::YesNo);
                    }
                },
                criterion: None,
                message: "This rubric has more than 40 criteria; remove some.",
            },
            Case {
                edit: |r| r.criteria[1].label = String::new(),
                criterion: Some(1),
                message: "Criterion 2 has no label.",
            },
            Case {
                edit: |r| r.criteria[0].label = "é".repeat(LABEL_MAX_CHARS + 1),
                criterion: Some(0),
                message: "Criterion 1's label is too long; keep it under 60 characters.",
            },
            Case {
                edit: |r| r.criteria[1].label = "Clarity ".into(),
                criterion: Some(1),
                message: "Criteria 1 and 2 are both called \u{201c}Clarity\u{201d}; give each \
                          its own name.",
            },
            Case {
                edit: |r| r.criteria[1].guidance = "g".repeat(GUIDANCE_MAX_CHARS + 1),
                criterion: Some(1),
                message: "Criterion 2's guidance is too long; keep it under 400 characters.",
            },
            Case {
                edit: |r| r.criteria[0].weight = 11,
                criterion: Some(0),
                message: "Criterion 1's weight is too high; use a weight from 0 to 10.",
            },
            Case {
                edit: |r| r.criteria[1].scale = Scale::numbered(0, &[("Only", "")]),
                criterion: Some(1),
                message: "Criterion 2's scale needs at least 2 levels to choose from.",
            },
            Case {
                edit: |r| r.criteria[1].scale = Scale::numbered(0, &[("x", ""); 11]),
                criterion: Some(1),
                message: "Criterion 2's scale has more than 10 levels; remove some.",
            },
            Case {
                edit: |r| {
                    if let Scale::Ordinal(levels) = &mut r.criteria[1].scale {
                        levels[1].label = levels[0].label.clone();
                    }
                },
                criterion: Some(1),
                message: "Criterion 2 has two levels called \u{201c}0 Shallow\u{201d}; give \
                          each its own name.",
            },
            Case {
                edit: |r| {
                    if let Scale::Ordinal(levels) = &mut r.criteria[1].scale {
                        levels[1].label = " ".into();
                    }
                },
                criterion: Some(1),
                message: "Level 2 of criterion 2 has no label.",
            },
            Case {
                edit: |r| {
                    if let Scale::Ordinal(levels) = &mut r.criteria[1].scale {
                        levels[0].meaning = "m".repeat(MEANING_MAX_CHARS + 1);
                    }
                },
                criterion: Some(1),
                message: "Level 1 of criterion 2 has a meaning that is too long; keep it \
                          under 200 characters.",
            },
            Case {
                edit: |r| r.criteria[1].key = "c1".into(),
                criterion: Some(1),
                message: "Criterion 2 has the same key as criterion 1; each key must be \
                          different.",
            },
            Case {
                edit: |r| r.criteria[0].key = "Has Spaces".into(),
                criterion: Some(0),
                message: "Criterion 1's key must be 1 to 32 lowercase letters, digits, \
                          hyphens or underscores.",
            },
            Case {
                edit: |r| r.id = "My Rubric".into(),
                criterion: None,
                message: "The rubric's id must be 1 to 64 lowercase letters, digits and \
                          hyphens.",
            },
            Case {
                edit: |r| r.version = 0,
                criterion: None,
                message: "The rubric's version must be 1 or more.",
            },
        ];
        assert_eq!(valid().validate(), Ok(()));
        for case in cases {
            let mut r = valid();
            (case.edit)(&mut r);
            let err = r.validate().expect_err(case.message);
            assert_eq!(err.to_string(), case.message);
            assert_eq!(err.criterion, case.criterion, "{}", case.message);
        }
    }

    #[test]
    fn weight_zero_and_ten_are_allowed() {
        let mut r = valid();
        r.criteria[0].weight = 0;
        r.criteria[1].weight = MAX_WEIGHT;
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn every_preset_survives_a_json_round_trip() {
        for rubric in presets() {
            let text = rubric.to_json();
            assert_eq!(Rubric::from_json(&text), Ok(rubric.clone()), "{text}");
            assert!(Rubric::from_json(&text).unwrap().is_preset());
        }
    }

    #[test]
    fn export_is_readable_json() {
        let text = preset(WEIGHTED_CATEGORIES, 1).unwrap().to_json();
        assert!(text.starts_with("{\n  \"format\": \"talkback-rubric-1\",\n  \"id\": "));
        assert!(text.contains("\"label\": \"4 Excellent\""));
        assert!(text.contains("\"weight\": 2"));
    }

    fn import_error(text: &str) -> String {
        Rubric::from_json(text).expect_err(text).to_string()
    }

    #[test]
    fn bad_files_get_a_plain_explanation() {
        let cases: &[(&str, &str)] = &[
            (
                "",
                "This file is not valid JSON (line 1, column 1): the file is empty.",
            ),
            (
                "# My rubric\n- Clarity",
                "This file is not valid JSON (line 1, column 1): a value was expected.",
            ),
            (
                "{\"name\": \"x\",\n \"criteria\": [\n",
                "This file is not valid JSON (line 3, column 1): the file ends too early.",
            ),
            (
                "[1, 2]",
                "This file is not a Talkback rubric: it should describe a name and a list of \
                 criteria.",
            ),
            (
                "{\"title\": \"x\"}",
                "This file is not a Talkback rubric: it should describe a name and a list of \
                 criteria.",
            ),
            (
                "{\"format\": \"something-else\", \"name\": \"x\", \"criteria\": []}",
                "This file is not a Talkback rubric: it should describe a name and a list of \
                 criteria.",
            ),
            (
                "{\"format\": \"talkback-rubric-7\", \"name\": \"x\", \"criteria\": []}",
                "This rubric was saved by a newer version of Talkback (format 7); reload the \
                 page to update, then try again.",
            ),
            (
                "{\"name\": 3, \"criteria\": []}",
                "In this rubric, \u{201c}name\u{201d} should be text.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": {}}",
                "In this rubric, \u{201c}criteria\u{201d} should be a list.",
            ),
            (
                "{\"name\": \"x\", \"version\": 1.5, \"criteria\": []}",
                "In this rubric, \u{201c}version\u{201d} should be a whole number from 1 to \
                 65535.",
            ),
            (
                "{\"name\": \"\", \"criteria\": [{\"label\": \"a\", \"scale\": \"vote\"}]}",
                "This rubric needs a name.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": []}",
                "This rubric has no criteria; add at least one.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"vote\"}, \
                 {\"scale\": \"vote\"}]}",
                "Criterion 2 has no label.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [\"Clarity\"]}",
                "In criterion 1, \u{201c}criteria\u{201d} should be a list of objects.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\"}]}",
                "In criterion 1, \u{201c}scale\u{201d} should be one of vote, check, \
                 check-marks, yes-no or ordinal.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"stars\"}]}",
                "Criterion 1 uses a scale Talkback does not know: \u{201c}stars\u{201d}. Use \
                 vote, check, check-marks, yes-no or ordinal.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"vote\", \
                 \"weight\": \"2\"}]}",
                "In criterion 1, \u{201c}weight\u{201d} should be a whole number from 0 to 10.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"vote\", \
                 \"weight\": 11}]}",
                "In criterion 1, \u{201c}weight\u{201d} should be a whole number from 0 to 10.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"vote\", \
                 \"required\": \"yes\"}]}",
                "In criterion 1, \u{201c}required\u{201d} should be true or false.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"ordinal\"}]}",
                "Criterion 1's scale needs at least 2 levels to choose from.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"ordinal\", \
                 \"levels\": [{\"value\": 1, \"label\": \"Low\"}, {\"value\": 300, \"label\": \
                 \"High\"}]}]}",
                "In criterion 1, \u{201c}value\u{201d} should be a whole number from \u{2212}128 \
                 to 127.",
            ),
            (
                "{\"name\": \"x\", \"criteria\": [{\"label\": \"a\", \"scale\": \"ordinal\", \
                 \"levels\": [{\"value\": 1, \"label\": \"Low\"}, {\"value\": 2}]}]}",
                "Level 2 of criterion 1 has no label.",
            ),
        ];
        for &(input, message) in cases {
            assert_eq!(import_error(input), message, "{input}");
        }
    }

    #[test]
    fn huge_nesting_is_refused_not_overflowed() {
        let deep = format!(
            "{{\"name\": \"x\", \"criteria\": {}{}}}",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        assert!(import_error(&deep).starts_with("This file is not valid JSON (line 1, column "));
        assert!(import_error(&deep).ends_with("lists and objects are nested too deeply."));
    }

    #[test]
    fn too_many_criteria_in_a_file_is_refused_before_reading_them() {
        let one = r#"{"label": "a", "scale": "vote"}"#;
        let text = format!(
            "{{\"name\": \"x\", \"criteria\": [{}]}}",
            vec![one; MAX_CRITERIA + 1].join(",")
        );
        assert_eq!(
            import_error(&text),
            "This rubric has more than 40 criteria; remove some."
        );
    }

    #[test]
    fn hand_written_files_get_defaults() {
        let r = Rubric::from_json(
            r#"{"name": "Quick", "criteria": [
                {"label": "Fit", "scale": "check", "key": "c2"},
                {"label": "Fun", "scale": "check-marks", "future-field": [1, 2]}
            ]}"#,
        )
        .unwrap();
        assert_eq!((r.id.as_str(), r.version), (CUSTOM_ID, 1));
        assert_eq!(r.criteria[0].key, "c2");
        assert_eq!(r.criteria[1].key, "c1");
        let c = &r.criteria[1];
        assert_eq!((c.weight, c.required, c.independent), (1, true, false));
        assert_eq!(c.scale, Scale::Check(CheckLabels::Marks));
    }

    #[test]
    fn every_prefix_of_an_export_fails_cleanly() {
        for rubric in presets() {
            let text = rubric.to_json();
            for (end, _) in text.char_indices() {
                let prefix = &text[..end];
                if prefix.trim_end() == text.trim_end() {
                    // Only the final line break is missing: still complete.
                    continue;
                }
                let err = Rubric::from_json(prefix).expect_err(prefix);
                assert!(!err.to_string().is_empty());
            }
        }
    }

    // ---- random custom rubrics ----

    fn arb_text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just('a'),
                Just('Z'),
                Just(' '),
                Just('"'),
                Just('\\'),
                Just('\n'),
                Just('ł'),
                Just('🎤'),
                Just('\u{2028}'),
                Just('\u{1}'),
            ],
            1..max,
        )
        .prop_map(|chars| {
            let s: String = chars.into_iter().collect();
            format!("x{s}")
        })
    }

    fn arb_scale() -> impl Strategy<Value = Scale> {
        crate::arb::scale(crate::arb::consecutive_levels(
            2..=MAX_LEVELS,
            |i| format!("L{i}"),
            arb_text(20),
        ))
    }

    /// Random valid custom rubrics.
    fn arb_rubric() -> impl Strategy<Value = Rubric> {
        (
            arb_text(40),
            prop::collection::vec(
                (
                    arb_text(30),
                    arb_scale(),
                    0..=MAX_WEIGHT,
                    any::<bool>(),
                    any::<bool>(),
                ),
                1..8,
            ),
        )
            .prop_map(|(name, criteria)| crate::arb::custom_rubric(&name, criteria))
    }

    proptest! {
        #[test]
        fn random_custom_rubrics_round_trip_through_json(r in arb_rubric()) {
            prop_assert_eq!(r.validate(), Ok(()));
            prop_assert_eq!(Rubric::from_json(&r.to_json()), Ok(r));
        }

        #[test]
        fn import_never_panics_on_mangled_exports(
            r in arb_rubric(),
            cut in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let text = r.to_json();
            let mut bytes = text.into_bytes();
            let i = cut.index(bytes.len());
            bytes[i] = byte;
            if let Ok(mangled) = String::from_utf8(bytes) {
                if let Ok(back) = Rubric::from_json(&mangled) {
                    prop_assert_eq!(back.validate(), Ok(()));
                }
            }
        }
    }
}
