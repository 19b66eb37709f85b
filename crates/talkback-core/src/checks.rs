//! Mentor checks: the things experienced reviewers look for in every proposal,
//! run on a parsed [`Proposal`] as the speaker types.
//!
//! Each [`Rule`] has a stable id (`title.too-long`), a [`Severity`], the rubric
//! criterion it informs (a key from [`criterion`]) and a notion of when it
//! *applies*: rules about a field the draft does not have stay silent rather
//! than nag. [`run`] returns a display-ready [`Report`]; limits come from a
//! conference [`Profile`] ([`Profile::pycon_us`] is built in).
//!
//! # When rules apply
//!
//! - Title and description rules apply to every draft.
//! - Rules about the rest of a CFP form (audience, level, prerequisites,
//!   takeaways, outline, notes, duration) apply only to a *form draft*: one
//!   with at least one field beyond title, description and duration (an
//!   abstract, an outline, a level…). A bare title and description is usually
//!   a published summary or a first idea, and a list of "missing" fields would
//!   be noise.
//! - `description.too-long` applies only when the draft has both a description
//!   and an abstract, since only then is the description clearly the short
//!   programme text the limit is about. A description without an abstract
//!   that is over the limit gets the gentler tip `description.needs-summary`.
//! - Outline timing rules apply when the outline has timings and the slot
//!   length is known; the shorter-slot plan rule when the slot is longer than
//!   the profile's short slot and the draft has an outline or notes.
//! - `demo.no-fallback` applies when a live demo or live coding is mentioned.
//! - `anonymity.identifying-details` applies when the profile is blind and the
//!   blind-review scanner's findings are passed to [`run_with`].
//!
//! Readability findings are only ever tips.
//!
//! Everything is a few linear passes over the source; a 10 KB draft takes
//! well under a millisecond natively.

use std::fmt;
use std::ops::Range;

use super::proposal::{Field, FieldKind, Level, Proposal};
use super::timing::{outline_timing, OutlineTiming};

/// Rubric criterion keys a finding can inform (the mentor's-checklist keys).
pub mod criterion {
    /// The title says what the talk is.
    pub const TITLE: &str = "title";
    /// The description: within limits, says something.
    pub const DESCRIPTION: &str = "description";
    /// Audience, level and prerequisites stated.
    pub const AUDIENCE: &str = "audience";
    /// What attendees take away.
    pub const TAKEAWAYS: &str = "takeaways";
    /// The outline and its timings.
    pub const OUTLINE: &str = "outline";
    /// Live demos and their fallback.
    pub const DEMO: &str = "demo";
    /// Relevance to the conference.
    pub const RELEVANCE: &str = "relevance";
    /// Nothing identifying in blind fields.
    pub const ANONYMITY: &str = "anonymity";
    /// Notes for the reviewers.
    pub const NOTES: &str = "notes";
    /// Clear, readable writing.
    pub const CLARITY: &str = "clarity";
    /// Every key, in checklist order.
    pub const ALL: [&str; 10] = [
        TITLE,
        DESCRIPTION,
        AUDIENCE,
        TAKEAWAYS,
        OUTLINE,
        DEMO,
        RELEVANCE,
        ANONYMITY,
        NOTES,
        CLARITY,
    ];
}

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// How much a finding matters. Orders from most to least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// A committee is likely to reject or mark down the proposal for this.
    Problem,
    /// Worth fixing; reviewers notice.
    Warning,
    /// A suggestion; fine to ignore.
    Tip,
}

impl Severity {
    /// Lower-case key, e.g. `"problem"` (used in the corpus report's JSON).
    pub fn key(self) -> &'static str {
        match self {
            Severity::Problem => "problem",
            Severity::Warning => "warning",
            Severity::Tip => "tip",
        }
    }

    /// Display label, e.g. `"Problem"`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Problem => "Problem",
            Severity::Warning => "Warning",
            Severity::Tip => "Tip",
        }
    }
}

/// A level a finding suggests for its criterion. Only a suggestion: the
/// reviewer sets the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuggestedLevel {
    /// The criterion is not met at all (the checklist's "✗").
    Unmet,
    /// Partly met (the checklist's "partly").
    Partial,
}

impl SuggestedLevel {
    /// The mentor's-checklist level label (`rubric` check-marks scale):
    /// `"✗"` or `"partly"`.
    pub fn label(self) -> &'static str {
        match self {
            SuggestedLevel::Unmet => "✗",
            SuggestedLevel::Partial => "partly",
        }
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id, e.g. `"outline.over-time"`.
    pub rule: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// Rubric criterion key it informs (see [`criterion`]).
    pub criterion: &'static str,
    /// What was found and why a committee cares, in plain words.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// Byte range in [`Proposal::source`] it is about; `None` when it is about
    /// something missing.
    pub span: Option<Range<usize>>,
    /// A level it suggests for its criterion, if any.
    pub suggests: Option<SuggestedLevel>,
}

/// The result of [`run`]: findings sorted by severity then position (findings
/// without a span first within a severity), with counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The findings, most serious first.
    pub findings: Vec<Finding>,
    /// Number of [`Severity::Problem`] findings.
    pub problems: usize,
    /// Number of [`Severity::Warning`] findings.
    pub warnings: usize,
    /// Number of [`Severity::Tip`] findings.
    pub tips: usize,
    /// Ids of the rules that applied to this draft (whether they fired or not).
    pub applicable: Vec<&'static str>,
    /// The outline's timings, when the draft has an outline.
    pub outline: Option<OutlineTiming>,
}

impl Report {
    /// Whether rule `id` fired.
    pub fn fired(&self, id: &str) -> bool {
        self.findings.iter().any(|f| f.rule == id)
    }

    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Problem => self.problems,
            Severity::Warning => self.warnings,
            Severity::Tip => self.tips,
        }
    }
}

// ---------------------------------------------------------------------------
// Profile
// ---------------------------------------------------------------------------

/// A conference's limits and habits. A plain struct: the UI edits and saves it,
/// then calls [`Profile::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Shown in messages, e.g. `"PyCon US"`.
    pub name: String,
    /// Longest title in characters; `None` for no limit.
    pub title_max_chars: Option<usize>,
    /// Longest short description in characters; `None` for no limit.
    pub description_max_chars: Option<usize>,
    /// Fewer words than this and the description "says nothing".
    pub description_min_words: usize,
    /// Minutes an outline should leave for questions.
    pub question_minutes: u32,
    /// Slots shorter than this need no time kept for questions (lightning talks).
    pub question_min_slot_minutes: u32,
    /// Talks longer than this should say what they would cut to fit it
    /// (`PyCon` US may schedule a 45-minute talk in a 30-minute slot); `None` to
    /// skip the check.
    pub short_slot_minutes: Option<u32>,
    /// Whether the CFP requires an outline.
    pub outline_required: bool,
    /// Whether round one is blind (identifying details are a problem).
    pub blind_review: bool,
    /// Sentences longer than this many words get a readability tip.
    pub long_sentence_words: usize,
    /// Flesch reading ease below this gets a readability tip (0–100; 0 disables).
    pub min_reading_ease: u32,
    /// Words that show the talk is on topic for the conference (lower case; a
    /// trailing `*` matches any word of four letters or more with that prefix,
    /// so `py*` matches `PyMite` and `pytest`); empty to skip the relevance tip.
    pub topic_words: Vec<String>,
}

impl Profile {
    /// `PyCon` US: 100-character titles, 400-character short descriptions,
    /// outline required, blind first round, 45-minute talks need a 30-minute plan.
    ///
    /// ```
    /// use talkback_core::checks::Profile;
    /// let p = Profile::pycon_us();
    /// assert_eq!(p.title_max_chars, Some(100));
    /// assert!(p.validate().is_ok());
    /// ```
    pub fn pycon_us() -> Self {
        const TOPIC: &[&str] = &[
            "python",
            "pythonic",
            "pythonista",
            "pythonistas",
            "cpython",
            "pypy",
            "micropython",
            "circuitpython",
            "pyodide",
            "pyscript",
            "pypi",
            "pip",
            "pep",
            "django",
            "flask",
            "fastapi",
            "pyramid",
            "numpy",
            "pandas",
            "scipy",
            "jupyter",
            "ipython",
            "pytest",
            "asyncio",
            "matplotlib",
            "sqlalchemy",
            "celery",
            "twisted",
            "cython",
            "conda",
            "jython",
            "ironpython",
            "zope",
            "plone",
            "pylons",
            "turbogears",
            "trac",
            "sphinx",
            "tkinter",
            "gevent",
            "tornado",
            "pydantic",
            "wsgi",
            "asgi",
            "mypy",
            "ruff",
            "uv",
            "poetry",
            "hatch",
            "setuptools",
            "wheel",
            "wheels",
            "virtualenv",
            "venv",
            "py*",
        ];
        Profile {
            name: "PyCon US".to_owned(),
            title_max_chars: Some(100),
            description_max_chars: Some(400),
            description_min_words: 25,
            question_minutes: 5,
            question_min_slot_minutes: 25,
            short_slot_minutes: Some(30),
            outline_required: true,
            blind_review: true,
            long_sentence_words: 40,
            min_reading_ease: 30,
            topic_words: TOPIC.iter().map(|&w| w.to_owned()).collect(),
        }
    }

    /// Checks the limits make sense.
    ///
    /// # Errors
    ///
    /// Every invalid setting, each naming its field, so the UI can show it next
    /// to the input.
    ///
    /// ```
    /// use talkback_core::checks::Profile;
    /// let mut p = Profile::pycon_us();
    /// p.title_max_chars = Some(0);
    /// p.question_minutes = 90;
    /// let errors = p.validate().unwrap_err();
    /// assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(),
    ///            ["title_max_chars", "question_minutes"]);
    /// ```
    pub fn validate(&self) -> Result<(), Vec<ProfileError>> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, message: &str| {
            errors.push(ProfileError {
                field,
                message: message.to_owned(),
            });
        };
        if self.name.trim().is_empty() {
            err("name", "Give the conference a name.");
        }
        if self
            .title_max_chars
            .is_some_and(|n| !(10..=1000).contains(&n))
        {
            err(
                "title_max_chars",
                "A title limit should be between 10 and 1,000 characters.",
            );
        }
        if self
            .description_max_chars
            .is_some_and(|n| !(50..=100_000).contains(&n))
        {
            err(
                "description_max_chars",
                "A description limit should be between 50 and 100,000 characters.",
            );
        }
        if self.description_min_words > 500 {
            err(
                "description_min_words",
                "The minimum should be 500 words or fewer.",
            );
        } else if let Some(max) = self.description_max_chars {
            // Two characters per word is the least a word can take.
            if self.description_min_words.saturating_mul(2) > max {
                err(
                    "description_min_words",
                    "The minimum number of words cannot fit in the description limit.",
                );
            }
        }
        if self.question_minutes > 60 {
            err("question_minutes", "Keep at most 60 minutes for questions.");
        }
        if self.question_min_slot_minutes > 600 {
            err(
                "question_min_slot_minutes",
                "Use a slot length of at most 600 minutes.",
            );
        }
        if self
            .short_slot_minutes
            .is_some_and(|m| !(5..=600).contains(&m))
        {
            err(
                "short_slot_minutes",
                "A short slot should be between 5 and 600 minutes.",
            );
        }
        if self.long_sentence_words != 0 && !(10..=200).contains(&self.long_sentence_words) {
            err(
                "long_sentence_words",
                "A long sentence should be between 10 and 200 words (0 turns the tip off).",
            );
        }
        if self.min_reading_ease > 100 {
            err("min_reading_ease", "Reading ease goes from 0 to 100.");
        }
        if self.topic_words.iter().any(|w| w.trim().is_empty()) {
            err("topic_words", "Remove the empty topic words.");
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::pycon_us()
    }
}

/// One invalid setting in a [`Profile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// The [`Profile`] field name, e.g. `"title_max_chars"`.
    pub field: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ProfileError {}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/// One check: a stable id, its severity and criterion, and when it applies.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable id, e.g. `"title.too-long"`.
    pub id: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// Rubric criterion key it informs.
    pub criterion: &'static str,
    /// What it checks, in a few words (for a settings list or the corpus report).
    pub summary: &'static str,
    applies: fn(&Ctx<'_>) -> bool,
    check: fn(&Ctx<'_>, &Rule, &mut Vec<Finding>),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("severity", &self.severity)
            .field("criterion", &self.criterion)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// Whether this rule applies to `proposal` under `profile` (see the module
    /// docs). Builds the shared context; to test every rule, use
    /// [`Report::applicable`] from one [`run`] instead.
    pub fn applies(&self, proposal: &Proposal, profile: &Profile) -> bool {
        (self.applies)(&Ctx::new(proposal, profile, None))
    }

    fn finding(
        &self,
        message: String,
        hint: String,
        span: Option<Range<usize>>,
        suggests: Option<SuggestedLevel>,
    ) -> Finding {
        Finding {
            rule: self.id,
            severity: self.severity,
            criterion: self.criterion,
            message,
            hint,
            span,
            suggests,
        }
    }
}

/// Every rule, in checklist order.
///
/// ```
/// use talkback_core::checks::rules;
/// assert!(rules().iter().any(|r| r.id == "outline.over-time"));
/// ```
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

const RULES: &[Rule] = &[
    Rule {
        id: "title.missing",
        severity: Severity::Problem,
        criterion: criterion::TITLE,
        summary: "the draft has a title",
        applies: always,
        check: title_missing,
    },
    Rule {
        id: "title.too-long",
        severity: Severity::Problem,
        criterion: criterion::TITLE,
        summary: "the title fits the conference's limit",
        applies: |c| c.title.is_some() && c.profile.title_max_chars.is_some(),
        check: title_too_long,
    },
    Rule {
        id: "title.all-caps",
        severity: Severity::Warning,
        criterion: criterion::TITLE,
        summary: "the title is not written in capitals",
        applies: |c| c.title.is_some(),
        check: title_all_caps,
    },
    Rule {
        id: "title.vague",
        severity: Severity::Tip,
        criterion: criterion::TITLE,
        summary: "the title names its topic (not just a question or pun)",
        applies: |c| c.title.is_some(),
        check: title_vague,
    },
    Rule {
        id: "description.missing",
        severity: Severity::Problem,
        criterion: criterion::DESCRIPTION,
        summary: "the draft has a description",
        applies: always,
        check: description_missing,
    },
    Rule {
        id: "description.too-long",
        severity: Severity::Problem,
        criterion: criterion::DESCRIPTION,
        summary: "the short description fits the limit (when there is also an abstract)",
        applies: |c| {
            c.p.field(FieldKind::Description).is_some()
                && c.description.is_some()
                && c.field(FieldKind::Abstract).is_some()
                && c.profile.description_max_chars.is_some()
        },
        check: description_too_long,
    },
    Rule {
        id: "description.needs-summary",
        severity: Severity::Tip,
        criterion: criterion::DESCRIPTION,
        summary: "a long description without an abstract has a short version",
        applies: |c| {
            c.p.field(FieldKind::Description).is_some()
                && c.description.is_some()
                && c.field(FieldKind::Abstract).is_none()
                && c.profile.description_max_chars.is_some()
        },
        check: description_needs_summary,
    },
    Rule {
        id: "description.too-short",
        severity: Severity::Warning,
        criterion: criterion::DESCRIPTION,
        summary: "the description says enough to judge the talk",
        applies: |c| c.description.is_some() && c.profile.description_min_words > 0,
        check: description_too_short,
    },
    Rule {
        id: "audience.missing",
        severity: Severity::Warning,
        criterion: criterion::AUDIENCE,
        summary: "the intended audience is stated",
        applies: |c| c.form,
        check: audience_missing,
    },
    Rule {
        id: "level.missing",
        severity: Severity::Warning,
        criterion: criterion::AUDIENCE,
        summary: "the audience level is stated",
        applies: |c| c.form,
        check: level_missing,
    },
    Rule {
        id: "prerequisites.missing",
        severity: Severity::Tip,
        criterion: criterion::AUDIENCE,
        summary: "prerequisites are stated (unless the talk is for beginners)",
        applies: |c| c.form,
        check: prerequisites_missing,
    },
    Rule {
        id: "takeaways.missing",
        severity: Severity::Warning,
        criterion: criterion::TAKEAWAYS,
        summary: "what attendees will be able to do is stated",
        applies: |c| c.form,
        check: takeaways_missing,
    },
    Rule {
        id: "duration.missing",
        severity: Severity::Tip,
        criterion: criterion::OUTLINE,
        summary: "the slot length is stated",
        applies: |c| c.form,
        check: duration_missing,
    },
    Rule {
        id: "outline.missing",
        severity: Severity::Problem,
        criterion: criterion::OUTLINE,
        summary: "the draft has an outline (when the conference asks for one)",
        applies: |c| c.form && c.profile.outline_required,
        check: outline_missing,
    },
    Rule {
        id: "outline.no-timings",
        severity: Severity::Warning,
        criterion: criterion::OUTLINE,
        summary: "the outline gives rough timings",
        applies: |c| c.outline_text().is_some(),
        check: outline_no_timings,
    },
    Rule {
        id: "outline.over-time",
        severity: Severity::Problem,
        criterion: criterion::OUTLINE,
        summary: "the outline's timings fit the slot",
        applies: |c| c.timed_slot().is_some(),
        check: outline_over_time,
    },
    Rule {
        id: "outline.no-question-time",
        severity: Severity::Warning,
        criterion: criterion::OUTLINE,
        summary: "the outline leaves time for questions",
        applies: |c| {
            c.timed_slot()
                .is_some_and(|(_, slot)| slot >= c.profile.question_min_slot_minutes)
                && c.profile.question_minutes > 0
        },
        check: outline_no_question_time,
    },
    Rule {
        id: "outline.under-time",
        severity: Severity::Tip,
        criterion: criterion::OUTLINE,
        summary: "the outline's timings cover most of the slot",
        applies: |c| c.timed_slot().is_some(),
        check: outline_under_time,
    },
    Rule {
        id: "outline.no-short-plan",
        severity: Severity::Warning,
        criterion: criterion::OUTLINE,
        summary: "a long talk says what it would cut for a shorter slot",
        applies: |c| {
            let long = match (c.slot, c.profile.short_slot_minutes) {
                (Some(slot), Some(short)) => slot > short,
                _ => false,
            };
            long && (c.field(FieldKind::Outline).is_some() || c.field(FieldKind::Notes).is_some())
        },
        check: outline_no_short_plan,
    },
    Rule {
        id: "demo.no-fallback",
        severity: Severity::Warning,
        criterion: criterion::DEMO,
        summary: "a live demo has a fallback",
        applies: |c| c.live_demo.is_some(),
        check: demo_no_fallback,
    },
    Rule {
        id: "anonymity.identifying-details",
        severity: Severity::Problem,
        criterion: criterion::ANONYMITY,
        summary: "blind fields hold nothing that identifies the speaker",
        applies: |c| c.profile.blind_review && c.blind.is_some(),
        check: anonymity,
    },
    Rule {
        id: "notes.missing",
        severity: Severity::Tip,
        criterion: criterion::NOTES,
        summary: "the draft has notes for the reviewers",
        applies: |c| c.form,
        check: notes_missing,
    },
    Rule {
        id: "relevance.off-topic",
        severity: Severity::Tip,
        criterion: criterion::RELEVANCE,
        summary: "the title or description shows the conference's topic",
        applies: |c| {
            !c.profile.topic_words.is_empty() && (c.title.is_some() || c.description.is_some())
        },
        check: relevance,
    },
    Rule {
        id: "clarity.long-sentence",
        severity: Severity::Tip,
        criterion: criterion::CLARITY,
        summary: "sentences are short enough to read at a glance",
        applies: |c| c.profile.long_sentence_words > 0 && !c.prose.is_empty(),
        check: long_sentences,
    },
    Rule {
        id: "clarity.hard-to-read",
        severity: Severity::Tip,
        criterion: criterion::CLARITY,
        summary: "the prose is easy to read (Flesch reading ease)",
        applies: |c| c.profile.min_reading_ease > 0 && c.prose_stats.words >= MIN_EASE_WORDS,
        check: hard_to_read,
    },
];

/// Fewer words than this and a reading-ease score means little.
const MIN_EASE_WORDS: usize = 60;
/// Long-sentence findings shown at most (the rest are counted in the last one).
const MAX_LONG_SENTENCES: usize = 3;

fn always(_: &Ctx<'_>) -> bool {
    true
}

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

/// Runs every applicable rule on `proposal`.
///
/// ```
/// use talkback_core::{checks::{run, Profile, Severity}, proposal::parse};
///
/// let p = parse("# HOW I LEARNED TO STOP WORRYING\n\n## Outline\n\n\
///                - Intro (10 min)\n- Demo (30 min)\n\nDuration: 30 minutes\n");
/// let report = run(&p, &Profile::pycon_us());
/// assert!(report.fired("title.all-caps"));
/// assert!(report.fired("outline.over-time"));
/// assert_eq!(report.findings[0].severity, Severity::Problem);
/// ```
pub fn run(proposal: &Proposal, profile: &Profile) -> Report {
    run_with(proposal, profile, None)
}

/// [`run`], plus the blind-review scanner's findings: `blind` holds the byte
/// spans (into the proposal source) of identifying details it found in blind
/// fields. `None` means the scanner did not run, and the anonymity rule does not
/// apply; `Some(&[])` means it ran and found nothing.
///
/// ```
/// use talkback_core::{checks::{run_with, Profile}, proposal::parse};
/// let src = "# Fast parsers\n\n## Description\n\nAt Acme Corp I built our parser.";
/// let p = parse(src);
/// let acme = src.find("Acme Corp").unwrap();
/// let report = run_with(&p, &Profile::pycon_us(), Some(&[acme..acme + 9]));
/// let f = report.findings.iter().find(|f| f.rule == "anonymity.identifying-details").unwrap();
/// assert_eq!(f.span, Some(acme..acme + 9));
/// ```
pub fn run_with(proposal: &Proposal, profile: &Profile, blind: Option<&[Range<usize>]>) -> Report {
    let ctx = Ctx::new(proposal, profile, blind);
    let mut report = Report::default();
    for rule in RULES {
        if (rule.applies)(&ctx) {
            report.applicable.push(rule.id);
            (rule.check)(&ctx, rule, &mut report.findings);
        }
    }
    let order = |id: &str| RULES.iter().position(|r| r.id == id).unwrap_or(usize::MAX);
    crate::sort::sort_by_key(&mut report.findings, |f| {
        (
            f.severity,
            f.span.as_ref().map_or(0, |s| s.start + 1),
            order(f.rule),
        )
    });
    for f in &report.findings {
        match f.severity {
            Severity::Problem => report.problems += 1,
            Severity::Warning => report.warnings += 1,
            Severity::Tip => report.tips += 1,
        }
    }
    report.outline = ctx.timing;
    report
}

/// Everything the rules share, computed once per run.
struct Ctx<'a> {
    p: &'a Proposal,
    profile: &'a Profile,
    /// ASCII-lower-cased source: same byte offsets as the source.
    lower: String,
    title: Option<&'a Field>,
    /// The description's span: the description field, else the body when the
    /// draft has no labelled fields besides title and duration.
    description: Option<Range<usize>>,
    /// Whether the draft looks like a CFP form (see the module docs).
    form: bool,
    slot: Option<u32>,
    timing: Option<OutlineTiming>,
    /// Span of the first "live demo"/"live coding" mention.
    live_demo: Option<Range<usize>>,
    blind: Option<&'a [Range<usize>]>,
    /// Prose spans for readability: description, abstract, or the body.
    prose: Vec<Range<usize>>,
    prose_stats: ProseStats,
}

impl<'a> Ctx<'a> {
    fn new(p: &'a Proposal, profile: &'a Profile, blind: Option<&'a [Range<usize>]>) -> Self {
        let src = p.source();
        let lower = src.to_ascii_lowercase();
        let nonempty = |kind| p.field(kind).filter(|f| !f.value.is_empty());
        let title = nonempty(FieldKind::Title);
        let form = p.fields().iter().any(|f| FORM_FIELDS.contains(&f.kind));
        let description = description_span(p, form);
        let slot = p.duration_minutes();
        let timing = nonempty(FieldKind::Outline)
            .map(|f| outline_timing(p.slice(&f.value), f.value.start, slot));
        let live_demo = find_any(&lower, LIVE_DEMO).map(|(at, len)| at..at + len);
        let prose: Vec<Range<usize>> = description
            .iter()
            .cloned()
            .chain(nonempty(FieldKind::Abstract).map(|f| f.value.clone()))
            .collect();
        let mut prose_stats = ProseStats::default();
        for span in &prose {
            prose_stats.add(src, span.clone(), 0, &mut |_| {});
        }
        Ctx {
            p,
            profile,
            lower,
            title,
            description,
            form,
            slot,
            timing,
            live_demo,
            blind,
            prose,
            prose_stats,
        }
    }

    /// The first field of `kind` with text.
    fn field(&self, kind: FieldKind) -> Option<&'a Field> {
        self.p.field(kind).filter(|f| !f.value.is_empty())
    }

    fn outline_text(&self) -> Option<&'a Field> {
        self.field(FieldKind::Outline)
    }

    /// The outline timing and slot, when both are known and the outline has timings.
    fn timed_slot(&self) -> Option<(&OutlineTiming, u32)> {
        let t = self.timing.as_ref().filter(|t| t.has_timings())?;
        Some((t, self.slot?))
    }

    fn name(&self) -> &str {
        &self.profile.name
    }

    /// Whether any phrase occurs in the (lower-cased) source.
    fn mentions(&self, phrases: &[&str]) -> bool {
        find_any(&self.lower, phrases).is_some()
    }
}

/// Fields that make a draft a CFP *form draft* (see the module docs). Not
/// title, description, duration or speakers: published summaries have those.
const FORM_FIELDS: &[FieldKind] = &[
    FieldKind::Track,
    FieldKind::Format,
    FieldKind::Audience,
    FieldKind::Level,
    FieldKind::Prerequisites,
    FieldKind::Takeaways,
    FieldKind::Abstract,
    FieldKind::Outline,
    FieldKind::Notes,
    FieldKind::Bio,
];

/// The description's text: the description field's value; when that is empty
/// (`## Description` followed by a `Speaker: …` line, say), the body text after
/// its label up to the next field; with no description field and no form
/// fields, the whole body.
fn description_span(p: &Proposal, form: bool) -> Option<Range<usize>> {
    let body = p.body_spans();
    let Some(field) = p.field(FieldKind::Description) else {
        if form {
            return None;
        }
        return Some(body.first()?.start..body.last()?.end);
    };
    if !field.value.is_empty() {
        return Some(field.value.clone());
    }
    let first = body.iter().find(|b| b.start >= field.label.end)?;
    let next_label = p
        .fields()
        .iter()
        .map(|f| f.label.start)
        .filter(|&s| s > first.start)
        .min()
        .unwrap_or(usize::MAX);
    let end = body
        .iter()
        .rev()
        .find(|b| b.start >= first.start && b.end <= next_label)
        .map_or(first.end, |l| l.end);
    Some(first.start..end)
}

/// Characters in `text` with every whitespace run counted as one (re-wrapped
/// or indented text counts as typed).
fn typed_chars(text: &str) -> usize {
    let mut n = 0;
    let mut in_space = false;
    for ch in text.trim().chars() {
        if ch.is_whitespace() {
            if !in_space {
                n += 1;
            }
            in_space = true;
        } else {
            n += 1;
            in_space = false;
        }
    }
    n
}

/// The first occurrence of any phrase that starts at a word boundary:
/// (offset, length).
fn find_any(lower: &str, phrases: &[&str]) -> Option<(usize, usize)> {
    phrases
        .iter()
        .filter_map(|ph| {
            lower
                .match_indices(ph)
                .find(|&(at, _)| {
                    !lower[..at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                })
                .map(|(at, _)| (at, ph.len()))
        })
        .min()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

// ---------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------

fn title_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.title.is_some() {
        return;
    }
    out.push(
        rule.finding(
            "There is no title. The title is the first thing a committee reads, and \
         often the only thing attendees read when they pick a talk."
                .to_owned(),
            "Start the draft with `# Your title`, or add a `Title:` line that says what \
         the talk is about."
                .to_owned(),
            None,
            Some(SuggestedLevel::Unmet),
        ),
    );
}

fn title_too_long(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let (Some(f), Some(max)) = (c.title, c.profile.title_max_chars) else {
        return;
    };
    let n = c.p.value_of(f).chars().count();
    if n <= max {
        return;
    }
    out.push(rule.finding(
        format!(
            "The title is {n} characters; {} allows {max}. The form will cut it off, and \
             a long title is hard to take in on a schedule.",
            c.name()
        ),
        format!(
            "Cut it to {max} characters or fewer: keep the topic and the promise, move \
             the rest to the description."
        ),
        Some(f.value.clone()),
        Some(SuggestedLevel::Partial),
    ));
}

fn title_all_caps(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(f) = c.title else { return };
    let t = c.p.value_of(f);
    let letters = t.chars().filter(|ch| ch.is_alphabetic()).count();
    let upper = t.chars().filter(|ch| ch.is_uppercase()).count();
    // Long words only: acronyms like `API` or `PEP 8` are fine.
    let long_words = t
        .split(|ch: char| !ch.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .count();
    if letters < 8 || upper != letters || long_words < 2 {
        return;
    }
    out.push(
        rule.finding(
            "The title is all in capitals. On a schedule that reads as shouting, and \
         capitals are slower to read than mixed case."
                .to_owned(),
            "Write it in title or sentence case; keep capitals for acronyms.".to_owned(),
            Some(f.value.clone()),
            None,
        ),
    );
}

/// Small words that say nothing about a topic.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "at",
    "by",
    "from",
    "is",
    "are",
    "was",
    "be",
    "it",
    "its",
    "it's",
    "this",
    "that",
    "i",
    "you",
    "we",
    "your",
    "my",
    "our",
    "me",
    "us",
    "do",
    "does",
    "did",
    "can",
    "could",
    "should",
    "would",
    "will",
    "not",
    "no",
    "yes",
    "so",
    "what",
    "why",
    "how",
    "who",
    "when",
    "where",
    "which",
    "all",
    "about",
    "just",
    "really",
    "have",
    "has",
    "let's",
    "lets",
    "go",
    "get",
    "got",
    "more",
    "less",
    "than",
    "as",
    "if",
    "up",
    "out",
    "one",
    "too",
    "very",
    "than",
    "there",
    "here",
    "again",
    "ever",
    "never",
    "still",
    "into",
    "like",
    "make",
    "makes",
    "thing",
    "things",
    "stuff",
    "time",
    "way",
    "ways",
    "now",
    "new",
    "don't",
    "dont",
    "talk",
    "story",
    "tale",
    "journey",
    "magic",
    "fun",
    "profit",
    "love",
    "life",
    "world",
    "everything",
    "nothing",
    "something",
    "anything",
    "possibly",
    "wrong",
    "right",
];

/// Words that name a technical topic even in a short title.
const TOPIC_HINTS: &[&str] = &[
    "python",
    "code",
    "data",
    "test",
    "tests",
    "testing",
    "api",
    "apis",
    "web",
    "async",
    "type",
    "types",
    "typing",
    "package",
    "packaging",
    "library",
    "libraries",
    "database",
    "sql",
    "security",
    "performance",
    "machine",
    "learning",
    "model",
    "models",
    "ai",
    "memory",
    "concurrency",
    "thread",
    "threads",
    "parser",
    "parsing",
    "compiler",
    "debugging",
    "profiling",
    "deploy",
    "deployment",
    "docs",
    "documentation",
    "unicode",
    "regex",
    "class",
    "classes",
    "function",
    "functions",
    "decorators",
    "generators",
    "iterators",
    "metaclasses",
    "descriptors",
    "modules",
    "imports",
    "dependencies",
    "software",
    "program",
    "programming",
    "developer",
    "developers",
    "open",
    "source",
    "science",
    "scientific",
    "network",
    "networking",
    "cloud",
    "server",
    "servers",
    "browser",
    "gui",
    "game",
    "games",
    "robot",
    "robots",
    "hardware",
    "notebook",
    "notebooks",
    "pipeline",
    "pipelines",
    "interpreter",
    "bytecode",
    "garbage",
    "gil",
    "text",
    "string",
    "strings",
    "numbers",
    "math",
    "statistics",
    "visualization",
    "maps",
    "geospatial",
    "accessibility",
    "community",
    "teaching",
    "education",
];

fn title_vague(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(f) = c.title else { return };
    let t = c.p.value_of(f);
    // A subtitle usually names the topic.
    if t.contains(':') || t.contains(" - ") || t.contains(" – ") || t.contains(" — ") {
        return;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let question = t.trim_end().ends_with('?');
    if words.is_empty() || words.len() > 8 {
        return;
    }
    let mut content = 0;
    for (i, raw) in words.iter().enumerate() {
        let w = raw.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '\'');
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        let techy = w.chars().any(|ch| ch.is_ascii_digit())
            || raw.contains(['.', '_', '(', '`', '/'])
            || w.chars().skip(1).any(char::is_uppercase) // CamelCase, acronyms
            || TOPIC_HINTS.contains(&lower.as_str())
            || (i > 0 && question && w.chars().next().is_some_and(char::is_uppercase));
        if techy
            || c.profile
                .topic_words
                .iter()
                .any(|tw| topic_match(tw, &lower))
        {
            return;
        }
        if !STOP_WORDS.contains(&lower.as_str()) {
            content += 1;
        }
    }
    // Only titles made of filler words alone: a short title that names a
    // topic (`Advanced Git`) is fine, and puns can't be told from topics.
    if content > 0 {
        return;
    }
    out.push(
        rule.finding(
            format!(
                "\u{201c}{t}\u{201d} doesn't say what the talk is about. Reviewers and \
             attendees see titles in long lists; a clever question or pun alone makes \
             them open the description to find out."
            ),
            "Keep the hook if you like it, and add the topic, e.g. as a subtitle after a colon."
                .to_owned(),
            Some(f.value.clone()),
            None,
        ),
    );
}

// ---------------------------------------------------------------------------
// Description
// ---------------------------------------------------------------------------

fn description_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.description.is_some() || c.field(FieldKind::Abstract).is_some() {
        return;
    }
    out.push(
        rule.finding(
            "There is no description. It is what the committee judges first and what \
         attendees read in the programme."
                .to_owned(),
            "Add a `## Description` section: a short paragraph on the problem, what the \
         talk covers and who it is for."
                .to_owned(),
            None,
            Some(SuggestedLevel::Unmet),
        ),
    );
}

/// The description's span, its length and the limit, when it is over the limit.
fn description_over_limit(c: &Ctx<'_>) -> Option<(Range<usize>, usize, usize)> {
    let (Some(span), Some(max)) = (&c.description, c.profile.description_max_chars) else {
        return None;
    };
    let n = typed_chars(c.p.slice(span));
    (n > max).then(|| (span.clone(), n, max))
}

fn description_too_long(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some((span, n, max)) = description_over_limit(c) else {
        return;
    };
    out.push(rule.finding(
        format!(
            "The description is {n} characters; {} caps it at {max}. The form won't \
             take more, and the programme prints it as is.",
            c.name()
        ),
        format!(
            "Cut {} characters: keep the problem and the promise here, and move \
             details to the abstract.",
            n - max
        ),
        Some(span.clone()),
        Some(SuggestedLevel::Partial),
    ));
}

fn description_needs_summary(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some((span, n, max)) = description_over_limit(c) else {
        return;
    };
    out.push(rule.finding(
        format!(
            "The description is {n} characters. {}'s form has a short description \
             capped at {max} characters, printed in the programme, and a separate \
             detailed abstract.",
            c.name()
        ),
        format!(
            "If this is your detailed text, label it `## Abstract` and write a \
             description of {max} characters or fewer."
        ),
        Some(span.clone()),
        None,
    ));
}

fn description_too_short(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(span) = &c.description else { return };
    let words = c.p.slice(span).split_whitespace().count();
    let min = c.profile.description_min_words;
    if words >= min {
        return;
    }
    out.push(rule.finding(
        format!(
            "The description is only {}. A committee can't judge a talk from that: it \
             needs the problem, what you will cover and why it matters.",
            plural(words, "word", "words")
        ),
        format!("Write at least {min} words: what problem, what the audience will learn, why you."),
        Some(span.clone()),
        Some(SuggestedLevel::Partial),
    ));
}

// ---------------------------------------------------------------------------
// Audience, level, prerequisites, takeaways, duration, notes
// ---------------------------------------------------------------------------

/// Prose that states an audience.
const AUDIENCE_PHRASES: &[&str] = &[
    "this talk is for",
    "this talk is aimed",
    "this tutorial is for",
    "this session is for",
    "aimed at",
    "intended for",
    "targeted at",
    "audience",
    "for beginners",
    "for anyone who",
    "for developers who",
    "for people who",
    "if you are a",
    "if you're a",
];

fn audience_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Audience).is_some() || c.mentions(AUDIENCE_PHRASES) {
        return;
    }
    out.push(
        rule.finding(
            "The draft doesn't say who the talk is for. Committees build a programme for \
         many audiences; they need to know which one this talk serves."
                .to_owned(),
            "Add an `Audience:` line naming them specifically (\u{201c}developers who \
         already write tests with pytest\u{201d}, not \u{201c}Python programmers\u{201d})."
                .to_owned(),
            None,
            Some(SuggestedLevel::Unmet),
        ),
    );
}

fn level_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Level).is_some() {
        return;
    }
    out.push(
        rule.finding(
            "No audience level is given. The committee balances beginner and advanced \
         talks, and attendees use the level to choose."
                .to_owned(),
            "Add `Level: Beginner`, `Intermediate` or `Advanced`.".to_owned(),
            None,
            Some(SuggestedLevel::Partial),
        ),
    );
}

const PREREQ_PHRASES: &[&str] = &[
    "prerequisite",
    "you should know",
    "you should be familiar",
    "familiarity with",
    "basic knowledge",
    "no prior",
    "no previous",
    "no experience",
    "assumes",
    "attendees should",
    "comfortable with",
];

fn prerequisites_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Prerequisites).is_some()
        || matches!(c.p.level(), Some(Level::Beginner | Level::All))
        || c.mentions(PREREQ_PHRASES)
    {
        return;
    }
    out.push(
        rule.finding(
            "The draft doesn't say what attendees should already know. Reviewers use it \
         to check the level is right; attendees use it to pick a talk they can follow."
                .to_owned(),
            "Add a `Prerequisites:` line, e.g. \u{201c}comfortable with functions and \
         classes; no async experience needed\u{201d}."
                .to_owned(),
            None,
            None,
        ),
    );
}

const TAKEAWAY_PHRASES: &[&str] = &[
    "you will learn",
    "you'll learn",
    "you will be able",
    "you'll be able",
    "you will know",
    "you'll know",
    "you will leave",
    "you'll leave",
    "attendees will",
    "participants will",
    "the audience will",
    "by the end",
    "at the end of",
    "walk away",
    "leave with",
    "takeaway",
    "take away",
    "learn how",
];

fn takeaways_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Takeaways).is_some() || c.mentions(TAKEAWAY_PHRASES) {
        return;
    }
    out.push(
        rule.finding(
            "The draft doesn't say what attendees will take away. Committees pick talks \
         for what the audience gains; \u{201c}I will talk about X\u{201d} doesn't tell them."
                .to_owned(),
            "Add a `## Takeaways` section: two or three things attendees will know or be \
         able to do when they leave."
                .to_owned(),
            None,
            Some(SuggestedLevel::Unmet),
        ),
    );
}

fn duration_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.slot.is_some() {
        return;
    }
    out.push(
        rule.finding(
            "The draft doesn't say how long the talk is. Reviewers judge the outline \
         against the slot, and the timing checks here need it too."
                .to_owned(),
            "Add a line such as `Duration: 30 minutes`.".to_owned(),
            None,
            None,
        ),
    );
}

fn notes_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Notes).is_some() {
        return;
    }
    out.push(
        rule.finding(
            "There are no notes for the reviewers. They are where you show you can give \
         this talk: your experience with the topic, past talks, anything unusual."
                .to_owned(),
            "Add a `## Notes for reviewers` section (keep it anonymous if the first round \
         is blind)."
                .to_owned(),
            None,
            None,
        ),
    );
}

// ---------------------------------------------------------------------------
// Outline
// ---------------------------------------------------------------------------

fn outline_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Outline).is_some() {
        return;
    }
    out.push(
        rule.finding(
            format!(
                "There is no outline. {} asks for one: it shows the committee the talk is \
             planned and fits its slot.",
                c.name()
            ),
            "Add a `## Outline` section: a list of the parts of the talk with rough \
         minutes for each, e.g. `- Why async? (5 min)`."
                .to_owned(),
            None,
            Some(SuggestedLevel::Unmet),
        ),
    );
}

fn outline_no_timings(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let (Some(f), Some(t)) = (c.outline_text(), &c.timing) else {
        return;
    };
    if t.has_timings() {
        return;
    }
    out.push(
        rule.finding(
            "The outline has no timings. Reviewers want a rough estimate per part to see \
         that the talk fits the slot and where its weight lies."
                .to_owned(),
            "Add minutes to each item, e.g. `- Three patterns (15 min)`.".to_owned(),
            Some(f.value.clone()),
            Some(SuggestedLevel::Partial),
        ),
    );
}

/// Minutes the outline may use: the slot, minus question time for long slots
/// unless the outline already plans questions.
fn outline_budget(c: &Ctx<'_>, t: &OutlineTiming, slot: u32) -> u32 {
    if slot >= c.profile.question_min_slot_minutes && !t.plans_questions() {
        slot.saturating_sub(c.profile.question_minutes)
    } else {
        slot
    }
}

fn outline_span(c: &Ctx<'_>) -> Option<Range<usize>> {
    c.outline_text().map(|f| f.value.clone())
}

fn outline_over_time(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some((t, slot)) = c.timed_slot() else {
        return;
    };
    let total = t.total_minutes();
    if total <= slot {
        return;
    }
    out.push(rule.finding(
        format!(
            "The outline adds up to {total} minutes, but the slot is {slot}. Talks that \
             overrun get cut off, and reviewers read an overfull outline as an \
             unrehearsed talk."
        ),
        format!(
            "Cut or shorten parts by {} minutes{}.",
            total - slot,
            if slot >= c.profile.question_min_slot_minutes && c.profile.question_minutes > 0 {
                format!(
                    ", and keep about {} for questions",
                    c.profile.question_minutes
                )
            } else {
                String::new()
            }
        ),
        outline_span(c),
        Some(SuggestedLevel::Partial),
    ));
}

fn outline_no_question_time(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some((t, slot)) = c.timed_slot() else {
        return;
    };
    let total = t.total_minutes();
    let budget = outline_budget(c, t, slot);
    if total > slot || total <= budget {
        return;
    }
    out.push(rule.finding(
        format!(
            "The outline fills {total} of the {slot} minutes and plans no questions. \
             Talks always start a little late and run a little long; the committee \
             expects room for the audience."
        ),
        format!(
            "Trim the outline to {budget} minutes or less, or add a `Questions ({} min)` item.",
            c.profile.question_minutes
        ),
        outline_span(c),
        None,
    ));
}

fn outline_under_time(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some((t, slot)) = c.timed_slot() else {
        return;
    };
    let total = t.total_minutes();
    // Half the slot: shorter outlines usually have untimed parts or a missing part.
    if total * 2 >= slot {
        return;
    }
    out.push(rule.finding(
        format!(
            "The outline's timings add up to {total} minutes of a {slot}-minute slot. \
             Reviewers will wonder what fills the rest."
        ),
        "Give every part a timing, or add the parts that are missing.".to_owned(),
        outline_span(c),
        None,
    ));
}

/// Phrases that show a plan for a shorter slot.
const SHORT_PLAN: &[&str] = &[
    "30-minute version",
    "30 minute version",
    "30-min version",
    "30 min version",
    "30-minute slot",
    "30 minute slot",
    "30-min slot",
    "30 min slot",
    "30 minutes slot",
    "if we have 30",
    "if given 30",
    "if i have 30",
    "in 30 minutes",
    "shorter version",
    "shorter slot",
    "shorter talk",
    "short version",
    "shortened version",
    "would cut",
    "i would drop",
    "i'd cut",
    "i'd drop",
    "can be cut",
    "could be cut",
    "can be dropped",
    "could be dropped",
    "can be shortened",
    "could be shortened",
    "optional section",
    "(optional",
];

fn outline_no_short_plan(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let (Some(slot), Some(short)) = (c.slot, c.profile.short_slot_minutes) else {
        return;
    };
    if slot <= short {
        return;
    }
    // The profile's short slot may not be 30: accept "<short>-minute version" too.
    let custom = [
        format!("{short}-minute"),
        format!("{short} minute"),
        format!("{short} min"),
    ];
    if c.mentions(SHORT_PLAN) || custom.iter().any(|p| c.lower.contains(p.as_str())) {
        return;
    }
    out.push(rule.finding(
        format!(
            "This is a {slot}-minute talk with no plan for a {short}-minute slot. {} may \
             schedule it in a shorter slot and asks what you would cut.",
            c.name()
        ),
        format!(
            "Say which parts you would drop in a {short}-minute version, in the outline \
             or the notes for reviewers."
        ),
        outline_span(c),
        None,
    ));
}

// ---------------------------------------------------------------------------
// Demo, anonymity, relevance
// ---------------------------------------------------------------------------

const LIVE_DEMO: &[&str] = &[
    "live demo",
    "live-demo",
    "live coding",
    "live-coding",
    "livecoding",
    "live code",
    "live-code",
    "code live",
    "demo live",
    "coding live",
];

const FALLBACK: &[&str] = &[
    "fallback",
    "fall back",
    "back-up",
    "backup",
    "recorded",
    "recording",
    "video",
    "screencast",
    "screenshot",
    "offline",
    "plan b",
    "pre-built",
    "prebuilt",
    "if the demo fails",
    "if the demo breaks",
    "in case",
];

fn demo_no_fallback(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(span) = &c.live_demo else { return };
    if c.mentions(FALLBACK) {
        return;
    }
    out.push(
        rule.finding(
            "The talk has a live demo or live coding but no fallback. Conference Wi-Fi, \
         projectors and nerves break demos; reviewers look for a plan B."
                .to_owned(),
            "Mention your fallback (a recorded video, screenshots, a pre-built result) in \
         the notes for reviewers."
                .to_owned(),
            Some(span.clone()),
            Some(SuggestedLevel::Partial),
        ),
    );
}

fn anonymity(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(spans) = c.blind else { return };
    let Some(first) = spans.iter().min_by_key(|s| s.start) else {
        return;
    };
    out.push(
        rule.finding(
            format!(
                "{} in blind fields could identify you. {}'s first round is blind: \
             reviewers must judge the talk, not the speaker, and may have to set the \
             proposal aside.",
                match spans.len() {
                    1 => "One detail".to_owned(),
                    n => format!("{n} details"),
                },
                c.name()
            ),
            "Replace names, employers, project names and links to your own work with \
         neutral words (\u{201c}a large retailer\u{201d}); see the blind-review check."
                .to_owned(),
            Some(first.clone()),
            Some(SuggestedLevel::Unmet),
        ),
    );
}

/// Whether `word` (lower case) matches topic word `topic` (see [`Profile::topic_words`]).
fn topic_match(topic: &str, word: &str) -> bool {
    match topic.strip_suffix('*') {
        Some(prefix) => word.len() >= 4 && word.starts_with(prefix),
        None => topic == word,
    }
}

fn relevance(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let words = &c.profile.topic_words;
    let mut spans = c
        .title
        .map(|f| f.value.clone())
        .into_iter()
        .chain(c.description.clone());
    let found = spans.any(|span| {
        c.lower
            .get(span)
            .unwrap_or("")
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .any(|w| words.iter().any(|t| topic_match(t, w)))
    });
    if found {
        return;
    }
    out.push(rule.finding(
        format!(
            "Neither the title nor the description mentions {}'s topic (Python or its \
             tools). The committee asks \u{201c}why at this conference?\u{201d} of every talk.",
            c.name()
        ),
        "Say where Python comes in: the library, the code, the community.".to_owned(),
        c.title.map(|f| f.value.clone()),
        None,
    ));
}

// ---------------------------------------------------------------------------
// Readability
// ---------------------------------------------------------------------------

/// Words, sentences and syllables of prose.
#[derive(Debug, Default, Clone, Copy)]
struct ProseStats {
    words: usize,
    sentences: usize,
    syllables: usize,
}

/// Abbreviations whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "prof.", "cf.", "approx.", "no.",
    "fig.", "incl.", "st.", "jr.", "sr.",
];

impl ProseStats {
    /// Adds the prose of `span`; calls `sentence(words, span)` for every sentence
    /// of more than `long` words (0: never). Code fences, headings and list items
    /// break sentences; fenced code is skipped.
    fn add(
        &mut self,
        src: &str,
        span: Range<usize>,
        long: usize,
        sentence: &mut dyn FnMut((usize, Range<usize>)),
    ) {
        let Some(text) = src.get(span.clone()) else {
            return;
        };
        let mut in_fence = false;
        let mut current: Option<(usize, usize, usize)> = None; // (words, start, end)
        let mut close = |cur: &mut Option<(usize, usize, usize)>, stats: &mut ProseStats| {
            if let Some((words, start, end)) = cur.take() {
                stats.sentences += 1;
                if long > 0 && words > long {
                    sentence((words, start..end));
                }
            }
        };
        let mut offset = span.start;
        for raw in text.split_inclusive('\n') {
            let at = offset;
            offset += raw.len();
            let line = raw.trim_end();
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                in_fence = !in_fence;
                close(&mut current, self);
                continue;
            }
            if in_fence {
                continue;
            }
            let list = t.starts_with(['-', '*', '+', '#', '>', '|'])
                || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                    !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
                });
            if t.is_empty() || list {
                close(&mut current, self);
                if t.is_empty() {
                    continue;
                }
            }
            let mut pos = 0;
            for word in line.split_whitespace() {
                // `split_whitespace` yields subslices in order: find each one's offset.
                let rel = line[pos..].find(word).map_or(pos, |r| pos + r);
                pos = rel + word.len();
                let start = at + rel;
                let end = start + word.len();
                let letters = word.chars().filter(|ch| ch.is_alphabetic()).count();
                if letters == 0 {
                    continue;
                }
                self.words += 1;
                self.syllables += syllables(word);
                let cur = current.get_or_insert((0, start, end));
                cur.0 += 1;
                cur.2 = end;
                let trimmed = word.trim_end_matches(['"', '\'', ')', ']', '*', '_', '\u{201d}']);
                let lower = trimmed.to_ascii_lowercase();
                let ends = trimmed.ends_with(['.', '!', '?'])
                    && !ABBREVIATIONS.contains(&lower.as_str())
                    && !(letters == 1 && trimmed.len() == 2); // an initial: `J.`
                if ends {
                    close(&mut current, self);
                }
            }
        }
        close(&mut current, self);
    }

    /// Flesch reading ease (higher is easier; 60–70 is plain English).
    fn reading_ease(&self) -> f64 {
        let to_f = |n: usize| f64::from(u32::try_from(n).unwrap_or(u32::MAX));
        if self.words == 0 || self.sentences == 0 {
            return 100.0;
        }
        let wps = to_f(self.words) / to_f(self.sentences);
        let spw = to_f(self.syllables) / to_f(self.words);
        206.835 - 1.015 * wps - 84.6 * spw
    }
}

/// Syllables in a word: vowel groups, less a silent final `e`; at least one.
fn syllables(word: &str) -> usize {
    let mut count = 0;
    let mut prev_vowel = false;
    let mut last = ' ';
    let mut before_last = ' ';
    let mut letters = 0;
    for ch in word.chars().filter(|c| c.is_alphabetic()) {
        let lc = ch.to_ascii_lowercase();
        let vowel = matches!(lc, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if vowel && !prev_vowel {
            count += 1;
        }
        prev_vowel = vowel;
        before_last = last;
        last = lc;
        letters += 1;
    }
    if last == 'e' && before_last != 'l' && count > 1 && letters > 3 {
        count -= 1;
    }
    count.max(1)
}

fn long_sentences(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let limit = c.profile.long_sentence_words;
    let mut found: Vec<(usize, Range<usize>)> = Vec::new();
    let mut stats = ProseStats::default();
    for span in &c.prose {
        stats.add(c.p.source(), span.clone(), limit, &mut |s| found.push(s));
    }
    let total = found.len();
    for (i, (words, span)) in found.into_iter().take(MAX_LONG_SENTENCES).enumerate() {
        let more = if i + 1 == MAX_LONG_SENTENCES && total > MAX_LONG_SENTENCES {
            format!(
                " ({} more long sentences are not marked.)",
                total - MAX_LONG_SENTENCES
            )
        } else {
            String::new()
        };
        out.push(rule.finding(
            format!(
                "This sentence has {words} words. Reviewers read dozens of proposals in a \
                 sitting; long sentences are where they lose the thread.{more}"
            ),
            format!("Split it into sentences of under {limit} words, one idea each."),
            Some(span),
            None,
        ));
    }
}

fn hard_to_read(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let ease = c.prose_stats.reading_ease();
    if ease >= f64::from(c.profile.min_reading_ease) {
        return;
    }
    // Rounded for display (the score is a rough guide), and without float
    // formatting, which would add 10 KB of wasm for this one number.
    #[allow(clippy::cast_possible_truncation)] // reading ease is within ±1000
    let shown = ease.round() as i64;
    out.push(rule.finding(
        format!(
            "The text is hard to read (reading ease {shown}; plain English is 60 or \
             more). Dense prose hides a good idea from a tired reviewer."
        ),
        "Use shorter sentences and everyday words; keep jargon for what needs it.".to_owned(),
        c.prose.first().cloned(),
        None,
    ));
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::proposal::parse;

    /// A draft and what a speaker should (and should not) see for it.
    struct Case {
        name: &'static str,
        src: &'static str,
        /// Rules that must fire.
        fires: &'static [&'static str],
        /// Rules that must stay silent (applicable or not).
        silent: &'static [&'static str],
    }

    fn check(cases: &[Case]) {
        let profile = Profile::pycon_us();
        for c in cases {
            let report = run(&parse(c.src), &profile);
            let fired: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
            for id in c.fires {
                assert!(rule(id).is_some(), "{}: unknown rule {id}", c.name);
                assert!(report.fired(id), "{}: expected {id}, got {fired:?}", c.name);
            }
            for id in c.silent {
                assert!(rule(id).is_some(), "{}: unknown rule {id}", c.name);
                assert!(
                    !report.fired(id),
                    "{}: unexpected {id} in {fired:?}",
                    c.name
                );
            }
        }
    }

    const OVER_TIME: &str = include_str!("../../../tests/fixtures/checks/outline_over_time.md");
    const FIXED: &str = include_str!("../../../tests/fixtures/checks/outline_fixed.md");
    const NO_PLAN: &str = include_str!("../../../tests/fixtures/checks/long_talk_no_plan.md");
    const WITH_PLAN: &str = include_str!("../../../tests/fixtures/checks/long_talk_with_plan.md");
    const HATCH: &str = include_str!("../../../tests/fixtures/checks/corpus_hatch_outline.md");
    const SPEAKER_LINE: &str =
        include_str!("../../../tests/fixtures/checks/corpus_speaker_line.md");
    const LIVE_DEMO: &str = include_str!("../../../tests/fixtures/checks/corpus_live_demo.md");
    const SHORT_TITLE: &str = include_str!("../../../tests/fixtures/checks/corpus_short_title.md");

    #[test]
    fn fixtures() {
        check(&[
            Case {
                name: "outline of 40 minutes for a 30-minute slot",
                src: OVER_TIME,
                fires: &["outline.over-time"],
                silent: &[
                    "outline.no-question-time",
                    "outline.missing",
                    "audience.missing",
                    "level.missing",
                    "takeaways.missing",
                    "notes.missing",
                    "outline.no-short-plan",
                ],
            },
            Case {
                name: "the same outline cut to 25 minutes",
                src: FIXED,
                fires: &[],
                silent: &[
                    "outline.over-time",
                    "outline.no-question-time",
                    "outline.under-time",
                ],
            },
            Case {
                name: "45-minute talk without a 30-minute plan, live coding without fallback",
                src: NO_PLAN,
                fires: &["outline.no-short-plan", "demo.no-fallback"],
                silent: &["outline.over-time", "outline.no-question-time"],
            },
            Case {
                name: "45-minute talk with a 30-minute plan and a recorded fallback",
                src: WITH_PLAN,
                fires: &[],
                silent: &["outline.no-short-plan", "demo.no-fallback"],
            },
            Case {
                name: "real Hatch proposal (CC0): 30 of 30 minutes, no questions",
                src: HATCH,
                fires: &["outline.no-question-time"],
                silent: &["outline.over-time", "outline.missing", "audience.missing"],
            },
            Case {
                name: "real record (CC0) whose description follows a Speaker: line",
                src: SPEAKER_LINE,
                fires: &[],
                silent: &[
                    "description.missing",
                    "description.too-short",
                    "audience.missing",
                ],
            },
            Case {
                name: "real record (CC0) with a live demo and no fallback",
                src: LIVE_DEMO,
                fires: &["demo.no-fallback"],
                silent: &["title.vague", "relevance.off-topic"],
            },
            Case {
                name: "real record (CC0) with a short title that names its topic",
                src: SHORT_TITLE,
                fires: &[],
                silent: &["title.vague", "title.missing"],
            },
        ]);
    }

    #[test]
    fn hand_written() {
        check(&[
            Case {
                name: "empty draft",
                src: "",
                fires: &["title.missing", "description.missing"],
                silent: &["description.too-short", "outline.missing"],
            },
            Case {
                name: "shouting title, description of one line",
                src: "# WHY PYTHON PACKAGING HURTS\n\n## Description\n\nIt hurts.",
                fires: &["title.all-caps", "description.too-short"],
                silent: &["title.vague", "relevance.off-topic"],
            },
            Case {
                name: "acronyms are not shouting",
                src: "# PEP 8 and the API of CPython\n\nSome text.",
                fires: &[],
                silent: &["title.all-caps"],
            },
            Case {
                name: "bare question",
                src: "# Why?\n\n## Description\n\nBecause.",
                fires: &["title.vague"],
                silent: &["title.missing"],
            },
            Case {
                name: "filler words only",
                src: "# Let's talk about it\n\nText.",
                fires: &["title.vague"],
                silent: &[],
            },
            Case {
                name: "question with a topic",
                src: "# Do you need asyncio?\n\nText.",
                fires: &[],
                silent: &["title.vague"],
            },
            Case {
                name: "title over 100 characters",
                src: "# Building real-time network applications for the web with Twisted and \
                      Orbited, a hands-on guide for everyone\n\nText.",
                fires: &["title.too-long"],
                silent: &[],
            },
            Case {
                name: "no outline timings",
                src: "# Testing with pytest\n\n## Outline\n\n- Fixtures\n- Parametrize\n",
                fires: &["outline.no-timings", "level.missing", "duration.missing"],
                silent: &["outline.missing", "outline.over-time"],
            },
            Case {
                name: "form draft without an outline",
                src: "# Testing with pytest\n\nLevel: Beginner\n\n## Description\n\nFixtures.",
                fires: &["outline.missing", "audience.missing", "takeaways.missing"],
                silent: &["prerequisites.missing", "level.missing"],
            },
            Case {
                name: "audience and takeaways stated in prose",
                src: "# Testing with pytest\n\nLevel: Intermediate\n\n## Abstract\n\nThis talk is \
                      for developers who test by hand. You will learn to write fixtures. \
                      Familiarity with functions is assumed.",
                fires: &[],
                silent: &[
                    "audience.missing",
                    "takeaways.missing",
                    "prerequisites.missing",
                ],
            },
            Case {
                name: "not about the conference's topic",
                src: "# Knitting patterns for everyone\n\n## Description\n\nWe knit a scarf.",
                fires: &["relevance.off-topic"],
                silent: &[],
            },
            Case {
                name: "the py* prefix counts as on topic",
                src: "# Embedded boards\n\n## Description\n\nWe run PyMite on a board.",
                fires: &[],
                silent: &["relevance.off-topic"],
            },
        ]);
    }

    #[test]
    fn over_time_says_by_how_much_and_marks_the_outline() {
        let p = parse(OVER_TIME);
        let report = run(&p, &Profile::pycon_us());
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == "outline.over-time")
            .expect("over-time finding");
        assert_eq!(f.severity, Severity::Problem);
        assert_eq!(f.criterion, criterion::OUTLINE);
        assert!(
            f.message.contains("40 minutes") && f.message.contains("30"),
            "{}",
            f.message
        );
        assert!(f.hint.contains("10 minutes"), "{}", f.hint);
        let span = f.span.clone().expect("span");
        assert!(p.slice(&span).starts_with("1. Why async at all? (10 min)"));
        let timing = report.outline.expect("outline timing in the report");
        assert_eq!(timing.total_minutes(), 40);
        assert_eq!(p.slice(&timing.items[1].span), "20 min");
    }

    #[test]
    fn a_complete_draft_has_no_problems_or_warnings() {
        let report = run(&parse(FIXED), &Profile::pycon_us());
        let shown: Vec<_> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!((report.problems, report.warnings), (0, 0), "{shown:?}");
        assert!(report.applicable.len() > 15);
    }

    #[test]
    fn outline_without_question_item_must_leave_five_minutes() {
        let draft = |outline: &str| {
            format!("# Fast parsers in Python\n\nDuration: 30 minutes\n\n## Outline\n\n{outline}\n")
        };
        let profile = Profile::pycon_us();
        let full = run(&parse(&draft("- Intro (5 min)\n- Body (22 min)")), &profile);
        assert!(full.fired("outline.no-question-time"));
        assert!(!full.fired("outline.over-time"));
        let with_qa = run(
            &parse(&draft("- Intro (5 min)\n- Body (22 min)\n- Q&A (3 min)")),
            &profile,
        );
        assert!(!with_qa.fired("outline.no-question-time"));
        let lightning =
            "# Fast parsers in Python\n\nDuration: 5 minutes\n\n## Outline\n\n- All (5 min)\n";
        let short = run(&parse(lightning), &profile);
        assert!(!short.applicable.contains(&"outline.no-question-time"));
        assert!(!short.fired("outline.over-time"));
    }

    #[test]
    fn description_limit_applies_to_the_short_description() {
        let long = "word ".repeat(90); // 450 characters
        let short = "word ".repeat(76); // 380 characters
        let with_abstract = |d: &str| {
            format!("# Fast parsers in Python\n\n## Description\n\n{d}\n\n## Abstract\n\nMore.\n")
        };
        let profile = Profile::pycon_us();
        let over = run(&parse(&with_abstract(&long)), &profile);
        assert!(over.fired("description.too-long"));
        let f = over
            .findings
            .iter()
            .find(|f| f.rule == "description.too-long")
            .unwrap();
        assert!(f.message.contains("449 characters"), "{}", f.message);
        assert!(!run(&parse(&with_abstract(&short)), &profile).fired("description.too-long"));

        // Without an abstract the description may be the long text: a tip, not a problem.
        let alone = run(
            &parse(&format!(
                "# Fast parsers in Python\n\n## Description\n\n{long}"
            )),
            &profile,
        );
        assert!(!alone.applicable.contains(&"description.too-long"));
        assert!(alone.fired("description.needs-summary"));

        // Re-wrapped text counts as typed: a line break is one character.
        let wrapped = long.replace(' ', "\n   ");
        let over = run(&parse(&with_abstract(&wrapped)), &profile);
        let f = over
            .findings
            .iter()
            .find(|f| f.rule == "description.too-long")
            .unwrap();
        assert!(f.message.contains("449 characters"), "{}", f.message);
    }

    #[test]
    fn long_sentence_is_a_tip_that_marks_the_sentence() {
        let sentence = format!("{}end.", "many ".repeat(45));
        let src =
            format!("# Fast parsers in Python\n\n## Description\n\nShort one. {sentence} Done.");
        let p = parse(&src);
        let report = run(&p, &Profile::pycon_us());
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == "clarity.long-sentence")
            .expect("long sentence");
        assert_eq!(f.severity, Severity::Tip);
        assert_eq!(p.slice(f.span.as_ref().unwrap()), sentence);
        assert!(f.message.contains("46 words"));
    }

    #[test]
    fn readability_is_never_more_than_a_tip() {
        for r in rules().iter().filter(|r| r.criterion == criterion::CLARITY) {
            assert_eq!(r.severity, Severity::Tip, "{}", r.id);
        }
        let dense = "# Fast parsers in Python\n\n## Description\n\n".to_owned()
            + &"Incomprehensibility characterises institutionalised organisational \
                 communication methodologies. "
                .repeat(20);
        let report = run(&parse(&dense), &Profile::pycon_us());
        assert!(report.fired("clarity.hard-to-read"));
        assert_eq!(report.problems, 0);
    }

    #[test]
    fn report_is_sorted_and_counted() {
        let report = run(&parse(NO_PLAN), &Profile::pycon_us());
        let keys: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.severity, f.span.as_ref().map_or(0, |s| s.start + 1)))
            .collect();
        let mut sorted = keys.clone();
        #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
        sorted.sort();
        assert_eq!(keys, sorted);
        for sev in [Severity::Problem, Severity::Warning, Severity::Tip] {
            let n = report.findings.iter().filter(|f| f.severity == sev).count();
            assert_eq!(report.count(sev), n);
        }
        let empty = run(&parse(""), &Profile::pycon_us());
        assert_eq!(empty.findings[0].suggests, Some(SuggestedLevel::Unmet));
        assert_eq!(
            empty.findings[0].suggests.map(SuggestedLevel::label),
            Some("✗")
        );
    }

    #[test]
    fn anonymity_hook() {
        let src =
            "# Fast parsers\n\n## Description\n\nAt Acme Corp I built our parser, see acme.dev.";
        let p = parse(src);
        let profile = Profile::pycon_us();
        let id = "anonymity.identifying-details";
        assert!(!run(&p, &profile).applicable.contains(&id));
        let clean = run_with(&p, &profile, Some(&[]));
        assert!(clean.applicable.contains(&id) && !clean.fired(id));
        let a = src.find("Acme").unwrap();
        let b = src.find("acme.dev").unwrap();
        let found = run_with(&p, &profile, Some(&[b..b + 8, a..a + 9]));
        let f = found.findings.iter().find(|f| f.rule == id).unwrap();
        assert_eq!(f.span, Some(a..a + 9));
        assert!(f.message.starts_with("2 details"));
        // Out-of-range spans from a stale scan do not panic.
        let _ = run_with(&p, &profile, Some(&[9999..10_005, a + 4..a + 2]));
        let mut open = profile.clone();
        open.blind_review = false;
        assert!(!run_with(&p, &open, Some(&[a..a + 9, b..b + 8])).fired(id));
    }

    #[test]
    fn custom_profile_limits() {
        let mut profile = Profile::pycon_us();
        profile.name = "Tiny Conf".into();
        profile.title_max_chars = Some(20);
        profile.description_max_chars = None;
        profile.short_slot_minutes = None;
        assert!(profile.validate().is_ok());
        let report = run(
            &parse("# Property-based testing in practice\n\nText."),
            &profile,
        );
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == "title.too-long")
            .unwrap();
        assert!(f.message.contains("Tiny Conf allows 20"), "{}", f.message);
        assert!(!report.applicable.contains(&"description.needs-summary"));
        assert!(!run(&parse(NO_PLAN), &profile)
            .applicable
            .contains(&"outline.no-short-plan"));

        profile.description_max_chars = Some(100);
        profile.description_min_words = 80;
        profile.min_reading_ease = 101;
        let errors = profile.validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["description_min_words", "min_reading_ease"]);
        assert!(errors[0].to_string().starts_with("description_min_words: "));
    }

    #[test]
    fn rule_ids_are_unique_and_criteria_known() {
        let mut ids: Vec<_> = rules().iter().map(|r| r.id).collect();
        let n = ids.len();
        #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        for r in rules() {
            assert!(criterion::ALL.contains(&r.criterion), "{}", r.id);
            assert!(r.applies(&parse(NO_PLAN), &Profile::pycon_us()) || !r.id.is_empty());
        }
    }

    #[test]
    fn never_panics() {
        let profile = Profile::pycon_us();
        let fixtures = [
            OVER_TIME,
            FIXED,
            NO_PLAN,
            WITH_PLAN,
            HATCH,
            SPEAKER_LINE,
            LIVE_DEMO,
            SHORT_TITLE,
            include_str!("../../../tests/fixtures/proposals/pycon_full.md"),
            include_str!("../../../tests/fixtures/proposals/cfp_form.md"),
            include_str!("../../../tests/fixtures/proposals/japanese.md"),
            include_str!("../../../tests/fixtures/proposals/polish.md"),
            include_str!("../../../tests/fixtures/proposals/tutorial_fenced.md"),
            include_str!("../../../tests/fixtures/proposals/crlf.md"),
        ];
        for src in fixtures {
            for (i, _) in src.char_indices() {
                let _ = run(&parse(&src[..i]), &profile);
            }
            let _ = run(&parse(src), &profile);
        }
        let _ = run(&parse(""), &profile);
        let mut big = String::new();
        while big.len() < 50 * 1024 {
            big.push_str(NO_PLAN);
            big.push_str("- step (3 min)\n0:05 x\n");
        }
        let report = run(&parse(&big), &profile);
        assert!(report.findings.len() < 100);
    }
}
