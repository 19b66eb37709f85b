//! Words: a text split into words once, each folded once.

use std::ops::Range;

use crate::fold::push_folded;

pub(super) fn fold_str(s: &str) -> String {
    crate::fold::fold(s)
}

/// One word: a maximal run of letters and digits.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Range of the folded word in `Text::folded`.
    pub(super) folded: Range<usize>,
    /// Which of the scanned ranges it lies in.
    pub(super) region: usize,
    /// First char is upper case.
    pub(super) upper: bool,
    /// Only letters.
    pub(super) alpha: bool,
    /// Every letter upper case (an acronym, `GIL`).
    pub(super) caps: bool,
}

/// The words of some ranges of a source, folded once.
pub(super) struct Text<'a> {
    pub(super) src: &'a str,
    pub(super) toks: Vec<Tok>,
    pub(super) folded: String,
}

impl<'a> Text<'a> {
    pub(super) fn new(src: &'a str, ranges: &[Range<usize>]) -> Text<'a> {
        let mut toks = Vec::new();
        let mut folded = String::with_capacity(ranges.iter().map(ExactSizeIterator::len).sum());
        for (region, r) in ranges.iter().enumerate() {
            let Some(part) = src.get(r.clone()) else {
                continue;
            };
            let mut cur: Option<Tok> = None;
            for (off, c) in part.char_indices() {
                let at = r.start + off;
                if c.is_alphanumeric() {
                    let t = cur.get_or_insert_with(|| Tok {
                        start: at,
                        end: at,
                        folded: folded.len()..folded.len(),
                        region,
                        upper: c.is_uppercase(),
                        alpha: true,
                        caps: true,
                    });
                    t.end = at + c.len_utf8();
                    t.alpha &= c.is_alphabetic();
                    t.caps &= !c.is_lowercase();
                    push_folded(c, &mut folded);
                    t.folded.end = folded.len();
                } else if let Some(t) = cur.take() {
                    toks.push(t);
                }
            }
            if let Some(t) = cur.take() {
                toks.push(t);
            }
        }
        Text { src, toks, folded }
    }

    /// The folded word `i`.
    pub(super) fn word(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map_or("", |t| &self.folded[t.folded.clone()])
    }

    /// The source between word `i` and word `i + 1`, or `"\n\n"` when they
    /// are in different regions (or `i + 1` does not exist).
    pub(super) fn gap(&self, i: usize) -> &str {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) if a.region == b.region => &self.src[a.end..b.start],
            _ => "\n\n",
        }
    }

    /// Whether words `i` and `i + 1` are one line of prose hard-wrapped
    /// between them: the line is long (at least 60 bytes) and the next line
    /// is not a label ("Jane Doe\nYear: 2014" is a name, then a label).
    pub(super) fn wrapped(&self, i: usize) -> bool {
        let (Some(a), Some(b)) = (self.toks.get(i), self.toks.get(i + 1)) else {
            return false;
        };
        let gap = self.gap(i);
        if !matches!(gap, "\n" | " \n") {
            return false;
        }
        let line_start = self.src[..a.end].rfind('\n').map_or(0, |p| p + 1);
        let next_line = &self.src[b.start..];
        let label = next_line
            .split('\n')
            .next()
            .unwrap_or("")
            .split_once(':')
            .is_some_and(|(head, _)| head.split_whitespace().count() <= 3);
        a.end - line_start >= 60 && !label
    }

    /// The source before word `i` in its region, as far as the previous word.
    pub(super) fn gap_before(&self, i: usize) -> &str {
        if i == 0 {
            return "\n\n";
        }
        self.gap(i - 1)
    }
}

/// A gap that may join two words of one name: `Jesse Jiryu`, `Kaplan-Moss`,
/// `O'Higgins`, `A. Jesse`.
pub(super) fn joins_name(gap: &str) -> bool {
    // Never a line break: "Jane Doe\nYear: 2014" is a name and a label. Only
    // prose hard-wrapped mid-name joins across one (see `Text::wrapped`).
    matches!(gap, " " | "-" | "'" | "’" | ". " | "\u{a0}")
}
