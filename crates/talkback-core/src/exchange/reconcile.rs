//! Re-importing an updated export: what is new, what changed since the review.

use super::Imported;

/// A proposal the workspace already holds, as [`reconcile`] needs it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Known {
    /// Its CFP code, if it came from an export that has codes.
    pub code: Option<String>,
    /// Its title (matches proposals without a code when the text changed).
    pub title: String,
    /// The content hash of the text as last imported
    /// ([`Imported::content_hash`]).
    pub imported_hash: [u8; 16],
    /// The content hash of the text the reviewer scored, if they did
    /// (a review link's `ProposalRef::hash`). `None`: not reviewed yet.
    pub reviewed_hash: Option<[u8; 16]>,
}

/// What one proposal of a re-import means for the workspace. Indices point
/// into `known` and `incoming` as given to [`reconcile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// Not in the workspace: add it.
    New {
        /// Index in `incoming`.
        incoming: usize,
    },
    /// The text differs from the one last imported. Update the item and keep
    /// its review; `since_review` says the text also differs from the one
    /// the reviewer scored ("changed since your review").
    Changed {
        /// Index in `known`.
        known: usize,
        /// Index in `incoming`.
        incoming: usize,
        /// The reviewer scored another text than this one.
        since_review: bool,
    },
    /// Same text as last imported (the state or other metadata may still
    /// have changed: take them from `incoming`).
    Unchanged {
        /// Index in `known`.
        known: usize,
        /// Index in `incoming`.
        incoming: usize,
    },
    /// The export says the speaker withdrew it (or it was cancelled): mark
    /// it withdrawn. `known` is `None` for a withdrawn proposal the
    /// workspace never had.
    Withdrawn {
        /// Index in `known`, if the workspace has it.
        known: Option<usize>,
        /// Index in `incoming`.
        incoming: usize,
    },
    /// In the workspace, from an export with codes, and not in this file
    /// (exports often leave withdrawn proposals out; the file may also be
    /// one page of several). Nothing is deleted: the UI may say so.
    Missing {
        /// Index in `known`.
        known: usize,
    },
}

/// Matches `incoming` (a re-import) against `known` (the workspace): by CFP
/// code when both have one, else by identical content, else by identical
/// title. Returns one change per incoming proposal, in incoming order,
/// then one [`Change::Missing`] per known proposal with a code that no
/// incoming proposal matched. Each known proposal matches at most once.
///
/// ```
/// use talkback_core::exchange::{import, reconcile, Change, Known};
/// let old = import("a.json", br#"[{"code": "A", "title": "One", "abstract": "x"},
///                                 {"code": "B", "title": "Two", "abstract": "y"}]"#).unwrap();
/// let known: Vec<Known> = old.proposals.iter().map(|p| Known {
///     code: p.code.clone(), title: p.title.clone(),
///     imported_hash: p.content_hash(), reviewed_hash: Some(p.content_hash()),
/// }).collect();
/// let new = import("a.json", br#"[{"code": "A", "title": "One", "abstract": "x, revised"},
///                                 {"code": "C", "title": "Three"}]"#).unwrap();
/// assert_eq!(reconcile(&known, &new.proposals), vec![
///     Change::Changed { known: 0, incoming: 0, since_review: true },
///     Change::New { incoming: 1 },
///     Change::Missing { known: 1 },
/// ]);
/// ```
pub fn reconcile(known: &[Known], incoming: &[Imported]) -> Vec<Change> {
    let mut used = vec![false; known.len()];
    let mut out = Vec::with_capacity(incoming.len());
    // Codes are looked up through a sorted index: a thousand against a
    // thousand stays linear-logarithmic.
    let mut by_code: Vec<(&str, usize)> = known
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.code.as_deref().map(|c| (c, i)))
        .collect();
    crate::sort::sort_by(&mut by_code, Ord::cmp);
    let find_code = |code: &str, used: &[bool]| {
        let from = by_code.partition_point(|(c, _)| *c < code);
        by_code[from..]
            .iter()
            .take_while(|(c, _)| *c == code)
            .map(|&(_, i)| i)
            .find(|&i| !used[i])
    };
    for (n, p) in incoming.iter().enumerate() {
        let hash = p.content_hash();
        let matched = match p.code.as_deref() {
            Some(code) => find_code(code, &used),
            None => None,
        }
        .or_else(|| {
            (0..known.len()).find(|&i| {
                !used[i]
                    && (known[i].code.is_none() || p.code.is_none())
                    && known[i].imported_hash == hash
            })
        })
        .or_else(|| {
            (0..known.len()).find(|&i| {
                !used[i] && known[i].code.is_none() && p.code.is_none() && known[i].title == p.title
            })
        });
        if let Some(i) = matched {
            used[i] = true;
        }
        out.push(match matched {
            _ if p.state.is_withdrawn() => Change::Withdrawn {
                known: matched,
                incoming: n,
            },
            None => Change::New { incoming: n },
            Some(i) if known[i].imported_hash == hash => Change::Unchanged {
                known: i,
                incoming: n,
            },
            Some(i) => Change::Changed {
                known: i,
                incoming: n,
                since_review: known[i].reviewed_hash.is_some_and(|r| r != hash),
            },
        });
    }
    for (i, k) in known.iter().enumerate() {
        if !used[i] && k.code.is_some() {
            out.push(Change::Missing { known: i });
        }
    }
    out
}
