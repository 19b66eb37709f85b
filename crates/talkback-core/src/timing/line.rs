//! One line: the timing a single outline line gives, if any.

#![allow(clippy::many_single_char_names)]

use super::{Timing, TimingKind, MAX_ITEM_SECS};
use std::ops::Range;

use crate::units::{unit_of, word_len, Unit};

// One line
// ---------------------------------------------------------------------------

/// Words that, right before a number, mean it is not an item's length
/// (`build a bot in 5 minutes`, `every 10 minutes`).
pub(super) const NOT_AFTER: &[&str] = &["in", "within", "under", "than", "every", "per", "each"];
/// Words that, right after a length, mean it describes something else
/// (`the 30-minute version`, `a 45 min talk`).
pub(super) const NOT_BEFORE: &[&str] = &[
    "version",
    "versions",
    "slot",
    "slots",
    "talk",
    "talks",
    "session",
    "sessions",
    "tutorial",
    "format",
    "presentation",
    "variant",
    "cut",
    "ago",
    "read",
    "option",
    "options",
    "window",
    "limit",
    "keynote",
    "workshop",
    "lecture",
    "course",
    "edition",
    "recording",
    "video",
];

/// Number words read before a unit (`five minutes`).
pub(super) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("ninety", 90),
];

pub(super) fn is_dash_at(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    ["-", "–", "—", "−"]
        .iter()
        .find(|d| rest.starts_with(**d))
        .map(|d| d.len())
}

pub(super) fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| c == b' ' || c == b'\t') {
        i += 1;
    }
    i
}

/// End of the ASCII-alphabetic run starting at `i`.
pub(super) fn alpha_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Whether the char before byte `i` is a letter or digit.
pub(super) fn word_before(s: &str, i: usize) -> bool {
    s.get(..i)
        .and_then(|h| h.chars().next_back())
        .is_some_and(char::is_alphanumeric)
}

/// Whether the char at byte `i` is a letter or digit.
pub(super) fn word_at(s: &str, i: usize) -> bool {
    s.get(i..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// The lower-cased ASCII word ending right before `i` (skipping spaces and `~`).
/// `a 30-minute slot`, `the 45-minute time window` in a sentence: a hyphenated
/// length used as an adjective after an article, on a line of prose (eight
/// words or more), describes the talk, not a part of it (issue 16).
fn adjective_in_prose(line: &str, i: usize, t: &Timing) -> bool {
    let text = line.get(t.span.clone()).unwrap_or("");
    let hyphenated = text.contains(|c: char| c.is_ascii_digit())
        && text
            .split_once('-')
            .is_some_and(|(_, unit)| matches!(unit, "minute" | "min" | "hour"));
    hyphenated
        && matches!(
            previous_word(line, i).as_str(),
            "a" | "an" | "the" | "our" | "my" | "this" | "that" | "each"
        )
        && line.split_whitespace().count() >= 8
}

pub(super) fn previous_word(s: &str, i: usize) -> String {
    let head = s.get(..i).unwrap_or("");
    let head = head.trim_end_matches([' ', '\t', '~']);
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_ascii_alphabetic())
        .map_or(0, |(j, c)| j + c.len_utf8());
    head[start..].to_ascii_lowercase()
}

/// Whether the word after byte `i` (skipping spaces and one `-`) is in `NOT_BEFORE`.
pub(super) fn followed_by_excluded(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    let mut j = skip_spaces(b, i);
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let end = alpha_end(b, j);
    let w = s[j..end].to_ascii_lowercase();
    NOT_BEFORE.contains(&w.as_str())
}

/// A decimal number at `i` (digits, optional `.digits`): (hundredths, end).
/// `None` for thousands (`10,000`) and version-like numbers (`3.12.1`).
pub(super) fn number(s: &str, i: usize) -> Option<(u64, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    let mut value: u64 = 0;
    while let Some(&d) = b.get(j).filter(|d| d.is_ascii_digit()) {
        value = value.saturating_mul(10).saturating_add(u64::from(d - b'0'));
        j += 1;
    }
    if j - i > 6 {
        return None;
    }
    value = value.saturating_mul(100);
    if b.get(j) == Some(&b',') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        let frac_start = j + 1;
        let mut k = frac_start;
        while b.get(k).is_some_and(u8::is_ascii_digit) {
            k += 1;
        }
        if b.get(k) == Some(&b'.') && b.get(k + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let frac = &b[frac_start..k];
        let tenths = frac.first().map_or(0, |d| u64::from(d - b'0'));
        let hundredths = frac.get(1).map_or(0, |d| u64::from(d - b'0'));
        value = value.saturating_add(tenths * 10 + hundredths);
        j = k;
    }
    Some((value, j))
}

/// A clock `a:bb` or `a:bb:cc` at `i`: (hours:minutes secs, minutes:seconds secs, end).
pub(super) fn clock(s: &str, i: usize) -> Option<(u32, u32, usize)> {
    let b = s.as_bytes();
    let two = |j: usize| -> Option<u32> {
        let (x, y) = (*b.get(j)?, *b.get(j + 1)?);
        if x.is_ascii_digit() && y.is_ascii_digit() && !b.get(j + 2).is_some_and(u8::is_ascii_digit)
        {
            Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
        } else {
            None
        }
    };
    let mut j = i;
    let mut a: u32 = 0;
    while let Some(&d) = b.get(j).filter(|d| d.is_ascii_digit()) {
        a = a.saturating_mul(10).saturating_add(u32::from(d - b'0'));
        j += 1;
    }
    if j == i || j - i > 2 || b.get(j) != Some(&b':') {
        return None;
    }
    let m = two(j + 1).filter(|&m| m < 60)?;
    j += 3;
    if b.get(j) == Some(&b':') {
        if let Some(sec) = two(j + 1).filter(|&x| x < 60) {
            let t = a * 3600 + m * 60 + sec;
            return Some((t, t, j + 3));
        }
    }
    if word_at(s, j) {
        return None;
    }
    Some((a * 3600 + m * 60, a * 60 + m, j))
}

/// Where the line's text starts: after indentation, a list marker, and opening
/// `[`, `(`, `*`, `_`, `|`, `>`, `#`.
pub(super) fn content_start(line: &str) -> usize {
    let b = line.as_bytes();
    let mut i = skip_spaces(b, 0);
    match b.get(i) {
        Some(b'-' | b'*' | b'+') if matches!(b.get(i + 1), Some(b' ' | b'\t')) => i += 2,
        Some(c) if c.is_ascii_digit() => {
            let mut j = i;
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            if matches!(b.get(j), Some(b'.' | b')')) && matches!(b.get(j + 1), Some(b' ' | b'\t')) {
                i = j + 2;
            }
        }
        _ => {}
    }
    while b.get(i).is_some_and(|c| {
        matches!(
            c,
            b' ' | b'\t' | b'[' | b'(' | b'*' | b'_' | b'|' | b'>' | b'#'
        )
    }) {
        i += 1;
    }
    i
}

/// A unit right after a number ending at `j` (spaces or one `-` allowed before a
/// word unit): (unit, end of unit).
pub(super) fn unit_after(s: &str, j: usize) -> Option<(Unit, usize)> {
    let b = s.as_bytes();
    // Prime-style minutes: 5' 5’ 5′ — not the 90's.
    for prime in ["'", "’", "′"] {
        if s.get(j..).is_some_and(|r| r.starts_with(prime)) {
            let end = j + prime.len();
            return (!word_at(s, end)).then_some((Unit::Minutes, end));
        }
    }
    let spaced = skip_spaces(b, j);
    let mut k = spaced;
    if k == j && b.get(k) == Some(&b'-') {
        k += 1;
    }
    let end = k + word_len(s.get(k..)?);
    if end == k {
        return None;
    }
    let word = s[k..end].to_ascii_lowercase();
    // Only `1h30` may glue digits after its unit.
    let digit_next = b.get(end).is_some_and(u8::is_ascii_digit);
    if word_at(s, end) && !(digit_next && word == "h") {
        return None;
    }
    let (unit, short) = unit_of(&word)?;
    if short {
        // `5m`, `1h`, `30s` only glued to the number, and not before a word
        // (`5m users`, `2s complement`).
        if k != j {
            return None;
        }
        let after = skip_spaces(b, end);
        if b.get(after).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
    }
    Some((unit, end))
}

/// Seconds of minutes after an hour unit ending at `j`: `1h30`, `1h 30m`, `1 hour and 30 minutes`.
pub(super) fn trailing_minutes(s: &str, j: usize) -> Option<(u64, usize)> {
    let b = s.as_bytes();
    if b.get(j).is_some_and(u8::is_ascii_digit) {
        let (n, end) = number(s, j)?;
        if end - j == 2 && !word_at(s, end) {
            return Some((n / 100 * 60, end));
        }
    }
    let mut k = skip_spaces(b, j);
    let w_end = alpha_end(b, k);
    if s[k..w_end].eq_ignore_ascii_case("and") {
        k = skip_spaces(b, w_end);
    }
    if !b.get(k).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (n, end) = number(s, k)?;
    match unit_after(s, end)? {
        (Unit::Minutes, unit_end) => Some((n * 60 / 100, unit_end)),
        _ => None,
    }
}

/// Builds a length timing from hundredths and a unit, within sane bounds.
pub(super) fn length(
    span: Range<usize>,
    low: u64,
    high: u64,
    unit: Unit,
    extra_secs: u64,
) -> Option<Timing> {
    let low = low * unit.secs() / 100 + extra_secs;
    let high = high * unit.secs() / 100 + extra_secs;
    let low = u32::try_from(low)
        .ok()
        .filter(|&l| l > 0 && l <= MAX_ITEM_SECS)?;
    let high = u32::try_from(high)
        .ok()
        .filter(|&h| h >= low && h <= MAX_ITEM_SECS)
        .unwrap_or(low);
    Some(Timing {
        span,
        kind: TimingKind::Length {
            low_secs: low,
            high_secs: high,
        },
    })
}

/// What starts at a digit `i`: a timing, a stamp, or nothing (with where to go on).
pub(super) enum AtDigit {
    Found(Timing),
    Stamp(Timing),
    Skip(usize),
}

pub(super) fn at_digit(s: &str, i: usize, line_start: usize) -> AtDigit {
    let b = s.as_bytes();
    if let Some((hm, ms, end)) = clock(s, i) {
        // A range `0:05–0:10` / `0:05 to 0:10`?
        let mut k = skip_spaces(b, end);
        let sep = is_dash_at(s, k).or_else(|| {
            let w = alpha_end(b, k);
            s[k..w].eq_ignore_ascii_case("to").then_some(w - k)
        });
        if let Some(len) = sep {
            k = skip_spaces(b, k + len);
            if let Some((hm2, ms2, end2)) = clock(s, k) {
                if hm2 > hm && ms2 > ms {
                    return AtDigit::Found(Timing {
                        span: i..end2,
                        kind: TimingKind::ClockRange {
                            hm_secs: hm2 - hm,
                            ms_secs: ms2 - ms,
                        },
                    });
                }
                return AtDigit::Skip(end2);
            }
        }
        if i == line_start {
            return AtDigit::Stamp(Timing {
                span: i..end,
                kind: TimingKind::Stamp {
                    hm_secs: hm,
                    ms_secs: ms,
                },
            });
        }
        return AtDigit::Skip(end);
    }
    let Some((low, end)) = number(s, i) else {
        let mut j = i;
        while b
            .get(j)
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'.' | b','))
        {
            j += 1;
        }
        return AtDigit::Skip(j.max(i + 1));
    };
    if NOT_AFTER.contains(&previous_word(s, i).as_str()) {
        return AtDigit::Skip(end);
    }
    // A range: `5-7 min`, `5 – 7 minutes`, `5 to 7 min`.
    let mut high = low;
    let mut j = end;
    let k = skip_spaces(b, end);
    let sep = is_dash_at(s, k).or_else(|| {
        let w = alpha_end(b, k);
        let word = &s[k..w];
        (word.eq_ignore_ascii_case("to") || word.eq_ignore_ascii_case("or")).then_some(w - k)
    });
    if let Some(len) = sep {
        let k2 = skip_spaces(b, k + len);
        if b.get(k2).is_some_and(u8::is_ascii_digit) {
            if let Some((h, e)) = number(s, k2) {
                if h >= low && unit_after(s, e).is_some() {
                    high = h;
                    j = e;
                }
            }
        }
    }
    let Some((unit, mut unit_end)) = unit_after(s, j) else {
        return AtDigit::Skip(end);
    };
    let mut extra = 0;
    if unit == Unit::Hours {
        if let Some((secs, e)) = trailing_minutes(s, unit_end) {
            extra = secs;
            unit_end = e;
        }
    }
    // `5 min.` keeps its dot inside the span for highlighting.
    if b.get(unit_end) == Some(&b'.') && !b.get(unit_end + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        unit_end += 1;
    }
    if followed_by_excluded(s, unit_end) {
        return AtDigit::Skip(unit_end);
    }
    match length(i..unit_end, low, high, unit, extra) {
        Some(t) => AtDigit::Found(t),
        None => AtDigit::Skip(unit_end),
    }
}

/// `five minutes`, `ten-minute`, `half an hour` at an alphabetic word `i..w`.
pub(super) fn at_word(s: &str, i: usize, w: usize) -> Option<Timing> {
    let b = s.as_bytes();
    let word = s[i..w].to_ascii_lowercase();
    if word == "half" {
        let mut k = skip_spaces(b, w);
        let e = alpha_end(b, k);
        if matches!(&s[k..e].to_ascii_lowercase()[..], "an" | "a") {
            k = skip_spaces(b, e);
        }
        let e = alpha_end(b, k);
        if matches!(&s[k..e].to_ascii_lowercase()[..], "hour") && !word_at(s, e) {
            return length(i..e, 3000, 3000, Unit::Minutes, 0);
        }
        return None;
    }
    let &(_, n) = NUMBER_WORDS.iter().find(|(name, _)| *name == word)?;
    if NOT_AFTER.contains(&previous_word(s, i).as_str()) {
        return None;
    }
    let (unit, end) = unit_after(s, w)?;
    if s[w..end].trim_start_matches([' ', '-']).len() <= 1 || followed_by_excluded(s, end) {
        return None;
    }
    let n = u64::from(n) * 100;
    length(i..end, n, n, unit, 0)
}

/// A bare trailing number: `Intro - 5`, `Intro: 5`, `Intro (5)`, `Intro [5]`.
pub(super) fn bare(line: &str) -> Option<Timing> {
    let t = line.trim_end();
    let t = t.strip_suffix('.').unwrap_or(t);
    let (inner, close) = match t.as_bytes().last() {
        Some(b')') => (&t[..t.len() - 1], Some(b'(')),
        Some(b']') => (&t[..t.len() - 1], Some(b'[')),
        _ => (t, None),
    };
    let digits = inner.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let start = inner.len() - digits;
    let minutes: u32 = inner[start..].parse().ok()?;
    if !(1..=180).contains(&minutes) {
        return None;
    }
    let before = &inner[..start];
    let ok = match close {
        Some(open) => before.as_bytes().last() == Some(&open) && before.len() > 1,
        None => [" - ", " – ", " — ", ": "]
            .iter()
            .any(|sep| before.ends_with(sep)),
    };
    if !ok
        || before
            .trim_start_matches([' ', '-', '*', '+', '(', '['])
            .len()
            < 3
    {
        return None;
    }
    Some(Timing {
        span: start..inner.len() + usize::from(close.is_some()),
        kind: TimingKind::Bare { minutes },
    })
}

/// The timing on one outline line, if any.
///
/// Lengths and clock ranges win over a leading clock stamp; a bare trailing
/// number is returned only when nothing else is found (see the module docs).
///
/// ```
/// use talkback_core::timing::{line_timing, TimingKind};
/// let t = line_timing("2. Three patterns (5-7 min)").unwrap();
/// assert_eq!(t.kind, TimingKind::Length { low_secs: 300, high_secs: 420 });
/// assert_eq!(&"2. Three patterns (5-7 min)"[t.span], "5-7 min");
/// assert!(line_timing("Upgrading to Python 3.12 in 2019").is_none());
/// ```
pub fn line_timing(line: &str) -> Option<Timing> {
    let b = line.as_bytes();
    let start = content_start(line);
    let mut stamp = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            if word_before(line, i) || (i > 0 && matches!(b[i - 1], b'.' | b',' | b'/' | b':')) {
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                continue;
            }
            match at_digit(line, i, start) {
                AtDigit::Found(t) if adjective_in_prose(line, i, &t) => {
                    i = skip_to_boundary(line, t.span.end.max(i + 1));
                }
                AtDigit::Found(t) => return Some(both_slots(line, t)),
                AtDigit::Stamp(t) => {
                    stamp.get_or_insert(t);
                    i = skip_to_boundary(line, i + 1);
                }
                AtDigit::Skip(next) => i = skip_to_boundary(line, next.max(i + 1)),
            }
        } else if c.is_ascii_alphabetic() {
            let w = alpha_end(b, i);
            if !word_before(line, i) && !word_at(line, w) {
                if let Some(t) = at_word(line, i, w) {
                    return Some(t);
                }
            }
            i = w;
        } else {
            i += 1;
        }
    }
    stamp.or_else(|| bare(line))
}

/// `Q&A (10 / 5 min)`: both slots' lengths sharing one unit. The length read
/// is the second number's; the part's length in the long slot is the larger
/// of the two, and the timing's span covers both.
fn both_slots(line: &str, t: Timing) -> Timing {
    let TimingKind::Length {
        low_secs,
        high_secs,
    } = t.kind
    else {
        return t;
    };
    let head = line.get(..t.span.start).unwrap_or("").trim_end();
    let Some(head) = head.strip_suffix('/') else {
        return t;
    };
    let head = head.trim_end();
    let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let first_at = head.len() - digits;
    let text = line.get(t.span.clone()).unwrap_or("");
    let second_digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (Ok(first), Ok(second)) = (
        head[first_at..].parse::<u32>(),
        text[..second_digits].parse::<u32>(),
    ) else {
        return t;
    };
    if digits == 0 || word_before(head, first_at) || second == 0 || low_secs != high_secs {
        return t;
    }
    let unit = low_secs / second;
    let long = first.saturating_mul(unit).min(MAX_ITEM_SECS).max(low_secs);
    Timing {
        span: first_at..t.span.end,
        kind: TimingKind::Length {
            low_secs: long,
            high_secs: long.max(high_secs),
        },
    }
}

/// The next char boundary at or after `i`.
pub(super) fn skip_to_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------
