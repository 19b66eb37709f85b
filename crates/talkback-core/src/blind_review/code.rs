//! Code spans: fenced blocks and inline code, where names and handles are not looked for.

use std::ops::Range;

use crate::lines::{self, Kind};

/// Byte ranges of fenced code blocks and inline code spans (backticks
/// included), sorted. Fences are read by the one line scanner
/// ([`crate::lines`]) that the parser and the checks use.
///
/// A fence that is never closed runs to the end of the draft for the parser
/// and the preview, but it is not skipped here: a forgotten closing line
/// is where prose ends up "in code", and a share link still carries that
/// text for reviewers to read. Its text is scanned like prose.
pub(super) fn code_ranges(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut para_start = 0;
    for line in lines::scan(src) {
        let end = (line.start + line.text.len()).min(src.len());
        match (line.kind, open) {
            (Kind::Fence, None) => {
                inline_code(src, para_start..line.start, &mut out);
                open = Some(line.start);
            }
            (Kind::Fence, Some(start)) => {
                out.push(start..end);
                open = None;
                para_start = end;
            }
            (Kind::Blank, None) => {
                inline_code(src, para_start..line.start, &mut out);
                para_start = end;
            }
            _ => {}
        }
    }
    // With a fence left open, `para_start` is before its opener: the rest
    // is read as one paragraph of prose (its inline code still counts).
    inline_code(src, para_start..src.len(), &mut out);
    crate::sort::sort_by_key(&mut out, |r| r.start);
    out
}

/// Inline code spans of one paragraph.
pub(super) fn inline_code(src: &str, para: Range<usize>, out: &mut Vec<Range<usize>>) {
    let b = src.as_bytes();
    let mut i = para.start;
    while i < para.end {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let len = b[i..para.end].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + len;
        let mut closed = None;
        while j < para.end {
            if b[j] == b'`' {
                let l = b[j..para.end].iter().take_while(|&&c| c == b'`').count();
                if l == len {
                    closed = Some(j + l);
                    break;
                }
                j += l;
            } else {
                j += 1;
            }
        }
        if let Some(end) = closed {
            out.push(i..end);
            i = end;
        } else {
            i += len;
        }
    }
}
