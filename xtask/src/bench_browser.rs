//! `cargo xtask bench-browser`: the release site measured in headless Chromium. The
//! measuring is done by the `bench-browser` binary of the end-to-end crate; this builds
//! the site, the 10 KB proposal, the server and ChromeDriver around it.

use std::fs;

use serde_json::Value;

use crate::tools::{self, cargo, run};
use crate::{root, server, site};

/// The largest corpus proposal, laid out as a draft and padded to 10 KB with its own
/// paragraphs, so typing is measured on real text of the budgeted size.
pub fn ten_kb_proposal() -> Result<String, String> {
    let path = root().join("tests/fixtures/corpus/pycon-us-talks.json");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let talks: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let largest = talks
        .iter()
        .max_by_key(|t| t["description"].as_str().map_or(0, str::len))
        .ok_or("empty corpus")?;
    let title = largest["title"].as_str().unwrap_or("Untitled");
    let description = largest["description"].as_str().unwrap_or("");
    let mut draft = format!("# {title}\n\nDuration: 30 minutes\nLevel: Intermediate\n\n## Description\n\n{description}\n");
    let paragraphs: Vec<&str> = description
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut n = 0;
    while draft.len() < 10 * 1024 && !paragraphs.is_empty() {
        draft.push('\n');
        draft.push_str(paragraphs[n % paragraphs.len()]);
        draft.push('\n');
        n += 1;
    }
    let mut cut = 10 * 1024;
    while !draft.is_char_boundary(cut) {
        cut -= 1;
    }
    draft.truncate(cut);
    Ok(draft)
}

/// Pastes the committee benchmark makes, one per round, each of links it has not read
/// before, separated by a form-feed line.
pub const COMMITTEE_PASTES: usize = 12;

/// 50 feedback links (10 corpus proposals × 5 reviews on PyCon US screening), one per
/// line, as a chair would paste them; `paste` picks which proposals.
pub fn fifty_links(base_url: &str, paste: usize) -> Result<String, String> {
    use talkback_core::link::{encode, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;

    let path = root().join("tests/fixtures/corpus/pycon-us-talks.json");
    let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let talks: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let rubric = preset("pycon-us-screening", 1).ok_or("no PyCon preset")?;
    let mut out = String::from("Reviews for the meeting:\n\n");
    for (t, talk) in talks.iter().skip(paste).step_by(97).take(10).enumerate() {
        let proposal = format!(
            "# {}\n\n## Description\n\n{}",
            talk["title"].as_str().unwrap_or(""),
            talk["description"].as_str().unwrap_or("")
        );
        for r in 0..5u8 {
            let mut review = Review::for_rubric(&rubric);
            for (i, (answer, criterion)) in
                review.answers.iter_mut().zip(&rubric.criteria).enumerate()
            {
                let level = (i + t + usize::from(r)) % criterion.scale.len().max(1);
                *answer = Some(u8::try_from(level).unwrap_or(0));
            }
            review.author_comment = format!(
                "Reviewer {r} on talk {t}: clear topic, tighten the outline and say who it is for."
            );
            let link = encode(
                &SharedReview {
                    review,
                    proposal: Some(proposal.clone()),
                },
                base_url,
            )
            .map_err(|e| e.to_string())?;
            out.push_str(&format!("> Review {r}: {link}\n"));
        }
    }
    Ok(out)
}

/// About 2,000 committee links as the workspace exports them: 700 corpus proposals × 3
/// reviewers on PyCon US screening, varied votes, each link carrying the proposal's
/// reference (a code and the hash of its text) but not the text; one link a line.
pub fn two_thousand_links(base_url: &str) -> Result<String, String> {
    use talkback_core::link::{encode_link, LinkKind, ProposalRef, SharedReview};
    use talkback_core::rubric::preset;
    use talkback_core::scoring::Review;

    let path = root().join("tests/fixtures/corpus/pycon-us-talks.json");
    let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let talks: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let rubric = preset("pycon-us-screening", 1).ok_or("no PyCon preset")?;
    let mut out = String::new();
    for (t, talk) in talks.iter().take(700).enumerate() {
        let proposal = format!(
            "# {}\n\n## Description\n\n{}",
            talk["title"].as_str().unwrap_or(""),
            talk["description"].as_str().unwrap_or("")
        );
        let reference = ProposalRef::of(&proposal, Some(&format!("PYC-{:04}", t + 1)));
        for r in 0..3usize {
            let mut review = Review::for_rubric(&rubric);
            for (i, (answer, criterion)) in
                review.answers.iter_mut().zip(&rubric.criteria).enumerate()
            {
                let level = (i * 5 + t * 7 + r * 3 + t / 11) % criterion.scale.len().max(1);
                *answer = Some(u8::try_from(level).unwrap_or(0));
            }
            let shared = SharedReview {
                review,
                proposal: None,
            };
            let link = encode_link(&shared, LinkKind::CommitteeReview, &reference, base_url)
                .map_err(|e| e.to_string())?;
            out.push_str(&link);
            out.push('\n');
        }
    }
    Ok(out)
}

/// Runs a binary of the end-to-end crate against the served release site, with
/// ChromeDriver, the site's URL and `env` in its environment.
fn run_browser_bin(bin: &str, site: &server::Server, env: &[(&str, String)]) -> Result<(), String> {
    let driver = tools::ChromeDriver::start()?;
    let mut cmd = cargo();
    cmd.args(["run", "--quiet", "--package", "talkback-e2e", "--bin", bin])
        .env("TALKBACK_URL", site.url())
        .env("WEBDRIVER_URL", &driver.url);
    for (key, value) in env {
        cmd.env(key, value);
    }
    run(&mut cmd)
}

/// The page of the baseline site: no stylesheet, the same CSP as the app's page.
const BASELINE_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; base-uri 'none'">
  <meta charset="utf-8">
  <title>Baseline: a minimal Yew page with pulldown-cmark</title>
  <link rel="icon" href="data:,">
  <link rel="modulepreload" href="talkback_baseline.js">
  <link rel="preload" href="talkback_baseline_bg.wasm" as="fetch" type="application/wasm" crossorigin>
</head>
<body>
  <script type="module" src="boot.js"></script>
</body>
</html>
"#;

/// Builds the baseline the start-up ratios are measured against (`tests/baseline`: a
/// minimal Yew page rendering the draft with pulldown-cmark) the way the app is built —
/// the same release profile, wasm-bindgen, `wasm-opt -Oz` and terser for the glue — into
/// `target/bench-baseline/`; `to_the_end`: with its first render run before `main`
/// returns, as the app's is, into `target/bench-baseline-to-the-end/`.
fn baseline_site(to_the_end: bool) -> Result<std::path::PathBuf, String> {
    use std::process::Command;
    run(cargo()
        .args([
            "build",
            "--release",
            "--package",
            "talkback-baseline",
            "--target",
            tools::WASM_TARGET,
        ])
        .args(
            to_the_end
                .then_some(["--features", "to-the-end"])
                .into_iter()
                .flatten(),
        ))?;
    let out = root().join(if to_the_end {
        "target/bench-baseline-to-the-end"
    } else {
        "target/bench-baseline"
    });
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| e.to_string())?;
    }
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let wasm = root().join(format!(
        "target/{}/release/talkback-baseline.wasm",
        tools::WASM_TARGET
    ));
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "talkback_baseline",
            "--out-dir",
        ])
        .arg(&out)
        .arg(&wasm))?;
    site::optimise(&out.join("talkback_baseline_bg.wasm"))?;
    site::minify_glue(&out.join("talkback_baseline.js"))?;
    fs::write(out.join("index.html"), BASELINE_PAGE).map_err(|e| e.to_string())?;
    // The app's boot script, marks and all, loading the baseline's glue and wasm.
    let boot = fs::read_to_string(root().join("static/boot.js"))
        .map_err(|e| format!("cannot read static/boot.js: {e}"))?
        .replace("talkback.js", "talkback_baseline.js")
        .replace("talkback_bg.wasm", "talkback_baseline_bg.wasm");
    fs::write(out.join("boot.js"), boot).map_err(|e| e.to_string())?;
    Ok(out)
}

/// `BENCH_PROFILE` set: a copy of `dist` (without the one-file build) whose wasm keeps
/// its function names (`wasm-opt -Oz -g`), in `target/bench-profile-site/`, so the CPU
/// profiles the benchmark prints name the Rust functions. Slightly larger than `dist`'s
/// wasm; everything else is the same.
fn profile_site(dist: &std::path::Path) -> Result<std::path::PathBuf, String> {
    use std::process::Command;
    let out = root().join("target/bench-profile-site");
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| e.to_string())?;
    }
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(dist).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default();
        if path.is_file()
            && ![site::SINGLE_FILE, "talkback_bg.wasm", "talkback.js"]
                .contains(&name.to_str().unwrap_or_default())
        {
            fs::copy(&path, out.join(name)).map_err(|e| e.to_string())?;
        }
    }
    // wasm-bindgen makes its glue again beside the named wasm: minified and its imports
    // renamed as `dist`'s.
    let work = root().join("target/bench-profile-bindgen");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&work)
        .arg(root().join(format!(
            "target/{}/release/talkback.wasm",
            tools::WASM_TARGET
        ))))?;
    site::wasm_opt(
        &work.join("talkback_bg.wasm"),
        &out.join("talkback_bg.wasm"),
        &["-g"],
    )?;
    fs::copy(work.join("talkback.js"), out.join("talkback.js")).map_err(|e| e.to_string())?;
    site::minify_glue(&out.join("talkback.js"))?;
    crate::imports::shorten(&out.join("talkback_bg.wasm"), &out.join("talkback.js"))?;
    Ok(out)
}

/// A pretalx API page of 1,000 submissions for the workspace's figures: the first 1,000
/// talks of the CC0 corpus (title, description; the first sentence as the abstract),
/// with invented codes, speakers (`Bench Speaker n`, `@example.org`), tracks and types.
pub fn thousand_submissions() -> Result<String, String> {
    let path = root().join("tests/fixtures/corpus/pycon-us-talks.json");
    let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let talks: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let tracks = ["Web", "Data", "Core", "Education", "Testing"];
    let results: Vec<Value> = talks
        .iter()
        .cycle()
        .take(1000)
        .enumerate()
        .map(|(n, talk)| {
            let description = talk["description"].as_str().unwrap_or("");
            let first = description.split(". ").next().unwrap_or("");
            serde_json::json!({
                "code": format!("B{n:04}"),
                "title": talk["title"],
                "abstract": first,
                "description": description,
                "notes": "",
                "duration": 30,
                "submission_type": { "en": if n % 7 == 0 { "Tutorial" } else { "Talk" } },
                "track": { "en": tracks[n % tracks.len()] },
                "tags": [],
                "state": "submitted",
                "speakers": [{
                    "code": format!("S{n:04}"),
                    "name": format!("Bench Speaker {n}"),
                    "email": format!("speaker{n}@example.org"),
                    "biography": "Writes Python for a living."
                }]
            })
        })
        .collect();
    serde_json::to_string(&serde_json::json!({
        "count": results.len(),
        "next": null,
        "previous": null,
        "results": results,
    }))
    .map_err(|e| e.to_string())
}

/// `cargo xtask bench-browser [--startup-only | --workspace-only]`: `--startup-only`
/// measures the cold start-ups and their breakdown, and stops there; `--workspace-only`
/// measures only the workspace's figures (import, list, open) on the preview site.
pub fn run_bench(args: &[String]) -> Result<(), String> {
    let (startup_only, workspace_only) = match args {
        [] => (false, false),
        [flag] if flag == "--startup-only" => (true, false),
        [flag] if flag == "--workspace-only" => (false, true),
        _ => {
            return Err(
                "usage: cargo xtask bench-browser [--startup-only | --workspace-only]".into(),
            )
        }
    };
    tools::ensure_chromium()?;
    // The workspace (issue 18) is built only in the preview site: its figures are
    // measured there, with a 1,000-proposal pretalx export.
    let submissions = root().join("target/bench-pretalx-1000.json");
    let preview = if startup_only {
        None
    } else {
        fs::write(&submissions, thousand_submissions()?).map_err(|e| e.to_string())?;
        Some(server::Server::start(&site::preview()?, 0)?)
    };
    let workspace_env = preview.iter().flat_map(|p| {
        [
            ("PREVIEW_URL", p.url()),
            ("BENCH_IMPORT_1000", submissions.display().to_string()),
        ]
    });
    if workspace_only {
        let preview = preview.as_ref().ok_or("no preview site")?;
        return run_browser_bin(
            "bench-browser",
            preview,
            &workspace_env
                .chain([("BENCH_WORKSPACE_ONLY", "1".to_string())])
                .collect::<Vec<_>>(),
        );
    }
    let dist = site::dist()?;
    let bundle = site::print_sizes_quiet(&dist)?;
    let first_view = site::brotli_total(&dist, &site::FIRST_VIEW)?;
    let dist = if std::env::var("BENCH_PROFILE").is_ok() {
        profile_site(&dist)?
    } else {
        dist
    };
    // The stock page after the other: both builds write the same wasm, which each copies
    // out before the next.
    let baseline_to_the_end = server::Server::start(&baseline_site(true)?, 0)?;
    let baseline = baseline_site(false)?;
    let baseline_bytes = site::brotli_total(
        &baseline,
        &[
            "index.html",
            "boot.js",
            "talkback_baseline.js",
            "talkback_baseline_bg.wasm",
        ],
    )?;
    let baseline_site = server::Server::start(&baseline, 0)?;
    let proposal = root().join("target/bench-proposal-10kb.md");
    fs::write(&proposal, ten_kb_proposal()?).map_err(|e| e.to_string())?;
    let site = server::Server::start(&dist, 0)?;
    let links = root().join("target/bench-committee-50.txt");
    let pastes = (0..COMMITTEE_PASTES)
        .map(|paste| fifty_links(&site.url(), paste))
        .collect::<Result<Vec<_>, _>>()?;
    fs::write(&links, pastes.join("\n\u{c}\n")).map_err(|e| e.to_string())?;
    let links_2000 = root().join("target/bench-committee-2000.txt");
    fs::write(&links_2000, two_thousand_links(&site.url())?).map_err(|e| e.to_string())?;
    run_browser_bin(
        "bench-browser",
        &site,
        &[
            ("BUNDLE_BROTLI_BYTES", bundle.to_string()),
            ("FIRST_VIEW_BROTLI_BYTES", first_view.to_string()),
            ("BASELINE_BROTLI_BYTES", baseline_bytes.to_string()),
            ("BASELINE_URL", baseline_site.url()),
            ("BASELINE_TO_THE_END_URL", baseline_to_the_end.url()),
            ("BENCH_LINKS", links.display().to_string()),
            ("BENCH_LINKS_2000", links_2000.display().to_string()),
            ("BENCH_PROPOSAL", proposal.display().to_string()),
        ]
        .into_iter()
        .chain(startup_only.then(|| ("BENCH_STARTUP_ONLY", "1".to_string())))
        .chain(workspace_env)
        .collect::<Vec<_>>(),
    )
}

/// `cargo xtask screenshots`: pictures of each view for the README, into `docs/screenshots/`.
pub fn screenshots() -> Result<(), String> {
    tools::ensure_chromium()?;
    let dist = site::dist()?;
    let site = server::Server::start(&dist, 0)?;
    let out = root().join("docs/screenshots").display().to_string();
    run_browser_bin("screenshots", &site, &[("SCREENSHOTS_DIR", out)])
}
