//! End-to-end: a chair pastes an e-mail thread with several feedback links and gets one
//! summary per proposal; a damaged link is listed with its reason.

use serde_json::json;
use talkback_e2e::fantoccini::Locator;
use talkback_e2e::{
    browser, cdp, committee_summary, damage_link, find_by_role, open_app, open_app_with,
    open_combined_link, open_committee, pycon_review, share_url, text_of, wait_for_role,
    wait_until,
};

fn link(proposal: &str, vote: u8, comment: &str) -> String {
    let mut review = pycon_review(vote, comment);
    review.committee_comment = format!("committee-only note {vote}");
    share_url(review, proposal)
}

#[tokio::test(flavor = "current_thread")]
async fn a_pasted_thread_becomes_two_summaries_and_the_damaged_link_is_named() {
    let first = "# Async Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nA gentle start with asyncio.";
    let second = "# Packaging in 2026\n\nDuration: 30 minutes\n\n## Description\n\nWhat changed and what did not.";
    // Votes: +1 (level 0), +1, −1 (level 3) → PyCon score 3 + 3 − 3 = 3.
    let a1 = link(first, 0, "Clear and useful.");
    let a2 = link(first, 0, "I'd go.");
    let a3 = link(first, 3, "Too basic for us.");
    let b1 = link(second, 1, "Fine.");
    let damaged = damage_link(&b1, ('Q', 'R'));
    let thread = format!(
        "From: chair\nHere are the reviews so far:\n\n{a1}\n\n> On Tuesday, Sam wrote:\n> <{a2}>\n\nAnd mine: {a3}.\nSecond talk: {b1}\nThis one came through a redirector: {damaged}&utm_source=mail\n"
    );

    let client = browser().await;
    open_app(&client).await;
    let table = committee_summary(&client, &thread).await;
    let second_table = wait_for_role(&client, "table", "Committee summary 2").await;
    let tables = [text_of(&table).await, text_of(&second_table).await];
    let (async_table, packaging_table) = if tables[0].contains("+0") && !tables[0].contains("−1")
    {
        (&tables[1], &tables[0])
    } else {
        (&tables[0], &tables[1])
    };
    assert!(async_table.contains("Overall vote"), "{async_table}");
    let page = text_of(
        &client
            .find(Locator::Css("main.committee-page"))
            .await
            .unwrap(),
    )
    .await;
    assert!(
        page.contains("PyCon score 3 (+1: 2, +0: 0, −0: 0, −1: 1)"),
        "{page}"
    );
    assert!(
        page.contains("PyCon score 1 (+1: 0, +0: 1, −0: 0, −1: 0)"),
        "{page}"
    );
    assert!(
        page.contains("Reviewers disagree"),
        "+1 and −1 on one proposal: {page}"
    );
    assert!(packaging_table.contains("+0"), "{packaging_table}");
    // Three reviewers on the first proposal, one on the second.
    assert!(async_table.contains("Reviewer C"), "{async_table}");
    assert!(!packaging_table.contains("Reviewer B"), "{packaging_table}");
    let alert = wait_until("the damaged link's reason", || async {
        let a = find_by_role(&client, "alert", "").await?;
        let t = text_of(&a).await;
        t.contains("damaged").then_some(t)
    })
    .await;
    assert!(alert.contains("Link 5"), "{alert}");

    // Exports, made when opened: the author's Markdown has no committee-only words,
    // the CSV holds the table, and the combined link opens as one feedback.
    let mut async_group = None;
    for section in client
        .find_all(Locator::Css("section.committee-group"))
        .await
        .unwrap()
    {
        if text_of(&section).await.contains("Async Without Tears") {
            async_group = Some(section);
        }
    }
    let async_group = async_group.expect("a summary for the first proposal");
    async_group
        .find(Locator::Css("details.exports > summary"))
        .await
        .expect("its Exports")
        .click()
        .await
        .expect("open the exports");
    let markdown = wait_for_role(
        &client,
        "textbox",
        "Feedback for the author (Markdown, for an e-mail)",
    )
    .await;
    let markdown = markdown.prop("value").await.unwrap().unwrap_or_default();
    for comment in ["Clear and useful.", "I'd go.", "Too basic for us."] {
        assert!(markdown.contains(comment), "{comment} in {markdown}");
    }
    assert!(!markdown.contains("committee-only"), "{markdown}");
    let csv = wait_for_role(&client, "textbox", "Table as CSV").await;
    let csv = csv.prop("value").await.unwrap().unwrap_or_default();
    assert!(csv.lines().any(|l| l.starts_with("Overall vote")), "{csv}");
    let (author, feedback) = open_combined_link(client).await;
    for comment in ["Clear and useful.", "I'd go.", "Too basic for us."] {
        assert!(feedback.contains(comment), "{comment} in {feedback}");
    }
    assert!(!feedback.contains("committee-only"), "{feedback}");
    author.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn links_from_a_text_file_and_blind_calibration() {
    let mine = "# Async Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nA gentle start with asyncio.";
    let other = "# Packaging in 2026\n\n## Description\n\nWhat changed and what did not.";
    let file = std::env::temp_dir().join(format!("talkback-links-{}.txt", std::process::id()));
    std::fs::write(
        &file,
        format!(
            "{}\n{}\n{}\n",
            link(mine, 0, "Yes."),
            link(mine, 3, "No."),
            link(other, 1, "Fine.")
        ),
    )
    .unwrap();

    let client = browser().await;
    // My own review of the same proposal, not finished yet.
    open_app_with(&client, mine).await;
    talkback_e2e::wait_for_saved_draft(&client, mine).await;
    open_committee(&client).await;
    let calibrate = client
        .find(Locator::Css(".committee-input input[type=checkbox]"))
        .await
        .expect("the calibration box");
    calibrate.click().await.expect("turn blind calibration on");
    client
        .find(Locator::Id("links-file"))
        .await
        .expect("the file input")
        .send_keys(&file.display().to_string())
        .await
        .expect("open the file");
    let page = wait_until("the file's links to be read", || async {
        let t = text_of(
            &client
                .find(Locator::Css("main.committee-page"))
                .await
                .ok()?,
        )
        .await;
        t.contains("3 links found").then_some(t)
    })
    .await;
    assert!(
        page.contains("hidden until your own review of it is complete"),
        "{page}"
    );
    // The other proposal is not hidden (it is the second summary, by title).
    wait_for_role(&client, "table", "Committee summary 2").await;
    let tables = client
        .find_all(Locator::Css("table.committee-table"))
        .await
        .unwrap();
    assert_eq!(
        tables.len(),
        1,
        "only the proposal I am not reviewing is shown"
    );
    assert!(text_of(&tables[0]).await.contains("+0"));
    std::fs::remove_file(&file).ok();
    client.close().await.ok();
}

/// A paste of many new links is read half in the page and half in a Web Worker. The
/// summary must be the same when the worker works, when it fails to load, when it never
/// answers (the page gives up waiting after 3 s), and in a browser without workers (the
/// page then reads every link itself).
#[tokio::test(flavor = "current_thread")]
async fn many_links_read_with_the_worker_without_it_and_when_it_fails_give_one_summary() {
    let first = "# Async Without Tears\n\n## Description\n\nA gentle start with asyncio.";
    let second = "# Packaging in 2026\n\n## Description\n\nWhat changed and what did not.";
    let mut thread = String::from("Reviews:\n");
    for (i, vote) in [0, 0, 1, 3].into_iter().enumerate() {
        thread.push_str(&format!(
            "{}\n",
            link(first, vote, &format!("First, reviewer {i}."))
        ));
    }
    for (i, vote) in [1, 2, 2, 1].into_iter().enumerate() {
        thread.push_str(&format!(
            "{}\n",
            link(second, vote, &format!("Second, reviewer {i}."))
        ));
    }
    thread.push_str(&damage_link(&link(second, 0, "Lost."), ('Q', 'R')));

    // Counts the worker's answers that carry decoded links (not error messages).
    let counted = r"const W = window.Worker;
        window.workerAnswers = 0;
        window.Worker = class extends W {
          constructor(url, options) {
            super(url, options);
            this.addEventListener('message', (e) => {
              if (e.data[1] instanceof Uint8Array) window.workerAnswers += 1;
            });
          }
        };";
    let failing = r"const W = window.Worker;
        window.Worker = class extends W {
          constructor(url, options) { super('no-such-worker.js', options); }
        };";
    let silent = r"const W = window.Worker;
        window.Worker = class extends W { postMessage() {} };";
    let absent = "delete window.Worker;";
    let mut summaries = Vec::new();
    for (setup, script) in [
        ("worker", counted),
        ("failing worker", failing),
        ("silent worker", silent),
        ("no workers", absent),
    ] {
        let client = browser().await;
        cdp(
            &client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": script }),
        )
        .await;
        open_app(&client).await;
        committee_summary(&client, &thread).await;
        wait_for_role(&client, "table", "Committee summary 2").await;
        let main = client
            .find(Locator::Css("main.committee-page"))
            .await
            .unwrap();
        let text = wait_until("every link read", || async {
            let t = text_of(&main).await;
            t.contains("9 links found, 8 reviews read, 1 could not be read.")
                .then_some(t)
        })
        .await;
        assert!(
            text.contains("PyCon score 4 (+1: 2, +0: 1, −0: 0, −1: 1)"),
            "{setup}: {text}"
        );
        assert!(
            text.contains("PyCon score 0 (+1: 0, +0: 2, −0: 2, −1: 0)"),
            "{setup}: {text}"
        );
        assert!(
            text.contains("Link 9"),
            "{setup}: the damaged link is named: {text}"
        );
        if setup == "worker" {
            let answers = client
                .execute("return window.workerAnswers", vec![])
                .await
                .unwrap();
            assert!(
                answers.as_u64().unwrap_or(0) >= 1,
                "the worker read links: {answers}"
            );
        }
        summaries.push(text);
        client.close().await.ok();
    }
    assert_eq!(summaries[0], summaries[1], "failing worker");
    assert_eq!(summaries[0], summaries[2], "silent worker");
    assert_eq!(summaries[0], summaries[3], "no workers");
}
