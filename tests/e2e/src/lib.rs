//! Helpers for the end-to-end suite: a fresh headless Chromium per test, and finding
//! controls the way a screen-reader user does, by role and accessible name (asked of
//! Chromium's own accessibility tree through WebDriver's computed role and label).
//!
//! The suite needs `TALKBACK_URL` (the served `dist/`) and `WEBDRIVER_URL` (a running
//! ChromeDriver); `cargo xtask test` provides both. Without them each test says so and
//! fails, rather than passing without running.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub use fantoccini;

mod flows;
pub use flows::{
    committee_summary, create_share_link, create_share_links, damage_link, import_rubric_json,
    load_example, open_app_with, open_committee, open_rubric_editor, open_rubric_import,
    paste_proposal, pycon_review, select_in_preview, share_review, share_url, type_into, vote,
    wait_for_alert,
};

/// The page under test, with a trailing slash.
pub fn site_url() -> String {
    let url = std::env::var("TALKBACK_URL")
        .expect("TALKBACK_URL is not set: run the suite with `cargo xtask test`");
    if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    }
}

/// A new browser with a fresh profile (empty storage, no history).
pub async fn browser() -> Client {
    let webdriver = std::env::var("WEBDRIVER_URL")
        .expect("WEBDRIVER_URL is not set: run the suite with `cargo xtask test`");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-quic", "--disable-extensions",
            "--window-size=1280,900"
        ]}),
    );
    caps.insert("unhandledPromptBehavior".into(), json!("ignore"));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&webdriver)
        .await
        .expect("cannot start a Chromium session through ChromeDriver")
}

/// Sets the browser window to `width` × `height` pixels; returns the page's viewport
/// width (`innerWidth`) after it.
pub async fn set_window(client: &Client, width: u32, height: u32) -> u64 {
    client
        .set_window_size(width, height)
        .await
        .expect("window size");
    page_widths(client).await.1
}

/// `(scrollWidth, innerWidth)` of the page: the page scrolls sideways when the first is
/// larger.
pub async fn page_widths(client: &Client) -> (u64, u64) {
    let widths = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await
        .expect("widths");
    (
        widths[0].as_u64().expect("scrollWidth"),
        widths[1].as_u64().expect("innerWidth"),
    )
}

/// Opens a new tab and switches to it (blank); returns the tab it left.
pub async fn new_tab(client: &Client) -> fantoccini::wd::WindowHandle {
    let first = client.window().await.expect("window");
    let second = client.new_window(true).await.expect("new tab");
    client
        .switch_to_window(second.handle)
        .await
        .expect("switch");
    first
}

/// Opens the app and waits until the editor is there.
pub async fn open_app(client: &Client) {
    client.goto(&site_url()).await.expect("navigate");
    wait_for_role(client, "textbox", "Proposal").await;
}

/// The CSS candidates for an ARIA role; the role and name are then checked with
/// Chromium's computed values, so a match is what assistive technology sees.
fn candidates(role: &str) -> &'static str {
    match role {
        "textbox" => "textarea, input:not([type]), input[type=text], input[type=url], input[type=search], [role=textbox]",
        "region" => "section, [role=region]",
        "button" => "button, [role=button], input[type=button], input[type=submit]",
        "link" => "a[href], [role=link]",
        "combobox" => "select, [role=combobox], input[list]",
        "radiogroup" => "[role=radiogroup], fieldset",
        "radio" => "input[type=radio], [role=radio]",
        "table" => "table, [role=table]",
        "alert" => "[role=alert]",
        "checkbox" => "input[type=checkbox], [role=checkbox]",
        "spinbutton" => "input[type=number], [role=spinbutton]",
        "image" => "img, svg, [role=img], [role=image]",
        _ => "*",
    }
}

/// The address of a WebDriver command of this session: `session/{id}/{rest}`.
fn session_endpoint(
    base_url: &url::Url,
    session_id: Option<&str>,
    rest: &str,
) -> Result<url::Url, url::ParseError> {
    base_url.join(&format!(
        "session/{}/{rest}",
        session_id.unwrap_or_default()
    ))
}

#[derive(Debug)]
struct Computed {
    what: &'static str,
    element: String,
}

impl WebDriverCompatibleCommand for Computed {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        session_endpoint(
            base_url,
            session_id,
            &format!("element/{}/{}", self.element, self.what),
        )
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}

async fn computed(client: &Client, element: &Element, what: &'static str) -> String {
    let cmd = Computed {
        what,
        element: element.element_id().to_string(),
    };
    match client.issue_cmd(cmd).await {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Every element with this role and accessible name (case-insensitive, whole name).
pub async fn find_all_by_role(client: &Client, role: &str, name: &str) -> Vec<Element> {
    let mut found = Vec::new();
    let Ok(elements) = client.find_all(Locator::Css(candidates(role))).await else {
        return found;
    };
    for element in elements {
        if computed(client, &element, "computedrole").await != role {
            continue;
        }
        if computed(client, &element, "computedlabel")
            .await
            .trim()
            .eq_ignore_ascii_case(name.trim())
        {
            found.push(element);
        }
    }
    found
}

/// The one element with this role and name, if it is there now.
pub async fn find_by_role(client: &Client, role: &str, name: &str) -> Option<Element> {
    find_all_by_role(client, role, name)
        .await
        .into_iter()
        .next()
}

/// Waits (up to 10 s) for an element with this role and name.
pub async fn wait_for_role(client: &Client, role: &str, name: &str) -> Element {
    let started = Instant::now();
    loop {
        if let Some(element) = find_by_role(client, role, name).await {
            return element;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no {role} named {name:?} appeared within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits (up to 10 s) until `check` holds, then returns its value.
pub async fn wait_until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the button named `name` (waiting for it).
pub async fn click(client: &Client, name: &str) {
    wait_for_role(client, "button", name)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {name:?}: {e}"));
}

/// Reads `localStorage[key]` (`None` when absent).
pub async fn stored(client: &Client, key: &str) -> Option<String> {
    client
        .execute(
            "return localStorage.getItem(arguments[0])",
            vec![json!(key)],
        )
        .await
        .ok()?
        .as_str()
        .map(str::to_string)
}

/// Waits (up to 10 s) until `localStorage[key]` holds a value `check` accepts, and returns
/// it: the way to wait for the app's autosave instead of sleeping past it.
pub async fn wait_for_stored(
    client: &Client,
    key: &str,
    what: &str,
    check: impl Fn(&str) -> bool,
) -> String {
    wait_until(what, || async {
        stored(client, key).await.filter(|value| check(value))
    })
    .await
}

/// Waits (up to 10 s) until the saved draft is `text`.
pub async fn wait_for_saved_draft(client: &Client, text: &str) {
    wait_for_stored(client, "talkback.draft.v1", "the draft to be saved", |v| {
        v == text
    })
    .await;
}

/// Waits (up to 10 s) until the saved review holds `text` (a comment or a pseudonym).
/// The review is stored uncompressed (`link::encode_uncompressed`), so its base64url decodes to
/// bytes that hold the text as written.
pub async fn wait_for_saved_review(client: &Client, text: &str) {
    let script = r"
        const [stored, text] = arguments;
        if (stored === null) return false;
        const b64 = stored.replace(/-/g, '+').replace(/_/g, '/');
        const bytes = atob(b64 + '='.repeat((4 - b64.length % 4) % 4));
        return bytes.includes(text);
    ";
    wait_until("the review to be saved", || async {
        let value = stored(client, "talkback.review.v1").await?;
        let holds = client
            .execute(script, vec![json!(value), json!(text)])
            .await
            .ok()?;
        (holds == json!(true)).then_some(())
    })
    .await;
}

/// Replaces the text of a textbox as a paste does (one `input` event with the whole
/// text), then waits two animation frames so the app has rendered.
pub async fn paste(client: &Client, element: &Element, text: &str) {
    let script = r"
        const [el, text, done] = arguments;
        el.focus();
        el.value = text;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
        requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
    ";
    let el = serde_json::to_value(element).expect("element as JSON");
    client
        .execute_async(script, vec![el, json!(text)])
        .await
        .expect("paste into the textbox");
}

/// The page's visible text and the value of every text box and input: what a person can
/// read on the page, addresses and links included.
pub async fn page_text_and_values(client: &Client) -> String {
    client
        .execute(
            "return document.body.innerText + '\\n' + [...document.querySelectorAll('textarea, input')].map((e) => e.value).join('\\n');",
            vec![],
        )
        .await
        .expect("the page's text")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The text of an element (its rendered, visible text).
pub async fn text_of(element: &Element) -> String {
    element.text().await.unwrap_or_default()
}

/// The committee view's combined link for the author, opened as the author would: checks it
/// points at the site, closes the committee's browser, opens the link in a fresh one and
/// returns that browser with the text of its `Feedback` region.
pub async fn open_combined_link(committee: Client) -> (Client, String) {
    let combined = wait_for_role(
        &committee,
        "textbox",
        "Combined feedback link for the author",
    )
    .await
    .prop("value")
    .await
    .unwrap()
    .unwrap_or_default();
    assert!(combined.starts_with(&site_url()), "{combined}");
    committee.close().await.ok();
    let author = browser().await;
    author
        .goto(&combined)
        .await
        .expect("open the combined link");
    let feedback = text_of(&wait_for_role(&author, "region", "Feedback").await).await;
    (author, feedback)
}

/// The fixtures folder of the repository (`tests/fixtures`).
pub fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// Turns Chromium's accessibility tree on in `element`'s page for good, as finding an
/// element by role and name does ([`find_all_by_role`] asks WebDriver for both): a
/// benchmark's baseline page is then typed into under the same conditions as the app's.
pub async fn enable_accessibility(client: &Client, element: &Element) {
    computed(client, element, "computedrole").await;
    computed(client, element, "computedlabel").await;
}

/// A Chromium DevTools Protocol command, sent through ChromeDriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        session_endpoint(base_url, session_id, "goog/cdp/execute")
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Sends a Chrome DevTools Protocol command through ChromeDriver (e.g. to emulate print
/// media), and returns its result.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Value {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
}

/// Makes the page see `prefers-color-scheme: light` or `dark` (DevTools media emulation,
/// which lasts across navigations), and checks that the page really sees it.
pub async fn set_color_scheme(client: &Client, scheme: &str) {
    let features = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
    client
        .issue_cmd(Cdp {
            cmd: "Emulation.setEmulatedMedia",
            params: features,
        })
        .await
        .expect("emulate the colour scheme through ChromeDriver's CDP endpoint");
    let dark = client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await
        .expect("ask the page for its colour scheme");
    assert_eq!(
        dark,
        Value::Bool(scheme == "dark"),
        "the page does not see prefers-color-scheme: {scheme}"
    );
}

/// The axe-core violations on the page as it is now, one line per rule and element:
/// `rule-id (impact): help — target: failure summary`. Injects axe-core (the file named by
/// `AXE_CORE_JS`, which `cargo xtask e2e` installs) when the page does not have it yet.
pub async fn axe_violations(client: &Client) -> Vec<String> {
    let loaded = client
        .execute("return typeof window.axe", vec![])
        .await
        .expect("ask for axe");
    if loaded != json!("object") {
        let path = std::env::var("AXE_CORE_JS")
            .expect("AXE_CORE_JS is not set: run the suite with `cargo xtask e2e`");
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read axe-core at {path}: {e}"));
        client
            .execute(&source, vec![])
            .await
            .expect("inject axe-core");
    }
    let script = r"
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
            .then(r => done(r.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })),
            }))))
            .catch(e => done({ error: String(e) }));
    ";
    let result = client
        .execute_async(script, vec![])
        .await
        .expect("run axe-core");
    let Value::Array(violations) = result else {
        panic!("axe-core did not run: {result}");
    };
    let mut lines = Vec::new();
    for v in &violations {
        let head = format!("{} ({}): {}", v["id"], v["impact"], v["help"]).replace('"', "");
        for node in v["nodes"].as_array().into_iter().flatten() {
            let target = node["target"].as_str().unwrap_or_default();
            let summary = node["summary"]
                .as_str()
                .unwrap_or_default()
                .replace('\n', " ");
            lines.push(format!("{head} — {target}: {summary}"));
        }
    }
    lines
}

/// Runs axe-core on the page in the light and then the dark colour scheme and fails,
/// listing every violation, unless both are clean. Leaves the page in the light scheme.
pub async fn assert_accessible(client: &Client, view: &str) {
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        set_color_scheme(client, scheme).await;
        let violations = axe_violations(client).await;
        println!(
            "axe-core: {view}, {scheme}: {} violation(s)",
            violations.len()
        );
        found.extend(
            violations
                .into_iter()
                .map(|v| format!("[{view}, {scheme}] {v}")),
        );
    }
    set_color_scheme(client, "light").await;
    assert!(
        found.is_empty(),
        "axe-core found {} violation(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Opens every `<details>` on the page, so an audit sees what they hide.
pub async fn open_all_details(client: &Client) {
    client
        .execute(
            "document.querySelectorAll('details').forEach(d => { d.open = true; });",
            vec![],
        )
        .await
        .expect("open the details");
}
