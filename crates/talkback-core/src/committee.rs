//! The committee view: many reviews of many proposals, pasted as links,
//! turned into one summary per proposal for the chair.
//!
//! The flow is [`extract_links`] (find every feedback link in pasted text:
//! an e-mail thread, a chat log) → [`summarise_text`] (decode them, drop
//! duplicates, list the bad ones with their reason, and [`summarise`] the
//! good ones) → the exports: [`author_markdown`] for the speaker,
//! [`table_csv`] and [`table_json`] for the committee, and [`combine`] for
//! one combined feedback link.
//!
//! # Groups
//!
//! Reviews are grouped by proposal and by rubric, never mixed silently:
//!
//! - the proposal is recognised by its [`fingerprint`], a 64-bit FNV-1a hash
//!   of the shared (anonymised) proposal text with runs of whitespace made
//!   one space, shown as a short code such as `3F9A-12C4`. Links carry no
//!   proposal id today; reviews without the proposal share one group per
//!   rubric, "proposal not included", with a warning.
//! - the rubric by [`RubricKey`]: a preset's id and version, or a hash of a
//!   custom rubric's content.
//!
//! Two fingerprints under the same title (two versions of one proposal) and
//! one proposal under two rubrics each give a [`Warning`].
//!
//! # Statistics
//!
//! Everything is computed on a criterion's points (its scale's points:
//! vote 3 / 1 / −1 / −3, check 2 / 1 / 0, yes/no 1 / 0, ordinal values),
//! over answered criteria only: `n` counts the reviewers who answered. The
//! standard deviation is the **population** one (divide by `n`): the
//! reviewers are all the opinions being summarised, not a sample of some
//! larger set, and one review gives 0 rather than no value. The median of an
//! even count is the mean of the middle two.
//!
//! A criterion shows **disagreement** when at least two reviewers answered
//! and either the spread (max − min) is at least half the scale's range, or
//! the standard deviation is at least [`SD_THRESHOLD`] × the range. On short
//! scales (1–5, votes) the spread rule decides, since a population standard
//! deviation is never more than half the spread; on long scales the second
//! rule also catches a steady split, such as 2, 6, 2, 6 on 0–9.
//!
//! # Reviewer letters
//!
//! Within a group, reviewers are shown as Reviewer A, B, C… ordered by a
//! hash of their review's content: the same reviews always get the same
//! letters, whatever order the links were pasted in, and the letters say
//! nothing about who sent what. Letters are per group, so one person
//! reviewing two proposals is not linked across them.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::ops::Range;

use super::anchor::AnchoredComment;
use super::json::Value;
use super::link::{self, ErrorKind, LinkError, LinkKind, Opened, SharedReview};
use super::proposal;
use super::rubric::{Rubric, RubricRef, Scale};
use super::scoring::{
    pycon_score, score, Review, ReviewError, Score, Vote, ANCHOR_COMMENT_MAX_CHARS,
    AUTHOR_COMMENT_MAX_CHARS, MAX_ANCHORS,
};

/// Fewest base64url characters after a `#` for it to count as a link.
///
/// The smallest review a link can hold takes more; a hashtag or a page
/// anchor such as `#readme` takes fewer.
pub const MIN_PAYLOAD_CHARS: usize = 12;

/// Most links read from one paste; the rest are reported, not decoded, so a
/// huge paste cannot freeze the page.
pub const MAX_LINKS: usize = 1000;

/// A criterion shows disagreement when its standard deviation is at least
/// this fraction of the scale's range (max − min points), e.g. 0.8 on 1–5,
/// 1.8 on 0–9.
pub const SD_THRESHOLD: f64 = 0.2;

// ---------------------------------------------------------------------------
// Finding links
// ---------------------------------------------------------------------------

/// Something in pasted text that looks like a feedback link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte range of `text` in the pasted text.
    pub span: Range<usize>,
    /// The link as found: a URL ending in `#payload`, a `#payload`, or a
    /// bare payload, without any wrapping `<…>` or trailing punctuation.
    pub text: String,
    /// Line of the paste it starts on, from 1.
    pub line: usize,
}

impl Candidate {
    /// The base64url payload: what follows the last `#`, or all of it.
    pub fn payload(&self) -> &str {
        self.text.rsplit('#').next().unwrap_or_default()
    }
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether a run of base64url characters looks like a payload rather than a
/// word: long enough, starting with `A` (format versions 1 to 3 all do), and
/// with an upper-case letter or digit after the first character (real
/// payloads are random-looking; `#Acknowledgements-and-thanks` is not).
fn looks_like_payload(run: &[u8]) -> bool {
    run.len() >= MIN_PAYLOAD_CHARS
        && run[0] == b'A'
        && run[1..]
            .iter()
            .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Bytes that end a link's URL part when scanning back from its `#`:
/// whitespace, what usually wraps a link in mail, chat and Markdown, and
/// any non-ASCII byte (text such as `→` or `：` written against the link).
fn stops_url(b: u8) -> bool {
    !b.is_ascii() || b.is_ascii_whitespace() || b"<([{\"'`*|".contains(&b)
}

/// Every feedback link in `text`, in order.
///
/// A link is a `#` followed by at least [`MIN_PAYLOAD_CHARS`] base64url
/// characters that look like a payload (see the module docs), together with
/// the URL before it (`https://…/#AQ…`, `file:///…/talkback.html#AQ…`) if
/// there is one; or a payload alone on its line. Wrapping `<…>`, quote
/// marks `> ` and punctuation after the link are left out, so the link is
/// found in quoted replies, Markdown and chat. Links broken over two lines
/// by mail programs are not joined.
///
/// ```
/// use talkback_core::committee::extract_links;
/// let text = "Mine: <https://talkback.example/#AQEAAQIDBAUGBwgJ>.\n\
///             > #AQEAAQIDBAUGBwgK, see #readme\n\
///             AQEAAQIDBAUGBwgL\n";
/// let found = extract_links(text);
/// let texts: Vec<&str> = found.iter().map(|c| c.text.as_str()).collect();
/// assert_eq!(
///     texts,
///     ["https://talkback.example/#AQEAAQIDBAUGBwgJ", "#AQEAAQIDBAUGBwgK", "AQEAAQIDBAUGBwgL"]
/// );
/// assert_eq!(found[1].line, 2);
/// assert_eq!(&text[found[0].span.clone()], found[0].text);
/// ```
pub fn extract_links(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for (line_index, line) in text.split('\n').enumerate() {
        let line_no = line_index + 1;
        let lb = line.as_bytes();
        let before = found.len();
        // Links with a `#`. Every slice below starts and ends at an ASCII
        // byte, so it is on a char boundary.
        let mut floor = 0; // the previous link's end: never scan back past it
        let mut i = 0;
        while i < lb.len() {
            if lb[i] != b'#' {
                i += 1;
                continue;
            }
            let run_end = lb[i + 1..]
                .iter()
                .position(|&b| !is_base64url(b))
                .map_or(lb.len(), |p| i + 1 + p);
            if !looks_like_payload(&lb[i + 1..run_end]) {
                i = run_end.max(i + 1);
                continue;
            }
            let mut start = i;
            while start > floor && !stops_url(lb[start - 1]) {
                start -= 1;
            }
            found.push(Candidate {
                span: line_start + start..line_start + run_end,
                text: line[start..run_end].to_owned(),
                line: line_no,
            });
            floor = run_end;
            i = run_end;
        }
        // A payload alone on its line (quote marks and wrapping allowed).
        if found.len() == before {
            let trimmed = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
            let offset = line.len() - trimmed.len();
            let trimmed = trimmed.trim_end();
            let core = trimmed.trim_start_matches(['<', '(', '[', '"', '\'']);
            let core_offset = offset + (trimmed.len() - core.len());
            let core = core.trim_end_matches(['>', ')', ']', '"', '\'', '.', ',', ';', ':', '!']);
            if !core.is_empty()
                && core.bytes().all(is_base64url)
                && looks_like_payload(core.as_bytes())
            {
                let start = line_start + core_offset;
                found.push(Candidate {
                    span: start..start + core.len(),
                    text: core.to_owned(),
                    line: line_no,
                });
            }
        }
        line_start += line.len() + 1;
    }
    found
}

// ---------------------------------------------------------------------------
// Reading a paste
// ---------------------------------------------------------------------------

/// A link that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// Which link, counting every link found from 1.
    pub number: usize,
    /// Line of the paste it is on, from 1.
    pub line: usize,
    /// What went wrong, for code. `None`: beyond [`MAX_LINKS`], not read.
    pub kind: Option<ErrorKind>,
    /// Plain words, e.g. "Link 4 (line 12): This link was changed or
    /// damaged on its way here, …".
    pub message: String,
}

/// A link whose review was already read from an earlier link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Which link, counting every link found from 1.
    pub number: usize,
    /// Line of the paste it is on, from 1.
    pub line: usize,
    /// The link with the same review: an earlier one with the same payload, or,
    /// for a speaker's copy, the committee link it was made with.
    pub same_as: usize,
    /// Plain words, e.g. "Link 5 (line 20) is the same review as link 2; it
    /// is counted once."
    pub message: String,
}

/// Everything the chair sees after pasting: what was found, what could not
/// be read, and the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Links found in the paste, duplicates and bad ones included.
    pub links_found: usize,
    /// Different reviews read.
    pub reviews_read: usize,
    /// Links that could not be read, in paste order.
    pub problems: Vec<LinkProblem>,
    /// Links repeating an earlier one (quoted replies do this), in paste
    /// order; each review counts once.
    pub duplicates: Vec<Duplicate>,
    /// The summary of the reviews read.
    pub summary: Summary,
}

/// Finds, reads and summarises every feedback link in `text`.
///
/// Links with identical payloads are read once (the encoding is
/// deterministic, so the same review always gives the same payload).
///
/// ```
/// use talkback_core::committee::summarise_text;
/// use talkback_core::link::{encode, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
///
/// let rubric = preset("pycon-us-screening", 1).unwrap();
/// let mut review = Review::for_rubric(&rubric);
/// review.answers[0] = Some(0); // +1
/// let shared = SharedReview { review, proposal: Some("# Faster tests\n\nHow we…".into()) };
/// let link = encode(&shared, "https://talkback.example/").unwrap();
/// let damaged = link.replacen("#Ag", "#Agx", 1);
/// let paste = format!("Here: {link}\n> Here: {link}\nAnd {damaged}\n");
///
/// let report = summarise_text(&paste);
/// assert_eq!((report.links_found, report.reviews_read), (3, 1));
/// assert_eq!(report.duplicates[0].same_as, 1);
/// assert!(report.problems[0].message.starts_with("Link 3 (line 3): "));
/// let group = &report.summary.groups[0];
/// assert_eq!(group.title.as_deref(), Some("Faster tests"));
/// assert_eq!(group.pycon.as_ref().unwrap().score, 3);
/// ```
pub fn summarise_text(text: &str) -> Report {
    summarise_text_with(text, &mut link::decode_link)
}

/// [`summarise_text`] with a decoder of one's own: the committee page passes a
/// [`DecodeCache`]'s, so that editing a paste reads only the links that are new.
pub fn summarise_text_with(
    text: &str,
    decode: &mut dyn FnMut(&str) -> Result<Opened, LinkError>,
) -> Report {
    let candidates = extract_links(text);
    let mut problems = Vec::new();
    let mut duplicates = Vec::new();
    let mut reviews: Vec<(usize, usize, Opened)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let number = index + 1;
        let line = candidate.line;
        if index >= MAX_LINKS {
            problems.push(LinkProblem {
                number,
                line,
                kind: None,
                message: format!(
                    "Link {number} (line {line}) was not read: Talkback reads at most {MAX_LINKS} \
                     links at a time. Paste the rest separately."
                ),
            });
            continue;
        }
        if let Some(&same_as) = seen.get(candidate.payload()) {
            duplicates.push(Duplicate {
                number,
                line,
                same_as,
                message: format!(
                    "Link {number} (line {line}) is the same review as link {same_as}; it is \
                     counted once."
                ),
            });
            continue;
        }
        seen.insert(candidate.payload(), number);
        match decode(&candidate.text) {
            Ok(opened) => reviews.push((number, line, opened)),
            Err(e) => problems.push(LinkProblem {
                number,
                line,
                kind: Some(e.kind()),
                message: format!("Link {number} (line {line}): {}", e.message()),
            }),
        }
    }
    let reviews = without_speaker_copies(reviews, &mut duplicates);
    crate::sort::sort_by(&mut duplicates, |a, b| a.number.cmp(&b.number));
    Report {
        links_found: candidates.len(),
        reviews_read: reviews.len(),
        problems,
        duplicates,
        summary: summarise(&reviews),
    }
}

/// The reviews of `opened` (link number, line, review), each once: a speaker
/// link that is exactly the speaker's view of a committee link in the same
/// paste (same proposal reference, same speaker-visible parts) is the same
/// reviewer's review, noted in `duplicates` and not counted again.
fn without_speaker_copies(
    opened: Vec<(usize, usize, Opened)>,
    duplicates: &mut Vec<Duplicate>,
) -> Vec<SharedReview> {
    let committee_views: Vec<(usize, &link::ProposalRef, SharedReview)> = opened
        .iter()
        .filter(|(_, _, o)| o.kind == LinkKind::CommitteeReview)
        .map(|(number, _, o)| (*number, &o.reference, link::speaker_view(&o.shared)))
        .collect();
    let mut copies = Vec::new();
    for (number, line, o) in &opened {
        if o.kind != LinkKind::SpeakerFeedback {
            continue;
        }
        if let Some((same_as, _, _)) = committee_views
            .iter()
            .find(|(_, reference, view)| **reference == o.reference && *view == o.shared)
        {
            copies.push(*number);
            duplicates.push(Duplicate {
                number: *number,
                line: *line,
                same_as: *same_as,
                message: format!(
                    "Link {number} (line {line}) is the speaker's copy of the review in link \
                     {same_as}; it is counted once."
                ),
            });
        }
    }
    drop(committee_views);
    opened
        .into_iter()
        .filter(|(number, _, _)| !copies.contains(number))
        .map(|(_, _, o)| o.shared)
        .collect()
}

/// Links already read, by their text: reading a link with a proposal in it takes
/// about a millisecond, and a chair edits a paste of fifty.
#[derive(Debug, Default)]
pub struct DecodeCache {
    read: HashMap<String, Result<Opened, LinkError>>,
}

impl DecodeCache {
    /// Forgets everything past this many links (a few pastes' worth).
    const CAPACITY: usize = 2 * MAX_LINKS;

    /// The same as [`link::decode_link`], from memory when `link` was read before.
    ///
    /// # Errors
    /// Those of [`link::decode_link`].
    pub fn decode(&mut self, link: &str) -> Result<Opened, LinkError> {
        if let Some(known) = self.read.get(link) {
            return known.clone();
        }
        let result = link::decode_link(link);
        self.remember(link, result.clone());
        result
    }

    /// The links of `text` that [`summarise_text_with`] would read and this
    /// cache has not read yet, each once, in order.
    pub fn unread(&self, text: &str) -> Vec<String> {
        let mut unread: Vec<String> = Vec::new();
        for candidate in extract_links(text).into_iter().take(MAX_LINKS) {
            if !self.read.contains_key(&candidate.text) && !unread.contains(&candidate.text) {
                unread.push(candidate.text);
            }
        }
        unread
    }

    /// Remembers `link` as decoded from what [`link::unpack`] made of it
    /// (perhaps in a worker): afterwards [`DecodeCache::decode`] gives the
    /// same as [`link::decode`] would, without decompressing again.
    pub fn insert_unpacked(&mut self, link: &str, unpacked: Result<Vec<u8>, LinkError>) {
        self.remember(link, unpacked.and_then(|body| link::read_link_body(&body)));
    }

    fn remember(&mut self, link: &str, result: Result<Opened, LinkError>) {
        if self.read.len() >= Self::CAPACITY {
            self.read.clear();
        }
        self.read.insert(link.to_string(), result);
    }
}

// ---------------------------------------------------------------------------
// Keys and hashes
// ---------------------------------------------------------------------------

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// The fingerprint of a proposal text: 64-bit FNV-1a over its words joined
/// by single spaces, so a re-wrapped or re-indented copy (or CRLF line
/// ends) gives the same fingerprint and any other change a different one.
///
/// ```
/// use talkback_core::committee::fingerprint;
/// assert_eq!(fingerprint("# Title\n\nBody  text"), fingerprint("# Title\r\n\r\nBody\ntext \n"));
/// assert_ne!(fingerprint("# Title\n\nBody text"), fingerprint("# Title\n\nBody texts"));
/// ```
pub fn fingerprint(text: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            hash = fnv1a(hash, b" ");
        }
        hash = fnv1a(hash, word.as_bytes());
    }
    hash
}

/// The short code shown for a fingerprint: its top 32 bits as `XXXX-XXXX`.
///
/// ```
/// use talkback_core::committee::short_code;
/// assert_eq!(short_code(0x3f9a_12c4_0000_0001), "3F9A-12C4");
/// ```
pub fn short_code(fingerprint: u64) -> String {
    format!(
        "{:04X}-{:04X}",
        (fingerprint >> 48) & 0xffff,
        (fingerprint >> 32) & 0xffff
    )
}

/// Hash of a serialisable value's postcard bytes: the same on every
/// platform (unlike `std::hash`, whose lengths are `usize`-sized).
fn content_hash<T: serde::Serialize>(value: &T) -> u64 {
    fnv1a(
        FNV_OFFSET,
        &postcard::to_allocvec(value).unwrap_or_default(),
    )
}

/// Which rubric a group of reviews used.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RubricKey {
    /// A preset, by id and version.
    Preset {
        /// Preset id.
        id: String,
        /// Preset version.
        version: u16,
    },
    /// A custom rubric, by a 64-bit FNV-1a hash of its content.
    Custom {
        /// The hash.
        hash: u64,
    },
}

impl RubricKey {
    /// The key of the rubric `rubric_ref` refers to.
    pub fn of(rubric_ref: &RubricRef) -> RubricKey {
        match rubric_ref {
            RubricRef::Preset { id, version } => RubricKey::Preset {
                id: id.clone(),
                version: *version,
            },
            RubricRef::Custom(rubric) => RubricKey::Custom {
                hash: content_hash(rubric),
            },
        }
    }
}

// ---------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------

/// All groups of one paste, and what the chair should know about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// One group per proposal and rubric: groups with a proposal by title
    /// (then code, then rubric), then the "proposal not included" groups.
    pub groups: Vec<Group>,
    /// Versions, rubrics and missing proposals to be aware of.
    pub warnings: Vec<Warning>,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// Reviews of different versions of a proposal (same title, different
    /// fingerprint); each version is summarised on its own.
    ProposalVersions,
    /// Reviews of one proposal with different rubrics; each rubric is
    /// summarised on its own.
    MixedRubrics,
    /// Reviews whose links do not include the proposal, so they cannot be
    /// told apart by proposal.
    ProposalNotIncluded,
}

/// Something the chair should know before trusting a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// Plain words for the page.
    pub message: String,
}

/// The reviews of one proposal with one rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The proposal's [`fingerprint`]; `None`: proposal not included.
    pub fingerprint: Option<u64>,
    /// [`short_code`] of the fingerprint, or "proposal not included".
    pub code: String,
    /// The proposal's title, if it has one.
    pub title: Option<String>,
    /// The proposal as shared (reviewer A's copy).
    pub proposal: Option<String>,
    /// Which rubric.
    pub rubric_key: RubricKey,
    /// The rubric, resolved.
    pub rubric: Rubric,
    /// Reviewers in letter order; every per-reviewer list below follows it.
    pub reviewers: Vec<Reviewer>,
    /// One row per criterion, in rubric order.
    pub criteria: Vec<CriterionSummary>,
    /// Statistics of the weighted totals of the complete reviews (those
    /// with every required criterion answered; a partial total would read
    /// as a low score).
    pub total: Option<Stats>,
    /// For rubrics with a vote criterion: the PyCon score.
    pub pycon: Option<PyconSummary>,
    /// Indices into `reviewers` of those who champion the proposal: a +1
    /// on a vote criterion, or the top level (A) of a criterion keyed
    /// `champion`.
    pub champions: Vec<usize>,
    /// Mean merit weighted by expertise, for rubrics with criteria keyed
    /// `merit` and `expertise`: Σ merit × expertise ÷ Σ expertise over the
    /// reviewers who answered both, in points (expertise levels worth 0 or
    /// less are left out).
    pub expertise_weighted_merit: Option<f64>,
    /// Comments for the author: per criterion, overall, and on passages.
    pub author_feedback: AuthorFeedback,
    /// Comments for the committee only; never in the author's exports.
    pub committee_comments: Vec<Lettered>,
}

/// One reviewer's column.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewer {
    /// `A`, `B`, … `Z`, `AA`, `AB`, …
    pub letter: String,
    /// The name the reviewer chose to sign with, if any.
    pub pseudonym: Option<String>,
    /// The review.
    pub review: Review,
    /// Its score.
    pub score: Score,
    /// Whether this reviewer champions the proposal.
    pub champion: bool,
}

impl Reviewer {
    /// `Reviewer A`.
    pub fn name(&self) -> String {
        format!("Reviewer {}", self.letter)
    }

    /// `Reviewer A`, with the pseudonym beside it if there is one:
    /// `Reviewer A (Sam)`. For the committee only.
    pub fn display_name(&self) -> String {
        match &self.pseudonym {
            Some(p) => format!("Reviewer {} ({p})", self.letter),
            None => self.name(),
        }
    }
}

/// One reviewer's answer to one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Index of the level chosen.
    pub level: u8,
    /// Its label, e.g. `+1` or `4 Accept`.
    pub label: String,
    /// Its points, before weighting.
    pub points: i32,
}

/// How many reviewers chose one level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelCount {
    /// The level's label.
    pub label: String,
    /// The level's points.
    pub points: i32,
    /// Reviewers who chose it.
    pub count: usize,
}

/// Descriptive statistics of some reviewers' points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// How many values (reviewers who answered).
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Median; the mean of the middle two for an even `n`.
    pub median: f64,
    /// Population standard deviation (divides by `n`).
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// Statistics of `values`, or `None` if there are none.
///
/// ```
/// use talkback_core::committee::stats;
/// let s = stats(&[1.0, 2.0, 4.0, 5.0]).unwrap();
/// assert_eq!((s.n, s.mean, s.median, s.min, s.max), (4, 3.0, 3.0, 1.0, 5.0));
/// assert!((s.sd - 2.5_f64.sqrt()).abs() < 1e-12);
/// assert!(stats(&[]).is_none());
/// ```
pub fn stats(values: &[f64]) -> Option<Stats> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    crate::sort::sort_by(&mut sorted, f64::total_cmp);
    let n = sorted.len();
    #[allow(clippy::cast_precision_loss)] // n is at most a few thousand
    let count = n as f64;
    let mean = sorted.iter().sum::<f64>() / count;
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        f64::midpoint(sorted[n / 2 - 1], sorted[n / 2])
    };
    let variance = sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / count;
    Some(Stats {
        n,
        mean,
        median,
        sd: variance.sqrt(),
        min: sorted[0],
        max: sorted[n - 1],
    })
}

/// Whether `stats` on a scale spanning `range` points show disagreement:
/// two or more answers, and a spread of at least half the range or a
/// standard deviation of at least [`SD_THRESHOLD`] × the range.
///
/// ```
/// use talkback_core::committee::{disagrees, stats};
/// // Votes +1 and −1 (3 and −3 points) on the vote scale (range 6).
/// assert!(disagrees(&stats(&[3.0, -3.0]).unwrap(), 6));
/// assert!(!disagrees(&stats(&[3.0, 1.0]).unwrap(), 6));
/// ```
pub fn disagrees(stats: &Stats, range: i32) -> bool {
    let range = f64::from(range);
    stats.n >= 2
        && range > 0.0
        && (2.0 * (stats.max - stats.min) >= range || stats.sd >= SD_THRESHOLD * range)
}

/// One row of the committee table.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionSummary {
    /// Index in the rubric.
    pub index: usize,
    /// The criterion's key.
    pub key: String,
    /// The criterion's label.
    pub label: String,
    /// Shown, but not in the weighted total.
    pub independent: bool,
    /// Weight in the total.
    pub weight: u8,
    /// Each reviewer's answer, in letter order (`None`: not answered).
    pub answers: Vec<Option<Answer>>,
    /// Statistics of the points of the answers given; `None` if nobody
    /// answered.
    pub stats: Option<Stats>,
    /// The median as a level: its label, or "B–C" when it falls between
    /// two levels.
    pub median_label: Option<String>,
    /// How many chose each level, in scale order, zeros included.
    pub distribution: Vec<LevelCount>,
    /// Whether the answers disagree (see [`disagrees`]).
    pub disagreement: bool,
}

/// The PyCon score of a group with a vote criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyconSummary {
    /// Index of the (first) vote criterion.
    pub criterion: usize,
    /// 3·(+1) + (+0) − (−0) − 3·(−1).
    pub score: i32,
    /// Votes per level, in the order of [`Vote::ALL`]: +1, +0, −0, −1.
    pub votes: [usize; 4],
}

/// A comment and the letter of the reviewer who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lettered {
    /// The reviewer's letter.
    pub letter: String,
    /// The comment (Markdown, as written).
    pub text: String,
}

/// The comments on one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionComments {
    /// Index in the rubric.
    pub index: usize,
    /// The criterion's label.
    pub label: String,
    /// The comments, in letter order.
    pub comments: Vec<Lettered>,
}

/// A comment on a passage of the proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageComment {
    /// The reviewer's letter.
    pub letter: String,
    /// The passage.
    pub quote: String,
    /// The comment.
    pub comment: String,
    /// Where the passage is in the proposal, if found there.
    pub position: Option<usize>,
    /// The full anchored comment, for a combined link.
    pub anchored: AnchoredComment,
}

/// Everything the reviewers wrote for the author.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthorFeedback {
    /// Comments for the author as a whole, in letter order.
    pub general: Vec<Lettered>,
    /// Comments per criterion, for criteria with any, in rubric order.
    pub criteria: Vec<CriterionComments>,
    /// Comments on passages, in the order of the passages in the proposal
    /// (those not found last), then by letter.
    pub passages: Vec<PassageComment>,
}

impl AuthorFeedback {
    /// Whether there is nothing to tell the author.
    pub fn is_empty(&self) -> bool {
        self.general.is_empty() && self.criteria.is_empty() && self.passages.is_empty()
    }
}

impl Group {
    /// The heading shown above the group, e.g. `“Faster tests” (3F9A-12C4),
    /// PyCon US screening, version 1`.
    pub fn heading(&self) -> String {
        let proposal = match (&self.title, self.fingerprint) {
            (Some(t), Some(_)) => format!("\u{201c}{t}\u{201d} ({})", self.code),
            (None, Some(_)) => format!("Untitled proposal ({})", self.code),
            (_, None) => "Proposal not included".to_owned(),
        };
        format!(
            "{proposal}, {}",
            rubric_name(&self.rubric, &self.rubric_key)
        )
    }

    /// Whether any criterion that counts in the total shows disagreement.
    pub fn has_disagreement(&self) -> bool {
        self.criteria
            .iter()
            .any(|c| c.disagreement && !c.independent)
    }
}

fn rubric_name(rubric: &Rubric, key: &RubricKey) -> String {
    match key {
        RubricKey::Preset { version, .. } => format!("{}, version {version}", rubric.name),
        RubricKey::Custom { hash } => format!(
            "{} (custom rubric {:04X})",
            rubric.name,
            (hash >> 48) & 0xffff
        ),
    }
}

/// `A` … `Z`, `AA`, `AB`, … as spreadsheet columns.
fn letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        // index % 26 < 26, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// How much of a proposal [`title_of`] reads.
const TITLE_SCAN_BYTES: usize = 2048;

/// The title of a proposal: its detected title, else its first non-empty
/// line without leading `#`s.
///
/// Only the first [`TITLE_SCAN_BYTES`] (cut at a line end) are parsed: a
/// title is at the top, and parsing all of every proposal would take most
/// of the summary's time.
fn title_of(text: &str) -> Option<String> {
    let head = if text.len() <= TITLE_SCAN_BYTES {
        text
    } else {
        // `rfind` on bytes: a newline byte is always a char boundary.
        let cut = text.as_bytes()[..TITLE_SCAN_BYTES]
            .iter()
            .rposition(|&b| b == b'\n')
            .unwrap_or(0);
        &text[..cut]
    };
    let parsed = proposal::parse(head);
    let title = parsed.title().map(str::to_owned).or_else(|| {
        text.lines()
            .map(|l| l.trim().trim_start_matches('#').trim())
            .find(|l| !l.is_empty())
            .map(str::to_owned)
    })?;
    let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// Groups `reviews` by proposal and rubric and summarises each group.
///
/// Reviews whose rubric cannot be resolved (an unknown preset) are left
/// out; [`link::decode`] already rejects them.
///
/// ```
/// use talkback_core::committee::summarise;
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
///
/// let rubric = preset("merit-expertise", 1).unwrap();
/// let review = |merit, expertise| {
///     let mut r = Review::for_rubric(&rubric);
///     r.answers = vec![Some(merit), Some(expertise), None];
///     SharedReview { review: r, proposal: Some("# Fast tests\n\nBody.".into()) }
/// };
/// // Merit 5 with expertise 4, merit 2 with expertise 1.
/// let summary = summarise(&[review(4, 3), review(1, 0)]);
/// let group = &summary.groups[0];
/// assert_eq!(group.reviewers.len(), 2);
/// assert_eq!(group.criteria[0].stats.unwrap().mean, 3.5);
/// assert_eq!(group.expertise_weighted_merit, Some((5.0 * 4.0 + 2.0 * 1.0) / 5.0));
/// assert!(group.criteria[0].disagreement); // spread 3 ≥ half of 4
/// ```
pub fn summarise(reviews: &[SharedReview]) -> Summary {
    // Group, keeping first-seen order of keys for determinism before sorting.
    let mut index: HashMap<(Option<u64>, RubricKey), usize> = HashMap::new();
    let mut buckets: Vec<(Option<u64>, RubricKey, Rubric, Vec<&SharedReview>)> = Vec::new();
    // Reviews of one proposal usually carry identical copies of it: compare
    // (a memcmp) before hashing (a multiply per byte).
    let mut fingerprints: Vec<(&str, u64)> = Vec::new();
    for shared in reviews {
        let Some(rubric) = shared.review.rubric.resolve() else {
            continue;
        };
        let fp = shared.proposal.as_deref().map(|text| {
            if let Some(&(_, fp)) = fingerprints.iter().find(|(t, _)| *t == text) {
                fp
            } else {
                let fp = fingerprint(text);
                fingerprints.push((text, fp));
                fp
            }
        });
        let key = RubricKey::of(&shared.review.rubric);
        let slot = *index.entry((fp, key.clone())).or_insert_with(|| {
            buckets.push((fp, key, rubric, Vec::new()));
            buckets.len() - 1
        });
        buckets[slot].3.push(shared);
    }

    let mut titles: HashMap<u64, Option<String>> = HashMap::new();
    let mut groups: Vec<Group> = buckets
        .into_iter()
        .map(|(fp, key, rubric, members)| {
            let title = fp.and_then(|fp| {
                titles
                    .entry(fp)
                    .or_insert_with(|| members[0].proposal.as_deref().and_then(title_of))
                    .clone()
            });
            summarise_group(fp, key, rubric, title, &members)
        })
        .collect();
    crate::sort::sort_by(&mut groups, |a, b| {
        let order = |g: &Group| {
            (
                g.fingerprint.is_none(),
                g.title.as_deref().map(str::to_lowercase),
                g.code.clone(),
                g.rubric.name.clone(),
                g.rubric_key.clone(),
            )
        };
        order(a).cmp(&order(b))
    });

    Summary {
        warnings: warnings(&groups),
        groups,
    }
}

fn warnings(groups: &[Group]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    // Same title, different fingerprints.
    let mut by_title: Vec<(String, Vec<&str>)> = Vec::new();
    // Same fingerprint, different rubrics.
    let mut by_fp: Vec<(u64, Vec<&Group>)> = Vec::new();
    for g in groups {
        let Some(fp) = g.fingerprint else { continue };
        if let Some(title) = &g.title {
            let norm = title.to_lowercase();
            match by_title.iter_mut().find(|(t, _)| *t == norm) {
                Some((_, codes)) => {
                    if !codes.contains(&g.code.as_str()) {
                        codes.push(&g.code);
                    }
                }
                None => by_title.push((norm, vec![&g.code])),
            }
        }
        match by_fp.iter_mut().find(|(f, _)| *f == fp) {
            Some((_, gs)) => gs.push(g),
            None => by_fp.push((fp, vec![g])),
        }
    }
    for (_, codes) in &by_title {
        if codes.len() > 1 {
            let title = groups
                .iter()
                .find(|g| g.code == codes[0])
                .and_then(|g| g.title.clone())
                .unwrap_or_default();
            warnings.push(Warning {
                kind: WarningKind::ProposalVersions,
                message: format!(
                    "The reviews are of {} different versions of \u{201c}{title}\u{201d} ({}). \
                     Each version is summarised on its own; check which one the reviewers \
                     read.",
                    codes.len(),
                    codes.join(", ")
                ),
            });
        }
    }
    for (_, gs) in &by_fp {
        if gs.len() > 1 {
            let names: Vec<String> = gs
                .iter()
                .map(|g| rubric_name(&g.rubric, &g.rubric_key))
                .collect();
            let proposal = match &gs[0].title {
                Some(t) => format!("\u{201c}{t}\u{201d} ({})", gs[0].code),
                None => format!("Proposal {}", gs[0].code),
            };
            warnings.push(Warning {
                kind: WarningKind::MixedRubrics,
                message: format!(
                    "{proposal} was reviewed with {} different rubrics ({}). Their scores \
                     cannot be compared, so each rubric is summarised on its own.",
                    gs.len(),
                    names.join("; ")
                ),
            });
        }
    }
    let missing: usize = groups
        .iter()
        .filter(|g| g.fingerprint.is_none())
        .map(|g| g.reviewers.len())
        .sum();
    if missing > 0 {
        let (reviews, they) = if missing == 1 {
            ("1 review does".to_owned(), "it is")
        } else {
            (format!("{missing} reviews do"), "they are")
        };
        warnings.push(Warning {
            kind: WarningKind::ProposalNotIncluded,
            message: format!(
                "{reviews} not include the proposal, so Talkback cannot tell which proposal \
                 {they} about; {they} summarised under \u{201c}Proposal not included\u{201d}."
            ),
        });
    }
    warnings
}

fn summarise_group(
    fp: Option<u64>,
    rubric_key: RubricKey,
    rubric: Rubric,
    title: Option<String>,
    members: &[&SharedReview],
) -> Group {
    // Letters by content hash; ties (identical reviews) are interchangeable.
    let mut ordered: Vec<(u64, &SharedReview)> = members
        .iter()
        .map(|s| (content_hash(&s.review), *s))
        .collect();
    crate::sort::sort_by_key(&mut ordered, |&(hash, _)| hash);

    let champion_criteria: Vec<usize> = rubric
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.scale, Scale::Vote) || c.key == "champion")
        .map(|(i, _)| i)
        .collect();
    let reviewers: Vec<Reviewer> = ordered
        .iter()
        .enumerate()
        .map(|(i, (_, s))| Reviewer {
            letter: letter(i),
            pseudonym: s.review.pseudonym.clone(),
            score: score(&rubric, &s.review),
            champion: champion_criteria
                .iter()
                .any(|&c| s.review.answers.get(c).copied().flatten() == Some(0)),
            review: s.review.clone(),
        })
        .collect();

    let criteria: Vec<CriterionSummary> = rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let answers: Vec<Option<Answer>> = reviewers
                .iter()
                .map(|r| {
                    let level = r.review.answers.get(index).copied().flatten()?;
                    let l = c.scale.level(usize::from(level))?;
                    Some(Answer {
                        level,
                        label: l.label.to_owned(),
                        points: l.points,
                    })
                })
                .collect();
            let points: Vec<f64> = answers
                .iter()
                .flatten()
                .map(|a| f64::from(a.points))
                .collect();
            let stats = stats(&points);
            let distribution = c
                .scale
                .levels()
                .enumerate()
                .map(|(level, l)| LevelCount {
                    label: l.label.to_owned(),
                    points: l.points,
                    count: answers
                        .iter()
                        .flatten()
                        .filter(|a| usize::from(a.level) == level)
                        .count(),
                })
                .collect();
            let range = c.scale.max_points() - c.scale.min_points();
            CriterionSummary {
                index,
                key: c.key.clone(),
                label: c.label.clone(),
                independent: c.independent,
                weight: c.weight,
                median_label: stats.map(|s| median_label(&c.scale, &points, s.median)),
                disagreement: stats.is_some_and(|s| disagrees(&s, range)),
                stats,
                answers,
                distribution,
            }
        })
        .collect();

    let totals: Vec<f64> = reviewers
        .iter()
        .filter(|r| r.score.complete)
        .map(|r| r.score.total)
        .collect();

    let pycon = rubric
        .criteria
        .iter()
        .position(|c| matches!(c.scale, Scale::Vote))
        .map(|criterion| {
            let votes: Vec<Vote> = reviewers
                .iter()
                .filter_map(|r| {
                    r.review
                        .answers
                        .get(criterion)
                        .copied()
                        .flatten()
                        .and_then(Vote::from_level)
                })
                .collect();
            let mut counts = [0; 4];
            for v in &votes {
                if let Some(i) = Vote::ALL.iter().position(|x| x == v) {
                    counts[i] += 1;
                }
            }
            PyconSummary {
                criterion,
                score: pycon_score(&votes),
                votes: counts,
            }
        });

    let expertise_weighted_merit = match (
        rubric.criterion_index("merit"),
        rubric.criterion_index("expertise"),
    ) {
        (Some(m), Some(e)) => {
            let (mut sum, mut weights) = (0.0, 0.0);
            for (merit, expertise) in criteria[m].answers.iter().zip(&criteria[e].answers) {
                if let (Some(merit), Some(expertise)) = (merit, expertise) {
                    if expertise.points > 0 {
                        sum += f64::from(merit.points) * f64::from(expertise.points);
                        weights += f64::from(expertise.points);
                    }
                }
            }
            (weights > 0.0).then(|| sum / weights)
        }
        _ => None,
    };

    let proposal = ordered.first().and_then(|(_, s)| s.proposal.clone());
    let author_feedback = author_feedback(&rubric, &reviewers, proposal.as_deref());
    let committee_comments = reviewers
        .iter()
        .filter(|r| !r.review.committee_comment.trim().is_empty())
        .map(|r| Lettered {
            letter: r.letter.clone(),
            text: r.review.committee_comment.trim().to_owned(),
        })
        .collect();

    Group {
        fingerprint: fp,
        code: fp.map_or_else(|| "proposal not included".to_owned(), short_code),
        title,
        proposal,
        rubric_key,
        champions: reviewers
            .iter()
            .enumerate()
            .filter(|(_, r)| r.champion)
            .map(|(i, _)| i)
            .collect(),
        total: stats(&totals),
        pycon,
        expertise_weighted_merit,
        author_feedback,
        committee_comments,
        criteria,
        reviewers,
        rubric,
    }
}

/// The label of the level worth `median` points, or "low–high" labels of
/// the middle two answers when the median falls between levels.
fn median_label(scale: &Scale, points: &[f64], median: f64) -> String {
    let label_of = |p: f64| {
        scale
            .levels()
            .find(|l| (f64::from(l.points) - p).abs() < 1e-9)
            .map(|l| l.label.to_owned())
    };
    if let Some(label) = label_of(median) {
        return label;
    }
    let mut sorted = points.to_vec();
    crate::sort::sort_by(&mut sorted, f64::total_cmp);
    let n = sorted.len();
    let (lo, hi) = (sorted[(n - 1) / 2], sorted[n / 2]);
    format!(
        "{}\u{2013}{}",
        label_of(lo).unwrap_or_default(),
        label_of(hi).unwrap_or_default()
    )
}

fn author_feedback(
    rubric: &Rubric,
    reviewers: &[Reviewer],
    proposal: Option<&str>,
) -> AuthorFeedback {
    let lettered = |r: &Reviewer, text: &str| {
        let text = text.trim();
        (!text.is_empty()).then(|| Lettered {
            letter: r.letter.clone(),
            text: text.to_owned(),
        })
    };
    let general = reviewers
        .iter()
        .filter_map(|r| lettered(r, &r.review.author_comment))
        .collect();
    let criteria = rubric
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(index, c)| {
            let comments: Vec<Lettered> = reviewers
                .iter()
                .filter_map(|r| lettered(r, r.review.criterion_comments.get(index)?))
                .collect();
            (!comments.is_empty()).then(|| CriterionComments {
                index,
                label: c.label.clone(),
                comments,
            })
        })
        .collect();
    let mut passages: Vec<PassageComment> = reviewers
        .iter()
        .flat_map(|r| {
            r.review.anchors.iter().filter_map(|a| {
                let comment = a.comment.trim();
                (!comment.is_empty()).then(|| PassageComment {
                    letter: r.letter.clone(),
                    quote: a.anchor.quote.clone(),
                    comment: comment.to_owned(),
                    position: proposal.and_then(|p| locate_exact(p, a)),
                    anchored: a.clone(),
                })
            })
        })
        .collect();
    // Stable: same position keeps letter order.
    crate::sort::sort_by_key(&mut passages, |p| p.position.unwrap_or(usize::MAX));
    AuthorFeedback {
        general,
        criteria,
        passages,
    }
}

/// Where an anchored passage is in `text`: in its context if possible,
/// else the quote's first occurrence. Exact matching only; this is for
/// ordering, not for showing.
fn locate_exact(text: &str, a: &AnchoredComment) -> Option<usize> {
    let quote = a.anchor.quote.as_str();
    if quote.is_empty() {
        return None;
    }
    let with_context = format!("{}{quote}{}", a.anchor.prefix, a.anchor.suffix);
    text.find(&with_context)
        .map(|i| i + a.anchor.prefix.len())
        .or_else(|| text.find(quote))
}

// ---------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------

/// Writes the author-facing comments as Markdown: overall comments, then
/// per criterion, then (if `passages`) the passages quoted with `>`.
fn write_feedback(out: &mut String, feedback: &AuthorFeedback, passages: bool) {
    let entry = |out: &mut String, c: &Lettered| {
        let _ = write!(out, "**Reviewer {}:** {}\n\n", c.letter, c.text);
    };
    if !feedback.general.is_empty() {
        out.push_str("## Overall\n\n");
        for c in &feedback.general {
            entry(out, c);
        }
    }
    if !feedback.criteria.is_empty() {
        out.push_str("## By criterion\n\n");
        for criterion in &feedback.criteria {
            let _ = write!(out, "### {}\n\n", criterion.label);
            for c in &criterion.comments {
                entry(out, c);
            }
        }
    }
    if passages && !feedback.passages.is_empty() {
        out.push_str("## On passages of your proposal\n\n");
        for p in &feedback.passages {
            for line in p.quote.lines() {
                let _ = writeln!(out, "> {line}");
            }
            out.push('\n');
            let _ = write!(out, "**Reviewer {}:** {}\n\n", p.letter, p.comment);
        }
    }
}

/// "Feedback for the author": Markdown ready to paste into an e-mail.
///
/// Only author-facing comments: the overall comments, the comments per
/// criterion and the comments on passages (each passage quoted with `>`).
/// Never the committee's comments, scores or pseudonyms: reviewers appear
/// only as their letters.
///
/// ```
/// use talkback_core::committee::{author_markdown, summarise};
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.author_comment = "Say who the talk is for.".into();
/// review.committee_comment = "Borderline; depends on the slot count.".into();
/// review.pseudonym = Some("Sam".into());
/// let shared = SharedReview { review, proposal: Some("# Fast tests\n\nBody.".into()) };
/// let md = author_markdown(&summarise(&[shared]).groups[0]);
/// assert!(md.starts_with("# Feedback on \u{201c}Fast tests\u{201d}\n"));
/// assert!(md.contains("**Reviewer A:** Say who the talk is for."));
/// assert!(!md.contains("Borderline") && !md.contains("Sam"));
/// ```
pub fn author_markdown(group: &Group) -> String {
    let mut out = String::new();
    match &group.title {
        Some(t) => {
            let _ = write!(out, "# Feedback on \u{201c}{t}\u{201d}\n\n");
        }
        None => out.push_str("# Feedback on your proposal\n\n"),
    }
    let n = group.reviewers.len();
    if group.author_feedback.is_empty() {
        out.push_str("The reviewers left no comments for you.\n");
        return out;
    }
    let _ = write!(
        out,
        "{} read your proposal. Each is shown by a letter, so you can tell their comments \
         apart.\n\n",
        if n == 1 {
            "One reviewer".to_owned()
        } else {
            format!("{n} reviewers")
        }
    );
    write_feedback(&mut out, &group.author_feedback, true);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Appends `field` to `out` as one CSV field (RFC 4180): quoted, with `"`
/// doubled, if it holds a comma, a quote or a line break.
///
/// Pseudonyms and custom rubric labels come from links, that is from
/// anyone, so a field a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or CR, and not a number such as `-3` or `+1`)
/// gets a leading `'`, as OWASP advises against CSV injection.
fn csv_field(out: &mut String, field: &str) {
    let formula =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(&field[1..]);
    let field = if formula {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    };
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&field);
    }
}

/// Digits with at most one decimal point, such as `3` or `0.5`.
fn is_plain_number(s: &str) -> bool {
    let mut points = 0;
    s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| {
            points += usize::from(b == b'.');
            b.is_ascii_digit() || (b == b'.' && points == 1)
        })
}

fn csv_row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

/// A number for CSV and the page: at most two decimals, no trailing zeros,
/// ASCII minus: `3`, `3.5`, `3.33`, `-1`.
///
/// ```
/// use talkback_core::committee::format_number;
/// assert_eq!(format_number(10.0 / 3.0), "3.33");
/// assert_eq!(format_number(-3.0), "-3");
/// assert_eq!(format_number(2.5), "2.5");
/// ```
pub fn format_number(x: f64) -> String {
    // Integer arithmetic rather than `{:.2}`: float formatting adds ~10 KB of wasm.
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    #[allow(clippy::cast_possible_truncation)] // scores are tiny next to i64
    let hundredths = (x * 100.0).round() as i64;
    let abs = hundredths.unsigned_abs();
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (abs / 100, abs % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

fn stats_fields(stats: Option<&Stats>) -> Vec<String> {
    match stats {
        Some(s) => vec![
            s.n.to_string(),
            format_number(s.mean),
            format_number(s.median),
            format_number(s.sd),
            format_number(s.min),
            format_number(s.max),
        ],
        None => vec![
            "0".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
    }
}

/// The committee table as CSV (RFC 4180: CRLF line ends, fields with
/// commas, quotes or line breaks quoted, quotes doubled).
///
/// Columns: criterion, n, mean, median, sd, min, max (in points), then one
/// column per reviewer (`Reviewer A`, or `Reviewer A (pseudonym)`) with the
/// label of their answer. One row per criterion, then a `Weighted total`
/// row whose statistics are over complete reviews and whose reviewer cells
/// are each reviewer's total (marked `incomplete` when a required answer is
/// missing). Fields a spreadsheet would read as a formula are quoted.
///
/// ```
/// use talkback_core::committee::{summarise, table_csv};
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("merit-expertise", 1).unwrap());
/// review.answers = vec![Some(3), Some(2), None];
/// let csv = table_csv(&summarise(&[SharedReview { review, proposal: None }]).groups[0]);
/// let lines: Vec<&str> = csv.split("\r\n").collect();
/// assert_eq!(lines[0], "criterion,n,mean,median,sd,min,max,Reviewer A");
/// assert_eq!(lines[1], "Overall merit,1,4,4,0,4,4,4 Accept");
/// assert_eq!(lines[3], "Champion,0,,,,,,");
/// assert_eq!(lines[4], "Weighted total,1,4,4,0,4,4,4");
/// ```
pub fn table_csv(group: &Group) -> String {
    let mut out = String::new();
    let mut header: Vec<String> = ["criterion", "n", "mean", "median", "sd", "min", "max"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    header.extend(group.reviewers.iter().map(Reviewer::display_name));
    csv_row(&mut out, &header);
    for c in &group.criteria {
        let mut row = vec![c.label.clone()];
        row.extend(stats_fields(c.stats.as_ref()));
        row.extend(
            c.answers
                .iter()
                .map(|a| a.as_ref().map(|a| a.label.clone()).unwrap_or_default()),
        );
        csv_row(&mut out, &row);
    }
    let mut row = vec!["Weighted total".to_owned()];
    row.extend(stats_fields(group.total.as_ref()));
    row.extend(group.reviewers.iter().map(|r| {
        let total = format_number(r.score.total);
        if r.score.complete {
            total
        } else {
            format!("{total} (incomplete)")
        }
    }));
    csv_row(&mut out, &row);
    out
}

fn num(x: f64) -> Value {
    Value::Number(x)
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn opt<T>(x: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    x.map_or(Value::Null, f)
}

fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

#[allow(clippy::cast_precision_loss)] // counts are small
fn count(n: usize) -> Value {
    Value::Number(n as f64)
}

fn stats_json(s: &Stats) -> Value {
    obj(vec![
        ("n", count(s.n)),
        ("mean", num(s.mean)),
        ("median", num(s.median)),
        ("sd", num(s.sd)),
        ("min", num(s.min)),
        ("max", num(s.max)),
    ])
}

/// The committee table as JSON (pretty-printed): the proposal's code and
/// title, the rubric, the reviewers (letter, pseudonym, total, complete,
/// champion), per criterion its statistics (`null` when nobody answered;
/// numbers unrounded, in points), distribution, answers by reviewer and
/// disagreement flag, the totals' statistics, the PyCon score and votes,
/// the champions' letters and the expertise-weighted merit. Comments are
/// left out: the table is scores only.
///
/// ```
/// use talkback_core::committee::{summarise, table_json};
/// use talkback_core::json::parse;
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// let json = table_json(&summarise(&[SharedReview { review, proposal: None }]).groups[0]);
/// let v = parse(&json).unwrap();
/// assert_eq!(v.get("pycon").unwrap().get("score").unwrap().as_i64(), Some(3));
/// assert_eq!(v.get("champions").unwrap().as_array().unwrap().len(), 1);
/// ```
pub fn table_json(group: &Group) -> String {
    let letters = |indices: &[usize]| {
        Value::Array(
            indices
                .iter()
                .map(|&i| text(&group.reviewers[i].letter))
                .collect(),
        )
    };
    let (rubric_id, rubric_version) = match &group.rubric_key {
        RubricKey::Preset { id, version } => (text(id), num(f64::from(*version))),
        RubricKey::Custom { hash } => (text(&format!("custom-{hash:016x}")), Value::Null),
    };
    let value = obj(vec![
        ("format", text("talkback-committee-1")),
        (
            "proposal",
            obj(vec![
                ("code", opt(group.fingerprint.map(short_code), |c| text(&c))),
                ("title", opt(group.title.as_deref(), text)),
            ]),
        ),
        (
            "rubric",
            obj(vec![
                ("id", rubric_id),
                ("version", rubric_version),
                ("name", text(&group.rubric.name)),
            ]),
        ),
        (
            "reviewers",
            Value::Array(
                group
                    .reviewers
                    .iter()
                    .map(|r| {
                        obj(vec![
                            ("letter", text(&r.letter)),
                            ("pseudonym", opt(r.pseudonym.as_deref(), text)),
                            ("total", num(r.score.total)),
                            ("complete", Value::Bool(r.score.complete)),
                            ("champion", Value::Bool(r.champion)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "criteria",
            Value::Array(
                group
                    .criteria
                    .iter()
                    .map(|c| {
                        obj(vec![
                            ("key", text(&c.key)),
                            ("label", text(&c.label)),
                            ("independent", Value::Bool(c.independent)),
                            ("weight", num(f64::from(c.weight))),
                            ("stats", opt(c.stats.as_ref(), stats_json)),
                            ("median_label", opt(c.median_label.as_deref(), text)),
                            ("disagreement", Value::Bool(c.disagreement)),
                            (
                                "distribution",
                                Value::Array(
                                    c.distribution
                                        .iter()
                                        .map(|d| {
                                            obj(vec![
                                                ("label", text(&d.label)),
                                                ("points", num(f64::from(d.points))),
                                                ("count", count(d.count)),
                                            ])
                                        })
                                        .collect(),
                                ),
                            ),
                            (
                                "answers",
                                Value::Array(
                                    c.answers
                                        .iter()
                                        .map(|a| opt(a.as_ref(), |a| text(&a.label)))
                                        .collect(),
                                ),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ),
        ("total", opt(group.total.as_ref(), stats_json)),
        (
            "pycon",
            opt(group.pycon.as_ref(), |p| {
                obj(vec![
                    ("score", num(f64::from(p.score))),
                    (
                        "votes",
                        Value::Object(
                            Vote::ALL
                                .iter()
                                .zip(p.votes)
                                .map(|(v, n)| (v.label().to_owned(), count(n)))
                                .collect(),
                        ),
                    ),
                ])
            }),
        ),
        ("champions", letters(&group.champions)),
        (
            "expertise_weighted_merit",
            opt(group.expertise_weighted_merit, num),
        ),
        ("disagreement", Value::Bool(group.has_disagreement())),
    ]);
    value.to_json_pretty()
}

/// Why [`combine`] could not make one combined review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CombineError {
    /// The reviews do not include the proposal, so they may be about
    /// different proposals.
    NoProposal,
    /// The merged comments are over a link's limits.
    TooLong,
    /// The combined review does not fit its rubric (should not happen).
    Invalid(ReviewError),
}

impl fmt::Display for CombineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CombineError::NoProposal => f.write_str(
                "These reviews do not include the proposal, so Talkback cannot tell they are \
                 about the same one. Send the feedback as text instead.",
            ),
            CombineError::TooLong => write!(
                f,
                "The reviewers' comments together are too long for one link (at most \
                 {AUTHOR_COMMENT_MAX_CHARS} characters overall and {MAX_ANCHORS} passage \
                 comments). Send the feedback as text instead."
            ),
            CombineError::Invalid(e) => write!(f, "The combined review is not valid: {e}"),
        }
    }
}

impl std::error::Error for CombineError {}

/// One combined review of the group's proposal, for "one combined feedback
/// link" to the author.
///
/// It has the group's rubric, no answers (individual scores are not the
/// author's business), an empty committee comment and no pseudonym; its
/// comment for the author is the overall and per-criterion comments as
/// Markdown, each signed with its reviewer's letter; every comment on a
/// passage stays a comment on that passage, starting `Reviewer A: `, so the
/// link shows it in context. The proposal is included.
///
/// # Errors
///
/// [`CombineError::NoProposal`] for the "proposal not included" groups;
/// [`CombineError::TooLong`] when the merged comments exceed a link's
/// limits ([`AUTHOR_COMMENT_MAX_CHARS`], [`MAX_ANCHORS`],
/// [`ANCHOR_COMMENT_MAX_CHARS`]).
///
/// ```
/// use talkback_core::committee::{combine, summarise};
/// use talkback_core::link::{decode, encode, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let rubric = preset("mentor-checklist", 1).unwrap();
/// let shared = |comment: &str| {
///     let mut review = Review::for_rubric(&rubric);
///     review.answers[0] = Some(0);
///     review.author_comment = comment.into();
///     SharedReview { review, proposal: Some("# Fast tests\n\nBody.".into()) }
/// };
/// let group = &summarise(&[shared("Good start."), shared("Add timings.")]).groups[0];
/// let combined = combine(group).unwrap();
/// assert!(combined.review.answers.iter().all(Option::is_none));
/// assert!(combined.review.author_comment.contains("Add timings."));
/// let link = encode(&combined, "https://talkback.example/").unwrap();
/// assert_eq!(decode(&link).unwrap(), combined);
/// ```
pub fn combine(group: &Group) -> Result<SharedReview, CombineError> {
    let proposal = group.proposal.clone().ok_or(CombineError::NoProposal)?;
    let rubric_ref = group
        .reviewers
        .first()
        .map_or_else(|| RubricRef::of(&group.rubric), |r| r.review.rubric.clone());
    let mut review = Review::new(rubric_ref, &group.rubric);
    let mut body = String::new();
    write_feedback(&mut body, &group.author_feedback, false);
    body.trim_end().clone_into(&mut review.author_comment);
    review.anchors = group
        .author_feedback
        .passages
        .iter()
        .map(|p| {
            let mut a = p.anchored.clone();
            a.comment = format!("Reviewer {}: {}", p.letter, p.comment);
            a
        })
        .collect();
    if review.author_comment.chars().count() > AUTHOR_COMMENT_MAX_CHARS
        || review.anchors.len() > MAX_ANCHORS
        || review
            .anchors
            .iter()
            .any(|a| a.comment.chars().count() > ANCHOR_COMMENT_MAX_CHARS)
    {
        return Err(CombineError::TooLong);
    }
    review
        .validate(&group.rubric)
        .map_err(CombineError::Invalid)?;
    Ok(SharedReview {
        review,
        proposal: Some(proposal),
    })
}

// Means and medians of small whole numbers are exact in f64; case tables are long.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::float_cmp, clippy::too_many_lines)]
mod tests {
    use super::*;
    use crate::anchor::Anchor;
    use crate::rubric::{self, preset, Criterion};

    const THREAD: &str = include_str!("../../../tests/fixtures/committee/thread.txt");

    fn shared(rubric: &Rubric, answers: &[Option<u8>], proposal: Option<&str>) -> SharedReview {
        let mut review = Review::for_rubric(rubric);
        review.answers = answers.to_vec();
        SharedReview {
            review,
            proposal: proposal.map(str::to_owned),
        }
    }

    fn group_of(preset_id: &str, reviews: &[&[Option<u8>]]) -> Group {
        let rubric = rubric::latest_preset(preset_id).unwrap();
        let all: Vec<SharedReview> = reviews
            .iter()
            .map(|a| shared(&rubric, a, Some("# A talk\n\nBody.")))
            .collect();
        let mut summary = summarise(&all);
        assert_eq!(summary.groups.len(), 1);
        summary.groups.remove(0)
    }

    /// One row of the committee table, computed by hand.
    struct StatsCase {
        name: &'static str,
        preset: &'static str,
        /// Each reviewer's answers, by criterion.
        reviews: &'static [&'static [Option<u8>]],
        criterion: usize,
        n: usize,
        mean: f64,
        median: f64,
        sd: f64,
        min: f64,
        max: f64,
        median_label: &'static str,
        /// Counts per level, in scale order.
        distribution: &'static [usize],
        disagreement: bool,
    }

    #[test]
    fn criterion_statistics_match_hand_computed_values() {
        let cases = [
            StatsCase {
                name: "one reviewer",
                preset: rubric::MERIT_EXPERTISE,
                reviews: &[&[Some(3), Some(2), None]],
                criterion: 0,
                n: 1,
                mean: 4.0,
                median: 4.0,
                sd: 0.0,
                min: 4.0,
                max: 4.0,
                median_label: "4 Accept",
                distribution: &[0, 0, 0, 1, 0],
                disagreement: false,
            },
            StatsCase {
                // Merit 2, 3, 4, 5: the median falls between two levels.
                name: "median between levels",
                preset: rubric::MERIT_EXPERTISE,
                reviews: &[
                    &[Some(1), Some(0), None],
                    &[Some(2), Some(0), None],
                    &[Some(3), Some(0), None],
                    &[Some(4), Some(0), None],
                ],
                criterion: 0,
                n: 4,
                mean: 3.5,
                median: 3.5,
                sd: 1.118_033_988_749_895, // √1.25
                min: 2.0,
                max: 5.0,
                median_label: "3 Weak accept\u{2013}4 Accept",
                distribution: &[0, 1, 1, 1, 1],
                disagreement: true,
            },
            StatsCase {
                // Merit 3, 4, 4, 5: tied middle values give that level.
                name: "tied middle values",
                preset: rubric::MERIT_EXPERTISE,
                reviews: &[
                    &[Some(2), Some(0), None],
                    &[Some(3), Some(0), None],
                    &[Some(3), Some(0), None],
                    &[Some(4), Some(0), None],
                ],
                criterion: 0,
                n: 4,
                mean: 4.0,
                median: 4.0,
                sd: std::f64::consts::FRAC_1_SQRT_2, // √0.5
                min: 3.0,
                max: 5.0,
                median_label: "4 Accept",
                distribution: &[0, 0, 1, 2, 1],
                disagreement: true, // spread 2 = half of 4
            },
            StatsCase {
                // Merit 5, (none), 3: n counts answers only.
                name: "missing answer excluded",
                preset: rubric::MERIT_EXPERTISE,
                reviews: &[
                    &[Some(4), Some(1), None],
                    &[None, Some(1), None],
                    &[Some(2), Some(1), None],
                ],
                criterion: 0,
                n: 2,
                mean: 4.0,
                median: 4.0,
                sd: 1.0,
                min: 3.0,
                max: 5.0,
                median_label: "4 Accept",
                distribution: &[0, 0, 1, 0, 1],
                disagreement: true,
            },
            StatsCase {
                // Expertise is independent: shown with its statistics.
                name: "independent criterion shown",
                preset: rubric::MERIT_EXPERTISE,
                reviews: &[&[Some(3), Some(3), None], &[Some(3), Some(2), None]],
                criterion: 1,
                n: 2,
                mean: 3.5,
                median: 3.5,
                sd: 0.5,
                min: 3.0,
                max: 4.0,
                median_label: "3 Knowledgeable\u{2013}4 Expert",
                distribution: &[0, 0, 1, 1],
                disagreement: false, // spread 1 < 1.5, sd 0.5 < 0.6
            },
            StatsCase {
                // Votes +1 +1 +0 −1: points 3 3 1 −3.
                name: "votes",
                preset: rubric::PYCON_US_SCREENING,
                reviews: &[&[Some(0)], &[Some(0)], &[Some(1)], &[Some(3)]],
                criterion: 0,
                n: 4,
                mean: 1.0,
                median: 2.0,
                sd: 2.449_489_742_783_178, // √6
                min: -3.0,
                max: 3.0,
                median_label: "+0\u{2013}+1",
                distribution: &[2, 1, 0, 1],
                disagreement: true,
            },
            StatsCase {
                name: "+1 and \u{2212}1 disagree",
                preset: rubric::PYCON_US_SCREENING,
                reviews: &[&[Some(0)], &[Some(3)]],
                criterion: 0,
                n: 2,
                mean: 0.0,
                median: 0.0,
                sd: 3.0,
                min: -3.0,
                max: 3.0,
                median_label: "\u{2212}1\u{2013}+1", // 0 points: no level
                distribution: &[1, 0, 0, 1],
                disagreement: true,
            },
            StatsCase {
                name: "+1 and +0 agree",
                preset: rubric::PYCON_US_SCREENING,
                reviews: &[&[Some(0)], &[Some(1)]],
                criterion: 0,
                n: 2,
                mean: 2.0,
                median: 2.0,
                sd: 1.0,
                min: 1.0,
                max: 3.0,
                median_label: "+0\u{2013}+1",
                distribution: &[1, 1, 0, 0],
                disagreement: false,
            },
            StatsCase {
                name: "nobody answered",
                preset: rubric::PYCON_US_SCREENING,
                reviews: &[&[None], &[None]],
                criterion: 0,
                n: 0,
                mean: f64::NAN,
                median: f64::NAN,
                sd: f64::NAN,
                min: f64::NAN,
                max: f64::NAN,
                median_label: "",
                distribution: &[0, 0, 0, 0],
                disagreement: false,
            },
        ];
        for case in cases {
            let rubric = rubric::latest_preset(case.preset).unwrap();
            let reviews: Vec<Vec<Option<u8>>> = case
                .reviews
                .iter()
                .map(|a| {
                    let mut full = vec![None; rubric.criteria.len()];
                    full[..a.len()].copy_from_slice(a);
                    full
                })
                .collect();
            let refs: Vec<&[Option<u8>]> = reviews.iter().map(Vec::as_slice).collect();
            let group = group_of(case.preset, &refs);
            let row = &group.criteria[case.criterion];
            let what = case.name;
            let counts: Vec<usize> = row.distribution.iter().map(|d| d.count).collect();
            assert_eq!(counts, case.distribution, "{what}");
            assert_eq!(row.disagreement, case.disagreement, "{what}");
            match row.stats {
                None => assert_eq!(case.n, 0, "{what}"),
                Some(s) => {
                    assert_eq!(s.n, case.n, "{what}");
                    assert_eq!((s.mean, s.median), (case.mean, case.median), "{what}");
                    assert!((s.sd - case.sd).abs() < 1e-12, "{what}: sd {}", s.sd);
                    assert_eq!((s.min, s.max), (case.min, case.max), "{what}");
                    assert_eq!(
                        row.median_label.as_deref(),
                        Some(case.median_label),
                        "{what}"
                    );
                }
            }
        }
    }

    /// What a whole group adds up to, computed by hand.
    struct GroupCase {
        name: &'static str,
        preset: &'static str,
        reviews: &'static [&'static [Option<u8>]],
        pycon: Option<i32>,
        votes: [usize; 4],
        champions: usize,
        weighted_merit: Option<f64>,
        /// n and mean of the complete reviews' totals.
        total: Option<(usize, f64)>,
        has_disagreement: bool,
    }

    #[test]
    fn groups_add_up_as_the_chair_expects() {
        let cases = [
            GroupCase {
                name: "pycon +1 +1 +0 -1",
                preset: rubric::PYCON_US_SCREENING,
                reviews: &[
                    &[Some(0), Some(0), Some(0), Some(0), Some(0), None, None],
                    &[Some(0), Some(0), Some(0), Some(0), Some(0), None, None],
                    &[Some(1), Some(0), Some(0), Some(0), Some(0), None, None],
                    &[Some(3), Some(0), Some(0), Some(0), Some(0), None, None],
                ],
                pycon: Some(3 + 3 + 1 - 3),
                votes: [2, 1, 0, 1],
                champions: 2,
                weighted_merit: None,
                total: Some((4, 1.0)),
                has_disagreement: true,
            },
            GroupCase {
                // One vote missing: its standards are answered, vote is not.
                name: "pycon with a missing vote",
                preset: rubric::PYCON_US_SCREENING,
                reviews: &[
                    &[Some(1), Some(0), Some(0), Some(0), Some(0), None, None],
                    &[None, Some(0), Some(0), Some(0), Some(0), None, None],
                    &[Some(2), Some(0), Some(0), Some(0), Some(0), None, None],
                ],
                pycon: Some(0),
                votes: [0, 1, 1, 0],
                champions: 0,
                weighted_merit: None,
                total: Some((2, 0.0)),
                has_disagreement: false,
            },
            GroupCase {
                // (5, 4), (2, 1), (4, 2): (20 + 2 + 8) / 7; champion A once.
                name: "merit weighted by expertise",
                preset: rubric::MERIT_EXPERTISE,
                reviews: &[
                    &[Some(4), Some(3), Some(0)],
                    &[Some(1), Some(0), Some(3)],
                    &[Some(3), Some(1), None],
                ],
                pycon: None,
                votes: [0; 4],
                champions: 1,
                weighted_merit: Some(30.0 / 7.0),
                total: Some((3, 11.0 / 3.0)),
                has_disagreement: true,
            },
            GroupCase {
                // Expertise unanswered: left out of the weighting.
                name: "merit without expertise",
                preset: rubric::MERIT_EXPERTISE,
                reviews: &[&[Some(4), None, None], &[Some(2), Some(1), None]],
                pycon: None,
                votes: [0; 4],
                champions: 0,
                weighted_merit: Some(3.0),
                // Expertise is required: the first review is incomplete.
                total: Some((1, 3.0)),
                has_disagreement: true, // 5 and 3: spread 2, half of 1–5
            },
            GroupCase {
                // Independent "Needs a mentor" never counts: 2·4 + 4 + 4.
                name: "weighted categories, n = 1",
                preset: rubric::WEIGHTED_CATEGORIES,
                reviews: &[&[Some(4), Some(4), Some(4), Some(0)]],
                pycon: None,
                votes: [0; 4],
                champions: 0,
                weighted_merit: None,
                total: Some((1, 16.0)),
                has_disagreement: false,
            },
            GroupCase {
                name: "incomplete review out of the totals",
                preset: rubric::WEIGHTED_CATEGORIES,
                reviews: &[&[Some(4), None, Some(4), None]],
                pycon: None,
                votes: [0; 4],
                champions: 0,
                weighted_merit: None,
                total: None,
                has_disagreement: false,
            },
        ];
        for case in cases {
            let group = group_of(case.preset, case.reviews);
            let what = case.name;
            assert_eq!(group.pycon.as_ref().map(|p| p.score), case.pycon, "{what}");
            if let Some(p) = &group.pycon {
                assert_eq!(p.votes, case.votes, "{what}");
            }
            assert_eq!(group.champions.len(), case.champions, "{what}");
            assert_eq!(
                group.expertise_weighted_merit, case.weighted_merit,
                "{what}"
            );
            assert_eq!(group.total.map(|t| (t.n, t.mean)), case.total, "{what}");
            assert_eq!(group.has_disagreement(), case.has_disagreement, "{what}");
        }
    }

    #[test]
    fn champions_are_the_plus_ones() {
        let group = group_of(
            rubric::PYCON_US_SCREENING,
            &[&[Some(0)], &[Some(1)], &[Some(0)]],
        );
        for &i in &group.champions {
            assert_eq!(group.reviewers[i].review.answers[0], Some(0));
            assert!(group.reviewers[i].champion);
        }
        assert_eq!(group.champions.len(), 2);
    }

    #[test]
    fn letters_run_like_spreadsheet_columns() {
        let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].map(letter).to_vec();
        assert_eq!(got, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    // -----------------------------------------------------------------------
    // Finding links
    // -----------------------------------------------------------------------

    #[test]
    fn extract_links_finds_links_in_their_usual_wrappings() {
        let p = "AQEAAQIDBAUGBwgJ";
        let cases: [(&str, &[&str]); 10] = [
            (&format!("see https://a.example/x/#{p}."), &[&format!("https://a.example/x/#{p}")]),
            (&format!("<https://a.example/#{p}>"), &[&format!("https://a.example/#{p}")]),
            (&format!("> > file:///home/me/talkback.html#{p}"), &[&format!("file:///home/me/talkback.html#{p}")]),
            (&format!("[my review](https://a.example/#{p}) thanks"), &[&format!("https://a.example/#{p}")]),
            (&format!("#{p}, #{p}!"), &[&format!("#{p}"), &format!("#{p}")]),
            (&format!("  > {p}  "), &[p]),
            (&format!("<{p}>."), &[p]),
            // Page anchors, hashtags, words: not links.
            ("https://docs.python.org/3/library/re.html#re.sub #PyConUS #Acknowledgements-and-thanks", &[]),
            ("Abstract submitted", &[]),
            // A payload that is not alone on its line is only found after `#`.
            (&format!("code {p} here"), &[]),
        ];
        for (text, expected) in cases {
            let found = extract_links(text);
            let texts: Vec<&str> = found.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(texts, expected, "{text}");
            for c in &found {
                assert_eq!(&text[c.span.clone()], c.text, "{text}");
                assert_eq!(c.payload(), p, "{text}");
            }
        }
    }

    #[test]
    fn the_smallest_link_is_long_enough_to_be_found() {
        for rubric in rubric::presets() {
            let empty = SharedReview {
                review: Review::for_rubric(&rubric),
                proposal: None,
            };
            let fragment = link::encode_fragment(&empty).unwrap();
            assert!(
                fragment.len() >= MIN_PAYLOAD_CHARS,
                "{}: {fragment}",
                rubric.id
            );
            assert_eq!(extract_links(&fragment).len(), 1, "{fragment}");
            assert_eq!(
                extract_links(&format!("x\u{2192}#{fragment}"))[0].text,
                format!("#{fragment}")
            );
        }
    }

    #[test]
    fn extract_links_counts_lines_from_one() {
        let text = "a\r\nb https://x.example/#AQEAAQIDBAUGBwgJ\n\nAQEAAQIDBAUGBwgK\n";
        let lines: Vec<usize> = extract_links(text).iter().map(|c| c.line).collect();
        assert_eq!(lines, [2, 4]);
    }

    // -----------------------------------------------------------------------
    // A real paste
    // -----------------------------------------------------------------------

    const MOCKS: &str = "# Testing without mocks\n\nFakes, contract tests and the \
                         boundaries that make them work.\n\n## Outline\n\n- 5 min: why \
                         mocks hurt\n- 15 min: fakes\n- 5 min: questions\n";
    const PACKAGING: &str = "# Packaging in 2026\n\nWhat changed, and what to do \
                             about it.\n";

    fn pycon_review(vote: u8, author: &str, committee: &str) -> Review {
        let rubric = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
        let mut review = Review::for_rubric(&rubric);
        review.answers = vec![
            Some(vote),
            Some(0),
            Some(1),
            Some(0),
            Some(0),
            None,
            Some(1),
        ];
        author.clone_into(&mut review.author_comment);
        committee.clone_into(&mut review.committee_comment);
        review
    }

    #[test]
    fn a_speaker_link_made_with_a_committee_link_is_the_same_reviewer() {
        let proposal = "# Faster tests\n\nWe profile a slow suite.";
        let reference = link::ProposalRef::of(proposal, None);
        let shared = |review| SharedReview {
            review,
            proposal: Some(proposal.into()),
        };
        let a = shared(pycon_review(0, "Say who it is for.", "Strong, accept."));
        let b = shared(pycon_review(3, "Thanks for proposing.", "Seen it before."));
        let mut c = shared(pycon_review(1, "Nice idea.", "Unsure."));
        c.review.scores_to_speaker = Some(true);
        let make = |s: &SharedReview, kind| {
            link::encode_link(s, kind, &reference, "https://talkback.example/").unwrap()
        };
        let paste = format!(
            "Speaker copy: {}\nA: {}\nB: {}\nC to the speaker: {}\n",
            make(&a, LinkKind::SpeakerFeedback),
            make(&a, LinkKind::CommitteeReview),
            make(&b, LinkKind::CommitteeReview),
            make(&c, LinkKind::SpeakerFeedback),
        );
        let report = summarise_text(&paste);
        assert_eq!((report.links_found, report.reviews_read), (4, 3));
        assert_eq!(report.duplicates.len(), 1);
        let d = &report.duplicates[0];
        assert_eq!((d.number, d.line, d.same_as), (1, 1, 2));
        assert!(d.message.contains("speaker's copy"), "{}", d.message);
        // The committee links make one group of two reviewers; C's speaker
        // link, which has no committee twin, is read (without the proposal).
        let with_proposal = report
            .summary
            .groups
            .iter()
            .find(|g| g.title.as_deref() == Some("Faster tests"))
            .unwrap();
        assert_eq!(with_proposal.reviewers.len(), 2);
        assert_eq!(with_proposal.pycon.as_ref().unwrap().score, 3 - 3);
        // A speaker link whose review differs from the committee link is not
        // taken for its copy.
        let mut a_edited = a.clone();
        a_edited.review.author_comment.push_str(" And add timings.");
        let paste = format!(
            "{}\n{}\n",
            make(&a_edited, LinkKind::SpeakerFeedback),
            make(&a, LinkKind::CommitteeReview)
        );
        let report = summarise_text(&paste);
        assert_eq!((report.reviews_read, report.duplicates.len()), (2, 0));
    }

    fn thread_links() -> [(&'static str, SharedReview); 5] {
        let with = |review, proposal: &str| SharedReview {
            review,
            proposal: Some(proposal.to_owned()),
        };
        let mut a3 = pycon_review(3, "The outline leaves no time for the fakes demo.", "");
        a3.criterion_comments[4] = "15 minutes of fakes, but no time for setup.".into();
        [
            (
                "A1",
                with(
                    pycon_review(0, "Great topic; name the audience.", "Strong yes."),
                    MOCKS,
                ),
            ),
            (
                "A2",
                with(
                    pycon_review(0, "Clear takeaways.", "I'd champion it."),
                    MOCKS,
                ),
            ),
            ("A3", with(a3, MOCKS)),
            ("A4", with(pycon_review(1, "Fine.", ""), MOCKS)),
            (
                "B1",
                with(
                    pycon_review(1, "Say what changed since 2024.", ""),
                    PACKAGING,
                ),
            ),
        ]
    }

    /// The thread with its placeholders filled in; A4 has one character
    /// changed in the middle of its payload.
    fn thread() -> String {
        let mut text = THREAD.to_owned();
        for (name, shared) in thread_links() {
            let link = match name {
                "A1" => link::encode(&shared, "file:///home/r1/talkback.html").unwrap(),
                "A3" => link::encode_fragment(&shared).unwrap(),
                _ => link::encode(&shared, "https://talkback.example/").unwrap(),
            };
            let link = if name == "A4" {
                let hash = link.find('#').unwrap();
                let at = hash + (link.len() - hash) / 2;
                let old = link.as_bytes()[at];
                let new = if old == b'x' { "y" } else { "x" };
                format!("{}{new}{}", &link[..at], &link[at + 1..])
            } else {
                link
            };
            text = text.replace(&format!("{{{{{name}}}}}"), &link);
        }
        assert!(!text.contains("{{"), "every placeholder filled");
        text
    }

    #[test]
    fn editing_a_paste_reads_only_the_new_links_and_changes_nothing() {
        let text = thread();
        let mut cache = DecodeCache::default();
        let mut reads = Vec::new();
        let mut counted = |l: &str| {
            reads.push(l.to_string());
            cache.decode(l)
        };
        let first = summarise_text_with(&text, &mut counted);
        assert_eq!(first, summarise_text(&text));
        // The chair types a note at the end: every link is asked for again, but the
        // cache answers, with the same reviews and the same damaged link.
        let edited = format!("{text}\nDecide on Thursday.");
        let second = summarise_text_with(&edited, &mut |l: &str| cache.decode(l));
        assert_eq!(second, first);
        assert_eq!(
            cache.read.len(),
            reads.len(),
            "each link read once: {reads:?}"
        );
        assert!(
            cache.read.values().any(Result::is_err),
            "the damaged link is remembered as damaged"
        );
    }

    #[test]
    fn links_unpacked_elsewhere_summarise_as_if_read_here() {
        let text = thread();
        let mut cache = DecodeCache::default();
        let unread = cache.unread(&text);
        // Five different links (the sixth repeats the third), the damaged one too.
        assert_eq!(unread.len(), 5, "{unread:?}");
        // As the committee view does: half unpacked by a worker, sent back as one
        // batch; the other half read here.
        let (theirs, mine) = unread.split_at(unread.len() / 2);
        let batch =
            link::encode_unpacked(&theirs.iter().map(|l| link::unpack(l)).collect::<Vec<_>>());
        for (l, unpacked) in theirs.iter().zip(link::decode_unpacked(&batch).unwrap()) {
            cache.insert_unpacked(l, unpacked);
        }
        for l in mine {
            cache.decode(l).ok();
        }
        assert!(cache.unread(&text).is_empty());
        let mut asked_to_decompress = 0;
        let report = summarise_text_with(&text, &mut |l: &str| {
            asked_to_decompress += usize::from(!cache.read.contains_key(l));
            cache.decode(l)
        });
        assert_eq!(asked_to_decompress, 0);
        assert_eq!(report, summarise_text(&text));
    }

    #[test]
    fn an_email_thread_gives_two_groups_and_names_the_damaged_link() {
        let text = thread();
        let report = summarise_text(&text);
        // A2, B1, A1, A3, A4, A1 again.
        assert_eq!(report.links_found, 6);
        assert_eq!(report.reviews_read, 4);
        assert_eq!(report.duplicates.len(), 1);
        assert_eq!(report.duplicates[0].number, 6);
        assert_eq!(report.duplicates[0].same_as, 3);
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        let bad = &report.problems[0];
        assert_eq!(bad.number, 5);
        let line = text.lines().position(|l| l.contains("reviewer4")).unwrap() + 1;
        assert_eq!(bad.line, line);
        assert_eq!(bad.kind, Some(ErrorKind::Damaged));
        assert_eq!(
            bad.message,
            format!("Link 5 (line {line}): {}", ErrorKind::Damaged.message())
        );

        let groups = &report.summary.groups;
        assert_eq!(groups.len(), 2);
        // Sorted by title: packaging, then mocks.
        assert_eq!(groups[0].title.as_deref(), Some("Packaging in 2026"));
        assert_eq!(groups[1].title.as_deref(), Some("Testing without mocks"));
        let (packaging, mocks) = (&groups[0], &groups[1]);
        assert_eq!(packaging.reviewers.len(), 1);
        assert_eq!(packaging.pycon.as_ref().unwrap().score, 1);
        assert_eq!(mocks.reviewers.len(), 3);
        assert_eq!(mocks.code, short_code(fingerprint(MOCKS)));
        let pycon = mocks.pycon.as_ref().unwrap();
        assert_eq!(pycon.score, 3 + 3 - 3);
        assert_eq!(pycon.votes, [2, 0, 0, 1]);
        assert_eq!(mocks.champions.len(), 2);
        assert!(mocks.has_disagreement());
        assert_eq!(mocks.committee_comments.len(), 2);
        assert_eq!(mocks.author_feedback.general.len(), 3);
        assert_eq!(mocks.author_feedback.criteria.len(), 1);
        assert_eq!(
            mocks.author_feedback.criteria[0].label,
            "Outline fits the slot"
        );
        assert!(
            report.summary.warnings.is_empty(),
            "{:?}",
            report.summary.warnings
        );
    }

    #[test]
    fn reviewer_letters_do_not_depend_on_paste_order() {
        let links: Vec<String> = thread_links()
            .iter()
            .map(|(_, s)| link::encode(s, "https://talkback.example/").unwrap())
            .collect();
        let letters_of = |order: &[usize]| {
            let paste = order.iter().fold(String::new(), |mut paste, &i| {
                let _ = writeln!(paste, "{}", links[i]);
                paste
            });
            let report = summarise_text(&paste);
            let mut by_review: Vec<(String, String)> = report
                .summary
                .groups
                .iter()
                .flat_map(|g| &g.reviewers)
                .map(|r| (r.review.author_comment.clone(), r.letter.clone()))
                .collect();
            by_review.sort();
            by_review
        };
        let reference = letters_of(&[0, 1, 2, 3, 4]);
        assert_eq!(reference.len(), 5);
        for order in [
            [4, 3, 2, 1, 0],
            [2, 0, 4, 1, 3],
            [1, 2, 3, 4, 0],
            [3, 4, 0, 2, 1],
        ] {
            assert_eq!(letters_of(&order), reference, "{order:?}");
        }
    }

    #[test]
    fn versions_and_rubrics_are_never_mixed_silently() {
        let pycon = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
        let merit = preset(rubric::MERIT_EXPERTISE, 1).unwrap();
        let v2 = format!("{MOCKS}\nNow with a live demo.\n");
        let reviews = [
            shared(&pycon, &[Some(0)], Some(MOCKS)),
            // Same text re-wrapped: the same proposal.
            shared(&pycon, &[Some(1)], Some(&MOCKS.replace('\n', "\r\n"))),
            shared(&pycon, &[Some(1)], Some(&v2)),
            shared(&merit, &[Some(4), Some(3), None], Some(MOCKS)),
            shared(&pycon, &[Some(3)], None),
        ]
        .map(|mut s| {
            s.review
                .answers
                .resize(s.review.criterion_comments.len(), None);
            s
        });
        let summary = summarise(&reviews);
        let shape: Vec<(Option<&str>, &str, usize)> = summary
            .groups
            .iter()
            .map(|g| (g.title.as_deref(), g.rubric.id.as_str(), g.reviewers.len()))
            .collect();
        let title = Some("Testing without mocks");
        let (merit_v1, pycon_v1, pycon_v2, pycon_none) = (
            (title, rubric::MERIT_EXPERTISE, 1),
            (title, rubric::PYCON_US_SCREENING, 2),
            (title, rubric::PYCON_US_SCREENING, 1),
            (None, rubric::PYCON_US_SCREENING, 1),
        );
        // Same title: by code, then by rubric name.
        let expected = if short_code(fingerprint(MOCKS)) < short_code(fingerprint(&v2)) {
            [merit_v1, pycon_v1, pycon_v2, pycon_none]
        } else {
            [pycon_v2, merit_v1, pycon_v1, pycon_none]
        };
        assert_eq!(shape, expected);
        let kinds: Vec<WarningKind> = summary.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [
                WarningKind::ProposalVersions,
                WarningKind::MixedRubrics,
                WarningKind::ProposalNotIncluded
            ]
        );
        let versions = &summary.warnings[0].message;
        assert!(versions.contains("2 different versions of \u{201c}Testing without mocks\u{201d}"));
        assert!(versions.contains(&short_code(fingerprint(&v2))));
        assert!(summary.warnings[1]
            .message
            .contains("Merit and expertise, version 1"));
        assert!(summary.warnings[2]
            .message
            .starts_with("1 review does not include"));
        assert_eq!(summary.groups[3].code, "proposal not included");
        assert!(summary.groups[3]
            .heading()
            .starts_with("Proposal not included"));
    }

    #[test]
    fn custom_rubrics_group_by_content() {
        let mut custom = Rubric::custom("Lightning");
        custom
            .criteria
            .push(Criterion::new("fun", "Fun", Scale::YesNo));
        let mut other = custom.clone();
        other.criteria[0].label = "Fun?".into();
        let reviews = [
            shared(&custom, &[Some(0)], Some(MOCKS)),
            shared(&custom, &[Some(1)], Some(MOCKS)),
            shared(&other, &[Some(1)], Some(MOCKS)),
        ];
        let summary = summarise(&reviews);
        assert_eq!(summary.groups.len(), 2);
        assert_eq!(summary.warnings[0].kind, WarningKind::MixedRubrics);
        assert!(summary.groups[0].heading().contains("(custom rubric "));
    }

    // -----------------------------------------------------------------------
    // Exports
    // -----------------------------------------------------------------------

    fn mocks_group() -> Group {
        let mut report = summarise_text(&thread());
        report.summary.groups.remove(1)
    }

    #[test]
    fn author_markdown_has_author_comments_and_never_committee_ones() {
        let mut group = mocks_group();
        // A passage comment from one reviewer, and a pseudonym from another.
        let start = MOCKS.find("contract tests").unwrap();
        group.reviewers[0].pseudonym = Some("Sam".into());
        group.author_feedback.passages.push(PassageComment {
            letter: "B".into(),
            quote: "contract tests".into(),
            comment: "Define these for newcomers.".into(),
            position: Some(start),
            anchored: AnchoredComment {
                audience: None,
                anchor: Anchor::new(MOCKS, start..start + "contract tests".len()),
                comment: "Define these for newcomers.".into(),
            },
        });
        let md = author_markdown(&group);
        for author in [
            "Great topic; name the audience.",
            "Clear takeaways.",
            "The outline leaves no time for the fakes demo.",
            "### Outline fits the slot",
            "15 minutes of fakes, but no time for setup.",
            "> contract tests\n\n**Reviewer B:** Define these for newcomers.",
        ] {
            assert!(md.contains(author), "{author} missing from\n{md}");
        }
        for committee in ["Strong yes.", "champion it", "Sam", "+1", "score"] {
            assert!(!md.contains(committee), "{committee} leaked into\n{md}");
        }
        assert!(
            md.starts_with("# Feedback on \u{201c}Testing without mocks\u{201d}\n\n3 reviewers")
        );
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks() {
        let mut out = String::new();
        for field in [
            "plain",
            "a, b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "",
            "-3",
            "+1",
            "=SUM(A1)",
            "@me, too",
        ] {
            csv_field(&mut out, field);
            out.push('|');
        }
        assert_eq!(
            out,
            "plain|\"a, b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\rhere\"||-3|+1|'=SUM(A1)|\"'@me, too\"|"
        );

        let mut group = mocks_group();
        group.reviewers[1].pseudonym = Some("Sam \"the\", reviewer\nII".into());
        group.criteria[1].label = "Relevant, \"really\"".into();
        let csv = table_csv(&group);
        let rows: Vec<&str> = csv.split_terminator("\r\n").collect();
        assert_eq!(
            rows[0],
            "criterion,n,mean,median,sd,min,max,Reviewer A,\"Reviewer B (Sam \"\"the\"\", reviewer\nII)\",Reviewer C"
        );
        assert!(rows[2].starts_with("\"Relevant, \"\"really\"\"\",3,2,2,0,2,2,Meets,Meets,Meets"));
        assert_eq!(rows.len(), 1 + 7 + 1);
        assert!(
            rows[8].starts_with("Weighted total,3,1,3,2.83,-3,3,"),
            "{}",
            rows[8]
        );
        // Every row has the same number of fields outside quotes.
        let fields = |row: &str| {
            row.split('"')
                .step_by(2)
                .map(|s| s.matches(',').count())
                .sum::<usize>()
        };
        assert!(rows.iter().all(|r| fields(r) == fields(rows[0])));
    }

    #[test]
    fn json_export_parses_and_matches_the_table() {
        let group = mocks_group();
        let v = crate::json::parse(&table_json(&group)).unwrap();
        let vote = &v.get("criteria").unwrap().as_array().unwrap()[0];
        assert_eq!(vote.get("label").unwrap().as_str(), Some("Overall vote"));
        assert_eq!(
            vote.get("stats").unwrap().get("n").unwrap().as_i64(),
            Some(3)
        );
        assert_eq!(vote.get("disagreement").unwrap().as_bool(), Some(true));
        assert_eq!(
            v.get("pycon").unwrap().get("score").unwrap().as_i64(),
            Some(3)
        );
        assert_eq!(v.get("champions").unwrap().as_array().unwrap().len(), 2);
        assert_eq!(v.get("expertise_weighted_merit"), Some(&Value::Null));
        assert!(!table_json(&group).contains("Strong yes."));
    }

    #[test]
    fn combined_review_carries_author_feedback_only() {
        let mut group = mocks_group();
        let start = MOCKS.find("fakes").unwrap();
        group.author_feedback.passages.push(PassageComment {
            letter: "C".into(),
            quote: "fakes".into(),
            comment: "Which kind?".into(),
            position: Some(start),
            anchored: AnchoredComment {
                audience: None,
                anchor: Anchor::new(MOCKS, start..start + 5),
                comment: "Which kind?".into(),
            },
        });
        let combined = combine(&group).unwrap();
        assert_eq!(combined.proposal.as_deref(), Some(MOCKS));
        assert!(combined.review.answers.iter().all(Option::is_none));
        assert!(combined.review.committee_comment.is_empty());
        assert!(combined.review.author_comment.contains("Clear takeaways."));
        assert!(!combined.review.author_comment.contains("Strong yes."));
        assert_eq!(
            combined.review.anchors[0].comment,
            "Reviewer C: Which kind?"
        );
        let link = link::encode(&combined, "https://talkback.example/").unwrap();
        assert_eq!(link::decode(&link).unwrap(), combined);

        group.author_feedback.general[0].text = "x".repeat(AUTHOR_COMMENT_MAX_CHARS);
        assert_eq!(combine(&group), Err(CombineError::TooLong));
        group.proposal = None;
        assert_eq!(combine(&group), Err(CombineError::NoProposal));
    }

    // -----------------------------------------------------------------------
    // Speed
    // -----------------------------------------------------------------------

    /// A proposal of about 10 KB, different for each `i`.
    fn long_proposal(i: usize) -> String {
        let mut text = format!("# Talk number {i}\n\n");
        let mut n = 0;
        while text.len() < 10_000 {
            let _ = write!(
                text,
                "Paragraph {n} of talk {i}: we show how tests, types and tooling help a \
                 team ship Python with confidence, with examples from real projects.\n\n"
            );
            n += 1;
        }
        text
    }

    #[test]
    fn fifty_links_with_proposals_summarise_correctly() {
        let pycon = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
        let proposals: Vec<String> = (0..10).map(long_proposal).collect();
        let mut paste = String::new();
        for i in 0..50 {
            let mut review = Review::for_rubric(&pycon);
            let vote = u8::try_from(i % 4).unwrap();
            review.answers[0] = Some(vote);
            review.author_comment = format!("Comment {i}: tighten the outline.");
            review.committee_comment = format!("Committee note {i}.");
            let shared = SharedReview {
                review,
                proposal: Some(proposals[i / 5].clone()),
            };
            let link = link::encode(&shared, "https://talkback.example/").unwrap();
            let _ = writeln!(paste, "> Review {i}: <{link}>");
        }
        let started = std::time::Instant::now();
        let report = summarise_text(&paste);
        let elapsed = started.elapsed();
        eprintln!("decode + summarise of 50 links: {elapsed:?}");
        assert_eq!((report.links_found, report.reviews_read), (50, 50));
        assert!(report.problems.is_empty() && report.duplicates.is_empty());
        assert_eq!(report.summary.groups.len(), 10);
        for group in &report.summary.groups {
            assert_eq!(group.reviewers.len(), 5);
            // Five consecutive reviews have votes i % 4: e.g. 0 1 2 3 0.
            let first = group
                .title
                .as_deref()
                .and_then(|t| t.strip_prefix("Talk number "))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap();
            let expected: i32 = (first * 5..first * 5 + 5)
                .map(|i| Vote::ALL[i % 4].points())
                .sum();
            assert_eq!(group.pycon.as_ref().unwrap().score, expected);
            assert_eq!(group.author_feedback.general.len(), 5);
        }
    }
}
