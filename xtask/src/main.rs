//! Project commands, run as `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! Every command installs what it needs when it is missing and says so: the wasm32 target,
//! the `wasm-bindgen-cli` matching `Cargo.lock`, Chromium and ChromeDriver from Debian's
//! packages, and npm's binaryen for `wasm-opt` when npm exists.

mod bench_anonymity;
mod bench_browser;
mod bench_checks;
mod bench_links;
mod bench_proposals;
mod css;
mod fuzz;
mod imports;
mod server;
mod site;
mod tools;

use std::env;
use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
usage: cargo xtask <command>

  serve [--port N] [--preview]
                     build the site and serve it on http://127.0.0.1:8080, rebuilding on change;
                     --preview: with the features built but not released (workspace, mentoring)
  test               every check and test, as CI runs them
  dist [--features LIST]
                     the release site in dist/ and a table of its sizes (raw, gzip, brotli);
                     --features: the site with LIST, into target/site-LIST/, and its total
  sizes FILE…        raw, gzip -9 and brotli -q11 bytes of each file (size experiments)
  bench-anonymity [CORPUS.json]  recall and false flags of the blind-review check on real talks
  bench-domain [CORPUS.json]     native timings of parse, render, checks, scan, encode, decode
  bench-links [--revisions] [CORPUS.json]  share-link lengths on real talks, side by side with JSON + lz-string
  bench-checks [CORPUS.json]     how often each mentor check fires on real accepted talks
  bench-proposals [DIR]          fields, checks and blind review against full proposals' ground truth
  bench-browser      start-up, typing, committee and workspace figures in headless Chromium (last line JSON)
                     [--startup-only | --workspace-only]
  fuzz [SECONDS]     the link decoder's fuzz target, seeded with the frozen link fixtures (default 300 s;
                     installs cargo-fuzz when missing)
  screenshots        README pictures of each view, into docs/screenshots/
  e2e [--preview | --features LIST] [ARGS…]
                     only the release site and the end-to-end suite (a part of `test`);
                     ARGS narrow it, as for cargo test: `--test committee`, a name;
                     --preview: the preview site and the suites of its features;
                     --features: the site with LIST (`mentoring`) and the suites of LIST
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => tools::run_all_tests(),
        Some("dist") => match &args[1..] {
            [flag, features] if flag == "--features" => site::with_features(features).map(drop),
            [] => site::dist().map(|_| ()),
            _ => Err("usage: cargo xtask dist [--features LIST]".into()),
        },
        Some("sizes") => site::print_file_sizes(&args[1..]),
        Some("bench-anonymity") => bench_anonymity::run(&args[1..]),
        Some("bench-domain") => tools::run(
            tools::cargo()
                .args([
                    "run",
                    "--quiet",
                    "--release",
                    "--package",
                    "talkback-core",
                    "--example",
                    "bench_domain",
                    "--",
                ])
                .args(&args[1..]),
        ),
        Some("bench-links") => bench_links::run(&args[1..]),
        Some("bench-checks") => bench_checks::run(&args[1..]),
        Some("bench-proposals") => bench_proposals::run(&args[1..]),
        Some("bench-browser") => bench_browser::run_bench(&args[1..]),
        Some("screenshots") => bench_browser::screenshots(),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("e2e") => match args.get(1).map(String::as_str) {
            Some("--preview") => site::preview().and_then(|site| {
                let mut filter = tools::preview_e2e_args();
                if args.len() > 2 {
                    // Narrowed: the features, then the caller's own selection.
                    filter.truncate(2);
                    filter.extend_from_slice(&args[2..]);
                }
                tools::run_e2e(&site, &filter)
            }),
            // The site with LIST, and the suites of LIST's features (their flows
            // that need a feature not in LIST are left out).
            Some("--features") => match args.get(2) {
                None => Err("usage: cargo xtask e2e --features LIST [ARGS…]".into()),
                Some(features) => site::with_features(features).and_then(|site| {
                    let mut filter = vec!["--features".to_owned(), features.clone()];
                    if args.len() > 3 {
                        filter.extend_from_slice(&args[3..]);
                    } else {
                        for suite in features.split(',') {
                            filter.extend(["--test".to_owned(), suite.to_owned()]);
                        }
                    }
                    tools::run_e2e(&site, &filter)
                }),
            },
            _ => site::dist().and_then(|dist| tools::run_e2e(&dist, &args[1..])),
        },
        Some("-h" | "--help" | "help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &[String]) -> Result<(), String> {
    let preview = args.iter().any(|a| a == "--preview");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--preview").collect();
    let port = match rest.as_slice() {
        [] => 8080,
        [flag, n] if *flag == "--port" => n.parse().map_err(|_| format!("bad port `{n}`"))?,
        _ => return Err("usage: cargo xtask serve [--port N] [--preview]".into()),
    };
    let dist = if preview {
        site::preview()?
    } else {
        site::dist()?
    };
    let server = server::Server::start(&dist, port)?;
    println!(
        "Serving {} on {}  (Ctrl-C to stop)",
        dist.display(),
        server.url()
    );
    println!("Watching src/, styles/, static/ and index.html: the site rebuilds on change.");
    site::watch_and_rebuild(preview);
}

/// The repository root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in a subfolder of the repository")
        .to_path_buf()
}
