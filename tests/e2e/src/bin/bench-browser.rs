//! The browser benchmark behind `cargo xtask bench-browser`: start-up, typing and
//! committee figures measured in headless Chromium against the served release site.
//! It prints figures, not verdicts; its last line is one JSON object.
//!
//! Absolute times on these machines vary about 2× from run to run, so each figure that has
//! a floor is measured beside it, in the same run, alternating the two, and reported as a
//! ratio (median and p90 over the runs): start-up against a minimal Yew page that renders
//! the same Markdown with pulldown-cmark (`tests/baseline`), a feedback link opened cold
//! against the same page, and typing against a bare textbox holding the same text.
//! Beside the typing ratios: the same typing against a bare textbox of the app's textbox's
//! size and font, and the app with everything around its textbox hidden (what the page
//! drawn around the textbox costs each frame).
//!
//! Environment (set by xtask): `TALKBACK_URL`, `BASELINE_URL`, `WEBDRIVER_URL`,
//! `BUNDLE_BROTLI_BYTES`, `FIRST_VIEW_BROTLI_BYTES`, `BASELINE_BROTLI_BYTES`,
//! `BENCH_PROPOSAL` (the path of a 10 KB proposal), `BENCH_RUNS` (default 9).
//! Comparing two builds: `BASELINE_URL` set to the other build's site measures its review
//! page as the baseline; `BENCH_BASELINE_FEEDBACK` set, its feedback link instead.
//! `BENCH_COMPILED_DIR`: a directory for each page's list of the wasm functions its first
//! view compiles (`app.txt`, `baseline.txt`, `feedback.txt`: index and body bytes).
//! `BENCH_APP_CSS`: CSS added to the app's page before the typing figures, to try a style
//! change without a build (a `<style>` element would not do: the page's CSP blocks it).

// `json!` of the summary line nests past the default limit of 128.
#![recursion_limit = "256"]

use std::time::Duration;

use serde_json::{json, Value};
use talkback_e2e::fantoccini::{Client, Locator};
use talkback_e2e::{browser, open_app, open_committee, paste_proposal, site_url};

fn median_p90(mut xs: Vec<f64>) -> (f64, f64) {
    if xs.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    xs.sort_by(f64::total_cmp);
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9))
}

/// The machine's 1, 5 and 15 minute load averages (`/proc/loadavg`), printed beside the
/// figures: on a shared machine they say how much to trust them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The app's and the baseline's mark after their first render, and the feedback view's.
const INTERACTIVE: &str = "talkback-interactive";
const FEEDBACK_INTERACTIVE: &str = "talkback-feedback-interactive";

async fn interactive_ms(client: &fantoccini::Client) -> f64 {
    mark_ms(client, INTERACTIVE).await
}

/// When the page set the performance mark `name`, in ms from navigation start.
async fn mark_ms(client: &fantoccini::Client, name: &str) -> f64 {
    for _ in 0..200 {
        let v = client
            .execute(
                "const m = performance.getEntriesByName(arguments[0])[0]; return m ? m.startTime : null;",
                vec![json!(name)],
            )
            .await
            .unwrap_or(Value::Null);
        if let Some(ms) = v.as_f64() {
            return ms;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the page never set its {name} mark");
}

/// Start-up with an empty cache: a fresh browser profile opens `url`, and the time of the
/// page's `mark` is read, with the phases that led to it ([`PHASES`]).
async fn cold_start(url: &str, mark: &str) -> (f64, Vec<f64>) {
    let client = browser().await;
    talkback_e2e::cdp(&client, "Performance.enable", json!({})).await;
    talkback_e2e::cdp(
        &client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PAINTED_PROBE }),
    )
    .await;
    let profile = std::env::var("BENCH_PROFILE").is_ok();
    if profile {
        talkback_e2e::cdp(&client, "Profiler.enable", json!({})).await;
        talkback_e2e::cdp(
            &client,
            "Profiler.setSamplingInterval",
            json!({"interval": 100}),
        )
        .await;
        talkback_e2e::cdp(&client, "Profiler.start", json!({})).await;
    }
    client.goto(url).await.expect("navigate");
    let ms = mark_ms(&client, mark).await;
    // The boot script marks the end of start-up once `init` has returned.
    mark_ms(&client, "talkback-started").await;
    mark_ms(&client, "talkback-painted").await;
    if profile {
        let out = talkback_e2e::cdp(&client, "Profiler.stop", json!({})).await;
        print_profile(url, &out["profile"]);
    }
    let marks = client
        .execute(
            r"const at = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : NaN; };
              const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
              const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
              return [at('talkback-boot'), wasm ? wasm.startTime : NaN, wasm ? wasm.responseEnd : NaN,
                      at('talkback-compiled'), at('talkback-main'), at(arguments[0]),
                      at('talkback-started'), fcp ? fcp.startTime : NaN,
                      document.getElementsByTagName('*').length, at('talkback-painted'),
                      (performance.getEntriesByName('talkback-painted')[0] || {}).detail,
                      at('talkback-frame'),
                      performance.getEntriesByName('talkback-frame-before').length];",
            vec![json!(mark)],
        )
        .await
        .unwrap_or(Value::Null);
    let metrics = talkback_e2e::cdp(&client, "Performance.getMetrics", json!({})).await;
    client.close().await.ok();
    let m: Vec<f64> = marks
        .as_array()
        .map(|a| a.iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect())
        .unwrap_or_default();
    let metric = |name: &str| {
        metrics["metrics"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["name"] == name))
            .and_then(|e| e["value"].as_f64())
            .unwrap_or(f64::NAN)
    };
    let get = |i: usize| m.get(i).copied().unwrap_or(f64::NAN);
    let (boot, wasm_start, wasm_end, compiled, main, interactive, started, fcp, nodes) = (
        get(0),
        get(1),
        get(2),
        get(3),
        get(4),
        get(5),
        get(6),
        get(7),
        get(8),
    );
    let painted = get(9);
    let painted_nodes = get(10);
    let frame = get(11);
    let frames_before = get(12);
    let phases = vec![
        painted,
        painted - interactive,
        frame - interactive,
        painted - frame,
        boot,
        wasm_end - wasm_start,
        compiled - boot,
        main - compiled,
        interactive - main,
        started - interactive,
        frames_before,
        fcp,
        metric("ScriptDuration") * 1000.0,
        metric("V8CompileDuration") * 1000.0,
        metric("RecalcStyleDuration") * 1000.0,
        metric("LayoutDuration") * 1000.0,
        metric("TaskDuration") * 1000.0,
        metric("LayoutCount"),
        nodes,
        painted_nodes,
    ];
    (ms, phases)
}

/// ChromeDriver's performance log (`se/log`): with `perfLoggingPrefs.traceCategories` set
/// at the session's start, the browser's trace events, one a message.
#[derive(Debug)]
struct PerformanceLog;

impl talkback_e2e::fantoccini::wd::WebDriverCompatibleCommand for PerformanceLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "performance" }).to_string()),
        )
    }
}

/// The wasm functions V8 compiled lazily (on their first call, on the main thread) before
/// the page set `mark`, and their bodies' bytes, in a cold load of `url`: Chromium's trace
/// (`wasm.CompileLazy` before the mark's user-timing event, sizes from
/// `wasm.CompileBaseline`). Exact, and the same from run to run: what the first view runs,
/// measured without the machine's load in it (docs/performance.md, session 10).
async fn lazy_compiled(page: &str, url: &str, mark: &str) -> (f64, f64) {
    let webdriver = std::env::var("WEBDRIVER_URL").expect("WEBDRIVER_URL");
    let caps = json!({
        "goog:loggingPrefs": { "performance": "ALL" },
        "goog:chromeOptions": {
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-quic",
                     "--disable-extensions", "--window-size=1280,900"],
            "perfLoggingPrefs": {
                "enableNetwork": false,
                "enablePage": false,
                "traceCategories": "v8.wasm,disabled-by-default-v8.wasm.detailed,blink.user_timing"
            }
        }
    });
    let client = talkback_e2e::fantoccini::ClientBuilder::new(
        hyper_util::client::legacy::connect::HttpConnector::new(),
    )
    .capabilities(caps.as_object().cloned().unwrap_or_default())
    .connect(&webdriver)
    .await
    .expect("a traced Chromium session");
    client.goto(url).await.expect("navigate");
    mark_ms(&client, mark).await;
    let log = client
        .issue_cmd(PerformanceLog)
        .await
        .unwrap_or(Value::Null);
    client.close().await.ok();
    let events: Vec<Value> = log
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| serde_json::from_str::<Value>(entry["message"].as_str()?).ok())
        .filter(|m| m["message"]["method"] == "Tracing.dataCollected")
        .map(|m| m["message"]["params"].clone())
        .collect();
    let marked = events
        .iter()
        .filter(|e| e["name"] == mark)
        .filter_map(|e| e["ts"].as_f64())
        .fold(f64::INFINITY, f64::min);
    let sizes: std::collections::HashMap<i64, f64> = events
        .iter()
        .filter(|e| e["name"] == "wasm.CompileBaseline")
        .filter_map(|e| {
            Some((
                e["args"]["funcIndex"].as_i64()?,
                e["args"]["bodySize"].as_f64()?,
            ))
        })
        .collect();
    let compiled: Vec<i64> = events
        .iter()
        .filter(|e| e["name"] == "wasm.CompileLazy" && e["ts"].as_f64() <= Some(marked))
        .filter_map(|e| e["args"]["func_index"].as_i64())
        .collect();
    let bytes = compiled.iter().filter_map(|i| sizes.get(i)).sum::<f64>();
    // `BENCH_COMPILED_DIR` set: each page's list (function index, body bytes), to name
    // them from a `-g` build's name section (`BENCH_PROFILE` serves one).
    if let Ok(dir) = std::env::var("BENCH_COMPILED_DIR") {
        let list: String = compiled
            .iter()
            .map(|i| format!("{i} {}\n", sizes.get(i).copied().unwrap_or(0.0)))
            .collect();
        std::fs::write(std::path::Path::new(&dir).join(format!("{page}.txt")), list).ok();
    }
    (compiled.len() as f64, bytes)
}

/// The 30 functions with the most self time in a CPU profile (`BENCH_PROFILE` set), by
/// name; wasm functions are named when the wasm keeps its name section.
fn print_profile(url: &str, profile: &Value) {
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut name_of = std::collections::HashMap::new();
    for node in &nodes {
        let frame = &node["callFrame"];
        let url = frame["url"].as_str().unwrap_or("");
        let file = url.rsplit('/').next().unwrap_or("");
        name_of.insert(
            node["id"].as_i64().unwrap_or(-1),
            format!("{} ({file})", frame["functionName"].as_str().unwrap_or("")),
        );
    }
    let mut self_ms: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for (sample, delta) in samples.iter().zip(deltas.iter().skip(1).chain([&json!(0)])) {
        let name = name_of
            .get(&sample.as_i64().unwrap_or(-1))
            .cloned()
            .unwrap_or_default();
        *self_ms.entry(name).or_default() += delta.as_f64().unwrap_or(0.0) / 1000.0;
    }
    let mut top: Vec<(String, f64)> = self_ms.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = top.iter().map(|t| t.1).sum();
    println!("\nCPU profile of {url}: {total:.1} ms sampled; self time, top 30");
    for (name, ms) in top.iter().take(30) {
        println!("{ms:>8.2} ms  {name}");
    }
}

/// Put into every page the benchmark opens, before its own scripts: marks
/// `talkback-painted` when the first frame after the page's interactive mark has been
/// styled and laid out, and counts the elements in it (the mark's `detail`). The mark is
/// set by a `ResizeObserver` registered in that frame's `requestAnimationFrame`: the
/// browser calls it inside the same rendering step, after style and layout and just
/// before paint, so no task queued earlier (the app's deferred panels, a zero-delay
/// timeout set in its first effect) can run in between and be counted as the first view.
/// Both pages are timed this way, whether or not their own first render let the browser
/// paint before the mark. `talkback-frame` marks the start of that frame (its rAF).
const PAINTED_PROBE: &str = r"(() => {
  const marks = ['talkback-interactive', 'talkback-feedback-interactive'];
  const look = () => requestAnimationFrame(() => {
    const main = performance.getEntriesByName('talkback-main').length > 0;
    if (marks.some((n) => performance.getEntriesByName(n).length > 0)) {
      performance.mark('talkback-frame');
      const ro = new ResizeObserver(() => {
        ro.disconnect();
        performance.mark('talkback-painted', { detail: document.getElementsByTagName('*').length });
      });
      ro.observe(document.documentElement);
    } else {
      // A frame drawn after the Rust started and before the mark: Yew yielded to the
      // browser between a pass and its effects.
      if (main) performance.mark('talkback-frame-before');
      look();
    }
  });
  look();
})();";

/// What [`cold_start`] reports beside the interactive time, in this order; the first is
/// the painted time the second ratio is taken of.
const PHASES: [&str; 20] = [
    "interactive and painted (ms)",
    "interactive → its frame styled, laid out (ms)",
    "  interactive → that frame starts (rAF) (ms)",
    "  the frame's rAF → style, layout done (ms)",
    "navigation → boot script runs (ms)",
    "wasm download: request → last byte (ms)",
    "boot → wasm compiled (streaming) (ms)",
    "compiled → main (instantiate) (ms)",
    "main → interactive (Rust, first render) (ms)",
    "interactive → init returned (ms)",
    "frames drawn between main and interactive",
    "first contentful paint (ms)",
    "CDP ScriptDuration (ms)",
    "CDP V8CompileDuration (ms)",
    "CDP RecalcStyleDuration (ms)",
    "CDP LayoutDuration (ms)",
    "CDP TaskDuration (ms)",
    "CDP LayoutCount",
    "elements in the page",
    "  of which in the first painted frame",
];

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

fn median(xs: &[f64]) -> f64 {
    median_p90(xs.to_vec()).0
}

/// Types `keystrokes` characters into the middle of the `#proposal` textbox, each as its
/// own `input` event, and returns (input → DOM + one rAF, input → end of that frame, input →
/// end of the frame that drew the page's preview of it or -1) per keystroke after five for
/// warming up; a burst 40 ms apart.
async fn typing(client: &Client, keystrokes: usize) -> Vec<(f64, f64, f64)> {
    typing_warm(client, keystrokes, 5, BURST_MS).await
}

/// A typist's pause between keystrokes (about 80 words a minute), from the end of one
/// keystroke's frame to the next keystroke: the headline typing figures.
const TYPIST_MS: u32 = 150;
/// A burst: a held key repeating, or a paste of keystrokes (25 a second).
const BURST_MS: u32 = 40;

/// [`typing`] with `warm_up` keystrokes left out of the samples, each keystroke `gap_ms`
/// plus 0–16 ms after the last one's frame ended.
///
/// The extra 0–16 ms (the same sequence on every page) makes keystrokes land at every
/// point of the 16.7 ms frame clock. With a fixed pause, where a keystroke lands depends
/// on when the page's previous frame ended, so a page that finishes its frame a little
/// sooner or later than another typed at another phase: a keystroke just after a frame
/// began waits a whole frame more, and the medians moved by several ms between pages for
/// that alone (session 12). The pause matters too: Chromium draws an idle page's next
/// frame at once, but a page that drew a frame a few ms ago waits for the clock's next
/// tick, so a burst and a typist's pace measure different things.
async fn typing_warm(
    client: &Client,
    keystrokes: usize,
    warm_up: usize,
    gap_ms: u32,
) -> Vec<(f64, f64, f64)> {
    let samples = client
        .execute_async(
            r"const [n, gap, done] = arguments;
              const ta = document.getElementById('proposal');
              const at = Math.floor(ta.value.length / 2);
              const out = [];
              // The page caught up: the first change to its preview after the keystroke,
              // and the end of the frame that draws it (-1: none before the next one).
              const caught = [];
              const preview = document.querySelector('[aria-label=Preview]');
              let waiting = null;
              if (preview) new MutationObserver(() => {
                if (waiting === null) return;
                const [k, t] = waiting; waiting = null;
                requestAnimationFrame(() => {
                  const ch = new MessageChannel();
                  ch.port1.onmessage = () => { caught[k] = performance.now() - t; };
                  ch.port2.postMessage(0);
                });
              }).observe(preview, { childList: true, subtree: true, characterData: true });
              let i = 0;
              function step() {
                waiting = null;
                if (i === n) { done(out.map((s, k) => [s[0], s[1], caught[k] ?? -1])); return; }
                i++;
                const t0 = performance.now();
                ta.value = ta.value.slice(0, at) + (i % 12 === 0 ? ' ' : 'x') + ta.value.slice(at);
                ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'x' }));
                waiting = [i - 1, t0];
                requestAnimationFrame(() => {
                  const t1 = performance.now();
                  const ch = new MessageChannel();
                  ch.port1.onmessage = () => { out.push([t1 - t0, performance.now() - t0]); setTimeout(step, gap + (i * 7) % 17); };
                  ch.port2.postMessage(0);
                });
              }
              setTimeout(step, 200);",
            vec![json!(keystrokes), json!(gap_ms)],
        )
        .await
        .expect("typing benchmark");
    samples
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    Some((
                        p.get(0)?.as_f64()?,
                        p.get(1)?.as_f64()?,
                        p.get(2)?.as_f64()?,
                    ))
                })
                .skip(warm_up)
                .collect()
        })
        .unwrap_or_default()
}

/// Typing into the app and the bare textbox in turn, `runs` rounds of 10 keystrokes
/// each `gap_ms` apart, the order swapped every round: (the app's samples, the bare
/// textbox's, the rounds' keystroke ratios, their frame ratios).
async fn typing_rounds(app: &Client, bare: &Client, runs: usize, gap_ms: u32) -> TypingRounds {
    let mut out = TypingRounds::default();
    for round in 0..runs {
        let (a, b) = if round % 2 == 0 {
            let a = typing_warm(app, 12, 2, gap_ms).await;
            (a, typing_warm(bare, 12, 2, gap_ms).await)
        } else {
            let b = typing_warm(bare, 12, 2, gap_ms).await;
            (typing_warm(app, 12, 2, gap_ms).await, b)
        };
        let key = |xs: &[(f64, f64, f64)]| median(&xs.iter().map(|p| p.0).collect::<Vec<_>>());
        let frame = |xs: &[(f64, f64, f64)]| median(&xs.iter().map(|p| p.1).collect::<Vec<_>>());
        out.keystroke_ratios.push(ratio(key(&a), key(&b)));
        out.frame_ratios.push(ratio(frame(&a), frame(&b)));
        out.app.extend(a);
        out.bare.extend(b);
    }
    out
}

/// What [`typing_rounds`] measured.
#[derive(Default)]
struct TypingRounds {
    app: Vec<(f64, f64, f64)>,
    bare: Vec<(f64, f64, f64)>,
    keystroke_ratios: Vec<f64>,
    frame_ratios: Vec<f64>,
}

/// The same typing on a bare page: only a focused textbox holding the same text, whose
/// `input` handler writes one number into the page. What the browser alone costs when
/// measured this way (frame alignment, the textbox's own layout), to read the app's
/// figures against.
async fn bare_textbox(client: &Client, text: &str) {
    sized_bare_textbox(client, text, "").await;
}

/// The app's textbox's size, padding, border and font (its computed style, as CSS), for
/// a bare textbox that wraps the draft into the same lines.
async fn app_textbox_style(client: &Client) -> String {
    let css = client
        .execute(
            "const s = getComputedStyle(document.getElementById('proposal'));
             return ['width', 'height', 'padding', 'border', 'box-sizing', 'font-family', 'font-size', 'line-height']
               .map(p => p + ':' + s.getPropertyValue(p)).join(';');",
            vec![],
        )
        .await
        .expect("the app's textbox style");
    css.as_str().unwrap_or_default().to_owned()
}

/// [`bare_textbox`], its textbox styled with `css` (none: 80 columns, 30 rows).
async fn sized_bare_textbox(client: &Client, text: &str, css: &str) {
    client.goto("about:blank").await.expect("blank");
    client
        .execute(
            "const ta = document.createElement('textarea');
             ta.id = 'proposal'; ta.rows = 30; ta.cols = 80; ta.value = arguments[0];
             ta.style.cssText = arguments[1];
             const out = document.createElement('p');
             ta.addEventListener('input', () => { out.textContent = String(ta.value.length); });
             document.body.append(ta, out);
             ta.focus();",
            vec![json!(text), json!(css)],
        )
        .await
        .expect("a bare page");
    // The app's page was found by role, which turns Chromium's accessibility tree on in
    // it, and each keystroke then updates the tree: so here too. With it on in the app's
    // page alone, the frame ratio read ~0.2 higher (docs/performance.md, session 15).
    let area = client
        .find(Locator::Css("#proposal"))
        .await
        .expect("the bare textbox");
    talkback_e2e::enable_accessibility(client, &area).await;
}

/// Adds `css` to the app's page for the typing figures (`BENCH_APP_CSS`: trying a style
/// change without a build), as a constructable stylesheet, which the page's CSP allows.
async fn adopt_css(client: &Client, css: &str) {
    client
        .execute(
            "const sheet = new CSSStyleSheet();
             sheet.replaceSync(arguments[0]);
             document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
             return sheet.cssRules.length;",
            vec![json!(css)],
        )
        .await
        .expect("adopt BENCH_APP_CSS");
}

/// Shows or hides everything on the review page but the `Proposal` textbox (its heading
/// bar, hint, detected fields, preview and review panel), with a constructable stylesheet:
/// the page's CSP blocks a `<style>` element, so one added to the page would silently not
/// apply. Panics if the page around the textbox is not as asked.
async fn show_around_textbox(client: &Client, show: bool) {
    let display = client
        .execute(
            "const hiding = window.benchHidingAround || new CSSStyleSheet();
             window.benchHidingAround = hiding;
             hiding.replaceSync('.app-header, .editor-bar, #proposal-help, .fields, .preview, .review-panel { display: none }');
             const others = document.adoptedStyleSheets.filter(s => s !== hiding);
             document.adoptedStyleSheets = arguments[0] ? others : [...others, hiding];
             return getComputedStyle(document.querySelector('.preview')).display;",
            vec![json!(show)],
        )
        .await
        .expect("show or hide the page around the textbox");
    assert_eq!(
        display.as_str() == Some("none"),
        !show,
        "the page around the textbox should be {}",
        if show { "shown" } else { "hidden" }
    );
}

/// Committee at conference scale: about 2,000 links carrying a proposal reference but not
/// the text, pasted into a freshly opened committee view → the ranking's first page
/// rendered (DOM + the next rAF). Each run opens the page anew, so no link is cached.
async fn committee_2000_ms(client: &Client, url: &str, runs: usize) -> Vec<f64> {
    let path = std::env::var("BENCH_LINKS_2000").expect("BENCH_LINKS_2000");
    let text = std::fs::read_to_string(path).expect("read the 2,000 links");
    let links = text.lines().filter(|l| !l.trim().is_empty()).count();
    let mut out = Vec::new();
    for _ in 0..runs {
        client.goto("about:blank").await.expect("blank");
        client.goto(url).await.expect("navigate");
        open_committee(client).await;
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let ms = client
            .execute_async(
                r"const [text, links, done] = arguments;
                  const ta = document.getElementById('feedback-links');
                  const t0 = performance.now();
                  ta.value = text;
                  ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
                  const look = () => {
                    const counts = document.querySelector('.committee-counts');
                    const rows = document.querySelectorAll('table.ranking-table tbody tr').length;
                    if (rows > 0 && counts && counts.textContent.startsWith(links + ' links found')) {
                      requestAnimationFrame(() => done(performance.now() - t0));
                    } else if (performance.now() - t0 > 30000) done(-rows - 1);
                    else requestAnimationFrame(look);
                  };
                  requestAnimationFrame(look);",
                vec![json!(text), json!(links)],
            )
            .await
            .expect("committee 2,000 benchmark");
        let ms = ms.as_f64().unwrap_or(-1.0);
        assert!(
            ms >= 0.0,
            "the ranking of {links} links did not appear within 30 s"
        );
        out.push(ms);
    }
    out
}

/// The workspace's figures (issue 18), on the preview site at `url` (the feature is not
/// released): `import_1000_ms` — a 1,000-proposal pretalx export dropped on an empty
/// `Proposals` view → the list says `… shown of 1000` (read, parsed, imported, saved,
/// the first page of rows rendered + rAF); `list_1000_ms` — `Proposals` clicked from the
/// review page → the same, and as `list_1000_ratio` against a bare page building all
/// 1,000 rows with the DOM API (the list renders 100 at a time);
/// `open_item_ms` — a row clicked → its text in the review page + rAF. Medians and p90s.
async fn workspace_figures(url: &str, runs: usize) -> Vec<(&'static str, f64)> {
    let path = std::env::var("BENCH_IMPORT_1000").expect("BENCH_IMPORT_1000");
    let export = std::fs::read_to_string(path).expect("read the 1,000 proposals");
    let mut client = browser().await;
    let (mut import, mut list, mut bare, mut open) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let click_nav = r"const button = [...document.querySelectorAll('button')]
        .find((b) => b.textContent.trim() === arguments[0]);
        button.click();";
    for run in 0..runs {
        // An empty workspace each run: a fresh browser (its profile is new, so its
        // IndexedDB, where the items live, is empty).
        if run > 0 {
            client.close().await.ok();
            client = browser().await;
        }
        client.goto(url).await.expect("navigate");
        interactive_ms(&client).await;
        client
            .execute(click_nav, vec![json!("Proposals")])
            .await
            .expect("open the list");
        // IndexedDB answers after the first render: the list comes when it has.
        client
            .wait()
            .for_element(Locator::Css("main.proposals"))
            .await
            .expect("the Proposals view");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let ms = client
            .execute_async(
                r"const [text, done] = arguments;
                  const data = new DataTransfer();
                  data.items.add(new File([text], 'submissions.json', { type: 'application/json' }));
                  const t0 = performance.now();
                  document.querySelector('main.proposals').dispatchEvent(
                    new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
                  const look = () => {
                    const rows = document.querySelectorAll('table[aria-label=Proposals] tbody tr').length;
                    if (rows > 0 && document.body.innerText.includes('shown of 1000')) requestAnimationFrame(() => done(performance.now() - t0));
                    else if (performance.now() - t0 > 60000) done(-rows - 1);
                    else requestAnimationFrame(look);
                  };
                  requestAnimationFrame(look);",
                vec![json!(export)],
            )
            .await
            .expect("import benchmark")
            .as_f64()
            .unwrap_or(-1.0);
        assert!(
            ms >= 0.0,
            "the list of 1,000 did not appear within 60 s ({ms})"
        );
        import.push(ms);
        // The list, from the review page; then an item opened from it. Alternated with
        // the bare page's 1,000 rows.
        for turn in 0..2 {
            if (run + turn) % 2 == 1 {
                bare.push(bare_rows(&client).await);
                client.goto(url).await.expect("navigate");
                interactive_ms(&client).await;
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
            client
                .execute(click_nav, vec![json!("Review")])
                .await
                .expect("the review page");
            tokio::time::sleep(Duration::from_millis(300)).await;
            let ms = client
                .execute_async(
                    r"const [done] = arguments;
                      const button = [...document.querySelectorAll('nav.app-nav button')]
                        .find((b) => b.textContent.trim() === 'Proposals');
                      const t0 = performance.now();
                      button.click();
                      const look = () => {
                        const rows = document.querySelectorAll('table[aria-label=Proposals] tbody tr').length;
                        if (rows > 0 && document.body.innerText.includes('shown of 1000')) requestAnimationFrame(() => done(performance.now() - t0));
                        else if (performance.now() - t0 > 20000) done(-rows - 1);
                        else requestAnimationFrame(look);
                      };
                      look();",
                    vec![],
                )
                .await
                .expect("list benchmark")
                .as_f64()
                .unwrap_or(-1.0);
            if ms < 0.0 {
                // Within WebDriver's 30 s script timeout: say what the page showed instead.
                let shown = client
                    .execute(
                        "const m = document.querySelector('main.proposals') || document.body; return m.innerText.slice(0, 400);",
                        vec![],
                    )
                    .await
                    .unwrap_or_default();
                panic!(
                    "the list of 1,000 did not appear within 20 s ({} rows); the page showed: {shown}",
                    -ms - 1.0
                );
            }
            list.push(ms);
            tokio::time::sleep(Duration::from_millis(300)).await;
            let ms = client
                .execute_async(
                    r"const [row, done] = arguments;
                      const ta = document.getElementById('proposal');
                      const before = ta ? ta.value : '';
                      const button = document.querySelectorAll('table[aria-label=Proposals] tbody th button')[row];
                      const t0 = performance.now();
                      button.click();
                      const look = () => {
                        const now = document.getElementById('proposal');
                        if (now && now.value && now.value !== before && !now.closest('[hidden]'))
                          requestAnimationFrame(() => done(performance.now() - t0));
                        else if (performance.now() - t0 > 10000) done(-1);
                        else requestAnimationFrame(look);
                      };
                      look();",
                    vec![json!(37 * run % 100)],
                )
                .await
                .expect("open benchmark")
                .as_f64()
                .unwrap_or(-1.0);
            assert!(ms >= 0.0, "the item did not open");
            open.push(ms);
        }
    }
    client.close().await.ok();
    let ratios: Vec<f64> = list.iter().zip(&bare).map(|(a, b)| ratio(*a, *b)).collect();
    let (import_med, import_p90) = median_p90(import);
    let (list_med, list_p90) = median_p90(list);
    let (bare_med, _) = median_p90(bare);
    let (ratio_med, ratio_p90) = median_p90(ratios);
    let (open_med, open_p90) = median_p90(open);
    println!("\nworkspace (preview site), median / p90 of {runs} runs");
    println!(
        "{:<44} {import_med:>10.1} {import_p90:>10.1}   ≤ 1000",
        "import 1,000 proposals (ms)"
    );
    println!(
        "{:<44} {list_med:>10.1} {list_p90:>10.1}   ≤ 100",
        "list of 1,000 rendered (ms)"
    );
    println!("{:<44} {bare_med:>10.1}", "  bare page, 1,000 rows (ms)");
    println!(
        "{:<44} {ratio_med:>10.2} {ratio_p90:>10.2}",
        "  list / bare page"
    );
    println!(
        "{:<44} {open_med:>10.1} {open_p90:>10.1}   ≤ 50",
        "open an item from the list (ms)"
    );
    vec![
        ("import_1000_ms", round2(import_med)),
        ("import_1000_p90_ms", round2(import_p90)),
        ("open_item_ms", round2(open_med)),
        ("open_item_p90_ms", round2(open_p90)),
        ("list_1000_ms", round2(list_med)),
        ("list_1000_p90_ms", round2(list_p90)),
        ("list_1000_bare_ms", round2(bare_med)),
        ("list_1000_ratio", round2(ratio_med)),
        ("list_1000_ratio_p90", round2(ratio_p90)),
    ]
}

/// A bare page building a 1,000-row table of the list's shape (a button in the first
/// cell, five text cells, a delete button) with the DOM API → + rAF, in ms.
async fn bare_rows(client: &Client) -> f64 {
    client.goto("about:blank").await.expect("blank");
    client
        .execute_async(
            r"const [done] = arguments;
              const t0 = performance.now();
              const table = document.createElement('table');
              const body = document.createElement('tbody');
              for (let i = 0; i < 1000; i++) {
                const tr = document.createElement('tr');
                const th = document.createElement('th');
                const open = document.createElement('button');
                open.textContent = 'B' + String(i).padStart(4, '0');
                th.append(open);
                tr.append(th);
                for (const text of ['pretalx JSON', 'new', '', '', '2026-12-04 07:00']) {
                  const td = document.createElement('td');
                  td.textContent = text;
                  tr.append(td);
                }
                const td = document.createElement('td');
                const del = document.createElement('button');
                del.textContent = 'Delete';
                td.append(del);
                tr.append(td);
                body.append(tr);
              }
              table.append(body);
              document.body.append(table);
              requestAnimationFrame(() => done(performance.now() - t0));",
            vec![],
        )
        .await
        .expect("bare rows")
        .as_f64()
        .unwrap_or(f64::NAN)
}

/// Appends `fields` to the JSON object printed as `line` (so they are its last fields).
fn with_fields(line: &str, fields: &[(&str, f64)]) -> String {
    let mut out = line.trim_end().trim_end_matches('}').to_owned();
    for (key, value) in fields {
        out.push_str(&format!(",{}:{}", json!(key), json!(value)));
    }
    out.push('}');
    out
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(9);
    let url = site_url();
    let load_start = load_average();
    let preview_url = std::env::var("PREVIEW_URL").ok();
    if std::env::var("BENCH_WORKSPACE_ONLY").is_ok() {
        let url = preview_url.expect("PREVIEW_URL");
        let fields = workspace_figures(&url, runs.clamp(1, 5)).await;
        println!(
            "{}",
            with_fields(
                &json!({ "load_average_start": load_start }).to_string(),
                &fields
            )
        );
        return;
    }

    let baseline_url = std::env::var("BASELINE_URL").expect("BASELINE_URL");
    // The same minimal page with its first render run before `main` returns, as the app
    // starts: no Yew yield on either side, so the ratio to it holds the cost of loading
    // and rendering more, and not which side yielded.
    let to_the_end_url = std::env::var("BASELINE_TO_THE_END_URL").expect("BASELINE_TO_THE_END_URL");
    let links = std::fs::read_to_string(std::env::var("BENCH_LINKS").expect("BENCH_LINKS"))
        .expect("read the links");
    let pastes: Vec<&str> = links.split("\n\u{c}\n").collect();
    // A review link with its proposal, as a speaker receives it.
    let payload = pastes[0]
        .split_whitespace()
        .find_map(|word| word.split_once('#'))
        .map(|(_, payload)| payload.to_string())
        .expect("a link in the committee paste");
    let feedback_url = format!("{url}#{payload}");
    // A/B of two builds of the app (`BASELINE_URL` another build's site): the baseline
    // column opens the same feedback link there, so the "baseline" is that build's
    // feedback page, measured alternately with this one's.
    let ab_feedback = std::env::var("BENCH_BASELINE_FEEDBACK").is_ok();

    // Start-up with an empty cache (a fresh browser profile each time): the app, the
    // baseline and a feedback link opened cold, in turn, the order rotated every run so
    // neither side always goes first. Each run gives its own ratios.
    let (mut cold, mut cold_base, mut cold_feedback) = (Vec::new(), Vec::new(), Vec::new());
    let mut cold_to_the_end = Vec::new();
    let (mut startup_ratios, mut feedback_ratios) = (Vec::new(), Vec::new());
    let mut to_the_end_ratios = Vec::new();
    // The phases of each start-up, per page:
    // [app, baseline, feedback, baseline to the end][phase][run].
    let mut phases = vec![vec![Vec::new(); PHASES.len()]; 4];
    let (mut painted_ratios, mut feedback_painted_ratios) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let mut app = 0.0;
        let mut base = 0.0;
        let mut feedback = 0.0;
        let mut to_the_end = 0.0;
        for turn in 0..4 {
            let page = (run + turn) % 4;
            let (ms, breakdown) = match page {
                0 => cold_start(&url, INTERACTIVE).await,
                1 if ab_feedback => {
                    cold_start(&format!("{baseline_url}#{payload}"), FEEDBACK_INTERACTIVE).await
                }
                1 => cold_start(&baseline_url, INTERACTIVE).await,
                2 => cold_start(&feedback_url, FEEDBACK_INTERACTIVE).await,
                _ => cold_start(&to_the_end_url, INTERACTIVE).await,
            };
            match page {
                0 => app = ms,
                1 => base = ms,
                2 => feedback = ms,
                _ => to_the_end = ms,
            }
            for (i, x) in breakdown.into_iter().enumerate() {
                phases[page][i].push(x);
            }
        }
        startup_ratios.push(ratio(app, base));
        feedback_ratios.push(ratio(feedback, base));
        to_the_end_ratios.push(ratio(app, to_the_end));
        let painted = |page: usize| phases[page][0].last().copied().unwrap_or(f64::NAN);
        painted_ratios.push(ratio(painted(0), painted(1)));
        feedback_painted_ratios.push(ratio(painted(2), painted(1)));
        cold.push(app);
        cold_base.push(base);
        cold_feedback.push(feedback);
        cold_to_the_end.push(to_the_end);
    }
    println!("\nstart-up, empty cache, where the time goes (median of {runs} runs)");
    println!(
        "{:<46} {:>9} {:>9} {:>9} {:>9}",
        "phase (baseline: as stock Yew; to the end: no yield)",
        "app",
        "baseline",
        "feedback",
        "to the end"
    );
    for (i, name) in PHASES.iter().enumerate() {
        let med = |page: usize| median(&phases[page][i]);
        println!(
            "{name:<46} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            med(0),
            med(1),
            med(2),
            med(3)
        );
    }
    // Yew's scheduler yields (a timer) once a pass has run 16 ms: a pass that long has the
    // browser style, lay out and paint a frame before its effects, which mark the page
    // interactive. The two kinds of run differ by that frame, so say how many had one.
    // (Counted from the frames themselves. The app runs its first view to the end before
    // `main` returns, so it should have none; the minimal page is stock Yew.)
    let drawn = PHASES
        .iter()
        .position(|p| p.starts_with("frames drawn between main and interactive"))
        .expect("the phase");
    let yields: Vec<usize> = (0..4)
        .map(|page| {
            phases[page][drawn]
                .iter()
                .filter(|&&frames| frames > 0.0)
                .count()
        })
        .collect();
    println!(
        "a frame drawn before the mark (Yew yielded), in: app {} of {runs} runs, baseline {}, feedback {}, baseline to the end {}",
        yields[0], yields[1], yields[2], yields[3]
    );
    let (to_the_end_ratio, to_the_end_ratio_p90) = median_p90(to_the_end_ratios);
    println!(
        "start-up / the minimal page run to the end (no yield on either side): {to_the_end_ratio:.2} (p90 {to_the_end_ratio_p90:.2}); that page {:.1} ms",
        median(&cold_to_the_end)
    );
    // What each first view compiles (a trace of one cold load each: the counts repeat).
    let mut compiled = Vec::new();
    for (page, url, mark) in [
        ("app", url.clone(), INTERACTIVE),
        ("baseline", baseline_url.clone(), INTERACTIVE),
        ("feedback", feedback_url.clone(), FEEDBACK_INTERACTIVE),
    ] {
        let (functions, bytes) = lazy_compiled(page, &url, mark).await;
        println!(
            "{page}: {functions} wasm functions compiled lazily before the mark, {:.1} KB of bodies",
            bytes / 1000.0
        );
        compiled.push((functions, bytes));
    }
    let (painted_ratio, painted_ratio_p90) = median_p90(painted_ratios);
    let (feedback_painted_ratio, feedback_painted_ratio_p90) = median_p90(feedback_painted_ratios);
    let (cold_med, cold_p90) = median_p90(cold);
    let (base_cold_med, base_cold_p90) = median_p90(cold_base);
    let (feedback_med, feedback_p90) = median_p90(cold_feedback);
    let (startup_ratio, startup_ratio_p90) = median_p90(startup_ratios);
    let (feedback_ratio, feedback_ratio_p90) = median_p90(feedback_ratios);
    let env_bytes = |name: &str| -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    let first_view = env_bytes("FIRST_VIEW_BROTLI_BYTES");
    let baseline_bytes = env_bytes("BASELINE_BROTLI_BYTES");
    // The start-up figures: the last line of `--startup-only`, and part of the full run's.
    let startup = json!({
            "startup_ratio": round2(startup_ratio),
            "startup_ratio_p90": round2(startup_ratio_p90),
            "startup_yields": yields[0],
            "baseline_startup_yields": yields[1],
            "startup_ratio_to_the_end": round2(to_the_end_ratio),
            "startup_ratio_to_the_end_p90": round2(to_the_end_ratio_p90),
            "baseline_to_the_end_startup_ms": round2(median(&cold_to_the_end)),
            "baseline_to_the_end_yields": yields[3],
            "feedback_startup_yields": yields[2],
            "feedback_startup_ratio": round2(feedback_ratio),
            "feedback_startup_ratio_p90": round2(feedback_ratio_p90),
            "startup_painted_ratio": round2(painted_ratio),
            "startup_painted_ratio_p90": round2(painted_ratio_p90),
            "feedback_painted_ratio": round2(feedback_painted_ratio),
            "feedback_painted_ratio_p90": round2(feedback_painted_ratio_p90),
            "first_view_brotli_bytes": first_view,
            "first_view_wasm_functions": compiled[0].0,
            "first_view_wasm_body_bytes": compiled[0].1,
            "baseline_wasm_functions": compiled[1].0,
            "feedback_wasm_functions": compiled[2].0,
            "baseline_brotli_bytes": baseline_bytes,
            "startup_ms": round2(cold_med),
            "startup_p90_ms": round2(cold_p90),
            "baseline_startup_ms": round2(base_cold_med),
            "feedback_startup_ms": round2(feedback_med),
            "load_average_start": load_start,
            "load_average_end": load_average(),
    });
    if std::env::var("BENCH_STARTUP_ONLY").is_ok() {
        println!(
            "start-up ratio {startup_ratio:.2} (p90 {startup_ratio_p90:.2}); feedback {feedback_ratio:.2} (p90 {feedback_ratio_p90:.2}); app {:.1} ms, baseline {:.1} ms, feedback {:.1} ms",
            cold_med, base_cold_med, feedback_med
        );
        println!(
            "painted: start-up ratio {painted_ratio:.2} (p90 {painted_ratio_p90:.2}); feedback {feedback_painted_ratio:.2} (p90 {feedback_painted_ratio_p90:.2})"
        );
        println!(
            "load average at the end: {}",
            startup["load_average_end"].as_str().unwrap_or("?")
        );
        println!("{startup}");
        return;
    }
    // Warm cache: the same profile, loaded again.
    let client = browser().await;
    client.goto(&url).await.expect("navigate");
    interactive_ms(&client).await;
    let mut warm = Vec::new();
    for _ in 0..runs {
        client.goto("about:blank").await.expect("blank");
        client.goto(&url).await.expect("navigate");
        warm.push(interactive_ms(&client).await);
    }

    // Typing in a 10 KB proposal: input event → DOM updated + one requestAnimationFrame
    // (t1), and → the end of that frame (t2, a MessageChannel message posted in the rAF).
    let proposal_path = std::env::var("BENCH_PROPOSAL").expect("BENCH_PROPOSAL");
    let proposal = std::fs::read_to_string(&proposal_path).expect("read the bench proposal");
    open_app(&client).await;
    client.execute("localStorage.clear()", vec![]).await.ok();
    paste_proposal(&client, &proposal).await;
    if let Ok(css) = std::env::var("BENCH_APP_CSS") {
        adopt_css(&client, &css).await;
    }
    // The bare textbox in a second browser, so the two can alternate without reloading:
    // each round types a burst into one, then the other, the order swapped every round.
    let bare = browser().await;
    bare_textbox(&bare, &proposal).await;
    typing(&bare, 10).await; // warm-up
    typing(&client, 10).await;
    let typist = typing_rounds(&client, &bare, runs, TYPIST_MS).await;
    let burst = typing_rounds(&client, &bare, runs, BURST_MS).await;
    // The same bare page with the app's textbox size and font: how much of the ratio is
    // the textbox's own shape (a narrower box wraps the draft into more lines) rather than
    // the page around it. Beside the headline, not instead of it.
    sized_bare_textbox(&bare, &proposal, &app_textbox_style(&client).await).await;
    typing(&bare, 10).await; // warm-up
    let same_size = typing_rounds(&client, &bare, runs, TYPIST_MS).await;
    let (same_size_key, same_size_key_p90) = median_p90(same_size.keystroke_ratios);
    let (same_size_frame, same_size_frame_p90) = median_p90(same_size.frame_ratios);
    // The app with everything around its textbox hidden, beside the same bare textbox:
    // what the textbox, its styles and the page's script cost alone. The rest of the
    // headline ratio is the browser passing over the page drawn around the textbox.
    show_around_textbox(&client, false).await;
    typing(&client, 10).await; // warm-up
    let alone = typing_rounds(&client, &bare, runs, TYPIST_MS).await;
    show_around_textbox(&client, true).await;
    let (alone_key, alone_key_p90) = median_p90(alone.keystroke_ratios);
    let (alone_frame, alone_frame_p90) = median_p90(alone.frame_ratios);
    let TypingRounds {
        app: pairs,
        bare: baseline,
        keystroke_ratios,
        frame_ratios,
    } = typist;
    bare.close().await.ok();
    // Committee: 50 links pasted → the summary tables rendered (DOM + the next rAF). Each
    // round pastes links the page has not read before (it keeps those it has).
    open_committee(&client).await;
    // A chair opens the view, then pastes: the first paste is measured on its own.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let mut committee = Vec::new();
    for round in 0..=runs {
        let text = pastes[round % pastes.len()];
        let ms = client
            .execute_async(
                r"const [text, done] = arguments;
                  const ta = document.getElementById('feedback-links');
                  ta.value = '';
                  ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
                  requestAnimationFrame(() => {
                    const t0 = performance.now();
                    ta.value = text;
                    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
                    // The summary may wait for the decoding worker: look again at each
                    // frame until the ten tables are there.
                    const look = () => {
                      const tables = document.querySelectorAll('table.committee-table').length;
                      if (tables === 10) done(performance.now() - t0);
                      else if (performance.now() - t0 > 5000) done(-tables);
                      else requestAnimationFrame(look);
                    };
                    requestAnimationFrame(look);
                  });",
                vec![json!(text)],
            )
            .await
            .expect("committee benchmark");
        let ms = ms.as_f64().unwrap_or(-1.0);
        assert!(ms >= 0.0, "expected 10 summary tables, found {}", -ms);
        committee.push(ms);
    }
    let (committee_2000_med, committee_2000_p90) =
        median_p90(committee_2000_ms(&client, &url, runs.clamp(1, 5)).await);
    // A returning reviewer (warm cache): the 10 KB draft saved while typing, a saved
    // review with comments and the feedback opened last, all read back at start-up. The
    // first load may rewrite what it read; the loads after it are measured.
    client
        .execute(
            "localStorage.setItem('talkback.review.v1', arguments[0]);
             localStorage.setItem('talkback.received.v1', arguments[0]);",
            vec![json!(payload)],
        )
        .await
        .expect("save a review");
    let mut returning = Vec::new();
    for _ in 0..=runs {
        client.goto("about:blank").await.expect("blank");
        client.goto(&url).await.expect("navigate");
        returning.push(interactive_ms(&client).await);
    }
    returning.remove(0);
    let saved_draft: usize = client
        .execute(
            "return (localStorage.getItem('talkback.draft.v1') || '').length",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_u64())
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    assert!(
        saved_draft >= proposal.len() / 2,
        "the typed proposal should be saved ({saved_draft} characters)"
    );
    client.close().await.ok();
    let committee_first = committee.remove(0);
    let (committee_med, committee_p90) = median_p90(committee);
    let (base_key_med, base_key_p90) = median_p90(baseline.iter().map(|p| p.0).collect());
    let (base_frame_med, _) = median_p90(baseline.iter().map(|p| p.1).collect());

    let (keystroke_ratio, keystroke_ratio_p90) = median_p90(keystroke_ratios);
    let (frame_ratio, frame_ratio_p90) = median_p90(frame_ratios);
    let (burst_keystroke_ratio, burst_keystroke_ratio_p90) = median_p90(burst.keystroke_ratios);
    let (burst_frame_ratio, burst_frame_ratio_p90) = median_p90(burst.frame_ratios);
    let (burst_frame_med, _) = median_p90(burst.app.iter().map(|p| p.1).collect());
    let (burst_base_frame_med, _) = median_p90(burst.bare.iter().map(|p| p.1).collect());
    let (warm_med, warm_p90) = median_p90(warm);
    let (back_med, back_p90) = median_p90(returning);
    let (key_med, key_p90) = median_p90(pairs.iter().map(|p| p.0).collect());
    let (frame_med, frame_p90) = median_p90(pairs.iter().map(|p| p.1).collect());
    // When the page showed the keystroke beyond the textbox (its preview), and drew it:
    // work the page leaves for after the keystroke's frame is not free, only later.
    let (caught_med, caught_p90) =
        median_p90(pairs.iter().map(|p| p.2).filter(|&ms| ms >= 0.0).collect());
    let caught_share =
        pairs.iter().filter(|p| p.2 >= 0.0).count() as f64 / pairs.len().max(1) as f64;
    let bundle: u64 = std::env::var("BUNDLE_BROTLI_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);

    println!(
        "\nbrowser benchmark ({runs} runs; {} keystrokes in a {} byte proposal, {TYPIST_MS}–{} ms apart)",
        pairs.len(),
        proposal.len(),
        TYPIST_MS + 16
    );
    println!(
        "load average (1, 5, 15 min): {load_start} at the start, {} at the end",
        load_average()
    );
    println!("{:<44} {:>10} {:>10}   goal", "figure", "median", "p90");
    println!(
        "{:<44} {:>10} {:>10}   ≤ 368,640 (360 KiB)",
        "bundle, brotli bytes (all files)", bundle, ""
    );
    println!(
        "{:<44} {:>10.1} {:>10.1}   (see ratio)",
        "start-up, empty cache (ms)", cold_med, cold_p90
    );
    println!(
        "{:<44} {:>10.1} {:>10.1}",
        "  baseline page, empty cache (ms)", base_cold_med, base_cold_p90
    );
    println!(
        "{:<44} {:>10.1} {:>10.1}",
        "feedback link opened, empty cache (ms)", feedback_med, feedback_p90
    );
    println!(
        "{:<44} {:>10.1} {:>10.1}",
        "start-up, warm cache (ms)", warm_med, warm_p90
    );
    println!(
        "{:<44} {:>10.1} {:>10.1}",
        "start-up, returning: saved draft and review", back_med, back_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}   (see ratio)",
        "keystroke 10 KB: input → DOM + rAF (ms)", key_med, key_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}   (see ratio)",
        "keystroke 10 KB: input → end of frame (ms)", frame_med, frame_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}   ({:.0}% of keystrokes seen)",
        "  → the preview shows it, end of its frame",
        caught_med,
        caught_p90,
        caught_share * 100.0
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}   (browser alone)",
        "  bare textbox, same typing: → DOM + rAF", base_key_med, base_key_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10}   (browser alone)",
        "  bare textbox, same typing: → end of frame", base_frame_med, ""
    );
    println!(
        "{:<44} {:>10.1} {:>10.1}   ≤ 50",
        "committee, 50 links → summary (ms)", committee_med, committee_p90
    );
    println!(
        "{:<44} {:>10.1} {:>10}",
        "  the first paste after opening the view", committee_first, ""
    );
    println!(
        "{:<44} {:>10.1} {:>10.1}   ≤ 1000",
        "committee, 2,000 links → ranking (ms)", committee_2000_med, committee_2000_p90
    );
    println!(
        "{:<44} {:>10} {:>10}",
        "first view, brotli bytes (baseline)", first_view, baseline_bytes
    );
    println!("\nratios to the floor, measured in this run (median, p90 of {runs} runs)");
    println!(
        "{:<44} {:>10.2} {:>10.2}   ≤ 1.3",
        "start-up / minimal Yew + pulldown-cmark page", startup_ratio, startup_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  / that page run to the end (no yield)", to_the_end_ratio, to_the_end_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "feedback link opened / the same page", feedback_ratio, feedback_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  the same, up to the first view painted", painted_ratio, painted_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  feedback link, up to its view painted",
        feedback_painted_ratio,
        feedback_painted_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}   ≤ 1.3",
        "keystroke → DOM + rAF / bare textbox", keystroke_ratio, keystroke_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}   ≤ 1.3",
        "keystroke → end of frame / bare textbox", frame_ratio, frame_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  in a burst, 40 ms apart: → DOM + rAF", burst_keystroke_ratio, burst_keystroke_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  in a burst: → end of frame", burst_frame_ratio, burst_frame_ratio_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  in a burst: end of frame, app / bare (ms)", burst_frame_med, burst_base_frame_med
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  bare textbox of the app's size: keystroke", same_size_key, same_size_key_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  bare textbox of the app's size: frame", same_size_frame, same_size_frame_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  the textbox alone, page hidden: keystroke", alone_key, alone_key_p90
    );
    println!(
        "{:<44} {:>10.2} {:>10.2}",
        "  the textbox alone, page hidden: frame", alone_frame, alone_frame_p90
    );
    let mut line = json!({
            "keystroke_ratio": round2(keystroke_ratio),
            "keystroke_ratio_p90": round2(keystroke_ratio_p90),
            "frame_ratio": round2(frame_ratio),
            "frame_ratio_p90": round2(frame_ratio_p90),
            "keystroke_ratio_burst": round2(burst_keystroke_ratio),
            "frame_ratio_burst": round2(burst_frame_ratio),
            "bundle_brotli_bytes": bundle,
            "startup_warm_ms": round2(warm_med),
            "startup_returning_ms": round2(back_med),
            "keystroke_ms_10kb": round2(key_med),
            "keystroke_p90_ms_10kb": round2(key_p90),
            "frame_ms_10kb": round2(frame_med),
            "frame_p90_ms_10kb": round2(frame_p90),
            "preview_caught_up_ms_10kb": round2(caught_med),
            "keystroke_ratio_same_size": round2(same_size_key),
            "frame_ratio_same_size": round2(same_size_frame),
            "keystroke_ratio_textbox_alone": round2(alone_key),
            "frame_ratio_textbox_alone": round2(alone_frame),
            "preview_caught_up_p90_ms_10kb": round2(caught_p90),
            "keystroke_baseline_ms_10kb": round2(base_key_med),
            "frame_baseline_ms_10kb": round2(base_frame_med),
            "committee_50_ms": round2(committee_med),
            "committee_50_p90_ms": round2(committee_p90),
            "committee_first_50_ms": round2(committee_first),
            "committee_2000_ms": round2(committee_2000_med),
            "committee_2000_p90_ms": round2(committee_2000_p90),
    });
    if let (Some(all), serde_json::Value::Object(startup)) = (line.as_object_mut(), startup) {
        all.extend(startup);
        // The load at the end of the whole run, not of its start-up part.
        all.insert("load_average_end".into(), json!(load_average()));
    }
    let line = line.to_string();
    let fields = match &preview_url {
        Some(preview) => workspace_figures(preview, runs.clamp(1, 5)).await,
        None => Vec::new(),
    };
    println!("{}", with_fields(&line, &fields));
}
