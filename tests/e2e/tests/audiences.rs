//! End-to-end: two audiences. A review with a comment for the committee, a
//! committee-only comment on a criterion and a PyCon vote makes two links: the speaker's,
//! opened in a fresh browser, shows none of them (not in the page, not in storage) and
//! says it is for the speaker; the committee's shows them and warns not to forward it;
//! the committee view counts the pair as one reviewer.

use talkback_core::link::{decode_link, unpack, LinkKind};
use talkback_e2e::fantoccini::Client;
use talkback_e2e::{
    browser, click, committee_summary, create_share_links, open_app_with, select_in_preview,
    text_of, type_into, vote, wait_for_role, wait_until,
};

const PROPOSAL: &str = "# Caching Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nWe add a cache to a slow Django view and then find every bug caches bring.\n";

const FOR_SPEAKER: &str = "Lovely topic; show one real cache bug.";
const FOR_COMMITTEE: &str = "Secret: strong accept, best cache talk this year.";
const CRITERION_SECRET: &str = "Committee only: the speaker gave this talk at DjangoCon.";
const CRITERION_FOR_SPEAKER: &str = "Name who the talk is for in the first line.";

/// Every value in this browser's localStorage, joined.
async fn stored_values(client: &Client) -> Vec<String> {
    let values = client
        .execute(
            "return Object.keys(localStorage).map(k => localStorage.getItem(k));",
            vec![],
        )
        .await
        .expect("read localStorage");
    values
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "current_thread")]
async fn the_speaker_link_holds_nothing_for_the_committee() {
    let reviewer = browser().await;
    open_app_with(&reviewer, PROPOSAL).await;
    vote(&reviewer, 0).await; // +1: a PyCon vote, the committee's by default
    type_into(&reviewer, "Comment for the author", FOR_SPEAKER).await;
    type_into(&reviewer, "Comment for the committee", FOR_COMMITTEE).await;
    // PyCon screening: criterion comments are for the committee unless the reviewer
    // says otherwise.
    let committee_only = wait_for_role(
        &reviewer,
        "checkbox",
        "Only the committee sees the comment on Overall vote",
    )
    .await;
    assert_eq!(
        committee_only.prop("checked").await.expect("checked"),
        Some("true".to_owned())
    );
    type_into(&reviewer, "Comment on Overall vote", CRITERION_SECRET).await;
    wait_for_role(
        &reviewer,
        "checkbox",
        "Only the committee sees the comment on Specific audience",
    )
    .await
    .click()
    .await
    .expect("make the comment on Specific audience the speaker's");
    type_into(
        &reviewer,
        "Comment on Specific audience",
        CRITERION_FOR_SPEAKER,
    )
    .await;
    let (speaker, committee) = create_share_links(&reviewer).await;
    assert_ne!(speaker, committee);
    assert_eq!(
        decode_link(&speaker).expect("decodes").kind,
        LinkKind::SpeakerFeedback
    );

    // The preview shows what the speaker will see.
    reviewer
        .find(talkback_e2e::fantoccini::Locator::Css(
            "details.speaker-preview > summary",
        ))
        .await
        .expect("the preview disclosure")
        .click()
        .await
        .expect("open it");
    let preview = wait_for_role(&reviewer, "region", "What the speaker will see").await;
    let seen = text_of(&preview).await;
    assert!(seen.contains(FOR_SPEAKER), "{seen}");
    assert!(seen.contains(CRITERION_FOR_SPEAKER), "{seen}");
    assert!(
        !seen.contains("Secret") && !seen.contains("DjangoCon"),
        "{seen}"
    );

    // The speaker, in a fresh browser.
    let speaker_browser = browser().await;
    speaker_browser
        .goto(&speaker)
        .await
        .expect("open the speaker link");
    let feedback = wait_for_role(&speaker_browser, "region", "Feedback").await;
    let text = text_of(&feedback).await;
    assert!(text.contains("Feedback for the speaker"), "{text}");
    assert!(text.contains(FOR_SPEAKER), "{text}");
    assert!(text.contains(CRITERION_FOR_SPEAKER), "{text}");
    for secret in [
        "Secret",
        "DjangoCon",
        "For the committee",
        "+1",
        "Overall vote",
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} shown to the speaker: {text}"
        );
    }
    let page = speaker_browser.source().await.expect("page source");
    assert!(!page.contains("Secret") && !page.contains("DjangoCon"));
    // What this browser kept holds no more than the link did.
    let stored = wait_until("the opened link to be kept", || async {
        let values = stored_values(&speaker_browser).await;
        (!values.is_empty()).then_some(values)
    })
    .await;
    let mut links = 0;
    for value in &stored {
        assert!(!value.contains("Secret") && !value.contains("DjangoCon"));
        // A stored link is base64: look inside its body too, whatever its kind.
        if let Ok(body) = unpack(value) {
            for secret in [&b"Secret"[..], b"DjangoCon", b"strong accept"] {
                assert!(!body.windows(secret.len()).any(|w| w == secret), "{value}");
            }
        }
        if let Ok(opened) = decode_link(value) {
            links += 1;
            assert_eq!(opened.kind, LinkKind::SpeakerFeedback);
            assert!(opened.shared.review.committee_comment.is_empty());
            assert!(opened
                .shared
                .review
                .criterion_comments
                .iter()
                .all(|c| !c.contains("DjangoCon")));
            assert!(opened.shared.review.answers.iter().all(Option::is_none));
        }
    }
    assert!(links > 0, "the opened link is kept, as a link: {stored:?}");
    speaker_browser.close().await.ok();

    // The committee, in another fresh browser.
    let chair = browser().await;
    chair
        .goto(&committee)
        .await
        .expect("open the committee link");
    let feedback = wait_for_role(&chair, "region", "Feedback").await;
    let text = text_of(&feedback).await;
    assert!(text.contains("Review for the committee"), "{text}");
    assert!(text.contains("Do not forward it to the speaker"), "{text}");
    for shown in [FOR_SPEAKER, FOR_COMMITTEE, CRITERION_SECRET, "+1"] {
        assert!(text.contains(shown), "{shown:?} missing: {text}");
    }

    // Both links pasted together: one reviewer.
    let thread = format!("To the speaker: {speaker}\n\nTo the committee: {committee}\n");
    let table = committee_summary(&chair, &thread).await;
    let table_text = text_of(&table).await;
    assert!(table_text.contains("Reviewer A"), "{table_text}");
    assert!(!table_text.contains("Reviewer B"), "{table_text}");
    let page = chair.source().await.expect("page source");
    assert!(page.contains("speaker's copy") || page.contains("speaker&#39;s copy"));
    chair.close().await.ok();
    reviewer.close().await.ok();
}

/// Review only (the proposal left out): the speaker link carries the commented passage
/// as its occurrence in the preview's text, which the core computes exactly as the
/// browser shows it, so the speaker's side can place it exactly in that text.
#[tokio::test(flavor = "current_thread")]
async fn a_review_only_speaker_link_places_its_passage_by_occurrence() {
    use talkback_core::anchor::{place, Located};
    use talkback_core::markdown::{render, text_of as shown_text};
    const DRAFT: &str = "# Caching *Without* Tears\n\n## Description\n\nA slow view. We cache **a slow view** & measure it.\n";
    let client = browser().await;
    open_app_with(&client, DRAFT).await;
    let dom = client
        .execute(
            "return document.querySelector('[aria-label=Preview]').textContent;",
            vec![],
        )
        .await
        .expect("the preview's text");
    let shown = shown_text(&render(DRAFT));
    assert_eq!(dom.as_str(), Some(shown.as_str()), "core and browser agree");
    select_in_preview(&client, "& measure it").await;
    type_into(&client, "Comment on the selected passage", "How slow?").await;
    click(&client, "Add comment").await;
    wait_for_role(&client, "textbox", "Comment on passage 1").await;
    // PyCon screening: passage comments are the committee's unless the reviewer says so.
    wait_for_role(
        &client,
        "checkbox",
        "Only the committee sees the comment on passage 1",
    )
    .await
    .click()
    .await
    .expect("make the passage comment the speaker's");
    client
        .find(talkback_e2e::fantoccini::Locator::XPath(
            "//label[contains(., 'Include the proposal')]/input",
        ))
        .await
        .expect("the include-proposal checkbox")
        .click()
        .await
        .expect("leave the proposal out");
    let (speaker, _) = create_share_links(&client).await;
    let opened = decode_link(&speaker).expect("decodes");
    assert_eq!(opened.shared.proposal, None);
    let anchor = &opened.shared.review.anchors[0].anchor;
    assert_eq!(anchor.occurrence, Some(0), "{anchor:?}");
    assert!(anchor.prefix.is_empty() && anchor.suffix.is_empty());
    let at = shown.find("& measure it").expect("in the text");
    assert_eq!(
        place(anchor, &shown, true),
        Located::Exact(at..at + "& measure it".len())
    );
    client.close().await.ok();
}
