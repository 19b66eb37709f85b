//! `Download as file` and `Open a file`: the second channel for links too long for where
//! they are going. The file holds exactly a link's payload ([`talkback_core::file`]).

use wasm_bindgen::JsCast as _;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::files;
use talkback_core::file;
use talkback_core::reach::address_of;

/// A `Download as file` button for `link`'s payload (the file named from `stem`, made
/// safe by [`file::file_name`]), and a live region saying what it did (`status`, kept
/// by the caller).
pub fn download_file(
    link: &AttrValue,
    stem: &AttrValue,
    status: &UseStateHandle<Option<String>>,
) -> Html {
    let onclick = {
        let (status, link, stem) = (status.clone(), link.clone(), stem.clone());
        Callback::from(move |_: MouseEvent| {
            let payload = &link[address_of(&link).len()..];
            let name = file::file_name(&stem);
            status.set(Some(
                if files::download(&name, &file::write(payload), file::MEDIA_TYPE) {
                    format!("Saved as {name} in your downloads. Send it as an attachment; it opens with Open a file.")
                } else {
                    "This browser would not save the file.".to_owned()
                },
            ));
        })
    };
    html! {
        <span class="download-file">
            <button type="button" {onclick}>{ "Download as file" }</button>
            <span class="download-status" aria-live="polite">{ (**status).clone().unwrap_or_default() }</span>
        </span>
    }
}

/// `Open a file`: a button that opens the browser's file picker for `.talkback` files
/// (the file input itself stays hidden, so the button is the one focus stop); `on_file`
/// gets the file picked. A function, not a component: the button finds its input as its
/// next sibling.
pub fn open_file(on_file: &Callback<web_sys::File>) -> Html {
    let onclick = Callback::from(|e: MouseEvent| {
        if let Some(input) = e
            .target_unchecked_into::<web_sys::Element>()
            .next_element_sibling()
        {
            input.unchecked_into::<HtmlInputElement>().click();
        }
    });
    let onchange = {
        let on_file = on_file.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(picked) = input.files().and_then(|f| f.get(0)) {
                on_file.emit(picked);
            }
            // The same file picked again still counts as a change.
            input.set_value("");
        })
    };
    html! {
        <span class="open-file">
            <button type="button" {onclick} title="Or drop a .talkback file anywhere on the page">{ "Open a file" }</button>
            <input type="file" class="open-file-input" hidden=true tabindex="-1"
                   accept={format!(".{},text/plain", file::EXTENSION)} {onchange} />
        </span>
    }
}
