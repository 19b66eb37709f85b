//! Self-references: what the speaker says they made, where they spoke, where they work.

use std::borrow::Cow;
use std::ops::Range;

use super::names::{ROLES, STOPWORDS};
use super::{Ctx, Leak, LeakKind, WHY_ORG_TEXT, WHY_OWN_KIND, WHY_SELF};

/// "I am the **author** of X".
#[rustfmt::skip]
pub(super) const CLAIM_ROLES: &[&str] = &[
    "author", "authors", "creator", "creators", "maintainer", "maintainers", "founder",
    "cofounder", "developer", "developers", "contributor", "lead", "organizer", "organiser",
];
/// "I **created** X".
#[rustfmt::skip]
pub(super) const CLAIM_VERBS: &[&str] = &[
    "created", "wrote", "built", "developed", "started", "founded", "cofounded", "authored",
    "maintain", "maintained", "designed", "released", "published",
];
/// "my **talk** at `PyCon` 2019".
pub(super) const TALK_WORDS: &[&str] = &[
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
pub(super) const ORG_WORDS: &[&str] = &[
    "company", "startup", "employer", "team", "lab", "group", "organisation", "organization",
    "firm", "agency",
];
/// "my **library** Hypothesis".
#[rustfmt::skip]
pub(super) const PROJECT_WORDS: &[&str] = &[
    "library", "project", "package", "book", "module", "framework", "tool", "app", "podcast",
    "blog", "course", "newsletter", "channel", "plugin", "extension",
];

/// Words skipped between "my library" and its name.
#[rustfmt::skip]
pub(super) const OBJECT_FILLER: &[&str] = &[
    "the", "a", "an", "called", "named", "open", "source", "popular", "small", "python", "library",
    "package", "project", "framework", "tool", "module", "app", "book", "new",
];

impl Ctx<'_, '_> {
    /// The name of a project after word `i`: inline code, or capitalised or
    /// compound (`repoze.bfg`, `scikit-learn`) words. Returns a byte span.
    pub(super) fn object_after(&self, i: usize) -> Option<Range<usize>> {
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
    pub(super) fn event_after(&self, i: usize) -> Option<Range<usize>> {
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
    pub(super) fn self_references(&self) -> Vec<Leak> {
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
    pub(super) fn first_person_before(&self, k: usize, within: usize) -> bool {
        let t = self.text;
        (k.saturating_sub(within)..k).any(|j| {
            let w = t.word(j);
            (w == "i" && t.toks[j].upper) || matches!(w, "we" | "my" | "our")
        })
    }

    /// The self-reference whose trigger is word `i`, if any.
    pub(super) fn claim_at(&self, i: usize) -> Option<Leak> {
        let t = self.text;
        let w = t.word(i);
        let next = t.word(i + 1);
        let g = t.gap(i);
        let project = |span| self_finding(span, LeakKind::SelfReference);
        let org = |r: Range<usize>| org_text_finding(t.toks[r.start].start..t.toks[r.end - 1].end);
        // "I am the author of X", "core developer of X"
        if CLAIM_ROLES.contains(&w) && matches!(next, "of" | "behind") {
            return self
                .first_person_before(i, 6)
                .then(|| {
                    self.object_after(i + 2)
                        .or_else(|| self.plain_name_at(i + 2))
                })
                .flatten()
                .map(project);
        }
        // "we open-sourced the helpers as rowcheck", "I released it as X"
        if matches!(w, "sourced" | "released" | "published")
            && (w != "sourced" || i > 0 && t.word(i - 1) == "open")
            && self.first_person_before(i, 4)
        {
            let at = (i + 1..(i + 7).min(t.toks.len()))
                .take_while(|&k| !t.gap(k - 1).contains(['.', ';', '\n', ':']))
                .find(|&k| t.word(k) == "as" && t.gap(k) == " ")?;
            // Right after "as" the next word is the name, whatever follows.
            return self
                .object_after(at + 1)
                .or_else(|| self.name_word_at(at + 1, false))
                .map(project);
        }
        // "I created X", "I co-created X"
        if w == "i" && t.toks[i].upper && g == " " && (CLAIM_VERBS.contains(&next) || next == "co")
        {
            return self
                .object_after(if next == "co" { i + 3 } else { i + 2 })
                .map(project);
        }
        // "attrs is my package", "Frobnicate is our testing library"
        if w == "is" && g == " " && matches!(next, "my" | "our") && t.gap_before(i) == " " {
            return self
                .project_word_after(i + 1)
                .and_then(|_| self.object_before(i))
                .map(project);
        }
        // "a project I work on, Frobnicate" / "Frobnicate, a project I work on"
        if PROJECT_WORDS.contains(&w) && g == " " && matches!(next, "i" | "we") {
            return self.project_i_work_on(i).map(project);
        }
        if matches!(w, "my" | "our") && g == " " {
            // "attrs is my package" was found at "is".
            if i > 0 && t.word(i - 1) == "is" && self.object_before(i - 1).is_some() {
                return None;
            }
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
                if let Some(name) = self.object_after(i + 2 + usize::from(skip)) {
                    return Some(project(name));
                }
            }
            // "our async ORM library", "my book": owning a kind of thing
            // reviewers can look up, even unnamed.
            let k = self.project_word_after(i)?;
            // Published things only: "our internal tool" or "my blog" alone
            // point at no one.
            let authored = matches!(
                t.word(k),
                "library"
                    | "package"
                    | "framework"
                    | "plugin"
                    | "extension"
                    | "book"
                    | "podcast"
                    | "newsletter"
            );
            // "my local library" is a building.
            let place = matches!(t.word(k - 1), "local" | "public" | "school" | "city");
            if authored && !place {
                let span = t.toks[i].start..t.toks[k].end;
                let rest = &t.src[t.toks[i + 1].start..t.toks[k].end];
                return Some(Leak {
                    span,
                    kind: LeakKind::SelfReference,
                    why: WHY_OWN_KIND,
                    replacement: Cow::Owned(format!("the {rest}")),
                });
            }
            return None;
        }
        // "At Acme, we replaced…", "At Kettle & Co. I led…": where the
        // speaker works, opening a sentence.
        if w == "at" && g == " " && t.toks[i].upper && (i == 0 || t.gap_before(i) != " ") {
            let r = self.org_run(i + 1)?;
            let last = r.end - 1;
            let abbr = matches!(t.word(last), "co" | "inc" | "ltd" | "corp" | "llc");
            let gap = t.gap(last);
            let joined = matches!(gap, " " | ", ") || abbr && matches!(gap, ". " | "., ");
            let end = if abbr && gap.starts_with('.') {
                t.toks[last].end + 1
            } else {
                t.toks[last].end
            };
            return (joined && matches!(t.word(r.end), "i" | "we") && t.toks[r.end].upper
                || joined && t.word(r.end) == "we")
                .then(|| org_text_finding(t.toks[r.start].start..end));
        }
        // "I spoke at PyCon 2019", "I work at Acme", "we at Acme"
        if w == "at" && g == " " && i > 0 && t.gap_before(i) == " " {
            let prev = t.word(i - 1);
            let spoke = matches!(prev, "spoke" | "presented" | "talked" | "keynoted");
            let works = matches!(
                prev,
                "work" | "works" | "working" | "worked" | "intern" | "employed" | "we"
            ) || ROLES.contains(&prev);
            let legal = self.org_run(i + 1).and_then(|r| self.legal_suffix(&r));
            let we_do =
                !spoke && !works && !LOOK_WORDS.contains(&prev) && self.first_person_before(i, 8);
            if let (Some(end), true) = (legal, works || we_do || MENTOR_WORDS.contains(&prev)) {
                // "mentoring interns at Acme, Inc."
                let r = self.org_run(i + 1)?;
                return Some(org_text_finding(t.toks[r.start].start..end));
            }
            if !(spoke || works || we_do) || !(we_do || self.first_person_before(i, 5)) {
                return None;
            }
            if spoke {
                return self.event_after(i + 1).map(project);
            }
            // "I work at Acme", "how we do testing at Acme"
            return self
                .org_run(i + 1)
                .filter(|r| {
                    !(r.len() == 1
                        && matches!(t.word(r.start), "pycon" | "scale" | "home" | "work"))
                })
                .map(org);
        }
        None
    }
}

impl Ctx<'_, '_> {
    /// The project word ("library") among the few words after word `i`
    /// ("my", "our"): "our async ORM library". Only lower-case words and
    /// hyphens in between.
    pub(super) fn project_word_after(&self, i: usize) -> Option<usize> {
        let t = self.text;
        for k in i + 1..(i + 5).min(t.toks.len()) {
            if !matches!(t.gap(k - 1), " " | "-") {
                return None;
            }
            let w = t.word(k);
            if PROJECT_WORDS.contains(&w) {
                return Some(k);
            }
            if STOPWORDS.contains(&w) && !matches!(w, "open" | "source" | "data" | "web") {
                return None;
            }
        }
        None
    }

    /// The project name right before word `i`: inline code or one word,
    /// possibly compound (`attrs`, `scikit-learn`, `repoze.bfg`). Returns a
    /// byte span.
    pub(super) fn object_before(&self, i: usize) -> Option<Range<usize>> {
        let t = self.text;
        let mut k = i.checked_sub(1)?;
        if t.toks[k].region != t.toks[i].region {
            return None;
        }
        if self.in_code(t.toks[k].start) {
            let at = self.code.partition_point(|r| r.end <= t.toks[k].start);
            return self.code.get(at).cloned();
        }
        let end = t.toks[k].end;
        while k > 0
            && matches!(t.gap(k - 1), "." | "-" | "_")
            && t.toks[k].start == t.toks[k - 1].end + 1
        {
            k -= 1;
        }
        let w = t.word(k);
        (k + 1 == i && !STOPWORDS.contains(&w) && !ROLES.contains(&w) || k + 1 < i)
            .then_some(t.toks[k].start..end)
    }

    /// "a project I work on, Frobnicate" or "Frobnicate, a project I work
    /// on": the project's name, from the project word `i`.
    pub(super) fn project_i_work_on(&self, i: usize) -> Option<Range<usize>> {
        let t = self.text;
        let verb = (i + 2..(i + 4).min(t.toks.len())).find(|&k| WORK_ON.contains(&t.word(k)))?;
        // "Frobnicate, a project I work on": the name comes first.
        if let Some(article) = i.checked_sub(1) {
            if matches!(t.word(article), "a" | "the" | "another") && t.gap_before(article) == ", " {
                return self.object_before(article);
            }
        }
        // "a project I work on, Frobnicate": the phrase ends where a comma
        // or colon follows.
        let end = (verb..(verb + 3).min(t.toks.len()))
            .find(|&k| t.gap(k).trim_start().starts_with([',', ':', '—', '(']))?;
        if t.gap(end).contains('\n') {
            return None;
        }
        self.object_after(end + 1)
            .or_else(|| self.plain_name_at(end + 1))
    }

    /// A lower-case project name at word `j` that ends its phrase, as in
    /// "a project I work on, shellcraft, uses…": one word or a compound
    /// (`tapestry-db`), not a common word, followed by punctuation or "is",
    /// "was", "has", "uses". "…, mostly in the evenings" names nothing.
    pub(super) fn plain_name_at(&self, j: usize) -> Option<Range<usize>> {
        self.name_word_at(j, true)
    }

    /// A lower-case name at word `j` (see [`Self::plain_name_at`]); with
    /// `ends_phrase`, only when punctuation or "is"/"was"/… follows it.
    pub(super) fn name_word_at(&self, j: usize, ends_phrase: bool) -> Option<Range<usize>> {
        let t = self.text;
        let tok = t.toks.get(j)?;
        if !tok.alpha || STOPWORDS.contains(&t.word(j)) || self.in_code(tok.start) {
            return None;
        }
        let mut k = j;
        while matches!(t.gap(k), "." | "-" | "_")
            && t.toks
                .get(k + 1)
                .is_some_and(|n| n.start == t.toks[k].end + 1)
        {
            k += 1;
        }
        let g = t.gap(k);
        let ends = !ends_phrase
            || g.trim_start().starts_with([',', '.', ';', ':', ')', '('])
            || g.is_empty()
            || g == " "
                && matches!(
                    t.word(k + 1),
                    "is" | "was" | "has" | "uses" | "went" | "runs"
                );
        ends.then(|| tok.start..t.toks[k].end)
    }

    /// The end (byte) of a legal suffix right after the organisation in
    /// words `r`: "Acme, Inc.", "Acme Ltd".
    pub(super) fn legal_suffix(&self, r: &Range<usize>) -> Option<usize> {
        let t = self.text;
        let last = r.end - 1;
        if matches!(t.word(last), "inc" | "llc" | "ltd" | "gmbh" | "corp") && r.len() > 1 {
            return Some(t.toks[last].end);
        }
        let s = r.end;
        (matches!(t.gap(last), ", " | " ")
            && matches!(t.word(s), "inc" | "llc" | "ltd" | "gmbh" | "corp")
            && t.toks.get(s).is_some_and(|x| x.upper))
        .then(|| t.toks[s].end)
    }
}

/// Verbs of "a project I **work** on".
#[rustfmt::skip]
const WORK_ON: &[&str] = &[
    "work", "worked", "maintain", "maintained", "contribute", "contributed", "lead", "led",
    "started", "created", "wrote", "built", "help", "helped", "develop", "developed", "co",
];

/// Words before "at" that are not about a workplace: "we **look** at".
#[rustfmt::skip]
const LOOK_WORDS: &[&str] = &[
    "look", "looking", "looked", "looks", "glance", "peek", "arrive", "arrived", "aim", "aimed",
    "point", "good", "great", "better", "best", "bad", "worse", "worst", "hard", "easy", "stare",
    "angry", "surprised", "shocked", "amazed", "excel", "excels", "fast", "slow", "quick", "start",
    "started", "stop", "stopped", "once", "least", "most", "all", "first", "last", "time", "times",
];

/// Words before "at" that place someone in a workplace: "**mentoring** interns at".
#[rustfmt::skip]
const MENTOR_WORDS: &[&str] = &[
    "interns", "mentoring", "mentor", "mentors", "colleagues", "coworkers", "teammates", "team",
    "teams", "engineers", "developers", "staff", "employees",
];

pub(super) fn self_finding(span: Range<usize>, kind: LeakKind) -> Leak {
    Leak {
        span,
        kind,
        why: WHY_SELF,
        replacement: Cow::Borrowed("[project]"),
    }
}

pub(super) fn org_text_finding(span: Range<usize>) -> Leak {
    Leak {
        span,
        kind: LeakKind::Organisation,
        why: WHY_ORG_TEXT,
        replacement: Cow::Borrowed("[organisation]"),
    }
}

/// Every other occurrence of what the speaker claims to have made.
pub(super) fn repeat_claims(
    src: &str,
    regions: &[Range<usize>],
    claims: &[Leak],
    found: &mut Vec<Leak>,
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
                    found.push(Leak {
                        span: start..end,
                        ..claim.clone()
                    });
                }
            }
        }
    }
}
