//! Reviews out of the workspace, and HotCRP forms back in: `Export review links`,
//! `Export review CSV` (pretalx's review export), `Export HotCRP forms` (HotCRP's
//! offline review forms) over the items, and `Import HotCRP forms`, which puts the
//! forms' scores and comments back into the items they name.

use std::fmt::Write as _;

use super::{tally, Item, Workspace};
use crate::exchange::{self, Exported, ImportError, ReviewRow};
use crate::rubric::Rubric;
use crate::scoring::Review;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Out {
    /// One committee link a line (complete reviews).
    Links,
    /// pretalx's review CSV (complete reviews, one rubric).
    Csv,
    /// HotCRP's offline review forms (every started review, one rubric).
    Forms,
}

impl Out {
    /// The downloaded file's name.
    pub fn file_name(self) -> &'static str {
        match self {
            Out::Links => "review-links.txt",
            Out::Csv => "review-scores.csv",
            Out::Forms => "hotcrp-review-forms.txt",
        }
    }

    /// What one exported row is called, for the message.
    fn what(self) -> &'static str {
        match self {
            Out::Links => "review links",
            Out::Csv => "reviews",
            Out::Forms => "review forms",
        }
    }
}

/// An export of the workspace: the file's text and a sentence saying what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The file's content (empty: nothing to export).
    pub text: String,
    /// What was exported and what was left out, in one sentence.
    pub message: String,
}

/// The items an export takes: complete reviews, or for forms every started one.
fn exported(item: &Item, out: Out) -> Option<&Review> {
    let review = item.review.as_ref()?;
    let t = tally(review);
    (t.complete || (out == Out::Forms && t.started)).then_some(review)
}

impl Workspace {
    /// The export `out` of the reviewed items (links point at `base_url`). CSV and
    /// forms hold one rubric's reviews: the first exported item's; the others are left
    /// out and the message says how many.
    pub fn export(&self, out: Out, base_url: &str) -> Export {
        let titles: Vec<String> = self
            .items
            .iter()
            .map(|i| {
                if exported(i, out).is_some() {
                    i.full_title()
                } else {
                    String::new()
                }
            })
            .collect();
        let rows: Vec<ReviewRow<'_>> = self
            .items
            .iter()
            .zip(&titles)
            .filter_map(|(item, title)| {
                Some(ReviewRow {
                    code: item.code.as_deref(),
                    title,
                    text: &item.text,
                    review: exported(item, out)?,
                })
            })
            .collect();
        let rubric = rows.first().and_then(|r| r.review.resolve().ok());
        let Some(rubric) = rubric else {
            return Export {
                text: String::new(),
                message: "No proposal is reviewed yet: nothing to export.".to_owned(),
            };
        };
        let Exported { text, left_out } = match out {
            Out::Links => exchange::review_links(&rows, base_url),
            Out::Csv => exchange::pretalx_review_csv(&rubric, &rows),
            Out::Forms => exchange::hotcrp_forms(&rubric, &rows),
        };
        let mut message = format!(
            "Saved {} with {} {} in your downloads.",
            out.file_name(),
            rows.len() - left_out.len(),
            out.what()
        );
        if let Some((_, why)) = left_out.first() {
            let _ = write!(message, " {} left out: {why}.", left_out.len());
        }
        Export { text, message }
    }

    /// Reads HotCRP offline review forms (`text`) into the items they name (by CFP code,
    /// or `h` + the content hash for proposals without one) at `now`: each form's
    /// choices and comments replace the item's (the older review kept as a version;
    /// criterion and passage comments, which the form lacks, stay). The forms are read
    /// with the first rubric of the workspace's reviews that reads them, else the page's
    /// default (PyCon US screening). Returns the message for the page.
    ///
    /// # Errors
    /// When no rubric of the workspace reads the forms: the first rubric's error.
    pub fn import_forms(&mut self, text: &str, now: u64) -> Result<String, ImportError> {
        let mut rubrics: Vec<Rubric> = Vec::new();
        for review in self.items.iter().filter_map(|i| i.review.as_ref()) {
            if let Ok(r) = review.resolve() {
                if !rubrics.contains(&r) {
                    rubrics.push(r);
                }
            }
        }
        // Forms for proposals not reviewed here yet: the page's default rubric.
        if let Some(r) = crate::rubric::latest_preset(crate::rubric::PYCON_US_SCREENING) {
            if !rubrics.contains(&r) {
                rubrics.push(r);
            }
        }
        let mut first_error = None;
        let mut read = None;
        for rubric in rubrics {
            match exchange::parse_hotcrp_forms(text, &rubric) {
                Ok(forms) => {
                    read = Some((rubric, forms));
                    break;
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let Some((rubric, forms)) = read else {
            return Err(first_error.unwrap_or_else(|| {
                ImportError::new(None, "no proposal here has a review to read forms into")
            }));
        };
        let (mut read_in, mut unknown, mut other) = (0, 0, 0);
        for form in forms {
            let found = self.items.iter_mut().find(|item| {
                exchange::export::form_id(item.code.as_deref(), &item.text) == form.paper
            });
            let Some(item) = found else {
                unknown += 1;
                continue;
            };
            let mut review = match &item.review {
                Some(r) if r.resolve().as_ref() == Ok(&rubric) => r.clone(),
                Some(_) => {
                    other += 1;
                    continue;
                }
                None => Review::for_rubric(&rubric),
            };
            review.answers = form.answers;
            review.author_comment = form.author_comment;
            review.committee_comment = form.committee_comment;
            read_in += 1;
            if item.review.as_ref() != Some(&review) {
                if item.review.is_some() {
                    item.keep_version();
                }
                item.review = Some(review);
                item.changed = now.max(item.changed);
            }
        }
        // (One form, one proposal: singular; any other count, plural.)
        let one = |n: usize, singular: &'static str, plural: &'static str| {
            if n == 1 {
                singular
            } else {
                plural
            }
        };
        let mut message = format!("Read {read_in} review {}.", one(read_in, "form", "forms"));
        if unknown > 0 {
            let _ = write!(
                message,
                " {unknown} {} a proposal not in this list.",
                one(unknown, "names", "name")
            );
        }
        if other > 0 {
            let _ = write!(
                message,
                " {other} {} reviewed with another rubric than {} (left as they were).",
                one(other, "is for a proposal", "are for proposals"),
                rubric.name
            );
        }
        Ok(message)
    }
}
