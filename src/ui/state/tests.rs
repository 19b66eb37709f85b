use super::*;
use talkback_core::examples::EXAMPLES;

fn reduce(state: ReviewState, action: impl Into<Action>) -> ReviewState {
    (*Rc::new(state).reduce(action.into())).clone()
}

fn edit(state: ReviewState, text: &str) -> ReviewState {
    reduce(state, DraftAction::Edit(text.into()))
}

/// A state as a user leaves it: a draft with a blind-review finding, analysed, scored,
/// with a share link built.
fn worked_on() -> ReviewState {
    let state = edit(
        ReviewState::default(),
        "# Fast Python\n\nSpeaker: Ada Lovelace\n\n## Description\n\nI am Ada Lovelace and I \
         maintain @adalove on GitHub.",
    );
    let state = reduce(state, AnalysisAction::Analyse);
    let state = reduce(
        state,
        ScoringAction::Answer {
            criterion: 0,
            level: Some(0),
        },
    );
    reduce(state, SharingAction::CreateLink("https://x.test/".into()))
}

fn link_is_stale(state: &ReviewState) -> bool {
    match &state.sharing.link {
        Some(share) => match share {
            crate::ui::components::share::ShareLink::Ready { revision, .. } => {
                *revision != state.shared_generation
            }
            crate::ui::components::share::ShareLink::Failed(_) => true,
        },
        None => true,
    }
}

#[test]
fn restoring_nothing_keeps_the_same_state_so_nothing_renders_again() {
    let state = Rc::new(ReviewState::default());
    let next = Rc::clone(&state).reduce(
        ScoringAction::RestoreReview {
            review: None,
            custom: None,
        }
        .into(),
    );
    assert!(Rc::ptr_eq(&state, &next));
}

#[test]
fn an_edit_parses_previews_and_asks_for_a_save_once() {
    let state = edit(ReviewState::default(), "# Fast Python\n\nHello *world*");
    assert_eq!(state.draft.proposal.title(), Some("Fast Python"));
    assert!(state.needs_save());
    assert_eq!(state.item_generation, 1);
    assert_eq!(state.draft.preview.len(), 2);
    assert!(state.draft.preview[1].html.contains("<em>world</em>"));
    // The editor tells the page its text again (it left the textbox after the page had
    // heard): the same text changes nothing, so nothing renders again.
    let again = Rc::new(state);
    assert!(Rc::ptr_eq(
        &again,
        &Rc::clone(&again)
            .reduce(DraftAction::Edit("# Fast Python\n\nHello *world*".into()).into())
    ));
}

#[test]
fn a_keystroke_changes_only_the_draft_part() {
    let before = worked_on();
    let after = edit(before.clone(), &format!("{}!", before.text()));
    assert!(!Rc::ptr_eq(&before.draft, &after.draft));
    assert!(Rc::ptr_eq(&before.analysis, &after.analysis));
    assert!(Rc::ptr_eq(&before.scoring, &after.scoring));
    assert!(Rc::ptr_eq(&before.sharing, &after.sharing));
    assert!(Rc::ptr_eq(&before.saving, &after.saving));
}

#[test]
fn unchanged_blocks_keep_their_html_strings() {
    let first = edit(ReviewState::default(), "# A\n\npara one\n\npara two");
    let second = edit(first.clone(), "# A\n\npara one!\n\npara two");
    assert_eq!(first.draft.preview[0].key, second.draft.preview[0].key);
    assert_ne!(first.draft.preview[1].key, second.draft.preview[1].key);
    assert_eq!(first.draft.preview[2].key, second.draft.preview[2].key);
}

#[test]
fn restoring_never_replaces_what_was_typed_first() {
    let typed = edit(ReviewState::default(), "mine");
    let after = reduce(typed, DraftAction::Restore("saved".into()));
    assert_eq!(after.text(), "mine");
    let stored = StoredItem {
        draft: Ok(Some("saved".into())),
        ..StoredItem::default()
    };
    let fresh = ReviewState::restored(&stored, None);
    assert_eq!(fresh.text(), "saved");
    assert!(
        !fresh.needs_save(),
        "a restored draft is not a new edit to save"
    );
}

#[test]
fn a_restored_page_has_nothing_to_save_even_with_names_and_a_custom_rubric() {
    let custom = Rubric::custom("Mine");
    let stored = StoredItem {
        draft: Ok(Some("# Saved".into())),
        review: None,
        custom: Some(custom.clone()),
        speaker_names: "Ada Lovelace".into(),
        #[cfg(feature = "workspace")]
        hidden_names: String::new(),
    };
    let state = ReviewState::restored(&stored, None);
    assert_eq!(&*state.analysis.speaker_names, "Ada Lovelace");
    assert_eq!(state.scoring.custom_rubric.as_deref(), Some(&custom));
    assert!(!state.needs_save());
    let unreadable = StoredItem {
        draft: Err(StorageProblem::Unavailable),
        ..StoredItem::default()
    };
    let state = ReviewState::restored(&unreadable, None);
    assert_eq!(
        state.saving.storage_problem,
        Some(StorageProblem::Unavailable)
    );
}

#[test]
fn a_page_opens_unanalysed_and_its_first_analysis_finds_what_the_saved_draft_holds() {
    // A first visit: nothing stored, nothing to save, no preview blocks, nothing
    // analysed (not even "nothing found") until the page asks, a frame later.
    let first = ReviewState::restored(&StoredItem::default(), None);
    assert!(!first.analysis.ready && !first.is_analysed());
    assert!(first.draft.preview.is_empty() && !first.needs_save());
    let first = reduce(first, AnalysisAction::Analyse);
    assert!(first.analysis.ready && first.is_analysed());
    assert!(
        first.analysis.checks.problems > 0,
        "an empty draft has no title"
    );
    // A saved draft that names its speaker, with typed names and the limits kept: the
    // choices are there at once, the findings once analysed, and nothing is to save.
    let stored = StoredItem {
        draft: Ok(Some(
            "# Fast Python\n\n## Description\n\nI am Ada Lovelace, @adalove on GitHub.".into(),
        )),
        speaker_names: "Ada Lovelace".into(),
        ..StoredItem::default()
    };
    let limits = Profile {
        title_max_chars: Some(20),
        ..Profile::pycon_us()
    };
    let saved = ReviewState::restored(&stored, Some(&limits));
    assert!(!saved.analysis.ready && saved.analysis.blind.is_empty());
    assert_eq!(&*saved.analysis.speaker_names, "Ada Lovelace");
    assert_eq!(*saved.analysis.profile, limits);
    let saved = reduce(saved, AnalysisAction::Analyse);
    assert!(saved.is_analysed() && !saved.needs_save());
    let found: Vec<&str> = saved
        .analysis
        .blind
        .iter()
        .filter_map(|f| saved.text().get(f.span.clone()))
        .collect();
    assert!(found.contains(&"Ada Lovelace"), "{found:?}");
    // A link made before the first analysis still redacts: it analyses first.
    let linked = reduce(
        ReviewState::restored(&stored, None),
        SharingAction::CreateLink("https://x.test/".into()),
    );
    assert!(linked.is_analysed());
    assert!(!linked.shared_proposal().contains("Lovelace"));
}

#[test]
fn an_example_asks_before_replacing_a_draft() {
    let typed = edit(ReviewState::default(), "my draft");
    let example = Replacement::example(0).unwrap();
    let asked = reduce(typed, DraftAction::RequestReplace(example.clone()));
    assert_eq!(asked.text(), "my draft");
    assert_eq!(asked.draft.pending_replace.as_deref(), Some(&example));
    let kept = reduce(asked.clone(), DraftAction::CancelReplace);
    assert_eq!(kept.text(), "my draft");
    let replaced = reduce(asked, DraftAction::ConfirmReplace);
    assert_eq!(replaced.text(), EXAMPLES[0].markdown);
    let empty = reduce(
        ReviewState::default(),
        DraftAction::RequestReplace(Replacement::example(1).unwrap()),
    );
    assert_eq!(
        empty.text(),
        EXAMPLES[1].markdown,
        "an empty draft is replaced at once"
    );
}

#[test]
fn a_new_review_of_a_shared_proposal_starts_the_scores_afresh() {
    let scored = reduce(
        ReviewState::default(),
        ScoringAction::Answer {
            criterion: 0,
            level: Some(0),
        },
    );
    assert!(scored.scoring.review.answers[0].is_some());
    let fresh = Replacement {
        what: "the shared proposal".into(),
        text: "# Shared".into(),
        fresh_review: true,
    };
    let next = reduce(scored, DraftAction::RequestReplace(fresh));
    assert_eq!(next.text(), "# Shared");
    assert!(next.scoring.review.answers.iter().all(Option::is_none));
}

#[test]
fn another_tabs_text_waits_for_a_choice() {
    let mine = edit(ReviewState::default(), "mine");
    let mine = reduce(mine.clone(), SavingAction::Saved(mine.item_generation));
    assert!(!mine.needs_save());
    let noticed = reduce(mine, SavingAction::OtherTabSaved("theirs".into()));
    assert_eq!(noticed.text(), "mine");
    assert_eq!(noticed.saving.other_tab_text.as_deref(), Some("theirs"));
    let taken = reduce(noticed.clone(), SavingAction::TakeOtherTab);
    assert_eq!(taken.text(), "theirs");
    assert!(taken.saving.other_tab_text.is_none());
    assert!(!taken.needs_save(), "the other tab already saved its text");
    let kept = reduce(noticed, SavingAction::KeepThisTab);
    assert_eq!(kept.text(), "mine");
    assert!(kept.needs_save(), "keeping ours must trigger a save");
}

/// Another tab's review for the same item (scores changed there, or forms imported)
/// pauses saving for the choice even when the text is the same; keeping ours saves it.
#[cfg(feature = "workspace")]
#[test]
fn another_tabs_review_waits_for_a_choice_too() {
    let mine = edit(ReviewState::default(), "mine");
    let mine = reduce(mine.clone(), SavingAction::Saved(mine.item_generation));
    let noticed = reduce(mine, SavingAction::OtherTabReview);
    assert_eq!(noticed.text(), "mine");
    assert!(
        noticed.saving.other_tab_text.is_some(),
        "the choice is shown"
    );
    let kept = reduce(noticed, SavingAction::KeepThisTab);
    assert!(kept.saving.other_tab_text.is_none());
    assert!(kept.needs_save(), "keeping ours must save it over theirs");
    // A text and a review changed: the other tab's text is the one offered.
    let both = reduce(
        edit(ReviewState::default(), "mine"),
        SavingAction::OtherTabSaved("theirs".into()),
    );
    let both = reduce(both, SavingAction::OtherTabReview);
    assert_eq!(both.saving.other_tab_text.as_deref(), Some("theirs"));
}

#[test]
fn actions_that_change_nothing_persisted_request_no_save_and_keep_the_link_fresh() {
    let state = worked_on();
    let state = reduce(state.clone(), SavingAction::Saved(state.item_generation));
    assert!(!state.needs_save());
    assert!(!link_is_stale(&state));
    let text = state.text().to_string();
    let view_only: Vec<Action> = vec![
        AnalysisAction::Analyse.into(),
        AnalysisAction::ShowPassage(0..4).into(),
        DraftAction::Edit(text).into(),
        DraftAction::RequestReplace(Replacement::example(0).unwrap()).into(),
        DraftAction::CancelReplace.into(),
        ScoringAction::ChooseRubric("no-such-rubric".into()).into(),
        ScoringAction::CancelRubric.into(),
        ScoringAction::AuthorComment(String::new()).into(),
        SharingAction::CreateLink("https://x.test/".into()).into(),
        SavingAction::StorageFailed(StorageProblem::Full).into(),
        SavingAction::Saved(state.item_generation).into(),
    ];
    for action in view_only {
        let next = reduce(state.clone(), action.clone());
        assert_eq!(
            next.item_generation, state.item_generation,
            "{action:?} changed the item"
        );
        assert!(!next.needs_save(), "{action:?} requested a save");
        assert!(!link_is_stale(&next), "{action:?} made the link stale");
    }
}

#[test]
fn what_a_link_carries_makes_it_stale_but_only_the_item_asks_for_a_save() {
    let state = worked_on();
    let state = reduce(state.clone(), SavingAction::Saved(state.item_generation));
    // Choices about sharing change the link, not what is saved.
    for action in [
        Action::from(SharingAction::IncludeProposal(false)),
        SharingAction::Unredacted(true).into(),
        AnalysisAction::IgnoreFinding(0).into(),
    ] {
        let next = reduce(state.clone(), action.clone());
        assert!(link_is_stale(&next), "{action:?} left the link fresh");
        assert!(!next.needs_save(), "{action:?} requested a save");
    }
    // Changes to the draft or the review change both.
    for action in [
        Action::from(DraftAction::Edit("# Other".into())),
        ScoringAction::AuthorComment("Good".into()).into(),
        ScoringAction::Pseudonym("Reviewer".into()).into(),
        AnalysisAction::SpeakerNames("Grace Hopper".into()).into(),
    ] {
        let next = reduce(state.clone(), action.clone());
        assert!(link_is_stale(&next), "{action:?} left the link fresh");
        assert!(next.needs_save(), "{action:?} did not request a save");
    }
}

#[test]
fn a_share_link_is_built_on_findings_for_the_current_text() {
    let state = edit(
        ReviewState::default(),
        "# Talk\n\n## Description\n\nFind me as @adalove on GitHub.",
    );
    assert!(!state.is_analysed());
    let shared = reduce(state, SharingAction::CreateLink("https://x.test/".into()));
    assert!(
        shared.is_analysed(),
        "building the link analysed the draft first"
    );
    let Some(crate::ui::components::share::ShareLink::Ready { committee: url, .. }) =
        &shared.sharing.link
    else {
        panic!("no link: {:?}", shared.sharing.link);
    };
    let decoded = talkback_core::link::decode(url).unwrap();
    let proposal = decoded.proposal.unwrap();
    assert!(
        !proposal.contains("adalove"),
        "the handle is redacted: {proposal}"
    );
}

#[test]
fn redacting_a_finding_edits_the_draft_and_asks_for_a_save() {
    let state = reduce(
        edit(
            ReviewState::default(),
            "# Talk\n\n## Description\n\nFind me as @adalove on GitHub.",
        ),
        AnalysisAction::Analyse,
    );
    assert!(!state.analysis.blind.is_empty());
    assert_eq!(state.analysis.redacted.len(), state.analysis.blind.len());
    let redacted = reduce(state.clone(), AnalysisAction::RedactAll);
    assert!(!redacted.text().contains("adalove"), "{}", redacted.text());
    assert!(redacted.item_generation > state.item_generation);
    let ignored = reduce(state, AnalysisAction::IgnoreFinding(0));
    assert_eq!(ignored.analysis.redacted.first(), Some(&false));
}

#[test]
fn showing_a_finding_asks_the_preview_for_its_passage_again_each_time() {
    let state = reduce(
        edit(
            ReviewState::default(),
            "# Talk\n\n## Description\n\nFind me as @adalove on GitHub.",
        ),
        AnalysisAction::Analyse,
    );
    let span = state.analysis.blind[0].span.clone();
    let generation = state.item_generation;
    let once = reduce(state, AnalysisAction::ShowFinding(0));
    assert_eq!(
        once.analysis.focus.as_ref().map(|f| f.1.clone()),
        Some(span)
    );
    let twice = reduce(once.clone(), AnalysisAction::ShowFinding(0));
    assert_ne!(
        once.analysis.focus, twice.analysis.focus,
        "a new request scrolls again"
    );
    assert_eq!(twice.item_generation, generation, "nothing to save");
}

/// Another proposal, as a reviewer pastes it over the one they reviewed (issue 18's
/// defect: B's link carried A's review without a word).
const OTHER_PROPOSAL: &str = "# Packaging without tears\n\n## Description\n\nWheels, sdists and \
     lock files for people who just want their code to install.";

#[test]
fn pasting_another_proposal_over_a_reviewed_one_asks_whose_review_it_is() {
    let state = edit(worked_on(), OTHER_PROPOSAL);
    assert_eq!(state.draft.review_of.as_deref(), Some("Fast Python"));
    assert!(
        state.scoring.has_review(),
        "nothing is cleared before the choice"
    );

    let fresh = reduce(state.clone(), DraftAction::StartFreshReview);
    assert!(!fresh.scoring.has_review(), "a fresh review holds no score");
    assert_eq!(fresh.draft.review_of, None);
    assert_eq!(fresh.text(), OTHER_PROPOSAL, "the pasted proposal stays");

    let kept = reduce(state, DraftAction::KeepReview);
    assert!(kept.scoring.has_review());
    assert_eq!(kept.draft.review_of, None);
    let typed = edit(kept, &format!("{OTHER_PROPOSAL} More."));
    assert_eq!(typed.draft.review_of, None, "kept: typing never asks again");
}

#[test]
fn typing_or_pasting_without_a_review_never_asks() {
    // Typing a new title over the old one, a character at a time.
    let mut state = worked_on();
    let text = state.text().to_string();
    for title in ["# Fast", "# Faster", "# Faster Python!"] {
        let next = text.replacen("# Fast Python", title, 1);
        state = edit(state, &next);
        assert_eq!(state.draft.review_of, None, "{title}");
    }
    // Another proposal over a draft with no review yet.
    let unreviewed = edit(
        ReviewState::default(),
        "# Fast Python\n\n## Description\n\nA draft long enough to count as a proposal, not a \
         few words.",
    );
    let pasted = edit(unreviewed, OTHER_PROPOSAL);
    assert_eq!(pasted.draft.review_of, None);
}

#[test]
fn a_review_only_speaker_link_places_passages_by_occurrence_in_the_previewed_text() {
    use talkback_core::anchor::{place, Anchor, AnchoredComment, Located};
    let state = edit(
        ReviewState::default(),
        "# Fast *tests*\n\n## Description\n\nWe make a slow suite fast, then a slow suite faster.",
    );
    let state = reduce(state, SharingAction::IncludeProposal(false));
    // Passage comments are made on the preview's text (tags gone, `*` gone).
    let shown: String = (state.draft.preview.iter())
        .map(|b| talkback_core::markdown::text_of(&b.html))
        .collect();
    assert!(shown.starts_with("Fast tests\n"), "{shown:?}");
    let second = shown.rfind("a slow suite").unwrap();
    let state = reduce(
        state,
        ScoringAction::AddAnchor(AnchoredComment {
            anchor: Anchor::new(&shown, second..second + "a slow suite".len()),
            comment: "How slow?".into(),
            audience: Some(talkback_core::scoring::Audience::Speaker),
        }),
    );
    let state = reduce(state, SharingAction::CreateLink("https://x.test/".into()));
    let Some(crate::ui::components::share::ShareLink::Ready { speaker, .. }) = &state.sharing.link
    else {
        panic!("no link: {:?}", state.sharing.link);
    };
    let opened = talkback_core::link::decode_link(speaker).unwrap();
    let anchor = &opened.shared.review.anchors[0].anchor;
    assert_eq!(anchor.occurrence, Some(1), "the second 'a slow suite'");
    assert!(anchor.prefix.is_empty() && anchor.suffix.is_empty());
    let at = second..second + "a slow suite".len();
    assert_eq!(place(anchor, &shown, true), Located::Exact(at));
}

#[cfg(feature = "workspace")]
#[test]
fn an_imports_hidden_speakers_are_found_in_the_text_but_never_shown_as_typed_names() {
    let text = "# Engines\n\n## Description\n\nBy [speaker]. Lovelace's engine, explained.";
    let stored = StoredItem {
        draft: Ok(Some(text.into())),
        hidden_names: "Ada Lovelace".into(),
        ..StoredItem::default()
    };
    let state = ReviewState::restored(&stored, None);
    let state = reduce(state, AnalysisAction::Analyse);
    let found: Vec<&str> = state
        .analysis
        .blind
        .iter()
        .map(|f| &text[f.span.clone()])
        .collect();
    assert_eq!(found, ["[speaker]", "Lovelace"]);
    assert_eq!(
        &*state.analysis.speaker_names, "",
        "nothing shows in the names box"
    );
    // The same text pasted, with no import behind it: nothing to find.
    let pasted = reduce(edit(ReviewState::default(), text), AnalysisAction::Analyse);
    assert!(pasted.analysis.blind.is_empty());
    // Typing names keeps the hidden ones.
    let typed = reduce(state, AnalysisAction::SpeakerNames("Someone Else".into()));
    assert_eq!(typed.analysis.blind.len(), 2);
}

#[cfg(feature = "mentoring")]
#[test]
fn links_name_the_version_received_not_the_edited_working_copy() {
    let received = "# Talk\n\n## Description\n\nAs the speaker sent it.";
    let hash = talkback_core::link::content_hash(received);
    let state = edit(ReviewState::default(), received);
    let state = reduce(state, SharingAction::Received(Some(hash)));
    let state = edit(state, &format!("{received}\n\nThe mentor's own note."));
    let state = reduce(state, SharingAction::CreateLink("https://x.test/".into()));
    let Some(crate::ui::components::share::ShareLink::Ready {
        speaker, committee, ..
    }) = &state.sharing.link
    else {
        panic!("no link: {:?}", state.sharing.link);
    };
    for url in [speaker, committee] {
        let opened = talkback_core::link::decode_link(url).unwrap();
        assert_eq!(opened.reference.hash, Some(hash), "{url}");
    }
    // Without a version received, the text as written names it.
    let state = reduce(state, SharingAction::Received(None));
    let state = reduce(state, SharingAction::CreateLink("https://x.test/".into()));
    let Some(crate::ui::components::share::ShareLink::Ready { committee, .. }) =
        &state.sharing.link
    else {
        panic!("no link");
    };
    let opened = talkback_core::link::decode_link(committee).unwrap();
    assert_eq!(
        opened.reference.hash,
        Some(talkback_core::link::content_hash(&format!(
            "{received}\n\nThe mentor's own note."
        )))
    );
}
