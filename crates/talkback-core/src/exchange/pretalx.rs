//! pretalx: the API's submissions (JSON, paginated) and the organiser export (CSV or JSON).

use super::csv::{self, Row, Table};
use super::record::{lang, read_json, read_table, whole, JsonRecord, Mapping, Record};
use super::text::{non_empty, Parts};
use super::{Format, Import, ImportError, Speaker};
use crate::json::Value;

/// The API's field names.
const API: Mapping = Mapping {
    format: Format::PretalxJson,
    code: &["code"],
    title: &["title"],
    summary: &["abstract"],
    description: &["description"],
    notes: &["notes"],
    track: &["track"],
    kind: &["submission_type"],
    level: &[],
    duration: &["duration"],
    state: &["state"],
    tags: &["tags"],
    people: &[],
    dropped: &[],
};

/// The organiser export's column names (labels), old and new.
const EXPORT: Mapping = Mapping {
    format: Format::PretalxCsv,
    code: &["ID", "Code"],
    title: &[
        "Proposal title",
        "Title",
        "Submission title",
        "Session title",
    ],
    summary: &["Abstract"],
    description: &["Description"],
    notes: &["Notes"],
    track: &["Track"],
    kind: &["Session type", "Submission type", "Type"],
    level: &[],
    duration: &["Duration"],
    state: &["Proposal state", "State", "Status"],
    tags: &["Tags"],
    people: &["Speaker names", "Speakers", "Speaker IDs", "Speaker codes"],
    dropped: &[
        "Internal notes",
        "Pending proposal state",
        "Slot count",
        "Language",
        "Content locale",
        "Featured",
        "Don't record",
        "Do not record",
        "Image",
        "Resources",
        "Room",
        "Start",
        "End",
        "Median score",
        "Mean score",
        "Created",
    ],
};

/// One page of the API: `{"count", "next", "previous", "results": [...]}`.
pub(super) fn read_page(page: &Value) -> Result<Import, ImportError> {
    let mut import = Import::new(Format::PretalxJson);
    import.next = page.get("next").and_then(Value::as_str).and_then(non_empty);
    import.total = page
        .get("count")
        .and_then(Value::as_f64)
        .and_then(whole)
        .map(|n| n as usize);
    let Some(results) = page.get("results").and_then(Value::as_array) else {
        return Err(ImportError::new(
            Some(Format::PretalxJson),
            "its results are not a list",
        ));
    };
    read_items(results, import)
}

/// Submissions as the API gives them (`code`, `title`, `speakers`…).
pub(super) fn read_items(items: &[Value], import: Import) -> Result<Import, ImportError> {
    read_json(items, import, &API, None, finish_api)
}

fn finish_api(r: &JsonRecord<'_>, p: &mut Parts, import: &mut Import) {
    for s in r
        .get(&["speakers"])
        .and_then(Value::as_array)
        .unwrap_or_default()
    {
        if let Value::String(code) = s {
            import.note(
                "speakers are given as codes only: their names are not in this file \
                 (export with expand=speakers to have them)",
            );
            p.speakers.push(Speaker {
                code: Some(code.clone()),
                ..Speaker::default()
            });
        } else {
            p.speakers.push(Speaker {
                code: non_empty(&lang(s.get("code"))),
                name: lang(s.get("name")),
                email: lang(s.get("email")),
                bio: lang(s.get("biography")),
            });
        }
    }
    // Ids only (an API call without expand=…): no names to show.
    for (key, slot) in [
        ("submission_type", &mut p.submission_type),
        ("track", &mut p.track),
    ] {
        if matches!(r.item.get(key), Some(Value::Number(_))) {
            *slot = None;
            import.note(
                "session types and tracks are given as numbers only: their names are not in \
                 this file (export with expand=submission_type,track to have them)",
            );
        }
    }
    if r.get(&["answers"])
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
    {
        import.note("answers to the CFP's own questions are not imported");
    }
}

/// The organiser CSV export: one row per proposal; lists (speakers, tags) in
/// one cell separated by line breaks or `, `.
pub(super) fn read_csv(text: &str) -> Result<Import, ImportError> {
    let table = csv::read(text, Format::PretalxCsv)?;
    read_table(
        &table,
        Import::new(Format::PretalxCsv),
        &EXPORT,
        finish_export,
    )
}

fn finish_export(r: &super::record::CsvRecord<'_>, p: &mut Parts) {
    let names = r.list(&["Speaker names", "Speakers"]);
    let ids = r.list(&["Speaker IDs", "Speaker codes"]);
    p.speakers = (0..names.len().max(ids.len()))
        .map(|i| Speaker {
            code: ids.get(i).cloned(),
            name: names.get(i).cloned().unwrap_or_default(),
            ..Speaker::default()
        })
        .collect();
}

/// The same export as JSON: a list of objects keyed by the column names.
pub(super) fn read_export_json(items: &[Value]) -> Result<Import, ImportError> {
    let mut header: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(members) = item {
            for (k, _) in members {
                if !header.contains(k) {
                    header.push(k.clone());
                }
            }
        }
    }
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, item)| Row {
            line: i + 1,
            fields: header
                .iter()
                .map(|k| match item.get(k) {
                    Some(Value::Array(list)) => list
                        .iter()
                        .map(|v| lang(Some(v)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    v => lang(v),
                })
                .collect(),
        })
        .collect();
    read_table(
        &Table { header, rows },
        Import::new(Format::PretalxCsv),
        &EXPORT,
        finish_export,
    )
}
