//! CSV in (through `csv-core`, RFC 4180 with `""` inside quotes) and out.

use super::{Format, ImportError, MAX_PROPOSALS};

/// A CSV file read: its header and its rows, each with the line it starts on.
pub(super) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One record after the header.
pub(super) struct Row {
    /// The line the record starts on, from 1.
    pub line: usize,
    pub fields: Vec<String>,
}

impl Table {
    /// The index of the first column whose name is one of `names`
    /// (case-insensitive, surrounding spaces ignored).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| {
            self.header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(n))
        })
    }
}

impl Row {
    /// The field in column `i`, or `""`.
    pub fn get(&self, i: Option<usize>) -> &str {
        i.and_then(|i| self.fields.get(i))
            .map_or("", String::as_str)
    }
}

/// The CSV format `text` looks like, from its first line: Sessionize's
/// (`Session Id`) or pretalx's (`ID` and a title column).
pub(super) fn sniff(text: &str) -> Option<Format> {
    let first = text.lines().next()?;
    let names: Vec<String> = first
        .split([',', ';', '\t'])
        .map(|h| crate::fold::lower(h.trim().trim_matches('"').trim()))
        .collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("session id") {
        Some(Format::SessionizeCsv)
    } else if has("id") && (has("proposal title") || has("title")) {
        Some(Format::PretalxCsv)
    } else {
        None
    }
}

/// Reads `text` as CSV with a header line. The delimiter is the first of
/// `,` `;` tab found in the header (spreadsheets in some locales use `;`).
///
/// # Errors
///
/// A quoted field never closed, a record with more fields than the header,
/// or more than [`MAX_PROPOSALS`] records: with the line.
pub(super) fn read(text: &str, format: Format) -> Result<Table, ImportError> {
    use csv_core::ReadRecordResult as R;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .find(|d| first.as_bytes().contains(d))
        .unwrap_or(b',');
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let bytes = text.as_bytes();
    // A record's fields are never longer than the input.
    let mut out = vec![0u8; bytes.len() + 1];
    let mut ends = vec![0usize; 64];
    let mut rows: Vec<Row> = Vec::new();
    let (mut at, mut line, mut counted) = (0usize, 1usize, 0usize);
    loop {
        let start = at;
        let (mut n_out, mut n_ends) = (0, 0);
        // An empty rest tells the reader the input has ended.
        let result = loop {
            let (r, read, written, n) =
                reader.read_record(&bytes[at..], &mut out[n_out..], &mut ends[n_ends..]);
            at += read;
            n_out += written;
            n_ends += n;
            match r {
                R::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                R::OutputFull => out.resize(out.len() * 2, 0),
                R::InputEmpty => {}
                R::Record | R::End => break r,
            }
        };
        if matches!(result, R::End) {
            break;
        }
        // The record's first line: after the line breaks that ended the last one.
        let begin = start
            + bytes[start..at]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
        line += count(&bytes[counted..begin], b'\n');
        counted = begin;
        // An odd number of quotes in the record's own bytes: a quoted field was
        // opened and never closed, and the reader ran on to the end of the file.
        if count(&bytes[start..at], b'"') % 2 == 1 {
            return Err(ImportError::new(
                Some(format),
                "a quoted field starts here and is never closed",
            )
            .at_line(line));
        }
        let mut fields = Vec::with_capacity(n_ends);
        let mut from = 0;
        for &end in &ends[..n_ends] {
            // The input is UTF-8 and csv-core cuts only at ASCII bytes.
            fields.push(
                std::str::from_utf8(&out[from..end])
                    .unwrap_or_default()
                    .to_owned(),
            );
            from = end;
        }
        if rows.len() > MAX_PROPOSALS {
            return Err(ImportError::new(
                Some(format),
                format!("it has more than {MAX_PROPOSALS} rows"),
            ));
        }
        rows.push(Row { line, fields });
    }
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Err(ImportError::new(Some(format), "it is empty"));
    };
    let width = header.fields.len();
    let mut table = Table {
        header: header.fields,
        rows: Vec::new(),
    };
    for row in rows {
        if row.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if row.fields.len() > width {
            return Err(ImportError::new(
                Some(format),
                format!(
                    "this row has {} fields and the header {width}: a comma inside an answer \
                     that is not in quotes?",
                    row.fields.len()
                ),
            )
            .at_line(row.line)
            .at_record(table.rows.len() + 1));
        }
        table.rows.push(row);
    }
    Ok(table)
}

/// How many times `byte` is in `bytes`.
fn count(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().fold(0, |n, &b| n + usize::from(b == byte))
}
