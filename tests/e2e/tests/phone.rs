//! End-to-end: on a 375-pixel-wide phone screen no view scrolls sideways, the key controls
//! are shown inside the screen where a finger can reach them, and each view still passes
//! the axe-core audit. A screenshot of each view is left in the target folder.

use talkback_e2e::fantoccini::Client;
use talkback_e2e::{
    assert_accessible, browser, committee_summary, create_share_link, load_example, open_app,
    page_widths, pycon_review, set_window, share_url, vote, wait_for_role,
};

const PHONE: (u32, u32) = (375, 812);

fn feedback_link(vote: u8, comment: &str) -> String {
    let mut review = pycon_review(vote, comment);
    review.criterion_comments[0] = "A very long comment without spaces: https://example.org/a/really/long/path/that/should/wrap/instead/of/pushing/the/page/sideways".into();
    let proposal = "# Async Without Tears: a gentle, practical start with asyncio for people who write scripts\n\nDuration: 30 minutes\n\n## Description\n\nA gentle start.\n\n```\nasync def main(): await asyncio.gather(fetch_one_thing(), fetch_another_thing(), and_a_third())\n```\n";
    share_url(review, proposal)
}

async fn phone_browser() -> Client {
    let client = browser().await;
    let width = set_window(&client, PHONE.0, PHONE.1).await;
    assert_eq!(width, u64::from(PHONE.0), "the viewport is not phone-sized");
    client
}

/// No sideways scrolling; each control (role, name) is displayed, and once scrolled to
/// it lies wholly inside the viewport and is what a tap on its middle reaches. Then a
/// screenshot into the target folder.
async fn assert_fits(client: &Client, view: &str, controls: &[(&str, &str)]) {
    let (scroll, inner) = page_widths(client).await;
    if scroll > inner {
        // Name the innermost elements that stick out, to say what to fix.
        let culprits = client
            .execute(
                "return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                        && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))
                    .slice(0, 10)
                    .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));",
                vec![],
            )
            .await
            .expect("culprits");
        panic!(
            "{view}: the page is {scroll} px wide in a {inner} px viewport (it scrolls sideways); sticking out: {culprits}"
        );
    }
    for &(role, name) in controls {
        let element = wait_for_role(client, role, name).await;
        assert!(
            element.is_displayed().await.expect("displayed"),
            "{view}: the {role} {name:?} is not displayed"
        );
        let script = r"
            const el = arguments[0];
            el.scrollIntoView({ block: 'start', inline: 'nearest' });
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
            return {
                left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                width: innerWidth, height: innerHeight,
                reached: hit !== null && (el === hit || el.contains(hit) || (el.labels && [...el.labels].some(l => l.contains(hit)))),
            };
        ";
        let el = serde_json::to_value(&element).expect("element as JSON");
        let r = client.execute(script, vec![el]).await.expect("geometry");
        let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
        assert!(
            f("left") >= 0.0 && f("right") <= f("width") && f("right") > f("left"),
            "{view}: the {role} {name:?} is not inside the screen horizontally: {r}"
        );
        assert!(
            f("top") >= -1.0 && f("top") < f("height"),
            "{view}: the {role} {name:?} cannot be scrolled into the screen: {r}"
        );
        assert_eq!(
            r["reached"],
            serde_json::Value::Bool(true),
            "{view}: something covers the {role} {name:?}: {r}"
        );
    }
    client
        .execute("window.scrollTo(0, 0)", vec![])
        .await
        .expect("scroll to the top");
    let png = client.screenshot().await.expect("screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("phone-{view}.png"));
    std::fs::write(&path, png).expect("write the screenshot");
    println!("{view}: {}", path.display());
}

#[tokio::test(flavor = "current_thread")]
async fn at_375_px_the_review_page_fits_the_screen() {
    let client = phone_browser().await;
    open_app(&client).await;
    load_example(&client, 2).await;
    vote(&client, 0).await;
    create_share_link(&client).await;
    assert_fits(
        &client,
        "review",
        &[
            ("button", "Committee"),
            ("combobox", "Try an example"),
            ("textbox", "Proposal"),
            ("region", "Preview"),
            ("region", "Blind-review check"),
            ("region", "Checks"),
            ("combobox", "Rubric"),
            ("radiogroup", "Overall vote"),
            ("radio", "+1"),
            ("textbox", "Comment for the author"),
            ("textbox", "Comment for the committee"),
            ("button", "Create share link"),
            ("textbox", "Link for the speaker"),
            ("button", "Copy speaker link"),
        ],
    )
    .await;
    assert_accessible(&client, "review at 375 px").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn at_375_px_the_feedback_view_fits_the_screen() {
    let client = phone_browser().await;
    client
        .goto(&feedback_link(
            0,
            "Clear topic; add timings to the outline.",
        ))
        .await
        .expect("open the link");
    wait_for_role(&client, "region", "Feedback").await;
    assert_fits(
        &client,
        "feedback",
        &[
            ("button", "Committee"),
            ("region", "Feedback"),
            ("table", "Scores"),
            ("button", "Start a new review of this proposal"),
            ("button", "Edit the proposal"),
            ("region", "Proposal as shared"),
        ],
    )
    .await;
    assert_accessible(&client, "feedback at 375 px").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn at_375_px_the_committee_view_fits_the_screen() {
    let client = phone_browser().await;
    open_app(&client).await;
    let thread = [
        feedback_link(0, "Clear."),
        feedback_link(1, "Fine."),
        feedback_link(3, "Too basic."),
    ]
    .join("\n");
    committee_summary(&client, &thread).await;
    assert_accessible(&client, "committee at 375 px").await;
    assert_fits(
        &client,
        "committee",
        &[
            ("button", "Committee"),
            ("textbox", "Feedback links"),
            ("region", "Committee summary, scrollable"),
        ],
    )
    .await;
    client.close().await.ok();
}
