//! Local storage for the draft and its review. The only module that touches
//! `window.localStorage`.
//!
//! The review page reads and saves its [`Item`] through the [`ItemStore`] trait:
//! [`LocalItemStore`] in the browser, [`MemoryItemStore`] in server-side rendering and
//! native tests. A store of many items, or an asynchronous one, is another implementation;
//! the reducers do not change.
//!
//! Keys are versioned so a later format can migrate instead of misreading. The review is
//! stored in the share-link format, uncompressed (checksummed, range-checked on the way
//! back in), so a damaged entry is refused rather than misread.

use std::cell::RefCell;
use std::rc::Rc;

use crate::ui::state::{Item, StorageProblem, StoredItem};
use talkback_core::link::{self, SharedReview};
use talkback_core::rubric::Rubric;
use talkback_core::scoring::Review;

/// The key of the current draft's Markdown.
pub const DRAFT_KEY: &str = "talkback.draft.v1";
/// The key of the current review (share-link payload, without the proposal).
pub const REVIEW_KEY: &str = "talkback.review.v1";
/// The key of the user's custom rubric (its JSON export).
pub const CUSTOM_RUBRIC_KEY: &str = "talkback.custom-rubric.v1";
/// The key of the speaker names typed for the blind-review check.
pub const SPEAKER_NAMES_KEY: &str = "talkback.speaker-names.v1";
/// The open workspace item's hidden speakers (an import's), for the blind-review check:
/// written by the workspace when it shows an item, read when the review page opens.
pub const HIDDEN_NAMES_KEY: &str = "talkback.hidden-names.v1";
/// This tab's version of the open item (text, review, speaker names) while the page
/// waits for the choice between it and another tab's, kept when the page is left
/// unchosen (a reload): the next review page on the item offers the choice again, and a
/// tab leaving the item keeps it as a version of it (issue 18, never lose work).
#[cfg(feature = "workspace")]
pub const UNCHOSEN_KEY: &str = "talkback.unchosen.v1";
/// Which copy of the open item its mirror holds: the item's last change when the
/// workspace last wrote the mirror or copied it into the item. An item changed since (a
/// re-import, a restore, another tab) is newer than a mirror left by a closed tab.
#[cfg(feature = "workspace")]
pub const MIRROR_BASE_KEY: &str = "talkback.mirror-base.v1";
/// The review page's keys, each kept per workspace item as `key.<id>` (the open item's
/// mirror): the one list the workspace copies, forgets and deletes by.
#[cfg(feature = "workspace")]
pub const MIRRORED_KEYS: [&str; 6] = [
    DRAFT_KEY,
    REVIEW_KEY,
    SPEAKER_NAMES_KEY,
    HIDDEN_NAMES_KEY,
    UNCHOSEN_KEY,
    MIRROR_BASE_KEY,
];

#[cfg(feature = "workspace")]
thread_local! {
    /// The item this tab's draft, review and speaker-names keys mirror (issue 18):
    /// `None` is the unnumbered keys (a review not yet an item, and the single draft of
    /// the versions before). Per item, so two tabs on two items never share them.
    static MIRROR: std::cell::Cell<Option<u64>> = std::cell::Cell::new(first_mirror());
}

/// The tab's mirror (`sessionStorage`: kept across reloads, not shared with other tabs).
#[cfg(feature = "workspace")]
pub const TAB_MIRROR_KEY: &str = "talkback.tab-mirror.v1";
/// The mirror opened last in any tab: where a new tab starts.
#[cfg(feature = "workspace")]
pub const LAST_MIRROR_KEY: &str = "talkback.last-mirror.v1";

#[cfg(feature = "workspace")]
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// This tab's value of `key` (`sessionStorage`), if any.
#[cfg(feature = "workspace")]
fn tab_get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// Keeps `value` for this tab only (not fatal when refused).
#[cfg(feature = "workspace")]
fn tab_set(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

#[cfg(feature = "workspace")]
fn first_mirror() -> Option<u64> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let saved = tab_get(TAB_MIRROR_KEY).or_else(|| get(LAST_MIRROR_KEY).ok().flatten());
    saved?.parse().ok()
}

/// The item the review page's keys mirror in this tab.
#[cfg(feature = "workspace")]
pub fn mirror() -> Option<u64> {
    MIRROR.with(std::cell::Cell::get)
}

/// Makes the review page's keys mirror item `id` in this tab (and where a new tab
/// starts).
#[cfg(feature = "workspace")]
pub fn set_mirror(id: Option<u64>) {
    MIRROR.with(|m| m.set(id));
    let value = id.map(|id| id.to_string()).unwrap_or_default();
    tab_set(TAB_MIRROR_KEY, &value);
    let _ = set(LAST_MIRROR_KEY, &value);
}

/// `key` as this tab's mirror names it: `key.<item id>`, or `key` itself.
#[cfg(feature = "workspace")]
pub fn mirrored(key: &'static str) -> impl std::ops::Deref<Target = str> {
    match mirror() {
        Some(id) => format!("{key}.{id}"),
        None => key.to_string(),
    }
}

/// `key` itself: one draft, no items (without the `workspace` feature).
#[cfg(not(feature = "workspace"))]
pub fn mirrored(key: &'static str) -> impl std::ops::Deref<Target = str> {
    key
}

fn local_storage() -> Result<web_sys::Storage, StorageProblem> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageProblem::Unavailable)
}

pub(crate) fn get(key: &str) -> Result<Option<String>, StorageProblem> {
    local_storage()?
        .get_item(key)
        .map_err(|_| StorageProblem::Unavailable)
}

pub(crate) fn set(key: &str, value: &str) -> Result<(), StorageProblem> {
    let storage = local_storage()?;
    storage.set_item(key, value).map_err(|err| {
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

/// Removes `key` (nothing when storage is refused).
#[cfg(feature = "workspace")]
pub(crate) fn remove(key: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Every key that starts with `prefix` (none when storage is refused).
#[cfg(feature = "workspace")]
pub(crate) fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Ok(storage) = local_storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect()
}

/// Reads the saved draft, if any.
///
/// # Errors
/// [`StorageProblem::Unavailable`] when the browser refuses local storage.
pub fn load_draft() -> Result<Option<String>, StorageProblem> {
    get(&mirrored(DRAFT_KEY))
}

/// Saves the draft. An empty draft is saved too (the user cleared it on purpose).
///
/// # Errors
/// [`StorageProblem::Full`] when the quota is exceeded, [`StorageProblem::Unavailable`]
/// when storage is refused.
pub fn save_draft(text: &str) -> Result<(), StorageProblem> {
    set(&mirrored(DRAFT_KEY), text)
}

/// Saves the review, the custom rubric and the typed speaker names.
///
/// # Errors
/// As [`save_draft`].
pub fn save_review(
    review: &Review,
    custom: Option<&Rubric>,
    speaker_names: &str,
) -> Result<(), StorageProblem> {
    let shared = SharedReview {
        review: review.clone(),
        proposal: None,
    };
    // A review too large for a link is still kept: fall back to nothing rather than fail
    // the draft's save (the limits are far above what a person types). Kept uncompressed,
    // so that start-up reads it back without priming the link model.
    if let Ok(payload) = link::encode_uncompressed(&shared) {
        set(&mirrored(REVIEW_KEY), &payload)?;
    }
    if let Some(custom) = custom {
        set(CUSTOM_RUBRIC_KEY, &custom.to_json())?;
    }
    set(&mirrored(SPEAKER_NAMES_KEY), speaker_names)
}

/// Keeps `item`, this tab's version while the page waits for the other-tab choice, in
/// the mirror's [`UNCHOSEN_KEY`]: the review's storage payload carrying the text, a line
/// break, then the speaker names.
///
/// # Errors
/// As [`save_draft`].
#[cfg(feature = "workspace")]
pub fn save_unchosen(item: &Item) -> Result<(), StorageProblem> {
    let shared = SharedReview {
        review: (*item.review).clone(),
        proposal: Some(item.proposal.source().to_string()),
    };
    match link::encode_uncompressed(&shared) {
        Ok(payload) => set(
            &mirrored(UNCHOSEN_KEY),
            &format!("{payload}\n{}", item.speaker_names),
        ),
        // Too large for the payload (far beyond what a person types): the text alone.
        Err(_) => set(
            &mirrored(UNCHOSEN_KEY),
            &format!("\n\n{}", item.proposal.source()),
        ),
    }
}

/// An unchosen version as [`save_unchosen`] kept it under `key`: (text, review, speaker
/// names); `None` when missing or damaged.
#[cfg(feature = "workspace")]
pub fn read_unchosen(key: &str) -> Option<(String, Option<Review>, String)> {
    let value = get(key).ok()??;
    let (payload, names) = value.split_once('\n')?;
    if payload.is_empty() {
        // The text alone (`\n\n` then the text).
        return Some((names.strip_prefix('\n')?.to_string(), None, String::new()));
    }
    let shared = link::decode(payload).ok()?;
    Some((shared.proposal?, Some(shared.review), names.to_string()))
}

/// Takes this tab's unchosen version of the open item (see [`save_unchosen`]), as the
/// review page reads it when it opens: removed, so it is offered once per page.
#[cfg(feature = "workspace")]
pub fn take_unchosen() -> Option<StoredItem> {
    let key = mirrored(UNCHOSEN_KEY);
    let unchosen = read_unchosen(&key);
    remove(&key);
    let (text, review, speaker_names) = unchosen?;
    let stored = load_review();
    Some(StoredItem {
        draft: Ok(Some(text)),
        review: review
            .and_then(|r| Some((r.resolve().ok()?, r)))
            .or(stored.review),
        custom: stored.custom,
        speaker_names,
        hidden_names: get(&mirrored(HIDDEN_NAMES_KEY))
            .ok()
            .flatten()
            .unwrap_or_default(),
    })
}

/// What was saved besides the draft.
#[derive(Debug, Default)]
pub struct SavedReview {
    /// The review with its rubric, if one was saved and still reads correctly.
    pub review: Option<(Rubric, Review)>,
    /// The custom rubric, if any.
    pub custom: Option<Rubric>,
    /// The typed speaker names.
    pub speaker_names: String,
}

/// Reads the saved review, custom rubric and names. A damaged entry is skipped (and
/// logged), never misread.
pub fn load_review() -> SavedReview {
    let review = read_shared(&mirrored(REVIEW_KEY), "the saved review").and_then(|shared| {
        let rubric = shared.review.resolve().ok()?;
        Some((rubric, shared.review))
    });
    let custom = get(CUSTOM_RUBRIC_KEY)
        .ok()
        .flatten()
        .and_then(|json| Rubric::from_json(&json).ok());
    let speaker_names = get(&mirrored(SPEAKER_NAMES_KEY))
        .ok()
        .flatten()
        .unwrap_or_default();
    SavedReview {
        review,
        custom,
        speaker_names,
    }
}

/// The key of the feedback link opened last (its review, in the storage form).
pub const RECEIVED_KEY: &str = "talkback.received.v1";

/// Keeps an opened link (kind, proposal reference and review), so the feedback is still
/// here after the fragment is removed from the address bar. A speaker link is kept as a
/// speaker link: storage never holds more than the link did. Failing to keep it is not
/// fatal.
pub fn save_received(opened: &link::Opened) {
    if let Ok(payload) = link::encode_uncompressed_link(opened) {
        let _ = set(RECEIVED_KEY, &payload);
    }
}

/// The link opened last, if any and still readable.
pub fn load_received() -> Option<link::Opened> {
    let payload = get(RECEIVED_KEY).ok().flatten()?;
    let opened = link::decode_link(&payload)
        .map_err(|e| {
            let message = format!(
                "Talkback: the feedback opened last could not be read: {}",
                e.message()
            );
            web_sys::console::warn_1(&message.into());
        })
        .ok()?;
    if !link::is_stored(&payload) {
        if let Ok(stored) = link::encode_uncompressed_link(&opened) {
            if stored != payload {
                let _ = set(RECEIVED_KEY, &stored);
            }
        }
    }
    Some(opened)
}

/// Reads a review kept under `key`. A damaged entry is logged and skipped. One kept
/// compressed (as versions before the uncompressed storage form did) is kept again
/// uncompressed, so that only this start-up pays for priming the link model (unless it
/// is too large to keep uncompressed: feedback with a proposal of over ~11,000
/// characters).
fn read_shared(key: &str, what: &str) -> Option<SharedReview> {
    let payload = get(key).ok().flatten()?;
    let shared = link::decode(&payload)
        .map_err(|e| {
            let message = format!("Talkback: {what} could not be read: {}", e.message());
            web_sys::console::warn_1(&message.into());
        })
        .ok()?;
    if !link::is_stored(&payload) {
        if let Ok(stored) = link::encode_uncompressed(&shared) {
            if stored != payload {
                let _ = set(key, &stored);
            }
        }
    }
    Some(shared)
}

/// The key of the conference limits the checks use (only the editable ones).
pub const PROFILE_KEY: &str = "talkback.profile.v1";

/// Saves the editable limits as `key=value` lines (empty value: no limit).
pub fn save_profile(profile: &talkback_core::checks::Profile) {
    let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
    let text = format!(
        "name={}\ntitle={}\ndescription={}\nquestions={}\n",
        profile.name,
        opt(profile.title_max_chars),
        opt(profile.description_max_chars),
        profile.question_minutes
    );
    let _ = set(PROFILE_KEY, &text);
}

/// The saved limits applied to PyCon US's, if any were saved and they are valid.
pub fn load_profile() -> Option<talkback_core::checks::Profile> {
    let text = get(PROFILE_KEY).ok().flatten()?;
    let mut profile = talkback_core::checks::Profile::pycon_us();
    for line in text.lines() {
        let (key, value) = line.split_once('=')?;
        // Empty: no limit. Only read as a number for the numeric keys.
        let number = || {
            if value.is_empty() {
                Some(None)
            } else {
                value.parse::<usize>().ok().map(Some)
            }
        };
        match key {
            "name" => value.clone_into(&mut profile.name),
            "title" => profile.title_max_chars = number()?,
            "description" => profile.description_max_chars = number()?,
            "questions" => profile.question_minutes = u32::try_from(number()?.unwrap_or(0)).ok()?,
            _ => {}
        }
    }
    profile.validate().ok().map(|()| profile)
}

/// Where the review page keeps its item (a proposal with its review).
pub trait ItemStore {
    /// What is stored. A damaged part is skipped (and logged), never misread.
    fn load(&self) -> StoredItem;

    /// Stores `item`.
    ///
    /// # Errors
    /// [`StorageProblem::Full`] when the quota is exceeded, [`StorageProblem::Unavailable`]
    /// when storage is refused.
    fn save(&self, item: &Item) -> Result<(), StorageProblem>;

    /// Another tab wrote the item: the next save writes every part again.
    #[cfg(feature = "workspace")]
    fn forget_saved(&self) {}
}

/// The item in `localStorage`, under the draft, review, custom-rubric and speaker-names
/// keys.
#[derive(Debug, Default)]
pub struct LocalItemStore {
    /// The parts besides the draft saved last: encoding a review is not free, so an
    /// unchanged one (the same `Rc`s) is not saved again.
    saved_rest: RefCell<Option<Item>>,
}

impl ItemStore for LocalItemStore {
    fn load(&self) -> StoredItem {
        let rest = load_review();
        StoredItem {
            draft: load_draft(),
            review: rest.review,
            custom: rest.custom,
            speaker_names: rest.speaker_names,
            #[cfg(feature = "workspace")]
            hidden_names: get(&mirrored(HIDDEN_NAMES_KEY))
                .ok()
                .flatten()
                .unwrap_or_default(),
        }
    }

    fn save(&self, item: &Item) -> Result<(), StorageProblem> {
        save_draft(item.proposal.source())?;
        let unchanged = self.saved_rest.borrow().as_ref().is_some_and(|saved| {
            Rc::ptr_eq(&saved.review, &item.review)
                && saved.custom_rubric.as_ref().map(Rc::as_ptr)
                    == item.custom_rubric.as_ref().map(Rc::as_ptr)
                && Rc::ptr_eq(&saved.speaker_names, &item.speaker_names)
        });
        if !unchanged {
            save_review(
                &item.review,
                item.custom_rubric.as_deref(),
                &item.speaker_names,
            )?;
            *self.saved_rest.borrow_mut() = Some(item.clone());
        }
        Ok(())
    }

    #[cfg(feature = "workspace")]
    fn forget_saved(&self) {
        self.saved_rest.take();
    }
}

/// The item in memory: for server-side rendering (which has no storage) and tests.
#[derive(Debug, Default)]
pub struct MemoryItemStore {
    stored: RefCell<Option<Item>>,
}

impl ItemStore for MemoryItemStore {
    fn load(&self) -> StoredItem {
        let Some(item) = self.stored.borrow().clone() else {
            return StoredItem::default();
        };
        let rubric = item.review.resolve().ok();
        StoredItem {
            draft: Ok(Some(item.proposal.source().to_string())),
            review: rubric.map(|rubric| (rubric, (*item.review).clone())),
            custom: item.custom_rubric.as_deref().cloned(),
            speaker_names: item.speaker_names.to_string(),
            #[cfg(feature = "workspace")]
            hidden_names: String::new(),
        }
    }

    fn save(&self, item: &Item) -> Result<(), StorageProblem> {
        *self.stored.borrow_mut() = Some(item.clone());
        Ok(())
    }
}

/// The key of the hosted address links point at when the page runs from a file.
pub const BASE_URL_KEY: &str = "talkback.base-url.v1";

/// The hosted address the reviewer gave, if any and still a web address (anything else
/// found there, e.g. written by another local file, is ignored).
pub fn load_base_url() -> Option<String> {
    let saved = get(BASE_URL_KEY).ok().flatten()?;
    talkback_core::reach::hosted_address(&saved).ok()
}

/// Keeps the hosted address for the next visit.
///
/// # Errors
/// As [`save_draft`].
pub fn save_base_url(address: &str) -> Result<(), StorageProblem> {
    set(BASE_URL_KEY, address)
}

/// The key of the chair's decisions in the committee view: one `reference<TAB>decision`
/// a line (the reference is the CFP's code or the proposal's short code).
pub const DECISIONS_KEY: &str = "talkback.committee-decisions.v1";

/// The chair's decisions as saved: (reference, decision word) pairs; unreadable lines
/// are skipped (the words are checked by whoever reads them).
pub fn load_decisions() -> Vec<(String, String)> {
    get(DECISIONS_KEY)
        .ok()
        .flatten()
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (key, word) = line.split_once('\t')?;
            Some((key.to_string(), word.to_string()))
        })
        .collect()
}

/// Keeps the chair's decisions (tabs and line breaks in a reference become spaces).
///
/// # Errors
/// As [`save_draft`].
pub fn save_decisions(decisions: &[(String, String)]) -> Result<(), StorageProblem> {
    let mut text = String::new();
    for (key, word) in decisions {
        text.push_str(&key.replace(['\t', '\n', '\r'], " "));
        text.push('\t');
        text.push_str(word);
        text.push('\n');
    }
    set(DECISIONS_KEY, &text)
}
