//! `cargo xtask bench-anonymity [CORPUS.json] [--show-misses] [--show-flags]`: how well the
//! blind-review check finds speakers' names in real talk descriptions.
//!
//! Each record (`title`, `speakers`, `description`) becomes the proposal
//! `# {title}\n\n## Description\n\n{description}`. Ground truth: every whole-word,
//! case- and diacritic-insensitive occurrence of one of the talk's own speaker name parts
//! (at least 3 letters) in the title and description. An occurrence counts as caught when a
//! finding covers it or when it lies in a field that is never shared (the parser turned a
//! `Speaker: …` line into a speaker field). A false flag is a finding that covers no
//! occurrence and is not an e-mail, link or handle.
//!
//! Figures are printed for all records and for the even- and odd-indexed halves (the
//! rules were developed on the even half); the last line is one JSON object.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

use talkback_core::blind_review::{scan, shared_spans, Leak, LeakKind, Names};
use talkback_core::fold::fold;
use talkback_core::proposal::parse;

/// Counts for one mode over a set of records.
#[derive(Default, Clone, Copy)]
struct Tally {
    talks: usize,
    talks_with_names: usize,
    words: usize,
    occurrences: usize,
    caught_names: usize,
    withheld_names: usize,
    caught_none: usize,
    withheld_none: usize,
    false_names: usize,
    false_none: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.talks += o.talks;
        self.talks_with_names += o.talks_with_names;
        self.words += o.words;
        self.occurrences += o.occurrences;
        self.caught_names += o.caught_names;
        self.withheld_names += o.withheld_names;
        self.caught_none += o.caught_none;
        self.withheld_none += o.withheld_none;
        self.false_names += o.false_names;
        self.false_none += o.false_none;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let r = a as f64 * 100.0 / b as f64;
        r
    }
}

fn per_1000(a: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let r = a as f64 * 1000.0 / words as f64;
        r
    }
}

/// Whole words (letters and digits) of `src[range]`, with their byte spans.
fn words(src: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in src[range.clone()].char_indices() {
        let at = range.start + i;
        if c.is_alphanumeric() {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            out.push(s..at);
        }
    }
    if let Some(s) = start {
        out.push(s..range.end);
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

struct Outcome {
    caught: usize,
    withheld: usize,
    false_flags: Vec<Range<usize>>,
    missed: Vec<Range<usize>>,
}

fn judge(occ: &[Range<usize>], shared: &[Range<usize>], found: &[Leak]) -> Outcome {
    let mut o = Outcome {
        caught: 0,
        withheld: 0,
        false_flags: Vec::new(),
        missed: Vec::new(),
    };
    for r in occ {
        if found.iter().any(|f| overlaps(&f.span, r)) {
            o.caught += 1;
        } else if !shared.iter().any(|s| s.start <= r.start && r.end <= s.end) {
            o.withheld += 1;
        } else {
            o.missed.push(r.clone());
        }
    }
    for f in found {
        let exempt = matches!(f.kind, LeakKind::Email | LeakKind::Url | LeakKind::Handle);
        if !exempt && !occ.iter().any(|r| overlaps(&f.span, r)) {
            o.false_flags.push(f.span.clone());
        }
    }
    o
}

fn context(src: &str, r: &Range<usize>) -> String {
    let mut a = r.start.saturating_sub(60);
    while !src.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (r.end + 60).min(src.len());
    while !src.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "{}[[{}]]{}",
        &src[a..r.start],
        &src[r.clone()],
        &src[r.end..b]
    )
    .replace('\n', " ")
}

/// Command-line options.
struct Options {
    path: PathBuf,
    show_misses: bool,
    show_flags: bool,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut path: Option<PathBuf> = None;
    let mut show_misses = false;
    let mut show_flags = false;
    for a in args {
        match a.as_str() {
            "--show-misses" => show_misses = true,
            "--show-flags" => show_flags = true,
            s if s.starts_with("--") => {
                return Err(format!(
                    "unknown option `{s}`\nusage: cargo xtask bench-anonymity [CORPUS.json] [--show-misses] [--show-flags]"
                ))
            }
            s => path = Some(PathBuf::from(s)),
        }
    }
    let path =
        path.unwrap_or_else(|| crate::root().join("tests/fixtures/corpus/pycon-us-talks.json"));
    Ok(Options {
        path,
        show_misses,
        show_flags,
    })
}

/// Scans one record both ways and adds it to `t`; prints misses and false
/// flags when asked.
fn measure(index: usize, rec: &serde_json::Value, opts: &Options, t: &mut Tally) {
    let title = rec["title"].as_str().unwrap_or("");
    let description = rec["description"].as_str().unwrap_or("");
    let speakers: Vec<&str> = rec["speakers"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str()).collect())
        .unwrap_or_default();
    let head = format!("# {title}\n\n## Description\n\n");
    let src = format!("{head}{description}");
    let p = parse(&src);

    let mut parts: Vec<String> = Vec::new();
    for s in &speakers {
        for w in words(s, 0..s.len()) {
            let part = fold(&s[w]);
            if part.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !parts.contains(&part) {
                parts.push(part);
            }
        }
    }
    let mut occ: Vec<Range<usize>> = Vec::new();
    for range in [2..2 + title.len(), head.len()..src.len()] {
        occ.extend(
            words(&src, range)
                .into_iter()
                .filter(|w| parts.contains(&fold(&src[w.clone()]))),
        );
    }

    let shared = shared_spans(&p);
    let given = scan(
        &p,
        &Names::from_proposal(&p).with_extra(&speakers.join(", ")),
    );
    let blind = scan(&p, &Names::from_proposal(&p));
    let with_names = judge(&occ, &shared, &given);
    let no_names = judge(&occ, &shared, &blind);

    t.talks += 1;
    t.talks_with_names += usize::from(!occ.is_empty());
    t.words += title.split_whitespace().count() + description.split_whitespace().count();
    t.occurrences += occ.len();
    t.caught_names += with_names.caught;
    t.withheld_names += with_names.withheld;
    t.caught_none += no_names.caught;
    t.withheld_none += no_names.withheld;
    t.false_names += with_names.false_flags.len();
    t.false_none += no_names.false_flags.len();

    if opts.show_misses {
        for r in &with_names.missed {
            println!("miss (names given) #{index}: {}", context(&src, r));
        }
        for r in &no_names.missed {
            println!("miss (no names) #{index}: {}", context(&src, r));
        }
    }
    if opts.show_flags {
        for r in &with_names.false_flags {
            println!("flag (names given) #{index}: {}", context(&src, r));
        }
        for r in &no_names.false_flags {
            println!("flag (no names) #{index}: {}", context(&src, r));
        }
    }
}

fn recall(caught: usize, withheld: usize, occurrences: usize) -> f64 {
    pct(caught + withheld, occurrences)
}

/// Runs the benchmark; `args` are the words after `bench-anonymity`.
pub fn run(args: &[String]) -> Result<(), String> {
    let opts = options(args)?;
    let path = &opts.path;
    let raw = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", path.display()))?;
    let records = json
        .as_array()
        .ok_or_else(|| format!("{}: expected a JSON array of talks", path.display()))?;

    let started = Instant::now();
    let mut halves = [Tally::default(), Tally::default()];
    for (index, rec) in records.iter().enumerate() {
        measure(index, rec, &opts, &mut halves[index % 2]);
    }
    let elapsed = started.elapsed();
    let mut all = Tally::default();
    all.add(&halves[0]);
    all.add(&halves[1]);

    println!(
        "Blind-review check on {} ({} talks, {} words)",
        path.display(),
        all.talks,
        all.words
    );
    println!(
        "{:<5} {:>6} {:>11} {:>12} {:>12} {:>10} {:>15} {:>14}",
        "split",
        "talks",
        "with names",
        "occurrences",
        "names given",
        "no names",
        "flags/1k given",
        "flags/1k none"
    );
    for (label, t) in [("all", &all), ("even", &halves[0]), ("odd", &halves[1])] {
        println!(
            "{:<5} {:>6} {:>11} {:>12} {:>11.2}% {:>9.2}% {:>15.2} {:>14.2}",
            label,
            t.talks,
            t.talks_with_names,
            t.occurrences,
            recall(t.caught_names, t.withheld_names, t.occurrences),
            recall(t.caught_none, t.withheld_none, t.occurrences),
            per_1000(t.false_names, t.words),
            per_1000(t.false_none, t.words),
        );
    }
    println!(
        "Rules were developed on the even half; the odd half checks for overfitting.\n\
         An occurrence is caught when a finding covers it or it sits in a field that is never \
         shared ({} with names given, {} without).\n\
         False flags (findings covering no occurrence, not e-mails/links/handles): {} with names \
         given, {} without. Two scans and two parses per talk in {:.2} s.",
        all.withheld_names,
        all.withheld_none,
        all.false_names,
        all.false_none,
        elapsed.as_secs_f64()
    );
    let r2 = |x: f64| (x * 100.0).round() / 100.0;
    let half = |t: &Tally| {
        serde_json::json!({
            "talks": t.talks,
            "occurrences": t.occurrences,
            "recall_names_given": r2(recall(t.caught_names, t.withheld_names, t.occurrences)),
            "recall_no_names": r2(recall(t.caught_none, t.withheld_none, t.occurrences)),
            "false_flags_per_1000_words_names_given": r2(per_1000(t.false_names, t.words)),
            "false_flags_per_1000_words_no_names": r2(per_1000(t.false_none, t.words)),
        })
    };
    let summary = serde_json::json!({
        "talks": all.talks,
        "words": all.words,
        "occurrences": all.occurrences,
        "recall_names_given": r2(recall(all.caught_names, all.withheld_names, all.occurrences)),
        "recall_no_names": r2(recall(all.caught_none, all.withheld_none, all.occurrences)),
        "false_flags_per_1000_words": r2(per_1000(all.false_names.max(all.false_none), all.words)),
        "false_flags_per_1000_words_names_given": r2(per_1000(all.false_names, all.words)),
        "false_flags_per_1000_words_no_names": r2(per_1000(all.false_none, all.words)),
        "even": half(&halves[0]),
        "odd": half(&halves[1]),
    });
    println!("{summary}");
    Ok(())
}
