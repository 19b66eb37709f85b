//! End-to-end: a custom rubric made in the editor is used for scoring; a bad JSON file
//! is refused in words.

use talkback_e2e::{
    browser, find_by_role, import_rubric_json, open_app, open_rubric_editor, open_rubric_import,
    wait_for_role, wait_until,
};

#[tokio::test(flavor = "current_thread")]
async fn a_custom_rubric_is_made_saved_and_scored() {
    let client = browser().await;
    open_app(&client).await;
    let name = open_rubric_editor(&client).await;
    name.clear().await.expect("clear");
    name.send_keys("Meetup talks").await.expect("type");
    wait_for_role(&client, "button", "Add criterion")
        .await
        .click()
        .await
        .expect("add");
    let label = wait_until("the new criterion", || async {
        // PyCon screening has 7 criteria; the new one is the 8th.
        find_by_role(&client, "textbox", "Criterion 8 label").await
    })
    .await;
    label.clear().await.expect("clear");
    label.send_keys("Fun factor").await.expect("type");
    // A bad import is refused with a message.
    open_rubric_import(&client).await;
    import_rubric_json(&client, "{ \"name\": ").await;
    let alert = wait_until("the import error", || async {
        let el = client
            .find(talkback_e2e::fantoccini::Locator::Css(
                ".rubric-editor [role=alert]",
            ))
            .await
            .ok()?;
        el.text().await.ok()
    })
    .await;
    assert!(alert.contains("not valid JSON"), "{alert}");

    wait_for_role(&client, "button", "Save rubric")
        .await
        .click()
        .await
        .expect("save");
    // Saved (the review shows the new criterion) or refused (an alert in the editor).
    let fun = wait_until("the rubric to be saved or refused", || async {
        if let Ok(el) = client
            .find(talkback_e2e::fantoccini::Locator::Css(
                ".rubric-editor [role=alert]",
            ))
            .await
        {
            return Some(Err(el.text().await.unwrap_or_default()));
        }
        find_by_role(&client, "radiogroup", "Fun factor")
            .await
            .map(Ok)
    })
    .await
    .unwrap_or_else(|alert| panic!("saving failed: {alert}"));
    let radios = fun
        .find_all(talkback_e2e::fantoccini::Locator::Css("input[type=radio]"))
        .await
        .unwrap();
    assert_eq!(radios.len(), 5, "0 Poor … 4 Excellent");
    let rubric = client
        .execute("return document.getElementById('rubric').value", vec![])
        .await
        .unwrap();
    assert_eq!(rubric, serde_json::json!("custom"));
    client.close().await.ok();
}
