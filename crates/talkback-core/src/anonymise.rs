//! The blind-review check: what in a proposal identifies its speaker.
//!
//! Committees review the first round blind, yet speakers leak their identity
//! all the time: their own name in the description, a GitHub profile, "I am
//! the author of …". [`scan`] finds those leaks in the fields that get
//! shared (title, description, abstract, outline, takeaways, body…); the
//! speaker, bio and notes fields are the *source* of names and are never
//! shared. [`redact`] and [`redact_shared`] apply the suggested replacements.
//!
//! What is looked for:
//! - the speaker's names ([`Names`]: from the speaker and bio fields and from
//!   names typed in), matched case-, diacritic- and possessive-insensitively;
//! - e-mail addresses, links to personal profiles and personal domains, and
//!   `@handles` in prose (not `@decorators` in code);
//! - organisations named in the bio;
//! - self-references: "I am the author of X", "my library X", "my talk at
//!   `PyCon` 2019", "our team at X", "my name is X";
//! - with no names given, names the text introduces ("Presented by Jane Doe",
//!   "Jane Doe is a data scientist…", "Jane Doe will show…").
//!
//! Everything runs in a few linear passes: the shared text is split into
//! words once, each word folded once (see [`crate::fold`]), and name
//! parts are looked up in a small hash map. No regular expressions: the page
//! is shipped as wasm and every kilobyte counts.

// Word indices `i`, `j`, `k` over a text `t`, its gaps `g` and words `w`
// read like the patterns they implement; longer names would bury them.
#![allow(clippy::many_single_char_names)]

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use super::fold::push_folded;
use super::proposal::{FieldKind, Proposal};

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// A speaker's name or a part of it.
    Name,
    /// An e-mail address.
    Email,
    /// A link to a personal profile or site.
    Url,
    /// A social-media `@handle`.
    Handle,
    /// The speaker's employer or organisation.
    Organisation,
    /// Something the speaker says they made or did ("my library X").
    SelfReference,
}

impl FindingKind {
    /// Display label, e.g. `"E-mail address"`.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Name => "Name",
            FindingKind::Email => "E-mail address",
            FindingKind::Url => "Link",
            FindingKind::Handle => "Handle",
            FindingKind::Organisation => "Organisation",
            FindingKind::SelfReference => "Self-reference",
        }
    }

    /// Overlapping findings keep the most specific kind (lowest rank).
    fn rank(self) -> u8 {
        match self {
            FindingKind::Email => 0,
            FindingKind::Url => 1,
            FindingKind::Handle => 2,
            FindingKind::Name => 3,
            FindingKind::Organisation => 4,
            FindingKind::SelfReference => 5,
        }
    }
}

/// One thing that identifies the speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range into [`Proposal::source`] (on `char` boundaries).
    pub span: Range<usize>,
    /// What it is.
    pub kind: FindingKind,
    /// Why it matters, in plain words for the UI.
    pub why: &'static str,
    /// Suggested replacement text, e.g. `"[speaker]"`.
    pub replacement: &'static str,
}

/// Where a name part came from; decides the `why` text and how strictly
/// it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Typed in by the user ([`Names::with_extra`]).
    Given,
    /// The speaker field.
    Speakers,
    /// The bio (or notes) field.
    Bio,
    /// Introduced as a name by the shared text itself.
    Text,
}

/// The speaker's names, handles and organisations to look for.
///
/// Built from the proposal's own speaker and bio fields
/// ([`Names::from_proposal`]) plus names typed in ([`Names::with_extra`]).
///
/// ```
/// use talkback_core::anonymise::Names;
/// let names = Names::default().with_extra("A. Jesse Jiryu Davis and Łukasz Langa");
/// assert!(names.contains("jesse") && names.contains("LUKASZ") && names.contains("Langa"));
/// assert!(!names.contains("A"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Folded name parts of at least three letters.
    parts: HashMap<String, Origin>,
    /// Initials and particles (`van`, `de`): matched only next to a part.
    short: HashSet<String>,
    /// Folded handles and account names, without `@`.
    handles: HashSet<String>,
    /// Organisations: folded word sequences.
    orgs: Vec<Vec<String>>,
}

impl Names {
    /// Names, handles and organisations from the speaker, bio and notes
    /// fields of `p`.
    ///
    /// ```
    /// use talkback_core::{anonymise::Names, proposal::parse};
    /// let p = parse("# Talk\n\nSpeaker: David Beazley\n\nBio: David works at Acme Corp.\n");
    /// let names = Names::from_proposal(&p);
    /// assert!(names.contains("beazley"));
    /// assert_eq!(names.organisations(), vec!["acme corp".to_string()]);
    /// ```
    pub fn from_proposal(p: &Proposal) -> Names {
        let mut names = Names::default();
        for f in p.fields() {
            let value = p.value_of(f);
            match f.kind {
                FieldKind::Speakers => names.add_list(value, Origin::Speakers),
                FieldKind::Bio => names.learn_from_bio(value, true),
                FieldKind::Notes => names.learn_from_bio(value, false),
                _ => {}
            }
        }
        names
    }

    /// Adds speaker names typed in a UI input: separated by commas,
    /// semicolons, new lines, `and` or `&`.
    ///
    /// ```
    /// use talkback_core::anonymise::Names;
    /// let names = Names::default().with_extra("Lynn Root, Noa Resare");
    /// assert!(names.contains("root") && names.contains("noa"));
    /// assert!(!names.contains("and"));
    /// ```
    #[must_use]
    pub fn with_extra(mut self, input: &str) -> Names {
        self.add_list(input, Origin::Given);
        self
    }

    /// Whether nothing is known: no names, handles or organisations.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.handles.is_empty() && self.orgs.is_empty()
    }

    /// Whether `word` (any case, with or without diacritics) is a name part
    /// that is matched on its own.
    pub fn contains(&self, word: &str) -> bool {
        self.parts.contains_key(&super::fold::fold(word))
    }

    /// The folded name parts matched on their own, sorted.
    pub fn parts(&self) -> Vec<String> {
        let mut v: Vec<String> = self.parts.keys().cloned().collect();
        crate::sort::sort(&mut v);
        v
    }

    /// The folded organisations, e.g. `"acme corp"`.
    pub fn organisations(&self) -> Vec<String> {
        self.orgs.iter().map(|o| o.join(" ")).collect()
    }

    /// The folded handles and account names, sorted.
    pub fn handles(&self) -> Vec<String> {
        let mut v: Vec<String> = self.handles.iter().cloned().collect();
        crate::sort::sort(&mut v);
        v
    }

    fn add_part(&mut self, folded: &str, origin: Origin) {
        if folded.is_empty() || folded.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        if HONORIFICS.contains(&folded) || CONNECTORS.contains(&folded) {
            return;
        }
        if folded.chars().count() < 3 || PARTICLES.contains(&folded) {
            self.short.insert(folded.to_owned());
        } else {
            // A name the user gave wins over one guessed from the text.
            let slot = self.parts.entry(folded.to_owned()).or_insert(origin);
            if *slot == Origin::Text {
                *slot = origin;
            }
        }
    }

    /// Adds a list of names such as a speaker field: one name per comma,
    /// line, `and`, `&`, `/` or ` - ` separated segment.
    fn add_list(&mut self, text: &str, origin: Origin) {
        for segment in split_names(text) {
            let text = Text::new(segment, std::slice::from_ref(&(0..segment.len())));
            // A long segment is a sentence or a talk title, not a name.
            let real = (0..text.toks.len())
                .filter(|&i| {
                    let w = text.word(i);
                    text.toks[i].alpha
                        && !HONORIFICS.contains(&w)
                        && !PARTICLES.contains(&w)
                        && !CONNECTORS.contains(&w)
                        && w.len() > 1
                })
                .count();
            if real > 4 {
                continue;
            }
            // Parenthesis depth, updated from the gap before each word.
            let mut depth = 0i32;
            let mut prev_end = 0;
            for (i, t) in text.toks.iter().enumerate() {
                for c in segment[prev_end..t.start].bytes() {
                    depth += match c {
                        b'(' => 1,
                        b')' => -1,
                        _ => 0,
                    };
                }
                prev_end = t.end;
                if t.alpha {
                    let w = text.word(i).to_owned();
                    if depth > 0 && w.chars().count() >= 3 {
                        // "Amber Brown ("HawkOwl")": a nickname, also a handle.
                        self.handles.insert(w.clone());
                    }
                    self.add_part(&w, origin);
                }
            }
        }
    }

    /// Learns names (when `is_bio`), organisations and handles from a bio
    /// or notes text.
    fn learn_from_bio(&mut self, bio: &str, is_bio: bool) {
        let text = Text::new(bio, std::slice::from_ref(&(0..bio.len())));
        let code = Vec::new();
        let ctx = Ctx {
            text: &text,
            code: &code,
        };
        // The bio usually starts with the speaker's name.
        if is_bio {
            if let Some(run) = ctx.name_run(0, 2) {
                let follows = ctx.word_at(run.end);
                if run.end >= text.toks.len()
                    || matches!(
                        follows,
                        "is" | "was" | "has" | "works" | "s" | "lives" | "leads" | "loves"
                    )
                    || text.gap(run.end - 1).contains([',', '(', '\n'])
                {
                    self.add_run(&text, &run, Origin::Bio);
                }
            }
        }
        for run in ctx.introduced_names() {
            self.add_run(&text, &run.toks, Origin::Bio);
        }
        for org in ctx.bio_organisations() {
            if !org.is_empty() && !self.orgs.contains(&org) {
                self.orgs.push(org);
            }
        }
        for h in find_handles(bio, &code) {
            let name = fold_str(&bio[h.start + 1..h.end]);
            self.handles
                .insert(name.split('@').next().unwrap_or("").to_owned());
        }
        for u in find_urls(bio) {
            if let Some(account) = url_account(&bio[u]) {
                self.handles.insert(account);
            }
        }
    }

    fn add_run(&mut self, text: &Text, run: &Range<usize>, origin: Origin) {
        for i in run.clone() {
            if text.toks[i].alpha && !STOPWORDS.contains(&text.word(i)) {
                let w = text.word(i).to_owned();
                self.add_part(&w, origin);
            }
        }
    }
}

/// Words never taken as name parts on their own.
#[rustfmt::skip]
const HONORIFICS: &[&str] = &[
    "dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "phd", "jr", "sr", "ii",
    "iii", "iv",
];
/// Name particles: matched only next to another part of the name.
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "del", "della", "de", "da", "di", "du", "dos", "das", "la", "le",
    "bin", "ibn", "al", "el", "ter", "ten", "st",
];
/// Words joining names in a list.
const CONNECTORS: &[&str] = &["and", "und", "et", "with", "feat"];

/// Splits a list of names into one segment per name.
fn split_names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let sep = match b[i] {
            b',' | b';' | b'\n' | b'&' | b'/' | b'|' => 1,
            b' ' if text[i..].starts_with(" - ") => 3,
            b' ' if text[i..].starts_with(" and ") => 5,
            _ => 0,
        };
        if sep > 0 {
            out.push(&text[start..i]);
            start = i + sep;
            i += sep;
        } else {
            i += 1;
        }
    }
    out.push(&text[start..]);
    out
}

fn fold_str(s: &str) -> String {
    super::fold::fold(s)
}

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

/// One word: a maximal run of letters and digits.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    /// Range of the folded word in `Text::folded`.
    folded: Range<usize>,
    /// Which of the scanned ranges it lies in.
    region: usize,
    /// First char is upper case.
    upper: bool,
    /// Only letters.
    alpha: bool,
    /// Every letter upper case (an acronym, `GIL`).
    caps: bool,
}

/// The words of some ranges of a source, folded once.
struct Text<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    folded: String,
}

impl<'a> Text<'a> {
    fn new(src: &'a str, ranges: &[Range<usize>]) -> Text<'a> {
        let mut toks = Vec::new();
        let mut folded = String::with_capacity(ranges.iter().map(ExactSizeIterator::len).sum());
        for (region, r) in ranges.iter().enumerate() {
            let Some(part) = src.get(r.clone()) else {
                continue;
            };
            let mut cur: Option<Tok> = None;
            for (off, c) in part.char_indices() {
                let at = r.start + off;
                if c.is_alphanumeric() {
                    let t = cur.get_or_insert_with(|| Tok {
                        start: at,
                        end: at,
                        folded: folded.len()..folded.len(),
                        region,
                        upper: c.is_uppercase(),
                        alpha: true,
                        caps: true,
                    });
                    t.end = at + c.len_utf8();
                    t.alpha &= c.is_alphabetic();
                    t.caps &= !c.is_lowercase();
                    push_folded(c, &mut folded);
                    t.folded.end = folded.len();
                } else if let Some(t) = cur.take() {
                    toks.push(t);
                }
            }
            if let Some(t) = cur.take() {
                toks.push(t);
            }
        }
        Text { src, toks, folded }
    }

    /// The folded word `i`.
    fn word(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map_or("", |t| &self.folded[t.folded.clone()])
    }

    /// The source between word `i` and word `i + 1`, or `"\n\n"` when they
    /// are in different regions (or `i + 1` does not exist).
    fn gap(&self, i: usize) -> &str {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) if a.region == b.region => &self.src[a.end..b.start],
            _ => "\n\n",
        }
    }

    /// The source before word `i` in its region, as far as the previous word.
    fn gap_before(&self, i: usize) -> &str {
        if i == 0 {
            return "\n\n";
        }
        self.gap(i - 1)
    }
}

/// A gap that may join two words of one name: `Jesse Jiryu`, `Kaplan-Moss`,
/// `O'Higgins`, `A. Jesse`.
fn joins_name(gap: &str) -> bool {
    // A single line break too: prose is often hard-wrapped mid-name.
    matches!(
        gap,
        " " | "-" | "'" | "’" | ". " | "\u{a0}" | "\n" | " \n" | ".\n"
    )
}

/// Common first names from many languages, folded, one per space: only a
/// gate for weak patterns (a capitalised pair is a name if it starts with
/// one), never matched on their own. About 3.5 KB of wasm.
const FIRST_NAMES: &str = include_str!("anonymise/first_names.txt");

/// Capitalised words that are not names.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "for", "with", "by", "to", "from",
    "into", "about", "this", "that", "these", "those", "we", "you", "he", "she", "they", "it",
    "its", "our", "my", "your", "his", "her", "their", "i", "me", "is", "are", "was", "were", "be",
    "will", "can", "how", "what", "why", "when", "who", "where", "which", "if", "as", "so", "not",
    "no", "all", "any", "some", "one", "two", "new", "more", "most", "also", "then", "there",
    "here", "let", "lets", "learn", "using", "use", "join", "come", "part", "python", "pycon",
    "django", "flask", "data", "web", "open", "source", "software", "us", "talk", "tutorial",
    "keynote", "workshop", "session", "speaker", "speakers", "presented", "hi", "hello", "hey",
    "thanks", "thank", "introduction", "intro", "building", "build", "machine", "learning", "deep",
    "science", "engineering", "team", "project", "university", "foundation", "inc", "corp",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "senior", "staff", "principal", "lead", "engineer", "developer", "scientist",
    "manager", "director", "founder", "ceo", "cto", "core", "chief", "head",
];

/// Whether `w` (folded) is a stop word or a role word: hashed once, as
/// this is asked for every capitalised word.
fn not_a_name(w: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().chain(ROLES).copied().collect())
        .contains(w)
}

/// Role words: "Jane Doe is a senior data **engineer**".
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "developer", "developers", "engineer", "engineers", "scientist", "scientists", "programmer",
    "researcher", "professor", "student", "maintainer", "contributor", "founder", "cofounder",
    "consultant", "architect", "lead", "manager", "designer", "analyst", "teacher", "instructor",
    "educator", "author", "writer", "organizer", "organiser", "member", "advocate", "hacker",
    "pythonista", "enthusiast", "ceo", "cto", "director", "trainer", "coach", "fellow", "lecturer",
    "intern", "freelancer", "creator", "maintainers", "core", "phd", "speaker", "mathematician",
    "physicist", "astronomer", "biologist", "economist", "journalist", "librarian", "artist",
    "musician", "volunteer", "user", "veteran", "specialist", "expert",
];

/// Verbs after a subject: "Jane Doe will **show** …".
#[rustfmt::skip]
const WILL_VERBS: &[&str] = &[
    "talk", "present", "show", "discuss", "share", "demonstrate", "cover", "walk", "explain",
    "introduce", "teach", "give", "lead", "guide", "demo", "describe", "take", "tell", "help", "go",
    "review", "explore", "outline", "provide", "offer", "answer", "highlight", "detail",
];

/// Verbs in the present: "Jane Doe **presents** …".
#[rustfmt::skip]
const SUBJECT_VERBS: &[&str] = &[
    "presents", "shows", "discusses", "shares", "demonstrates", "covers", "walks", "explains",
    "introduces", "teaches", "gives", "leads", "describes", "talks", "works", "worked", "created",
    "wrote", "maintains", "founded", "built", "developed", "joined", "has", "was",
];

// ---------------------------------------------------------------------------
// Scanning context
// ---------------------------------------------------------------------------

/// A name found in the text, with what introduced it.
struct IntroducedName {
    toks: Range<usize>,
}

struct Ctx<'t, 'a> {
    text: &'t Text<'a>,
    code: &'t [Range<usize>],
}

impl Ctx<'_, '_> {
    fn word_at(&self, i: usize) -> &str {
        self.text.word(i)
    }

    fn in_code(&self, at: usize) -> bool {
        in_ranges(self.code, at)
    }

    /// Whether word `i` may be part of a name: capitalised letters, not an
    /// acronym, not a common capitalised word.
    fn name_like(&self, i: usize) -> bool {
        let Some(t) = self.text.toks.get(i) else {
            return false;
        };
        let w = self.text.word(i);
        t.alpha
            && t.upper
            && !(t.caps && w.len() > 1)
            && w.chars().count() >= 2
            && !not_a_name(w)
            && !self.in_code(t.start)
    }

    /// Whether word `i` is a common first name (see `FIRST_NAMES`).
    fn first_name(&self, i: usize) -> bool {
        // Built once: a linear search of 3.5 KB per capitalised word would
        // dominate the scan.
        static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
        let w = self.text.word(i);
        self.name_like(i)
            && SET
                .get_or_init(|| FIRST_NAMES.split_ascii_whitespace().collect())
                .contains(w)
    }

    /// An initial: one capital letter followed by `.` (or an apostrophe,
    /// as in `O'Higgins`).
    fn initial(&self, i: usize) -> bool {
        let Some(t) = self.text.toks.get(i) else {
            return false;
        };
        t.upper && t.alpha && t.end - t.start == 1 && {
            let g = self.text.gap(i);
            g.starts_with(". ") || g == "'" || g == "’" || g == "."
        }
    }

    /// The longest name starting at word `i`: optional honorific, then up to
    /// four capitalised words, initials or particles. `None` unless it has
    /// at least `min_words` full words.
    fn name_run(&self, i: usize, min_words: usize) -> Option<Range<usize>> {
        let mut j = i;
        let w = self.word_at(j);
        if matches!(w, "dr" | "prof" | "mr" | "mrs" | "ms" | "mx")
            && self.text.toks.get(j).is_some_and(|t| t.upper)
        {
            let g = self.text.gap(j);
            if g == ". " || g == " " {
                j += 1;
            }
        }
        let first = j;
        let mut words = 0;
        let mut end = j;
        while j < self.text.toks.len() && words < 4 {
            let ok = if self.name_like(j) {
                words += 1;
                true
            } else if self.initial(j) {
                true
            } else if j > first
                && self.text.toks[j].upper
                && self.text.toks[j].end - self.text.toks[j].start == 1
                && self.text.gap(j) == " "
                && self.name_like(j + 1)
            {
                // A middle initial without its period: "Frank J Wierzbicki".
                true
            } else {
                // A particle counts only between capitalised words.
                j > first
                    && PARTICLES.contains(&self.word_at(j))
                    && !self.text.toks[j].upper
                    && self.name_like(j + 1)
                    && joins_name(self.text.gap(j))
            };
            if !ok {
                break;
            }
            end = j + 1;
            let g = self.text.gap(j);
            let short = self.text.toks[j].end - self.text.toks[j].start == 1;
            if !(joins_name(g) && (short || !g.starts_with('.')) || short && g == ".") {
                break;
            }
            j += 1;
        }
        // Trailing initials do not belong to the name.
        while end > first && !self.name_like(end - 1) {
            end -= 1;
        }
        (words >= min_words && end > first).then_some(first..end)
    }

    /// Whether word `i` starts a clause: first in its region or after
    /// punctuation or a line break.
    fn clause_start(&self, i: usize) -> bool {
        let g = self.text.gap_before(i);
        i == 0
            || g.contains([
                '.', '!', '?', ':', ';', '\n', '(', ',', '-', '–', '—', '*', '#', '>', '|',
            ])
    }

    /// Names the text introduces explicitly: "Presented by Jane Doe",
    /// "Speaker: Jane Doe", "My name is Jane", "Hi, I'm Jane Doe",
    /// "Jane Doe is a data scientist", "Jane Doe will show"; and names that
    /// start with a common first name ("Maria Kowalska").
    fn introduced_names(&self) -> Vec<IntroducedName> {
        let t = self.text;
        let n = t.toks.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let w = t.word(i);
            let next = t.word(i + 1);
            // (trigger end, minimum words of the first name, takes a list)
            let mut trigger: Option<(usize, usize, bool)> = None;
            let g = t.gap(i);
            if next == "by"
                && matches!(
                    w,
                    "presented"
                        | "hosted"
                        | "given"
                        | "delivered"
                        | "led"
                        | "taught"
                        | "moderated"
                        | "organized"
                        | "organised"
                        | "talk"
                        | "tutorial"
                        | "workshop"
                        | "keynote"
                        | "presentation"
                        | "session"
                )
                && g == " "
            {
                trigger = Some((i + 2, 2, true));
            } else if w == "by" && !self.byline(i + 1).is_empty() {
                trigger = Some((i + 1, 2, true));
            } else if matches!(
                w,
                "speaker" | "speakers" | "presenter" | "presenters" | "keynote"
            ) && t.gap(i).trim_start().starts_with([':', '-', '–'])
            {
                // "Keynote: State of PyPy" is a title, "Speaker: Amber" a name.
                trigger = Some((i + 1, if w == "keynote" { 2 } else { 1 }, true));
            } else if w == "my" && next == "name" && t.word(i + 2) == "is" {
                trigger = Some((i + 3, 1, false));
            } else if w == "i"
                && (next == "m" && matches!(g, "'" | "’") || next == "am" && g == " ")
            {
                let greeted = i > 0 && matches!(t.word(i - 1), "hi" | "hello" | "hey" | "hola");
                trigger = Some((i + 2, if greeted { 1 } else { 2 }, true));
            } else if w == "we"
                && (next == "re" && matches!(g, "'" | "’") || next == "are" && g == " ")
            {
                trigger = Some((i + 2, 2, true));
            }
            if let Some((j, min, list)) = trigger {
                let runs = if list {
                    self.name_list(j, min)
                } else {
                    self.name_run(j, min).into_iter().collect()
                };
                if let Some(last) = runs.last() {
                    i = last.end;
                    out.extend(runs.into_iter().map(|toks| IntroducedName { toks }));
                    continue;
                }
            }
            if self.name_like(i) {
                if let Some(run) = self.name_run(i, 1) {
                    let words = run.clone().filter(|&k| self.name_like(k)).count();
                    let subject = self.clause_start(i)
                        && self.subject_of_speaker_sentence(run.end, self.first_name(run.start));
                    // Two or more words as the subject of a sentence about a
                    // speaker, or starting with a common first name; a lone
                    // first name only as such a subject ("Jane will show").
                    if (words >= 2 && (subject || self.first_name(run.start)))
                        || (words == 1 && subject && self.first_name(run.start))
                    {
                        i = run.end;
                        out.push(IntroducedName { toks: run });
                        continue;
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// The names of a byline after `by`: two-word names ending a line, a
    /// clause or before a parenthesis ("Presented at the 2009 conference by
    /// David Beazley").
    fn byline(&self, j: usize) -> Vec<Range<usize>> {
        let runs = self.name_list(j, 2);
        match runs.last() {
            Some(last)
                if {
                    let g = self.text.gap(last.end - 1);
                    g.contains(['\n', '(', ';', ')', '['])
                        || g.trim_start().starts_with(['-', '–', '.', ':'])
                } =>
            {
                runs
            }
            _ => Vec::new(),
        }
    }

    /// A list of names from word `j`: "Jane Doe, John Smith (Acme) and
    /// Ann Lee", separated by commas, `&`, `and`, `/` or `;`, each possibly
    /// followed by a parenthesis.
    fn name_list(&self, mut j: usize, min: usize) -> Vec<Range<usize>> {
        let t = self.text;
        let mut out = Vec::new();
        while let Some(run) = self.name_run(j, min) {
            j = run.end;
            out.push(run);
            let mut g = t.gap(j - 1);
            // Skip a short parenthesis: "Jane Doe (Acme), John Smith".
            if g.trim_end().ends_with('(') && !g.contains('\n') {
                let close = (j..(j + 6).min(t.toks.len())).find(|&k| t.gap(k).contains(')'));
                let Some(k) = close else { break };
                j = k + 1;
                g = t.gap(k);
                let Some(after) = g.split_once(')').map(|(_, a)| a) else {
                    break;
                };
                g = after;
            }
            let g = g.trim_end_matches(' ');
            if matches!(g, "," | " &" | "&" | "/" | ";" | ", " | "; ")
                || g.is_empty() && t.word(j) == "and"
            {
                if t.word(j) == "and" && t.gap(j) == " " {
                    j += 1;
                }
            } else if matches!(g, " ") && t.word(j) == "and" && t.gap(j) == " " {
                j += 1;
            } else {
                break;
            }
        }
        out
    }

    /// Whether the words from `k` continue "Jane Doe …" as a sentence about
    /// a speaker: "is a data scientist", "'s talk", "will show", ", a
    /// developer", "works at".
    ///
    /// Verbs ("will show", "presents") only count when the name starts
    /// with a known first name: "Jupyter Notebooks will show…" is no one.
    fn subject_of_speaker_sentence(&self, k: usize, first_name: bool) -> bool {
        let t = self.text;
        let end = k;
        let g = t.gap(end - 1);
        let w = t.word(k);
        if matches!(g, "'" | "’") && w == "s" {
            return matches!(
                t.word(k + 1),
                "talk"
                    | "tutorial"
                    | "workshop"
                    | "presentation"
                    | "keynote"
                    | "session"
                    | "research"
            );
        }
        if g == " " && w == "will" {
            return first_name && WILL_VERBS.contains(&t.word(k + 1));
        }
        if g == " " && SUBJECT_VERBS.contains(&w) && (first_name || matches!(w, "has" | "was")) {
            let after = t.word(k + 1);
            return match w {
                "has" => after == "been" && self.role_within(k + 2, 5),
                "was" => self.role_within(k + 1, 5),
                "works" | "worked" => matches!(after, "at" | "for" | "as" | "on"),
                "created" | "wrote" | "maintains" | "founded" | "built" | "developed"
                | "joined" => true,
                _ => matches!(
                    after,
                    "a" | "an"
                        | "the"
                        | "how"
                        | "about"
                        | "us"
                        | "you"
                        | "through"
                        | "some"
                        | "his"
                        | "her"
                        | "their"
                        | "what"
                        | "why"
                ),
            };
        }
        if g == " " && matches!(w, "is" | "am") {
            return matches!(t.word(k + 1), "a" | "an" | "the") && self.role_within(k + 2, 5);
        }
        if g == ", " && matches!(w, "a" | "an" | "the") {
            return self.role_within(k + 1, 5);
        }
        if g == ", "
            && matches!(
                w,
                "author" | "creator" | "maintainer" | "founder" | "cofounder"
            )
        {
            return true;
        }
        false
    }

    /// Whether a role word occurs among the `len` words from `k`, in one
    /// clause.
    fn role_within(&self, k: usize, len: usize) -> bool {
        let t = self.text;
        for j in k..k + len {
            if j >= t.toks.len() {
                return false;
            }
            if ROLES.contains(&t.word(j)) {
                return true;
            }
            if t.gap(j).contains(['.', ';', '\n', '(', ')', ':']) {
                return false;
            }
        }
        false
    }

    /// Organisations a bio names: "works at Acme", "engineer at Acme Corp",
    /// "founder of Foo", "@ Acme".
    fn bio_organisations(&self) -> Vec<Vec<String>> {
        let t = self.text;
        let mut out = Vec::new();
        for i in 0..t.toks.len() {
            let w = t.word(i);
            let next = t.word(i + 1);
            let g = t.gap(i);
            let works_at = matches!(next, "at" | "for" | "with")
                && (matches!(
                    w,
                    "works"
                        | "work"
                        | "working"
                        | "worked"
                        | "employed"
                        | "job"
                        | "role"
                        | "position"
                ) || (next == "at" && ROLES.contains(&w)));
            let leads = next == "of"
                && matches!(
                    w,
                    "founder"
                        | "cofounder"
                        | "ceo"
                        | "cto"
                        | "president"
                        | "owner"
                        | "director"
                        | "head"
                        | "chair"
                        | "member"
                        | "employee"
                );
            let start = if g == " " && (works_at || leads) {
                Some(i + 2)
            } else if g.trim() == "@" && g.ends_with(' ') {
                // "engineer @ Acme"
                Some(i + 1)
            } else if w == "joined" && g == " " {
                Some(i + 1)
            } else {
                None
            };
            if let Some(s) = start {
                if let Some(r) = self.org_run(s) {
                    out.push(r.map(|j| t.word(j).to_owned()).collect());
                }
            }
        }
        out
    }

    /// An organisation name starting at word `i` (after an optional `the`):
    /// capitalised words, acronyms, with `of`, `for`, `and`, `&` inside.
    fn org_run(&self, i: usize) -> Option<Range<usize>> {
        let t = self.text;
        let mut j = i;
        if t.word(j) == "the" && t.gap(j) == " " {
            j += 1;
        }
        let first = j;
        let mut end = j;
        while j < t.toks.len() && j - first < 6 {
            let tok = &t.toks[j];
            let w = t.word(j);
            let proper =
                tok.upper && !matches!(w, "i" | "the" | "a" | "an") && !self.in_code(tok.start);
            let inner = matches!(w, "of" | "for" | "and" | "de")
                && j > first
                && t.toks.get(j + 1).is_some_and(|n| n.upper);
            if !(proper || inner) {
                break;
            }
            if proper {
                end = j + 1;
            }
            let g = t.gap(j);
            if !matches!(g, " " | "-" | " & " | "." | "'")
                || (g == "."
                    && !matches!(
                        t.word(j + 1),
                        "com" | "io" | "org" | "net" | "ai" | "co" | "dev"
                    ))
            {
                break;
            }
            j += 1;
        }
        // A lone generic word ("Python", "University") names nothing.
        if end == first + 1 && STOPWORDS.contains(&t.word(first)) {
            return None;
        }
        (end > first).then_some(first..end)
    }
}

fn in_ranges(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= at);
    ranges.get(i).is_some_and(|r| r.start <= at)
}

// ---------------------------------------------------------------------------
// Code spans
// ---------------------------------------------------------------------------

/// Byte ranges of fenced code blocks and inline code spans (backticks
/// included), sorted.
fn code_ranges(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None; // (char, length, start)
    let mut pos = 0;
    let mut para_start = 0;
    for line in src.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let run = |c: u8| trimmed.bytes().take_while(|&b| b == c).count();
        if let Some((c, len, fstart)) = fence {
            if indent < 4 && run(c) >= len && trimmed[run(c)..].trim().is_empty() {
                out.push(fstart..pos);
                fence = None;
                para_start = pos;
            }
            continue;
        }
        if indent < 4 {
            for c in [b'`', b'~'] {
                if run(c) >= 3 && !(c == b'`' && trimmed[run(c)..].contains('`')) {
                    inline_code(src, para_start..start, &mut out);
                    fence = Some((c, run(c), start));
                    break;
                }
            }
            if fence.is_some() {
                continue;
            }
        }
        if line.trim().is_empty() {
            inline_code(src, para_start..start, &mut out);
            para_start = pos;
        }
    }
    if let Some((_, _, fstart)) = fence {
        out.push(fstart..src.len());
    } else {
        inline_code(src, para_start..src.len(), &mut out);
    }
    crate::sort::sort_by_key(&mut out, |r| r.start);
    out
}

/// Inline code spans of one paragraph.
fn inline_code(src: &str, para: Range<usize>, out: &mut Vec<Range<usize>>) {
    let b = src.as_bytes();
    let mut i = para.start;
    while i < para.end {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let len = b[i..para.end].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + len;
        let mut closed = None;
        while j < para.end {
            if b[j] == b'`' {
                let l = b[j..para.end].iter().take_while(|&&c| c == b'`').count();
                if l == len {
                    closed = Some(j + l);
                    break;
                }
                j += l;
            } else {
                j += 1;
            }
        }
        if let Some(end) = closed {
            out.push(i..end);
            i = end;
        } else {
            i += len;
        }
    }
}

// ---------------------------------------------------------------------------
// E-mails, links, handles
// ---------------------------------------------------------------------------

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_host_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// E-mail addresses in `s`.
fn find_emails(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        let mut start = at;
        while start > 0 && is_local_char(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        // `@jane@hachyderm.io` is a Mastodon handle, not an address.
        if start > 0 && b[start - 1] == b'@' {
            continue;
        }
        let mut end = at + 1;
        while end < b.len() && is_host_char(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let host = &s[at + 1..end];
        let tld_ok = host.rsplit_once('.').is_some_and(|(h, tld)| {
            !h.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
        if start < at && tld_ok && out.last().is_none_or(|r: &Range<usize>| r.end <= start) {
            out.push(start..end);
        }
    }
    out
}

/// Top-level domains accepted for links written without a scheme.
const TLDS: &[&str] = &[
    "com", "org", "net", "io", "dev", "me", "info", "co", "ai", "app", "xyz", "blog", "site",
    "tech", "page", "name", "social", "uk", "de", "fr", "es", "it", "nl", "pl", "br", "in", "ca",
    "au", "jp", "eu", "ch", "se", "no", "dk", "fi", "cz", "at", "be", "us", "sh", "ly", "cc", "ee",
];

/// Links in `s`: `http(s)://…`, `www.…`, and bare `host.tld/…`.
fn find_urls(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_word_start = i == 0
            || !(b[i - 1].is_ascii_alphanumeric()
                || matches!(b[i - 1], b'.' | b'@' | b'-' | b'/' | b'_'));
        if !at_word_start || !(b[i].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let rest = &s[i..];
        let schemed = ["http://", "https://"]
            .iter()
            .find(|p| {
                rest.get(..p.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(p))
            })
            .map(|p| p.len());
        let host_start = i + schemed.unwrap_or(0);
        let mut host_end = host_start;
        while host_end < b.len() && is_host_char(b[host_end]) {
            host_end += 1;
        }
        while host_end > host_start && matches!(b[host_end - 1], b'.' | b'-') {
            host_end -= 1;
        }
        let host = &s[host_start..host_end];
        let ok = if schemed.is_some() {
            host.contains('.') || host.eq_ignore_ascii_case("localhost")
        } else {
            host.len() > 4
                && host.rsplit_once('.').is_some_and(|(h, tld)| {
                    !h.is_empty()
                        && (TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)))
                        && (host[..4].eq_ignore_ascii_case("www.") || tld.bytes().all(|c| c.is_ascii_lowercase()))
                        && !h.bytes().all(|c| c.is_ascii_digit() || c == b'.')
                })
                // A bare `file.py` or `e.g.` is not a link: the host must
                // end the word or continue with a path.
                && host_end.checked_sub(0).is_some_and(|e| e >= b.len() || !matches!(b[e], b'@'))
        };
        if !ok || b.get(host_end) == Some(&b'@') {
            i = host_end.max(i + 1);
            continue;
        }
        let mut end = host_end;
        let mut parens = 0i32;
        while end < b.len() {
            let c = b[end];
            if c.is_ascii_whitespace()
                || matches!(
                    c,
                    b'<' | b'>' | b'"' | b'`' | b']' | b'{' | b'}' | b'|' | b'\\'
                )
            {
                break;
            }
            if c == b'(' {
                parens += 1;
            } else if c == b')' {
                if parens == 0 {
                    break;
                }
                parens -= 1;
            }
            end += 1;
        }
        while end > host_end
            && matches!(
                b[end - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_'
            )
        {
            end -= 1;
        }
        // Keep the span on a char boundary (non-ASCII in paths).
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        out.push(i..end);
        i = end.max(i + 1);
    }
    out
}

/// Code-hosting sites: `host/user` is a profile, `host/user/repo` the
/// user's repository.
#[rustfmt::skip]
const CODE_HOSTS: &[&str] = &[
    "github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.sr.ht",
    "gist.github.com", "huggingface.co", "kaggle.com",
];
/// Sites where `host/user` (or `host/@user`) is a person's page.
#[rustfmt::skip]
const PROFILE_HOSTS: &[&str] = &[
    "twitter.com", "x.com", "mobile.twitter.com", "instagram.com", "facebook.com", "threads.net",
    "medium.com", "dev.to", "speakerdeck.com", "slideshare.net", "keybase.io", "about.me",
    "linktr.ee", "patreon.com", "ko-fi.com", "buymeacoffee.com", "youtube.com", "tiktok.com",
    "hashnode.com", "substack.com", "orcid.org", "fosstodon.org", "mastodon.social", "hachyderm.io",
    "bsky.app", "stackoverflow.com", "linkedin.com", "pypi.org", "npmjs.com", "crates.io",
    "news.ycombinator.com", "reddit.com", "twitch.tv", "dribbble.com", "behance.net",
    "researchgate.net", "scholar.google.com", "tumblr.com",
];
/// Path segments that are site pages, not accounts.
#[rustfmt::skip]
const RESERVED_SEGMENTS: &[&str] = &[
    "about", "features", "topics", "explore", "marketplace", "pricing", "login", "join", "settings",
    "apps", "collections", "trending", "search", "site", "security", "enterprise", "pulls",
    "issues", "notifications", "new", "blog", "docs", "help", "home", "hashtag", "i", "intent",
    "share", "watch", "results", "project", "projects", "package", "packages", "simple", "search",
    "questions", "tags", "tag", "company", "school", "jobs", "events", "groups", "pages", "feed",
    "r", "c", "channel", "playlist", "embed", "status", "policies", "terms", "privacy", "contact",
    "orgs", "downloads", "download", "releases", "wiki", "p", "pub", "post", "posts", "articles",
    "article", "story", "stories", "in", "user", "users", "profile", "u", "crates", "datasets",
    "models", "spaces", "competitions",
];
/// Subdomain hosts where the subdomain is the user: `jane.github.io`.
#[rustfmt::skip]
const USER_SUBDOMAIN_HOSTS: &[&str] = &[
    ".github.io", ".gitlab.io", ".substack.com", ".medium.com", ".wordpress.com", ".blogspot.com",
    ".netlify.app", ".vercel.app", ".pages.dev", ".bearblog.dev", ".hashnode.dev", ".tumblr.com",
    ".codeberg.page",
];

/// Host and path segments of a link, lower-cased host without `www.`.
fn url_parts(url: &str) -> (String, Vec<&str>) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(&host)
        .to_owned();
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs = path.split('/').filter(|s| !s.is_empty()).collect();
    (host, segs)
}

/// How a link points at a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    /// A profile page (`github.com/jane`, `linkedin.com/in/jane`).
    Profile,
    /// A repository under an account (`github.com/jane/tool`).
    Repository,
    /// Anything else.
    Other,
}

/// The account a profile link points at, folded (`github.com/JDoe` →
/// `jdoe`).
fn url_account(url: &str) -> Option<String> {
    let (host, segs) = url_parts(url);
    for suffix in USER_SUBDOMAIN_HOSTS {
        if let Some(user) = host.strip_suffix(suffix) {
            return Some(fold_str(user));
        }
    }
    let known = CODE_HOSTS.contains(&host.as_str())
        || PROFILE_HOSTS.contains(&host.as_str())
        || host.contains("mastodon");
    let mut it = segs.iter().map(|s| s.trim_start_matches(['@', '~']));
    let first = it.next()?;
    let seg = if matches!(
        first,
        "in" | "user" | "users" | "u" | "profile" | "sponsors" | "c" | "channel" | "pub"
    ) {
        let s = it.next()?;
        // stackoverflow.com/users/123/jane
        if s.bytes().all(|b| b.is_ascii_digit()) {
            it.next().unwrap_or(s)
        } else {
            s
        }
    } else {
        first
    };
    let at_form = segs
        .first()
        .is_some_and(|s| s.starts_with('@') || s.starts_with('~'));
    let reserved = RESERVED_SEGMENTS.contains(&first.to_ascii_lowercase().as_str()) && seg == first;
    ((known || at_form) && !reserved && !seg.is_empty()).then(|| fold_str(seg))
}

fn link_kind(url: &str) -> LinkKind {
    let (host, segs) = url_parts(url);
    if USER_SUBDOMAIN_HOSTS.iter().any(|s| host.ends_with(s)) && !host.starts_with("www.") {
        return LinkKind::Profile;
    }
    if url_account(url).is_none() {
        return LinkKind::Other;
    }
    let first = segs.first().map_or("", |s| s);
    if CODE_HOSTS.contains(&host.as_str())
        && segs.len() >= 2
        && !matches!(first, "sponsors" | "u" | "user" | "users")
    {
        return LinkKind::Repository;
    }
    if host == "linkedin.com" && !matches!(first, "in" | "pub") {
        return LinkKind::Other;
    }
    if matches!(host.as_str(), "pypi.org" | "npmjs.com" | "crates.io")
        && !matches!(first, "user" | "users" | "~")
    {
        return LinkKind::Other;
    }
    if matches!(host.as_str(), "youtube.com" | "medium.com" | "tiktok.com")
        && !first.starts_with('@')
        && !matches!(first, "c" | "channel" | "user")
    {
        return LinkKind::Other;
    }
    if matches!(host.as_str(), "stackoverflow.com" | "reddit.com")
        && !matches!(first, "users" | "user" | "u")
    {
        return LinkKind::Other;
    }
    LinkKind::Profile
}

/// Python decorators often written in prose: `@property` is not a handle.
#[rustfmt::skip]
const DECORATORS: &[&str] = &[
    "property", "staticmethod", "classmethod", "dataclass", "decorator", "abstractmethod",
    "cached_property", "lru_cache", "cache", "wraps", "contextmanager", "asynccontextmanager",
    "override", "overload", "singledispatch", "singledispatchmethod", "total_ordering", "fixture",
    "pytest", "given", "app", "router", "task", "jit", "njit", "setter", "getter", "final",
    "receiver", "login_required", "route", "validator", "field_validator", "tool", "njit", "njit",
    "vectorize", "unique", "runtime_checkable",
];

/// `@handles` in `s` outside code: not e-mails, not decorators.
fn find_handles(s: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        if at > 0
            && (b[at - 1].is_ascii_alphanumeric()
                || matches!(b[at - 1], b'.' | b'_' | b'@' | b'-' | b'/' | b'+'))
        {
            continue;
        }
        let mut end = at + 1;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
            end += 1;
        }
        let name = &s[at + 1..end];
        if name.is_empty()
            || name.len() > 39
            || name.bytes().all(|c| c.is_ascii_digit())
            || in_ranges(code, at)
        {
            continue;
        }
        // Mastodon: @user@instance.social
        if b.get(end) == Some(&b'@') {
            let mut e = end + 1;
            while e < b.len() && is_host_char(b[e]) {
                e += 1;
            }
            while e > end + 1 && matches!(b[e - 1], b'.' | b'-') {
                e -= 1;
            }
            if s[end + 1..e].contains('.') {
                out.push(at..e);
                continue;
            }
        }
        // A call or an attribute: `@app.route(...)`, `@given(...)`.
        let after = &s[end..];
        if after.starts_with('(')
            || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            continue;
        }
        if DECORATORS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        // "the @cache decorator"
        let next_word = after
            .trim_start_matches([' ', '`', '*'])
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if next_word.eq_ignore_ascii_case("decorator")
            || next_word.eq_ignore_ascii_case("decorators")
        {
            continue;
        }
        // A decorator line in unfenced code: `@foo` alone on its line,
        // with `def`/`class`/another decorator below.
        let line_start = s[..at].rfind('\n').map_or(0, |p| p + 1);
        let line_end = after.find('\n').map_or(s.len(), |p| end + p);
        if s[line_start..at].trim().is_empty() && s[end..line_end].trim().is_empty() {
            let below = s[line_end..].trim_start();
            if ["def ", "async def ", "class ", "@"]
                .iter()
                .any(|p| below.starts_with(p))
            {
                continue;
            }
        }
        out.push(at..end);
    }
    out
}

// ---------------------------------------------------------------------------
// Self-references
// ---------------------------------------------------------------------------

/// "I am the **author** of X".
#[rustfmt::skip]
const CLAIM_ROLES: &[&str] = &[
    "author", "authors", "creator", "creators", "maintainer", "maintainers", "founder",
    "cofounder", "developer", "developers", "contributor", "lead", "organizer", "organiser",
];
/// "I **created** X".
#[rustfmt::skip]
const CLAIM_VERBS: &[&str] = &[
    "created", "wrote", "built", "developed", "started", "founded", "cofounded", "authored",
    "maintain", "maintained", "designed", "released", "published",
];
/// "my **talk** at `PyCon` 2019".
const TALK_WORDS: &[&str] = &[
    "talk",
    "talks",
    "tutorial",
    "keynote",
    "presentation",
    "workshop",
    "session",
    "lightning",
];
/// "our **team** at Acme".
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "company", "startup", "employer", "team", "lab", "group", "organisation", "organization",
    "firm", "agency",
];
/// "my **library** Hypothesis".
#[rustfmt::skip]
const PROJECT_WORDS: &[&str] = &[
    "library", "project", "package", "book", "module", "framework", "tool", "app", "podcast",
    "blog", "course", "newsletter", "channel", "plugin", "extension",
];

/// Words skipped between "my library" and its name.
#[rustfmt::skip]
const OBJECT_FILLER: &[&str] = &[
    "the", "a", "an", "called", "named", "open", "source", "popular", "small", "python", "library",
    "package", "project", "framework", "tool", "module", "app", "book", "new",
];

impl Ctx<'_, '_> {
    /// The name of a project after word `i`: inline code, or capitalised or
    /// compound (`repoze.bfg`, `scikit-learn`) words. Returns a byte span.
    fn object_after(&self, i: usize) -> Option<Range<usize>> {
        let t = self.text;
        let mut j = i;
        let mut skipped = 0;
        loop {
            let tok = t.toks.get(j)?;
            if tok.region != t.toks[i.saturating_sub(1).min(j)].region {
                return None;
            }
            // Inline code right here: `requests`.
            let before = t.gap_before(j);
            if before.ends_with('`') && self.in_code(tok.start) {
                let i_code = self.code.partition_point(|r| r.end <= tok.start);
                return self.code.get(i_code).cloned();
            }
            let w = t.word(j);
            // A lower-case compound (`repoze.bfg`, `scikit-learn`) right
            // after the verb; after "a"/"the" it is a description
            // ("a time-travel debugger").
            let compound = matches!(t.gap(j), "." | "-" | "_")
                && t.toks.get(j + 1).is_some_and(|n| n.start == tok.end + 1)
                && (skipped == 0 || t.gap(j) != "-");
            if (tok.upper && !STOPWORDS.contains(&w) && !ROLES.contains(&w))
                || (compound && !OBJECT_FILLER.contains(&w) && tok.alpha)
            {
                let start = tok.start;
                let mut end = tok.end;
                let mut k = j;
                let mut words = 1;
                while words < 4 {
                    let g = t.gap(k);
                    let Some(n) = t.toks.get(k + 1) else { break };
                    let joined = matches!(g, "." | "-" | "_") && n.start == t.toks[k].end + 1;
                    let spaced = g == " " && n.upper && !STOPWORDS.contains(&t.word(k + 1));
                    if !(joined || spaced) {
                        break;
                    }
                    k += 1;
                    end = n.end;
                    if spaced {
                        words += 1;
                    }
                }
                return Some(start..end);
            }
            if !OBJECT_FILLER.contains(&w) || skipped >= 4 {
                return None;
            }
            let g = t.gap(j);
            if !matches!(g, " " | ", " | "-") {
                return None;
            }
            skipped += 1;
            j += 1;
        }
    }

    /// An event after word `i`: capitalised words and years, as in
    /// `PyCon US 2019`.
    fn event_after(&self, i: usize) -> Option<Range<usize>> {
        let t = self.text;
        let mut j = i;
        if t.word(j) == "the" {
            j += 1;
        }
        let first = t.toks.get(j)?;
        if !first.upper || t.gap_before(j).contains('\n') {
            return None;
        }
        let mut end = first.end;
        let mut k = j;
        while k - j < 3 {
            let Some(n) = t.toks.get(k + 1) else { break };
            let event_word = n.upper || !n.alpha;
            if !matches!(t.gap(k), " " | "-") || !event_word || t.word(k + 1) == "i" {
                break;
            }
            k += 1;
            end = n.end;
        }
        Some(first.start..end)
    }

    /// Self-references: what the speaker says they made, where they spoke,
    /// where they work.
    fn self_references(&self) -> Vec<Finding> {
        let t = self.text;
        (0..t.toks.len())
            .filter(|&i| {
                let g = t.gap(i);
                !g.contains(['\n', '.', ';']) || matches!(g, "." | "-")
            })
            .filter_map(|i| self.claim_at(i))
            .collect()
    }

    /// Whether "I", "we", "my" or "our" occurs among the `within` words
    /// before word `k`.
    fn first_person_before(&self, k: usize, within: usize) -> bool {
        let t = self.text;
        (k.saturating_sub(within)..k).any(|j| {
            let w = t.word(j);
            (w == "i" && t.toks[j].upper) || matches!(w, "we" | "my" | "our")
        })
    }

    /// The self-reference whose trigger is word `i`, if any.
    fn claim_at(&self, i: usize) -> Option<Finding> {
        let t = self.text;
        let w = t.word(i);
        let next = t.word(i + 1);
        let g = t.gap(i);
        let project = |span| self_finding(span, FindingKind::SelfReference);
        let org = |r: Range<usize>| org_text_finding(t.toks[r.start].start..t.toks[r.end - 1].end);
        // "I am the author of X", "core developer of X"
        if CLAIM_ROLES.contains(&w) && matches!(next, "of" | "behind") {
            return self
                .first_person_before(i, 6)
                .then(|| self.object_after(i + 2))
                .flatten()
                .map(project);
        }
        // "I created X", "I co-created X"
        if w == "i" && t.toks[i].upper && g == " " && (CLAIM_VERBS.contains(&next) || next == "co")
        {
            return self
                .object_after(if next == "co" { i + 3 } else { i + 2 })
                .map(project);
        }
        if matches!(w, "my" | "our") && g == " " {
            // "my talk at PyCon 2019"
            if TALK_WORDS.contains(&next) {
                for k in i + 2..(i + 6).min(t.toks.len()) {
                    if matches!(t.word(k), "at" | "from") && t.gap(k) == " " {
                        return self.event_after(k + 1).map(project);
                    }
                    if t.gap(k - 1).contains(['.', ';', '\n', ',']) {
                        return None;
                    }
                }
                return None;
            }
            // "my company, Acme", "our team at Acme"
            let g1 = t.gap(i + 1);
            if ORG_WORDS.contains(&next) && matches!(g1, " " | ", " | " @ ") {
                let skip = g1 != " @ " && matches!(t.word(i + 2), "at" | "called" | "named");
                return self.org_run(i + 2 + usize::from(skip)).map(org);
            }
            // "my library Hypothesis", "my package `attrs`"
            if PROJECT_WORDS.contains(&next)
                && matches!(g1, " " | ", " | " `" | ", `" | " \"" | " *" | " **")
            {
                let skip = matches!(t.word(i + 2), "called" | "named");
                return self.object_after(i + 2 + usize::from(skip)).map(project);
            }
            return None;
        }
        // "I spoke at PyCon 2019", "I work at Acme", "we at Acme"
        if w == "at" && g == " " && i > 0 && t.gap_before(i) == " " {
            let prev = t.word(i - 1);
            let spoke = matches!(prev, "spoke" | "presented" | "talked" | "keynoted");
            let works = matches!(
                prev,
                "work" | "works" | "working" | "worked" | "intern" | "employed" | "we"
            ) || ROLES.contains(&prev);
            if !(spoke || works) || !self.first_person_before(i, 5) {
                return None;
            }
            if spoke {
                return self.event_after(i + 1).map(project);
            }
            return self
                .org_run(i + 1)
                .filter(|r| !(r.len() == 1 && t.word(r.start) == "pycon"))
                .map(org);
        }
        None
    }
}

fn self_finding(span: Range<usize>, kind: FindingKind) -> Finding {
    Finding {
        span,
        kind,
        why: WHY_SELF,
        replacement: "[project]",
    }
}

fn org_text_finding(span: Range<usize>) -> Finding {
    Finding {
        span,
        kind: FindingKind::Organisation,
        why: WHY_ORG_TEXT,
        replacement: "[organisation]",
    }
}

const WHY_SPEAKERS: &str = "This is the speaker's name (from the Speaker field).";
const WHY_BIO: &str = "This is the speaker's name (from the Bio field).";
const WHY_GIVEN: &str = "This is the speaker's name (from the names you entered).";
const WHY_TEXT: &str = "This looks like the speaker's name: the proposal introduces someone by it.";
const WHY_LOWER: &str =
    "This word is also part of the speaker's name. If it means the speaker here, hide it.";
const WHY_EMAIL: &str = "An e-mail address tells reviewers exactly who wrote this.";
const WHY_PROFILE: &str = "This link goes to a personal profile, so reviewers can see who you are.";
const WHY_REPO: &str =
    "This link goes to a repository under a personal account, which names its owner.";
const WHY_URL_NAME: &str = "This link contains the speaker's name or handle.";
const WHY_HANDLE: &str = "This looks like a social-media handle; reviewers can look it up.";
const WHY_ORG: &str =
    "The bio says the speaker works here; naming it helps reviewers guess who you are.";
const WHY_ORG_TEXT: &str =
    "You name your own organisation here; together with the topic it can identify you.";
const WHY_SELF: &str = "You say you made this or spoke there; reviewers can look up who did. \
     Describe it without claiming it, e.g. \"the [project] library\".";

// ---------------------------------------------------------------------------
// The scan
// ---------------------------------------------------------------------------

/// The byte ranges of `p` that are shared with reviewers: every field value
/// and body chunk except the speaker, bio and notes fields, sorted.
///
/// ```
/// use talkback_core::{anonymise::shared_spans, proposal::parse};
/// let p = parse("# Fast tests\n\n## Bio\n\nJane Doe.\n");
/// let spans = shared_spans(&p);
/// assert_eq!(spans.len(), 1);
/// assert_eq!(p.slice(&spans[0]), "Fast tests");
/// ```
pub fn shared_spans(p: &Proposal) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = p
        .fields()
        .iter()
        .filter(|f| is_shared(f.kind) && !f.value.is_empty())
        .map(|f| f.value.clone())
        .chain(p.body_spans().iter().cloned())
        .collect();
    crate::sort::sort_by_key(&mut spans, |r| r.start);
    spans
}

/// Whether a field of `kind` is shown to reviewers.
pub fn is_shared(kind: FieldKind) -> bool {
    !matches!(
        kind,
        FieldKind::Speakers | FieldKind::Bio | FieldKind::Notes
    )
}

/// Finds what identifies the speaker in the shared parts of `p`, sorted by
/// position and non-overlapping.
///
/// ```
/// use talkback_core::anonymise::{scan, FindingKind, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Beazley's GIL tour\n\n## Description\n\nMail jane@example.com.\n\n## Speaker\n\nDavid Beazley\n");
/// let found = scan(&p, &Names::from_proposal(&p));
/// let kinds: Vec<_> = found.iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, [FindingKind::Name, FindingKind::Email]);
/// assert_eq!(p.slice(&found[0].span), "Beazley");
/// ```
pub fn scan(p: &Proposal, names: &Names) -> Vec<Finding> {
    let src = p.source();
    let regions = shared_spans(p);
    let code = code_ranges(src);
    let text = Text::new(src, &regions);
    let ctx = Ctx {
        text: &text,
        code: &code,
    };
    let mut found: Vec<Finding> = Vec::new();

    // Names the text introduces become names to look for everywhere.
    let mut local;
    let mut names = names;
    let introduced = ctx.introduced_names();
    if !introduced.is_empty() {
        local = names.clone();
        for run in &introduced {
            local.add_run(&text, &run.toks, Origin::Text);
        }
        names = &local;
    }
    for run in &introduced {
        found.push(Finding {
            span: text.toks[run.toks.start].start..text.toks[run.toks.end - 1].end,
            kind: FindingKind::Name,
            why: WHY_TEXT,
            replacement: "[speaker]",
        });
    }

    // E-mails, links, handles: per region so nothing spans two fields.
    let links = find_links(src, &regions, &code, names, &mut found);
    find_name_parts(&text, &code, names, &mut found);
    find_organisations(&text, names, &mut found);
    // What the speaker claims ("I built DIVSPL") is found again wherever
    // the text repeats it, as written.
    let claims = ctx.self_references();
    repeat_claims(src, &regions, &claims, &mut found);
    found.extend(claims);

    // Words inside a link that is not flagged are part of the link (a
    // package name in a docs URL), not a name in prose.
    found.retain(|f| {
        matches!(f.kind, FindingKind::Url | FindingKind::Email)
            || !links
                .iter()
                .any(|l| l.start <= f.span.start && f.span.end <= l.end)
            || f.kind == FindingKind::Name && f.why != WHY_TEXT
    });
    merge(found)
}

/// E-mails, personal links and handles, region by region; returns every
/// link span (flagged or not), sorted.
fn find_links(
    src: &str,
    regions: &[Range<usize>],
    code: &[Range<usize>],
    names: &Names,
    found: &mut Vec<Finding>,
) -> Vec<Range<usize>> {
    let mut links: Vec<Range<usize>> = Vec::new();
    for r in regions {
        let part = &src[r.clone()];
        let emails = find_emails(part);
        for e in &emails {
            found.push(Finding {
                span: r.start + e.start..r.start + e.end,
                kind: FindingKind::Email,
                why: WHY_EMAIL,
                replacement: "[email]",
            });
        }
        for u in find_urls(part) {
            let span = r.start + u.start..r.start + u.end;
            if emails.iter().any(|e| e.start < u.end && u.start < e.end) {
                continue;
            }
            let url = &part[u];
            let why = match link_kind(url) {
                LinkKind::Profile => Some(WHY_PROFILE),
                LinkKind::Repository if url_mentions(url, names, true) => Some(WHY_REPO),
                _ if url_mentions(url, names, false) => Some(WHY_URL_NAME),
                _ => None,
            };
            if let Some(why) = why {
                found.push(Finding {
                    span: span.clone(),
                    kind: FindingKind::Url,
                    why,
                    replacement: "[link]",
                });
            }
            links.push(span);
        }
        for h in find_handles(part, &[]) {
            let span = r.start + h.start..r.start + h.end;
            if in_ranges(code, span.start)
                || emails.iter().any(|e| e.start <= h.start && h.start < e.end)
            {
                continue;
            }
            if links
                .iter()
                .any(|l| l.start <= span.start && span.start < l.end)
            {
                continue;
            }
            found.push(Finding {
                span,
                kind: FindingKind::Handle,
                why: WHY_HANDLE,
                replacement: "[handle]",
            });
        }
    }
    crate::sort::sort_by_key(&mut links, |r| r.start);
    links
}

/// The speaker's name parts: one hash lookup per word, then runs of
/// adjacent hits become one finding.
fn find_name_parts(text: &Text, code: &[Range<usize>], names: &Names, found: &mut Vec<Finding>) {
    let n = text.toks.len();
    let mut hit: Vec<Option<&'static str>> = vec![None; n];
    for (i, tok) in text.toks.iter().enumerate() {
        if !tok.alpha {
            continue;
        }
        let w = text.word(i);
        let why = match names.parts.get(w) {
            Some(Origin::Text) if !tok.upper => None,
            Some(_) if !tok.upper => Some(WHY_LOWER),
            Some(Origin::Given) => Some(WHY_GIVEN),
            Some(Origin::Speakers) => Some(WHY_SPEAKERS),
            Some(Origin::Bio) => Some(WHY_BIO),
            Some(Origin::Text) => Some(WHY_TEXT),
            None if names.handles.contains(w) && !in_ranges(code, tok.start) => Some(WHY_HANDLE),
            None => None,
        };
        hit[i] = why;
    }
    // Initials and particles next to a hit: "A. Jesse", "van Rossum".
    for i in 0..n {
        if hit[i].is_some() || !names.short.contains(text.word(i)) {
            continue;
        }
        let left = i > 0 && hit[i - 1].is_some() && joins_name(text.gap(i - 1));
        let right = i + 1 < n
            && (hit[i + 1].is_some() || names.short.contains(text.word(i + 1)))
            && (joins_name(text.gap(i)) || text.gap(i) == ".");
        let right = right
            && (hit[i + 1].is_some()
                || (i + 2 < n && hit[i + 2].is_some() && joins_name(text.gap(i + 1))));
        if left || right {
            hit[i] = Some(WHY_SPEAKERS);
        }
    }
    let mut i = 0;
    while i < n {
        let Some(mut why) = hit[i] else {
            i += 1;
            continue;
        };
        let start = text.toks[i].start;
        let mut j = i;
        while j + 1 < n && hit[j + 1].is_some() && {
            let g = text.gap(j);
            let short = text.toks[j].end - text.toks[j].start == 1;
            joins_name(g) && (short || !g.starts_with('.')) || short && g == "."
        } {
            j += 1;
            if why == WHY_LOWER || why == WHY_HANDLE {
                why = hit[j].unwrap_or(why);
            }
        }
        let short_only = (i..=j)
            .all(|k| names.short.contains(text.word(k)) && !names.parts.contains_key(text.word(k)));
        if !short_only {
            let kind = if why == WHY_HANDLE {
                FindingKind::Handle
            } else {
                FindingKind::Name
            };
            let replacement = if kind == FindingKind::Handle {
                "[handle]"
            } else {
                "[speaker]"
            };
            found.push(Finding {
                span: start..text.toks[j].end,
                kind,
                why,
                replacement,
            });
        }
        i = j + 1;
    }
}

/// Organisations from the bio, as whole word sequences, capitalised.
fn find_organisations(text: &Text, names: &Names, found: &mut Vec<Finding>) {
    let n = text.toks.len();
    for org in &names.orgs {
        let Some(first) = org.first() else { continue };
        let mut keys: Vec<&[String]> = vec![org.as_slice()];
        if org.len() > 1 && ORG_SUFFIXES.contains(&org[org.len() - 1].as_str()) {
            keys.push(&org[..org.len() - 1]);
        }
        for i in 0..n {
            if text.word(i) != first || !(text.toks[i].upper || text.toks[i].caps) {
                continue;
            }
            for key in &keys {
                let len = key.len();
                let matches = i + len <= n
                    && (1..len)
                        .all(|k| text.word(i + k) == key[k] && !text.gap(i + k - 1).contains('\n'));
                if matches {
                    found.push(Finding {
                        span: text.toks[i].start..text.toks[i + len - 1].end,
                        kind: FindingKind::Organisation,
                        why: WHY_ORG,
                        replacement: "[organisation]",
                    });
                    break;
                }
            }
        }
    }
}

/// Every other occurrence of what the speaker claims to have made.
fn repeat_claims(
    src: &str,
    regions: &[Range<usize>],
    claims: &[Finding],
    found: &mut Vec<Finding>,
) {
    for claim in claims {
        let name = &src[claim.span.clone()];
        if name.starts_with('`')
            || found
                .iter()
                .any(|f| f.kind == claim.kind && &src[f.span.clone()] == name)
        {
            continue;
        }
        for r in regions {
            for (at, _) in src[r.clone()].match_indices(name) {
                let start = r.start + at;
                let end = start + name.len();
                let before = src[..start].chars().next_back();
                let after = src[end..].chars().next();
                if !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
                {
                    found.push(Finding {
                        span: start..end,
                        ..claim.clone()
                    });
                }
            }
        }
    }
}

/// Generic last words of organisation names: "Acme Corp" is also "Acme".
#[rustfmt::skip]
const ORG_SUFFIXES: &[&str] = &[
    "inc", "corp", "corporation", "llc", "ltd", "gmbh", "ag", "sa", "bv", "co", "company", "labs",
    "lab", "group", "technologies", "technology", "software", "systems", "solutions",
];

/// Whether a link mentions a name part or handle in its host or path
/// (`janedoe.dev`, `github.com/jdoe/tool`). With `owner_only`, only the
/// first path segment counts.
fn url_mentions(url: &str, names: &Names, owner_only: bool) -> bool {
    let (host, segs) = url_parts(url);
    let mut pieces: Vec<&str> = Vec::new();
    if owner_only {
        pieces.extend(segs.first());
    } else {
        // The host without its top-level domain, then the path.
        let labels: Vec<&str> = host.split('.').collect();
        pieces.extend(&labels[..labels.len().saturating_sub(1)]);
        pieces.extend(&segs);
    }
    pieces.iter().any(|piece| {
        let folded = fold_str(piece.trim_start_matches(['@', '~']));
        if names.handles.contains(&folded) {
            return true;
        }
        let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).collect();
        words.iter().any(|w| names.parts.contains_key(*w))
            || names
                .parts
                .keys()
                .any(|part| part.len() >= 4 && folded.contains(part.as_str()))
    })
}

/// Sorts findings and merges overlapping ones into their union, keeping
/// the most specific kind.
fn merge(mut found: Vec<Finding>) -> Vec<Finding> {
    crate::sort::sort_by(&mut found, |a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut out: Vec<Finding> = Vec::with_capacity(found.len());
    for f in found {
        match out.last_mut() {
            Some(last) if f.span.start < last.span.end => {
                last.span.end = last.span.end.max(f.span.end);
                if f.kind.rank() < last.kind.rank() {
                    last.kind = f.kind;
                    last.why = f.why;
                    last.replacement = f.replacement;
                }
            }
            _ => out.push(f),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------

/// `source` with the findings chosen by `which` replaced by their
/// suggested replacements. Findings must be sorted and non-overlapping, as
/// [`scan`] returns them; others are skipped.
///
/// ```
/// use talkback_core::anonymise::{redact, scan, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Title\n\nI'm Jane Doe, write to jane@example.com.\n");
/// let found = scan(&p, &Names::default());
/// assert_eq!(
///     redact(p.source(), &found, |_| true),
///     "# Title\n\nI'm [speaker], write to [email].\n"
/// );
/// ```
pub fn redact(source: &str, findings: &[Finding], which: impl Fn(&Finding) -> bool) -> String {
    redact_ranges(source, findings, &which, &[])
}

/// The text reviewers get: `p`'s source without the speaker, bio and notes
/// fields, with the findings chosen by `which` replaced.
///
/// ```
/// use talkback_core::anonymise::{redact_shared, scan, Names};
/// use talkback_core::proposal::parse;
/// let p = parse("# Jane's tips\n\n## Speaker\n\nJane Doe\n\n## Description\n\nTips.\n");
/// let found = scan(&p, &Names::from_proposal(&p));
/// assert_eq!(redact_shared(&p, &found, |_| true), "# [speaker]'s tips\n\n## Description\n\nTips.\n");
/// ```
pub fn redact_shared(
    p: &Proposal,
    findings: &[Finding],
    which: impl Fn(&Finding) -> bool,
) -> String {
    let mut withheld: Vec<Range<usize>> = p
        .fields()
        .iter()
        .filter(|f| !is_shared(f.kind))
        .map(|f| {
            let start = f.label.start.min(f.value.start);
            let end = f
                .label
                .end
                .max(f.value.end)
                .max(f.help.as_ref().map_or(0, |h| h.end));
            start..end
        })
        .collect();
    crate::sort::sort_by_key(&mut withheld, |r| r.start);
    let out = redact_ranges(p.source(), findings, &which, &withheld);
    // Removing a field leaves its blank lines behind.
    let mut tidy = String::with_capacity(out.len());
    let mut newlines = 0;
    for c in out.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else if c != ' ' && c != '\t' && c != '\r' {
            newlines = 0;
        }
        tidy.push(c);
    }
    let mut tidy = tidy.trim_start_matches('\n').trim_end().to_owned();
    if p.source().ends_with('\n') {
        tidy.push('\n');
    }
    tidy
}

/// Replaces the chosen findings and drops the `withheld` ranges (sorted).
fn redact_ranges(
    source: &str,
    findings: &[Finding],
    which: &dyn Fn(&Finding) -> bool,
    withheld: &[Range<usize>],
) -> String {
    enum Edit<'f> {
        Replace(&'f str),
        Drop,
    }
    let mut edits: Vec<(Range<usize>, Edit)> = findings
        .iter()
        .filter(|f| which(f))
        .map(|f| (f.span.clone(), Edit::Replace(f.replacement)))
        .chain(withheld.iter().map(|r| (r.clone(), Edit::Drop)))
        .collect();
    crate::sort::sort_by(&mut edits, |a, b| {
        a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end))
    });
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for (span, edit) in edits {
        if span.start < pos
            || span.end > source.len()
            || span.start > span.end
            || !source.is_char_boundary(span.start)
            || !source.is_char_boundary(span.end)
        {
            continue;
        }
        out.push_str(&source[pos..span.start]);
        if let Edit::Replace(r) = edit {
            out.push_str(r);
        }
        pos = span.end;
    }
    out.push_str(&source[pos..]);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
