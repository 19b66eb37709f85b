//! Local storage for drafts. The only module that touches `window.localStorage`.
//!
//! Keys are versioned so a later format can migrate instead of misreading.

use crate::ui::state::StorageProblem;

/// The key of the current draft's Markdown.
pub const DRAFT_KEY: &str = "talkback.draft.v1";

fn local_storage() -> Result<web_sys::Storage, StorageProblem> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageProblem::Unavailable)
}

/// Reads the saved draft, if any.
///
/// # Errors
/// [`StorageProblem::Unavailable`] when the browser refuses local storage.
pub fn load_draft() -> Result<Option<String>, StorageProblem> {
    local_storage()?
        .get_item(DRAFT_KEY)
        .map_err(|_| StorageProblem::Unavailable)
}

/// Saves the draft. An empty draft is saved too (the user cleared it on purpose).
///
/// # Errors
/// [`StorageProblem::Full`] when the quota is exceeded, [`StorageProblem::Unavailable`]
/// when storage is refused.
pub fn save_draft(text: &str) -> Result<(), StorageProblem> {
    let storage = local_storage()?;
    storage.set_item(DRAFT_KEY, text).map_err(|err| {
        let name = js_sys::Reflect::get(&err, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            StorageProblem::Full
        } else {
            StorageProblem::Unavailable
        }
    })
}
