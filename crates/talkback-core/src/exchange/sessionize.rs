//! Sessionize: the sessions export, saved as CSV.

use super::csv;
use super::record::{read_table, CsvRecord, Mapping, Record};
use super::text::{non_empty, Parts};
use super::{Format, Import, ImportError, Speaker};

const SESSIONIZE: Mapping = Mapping {
    format: Format::SessionizeCsv,
    code: &["Session Id"],
    title: &["Title", "Session Title"],
    summary: &[],
    description: &["Description", "Session Description"],
    notes: &["Notes", "Owner Notes"],
    track: &["Track", "Category"],
    kind: &["Session format", "Format"],
    level: &["Level"],
    duration: &["Duration"],
    state: &["Status", "Session Status"],
    tags: &["Tags"],
    people: &[
        "Owner",
        "Owner Email",
        "Owner e-mail",
        "Speakers",
        "Speaker",
    ],
    dropped: &[
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
    ],
};

pub(super) fn read_csv(text: &str) -> Result<Import, ImportError> {
    let table = csv::read(text, Format::SessionizeCsv)?;
    read_table(
        &table,
        Import::new(Format::SessionizeCsv),
        &SESSIONIZE,
        finish,
    )
}

/// The owner first, then the other speakers (Sessionize lists every speaker,
/// owner included, in `Speakers`, separated by commas).
fn finish(r: &CsvRecord<'_>, p: &mut Parts) {
    if let Some(name) = non_empty(&r.text(&["Owner"])) {
        p.speakers.push(Speaker {
            name,
            email: r.text(&["Owner Email", "Owner e-mail"]).trim().to_owned(),
            ..Speaker::default()
        });
    }
    for name in r
        .text(&["Speakers", "Speaker"])
        .split([',', '\n'])
        .filter_map(non_empty)
    {
        if !p.speakers.iter().any(|s| s.name == name) {
            p.speakers.push(Speaker {
                name,
                ..Speaker::default()
            });
        }
    }
}
