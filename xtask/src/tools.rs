//! Installing what the commands need, and `cargo xtask test`.

use std::env;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::{root, server, site};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Runs a command in the repository root, echoing it; an error if it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    println!("$ {}", describe(cmd));
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The wasm32 target, added with rustup when missing.
pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("Installing the {WASM_TARGET} target with rustup…");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The version of wasm-bindgen that `Cargo.lock` pins.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen".into())
}

/// `wasm-bindgen` and `wasm-bindgen-test-runner` of the locked version, installed with
/// `cargo install` when missing (without `--locked`: the CLI's own lock file pins a crate
/// version the registry here does not have).
pub fn ensure_wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen_version()?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) && runner.contains(&want) {
        return Ok(());
    }
    println!("Installing wasm-bindgen-cli {want} (matches Cargo.lock; takes about two minutes)…");
    run(cargo().args(["install", "wasm-bindgen-cli", "--version", &want]))
}

/// Chromium and ChromeDriver from Debian's packages, installed with apt-get when missing.
pub fn ensure_chromium() -> Result<(), String> {
    if which("chromium").is_some() && which("chromedriver").is_some() {
        return Ok(());
    }
    if which("apt-get").is_none() {
        return Err(
            "Chromium and ChromeDriver are missing and there is no apt-get: \
                    install chromium and chromedriver, then run again"
                .into(),
        );
    }
    println!("Installing Chromium and ChromeDriver from Debian's packages (about 30 s)…");
    let sudo = output("id", &["-u"]).is_some_and(|u| u.trim() != "0");
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update", "-q"]))?;
    run(&mut apt(&[
        "install",
        "-y",
        "-q",
        "chromium",
        "chromium-driver",
    ]))
}

/// npm's binaryen `wasm-opt` (version 132 reads wasm-bindgen's output; Debian's does not),
/// installed into `.tools/` when npm exists. `None` when it cannot be had.
pub fn ensure_wasm_opt() -> Option<PathBuf> {
    let tools = root().join(".tools");
    let bin = tools.join("node_modules/.bin/wasm-opt");
    npm_install(&tools, "binaryen@132", bin).ok()
}

/// The terser version `dist` minifies the wasm-bindgen glue with (pinned: a new version
/// may write different bytes).
const TERSER: &str = "terser@5.51.4";

/// npm's `terser`, installed into `.tools/<name@version>/` when npm exists. `None` when
/// it cannot be had (the site then ships the glue as wasm-bindgen wrote it).
pub fn ensure_terser() -> Option<PathBuf> {
    let prefix = root().join(".tools").join(TERSER);
    let bin = prefix.join("node_modules/.bin/terser");
    npm_install(&prefix, TERSER, bin).ok()
}

/// The axe-core version the accessibility tests audit with (pinned: a new version brings
/// new rules, which should arrive in a commit of their own).
const AXE_CORE: &str = "axe-core@4.14.1";

/// npm's `axe-core` (the accessibility engine the end-to-end suite injects into each view),
/// installed into `.tools/<name@version>/` so it never disturbs binaryen's folder. An error
/// when it cannot be had: the accessibility tests would otherwise fail less clearly.
pub fn ensure_axe_core() -> Result<PathBuf, String> {
    let prefix = root().join(".tools").join(AXE_CORE);
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    npm_install(&prefix, AXE_CORE, script)
        .map_err(|e| format!("the accessibility tests need {AXE_CORE}: {e}"))
}

/// `wanted`, a file that npm's `package` provides, installing the package into `prefix`
/// first (quietly) when the file is not there yet.
fn npm_install(prefix: &Path, package: &str, wanted: PathBuf) -> Result<PathBuf, String> {
    if wanted.is_file() {
        return Ok(wanted);
    }
    if which("npm").is_none() {
        return Err("there is no npm: install Node.js and npm, then run again".into());
    }
    println!("Installing {package} (npm) into {}…", prefix.display());
    fs::create_dir_all(prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    let prefix_arg = prefix.to_str().ok_or("the .tools path is not UTF-8")?;
    run(Command::new("npm").args([
        "install",
        "--silent",
        "--no-audit",
        "--no-fund",
        "--prefix",
        prefix_arg,
        package,
    ]))?;
    if wanted.is_file() {
        Ok(wanted)
    } else {
        Err(format!(
            "npm installed {package} but {} is missing",
            wanted.display()
        ))
    }
}

pub fn which(program: &str) -> Option<PathBuf> {
    env::var_os("PATH").and_then(|paths| {
        env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

/// A free loopback port.
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// ChromeDriver on a free loopback port; killed when dropped.
pub struct ChromeDriver {
    child: Child,
    pub url: String,
}

impl ChromeDriver {
    pub fn start() -> Result<Self, String> {
        let port = free_port()?;
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err("chromedriver did not start listening within 20 s".into());
            }
            thread::sleep(Duration::from_millis(50));
        }
        Ok(Self { child, url })
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `cargo xtask test`: every check and test, in the order CI runs them.
pub fn run_all_tests() -> Result<(), String> {
    let started = Instant::now();
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_chromium()?;

    step("format", || run(cargo().args(["fmt", "--all", "--check"])))?;
    step("the core crate is pure", check_core_is_pure)?;
    step("clippy (host)", || {
        run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            // The preview features too: their code is kept checked though not released.
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("clippy (wasm32)", || {
        run(cargo().args([
            "clippy",
            "--package",
            "talkback",
            "--package",
            "talkback-core",
            "--all-targets",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("native unit, doc and SSR tests", || {
        run(cargo().args(["test", "--workspace", "--exclude", "talkback-e2e"]))?;
        // The app again with the preview features (workspace, mentoring): built and
        // tested, not released yet (docs/size.md). Only the app has features; the other
        // crates' tests would only run a second time.
        run(cargo().args(["test", "--package", "talkback", "--all-features"]))
    })?;
    step("docs", || {
        run(cargo()
            .args([
                "doc",
                "--no-deps",
                "--package",
                "talkback",
                "--package",
                "talkback-core",
            ])
            .env("RUSTDOCFLAGS", "-D warnings"))
    })?;
    step(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        || {
            run(cargo()
                .args(["test", "--package", "talkback", "--target", WASM_TARGET])
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
                .env("WASM_BINDGEN_USE_BROWSER", "1"))
        },
    )?;
    let dist = step("release site", site::dist)?;
    step("end-to-end (WebDriver against dist/)", || {
        run_e2e(&dist, &[])
    })?;
    let preview = step("preview site (features not released yet)", site::preview)?;
    step("end-to-end of the preview features", || {
        run_e2e(&preview, &preview_e2e_args())
    })?;
    println!(
        "\nAll checks and tests passed in {:.0?}.",
        started.elapsed()
    );
    Ok(())
}

/// The crates the core must never depend on: it is tested natively and shared by the page,
/// the worker and the benchmarks.
const WEB_CRATES: [&str; 5] = ["yew", "web-sys", "js-sys", "gloo", "wasm-bindgen"];

/// Fails when `talkback-core`'s normal dependency tree reaches a web crate.
fn check_core_is_pure() -> Result<(), String> {
    let out = cargo()
        .args([
            "tree",
            "--package",
            "talkback-core",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output()
        .map_err(|e| format!("cargo tree: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let tree = String::from_utf8_lossy(&out.stdout);
    let found: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| {
            WEB_CRATES
                .iter()
                .any(|web| name == web || name.starts_with(&format!("{web}-")))
        })
        .collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "talkback-core depends on web crates: {}",
            found.join(", ")
        ))
    }
}

/// The e2e suites that need the preview features (`required-features` in their manifest).
pub fn preview_e2e_args() -> Vec<String> {
    [
        "--features",
        "preview",
        "--test",
        "workspace",
        "--test",
        "mentoring",
    ]
    .map(String::from)
    .to_vec()
}

/// Runs the end-to-end suite against `dist/`; `filter` (cargo test's own arguments, e.g.
/// `--test committee` or a test-name substring) narrows it.
pub fn run_e2e(dist: &Path, filter: &[String]) -> Result<(), String> {
    ensure_chromium()?;
    let axe = ensure_axe_core()?;
    let site = server::Server::start(dist, 0)?;
    let driver = ChromeDriver::start()?;
    run(cargo()
        .args(["test", "--package", "talkback-e2e"])
        .args(filter)
        .args(["--", "--test-threads=1"])
        .env("TALKBACK_URL", site.url())
        .env("TALKBACK_DIST", dist)
        .env("AXE_CORE_JS", axe)
        .env("WEBDRIVER_URL", &driver.url))
}

fn step<T>(name: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    println!("\n=== {name} ===");
    let started = Instant::now();
    let result = f();
    println!(
        "=== {name}: {} in {:.1?} ===",
        if result.is_ok() { "ok" } else { "FAILED" },
        started.elapsed()
    );
    result
}
