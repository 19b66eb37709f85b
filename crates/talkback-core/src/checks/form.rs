//! Description, audience, level, prerequisites, takeaways, duration and notes rules.

use super::rules::Rule;
use super::{plural, typed_chars, Ctx, Finding, SuggestedLevel};
use crate::proposal::{FieldKind, Level};
use std::ops::Range;

// Description
// ---------------------------------------------------------------------------

pub(super) fn description_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
pub(super) fn description_over_limit(c: &Ctx<'_>) -> Option<(Range<usize>, usize, usize)> {
    let (Some(span), Some(max)) = (&c.description, c.profile.description_max_chars) else {
        return None;
    };
    let n = typed_chars(c.p.slice(span));
    (n > max).then(|| (span.clone(), n, max))
}

pub(super) fn description_too_long(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn description_needs_summary(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn description_too_short(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
pub(super) const AUDIENCE_PHRASES: &[&str] = &[
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

pub(super) fn audience_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

/// A level stated in prose: "This is an intermediate-level tutorial".
pub(super) const LEVEL_PHRASES: &[&str] = &[
    "beginner-level",
    "beginner level",
    "beginner-friendly",
    "for beginners",
    "for novices",
    "novice-level",
    "intermediate-level",
    "intermediate level",
    "advanced-level",
    "advanced level",
    "for advanced",
    "for intermediate",
    "all levels",
    "no prior experience",
];

pub(super) fn level_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Level).is_some() || c.mentions(LEVEL_PHRASES) {
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

pub(super) const PREREQ_PHRASES: &[&str] = &[
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
    "expected to know",
    "expected to be familiar",
    "expected to have",
    "should already know",
    "should already be",
    "need to know",
    "needs to know",
    "should have used",
    "should have some",
    "experience with",
];

pub(super) fn prerequisites_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) const TAKEAWAY_PHRASES: &[&str] = &[
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

pub(super) fn takeaways_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn duration_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn notes_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
