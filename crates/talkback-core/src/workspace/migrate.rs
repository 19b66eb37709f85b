//! The first start with a workspace: the single draft, review and received feedback that
//! earlier versions kept become items, so nothing a reviewer had is lost.

use super::{ItemId, Source, Workspace};
use crate::link::rounds::Draft;
use crate::link::{self, Opened, ProposalRef};
use crate::scoring::Review;

/// What earlier versions kept, as read from storage (the app reads the keys; this
/// decides what becomes an item).
#[derive(Debug, Clone, Default)]
pub struct Legacy {
    /// The draft's Markdown.
    pub draft: Option<String>,
    /// The review of it.
    pub review: Option<Review>,
    /// The speaker names typed for the blind-review check.
    pub speaker_names: String,
    /// The feedback link opened last.
    pub received: Option<Opened>,
}

/// Adds the legacy draft (with its review) and the received feedback to `workspace` as
/// items, made at `now`, and opens the draft's item. Returns the ids added. A draft that
/// is empty with no review started adds nothing; feedback whose item is already here
/// (same proposal reference) is not added twice.
pub fn migrate(workspace: &mut Workspace, legacy: Legacy, now: u64) -> Vec<ItemId> {
    let mut added = Vec::new();
    let draft = legacy.draft.unwrap_or_default();
    let review_started = legacy
        .review
        .as_ref()
        .is_some_and(|r| super::tally(r).started);
    if !draft.trim().is_empty() || review_started {
        let id = workspace.add(Source::Pasted, draft, now);
        if let Some(item) = workspace.get_mut(id) {
            item.review = legacy.review;
            item.speaker_names = legacy.speaker_names;
        }
        workspace.open = Some(id);
        added.push(id);
    }
    if let Some(opened) = legacy.received {
        if let Some(id) = add_opened(workspace, &opened, now) {
            if !added.contains(&id) {
                added.push(id);
            }
        }
    }
    added
}

/// The item for an opened link: the one it already made (same proposal reference), or
/// a new one holding the link's proposal and review. Never replaces another item.
pub fn add_opened(workspace: &mut Workspace, opened: &Opened, now: u64) -> Option<ItemId> {
    if let Some(id) = workspace.find_by_reference(&opened.reference) {
        return Some(id);
    }
    let text = opened.shared.proposal.clone().unwrap_or_default();
    let id = workspace.add(Source::Link(opened.kind), text, now);
    let item = workspace.get_mut(id)?;
    item.code.clone_from(&opened.reference.code);
    item.review = Some(match opened.kind {
        link::LinkKind::CommitteeReview => opened.shared.review.clone(),
        link::LinkKind::SpeakerFeedback => link::speaker_view(&opened.shared).review,
    });
    item.reference = Some(opened.reference.clone());
    Some(id)
}

/// The item for an opened draft link (mentoring): the one it already made (same CFP
/// code and hash of the text sent), or a new one holding the draft's proposal. The
/// questions travel with the draft; the app shows them beside the proposal.
pub fn add_draft(workspace: &mut Workspace, draft: &Draft, now: u64) -> Option<ItemId> {
    let reference = ProposalRef::of(&draft.proposal, draft.code.as_deref());
    if let Some(id) = workspace.find_by_reference(&reference) {
        return Some(id);
    }
    let id = workspace.add(Source::Draft, draft.proposal.clone(), now);
    let item = workspace.get_mut(id)?;
    item.code.clone_from(&draft.code);
    item.reference = Some(reference);
    Some(id)
}
