//! A tiny JSON reader and writer for importing and exporting rubrics.
//!
//! The app ships to the browser as wasm and every kilobyte counts, so this is
//! a std-only parser instead of `serde_json`. It is meant for small,
//! user-supplied files: it refuses inputs over [`MAX_INPUT_BYTES`] and values
//! nested deeper than [`MAX_DEPTH`], never panics, and reports errors with a
//! byte offset, a line and column, and a plain-words reason.
//!
//! Objects keep their keys in file order; when a key repeats, [`Value::get`]
//! returns the last one, as browsers' `JSON.parse` does.
//!
//! Numbers are read and written without the standard library's float parsing
//! and formatting (about 15 KB of wasm, brotli): whole numbers up to 2^53
//! exactly; other numbers are written to six decimal places, and read exactly
//! when they have at most 15 significant digits and a small exponent (every
//! number Talkback writes), otherwise to within a few units in the last place.

use std::fmt::{self, Write as _};

/// Largest input [`parse`] accepts, in bytes (512 KiB).
///
/// The largest valid rubric is far smaller (about 150 KB with every text at
/// its cap); the limit keeps a wrong file from freezing the page.
pub const MAX_INPUT_BYTES: usize = 512 * 1024;

/// Deepest nesting of arrays and objects [`parse`] accepts.
///
/// A rubric needs five levels; the limit bounds the parser's recursion.
pub const MAX_DEPTH: usize = 32;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number; JSON does not distinguish integers.
    Number(f64),
    /// A string, with escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, its members in file order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (the last one if the key repeats), or
    /// `None` if this is not an object or has no such member.
    ///
    /// ```
    /// use talkback_core::json::{parse, Value};
    /// let v = parse(r#"{"a": 1, "a": 2}"#).unwrap();
    /// assert_eq!(v.get("a"), Some(&Value::Number(2.0)));
    /// assert_eq!(v.get("b"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value of a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The value of a number that is a whole number within `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            // The range check keeps the cast exact.
            #[allow(clippy::cast_possible_truncation)]
            Value::Number(n) if n.fract() == 0.0 && n.abs() <= 9.0e15 => Some(*n as i64),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A short name of this value's type for error messages, e.g. `"text"`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    /// Compact JSON text for this value.
    ///
    /// Strings are escaped so the output always parses back to an equal
    /// value; numbers that are not finite (which [`parse`] never produces)
    /// are written as `null`.
    ///
    /// ```
    /// use talkback_core::json::{parse, Value};
    /// let v = Value::Array(vec![Value::String("say \"hi\"\n".into()), Value::Number(2.0)]);
    /// assert_eq!(v.to_json(), r#"["say \"hi\"\n",2]"#);
    /// assert_eq!(parse(&v.to_json()).unwrap(), v);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, None, 0);
        out
    }

    /// JSON text indented by two spaces, for files people may open.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(2), 0);
        out.push('\n');
        out
    }
}

/// What went wrong while reading JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The input is larger than [`MAX_INPUT_BYTES`].
    TooLarge,
    /// The input is empty or only whitespace.
    Empty,
    /// The input ended in the middle of a value.
    UnexpectedEnd,
    /// A character that cannot start a value.
    ExpectedValue,
    /// An object member does not start with a quoted name.
    ExpectedKey,
    /// A member name is not followed by `:`.
    ExpectedColon,
    /// An array item is not followed by `,` or `]`.
    ExpectedCommaOrBracket,
    /// An object member is not followed by `,` or `}`.
    ExpectedCommaOrBrace,
    /// A malformed number.
    BadNumber,
    /// A backslash escape JSON does not define, or a bad `\u` escape.
    BadEscape,
    /// A raw control character (such as a line break) inside a string.
    ControlCharacter,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More text after the value ended.
    TrailingText,
}

impl JsonErrorKind {
    /// The reason in plain words, e.g. `"a comma or ‘}’ was expected"`.
    pub fn message(self) -> &'static str {
        match self {
            JsonErrorKind::TooLarge => "the file is too large",
            JsonErrorKind::Empty => "the file is empty",
            JsonErrorKind::UnexpectedEnd => "the file ends too early",
            JsonErrorKind::ExpectedValue => "a value was expected",
            JsonErrorKind::ExpectedKey => "a quoted name was expected",
            JsonErrorKind::ExpectedColon => "a colon was expected",
            JsonErrorKind::ExpectedCommaOrBracket => "a comma or ‘]’ was expected",
            JsonErrorKind::ExpectedCommaOrBrace => "a comma or ‘}’ was expected",
            JsonErrorKind::BadNumber => "a number is malformed",
            JsonErrorKind::BadEscape => "a backslash escape is malformed",
            JsonErrorKind::ControlCharacter => "a line break or control character is inside quotes",
            JsonErrorKind::TooDeep => "lists and objects are nested too deeply",
            JsonErrorKind::TrailingText => "there is more text after the end",
        }
    }
}

/// A JSON syntax error and where it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// What went wrong.
    pub kind: JsonErrorKind,
    /// Byte offset into the input.
    pub offset: usize,
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line,
            self.column,
            self.kind.message()
        )
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text into a [`Value`].
///
/// Accepts exactly one value surrounded by optional whitespace (a leading
/// byte-order mark is skipped). Never panics.
///
/// # Errors
///
/// A [`JsonError`] saying what is wrong and where, for text that is not one
/// JSON value, is over [`MAX_INPUT_BYTES`], or nests deeper than
/// [`MAX_DEPTH`].
///
/// ```
/// use talkback_core::json::{parse, JsonErrorKind, Value};
/// let v = parse(r#"{"name": "Clarity", "weight": 2}"#).unwrap();
/// assert_eq!(v.get("name").and_then(Value::as_str), Some("Clarity"));
///
/// let err = parse("{\n  \"name\": \"Clarity\"\n  \"weight\": 2\n}").unwrap_err();
/// assert_eq!(err.kind, JsonErrorKind::ExpectedCommaOrBrace);
/// assert_eq!((err.line, err.column), (3, 3));
/// ```
pub fn parse(input: &str) -> Result<Value, JsonError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(error_at(input, 0, JsonErrorKind::TooLarge));
    }
    let start = if input.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        src: input.as_bytes(),
        pos: start,
    };
    p.skip_ws();
    if p.pos >= p.src.len() {
        return Err(error_at(input, p.pos, JsonErrorKind::Empty));
    }
    let value = p
        .value(0)
        .map_err(|(offset, kind)| error_at(input, offset, kind))?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(error_at(input, p.pos, JsonErrorKind::TrailingText));
    }
    Ok(value)
}

fn error_at(input: &str, offset: usize, kind: JsonErrorKind) -> JsonError {
    let mut offset = offset.min(input.len());
    while !input.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &input[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    JsonError {
        kind,
        offset,
        line,
        column,
    }
}

type Step<T> = Result<T, (usize, JsonErrorKind)>;

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn end_or(&self, kind: JsonErrorKind) -> (usize, JsonErrorKind) {
        if self.pos >= self.src.len() {
            (self.pos, JsonErrorKind::UnexpectedEnd)
        } else {
            (self.pos, kind)
        }
    }

    fn value(&mut self, depth: usize) -> Step<Value> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.end_or(JsonErrorKind::ExpectedValue)),
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Step<Value> {
        for &b in word {
            match self.peek() {
                Some(c) if c == b => self.pos += 1,
                _ => return Err(self.end_or(JsonErrorKind::ExpectedValue)),
            }
        }
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Step<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.end_or(JsonErrorKind::BadNumber)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.end_or(JsonErrorKind::BadNumber));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.end_or(JsonErrorKind::BadNumber));
            }
        }
        // Huge exponents become infinity, which we refuse.
        let n = decimal_value(&self.src[start..self.pos]);
        if n.is_finite() {
            Ok(Value::Number(n))
        } else {
            Err((start, JsonErrorKind::BadNumber))
        }
    }

    fn hex4(&mut self) -> Step<u32> {
        let mut n = 0u32;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.end_or(JsonErrorKind::BadEscape)),
            };
            n = n * 16 + u32::from(digit);
            self.pos += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Step<String> {
        // Caller saw the opening quote.
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The run stops at an ASCII byte or the end, both char
            // boundaries of the (valid UTF-8) input.
            if let Ok(run) = std::str::from_utf8(&self.src[run_start..self.pos]) {
                out.push_str(run);
            }
            match self.peek() {
                None => return Err((self.pos, JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape_at = self.pos;
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err((self.pos, JsonErrorKind::UnexpectedEnd));
                    };
                    self.pos += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape(escape_at)?,
                        _ => return Err((escape_at, JsonErrorKind::BadEscape)),
                    };
                    out.push(c);
                }
                Some(_) => return Err((self.pos, JsonErrorKind::ControlCharacter)),
            }
        }
    }

    fn unicode_escape(&mut self, escape_at: usize) -> Step<char> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            // A high surrogate must be followed by an escaped low one.
            if self.src.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return Err((escape_at, JsonErrorKind::BadEscape));
            }
            self.pos += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err((escape_at, JsonErrorKind::BadEscape));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or((escape_at, JsonErrorKind::BadEscape))
    }

    fn array(&mut self, depth: usize) -> Step<Value> {
        if depth > MAX_DEPTH {
            return Err((self.pos, JsonErrorKind::TooDeep));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.end_or(JsonErrorKind::ExpectedCommaOrBracket)),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Step<Value> {
        if depth > MAX_DEPTH {
            return Err((self.pos, JsonErrorKind::TooDeep));
        }
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.end_or(JsonErrorKind::ExpectedKey));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.end_or(JsonErrorKind::ExpectedColon));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.end_or(JsonErrorKind::ExpectedCommaOrBrace)),
            }
        }
    }
}

/// Writes `s` as a quoted JSON string.
///
/// Escapes quotes, backslashes and control characters; also U+2028 and
/// U+2029, which some JavaScript contexts treat as line ends.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Exact powers of ten as f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of a number the parser has checked against JSON's grammar.
///
/// Up to 19 significant digits are kept; with at most 15 and a power of ten
/// within ±22 both factors are exact and one rounding makes the result the
/// correctly rounded one (Clinger's fast path).
fn decimal_value(text: &[u8]) -> f64 {
    let (negative, mut rest) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut mantissa = 0u64;
    let mut digits = 0u32;
    let mut exponent = 0i64;
    let mut fraction = false;
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'0'..=b'9' => {
                // Leading zeros are not significant; past 19 digits the rest only
                // moves the decimal point (before it) or is dropped (after it).
                let kept = (mantissa != 0 || b != b'0') && digits < 19;
                if kept {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    digits += 1;
                }
                match (fraction, kept || mantissa == 0) {
                    (true, true) => exponent -= 1,
                    (false, false) => exponent += 1,
                    _ => {}
                }
            }
            b'.' => fraction = true,
            _ => break,
        }
        rest = tail;
    }
    if let Some((_, tail)) = rest.split_first() {
        // An exponent: [+-]digits. Beyond a few hundred it only means 0 or infinity.
        let (sign, digits) = match tail.split_first() {
            Some((b'-', d)) => (-1, d),
            Some((b'+', d)) => (1, d),
            _ => (1, tail),
        };
        let e = digits
            .iter()
            .fold(0i64, |e, &d| (e * 10 + i64::from(d - b'0')).min(100_000));
        exponent += sign * e;
    }
    #[allow(clippy::cast_precision_loss)] // exact up to 2^53; beyond, the nearest f64
    let mut value = mantissa as f64;
    if mantissa != 0 {
        while exponent > 22 {
            value *= 1e22;
            exponent -= 22;
        }
        while exponent < -22 {
            value /= 1e22;
            exponent += 22;
        }
        let power = POW10[usize::try_from(exponent.unsigned_abs())
            .unwrap_or(0)
            .min(22)];
        value = if exponent >= 0 {
            value * power
        } else {
            value / power
        };
    }
    if negative {
        -value
    } else {
        value
    }
}

/// Writes a finite number: whole numbers up to 2^53 exactly; others with at
/// most six decimals and at most 15 significant digits (so they read back as
/// the same number when they had no more); beyond 2^53 as digits and a power
/// of ten.
fn write_number(out: &mut String, n: f64) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    let (sign, m) = if n < 0.0 { ("-", -n) } else { ("", n) };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    if m < EXACT {
        // Both parts are exact: `whole` is an integer below 2^53 and `m - whole`
        // loses nothing.
        let whole = m.trunc();
        let mut int = whole as u64;
        let width = int.checked_ilog10().map_or(1, |d| d + 1);
        let places = 15u32.saturating_sub(width).min(6);
        let scale = 10u64.pow(places);
        let mut part = ((m - whole) * scale as f64).round() as u64;
        if part == scale {
            int += 1;
            part = 0;
        }
        if int == 0 && part == 0 {
            out.push('0');
            return;
        }
        let _ = write!(out, "{sign}{int}");
        if part > 0 {
            let digits = format!("{part:0width$}", width = places as usize);
            let _ = write!(out, ".{}", digits.trim_end_matches('0'));
        }
    } else {
        let mut exponent = 0;
        let mut m = m;
        while m >= 1e15 {
            m /= 10.0;
            exponent += 1;
        }
        let _ = write!(out, "{sign}{}e{exponent}", m.round() as u64);
    }
}

fn newline(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(step) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', step * level));
    }
}

fn write_value(out: &mut String, value: &Value, indent: Option<usize>, level: usize) {
    match value {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => {
            write_number(out, *n);
        }
        Value::Null | Value::Number(_) => out.push_str("null"),
        Value::String(s) => write_string(out, s),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_value(out, item, indent, level + 1);
            }
            newline(out, indent, level);
            out.push(']');
        }
        Value::Object(members) if members.is_empty() => out.push_str("{}"),
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_string(out, key);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_value(out, item, indent, level + 1);
            }
            newline(out, indent, level);
            out.push('}');
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kind(input: &str) -> JsonErrorKind {
        parse(input).expect_err(input).kind
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v =
            parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": []} ")
                .unwrap();
        assert_eq!(
            v,
            Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![
                        Value::Number(1.0),
                        Value::Number(-25.0),
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                    ])
                ),
                (
                    "b".into(),
                    Value::Object(vec![("c".into(), Value::String("d".into()))])
                ),
                ("e".into(), Value::Array(vec![])),
            ])
        );
    }

    #[test]
    fn decodes_escapes_including_surrogate_pairs() {
        let v = parse(r#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/d\n\té😀"));
        assert_eq!(parse("\"zażółć 🎤\"").unwrap().as_str(), Some("zażółć 🎤"));
    }

    #[test]
    fn skips_a_byte_order_mark() {
        assert_eq!(
            parse("\u{feff}[1]").unwrap(),
            Value::Array(vec![Value::Number(1.0)])
        );
    }

    #[test]
    fn reports_plain_reasons_for_bad_input() {
        let cases = [
            ("", JsonErrorKind::Empty),
            ("   ", JsonErrorKind::Empty),
            ("{", JsonErrorKind::UnexpectedEnd),
            ("[1,", JsonErrorKind::UnexpectedEnd),
            ("\"abc", JsonErrorKind::UnexpectedEnd),
            ("tru", JsonErrorKind::UnexpectedEnd),
            ("name: x", JsonErrorKind::ExpectedValue),
            ("{1: 2}", JsonErrorKind::ExpectedKey),
            ("{'a': 2}", JsonErrorKind::ExpectedKey),
            ("{\"a\" 2}", JsonErrorKind::ExpectedColon),
            ("[1 2]", JsonErrorKind::ExpectedCommaOrBracket),
            ("{\"a\": 1 \"b\": 2}", JsonErrorKind::ExpectedCommaOrBrace),
            ("[1,]", JsonErrorKind::ExpectedValue),
            ("01", JsonErrorKind::TrailingText),
            ("-", JsonErrorKind::UnexpectedEnd),
            ("1.", JsonErrorKind::UnexpectedEnd),
            ("1.x", JsonErrorKind::BadNumber),
            ("1e999", JsonErrorKind::BadNumber),
            ("\"\\x\"", JsonErrorKind::BadEscape),
            ("\"\\ud800\"", JsonErrorKind::BadEscape),
            ("\"\\udc00\"", JsonErrorKind::BadEscape),
            ("\"\\u12\"", JsonErrorKind::BadEscape),
            ("\"a\nb\"", JsonErrorKind::ControlCharacter),
            ("[1] [2]", JsonErrorKind::TrailingText),
            ("NaN", JsonErrorKind::ExpectedValue),
        ];
        for (input, expected) in cases {
            assert_eq!(kind(input), expected, "{input:?}");
        }
    }

    #[test]
    fn locates_errors_by_line_and_character_column() {
        let err = parse("{\n  \"ę\": 1,\n  \"żółw\" 2\n}").unwrap_err();
        assert_eq!(err.kind, JsonErrorKind::ExpectedColon);
        assert_eq!((err.line, err.column), (3, 10));
        assert_eq!(err.to_string(), "line 3, column 10: a colon was expected");
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing_the_stack() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(kind(&deep), JsonErrorKind::TooDeep);
        assert_eq!(kind(&"[{\"a\":".repeat(10_000)), JsonErrorKind::TooDeep);
    }

    #[test]
    fn refuses_huge_input() {
        let big = format!("\"{}\"", "a".repeat(MAX_INPUT_BYTES));
        assert_eq!(kind(&big), JsonErrorKind::TooLarge);
    }

    #[test]
    fn writes_pretty_json() {
        let v = parse(r#"{"a":[1,{"b":null}],"c":{}}"#).unwrap();
        assert_eq!(
            v.to_json_pretty(),
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {}\n}\n"
        );
        assert_eq!(parse(&v.to_json_pretty()).unwrap(), v);
    }

    #[test]
    fn escapes_control_and_separator_characters() {
        let s = "\u{0}\u{1f}\u{2028}\"\\";
        let mut out = String::new();
        write_string(&mut out, s);
        assert_eq!(out, r#""\u0000\u001f\u2028\"\\""#);
        assert_eq!(parse(&out).unwrap().as_str(), Some(s));
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-999_999_999_999_999i64..=999_999_999_999_999, 0u32..=6)
                .prop_map(|(m, p)| Value::Number(format!("{m}e-{p}").parse().unwrap())),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6).prop_map(Value::Object),
            ]
        })
    }

    proptest! {
        #[test]
        fn written_json_parses_back(v in arb_value()) {
            prop_assert_eq!(parse(&v.to_json()).unwrap(), v.clone());
            prop_assert_eq!(parse(&v.to_json_pretty()).unwrap(), v);
        }

        #[test]
        fn numbers_of_15_digits_and_six_decimals_round_trip_exactly(
            whole in -999_999_999i64..=999_999_999,
            part in 0u32..1_000_000,
            places in 0u32..=6,
        ) {
            let text = format!("{whole}.{part:06}");
            let cut = text.len() - (6 - places) as usize;
            let text = text[..cut].trim_end_matches('.').to_owned();
            let n: f64 = text.parse().unwrap();
            prop_assert_eq!(parse(&text).unwrap(), Value::Number(n), "{}", text);
            let written = Value::Number(n).to_json();
            prop_assert_eq!(parse(&written).unwrap(), Value::Number(n), "{} as {}", text, written);
        }

        #[test]
        fn any_number_reads_back_close(n in any::<f64>().prop_filter("finite", |n| n.is_finite())) {
            let back = parse(&Value::Number(n).to_json()).unwrap().as_f64().unwrap();
            prop_assert!((back - n).abs() <= 5e-7 + n.abs() * 1e-12, "{} read back as {}", n, back);
        }

        #[test]
        fn reading_agrees_with_the_standard_library_to_15_digits(
            mantissa in 0u64..1_000_000_000_000_000,
            exponent in -22i32..=22,
        ) {
            let text = format!("{mantissa}e{exponent}");
            let expected: f64 = text.parse().unwrap();
            prop_assert_eq!(parse(&text).unwrap(), Value::Number(expected));
        }

        #[test]
        fn never_panics_on_arbitrary_text(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_json_like_text(s in "[\\[\\]{}\":,0-9eE.+\\-tfnul\\\\ a]{0,40}") {
            if let Err(e) = parse(&s) {
                prop_assert!(e.offset <= s.len());
            }
        }
    }
}
