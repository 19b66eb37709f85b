//! The chair's ranking of every proposal, calibration of reviewers' harshness, and
//! decisions with their CSV and letters.
//!
//! # Scores
//!
//! Each review gives one number: on a rubric with a vote criterion, the vote in PyCon
//! points (+1 = 3, +0 = 1, −0 = −1, −1 = −3, the points the PyCon score adds up);
//! otherwise the weighted total, in points, of a complete review. A proposal's mean,
//! median and spread are over its reviews' numbers, weighted by expertise where the
//! rubric has a criterion keyed `expertise` (a review counts as many times as its
//! expertise level's points when they are positive, else once).
//!
//! # Normalisation
//!
//! Reviewers differ in harshness. A reviewer is known only by the file their links
//! came in ([`super::Sourced::source`]). Within each reviewer (and rubric), each number
//! becomes a z-score, `(x − the reviewer's mean) ÷ the reviewer's standard deviation`,
//! which is then mapped back onto the scale: `all reviews' mean + z × all reviews'
//! standard deviation` (same rubric), kept within the scale's lowest and highest
//! number. A reviewer with one review, or pasted links (reviewer unknown), keeps the
//! raw number; a reviewer who gave every proposal the same number says nothing about
//! their order, so each of their reviews becomes the overall mean.

use std::fmt::Write as _;

use super::export::{author_markdown, csv_field, format_number};
use super::stats::{stats, Stats};
use super::summary::{Group, RubricKey, Summary};
use crate::proposal::{self, FieldKind};
use crate::rubric::Scale;

/// What a review adds to the ranking, and the scale's range of such numbers.
fn review_number(group: &Group, reviewer: usize) -> Option<f64> {
    let r = group.reviewers.get(reviewer)?;
    match group
        .rubric
        .criteria
        .iter()
        .position(|c| matches!(c.scale, Scale::Vote))
    {
        Some(vote) => group.criteria[vote].answers[reviewer]
            .as_ref()
            .map(|a| f64::from(a.points)),
        None => r.score.complete.then_some(r.score.total),
    }
}

/// Lowest and highest number a review of `group` can give.
fn number_range(group: &Group) -> (f64, f64) {
    if let Some(c) = group
        .rubric
        .criteria
        .iter()
        .find(|c| matches!(c.scale, Scale::Vote))
    {
        return (
            f64::from(c.scale.min_points()),
            f64::from(c.scale.max_points()),
        );
    }
    group
        .reviewers
        .first()
        .map_or((0.0, 0.0), |r| (r.score.min, r.score.max))
}

/// How much a review counts: its expertise level's points when the rubric records
/// expertise and they are positive, else 1.
fn expertise_weight(group: &Group, reviewer: usize) -> f64 {
    group
        .rubric
        .criterion_index("expertise")
        .and_then(|e| group.criteria[e].answers.get(reviewer)?.as_ref())
        .map_or(1.0, |a| {
            if a.points > 0 {
                f64::from(a.points)
            } else {
                1.0
            }
        })
}

/// One row of the ranking: one proposal (one group of the summary).
#[derive(Debug, Clone, PartialEq)]
pub struct RankRow {
    /// Index of the group in [`Summary::groups`].
    pub group: usize,
    /// The key decisions are kept under: the CFP's code when a link carried one,
    /// else the proposal's short code.
    pub key: String,
    /// The proposal's title, or `Proposal <CFP code>` / `Untitled proposal (<code>)`.
    pub title: String,
    /// Track or category, when the proposal says.
    pub track: Option<String>,
    /// Session format (talk, tutorial…), when the proposal says.
    pub format: Option<String>,
    /// The PyCon score, for rubrics with a vote.
    pub pycon: Option<i32>,
    /// Mean of the reviews' numbers (expertise-weighted where recorded).
    pub mean: Option<f64>,
    /// Median of the reviews' numbers.
    pub median: Option<f64>,
    /// Highest minus lowest number.
    pub spread: Option<f64>,
    /// Mean of the normalised numbers (expertise-weighted where recorded).
    pub normalised: Option<f64>,
    /// Whether the reviewers disagree on a criterion that counts.
    pub disagreement: bool,
    /// How many reviewers champion it.
    pub champions: usize,
    /// How many reviews.
    pub reviews: usize,
}

fn weighted_mean(values: &[(f64, f64)]) -> Option<f64> {
    let weights: f64 = values.iter().map(|(_, w)| w).sum();
    (weights > 0.0).then(|| values.iter().map(|(v, w)| v * w).sum::<f64>() / weights)
}

/// Every review's number normalised within its reviewer (see the module docs), by
/// group and reviewer index.
/// A reviewer file (or `None`: every review) and a rubric.
type Whose<'s> = (Option<usize>, &'s RubricKey);

fn normalised_numbers<'s>(summary: &'s Summary) -> Vec<Vec<Option<f64>>> {
    // Per (reviewer file, rubric): the numbers; per rubric (file `None`): all numbers.
    // A few reviewers and rubrics: a list is smaller in the wasm than a map.
    let mut numbers: Vec<(Whose<'s>, Vec<f64>)> = Vec::new();
    let mut add = |key: (Option<usize>, &'s RubricKey), x: f64| match numbers
        .iter_mut()
        .find(|(k, _)| *k == key)
    {
        Some((_, v)) => v.push(x),
        None => numbers.push((key, vec![x])),
    };
    for g in &summary.groups {
        for (i, r) in g.reviewers.iter().enumerate() {
            let Some(x) = review_number(g, i) else {
                continue;
            };
            add((None, &g.rubric_key), x);
            if r.source.is_some() {
                add((r.source, &g.rubric_key), x);
            }
        }
    }
    let stats_of: Vec<(Whose, Stats)> = numbers
        .iter()
        .filter_map(|(k, v)| Some((*k, stats(v)?)))
        .collect();
    let find = |key: Whose| stats_of.iter().find(|(k, _)| *k == key).map(|(_, s)| *s);
    summary
        .groups
        .iter()
        .map(|g| {
            let (lo, hi) = number_range(g);
            g.reviewers
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let x = review_number(g, i)?;
                    let all = find((None, &g.rubric_key))?;
                    let Some(own) = r
                        .source
                        .and_then(|s| find((Some(s), &g.rubric_key)))
                        .filter(|s| s.n >= 2)
                    else {
                        return Some(x);
                    };
                    let z = if own.sd > 0.0 {
                        (x - own.mean) / own.sd
                    } else {
                        0.0
                    };
                    // Not `clamp`: its panic message formats floats, ~10 KB of wasm.
                    Some((all.mean + z * all.sd).max(lo).min(hi))
                })
                .collect()
        })
        .collect()
}

/// The ranking rows of `summary`, one per group, in summary order (see [`sort_rows`]).
///
/// ```
/// use talkback_core::committee::{ranking, summarise};
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let rubric = preset("pycon-us-screening", 1).unwrap();
/// let vote = |level| {
///     let mut review = Review::for_rubric(&rubric);
///     review.answers[0] = Some(level);
///     SharedReview { review, proposal: Some("# Fast tests\n\nBody.".into()) }
/// };
/// // +1, +0 and −1: PyCon points 3, 1 and −3.
/// let rows = ranking(&summarise(&[vote(0), vote(1), vote(3)]));
/// assert_eq!(rows[0].pycon, Some(1));
/// assert_eq!((rows[0].median, rows[0].spread), (Some(1.0), Some(6.0)));
/// assert_eq!((rows[0].champions, rows[0].reviews), (1, 3));
/// ```
pub fn ranking(summary: &Summary) -> Vec<RankRow> {
    let normalised = normalised_numbers(summary);
    summary
        .groups
        .iter()
        .zip(&normalised)
        .enumerate()
        .map(|(index, (g, norm))| {
            let numbers: Vec<(f64, f64)> = (0..g.reviewers.len())
                .filter_map(|i| Some((review_number(g, i)?, expertise_weight(g, i))))
                .collect();
            let plain: Vec<f64> = numbers.iter().map(|(x, _)| *x).collect();
            let s = stats(&plain);
            let normalised: Vec<(f64, f64)> = norm
                .iter()
                .enumerate()
                .filter_map(|(i, x)| Some(((*x)?, expertise_weight(g, i))))
                .collect();
            let parsed = g.proposal.as_deref().map(proposal::parse);
            let field = |kind| {
                parsed
                    .as_ref()
                    .and_then(|p| p.text(kind))
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|t| !t.is_empty())
            };
            RankRow {
                group: index,
                key: g.cfp_code.clone().unwrap_or_else(|| g.code.clone()),
                title: g.title.clone().unwrap_or_else(|| match &g.cfp_code {
                    Some(c) => format!("Proposal {c}"),
                    None => format!("Untitled proposal ({})", g.code),
                }),
                track: field(FieldKind::Track),
                format: field(FieldKind::Format),
                pycon: g.pycon.as_ref().map(|p| p.score),
                mean: weighted_mean(&numbers),
                median: s.map(|s| s.median),
                spread: s.map(|s| s.max - s.min),
                normalised: weighted_mean(&normalised),
                disagreement: g.has_disagreement(),
                champions: g.champions.len(),
                reviews: g.reviewers.len(),
            }
        })
        .collect()
}

/// A column of the ranking to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// The PyCon score.
    Pycon,
    /// The mean of the raw numbers.
    Mean,
    /// The mean of the normalised numbers.
    Normalised,
    /// The median.
    Median,
    /// The spread.
    Spread,
    /// Disagreement first.
    Disagreement,
    /// Most champions first.
    Champions,
    /// Most reviews first.
    Reviews,
    /// By title, A to Z.
    Title,
}

/// Sorts `rows` best first by `key` (A to Z for the title); ties keep the order of
/// the raw mean, then the title. Missing values go last.
///
/// ```
/// use talkback_core::committee::{ranking, sort_rows, summarise, SortKey};
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let rubric = preset("pycon-us-screening", 1).unwrap();
/// let vote = |level, title: &str| {
///     let mut review = Review::for_rubric(&rubric);
///     review.answers[0] = Some(level);
///     SharedReview { review, proposal: Some(format!("# {title}\n\nBody.")) }
/// };
/// let summary = summarise(&[vote(3, "Alpha"), vote(0, "Beta"), vote(1, "Gamma")]);
/// let mut rows = ranking(&summary);
/// sort_rows(&mut rows, SortKey::Pycon);
/// let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
/// assert_eq!(titles, ["Beta", "Gamma", "Alpha"]);
/// ```
pub fn sort_rows(rows: &mut [RankRow], key: SortKey) {
    #[allow(clippy::cast_precision_loss)] // counts are small
    let value = |r: &RankRow| -> Option<f64> {
        match key {
            SortKey::Pycon => r.pycon.map(f64::from),
            SortKey::Mean => r.mean,
            SortKey::Normalised => r.normalised,
            SortKey::Median => r.median,
            SortKey::Spread => r.spread,
            SortKey::Disagreement => Some(f64::from(u8::from(r.disagreement))),
            SortKey::Champions => Some(r.champions as f64),
            SortKey::Reviews => Some(r.reviews as f64),
            SortKey::Title => None,
        }
    };
    let desc = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    crate::sort::sort_by(rows, |a, b| {
        desc(value(a), value(b))
            .then_with(|| desc(a.mean, b.mean))
            .then_with(|| crate::fold::lower(&a.title).cmp(&crate::fold::lower(&b.title)))
            .then_with(|| a.key.cmp(&b.key))
    });
}

/// Whether `row` matches the chair's filter: every word of `filter` in its title,
/// code, track or format (ignoring case).
pub fn row_matches(row: &RankRow, filter: &str) -> bool {
    let haystack = crate::fold::lower(&format!(
        "{} {} {} {}",
        row.title,
        row.key,
        row.track.as_deref().unwrap_or_default(),
        row.format.as_deref().unwrap_or_default()
    ));
    crate::fold::lower(filter)
        .split_whitespace()
        .all(|w| haystack.contains(w))
}

/// The chair's decision on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Decision {
    /// Not decided yet.
    #[default]
    Undecided,
    /// Accepted.
    Accept,
    /// On the waiting list.
    Waitlist,
    /// Declined.
    Decline,
}

impl Decision {
    /// Every decision, in the order offered.
    pub const ALL: [Decision; 4] = [
        Decision::Undecided,
        Decision::Accept,
        Decision::Waitlist,
        Decision::Decline,
    ];

    /// The word shown and exported, also the stored form: `undecided`, `accept`,
    /// `waitlist`, `decline`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Undecided => "undecided",
            Decision::Accept => "accept",
            Decision::Waitlist => "waitlist",
            Decision::Decline => "decline",
        }
    }

    /// The decision a stored word names; anything else is undecided.
    pub fn parse(word: &str) -> Decision {
        Decision::ALL
            .into_iter()
            .find(|d| d.as_str() == word)
            .unwrap_or_default()
    }

    /// The sentence that opens the letter to the speaker.
    fn opening(self) -> Option<&'static str> {
        match self {
            Decision::Undecided => None,
            Decision::Accept => Some(
                "Thank you for your proposal: we are glad to tell you it has been accepted. \
                 The reviewers' comments below may help you prepare the talk.",
            ),
            Decision::Waitlist => Some(
                "Thank you for your proposal. It is on our waiting list: we will write again \
                 if a slot opens. The reviewers' comments are below.",
            ),
            Decision::Decline => Some(
                "Thank you for your proposal. We are sorry that we could not include it this \
                 time; the reviewers' comments below say how it could be stronger.",
            ),
        }
    }
}

/// The letter to the speaker of a decided proposal: the decision's opening sentence,
/// then the combined letter of the speaker-visible reviews and reasons
/// ([`author_markdown`]). `None` while undecided.
///
/// ```
/// use talkback_core::committee::{decision_letter, summarise, Decision};
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.author_comment = "Name the audience.".into();
/// review.committee_comment = "Weak.".into();
/// let group = &summarise(&[SharedReview { review, proposal: Some("# T\n\nB.".into()) }]).groups[0];
/// let letter = decision_letter(group, Decision::Decline).unwrap();
/// assert!(letter.contains("could not include it") && letter.contains("Name the audience."));
/// assert!(!letter.contains("Weak."));
/// assert_eq!(decision_letter(group, Decision::Undecided), None);
/// ```
pub fn decision_letter(group: &Group, decision: Decision) -> Option<String> {
    let opening = decision.opening()?;
    let letter = author_markdown(group);
    Some(match letter.split_once("\n\n") {
        Some((title, rest)) => format!("{title}\n\n{opening}\n\n{rest}"),
        None => format!("{letter}\n\n{opening}"),
    })
}

fn opt_number(x: Option<f64>) -> String {
    x.map(format_number).unwrap_or_default()
}

/// The ranking as CSV (RFC 4180), rows in the order given, with each proposal's
/// decision: `rank,code,title,track,format,decision,pycon_score,mean,median,spread,
/// normalised_mean,disagreement,champions,reviews`.
///
/// ```
/// use talkback_core::committee::{ranking, ranking_csv, summarise, Decision};
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// let rows = ranking(&summarise(&[SharedReview { review, proposal: Some("# T, too\n\nB.".into()) }]));
/// let csv = ranking_csv(&rows, &|_| Decision::Accept);
/// let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
/// assert!(lines[0].starts_with("rank,code,title,track,format,decision,pycon_score,mean"));
/// assert!(lines[1].starts_with("1,") && lines[1].contains(",\"T, too\",,,accept,3,3,3,0,3,no,1,1"));
/// ```
pub fn ranking_csv(rows: &[RankRow], decision: &dyn Fn(&str) -> Decision) -> String {
    let mut out = String::from(
        "rank,code,title,track,format,decision,pycon_score,mean,median,spread,\
         normalised_mean,disagreement,champions,reviews\r\n",
    );
    for (i, r) in rows.iter().enumerate() {
        let fields = [
            (i + 1).to_string(),
            r.key.clone(),
            r.title.clone(),
            r.track.clone().unwrap_or_default(),
            r.format.clone().unwrap_or_default(),
            decision(&r.key).as_str().to_owned(),
            r.pycon.map(|p| p.to_string()).unwrap_or_default(),
            opt_number(r.mean),
            opt_number(r.median),
            opt_number(r.spread),
            opt_number(r.normalised),
            if r.disagreement { "yes" } else { "no" }.to_owned(),
            r.champions.to_string(),
            r.reviews.to_string(),
        ];
        for (j, f) in fields.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            csv_field(&mut out, f);
        }
        let _ = write!(out, "\r\n");
    }
    out
}
