//! Sessionize: the sessions export, saved as CSV.

use super::csv;
use super::text::{minutes, non_empty, Parts};
use super::{Format, Import, ImportError, ProposalState, Speaker};

const ID: &[&str] = &["Session Id", "Session ID"];
const TITLE: &[&str] = &["Title", "Session Title"];
const DESCRIPTION: &[&str] = &["Description", "Session Description"];
const OWNER: &[&str] = &["Owner"];
const OWNER_EMAIL: &[&str] = &["Owner Email", "Owner e-mail"];
const SPEAKERS: &[&str] = &["Speakers", "Speaker"];
const FORMAT: &[&str] = &["Session format", "Format"];
const TRACK: &[&str] = &["Track", "Category"];
const LEVEL: &[&str] = &["Level"];
const STATUS: &[&str] = &["Status", "Session Status"];
const TAGS: &[&str] = &["Tags"];
const DURATION: &[&str] = &["Duration"];
const NOTES: &[&str] = &["Notes", "Owner Notes"];
/// Columns known and not imported.
const DROPPED: &[&str] = &[
    "Date Submitted",
    "Language",
    "Is Informed",
    "Is Confirmed",
    "Room",
    "Scheduled At",
    "Scheduled Duration",
    "Room Id",
    "Recording Url",
    "Live Url",
    "Speaker Ids",
];

pub(super) fn read_csv(text: &str) -> Result<Import, ImportError> {
    let format = Format::SessionizeCsv;
    let table = csv::read(text, format)?;
    let mut import = Import::new(format);
    let col = |names: &[&str]| table.column(names);
    let (id, title) = (col(ID), col(TITLE));
    if title.is_none() {
        return Err(ImportError::new(Some(format), "it has no Title column").at_line(1));
    }
    let (desc, owner, email, speakers, kind, track, level, status, tags, duration, notes) = (
        col(DESCRIPTION),
        col(OWNER),
        col(OWNER_EMAIL),
        col(SPEAKERS),
        col(FORMAT),
        col(TRACK),
        col(LEVEL),
        col(STATUS),
        col(TAGS),
        col(DURATION),
        col(NOTES),
    );
    let known = [
        id, title, desc, owner, email, speakers, kind, track, level, status, tags, duration, notes,
    ];
    let extra: Vec<usize> = (0..table.header.len())
        .filter(|i| !known.contains(&Some(*i)))
        .filter(|&i| {
            let h = table.header[i].trim();
            let dropped = DROPPED.iter().any(|d| d.eq_ignore_ascii_case(h));
            if dropped {
                import.note(&format!("the column {h} is not imported"));
            }
            !dropped && !h.is_empty()
        })
        .collect();
    for (n, row) in table.rows.iter().enumerate() {
        let t = row.get(title);
        if t.trim().is_empty() {
            return Err(ImportError::new(Some(format), "it has no title")
                .at_line(row.line)
                .at_record(n + 1));
        }
        // The owner first, then the other speakers (Sessionize lists every
        // speaker, owner included, in `Speakers`, separated by commas).
        let mut people: Vec<Speaker> = Vec::new();
        if let Some(name) = non_empty(row.get(owner)) {
            people.push(Speaker {
                name,
                email: row.get(email).trim().to_owned(),
                ..Speaker::default()
            });
        }
        for name in row.get(speakers).split([',', '\n']).filter_map(non_empty) {
            if !people.iter().any(|p| p.name == name) {
                people.push(Speaker {
                    name,
                    ..Speaker::default()
                });
            }
        }
        import.proposals.push(
            Parts {
                code: non_empty(row.get(id)),
                title: t.to_owned(),
                summary: String::new(),
                description: row.get(desc).to_owned(),
                notes: row.get(notes).to_owned(),
                extra: extra
                    .iter()
                    .map(|&i| (table.header[i].clone(), row.get(Some(i)).to_owned()))
                    .collect(),
                speakers: people,
                track: non_empty(row.get(track)),
                submission_type: non_empty(row.get(kind)),
                level: non_empty(row.get(level)),
                tags: row
                    .get(tags)
                    .split([',', '\n'])
                    .filter_map(non_empty)
                    .collect(),
                duration_minutes: minutes(row.get(duration)),
                state: ProposalState::from_word(row.get(status)),
            }
            .build(),
        );
    }
    Ok(import)
}
