//! The speaker's names and organisations: what is known ([`Names`]), names the
//! text introduces, and where they occur.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use crate::proposal::{FieldKind, Proposal};

use super::links::{find_handles, find_urls, url_account};
use super::words::{fold_str, joins_name, Text};
use super::{in_ranges, Ctx, Leak, LeakKind, Origin};
use super::{WHY_BIO, WHY_GIVEN, WHY_HANDLE, WHY_LOWER, WHY_ORG, WHY_SPEAKERS, WHY_TEXT};

/// The speaker's names, handles and organisations to look for.
///
/// Built from the proposal's own speaker and bio fields
/// ([`Names::from_proposal`]) plus names typed in ([`Names::with_extra`]).
///
/// ```
/// use talkback_core::blind_review::Names;
/// let names = Names::default().with_extra("A. Jesse Jiryu Davis and Łukasz Langa");
/// assert!(names.contains("jesse") && names.contains("LUKASZ") && names.contains("Langa"));
/// assert!(!names.contains("A"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Folded name parts of at least three letters.
    pub(super) parts: HashMap<String, Origin>,
    /// Initials and particles (`van`, `de`): matched only next to a part.
    pub(super) short: HashSet<String>,
    /// Folded handles and account names, without `@`.
    pub(super) handles: HashSet<String>,
    /// Organisations: folded word sequences.
    pub(super) orgs: Vec<Vec<String>>,
}

impl Names {
    /// Names, handles and organisations from the speaker, bio and notes
    /// fields of `p`.
    ///
    /// ```
    /// use talkback_core::{blind_review::Names, proposal::parse};
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
    /// use talkback_core::blind_review::Names;
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
        self.parts.contains_key(&crate::fold::fold(word))
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

    pub(super) fn add_part(&mut self, folded: &str, origin: Origin) {
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
    pub(super) fn add_list(&mut self, text: &str, origin: Origin) {
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
    pub(super) fn learn_from_bio(&mut self, bio: &str, is_bio: bool) {
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
                // "Lena Park teaches…", "Jonas Berg writes…": a verb in the
                // third person after the opening name.
                let verb = text.toks.get(run.end).is_some_and(|t| !t.upper && t.alpha)
                    && follows.len() >= 4
                    && follows.ends_with('s')
                    && !follows.ends_with("ss")
                    && text.gap(run.end - 1) == " ";
                if run.end >= text.toks.len()
                    || verb
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

    pub(super) fn add_run(&mut self, text: &Text, run: &Range<usize>, origin: Origin) {
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
pub(super) const HONORIFICS: &[&str] = &[
    "dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "phd", "jr", "sr", "ii",
    "iii", "iv",
];
/// Name particles: matched only next to another part of the name.
pub(super) const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "del", "della", "de", "da", "di", "du", "dos", "das", "la", "le",
    "bin", "ibn", "al", "el", "ter", "ten", "st",
];
/// Words joining names in a list.
pub(super) const CONNECTORS: &[&str] = &["and", "und", "et", "with", "feat"];

/// Splits a list of names into one segment per name.
pub(super) fn split_names(text: &str) -> Vec<&str> {
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

/// Common first names from many languages, folded, one per space: only a
/// gate for weak patterns (a capitalised pair is a name if it starts with
/// one), never matched on their own. About 3.5 KB of wasm.
pub(super) const FIRST_NAMES: &str = include_str!("first_names.txt");

/// Capitalised words that are not names.
#[rustfmt::skip]
pub(super) const STOPWORDS: &[&str] = &[
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
pub(super) fn not_a_name(w: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().chain(ROLES).copied().collect())
        .contains(w)
}

/// Role words: "Jane Doe is a senior data **engineer**".
#[rustfmt::skip]
pub(super) const ROLES: &[&str] = &[
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
pub(super) const WILL_VERBS: &[&str] = &[
    "talk", "present", "show", "discuss", "share", "demonstrate", "cover", "walk", "explain",
    "introduce", "teach", "give", "lead", "guide", "demo", "describe", "take", "tell", "help", "go",
    "review", "explore", "outline", "provide", "offer", "answer", "highlight", "detail",
];

/// Verbs in the present: "Jane Doe **presents** …".
#[rustfmt::skip]
pub(super) const SUBJECT_VERBS: &[&str] = &[
    "presents", "shows", "discusses", "shares", "demonstrates", "covers", "walks", "explains",
    "introduces", "teaches", "gives", "leads", "describes", "talks", "works", "worked", "created",
    "wrote", "maintains", "founded", "built", "developed", "joined", "has", "was",
];

/// Verbs of saying after or before a name that is quoted: "as Jane Doe
/// **writes**", "**said** Jane Doe".
#[rustfmt::skip]
pub(super) const SAY_VERBS: &[&str] = &[
    "writes", "wrote", "says", "said", "argues", "argued", "notes", "noted", "observes",
    "observed", "puts", "quipped", "tweeted", "blogged", "coined", "suggests", "suggested",
    "claims", "claimed", "reminds", "reminded", "famously", "recommends", "recommended",
    "advises", "advised", "asks", "asked", "insists", "warns", "warned",
];

/// Verbs before "by" that credit someone: "a movement **started** by Jane".
/// Not "created", "developed", "built" or "maintained": speakers describe
/// their own project that way ("originally created by Jane Doe").
#[rustfmt::skip]
pub(super) const BY_VERBS: &[&str] = &[
    "started", "written", "coined", "founded", "popularised", "popularized", "introduced",
    "invented", "described", "proposed", "pioneered", "inspired", "edited", "published",
    "recorded", "championed", "explained", "posted", "blogged", "influenced", "formulated",
    "defined", "named", "termed", "quoted", "cited", "argued", "shown", "suggested",
];

/// What someone else's talk did to the speaker, or the speaker writing in
/// the first person about it: "Jane Doe's talk on typing **convinced** us",
/// "… is **what** got us started", "… is the best introduction **I** know".
#[rustfmt::skip]
const INSPIRED: &[&str] = &[
    "inspired", "convinced", "persuaded", "started", "sparked", "prompted", "influenced",
    "changed", "taught", "showed", "introduced", "got", "what", "us", "me", "i", "my", "our",
];

/// What someone else has, after "Jane Doe's": a **book**, a **blog**.
#[rustfmt::skip]
pub(super) const CREDIT_NOUNS: &[&str] = &[
    "book", "books", "blog", "article", "articles", "post", "posts", "essay", "essays", "paper",
    "papers", "law", "idea", "ideas", "tweet", "quote", "famous", "classic", "excellent",
    "great", "seminal", "newsletter", "podcast", "video", "videos",
    "advice", "rule", "principle", "theorem", "definition", "method",
];

/// A name found in the text, with what introduced it.
pub(super) struct IntroducedName {
    pub(super) toks: Range<usize>,
}

impl Ctx<'_, '_> {
    pub(super) fn word_at(&self, i: usize) -> &str {
        self.text.word(i)
    }

    pub(super) fn in_code(&self, at: usize) -> bool {
        in_ranges(self.code, at)
    }

    /// Whether word `i` may be part of a name: capitalised letters, not an
    /// acronym, not a common capitalised word.
    pub(super) fn name_like(&self, i: usize) -> bool {
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
    pub(super) fn first_name(&self, i: usize) -> bool {
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
    pub(super) fn initial(&self, i: usize) -> bool {
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
    pub(super) fn name_run(&self, i: usize, min_words: usize) -> Option<Range<usize>> {
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
            if !(joins_name(g) && (short || !g.starts_with('.'))
                || short && g == "."
                || self.text.wrapped(j))
            {
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
    pub(super) fn clause_start(&self, i: usize) -> bool {
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
    pub(super) fn introduced_names(&self) -> Vec<IntroducedName> {
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
                    // "a movement started by Jane Doe": credited, not introduced.
                    out.extend(
                        runs.into_iter()
                            .filter(|r| w != "by" || !self.credited(r))
                            .map(|toks| IntroducedName { toks }),
                    );
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
                    if ((words >= 2 && (subject || self.first_name(run.start)))
                        || (words == 1 && subject && self.first_name(run.start)))
                        && !self.credited(&run)
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

    /// Whether the name in words `run` is someone the text quotes or
    /// credits, not the speaker: "as Jane Doe writes", "a movement started
    /// by Jane Doe", "Jane Doe's book", "bloggers like Jane Doe and John
    /// Roe", "according to Jane Doe", a quotation signed "— Jane Doe".
    pub(super) fn credited(&self, run: &Range<usize>) -> bool {
        let t = self.text;
        let (s, e) = (run.start, run.end);
        if s >= e || e > t.toks.len() {
            return false;
        }
        // After the name: "Jane Doe writes", "Jane Doe's book".
        let gap = t.gap(e - 1);
        let next = t.word(e);
        if gap == " " && SAY_VERBS.contains(&next) {
            return true;
        }
        if matches!(gap, "'" | "’") && next == "s" {
            let noun = t.word(e + 1);
            if CREDIT_NOUNS.contains(&noun)
                || noun == "talk" && (!self.clause_start(s) || self.talk_inspired(e + 2))
            {
                return true;
            }
        }
        // Right before: "started by Jane Doe", "said Jane Doe", "— Jane Doe".
        let before = t.gap_before(s);
        if s >= 1 && before == " " {
            let prev = t.word(s - 1);
            if SAY_VERBS.contains(&prev)
                || prev == "by" && s >= 2 && BY_VERBS.contains(&t.word(s - 2))
            {
                return true;
            }
        }
        let signed = before.trim_end();
        if (signed.ends_with(['—', '―']) || signed.ends_with("--"))
            && (before.contains(['"', '”', '“', '»'])
                || s >= 1 && t.gap_before(s - 1).contains(['"', '”']))
        {
            return true;
        }
        // Earlier in the clause: "such as", "like", "according to".
        let mut k = s;
        while k > 0 && s - k < 12 {
            if t.gap(k - 1)
                .contains(['.', ';', ':', '\n', '(', ')', '!', '?'])
            {
                return false;
            }
            k -= 1;
            let w = t.word(k);
            let after = t.word(k + 1);
            let cue = matches!(w, "like" | "including" | "quoting" | "featuring")
                || (w == "such" && after == "as")
                || (matches!(w, "according" | "thanks" | "credit") && after == "to")
                || (matches!(w, "inspired" | "influenced") && after == "by");
            if cue {
                return true;
            }
        }
        false
    }

    /// Whether the clause from word `k` (after "Jane Doe's talk") tells what
    /// that talk did to the speaker, so Jane Doe is credited, not
    /// introduced: "… on typing is what convinced the team", "… started us
    /// on it". A programme's "Jane Doe's talk will show…" has none of these.
    pub(super) fn talk_inspired(&self, k: usize) -> bool {
        let t = self.text;
        let mut j = k;
        while j < t.toks.len() && j < k + 12 {
            if INSPIRED.contains(&t.word(j)) {
                return true;
            }
            if t.gap(j).contains(['.', ';', ':', '\n', '!', '?']) {
                return false;
            }
            j += 1;
        }
        false
    }

    /// The names of a byline after `by`: two-word names ending a line, a
    /// clause or before a parenthesis ("Presented at the 2009 conference by
    /// David Beazley").
    pub(super) fn byline(&self, j: usize) -> Vec<Range<usize>> {
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
    pub(super) fn name_list(&self, mut j: usize, min: usize) -> Vec<Range<usize>> {
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
    pub(super) fn subject_of_speaker_sentence(&self, k: usize, first_name: bool) -> bool {
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
    pub(super) fn role_within(&self, k: usize, len: usize) -> bool {
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
    pub(super) fn bio_organisations(&self) -> Vec<Vec<String>> {
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
    pub(super) fn org_run(&self, i: usize) -> Option<Range<usize>> {
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

/// The speaker's name parts: one hash lookup per word, then runs of
/// adjacent hits become one finding.
pub(super) fn find_name_parts(
    text: &Text,
    code: &[Range<usize>],
    names: &Names,
    found: &mut Vec<Leak>,
) {
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
            joins_name(g) && (short || !g.starts_with('.')) || short && g == "." || text.wrapped(j)
        } {
            j += 1;
            if why == WHY_LOWER || why == WHY_HANDLE {
                why = hit[j].unwrap_or(why);
            }
        }
        let short_only = (i..=j)
            .all(|k| names.short.contains(text.word(k)) && !names.parts.contains_key(text.word(k)));
        // Someone the text quotes or credits keeps their name: a name only
        // guessed from the text, or a part the speaker shares with them
        // ("as Jane Jacobs writes" when the speaker is Jane Smith).
        let ctx = Ctx { text, code };
        let (mut a, mut b) = (i, j + 1);
        while a > 0 && text.gap(a - 1) == " " && ctx.name_like(a - 1) {
            a -= 1;
        }
        while b < n && text.gap(b - 1) == " " && ctx.name_like(b) {
            b += 1;
        }
        let someone_else = (a..b).any(|k| hit[k].is_none());
        let credited = ctx.credited(&(a..b)) && (why == WHY_TEXT || someone_else);
        if !short_only && !credited {
            let kind = if why == WHY_HANDLE {
                LeakKind::Handle
            } else {
                LeakKind::Name
            };
            let replacement = if kind == LeakKind::Handle {
                "[handle]"
            } else {
                "[speaker]"
            };
            found.push(Leak {
                span: start..text.toks[j].end,
                kind,
                why,
                replacement: Cow::Borrowed(replacement),
            });
        }
        i = j + 1;
    }
}

/// Organisations from the bio, as whole word sequences, capitalised.
pub(super) fn find_organisations(text: &Text, names: &Names, found: &mut Vec<Leak>) {
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
                if matches && !inside_product_name(text, i, i + len) {
                    found.push(Leak {
                        span: text.toks[i].start..text.toks[i + len - 1].end,
                        kind: LeakKind::Organisation,
                        why: WHY_ORG,
                        replacement: Cow::Borrowed("[organisation]"),
                    });
                    break;
                }
            }
        }
    }
}

/// Whether words `start..end` are part of a longer proper name or a
/// compound word: "the Acme Node Driver", `acme.js`, `py-acme`. Replacing
/// them there would damage the technical content, so they are left alone.
pub(super) fn inside_product_name(text: &Text, start: usize, end: usize) -> bool {
    let n = text.toks.len();
    let glued = |k: usize| {
        // Words `k` and `k + 1` written as one: `acme.js`, `acme_cli`.
        matches!(text.gap(k), "." | "-" | "_" | "/")
            && text.toks[k + 1].start == text.toks[k].end + 1
    };
    let proper = |k: usize| {
        let t = &text.toks[k];
        let w = text.word(k);
        t.upper && t.alpha && !STOPWORDS.contains(&w) && !ORG_SUFFIXES.contains(&w) && w != "i"
    };
    // "the Acme Python Driver": a generic capitalised word ("Python",
    // "Cloud") between the name and a proper word is part of the product.
    let spaced = |k: usize| text.gap(k) == " ";
    let generic_then_proper = |k: usize| {
        k + 1 < n && text.toks[k].upper && text.toks[k].alpha && spaced(k) && proper(k + 1)
    };
    (end < n && (glued(end - 1) || spaced(end - 1) && (proper(end) || generic_then_proper(end))))
        || (start > 0 && glued(start - 1))
}

/// Generic last words of organisation names: "Acme Corp" is also "Acme".
#[rustfmt::skip]
pub(super) const ORG_SUFFIXES: &[&str] = &[
    "inc", "corp", "corporation", "llc", "ltd", "gmbh", "ag", "sa", "bv", "co", "company", "labs",
    "lab", "group", "technologies", "technology", "software", "systems", "solutions",
];
