//! End-to-end: the reviewer's workspace (issue 18). A pretalx export of 50 proposals is
//! imported; reviewing shows no speaker name; three are scored through `Next unreviewed`
//! with the keyboard (J); a reload keeps the progress; `Export review links` gives a file
//! the committee view reads as three reviews. `New review` never carries the last
//! review over; a backup restored into a workspace that changed since loses nothing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};
use talkback_e2e::fantoccini::{Client, Locator};
use talkback_e2e::{
    browser, cdp, click, open_app, page_text_and_values, paste, paste_proposal, site_url, vote,
    wait_for_role, wait_for_saved_draft, wait_until,
};

/// This repository's fixtures (canonical: ChromeDriver refuses `..` in a picked path).
fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(path)
        .canonicalize()
        .expect("the fixture")
}

/// Answers every required criterion of the PyCon US screening rubric (the vote and the
/// four standards), so the review is complete.
async fn score_fully(client: &Client) {
    vote(client, 0).await;
    // A click on a panel that re-renders under it (the checks run after a pause) can be
    // lost: click each answer until all five are chosen.
    wait_until("every required criterion answered", || async {
        let mut chosen = 0;
        for criterion in 0..5 {
            let radio = client
                .find(Locator::Css(&format!(
                    "input[name=crit-{criterion}][value='0']"
                )))
                .await
                .ok()?;
            if radio.prop("checked").await.ok().flatten().as_deref() == Some("true") {
                chosen += 1;
            } else {
                let _ = radio.click().await;
            }
        }
        (chosen == 5).then_some(())
    })
    .await;
}

/// An empty folder of this test's own (downloads land there).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("talkback-e2e-ws-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

async fn allow_downloads(client: &Client, dir: &Path) {
    cdp(
        client,
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": dir.to_str().expect("UTF-8") }),
    )
    .await;
}

async fn downloaded(path: &Path) -> String {
    wait_until("the download to finish", || async {
        std::fs::read_to_string(path).ok().filter(|t| !t.is_empty())
    })
    .await
}

/// Clicks the export button `button` and returns the file it saved as `name` (in a
/// download folder of its own, so that exporting twice never reads the older file).
async fn export_and_read(client: &Client, button: &str, name: &str) -> String {
    let dir = scratch(&format!(
        "export-{}",
        EXPORTS.fetch_add(1, Ordering::Relaxed)
    ));
    allow_downloads(client, &dir).await;
    click(client, button).await;
    let text = downloaded(&dir.join(name)).await;
    let _ = std::fs::remove_dir_all(&dir);
    text
}

static EXPORTS: AtomicUsize = AtomicUsize::new(0);

/// Picks `path` in the file input behind the button named `button`.
async fn pick(client: &Client, button: &str, path: &Path) {
    wait_for_role(client, "button", button).await;
    client
        .find(Locator::XPath(&format!(
            "//button[normalize-space(.)='{button}']/following-sibling::input[@type='file']"
        )))
        .await
        .unwrap_or_else(|e| panic!("the file input behind {button:?}: {e}"))
        .send_keys(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("pick the file");
}

/// Waits (up to 10 s) until the page says `words`; on a timeout the failure shows the
/// lines that mention progress. (The index is in IndexedDB now, not `localStorage`.)
async fn wait_for_text(client: &Client, words: &str) -> String {
    let started = std::time::Instant::now();
    loop {
        let text = page_text_and_values(client).await;
        if text.contains(words) {
            return text;
        }
        if started.elapsed() > std::time::Duration::from_secs(10) {
            let said: Vec<&str> = text.lines().filter(|l| l.contains("reviewed")).collect();
            panic!("timed out waiting for the page to say {words:?}; it says {said:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The rows of the `Proposals` table.
async fn rows(client: &Client) -> usize {
    wait_for_role(client, "table", "Proposals").await;
    client
        .find_all(Locator::Css("table[aria-label=Proposals] tbody tr"))
        .await
        .map_or(0, |r| r.len())
}

/// Clicks `New review` and waits for the empty editor.
async fn new_review(client: &Client) {
    click(client, "New review").await;
    wait_until("an empty editor", || async {
        proposal_text(client).await.is_empty().then_some(())
    })
    .await;
}

async fn proposal_text(client: &Client) -> String {
    wait_for_role(client, "textbox", "Proposal")
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// The 50-proposal pretalx fixture whose proposals are all under review.
const FIFTY: &str = "exports/pretalx-under-review-50.json";

/// Opens `Proposals` and imports the 50-proposal pretalx fixture through the picker.
async fn import_fifty(client: &Client) {
    click(client, "Proposals").await;
    let file = fixture(FIFTY);
    pick(client, "Import proposals", &file).await;
    wait_for_text(client, "Imported: 50 added").await;
}

#[tokio::test(flavor = "current_thread")]
async fn fifty_imported_three_reviewed_with_the_keyboard_and_exported_as_links() {
    let file = fixture(FIFTY);
    let export: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("the fixture")).unwrap();
    let results = export["results"].as_array().expect("results");
    let names: Vec<&str> = results
        .iter()
        .flat_map(|r| r["speakers"].as_array().into_iter().flatten())
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        names.len() >= 50 && results.iter().all(|r| r["state"] == "submitted"),
        "the fixture as described in its README: all fifty under review"
    );

    let downloads = scratch("links");
    let client = browser().await;
    open_app(&client).await;
    allow_downloads(&client, &downloads).await;
    import_fifty(&client).await;
    assert_eq!(
        rows(&client).await,
        50,
        "every proposal is listed, withdrawn ones too"
    );
    let list = page_text_and_values(&client).await;
    assert!(list.contains("0 of 50 reviewed"), "{list}");

    // Review three through the queue: the button once, then J from the scoring panel.
    click(&client, "Next unreviewed").await;
    let mut seen = Vec::new();
    for round in 0..3 {
        let text = wait_until("an imported proposal in the editor", || async {
            let t = proposal_text(&client).await;
            (!t.is_empty() && !seen.contains(&t)).then_some(t)
        })
        .await;
        let page = page_text_and_values(&client).await;
        for name in &names {
            assert!(
                !page.contains(name),
                "speaker {name:?} is visible while reviewing"
            );
        }
        seen.push(text);
        score_fully(&client).await;
        if round < 2 {
            client
                .find(Locator::Css("input[name=crit-4][value='0']"))
                .await
                .expect("the radio just chosen")
                .send_keys("j")
                .await
                .expect("press J");
        }
    }

    // The list counts them; after a reload the progress is kept, in the review view and
    // the list.
    let progress = "3 of 50 reviewed";
    click(&client, "Proposals").await;
    wait_for_text(&client, progress).await;
    client.goto(&site_url()).await.expect("reload");
    wait_for_text(&client, progress).await;
    click(&client, "Proposals").await;
    wait_for_text(&client, progress).await;
    assert_eq!(rows(&client).await, 50);

    click(&client, "Export review links").await;
    let links = downloaded(&downloads.join("review-links.txt")).await;
    assert_eq!(links.lines().count(), 3, "{links}");
    for name in &names {
        assert!(!links.contains(name), "the links carry no speaker");
    }

    // Scores out and back: the pretalx-shaped review CSV and HotCRP's forms; the forms
    // imported back give the same scores (the same CSV), and a choice edited in a form
    // changes exactly that review.
    let csv = export_and_read(&client, "Export review CSV", "review-scores.csv").await;
    assert_eq!(csv.lines().count(), 4, "a header and three reviews: {csv}");
    assert!(csv.starts_with("ID,Proposal title,"), "{csv}");
    let forms_file = scratch("forms").join("hotcrp-review-forms.txt");
    let forms = export_and_read(&client, "Export HotCRP forms", "hotcrp-review-forms.txt").await;
    assert_eq!(forms.matches("==+== Begin Review #").count(), 3, "{forms}");
    for name in &names {
        assert!(!forms.contains(name), "the forms carry no speaker");
    }
    std::fs::write(&forms_file, &forms).expect("the forms");
    pick(&client, "Import HotCRP forms", &forms_file).await;
    wait_for_text(&client, "Read 3 review forms.").await;
    let again = export_and_read(&client, "Export review CSV", "review-scores.csv").await;
    assert_eq!(again, csv, "the forms read back give the same scores");
    let choice = "Enter the number of your choice:\n\n1\n";
    assert!(forms.contains(choice), "{forms}");
    let edited = forms.replacen(choice, "Enter the number of your choice:\n\n2\n", 1);
    std::fs::write(&forms_file, &edited).expect("the edited forms");
    pick(&client, "Import HotCRP forms", &forms_file).await;
    wait_for_text(&client, "Read 3 review forms.").await;
    let edited_csv = export_and_read(&client, "Export review CSV", "review-scores.csv").await;
    let differing = csv
        .lines()
        .zip(edited_csv.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(differing, 1, "one review changed: {csv}\n---\n{edited_csv}");

    // The chair's committee view reads the file as three reviews.
    click(&client, "Committee").await;
    let input = wait_for_role(&client, "textbox", "Feedback links").await;
    paste(&client, &input, &links).await;
    wait_for_text(&client, "3 links found, 3 reviews read").await;
    let _ = std::fs::remove_dir_all(&downloads);
    client.close().await.ok();
}

const A: &str = "# Proposal A\n\n## Description\n\nThe first proposal, reviewed first.";
const B: &str = "# Proposal B\n\n## Description\n\nThe second proposal, reviewed after A.";
const C: &str = "# Proposal C\n\n## Description\n\nAdded after the backup.";

#[tokio::test(flavor = "current_thread")]
async fn a_new_review_starts_empty_and_a_restore_loses_nothing() {
    let downloads = scratch("backup");
    let client = browser().await;
    open_app(&client).await;
    allow_downloads(&client, &downloads).await;
    paste_proposal(&client, A).await;
    score_fully(&client).await;

    new_review(&client).await;
    let checked = client
        .find_all(Locator::Css("input[type=radio]:checked"))
        .await
        .map_or(0, |c| c.len());
    assert_eq!(checked, 0, "B starts with no scores");
    paste_proposal(&client, B).await;
    wait_for_saved_draft(&client, B).await;

    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 2);
    let list = page_text_and_values(&client).await;
    assert!(
        list.contains("Proposal A") && list.contains("Proposal B"),
        "{list}"
    );
    assert!(
        list.contains("1 of 2 reviewed"),
        "A is still reviewed: {list}"
    );

    click(&client, "Back up workspace").await;
    let backup = downloads.join("talkback-workspace.jsonl");
    downloaded(&backup).await;

    // The workspace changes after the backup: C is added.
    new_review(&client).await;
    paste_proposal(&client, C).await;
    wait_for_saved_draft(&client, C).await;

    click(&client, "Proposals").await;
    pick(&client, "Restore workspace", &backup).await;
    wait_for_text(&client, "Restored:").await;
    assert_eq!(
        rows(&client).await,
        3,
        "the restore kept C and wiped nothing"
    );
    let list = page_text_and_values(&client).await;
    for title in ["Proposal A", "Proposal B", "Proposal C"] {
        assert!(list.contains(title), "{title} after the restore: {list}");
    }
    // A is opened from the list with its review.
    client
        .find(Locator::XPath(
            "//table//button[normalize-space(.)='Proposal A']",
        ))
        .await
        .expect("A's row")
        .click()
        .await
        .expect("open A");
    wait_until("A in the editor", || async {
        (proposal_text(&client).await == A).then_some(())
    })
    .await;
    let checked = client
        .find_all(Locator::Css("input[type=radio]:checked"))
        .await
        .map_or(0, |c| c.len());
    assert_eq!(checked, 5, "A's review is kept");
    let _ = std::fs::remove_dir_all(&downloads);
    client.close().await.ok();
}

/// An index that cannot be read (damaged, or from a newer version) once made the next
/// start begin a new workspace over it, orphaning every item; the items are kept under
/// their own keys, so the workspace is rebuilt from them.
#[tokio::test(flavor = "current_thread")]
async fn a_damaged_index_loses_no_proposal() {
    let client = browser().await;
    open_app(&client).await;
    import_fifty(&client).await;
    // The index lives in IndexedDB (database `talkback`, store `kv`) since w7's
    // `localStorage` store moved there.
    let damaged = client
        .execute_async(
            "const done = arguments[0];
             const open = indexedDB.open('talkback', 1);
             open.onerror = () => done('not opened');
             open.onsuccess = () => {
                 const tx = open.result.transaction('kv', 'readwrite');
                 tx.objectStore('kv').put('{\"seed\": damaged', 'talkback.workspace.v1');
                 tx.oncomplete = () => done('damaged');
                 tx.onerror = () => done('not written');
             };",
            vec![],
        )
        .await
        .expect("damage the index");
    assert_eq!(damaged, json!("damaged"));
    client.goto(&site_url()).await.expect("reload");
    click(&client, "Proposals").await;
    assert_eq!(
        rows(&client).await,
        50,
        "every imported proposal is still listed"
    );
    client.close().await.ok();
}

/// Two proposals as a Markdown export: the first names its speaker in its description.
const BEFORE: &str = "# Engines for everyone\n\nCode: ENG-1\nSpeakers: Ada Lovelace\n\n\
## Description\n\nThis talk is by Ada Lovelace, who built the engine it shows.\n\n\
# Looms\n\nCode: ENG-2\nSpeakers: Charles Babbage\n\n## Description\n\nPunched cards.\n";

/// The same export later: the first proposal revised, the second withdrawn.
const AFTER: &str = "# Engines for everyone\n\nCode: ENG-1\nSpeakers: Ada Lovelace\n\n\
## Description\n\nThis talk is by Ada Lovelace, who built the engine it shows. Revised.\n\n\
# Looms\n\nCode: ENG-2\nState: withdrawn\nSpeakers: Charles Babbage\n\n## Description\n\nPunched cards.\n";

/// Drops a file named `name` holding `text` on the `Proposals` view, as a file dragged
/// from the desktop would be.
async fn drop_file(client: &Client, name: &str, text: &str) {
    let script = r"
        const [name, text] = arguments;
        const data = new DataTransfer();
        data.items.add(new File([text], name, { type: 'text/markdown' }));
        const target = document.querySelector('main.proposals table') || document.querySelector('main.proposals');
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    ";
    client
        .execute(script, vec![json!(name), json!(text)])
        .await
        .expect("drop the file");
}

#[tokio::test(flavor = "current_thread")]
async fn an_imported_speaker_is_flagged_unseen_and_a_dropped_update_marks_the_changes() {
    let client = browser().await;
    open_app(&client).await;
    import_pasted(&client, BEFORE, "Imported: 2 added").await;

    // Blind: the list names it by its code, the text hides the name, and the
    // blind-review check still flags where the proposal named its speaker.
    client
        .find(Locator::XPath(
            "//table//button[normalize-space(.)='ENG-1']",
        ))
        .await
        .expect("ENG-1's row")
        .click()
        .await
        .expect("open ENG-1");
    editor_contains(&client, "ENG-1 in the editor", "This talk is by [speaker]").await;
    let page = wait_for_text(&client, "1 found, 1 to redact").await;
    for hidden in ["Ada", "Lovelace", "Babbage"] {
        assert!(
            !page.contains(hidden),
            "{hidden:?} is visible while reviewing"
        );
    }
    score_fully(&client).await;

    // An updated export dropped on the list: the reviewed proposal changed (its review
    // kept), the other withdrawn.
    click(&client, "Proposals").await;
    wait_for_text(&client, "1 of 2 reviewed").await;
    drop_file(&client, "proposals.md", AFTER).await;
    let list = wait_for_text(&client, "1 updated (1 changed since your review)").await;
    assert!(list.contains("withdrawn"), "{list}");
    assert!(
        list.contains("reviewed, changed since your review"),
        "{list}"
    );
    assert!(
        !list.contains("untouched"),
        "the drop imported, it did not open a link: {list}"
    );
    assert_eq!(rows(&client).await, 2);
    client
        .find(Locator::XPath(
            "//table//button[normalize-space(.)='ENG-1']",
        ))
        .await
        .expect("ENG-1's row")
        .click()
        .await
        .expect("open ENG-1");
    let page = wait_for_text(&client, "Revised.").await;
    assert!(page.contains("changed since your review"), "{page}");
    let checked = client
        .find_all(Locator::Css("input[type=radio]:checked"))
        .await
        .map_or(0, |c| c.len());
    assert_eq!(checked, 5, "the review is kept");
    client.close().await.ok();
}

/// The text in the `Proposal` editor once it is not empty.
async fn shown_text(client: &Client) -> String {
    wait_until("a proposal in the editor", || async {
        let t = proposal_text(client).await;
        (!t.is_empty()).then_some(t)
    })
    .await
}

/// Opens the app, types `text` and waits for it to be listed as the one item.
async fn first_item(client: &Client, text: &str) {
    open_app(client).await;
    let editor = wait_for_role(client, "textbox", "Proposal").await;
    paste(client, &editor, text).await;
    click(client, "Proposals").await;
    assert_eq!(rows(client).await, 1, "the first item");
}

/// Proposal A as the first item, open on its review page with `text` pasted over it.
async fn first_item_edited(client: &Client, text: &str) {
    first_item(client, A).await;
    click(client, "Review").await;
    let editor = wait_for_role(client, "textbox", "Proposal").await;
    paste(client, &editor, text).await;
}

/// "# Shared talk\n\nFirst tab." made in this tab, then edited to "… Second tab." in a
/// second tab on the same item; back in this tab, on its review page.
async fn edited_in_a_second_tab(client: &Client) {
    first_item(client, "# Shared talk\n\nFirst tab.").await;
    let first = second_tab(client).await;
    let editor = wait_for_role(client, "textbox", "Proposal").await;
    assert_eq!(shown_text(client).await, "# Shared talk\n\nFirst tab.");
    paste(client, &editor, "# Shared talk\n\nSecond tab.").await;
    client.switch_to_window(first).await.expect("back");
    click(client, "Review").await;
}

/// Waits until the editor's text contains `part` (`what` names the wait when it fails).
async fn editor_contains(client: &Client, what: &str, part: &str) {
    wait_until(what, || async {
        proposal_text(client).await.contains(part).then_some(())
    })
    .await;
}

/// Opens the app in a second tab; returns the first tab.
async fn second_tab(client: &Client) -> talkback_e2e::fantoccini::wd::WindowHandle {
    let first = talkback_e2e::new_tab(client).await;
    open_app(client).await;
    first
}

/// Whether the page shows the other-tab choice now.
async fn other_tab_notice(client: &Client) -> bool {
    page_text_and_values(client)
        .await
        .contains("changed in another tab")
}

/// A page of an earlier version (w7) kept its workspace in `localStorage`: an index and
/// one key per item, the open item mirrored in the single draft's key. The first start
/// moves it into IndexedDB: every item is listed, the open one shows with its latest
/// text, the old keys go once IndexedDB holds them, and a reload still has everything.
#[tokio::test(flavor = "current_thread")]
async fn a_workspace_kept_in_local_storage_moves_to_indexeddb_losing_nothing() {
    use talkback_core::workspace::backup::{item_to_json, Index};
    use talkback_core::workspace::{Item, Source};
    let alpha = Item::new(11, Source::Pasted, "# Alpha talk\n\nFirst words.".into(), 1);
    let beta = Item::new(12, Source::Pasted, "# Beta talk\n\nOther words.".into(), 2);
    let index = Index {
        seed: 7,
        next: 2,
        open: Some(11),
        ids: vec![11, 12],
    };
    let client = browser().await;
    open_app(&client).await;
    client
        .execute(
            "localStorage.clear(); sessionStorage.clear();
             localStorage.setItem('talkback.workspace.v1', arguments[0]);
             localStorage.setItem('talkback.item.11', arguments[1]);
             localStorage.setItem('talkback.item.12', arguments[2]);
             localStorage.setItem('talkback.draft.v1', arguments[3]);",
            vec![
                json!(index.to_json()),
                json!(item_to_json(&alpha).unwrap()),
                json!(item_to_json(&beta).unwrap()),
                json!("# Alpha talk\n\nFirst words, edited last."),
            ],
        )
        .await
        .expect("seed w7's keys");
    for visit in ["first start", "reload"] {
        client.goto(&site_url()).await.expect("open");
        assert_eq!(
            shown_text(&client).await,
            "# Alpha talk\n\nFirst words, edited last.",
            "{visit}: the open item with its latest text"
        );
        click(&client, "Proposals").await;
        assert_eq!(rows(&client).await, 2, "{visit}: every item");
        let list = page_text_and_values(&client).await;
        assert!(
            list.contains("Alpha talk") && list.contains("Beta talk"),
            "{list}"
        );
        wait_until("w7's keys to go once IndexedDB holds the items", || async {
            let left = client
                .execute(
                    "return Object.keys(localStorage).filter(k => k === 'talkback.workspace.v1' || k.startsWith('talkback.item.')).length",
                    vec![],
                )
                .await
                .ok()?;
            (left == json!(0)).then_some(())
        })
        .await;
    }
    client.close().await.ok();
}

/// Two tabs on two items share nothing: neither is offered the other's text, each
/// keeps its own through a reload, and each lists the other's item (`BroadcastChannel`).
#[tokio::test(flavor = "current_thread")]
async fn two_tabs_on_two_items_never_mix_their_texts() {
    let client = browser().await;
    first_item(&client, "# Tab one's talk\n\nOne.").await;
    let first = second_tab(&client).await;
    assert_eq!(shown_text(&client).await, "# Tab one's talk\n\nOne.");
    new_review(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, "# Tab two's talk\n\nTwo.").await;
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 2, "both items");

    client.switch_to_window(first).await.expect("back");
    wait_until("the first tab to list the second tab's item", || async {
        (rows(&client).await == 2).then_some(())
    })
    .await;
    click(&client, "Proposals").await;
    let text = page_text_and_values(&client).await;
    assert!(!other_tab_notice(&client).await, "{text}");
    client
        .goto(&site_url())
        .await
        .expect("reload the first tab");
    assert_eq!(shown_text(&client).await, "# Tab one's talk\n\nOne.");
    assert!(!other_tab_notice(&client).await, "no choice: another item");
    client.close().await.ok();
}

/// A tab that opens the item another tab is editing shares it: an edit in one offers
/// the other the choice, never an overwrite.
#[tokio::test(flavor = "current_thread")]
async fn two_tabs_on_one_item_get_the_choice() {
    let client = browser().await;
    edited_in_a_second_tab(&client).await;
    wait_until("the other-tab choice", || async {
        other_tab_notice(&client).await.then_some(())
    })
    .await;
    assert_eq!(
        proposal_text(&client).await,
        "# Shared talk\n\nFirst tab.",
        "nothing replaced silently"
    );
    click(&client, "Load the other tab's version").await;
    wait_until("the other tab's text", || async {
        (proposal_text(&client).await == "# Shared talk\n\nSecond tab.").then_some(())
    })
    .await;
    client.close().await.ok();
}

/// With IndexedDB refused (as some private modes and blocked site data do) the
/// workspace is kept in `localStorage`: an import survives a reload.
#[tokio::test(flavor = "current_thread")]
async fn without_indexeddb_the_workspace_is_kept_in_local_storage() {
    let client = browser().await;
    cdp(
        &client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('refused', 'SecurityError'); } });" }),
    )
    .await;
    open_app(&client).await;
    import_fifty(&client).await;
    client.goto(&site_url()).await.expect("reload");
    click(&client, "Proposals").await;
    assert_eq!(
        rows(&client).await,
        50,
        "every imported proposal is still listed"
    );
    client.close().await.ok();
}

/// A reload opens on the item being worked on with its text, a new review included, and
/// never copies one item's text into another.
#[tokio::test(flavor = "current_thread")]
async fn a_reload_opens_the_item_being_worked_on() {
    let client = browser().await;
    first_item(&client, "# First talk\n\nKept.").await;
    new_review(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, "# Second talk\n\nTyped last.").await;
    wait_until("the second item to be kept", || async {
        let keys = client
            .execute(
                "return Object.keys(localStorage).filter(k => k.startsWith('talkback.draft.v1.')).map(k => localStorage.getItem(k))",
                vec![],
            )
            .await
            .ok()?;
        keys.as_array()?
            .iter()
            .any(|v| v == "# Second talk\n\nTyped last.")
            .then_some(())
    })
    .await;
    client.goto(&site_url()).await.expect("reload");
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    assert_eq!(
        editor.prop("value").await.unwrap().unwrap_or_default(),
        "# Second talk\n\nTyped last.",
        "the text is there at the first render"
    );
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 2);
    let list = page_text_and_values(&client).await;
    assert!(
        list.contains("First talk") && list.contains("Second talk"),
        "{list}"
    );
    client.close().await.ok();
}

/// IndexedDB full (the origin's quota made tiny): the page says so, and keeps working.
#[tokio::test(flavor = "current_thread")]
async fn a_full_indexeddb_is_said_plainly() {
    let client = browser().await;
    let origin = url::Url::parse(&site_url())
        .unwrap()
        .origin()
        .ascii_serialization();
    cdp(
        &client,
        "Storage.overrideQuotaForOrigin",
        json!({ "origin": origin, "quotaSize": 1 }),
    )
    .await;
    open_app(&client).await;
    import_fifty(&client).await;
    wait_for_text(&client, "storage for Talkback is full").await;
    assert_eq!(rows(&client).await, 50, "the page keeps working");
    client.close().await.ok();
}

/// Opens a page of the site's origin that is not the app (its stylesheet), so storage can
/// be seeded before the app's first start.
async fn before_first_start(client: &Client) {
    client
        .goto(&format!("{}app.css", site_url()))
        .await
        .expect("the stylesheet");
}

/// The released page (no workspace) keeps one draft and its review in the unnumbered
/// keys. The first start with the workspace makes them one item, open with its review:
/// the page once added the draft twice (the migrated item, then the draft again as a new
/// review), and listed two copies.
#[tokio::test(flavor = "current_thread")]
async fn the_released_pages_single_draft_becomes_one_item_with_its_review() {
    use talkback_core::link::{encode_uncompressed, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;
    let rubric = preset("weighted-categories", 1).expect("preset");
    let mut review = Review::for_rubric(&rubric);
    review.answers = vec![Some(4), None, None, None];
    let review = encode_uncompressed(&SharedReview {
        review,
        proposal: None,
    })
    .expect("the review");
    let draft = "# The single draft\n\nWritten before the workspace.";
    let client = browser().await;
    before_first_start(&client).await;
    client
        .execute(
            "localStorage.clear(); sessionStorage.clear();
             localStorage.setItem('talkback.draft.v1', arguments[0]);
             localStorage.setItem('talkback.review.v1', arguments[1]);",
            vec![json!(draft), json!(review)],
        )
        .await
        .expect("seed the released page's keys");
    for visit in ["first start", "reload"] {
        client.goto(&site_url()).await.expect("open");
        assert_eq!(shown_text(&client).await, draft, "{visit}: the draft shows");
        click(&client, "Proposals").await;
        let list = wait_for_text(&client, "The single draft").await;
        assert_eq!(rows(&client).await, 1, "{visit}: one item, not two: {list}");
        assert!(
            list.contains("in progress"),
            "{visit}: the review kept: {list}"
        );
    }
    client.close().await.ok();
}

/// Deleting the proposal open in the review page leaves the page on a fresh review, and
/// the deleted proposal stays deleted: the page once kept showing its text, and its
/// mirror outlived it, so the next start added it back as a new item.
#[tokio::test(flavor = "current_thread")]
async fn deleting_the_open_proposal_clears_the_review_page_and_stays_deleted() {
    async fn delete(client: &Client) {
        client
            .find(Locator::Css("button[data-delete]"))
            .await
            .expect("the Delete button")
            .click()
            .await
            .expect("delete A");
        wait_for_text(client, "Proposal deleted.").await;
    }
    let client = browser().await;
    first_item(&client, A).await;
    delete(&client).await;
    click(&client, "Undo").await;
    assert_eq!(rows(&client).await, 1, "A is back, once");
    assert!(page_text_and_values(&client).await.contains("Proposal A"));

    click(&client, "Proposal A").await;
    wait_until("A in the editor", || async {
        (proposal_text(&client).await == A).then_some(())
    })
    .await;
    click(&client, "Proposals").await;
    delete(&client).await;
    click(&client, "Review").await;
    wait_until("an empty editor", || async {
        proposal_text(&client).await.is_empty().then_some(())
    })
    .await;
    client.goto(&site_url()).await.expect("reload");
    assert!(
        proposal_text(&client).await.is_empty(),
        "no text after a reload"
    );
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 0, "A stays deleted");
    client.close().await.ok();
}

/// A review whose share link was made is `shared` in the list (the state was never set:
/// a shared review was listed as `reviewed`).
#[tokio::test(flavor = "current_thread")]
async fn a_review_shared_by_link_is_listed_as_shared() {
    let client = browser().await;
    first_item(&client, A).await;
    click(&client, "Review").await;
    score_fully(&client).await;
    click(&client, "Proposals").await;
    wait_for_text(&client, "1 of 1 reviewed").await;
    let list = wait_for_text(&client, "\treviewed\t").await;
    assert!(!list.contains("\tshared\t"), "{list}");
    click(&client, "Review").await;
    talkback_e2e::create_share_links(&client).await;
    click(&client, "Proposals").await;
    wait_for_text(&client, "\tshared\t").await;
    client.goto(&site_url()).await.expect("reload");
    click(&client, "Proposals").await;
    wait_for_text(&client, "\tshared\t").await;
    client.close().await.ok();
}

/// Reloading with a committee link in the address bar (IndexedDB answers after the first
/// render): the link gets its own item, the item being reviewed keeps its text, and
/// opening the link again adds nothing.
#[tokio::test(flavor = "current_thread")]
async fn a_reload_with_a_link_in_the_address_bar_adds_its_item_and_replaces_none() {
    let sender = browser().await;
    open_app(&sender).await;
    paste_proposal(&sender, B).await;
    score_fully(&sender).await;
    let (_, link) = talkback_e2e::create_share_links(&sender).await;
    sender.close().await.ok();

    let client = browser().await;
    first_item(&client, A).await;
    for visit in ["first", "again"] {
        client.goto("about:blank").await.expect("leave");
        client.goto(&link).await.expect("open the link");
        wait_for_role(&client, "region", "Feedback").await;
        click(&client, "Proposals").await;
        let list = wait_for_text(&client, "Proposal B").await;
        assert_eq!(
            rows(&client).await,
            2,
            "{visit}: A and the link's item: {list}"
        );
        assert!(list.contains("Proposal A"), "{visit}: {list}");
        click(&client, "Review").await;
        assert_eq!(proposal_text(&client).await, A, "{visit}: A is untouched");
    }
    client.goto(&site_url()).await.expect("reload");
    assert_eq!(shown_text(&client).await, A);
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 2);
    client.close().await.ok();
}

/// A reload at once after an edit (before the 300 ms autosave): the edit is there and
/// the list has it, in this tab and in a new one.
#[tokio::test(flavor = "current_thread")]
async fn a_reload_right_after_an_edit_keeps_it() {
    let edited = "# Proposal A, edited\n\nChanged just before the reload.";
    let client = browser().await;
    first_item_edited(&client, edited).await;
    client.goto(&site_url()).await.expect("reload");
    assert_eq!(
        shown_text(&client).await,
        edited,
        "the edit after the reload"
    );
    click(&client, "Proposals").await;
    let list = wait_for_text(&client, "Proposal A, edited").await;
    assert_eq!(rows(&client).await, 1, "{list}");
    second_tab(&client).await;
    assert_eq!(shown_text(&client).await, edited, "a new tab opens on it");
    click(&client, "Proposals").await;
    wait_for_text(&client, "Proposal A, edited").await;
    assert_eq!(rows(&client).await, 1);
    client.close().await.ok();
}

/// A reload at once after an import (IndexedDB commits after the import returns), then
/// at once after reviewing one: nothing is lost, and the queue's order is kept.
#[tokio::test(flavor = "current_thread")]
async fn a_reload_right_after_an_import_keeps_every_proposal() {
    let client = browser().await;
    open_app(&client).await;
    import_fifty(&client).await;
    client.goto(&site_url()).await.expect("reload");
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 50, "every proposal after the reload");
    click(&client, "Next unreviewed").await;
    let first = shown_text(&client).await;
    // The reviewer's shuffled order is kept across reloads: the queue starts there again.
    client.goto(&site_url()).await.expect("reload");
    new_review(&client).await;
    click(&client, "Next unreviewed").await;
    assert_eq!(
        shown_text(&client).await,
        first,
        "the same queue after a reload"
    );
    score_fully(&client).await;
    client.goto(&site_url()).await.expect("reload");
    click(&client, "Proposals").await;
    wait_for_text(&client, "1 of 50 reviewed").await;
    // The same export later, two proposals withdrawn: marked, and no longer counted.
    let later = fixture("exports/pretalx-submissions-50.json");
    pick(&client, "Import proposals", &later).await;
    wait_for_text(&client, "2 withdrawn").await;
    wait_for_text(&client, " of 48 reviewed").await;
    assert_eq!(rows(&client).await, 50, "withdrawn ones are still listed");
    client.close().await.ok();
}

/// Pastes `text` into `Paste proposals` and imports it; waits for `said`.
async fn import_pasted(client: &Client, text: &str, said: &str) {
    click(client, "Proposals").await;
    // (The list shows once IndexedDB has answered.)
    wait_for_role(client, "table", "Proposals").await;
    let summary = client
        .find(Locator::XPath(
            "//summary[normalize-space(.)='Paste proposals']",
        ))
        .await
        .expect("Paste proposals");
    if client
        .find(Locator::Css("details[open] #pasted-proposals"))
        .await
        .is_err()
    {
        summary.click().await.expect("open it");
    }
    let input = wait_for_role(client, "textbox", "Proposals to import").await;
    paste(client, &input, text).await;
    click(client, "Import pasted text").await;
    wait_for_text(client, said).await;
}

/// Opens the row named `title` in the list.
async fn open_row(client: &Client, title: &str) {
    click(client, "Proposals").await;
    client
        .find(Locator::XPath(&format!(
            "//table//button[normalize-space(.)='{title}']"
        )))
        .await
        .unwrap_or_else(|e| panic!("{title}'s row: {e}"))
        .click()
        .await
        .expect("open the row");
}

/// A re-import in another tab updates the proposal this tab is reviewing: this tab is
/// offered the choice, and keeping its own version is a choice, never a silent
/// overwrite of the update.
#[tokio::test(flavor = "current_thread")]
async fn a_reimport_in_another_tab_offers_the_choice_to_the_tab_reviewing_it() {
    let client = browser().await;
    open_app(&client).await;
    import_pasted(&client, BEFORE, "Imported: 2 added").await;
    open_row(&client, "ENG-1").await;
    editor_contains(&client, "ENG-1 in the editor", "built the engine it shows.").await;
    let first = second_tab(&client).await;
    open_row(&client, "ENG-2").await;
    editor_contains(&client, "ENG-2 in the editor", "Punched cards.").await;
    import_pasted(&client, AFTER, "1 updated").await;

    client.switch_to_window(first).await.expect("back");
    click(&client, "Review").await;
    wait_until("the other-tab choice", || async {
        other_tab_notice(&client).await.then_some(())
    })
    .await;
    click(&client, "Load the other tab's version").await;
    editor_contains(&client, "the update", "Revised.").await;
    client.close().await.ok();
}

/// The first visit opens an empty review with `Import proposals` in sight; importing
/// there shows the list, which says what was imported. Once proposals are kept the
/// review page no longer offers it (the list does).
#[tokio::test(flavor = "current_thread")]
async fn the_first_visit_offers_import_proposals_beside_the_empty_review() {
    let file = fixture(FIFTY);
    let client = browser().await;
    open_app(&client).await;
    assert!(proposal_text(&client).await.is_empty(), "an empty review");
    pick(&client, "Import proposals", &file).await;
    wait_for_text(&client, "Imported: 50 added").await;
    assert_eq!(rows(&client).await, 50, "the list shows what was imported");
    click(&client, "Review").await;
    wait_for_role(&client, "button", "Next unreviewed").await;
    assert!(
        talkback_e2e::find_by_role(&client, "button", "Import proposals")
            .await
            .is_none(),
        "offered in the list only, once proposals are kept"
    );
    client.close().await.ok();
}

/// HotCRP forms imported in another tab change the review this tab shows: this tab is
/// offered the choice, and loading the other version shows the forms' scores. (It once
/// copied its own review over the forms' at once, and the other tab took that back.)
#[tokio::test(flavor = "current_thread")]
async fn forms_imported_in_another_tab_offer_the_choice_to_the_tab_reviewing_it() {
    let client = browser().await;
    open_app(&client).await;
    import_pasted(&client, BEFORE, "Imported: 2 added").await;
    open_row(&client, "ENG-1").await;
    editor_contains(&client, "ENG-1 in the editor", "built the engine it shows.").await;
    score_fully(&client).await;
    click(&client, "Proposals").await;
    wait_for_text(&client, "1 of 2 reviewed").await;
    let forms = export_and_read(&client, "Export HotCRP forms", "hotcrp-review-forms.txt").await;
    let choice = "Enter the number of your choice:\n\n1\n";
    let edited = forms.replacen(choice, "Enter the number of your choice:\n\n2\n", 1);
    assert_ne!(edited, forms, "{forms}");
    let file = scratch("other-tab-forms").join("forms.txt");
    std::fs::write(&file, &edited).expect("the edited forms");
    click(&client, "Review").await;

    // The second tab moves on to ENG-2 and imports the forms there.
    let first = second_tab(&client).await;
    open_row(&client, "ENG-2").await;
    editor_contains(&client, "ENG-2 in the editor", "Punched cards.").await;
    click(&client, "Proposals").await;
    pick(&client, "Import HotCRP forms", &file).await;
    wait_for_text(&client, "Read 1 review form.").await;

    client.switch_to_window(first).await.expect("back");
    wait_until("the other-tab choice", || async {
        other_tab_notice(&client).await.then_some(())
    })
    .await;
    let edited_choice = "input[name=crit-0][value='1']";
    click(&client, "Load the other tab's version").await;
    wait_until("the forms' score", || async {
        let radio = client.find(Locator::Css(edited_choice)).await.ok()?;
        (radio.prop("checked").await.ok().flatten().as_deref() == Some("true")).then_some(())
    })
    .await;
    // Kept: after a reload the forms' score is still there.
    client.goto(&site_url()).await.expect("reload");
    wait_until("the forms' score after a reload", || async {
        let radio = client.find(Locator::Css(edited_choice)).await.ok()?;
        (radio.prop("checked").await.ok().flatten().as_deref() == Some("true")).then_some(())
    })
    .await;
    let _ = std::fs::remove_dir_all(file.parent().expect("its folder"));
    client.close().await.ok();
}

/// `Reveal speakers` in one tab while another shows the same proposal: the other tab
/// offers the choice (or follows), and ends with the speakers shown, not the
/// placeholders.
#[tokio::test(flavor = "current_thread")]
async fn speakers_revealed_in_another_tab_reach_the_tab_on_the_same_proposal() {
    let client = browser().await;
    open_app(&client).await;
    import_pasted(&client, BEFORE, "Imported: 2 added").await;
    open_row(&client, "ENG-1").await;
    editor_contains(
        &client,
        "ENG-1 in the editor, blind",
        "This talk is by [speaker]",
    )
    .await;
    let first = second_tab(&client).await;
    editor_contains(
        &client,
        "ENG-1 in the second tab",
        "This talk is by [speaker]",
    )
    .await;
    click(&client, "Reveal speakers").await;
    editor_contains(&client, "the speaker shown", "by Ada Lovelace").await;

    client.switch_to_window(first).await.expect("back");
    wait_until("the first tab to show the speaker", || async {
        if other_tab_notice(&client).await {
            click(&client, "Load the other tab's version").await;
        }
        proposal_text(&client)
            .await
            .contains("by Ada Lovelace")
            .then_some(())
    })
    .await;
    assert!(
        talkback_e2e::find_by_role(&client, "button", "Reveal speakers")
            .await
            .is_none(),
        "nothing left to reveal"
    );
    client.close().await.ok();
}

/// Deleting a proposal whose tab was closed leaves nothing of it in the browser (its
/// mirror stayed, and a new tab brought it back as a new proposal); `Undo` brings back
/// what that tab wrote last.
#[tokio::test(flavor = "current_thread")]
async fn a_proposal_deleted_after_its_tab_closed_stays_deleted_and_undo_restores_it() {
    let edited = "# Proposal A\n\n## Description\n\nEdited in a tab closed at once.";
    let client = browser().await;
    first_item(&client, A).await;
    new_review(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, B).await;
    wait_for_saved_draft(&client, B).await;
    click(&client, "Proposals").await;
    wait_until("both listed", || async {
        (rows(&client).await == 2).then_some(())
    })
    .await;

    // A second tab opens A, edits it and is closed.
    let first = second_tab(&client).await;
    open_row(&client, "Proposal A").await;
    wait_until("A in the second tab", || async {
        (proposal_text(&client).await == A).then_some(())
    })
    .await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, edited).await;
    client.close_window().await.expect("close the second tab");
    client.switch_to_window(first).await.expect("back");

    click(&client, "Delete Proposal A").await;
    wait_for_text(&client, "Proposal deleted.").await;
    let left = client
        .execute(
            "return Object.keys(localStorage).filter(k => (localStorage.getItem(k) || '').includes('Proposal A'))",
            vec![],
        )
        .await
        .expect("the keys");
    assert_eq!(left, json!([]), "nothing of A is left in localStorage");
    // A new tab starts where the closed one was: A does not come back.
    let first = second_tab(&client).await;
    click(&client, "Proposals").await;
    wait_for_text(&client, "Proposal B").await;
    assert_eq!(rows(&client).await, 1, "A stays deleted in a new tab");
    client.close_window().await.expect("close it");
    client.switch_to_window(first).await.expect("back");

    click(&client, "Undo").await;
    assert_eq!(rows(&client).await, 2, "A is back");
    open_row(&client, "Proposal A").await;
    wait_until("A with the closed tab's last words", || async {
        (proposal_text(&client).await == edited).then_some(())
    })
    .await;
    client.close().await.ok();
}

/// Holds IndexedDB's answer to `open` in every page this tab opens from now on, until
/// the page calls `releaseIndexedDb()`: the moments before the workspace is read, made
/// long enough to act in.
async fn hold_indexeddb(client: &Client) {
    const HOLD: &str = r"
        (() => {
            let release;
            const held = new Promise((r) => { release = r; });
            window.releaseIndexedDb = release;
            const open = IDBFactory.prototype.open;
            IDBFactory.prototype.open = function (...args) {
                const request = open.apply(this, args);
                request.addEventListener('success', (e) => {
                    e.stopImmediatePropagation();
                    held.then(() => request.dispatchEvent(new Event('success')));
                }, { once: true });
                return request;
            };
        })();";
    cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": HOLD }),
    )
    .await;
}

/// `Start a new review of this proposal` on a feedback link, pressed before IndexedDB
/// answers: the new review starts once it has, and the proposal being worked on keeps
/// its last edit (it once forgot that proposal's keys unread).
#[tokio::test(flavor = "current_thread")]
async fn a_new_review_from_a_link_before_the_store_is_read_loses_nothing() {
    let sender = browser().await;
    open_app(&sender).await;
    paste_proposal(&sender, B).await;
    score_fully(&sender).await;
    let (_, link) = talkback_e2e::create_share_links(&sender).await;
    sender.close().await.ok();

    let edited = "# Proposal A, edited\n\n## Description\n\nEdited just before the link.";
    let client = browser().await;
    first_item(&client, A).await;
    click(&client, "Review").await;
    hold_indexeddb(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, edited).await;
    client.goto("about:blank").await.expect("leave");
    client.goto(&link).await.expect("open the link");
    click(&client, "Start a new review of this proposal").await;
    release_indexeddb(&client).await;
    wait_until("the new review of B", || async {
        proposal_text(&client)
            .await
            .starts_with("# Proposal B")
            .then_some(())
    })
    .await;
    let checked = client
        .find_all(Locator::Css("input[type=radio]:checked"))
        .await
        .map_or(0, |c| c.len());
    assert_eq!(checked, 0, "a fresh review");
    click(&client, "Proposals").await;
    let list = wait_for_text(&client, "Proposal A, edited").await;
    assert!(list.contains("Proposal B"), "{list}");
    client.close().await.ok();
}

/// `Back up workspace` until the backup holds `words` (the item follows the review
/// page's save, ≤ 300 ms after an edit); returns that backup.
async fn backed_up_with(client: &Client, words: &str) -> String {
    wait_until("the edit in a backup", || async {
        let text = export_and_read(client, "Back up workspace", "talkback-workspace.jsonl").await;
        text.contains(words).then_some(text)
    })
    .await
}

/// A backup restored in another tab into a proposal this tab has changed since: this
/// tab's copy stays current and the backup's becomes a version, which this tab keeps
/// through its next save (it once ignored the restored copy, as old as its own, and
/// saved over the version).
#[tokio::test(flavor = "current_thread")]
async fn a_restore_in_another_tab_keeps_its_version_of_the_proposal_shown_here() {
    let downloads = scratch("restore-other-tab");
    let client = browser().await;
    first_item(&client, A).await;
    allow_downloads(&client, &downloads).await;
    click(&client, "Back up workspace").await;
    let backup = downloads.join("talkback-workspace.jsonl");
    downloaded(&backup).await;
    std::fs::rename(&backup, downloads.join("before.jsonl")).expect("keep the backup");
    let before = downloads.join("before.jsonl");
    click(&client, "Review").await;
    let second = "# Proposal A\n\n## Description\n\nSecond words.";
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, second).await;
    click(&client, "Proposals").await;
    backed_up_with(&client, "Second words.").await;

    let first = second_tab(&client).await;
    allow_downloads(&client, &downloads).await;
    new_review(&client).await;
    click(&client, "Proposals").await;
    pick(&client, "Restore workspace", &before).await;
    wait_for_text(&client, "1 kept").await;

    client.switch_to_window(first).await.expect("back");
    click(&client, "Review").await;
    let third = "# Proposal A\n\n## Description\n\nThird words.";
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, third).await;
    click(&client, "Proposals").await;
    let kept = backed_up_with(&client, "Third words.").await;
    assert!(
        kept.contains("The first proposal, reviewed first."),
        "the backup's copy is kept as a version: {kept}"
    );
    let _ = std::fs::remove_dir_all(&downloads);
    client.close().await.ok();
}

/// While the page waits for the choice between this tab's version and another tab's,
/// `New review` (or J, or a row) does not leave the item, nor does an import show it
/// again: either dropped this tab's version unasked. Once the user has chosen, it does.
#[tokio::test(flavor = "current_thread")]
async fn leaving_an_item_waits_for_the_other_tab_choice() {
    let client = browser().await;
    edited_in_a_second_tab(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, "# Shared talk\n\nFirst tab, edited.").await;
    wait_until("the other-tab choice", || async {
        other_tab_notice(&client).await.then_some(())
    })
    .await;
    click(&client, "New review").await;
    wait_for_role(&client, "button", "Keep this version").await;
    assert_eq!(
        proposal_text(&client).await,
        "# Shared talk\n\nFirst tab, edited.",
        "this tab's version is still here"
    );
    // An import meanwhile (which shows the open item again) does not drop it either.
    import_pasted(&client, BEFORE, "Imported: 2 added").await;
    click(&client, "Review").await;
    wait_for_role(&client, "button", "Keep this version").await;
    assert_eq!(
        proposal_text(&client).await,
        "# Shared talk\n\nFirst tab, edited.",
        "this tab's version is still here after an import"
    );
    click(&client, "Keep this version").await;
    new_review(&client).await;
    click(&client, "Proposals").await;
    wait_for_text(&client, "Shared talk").await;
    client.close().await.ok();
}

/// Lets the page of this tab read IndexedDB (held by [`hold_indexeddb`]).
async fn release_indexeddb(client: &Client) {
    client
        .execute("window.releaseIndexedDb()", vec![])
        .await
        .expect("release IndexedDB");
}

/// Typing before IndexedDB answers (the page shows the open item's mirror at once, the
/// store is read later), on a kept proposal, on the first visit, and on the released
/// page's single draft (made an item, the page shown again: the typing not yet saved
/// was once lost there): the edit is kept in the item once the store is read (a new tab
/// lists it), and a reload shows it.
#[tokio::test(flavor = "current_thread")]
async fn an_edit_before_the_store_is_read_is_kept() {
    let edited = "# Proposal A, edited early\n\nTyped before IndexedDB answered.";
    for visit in [
        "a kept proposal",
        "the first visit",
        "the released page's draft",
    ] {
        let client = browser().await;
        if visit == "a kept proposal" {
            first_item(&client, A).await;
        }
        if visit == "the released page's draft" {
            before_first_start(&client).await;
            client
                .execute(
                    "localStorage.setItem('talkback.draft.v1', arguments[0]);",
                    vec![json!(A)],
                )
                .await
                .expect("seed the released page's draft");
        }
        hold_indexeddb(&client).await;
        client.goto(&site_url()).await.expect("reload");
        let editor = wait_for_role(&client, "textbox", "Proposal").await;
        paste(&client, &editor, edited).await;
        release_indexeddb(&client).await;
        click(&client, "Proposals").await;
        let list = wait_for_text(&client, "Proposal A, edited early").await;
        assert_eq!(rows(&client).await, 1, "{visit}: one item: {list}");
        let first = second_tab(&client).await;
        click(&client, "Proposals").await;
        wait_for_text(&client, "Proposal A, edited early").await;
        client.close_window().await.expect("close it");
        client.switch_to_window(first).await.expect("back");
        client.goto(&site_url()).await.expect("reload");
        release_indexeddb(&client).await;
        assert_eq!(shown_text(&client).await, edited, "{visit}: after a reload");
        client.close().await.ok();
    }
}

/// A reload while the page offers the choice between this tab's version and another
/// tab's (the user reloads instead of choosing): this tab's version is still here, and
/// the choice is offered again; keeping it then keeps it through the next reload.
#[tokio::test(flavor = "current_thread")]
async fn a_reload_during_the_other_tab_choice_offers_it_again() {
    let ours = "# Shared talk\n\nFirst tab, edited.";
    let client = browser().await;
    edited_in_a_second_tab(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    paste(&client, &editor, ours).await;
    wait_until("the other-tab choice", || async {
        other_tab_notice(&client).await.then_some(())
    })
    .await;
    client.goto(&site_url()).await.expect("reload");
    wait_until("the other-tab choice again", || async {
        other_tab_notice(&client).await.then_some(())
    })
    .await;
    assert_eq!(proposal_text(&client).await, ours, "this tab's version");
    click(&client, "Keep this version").await;
    client.goto(&site_url()).await.expect("reload");
    assert_eq!(shown_text(&client).await, ours, "kept");
    assert!(!other_tab_notice(&client).await, "chosen: no choice");
    client.close().await.ok();
}

/// A proposal deleted in another tab while this tab reviews it: the deletion wins (this
/// tab once saved it again, and it came back everywhere), and this tab is told, its text
/// offered to keep as a new proposal, never silently dropped.
#[tokio::test(flavor = "current_thread")]
async fn a_proposal_deleted_in_another_tab_stays_deleted_and_this_tabs_text_is_offered() {
    let ours = "# Proposal A\n\n## Description\n\nEdited here before the other tab deleted it.";
    let client = browser().await;
    first_item_edited(&client, ours).await;
    let first = second_tab(&client).await;
    let second = client.window().await.expect("the second tab");
    new_review(&client).await;
    click(&client, "Proposals").await;
    click(&client, "Delete Proposal A").await;
    wait_for_text(&client, "Proposal deleted.").await;

    client.switch_to_window(first.clone()).await.expect("back");
    wait_for_text(&client, "was deleted in another tab").await;
    client
        .switch_to_window(second.clone())
        .await
        .expect("the second tab");
    client
        .goto(&site_url())
        .await
        .expect("reload the second tab");
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 0, "the deletion wins");

    client.switch_to_window(first).await.expect("back");
    click(&client, "Keep as a new proposal").await;
    editor_contains(&client, "this tab's text, kept", "Edited here before").await;
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 1, "kept as a new proposal");
    client
        .switch_to_window(second)
        .await
        .expect("the second tab");
    wait_until("the second tab to list it", || async {
        (rows(&client).await == 1).then_some(())
    })
    .await;
    client.close().await.ok();
}

/// A tab closed on a proposal leaves its mirror; a re-import in another tab then updates
/// that proposal. Opening it shows the newer import (the closed tab's stale copy once
/// overwrote it), also after a reload.
#[tokio::test(flavor = "current_thread")]
async fn a_closed_tabs_stale_copy_never_wins_over_a_newer_reimport() {
    let client = browser().await;
    open_app(&client).await;
    import_pasted(&client, BEFORE, "Imported: 2 added").await;
    open_row(&client, "ENG-1").await;
    editor_contains(&client, "ENG-1 in the editor", "built the engine it shows.").await;
    let first = second_tab(&client).await;
    let second = client.window().await.expect("the second tab");
    open_row(&client, "ENG-2").await;
    editor_contains(&client, "ENG-2 in the second tab", "Punched cards.").await;
    client.switch_to_window(first).await.expect("back");
    client.close_window().await.expect("close the first tab");
    client
        .switch_to_window(second)
        .await
        .expect("the second tab");

    import_pasted(&client, AFTER, "1 updated").await;
    open_row(&client, "ENG-1").await;
    editor_contains(&client, "the re-import's text", "Revised.").await;
    client.goto(&site_url()).await.expect("reload");
    editor_contains(&client, "the re-import's text after a reload", "Revised.").await;
    client.close().await.ok();
}

/// `New review` and J pressed before IndexedDB answers (the review page shows the open
/// item's mirror at once): done once it has, never ignored.
#[tokio::test(flavor = "current_thread")]
async fn new_review_and_j_before_the_store_is_read_are_done_once_it_is() {
    let client = browser().await;
    open_app(&client).await;
    import_pasted(&client, BEFORE, "Imported: 2 added").await;
    open_row(&client, "ENG-1").await;
    editor_contains(&client, "ENG-1 in the editor", "built the engine it shows.").await;
    hold_indexeddb(&client).await;
    client.goto(&site_url()).await.expect("reload");
    editor_contains(
        &client,
        "ENG-1 from its mirror",
        "built the engine it shows.",
    )
    .await;
    click(&client, "New review").await;
    release_indexeddb(&client).await;
    wait_until("the new review", || async {
        proposal_text(&client).await.is_empty().then_some(())
    })
    .await;

    client.goto(&site_url()).await.expect("reload");
    wait_for_role(&client, "textbox", "Proposal").await;
    client
        .execute(
            "document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }))",
            vec![],
        )
        .await
        .expect("press J");
    release_indexeddb(&client).await;
    shown_text(&client).await;
    click(&client, "Proposals").await;
    assert_eq!(rows(&client).await, 2, "no item added");
    client.close().await.ok();
}
