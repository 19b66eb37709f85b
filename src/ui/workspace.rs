//! The reviewer's workspace in the browser (issue 18): every proposal and its review is
//! an item of [`talkback_core::workspace`], kept behind [`WorkspaceStore`].
//!
//! The open item is mirrored in the review page's own keys (draft, review, speaker
//! names), which the page reads before its first render and saves ≤ 300 ms after a
//! change and on `pagehide`; those keys are the truth for the open item, and
//! [`Ws::sync_open`] copies them into it before anything reads the workspace. Showing
//! another item writes it into those keys and mounts a fresh review page.

use talkback_core::workspace::backup::{self, Index};
use talkback_core::workspace::{migrate, Item, ItemId, Source, Workspace};

use crate::ui::state::StorageProblem;
use crate::ui::storage;

/// Where the items live. Per-item `localStorage` keys today ([`LocalStore`]); an
/// IndexedDB store is another implementation.
pub trait WorkspaceStore {
    /// The index (seed, id counter, open item, ids), if a workspace was kept.
    fn index(&self) -> Option<Index>;
    /// One item; `None` when missing or damaged.
    fn item(&self, id: ItemId) -> Option<Item>;
    /// Keeps `index`.
    ///
    /// # Errors
    /// [`StorageProblem`] when storage is full or refused.
    fn save_index(&self, index: &Index) -> Result<(), StorageProblem>;
    /// Keeps `item` (an item the codec cannot write is left as it was).
    ///
    /// # Errors
    /// As [`WorkspaceStore::save_index`].
    fn save_item(&self, item: &Item) -> Result<(), StorageProblem>;
    /// Forgets an item.
    fn remove_item(&self, id: ItemId);
}

/// The key of the workspace's index.
pub const INDEX_KEY: &str = "talkback.workspace.v1";

/// What every item's key starts with.
const ITEM_KEY_PREFIX: &str = "talkback.item.";

fn item_key(id: ItemId) -> String {
    format!("{ITEM_KEY_PREFIX}{id}")
}

/// The workspace in `localStorage`: the index under [`INDEX_KEY`], each item under its
/// own key, so that saving one item does not write them all.
pub struct LocalStore;

impl WorkspaceStore for LocalStore {
    fn index(&self) -> Option<Index> {
        Index::from_json(&storage::get(INDEX_KEY).ok()??)
    }

    fn item(&self, id: ItemId) -> Option<Item> {
        backup::item_from_json(&storage::get(&item_key(id)).ok()??)
    }

    fn save_index(&self, index: &Index) -> Result<(), StorageProblem> {
        storage::set(INDEX_KEY, &index.to_json())
    }

    fn save_item(&self, item: &Item) -> Result<(), StorageProblem> {
        match backup::item_to_json(item) {
            Some(json) => storage::set(&item_key(item.id), &json),
            None => Ok(()),
        }
    }

    fn remove_item(&self, id: ItemId) {
        storage::remove(&item_key(id));
    }
}

/// Milliseconds since the epoch.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn random() -> u64 {
    let part = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (part() << 32) ^ part()
}

/// The workspace and its store.
pub struct Ws {
    /// Every item.
    pub ws: Workspace,
    store: LocalStore,
    /// Items deleted here (another tab's index is merged without them).
    deleted: Vec<ItemId>,
    /// The last storage failure, shown until a save succeeds.
    pub problem: Option<StorageProblem>,
}

impl Ws {
    /// The kept workspace, or on the first start a new one holding what the single
    /// draft, review and received feedback were (nothing is lost). The open item is
    /// brought up to date from the review page's keys.
    pub fn open() -> Ws {
        let store = LocalStore;
        if !cfg!(target_arch = "wasm32") {
            // Server-side rendering: no storage, an empty workspace.
            return Ws::in_memory(Workspace::default());
        }
        let mut ws;
        if let Some(index) = store.index() {
            ws = Workspace::new(index.seed);
            ws.next = index.next;
            ws.open = index.open;
            ws.items = index.ids.iter().filter_map(|&id| store.item(id)).collect();
        } else if storage::get(INDEX_KEY).ok().flatten().is_some() {
            // An index that cannot be read (damaged, or written by a newer version): the
            // items are kept under their own keys, so the workspace is rebuilt from them
            // rather than begun anew over them (which would orphan every item).
            ws = Workspace::new(random());
            ws.items = storage::keys_with_prefix(ITEM_KEY_PREFIX)
                .iter()
                .filter_map(|key| backup::item_from_json(&storage::get(key).ok()??))
                .collect();
            ws.next = ws.items.len() as u64;
        } else {
            ws = Workspace::new(random());
            let saved = storage::load_review();
            let legacy = migrate::Legacy {
                draft: storage::load_draft().ok().flatten(),
                review: saved.review.map(|(_, review)| review),
                speaker_names: saved.speaker_names,
                received: storage::load_received(),
            };
            migrate::migrate(&mut ws, legacy, now());
        }
        ws.salt = random();
        let mut ws = Ws {
            ws,
            store,
            deleted: Vec::new(),
            problem: None,
        };
        ws.save_all();
        ws.copy_open();
        ws
    }

    /// `ws` held in memory only, never stored (server-side rendering and tests).
    pub fn in_memory(ws: Workspace) -> Ws {
        Ws {
            ws,
            store: LocalStore,
            deleted: Vec::new(),
            problem: None,
        }
    }

    fn check(&mut self, result: Result<(), StorageProblem>) {
        self.problem = result.err();
    }

    /// Keeps the index (with the ids another tab added meanwhile).
    pub fn save_index(&mut self) {
        let mut index = Index::of(&self.ws);
        if let Some(stored) = self.store.index() {
            index = index.with_others(&stored, &self.deleted);
        }
        let result = self.store.save_index(&index);
        self.check(result);
    }

    /// Keeps every item and the index.
    pub fn save_all(&mut self) {
        let result = self
            .ws
            .items
            .iter()
            .try_for_each(|item| self.store.save_item(item));
        self.check(result);
        if self.problem.is_none() {
            self.save_index();
        }
    }

    fn save_item(&mut self, id: ItemId) {
        if let Some(item) = self.ws.get(id) {
            let result = self.store.save_item(item);
            self.check(result);
        }
    }

    /// Copies the review page's draft, review and speaker names into the open item (a
    /// new item when none is open and something was written), and keeps it.
    pub fn sync_open(&mut self) {
        #[cfg(target_arch = "wasm32")]
        crate::ui::pages::review::flush();
        self.copy_open();
    }

    /// As [`Ws::sync_open`], without asking the review page to save first.
    fn copy_open(&mut self) {
        let draft = storage::load_draft().ok().flatten().unwrap_or_default();
        let saved = storage::load_review();
        let review = saved.review.map(|(_, review)| review);
        let started = review
            .as_ref()
            .is_some_and(|r| talkback_core::workspace::tally(r).started);
        let id = match self.ws.open.filter(|&id| self.ws.get(id).is_some()) {
            Some(id) => id,
            None if draft.trim().is_empty() && !started => return,
            None => {
                let id = self.ws.add(Source::Pasted, String::new(), now());
                self.ws.open = Some(id);
                self.save_index();
                id
            }
        };
        let Some(item) = self.ws.get_mut(id) else {
            return;
        };
        // An untouched review (the page's default rubric) is not a review yet.
        let review = review.filter(|_| started || item.review.is_some());
        // The page shows the text with the speakers hidden: unchanged, the item keeps
        // its own; edited, the edit is the text.
        let text_changed = draft != item.displayed_text();
        let changed = text_changed
            || (review.is_some() && review != item.review)
            || saved.speaker_names != item.speaker_names;
        if changed {
            if text_changed {
                item.text = draft;
                item.meta = talkback_core::workspace::Meta::of_text(&item.text);
            }
            if review.is_some() {
                // Reviewing again settles "changed since your review".
                item.changed_since_review &= review == item.review;
                item.review = review;
            }
            item.speaker_names = saved.speaker_names;
            item.changed = now();
            self.save_item(id);
        }
    }

    /// Shows `id` (or a fresh review for `None`): the open item is kept first, then the
    /// other is written into the review page's keys.
    pub fn show(&mut self, id: Option<ItemId>) {
        self.sync_open();
        self.load(id);
    }

    /// Opens `id` (or nothing) in the review page's keys, without keeping what they held
    /// first (after a merge or import changed the open item; else use [`Ws::show`]).
    pub fn load(&mut self, id: Option<ItemId>) {
        self.ws.open = id.filter(|&id| self.ws.get(id).is_some());
        let (text, review, names, hidden) = match self.ws.open_item() {
            Some(item) => (
                item.displayed_text(),
                item.review.clone(),
                item.speaker_names.clone(),
                item.speaker_names_hidden(),
            ),
            None => Default::default(),
        };
        let mut result =
            storage::save_draft(&text).and(storage::set(storage::HIDDEN_NAMES_KEY, &hidden));
        if let Some(review) = review {
            result = result.and(storage::save_review(&review, None, &names));
        } else {
            storage::remove(storage::REVIEW_KEY);
            result = result.and(storage::set(storage::SPEAKER_NAMES_KEY, &names));
        }
        self.check(result);
        self.save_index();
    }

    /// Deletes an item; returns where it was and the item, for `Undo`.
    pub fn remove(&mut self, id: ItemId) -> Option<(usize, Item)> {
        self.sync_open();
        let removed = self.ws.remove(id)?;
        self.store.remove_item(id);
        self.deleted.push(id);
        if self.ws.open == Some(id) {
            self.load(None);
        }
        self.save_index();
        Some(removed)
    }

    /// Puts a deleted item back.
    pub fn undo_remove(&mut self, at: usize, item: Item) {
        let id = item.id;
        self.deleted.retain(|&d| d != id);
        self.ws.undo_remove(at, item);
        self.save_item(id);
        self.save_index();
    }
}
