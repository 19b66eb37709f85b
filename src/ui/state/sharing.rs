//! The sharing part: the share link built last and the choices about what goes in it.
//! (The pseudonym is part of the review: see the scoring part.)

use std::rc::Rc;

use super::{AnalysisAction, ReviewState, Then};
use crate::ui::components::share::ShareLink;
use talkback_core::link::{self, SharedReview};

/// The share link and what goes into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sharing {
    /// The last share link built.
    pub link: Option<ShareLink>,
    /// Whether share links carry the proposal.
    pub include_proposal: bool,
    /// Whether the proposal goes into links as written, not redacted.
    pub unredacted: bool,
    /// The hash of the version received (mentoring: frozen in the item's rounds): it
    /// names the proposal in links whatever the working copy became since.
    #[cfg(feature = "mentoring")]
    pub received: Option<[u8; 16]>,
}

impl Default for Sharing {
    fn default() -> Self {
        Self {
            link: None,
            include_proposal: true,
            unredacted: false,
            #[cfg(feature = "mentoring")]
            received: None,
        }
    }
}

/// What can happen to the share link.
#[derive(Debug, Clone, PartialEq)]
pub enum SharingAction {
    /// Build the share link, pointing at this base URL.
    CreateLink(String),
    /// Whether share links carry the proposal.
    IncludeProposal(bool),
    /// Whether the proposal goes in as written.
    Unredacted(bool),
    /// The version received, frozen (mentoring), or none.
    #[cfg(feature = "mentoring")]
    Received(Option<[u8; 16]>),
}

/// The sharing part after `action`.
pub(super) fn reduce(state: &ReviewState, action: SharingAction, then: &mut Then) -> Rc<Sharing> {
    let this = &state.sharing;
    match action {
        SharingAction::CreateLink(base_url) => {
            if !state.is_analysed() {
                // The redaction needs findings on the current text: analyse, then build.
                then.push(AnalysisAction::Analyse.into());
                then.push(SharingAction::CreateLink(base_url).into());
                return Rc::clone(this);
            }
            let shared = SharedReview {
                review: (*state.scoring.review).clone(),
                proposal: state.shared_proposal_text(),
            };
            // The text that was reviewed (the draft as written) names the proposal.
            let text = state.draft.proposal.source();
            // (Mentoring: the version received, which the working copy may have left.)
            #[cfg(feature = "mentoring")]
            let received = this.received;
            #[cfg(not(feature = "mentoring"))]
            let received = None;
            let reference = match received {
                Some(hash) => link::ProposalRef {
                    code: None,
                    hash: Some(hash),
                },
                None if text.trim().is_empty() => link::ProposalRef::default(),
                None => link::ProposalRef::of(text, None),
            };
            // The preview's text, which passage comments are made on: a review-only
            // speaker link places them by occurrence in it instead of their context.
            let placed_in: String = match shared.proposal {
                Some(_) => String::new(),
                None => (state.draft.preview.iter())
                    .map(|b| talkback_core::markdown::text_of(&b.html))
                    .collect(),
            };
            let link = match (
                link::encode_speaker_link(&shared, &reference, &placed_in, &base_url),
                link::encode_link(
                    &shared,
                    link::LinkKind::CommitteeReview,
                    &reference,
                    &base_url,
                ),
            ) {
                (Ok(speaker), Ok(committee)) => ShareLink::Ready {
                    speaker: Rc::from(speaker),
                    committee: Rc::from(committee),
                    revision: state.shared_generation,
                },
                (Err(e), _) | (_, Err(e)) => {
                    ShareLink::Failed(format!("The links could not be made: {e}").into())
                }
            };
            Rc::new(Sharing {
                link: Some(link),
                ..(**this).clone()
            })
        }
        SharingAction::IncludeProposal(on) => {
            if this.include_proposal == on {
                return Rc::clone(this);
            }
            Rc::new(Sharing {
                include_proposal: on,
                ..(**this).clone()
            })
        }
        SharingAction::Unredacted(on) => {
            if this.unredacted == on {
                return Rc::clone(this);
            }
            Rc::new(Sharing {
                unredacted: on,
                ..(**this).clone()
            })
        }
        #[cfg(feature = "mentoring")]
        SharingAction::Received(received) => {
            if this.received == received {
                return Rc::clone(this);
            }
            Rc::new(Sharing {
                received,
                ..(**this).clone()
            })
        }
    }
}
