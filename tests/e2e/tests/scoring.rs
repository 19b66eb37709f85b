//! End-to-end: scoring with the keyboard only, for every preset rubric, and everything
//! restored after a reload.

use serde_json::json;
use talkback_e2e::fantoccini::Client;
use talkback_e2e::{browser, find_by_role, open_app_with, type_into, wait_for_role, wait_until};

const ARROW_RIGHT: &str = "\u{E014}";

/// The number of radiogroups and how many have a checked radio.
async fn answered(client: &Client) -> (u64, u64) {
    let v = client
        .execute(
            "const groups = [...document.querySelectorAll('[role=radiogroup]')];
             return [groups.length, groups.filter((g) => g.querySelector('input:checked')).length];",
            vec![],
        )
        .await
        .expect("count answers");
    (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0))
}

#[tokio::test(flavor = "current_thread")]
async fn every_preset_can_be_scored_with_the_keyboard_and_survives_a_reload() {
    let client = browser().await;
    open_app_with(&client, "# Keyboards All The Way\n\nDuration: 30 minutes\n\n## Description\n\nScoring without a mouse.").await;
    for preset in [
        "pycon-us-screening",
        "weighted-categories",
        "merit-expertise",
        "mentor-checklist",
    ] {
        let rubric = wait_for_role(&client, "combobox", "Rubric").await;
        rubric
            .select_by_value(preset)
            .await
            .expect("choose the rubric");
        // Switching away from a scored rubric asks first.
        if let Some(button) = find_by_role(&client, "button", "Switch rubric").await {
            button.click().await.expect("confirm the switch");
        }
        wait_until("the rubric to switch", || async {
            let v = client
                .execute("return document.getElementById('rubric').value", vec![])
                .await
                .ok()?;
            (v == json!(preset)).then_some(())
        })
        .await;
        let (groups, _) = answered(&client).await;
        assert!(
            groups >= 3,
            "{preset}: expected its criteria as radiogroups, found {groups}"
        );

        // Keyboard only: focus the first radio, then per criterion a digit picks a level
        // and N jumps to the next unanswered criterion.
        client
            .execute(
                "document.querySelector('[role=radiogroup] input[type=radio]').focus()",
                vec![],
            )
            .await
            .expect("focus the first criterion");
        for _ in 0..groups {
            let focused = client.active_element().await.expect("focused element");
            // A digit that exists on every scale: 1 (on 0-based ordinal scales, the level worth 1).
            focused.send_keys("1").await.expect("digit");
            let focused = client.active_element().await.expect("focused element");
            focused.send_keys("n").await.expect("next");
        }
        let (groups, done) = answered(&client).await;
        assert_eq!(
            done, groups,
            "{preset}: every criterion answered with the keyboard"
        );

        // Arrow keys move within a criterion.
        client
            .execute(
                "document.querySelector('[role=radiogroup] input:checked').focus()",
                vec![],
            )
            .await
            .expect("focus");
        let before = client
            .execute(
                "return document.querySelector('[role=radiogroup] input:checked').value",
                vec![],
            )
            .await
            .unwrap();
        client
            .active_element()
            .await
            .unwrap()
            .send_keys(ARROW_RIGHT)
            .await
            .expect("arrow");
        let after = client
            .execute(
                "return document.querySelector('[role=radiogroup] input:checked').value",
                vec![],
            )
            .await
            .unwrap();
        assert_ne!(before, after, "{preset}: the arrow key moved the answer");
    }

    // Comments, typed.
    type_into(
        &client,
        "Comment for the author",
        "Lovely idea; tighten the outline.",
    )
    .await;
    type_into(
        &client,
        "Comment for the committee",
        "Strong first-time speaker.",
    )
    .await;
    let state_before = client
        .execute(
            "return [...document.querySelectorAll('[role=radiogroup] input:checked')].map((r) => r.name + '=' + r.value).join(',')",
            vec![],
        )
        .await
        .unwrap();
    talkback_e2e::wait_for_saved_review(&client, "Strong first-time speaker.").await;
    client.refresh().await.expect("reload");
    wait_for_role(&client, "textbox", "Proposal").await;
    let author = wait_for_role(&client, "textbox", "Comment for the author").await;
    wait_until("the review to be restored", || async {
        let v = author.prop("value").await.ok()??;
        (v == "Lovely idea; tighten the outline.").then_some(())
    })
    .await;
    let committee = wait_for_role(&client, "textbox", "Comment for the committee").await;
    assert_eq!(
        committee.prop("value").await.unwrap().as_deref(),
        Some("Strong first-time speaker.")
    );
    let rubric = client
        .execute("return document.getElementById('rubric').value", vec![])
        .await
        .unwrap();
    assert_eq!(rubric, json!("mentor-checklist"));
    let state_after = client
        .execute(
            "return [...document.querySelectorAll('[role=radiogroup] input:checked')].map((r) => r.name + '=' + r.value).join(',')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(state_before, state_after, "the scores are restored");
    client.close().await.ok();
}
