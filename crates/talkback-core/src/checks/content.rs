//! Demo, anonymity and relevance rules.

use super::rules::Rule;
use super::{Ctx, Finding, SuggestedLevel};
use crate::proposal::FieldKind;

// Demo, anonymity, relevance
// ---------------------------------------------------------------------------

pub(super) const LIVE_DEMO: &[&str] = &[
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

pub(super) const FALLBACK: &[&str] = &[
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

pub(super) fn demo_no_fallback(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn anonymity(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
pub(super) fn topic_match(topic: &str, word: &str) -> bool {
    if let Some(inner) = topic.strip_prefix('*').and_then(|t| t.strip_suffix('*')) {
        return !inner.is_empty() && word.contains(inner);
    }
    match topic.strip_suffix('*') {
        Some(prefix) => word.len() >= 4 && word.starts_with(prefix),
        None => topic == word,
    }
}

/// A profile's topic words ready for looking words up: the plain words sorted (one
/// binary search a word), the patterns (`pref*`, `*part*`) tried one by one. A word
/// matches exactly when [`topic_match`] matches it with one of the topic words. (The
/// relevance check compared each word of the draft with each of the PyCon profile's ~350
/// topic words: the largest part of the analysis in a CPU profile of a 10 KB draft.)
pub(super) struct Topics<'a> {
    plain: Vec<&'a str>,
    patterns: Vec<&'a str>,
}

impl<'a> Topics<'a> {
    pub(super) fn new(words: &'a [String]) -> Self {
        let (patterns, mut plain): (Vec<&str>, Vec<&str>) = words
            .iter()
            .map(String::as_str)
            .partition(|t| t.starts_with('*') || t.ends_with('*'));
        crate::sort::sort(&mut plain);
        Self { plain, patterns }
    }

    /// Whether lower-case `word` matches one of the topic words.
    pub(super) fn matches(&self, word: &str) -> bool {
        self.plain.binary_search(&word).is_ok()
            || self.patterns.iter().any(|t| topic_match(t, word))
    }
}

/// The fields a committee reads to judge what a talk is about: the title and
/// the speaker's answers (never a form's help text) about the talk itself.
/// Notes and bio are about the speaker and the review, not the topic.
const TOPIC_FIELDS: [FieldKind; 5] = [
    FieldKind::Abstract,
    FieldKind::Outline,
    FieldKind::Audience,
    FieldKind::Takeaways,
    FieldKind::Prerequisites,
];

/// Whether lower-cased `text` shows Python code: a `.py` file name
/// (`conftest.py`) or an `import` statement at the start of a line, after a
/// backtick or after a `>>>` prompt.
fn shows_python_code(text: &str) -> bool {
    let py_file = text.match_indices(".py").any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + 3..].chars().next();
        before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    });
    py_file
        || text.match_indices("import ").any(|(at, _)| {
            let head = text[..at].trim_end_matches(' ');
            head.is_empty()
                || head.ends_with(['\n', '`'])
                || head.ends_with(">>>")
                || head
                    .rsplit(['\n', '`'])
                    .next()
                    .is_some_and(|l| l.trim_start().starts_with("from "))
        })
}

pub(super) fn relevance(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut spans = c
        .title
        .map(|f| f.value.clone())
        .into_iter()
        .chain(c.description.clone())
        .chain(
            TOPIC_FIELDS
                .iter()
                .filter_map(|&kind| c.field(kind))
                .map(|f| f.value.clone()),
        );
    let found = spans.any(|span| {
        let text = c.lower.get(span).unwrap_or("");
        shows_python_code(text)
            || text
                .split(|ch: char| !ch.is_ascii_alphanumeric())
                .any(|w| c.topics.matches(w))
    });
    if found {
        return;
    }
    out.push(rule.finding(
        format!(
            "Nothing in the title, description, abstract, audience or outline mentions \
             {}'s topic (Python, its libraries or its tools). The committee asks \u{201c}why at this conference?\u{201d} of every talk.",
            c.name()
        ),
        "Say where Python comes in: the library, the code, the community.".to_owned(),
        c.title.map(|f| f.value.clone()),
        None,
    ));
}

// ---------------------------------------------------------------------------
