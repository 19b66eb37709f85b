//! End-to-end: a keyboard user always sees where the focus is. Tabbing through each view
//! (light and dark), every element that takes the focus shows a `:focus-visible` outline
//! at least 2 px wide with 3:1 contrast against what is behind it.

use talkback_e2e::fantoccini::actions::{InputSource, KeyAction, KeyActions};
use talkback_e2e::fantoccini::key::Key;
use talkback_e2e::fantoccini::Client;
use talkback_e2e::{
    browser, committee_summary, create_share_link, load_example, open_app, open_rubric_editor,
    open_rubric_import, pycon_review, set_color_scheme, share_url, vote, wait_for_role,
};

/// Describes the focused element and how its focus is drawn (on itself, or on the
/// scoring panel's level pill around a radio button): outline style, width and the
/// contrast of the outline's colour against the nearest opaque background behind it.
const FOCUS_INFO: &str = r"
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    let drawn = el, s = getComputedStyle(el);
    const outlined = st => st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
    if (!outlined(s) && el.closest('.level')) { drawn = el.closest('.level'); s = getComputedStyle(drawn); }
    const rgba = c => { const v = (c.match(/[\d.]+/g) || []).map(Number); return v.length === 3 ? [...v, 1] : v; };
    let bg = null;
    for (let p = drawn.parentElement; p; p = p.parentElement) {
        const c = rgba(getComputedStyle(p).backgroundColor);
        if (c[3] > 0) { bg = c; break; }
    }
    bg = bg || [255, 255, 255, 1];
    const lum = c => c.slice(0, 3)
        .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const [a, b] = [lum(rgba(s.outlineColor)), lum(bg)];
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.type ? '[' + el.type + ']' : '')
        + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40);
    return {
        name,
        key: name + '@' + Math.round(el.getBoundingClientRect().top + scrollY) + ',' + Math.round(el.getBoundingClientRect().left),
        focusVisible: el.matches(':focus-visible'),
        style: s.outlineStyle,
        width: parseFloat(s.outlineWidth),
        ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
    };
";

async fn press_tab(client: &Client) {
    let tab: char = Key::Tab.into();
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: tab })
        .then(KeyAction::Up { value: tab });
    client.perform_actions(keys).await.expect("press Tab");
}

/// Tabs from the top of the page until the focus leaves the page or comes round again;
/// returns the names of the elements reached, failing on any whose focus is not shown.
async fn tab_through(client: &Client, view: &str) -> Vec<String> {
    let mut reached = Vec::new();
    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        set_color_scheme(client, scheme).await;
        client
            .execute(
                "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
                vec![],
            )
            .await
            .expect("start from the top");
        reached.clear();
        let mut first: Option<String> = None;
        for _ in 0..400 {
            press_tab(client).await;
            let info = client
                .execute(FOCUS_INFO, vec![])
                .await
                .expect("focus info");
            if info.is_null() {
                break;
            }
            let key = info["key"].as_str().unwrap_or_default().to_string();
            if first.as_deref() == Some(key.as_str()) {
                break;
            }
            first.get_or_insert(key);
            let ok = info["focusVisible"] == true
                && info["style"] != "none"
                && info["width"].as_f64().unwrap_or(0.0) >= 2.0
                && info["ratio"].as_f64().unwrap_or(0.0) >= 3.0;
            if !ok {
                problems.push(format!("[{view}, {scheme}] {info}"));
            }
            reached.push(info["name"].as_str().unwrap_or_default().to_string());
        }
    }
    set_color_scheme(client, "light").await;
    assert!(
        problems.is_empty(),
        "focus not clearly shown on {} element(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    println!("{view}: {} tab stops", reached.len());
    reached
}

fn feedback_link(vote: u8) -> String {
    let proposal = "# Async Without Tears\n\nDuration: 30 minutes\n\n## Description\n\nA gentle start, see [the docs](https://docs.python.org/3/library/asyncio.html).\n";
    share_url(pycon_review(vote, "Clear topic."), proposal)
}

#[tokio::test(flavor = "current_thread")]
async fn the_focus_is_visible_on_every_stop_of_the_review_page() {
    let client = browser().await;
    open_app(&client).await;
    load_example(&client, 1).await;
    vote(&client, 0).await;
    create_share_link(&client).await;
    let reached = tab_through(&client, "review").await;
    for want in [
        "textarea#proposal",
        "select#rubric",
        "input[radio]",
        "textarea#share-link",
    ] {
        assert!(
            reached.iter().any(|r| r.starts_with(want)),
            "{want} was not reached with Tab: {reached:#?}"
        );
    }
    open_rubric_editor(&client).await;
    open_rubric_import(&client).await;
    let reached = tab_through(&client, "rubric editor").await;
    for want in ["input#rubric-name", "textarea#rubric-import", "summary"] {
        assert!(
            reached.iter().any(|r| r.starts_with(want)),
            "{want} was not reached with Tab: {reached:#?}"
        );
    }
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn the_focus_is_visible_on_every_stop_of_the_feedback_and_committee_views() {
    let client = browser().await;
    client.goto(&feedback_link(0)).await.expect("open the link");
    wait_for_role(&client, "region", "Feedback").await;
    let reached = tab_through(&client, "feedback").await;
    assert!(
        reached.iter().any(|r| r.contains("Edit the proposal")),
        "{reached:#?}"
    );
    committee_summary(
        &client,
        &format!("{}\n{}", feedback_link(0), feedback_link(3)),
    )
    .await;
    let reached = tab_through(&client, "committee").await;
    assert!(
        reached
            .iter()
            .any(|r| r.starts_with("textarea#feedback-links")),
        "{reached:#?}"
    );
    client.close().await.ok();
}
