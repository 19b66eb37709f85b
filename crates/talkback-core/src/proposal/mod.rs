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

mod fields;
mod parser;
mod render;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod values;

pub use self::parser::parse;
pub use self::render::to_markdown;
pub use self::values::{parse_duration_minutes, parse_level};

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
