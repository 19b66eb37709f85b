//! Reviews out: review links for the committee, pretalx-shaped review CSV,
//! HotCRP offline review forms (and reading them back).

use std::fmt::Write as _;

use super::text::one_line;
use super::ImportError;
use crate::link::{encode_link, LinkKind, ProposalRef, SharedReview};
use crate::rubric::Rubric;
use crate::scoring::Review;

/// One reviewed proposal to export.
#[derive(Debug, Clone, Copy)]
pub struct ReviewRow<'a> {
    /// The CFP code, if the proposal has one.
    pub code: Option<&'a str>,
    /// The title.
    pub title: &'a str,
    /// The proposal's text as reviewed (what the content hash is of).
    pub text: &'a str,
    /// The review.
    pub review: &'a Review,
}

impl ReviewRow<'_> {
    /// The id a HotCRP form gives this proposal (`==+== Paper #…`): the CFP
    /// code, or for a proposal without one `h` and the first 4 bytes of its
    /// content hash in hex (`h1a2b3c4d`).
    pub fn form_id(&self) -> String {
        form_id(self.code, self.text)
    }
}

/// [`ReviewRow::form_id`] of a proposal with `code` and `text`.
pub fn form_id(code: Option<&str>, text: &str) -> String {
    match code {
        Some(c) if !one_line(c).is_empty() => one_line(c),
        _ => {
            let hash = ProposalRef::of(text, None).hash.unwrap_or_default();
            let mut id = String::from("h");
            for b in &hash[..4] {
                let _ = write!(id, "{b:02x}");
            }
            id
        }
    }
}

/// An export: its text, and the rows left out with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file's content.
    pub text: String,
    /// Rows left out (index into the rows given, reason in plain words).
    pub left_out: Vec<(usize, String)>,
}

/// The one-line Markdown a review link carries in place of the proposal:
/// `# Title`. The committee view shows it as the proposal's heading and
/// groups the reviews of one proposal by it.
pub fn title_stub(title: &str) -> String {
    let t = one_line(title);
    format!("# {}", if t.is_empty() { "(untitled)" } else { &t })
}

/// `Export review links`: one committee link a line, for the chair's
/// committee view. Each carries the review, the CFP code and the content
/// hash of the reviewed text in its proposal reference, and the title as a
/// one-line proposal ([`title_stub`]), never the proposal's text.
///
/// The title travels as the link's proposal because format v2 has no field
/// of its own for it; the smallest change that would give it one is an
/// optional `title` after `code` in the envelope's `ProposalRef` (a new
/// envelope version, owned by the link format).
///
/// ```
/// use talkback_core::exchange::{review_links, ReviewRow};
/// use talkback_core::link::decode_link;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// let text = "# Faster tests\n\n## Summary\n\nHow we cut CI time.";
/// let row = ReviewRow { code: Some("ABC123"), title: "Faster tests", text, review: &review };
/// let out = review_links(&[row], "https://talkback.example/");
/// let opened = decode_link(out.text.lines().next().unwrap()).unwrap();
/// assert_eq!(opened.reference.code.as_deref(), Some("ABC123"));
/// assert_eq!(opened.shared.proposal.as_deref(), Some("# Faster tests"));
/// assert_eq!(opened.shared.review, review);
/// ```
pub fn review_links(rows: &[ReviewRow<'_>], base_url: &str) -> Exported {
    let mut out = Exported {
        text: String::new(),
        left_out: Vec::new(),
    };
    for (i, row) in rows.iter().enumerate() {
        let shared = SharedReview {
            review: row.review.clone(),
            proposal: Some(title_stub(row.title)),
        };
        let reference = ProposalRef::of(row.text, row.code);
        match encode_link(&shared, LinkKind::CommitteeReview, &reference, base_url) {
            Ok(link) => {
                out.text.push_str(&link);
                out.text.push('\n');
            }
            Err(e) => out.left_out.push((i, e.message().to_owned())),
        }
    }
    out
}

/// The review's points per criterion (`None`: unanswered) and the total
/// (weight × points over the criteria that count), in integers.
fn points(rubric: &Rubric, review: &Review) -> (Vec<Option<i32>>, i64) {
    let mut total = 0i64;
    let per = rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = review
                .answers
                .get(i)
                .copied()
                .flatten()
                .and_then(|l| c.scale.points(usize::from(l)));
            if let (Some(p), false) = (p, c.independent) {
                total += i64::from(c.weight) * i64::from(p);
            }
            p
        })
        .collect();
    (per, total)
}

/// Whether `review` was scored with `rubric` (same id and version, or the
/// same custom rubric).
/// The rows scored with `rubric`, and the others left out with the reason.
fn scored_with<'r, 'a>(
    rubric: &Rubric,
    rows: &'r [ReviewRow<'a>],
) -> (Vec<&'r ReviewRow<'a>>, Vec<(usize, String)>) {
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if same_rubric(rubric, row.review) {
            kept.push(row);
        } else {
            left_out.push((
                i,
                format!("scored with another rubric than {}", rubric.name),
            ));
        }
    }
    (kept, left_out)
}

fn same_rubric(rubric: &Rubric, review: &Review) -> bool {
    review.resolve().is_ok_and(|r| {
        r.id == rubric.id && r.version == rubric.version && r.criteria == rubric.criteria
    })
}

/// The review's text for a single text column: the comment for the author,
/// the criterion comments (`Label: comment`), the comment for the committee.
fn review_text(rubric: &Rubric, review: &Review) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !review.author_comment.trim().is_empty() {
        parts.push(review.author_comment.trim().to_owned());
    }
    for (c, comment) in rubric.criteria.iter().zip(&review.criterion_comments) {
        if !comment.trim().is_empty() {
            parts.push(format!("{}: {}", c.label, comment.trim()));
        }
    }
    if !review.committee_comment.trim().is_empty() {
        parts.push(format!(
            "For the committee: {}",
            review.committee_comment.trim()
        ));
    }
    parts.join("\n\n")
}

/// A CSV in the shape of pretalx's review export: `ID`, `Proposal title`,
/// one column per score category (the criterion's label; the level's points),
/// `Score` (the total: weight × points over the criteria that count), `Text`.
/// Rows scored with another rubric are left out (export each rubric apart).
///
/// ```
/// use talkback_core::exchange::{pretalx_review_csv, ReviewRow};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let rubric = preset("weighted-categories", 1).unwrap();
/// let mut review = Review::for_rubric(&rubric);
/// review.answers = vec![Some(4), Some(2), None, Some(0)];
/// review.author_comment = "Clear, \"useful\".".into();
/// let row = ReviewRow { code: Some("ABC"), title: "T", text: "# T", review: &review };
/// let csv = pretalx_review_csv(&rubric, &[row]).text;
/// let mut lines = csv.lines();
/// assert!(lines.next().unwrap().starts_with("ID,Proposal title,"));
/// assert!(lines.next().unwrap().starts_with("ABC,T,4,2,,1,10,\"Clear, \"\"useful\"\".\""));
/// ```
pub fn pretalx_review_csv(rubric: &Rubric, rows: &[ReviewRow<'_>]) -> Exported {
    let mut text = String::new();
    let mut header: Vec<String> = vec!["ID".into(), "Proposal title".into()];
    header.extend(rubric.criteria.iter().map(|c| c.label.clone()));
    header.push("Score".into());
    header.push("Text".into());
    crate::committee::csv_row(&mut text, &header);
    let (rows, left_out) = scored_with(rubric, rows);
    for row in rows {
        let (per, total) = points(rubric, row.review);
        let mut fields: Vec<String> =
            vec![row.code.unwrap_or_default().to_owned(), one_line(row.title)];
        fields.extend(
            per.iter()
                .map(|p| p.map(|p| p.to_string()).unwrap_or_default()),
        );
        fields.push(total.to_string());
        fields.push(review_text(rubric, row.review));
        crate::committee::csv_row(&mut text, &fields);
    }
    Exported { text, left_out }
}

const FORM_PREFIX: &str = "==+== ";
const FIELD_PREFIX: &str = "==*== ";
const COMMENT_PREFIX: &str = "==-==";
const AUTHOR_FIELD: &str = "Comments for the author";
const COMMITTEE_FIELD: &str = "Comments for the committee";

/// HotCRP's offline review form text: a header, then for each proposal
/// `==+== Begin Review #id`, `==+== Paper #id`, its title, one `==*==` field
/// per criterion (numbered choices, "Enter the number of your choice"), the
/// comment for the author and the comment for the committee (hidden from
/// authors), a scratchpad, `==+== End Review`. Answers and comments already
/// given are filled in. Rows scored with another rubric are left out.
///
/// Criterion comments and passage comments are not in the form (HotCRP's
/// form has no place for them); reading a form back leaves them as they are.
pub fn hotcrp_forms(rubric: &Rubric, rows: &[ReviewRow<'_>]) -> Exported {
    let mut text = String::new();
    let _ = writeln!(text, "{FORM_PREFIX}{} Review Form", one_line(&rubric.name));
    text.push_str(
        "==-== DO NOT CHANGE LINES THAT START WITH \"==+==\" OR \"==*==\".\n\
         ==-== Fill in each review, then import this file into Talkback.\n\n",
    );
    let (rows, left_out) = scored_with(rubric, rows);
    for row in rows {
        let id = row.form_id();
        let review = row.review;
        let _ = write!(
            text,
            "==+== =====================================================================\n\
             ==+== Begin Review #{id}\n"
        );
        if let Some(p) = &review.pseudonym {
            let _ = writeln!(text, "==+== Reviewer: {}", one_line(p));
        }
        let _ = write!(
            text,
            "\n==+== Paper #{id}\n==-== Title: {}\n\n",
            one_line(row.title)
        );
        for (c_index, c) in rubric.criteria.iter().enumerate() {
            let _ = writeln!(text, "{FIELD_PREFIX}{}", one_line(&c.label));
            if !c.guidance.trim().is_empty() {
                let _ = writeln!(text, "==-==    {}", one_line(&c.guidance));
            }
            text.push_str("==-== Choices:\n");
            for (n, level) in c.scale.levels().enumerate() {
                let meaning = one_line(level.meaning);
                if meaning.is_empty() {
                    let _ = writeln!(text, "==-==    {}. {}", n + 1, one_line(level.label));
                } else {
                    let _ = writeln!(
                        text,
                        "==-==    {}. {} ({meaning})",
                        n + 1,
                        one_line(level.label)
                    );
                }
            }
            let _ = writeln!(text, "==-== Enter the number of your choice:\n");
            match review.answers.get(c_index).copied().flatten() {
                Some(level) => {
                    let _ = writeln!(text, "{}\n", usize::from(level) + 1);
                }
                None => text.push_str("(Your choice here)\n\n"),
            }
        }
        let _ = write!(
            text,
            "{FIELD_PREFIX}{AUTHOR_FIELD}\n{}\n\n{FIELD_PREFIX}{COMMITTEE_FIELD}\n\
             ==-== (hidden from authors)\n{}\n\n",
            form_text(&review.author_comment),
            form_text(&review.committee_comment)
        );
        text.push_str("==+== Scratchpad (for unsaved private notes)\n\n==+== End Review\n\n");
    }
    Exported { text, left_out }
}

/// A comment as a form field's text: lines that would read as markers get a
/// leading space.
fn form_text(s: &str) -> String {
    s.trim()
        .lines()
        .map(|l| {
            if l.starts_with("==") {
                format!(" {l}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form field being read.
enum FormField {
    /// A criterion's choice, by index.
    Criterion(usize),
    /// The comment for the author.
    Author,
    /// The comment for the committee.
    Committee,
    /// The scratchpad.
    Ignored,
}

/// One review read back from a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormReview {
    /// The id after `Paper #` ([`ReviewRow::form_id`]).
    pub paper: String,
    /// The title line, if the form has one.
    pub title: Option<String>,
    /// The chosen level per criterion (`None`: no choice entered).
    pub answers: Vec<Option<u8>>,
    /// The comment for the author.
    pub author_comment: String,
    /// The comment for the committee.
    pub committee_comment: String,
    /// The line of `==+== Begin Review`, from 1.
    pub line: usize,
}

/// Reads HotCRP offline review forms (as [`hotcrp_forms`] writes them, and
/// as HotCRP does for the same fields) for `rubric`: a criterion's field is
/// found by its label; its value is the choice's number, or its label.
///
/// # Errors
///
/// A field no criterion of `rubric` has, a choice that is not one of the
/// criterion's, a review without `Paper #`, or no review at all: with the
/// line.
///
/// ```
/// use talkback_core::exchange::{hotcrp_forms, parse_hotcrp_forms, ReviewRow};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let rubric = preset("merit-expertise", 1).unwrap();
/// let mut review = Review::for_rubric(&rubric);
/// review.answers = vec![Some(3), Some(1), None];
/// review.author_comment = "Tighten the outline.".into();
/// let row = ReviewRow { code: Some("17"), title: "A talk", text: "# A talk", review: &review };
/// let form = hotcrp_forms(&rubric, &[row]).text;
/// assert!(form.contains("==+== Begin Review #17"));
/// let back = parse_hotcrp_forms(&form, &rubric).unwrap();
/// assert_eq!(back[0].paper, "17");
/// assert_eq!(back[0].answers, review.answers);
/// assert_eq!(back[0].author_comment, "Tighten the outline.");
/// ```
pub fn parse_hotcrp_forms(text: &str, rubric: &Rubric) -> Result<Vec<FormReview>, ImportError> {
    let err = |line: usize, problem: String| Err(ImportError::new(None, problem).at_line(line));
    if text.len() > super::MAX_IMPORT_BYTES {
        return err(1, "it is too large".into());
    }
    let mut out: Vec<FormReview> = Vec::new();
    let mut field: Option<(FormField, usize)> = None;
    let mut value: Vec<&str> = Vec::new();
    let finish = |out: &mut Vec<FormReview>,
                  field: Option<(FormField, usize)>,
                  value: &mut Vec<&str>|
     -> Result<(), ImportError> {
        let text = value.join("\n").trim().to_owned();
        value.clear();
        let (Some((kind, line)), Some(review)) = (field, out.last_mut()) else {
            return Ok(());
        };
        match kind {
            FormField::Criterion(index) => {
                let criterion = &rubric.criteria[index];
                let t = text.trim();
                if t.is_empty() || t.eq_ignore_ascii_case("(Your choice here)") {
                    return Ok(());
                }
                let first = t.split_whitespace().next().unwrap_or_default();
                let first = first.trim_end_matches(['.', ')']);
                let by_number = first
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=criterion.scale.len()).contains(n))
                    .map(|n| n - 1);
                let by_label = || {
                    criterion
                        .scale
                        .levels()
                        .position(|l| l.label.eq_ignore_ascii_case(t))
                };
                match by_number
                    .or_else(by_label)
                    .and_then(|n| u8::try_from(n).ok())
                {
                    Some(level) => review.answers[index] = Some(level),
                    None => {
                        return Err(ImportError::new(
                            None,
                            format!(
                                "“{}” is not a choice for {} (enter a number from 1 to {})",
                                one_line(t),
                                criterion.label,
                                criterion.scale.len()
                            ),
                        )
                        .at_line(line))
                    }
                }
            }
            FormField::Author => review.author_comment = text,
            FormField::Committee => review.committee_comment = text,
            FormField::Ignored => {}
        }
        Ok(())
    };
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if let Some(title) = line.strip_prefix("==-== Title:") {
            if let (Some(r), None) = (out.last_mut(), &field) {
                r.title = Some(one_line(title));
            }
            continue;
        }
        if line.starts_with(COMMENT_PREFIX) {
            continue;
        }
        if let Some(rest) = line.strip_prefix(FORM_PREFIX) {
            finish(&mut out, field.take(), &mut value)?;
            let rest = rest.trim();
            if rest.starts_with("Begin Review") {
                out.push(FormReview {
                    paper: String::new(),
                    title: None,
                    answers: vec![None; rubric.criteria.len()],
                    author_comment: String::new(),
                    committee_comment: String::new(),
                    line: line_no,
                });
            } else if let Some(id) = rest.strip_prefix("Paper #") {
                match out.last_mut() {
                    Some(r) => r.paper = one_line(id),
                    None => {
                        out.push(FormReview {
                            paper: one_line(id),
                            title: None,
                            answers: vec![None; rubric.criteria.len()],
                            author_comment: String::new(),
                            committee_comment: String::new(),
                            line: line_no,
                        });
                    }
                }
            } else if rest.starts_with("Scratchpad") {
                field = Some((FormField::Ignored, line_no));
            }
            continue;
        }
        if let Some(name) = line.strip_prefix(FIELD_PREFIX) {
            finish(&mut out, field.take(), &mut value)?;
            if out.is_empty() {
                return err(
                    line_no,
                    "a field comes before any ==+== Paper # line".into(),
                );
            }
            let name = one_line(name);
            let kind = if let Some(i) = rubric
                .criteria
                .iter()
                .position(|c| one_line(&c.label).eq_ignore_ascii_case(&name))
            {
                FormField::Criterion(i)
            } else if name.eq_ignore_ascii_case(AUTHOR_FIELD)
                || name.eq_ignore_ascii_case("Comments for authors")
                || name.eq_ignore_ascii_case("Comments for author")
            {
                FormField::Author
            } else if name.eq_ignore_ascii_case(COMMITTEE_FIELD)
                || name.eq_ignore_ascii_case("Comments for PC")
                || crate::fold::lower(&name).starts_with("comments for the pc")
            {
                FormField::Committee
            } else {
                return err(
                    line_no,
                    format!(
                        "the form has a field “{name}” that the rubric {} does not have",
                        rubric.name
                    ),
                );
            };
            field = Some((kind, line_no));
            continue;
        }
        if field.is_some() {
            value.push(
                line.strip_prefix(' ')
                    .filter(|l| l.starts_with("=="))
                    .unwrap_or(line),
            );
        }
    }
    finish(&mut out, field.take(), &mut value)?;
    if out.is_empty() {
        return Err(ImportError::new(
            None,
            "it has no review form in it (no line starting with ==+== Begin Review)",
        ));
    }
    if let Some(r) = out.iter().find(|r| r.paper.is_empty()) {
        return err(r.line, "this review has no ==+== Paper # line".into());
    }
    Ok(out)
}
