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

use std::ops::Range;

use crate::proposal::{Field, FieldKind, Proposal};
use crate::timing::{outline_timing, OutlineTiming};

mod content;
mod form;
mod outline;
mod profile;
mod rules;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod title;
mod words;

use self::content::LIVE_DEMO;
pub use self::profile::{Profile, ProfileError};
use self::rules::RULES;
pub use self::rules::{rule, rules, Rule};
use self::words::ProseStats;

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
    /// With no outline field: the abstract or description whose prose
    /// times the talk's parts (`timing` then comes from it).
    timed_prose: Option<Range<usize>>,
    /// Span of the first "live demo"/"live coding" mention.
    live_demo: Option<Range<usize>>,
    blind: Option<&'a [Range<usize>]>,
    /// Prose spans for readability: description, abstract, or the body.
    prose: Vec<Range<usize>>,
    prose_stats: ProseStats,
    /// The profile's topic words, ready for lookups.
    topics: content::Topics<'a>,
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
        let outline = nonempty(FieldKind::Outline);
        let timed_prose = if outline.is_some() {
            None
        } else {
            timed_prose(p, slot)
        };
        let timing = outline
            .map(|f| outline_timing(p.slice(&f.value), f.value.start, slot))
            .or_else(|| timed_prose.as_ref().map(|(_, t)| t.clone()));
        let timed_prose = timed_prose.map(|(span, _)| span);
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
            timed_prose,
            live_demo,
            blind,
            prose,
            prose_stats,
            topics: content::Topics::new(&profile.topic_words),
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

/// A timed abstract with no outline heading: the abstract (else the
/// description) when it times at least three parts, in lines or in one
/// sentence ("We start with why (5 min), then generators (10 min), …";
/// "0:00 Intro, 0:05 Generators, …"). See [`as_lines`].
fn timed_prose(p: &Proposal, slot: Option<u32>) -> Option<(Range<usize>, OutlineTiming)> {
    [FieldKind::Abstract, FieldKind::Description]
        .iter()
        .filter_map(|&kind| p.field(kind).filter(|f| !f.value.is_empty()))
        .find_map(|f| {
            let listed = as_lines(p.slice(&f.value));
            let t = outline_timing(&listed, f.value.start, slot);
            // Three timed parts (lengths or clock stamps) adding up to something.
            (t.items.len() >= 3 && t.total_secs > 0).then(|| (f.value.clone(), t))
        })
}

/// Prose with its parts on lines of their own, at the same byte offsets: a
/// comma, semicolon or full stop and the spaces after it, and " and " after a closing
/// parenthesis, become spaces ending in a line break, so each part starts
/// a line at the left margin (not indented under the one before).
fn as_lines(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut i = 0;
    while i < out.len() {
        let sep = match out[i] {
            b',' | b';' => 1,
            b'.' if out.get(i + 1) == Some(&b' ') => 1,
            b')' if text.as_bytes()[i + 1..].starts_with(b" and ") => 5,
            _ => 0,
        };
        if sep == 0 {
            i += 1;
            continue;
        }
        let start = if sep == 5 { i + 1 } else { i };
        let mut end = i + sep;
        while out.get(end) == Some(&b' ') {
            end += 1;
        }
        out[start..end].fill(b' ');
        out[end - 1] = b'\n';
        i = end;
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
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
