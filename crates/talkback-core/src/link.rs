//! Share links: a whole review (and, if the reviewer wants, the anonymised
//! proposal) carried in the URL fragment, so that no server ever sees it.
//!
//! [`encode`] turns a [`SharedReview`] into a link; [`decode`] turns a link,
//! or just its fragment, back into the review, checking everything on the
//! way: a link is attacker-controlled input.
//!
//! # Kinds and audiences (format version 2)
//!
//! Version 2 puts one envelope before the body of every link: a kind
//! ([`LinkKind`]: a review for the committee, or feedback for the speaker;
//! draft, revision and delta revision are reserved), a proposal reference
//! ([`ProposalRef`]), audience tags, reason ids, then the body. A committee
//! review's body is the version-1 body below; the speaker's body is a
//! separate wire struct (`WireSpeakerBody`) with no place for the comment for
//! the committee, committee-only criterion or passage comments, or hidden
//! scores: [`encode_link`] builds it from [`speaker_view`]. Speaker links are
//! written in the compact form (kind 5): [`encode_speaker_link`] lets a passage
//! comment travel as its quote's occurrence in the reviewed text instead of
//! its context ([`crate::anchor::place`] puts it back).
//! Version-1 links still open, as committee reviews whose comments carry no
//! audience. The full layout is in `docs/link-format.md`.
//!
//! # The frame (versions 1 and 2) and the version-1 body (frozen)
//!
//! The fragment is base64url without padding (`A–Z a–z 0–9 - _`) of
//!
//! | bytes | meaning |
//! |---|---|
//! | 1 | format version: 1, or [`VERSION`] = 2 |
//! | 1 | method: 0 = body stored as is, 1 = context-mixing compression primed with dictionary v1 |
//! | n | the body, as the method says |
//! | 4 | CRC-32 (IEEE, little-endian) of the uncompressed body |
//!
//! The body is a postcard encoding of a private, frozen wire struct, not of
//! [`Review`] itself, so that the in-memory model can change without breaking
//! old links. In order: the rubric (a preset as a one-byte index into a
//! frozen table, or a preset by id and version, or a whole custom rubric),
//! one byte per answer (0 = unanswered, `k + 1` = level `k`), the pseudonym,
//! the proposal, then the texts: criterion comments, the comment for the
//! author, the comment for the committee, and the passage comments (quote,
//! the context before and after it, comment). The proposal comes before the
//! passages so that their quotes, which are cut from it, compress to short
//! back-references.
//!
//! Method 1's packed body is the body's length (LEB128, at most
//! [`MAX_BODY_BYTES`]) followed by an arithmetic-coded stream from a small
//! context-mixing model (see `link/model.rs`) that has first been run over a
//! frozen 32 KiB dictionary: segments of CC0 talk descriptions chosen for
//! how many talks share them, after the preset rubrics' own wording (for
//! custom rubrics derived from a preset). On review-sized texts it needs
//! about a fifth fewer bytes than deflate with the same dictionary.
//! **Neither the model nor the dictionary ever changes**: a better one gets a
//! new method byte, and every method ever released keeps decoding. A newer
//! version byte, or a method this build does not know, is reported as
//! [`ErrorKind::NewerVersion`].
//!
//! # What a link never contains
//!
//! Nothing that identifies the reviewer: no name, e-mail, locale, clock time,
//! user agent or any id that repeats across one reviewer's links. The only
//! exception is the pseudonym the reviewer chose to type. The encoding is
//! deterministic: the same review always gives the same link.
//!
//! # Limits on decoding
//!
//! The payload may be at most [`MAX_FRAGMENT_CHARS`] characters (16 KiB:
//! a 10 KB proposal with a long review takes about 6 KiB; anything larger
//! would be cut by many mail and chat apps anyway), and its body may inflate
//! to at most [`MAX_BODY_BYTES`] (64 KiB), which stops zip bombs.

use std::cell::RefCell;
use std::fmt;

use serde::{Deserialize, Serialize};

use model::{Checkpoint, DecompressError, Model};

use super::anchor::{Anchor, AnchoredComment};
use super::rubric::{CheckLabels, Criterion, Level, Rubric, RubricRef, Scale};
use super::scoring::{Audience, Review, ReviewError};

mod model;
pub mod rounds;

/// The format version this build writes, and the newest it reads.
pub const VERSION: u8 = 2;
/// The first format version, still read (as committee reviews).
const VERSION_1: u8 = 1;
/// Longest CFP code a [`ProposalRef`] may carry, in characters.
pub const CODE_MAX_CHARS: usize = 64;
/// Longest payload [`decode`] accepts, in characters after the `#`.
pub const MAX_FRAGMENT_CHARS: usize = 16 * 1024;
/// Largest body a payload may inflate to, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Method byte: the body is stored as is (tiny bodies, which compression makes longer).
const METHOD_STORED: u8 = 0;
/// Method byte: length, then the context-mixing model of `link/model.rs`
/// primed with [`DICTIONARY_V1`].
const METHOD_MODEL_V1: u8 = 1;
/// Header (version, method) plus CRC.
const FRAME_BYTES: usize = 2 + 4;

/// Dictionary of method 1. FROZEN: never edit this file; a new dictionary
/// needs a new method byte. Made by `cargo xtask bench-links
/// --train-dictionary` from the even-numbered talks of the corpus plus the
/// preset rubrics' texts.
const DICTIONARY_V1: &[u8] = include_bytes!("link/dictionary-v1.bin");

/// Presets that travel as one byte. FROZEN: entries may be appended, never
/// changed or reordered.
const KNOWN_PRESETS: [(&str, u16); 4] = [
    ("pycon-us-screening", 1),
    ("weighted-categories", 1),
    ("merit-expertise", 1),
    ("mentor-checklist", 1),
];

/// What a share link carries: the review and, if the reviewer chose to
/// share it, the (anonymised) proposal as Markdown.
///
/// ```
/// use talkback_core::link::{decode, encode, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
///
/// let rubric = preset("mentor-checklist", 1).unwrap();
/// let mut review = Review::for_rubric(&rubric);
/// review.answers[0] = Some(1);
/// review.author_comment = "A clear idea; say who the talk is for.".into();
/// let shared = SharedReview { review, proposal: Some("# Faster tests\n\nHow we...".into()) };
///
/// let link = encode(&shared, "https://talkback.example/").unwrap();
/// assert!(link.starts_with("https://talkback.example/#"));
/// assert_eq!(decode(&link).unwrap(), shared);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SharedReview {
    /// The review: rubric, answers, comments, passage comments, pseudonym.
    pub review: Review,
    /// The proposal the review is about, if shared.
    pub proposal: Option<String>,
}

/// Who a link is for: the kind in its envelope.
///
/// Codes on the wire: 0 committee review, 1 speaker feedback; 2 draft,
/// 3 revision and 4 delta revision are reserved for the mentoring and
/// committee features (a link of a reserved or unknown kind is
/// [`ErrorKind::NewerVersion`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// The whole review, committee-only parts included. Every version-1 link.
    CommitteeReview,
    /// What the speaker may see, and nothing else (see [`speaker_view`]).
    SpeakerFeedback,
}

/// Which proposal a link is about: the CFP's own code when there is one,
/// and a 128-bit content hash of the text that was reviewed (the first 16
/// bytes of its SHA-256). The hash identifies the text; it does not
/// authenticate the link (anyone can make a link with any hash).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProposalRef {
    /// The CFP system's code for the proposal, e.g. `"PYC-123"`.
    pub code: Option<String>,
    /// First 16 bytes of SHA-256 of the reviewed text (UTF-8). (`default`: absent
    /// reads as none, as for any `Option` field.)
    #[serde(default, deserialize_with = "crate::revision::hash_serde::option")]
    pub hash: Option<[u8; 16]>,
}

impl ProposalRef {
    /// The reference of `text` (the proposal as reviewed), with the CFP's
    /// `code` if it has one.
    ///
    /// ```
    /// use talkback_core::link::ProposalRef;
    /// let a = ProposalRef::of("# Fast tests\n\nBody.", None);
    /// assert_eq!(a, ProposalRef::of("# Fast tests\n\nBody.", None));
    /// assert_ne!(a.hash, ProposalRef::of("# Fast tests\n\nBody!", None).hash);
    /// ```
    pub fn of(text: &str, code: Option<&str>) -> ProposalRef {
        ProposalRef {
            code: code.map(str::to_owned),
            hash: Some(content_hash(text)),
        }
    }
}

/// The first 16 bytes of SHA-256 of `text` (UTF-8): a proposal reference's hash.
pub fn content_hash(text: &str) -> [u8; 16] {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.as_bytes());
    let mut hash = [0u8; 16];
    hash.copy_from_slice(&digest[..16]);
    hash
}

/// A link as read: its kind, the proposal it is about and the review.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Opened {
    /// Whom the link is for.
    pub kind: LinkKind,
    /// The proposal reference (empty in version-1 links).
    pub reference: ProposalRef,
    /// The review. For [`LinkKind::SpeakerFeedback`] it is a
    /// [`speaker_view`]: no committee-only part.
    pub shared: SharedReview,
}

/// What the speaker sees of `shared`: the comment for the author, the
/// criterion and passage comments meant for the speaker, the scores if the
/// reviewer shows them, the reasons, the pseudonym and the proposal as the
/// reviewer shared it (the speaker's own text, so the feedback view can show
/// each passage comment in place and let the speaker edit and see which still
/// apply). Never the comment for the committee, a committee-only comment or
/// hidden scores.
///
/// Everything left is marked for the speaker, so that `speaker_view` of a
/// speaker view is itself. If the rubric cannot be resolved, every part
/// whose audience depends on it is left out.
///
/// ```
/// use talkback_core::link::{speaker_view, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// review.answers[0] = Some(0);
/// review.author_comment = "Say who the talk is for.".into();
/// review.committee_comment = "Borderline.".into();
/// let seen = speaker_view(&SharedReview { review, proposal: Some("# T".into()) });
/// assert_eq!(seen.review.author_comment, "Say who the talk is for.");
/// assert!(seen.review.committee_comment.is_empty());
/// assert_eq!(seen.review.answers[0], None); // PyCon votes are the committee's
/// assert_eq!(seen.proposal.as_deref(), Some("# T"));
/// ```
pub fn speaker_view(shared: &SharedReview) -> SharedReview {
    let review = &shared.review;
    let rubric = review.resolve().ok();
    let n = review.answers.len();
    let for_speaker = |audience: Option<Audience>| audience == Some(Audience::Speaker);
    let criterion =
        |i: usize| for_speaker(rubric.as_ref().map(|r| review.criterion_audience(i, r)));
    let scores = rubric.as_ref().is_some_and(|r| review.scores_shown(r));
    let out = Review {
        rubric: review.rubric.clone(),
        answers: if scores {
            review.answers.clone()
        } else {
            vec![None; n]
        },
        criterion_comments: review
            .criterion_comments
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if criterion(i) {
                    c.clone()
                } else {
                    String::new()
                }
            })
            .collect(),
        author_comment: review.author_comment.clone(),
        committee_comment: String::new(),
        anchors: review
            .anchors
            .iter()
            .enumerate()
            .filter(|&(i, _)| for_speaker(rubric.as_ref().map(|r| review.anchor_audience(i, r))))
            .map(|(_, a)| AnchoredComment {
                audience: Some(Audience::Speaker),
                ..a.clone()
            })
            .collect(),
        pseudonym: review.pseudonym.clone(),
        criterion_audiences: vec![Audience::Speaker; review.criterion_comments.len()],
        scores_to_speaker: Some(scores),
        reasons: review.reasons.clone(),
    };
    SharedReview {
        review: out,
        proposal: shared.proposal.clone(),
    }
}

/// Whether `speaker` (a speaker link as opened) is `view` (a [`speaker_view`])
/// as a speaker link carries it: equal, except that a passage the link places
/// by its quote's occurrence has no context to compare (it stayed home).
///
/// ```
/// use talkback_core::anchor::{Anchor, AnchoredComment};
/// use talkback_core::link::{decode_link, encode_speaker_link, is_speaker_copy, speaker_view, ProposalRef, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let text = "We profile a slow test suite.";
/// let mut review = Review::for_rubric(&preset("mentor-checklist", 1).unwrap());
/// review.anchors.push(AnchoredComment { anchor: Anchor::new(text, 13..17), comment: "How slow?".into(), audience: None });
/// let shared = SharedReview { review, proposal: None };
/// let link = encode_speaker_link(&shared, &ProposalRef::of(text, None), text, "").unwrap();
/// let opened = decode_link(&link).unwrap().shared;
/// assert_ne!(opened, speaker_view(&shared)); // the context is not in the link
/// assert!(is_speaker_copy(&opened, &speaker_view(&shared)));
/// ```
pub fn is_speaker_copy(speaker: &SharedReview, view: &SharedReview) -> bool {
    let (mine, theirs) = (&speaker.review.anchors, &view.review.anchors);
    if mine.len() != theirs.len() {
        return false;
    }
    let mut speaker = speaker.clone();
    for (a, b) in speaker.review.anchors.iter_mut().zip(theirs) {
        if a.anchor.occurrence.is_some() && a.anchor.quote == b.anchor.quote {
            a.anchor = b.anchor.clone();
        }
    }
    speaker == *view
}

/// What went wrong with a link, for code; [`LinkError::message`] has the
/// words for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// There is nothing after the `#`.
    Empty,
    /// The text is not a Talkback link (characters a link never has).
    NotALink,
    /// Over [`MAX_FRAGMENT_CHARS`], or the review inside is over [`MAX_BODY_BYTES`].
    TooLarge,
    /// The link ends too early: part of it was lost when it was copied.
    Truncated,
    /// The link was changed in transit: its checksum or structure is wrong.
    Damaged,
    /// Made by a newer version of Talkback (newer format or method).
    NewerVersion,
    /// The review uses a preset rubric this build does not have.
    UnknownRubric,
    /// The review does not fit its rubric or its limits.
    Invalid,
}

/// Every kind, in the order of their codes in [`encode_unpacked`]'s batches.
const ERROR_KINDS: [ErrorKind; 8] = [
    ErrorKind::Empty,
    ErrorKind::NotALink,
    ErrorKind::TooLarge,
    ErrorKind::Truncated,
    ErrorKind::Damaged,
    ErrorKind::NewerVersion,
    ErrorKind::UnknownRubric,
    ErrorKind::Invalid,
];

impl ErrorKind {
    /// Plain words for the page.
    pub fn message(self) -> &'static str {
        match self {
            ErrorKind::Empty => {
                "This link has no review in it. Copy the whole link, including \
                                 the part after the # sign."
            }
            ErrorKind::NotALink => "This does not look like a Talkback review link.",
            ErrorKind::TooLarge => {
                "This link is too long to be a Talkback review. It may have \
                                    been joined with other text."
            }
            ErrorKind::Truncated => {
                "This link is cut short: part of it was lost when it was \
                                     copied. Ask the sender for the whole link."
            }
            ErrorKind::Damaged => {
                "This link was changed or damaged on its way here, so the \
                                   review cannot be trusted. Ask the sender to copy it again."
            }
            ErrorKind::NewerVersion => {
                "This link was made by a newer version of Talkback. \
                                        Reload the page to update, then open the link again."
            }
            ErrorKind::UnknownRubric => {
                "This review uses a rubric this version of Talkback \
                                         does not have. Reload the page to update."
            }
            ErrorKind::Invalid => {
                "This link holds a review that does not fit its rubric, so \
                                   it cannot be shown. Ask the sender to make a new link."
            }
        }
    }
}

/// Why a link could not be made or read.
///
/// ```
/// use talkback_core::link::{decode, ErrorKind};
/// let err = decode("https://talkback.example/#").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Empty);
/// assert!(err.message().starts_with("This link has no review in it."));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    kind: ErrorKind,
    /// The review check that failed, for [`ErrorKind::Invalid`] and
    /// [`ErrorKind::UnknownRubric`].
    review_error: Option<ReviewError>,
}

impl LinkError {
    fn new(kind: ErrorKind) -> LinkError {
        LinkError {
            kind,
            review_error: None,
        }
    }

    fn review(error: ReviewError) -> LinkError {
        let kind = match error {
            ReviewError::UnknownPreset { .. } => ErrorKind::UnknownRubric,
            _ => ErrorKind::Invalid,
        };
        LinkError {
            kind,
            review_error: Some(error),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Plain words for the page (the same as [`ErrorKind::message`]).
    pub fn message(&self) -> &'static str {
        self.kind.message()
    }

    /// The failed review check, when the review itself is at fault; its
    /// `Display` names the criterion or field.
    pub fn review_error(&self) -> Option<&ReviewError> {
        self.review_error.as_ref()
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())?;
        if let Some(e) = &self.review_error {
            write!(f, " ({e})")?;
        }
        Ok(())
    }
}

impl std::error::Error for LinkError {}

/// The full link: `base_url` (without any fragment it had) + `#` + payload.
///
/// # Errors
///
/// As [`encode_fragment`]: a review that would not decode.
///
/// ```
/// use talkback_core::link::{encode, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// let shared = SharedReview { review, proposal: None };
/// let link = encode(&shared, "https://talkback.example/app#old").unwrap();
/// assert!(link.starts_with("https://talkback.example/app#Ag")); // format version 2
/// assert_eq!(link.matches('#').count(), 1);
/// ```
pub fn encode(shared: &SharedReview, base_url: &str) -> Result<String, LinkError> {
    encode_link(
        shared,
        LinkKind::CommitteeReview,
        &ProposalRef::default(),
        base_url,
    )
}

/// A link of `kind` about the proposal `reference`: for
/// [`LinkKind::SpeakerFeedback`], of [`speaker_view`]`(shared)` only.
///
/// # Errors
///
/// As [`encode_fragment`], and [`ErrorKind::Invalid`] for a CFP code over
/// [`CODE_MAX_CHARS`].
///
/// ```
/// use talkback_core::link::{decode_link, encode_link, speaker_view, LinkKind, ProposalRef, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("mentor-checklist", 1).unwrap());
/// review.author_comment = "Add timings to the outline.".into();
/// review.committee_comment = "Strong speaker, weak outline.".into();
/// let proposal = "# Fast tests\n\nBody.";
/// let shared = SharedReview { review, proposal: Some(proposal.into()) };
/// let reference = ProposalRef::of(proposal, None);
/// let link = encode_link(&shared, LinkKind::SpeakerFeedback, &reference, "https://t.example/").unwrap();
/// assert!(link.starts_with("https://t.example/#Ag"));
/// let opened = decode_link(&link).unwrap();
/// assert_eq!(opened.kind, LinkKind::SpeakerFeedback);
/// assert_eq!(opened.reference, reference);
/// assert_eq!(opened.shared, speaker_view(&shared));
/// assert!(opened.shared.review.committee_comment.is_empty());
/// ```
pub fn encode_link(
    shared: &SharedReview,
    kind: LinkKind,
    reference: &ProposalRef,
    base_url: &str,
) -> Result<String, LinkError> {
    let fragment = encode_payload(shared, kind, reference, None, Packing::Smallest)?;
    Ok(with_base(base_url, &fragment))
}

/// The speaker link the app sends: [`encode_link`] of kind
/// [`LinkKind::SpeakerFeedback`], where a passage comment found in
/// `placed_in` exactly as it was made (same context) travels as its quote's
/// occurrence instead of its context — when the link does not carry the
/// proposal. `placed_in` is the text the comments were made on, which must be
/// the text the `reference`'s hash names (as displayed): the speaker's side places the
/// comments in that text exactly, and in any other only as "changed".
///
/// # Errors
///
/// As [`encode_link`].
///
/// ```
/// use talkback_core::anchor::{place, Anchor, AnchoredComment, Located};
/// use talkback_core::link::{decode_link, encode_speaker_link, ProposalRef, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::{Audience, Review};
/// let text = "We profile a slow test suite together.";
/// let at = text.find("slow").unwrap()..text.find(" suite").unwrap();
/// let mut review = Review::for_rubric(&preset("mentor-checklist", 1).unwrap());
/// review.anchors.push(AnchoredComment {
///     anchor: Anchor::new(text, at.clone()),
///     comment: "How slow?".into(),
///     audience: None,
/// });
/// let shared = SharedReview { review, proposal: None };
/// let link = encode_speaker_link(&shared, &ProposalRef::of(text, None), text, "").unwrap();
/// let opened = decode_link(&link).unwrap();
/// let anchor = &opened.shared.review.anchors[0].anchor;
/// assert_eq!((anchor.quote.as_str(), anchor.occurrence), ("slow test", Some(0)));
/// assert!(anchor.prefix.is_empty()); // the context stayed home
/// assert_eq!(place(anchor, text, true), Located::Exact(at));
/// ```
pub fn encode_speaker_link(
    shared: &SharedReview,
    reference: &ProposalRef,
    placed_in: &str,
    base_url: &str,
) -> Result<String, LinkError> {
    let kind = LinkKind::SpeakerFeedback;
    let fragment = encode_payload(shared, kind, reference, Some(placed_in), Packing::Smallest)?;
    Ok(with_base(base_url, &fragment))
}

/// `base_url` without any fragment it had, `#`, then `fragment`.
fn with_base(base_url: &str, fragment: &str) -> String {
    let base = base_url.split('#').next().unwrap_or_default();
    let mut link = String::with_capacity(base.len() + 1 + fragment.len());
    link.push_str(base);
    link.push('#');
    link.push_str(fragment);
    link
}

/// The payload alone (what goes after the `#`).
///
/// # Errors
///
/// [`ErrorKind::UnknownRubric`] or [`ErrorKind::Invalid`] when the review
/// would not pass [`decode`]'s checks, and [`ErrorKind::TooLarge`] when the
/// link would be over [`decode`]'s limits: a link this function makes always
/// decodes.
///
/// ```
/// use talkback_core::link::{decode, encode_fragment, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("merit-expertise", 1).unwrap());
/// review.answers = vec![Some(3), Some(1), None];
/// let shared = SharedReview { review, proposal: None };
/// let fragment = encode_fragment(&shared).unwrap();
/// assert!(fragment.len() < 32, "{fragment}"); // about 20 bytes
/// assert_eq!(decode(&fragment).unwrap(), shared);
/// ```
pub fn encode_fragment(shared: &SharedReview) -> Result<String, LinkError> {
    encode_payload(
        shared,
        LinkKind::CommitteeReview,
        &ProposalRef::default(),
        None,
        Packing::Smallest,
    )
}

/// [`encode_fragment`] for keeping a review in this browser's storage:
/// the body as is (method 0), which reads back without priming the
/// compression model (about 30 ms in a browser, at start-up of all times).
/// Compressed only when the stored form would be over [`decode`]'s limit.
///
/// # Errors
///
/// As [`encode_fragment`].
///
/// ```
/// use talkback_core::link::{decode, encode_fragment, encode_uncompressed, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("mentor-checklist", 1).unwrap());
/// review.author_comment = "Say who the talk is for, and what they will take home.".repeat(4);
/// let shared = SharedReview { review, proposal: None };
/// let stored = encode_uncompressed(&shared).unwrap();
/// assert!(stored.len() > encode_fragment(&shared).unwrap().len());
/// assert_eq!(decode(&stored).unwrap(), shared);
/// ```
pub fn encode_uncompressed(shared: &SharedReview) -> Result<String, LinkError> {
    encode_uncompressed_link(&Opened {
        kind: LinkKind::CommitteeReview,
        reference: ProposalRef::default(),
        shared: shared.clone(),
    })
}

/// [`encode_uncompressed`] of a link as opened, keeping its kind and reference: a
/// speaker link is kept as a speaker link (and so holds no more than it did).
///
/// # Errors
///
/// As [`encode_link`].
///
/// ```
/// use talkback_core::link::{decode_link, encode_link, encode_uncompressed_link, is_stored, LinkKind, ProposalRef, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let mut review = Review::for_rubric(&preset("mentor-checklist", 1).unwrap());
/// review.author_comment = "Add timings.".into();
/// let shared = SharedReview { review, proposal: None };
/// let link = encode_link(&shared, LinkKind::SpeakerFeedback, &ProposalRef::of("text", None), "").unwrap();
/// let opened = decode_link(&link).unwrap();
/// let kept = encode_uncompressed_link(&opened).unwrap();
/// assert!(is_stored(&kept));
/// assert_eq!(decode_link(&kept).unwrap(), opened);
/// ```
pub fn encode_uncompressed_link(opened: &Opened) -> Result<String, LinkError> {
    let (shared, kind, reference) = (&opened.shared, opened.kind, &opened.reference);
    encode_payload(shared, kind, reference, None, Packing::Stored).or_else(|e| match e.kind() {
        ErrorKind::TooLarge => encode_payload(shared, kind, reference, None, Packing::Smallest),
        _ => Err(e),
    })
}

/// Whether `payload` (made by [`encode_uncompressed`] or [`encode_fragment`])
/// holds its body as is (method 0), so that reading it never primes the
/// compression model. Says nothing about whether it decodes.
pub fn is_stored(payload: &str) -> bool {
    payload
        .get(..4)
        .and_then(|head| base64url_decode(head).ok())
        .is_some_and(|head| head.get(1) == Some(&METHOD_STORED))
}

/// How [`encode_payload`] packs the body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Packing {
    /// Method 1 when it is shorter, else stored.
    Smallest,
    /// Always stored (method 0).
    Stored,
}

fn encode_payload(
    shared: &SharedReview,
    kind: LinkKind,
    reference: &ProposalRef,
    placed_in: Option<&str>,
    packing: Packing,
) -> Result<String, LinkError> {
    shared.review.resolve().map_err(LinkError::review)?;
    if reference
        .code
        .as_deref()
        .is_some_and(|c| c.chars().count() > CODE_MAX_CHARS)
    {
        return Err(LinkError::new(ErrorKind::Invalid));
    }
    let body = encode_body(shared, kind, reference, placed_in)?;
    pack(&body, packing)
}

/// Frames `body` (a version-2 envelope and the body of its kind) as a payload.
fn pack(body: &[u8], packing: Packing) -> Result<String, LinkError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(LinkError::new(ErrorKind::TooLarge));
    }
    let compressed = (packing == Packing::Smallest)
        .then(|| {
            let mut compressed = Vec::with_capacity(body.len() / 2 + 8);
            write_varint(&mut compressed, body.len());
            compressed.extend(with_primed_model(|m| model::compress(body, m)));
            compressed
        })
        .filter(|compressed| compressed.len() < body.len());
    let (method, packed) = match &compressed {
        Some(compressed) => (METHOD_MODEL_V1, compressed.as_slice()),
        None => (METHOD_STORED, body),
    };
    let mut bytes = Vec::with_capacity(packed.len() + FRAME_BYTES);
    bytes.push(VERSION);
    bytes.push(method);
    bytes.extend_from_slice(packed);
    bytes.extend_from_slice(&crc32(body).to_le_bytes());
    let fragment = base64url_encode(&bytes);
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(LinkError::new(ErrorKind::TooLarge));
    }
    Ok(fragment)
}

/// Reads a review from a link, its fragment with or without the `#`, or the
/// payload alone.
///
/// The payload ends at the first `&` or whitespace, or at closing
/// punctuation (`. , ; : ! ? ) ] } > " '`), so text that redirectors or
/// mail programs append is ignored. Any other character a link never holds
/// makes it [`ErrorKind::NotALink`]. Everything is then checked: size,
/// checksum, structure, that every byte is used, and the review against its
/// rubric. Never panics.
///
/// # Errors
///
/// A [`LinkError`] whose [`kind`](LinkError::kind) says what is wrong and
/// whose [`message`](LinkError::message) says it in plain words.
///
/// ```
/// use talkback_core::link::{decode, encode, ErrorKind, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
/// let review = Review::for_rubric(&preset("weighted-categories", 1).unwrap());
/// let shared = SharedReview { review, proposal: None };
/// let link = encode(&shared, "https://talkback.example/").unwrap();
/// assert_eq!(decode(&format!("{link}&utm_source=mail")).unwrap(), shared);
/// assert_eq!(decode("not a link at all").unwrap_err().kind(), ErrorKind::NotALink);
/// ```
pub fn decode(fragment_or_url: &str) -> Result<SharedReview, LinkError> {
    decode_link(fragment_or_url).map(|opened| opened.shared)
}

/// [`decode`] with the envelope: whom the link is for and which proposal it
/// is about. A version-1 link is a [`LinkKind::CommitteeReview`] with an
/// empty [`ProposalRef`].
///
/// # Errors
///
/// As [`decode`]; a link of a kind this build does not show (a reserved
/// one) is [`ErrorKind::NewerVersion`].
pub fn decode_link(fragment_or_url: &str) -> Result<Opened, LinkError> {
    read_link_body(&unpack(fragment_or_url)?)
}

/// The first, costly half of [`decode`]: finds the payload, checks its frame
/// and checksum, and decompresses it into the body the review is read from
/// (returned after the format version byte).
/// The committee view runs it off the main thread (see [`encode_unpacked`]).
///
/// # Errors
/// Every error of [`decode`] except [`ErrorKind::Invalid`] and
/// [`ErrorKind::UnknownRubric`], which [`read_body`] finds.
pub fn unpack(fragment_or_url: &str) -> Result<Vec<u8>, LinkError> {
    let payload = payload_of(fragment_or_url)?;
    check_version(payload)?;
    let bytes = base64url_decode(payload)?;
    unframe(&bytes)
}

/// Largest result of [`unpack`]: the version byte and the body.
const MAX_UNPACKED_BYTES: usize = MAX_BODY_BYTES + 1;

/// The second half of [`decode`]: reads and checks the review in a body that
/// [`unpack`] returned. `read_body(&unpack(link)?)` is `decode(link)`.
///
/// # Errors
/// [`ErrorKind::Damaged`] when the body is not a review, and the review
/// checks' errors.
pub fn read_body(body: &[u8]) -> Result<SharedReview, LinkError> {
    read_link_body(body).map(|opened| opened.shared)
}

/// [`read_body`] with the envelope, as [`decode_link`].
///
/// # Errors
/// As [`read_body`] and [`decode_link`].
pub fn read_link_body(body: &[u8]) -> Result<Opened, LinkError> {
    let Some((&version, body)) = body.split_first() else {
        return Err(LinkError::new(ErrorKind::Damaged));
    };
    let opened = match version {
        VERSION_1 => Opened {
            kind: LinkKind::CommitteeReview,
            reference: ProposalRef::default(),
            shared: take_all::<WireBody>(body)?.into_shared()?,
        },
        VERSION => read_v2(body)?,
        _ => return Err(LinkError::new(ErrorKind::Damaged)),
    };
    opened.shared.review.resolve().map_err(LinkError::review)?;
    Ok(opened)
}

/// Reads one `T` that must use every byte of `bytes`.
fn take_all<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, LinkError> {
    let (value, rest) =
        postcard::take_from_bytes::<T>(bytes).map_err(|_| LinkError::new(ErrorKind::Damaged))?;
    if !rest.is_empty() {
        return Err(LinkError::new(ErrorKind::Damaged));
    }
    Ok(value)
}

// ---------------------------------------------------------------------------
// Batches of unpacked links, for decoding off the main thread
// ---------------------------------------------------------------------------

/// One link's result in a batch: the body, or the code of the error (its
/// index in `ERROR_KINDS`).
#[derive(Serialize)]
enum UnpackedOut<'a> {
    Body(&'a [u8]),
    Failed(u8),
}

/// [`UnpackedOut`] read back; the same postcard shape.
#[derive(Deserialize)]
enum UnpackedIn {
    Body(Vec<u8>),
    Failed(u8),
}

/// Puts the results of [`unpack`] for several links into one buffer, to send
/// from a worker to the page: a postcard sequence of bodies or error codes.
pub fn encode_unpacked(results: &[Result<Vec<u8>, LinkError>]) -> Vec<u8> {
    let items: Vec<UnpackedOut<'_>> = results
        .iter()
        .map(|result| match result {
            Ok(body) => UnpackedOut::Body(body),
            Err(e) => {
                let code = ERROR_KINDS.iter().position(|&k| k == e.kind).unwrap_or(4);
                UnpackedOut::Failed(u8::try_from(code).unwrap_or(4))
            }
        })
        .collect();
    // Writing to a growing buffer cannot fail; an empty buffer would be
    // refused by the page, which then unpacks the links itself.
    postcard::to_allocvec(&items).unwrap_or_default()
}

/// Reads a buffer made by [`encode_unpacked`]; `None` if it is not one —
/// cut short, with bytes left over, an unknown error code or a body over
/// `MAX_UNPACKED_BYTES` (the caller then unpacks the links itself).
pub fn decode_unpacked(bytes: &[u8]) -> Option<Vec<Result<Vec<u8>, LinkError>>> {
    let (items, rest): (Vec<UnpackedIn>, _) = postcard::take_from_bytes(bytes).ok()?;
    if !rest.is_empty() {
        return None;
    }
    items
        .into_iter()
        .map(|item| match item {
            UnpackedIn::Body(body) if body.len() <= MAX_UNPACKED_BYTES => Some(Ok(body)),
            UnpackedIn::Body(_) => None,
            UnpackedIn::Failed(code) => ERROR_KINDS
                .get(usize::from(code))
                .map(|&kind| Err(LinkError::new(kind))),
        })
        .collect()
}

/// Primes the compression model now (tens of milliseconds, once per page),
/// rather than when the first link needs it.
pub fn prime() {
    with_primed_model(|_| ());
}

// ---------------------------------------------------------------------------
// Finding the payload
// ---------------------------------------------------------------------------

fn is_base64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The base64url payload of a link, fragment or payload.
fn payload_of(input: &str) -> Result<&str, LinkError> {
    let input = input.trim_start();
    let after_hash = match input.find('#') {
        Some(i) => &input[i + 1..],
        None => input,
    };
    let end = after_hash
        .find(|c: char| !is_base64url(c))
        .unwrap_or(after_hash.len());
    let (payload, rest) = after_hash.split_at(end);
    let ends_cleanly = rest
        .chars()
        .next()
        .is_none_or(|c| c == '&' || c.is_whitespace() || ".,;:!?)]}>\"'".contains(c));
    if !ends_cleanly {
        return Err(LinkError::new(ErrorKind::NotALink));
    }
    if payload.is_empty() {
        return Err(LinkError::new(ErrorKind::Empty));
    }
    if payload.len() > MAX_FRAGMENT_CHARS {
        return Err(LinkError::new(ErrorKind::TooLarge));
    }
    Ok(payload)
}

// ---------------------------------------------------------------------------
// Frame: version, method, body, CRC
// ---------------------------------------------------------------------------

/// Versions up to this are taken for future Talkback formats; a first byte
/// above it (or 0) means the text is not a link at all, e.g. a word.
const HIGHEST_PLAUSIBLE_VERSION: u8 = 15;

/// Reads the version from the first two characters, before anything else:
/// a newer link may be laid out differently, and a word that happens to be
/// base64url should be called what it is.
fn check_version(payload: &str) -> Result<(), LinkError> {
    let mut chars = payload.bytes().filter_map(base64url_value);
    let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
        return Err(LinkError::new(ErrorKind::Truncated));
    };
    match u8::try_from((a << 2 | b >> 4) & 0xFF).unwrap_or(0) {
        VERSION_1 | VERSION => Ok(()),
        3..=HIGHEST_PLAUSIBLE_VERSION => Err(LinkError::new(ErrorKind::NewerVersion)),
        _ => Err(LinkError::new(ErrorKind::NotALink)),
    }
}

/// Checks the frame and returns the version byte followed by the
/// uncompressed, CRC-checked body.
fn unframe(bytes: &[u8]) -> Result<Vec<u8>, LinkError> {
    let [version, method, ..] = *bytes else {
        return Err(LinkError::new(ErrorKind::Truncated));
    };
    if version != VERSION && version != VERSION_1 {
        // `check_version` has sorted out every other first byte.
        return Err(LinkError::new(ErrorKind::Damaged));
    }
    if bytes.len() < FRAME_BYTES {
        return Err(LinkError::new(ErrorKind::Truncated));
    }
    let (packed, crc) = bytes[2..].split_at(bytes.len() - FRAME_BYTES);
    let body = match method {
        METHOD_STORED => packed.to_vec(),
        METHOD_MODEL_V1 => unpack_model_v1(packed)?,
        _ => return Err(LinkError::new(ErrorKind::NewerVersion)),
    };
    if body.len() > MAX_BODY_BYTES {
        return Err(LinkError::new(ErrorKind::TooLarge));
    }
    if crc32(&body).to_le_bytes() != crc {
        return Err(LinkError::new(ErrorKind::Damaged));
    }
    let mut out = Vec::with_capacity(body.len() + 1);
    out.push(version);
    out.extend_from_slice(&body);
    Ok(out)
}

// ---------------------------------------------------------------------------
// Method 1
// ---------------------------------------------------------------------------

/// Runs `f` on a model that has just read [`DICTIONARY_V1`].
///
/// Priming takes tens of milliseconds, so it is done once per page and the
/// model kept (about 7 MiB of tables). Each link is coded from a checkpoint
/// taken right after priming, and rolled back to it afterwards through the
/// model's undo log, so a committee page decoding dozens of links pays for
/// priming once and touches only the blocks each link writes.
fn with_primed_model<T>(f: impl FnOnce(&mut Model) -> T) -> T {
    thread_local! {
        static PRIMED: RefCell<Option<(Model, Checkpoint)>> = const { RefCell::new(None) };
    }
    PRIMED.with(|cell| {
        // `f` never comes back here, so this borrow is the only one.
        let mut slot = cell.borrow_mut();
        let (model, checkpoint) = slot.get_or_insert_with(|| {
            let mut model = Model::new();
            model.prime(DICTIONARY_V1);
            let checkpoint = model.checkpoint();
            (model, checkpoint)
        });
        // Rolled back when dropped: also if `f` panics (native tests, fuzzing),
        // so the next link never starts from a half-used model.
        let guard = RollBack { model, checkpoint };
        f(&mut *guard.model)
    })
}

/// Rolls `model` back to `checkpoint` when dropped.
struct RollBack<'a> {
    model: &'a mut Model,
    checkpoint: &'a Checkpoint,
}

impl Drop for RollBack<'_> {
    fn drop(&mut self) {
        self.model.rollback(self.checkpoint);
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        out.push(u8::try_from(value & 0x7F).unwrap_or(0) | 0x80);
        value >>= 7;
    }
    out.push(u8::try_from(value).unwrap_or(0));
}

/// Reads a canonical LEB128 length of at most [`MAX_BODY_BYTES`].
fn read_length(packed: &[u8]) -> Result<(usize, &[u8]), LinkError> {
    let mut value = 0usize;
    for (i, &byte) in packed.iter().enumerate().take(3) {
        value |= usize::from(byte & 0x7F) << (7 * i);
        if byte & 0x80 == 0 {
            if i > 0 && byte == 0 {
                // An over-long encoding: not what the encoder writes.
                return Err(LinkError::new(ErrorKind::Damaged));
            }
            if value > MAX_BODY_BYTES {
                return Err(LinkError::new(ErrorKind::TooLarge));
            }
            return Ok((value, &packed[i + 1..]));
        }
    }
    if packed.len() < 3 {
        Err(LinkError::new(ErrorKind::Truncated))
    } else {
        // Three bytes with continuation bits: over 2^21, far over the cap.
        Err(LinkError::new(ErrorKind::TooLarge))
    }
}

fn unpack_model_v1(packed: &[u8]) -> Result<Vec<u8>, LinkError> {
    let (len, stream) = read_length(packed)?;
    with_primed_model(|m| model::decompress(stream, m, len)).map_err(|e| match e {
        DecompressError::Truncated => LinkError::new(ErrorKind::Truncated),
        DecompressError::TrailingBytes => LinkError::new(ErrorKind::Damaged),
    })
}

// ---------------------------------------------------------------------------
// CRC-32 and base64url, small and table-light for the wasm build
// ---------------------------------------------------------------------------

/// CRC-32 (IEEE 802.3, as in zip and PNG), four bits at a time: a 64-byte
/// table instead of crc32fast's kilobytes.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 16] = {
        let mut table = [0u32; 16];
        let mut i = 0u32;
        while i < 16 {
            let mut c = i;
            let mut bit = 0;
            while bit < 4 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
                bit += 1;
            }
            table[i as usize] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        crc = (crc >> 4) ^ TABLE[(crc & 15) as usize];
        crc = (crc >> 4) ^ TABLE[(crc & 15) as usize];
    }
    !crc
}

fn base64url_char(sextet: u32) -> char {
    // Only the low six bits count, so every arm is a valid ASCII byte.
    let byte = match u8::try_from(sextet & 63).unwrap_or(0) {
        v @ 0..=25 => b'A' + v,
        v @ 26..=51 => b'a' + (v - 26),
        v @ 52..=61 => b'0' + (v - 52),
        62 => b'-',
        _ => b'_',
    };
    char::from(byte)
}

/// `bytes` in base64url without padding (the links' alphabet; the page also keeps
/// small values such as a content hash in it).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut group = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            group |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..=chunk.len() {
            out.push(base64url_char(group >> (18 - 6 * i)));
        }
    }
    out
}

fn base64url_value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Strict decoding: a lone last character, or unused bits that are not
/// zero, mean the link was cut or changed.
pub(crate) fn base64url_decode(text: &str) -> Result<Vec<u8>, LinkError> {
    let text = text.as_bytes();
    if text.len() % 4 == 1 {
        return Err(LinkError::new(ErrorKind::Truncated));
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut group = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = base64url_value(c).ok_or(LinkError::new(ErrorKind::NotALink))?;
            group |= v << (18 - 6 * i);
        }
        let bytes = group.to_be_bytes();
        let n = chunk.len() - 1;
        if group & (0x00FF_FFFF >> (8 * n)) != 0 {
            return Err(LinkError::new(ErrorKind::Damaged));
        }
        out.extend_from_slice(&bytes[1..=n]);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// The wire struct of version 1 (FROZEN: the order and types of every field
// are the format; add a new version rather than change them)
// ---------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
struct WireBody {
    rubric: WireRubricRef,
    /// 0 = unanswered, `k + 1` = level `k`.
    answers: Vec<u8>,
    pseudonym: Option<String>,
    proposal: Option<String>,
    criterion_comments: Vec<String>,
    author_comment: String,
    committee_comment: String,
    anchors: Vec<WireAnchor>,
}

#[derive(Serialize, Deserialize)]
enum WireRubricRef {
    /// Index into [`KNOWN_PRESETS`].
    Known(u8),
    /// A preset not in the table.
    Preset { id: String, version: u16 },
    /// A whole rubric.
    Custom(WireRubric),
}

#[derive(Serialize, Deserialize)]
struct WireRubric {
    id: String,
    version: u16,
    name: String,
    criteria: Vec<WireCriterion>,
}

#[derive(Serialize, Deserialize)]
struct WireCriterion {
    key: String,
    label: String,
    guidance: String,
    scale: WireScale,
    weight: u8,
    /// Bit 0: required; bit 1: independent; no other bit may be set.
    flags: u8,
}

#[derive(Serialize, Deserialize)]
enum WireScale {
    Vote,
    Standards,
    Marks,
    YesNo,
    Ordinal(Vec<WireLevel>),
}

#[derive(Serialize, Deserialize)]
struct WireLevel {
    value: i8,
    label: String,
    meaning: String,
}

#[derive(Serialize, Deserialize)]
struct WireAnchor {
    quote: String,
    prefix: String,
    suffix: String,
    comment: String,
}

impl WireAnchor {
    /// The comment, its audience left to the link's kind.
    fn into_comment(self) -> AnchoredComment {
        AnchoredComment {
            anchor: Anchor {
                quote: self.quote,
                prefix: self.prefix,
                suffix: self.suffix,
                occurrence: None,
            },
            comment: self.comment,
            audience: None,
        }
    }
}

const REQUIRED: u8 = 1;
const INDEPENDENT: u8 = 2;

impl WireBody {
    fn from_shared(shared: &SharedReview) -> WireBody {
        let review = &shared.review;
        let rubric = match &review.rubric {
            RubricRef::Preset { id, version } => KNOWN_PRESETS
                .iter()
                .position(|&(known, v)| known == id && v == *version)
                .and_then(|i| u8::try_from(i).ok())
                .map_or_else(
                    || WireRubricRef::Preset {
                        id: id.clone(),
                        version: *version,
                    },
                    WireRubricRef::Known,
                ),
            RubricRef::Custom(rubric) => WireRubricRef::Custom(WireRubric::from_rubric(rubric)),
        };
        WireBody {
            rubric,
            // Validated answers are below 10, so `+ 1` cannot wrap.
            answers: review
                .answers
                .iter()
                .map(|a| a.map_or(0, |level| level.saturating_add(1)))
                .collect(),
            pseudonym: review.pseudonym.clone(),
            proposal: shared.proposal.clone(),
            criterion_comments: review.criterion_comments.clone(),
            author_comment: review.author_comment.clone(),
            committee_comment: review.committee_comment.clone(),
            anchors: review
                .anchors
                .iter()
                .map(|a| WireAnchor {
                    quote: a.anchor.quote.clone(),
                    prefix: a.anchor.prefix.clone(),
                    suffix: a.anchor.suffix.clone(),
                    comment: a.comment.clone(),
                })
                .collect(),
        }
    }

    fn into_shared(self) -> Result<SharedReview, LinkError> {
        let rubric = match self.rubric {
            WireRubricRef::Known(i) => {
                let Some(&(id, version)) = KNOWN_PRESETS.get(usize::from(i)) else {
                    return Err(LinkError::review(ReviewError::UnknownPreset {
                        id: format!("preset number {i}"),
                        version: 0,
                    }));
                };
                RubricRef::Preset {
                    id: id.to_owned(),
                    version,
                }
            }
            WireRubricRef::Preset { id, version } => RubricRef::Preset { id, version },
            WireRubricRef::Custom(rubric) => RubricRef::Custom(rubric.into_rubric()?),
        };
        let review = Review {
            rubric,
            answers: self.answers.into_iter().map(|a| a.checked_sub(1)).collect(),
            criterion_comments: self.criterion_comments,
            author_comment: self.author_comment,
            committee_comment: self.committee_comment,
            anchors: self
                .anchors
                .into_iter()
                .map(WireAnchor::into_comment)
                .collect(),
            pseudonym: self.pseudonym,
            criterion_audiences: Vec::new(),
            scores_to_speaker: None,
            reasons: Vec::new(),
        };
        Ok(SharedReview {
            review,
            proposal: self.proposal,
        })
    }
}

impl WireRubric {
    fn from_rubric(rubric: &Rubric) -> WireRubric {
        WireRubric {
            id: rubric.id.clone(),
            version: rubric.version,
            name: rubric.name.clone(),
            criteria: rubric
                .criteria
                .iter()
                .map(|c| WireCriterion {
                    key: c.key.clone(),
                    label: c.label.clone(),
                    guidance: c.guidance.clone(),
                    scale: match &c.scale {
                        Scale::Vote => WireScale::Vote,
                        Scale::Check(CheckLabels::Standards) => WireScale::Standards,
                        Scale::Check(CheckLabels::Marks) => WireScale::Marks,
                        Scale::YesNo => WireScale::YesNo,
                        Scale::Ordinal(levels) => WireScale::Ordinal(
                            levels
                                .iter()
                                .map(|l| WireLevel {
                                    value: l.value,
                                    label: l.label.clone(),
                                    meaning: l.meaning.clone(),
                                })
                                .collect(),
                        ),
                    },
                    weight: c.weight,
                    flags: u8::from(c.required) * REQUIRED + u8::from(c.independent) * INDEPENDENT,
                })
                .collect(),
        }
    }

    fn into_rubric(self) -> Result<Rubric, LinkError> {
        let mut criteria = Vec::with_capacity(self.criteria.len());
        for c in self.criteria {
            if c.flags & !(REQUIRED | INDEPENDENT) != 0 {
                return Err(LinkError::new(ErrorKind::Damaged));
            }
            criteria.push(Criterion {
                key: c.key,
                label: c.label,
                guidance: c.guidance,
                scale: match c.scale {
                    WireScale::Vote => Scale::Vote,
                    WireScale::Standards => Scale::Check(CheckLabels::Standards),
                    WireScale::Marks => Scale::Check(CheckLabels::Marks),
                    WireScale::YesNo => Scale::YesNo,
                    WireScale::Ordinal(levels) => Scale::Ordinal(
                        levels
                            .into_iter()
                            .map(|l| Level {
                                value: l.value,
                                label: l.label,
                                meaning: l.meaning,
                            })
                            .collect(),
                    ),
                },
                weight: c.weight,
                required: c.flags & REQUIRED != 0,
                independent: c.flags & INDEPENDENT != 0,
            });
        }
        Ok(Rubric {
            id: self.id,
            version: self.version,
            name: self.name,
            criteria,
        })
    }
}

// ---------------------------------------------------------------------------
// Version 2: the envelope, then the body of its kind (FROZEN once released,
// like version 1)
// ---------------------------------------------------------------------------

/// Kind codes on the wire. 2 draft, 3 revision, 4 delta revision: `rounds.rs`.
const KIND_COMMITTEE: u8 = 0;
/// Speaker feedback with every passage's context (read, no longer written).
const KIND_SPEAKER: u8 = 1;
/// Speaker feedback, compact: the kind-1 body followed by [`Places`], so a
/// passage comment may name its quote's occurrence in the reviewed text
/// instead of carrying its context.
const KIND_SPEAKER_COMPACT: u8 = 5;

/// Audience tags on the wire: 0 the rubric's default (no tag), 1 speaker,
/// 2 committee.
const TAG_DEFAULT: u8 = 0;
const TAG_SPEAKER: u8 = 1;
const TAG_COMMITTEE: u8 = 2;

#[derive(Serialize, Deserialize)]
struct WireEnvelope {
    kind: u8,
    code: Option<String>,
    #[serde(deserialize_with = "crate::revision::hash_serde::option")]
    hash: Option<[u8; 16]>,
    audiences: WireAudiences,
    reasons: Vec<u8>,
}

/// Whom the parts of a committee review are for. A speaker link's are all
/// empty: everything in it is for the speaker.
#[derive(Serialize, Deserialize)]
struct WireAudiences {
    /// Whether the speaker sees the scores: a tag (speaker = shown).
    scores: u8,
    /// One tag per criterion comment, or none (the rubric's defaults).
    criteria: Vec<u8>,
    /// One tag per passage comment, or none (all the rubric's default).
    anchors: Vec<u8>,
}

/// The body of a speaker link. It has no field for the comment for the
/// committee or for audiences: whatever is here is for the speaker (the
/// proposal is the speaker's own text, as the reviewer shared it).
/// `the_speaker_schema_has_only_the_allowed_fields` lists its fields. Kind 5
/// (compact) follows it with the passages' places (`Places`).
#[derive(Serialize, Deserialize)]
struct WireSpeakerBody {
    rubric: WireRubricRef,
    /// `None`: the reviewer does not show the scores. Else as in [`WireBody`].
    answers: Option<Vec<u8>>,
    pseudonym: Option<String>,
    /// Comments on criteria meant for the speaker; `""` where there is none
    /// for the speaker.
    criterion_comments: Vec<String>,
    author_comment: String,
    /// Passage comments meant for the speaker.
    anchors: Vec<WireAnchor>,
    /// The proposal as the reviewer shared it (redacted unless they chose
    /// otherwise), if they included it.
    proposal: Option<String>,
}

/// After a compact speaker link's body (kind 5): none (every passage keeps its
/// context), or one entry per passage comment: 0 its context is in the body,
/// `n + 1` it is occurrence `n` of its quote in the reviewed text (its prefix
/// and suffix in the body are then empty).
type Places = Vec<u32>;

/// Where `a` is, for a compact link: its occurrence when it carries one, or
/// when `placed_in` (the text the comments were made on) gives it back exactly.
fn place_of(a: &Anchor, placed_in: Option<&str>) -> Option<u32> {
    a.occurrence
        .or_else(|| placed_in.and_then(|text| a.occurrence_in(text)))
        .filter(|&n| n < u32::MAX)
}

impl WireSpeakerBody {
    /// The review as the speaker sees it: everything in it is for them.
    /// `places`: as [`Places`] (kind 5), empty for kind 1.
    fn into_shared(self, places: &[u32]) -> Result<SharedReview, LinkError> {
        let damaged = || LinkError::new(ErrorKind::Damaged);
        if !places.is_empty() && places.len() != self.anchors.len() {
            return Err(damaged());
        }
        let shown = self.answers.is_some();
        let n = self.criterion_comments.len();
        let mut shared = WireBody {
            rubric: self.rubric,
            answers: self.answers.unwrap_or_else(|| vec![0; n]),
            pseudonym: self.pseudonym,
            proposal: self.proposal,
            criterion_comments: self.criterion_comments,
            author_comment: self.author_comment,
            committee_comment: String::new(),
            anchors: self.anchors,
        }
        .into_shared()?;
        let review = &mut shared.review;
        review.scores_to_speaker = Some(shown);
        review.criterion_audiences = vec![Audience::Speaker; n];
        for (i, a) in review.anchors.iter_mut().enumerate() {
            a.audience = Some(Audience::Speaker);
            let place = places.get(i).copied().unwrap_or(0);
            if place > 0 {
                if !a.anchor.prefix.is_empty() || !a.anchor.suffix.is_empty() {
                    return Err(damaged());
                }
                a.anchor.occurrence = Some(place - 1);
            }
        }
        Ok(shared)
    }
}

fn tag(audience: Option<Audience>) -> u8 {
    match audience {
        None => TAG_DEFAULT,
        Some(Audience::Speaker) => TAG_SPEAKER,
        Some(Audience::Committee) => TAG_COMMITTEE,
    }
}

fn untag(tag: u8) -> Result<Option<Audience>, LinkError> {
    match tag {
        TAG_DEFAULT => Ok(None),
        TAG_SPEAKER => Ok(Some(Audience::Speaker)),
        TAG_COMMITTEE => Ok(Some(Audience::Committee)),
        _ => Err(LinkError::new(ErrorKind::Damaged)),
    }
}

fn encode_body(
    shared: &SharedReview,
    kind: LinkKind,
    reference: &ProposalRef,
    placed_in: Option<&str>,
) -> Result<Vec<u8>, LinkError> {
    let invalid = |_| LinkError::new(ErrorKind::Invalid);
    let mut envelope = WireEnvelope {
        kind: KIND_COMMITTEE,
        code: reference.code.clone(),
        hash: reference.hash,
        audiences: WireAudiences {
            scores: TAG_DEFAULT,
            criteria: Vec::new(),
            anchors: Vec::new(),
        },
        reasons: shared.review.reasons.clone(),
    };
    match kind {
        LinkKind::CommitteeReview => {
            let review = &shared.review;
            envelope.audiences = WireAudiences {
                scores: match review.scores_to_speaker {
                    None => TAG_DEFAULT,
                    Some(true) => TAG_SPEAKER,
                    Some(false) => TAG_COMMITTEE,
                },
                criteria: review
                    .criterion_audiences
                    .iter()
                    .map(|&a| tag(Some(a)))
                    .collect(),
                anchors: if review.anchors.iter().all(|a| a.audience.is_none()) {
                    Vec::new()
                } else {
                    review.anchors.iter().map(|a| tag(a.audience)).collect()
                },
            };
            let mut body = postcard::to_allocvec(&envelope).map_err(invalid)?;
            body.extend(postcard::to_allocvec(&WireBody::from_shared(shared)).map_err(invalid)?);
            Ok(body)
        }
        LinkKind::SpeakerFeedback => {
            envelope.kind = KIND_SPEAKER_COMPACT;
            let seen = speaker_view(shared);
            // With the proposal in the link its context costs little, and the
            // proposal shown may be redacted: the occurrence is for review-only links.
            let placed_in = placed_in.filter(|_| seen.proposal.is_none());
            let wire = WireBody::from_shared(&seen);
            let speaker = WireSpeakerBody {
                rubric: wire.rubric,
                answers: (seen.review.scores_to_speaker == Some(true)).then_some(wire.answers),
                pseudonym: wire.pseudonym,
                criterion_comments: wire.criterion_comments,
                author_comment: wire.author_comment,
                anchors: wire.anchors,
                proposal: wire.proposal,
            };
            let mut speaker = speaker;
            let mut places: Places = Vec::new();
            for (i, a) in seen.review.anchors.iter().enumerate() {
                let place = place_of(&a.anchor, placed_in);
                if let Some(n) = place {
                    let wire = &mut speaker.anchors[i];
                    wire.prefix.clear();
                    wire.suffix.clear();
                    places.resize(i, 0);
                    places.push(n + 1);
                }
            }
            if !places.is_empty() {
                places.resize(speaker.anchors.len(), 0);
            }
            let mut body = postcard::to_allocvec(&envelope).map_err(invalid)?;
            body.extend(postcard::to_allocvec(&speaker).map_err(invalid)?);
            body.extend(postcard::to_allocvec(&places).map_err(invalid)?);
            Ok(body)
        }
    }
}

fn read_v2(body: &[u8]) -> Result<Opened, LinkError> {
    let (envelope, rest) = postcard::take_from_bytes::<WireEnvelope>(body)
        .map_err(|_| LinkError::new(ErrorKind::Damaged))?;
    if envelope
        .code
        .as_deref()
        .is_some_and(|c| c.chars().count() > CODE_MAX_CHARS)
    {
        return Err(LinkError::new(ErrorKind::Damaged));
    }
    let reference = ProposalRef {
        code: envelope.code,
        hash: envelope.hash,
    };
    let audiences = envelope.audiences;
    let (kind, shared) = match envelope.kind {
        KIND_COMMITTEE => {
            let mut shared = take_all::<WireBody>(rest)?.into_shared()?;
            let review = &mut shared.review;
            review.scores_to_speaker = untag(audiences.scores)?.map(|a| a == Audience::Speaker);
            review.criterion_audiences = audiences
                .criteria
                .iter()
                .map(|&t| untag(t)?.ok_or(LinkError::new(ErrorKind::Damaged)))
                .collect::<Result<_, _>>()?;
            if !audiences.anchors.is_empty() {
                if audiences.anchors.len() != review.anchors.len() {
                    return Err(LinkError::new(ErrorKind::Damaged));
                }
                for (a, &t) in review.anchors.iter_mut().zip(&audiences.anchors) {
                    a.audience = untag(t)?;
                }
            }
            (LinkKind::CommitteeReview, shared)
        }
        KIND_SPEAKER | KIND_SPEAKER_COMPACT => {
            if audiences.scores != TAG_DEFAULT
                || !audiences.criteria.is_empty()
                || !audiences.anchors.is_empty()
            {
                return Err(LinkError::new(ErrorKind::Damaged));
            }
            let shared = if envelope.kind == KIND_SPEAKER {
                take_all::<WireSpeakerBody>(rest)?.into_shared(&[])?
            } else {
                let (wire, tail) = postcard::take_from_bytes::<WireSpeakerBody>(rest)
                    .map_err(|_| LinkError::new(ErrorKind::Damaged))?;
                wire.into_shared(&take_all::<Places>(tail)?)?
            };
            (LinkKind::SpeakerFeedback, shared)
        }
        _ => return Err(LinkError::new(ErrorKind::NewerVersion)),
    };
    let mut shared = shared;
    shared.review.reasons = envelope.reasons;
    Ok(Opened {
        kind,
        reference,
        shared,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod codec_differential;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::rubric::{preset, presets, Rubric, CUSTOM_ID};
    use proptest::prelude::*;

    fn sample(preset_id: &str) -> SharedReview {
        let rubric = preset(preset_id, 1).unwrap();
        let mut review = Review::for_rubric(&rubric);
        for (i, c) in rubric.criteria.iter().enumerate() {
            review.answers[i] = u8::try_from(i % c.scale.len()).ok();
        }
        review.criterion_comments[0] = "Say who the talk is for.".into();
        review.author_comment = "A clear idea with a concrete example. Próbuj — 🎤".into();
        let proposal = "# Faster tests\n\nDuration: 30 minutes\n\n## Description\n\n\
                        We profile a slow test suite together and make it ten times faster."
            .to_owned();
        let start = proposal.find("slow test").unwrap();
        review.anchors.push(AnchoredComment {
            audience: None,
            anchor: Anchor::new(&proposal, start..start + "slow test suite".len()),
            comment: "How slow?".into(),
        });
        review.pseudonym = Some("Sam".into());
        SharedReview {
            review,
            proposal: Some(proposal),
        }
    }

    fn custom_rubric() -> Rubric {
        let mut r = Rubric::custom("Lightning talks «2026»");
        r.add_criterion("Fun", Scale::YesNo).guidance = "Will people smile?".into();
        r.add_criterion(
            "Depth",
            Scale::numbered(-2, &[("Shallow", ""), ("Ok", "fine"), ("Deep", "")]),
        )
        .weight = 3;
        r.add_criterion("Fit", Scale::Check(CheckLabels::Marks))
            .independent = true;
        r
    }

    /// Builds a link from raw parts, for the hardening cases.
    fn frame(version: u8, method: u8, packed: &[u8], crc_of: &[u8]) -> String {
        let mut bytes = vec![version, method];
        bytes.extend_from_slice(packed);
        bytes.extend_from_slice(&crc32(crc_of).to_le_bytes());
        base64url_encode(&bytes)
    }

    fn kind(input: &str) -> ErrorKind {
        decode(input).expect_err(input).kind()
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37) ^ 0xA5).collect();
            let text = base64url_encode(&bytes);
            assert!(text.chars().all(is_base64url));
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
    }

    #[test]
    fn every_preset_and_a_custom_rubric_round_trip() {
        for rubric in presets() {
            let shared = sample(&rubric.id);
            let link = encode(&shared, "https://talkback.example/review").unwrap();
            assert_eq!(decode(&link).unwrap(), shared);
        }
        let rubric = custom_rubric();
        let mut review = Review::for_rubric(&rubric);
        review.answers = vec![Some(1), Some(2), None];
        let shared = SharedReview {
            review,
            proposal: None,
        };
        assert_eq!(decode(&encode_fragment(&shared).unwrap()).unwrap(), shared);
    }

    #[test]
    fn an_empty_review_is_short() {
        let shared = SharedReview {
            review: Review::for_rubric(&presets()[0]),
            proposal: None,
        };
        let fragment = encode_fragment(&shared).unwrap();
        assert!(fragment.len() <= 24, "{fragment}");
        assert_eq!(decode(&fragment).unwrap(), shared);
    }

    #[test]
    fn stored_bodies_decode() {
        let shared = sample("pycon-us-screening");
        let body = postcard::to_allocvec(&WireBody::from_shared(&shared)).unwrap();
        assert_eq!(decode(&frame(1, METHOD_STORED, &body, &body)), Ok(shared));
    }

    #[test]
    fn the_storage_form_is_stored_as_is_and_reads_back_the_same() {
        for rubric in presets() {
            let shared = sample(&rubric.id);
            let stored = encode_uncompressed(&shared).unwrap();
            // Method 0: reading it back never primes the model.
            assert_eq!(base64url_decode(&stored).unwrap()[1], METHOD_STORED);
            assert!(is_stored(&stored));
            assert!(
                !is_stored(&encode_fragment(&shared).unwrap()),
                "{}",
                rubric.id
            );
            assert_eq!(decode(&stored).unwrap(), shared);
        }
    }

    #[test]
    fn the_storage_form_is_compressed_when_stored_would_be_over_the_limit() {
        // About 15 KB of prose: over the 16 KiB fragment limit as is, well
        // under it compressed.
        let mut shared = sample("mentor-checklist");
        shared.proposal =
            Some("A talk about testing, packaging and the people who maintain them. ".repeat(230));
        let stored = encode_uncompressed(&shared).unwrap();
        assert_eq!(base64url_decode(&stored).unwrap()[1], METHOD_MODEL_V1);
        assert!(!is_stored(&stored));
        assert!(!is_stored("") && !is_stored("AQ") && !is_stored("not a link"));
        assert_eq!(decode(&stored).unwrap(), shared);
        // Too large either way: the same error as a link.
        shared.proposal = Some("x".repeat(MAX_BODY_BYTES + 1));
        assert_eq!(
            encode_uncompressed(&shared).unwrap_err().kind(),
            ErrorKind::TooLarge
        );
    }

    #[test]
    fn a_long_review_is_compressed() {
        let shared = sample("mentor-checklist");
        let fragment = encode_fragment(&shared).unwrap();
        assert_eq!(base64url_decode(&fragment).unwrap()[1], METHOD_MODEL_V1);
    }

    #[test]
    fn encoding_is_deterministic() {
        let shared = sample("pycon-us-screening");
        assert_eq!(encode_fragment(&shared), encode_fragment(&shared));
    }

    #[test]
    fn links_are_found_in_what_people_paste() {
        let shared = sample("weighted-categories");
        let fragment = encode_fragment(&shared).unwrap();
        let link = format!("https://talkback.example/#{fragment}");
        let pasted = [
            fragment.clone(),
            format!("#{fragment}"),
            link.clone(),
            format!("  {link}\n"),
            format!("{link}&utm_source=newsletter&utm_medium=email"),
            format!("{link} — see you Monday"),
            format!("{link}\tnext"),
            format!("{link}."),
            format!("<{link}>"),
            format!("({link})"),
        ];
        for text in &pasted {
            assert_eq!(decode(text).as_ref(), Ok(&shared), "{text}");
        }
    }

    #[test]
    fn empty_junk_and_oversized_input_is_refused() {
        // Empty.
        for empty in [
            "",
            "   ",
            "#",
            "https://talkback.example/#",
            "https://talkback.example/#&x=1",
        ] {
            assert_eq!(kind(empty), ErrorKind::Empty, "{empty:?}");
        }
        // Not a link.
        for junk in [
            "hello world",
            "https://talkback.example/",
            "#abc%20def",
            "#ab+c",
            "#é",
            "#review",
            "https://talkback.example/#section-2",
        ] {
            assert_eq!(kind(junk), ErrorKind::NotALink, "{junk:?}");
        }
        // Too large: over the fragment cap, even if the first part is a good link.
        let huge = format!("#{}", "A".repeat(MAX_FRAGMENT_CHARS + 1));
        assert_eq!(kind(&huge), ErrorKind::TooLarge);
        // A zip bomb: a tiny stream that claims (or would inflate to) more than the cap.
        let bomb_body = vec![b'a'; MAX_BODY_BYTES + 1];
        let mut packed = Vec::new();
        write_varint(&mut packed, bomb_body.len());
        packed.extend(with_primed_model(|m| model::compress(&bomb_body, m)));
        assert!(packed.len() < 2000, "{}", packed.len());
        assert_eq!(
            kind(&frame(1, METHOD_MODEL_V1, &packed, &bomb_body)),
            ErrorKind::TooLarge
        );
        assert_eq!(
            kind(&frame(1, METHOD_MODEL_V1, &[0xFF, 0xFF, 0xFF, 0x7F], &[])),
            ErrorKind::TooLarge
        );
    }

    #[test]
    fn damaged_links_are_refused() {
        let shared = sample("merit-expertise");
        let fragment = encode_fragment(&shared).unwrap();
        let bytes = base64url_decode(&fragment).unwrap();
        let body = encode_body(
            &shared,
            LinkKind::CommitteeReview,
            &ProposalRef::default(),
            None,
        )
        .unwrap();
        // Wrong CRC.
        let mut bad_crc = bytes.clone();
        let last = bad_crc.len() - 1;
        bad_crc[last] ^= 0x40;
        assert_eq!(kind(&base64url_encode(&bad_crc)), ErrorKind::Damaged);
        // Trailing bytes after the postcard body (with a CRC that covers them).
        let mut padded = body.clone();
        padded.push(0);
        assert_eq!(
            kind(&frame(VERSION, METHOD_STORED, &padded, &padded)),
            ErrorKind::Damaged
        );
        // Trailing bytes after the compressed stream.
        let mut stream = bytes[2..bytes.len() - 4].to_vec();
        stream.push(0x55);
        assert_eq!(
            kind(&frame(VERSION, METHOD_MODEL_V1, &stream, &body)),
            ErrorKind::Damaged
        );
        // Truncated: the stream cut short (here by half), or the text.
        let cut = &bytes[2..bytes.len() / 2];
        // A cut compressed stream may decode to the right length of wrong
        // bytes (its end then reads as a run of zero bits), which the CRC
        // catches: damaged rather than truncated.
        assert!(matches!(
            kind(&frame(VERSION, METHOD_MODEL_V1, cut, &body)),
            ErrorKind::Truncated | ErrorKind::Damaged
        ));
        assert_eq!(
            kind(&frame(VERSION, METHOD_MODEL_V1, &[0x85], &body)),
            ErrorKind::Truncated
        );
        assert_eq!(kind(&fragment[..5]), ErrorKind::Truncated);
        assert_eq!(kind("AQ"), ErrorKind::Truncated);
        assert_eq!(kind("A"), ErrorKind::Truncated);
        // Version 3, an unknown method, version 0.
        let mut v3 = bytes;
        v3[0] = 3;
        assert_eq!(kind(&base64url_encode(&v3)), ErrorKind::NewerVersion);
        assert_eq!(kind(&frame(15, 0, &body, &body)), ErrorKind::NewerVersion);
        assert_eq!(
            kind(&frame(VERSION, 7, &body, &body)),
            ErrorKind::NewerVersion
        );
        assert_eq!(kind(&frame(200, 0, &body, &body)), ErrorKind::NotALink);
        assert_eq!(kind(&frame(0, 0, &body, &body)), ErrorKind::NotALink);
    }

    #[test]
    fn reviews_that_do_not_fit_their_rubric_are_refused() {
        let shared = sample("merit-expertise");
        // Out-of-range score (a valid frame around an invalid review).
        let mut wild = WireBody::from_shared(&shared);
        wild.answers[0] = 9;
        let wild = postcard::to_allocvec(&wild).unwrap();
        let err = decode(&frame(1, METHOD_STORED, &wild, &wild)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(matches!(
            err.review_error(),
            Some(ReviewError::LevelOutOfRange { .. })
        ));
        // Too many answers for the rubric.
        let mut extra = WireBody::from_shared(&shared);
        extra.answers.push(1);
        let extra = postcard::to_allocvec(&extra).unwrap();
        assert_eq!(
            kind(&frame(1, METHOD_STORED, &extra, &extra)),
            ErrorKind::Invalid
        );
        // Unknown presets, by table index and by name.
        for rubric in [
            WireRubricRef::Known(200),
            WireRubricRef::Preset {
                id: "pycon-us-screening".into(),
                version: 9,
            },
        ] {
            let mut unknown = WireBody::from_shared(&shared);
            unknown.rubric = rubric;
            let unknown = postcard::to_allocvec(&unknown).unwrap();
            assert_eq!(
                kind(&frame(1, METHOD_STORED, &unknown, &unknown)),
                ErrorKind::UnknownRubric
            );
        }
        // An invalid custom rubric.
        let mut rubric = custom_rubric();
        rubric.criteria[1].weight = 200;
        let mut review = Review::for_rubric(&custom_rubric());
        review.rubric = RubricRef::Custom(rubric.clone());
        let mut broken = WireBody::from_shared(&SharedReview {
            review,
            proposal: None,
        });
        broken.rubric = WireRubricRef::Custom(WireRubric::from_rubric(&rubric));
        let broken = postcard::to_allocvec(&broken).unwrap();
        assert_eq!(
            kind(&frame(1, METHOD_STORED, &broken, &broken)),
            ErrorKind::Invalid
        );
        // Unknown criterion flags.
        let mut flagged = WireBody::from_shared(&SharedReview {
            review: Review::for_rubric(&custom_rubric()),
            proposal: None,
        });
        if let WireRubricRef::Custom(r) = &mut flagged.rubric {
            r.criteria[0].flags = 4;
        }
        let flagged = postcard::to_allocvec(&flagged).unwrap();
        assert_eq!(
            kind(&frame(1, METHOD_STORED, &flagged, &flagged)),
            ErrorKind::Damaged
        );
        // Non-zero unused bits in the last character.
        let one = base64url_encode(&[1, 0, 0, 0, 0, 0, 7]);
        let mut tweaked = one.clone().into_bytes();
        let last = tweaked.len() - 1;
        tweaked[last] = if tweaked[last] == b'w' { b'x' } else { b'w' };
        assert_eq!(
            kind(&String::from_utf8(tweaked).unwrap()),
            ErrorKind::Damaged
        );
    }

    #[test]
    fn encode_refuses_what_decode_would_refuse() {
        let mut shared = sample("mentor-checklist");
        shared.review.answers[0] = Some(3);
        assert_eq!(
            encode_fragment(&shared).unwrap_err().kind(),
            ErrorKind::Invalid
        );
        shared.review.answers[0] = None;
        shared.review.rubric = RubricRef::Preset {
            id: "mentor-checklist".into(),
            version: 2,
        };
        assert_eq!(
            encode_fragment(&shared).unwrap_err().kind(),
            ErrorKind::UnknownRubric
        );
        let mut shared = sample("mentor-checklist");
        // Random text does not compress: 16 KiB of it cannot fit in a link.
        let mut x = 1u32;
        let noise: String = (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from_u32(0x4E00 + x % 0x5000).unwrap_or('x')
            })
            .collect();
        shared.proposal = Some(noise);
        assert_eq!(
            encode_fragment(&shared).unwrap_err().kind(),
            ErrorKind::TooLarge
        );
    }

    #[test]
    fn every_message_is_plain_words() {
        let mut seen = std::collections::HashSet::new();
        for k in ERROR_KINDS {
            let m = k.message();
            assert!(m.ends_with('.') && m.len() < 160, "{m}");
            assert!(seen.insert(m), "two kinds share {m}");
        }
        assert!(ErrorKind::NewerVersion
            .message()
            .contains("newer version of Talkback"));
    }

    /// Links made from [`sample`] and a custom-rubric review, small enough
    /// to try every substitution of every character.
    fn mutation_samples() -> Vec<(String, SharedReview)> {
        let mut small = sample("pycon-us-screening");
        small.proposal = None;
        small.review.anchors.clear();
        let rubric = custom_rubric();
        let mut custom = Review::for_rubric(&rubric);
        custom.answers = vec![Some(0), None, Some(2)];
        custom.author_comment = "Good.".into();
        let tiny = SharedReview {
            review: Review::for_rubric(&presets()[3]),
            proposal: None,
        };
        [
            small,
            SharedReview {
                review: custom,
                proposal: None,
            },
            tiny,
            sample("mentor-checklist"),
        ]
        .into_iter()
        .map(|s| (encode_fragment(&s).unwrap(), s))
        .collect()
    }

    #[test]
    fn a_changed_character_never_gives_a_different_review() {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut tried = 0;
        for (link, shared) in mutation_samples() {
            let mut bytes = link.clone().into_bytes();
            for i in 0..bytes.len() {
                let original = bytes[i];
                for &c in ALPHABET.iter().filter(|&&c| c != original) {
                    bytes[i] = c;
                    let text = std::str::from_utf8(&bytes).unwrap();
                    if let Ok(back) = decode(text) {
                        assert_eq!(back, shared, "{text}");
                    }
                    tried += 1;
                }
                bytes[i] = original;
            }
        }
        assert!(tried > 10_000, "{tried}");
    }

    #[test]
    fn a_cut_link_never_gives_a_different_review() {
        for (link, shared) in mutation_samples() {
            for end in 0..link.len() {
                match decode(&link[..end]) {
                    Ok(back) => assert_eq!(back, shared),
                    Err(e) => assert!(
                        matches!(
                            e.kind(),
                            ErrorKind::Empty | ErrorKind::Truncated | ErrorKind::Damaged
                        ),
                        "{end}: {e:?}"
                    ),
                }
            }
        }
    }

    // ---- the frozen version-1 fixtures ----

    const V1_FIXTURES: &str = include_str!("../../../tests/fixtures/links/v1.txt");

    /// `(link, expected)` pairs of a fixture file: a link line, then a line
    /// with the expected value as JSON or `error: Kind`. Lines starting with
    /// `;` are notes.
    fn fixture_pairs(text: &'static str) -> Vec<(&'static str, &'static str)> {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with(';'))
            .collect();
        assert_eq!(lines.len() % 2, 0, "fixtures come in pairs");
        lines.chunks(2).map(|p| (p[0], p[1])).collect()
    }

    /// The version-1 pairs; the expected value is a review.
    fn v1_fixtures() -> Vec<(&'static str, &'static str)> {
        fixture_pairs(V1_FIXTURES)
    }

    #[test]
    fn version_1_fixtures_decode_to_the_same_reviews_forever() {
        let fixtures = v1_fixtures();
        assert!(fixtures.len() >= 12, "{}", fixtures.len());
        for (link, expected) in fixtures {
            if let Some(kind) = expected.strip_prefix("error: ") {
                let err = decode(link).expect_err(link);
                // A junk link of a version that was newer when the file was frozen
                // (`; version 2 is newer`) is now that version's junk: still refused,
                // now as damaged.
                let then_newer = kind == "NewerVersion"
                    && payload_of(link)
                        .ok()
                        .and_then(|p| base64url_decode(p.get(..4)?).ok())
                        .is_some_and(|b| b.first().is_some_and(|&v| v > VERSION_1 && v <= VERSION));
                if then_newer {
                    assert_eq!(err.kind(), ErrorKind::Damaged, "{link}");
                } else {
                    assert_eq!(format!("{:?}", err.kind()), kind, "{link}");
                }
            } else {
                let want: SharedReview = serde_json::from_str(expected).unwrap();
                assert_eq!(decode(link).as_ref(), Ok(&want), "{link}");
            }
        }
    }

    // ---- the frozen version-2 fixtures ----

    const V2_FIXTURES: &str = include_str!("../../../tests/fixtures/links/v2.txt");

    /// `(link, expected)` pairs as in `v1.txt`; the expected value is an
    /// [`Opened`] as JSON.
    fn v2_fixtures() -> Vec<(&'static str, &'static str)> {
        fixture_pairs(V2_FIXTURES)
    }

    #[test]
    fn version_2_fixtures_decode_to_the_same_links_forever() {
        let fixtures = v2_fixtures();
        assert!(fixtures.len() >= 8, "{}", fixtures.len());
        let mut kinds = std::collections::BTreeSet::new();
        for (link, expected) in fixtures {
            if let Some(kind) = expected.strip_prefix("error: ") {
                let err = decode_link(link).expect_err(link);
                assert_eq!(format!("{:?}", err.kind()), kind, "{link}");
            } else {
                let want: Opened = serde_json::from_str(expected).unwrap();
                assert_eq!(decode_link(link).as_ref(), Ok(&want), "{link}");
                kinds.insert(format!("{:?}", want.kind));
            }
        }
        assert_eq!(kinds.len(), 2, "both kinds are frozen");
    }

    /// Every link that is not an error in `v2.txt`, with its kind.
    pub(super) fn v2_links() -> Vec<(String, Opened)> {
        v2_fixtures()
            .into_iter()
            .filter(|(_, e)| !e.starts_with("error: "))
            .map(|(l, e)| (l.to_owned(), serde_json::from_str(e).unwrap()))
            .collect()
    }

    /// Prints fixture lines for `tests/fixtures/links/v2.txt` (run by hand
    /// with `--ignored --nocapture` when adding fixtures; never regenerate
    /// the released ones).
    #[test]
    #[ignore = "writes fixtures by hand"]
    fn print_v2_fixture_candidates() {
        print_fixture_lines(v2_fixture_candidates());
    }

    /// Prints each candidate as a fixture line: a note, the link, and what it decodes to.
    fn print_fixture_lines(candidates: Vec<(&'static str, String)>) {
        for (note, link) in candidates {
            let expected = match decode_link(&link) {
                Ok(opened) => serde_json::to_string(&opened).unwrap(),
                Err(e) => format!("error: {:?}", e.kind()),
            };
            println!("; {note}\n{link}\n{expected}\n");
        }
    }

    fn v2_fixture_candidates() -> Vec<(&'static str, String)> {
        let base = "https://talkback.example/";
        let mut out = Vec::new();
        let mut pycon = sample("pycon-us-screening");
        let rubric = pycon.review.resolve().unwrap();
        pycon.review.committee_comment = "Borderline; the outline is thin.".into();
        pycon
            .review
            .set_criterion_audience(&rubric, 0, Audience::Speaker);
        pycon.review.criterion_comments[1] = "Committee only: seen this talk before.".into();
        pycon.review.reasons = vec![2, 7];
        let reference = ProposalRef::of(pycon.proposal.as_deref().unwrap(), Some("PYC-2026-117"));
        for kind in [LinkKind::CommitteeReview, LinkKind::SpeakerFeedback] {
            out.push((
                "pycon-us-screening, votes hidden from the speaker by default, with a CFP code",
                encode_link(&pycon, kind, &reference, base).unwrap(),
            ));
        }
        let mut shown = pycon.clone();
        shown.review.scores_to_speaker = Some(true);
        shown.review.anchors[0].audience = Some(Audience::Speaker);
        out.push((
            "pycon-us-screening, the reviewer shows the vote and the passage comment",
            encode_link(&shown, LinkKind::SpeakerFeedback, &reference, base).unwrap(),
        ));
        let mut mentor = sample("mentor-checklist");
        mentor.review.committee_comment = "Needs a mentor.".into();
        mentor.review.anchors.push(AnchoredComment {
            audience: Some(Audience::Committee),
            anchor: Anchor::new(mentor.proposal.as_deref().unwrap(), 2..8),
            comment: "Committee: title overlaps another talk.".into(),
        });
        mentor.review.reasons = vec![1];
        let reference = ProposalRef::of(mentor.proposal.as_deref().unwrap(), None);
        for kind in [LinkKind::CommitteeReview, LinkKind::SpeakerFeedback] {
            out.push((
                "mentor-checklist, one passage comment for each audience, no CFP code",
                encode_link(&mentor, kind, &reference, base).unwrap(),
            ));
        }
        let mut custom = SharedReview {
            review: Review::for_rubric(&custom_rubric()),
            proposal: None,
        };
        custom.review.answers = vec![Some(0), Some(2), Some(1)];
        custom.review.criterion_comments[1] = "Deep enough.".into();
        custom.review.author_comment = "Fun idea.".into();
        for kind in [LinkKind::CommitteeReview, LinkKind::SpeakerFeedback] {
            out.push((
                "a custom rubric, no proposal, no reference",
                encode_link(&custom, kind, &ProposalRef::default(), "").unwrap(),
            ));
        }
        out.push((
            "the storage form: version 2, body stored as is",
            encode_uncompressed(&mentor).unwrap(),
        ));
        // Hand-made bodies for the refusals.
        let empty = Review::for_rubric(&preset("merit-expertise", 1).unwrap());
        let body = |kind: u8, scores: u8| {
            let mut b = postcard::to_allocvec(&WireEnvelope {
                kind,
                code: None,
                hash: None,
                audiences: WireAudiences {
                    scores,
                    criteria: Vec::new(),
                    anchors: Vec::new(),
                },
                reasons: Vec::new(),
            })
            .unwrap();
            let shared = SharedReview {
                review: empty.clone(),
                proposal: None,
            };
            b.extend(postcard::to_allocvec(&WireBody::from_shared(&shared)).unwrap());
            b
        };
        for (note, b) in [
            (
                "a reserved kind (2, draft): made by a newer version",
                body(2, 0),
            ),
            ("a speaker link with audience tags: damaged", body(1, 2)),
            ("an unknown audience tag: damaged", body(0, 3)),
        ] {
            out.push((note, frame(VERSION, METHOD_STORED, &b, &b)));
        }
        out.push(("version 3: newer", frame(3, METHOD_STORED, &[0], &[0])));
        out
    }

    /// Prints fixture lines for the compact speaker form (kind 5), appended to
    /// `v2.txt` after the first fixtures.
    #[test]
    #[ignore = "writes fixtures by hand"]
    fn print_v2_compact_fixture_candidates() {
        print_fixture_lines(v2_compact_fixture_candidates());
    }

    fn v2_compact_fixture_candidates() -> Vec<(&'static str, String)> {
        let base = "https://talkback.example/";
        let mut out = Vec::new();
        let mut mentor = sample("mentor-checklist");
        let text = mentor.proposal.clone().unwrap();
        mentor.review.committee_comment = "Needs a mentor.".into();
        mentor.review.anchors.push(AnchoredComment {
            audience: Some(Audience::Committee),
            anchor: Anchor::new(&text, 2..8),
            comment: "Committee: title overlaps another talk.".into(),
        });
        mentor.review.anchors.push(AnchoredComment {
            audience: None,
            anchor: Anchor::new("An older text: ten times faster.", 15..31),
            comment: "Measured how?".into(),
        });
        mentor.review.reasons = vec![1];
        let reference = ProposalRef::of(&text, Some("PYC-2026-118"));
        out.push((
            "compact speaker link (kind 5), mentor-checklist, with the proposal: every passage keeps its context",
            encode_speaker_link(&mentor, &reference, &text, base).unwrap(),
        ));
        let review_only = SharedReview {
            proposal: None,
            ..mentor.clone()
        };
        out.push((
            "compact speaker link (kind 5), review only: the first passage by occurrence (0), the second (not in the text) by context",
            encode_speaker_link(&review_only, &reference, &text, base).unwrap(),
        ));
        let empty = Review::for_rubric(&preset("merit-expertise", 1).unwrap());
        let mut b = postcard::to_allocvec(&WireEnvelope {
            kind: KIND_SPEAKER_COMPACT,
            code: None,
            hash: None,
            audiences: WireAudiences {
                scores: TAG_COMMITTEE,
                criteria: Vec::new(),
                anchors: Vec::new(),
            },
            reasons: Vec::new(),
        })
        .unwrap();
        let shared = SharedReview {
            review: empty,
            proposal: None,
        };
        let body = encode_body(
            &shared,
            LinkKind::SpeakerFeedback,
            &ProposalRef::default(),
            None,
        )
        .unwrap();
        let (_, rest) = postcard::take_from_bytes::<WireEnvelope>(&body).unwrap();
        b.extend_from_slice(rest);
        out.push((
            "a compact speaker link with audience tags: damaged",
            frame(VERSION, METHOD_STORED, &b, &b),
        ));
        out
    }

    #[test]
    fn compact_speaker_fixtures_place_by_occurrence() {
        let compact: Vec<_> = v2_links()
            .into_iter()
            .filter(|(link, _)| unpack(link).unwrap()[1] == KIND_SPEAKER_COMPACT)
            .collect();
        assert_eq!(compact.len(), 2);
        let (_, review_only) = &compact[1];
        let anchors = &review_only.shared.review.anchors;
        assert_eq!(anchors.len(), 2, "the committee's passage stays out");
        assert_eq!(anchors[0].anchor.occurrence, Some(0));
        assert_eq!(anchors[0].anchor.quote, "slow test suite");
        assert!(anchors[0].anchor.prefix.is_empty());
        assert_eq!(
            (
                anchors[1].anchor.occurrence,
                anchors[1].anchor.prefix.as_str()
            ),
            (None, "An older text: ")
        );
        // In the reviewed text, exactly where it was made; in an edited one, "changed".
        let text = sample("mentor-checklist").proposal.unwrap();
        assert_eq!(review_only.reference.hash, Some(content_hash(&text)));
        let at = text.find("slow test suite").unwrap();
        let exact = crate::anchor::place(&anchors[0].anchor, &text, true);
        assert_eq!(
            exact,
            crate::anchor::Located::Exact(at..at + "slow test suite".len())
        );
        let edited = text.replace("We profile", "Together we profile");
        assert!(matches!(
            crate::anchor::place(&anchors[0].anchor, &edited, false),
            crate::anchor::Located::Moved(_)
        ));
    }

    /// Every path in the speaker link's wire struct (the compact form the app
    /// writes, kind 5), filled in everywhere it can be: the speaker schema.
    /// Adding a field to `WireSpeakerBody`, `Places` or the envelope
    /// fails this test until the field is judged fit for the speaker and listed
    /// here. (Kind 1, read only, has the same fields with `WireAnchor`'s quote,
    /// prefix, suffix and comment per passage.)
    const SPEAKER_SCHEMA: &[&str] = &[
        "envelope.kind",
        "envelope.code",
        "envelope.hash",
        "envelope.hash[]",
        "envelope.audiences",
        "envelope.audiences.scores",
        "envelope.audiences.criteria",
        "envelope.audiences.anchors",
        "envelope.reasons",
        "envelope.reasons[]",
        "body.rubric",
        "body.rubric.Custom",
        "body.rubric.Custom.id",
        "body.rubric.Custom.version",
        "body.rubric.Custom.name",
        "body.rubric.Custom.criteria",
        "body.rubric.Custom.criteria[]",
        "body.rubric.Custom.criteria[].key",
        "body.rubric.Custom.criteria[].label",
        "body.rubric.Custom.criteria[].guidance",
        "body.rubric.Custom.criteria[].scale",
        "body.rubric.Custom.criteria[].scale.Ordinal",
        "body.rubric.Custom.criteria[].scale.Ordinal[]",
        "body.rubric.Custom.criteria[].scale.Ordinal[].value",
        "body.rubric.Custom.criteria[].scale.Ordinal[].label",
        "body.rubric.Custom.criteria[].scale.Ordinal[].meaning",
        "body.rubric.Custom.criteria[].weight",
        "body.rubric.Custom.criteria[].flags",
        "body.answers",
        "body.answers[]",
        "body.pseudonym",
        "body.criterion_comments",
        "body.criterion_comments[]",
        "body.author_comment",
        "body.anchors",
        "body.anchors[]",
        "body.anchors[].quote",
        "body.anchors[].prefix",
        "body.anchors[].suffix",
        "body.anchors[].comment",
        "body.proposal",
        "places",
        "places[]",
    ];

    #[test]
    fn the_speaker_schema_has_only_the_allowed_fields() {
        // A speaker body with every optional part present.
        let rubric = custom_rubric();
        let mut review = Review::for_rubric(&rubric);
        review.answers = vec![Some(0), Some(1), Some(0)];
        review.scores_to_speaker = Some(true);
        review.criterion_audiences = vec![Audience::Speaker; 3];
        review.criterion_comments[0] = "Fun.".into();
        review.author_comment = "Thanks.".into();
        review.committee_comment = "SECRET for the committee".into();
        review.pseudonym = Some("Sam".into());
        review.reasons = vec![3];
        // One passage found in the reviewed text (its occurrence travels), one not
        // (its context does); the committee's own passage comment goes nowhere.
        let text = "a passage here";
        for (on, audience) in [
            (text, Audience::Speaker),
            ("a passage elsewhere", Audience::Speaker),
            ("SECRET passage", Audience::Committee),
        ] {
            review.anchors.push(AnchoredComment {
                audience: Some(audience),
                anchor: Anchor::new(on, 2..9),
                comment: "This one.".into(),
            });
        }
        let shared = SharedReview {
            review,
            proposal: None,
        };
        let reference = ProposalRef::of(text, Some("C-1"));
        let body = encode_body(&shared, LinkKind::SpeakerFeedback, &reference, Some(text)).unwrap();
        let (envelope, rest) = postcard::take_from_bytes::<WireEnvelope>(&body).unwrap();
        assert_eq!(envelope.kind, KIND_SPEAKER_COMPACT);
        let (speaker, tail) = postcard::take_from_bytes::<WireSpeakerBody>(rest).unwrap();
        let places = take_all::<Places>(tail).unwrap();
        assert_eq!(
            places,
            [1, 0],
            "the first by occurrence 0, the second by context"
        );
        assert_eq!(speaker.anchors.len(), 2);
        assert!(speaker.anchors[0].prefix.is_empty() && speaker.anchors[0].suffix.is_empty());
        assert_eq!(speaker.anchors[1].prefix, "a ");
        let value = serde_json::json!({
            "envelope": serde_json::to_value(&envelope).unwrap(),
            "body": serde_json::to_value(&speaker).unwrap(),
            "places": places,
        });
        let mut found = Vec::new();
        paths(&value, "", &mut found);
        found.retain(|p| p != "envelope" && p != "body");
        #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
        found.sort();
        found.dedup();
        let mut allowed: Vec<String> = SPEAKER_SCHEMA.iter().map(|&p| p.to_owned()).collect();
        #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
        allowed.sort();
        assert_eq!(found, allowed);
        assert!(!body.windows(6).any(|w| w == b"SECRET"));
    }

    #[test]
    fn a_compact_link_whose_places_do_not_fit_its_passages_is_damaged() {
        let mut shared = sample("mentor-checklist");
        shared.proposal = None;
        let body = encode_body(
            &shared,
            LinkKind::SpeakerFeedback,
            &ProposalRef::default(),
            None,
        )
        .unwrap();
        let (_, rest) = postcard::take_from_bytes::<WireEnvelope>(&body).unwrap();
        let (wire, _) = postcard::take_from_bytes::<WireSpeakerBody>(rest).unwrap();
        assert_eq!(wire.anchors.len(), 1);
        assert!(
            !wire.anchors[0].prefix.is_empty(),
            "no text to place it in: context"
        );
        let head = body.len() - 1; // the empty places
        for (places, ok) in [
            (&[][..], true),
            (&[0][..], true),
            (&[1][..], false), // by occurrence, but the context is there too
            (&[0, 0][..], false),
        ] {
            let mut b = body[..head].to_vec();
            b.extend(postcard::to_allocvec(&places.to_vec()).unwrap());
            let got = decode_link(&frame(VERSION, METHOD_STORED, &b, &b));
            assert_eq!(got.is_ok(), ok, "{places:?}: {got:?}");
            if !ok {
                assert_eq!(got.unwrap_err().kind(), ErrorKind::Damaged);
            }
        }
    }

    #[test]
    fn a_speaker_link_never_carries_committee_only_parts() {
        let fixtures = v2_links();
        let speaker: Vec<_> = fixtures
            .iter()
            .filter(|(_, o)| o.kind == LinkKind::SpeakerFeedback)
            .collect();
        assert!(speaker.len() >= 3);
        for (link, opened) in &speaker {
            let body = unpack(link).unwrap();
            for secret in [&b"Borderline"[..], b"Committee", b"Needs a mentor"] {
                assert!(!body.windows(secret.len()).any(|w| w == secret), "{link}");
            }
            assert!(opened.shared.review.committee_comment.is_empty());
            // The speaker's own text, as the reviewer shared it, when included.
            if let Some(proposal) = &opened.shared.proposal {
                assert!(proposal.contains("Faster tests"), "{link}");
            }
        }
        assert!(speaker.iter().any(|(_, o)| o.shared.proposal.is_some()));
        // The PyCon speaker link without shown scores has no votes.
        let (_, hidden) = &fixtures[1];
        assert_eq!(hidden.kind, LinkKind::SpeakerFeedback);
        assert!(hidden.shared.review.answers.iter().all(Option::is_none));
        assert_eq!(hidden.shared.review.scores_to_speaker, Some(false));
    }

    #[test]
    fn a_version_1_link_opens_as_a_committee_review_without_audiences() {
        for (link, expected) in v1_fixtures() {
            if expected.starts_with("error: ") {
                continue;
            }
            let opened = decode_link(link).unwrap();
            assert_eq!(opened.kind, LinkKind::CommitteeReview);
            assert_eq!(opened.reference, ProposalRef::default());
            assert!(opened.shared.review.criterion_audiences.is_empty());
            assert_eq!(opened.shared.review.scores_to_speaker, None);
            assert!(opened
                .shared
                .review
                .anchors
                .iter()
                .all(|a| a.audience.is_none()));
        }
    }

    // ---- anonymity by construction ----

    /// Every path in a decoded link, `[]` marking list items. The pseudonym
    /// is the one field the reviewer types about themselves.
    const ALLOWED_PATHS: &[&str] = &[
        "proposal",
        "review",
        "review.rubric",
        "review.rubric.Preset",
        "review.rubric.Preset.id",
        "review.rubric.Preset.version",
        "review.rubric.Custom",
        "review.rubric.Custom.id",
        "review.rubric.Custom.version",
        "review.rubric.Custom.name",
        "review.rubric.Custom.criteria",
        "review.rubric.Custom.criteria[]",
        "review.rubric.Custom.criteria[].key",
        "review.rubric.Custom.criteria[].label",
        "review.rubric.Custom.criteria[].guidance",
        "review.rubric.Custom.criteria[].scale",
        "review.rubric.Custom.criteria[].scale.Check",
        "review.rubric.Custom.criteria[].scale.Ordinal",
        "review.rubric.Custom.criteria[].scale.Ordinal[]",
        "review.rubric.Custom.criteria[].scale.Ordinal[].value",
        "review.rubric.Custom.criteria[].scale.Ordinal[].label",
        "review.rubric.Custom.criteria[].scale.Ordinal[].meaning",
        "review.rubric.Custom.criteria[].weight",
        "review.rubric.Custom.criteria[].required",
        "review.rubric.Custom.criteria[].independent",
        "review.answers",
        "review.answers[]",
        "review.criterion_comments",
        "review.criterion_comments[]",
        "review.author_comment",
        "review.committee_comment",
        "review.anchors",
        "review.anchors[]",
        "review.anchors[].anchor",
        "review.anchors[].anchor.quote",
        "review.anchors[].anchor.prefix",
        "review.anchors[].anchor.suffix",
        "review.anchors[].anchor.occurrence",
        "review.anchors[].comment",
        "review.pseudonym",
    ];

    fn paths(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        if !path.is_empty() {
            out.push(path.to_owned());
        }
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    let p = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    paths(v, &p, out);
                }
            }
            serde_json::Value::Array(items) => {
                for v in items {
                    paths(v, &format!("{path}[]"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn a_decoded_link_holds_nothing_outside_the_allowlist() {
        let mut links: Vec<String> = v1_fixtures()
            .into_iter()
            .filter(|(_, expected)| !expected.starts_with("error: "))
            .map(|(link, _)| link.to_owned())
            .collect();
        links.extend(mutation_samples().into_iter().map(|(l, _)| l));
        let compact = v2_links()
            .into_iter()
            .filter(|(l, _)| unpack(l).unwrap()[1] == KIND_SPEAKER_COMPACT);
        links.extend(compact.map(|(l, _)| l));
        let mut seen = std::collections::BTreeSet::new();
        for link in &links {
            let mut value = serde_json::to_value(decode(link).unwrap()).unwrap();
            // Version 2's audiences and reasons are the reviewer's choices about the
            // review, not about the reviewer.
            if let Some(review) = value.get_mut("review").and_then(|r| r.as_object_mut()) {
                for key in ["criterion_audiences", "scores_to_speaker", "reasons"] {
                    review.remove(key);
                }
                for a in review
                    .get_mut("anchors")
                    .and_then(|a| a.as_array_mut())
                    .into_iter()
                    .flatten()
                {
                    a.as_object_mut().map(|a| a.remove("audience"));
                }
            }
            let mut found = Vec::new();
            paths(&value, "", &mut found);
            for p in found {
                assert!(
                    ALLOWED_PATHS.contains(&p.as_str()),
                    "{p} is not on the allowlist"
                );
                seen.insert(p);
            }
        }
        // The fixtures exercise the custom-rubric and passage paths too.
        assert!(seen.contains("review.rubric.Custom.criteria[].scale.Ordinal[].meaning"));
        assert!(seen.contains("review.anchors[].anchor.quote"));
        assert!(seen.contains("review.anchors[].anchor.occurrence"));
    }

    #[test]
    fn two_links_of_one_reviewer_share_nothing_but_what_they_typed() {
        // No clock, counter or id: the same review gives the same link, and
        // two reviews differ only where their content differs.
        let a = sample("weighted-categories");
        let mut b = a.clone();
        b.review.author_comment = "Another review entirely.".into();
        b.review.pseudonym = None;
        let (la, lb) = (encode_fragment(&a).unwrap(), encode_fragment(&b).unwrap());
        assert_eq!(la, encode_fragment(&a).unwrap());
        let body_b = postcard::to_allocvec(&WireBody::from_shared(&b)).unwrap();
        assert!(!body_b.windows(3).any(|w| w == b"Sam"));
        assert_ne!(la, lb);
    }

    // ---- property: decode(encode(x)) == x ----

    fn text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                4 => prop::char::range('a', 'z'),
                2 => Just(' '),
                1 => any::<char>(),
                1 => prop::sample::select(vec!['é', 'ł', '🎤', '"', '\n', '\u{2212}', '\0']),
            ],
            0..max,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    fn scale() -> impl Strategy<Value = Scale> {
        crate::arb::scale(crate::arb::consecutive_levels(
            2..=10,
            |i| format!("{i} «L»"),
            text(12),
        ))
    }

    fn rubric() -> impl Strategy<Value = Rubric> {
        let custom = (
            text(20),
            prop::collection::vec(
                (text(30), scale(), 0..=10u8, any::<bool>(), any::<bool>()),
                1..6,
            ),
        )
            .prop_map(|(name, criteria)| crate::arb::custom_rubric(&format!("R {name}"), criteria));
        prop_oneof![
            1 => prop::sample::select(presets()),
            1 => custom,
        ]
    }

    fn audience() -> impl Strategy<Value = Audience> {
        prop_oneof![Just(Audience::Speaker), Just(Audience::Committee)]
    }

    fn audience_option() -> impl Strategy<Value = Option<Audience>> {
        prop::option::of(audience())
    }

    fn reference() -> impl Strategy<Value = ProposalRef> {
        (
            prop::option::of(text(CODE_MAX_CHARS)),
            prop::option::of(any::<[u8; 16]>()),
        )
            .prop_map(|(code, hash)| ProposalRef { code, hash })
    }

    fn shared_review() -> impl Strategy<Value = SharedReview> {
        rubric()
            .prop_flat_map(|rubric| {
                let n = rubric.criteria.len();
                let answers: Vec<BoxedStrategy<Option<u8>>> = rubric
                    .criteria
                    .iter()
                    .map(|c| {
                        let levels = u8::try_from(c.scale.len()).unwrap_or(1);
                        prop::option::of(0..levels).boxed()
                    })
                    .collect();
                (
                    Just(rubric),
                    answers,
                    prop::collection::vec(text(40), n),
                    text(80),
                    text(30),
                    prop::collection::vec(
                        (text(20), text(32), text(32), text(20), audience_option()),
                        0..3,
                    ),
                    prop::option::of(text(12)),
                    prop::option::of(text(120)),
                    prop_oneof![Just(Vec::new()), prop::collection::vec(audience(), n)],
                    prop::option::of(any::<bool>()),
                    prop::sample::subsequence((1u8..=20).collect::<Vec<_>>(), 0..4).prop_shuffle(),
                )
            })
            .prop_map(
                |(
                    rubric,
                    answers,
                    comments,
                    author,
                    committee,
                    anchors,
                    pseudonym,
                    proposal,
                    audiences,
                    scores,
                    reasons,
                )| {
                    let mut review = Review::for_rubric(&rubric);
                    review.criterion_audiences = audiences;
                    review.scores_to_speaker = scores;
                    review.reasons = reasons;
                    review.answers = answers;
                    review.criterion_comments = comments;
                    review.author_comment = author;
                    review.committee_comment = committee;
                    review.anchors = anchors
                        .into_iter()
                        .map(
                            |(quote, prefix, suffix, comment, audience)| AnchoredComment {
                                audience,
                                anchor: Anchor {
                                    quote,
                                    prefix,
                                    suffix,
                                    occurrence: None,
                                },
                                comment,
                            },
                        )
                        .collect();
                    review.pseudonym = pseudonym;
                    SharedReview { review, proposal }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn decode_inverts_encode(shared in shared_review()) {
            prop_assert_eq!(shared.review.resolve().map(|_| ()), Ok(()));
            let fragment = encode_fragment(&shared).unwrap();
            prop_assert!(fragment.chars().all(is_base64url));
            prop_assert_eq!(decode(&fragment), Ok(shared));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        #[test]
        fn both_kinds_of_version_2_link_round_trip(shared in shared_review(), reference in reference()) {
            let committee = encode_link(&shared, LinkKind::CommitteeReview, &reference, "").unwrap();
            prop_assert!(committee.starts_with("#Ag"));
            let opened = decode_link(&committee).unwrap();
            prop_assert_eq!(opened.kind, LinkKind::CommitteeReview);
            prop_assert_eq!(&opened.reference, &reference);
            prop_assert_eq!(&opened.shared, &shared);

            let speaker = encode_link(&shared, LinkKind::SpeakerFeedback, &reference, "").unwrap();
            let opened = decode_link(&speaker).unwrap();
            prop_assert_eq!(opened.kind, LinkKind::SpeakerFeedback);
            prop_assert_eq!(&opened.reference, &reference);
            let seen = speaker_view(&shared);
            prop_assert_eq!(&opened.shared, &seen);
            prop_assert_eq!(speaker_view(&seen), seen.clone());
            // Nothing for the committee reaches the speaker.
            prop_assert!(seen.review.committee_comment.is_empty());
            prop_assert_eq!(&seen.proposal, &shared.proposal);
            let rubric = shared.review.resolve().unwrap();
            for (i, c) in seen.review.criterion_comments.iter().enumerate() {
                if shared.review.criterion_audience(i, &rubric) == Audience::Committee {
                    prop_assert!(c.is_empty());
                }
            }
            let for_speaker = (0..shared.review.anchors.len())
                .filter(|&i| shared.review.anchor_audience(i, &rubric) == Audience::Speaker)
                .count();
            prop_assert_eq!(seen.review.anchors.len(), for_speaker);
            if !shared.review.scores_shown(&rubric) {
                prop_assert!(seen.review.answers.iter().all(Option::is_none));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// The compact speaker link: passages made on the reviewed text travel as
        /// occurrences and are placed back exactly there; the rest keep their
        /// context; a decoded compact link re-encodes to itself.
        #[test]
        fn compact_speaker_links_round_trip_and_place_exactly(
            shared in shared_review(),
            text in "[ab ł🐍.\n]{0,80}",
            cuts in prop::collection::vec((0usize..90, 0usize..12), 0..4),
            with_proposal in any::<bool>(),
        ) {
            let mut shared = shared;
            for (start, len) in cuts {
                shared.review.anchors.push(AnchoredComment {
                    audience: Some(Audience::Speaker),
                    anchor: Anchor::new(&text, start..start + len),
                    comment: "Here.".into(),
                });
            }
            if !with_proposal {
                shared.proposal = None;
            }
            let reference = ProposalRef::of(&text, None);
            let link = encode_speaker_link(&shared, &reference, &text, "").unwrap();
            let opened = decode_link(&link).unwrap();
            prop_assert_eq!(opened.kind, LinkKind::SpeakerFeedback);
            let seen = speaker_view(&shared);
            prop_assert_eq!(seen.review.anchors.len(), opened.shared.review.anchors.len());
            for (sent, got) in seen.review.anchors.iter().zip(&opened.shared.review.anchors) {
                let (sent, got) = (&sent.anchor, &got.anchor);
                prop_assert_eq!(&sent.quote, &got.quote);
                let nth = if seen.proposal.is_some() { None } else { sent.occurrence_in(&text) };
                prop_assert_eq!(got.occurrence, nth);
                if nth.is_some() {
                    prop_assert!(got.prefix.is_empty() && got.suffix.is_empty());
                    let exact = crate::anchor::place(got, &text, true);
                    prop_assert_eq!(&exact, &crate::anchor::locate(sent, &text));
                } else {
                    prop_assert_eq!(got, sent);
                }
            }
            // Everything else is the speaker view, and the link is its own fixed point.
            let mut bare = opened.shared.clone();
            for (a, s) in bare.review.anchors.iter_mut().zip(&seen.review.anchors) {
                a.anchor = s.anchor.clone();
            }
            prop_assert_eq!(&bare, &seen);
            let again = encode_link(&opened.shared, opened.kind, &opened.reference, "").unwrap();
            prop_assert_eq!(decode_link(&again), Ok(opened));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn decode_never_panics_on_junk(junk in text(200), bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&junk);
            let _ = decode(&base64url_encode(&bytes));
            for version in [VERSION_1, VERSION] {
                let mut framed = vec![version, METHOD_MODEL_V1];
                framed.extend_from_slice(&bytes);
                let _ = decode(&base64url_encode(&framed));
                let _ = decode_link(&frame(version, METHOD_STORED, &bytes, &bytes));
            }
            // A compact speaker envelope, then junk as its body; whatever opens places safely.
            let mut compact = vec![KIND_SPEAKER_COMPACT, 0, 0, 0, 0, 0, 0];
            compact.extend_from_slice(&bytes);
            if let Ok(opened) = decode_link(&frame(VERSION, METHOD_STORED, &compact, &compact)) {
                for a in &opened.shared.review.anchors {
                    let located = crate::anchor::place(&a.anchor, &junk, false);
                    prop_assert!(located.range().is_none_or(|r| junk.get(r).is_some()));
                }
            }
            let _ = decode_unpacked(&bytes);
        }
    }

    #[test]
    fn a_batch_of_unpacked_links_reads_back_to_what_decode_gives() {
        let good = encode_fragment(&sample("pycon-us-screening")).unwrap();
        let other = encode_fragment(&sample("mentor-checklist")).unwrap();
        let mut damaged = good.clone().into_bytes();
        damaged[40] = if damaged[40] == b'A' { b'B' } else { b'A' };
        let damaged = String::from_utf8(damaged).unwrap();
        let links = [
            good.clone(),
            "not a link".to_owned(),
            damaged,
            good[..good.len() / 2].to_owned(),
            String::new(),
            "AgEAAAAAAAA".to_owned(),
            other,
        ];
        let unpacked: Vec<_> = links.iter().map(|l| unpack(l)).collect();
        let batch = decode_unpacked(&encode_unpacked(&unpacked)).expect("a batch");
        assert_eq!(batch.len(), links.len());
        for (link, result) in links.iter().zip(batch) {
            let read = result.and_then(|body| read_body(&body));
            assert_eq!(read, decode(link), "{link}");
        }
        assert_eq!(decode_unpacked(&encode_unpacked(&[])), Some(vec![]));
    }

    #[test]
    fn a_broken_batch_is_refused_not_misread() {
        let batch = encode_unpacked(&[
            Ok(b"body".to_vec()),
            Err(LinkError::new(ErrorKind::Damaged)),
        ]);
        // Two items; a body of four bytes; then error code 4 (Damaged).
        assert_eq!(batch, [2, 0, 4, b'b', b'o', b'd', b'y', 1, 4]);
        assert_eq!(
            decode_unpacked(&batch),
            Some(vec![
                Ok(b"body".to_vec()),
                Err(LinkError::new(ErrorKind::Damaged))
            ])
        );
        // The count comes first, so every cut is seen.
        for cut in 0..batch.len() {
            assert_eq!(decode_unpacked(&batch[..cut]), None, "cut at {cut}");
        }
        let mut extra = batch.clone();
        extra.push(0);
        assert_eq!(decode_unpacked(&extra), None, "bytes left over");
        let mut bad_variant = batch.clone();
        bad_variant[7] = 9;
        assert_eq!(
            decode_unpacked(&bad_variant),
            None,
            "neither body nor error"
        );
        let mut bad_code = batch.clone();
        bad_code[8] = 8;
        assert_eq!(decode_unpacked(&bad_code), None, "no such error");
        let mut huge = batch[..2].to_vec();
        huge.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        huge.extend_from_slice(&batch[3..]);
        assert_eq!(decode_unpacked(&huge), None, "a length past the end");
        let too_big = encode_unpacked(&[Ok(vec![0; MAX_UNPACKED_BYTES + 1])]);
        assert_eq!(decode_unpacked(&too_big), None, "a body over the cap");
        let at_cap = encode_unpacked(&[Ok(vec![0; MAX_UNPACKED_BYTES])]);
        assert_eq!(decode_unpacked(&at_cap).map(|b| b.len()), Some(1));
    }

    #[test]
    fn custom_rubric_ids_survive() {
        let rubric = custom_rubric();
        assert_eq!(rubric.id, CUSTOM_ID);
    }
}
