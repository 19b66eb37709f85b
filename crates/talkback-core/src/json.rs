//! JSON for rubric files and exports: `serde_json` reads the text, and
//! [`Value::to_json`] writes it here (the same text `serde_json` wrote through
//! [`Value`]'s `Serialize`, without its serializer in the wasm); this module keeps
//! Talkback's own [`Value`] (objects in file order), its limits and its
//! plain-words errors.
//!
//! It refuses inputs over [`MAX_INPUT_BYTES`] and values nested deeper than
//! [`MAX_DEPTH`], never panics, and reports errors with a byte offset, a line
//! and column, and a plain-words reason.
//!
//! Objects keep their keys in file order; when a key repeats, [`Value::get`]
//! returns the last one, as browsers' `JSON.parse` does.
//!
//! Numbers: `serde_json` reads them without the standard library's float
//! parsing (its own fast path, exact to 15 significant digits with a small
//! exponent); whole numbers up to 2^53 are written exactly, others to six
//! decimal places by integer arithmetic here, so no float formatting reaches
//! the wasm.

use std::cell::Cell;
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

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

    /// The value of a number that is a whole number below 2^53 in size (every such
    /// number is exact in an `f64`, and the workspace's ids go up to 2^53 − 1).
    pub fn as_i64(&self) -> Option<i64> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        match self {
            // The range check keeps the cast exact.
            #[allow(clippy::cast_possible_truncation)]
            Value::Number(n) if n.fract() == 0.0 && n.abs() < EXACT => Some(*n as i64),
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
    /// value (U+2028 and U+2029 too, which some JavaScript contexts treat as
    /// line ends); numbers that are not finite (which [`parse`] never
    /// produces) are written as `null`.
    ///
    /// ```
    /// use talkback_core::json::{parse, Value};
    /// let v = Value::Array(vec![Value::String("say \"hi\"\n".into()), Value::Number(2.0)]);
    /// assert_eq!(v.to_json(), r#"["say \"hi\"\n",2]"#);
    /// assert_eq!(parse(&v.to_json()).unwrap(), v);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    /// JSON text indented by two spaces, for files people may open.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out.push('\n');
        out
    }

    /// Writes the value as `serde_json` would through [`Serialize`] (compact, or
    /// pretty at `indent` levels deep), with U+2028 and U+2029 escaped. Written here,
    /// not by `serde_json`'s serializer: its writer is ~4 KB of WebAssembly for this
    /// one type (the same bytes: `written_json_is_serde_json_s` checks it).
    fn write(&self, out: &mut String, indent: Option<usize>) {
        let inner = indent.map(|depth| depth + 1);
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => write_json_number(out, *n),
            Value::String(text) => write_string(out, text),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    next_item(out, inner, i);
                    item.write(out, inner);
                }
                close(out, indent, items.is_empty(), ']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    next_item(out, inner, i);
                    write_string(out, key);
                    out.push_str(if indent.is_some() { ": " } else { ":" });
                    value.write(out, inner);
                }
                close(out, indent, members.is_empty(), '}');
            }
        }
    }
}

/// Before the `i`th item of a list: a comma after the first, and in pretty JSON a
/// line break and the item's indent.
fn next_item(out: &mut String, indent: Option<usize>, i: usize) {
    if i > 0 {
        out.push(',');
    }
    if let Some(depth) = indent {
        out.push('\n');
        push_indent(out, depth);
    }
}

/// The end of a list: in pretty JSON, a non-empty one closes on its own line.
fn close(out: &mut String, indent: Option<usize>, empty: bool, bracket: char) {
    if let (Some(depth), false) = (indent, empty) {
        out.push('\n');
        push_indent(out, depth);
    }
    out.push(bracket);
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A string in quotes, escaped as `serde_json` escapes it (`\"`, `\\`, the short
/// escapes, other control characters as `\u00xx`), and U+2028 and U+2029 as
/// `\u2028` and `\u2029`, which JavaScript source cannot hold raw.
fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            '\0'..='\u{1f}' => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number as [`serialize_number`] gives it to `serde_json`: not finite as `null`,
/// whole numbers below 2^53 as integers, others as [`write_number`] writes them.
fn write_json_number(out: &mut String, n: f64) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if !n.is_finite() {
        out.push_str("null");
    } else if n.fract() == 0.0 && n.abs() < EXACT {
        // The range check keeps the cast exact.
        #[allow(clippy::cast_possible_truncation)]
        let _ = write!(out, "{}", n as i64);
    } else {
        write_number(out, n);
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => serialize_number(*n, s),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => s.collect_seq(items),
            Value::Object(members) => s.collect_map(members.iter().map(|(k, v)| (k, v))),
        }
    }
}

/// Whole numbers as integers; others as the text [`write_number`] makes,
/// passed through as raw JSON (so `serde_json` formats no float).
fn serialize_number<S: Serializer>(n: f64, s: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if !n.is_finite() {
        return s.serialize_unit();
    }
    if n.fract() == 0.0 && n.abs() < EXACT {
        // The range check keeps the cast exact.
        #[allow(clippy::cast_possible_truncation)]
        return s.serialize_i64(n as i64);
    }
    let mut text = String::new();
    write_number(&mut text, n);
    match serde_json::value::RawValue::from_string(text) {
        Ok(raw) => raw.serialize(s),
        Err(_) => s.serialize_unit(),
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
    /// Anything else that is not JSON.
    Malformed,
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
            JsonErrorKind::Malformed => "this is not valid JSON",
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
    parse_up_to(input, MAX_INPUT_BYTES)
}

/// [`parse`] with another size limit, for files that are larger by nature
/// (a CFP export of a thousand proposals, read by `exchange`).
///
/// # Errors
///
/// As [`parse`], with `max_bytes` in place of [`MAX_INPUT_BYTES`].
pub fn parse_up_to(input: &str, max_bytes: usize) -> Result<Value, JsonError> {
    if input.len() > max_bytes {
        return Err(error_at(input, 0, JsonErrorKind::TooLarge));
    }
    let start = if input.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &input[start..];
    let blank = text.trim_start_matches([' ', '\t', '\n', '\r']);
    if blank.is_empty() {
        return Err(error_at(input, input.len(), JsonErrorKind::Empty));
    }
    let too_deep = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Nested {
        depth: 0,
        too_deep: &too_deep,
    };
    seed.deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
        .map_err(|e| {
            let kind = if too_deep.get() {
                JsonErrorKind::TooDeep
            } else {
                kind_of(&e)
            };
            // serde_json counts lines from 1 and columns in bytes from 1.
            let line_start: usize = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum();
            error_at(
                input,
                start + line_start + e.column().saturating_sub(1),
                kind,
            )
        })
}

/// Our kind for a `serde_json` error, from its category and reason.
fn kind_of(e: &serde_json::Error) -> JsonErrorKind {
    let text = e.to_string();
    let reason = text.split(" at line ").next().unwrap_or_default();
    match reason {
        "expected value" | "expected ident" | "trailing comma" => JsonErrorKind::ExpectedValue,
        "key must be a string" | "expected `\"`" => JsonErrorKind::ExpectedKey,
        "expected `:`" => JsonErrorKind::ExpectedColon,
        "expected `,` or `]`" => JsonErrorKind::ExpectedCommaOrBracket,
        "expected `,` or `}`" => JsonErrorKind::ExpectedCommaOrBrace,
        "invalid number" | "number out of range" => JsonErrorKind::BadNumber,
        "invalid escape"
        | "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => JsonErrorKind::BadEscape,
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            JsonErrorKind::ControlCharacter
        }
        "recursion limit exceeded" => JsonErrorKind::TooDeep,
        "trailing characters" => JsonErrorKind::TrailingText,
        _ if e.is_eof() => JsonErrorKind::UnexpectedEnd,
        _ => JsonErrorKind::Malformed,
    }
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

/// Reads one value at `depth` levels of nesting into a [`Value`]; past
/// [`MAX_DEPTH`] it stops with an error and sets `too_deep`.
#[derive(Clone, Copy)]
struct Nested<'a> {
    depth: usize,
    too_deep: &'a Cell<bool>,
}

impl Nested<'_> {
    fn inner<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= MAX_DEPTH {
            self.too_deep.set(true);
            return Err(E::custom("nested too deeply"));
        }
        Ok(Nested {
            depth: self.depth + 1,
            ..self
        })
    }
}

impl<'de> DeserializeSeed<'de> for Nested<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Nested<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    #[allow(clippy::cast_precision_loss)] // exact up to 2^53; beyond, the nearest f64
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    #[allow(clippy::cast_precision_loss)] // exact up to 2^53; beyond, the nearest f64
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner)?;
            members.push((key, value));
        }
        Ok(Value::Object(members))
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
            // A leading zero: serde_json calls the number malformed.
            ("01", JsonErrorKind::BadNumber),
            ("-", JsonErrorKind::UnexpectedEnd),
            ("1.", JsonErrorKind::UnexpectedEnd),
            ("1.x", JsonErrorKind::BadNumber),
            ("1e999", JsonErrorKind::BadNumber),
            ("\"\\x\"", JsonErrorKind::BadEscape),
            ("\"\\ud800\"", JsonErrorKind::BadEscape),
            ("\"\\udc00\"", JsonErrorKind::BadEscape),
            ("\"\\u12x\"", JsonErrorKind::BadEscape),
            // The text ends before the escape's four digits.
            ("\"\\u12\"", JsonErrorKind::UnexpectedEnd),
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
        let out = Value::String(s.to_owned()).to_json();
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
        fn written_json_is_serde_json_s(
            v in arb_value(),
            n in any::<f64>(),
            // Every character JSON escapes, among others.
            s in "[\\x00-\\x1f\"\\\\\u{7f}\u{2028}\u{2029}aé/]{0,40}",
        ) {
            // What `serde_json` writes through `Serialize`, U+2028 and U+2029 escaped: the
            // text the app wrote before it wrote JSON itself (stored items, exports).
            let serde = |text: String| text.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
            let v = Value::Array(vec![
                v,
                Value::Number(n),
                Value::Number(f64::NAN),
                Value::Object(vec![(s.clone(), Value::String(s))]),
                Value::Object(vec![]),
            ]);
            prop_assert_eq!(v.to_json(), serde(serde_json::to_string(&v).unwrap()));
            prop_assert_eq!(
                v.to_json_pretty(),
                serde(serde_json::to_string_pretty(&v).unwrap()) + "\n"
            );
        }

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
