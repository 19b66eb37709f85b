//! End-to-end: the editor, the safe preview and the draft that is never lost.

use serde_json::json;
use talkback_e2e::fantoccini::Locator;
use talkback_e2e::{
    browser, fixtures, open_app, open_app_with, paste, text_of, wait_for_role, wait_until,
};

#[tokio::test(flavor = "current_thread")]
async fn typed_proposal_shows_in_preview_and_survives_a_reload() {
    let client = browser().await;
    open_app(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    editor
        .send_keys("# Typing Is Fast\n\nDuration: 25 minutes\n\nA talk about *quick* feedback.")
        .await
        .expect("type");
    let preview = wait_for_role(&client, "region", "Preview").await;
    wait_until("the preview to show the typed heading", || async {
        let html = preview.html(true).await.ok()?;
        (html.contains("<h1>Typing Is Fast</h1>") && html.contains("<em>quick</em>")).then_some(())
    })
    .await;
    let page = client.source().await.expect("page source");
    assert!(
        page.contains("25 minutes"),
        "the detected duration is shown"
    );

    // Autosave runs ~300 ms after the last keystroke: wait for it, then reload.
    talkback_e2e::wait_for_saved_draft(
        &client,
        "# Typing Is Fast\n\nDuration: 25 minutes\n\nA talk about *quick* feedback.",
    )
    .await;
    client.refresh().await.expect("reload");
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    let restored = wait_until("the draft to be restored", || async {
        let value = editor.prop("value").await.ok()??;
        (!value.is_empty()).then_some(value)
    })
    .await;
    assert_eq!(
        restored,
        "# Typing Is Fast\n\nDuration: 25 minutes\n\nA talk about *quick* feedback."
    );
    let preview = wait_for_role(&client, "region", "Preview").await;
    assert!(text_of(&preview).await.contains("Typing Is Fast"));
    client.close().await.ok();
}

#[tokio::test(flavor = "current_thread")]
async fn a_draft_saved_by_another_tab_is_never_silently_overwritten() {
    let client = browser().await;
    open_app_with(&client, "first tab's words").await;
    talkback_e2e::wait_for_saved_draft(&client, "first tab's words").await;
    let first = talkback_e2e::new_tab(&client).await;
    open_app(&client).await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    let restored = wait_until("the second tab to restore the draft", || async {
        let v = editor.prop("value").await.ok()??;
        (!v.is_empty()).then_some(v)
    })
    .await;
    assert_eq!(restored, "first tab's words");
    paste(&client, &editor, "second tab's words").await;
    talkback_e2e::wait_for_saved_draft(&client, "second tab's words").await;

    client
        .switch_to_window(first)
        .await
        .expect("back to the first tab");
    wait_until("the other-tab notice", || async {
        let alert = client.find(Locator::Css("[role=alert]")).await.ok()?;
        text_of(&alert)
            .await
            .contains("changed in another tab")
            .then_some(())
    })
    .await;
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    assert_eq!(
        editor.prop("value").await.unwrap().unwrap(),
        "first tab's words",
        "nothing replaced silently"
    );
    let load = wait_for_role(&client, "button", "Load the other tab's version").await;
    load.click().await.expect("click");
    wait_until("the other tab's text to load", || async {
        let v = editor.prop("value").await.ok()??;
        (v == "second tab's words").then_some(())
    })
    .await;
    client.close().await.ok();
}

/// Splits the H5SC file into its vectors (each `<div id="N">…//["'`-->]]>]</div>`).
fn h5sc_vectors() -> Vec<String> {
    let text =
        std::fs::read_to_string(fixtures().join("xss/h5sc-vectors.txt")).expect("h5sc fixture");
    let end = "//[\"'`-->]]>]</div>";
    let mut vectors = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<div id=\"") {
        let after = &rest[start..];
        let Some(open_end) = after.find("\">") else {
            break;
        };
        let body = &after[open_end + 2..];
        let Some(stop) = body.find(end) else { break };
        vectors.push(body[..stop].to_string());
        rest = &body[stop + end.len()..];
    }
    vectors
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_proposals_run_no_script_and_request_nothing_off_origin() {
    let vectors = h5sc_vectors();
    assert!(
        vectors.len() >= 130,
        "expected the H5SC vectors, found {}",
        vectors.len()
    );
    let client = browser().await;
    open_app(&client).await;
    // Probes: any dialog call, any CSP violation (something tried to load or run).
    client
        .execute(
            r"window.__probe = { dialogs: 0, violations: [] };
              for (const k of ['alert', 'confirm', 'prompt', 'print']) {
                  window[k] = () => { window.__probe.dialogs++; };
              }
              document.addEventListener('securitypolicyviolation',
                  (e) => window.__probe.violations.push(e.violatedDirective + ' ' + e.blockedURI));",
            vec![],
        )
        .await
        .expect("install probes");
    let editor = wait_for_role(&client, "textbox", "Proposal").await;
    for (n, vector) in vectors.iter().enumerate() {
        for text in [
            vector.clone(),
            format!("[x]({vector})"),
            format!("![x]({vector})"),
            format!("<{vector}>"),
        ] {
            paste(&client, &editor, &text).await;
        }
        if n % 20 == 0 {
            // A real dialog would block the page: WebDriver would report it here.
            assert!(
                client.get_alert_text().await.is_err(),
                "a dialog opened after vector {}",
                n + 1
            );
        }
    }
    // Everything at once, too.
    let everything = vectors.join("\n\n");
    paste(&client, &editor, &everything).await;
    // The page's own timers (analysis after 150 ms, autosave after 300 ms) have run once
    // the draft is saved; a dialog from the preview would have opened by then.
    talkback_e2e::wait_for_saved_draft(&client, &everything).await;
    assert!(client.get_alert_text().await.is_err(), "a dialog opened");
    let report = client
        .execute(
            r"const origin = location.origin;
              const offOrigin = performance.getEntriesByType('resource')
                  .map((e) => e.name).filter((u) => !u.startsWith(origin + '/'));
              const preview = document.querySelector('[aria-label=Preview]');
              const bad = preview.querySelectorAll('script, img, iframe, object, embed, svg, style, link, meta, form, video, audio, source, base, [style], [src], [srcset]');
              const handlers = [...preview.querySelectorAll('*')].filter((el) =>
                  [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')));
              const schemes = [...preview.querySelectorAll('[href]')].map((el) => el.href)
                  .filter((h) => !/^(https?:|mailto:)/i.test(h));
              return { dialogs: window.__probe.dialogs, violations: window.__probe.violations,
                       offOrigin, bad: bad.length, handlers: handlers.length, schemes };",
            vec![],
        )
        .await
        .expect("read probes");
    assert_eq!(report["dialogs"], json!(0), "a script ran: {report}");
    assert_eq!(
        report["violations"],
        json!([]),
        "something tried to load or run: {report}"
    );
    assert_eq!(
        report["offOrigin"],
        json!([]),
        "a request left the page's origin: {report}"
    );
    assert_eq!(
        report["bad"],
        json!(0),
        "a dangerous element reached the preview: {report}"
    );
    assert_eq!(
        report["handlers"],
        json!(0),
        "an on* attribute reached the preview: {report}"
    );
    assert_eq!(
        report["schemes"],
        json!([]),
        "a disallowed URL scheme reached the preview: {report}"
    );
    client.close().await.ok();
}
