//! The rule table: every check, its severity, criterion and when it applies.

use super::content::{anonymity, demo_no_fallback, relevance};
use super::form::{
    audience_missing, description_missing, description_needs_summary, description_too_long,
    description_too_short, duration_missing, level_missing, notes_missing, prerequisites_missing,
    takeaways_missing,
};
use super::outline::{
    outline_missing, outline_no_question_time, outline_no_short_plan, outline_no_timings,
    outline_over_time, outline_under_time,
};
use super::profile::Profile;
use super::title::{title_all_caps, title_missing, title_too_long, title_vague};
use super::words::{hard_to_read, long_sentences};
use super::{criterion, Ctx, Finding, Severity, SuggestedLevel};
use crate::proposal::{FieldKind, Proposal};
use std::fmt::{self};
use std::ops::Range;

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
    pub(super) applies: fn(&Ctx<'_>) -> bool,
    pub(super) check: fn(&Ctx<'_>, &Rule, &mut Vec<Finding>),
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
    /// [`Report::applicable`](super::Report::applicable) from one [`run`](super::run) instead.
    pub fn applies(&self, proposal: &Proposal, profile: &Profile) -> bool {
        (self.applies)(&Ctx::new(proposal, profile, None))
    }

    pub(super) fn finding(
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

pub(super) const RULES: &[Rule] = &[
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
        severity: Severity::Warning,
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
        severity: Severity::Warning,
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
pub(super) const MIN_EASE_WORDS: usize = 60;
/// Long-sentence findings shown at most (the rest are counted in the last one).
pub(super) const MAX_LONG_SENTENCES: usize = 3;

pub(super) fn always(_: &Ctx<'_>) -> bool {
    true
}

// ---------------------------------------------------------------------------
