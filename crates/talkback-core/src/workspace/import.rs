//! `Import proposals`: what [`crate::exchange::import`] read goes into the workspace.
//! New proposals become items (speakers hidden); a re-import updates changed proposals
//! and keeps their reviews (the older text kept as a version, "changed since your
//! review" when the reviewer scored another text), marks withdrawn ones withdrawn, and
//! never deletes anything.

use std::fmt::Write as _;

use super::{tally, Item, ItemId, Meta, Source, Speaker, Workspace};
use crate::exchange::{reconcile, Change, Import, Imported, Known};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Proposals added.
    pub added: usize,
    /// Proposals whose text changed (reviews kept).
    pub updated: usize,
    /// Of those, reviewed against another text.
    pub changed_since_review: usize,
    /// Proposals the same as before.
    pub unchanged: usize,
    /// Proposals the file says are withdrawn.
    pub withdrawn: usize,
    /// Items from an export with codes that this file does not hold (kept).
    pub missing: usize,
}

impl ImportReport {
    /// The report in one sentence.
    pub fn message(&self) -> String {
        // Written into one string: no list of parts to join.
        let mut out = format!("Imported: {} added", self.added);
        if self.updated > 0 {
            let _ = write!(
                out,
                ", {} updated ({} changed since your review)",
                self.updated, self.changed_since_review
            );
        }
        for (n, what) in [
            (self.unchanged, "unchanged"),
            (self.withdrawn, "withdrawn"),
            (self.missing, "not in this file (kept)"),
        ] {
            if n > 0 {
                let _ = write!(out, ", {n} {what}");
            }
        }
        out.push('.');
        out
    }
}

/// Takes the export's fields (all but the text) into `item`.
fn take_fields(item: &mut Item, p: &Imported) {
    item.code.clone_from(&p.code);
    item.title.clone_from(&p.title);
    item.speakers = p
        .speakers
        .iter()
        .map(|s| Speaker {
            name: s.name.clone(),
            email: s.email.clone(),
            bio: s.bio.clone(),
        })
        .collect();
    item.meta = Meta {
        track: p.track.clone().unwrap_or_default(),
        kind: p.submission_type.clone().unwrap_or_default(),
        level: p.level.clone().unwrap_or_default(),
        tags: p.tags.clone(),
    };
    item.withdrawn = p.state.is_withdrawn();
}

impl Workspace {
    /// Brings `read` into the workspace at `now` (see the module docs). Returns the
    /// counts and the ids of the items added.
    pub fn import(&mut self, read: &Import, now: u64) -> (ImportReport, Vec<ItemId>) {
        let mut report = ImportReport::default();
        let mut added = Vec::new();
        let imported: Vec<usize> = (0..self.items.len())
            .filter(|&i| matches!(self.items[i].source, Source::Imported(_)))
            .collect();
        let known: Vec<Known> = imported
            .iter()
            .map(|&i| {
                let item = &self.items[i];
                let hash = item
                    .reference
                    .as_ref()
                    .and_then(|r| r.hash)
                    .unwrap_or_default();
                Known {
                    code: item.code.clone(),
                    title: item.title.clone(),
                    imported_hash: hash,
                    reviewed_hash: item
                        .review
                        .as_ref()
                        .is_some_and(|r| tally(r).started)
                        .then_some(hash),
                }
            })
            .collect();
        for change in reconcile(&known, &read.proposals) {
            match change {
                // A withdrawn proposal never seen is kept too (marked withdrawn): the
                // list holds what the export holds.
                Change::New { incoming }
                | Change::Withdrawn {
                    known: None,
                    incoming,
                } => {
                    let p = &read.proposals[incoming];
                    let source = Source::Imported(read.format.label().to_owned());
                    let id = self.add(source, p.text.clone(), now);
                    if let Some(item) = self.get_mut(id) {
                        take_fields(item, p);
                        item.reference = Some(p.reference());
                    }
                    added.push(id);
                    report.added += 1;
                    report.withdrawn += usize::from(p.state.is_withdrawn());
                }
                Change::Changed {
                    known,
                    incoming,
                    since_review,
                } => {
                    let p = &read.proposals[incoming];
                    let item = &mut self.items[imported[known]];
                    item.keep_version();
                    item.text.clone_from(&p.text);
                    take_fields(item, p);
                    item.reference = Some(p.reference());
                    item.changed_since_review |= since_review;
                    item.changed = now.max(item.changed);
                    report.updated += 1;
                    report.changed_since_review += usize::from(since_review);
                }
                Change::Unchanged { known, incoming } => {
                    let p = &read.proposals[incoming];
                    let item = &mut self.items[imported[known]];
                    let before = item.clone();
                    take_fields(item, p);
                    if *item != before {
                        item.changed = now.max(item.changed);
                    }
                    report.unchanged += 1;
                }
                Change::Withdrawn {
                    known: Some(known), ..
                } => {
                    let item = &mut self.items[imported[known]];
                    if !item.withdrawn {
                        item.withdrawn = true;
                        item.changed = now.max(item.changed);
                    }
                    report.withdrawn += 1;
                }
                Change::Missing { .. } => report.missing += 1,
            }
        }
        (report, added)
    }
}
