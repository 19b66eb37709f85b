use super::*;
use crate::fold::fold;
use crate::proposal::parse;

/// One table-driven case: a proposal, the names typed in, and the
/// findings expected (text of the span and kind), in order.
struct Case {
    name: &'static str,
    source: &'static str,
    extra_names: &'static str,
    expect: &'static [(&'static str, LeakKind)],
}

fn found(source: &str, extra: &str) -> (Proposal, Vec<Leak>) {
    let p = parse(source);
    let names = Names::from_proposal(&p).with_extra(extra);
    let f = scan(&p, &names);
    (p, f)
}

fn check(cases: &[Case]) {
    for case in cases {
        let (p, f) = found(case.source, case.extra_names);
        let got: Vec<(&str, LeakKind)> = f.iter().map(|f| (p.slice(&f.span), f.kind)).collect();
        assert_eq!(got, case.expect, "case `{}`", case.name);
        assert_invariants(&p, &f);
    }
}

/// Sorted, non-overlapping, on char boundaries, inside shared text; the
/// redacted text no longer contains any finding.
fn assert_invariants(p: &Proposal, f: &[Leak]) {
    let src = p.source();
    let shared = shared_spans(p);
    for w in f.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "overlap: {w:?}");
    }
    for x in f {
        assert!(x.span.start < x.span.end && x.span.end <= src.len());
        assert!(src.is_char_boundary(x.span.start) && src.is_char_boundary(x.span.end));
        assert!(
            shared
                .iter()
                .any(|s| s.start <= x.span.start && x.span.end <= s.end),
            "{x:?}"
        );
        // A placeholder, or (owning a kind of thing) the same words without "my".
        assert!(
            !x.why.is_empty()
                && (x.replacement.starts_with('[') || x.replacement.starts_with("the ")),
            "{x:?}"
        );
    }
    let out = redact(src, f, |_| true);
    for x in f {
        let text = &src[x.span.clone()];
        // The same text elsewhere must be a finding too (or be in a field
        // that is not shared), so it cannot survive redaction as a whole word.
        let shared_out = redact_shared(p, f, |_| true);
        assert!(
            !contains_word(&shared_out, text)
                || !contains_word(&redact_shared(p, &[], |_| true), text),
            "`{text}` survives in {shared_out:?}"
        );
    }
    assert!(out.len() + f.iter().map(|x| x.span.len()).sum::<usize>() >= src.len());
}

/// Whether `needle` occurs in `hay` as whole words, as written.
fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(&needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

use LeakKind::{Email, Handle, Name, Organisation, SelfReference, Url};

#[test]
fn names_from_the_speaker_field_any_case_diacritics_possessive() {
    check(&[
        Case {
            name: "possessive and upper case",
            source: "# Beazley's guide\n\n## Description\n\nAs BEAZLEY says, David knows.\n\n## Speaker\n\nDavid Beazley\n",
            extra_names: "",
            expect: &[("Beazley", Name), ("BEAZLEY", Name), ("David", Name)],
        },
        Case {
            name: "diacritics both ways",
            source: "# Lukasz on typing\n\n## Description\n\nŁukasz Langa and Jérôme's notes; jerome too.\n",
            extra_names: "Łukasz Langa, Jerome Petazzoni",
            expect: &[("Lukasz", Name), ("Łukasz Langa", Name), ("Jérôme", Name), ("jerome", Name)],
        },
        Case {
            name: "full name with an initial is one finding",
            source: "# Async\n\n## Description\n\nA. Jesse Jiryu Davis wrote Motor. Ask Jesse.\n",
            extra_names: "A. Jesse Jiryu Davis",
            expect: &[("A. Jesse Jiryu Davis", Name), ("Jesse", Name)],
        },
        Case {
            name: "hyphens, apostrophes and particles",
            source: "# T\n\n## Description\n\nBy Jacob Kaplan-Moss, Niall O'Higgins and Guido van Rossum. The van left.\n",
            extra_names: "Jacob Kaplan-Moss; Niall O'Higgins & Guido van Rossum",
            expect: &[("Jacob Kaplan-Moss", Name), ("Niall O'Higgins", Name), ("Guido van Rossum", Name)],
        },
    ]);
}

#[test]
fn speaker_bio_and_notes_fields_are_not_scanned() {
    let (p, f) = found(
        "# Fast tests\n\n## Speakers\n\nJane Doe\n\n## Bio\n\nJane Doe is an engineer at Initech.\n\n## Notes for reviewers\n\nJane Doe again.\n",
        "",
    );
    assert!(f.is_empty(), "{f:?}");
    assert_eq!(redact_shared(&p, &f, |_| true), "# Fast tests\n");
}

#[test]
fn lower_case_matches_say_they_may_be_ordinary_words() {
    let (_, f) = found(
        "# T\n\n## Description\n\nRun it as root, says Root.\n",
        "Lynn Root",
    );
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].why, WHY_LOWER);
    assert_eq!(f[1].why, WHY_GIVEN);
}

#[test]
fn short_name_parts_are_not_matched_alone() {
    let (_, f) = found(
        "# T\n\n## Description\n\nAn Li wrote it. Li is here. Go, Ed!\n",
        "An Li, Ed Leafe",
    );
    assert!(f.is_empty(), "{f:?}");
    assert!(Names::default().with_extra("An Li").is_empty());
}

#[test]
fn emails_links_and_handles() {
    check(&[
        Case {
            name: "e-mail",
            source: "# T\n\n## Description\n\nWrite to jane.doe+cfp@example.co.uk, or not.\n",
            extra_names: "",
            expect: &[("jane.doe+cfp@example.co.uk", Email)],
        },
        Case {
            name: "profiles",
            source: "# T\n\n## Description\n\nSee https://github.com/jdoe, <https://fosstodon.org/@jdoe>, \
                     linkedin.com/in/jane-doe-123 and https://twitter.com/jdoe/status/1.\n",
            extra_names: "",
            expect: &[
                ("https://github.com/jdoe", Url),
                ("https://fosstodon.org/@jdoe", Url),
                ("linkedin.com/in/jane-doe-123", Url),
                ("https://twitter.com/jdoe/status/1", Url),
            ],
        },
        Case {
            name: "a repository is flagged only under the speaker's account",
            source: "# T\n\n## Description\n\nhttps://github.com/python/cpython and https://github.com/ofek/hatch \
                     and https://docs.python.org/3/.\n",
            extra_names: "Ofek Lev",
            expect: &[("https://github.com/ofek/hatch", Url)],
        },
        Case {
            name: "personal domain and user pages",
            source: "# T\n\n## Description\n\nSlides on https://janedoe.dev/talks and jdoe.github.io.\n",
            extra_names: "Jane Doe",
            expect: &[("https://janedoe.dev/talks", Url), ("jdoe.github.io", Url)],
        },
        Case {
            name: "handles in prose",
            source: "# T\n\n## Description\n\nFollow me @jdoe_42 or @jane@hachyderm.io (ask @Ann).\n",
            extra_names: "",
            expect: &[("@jdoe_42", Handle), ("@jane@hachyderm.io", Handle), ("@Ann", Handle)],
        },
    ]);
}

#[test]
fn decorators_are_not_handles() {
    check(&[Case {
        name: "decorators in code and prose",
        source: "# T\n\n## Description\n\nUse `@lru_cache` and the @memoize decorator, @app.route('/') \
                 and @given(st.integers()).\n\n```python\n@retry\ndef f(): ...\n```\n\n    @retry\n    def g(): ...\n\n\
                 @register\nclass Plugin: ...\n\nPing @jdoe.\n",
        extra_names: "",
        expect: &[("@jdoe", Handle)],
    }]);
}

#[test]
fn handles_from_the_bio_are_found_in_links_and_text() {
    let (p, f) = found(
        "# T\n\n## Description\n\nCode at https://github.com/hawkowl/thing; hawkowl says hi.\n\n## Bio\n\n@hawkowl on most sites.\n",
        "",
    );
    let got: Vec<_> = f.iter().map(|f| (p.slice(&f.span), f.kind)).collect();
    assert_eq!(
        got,
        [
            ("https://github.com/hawkowl/thing", Url),
            ("hawkowl", Handle)
        ]
    );
}

#[test]
fn organisations_from_the_bio() {
    check(&[Case {
        name: "works at / engineer at / founder of",
        source: "# Scaling at Initech\n\n## Description\n\nHow Initech and Globex ship; Acme too. initech lower.\n\n\
                 ## Bio\n\nJane Doe is a data engineer at Initech Corp. Founder of Globex. Formerly @ Acme.\n",
        extra_names: "",
        expect: &[("Initech", Organisation), ("Initech", Organisation), ("Globex", Organisation), ("Acme", Organisation)],
    }]);
    let p =
        parse("# T\n\n## Bio\n\nShe works at the University of Toronto and is CTO of Foo Labs.\n");
    assert_eq!(
        Names::from_proposal(&p).organisations(),
        ["university of toronto", "foo labs"]
    );
}

#[test]
fn self_references() {
    check(&[
        Case {
            name: "author, creator, my library, my talk at",
            source: "# T\n\n## Description\n\nI am the author of Requests. I created `attrs`. My library, Hypothesis, \
                     helps. In my talk at PyCon 2019 I showed it. I wrote the code.\n",
            extra_names: "",
            expect: &[
                ("Requests", SelfReference),
                ("`attrs`", SelfReference),
                ("Hypothesis", SelfReference),
                ("PyCon 2019", SelfReference),
            ],
        },
        Case {
            name: "own organisation in the text",
            source: "# T\n\n## Description\n\nOur team at Globex Labs built it; I work at Initech. My company, Hooli, helped.\n",
            extra_names: "",
            expect: &[("Globex Labs", Organisation), ("Initech", Organisation), ("Hooli", Organisation)],
        },
    ]);
}

#[test]
fn names_found_without_names_given() {
    check(&[
        Case {
            name: "introductions",
            source: "# T\n\n## Description\n\nHi, I'm Priya! My name is Jane Q. Doe. Presented by Tobias Ivarsson \
                     and Ann Lee (Acme); Bob Stone.\n\nLater, Jane shows more and Tobias helps.\n",
            extra_names: "",
            expect: &[
                ("Priya", Name),
                ("Jane Q. Doe", Name),
                ("Tobias Ivarsson", Name),
                ("Ann Lee", Name),
                ("Bob Stone", Name),
                ("Jane", Name),
                ("Tobias", Name),
            ],
        },
        Case {
            name: "subject of a sentence about a speaker",
            source: "# T\n\n## Description\n\nZofia Wrzesniewska is a senior data scientist. \
                     Olga Nowak will show the demo. Mateusz's talk follows.\n",
            extra_names: "",
            expect: &[("Zofia Wrzesniewska", Name), ("Olga Nowak", Name), ("Mateusz", Name)],
        },
        Case {
            name: "no false flags on ordinary title-case text",
            source: "# Machine Learning With Pandas\n\n## Description\n\nData Science Teams use Apache Spark. \
                     Jupyter Notebooks will show results. The Zen of Python is a poem. Will it scale? \
                     Grace period. Use the @property decorator.\n",
            extra_names: "",
            expect: &[],
        },
    ]);
}

#[test]
fn with_extra_splits_lists() {
    let names =
        Names::default().with_extra("Jane Doe and Ann Lee & Bob Stone\nEve Vega / Zoe Quinn");
    assert_eq!(
        names.parts(),
        ["ann", "bob", "doe", "eve", "jane", "lee", "quinn", "stone", "vega", "zoe"]
    );
}

#[test]
fn redact_applies_chosen_findings_only() {
    let (p, f) = found(
        "# T\n\n## Description\n\nJane Doe, jane@example.com.\n",
        "Jane Doe",
    );
    let only_email = redact(p.source(), &f, |f| f.kind == Email);
    assert_eq!(only_email, "# T\n\n## Description\n\nJane Doe, [email].\n");
    let all = redact(p.source(), &f, |_| true);
    assert_eq!(all, "# T\n\n## Description\n\n[speaker], [email].\n");
}

struct CorpusLeak {
    index: usize,
    title: String,
    speakers: Vec<String>,
    description: String,
}

/// Real records from `tests/fixtures/anonymise/leaks.json` (CC0, from
/// pyvideo/data).
fn leaks() -> Vec<CorpusLeak> {
    let raw = include_str!("../../../../tests/fixtures/anonymise/leaks.json");
    let json: serde_json::Value = serde_json::from_str(raw).expect("valid fixture");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    json["talks"]
        .as_array()
        .expect("talks")
        .iter()
        .map(|t| CorpusLeak {
            index: usize::try_from(t["index"].as_u64().unwrap_or_default()).unwrap_or_default(),
            title: text(&t["title"]),
            speakers: t["speakers"]
                .as_array()
                .map(|a| a.iter().map(text).collect())
                .unwrap_or_default(),
            description: text(&t["description"]),
        })
        .collect()
}

fn leak_source(l: &CorpusLeak) -> String {
    format!("# {}\n\n## Description\n\n{}", l.title, l.description)
}

/// Real leaks: with the names given, no name part of 3+ letters survives
/// in the shared text.
#[test]
fn corpus_leaks_are_all_redacted_with_names_given() {
    for l in leaks() {
        let src = leak_source(&l);
        let (p, f) = found(&src, &l.speakers.join(", "));
        assert_invariants(&p, &f);
        let out = redact_shared(&p, &f, |_| true);
        for s in &l.speakers {
            for part in s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
            {
                assert!(
                    !contains_word(&fold(&out), &fold(part)),
                    "#{}: `{part}` survives in {out}",
                    l.index
                );
            }
        }
    }
}

/// Real leaks without names given: the introductions are still found.
#[test]
fn corpus_leaks_found_without_names() {
    let expect: &[(usize, &str)] = &[
        (739, "Devishi Jha"),
        (1400, "Kevin P. Fleming"),
        (1400, "Charlie\nMarsh"),
        (505, "Karen"),
        (96, "Maciej Fijalkowski"),
        (310, "Jacob Kaplan-Moss"),
        (1072, "Łukasz Langa"),
        (207, "Greg Wilson"),
    ];
    let all = leaks();
    for &(index, name) in expect {
        let l = all
            .iter()
            .find(|l| l.index == index)
            .expect("fixture has the record");
        let (p, f) = found(&leak_source(l), "");
        assert!(
            f.iter().any(|f| f.kind == Name && p.slice(&f.span) == name),
            "#{index}: `{name}` not in {:?}",
            f.iter().map(|f| p.slice(&f.span)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn never_panics() {
    let mut inputs: Vec<String> = leaks().iter().map(leak_source).collect();
    inputs.push(String::new());
    inputs.push("@".into());
    inputs.push("```\n@x\n".into());
    inputs.push("`` ` `` @ @@ a@b. http:// www. ŁŁ'ś ’ — I'm".into());
    inputs.push("# Ünïcödé 🎉\n\n## Bio\n\nWorks at Ω Corp. @ \n\n## Speaker\n\n(\"".into());
    for src in &inputs {
        let names = Names::default().with_extra("Łukasz Ćwik, A. B. Ng, O'Neil");
        for (i, _) in src.char_indices().chain(std::iter::once((src.len(), ' '))) {
            let p = parse(&src[..i]);
            let f = scan(&p, &names);
            assert_invariants(&p, &f);
            let _ = redact_shared(&p, &f, |_| true);
        }
    }
    let big: String = leaks()
        .iter()
        .map(leak_source)
        .collect::<Vec<_>>()
        .join("\n\n")
        .repeat(4);
    let big = &big[..big
        .char_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i <= 50_000)
        .last()
        .unwrap_or(0)];
    assert!(big.len() > 40_000);
    let p = parse(big);
    let names = Names::from_proposal(&p).with_extra("David Beazley, Karen Rubin");
    let f = scan(&p, &names);
    assert_invariants(&p, &f);
}

// ---------------------------------------------------------------------------
// Issue 16: the check on drafts as people really write them. Small drafts
// written for these tests; every name is made up.
// ---------------------------------------------------------------------------

/// Redacts every finding of `source` (names typed: `extra`) in the shared text.
fn redacted(source: &str, extra: &str) -> String {
    let (p, f) = found(source, extra);
    redact_shared(&p, &f, |_| true)
}

#[test]
fn people_quoted_or_credited_are_not_the_speaker() {
    check(&[
        Case {
            name: "credited with no names given",
            source: "# Calm deploys\n\n## Description\n\nAs Globex's Maria Kowalska writes, deploys should be boring. \
                     Continuous delivery is a movement started by Martin Grunewald.\n\n\
                     Bloggers like Sarah Okafor and John Abernathy cover it. According to Anna Lindqvist, it pays.\n\n\
                     \"Ship small.\" — Peter Novak\n\nRead Laura Finch's book first.\n",
            extra_names: "",
            expect: &[],
        },
        Case {
            name: "a credited namesake of the speaker keeps the shared first name",
            source: "# Cities\n\n## Description\n\nAs Jane Jacobs writes, cities grow. Jane Smith will show why.\n\n## Speaker\n\nJane Smith\n",
            extra_names: "",
            expect: &[("Jane Smith", Name)],
        },
        Case {
            name: "the speaker introduced still is found",
            source: "# T\n\n## Description\n\nMaria Kowalska is a data engineer. Maria Kowalska will show you pipelines.\n",
            extra_names: "",
            expect: &[("Maria Kowalska", Name), ("Maria Kowalska", Name)],
        },
    ]);
    let out = redacted(
        "# Calm deploys\n\n## Description\n\nA movement started by Martin Grunewald, as Sarah Okafor writes.\n",
        "",
    );
    assert!(
        out.contains("started by Martin Grunewald, as Sarah Okafor writes"),
        "{out}"
    );
}

#[test]
fn a_name_never_runs_across_a_line_break() {
    check(&[
        Case {
            name: "names given",
            source: "# T\n\n## Description\n\nProposer: Jane Doe\nYear: 2014\n",
            extra_names: "Jane Doe",
            expect: &[("Jane Doe", Name)],
        },
        Case {
            name: "no names given",
            source: "# T\n\n## Description\n\nPresented by Jane Doe\nYear: 2014\n",
            extra_names: "",
            expect: &[("Jane Doe", Name)],
        },
    ]);
    assert_eq!(
        redacted(
            "# T\n\n## Description\n\nProposer: Jane Doe\nYear: 2014\n",
            "Jane Doe"
        ),
        "# T\n\n## Description\n\nProposer: [speaker]\nYear: 2014\n"
    );
}

#[test]
fn organisations_are_redacted_as_whole_names_not_inside_product_names() {
    let source = "# Drivers\n\n## Description\n\nWe compare the Globex Node Driver, `globex.js` and globex-cli. \
                  I joined Globex to work on them.\n\n## Bio\n\nJane Doe works at Globex.\n";
    // Not `check`: its invariant (no finding's text survives redaction) is
    // exactly what a product name must be allowed to do.
    let (p, f) = found(source, "");
    let got: Vec<(&str, LeakKind)> = f.iter().map(|f| (p.slice(&f.span), f.kind)).collect();
    assert_eq!(got, [("Globex", Organisation)]);
    assert_eq!(p.slice(&f[0].span.clone()), "Globex");
    assert!(p.source()[f[0].span.end..].starts_with(" to work"));
    let out = redacted(source, "");
    assert!(
        out.contains("the Globex Node Driver, `globex.js` and globex-cli"),
        "{out}"
    );
    assert!(out.contains("I joined [organisation] to work"), "{out}");
}

#[test]
fn first_person_ownership_and_employment_claims() {
    check(&[
        Case {
            name: "is my package, a project I work on",
            source: "# T\n\n## Description\n\nFrobnik is my package for parsing logs. \
                     I will also show a project I work on, Quuxcraft.\n",
            extra_names: "",
            expect: &[("Frobnik", SelfReference), ("Quuxcraft", SelfReference)],
        },
        Case {
            name: "our kind of library",
            source: "# T\n\n## Description\n\nWe rewrote our async ORM library twice.\n",
            extra_names: "",
            expect: &[("our async ORM library", SelfReference)],
        },
        Case {
            name: "how we do it at an employer, interns at a company",
            source: "# T\n\n## Description\n\nThis is how we do code review at Initech. \
                     Years of mentoring interns at Globex, Inc. taught me patience. We will look at Django.\n",
            extra_names: "",
            expect: &[("Initech", Organisation), ("Globex, Inc", Organisation)],
        },
        Case {
            name: "the speaker's own blog with no name typed",
            source: "# T\n\n## Description\n\nI wrote about it on [my blog](https://quietpages.example.dev/posts/7). \
                     The docs are at https://docs.python.org/3/.\n",
            extra_names: "",
            expect: &[("https://quietpages.example.dev/posts/7", Url)],
        },
    ]);
    let out = redacted(
        "# T\n\n## Description\n\nWe rewrote our async ORM library twice.\n",
        "",
    );
    assert!(
        out.contains("We rewrote the async ORM library twice."),
        "{out}"
    );
}

#[test]
fn notes_and_bio_are_scanned_and_reported_apart() {
    let p = parse(
        "# Fast tests\n\n## Description\n\nTips for fast tests.\n\n\
         ## Notes for reviewers\n\nSlides from last year: https://janedoe.dev/slides\n\n\
         ## Bio\n\nJane Doe works at Initech. Mail jane@example.org.\n",
    );
    let names = Names::from_proposal(&p);
    assert!(scan(&p, &names).is_empty(), "nothing in the shared fields");
    let withheld = scan_withheld(&p, &names);
    let got: Vec<(&str, LeakKind)> = withheld
        .iter()
        .map(|f| (p.slice(&f.span), f.kind))
        .collect();
    assert!(
        got.contains(&("https://janedoe.dev/slides", Url)),
        "{got:?}"
    );
    assert!(got.contains(&("jane@example.org", Email)), "{got:?}");
    assert!(
        !got.iter().any(|(text, _)| text.contains("Jane")),
        "a bio names its speaker: {got:?}"
    );
    let (shared, unshared) = scanned_fields(&p);
    assert!(shared.contains(&FieldKind::Title) && shared.contains(&FieldKind::Description));
    assert_eq!(unshared, [FieldKind::Notes, FieldKind::Bio]);
    // Redaction of the shared text is unchanged by what the notes hold.
    assert!(!redact_shared(&p, &withheld, |_| true).contains("janedoe.dev"));
}

#[test]
fn a_handle_after_an_unclosed_code_fence_is_found() {
    check(&[
        Case {
            name: "unclosed fence",
            source: "# T\n\n## Description\n\n```python\nimport this\n\nFollow @quietpages for the slides.\n",
            extra_names: "",
            expect: &[("@quietpages", Handle)],
        },
        Case {
            name: "a closed fence still hides code",
            source: "# T\n\n## Description\n\n```python\n@quietpages\ndef f(): pass\n```\n\nNo handle here.\n",
            extra_names: "",
            expect: &[],
        },
    ]);
}

/// Issue 16, class 7, shapes found on the real-shapes fixtures: ownership
/// and employment claims with lower-case names or opening a sentence, and
/// what is someone else's (a credited talk, a product named after the
/// employer) left alone.
#[test]
fn claims_in_the_shapes_drafts_use() {
    check(&[
        Case {
            name: "lower-case project names after a claim",
            source: "# T\n\n## Description\n\nA project I work on, shellcraft, uses it. I'm the author of leakhound, \
                     a tracer. We open-sourced the helpers as rowcheck last year. It comes from \
                     asynctest-kit, a library I maintain.\n",
            extra_names: "",
            expect: &[
                ("shellcraft", SelfReference),
                ("leakhound", SelfReference),
                ("rowcheck", SelfReference),
                ("asynctest-kit", SelfReference),
            ],
        },
        Case {
            name: "employer opening a sentence",
            source: "# T\n\n## Description\n\nAt Kettle & Co. we replaced it. At Brightline Freight I led the move. \
                     At scale, we shard. At first we failed.\n",
            extra_names: "",
            expect: &[("Kettle & Co.", Organisation), ("Brightline Freight", Organisation)],
        },
        Case {
            name: "a talk that taught the speaker, a product named after the employer",
            source: "# T\n\n## Description\n\nQuinn Albescu's talk on typing is what convinced the team. \
                     Lorenzo Vitale's talk on settings is the best introduction I know. \
                     We compare the Meridian Python Driver with asyncpg.\n\n## Bio\n\nTomoko Saito works at Meridian.\n",
            extra_names: "",
            expect: &[],
        },
        Case {
            name: "a link called the talk's code, with no name given",
            source: "# T\n\n## Description\n\nThe code is at github.com/jdev/typed-settings for reviewers. \
                     It builds on github.com/pydantic/pydantic.\n",
            extra_names: "",
            expect: &[("github.com/jdev/typed-settings", Url)],
        },
    ]);
}

/// A bio opening with the speaker's name and any verb in the third person
/// ("Lena Park teaches…") gives the name: her site is hers.
#[test]
fn a_bio_names_the_speaker_before_any_verb() {
    check(&[Case {
        name: "bio verb",
        source: "# T\n\n## Description\n\nAs Lena Hartmann wrote, students remember what they run. \
                 Notebooks at lenapark.example.dev/sims.\n\n## Bio\n\nLena Park teaches statistics.\n",
        extra_names: "",
        expect: &[("lenapark.example.dev/sims", Url)],
    }]);
}
