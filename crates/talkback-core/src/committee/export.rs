//! The exports of a group: Markdown for the speaker, CSV and JSON for the committee, one combined link.

use std::fmt;

use super::stats::Stats;
use super::summary::{short_code, Reviewer, RubricKey};
use super::summary::{Group, Lettered};
use crate::feedback::review_markdown;
use crate::json::Value;
use crate::link::{self, LinkKind, ProposalRef, SharedReview};
use crate::rubric::RubricRef;
use crate::scoring::{
    Audience, Review, ReviewError, Vote, ANCHOR_COMMENT_MAX_CHARS, AUTHOR_COMMENT_MAX_CHARS,
    CRITERION_COMMENT_MAX_CHARS, MAX_ANCHORS, MAX_REASONS,
};

// ---------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------

/// "Feedback for the author": the combined letter as Markdown, ready to
/// paste into an e-mail: the speaker's letter ([`review_markdown`]) of the
/// [`combined_review`], so exactly what the combined speaker link shows.
///
/// Only speaker-visible parts: each reviewer's overall comment, comments on
/// criteria and passages meant for the speaker, and the reasons ticked.
/// Never the committee's comments, committee-only comments, scores or
/// pseudonyms: reviewers appear only as their letters.
///
/// ```
/// use talkback_core::committee::{author_markdown, summarise};
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// review.author_comment = "Say who the talk is for.".into();
/// review.committee_comment = "Borderline; depends on the slot count.".into();
/// review.pseudonym = Some("Sam".into());
/// let shared = SharedReview { review, proposal: Some("# Fast tests\n\nBody.".into()) };
/// let md = author_markdown(&summarise(&[shared]).groups[0]);
/// assert!(md.starts_with("# Feedback on \u{201c}Fast tests\u{201d}\n"));
/// assert!(md.contains("Reviewer A: Say who the talk is for."));
/// assert!(!md.contains("Borderline") && !md.contains("Sam") && !md.contains("+1"));
/// ```
pub fn author_markdown(group: &Group) -> String {
    review_markdown(&combined_review(group))
}

/// `Reviewer A: text`, one paragraph per comment.
fn signed(comments: &[Lettered]) -> String {
    comments
        .iter()
        .map(|c| format!("Reviewer {}: {}", c.letter, c.text))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The group's speaker-visible parts as one review, without the limits of a
/// link (see [`combine`]).
pub fn combined_review(group: &Group) -> SharedReview {
    let rubric_ref = group
        .reviewers
        .first()
        .map_or_else(|| RubricRef::of(&group.rubric), |r| r.review.rubric.clone());
    let feedback = &group.author_feedback;
    let mut review = Review::new(rubric_ref, &group.rubric);
    review.author_comment = signed(&feedback.general);
    for c in &feedback.criteria {
        if let Some(slot) = review.criterion_comments.get_mut(c.index) {
            *slot = signed(&c.comments);
        }
    }
    review.criterion_audiences = vec![Audience::Speaker; group.rubric.criteria.len()];
    review.scores_to_speaker = Some(false);
    review.anchors = feedback
        .passages
        .iter()
        .map(|p| {
            let mut a = p.anchored.clone();
            a.audience = Some(Audience::Speaker);
            a.comment = format!("Reviewer {}: {}", p.letter, p.comment);
            a
        })
        .collect();
    review.reasons = feedback.reasons.iter().copied().take(MAX_REASONS).collect();
    SharedReview {
        review,
        proposal: group.proposal.clone(),
    }
}

/// Appends `field` to `out` as one CSV field (RFC 4180): quoted, with `"`
/// doubled, if it holds a comma, a quote or a line break.
///
/// Pseudonyms and custom rubric labels come from links, that is from
/// anyone, so a field a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or CR, and not a number such as `-3` or `+1`)
/// gets a leading `'`, as OWASP advises against CSV injection.
pub(super) fn csv_field(out: &mut String, field: &str) {
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

/// One CSV row of `fields` ([`csv_field`] each), ended by CRLF: the committee's exports
/// and the workspace's pretalx review CSV share it.
pub(crate) fn csv_row(out: &mut String, fields: &[String]) {
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
        if c.in_points {
            row.extend(stats_fields(c.stats.as_ref()));
        } else {
            // A label scale: no points; the median is a label.
            row.push(c.stats.as_ref().map_or(0, |s| s.n).to_string());
            row.push(String::new());
            row.push(c.median_label.clone().unwrap_or_default());
            row.extend([String::new(), String::new(), String::new()]);
        }
        row.extend(
            c.answers
                .iter()
                .map(|a| a.as_ref().map(|a| a.label.clone()).unwrap_or_default()),
        );
        csv_row(&mut out, &row);
    }
    if !group.total_in_points {
        return out;
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

/// One combined review of the group's proposal, for the combined speaker
/// link to the author ([`combined_link`]).
///
/// It is [`combined_review`]: the group's rubric, no answers (individual
/// scores are not the author's business, and the scores are marked as kept
/// for the committee), no comment for the committee and no pseudonym; each
/// reviewer's speaker-visible overall comment and comment per criterion,
/// signed with their letter, in the same places of the combined review (so
/// the speaker link shows them as plain text, not as Markdown); every
/// speaker-visible comment on a passage stays on that passage, starting
/// `Reviewer A: `; the reasons ticked, each once.
///
/// # Errors
///
/// [`CombineError::NoProposal`] for the "proposal not included" groups;
/// [`CombineError::TooLong`] when the merged comments exceed a link's
/// limits ([`AUTHOR_COMMENT_MAX_CHARS`], [`CRITERION_COMMENT_MAX_CHARS`],
/// [`MAX_ANCHORS`], [`ANCHOR_COMMENT_MAX_CHARS`]).
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
    if group.fingerprint.is_none() {
        return Err(CombineError::NoProposal);
    }
    let combined = combined_review(group);
    let review = &combined.review;
    let long = |text: &str, max: usize| text.chars().count() > max;
    if long(&review.author_comment, AUTHOR_COMMENT_MAX_CHARS)
        || review
            .criterion_comments
            .iter()
            .any(|c| long(c, CRITERION_COMMENT_MAX_CHARS))
        || review.anchors.len() > MAX_ANCHORS
        || review
            .anchors
            .iter()
            .any(|a| long(&a.comment, ANCHOR_COMMENT_MAX_CHARS))
    {
        return Err(CombineError::TooLong);
    }
    review
        .validate(&group.rubric)
        .map_err(CombineError::Invalid)?;
    Ok(combined)
}

/// The combined feedback as a **speaker link** (kind speaker feedback, with
/// the proposal's reference), pointing at `base_url`.
///
/// # Errors
///
/// Those of [`combine`]; [`CombineError::TooLong`] also when the link
/// itself is over the format's limits.
///
/// ```
/// use talkback_core::committee::{combined_link, summarise};
/// use talkback_core::link::{decode_link, LinkKind, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// review.author_comment = "Name the audience.".into();
/// review.committee_comment = "Borderline.".into();
/// let shared = SharedReview { review, proposal: Some("# Fast tests\n\nBody.".into()) };
/// let link = combined_link(&summarise(&[shared]).groups[0], "https://t.example/").unwrap();
/// let opened = decode_link(&link).unwrap();
/// assert_eq!(opened.kind, LinkKind::SpeakerFeedback);
/// assert_eq!(opened.shared.review.author_comment, "Reviewer A: Name the audience.");
/// assert!(opened.shared.review.answers.iter().all(Option::is_none));
/// ```
pub fn combined_link(group: &Group, base_url: &str) -> Result<String, CombineError> {
    let combined = combine(group)?;
    let reference = match &combined.proposal {
        Some(text) => ProposalRef::of(text, group.cfp_code.as_deref()),
        None => ProposalRef {
            code: group.cfp_code.clone(),
            hash: None,
        },
    };
    link::encode_link(&combined, LinkKind::SpeakerFeedback, &reference, base_url)
        .map_err(|_| CombineError::TooLong)
}
