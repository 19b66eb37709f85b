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

mod line;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use self::line::content_start;
pub use self::line::line_timing;

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
