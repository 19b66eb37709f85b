//! The blind-review check: what in a proposal identifies its speaker.
//!
//! Committees review the first round blind, yet speakers leak their identity
//! all the time: their own name in the description, a GitHub profile, "I am
//! the author of …". [`scan`] finds those leaks in the fields that get
//! shared (title, description, abstract, outline, takeaways, body…); the
//! speaker, bio and notes fields are the *source* of names and are never
//! shared. [`redact`] and [`redact_shared`] apply the suggested replacements.
//!
//! What is looked for:
//! - the speaker's names ([`Names`]: from the speaker and bio fields and from
//!   names typed in), matched case-, diacritic- and possessive-insensitively;
//! - e-mail addresses, links to personal profiles and personal domains, and
//!   `@handles` in prose (not `@decorators` in code);
//! - organisations named in the bio;
//! - self-references: "I am the author of X", "my library X", "my talk at
//!   `PyCon` 2019", "our team at X", "my name is X";
//! - with no names given, names the text introduces ("Presented by Jane Doe",
//!   "Jane Doe is a data scientist…", "Jane Doe will show…").
//!
//! Everything runs in a few linear passes: the shared text is split into
//! words once, each word folded once (see [`crate::fold`]), and name
//! parts are looked up in a small hash map. No regular expressions: the page
//! is shipped as wasm and every kilobyte counts.

// Word indices `i`, `j`, `k` over a text `t`, its gaps `g` and words `w`
// read like the patterns they implement; longer names would bury them.
#![allow(clippy::many_single_char_names)]

mod claims;
mod code;
mod links;
mod names;
mod redact;
mod words;

use std::borrow::Cow;
use std::ops::Range;

use crate::proposal::{FieldKind, Proposal};

use claims::repeat_claims;
use code::code_ranges;
use links::find_links;
pub use names::Names;
use names::{find_name_parts, find_organisations};
pub use redact::{redact, redact_shared};
use words::Text;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeakKind {
    /// A speaker's name or a part of it.
    Name,
    /// An e-mail address.
    Email,
    /// A link to a personal profile or site.
    Url,
    /// A social-media `@handle`.
    Handle,
    /// The speaker's employer or organisation.
    Organisation,
    /// Something the speaker says they made or did ("my library X").
    SelfReference,
}

impl LeakKind {
    /// Display label, e.g. `"E-mail address"`.
    pub fn label(self) -> &'static str {
        match self {
            LeakKind::Name => "Name",
            LeakKind::Email => "E-mail address",
            LeakKind::Url => "Link",
            LeakKind::Handle => "Handle",
            LeakKind::Organisation => "Organisation",
            LeakKind::SelfReference => "Self-reference",
        }
    }

    /// Overlapping findings keep the most specific kind (lowest rank).
    fn rank(self) -> u8 {
        match self {
            LeakKind::Email => 0,
            LeakKind::Url => 1,
            LeakKind::Handle => 2,
            LeakKind::Name => 3,
            LeakKind::Organisation => 4,
            LeakKind::SelfReference => 5,
        }
    }
}

/// One thing that identifies the speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    /// Byte range into [`Proposal::source`] (on `char` boundaries).
    pub span: Range<usize>,
    /// What it is.
    pub kind: LeakKind,
    /// Why it matters, in plain words for the UI.
    pub why: &'static str,
    /// Suggested replacement text, e.g. `"[speaker]"`.
    pub replacement: Cow<'static, str>,
}

/// Where a name part came from; decides the `why` text and how strictly
/// it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Typed in by the user ([`Names::with_extra`]).
    Given,
    /// The speaker field.
    Speakers,
    /// The bio (or notes) field.
    Bio,
    /// Introduced as a name by the shared text itself.
    Text,
}

struct Ctx<'t, 'a> {
    text: &'t Text<'a>,
    code: &'t [Range<usize>],
}

fn in_ranges(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= at);
    ranges.get(i).is_some_and(|r| r.start <= at)
}

const WHY_SPEAKERS: &str = "This is the speaker's name (from the Speaker field).";
const WHY_BIO: &str = "This is the speaker's name (from the Bio field).";
const WHY_GIVEN: &str = "This is the speaker's name (from the names you entered).";
const WHY_TEXT: &str = "This looks like the speaker's name: the proposal introduces someone by it.";
const WHY_LOWER: &str =
    "This word is also part of the speaker's name. If it means the speaker here, hide it.";
const WHY_EMAIL: &str = "An e-mail address tells reviewers exactly who wrote this.";
const WHY_PROFILE: &str = "This link goes to a personal profile, so reviewers can see who you are.";
const WHY_REPO: &str =
    "This link goes to a repository under a personal account, which names its owner.";
const WHY_URL_NAME: &str = "This link contains the speaker's name or handle.";
const WHY_HANDLE: &str = "This looks like a social-media handle; reviewers can look it up.";
const WHY_ORG: &str =
    "The bio says the speaker works here; naming it helps reviewers guess who you are.";
const WHY_ORG_TEXT: &str =
    "You name your own organisation here; together with the topic it can identify you.";
const WHY_OWN_KIND: &str =
    "You say this is yours; with the topic, reviewers can look up whose it is. \
     The suggested wording keeps what it is without claiming it.";
const WHY_OWN_LINK: &str =
    "You call this link your own (your blog or site), so it leads reviewers to you.";
const WHY_SELF: &str = "You say you made this or spoke there; reviewers can look up who did. \
     Describe it without claiming it, e.g. \"the [project] library\".";

// ---------------------------------------------------------------------------
// The scan
// ---------------------------------------------------------------------------

/// The byte ranges of `p` that are shared with reviewers: every field value
/// and body chunk except the speaker, bio and notes fields, sorted.
///
/// ```
/// use talkback_core::{blind_review::shared_spans, proposal::parse};
/// let p = parse("# Fast tests\n\n## Bio\n\nJane Doe.\n");
/// let spans = shared_spans(&p);
/// assert_eq!(spans.len(), 1);
/// assert_eq!(p.slice(&spans[0]), "Fast tests");
/// ```
pub fn shared_spans(p: &Proposal) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = p
        .fields()
        .iter()
        .filter(|f| is_shared(f.kind) && !f.value.is_empty())
        .map(|f| f.value.clone())
        .chain(p.body_spans().iter().cloned())
        .collect();
    crate::sort::sort_by_key(&mut spans, |r| r.start);
    spans
}

/// Whether a field of `kind` is shown to reviewers.
pub fn is_shared(kind: FieldKind) -> bool {
    !matches!(
        kind,
        FieldKind::Speakers | FieldKind::Bio | FieldKind::Notes
    )
}

/// Finds what identifies the speaker in the shared parts of `p`, sorted by
/// position and non-overlapping.
///
/// ```
/// use talkback_core::blind_review::{scan, LeakKind, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Beazley's GIL tour\n\n## Description\n\nMail jane@example.com.\n\n## Speaker\n\nDavid Beazley\n");
/// let found = scan(&p, &Names::from_proposal(&p));
/// let kinds: Vec<_> = found.iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, [LeakKind::Name, LeakKind::Email]);
/// assert_eq!(p.slice(&found[0].span), "Beazley");
/// ```
pub fn scan(p: &Proposal, names: &Names) -> Vec<Leak> {
    scan_regions(p, names, &shared_spans(p))
}

/// What the workspace writes where a CFP export's speaker is hidden from the reviewer.
pub const HIDDEN_SPEAKER: &str = "[speaker]";

const WHY_HIDDEN: &str = "The proposal names its speaker here (hidden while you review).";

/// `found` ([`scan`]'s findings) with every [`HIDDEN_SPEAKER`] in the shared fields of
/// `p` added as a name: the export's speaker was named there, and hiding it from the
/// reviewer does not make the proposal blind.
///
/// ```
/// use talkback_core::blind_review::{scan, with_hidden_speakers, LeakKind, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Fast tests\n\n## Description\n\nI am [speaker], and I wrote it.\n");
/// let found = with_hidden_speakers(scan(&p, &Names::from_proposal(&p)), &p);
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].kind, p.slice(&found[0].span)), (LeakKind::Name, "[speaker]"));
/// ```
pub fn with_hidden_speakers(mut found: Vec<Leak>, p: &Proposal) -> Vec<Leak> {
    let text = p.source();
    for region in shared_spans(p) {
        let Some(part) = text.get(region.clone()) else {
            continue;
        };
        for (at, _) in part.match_indices(HIDDEN_SPEAKER) {
            let span = region.start + at..region.start + at + HIDDEN_SPEAKER.len();
            if !found
                .iter()
                .any(|f| f.span.start < span.end && span.start < f.span.end)
            {
                found.push(Leak {
                    span,
                    kind: LeakKind::Name,
                    why: WHY_HIDDEN,
                    replacement: Cow::Borrowed(HIDDEN_SPEAKER),
                });
            }
        }
    }
    crate::sort::sort_by_key(&mut found, |f| f.span.start);
    found
}

/// The byte ranges of `p`'s bio and notes fields, which are never shared but
/// are scanned too (see [`scan_withheld`]), sorted. The speaker field is the
/// name itself and is not scanned.
pub fn withheld_spans(p: &Proposal) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = p
        .fields()
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Bio | FieldKind::Notes) && !f.value.is_empty())
        .map(|f| f.value.clone())
        .collect();
    crate::sort::sort_by_key(&mut spans, |r| r.start);
    spans
}

/// What identifies the speaker in the notes, and the e-mail addresses,
/// links and handles in the bio (names and employer are what a bio is
/// for). These fields never
/// leave the browser in a share link, so these are reported apart from
/// [`scan`]'s: the speaker should know before pasting the proposal
/// elsewhere, and "nothing found" must not hide a site in the notes.
///
/// ```
/// use talkback_core::blind_review::{scan, scan_withheld, LeakKind, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Fast tests\n\n## Description\n\nTips.\n\n## Notes\n\nSlides on my blog: https://example.dev/talks\n");
/// let names = Names::from_proposal(&p);
/// assert!(scan(&p, &names).is_empty());
/// let withheld = scan_withheld(&p, &names);
/// assert_eq!(withheld.len(), 1);
/// assert_eq!(withheld[0].kind, LeakKind::Url);
/// ```
pub fn scan_withheld(p: &Proposal, names: &Names) -> Vec<Leak> {
    let bio: Vec<Range<usize>> = p
        .fields()
        .iter()
        .filter(|f| f.kind == FieldKind::Bio)
        .map(|f| f.value.clone())
        .collect();
    let mut found = scan_regions(p, names, &withheld_spans(p));
    // A bio exists to name the speaker and their employer: only its
    // addresses, links and handles are worth a line.
    found.retain(|f| {
        matches!(f.kind, LeakKind::Email | LeakKind::Url | LeakKind::Handle)
            || !bio
                .iter()
                .any(|b| b.start <= f.span.start && f.span.end <= b.end)
    });
    found
}

/// The kinds of the fields [`scan`] reads (shared with reviewers) and
/// [`scan_withheld`] reads (never shared), each in text order without
/// repeats. Text outside any field is scanned with the shared fields too.
pub fn scanned_fields(p: &Proposal) -> (Vec<FieldKind>, Vec<FieldKind>) {
    let mut shared: Vec<FieldKind> = Vec::new();
    let mut withheld: Vec<FieldKind> = Vec::new();
    for f in p.fields() {
        if f.value.is_empty() {
            continue;
        }
        let list = if is_shared(f.kind) {
            &mut shared
        } else if matches!(f.kind, FieldKind::Bio | FieldKind::Notes) {
            &mut withheld
        } else {
            continue;
        };
        if !list.contains(&f.kind) {
            list.push(f.kind);
        }
    }
    (shared, withheld)
}

fn scan_regions(p: &Proposal, names: &Names, regions: &[Range<usize>]) -> Vec<Leak> {
    let regions = regions.to_vec();
    let src = p.source();
    let code = code_ranges(src);
    let text = Text::new(src, &regions);
    let ctx = Ctx {
        text: &text,
        code: &code,
    };
    let mut found: Vec<Leak> = Vec::new();

    // Names the text introduces become names to look for everywhere.
    let mut local;
    let mut names = names;
    let introduced = ctx.introduced_names();
    if !introduced.is_empty() {
        local = names.clone();
        for run in &introduced {
            local.add_run(&text, &run.toks, Origin::Text);
        }
        names = &local;
    }
    for run in &introduced {
        found.push(Leak {
            span: text.toks[run.toks.start].start..text.toks[run.toks.end - 1].end,
            kind: LeakKind::Name,
            why: WHY_TEXT,
            replacement: Cow::Borrowed("[speaker]"),
        });
    }

    // E-mails, links, handles: per region so nothing spans two fields.
    let links = find_links(src, &regions, &code, names, &mut found);
    find_name_parts(&text, &code, names, &mut found);
    find_organisations(&text, names, &mut found);
    // What the speaker claims ("I built DIVSPL") is found again wherever
    // the text repeats it, as written.
    let claims = ctx.self_references();
    repeat_claims(src, &regions, &claims, &mut found);
    found.extend(claims);

    // Words inside a link that is not flagged are part of the link (a
    // package name in a docs URL), not a name in prose.
    found.retain(|f| {
        matches!(f.kind, LeakKind::Url | LeakKind::Email)
            || !links
                .iter()
                .any(|l| l.start <= f.span.start && f.span.end <= l.end)
            || f.kind == LeakKind::Name && f.why != WHY_TEXT
    });
    merge(found)
}

/// Sorts findings and merges overlapping ones into their union, keeping
/// the most specific kind.
fn merge(mut found: Vec<Leak>) -> Vec<Leak> {
    crate::sort::sort_by(&mut found, |a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut out: Vec<Leak> = Vec::with_capacity(found.len());
    for f in found {
        match out.last_mut() {
            Some(last) if f.span.start < last.span.end => {
                last.span.end = last.span.end.max(f.span.end);
                if f.kind.rank() < last.kind.rank() {
                    last.kind = f.kind;
                    last.why = f.why;
                    last.replacement = f.replacement;
                }
            }
            _ => out.push(f),
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
