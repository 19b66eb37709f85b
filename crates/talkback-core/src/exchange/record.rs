//! One table-driven reader for every tool's records (JSON objects and CSV rows): each
//! format is a [`Mapping`] of field names, plus a small hook for its speakers.

use super::csv::{Row, Table};
use super::text::{minutes, non_empty, Parts};
use super::{Format, Import, ImportError, ProposalState, MAX_PROPOSALS};
use crate::json::Value;

/// Where each part of a proposal is in one tool's records: the names to try,
/// in order (JSON keys, or CSV column names compared case-insensitively).
pub(super) struct Mapping {
    pub format: Format,
    pub code: &'static [&'static str],
    pub title: &'static [&'static str],
    /// The short abstract.
    pub summary: &'static [&'static str],
    /// The long description.
    pub description: &'static [&'static str],
    pub notes: &'static [&'static str],
    pub track: &'static [&'static str],
    pub kind: &'static [&'static str],
    pub level: &'static [&'static str],
    pub duration: &'static [&'static str],
    pub state: &'static [&'static str],
    pub tags: &'static [&'static str],
    /// CSV columns the format's hook reads (speakers): not sections.
    pub people: &'static [&'static str],
    /// CSV columns known and not imported (said in the notes); any other
    /// column not mapped is one of the CFP's own questions, kept as a section.
    pub dropped: &'static [&'static str],
}

/// A record's fields by name.
pub(super) trait Record {
    /// The text of the first of `names` the record has (`""` if none).
    fn text(&self, names: &[&str]) -> String;
    /// A list: a JSON array, or a cell split at line breaks (or commas).
    fn list(&self, names: &[&str]) -> Vec<String>;
}

/// A text field as CFP tools give it in JSON: a string, a per-language
/// object (`{"en": …, "de": …}`: English, else the first non-empty language),
/// an object with a `name` (pretalx types and tracks when expanded), or a
/// whole number (ids, durations).
pub(super) fn lang(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(o @ Value::Object(members)) => {
            if let Some(name) = o.get("name") {
                return lang(Some(name));
            }
            match o.get("en") {
                Some(Value::String(en)) if !en.trim().is_empty() => en.clone(),
                _ => members
                    .iter()
                    .find_map(|(_, v)| match v {
                        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                        _ => None,
                    })
                    .unwrap_or_default(),
            }
        }
        Some(Value::Number(n)) => whole(*n).map(|n| n.to_string()).unwrap_or_default(),
        Some(Value::Null | Value::Bool(_) | Value::Array(_)) | None => String::new(),
    }
}

/// A whole, non-negative number that fits `u32`.
pub(super) fn whole(n: f64) -> Option<u32> {
    // The range check keeps the cast exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
}

/// Splits a cell holding a list: at line breaks if it has any, else at commas.
pub(super) fn split_list(cell: &str) -> Vec<String> {
    let sep = if cell.contains('\n') { '\n' } else { ',' };
    cell.split(sep).filter_map(non_empty).collect()
}

/// A JSON object; `inner` is looked in first (PaperCall's `talk`).
pub(super) struct JsonRecord<'a> {
    pub item: &'a Value,
    pub inner: Option<&'a Value>,
}

impl JsonRecord<'_> {
    pub fn get(&self, names: &[&str]) -> Option<&Value> {
        names.iter().find_map(|n| {
            self.inner
                .and_then(|i| i.get(n))
                .or_else(|| self.item.get(n))
                .filter(|v| !matches!(v, Value::Null))
        })
    }
}

impl Record for JsonRecord<'_> {
    fn text(&self, names: &[&str]) -> String {
        lang(self.get(names))
    }

    fn list(&self, names: &[&str]) -> Vec<String> {
        match self.get(names) {
            Some(Value::Array(items)) => items
                .iter()
                // Numbers are ids (pretalx `tags` without expand): no words to show.
                .filter(|t| !matches!(t, Value::Number(_)))
                .filter_map(|t| non_empty(&lang(Some(t).map(|t| t.get("tag").unwrap_or(t)))))
                .collect(),
            Some(Value::String(s)) => split_list(s),
            _ => Vec::new(),
        }
    }
}

/// One CSV row of a table.
pub(super) struct CsvRecord<'a> {
    pub table: &'a Table,
    pub row: &'a Row,
}

impl Record for CsvRecord<'_> {
    fn text(&self, names: &[&str]) -> String {
        self.row.get(self.table.column(names)).to_owned()
    }

    fn list(&self, names: &[&str]) -> Vec<String> {
        split_list(self.row.get(self.table.column(names)))
    }
}

/// The parts of one record, speakers and extra sections aside.
fn parts(r: &dyn Record, m: &Mapping) -> Parts {
    Parts {
        code: non_empty(&r.text(m.code)),
        title: r.text(m.title),
        summary: r.text(m.summary),
        description: r.text(m.description),
        notes: r.text(m.notes),
        extra: Vec::new(),
        speakers: Vec::new(),
        track: non_empty(&r.text(m.track)),
        submission_type: non_empty(&r.text(m.kind)),
        level: non_empty(&r.text(m.level)),
        tags: r.list(m.tags),
        duration_minutes: minutes(&r.text(m.duration)),
        state: ProposalState::from_word(&r.text(m.state)),
    }
}

fn too_many(format: Format) -> ImportError {
    ImportError::new(
        Some(format),
        format!("it holds more than {MAX_PROPOSALS} proposals"),
    )
}

/// Reads a list of JSON records. `inner` names an object whose keys come
/// first (PaperCall's `talk`); `finish` adds what the mapping cannot say
/// (speakers, special states, notes).
pub(super) fn read_json(
    items: &[Value],
    mut import: Import,
    m: &Mapping,
    inner: Option<&str>,
    finish: fn(&JsonRecord<'_>, &mut Parts, &mut Import),
) -> Result<Import, ImportError> {
    if items.len() > MAX_PROPOSALS {
        return Err(too_many(m.format));
    }
    for (i, item) in items.iter().enumerate() {
        if !matches!(item, Value::Object(_)) {
            return Err(ImportError::new(
                Some(m.format),
                format!("this is {}, not a proposal", item.type_name()),
            )
            .at_record(i + 1));
        }
        let record = JsonRecord {
            item,
            inner: inner
                .and_then(|k| item.get(k))
                .filter(|v| matches!(v, Value::Object(_))),
        };
        let mut p = parts(&record, m);
        if p.title.trim().is_empty() {
            return Err(ImportError::new(Some(m.format), "it has no title").at_record(i + 1));
        }
        finish(&record, &mut p, &mut import);
        import.proposals.push(p.build());
    }
    Ok(import)
}

/// Reads a CSV table; columns neither mapped nor dropped become sections.
pub(super) fn read_table(
    table: &Table,
    mut import: Import,
    m: &Mapping,
    finish: fn(&CsvRecord<'_>, &mut Parts),
) -> Result<Import, ImportError> {
    if table.column(m.title).is_none() {
        return Err(
            ImportError::new(Some(m.format), format!("it has no {} column", m.title[0])).at_line(1),
        );
    }
    if table.rows.len() > MAX_PROPOSALS {
        return Err(too_many(m.format));
    }
    let mapped: Vec<usize> = [
        m.code,
        m.title,
        m.summary,
        m.description,
        m.notes,
        m.track,
        m.kind,
        m.level,
        m.duration,
        m.state,
        m.tags,
    ]
    .iter()
    .filter_map(|names| table.column(names))
    .chain(m.people.iter().filter_map(|n| table.column(&[n])))
    .collect();
    let extra: Vec<usize> = (0..table.header.len())
        .filter(|i| !mapped.contains(i))
        .filter(|&i| {
            let h = table.header[i].trim();
            let dropped = m.dropped.iter().any(|d| d.eq_ignore_ascii_case(h));
            if dropped {
                import.note(&format!("the column {h} is not imported"));
            }
            !dropped && !h.is_empty()
        })
        .collect();
    for (n, row) in table.rows.iter().enumerate() {
        let record = CsvRecord { table, row };
        let mut p = parts(&record, m);
        if p.title.trim().is_empty() {
            return Err(ImportError::new(Some(m.format), "it has no title")
                .at_line(row.line)
                .at_record(n + 1));
        }
        p.extra = extra
            .iter()
            .map(|&i| (table.header[i].clone(), row.get(Some(i)).to_owned()))
            .collect();
        finish(&record, &mut p);
        import.proposals.push(p.build());
    }
    Ok(import)
}
