//! Building the static site into `dist/` and measuring it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, SystemTime};

use crate::root;
use crate::tools::{self, cargo, run, WASM_TARGET};

/// This release's size ceiling: `dist/` without the one-file build, brotli (360 KiB).
pub const CEILING: usize = 360 * 1024;

/// Builds the release site into `dist/` (with `wasm-opt -Oz` when it can be had) and prints
/// the size table. Returns the folder.
///
/// # Errors
/// When a step fails, or the site is over [`CEILING`] (it must not be released so).
pub fn dist() -> Result<PathBuf, String> {
    let dist = build()?;
    let total = print_sizes(&dist)?;
    if total > CEILING {
        return Err(format!(
            "dist/ is {total} B brotli, over this release's ceiling of {CEILING} B (360 KiB)"
        ));
    }
    Ok(dist)
}

/// The app's cargo features that are built and tested but not released (on top of the
/// released defaults, mentoring among them): what they add does not fit this release's
/// size ceiling yet (docs/size.md, "Built, tested, not released").
pub const PREVIEW_FEATURES: &str = "workspace";

/// Builds the preview site — the release site with [`PREVIEW_FEATURES`] — into
/// `target/preview-site/` (not `dist/`: it is not released), prints its size and returns
/// the folder.
pub fn preview() -> Result<PathBuf, String> {
    let out = preview_site()?;
    let total = print_sizes_quiet(&out)?;
    println!("preview site (not released, with {PREVIEW_FEATURES}): {total} B brotli");
    Ok(out)
}

/// `cargo xtask dist --features LIST`: the site with `LIST` on top of the defaults, into
/// `target/site-LIST/` (not `dist/`), and its brotli total — what one feature would cost
/// if it shipped alone; returns the folder.
pub fn with_features(features: &str) -> Result<PathBuf, String> {
    let out = root().join(format!("target/site-{}", features.replace(',', "+")));
    build_site(&out, Some(features))?;
    let total = print_sizes_quiet(&out)?;
    println!(
        "site with {features}: {total} B brotli (in {})",
        out.display()
    );
    Ok(out)
}

fn preview_site() -> Result<PathBuf, String> {
    let out = root().join("target/preview-site");
    build_site(&out, Some(PREVIEW_FEATURES))?;
    Ok(out)
}

fn build() -> Result<PathBuf, String> {
    let dist = root().join("dist");
    build_site(&dist, None)?;
    Ok(dist)
}

/// The site into `dist`, with `features` on top of the defaults; the one-file build only
/// for the released site (no features added).
fn build_site(dist: &Path, features: Option<&str>) -> Result<(), String> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    let root = root();
    let mut build = cargo();
    build.args([
        "build",
        "--release",
        "--package",
        "talkback",
        "--bin",
        "talkback",
        "--target",
        WASM_TARGET,
    ]);
    if let Some(features) = features {
        build.args(["--features", features]);
    }
    run(&mut build)?;
    if dist.exists() {
        fs::remove_dir_all(dist).map_err(|e| format!("cannot clear dist/: {e}"))?;
    }
    fs::create_dir_all(dist).map_err(|e| e.to_string())?;
    let wasm = root.join(format!("target/{WASM_TARGET}/release/talkback.wasm"));
    run(Command::new("wasm-bindgen").args([
        "--target",
        "web",
        "--no-typescript",
        "--out-dir",
        dist.to_str().ok_or("non-UTF-8 path")?,
        wasm.to_str().ok_or("non-UTF-8 path")?,
    ]))?;
    optimise(&dist.join("talkback_bg.wasm"))?;
    minify_glue(&dist.join("talkback.js"))?;
    crate::imports::shorten(&dist.join("talkback_bg.wasm"), &dist.join("talkback.js"))?;
    copy(&root.join("index.html"), &dist.join("index.html"))?;
    for path in files_in(&root.join("static"))? {
        let name = path.file_name().ok_or("bad file name")?;
        copy(&path, &dist.join(name))?;
        // The boot script and the worker: their comments are for the people editing them.
        if path.extension().is_some_and(|e| e == "js") {
            minify_glue(&dist.join(name))?;
        }
    }
    // One stylesheet for the page: the files of styles/, joined in name order.
    let mut css = String::new();
    for path in files_in(&root.join("styles"))? {
        if path.extension().is_some_and(|e| e == "css") {
            css.push_str(&fs::read_to_string(&path).map_err(|e| e.to_string())?);
            css.push('\n');
        }
    }
    // Minified: 19.4 KB → 14.9 KB raw (comments and layout are for the people editing styles/).
    let css = crate::css::minify(&css);
    fs::write(dist.join("app.css"), &css).map_err(|e| e.to_string())?;
    if features.is_none() {
        single_file(&wasm, &css, &dist.join(SINGLE_FILE))?;
    }
    Ok(())
}

/// The one-file build's name inside `dist/`.
pub const SINGLE_FILE: &str = "talkback.html";

/// `wasm-opt -Oz` in place, when it can be had.
pub fn optimise(wasm: &Path) -> Result<(), String> {
    wasm_opt(wasm, wasm, &["--strip-debug", "--strip-producers"])
}

/// `wasm-opt -Oz` of `input` into `out`, with the wasm features wasm-bindgen's output uses
/// and `extra`; a copy when there is no wasm-opt.
///
/// `--low-memory-unused` lets binaryen fold a constant added to an address into the
/// load's or store's offset (−1.8 KB brotli): an address computed that way could only
/// differ from the folded one below 1 KiB, and Rust's wasm32 layout keeps nothing there
/// (the stack comes first, from 1 MiB down, the data after it: only the last KiB of a
/// full stack, one step from overflowing, is that low). [`check_low_memory`] checks the
/// data segments in every build. `--reorder-functions-by-name` (−2.6 KB
/// brotli) only changes the order of the functions in the file.
pub fn wasm_opt(input: &Path, out: &Path, extra: &[&str]) -> Result<(), String> {
    let Some(wasm_opt) = tools::ensure_wasm_opt() else {
        println!("(no npm here: skipping wasm-opt; the site works, only larger)");
        if input != out {
            fs::copy(input, out).map_err(|e| e.to_string())?;
        }
        return Ok(());
    };
    check_low_memory(input)?;
    run(Command::new(wasm_opt)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "--low-memory-unused",
            // After -Oz (whose own order puts the most-called first): functions by name,
            // so a generic's copies and a module's functions sit together for brotli.
            "--reorder-functions-by-name",
        ])
        .args(extra)
        .arg("-o")
        .arg(out)
        .arg(input))
}

/// Checks what `--low-memory-unused` assumes of `wasm`: every data segment placed at
/// 1 KiB or above (an offset that is not an `i32.const` fails the check too).
fn check_low_memory(wasm: &Path) -> Result<(), String> {
    let bytes = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let fail = |why: &str| Err(format!("{}: {why}", wasm.display()));
    let mut at = 8;
    let leb = |at: &mut usize| -> Option<u64> {
        let mut value = 0_u64;
        for shift in (0..64).step_by(7) {
            let byte = *bytes.get(*at)?;
            *at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    };
    while let Some(&id) = bytes.get(at) {
        at += 1;
        let Some(size) = leb(&mut at).and_then(|s| usize::try_from(s).ok()) else {
            return fail("unreadable section");
        };
        if id == 11 {
            let mut p = at;
            let count = leb(&mut p).unwrap_or(0);
            for _ in 0..count {
                // Active, memory 0, `i32.const OFFSET end` (a signed LEB: a small one
                // has no sign bit set).
                let (Some(0), Some(0x41)) = (leb(&mut p), bytes.get(p).copied()) else {
                    return fail("a data segment not placed by an i32.const");
                };
                p += 1;
                let offset = leb(&mut p).unwrap_or(0);
                if offset < 1024 || bytes.get(p) != Some(&0x0b) {
                    return fail("data below 1 KiB: wasm-opt's --low-memory-unused would break it");
                }
                p += 1;
                p += leb(&mut p)
                    .and_then(|l| usize::try_from(l).ok())
                    .unwrap_or(0);
            }
        }
        at += size;
    }
    Ok(())
}

/// The wasm-bindgen glue (an ES module) minified in place with terser, when it can be had:
/// 52.8 KB → 23.8 KB raw, 7,786 → 6,014 B brotli. Export names are kept (the boot script
/// and the decoding worker import them). The one-file build keeps its glue as written.
pub fn minify_glue(js: &Path) -> Result<(), String> {
    let Some(terser) = tools::ensure_terser() else {
        println!("(no npm here: skipping terser; the site works, only larger)");
        return Ok(());
    };
    run(Command::new(terser)
        .arg(js)
        .args(["--module", "--compress", "--mangle", "-o"])
        .arg(js))
}

/// Writes one self-contained HTML file: the stylesheet, the wasm-bindgen glue (the
/// `no-modules` flavour, which works from `file://`) and the wasm as base64 inlined, with
/// a CSP that allows exactly those inline blocks by hash. Share links made from it point
/// at `TALKBACK_BASE_URL` (set at build time), so they open for someone else.
fn single_file(wasm: &Path, css: &str, out: &Path) -> Result<(), String> {
    use base64::Engine as _;
    use sha2::Digest as _;

    let work = root().join("target/single-file");
    if work.exists() {
        fs::remove_dir_all(&work).map_err(|e| e.to_string())?;
    }
    run(Command::new("wasm-bindgen")
        .args(["--target", "no-modules", "--no-typescript", "--out-dir"])
        .arg(&work)
        .arg(wasm))?;
    let bg = work.join("talkback_bg.wasm");
    optimise(&bg)?;
    let glue = fs::read_to_string(work.join("talkback.js")).map_err(|e| e.to_string())?;
    let bytes = fs::read(&bg).map_err(|e| e.to_string())?;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    let boot = format!(
        "wasm_bindgen.initSync({{ module: Uint8Array.from(atob(\"{b64}\"), (c) => c.charCodeAt(0)) }});"
    );
    for (what, text) in [("glue", &glue), ("stylesheet", &css.to_string())] {
        if text.contains("</script") || text.contains("</style") {
            return Err(format!(
                "the {what} contains a closing tag: cannot inline it"
            ));
        }
    }
    let hash = |text: &str| {
        let digest = sha2::Sha256::digest(text.as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    let base_url = std::env::var("TALKBACK_BASE_URL").unwrap_or_default();
    if base_url.contains(['"', '<', '>', '&']) {
        return Err("TALKBACK_BASE_URL must be a plain URL".into());
    }
    let csp = format!(
        "default-src 'none'; script-src {} {} 'wasm-unsafe-eval'; style-src {}; img-src data:; \
         base-uri 'none'; form-action 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'",
        hash(&glue),
        hash(&boot),
        hash(css)
    );
    let template = fs::read_to_string(root().join("index.html")).map_err(|e| e.to_string())?;
    let mut html =
        String::with_capacity(glue.len() + boot.len() + css.len() + template.len() + 512);
    for line in template.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("<meta http-equiv=\"Content-Security-Policy\"") {
            html.push_str(&format!(
                "  <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
            ));
            html.push_str(&format!(
                "  <meta name=\"talkback-base-url\" content=\"{base_url}\">\n"
            ));
        } else if trimmed.starts_with("<link rel=\"stylesheet\"") {
            html.push_str(&format!("  <style>{css}</style>\n"));
        } else if trimmed.starts_with("<link rel=\"modulepreload\"")
            || trimmed.starts_with("<link rel=\"preload\"")
        {
            // Nothing to fetch.
        } else if trimmed.starts_with("<script type=\"module\"") {
            // Scripts go at the end of <body>: in <head> the app would find no body.
            html.push_str(&format!(
                "  <script>{glue}</script>\n  <script>{boot}</script>\n"
            ));
        } else {
            html.push_str(line);
            html.push('\n');
        }
    }
    fs::write(out, html).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// The files (not folders) directly in `dir`, sorted by name.
fn files_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {}: {e}", from.display()))
}

/// Raw, gzip -9 and brotli -q11 sizes of one file's bytes.
pub fn compressed_sizes(bytes: &[u8]) -> (usize, usize, usize) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    let gzip = gz.finish().expect("writing to memory").len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("writing to memory");
    (bytes.len(), gzip, br.len())
}

/// The files the first view fetches before it is interactive: the page, its stylesheet,
/// the boot script, the wasm-bindgen glue and the wasm. Not the committee's worker script
/// (fetched when that view opens) nor the one-file build.
pub const FIRST_VIEW: [&str; 5] = [
    "index.html",
    "app.css",
    "boot.js",
    "talkback.js",
    "talkback_bg.wasm",
];

/// The brotli total of the files in `names`, inside `dir`.
pub fn brotli_total(dir: &Path, names: &[&str]) -> Result<usize, String> {
    let mut total = 0;
    for name in names {
        let path = dir.join(name);
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        total += compressed_sizes(&bytes).2;
    }
    Ok(total)
}

/// The brotli total of every file in `dist/`, without printing.
pub fn print_sizes_quiet(dist: &Path) -> Result<usize, String> {
    let mut total = 0;
    for path in files_in(dist)? {
        if path.file_name().is_some_and(|n| n == SINGLE_FILE) {
            continue;
        }
        total += compressed_sizes(&fs::read(&path).map_err(|e| e.to_string())?).2;
    }
    Ok(total)
}

/// Prints the table of sizes of every file in `dist/` and returns the brotli total.
pub fn print_sizes(dist: &Path) -> Result<usize, String> {
    let files = files_in(dist)?;
    println!(
        "\n{:<28} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    let mut total = (0, 0, 0);
    let mut single = None;
    for path in &files {
        if path.file_name().is_some_and(|n| n == SINGLE_FILE) {
            single = Some(path);
            continue;
        }
        let bytes = fs::read(path).map_err(|e| e.to_string())?;
        let (raw, gz, br) = compressed_sizes(&bytes);
        total = (total.0 + raw, total.1 + gz, total.2 + br);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name:<28} {raw:>10} {gz:>10} {br:>10}");
    }
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "total", total.0, total.1, total.2
    );
    println!(
        "ceiling: 360 KiB brotli for dist/ without the one-file build ({:.1} KiB used)",
        total.2 as f64 / 1024.0
    );
    if let Some(path) = single {
        let (raw, gz, br) = compressed_sizes(&fs::read(path).map_err(|e| e.to_string())?);
        println!("one-file build, works offline from file:// (not in the total above):");
        println!("{SINGLE_FILE:<28} {raw:>10} {gz:>10} {br:>10}");
    }
    Ok(total.2)
}

/// `cargo xtask sizes FILE…`: raw, gzip and brotli bytes of each file, as the size table
/// counts them (for trying a wasm-opt flag or a profile setting on one file).
pub fn print_file_sizes(files: &[String]) -> Result<(), String> {
    if files.is_empty() {
        return Err("usage: cargo xtask sizes FILE…".into());
    }
    println!("{:>10} {:>10} {:>10}  file", "raw", "gzip", "brotli");
    for file in files {
        let bytes = fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let (raw, gz, br) = compressed_sizes(&bytes);
        println!("{raw:>10} {gz:>10} {br:>10}  {file}");
    }
    Ok(())
}

/// Polls the sources once a second and rebuilds `dist/` when one changed. Never returns.
pub fn watch_and_rebuild(preview: bool) -> ! {
    let mut last = newest_source();
    loop {
        thread::sleep(Duration::from_secs(1));
        let now = newest_source();
        if now > last {
            last = now;
            println!("\nChange seen: rebuilding…");
            let built = if preview { preview_site() } else { build() };
            match built {
                Ok(_) => println!("Rebuilt. Reload the page."),
                Err(e) => eprintln!("Rebuild failed: {e}"),
            }
        }
    }
}

fn newest_source() -> SystemTime {
    let root = root();
    let mut newest = SystemTime::UNIX_EPOCH;
    let mut stack = vec![
        root.join("src"),
        root.join("crates"),
        root.join("styles"),
        root.join("static"),
        root.join("index.html"),
    ];
    while let Some(path) = stack.pop() {
        if let Ok(meta) = fs::metadata(&path) {
            if meta.is_dir() {
                if let Ok(entries) = fs::read_dir(&path) {
                    stack.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
                }
            } else if let Ok(modified) = meta.modified() {
                newest = newest.max(modified);
            }
        }
    }
    newest
}

#[cfg(test)]
mod tests {
    use super::check_low_memory;

    /// A module with one data segment at `offset` (a one-byte LEB).
    fn module_with_data_at(offset: u8) -> std::path::PathBuf {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Section 11: one active segment, `i32.const offset end`, one byte.
        wasm.extend([11, 7, 1, 0, 0x41, offset, 0x0b, 1, 42]);
        let path = std::env::temp_dir().join(format!("xtask-low-memory-{offset}.wasm"));
        std::fs::write(&path, wasm).unwrap();
        path
    }

    #[test]
    fn data_in_the_low_kib_fails_the_check() {
        assert!(check_low_memory(&module_with_data_at(16)).is_err());
    }

    #[test]
    fn data_from_one_kib_passes() {
        // 1024 as a signed LEB is two bytes: write it by hand.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([11, 8, 1, 0, 0x41, 0x80, 0x08, 0x0b, 1, 42]);
        let path = std::env::temp_dir().join("xtask-low-memory-1024.wasm");
        std::fs::write(&path, wasm).unwrap();
        assert_eq!(check_low_memory(&path), Ok(()));
    }
}
