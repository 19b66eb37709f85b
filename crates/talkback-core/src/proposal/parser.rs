//! The line classifier and the single-pass parser of a draft into fields.

use super::fields::{label_kind, looks_like_help, MAX_LABEL_BYTES};
use super::values::{duration_minutes, parse_level};
use super::{Field, FieldKind, Proposal};
use std::ops::Range;

use crate::lines::{atx_heading, list_marker_len, scan, setext_underline, Kind, Line};

// ---------------------------------------------------------------------------
// Line classification
// ---------------------------------------------------------------------------

/// A `Key: value` line: `(kind, label end, value start, value end)` relative
/// to the trimmed line; the value may be empty.
pub(super) fn key_value(t: &str) -> Option<(FieldKind, usize, usize, usize)> {
    let mut marker = list_marker_len(t);
    // A reStructuredText field list: `:Duration: 30 min`.
    if t[marker..].starts_with(':') && !t[marker..].starts_with("::") {
        marker += 1;
    }
    let rest = &t[marker..];
    let window = rest.get(..MAX_LABEL_BYTES.min(rest.len())).unwrap_or(rest);
    let colon = window.find([':', '：'])?;
    let key = &rest[..colon];
    if key.contains("//") {
        return None;
    }
    let kind = label_kind(key)?;
    let colon_len = rest[colon..].chars().next().map_or(1, char::len_utf8);
    let mut label_end = marker + colon + colon_len;
    let key_trim = key.trim_start();
    if key_trim.starts_with(['*', '_']) {
        let closing = t[label_end..]
            .bytes()
            .take_while(|&b| b == b'*' || b == b'_')
            .count();
        label_end += closing;
    }
    let after = &t[label_end..];
    let value = after.trim();
    let value_start = if value.is_empty() {
        label_end
    } else {
        label_end + (after.len() - after.trim_start().len())
    };
    Some((kind, label_end, value_start, value_start + value.len()))
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Text goes to the body.
    Body,
    /// Inline `Key: value`; continues until a blank line or label.
    Line(usize),
    /// Block under a label; continues until the next label (short kinds:
    /// until the blank line after their first paragraph).
    Block(usize),
    /// Like `Block`, opened by a heading.
    Section(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Help {
    /// Not expecting help text.
    No,
    /// Expecting help text on the next non-blank line.
    Await { weak_ok: bool },
    /// Inside a run of help lines (the help span grows over every run).
    In { weak_ok: bool },
}

pub(super) struct Parser<'a> {
    src: &'a str,
    fields: Vec<Field>,
    body: Vec<Range<usize>>,
    implicit_titles: Vec<usize>,
    explicit_title: bool,
    mode: Mode,
    help: Help,
    body_open: bool,
    seen_body: bool,
    /// Level of the heading that opened the current section (1–6).
    section_level: usize,
}

/// `#Title`: hashes with no space before a letter: `(level, text start)`.
pub(super) fn loose_atx(line: &str) -> Option<(usize, usize)> {
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    let next = rest[hashes..].chars().next()?;
    ((1..=6).contains(&hashes) && next.is_alphabetic()).then_some((hashes, indent + hashes))
}

/// `Label [help]` or `Label (help…)`: the label and the bracket's range in
/// `text`, when the bracket closes the text.
pub(super) fn bracketed_help(text: &str) -> Option<(&str, Range<usize>)> {
    let t = text.trim_end();
    let close = t.chars().last()?;
    let open = match close {
        ']' => '[',
        ')' => '(',
        _ => return None,
    };
    let at = t.find(open)?;
    let label = t[..at].trim();
    (!label.is_empty()).then_some((label, at..t.len()))
}

/// Trimmed range of `line` (starting at byte `start` of the source).
pub(super) fn trimmed(line: &str, start: usize) -> Range<usize> {
    let t = line.trim_start();
    let s = start + (line.len() - t.len());
    s..s + t.trim_end().len()
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Parser {
            src,
            fields: Vec::new(),
            body: Vec::new(),
            implicit_titles: Vec::new(),
            explicit_title: false,
            mode: Mode::Body,
            help: Help::No,
            body_open: false,
            seen_body: false,
            section_level: 1,
        }
    }

    /// A blank line (outside code fences).
    pub(super) fn blank(&mut self) {
        match self.mode {
            Mode::Line(_) => self.mode = Mode::Body,
            Mode::Block(i) | Mode::Section(i) => {
                let f = &self.fields[i];
                if f.kind.is_short() && !f.value.is_empty() {
                    self.mode = Mode::Body;
                }
            }
            Mode::Body => {}
        }
        // Help may come in several paragraphs; the value starts at the first
        // line that is not help.
        if let Help::In { weak_ok } = self.help {
            self.help = Help::Await { weak_ok };
        }
    }

    /// A line of text (`span` trimmed, non-empty); `help_ok` is false inside
    /// code fences. Returns whether the line was help text.
    pub(super) fn content(&mut self, span: Range<usize>, help_ok: bool) -> bool {
        if let (
            Help::Await { weak_ok } | Help::In { weak_ok },
            Mode::Line(i) | Mode::Block(i) | Mode::Section(i),
        ) = (self.help, self.mode)
        {
            if help_ok && looks_like_help(&self.src[span.clone()], weak_ok) {
                let f = &mut self.fields[i];
                let help = f.help.get_or_insert(span.start..span.end);
                help.end = span.end;
                self.help = Help::In { weak_ok };
                return true;
            }
        }
        self.help = Help::No;
        match self.mode {
            Mode::Body => {
                self.seen_body = true;
                match self.body.last_mut() {
                    Some(last) if self.body_open => last.end = span.end,
                    _ => self.body.push(span),
                }
                self.body_open = true;
            }
            Mode::Line(i) | Mode::Block(i) | Mode::Section(i) => {
                let f = &mut self.fields[i];
                if f.value.is_empty() {
                    f.value = span;
                } else {
                    f.value.end = span.end;
                }
            }
        }
        false
    }

    /// Starts a field; `value` empty means the text follows in a block.
    pub(super) fn start_field(
        &mut self,
        kind: FieldKind,
        label: Range<usize>,
        value: Range<usize>,
        heading: bool,
        inline: bool,
    ) {
        let empty = value.is_empty();
        self.fields.push(Field {
            kind,
            label,
            value,
            help: None,
        });
        let i = self.fields.len() - 1;
        if kind == FieldKind::Title {
            self.explicit_title = true;
        }
        self.mode = if inline && !empty {
            Mode::Line(i)
        } else if heading {
            Mode::Section(i)
        } else {
            Mode::Block(i)
        };
        self.help = if empty {
            Help::Await { weak_ok: !heading }
        } else {
            Help::No
        };
        self.body_open = false;
    }

    /// Inside a section opened by a heading, only headings and `Key: value`
    /// lines of short fields start a new field: `Speaker: Ann` or a bare
    /// `Outline:` line there is part of the section's text.
    pub(super) fn in_heading_section(&self) -> bool {
        matches!(self.mode, Mode::Section(_))
    }

    /// The kind of the section a heading opened, if the parser is in one.
    pub(super) fn section_kind(&self) -> Option<FieldKind> {
        match self.mode {
            Mode::Section(i) => Some(self.fields[i].kind),
            _ => None,
        }
    }

    /// A non-label level-1 heading: the title if nothing came before it.
    pub(super) fn title_eligible(&self) -> bool {
        self.mode == Mode::Body
            && !self.seen_body
            && !self.explicit_title
            && self.implicit_titles.is_empty()
    }

    pub(super) fn implicit_title(&mut self, label: Range<usize>, value: Range<usize>) {
        self.implicit_titles.push(self.fields.len());
        self.fields.push(Field {
            kind: FieldKind::Title,
            label,
            value,
            help: None,
        });
        self.mode = Mode::Body;
        self.help = Help::No;
        self.body_open = false;
    }

    /// Handles an ATX heading line; `(start, end)` is the trimmed line.
    pub(super) fn atx(&mut self, line: &str, at: usize, level: usize, text: (usize, usize)) {
        let whole = trimmed(line, at);
        let heading_text = &line[text.0..text.1];
        // Closing `#` sequence is ignored for label matching only.
        let for_label = heading_text.trim_end_matches('#');
        let for_label = if for_label.len() < heading_text.len()
            && (for_label.is_empty() || for_label.ends_with([' ', '\t']))
        {
            for_label
        } else {
            heading_text
        };
        if let Some(kind) = label_kind(for_label) {
            self.start_field(kind, whole.clone(), whole.end..whole.end, true, false);
            self.section_level = level;
            return;
        }
        // A heading that carries the form's help text: `# Description [If your
        // talk is accepted this will be printed in the program…]`.
        if let Some((label, help)) = bracketed_help(for_label) {
            if let Some(kind) = label_kind(label) {
                let base = at + text.0;
                self.start_field(kind, whole.clone(), whole.end..whole.end, true, false);
                if let Some(f) = self.fields.last_mut() {
                    f.help = Some(base + help.start..base + help.end);
                }
                self.section_level = level;
                return;
            }
        }
        if let Some((kind, label_end, vs, ve)) = key_value(heading_text) {
            if vs < ve {
                let base = at + text.0;
                self.start_field(
                    kind,
                    whole.start..base + label_end,
                    base + vs..base + ve,
                    true,
                    false,
                );
                self.section_level = level;
                return;
            }
        }
        // An unknown heading at the level of the section's own heading (or
        // above) ends that section: a heading never swallows what follows.
        // An unknown heading ends a field opened by a label line.
        let ends = match self.mode {
            Mode::Section(_) => level <= self.section_level,
            Mode::Line(_) | Mode::Block(_) => true,
            Mode::Body => false,
        };
        if ends && text.0 < text.1 {
            self.mode = Mode::Body;
            self.help = Help::No;
            self.body_open = false;
        }
        if level == 1 && self.title_eligible() {
            let hashes_start = whole.start;
            let hashes_end = hashes_start + level;
            let value = if text.0 < text.1 {
                at + text.0..at + text.1
            } else {
                hashes_end..hashes_end
            };
            self.implicit_title(hashes_start..hashes_end, value);
            return;
        }
        self.content(whole, true);
    }

    pub(super) fn finish(mut self) -> Proposal {
        if self.explicit_title && !self.implicit_titles.is_empty() {
            // An explicit title wins: a leading `# Heading` becomes body.
            for &i in self.implicit_titles.iter().rev() {
                let f = self.fields.remove(i);
                self.body
                    .push(f.label.start.min(f.value.start)..f.label.end.max(f.value.end));
            }
            crate::sort::sort_by_key(&mut self.body, |r| r.start);
        }
        let mut p = Proposal {
            source: self.src.to_owned(),
            fields: self.fields,
            body: self.body,
            duration_minutes: None,
            level: None,
        };
        p.duration_minutes = p
            .text(FieldKind::Duration)
            .and_then(|s| duration_minutes(s, true))
            .or_else(|| {
                p.text(FieldKind::Format)
                    .and_then(|s| duration_minutes(s, false))
            });
        p.level = p.text(FieldKind::Level).and_then(parse_level);
        p
    }
}

/// Parses a talk-proposal draft.
///
/// `line` (at byte `at`) as the overline of a reStructuredText title: the
/// next line has text and the one after repeats the overline's character.
/// Returns the heading level and the trimmed spans of the title and the
/// underline.
fn overlined(src: &str, at: usize, line: &str) -> Option<(usize, Range<usize>, Range<usize>)> {
    let level = setext_underline(line)?;
    let mark = line.trim_start().bytes().next()?;
    let mut next = crate::lines::lines(src.get(at..)?).skip(1);
    let ((title, title_at), (under, under_at)) = (next.next()?, next.next()?);
    let ok = !title.trim().is_empty()
        && setext_underline(title).is_none()
        && atx_heading(title).is_none()
        && loose_atx(title).is_none()
        && setext_underline(under) == Some(level)
        && under.trim_start().bytes().next() == Some(mark);
    ok.then(|| {
        (
            level,
            trimmed(title, at + title_at),
            trimmed(under, at + under_at),
        )
    })
}

/// Recognises fields from ATX and setext headings, `Key: value` lines (also
/// bold, or in a list) and bare form labels, case-insensitively and in any
/// order. Form help text pasted after a label is kept apart as
/// [`Field::help`]. A leading level-1 heading that is not a label is the title
/// unless an explicit title field exists. Everything else is body.
///
/// A section opened by a heading (`## Description`) runs until the next
/// heading label; inside it only `Key: value` lines of short fields (title,
/// track, format, duration, level) start a new field, so a `Speaker: Ann`
/// line in a description stays in the description.
///
/// ```
/// use talkback_core::proposal::{parse, FieldKind, Level};
///
/// let p = parse(
///     "# Fast parsers in Rust\n\nLevel: Intermediate\nDuration: 30 min\n\n\
///      ## Description\n\nHow we parse drafts on every keystroke.\n",
/// );
/// assert_eq!(p.title(), Some("Fast parsers in Rust"));
/// assert_eq!(p.level(), Some(Level::Intermediate));
/// assert_eq!(p.duration_minutes(), Some(30));
/// assert_eq!(
///     p.text(FieldKind::Description),
///     Some("How we parse drafts on every keystroke.")
/// );
/// ```
pub fn parse(src: &str) -> Proposal {
    let mut p = Parser::new(src);
    // Whether the previous line ended a paragraph (blank, label, start).
    let mut para_start = true;
    let mut it = scan(src).peekable();
    while let Some(Line {
        text: line,
        start: at,
        kind,
    }) = it.next()
    {
        let span = trimmed(line, at);
        match kind {
            // Fenced code (an unclosed fence runs to the end) is content, never a label.
            Kind::Fence | Kind::Code => {
                if !span.is_empty() {
                    p.content(span, false);
                }
                para_start = false;
                continue;
            }
            Kind::Blank => {
                p.blank();
                para_start = true;
                continue;
            }
            Kind::Heading(_) | Kind::ListItem | Kind::Text => {}
        }
        if let Some((level, ts, te)) = atx_heading(line) {
            p.atx(line, at, level, (ts, te));
            para_start = true;
            continue;
        }
        let t = &src[span.clone()];
        // `#Title`, `##Audience`: not a heading to CommonMark, but a heading to
        // the person who typed it, when it names a field or opens the draft.
        if let Some((level, ts)) = loose_atx(line) {
            let te = line.trim_end().len();
            let heading = &line[ts..te];
            let names_field = label_kind(heading).is_some()
                || bracketed_help(heading).is_some_and(|(l, _)| label_kind(l).is_some());
            if names_field || (level == 1 && p.title_eligible()) {
                p.atx(line, at, level, (ts, te));
                para_start = true;
                continue;
            }
        }
        let in_section = p.in_heading_section();
        // Only the sections that are never shared (notes, bio, speakers) give way
        // to a label alone in its paragraph: there a swallowed answer is lost from
        // the shared proposal, while a description quoting `Outline:` is common.
        let section_kind = p
            .section_kind()
            .filter(|k| matches!(k, FieldKind::Notes | FieldKind::Bio | FieldKind::Speakers));
        let splits = |kind: FieldKind| section_kind.is_some_and(|k| k != kind);
        if let Some((kind, label_end, vs, ve)) = key_value(t).filter(|&(kind, _, vs, ve)| {
            !in_section || (kind.is_short() && vs < ve) || (para_start && vs == ve && splits(kind))
        }) {
            let base = span.start;
            p.start_field(
                kind,
                base..base + label_end,
                base + vs..base + ve,
                false,
                true,
            );
            para_start = vs == ve;
            continue;
        }
        // A reStructuredText title with an overline: `=====\nTitle\n=====`.
        if let Some((level, title, under)) = para_start.then(|| overlined(src, at, line)).flatten()
        {
            it.next();
            it.next();
            let whole = span.start..under.end;
            if let Some(kind) = label_kind(&src[title.clone()]) {
                p.start_field(kind, whole, under.end..under.end, true, false);
                p.section_level = level;
            } else if level == 1 && p.title_eligible() {
                // Spans never overlap: the underline is the title's markup,
                // as for a setext title; the overline stays text, like a rule.
                p.implicit_title(under, title);
                p.content(span, false);
                p.body_open = false;
            } else {
                p.content(span, true);
                p.content(title, false);
                p.content(under, false);
            }
            continue;
        }
        let underline = if para_start {
            it.peek().and_then(|next| setext_underline(next.text))
        } else {
            None
        };
        if let Some(level) = underline {
            let (next, next_at) = it.next().map_or(("", src.len()), |l| (l.text, l.start));
            let under = trimmed(next, next_at);
            if let Some(kind) = label_kind(t) {
                p.start_field(
                    kind,
                    span.start..under.end,
                    under.end..under.end,
                    true,
                    false,
                );
                p.section_level = level;
            } else if level == 1 && p.title_eligible() {
                p.implicit_title(under, span);
            } else {
                p.content(span, true);
                p.content(under, false);
            }
            para_start = true;
            continue;
        }
        // A help line ends the label, like a blank line.
        // In a section, a label alone in its paragraph (another field's) starts
        // that field: `**Outline**` after a `## Notes for reviewers` heading.
        para_start = if let Some(kind) =
            label_kind(t).filter(|&kind| !in_section || (para_start && splits(kind)))
        {
            p.start_field(kind, span.clone(), span.end..span.end, false, false);
            true
        } else {
            p.content(span, true)
        };
    }
    p.finish()
}
