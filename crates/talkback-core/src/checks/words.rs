//! Readability: words, sentences and syllables of prose.

use super::rules::{Rule, MAX_LONG_SENTENCES};
use super::{Ctx, Finding};
use std::ops::Range;

use crate::lines::{scan, Kind, Line};

// Readability
// ---------------------------------------------------------------------------

/// Words, sentences and syllables of prose.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct ProseStats {
    pub(super) words: usize,
    pub(super) sentences: usize,
    pub(super) syllables: usize,
}

/// Abbreviations whose dot does not end a sentence.
pub(super) const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "prof.", "cf.", "approx.", "no.",
    "fig.", "incl.", "st.", "jr.", "sr.",
];

impl ProseStats {
    /// Adds the prose of `span`; calls `sentence(words, span)` for every sentence
    /// of more than `long` words (0: never). Code fences, headings and list items
    /// break sentences; fenced code is skipped.
    pub(super) fn add(
        &mut self,
        src: &str,
        span: Range<usize>,
        long: usize,
        sentence: &mut dyn FnMut((usize, Range<usize>)),
    ) {
        let Some(text) = src.get(span.clone()) else {
            return;
        };
        let mut current: Option<(usize, usize, usize)> = None; // (words, start, end)
        let mut close = |cur: &mut Option<(usize, usize, usize)>, stats: &mut ProseStats| {
            if let Some((words, start, end)) = cur.take() {
                stats.sentences += 1;
                if long > 0 && words > long {
                    sentence((words, start..end));
                }
            }
        };
        for Line {
            text: raw,
            start,
            kind,
        } in scan(text)
        {
            let at = span.start + start;
            if matches!(kind, Kind::Fence | Kind::Code) {
                close(&mut current, self);
                continue;
            }
            let line = raw.trim_end();
            let t = line.trim_start();
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
    pub(super) fn reading_ease(&self) -> f64 {
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
pub(super) fn syllables(word: &str) -> usize {
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

pub(super) fn long_sentences(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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

pub(super) fn hard_to_read(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
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
