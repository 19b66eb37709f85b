//! `cargo xtask bench-proposals [DIR]`: how right the parser, the checks and the
//! blind-review scan are on full proposals in the shapes real CFPs produce.
//!
//! `DIR` (default `tests/fixtures/real-shapes`) holds `NN-name.md` drafts, each with
//! `NN-name.expect.json`: `split` (`dev` or `held-out`), `fields` (expected values of
//! title, description, abstract, audience, level, duration, outline, notes, bio; `null`
//! when the draft has none), `findings` (rule ids that must fire), `not_findings` (judged
//! rule ids that must not), `blind` (strings in the shared fields the blind-review scan
//! must flag), `blind_withheld` (strings in the notes or bio that the scan of the fields
//! never shared must report) and `blind_not` (people the text quotes or credits, product
//! names: must not be flagged); the three blind lists may be left out.
//!
//! Per field: accuracy = drafts where the field is found when expected, absent when not,
//! and equal after trimming (form help text is not part of the value). Per rule:
//! precision = right firings / firings, recall = expected firings found, over the rules
//! the fixtures judge. Blind review (shared and withheld scans together): a flagged span
//! counts as right when it overlaps an expected string of its scan, so anything else it
//! flags (a credited person, a product name) lowers precision; recall is expected strings
//! overlapped by a finding of their scan. The dev and
//! held-out halves are reported separately; the last line is one JSON object.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use talkback_core::blind_review::{scan, scan_withheld, Names};
use talkback_core::checks::{self, Profile, Severity};
use talkback_core::proposal::{self, FieldKind, Level, Proposal};

const DEFAULT_DIR: &str = "tests/fixtures/real-shapes";
const FIELDS: &[(&str, FieldKind)] = &[
    ("title", FieldKind::Title),
    ("description", FieldKind::Description),
    ("abstract", FieldKind::Abstract),
    ("audience", FieldKind::Audience),
    ("level", FieldKind::Level),
    ("duration", FieldKind::Duration),
    ("outline", FieldKind::Outline),
    ("notes", FieldKind::Notes),
    ("bio", FieldKind::Bio),
];

#[derive(Default)]
struct Tally {
    proposals: usize,
    fields: BTreeMap<&'static str, (usize, usize)>,
    /// rule -> (right firings, firings, expected found, expected, severity)
    rules: BTreeMap<String, (usize, usize, usize, usize, Option<Severity>)>,
    blind: (usize, usize, usize, usize),
    misses: Vec<String>,
}

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Beginner => "Beginner",
        Level::Intermediate => "Intermediate",
        Level::Advanced => "Advanced",
        Level::All => "All",
    }
}

fn found(p: &Proposal, name: &str, kind: FieldKind) -> Option<String> {
    match kind {
        FieldKind::Level => p.level().map(|l| level_name(l).to_owned()),
        FieldKind::Duration => p.duration_minutes().map(|m| m.to_string()),
        FieldKind::Title => p.title().map(|t| t.trim().to_owned()),
        _ => {
            let _ = name;
            p.text(kind).map(|t| t.trim().to_owned())
        }
    }
}

fn expected(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        other => Some(other.to_string()),
    }
}

fn judge(tally: &mut Tally, name: &str, src: &str, exp: &serde_json::Value) {
    let p = proposal::parse(src);
    tally.proposals += 1;
    for &(field, kind) in FIELDS {
        let want = exp["fields"].get(field).and_then(expected);
        // Fixtures may leave a field out: it is then not judged.
        if exp["fields"].get(field).is_none() {
            continue;
        }
        let got = found(&p, field, kind);
        let e = tally.fields.entry(field).or_default();
        e.1 += 1;
        if got == want {
            e.0 += 1;
        } else {
            tally
                .misses
                .push(format!("{name}: {field}: expected {want:?}, got {got:?}"));
        }
    }
    let report = checks::run(&p, &Profile::pycon_us());
    let list = |key: &str| -> Vec<String> {
        exp[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let must = list("findings");
    let must_not = list("not_findings");
    for id in must.iter().chain(&must_not) {
        let fired = report.fired(id);
        let sev = checks::rule(id).map(|r| r.severity);
        let e = tally.rules.entry(id.clone()).or_insert((0, 0, 0, 0, sev));
        let wanted = must.contains(id);
        if fired {
            e.1 += 1;
            if wanted {
                e.0 += 1;
            }
        }
        if wanted {
            e.3 += 1;
            if fired {
                e.2 += 1;
            }
        }
        if fired != wanted {
            tally.misses.push(format!(
                "{name}: {id} {}",
                if fired {
                    "fired, not expected"
                } else {
                    "expected, did not fire"
                }
            ));
        }
    }
    judge_blind(
        tally,
        name,
        src,
        &p,
        &list("blind"),
        &list("blind_withheld"),
        &list("blind_not"),
    );
}

/// Byte spans of the first occurrence of each string in `src`; a string not
/// in the draft is a fixture error, reported as a miss.
fn spans_of(
    tally: &mut Tally,
    name: &str,
    src: &str,
    strings: &[String],
) -> Vec<std::ops::Range<usize>> {
    strings
        .iter()
        .filter_map(|l| {
            let at = src.find(l.as_str());
            if at.is_none() {
                tally
                    .misses
                    .push(format!("{name}: fixture error: {l:?} is not in the draft"));
            }
            at.map(|s| s..s + l.len())
        })
        .collect()
}

/// Blind review against the ground truth: `blind` are leaks the shared scan
/// must flag, `blind_withheld` leaks in the notes or bio that the withheld
/// scan must report (apart: they are never shared), `blind_not` people the
/// text quotes or credits and product names that must not be flagged. Every
/// finding that covers no expected leak counts against precision.
fn judge_blind(
    tally: &mut Tally,
    name: &str,
    src: &str,
    p: &Proposal,
    shared: &[String],
    withheld: &[String],
    not: &[String],
) {
    let names = Names::from_proposal(p);
    let overlaps =
        |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| a.start < b.end && b.start < a.end;
    let not_spans = spans_of(tally, name, src, not);
    for (label, leaks, findings) in [
        ("shared", shared, scan(p, &names)),
        ("withheld", withheld, scan_withheld(p, &names)),
    ] {
        let leak_spans = spans_of(tally, name, src, leaks);
        for f in &findings {
            tally.blind.1 += 1;
            if leak_spans.iter().any(|l| overlaps(l, &f.span)) {
                tally.blind.0 += 1;
            } else {
                let quoted = if not_spans.iter().any(|l| overlaps(l, &f.span)) {
                    " (a person credited or a product: must not be flagged)"
                } else {
                    ""
                };
                tally.misses.push(format!(
                    "{name}: blind review ({label}) flagged {:?}{quoted}",
                    &src[f.span.clone()]
                ));
            }
        }
        for l in &leak_spans {
            tally.blind.3 += 1;
            if findings.iter().any(|f| overlaps(l, &f.span)) {
                tally.blind.2 += 1;
            } else {
                tally.misses.push(format!(
                    "{name}: blind review ({label}) missed {:?}",
                    &src[l.clone()]
                ));
            }
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn summary(t: &Tally) -> (f64, f64, f64, f64, f64, f64) {
    let field_accuracy = {
        let (a, b) = t
            .fields
            .values()
            .fold((0, 0), |s, v| (s.0 + v.0, s.1 + v.1));
        ratio(a, b)
    };
    let (rp, rf, re, rx) = t.rules.values().fold((0, 0, 0, 0), |s, v| {
        (s.0 + v.0, s.1 + v.1, s.2 + v.2, s.3 + v.3)
    });
    let (pp, pf) = t
        .rules
        .values()
        .filter(|v| v.4 == Some(Severity::Problem))
        .fold((0, 0), |s, v| (s.0 + v.0, s.1 + v.1));
    (
        field_accuracy,
        ratio(rp, rf),
        ratio(re, rx),
        ratio(pp, pf),
        ratio(t.blind.0, t.blind.1),
        ratio(t.blind.2, t.blind.3),
    )
}

fn print_half(out: &mut String, label: &str, t: &Tally) {
    let _ = writeln!(out, "== {label}: {} proposals", t.proposals);
    for (f, (a, b)) in &t.fields {
        let _ = writeln!(
            out,
            "  field {f:<12} {a}/{b} ({:.1} %)",
            100.0 * ratio(*a, *b)
        );
    }
    for (id, (right, fired, hit, want, sev)) in &t.rules {
        let _ = writeln!(
            out,
            "  rule  {id:<28} {:<8} precision {right}/{fired} ({:.0} %), recall {hit}/{want} ({:.0} %)",
            sev.map_or("?", |s| match s {
                Severity::Problem => "problem",
                Severity::Warning => "warning",
                Severity::Tip => "tip",
            }),
            100.0 * ratio(*right, *fired),
            100.0 * ratio(*hit, *want)
        );
    }
    let (fa, cp, cr, pp, bp, br) = summary(t);
    let _ = writeln!(
        out,
        "  fields {:.1} %, findings precision {:.1} % recall {:.1} %, problems precision {:.1} %, blind review precision {:.1} % recall {:.1} %",
        100.0 * fa,
        100.0 * cp,
        100.0 * cr,
        100.0 * pp,
        100.0 * bp,
        100.0 * br
    );
}

/// Runs the command with the arguments after `bench-proposals`.
pub fn run(args: &[String]) -> Result<(), String> {
    let dir = match args {
        [] => crate::root().join(DEFAULT_DIR),
        [d] if !d.starts_with('-') => PathBuf::from(d),
        _ => return Err("usage: cargo xtask bench-proposals [DIR]".into()),
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let (mut dev, mut held) = (Tally::default(), Tally::default());
    for path in &names {
        let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let exp_path = path.with_extension("expect.json");
        let Ok(exp_text) = std::fs::read_to_string(&exp_path) else {
            continue;
        };
        let exp: serde_json::Value =
            serde_json::from_str(&exp_text).map_err(|e| format!("{}: {e}", exp_path.display()))?;
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let half = if exp["split"] == "held-out" {
            &mut held
        } else {
            &mut dev
        };
        judge(half, &name, &src, &exp);
    }
    if dev.proposals + held.proposals == 0 {
        return Err(format!(
            "no proposals with .expect.json in {}",
            dir.display()
        ));
    }
    let mut out = String::new();
    print_half(&mut out, "dev", &dev);
    print_half(&mut out, "held-out", &held);
    let _ = writeln!(out, "== misses (dev and held-out)");
    for m in dev.misses.iter().chain(&held.misses) {
        let _ = writeln!(out, "  {m}");
    }
    let (fa, cp, cr, _, bp, br) = summary(&held);
    let (dfa, dcp, dcr, _, dbp, dbr) = summary(&dev);
    let _ = writeln!(
        out,
        "{{\"proposals\": {}, \"field_accuracy\": {fa:.4}, \"check_precision\": {cp:.4}, \"check_recall\": {cr:.4}, \"blind_precision\": {bp:.4}, \"blind_recall\": {br:.4}, \"split\": \"held-out\", \"dev\": {{\"proposals\": {}, \"field_accuracy\": {dfa:.4}, \"check_precision\": {dcp:.4}, \"check_recall\": {dcr:.4}, \"blind_precision\": {dbp:.4}, \"blind_recall\": {dbr:.4}}}}}",
        held.proposals, dev.proposals
    );
    print!("{out}");
    Ok(())
}
