//! The saving part: which generation of the item storage holds, why saving fails, and
//! another tab's text waiting for the user's choice.

use std::rc::Rc;

use super::{DraftAction, ReviewState, Then};

/// Why the draft could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageProblem {
    /// The browser refuses local storage (private mode, site data blocked).
    Unavailable,
    /// Storage is full.
    Full,
}

/// What storage holds, as far as the page knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saving {
    /// The item generation storage holds; `None` when it holds something else (another
    /// tab saved over it).
    pub saved: Option<u64>,
    /// Set while saving fails; the page shows a warning and keeps working.
    pub storage_problem: Option<StorageProblem>,
    /// Another tab saved a different text for this draft: ours is not saved over it
    /// until the user chooses.
    pub other_tab_text: Option<Rc<str>>,
}

impl Default for Saving {
    fn default() -> Self {
        // A fresh page has nothing to save.
        Self {
            saved: Some(0),
            storage_problem: None,
            other_tab_text: None,
        }
    }
}

/// What can happen with storage.
#[derive(Debug, Clone, PartialEq)]
pub enum SavingAction {
    /// What the page shows now is what storage holds (it was just read from there).
    Loaded,
    /// Saving this item generation worked.
    Saved(u64),
    /// Saving or reading failed.
    StorageFailed(StorageProblem),
    /// Another tab saved this text for the same draft.
    OtherTabSaved(String),
    /// Another tab saved a review for the same item (its scores or comments changed
    /// there, or a workspace import or restore changed them): a choice, as for a text.
    #[cfg(feature = "workspace")]
    OtherTabReview,
    /// Take the other tab's text.
    TakeOtherTab,
    /// Keep this tab's text (it will be saved over the other's).
    KeepThisTab,
}

/// The saving part after `action`.
pub(super) fn reduce(state: &ReviewState, action: SavingAction, then: &mut Then) -> Rc<Saving> {
    let this = &state.saving;
    let next = match action {
        SavingAction::Loaded => Saving {
            saved: Some(state.item_generation),
            ..(**this).clone()
        },
        SavingAction::Saved(generation) => Saving {
            saved: Some(generation),
            storage_problem: None,
            ..(**this).clone()
        },
        SavingAction::StorageFailed(problem) => Saving {
            storage_problem: Some(problem),
            ..(**this).clone()
        },
        SavingAction::OtherTabSaved(text) => {
            if text == state.text() {
                // Same text: nothing to choose between.
                Saving {
                    other_tab_text: None,
                    ..(**this).clone()
                }
            } else {
                Saving {
                    other_tab_text: Some(text.into()),
                    saved: None,
                    ..(**this).clone()
                }
            }
        }
        #[cfg(feature = "workspace")]
        SavingAction::OtherTabReview => Saving {
            other_tab_text: Some(
                this.other_tab_text
                    .clone()
                    .unwrap_or_else(|| state.text().into()),
            ),
            saved: None,
            ..(**this).clone()
        },
        SavingAction::TakeOtherTab => match &this.other_tab_text {
            Some(text) => {
                // Not an edit to save: the text is already saved, by the other tab.
                then.push(DraftAction::Edit(text.to_string()).into());
                then.push(SavingAction::Loaded.into());
                Saving {
                    other_tab_text: None,
                    ..(**this).clone()
                }
            }
            None => return Rc::clone(this),
        },
        // Storage holds the other tab's text (`saved` is `None`): once the notice goes,
        // the autosave writes ours.
        SavingAction::KeepThisTab => Saving {
            other_tab_text: None,
            ..(**this).clone()
        },
    };
    if next == **this {
        Rc::clone(this)
    } else {
        Rc::new(next)
    }
}
