//! Common reasons a proposal is declined or needs work, each written kindly:
//! a short title and a paragraph on how to make the proposal stronger.
//!
//! Reasons are versioned data. A link carries a reason's id (one byte), never
//! its words, so the wording can be improved without old links changing
//! meaning. **Ids are frozen**: an id is never reused or given another
//! meaning; new reasons get new ids. [`REASONS_VERSION`] counts revisions of
//! the table (a new reason, a reworded paragraph).
//!
//! [`suggest`] proposes reasons from the checks' findings; the reviewer
//! decides which to tick. The speaker's letter that uses them is
//! [`crate::feedback::review_markdown`].

use crate::checks::Finding;

/// Revision of [`REASONS`].
pub const REASONS_VERSION: u16 = 1;

/// One reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// Frozen id: what a link carries.
    pub id: u8,
    /// A few words, for the checkbox and the letter's heading.
    pub title: &'static str,
    /// How to make the proposal stronger, addressed to the speaker.
    pub advice: &'static str,
    /// Check rules whose findings suggest this reason.
    rules: &'static [&'static str],
}

/// Every reason, in the order they are offered. FROZEN ids (see the module).
pub const REASONS: [Reason; 9] = [
    Reason {
        id: 1,
        title: "Audience unclear",
        advice: "Say who the talk is for: what they already know, what they do day to day, \
                 and why this talk is worth their time. Reviewers find it much easier to say \
                 yes to a talk when they can picture the people in the room.",
        rules: &["audience.missing", "prerequisites.missing"],
    },
    Reason {
        id: 2,
        title: "Outline missing or untimed",
        advice: "Add an outline with minutes for each part, adding up to the slot and \
                 leaving time for questions. It shows the committee the talk is planned and \
                 that it fits, and it helps you rehearse.",
        rules: &[
            "outline.missing",
            "outline.no-timings",
            "outline.over-time",
            "outline.under-time",
            "outline.no-question-time",
            "outline.no-short-plan",
        ],
    },
    Reason {
        id: 3,
        title: "Too broad for the slot",
        advice: "Pick the one part of the topic you most want people to leave with and go \
                 deep on it; the rest can be a pointer at the end. A narrower talk is easier \
                 to follow and easier to accept.",
        rules: &["description.too-long"],
    },
    Reason {
        id: 4,
        title: "Level mismatch",
        advice: "Check that the level you give matches what the talk assumes. If the \
                 outline needs experience, say so and name the prerequisites; if it is for \
                 newcomers, explain the terms you use.",
        rules: &["level.missing"],
    },
    Reason {
        id: 5,
        title: "Topic well covered elsewhere",
        advice: "Tell reviewers what is new in your take: your own experience, a case \
                 study, numbers, mistakes you made. A familiar topic with a fresh angle \
                 stands out.",
        rules: &[],
    },
    Reason {
        id: 6,
        title: "Not enough about Python",
        advice: "Show where Python comes in: the libraries, the code, what a Python \
                 developer will do differently afterwards. The audience comes for Python.",
        rules: &["relevance.off-topic"],
    },
    Reason {
        id: 7,
        title: "No takeaways",
        advice: "List two or three things people will know or be able to do after the \
                 talk. Takeaways help the committee see the talk's value, and help people \
                 choose it from the schedule.",
        rules: &["takeaways.missing"],
    },
    Reason {
        id: 8,
        title: "Live demo without a fallback",
        advice: "Say what happens if the demo fails: a recording, screenshots or \
                 pre-run output. Reviewers worry about demos on conference Wi-Fi, and a \
                 fallback answers that worry.",
        rules: &["demo.no-fallback"],
    },
    Reason {
        id: 9,
        title: "Identifying details in a blind round",
        advice: "This round is reviewed blind: leave out your name, employer, links to \
                 your own work and phrases like \u{201c}my library\u{201d}. You can add \
                 them once the talk is accepted.",
        rules: &["anonymity.identifying-details"],
    },
];

/// The reason with this id; `None` for an id this build does not know (a
/// newer Talkback's reason).
///
/// ```
/// use talkback_core::reasons::reason;
/// assert_eq!(reason(7).unwrap().title, "No takeaways");
/// assert!(reason(200).is_none());
/// ```
pub fn reason(id: u8) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.id == id)
}

/// Reasons the findings suggest, each once, in [`REASONS`] order. The
/// reviewer confirms them; nothing is ticked for them.
///
/// `blind_findings` is true when the blind-review scan found identifying
/// details (they are not check findings).
pub fn suggest(findings: &[Finding], blind_findings: bool) -> Vec<u8> {
    REASONS
        .iter()
        .filter(|r| {
            findings.iter().any(|f| r.rules.contains(&f.rule)) || (blind_findings && r.id == 9)
        })
        .map(|r| r.id)
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::checks::{run, Profile, Severity};
    use crate::proposal::parse;

    #[test]
    fn ids_are_unique_and_every_reason_has_words() {
        for (i, r) in REASONS.iter().enumerate() {
            assert!(REASONS[..i].iter().all(|o| o.id != r.id), "{}", r.id);
            assert!(r.title.len() > 5 && r.advice.len() > 80, "{}", r.title);
            assert!(r.advice.ends_with('.'), "{}", r.title);
        }
    }

    #[test]
    fn rules_named_by_reasons_exist() {
        let known: Vec<&str> = crate::checks::rules().iter().map(|r| r.id).collect();
        for r in &REASONS {
            for rule in r.rules {
                assert!(known.contains(rule), "{rule}");
            }
        }
    }

    fn finding(rule: &'static str) -> Finding {
        Finding {
            rule,
            severity: Severity::Problem,
            criterion: "",
            message: String::new(),
            hint: String::new(),
            span: None,
            suggests: None,
        }
    }

    #[test]
    fn findings_suggest_their_reasons_once_and_in_order() {
        let findings = [
            finding("takeaways.missing"),
            finding("outline.no-timings"),
            finding("outline.over-time"),
            finding("title.too-long"),
        ];
        assert_eq!(suggest(&findings, false), vec![2, 7]);
        assert_eq!(suggest(&findings, true), vec![2, 7, 9]);
        assert!(suggest(&[], false).is_empty());
    }

    #[test]
    fn a_real_proposal_suggests_what_its_findings_say() {
        let text = "# Faster tests\n\n## Description\n\nWe made our tests faster.\n";
        let report = run(&parse(text), &Profile::pycon_us());
        let suggested = suggest(&report.findings, false);
        for f in &report.findings {
            if let Some(r) = REASONS.iter().find(|r| r.rules.contains(&f.rule)) {
                assert!(suggested.contains(&r.id), "{} -> {}", f.rule, r.id);
            }
        }
        assert!(!suggested.is_empty(), "{:?}", report.findings);
    }
}
