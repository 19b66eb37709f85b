//! Canonical Markdown of a proposal (what a share link carries).

use super::fields::{label_kind, looks_like_help};
use super::parser::key_value;
use super::values::parse_duration_minutes;
use super::{Field, FieldKind, Proposal};
use crate::lines::{atx_heading, lines, scan, Kind};

// ---------------------------------------------------------------------------
// Canonical Markdown
// ---------------------------------------------------------------------------

/// Whether `text` contains a blank line.
pub(super) fn has_blank_line(text: &str) -> bool {
    lines(text).any(|(l, _)| l.trim().is_empty())
}

/// Whether `# {title}` parses back as exactly this title.
pub(super) fn title_heading_round_trips(title: &str) -> bool {
    if title.contains(['\n', '\r']) || label_kind(title).is_some() {
        return false;
    }
    let line = format!("# {title}");
    match atx_heading(&line) {
        Some((1, s, e)) => &line[s..e] == title && key_value(title).is_none(),
        _ => false,
    }
}

/// Writes the proposal in canonical form: a `# Title` line, `Key: value`
/// lines for short fields (duration as `N minutes`, level, track, format,
/// audience), the body, then `## Label` sections for long fields
/// (description, abstract, outline, takeaways, prerequisites, notes,
/// speakers, bio) and for any field whose value spans paragraphs.
///
/// The body comes before the sections (not after them) so that it parses
/// back as body rather than as part of the last section.
/// `parse(&to_markdown(&p))` has the same field kinds and values as `p`.
pub fn to_markdown(p: &Proposal) -> String {
    let mut out = String::with_capacity(p.source.len() + 64);
    let mut sections: Vec<&Field> = Vec::new();
    let mut inline: Vec<&Field> = Vec::new();
    let titles = p
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Title)
        .count();
    for &kind in &FieldKind::ALL {
        for f in p.fields.iter().filter(|f| f.kind == kind) {
            let v = p.slice(&f.value);
            if v.is_empty() || has_blank_line(v) {
                sections.push(f);
            } else if kind == FieldKind::Title && titles == 1 && title_heading_round_trips(v) {
                out.push_str("# ");
                out.push_str(v);
                out.push_str("\n\n");
            } else if !v.contains('\n')
                && (kind.is_inline_in_markdown() || looks_like_help(v, false))
            {
                inline.push(f);
            } else {
                sections.push(f);
            }
        }
    }
    for f in &inline {
        let v = p.slice(&f.value);
        out.push_str(f.kind.label());
        out.push_str(": ");
        match (f.kind, parse_duration_minutes(v)) {
            (FieldKind::Duration, Some(m)) => {
                out.push_str(&m.to_string());
                out.push_str(" minutes");
            }
            _ => out.push_str(v),
        }
        out.push('\n');
    }
    if !inline.is_empty() {
        out.push('\n');
    }
    for chunk in p.body() {
        out.push_str(chunk);
        out.push_str("\n\n");
    }
    for f in sections {
        // A value holding a level-2 heading goes under a level-1 label heading,
        // so that its subheading stays inside it when read back.
        let top = scan(p.slice(&f.value))
            .filter_map(|l| match l.kind {
                Kind::Heading(n) => Some(n),
                _ => None,
            })
            .min();
        out.push_str(if top.is_some_and(|n| n <= 2) {
            "# "
        } else {
            "## "
        });
        out.push_str(f.kind.label());
        out.push_str("\n\n");
        let v = p.slice(&f.value);
        if !v.is_empty() {
            out.push_str(v);
            out.push_str("\n\n");
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
