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

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The button's text, which is its accessible name.
    pub label: AttrValue,
    /// Makes the text to copy, when the button is pressed.
    pub text: Callback<(), String>,
}

/// A button that copies, and says in a live region whether it did.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let status = use_state(|| None::<&'static str>);
    let onclick = {
        let status = status.clone();
        let make = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            let text = make.emit(());
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(Some(if copy_text(&text).await {
                    "Copied."
                } else {
                    "Could not copy: select the text and copy it by hand."
                }));
            });
        })
    };
    html! {
        <span class="copy-button">
            <button type="button" {onclick}>{ props.label.clone() }</button>
            <span class="copy-status" aria-live="polite">{ status.unwrap_or_default() }</span>
        </span>
    }
}
