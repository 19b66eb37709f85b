//! End-to-end: every view passes an axe-core audit in the light and the dark colour
//! scheme, with zero violations (the review page empty, with an example and a share link,
//! and with the custom rubric editor open; feedback opened from a link; the damaged-link
//! alert; the committee summary with a bad link listed).

use talkback_core::anchor::{Anchor, AnchoredComment};
use talkback_e2e::fantoccini::Locator;
use talkback_e2e::{
    assert_accessible, browser, create_share_link, damage_link, import_rubric_json, load_example,
    open_all_details, open_app, open_app_with, open_committee, open_rubric_editor,
    open_rubric_import, paste, pycon_review, share_url, site_url, text_of, vote, wait_for_alert,
    wait_for_role, wait_until,
};

/// A share link as a reviewer makes it: a vote, comments for the author and the
/// committee, and the proposal.
fn feedback_link(title: &str, vote: u8) -> String {
    let mut review = pycon_review(vote, "Clear topic; add timings to the outline.");
    review.committee_comment = "I would champion this one.".into();
    let proposal = format!(
        "# {title}\n\nDuration: 30 minutes\n\nLevel: Beginner\n\n## Description\n\nA gentle, practical start.\n\n## Outline\n\n- Why (5 min)\n- How (20 min)\n- Questions (5 min)\n"
    );
    share_url(review, &proposal)
}

#[tokio::test(flavor = "current_thread")]
async fn the_empty_review_page_passes_axe() {
    let client = browser().await;
    open_app(&client).await;
    wait_for_role(&client, "region", "Checks").await;
    assert_accessible(&client, "review, empty").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_review_page_with_an_example_and_a_share_link_passes_axe() {
    let client = browser().await;
    open_app(&client).await;
    load_example(&client, 1).await;
    vote(&client, 0).await;
    create_share_link(&client).await;
    wait_for_role(&client, "button", "Copy speaker link").await;
    open_all_details(&client).await;
    assert_accessible(&client, "review, example and share link").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_custom_rubric_editor_and_its_import_error_passes_axe() {
    let client = browser().await;
    open_app(&client).await;
    open_rubric_editor(&client).await;
    assert_accessible(&client, "rubric editor").await;
    open_rubric_import(&client).await;
    import_rubric_json(&client, "{ \"name\": ").await;
    wait_for_alert(&client, "not valid JSON").await;
    assert_accessible(&client, "rubric editor, import error").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_feedback_view_passes_axe() {
    let client = browser().await;
    client
        .goto(&feedback_link("Async Without Tears", 0))
        .await
        .expect("open the link");
    let feedback = wait_for_role(&client, "region", "Feedback").await;
    let text = text_of(&feedback).await;
    assert!(text.contains("Clear topic"), "{text}");
    assert_accessible(&client, "feedback").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_damaged_link_alert_passes_axe() {
    let client = browser().await;
    client
        .goto(&format!("{}#thisIsNotAReviewLinkAtAll", site_url()))
        .await
        .expect("open the damaged link");
    wait_for_alert(&client, "cannot be opened").await;
    wait_for_role(&client, "textbox", "Proposal").await;
    assert_accessible(&client, "damaged-link alert").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_committee_view_with_a_bad_link_passes_axe() {
    let client = browser().await;
    open_app(&client).await;
    let input = open_committee(&client).await;
    assert_accessible(&client, "committee, empty").await;
    // The counts live in one polite live region that is there before anything is pasted,
    // so a screen reader announces them when they change.
    let counts = client
        .find(Locator::Css("main.committee-page [aria-live=polite]"))
        .await
        .expect("the counts' live region");
    assert_eq!(text_of(&counts).await, "No feedback links found yet.");
    let good = [
        feedback_link("Async Without Tears", 0),
        feedback_link("Async Without Tears", 3),
        feedback_link("Packaging in 2026", 1),
    ];
    // A real link with one character changed: its checksum no longer matches.
    let bad = damage_link(&good[2], ('Q', 'R'));
    let thread = format!(
        "Reviews so far:\n{}\n> {}\n{}\nand a broken one: {bad}\n",
        good[0], good[1], good[2]
    );
    paste(&client, &input, &thread).await;
    wait_for_role(&client, "table", "Committee summary").await;
    wait_for_role(&client, "table", "Committee summary 2").await;
    wait_for_alert(&client, "could not be read").await;
    let announced = text_of(&counts).await;
    assert_eq!(
        announced, "4 links found, 3 reviews read, 1 could not be read.",
        "the same live region holds the new counts"
    );
    open_all_details(&client).await;
    assert_accessible(&client, "committee, summaries and a bad link").await;
    client.close().await.ok();
}

/// The audit itself can fail: a text box without a label and grey-on-grey text planted in
/// the page are reported (the latter in both colour schemes).
#[tokio::test(flavor = "current_thread")]
async fn axe_reports_a_planted_violation() {
    let client = browser().await;
    open_app(&client).await;
    client
        .execute(
            "const p = document.createElement('p'); p.textContent = 'faint'; \
             p.style.color = '#777'; p.style.background = '#888'; \
             document.querySelector('main').append(document.createElement('input'), p);",
            vec![],
        )
        .await
        .expect("plant the violations");
    for scheme in ["light", "dark"] {
        talkback_e2e::set_color_scheme(&client, scheme).await;
        let found = talkback_e2e::axe_violations(&client).await.join("\n");
        assert!(found.contains("label"), "{scheme}: {found}");
        assert!(found.contains("color-contrast"), "{scheme}: {found}");
    }
    client.close().await.ok();
}

const IDENTIFIED: &str = "# Typing Python Faster\n\nDuration: 30 minutes\n\n## Description\n\nHi, I'm Ada Quill (ada.quill@example.org, https://github.com/adaquill) and I will show how type hints speed up real code reviews.\n\n## Speaker names\n\nAda Quill\n";

#[tokio::test(flavor = "current_thread")]
async fn the_review_page_with_findings_a_kept_one_and_a_pending_replacement_passes_axe() {
    let client = browser().await;
    open_app_with(&client, IDENTIFIED).await;
    let keep = wait_for_role(&client, "button", "Keep it").await;
    keep.click().await.expect("keep a finding");
    wait_until("a kept finding", || async {
        client.find(Locator::Css(".blind-finding.kept")).await.ok()
    })
    .await;
    // Picking an example over a draft asks first.
    wait_for_role(&client, "combobox", "Try an example")
        .await
        .select_by_index(1)
        .await
        .expect("pick an example");
    wait_for_role(&client, "button", "Replace my draft").await;
    open_all_details(&client).await;
    assert_accessible(&client, "review, findings and a pending replacement").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_feedback_view_with_passage_comments_and_an_edited_proposal_passes_axe() {
    let proposal = "# Async Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nA gentle, practical start with asyncio for people who write scripts.\n";
    let mut review = pycon_review(1, "Nice.");
    for (quote, comment) in [
        ("gentle, practical start", "Say what they build."),
        ("people who write scripts", "Who exactly?"),
    ] {
        let at = proposal.find(quote).expect("the quote");
        review.anchors.push(AnchoredComment {
            audience: None,
            anchor: Anchor::new(proposal, at..at + quote.len()),
            comment: comment.into(),
        });
    }
    let url = share_url(review, proposal);
    let client = browser().await;
    client.goto(&url).await.expect("open the link");
    wait_for_role(&client, "region", "Feedback").await;
    assert_accessible(&client, "feedback, passage comments").await;
    wait_for_role(&client, "button", "Edit the proposal")
        .await
        .click()
        .await
        .expect("edit");
    let revised = wait_for_role(&client, "textbox", "Proposal").await;
    paste(
        &client,
        &revised,
        "# Async Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nA gentle, practical start with asyncio.\n",
    )
    .await;
    let feedback = wait_for_role(&client, "region", "Feedback").await;
    wait_until("a detached comment", || async {
        text_of(&feedback)
            .await
            .contains("no longer in the proposal")
            .then_some(())
    })
    .await;
    assert_accessible(&client, "feedback, edited proposal").await;
    client.close().await.ok();
}
