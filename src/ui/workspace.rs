//! The reviewer's workspace in the browser (issue 18): every proposal and its review is
//! an item of [`talkback_core::workspace`], kept behind [`WorkspaceStore`].
//!
//! The items live in IndexedDB ([`IdbStore`]; w7's per-item `localStorage` keys are
//! moved there on the first start, and are the fallback when IndexedDB is refused). The
//! open item is mirrored in the review page's own keys (draft, review, speaker names),
//! numbered by the item ([`storage::mirrored`]), which the page reads before its first
//! render and saves ≤ 300 ms after a change and on `pagehide`; those keys are the truth
//! for the open item, and [`Ws::sync_open`] copies them into it before anything reads the
//! workspace. Showing another item writes it into its keys and mounts a fresh review
//! page. Two tabs on one item share its keys, so each hears the other's saves (the
//! `storage` event) and offers the choice; two tabs on two items share nothing. Each
//! item kept is announced on a `BroadcastChannel`, so other tabs' lists stay current and
//! never save an older copy over it.

use std::cell::RefCell;
use std::rc::Rc;

use talkback_core::workspace::backup::{self, Index};
use talkback_core::workspace::{migrate, Item, ItemId, Source, Workspace};
use wasm_bindgen::JsCast as _;

use crate::ui::state::StorageProblem;
use crate::ui::storage;

/// Where the items live: IndexedDB ([`IdbStore`]), per-item `localStorage` keys
/// ([`LocalStore`]), or nowhere (server-side rendering, before the store is open).
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
    /// A failure found after a save returned (an asynchronous store), until those
    /// items are kept.
    fn problem(&self) -> Option<StorageProblem> {
        None
    }
}

/// No storage: server-side rendering, and the page before the store is open.
struct NoStore;

impl WorkspaceStore for NoStore {
    fn index(&self) -> Option<Index> {
        None
    }
    fn item(&self, _: ItemId) -> Option<Item> {
        None
    }
    fn save_index(&self, _: &Index) -> Result<(), StorageProblem> {
        Ok(())
    }
    fn save_item(&self, _: &Item) -> Result<(), StorageProblem> {
        Ok(())
    }
    fn remove_item(&self, _: ItemId) {}
}

/// The workspace in IndexedDB: the same keys and JSON as [`LocalStore`], read whole at
/// start-up ([`Ws::open`]); each save is a transaction whose end is heard later.
pub struct IdbStore {
    db: crate::ui::idb::Db,
    /// The index as last kept (by this tab).
    index: RefCell<Option<Index>>,
    /// The keys whose last write failed, and why the last one did.
    failed: Rc<RefCell<Failed>>,
    /// Told when the set of failures changes (the app shows or drops the warning).
    notify: Rc<dyn Fn()>,
    /// Writes not yet handed to a transaction.
    queue: Rc<RefCell<Writes>>,
}

/// The keys whose last write failed, and why the last one did.
type Failed = (Vec<String>, Option<StorageProblem>);
/// Keys and values to write (`None`: forget the key).
type Writes = Vec<(String, Option<String>)>;

impl IdbStore {
    /// Queues a write; the writes queued by one task go in one transaction, made once the
    /// task ends (an import of hundreds of items is one commit).
    fn put(&self, key: String, value: Option<&str>) {
        let first = {
            let mut queue = self.queue.borrow_mut();
            queue.push((key, value.map(str::to_string)));
            queue.len() == 1
        };
        if first {
            let db = self.db.clone();
            let queue = Rc::clone(&self.queue);
            let failed = Rc::clone(&self.failed);
            let notify = Rc::clone(&self.notify);
            wasm_bindgen_futures::spawn_local(async move {
                let writes = std::mem::take(&mut *queue.borrow_mut());
                let result = crate::ui::idb::put_all(&db, &writes).await;
                let mut failed = failed.borrow_mut();
                let before = failed.0.len();
                failed.0.retain(|k| writes.iter().all(|(w, _)| w != k));
                if let Err(problem) = result {
                    failed.0.extend(writes.into_iter().map(|(k, _)| k));
                    failed.1 = Some(problem);
                }
                let changed = failed.0.len() != before;
                drop(failed);
                if changed {
                    notify();
                }
            });
        }
    }
}

impl WorkspaceStore for IdbStore {
    fn index(&self) -> Option<Index> {
        self.index.borrow().clone()
    }

    fn item(&self, _: ItemId) -> Option<Item> {
        // Every item is read at start-up; after that the workspace in memory is current.
        None
    }

    fn save_index(&self, index: &Index) -> Result<(), StorageProblem> {
        *self.index.borrow_mut() = Some(index.clone());
        self.put(INDEX_KEY.to_string(), Some(&index.to_json()));
        Ok(())
    }

    fn save_item(&self, item: &Item) -> Result<(), StorageProblem> {
        if let Some(json) = backup::item_to_json(item) {
            self.put(item_key(item.id), Some(&json));
        }
        Ok(())
    }

    fn remove_item(&self, id: ItemId) {
        self.put(item_key(id), None);
    }

    fn problem(&self) -> Option<StorageProblem> {
        let failed = self.failed.borrow();
        if failed.0.is_empty() {
            None
        } else {
            failed.1.clone()
        }
    }
}

/// The workspace of `pairs` (key, JSON) as a store keeps them, if it holds any: items in
/// the index's order, then any the index lost (an index written by a tab that had not
/// heard of them, or damaged: an item is never orphaned).
fn assemble(pairs: &[(String, String)]) -> Option<Workspace> {
    let index = pairs
        .iter()
        .find(|(k, _)| k == INDEX_KEY)
        .and_then(|(_, v)| Index::from_json(v));
    let mut items: Vec<Item> = pairs
        .iter()
        .filter(|(k, _)| k.starts_with(ITEM_KEY_PREFIX))
        .filter_map(|(_, v)| backup::item_from_json(v))
        .collect();
    if index.is_none() && items.is_empty() && pairs.iter().all(|(k, _)| k != INDEX_KEY) {
        return None;
    }
    let mut ws = match &index {
        Some(index) => {
            let mut ws = Workspace::new(index.seed);
            ws.next = index.next;
            ws.open = index.open;
            for id in &index.ids {
                if let Some(at) = items.iter().position(|i| i.id == *id) {
                    ws.items.push(items.swap_remove(at));
                }
            }
            ws
        }
        None => Workspace::new(random()),
    };
    ws.next = ws.next.max(ws.items.len() as u64 + items.len() as u64);
    ws.items.append(&mut items);
    Some(ws)
}

/// Every `localStorage` key of a workspace kept there (w7's store, or this one's while
/// IndexedDB was refused), with its value.
fn local_pairs() -> Vec<(String, String)> {
    let mut keys = storage::keys_with_prefix(ITEM_KEY_PREFIX);
    keys.push(INDEX_KEY.to_string());
    keys.into_iter()
        .filter_map(|k| {
            let v = storage::get(&k).ok()??;
            Some((k, v))
        })
        .collect()
}

/// The single draft, review and received feedback of the versions before the
/// workspace, as a new workspace (nothing is lost).
fn from_single_draft() -> Workspace {
    let mut ws = Workspace::new(random());
    let saved = storage::load_review();
    let legacy = migrate::Legacy {
        draft: storage::load_draft().ok().flatten(),
        review: saved.review.map(|(_, review)| review),
        speaker_names: saved.speaker_names,
        received: storage::load_received(),
    };
    migrate::migrate(&mut ws, legacy, now());
    ws
}

/// Offers the open item's mirror, just written, to the review page as another tab's
/// save would (the same `storage` events: the page asks which version to keep): its
/// text, and its review when `review` (the review changed).
fn offer(review: bool) {
    for key in [storage::DRAFT_KEY, storage::REVIEW_KEY]
        .into_iter()
        .take(1 + usize::from(review))
    {
        let key = storage::mirrored(key);
        let init = web_sys::StorageEventInit::new();
        init.set_key(Some(&key));
        init.set_new_value(Some(&storage::get(&key).ok().flatten().unwrap_or_default()));
        if let Ok(event) = web_sys::StorageEvent::new_with_event_init_dict("storage", &init) {
            let _ = gloo::utils::window().dispatch_event(&event);
        }
    }
}

/// The review in the open item's mirror, when it counts: started, or `kept` (the item
/// has one; an untouched review of the page's default rubric is not a review yet).
fn mirrored_review(kept: bool) -> Option<talkback_core::scoring::Review> {
    let review = storage::load_review().review.map(|(_, review)| review);
    review.filter(|r| kept || talkback_core::workspace::tally(r).started)
}

/// Every `localStorage` key of item `id`: its mirror ([`storage::MIRRORED_KEYS`]), then
/// (mentoring) its rounds, which outlive the mirror.
fn per_item_keys(id: ItemId) -> Vec<String> {
    #[allow(unused_mut)]
    let mut keys: Vec<String> = storage::MIRRORED_KEYS
        .iter()
        .map(|key| format!("{key}.{id}"))
        .collect();
    #[cfg(feature = "mentoring")]
    keys.push(crate::ui::mentoring::item_key(id));
    keys
}

/// Forgets item `id`'s mirror (its rounds stay).
fn forget_mirror(id: ItemId) {
    for key in &per_item_keys(id)[..storage::MIRRORED_KEYS.len()] {
        storage::remove(key);
    }
}

/// What hears the review page: `false` after each save (the app keeps the open item
/// then), `true` when the page takes another tab's version (it is made again).
pub type OnSave = Rc<dyn Fn(bool)>;

thread_local! {
    static ON_SAVE: RefCell<Option<OnSave>> = RefCell::new(None);
}

thread_local! {
    /// A share link was made of the open item's review since it was last kept.
    static SHARED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The review page made a share link: the open item is `shared` once next kept.
pub fn shared() {
    SHARED.with(|s| s.set(true));
}

/// Sets what hears the review page's saves.
pub fn on_save(then: Option<OnSave>) {
    ON_SAVE.with(|f| *f.borrow_mut() = then);
}

fn tell(reload: bool) -> bool {
    let then = ON_SAVE.with(|f| f.borrow().clone());
    then.map(|then| then(reload)).is_some()
}

/// The review page saved its mirror: the open item is kept too (≤ 300 ms after a change,
/// announced to the other tabs).
pub fn saved() {
    tell(false);
}

/// The review page takes another tab's version: it is made again from the item's keys,
/// which hold it. Returns whether anyone heard (no workspace open yet: the page takes
/// the text itself).
pub fn reload_review() -> bool {
    tell(true)
}

/// The channel every tab of this page announces its saves on.
const CHANNEL: &str = "talkback.workspace";

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

/// Whether the review page waits for the user's choice between its version and another
/// tab's (its changes saved first): nothing may take it to another item meanwhile.
pub fn waiting() -> bool {
    #[cfg(target_arch = "wasm32")]
    return crate::ui::pages::review::flush();
    #[cfg(not(target_arch = "wasm32"))]
    false
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

/// A deleted item, where it was, and its `localStorage` keys: what `Undo` puts back.
pub type Removed = (usize, Item, Vec<(String, String)>);

/// The workspace and its store.
pub struct Ws {
    /// Every item.
    pub ws: Workspace,
    store: Box<dyn WorkspaceStore>,
    /// Items deleted here or in another tab (another tab's index is merged without
    /// them).
    deleted: Vec<ItemId>,
    /// The last storage failure, shown until a save succeeds.
    pub problem: Option<StorageProblem>,
    /// Whether the store was opened and read ([`Ws::open`]); before, nothing is saved.
    pub ready: bool,
    /// What an import from the review page's bar said, for the list to show.
    pub said: Option<String>,
    /// Links opened before the store was read, added once it is.
    pub pending: Vec<talkback_core::link::Opened>,
    /// A new review asked for before the store was read (of this text, if any), started
    /// once it is: started at once, it would forget the open item's mirror unread.
    pub pending_new: Option<Option<String>>,
    /// Draft links opened before the store was read, each made an item once it is.
    #[cfg(feature = "mentoring")]
    pub pending_drafts: Vec<talkback_core::link::rounds::Draft>,
    /// `New review`, `Next unreviewed`, J and K asked for before the store was read,
    /// done once it is.
    pub queued: Vec<crate::ui::pages::proposals::WsEvent>,
    /// The open item, deleted in another tab (the deletion wins): this tab's copy of it,
    /// offered to keep as a new item.
    pub orphan: Option<Item>,
    /// The review page must be made again (its item was deleted in another tab).
    remount: bool,
    channel: Option<web_sys::BroadcastChannel>,
}

impl Ws {
    /// The kept workspace, read from IndexedDB (the per-item `localStorage` store when
    /// IndexedDB is refused). On the first start a workspace kept in `localStorage` (w7)
    /// moves in, else the single draft, review and received feedback become items
    /// (nothing is lost). The open item is brought up to date from its mirror. Also
    /// returns whether the review page must show another item than it read.
    /// `notify` hears of failures found after a save returned.
    pub async fn open(notify: Rc<dyn Fn()>) -> (Ws, bool) {
        if !cfg!(target_arch = "wasm32") {
            // Server-side rendering: no storage, an empty workspace.
            return (Ws::in_memory(Workspace::default()), false);
        }
        let local = assemble(&local_pairs());
        let had_local = local.is_some();
        // The unnumbered keys mirrored w7's open item.
        let unnumbered_open = local.as_ref().and_then(|l| l.open);
        let mut idb = None;
        if let Ok(db) = crate::ui::idb::open().await {
            if let Ok(pairs) = crate::ui::idb::read_all(&db).await {
                idb = Some((db, assemble(&pairs)));
            }
        }
        // What the user typed meanwhile (the page shows the mirror at once), into the
        // mirror before anything reads it: the page may be made again below.
        waiting();
        let mut write_all = true;
        let mut moved_to = None;
        // The released page's single draft, made an item here (its keys are unnumbered).
        let mut migrated = None;
        let (store, mut ws): (Box<dyn WorkspaceStore>, Workspace) = if let Some((db, kept)) = idb {
            let ws = match (kept, local) {
                (Some(mut kept), Some(local)) => {
                    kept.open = kept.open.or(local.open);
                    kept.merge(local);
                    kept
                }
                (Some(kept), None) => {
                    write_all = false;
                    kept
                }
                (None, Some(local)) => local,
                (None, None) => {
                    let ws = from_single_draft();
                    migrated = ws.open;
                    ws
                }
            };
            let queue = Rc::<RefCell<Writes>>::default();
            moved_to = had_local.then(|| (db.clone(), Rc::clone(&queue)));
            let store = IdbStore {
                db,
                index: RefCell::new(None),
                failed: Rc::default(),
                notify,
                queue,
            };
            (Box::new(store), ws)
        } else {
            // Refused: the `localStorage` store goes on (written whole only when new).
            write_all = local.is_none();
            let ws = local.unwrap_or_else(|| {
                let ws = from_single_draft();
                migrated = ws.open;
                ws
            });
            (Box::new(LocalStore), ws)
        };
        ws.salt = random();
        // The open item is this tab's mirror's (sessionStorage; a new tab: the last one
        // opened). The unnumbered keys are a review not yet an item, w7's open item, or
        // the released page's draft (migrated: not to be added again as a new review).
        ws.open = storage::mirror()
            .or(unnumbered_open)
            .or(migrated)
            .filter(|&id| ws.get(id).is_some());
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
        let mut this = Ws {
            ws,
            store,
            deleted: Vec::new(),
            problem: None,
            ready: true,
            said: None,
            pending: Vec::new(),
            pending_new: None,
            #[cfg(feature = "mentoring")]
            pending_drafts: Vec::new(),
            queued: Vec::new(),
            orphan: None,
            remount: false,
            channel,
        };
        if write_all {
            this.save_all();
        }
        let stale = this.settle_stale_mirror();
        this.copy_open();
        // Moved into IndexedDB: w7's keys go once it holds them (the space is the
        // mirror's).
        if let Some((db, queue)) = moved_to.filter(|_| this.problem.is_none()) {
            let writes = std::mem::take(&mut *queue.borrow_mut());
            match crate::ui::idb::put_all(&db, &writes).await {
                Ok(()) => {
                    for (key, _) in local_pairs() {
                        storage::remove(&key);
                    }
                }
                Err(problem) => this.problem = Some(problem),
            }
        }
        // The page read another item's mirror, or none: show the open item in its own.
        let remount = stale
            || storage::mirror() != this.ws.open
            || (this.ws.open.is_some() && !matches!(storage::load_draft(), Ok(Some(_))));
        if remount {
            let open = this.ws.open;
            this.load(open);
        }
        (this, remount)
    }

    /// `ws` held in memory only, never stored (server-side rendering and tests).
    pub fn in_memory(ws: Workspace) -> Ws {
        Ws {
            ws,
            store: Box::new(NoStore),
            deleted: Vec::new(),
            problem: None,
            ready: false,
            said: None,
            pending: Vec::new(),
            pending_new: None,
            #[cfg(feature = "mentoring")]
            pending_drafts: Vec::new(),
            queued: Vec::new(),
            orphan: None,
            remount: false,
            channel: None,
        }
    }

    fn check(&mut self, result: Result<(), StorageProblem>) {
        self.problem = result.err().or_else(|| self.store.problem());
    }

    fn announce(&self, message: &str) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&message.into());
        }
    }

    /// Listens for other tabs' saves; `changed` redraws (`true`: the review page is made
    /// again). Dropping it stops.
    pub fn listen(
        ws: &Rc<RefCell<Ws>>,
        changed: Rc<dyn Fn(bool)>,
    ) -> Option<gloo::events::EventListener> {
        let channel = ws.borrow().channel.clone()?;
        let ws = Rc::clone(ws);
        Some(gloo::events::EventListener::new(
            &channel,
            "message",
            move |event| {
                let Some(data) = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|e| e.data().as_string())
                else {
                    return;
                };
                let Ok(mut ws) = ws.try_borrow_mut() else {
                    return;
                };
                let heard = ws.hear(&data);
                let remount = std::mem::take(&mut ws.remount);
                drop(ws);
                if heard || remount {
                    changed(remount);
                }
            },
        ))
    }

    /// Takes in another tab's announcement: an item kept (`s` and its JSON) or deleted
    /// (`d` and its id). The item open here is taken in unless older (a re-import's
    /// marks, forms' scores, a restore's versions); a text or review unlike its mirror's
    /// is written there and offered to the review page as another tab's version: a
    /// choice, never an overwrite either way. Returns whether anything changed.
    fn hear(&mut self, message: &str) -> bool {
        let Some((kind, rest)) = message.split_at_checked(1) else {
            return false;
        };
        match kind {
            "s" => {
                let Some(item) = backup::item_from_json(rest) else {
                    return false;
                };
                let id = item.id;
                // The open item's mirror holds another version (another tab imported
                // forms, restored a backup, re-imported or revealed the speakers).
                // (Some: it does, and whether in its review.)
                let mut differs = None;
                if self.ws.open == Some(id) {
                    let Some(ours) = self.ws.get(id) else {
                        return false;
                    };
                    // An older copy (another tab's import re-announces every item). As
                    // old as ours: a restore there kept ours and added a version.
                    if item.changed < ours.changed {
                        return false;
                    }
                    // Only when the mirror still holds our copy, or nothing (a tab that
                    // left the item removed its keys after we rewrote them): a mirror
                    // that moved on is a tab on this item typing, newer than what it
                    // announced.
                    let draft = storage::load_draft().ok().flatten();
                    let holds = |i: &Item| {
                        draft.as_deref() == Some(&*i.displayed_text())
                            && mirrored_review(i.review.is_some()) == i.review
                    };
                    if (draft.is_none() || holds(ours)) && !holds(&item) {
                        differs = Some(
                            draft.is_some()
                                && mirrored_review(item.review.is_some()) != item.review,
                        );
                    }
                }
                match self.ws.get_mut(id) {
                    Some(ours) if *ours == item => return false,
                    Some(ours) => *ours = item,
                    None => self.ws.items.push(item),
                }
                if let Some(review) = differs {
                    // Into the mirror, so nothing copies the page's version over it,
                    // and offered: the page saves nothing until the user chooses.
                    self.rewrite(Some(id));
                    offer(review);
                }
                true
            }
            "l" => {
                // Another tab left the item open here and took its mirror: write it again,
                // whatever the keys read now (the removal may reach this tab's storage
                // after the message: a tab in another process).
                if rest.parse::<ItemId>().ok() != self.ws.open {
                    return false;
                }
                self.sync_open();
                let open = self.ws.open;
                self.rewrite(open);
                false
            }
            "d" => {
                let Ok(id) = rest.parse::<ItemId>() else {
                    return false;
                };
                self.deleted.push(id);
                if self.ws.open == Some(id) {
                    self.orphaned(id);
                    return true;
                }
                self.ws.remove(id).is_some()
            }
            _ => false,
        }
    }

    /// The open item was deleted in another tab: the deletion wins (saving it would bring
    /// it back). This tab's copy, with the review page's last changes, is kept aside as
    /// [`Ws::orphan`], offered to keep as a new item; the page is left on a fresh review.
    fn orphaned(&mut self, id: ItemId) {
        // The page's pending changes, into the item's keys (the other tab removed them).
        waiting();
        let draft = storage::load_draft().ok().flatten();
        let saved = storage::load_review();
        if let Some((_, mut item)) = self.ws.remove(id) {
            if let Some(draft) = draft.filter(|d| *d != item.displayed_text()) {
                item.meta = talkback_core::workspace::Meta::of_text(&draft);
                item.text = draft;
            }
            if let Some((_, review)) = saved.review {
                if item.review.is_some() || talkback_core::workspace::tally(&review).started {
                    item.review = Some(review);
                }
            }
            item.speaker_names = saved.speaker_names;
            self.orphan = Some(item);
        }
        storage::set_mirror(None);
        forget_mirror(id);
        self.rewrite(None);
        self.remount = true;
    }

    /// Keeps [`Ws::orphan`] (the open item, deleted in another tab) as a new item, and
    /// shows it; returns whether the review page must show it.
    pub fn keep_orphan(&mut self) -> bool {
        let Some(orphan) = self.orphan.take() else {
            return false;
        };
        self.sync_open();
        let now = now();
        let id = self.ws.add(orphan.source.clone(), String::new(), now);
        if let Some(item) = self.ws.get_mut(id) {
            *item = Item {
                id,
                created: now,
                changed: now,
                ..orphan
            };
        }
        self.save_item(id);
        self.save_index();
        self.show(Some(id))
    }

    /// The open item changed after its mirror was last copied into it (a closed tab's
    /// mirror, or this tab's before a reload, while a re-import, a restore or another tab
    /// changed the item): the newer item wins, the mirror's copy is kept as a version of
    /// it, and the mirror is written again. Returns whether it was.
    fn settle_stale_mirror(&mut self) -> bool {
        let Some(id) = self.ws.open.filter(|&id| storage::mirror() == Some(id)) else {
            return false;
        };
        let base = storage::get(&storage::mirrored(storage::MIRROR_BASE_KEY))
            .ok()
            .flatten()
            .and_then(|b| b.parse::<u64>().ok());
        let (Some(base), Ok(Some(draft))) = (base, storage::load_draft()) else {
            return false;
        };
        let Some(item) = self.ws.get_mut(id) else {
            return false;
        };
        if item.changed <= base {
            return false;
        }
        let review = mirrored_review(item.review.is_some());
        if draft != item.displayed_text() || (review.is_some() && review != item.review) {
            item.versions.push(talkback_core::workspace::Version {
                text: draft,
                review: review.or_else(|| item.review.clone()),
                changed: base,
            });
            self.save_item(id);
        }
        self.rewrite(Some(id));
        true
    }

    /// Notes in the mirror which copy of the open item it holds (see
    /// [`Ws::settle_stale_mirror`]); unless `always`, only when it changed (a tab that
    /// left the item may remove the key after this tab heard it left: then `always`).
    fn mark_mirror(&self, id: ItemId, always: bool) {
        if storage::mirror() != Some(id) {
            return;
        }
        if let Some(item) = self.ws.get(id) {
            let key = storage::mirrored(storage::MIRROR_BASE_KEY);
            let base = item.changed.to_string();
            if always || storage::get(&key).ok().flatten().as_deref() != Some(&*base) {
                let _ = storage::set(&key, &base);
            }
        }
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
        let ids: Vec<ItemId> = self.ws.items.iter().map(|i| i.id).collect();
        let mut result = Ok(());
        for id in ids {
            if result.is_ok() {
                self.save_item(id);
                result = self.problem.clone().map_or(Ok(()), Err);
            }
        }
        self.check(result);
        if self.problem.is_none() {
            self.save_index();
        }
    }

    fn save_item(&mut self, id: ItemId) {
        if let Some(item) = self.ws.get(id) {
            let result = self.store.save_item(item);
            if self.channel.is_some() {
                if let Some(json) = backup::item_to_json(item) {
                    self.announce(&format!("s{json}"));
                }
            }
            self.check(result);
        }
    }

    /// Copies the review page's draft, review and speaker names into the open item (a
    /// new item when none is open and something was written), and keeps it.
    pub fn sync_open(&mut self) {
        #[cfg(target_arch = "wasm32")]
        crate::ui::pages::review::flush();
        self.copy_open();
        // A write that failed after it returned (IndexedDB answers later).
        if let Some(problem) = self.store.problem() {
            self.problem = Some(problem);
        }
    }

    /// As [`Ws::sync_open`], without asking the review page to save first.
    fn copy_open(&mut self) {
        let shared = SHARED.with(std::cell::Cell::take);
        // No mirror (not written yet, or left by a tab that kept it): nothing to copy.
        let Ok(Some(draft)) = storage::load_draft() else {
            return;
        };
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
                // The unnumbered keys become the item's own (another tab's new review
                // writes the unnumbered ones).
                if storage::mirror().is_none() {
                    for key in storage::MIRRORED_KEYS {
                        if let Ok(Some(value)) = storage::get(key) {
                            let _ = storage::set(&format!("{key}.{id}"), &value);
                        }
                    }
                    storage::set_mirror(Some(id));
                    #[cfg(feature = "mentoring")]
                    crate::ui::mentoring::adopt_unnumbered(id);
                }
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
            || saved.speaker_names != item.speaker_names
            || shared && !item.shared;
        if changed {
            item.shared |= shared;
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
        self.mark_mirror(id, false);
    }

    /// Shows `id` (or a fresh review for `None`): the open item is kept first, then the
    /// other is written into the review page's keys. Not while the page waits for the
    /// user's choice between its version and another tab's (returns `false`).
    pub fn show(&mut self, id: Option<ItemId>) -> bool {
        if waiting() {
            return false;
        }
        self.sync_open();
        self.load(id);
        true
    }

    /// Opens `id` (or nothing) in the review page's keys, without keeping what they held
    /// first (after a merge or import changed the open item; else use [`Ws::show`]).
    pub fn load(&mut self, id: Option<ItemId>) {
        let before = storage::mirror();
        self.ws.open = id.filter(|&id| self.ws.get(id).is_some());
        let open = self.ws.open;
        if before != open {
            // The item left was kept (`show`); its mirror goes, the new one's is used.
            storage::set_mirror(open);
            if let Some(before) = before {
                self.keep_unchosen(before);
                forget_mirror(before);
                // A tab still on it writes its mirror again.
                self.announce(&format!("l{before}"));
            }
            // Another tab showing the item keeps its mirror: that is the newest text
            // (unless the item is newer: a closed tab's mirror).
            if open.is_some() && matches!(storage::load_draft(), Ok(Some(_))) {
                if !self.settle_stale_mirror() {
                    self.copy_open();
                    self.save_index();
                }
                return;
            }
        }
        self.rewrite(open);
    }

    /// Keeps the version of item `id` a tab left unchosen (closed while it offered the
    /// other-tab choice: [`storage::save_unchosen`]) as a version of the item, before its
    /// mirror goes.
    fn keep_unchosen(&mut self, id: ItemId) {
        let key = format!("{}.{id}", storage::UNCHOSEN_KEY);
        let Some((text, review, _)) = storage::read_unchosen(&key) else {
            return;
        };
        let Some(item) = self.ws.get_mut(id) else {
            return;
        };
        if item.text != text || item.review != review {
            item.versions.push(talkback_core::workspace::Version {
                text,
                review,
                changed: now(),
            });
            self.save_item(id);
        }
    }

    /// Writes item `open` into the review page's keys.
    fn rewrite(&mut self, open: Option<ItemId>) {
        let (text, review, names, hidden) = match open.and_then(|id| self.ws.get(id)) {
            Some(item) => (
                item.displayed_text(),
                item.review.clone(),
                item.speaker_names.clone(),
                item.speaker_names_hidden(),
            ),
            None => Default::default(),
        };
        let mut result = storage::save_draft(&text).and(storage::set(
            &storage::mirrored(storage::HIDDEN_NAMES_KEY),
            &hidden,
        ));
        if let Some(review) = review {
            result = result.and(storage::save_review(&review, None, &names));
        } else {
            storage::remove(&storage::mirrored(storage::REVIEW_KEY));
            result = result.and(storage::set(
                &storage::mirrored(storage::SPEAKER_NAMES_KEY),
                &names,
            ));
        }
        self.check(result);
        if let Some(id) = open {
            self.mark_mirror(id, true);
        }
        self.save_index();
    }

    /// Items for links opened (each the one it already made, if any): never replaces
    /// another.
    pub fn add_opened(&mut self, opened: &[talkback_core::link::Opened]) {
        self.sync_open();
        let now = now();
        for opened in opened {
            if let Some(id) =
                talkback_core::workspace::migrate::add_opened(&mut self.ws, opened, now)
            {
                self.save_item(id);
            }
        }
        self.save_index();
    }

    /// A fresh review (of `text`, if given) as a new item: the open one is kept first
    /// (not while the page waits for the other-tab choice: see [`Ws::show`]).
    pub fn new_review(&mut self, text: Option<String>) {
        if self.show(None) {
            if let Some(text) = text {
                self.problem = storage::save_draft(&text).err();
            }
        }
    }

    /// Deletes an item and its keys (a closed tab's mirror, its rounds); returns what
    /// `Undo` puts back.
    pub fn remove(&mut self, id: ItemId) -> Option<Removed> {
        self.sync_open();
        // (`Workspace::remove` closes the item: ask first.)
        let was_open = self.ws.open == Some(id);
        let (at, item) = self.ws.remove(id)?;
        // The open item's mirror was just copied into it; another's (a tab closed on it)
        // may hold its last words: kept for `Undo`.
        let keys = per_item_keys(id)
            .into_iter()
            .enumerate()
            .filter_map(|(i, key)| {
                let value = storage::get(&key).ok()??;
                storage::remove(&key);
                (!was_open || i >= storage::MIRRORED_KEYS.len()).then_some((key, value))
            })
            .collect();
        self.store.remove_item(id);
        self.announce(&format!("d{id}"));
        self.deleted.push(id);
        if was_open {
            // Its mirror goes too, or the next start would add it again as a new review.
            self.load(None);
        }
        self.save_index();
        Some((at, item, keys))
    }

    /// Puts a deleted item back, with its keys.
    pub fn undo_remove(&mut self, (at, item, keys): Removed) {
        let id = item.id;
        self.deleted.retain(|&d| d != id);
        self.ws.undo_remove(at, item);
        for (key, value) in &keys {
            let _ = storage::set(key, value);
        }
        self.save_item(id);
        self.save_index();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(item: &Item) -> (String, String) {
        (item_key(item.id), backup::item_to_json(item).unwrap())
    }

    /// What a store keeps reads back in the index's order, and an item the index lost (a
    /// tab's index written before it heard of the item) is listed after, never dropped.
    #[test]
    fn a_store_reads_back_in_order_with_the_items_its_index_lost() {
        let a = Item::new(5, Source::Pasted, "# A\n\ntext".into(), 1);
        let b = Item::new(9, Source::Pasted, "# B\n\ntext".into(), 2);
        let c = Item::new(7, Source::Pasted, "# C\n\ntext".into(), 3);
        let index = Index {
            seed: 3,
            next: 2,
            open: Some(9),
            ids: vec![9, 5],
        };
        let pairs = vec![
            pair(&a),
            pair(&c),
            (INDEX_KEY.to_string(), index.to_json()),
            pair(&b),
            ("talkback.other".to_string(), "ignored".to_string()),
        ];
        let ws = assemble(&pairs).expect("a workspace");
        let ids: Vec<ItemId> = ws.items.iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![9, 5, 7]);
        assert_eq!((ws.seed, ws.open), (3, Some(9)));
        assert!(ws.next >= 3, "no id handed out twice");
        assert!(assemble(&[]).is_none(), "nothing kept: no workspace");
    }
}
