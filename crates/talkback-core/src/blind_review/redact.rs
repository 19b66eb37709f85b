//! Redaction: the text with the chosen findings replaced, and the shared text.

use std::ops::Range;

use crate::proposal::Proposal;

use super::{is_shared, Leak};

/// `source` with the findings chosen by `which` replaced by their
/// suggested replacements. Findings must be sorted and non-overlapping, as
/// [`scan`](super::scan) returns them; others are skipped.
///
/// ```
/// use talkback_core::blind_review::{redact, scan, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Title\n\nI'm Jane Doe, write to jane@example.com.\n");
/// let found = scan(&p, &Names::default());
/// assert_eq!(
///     redact(p.source(), &found, |_| true),
///     "# Title\n\nI'm [speaker], write to [email].\n"
/// );
/// ```
pub fn redact(source: &str, findings: &[Leak], which: impl Fn(&Leak) -> bool) -> String {
    redact_ranges(source, findings, &which, &[])
}

/// The text reviewers get: `p`'s source without the speaker, bio and notes
/// fields and without the CFP form's help text pasted after a label
/// ([`Field::help`](crate::proposal::Field::help): the form's question is not
/// the speaker's answer), with the findings chosen by `which` replaced. The
/// editor keeps everything as pasted; only what is shared loses it.
///
/// ```
/// use talkback_core::blind_review::{redact_shared, scan, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Jane's tips\n\n## Speaker\n\nJane Doe\n\n## Description\n\nTips.\n");
/// let found = scan(&p, &Names::from_proposal(&p));
/// assert_eq!(redact_shared(&p, &found, |_| true), "# [speaker]'s tips\n\n## Description\n\nTips.\n");
/// ```
pub fn redact_shared(p: &Proposal, findings: &[Leak], which: impl Fn(&Leak) -> bool) -> String {
    let mut withheld: Vec<Range<usize>> = p
        .fields()
        .iter()
        .filter(|f| !is_shared(f.kind))
        .map(|f| {
            let start = f.label.start.min(f.value.start);
            let end = f
                .label
                .end
                .max(f.value.end)
                .max(f.help.as_ref().map_or(0, |h| h.end));
            start..end
        })
        .collect();
    withheld.extend(
        p.fields()
            .iter()
            .filter(|f| is_shared(f.kind))
            .filter_map(|f| f.help.clone()),
    );
    crate::sort::sort_by_key(&mut withheld, |r| r.start);
    let out = redact_ranges(p.source(), findings, &which, &withheld);
    // Removing a field leaves its blank lines behind.
    let mut tidy = String::with_capacity(out.len());
    let mut newlines = 0;
    for c in out.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else if c != ' ' && c != '\t' && c != '\r' {
            newlines = 0;
        }
        tidy.push(c);
    }
    let mut tidy = tidy.trim_start_matches('\n').trim_end().to_owned();
    if p.source().ends_with('\n') {
        tidy.push('\n');
    }
    tidy
}

/// Replaces the chosen findings and drops the `withheld` ranges (sorted).
pub(super) fn redact_ranges(
    source: &str,
    findings: &[Leak],
    which: &dyn Fn(&Leak) -> bool,
    withheld: &[Range<usize>],
) -> String {
    enum Edit<'f> {
        Replace(&'f str),
        Drop,
    }
    let mut edits: Vec<(Range<usize>, Edit)> = findings
        .iter()
        .filter(|f| which(f))
        .map(|f| (f.span.clone(), Edit::Replace(&f.replacement)))
        .chain(withheld.iter().map(|r| (r.clone(), Edit::Drop)))
        .collect();
    crate::sort::sort_by(&mut edits, |a, b| {
        a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end))
    });
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for (span, edit) in edits {
        if span.start < pos
            || span.end > source.len()
            || span.start > span.end
            || !source.is_char_boundary(span.start)
            || !source.is_char_boundary(span.end)
        {
            continue;
        }
        out.push_str(&source[pos..span.start]);
        if let Edit::Replace(r) = edit {
            out.push_str(r);
        }
        pos = span.end;
    }
    out.push_str(&source[pos..]);
    out
}
