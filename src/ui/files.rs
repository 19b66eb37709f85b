//! Files as the second channel: saving text as a download and reading a picked or
//! dropped file. Both work under the page's CSP and from `file://`: a download is an
//! `<a download>` to a `Blob`'s object URL (no request leaves the page), a file is read
//! with `Blob.arrayBuffer()`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Saves `text` as a download named `name`. Returns whether the browser took it.
pub fn download(name: &str, text: &str, media_type: &str) -> bool {
    try_download(name, text, media_type).is_some()
}

fn try_download(name: &str, text: &str, media_type: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    let body = document.body()?;
    body.append_child(&anchor).ok()?;
    anchor.click();
    anchor.remove();
    // The download has its own reference to the blob once started; give it a minute.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadProblem {
    /// Larger than the limit given.
    TooLarge,
    /// The browser could not read it (removed, no permission).
    Unreadable,
}

/// Reads a file's bytes, refusing (without reading) one over `max_bytes`.
///
/// # Errors
/// [`ReadProblem`] saying why.
pub async fn read_bytes(file: &web_sys::File, max_bytes: usize) -> Result<Vec<u8>, ReadProblem> {
    // Sizes past f64's exact integers are over any limit anyway.
    #[allow(clippy::cast_precision_loss)]
    if file.size() > max_bytes as f64 {
        return Err(ReadProblem::TooLarge);
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ReadProblem::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The first file in a drag's data, if it carries files.
pub fn dropped_file(event: &web_sys::DragEvent) -> Option<web_sys::File> {
    event.data_transfer()?.files()?.get(0)
}

/// Whether a drag carries files (so the page, not a text box, should take the drop).
pub fn drags_files(event: &web_sys::DragEvent) -> bool {
    event.data_transfer().is_some_and(|d| {
        d.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}
