//! Grouping decoded reviews by proposal and rubric, and summarising each group.

use std::collections::HashMap;

use super::stats::{disagrees, median_label, stats, Stats};
use crate::anchor::AnchoredComment;
use crate::link::{speaker_view, ProposalRef, SharedReview};
use crate::proposal;
use crate::rubric::{Rubric, RubricRef, Scale};
use crate::scoring::{pycon_score, score, Audience, Review, Score, Vote};

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
    /// What the speaker may read: each reviewer's [`speaker_view`] (overall,
    /// per criterion, on passages, the reasons ticked).
    pub author_feedback: AuthorFeedback,
    /// Everything else the reviewers wrote, for the committee only: the
    /// comments for the committee (as `general`), the committee-only
    /// comments on criteria and on passages. Never in the author's exports.
    pub committee_feedback: AuthorFeedback,
    /// Whether every criterion counted in the total has points of its own
    /// (an ordinal scale such as `1`–`5`), so the weighted total means
    /// something; votes, checks and yes/no are summarised by label.
    pub total_in_points: bool,
    /// The CFP's own code for the proposal, when a link carried one.
    pub cfp_code: Option<String>,
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
    /// Which reviewer file the review came from (see [`Sourced::source`]);
    /// `None`: pasted, reviewer unknown.
    pub source: Option<usize>,
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
    /// Whether the scale has points of its own ([`has_points`]): only then
    /// are the mean, SD and range shown; otherwise the summary speaks in
    /// the scale's labels (counts per label, the median label).
    pub in_points: bool,
}

/// Whether `scale` has points of its own: an ordinal scale whose levels the
/// rubric numbers (`1 Poor` … `5 Excellent`). Votes (+1 / +0 / −0 / −1),
/// checks and yes/no are labels: the points Talkback gives them internally
/// (3 / 1 / −1 / −3 …) are for ordering, never shown as a score.
///
/// ```
/// use talkback_core::committee::has_points;
/// use talkback_core::rubric::Scale;
/// assert!(!has_points(&Scale::Vote));
/// assert!(has_points(&Scale::numbered(1, &[("Poor", ""), ("Good", "")])));
/// ```
pub fn has_points(scale: &Scale) -> bool {
    matches!(scale, Scale::Ordinal(_))
}

/// A review as read from a link, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced {
    /// The review.
    pub shared: SharedReview,
    /// The proposal reference its link carried (empty for version-1 links).
    pub reference: ProposalRef,
    /// Which reviewer file it came from, counting from 0; `None` when it was
    /// pasted (its reviewer is unknown). Reviews from one file are one
    /// reviewer's, which is what calibration needs.
    pub source: Option<usize>,
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
    /// The reasons ticked (ids, see [`crate::reasons`]), each once, in the
    /// order first ticked by letter. Empty for the committee's part.
    pub reasons: Vec<u8>,
}

impl AuthorFeedback {
    /// Whether there is nothing to tell the author.
    pub fn is_empty(&self) -> bool {
        self.general.is_empty()
            && self.criteria.is_empty()
            && self.passages.is_empty()
            && self.reasons.is_empty()
    }
}

impl Group {
    /// The heading shown above the group, e.g. `“Faster tests” (3F9A-12C4),
    /// PyCon US screening, version 1`.
    pub fn heading(&self) -> String {
        let proposal = match (&self.title, self.fingerprint) {
            (Some(t), Some(_)) => format!("\u{201c}{t}\u{201d} ({})", self.code),
            (None, Some(_)) => match &self.cfp_code {
                Some(c) => format!("Proposal {c} ({})", self.code),
                None => format!("Untitled proposal ({})", self.code),
            },
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
pub(super) fn letter(mut index: usize) -> String {
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
/// out; [`link::decode`](crate::link::decode) already rejects them.
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
    let sourced: Vec<Sourced> = reviews
        .iter()
        .map(|shared| Sourced {
            shared: shared.clone(),
            reference: ProposalRef::default(),
            source: None,
        })
        .collect();
    summarise_sourced(&sourced)
}

/// The proposal key of a reference's hash: its first 8 bytes.
fn reference_key(reference: &ProposalRef) -> Option<u64> {
    let hash = reference.hash?;
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash[..8]);
    Some(u64::from_be_bytes(bytes))
}

/// [`summarise`] of reviews with their proposal references and sources.
///
/// A review whose link carries the proposal is grouped by the text's
/// [`fingerprint`]; one that carries only a reference (as the workspace
/// exports them) joins the group of a review with the same reference that
/// has the text, or else a group of its own keyed by the reference's hash,
/// with the CFP's code as its name when there is one.
pub fn summarise_sourced(reviews: &[Sourced]) -> Summary {
    // Group, keeping first-seen order of keys for determinism before sorting.
    let mut index: HashMap<(Option<u64>, RubricKey), usize> = HashMap::new();
    let mut buckets: Vec<(Option<u64>, RubricKey, Rubric, Vec<&Sourced>)> = Vec::new();
    // Reviews of one proposal usually carry identical copies of it: compare
    // (a memcmp) before hashing (a multiply per byte).
    let mut fingerprints: Vec<(&str, u64)> = Vec::new();
    // Reference hash → the fingerprint of the text a link with it carried.
    let mut by_reference: Vec<(u64, u64)> = Vec::new();
    let mut keyed: Vec<(Option<u64>, &Sourced)> = Vec::with_capacity(reviews.len());
    for sourced in reviews {
        let fp = sourced.shared.proposal.as_deref().map(|text| {
            if let Some(&(_, fp)) = fingerprints.iter().find(|(t, _)| *t == text) {
                fp
            } else {
                let fp = fingerprint(text);
                fingerprints.push((text, fp));
                fp
            }
        });
        if let (Some(fp), Some(r)) = (fp, reference_key(&sourced.reference)) {
            if !by_reference.iter().any(|&(known, _)| known == r) {
                by_reference.push((r, fp));
            }
        }
        keyed.push((fp, sourced));
    }
    for (fp, sourced) in keyed {
        let Some(rubric) = sourced.shared.review.rubric.resolve() else {
            continue;
        };
        let fp = fp.or_else(|| {
            reference_key(&sourced.reference).map(|r| {
                by_reference
                    .iter()
                    .find(|&&(known, _)| known == r)
                    .map_or(r, |&(_, fp)| fp)
            })
        });
        let key = RubricKey::of(&sourced.shared.review.rubric);
        let slot = *index.entry((fp, key.clone())).or_insert_with(|| {
            buckets.push((fp, key, rubric, Vec::new()));
            buckets.len() - 1
        });
        buckets[slot].3.push(sourced);
    }

    let mut titles: HashMap<u64, Option<String>> = HashMap::new();
    let mut groups: Vec<Group> = buckets
        .into_iter()
        .map(|(fp, key, rubric, members)| {
            let title = fp.and_then(|fp| {
                titles
                    .entry(fp)
                    .or_insert_with(|| {
                        members
                            .iter()
                            .find_map(|m| m.shared.proposal.as_deref())
                            .and_then(title_of)
                    })
                    .clone()
            });
            summarise_group(fp, key, rubric, title, &members)
        })
        .collect();
    crate::sort::sort_by(&mut groups, |a, b| {
        let order = |g: &Group| {
            (
                g.fingerprint.is_none(),
                g.title.as_deref().map(crate::fold::lower),
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
            let norm = crate::fold::lower(title);
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
    members: &[&Sourced],
) -> Group {
    // Letters by content hash; ties (identical reviews) are interchangeable.
    let mut ordered: Vec<(u64, &Sourced)> = members
        .iter()
        .map(|s| (content_hash(&s.shared.review), *s))
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
            pseudonym: s.shared.review.pseudonym.clone(),
            score: score(&rubric, &s.shared.review),
            champion: champion_criteria
                .iter()
                .any(|&c| s.shared.review.answers.get(c).copied().flatten() == Some(0)),
            review: s.shared.review.clone(),
            source: s.source,
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
                in_points: has_points(&c.scale),
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

    let proposal = ordered.iter().find_map(|(_, s)| s.shared.proposal.clone());
    let cfp_code = ordered.iter().find_map(|(_, s)| s.reference.code.clone());
    let speaker_views: Vec<Review> = reviewers
        .iter()
        .map(|r| {
            speaker_view(&SharedReview {
                review: r.review.clone(),
                proposal: None,
            })
            .review
        })
        .collect();
    let author_feedback = feedback_of(
        &rubric,
        &reviewers,
        proposal.as_deref(),
        |i| &speaker_views[i].author_comment,
        |i, c| {
            speaker_views[i]
                .criterion_comments
                .get(c)
                .map(String::as_str)
        },
        |i| speaker_views[i].anchors.iter().collect(),
        true,
    );
    let committee_feedback = feedback_of(
        &rubric,
        &reviewers,
        proposal.as_deref(),
        |i| &reviewers[i].review.committee_comment,
        |i, c| {
            let review = &reviewers[i].review;
            (review.criterion_audience(c, &rubric) != Audience::Speaker)
                .then(|| review.criterion_comments.get(c).map(String::as_str))
                .flatten()
        },
        |i| {
            let review = &reviewers[i].review;
            review
                .anchors
                .iter()
                .enumerate()
                .filter(|&(a, _)| review.anchor_audience(a, &rubric) != Audience::Speaker)
                .map(|(_, a)| a)
                .collect()
        },
        false,
    );
    let total_in_points = rubric
        .criteria
        .iter()
        .filter(|c| !c.independent)
        .all(|c| has_points(&c.scale));

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
        committee_feedback,
        total_in_points,
        cfp_code,
        criteria,
        reviewers,
        rubric,
    }
}

/// One audience's comments: `general(i)`, `criterion(i, c)` and `anchors(i)`
/// give reviewer `i`'s overall comment, comment on criterion `c` and passage
/// comments for that audience; `reasons`: whether the reasons ticked belong.
fn feedback_of<'a>(
    rubric: &Rubric,
    reviewers: &[Reviewer],
    proposal: Option<&str>,
    general: impl Fn(usize) -> &'a String,
    criterion: impl Fn(usize, usize) -> Option<&'a str>,
    anchors: impl Fn(usize) -> Vec<&'a AnchoredComment>,
    reasons: bool,
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
        .enumerate()
        .filter_map(|(i, r)| lettered(r, general(i)))
        .collect();
    let criteria = rubric
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(index, c)| {
            let comments: Vec<Lettered> = reviewers
                .iter()
                .enumerate()
                .filter_map(|(i, r)| lettered(r, criterion(i, index)?))
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
        .enumerate()
        .flat_map(|(i, r)| {
            anchors(i).into_iter().filter_map(|a| {
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
    let mut ticked: Vec<u8> = Vec::new();
    if reasons {
        for r in reviewers {
            for &id in &r.review.reasons {
                if !ticked.contains(&id) {
                    ticked.push(id);
                }
            }
        }
    }
    AuthorFeedback {
        general,
        criteria,
        passages,
        reasons: ticked,
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
