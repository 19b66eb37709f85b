//! The workspace's IndexedDB database (issue 18), through web-sys's own `Idb*` bindings
//! (no crate: docs/size.md, "IndexedDB"). One object store of string keys and string
//! values — the same keys and JSON the per-item `localStorage` store used — read whole
//! once at start-up and written one key a transaction after that.

use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::ui::state::StorageProblem;

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
pub async fn open() -> Result<IdbDatabase, StorageProblem> {
    let refused = |_| StorageProblem::Unavailable;
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageProblem::Unavailable)?;
    let request = factory.open_with_u32(DB, 1).map_err(refused)?;
    let upgrade = {
        let request = request.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(db) = request.result().ok().and_then(|db| db.dyn_into::<IdbDatabase>().ok()) {
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
pub async fn read_all(db: &IdbDatabase) -> Result<Vec<(String, String)>, StorageProblem> {
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

/// Keeps `value` under `key` (`None`: forgets the key), in a transaction of its own;
/// `done` hears how it ended (`None`: kept). Transactions on the store run in the
/// order they were made, so a later write is never overtaken by an earlier one.
///
/// # Errors
/// [`StorageProblem::Unavailable`] when the write cannot even start (database closed).
pub fn put(
    db: &IdbDatabase,
    key: &str,
    value: Option<&str>,
    done: Rc<dyn Fn(Option<StorageProblem>)>,
) -> Result<(), StorageProblem> {
    let refused = |_| StorageProblem::Unavailable;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(refused)?;
    let store = tx.object_store(STORE).map_err(refused)?;
    let key = JsValue::from_str(key);
    match value {
        Some(value) => store.put_with_key(&JsValue::from_str(value), &key),
        None => store.delete(&key),
    }
    .map_err(refused)?;
    let ended = JsFuture::from(Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    }));
    wasm_bindgen_futures::spawn_local(async move {
        let ended = ended.await;
        done(ended.err().map(|_| problem_of(&tx)));
    });
    Ok(())
}

/// Settles once every write made before it has ended (a transaction on the same store
/// waits for them), then tells whether the database still works.
pub async fn written(db: &IdbDatabase) -> bool {
    let Ok(tx) = db.transaction_with_str(STORE) else {
        return false;
    };
    let Ok(request) = tx.object_store(STORE).and_then(|s| s.count()) else {
        return false;
    };
    settled(&request).await.is_ok()
}
