//! A Markdown file of many proposals.
//!
//! **What separates them.** If the file has a line of three or more dashes
//! alone (`---`, a thematic break) outside code, those lines separate the
//! proposals, and each part may use any headings it likes. Otherwise each
//! level-1 heading (`# Title`) starts a proposal, and the proposals use `##`
//! or lower for their sections. Text before the first proposal (a file
//! heading, say, in the `---` form) that has no title of its own is an error,
//! not silently dropped.
//!
//! **Inside a proposal.** Anything `proposal::parse` reads: `# Title` (or
//! `Title: …`), `Track:`, `Format:`, `Level:`, `Duration:` lines, `##`
//! sections. Two lines of their own are read and taken out of the text:
//! `Code: …` (the CFP's code, for re-imports) and `State: …` (`withdrawn`…).
//! The `Speakers` and `Bio` fields are taken out of the text into
//! [`Imported::speakers`](super::Imported::speakers) (names split at commas,
//! ` and `, or lines).
//!
//! ```
//! use talkback_core::exchange::import;
//! let file = concat!(
//!     "# Faster tests\n\nCode: T-1\nSpeakers: Ada Example\n\n## Description\n\nHow.\n\n",
//!     "# Slower builds\n\nState: withdrawn\n\n## Description\n\nWhy.\n",
//! );
//! let i = import("talks.md", file.as_bytes()).unwrap();
//! assert_eq!(i.proposals.len(), 2);
//! assert_eq!(i.proposals[0].code.as_deref(), Some("T-1"));
//! assert_eq!(i.proposals[0].speaker_names(), ["Ada Example"]);
//! assert!(!i.proposals[0].text.contains("Ada"));
//! assert!(i.proposals[1].state.is_withdrawn());
//! ```

use std::ops::Range;

use super::text::{non_empty, one_line};
use super::{Format, Import, ImportError, Imported, ProposalState, Speaker, MAX_PROPOSALS};
use crate::lines::{scan, Kind};
use crate::proposal::{parse, FieldKind};

/// Whether `line` is a thematic break made of dashes (`---`, `- - -`).
fn is_break(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && t.bytes().all(|b| b == b'-') && line.len() - line.trim_start().len() < 4
}

/// The byte ranges of the proposals in `text`, each with its first line number.
fn parts(text: &str) -> Vec<(Range<usize>, usize)> {
    let lines: Vec<_> = scan(text).collect();
    let breaks = lines
        .iter()
        .any(|l| l.kind == Kind::Text && is_break(l.text));
    let mut out = Vec::new();
    let mut start = (0usize, 1usize);
    for (n, l) in lines.iter().enumerate() {
        let cut = if breaks {
            l.kind == Kind::Text && is_break(l.text)
        } else {
            l.kind == Kind::Heading(1)
        };
        if !cut {
            continue;
        }
        out.push((start.0..l.start, start.1));
        start = if breaks {
            (l.start + l.text.len(), n + 1)
        } else {
            (l.start, n + 1)
        };
    }
    out.push((start.0..text.len(), start.1));
    out.retain(|(r, _)| text.get(r.clone()).is_some_and(|t| !t.trim().is_empty()));
    out
}

/// Splits names as people write them: commas, ` and `, ` & `, lines.
fn names(value: &str) -> Vec<String> {
    value
        .split([',', '\n', '&', ';'])
        .flat_map(|s| s.split(" and "))
        .map(|s| s.trim().trim_start_matches(['-', '*']).trim())
        .filter_map(non_empty)
        .collect()
}

/// The range of the whole lines `span` touches.
fn whole_lines(text: &str, span: Range<usize>) -> Range<usize> {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i + 1);
    start..end
}

/// One proposal's text: its `Code:` / `State:` lines and `Speakers` / `Bio`
/// fields taken out.
fn read_one(part: &str) -> Imported {
    let mut code = None;
    let mut state = ProposalState::Submitted;
    let mut cut: Vec<Range<usize>> = Vec::new();
    for l in scan(part) {
        if l.kind != Kind::Text {
            continue;
        }
        let Some((key, value)) = l.text.split_once(':') else {
            continue;
        };
        match crate::fold::lower(key.trim()).as_str() {
            "code" => code = non_empty(value),
            "state" | "status" => state = ProposalState::from_word(value),
            _ => continue,
        }
        cut.push(whole_lines(part, l.start..l.start + l.text.len()));
    }
    let p = parse(part);
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut bio = String::new();
    for f in p.fields() {
        match f.kind {
            FieldKind::Speakers => {
                for name in names(p.value_of(f)) {
                    speakers.push(Speaker {
                        name,
                        ..Speaker::default()
                    });
                }
            }
            FieldKind::Bio => p.value_of(f).trim().clone_into(&mut bio),
            _ => continue,
        }
        let end = f.value.end.max(f.label.end);
        cut.push(whole_lines(part, f.label.start..end));
    }
    if !bio.is_empty() {
        match speakers.first_mut() {
            Some(s) => s.bio = bio,
            None => speakers.push(Speaker {
                bio,
                ..Speaker::default()
            }),
        }
    }
    crate::sort::sort_by_key(&mut cut, |r| r.start);
    let mut text = String::with_capacity(part.len());
    let mut at = 0;
    for r in cut {
        if r.start >= at {
            text.push_str(&part[at..r.start]);
            at = r.end;
        } else {
            at = at.max(r.end);
        }
    }
    text.push_str(&part[at.min(part.len())..]);
    // No runs of blank lines where lines were taken out.
    let mut clean = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        blank = if line.trim().is_empty() { blank + 1 } else { 0 };
        if blank < 2 {
            clean.push_str(line.trim_end());
            clean.push('\n');
        }
    }
    let clean = clean.trim_end().to_owned();
    let parsed = parse(&clean);
    let title = parsed.title().map(one_line).unwrap_or_default();
    Imported {
        code,
        title,
        speakers,
        track: parsed.text(FieldKind::Track).and_then(non_empty),
        submission_type: parsed.text(FieldKind::Format).and_then(non_empty),
        level: parsed.text(FieldKind::Level).and_then(non_empty),
        tags: Vec::new(),
        duration_minutes: parsed.duration_minutes(),
        state,
        text: clean,
    }
}

pub(super) fn read(text: &str) -> Result<Import, ImportError> {
    let mut import = Import::new(Format::Markdown);
    let parts = parts(text);
    if parts.len() > MAX_PROPOSALS {
        return Err(ImportError::new(
            Some(Format::Markdown),
            format!("it holds more than {MAX_PROPOSALS} proposals"),
        ));
    }
    for (n, (range, line)) in parts.into_iter().enumerate() {
        let part = text.get(range).unwrap_or_default();
        let p = read_one(part);
        if p.title.is_empty() {
            return Err(ImportError::new(
                Some(Format::Markdown),
                "this part has no title (each proposal starts with a # Title line, or proposals \
                 are separated by lines of ---)",
            )
            .at_line(line)
            .at_record(n + 1));
        }
        import.proposals.push(p);
    }
    Ok(import)
}
