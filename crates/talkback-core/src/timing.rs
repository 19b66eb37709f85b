//! Timings in a talk outline: `(5 min)`, `5m`, `[5']`, `0:05–0:10`, `~5 minutes`,
//! `5-7 min`, `five minutes`, `- Intro - 5`…, and their sum over an outline.
//!
//! Each line yields at most one timing. Lengths (`5 min`) and clock ranges
//! (`0:05–0:10`) are read anywhere in the line; a lone clock stamp (`0:05 Intro`)
//! only at its start; a bare trailing number (`Intro - 5`, `Intro (5)`) only when
//! the outline uses that form on at least two lines, since one such number is as
//! likely a version or a chapter.
//!
//! A clock like `15:00` is read as hours:minutes unless that makes no sense for the
//! slot: a range longer than four hours, or longer than the slot when the slot is
//! known, is read as minutes:seconds instead (`15:00-20:00` is five minutes;
//! `0:05-0:10` is also five minutes). A range under one minute as minutes:seconds is
//! always read as hours:minutes.
//!
//! Everything is a single pass over the text; nothing here panics on any input.

// Byte scanners read best with `s`, `b`, `i`, `j`, `k` for text, bytes and offsets.
#![allow(clippy::many_single_char_names)]

use std::ops::Range;

/// Longest single item taken as a timing (8 hours), in seconds.
const MAX_ITEM_SECS: u32 = 8 * 3600;
/// Clock readings longer than this (4 hours) are read as minutes:seconds.
const MAX_HM_SECS: u32 = 4 * 3600;
/// Deepest nesting tracked; deeper lines count as siblings at this depth.
const MAX_DEPTH: usize = 32;

/// One timing found on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// Byte range of the timing text within the line (or within the text given to
    /// [`outline_timing`], for [`TimedItem::span`]).
    pub span: Range<usize>,
    /// What was written.
    pub kind: TimingKind,
}

/// The forms of timing an outline line can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimingKind {
    /// A length with a unit: `5 min` (low = high = 300 s), `5-7 min` (300..420 s).
    Length {
        /// Shortest length, seconds.
        low_secs: u32,
        /// Longest length, seconds (equal to `low_secs` unless a range was given).
        high_secs: u32,
    },
    /// A clock range such as `0:05–0:10`: its length read as hours:minutes and as
    /// minutes:seconds (equal when seconds were written, `0:05:00–0:10:00`).
    ClockRange {
        /// Length when read as hours:minutes, seconds.
        hm_secs: u32,
        /// Length when read as minutes:seconds, seconds.
        ms_secs: u32,
    },
    /// A clock stamp opening the line (`0:05 Intro`): an offset, not a length.
    Stamp {
        /// Offset when read as hours:minutes, seconds.
        hm_secs: u32,
        /// Offset when read as minutes:seconds, seconds.
        ms_secs: u32,
    },
    /// A bare number closing the line (`Intro - 5`, `Intro (5)`), in minutes.
    Bare {
        /// The number, read as minutes.
        minutes: u32,
    },
}

impl Timing {
    /// The length this timing stands for, in seconds, without knowing the slot
    /// (lower bound of a range); `None` for a [`TimingKind::Stamp`].
    ///
    /// ```
    /// use talkback_core::timing::line_timing;
    /// let secs = |line| line_timing(line).and_then(|t| t.seconds());
    /// assert_eq!(secs("1. Why async? (5 min)"), Some(300));
    /// assert_eq!(secs("- Patterns, 0:05–0:20"), Some(900));
    /// assert_eq!(secs("Python 3.12"), None);
    /// ```
    pub fn seconds(&self) -> Option<u32> {
        self.range_secs(None).map(|(low, _)| low)
    }

    /// `(low, high)` seconds, reading clocks with the slot in mind.
    fn range_secs(&self, slot_minutes: Option<u32>) -> Option<(u32, u32)> {
        match self.kind {
            TimingKind::Length {
                low_secs,
                high_secs,
            } => Some((low_secs, high_secs)),
            TimingKind::ClockRange { hm_secs, ms_secs } => {
                let s = read_clock(hm_secs, ms_secs, slot_minutes);
                Some((s, s))
            }
            TimingKind::Stamp { .. } => None,
            TimingKind::Bare { minutes } => Some((minutes * 60, minutes * 60)),
        }
    }
}

/// Chooses between the hours:minutes and minutes:seconds readings of a clock length.
fn read_clock(hm_secs: u32, ms_secs: u32, slot_minutes: Option<u32>) -> u32 {
    if ms_secs < 60 || hm_secs == ms_secs {
        return hm_secs;
    }
    let over_slot = slot_minutes.is_some_and(|m| hm_secs > m.saturating_mul(60));
    if hm_secs > MAX_HM_SECS || over_slot {
        ms_secs
    } else {
        hm_secs
    }
}

// ---------------------------------------------------------------------------
// One line
// ---------------------------------------------------------------------------

/// Words that, right before a number, mean it is not an item's length
/// (`build a bot in 5 minutes`, `every 10 minutes`).
const NOT_AFTER: &[&str] = &["in", "within", "under", "than", "every", "per", "each"];
/// Words that, right after a length, mean it describes something else
/// (`the 30-minute version`, `a 45 min talk`).
const NOT_BEFORE: &[&str] = &[
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
];

/// Number words read before a unit (`five minutes`).
const NUMBER_WORDS: &[(&str, u32)] = &[
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Seconds,
    Minutes,
    Hours,
}

impl Unit {
    fn secs(self) -> u64 {
        match self {
            Unit::Seconds => 1,
            Unit::Minutes => 60,
            Unit::Hours => 3600,
        }
    }
}

/// The unit a (lower-cased ASCII) word names; `short` units are single letters.
fn unit_of(word: &str) -> Option<(Unit, bool)> {
    Some(match word {
        "s" => (Unit::Seconds, true),
        "m" => (Unit::Minutes, true),
        "h" => (Unit::Hours, true),
        "sec" | "secs" | "second" | "seconds" => (Unit::Seconds, false),
        "min" | "mins" | "minute" | "minutes" | "mn" | "mnt" | "mnts" => (Unit::Minutes, false),
        "hr" | "hrs" | "hour" | "hours" => (Unit::Hours, false),
        _ => return None,
    })
}

fn is_dash_at(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    ["-", "–", "—", "−"]
        .iter()
        .find(|d| rest.starts_with(**d))
        .map(|d| d.len())
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| c == b' ' || c == b'\t') {
        i += 1;
    }
    i
}

/// End of the ASCII-alphabetic run starting at `i`.
fn alpha_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Whether the char before byte `i` is a letter or digit.
fn word_before(s: &str, i: usize) -> bool {
    s.get(..i)
        .and_then(|h| h.chars().next_back())
        .is_some_and(char::is_alphanumeric)
}

/// Whether the char at byte `i` is a letter or digit.
fn word_at(s: &str, i: usize) -> bool {
    s.get(i..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// The lower-cased ASCII word ending right before `i` (skipping spaces and `~`).
fn previous_word(s: &str, i: usize) -> String {
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
fn followed_by_excluded(s: &str, i: usize) -> bool {
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
fn number(s: &str, i: usize) -> Option<(u64, usize)> {
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
fn clock(s: &str, i: usize) -> Option<(u32, u32, usize)> {
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
fn content_start(line: &str) -> usize {
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
fn unit_after(s: &str, j: usize) -> Option<(Unit, usize)> {
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
    let end = alpha_end(b, k);
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
fn trailing_minutes(s: &str, j: usize) -> Option<(u64, usize)> {
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
fn length(span: Range<usize>, low: u64, high: u64, unit: Unit, extra_secs: u64) -> Option<Timing> {
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
enum AtDigit {
    Found(Timing),
    Stamp(Timing),
    Skip(usize),
}

fn at_digit(s: &str, i: usize, line_start: usize) -> AtDigit {
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
fn at_word(s: &str, i: usize, w: usize) -> Option<Timing> {
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
fn bare(line: &str) -> Option<Timing> {
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
                AtDigit::Found(t) => return Some(t),
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

/// The next char boundary at or after `i`.
fn skip_to_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------
// A whole outline
// ---------------------------------------------------------------------------

/// One timed line of an outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedItem {
    /// The timing text, as a byte range offset by the `base` given to
    /// [`outline_timing`] (so spans into the proposal source when `base` is the
    /// outline's start).
    pub span: Range<usize>,
    /// The whole line (trimmed), same offsets.
    pub line: Range<usize>,
    /// Shortest length, seconds (0 for a clock stamp).
    pub low_secs: u32,
    /// Longest length, seconds.
    pub high_secs: u32,
    /// Whether it adds to the total: not when a parent line already has a timing,
    /// not for stamps (their spread is added once), not for a lone bare number.
    pub counted: bool,
    /// Whether the line is about questions (`Q&A`, `Questions`).
    pub questions: bool,
}

/// The timings of an outline and their sum.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutlineTiming {
    /// Every timed line, in order.
    pub items: Vec<TimedItem>,
    /// Sum of the counted items' shortest lengths plus the spread of clock
    /// stamps (last minus first), seconds.
    pub total_secs: u32,
    /// Same with the longest lengths.
    pub total_high_secs: u32,
    /// Seconds given to counted question items.
    pub question_secs: u32,
    /// Lines that are not blank.
    pub lines: usize,
}

impl OutlineTiming {
    /// Whether any timing counts towards the total.
    pub fn has_timings(&self) -> bool {
        self.total_secs > 0
    }

    /// Whether a counted item is about questions.
    pub fn plans_questions(&self) -> bool {
        self.items.iter().any(|i| i.counted && i.questions)
    }

    /// The total rounded to whole minutes (half a minute rounds up).
    pub fn total_minutes(&self) -> u32 {
        self.total_secs.saturating_add(30) / 60
    }
}

/// Whether a (lower-cased ASCII) line is about questions from the audience.
fn is_questions_line(lower: &str) -> bool {
    lower.contains("question")
        || lower.contains("q&a")
        || lower.contains("q & a")
        || lower.contains("q/a")
        || lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "qa")
}

/// Nesting key: headings sit above list items, and plain lines above lists at
/// their own indentation.
fn nesting_key(line: &str) -> i32 {
    let b = line.as_bytes();
    let indent = b
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .map(|&c| if c == b'\t' { 4 } else { 1 })
        .sum::<i32>()
        .min(200);
    let rest = line.trim_start();
    let hashes = rest.bytes().take_while(|&c| c == b'#').count();
    if (1..=6).contains(&hashes) && rest[hashes..].starts_with([' ', '\t']) {
        // `hashes` ≤ 6, so the cast is exact.
        return -20 + i32::try_from(hashes).unwrap_or(6);
    }
    let list = content_start(line) > usize::try_from(indent).unwrap_or(0)
        && matches!(
            rest.as_bytes().first(),
            Some(b'-' | b'*' | b'+' | b'0'..=b'9')
        );
    if list {
        indent
    } else {
        indent - 1
    }
}

/// An open outline line while nesting (see [`nested_total`]).
struct Frame {
    key: i32,
    own: Option<(u32, u32)>,
    children: (u32, u32),
    /// Index of the first item after this line.
    first_desc: usize,
}

/// Closes the innermost open line: its own timing (its descendants then do not
/// count) or else its children's sum goes to its parent.
fn fold(stack: &mut Vec<Frame>, items: &mut [TimedItem], seen: usize, total: &mut (u32, u32)) {
    let Some(f) = stack.pop() else { return };
    let value = match f.own {
        Some(own) => {
            for item in items.iter_mut().take(seen).skip(f.first_desc) {
                item.counted = false;
            }
            own
        }
        None => f.children,
    };
    let target = match stack.last_mut() {
        Some(parent) => &mut parent.children,
        None => total,
    };
    target.0 = target.0.saturating_add(value.0);
    target.1 = target.1.saturating_add(value.1);
}

/// Sums counted items by nesting, in one pass with a stack of open lines;
/// `lines` holds each non-blank line's nesting key and whether it has an item.
fn nested_total(lines: &[(i32, bool)], items: &mut [TimedItem]) -> (u32, u32) {
    let mut stack: Vec<Frame> = Vec::new();
    let mut total = (0u32, 0u32);
    let mut seen = 0;
    for &(key, timed) in lines {
        while stack
            .last()
            .is_some_and(|f| f.key >= key || stack.len() >= MAX_DEPTH)
        {
            fold(&mut stack, items, seen, &mut total);
        }
        let own = if timed {
            seen += 1;
            items
                .get(seen - 1)
                .filter(|i| i.counted)
                .map(|i| (i.low_secs, i.high_secs))
        } else {
            None
        };
        stack.push(Frame {
            key,
            own,
            children: (0, 0),
            first_desc: seen,
        });
    }
    while !stack.is_empty() {
        fold(&mut stack, items, seen, &mut total);
    }
    total
}

/// Reads the timings of every line of `text` (an outline) and sums them.
///
/// `base` is added to every span (pass the outline's start in the proposal
/// source). `slot_minutes` helps read ambiguous clocks (see the module docs).
/// A line's timing counts unless a line it is nested under (by indentation, or
/// a heading) has one: `Part 1 (15 min)` with sub-items of 5 and 10 minutes
/// totals 15, not 30. A lone bare trailing number (`- Step 2 - 3`) does not count.
///
/// ```
/// use talkback_core::timing::outline_timing;
/// let outline = "1. Why async? (5 min)\n2. Three patterns (15 min)\n\
///                3. Two mistakes (7 min)\n4. Questions (3 min)";
/// let t = outline_timing(outline, 0, Some(30));
/// assert_eq!(t.total_minutes(), 30);
/// assert!(t.plans_questions());
/// ```
pub fn outline_timing(text: &str, base: usize, slot_minutes: Option<u32>) -> OutlineTiming {
    let mut out = OutlineTiming::default();
    // Per non-blank line: nesting key and whether it produced an item.
    let mut lines: Vec<(i32, bool)> = Vec::new();
    let mut kinds: Vec<TimingKind> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        out.lines += 1;
        let timing = line_timing(line);
        lines.push((nesting_key(line), timing.is_some()));
        let Some(t) = timing else { continue };
        let (low, high) = t.range_secs(slot_minutes).unwrap_or((0, 0));
        let lead = line.len() - line.trim_start().len();
        out.items.push(TimedItem {
            span: base + at + t.span.start..base + at + t.span.end,
            line: base + at + lead..base + at + line.trim_end().len(),
            low_secs: low,
            high_secs: high,
            counted: low > 0,
            questions: is_questions_line(&line.to_ascii_lowercase()),
        });
        kinds.push(t.kind);
    }

    // Stamps: their spread counts once (the last item's own length is unknown).
    let mut hm = (u32::MAX, 0u32);
    let mut ms = (u32::MAX, 0u32);
    let mut stamps = 0;
    let mut bare_lines = 0;
    for kind in &kinds {
        match *kind {
            TimingKind::Stamp { hm_secs, ms_secs } => {
                stamps += 1;
                hm = (hm.0.min(hm_secs), hm.1.max(hm_secs));
                ms = (ms.0.min(ms_secs), ms.1.max(ms_secs));
            }
            TimingKind::Bare { .. } => bare_lines += 1,
            _ => {}
        }
    }
    let stamp_secs = if stamps >= 2 {
        read_clock(hm.1 - hm.0, ms.1 - ms.0, slot_minutes)
    } else {
        0
    };
    if bare_lines < 2 {
        for (item, kind) in out.items.iter_mut().zip(&kinds) {
            if matches!(kind, TimingKind::Bare { .. }) {
                item.counted = false;
            }
        }
    }

    let total = nested_total(&lines, &mut out.items);
    out.total_secs = total.0.saturating_add(stamp_secs);
    out.total_high_secs = total.1.saturating_add(stamp_secs);
    out.question_secs = out
        .items
        .iter()
        .filter(|i| i.counted && i.questions)
        .fold(0u32, |acc, i| acc.saturating_add(i.low_secs));
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// One outline line and the length a reader would take from it.
    struct LineCase {
        line: &'static str,
        /// Shortest and longest minutes (equal unless a range was written).
        minutes: (f64, f64),
        /// The text a UI would highlight.
        marked: &'static str,
    }

    const fn case(line: &'static str, low: f64, high: f64, marked: &'static str) -> LineCase {
        LineCase {
            line,
            minutes: (low, high),
            marked,
        }
    }

    fn minutes(secs: u32) -> f64 {
        f64::from(secs) / 60.0
    }

    #[test]
    fn reads_the_forms_people_write() {
        let cases = [
            case("1. Why async at all? (5 min)", 5.0, 5.0, "5 min"),
            case("- Intro 5m", 5.0, 5.0, "5m"),
            case("- Setup [5']", 5.0, 5.0, "5'"),
            case("- Setup (3’)", 3.0, 3.0, "3’"),
            case("- Patterns 0:05–0:10", 5.0, 5.0, "0:05–0:10"),
            case("* 0:10-0:25 Three patterns", 15.0, 15.0, "0:10-0:25"),
            case("- Demo, 15:00-20:00", 5.0, 5.0, "15:00-20:00"),
            case(
                "- Demo 00:05:00 - 00:12:30",
                7.5,
                7.5,
                "00:05:00 - 00:12:30",
            ),
            case("Context ~5 minutes", 5.0, 5.0, "5 minutes"),
            case("- Live demo: 5-7 min", 5.0, 7.0, "5-7 min"),
            case("- Live demo: 5 – 7 minutes", 5.0, 7.0, "5 – 7 minutes"),
            case("- Q&A (10 mins)", 10.0, 10.0, "10 mins"),
            case("Wrap-up: 2 minutes", 2.0, 2.0, "2 minutes"),
            case("Closing thoughts (5 min.)", 5.0, 5.0, "5 min."),
            case("- A five-minute detour", 5.0, 5.0, "five-minute"),
            case(
                "- Refactoring together, ten minutes",
                10.0,
                10.0,
                "ten minutes",
            ),
            case("Hands-on exercises (1h)", 60.0, 60.0, "1h"),
            case("Exercises: 1h30", 90.0, 90.0, "1h30"),
            case(
                "Exercises: 1 hour 15 minutes",
                75.0,
                75.0,
                "1 hour 15 minutes",
            ),
            case("Part two (1.5 hours)", 90.0, 90.0, "1.5 hours"),
            case("Lightning round (90 sec)", 1.5, 1.5, "90 sec"),
            case("Break - half an hour", 30.0, 30.0, "half an hour"),
            case("3. Two mistakes — 7min", 7.0, 7.0, "7min"),
            case("- Wrap up (2 to 3 min)", 2.0, 3.0, "2 to 3 min"),
            case("**Intro** _(4 minutes)_", 4.0, 4.0, "4 minutes"),
            case("Porting to Python 3.12 (10 min)", 10.0, 10.0, "10 min"),
            case("Build a bot in 5 minutes (12 min)", 12.0, 12.0, "12 min"),
        ];
        for c in &cases {
            let t = line_timing(c.line).unwrap_or_else(|| panic!("no timing in {:?}", c.line));
            let (low, high) = t
                .range_secs(None)
                .unwrap_or_else(|| panic!("no length in {:?}", c.line));
            assert_eq!((minutes(low), minutes(high)), c.minutes, "{:?}", c.line);
            assert_eq!(&c.line[t.span], c.marked, "{:?}", c.line);
        }
    }

    #[test]
    fn numbers_that_are_not_timings() {
        let lines = [
            "Python 3.12",
            "Upgrading to Python 3.12.1",
            "What changed in 2019",
            "Serving 10,000 users",
            "HTTP/2 and HTTP/3",
            "Chapter 3",
            "Scaling to 5m users",
            "Twos complement and 2s complement",
            "PEP 8, PEP 20 and PEP 484",
            "Top 10 mistakes",
            "In the 90's we wrote Perl",
            "Ratio 16:9 screens",
            "Take the 30-minute version if the slot is short",
            "Build a web app in 30 minutes",
            "Run the job every 10 minutes",
            "John 3:16",
            "1. Introduction",
            "- Step 2",
        ];
        for line in lines {
            let t = line_timing(line).filter(|t| !matches!(t.kind, TimingKind::Bare { .. }));
            assert_eq!(t, None, "{line:?} read as a timing");
        }
    }

    #[test]
    fn bare_trailing_numbers_count_only_when_the_outline_uses_them() {
        let outline = "- Intro - 5\n- Patterns - 15\n- Mistakes - 5";
        assert_eq!(outline_timing(outline, 0, Some(30)).total_minutes(), 25);
        let one = "- Intro (5 min)\n- Upgrading to version - 3";
        assert_eq!(outline_timing(one, 0, Some(30)).total_minutes(), 5);
        assert_eq!(
            line_timing("Intro (5)").map(|t| t.kind),
            Some(TimingKind::Bare { minutes: 5 })
        );
    }

    #[test]
    fn sums_an_outline_for_a_30_minute_slot() {
        let over = "1. Why async (10 min)\n2. Patterns (20 min)\n3. Mistakes (10 min)";
        let t = outline_timing(over, 100, Some(30));
        assert_eq!(t.total_minutes(), 40);
        assert_eq!(t.items.len(), 3);
        assert_eq!(t.items[0].span, 100 + 14..100 + 20);
        let fixed = "1. Why async (5 min)\n2. Patterns (15 min)\n3. Mistakes (5 min)";
        assert_eq!(outline_timing(fixed, 0, Some(30)).total_minutes(), 25);
    }

    #[test]
    fn nested_items_do_not_count_twice() {
        let outline = "\
- Part 1: basics (15 min)
  - lists (5 min)
  - dicts (10 min)
- Part 2: untimed
  - sets (4 min)
  - tuples (6 min)
### Part 3 (5 min)
- recap (2 min)
- questions (3 min)";
        let t = outline_timing(outline, 0, Some(30));
        assert_eq!(t.total_minutes(), 30);
        let counted: Vec<bool> = t.items.iter().map(|i| i.counted).collect();
        assert_eq!(
            counted,
            [true, false, false, true, true, true, false, false]
        );
        // The questions item sits under a timed heading: not counted itself.
        assert!(!t.plans_questions());
    }

    #[test]
    fn clock_stamps_add_their_spread() {
        let outline = "0:00 Welcome\n0:05 Setup\n0:20 Exercises\n0:40 Wrap-up";
        assert_eq!(outline_timing(outline, 0, Some(45)).total_minutes(), 40);
        let wall_clock = "9:00 Welcome\n9:15 Setup\n10:30 Break\n11:00 Exercises";
        assert_eq!(
            outline_timing(wall_clock, 0, Some(180)).total_minutes(),
            120
        );
        let minutes_seconds = "00:00 Intro\n05:00 Demo\n20:00 Wrap-up";
        assert_eq!(
            outline_timing(minutes_seconds, 0, Some(30)).total_minutes(),
            20
        );
    }

    #[test]
    fn a_clock_range_longer_than_the_slot_is_minutes_and_seconds() {
        let outline = "- 10:00-12:00 Demo";
        assert_eq!(outline_timing(outline, 0, Some(30)).total_minutes(), 2);
        assert_eq!(outline_timing(outline, 0, Some(180)).total_minutes(), 120);
    }

    #[test]
    fn never_panics_on_odd_text() {
        let odd = [
            "",
            "0",
            "9:",
            "9:9",
            "1h",
            "h1",
            "—5 min",
            "5–",
            "½ min",
            "٥ دقائق",
            "(5)",
            "[]",
            "- - 5",
            "99999999999 minutes",
            "1.5.5 min",
            "0 min",
            "5 min\u{301}",
            "é5m",
        ];
        for s in odd {
            let _ = line_timing(s);
            let _ = outline_timing(s, 0, None);
        }
        let mut deep = String::new();
        for i in 0..300 {
            deep.push_str(&" ".repeat(i));
            deep.push_str("- item (1 min)\n");
        }
        assert!(outline_timing(&deep, 0, None).total_minutes() > 0);
    }
}
