//! The one Markdown line scanner shared by the proposal parser, the checks and
//! the blind-review scan: lines with their byte offsets, code fences, ATX
//! headings and list items, read the same way everywhere.
//!
//! Fences follow `CommonMark`: a line of three or more `` ` `` or `~` (indented at
//! most three spaces) opens a fence, which closes at a line of only the same
//! character, at least as many; **an unclosed fence runs to the end of the
//! document**. Every user of this module sees the same code lines.
//!
//! ```
//! use talkback_core::lines::{scan, Kind};
//!
//! let src = "# Title\n\n- a point\n```\n@handle\n";
//! let kinds: Vec<Kind> = scan(src).map(|l| l.kind).collect();
//! assert_eq!(
//!     kinds,
//!     [Kind::Heading(1), Kind::Blank, Kind::ListItem, Kind::Fence, Kind::Code]
//! );
//! // The unclosed fence runs to the end: `@handle` is code.
//! assert_eq!(talkback_core::lines::code_blocks(src), vec![src.find("```").unwrap()..src.len()]);
//! ```

use std::ops::Range;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Empty or only whitespace (outside a fence).
    Blank,
    /// A fence's opening or closing line.
    Fence,
    /// A line inside a fence (blank or not).
    Code,
    /// An ATX heading (`#` … `######`) of this level.
    Heading(u8),
    /// A list item (`- `, `* `, `+ `, `1. `, `1) `), indented at most three spaces.
    ListItem,
    /// Any other line.
    Text,
}

/// One line of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line without its `\n` or `\r\n`.
    pub text: &'a str,
    /// Byte offset of the line's start in the scanned text.
    pub start: usize,
    /// What the line is.
    pub kind: Kind,
}

/// Lines of `src` with the byte offset of each (no line breaks; `\r\n` aware).
pub fn lines(src: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut offset = 0;
    src.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        (line, start)
    })
}

/// Leading spaces (at most three, as in `CommonMark`), else `None`.
pub fn block_indent(line: &str) -> Option<usize> {
    let n = line.bytes().take_while(|&b| b == b' ').count();
    (n <= 3).then_some(n)
}

/// An ATX heading: `(level, text start, text end)` relative to the line.
pub fn atx_heading(line: &str) -> Option<(usize, usize, usize)> {
    let indent = block_indent(line)?;
    let rest = &line[indent..];
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let after = &rest[hashes..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = after.trim();
    let start = if text.is_empty() {
        line.len()
    } else {
        indent + hashes + (after.len() - after.trim_start().len())
    };
    Some((hashes, start, start + text.len()))
}

/// A setext underline: `Some(1)` for `===`, `Some(2)` for `---`.
pub fn setext_underline(line: &str) -> Option<usize> {
    let indent = block_indent(line)?;
    let t = line[indent..].trim_end();
    let first = t.bytes().next()?;
    if (first != b'=' && first != b'-') || t.len() < 2 || t.bytes().any(|b| b != first) {
        return None;
    }
    Some(if first == b'=' { 1 } else { 2 })
}

/// A code fence opener: `(char, length)`.
pub fn fence(line: &str) -> Option<(u8, usize)> {
    let indent = block_indent(line)?;
    let rest = &line[indent..];
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    if n < 3 || (c == b'`' && rest[n..].contains('`')) {
        return None;
    }
    Some((c, n))
}

/// Whether `line` closes a fence opened with `(c, n)`.
pub fn closes(line: &str, (c, n): (u8, usize)) -> bool {
    fence(line).is_some_and(|(c2, n2)| c2 == c && n2 >= n && line.trim().bytes().all(|b| b == c))
}

/// Length of a list marker (`- `, `* `, `+ `, `1. `, `1) `) at the start of `s`.
pub fn list_marker_len(s: &str) -> usize {
    let b = s.as_bytes();
    match b.first() {
        Some(b'-' | b'*' | b'+') if matches!(b.get(1), Some(b' ' | b'\t')) => 2,
        Some(c) if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits <= 3
                && matches!(b.get(digits), Some(b'.' | b')'))
                && matches!(b.get(digits + 1), Some(b' ' | b'\t'))
            {
                digits + 2
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// The lines of `src`, classified; see the module docs for fences.
pub fn scan(src: &str) -> impl Iterator<Item = Line<'_>> {
    let mut open: Option<(u8, usize)> = None;
    lines(src).map(move |(text, start)| {
        let kind = if let Some(f) = open {
            if closes(text, f) {
                open = None;
                Kind::Fence
            } else {
                Kind::Code
            }
        } else if text.trim().is_empty() {
            Kind::Blank
        } else if let Some(f) = fence(text) {
            open = Some(f);
            Kind::Fence
        } else if let Some((level, _, _)) = atx_heading(text) {
            // `level` is 1..=6.
            Kind::Heading(u8::try_from(level).unwrap_or(6))
        } else if block_indent(text).is_some_and(|i| list_marker_len(&text[i..]) > 0) {
            Kind::ListItem
        } else {
            Kind::Text
        };
        Line { text, start, kind }
    })
}

/// Byte ranges of the fenced code blocks of `src`, fence lines included; an
/// unclosed fence's block runs to the end of `src`.
pub fn code_blocks(src: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<usize> = None;
    for line in scan(src) {
        let end = (line.start + line.text.len()).min(src.len());
        match (line.kind, current) {
            (Kind::Fence, None) => current = Some(line.start),
            (Kind::Fence, Some(s)) => {
                out.push(s..end);
                current = None;
            }
            _ => {}
        }
    }
    if let Some(s) = current {
        out.push(s..src.len());
    }
    out
}

/// Whether byte `offset` lies in one of `blocks` (as returned by [`code_blocks`]).
pub fn in_code(blocks: &[Range<usize>], offset: usize) -> bool {
    blocks.iter().any(|b| b.contains(&offset))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn fences_close_only_on_a_matching_line_and_unclosed_runs_to_the_end() {
        let src = "a\n````rust\n```\nstill code\n````\nafter\n~~~\n@me\n\n## Not a heading\n";
        let kinds: Vec<Kind> = scan(src).map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Text,
                Kind::Fence,
                Kind::Code,
                Kind::Code,
                Kind::Fence,
                Kind::Text,
                Kind::Fence,
                Kind::Code,
                Kind::Code,
                Kind::Code,
            ]
        );
        let blocks = code_blocks(src);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[1].end, src.len());
        assert!(in_code(&blocks, src.find("@me").unwrap()));
        assert!(!in_code(&blocks, src.find("after").unwrap()));
    }

    #[test]
    fn headings_list_items_and_offsets() {
        let src = "#Title\r\n# Real\n   - item\n    - too deep\n12) twelve\n";
        let got: Vec<(Kind, usize)> = scan(src).map(|l| (l.kind, l.start)).collect();
        assert_eq!(
            got,
            [
                (Kind::Text, 0),
                (Kind::Heading(1), 8),
                (Kind::ListItem, 15),
                (Kind::Text, 25),
                (Kind::ListItem, 40),
            ]
        );
        assert_eq!(scan(src).next().unwrap().text, "#Title");
    }
}
