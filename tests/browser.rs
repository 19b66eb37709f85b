//! Component tests in real headless Chromium (wasm-bindgen-test). Run by `cargo xtask test`
//! as `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use talkback::ui::app::App;
use talkback::ui::pages::review::INTERACTIVE_MARK;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the page to mount into, with empty storage.
fn fresh_root() -> HtmlElement {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Starts the App in `root` as the page starts it (`app::mount`: the first view and its
/// effects run before it returns).
fn start_app(root: &HtmlElement) {
    drop_the_runners_fragment();
    talkback::ui::app::mount(yew::Renderer::<App>::with_root(root.clone().into()));
}

/// The test runner opens its page at `/#wbg_style=…`, a fragment the App would read as a
/// broken feedback link (its notice on the page) where a reviewer's page has none. A
/// test's own link (set before it mounts) is kept.
fn drop_the_runners_fragment() {
    let window = web_sys::window().unwrap();
    if window.location().hash().unwrap().starts_with("#wbg_") {
        let path = window.location().pathname().unwrap();
        window
            .history()
            .unwrap()
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
            .unwrap();
    }
}

/// Where the review page keeps its draft: the single draft's key, or with the workspace
/// the open item's copy of it (`talkback.draft.v1.<item>`).
fn draft_key() -> String {
    talkback::ui::storage::mirrored(talkback::ui::storage::DRAFT_KEY).to_string()
}

/// Mounts the app into a fresh element, with empty storage.
async fn mount() -> HtmlElement {
    let root = fresh_root();
    start_app(&root);
    yew::scheduler::flush().await;
    root
}

fn editor(root: &HtmlElement) -> HtmlTextAreaElement {
    root.query_selector("textarea#proposal")
        .unwrap()
        .expect("the Proposal textbox")
        .unchecked_into()
}

fn preview_html(root: &HtmlElement) -> String {
    region_html(root, "Preview")
}

/// The HTML inside the element named `label` (its `aria-label`).
fn region_html(root: &HtmlElement, label: &str) -> String {
    root.query_selector(&format!("[aria-label='{label}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("the {label} region"))
        .inner_html()
}

/// Types `text` (one input event) and waits for the preview of it: past the pause a
/// burst of keystrokes waits for (100 ms), and the frame after.
async fn type_text(root: &HtmlElement, text: &str) {
    keystroke(root, text).await;
    tick(130).await;
    after_next_paint().await;
}

/// One input event setting the editor to `text`, and the render it causes.
async fn keystroke(root: &HtmlElement, text: &str) {
    keystroke_into(&editor(root), text).await;
}

/// One input event setting `area` to `text`, and the render it causes.
async fn keystroke_into(area: &HtmlTextAreaElement, text: &str) {
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

/// Resolves once the next frame is painted and the work left for after it has run (the
/// page hears of a keystroke there: an idle callback asked for in the frame), with what
/// it dispatched rendered.
async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let after = js_sys::Function::new_with_args(
            "resolve",
            "requestAnimationFrame(() => requestIdleCallback(() => setTimeout(resolve, 0)));",
        );
        after.call1(&wasm_bindgen::JsValue::NULL, &resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    yew::scheduler::flush().await;
}

/// The first view is built and interactive when the call that mounts it returns, as the
/// app starts it: its effects (the page's listeners, its interactive mark) have run in
/// the same task, so no frame, and no timer from Yew yielding, comes between. The first
/// frame drawn is the whole first view, never the header alone.
#[wasm_bindgen_test]
fn the_first_view_is_interactive_when_mounting_returns() {
    let root = fresh_root();
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance.clear_marks_with_mark_name(INTERACTIVE_MARK);
    start_app(&root);
    let (header, textbox, preview) = (
        root.query_selector("header.app-header").unwrap(),
        root.query_selector("textarea#proposal").unwrap(),
        root.query_selector("[aria-label='Preview']").unwrap(),
    );
    assert!(header.is_some(), "the header is not rendered");
    assert!(textbox.is_some(), "the Proposal textbox is not rendered");
    assert!(preview.is_some(), "the Preview is not rendered");
    assert_eq!(
        performance.get_entries_by_name(INTERACTIVE_MARK).length(),
        1,
        "the review page's start-up effects have not run"
    );
    root.remove();
}

/// Asserts the Preview region's HTML holds `html`.
fn assert_preview_has(root: &HtmlElement, html: &str) {
    let shown = preview_html(root);
    assert!(shown.contains(html), "{html} not in the preview: {shown}");
}

#[wasm_bindgen_test]
async fn typing_updates_the_preview() {
    let root = mount().await;
    type_text(&root, "# Async in Practice\n\nSome *emphasis* and `code`.").await;
    let html = preview_html(&root);
    assert!(html.contains("<h1>Async in Practice</h1>"), "{html}");
    assert!(html.contains("<em>emphasis</em>"), "{html}");
    assert!(
        root.text_content().unwrap().contains("Async in Practice"),
        "title detected"
    );

    type_text(&root, "# Async in Practice\n\n<script>alert(1)</script>").await;
    let html = preview_html(&root);
    assert!(
        !html.contains("<script"),
        "raw HTML must come out as text: {html}"
    );
    assert!(html.contains("&lt;script&gt;"), "{html}");
    root.remove();
}

/// The title the page detected (its `Detected fields`).
fn detected_title(root: &HtmlElement) -> String {
    root.query_selector(".fields-summary dd")
        .unwrap()
        .expect("the detected title")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_keystrokes_frame_holds_the_editors_echo_and_the_page_follows_after_it() {
    let root = mount().await;
    type_text(&root, "# First title").await;
    assert_preview_has(&root, "<h1>First title</h1>");
    assert_eq!(detected_title(&root), "First title");
    // The keystroke's frame: the textbox has it, the page has not rendered for it...
    keystroke(&root, "# Second title").await;
    assert_eq!(editor(&root).value(), "# Second title");
    assert_eq!(detected_title(&root), "First title");
    assert_preview_has(&root, "<h1>First title</h1>");
    // ...and hears of it in the task after the frame is painted.
    after_next_paint().await;
    assert_eq!(detected_title(&root), "Second title");
    let html = preview_html(&root);
    assert!(
        html.contains("<h1>Second title</h1>") && !html.contains("First"),
        "{html}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn in_a_burst_of_keystrokes_the_page_waits_for_the_pause() {
    let root = mount().await;
    type_text(&root, "# One").await;
    // A keystroke after a pause: the page follows after its frame.
    keystroke(&root, "# Two").await;
    after_next_paint().await;
    assert_preview_has(&root, "<h1>Two</h1>");
    // The next one at once (a burst): the page draws no frame between keystrokes...
    keystroke(&root, "# Three").await;
    after_next_paint().await;
    assert_preview_has(&root, "<h1>Two</h1>");
    assert_eq!(detected_title(&root), "Two");
    // ...and catches up when the typing pauses.
    tick(130).await;
    after_next_paint().await;
    assert_preview_has(&root, "<h1>Three</h1>");
    assert_eq!(detected_title(&root), "Three");
    root.remove();
}

#[wasm_bindgen_test]
async fn leaving_the_textbox_tells_the_page_at_once() {
    let root = mount().await;
    type_text(&root, "# Before").await;
    let area = editor(&root);
    area.focus().unwrap();
    keystroke(&root, "# After").await;
    assert_eq!(detected_title(&root), "Before");
    // Whatever is clicked next (a share button, another item) acts on the text typed.
    area.blur().unwrap();
    yew::scheduler::flush().await;
    assert_eq!(detected_title(&root), "After");
    assert_preview_has(&root, "<h1>After</h1>");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_render_before_the_page_heard_of_a_keystroke_leaves_it_in_the_textbox() {
    let root = mount().await;
    type_text(&root, "# One\n\nA draft.").await;
    keystroke(&root, "# Two\n\nA draft.").await;
    // Before the frame: an example is picked, and the page renders its question with
    // the text it has.
    let picker = root
        .query_selector("select.example-picker")
        .unwrap()
        .expect("Try an example");
    js_sys::Function::new_with_args(
        "select",
        "select.value = '0'; select.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &picker)
    .unwrap();
    yew::scheduler::flush().await;
    assert!(root.text_content().unwrap().contains("Replace your draft"));
    assert_eq!(
        editor(&root).value(),
        "# Two\n\nA draft.",
        "the keystroke kept"
    );
    after_next_paint().await;
    assert_eq!(editor(&root).value(), "# Two\n\nA draft.");
    assert_eq!(detected_title(&root), "Two");
    root.remove();
}

#[wasm_bindgen_test]
async fn hiding_the_page_saves_a_keystroke_the_page_has_not_heard_of() {
    let root = mount().await;
    type_text(&root, "# Saved soon").await;
    keystroke(&root, "# Saved soon, and this").await;
    // The tab is hidden (or closed) within the keystroke's frame.
    document()
        .dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
        .unwrap();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.get_item(&draft_key()).unwrap().as_deref(),
        Some("# Saved soon, and this")
    );
    root.remove();
}

/// Whether the page's `CSS.highlights` holds a highlight named `name`.
fn painted(name: &str) -> bool {
    js_sys::Function::new_with_args("name", "return CSS.highlights.has(name);")
        .call1(&wasm_bindgen::JsValue::NULL, &name.into())
        .unwrap()
        .as_bool()
        .unwrap()
}

/// Polls (up to 4 s) until `name` is painted.
async fn until_painted(name: &str) {
    poll_until(&format!("{name} painted"), 200, 20, || {
        painted(name).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn typing_takes_the_passages_painted_in_the_preview_off_until_it_pauses() {
    const BLIND: &str = "talkback-blind";
    let root = mount().await;
    // A blind-review finding in the Description, painted in the preview once analysed.
    let draft = "# Fast tests\n\n## Description\n\nHi, I'm Jane Doe: write to jane@example.com about fast tests.\n";
    type_text(&root, draft).await;
    until_painted(BLIND).await;
    // A keystroke: off the page in that keystroke's frame, and after the page heard it.
    keystroke(&root, &format!("{draft}A")).await;
    assert!(!painted(BLIND), "still painted in the keystroke's frame");
    after_next_paint().await;
    assert!(!painted(BLIND), "painted again while typing");
    // Still off within the pause (1 s after the keystroke; timers run in deadline order),
    // and back after it.
    tick(600).await;
    yew::scheduler::flush().await;
    assert!(!painted(BLIND), "painted again before typing paused");
    // A keystroke within the pause starts it again: still off 1.2 s after the first
    // keystroke, 0.6 s after this one.
    keystroke(&root, &format!("{draft}AB")).await;
    tick(600).await;
    yew::scheduler::flush().await;
    assert!(
        !painted(BLIND),
        "painted again within the pause after the last keystroke"
    );
    until_painted(BLIND).await;
    // Leaving the textbox puts them back at once.
    let area = editor(&root);
    area.focus().unwrap();
    keystroke(&root, &format!("{draft}ABC")).await;
    assert!(!painted(BLIND));
    area.blur().unwrap();
    yew::scheduler::flush().await;
    assert!(painted(BLIND), "not painted on leaving the textbox");
    root.remove();
}

/// Mounts the app opened on a speaker's feedback link carrying `draft`, with "Edit the
/// proposal" pressed; returns the root and the revision's textbox.
async fn mount_feedback_editing(draft: &str) -> (HtmlElement, HtmlTextAreaElement) {
    use talkback_core::link::{encode_speaker_link, ProposalRef, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;
    let mut review = Review::for_rubric(&preset("mentor-checklist", 1).expect("a preset"));
    review.author_comment = "Time each part.".into();
    let shared = SharedReview {
        review,
        proposal: Some(draft.into()),
    };
    let link = encode_speaker_link(&shared, &ProposalRef::of(draft, None), draft, "")
        .expect("a speaker link");
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link))
        .unwrap();
    let root = mount().await;
    // (The page takes the fragment out of the address at once; the next test opens none.)
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    let edit = root.query_selector_all("button").unwrap();
    let edit = (0..edit.length())
        .filter_map(|i| edit.item(i))
        .find(|b| b.text_content().as_deref() == Some("Edit the proposal"))
        .expect("Edit the proposal");
    edit.unchecked_ref::<HtmlElement>().click();
    yew::scheduler::flush().await;
    let area = root
        .query_selector("textarea#revised-proposal")
        .unwrap()
        .expect("the revision's textbox")
        .unchecked_into();
    (root, area)
}

/// The feedback page's preview of the proposal (the revision, once the page heard of it).
fn feedback_preview_html(root: &HtmlElement) -> String {
    region_html(root, "Proposal as shared")
}

#[wasm_bindgen_test]
async fn the_speakers_revision_editor_echoes_a_keystroke_and_the_feedback_follows_after_its_frame()
{
    let (root, area) = mount_feedback_editing("# Shared title\n\nA draft.").await;
    assert!(feedback_preview_html(&root).contains("<h1>Shared title</h1>"));
    // The keystroke's frame: the textbox has it, the feedback page has not rendered...
    keystroke_into(&area, "# Revised title\n\nA draft.").await;
    assert_eq!(area.value(), "# Revised title\n\nA draft.");
    assert!(feedback_preview_html(&root).contains("<h1>Shared title</h1>"));
    // ...and shows the revision in the task after the frame is painted.
    after_next_paint().await;
    let html = feedback_preview_html(&root);
    assert!(html.contains("<h1>Revised title</h1>"), "{html}");
    root.remove();
}

#[wasm_bindgen_test]
async fn hiding_the_page_tells_the_feedback_page_a_keystroke_it_has_not_heard_of() {
    let (root, area) = mount_feedback_editing("# Shared title\n\nA draft.").await;
    keystroke_into(&area, "# Kept title\n\nA draft.").await;
    assert!(feedback_preview_html(&root).contains("<h1>Shared title</h1>"));
    // The tab is hidden (or closed) within the keystroke's frame: the page hears of it
    // at once (and keeps a speaker's revision as their own there).
    let hide = |hidden: bool| {
        js_sys::Function::new_with_args(
            "hidden",
            "if (hidden) { Object.defineProperty(document, 'hidden', { value: true, configurable: true }); } else { delete document.hidden; }",
        )
        .call1(&wasm_bindgen::JsValue::NULL, &hidden.into())
        .unwrap();
    };
    hide(true);
    document()
        .dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
        .unwrap();
    hide(false);
    yew::scheduler::flush().await;
    let html = feedback_preview_html(&root);
    assert!(html.contains("<h1>Kept title</h1>"), "{html}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_failing_storage_shows_the_warning_and_the_page_keeps_working() {
    let root = mount().await;
    // Make every save fail the way a full storage does.
    let window = web_sys::window().unwrap();
    let storage_class = js_sys::Reflect::get(&window, &"Storage".into()).unwrap();
    let proto = js_sys::Reflect::get(&storage_class, &"prototype".into()).unwrap();
    let original = js_sys::Reflect::get(&proto, &"setItem".into()).unwrap();
    let failing =
        js_sys::Function::new_no_args("throw new DOMException('full', 'QuotaExceededError');");
    js_sys::Reflect::set(&proto, &"setItem".into(), &failing).unwrap();

    type_text(&root, "# A draft\n\nthat cannot be saved").await;
    // Hiding the page saves at once (no need to wait for the autosave timer).
    document()
        .dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    js_sys::Reflect::set(&proto, &"setItem".into(), &original).unwrap();

    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("a warning");
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("storage for Talkback is full"),
        "{:?}",
        alert.text_content()
    );
    // Still working: typing still renders.
    type_text(&root, "# Still here").await;
    assert_preview_has(&root, "<h1>Still here</h1>");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_recovery_banner_replaces_a_dead_page() {
    talkback::ui::panic::show_recovery_banner(true);
    let banner = document()
        .get_element_by_id("recovery-banner")
        .expect("the banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner
        .text_content()
        .unwrap()
        .contains("Your draft is saved"));
    banner.remove();
}

#[wasm_bindgen_test]
async fn the_page_opens_on_the_saved_draft_and_keeps_a_review_saved_compressed_uncompressed() {
    use talkback::ui::storage::{mirrored, RECEIVED_KEY, REVIEW_KEY};
    use talkback_core::link::{self, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;

    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let mut review = Review::for_rubric(&preset("mentor-checklist", 1).unwrap());
    review.answers[0] = Some(1);
    review.author_comment = "Say who the talk is for, and what they take home.".repeat(3);
    let shared = SharedReview {
        review,
        proposal: None,
    };
    let compressed = link::encode_fragment(&shared).unwrap();
    assert_ne!(compressed, link::encode_uncompressed(&shared).unwrap());
    storage
        .set_item(&draft_key(), "# Saved before\n\nThe draft.")
        .unwrap();
    storage
        .set_item(&mirrored(REVIEW_KEY), &compressed)
        .unwrap();
    storage.set_item(RECEIVED_KEY, &compressed).unwrap();

    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    // What the editor holds when the page marks itself interactive, right after its first
    // render: the saved draft already, not an empty editor filled in by a second render.
    let performance = web_sys::window().unwrap().performance().unwrap();
    let original_mark = js_sys::Reflect::get(&performance, &"mark".into()).unwrap();
    let spy = js_sys::Function::new_with_args(
        "name",
        "if (name === 'talkback-interactive') {
           const editor = document.querySelector('textarea#proposal');
           window.__talkbackEditorAtMark = editor ? editor.value : null;
         }",
    );
    js_sys::Reflect::set(&performance, &"mark".into(), &spy).unwrap();
    start_app(&root);
    yew::scheduler::flush().await;
    js_sys::Reflect::set(&performance, &"mark".into(), &original_mark).unwrap();
    let at_mark = js_sys::Reflect::get(
        &web_sys::window().unwrap(),
        &"__talkbackEditorAtMark".into(),
    )
    .unwrap()
    .as_string();
    assert_eq!(at_mark.as_deref(), Some("# Saved before\n\nThe draft."));

    assert_eq!(editor(&root).value(), "# Saved before\n\nThe draft.");
    assert_preview_has(&root, "<h1>Saved before</h1>");
    // Both entries now read back without the compression model, to the same review
    // (read before waiting: the earlier tests' pages are still alive, with their timers).
    for key in [&*mirrored(REVIEW_KEY), RECEIVED_KEY] {
        let kept = storage.get_item(key).unwrap().expect(key);
        assert_eq!(kept, link::encode_uncompressed(&shared).unwrap(), "{key}");
        assert_eq!(link::decode(&kept).unwrap(), shared, "{key}");
    }
    // The scoring panel follows the first render.
    let author: HtmlTextAreaElement = appears(&root, "textarea#author-comment")
        .await
        .unchecked_into();
    assert_eq!(author.value(), shared.review.author_comment);
    root.remove();
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_draft_saved_by_another_tab_while_the_page_opens_is_offered_not_overwritten() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage
        .set_item(&draft_key(), "# Mine\n\nAs saved here.")
        .unwrap();
    // Another tab saves right after this page's first read, before it listens for the
    // `storage` event: the first read of the draft gives the old text, every later one
    // the other tab's.
    let window = web_sys::window().unwrap();
    let storage_class = js_sys::Reflect::get(&window, &"Storage".into()).unwrap();
    let proto = js_sys::Reflect::get(&storage_class, &"prototype".into()).unwrap();
    let original = js_sys::Reflect::get(&proto, &"getItem".into()).unwrap();
    let racing = js_sys::Function::new_with_args(
        "key",
        &format!(
            "const original = Storage.prototype.__talkbackGetItem;
             const value = original.call(this, key);
             if (key === '{}' && !Storage.prototype.__talkbackFirstRead) {{
               Storage.prototype.__talkbackFirstRead = true;
               this.setItem(key, '# Theirs\\n\\nFrom the other tab.');
             }}
             return value;",
            draft_key()
        ),
    );
    js_sys::Reflect::set(&proto, &"__talkbackGetItem".into(), &original).unwrap();
    js_sys::Reflect::set(&proto, &"getItem".into(), &racing).unwrap();

    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    start_app(&root);
    yew::scheduler::flush().await;
    js_sys::Reflect::set(&proto, &"getItem".into(), &original).unwrap();

    assert_eq!(editor(&root).value(), "# Mine\n\nAs saved here.");
    let text = root.text_content().unwrap();
    assert!(
        text.contains("This draft was changed in another tab"),
        "the choice should be offered: {text}"
    );
    // Nothing was overwritten: the other tab's text is still what is saved.
    assert_eq!(
        storage.get_item(&draft_key()).unwrap().as_deref(),
        Some("# Theirs\n\nFrom the other tab.")
    );
    root.remove();
    storage.clear().unwrap();
}

/// Waits (up to 2 s) until an element matching `selector` is in `root`.
async fn appears(root: &HtmlElement, selector: &str) -> web_sys::Element {
    poll_until(&format!("{selector} appearing"), 200, 10, || {
        root.query_selector(selector).unwrap()
    })
    .await
}

/// Asks `found` every `step_ms`, letting timers and Yew's scheduler run in between, until
/// it gives a value; fails naming `what` after `tries` tries.
async fn poll_until<T>(
    what: &str,
    tries: i32,
    step_ms: i32,
    mut found: impl FnMut() -> Option<T>,
) -> T {
    for _ in 0..tries {
        if let Some(value) = found() {
            return value;
        }
        tick(step_ms).await;
        yew::scheduler::flush().await;
    }
    panic!("{what}: not within {} ms", tries * step_ms);
}

#[wasm_bindgen_test]
async fn the_panels_below_the_editor_follow_the_first_frame() {
    let root = mount().await;
    // The first render, the one the page is interactive after: the editor and the
    // preview, not yet the blind-review check, checks, scoring and share panels beside
    // and below them (nor the analysis they show).
    editor(&root);
    for panel in [
        "select#rubric",
        "[aria-label=Checks]",
        "[aria-label='Blind-review check']",
    ] {
        assert!(root.query_selector(panel).unwrap().is_none(), "{panel}");
    }
    // A task later they are there, with the names the suite finds them by, and the
    // analysis of the (empty) draft in them.
    appears(&root, "select#rubric").await;
    let checks = appears(&root, "[aria-label=Checks]").await;
    let found = checks.text_content().unwrap_or_default();
    assert!(found.contains("There is no title."), "{found}");
    appears(&root, "[aria-label='Blind-review check']").await;
    let buttons = root.text_content().unwrap_or_default();
    assert!(buttons.contains("Create share link"), "{buttons}");
    assert!(buttons.contains("Comment for the author"), "{buttons}");
    root.remove();
}

/// Resolves after `ms` milliseconds: one step of a polling loop.
async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_blind_review_check_lists_the_notes_apart_and_says_what_it_scanned() {
    let root = mount().await;
    type_text(
        &root,
        "# Fast tests\n\n## Description\n\nTips for fast tests.\n\n## Notes for reviewers\n\nSlides are on my site: https://quietpages.example.dev/talks\n",
    )
    .await;
    // (It shows with the first analysis, a task after the page's first frame.)
    appears(&root, "[aria-label='Blind-review check']").await;
    let region = || {
        root.query_selector("[aria-label='Blind-review check']")
            .unwrap()
            .expect("the Blind-review check region")
            .text_content()
            .unwrap_or_default()
    };
    // The scan runs after a pause in typing: poll until it has.
    let mut text = region();
    for _ in 0..250 {
        if text.contains("quietpages.example.dev") {
            break;
        }
        tick(20).await;
        yew::scheduler::flush().await;
        text = region();
    }
    assert!(
        text.contains("In fields not shared (Notes for reviewers)"),
        "{text}"
    );
    assert!(
        text.contains("https://quietpages.example.dev/talks"),
        "{text}"
    );
    assert!(
        text.contains("Nothing found in the shared fields (Title and Description)."),
        "{text}"
    );
    root.remove();
}

/// Hosts the view functions that keep no state of their own: `Copy …` and `Open a file`.
#[yew::component]
fn ButtonsHost() -> yew::Html {
    use yew::Callback;
    yew::html! {
        <>
            { talkback::ui::clipboard::copy_button("Copy the text", Callback::from(|()| "some text".to_owned())) }
            { talkback::ui::components::files::open_file(&Callback::noop()) }
        </>
    }
}

#[wasm_bindgen_test]
async fn a_copy_button_says_beside_it_whether_it_copied_and_open_a_file_opens_the_picker() {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<ButtonsHost>::with_root(root.clone().into()).render();
    yew::scheduler::flush().await;

    let status = root
        .query_selector(".copy-status")
        .unwrap()
        .expect("the live region");
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(status.text_content().unwrap_or_default(), "");
    let copy: HtmlElement = root
        .query_selector(".copy-button button")
        .unwrap()
        .expect("the Copy button")
        .unchecked_into();
    assert_eq!(copy.text_content().unwrap_or_default(), "Copy the text");
    copy.click();
    let mut said = String::new();
    for _ in 0..200 {
        said = status.text_content().unwrap_or_default();
        if !said.is_empty() {
            break;
        }
        tick(10).await;
    }
    // Headless Chromium may refuse the clipboard; either way the region says what happened.
    assert!(
        said == "Copied." || said == "Could not copy: select the text and copy it by hand.",
        "{said:?}"
    );

    // `Open a file` clicks the hidden file input, which opens the browser's picker.
    let input = root
        .query_selector("input[type=file]")
        .unwrap()
        .expect("the hidden file input");
    let clicked = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = std::rc::Rc::clone(&clicked);
    let listener = gloo::events::EventListener::new(&input, "click", move |e| {
        e.prevent_default();
        counter.set(counter.get() + 1);
    });
    let open: HtmlElement = root
        .query_selector(".open-file button")
        .unwrap()
        .expect("the Open a file button")
        .unchecked_into();
    open.click();
    assert_eq!(clicked.get(), 1, "the file input was clicked once");
    drop(listener);
    root.remove();
}

/// The workspace's IndexedDB store (issue 18): what is put is read back at the next
/// start, a later write wins over an earlier one, a deleted key is gone.
#[wasm_bindgen_test]
async fn indexeddb_keeps_what_was_put_in_order() {
    use talkback::ui::idb;
    let db = idb::open().await.expect("IndexedDB in headless Chromium");
    let put = |key: &str, value: Option<&str>| (key.to_string(), value.map(str::to_string));
    idb::put_all(
        &db,
        &[
            put("test.a", Some("first")),
            put("test.b", Some("gone soon")),
        ],
    )
    .await
    .expect("kept");
    idb::put_all(&db, &[put("test.a", Some("second")), put("test.b", None)])
        .await
        .expect("kept");
    db.close();
    let db = idb::open().await.expect("opened again");
    let kept = idb::read_all(&db).await.expect("read back");
    let find = |key: &str| kept.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    assert_eq!(find("test.a").as_deref(), Some("second"));
    assert_eq!(find("test.b"), None);
}
