//! Copying text: the clipboard API, and where a page may not use it (some browsers on
//! `file://`), the old copy command on a hidden textbox.

use wasm_bindgen::JsCast as _;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Copies `text`; whether it worked.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    if wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
    {
        return true;
    }
    let Some(document) = window.document() else {
        return false;
    };
    let (Some(body), Ok(area)) = (document.body(), document.create_element("textarea")) else {
        return false;
    };
    let Ok(area) = area.dyn_into::<HtmlTextAreaElement>() else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("aria-hidden", "true");
    area.set_class_name("offscreen");
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let copied = js_sys::Reflect::get(&document, &"execCommand".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&document, &"copy".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    area.remove();
    copied
}

/// A button labelled `label` that copies what `text` makes when it is pressed, and says
/// in a live region beside it whether it did. A function, not a component: the status is
/// written into that region, which Yew leaves alone (it has no children in the markup),
/// so it stays while the button is shown, as a component's state would.
pub fn copy_button(label: &'static str, text: Callback<(), String>) -> Html {
    let onclick = Callback::from(move |e: MouseEvent| {
        let status = e
            .target_unchecked_into::<web_sys::Element>()
            .next_element_sibling();
        let text = text.emit(());
        wasm_bindgen_futures::spawn_local(async move {
            let said = if copy_text(&text).await {
                "Copied."
            } else {
                "Could not copy: select the text and copy it by hand."
            };
            if let Some(status) = status {
                status.set_text_content(Some(said));
            }
        });
    });
    html! {
        <span class="copy-button">
            <button type="button" {onclick}>{ label }</button>
            <span class="copy-status" aria-live="polite"></span>
        </span>
    }
}
