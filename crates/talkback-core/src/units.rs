//! Duration units: the one table of unit words shared by the proposal parser
//! (`Duration: 30 minut`) and the outline-timing parser (`Intro (5 minut)`), so
//! a spelling one accepts the other accepts too.
//!
//! ```
//! use talkback_core::units::{unit_of, Unit};
//! assert_eq!(unit_of("Minut"), Some((Unit::Minutes, false)));
//! assert_eq!(unit_of("m"), Some((Unit::Minutes, true)));
//! assert_eq!(unit_of("godzin"), Some((Unit::Hours, false)));
//! assert_eq!(unit_of("minority"), None);
//! ```

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
}

impl Unit {
    /// Seconds in one of this unit.
    pub fn secs(self) -> u64 {
        match self {
            Unit::Seconds => 1,
            Unit::Minutes => 60,
            Unit::Hours => 3600,
        }
    }
}

/// Single letters: read only when glued to their number (`5m`, `1h`, `30s`).
const SHORT: &[(&str, Unit)] = &[
    ("s", Unit::Seconds),
    ("m", Unit::Minutes),
    ("h", Unit::Hours),
];

/// Whole words, lower case (English, Polish, German, Spanish, Portuguese, French,
/// Italian, Czech and common abbreviations).
const WORDS: &[(&str, Unit)] = &[
    ("sec", Unit::Seconds),
    ("secs", Unit::Seconds),
    ("second", Unit::Seconds),
    ("seconds", Unit::Seconds),
    ("min", Unit::Minutes),
    ("mins", Unit::Minutes),
    ("minute", Unit::Minutes),
    ("minutes", Unit::Minutes),
    ("mn", Unit::Minutes),
    ("mnt", Unit::Minutes),
    ("mnts", Unit::Minutes),
    ("minut", Unit::Minutes),
    ("minuty", Unit::Minutes),
    ("minuten", Unit::Minutes),
    ("minuto", Unit::Minutes),
    ("minutos", Unit::Minutes),
    ("minuti", Unit::Minutes),
    ("hr", Unit::Hours),
    ("hrs", Unit::Hours),
    ("hour", Unit::Hours),
    ("hours", Unit::Hours),
    ("godz", Unit::Hours),
    ("godzina", Unit::Hours),
    ("godziny", Unit::Hours),
    ("godzin", Unit::Hours),
    ("stunde", Unit::Hours),
    ("stunden", Unit::Hours),
    ("hora", Unit::Hours),
    ("horas", Unit::Hours),
    ("heure", Unit::Hours),
    ("heures", Unit::Hours),
];

/// The unit a word names, in any case, and whether it is a single-letter short
/// form. CJK units may run into the next word (`30分間`, `1時間半`).
pub fn unit_of(word: &str) -> Option<(Unit, bool)> {
    if word.starts_with("時間") {
        return Some((Unit::Hours, false));
    }
    if word.starts_with('分') {
        return Some((Unit::Minutes, false));
    }
    if word.starts_with('秒') {
        return Some((Unit::Seconds, false));
    }
    if let Some(&(_, u)) = SHORT.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)) {
        return Some((u, true));
    }
    WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, u)| (u, false))
}

/// Byte length of the unit word at the start of `s` (letters, in any script), or 0.
pub fn word_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_reads_and_others_do_not() {
        for w in ["minut", "MINUT", "mnts", "minutos", "Minuten", "分"] {
            assert_eq!(unit_of(w).map(|u| u.0), Some(Unit::Minutes), "{w}");
        }
        for w in ["godzin", "Stunden", "heures", "hrs", "時間"] {
            assert_eq!(unit_of(w).map(|u| u.0), Some(Unit::Hours), "{w}");
        }
        for w in ["minor", "minute-ish", "more", "hot", "ms", ""] {
            assert_eq!(unit_of(w), None, "{w}");
        }
        assert_eq!(word_len("minut)"), 5);
        assert_eq!(word_len("分)"), 3);
    }
}
