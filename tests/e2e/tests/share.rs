//! End-to-end: share links carry the review to another browser; damaged links are
//! refused in words; the shared proposal is redacted.

use serde_json::json;
use talkback_e2e::fantoccini::Locator;
use talkback_e2e::{
    browser, cdp, create_share_link, damage_link, find_by_role, open_app_with, paste_proposal,
    share_review, site_url, text_of, vote, wait_for_alert, wait_for_role, wait_until,
};

const PROPOSAL: &str = "# Typing Python Faster\n\nDuration: 30 minutes\n\n## Description\n\nHi, I'm Ada Quill (ada.quill@example.org, https://github.com/adaquill) and I will show how type hints speed up real code reviews.\n\n## Speaker names\n\nAda Quill\n";

#[tokio::test(flavor = "current_thread")]
async fn a_link_made_in_one_browser_opens_the_same_review_in_another() {
    let author = browser().await;
    open_app_with(&author, PROPOSAL).await;
    let url = share_review(
        &author,
        0,
        &[
            (
                "Comment for the author",
                "Great topic; add timings to the outline.",
            ),
            ("Comment on Overall vote", "I'd champion it."),
        ],
    )
    .await;
    assert!(url.starts_with(&site_url()), "{url}");
    assert!(url.contains('#'));
    let copy = wait_for_role(&author, "button", "Copy committee link").await;
    copy.click().await.expect("copy");
    author.close().await.ok();

    let reader = browser().await;
    reader.goto(&url).await.expect("open the link");
    let feedback = wait_for_role(&reader, "region", "Feedback").await;
    let text = text_of(&feedback).await;
    assert!(
        text.contains("Great topic; add timings to the outline."),
        "{text}"
    );
    assert!(text.contains("I'd champion it."), "{text}");
    assert!(
        text.contains("+1"),
        "the vote is shown with its label: {text}"
    );
    assert!(
        text.contains("Typing Python Faster"),
        "the proposal is included: {text}"
    );
    // Redacted by default: the speaker's name, e-mail and profile are not in the link.
    assert!(
        !text.contains("Ada Quill")
            && !text.contains("ada.quill@")
            && !text.contains("github.com/adaquill"),
        "{text}"
    );
    // The fragment is removed from the address bar once the review is read.
    let address = reader.current_url().await.expect("url");
    assert_eq!(address.fragment(), None, "{address}");
    reader.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn a_damaged_link_shows_the_alert_and_keeps_the_draft() {
    let client = browser().await;
    open_app_with(&client, "# My own draft\n\nStill here after a bad link.").await;
    vote(&client, 0).await;
    let url = create_share_link(&client).await;
    talkback_e2e::wait_for_saved_draft(&client, "# My own draft\n\nStill here after a bad link.")
        .await;
    // Change one character in the middle of the payload.
    let damaged = damage_link(&url, ('A', 'B'));
    client.goto("about:blank").await.expect("leave");
    client.goto(&damaged).await.expect("open the damaged link");
    let alert = wait_for_alert(&client, "cannot be opened").await;
    assert!(
        alert.contains("damaged") || alert.contains("changed"),
        "{alert}"
    );
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    let draft = wait_until("the draft", || async {
        let v = editor.prop("value").await.ok()??;
        (!v.is_empty()).then_some(v)
    })
    .await;
    assert_eq!(draft, "# My own draft\n\nStill here after a bad link.");
    wait_for_role(&client, "button", "Start a new review")
        .await
        .click()
        .await
        .expect("dismiss");
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn redact_all_keeps_the_speaker_out_of_the_shared_proposal() {
    let client = browser().await;
    open_app_with(
        &client,
        "# Fast Tests\n\nDuration: 30 minutes\n\n## Description\n\nBy Grace Hopwood. Write to grace@hopwood.dev or see github.com/ghopwood for the slides; tests should be fast.\n",
    )
    .await;
    wait_for_role(&client, "textbox", "Speaker names")
        .await
        .send_keys("Grace Hopwood")
        .await
        .expect("names");
    let region = wait_for_role(&client, "region", "Blind-review check").await;
    let kinds = wait_until("three kinds of findings", || async {
        let items = region.find_all(Locator::Css("li[data-kind]")).await.ok()?;
        let mut kinds = Vec::new();
        for item in items {
            kinds.push(item.attr("data-kind").await.ok()??);
        }
        (kinds.len() >= 3).then_some(kinds)
    })
    .await;
    for kind in ["Name", "E-mail address"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "a {kind} finding: {kinds:?}"
        );
    }
    assert!(
        kinds.iter().any(|k| k == "Link" || k == "Handle"),
        "a GitHub profile finding: {kinds:?}"
    );
    wait_for_role(&client, "button", "Redact all")
        .await
        .click()
        .await
        .expect("redact all");
    let url = create_share_link(&client).await;
    let reader = browser().await;
    reader.goto(&url).await.expect("open");
    let feedback = wait_for_role(&reader, "region", "Feedback").await;
    let text = text_of(&feedback).await;
    for leak in ["Grace", "Hopwood", "grace@hopwood.dev", "ghopwood"] {
        assert!(
            !text.contains(leak),
            "{leak} leaked into the shared proposal: {text}"
        );
    }
    assert!(
        text.contains("tests should be fast"),
        "the rest of the proposal is there: {text}"
    );
    reader.close().await.ok();
    client.close().await.ok();
}

/// Issue 18's defect, in the single-review page: a proposal pasted over a reviewed one
/// asks whose review is on the page, and a fresh review leaves none of A's scores for B's
/// link.
#[tokio::test(flavor = "current_thread")]
async fn pasting_another_proposal_over_a_review_asks_before_the_review_is_reused() {
    let client = browser().await;
    open_app_with(
        &client,
        "# Fast Python\n\nDuration: 30 minutes\n\n## Description\n\nProfiling before \
         optimising, with three case studies from real code.",
    )
    .await;
    vote(&client, 0).await;
    paste_proposal(
        &client,
        "# Packaging without tears\n\nDuration: 30 minutes\n\n## Description\n\nWheels, sdists \
         and lock files for people who just want their code to install.",
    )
    .await;
    let fresh = wait_for_role(&client, "button", "Start a fresh review").await;
    let question = talkback_e2e::page_text_and_values(&client).await;
    assert!(
        question.contains("your review of “Fast Python”"),
        "the question names the proposal reviewed: {question}"
    );
    fresh.click().await.expect("start a fresh review");
    let checked = wait_until("the scores to clear", || async {
        let v = client
            .execute(
                "return document.querySelectorAll('[role=radiogroup] input:checked').length",
                vec![],
            )
            .await
            .ok()?;
        (v == serde_json::json!(0)).then_some(v)
    })
    .await;
    assert_eq!(checked, serde_json::json!(0));
    assert!(
        find_by_role(&client, "button", "Start a fresh review")
            .await
            .is_none(),
        "the question is gone once answered"
    );
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn a_link_says_it_is_opening_until_its_feedback_shows() {
    let author = browser().await;
    open_app_with(&author, "# Opening Slowly\n\nA proposal to share.").await;
    vote(&author, 0).await;
    let url = create_share_link(&author).await;
    author.close().await.ok();

    // The app's wasm held back: what a speaker sees while it comes.
    let reader = browser().await;
    cdp(&reader, "Network.enable", json!({})).await;
    cdp(
        &reader,
        "Network.setBlockedURLs",
        json!({ "urls": ["*.wasm"] }),
    )
    .await;
    reader.goto(&url).await.expect("open the link");
    let opening = || async {
        for status in reader.find_all(Locator::Css("[role=status]")).await.ok()? {
            if status.text().await.ok()? == "Opening the link…" {
                return Some(status);
            }
        }
        None
    };
    let status = wait_until("the opening status", opening).await;
    assert!(status.is_displayed().await.expect("displayed"));
    let title = reader
        .find(Locator::Css("h1"))
        .await
        .expect("the page's heading");
    assert_eq!(title.text().await.expect("text"), "Talkback");

    // Once the app runs, its feedback takes the place of the status.
    cdp(&reader, "Network.setBlockedURLs", json!({ "urls": [] })).await;
    reader.refresh().await.expect("reload");
    let feedback = wait_for_role(&reader, "region", "Feedback").await;
    assert!(text_of(&feedback).await.contains("Opening Slowly"));
    if let Some(status) = opening().await {
        assert!(
            !status.is_displayed().await.expect("displayed"),
            "still opening"
        );
    }
    reader.close().await.ok();
}
