//! Reading field values: durations and levels.

use crate::units::{unit_of, Unit};

use super::Level;

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tok<'a> {
    /// A number in hundredths (`1.5` → 150).
    Num(u64),
    Word(&'a str),
    Dash,
    Other,
}

pub(super) fn tokens(s: &str) -> impl Iterator<Item = Tok<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || loop {
        let c = rest.chars().next()?;
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c.is_ascii_digit() {
            let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let mut value = digits_value(&rest[..int_len]).saturating_mul(100);
            let mut len = int_len;
            let b = rest.as_bytes();
            if matches!(b.get(len), Some(b'.' | b','))
                && b.get(len + 1).is_some_and(u8::is_ascii_digit)
            {
                let frac_len = rest[len + 1..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                let frac = &rest[len + 1..len + 1 + frac_len];
                let mut hundredths = 0;
                for (i, d) in frac.bytes().take(2).enumerate() {
                    hundredths += u64::from(d - b'0') * if i == 0 { 10 } else { 1 };
                }
                value = value.saturating_add(hundredths);
                len += 1 + frac_len;
            }
            rest = &rest[len..];
            return Some(Tok::Num(value));
        }
        if c.is_alphabetic() {
            let len = rest
                .char_indices()
                .find(|&(_, c)| !c.is_alphabetic())
                .map_or(rest.len(), |(i, _)| i);
            let w = &rest[..len];
            rest = &rest[len..];
            return Some(Tok::Word(w));
        }
        rest = &rest[c.len_utf8()..];
        return Some(if matches!(c, '-' | '–' | '—' | '~' | '〜') {
            Tok::Dash
        } else {
            Tok::Other
        });
    })
}

pub(super) fn digits_value(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |acc, d| {
        acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    })
}

/// Minutes in one of the unit a word names (the shared unit table); a duration
/// field is never given in seconds.
pub(super) fn unit_minutes(word: &str) -> Option<u64> {
    match unit_of(word)?.0 {
        Unit::Seconds => None,
        Unit::Minutes => Some(1),
        Unit::Hours => Some(60),
    }
}

/// Duration in minutes from free text; `allow_bare` accepts a lone number.
pub(super) fn duration_minutes(text: &str, allow_bare: bool) -> Option<u32> {
    let toks: Vec<Tok<'_>> = tokens(text).take(64).collect();
    // hundredths of a minute
    let mut total: u64 = 0;
    let mut last_unit: Option<u64> = None;
    let mut numbers = 0usize;
    let mut bare: Option<u64> = None;
    let mut pos = 0;
    while pos < toks.len() {
        match toks[pos] {
            Tok::Num(value) => {
                numbers += 1;
                let mut next = pos + 1;
                if toks.get(next) == Some(&Tok::Dash) {
                    next += 1;
                }
                // A range like `30-45 minutes` or `30 to 45 min`: first value.
                let mut range_end = None;
                if let Some(Tok::Num(_)) = toks.get(next) {
                    if next > pos + 1 {
                        range_end = Some(next);
                    }
                } else if let Some(Tok::Word(w)) = toks.get(next) {
                    if (w.eq_ignore_ascii_case("to") || w.eq_ignore_ascii_case("or"))
                        && matches!(toks.get(next + 1), Some(Tok::Num(_)))
                    {
                        range_end = Some(next + 1);
                    }
                }
                if let Some(end) = range_end {
                    numbers += 1;
                    next = end + 1;
                }
                let unit = match toks.get(next) {
                    Some(Tok::Word(w)) => unit_minutes(w),
                    _ => None,
                };
                if let Some(per) = unit {
                    if let Some(prev) = last_unit {
                        if !(prev == 60 && per == 1) {
                            break;
                        }
                    }
                    total = total.saturating_add(value.saturating_mul(per));
                    last_unit = Some(per);
                    pos = next + 1;
                    continue;
                }
                if last_unit.is_some() {
                    break;
                }
                bare.get_or_insert(value);
            }
            Tok::Word(w) => {
                if last_unit.is_some() && !w.eq_ignore_ascii_case("and") {
                    break;
                }
                if last_unit.is_none()
                    && w.eq_ignore_ascii_case("half")
                    && toks[pos + 1..]
                        .iter()
                        .take(2)
                        .any(|t| matches!(t, Tok::Word(h) if h.eq_ignore_ascii_case("hour")))
                {
                    total = 3000;
                    break;
                }
            }
            Tok::Dash | Tok::Other => {}
        }
        pos += 1;
    }
    let hundredths = if total > 0 {
        total
    } else if allow_bare && numbers == 1 {
        bare?
    } else {
        return None;
    };
    let minutes = hundredths.saturating_add(50) / 100;
    u32::try_from(minutes).ok().filter(|&m| m > 0)
}

/// Parses a duration such as `"30 minutes"`, `"45m"`, `"1h 30m"`,
/// `"90-minute talk"`, `"Talk (30 min)"`, `"3 hours"` or a bare `"30"` into
/// minutes. Ranges (`"30-45 min"`) give their first value.
///
/// ```
/// use talkback_core::proposal::parse_duration_minutes;
/// assert_eq!(parse_duration_minutes("1h 30m"), Some(90));
/// assert_eq!(parse_duration_minutes("Talk (30 min)"), Some(30));
/// assert_eq!(parse_duration_minutes("soon"), None);
/// ```
pub fn parse_duration_minutes(s: &str) -> Option<u32> {
    duration_minutes(s, true)
}

/// Parses a level such as `"Intermediate"`, `"novice"`, `"experienced"` or
/// `"All levels"`; the first level word wins (`"Beginner to intermediate"`
/// is [`Level::Beginner`]).
pub fn parse_level(s: &str) -> Option<Level> {
    const CJK: &[(&str, Level)] = &[
        ("初級", Level::Beginner),
        ("初心者", Level::Beginner),
        ("中級", Level::Intermediate),
        ("上級", Level::Advanced),
        ("全レベル", Level::All),
    ];
    let mut best: Option<(usize, Level)> = None;
    for &(needle, level) in CJK {
        if let Some(pos) = s.find(needle) {
            if best.is_none_or(|(b, _)| pos < b) {
                best = Some((pos, level));
            }
        }
    }
    let mut rest = s;
    while let Some(start) = rest.find(char::is_alphabetic) {
        let pos = s.len() - rest.len() + start;
        if best.is_some_and(|(b, _)| b < pos) {
            break;
        }
        let tail = &rest[start..];
        let len = tail
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(tail.len());
        rest = &tail[len..];
        let w = crate::fold::lower(&tail[..len]);
        let level = match w.as_str() {
            "beginner" | "beginners" | "beginning" | "novice" | "novices" | "introductory"
            | "intro" | "basic" | "entry" | "newcomer" | "newcomers" => Level::Beginner,
            "intermediate" | "medium" | "moderate" => Level::Intermediate,
            "advanced" | "experienced" | "expert" | "experts" => Level::Advanced,
            "all" | "any" | "everyone" | "everybody" | "wszyscy" | "wszystkie" => Level::All,
            _ if w.starts_with("początkując") || w.starts_with("podstawow") => Level::Beginner,
            _ if w.starts_with("średnio") => Level::Intermediate,
            _ if w.starts_with("zaawansowan") || w.starts_with("ekspert") => Level::Advanced,
            _ => continue,
        };
        return Some(level);
    }
    best.map(|(_, l)| l)
}
