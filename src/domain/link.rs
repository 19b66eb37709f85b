//! Share links: a whole review (and, if the reviewer wants, the anonymised
//! proposal) carried in the URL fragment, so that no server ever sees it.
//!
//! [`encode`] turns a [`SharedReview`] into a link; [`decode`] turns a link,
//! or just its fragment, back into the review, checking everything on the
//! way: a link is attacker-controlled input.
//!
//! # The format (version 1, frozen)
//!
//! The fragment is base64url without padding (`A–Z a–z 0–9 - _`) of
//!
//! | bytes | meaning |
//! |---|---|
//! | 1 | format version, [`VERSION`] = 1 |
//! | 1 | method: 0 = body stored as is, 1 = raw deflate primed with dictionary v1 |
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
//! Method 1 primes deflate's 32 KiB window with a frozen dictionary of common
//! phrases from CC0 talk descriptions (and the preset rubrics' own wording,
//! for custom rubrics derived from them), so even a short text finds long
//! matches. **A dictionary never changes**: a better one gets a new method
//! byte, and every method ever released keeps decoding. A newer version byte,
//! or a method this build does not know, is reported as
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

use std::fmt;

use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};

use super::anchor::{Anchor, AnchoredComment};
use super::rubric::{CheckLabels, Criterion, Level, Rubric, RubricRef, Scale};
use super::scoring::{Review, ReviewError};

/// The format version this build writes, and the newest it reads.
pub const VERSION: u8 = 1;
/// Longest payload [`decode`] accepts, in characters after the `#`.
pub const MAX_FRAGMENT_CHARS: usize = 16 * 1024;
/// Largest body a payload may inflate to, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Method byte: the body is stored as is (tiny bodies, which deflate makes longer).
const METHOD_STORED: u8 = 0;
/// Method byte: raw deflate, its window primed with [`DICTIONARY_V1`].
const METHOD_DEFLATE_DICT_V1: u8 = 1;
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
/// use talkback::domain::link::{decode, encode, SharedReview};
/// use talkback::domain::rubric::preset;
/// use talkback::domain::scoring::Review;
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
/// use talkback::domain::link::{decode, ErrorKind};
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
/// Fails, like [`encode_fragment`], on a review that would not decode.
///
/// ```
/// use talkback::domain::link::{encode, SharedReview};
/// use talkback::domain::rubric::preset;
/// use talkback::domain::scoring::Review;
/// let review = Review::for_rubric(&preset("pycon-us-screening", 1).unwrap());
/// let shared = SharedReview { review, proposal: None };
/// let link = encode(&shared, "https://talkback.example/app#old").unwrap();
/// assert!(link.starts_with("https://talkback.example/app#AQ") || link.starts_with("https://talkback.example/app#AQ"));
/// assert_eq!(link.matches('#').count(), 1);
/// ```
pub fn encode(shared: &SharedReview, base_url: &str) -> Result<String, LinkError> {
    let fragment = encode_fragment(shared)?;
    let base = base_url.split('#').next().unwrap_or_default();
    let mut link = String::with_capacity(base.len() + 1 + fragment.len());
    link.push_str(base);
    link.push('#');
    link.push_str(&fragment);
    Ok(link)
}

/// The payload alone (what goes after the `#`).
///
/// Fails with [`ErrorKind::UnknownRubric`] or [`ErrorKind::Invalid`] when
/// the review would not pass [`decode`]'s checks, and with
/// [`ErrorKind::TooLarge`] when the link would be over [`decode`]'s limits:
/// a link this function makes always decodes.
///
/// ```
/// use talkback::domain::link::{decode, encode_fragment, SharedReview};
/// use talkback::domain::rubric::preset;
/// use talkback::domain::scoring::Review;
/// let mut review = Review::for_rubric(&preset("merit-expertise", 1).unwrap());
/// review.answers = vec![Some(3), Some(1), None];
/// let shared = SharedReview { review, proposal: None };
/// let fragment = encode_fragment(&shared).unwrap();
/// assert!(fragment.len() < 20, "{fragment}");
/// assert_eq!(decode(&fragment).unwrap(), shared);
/// ```
pub fn encode_fragment(shared: &SharedReview) -> Result<String, LinkError> {
    shared.review.resolve().map_err(LinkError::review)?;
    let body = postcard::to_allocvec(&WireBody::from_shared(shared))
        .map_err(|_| LinkError::new(ErrorKind::Invalid))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(LinkError::new(ErrorKind::TooLarge));
    }
    let deflated = deflate_with_dictionary(&body, DICTIONARY_V1);
    let (method, packed) = match deflated {
        Some(d) if d.len() < body.len() => (METHOD_DEFLATE_DICT_V1, d),
        _ => (METHOD_STORED, body.clone()),
    };
    let mut bytes = Vec::with_capacity(packed.len() + FRAME_BYTES);
    bytes.push(VERSION);
    bytes.push(method);
    bytes.extend_from_slice(&packed);
    bytes.extend_from_slice(&crc32(&body).to_le_bytes());
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
/// ```
/// use talkback::domain::link::{decode, encode, ErrorKind, SharedReview};
/// use talkback::domain::rubric::preset;
/// use talkback::domain::scoring::Review;
/// let review = Review::for_rubric(&preset("weighted-categories", 1).unwrap());
/// let shared = SharedReview { review, proposal: None };
/// let link = encode(&shared, "https://talkback.example/").unwrap();
/// assert_eq!(decode(&format!("{link}&utm_source=mail")).unwrap(), shared);
/// assert_eq!(decode("not a link at all").unwrap_err().kind(), ErrorKind::NotALink);
/// ```
pub fn decode(fragment_or_url: &str) -> Result<SharedReview, LinkError> {
    let payload = payload_of(fragment_or_url)?;
    let bytes = base64url_decode(payload)?;
    let body = unframe(&bytes)?;
    let (wire, rest) = postcard::take_from_bytes::<WireBody>(&body)
        .map_err(|_| LinkError::new(ErrorKind::Damaged))?;
    if !rest.is_empty() {
        return Err(LinkError::new(ErrorKind::Damaged));
    }
    let shared = wire.into_shared()?;
    shared.review.resolve().map_err(LinkError::review)?;
    Ok(shared)
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

/// Checks the frame and returns the uncompressed, CRC-checked body.
fn unframe(bytes: &[u8]) -> Result<Vec<u8>, LinkError> {
    let [version, method, ..] = *bytes else {
        return Err(LinkError::new(ErrorKind::Truncated));
    };
    match version {
        VERSION => {}
        0 => return Err(LinkError::new(ErrorKind::Damaged)),
        _ => return Err(LinkError::new(ErrorKind::NewerVersion)),
    }
    if bytes.len() < FRAME_BYTES {
        return Err(LinkError::new(ErrorKind::Truncated));
    }
    let (packed, crc) = bytes[2..].split_at(bytes.len() - FRAME_BYTES);
    let body = match method {
        METHOD_STORED => packed.to_vec(),
        METHOD_DEFLATE_DICT_V1 => inflate_with_dictionary(packed, DICTIONARY_V1)?,
        _ => return Err(LinkError::new(ErrorKind::NewerVersion)),
    };
    if body.len() > MAX_BODY_BYTES {
        return Err(LinkError::new(ErrorKind::TooLarge));
    }
    if crc32(&body).to_le_bytes() != crc {
        return Err(LinkError::new(ErrorKind::Damaged));
    }
    Ok(body)
}

// ---------------------------------------------------------------------------
// Deflate with a preset dictionary
// ---------------------------------------------------------------------------

/// Raw deflate of `data` with `dictionary` as history: the dictionary is
/// compressed first and ended with a sync flush (an empty stored block, so
/// the stream is byte-aligned there); that output is dropped and what follows
/// is a self-contained raw deflate stream whose back-references may reach
/// into the dictionary. `None` only if the compressor reports an error.
fn deflate_with_dictionary(data: &[u8], dictionary: &[u8]) -> Option<Vec<u8>> {
    // Level 10 ("uber"), raw deflate (negative window bits), default strategy.
    let flags = create_comp_flags_from_zip_params(10, -15, 0);
    let mut compressor = CompressorOxide::new(flags);
    let mut scratch = vec![0; dictionary.len() + 1024];
    let mut fed = 0;
    loop {
        let (status, used, _) = compress(
            &mut compressor,
            &dictionary[fed..],
            &mut scratch,
            TDEFLFlush::Sync,
        );
        fed += used;
        if status != TDEFLStatus::Okay {
            return None;
        }
        if fed == dictionary.len() {
            break;
        }
    }
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let mut buf = vec![0; data.len() + 1024];
    let mut fed = 0;
    loop {
        let (status, used, written) =
            compress(&mut compressor, &data[fed..], &mut buf, TDEFLFlush::Finish);
        fed += used;
        out.extend_from_slice(&buf[..written]);
        match status {
            TDEFLStatus::Done => return Some(out),
            TDEFLStatus::Okay => {}
            _ => return None,
        }
    }
}

/// Inverse of [`deflate_with_dictionary`]: the output buffer starts with the
/// dictionary so back-references can reach it, and is only
/// [`MAX_BODY_BYTES`] longer, so nothing can inflate past the cap.
fn inflate_with_dictionary(packed: &[u8], dictionary: &[u8]) -> Result<Vec<u8>, LinkError> {
    let mut out = vec![0; dictionary.len() + MAX_BODY_BYTES];
    out[..dictionary.len()].copy_from_slice(dictionary);
    let mut inflater = DecompressorOxide::new();
    // Linear buffer: back-references are checked against its start, which
    // is what lets them reach into the dictionary.
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, consumed, written) =
        decompress(&mut inflater, packed, &mut out, dictionary.len(), flags);
    match status {
        TINFLStatus::Done if consumed == packed.len() => {}
        TINFLStatus::Done => return Err(LinkError::new(ErrorKind::Damaged)),
        TINFLStatus::HasMoreOutput => return Err(LinkError::new(ErrorKind::TooLarge)),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            return Err(LinkError::new(ErrorKind::Truncated))
        }
        _ => return Err(LinkError::new(ErrorKind::Damaged)),
    }
    let start = dictionary.len();
    Ok(out[start..start + written].to_vec())
}

// ---------------------------------------------------------------------------
// CRC-32 and base64url, small and table-light for the wasm build
// ---------------------------------------------------------------------------

/// CRC-32 (IEEE 802.3, as in zip and PNG), four bits at a time: a 64-byte
/// table instead of crc32fast's kilobytes.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 16] = {
        let mut table = [0u32; 16];
        let mut i = 0;
        while i < 16 {
            let mut c = i as u32;
            let mut bit = 0;
            while bit < 4 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
                bit += 1;
            }
            table[i] = c;
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
    // Only the low six bits are ever passed, so every arm is a valid ASCII byte.
    let byte = match sextet & 63 {
        v @ 0..=25 => b'A' + v as u8,
        v @ 26..=51 => b'a' + (v - 26) as u8,
        v @ 52..=61 => b'0' + (v - 52) as u8,
        62 => b'-',
        _ => b'_',
    };
    char::from(byte)
}

fn base64url_encode(bytes: &[u8]) -> String {
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
fn base64url_decode(text: &str) -> Result<Vec<u8>, LinkError> {
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
                .map(|a| AnchoredComment {
                    anchor: Anchor {
                        quote: a.quote,
                        prefix: a.prefix,
                        suffix: a.suffix,
                    },
                    comment: a.comment,
                })
                .collect(),
            pseudonym: self.pseudonym,
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
