//! Mentoring rounds: what changed between the text a reviewer saw and the
//! speaker's revision, the short "delta" form of a revision, and the thread of
//! frozen rounds (draft → feedback → revision → feedback) kept per proposal.
//!
//! The diff is word-level: the text is cut into words, runs of white space and
//! single other characters, and Myers' O((N+M)·D) algorithm finds the fewest
//! words removed and added (after the common start and end are set aside). It is
//! written here rather than taken from a diff crate: the one tried before
//! (`dissimilar`) cost about 12.5 KB of wasm, and the page has no such room.
//!
//! A [`Delta`] is the revision as edits against the base: keep so many bytes of
//! the base, drop so many, insert this text. It is applied only to the base whose
//! hash the revision names, and the rebuilt text must have the revision's own hash;
//! otherwise [`RevisionError`] says plainly to ask for the full link or the file.

#![allow(clippy::many_single_char_names)] // a, b, n, m, x, y, d: the algorithm's own names

use serde::{Deserialize, Serialize};

use crate::link::content_hash;

/// A content hash: the first 16 bytes of SHA-256 of a text (see
/// [`crate::link::content_hash`]).
pub type Hash = [u8; 16];

/// A hash as serde reads `[u8; 16]` (a tuple of 16 bytes: the same wire), by one loop:
/// serde's own array visitor is written out for each of the 16 elements (~1 KB of wasm,
/// in every build that reads a link). For `#[serde(deserialize_with = …)]`.
pub(crate) mod hash_serde {
    use super::Hash;
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};
    use serde::Deserialize;

    struct Bytes16;

    impl<'de> Visitor<'de> for Bytes16 {
        type Value = Hash;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("16 bytes")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Hash, A::Error> {
            let mut hash = [0; 16];
            for (i, byte) in hash.iter_mut().enumerate() {
                *byte = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(i, &self))?;
            }
            Ok(hash)
        }
    }

    /// A hash.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
        d.deserialize_tuple(16, Bytes16)
    }

    /// A hash or none.
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Hash>, D::Error> {
        struct Some16(Hash);
        impl<'de> Deserialize<'de> for Some16 {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize(d).map(Some16)
            }
        }
        Ok(Option::<Some16>::deserialize(d)?.map(|h| h.0))
    }
}

/// The longest revised text a delta may rebuild (as a link's body may hold).
pub const MAX_TEXT_BYTES: usize = crate::link::MAX_BODY_BYTES;

/// Past this many differing words the diff stops looking for the fewest and
/// reports the rest of the middle as removed and added (still exact, less fine).
const MAX_EDIT_DISTANCE: usize = 1000;

/// One piece of a word diff, in the revised text's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text in both versions.
    Same(String),
    /// Text only in the base (what the reviewer saw).
    Removed(String),
    /// Text only in the revision.
    Added(String),
}

/// Cuts `text` into words (letters and digits), runs of white space, and single
/// other characters. The pieces join back to `text`.
fn tokens(text: &str) -> Vec<&str> {
    let class = |c: char| {
        if c.is_alphanumeric() {
            1
        } else if c.is_whitespace() {
            2
        } else {
            3
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut last = 0;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if i > start && (k != last || k == 3) {
            out.push(&text[start..i]);
            start = i;
        }
        last = k;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// One step of an edit script over tokens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Same,
    Removed,
    Added,
}

/// The shortest edit script from `a` to `b` (Myers), or `None` past
/// [`MAX_EDIT_DISTANCE`]. Diagonal `k = x - y` is kept at index `k + off`.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Step>> {
    let (n, m) = (a.len(), b.len());
    let max = n + m;
    let off = max + 1;
    let mut v = vec![0usize; 2 * max + 3];
    // trace[d] holds the diagonals off-d-1 ..= off+d+1 of v as they were before round d.
    let mut trace: Vec<Vec<usize>> = Vec::new();
    for d in 0..=max.min(MAX_EDIT_DISTANCE) {
        trace.push(v[off - d - 1..=off + d + 1].to_vec());
        for i in (off - d..=off + d).step_by(2) {
            let down = i == off - d || (i != off + d && v[i - 1] < v[i + 1]);
            let mut x = if down { v[i + 1] } else { v[i - 1] + 1 };
            let mut y = (x + off).checked_sub(i)?;
            while x < n && y < m && a[x] == b[y] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x == n && y == m {
                return Some(backtrack(&trace, n, m, off));
            }
        }
    }
    None
}

fn backtrack(trace: &[Vec<usize>], n: usize, m: usize, off: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        if d == 0 {
            // Only the first diagonal run is left (x == y).
            steps.extend(std::iter::repeat_n(Step::Same, x));
            break;
        }
        let at = |i: usize| v[i + d + 1 - off];
        let i = x + off - y;
        let prev = if i == off - d || (i != off + d && at(i - 1) < at(i + 1)) {
            i + 1
        } else {
            i - 1
        };
        let prev_x = at(prev);
        let prev_y = prev_x + off - prev;
        while x > prev_x && y > prev_y {
            steps.push(Step::Same);
            x -= 1;
            y -= 1;
        }
        steps.push(if x == prev_x {
            Step::Added
        } else {
            Step::Removed
        });
        x = prev_x;
        y = prev_y;
    }
    steps.reverse();
    steps
}

/// How many leading and trailing elements `a` and `b` share (the two never overlap): the
/// part of an edit that did not change.
///
/// ```
/// use talkback_core::revision::common_ends;
/// assert_eq!(common_ends(b"one two six", b"one three six"), (5, 4));
/// assert_eq!(common_ends(b"aaa", b"aa"), (2, 0));
/// ```
pub fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (head, tail)
}

/// The word-level difference between `base` and `revised`: pieces that join
/// (without [`Piece::Removed`]) to `revised`, and (without [`Piece::Added`]) to
/// `base`. Neighbouring pieces of the same sort are merged; removals come before
/// additions at the same place.
///
/// ```
/// use talkback_core::revision::{diff, Piece};
/// let pieces = diff("We profile a slow suite.", "We profile a slow test suite.");
/// assert_eq!(pieces, vec![
///     Piece::Same("We profile a slow ".into()),
///     Piece::Added("test ".into()),
///     Piece::Same("suite.".into()),
/// ]);
/// ```
pub fn diff(base: &str, revised: &str) -> Vec<Piece> {
    let a = tokens(base);
    let b = tokens(revised);
    let (head, tail) = common_ends(&a, &b);
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let middle = myers(ma, mb).unwrap_or_else(|| {
        let mut steps = vec![Step::Removed; ma.len()];
        steps.extend(vec![Step::Added; mb.len()]);
        steps
    });
    let mut steps = vec![Step::Same; head];
    steps.extend(middle);
    steps.extend(vec![Step::Same; tail]);

    let mut out: Vec<Piece> = Vec::new();
    let (mut i, mut j) = (0, 0);
    // Removed and added text between two runs of the same text.
    let (mut removed, mut added) = (String::new(), String::new());
    let flush = |out: &mut Vec<Piece>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Piece::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            out.push(Piece::Added(std::mem::take(added)));
        }
    };
    for step in steps {
        match step {
            Step::Same => {
                flush(&mut out, &mut removed, &mut added);
                match out.last_mut() {
                    Some(Piece::Same(s)) => s.push_str(a[i]),
                    _ => out.push(Piece::Same(a[i].to_owned())),
                }
                i += 1;
                j += 1;
            }
            Step::Removed => {
                removed.push_str(a[i]);
                i += 1;
            }
            Step::Added => {
                added.push_str(b[j]);
                j += 1;
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

/// Whether the diff changed anything in `range` (byte offsets into the base): text
/// removed from it, or added strictly inside it. A passage comment whose quote lies in
/// an untouched range is about text that did not change.
///
/// ```
/// use talkback_core::revision::{diff, touches};
/// let pieces = diff("keep this. change that.", "keep this. changed that.");
/// assert!(!touches(&pieces, 0..9));
/// assert!(touches(&pieces, 11..17));
/// ```
pub fn touches(pieces: &[Piece], range: std::ops::Range<usize>) -> bool {
    let mut at = 0;
    for piece in pieces {
        match piece {
            Piece::Same(s) => at += s.len(),
            Piece::Removed(s) => {
                if at < range.end && range.start < at + s.len() {
                    return true;
                }
                at += s.len();
            }
            Piece::Added(_) => {
                if range.start < at && at < range.end {
                    return true;
                }
            }
        }
    }
    false
}

/// Which of `anchors` (by index) are about a passage of `base` the diff `pieces`
/// changed, or one gone from it: the comments round 2 flags.
pub fn changed_anchors(
    base: &str,
    pieces: &[Piece],
    anchors: &[crate::anchor::Anchor],
) -> Vec<usize> {
    use crate::anchor::{locate, Located};
    anchors
        .iter()
        .enumerate()
        .filter(|(_, a)| match locate(a, base) {
            Located::Exact(r) | Located::Moved(r) => touches(pieces, r),
            Located::Detached => false,
        })
        .map(|(i, _)| i)
        .collect()
}

/// One edit of a [`Delta`]: copy `keep` bytes of the base, skip `drop` bytes,
/// then write `insert`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// Bytes of the base kept as they are.
    pub keep: u32,
    /// Bytes of the base left out after them.
    pub drop: u32,
    /// Text written after them.
    pub insert: String,
}

/// A revision as edits against the base it names; whatever of the base follows
/// the last edit is kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Delta {
    /// The hash of the text the edits apply to (what the reviewer saw).
    #[serde(deserialize_with = "hash_serde::deserialize")]
    pub base: Hash,
    /// The hash of the text they rebuild (the revision).
    #[serde(deserialize_with = "hash_serde::deserialize")]
    pub result: Hash,
    /// The edits, in order.
    pub edits: Vec<Edit>,
}

/// Why a revision could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionError {
    /// The delta names a base this reviewer does not have (or no base at all).
    WrongBase,
    /// The delta applied, but the text it rebuilt is not the speaker's.
    WrongHash,
}

impl RevisionError {
    /// Plain words for the page; `reviewed_on` is the date of the round the
    /// reviewer reviewed, when known. Both errors say the same thing: the way
    /// out is the same.
    ///
    /// ```
    /// use talkback_core::revision::RevisionError;
    /// assert_eq!(
    ///     RevisionError::WrongBase.message(Some("2026-12-01")),
    ///     "This revision needs the version you reviewed on 2026-12-01; ask for the full link or the file."
    /// );
    /// ```
    pub fn message(self, reviewed_on: Option<&str>) -> String {
        let on = reviewed_on
            .map(|d| [" on ", d].concat())
            .unwrap_or_default();
        [
            "This revision needs the version you reviewed",
            &on,
            "; ask for the full link or the file.",
        ]
        .concat()
    }
}

/// The edits that turn `base` into `revised`.
///
/// ```
/// use talkback_core::revision::{apply, delta};
/// let base = "Outline: intro, profiling, fixes.";
/// let new = "Outline: intro (5 min), profiling, fixes.";
/// assert_eq!(apply(base, &delta(base, new)).as_deref(), Ok(new));
/// ```
pub fn delta(base: &str, revised: &str) -> Delta {
    let mut edits = Vec::new();
    let mut edit = Edit {
        keep: 0,
        drop: 0,
        insert: String::new(),
    };
    let len = |s: &String| u32::try_from(s.len()).unwrap_or(u32::MAX);
    for piece in diff(base, revised) {
        match piece {
            Piece::Same(s) => {
                if edit.drop > 0 || !edit.insert.is_empty() {
                    edits.push(std::mem::replace(
                        &mut edit,
                        Edit {
                            keep: 0,
                            drop: 0,
                            insert: String::new(),
                        },
                    ));
                }
                edit.keep += len(&s);
            }
            Piece::Removed(s) => edit.drop += len(&s),
            Piece::Added(s) => edit.insert.push_str(&s),
        }
    }
    if edit.drop > 0 || !edit.insert.is_empty() {
        edits.push(edit);
    }
    Delta {
        base: content_hash(base),
        result: content_hash(revised),
        edits,
    }
}

/// Rebuilds the revision from `base`.
///
/// # Errors
/// [`RevisionError::WrongBase`] when `base` is not the text the delta names;
/// [`RevisionError::WrongHash`] when the edits do not fit it or rebuild a text
/// other than the one the delta names (a damaged or forged link). Never panics.
pub fn apply(base: &str, delta: &Delta) -> Result<String, RevisionError> {
    if content_hash(base) != delta.base {
        return Err(RevisionError::WrongBase);
    }
    let mut out = String::new();
    let mut rest = base;
    for e in &delta.edits {
        let keep = e.keep as usize;
        let drop = e.drop as usize;
        let kept = rest.get(..keep).ok_or(RevisionError::WrongHash)?;
        rest = rest
            .get(keep..)
            .and_then(|r| r.get(drop..))
            .ok_or(RevisionError::WrongHash)?;
        if out.len() + kept.len() + e.insert.len() > MAX_TEXT_BYTES {
            return Err(RevisionError::WrongHash);
        }
        out.push_str(kept);
        out.push_str(&e.insert);
    }
    out.push_str(rest);
    if out.len() > MAX_TEXT_BYTES || content_hash(&out) != delta.result {
        return Err(RevisionError::WrongHash);
    }
    Ok(out)
}

/// What a round of a mentoring thread was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// The speaker's draft, sent for feedback.
    Draft,
    /// A reviewer's feedback on the text before it.
    Feedback,
    /// The speaker's revision, answering the feedback.
    Revision,
}

/// One round, frozen: the exact text that was sent or received (none for
/// feedback), its hash and its date. A round never changes once kept; the
/// working copy beside it may.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Round {
    /// What the round was.
    pub stage: Stage,
    /// The date it was sent or received, as the page gives it (`2026-12-04`).
    pub date: String,
    /// The hash of the text of the proposal the round is about.
    #[serde(deserialize_with = "hash_serde::deserialize")]
    pub hash: Hash,
    /// The text as sent or received (drafts and revisions).
    pub text: Option<String>,
    /// The link or file payload of the round (feedback: the review), if kept.
    pub payload: Option<String>,
    /// A draft's questions for the reviewer.
    pub questions: Vec<String>,
}

/// Every round of one proposal, oldest first: draft → feedback → revision →
/// feedback…
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Thread {
    /// The rounds, oldest first.
    pub rounds: Vec<Round>,
}

impl Thread {
    /// Keeps a round whose text is `text` (for a draft or a revision).
    pub fn freeze_text(&mut self, stage: Stage, text: &str, date: &str) {
        self.rounds.push(Round {
            stage,
            date: date.to_owned(),
            hash: content_hash(text),
            text: Some(text.to_owned()),
            payload: None,
            questions: Vec::new(),
        });
    }

    /// Keeps a feedback round about the text whose hash is `hash`.
    pub fn freeze_feedback(&mut self, hash: Hash, payload: &str, date: &str) {
        self.rounds.push(Round {
            stage: Stage::Feedback,
            date: date.to_owned(),
            hash,
            text: None,
            payload: Some(payload.to_owned()),
            questions: Vec::new(),
        });
    }

    /// The thread as text for the page's storage: postcard in base64url (the link
    /// codec's own pieces, so it costs the page almost nothing).
    pub fn to_text(&self) -> String {
        crate::link::base64url_encode(&postcard::to_allocvec(self).unwrap_or_default())
    }

    /// A thread read back from [`Thread::to_text`]; `None` if damaged.
    pub fn from_text(text: &str) -> Option<Thread> {
        let bytes = crate::link::base64url_decode(text).ok()?;
        let (thread, rest) = postcard::take_from_bytes(&bytes).ok()?;
        rest.is_empty().then_some(thread)
    }

    /// The latest frozen text: what the next round is measured against.
    pub fn base(&self) -> Option<&Round> {
        self.rounds.iter().rev().find(|r| r.text.is_some())
    }

    /// The frozen round holding the text whose hash is `hash`, if kept.
    pub fn text_for(&self, hash: &Hash) -> Option<&str> {
        self.rounds
            .iter()
            .rev()
            .filter(|r| &r.hash == hash)
            .find_map(|r| r.text.as_deref())
    }

    /// The date of the latest feedback round, for [`RevisionError::message`].
    pub fn reviewed_on(&self) -> Option<&str> {
        self.rounds
            .iter()
            .rev()
            .find(|r| r.stage == Stage::Feedback)
            .map(|r| r.date.as_str())
    }

    /// The questions of the latest draft that asked any (none: empty).
    pub fn questions(&self) -> &[String] {
        self.rounds
            .iter()
            .rev()
            .find(|r| r.stage == Stage::Draft && !r.questions.is_empty())
            .map_or(&[], |r| r.questions.as_slice())
    }

    /// The latest revision and the text it revised (the frozen text before it that
    /// differs): what round 2 marks as changed, whatever the working copy became.
    pub fn last_change(&self) -> Option<(&str, &str)> {
        let at = self
            .rounds
            .iter()
            .rposition(|r| r.stage == Stage::Revision && r.text.is_some())?;
        let revised = self.rounds.get(at)?;
        let base = self
            .rounds
            .get(..at)?
            .iter()
            .rev()
            .find_map(|r| r.text.as_deref().filter(|_| r.hash != revised.hash))?;
        Some((base, revised.text.as_deref()?))
    }

    /// The timeline, oldest first: what each round was and its date.
    pub fn timeline(&self) -> Vec<String> {
        self.rounds
            .iter()
            .map(|r| {
                let what = match r.stage {
                    Stage::Draft => "Draft",
                    Stage::Feedback => "Feedback",
                    Stage::Revision => "Revision",
                };
                [what, " · ", &r.date].concat()
            })
            .collect()
    }

    /// Rebuilds `delta` against the frozen base it names and keeps the result
    /// as a revision round dated `date`; returns the revised text.
    ///
    /// # Errors
    /// As [`apply`]; no round is kept then.
    pub fn receive_delta(&mut self, delta: &Delta, date: &str) -> Result<String, RevisionError> {
        let base = self.text_for(&delta.base).ok_or(RevisionError::WrongBase)?;
        let text = apply(base, delta)?;
        self.freeze_text(Stage::Revision, &text, date);
        Ok(text)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn join(pieces: &[Piece], keep_added: bool) -> String {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Same(s) => Some(s.as_str()),
                Piece::Added(s) if keep_added => Some(s.as_str()),
                Piece::Removed(s) if !keep_added => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_edited_paragraph_shows_only_its_changed_words() {
        let base = "# Fast tests\n\nWe profile a slow suite.\n\nThen we fix it.";
        let new = "# Fast tests\n\nWe profile a real, slow suite together.\n\nThen we fix it.";
        let pieces = diff(base, new);
        let added: Vec<&Piece> = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Added(_)))
            .collect();
        assert_eq!(
            added,
            [
                &Piece::Added("real, ".into()),
                &Piece::Added(" together".into())
            ]
        );
        assert!(!pieces.iter().any(|p| matches!(p, Piece::Removed(_))));
    }

    #[test]
    fn a_replaced_word_is_removed_then_added() {
        assert_eq!(
            diff("a 30 minute talk", "a 45 minute talk"),
            vec![
                Piece::Same("a ".into()),
                Piece::Removed("30".into()),
                Piece::Added("45".into()),
                Piece::Same(" minute talk".into()),
            ]
        );
        assert_eq!(diff("", ""), vec![]);
        assert_eq!(diff("", "new"), vec![Piece::Added("new".into())]);
    }

    #[test]
    fn a_delta_for_a_one_paragraph_edit_is_small() {
        let para = "We profile a slow suite and fix what we find. ".repeat(40);
        let base = format!("{para}\n\nMiddle paragraph.\n\n{para}");
        let new = base.replace("Middle paragraph.", "Middle paragraph, now with timings.");
        let d = delta(&base, &new);
        assert_eq!(d.edits.len(), 1);
        assert_eq!(d.edits[0].insert, ", now with timings");
        assert_eq!(apply(&base, &d), Ok(new));
    }

    #[test]
    fn a_delta_on_the_wrong_base_or_to_the_wrong_text_is_refused() {
        let base = "Outline: intro, profiling, fixes.";
        let new = "Outline: intro, profiling, fixes, questions.";
        let d = delta(base, new);
        assert_eq!(
            apply("Outline: intro, fixes.", &d),
            Err(RevisionError::WrongBase)
        );
        let mut forged = d.clone();
        forged.edits[0].insert = ", lunch".into();
        assert_eq!(apply(base, &forged), Err(RevisionError::WrongHash));
        let mut out_of_range = d.clone();
        out_of_range.edits[0].keep = 10_000;
        assert_eq!(apply(base, &out_of_range), Err(RevisionError::WrongHash));
        // Cutting through a character is refused, not a panic.
        let d = delta("é", "ée");
        let mut split = d.clone();
        split.edits[0].keep = 1;
        assert_eq!(apply("é", &split), Err(RevisionError::WrongHash));
        assert!(RevisionError::WrongHash
            .message(None)
            .contains("ask for the full link or the file"));
    }

    #[test]
    fn a_thread_keeps_its_frozen_base_while_the_working_copy_changes() {
        let mut thread = Thread::default();
        let sent = "# Talk\n\nDraft text.";
        thread.freeze_text(Stage::Draft, sent, "2026-12-01");
        thread.freeze_feedback(content_hash(sent), "AgG", "2026-12-02");
        let revised = "# Talk\n\nRevised text.";
        let d = delta(sent, revised);
        assert_eq!(
            thread.receive_delta(&d, "2026-12-03").as_deref(),
            Ok(revised)
        );
        let stages: Vec<Stage> = thread.rounds.iter().map(|r| r.stage).collect();
        assert_eq!(stages, [Stage::Draft, Stage::Feedback, Stage::Revision]);
        assert_eq!(thread.base().unwrap().text.as_deref(), Some(revised));
        // A delta against a text this thread never froze: the plain message.
        let other = delta("Something else.", "Something new.");
        let err = thread.receive_delta(&other, "2026-12-04").unwrap_err();
        assert_eq!(
            err.message(thread.reviewed_on()),
            "This revision needs the version you reviewed on 2026-12-02; ask for the full link or the file."
        );
        assert_eq!(thread.rounds.len(), 3);
        assert_eq!(Thread::from_text(&thread.to_text()), Some(thread));
        assert_eq!(Thread::from_text("{"), None);
        assert_eq!(Thread::from_text("AAAA"), None);
    }

    #[test]
    fn a_very_different_text_still_diffs_exactly() {
        let base = "a1 a2 a3 ".repeat(1700);
        let new = "b1 b2 b3 ".repeat(1700);
        let pieces = diff(&base, &new);
        assert_eq!(join(&pieces, false), base);
        assert_eq!(join(&pieces, true), new);
    }

    #[test]
    fn the_thread_reads_as_a_dated_timeline_with_its_questions_and_last_change() {
        let draft = "# Talk\n\nWe read a flame graph.\n\nWe fix it.";
        let revised = "# Talk\n\nWe read a flame graph first.\n\nWe fix it.";
        let mut thread = Thread::default();
        assert_eq!(thread.last_change(), None);
        assert!(thread.questions().is_empty());
        thread.freeze_text(Stage::Draft, draft, "2026-12-01");
        thread.rounds[0].questions = vec!["Too packed?".to_owned()];
        thread.freeze_feedback(content_hash(draft), "payload", "2026-12-02");
        assert_eq!(thread.last_change(), None, "no revision yet");
        thread.freeze_text(Stage::Revision, revised, "2026-12-03");
        assert_eq!(
            thread.timeline(),
            [
                "Draft · 2026-12-01",
                "Feedback · 2026-12-02",
                "Revision · 2026-12-03"
            ]
        );
        assert_eq!(thread.questions(), ["Too packed?"]);
        assert_eq!(thread.last_change(), Some((draft, revised)));
        // A second feedback and a second revision: the change is the latest one.
        let third = revised.replace("We fix it.", "We fix it together.");
        thread.freeze_feedback(content_hash(revised), "p2", "2026-12-04");
        thread.freeze_text(Stage::Revision, &third, "2026-12-05");
        assert_eq!(thread.last_change(), Some((revised, third.as_str())));
    }

    #[test]
    fn round_two_flags_the_comments_whose_passage_changed() {
        use crate::anchor::Anchor;
        let quote = |q: &str| Anchor {
            quote: q.to_owned(),
            prefix: String::new(),
            suffix: String::new(),
            occurrence: None,
        };
        let base = "We profile a slow suite. Then we fix it. Questions at the end.";
        let new = "We profile a real, slow suite. Then we fix it. Questions at the end.";
        let anchors = [
            quote("Then we fix it."),
            quote("a slow suite"),
            quote("not there"),
        ];
        assert_eq!(changed_anchors(base, &diff(base, new), &anchors), [1]);
        assert!(changed_anchors(base, &diff(base, base), &anchors).is_empty());
    }

    proptest! {
        #[test]
        fn diff_joins_back_to_both_texts(
            base in "[ab ,.\n\u{e9}]{0,60}",
            new in "[ab ,.\n\u{e9}]{0,60}",
        ) {
            let pieces = diff(&base, &new);
            prop_assert_eq!(join(&pieces, false), base);
            prop_assert_eq!(join(&pieces, true), new);
        }

        #[test]
        fn a_delta_rebuilds_the_revision(
            base in "(word |other |\u{1f3a4} |\n)*",
            new in "(word |other |\u{1f3a4} |\n|new )*",
        ) {
            let d = delta(&base, &new);
            prop_assert_eq!(apply(&base, &d), Ok(new));
        }
    }
}
