//! End-to-end: a link travels to a phone as a QR code and to an e-mail as Markdown; the
//! feedback prints as a clean page without controls.

use talkback_core::feedback::review_markdown;
use talkback_core::link::decode;
use talkback_core::qr::qr_code;
use talkback_e2e::fantoccini::{Client, Locator};
use talkback_e2e::{browser, cdp, open_app_with, share_review, text_of, wait_for_role, wait_until};

const PROPOSAL: &str = "# Caching Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nHow to cache in a web app and when to stop: [the slides](https://example.org/slides).\n";

/// Replaces the clipboard API with one that keeps what the page writes, so the test
/// can read exactly what a reviewer would paste.
async fn capture_clipboard(client: &Client) {
    client
        .execute(
            "window.__copied = [];
             navigator.clipboard.writeText = (t) => { window.__copied.push(t); return Promise.resolve(); };",
            vec![],
        )
        .await
        .expect("stub the clipboard");
}

async fn last_copied(client: &Client) -> String {
    wait_until("something copied", || async {
        let v = client
            .execute("return window.__copied.at(-1) ?? null;", vec![])
            .await
            .ok()?;
        v.as_str().map(str::to_owned)
    })
    .await
}

/// Writes a review (a vote, comments for the author and the committee) and makes its
/// link; returns the link.
async fn review_and_share(client: &Client) -> String {
    open_app_with(client, PROPOSAL).await;
    share_review(
        client,
        0,
        &[
            (
                "Comment for the author",
                "Lovely topic; show one real cache bug.",
            ),
            (
                "Comment for the committee",
                "Secret: a strong accept from me.",
            ),
        ],
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_share_panel_copies_markdown_and_draws_the_links_qr_code() {
    let client = browser().await;
    let url = review_and_share(&client).await;
    capture_clipboard(&client).await;

    wait_for_role(&client, "button", "Copy committee link")
        .await
        .click()
        .await
        .expect("copy the link");
    assert_eq!(last_copied(&client).await, url);

    wait_for_role(&client, "button", "Copy as Markdown")
        .await
        .click()
        .await
        .expect("copy as Markdown");
    let markdown = wait_until("the Markdown", || async {
        let t = last_copied(&client).await;
        (t != url).then_some(t)
    })
    .await;
    let shared = decode(&url).expect("the link decodes");
    assert_eq!(markdown, review_markdown(&shared));
    assert!(
        markdown.starts_with("# Feedback on “Caching Without Tears”"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Lovely topic; show one real cache bug."),
        "{markdown}"
    );
    assert!(
        !markdown.contains("Secret"),
        "no committee-only words: {markdown}"
    );

    client
        .find(Locator::Css("details.qr-details > summary"))
        .await
        .expect("the QR code disclosure")
        .click()
        .await
        .expect("open it");
    let code = wait_for_role(&client, "image", "QR code of the share link").await;
    let drawn = code
        .find(Locator::Css("path"))
        .await
        .expect("the modules")
        .attr("d")
        .await
        .expect("d")
        .expect("a path");
    // The QR code carries the speaker's link (a phone is where the speaker reads it).
    let speaker = wait_for_role(&client, "textbox", "Link for the speaker")
        .await
        .prop("value")
        .await
        .expect("value")
        .expect("the speaker link");
    let expected = qr_code(&speaker).expect("a link this short fits");
    assert_eq!(
        drawn, expected.path,
        "the code drawn is the code of this link"
    );
    let width = code.attr("width").await.expect("width").expect("a width");
    assert_eq!(
        width,
        expected.pixels().to_string(),
        "sized for the link's length"
    );
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_feedback_prints_without_controls_and_copies_as_markdown() {
    let author = browser().await;
    let url = review_and_share(&author).await;
    author.close().await.ok();

    let reader = browser().await;
    reader.goto(&url).await.expect("open the link");
    let feedback = wait_for_role(&reader, "region", "Feedback").await;
    capture_clipboard(&reader).await;
    wait_for_role(&reader, "button", "Copy as Markdown")
        .await
        .click()
        .await
        .expect("copy");
    let markdown = last_copied(&reader).await;
    assert_eq!(markdown, review_markdown(&decode(&url).expect("decodes")));
    assert!(wait_for_role(&reader, "button", "Print")
        .await
        .is_displayed()
        .await
        .unwrap());

    cdp(
        &reader,
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "print" }),
    )
    .await;
    let visible_controls = reader
        .execute(
            "return [...document.querySelectorAll('button, textarea, input, select, summary, nav')]
                 .filter((e) => e.getClientRects().length > 0)
                 .map((e) => e.outerHTML.slice(0, 80));",
            vec![],
        )
        .await
        .expect("controls");
    assert_eq!(
        visible_controls,
        serde_json::json!([]),
        "no controls on paper"
    );
    let printed = text_of(&feedback).await;
    for words in [
        "Caching Without Tears",
        "Overall vote",
        "Lovely topic; show one real cache bug.",
        "How to cache in a web app",
    ] {
        assert!(printed.contains(words), "{words} on paper: {printed}");
    }
    let colours = reader
        .execute(
            "const s = getComputedStyle(document.body); return [s.color, getComputedStyle(document.documentElement).backgroundColor];",
            vec![],
        )
        .await
        .expect("colours");
    assert_eq!(
        colours,
        serde_json::json!(["rgb(0, 0, 0)", "rgb(255, 255, 255)"]),
        "black on white"
    );
    reader.close().await.ok();
}
