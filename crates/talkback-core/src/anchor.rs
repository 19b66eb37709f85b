//! Comments attached to a passage of the proposal, and finding that passage
//! again after the text changes.
//!
//! An [`Anchor`] remembers the selected text (the *quote*) with a little
//! context on each side, not a position: positions go stale the moment the
//! speaker edits anything above the passage. [`locate`] finds the passage in
//! the current text:
//!
//! 1. every exact occurrence of the quote is ranked by how well the text
//!    around it matches the stored context; an occurrence whose context is
//!    unchanged is [`Located::Exact`], otherwise the best one is
//!    [`Located::Moved`] if its context, or the quote's length, makes it
//!    trustworthy;
//! 2. failing that, the quote may have been edited slightly: candidates come
//!    from the unchanged context around it, from its unchanged first and last
//!    words, and (for quotes up to [`FUZZY_MAX_QUOTE_CHARS`]) from an
//!    approximate search; one within a 20 % edit distance is
//!    [`Located::Moved`];
//! 3. otherwise the passage is gone: [`Located::Detached`]. The comment is
//!    kept and shown apart; it is never pinned to an unrelated place.
//!
//! Ranges are byte ranges into the text, always on `char` boundaries.
//! Nothing here panics, whatever the anchor or text.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;
/// Longest quote kept, in characters; [`Anchor::new`] keeps the start of a
/// longer selection.
pub const QUOTE_MAX_CHARS: usize = 1000;
/// Longest quote the approximate search runs on over the whole text, in
/// characters (it costs quote length × text length). For longer quotes it
/// runs only around the places where pieces of the quote still occur.
pub const FUZZY_MAX_QUOTE_CHARS: usize = 256;

/// A remembered passage: its text and a little text on either side.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Anchor {
    /// The selected text.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters just before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after the quote.
    pub suffix: String,
    /// Which occurrence of the quote it is (0: the first) in the text the
    /// comment was made on, when the context was not kept: a compact speaker
    /// link carries this instead (see [`place`]). Such an anchor has no
    /// prefix or suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<u32>,
}

/// A comment on a passage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AnchoredComment {
    /// Where the comment belongs.
    pub anchor: Anchor,
    /// What the reviewer wrote.
    pub comment: String,
    /// Whom the comment is for; `None`: the rubric's default
    /// ([`crate::scoring::default_audience`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<crate::scoring::Audience>,
}

/// Where an anchor's passage is in the current text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Located {
    /// The quote, with its context unchanged (the range may have shifted
    /// because text was added or removed elsewhere).
    Exact(Range<usize>),
    /// Probably the passage, but its context or its wording changed: show
    /// the comment there with a note that the text has changed.
    Moved(Range<usize>),
    /// The passage is gone; show the comment apart.
    Detached,
}

impl Located {
    /// The range, unless detached.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Located::Exact(r) | Located::Moved(r) => Some(r.clone()),
            Located::Detached => None,
        }
    }
}

/// Moves `i` back to the nearest char boundary at or before it, within `text`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Moves `i` forward to the nearest char boundary at or after it, within `text`.
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The last `n` chars of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if n == 0 {
        &s[s.len()..]
    } else {
        &s[start..]
    }
}

/// The first `n` chars of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

impl Anchor {
    /// Remembers the passage at byte `range` of `text`.
    ///
    /// The range is clamped to the text and widened to char boundaries, and
    /// a reversed range is read as empty at its start. A quote longer than
    /// [`QUOTE_MAX_CHARS`] is cut to its start.
    ///
    /// ```
    /// use talkback_core::anchor::Anchor;
    /// let text = "We will profile a slow Django view together.";
    /// let start = text.find("slow").unwrap();
    /// let a = Anchor::new(text, start..start + "slow Django view".len());
    /// assert_eq!(a.quote, "slow Django view");
    /// assert_eq!(a.prefix, "We will profile a ");
    /// assert_eq!(a.suffix, " together.");
    /// ```
    pub fn new(text: &str, range: Range<usize>) -> Anchor {
        let start = floor_boundary(text, range.start);
        let end = ceil_boundary(text, range.end.max(start));
        let quote = first_chars(&text[start..end], QUOTE_MAX_CHARS);
        let end = start + quote.len();
        Anchor {
            quote: quote.to_owned(),
            prefix: last_chars(&text[..start], CONTEXT_CHARS).to_owned(),
            suffix: first_chars(&text[end..], CONTEXT_CHARS).to_owned(),
            occurrence: None,
        }
    }

    /// Which occurrence of the quote in `text` this anchor is, when
    /// [`Anchor::new`] on that occurrence gives exactly this anchor (same
    /// context): what a compact speaker link carries instead of the context.
    /// `None` when no occurrence has this context (the text changed since
    /// the comment was made), or the anchor has none to compare.
    ///
    /// ```
    /// use talkback_core::anchor::Anchor;
    /// let text = "Use a venv. Then use a venv for each project.";
    /// let second = text.rfind("a venv").unwrap();
    /// let anchor = Anchor::new(text, second..second + "a venv".len());
    /// assert_eq!(anchor.occurrence_in(text), Some(1));
    /// assert_eq!(anchor.occurrence_in("Use a venv."), None);
    /// ```
    pub fn occurrence_in(&self, text: &str) -> Option<u32> {
        if self.occurrence.is_some() {
            return None;
        }
        let len = self.quote.len();
        find_all(text, &self.quote, MAX_OCCURRENCES)
            .into_iter()
            .position(|s| Anchor::new(text, s..s + len) == *self)
            .and_then(|n| u32::try_from(n).ok())
    }
}

/// Places `anchor` in `text`. `reviewed`: the caller knows `text` is the text
/// the comment was made on (its hash is the link's proposal reference).
///
/// An anchor with context is [`locate`]d whatever `reviewed` says. An anchor
/// that carries only its [`occurrence`](Anchor::occurrence) (compact speaker
/// links) is [`Located::Exact`] only in the reviewed text, at that occurrence of
/// the quote. In any other text nothing says which occurrence is meant, so it is
/// at best [`Located::Moved`] (the passage may have changed): the same
/// occurrence if there is one, else the first, else an edited quote as
/// [`locate`] finds one; otherwise [`Located::Detached`].
///
/// ```
/// use talkback_core::anchor::{place, Anchor, Located};
/// let text = "Use a venv. Then use a venv for each project.";
/// let second = text.rfind("a venv").unwrap();
/// let mut anchor = Anchor::new(text, second..second + "a venv".len());
/// anchor.occurrence = anchor.occurrence_in(text);
/// (anchor.prefix, anchor.suffix) = (String::new(), String::new());
/// let at = second..second + "a venv".len();
/// assert_eq!(place(&anchor, text, true), Located::Exact(at.clone()));
/// assert_eq!(place(&anchor, text, false), Located::Moved(at));
/// assert_eq!(place(&anchor, "Use a venv.", false), Located::Moved(4..10));
/// assert_eq!(place(&anchor, "Use conda.", false), Located::Detached);
/// ```
pub fn place(anchor: &Anchor, text: &str, reviewed: bool) -> Located {
    let Some(n) = anchor.occurrence else {
        return locate(anchor, text);
    };
    let quote = anchor.quote.as_str();
    let limit = usize::try_from(n).map_or(MAX_OCCURRENCES, |n| n.saturating_add(1));
    let found = find_all(text, quote, limit.min(MAX_OCCURRENCES));
    let nth = usize::try_from(n).ok().and_then(|n| found.get(n));
    match (nth, found.first()) {
        (Some(&s), _) if reviewed => Located::Exact(s..s + quote.len()),
        (Some(&s), _) | (None, Some(&s)) => Located::Moved(s..s + quote.len()),
        (None, None) => {
            let qchars = quote.chars().count();
            fuzzy(anchor, text, qchars).map_or(Located::Detached, Located::Moved)
        }
    }
}

/// Finds `anchor`'s passage in `text`. See the [module docs](self) for how.
///
/// ```
/// use talkback_core::anchor::{locate, Anchor, Located};
/// let before = "Intro.\n\nThe demo uses a live API.\n\nOutro.";
/// let start = before.find("a live API").unwrap();
/// let anchor = Anchor::new(before, start..start + "a live API".len());
///
/// // Text added above: same passage, new position.
/// let after = format!("# Title\n\n{before}");
/// let at = after.find("a live API").unwrap();
/// assert_eq!(locate(&anchor, &after), Located::Exact(at..at + "a live API".len()));
///
/// // Passage removed: the comment is detached, not moved somewhere else.
/// assert_eq!(locate(&anchor, "Intro.\n\nOutro."), Located::Detached);
/// ```
pub fn locate(anchor: &Anchor, text: &str) -> Located {
    if anchor.occurrence.is_some() {
        return place(anchor, text, false);
    }
    let quote = anchor.quote.as_str();
    if quote.is_empty() {
        return Located::Detached;
    }
    let qchars = quote.chars().count();
    let has_context = !anchor.prefix.is_empty() || !anchor.suffix.is_empty();

    // 1. Exact occurrences of the quote.
    let occurrences = find_all(text, quote, MAX_OCCURRENCES);
    if !occurrences.is_empty() {
        if let Some(&start) = occurrences.iter().find(|&&s| {
            text[..s].ends_with(anchor.prefix.as_str())
                && text[s + quote.len()..].starts_with(anchor.suffix.as_str())
        }) {
            return Located::Exact(start..start + quote.len());
        }
        let (start, ctx) = best_by_context(anchor, text, &occurrences, quote.len());
        // A short quote alone could be any "the": only trust it in context.
        if ctx >= 0.5 || !has_context || qchars >= DISTINCTIVE_CHARS {
            return Located::Moved(start..start + quote.len());
        }
    }

    // 2. The quote itself was edited.
    fuzzy(anchor, text, qchars).map_or(Located::Detached, Located::Moved)
}

/// More exact occurrences than this are not examined.
const MAX_OCCURRENCES: usize = 4096;
/// Occurrences re-ranked with the slower edit-distance context measure.
const RERANK: usize = 16;
/// A quote this long is specific enough to trust without context.
const DISTINCTIVE_CHARS: usize = 24;
/// Candidate ranges examined by the fuzzy step.
const MAX_CANDIDATES: usize = 64;

/// Byte offsets of every (possibly overlapping) occurrence of `needle`.
fn find_all(text: &str, needle: &str, limit: usize) -> Vec<usize> {
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    let mut from = 0;
    while found.len() < limit {
        let Some(i) = text.get(from..).and_then(|rest| rest.find(needle)) else {
            break;
        };
        let at = from + i;
        found.push(at);
        // Step one char so overlapping occurrences are found too.
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Levenshtein distance in chars.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// 1.0 when equal, falling towards 0.0 as they differ.
#[allow(clippy::cast_precision_loss)] // lengths are at most a few thousand
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(&a, &b) as f64 / longest as f64
}

/// How well the text around `start..end` matches the anchor's context, 0–1.
///
/// Each side is compared with as many chars as were stored, and weighs as
/// much as it is long: a context cut short by the start or end of the text
/// says little.
#[allow(clippy::cast_precision_loss)] // lengths are at most CONTEXT_CHARS
fn context_score(anchor: &Anchor, text: &str, start: usize, end: usize) -> f64 {
    let p = anchor.prefix.chars().count();
    let s = anchor.suffix.chars().count();
    if p + s == 0 {
        return 1.0;
    }
    let before = last_chars(&text[..start], p);
    let after = first_chars(&text[end..], s);
    (similarity(&anchor.prefix, before) * p as f64 + similarity(&anchor.suffix, after) * s as f64)
        / (p + s) as f64
}

/// The occurrence whose surroundings best match the context, and its score.
///
/// A cheap score (chars matching outward from the quote) ranks them all; the
/// best few are re-ranked by edit distance, which tolerates small edits next
/// to the quote. Ties go to the earliest.
fn best_by_context(anchor: &Anchor, text: &str, occurrences: &[usize], len: usize) -> (usize, f64) {
    let mut ranked: Vec<(usize, usize)> = occurrences
        .iter()
        .map(|&s| {
            let cheap = common_suffix_chars(&anchor.prefix, &text[..s])
                + common_prefix_chars(&anchor.suffix, &text[s + len..]);
            (cheap, s)
        })
        .collect();
    // Stable sort: equal scores keep text order.
    crate::sort::sort_by_key(&mut ranked, |r| std::cmp::Reverse(r.0));
    let mut best = (occurrences[0], -1.0);
    for &(_, s) in ranked.iter().take(RERANK) {
        let score = context_score(anchor, text, s, s + len);
        let better = match score.total_cmp(&best.1) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => s < best.0,
            std::cmp::Ordering::Less => false,
        };
        if better {
            best = (s, score);
        }
    }
    best
}

/// Finds an edited version of the quote (step 2 of [`locate`]).
fn fuzzy(anchor: &Anchor, text: &str, qchars: usize) -> Option<Range<usize>> {
    // Up to one edit in five characters; short quotes need at least five.
    let max_distance = qchars / 5;
    if max_distance == 0 || text.is_empty() {
        return None;
    }
    let quote: Vec<char> = anchor.quote.chars().collect();
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();

    // Unchanged context on both sides brackets the edited quote.
    let starts: Vec<usize> = if anchor.prefix.is_empty() {
        vec![0]
    } else {
        find_all(text, &anchor.prefix, MAX_CANDIDATES)
            .into_iter()
            .map(|s| s + anchor.prefix.len())
            .collect()
    };
    let ends: Vec<usize> = if anchor.suffix.is_empty() {
        vec![text.len()]
    } else {
        find_all(text, &anchor.suffix, MAX_CANDIDATES)
    };
    for range in bracket(&starts, &ends) {
        let between: Vec<char> = text[range.clone()].chars().collect();
        // Far longer or shorter cannot be within the distance anyway.
        if between.len().abs_diff(qchars) <= max_distance {
            let distance = edit_distance(&quote, &between);
            if distance <= max_distance {
                found.push((range, distance));
            }
        }
    }
    if !found.is_empty() {
        // The context on both sides is intact: nothing can fit better.
        crate::sort::sort_by_key(&mut found, |(range, distance)| (*distance, range.start));
        return found.into_iter().next().map(|(range, _)| range);
    }

    // Approximate search, over the whole text for a short quote, or around
    // the places where pieces of a long quote still occur.
    if qchars <= FUZZY_MAX_QUOTE_CHARS {
        found.extend(approximate_matches(&quote, text, 0, max_distance));
    } else {
        for window in seed_windows(&anchor.quote, text) {
            let start = window.start;
            found.extend(approximate_matches(
                &quote,
                &text[window],
                start,
                max_distance,
            ));
        }
    }

    // Fewest edits first, then the best context, then the earliest.
    let (range, _, context) = found
        .into_iter()
        .map(|(range, distance)| {
            let context = context_score(anchor, text, range.start, range.end);
            (range, distance, context)
        })
        .min_by(|a, b| {
            a.1.cmp(&b.1)
                .then(b.2.total_cmp(&a.2))
                .then(a.0.start.cmp(&b.0.start))
        })?;
    // An edited short quote is only trusted where its context also fits.
    let has_context = !anchor.prefix.is_empty() || !anchor.suffix.is_empty();
    (qchars >= DISTINCTIVE_CHARS || !has_context || context >= 0.5).then_some(range)
}

/// For each start, the range to the nearest end at or after it.
fn bracket(starts: &[usize], ends: &[usize]) -> Vec<Range<usize>> {
    starts
        .iter()
        .filter_map(|&s| {
            let i = ends.partition_point(|&e| e < s);
            ends.get(i).map(|&e| s..e)
        })
        .collect()
}

/// Windows of `text` likely to hold an edited long quote: where pieces of
/// it still occur, the most pieces first.
fn seed_windows(quote: &str, text: &str) -> Vec<Range<usize>> {
    const PIECE_CHARS: usize = 16;
    const PER_PIECE: usize = 4;
    const WINDOWS: usize = 4;
    let offsets: Vec<usize> = quote
        .char_indices()
        .map(|(i, _)| i)
        .step_by(PIECE_CHARS)
        .collect();
    let mut estimates = Vec::new();
    for (k, &offset) in offsets.iter().enumerate() {
        let end = offsets.get(k + 1).copied().unwrap_or(quote.len());
        let piece = &quote[offset..end];
        if piece.chars().count() == PIECE_CHARS {
            estimates.extend(
                find_all(text, piece, PER_PIECE)
                    .into_iter()
                    .map(|p| p.saturating_sub(offset)),
            );
        }
    }
    crate::sort::sort(&mut estimates);
    // Group estimates of (about) the same start; a group's size is how many
    // pieces agree on it.
    let slack = quote.len() / 4 + 64;
    let mut groups: Vec<(usize, usize, usize)> = Vec::new(); // (first, last, size)
    for e in estimates {
        match groups.last_mut() {
            Some(g) if e <= g.1 + slack => {
                g.1 = e;
                g.2 += 1;
            }
            _ => groups.push((e, e, 1)),
        }
    }
    crate::sort::sort_by(&mut groups, |a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    groups
        .into_iter()
        .take(WINDOWS)
        .map(|(first, last, _)| {
            floor_boundary(text, first.saturating_sub(slack))
                ..ceil_boundary(text, last + quote.len() + slack)
        })
        .collect()
}

/// Ranges of `text` within `max_distance` edits of `quote` that are as close
/// as any, with their distance, offset by `base`.
///
/// Sellers' algorithm (edit distance with a free start and end) with
/// Ukkonen's cut-off: only rows that can still end within `max_distance`
/// are computed, so unrelated text costs about `max_distance` cells per
/// character rather than the quote's length.
fn approximate_matches(
    quote: &[char],
    text: &str,
    base: usize,
    max_distance: usize,
) -> Vec<(Range<usize>, usize)> {
    const FAR: u32 = u32::MAX / 2;
    let m = quote.len();
    let k = u32::try_from(max_distance).unwrap_or(FAR);
    // Cost and start (byte offset into `text`) of the best alignment of
    // quote[..i] ending at the current text position.
    let mut prev_cost: Vec<u32> = (0..=m).map(|i| u32::try_from(i).unwrap_or(FAR)).collect();
    let mut prev_start = vec![0usize; m + 1];
    let mut cur_cost = prev_cost.clone();
    let mut cur_start = prev_start.clone();
    // Last row whose cost may be within k.
    let mut last_active = max_distance.min(m);
    let mut best = k + 1;
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        cur_cost[0] = 0;
        cur_start[0] = next;
        let top = (last_active + 1).min(m);
        for i in 1..=top {
            let mut cost = prev_cost[i - 1] + u32::from(quote[i - 1] != c);
            let mut start = prev_start[i - 1];
            if cur_cost[i - 1] + 1 < cost {
                cost = cur_cost[i - 1] + 1;
                start = cur_start[i - 1];
            }
            if prev_cost[i] + 1 < cost {
                cost = prev_cost[i] + 1;
                start = prev_start[i];
            }
            cur_cost[i] = cost;
            cur_start[i] = start;
        }
        // The next column reads one row further; make sure it sees "far".
        if top < m {
            cur_cost[top + 1] = FAR;
        }
        last_active = top;
        while last_active > 0 && cur_cost[last_active] > k {
            last_active -= 1;
        }
        if last_active == m {
            let cost = cur_cost[m];
            if cost < best {
                best = cost;
                found.clear();
            }
            if cost == best && found.len() < MAX_CANDIDATES {
                found.push((base + cur_start[m]..base + next, cost as usize));
            }
        }
        std::mem::swap(&mut prev_cost, &mut cur_cost);
        std::mem::swap(&mut prev_start, &mut cur_start);
    }
    found
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn anchor_on(text: &str, quote: &str) -> Anchor {
        let start = text.find(quote).expect("quote in text");
        Anchor::new(text, start..start + quote.len())
    }

    fn at(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).expect("needle in text");
        start..start + needle.len()
    }

    const DRAFT: &str = "## Description\n\nThis talk shows how to profile a slow Django \
        view with py-spy and fix the three most common causes.\n\n## Outline\n\n\
        - 5 min: why views get slow\n- 10 min: profiling live\n- 10 min: fixes\n- 5 min: \
        questions\n";

    struct Case {
        name: &'static str,
        quote: &'static str,
        edit: fn(&str) -> String,
        expect: Expect,
    }

    enum Expect {
        Exact(&'static str),
        Moved(&'static str),
        Detached,
    }

    #[test]
    fn reattaches_after_edits() {
        let cases = [
            Case {
                name: "unchanged",
                quote: "profile a slow Django view",
                edit: str::to_owned,
                expect: Expect::Exact("profile a slow Django view"),
            },
            Case {
                name: "insertion before",
                quote: "profile a slow Django view",
                edit: |t| format!("# Faster Django\n\n{t}"),
                expect: Expect::Exact("profile a slow Django view"),
            },
            Case {
                name: "insertion after",
                quote: "profiling live",
                edit: |t| format!("{t}\n## Notes\n\nI have given this talk at a meetup.\n"),
                expect: Expect::Exact("profiling live"),
            },
            Case {
                name: "deletion elsewhere",
                quote: "fixes",
                edit: |t| t.replace("## Description\n\nThis talk shows", "It shows"),
                expect: Expect::Exact("fixes"),
            },
            Case {
                name: "context edited next to the quote",
                quote: "py-spy",
                edit: |t| t.replace("view with py-spy and fix", "view using py-spy, then fix"),
                expect: Expect::Moved("py-spy"),
            },
            Case {
                name: "quote edited slightly",
                quote: "the three most common causes",
                edit: |t| t.replace("most common causes", "most common cases"),
                expect: Expect::Moved("the three most common cases"),
            },
            Case {
                name: "quote edited slightly and moved",
                quote: "profile a slow Django view with py-spy",
                edit: |t| {
                    format!(
                        "Intro line.\n\n{}",
                        t.replace("profile a slow Django view", "profile a slow Django views")
                    )
                },
                expect: Expect::Moved("profile a slow Django views with py-spy"),
            },
            Case {
                name: "passage edited away",
                quote: "fix the three most common causes",
                edit: |t| t.replace(" and fix the three most common causes", ""),
                expect: Expect::Detached,
            },
            Case {
                name: "passage rewritten",
                quote: "10 min: profiling live",
                edit: |t| {
                    t.replace(
                        "10 min: profiling live",
                        "8 min: a recorded profiling session",
                    )
                },
                expect: Expect::Detached,
            },
            Case {
                name: "whole document replaced",
                quote: "profile a slow Django view",
                edit: |_| "A completely different proposal about Rust in embedded devices.".into(),
                expect: Expect::Detached,
            },
            Case {
                name: "everything deleted",
                quote: "slow",
                edit: |_| String::new(),
                expect: Expect::Detached,
            },
        ];
        for case in cases {
            let anchor = anchor_on(DRAFT, case.quote);
            let edited = (case.edit)(DRAFT);
            let want = match case.expect {
                Expect::Exact(s) => Located::Exact(at(&edited, s)),
                Expect::Moved(s) => Located::Moved(at(&edited, s)),
                Expect::Detached => Located::Detached,
            };
            assert_eq!(locate(&anchor, &edited), want, "{}", case.name);
        }
    }

    #[test]
    fn context_picks_the_right_one_of_two_occurrences() {
        let text = "First the demo runs locally. Later the demo runs on a phone, which is \
                    the risky part.";
        let second = |t: &str| {
            let s = t.match_indices("the demo").nth(1).unwrap().0;
            s..s + "the demo".len()
        };
        let anchor = Anchor::new(text, second(text));

        let edited = format!("Title: Demos\n\n{text}");
        assert_eq!(locate(&anchor, &edited), Located::Exact(second(&edited)));

        // The wording just before it changed: still the second one.
        let edited = text.replace("Later the demo", "Later on, the demo");
        assert_eq!(locate(&anchor, &edited), Located::Moved(second(&edited)));

        // The first one was removed: the remaining one is the right one.
        let edited = text.replace("First the demo runs locally. ", "");
        assert_eq!(
            locate(&anchor, &edited),
            Located::Moved(at(&edited, "the demo"))
        );
    }

    #[test]
    fn a_short_quote_is_not_pinned_elsewhere_when_its_passage_goes() {
        let text = "We use the API in part one.\n\nPart two is a deep dive into caching.";
        let anchor = anchor_on(text, "caching");
        let edited = "We use the API in part one, with some caching.\n\nPart two is gone.";
        // "caching" survives in an unrelated sentence: a short quote whose
        // context does not match is not trusted.
        assert_eq!(locate(&anchor, edited), Located::Detached);
        let anchor = anchor_on(text, "the");
        assert_eq!(
            locate(&anchor, "Something else about the weather."),
            Located::Detached
        );
    }

    #[test]
    fn works_with_multibyte_text() {
        let text = "Opis: pokażę, jak źle działa żółć 🐍 w Pythonie 🎤 i co z tym zrobić.";
        let anchor = anchor_on(text, "żółć 🐍");
        assert_eq!(anchor.prefix, "Opis: pokażę, jak źle działa ");
        let edited = format!("Tytuł: Węże 🐍🐍\n{text}");
        assert_eq!(
            locate(&anchor, &edited),
            Located::Exact(at(&edited, "żółć 🐍"))
        );

        let edited = text.replace("żółć 🐍 w", "żółć 🐍🐍 w");
        assert_eq!(
            locate(&anchor, &edited),
            Located::Moved(at(&edited, "żółć 🐍"))
        );

        let anchor = anchor_on(text, "jak źle działa żółć");
        let edited = text.replace("jak źle działa żółć", "jak źle działała żółć");
        assert_eq!(
            locate(&anchor, &edited),
            Located::Moved(at(&edited, "jak źle działała żółć"))
        );
    }

    #[test]
    fn new_snaps_ranges_to_char_boundaries() {
        let text = "ząb 🐍 end";
        // 1 is inside "ą", 6 inside "🐍".
        let a = Anchor::new(text, 2..6);
        assert_eq!(a.quote, "ąb 🐍");
        assert_eq!(a.prefix, "z");
        assert_eq!(a.suffix, " end");
        let a = Anchor::new(text, 50..60);
        assert_eq!((a.quote.as_str(), a.suffix.as_str()), ("", ""));
        #[allow(clippy::reversed_empty_ranges)] // a backwards selection, on purpose
        let a = Anchor::new(text, 5..1);
        assert_eq!(a.quote, "");
        assert_eq!(locate(&a, text), Located::Detached);
    }

    #[test]
    fn context_is_at_most_32_chars_each_side() {
        let text = format!("{}QUOTE{}", "ł".repeat(40), "é".repeat(40));
        let a = anchor_on(&text, "QUOTE");
        assert_eq!(a.prefix, "ł".repeat(CONTEXT_CHARS));
        assert_eq!(a.suffix, "é".repeat(CONTEXT_CHARS));
    }

    #[test]
    fn long_selections_keep_their_start() {
        let text = "x".repeat(QUOTE_MAX_CHARS + 100);
        let a = Anchor::new(&text, 0..text.len());
        assert_eq!(a.quote.chars().count(), QUOTE_MAX_CHARS);
        assert_eq!(a.suffix.chars().count(), CONTEXT_CHARS);
    }

    #[test]
    fn a_long_quote_edited_in_the_middle_is_found() {
        let para = "In the second part we build a small profiler step by step, starting \
                    from sys.setprofile and ending with a sampling profiler that reads \
                    frames from another thread, then compare it with py-spy on a real view. \
                    We finish with a checklist you can take back to work on Monday morning.";
        let text = format!("Intro.\n\n{para}\n\nOutro.");
        let anchor = anchor_on(&text, para);
        let edited_para = para.replace("small profiler", "tiny profiler");
        let edited = format!("New intro paragraph.\n\n{edited_para}\n\nOutro.");
        assert_eq!(
            locate(&anchor, &edited),
            Located::Moved(at(&edited, &edited_para))
        );
    }

    #[test]
    fn fast_enough_on_a_10kb_text() {
        let words = [
            "python", "profile", "ząb", "🐍", "the", "view", "demo", "talk",
        ];
        let mut text = String::new();
        let mut state = 7u64;
        while text.len() < 10_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let i = usize::try_from(state >> 33).unwrap_or(0);
            text.push_str(words[i % words.len()]);
            text.push(if i % 13 == 0 { '\n' } else { ' ' });
        }
        let start = floor_boundary(&text, 5000);
        let end = floor_boundary(&text, 5200);
        let anchor = Anchor::new(&text, start..end);
        let edited = format!(
            "{}{}",
            &text[..floor_boundary(&text, start + 20)],
            &text[floor_boundary(&text, start + 40)..]
        );
        let long = Anchor::new(&text, floor_boundary(&text, 2000)..text.len());
        assert_eq!(long.quote.chars().count(), QUOTE_MAX_CHARS);
        let long_start = floor_boundary(&text, 2000 + 500);
        let edited_long = format!(
            "{}{}",
            &text[..long_start],
            &text[floor_boundary(&text, long_start + 30)..]
        );
        let t0 = std::time::Instant::now();
        for _ in 0..10 {
            assert!(matches!(locate(&anchor, &edited), Located::Moved(_)));
            assert!(matches!(locate(&long, &edited_long), Located::Moved(_)));
            assert_eq!(locate(&anchor, "nothing like it at all"), Located::Detached);
        }
        // Generous, for slow CI machines in debug builds.
        assert!(t0.elapsed().as_secs_f64() < 5.0, "{:?}", t0.elapsed());
    }

    proptest! {
        #[test]
        fn an_unchanged_text_gives_back_the_same_range(
            text in "[a-cą🐍 ]{0,60}",
            a in 0usize..80,
            b in 0usize..80,
        ) {
            let anchor = Anchor::new(&text, a.min(b)..a.max(b));
            let located = locate(&anchor, &text);
            if anchor.quote.is_empty() {
                prop_assert_eq!(located, Located::Detached);
            } else {
                let r = located.range().unwrap();
                prop_assert_eq!(&text[r], anchor.quote.as_str());
                prop_assert!(matches!(located, Located::Exact(_)));
            }
        }

        #[test]
        fn edits_away_from_the_passage_keep_it_exact(
            before in "[a-zł🐍 .\n]{0,60}",
            quote in "[a-zł🐍 ]{1,20}",
            after in "[a-zł🐍 .\n]{0,60}",
            added_front in "[a-zł🐍 .\n]{0,40}",
            added_back in "[a-zł🐍 .\n]{0,40}",
        ) {
            let text = format!("{before}{quote}{after}");
            let anchor = Anchor::new(&text, before.len()..before.len() + quote.len());
            let edited = format!("{added_front}{text}{added_back}");
            let located = locate(&anchor, &edited);
            prop_assert!(matches!(located, Located::Exact(_)), "{:?}", located);
            let r = located.range().unwrap();
            prop_assert_eq!(&edited[r], quote.as_str());
        }

        #[test]
        fn never_panics_and_ranges_are_valid(
            text in "[a-cą🐍 \n]{0,80}",
            quote in "[a-cą🐍 ]{0,12}",
            prefix in "[a-cą🐍 ]{0,8}",
            suffix in "[a-cą🐍 ]{0,8}",
        ) {
            let anchor = Anchor { quote, prefix, suffix, occurrence: None };
            if let Some(r) = locate(&anchor, &text).range() {
                prop_assert!(r.start <= r.end && r.end <= text.len());
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
        }
    }
}
