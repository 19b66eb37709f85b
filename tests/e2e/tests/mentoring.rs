//! End-to-end: a mentoring round in two browsers (issue 19). The speaker asks for
//! feedback with a question → the mentor's review page holds the draft and shows the
//! question → a passage comment → speaker link → the speaker edits a paragraph, replies
//! and marks the comment addressed → revision link (a delta) → the mentor, who has edited
//! their own working copy meanwhile, sees the added text in `Changes since your review`,
//! the reply and the comment's status → `Review this revision`: round 2 on the same
//! item, round 1's review kept, the comment whose passage changed flagged, and the
//! thread's dated timeline (`Rounds`) beside the text.

use talkback_core::link::rounds::{decode_any, AnyLink, NewText};
use talkback_e2e::fantoccini::{Client, Locator};
use talkback_e2e::{
    browser, click, create_share_links, find_all_by_role, open_app_with, paste, select_in_preview,
    site_url, text_of, type_into, wait_for_role, wait_until,
};

const DRAFT: &str = "# Profiling for Humans\n\nDuration: 30 minutes\n\n## Description\n\nWe start from a slow web page.\n\nThen we read a flame graph together and find the one loop that matters.\n\nFinally we fix it.\n";
const QUESTION: &str = "Is my outline too packed for 30 minutes?";
const ADDED: &str = "Each part is timed, with five minutes for questions.";
const REPLY: &str = "Moved the flame graph first, as you suggested.";

async fn value_of(client: &Client, name: &str) -> String {
    wait_for_role(client, "textbox", name)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

#[tokio::test(flavor = "current_thread")]
async fn a_draft_a_review_and_a_revision_travel_between_two_browsers() {
    // The speaker asks.
    let speaker = browser().await;
    open_app_with(&speaker, DRAFT).await;
    type_into(
        &speaker,
        "Questions for your reviewer (one a line, optional)",
        QUESTION,
    )
    .await;
    click(&speaker, "Ask for feedback").await;
    let draft_link = value_of(&speaker, "Draft link").await;
    assert!(
        matches!(decode_any(&draft_link), Ok(AnyLink::Draft(d)) if d.proposal == DRAFT && d.questions == [QUESTION]),
        "{draft_link}"
    );

    // The mentor opens it: the review page holds the draft, the question beside it
    // (in the item's `Rounds`, next to the proposal), the draft dated.
    let mentor = browser().await;
    mentor.goto(&draft_link).await.expect("open the draft link");
    wait_until("the draft in the mentor's editor", || async {
        let proposal = find_all_by_role(&mentor, "textbox", "Proposal").await;
        let value = match proposal.first() {
            Some(p) => p.prop("value").await.ok().flatten(),
            None => None,
        };
        (value.as_deref() == Some(DRAFT)).then_some(())
    })
    .await;
    let rounds = text_of(&wait_for_role(&mentor, "region", "Rounds").await).await;
    assert!(rounds.contains(QUESTION), "{rounds}");
    assert!(rounds.contains("Draft · 20"), "{rounds}");
    let beside = mentor
        .find(Locator::Css("section.editor section.rounds"))
        .await
        .expect("the rounds beside the proposal, in the editor's column");
    assert!(text_of(&beside).await.contains(QUESTION));

    // The mentor checklist (passage comments are the speaker's by default), a passage
    // comment and a comment for the author, then the links.
    wait_for_role(&mentor, "combobox", "Rubric")
        .await
        .select_by_value("mentor-checklist")
        .await
        .expect("choose the mentor checklist");
    select_in_preview(&mentor, "read a flame graph together").await;
    type_into(
        &mentor,
        "Comment on the selected passage",
        "Show the flame graph early: it's the hook.",
    )
    .await;
    click(&mentor, "Add comment").await;
    select_in_preview(&mentor, "Finally we fix it.").await;
    type_into(
        &mentor,
        "Comment on the selected passage",
        "Fix what, with whom?",
    )
    .await;
    click(&mentor, "Add comment").await;
    type_into(
        &mentor,
        "Comment for the author",
        "Yes, a little packed: time each part.",
    )
    .await;
    // A typo fixed in the working copy before the links: they still name the draft
    // received, so the speaker's browser finds the item that asked.
    type_into(&mentor, "Proposal", "\nA typo fixed.").await;
    let (speaker_link, _) = create_share_links(&mentor).await;
    // The feedback joins the timeline beside the text at once.
    wait_until("the feedback round in Rounds", || async {
        let rounds = text_of(&wait_for_role(&mentor, "region", "Rounds").await).await;
        rounds.contains("Feedback · 20").then_some(())
    })
    .await;

    // The mentor edits their own working copy: the frozen draft does not change.
    let proposal = wait_for_role(&mentor, "textbox", "Proposal").await;
    paste(
        &mentor,
        &proposal,
        &format!("{DRAFT}\nMentor's private note.\n"),
    )
    .await;

    // The speaker opens the feedback, edits a paragraph, replies, sends the revision.
    speaker
        .goto(&speaker_link)
        .await
        .expect("open the speaker link");
    wait_for_role(&speaker, "region", "Feedback").await;
    click(&speaker, "Edit the proposal").await;
    let revised = DRAFT.replace(
        "Finally we fix it.",
        &format!("Finally we fix it together. {ADDED}"),
    );
    // The speaker's editable text is `Proposal`: the one shown (their own review page,
    // where they wrote the draft, is hidden meanwhile).
    paste(&speaker, &shown_editor(&speaker).await, &revised).await;
    // The revision is the speaker's own item (without the workspace, their draft): a
    // reload before `Send revision` keeps it, beside the feedback and on the review page.
    speaker.goto(&site_url()).await.expect("reload");
    wait_for_editor(&speaker, &revised).await;
    click(&speaker, "Feedback").await;
    wait_for_role(&speaker, "region", "Feedback").await;
    wait_for_editor(&speaker, &revised).await;
    type_into(
        &speaker,
        "Reply to comment 1 (“read a flame graph together”)",
        REPLY,
    )
    .await;
    find_all_by_role(&speaker, "checkbox", "Addressed")
        .await
        .first()
        .expect("an Addressed box")
        .click()
        .await
        .expect("mark addressed");
    // The reply and the mark are kept as typed: a reload before `Send revision` keeps
    // them beside the same feedback.
    speaker.goto(&site_url()).await.expect("reload");
    click(&speaker, "Feedback").await;
    wait_for_role(&speaker, "region", "Feedback").await;
    assert_eq!(
        value_of(
            &speaker,
            "Reply to comment 1 (“read a flame graph together”)"
        )
        .await,
        REPLY
    );
    let marks = find_all_by_role(&speaker, "checkbox", "Addressed").await;
    let mut checked = Vec::new();
    for mark in &marks {
        checked.push(mark.prop("checked").await.expect("checked") == Some("true".into()));
    }
    assert_eq!(checked, [true, false, false], "comment 1 marked, no other");
    click(&speaker, "Send revision").await;
    let revision_link = value_of(&speaker, "Revision link").await;
    let full_link = value_of(&speaker, "Full revision link").await;
    assert!(revision_link.len() < full_link.len());
    assert!(
        matches!(decode_any(&revision_link), Ok(AnyLink::Revision(r)) if matches!(r.text, NewText::Delta(_))
            && r.replies.iter().any(|r| r.comment == 1 && r.addressed && r.text == REPLY)),
        "{revision_link}"
    );
    // The feedback answers the speaker's own item: no second item for it.
    #[cfg(feature = "workspace")]
    assert_eq!(items(&speaker).await, 1, "the speaker's one item");
    speaker.close().await.ok();

    // The mentor opens the delta: what changed, the reply, the comment's status.
    mentor
        .goto(&revision_link)
        .await
        .expect("open the revision link");
    let changes = wait_for_role(&mentor, "region", "Changes since your review").await;
    let text = text_of(&changes).await;
    assert!(text.contains(REPLY), "{text}");
    assert!(text.contains("marked addressed"), "{text}");
    assert!(text.contains("the passage is unchanged"), "{text}");
    // (In the region: the hidden review page's `Rounds` has its own diff.)
    let added = changes
        .find(Locator::Css(".proposal-diff ins"))
        .await
        .expect("added text marked");
    assert!(text_of(&added).await.contains("five minutes for questions"));
    assert!(!text.contains("Mentor's private note"), "{text}");
    assert!(!text.contains("A typo fixed"), "{text}");

    // Back on the review page without reviewing it: `Rounds` lists it at once, and
    // the links the mentor made are still in the share panel.
    click(&mentor, "Review").await;
    wait_until("the revision in Rounds", || async {
        let rounds = text_of(&wait_for_role(&mentor, "region", "Rounds").await).await;
        rounds.contains("Revision · 20").then_some(())
    })
    .await;
    assert_eq!(
        value_of(&mentor, "Link for the speaker").await,
        speaker_link
    );
    wait_for_role(&mentor, "link", "Review this revision").await;

    // A reload before reviewing it: `Rounds` lists the revision and offers it again,
    // from the frozen round (no link needed), with the reply.
    mentor.goto(&site_url()).await.expect("reload");
    let rounds = wait_for_role(&mentor, "region", "Rounds").await;
    assert!(text_of(&rounds).await.contains("Revision · 20"));
    wait_for_role(&mentor, "link", "Review this revision")
        .await
        .click()
        .await
        .expect("click Review this revision");
    let changes = wait_for_role(&mentor, "region", "Changes since your review").await;
    let text = text_of(&changes).await;
    assert!(text.contains(REPLY), "{text}");
    assert!(text.contains("five minutes for questions"), "{text}");

    // Round 2: the revised text on the same item, round 1's review kept, the comment
    // whose passage changed flagged, the other not; the thread dated round by round.
    review_this_revision(&mentor).await;
    // Without the workspace the mentor's one draft holds their working copy: the page
    // asks before the revision replaces it.
    #[cfg(not(feature = "workspace"))]
    click(&mentor, "Replace my draft").await;
    wait_until("the revision in the mentor's editor", || async {
        let proposal = find_all_by_role(&mentor, "textbox", "Proposal").await;
        let value = match proposal.first() {
            Some(p) => p.prop("value").await.ok().flatten(),
            None => None,
        };
        (value.as_deref() == Some(revised.as_str())).then_some(())
    })
    .await;
    assert_eq!(
        value_of(&mentor, "Comment for the author").await,
        "Yes, a little packed: time each part."
    );
    let rounds = text_of(&wait_for_role(&mentor, "region", "Rounds").await).await;
    for round in ["Draft · 20", "Feedback · 20", "Revision · 20"] {
        assert!(rounds.contains(round), "{round}: {rounds}");
    }
    assert!(
        rounds.contains("Your comment on “Finally we fix it.”: its passage changed"),
        "{rounds}"
    );
    assert!(
        !rounds.contains("“read a flame graph together”: its passage changed"),
        "{rounds}"
    );
    let changed = mentor
        .find(Locator::Css(".rounds .proposal-diff ins"))
        .await
        .expect("the changed passage marked beside the text");
    assert!(text_of(&changed).await.contains("together"));
    mentor.close().await.ok();
}

/// Clicks `Review this revision` once it is enabled (the store is read).
async fn review_this_revision(client: &Client) {
    let button = wait_until("Review this revision enabled", || async {
        let b = wait_for_role(client, "button", "Review this revision").await;
        b.is_enabled().await.ok()?.then_some(b)
    })
    .await;
    button.click().await.expect("click Review this revision");
}

/// The `Rounds` beside the proposal list a dated revision.
async fn rounds_list_the_revision(client: &Client) {
    let rounds = text_of(&wait_for_role(client, "region", "Rounds").await).await;
    assert!(rounds.contains("Revision · 20"), "{rounds}");
}

/// The rows of the `Proposals` list (it is opened first).
#[cfg(feature = "workspace")]
async fn items(client: &Client) -> usize {
    click(client, "Proposals").await;
    wait_for_role(client, "table", "Proposals").await;
    let rows = client
        .find_all(Locator::Css("table[aria-label=Proposals] tbody tr"))
        .await
        .map_or(0, |r| r.len());
    click(client, "Review").await;
    rows
}

/// The one `Proposal` textbox shown (beside the feedback, the review page's is hidden).
async fn shown_editor(client: &Client) -> talkback_e2e::fantoccini::elements::Element {
    let mut editors = Vec::new();
    for e in find_all_by_role(client, "textbox", "Proposal").await {
        if e.is_displayed().await.unwrap_or(false) {
            editors.push(e);
        }
    }
    assert_eq!(editors.len(), 1, "one Proposal textbox shown");
    editors.remove(0)
}

/// The text in the shown `Proposal` editor once it is `want`.
async fn wait_for_editor(client: &Client, want: &str) {
    wait_until(&format!("{want:?} in the editor"), || async {
        for p in find_all_by_role(client, "textbox", "Proposal").await {
            if p.is_displayed().await.unwrap_or(false)
                && p.prop("value").await.ok().flatten().as_deref() == Some(want)
            {
                return Some(());
            }
        }
        None
    })
    .await;
}

const OTHER: &str = "# Packaging Without Tears\n\n## Description\n\nWheels, sdists and the one file that matters.\n";

/// The mentor holds several items: the draft's, then another one opened since, with a
/// passage comment of its own. The revision of the draft opens on the draft's item:
/// its replies name the comments the speaker got (not the open item's), `Review this
/// revision` shows the draft's item (two items, not three), and a reload keeps it.
#[cfg(feature = "workspace")]
#[tokio::test(flavor = "current_thread")]
async fn a_revision_opens_on_its_own_item_when_another_is_open() {
    use talkback_core::link::content_hash;
    use talkback_core::link::rounds::{encode_draft, encode_revision, Draft, Reply, Revision};
    let site = talkback_e2e::site_url();
    let draft = Draft {
        code: None,
        proposal: DRAFT.into(),
        questions: vec![QUESTION.into()],
    };
    let mentor = browser().await;
    mentor
        .goto(&encode_draft(&draft, &site).expect("a draft link"))
        .await
        .expect("open the draft link");
    wait_for_editor(&mentor, DRAFT).await;
    wait_for_role(&mentor, "combobox", "Rubric")
        .await
        .select_by_value("mentor-checklist")
        .await
        .expect("choose the mentor checklist");
    select_in_preview(&mentor, "read a flame graph together").await;
    type_into(&mentor, "Comment on the selected passage", "Show it early.").await;
    click(&mentor, "Add comment").await;
    type_into(&mentor, "Comment for the author", "Round one.").await;
    // The mentor's own edit of the working copy before the links: the feedback is
    // still on the version received.
    type_into(&mentor, "Proposal", "\nA note of mine.").await;
    create_share_links(&mentor).await;

    // Another proposal, with a passage comment of its own, is open when the revision
    // arrives.
    click(&mentor, "New review").await;
    wait_for_editor(&mentor, "").await;
    let editor = wait_for_role(&mentor, "textbox", "Proposal").await;
    paste(&mentor, &editor, OTHER).await;
    select_in_preview(&mentor, "the one file that matters").await;
    type_into(&mentor, "Comment on the selected passage", "Which file?").await;
    click(&mentor, "Add comment").await;
    assert_eq!(items(&mentor).await, 2);

    let revised = DRAFT.replace("Finally we fix it.", &format!("Finally we fix it. {ADDED}"));
    let revision = Revision {
        code: None,
        base: content_hash(DRAFT),
        replies: vec![Reply {
            comment: 1,
            addressed: true,
            text: REPLY.into(),
        }],
        text: NewText::Delta(talkback_core::revision::delta(DRAFT, &revised)),
    };
    mentor
        .goto(&encode_revision(&revision, &site).expect("a revision link"))
        .await
        .expect("open the revision link");
    let changes = wait_for_role(&mentor, "region", "Changes since your review").await;
    let text = text_of(&changes).await;
    assert!(text.contains("On “read a flame graph together”"), "{text}");
    assert!(!text.contains("the one file that matters"), "{text}");
    assert!(text.contains("the passage is unchanged"), "{text}");

    review_this_revision(&mentor).await;
    wait_for_editor(&mentor, &revised).await;
    assert_eq!(
        value_of(&mentor, "Comment for the author").await,
        "Round one."
    );
    assert_eq!(items(&mentor).await, 2, "the draft's item, not a third");

    mentor.goto(&site).await.expect("reload");
    wait_for_editor(&mentor, &revised).await;
    rounds_list_the_revision(&mentor).await;
    mentor.close().await.ok();
}

/// In a browser that holds another item and not the version revised: a delta says
/// plainly what it needs; the full revision becomes its own item (the open one keeps
/// its text and has no round of it), kept across a reload. A draft link opened twice,
/// cold and in the open page, is one item.
#[cfg(feature = "workspace")]
#[tokio::test(flavor = "current_thread")]
async fn a_revision_without_its_base_is_its_own_item_and_a_draft_twice_is_one() {
    use talkback_core::link::content_hash;
    use talkback_core::link::rounds::{encode_draft, encode_revision, Draft, Revision};
    let site = talkback_e2e::site_url();
    let client = browser().await;
    open_app_with(&client, OTHER).await;
    assert_eq!(items(&client).await, 1);

    let base = "# Profiling for Humans\n\nAn older draft, reviewed elsewhere.\n";
    let revised = format!("{base}\n{ADDED}\n");
    let mut revision = Revision {
        code: None,
        base: content_hash(base),
        replies: vec![],
        text: NewText::Delta(talkback_core::revision::delta(base, &revised)),
    };
    client
        .goto(&encode_revision(&revision, &site).expect("a delta link"))
        .await
        .expect("open the delta");
    let alert = talkback_e2e::wait_for_alert(&client, "needs the version you reviewed").await;
    assert!(
        alert.contains("ask for the full link or the file"),
        "{alert}"
    );

    revision.text = NewText::Full(revised.clone());
    client
        .goto(&encode_revision(&revision, &site).expect("a full link"))
        .await
        .expect("open the full revision");
    let changes = wait_for_role(&client, "region", "Changes since your review").await;
    assert!(text_of(&changes).await.contains("not in this browser"));
    review_this_revision(&client).await;
    wait_for_editor(&client, &revised).await;
    assert_eq!(items(&client).await, 2, "its own item");
    let list = {
        click(&client, "Proposals").await;
        let t = talkback_e2e::page_text_and_values(&client).await;
        click(&client, "Review").await;
        t
    };
    assert!(list.contains("Packaging Without Tears"), "{list}");
    client.goto(&site).await.expect("reload");
    wait_for_editor(&client, &revised).await;
    rounds_list_the_revision(&client).await;

    // A draft link, opened cold and then again in the open page: one item.
    let draft = encode_draft(
        &Draft {
            code: None,
            proposal: DRAFT.into(),
            questions: vec![],
        },
        &site,
    )
    .expect("a draft link");
    client.goto("about:blank").await.expect("leave");
    client.goto(&draft).await.expect("open the draft");
    wait_for_editor(&client, DRAFT).await;
    client.goto(&site).await.expect("reload");
    wait_for_editor(&client, DRAFT).await;
    client.goto(&draft).await.expect("open the draft again");
    wait_for_editor(&client, DRAFT).await;
    assert_eq!(items(&client).await, 3, "one item for the draft");
    client.close().await.ok();
}

/// A full revision is the first thing a fresh browser opens (the store is read after
/// the first render): `Review this revision` makes it the one item, with its round.
#[tokio::test(flavor = "current_thread")]
async fn a_revision_opened_cold_in_a_fresh_browser_becomes_its_item() {
    use talkback_core::link::content_hash;
    use talkback_core::link::rounds::{encode_revision, Reply, Revision};
    let site = talkback_e2e::site_url();
    let revised = DRAFT.replace("Finally we fix it.", ADDED);
    let revision = Revision {
        code: None,
        base: content_hash(DRAFT),
        replies: vec![Reply {
            comment: 0,
            addressed: false,
            text: REPLY.into(),
        }],
        text: NewText::Full(revised.clone()),
    };
    let client = browser().await;
    client
        .goto(&encode_revision(&revision, &site).expect("a full link"))
        .await
        .expect("open the revision");
    let changes = wait_for_role(&client, "region", "Changes since your review").await;
    let text = text_of(&changes).await;
    assert!(text.contains("not in this browser"), "{text}");
    assert!(text.contains("On the review as a whole"), "{text}");
    assert!(text.contains(REPLY), "{text}");
    review_this_revision(&client).await;
    wait_for_editor(&client, &revised).await;
    #[cfg(feature = "workspace")]
    assert_eq!(items(&client).await, 1);
    rounds_list_the_revision(&client).await;
    client.close().await.ok();
}

/// The mentor has the draft's item open in one tab and reviews the revision in another:
/// one item, and the first tab is offered the other tab's version, never overwritten.
#[tokio::test(flavor = "current_thread")]
async fn a_revision_reviewed_in_a_second_tab_offers_the_first_the_choice() {
    use talkback_core::link::content_hash;
    use talkback_core::link::rounds::{encode_draft, encode_revision, Draft, Revision};
    let site = talkback_e2e::site_url();
    let draft = Draft {
        code: None,
        proposal: DRAFT.into(),
        questions: vec![],
    };
    let client = browser().await;
    client
        .goto(&encode_draft(&draft, &site).expect("a draft link"))
        .await
        .expect("open the draft link");
    wait_for_editor(&client, DRAFT).await;
    let first = talkback_e2e::new_tab(&client).await;
    let revised = DRAFT.replace("Finally we fix it.", ADDED);
    let revision = Revision {
        code: None,
        base: content_hash(DRAFT),
        replies: vec![],
        text: NewText::Delta(talkback_core::revision::delta(DRAFT, &revised)),
    };
    client
        .goto(&encode_revision(&revision, &site).expect("a revision link"))
        .await
        .expect("open the revision");
    review_this_revision(&client).await;
    #[cfg(not(feature = "workspace"))]
    click(&client, "Replace my draft").await;
    wait_for_editor(&client, &revised).await;
    #[cfg(feature = "workspace")]
    assert_eq!(items(&client).await, 1);

    client.switch_to_window(first).await.expect("back");
    wait_until("the other-tab choice", || async {
        let text = talkback_e2e::page_text_and_values(&client).await;
        text.contains("changed in another tab").then_some(())
    })
    .await;
    wait_for_editor(&client, DRAFT).await;
    client.close().await.ok();
}

/// A speaker opens feedback on a text this browser never sent, while their draft is
/// another proposal: the revision never overwrites it. With the workspace it is the
/// feedback's own item; without, the page says it is not kept, and the review page asks
/// (`Replace my draft`) before it becomes the draft. Kept across a reload.
#[tokio::test(flavor = "current_thread")]
async fn a_revision_of_feedback_sent_elsewhere_never_overwrites_another_draft() {
    use talkback_core::link::{encode_speaker_link, ProposalRef, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;
    let mut review = Review::for_rubric(&preset("mentor-checklist", 1).expect("a preset"));
    review.author_comment = "Time each part.".into();
    let shared = SharedReview {
        review,
        proposal: Some(DRAFT.into()),
    };
    let reference = ProposalRef::of(DRAFT, None);
    let link =
        encode_speaker_link(&shared, &reference, DRAFT, &site_url()).expect("a speaker link");
    let client = browser().await;
    open_app_with(&client, OTHER).await;
    client.goto(&link).await.expect("open the feedback");
    wait_for_role(&client, "region", "Feedback").await;
    click(&client, "Edit the proposal").await;
    let revised = DRAFT.replace("Finally we fix it.", ADDED);
    paste(&client, &shown_editor(&client).await, &revised).await;
    #[cfg(not(feature = "workspace"))]
    {
        let draft = talkback_e2e::stored(&client, "talkback.draft.v1").await;
        assert_eq!(draft.as_deref(), Some(OTHER), "the other draft untouched");
        click(&client, "Review").await;
        click(&client, "Replace my draft").await;
        wait_for_editor(&client, &revised).await;
    }
    #[cfg(feature = "workspace")]
    {
        click(&client, "Review").await;
        wait_for_editor(&client, &revised).await;
        assert_eq!(items(&client).await, 2, "the feedback's own item");
        click(&client, "Proposals").await;
        let list = talkback_e2e::page_text_and_values(&client).await;
        assert!(list.contains("Packaging Without Tears"), "{list}");
        click(&client, "Review").await;
    }
    client.goto(&site_url()).await.expect("reload");
    wait_for_editor(&client, &revised).await;
    click(&client, "Feedback").await;
    wait_for_role(&client, "region", "Feedback").await;
    wait_for_editor(&client, &revised).await;

    // Feedback on another proposal: its editor starts from its own text, and its edits
    // never go over this revision without the choice.
    let shared = SharedReview {
        proposal: Some(OTHER.into()),
        ..shared
    };
    let link = encode_speaker_link(&shared, &ProposalRef::of(OTHER, None), OTHER, &site_url())
        .expect("a second speaker link");
    client.goto(&link).await.expect("open the second feedback");
    wait_for_role(&client, "region", "Feedback").await;
    click(&client, "Edit the proposal").await;
    wait_for_editor(&client, OTHER).await;
    let more = format!("{OTHER}\nA line more.\n");
    paste(&client, &shown_editor(&client).await, &more).await;
    click(&client, "Review").await;
    #[cfg(not(feature = "workspace"))]
    click(&client, "Keep my draft").await;
    #[cfg(feature = "workspace")]
    assert_eq!(items(&client).await, 3, "the second feedback's own item");
    #[cfg(not(feature = "workspace"))]
    wait_for_editor(&client, &revised).await;
    client.close().await.ok();
}

/// A speaker with two feedback links (two mentors, or two rounds) replies beside each:
/// reopening either finds its own replies, none lost to the other's.
#[tokio::test(flavor = "current_thread")]
async fn replies_to_two_feedbacks_are_each_kept() {
    let (first, second) = (
        speaker_link(DRAFT, "Time each part."),
        speaker_link(OTHER, "Which file?"),
    );
    let whole = "Reply to the review as a whole";
    let client = browser().await;
    for (feedback, reply) in [(&first, REPLY), (&second, "The lock file.")] {
        client.goto(feedback).await.expect("open a feedback");
        wait_for_role(&client, "region", "Feedback").await;
        type_into(&client, whole, reply).await;
    }
    for (feedback, reply) in [(&first, REPLY), (&second, "The lock file.")] {
        client.goto(&site_url()).await.expect("leave");
        client.goto(feedback).await.expect("open it again");
        wait_for_role(&client, "region", "Feedback").await;
        assert_eq!(value_of(&client, whole).await, reply);
    }
    client.close().await.ok();
}

/// The mentor opens the speaker link they made, in their own browser, and edits the
/// proposal beside it (to see what the speaker sees): a copy, not saved; their review's
/// working copy stays as it was, with no question about replacing it.
#[tokio::test(flavor = "current_thread")]
async fn a_mentor_editing_beside_their_own_speaker_link_keeps_their_review() {
    use talkback_core::link::rounds::{encode_draft, Draft};
    let draft = Draft {
        code: None,
        proposal: DRAFT.into(),
        questions: vec![],
    };
    let mentor = browser().await;
    mentor
        .goto(&encode_draft(&draft, &site_url()).expect("a draft link"))
        .await
        .expect("open the draft link");
    wait_for_editor(&mentor, DRAFT).await;
    type_into(&mentor, "Comment for the author", "Time each part.").await;
    let (speaker_link, _) = create_share_links(&mentor).await;

    mentor
        .goto(&speaker_link)
        .await
        .expect("open my speaker link");
    wait_for_role(&mentor, "region", "Feedback").await;
    click(&mentor, "Edit the proposal").await;
    let text = talkback_e2e::page_text_and_values(&mentor).await;
    assert!(text.contains("your review is unchanged"), "{text}");
    let edited = DRAFT.replace("Finally we fix it.", ADDED);
    paste(&mentor, &shown_editor(&mentor).await, &edited).await;
    click(&mentor, "Review").await;
    wait_for_editor(&mentor, DRAFT).await;
    assert_eq!(
        value_of(&mentor, "Comment for the author").await,
        "Time each part."
    );
    let text = talkback_e2e::page_text_and_values(&mentor).await;
    assert!(!text.contains("Replace my draft"), "{text}");
    mentor.goto(&site_url()).await.expect("reload");
    wait_for_editor(&mentor, DRAFT).await;
    mentor.close().await.ok();
}

/// A speaker link on `proposal` (the mentor checklist, `comment` for the author), made
/// in another browser.
fn speaker_link(proposal: &str, comment: &str) -> String {
    use talkback_core::link::{encode_speaker_link, ProposalRef, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;
    let mut review = Review::for_rubric(&preset("mentor-checklist", 1).expect("a preset"));
    review.author_comment = comment.into();
    let shared = SharedReview {
        review,
        proposal: Some(proposal.into()),
    };
    let reference = ProposalRef::of(proposal, None);
    encode_speaker_link(&shared, &reference, proposal, &site_url()).expect("a speaker link")
}

/// While the speaker types, `Send revision` says how long its link will be and where
/// it travels: an edit that takes it past what chat carries is said before the link is
/// made, and the link made comes with `Download as file`; a reply too long for any link
/// is said before `Send revision` is pressed.
#[tokio::test(flavor = "current_thread")]
async fn send_revision_says_how_long_its_link_will_be_while_typing() {
    let client = browser().await;
    client
        .goto(&speaker_link(DRAFT, "Time each part."))
        .await
        .expect("open the feedback");
    let feedback = wait_for_role(&client, "region", "Feedback").await;
    let said = |want: &'static str| {
        let feedback = feedback.clone();
        async move {
            wait_until(want, || async {
                text_of(&feedback).await.contains(want).then_some(())
            })
            .await;
        }
    };
    said("characters: fits e-mail and chat").await;
    // A paragraph of words that do not compress: the delta link passes 2,000 characters.
    let mut seed = 7_u32;
    let words: Vec<String> = (0..600)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            format!("{:x}", seed >> 4)
        })
        .collect();
    click(&client, "Edit the proposal").await;
    let longer = format!("{DRAFT}\n{}\n", words.join(" "));
    paste(&client, &shown_editor(&client).await, &longer).await;
    said("characters: send the file").await;
    click(&client, "Send revision").await;
    value_of(&client, "Revision link").await;
    wait_for_role(&client, "button", "Download as file").await;
    // A reply longer than a link holds: said before `Send revision`.
    let reply = wait_for_role(&client, "textbox", "Reply to the review as a whole").await;
    paste(&client, &reply, &words.join(" ")).await;
    said("too long for a revision link").await;
    client.close().await.ok();
}
