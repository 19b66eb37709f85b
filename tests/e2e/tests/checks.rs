//! End-to-end: the mentor checks react to the draft as it is typed.

use talkback_e2e::fantoccini::Locator;
use talkback_e2e::{
    browser, create_share_links, open_app_with, paste, text_of, wait_for_role, wait_until,
};

const OVER_TIME: &str = "# Packaging Without Tears\n\nDuration: 30 minutes\nLevel: Beginner\nAudience: Python developers who have never published a package\n\n## Description\n\nA friendly tour of packaging a small library and publishing it, from an empty folder to a release anyone can install with pip, and what to do when it goes wrong.\n\n## Outline\n\n- Why packaging feels hard (10 min)\n- pyproject.toml, step by step (15 min)\n- Publishing a release (10 min)\n- Questions (5 min)\n";

#[tokio::test(flavor = "current_thread")]
async fn an_outline_longer_than_the_slot_is_flagged_and_fixing_it_clears_the_finding() {
    let client = browser().await;
    let editor = open_app_with(&client, OVER_TIME).await;
    let checks = wait_for_role(&client, "region", "Checks").await;
    let finding = wait_until("the over-time finding", || async {
        let el = checks
            .find(Locator::Css("[data-rule='outline.over-time']"))
            .await
            .ok()?;
        Some(el)
    })
    .await;
    let text = text_of(&finding).await;
    assert!(
        text.contains("40"),
        "the finding names the outline's 40 minutes: {text}"
    );

    // "Show in preview" paints the passage (the CSS highlight registry holds it).
    finding
        .find(Locator::Css("button"))
        .await
        .expect("a Show in preview button")
        .click()
        .await
        .expect("click");
    let painted = client
        .execute("return CSS.highlights.has('talkback-focus') ? CSS.highlights.get('talkback-focus').size : 0;", vec![])
        .await
        .expect("read highlights");
    assert_eq!(
        painted,
        serde_json::json!(1),
        "the passage is highlighted in the preview"
    );

    let fixed = OVER_TIME.replace("(15 min)", "(5 min)").replace(
        "Publishing a release (10 min)",
        "Publishing a release (5 min)",
    );
    paste(&client, &editor, &fixed).await;
    wait_until("the finding to clear", || async {
        let gone = checks
            .find(Locator::Css("[data-rule='outline.over-time']"))
            .await
            .is_err();
        gone.then_some(())
    })
    .await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn conference_limits_are_editable_and_kept() {
    let client = browser().await;
    open_app_with(&client, OVER_TIME).await;
    let checks = wait_for_role(&client, "region", "Checks").await;
    assert!(
        checks
            .find(Locator::Css("[data-rule='title.too-long']"))
            .await
            .is_err(),
        "PyCon's 100 characters fit"
    );
    client
        .find(Locator::Css(".profile-editor summary"))
        .await
        .expect("the limits")
        .click()
        .await
        .expect("open");
    let limit = wait_for_role(&client, "spinbutton", "Longest title (characters)").await;
    paste(&client, &limit, "10").await;
    wait_until("the too-long finding", || async {
        checks
            .find(Locator::Css("[data-rule='title.too-long']"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    talkback_e2e::wait_for_stored(
        &client,
        "talkback.profile.v1",
        "the limits to be saved",
        |v| v.contains("title=10\n"),
    )
    .await;
    client.refresh().await.expect("reload");
    let checks = wait_for_role(&client, "region", "Checks").await;
    wait_until("the limit to be kept after a reload", || async {
        checks
            .find(Locator::Css("[data-rule='title.too-long']"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    client.close().await.ok();
}

/// Issue 16: a `Notes for reviewers` heading followed by the rest of the proposal.
const NOTES_FIRST: &str = "# Lazy data pipelines with generators\n\nDuration: 30 minutes\n\n## Notes for reviewers\n\nI gave a shorter version at a local meetup.\n\n**Description**\n\nGenerators let a Python program read a huge log file in constant memory.\n\nOutline:\n- Why memory runs out (5 min)\n- Generator functions (10 min)\n- Composing a pipeline (10 min)\n- Questions (5 min)\n";

#[tokio::test(flavor = "current_thread")]
async fn an_outline_after_the_notes_heading_is_found_and_shared() {
    let client = browser().await;
    open_app_with(&client, NOTES_FIRST).await;
    let checks = wait_for_role(&client, "region", "Checks").await;
    // Wait for the checks of this draft (not those of the empty page before the paste):
    // "description is short" can only be said once the description after the notes is read.
    wait_until("the checks of the pasted draft", || async {
        checks
            .find(Locator::Css("[data-rule='description.too-short']"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    assert!(
        checks
            .find(Locator::Css("[data-rule='outline.missing']"))
            .await
            .is_err(),
        "the outline after the notes is detected"
    );
    assert!(
        checks
            .find(Locator::Css("[data-rule='description.missing']"))
            .await
            .is_err(),
        "the description after the notes is detected"
    );
    // The speaker's link carries the proposal as shared, outline included.
    let (url, _) = create_share_links(&client).await;
    let reader = browser().await;
    reader.goto(&url).await.expect("open the link");
    let feedback = wait_for_role(&reader, "region", "Feedback").await;
    let text = wait_until("the shared proposal", || async {
        let text = text_of(&feedback).await;
        text.contains("Composing a pipeline").then_some(text)
    })
    .await;
    assert!(text.contains("Why memory runs out"), "{text}");
    assert!(text.contains("constant memory"), "{text}");
    assert!(
        !text.contains("local meetup"),
        "notes for reviewers stay out of the link: {text}"
    );
    reader.close().await.ok();
    client.close().await.ok();
}
