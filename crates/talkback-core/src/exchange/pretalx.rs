//! pretalx: the API's submissions (JSON, paginated) and the organiser export (CSV or JSON).

use super::csv::{self, Table};
use super::text::{minutes, non_empty, Parts};
use super::{Format, Import, ImportError, ProposalState, Speaker, MAX_PROPOSALS};
use crate::json::Value;

/// A text field as pretalx gives it: a string, a per-language object
/// (`{"en": …, "de": …}`: English, else the first non-empty language), or an
/// object with a `name` (submission types and tracks when expanded).
pub(super) fn lang(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(members)) => {
            if let Some(name) = v.and_then(|v| v.get("name")) {
                return lang(Some(name));
            }
            if let Some(Value::String(en)) = v.and_then(|v| v.get("en")) {
                if !en.trim().is_empty() {
                    return en.clone();
                }
            }
            members
                .iter()
                .find_map(|(_, v)| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_default()
        }
        Some(Value::Number(n)) => whole(*n).map(|n| n.to_string()).unwrap_or_default(),
        Some(Value::Null | Value::Bool(_) | Value::Array(_)) | None => String::new(),
    }
}

/// A whole, non-negative number that fits `u32`.
fn whole(n: f64) -> Option<u32> {
    // The range check keeps the cast exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
}

/// One page of the API: `{"count", "next", "previous", "results": [...]}`.
pub(super) fn read_page(page: &Value) -> Result<Import, ImportError> {
    let mut import = Import::new(Format::PretalxJson);
    import.next = page
        .get("next")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned);
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
pub(super) fn read_items(items: &[Value], mut import: Import) -> Result<Import, ImportError> {
    if items.len() > MAX_PROPOSALS {
        return Err(ImportError::new(
            Some(import.format),
            format!("it holds more than {MAX_PROPOSALS} proposals"),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        if !matches!(item, Value::Object(_)) {
            return Err(ImportError::new(
                Some(import.format),
                format!("this is {}, not a proposal", item.type_name()),
            )
            .at_record(i + 1));
        }
        let code = lang(item.get("code"));
        let title = lang(item.get("title"));
        if code.trim().is_empty() && title.trim().is_empty() {
            return Err(
                ImportError::new(Some(import.format), "it has neither a code nor a title")
                    .at_record(i + 1),
            );
        }
        let mut speakers = Vec::new();
        for s in item
            .get("speakers")
            .and_then(Value::as_array)
            .unwrap_or_default()
        {
            match s {
                Value::String(code) => {
                    import.note(
                        "speakers are given as codes only: their names are not in this file \
                         (export with expand=speakers to have them)",
                    );
                    speakers.push(Speaker {
                        code: Some(code.clone()),
                        ..Speaker::default()
                    });
                }
                Value::Object(_) => speakers.push(Speaker {
                    code: non_empty(&lang(s.get("code"))),
                    name: lang(s.get("name")),
                    email: lang(s.get("email")),
                    bio: lang(s.get("biography")),
                }),
                Value::Null | Value::Bool(_) | Value::Number(_) | Value::Array(_) => {}
            }
        }
        let tags = item
            .get("tags")
            .and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| match t {
                Value::String(s) => Some(s.clone()),
                Value::Object(_) => non_empty(&lang(t.get("tag"))),
                Value::Null | Value::Bool(_) | Value::Number(_) | Value::Array(_) => None,
            })
            .collect();
        let kind = |key: &str| match item.get(key) {
            Some(Value::Number(_)) => None,
            v => non_empty(&lang(v)),
        };
        if matches!(item.get("submission_type"), Some(Value::Number(_)))
            || matches!(item.get("track"), Some(Value::Number(_)))
        {
            import.note(
                "session types and tracks are given as numbers only: their names are not in \
                 this file (export with expand=submission_type,track to have them)",
            );
        }
        if item
            .get("answers")
            .is_some_and(|a| a.as_array().is_some_and(|a| !a.is_empty()))
        {
            import.note("answers to the CFP's own questions are not imported");
        }
        let duration = match item.get("duration") {
            Some(Value::Number(n)) => whole(*n),
            Some(Value::String(s)) => minutes(s),
            _ => None,
        };
        import.proposals.push(
            Parts {
                code: Some(code),
                title,
                summary: lang(item.get("abstract")),
                description: lang(item.get("description")),
                notes: lang(item.get("notes")),
                extra: Vec::new(),
                speakers,
                track: kind("track"),
                submission_type: kind("submission_type"),
                level: None,
                tags,
                duration_minutes: duration,
                state: ProposalState::from_word(&lang(item.get("state"))),
            }
            .build(),
        );
    }
    Ok(import)
}

/// Column names of pretalx's organiser export, old and new.
const ID: &[&str] = &["ID", "Code"];
const TITLE: &[&str] = &[
    "Proposal title",
    "Title",
    "Submission title",
    "Session title",
];
const TYPE: &[&str] = &["Session type", "Submission type", "Type"];
const TRACK: &[&str] = &["Track"];
const TAGS: &[&str] = &["Tags"];
const ABSTRACT: &[&str] = &["Abstract"];
const DESCRIPTION: &[&str] = &["Description"];
const NOTES: &[&str] = &["Notes"];
const DURATION: &[&str] = &["Duration"];
const STATE: &[&str] = &["Proposal state", "State", "Status"];
const SPEAKER_NAMES: &[&str] = &["Speaker names", "Speakers", "Speaker name"];
const SPEAKER_IDS: &[&str] = &["Speaker IDs", "Speaker codes"];
/// Columns read by name, or known and dropped.
const DROPPED: &[&str] = &[
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
];

/// The organiser CSV export: one row per proposal; lists (speakers, tags) in
/// one cell separated by line breaks or `, `.
pub(super) fn read_csv(text: &str) -> Result<Import, ImportError> {
    let table = csv::read(text, Format::PretalxCsv)?;
    from_table(&table, Format::PretalxCsv)
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
        .map(|(i, item)| csv::Row {
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
    let mut import = from_table(&Table { header, rows }, Format::PretalxCsv)?;
    import.format = Format::PretalxCsv;
    Ok(import)
}

fn split_list(cell: &str) -> Vec<String> {
    let sep: &[char] = if cell.contains('\n') { &['\n'] } else { &[','] };
    cell.split(sep).filter_map(non_empty).collect()
}

fn from_table(table: &Table, format: Format) -> Result<Import, ImportError> {
    let mut import = Import::new(format);
    let id = table.column(ID);
    let title = table.column(TITLE);
    if id.is_none() || title.is_none() {
        return Err(
            ImportError::new(Some(format), "it has no ID or Proposal title column").at_line(1),
        );
    }
    let col = |names: &[&str]| table.column(names);
    let (kind, track, tags, abs, desc, notes, duration, state, names, ids) = (
        col(TYPE),
        col(TRACK),
        col(TAGS),
        col(ABSTRACT),
        col(DESCRIPTION),
        col(NOTES),
        col(DURATION),
        col(STATE),
        col(SPEAKER_NAMES),
        col(SPEAKER_IDS),
    );
    let known = [
        id, title, kind, track, tags, abs, desc, notes, duration, state, names, ids,
    ];
    // Other columns are the CFP's own questions: kept as sections.
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
        let code = row.get(id);
        let t = row.get(title);
        if code.trim().is_empty() && t.trim().is_empty() {
            return Err(
                ImportError::new(Some(format), "it has neither an ID nor a title")
                    .at_line(row.line)
                    .at_record(n + 1),
            );
        }
        let speaker_names = split_list(row.get(names));
        let speaker_ids = split_list(row.get(ids));
        let count = speaker_names.len().max(speaker_ids.len());
        let speakers = (0..count)
            .map(|i| Speaker {
                code: speaker_ids.get(i).cloned(),
                name: speaker_names.get(i).cloned().unwrap_or_default(),
                ..Speaker::default()
            })
            .collect();
        import.proposals.push(
            Parts {
                code: Some(code.to_owned()),
                title: t.to_owned(),
                summary: row.get(abs).to_owned(),
                description: row.get(desc).to_owned(),
                notes: row.get(notes).to_owned(),
                extra: extra
                    .iter()
                    .map(|&i| (table.header[i].clone(), row.get(Some(i)).to_owned()))
                    .collect(),
                speakers,
                track: non_empty(row.get(track)),
                submission_type: non_empty(row.get(kind)),
                level: None,
                tags: split_list(row.get(tags)),
                duration_minutes: minutes(row.get(duration)),
                state: ProposalState::from_word(row.get(state)),
            }
            .build(),
        );
    }
    Ok(import)
}
