//! The analysis part: the mentor checks and the blind-review findings on the draft, the
//! reviewer's choices about the findings, the conference's limits, and the passage the
//! preview is asked to show.

use std::collections::BTreeSet;
use std::ops::Range;
use std::rc::Rc;

use super::{DraftAction, ReviewState, Then};
use talkback_core::blind_review::{self, Leak, Names};
use talkback_core::checks::{self, Profile, Report};
use talkback_core::proposal::Proposal;

/// Checks and findings, and what they were computed on.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The draft the checks and the blind-review findings were computed on. They lag
    /// typing by a moment (analysis waits for a pause); their byte ranges refer to this.
    pub analysed: Rc<Proposal>,
    /// The mentor checks on the draft.
    pub checks: Rc<Report>,
    /// The conference's limits the checks use.
    pub profile: Rc<Profile>,
    /// Speaker names typed in for the blind-review check (besides the draft's own fields).
    pub speaker_names: Rc<str>,
    /// The speakers of an imported proposal, hidden from the reviewer: looked for like
    /// typed names, never shown (empty for a pasted one). Only the workspace imports.
    #[cfg(feature = "workspace")]
    pub hidden_names: Rc<str>,
    /// What could identify the speaker in the shared fields.
    pub blind: Rc<Vec<Leak>>,
    /// Findings the reviewer chose to keep (by kind and text), so they are not redacted.
    pub ignored: Rc<BTreeSet<String>>,
    /// For each finding in [`Self::blind`], whether it will be redacted.
    pub redacted: Rc<Vec<bool>>,
    /// A passage of the analysed draft to show in the preview, with a counter so that
    /// asking for the same passage again scrolls to it again.
    pub focus: Option<(u32, Range<usize>)>,
    /// `false` until the draft is first analysed (the page opens before that): no checks
    /// or findings to show yet, not even "nothing found".
    pub ready: bool,
}

impl Analysis {
    /// The analysis of `proposal` under `profile`, with `speaker_names` typed.
    pub fn new(proposal: &Rc<Proposal>, profile: Profile, speaker_names: Rc<str>) -> Self {
        let (blind, checks) = analyse(proposal, &profile, &speaker_names, "");
        Self {
            analysed: Rc::clone(proposal),
            checks: Rc::new(checks),
            profile: Rc::new(profile),
            speaker_names,
            #[cfg(feature = "workspace")]
            hidden_names: Rc::from(""),
            blind: Rc::new(blind),
            ignored: Rc::default(),
            redacted: Rc::default(),
            focus: None,
            ready: true,
        }
        .with_redacted()
    }

    /// Nothing analysed yet: `proposal` (the draft the page opens with) is to be analysed
    /// under `profile` once the first frame is drawn.
    pub fn pending(proposal: &Rc<Proposal>, profile: Profile) -> Self {
        Self {
            analysed: Rc::clone(proposal),
            checks: Rc::default(),
            profile: Rc::new(profile),
            speaker_names: Rc::from(""),
            #[cfg(feature = "workspace")]
            hidden_names: Rc::from(""),
            blind: Rc::default(),
            ignored: Rc::default(),
            redacted: Rc::default(),
            focus: None,
            ready: false,
        }
    }

    /// This analysis redone on `proposal`, keeping the choices (still pending: only the
    /// choices, analysed later).
    fn on(&self, proposal: &Rc<Proposal>, profile: Rc<Profile>, speaker_names: Rc<str>) -> Self {
        if !self.ready {
            return Self {
                profile,
                speaker_names,
                ..self.clone()
            };
        }
        self.analysed_on(proposal, profile, speaker_names)
    }

    /// `proposal` analysed, keeping the choices.
    fn analysed_on(
        &self,
        proposal: &Rc<Proposal>,
        profile: Rc<Profile>,
        speaker_names: Rc<str>,
    ) -> Self {
        let (blind, checks) = analyse(proposal, &profile, &speaker_names, self.hidden());
        Self {
            analysed: Rc::clone(proposal),
            checks: Rc::new(checks),
            profile,
            speaker_names,
            blind: Rc::new(blind),
            ready: true,
            ..self.clone()
        }
        .with_redacted()
    }

    /// The hidden speakers' names (none without the workspace).
    #[cfg_attr(
        not(feature = "workspace"),
        allow(clippy::unused_self, clippy::unnecessary_literal_bound)
    )]
    fn hidden(&self) -> &str {
        #[cfg(feature = "workspace")]
        return &self.hidden_names;
        #[cfg(not(feature = "workspace"))]
        ""
    }

    /// This analysis with [`Self::redacted`] recomputed from the findings and choices.
    fn with_redacted(self) -> Self {
        let redacted = self.blind.iter().map(|f| self.will_redact(f)).collect();
        Self {
            redacted: Rc::new(redacted),
            ..self
        }
    }

    /// Whether a blind-review finding will be redacted in the shared proposal.
    pub fn will_redact(&self, finding: &Leak) -> bool {
        !self
            .ignored
            .contains(&finding_key(self.analysed.source(), finding))
    }

    /// This analysis brought up to date with `proposal` (itself when it is).
    pub(super) fn fresh(self: &Rc<Self>, proposal: &Rc<Proposal>) -> Rc<Self> {
        if self.ready && Rc::ptr_eq(&self.analysed, proposal) {
            return Rc::clone(self);
        }
        Rc::new(self.analysed_on(
            proposal,
            Rc::clone(&self.profile),
            Rc::clone(&self.speaker_names),
        ))
    }
}

/// The blind-review findings and the checks (which report them too) for a draft, with
/// the names typed and those of an import's hidden speakers (whose `[speaker]`
/// placeholders are findings too).
fn analyse(
    proposal: &Proposal,
    profile: &Profile,
    typed_names: &str,
    hidden_names: &str,
) -> (Vec<Leak>, Report) {
    let mut names = Names::from_proposal(proposal).with_extra(typed_names);
    let hidden = cfg!(feature = "workspace") && !hidden_names.is_empty();
    if hidden {
        names = names.with_extra(hidden_names);
    }
    let mut blind = blind_review::scan(proposal, &names);
    if hidden {
        blind = blind_review::with_hidden_speakers(blind, proposal);
    }
    let spans: Vec<Range<usize>> = blind.iter().map(|f| f.span.clone()).collect();
    let report = checks::run_with(proposal, profile, Some(&spans));
    (blind, report)
}

/// How an ignored finding is remembered: its kind and its text, which survive edits
/// elsewhere in the draft (its position does not).
pub fn finding_key(source: &str, finding: &Leak) -> String {
    format!(
        "{}:{}",
        finding.kind.label(),
        source.get(finding.span.clone()).unwrap_or_default()
    )
}

/// What can happen to the checks and findings.
#[derive(Debug, Clone, PartialEq)]
pub enum AnalysisAction {
    /// Bring the checks and blind-review findings up to date (after a pause in typing).
    Analyse,
    /// The speaker names typed for the blind-review check.
    SpeakerNames(String),
    /// The hidden speakers' names of an imported proposal (set when the page opens).
    #[cfg(feature = "workspace")]
    HiddenNames(String),
    /// The conference's limits changed (already validated).
    SetProfile(Profile),
    /// Keep blind-review finding `n` (do not redact it).
    IgnoreFinding(usize),
    /// Redact blind-review finding `n` after all.
    UnignoreFinding(usize),
    /// Replace blind-review finding `n` in the draft itself.
    RedactFinding(usize),
    /// Replace every finding not ignored in the draft itself.
    RedactAll,
    /// Show a passage of the analysed draft (a byte range) in the preview.
    ShowPassage(Range<usize>),
    /// Show blind-review finding `n` in the preview.
    ShowFinding(usize),
}

/// The analysis after `action`.
pub(super) fn reduce(state: &ReviewState, action: AnalysisAction, then: &mut Then) -> Rc<Analysis> {
    let this = &state.analysis;
    let proposal = &state.draft.proposal;
    match action {
        AnalysisAction::Analyse => this.fresh(proposal),
        AnalysisAction::SpeakerNames(names) => {
            if *this.speaker_names == *names {
                return Rc::clone(this);
            }
            Rc::new(this.on(proposal, Rc::clone(&this.profile), Rc::from(names)))
        }
        #[cfg(feature = "workspace")]
        AnalysisAction::HiddenNames(names) => {
            if *this.hidden_names == *names {
                return Rc::clone(this);
            }
            let with = Analysis {
                hidden_names: Rc::from(names),
                ..(**this).clone()
            };
            Rc::new(with.on(
                proposal,
                Rc::clone(&this.profile),
                Rc::clone(&this.speaker_names),
            ))
        }
        AnalysisAction::SetProfile(profile) => {
            if *this.profile == profile {
                return Rc::clone(this);
            }
            Rc::new(this.on(proposal, Rc::new(profile), Rc::clone(&this.speaker_names)))
        }
        AnalysisAction::IgnoreFinding(n) | AnalysisAction::UnignoreFinding(n) => {
            // Findings are numbered as the panel shows them: on the analysed text.
            let Some(finding) = this.blind.get(n) else {
                return Rc::clone(this);
            };
            let key = finding_key(this.analysed.source(), finding);
            let mut ignored = (*this.ignored).clone();
            let changed = if matches!(action, AnalysisAction::IgnoreFinding(_)) {
                ignored.insert(key)
            } else {
                ignored.remove(&key)
            };
            if !changed {
                return Rc::clone(this);
            }
            Rc::new(
                Analysis {
                    ignored: Rc::new(ignored),
                    ..(**this).clone()
                }
                .with_redacted(),
            )
        }
        AnalysisAction::RedactFinding(n) => {
            // `n` numbers the findings the panel shows, which may lag the draft by a
            // moment: find the same finding (kind and text) in an up-to-date analysis.
            let Some(finding) = this.blind.get(n) else {
                return Rc::clone(this);
            };
            let key = finding_key(this.analysed.source(), finding);
            let fresh = this.fresh(proposal);
            let text = proposal.source();
            if let Some(finding) = fresh.blind.iter().find(|f| finding_key(text, f) == key) {
                let redacted = blind_review::redact(text, std::slice::from_ref(finding), |_| true);
                then.push(DraftAction::Edit(redacted).into());
            }
            fresh
        }
        AnalysisAction::RedactAll => {
            let fresh = this.fresh(proposal);
            if fresh.blind.iter().any(|f| fresh.will_redact(f)) {
                let text =
                    blind_review::redact(proposal.source(), &fresh.blind, |f| fresh.will_redact(f));
                then.push(DraftAction::Edit(text).into());
            }
            fresh
        }
        AnalysisAction::ShowFinding(n) => {
            let range = this
                .blind
                .get(n)
                .map(|f| f.span.clone())
                .unwrap_or_default();
            reduce(state, AnalysisAction::ShowPassage(range), then)
        }
        AnalysisAction::ShowPassage(range) => {
            let n = this.focus.as_ref().map_or(0, |(n, _)| n.wrapping_add(1));
            Rc::new(Analysis {
                focus: Some((n, range)),
                ..(**this).clone()
            })
        }
    }
}
