//! Native time of `exchange::import` and `exchange::reconcile` on a pretalx export of 1,000
//! proposals (the 50-proposal fixture repeated with fresh codes). A figure to look at, not
//! a test: `cargo run --release -p talkback-core --example bench_import`. The browser's
//! figure (`import_1000_ms`) belongs to `cargo xtask bench-browser`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;

    use talkback_core::exchange::{import, reconcile, Known};

    let page: serde_json::Value = serde_json::from_slice(include_bytes!(
        "../../../tests/fixtures/exports/pretalx-submissions-50.json"
    ))
    .expect("the fixture is JSON");
    let results = page["results"].as_array().expect("results");
    let items: Vec<serde_json::Value> = (0..1000)
        .map(|k| {
            let mut item = results[k % results.len()].clone();
            item["code"] = serde_json::Value::String(format!("P{k:05}"));
            item
        })
        .collect();
    let text = serde_json::json!({"count": 1000, "next": null, "results": items}).to_string();

    let started = Instant::now();
    let read = import("submissions.json", text.as_bytes()).expect("imports");
    let import_ms = started.elapsed().as_secs_f64() * 1e3;
    let known: Vec<Known> = read
        .proposals
        .iter()
        .map(|p| Known {
            code: p.code.clone(),
            title: p.title.clone(),
            imported_hash: p.content_hash(),
            reviewed_hash: None,
        })
        .collect();
    let started = Instant::now();
    let changes = reconcile(&known, &read.proposals);
    let reconcile_ms = started.elapsed().as_secs_f64() * 1e3;
    println!(
        "{} proposals, {} bytes: import {import_ms:.1} ms, reconcile {reconcile_ms:.1} ms ({} changes)",
        read.proposals.len(),
        text.len(),
        changes.len()
    );
}
