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
        .map(|h| h.trim().trim_matches('"').trim().to_lowercase())
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
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .find(|d| first.as_bytes().contains(d))
        .unwrap_or(b',');
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let bytes = text.as_bytes();
    let mut input = bytes;
    let mut out = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let (mut out_len, mut ends_len) = (0, 0);
    let mut records: Vec<Row> = Vec::new();
    let mut start_line = 1usize;
    let mut record_start = 0usize;
    loop {
        let (result, read, written, n_ends) =
            reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[read..];
        out_len += written;
        ends_len += n_ends;
        match result {
            csv_core::ReadRecordResult::InputEmpty => {
                if input.is_empty() {
                    // Tell the reader the input has ended.
                    continue_end(
                        &mut reader,
                        &mut out,
                        &mut out_len,
                        &mut ends,
                        &mut ends_len,
                    );
                    if ends_len > 0 || out_len > 0 {
                        push_record(
                            bytes,
                            record_start,
                            bytes.len(),
                            start_line,
                            &out[..out_len],
                            &ends[..ends_len],
                            &mut records,
                            format,
                        )?;
                    }
                    break;
                }
            }
            csv_core::ReadRecordResult::OutputFull => {
                let n = out.len() * 2;
                out.resize(n, 0);
            }
            csv_core::ReadRecordResult::OutputEndsFull => {
                let n = ends.len() * 2;
                ends.resize(n, 0);
            }
            csv_core::ReadRecordResult::Record => {
                let end = bytes.len() - input.len();
                push_record(
                    bytes,
                    record_start,
                    end,
                    start_line,
                    &out[..out_len],
                    &ends[..ends_len],
                    &mut records,
                    format,
                )?;
                // The next record starts on the line after the line breaks
                // that follow this one (csv-core may stop between `\r` and `\n`).
                let skipped = input
                    .iter()
                    .take_while(|&&b| b == b'\r' || b == b'\n')
                    .count();
                start_line += bytes[record_start..end + skipped]
                    .iter()
                    .fold(0, |n, &b| n + usize::from(b == b'\n'));
                record_start = end + skipped;
                out_len = 0;
                ends_len = 0;
                if records.len() > MAX_PROPOSALS + 1 {
                    return Err(ImportError::new(
                        Some(format),
                        format!("it has more than {MAX_PROPOSALS} rows"),
                    ));
                }
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    let mut rows = records.into_iter();
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
                    "this row has {} fields and the header {width}: a comma inside an answer that is not in quotes?",
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

/// Feeds the reader the empty input that ends the file.
fn continue_end(
    reader: &mut csv_core::Reader,
    out: &mut Vec<u8>,
    out_len: &mut usize,
    ends: &mut Vec<usize>,
    ends_len: &mut usize,
) {
    loop {
        let (result, _, written, n_ends) =
            reader.read_record(&[], &mut out[*out_len..], &mut ends[*ends_len..]);
        *out_len += written;
        *ends_len += n_ends;
        match result {
            csv_core::ReadRecordResult::OutputFull => {
                let n = out.len() * 2;
                out.resize(n, 0);
            }
            csv_core::ReadRecordResult::OutputEndsFull => {
                let n = ends.len() * 2;
                ends.resize(n, 0);
            }
            csv_core::ReadRecordResult::InputEmpty
            | csv_core::ReadRecordResult::Record
            | csv_core::ReadRecordResult::End => return,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_record(
    raw: &[u8],
    from: usize,
    to: usize,
    line: usize,
    out: &[u8],
    ends: &[usize],
    records: &mut Vec<Row>,
    format: Format,
) -> Result<(), ImportError> {
    // An odd number of quotes in the record's own bytes: a quoted field was
    // opened and never closed, and the reader ran on to the end of the file.
    let raw = raw.get(from..to).unwrap_or_default();
    if raw.iter().fold(0usize, |n, &b| n + usize::from(b == b'"')) % 2 == 1 {
        return Err(ImportError::new(
            Some(format),
            "a quoted field starts here and is never closed",
        )
        .at_line(line));
    }
    let mut fields = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        let field = out.get(start..end).unwrap_or_default();
        // The input was UTF-8 and csv-core only removes ASCII quotes.
        fields.push(String::from_utf8_lossy(field).into_owned());
        start = end;
    }
    records.push(Row { line, fields });
    Ok(())
}

/// Appends `field` to `out` as one CSV field (RFC 4180): quoted, with `"`
/// doubled, if it holds a comma, a quote or a line break; a field a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first,
/// and not a number) gets a leading `'` (OWASP's advice on CSV injection):
/// titles and comments come from speakers and reviewers.
pub(super) fn field(out: &mut String, field: &str) {
    let formula =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field[1..].parse::<i64>().is_err();
    let quoted = field.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in field.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

/// One CSV row of `fields`, ended by CRLF.
pub(super) fn row<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f.as_ref());
    }
    out.push_str("\r\n");
}
