//! Where share links point. The hosted site uses its own address. The one-file build
//! (`dist/talkback.html`) opened from disk uses the hosted address it was built with
//! (`TALKBACK_BASE_URL`, in a `talkback-base-url` meta tag) or the one the reviewer gave
//! (kept in local storage); until there is one, links are the bare fragment (`#…`). A
//! local path never enters a link: a `file://` link opens on no one else's machine and
//! carries the user's folder names.

use crate::ui::storage;

/// Where links point, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkBase {
    /// The page's own web address (the hosted site).
    Page(String),
    /// The hosted address the one-file build was built with.
    Built(String),
    /// The hosted address the reviewer gave this one-file copy.
    Chosen(String),
    /// The page runs from a file and no hosted address is known.
    Unset,
}

impl LinkBase {
    /// The address to put before the `#` (empty when unset).
    pub fn address(&self) -> &str {
        match self {
            LinkBase::Page(a) | LinkBase::Built(a) | LinkBase::Chosen(a) => a,
            LinkBase::Unset => "",
        }
    }
}

/// Whether the page runs from a file (or anything that is not a web address).
pub fn runs_from_file() -> bool {
    if !cfg!(target_arch = "wasm32") {
        return false;
    }
    let protocol = gloo::utils::window()
        .location()
        .protocol()
        .unwrap_or_default();
    protocol != "https:" && protocol != "http:"
}

/// The address built into the one-file build, if any.
fn built_address() -> Option<String> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let content = gloo::utils::document()
        .query_selector("meta[name=talkback-base-url]")
        .ok()
        .flatten()?
        .get_attribute("content")?;
    talkback_core::reach::hosted_address(&content).ok()
}

/// Where links made now point.
pub fn link_base() -> LinkBase {
    if let Some(built) = built_address() {
        return LinkBase::Built(built);
    }
    if !cfg!(target_arch = "wasm32") {
        return LinkBase::Unset;
    }
    if !runs_from_file() {
        let href = gloo::utils::window().location().href().unwrap_or_default();
        return LinkBase::Page(talkback_core::reach::address_of(&href).to_owned());
    }
    storage::load_base_url().map_or(LinkBase::Unset, LinkBase::Chosen)
}
