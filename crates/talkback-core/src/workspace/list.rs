//! The `Proposals` list: which items a search and the filters keep, in which order.

use super::{Item, ItemId, State, Workspace};
use crate::sort;

/// What the list keeps: every field empty or `None` keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words that must all appear in the title, code or text (any case).
    pub search: String,
    /// Only this track.
    pub track: Option<String>,
    /// Only this session type.
    pub kind: Option<String>,
    /// Only this level.
    pub level: Option<String>,
    /// Only items with this tag.
    pub tag: Option<String>,
    /// Only items in this state.
    pub state: Option<State>,
}

/// The list's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Last changed first.
    #[default]
    Changed,
    /// By title, A to Z.
    Title,
    /// By state, new first.
    State,
    /// Highest total first; unscored last.
    Total,
    /// The reviewer's queue order.
    Queue,
}

impl Sort {
    /// Every order, as the menu lists them.
    pub const ALL: [Sort; 5] = [
        Sort::Changed,
        Sort::Title,
        Sort::State,
        Sort::Total,
        Sort::Queue,
    ];

    /// The order in words.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Changed => "last change",
            Sort::Title => "title",
            Sort::State => "state",
            Sort::Total => "total",
            Sort::Queue => "queue order",
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Filter {
    /// Whether `item` passes. Searching never looks at hidden speaker details, so a
    /// search cannot reveal who wrote a proposal; in blind mode the title searched is
    /// what the list shows.
    pub fn keeps(&self, item: &Item, blind: bool) -> bool {
        if self.state.is_some_and(|s| item.state() != s) {
            return false;
        }
        let meta = &item.meta;
        if self.track.as_deref().is_some_and(|t| !same(t, &meta.track))
            || self.kind.as_deref().is_some_and(|k| !same(k, &meta.kind))
            || self.level.as_deref().is_some_and(|l| !same(l, &meta.level))
            || self
                .tag
                .as_deref()
                .is_some_and(|t| !meta.tags.iter().any(|m| same(m, t)))
        {
            return false;
        }
        let words: Vec<String> = self
            .search
            .split_whitespace()
            .map(crate::fold::lower)
            .collect();
        if words.is_empty() {
            return true;
        }
        let haystack = crate::fold::lower(&format!(
            "{}\n{}\n{}",
            item.display_title(blind),
            item.code.as_deref().unwrap_or(""),
            item.displayed_text()
        ));
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// The values the filters offer: each track, type, level and tag found, once, A to Z.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// Tracks.
    pub tracks: Vec<String>,
    /// Session types.
    pub kinds: Vec<String>,
    /// Levels.
    pub levels: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
}

fn push_new(values: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !values.iter().any(|v| same(v, value)) {
        values.push(value.to_owned());
    }
}

/// The filter values `workspace` offers.
pub fn choices(workspace: &Workspace) -> Choices {
    let mut c = Choices::default();
    for item in &workspace.items {
        push_new(&mut c.tracks, &item.meta.track);
        push_new(&mut c.kinds, &item.meta.kind);
        push_new(&mut c.levels, &item.meta.level);
        for tag in &item.meta.tags {
            push_new(&mut c.tags, tag);
        }
    }
    for values in [&mut c.tracks, &mut c.kinds, &mut c.levels, &mut c.tags] {
        sort::sort_by_key(values, |v| crate::fold::lower(v));
    }
    c
}

/// The ids of the items `filter` keeps, in `order`.
pub fn rows(workspace: &Workspace, filter: &Filter, order: Sort, blind: bool) -> Vec<ItemId> {
    let mut kept: Vec<&Item> = workspace
        .items
        .iter()
        .filter(|item| filter.keeps(item, blind))
        .collect();
    match order {
        Sort::Changed => sort::sort_by_key(&mut kept, |i| std::cmp::Reverse(i.changed)),
        Sort::Title => {
            let mut keyed: Vec<(String, &Item)> = kept
                .into_iter()
                .map(|i| (crate::fold::lower(&i.display_title(blind)), i))
                .collect();
            sort::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
            kept = keyed.into_iter().map(|(_, i)| i).collect();
        }
        Sort::State => sort::sort_by_key(&mut kept, |i| i.state()),
        Sort::Total => {
            let mut keyed: Vec<(Option<i64>, &Item)> = kept
                .into_iter()
                .map(|i| (i.review.as_ref().and_then(|r| super::tally(r).total), i))
                .collect();
            // Highest first; unscored (None) last.
            sort::sort_by(&mut keyed, |a, b| match (a.0, b.0) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
            kept = keyed.into_iter().map(|(_, i)| i).collect();
        }
        // The queue's order, kept items only: sorted by the queue's own key (no set of
        // the kept ids, no second pass over the whole queue).
        Sort::Queue => sort::sort_by_key(&mut kept, |i| workspace.queue_key(i.id)),
    }
    kept.into_iter().map(|i| i.id).collect()
}
