//! End-to-end: files as the second channel, and links that never point at `file://`.
//! From the one-file build opened from disk, no link made contains `file:`; with a hosted
//! address set, links point there; a `.talkback` file really downloaded (Chromium's own
//! download, through DevTools) opens to the same review with `Open a file`; bad files get
//! a clear message and lose nothing.

use std::path::{Path, PathBuf};

use serde_json::json;
use talkback_e2e::fantoccini::{Client, Locator};
use talkback_e2e::{
    browser, cdp, open_app, page_text_and_values, paste_proposal, share_review, site_url, text_of,
    type_into, wait_for_alert, wait_for_role, wait_until,
};

const PROPOSAL: &str = "# Reviewing on a Train\n\nDuration: 30 minutes\n\n## Description\n\nNo signal, no server, still a review.";

fn one_file_url() -> String {
    let dist = std::env::var("TALKBACK_DIST")
        .expect("TALKBACK_DIST is not set: run with `cargo xtask test`");
    let file = Path::new(&dist).join("talkback.html");
    assert!(file.is_file(), "cargo xtask dist writes {}", file.display());
    format!("file://{}", file.display())
}

/// An empty folder of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("talkback-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

async fn link_value(client: &Client) -> String {
    wait_for_role(client, "textbox", "Link for the speaker")
        .await
        .prop("value")
        .await
        .expect("value")
        .expect("a link")
}

/// Picks `path` in the page's hidden file input, as the `Open a file` picker does.
async fn open_file(client: &Client, path: &Path) {
    wait_for_role(client, "button", "Open a file").await;
    client
        .find(Locator::Css("input[type=file]"))
        .await
        .expect("the file input behind Open a file")
        .send_keys(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("pick the file");
}

#[tokio::test(flavor = "current_thread")]
async fn from_file_no_link_points_at_the_disk_and_a_set_hosted_address_is_used() {
    let file_url = one_file_url();
    let client = browser().await;
    client.goto(&file_url).await.expect("open the file");
    let notice = page_text_and_values(&client).await;
    assert!(
        notice.contains("can be read and changed by any other HTML file"),
        "the one-file build says what local storage means: {notice}"
    );
    paste_proposal(&client, PROPOSAL).await;
    let link = share_review(
        &client,
        1,
        &[("Comment for the author", "Written offline, read anywhere.")],
    )
    .await;
    assert!(!link.contains("file:"), "{link}");
    let built = client
        .execute(
            "return document.querySelector('meta[name=talkback-base-url]')?.content || '';",
            vec![],
        )
        .await
        .expect("the base-URL meta");
    let built = built.as_str().unwrap_or_default().to_owned();
    if !built.is_empty() {
        // Built with TALKBACK_BASE_URL: links point there and nothing is asked.
        assert!(link.starts_with(&built), "{link}");
        client.close().await.ok();
        return;
    }
    assert!(
        link.starts_with('#'),
        "a bare fragment until an address is set: {link}"
    );
    let page = page_text_and_values(&client).await;
    assert!(page.contains("No web address yet"), "{page}");
    assert!(!page.contains("file:"), "no local path on the page: {page}");

    // A local address is refused, in words.
    type_into(&client, "Hosted address", "file:///home/ann/talkback.html").await;
    wait_for_role(&client, "button", "Use this address")
        .await
        .click()
        .await
        .expect("submit the address");
    wait_for_alert(&client, "not a web address").await;
    assert!(link_value(&client).await.starts_with('#'));

    // A hosted address is used for the link at once, and shown beside it.
    let hosted = site_url();
    let field = wait_for_role(&client, "textbox", "Hosted address").await;
    field.clear().await.expect("clear the field");
    field.send_keys(&hosted).await.expect("type the address");
    wait_for_role(&client, "button", "Use this address")
        .await
        .click()
        .await
        .expect("submit the address");
    let link = wait_until("the link to point at the hosted address", || async {
        let link = link_value(&client).await;
        link.starts_with(&hosted).then_some(link)
    })
    .await;
    let page = page_text_and_values(&client).await;
    assert!(page.contains(&format!("Opens at {hosted}")), "{page}");
    assert!(!page.contains("file:"), "{page}");

    // It is asked once: after a reload, links still point there.
    client.goto(&file_url).await.expect("open the file again");
    paste_proposal(&client, PROPOSAL).await;
    let again = share_review(&client, 1, &[]).await;
    assert!(again.starts_with(&hosted), "{again}");
    client.close().await.ok();

    // And the link opens the review on the hosted site.
    let online = browser().await;
    online.goto(&link).await.expect("open the link");
    let feedback = text_of(&wait_for_role(&online, "region", "Feedback").await).await;
    assert!(
        feedback.contains("Written offline, read anywhere."),
        "{feedback}"
    );
    online.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn a_file_downloaded_from_the_one_file_build_opens_to_the_same_review() {
    let downloads = scratch("downloads");
    let offline = browser().await;
    offline.goto(&one_file_url()).await.expect("open the file");
    cdp(
        &offline,
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": downloads.to_str().expect("UTF-8") }),
    )
    .await;
    paste_proposal(&offline, PROPOSAL).await;
    share_review(
        &offline,
        1,
        &[("Comment for the author", "Sent as a file, read anywhere.")],
    )
    .await;
    // The first `Download as file` is the speaker link's.
    let link = link_value(&offline).await;
    wait_for_role(&offline, "button", "Download as file")
        .await
        .click()
        .await
        .expect("download the file");
    let saved = downloads.join("speaker-feedback.talkback");
    let text = wait_until("the download to finish", || async {
        std::fs::read_to_string(&saved)
            .ok()
            .filter(|t| t.ends_with('\n'))
    })
    .await;
    let fragment = link.split_once('#').expect("a fragment").1;
    assert_eq!(text, format!("talkback-file 1\n{fragment}\n"));
    assert!(!text.contains("file:"), "no address in the file: {text}");
    let status = page_text_and_values(&offline).await;
    assert!(
        status.contains("Saved as speaker-feedback.talkback"),
        "{status}"
    );
    offline.close().await.ok();

    // Opened in a fresh browser on the hosted site, the file shows the review that the
    // link shows.
    let by_file = browser().await;
    open_app(&by_file).await;
    open_file(&by_file, &saved).await;
    let from_file = text_of(&wait_for_role(&by_file, "region", "Feedback").await).await;
    for words in [
        "Reviewing on a Train",
        "Sent as a file, read anywhere.",
        "No signal, no server",
    ] {
        assert!(from_file.contains(words), "{words} in {from_file}");
    }
    by_file.close().await.ok();
    let by_link = browser().await;
    by_link
        .goto(&format!("{}#{fragment}", site_url()))
        .await
        .expect("open the link");
    let from_link = text_of(&wait_for_role(&by_link, "region", "Feedback").await).await;
    assert_eq!(from_file, from_link, "the file and the link show the same");
    by_link.close().await.ok();
    let _ = std::fs::remove_dir_all(&downloads);
}

#[tokio::test(flavor = "current_thread")]
async fn a_wrong_or_damaged_file_is_refused_in_words_and_the_draft_is_kept() {
    let dir = scratch("bad-files");
    let client = browser().await;
    open_app(&client).await;
    paste_proposal(&client, PROPOSAL).await;
    let link = share_review(&client, 1, &[]).await;
    let fragment = link.split_once('#').expect("a fragment").1.to_owned();
    // One character changed in the middle of the payload.
    let mut damaged = fragment.clone().into_bytes();
    let middle = damaged.len() / 2;
    damaged[middle] = if damaged[middle] == b'A' { b'B' } else { b'A' };
    let damaged = String::from_utf8(damaged).expect("ASCII");
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("empty.talkback", Vec::new(), "This file is empty"),
        (
            "photo.talkback",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "This is not a Talkback file",
        ),
        (
            "damaged.talkback",
            format!("talkback-file 1\n{damaged}\n").into_bytes(),
            "changed or damaged",
        ),
        (
            "newer.talkback",
            format!("talkback-file 9\n{fragment}\n").into_bytes(),
            "newer version of Talkback",
        ),
        (
            "huge.talkback",
            format!("talkback-file 1\n{}\n", "A".repeat(40_000)).into_bytes(),
            "too large",
        ),
    ];
    for (name, bytes, words) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write the file");
        open_file(&client, &path).await;
        let alert = wait_for_alert(&client, words).await;
        assert!(alert.contains("This file cannot be opened."), "{alert}");
        wait_for_role(&client, "button", "Start a new review")
            .await
            .click()
            .await
            .expect("dismiss");
    }
    let draft = wait_for_role(&client, "textbox", "Proposal")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert_eq!(draft, PROPOSAL, "the draft is untouched");
    client.close().await.ok();
    let _ = std::fs::remove_dir_all(&dir);
}
