use super::*;
use crate::proposal::parse;

/// A draft and what a speaker should (and should not) see for it.
struct Case {
    name: &'static str,
    src: &'static str,
    /// Rules that must fire.
    fires: &'static [&'static str],
    /// Rules that must stay silent (applicable or not).
    silent: &'static [&'static str],
}

fn check(cases: &[Case]) {
    let profile = Profile::pycon_us();
    for c in cases {
        let report = run(&parse(c.src), &profile);
        let fired: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        for id in c.fires {
            assert!(rule(id).is_some(), "{}: unknown rule {id}", c.name);
            assert!(report.fired(id), "{}: expected {id}, got {fired:?}", c.name);
        }
        for id in c.silent {
            assert!(rule(id).is_some(), "{}: unknown rule {id}", c.name);
            assert!(
                !report.fired(id),
                "{}: unexpected {id} in {fired:?}",
                c.name
            );
        }
    }
}

const OVER_TIME: &str = include_str!("../../../../tests/fixtures/checks/outline_over_time.md");
const FIXED: &str = include_str!("../../../../tests/fixtures/checks/outline_fixed.md");
const NO_PLAN: &str = include_str!("../../../../tests/fixtures/checks/long_talk_no_plan.md");
const WITH_PLAN: &str = include_str!("../../../../tests/fixtures/checks/long_talk_with_plan.md");
const HATCH: &str = include_str!("../../../../tests/fixtures/checks/corpus_hatch_outline.md");
const SPEAKER_LINE: &str = include_str!("../../../../tests/fixtures/checks/corpus_speaker_line.md");
const LIVE_DEMO: &str = include_str!("../../../../tests/fixtures/checks/corpus_live_demo.md");
const SHORT_TITLE: &str = include_str!("../../../../tests/fixtures/checks/corpus_short_title.md");

#[test]
fn fixtures() {
    check(&[
        Case {
            name: "outline of 40 minutes for a 30-minute slot",
            src: OVER_TIME,
            fires: &["outline.over-time"],
            silent: &[
                "outline.no-question-time",
                "outline.missing",
                "audience.missing",
                "level.missing",
                "takeaways.missing",
                "notes.missing",
                "outline.no-short-plan",
            ],
        },
        Case {
            name: "the same outline cut to 25 minutes",
            src: FIXED,
            fires: &[],
            silent: &[
                "outline.over-time",
                "outline.no-question-time",
                "outline.under-time",
            ],
        },
        Case {
            name: "45-minute talk without a 30-minute plan, live coding without fallback",
            src: NO_PLAN,
            fires: &["outline.no-short-plan", "demo.no-fallback"],
            silent: &["outline.over-time", "outline.no-question-time"],
        },
        Case {
            name: "45-minute talk with a 30-minute plan and a recorded fallback",
            src: WITH_PLAN,
            fires: &[],
            silent: &["outline.no-short-plan", "demo.no-fallback"],
        },
        Case {
            name: "real Hatch proposal (CC0): 30 of 30 minutes, no questions",
            src: HATCH,
            fires: &["outline.no-question-time"],
            silent: &["outline.over-time", "outline.missing", "audience.missing"],
        },
        Case {
            name: "real record (CC0) whose description follows a Speaker: line",
            src: SPEAKER_LINE,
            fires: &[],
            silent: &[
                "description.missing",
                "description.too-short",
                "audience.missing",
            ],
        },
        Case {
            name: "real record (CC0) with a live demo and no fallback",
            src: LIVE_DEMO,
            fires: &["demo.no-fallback"],
            silent: &["title.vague", "relevance.off-topic"],
        },
        Case {
            name: "real record (CC0) with a short title that names its topic",
            src: SHORT_TITLE,
            fires: &[],
            silent: &["title.vague", "title.missing"],
        },
    ]);
}

#[test]
fn hand_written() {
    check(&[
        Case {
            name: "empty draft",
            src: "",
            fires: &["title.missing", "description.missing"],
            silent: &["description.too-short", "outline.missing"],
        },
        Case {
            name: "shouting title, description of one line",
            src: "# WHY PYTHON PACKAGING HURTS\n\n## Description\n\nIt hurts.",
            fires: &["title.all-caps", "description.too-short"],
            silent: &["title.vague", "relevance.off-topic"],
        },
        Case {
            name: "acronyms are not shouting",
            src: "# PEP 8 and the API of CPython\n\nSome text.",
            fires: &[],
            silent: &["title.all-caps"],
        },
        Case {
            name: "bare question",
            src: "# Why?\n\n## Description\n\nBecause.",
            fires: &["title.vague"],
            silent: &["title.missing"],
        },
        Case {
            name: "filler words only",
            src: "# Let's talk about it\n\nText.",
            fires: &["title.vague"],
            silent: &[],
        },
        Case {
            name: "question with a topic",
            src: "# Do you need asyncio?\n\nText.",
            fires: &[],
            silent: &["title.vague"],
        },
        Case {
            name: "title over 100 characters",
            src: "# Building real-time network applications for the web with Twisted and \
                  Orbited, a hands-on guide for everyone\n\nText.",
            fires: &["title.too-long"],
            silent: &[],
        },
        Case {
            name: "no outline timings",
            src: "# Testing with pytest\n\n## Outline\n\n- Fixtures\n- Parametrize\n",
            fires: &["outline.no-timings", "level.missing", "duration.missing"],
            silent: &["outline.missing", "outline.over-time"],
        },
        Case {
            name: "form draft without an outline",
            src: "# Testing with pytest\n\nLevel: Beginner\n\n## Description\n\nFixtures.",
            fires: &["outline.missing", "audience.missing", "takeaways.missing"],
            silent: &["prerequisites.missing", "level.missing"],
        },
        Case {
            name: "audience and takeaways stated in prose",
            src: "# Testing with pytest\n\nLevel: Intermediate\n\n## Abstract\n\nThis talk is \
                  for developers who test by hand. You will learn to write fixtures. \
                  Familiarity with functions is assumed.",
            fires: &[],
            silent: &[
                "audience.missing",
                "takeaways.missing",
                "prerequisites.missing",
            ],
        },
        Case {
            name: "not about the conference's topic",
            src: "# Knitting patterns for everyone\n\n## Description\n\nWe knit a scarf.",
            fires: &["relevance.off-topic"],
            silent: &[],
        },
        Case {
            name: "the py* prefix counts as on topic",
            src: "# Embedded boards\n\n## Description\n\nWe run PyMite on a board.",
            fires: &[],
            silent: &["relevance.off-topic"],
        },
    ]);
}

#[test]
fn over_time_says_by_how_much_and_marks_the_outline() {
    let p = parse(OVER_TIME);
    let report = run(&p, &Profile::pycon_us());
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "outline.over-time")
        .expect("over-time finding");
    assert_eq!(f.severity, Severity::Problem);
    assert_eq!(f.criterion, criterion::OUTLINE);
    assert!(
        f.message.contains("40 minutes") && f.message.contains("30"),
        "{}",
        f.message
    );
    assert!(f.hint.contains("10 minutes"), "{}", f.hint);
    let span = f.span.clone().expect("span");
    assert!(p.slice(&span).starts_with("1. Why async at all? (10 min)"));
    let timing = report.outline.expect("outline timing in the report");
    assert_eq!(timing.total_minutes(), 40);
    assert_eq!(p.slice(&timing.items[1].span), "20 min");
}

#[test]
fn a_complete_draft_has_no_problems_or_warnings() {
    let report = run(&parse(FIXED), &Profile::pycon_us());
    let shown: Vec<_> = report.findings.iter().map(|f| f.rule).collect();
    assert_eq!((report.problems, report.warnings), (0, 0), "{shown:?}");
    assert!(report.applicable.len() > 15);
}

#[test]
fn outline_without_question_item_must_leave_five_minutes() {
    let draft = |outline: &str| {
        format!("# Fast parsers in Python\n\nDuration: 30 minutes\n\n## Outline\n\n{outline}\n")
    };
    let profile = Profile::pycon_us();
    let full = run(&parse(&draft("- Intro (5 min)\n- Body (22 min)")), &profile);
    assert!(full.fired("outline.no-question-time"));
    assert!(!full.fired("outline.over-time"));
    let with_qa = run(
        &parse(&draft("- Intro (5 min)\n- Body (22 min)\n- Q&A (3 min)")),
        &profile,
    );
    assert!(!with_qa.fired("outline.no-question-time"));
    let lightning =
        "# Fast parsers in Python\n\nDuration: 5 minutes\n\n## Outline\n\n- All (5 min)\n";
    let short = run(&parse(lightning), &profile);
    assert!(!short.applicable.contains(&"outline.no-question-time"));
    assert!(!short.fired("outline.over-time"));
}

#[test]
fn description_limit_applies_to_the_short_description() {
    let long = "word ".repeat(90); // 450 characters
    let short = "word ".repeat(76); // 380 characters
    let with_abstract = |d: &str| {
        format!("# Fast parsers in Python\n\n## Description\n\n{d}\n\n## Abstract\n\nMore.\n")
    };
    let profile = Profile::pycon_us();
    let over = run(&parse(&with_abstract(&long)), &profile);
    assert!(over.fired("description.too-long"));
    let f = over
        .findings
        .iter()
        .find(|f| f.rule == "description.too-long")
        .unwrap();
    assert!(f.message.contains("449 characters"), "{}", f.message);
    assert!(!run(&parse(&with_abstract(&short)), &profile).fired("description.too-long"));

    // Without an abstract the description may be the long text: a tip, not a problem.
    let alone = run(
        &parse(&format!(
            "# Fast parsers in Python\n\n## Description\n\n{long}"
        )),
        &profile,
    );
    assert!(!alone.applicable.contains(&"description.too-long"));
    assert!(alone.fired("description.needs-summary"));

    // Re-wrapped text counts as typed: a line break is one character.
    let wrapped = long.replace(' ', "\n   ");
    let over = run(&parse(&with_abstract(&wrapped)), &profile);
    let f = over
        .findings
        .iter()
        .find(|f| f.rule == "description.too-long")
        .unwrap();
    assert!(f.message.contains("449 characters"), "{}", f.message);
}

#[test]
fn long_sentence_is_a_tip_that_marks_the_sentence() {
    let sentence = format!("{}end.", "many ".repeat(45));
    let src = format!("# Fast parsers in Python\n\n## Description\n\nShort one. {sentence} Done.");
    let p = parse(&src);
    let report = run(&p, &Profile::pycon_us());
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "clarity.long-sentence")
        .expect("long sentence");
    assert_eq!(f.severity, Severity::Tip);
    assert_eq!(p.slice(f.span.as_ref().unwrap()), sentence);
    assert!(f.message.contains("46 words"));
}

#[test]
fn readability_is_never_more_than_a_tip() {
    for r in rules().iter().filter(|r| r.criterion == criterion::CLARITY) {
        assert_eq!(r.severity, Severity::Tip, "{}", r.id);
    }
    let dense = "# Fast parsers in Python\n\n## Description\n\n".to_owned()
        + &"Incomprehensibility characterises institutionalised organisational \
             communication methodologies. "
            .repeat(20);
    let report = run(&parse(&dense), &Profile::pycon_us());
    assert!(report.fired("clarity.hard-to-read"));
    assert_eq!(report.problems, 0);
}

#[test]
fn report_is_sorted_and_counted() {
    let report = run(&parse(NO_PLAN), &Profile::pycon_us());
    let keys: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.severity, f.span.as_ref().map_or(0, |s| s.start + 1)))
        .collect();
    let mut sorted = keys.clone();
    #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
    sorted.sort();
    assert_eq!(keys, sorted);
    for sev in [Severity::Problem, Severity::Warning, Severity::Tip] {
        let n = report.findings.iter().filter(|f| f.severity == sev).count();
        assert_eq!(report.count(sev), n);
    }
    let empty = run(&parse(""), &Profile::pycon_us());
    assert_eq!(empty.findings[0].suggests, Some(SuggestedLevel::Unmet));
    assert_eq!(
        empty.findings[0].suggests.map(SuggestedLevel::label),
        Some("✗")
    );
}

#[test]
fn anonymity_hook() {
    let src = "# Fast parsers\n\n## Description\n\nAt Acme Corp I built our parser, see acme.dev.";
    let p = parse(src);
    let profile = Profile::pycon_us();
    let id = "anonymity.identifying-details";
    assert!(!run(&p, &profile).applicable.contains(&id));
    let clean = run_with(&p, &profile, Some(&[]));
    assert!(clean.applicable.contains(&id) && !clean.fired(id));
    let a = src.find("Acme").unwrap();
    let b = src.find("acme.dev").unwrap();
    let found = run_with(&p, &profile, Some(&[b..b + 8, a..a + 9]));
    let f = found.findings.iter().find(|f| f.rule == id).unwrap();
    assert_eq!(f.span, Some(a..a + 9));
    assert!(f.message.starts_with("2 details"));
    // Out-of-range spans from a stale scan do not panic.
    let _ = run_with(&p, &profile, Some(&[9999..10_005, a + 4..a + 2]));
    let mut open = profile.clone();
    open.blind_review = false;
    assert!(!run_with(&p, &open, Some(&[a..a + 9, b..b + 8])).fired(id));
}

#[test]
fn custom_profile_limits() {
    let mut profile = Profile::pycon_us();
    profile.name = "Tiny Conf".into();
    profile.title_max_chars = Some(20);
    profile.description_max_chars = None;
    profile.short_slot_minutes = None;
    assert!(profile.validate().is_ok());
    let report = run(
        &parse("# Property-based testing in practice\n\nText."),
        &profile,
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "title.too-long")
        .unwrap();
    assert!(f.message.contains("Tiny Conf allows 20"), "{}", f.message);
    assert!(!report.applicable.contains(&"description.needs-summary"));
    assert!(!run(&parse(NO_PLAN), &profile)
        .applicable
        .contains(&"outline.no-short-plan"));

    profile.description_max_chars = Some(100);
    profile.description_min_words = 80;
    profile.min_reading_ease = 101;
    let errors = profile.validate().unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["description_min_words", "min_reading_ease"]);
    assert!(errors[0].to_string().starts_with("description_min_words: "));
}

#[test]
fn rule_ids_are_unique_and_criteria_known() {
    let mut ids: Vec<_> = rules().iter().map(|r| r.id).collect();
    let n = ids.len();
    #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
    for r in rules() {
        assert!(criterion::ALL.contains(&r.criterion), "{}", r.id);
        assert!(r.applies(&parse(NO_PLAN), &Profile::pycon_us()) || !r.id.is_empty());
    }
}

#[test]
fn never_panics() {
    let profile = Profile::pycon_us();
    let fixtures = [
        OVER_TIME,
        FIXED,
        NO_PLAN,
        WITH_PLAN,
        HATCH,
        SPEAKER_LINE,
        LIVE_DEMO,
        SHORT_TITLE,
        include_str!("../../../../tests/fixtures/proposals/pycon_full.md"),
        include_str!("../../../../tests/fixtures/proposals/cfp_form.md"),
        include_str!("../../../../tests/fixtures/proposals/japanese.md"),
        include_str!("../../../../tests/fixtures/proposals/polish.md"),
        include_str!("../../../../tests/fixtures/proposals/tutorial_fenced.md"),
        include_str!("../../../../tests/fixtures/proposals/crlf.md"),
    ];
    for src in fixtures {
        for (i, _) in src.char_indices() {
            let _ = run(&parse(&src[..i]), &profile);
        }
        let _ = run(&parse(src), &profile);
    }
    let _ = run(&parse(""), &profile);
    let mut big = String::new();
    while big.len() < 50 * 1024 {
        big.push_str(NO_PLAN);
        big.push_str("- step (3 min)\n0:05 x\n");
    }
    let report = run(&parse(&big), &profile);
    assert!(report.findings.len() < 100);
}

/// Issue 16, classes 5, 6 and 8 on one form draft: level and prerequisites in
/// prose count, both-slot outlines are a plan, relevance is a warning.
#[test]
fn prose_level_prerequisites_both_slot_plan_and_severities() {
    let src = "# Lazy pipelines\n\nDuration: 45 minutes\n\n## Description\n\n\
               This is an intermediate-level tutorial. Attendees are expected to know how \
               for loops work. You will learn to write generators.\n\n\
               ## Audience\n\nData engineers.\n\n\
               ## Outline\n\n- Intro [10m / 5m]\n- Generators [20m / 15m]\n- Questions [10m / 5m]\n";
    let r = run(&parse(src), &Profile::pycon_us());
    assert!(!r.fired("level.missing"), "{:?}", r.findings);
    assert!(!r.fired("prerequisites.missing"), "{:?}", r.findings);
    assert!(!r.fired("outline.no-short-plan"), "{:?}", r.findings);
    let no_slash = src.replace(" / 5m]", "]").replace(" / 15m]", "]");
    let r = run(&parse(&no_slash), &Profile::pycon_us());
    assert!(r.fired("outline.no-short-plan"));
    for id in ["relevance.off-topic", "audience.missing", "outline.missing"] {
        assert_eq!(rule(id).unwrap().severity, Severity::Warning, "{id}");
    }
}

/// Issue 16, class 5: "30-minute" in prose is not a part of the outline.
#[test]
fn a_slot_length_in_prose_is_not_a_part() {
    let src = "# Lazy pipelines\n\nDuration: 45 minutes\n\n## Outline\n\n\
               - Intro (10 min)\n- Generators (25 min)\n- Questions (10 min)\n\
               - For a 30-minute time window I would drop the second part.\n";
    let r = run(&parse(src), &Profile::pycon_us());
    assert!(!r.fired("outline.over-time"), "{:?}", r.findings);
    assert_eq!(r.outline.as_ref().map(|o| o.total_secs), Some(45 * 60));
}

const LIBRARIES_ONLY: &str =
    include_str!("../../../../tests/fixtures/checks/relevance_libraries_only.md");

/// Issue 16, class 8: a Python talk that names only its libraries, tools or
/// code is on topic; the form's own help text ("Python programmers") is not
/// the speaker's answer, so a talk with no Python in its answers still gets
/// the warning.
#[test]
fn relevance_knows_the_python_ecosystem() {
    let profile = Profile::pycon_us();
    let fires = |src: &str| run(&parse(src), &profile).fired("relevance.off-topic");
    assert!(!fires(LIBRARIES_ONLY), "GeoPandas and Shapely are Python");
    let generic = LIBRARIES_ONLY.replace("GeoPandas and Shapely", "a desktop GIS");
    assert!(
        fires(&generic),
        "help text alone must not make a talk relevant"
    );
    // A library named only in the outline, or code, is enough.
    for (what, with) in [
        ("outline", "- Reprojecting layers with scikit-learn"),
        ("file name", "- Reprojecting layers in reproject.py"),
        ("import", "- `from pyproj import Transformer`"),
        ("import line", "\nimport fiona\n"),
    ] {
        let src = generic.replace("- Reprojecting layers", with);
        assert!(!fires(&src), "{what}: {src}");
    }
    // "import" as a verb in prose is not code.
    let src = generic.replace(
        "- Reprojecting layers",
        "- We import layers and reproject them",
    );
    assert!(fires(&src), "{src}");
}

const TIMED_ABSTRACT: &str =
    include_str!("../../../../tests/fixtures/checks/timed_abstract_no_outline.md");

/// Issue 16, class 5: an abstract that times its parts is the outline (no
/// "no outline" warning, its parts summed against the slot), and a cut plan
/// in the notes, in the words people use, is a plan for a shorter slot.
#[test]
fn timed_abstract_and_cut_plan_in_notes() {
    let profile = Profile::pycon_us();
    let r = run(&parse(TIMED_ABSTRACT), &profile);
    assert!(!r.fired("outline.missing"), "{:?}", r.findings);
    assert!(!r.fired("outline.no-short-plan"), "{:?}", r.findings);
    assert_eq!(r.outline.as_ref().map(|o| o.total_secs), Some(45 * 60));
    // Over time when the abstract's parts exceed the slot.
    let over = TIMED_ABSTRACT.replace("(15 min), compose", "(30 min), compose");
    assert!(run(&parse(&over), &profile).fired("outline.over-time"));
    // Without the cut plan the shorter slot is unplanned; a stamp list works too.
    let no_plan =
        TIMED_ABSTRACT.replace(" For a half-hour slot I'd leave out the pipeline part.", "");
    assert!(run(&parse(&no_plan), &profile).fired("outline.no-short-plan"));
    let stamps = no_plan.replace(
        "We start with why memory runs out (5 min), write small generator functions (15 min), \
         compose them into a pipeline (15 min) and take questions (10 min).",
        "0:00 why memory runs out, 0:05 generator functions, 0:20 pipelines, 0:35 questions.",
    );
    let r = run(&parse(&stamps), &profile);
    assert!(!r.fired("outline.missing"), "{:?}", r.findings);
    assert_eq!(r.outline.as_ref().map(|o| o.total_secs), Some(35 * 60));
    // One timed phrase in prose is not an outline.
    let one = no_plan.replace(" (5 min)", "").replace(" (15 min)", "");
    assert!(run(&parse(&one), &profile).fired("outline.missing"));
}

mod topic_lookup {
    use super::super::content::{topic_match, Topics};
    use proptest::prelude::*;

    /// Topic words as profiles write them: plain words, `pref*`, `*part*`, and the odd
    /// ones (`*`, `**`, `*py`, `py**`), over a small alphabet so that words match often.
    fn topic() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-d]{0,5}",
            "[a-d]{0,4}\\*",
            "\\*[a-d]{0,3}\\*",
            "\\*[a-d]{0,3}",
            "[a-d]{0,3}\\*\\*",
        ]
    }

    proptest! {
        #[test]
        fn a_word_matches_the_lookup_exactly_when_it_matches_a_topic_word(
            topics in proptest::collection::vec(topic(), 0..12),
            words in proptest::collection::vec("[a-d]{0,6}", 0..20),
        ) {
            let lookup = Topics::new(&topics);
            for word in &words {
                let scanned = topics.iter().any(|t| topic_match(t, word));
                prop_assert_eq!(lookup.matches(word), scanned, "{:?} in {:?}", word, topics);
            }
        }
    }

    #[test]
    fn the_pycon_profile_finds_its_words_and_not_others() {
        let profile = crate::checks::Profile::pycon_us();
        let lookup = Topics::new(&profile.topic_words);
        for word in ["python", "django", "pytest", "numpy"] {
            assert!(lookup.matches(word), "{word}");
        }
        for word in ["", "the", "garden", "pythons_"] {
            assert_eq!(
                lookup.matches(word),
                profile.topic_words.iter().any(|t| topic_match(t, word)),
                "{word}"
            );
        }
    }
}
