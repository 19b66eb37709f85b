//! The Markdown an imported proposal becomes, with the labels `proposal::parse` reads.

use std::fmt::Write as _;

use super::{Imported, ProposalState, Speaker};

/// The parts of a proposal as a CFP tool holds them, before they become
/// Markdown.
#[derive(Debug, Default)]
pub(super) struct Parts {
    pub code: Option<String>,
    pub title: String,
    /// The short, public summary (pretalx and PaperCall `abstract`, HotCRP
    /// `abstract`): written as `## Summary`.
    pub summary: String,
    /// The longer text (pretalx and PaperCall `description`, Sessionize
    /// `Description`): written as `## Detailed description`, or as
    /// `## Description` when there is no summary.
    pub description: String,
    /// Notes for the reviewers.
    pub notes: String,
    /// Other questions and answers (custom questions), in file order.
    pub extra: Vec<(String, String)>,
    pub speakers: Vec<Speaker>,
    pub track: Option<String>,
    pub submission_type: Option<String>,
    pub level: Option<String>,
    pub tags: Vec<String>,
    pub duration_minutes: Option<u32>,
    pub state: ProposalState,
}

/// One line: line breaks and runs of white space become one space.
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with `\r\n` and `\r` as `\n`, trimmed.
pub(super) fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// `Some(trimmed)` unless blank.
pub(super) fn non_empty(s: &str) -> Option<String> {
    let s = one_line(s);
    (!s.is_empty()).then_some(s)
}

/// A heading text that cannot end the section early or run into the next
/// line: one line, no leading `#`.
fn heading(label: &str) -> String {
    one_line(label).trim_start_matches('#').trim().to_owned()
}

fn section(out: &mut String, label: &str, body: &str) {
    let body = clean(body);
    if body.is_empty() {
        return;
    }
    out.push_str("## ");
    out.push_str(label);
    out.push_str("\n\n");
    out.push_str(&body);
    out.push_str("\n\n");
}

impl Parts {
    /// The imported proposal: its Markdown text built from the parts.
    pub(super) fn build(self) -> Imported {
        let title = one_line(&self.title);
        let mut out = String::with_capacity(
            title.len() + self.summary.len() + self.description.len() + self.notes.len() + 128,
        );
        out.push_str("# ");
        out.push_str(if title.is_empty() {
            "(untitled)"
        } else {
            &title
        });
        out.push_str("\n\n");
        let mut short = false;
        for (label, value) in [
            ("Track", self.track.as_deref()),
            ("Format", self.submission_type.as_deref()),
            ("Level", self.level.as_deref()),
        ] {
            if let Some(v) = value {
                out.push_str(label);
                out.push_str(": ");
                out.push_str(&one_line(v));
                out.push('\n');
                short = true;
            }
        }
        if let Some(m) = self.duration_minutes {
            let _ = writeln!(out, "Duration: {m} minutes");
            short = true;
        }
        if short {
            out.push('\n');
        }
        // Questions the CFP asked besides the known ones come before the
        // known sections, so that the parser never reads them as part of one.
        for (label, value) in &self.extra {
            section(&mut out, &heading(label), value);
        }
        if clean(&self.summary).is_empty() {
            section(&mut out, "Description", &self.description);
        } else {
            section(&mut out, "Summary", &self.summary);
            section(&mut out, "Detailed description", &self.description);
        }
        section(&mut out, "Notes for reviewers", &self.notes);
        while out.ends_with("\n\n") {
            out.pop();
        }
        Imported {
            code: self.code.and_then(|c| non_empty(&c)),
            title,
            text: out,
            speakers: self.speakers,
            track: self.track.and_then(|s| non_empty(&s)),
            submission_type: self.submission_type.and_then(|s| non_empty(&s)),
            level: self.level.and_then(|s| non_empty(&s)),
            tags: self.tags.iter().filter_map(|t| non_empty(t)).collect(),
            duration_minutes: self.duration_minutes,
            state: self.state,
        }
    }
}

/// `text` with `## Speakers` and `## Bio` sections for `speakers`.
pub(super) fn with_speakers(text: &str, speakers: &[Speaker]) -> String {
    let mut out = text.trim_end().to_owned();
    out.push_str("\n\n");
    let names: Vec<String> = speakers
        .iter()
        .map(|s| {
            let name = one_line(&s.name);
            match (name.is_empty(), one_line(&s.email).as_str()) {
                (false, "") => name,
                (false, email) => format!("{name} <{email}>"),
                (true, "") => s.code.clone().unwrap_or_default(),
                (true, email) => email.to_owned(),
            }
        })
        .filter(|n| !n.is_empty())
        .collect();
    section(&mut out, "Speakers", &names.join("\n\n"));
    let bios: Vec<String> = speakers
        .iter()
        .map(|s| clean(&s.bio))
        .filter(|b| !b.is_empty())
        .collect();
    section(&mut out, "Bio", &bios.join("\n\n"));
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A duration as CFP tools write it: minutes as a number or `"30"`, or
/// pretalx's `"00:30:00"`.
pub(super) fn minutes(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let parts: Vec<&str> = s.split(':').collect();
    match parts.as_slice() {
        [h, m] | [h, m, _] => Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?),
        _ => crate::proposal::parse_duration_minutes(s),
    }
}
