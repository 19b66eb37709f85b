use super::backup::{self, BackupError};
use super::import::ImportReport;
use super::list::{self, Filter, Sort};
use super::migrate::{self, Legacy};
use super::*;
use crate::link::{LinkKind, Opened, ProposalRef, SharedReview};
use crate::rubric::preset;

fn rubric() -> crate::rubric::Rubric {
    preset("weighted-categories", 1).expect("preset")
}

fn complete_review() -> Review {
    let rubric = rubric();
    let mut review = Review::for_rubric(&rubric);
    review.answers = vec![Some(4), Some(2), Some(1), Some(0)];
    review
}

fn partial_review() -> Review {
    let rubric = rubric();
    let mut review = Review::for_rubric(&rubric);
    review.answers = vec![Some(4), None, None, None];
    review
}

fn workspace_of(n: usize) -> Workspace {
    let mut ws = Workspace::new(42);
    for k in 0..n {
        ws.add(
            Source::Pasted,
            format!("# Talk {k}\n\nBody {k}."),
            1000 + k as u64,
        );
    }
    ws
}

#[test]
fn states_follow_the_review() {
    let mut ws = workspace_of(1);
    let id = ws.items[0].id;
    assert_eq!(ws.items[0].state(), State::New);
    ws.get_mut(id).unwrap().review = Some(Review::for_rubric(&rubric()));
    assert_eq!(
        ws.items[0].state(),
        State::New,
        "an untouched review is not progress"
    );
    ws.get_mut(id).unwrap().review = Some(partial_review());
    assert_eq!(ws.items[0].state(), State::InProgress);
    ws.get_mut(id).unwrap().review = Some(complete_review());
    assert_eq!(ws.items[0].state(), State::Reviewed);
    ws.get_mut(id).unwrap().shared = true;
    assert_eq!(ws.items[0].state(), State::Shared);
    ws.get_mut(id).unwrap().withdrawn = true;
    assert_eq!(ws.items[0].state(), State::Withdrawn);
}

#[test]
#[allow(clippy::cast_precision_loss, reason = "a small total")]
fn the_total_is_an_integer_of_the_rubric_points() {
    let t = tally(&complete_review());
    assert!(t.complete && t.started);
    // weighted-categories: content ×2 (4), relevance ×1 (2), the rest as scored.
    let rubric = rubric();
    let expected = crate::scoring::score(&rubric, &complete_review()).total;
    assert_eq!(t.total.map(|x| x as f64), Some(expected));
    assert_eq!(tally(&Review::for_rubric(&rubric)).total, None);
}

#[test]
fn ids_are_unique_and_new_items_never_replace_others() {
    let mut ws = workspace_of(200);
    let mut ids: Vec<ItemId> = ws.items.iter().map(|i| i.id).collect();
    crate::sort::sort(&mut ids);
    ids.dedup();
    assert_eq!(ids.len(), 200);
    assert!(ids.iter().all(|id| *id < (1 << 53)));
    let first = ws.items[0].clone();
    ws.add(Source::Pasted, "# B\n\nOther.".into(), 5000);
    assert_eq!(ws.get(first.id), Some(&first));
}

#[test]
fn the_queue_is_a_shuffle_kept_across_reloads_and_differs_by_reviewer() {
    let ws = workspace_of(30);
    let in_order: Vec<ItemId> = ws.items.iter().map(|i| i.id).collect();
    let queue = ws.queue();
    assert_ne!(queue, in_order, "shuffled, not the import order");
    let mut sorted_q = queue.clone();
    crate::sort::sort(&mut sorted_q);
    let mut sorted_i = in_order.clone();
    crate::sort::sort(&mut sorted_i);
    assert_eq!(sorted_q, sorted_i, "a permutation of the items");
    // A reload reads the same workspace back: the same order.
    let reloaded = backup::from_backup(&backup::to_backup(&ws).unwrap()).unwrap();
    assert_eq!(reloaded.queue(), queue);
    // Another reviewer (another seed) with the same items reads them in another order.
    let mut other = ws.clone();
    other.seed = 7;
    assert_ne!(other.queue(), queue);
}

#[test]
fn next_unreviewed_skips_reviewed_and_withdrawn_and_goes_round() {
    let mut ws = workspace_of(5);
    let q = ws.queue();
    ws.get_mut(q[1]).unwrap().review = Some(complete_review());
    ws.get_mut(q[2]).unwrap().withdrawn = true;
    assert_eq!(ws.next_unreviewed(None), Some(q[0]));
    assert_eq!(ws.next_unreviewed(Some(q[0])), Some(q[3]));
    assert_eq!(ws.next_unreviewed(Some(q[4])), Some(q[0]), "goes round");
    assert_eq!(ws.previous_unreviewed(Some(q[3])), Some(q[0]));
    assert_eq!(ws.previous_unreviewed(Some(q[0])), Some(q[4]));
    // From a reviewed item, the next unreviewed after it.
    assert_eq!(ws.next_unreviewed(Some(q[1])), Some(q[3]));
    for id in [q[0], q[3], q[4]] {
        ws.get_mut(id).unwrap().review = Some(complete_review());
    }
    assert_eq!(ws.next_unreviewed(Some(q[0])), None, "all done");
}

#[test]
fn progress_counts_complete_reviews_of_the_items_not_withdrawn() {
    let mut ws = workspace_of(50);
    assert_eq!(ws.progress_text(), "0 of 50 reviewed");
    let ids: Vec<ItemId> = ws.items.iter().map(|i| i.id).collect();
    for id in &ids[..3] {
        ws.get_mut(*id).unwrap().review = Some(complete_review());
    }
    ws.get_mut(ids[3]).unwrap().review = Some(partial_review());
    ws.get_mut(ids[4]).unwrap().withdrawn = true;
    assert_eq!(ws.progress(), (3, 49));
    assert_eq!(ws.progress_text(), "3 of 49 reviewed");
}

fn imported(ws: &mut Workspace, code: &str, title: &str, track: &str, tags: &[&str]) -> ItemId {
    let text = format!("# {title}\n\nBy Ada Lovelace (ada@example.org). We built it.");
    let id = ws.add(Source::Imported("pretalx JSON".into()), text, 10);
    let item = ws.get_mut(id).unwrap();
    item.code = Some(code.into());
    item.title = title.into();
    item.meta.track = track.into();
    item.meta.tags = tags.iter().map(|t| (*t).to_owned()).collect();
    item.speakers = vec![Speaker {
        name: "Ada Lovelace".into(),
        email: "ada@example.org".into(),
        bio: "Ada writes engines.".into(),
    }];
    id
}

#[test]
fn imported_speakers_are_hidden_given_to_the_check_and_revealed_on_purpose() {
    let mut ws = Workspace::new(1);
    let id = imported(&mut ws, "PYC-1", "Fast engines", "Core", &[]);
    let item = ws.get(id).unwrap();
    assert_eq!(item.display_title(true), "PYC-1");
    assert_eq!(item.display_title(false), "Fast engines");
    let shown = item.displayed_text();
    assert!(
        !shown.contains("Ada") && !shown.contains("ada@example.org"),
        "{shown}"
    );
    assert!(shown.contains("By [speaker] ([speaker])"), "{shown}");
    assert_eq!(item.given_names(), "Ada Lovelace");
    ws.get_mut(id).unwrap().revealed = true;
    let item = ws.get(id).unwrap();
    assert!(item.displayed_text().contains("Ada Lovelace"));
    assert_eq!(item.display_title(true), "Fast engines");
}

#[test]
fn hiding_ignores_case_and_keeps_other_text() {
    assert_eq!(
        replace_ignoring_case("ADA lovelace met Ada Lovelace.", "Ada Lovelace", "[x]"),
        "[x] met [x]."
    );
    assert_eq!(replace_ignoring_case("Ünï Ada", "Ada", "[x]"), "Ünï [x]");
}

#[test]
fn search_and_filters_keep_what_they_say_and_never_search_hidden_names() {
    let mut ws = Workspace::new(3);
    let a = imported(
        &mut ws,
        "A-1",
        "Rust in anger",
        "Systems",
        &["rust", "perf"],
    );
    let b = imported(&mut ws, "B-2", "Pandas tricks", "Data", &["python"]);
    ws.get_mut(b).unwrap().review = Some(complete_review());
    let keep = |f: &Filter| list::rows(&ws, f, Sort::Title, true);
    assert_eq!(keep(&Filter::default()).len(), 2);
    let search = Filter {
        search: "ANGER".into(),
        ..Filter::default()
    };
    assert_eq!(keep(&search), vec![a]);
    let name = Filter {
        search: "lovelace".into(),
        ..Filter::default()
    };
    assert!(keep(&name).is_empty(), "hidden names are not searchable");
    let track = Filter {
        track: Some("data".into()),
        ..Filter::default()
    };
    assert_eq!(keep(&track), vec![b]);
    let tag = Filter {
        tag: Some("perf".into()),
        ..Filter::default()
    };
    assert_eq!(keep(&tag), vec![a]);
    let state = Filter {
        state: Some(State::Reviewed),
        ..Filter::default()
    };
    assert_eq!(keep(&state), vec![b]);
    let c = list::choices(&ws);
    assert_eq!(c.tracks, ["Data", "Systems"]);
    assert_eq!(c.tags, ["perf", "python", "rust"]);
}

#[test]
fn sorts_by_title_total_changed_and_queue() {
    let mut ws = workspace_of(3);
    let ids: Vec<ItemId> = ws.items.iter().map(|i| i.id).collect();
    ws.get_mut(ids[0]).unwrap().review = Some(partial_review());
    ws.get_mut(ids[2]).unwrap().review = Some(complete_review());
    let f = Filter::default();
    assert_eq!(
        list::rows(&ws, &f, Sort::Changed, false),
        vec![ids[2], ids[1], ids[0]]
    );
    assert_eq!(list::rows(&ws, &f, Sort::Title, false), ids);
    let by_total = list::rows(&ws, &f, Sort::Total, false);
    assert_eq!(
        by_total,
        vec![ids[2], ids[0], ids[1]],
        "highest first, unscored last"
    );
    assert_eq!(list::rows(&ws, &f, Sort::Queue, false), ws.queue());
    assert_eq!(
        list::rows(&ws, &f, Sort::State, false),
        vec![ids[1], ids[0], ids[2]]
    );
}

#[test]
fn a_link_finds_the_item_it_made_by_code_or_hash() {
    let mut ws = workspace_of(2);
    let shared = SharedReview {
        review: partial_review(),
        proposal: Some("# Linked\n\nText.".into()),
    };
    let opened = Opened {
        kind: LinkKind::CommitteeReview,
        reference: ProposalRef::of("# Linked\n\nText.", None),
        shared,
    };
    let id = migrate::add_opened(&mut ws, &opened, 50).unwrap();
    assert_eq!(ws.items.len(), 3);
    assert_eq!(ws.get(id).unwrap().text, "# Linked\n\nText.");
    assert_eq!(
        migrate::add_opened(&mut ws, &opened, 60),
        Some(id),
        "found again"
    );
    assert_eq!(ws.items.len(), 3, "not added twice");
    let mut other = opened.clone();
    other.reference = ProposalRef::of("# Another\n\nText.", None);
    assert_ne!(migrate::add_opened(&mut ws, &other, 70), Some(id));
    assert_eq!(ws.items.len(), 4, "another proposal is another item");
    // No reference at all (a version-1 link): always a new item.
    let mut v1 = opened;
    v1.reference = ProposalRef::default();
    migrate::add_opened(&mut ws, &v1, 80);
    assert_eq!(ws.items.len(), 5);
}

#[test]
fn a_speaker_link_keeps_only_what_the_speaker_may_see() {
    let mut ws = Workspace::new(9);
    let mut review = complete_review();
    review.committee_comment = "Committee only".into();
    let opened = Opened {
        kind: LinkKind::SpeakerFeedback,
        reference: ProposalRef::of("x", Some("C-9")),
        shared: SharedReview {
            review,
            proposal: None,
        },
    };
    let id = migrate::add_opened(&mut ws, &opened, 1).unwrap();
    let item = ws.get(id).unwrap();
    assert_eq!(item.code.as_deref(), Some("C-9"));
    assert!(item.review.as_ref().unwrap().committee_comment.is_empty());
}

#[test]
fn migration_turns_the_old_draft_review_and_feedback_into_items() {
    let mut ws = Workspace::new(5);
    let legacy = Legacy {
        draft: Some("# Old draft\n\nBody.".into()),
        review: Some(partial_review()),
        speaker_names: "Grace Hopper".into(),
        received: Some(Opened {
            kind: LinkKind::CommitteeReview,
            reference: ProposalRef::of("# Received\n\nIt.", None),
            shared: SharedReview {
                review: complete_review(),
                proposal: Some("# Received\n\nIt.".into()),
            },
        }),
    };
    let added = migrate::migrate(&mut ws, legacy, 100);
    assert_eq!(added.len(), 2);
    let draft = ws.get(added[0]).unwrap();
    assert_eq!(draft.text, "# Old draft\n\nBody.");
    assert_eq!(draft.review, Some(partial_review()));
    assert_eq!(draft.speaker_names, "Grace Hopper");
    assert_eq!(draft.source, Source::Pasted);
    assert_eq!(
        ws.open,
        Some(added[0]),
        "the page opens on the draft it had"
    );
    let received = ws.get(added[1]).unwrap();
    assert_eq!(received.source, Source::Link(LinkKind::CommitteeReview));
    assert_eq!(received.state(), State::Reviewed);
}

#[test]
fn migration_of_nothing_adds_nothing() {
    let mut ws = Workspace::new(5);
    let legacy = Legacy {
        draft: Some("  \n".into()),
        review: Some(Review::for_rubric(&rubric())),
        ..Legacy::default()
    };
    assert!(migrate::migrate(&mut ws, legacy, 1).is_empty());
    assert!(ws.items.is_empty());
    assert_eq!(ws.open, None);
}

#[test]
fn a_backup_round_trips_everything() {
    let mut ws = workspace_of(3);
    imported(&mut ws, "Z-1", "Zed", "Core", &["a"]);
    ws.items[0].review = Some(complete_review());
    ws.items[1].keep_version();
    let text = backup::to_backup(&ws).unwrap();
    let back = backup::from_backup(&text).unwrap();
    assert_eq!(back.items, ws.items);
    assert_eq!((back.seed, back.next), (ws.seed, ws.next));
}

#[test]
fn a_bad_backup_is_refused_in_plain_words() {
    assert_eq!(
        backup::from_backup("not json"),
        Err(BackupError::NotABackup)
    );
    assert_eq!(
        backup::from_backup(r#"{"results": []}"#),
        Err(BackupError::NotABackup)
    );
    assert_eq!(
        backup::from_backup(r#"{"talkback-workspace": 9, "items": []}"#),
        Err(BackupError::NewerVersion)
    );
    assert_eq!(
        backup::from_backup(r#"{"talkback-workspace": 1, "items": [{"id": "x"}]}"#),
        Err(BackupError::Damaged)
    );
    for e in [
        BackupError::NotABackup,
        BackupError::NewerVersion,
        BackupError::Damaged,
        BackupError::TooLarge,
    ] {
        assert!(e.message().ends_with('.'));
    }
}

#[test]
fn restoring_into_a_changed_workspace_loses_nothing() {
    let mut ws = workspace_of(3);
    let ids: Vec<ItemId> = ws.items.iter().map(|i| i.id).collect();
    ws.get_mut(ids[0]).unwrap().review = Some(partial_review());
    let backup_text = backup::to_backup(&ws).unwrap();
    // Since the backup: item 0 reviewed further, item 1 deleted, a new item added.
    {
        let item = ws.get_mut(ids[0]).unwrap();
        item.review = Some(complete_review());
        item.changed = 9000;
    }
    ws.remove(ids[1]);
    let new = ws.add(Source::Pasted, "# New since\n\nText.".into(), 9100);
    // And the backup has a newer copy of item 2 (made on another machine).
    let mut restored = backup::from_backup(&backup_text).unwrap();
    {
        let item = restored.get_mut(ids[2]).unwrap();
        item.text.push_str("\n\nEdited elsewhere.");
        item.changed = 9500;
    }
    let before_item2 = ws.get(ids[2]).unwrap().text.clone();
    let merged = ws.merge(restored);
    assert_eq!(merged.added, 1, "the deleted item comes back");
    assert_eq!(merged.kept, 1, "item 0 here is newer");
    assert_eq!(merged.updated, 1, "item 2 from the backup is newer");
    assert!(ws.get(new).is_some(), "the item added since stays");
    let item0 = ws.get(ids[0]).unwrap();
    assert_eq!(
        item0.review,
        Some(complete_review()),
        "the newer review stays current"
    );
    assert_eq!(item0.versions.len(), 1);
    assert_eq!(
        item0.versions[0].review,
        Some(partial_review()),
        "the older is a version"
    );
    let item2 = ws.get(ids[2]).unwrap();
    assert!(item2.text.ends_with("Edited elsewhere."));
    assert_eq!(item2.versions[0].text, before_item2);
    // Restoring the same backup again changes nothing more.
    let again = backup::from_backup(&backup_text).unwrap();
    let count = ws.items.len();
    let snapshot = ws.clone();
    ws.merge(again);
    assert_eq!(ws.items.len(), count);
    for item in &ws.items {
        let before = snapshot.get(item.id).unwrap();
        assert_eq!(item.text, before.text);
        assert_eq!(item.review, before.review);
    }
}

#[test]
fn delete_has_an_undo() {
    let mut ws = workspace_of(3);
    let id = ws.items[1].id;
    ws.open = Some(id);
    let (at, item) = ws.remove(id).unwrap();
    assert_eq!(ws.items.len(), 2);
    assert_eq!(ws.open, None);
    ws.undo_remove(at, item);
    assert_eq!(ws.items[1].id, id);
}

#[test]
fn meta_is_read_from_a_pasted_proposal() {
    let meta = Meta::of_text("# Talk\n\nTrack: Web\nFormat: Tutorial\nLevel: Beginner\n\nBody.");
    assert_eq!(meta.track, "Web");
    assert_eq!(meta.kind, "Tutorial");
    assert_eq!(meta.level, "Beginner");
}

#[test]
fn the_index_keeps_what_another_tab_added_but_not_what_was_deleted_here() {
    let mut ws = workspace_of(2);
    let stored = backup::Index::of(&ws);
    let mut other_tab = ws.clone();
    let theirs = other_tab.add(Source::Pasted, "# Theirs".into(), 5);
    let stored_by_other = backup::Index::of(&other_tab);
    let gone = ws.items[0].id;
    ws.remove(gone);
    let mine = ws.add(Source::Pasted, "# Mine".into(), 6);
    let saved = backup::Index::of(&ws).with_others(&stored_by_other, &[gone]);
    assert!(saved.ids.contains(&theirs) && saved.ids.contains(&mine));
    assert!(!saved.ids.contains(&gone));
    assert_eq!(backup::Index::from_json(&saved.to_json()), Some(saved));
    assert_eq!(stored.ids.len(), 2);
    let item = ws.get(mine).unwrap();
    assert_eq!(
        backup::item_from_json(&backup::item_to_json(item).unwrap()).as_ref(),
        Some(item)
    );
    assert_eq!(backup::item_from_json("{\"id\":1}"), None);
}

#[test]
fn times_are_written_without_floats() {
    assert_eq!(format_time(0), "1970-01-01 00:00");
    // 2026-12-03 21:30:59 UTC
    assert_eq!(format_time(1_796_333_459_000), "2026-12-03 21:30");
    assert_eq!(format_time(951_782_400_000), "2000-02-29 00:00");
}

#[test]
fn two_tabs_adding_at_once_make_different_ids() {
    let stored = workspace_of(3);
    let (mut tab1, mut tab2) = (stored.clone(), stored);
    tab1.salt = 11;
    tab2.salt = 12;
    assert_ne!(tab1.new_id(), tab2.new_id());
}

#[test]
fn a_backup_of_megabytes_round_trips_and_one_damaged_item_refuses_it_all() {
    let mut ws = Workspace::new(u64::MAX - 3);
    let body = "word ".repeat(700);
    for k in 0..400u64 {
        let id = ws.add(
            Source::Imported("pretalx JSON".into()),
            format!("# Talk {k}\n\n{body}"),
            k,
        );
        let item = ws.get_mut(id).unwrap();
        item.review = Some(complete_review());
        item.reference = Some(ProposalRef::of(&item.text, Some("C-1")));
    }
    let text = backup::to_backup(&ws).unwrap();
    assert!(text.len() > 1_000_000, "{}", text.len());
    let back = backup::from_backup(&text).unwrap();
    assert_eq!(back.items, ws.items);
    assert_eq!(
        back.seed,
        u64::MAX - 3,
        "a seed beyond 2^53 is kept exactly"
    );
    let mut lines: Vec<&str> = text.lines().collect();
    lines[7] = "{\"id\": 5, \"source\": \"pasted\", \"text\": \"x\", \"review\": \"garbage\", \"created\": 1, \"changed\": 1}";
    assert_eq!(
        backup::from_backup(&lines.join("\n")),
        Err(BackupError::Damaged)
    );
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/exports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn an_import_adds_every_proposal_blind_and_a_reimport_keeps_reviews() {
    let read = crate::exchange::import("s.json", &fixture("pretalx-submissions-50.json")).unwrap();
    let mut ws = Workspace::new(8);
    let (report, added) = ws.import(&read, 100);
    assert_eq!(report.added, read.proposals.len());
    assert_eq!(added.len(), ws.items.len());
    let withdrawn_in_file = read
        .proposals
        .iter()
        .filter(|p| p.state.is_withdrawn())
        .count();
    assert_eq!(ws.progress().1, read.proposals.len() - withdrawn_in_file);
    // Blind: no speaker's name in what the reviewer sees; the list shows the code.
    for (item, p) in ws.items.iter().zip(&read.proposals) {
        assert_eq!(item.source, Source::Imported("pretalx JSON".into()));
        for s in &p.speakers {
            if s.name.trim().chars().count() >= 3 {
                assert!(!item.displayed_text().contains(s.name.trim()), "{}", s.name);
            }
        }
        if !p.speakers.is_empty() {
            assert_eq!(Some(item.display_title(true)), p.code.clone());
            assert!(!item.given_names().is_empty());
        }
    }
    // Review one, then re-import a version whose text changed: the review stays, the
    // item says it changed since the review, the older text is a version.
    let first = ws.items[0].id;
    ws.get_mut(first).unwrap().review = Some(complete_review());
    let mut again = read.clone();
    again.proposals[0]
        .text
        .push_str("\n\nRevised after review.");
    let (report, added) = ws.import(&again, 200);
    assert!(added.is_empty());
    assert_eq!(
        (report.added, report.updated, report.changed_since_review),
        (0, 1, 1)
    );
    let item = ws.get(first).unwrap();
    assert!(item.changed_since_review);
    assert_eq!(item.review, Some(complete_review()));
    assert!(item.text.ends_with("Revised after review."));
    assert_eq!(item.versions.len(), 1);
    // Withdrawn in the next export: marked, not deleted.
    let mut withdrawn = again.clone();
    withdrawn.proposals[1].state = crate::exchange::ProposalState::Withdrawn;
    let count = ws.items.len();
    ws.import(&withdrawn, 300);
    assert_eq!(ws.items.len(), count);
    assert_eq!(ws.items[1].state(), State::Withdrawn);
    assert!(ImportReport::default()
        .message()
        .starts_with("Imported: 0 added"));
}

#[test]
fn the_import_message_names_each_count_that_is_not_zero() {
    let all = ImportReport {
        added: 1,
        updated: 2,
        changed_since_review: 1,
        unchanged: 3,
        withdrawn: 4,
        missing: 5,
    };
    assert_eq!(
        all.message(),
        "Imported: 1 added, 2 updated (1 changed since your review), 3 unchanged, \
         4 withdrawn, 5 not in this file (kept)."
    );
    let some = ImportReport {
        added: 2,
        withdrawn: 1,
        ..ImportReport::default()
    };
    assert_eq!(some.message(), "Imported: 2 added, 1 withdrawn.");
}

#[test]
fn the_queue_order_of_a_filtered_list_is_the_queue_without_the_others() {
    let ws = workspace_of(12);
    let f = Filter {
        search: "talk 1".into(),
        ..Filter::default()
    };
    let kept = list::rows(&ws, &f, Sort::Queue, false);
    // "Talk 1", "Talk 10", "Talk 11", in the queue's order.
    assert_eq!(kept.len(), 3);
    let expected: Vec<ItemId> = ws
        .queue()
        .into_iter()
        .filter(|id| kept.contains(id))
        .collect();
    assert_eq!(kept, expected);
}

#[test]
fn a_draft_link_adds_one_item_and_opening_it_again_finds_it() {
    let mut ws = Workspace::new(5);
    let draft = crate::link::rounds::Draft {
        code: None,
        proposal: "# Fast tests\n\nWe profile a slow suite.".into(),
        questions: vec!["Too packed?".into()],
    };
    let id = migrate::add_draft(&mut ws, &draft, 10).unwrap();
    assert_eq!(migrate::add_draft(&mut ws, &draft, 20), Some(id));
    assert_eq!(ws.items.len(), 1);
    let item = ws.get_mut(id).unwrap();
    assert_eq!(item.source, Source::Draft);
    assert_eq!(item.source.label(), "draft link");
    assert_eq!(item.text, draft.proposal);
    // It survives a backup.
    let file = backup::to_backup(&ws).unwrap();
    let restored = backup::from_backup(&file).unwrap();
    assert_eq!(restored.items[0].source, Source::Draft);
}

/// An id between 9.0e15 and 2^53 − 1 (about 1 in 1,250 of them, so a few percent of
/// 50-item workspaces) made the stored index unreadable: the next start began a new
/// workspace over it and every item was orphaned.
#[test]
fn an_index_and_items_with_the_largest_ids_read_back() {
    let largest = (1_u64 << 53) - 1;
    for id in [1, 8_999_999_999_999_999, 9_000_000_000_000_001, largest] {
        let index = backup::Index {
            seed: u64::MAX,
            next: id,
            open: Some(id),
            ids: vec![id, 42],
        };
        assert_eq!(
            backup::Index::from_json(&index.to_json()),
            Some(index),
            "{id}"
        );
        let item = Item::new(
            id,
            Source::Pasted,
            "# Talk\n\nText.".into(),
            1_764_800_000_000,
        );
        let json = backup::item_to_json(&item).expect("an item is written");
        assert_eq!(
            backup::item_from_json(&json).map(|i| i.id),
            Some(id),
            "{id}"
        );
    }
}

#[test]
fn the_exports_speakers_feed_the_blind_check_without_being_shown() {
    let mut ws = Workspace::new(3);
    let id = imported(&mut ws, "PYC-7", "Engines", "Core", &[]);
    let item = ws.get_mut(id).unwrap();
    item.text
        .push_str("\n\n## Description\n\nLovelace's engine, explained by its author.");
    let item = ws.get(id).unwrap();
    let shown = item.displayed_text();
    let p = crate::proposal::parse(&shown);
    let names = crate::blind_review::Names::from_proposal(&p).with_extra(&item.given_names());
    let found =
        crate::blind_review::with_hidden_speakers(crate::blind_review::scan(&p, &names), &p);
    let texts: Vec<&str> = found.iter().map(|f| p.slice(&f.span)).collect();
    // The hidden full name and e-mail are flagged where they stood, and the surname the
    // redaction missed is flagged by the export's name; nothing flagged shows the name.
    assert!(texts.contains(&"[speaker]"), "{texts:?}");
    assert!(texts.contains(&"Lovelace"), "{texts:?}");
    assert!(found
        .iter()
        .all(|f| f.kind == crate::blind_review::LeakKind::Name));
    assert!(!texts.iter().any(|t| t.contains("Ada")), "{texts:?}");
    // Without the export's names, the surname alone is not found.
    let plain = crate::blind_review::scan(&p, &crate::blind_review::Names::from_proposal(&p));
    assert!(!plain.iter().any(|f| p.slice(&f.span) == "Lovelace"));
}

/// Three reviewed items (two complete, one started) and one never opened.
fn reviewed_workspace() -> Workspace {
    let mut ws = Workspace::new(5);
    let a = imported(&mut ws, "A1", "Alpha", "Core", &[]);
    let b = ws.add(Source::Pasted, "# Beta\n\nNo code.".into(), 10);
    let c = imported(&mut ws, "C3", "Gamma", "Core", &[]);
    imported(&mut ws, "D4", "Delta", "Core", &[]);
    let mut second = complete_review();
    second.answers = vec![Some(1), Some(3), Some(0), Some(1)];
    second.author_comment = "Clear; \"useful\".\n==+== not a marker".into();
    second.committee_comment = "Accept.".into();
    ws.get_mut(a).unwrap().review = Some(complete_review());
    ws.get_mut(b).unwrap().review = Some(second);
    ws.get_mut(c).unwrap().review = Some(partial_review());
    ws
}

#[test]
fn exports_hold_the_reviewed_items_and_say_how_many() {
    use super::out::Out;
    let ws = reviewed_workspace();
    let links = ws.export(Out::Links, "https://talkback.example/");
    assert_eq!(links.text.lines().count(), 2);
    assert!(
        links.message.contains("with 2 review links"),
        "{}",
        links.message
    );
    let csv = ws.export(Out::Csv, "");
    let csv_lines: Vec<&str> = csv.text.lines().collect();
    assert!(
        csv_lines[0].starts_with("ID,Proposal title,"),
        "{}",
        csv_lines[0]
    );
    assert!(csv_lines[1].starts_with("A1,Alpha,"), "{}", csv_lines[1]);
    assert!(csv_lines[2].starts_with(",Beta,"), "{}", csv_lines[2]);
    assert_eq!(
        csv.message,
        "Saved review-scores.csv with 2 reviews in your downloads."
    );
    // Forms also carry the started review, to finish offline.
    let forms = ws.export(Out::Forms, "");
    assert_eq!(forms.text.matches("==+== Begin Review #").count(), 3);
    assert!(forms.text.contains("==+== Paper #C3"));
    assert!(!forms.text.contains("Paper #D4"));
    let empty = Workspace::new(1).export(Out::Forms, "");
    assert!(empty.text.is_empty());
    assert!(empty.message.starts_with("No proposal is reviewed yet"));
}

#[test]
fn hotcrp_forms_exported_and_imported_back_give_the_same_scores() {
    use super::out::Out;
    let ws = reviewed_workspace();
    let forms = ws.export(Out::Forms, "").text;
    let csv = ws.export(Out::Csv, "").text;
    // Into a copy whose reviews changed since: the forms' scores come back, the changed
    // reviews are kept as versions; into the same workspace nothing changes.
    let mut other = ws.clone();
    for item in &mut other.items {
        if let Some(review) = &mut item.review {
            review.answers = vec![None; review.answers.len()];
            review.author_comment.clear();
        }
    }
    let message = other.import_forms(&forms, 99).unwrap();
    assert_eq!(message, "Read 3 review forms.");
    for (back, before) in other.items.iter().zip(&ws.items) {
        assert_eq!(back.review, before.review, "{}", back.full_title());
    }
    assert_eq!(other.export(Out::Csv, "").text, csv);
    assert_eq!(other.items[0].versions.len(), 1);
    let mut same = ws.clone();
    same.import_forms(&forms, 99).unwrap();
    assert_eq!(same, ws);
    // A choice edited by hand is read; the other forms stay as they were.
    let edited = forms.replacen("\n5\n", "\n1\n", 1);
    assert_ne!(edited, forms, "the first answer is the fifth choice");
    let mut third = ws.clone();
    third.import_forms(&edited, 99).unwrap();
    assert_eq!(third.items[0].review.as_ref().unwrap().answers[0], Some(0));
    assert_eq!(third.items[1].review, ws.items[1].review);
}

#[test]
fn forms_for_unknown_proposals_or_in_another_shape_are_reported() {
    use super::out::Out;
    let ws = reviewed_workspace();
    let forms = ws.export(Out::Forms, "").text;
    let mut fewer = ws.clone();
    fewer.items.retain(|i| i.code.as_deref() != Some("A1"));
    assert_eq!(
        fewer.import_forms(&forms, 1).unwrap(),
        "Read 2 review forms. 1 names a proposal not in this list."
    );
    let wrong = forms.replacen("\n5\n", "\n9\n", 1);
    let err = ws.clone().import_forms(&wrong, 1).unwrap_err();
    assert!(
        err.message().contains("is not a choice"),
        "{}",
        err.message()
    );
    assert!(err.line.is_some());
    // A workspace with no review: the forms (of another rubric) cannot be read, and say
    // why; forms of the default rubric are read into proposals not reviewed yet.
    let mut fresh = ws.clone();
    for item in &mut fresh.items {
        item.review = None;
    }
    let err = fresh.clone().import_forms(&forms, 1).unwrap_err();
    assert!(err.message().contains("does not have"), "{}", err.message());
    let pycon = crate::rubric::latest_preset(crate::rubric::PYCON_US_SCREENING).unwrap();
    let mut review = Review::for_rubric(&pycon);
    review.answers[0] = Some(1);
    let row = crate::exchange::ReviewRow {
        code: Some("D4"),
        title: "Delta",
        text: "",
        review: &review,
    };
    let pycon_forms = crate::exchange::hotcrp_forms(&pycon, &[row]).text;
    assert_eq!(
        fresh.import_forms(&pycon_forms, 1).unwrap(),
        "Read 1 review form."
    );
    let delta = fresh
        .items
        .iter()
        .find(|i| i.code.as_deref() == Some("D4"))
        .unwrap();
    assert_eq!(delta.review.as_ref().unwrap().answers[0], Some(1));
}
