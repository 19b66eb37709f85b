//! The review page's state: five parts, each with its own action enum and its own
//! reducer, and the one top-level reducer that routes to them.
//!
//! | part | what it holds | actions |
//! |---|---|---|
//! | [`Draft`] | the parsed draft, its preview, a replacement waiting for a yes | [`DraftAction`] |
//! | [`Analysis`] | checks, blind-review findings and the choices about them, the limits | [`AnalysisAction`] |
//! | [`Scoring`] | rubric, review, custom rubric, a rubric switch waiting for a yes | [`ScoringAction`] |
//! | [`Sharing`] | the share link and what goes into it | [`SharingAction`] |
//! | [`Saving`] | what storage holds, its problems, another tab's text | [`SavingAction`] |
//!
//! Every reducer is pure (it calls core functions, never storage, timers or the DOM) and
//! matches its actions exhaustively: no wildcard arm can drop an action a list forgot
//! (`clippy::wildcard_enum_match_arm` is denied here). A part's reducer reads the rest of
//! the state and changes only its own part; what must follow elsewhere it returns as
//! further actions, which the top-level reducer applies in order.
//!
//! The persisted part is one [`Item`] (a proposal with its review), read from the parts.
//! "Save now" and "the share link is stale" are not decided by hand: after every action
//! the top-level reducer compares the item (and what a link carries) before and after,
//! and stamps a new generation when it changed. An action that changes nothing persisted
//! requests no save and leaves the link fresh.

#![deny(clippy::wildcard_enum_match_arm)]

mod analysis;
mod draft;
mod saving;
mod scoring;
mod sharing;
#[cfg(test)]
mod tests;

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use yew::virtual_dom::Key;
use yew::{AttrValue, Reducible};

pub use analysis::{Analysis, AnalysisAction};
pub use draft::{Draft, DraftAction, Replacement};
pub use saving::{Saving, SavingAction, StorageProblem};
pub use scoring::{carry_over, default_rubric, rubric_for_choice, Scoring, ScoringAction};
pub use sharing::{Sharing, SharingAction};

use talkback_core::blind_review::{self, Leak};
use talkback_core::checks::Profile;
use talkback_core::markdown;
use talkback_core::proposal::Proposal;
use talkback_core::rubric::Rubric;
use talkback_core::scoring::Review;

/// One rendered block of the preview, keyed so that unchanged blocks keep their DOM nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewBlock {
    /// Stable while the block's HTML is unchanged (hash plus occurrence number).
    pub key: Key,
    /// Sanitised HTML from [`markdown::render_blocks`]; nothing else reaches the DOM raw.
    pub html: AttrValue,
}

/// Renders `text` block by block, reusing the previous blocks' strings where unchanged so
/// the preview's unchanged DOM nodes are left alone.
pub fn preview_blocks(text: &str, previous: &[PreviewBlock]) -> Vec<PreviewBlock> {
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
                Some(_) | None => PreviewBlock {
                    key: key.into(),
                    html: block.html.into(),
                },
            }
        })
        .collect()
}

/// The persisted part of the page: one proposal with its review (and what belongs with
/// them: the custom rubric and the speaker names typed for the blind-review check).
/// Built from the parts, field by field, so building it costs four pointer copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The draft.
    pub proposal: Rc<Proposal>,
    /// The review of it.
    pub review: Rc<Review>,
    /// The user's own rubric, if they made one.
    pub custom_rubric: Option<Rc<Rubric>>,
    /// Speaker names typed for the blind-review check.
    pub speaker_names: Rc<str>,
}

/// What was found in storage for the item when the page opened.
#[derive(Debug, Clone)]
pub struct StoredItem {
    /// The saved draft, or why storage could not be read.
    pub draft: Result<Option<String>, StorageProblem>,
    /// The saved review with its rubric, if one was saved and still reads correctly.
    pub review: Option<(Rubric, Review)>,
    /// The saved custom rubric.
    pub custom: Option<Rubric>,
    /// The saved speaker names.
    pub speaker_names: String,
    /// The open item's hidden speakers (an import's), for the blind-review check only.
    #[cfg(feature = "workspace")]
    pub hidden_names: String,
}

impl Default for StoredItem {
    fn default() -> Self {
        Self {
            draft: Ok(None),
            review: None,
            custom: None,
            speaker_names: String::new(),
            #[cfg(feature = "workspace")]
            hidden_names: String::new(),
        }
    }
}

/// Everything the review page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewState {
    /// The draft and its preview.
    pub draft: Rc<Draft>,
    /// Checks and blind-review findings on the draft.
    pub analysis: Rc<Analysis>,
    /// The rubric and the review.
    pub scoring: Rc<Scoring>,
    /// The share link.
    pub sharing: Rc<Sharing>,
    /// Storage: what is saved, what went wrong, another tab.
    pub saving: Rc<Saving>,
    /// Stamped by the reducer each time the [`Item`] changes.
    pub item_generation: u64,
    /// Stamped by the reducer each time what a share link carries changes.
    pub shared_generation: u64,
}

impl Default for ReviewState {
    fn default() -> Self {
        Self::with_text(String::new())
    }
}

/// What can happen on the review page: an action for one part.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// On the draft.
    Draft(DraftAction),
    /// On the checks and findings.
    Analysis(AnalysisAction),
    /// On the rubric and review.
    Scoring(ScoringAction),
    /// On the share link.
    Sharing(SharingAction),
    /// On storage.
    Saving(SavingAction),
}

impl From<DraftAction> for Action {
    fn from(action: DraftAction) -> Self {
        Self::Draft(action)
    }
}

impl From<AnalysisAction> for Action {
    fn from(action: AnalysisAction) -> Self {
        Self::Analysis(action)
    }
}

impl From<ScoringAction> for Action {
    fn from(action: ScoringAction) -> Self {
        Self::Scoring(action)
    }
}

impl From<SharingAction> for Action {
    fn from(action: SharingAction) -> Self {
        Self::Sharing(action)
    }
}

impl From<SavingAction> for Action {
    fn from(action: SavingAction) -> Self {
        Self::Saving(action)
    }
}

/// Actions a part's reducer asks to apply after its own.
pub(crate) type Then = Vec<Action>;

impl ReviewState {
    /// A state showing `text`, parsed and rendered, with nothing to save.
    pub fn with_text(text: String) -> Self {
        let draft = Draft::new(text);
        let analysis = Analysis::new(&draft.proposal, Profile::pycon_us(), Rc::from(""));
        Self::of(draft, analysis)
    }

    fn of(draft: Draft, analysis: Analysis) -> Self {
        Self {
            draft: Rc::new(draft),
            analysis: Rc::new(analysis),
            scoring: Rc::new(Scoring::default()),
            sharing: Rc::new(Sharing::default()),
            saving: Rc::new(Saving::default()),
            item_generation: 0,
            shared_generation: 0,
        }
    }

    /// The state the page opens with: what was stored, and the saved limits. Nothing of
    /// it is to be saved again. Not analysed yet ([`Analysis::ready`] is `false`): the page
    /// draws its first frame without the checks and the blind-review scan, and asks for
    /// [`AnalysisAction::Analyse`] right after it.
    pub fn restored(stored: &StoredItem, profile: Option<&Profile>) -> Self {
        let draft = Draft::new(String::new());
        let analysis = Analysis::pending(&draft.proposal, Profile::pycon_us());
        let opening = Self::of(draft, analysis);
        let mut actions: Vec<Action> = Vec::new();
        match &stored.draft {
            Ok(Some(text)) => actions.push(DraftAction::Restore(text.clone()).into()),
            Ok(None) => {}
            Err(problem) => actions.push(SavingAction::StorageFailed(problem.clone()).into()),
        }
        if let Some(profile) = profile {
            actions.push(AnalysisAction::SetProfile(profile.clone()).into());
        }
        if !stored.speaker_names.is_empty() {
            actions.push(AnalysisAction::SpeakerNames(stored.speaker_names.clone()).into());
        }
        #[cfg(feature = "workspace")]
        if !stored.hidden_names.is_empty() {
            actions.push(AnalysisAction::HiddenNames(stored.hidden_names.clone()).into());
        }
        if stored.review.is_some() || stored.custom.is_some() {
            actions.push(
                ScoringAction::RestoreReview {
                    review: stored.review.clone().map(Box::new),
                    custom: stored.custom.clone(),
                }
                .into(),
            );
        }
        // Nothing stored (a first visit): nothing to restore, nothing to save.
        if actions.is_empty() {
            return opening;
        }
        actions.push(SavingAction::Loaded.into());
        let state = actions
            .into_iter()
            .fold(Rc::new(opening), Reducible::reduce);
        Rc::unwrap_or_clone(state)
    }

    /// The draft's Markdown.
    pub fn text(&self) -> &str {
        self.draft.proposal.source()
    }

    /// The persisted part.
    pub fn item(&self) -> Item {
        Item {
            proposal: Rc::clone(&self.draft.proposal),
            review: Rc::clone(&self.scoring.review),
            custom_rubric: self.scoring.custom_rubric.clone(),
            speaker_names: Rc::clone(&self.analysis.speaker_names),
        }
    }

    /// Whether the item has changed since storage last held it (and saving is not
    /// waiting for the user to choose between this tab and another).
    pub fn needs_save(&self) -> bool {
        self.saving.saved != Some(self.item_generation)
    }

    /// Whether the checks and findings are for the current text.
    pub fn is_analysed(&self) -> bool {
        self.analysis.ready && Rc::ptr_eq(&self.analysis.analysed, &self.draft.proposal)
    }

    /// Whether a blind-review finding will be redacted in the shared proposal.
    pub fn will_redact(&self, finding: &Leak) -> bool {
        self.analysis.will_redact(finding)
    }

    /// The proposal as a share link carries it: redacted (every finding not ignored)
    /// and without the speaker, bio and notes fields. The analysis must be fresh.
    pub fn shared_proposal(&self) -> String {
        blind_review::redact_shared(&self.draft.proposal, &self.analysis.blind, |f| {
            self.will_redact(f)
        })
    }

    /// What a share link carries of the proposal, following the reviewer's choices:
    /// nothing, the redacted text (the default), or the draft as written.
    pub fn shared_proposal_text(&self) -> Option<String> {
        if !self.sharing.include_proposal || self.text().trim().is_empty() {
            return None;
        }
        Some(if self.sharing.unredacted {
            self.text().to_string()
        } else {
            self.shared_proposal()
        })
    }

    /// Whether what a share link carries is the same in both states: the draft, the
    /// review, and every choice about how the proposal is shared.
    fn same_shared(&self, other: &Self) -> bool {
        let (a, b) = (&self.analysis, &other.analysis);
        self.draft.proposal == other.draft.proposal
            && self.scoring.review == other.scoring.review
            && self.sharing.include_proposal == other.sharing.include_proposal
            && self.sharing.unredacted == other.sharing.unredacted
            && a.ignored == b.ignored
            && a.speaker_names == b.speaker_names
            && a.profile == b.profile
    }

    /// Applies one action to its part; what must follow goes to `then`.
    fn apply(self: Rc<Self>, action: Action, then: &mut Then) -> Rc<Self> {
        match action {
            Action::Draft(action) => {
                let part = draft::reduce(&self, action, then);
                if Rc::ptr_eq(&part, &self.draft) {
                    return self;
                }
                Rc::new(Self {
                    draft: part,
                    ..(*self).clone()
                })
            }
            Action::Analysis(action) => {
                let part = analysis::reduce(&self, action, then);
                if Rc::ptr_eq(&part, &self.analysis) {
                    return self;
                }
                Rc::new(Self {
                    analysis: part,
                    ..(*self).clone()
                })
            }
            Action::Scoring(action) => {
                let part = scoring::reduce(&self, action, then);
                if Rc::ptr_eq(&part, &self.scoring) {
                    return self;
                }
                Rc::new(Self {
                    scoring: part,
                    ..(*self).clone()
                })
            }
            Action::Sharing(action) => {
                let part = sharing::reduce(&self, action, then);
                if Rc::ptr_eq(&part, &self.sharing) {
                    return self;
                }
                Rc::new(Self {
                    sharing: part,
                    ..(*self).clone()
                })
            }
            Action::Saving(action) => {
                let part = saving::reduce(&self, action, then);
                if Rc::ptr_eq(&part, &self.saving) {
                    return self;
                }
                Rc::new(Self {
                    saving: part,
                    ..(*self).clone()
                })
            }
        }
    }
}

impl Reducible for ReviewState {
    type Action = Action;

    /// Applies `action` and whatever the parts ask to follow it, stamping a new
    /// generation after each step that changed the item or what a link carries. Returns
    /// the same `Rc` when nothing changed, so the page is not rendered again.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut queue = VecDeque::from([action]);
        let mut state = self;
        while let Some(action) = queue.pop_front() {
            let mut then = Then::new();
            let next = Rc::clone(&state).apply(action, &mut then);
            queue.extend(then);
            if Rc::ptr_eq(&next, &state) {
                continue;
            }
            let item_changed = next.item() != state.item();
            let shared_changed = !next.same_shared(&state);
            state = if item_changed || shared_changed {
                let mut stamped = Rc::unwrap_or_clone(next);
                stamped.item_generation += u64::from(item_changed);
                stamped.shared_generation += u64::from(shared_changed);
                Rc::new(stamped)
            } else {
                next
            };
        }
        state
    }
}
