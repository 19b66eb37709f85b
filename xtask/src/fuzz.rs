//! `cargo xtask fuzz [SECONDS]`: the link decoder's fuzz target (`fuzz/`), seeded with
//! every frozen link fixture, for a bounded time.
//!
//! cargo-fuzz needs the sanitizer flags of a nightly compiler; on the pinned stable
//! toolchain `RUSTC_BOOTSTRAP=1` unlocks them for this tool only (the site is never built
//! this way).

use std::fs;
use std::process::Command;

use crate::{root, tools};

/// Installs cargo-fuzz when missing, writes the seed corpus and runs the target.
pub fn run(args: &[String]) -> Result<(), String> {
    let seconds: u32 = match args {
        [] => 300,
        [n] => n
            .parse()
            .map_err(|_| format!("usage: cargo xtask fuzz [SECONDS], not `{n}`"))?,
        _ => return Err("usage: cargo xtask fuzz [SECONDS]".into()),
    };
    if tools::which("cargo-fuzz").is_none() {
        println!("Installing cargo-fuzz (about 30 s)…");
        tools::run(tools::cargo().args(["install", "cargo-fuzz", "--locked"]))?;
    }
    let corpus = root().join("target/fuzz-corpus/decode");
    fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let mut seeds = 0;
    for name in ["v1.txt", "v2.txt", "v2-mentoring.txt"] {
        let path = root().join("tests/fixtures/links").join(name);
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // A fixture file: `;` notes, then each link followed by what it decodes to.
        for line in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with(';'))
        {
            seeds += 1;
            fs::write(corpus.join(format!("{name}-{seeds}")), line)
                .map_err(|e| format!("cannot write the corpus: {e}"))?;
        }
    }
    println!("{seeds} seeds from tests/fixtures/links; fuzzing for {seconds} s");
    tools::run(
        Command::new("cargo")
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", "decode"])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}")),
    )
}
