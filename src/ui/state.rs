//! The review page's state and its reducer. `reduce` is pure: it calls domain functions
//! and never touches storage, timers or the DOM (effects on the page do that).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use yew::virtual_dom::Key;
use yew::{AttrValue, Reducible};

use crate::ui::components::share::ShareLink;
use talkback_core::anchor::AnchoredComment;
use talkback_core::anonymise::{self, Finding as BlindFinding, Names};
use talkback_core::checks::{self, Profile, Report};
use talkback_core::examples::EXAMPLES;
use talkback_core::link::{self, SharedReview};
use talkback_core::markdown;
use talkback_core::proposal::{self, Proposal};
use talkback_core::rubric::{self, Rubric, CUSTOM_ID, PYCON_US_SCREENING};
use talkback_core::scoring::{Audience, Review};

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
    /// A replacement (an example, or a proposal from a feedback link) waiting for the
    /// user's go-ahead to replace a non-empty draft.
    pub pending_replace: Option<Rc<Replacement>>,
    /// The rubric the review uses.
    pub rubric: Rc<Rubric>,
    /// The reviewer's scores and comments.
    pub review: Rc<Review>,
    /// The user's own rubric, if they made one.
    pub custom_rubric: Option<Rc<Rubric>>,
    /// A rubric switch waiting for the user's go-ahead (it would drop scores).
    pub pending_rubric: Option<Rc<Rubric>>,
    /// The draft the checks and the blind-review findings were computed on. They lag
    /// typing by a moment (analysis waits for a pause); their byte ranges refer to this.
    pub analysed: Rc<Proposal>,
    /// The mentor checks on the draft.
    pub checks: Rc<Report>,
    /// The conference's limits the checks use.
    pub profile: Rc<Profile>,
    /// Speaker names typed in for the blind-review check (besides the draft's own fields).
    pub speaker_names: Rc<str>,
    /// What could identify the speaker in the shared fields.
    pub blind: Rc<Vec<BlindFinding>>,
    /// Findings the reviewer chose to keep (by kind and text), so they are not redacted.
    pub ignored: Rc<std::collections::BTreeSet<String>>,
    /// The last share link built.
    pub share_link: Option<crate::ui::components::share::ShareLink>,
    /// Whether share links carry the proposal.
    pub include_proposal: bool,
    /// Whether the proposal goes into links as written, not redacted.
    pub unredacted: bool,
    /// A passage of the draft to show in the preview, with a counter so that asking for
    /// the same passage again scrolls to it again.
    pub focus: Option<(u32, std::ops::Range<usize>)>,
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
        let proposal = proposal::parse(&text);
        let profile = Profile::pycon_us();
        let (blind, checks) = analyse(&proposal, &profile, "");
        let proposal = Rc::new(proposal);
        Self {
            analysed: Rc::clone(&proposal),
            checks: Rc::new(checks),
            blind: Rc::new(blind),
            speaker_names: Rc::from(""),
            share_link: None,
            include_proposal: true,
            unredacted: false,
            ignored: Rc::default(),
            profile: Rc::new(profile),
            focus: None,
            proposal,
            preview,
            revision: 0,
            storage_problem: None,
            other_tab_text: None,
            pending_replace: None,
            rubric: Rc::new(default_rubric()),
            review: Rc::new(Review::for_rubric(&default_rubric())),
            custom_rubric: None,
            pending_rubric: None,
        }
    }

    /// The draft's Markdown.
    pub fn text(&self) -> &str {
        self.proposal.source()
    }

    /// The state after an edit: parsed and previewed at once; the checks and the
    /// blind-review scan wait for [`Action::Analyse`] (sent after a pause in typing).
    fn edited(&self, text: String, revision: u64) -> Self {
        Self {
            preview: Rc::new(preview_blocks(&text, &self.preview)),
            proposal: Rc::new(proposal::parse(&text)),
            revision,
            pending_replace: None,
            ..self.clone()
        }
    }

    /// Whether the checks and findings are for the current text.
    pub fn is_analysed(&self) -> bool {
        Rc::ptr_eq(&self.analysed, &self.proposal)
    }

    /// This state with the checks and findings brought up to date.
    #[must_use]
    pub fn fresh(&self) -> Self {
        if self.is_analysed() {
            return self.clone();
        }
        let (blind, checks) = analyse(&self.proposal, &self.profile, &self.speaker_names);
        Self {
            analysed: Rc::clone(&self.proposal),
            checks: Rc::new(checks),
            blind: Rc::new(blind),
            ..self.clone()
        }
    }
}

/// The blind-review findings and the checks (which report them too) for a draft.
fn analyse(
    proposal: &Proposal,
    profile: &Profile,
    typed_names: &str,
) -> (Vec<BlindFinding>, Report) {
    let names = Names::from_proposal(proposal).with_extra(typed_names);
    let blind = anonymise::scan(proposal, &names);
    let spans: Vec<std::ops::Range<usize>> = blind.iter().map(|f| f.span.clone()).collect();
    let report = checks::run_with(proposal, profile, Some(&spans));
    (blind, report)
}

/// How an ignored finding is remembered: its kind and its text, which survive edits
/// elsewhere in the draft (its position does not).
pub fn finding_key(source: &str, finding: &BlindFinding) -> String {
    format!(
        "{}:{}",
        finding.kind.label(),
        source.get(finding.span.clone()).unwrap_or_default()
    )
}

impl ReviewState {
    /// Whether a blind-review finding will be redacted in the shared proposal.
    pub fn will_redact(&self, finding: &BlindFinding) -> bool {
        !self
            .ignored
            .contains(&finding_key(self.analysed.source(), finding))
    }

    /// The proposal as a share link carries it: redacted (every finding not ignored)
    /// and without the speaker, bio and notes fields.
    pub fn shared_proposal(&self) -> String {
        anonymise::redact_shared(&self.proposal, &self.blind, |f| self.will_redact(f))
    }

    /// What a share link carries of the proposal, following the reviewer's choices:
    /// nothing, the redacted text (the default), or the draft as written.
    pub fn shared_proposal_text(&self) -> Option<String> {
        if !self.include_proposal || self.text().trim().is_empty() {
            return None;
        }
        Some(if self.unredacted {
            self.text().to_string()
        } else {
            self.shared_proposal()
        })
    }
}

/// The rubric a new review starts with: PyCon US screening, latest version.
pub fn default_rubric() -> Rubric {
    rubric::latest_preset(PYCON_US_SCREENING).unwrap_or_else(|| Rubric::custom("Review"))
}

/// The rubric offered under `id` in the Rubric box: a preset, or the custom rubric.
pub fn rubric_for_choice(id: &str, custom: Option<&Rc<Rubric>>) -> Option<Rc<Rubric>> {
    if id == CUSTOM_ID {
        return custom.cloned();
    }
    rubric::latest_preset(id).map(Rc::new)
}

/// Whether switching away from this review would drop work (scores or criterion comments).
fn has_scores(review: &Review) -> bool {
    review.answers.iter().any(Option::is_some)
        || review.criterion_comments.iter().any(|c| !c.is_empty())
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
                _ => PreviewBlock {
                    key: key.into(),
                    html: block.html.into(),
                },
            }
        })
        .collect()
}

/// A new text for the draft, from somewhere other than typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// What it is, for the question ("the example “…”").
    pub what: String,
    /// The new draft.
    pub text: String,
    /// Start the review afresh too (a new review of a shared proposal).
    pub fresh_review: bool,
}

impl Replacement {
    /// Bundled example `n`, if there is one.
    pub fn example(n: usize) -> Option<Self> {
        let example = EXAMPLES.get(n)?;
        Some(Self {
            what: format!("the example “{}”", example.name),
            text: example.markdown.to_string(),
            fresh_review: false,
        })
    }
}

/// What can happen on the review page.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user typed or pasted: the whole new text.
    EditMarkdown(String),
    /// The saved draft was read at start-up.
    Restore(String),
    /// Replace the draft (asks first when the draft is not empty).
    RequestReplace(Replacement),
    /// The user confirmed replacing the draft.
    ConfirmReplace,
    /// The user kept the draft.
    CancelReplace,
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
    /// The user picked a rubric in the Rubric box (a preset id or `custom`).
    ChooseRubric(String),
    /// Switch rubric even though scores would be dropped.
    ConfirmRubric,
    /// Keep the current rubric.
    CancelRubric,
    /// Set or clear the answer to a criterion.
    Answer {
        /// The criterion's position in the rubric.
        criterion: usize,
        /// The chosen level's index, or `None` to clear.
        level: Option<u8>,
    },
    /// The comment on one criterion.
    CriterionComment(usize, String),
    /// The comment for the author.
    AuthorComment(String),
    /// The comment for the committee.
    CommitteeComment(String),
    /// Add a comment on a passage.
    AddAnchor(AnchoredComment),
    /// Edit the comment on a passage.
    EditAnchor(usize, String),
    /// Remove a comment on a passage.
    RemoveAnchor(usize),
    /// Whom the comment on criterion `n` is for.
    CriterionAudience(usize, Audience),
    /// Whom passage comment `n` is for.
    AnchorAudience(usize, Audience),
    /// Whether the speaker sees the scores.
    ScoresToSpeaker(bool),
    /// Tick or untick a reason (by id).
    Reason(u8, bool),
    /// The saved review and custom rubric, read at start-up.
    RestoreReview {
        /// The saved review, already checked against its rubric.
        review: Option<Box<(Rubric, Review)>>,
        /// The saved custom rubric.
        custom: Option<Rubric>,
    },
    /// The custom rubric was created or edited; the review switches to it.
    SaveCustomRubric(Rubric),
    /// Show a passage of the draft (a byte range) in the preview.
    ShowPassage(std::ops::Range<usize>),
    /// Sign the review with a pseudonym (empty: anonymous).
    Pseudonym(String),
    /// Build the share link, pointing at this base URL.
    CreateShareLink(String),
    /// Whether share links carry the proposal.
    IncludeProposal(bool),
    /// Whether the proposal goes in as written.
    Unredacted(bool),
    /// The speaker names typed for the blind-review check.
    SpeakerNames(String),
    /// Keep blind-review finding `n` (do not redact it).
    IgnoreFinding(usize),
    /// Redact blind-review finding `n` after all.
    UnignoreFinding(usize),
    /// Replace blind-review finding `n` in the draft itself.
    RedactFinding(usize),
    /// Replace every finding not ignored in the draft itself.
    RedactAll,
    /// Bring the checks and blind-review findings up to date (after a pause in typing).
    Analyse,
    /// The conference's limits changed (already validated).
    SetProfile(Profile),
}

impl Reducible for ReviewState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::EditMarkdown(_)
            | Action::Restore(_)
            | Action::RequestReplace(_)
            | Action::ConfirmReplace
            | Action::CancelReplace
            | Action::StorageFailed(_)
            | Action::StorageSaved
            | Action::OtherTabSaved(_)
            | Action::TakeOtherTab
            | Action::KeepThisTab
            | Action::SpeakerNames(_)
            | Action::IgnoreFinding(_)
            | Action::UnignoreFinding(_)
            | Action::RedactFinding(_)
            | Action::RedactAll
            | Action::Analyse
            | Action::SetProfile(_) => reduce_draft(self, action),
            _ => reduce_review(self, action),
        }
    }
}

/// Actions on the draft, its storage and the page.
fn reduce_draft(this: Rc<ReviewState>, action: Action) -> Rc<ReviewState> {
    match action {
        Action::SpeakerNames(names) => {
            if *this.speaker_names == *names {
                return this;
            }
            let (blind, checks) = analyse(&this.proposal, &this.profile, &names);
            Rc::new(ReviewState {
                analysed: Rc::clone(&this.proposal),
                speaker_names: Rc::from(names),
                blind: Rc::new(blind),
                checks: Rc::new(checks),
                revision: this.revision + 1,
                ..(*this).clone()
            })
        }
        Action::SetProfile(profile) => {
            if *this.profile == profile {
                return this;
            }
            let (blind, checks) = analyse(&this.proposal, &profile, &this.speaker_names);
            Rc::new(ReviewState {
                analysed: Rc::clone(&this.proposal),
                checks: Rc::new(checks),
                blind: Rc::new(blind),
                profile: Rc::new(profile),
                revision: this.revision + 1,
                ..(*this).clone()
            })
        }
        Action::Analyse => {
            if this.is_analysed() {
                return this;
            }
            Rc::new(this.fresh())
        }
        Action::IgnoreFinding(n) | Action::UnignoreFinding(n) => {
            // Findings are numbered as the panel shows them: on the analysed text.
            let Some(finding) = this.blind.get(n) else {
                return this;
            };
            let key = finding_key(this.analysed.source(), finding);
            let mut ignored = (*this.ignored).clone();
            if matches!(action, Action::IgnoreFinding(_)) {
                ignored.insert(key);
            } else {
                ignored.remove(&key);
            }
            Rc::new(ReviewState {
                ignored: Rc::new(ignored),
                revision: this.revision + 1,
                ..(*this).clone()
            })
        }
        Action::RedactFinding(n) => {
            // `n` numbers the findings the panel shows, which may lag the draft by a
            // moment: find the same finding (kind and text) in an up-to-date analysis.
            let Some(finding) = this.blind.get(n) else {
                return this;
            };
            let key = finding_key(this.analysed.source(), finding);
            let this = this.fresh();
            let Some(finding) = this
                .blind
                .iter()
                .find(|f| finding_key(this.text(), f) == key)
            else {
                return Rc::new(this);
            };
            let text = anonymise::redact(this.text(), std::slice::from_ref(finding), |_| true);
            Rc::new(this.edited(text, this.revision + 1))
        }
        Action::RedactAll => {
            let this = Rc::new(this.fresh());
            if !this.blind.iter().any(|f| this.will_redact(f)) {
                return this;
            }
            let text = anonymise::redact(this.text(), &this.blind, |f| this.will_redact(f));
            Rc::new(this.edited(text, this.revision + 1))
        }
        Action::EditMarkdown(text) => {
            if text == this.text() {
                return this;
            }
            Rc::new(this.edited(text, this.revision + 1))
        }
        Action::Restore(text) => {
            // Never replace something typed before the saved draft was read.
            if !this.text().is_empty() || text.is_empty() {
                return this;
            }
            Rc::new(this.edited(text, this.revision))
        }
        Action::RequestReplace(replacement) => {
            if this.text().trim().is_empty() {
                Rc::new(this.replaced(&replacement))
            } else {
                Rc::new(ReviewState {
                    pending_replace: Some(Rc::new(replacement)),
                    ..(*this).clone()
                })
            }
        }
        Action::ConfirmReplace => match this.pending_replace.clone() {
            Some(replacement) => Rc::new(this.replaced(&replacement)),
            None => this,
        },
        Action::CancelReplace => {
            if this.pending_replace.is_none() {
                return this;
            }
            Rc::new(ReviewState {
                pending_replace: None,
                ..(*this).clone()
            })
        }
        Action::StorageFailed(problem) => {
            if this.storage_problem.as_ref() == Some(&problem) {
                return this;
            }
            Rc::new(ReviewState {
                storage_problem: Some(problem),
                ..(*this).clone()
            })
        }
        Action::StorageSaved => {
            if this.storage_problem.is_none() {
                return this;
            }
            Rc::new(ReviewState {
                storage_problem: None,
                ..(*this).clone()
            })
        }
        Action::OtherTabSaved(text) => {
            if text == this.text() {
                // Same text: nothing to choose between.
                if this.other_tab_text.is_none() {
                    return this;
                }
                return Rc::new(ReviewState {
                    other_tab_text: None,
                    ..(*this).clone()
                });
            }
            Rc::new(ReviewState {
                other_tab_text: Some(text.into()),
                ..(*this).clone()
            })
        }
        Action::TakeOtherTab => match &this.other_tab_text {
            Some(text) => {
                let text = text.to_string();
                // Not a new revision: the text is already saved, by the other tab.
                Rc::new(ReviewState {
                    other_tab_text: None,
                    ..this.edited(text, this.revision)
                })
            }
            None => this,
        },
        Action::KeepThisTab => {
            if this.other_tab_text.is_none() {
                return this;
            }
            // A new revision so that autosave writes this tab's text.
            Rc::new(ReviewState {
                other_tab_text: None,
                revision: this.revision + 1,
                ..(*this).clone()
            })
        }
        _ => this,
    }
}

/// Actions on the rubric and the review.
fn reduce_review(this: Rc<ReviewState>, action: Action) -> Rc<ReviewState> {
    match action {
        Action::ChooseRubric(id) => {
            let Some(next) = rubric_for_choice(&id, this.custom_rubric.as_ref()) else {
                return this;
            };
            if *next == *this.rubric {
                return this;
            }
            if has_scores(&this.review) {
                return Rc::new(ReviewState {
                    pending_rubric: Some(next),
                    ..(*this).clone()
                });
            }
            Rc::new(this.switched_rubric(next))
        }
        Action::ConfirmRubric => match this.pending_rubric.clone() {
            Some(next) => Rc::new(this.switched_rubric(next)),
            None => this,
        },
        Action::CancelRubric => {
            if this.pending_rubric.is_none() {
                return this;
            }
            Rc::new(ReviewState {
                pending_rubric: None,
                ..(*this).clone()
            })
        }
        Action::Answer { criterion, level } => {
            let mut review = (*this.review).clone();
            if review.set_answer(&this.rubric, criterion, level).is_err() || review == *this.review
            {
                return this;
            }
            Rc::new(this.with_review(review))
        }
        Action::CriterionComment(i, text) => {
            let mut review = (*this.review).clone();
            match review.criterion_comments.get_mut(i) {
                Some(c) if *c != text => *c = text,
                _ => return this,
            }
            Rc::new(this.with_review(review))
        }
        Action::AuthorComment(text) => {
            if this.review.author_comment == text {
                return this;
            }
            let mut review = (*this.review).clone();
            review.author_comment = text;
            Rc::new(this.with_review(review))
        }
        Action::CommitteeComment(text) => {
            if this.review.committee_comment == text {
                return this;
            }
            let mut review = (*this.review).clone();
            review.committee_comment = text;
            Rc::new(this.with_review(review))
        }
        Action::AddAnchor(anchored) => {
            let mut review = (*this.review).clone();
            review.anchors.push(anchored);
            Rc::new(this.with_review(review))
        }
        Action::EditAnchor(i, text) => {
            let mut review = (*this.review).clone();
            match review.anchors.get_mut(i) {
                Some(a) if a.comment != text => a.comment = text,
                _ => return this,
            }
            Rc::new(this.with_review(review))
        }
        Action::CriterionAudience(i, audience) => {
            let mut review = (*this.review).clone();
            review.set_criterion_audience(&this.rubric, i, audience);
            if review == *this.review {
                return this;
            }
            Rc::new(this.with_review(review))
        }
        Action::AnchorAudience(i, audience) => {
            let mut review = (*this.review).clone();
            match review.anchors.get_mut(i) {
                Some(a) if a.audience != Some(audience) => a.audience = Some(audience),
                _ => return this,
            }
            Rc::new(this.with_review(review))
        }
        Action::ScoresToSpeaker(on) => {
            if this.review.scores_shown(&this.rubric) == on {
                return this;
            }
            let mut review = (*this.review).clone();
            review.scores_to_speaker = Some(on);
            Rc::new(this.with_review(review))
        }
        Action::Reason(id, ticked) => {
            let mut review = (*this.review).clone();
            review.set_reason(id, ticked);
            if review == *this.review {
                return this;
            }
            Rc::new(this.with_review(review))
        }
        Action::RemoveAnchor(i) => {
            if i >= this.review.anchors.len() {
                return this;
            }
            let mut review = (*this.review).clone();
            review.anchors.remove(i);
            Rc::new(this.with_review(review))
        }
        Action::RestoreReview { review, custom } => {
            // Never replace scores given before the saved review was read.
            let untouched = !has_scores(&this.review) && this.review.anchors.is_empty();
            if custom.is_none() && (review.is_none() || !untouched) {
                // Nothing to restore: the same state, so the page is not rendered again.
                return this;
            }
            let mut next = (*this).clone();
            if let Some(custom) = custom {
                next.custom_rubric = Some(Rc::new(custom));
            }
            if let Some(saved) = review {
                let (rubric, review) = *saved;
                if untouched {
                    next.rubric = Rc::new(rubric);
                    next.review = Rc::new(review);
                }
            }
            Rc::new(next)
        }
        Action::CreateShareLink(base_url) => {
            let this = Rc::new(this.fresh());
            let shared = SharedReview {
                review: (*this.review).clone(),
                proposal: this.shared_proposal_text(),
            };
            // The text that was reviewed (the draft as written) names the proposal.
            let reference = if this.text().trim().is_empty() {
                link::ProposalRef::default()
            } else {
                link::ProposalRef::of(this.text(), None)
            };
            let make = |kind| link::encode_link(&shared, kind, &reference, &base_url);
            let link = match (
                make(link::LinkKind::SpeakerFeedback),
                make(link::LinkKind::CommitteeReview),
            ) {
                (Ok(speaker), Ok(committee)) => ShareLink::Ready {
                    speaker: Rc::from(speaker),
                    committee: Rc::from(committee),
                    revision: this.revision,
                },
                (Err(e), _) | (_, Err(e)) => {
                    ShareLink::Failed(format!("The links could not be made: {e}").into())
                }
            };
            Rc::new(ReviewState {
                share_link: Some(link),
                ..(*this).clone()
            })
        }
        Action::IncludeProposal(on) => {
            if this.include_proposal == on {
                return this;
            }
            Rc::new(ReviewState {
                include_proposal: on,
                revision: this.revision + 1,
                ..(*this).clone()
            })
        }
        Action::Unredacted(on) => {
            if this.unredacted == on {
                return this;
            }
            Rc::new(ReviewState {
                unredacted: on,
                revision: this.revision + 1,
                ..(*this).clone()
            })
        }
        Action::Pseudonym(name) => {
            let name = name.trim();
            let pseudonym = (!name.is_empty()).then(|| name.to_string());
            if this.review.pseudonym == pseudonym {
                return this;
            }
            let mut review = (*this.review).clone();
            review.pseudonym = pseudonym;
            Rc::new(this.with_review(review))
        }
        Action::ShowPassage(range) => {
            let n = this.focus.as_ref().map_or(0, |(n, _)| n.wrapping_add(1));
            Rc::new(ReviewState {
                focus: Some((n, range)),
                ..(*this).clone()
            })
        }
        Action::SaveCustomRubric(rubric) => {
            let rubric = Rc::new(rubric);
            let mut next = (*this).clone();
            next.custom_rubric = Some(Rc::clone(&rubric));
            next.revision += 1;
            if this.rubric.id == CUSTOM_ID || !has_scores(&this.review) {
                // Keep what still fits: answers and comments by criterion key.
                next.review = Rc::new(carry_over(&this.rubric, &this.review, &rubric));
                next.rubric = rubric;
            }
            Rc::new(next)
        }
        _ => this,
    }
}

impl ReviewState {
    fn replaced(&self, replacement: &Replacement) -> Self {
        let mut next = self.edited(replacement.text.clone(), self.revision + 1);
        if replacement.fresh_review {
            next.review = Rc::new(Review::for_rubric(&self.rubric));
        }
        next
    }

    fn with_review(&self, review: Review) -> Self {
        Self {
            review: Rc::new(review),
            revision: self.revision + 1,
            ..self.clone()
        }
    }

    fn switched_rubric(&self, next: Rc<Rubric>) -> Self {
        let review = carry_over(&self.rubric, &self.review, &next);
        Self {
            rubric: next,
            review: Rc::new(review),
            pending_rubric: None,
            revision: self.revision + 1,
            ..self.clone()
        }
    }
}

/// A review of `to` that keeps from `review` (of `from`) what still applies: the overall
/// comments, the anchored comments, and the answers and comments of criteria with the
/// same key and scale.
pub fn carry_over(from: &Rubric, review: &Review, to: &Rubric) -> Review {
    let mut next = Review::for_rubric(to);
    next.author_comment.clone_from(&review.author_comment);
    next.committee_comment.clone_from(&review.committee_comment);
    next.anchors.clone_from(&review.anchors);
    next.pseudonym.clone_from(&review.pseudonym);
    for (i, criterion) in to.criteria.iter().enumerate() {
        let same = from
            .criteria
            .iter()
            .position(|c| c.key == criterion.key && c.scale == criterion.scale);
        if let Some(j) = same {
            next.answers[i] = review.answers.get(j).copied().flatten();
            next.criterion_comments[i] = review
                .criterion_comments
                .get(j)
                .cloned()
                .unwrap_or_default();
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: ReviewState, action: Action) -> ReviewState {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn restoring_nothing_keeps_the_same_state_so_nothing_renders_again() {
        let state = Rc::new(ReviewState::default());
        let next = Rc::clone(&state).reduce(Action::RestoreReview {
            review: None,
            custom: None,
        });
        assert!(Rc::ptr_eq(&state, &next));
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
        let example = Replacement::example(0).unwrap();
        let asked = reduce(typed, Action::RequestReplace(example.clone()));
        assert_eq!(asked.text(), "my draft");
        assert_eq!(asked.pending_replace.as_deref(), Some(&example));
        let kept = reduce(asked.clone(), Action::CancelReplace);
        assert_eq!(kept.text(), "my draft");
        let replaced = reduce(asked, Action::ConfirmReplace);
        assert_eq!(replaced.text(), EXAMPLES[0].markdown);
        let empty = reduce(
            ReviewState::default(),
            Action::RequestReplace(Replacement::example(1).unwrap()),
        );
        assert_eq!(
            empty.text(),
            EXAMPLES[1].markdown,
            "an empty draft is replaced at once"
        );
    }

    #[test]
    fn a_new_review_of_a_shared_proposal_starts_the_scores_afresh() {
        let scored = reduce(
            ReviewState::default(),
            Action::Answer {
                criterion: 0,
                level: Some(0),
            },
        );
        assert!(scored.review.answers[0].is_some());
        let fresh = Replacement {
            what: "the shared proposal".into(),
            text: "# Shared".into(),
            fresh_review: true,
        };
        let next = reduce(scored, Action::RequestReplace(fresh));
        assert_eq!(next.text(), "# Shared");
        assert!(next.review.answers.iter().all(Option::is_none));
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
