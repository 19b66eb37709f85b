//! Outline rules: presence, timings, over and under time, a plan for a shorter slot.

use super::rules::Rule;
use super::{Ctx, Finding, SuggestedLevel};
use crate::proposal::FieldKind;
use crate::timing::{line_timing, OutlineTiming};
use std::ops::Range;

// Outline
// ---------------------------------------------------------------------------

pub(super) fn outline_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.field(FieldKind::Outline).is_some() || c.timed_prose.is_some() {
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

pub(super) fn outline_no_timings(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
pub(super) fn outline_budget(c: &Ctx<'_>, t: &OutlineTiming, slot: u32) -> u32 {
    if slot >= c.profile.question_min_slot_minutes && !t.plans_questions() {
        slot.saturating_sub(c.profile.question_minutes)
    } else {
        slot
    }
}

pub(super) fn outline_span(c: &Ctx<'_>) -> Option<Range<usize>> {
    c.outline_text()
        .map(|f| f.value.clone())
        .or_else(|| c.timed_prose.clone())
}

pub(super) fn outline_over_time(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn outline_no_question_time(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn outline_under_time(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
pub(super) const SHORT_PLAN: &[&str] = &[
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
    "would be cut",
    "would be dropped",
    "would skip",
    "can be skipped",
    "could be skipped",
    "to shorten",
    "if shortened",
    "to fit a shorter",
    "to fit in a shorter",
    "how to cut",
    "what to cut",
    "half-hour",
    "half an hour",
    "would leave out",
    "i'd leave out",
    "would omit",
    "can be omitted",
    "would trim",
    "i'd skip",
    "i'd trim",
    "i will drop",
    "i'll drop",
];

/// Whether every timed line of the outline gives both slot lengths
/// (`Intro [10m / 5m]`, `Demo (15 / 10 min)`): the plan is in the outline.
fn both_slot_outline(outline: &str) -> bool {
    let mut timed = 0;
    for line in outline.lines() {
        if line_timing(line).is_none() {
            continue;
        }
        timed += 1;
        let both = line.match_indices('/').any(|(i, _)| {
            let before = line[..i].trim_end();
            let after = line[i + 1..].trim_start();
            before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '\'')
                && after.starts_with(|c: char| c.is_ascii_digit())
        });
        if !both {
            return false;
        }
    }
    timed > 0
}

pub(super) fn outline_no_short_plan(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
    if c.mentions(SHORT_PLAN)
        || custom.iter().any(|p| c.lower.contains(p.as_str()))
        || c.field(FieldKind::Outline)
            .is_some_and(|f| both_slot_outline(c.p.value_of(f)))
    {
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
