//! The workspace's IndexedDB database (issue 18), through web-sys's own `Idb*` bindings
//! (no crate: docs/size.md, "IndexedDB"). One object store of string keys and string
//! values — the same keys and JSON the per-item `localStorage` store used — read whole
//! once at start-up and written one key a transaction after that.

use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::ui::state::StorageProblem;

/// The database connection.
pub type Db = IdbDatabase;

/// The database's name.
const DB: &str = "talkback";
/// The one object store.
const STORE: &str = "kv";

/// A future settled when `request` succeeds or fails (its handlers are set at once, so
/// no event is missed however late it is awaited).
fn settled(request: &IdbRequest) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    }))
}

/// What a failed transaction means for the user: full, or refused.
fn problem_of(tx: &IdbTransaction) -> StorageProblem {
    match tx.error() {
        Some(error) if error.name() == "QuotaExceededError" => StorageProblem::Full,
        _ => StorageProblem::Unavailable,
    }
}

/// Opens (and on the first start creates) the database.
///
/// # Errors
/// [`StorageProblem::Unavailable`] when the browser has no IndexedDB or refuses it
/// (blocked site data, some private modes).
pub async fn open() -> Result<Db, StorageProblem> {
    let refused = |_| StorageProblem::Unavailable;
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageProblem::Unavailable)?;
    let request = factory.open_with_u32(DB, 1).map_err(refused)?;
    let upgrade = {
        let request = request.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(db) = request
                .result()
                .ok()
                .and_then(|db| db.dyn_into::<IdbDatabase>().ok())
            {
                let _ = db.create_object_store(STORE);
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = settled(&request).await;
    request.set_onupgradeneeded(None);
    opened.map_err(refused)?;
    request
        .result()
        .ok()
        .and_then(|db| db.dyn_into::<IdbDatabase>().ok())
        .ok_or(StorageProblem::Unavailable)
}

/// Every (key, value) kept.
///
/// # Errors
/// [`StorageProblem::Unavailable`] when the database cannot be read.
pub async fn read_all(db: &Db) -> Result<Vec<(String, String)>, StorageProblem> {
    let refused = |_| StorageProblem::Unavailable;
    let tx = db.transaction_with_str(STORE).map_err(refused)?;
    let store = tx.object_store(STORE).map_err(refused)?;
    let keys = store.get_all_keys().map_err(refused)?;
    let values = store.get_all().map_err(refused)?;
    let (keys_read, values_read) = (settled(&keys), settled(&values));
    keys_read.await.map_err(refused)?;
    values_read.await.map_err(refused)?;
    let keys = Array::from(&keys.result().map_err(refused)?);
    let values = Array::from(&values.result().map_err(refused)?);
    Ok(keys
        .iter()
        .zip(values.iter())
        .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
        .collect())
}

/// Keeps each `(key, value)` (a `None` value forgets the key), all in one transaction:
/// all kept or none. Transactions on the store run in the order they were made, so a
/// later write is never overtaken by an earlier one.
///
/// # Errors
/// [`StorageProblem::Full`] when the quota is exceeded, else
/// [`StorageProblem::Unavailable`].
pub async fn put_all(db: &Db, writes: &[(String, Option<String>)]) -> Result<(), StorageProblem> {
    let refused = |_| StorageProblem::Unavailable;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(refused)?;
    let store = tx.object_store(STORE).map_err(refused)?;
    let ended = JsFuture::from(Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    }));
    for (key, value) in writes {
        let key = JsValue::from_str(key);
        let request = match value {
            Some(value) => store.put_with_key(&JsValue::from_str(value), &key),
            None => store.delete(&key),
        };
        if request.is_err() {
            let _ = tx.abort();
            return Err(StorageProblem::Unavailable);
        }
    }
    ended.await.map(drop).map_err(|_| problem_of(&tx))
}
