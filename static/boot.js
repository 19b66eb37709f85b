// Starts the app (kept out of index.html: the CSP needs no inline script). The marks are
// the start-up phases `cargo xtask bench-browser` reports (docs/performance.md).
import init from './talkback.js';

const url = new URL('talkback_bg.wasm', import.meta.url);
performance.mark('talkback-boot');
// A shared link takes the wasm and then the link model to open: say so at once, with the
// page's header (app.css hides this as soon as the app's own page follows it).
if (location.hash.length > 12) {
  document.body.insertAdjacentHTML('afterbegin', '<div class="app opening"><header class="app-header"><h1 class="app-title">Talkback</h1></header><main class="feedback-page"><p role="status">Opening the link…</p></main></div>');
}
let module = url;
try {
  module = await WebAssembly.compileStreaming(fetch(url));
} catch {
  // Not served as application/wasm: the glue fetches and compiles it itself.
}
performance.mark('talkback-compiled');
await init({ module_or_path: module });
performance.mark('talkback-started');
