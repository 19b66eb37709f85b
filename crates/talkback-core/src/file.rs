//! `.talkback` files: the second channel for a link too long for where it is going.
//!
//! A file is plain UTF-8 text, two lines:
//!
//! ```text
//! talkback-file 1
//! <payload>
//! ```
//!
//! The first line names the format and its version; the second is exactly what a link
//! carries after its `#` (see [`crate::link`]), so a file and a link hold the same thing
//! and are opened by the same code, with the same caps and checks. No address is written
//! into the file: it opens in whichever Talkback reads it. A byte-order mark, `\r\n` line
//! ends and trailing blank lines (which editors and mail programs add) are accepted.

use crate::link::{self, ErrorKind};

/// The header's words, before the version.
pub const MAGIC: &str = "talkback-file";

/// The version of the file format this build writes and reads.
pub const VERSION: u32 = 1;

/// The file name extension, without the dot.
pub const EXTENSION: &str = "talkback";

/// The media type given to downloads.
pub const MEDIA_TYPE: &str = "application/x-talkback";

/// The largest file read: the header, the longest payload a link may carry
/// ([`link::MAX_FRAGMENT_CHARS`]) and room for line ends and a byte-order mark. Checked
/// before a file is read into memory.
pub const MAX_FILE_BYTES: usize = link::MAX_FRAGMENT_CHARS + 64;

/// The file holding `payload` (a link's fragment, without the `#`).
///
/// ```
/// use talkback_core::file::{read, write};
/// let text = write("AQEAAQ");
/// assert_eq!(text, "talkback-file 1\nAQEAAQ\n");
/// assert_eq!(read(text.as_bytes()), Ok("AQEAAQ"));
/// ```
pub fn write(payload: &str) -> String {
    let payload = payload.trim_start_matches('#');
    format!("{MAGIC} {VERSION}\n{payload}\n")
}

/// Why a file could not be opened (before its payload is decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileError {
    /// The file has nothing in it.
    Empty,
    /// Over [`MAX_FILE_BYTES`].
    TooLarge,
    /// Not a Talkback file (no header, or not text).
    NotTalkback,
    /// Written by a newer version of Talkback.
    NewerVersion,
    /// The header is there but the payload is missing, has characters a payload never
    /// has, or is followed by more text.
    Damaged,
}

impl FileError {
    /// Plain words for the page.
    pub fn message(self) -> &'static str {
        match self {
            FileError::Empty => "This file is empty. Ask the sender to save it again.",
            FileError::TooLarge => {
                "This file is too large to be a Talkback review (a review file is at most \
                 16 KB). Check that you picked the right file."
            }
            FileError::NotTalkback => {
                "This is not a Talkback file. A review file ends in .talkback and starts \
                 with the words \"talkback-file\"."
            }
            FileError::NewerVersion => {
                "This file was made by a newer version of Talkback. Reload the page to \
                 update, then open the file again."
            }
            FileError::Damaged => {
                "This file was changed or damaged, so the review in it cannot be trusted. \
                 Ask the sender to save it again."
            }
        }
    }
}

/// The payload inside a file's bytes, checked for shape (the review inside is checked
/// when the payload is decoded, as a link's is: [`link::decode`]). `bytes.len()` should
/// be checked against [`MAX_FILE_BYTES`] before reading the file; it is checked again.
///
/// # Errors
/// [`FileError`] saying what is wrong.
pub fn read(bytes: &[u8]) -> Result<&str, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::NotTalkback)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().trim_end();
    let version = header
        .strip_prefix(MAGIC)
        .and_then(|v| v.strip_prefix(' '))
        .ok_or(FileError::NotTalkback)?;
    match version.parse::<u32>() {
        Ok(VERSION) => {}
        Ok(v) if v > VERSION => return Err(FileError::NewerVersion),
        _ => return Err(FileError::Damaged),
    }
    let payload = lines.next().unwrap_or_default().trim_end();
    if payload.is_empty()
        || !payload.bytes().all(is_base64url)
        || lines.any(|l| !l.trim().is_empty())
    {
        return Err(FileError::Damaged);
    }
    Ok(payload)
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Words for a file whose payload [`link::decode`] refused (its messages speak of links).
pub fn decode_message(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Empty | ErrorKind::NotALink | ErrorKind::Damaged => FileError::Damaged.message(),
        ErrorKind::TooLarge => FileError::TooLarge.message(),
        ErrorKind::Truncated => {
            "This file is cut short: part of it was lost. Ask the sender to save it again."
        }
        ErrorKind::NewerVersion => FileError::NewerVersion.message(),
        ErrorKind::UnknownRubric => {
            "This review uses a rubric this version of Talkback does not have. Reload the \
             page to update."
        }
        ErrorKind::Invalid => {
            "This file holds a review that does not fit its rubric, so it cannot be shown. \
             Ask the sender to save it again."
        }
    }
}

/// A file name for a download: `stem.talkback`, the stem kept to letters, digits and
/// dashes (anything else becomes a dash) so no system refuses it.
///
/// ```
/// assert_eq!(talkback_core::file::file_name("Review: My talk!"), "review-my-talk.talkback");
/// ```
pub fn file_name(stem: &str) -> String {
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
        if name.len() >= 60 {
            break;
        }
    }
    let name = name.trim_end_matches('-');
    let name = if name.is_empty() { "talkback" } else { name };
    format!("{name}.{EXTENSION}")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::link::{decode, encode_fragment, SharedReview};
    use crate::rubric::preset;
    use crate::scoring::Review;

    fn shared() -> SharedReview {
        let mut review = Review::for_rubric(&preset("merit-expertise", 1).unwrap());
        review.answers = vec![Some(3), Some(1), None];
        review.author_comment = "Show one real cache bug.".into();
        SharedReview {
            review,
            proposal: Some("# Caching Without Tears\n\nDuration: 30 minutes\n".into()),
        }
    }

    #[test]
    fn a_review_round_trips_through_a_file() {
        let shared = shared();
        let payload = encode_fragment(&shared).unwrap();
        let text = write(&payload);
        assert!(text.starts_with("talkback-file 1\n"));
        assert_eq!(decode(read(text.as_bytes()).unwrap()).unwrap(), shared);
        // A `#` in front, as when the fragment of a link is passed, is not written.
        assert_eq!(write(&format!("#{payload}")), text);
    }

    #[test]
    fn what_editors_and_mail_programs_add_is_accepted() {
        let payload = encode_fragment(&shared()).unwrap();
        for text in [
            format!("\u{feff}talkback-file 1\n{payload}\n"),
            format!("talkback-file 1\r\n{payload}\r\n"),
            format!("talkback-file 1\n{payload}"),
            format!("talkback-file 1  \n{payload}  \n\n\n"),
        ] {
            assert_eq!(read(text.as_bytes()), Ok(payload.as_str()), "{text:?}");
        }
    }

    #[test]
    fn every_bad_file_gets_its_own_clear_error() {
        let payload = encode_fragment(&shared()).unwrap();
        let cases: [(&[u8], FileError); 13] = [
            (b"", FileError::Empty),
            (b" \n\n", FileError::Empty),
            (b"\xef\xbb\xbf", FileError::Empty),
            (b"\x89PNG\r\n\x1a\n\0\0\0", FileError::NotTalkback),
            (b"\xff\xfe\0t\0a", FileError::NotTalkback),
            (b"Dear Ann,\nhere is the review.\n", FileError::NotTalkback),
            (b"talkback-file\nAQ\n", FileError::NotTalkback),
            (b"talkback-file 2\nAQ\n", FileError::NewerVersion),
            (b"talkback-file one\nAQ\n", FileError::Damaged),
            (b"talkback-file 1\n", FileError::Damaged),
            (b"talkback-file 1\nAQ==\n", FileError::Damaged),
            (b"talkback-file 1\nAQ\nmore text\n", FileError::Damaged),
            (b"talkback-file 1\n<script>\n", FileError::Damaged),
        ];
        for (bytes, error) in cases {
            assert_eq!(
                read(bytes),
                Err(error),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        let huge = write(&"A".repeat(MAX_FILE_BYTES));
        assert_eq!(read(huge.as_bytes()), Err(FileError::TooLarge));
        // The longest payload a link may carry fits in a file.
        let longest = write(&"A".repeat(link::MAX_FRAGMENT_CHARS));
        assert!(longest.len() <= MAX_FILE_BYTES);
        assert!(read(longest.as_bytes()).is_ok());
        for e in [
            FileError::Empty,
            FileError::TooLarge,
            FileError::NotTalkback,
            FileError::NewerVersion,
            FileError::Damaged,
        ] {
            assert!(e.message().starts_with("This "), "{e:?}");
        }
        // A file whose payload is well-formed but changed fails the link's own checks.
        let mut changed = payload.into_bytes();
        let middle = changed.len() / 2;
        changed[middle] = if changed[middle] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap();
        let err = decode(read(write(&changed).as_bytes()).unwrap()).unwrap_err();
        assert!(
            decode_message(err.kind()).starts_with("This file"),
            "{err:?}"
        );
        // And one cut short is refused too, in words about a file.
        let cut = &encode_fragment(&shared()).unwrap()[..20];
        let err = decode(read(write(cut).as_bytes()).unwrap()).unwrap_err();
        assert!(
            decode_message(err.kind()).starts_with("This file"),
            "{err:?}"
        );
        assert!(decode_message(ErrorKind::Truncated).contains("cut short"));
    }

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(file_name("speaker feedback"), "speaker-feedback.talkback");
        assert_eq!(file_name("../../etc/passwd"), "etc-passwd.talkback");
        assert_eq!(file_name("¿¡!"), "talkback.talkback");
        assert!(file_name(&"a".repeat(500)).len() <= 60 + ".talkback".len());
    }
}
