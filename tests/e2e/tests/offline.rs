//! End-to-end: the one-file build (`dist/talkback.html`) works from `file://`, offline.

use talkback_e2e::{browser, paste, wait_for_role, wait_until};

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
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(
        &client,
        &editor,
        "# Offline on a train\n\nNo network *needed*.",
    )
    .await;
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
