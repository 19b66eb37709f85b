//! The exports of a group: Markdown for the speaker, CSV and JSON for the committee, one combined link.

use std::fmt::{self, Write as _};

use super::stats::Stats;
use super::summary::{short_code, Reviewer, RubricKey};
use super::summary::{AuthorFeedback, Group, Lettered};
use crate::json::Value;
use crate::link::SharedReview;
use crate::rubric::RubricRef;
use crate::scoring::{
    Review, ReviewError, Vote, ANCHOR_COMMENT_MAX_CHARS, AUTHOR_COMMENT_MAX_CHARS, MAX_ANCHORS,
};

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
