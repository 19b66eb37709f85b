//! Title rules.

use super::rules::Rule;
use super::{Ctx, Finding, SuggestedLevel};

// Title
// ---------------------------------------------------------------------------

pub(super) fn title_missing(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if c.title.is_some() {
        return;
    }
    out.push(
        rule.finding(
            "There is no title. The title is the first thing a committee reads, and \
         often the only thing attendees read when they pick a talk."
                .to_owned(),
            "Start the draft with `# Your title`, or add a `Title:` line that says what \
         the talk is about."
                .to_owned(),
            None,
            Some(SuggestedLevel::Unmet),
        ),
    );
}

pub(super) fn title_too_long(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let (Some(f), Some(max)) = (c.title, c.profile.title_max_chars) else {
        return;
    };
    let n = c.p.value_of(f).chars().count();
    if n <= max {
        return;
    }
    out.push(rule.finding(
        format!(
            "The title is {n} characters; {} allows {max}. The form will cut it off, and \
             a long title is hard to take in on a schedule.",
            c.name()
        ),
        format!(
            "Cut it to {max} characters or fewer: keep the topic and the promise, move \
             the rest to the description."
        ),
        Some(f.value.clone()),
        Some(SuggestedLevel::Partial),
    ));
}

pub(super) fn title_all_caps(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(f) = c.title else { return };
    let t = c.p.value_of(f);
    let letters = t.chars().filter(|ch| ch.is_alphabetic()).count();
    let upper = t.chars().filter(|ch| ch.is_uppercase()).count();
    // Long words only: acronyms like `API` or `PEP 8` are fine.
    let long_words = t
        .split(|ch: char| !ch.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .count();
    if letters < 8 || upper != letters || long_words < 2 {
        return;
    }
    out.push(
        rule.finding(
            "The title is all in capitals. On a schedule that reads as shouting, and \
         capitals are slower to read than mixed case."
                .to_owned(),
            "Write it in title or sentence case; keep capitals for acronyms.".to_owned(),
            Some(f.value.clone()),
            None,
        ),
    );
}

/// Small words that say nothing about a topic.
pub(super) const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "at",
    "by",
    "from",
    "is",
    "are",
    "was",
    "be",
    "it",
    "its",
    "it's",
    "this",
    "that",
    "i",
    "you",
    "we",
    "your",
    "my",
    "our",
    "me",
    "us",
    "do",
    "does",
    "did",
    "can",
    "could",
    "should",
    "would",
    "will",
    "not",
    "no",
    "yes",
    "so",
    "what",
    "why",
    "how",
    "who",
    "when",
    "where",
    "which",
    "all",
    "about",
    "just",
    "really",
    "have",
    "has",
    "let's",
    "lets",
    "go",
    "get",
    "got",
    "more",
    "less",
    "than",
    "as",
    "if",
    "up",
    "out",
    "one",
    "too",
    "very",
    "than",
    "there",
    "here",
    "again",
    "ever",
    "never",
    "still",
    "into",
    "like",
    "make",
    "makes",
    "thing",
    "things",
    "stuff",
    "time",
    "way",
    "ways",
    "now",
    "new",
    "don't",
    "dont",
    "talk",
    "story",
    "tale",
    "journey",
    "magic",
    "fun",
    "profit",
    "love",
    "life",
    "world",
    "everything",
    "nothing",
    "something",
    "anything",
    "possibly",
    "wrong",
    "right",
];

/// Words that name a technical topic even in a short title.
pub(super) const TOPIC_HINTS: &[&str] = &[
    "python",
    "code",
    "data",
    "test",
    "tests",
    "testing",
    "api",
    "apis",
    "web",
    "async",
    "type",
    "types",
    "typing",
    "package",
    "packaging",
    "library",
    "libraries",
    "database",
    "sql",
    "security",
    "performance",
    "machine",
    "learning",
    "model",
    "models",
    "ai",
    "memory",
    "concurrency",
    "thread",
    "threads",
    "parser",
    "parsing",
    "compiler",
    "debugging",
    "profiling",
    "deploy",
    "deployment",
    "docs",
    "documentation",
    "unicode",
    "regex",
    "class",
    "classes",
    "function",
    "functions",
    "decorators",
    "generators",
    "iterators",
    "metaclasses",
    "descriptors",
    "modules",
    "imports",
    "dependencies",
    "software",
    "program",
    "programming",
    "developer",
    "developers",
    "open",
    "source",
    "science",
    "scientific",
    "network",
    "networking",
    "cloud",
    "server",
    "servers",
    "browser",
    "gui",
    "game",
    "games",
    "robot",
    "robots",
    "hardware",
    "notebook",
    "notebooks",
    "pipeline",
    "pipelines",
    "interpreter",
    "bytecode",
    "garbage",
    "gil",
    "text",
    "string",
    "strings",
    "numbers",
    "math",
    "statistics",
    "visualization",
    "maps",
    "geospatial",
    "accessibility",
    "community",
    "teaching",
    "education",
];

pub(super) fn title_vague(c: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(f) = c.title else { return };
    let t = c.p.value_of(f);
    // A subtitle usually names the topic.
    if t.contains(':') || t.contains(" - ") || t.contains(" – ") || t.contains(" — ") {
        return;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let question = t.trim_end().ends_with('?');
    if words.is_empty() || words.len() > 8 {
        return;
    }
    let mut content = 0;
    for (i, raw) in words.iter().enumerate() {
        let w = raw.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '\'');
        if w.is_empty() {
            continue;
        }
        let lower = crate::fold::lower(w);
        let techy = w.chars().any(|ch| ch.is_ascii_digit())
            || raw.contains(['.', '_', '(', '`', '/'])
            || w.chars().skip(1).any(char::is_uppercase) // CamelCase, acronyms
            || TOPIC_HINTS.contains(&lower.as_str())
            || (i > 0 && question && w.chars().next().is_some_and(char::is_uppercase));
        if techy || c.topics.matches(&lower) {
            return;
        }
        if !STOP_WORDS.contains(&lower.as_str()) {
            content += 1;
        }
    }
    // Only titles made of filler words alone: a short title that names a
    // topic (`Advanced Git`) is fine, and puns can't be told from topics.
    if content > 0 {
        return;
    }
    out.push(
        rule.finding(
            format!(
                "\u{201c}{t}\u{201d} doesn't say what the talk is about. Reviewers and \
             attendees see titles in long lists; a clever question or pun alone makes \
             them open the description to find out."
            ),
            "Keep the hook if you like it, and add the topic, e.g. as a subtitle after a colon."
                .to_owned(),
            Some(f.value.clone()),
            None,
        ),
    );
}

// ---------------------------------------------------------------------------
