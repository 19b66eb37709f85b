//! End-to-end: the one-file build (`dist/talkback.html`) works from `file://`, offline.

use talkback_e2e::{
    browser, paste_proposal, share_review, site_url, text_of, wait_for_role, wait_until,
};

#[tokio::test(flavor = "current_thread")]
async fn the_one_file_build_works_when_opened_from_disk() {
    let dist = std::env::var("TALKBACK_DIST")
        .expect("TALKBACK_DIST is not set: run with `cargo xtask test`");
    let file = std::path::Path::new(&dist).join("talkback.html");
    assert!(file.is_file(), "cargo xtask dist writes {}", file.display());
    let client = browser().await;
    client
        .goto(&format!("file://{}", file.display()))
        .await
        .expect("open the file");
    paste_proposal(&client, "# Offline on a train\n\nNo network *needed*.").await;
    let preview = wait_for_role(&client, "region", "Preview").await;
    wait_until("the preview to render from file://", || async {
        let html = preview.html(true).await.ok()?;
        html.contains("<em>needed</em>").then_some(())
    })
    .await;
    let requests = client
        .execute(
            "return performance.getEntriesByType('resource').map((e) => e.name);",
            vec![],
        )
        .await
        .expect("resource entries");
    assert_eq!(
        requests,
        serde_json::json!([]),
        "the one file loads nothing else"
    );
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn a_link_made_in_the_one_file_build_opens_the_same_review_over_http() {
    let dist = std::env::var("TALKBACK_DIST")
        .expect("TALKBACK_DIST is not set: run with `cargo xtask test`");
    let file = std::path::Path::new(&dist).join("talkback.html");
    let file_url = format!("file://{}", file.display());
    let offline = browser().await;
    offline.goto(&file_url).await.expect("open the file");
    paste_proposal(
        &offline,
        "# Reviewing on a Train\n\nDuration: 30 minutes\n\n## Description\n\nNo signal, no server, still a review.",
    )
    .await;
    let link = share_review(
        &offline,
        1,
        &[("Comment for the author", "Written offline, read anywhere.")],
    )
    .await;
    // The link points at the public copy configured at build time, or else nowhere (a
    // bare fragment): never at the file.
    assert!(!link.contains("file:"), "{link}");
    let configured = offline
        .execute(
            "return document.querySelector('meta[name=talkback-base-url]')?.content || '';",
            vec![],
        )
        .await
        .expect("the base-URL meta");
    let base = configured
        .as_str()
        .filter(|b| !b.is_empty())
        .map_or(String::new(), str::to_owned);
    let (link_base, fragment) = link.split_once('#').expect("a fragment");
    assert_eq!(link_base, base, "{link}");
    offline.close().await.ok();

    let online = browser().await;
    online
        .goto(&format!("{}#{fragment}", site_url()))
        .await
        .expect("open the link over HTTP");
    let feedback = text_of(&wait_for_role(&online, "region", "Feedback").await).await;
    for words in [
        "Reviewing on a Train",
        "Written offline, read anywhere.",
        "No signal, no server",
        "+0",
    ] {
        assert!(feedback.contains(words), "{words} in {feedback}");
    }
    online.close().await.ok();
}
