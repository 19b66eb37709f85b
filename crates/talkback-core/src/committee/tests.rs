use super::*;
use std::fmt::Write as _;

use crate::anchor::Anchor;
use crate::anchor::AnchoredComment;
use crate::json::Value;
use crate::link::{self, ErrorKind, LinkKind, SharedReview};
use crate::rubric::{self, preset, Criterion};
use crate::rubric::{Rubric, Scale};
use crate::scoring::{Review, Vote, AUTHOR_COMMENT_MAX_CHARS};

const THREAD: &str = include_str!("../../../../tests/fixtures/committee/thread.txt");

fn shared(rubric: &Rubric, answers: &[Option<u8>], proposal: Option<&str>) -> SharedReview {
    let mut review = Review::for_rubric(rubric);
    review.answers = answers.to_vec();
    SharedReview {
        review,
        proposal: proposal.map(str::to_owned),
    }
}

fn group_of(preset_id: &str, reviews: &[&[Option<u8>]]) -> Group {
    let rubric = rubric::latest_preset(preset_id).unwrap();
    let all: Vec<SharedReview> = reviews
        .iter()
        .map(|a| shared(&rubric, a, Some("# A talk\n\nBody.")))
        .collect();
    let mut summary = summarise(&all);
    assert_eq!(summary.groups.len(), 1);
    summary.groups.remove(0)
}

/// One row of the committee table, computed by hand.
struct StatsCase {
    name: &'static str,
    preset: &'static str,
    /// Each reviewer's answers, by criterion.
    reviews: &'static [&'static [Option<u8>]],
    criterion: usize,
    n: usize,
    mean: f64,
    median: f64,
    sd: f64,
    min: f64,
    max: f64,
    median_label: &'static str,
    /// Counts per level, in scale order.
    distribution: &'static [usize],
    disagreement: bool,
}

#[test]
fn criterion_statistics_match_hand_computed_values() {
    let cases = [
        StatsCase {
            name: "one reviewer",
            preset: rubric::MERIT_EXPERTISE,
            reviews: &[&[Some(3), Some(2), None]],
            criterion: 0,
            n: 1,
            mean: 4.0,
            median: 4.0,
            sd: 0.0,
            min: 4.0,
            max: 4.0,
            median_label: "4 Accept",
            distribution: &[0, 0, 0, 1, 0],
            disagreement: false,
        },
        StatsCase {
            // Merit 2, 3, 4, 5: the median falls between two levels.
            name: "median between levels",
            preset: rubric::MERIT_EXPERTISE,
            reviews: &[
                &[Some(1), Some(0), None],
                &[Some(2), Some(0), None],
                &[Some(3), Some(0), None],
                &[Some(4), Some(0), None],
            ],
            criterion: 0,
            n: 4,
            mean: 3.5,
            median: 3.5,
            sd: 1.118_033_988_749_895, // √1.25
            min: 2.0,
            max: 5.0,
            median_label: "3 Weak accept\u{2013}4 Accept",
            distribution: &[0, 1, 1, 1, 1],
            disagreement: true,
        },
        StatsCase {
            // Merit 3, 4, 4, 5: tied middle values give that level.
            name: "tied middle values",
            preset: rubric::MERIT_EXPERTISE,
            reviews: &[
                &[Some(2), Some(0), None],
                &[Some(3), Some(0), None],
                &[Some(3), Some(0), None],
                &[Some(4), Some(0), None],
            ],
            criterion: 0,
            n: 4,
            mean: 4.0,
            median: 4.0,
            sd: std::f64::consts::FRAC_1_SQRT_2, // √0.5
            min: 3.0,
            max: 5.0,
            median_label: "4 Accept",
            distribution: &[0, 0, 1, 2, 1],
            disagreement: true, // spread 2 = half of 4
        },
        StatsCase {
            // Merit 5, (none), 3: n counts answers only.
            name: "missing answer excluded",
            preset: rubric::MERIT_EXPERTISE,
            reviews: &[
                &[Some(4), Some(1), None],
                &[None, Some(1), None],
                &[Some(2), Some(1), None],
            ],
            criterion: 0,
            n: 2,
            mean: 4.0,
            median: 4.0,
            sd: 1.0,
            min: 3.0,
            max: 5.0,
            median_label: "4 Accept",
            distribution: &[0, 0, 1, 0, 1],
            disagreement: true,
        },
        StatsCase {
            // Expertise is independent: shown with its statistics.
            name: "independent criterion shown",
            preset: rubric::MERIT_EXPERTISE,
            reviews: &[&[Some(3), Some(3), None], &[Some(3), Some(2), None]],
            criterion: 1,
            n: 2,
            mean: 3.5,
            median: 3.5,
            sd: 0.5,
            min: 3.0,
            max: 4.0,
            median_label: "3 Knowledgeable\u{2013}4 Expert",
            distribution: &[0, 0, 1, 1],
            disagreement: false, // spread 1 < 1.5, sd 0.5 < 0.6
        },
        StatsCase {
            // Votes +1 +1 +0 −1: points 3 3 1 −3.
            name: "votes",
            preset: rubric::PYCON_US_SCREENING,
            reviews: &[&[Some(0)], &[Some(0)], &[Some(1)], &[Some(3)]],
            criterion: 0,
            n: 4,
            mean: 1.0,
            median: 2.0,
            sd: 2.449_489_742_783_178, // √6
            min: -3.0,
            max: 3.0,
            median_label: "+0\u{2013}+1",
            distribution: &[2, 1, 0, 1],
            disagreement: true,
        },
        StatsCase {
            name: "+1 and \u{2212}1 disagree",
            preset: rubric::PYCON_US_SCREENING,
            reviews: &[&[Some(0)], &[Some(3)]],
            criterion: 0,
            n: 2,
            mean: 0.0,
            median: 0.0,
            sd: 3.0,
            min: -3.0,
            max: 3.0,
            median_label: "\u{2212}1\u{2013}+1", // 0 points: no level
            distribution: &[1, 0, 0, 1],
            disagreement: true,
        },
        StatsCase {
            name: "+1 and +0 agree",
            preset: rubric::PYCON_US_SCREENING,
            reviews: &[&[Some(0)], &[Some(1)]],
            criterion: 0,
            n: 2,
            mean: 2.0,
            median: 2.0,
            sd: 1.0,
            min: 1.0,
            max: 3.0,
            median_label: "+0\u{2013}+1",
            distribution: &[1, 1, 0, 0],
            disagreement: false,
        },
        StatsCase {
            name: "nobody answered",
            preset: rubric::PYCON_US_SCREENING,
            reviews: &[&[None], &[None]],
            criterion: 0,
            n: 0,
            mean: f64::NAN,
            median: f64::NAN,
            sd: f64::NAN,
            min: f64::NAN,
            max: f64::NAN,
            median_label: "",
            distribution: &[0, 0, 0, 0],
            disagreement: false,
        },
    ];
    for case in cases {
        let rubric = rubric::latest_preset(case.preset).unwrap();
        let reviews: Vec<Vec<Option<u8>>> = case
            .reviews
            .iter()
            .map(|a| {
                let mut full = vec![None; rubric.criteria.len()];
                full[..a.len()].copy_from_slice(a);
                full
            })
            .collect();
        let refs: Vec<&[Option<u8>]> = reviews.iter().map(Vec::as_slice).collect();
        let group = group_of(case.preset, &refs);
        let row = &group.criteria[case.criterion];
        let what = case.name;
        let counts: Vec<usize> = row.distribution.iter().map(|d| d.count).collect();
        assert_eq!(counts, case.distribution, "{what}");
        assert_eq!(row.disagreement, case.disagreement, "{what}");
        match row.stats {
            None => assert_eq!(case.n, 0, "{what}"),
            Some(s) => {
                assert_eq!(s.n, case.n, "{what}");
                assert_eq!((s.mean, s.median), (case.mean, case.median), "{what}");
                assert!((s.sd - case.sd).abs() < 1e-12, "{what}: sd {}", s.sd);
                assert_eq!((s.min, s.max), (case.min, case.max), "{what}");
                assert_eq!(
                    row.median_label.as_deref(),
                    Some(case.median_label),
                    "{what}"
                );
            }
        }
    }
}

/// What a whole group adds up to, computed by hand.
struct GroupCase {
    name: &'static str,
    preset: &'static str,
    reviews: &'static [&'static [Option<u8>]],
    pycon: Option<i32>,
    votes: [usize; 4],
    champions: usize,
    weighted_merit: Option<f64>,
    /// n and mean of the complete reviews' totals.
    total: Option<(usize, f64)>,
    has_disagreement: bool,
}

#[test]
fn groups_add_up_as_the_chair_expects() {
    let cases = [
        GroupCase {
            name: "pycon +1 +1 +0 -1",
            preset: rubric::PYCON_US_SCREENING,
            reviews: &[
                &[Some(0), Some(0), Some(0), Some(0), Some(0), None, None],
                &[Some(0), Some(0), Some(0), Some(0), Some(0), None, None],
                &[Some(1), Some(0), Some(0), Some(0), Some(0), None, None],
                &[Some(3), Some(0), Some(0), Some(0), Some(0), None, None],
            ],
            pycon: Some(3 + 3 + 1 - 3),
            votes: [2, 1, 0, 1],
            champions: 2,
            weighted_merit: None,
            total: Some((4, 1.0)),
            has_disagreement: true,
        },
        GroupCase {
            // One vote missing: its standards are answered, vote is not.
            name: "pycon with a missing vote",
            preset: rubric::PYCON_US_SCREENING,
            reviews: &[
                &[Some(1), Some(0), Some(0), Some(0), Some(0), None, None],
                &[None, Some(0), Some(0), Some(0), Some(0), None, None],
                &[Some(2), Some(0), Some(0), Some(0), Some(0), None, None],
            ],
            pycon: Some(0),
            votes: [0, 1, 1, 0],
            champions: 0,
            weighted_merit: None,
            total: Some((2, 0.0)),
            has_disagreement: false,
        },
        GroupCase {
            // (5, 4), (2, 1), (4, 2): (20 + 2 + 8) / 7; champion A once.
            name: "merit weighted by expertise",
            preset: rubric::MERIT_EXPERTISE,
            reviews: &[
                &[Some(4), Some(3), Some(0)],
                &[Some(1), Some(0), Some(3)],
                &[Some(3), Some(1), None],
            ],
            pycon: None,
            votes: [0; 4],
            champions: 1,
            weighted_merit: Some(30.0 / 7.0),
            total: Some((3, 11.0 / 3.0)),
            has_disagreement: true,
        },
        GroupCase {
            // Expertise unanswered: left out of the weighting.
            name: "merit without expertise",
            preset: rubric::MERIT_EXPERTISE,
            reviews: &[&[Some(4), None, None], &[Some(2), Some(1), None]],
            pycon: None,
            votes: [0; 4],
            champions: 0,
            weighted_merit: Some(3.0),
            // Expertise is required: the first review is incomplete.
            total: Some((1, 3.0)),
            has_disagreement: true, // 5 and 3: spread 2, half of 1–5
        },
        GroupCase {
            // Independent "Needs a mentor" never counts: 2·4 + 4 + 4.
            name: "weighted categories, n = 1",
            preset: rubric::WEIGHTED_CATEGORIES,
            reviews: &[&[Some(4), Some(4), Some(4), Some(0)]],
            pycon: None,
            votes: [0; 4],
            champions: 0,
            weighted_merit: None,
            total: Some((1, 16.0)),
            has_disagreement: false,
        },
        GroupCase {
            name: "incomplete review out of the totals",
            preset: rubric::WEIGHTED_CATEGORIES,
            reviews: &[&[Some(4), None, Some(4), None]],
            pycon: None,
            votes: [0; 4],
            champions: 0,
            weighted_merit: None,
            total: None,
            has_disagreement: false,
        },
    ];
    for case in cases {
        let group = group_of(case.preset, case.reviews);
        let what = case.name;
        assert_eq!(group.pycon.as_ref().map(|p| p.score), case.pycon, "{what}");
        if let Some(p) = &group.pycon {
            assert_eq!(p.votes, case.votes, "{what}");
        }
        assert_eq!(group.champions.len(), case.champions, "{what}");
        assert_eq!(
            group.expertise_weighted_merit, case.weighted_merit,
            "{what}"
        );
        assert_eq!(group.total.map(|t| (t.n, t.mean)), case.total, "{what}");
        assert_eq!(group.has_disagreement(), case.has_disagreement, "{what}");
    }
}

#[test]
fn champions_are_the_plus_ones() {
    let group = group_of(
        rubric::PYCON_US_SCREENING,
        &[&[Some(0)], &[Some(1)], &[Some(0)]],
    );
    for &i in &group.champions {
        assert_eq!(group.reviewers[i].review.answers[0], Some(0));
        assert!(group.reviewers[i].champion);
    }
    assert_eq!(group.champions.len(), 2);
}

#[test]
fn letters_run_like_spreadsheet_columns() {
    let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].map(letter).to_vec();
    assert_eq!(got, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
}

// -----------------------------------------------------------------------
// Finding links
// -----------------------------------------------------------------------

#[test]
fn extract_links_finds_links_in_their_usual_wrappings() {
    let p = "AQEAAQIDBAUGBwgJ";
    let cases: [(&str, &[&str]); 10] = [
        (&format!("see https://a.example/x/#{p}."), &[&format!("https://a.example/x/#{p}")]),
        (&format!("<https://a.example/#{p}>"), &[&format!("https://a.example/#{p}")]),
        (&format!("> > file:///home/me/talkback.html#{p}"), &[&format!("file:///home/me/talkback.html#{p}")]),
        (&format!("[my review](https://a.example/#{p}) thanks"), &[&format!("https://a.example/#{p}")]),
        (&format!("#{p}, #{p}!"), &[&format!("#{p}"), &format!("#{p}")]),
        (&format!("  > {p}  "), &[p]),
        (&format!("<{p}>."), &[p]),
        // Page anchors, hashtags, words: not links.
        ("https://docs.python.org/3/library/re.html#re.sub #PyConUS #Acknowledgements-and-thanks", &[]),
        ("Abstract submitted", &[]),
        // A payload that is not alone on its line is only found after `#`.
        (&format!("code {p} here"), &[]),
    ];
    for (text, expected) in cases {
        let found = extract_links(text);
        let texts: Vec<&str> = found.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, expected, "{text}");
        for c in &found {
            assert_eq!(&text[c.span.clone()], c.text, "{text}");
            assert_eq!(c.payload(), p, "{text}");
        }
    }
}

#[test]
fn the_smallest_link_is_long_enough_to_be_found() {
    for rubric in rubric::presets() {
        let empty = SharedReview {
            review: Review::for_rubric(&rubric),
            proposal: None,
        };
        let fragment = link::encode_fragment(&empty).unwrap();
        assert!(
            fragment.len() >= MIN_PAYLOAD_CHARS,
            "{}: {fragment}",
            rubric.id
        );
        assert_eq!(extract_links(&fragment).len(), 1, "{fragment}");
        assert_eq!(
            extract_links(&format!("x\u{2192}#{fragment}"))[0].text,
            format!("#{fragment}")
        );
    }
}

#[test]
fn extract_links_counts_lines_from_one() {
    let text = "a\r\nb https://x.example/#AQEAAQIDBAUGBwgJ\n\nAQEAAQIDBAUGBwgK\n";
    let lines: Vec<usize> = extract_links(text).iter().map(|c| c.line).collect();
    assert_eq!(lines, [2, 4]);
}

// -----------------------------------------------------------------------
// A real paste
// -----------------------------------------------------------------------

const MOCKS: &str = "# Testing without mocks\n\nFakes, contract tests and the \
                     boundaries that make them work.\n\n## Outline\n\n- 5 min: why \
                     mocks hurt\n- 15 min: fakes\n- 5 min: questions\n";
const PACKAGING: &str = "# Packaging in 2026\n\nWhat changed, and what to do \
                         about it.\n";

fn pycon_review(vote: u8, author: &str, committee: &str) -> Review {
    let rubric = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
    let mut review = Review::for_rubric(&rubric);
    review.answers = vec![
        Some(vote),
        Some(0),
        Some(1),
        Some(0),
        Some(0),
        None,
        Some(1),
    ];
    author.clone_into(&mut review.author_comment);
    committee.clone_into(&mut review.committee_comment);
    review
}

#[test]
fn a_speaker_link_made_with_a_committee_link_is_the_same_reviewer() {
    let proposal = "# Faster tests\n\nWe profile a slow suite.";
    let reference = link::ProposalRef::of(proposal, None);
    let shared = |review| SharedReview {
        review,
        proposal: Some(proposal.into()),
    };
    let a = shared(pycon_review(0, "Say who it is for.", "Strong, accept."));
    let b = shared(pycon_review(3, "Thanks for proposing.", "Seen it before."));
    let mut c = shared(pycon_review(1, "Nice idea.", "Unsure."));
    c.review.scores_to_speaker = Some(true);
    let make = |s: &SharedReview, kind| {
        link::encode_link(s, kind, &reference, "https://talkback.example/").unwrap()
    };
    let paste = format!(
        "Speaker copy: {}\nA: {}\nB: {}\nC to the speaker: {}\n",
        make(&a, LinkKind::SpeakerFeedback),
        make(&a, LinkKind::CommitteeReview),
        make(&b, LinkKind::CommitteeReview),
        make(&c, LinkKind::SpeakerFeedback),
    );
    let report = summarise_text(&paste);
    assert_eq!((report.links_found, report.reviews_read), (4, 3));
    assert_eq!(report.duplicates.len(), 1);
    let d = &report.duplicates[0];
    assert_eq!((d.number, d.line, d.same_as), (1, 1, 2));
    assert!(d.message.contains("speaker's copy"), "{}", d.message);
    // One group of three reviewers: A (counted once), B, and C, whose
    // speaker link has no committee twin and carries the same proposal.
    let with_proposal = report
        .summary
        .groups
        .iter()
        .find(|g| g.title.as_deref() == Some("Faster tests"))
        .unwrap();
    assert_eq!(with_proposal.reviewers.len(), 3);
    assert_eq!(report.summary.groups.len(), 1);
    // A speaker link whose review differs from the committee link is not
    // taken for its copy.
    let mut a_edited = a.clone();
    a_edited.review.author_comment.push_str(" And add timings.");
    let paste = format!(
        "{}\n{}\n",
        make(&a_edited, LinkKind::SpeakerFeedback),
        make(&a, LinkKind::CommitteeReview)
    );
    let report = summarise_text(&paste);
    assert_eq!((report.reviews_read, report.duplicates.len()), (2, 0));
    // The compact speaker link the app sends when the proposal stays out of both
    // links: its passage comment placed by occurrence (no context to compare),
    // it is still A's copy.
    let mut a_passage = a.clone();
    let text = "We profile a slow suite.";
    a_passage
        .review
        .anchors
        .push(crate::anchor::AnchoredComment {
            anchor: crate::anchor::Anchor::new(text, 13..23),
            comment: "How slow?".into(),
            audience: Some(crate::scoring::Audience::Speaker),
        });
    let review_only = SharedReview {
        proposal: None,
        ..a_passage.clone()
    };
    let speaker = link::encode_speaker_link(&review_only, &reference, text, "").unwrap();
    let paste = format!(
        "{speaker}\n{}\n",
        make(&review_only, LinkKind::CommitteeReview)
    );
    let report = summarise_text(&paste);
    assert_eq!((report.reviews_read, report.duplicates.len()), (1, 1));
}

fn thread_links() -> [(&'static str, SharedReview); 5] {
    let with = |review, proposal: &str| SharedReview {
        review,
        proposal: Some(proposal.to_owned()),
    };
    let mut a3 = pycon_review(3, "The outline leaves no time for the fakes demo.", "");
    a3.criterion_comments[4] = "15 minutes of fakes, but no time for setup.".into();
    [
        (
            "A1",
            with(
                pycon_review(0, "Great topic; name the audience.", "Strong yes."),
                MOCKS,
            ),
        ),
        (
            "A2",
            with(
                pycon_review(0, "Clear takeaways.", "I'd champion it."),
                MOCKS,
            ),
        ),
        ("A3", with(a3, MOCKS)),
        ("A4", with(pycon_review(1, "Fine.", ""), MOCKS)),
        (
            "B1",
            with(
                pycon_review(1, "Say what changed since 2024.", ""),
                PACKAGING,
            ),
        ),
    ]
}

/// The thread with its placeholders filled in; A4 has one character
/// changed in the middle of its payload.
fn thread() -> String {
    let mut text = THREAD.to_owned();
    for (name, shared) in thread_links() {
        let link = match name {
            "A1" => link::encode(&shared, "file:///home/r1/talkback.html").unwrap(),
            "A3" => link::encode_fragment(&shared).unwrap(),
            _ => link::encode(&shared, "https://talkback.example/").unwrap(),
        };
        let link = if name == "A4" {
            let hash = link.find('#').unwrap();
            let at = hash + (link.len() - hash) / 2;
            let old = link.as_bytes()[at];
            let new = if old == b'x' { "y" } else { "x" };
            format!("{}{new}{}", &link[..at], &link[at + 1..])
        } else {
            link
        };
        text = text.replace(&format!("{{{{{name}}}}}"), &link);
    }
    assert!(!text.contains("{{"), "every placeholder filled");
    text
}

#[test]
fn editing_a_paste_reads_only_the_new_links_and_changes_nothing() {
    let text = thread();
    let mut cache = DecodeCache::default();
    let mut reads = Vec::new();
    let mut counted = |l: &str| {
        reads.push(l.to_string());
        cache.decode(l)
    };
    let first = summarise_text_with(&text, &mut counted);
    assert_eq!(first, summarise_text(&text));
    // The chair types a note at the end: every link is asked for again, but the
    // cache answers, with the same reviews and the same damaged link.
    let edited = format!("{text}\nDecide on Thursday.");
    let second = summarise_text_with(&edited, &mut |l: &str| cache.decode(l));
    assert_eq!(second, first);
    assert_eq!(
        cache.read.len(),
        reads.len(),
        "each link read once: {reads:?}"
    );
    assert!(
        cache.read.values().any(Result::is_err),
        "the damaged link is remembered as damaged"
    );
}

#[test]
fn links_unpacked_elsewhere_summarise_as_if_read_here() {
    let text = thread();
    let mut cache = DecodeCache::default();
    let unread = cache.unread(&text);
    // Five different links (the sixth repeats the third), the damaged one too.
    assert_eq!(unread.len(), 5, "{unread:?}");
    // As the committee view does: half unpacked by a worker, sent back as one
    // batch; the other half read here.
    let (theirs, mine) = unread.split_at(unread.len() / 2);
    let batch = link::encode_unpacked(&theirs.iter().map(|l| link::unpack(l)).collect::<Vec<_>>());
    for (l, unpacked) in theirs.iter().zip(link::decode_unpacked(&batch).unwrap()) {
        cache.insert_unpacked(l, unpacked);
    }
    for l in mine {
        cache.decode(l).ok();
    }
    assert!(cache.unread(&text).is_empty());
    let mut asked_to_decompress = 0;
    let report = summarise_text_with(&text, &mut |l: &str| {
        asked_to_decompress += usize::from(!cache.read.contains_key(l));
        cache.decode(l)
    });
    assert_eq!(asked_to_decompress, 0);
    assert_eq!(report, summarise_text(&text));
}

#[test]
fn an_email_thread_gives_two_groups_and_names_the_damaged_link() {
    let text = thread();
    let report = summarise_text(&text);
    // A2, B1, A1, A3, A4, A1 again.
    assert_eq!(report.links_found, 6);
    assert_eq!(report.reviews_read, 4);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].number, 6);
    assert_eq!(report.duplicates[0].same_as, 3);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let bad = &report.problems[0];
    assert_eq!(bad.number, 5);
    let line = text.lines().position(|l| l.contains("reviewer4")).unwrap() + 1;
    assert_eq!(bad.line, line);
    assert_eq!(bad.kind, Some(ErrorKind::Damaged));
    assert_eq!(
        bad.message,
        format!("Link 5 (line {line}): {}", ErrorKind::Damaged.message())
    );

    let groups = &report.summary.groups;
    assert_eq!(groups.len(), 2);
    // Sorted by title: packaging, then mocks.
    assert_eq!(groups[0].title.as_deref(), Some("Packaging in 2026"));
    assert_eq!(groups[1].title.as_deref(), Some("Testing without mocks"));
    let (packaging, mocks) = (&groups[0], &groups[1]);
    assert_eq!(packaging.reviewers.len(), 1);
    assert_eq!(packaging.pycon.as_ref().unwrap().score, 1);
    assert_eq!(mocks.reviewers.len(), 3);
    assert_eq!(mocks.code, short_code(fingerprint(MOCKS)));
    let pycon = mocks.pycon.as_ref().unwrap();
    assert_eq!(pycon.score, 3 + 3 - 3);
    assert_eq!(pycon.votes, [2, 0, 0, 1]);
    assert_eq!(mocks.champions.len(), 2);
    assert!(mocks.has_disagreement());
    assert_eq!(mocks.committee_feedback.general.len(), 2);
    assert_eq!(mocks.author_feedback.general.len(), 3);
    // PyCon's standards comments are the committee's unless the reviewer says otherwise.
    assert!(mocks.author_feedback.criteria.is_empty());
    assert_eq!(mocks.committee_feedback.criteria.len(), 1);
    assert_eq!(
        mocks.committee_feedback.criteria[0].label,
        "Outline fits the slot"
    );
    assert!(
        report.summary.warnings.is_empty(),
        "{:?}",
        report.summary.warnings
    );
}

#[test]
fn reviewer_letters_do_not_depend_on_paste_order() {
    let links: Vec<String> = thread_links()
        .iter()
        .map(|(_, s)| link::encode(s, "https://talkback.example/").unwrap())
        .collect();
    let letters_of = |order: &[usize]| {
        let paste = order.iter().fold(String::new(), |mut paste, &i| {
            let _ = writeln!(paste, "{}", links[i]);
            paste
        });
        let report = summarise_text(&paste);
        let mut by_review: Vec<(String, String)> = report
            .summary
            .groups
            .iter()
            .flat_map(|g| &g.reviewers)
            .map(|r| (r.review.author_comment.clone(), r.letter.clone()))
            .collect();
        #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
        by_review.sort();
        by_review
    };
    let reference = letters_of(&[0, 1, 2, 3, 4]);
    assert_eq!(reference.len(), 5);
    for order in [
        [4, 3, 2, 1, 0],
        [2, 0, 4, 1, 3],
        [1, 2, 3, 4, 0],
        [3, 4, 0, 2, 1],
    ] {
        assert_eq!(letters_of(&order), reference, "{order:?}");
    }
}

#[test]
fn versions_and_rubrics_are_never_mixed_silently() {
    let pycon = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
    let merit = preset(rubric::MERIT_EXPERTISE, 1).unwrap();
    let v2 = format!("{MOCKS}\nNow with a live demo.\n");
    let reviews = [
        shared(&pycon, &[Some(0)], Some(MOCKS)),
        // Same text re-wrapped: the same proposal.
        shared(&pycon, &[Some(1)], Some(&MOCKS.replace('\n', "\r\n"))),
        shared(&pycon, &[Some(1)], Some(&v2)),
        shared(&merit, &[Some(4), Some(3), None], Some(MOCKS)),
        shared(&pycon, &[Some(3)], None),
    ]
    .map(|mut s| {
        s.review
            .answers
            .resize(s.review.criterion_comments.len(), None);
        s
    });
    let summary = summarise(&reviews);
    let shape: Vec<(Option<&str>, &str, usize)> = summary
        .groups
        .iter()
        .map(|g| (g.title.as_deref(), g.rubric.id.as_str(), g.reviewers.len()))
        .collect();
    let title = Some("Testing without mocks");
    let (merit_v1, pycon_v1, pycon_v2, pycon_none) = (
        (title, rubric::MERIT_EXPERTISE, 1),
        (title, rubric::PYCON_US_SCREENING, 2),
        (title, rubric::PYCON_US_SCREENING, 1),
        (None, rubric::PYCON_US_SCREENING, 1),
    );
    // Same title: by code, then by rubric name.
    let expected = if short_code(fingerprint(MOCKS)) < short_code(fingerprint(&v2)) {
        [merit_v1, pycon_v1, pycon_v2, pycon_none]
    } else {
        [pycon_v2, merit_v1, pycon_v1, pycon_none]
    };
    assert_eq!(shape, expected);
    let kinds: Vec<WarningKind> = summary.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [
            WarningKind::ProposalVersions,
            WarningKind::MixedRubrics,
            WarningKind::ProposalNotIncluded
        ]
    );
    let versions = &summary.warnings[0].message;
    assert!(versions.contains("2 different versions of \u{201c}Testing without mocks\u{201d}"));
    assert!(versions.contains(&short_code(fingerprint(&v2))));
    assert!(summary.warnings[1]
        .message
        .contains("Merit and expertise, version 1"));
    assert!(summary.warnings[2]
        .message
        .starts_with("1 review does not include"));
    assert_eq!(summary.groups[3].code, "proposal not included");
    assert!(summary.groups[3]
        .heading()
        .starts_with("Proposal not included"));
}

#[test]
fn custom_rubrics_group_by_content() {
    let mut custom = Rubric::custom("Lightning");
    custom
        .criteria
        .push(Criterion::new("fun", "Fun", Scale::YesNo));
    let mut other = custom.clone();
    other.criteria[0].label = "Fun?".into();
    let reviews = [
        shared(&custom, &[Some(0)], Some(MOCKS)),
        shared(&custom, &[Some(1)], Some(MOCKS)),
        shared(&other, &[Some(1)], Some(MOCKS)),
    ];
    let summary = summarise(&reviews);
    assert_eq!(summary.groups.len(), 2);
    assert_eq!(summary.warnings[0].kind, WarningKind::MixedRubrics);
    assert!(summary.groups[0].heading().contains("(custom rubric "));
}

// -----------------------------------------------------------------------
// Exports
// -----------------------------------------------------------------------

fn mocks_group() -> Group {
    let mut report = summarise_text(&thread());
    report.summary.groups.remove(1)
}

#[test]
fn author_markdown_has_author_comments_and_never_committee_ones() {
    let mut group = mocks_group();
    // A passage comment from one reviewer, and a pseudonym from another.
    let start = MOCKS.find("contract tests").unwrap();
    group.reviewers[0].pseudonym = Some("Sam".into());
    group.author_feedback.passages.push(PassageComment {
        letter: "B".into(),
        quote: "contract tests".into(),
        comment: "Define these for newcomers.".into(),
        position: Some(start),
        anchored: AnchoredComment {
            audience: None,
            anchor: Anchor::new(MOCKS, start..start + "contract tests".len()),
            comment: "Define these for newcomers.".into(),
        },
    });
    let md = author_markdown(&group);
    for author in [
        ": Great topic; name the audience.",
        "Clear takeaways.",
        "The outline leaves no time for the fakes demo.",
        "> contract tests\n\nReviewer B: Define these for newcomers.",
    ] {
        assert!(md.contains(author), "{author} missing from\n{md}");
    }
    // The committee's comments, the committee-only comment on a standard, the
    // votes and the pseudonym stay with the committee.
    for committee in [
        "Strong yes.",
        "champion it",
        "15 minutes of fakes",
        "Outline fits the slot",
        "Sam",
        "+1",
        "score",
    ] {
        assert!(!md.contains(committee), "{committee} leaked into\n{md}");
    }
    assert!(md.starts_with("# Feedback on \u{201c}Testing without mocks\u{201d}\n\n"));
    // The letter is the letter of the combined speaker link.
    let link = combined_link(&group, "https://talkback.example/").unwrap();
    let opened = link::decode_link(&link).unwrap();
    assert_eq!(opened.kind, link::LinkKind::SpeakerFeedback);
    assert_eq!(crate::feedback::review_markdown(&opened.shared), md);
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let mut out = String::new();
    for field in [
        "plain",
        "a, b",
        "say \"hi\"",
        "two\nlines",
        "cr\rhere",
        "",
        "-3",
        "+1",
        "=SUM(A1)",
        "@me, too",
    ] {
        csv_field(&mut out, field);
        out.push('|');
    }
    assert_eq!(
        out,
        "plain|\"a, b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\rhere\"||-3|+1|'=SUM(A1)|\"'@me, too\"|"
    );

    let mut group = mocks_group();
    group.reviewers[1].pseudonym = Some("Sam \"the\", reviewer\nII".into());
    group.criteria[1].label = "Relevant, \"really\"".into();
    let csv = table_csv(&group);
    let rows: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(
        rows[0],
        "criterion,n,mean,median,sd,min,max,Reviewer A,\"Reviewer B (Sam \"\"the\"\", reviewer\nII)\",Reviewer C"
    );
    // Labels, not hidden points: the vote's median is a label, no mean or range.
    assert!(rows[1].starts_with("Overall vote,3,,+1,,,,"), "{}", rows[1]);
    assert!(rows[2].starts_with("\"Relevant, \"\"really\"\"\",3,,Meets,,,,Meets,Meets,Meets"));
    // No weighted total of votes and checks.
    assert_eq!(rows.len(), 1 + 7);
    // Every row has the same number of fields outside quotes.
    let fields = |row: &str| {
        row.split('"')
            .step_by(2)
            .map(|s| s.matches(',').count())
            .sum::<usize>()
    };
    assert!(rows.iter().all(|r| fields(r) == fields(rows[0])));
}

#[test]
fn json_export_parses_and_matches_the_table() {
    let group = mocks_group();
    let v = crate::json::parse(&table_json(&group)).unwrap();
    let vote = &v.get("criteria").unwrap().as_array().unwrap()[0];
    assert_eq!(vote.get("label").unwrap().as_str(), Some("Overall vote"));
    assert_eq!(
        vote.get("stats").unwrap().get("n").unwrap().as_i64(),
        Some(3)
    );
    assert_eq!(vote.get("disagreement").unwrap().as_bool(), Some(true));
    assert_eq!(
        v.get("pycon").unwrap().get("score").unwrap().as_i64(),
        Some(3)
    );
    assert_eq!(v.get("champions").unwrap().as_array().unwrap().len(), 2);
    assert_eq!(v.get("expertise_weighted_merit"), Some(&Value::Null));
    assert!(!table_json(&group).contains("Strong yes."));
}

#[test]
fn combined_review_carries_author_feedback_only() {
    let mut group = mocks_group();
    let start = MOCKS.find("fakes").unwrap();
    group.author_feedback.passages.push(PassageComment {
        letter: "C".into(),
        quote: "fakes".into(),
        comment: "Which kind?".into(),
        position: Some(start),
        anchored: AnchoredComment {
            audience: None,
            anchor: Anchor::new(MOCKS, start..start + 5),
            comment: "Which kind?".into(),
        },
    });
    let combined = combine(&group).unwrap();
    assert_eq!(combined.proposal.as_deref(), Some(MOCKS));
    assert!(combined.review.answers.iter().all(Option::is_none));
    assert!(combined.review.committee_comment.is_empty());
    assert!(combined.review.author_comment.contains("Clear takeaways."));
    assert!(!combined.review.author_comment.contains("Strong yes."));
    assert_eq!(
        combined.review.anchors[0].comment,
        "Reviewer C: Which kind?"
    );
    let link = link::encode(&combined, "https://talkback.example/").unwrap();
    assert_eq!(link::decode(&link).unwrap(), combined);

    group.author_feedback.general[0].text = "x".repeat(AUTHOR_COMMENT_MAX_CHARS);
    assert_eq!(combine(&group), Err(CombineError::TooLong));
    group.fingerprint = None;
    assert_eq!(combine(&group), Err(CombineError::NoProposal));
}

// -----------------------------------------------------------------------
// Speed
// -----------------------------------------------------------------------

/// A proposal of about 10 KB, different for each `i`.
fn long_proposal(i: usize) -> String {
    let mut text = format!("# Talk number {i}\n\n");
    let mut n = 0;
    while text.len() < 10_000 {
        let _ = write!(
            text,
            "Paragraph {n} of talk {i}: we show how tests, types and tooling help a \
             team ship Python with confidence, with examples from real projects.\n\n"
        );
        n += 1;
    }
    text
}

#[test]
fn fifty_links_with_proposals_summarise_correctly() {
    let pycon = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
    let proposals: Vec<String> = (0..10).map(long_proposal).collect();
    let mut paste = String::new();
    for i in 0..50 {
        let mut review = Review::for_rubric(&pycon);
        let vote = u8::try_from(i % 4).unwrap();
        review.answers[0] = Some(vote);
        review.author_comment = format!("Comment {i}: tighten the outline.");
        review.committee_comment = format!("Committee note {i}.");
        let shared = SharedReview {
            review,
            proposal: Some(proposals[i / 5].clone()),
        };
        let link = link::encode(&shared, "https://talkback.example/").unwrap();
        let _ = writeln!(paste, "> Review {i}: <{link}>");
    }
    let started = std::time::Instant::now();
    let report = summarise_text(&paste);
    let elapsed = started.elapsed();
    eprintln!("decode + summarise of 50 links: {elapsed:?}");
    assert_eq!((report.links_found, report.reviews_read), (50, 50));
    assert!(report.problems.is_empty() && report.duplicates.is_empty());
    assert_eq!(report.summary.groups.len(), 10);
    for group in &report.summary.groups {
        assert_eq!(group.reviewers.len(), 5);
        // Five consecutive reviews have votes i % 4: e.g. 0 1 2 3 0.
        let first = group
            .title
            .as_deref()
            .and_then(|t| t.strip_prefix("Talk number "))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap();
        let expected: i32 = (first * 5..first * 5 + 5)
            .map(|i| Vote::ALL[i % 4].points())
            .sum();
        assert_eq!(group.pycon.as_ref().unwrap().score, expected);
        assert_eq!(group.author_feedback.general.len(), 5);
    }
}

// -----------------------------------------------------------------------
// Ranking, calibration, decisions
// -----------------------------------------------------------------------

/// A reviewer file's text: one link a line, each a PyCon vote on a titled proposal,
/// carrying only the proposal's reference (as the workspace exports them).
fn reviewer_file(votes: &[(&str, u8)]) -> String {
    votes
        .iter()
        .map(|&(title, vote)| {
            let text = format!("# {title}\n\nBody of {title}.");
            let shared = SharedReview {
                review: pycon_review(vote, "", ""),
                proposal: None,
            };
            let reference = link::ProposalRef::of(&text, Some(title));
            link::encode_link(
                &shared,
                LinkKind::CommitteeReview,
                &reference,
                "https://talkback.example/",
            )
            .unwrap()
                + "\n"
        })
        .collect()
}

/// Two reviewer files, hand-checked. Harsh: P1 −0 (−1 PyCon point), P2 −1 (−3).
/// Generous: P3 +1 (3), P4 +0 (1). Raw means: P3 3, P4 1, P1 −1, P2 −3.
/// Harsh's mean −2, SD 1: z = +1 for P1, −1 for P2; generous's mean 2, SD 1: z = +1
/// for P3, −1 for P4. All four numbers: mean 0, SD √((1 + 9 + 9 + 1) ÷ 4) = √5. So
/// P1 and P3 become +√5 ≈ 2.24, P2 and P4 −√5: P1 now ranks above P4.
#[test]
fn normalising_per_reviewer_file_undoes_harshness() {
    let harsh = reviewer_file(&[("P1", 2), ("P2", 3)]);
    let generous = reviewer_file(&[("P3", 0), ("P4", 1)]);
    let text = format!("{harsh}{generous}");
    let files = [0..harsh.len(), harsh.len()..text.len()];
    let report = summarise_files_with(&text, &files, &mut link::decode_link);
    assert_eq!(report.reviews_read, 4);
    assert_eq!(report.summary.groups.len(), 4, "one group per reference");
    let mut rows = ranking(&report.summary);
    let by_key = |rows: &[RankRow], key: &str| rows.iter().find(|r| r.key == key).cloned().unwrap();
    let p1 = by_key(&rows, "P1");
    assert_eq!(p1.mean, Some(-1.0));
    assert!((p1.normalised.unwrap() - 5f64.sqrt()).abs() < 1e-12);
    assert_eq!(format_number(p1.normalised.unwrap()), "2.24");
    assert!((by_key(&rows, "P4").normalised.unwrap() + 5f64.sqrt()).abs() < 1e-12);
    assert!((by_key(&rows, "P2").normalised.unwrap() + 5f64.sqrt()).abs() < 1e-12);

    let order = |rows: &[RankRow]| rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
    sort_rows(&mut rows, SortKey::Mean);
    assert_eq!(order(&rows), ["P3", "P4", "P1", "P2"]);
    sort_rows(&mut rows, SortKey::Normalised);
    // Ties keep the raw order: P3 before P1, P4 before P2.
    assert_eq!(order(&rows), ["P3", "P1", "P4", "P2"]);

    // Pasted without files, the reviewers are unknown: nothing is normalised.
    let pasted = summarise_text(&text);
    assert!(ranking(&pasted.summary)
        .iter()
        .all(|r| r.normalised == r.mean));
    // The group's heading names the CFP code when there is no text.
    assert!(pasted.summary.groups[0].heading().starts_with("Proposal P"));
}

#[test]
fn expertise_weights_the_ranking_where_the_rubric_records_it() {
    let rubric = preset("merit-expertise", 1).unwrap();
    let review = |merit, expertise| {
        let mut r = Review::for_rubric(&rubric);
        r.answers = vec![Some(merit), Some(expertise), None];
        SharedReview {
            review: r,
            proposal: Some("# Weighted\n\nBody.".into()),
        }
    };
    let one = summarise(&[review(4, 3), review(1, 0)]);
    let row = &ranking(&one)[0];
    // Totals 5 (expertise 4) and 2 (expertise 1): (5·4 + 2·1) ÷ 5.
    assert_eq!(row.mean, Some(22.0 / 5.0));
    assert_eq!(row.median, Some(3.5));
    assert_eq!(row.spread, Some(3.0));
}

#[test]
fn ranking_sorts_filters_and_exports_with_decisions() {
    let file = reviewer_file(&[("Alpha", 3), ("Beta", 0), ("Gamma", 1), ("Beta", 1)]);
    let report = summarise_text(&file);
    let mut rows = ranking(&report.summary);
    sort_rows(&mut rows, SortKey::Pycon);
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["Beta", "Gamma", "Alpha"]);
    assert_eq!(rows[0].pycon, Some(4));
    assert_eq!(rows[0].champions, 1);
    sort_rows(&mut rows, SortKey::Reviews);
    assert_eq!(rows[0].key, "Beta");
    assert!(row_matches(&rows[1], "gam"));
    assert!(!row_matches(&rows[1], "alpha"));

    let decisions = |key: &str| match key {
        "Beta" => Decision::Accept,
        "Alpha" => Decision::Decline,
        _ => Decision::Undecided,
    };
    sort_rows(&mut rows, SortKey::Pycon);
    let csv = ranking_csv(&rows, &decisions);
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1], "1,Beta,Proposal Beta,,,accept,4,2,2,2,2,no,1,2");
    assert!(lines[2].starts_with("2,Gamma,") && lines[2].contains(",undecided,1,1,1,0,"));
    assert!(lines[3].starts_with("3,Alpha,") && lines[3].contains(",decline,-3,-3,-3,0,"));
    for d in Decision::ALL {
        assert_eq!(Decision::parse(d.as_str()), d);
    }
    assert_eq!(Decision::parse("nonsense"), Decision::Undecided);
}

/// Conference scale, as the workspace exports reviews: 700 proposals × 3 reviewers,
/// each link carrying the proposal's reference but not its text, in three reviewer
/// files. Every link is read, each proposal is one group and one ranking row.
#[test]
fn two_thousand_reference_only_links_give_one_row_per_proposal() {
    let rubric = preset(rubric::PYCON_US_SCREENING, 1).unwrap();
    let mut files = vec![String::new(); 3];
    for p in 0..700usize {
        let text = format!("# Talk {p}\n\nBody {p}.");
        let reference = link::ProposalRef::of(&text, Some(&format!("PYC-{p:04}")));
        for (r, file) in files.iter_mut().enumerate() {
            let mut review = Review::for_rubric(&rubric);
            review.answers[0] = Some(u8::try_from((p + r) % 4).unwrap());
            let shared = SharedReview {
                review,
                proposal: None,
            };
            let l = link::encode_link(
                &shared,
                LinkKind::CommitteeReview,
                &reference,
                "https://t.example/",
            )
            .unwrap();
            file.push_str(&l);
            file.push('\n');
        }
    }
    let mut text = String::new();
    let mut ranges = Vec::new();
    for f in &files {
        ranges.push(text.len()..text.len() + f.len());
        text.push_str(f);
    }
    let report = summarise_files_with(&text, &ranges, &mut link::decode_link);
    assert_eq!((report.links_found, report.reviews_read), (2100, 2100));
    assert!(report.problems.is_empty(), "{:?}", report.problems.first());
    assert_eq!(report.summary.groups.len(), 700);
    assert!(report
        .summary
        .groups
        .iter()
        .all(|g| g.reviewers.len() == 3 && g.reviewers.iter().all(|r| r.source.is_some())));
    let mut rows = ranking(&report.summary);
    sort_rows(&mut rows, SortKey::Normalised);
    assert_eq!(rows.len(), 700);
    assert!(rows.windows(2).all(|w| w[0].normalised >= w[1].normalised));
}
