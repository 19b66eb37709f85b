//! CFP exports in, reviews out: the file formats of the tools committees use.
//!
//! # In: [`import`]
//!
//! `import(file_name, bytes)` recognises the file by its content (the name only
//! breaks a tie: `.md` for Markdown) and reads every proposal into an
//! [`Imported`]:
//!
//! | [`Format`] | recognised by | read |
//! |---|---|---|
//! | pretalx API JSON | an object with `results` (a page of the API), or a list of objects with `code` | `code`, `title`, `abstract`, `description`, `notes`, `duration`, `submission_type`, `track`, `tags`, `state`, `speakers[]` (`code`, `name`, `email`, `biography`, or codes only); text fields as strings or per-language objects (`{"en": …}`: English, else the first language); `next` and `count` of a page |
//! | pretalx CSV / JSON export | a header with `ID` and `Proposal title` (or `Title`) | `ID`, `Proposal title`, `Session type`, `Track`, `Tags`, `Abstract`, `Description`, `Notes`, `Duration`, `Proposal state`, `Speaker names`, `Speaker IDs`; other columns (questions) as extra sections |
//! | PaperCall JSON | a list of objects with `talk` (the API) or `talk_format` / `audience_level` (the flat export) | `id`, `title`, `abstract`, `description`, `notes`, `talk_format`, `audience_level`, `tags` / `tag_list`, `state`, `name`, `email`, `bio` (or `profile` and `co_presenter_profiles`) |
//! | Sessionize CSV | a header with `Session Id` | `Session Id`, `Title`, `Description`, `Owner`, `Owner Email`, `Speakers`, `Session format`, `Track`, `Level`, `Status`, `Tags`; other columns (custom questions) as extra sections |
//! | HotCRP JSON | a list of objects (or one object) with `pid` | `pid`, `title`, `abstract`, `authors[]` (`first`, `last`, `name`, `email`), `topics`, `status` / `withdrawn` |
//! | Markdown | `.md` / `.markdown`, or text that starts with a `# ` heading | one proposal per level-1 heading (`# Title`), or per part between lines of `---` (see [`markdown`]) |
//!
//! What is dropped: avatars, images, slots and rooms, ratings, internal notes,
//! pretalx question answers in the API form (`answers`), speaker profile fields
//! other than name, e-mail and biography. [`Import::notes`] says what a file had
//! that was not read.
//!
//! The text ([`Imported::text`]) is the proposal as Markdown with the labels
//! `proposal::parse` reads, so the checks run on it: `# Title`, `Track:`,
//! `Format:`, `Duration: N minutes`, `Level:` lines, extra sections, then
//! `## Summary` (the CFP's short abstract), `## Detailed description`,
//! `## Notes for reviewers`. The speakers are **not** in it (blind review by
//! construction): they are in [`Imported::speakers`];
//! [`Imported::text_with_speakers`] adds `## Speakers` and `## Bio` when the
//! reviewer reveals them.
//!
//! Several pages of a paginated pretalx export: [`combine`].
//!
//! # Again: [`reconcile`]
//!
//! A re-import is matched against what the workspace holds by CFP code (else
//! by content hash, else by title): new, changed since the review, unchanged,
//! withdrawn, missing from the file.
//!
//! # Out: [`export`]
//!
//! Review links for the committee (one a line), pretalx-shaped review CSV,
//! HotCRP offline review forms, and reading those forms back.
//!
//! Every input is attacker-controlled: sizes are capped before work
//! ([`MAX_IMPORT_BYTES`], [`MAX_PROPOSALS`]), nothing panics, and an error says
//! what the file looked like, what is wrong and where ([`ImportError`]).

use std::fmt::{self, Write as _};

use crate::link::ProposalRef;

mod csv;
pub mod export;
mod hotcrp;
pub mod markdown;
mod papercall;
mod pretalx;
mod reconcile;
mod record;
mod sessionize;
#[cfg(test)]
mod tests;
mod text;

pub use self::export::{
    hotcrp_forms, parse_hotcrp_forms, pretalx_review_csv, review_links, title_stub, Exported,
    FormReview, ReviewRow,
};
pub use self::reconcile::{reconcile, Change, Known};

/// Largest file [`import`] reads, in bytes (16 MiB: a thousand proposals take
/// about 4 MB).
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;
/// Most proposals one file (or one [`combine`]) may hold.
pub const MAX_PROPOSALS: usize = 10_000;

/// The shapes [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// pretalx's API (`/api/events/…/submissions/`): JSON with `results`.
    PretalxJson,
    /// pretalx's organiser export as CSV (or the same export as JSON).
    PretalxCsv,
    /// PaperCall's API or its JSON download.
    PaperCallJson,
    /// Sessionize's sessions export saved as CSV.
    SessionizeCsv,
    /// HotCRP's paper JSON.
    HotcrpJson,
    /// A Markdown file of many proposals.
    Markdown,
}

impl Format {
    /// The name shown to people, e.g. `"pretalx JSON"`.
    pub fn label(self) -> &'static str {
        match self {
            Format::PretalxJson => "pretalx JSON",
            Format::PretalxCsv => "pretalx CSV",
            Format::PaperCallJson => "PaperCall JSON",
            Format::SessionizeCsv => "Sessionize CSV",
            Format::HotcrpJson => "HotCRP JSON",
            Format::Markdown => "Markdown",
        }
    }
}

/// Where a proposal stands in the CFP tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum ProposalState {
    /// Submitted, not decided (also: no state in the file).
    #[default]
    Submitted,
    /// Accepted (pretalx `accepted`, HotCRP accepted decision…).
    Accepted,
    /// Accepted and confirmed by the speaker.
    Confirmed,
    /// Rejected.
    Rejected,
    /// Withdrawn by the speaker.
    Withdrawn,
    /// Cancelled or deleted after acceptance.
    Canceled,
    /// Anything else, as the file says it (lower case).
    Other(String),
}

impl ProposalState {
    /// Reads a state word as CFP tools write it (`submitted`, `withdrawn`,
    /// `Accept_Queue`…), case-insensitively.
    pub fn from_word(word: &str) -> ProposalState {
        let w = crate::fold::lower(word.trim());
        match w.as_str() {
            "" | "submitted" | "new" | "nominated" | "undecided" | "in review" | "review" => {
                ProposalState::Submitted
            }
            "accepted" | "accept" | "accept_queue" | "accept queue" => ProposalState::Accepted,
            "confirmed" => ProposalState::Confirmed,
            "rejected" | "reject" | "declined" | "decline" | "waitlisted" => {
                ProposalState::Rejected
            }
            "withdrawn" | "withdraw" => ProposalState::Withdrawn,
            "canceled" | "cancelled" | "deleted" => ProposalState::Canceled,
            _ => ProposalState::Other(w),
        }
    }

    /// Whether the proposal is out of the running by the speaker's or the
    /// organisers' hand (withdrawn, cancelled, deleted): a workspace marks it
    /// withdrawn.
    pub fn is_withdrawn(&self) -> bool {
        matches!(self, ProposalState::Withdrawn | ProposalState::Canceled)
    }

    /// The word shown in the list, e.g. `"withdrawn"`.
    pub fn label(&self) -> &str {
        match self {
            ProposalState::Submitted => "submitted",
            ProposalState::Accepted => "accepted",
            ProposalState::Confirmed => "confirmed",
            ProposalState::Rejected => "rejected",
            ProposalState::Withdrawn => "withdrawn",
            ProposalState::Canceled => "canceled",
            ProposalState::Other(w) => w,
        }
    }
}

/// A speaker as the export gives them. Any part may be empty (pretalx can
/// give speakers as codes only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Speaker {
    /// The CFP tool's code for the speaker (pretalx), if any.
    pub code: Option<String>,
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Biography, as written.
    pub bio: String,
}

/// One proposal read from an export.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Imported {
    /// The CFP tool's code: pretalx `code`, PaperCall `id`, Sessionize
    /// `Session Id`, HotCRP `pid`; `None` in Markdown files without a
    /// `Code:` line.
    pub code: Option<String>,
    /// The title (one line).
    pub title: String,
    /// The proposal as Markdown, without the speakers (see the module docs).
    pub text: String,
    /// The speakers, in the export's order.
    pub speakers: Vec<Speaker>,
    /// Track or category.
    pub track: Option<String>,
    /// Session type / talk format.
    pub submission_type: Option<String>,
    /// Audience level as written (`beginner`, `All`…).
    pub level: Option<String>,
    /// Tags (HotCRP topics).
    pub tags: Vec<String>,
    /// Length in minutes.
    pub duration_minutes: Option<u32>,
    /// State in the CFP tool.
    pub state: ProposalState,
}

impl Imported {
    /// The reference a review link carries: the code and the first 16 bytes
    /// of SHA-256 of [`Imported::text`].
    pub fn reference(&self) -> ProposalRef {
        ProposalRef::of(&self.text, self.code.as_deref())
    }

    /// The content hash of [`Imported::text`] (what [`reconcile`] compares).
    pub fn content_hash(&self) -> [u8; 16] {
        self.reference().hash.unwrap_or_default()
    }

    /// The text with `## Speakers` (names) and `## Bio` (each speaker's
    /// biography) added: what the reviewer sees after revealing the speakers.
    pub fn text_with_speakers(&self) -> String {
        text::with_speakers(&self.text, &self.speakers)
    }

    /// The speakers' names, for the blind-review check's given names.
    pub fn speaker_names(&self) -> Vec<String> {
        self.speakers
            .iter()
            .filter(|s| !s.name.trim().is_empty())
            .map(|s| s.name.trim().to_owned())
            .collect()
    }
}

/// What [`import`] read from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The shape recognised.
    pub format: Format,
    /// The proposals, in file order.
    pub proposals: Vec<Imported>,
    /// pretalx pagination: the address of the next page, if the file is a
    /// page that has one (import that file too, then [`combine`]).
    pub next: Option<String>,
    /// pretalx pagination: how many proposals all pages hold together.
    pub total: Option<usize>,
    /// What the file had that was not read, in plain words (each once), e.g.
    /// `"speakers are given as codes only: their names are not in this file"`.
    pub notes: Vec<String>,
}

impl Import {
    pub(crate) fn new(format: Format) -> Import {
        Import {
            format,
            proposals: Vec::new(),
            next: None,
            total: None,
            notes: Vec::new(),
        }
    }

    pub(crate) fn note(&mut self, note: &str) {
        if !self.notes.iter().any(|n| n == note) {
            self.notes.push(note.to_owned());
        }
    }

    /// Whether every page of a paginated export is here: no `next`, and as
    /// many proposals as the pages' `count` says (when it says).
    pub fn is_complete(&self) -> bool {
        self.next.is_none() && self.total.is_none_or(|t| self.proposals.len() >= t)
    }
}

/// Why a file could not be imported: what it looked like, what is wrong and
/// where. [`ImportError::message`] (also `Display`) says it in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The format the file looked like, if any.
    pub looked_like: Option<Format>,
    /// What is wrong, in plain words.
    pub problem: String,
    /// Line (from 1) where the problem is, when known.
    pub line: Option<usize>,
    /// Proposal (record, from 1) where the problem is, when known.
    pub record: Option<usize>,
}

impl ImportError {
    pub(crate) fn new(looked_like: Option<Format>, problem: impl Into<String>) -> ImportError {
        ImportError {
            looked_like,
            problem: problem.into(),
            line: None,
            record: None,
        }
    }

    pub(crate) fn at_line(mut self, line: usize) -> ImportError {
        self.line = Some(line);
        self
    }

    pub(crate) fn at_record(mut self, record: usize) -> ImportError {
        self.record = Some(record);
        self
    }

    /// The whole message for the page, e.g. "This looks like a Sessionize
    /// CSV file, but line 7 (proposal 6): a quoted field is never closed."
    pub fn message(&self) -> String {
        let mut out = match self.looked_like {
            Some(f) => format!("This looks like a {} file, but ", f.label()),
            None => String::from("Talkback cannot read this file: "),
        };
        match (self.line, self.record) {
            (Some(l), Some(r)) => {
                let _ = write!(out, "line {l} (proposal {r}): ");
            }
            (Some(l), None) => {
                let _ = write!(out, "line {l}: ");
            }
            (None, Some(r)) => {
                let _ = write!(out, "proposal {r}: ");
            }
            (None, None) => {}
        }
        out.push_str(&self.problem);
        if !out.ends_with('.') {
            out.push('.');
        }
        out
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ImportError {}

/// Reads a CFP export: recognises its shape and reads every proposal.
///
/// `file_name` is only a hint (`.md` → Markdown when the content could be
/// either); the content decides. A leading byte-order mark is skipped.
///
/// # Errors
///
/// An [`ImportError`] when the file is too large, not UTF-8 text, of a shape
/// Talkback does not know, or malformed (with the line or proposal), or
/// holds no proposal.
///
/// ```
/// use talkback_core::exchange::{import, Format};
/// let file = br#"{"count": 1, "next": null, "results": [{"code": "ABC123",
///   "title": {"en": "Faster tests"}, "abstract": "How we cut CI time.",
///   "speakers": [{"code": "X1", "name": "Ada Example", "biography": "Tester."}],
///   "state": "submitted", "duration": 30}]}"#;
/// let read = import("submissions.json", file).unwrap();
/// assert_eq!(read.format, Format::PretalxJson);
/// let p = &read.proposals[0];
/// assert_eq!((p.code.as_deref(), p.title.as_str()), (Some("ABC123"), "Faster tests"));
/// assert!(p.text.starts_with("# Faster tests\n"));
/// assert!(!p.text.contains("Ada Example")); // blind by default
/// assert_eq!(p.speaker_names(), ["Ada Example"]);
///
/// let err = import("notes.txt", b"just some words").unwrap_err();
/// assert!(err.message().starts_with("Talkback cannot read this file"));
/// ```
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Import, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::new(
            None,
            format!(
                "it is {} MB; the largest file Talkback imports is {} MB",
                bytes.len().div_ceil(1024 * 1024),
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(ImportError::new(
            None,
            "it is a zip archive (an Excel workbook?). Save the sheet as CSV (UTF-8) and import that",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .fold(1usize, |n, &b| n + usize::from(b == b'\n'));
            return Err(ImportError::new(
                None,
                "it is not UTF-8 text (save it as UTF-8, or export it again)",
            )
            .at_line(line));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(ImportError::new(None, "it is empty"));
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| crate::fold::lower(e));
    let markdown_name = matches!(extension.as_deref(), Some("md" | "markdown"));
    let import = if trimmed.starts_with(['{', '[']) && !markdown_name {
        json_import(text)?
    } else if markdown_name || trimmed.starts_with("# ") || trimmed.starts_with("---") {
        markdown::read(text)?
    } else if let Some(format) = csv::sniff(text) {
        match format {
            Format::SessionizeCsv => sessionize::read_csv(text)?,
            _ => pretalx::read_csv(text)?,
        }
    } else {
        return Err(ImportError::new(
            None,
            "it is neither JSON from pretalx, PaperCall or HotCRP, nor a CSV export from pretalx \
             (a header with ID and Proposal title) or Sessionize (a header with Session Id), \
             nor Markdown proposals (each starting with a # Title line)",
        ));
    };
    if import.proposals.is_empty() && import.next.is_none() {
        return Err(ImportError::new(
            Some(import.format),
            "it holds no proposal",
        ));
    }
    Ok(import)
}

/// JSON: parse, then tell the tools apart by their keys.
fn json_import(text: &str) -> Result<Import, ImportError> {
    let value = crate::json::parse_up_to(text, MAX_IMPORT_BYTES).map_err(|e| {
        ImportError::new(None, format!("it is not valid JSON: {}", e.kind.message()))
            .at_line(e.line)
    })?;
    let items: &[crate::json::Value] = match &value {
        crate::json::Value::Array(items) => items,
        crate::json::Value::Object(_) => {
            if value.get("results").is_some() {
                return pretalx::read_page(&value);
            }
            std::slice::from_ref(&value)
        }
        crate::json::Value::Null
        | crate::json::Value::Bool(_)
        | crate::json::Value::Number(_)
        | crate::json::Value::String(_) => {
            return Err(ImportError::new(
                None,
                format!(
                    "it is JSON holding {}, not a list of proposals",
                    value.type_name()
                ),
            ))
        }
    };
    let Some(first) = items
        .iter()
        .find(|v| matches!(v, crate::json::Value::Object(_)))
    else {
        return Err(ImportError::new(
            None,
            "it is JSON, but holds no proposal (an empty list, or a list without objects)",
        ));
    };
    let has = |k: &str| first.get(k).is_some();
    if has("pid") {
        hotcrp::read(items)
    } else if has("talk") || has("talk_format") || has("audience_level") || has("profile") {
        papercall::read(items)
    } else if has("code") {
        pretalx::read_items(items, Import::new(Format::PretalxJson))
    } else if has("ID") {
        pretalx::read_export_json(items)
    } else {
        Err(ImportError::new(
            None,
            "it is JSON, but not a shape Talkback knows: pretalx (results, or proposals with a \
             code), PaperCall (talk, talk_format) or HotCRP (pid)",
        )
        .at_record(1))
    }
}

/// Joins the pages of a paginated pretalx export (each read by [`import`])
/// into one import: proposals in page order, a code seen twice kept once
/// (the later page wins), `next` and `total` of the pages taken together
/// (`next` is `None` when a page without one is among them).
///
/// # Errors
///
/// When the pages are not all of one format.
///
/// ```
/// use talkback_core::exchange::{combine, import};
/// let a = br#"{"count": 2, "next": "https://x.example/api?page=2", "results": [{"code": "A1", "title": "One"}]}"#;
/// let b = br#"{"count": 2, "next": null, "results": [{"code": "B2", "title": "Two"}]}"#;
/// let first = import("page1.json", a).unwrap();
/// assert!(!first.is_complete());
/// let both = combine(vec![first, import("page2.json", b).unwrap()]).unwrap();
/// assert_eq!(both.proposals.len(), 2);
/// assert!(both.is_complete());
/// ```
pub fn combine(pages: Vec<Import>) -> Result<Import, ImportError> {
    let mut pages = pages.into_iter();
    let Some(mut out) = pages.next() else {
        return Err(ImportError::new(None, "no file was given"));
    };
    let mut last_page = out.next.is_none();
    for page in pages {
        if page.format != out.format {
            return Err(ImportError::new(
                Some(out.format),
                format!("another of the files is {}", page.format.label()),
            ));
        }
        last_page |= page.next.is_none();
        if out.next.is_some() {
            out.next.clone_from(&page.next);
        }
        out.total = match (out.total, page.total) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for note in &page.notes {
            out.note(note);
        }
        for p in page.proposals {
            if let Some(code) = &p.code {
                out.proposals.retain(|q| q.code.as_ref() != Some(code));
            }
            if out.proposals.len() >= MAX_PROPOSALS {
                return Err(ImportError::new(
                    Some(out.format),
                    format!("together they hold more than {MAX_PROPOSALS} proposals"),
                ));
            }
            out.proposals.push(p);
        }
    }
    if last_page {
        out.next = None;
    }
    Ok(out)
}
