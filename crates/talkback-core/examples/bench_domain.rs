//! Native timings of the domain's hot paths on real corpus records, to find costs without
//! a browser. Run through `cargo xtask bench-domain [CORPUS.json]` (release build, the
//! same size-tuned profile the site ships with). Prints figures; the last line is JSON.

#![allow(
    clippy::disallowed_methods,
    reason = "a native benchmark: the wasm size policy does not apply"
)]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::time::Instant;

    use talkback_core::blind_review::{scan, Names};
    use talkback_core::link::{decode, encode_fragment, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;
    use talkback_core::{checks, markdown, proposal};

    /// Median microseconds per call of `f` over `inputs`, each timed `reps` times.
    fn median_us<T>(inputs: &[T], reps: usize, mut f: impl FnMut(&T)) -> f64 {
        let mut samples = Vec::new();
        for input in inputs {
            let started = Instant::now();
            for _ in 0..reps {
                f(input);
            }
            #[allow(clippy::cast_precision_loss)] // a handful of repetitions
            samples.push(started.elapsed().as_secs_f64() * 1e6 / reps as f64);
        }
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    }

    pub fn main() {
        let path = std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tests/fixtures/corpus/pycon-us-talks.json".into());
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let talks: Vec<serde_json::Value> =
            serde_json::from_str(&text).expect("a JSON array of talks");
        let drafts: Vec<String> = talks
            .iter()
            .step_by(15)
            .map(|t| {
                format!(
                    "# {}\n\nDuration: 30 minutes\n\n## Description\n\n{}\n\n## Speaker names\n\n{}\n",
                    t["title"].as_str().unwrap_or(""),
                    t["description"].as_str().unwrap_or(""),
                    t["speakers"]
                        .as_array()
                        .map(|s| s
                            .iter()
                            .filter_map(|n| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", "))
                        .unwrap_or_default()
                )
            })
            .collect();
        // A 10 KB draft: the largest record, padded with its own text.
        let mut ten_kb = drafts
            .iter()
            .max_by_key(|d| d.len())
            .cloned()
            .unwrap_or_default();
        let body = ten_kb.clone();
        while ten_kb.len() < 10 * 1024 {
            ten_kb.push_str(&body);
        }
        ten_kb.truncate(
            ten_kb
                .char_indices()
                .map(|(i, _)| i)
                .take_while(|&i| i <= 10 * 1024)
                .last()
                .unwrap_or(0),
        );
        let big = [ten_kb];
        let profile = checks::Profile::pycon_us();
        let parsed: Vec<proposal::Proposal> = drafts.iter().map(|d| proposal::parse(d)).collect();
        let rubric = preset("pycon-us-screening", 1).expect("preset");
        let shared: Vec<SharedReview> = drafts
            .iter()
            .map(|d| {
                let mut review = Review::for_rubric(&rubric);
                review.answers[0] = Some(1);
                review.author_comment =
                    "Clear topic; add timings to the outline and say who it is for.".into();
                SharedReview {
                    review,
                    proposal: Some(d.clone()),
                }
            })
            .collect();
        let _ = encode_fragment(&shared[0]); // primes the link model once, as a page does
        let links: Vec<String> = shared
            .iter()
            .map(|s| encode_fragment(s).expect("encode"))
            .collect();

        let figures = [
            (
                "parse",
                median_us(&drafts, 20, |d| drop(proposal::parse(d))),
            ),
            (
                "parse_10kb",
                median_us(&big, 200, |d| drop(proposal::parse(d))),
            ),
            (
                "render",
                median_us(&drafts, 20, |d| drop(markdown::render_blocks(d))),
            ),
            (
                "render_10kb",
                median_us(&big, 200, |d| drop(markdown::render_blocks(d))),
            ),
            (
                "checks",
                median_us(&parsed, 20, |p| drop(checks::run(p, &profile))),
            ),
            (
                "blind_scan",
                median_us(&parsed, 20, |p| drop(scan(p, &Names::from_proposal(p)))),
            ),
            (
                "encode",
                median_us(&shared, 3, |s| drop(encode_fragment(s))),
            ),
            ("decode", median_us(&links, 3, |l| drop(decode(l)))),
        ];
        println!(
            "domain hot paths, native release build, {} corpus drafts (median µs per call)",
            drafts.len()
        );
        for (name, us) in &figures {
            println!("{name:<14} {us:>10.1} µs");
        }
        let json: Vec<String> = figures
            .iter()
            .map(|(n, us)| format!("\"{n}_us\":{us:.1}"))
            .collect();
        println!("{{\"drafts\":{},{}}}", drafts.len(), json.join(","));
    }
}
