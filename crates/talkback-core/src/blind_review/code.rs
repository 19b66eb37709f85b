//! Code spans: fenced blocks and inline code, where names and handles are not looked for.

use std::ops::Range;

/// Byte ranges of fenced code blocks and inline code spans (backticks
/// included), sorted.
///
/// A fence opener that is never closed is not a fence: the parser reads it
/// that way (a fence typed half-way must not swallow the rest of the draft),
/// so the check scans the text after it too.
pub(super) fn code_ranges(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None; // (char, length, start)
    let mut pos = 0;
    let mut para_start = 0;
    for line in src.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let run = |c: u8| trimmed.bytes().take_while(|&b| b == c).count();
        if let Some((c, len, fstart)) = fence {
            if indent < 4 && run(c) >= len && trimmed[run(c)..].trim().is_empty() {
                out.push(fstart..pos);
                fence = None;
                para_start = pos;
            }
            continue;
        }
        if indent < 4 {
            for c in [b'`', b'~'] {
                if run(c) >= 3
                    && !(c == b'`' && trimmed[run(c)..].contains('`'))
                    && closed_later(&src[pos..], c, run(c))
                {
                    inline_code(src, para_start..start, &mut out);
                    fence = Some((c, run(c), start));
                    break;
                }
            }
            if fence.is_some() {
                continue;
            }
        }
        if line.trim().is_empty() {
            inline_code(src, para_start..start, &mut out);
            para_start = pos;
        }
    }
    if let Some((_, _, fstart)) = fence {
        out.push(fstart..src.len());
    } else {
        inline_code(src, para_start..src.len(), &mut out);
    }
    crate::sort::sort_by_key(&mut out, |r| r.start);
    out
}

/// Whether `rest` has a line that closes a fence of `len` or more `c`s.
fn closed_later(rest: &str, c: u8, len: usize) -> bool {
    rest.split_inclusive('\n').any(|line| {
        let trimmed = line.trim_start_matches(' ');
        let run = trimmed.bytes().take_while(|&b| b == c).count();
        line.len() - trimmed.len() < 4 && run >= len && trimmed[run..].trim().is_empty()
    })
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
