//! The review page's state and its reducer. `reduce` is pure: it calls domain functions
//! and never touches storage, timers or the DOM (effects on the page do that).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use yew::virtual_dom::Key;
use yew::{AttrValue, Reducible};

use crate::domain::examples::EXAMPLES;
use crate::domain::markdown;
use crate::domain::proposal::{self, Proposal};

/// One rendered block of the preview, keyed so that unchanged blocks keep their DOM nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewBlock {
    /// Stable while the block's HTML is unchanged (hash plus occurrence number).
    pub key: Key,
    /// Sanitised HTML from [`markdown::render_blocks`]; nothing else reaches the DOM raw.
    pub html: AttrValue,
}

/// Why the draft could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageProblem {
    /// The browser refuses local storage (private mode, site data blocked).
    Unavailable,
    /// Storage is full.
    Full,
}

/// Everything the review page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewState {
    /// The parsed draft (it owns the source text).
    pub proposal: Rc<Proposal>,
    /// The safe preview, block by block.
    pub preview: Rc<Vec<PreviewBlock>>,
    /// Bumped on every edit by the user; autosave watches it.
    pub revision: u64,
    /// Set while saving fails; the page shows a warning and keeps working.
    pub storage_problem: Option<StorageProblem>,
    /// Another tab saved a different text for this draft: ours is not saved over it
    /// until the user chooses.
    pub other_tab_text: Option<Rc<str>>,
    /// An example waiting for the user's go-ahead to replace a non-empty draft.
    pub pending_example: Option<usize>,
}

impl Default for ReviewState {
    fn default() -> Self {
        Self::with_text(String::new())
    }
}

impl ReviewState {
    /// A state showing `text`, parsed and rendered.
    pub fn with_text(text: String) -> Self {
        let preview = Rc::new(preview_blocks(&text, &[]));
        Self {
            proposal: Rc::new(proposal::parse(&text)),
            preview,
            revision: 0,
            storage_problem: None,
            other_tab_text: None,
            pending_example: None,
        }
    }

    /// The draft's Markdown.
    pub fn text(&self) -> &str {
        self.proposal.source()
    }

    fn edited(&self, text: String, revision: u64) -> Self {
        Self {
            preview: Rc::new(preview_blocks(&text, &self.preview)),
            proposal: Rc::new(proposal::parse(&text)),
            revision,
            pending_example: None,
            ..self.clone()
        }
    }
}

/// Renders `text` block by block, reusing the previous blocks' strings where unchanged so
/// the preview's unchanged DOM nodes are left alone.
fn preview_blocks(text: &str, previous: &[PreviewBlock]) -> Vec<PreviewBlock> {
    let old: HashMap<&str, &PreviewBlock> = previous.iter().map(|b| (&*b.key, b)).collect();
    let mut seen: HashMap<u64, u32> = HashMap::new();
    markdown::render_blocks(text)
        .into_iter()
        .map(|block| {
            let mut hasher = DefaultHasher::new();
            block.html.hash(&mut hasher);
            let hash = hasher.finish();
            let n = seen.entry(hash).or_default();
            *n += 1;
            let key = format!("{hash:x}-{n}");
            match old.get(key.as_str()) {
                Some(kept) if kept.html.as_str() == block.html => (*kept).clone(),
                _ => PreviewBlock {
                    key: key.into(),
                    html: block.html.into(),
                },
            }
        })
        .collect()
}

/// What can happen on the review page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user typed or pasted: the whole new text.
    EditMarkdown(String),
    /// The saved draft was read at start-up.
    Restore(String),
    /// The user asked for example `n`.
    RequestExample(usize),
    /// The user confirmed replacing the draft with the pending example.
    ConfirmExample,
    /// The user kept the draft.
    CancelExample,
    /// Saving or reading failed.
    StorageFailed(StorageProblem),
    /// Saving works (again).
    StorageSaved,
    /// Another tab saved this text for the same draft.
    OtherTabSaved(String),
    /// Take the other tab's text.
    TakeOtherTab,
    /// Keep this tab's text (it will be saved over the other's).
    KeepThisTab,
}

impl Reducible for ReviewState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::EditMarkdown(text) => {
                if text == self.text() {
                    return self;
                }
                Rc::new(self.edited(text, self.revision + 1))
            }
            Action::Restore(text) => {
                // Never replace something typed before the saved draft was read.
                if !self.text().is_empty() || text.is_empty() {
                    return self;
                }
                Rc::new(self.edited(text, self.revision))
            }
            Action::RequestExample(n) if n < EXAMPLES.len() => {
                if self.text().trim().is_empty() {
                    Rc::new(self.edited(EXAMPLES[n].markdown.to_string(), self.revision + 1))
                } else {
                    Rc::new(Self {
                        pending_example: Some(n),
                        ..(*self).clone()
                    })
                }
            }
            Action::RequestExample(_) => self,
            Action::ConfirmExample => match self.pending_example {
                Some(n) => {
                    Rc::new(self.edited(EXAMPLES[n].markdown.to_string(), self.revision + 1))
                }
                None => self,
            },
            Action::CancelExample => {
                if self.pending_example.is_none() {
                    return self;
                }
                Rc::new(Self {
                    pending_example: None,
                    ..(*self).clone()
                })
            }
            Action::StorageFailed(problem) => {
                if self.storage_problem.as_ref() == Some(&problem) {
                    return self;
                }
                Rc::new(Self {
                    storage_problem: Some(problem),
                    ..(*self).clone()
                })
            }
            Action::StorageSaved => {
                if self.storage_problem.is_none() {
                    return self;
                }
                Rc::new(Self {
                    storage_problem: None,
                    ..(*self).clone()
                })
            }
            Action::OtherTabSaved(text) => {
                if text == self.text() {
                    // Same text: nothing to choose between.
                    if self.other_tab_text.is_none() {
                        return self;
                    }
                    return Rc::new(Self {
                        other_tab_text: None,
                        ..(*self).clone()
                    });
                }
                Rc::new(Self {
                    other_tab_text: Some(text.into()),
                    ..(*self).clone()
                })
            }
            Action::TakeOtherTab => match &self.other_tab_text {
                Some(text) => {
                    let text = text.to_string();
                    // Not a new revision: the text is already saved, by the other tab.
                    Rc::new(Self {
                        other_tab_text: None,
                        ..self.edited(text, self.revision)
                    })
                }
                None => self,
            },
            Action::KeepThisTab => {
                if self.other_tab_text.is_none() {
                    return self;
                }
                // A new revision so that autosave writes this tab's text.
                Rc::new(Self {
                    other_tab_text: None,
                    revision: self.revision + 1,
                    ..(*self).clone()
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: ReviewState, action: Action) -> ReviewState {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn typing_updates_the_parsed_proposal_and_preview() {
        let state = reduce(
            ReviewState::default(),
            Action::EditMarkdown("# Fast Python\n\nHello *world*".into()),
        );
        assert_eq!(state.proposal.title(), Some("Fast Python"));
        assert_eq!(state.preview.len(), 2);
        assert!(state.preview[1].html.contains("<em>world</em>"));
        assert_eq!(state.revision, 1);
    }

    #[test]
    fn unchanged_blocks_keep_their_html_strings() {
        let first = reduce(
            ReviewState::default(),
            Action::EditMarkdown("# A\n\npara one\n\npara two".into()),
        );
        let second = reduce(
            first.clone(),
            Action::EditMarkdown("# A\n\npara one!\n\npara two".into()),
        );
        assert_eq!(first.preview[0].key, second.preview[0].key);
        assert_ne!(first.preview[1].key, second.preview[1].key);
        assert_eq!(first.preview[2].key, second.preview[2].key);
    }

    #[test]
    fn restoring_never_replaces_what_was_typed_first() {
        let typed = reduce(ReviewState::default(), Action::EditMarkdown("mine".into()));
        let after = reduce(typed, Action::Restore("saved".into()));
        assert_eq!(after.text(), "mine");
        let fresh = reduce(ReviewState::default(), Action::Restore("saved".into()));
        assert_eq!(fresh.text(), "saved");
        assert_eq!(
            fresh.revision, 0,
            "a restored draft is not a new edit to save"
        );
    }

    #[test]
    fn an_example_asks_before_replacing_a_draft() {
        let typed = reduce(
            ReviewState::default(),
            Action::EditMarkdown("my draft".into()),
        );
        let asked = reduce(typed, Action::RequestExample(0));
        assert_eq!(asked.text(), "my draft");
        assert_eq!(asked.pending_example, Some(0));
        let kept = reduce(asked.clone(), Action::CancelExample);
        assert_eq!(kept.text(), "my draft");
        let replaced = reduce(asked, Action::ConfirmExample);
        assert_eq!(replaced.text(), EXAMPLES[0].markdown);
        let empty = reduce(ReviewState::default(), Action::RequestExample(1));
        assert_eq!(
            empty.text(),
            EXAMPLES[1].markdown,
            "an empty draft is replaced at once"
        );
    }

    #[test]
    fn another_tabs_text_waits_for_a_choice() {
        let mine = reduce(ReviewState::default(), Action::EditMarkdown("mine".into()));
        let noticed = reduce(mine, Action::OtherTabSaved("theirs".into()));
        assert_eq!(noticed.text(), "mine");
        assert_eq!(noticed.other_tab_text.as_deref(), Some("theirs"));
        let taken = reduce(noticed.clone(), Action::TakeOtherTab);
        assert_eq!(taken.text(), "theirs");
        assert!(taken.other_tab_text.is_none());
        let kept = reduce(noticed.clone(), Action::KeepThisTab);
        assert_eq!(kept.text(), "mine");
        assert!(
            kept.revision > noticed.revision,
            "keeping ours must trigger a save"
        );
    }
}
