//! Native tests of the exchange formats on the fixtures in `tests/fixtures/exports/`
//! (real CC0 talk texts, invented speakers; see its README).

use super::*;
use crate::link::decode_link;
use crate::proposal::{parse, FieldKind};
use crate::rubric::preset;
use crate::scoring::Review;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/fixtures/exports/", $name)).as_slice()
    };
}

fn read(name: &str, bytes: &[u8]) -> Import {
    match import(name, bytes) {
        Ok(i) => i,
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The export rows of imported `proposals`, each with its review (in order).
fn rows_of<'a>(proposals: &'a [Imported], reviews: &'a [Review]) -> Vec<ReviewRow<'a>> {
    proposals
        .iter()
        .zip(reviews)
        .map(|(p, review)| ReviewRow {
            code: p.code.as_deref(),
            title: &p.title,
            text: &p.text,
            review,
        })
        .collect()
}

/// What every import must give: a title the parser reads back from the
/// text, and no speaker's name, e-mail or bio in the text.
fn assert_sound(import: &Import) {
    for p in &import.proposals {
        assert!(!p.title.is_empty(), "{p:?}");
        assert_eq!(parse(&p.text).title(), Some(p.title.as_str()), "{}", p.text);
        for s in &p.speakers {
            for part in [&s.name, &s.email, &s.bio] {
                assert!(
                    part.is_empty() || !p.text.contains(part.as_str()),
                    "{part:?} is in the text of {:?}",
                    p.title
                );
            }
        }
    }
}

#[test]
fn pretalx_api_page_of_fifty_reads_every_field() {
    let i = read("submissions.json", fixture!("pretalx-submissions-50.json"));
    assert_eq!(i.format, Format::PretalxJson);
    assert_eq!(i.proposals.len(), 50);
    assert_eq!((i.next.as_deref(), i.total), (None, Some(50)));
    assert!(i.is_complete());
    assert_sound(&i);
    let first = &i.proposals[0];
    // {"de": "(de) …", "en": "…"}: English wins.
    assert_eq!(first.title, "Using Grok to Walk Like a Duck");
    assert_eq!(first.code.as_deref(), Some("NPBJSR"));
    assert_eq!(first.submission_type.as_deref(), Some("Talk"));
    assert_eq!(first.track.as_deref(), Some("Web"));
    assert_eq!(first.duration_minutes, Some(45));
    assert_eq!(first.speaker_names(), ["Faroun Thistlewood"]);
    assert_eq!(first.speakers[0].email, "faroun.thistlewood@example.org");
    assert!(first.speakers[0]
        .bio
        .starts_with("Faroun has written Python"));
    // The short abstract and the long description reach the fields the
    // checks read: Summary → description, Detailed description → abstract.
    let p = parse(&first.text);
    assert!(p
        .text(FieldKind::Description)
        .unwrap()
        .starts_with("Web development often involves"));
    assert!(p
        .text(FieldKind::Abstract)
        .unwrap()
        .starts_with("Authentication, social networking"));
    assert_eq!(p.duration_minutes(), Some(45));
    assert!(!first.text.contains("(de)"));
    // Two withdrawn, some accepted, notes for reviewers kept.
    let withdrawn = i
        .proposals
        .iter()
        .filter(|p| p.state.is_withdrawn())
        .count();
    assert_eq!(withdrawn, 2);
    assert!(i
        .proposals
        .iter()
        .any(|p| p.state == ProposalState::Accepted));
    assert!(i.proposals.iter().any(|p| parse(&p.text)
        .text(FieldKind::Notes)
        .is_some_and(|n| n.contains("live demo"))));
    // Co-speakers and tutorials.
    assert!(i.proposals.iter().any(|p| p.speakers.len() == 2));
    assert!(i
        .proposals
        .iter()
        .any(|p| p.submission_type.as_deref() == Some("Tutorial")));
    // Codes are unique, so reviews can be matched back.
    let mut codes: Vec<&str> = i
        .proposals
        .iter()
        .filter_map(|p| p.code.as_deref())
        .collect();
    crate::sort::sort(&mut codes);
    codes.dedup();
    assert_eq!(codes.len(), 50);
}

#[test]
fn revealing_the_speakers_adds_names_and_bios() {
    let i = read("submissions.json", fixture!("pretalx-submissions-50.json"));
    let p = &i.proposals[0];
    let shown = p.text_with_speakers();
    assert!(shown.starts_with(&p.text));
    let parsed = parse(&shown);
    assert!(parsed
        .text(FieldKind::Speakers)
        .unwrap()
        .contains("Faroun Thistlewood"));
    assert!(parsed
        .text(FieldKind::Bio)
        .unwrap()
        .starts_with("Faroun has written"));
}

#[test]
fn a_paginated_pair_combines_and_says_when_a_page_is_missing() {
    let one = read("page-1.json", fixture!("pretalx-page-1.json"));
    let two = read("page-2.json", fixture!("pretalx-page-2.json"));
    assert!(one.next.as_deref().unwrap().contains("offset=3"));
    assert!(
        !one.is_complete(),
        "page 1 of 2 alone is not the whole export"
    );
    // Page 2 gives speakers as codes only: kept as codes, and the notes say so.
    assert!(two.proposals.iter().all(|p| p
        .speakers
        .iter()
        .all(|s| s.name.is_empty() && s.code.as_deref().is_some_and(|c| c.starts_with("SPK")))));
    assert!(two.notes.iter().any(|n| n.contains("codes only")));
    // Either order.
    let both = combine(vec![two.clone(), one.clone()]).unwrap();
    assert_eq!(both.proposals.len(), 6);
    assert!(both.is_complete());
    assert!(both.notes.iter().any(|n| n.contains("codes only")));
    // The same page twice is still page 1 alone: 3 of 6.
    let twice = combine(vec![one.clone(), one]).unwrap();
    assert_eq!(twice.proposals.len(), 3);
    assert!(!twice.is_complete());
    // Pages of different formats do not combine.
    let md = read("p.md", fixture!("proposals.md"));
    let err = combine(vec![both, md]).unwrap_err();
    assert!(err.message().contains("Markdown"), "{err}");
}

#[test]
fn pretalx_csv_export_reads_lists_questions_and_multiline_cells() {
    let i = read("export.csv", fixture!("pretalx-export.csv"));
    assert_eq!(i.format, Format::PretalxCsv);
    assert_eq!(i.proposals.len(), 10);
    assert_sound(&i);
    let with_two = i.proposals.iter().find(|p| p.speakers.len() == 2).unwrap();
    assert!(with_two
        .speakers
        .iter()
        .all(|s| !s.name.is_empty() && s.code.is_some()));
    // The question column becomes a section; Internal notes is dropped and said so.
    let p = &i.proposals[0];
    assert!(
        p.text.contains("## Have you given this talk before?\n\n"),
        "{}",
        p.text
    );
    assert!(i.notes.iter().any(|n| n.contains("Internal notes")));
    assert!(i.proposals.iter().all(|p| p.duration_minutes.is_some()));
    assert!(i.proposals.iter().any(|p| p.tags.len() > 1));
}

#[test]
fn pretalx_export_as_json_reads_like_the_csv() {
    let csv = read("export.csv", fixture!("pretalx-export.csv"));
    // The same export as JSON: objects keyed by the column names.
    let table = super::csv::read(
        std::str::from_utf8(fixture!("pretalx-export.csv")).unwrap(),
        Format::PretalxCsv,
    )
    .unwrap();
    let objects: Vec<serde_json::Value> = table
        .rows
        .iter()
        .map(|r| {
            serde_json::Value::Object(
                table
                    .header
                    .iter()
                    .zip(&r.fields)
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect(),
            )
        })
        .collect();
    let json = serde_json::to_string(&objects).unwrap();
    let i = read("export.json", json.as_bytes());
    assert_eq!(i.format, Format::PretalxCsv);
    assert_eq!(i.proposals.len(), csv.proposals.len());
    for (a, b) in i.proposals.iter().zip(&csv.proposals) {
        assert_eq!((&a.code, &a.title), (&b.code, &b.title));
        assert_eq!(a.content_hash(), b.content_hash(), "{}", a.title);
    }
}

#[test]
fn papercall_api_and_flat_download() {
    let api = read("papercall.json", fixture!("papercall-api.json"));
    assert_eq!(api.format, Format::PaperCallJson);
    assert_eq!(api.proposals.len(), 5);
    assert_sound(&api);
    let p = &api.proposals[0];
    assert!(p.code.as_deref().unwrap().starts_with("41"));
    assert!(p.submission_type.as_deref().unwrap().starts_with("Talk ("));
    assert!(p.level.is_some());
    assert!(!p.speakers[0].name.is_empty() && !p.speakers[0].bio.is_empty());
    assert!(api.notes.iter().any(|n| n.contains("ratings")));
    // The format "Talk (45 minutes)" is also a duration the parser reads.
    assert!(parse(&p.text).duration_minutes().is_some());

    let flat = read("papercall.json", fixture!("papercall-flat.json"));
    assert_eq!(flat.format, Format::PaperCallJson);
    assert_eq!(flat.proposals.len(), 5);
    assert_sound(&flat);
    assert!(flat.proposals.iter().all(|p| p.speakers.len() == 1
        && p.speakers[0].email.ends_with("@example.org")
        && p.code.is_none()));
}

#[test]
fn sessionize_csv_reads_owner_speakers_and_questions() {
    let i = read("sessions.csv", fixture!("sessionize-sessions.csv"));
    assert_eq!(i.format, Format::SessionizeCsv);
    assert_eq!(i.proposals.len(), 8);
    assert_sound(&i);
    let p = &i.proposals[0];
    assert_eq!(p.code.as_deref(), Some("880076"));
    assert_eq!(p.submission_type.as_deref(), Some("Session"));
    assert!(p.speakers[0].email.ends_with("@example.org"));
    assert!(p.text.contains("## Why should this talk be selected?"));
    // One description, with the line breaks of the quoted cell.
    let d = parse(&p.text)
        .text(FieldKind::Description)
        .unwrap()
        .to_owned();
    assert!(d.contains('\n'));
    // The owner is not listed twice when Speakers names them again.
    assert!(i.proposals.iter().all(|p| {
        let names = p.speaker_names();
        names
            .iter()
            .all(|n| names.iter().filter(|m| *m == n).count() == 1)
    }));
    assert!(i.notes.iter().any(|n| n.contains("Date Submitted")));
}

#[test]
fn hotcrp_papers_read_authors_topics_and_withdrawn() {
    let i = read("papers.json", fixture!("hotcrp-papers.json"));
    assert_eq!(i.format, Format::HotcrpJson);
    assert_eq!(i.proposals.len(), 6);
    assert_sound(&i);
    assert_eq!(i.proposals[0].code.as_deref(), Some("1"));
    assert!(i.proposals[0].speakers[0].name.contains(' '));
    assert_eq!(
        i.proposals
            .iter()
            .filter(|p| p.state.is_withdrawn())
            .count(),
        1
    );
}

#[test]
fn markdown_file_of_five_proposals() {
    let i = read("proposals.md", fixture!("proposals.md"));
    assert_eq!(i.format, Format::Markdown);
    assert_eq!(i.proposals.len(), 5);
    assert_sound(&i);
    for p in &i.proposals {
        assert!(p.code.as_deref().unwrap().starts_with("MD-"));
        assert!(!p.text.contains("Code:"));
        assert!(!p.speakers.is_empty());
        assert!(!p.speakers[0].bio.is_empty());
        assert!(p.duration_minutes.is_some() && p.track.is_some() && p.level.is_some());
        assert!(parse(&p.text).text(FieldKind::Abstract).is_some());
    }
    // The same proposals separated by --- lines read the same.
    let text = std::str::from_utf8(fixture!("proposals.md")).unwrap();
    let dashed = text.replace("\n# ", "\n---\n# ");
    let j = read("other.txt", dashed.as_bytes());
    assert_eq!(j.proposals, i.proposals);
}

#[test]
fn malformed_and_unknown_files_say_what_and_where() {
    /// File name, content, the format it looks like, words of the message, line.
    type Case<'a> = (&'a str, &'a [u8], Option<Format>, &'a str, Option<usize>);
    let cases: &[Case<'_>] = &[
        (
            "p.json",
            fixture!("malformed/pretalx-truncated.json"),
            None,
            "not valid JSON",
            Some(78),
        ),
        (
            "p.json",
            fixture!("malformed/pretalx-bad-record.json"),
            Some(Format::PretalxJson),
            "proposal 2: this is a number",
            None,
        ),
        (
            "s.csv",
            fixture!("malformed/sessionize-unclosed-quote.csv"),
            Some(Format::SessionizeCsv),
            "never closed",
            Some(3),
        ),
        (
            "p.csv",
            fixture!("malformed/pretalx-extra-field.csv"),
            Some(Format::PretalxCsv),
            "4 fields and the header 3",
            Some(3),
        ),
        (
            "u.json",
            fixture!("malformed/unknown.json"),
            None,
            "pretalx",
            None,
        ),
        (
            "u.csv",
            fixture!("malformed/unknown.csv"),
            None,
            "Session Id",
            None,
        ),
        (
            "n.txt",
            fixture!("malformed/notes.txt"),
            None,
            "neither JSON",
            None,
        ),
        (
            "l.csv",
            fixture!("malformed/latin1.csv"),
            None,
            "not UTF-8",
            Some(2),
        ),
        (
            "w.xlsx",
            fixture!("malformed/workbook.xlsx"),
            None,
            "Save the sheet as CSV",
            None,
        ),
        (
            "n.md",
            fixture!("malformed/no-title.md"),
            Some(Format::Markdown),
            "no title",
            Some(1),
        ),
        ("e.json", b"   \n", None, "empty", None),
        ("e.json", b"[]", None, "holds no proposal", None),
        ("e.json", b"\"text\"", None, "neither JSON", None),
        ("e.json", b"[1, 2]", None, "without objects", None),
        (
            "e.json",
            b"{\"results\": 3}",
            Some(Format::PretalxJson),
            "not a list",
            None,
        ),
    ];
    for &(name, bytes, format, words, line) in cases {
        let err = import(name, bytes).expect_err(name);
        let message = err.message();
        assert_eq!(err.looked_like, format, "{name}: {message}");
        assert!(message.contains(words), "{name}: {message}");
        assert_eq!(err.line, line, "{name}: {message}");
        match format {
            Some(f) => assert!(message.starts_with(&format!("This looks like a {}", f.label()))),
            None => assert!(message.starts_with("Talkback cannot read this file")),
        }
    }
}

#[test]
fn no_input_panics_even_cut_anywhere() {
    // Every prefix of every fixture (at a few hundred cut points) gives a
    // result or an error, never a panic.
    let files: [&[u8]; 7] = [
        fixture!("pretalx-page-1.json"),
        fixture!("pretalx-export.csv"),
        fixture!("papercall-api.json"),
        fixture!("sessionize-sessions.csv"),
        fixture!("hotcrp-papers.json"),
        fixture!("proposals.md"),
        fixture!("malformed/sessionize-unclosed-quote.csv"),
    ];
    for bytes in files {
        for cut in (0..bytes.len()).step_by(bytes.len() / 200 + 1) {
            let _ = import("cut", &bytes[..cut]);
        }
    }
}

/// A pretalx export of `n` proposals, about 1.7 KB each, made from the
/// 50-proposal fixture with fresh codes.
fn big_pretalx(n: usize) -> String {
    let page: serde_json::Value =
        serde_json::from_slice(fixture!("pretalx-submissions-50.json")).unwrap();
    let results = page["results"].as_array().unwrap();
    let items: Vec<serde_json::Value> = (0..n)
        .map(|k| {
            let mut item = results[k % results.len()].clone();
            item["code"] = serde_json::Value::String(format!("BIG{k:05}"));
            item
        })
        .collect();
    serde_json::json!({"count": n, "next": null, "results": items}).to_string()
}

#[test]
fn a_five_megabyte_export_imports_whole() {
    let n = 4_000;
    let text = big_pretalx(n);
    assert!(text.len() > 5_000_000, "{}", text.len());
    let i = read("big.json", text.as_bytes());
    assert_eq!(i.proposals.len(), n);
    assert_eq!(i.proposals[n - 1].code.as_deref(), Some("BIG03999"));
    assert_eq!(i.proposals[n - 1].title, i.proposals[n - 1 - 50].title);
    // Reconciling it against itself is all unchanged.
    let known = known_of(&i.proposals, false);
    assert!(reconcile(&known, &i.proposals)
        .iter()
        .all(|c| matches!(c, Change::Unchanged { .. } | Change::Withdrawn { .. })));
}

#[test]
fn too_large_a_file_is_refused_before_reading() {
    let big = vec![b' '; MAX_IMPORT_BYTES + 1];
    let err = import("big.json", &big).unwrap_err();
    assert!(err.message().contains("largest file"), "{err}");
}

fn known_of(proposals: &[Imported], reviewed: bool) -> Vec<Known> {
    proposals
        .iter()
        .map(|p| Known {
            code: p.code.clone(),
            title: p.title.clone(),
            imported_hash: p.content_hash(),
            reviewed_hash: reviewed.then(|| p.content_hash()),
        })
        .collect()
}

#[test]
fn reimport_finds_new_changed_unchanged_withdrawn_and_missing() {
    let before = read("a.json", fixture!("pretalx-submissions-50.json"));
    let known = known_of(&before.proposals[..10], true);
    // The updated export: proposal 1 edited, 2 withdrawn, 3 left out, one new.
    let mut page: serde_json::Value =
        serde_json::from_slice(fixture!("pretalx-submissions-50.json")).unwrap();
    let results = page["results"].as_array_mut().unwrap();
    results.truncate(12);
    results[1]["description"] = serde_json::Value::String("A new description.".into());
    results[2]["state"] = serde_json::Value::String("withdrawn".into());
    results.remove(3);
    let after = read("b.json", page.to_string().as_bytes());
    let changes = reconcile(&known, &after.proposals);
    assert_eq!(
        changes[0],
        Change::Unchanged {
            known: 0,
            incoming: 0
        }
    );
    assert_eq!(
        changes[1],
        Change::Changed {
            known: 1,
            incoming: 1,
            since_review: true
        }
    );
    assert_eq!(
        changes[2],
        Change::Withdrawn {
            known: Some(2),
            incoming: 2
        }
    );
    // Incoming 9 and 10 were proposals 10 and 11: new to the workspace.
    assert_eq!(changes[9], Change::New { incoming: 9 });
    assert_eq!(changes[10], Change::New { incoming: 10 });
    assert_eq!(changes.last(), Some(&Change::Missing { known: 3 }));
    assert_eq!(changes.len(), after.proposals.len() + 1);
    // Edited, but the reviewer has not scored it yet: changed, not "since your review".
    let unreviewed = known_of(&before.proposals[..10], false);
    assert_eq!(
        reconcile(&unreviewed, &after.proposals)[1],
        Change::Changed {
            known: 1,
            incoming: 1,
            since_review: false
        }
    );
}

#[test]
fn reimport_without_codes_matches_by_text_then_title() {
    let md = read("p.md", fixture!("proposals.md"));
    let mut proposals = md.proposals.clone();
    for p in &mut proposals {
        p.code = None;
    }
    let known = known_of(&proposals, true);
    let mut incoming = proposals.clone();
    incoming.swap(0, 1);
    incoming[2].text.push_str("\n\nOne more line.");
    let changes = reconcile(&known, &incoming);
    assert_eq!(
        changes[0],
        Change::Unchanged {
            known: 1,
            incoming: 0
        }
    );
    assert_eq!(
        changes[1],
        Change::Unchanged {
            known: 0,
            incoming: 1
        }
    );
    assert_eq!(
        changes[2],
        Change::Changed {
            known: 2,
            incoming: 2,
            since_review: true
        }
    );
    // Code-less proposals are never reported missing (a Markdown file may hold a few).
    assert_eq!(reconcile(&known, &incoming[..1]).len(), 1);
}

fn reviewed(rubric_id: &str, answers: &[Option<u8>], comment: &str) -> Review {
    let rubric = preset(rubric_id, 1).unwrap();
    let mut review = Review::for_rubric(&rubric);
    for (slot, answer) in review.answers.iter_mut().zip(answers) {
        *slot = *answer;
    }
    review.author_comment = comment.into();
    review
}

#[test]
fn review_links_carry_code_title_and_hash_but_not_the_text() {
    let i = read("a.json", fixture!("pretalx-submissions-50.json"));
    let reviews: Vec<Review> = (0..3u8)
        .map(|k| reviewed("pycon-us-screening", &[Some(k)], "Say who it is for."))
        .collect();
    let rows = rows_of(&i.proposals[..3], &reviews);
    let out = review_links(&rows, "https://talkback.example/");
    assert!(out.left_out.is_empty(), "{:?}", out.left_out);
    let lines: Vec<&str> = out.text.lines().collect();
    assert_eq!(lines.len(), 3);
    for ((line, p), review) in lines.iter().zip(&i.proposals).zip(&reviews) {
        assert!(line.starts_with("https://talkback.example/#"));
        let opened = decode_link(line).unwrap();
        assert_eq!(opened.reference, p.reference());
        assert_eq!(opened.shared.review, *review);
        assert_eq!(opened.shared.proposal, Some(format!("# {}", p.title)));
        // Short: the text stays with the chair's export.
        assert!(line.len() < 200, "{}", line.len());
    }
    // The committee view reads the file: three reviews, one group each.
    let report = crate::committee::summarise_text(&out.text);
    assert_eq!(report.summary.groups.len(), 3);
    // A code too long for a link is left out and said so, not dropped silently.
    let long = "X".repeat(crate::link::CODE_MAX_CHARS + 1);
    let bad = ReviewRow {
        code: Some(&long),
        ..rows[0]
    };
    let out = review_links(&[rows[0], bad], "");
    assert_eq!(out.text.lines().count(), 1);
    assert_eq!(out.left_out.len(), 1);
    assert_eq!(out.left_out[0].0, 1);
}

#[test]
fn pretalx_review_csv_has_one_column_per_category_and_the_total() {
    let rubric = preset("weighted-categories", 1).unwrap();
    let a = reviewed(
        "weighted-categories",
        &[Some(4), Some(2), Some(1), Some(0)],
        "=cmd|' /C calc'!A0",
    );
    let b = reviewed("weighted-categories", &[None, None, None, None], "");
    let other = reviewed("merit-expertise", &[Some(1), None, None], "");
    let rows = [
        ReviewRow {
            code: Some("AAA"),
            title: "One, two",
            text: "# One, two",
            review: &a,
        },
        ReviewRow {
            code: Some("BBB"),
            title: "Three",
            text: "# Three",
            review: &b,
        },
        ReviewRow {
            code: Some("CCC"),
            title: "Four",
            text: "# Four",
            review: &other,
        },
    ];
    let out = pretalx_review_csv(&rubric, &rows);
    assert_eq!(out.left_out.len(), 1);
    let table = super::csv::read(&out.text, Format::PretalxCsv).unwrap();
    assert_eq!(
        table.header.len(),
        2 + rubric.criteria.len() + 2,
        "{:?}",
        table.header
    );
    assert_eq!(table.header[2], rubric.criteria[0].label);
    assert_eq!(table.header[table.header.len() - 2], "Score");
    assert_eq!(table.rows.len(), 2);
    let first = &table.rows[0].fields;
    assert_eq!(first[1], "One, two");
    let total = crate::scoring::score(&rubric, &a).total;
    assert_eq!(
        first[first.len() - 2],
        crate::committee::format_number(total)
    );
    // A formula-looking comment is defused for spreadsheets.
    assert!(first[first.len() - 1].starts_with("'="));
    let second = &table.rows[1].fields;
    assert!(second[2..2 + rubric.criteria.len()]
        .iter()
        .all(String::is_empty));
    assert_eq!(second[second.len() - 2], "0");
}

#[test]
fn hotcrp_forms_round_trip_the_scores_and_comments() {
    let i = read("papers.json", fixture!("hotcrp-papers.json"));
    for rubric_id in [
        "pycon-us-screening",
        "merit-expertise",
        "weighted-categories",
        "mentor-checklist",
    ] {
        let rubric = preset(rubric_id, 1).unwrap();
        let reviews: Vec<Review> = i
            .proposals
            .iter()
            .enumerate()
            .map(|(k, _)| {
                let mut r = Review::for_rubric(&rubric);
                for (c, answer) in r.answers.iter_mut().enumerate() {
                    let levels = rubric.criteria[c].scale.len();
                    *answer = ((k + c) % (levels + 1))
                        .checked_sub(1)
                        .and_then(|l| u8::try_from(l).ok());
                }
                r.author_comment = format!("Comment {k}\n\n==+== not a marker\nline 3");
                r.committee_comment = if k % 2 == 0 {
                    "Borderline.".into()
                } else {
                    String::new()
                };
                r
            })
            .collect();
        let rows = rows_of(&i.proposals, &reviews);
        let form = hotcrp_forms(&rubric, &rows).text;
        assert_eq!(form.matches("==+== Begin Review #").count(), rows.len());
        let back = parse_hotcrp_forms(&form, &rubric).unwrap();
        assert_eq!(back.len(), rows.len());
        for ((b, row), p) in back.iter().zip(&rows).zip(&i.proposals) {
            assert_eq!(b.paper, row.form_id());
            assert_eq!(b.title.as_deref(), Some(p.title.as_str()));
            assert_eq!(b.answers, row.review.answers, "{rubric_id}");
            assert_eq!(b.author_comment, row.review.author_comment);
            assert_eq!(b.committee_comment, row.review.committee_comment);
        }
    }
}

#[test]
fn hotcrp_forms_filled_in_by_hand_read_back_or_say_where_they_are_wrong() {
    let rubric = preset("merit-expertise", 1).unwrap();
    let blank = Review::for_rubric(&rubric);
    let row = ReviewRow {
        code: None,
        title: "A talk",
        text: "# A talk\n\nBody.",
        review: &blank,
    };
    let form = hotcrp_forms(&rubric, &[row]).text;
    assert!(form.contains(&format!("==+== Paper #{}", row.form_id())));
    assert!(row.form_id().starts_with('h') && row.form_id().len() == 9);
    // Fill the first criterion with "2", the second with a label.
    let label = rubric.criteria[1].scale.level(0).unwrap().label.to_owned();
    let filled =
        form.replacen("(Your choice here)", "2", 1)
            .replacen("(Your choice here)", &label, 1);
    let back = parse_hotcrp_forms(&filled, &rubric).unwrap();
    assert_eq!(back[0].answers[..2], [Some(1), Some(0)]);
    assert_eq!(back[0].answers[2], None);
    // A choice out of range: the line is given.
    let wrong = form.replacen("(Your choice here)", "9", 1);
    let err = parse_hotcrp_forms(&wrong, &rubric).unwrap_err();
    let line = wrong.lines().position(|l| l.starts_with("==*== ")).unwrap() + 1;
    assert_eq!(err.line, Some(line), "{err}");
    assert!(err.message().contains("not a choice"), "{err}");
    // A form for another rubric names the field it does not know.
    let other = preset("pycon-us-screening", 1).unwrap();
    let err = parse_hotcrp_forms(&form, &other).unwrap_err();
    assert!(err.message().contains("does not have"), "{err}");
    // Not a form at all.
    let err = parse_hotcrp_forms("hello", &rubric).unwrap_err();
    assert!(err.message().contains("no review form"), "{err}");
}

#[test]
fn a_csv_saved_by_a_spreadsheet_in_another_locale_reads_the_same() {
    // Excel in many European locales writes `;` between fields and a byte-order mark.
    let text = std::str::from_utf8(fixture!("sessionize-sessions.csv")).unwrap();
    let comma = read("sessions.csv", text.as_bytes());
    let table = super::csv::read(text, Format::SessionizeCsv).unwrap();
    let mut semi = String::from("\u{feff}");
    for fields in std::iter::once(&table.header).chain(table.rows.iter().map(|r| &r.fields)) {
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        semi.push_str(&quoted.join(";"));
        semi.push_str("\r\n");
    }
    let i = read("sessions.csv", semi.as_bytes());
    assert_eq!(i.format, Format::SessionizeCsv);
    assert_eq!(i.proposals, comma.proposals);
}
