//! Self-references: what the speaker says they made, where they spoke, where they work.

use std::ops::Range;

use super::names::{ROLES, STOPWORDS};
use super::{Ctx, Leak, LeakKind, WHY_ORG_TEXT, WHY_SELF};

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

pub(super) fn self_finding(span: Range<usize>, kind: LeakKind) -> Leak {
    Leak {
        span,
        kind,
        why: WHY_SELF,
        replacement: "[project]",
    }
}

pub(super) fn org_text_finding(span: Range<usize>) -> Leak {
    Leak {
        span,
        kind: LeakKind::Organisation,
        why: WHY_ORG_TEXT,
        replacement: "[organisation]",
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
