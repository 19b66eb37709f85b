//! Tolerant parser of talk-proposal drafts into CFP fields.
//!
//! A reviewer pastes a draft (Markdown, often copied from a `PyCon`-style CFP
//! form). [`parse`] recognises the usual fields from ATX and setext headings,
//! `Key: value` lines and bare form labels, and keeps byte spans into the
//! source for everything it saw: nothing the user pasted is dropped. Text that
//! belongs to no field is kept as the *body*.
//!
//! The parser makes a single pass over the lines, allocates only the result,
//! and never panics: every span lies on a `char` boundary.

use std::ops::Range;

/// The CFP fields a draft can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKind {
    /// Talk title.
    Title,
    /// Track or category.
    Track,
    /// Session format: talk, tutorial, poster…
    Format,
    /// Length of the slot.
    Duration,
    /// Who the talk is for.
    Audience,
    /// Audience level (beginner, intermediate, advanced…).
    Level,
    /// What attendees should know beforehand.
    Prerequisites,
    /// What attendees will learn (objectives, learning outcomes).
    Takeaways,
    /// Short public summary printed in the programme.
    Description,
    /// Detailed abstract.
    Abstract,
    /// Talk outline.
    Outline,
    /// Notes for the reviewers.
    Notes,
    /// Speaker names.
    Speakers,
    /// Speaker biography.
    Bio,
}

impl FieldKind {
    /// Every kind, in canonical order.
    pub const ALL: [FieldKind; 14] = [
        FieldKind::Title,
        FieldKind::Track,
        FieldKind::Format,
        FieldKind::Duration,
        FieldKind::Audience,
        FieldKind::Level,
        FieldKind::Prerequisites,
        FieldKind::Takeaways,
        FieldKind::Description,
        FieldKind::Abstract,
        FieldKind::Outline,
        FieldKind::Notes,
        FieldKind::Speakers,
        FieldKind::Bio,
    ];

    /// Display label, e.g. `"Notes for reviewers"`.
    ///
    /// Every label is itself recognised by [`parse`].
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Title => "Title",
            FieldKind::Track => "Track",
            FieldKind::Format => "Format",
            FieldKind::Duration => "Duration",
            FieldKind::Audience => "Audience",
            FieldKind::Level => "Level",
            FieldKind::Prerequisites => "Prerequisites",
            FieldKind::Takeaways => "Takeaways",
            FieldKind::Description => "Description",
            FieldKind::Abstract => "Abstract",
            FieldKind::Outline => "Outline",
            FieldKind::Notes => "Notes for reviewers",
            FieldKind::Speakers => "Speakers",
            FieldKind::Bio => "Bio",
        }
    }

    /// Short fields hold one line or paragraph (a block under such a label
    /// ends at its first blank line); [`to_markdown`] writes them as
    /// `Key: value` lines.
    pub fn is_short(self) -> bool {
        matches!(
            self,
            FieldKind::Title
                | FieldKind::Track
                | FieldKind::Format
                | FieldKind::Duration
                | FieldKind::Level
        )
    }

    /// Fields that `to_markdown` writes as `Key: value` lines when they fit
    /// on one paragraph: the short ones plus audience.
    fn is_inline_in_markdown(self) -> bool {
        self.is_short() || self == FieldKind::Audience
    }
}

/// Audience level, when the level field is recognisable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Beginner / novice / introductory.
    Beginner,
    /// Intermediate.
    Intermediate,
    /// Advanced / experienced / expert.
    Advanced,
    /// All levels.
    All,
}

impl Level {
    /// Display label, e.g. `"Intermediate"`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Beginner => "Beginner",
            Level::Intermediate => "Intermediate",
            Level::Advanced => "Advanced",
            Level::All => "All levels",
        }
    }
}

/// One recognised field: byte spans into [`Proposal::source`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Which field.
    pub kind: FieldKind,
    /// The label as written (`## Outline`, `**Audience:**`, the `#` of a
    /// title heading, the underline of a setext title…).
    pub label: Range<usize>,
    /// The value, trimmed of surrounding whitespace; empty when the label
    /// has no text (then it sits at the end of the label).
    pub value: Range<usize>,
    /// Form help text pasted after the label (`Should be one paragraph…`),
    /// kept out of the value.
    pub help: Option<Range<usize>>,
}

/// Size of one field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldStats {
    /// Which field.
    pub kind: FieldKind,
    /// Unicode scalar values in the trimmed value.
    pub chars: usize,
    /// Whitespace-separated tokens in the value.
    pub words: usize,
}

/// A parsed draft: the source plus the spans of its fields and body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    source: String,
    fields: Vec<Field>,
    body: Vec<Range<usize>>,
    duration_minutes: Option<u32>,
    level: Option<Level>,
}

impl Proposal {
    /// The text that was parsed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every recognised field, in source order (a kind may repeat).
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The first field of `kind` with a non-empty value, else the first
    /// field of `kind` at all.
    pub fn field(&self, kind: FieldKind) -> Option<&Field> {
        let mut of_kind = self.fields.iter().filter(|f| f.kind == kind);
        let first = of_kind.next()?;
        if !first.value.is_empty() {
            return Some(first);
        }
        of_kind.find(|f| !f.value.is_empty()).or(Some(first))
    }

    /// The trimmed value of [`Proposal::field`]`(kind)`.
    pub fn text(&self, kind: FieldKind) -> Option<&str> {
        self.field(kind).map(|f| self.slice(&f.value))
    }

    /// The title, if any (explicit `Title` field or a leading `# Heading`).
    pub fn title(&self) -> Option<&str> {
        self.text(FieldKind::Title)
    }

    /// Duration in minutes, from the duration field or else the format field.
    pub fn duration_minutes(&self) -> Option<u32> {
        self.duration_minutes
    }

    /// Level, when the level field is recognisable.
    pub fn level(&self) -> Option<Level> {
        self.level
    }

    /// Byte spans of the text that belongs to no field (trimmed chunks).
    pub fn body_spans(&self) -> &[Range<usize>] {
        &self.body
    }

    /// The text that belongs to no field, chunk by chunk.
    pub fn body(&self) -> impl Iterator<Item = &str> + '_ {
        self.body.iter().map(|r| self.slice(r))
    }

    /// The source text of a span (empty if the span is not valid here).
    pub fn slice(&self, span: &Range<usize>) -> &str {
        self.source.get(span.clone()).unwrap_or("")
    }

    /// The value text of `field` (which should come from this proposal).
    pub fn value_of(&self, field: &Field) -> &str {
        self.slice(&field.value)
    }

    /// The help text pasted after `field`'s label, if any.
    pub fn help_of(&self, field: &Field) -> Option<&str> {
        field.help.as_ref().map(|r| self.slice(r))
    }

    /// Size of every field, in source order.
    pub fn stats(&self) -> Vec<FieldStats> {
        self.fields
            .iter()
            .map(|f| {
                let text = self.slice(&f.value);
                FieldStats {
                    kind: f.kind,
                    chars: text.chars().count(),
                    words: text.split_whitespace().count(),
                }
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------
// Label vocabulary
// ---------------------------------------------------------------------------

/// Known labels, lower case with single spaces.
const ALIASES: &[(&str, FieldKind)] = &[
    ("title", FieldKind::Title),
    ("talk title", FieldKind::Title),
    ("proposal title", FieldKind::Title),
    ("session title", FieldKind::Title),
    ("tytuł", FieldKind::Title),
    ("tytuł wystąpienia", FieldKind::Title),
    ("タイトル", FieldKind::Title),
    ("題名", FieldKind::Title),
    ("track", FieldKind::Track),
    ("category", FieldKind::Track),
    ("talk category", FieldKind::Track),
    ("session track", FieldKind::Track),
    ("topic area", FieldKind::Track),
    ("ścieżka", FieldKind::Track),
    ("kategoria", FieldKind::Track),
    ("トラック", FieldKind::Track),
    ("カテゴリ", FieldKind::Track),
    ("カテゴリー", FieldKind::Track),
    ("format", FieldKind::Format),
    ("talk format", FieldKind::Format),
    ("session format", FieldKind::Format),
    ("session type", FieldKind::Format),
    ("talk type", FieldKind::Format),
    ("proposal type", FieldKind::Format),
    ("forma", FieldKind::Format),
    ("形式", FieldKind::Format),
    ("発表形式", FieldKind::Format),
    ("duration", FieldKind::Duration),
    ("length", FieldKind::Duration),
    ("talk length", FieldKind::Duration),
    ("talk duration", FieldKind::Duration),
    ("time slot", FieldKind::Duration),
    ("slot", FieldKind::Duration),
    ("czas", FieldKind::Duration),
    ("czas trwania", FieldKind::Duration),
    ("時間", FieldKind::Duration),
    ("発表時間", FieldKind::Duration),
    ("所要時間", FieldKind::Duration),
    ("audience", FieldKind::Audience),
    ("target audience", FieldKind::Audience),
    ("intended audience", FieldKind::Audience),
    ("who is this talk for", FieldKind::Audience),
    ("who is this talk for?", FieldKind::Audience),
    ("who is it for", FieldKind::Audience),
    ("who is it for?", FieldKind::Audience),
    ("who should attend", FieldKind::Audience),
    ("who should attend?", FieldKind::Audience),
    ("odbiorcy", FieldKind::Audience),
    ("grupa docelowa", FieldKind::Audience),
    ("対象者", FieldKind::Audience),
    ("想定聴衆", FieldKind::Audience),
    ("level", FieldKind::Level),
    ("audience level", FieldKind::Level),
    ("python level", FieldKind::Level),
    ("domain level", FieldKind::Level),
    ("experience level", FieldKind::Level),
    ("skill level", FieldKind::Level),
    ("technical level", FieldKind::Level),
    ("difficulty", FieldKind::Level),
    ("poziom", FieldKind::Level),
    ("poziom zaawansowania", FieldKind::Level),
    ("レベル", FieldKind::Level),
    ("対象レベル", FieldKind::Level),
    ("prerequisites", FieldKind::Prerequisites),
    ("prerequisite", FieldKind::Prerequisites),
    ("pre-requisites", FieldKind::Prerequisites),
    ("requirements", FieldKind::Prerequisites),
    ("prior knowledge", FieldKind::Prerequisites),
    ("required knowledge", FieldKind::Prerequisites),
    ("wymagania", FieldKind::Prerequisites),
    ("wymagana wiedza", FieldKind::Prerequisites),
    ("前提知識", FieldKind::Prerequisites),
    ("takeaways", FieldKind::Takeaways),
    ("takeaway", FieldKind::Takeaways),
    ("key takeaways", FieldKind::Takeaways),
    ("objectives", FieldKind::Takeaways),
    ("objective", FieldKind::Takeaways),
    ("learning objectives", FieldKind::Takeaways),
    ("learning outcomes", FieldKind::Takeaways),
    ("goals", FieldKind::Takeaways),
    ("what attendees will learn", FieldKind::Takeaways),
    ("what will attendees learn", FieldKind::Takeaways),
    ("what will attendees learn?", FieldKind::Takeaways),
    ("what the audience will learn", FieldKind::Takeaways),
    ("what you will learn", FieldKind::Takeaways),
    ("czego się nauczysz", FieldKind::Takeaways),
    ("czego nauczą się uczestnicy", FieldKind::Takeaways),
    ("学べること", FieldKind::Takeaways),
    ("description", FieldKind::Description),
    ("summary", FieldKind::Description),
    ("short description", FieldKind::Description),
    ("brief description", FieldKind::Description),
    ("short summary", FieldKind::Description),
    ("elevator pitch", FieldKind::Description),
    ("opis", FieldKind::Description),
    ("krótki opis", FieldKind::Description),
    ("概要", FieldKind::Description),
    ("説明", FieldKind::Description),
    ("abstract", FieldKind::Abstract),
    ("detailed abstract", FieldKind::Abstract),
    ("details", FieldKind::Abstract),
    ("detailed description", FieldKind::Abstract),
    ("long description", FieldKind::Abstract),
    ("extended abstract", FieldKind::Abstract),
    ("abstrakt", FieldKind::Abstract),
    ("szczegóły", FieldKind::Abstract),
    ("詳細", FieldKind::Abstract),
    ("outline", FieldKind::Outline),
    ("talk outline", FieldKind::Outline),
    ("detailed outline", FieldKind::Outline),
    ("class outline", FieldKind::Outline),
    ("tutorial outline", FieldKind::Outline),
    ("agenda", FieldKind::Outline),
    ("plan", FieldKind::Outline),
    ("plan prezentacji", FieldKind::Outline),
    ("plan wystąpienia", FieldKind::Outline),
    ("アウトライン", FieldKind::Outline),
    ("構成", FieldKind::Outline),
    ("notes", FieldKind::Notes),
    ("additional notes", FieldKind::Notes),
    ("notes for reviewers", FieldKind::Notes),
    ("notes to reviewers", FieldKind::Notes),
    ("reviewer notes", FieldKind::Notes),
    ("notes for the reviewers", FieldKind::Notes),
    ("additional information", FieldKind::Notes),
    ("uwagi", FieldKind::Notes),
    ("uwagi dla recenzentów", FieldKind::Notes),
    ("備考", FieldKind::Notes),
    ("speakers", FieldKind::Speakers),
    ("speaker", FieldKind::Speakers),
    ("speaker name", FieldKind::Speakers),
    ("speaker names", FieldKind::Speakers),
    ("name", FieldKind::Speakers),
    ("names", FieldKind::Speakers),
    ("presenter", FieldKind::Speakers),
    ("presenters", FieldKind::Speakers),
    ("prelegent", FieldKind::Speakers),
    ("prelegenci", FieldKind::Speakers),
    ("prelegentka", FieldKind::Speakers),
    ("登壇者", FieldKind::Speakers),
    ("発表者", FieldKind::Speakers),
    ("bio", FieldKind::Bio),
    ("speaker bio", FieldKind::Bio),
    ("short bio", FieldKind::Bio),
    ("biography", FieldKind::Bio),
    ("speaker biography", FieldKind::Bio),
    ("about the speaker", FieldKind::Bio),
    ("about the speakers", FieldKind::Bio),
    ("about me", FieldKind::Bio),
    ("o prelegencie", FieldKind::Bio),
    ("o mnie", FieldKind::Bio),
    ("自己紹介", FieldKind::Bio),
    ("プロフィール", FieldKind::Bio),
];

/// Longest label candidate considered (with decorations), in bytes.
const MAX_LABEL_BYTES: usize = 80;

/// Longest alias, in bytes (checked by a test).
const MAX_ALIAS_BYTES: usize = 48;

/// Writes `s` lower-cased, with whitespace runs collapsed to one space, into
/// `buf`; `None` if it does not fit.
fn normalize_into<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut len = 0;
    for (i, word) in s.split_whitespace().enumerate() {
        let chars = (i > 0)
            .then_some(' ')
            .into_iter()
            .chain(word.chars().flat_map(char::to_lowercase));
        for c in chars {
            let end = len + c.len_utf8();
            c.encode_utf8(buf.get_mut(len..end)?);
            len = end;
        }
    }
    buf.get(..len)
}

/// Strips decorations around a label: emphasis, `:`, a `*` required
/// marker, a trailing `(optional)`-style parenthetical.
fn strip_label_decorations(mut s: &str) -> &str {
    for _ in 0..6 {
        let before = s.len();
        s = s.trim();
        s = s.trim_start_matches(['*', '_']);
        s = s.trim_end_matches(['*', '_', ':', '：']);
        s = s.trim();
        if s.ends_with(')') || s.ends_with('）') {
            if let Some(open) = s.rfind(['(', '（']) {
                if !s[..open].trim().is_empty() {
                    s = &s[..open];
                }
            }
        }
        if s.len() == before {
            break;
        }
    }
    s
}

/// The field kind a label text names, if any (case-insensitive).
fn label_kind(raw: &str) -> Option<FieldKind> {
    if raw.len() > MAX_LABEL_BYTES {
        return None;
    }
    let s = strip_label_decorations(raw);
    if s.is_empty() || s.len() > MAX_ALIAS_BYTES {
        return None;
    }
    let mut buf = [0u8; 2 * MAX_LABEL_BYTES];
    let key = normalize_into(s, &mut buf)?;
    ALIASES
        .iter()
        .find(|(alias, _)| alias.as_bytes() == key)
        .map(|&(_, kind)| kind)
}

// ---------------------------------------------------------------------------
// Help text
// ---------------------------------------------------------------------------

/// Phrases that start form help text after any label.
const STRONG_HELP: &[&str] = &[
    "if your proposal",
    "if accepted",
    "if selected",
    "this will be",
    "will be",
    "should be",
    "must be",
    "(optional",
    "(required",
    "(max",
    "(min",
    "(public",
    "(private",
    "optional.",
    "optional:",
    "optional,",
    "optional -",
    "required.",
    "required:",
    "markdown is supported",
    "markdown supported",
    "make sure",
    "this field",
    "detailed description.",
    "this is shown",
    "this is public",
    "this is private",
    "only visible",
    "not shown",
    "visible to",
];

/// Words that start help text after any label when a number follows
/// (`Maximum 400 characters`, `Max. 30 words`).
const LIMIT_HELP: &[&str] = &["maximum", "max", "minimum", "min", "up to", "at most"];

/// Lines that are help text on their own (`Optional`).
const EXACT_HELP: &[&str] = &["optional", "required", "(optional)", "(required)"];

/// Phrases that start help text only after a form label (not a heading),
/// since in a Markdown draft they are as likely to be the author's words.
const WEAK_HELP: &[&str] = &[
    "please",
    "tell us",
    "describe",
    "include",
    "your talk",
    "who is",
    "what",
    "explain",
    "provide",
    "briefly",
    "a brief",
    "a short",
    "one paragraph",
    "if you",
    "list",
    "enter",
    "anything else",
    "make an",
    "a detailed",
    "e.g.",
];

/// Whether `prefix` (lower-case ASCII) starts `s`, at a word boundary.
fn starts_with_phrase(s: &str, prefix: &str) -> bool {
    let Some(head) = s.get(..prefix.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(prefix) {
        return false;
    }
    let last_is_word = prefix.chars().last().is_some_and(char::is_alphanumeric);
    !last_is_word
        || !s[prefix.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Whether `s` starts with `word` followed by a number (`Max. 400`).
fn starts_with_limit(s: &str, word: &str) -> bool {
    if !starts_with_phrase(s, word) {
        return false;
    }
    let rest = s[word.len()..].trim_start_matches(['.', ':']).trim_start();
    let rest = rest
        .strip_prefix("of ")
        .or_else(|| rest.strip_prefix("OF "))
        .map_or(rest, str::trim_start);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a (trimmed) line reads like CFP form help text.
fn looks_like_help(line: &str, weak_ok: bool) -> bool {
    let s = line.trim_start_matches(['*', '_']).trim_start();
    let s_end = s.trim_end_matches(['*', '_', '.']).trim_end();
    if EXACT_HELP.iter().any(|e| s_end.eq_ignore_ascii_case(e))
        || STRONG_HELP.iter().any(|p| starts_with_phrase(s, p))
        || LIMIT_HELP.iter().any(|w| starts_with_limit(s, w))
    {
        return true;
    }
    if !weak_ok {
        return false;
    }
    (s.starts_with('(') && s_end.ends_with(')'))
        || WEAK_HELP.iter().any(|p| starts_with_phrase(s, p))
}

// ---------------------------------------------------------------------------
// Line classification
// ---------------------------------------------------------------------------

/// Leading spaces (at most three, as in `CommonMark`), else `None`.
fn block_indent(line: &str) -> Option<usize> {
    let n = line.bytes().take_while(|&b| b == b' ').count();
    (n <= 3).then_some(n)
}

/// An ATX heading: `(level, text start, text end)` relative to the line.
fn atx_heading(line: &str) -> Option<(usize, usize, usize)> {
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
fn setext_underline(line: &str) -> Option<usize> {
    let indent = block_indent(line)?;
    let t = line[indent..].trim_end();
    let first = t.bytes().next()?;
    if (first != b'=' && first != b'-') || t.len() < 2 || t.bytes().any(|b| b != first) {
        return None;
    }
    Some(if first == b'=' { 1 } else { 2 })
}

/// A code fence opener/closer: `(char, length)`.
fn fence(line: &str) -> Option<(u8, usize)> {
    let indent = block_indent(line)?;
    let rest = &line[indent..];
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// A line that can close a fence: only fence characters.
fn fence_closer(line: &str) -> Option<(u8, usize)> {
    fence(line).filter(|&(c, _)| line.trim().bytes().all(|b| b == c))
}

/// Closing-fence lines of `src`: `(line offset, char, length, longest
/// closer of that char from here on)`. Lets an opener know in O(1) whether
/// it is ever closed, so an unclosed fence (typed half-way) does not
/// swallow the rest of the draft.
fn fence_closers(src: &str) -> Vec<(usize, u8, usize, usize)> {
    let mut closers: Vec<(usize, u8, usize, usize)> = lines(src)
        .filter_map(|(line, at)| fence_closer(line).map(|(c, n)| (at, c, n, 0)))
        .collect();
    let (mut ticks, mut tildes) = (0, 0);
    for closer in closers.iter_mut().rev() {
        let longest = if closer.1 == b'`' {
            &mut ticks
        } else {
            &mut tildes
        };
        *longest = (*longest).max(closer.2);
        closer.3 = *longest;
    }
    closers
}

/// Length of a list marker (`- `, `* `, `+ `, `1. `, `1) `) at the start.
fn list_marker_len(s: &str) -> usize {
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

/// A `Key: value` line: `(kind, label end, value start, value end)` relative
/// to the trimmed line; the value may be empty.
fn key_value(t: &str) -> Option<(FieldKind, usize, usize, usize)> {
    let marker = list_marker_len(t);
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
enum Mode {
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
enum Help {
    /// Not expecting help text.
    No,
    /// Expecting help text on the next non-blank line.
    Await { weak_ok: bool },
    /// Inside a run of help lines (the help span grows over every run).
    In { weak_ok: bool },
}

struct Parser<'a> {
    src: &'a str,
    fields: Vec<Field>,
    body: Vec<Range<usize>>,
    implicit_titles: Vec<usize>,
    explicit_title: bool,
    mode: Mode,
    help: Help,
    body_open: bool,
    seen_body: bool,
}

/// Trimmed range of `line` (starting at byte `start` of the source).
fn trimmed(line: &str, start: usize) -> Range<usize> {
    let t = line.trim_start();
    let s = start + (line.len() - t.len());
    s..s + t.trim_end().len()
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
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
        }
    }

    /// A blank line (outside code fences).
    fn blank(&mut self) {
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
    fn content(&mut self, span: Range<usize>, help_ok: bool) -> bool {
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
    fn start_field(
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
    fn in_heading_section(&self) -> bool {
        matches!(self.mode, Mode::Section(_))
    }

    /// A non-label level-1 heading: the title if nothing came before it.
    fn title_eligible(&self) -> bool {
        self.mode == Mode::Body
            && !self.seen_body
            && !self.explicit_title
            && self.implicit_titles.is_empty()
    }

    fn implicit_title(&mut self, label: Range<usize>, value: Range<usize>) {
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
    fn atx(&mut self, line: &str, at: usize, level: usize, text: (usize, usize)) {
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
            return;
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
                return;
            }
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

    fn finish(mut self) -> Proposal {
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

/// Splits into lines: `(line without terminator, start offset)`. `\n` and
/// `\r\n` end lines; a lone `\r` stays in the line (it is whitespace).
fn lines(src: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut offset = 0;
    src.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        (line, start)
    })
}

/// Parses a talk-proposal draft.
///
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
    let mut fence_open: Option<(u8, usize)> = None;
    let closers = fence_closers(src);
    let mut next_closer = 0;
    // Whether the previous line ended a paragraph (blank, label, start).
    let mut para_start = true;
    let mut it = lines(src).peekable();
    while let Some((line, at)) = it.next() {
        let span = trimmed(line, at);
        while closers.get(next_closer).is_some_and(|c| c.0 <= at) {
            next_closer += 1;
        }
        if let Some((c, n)) = fence_open {
            if fence_closer(line).is_some_and(|(c2, n2)| c2 == c && n2 >= n) {
                fence_open = None;
            }
            if !span.is_empty() {
                p.content(span, false);
            }
            continue;
        }
        if span.is_empty() {
            p.blank();
            para_start = true;
            continue;
        }
        if let Some((c, n)) = fence(line) {
            // Only a fence that is closed later hides labels.
            let closed = closers[next_closer..]
                .iter()
                .find(|closer| closer.1 == c)
                .is_some_and(|closer| closer.3 >= n);
            if closed {
                fence_open = Some((c, n));
                p.content(span, false);
                para_start = false;
                continue;
            }
        }
        if let Some((level, ts, te)) = atx_heading(line) {
            p.atx(line, at, level, (ts, te));
            para_start = true;
            continue;
        }
        let t = &src[span.clone()];
        let in_section = p.in_heading_section();
        if let Some((kind, label_end, vs, ve)) =
            key_value(t).filter(|&(kind, _, vs, ve)| !in_section || (kind.is_short() && vs < ve))
        {
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
        let underline = if para_start {
            it.peek().and_then(|&(next, _)| setext_underline(next))
        } else {
            None
        };
        if let Some(level) = underline {
            let (next, next_at) = it.next().unwrap_or(("", src.len()));
            let under = trimmed(next, next_at);
            if let Some(kind) = label_kind(t) {
                p.start_field(
                    kind,
                    span.start..under.end,
                    under.end..under.end,
                    true,
                    false,
                );
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
        para_start = if let Some(kind) = label_kind(t).filter(|_| !in_section) {
            p.start_field(kind, span.clone(), span.end..span.end, false, false);
            true
        } else {
            p.content(span, true)
        };
    }
    p.finish()
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    /// A number in hundredths (`1.5` → 150).
    Num(u64),
    Word(&'a str),
    Dash,
    Other,
}

fn tokens(s: &str) -> impl Iterator<Item = Tok<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || loop {
        let c = rest.chars().next()?;
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c.is_ascii_digit() {
            let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let mut value = digits_value(&rest[..int_len]).saturating_mul(100);
            let mut len = int_len;
            let b = rest.as_bytes();
            if matches!(b.get(len), Some(b'.' | b','))
                && b.get(len + 1).is_some_and(u8::is_ascii_digit)
            {
                let frac_len = rest[len + 1..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                let frac = &rest[len + 1..len + 1 + frac_len];
                let mut hundredths = 0;
                for (i, d) in frac.bytes().take(2).enumerate() {
                    hundredths += u64::from(d - b'0') * if i == 0 { 10 } else { 1 };
                }
                value = value.saturating_add(hundredths);
                len += 1 + frac_len;
            }
            rest = &rest[len..];
            return Some(Tok::Num(value));
        }
        if c.is_alphabetic() {
            let len = rest
                .char_indices()
                .find(|&(_, c)| !c.is_alphabetic())
                .map_or(rest.len(), |(i, _)| i);
            let w = &rest[..len];
            rest = &rest[len..];
            return Some(Tok::Word(w));
        }
        rest = &rest[c.len_utf8()..];
        return Some(if matches!(c, '-' | '–' | '—' | '~' | '〜') {
            Tok::Dash
        } else {
            Tok::Other
        });
    })
}

fn digits_value(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |acc, d| {
        acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    })
}

/// Minutes per unit word: `Some(60)` for hours, `Some(1)` for minutes.
fn unit_minutes(word: &str) -> Option<u64> {
    const HOURS: &[&str] = &[
        "h", "hr", "hrs", "hour", "hours", "godz", "godzina", "godziny", "godzin", "stunde",
        "stunden", "hora", "horas", "heure", "heures", "時間",
    ];
    const MINUTES: &[&str] = &[
        "m", "min", "mins", "minute", "minutes", "minut", "minuty", "minuten", "minuto", "minutos",
        "mn", "分",
    ];
    if HOURS.iter().any(|u| u.eq_ignore_ascii_case(word)) || word.starts_with("時間") {
        Some(60)
    } else if MINUTES.iter().any(|u| u.eq_ignore_ascii_case(word)) || word.starts_with('分') {
        Some(1)
    } else {
        None
    }
}

/// Duration in minutes from free text; `allow_bare` accepts a lone number.
fn duration_minutes(text: &str, allow_bare: bool) -> Option<u32> {
    let toks: Vec<Tok<'_>> = tokens(text).take(64).collect();
    // hundredths of a minute
    let mut total: u64 = 0;
    let mut last_unit: Option<u64> = None;
    let mut numbers = 0usize;
    let mut bare: Option<u64> = None;
    let mut pos = 0;
    while pos < toks.len() {
        match toks[pos] {
            Tok::Num(value) => {
                numbers += 1;
                let mut next = pos + 1;
                if toks.get(next) == Some(&Tok::Dash) {
                    next += 1;
                }
                // A range like `30-45 minutes` or `30 to 45 min`: first value.
                let mut range_end = None;
                if let Some(Tok::Num(_)) = toks.get(next) {
                    if next > pos + 1 {
                        range_end = Some(next);
                    }
                } else if let Some(Tok::Word(w)) = toks.get(next) {
                    if (w.eq_ignore_ascii_case("to") || w.eq_ignore_ascii_case("or"))
                        && matches!(toks.get(next + 1), Some(Tok::Num(_)))
                    {
                        range_end = Some(next + 1);
                    }
                }
                if let Some(end) = range_end {
                    numbers += 1;
                    next = end + 1;
                }
                let unit = match toks.get(next) {
                    Some(Tok::Word(w)) => unit_minutes(w),
                    _ => None,
                };
                if let Some(per) = unit {
                    if let Some(prev) = last_unit {
                        if !(prev == 60 && per == 1) {
                            break;
                        }
                    }
                    total = total.saturating_add(value.saturating_mul(per));
                    last_unit = Some(per);
                    pos = next + 1;
                    continue;
                }
                if last_unit.is_some() {
                    break;
                }
                bare.get_or_insert(value);
            }
            Tok::Word(w) => {
                if last_unit.is_some() && !w.eq_ignore_ascii_case("and") {
                    break;
                }
                if last_unit.is_none()
                    && w.eq_ignore_ascii_case("half")
                    && toks[pos + 1..]
                        .iter()
                        .take(2)
                        .any(|t| matches!(t, Tok::Word(h) if h.eq_ignore_ascii_case("hour")))
                {
                    total = 3000;
                    break;
                }
            }
            Tok::Dash | Tok::Other => {}
        }
        pos += 1;
    }
    let hundredths = if total > 0 {
        total
    } else if allow_bare && numbers == 1 {
        bare?
    } else {
        return None;
    };
    let minutes = hundredths.saturating_add(50) / 100;
    u32::try_from(minutes).ok().filter(|&m| m > 0)
}

/// Parses a duration such as `"30 minutes"`, `"45m"`, `"1h 30m"`,
/// `"90-minute talk"`, `"Talk (30 min)"`, `"3 hours"` or a bare `"30"` into
/// minutes. Ranges (`"30-45 min"`) give their first value.
///
/// ```
/// use talkback_core::proposal::parse_duration_minutes;
/// assert_eq!(parse_duration_minutes("1h 30m"), Some(90));
/// assert_eq!(parse_duration_minutes("Talk (30 min)"), Some(30));
/// assert_eq!(parse_duration_minutes("soon"), None);
/// ```
pub fn parse_duration_minutes(s: &str) -> Option<u32> {
    duration_minutes(s, true)
}

/// Parses a level such as `"Intermediate"`, `"novice"`, `"experienced"` or
/// `"All levels"`; the first level word wins (`"Beginner to intermediate"`
/// is [`Level::Beginner`]).
pub fn parse_level(s: &str) -> Option<Level> {
    const CJK: &[(&str, Level)] = &[
        ("初級", Level::Beginner),
        ("初心者", Level::Beginner),
        ("中級", Level::Intermediate),
        ("上級", Level::Advanced),
        ("全レベル", Level::All),
    ];
    let mut best: Option<(usize, Level)> = None;
    for &(needle, level) in CJK {
        if let Some(pos) = s.find(needle) {
            if best.is_none_or(|(b, _)| pos < b) {
                best = Some((pos, level));
            }
        }
    }
    let mut rest = s;
    while let Some(start) = rest.find(char::is_alphabetic) {
        let pos = s.len() - rest.len() + start;
        if best.is_some_and(|(b, _)| b < pos) {
            break;
        }
        let tail = &rest[start..];
        let len = tail
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(tail.len());
        rest = &tail[len..];
        let w = tail[..len].to_lowercase();
        let level = match w.as_str() {
            "beginner" | "beginners" | "beginning" | "novice" | "novices" | "introductory"
            | "intro" | "basic" | "entry" | "newcomer" | "newcomers" => Level::Beginner,
            "intermediate" | "medium" | "moderate" => Level::Intermediate,
            "advanced" | "experienced" | "expert" | "experts" => Level::Advanced,
            "all" | "any" | "everyone" | "everybody" | "wszyscy" | "wszystkie" => Level::All,
            _ if w.starts_with("początkując") || w.starts_with("podstawow") => Level::Beginner,
            _ if w.starts_with("średnio") => Level::Intermediate,
            _ if w.starts_with("zaawansowan") || w.starts_with("ekspert") => Level::Advanced,
            _ => continue,
        };
        return Some(level);
    }
    best.map(|(_, l)| l)
}

// ---------------------------------------------------------------------------
// Canonical Markdown
// ---------------------------------------------------------------------------

/// Whether `text` contains a blank line.
fn has_blank_line(text: &str) -> bool {
    lines(text).any(|(l, _)| l.trim().is_empty())
}

/// Whether `# {title}` parses back as exactly this title.
fn title_heading_round_trips(title: &str) -> bool {
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
        out.push_str("## ");
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Asserts that every span is valid, spans do not overlap, and every
    /// byte outside them is whitespace: nothing the user pasted is dropped.
    fn assert_covered(p: &Proposal) {
        let src = p.source();
        let mut count = vec![0u8; src.len()];
        let mut mark = |r: &Range<usize>, what: &str| {
            assert!(
                r.start <= r.end && r.end <= src.len(),
                "{what} span {r:?} out of range"
            );
            assert!(
                src.is_char_boundary(r.start) && src.is_char_boundary(r.end),
                "{what} span {r:?} not on char boundaries"
            );
            for c in &mut count[r.clone()] {
                *c += 1;
            }
        };
        for f in p.fields() {
            mark(&f.label, "label");
            mark(&f.value, "value");
            if let Some(h) = &f.help {
                mark(h, "help");
            }
        }
        for b in p.body_spans() {
            mark(b, "body");
        }
        for (i, c) in src.char_indices() {
            assert!(count[i] <= 1, "byte {i} ({c:?}) is in two spans: {p:#?}");
            assert!(
                count[i] == 1 || c.is_whitespace(),
                "char {c:?} at byte {i} dropped; context {:?}",
                src[i..].chars().take(30).collect::<String>()
            );
        }
    }

    /// Kinds and values, order-independent; durations compared in minutes.
    fn kinds_values(p: &Proposal) -> Vec<(FieldKind, String)> {
        let mut v: Vec<(FieldKind, String)> = p
            .fields()
            .iter()
            .map(|f| {
                let text = p.value_of(f);
                let text = match (f.kind, parse_duration_minutes(text)) {
                    (FieldKind::Duration, Some(m)) => format!("{m} minutes"),
                    _ => text.to_owned(),
                };
                (f.kind, text)
            })
            .collect();
        #[allow(clippy::disallowed_methods, reason = "test code, not in the wasm")]
        v.sort();
        v
    }

    fn assert_round_trip(p: &Proposal) {
        let md = to_markdown(p);
        let q = parse(&md);
        assert_eq!(
            kinds_values(p),
            kinds_values(&q),
            "round trip changed fields; markdown was:\n{md}"
        );
        assert_eq!(p.duration_minutes(), q.duration_minutes(), "{md}");
        assert_eq!(p.level(), q.level(), "{md}");
        assert_covered(&q);
    }

    struct Case {
        name: &'static str,
        src: &'static str,
        expect: &'static [(FieldKind, &'static str)],
        help: &'static [(FieldKind, &'static str)],
        body: &'static [&'static str],
        duration: Option<u32>,
        level: Option<Level>,
    }

    use FieldKind as K;

    const CASES: &[Case] = &[
        Case {
            name: "pycon_full.md",
            src: include_str!("../../../tests/fixtures/proposals/pycon_full.md"),
            expect: &[
                (K::Title, "Async Python Without Tears"),
                (K::Track, "Web & Networking"),
                (K::Format, "Talk (30 min)"),
                (K::Level, "Intermediate"),
                (
                    K::Description,
                    "Asyncio has a reputation for being hard. This talk shows the three patterns\n\
                     that cover most real services, and the two mistakes that cause most outages.",
                ),
                (
                    K::Abstract,
                    "We start from a blocking Flask handler and make it concurrent step by step.\n\n\
                     Along the way we meet `asyncio.TaskGroup`, cancellation scopes and\n\
                     back-pressure.",
                ),
                (
                    K::Outline,
                    "1. Why async at all? (5 min)\n2. Three patterns (15 min)\n\
                     3. Two mistakes (7 min)\n4. Questions (3 min)",
                ),
                (
                    K::Takeaways,
                    "- When async helps, and when it does not\n- How to cancel work safely",
                ),
                (
                    K::Notes,
                    "I gave a 10-minute version of this at a local meetup; slides are linked below.",
                ),
                (
                    K::Bio,
                    "Ada Example maintains an HTTP client library and has been writing Python since 2.4.",
                ),
            ],
            help: &[],
            body: &[],
            duration: Some(30),
            level: Some(Level::Intermediate),
        },
        Case {
            name: "key_value.md",
            src: include_str!("../../../tests/fixtures/proposals/key_value.md"),
            expect: &[
                (K::Title, "Type Hints for Data Scientists"),
                (K::Track, "Data Science"),
                (K::Format, "Talk"),
                (K::Duration, "45m"),
                (K::Level, "Beginner"),
                (
                    K::Audience,
                    "Data scientists who write notebooks\nand want their code to survive review.",
                ),
                (
                    K::Description,
                    "A gentle tour of type hints for pandas and NumPy code.",
                ),
                (K::Speakers, "- Jane Doe\n- John Roe"),
                (K::Notes, "Happy to shorten this to 30 minutes."),
            ],
            help: &[],
            body: &[],
            duration: Some(45),
            level: Some(Level::Beginner),
        },
        Case {
            name: "setext.md",
            src: include_str!("../../../tests/fixtures/proposals/setext.md"),
            expect: &[
                (K::Title, "Packaging in 2025"),
                (
                    K::Description,
                    "How to publish a Python package today, with one `pyproject.toml`.",
                ),
                (K::Audience, "Library authors who still have a `setup.py`."),
                (K::Level, "Novice"),
                (K::Duration, "1 hour"),
                (
                    K::Outline,
                    "Overview\n========\n\nWe compare build backends.\n\nDemo\n----\n\n\
                     Live publishing to TestPyPI.",
                ),
            ],
            help: &[],
            body: &[],
            duration: Some(60),
            level: Some(Level::Beginner),
        },
        Case {
            name: "cfp_form.md",
            src: include_str!("../../../tests/fixtures/proposals/cfp_form.md"),
            expect: &[
                (K::Title, "Property-Based Testing in Practice"),
                (
                    K::Description,
                    "Stop writing examples by hand: let Hypothesis find the edge cases for you.",
                ),
                (K::Audience, "Developers who already write unit tests with pytest."),
                (K::Level, "Intermediate"),
                (
                    K::Takeaways,
                    "Attendees will be able to write a property test and read a shrunk failure.",
                ),
                (
                    K::Abstract,
                    "We start with a sorting function and a buggy parser.\n\n\
                     Then we look at stateful testing.",
                ),
                (
                    K::Outline,
                    "- Properties vs examples (5 min)\n- Shrinking (10 min)\n- Stateful testing (10 min)",
                ),
                (K::Notes, "Speaking experience: three meetup talks."),
            ],
            help: &[
                (
                    K::Description,
                    "If your proposal is accepted this will be made public and printed in the \
                     program. Should be one paragraph, maximum 400 characters.",
                ),
                (
                    K::Audience,
                    "Who is the intended audience for your talk? (Be specific; \"Python \
                     programmers\" is not a good answer to this question.)",
                ),
                (
                    K::Takeaways,
                    "What will attendees get out of your talk? When they leave the room, what \
                     will they know that they didn't know before?",
                ),
                (
                    K::Abstract,
                    "Detailed description. Will be made public if your talk is accepted.\n\
                     Markdown is supported.",
                ),
                (
                    K::Outline,
                    "Make an outline that lists the topics and subtopics you intend to cover, \
                     along with a rough estimate of how much time you'll spend on each.",
                ),
                (
                    K::Notes,
                    "Anything else you would like to share with the committee?",
                ),
            ],
            body: &[],
            duration: None,
            level: Some(Level::Intermediate),
        },
        Case {
            name: "bold_labels.md",
            src: include_str!("../../../tests/fixtures/proposals/bold_labels.md"),
            expect: &[
                (K::Title, "Rust Extensions for Python with PyO3"),
                (K::Track, "Performance"),
                (K::Format, "Tutorial"),
                (K::Duration, "3 hours"),
                (K::Level, "Advanced"),
                (
                    K::Audience,
                    "Python developers comfortable with a compiled language.",
                ),
                (
                    K::Prerequisites,
                    "A laptop with Rust installed (`rustup`), Python 3.11+.",
                ),
                (
                    K::Abstract,
                    "We rewrite a hot loop in Rust, measure it, and ship a wheel.",
                ),
            ],
            help: &[],
            body: &[],
            duration: Some(180),
            level: Some(Level::Advanced),
        },
        Case {
            name: "mixed_case.md",
            src: include_str!("../../../tests/fixtures/proposals/mixed_case.md"),
            expect: &[
                (
                    K::Abstract,
                    "Profiling tells you where the time goes; this talk is about what to do next.",
                ),
                (K::Duration, "1h 30m"),
                (K::Level, "ALL LEVELS"),
                (K::Outline, "- cProfile and py-spy\n- Reading flame graphs"),
                (K::Title, "Making Python Code Fast(er)"),
                (K::Prerequisites, "None beyond basic Python."),
            ],
            help: &[],
            body: &[],
            duration: Some(90),
            level: Some(Level::All),
        },
        Case {
            name: "no_structure.md",
            src: include_str!("../../../tests/fixtures/proposals/no_structure.md"),
            expect: &[],
            help: &[],
            body: &[include_str!("../../../tests/fixtures/proposals/no_structure.md")],
            duration: None,
            level: None,
        },
        Case {
            name: "title_and_prose.md",
            src: include_str!("../../../tests/fixtures/proposals/title_and_prose.md"),
            expect: &[(K::Title, "Teaching Python to Ten-Year-Olds")],
            help: &[],
            body: &["Last year I ran a weekly coding club at my daughter's school. Kids loved turtle\n\
                     graphics and hated syntax errors.\n\n\
                     This talk shares the exercises that worked, the ones that failed, and a small\n\
                     library we wrote to make error messages friendlier."],
            duration: None,
            level: None,
        },
        Case {
            name: "crlf.md",
            src: include_str!("../../../tests/fixtures/proposals/crlf.md"),
            expect: &[
                (K::Title, "Logging That Helps at 3 a.m."),
                (K::Duration, "25 minutes"),
                (K::Level, "intermediate"),
                (
                    K::Description,
                    "Structured logs, correlation ids and the five fields every log line needs.",
                ),
                (K::Notes, "First-time speaker."),
            ],
            help: &[],
            body: &[],
            duration: Some(25),
            level: Some(Level::Intermediate),
        },
        Case {
            name: "polish.md",
            src: include_str!("../../../tests/fixtures/proposals/polish.md"),
            expect: &[
                (K::Title, "Asynchroniczny Python w praktyce"),
                (K::Duration, "30 minut"),
                (K::Level, "średniozaawansowany"),
                (K::Track, "Web"),
                (
                    K::Description,
                    "Pokażę, jak przepisać synchroniczną usługę na asyncio bez przestojów — krok po kroku, z przykładami.",
                ),
                (
                    K::Bio,
                    "Zażółć gęślą jaźń: programuję w Pythonie od dziesięciu lat.",
                ),
            ],
            help: &[],
            body: &[],
            duration: Some(30),
            level: Some(Level::Intermediate),
        },
        Case {
            name: "japanese.md",
            src: include_str!("../../../tests/fixtures/proposals/japanese.md"),
            expect: &[
                (K::Title, "型ヒントで読みやすいPython"),
                (K::Duration, "30分"),
                (K::Level, "初級"),
                (
                    K::Description,
                    "型ヒントを使って、チームのコードを読みやすくする方法を紹介します。",
                ),
                (K::Audience, "Pythonを業務で使い始めた人"),
            ],
            help: &[],
            body: &[],
            duration: Some(30),
            level: Some(Level::Beginner),
        },
        Case {
            name: "tutorial_fenced.md",
            src: include_str!("../../../tests/fixtures/proposals/tutorial_fenced.md"),
            expect: &[
                (K::Title, "Writing Your Own Markdown Parser"),
                (K::Format, "Tutorial, 90-minute session"),
                (
                    K::Description,
                    "We build a tiny Markdown parser together. The input format looks like this:\n\n\
                     ```markdown\nTitle: not a field, just sample input\n## Outline\n```\n\n\
                     By the end you will have a working parser.",
                ),
                (K::Bio, "Sam Example writes parsers for fun."),
            ],
            help: &[],
            body: &["# Draft v3 (do not share)"],
            duration: Some(90),
            level: None,
        },
    ];

    fn normalize_newlines(s: &str) -> String {
        s.replace("\r\n", "\n")
    }

    #[test]
    fn fixtures_detect_exact_fields() {
        for case in CASES {
            let p = parse(case.src);
            let got: Vec<(FieldKind, String)> = p
                .fields()
                .iter()
                .map(|f| (f.kind, normalize_newlines(p.value_of(f))))
                .collect();
            let want: Vec<(FieldKind, String)> = case
                .expect
                .iter()
                .map(|&(k, v)| (k, v.to_owned()))
                .collect();
            assert_eq!(got, want, "fields of {}", case.name);
            let help: Vec<(FieldKind, String)> = p
                .fields()
                .iter()
                .filter_map(|f| p.help_of(f).map(|h| (f.kind, normalize_newlines(h))))
                .collect();
            let want_help: Vec<(FieldKind, String)> =
                case.help.iter().map(|&(k, v)| (k, v.to_owned())).collect();
            assert_eq!(help, want_help, "help text of {}", case.name);
            let body: Vec<String> = p.body().map(normalize_newlines).collect();
            let want_body: Vec<String> = case
                .body
                .iter()
                .map(|b| normalize_newlines(b.trim()))
                .collect();
            assert_eq!(body, want_body, "body of {}", case.name);
            assert_eq!(
                p.duration_minutes(),
                case.duration,
                "duration of {}",
                case.name
            );
            assert_eq!(p.level(), case.level, "level of {}", case.name);
            assert_covered(&p);
        }
    }

    #[test]
    fn fixtures_round_trip_through_markdown() {
        for case in CASES {
            let p = parse(case.src);
            assert_round_trip(&p);
        }
    }

    #[test]
    fn crlf_fixture_really_has_crlf_and_parses_like_lf() {
        let src = CASES.iter().find(|c| c.name == "crlf.md").map(|c| c.src);
        let lf = normalize_newlines(src.unwrap_or_default());
        // Force CRLF even if a checkout normalised the fixture.
        let crlf = lf.replace('\n', "\r\n");
        let (a, b) = (parse(&lf), parse(&crlf));
        assert_eq!(kinds_values(&a), kinds_values(&b));
        assert_covered(&b);
        for f in b.fields() {
            assert!(!b.value_of(f).ends_with('\r'), "{f:?}");
        }
    }

    #[test]
    fn every_fixture_parses_the_same_with_crlf() {
        for case in CASES {
            let lf = normalize_newlines(case.src);
            let crlf = lf.replace('\n', "\r\n");
            let (a, b) = (parse(&lf), parse(&crlf));
            let norm = |p: &Proposal| -> Vec<(FieldKind, String)> {
                kinds_values(p)
                    .into_iter()
                    .map(|(k, v)| (k, normalize_newlines(&v)))
                    .collect()
            };
            assert_eq!(norm(&a), norm(&b), "{}", case.name);
            assert_covered(&b);
        }
    }

    #[test]
    fn every_prefix_of_fixtures_parses_and_is_covered() {
        for name in [
            "cfp_form.md",
            "polish.md",
            "japanese.md",
            "setext.md",
            "tutorial_fenced.md",
        ] {
            let src = CASES.iter().find(|c| c.name == name).map_or("", |c| c.src);
            for (i, _) in src.char_indices().chain(std::iter::once((src.len(), ' '))) {
                let p = parse(&src[..i]);
                assert_covered(&p);
            }
        }
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let big = "Zażółć gęślą jaźń — 型ヒント\tTitle: x\r ## y\n".repeat(1200);
        assert!(big.len() > 50_000);
        let inputs: Vec<String> = vec![
            String::new(),
            " ".into(),
            "\n\n\t \r\n".into(),
            "\r".into(),
            "a\rb\rc".into(),
            "Title:\r".into(),
            "#".into(),
            "# ".into(),
            "#######".into(),
            "===".into(),
            "---\n---\n===".into(),
            "Title\n".into(),
            "Title:".into(),
            "**:**".into(),
            "- ".into(),
            "1.".into(),
            "```".into(),
            "~~~\nTitle: x".into(),
            "(".into(),
            "Duration: 99999999999999999999999 hours".into(),
            "Duration: 4294967296".into(),
            "タイトル：".into(),
            "：".into(),
            "\u{feff}Title: bom".into(),
            big,
            "x".repeat(60_000),
            ":".repeat(10_000),
            "#".repeat(10_000),
            "Title: a\n".repeat(5_000),
            "Description\n".repeat(5_000),
        ];
        for src in &inputs {
            let p = parse(src);
            assert_covered(&p);
            let _ = to_markdown(&p);
            let _ = p.stats();
        }
        assert_eq!(parse("").fields(), &[]);
        assert_eq!(parse(" \n\t\n").body().count(), 0);
        assert_eq!(
            parse_duration_minutes("Duration: 99999999999999999999999 hours"),
            None
        );
    }

    /// Deterministic random drafts assembled from tricky fragments.
    #[test]
    fn random_drafts_are_covered_and_round_trip() {
        const PIECES: &[&str] = &[
            "# Title here",
            "## Description",
            "### Notes for reviewers:",
            "Title: Foo",
            "**Level:** beginner",
            "- Duration: 1h 30m",
            "Speakers:",
            "Description *",
            "If your proposal is accepted this will be public.",
            "(optional)",
            "What is it?",
            "Outline",
            "====",
            "---",
            "```",
            "~~~",
            "",
            "",
            "",
            "plain prose line",
            "another: line with colon",
            "Zażółć gęślą jaźń",
            "型ヒント：です",
            "\t- item",
            "  indented",
            "Format: Talk (30 min)",
            "# ",
            "#",
            "Abstract:",
            "Max Mustermann",
            "Optional typing",
            "\r",
            "Bio",
            "1. first",
            "Audience: devs",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap_or(0)
        };
        for _ in 0..3000 {
            let lines = 1 + next(14);
            let mut src = String::new();
            for _ in 0..lines {
                src.push_str(PIECES[next(PIECES.len())]);
                src.push_str(if next(5) == 0 { "\r\n" } else { "\n" });
            }
            let p = parse(&src);
            assert_covered(&p);
            // Known limitation: an unclosed fence inside one field can pair
            // with a fence of another field once `to_markdown` reorders them.
            if !src.contains("```") && !src.contains("~~~") {
                assert_round_trip(&p);
            }
        }
    }

    #[test]
    fn durations() {
        let cases: &[(&str, Option<u32>)] = &[
            ("30 minutes", Some(30)),
            ("30 min", Some(30)),
            ("30min", Some(30)),
            ("45m", Some(45)),
            ("30", Some(30)),
            ("1 hour", Some(60)),
            ("1h 30m", Some(90)),
            ("1 hour and 30 minutes", Some(90)),
            ("1.5 hours", Some(90)),
            ("90-minute talk", Some(90)),
            ("Talk (30 min)", Some(30)),
            ("3 hours", Some(180)),
            ("30-45 minutes", Some(30)),
            ("25 or 45 min", Some(25)),
            ("30 minutes + 10 min Q&A", Some(30)),
            ("half an hour", Some(30)),
            ("30分", Some(30)),
            ("1時間", Some(60)),
            ("45 minut", Some(45)),
            ("Talk", None),
            ("", None),
            ("0 minutes", None),
            ("talk 30 or 45", None),
        ];
        for &(s, want) in cases {
            assert_eq!(parse_duration_minutes(s), want, "{s:?}");
        }
        // A format field only yields a duration when it carries a unit.
        assert_eq!(
            parse("Format: Talk, 30 minutes").duration_minutes(),
            Some(30)
        );
        assert_eq!(parse("Format: Talk 2").duration_minutes(), None);
        // The duration field wins over the format field.
        assert_eq!(
            parse("Format: Talk (30 min)\nDuration: 45 min").duration_minutes(),
            Some(45)
        );
    }

    #[test]
    fn levels() {
        let cases: &[(&str, Option<Level>)] = &[
            ("Beginner", Some(Level::Beginner)),
            ("novice", Some(Level::Beginner)),
            ("Intermediate", Some(Level::Intermediate)),
            ("experienced", Some(Level::Advanced)),
            ("ADVANCED", Some(Level::Advanced)),
            ("All levels", Some(Level::All)),
            ("Beginner to intermediate", Some(Level::Beginner)),
            (
                "Intermediate to advanced Django users",
                Some(Level::Intermediate),
            ),
            ("a small talk", None),
            ("中級", Some(Level::Intermediate)),
            ("zaawansowany", Some(Level::Advanced)),
            ("", None),
        ];
        for &(s, want) in cases {
            assert_eq!(parse_level(s), want, "{s:?}");
        }
    }

    #[test]
    fn labels_are_recognised_in_every_form() {
        for kind in FieldKind::ALL {
            let label = kind.label();
            for src in [
                format!("## {label}\n\nvalue text"),
                format!("### {label}:\nvalue text"),
                format!("{label}\n---\nvalue text"),
                format!("{label}: value text"),
                format!("**{label}:** value text"),
                format!("**{label}**: value text"),
                format!("- {label}: value text"),
                format!("{} *\nvalue text", label.to_uppercase()),
                format!("{}:\n\nvalue text", label.to_lowercase()),
            ] {
                let p = parse(&src);
                assert_eq!(p.fields().len(), 1, "{src:?}: {p:?}");
                assert_eq!(p.fields()[0].kind, kind, "{src:?}");
                assert_eq!(p.text(kind), Some("value text"), "{src:?}");
                assert_eq!(p.body().count(), 0, "{src:?}");
                assert_covered(&p);
            }
        }
    }

    #[test]
    fn aliases_are_normalised_and_short() {
        for (alias, kind) in ALIASES {
            assert!(alias.len() <= MAX_ALIAS_BYTES, "{alias}");
            assert_eq!(label_kind(alias), Some(*kind), "{alias}");
            assert_eq!(*alias, alias.to_lowercase(), "{alias}");
        }
        for kind in FieldKind::ALL {
            assert_eq!(label_kind(kind.label()), Some(kind));
        }
    }

    #[test]
    fn synonyms_map_to_the_expected_field() {
        let cases = [
            ("Category", K::Track),
            ("Session type", K::Format),
            ("Who is it for?", K::Audience),
            ("Python level", K::Level),
            ("Objectives", K::Takeaways),
            ("What attendees will learn", K::Takeaways),
            ("Learning outcomes", K::Takeaways),
            ("Summary", K::Description),
            ("Short description", K::Description),
            ("Elevator pitch", K::Description),
            ("Abstract", K::Abstract),
            ("Detailed abstract", K::Abstract),
            ("Details", K::Abstract),
            ("Additional notes", K::Notes),
            ("Reviewer notes", K::Notes),
            ("Speaker names", K::Speakers),
            ("Speaker(s)", K::Speakers),
            ("Name", K::Speakers),
            ("About the speaker", K::Bio),
            ("Speaker bio", K::Bio),
            ("Description (optional)", K::Description),
        ];
        for (label, kind) in cases {
            assert_eq!(label_kind(label), Some(kind), "{label}");
        }
        for not_label in [
            "Note",
            "Introduction",
            "Slides",
            "Time",
            "Topics include",
            "",
        ] {
            assert_eq!(label_kind(not_label), None, "{not_label}");
        }
    }

    #[test]
    fn help_text_is_kept_apart_but_weak_phrases_only_after_form_labels() {
        // After a heading, text starting "What…" is the author's.
        let p = parse("## Description\n\nWhat happens when you import a module?");
        assert_eq!(
            p.text(K::Description),
            Some("What happens when you import a module?")
        );
        assert_eq!(p.fields()[0].help, None);
        // After a bare form label it is the form's question.
        let p = parse("Description\nWhat is your talk about?\nImports, explained.");
        assert_eq!(p.text(K::Description), Some("Imports, explained."));
        assert_eq!(p.help_of(&p.fields()[0]), Some("What is your talk about?"));
        // Strong help after a heading; "Max" as a name is not help.
        let p =
            parse("## Abstract\n\n(Max 2000 characters)\n\nText.\n\n## Speaker\nMax Mustermann");
        assert_eq!(p.text(K::Abstract), Some("Text."));
        assert_eq!(p.help_of(&p.fields()[0]), Some("(Max 2000 characters)"));
        assert_eq!(p.text(K::Speakers), Some("Max Mustermann"));
        // "Optional typing" is a topic, not the word "Optional".
        let p = parse("## Description\n\nOptional typing in practice.");
        assert_eq!(p.text(K::Description), Some("Optional typing in practice."));
    }

    #[test]
    fn title_rules() {
        // A leading level-1 heading is the title.
        assert_eq!(parse("# My Talk\n\nprose").title(), Some("My Talk"));
        // Not when prose comes first, or when it is level 2.
        assert_eq!(parse("prose\n\n# Part one\n\nmore").title(), None);
        assert_eq!(parse("## My Talk\n\nprose").title(), None);
        // An explicit title wins, and the heading is kept as body.
        let p = parse("# Draft\n\nTitle: Real");
        assert_eq!(p.title(), Some("Real"));
        assert_eq!(p.body().collect::<Vec<_>>(), ["# Draft"]);
        // A heading that is a label is a label, not a title.
        let p = parse("# Abstract\n\nText");
        assert_eq!(p.title(), None);
        assert_eq!(p.text(K::Abstract), Some("Text"));
        // Heading with an inline key.
        assert_eq!(parse("## Title: Foo").title(), Some("Foo"));
        // Title block ends at its paragraph; the rest is body.
        let p = parse("Title:\nFoo\n\nBar");
        assert_eq!(p.title(), Some("Foo"));
        assert_eq!(p.body().collect::<Vec<_>>(), ["Bar"]);
    }

    #[test]
    fn label_lines_inside_a_heading_section_stay_text_except_short_keys() {
        let src = "# T\n\n## Description\n\nSpeaker: Anna Herlihy\n\nOutline:\n- a\n\n\
                   Slides can be found at: https://example.org\n\nLevel: Advanced\n\nafter";
        let p = parse(src);
        assert_eq!(
            p.text(K::Description),
            Some("Speaker: Anna Herlihy\n\nOutline:\n- a\n\nSlides can be found at: https://example.org")
        );
        assert_eq!(p.text(K::Speakers), None);
        assert_eq!(p.level(), Some(Level::Advanced));
        assert_eq!(p.body().collect::<Vec<_>>(), ["after"]);
        assert_round_trip(&p);
        // Outside heading sections the same lines are fields.
        let p = parse("Speaker: Anna Herlihy\nOutline:\n- a");
        assert_eq!(p.text(K::Speakers), Some("Anna Herlihy"));
        assert_eq!(p.text(K::Outline), Some("- a"));
    }

    #[test]
    fn field_prefers_a_non_empty_value() {
        let p = parse("Description:\n## Description\n\nReal text");
        assert_eq!(p.fields().len(), 2);
        assert_eq!(p.text(K::Description), Some("Real text"));
    }

    #[test]
    fn stats_count_chars_and_words() {
        let p = parse("Title: Zażółć gęślą\n\n## Outline\n\n- one two\n- three");
        assert_eq!(
            p.stats(),
            vec![
                FieldStats {
                    kind: K::Title,
                    chars: 12,
                    words: 2
                },
                FieldStats {
                    kind: K::Outline,
                    chars: 17,
                    words: 5
                },
            ]
        );
    }

    #[test]
    fn to_markdown_is_canonical() {
        let p = parse(CASES[1].src);
        let md = to_markdown(&p);
        assert!(
            md.starts_with("# Type Hints for Data Scientists\n\nTrack: Data Science\n"),
            "{md}"
        );
        assert!(md.contains("Duration: 45 minutes\n"), "{md}");
        assert!(
            md.contains("\n## Speakers\n\n- Jane Doe\n- John Roe"),
            "{md}"
        );
        assert!(
            md.contains("\n## Notes for reviewers\n\nHappy to shorten"),
            "{md}"
        );
    }

    #[test]
    fn large_draft_parses_in_linear_time() {
        let unit = CASES[0].src;
        let src = unit.repeat(1 + 1_000_000 / unit.len());
        let start = std::time::Instant::now();
        let p = parse(&src);
        let elapsed = start.elapsed();
        assert!(p.fields().len() > 1000);
        // 1 MB; a quadratic parser would take minutes even in debug builds.
        assert!(elapsed.as_secs() < 10, "{elapsed:?}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod corpus {
        use super::*;

        struct Talk {
            title: String,
            description: String,
            duration_seconds: Option<u64>,
        }

        fn talks() -> Vec<Talk> {
            let json: serde_json::Value = serde_json::from_str(include_str!(
                "../../../tests/fixtures/corpus/pycon-us-talks.json"
            ))
            .expect("corpus is valid JSON");
            json.as_array()
                .expect("corpus is an array")
                .iter()
                .map(|t| Talk {
                    title: t["title"].as_str().unwrap_or_default().to_owned(),
                    description: t["description"].as_str().unwrap_or_default().to_owned(),
                    duration_seconds: t["duration"].as_u64(),
                })
                .collect()
        }

        /// Independent check: does a line look like a field label?
        fn has_label_line(text: &str) -> bool {
            text.lines().any(|l| {
                let l = l.trim().trim_start_matches(['#', '-', '*', ' ']).trim();
                let key = l.split([':', '：']).next().unwrap_or("");
                label_kind(key).is_some()
            })
        }

        fn first_line_is_h1(text: &str) -> bool {
            let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
            let first = lines.next().unwrap_or("");
            let second = lines.next().unwrap_or("");
            first.starts_with("# ")
                || (!second.is_empty() && second.trim_end().bytes().all(|b| b == b'='))
        }

        #[test]
        fn structured_records_recover_title_duration_description() {
            let talks = talks();
            assert!(talks.len() > 1000);
            let (mut exact, mut with_labels) = (0, 0);
            for t in talks.iter().step_by(5) {
                let minutes = t.duration_seconds.map(|s| s / 60).filter(|&m| m > 0);
                let mut src = format!("# {}\n\n", t.title);
                if let Some(m) = minutes {
                    src = format!("{src}Duration: {m} minutes\n\n");
                }
                src.push_str("## Description\n\n");
                src.push_str(&t.description);
                let p = parse(&src);
                assert_covered(&p);
                assert_eq!(p.title(), Some(t.title.trim()), "{src}");
                assert_eq!(
                    p.duration_minutes(),
                    minutes.and_then(|m| u32::try_from(m).ok()),
                    "{src}"
                );
                let desc = p.fields().iter().find(|f| f.kind == K::Description);
                let desc = desc.map(|f| p.value_of(f)).unwrap_or_default();
                if has_label_line(&t.description) && desc != t.description.trim() {
                    // The description itself has labelled headings
                    // (`Intended Audience` / `===`); they split off.
                    with_labels += 1;
                    assert!(t.description.trim().starts_with(desc), "{src}");
                } else {
                    assert_eq!(desc, t.description.trim(), "{src}");
                    exact += 1;
                }
                assert_round_trip(&p);
            }
            assert!(
                exact >= 300,
                "only {exact} exact ({with_labels} with labels)"
            );
        }

        #[test]
        fn raw_descriptions_are_never_dropped_nor_given_a_title() {
            let mut checked = 0;
            let mut with_fields = 0;
            for t in talks() {
                let p = parse(&t.description);
                assert_covered(&p);
                for f in p.fields().iter().filter(|f| f.kind == K::Title) {
                    // Either the author labelled it, or it is a leading
                    // level-1 heading.
                    let label = p.slice(&f.label).lines().next().unwrap_or("");
                    let labelled = label_kind(label.trim_start_matches('#')) == Some(K::Title);
                    assert!(
                        labelled || first_line_is_h1(&t.description),
                        "spurious title {:?} in {:?}",
                        p.value_of(f),
                        t.title
                    );
                }
                if p.fields().is_empty() {
                    assert_eq!(
                        p.body().collect::<Vec<_>>(),
                        [t.description.trim()],
                        "{:?}",
                        t.title
                    );
                } else {
                    with_fields += 1;
                }
                assert_round_trip(&p);
                checked += 1;
            }
            assert!(checked >= 300);
            // Many PyCon tutorial descriptions really are labelled
            // (`Speaker: …`, `Intended Audience` / `===`, `Abstract`); plain
            // prose stays prose.
            assert!(
                with_fields * 4 < checked,
                "{with_fields} of {checked} got fields"
            );
        }

        #[test]
        fn labels_inside_real_descriptions() {
            let talks = talks();
            let find = |title: &str| {
                let t = talks.iter().find(|t| t.title == title);
                parse(&t.map(|t| t.description.clone()).unwrap_or_default())
            };
            let p = find("Write an Excellent Programming Blog");
            assert_eq!(p.text(K::Speakers), Some("A. Jesse Jiryu Davis"));
            assert!(p
                .body()
                .next()
                .is_some_and(|b| b.starts_with("Writing rewards you")));
            // A CFP form rendered as reStructuredText-ish setext headings.
            let p = find("IPython and Jupyter in Depth: High productivity, interactive Python");
            assert_eq!(p.level(), Some(Level::Intermediate));
            assert!(p
                .text(K::Description)
                .is_some_and(|d| d.starts_with("IPython and Jupyter provide tools")));
            assert!(p
                .text(K::Takeaways)
                .is_some_and(|d| d.starts_with("At the end of this tutorial")));
            assert!(p
                .text(K::Abstract)
                .is_some_and(|d| d.starts_with("IPython started in 2001")));
            let p = find("Hatch: The only tool you need");
            assert_eq!(p.title(), Some("Hatch: The only tool you need"));
            assert_eq!(p.text(K::Track), Some("Packaging/tooling"));
            assert_eq!(p.duration_minutes(), Some(30));
            assert_eq!(p.level(), Some(Level::All));
            assert_eq!(
                p.body().next(),
                Some(".. container::\n\n   |Hatch logo|\n\n--------------")
            );
        }
    }
}
