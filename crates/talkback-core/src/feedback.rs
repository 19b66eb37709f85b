//! One review as Markdown, for pasting into an e-mail to the speaker.

use std::fmt::Write as _;

use super::committee::format_number;
use super::link::SharedReview;
use super::proposal;
use super::scoring::score;

/// The review as Markdown for the author: scores with their meanings, comments per
/// criterion, the comment for the author and the comments on passages (each under
/// the passage it is about, quoted).
///
/// Never the comment for the committee: this is what the speaker reads. The
/// pseudonym, when the reviewer chose one, signs it.
///
/// ```
/// use talkback_core::feedback::review_markdown;
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// review.author_comment = "Say who the talk is for.".into();
/// review.committee_comment = "Borderline.".into();
/// let shared = SharedReview { review, proposal: Some("# Fast tests\n\nBody.".into()) };
/// let md = review_markdown(&shared);
/// assert!(md.starts_with("# Feedback on \u{201c}Fast tests\u{201d}\n"));
/// assert!(md.contains("- **Overall vote:** +1"));
/// assert!(md.contains("Say who the talk is for."));
/// assert!(!md.contains("Borderline"));
/// ```
pub fn review_markdown(shared: &SharedReview) -> String {
    let review = &shared.review;
    let mut out = String::new();
    let title = shared
        .proposal
        .as_deref()
        .and_then(|text| proposal::parse(text).title().map(str::to_owned));
    match title {
        Some(t) => {
            let _ = write!(out, "# Feedback on \u{201c}{}\u{201d}\n\n", one_line(&t));
        }
        None => out.push_str("# Feedback on your talk proposal\n\n"),
    }
    if let Ok(rubric) = review.resolve() {
        let s = score(&rubric, review);
        let _ = write!(
            out,
            "{} \u{b7} total {} (from {} to {}) \u{b7} {} of {} answered\n\n## Scores\n\n",
            one_line(&rubric.name),
            format_number(s.total),
            format_number(s.min),
            format_number(s.max),
            s.answered,
            rubric.criteria.len()
        );
        for (i, criterion) in rubric.criteria.iter().enumerate() {
            let level = review.answer_level(i, criterion);
            let _ = write!(out, "- **{}:** ", one_line(&criterion.label));
            match level {
                Some(l) if !l.meaning.is_empty() => {
                    let _ = write!(out, "{} \u{2014} {}", l.label, one_line(l.meaning));
                }
                Some(l) => out.push_str(l.label),
                None => out.push_str("not scored"),
            }
            out.push('\n');
            if let Some(comment) = review
                .criterion_comments
                .get(i)
                .filter(|c| !c.trim().is_empty())
            {
                let _ = writeln!(out, "\n{}\n", indented(comment, "  "));
            }
        }
        out.push('\n');
    }
    if !review.author_comment.trim().is_empty() {
        let _ = write!(out, "## For you\n\n{}\n\n", review.author_comment.trim());
    }
    if !review.anchors.is_empty() {
        out.push_str("## Comments on passages\n\n");
        for a in &review.anchors {
            let _ = write!(
                out,
                "{}\n\n{}\n\n",
                indented(&a.anchor.quote, "> "),
                a.comment.trim()
            );
        }
    }
    if let Some(name) = review.pseudonym.as_deref().filter(|n| !n.trim().is_empty()) {
        let _ = write!(out, "\u{2014} {}\n\n", one_line(name));
    }
    out.truncate(out.trim_end().len());
    out
}

/// Line breaks in a one-line place (a heading, a bold label) become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every line of `text` behind `prefix` (a quote, or an indent inside a list item).
fn indented(text: &str, prefix: &str) -> String {
    text.trim()
        .lines()
        .map(|line| format!("{prefix}{line}").trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::anchor::{Anchor, AnchoredComment};
    use crate::rubric::preset;
    use crate::scoring::Review;

    #[test]
    fn every_part_the_author_may_read_is_there_in_order() {
        let rubric = preset("weighted-categories", 1).expect("preset");
        let mut review = Review::for_rubric(&rubric);
        review.answers[0] = Some(0);
        review.criterion_comments[0] = "Strong hook.\nKeep it.".into();
        review.author_comment = "Tighten the outline.".into();
        review.committee_comment = "Maybe for the education track.".into();
        review.pseudonym = Some("Sam".into());
        review.anchors.push(AnchoredComment {
            anchor: Anchor {
                quote: "we will cover\neverything".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            comment: "Too much for 30 minutes.".into(),
        });
        let shared = SharedReview {
            review,
            proposal: Some("# Faster tests\n\nBody.".into()),
        };
        let md = review_markdown(&shared);
        let first = &rubric.criteria[0];
        let level = first.scale.level(0).unwrap();
        let parts = [
            "# Feedback on \u{201c}Faster tests\u{201d}\n".to_string(),
            "## Scores\n".to_string(),
            format!("- **{}:** {}", first.label, level.label),
            "\n  Strong hook.\n  Keep it.\n".to_string(),
            format!("- **{}:** not scored", rubric.criteria[1].label),
            "## For you\n\nTighten the outline.".to_string(),
            "## Comments on passages\n\n> we will cover\n> everything\n\nToo much for 30 minutes."
                .to_string(),
            "\u{2014} Sam".to_string(),
        ];
        let mut from = 0;
        for part in &parts {
            let at = md[from..]
                .find(part.as_str())
                .unwrap_or_else(|| panic!("{part:?} after byte {from} in:\n{md}"));
            from += at + part.len();
        }
        assert!(!md.contains("education track"), "no committee-only words");
        assert!(!md.ends_with('\n'));
    }

    #[test]
    fn a_review_without_proposal_or_comments_is_still_a_message() {
        let rubric = preset("pycon-us-screening", 1).expect("preset");
        let shared = SharedReview {
            review: Review::for_rubric(&rubric),
            proposal: None,
        };
        let md = review_markdown(&shared);
        assert!(
            md.starts_with("# Feedback on your talk proposal\n\n"),
            "{md}"
        );
        let answered = format!("0 of {} answered", rubric.criteria.len());
        assert!(md.contains(&answered), "{md}");
        assert!(md.contains("- **Overall vote:** not scored"), "{md}");
    }
}
