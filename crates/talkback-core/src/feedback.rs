//! The speaker's letter: one review as Markdown, for pasting into an e-mail
//! to the speaker, made from exactly what the speaker link carries
//! ([`speaker_view`]) and the reasons the reviewer ticked.

use std::fmt::Write as _;

use super::committee::{format_number, has_points};
use super::link::{speaker_view, SharedReview};
use super::proposal;
use super::reasons::reason;
use super::scoring::score;

/// The speaker's letter as Markdown: the scores with their meanings (when the
/// reviewer shows them), the comments on criteria meant for the speaker, the
/// comment for the author, the reasons with their advice, and the comments on
/// passages meant for the speaker (each under the passage it is about, quoted).
///
/// Made from [`speaker_view`]`(shared)` only, so it never holds the comment for
/// the committee or anything else a speaker link cannot carry; the title comes
/// from the proposal when `shared` has it. The pseudonym, when the reviewer
/// chose one, signs it.
///
/// ```
/// use talkback_core::feedback::review_markdown;
/// use talkback_core::link::SharedReview;
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// review.scores_to_speaker = Some(true); // PyCon votes are hidden unless shown
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
    let seen = speaker_view(shared);
    let review = &seen.review;
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
        let comment = |i: usize| {
            review
                .criterion_comments
                .get(i)
                .filter(|c| !c.trim().is_empty())
        };
        if review.scores_to_speaker == Some(true) {
            let s = score(&rubric, review);
            let _ = write!(out, "{} \u{b7} ", one_line(&rubric.name));
            // A total only where the rubric's scales have points (votes are labels).
            if rubric
                .criteria
                .iter()
                .filter(|c| !c.independent)
                .all(|c| has_points(&c.scale))
            {
                let _ = write!(
                    out,
                    "total {} (from {} to {}) \u{b7} ",
                    format_number(s.total),
                    format_number(s.min),
                    format_number(s.max)
                );
            }
            let _ = write!(
                out,
                "{} of {} answered\n\n## Scores\n\n",
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
                if let Some(comment) = comment(i) {
                    let _ = writeln!(out, "\n{}\n", indented(comment, "  "));
                }
            }
            out.push('\n');
        } else if (0..rubric.criteria.len()).any(|i| comment(i).is_some()) {
            out.push_str("## On each criterion\n\n");
            for (i, criterion) in rubric.criteria.iter().enumerate() {
                if let Some(comment) = comment(i) {
                    let _ = writeln!(
                        out,
                        "- **{}:**\n\n{}\n",
                        one_line(&criterion.label),
                        indented(comment, "  ")
                    );
                }
            }
        }
    }
    if !review.author_comment.trim().is_empty() {
        let _ = write!(out, "## For you\n\n{}\n\n", review.author_comment.trim());
    }
    let reasons: Vec<_> = review.reasons.iter().filter_map(|&id| reason(id)).collect();
    if !reasons.is_empty() {
        out.push_str("## How to make it stronger\n\n");
        for r in reasons {
            let _ = write!(out, "### {}\n\n{}\n\n", r.title, r.advice);
        }
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
    if !out.contains("\n## ") {
        out.push_str("The reviewer has no comments for you.\n\n");
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
    use crate::scoring::{Audience, Review};

    /// Each of `parts` appears in `md`, in this order.
    fn assert_in_order(md: &str, parts: &[String]) {
        let mut from = 0;
        for part in parts {
            let at = md[from..]
                .find(part.as_str())
                .unwrap_or_else(|| panic!("{part:?} after byte {from} in:\n{md}"));
            from += at + part.len();
        }
    }

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
            audience: None,
            anchor: Anchor {
                quote: "we will cover\neverything".into(),
                prefix: String::new(),
                suffix: String::new(),
                occurrence: None,
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
        assert_in_order(&md, &parts);
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
        assert_eq!(
            md,
            "# Feedback on your talk proposal\n\nThe reviewer has no comments for you."
        );
        let mut shown = shared.clone();
        shown.review.scores_to_speaker = Some(true);
        let md = review_markdown(&shown);
        let answered = format!("0 of {} answered", rubric.criteria.len());
        assert!(md.contains(&answered), "{md}");
        assert!(md.contains("- **Overall vote:** not scored"), "{md}");
    }

    #[test]
    fn a_letter_from_three_reasons() {
        let rubric = preset("pycon-us-screening", 1).expect("preset");
        let mut review = Review::for_rubric(&rubric);
        review.answers[0] = Some(3); // -1: the committee's, hidden by default
        review.author_comment = "Thank you for proposing this talk.".into();
        review.committee_comment = "Reject: third testing talk this year.".into();
        review.criterion_comments[1] = "Weak outline, committee only.".into();
        review.set_criterion_audience(&rubric, 2, Audience::Speaker);
        review.criterion_comments[2] = "Name the audience in the first line.".into();
        for id in [2, 1, 8] {
            review.set_reason(id, true);
        }
        review.pseudonym = Some("Reviewer 3".into());
        let shared = SharedReview {
            review,
            proposal: Some("# Faster tests\n\nBody.".into()),
        };
        let md = review_markdown(&shared);
        let parts = [
            "# Feedback on \u{201c}Faster tests\u{201d}\n\n".to_owned(),
            format!(
                "## On each criterion\n\n- **{}:**\n\n  Name the audience in the first line.",
                rubric.criteria[2].label
            ),
            "## For you\n\nThank you for proposing this talk.".to_owned(),
            "## How to make it stronger\n\n### Outline missing or untimed\n\nAdd an outline"
                .to_owned(),
            "### Audience unclear\n\nSay who the talk is for".to_owned(),
            "### Live demo without a fallback\n\nSay what happens if the demo fails".to_owned(),
            "\u{2014} Reviewer 3".to_owned(),
        ];
        assert_in_order(&md, &parts);
        for secret in ["Reject", "committee only", "-1", "Scores", "Overall vote"] {
            assert!(!md.contains(secret), "{secret} in:\n{md}");
        }
        // The letter of the speaker link is the same letter (without the title).
        let link = crate::link::encode_link(
            &shared,
            crate::link::LinkKind::SpeakerFeedback,
            &crate::link::ProposalRef::default(),
            "https://t.example/",
        )
        .unwrap();
        let from_link = review_markdown(&crate::link::decode(&link).unwrap());
        assert_eq!(
            from_link.replace("your talk proposal", "\u{201c}Faster tests\u{201d}"),
            md
        );
    }
}
