//! `cargo xtask bench-checks [CORPUS.json]`: runs every mentor check over a corpus of
//! real talk records and prints how many talks trigger each rule.
//!
//! The corpus (default `tests/fixtures/corpus/pycon-us-talks.json`) is a JSON array of
//! records with `title`, `description` and `duration` (seconds, may be null). Each record
//! becomes a draft `# {title}\n\nDuration: {minutes} minutes\n\n## Description\n\n{description}`
//! (no duration line when it is null). These are accepted talks, so a *problem* that fires
//! on many of them is probably a wrong rule. Rules about fields the records lack (outline,
//! audience…) count as not applicable. The last line printed is one JSON object:
//! `{"talks": N, "rules": {"<id>": {"severity": "…", "fired": N, "applicable": N}}, …}`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use talkback_core::checks::{self, Profile, Severity};
use talkback_core::proposal;

/// Default corpus, relative to the repository root.
const DEFAULT_CORPUS: &str = "tests/fixtures/corpus/pycon-us-talks.json";
/// Example titles shown under each rule that fired.
const EXAMPLES: usize = 2;

/// Runs the command with the arguments after `bench-checks`.
pub fn run(args: &[String]) -> Result<(), String> {
    let path = match args {
        [] => crate::root().join(DEFAULT_CORPUS),
        [p] if !p.starts_with('-') => PathBuf::from(p),
        _ => return Err("usage: cargo xtask bench-checks [CORPUS.json]".into()),
    };
    let json = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let out = report(&json).map_err(|e| format!("{}: {e}", path.display()))?;
    print!("{out}");
    Ok(())
}

/// One record as a draft, the way a speaker would paste it.
fn draft(title: &str, duration_secs: Option<f64>, description: &str) -> String {
    let mut md = format!("# {title}\n\n");
    if let Some(secs) = duration_secs.filter(|s| s.is_finite() && *s > 0.0) {
        // Whole minutes, rounded; corpus durations are video lengths in seconds.
        let _ = write!(md, "Duration: {:.0} minutes\n\n", secs / 60.0);
    }
    md.push_str("## Description\n\n");
    md.push_str(description);
    md.push('\n');
    md
}

#[derive(Default, Clone)]
struct Tally {
    fired: usize,
    applicable: usize,
    examples: Vec<String>,
}

/// Counts over a whole corpus.
struct Totals {
    talks: usize,
    bytes: usize,
    /// Talks with at least one problem, warning, tip.
    with_severity: [usize; 3],
    per_rule: Vec<Tally>,
    elapsed_secs: f64,
}

/// `n` as a float for display (exact below 2^32, plenty for counts).
fn float(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Runs every rule over every record.
fn tally(records: &[serde_json::Value]) -> Result<Totals, String> {
    let profile = Profile::pycon_us();
    let rules = checks::rules();
    let mut totals = Totals {
        talks: 0,
        bytes: 0,
        with_severity: [0; 3],
        per_rule: vec![Tally::default(); rules.len()],
        elapsed_secs: 0.0,
    };
    let started = Instant::now();
    for (i, rec) in records.iter().enumerate() {
        let text = |key: &str| rec.get(key).and_then(serde_json::Value::as_str);
        let (Some(title), Some(description)) = (text("title"), text("description")) else {
            return Err(format!("record {i} has no `title` or `description` string"));
        };
        let duration = rec.get("duration").and_then(serde_json::Value::as_f64);
        let md = draft(title, duration, description);
        totals.bytes += md.len();
        let report = checks::run(&proposal::parse(&md), &profile);
        totals.talks += 1;
        for (rule, t) in rules.iter().zip(totals.per_rule.iter_mut()) {
            if report.applicable.contains(&rule.id) {
                t.applicable += 1;
            }
            if report.fired(rule.id) {
                t.fired += 1;
                if t.examples.len() < EXAMPLES {
                    t.examples.push(title.to_owned());
                }
            }
        }
        let severities = [Severity::Problem, Severity::Warning, Severity::Tip];
        for (n, sev) in totals.with_severity.iter_mut().zip(severities) {
            if report.count(sev) > 0 {
                *n += 1;
            }
        }
    }
    totals.elapsed_secs = started.elapsed().as_secs_f64();
    Ok(totals)
}

/// The table and the closing JSON line for a corpus given as JSON text.
///
/// # Errors
///
/// When the text is not a JSON array of records with `title` and `description`.
pub fn report(corpus_json: &str) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(corpus_json).map_err(|e| format!("not JSON: {e}"))?;
    let records = value
        .as_array()
        .ok_or("expected a JSON array of talk records")?;
    let totals = tally(records)?;
    let rules = checks::rules();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Mentor checks over {} talks ({:.1} MB) in {:.0} ms ({:.1} µs per talk, parse included)\n",
        totals.talks,
        float(totals.bytes) / 1e6,
        totals.elapsed_secs * 1e3,
        totals.elapsed_secs * 1e6 / float(totals.talks.max(1))
    );
    let _ = writeln!(
        out,
        "{:<32} {:<8} {:>10} {:>7} {:>7}",
        "rule", "severity", "applicable", "fired", "%"
    );
    let _ = writeln!(out, "{}", "-".repeat(68));
    for (rule, t) in rules.iter().zip(&totals.per_rule) {
        let pct = if t.applicable == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}", 100.0 * float(t.fired) / float(t.applicable))
        };
        let _ = writeln!(
            out,
            "{:<32} {:<8} {:>10} {:>7} {:>7}",
            rule.id,
            rule.severity.key(),
            t.applicable,
            t.fired,
            pct
        );
        for ex in &t.examples {
            let short: String = ex.chars().take(60).collect();
            let _ = writeln!(out, "    e.g. {short}");
        }
    }
    let [problems, warnings, tips] = totals.with_severity;
    let _ = writeln!(
        out,
        "\nTalks with at least one problem: {problems}; warning: {warnings}; tip: {tips}\n"
    );
    let mut rules_json = serde_json::Map::new();
    for (rule, t) in rules.iter().zip(&totals.per_rule) {
        rules_json.insert(
            rule.id.to_owned(),
            serde_json::json!({
                "severity": rule.severity.key(),
                "fired": t.fired,
                "applicable": t.applicable,
            }),
        );
    }
    let summary = serde_json::json!({ "talks": totals.talks, "rules": rules_json });
    let _ = writeln!(out, "{summary}");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_rules_and_ends_with_one_json_line() {
        let corpus = r#"[
            {"title": "Async Python Without Tears", "duration": 1800, "speakers": [],
             "event": "x", "tags": [],
             "description": "Asyncio has a reputation for being hard. This talk shows the three patterns that cover most real services."},
            {"title": "Why?", "duration": null, "speakers": [], "event": "x", "tags": [],
             "description": "Short."}
        ]"#;
        let out = report(corpus).unwrap();
        let last = out.lines().last().unwrap();
        let json: serde_json::Value = serde_json::from_str(last).unwrap();
        assert_eq!(json["talks"], 2);
        assert_eq!(json["rules"]["title.vague"]["fired"], 1);
        assert_eq!(json["rules"]["title.missing"]["applicable"], 2);
        assert_eq!(json["rules"]["outline.over-time"]["applicable"], 0);
        assert_eq!(
            json["rules"]["description.too-short"]["severity"],
            "warning"
        );
        assert!(out.contains("title.vague"));
        assert!(report("{}").is_err());
        assert!(report(r#"[{"title": 1}]"#).is_err());
    }
}
