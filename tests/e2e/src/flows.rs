//! The flows the tests share: what a reviewer or a chair does in the app, step by step,
//! always finding controls by role and accessible name. Each step waits for what it
//! needs, so a test reads as the story of a visit.

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use talkback_core::link::{encode, SharedReview};
use talkback_core::rubric::preset;
use talkback_core::scoring::Review;

use crate::{find_all_by_role, open_app, paste, site_url, text_of, wait_for_role, wait_until};

/// Pastes `text` into the Proposal textbox (waiting for it) and returns the textbox.
pub async fn paste_proposal(client: &Client, text: &str) -> Element {
    let editor = wait_for_role(client, "textbox", "Proposal").await;
    paste(client, &editor, text).await;
    editor
}

/// Opens the app and pastes `text` as the proposal; returns the Proposal textbox.
pub async fn open_app_with(client: &Client, text: &str) -> Element {
    open_app(client).await;
    paste_proposal(client, text).await
}

/// Picks example number `index` in "Try an example" and waits until the Preview shows
/// it (more than 200 characters of text).
pub async fn load_example(client: &Client, index: usize) {
    let picker = wait_for_role(client, "combobox", "Try an example").await;
    picker
        .select_by_index(index)
        .await
        .expect("pick an example");
    let preview = wait_for_role(client, "region", "Preview").await;
    wait_until("the example in the preview", || async {
        (text_of(&preview).await.len() > 200).then_some(())
    })
    .await;
}

/// Votes on the first criterion by clicking its level `level` (with the PyCon
/// screening rubric: 0 is +1, 1 is +0, 2 is −0, 3 is −1), and waits until the radio is
/// checked.
///
/// Right after a paste the checks and blind-review findings arrive ~150 ms later (the
/// analysis waits for a pause in typing) and push the scoring panel down (by 111 px on
/// `share.rs`'s proposal at 1,280 px). WebDriver's click finds the element's middle and
/// then presses there in separate steps; a shift between them puts the click elsewhere
/// and the vote is lost (once, under heavy load: a link "0 of 7 answered"). So the
/// click waits until the radio has stayed put for 300 ms, and a lost vote fails here.
pub async fn vote(client: &Client, level: u8) {
    let radio = client
        .find(Locator::Css(&format!(
            "input[name=crit-0][value='{level}']"
        )))
        .await
        .unwrap_or_else(|e| panic!("no level {level} of the first criterion: {e}"));
    let settle = r"
        const [el, done] = arguments;
        el.scrollIntoView({ block: 'center' });
        let last = null, since = performance.now();
        const started = since;
        (function tick() {
            const r = el.getBoundingClientRect();
            const at = r.top + ',' + r.left;
            if (at !== last) { last = at; since = performance.now(); }
            const now = performance.now();
            if (now - since >= 300 || now - started > 5000) done(true);
            else requestAnimationFrame(tick);
        })();
    ";
    let el = serde_json::to_value(&radio).expect("element as JSON");
    client
        .execute_async(settle, vec![el])
        .await
        .expect("wait for the scoring panel to settle");
    radio.click().await.expect("vote");
    wait_until(
        &format!("level {level} of the first criterion checked"),
        || async { (radio.prop("checked").await.ok()?.as_deref() == Some("true")).then_some(()) },
    )
    .await;
}

/// Types `text` (as key presses) into the textbox named `name`, waiting for it.
pub async fn type_into(client: &Client, name: &str, text: &str) {
    wait_for_role(client, "textbox", name)
        .await
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("cannot type into {name:?}: {e}"));
}

/// Clicks "Create share link" and returns the link shown in the "Link for the committee"
/// textbox: the whole review (see [`create_share_links`] for the speaker's too).
pub async fn create_share_link(client: &Client) -> String {
    create_share_links(client).await.1
}

/// Clicks "Create share link" and returns `(speaker link, committee link)`, the values of
/// the "Link for the speaker" and "Link for the committee" textboxes.
pub async fn create_share_links(client: &Client) -> (String, String) {
    wait_for_role(client, "button", "Create share link")
        .await
        .click()
        .await
        .expect("create a share link");
    let mut links = Vec::new();
    for name in ["Link for the speaker", "Link for the committee"] {
        links.push(
            wait_for_role(client, "textbox", name)
                .await
                .prop("value")
                .await
                .expect("value")
                .expect("a link"),
        );
    }
    let committee = links.pop().unwrap_or_default();
    (links.pop().unwrap_or_default(), committee)
}

/// Scores the draft on the page: votes `level` on the first criterion, types each
/// `(textbox name, text)` comment, then creates the share link and returns it.
pub async fn share_review(client: &Client, level: u8, comments: &[(&str, &str)]) -> String {
    vote(client, level).await;
    for &(name, text) in comments {
        type_into(client, name, text).await;
    }
    create_share_link(client).await
}

/// Opens the Committee view from the navigation; returns its "Feedback links" textbox.
pub async fn open_committee(client: &Client) -> Element {
    wait_for_role(client, "button", "Committee")
        .await
        .click()
        .await
        .expect("open the committee view");
    wait_for_role(client, "textbox", "Feedback links").await
}

/// Opens the Committee view, pastes `thread` (text holding feedback links) and waits for
/// the first summary table, which it returns.
pub async fn committee_summary(client: &Client, thread: &str) -> Element {
    let input = open_committee(client).await;
    paste(client, &input, thread).await;
    wait_for_role(client, "table", "Committee summary").await
}

/// Waits for an alert whose text contains `words`; returns the alert's text.
pub async fn wait_for_alert(client: &Client, words: &str) -> String {
    wait_until(&format!("an alert saying {words:?}"), || async {
        for alert in find_all_by_role(client, "alert", "").await {
            let text = text_of(&alert).await;
            if text.contains(words) {
                return Some(text);
            }
        }
        None
    })
    .await
}

/// Opens the custom rubric editor ("Make a custom rubric"); returns its "Rubric name"
/// textbox.
pub async fn open_rubric_editor(client: &Client) -> Element {
    wait_for_role(client, "button", "Make a custom rubric")
        .await
        .click()
        .await
        .expect("open the rubric editor");
    wait_for_role(client, "textbox", "Rubric name").await
}

/// Opens the rubric editor's import/export section.
pub async fn open_rubric_import(client: &Client) {
    client
        .find(Locator::Css(".rubric-json summary"))
        .await
        .expect("the import/export section")
        .click()
        .await
        .expect("open it");
}

/// Types `json` into the open import box of the rubric editor and clicks Import.
pub async fn import_rubric_json(client: &Client, json: &str) {
    type_into(client, "Paste a rubric's JSON to import it", json).await;
    wait_for_role(client, "button", "Import")
        .await
        .click()
        .await
        .expect("import");
}

/// The link with one character of its fragment changed (the middle one, to `a`, or to
/// `b` if it already is `a`), so its checksum no longer matches.
pub fn damage_link(link: &str, (a, b): (char, char)) -> String {
    let (base, payload) = link.split_once('#').expect("a fragment");
    let mut chars: Vec<char> = payload.chars().collect();
    let mid = chars.len() / 2;
    chars[mid] = if chars[mid] == a { b } else { a };
    format!("{base}#{}", chars.into_iter().collect::<String>())
}

/// A review with the PyCon US screening rubric: `vote` on the first criterion (0 is +1)
/// and a comment for the author.
pub fn pycon_review(vote: u8, author_comment: &str) -> Review {
    let rubric = preset("pycon-us-screening", 1).expect("preset");
    let mut review = Review::for_rubric(&rubric);
    review.answers[0] = Some(vote);
    review.author_comment = author_comment.into();
    review
}

/// The share link of `review` with `proposal`, pointing at the site under test.
pub fn share_url(review: Review, proposal: &str) -> String {
    encode(
        &SharedReview {
            review,
            proposal: Some(proposal.into()),
        },
        &site_url(),
    )
    .expect("encode")
}

/// Selects `needle` inside the Preview, as a mouse drag would.
pub async fn select_in_preview(client: &Client, needle: &str) {
    // The preview follows typing a frame later (or, after a burst of keystrokes, once
    // they pause), so the passage is looked for until it is there.
    wait_until(&format!("{needle:?} in the preview"), || async {
        let found = client
            .execute(
                r"const [needle] = arguments;
                  const root = document.querySelector('[aria-label=Preview]');
                  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                  while (walker.nextNode()) {
                    const node = walker.currentNode;
                    const at = node.data.indexOf(needle);
                    if (at >= 0) {
                      const range = document.createRange();
                      range.setStart(node, at);
                      range.setEnd(node, at + needle.length);
                      const sel = getSelection();
                      sel.removeAllRanges();
                      sel.addRange(range);
                      return true;
                    }
                  }
                  return false;",
                vec![serde_json::json!(needle)],
            )
            .await
            .expect("select text in the preview");
        (found == serde_json::json!(true)).then_some(())
    })
    .await;
}
