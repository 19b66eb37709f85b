//! Finding feedback links in pasted text and reading a paste into a [`PasteReport`].

use std::collections::HashMap;
use std::ops::Range;

use super::summary::{summarise_sourced, Sourced, Summary};
use crate::link::{self, ErrorKind, LinkError, LinkKind, Opened};

/// Fewest base64url characters after a `#` for it to count as a link.
///
/// The smallest review a link can hold takes more; a hashtag or a page
/// anchor such as `#readme` takes fewer.
pub const MIN_PAYLOAD_CHARS: usize = 12;

/// Most links read from one paste; the rest are reported, not decoded, so a
/// huge paste cannot freeze the page.
pub const MAX_LINKS: usize = 2500;

// ---------------------------------------------------------------------------
// Finding links
// ---------------------------------------------------------------------------

/// Something in pasted text that looks like a feedback link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte range of `text` in the pasted text.
    pub span: Range<usize>,
    /// The link as found: a URL ending in `#payload`, a `#payload`, or a
    /// bare payload, without any wrapping `<…>` or trailing punctuation.
    pub text: String,
    /// Line of the paste it starts on, from 1.
    pub line: usize,
}

impl Candidate {
    /// The base64url payload: what follows the last `#`, or all of it.
    pub fn payload(&self) -> &str {
        self.text.rsplit('#').next().unwrap_or_default()
    }
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether a run of base64url characters looks like a payload rather than a
/// word: long enough, starting with `A` (format versions 1 to 3 all do), and
/// with an upper-case letter or digit after the first character (real
/// payloads are random-looking; `#Acknowledgements-and-thanks` is not).
fn looks_like_payload(run: &[u8]) -> bool {
    run.len() >= MIN_PAYLOAD_CHARS
        && run[0] == b'A'
        && run[1..]
            .iter()
            .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Bytes that end a link's URL part when scanning back from its `#`:
/// whitespace, what usually wraps a link in mail, chat and Markdown, and
/// any non-ASCII byte (text such as `→` or `：` written against the link).
fn stops_url(b: u8) -> bool {
    !b.is_ascii() || b.is_ascii_whitespace() || b"<([{\"'`*|".contains(&b)
}

/// Every feedback link in `text`, in order.
///
/// A link is a `#` followed by at least [`MIN_PAYLOAD_CHARS`] base64url
/// characters that look like a payload (see the module docs), together with
/// the URL before it (`https://…/#AQ…`, `file:///…/talkback.html#AQ…`) if
/// there is one; or a payload alone on its line. Wrapping `<…>`, quote
/// marks `> ` and punctuation after the link are left out, so the link is
/// found in quoted replies, Markdown and chat. Links broken over two lines
/// by mail programs are not joined.
///
/// ```
/// use talkback_core::committee::extract_links;
/// let text = "Mine: <https://talkback.example/#AQEAAQIDBAUGBwgJ>.\n\
///             > #AQEAAQIDBAUGBwgK, see #readme\n\
///             AQEAAQIDBAUGBwgL\n";
/// let found = extract_links(text);
/// let texts: Vec<&str> = found.iter().map(|c| c.text.as_str()).collect();
/// assert_eq!(
///     texts,
///     ["https://talkback.example/#AQEAAQIDBAUGBwgJ", "#AQEAAQIDBAUGBwgK", "AQEAAQIDBAUGBwgL"]
/// );
/// assert_eq!(found[1].line, 2);
/// assert_eq!(&text[found[0].span.clone()], found[0].text);
/// ```
pub fn extract_links(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for (line_index, line) in text.split('\n').enumerate() {
        let line_no = line_index + 1;
        let lb = line.as_bytes();
        let before = found.len();
        // Links with a `#`. Every slice below starts and ends at an ASCII
        // byte, so it is on a char boundary.
        let mut floor = 0; // the previous link's end: never scan back past it
        let mut i = 0;
        while i < lb.len() {
            if lb[i] != b'#' {
                i += 1;
                continue;
            }
            let run_end = lb[i + 1..]
                .iter()
                .position(|&b| !is_base64url(b))
                .map_or(lb.len(), |p| i + 1 + p);
            if !looks_like_payload(&lb[i + 1..run_end]) {
                i = run_end.max(i + 1);
                continue;
            }
            let mut start = i;
            while start > floor && !stops_url(lb[start - 1]) {
                start -= 1;
            }
            found.push(Candidate {
                span: line_start + start..line_start + run_end,
                text: line[start..run_end].to_owned(),
                line: line_no,
            });
            floor = run_end;
            i = run_end;
        }
        // A payload alone on its line (quote marks and wrapping allowed).
        if found.len() == before {
            let trimmed = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
            let offset = line.len() - trimmed.len();
            let trimmed = trimmed.trim_end();
            let core = trimmed.trim_start_matches(['<', '(', '[', '"', '\'']);
            let core_offset = offset + (trimmed.len() - core.len());
            let core = core.trim_end_matches(['>', ')', ']', '"', '\'', '.', ',', ';', ':', '!']);
            if !core.is_empty()
                && core.bytes().all(is_base64url)
                && looks_like_payload(core.as_bytes())
            {
                let start = line_start + core_offset;
                found.push(Candidate {
                    span: start..start + core.len(),
                    text: core.to_owned(),
                    line: line_no,
                });
            }
        }
        line_start += line.len() + 1;
    }
    found
}

// ---------------------------------------------------------------------------
// Reading a paste
// ---------------------------------------------------------------------------

/// A link that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// Which link, counting every link found from 1.
    pub number: usize,
    /// Line of the paste it is on, from 1.
    pub line: usize,
    /// What went wrong, for code. `None`: beyond [`MAX_LINKS`], not read.
    pub kind: Option<ErrorKind>,
    /// Plain words, e.g. "Link 4 (line 12): This link was changed or
    /// damaged on its way here, …".
    pub message: String,
}

/// A link whose review was already read from an earlier link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Which link, counting every link found from 1.
    pub number: usize,
    /// Line of the paste it is on, from 1.
    pub line: usize,
    /// The link with the same review: an earlier one with the same payload, or,
    /// for a speaker's copy, the committee link it was made with.
    pub same_as: usize,
    /// Plain words, e.g. "Link 5 (line 20) is the same review as link 2; it
    /// is counted once."
    pub message: String,
}

/// Everything the chair sees after pasting: what was found, what could not
/// be read, and the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct PasteReport {
    /// Links found in the paste, duplicates and bad ones included.
    pub links_found: usize,
    /// Different reviews read.
    pub reviews_read: usize,
    /// Links that could not be read, in paste order.
    pub problems: Vec<LinkProblem>,
    /// Links repeating an earlier one (quoted replies do this), in paste
    /// order; each review counts once.
    pub duplicates: Vec<Duplicate>,
    /// The summary of the reviews read.
    pub summary: Summary,
}

/// Finds, reads and summarises every feedback link in `text`.
///
/// Links with identical payloads are read once (the encoding is
/// deterministic, so the same review always gives the same payload).
///
/// ```
/// use talkback_core::committee::summarise_text;
/// use talkback_core::link::{encode, SharedReview};
/// use talkback_core::rubric::preset;
/// use talkback_core::scoring::Review;
///
/// let rubric = preset("pycon-us-screening", 1).unwrap();
/// let mut review = Review::for_rubric(&rubric);
/// review.answers[0] = Some(0); // +1
/// let shared = SharedReview { review, proposal: Some("# Faster tests\n\nHow we…".into()) };
/// let link = encode(&shared, "https://talkback.example/").unwrap();
/// let damaged = link.replacen("#Ag", "#Agx", 1);
/// let paste = format!("Here: {link}\n> Here: {link}\nAnd {damaged}\n");
///
/// let report = summarise_text(&paste);
/// assert_eq!((report.links_found, report.reviews_read), (3, 1));
/// assert_eq!(report.duplicates[0].same_as, 1);
/// assert!(report.problems[0].message.starts_with("Link 3 (line 3): "));
/// let group = &report.summary.groups[0];
/// assert_eq!(group.title.as_deref(), Some("Faster tests"));
/// assert_eq!(group.pycon.as_ref().unwrap().score, 3);
/// ```
pub fn summarise_text(text: &str) -> PasteReport {
    summarise_text_with(text, &mut link::decode_link)
}

/// [`summarise_text`] with a decoder of one's own: the committee page passes a
/// [`DecodeCache`]'s, so that editing a paste reads only the links that are new.
pub fn summarise_text_with(
    text: &str,
    decode: &mut dyn FnMut(&str) -> Result<Opened, LinkError>,
) -> PasteReport {
    summarise_files_with(text, &[], decode)
}

/// [`summarise_text_with`] where parts of `text` came from reviewer files: the
/// links inside `files[i]` (byte ranges of `text`) are reviewer `i`'s (see
/// [`Sourced::source`]); links elsewhere were pasted, by unknown reviewers.
pub fn summarise_files_with(
    text: &str,
    files: &[Range<usize>],
    decode: &mut dyn FnMut(&str) -> Result<Opened, LinkError>,
) -> PasteReport {
    let candidates = extract_links(text);
    let mut problems = Vec::new();
    let mut duplicates = Vec::new();
    let mut reviews: Vec<(usize, usize, Option<usize>, Opened)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let number = index + 1;
        let line = candidate.line;
        if index >= MAX_LINKS {
            problems.push(LinkProblem {
                number,
                line,
                kind: None,
                message: format!(
                    "Link {number} (line {line}) was not read: Talkback reads at most {MAX_LINKS} \
                     links at a time. Paste the rest separately."
                ),
            });
            continue;
        }
        if let Some(&same_as) = seen.get(candidate.payload()) {
            duplicates.push(Duplicate {
                number,
                line,
                same_as,
                message: format!(
                    "Link {number} (line {line}) is the same review as link {same_as}; it is \
                     counted once."
                ),
            });
            continue;
        }
        seen.insert(candidate.payload(), number);
        let source = files.iter().position(|r| r.contains(&candidate.span.start));
        match decode(&candidate.text) {
            Ok(opened) => reviews.push((number, line, source, opened)),
            Err(e) => problems.push(LinkProblem {
                number,
                line,
                kind: Some(e.kind()),
                message: format!("Link {number} (line {line}): {}", e.message()),
            }),
        }
    }
    let reviews = without_speaker_copies(reviews, &mut duplicates);
    crate::sort::sort_by(&mut duplicates, |a, b| a.number.cmp(&b.number));
    PasteReport {
        links_found: candidates.len(),
        reviews_read: reviews.len(),
        problems,
        duplicates,
        summary: summarise_sourced(&reviews),
    }
}

/// The reviews of `opened` (link number, line, review), each once: a speaker
/// link that is exactly the speaker's view of a committee link in the same
/// paste (same proposal reference, same speaker-visible parts) is the same
/// reviewer's review, noted in `duplicates` and not counted again.
fn without_speaker_copies(
    opened: Vec<(usize, usize, Option<usize>, Opened)>,
    duplicates: &mut Vec<Duplicate>,
) -> Vec<Sourced> {
    let committee_views: Vec<(usize, &link::ProposalRef, link::SharedReview)> = opened
        .iter()
        .filter(|(_, _, _, o)| o.kind == LinkKind::CommitteeReview)
        .map(|(number, _, _, o)| (*number, &o.reference, link::speaker_view(&o.shared)))
        .collect();
    let mut copies = Vec::new();
    for (number, line, _, o) in &opened {
        if o.kind != LinkKind::SpeakerFeedback {
            continue;
        }
        if let Some((same_as, _, _)) = committee_views.iter().find(|(_, reference, view)| {
            **reference == o.reference && link::is_speaker_copy(&o.shared, view)
        }) {
            copies.push(*number);
            duplicates.push(Duplicate {
                number: *number,
                line: *line,
                same_as: *same_as,
                message: format!(
                    "Link {number} (line {line}) is the speaker's copy of the review in link \
                     {same_as}; it is counted once."
                ),
            });
        }
    }
    drop(committee_views);
    opened
        .into_iter()
        .filter(|(number, _, _, _)| !copies.contains(number))
        .map(|(_, _, source, o)| Sourced {
            shared: o.shared,
            reference: o.reference,
            source,
        })
        .collect()
}

/// Links already read, by their text: reading a link with a proposal in it takes
/// about a millisecond, and a chair edits a paste of fifty.
#[derive(Debug, Default)]
pub struct DecodeCache {
    pub(super) read: HashMap<String, Result<Opened, LinkError>>,
}

impl DecodeCache {
    /// Forgets everything past this many links (a few pastes' worth).
    const CAPACITY: usize = 2 * MAX_LINKS;

    /// The same as [`link::decode_link`], from memory when `link` was read before.
    ///
    /// # Errors
    /// Those of [`link::decode_link`].
    pub fn decode(&mut self, link: &str) -> Result<Opened, LinkError> {
        if let Some(known) = self.read.get(link) {
            return known.clone();
        }
        let result = link::decode_link(link);
        self.remember(link, result.clone());
        result
    }

    /// The links of `text` that [`summarise_text_with`] would read and this
    /// cache has not read yet, each once, in order.
    pub fn unread(&self, text: &str) -> Vec<String> {
        let candidates = extract_links(text);
        let mut unread: Vec<String> = Vec::new();
        // The same map type as `summarise_text_with`'s, so no new code in the wasm.
        let mut listed: HashMap<&str, usize> = HashMap::new();
        for candidate in candidates.iter().take(MAX_LINKS) {
            if !self.read.contains_key(&candidate.text)
                && listed.insert(&candidate.text, 0).is_none()
            {
                unread.push(candidate.text.clone());
            }
        }
        unread
    }

    /// Remembers `link` as decoded from what [`link::unpack`] made of it
    /// (perhaps in a worker): afterwards [`DecodeCache::decode`] gives the
    /// same as [`link::decode`] would, without decompressing again.
    pub fn insert_unpacked(&mut self, link: &str, unpacked: Result<Vec<u8>, LinkError>) {
        self.remember(link, unpacked.and_then(|body| link::read_link_body(&body)));
    }

    fn remember(&mut self, link: &str, result: Result<Opened, LinkError>) {
        if self.read.len() >= Self::CAPACITY {
            self.read.clear();
        }
        self.read.insert(link.to_string(), result);
    }
}
