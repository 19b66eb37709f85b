//! Case and diacritic folding for matching names typed in different ways.
//!
//! `Łukasz`, `LUKASZ` and `lukasz` all fold to `lukasz`. A small table
//! covers Latin-1 Supplement and Latin Extended-A (plus the Romanian
//! comma-below letters); any other character is only lower-cased. This
//! replaces a Unicode normalisation crate, which would cost far more wasm
//! than the two 64- and 128-byte tables below.

/// Base letters of U+00C0..=U+00FF; `*` marks a letter that folds to two
/// letters (see [`push_folded`]), `-` a non-letter (`×`, `÷`).
const LATIN1: &[u8; 64] = b"aaaaaa*ceeeeiiiidnooooo-ouuuuy**aaaaaa*ceeeeiiiidnooooo-ouuuuy*y";

/// Base letters of U+0100..=U+017F; `*` marks `Ĳ ĳ Œ œ`.
const EXTENDED_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Appends the folded form of `c` (lower case, without diacritics) to `out`.
///
/// ```
/// use talkback_core::fold::push_folded;
/// let mut s = String::new();
/// for c in "Łukasz Straße Ørsted".chars() {
///     push_folded(c, &mut s);
/// }
/// assert_eq!(s, "lukasz strasse orsted");
/// ```
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let code = u32::from(c);
    let base = match code {
        0xC0..=0xFF => LATIN1[(code - 0xC0) as usize],
        0x100..=0x17F => EXTENDED_A[(code - 0x100) as usize],
        0x218 | 0x219 => b's',
        0x21A | 0x21B => b't',
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    match (base, c) {
        (b'-', _) => out.push(c),
        (b'*', 'Æ' | 'æ') => out.push_str("ae"),
        (b'*', 'Þ' | 'þ') => out.push_str("th"),
        (b'*', 'ß') => out.push_str("ss"),
        (b'*', 'Ĳ' | 'ĳ') => out.push_str("ij"),
        (b'*', _) => out.push_str("oe"),
        (b, _) => out.push(char::from(b)),
    }
}

/// The folded form of `s`.
///
/// ```
/// use talkback_core::fold::fold;
/// assert_eq!(fold("BEAZLEY"), "beazley");
/// assert_eq!(fold("Jérôme Ñúñez Çelik Åse Søren"), "jerome nunez celik ase soren");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn latin1_letters_fold_to_ascii() {
        assert_eq!(
            fold("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞß"),
            "aaaaaaaeceeeeiiiidnoooooouuuuythss"
        );
        assert_eq!(
            fold("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"),
            "aaaaaaaeceeeeiiiidnoooooouuuuythy"
        );
        assert_eq!(fold("×÷"), "×÷");
    }

    #[test]
    fn extended_a_letters_fold_to_ascii() {
        let all: String = (0x100u32..=0x17F).filter_map(char::from_u32).collect();
        let folded = fold(&all);
        assert!(folded.is_ascii(), "{folded}");
        assert_eq!(fold("ŁłĄąĘęŚśŻżŹźĆćŃńÓó"), "llaaeesszzzzccnnoo");
        assert_eq!(fold("ČčŠšŽžŘřĚěŮůŐőŰűĞğŞşİı"), "ccsszzrreeuuoouuggssii");
        assert_eq!(fold("ĲĳŒœſ"), "ijijoeoes");
        assert_eq!(fold("Ștefan Țuțea"), "stefan tutea");
    }

    #[test]
    fn other_scripts_are_lower_cased() {
        assert_eq!(fold("ΑΒΓ Дмитрий 山田"), "αβγ дмитрий 山田");
    }
}
