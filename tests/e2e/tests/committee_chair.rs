//! End-to-end: the chair reads the committee view right. Three reviewers' PyCon votes are
//! counted per label (no hidden points); the combined letter and speaker link hold the
//! speaker-visible comments only; every reviewer column is reachable at 1,280 and 375 px;
//! and two reviewers' files (one harsh, one generous) rank differently once normalised.

use talkback_core::link::{encode_link, LinkKind, ProposalRef, SharedReview};
use talkback_e2e::fantoccini::{Client, Locator};
use talkback_e2e::{
    browser, committee_summary, open_app, open_combined_link, open_committee, page_widths,
    pycon_review, set_window, share_url, site_url, text_of, wait_for_role, wait_until,
};

const PROPOSAL: &str = "# Async Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nA gentle start with asyncio.";

/// A PyCon review: `vote` (0 is +1, 1 is +0, 3 is −1), a comment for the speaker and a
/// committee-only note.
fn link(vote: u8, speaker: &str) -> String {
    let mut review = pycon_review(vote, speaker);
    review.committee_comment = format!("committee-only note {vote}");
    share_url(review, PROPOSAL)
}

/// Every reviewer column header of the table `name`, once scrolled to, lies inside its
/// scroll box and inside the window; the page itself never scrolls sideways.
async fn assert_reviewer_columns_reachable(client: &Client, name: &str, width: u32) {
    set_window(client, width, 900).await;
    let table = wait_for_role(client, "table", name).await;
    let el = serde_json::to_value(&table).expect("element as JSON");
    let found = client
        .execute(
            "const [table] = arguments;
             const box = table.closest('.table-scroll').getBoundingClientRect();
             return [...table.querySelectorAll('thead th.reviewer-col')].map(th => {
                 th.scrollIntoView({ block: 'nearest', inline: 'nearest' });
                 const r = th.getBoundingClientRect();
                 const inBox = r.left >= box.left - 1 && r.right <= box.right + 1;
                 const inWindow = r.left >= -1 && r.right <= window.innerWidth + 1;
                 return th.textContent + ':' + (inBox && inWindow);
             });",
            vec![el],
        )
        .await
        .expect("reviewer columns");
    let found: Vec<String> = serde_json::from_value(found).expect("a list");
    assert_eq!(
        found.len(),
        3,
        "three reviewer columns at {width} px: {found:?}"
    );
    for column in &found {
        assert!(
            column.ends_with(":true"),
            "at {width} px, not reachable: {column}"
        );
    }
    let (scroll, inner) = page_widths(client).await;
    assert!(
        scroll <= inner,
        "at {width} px the page scrolls sideways: {scroll} > {inner}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn votes_by_label_a_letter_for_the_speaker_and_every_reviewer_column_reachable() {
    let thread = [
        link(0, "Clear and useful."),
        link(1, "Name the audience."),
        link(3, "Too basic for us."),
    ]
    .join("\n");
    let client = browser().await;
    set_window(&client, 1280, 900).await;
    open_app(&client).await;
    let table = text_of(&committee_summary(&client, &thread).await).await;
    // One vote per label, in the rubric's own labels; no mean, SD or points of votes.
    assert!(table.contains("+1: 1 · +0: 1 · −1: 1"), "{table}");
    for hidden_points in ["Mean", "SD", "2.49", "0.33", "points", "Weighted total"] {
        assert!(!table.contains(hidden_points), "{hidden_points} in {table}");
    }

    // Comments grouped by audience: the speaker's and the committee's both shown.
    // Groups (not landmarks: every summary has both), found by their accessible names.
    let group = |name: &'static str| {
        let client = client.clone();
        async move {
            let css = format!(".committee-comments[role=group][aria-label=\"{name}\"]");
            text_of(&client.find(Locator::Css(&css)).await.expect(name)).await
        }
    };
    let speaker = group("Comments for the speaker").await;
    let committee = group("For the committee only").await;
    for comment in [
        "Clear and useful.",
        "Name the audience.",
        "Too basic for us.",
    ] {
        assert!(speaker.contains(comment), "{comment} in {speaker}");
    }
    assert!(!speaker.contains("committee-only"), "{speaker}");
    assert!(committee.contains("committee-only note 3"), "{committee}");

    assert_reviewer_columns_reachable(&client, "Committee summary", 1280).await;
    assert_reviewer_columns_reachable(&client, "Committee summary", 375).await;
    set_window(&client, 1280, 900).await;

    // The combined letter and the combined speaker link: speaker-visible parts only.
    client
        .find(Locator::Css(
            "section.committee-group details.exports > summary",
        ))
        .await
        .expect("the summary's Exports")
        .click()
        .await
        .expect("open the exports");
    let letter = wait_for_role(
        &client,
        "textbox",
        "Feedback for the author (Markdown, for an e-mail)",
    )
    .await
    .prop("value")
    .await
    .unwrap()
    .unwrap_or_default();
    for comment in [
        "Clear and useful.",
        "Name the audience.",
        "Too basic for us.",
    ] {
        assert!(letter.contains(comment), "{comment} in {letter}");
    }
    for secret in ["committee-only", "+1", "total"] {
        assert!(!letter.contains(secret), "{secret} in {letter}");
    }
    let (author, feedback) = open_combined_link(client).await;
    assert!(feedback.contains("Feedback for the speaker"), "{feedback}");
    for comment in [
        "Clear and useful.",
        "Name the audience.",
        "Too basic for us.",
    ] {
        assert!(feedback.contains(comment), "{comment} in {feedback}");
    }
    for wrong in ["committee-only", "total 0", "0 of 7 answered", "**", "## "] {
        assert!(!feedback.contains(wrong), "{wrong} in {feedback}");
    }
    author.close().await.ok();
}

/// One reviewer's file: committee links carrying only the proposal's reference (code and
/// hash), one a line, as the workspace's `Export review links` writes them.
fn reviewer_file(name: &str, votes: &[(&str, u8)]) -> std::path::PathBuf {
    let text: String = votes
        .iter()
        .map(|&(code, vote)| {
            let proposal = format!("# Talk {code}\n\nBody of talk {code}.");
            let shared = SharedReview {
                review: pycon_review(vote, ""),
                proposal: None,
            };
            let reference = ProposalRef::of(&proposal, Some(code));
            encode_link(&shared, LinkKind::CommitteeReview, &reference, &site_url())
                .expect("encode")
                + "\n"
        })
        .collect();
    let path = std::env::temp_dir().join(format!("talkback-{name}-{}.txt", std::process::id()));
    std::fs::write(&path, text).expect("write the reviewer file");
    path
}

/// The ranking's proposal codes, top first.
async fn ranking_order(client: &Client) -> Vec<String> {
    let table = wait_for_role(client, "table", "Ranking").await;
    let el = serde_json::to_value(&table).expect("element as JSON");
    let codes = client
        .execute(
            "return [...arguments[0].querySelectorAll('tbody th[scope=row] button')].map(b => b.textContent.trim());",
            vec![el],
        )
        .await
        .expect("rows");
    serde_json::from_value(codes).expect("a list")
}

#[tokio::test(flavor = "current_thread")]
async fn a_harsh_and_a_generous_reviewer_file_rank_differently_once_normalised() {
    // Harsh: P1 −0, P2 −1. Generous: P3 +1, P4 +0. Raw: P3, P4, P1, P2. Normalised,
    // P1 is the harsh reviewer's best, as good as P3; P4 the generous one's worst.
    let harsh = reviewer_file("harsh", &[("P1", 2), ("P2", 3)]);
    let generous = reviewer_file("generous", &[("P3", 0), ("P4", 1)]);
    let client = browser().await;
    set_window(&client, 1280, 900).await;
    open_app(&client).await;
    open_committee(&client).await;
    client
        .find(Locator::Id("links-file"))
        .await
        .expect("the file input")
        .send_keys(&format!("{}\n{}", harsh.display(), generous.display()))
        .await
        .expect("open both files");
    wait_until("both files' links to be read", || async {
        let t = text_of(
            &client
                .find(Locator::Css("main.committee-page"))
                .await
                .ok()?,
        )
        .await;
        (t.contains("4 links found") && t.contains("Reviewer file 2")).then_some(())
    })
    .await;
    let by = wait_for_role(&client, "combobox", "Sort by").await;
    by.select_by_label("Mean").await.expect("sort by mean");
    let raw = wait_until("the raw ranking", || async {
        let order = ranking_order(&client).await;
        (order.len() == 4 && order[0] == "Proposal P3").then_some(order)
    })
    .await;
    let at = |order: &[String], code: &str| {
        order
            .iter()
            .position(|t| t == &format!("Proposal {code}"))
            .unwrap_or_else(|| panic!("{code} in {order:?}"))
    };
    assert!(
        at(&raw, "P4") < at(&raw, "P1"),
        "raw: the generous reviewer's +0 above the harsh one's −0: {raw:?}"
    );

    wait_for_role(&client, "checkbox", "Rank by normalised scores")
        .await
        .click()
        .await
        .expect("rank by normalised scores");
    let normalised = wait_until("the normalised ranking", || async {
        let order = ranking_order(&client).await;
        (order.len() == 4 && at(&order, "P1") < at(&order, "P4")).then_some(order)
    })
    .await;
    assert!(
        at(&normalised, "P1") < 2,
        "P1 joins the top: {normalised:?}"
    );
    assert!(
        at(&normalised, "P2") > 1,
        "P2 stays at the bottom: {normalised:?}"
    );
    let page = text_of(
        &client
            .find(Locator::Css("main.committee-page"))
            .await
            .unwrap(),
    )
    .await;
    assert!(
        page.contains("Normalised scores take out each reviewer's harshness"),
        "{page}"
    );

    // A row opens its summary; a decision is kept and exported.
    wait_for_role(&client, "button", "Proposal P1")
        .await
        .click()
        .await
        .expect("open P1");
    let decision = wait_for_role(&client, "combobox", "Decision for Proposal P1").await;
    decision.select_by_label("accept").await.expect("accept P1");
    wait_until("the decision to be stored", || async {
        let v = client
            .execute(
                "return localStorage.getItem('talkback.committee-decisions.v1')",
                vec![],
            )
            .await
            .ok()?;
        v.as_str()?.contains("P1\taccept").then_some(())
    })
    .await;
    std::fs::remove_file(&harsh).ok();
    std::fs::remove_file(&generous).ok();
    client.close().await.ok();
}
