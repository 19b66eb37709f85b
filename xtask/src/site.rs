//! Building the static site into `dist/` and measuring it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, SystemTime};

use crate::root;
use crate::tools::{self, cargo, run, WASM_TARGET};

/// Builds the release site into `dist/` (with `wasm-opt -Oz` when it can be had) and prints
/// the size table. Returns the folder.
pub fn dist() -> Result<PathBuf, String> {
    let dist = build()?;
    print_sizes(&dist)?;
    Ok(dist)
}

fn build() -> Result<PathBuf, String> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    let root = root();
    let dist = root.join("dist");
    run(cargo().args([
        "build",
        "--release",
        "--package",
        "talkback",
        "--bin",
        "talkback",
        "--target",
        WASM_TARGET,
    ]))?;
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear dist/: {e}"))?;
    }
    fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    let wasm = root.join(format!("target/{WASM_TARGET}/release/talkback.wasm"));
    run(Command::new("wasm-bindgen").args([
        "--target",
        "web",
        "--no-typescript",
        "--out-dir",
        dist.to_str().ok_or("non-UTF-8 path")?,
        wasm.to_str().ok_or("non-UTF-8 path")?,
    ]))?;
    let bg = dist.join("talkback_bg.wasm");
    match tools::ensure_wasm_opt() {
        Some(wasm_opt) => run(Command::new(wasm_opt)
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
                "--strip-debug",
                "--strip-producers",
                "-o",
            ])
            .arg(&bg)
            .arg(&bg))?,
        None => println!("(no npm here: skipping wasm-opt; the site works, only larger)"),
    }
    copy(&root.join("index.html"), &dist.join("index.html"))?;
    for path in files_in(&root.join("static"))? {
        let name = path.file_name().ok_or("bad file name")?;
        copy(&path, &dist.join(name))?;
    }
    // One stylesheet for the page: the files of styles/, joined in name order.
    let mut css = String::new();
    for path in files_in(&root.join("styles"))? {
        if path.extension().is_some_and(|e| e == "css") {
            css.push_str(&fs::read_to_string(&path).map_err(|e| e.to_string())?);
            css.push('\n');
        }
    }
    fs::write(dist.join("app.css"), css).map_err(|e| e.to_string())?;
    Ok(dist)
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

/// The brotli total of every file in `dist/`, without printing.
pub fn print_sizes_quiet(dist: &Path) -> Result<usize, String> {
    let mut total = 0;
    for path in files_in(dist)? {
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
    for path in &files {
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
        "budget: 190 KB brotli for the whole app ({:.1} KB used)",
        total.2 as f64 / 1024.0
    );
    Ok(total.2)
}

/// Polls the sources once a second and rebuilds `dist/` when one changed. Never returns.
pub fn watch_and_rebuild() -> ! {
    let mut last = newest_source();
    loop {
        thread::sleep(Duration::from_secs(1));
        let now = newest_source();
        if now > last {
            last = now;
            println!("\nChange seen: rebuilding…");
            match build() {
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
