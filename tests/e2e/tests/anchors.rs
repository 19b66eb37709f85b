//! End-to-end: a comment anchored to a passage survives edits elsewhere and shows as
//! detached when its passage is deleted.

use talkback_e2e::fantoccini::{Client, Locator};
use talkback_e2e::{
    browser, open_app_with, paste, select_in_preview, text_of, wait_for_role, wait_until,
};

const DRAFT: &str = "# Profiling for Humans\n\nDuration: 30 minutes\n\n## Description\n\nWe start from a slow web page.\n\nThen we read a flame graph together and find the one loop that matters.\n\nFinally we fix it.\n";

async fn anchor_status(client: &Client) -> String {
    let item = client
        .find(Locator::Css(".anchors .anchor-list li"))
        .await
        .expect("the anchored comment");
    item.attr("data-status")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[tokio::test(flavor = "current_thread")]
async fn an_anchored_comment_follows_its_passage_and_detaches_when_it_is_gone() {
    let client = browser().await;
    let editor = open_app_with(&client, DRAFT).await;
    select_in_preview(&client, "read a flame graph together").await;
    let comment = wait_for_role(&client, "textbox", "Comment on the selected passage").await;
    comment
        .send_keys("Show the flame graph early: it's the hook.")
        .await
        .expect("type");
    wait_for_role(&client, "button", "Add comment")
        .await
        .click()
        .await
        .expect("add");
    wait_until("the comment to be listed", || async {
        client
            .find(Locator::Css(".anchors .anchor-list li"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    assert_eq!(anchor_status(&client).await, "attached");
    let painted = client
        .execute("return CSS.highlights.has('talkback-anchors') ? CSS.highlights.get('talkback-anchors').size : 0", vec![])
        .await
        .unwrap();
    assert_eq!(painted, serde_json::json!(1), "the passage is highlighted");

    // An edit elsewhere: the comment stays attached.
    let edited = DRAFT.replace(
        "We start from a slow web page.",
        "We start from a painfully slow Django page and a stopwatch.",
    );
    paste(&client, &editor, &edited).await;
    let preview = wait_for_role(&client, "region", "Preview").await;
    wait_until("the edit in the preview", || async {
        text_of(&preview)
            .await
            .contains("painfully slow Django page")
            .then_some(())
    })
    .await;
    assert_eq!(anchor_status(&client).await, "attached");

    // The passage deleted: detached, and still listed.
    let removed = edited.replace(
        "Then we read a flame graph together and find the one loop that matters.\n\n",
        "",
    );
    paste(&client, &editor, &removed).await;
    wait_until("the comment to show as detached", || async {
        (anchor_status(&client).await == "detached").then_some(())
    })
    .await;
    let kept = wait_for_role(&client, "textbox", "Comment on passage 1").await;
    assert_eq!(
        kept.prop("value").await.unwrap().as_deref(),
        Some("Show the flame graph early: it's the hook."),
        "never silently dropped"
    );
    client.close().await.ok();
}
