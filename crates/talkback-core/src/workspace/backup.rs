//! `Back up workspace` / `Restore workspace`: one file holding every item, and the merge
//! that restores it without wiping anything.
//!
//! The file is JSON Lines: a first line `{"talkback-workspace":1,"seed":"…","next":…}`,
//! then one item a line (see `format.rs`). A later version of the format gets a new
//! number and this reader refuses it in plain words. One item a line keeps each within
//! the JSON reader's limit however many items there are.

use super::format::{self, get_u64, number, object};
use super::{Item, Workspace};
use crate::json::Value;

/// The format's version number written into every backup.
pub const BACKUP_VERSION: u32 = 1;

/// The largest backup read (bytes); checked before reading.
pub const MAX_BACKUP_BYTES: usize = 64 * 1024 * 1024;

/// Why a backup could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupError {
    /// Larger than [`MAX_BACKUP_BYTES`].
    TooLarge,
    /// Not a Talkback workspace backup at all.
    NotABackup,
    /// A backup from a later version of Talkback.
    NewerVersion,
    /// A backup, but damaged.
    Damaged,
}

impl BackupError {
    /// The problem in plain words.
    pub fn message(self) -> &'static str {
        match self {
            BackupError::TooLarge => "This file is too large to be a Talkback workspace backup.",
            BackupError::NotABackup => {
                "This file is not a Talkback workspace backup (made with Back up workspace)."
            }
            BackupError::NewerVersion => {
                "This backup was made by a newer version of Talkback. Open it there, or update this page."
            }
            BackupError::Damaged => {
                "This backup is damaged and cannot be read. Nothing in your workspace was changed."
            }
        }
    }
}

/// The backup file of `workspace`; `None` when a review is beyond the link codec's
/// limits (then no partial file is offered).
pub fn to_backup(workspace: &Workspace) -> Option<String> {
    let head = object(vec![
        ("talkback-workspace", number(u64::from(BACKUP_VERSION))),
        ("seed", Value::String(workspace.seed.to_string())),
        ("next", number(workspace.next)),
    ]);
    let mut out = head.to_json();
    for item in &workspace.items {
        out.push('\n');
        out.push_str(&item_to_json(item)?);
    }
    out.push('\n');
    Some(out)
}

/// Reads a backup file.
///
/// # Errors
/// [`BackupError`] when it is too large, not a backup, from a newer version or damaged
/// (one damaged item refuses the whole file: a restore is all or nothing).
pub fn from_backup(text: &str) -> Result<Workspace, BackupError> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let head = lines
        .next()
        .and_then(format::parse)
        .ok_or(BackupError::NotABackup)?;
    let version = get_u64(&head, "talkback-workspace").ok_or(BackupError::NotABackup)?;
    if version > u64::from(BACKUP_VERSION) {
        return Err(BackupError::NewerVersion);
    }
    if version == 0 {
        return Err(BackupError::Damaged);
    }
    let seed = head
        .get("seed")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or(BackupError::Damaged)?;
    let mut workspace = Workspace::new(seed);
    workspace.next = get_u64(&head, "next").unwrap_or(0);
    for line in lines {
        let item = item_from_json(line).ok_or(BackupError::Damaged)?;
        if workspace.get(item.id).is_some() {
            return Err(BackupError::Damaged);
        }
        workspace.items.push(item);
    }
    Ok(workspace)
}

/// What a merge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    /// Items only the backup had, now added.
    pub added: usize,
    /// Items in both whose backup copy was newer: it is current now and this
    /// workspace's copy is kept as a version.
    pub updated: usize,
    /// Items in both whose copy here was newer: the backup's is kept as a version.
    pub kept: usize,
    /// Items the same in both.
    pub same: usize,
}

impl Workspace {
    /// Merges `other` (a restored backup) in. Nothing is wiped: an item only here stays,
    /// an item only there is added, an item in both keeps the newer copy (by its last
    /// change; a tie keeps this one) and keeps the other as a version.
    pub fn merge(&mut self, other: Workspace) -> Merged {
        let mut merged = Merged::default();
        self.next = self.next.max(other.next);
        for theirs in other.items {
            let Some(ours) = self.get_mut(theirs.id) else {
                self.items.push(theirs);
                merged.added += 1;
                continue;
            };
            if *ours == theirs {
                merged.same += 1;
                continue;
            }
            // Both copies' versions are kept; the newer copy stays current and the
            // older one becomes a version.
            let versions = merge_versions(&ours.versions, &theirs.versions);
            let older = if theirs.changed > ours.changed {
                merged.updated += 1;
                std::mem::replace(ours, theirs)
            } else {
                merged.kept += 1;
                theirs
            };
            ours.versions = versions;
            ours.versions.push(super::Version {
                text: older.text,
                review: older.review,
                changed: older.changed,
            });
            dedup_versions(ours);
        }
        merged
    }
}

/// Both lists of versions, each kept once, oldest first.
fn merge_versions(a: &[super::Version], b: &[super::Version]) -> Vec<super::Version> {
    let mut all = a.to_vec();
    for v in b {
        if !all.contains(v) {
            all.push(v.clone());
        }
    }
    crate::sort::sort_by_key(&mut all, |v| v.changed);
    all
}

/// Drops versions identical to the current copy or to an earlier version.
fn dedup_versions(item: &mut Item) {
    let mut kept: Vec<super::Version> = Vec::with_capacity(item.versions.len());
    for v in std::mem::take(&mut item.versions) {
        let current = v.text == item.text && v.review == item.review;
        if !current
            && !kept
                .iter()
                .any(|k| k.text == v.text && k.review == v.review)
        {
            kept.push(v);
        }
    }
    crate::sort::sort_by_key(&mut kept, |v| v.changed);
    item.versions = kept;
}

/// What the browser's store keeps besides the items themselves: the seed, the id
/// counter, the open item and the items' ids in order (each item is kept apart, so that
/// saving one does not write them all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// [`Workspace::seed`].
    pub seed: u64,
    /// [`Workspace::next`].
    pub next: u64,
    /// [`Workspace::open`].
    pub open: Option<super::ItemId>,
    /// The items' ids, in the workspace's order.
    pub ids: Vec<super::ItemId>,
}

impl Index {
    /// The index of `workspace`.
    pub fn of(workspace: &Workspace) -> Index {
        Index {
            seed: workspace.seed,
            next: workspace.next,
            open: workspace.open,
            ids: workspace.items.iter().map(|i| i.id).collect(),
        }
    }

    /// As stored.
    pub fn to_json(&self) -> String {
        object(vec![
            ("seed", Value::String(self.seed.to_string())),
            ("next", number(self.next)),
            ("open", self.open.map_or(Value::Null, number)),
            (
                "ids",
                Value::Array(self.ids.iter().map(|id| number(*id)).collect()),
            ),
        ])
        .to_json()
    }

    /// Reads a stored index; `None` when damaged.
    pub fn from_json(text: &str) -> Option<Index> {
        let v = format::parse(text)?;
        let mut ids = Vec::new();
        for id in v.get("ids")?.as_array()? {
            ids.push(u64::try_from(id.as_i64()?).ok()?);
        }
        Some(Index {
            seed: v.get("seed")?.as_str()?.parse().ok()?,
            next: get_u64(&v, "next")?,
            open: get_u64(&v, "open"),
            ids,
        })
    }

    /// This index with the ids only `stored` has (items another tab added meanwhile)
    /// appended, except those in `deleted` (removed here on purpose): saving never drops
    /// what another tab added.
    #[must_use]
    pub fn with_others(mut self, stored: &Index, deleted: &[super::ItemId]) -> Index {
        for id in &stored.ids {
            if !self.ids.contains(id) && !deleted.contains(id) {
                self.ids.push(*id);
            }
        }
        self.next = self.next.max(stored.next);
        self
    }
}

/// One item as stored; `None` when it cannot be written (a review beyond the link
/// codec's limits), so that nothing is ever stored empty in its place.
pub fn item_to_json(item: &Item) -> Option<String> {
    format::item_value(item).map(|v| v.to_json())
}

/// Reads one stored item; `None` when damaged.
pub fn item_from_json(text: &str) -> Option<Item> {
    format::read_item(&format::parse(text)?)
}
