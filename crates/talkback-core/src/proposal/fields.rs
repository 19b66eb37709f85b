//! Field labels: the alias vocabulary, label normalisation, and telling a form's help text from an answer.

use super::FieldKind;

// ---------------------------------------------------------------------------
// Label vocabulary
// ---------------------------------------------------------------------------

/// Known labels, lower case with single spaces.
pub(super) const ALIASES: &[(&str, FieldKind)] = &[
    ("title", FieldKind::Title),
    ("talk title", FieldKind::Title),
    ("proposal title", FieldKind::Title),
    ("session title", FieldKind::Title),
    ("tytuł", FieldKind::Title),
    ("tytuł wystąpienia", FieldKind::Title),
    ("タイトル", FieldKind::Title),
    ("題名", FieldKind::Title),
    ("track", FieldKind::Track),
    ("category", FieldKind::Track),
    ("talk category", FieldKind::Track),
    ("session track", FieldKind::Track),
    ("topic area", FieldKind::Track),
    ("ścieżka", FieldKind::Track),
    ("kategoria", FieldKind::Track),
    ("トラック", FieldKind::Track),
    ("カテゴリ", FieldKind::Track),
    ("カテゴリー", FieldKind::Track),
    ("format", FieldKind::Format),
    ("talk format", FieldKind::Format),
    ("session format", FieldKind::Format),
    ("session type", FieldKind::Format),
    ("talk type", FieldKind::Format),
    ("proposal type", FieldKind::Format),
    ("forma", FieldKind::Format),
    ("形式", FieldKind::Format),
    ("発表形式", FieldKind::Format),
    ("duration", FieldKind::Duration),
    ("length", FieldKind::Duration),
    ("talk length", FieldKind::Duration),
    ("talk duration", FieldKind::Duration),
    ("time slot", FieldKind::Duration),
    ("slot", FieldKind::Duration),
    ("czas", FieldKind::Duration),
    ("czas trwania", FieldKind::Duration),
    ("時間", FieldKind::Duration),
    ("発表時間", FieldKind::Duration),
    ("所要時間", FieldKind::Duration),
    ("audience", FieldKind::Audience),
    ("target audience", FieldKind::Audience),
    ("intended audience", FieldKind::Audience),
    ("who is this talk for", FieldKind::Audience),
    ("who is this talk for?", FieldKind::Audience),
    ("who is it for", FieldKind::Audience),
    ("who is it for?", FieldKind::Audience),
    ("who should attend", FieldKind::Audience),
    ("who should attend?", FieldKind::Audience),
    ("odbiorcy", FieldKind::Audience),
    ("grupa docelowa", FieldKind::Audience),
    ("対象者", FieldKind::Audience),
    ("想定聴衆", FieldKind::Audience),
    ("level", FieldKind::Level),
    ("audience level", FieldKind::Level),
    ("python level", FieldKind::Level),
    ("pythonlevel", FieldKind::Level),
    ("python-level", FieldKind::Level),
    ("python experience", FieldKind::Level),
    ("python experience level", FieldKind::Level),
    ("domain level", FieldKind::Level),
    ("experience level", FieldKind::Level),
    ("skill level", FieldKind::Level),
    ("technical level", FieldKind::Level),
    ("difficulty", FieldKind::Level),
    ("poziom", FieldKind::Level),
    ("poziom zaawansowania", FieldKind::Level),
    ("レベル", FieldKind::Level),
    ("対象レベル", FieldKind::Level),
    ("prerequisites", FieldKind::Prerequisites),
    ("prerequisite", FieldKind::Prerequisites),
    ("pre-requisites", FieldKind::Prerequisites),
    ("requirements", FieldKind::Prerequisites),
    ("prior knowledge", FieldKind::Prerequisites),
    ("required knowledge", FieldKind::Prerequisites),
    ("wymagania", FieldKind::Prerequisites),
    ("wymagana wiedza", FieldKind::Prerequisites),
    ("前提知識", FieldKind::Prerequisites),
    ("takeaways", FieldKind::Takeaways),
    ("takeaway", FieldKind::Takeaways),
    ("key takeaways", FieldKind::Takeaways),
    ("objectives", FieldKind::Takeaways),
    ("objective", FieldKind::Takeaways),
    ("learning objectives", FieldKind::Takeaways),
    ("learning outcomes", FieldKind::Takeaways),
    ("goals", FieldKind::Takeaways),
    ("what attendees will learn", FieldKind::Takeaways),
    ("what will attendees learn", FieldKind::Takeaways),
    ("what will attendees learn?", FieldKind::Takeaways),
    ("what the audience will learn", FieldKind::Takeaways),
    ("what you will learn", FieldKind::Takeaways),
    ("czego się nauczysz", FieldKind::Takeaways),
    ("czego nauczą się uczestnicy", FieldKind::Takeaways),
    ("学べること", FieldKind::Takeaways),
    ("description", FieldKind::Description),
    ("summary", FieldKind::Description),
    ("short description", FieldKind::Description),
    ("brief description", FieldKind::Description),
    ("short summary", FieldKind::Description),
    ("elevator pitch", FieldKind::Description),
    ("opis", FieldKind::Description),
    ("krótki opis", FieldKind::Description),
    ("概要", FieldKind::Description),
    ("説明", FieldKind::Description),
    ("abstract", FieldKind::Abstract),
    ("detailed abstract", FieldKind::Abstract),
    ("details", FieldKind::Abstract),
    ("detailed description", FieldKind::Abstract),
    ("long description", FieldKind::Abstract),
    ("extended abstract", FieldKind::Abstract),
    ("abstrakt", FieldKind::Abstract),
    ("szczegóły", FieldKind::Abstract),
    ("詳細", FieldKind::Abstract),
    ("outline", FieldKind::Outline),
    ("talk outline", FieldKind::Outline),
    ("detailed outline", FieldKind::Outline),
    ("class outline", FieldKind::Outline),
    ("tutorial outline", FieldKind::Outline),
    ("agenda", FieldKind::Outline),
    ("plan", FieldKind::Outline),
    ("plan prezentacji", FieldKind::Outline),
    ("plan wystąpienia", FieldKind::Outline),
    ("アウトライン", FieldKind::Outline),
    ("構成", FieldKind::Outline),
    ("notes", FieldKind::Notes),
    ("additional notes", FieldKind::Notes),
    ("notes for reviewers", FieldKind::Notes),
    ("notes to reviewers", FieldKind::Notes),
    ("reviewer notes", FieldKind::Notes),
    ("notes for the reviewers", FieldKind::Notes),
    ("additional information", FieldKind::Notes),
    ("uwagi", FieldKind::Notes),
    ("uwagi dla recenzentów", FieldKind::Notes),
    ("備考", FieldKind::Notes),
    ("speakers", FieldKind::Speakers),
    ("speaker", FieldKind::Speakers),
    ("speaker name", FieldKind::Speakers),
    ("speaker names", FieldKind::Speakers),
    ("name", FieldKind::Speakers),
    ("names", FieldKind::Speakers),
    ("presenter", FieldKind::Speakers),
    ("presenters", FieldKind::Speakers),
    ("prelegent", FieldKind::Speakers),
    ("prelegenci", FieldKind::Speakers),
    ("prelegentka", FieldKind::Speakers),
    ("登壇者", FieldKind::Speakers),
    ("発表者", FieldKind::Speakers),
    ("bio", FieldKind::Bio),
    ("speaker bio", FieldKind::Bio),
    ("short bio", FieldKind::Bio),
    ("biography", FieldKind::Bio),
    ("speaker biography", FieldKind::Bio),
    ("about the speaker", FieldKind::Bio),
    ("about the speakers", FieldKind::Bio),
    ("about me", FieldKind::Bio),
    ("o prelegencie", FieldKind::Bio),
    ("o mnie", FieldKind::Bio),
    ("自己紹介", FieldKind::Bio),
    ("プロフィール", FieldKind::Bio),
];

/// Longest label candidate considered (with decorations), in bytes.
pub(super) const MAX_LABEL_BYTES: usize = 80;

/// Longest alias, in bytes (checked by a test).
pub(super) const MAX_ALIAS_BYTES: usize = 48;

/// Writes `s` lower-cased, with whitespace runs collapsed to one space, into
/// `buf`; `None` if it does not fit.
pub(super) fn normalize_into<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut len = 0;
    for (i, word) in s.split_whitespace().enumerate() {
        let chars = (i > 0)
            .then_some(' ')
            .into_iter()
            .chain(word.chars().flat_map(crate::fold::lower_chars));
        for c in chars {
            let end = len + c.len_utf8();
            c.encode_utf8(buf.get_mut(len..end)?);
            len = end;
        }
    }
    buf.get(..len)
}

/// Strips decorations around a label: emphasis, `:`, a `*` required
/// marker, a trailing `(optional)`-style parenthetical.
pub(super) fn strip_label_decorations(mut s: &str) -> &str {
    for _ in 0..6 {
        let before = s.len();
        s = s.trim();
        s = s.trim_start_matches(['*', '_']);
        s = s.trim_end_matches(['*', '_', ':', '：']);
        s = s.trim();
        if s.ends_with(')') || s.ends_with('）') {
            if let Some(open) = s.rfind(['(', '（']) {
                if !s[..open].trim().is_empty() {
                    s = &s[..open];
                }
            }
        }
        if s.len() == before {
            break;
        }
    }
    s
}

/// The field kind a label text names, if any (case-insensitive).
pub(super) fn label_kind(raw: &str) -> Option<FieldKind> {
    if raw.len() > MAX_LABEL_BYTES {
        return None;
    }
    let s = strip_label_decorations(raw);
    if s.is_empty() || s.len() > MAX_ALIAS_BYTES {
        return None;
    }
    alias_kind(s).or_else(|| {
        // `Who and Why (Audience):` — the form's question, the field in brackets.
        let t = raw
            .trim()
            .trim_end_matches([':', '：', '*', '_'])
            .trim_end();
        let inner = t.strip_suffix(')')?;
        let open = inner.rfind('(')?;
        alias_kind(inner[open + 1..].trim())
    })
}

/// The field kind an alias (already stripped of decorations) names.
fn alias_kind(s: &str) -> Option<FieldKind> {
    if s.is_empty() || s.len() > MAX_ALIAS_BYTES {
        return None;
    }
    let mut buf = [0u8; 2 * MAX_LABEL_BYTES];
    let key = normalize_into(s, &mut buf)?;
    ALIASES
        .iter()
        .find(|(alias, _)| alias.as_bytes() == key)
        .map(|&(_, kind)| kind)
}

// ---------------------------------------------------------------------------
// Help text
// ---------------------------------------------------------------------------

/// Phrases that start form help text after any label.
pub(super) const STRONG_HELP: &[&str] = &[
    "if your proposal",
    "if your talk",
    "if your session",
    "if your submission",
    "if accepted",
    "if selected",
    "this will be",
    "will be",
    "should be",
    "must be",
    "(optional",
    "(required",
    "(max",
    "(min",
    "(public",
    "(private",
    "optional.",
    "optional:",
    "optional,",
    "optional -",
    "required.",
    "required:",
    "markdown is supported",
    "markdown supported",
    "make sure",
    "this field",
    "detailed description.",
    "this is shown",
    "this is public",
    "this is private",
    "only visible",
    "not shown",
    "visible to",
];

/// Words that start help text after any label when a number follows
/// (`Maximum 400 characters`, `Max. 30 words`).
pub(super) const LIMIT_HELP: &[&str] = &["maximum", "max", "minimum", "min", "up to", "at most"];

/// Lines that are help text on their own (`Optional`).
pub(super) const EXACT_HELP: &[&str] = &["optional", "required", "(optional)", "(required)"];

/// Phrases that start help text only after a form label (not a heading),
/// since in a Markdown draft they are as likely to be the author's words.
pub(super) const WEAK_HELP: &[&str] = &[
    "please",
    "tell us",
    "describe",
    "include",
    "your talk",
    "who is",
    "what",
    "explain",
    "provide",
    "briefly",
    "a brief",
    "a short",
    "one paragraph",
    "if you",
    "list",
    "enter",
    "anything else",
    "make an",
    "a detailed",
    "e.g.",
];

/// Whether `prefix` (lower-case ASCII) starts `s`, at a word boundary.
pub(super) fn starts_with_phrase(s: &str, prefix: &str) -> bool {
    let Some(head) = s.get(..prefix.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(prefix) {
        return false;
    }
    let last_is_word = prefix.chars().last().is_some_and(char::is_alphanumeric);
    !last_is_word
        || !s[prefix.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Whether `s` starts with `word` followed by a number (`Max. 400`).
pub(super) fn starts_with_limit(s: &str, word: &str) -> bool {
    if !starts_with_phrase(s, word) {
        return false;
    }
    let rest = s[word.len()..].trim_start_matches(['.', ':']).trim_start();
    let rest = rest
        .strip_prefix("of ")
        .or_else(|| rest.strip_prefix("OF "))
        .map_or(rest, str::trim_start);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a (trimmed) line reads like CFP form help text.
pub(super) fn looks_like_help(line: &str, weak_ok: bool) -> bool {
    let s = line.trim_start_matches(['*', '_']).trim_start();
    let s_end = s.trim_end_matches(['*', '_', '.']).trim_end();
    if EXACT_HELP.iter().any(|e| s_end.eq_ignore_ascii_case(e))
        || STRONG_HELP.iter().any(|p| starts_with_phrase(s, p))
        || LIMIT_HELP.iter().any(|w| starts_with_limit(s, w))
    {
        return true;
    }
    if !weak_ok {
        return false;
    }
    (s.starts_with('(') && s_end.ends_with(')'))
        || WEAK_HELP.iter().any(|p| starts_with_phrase(s, p))
}
