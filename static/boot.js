// Starts the app (kept out of index.html: the CSP needs no inline script). The marks are
// the start-up phases `cargo xtask bench-browser` reports (docs/performance.md).
import init from './talkback.js';

const url = new URL('talkback_bg.wasm', import.meta.url);
performance.mark('talkback-boot');
// A shared link waits for the wasm and then for the link model to be primed: say so at
// once, under the page's header. The app replaces it (Yew empties the body when it mounts,
// and renders its first view in the same task, so no blank frame comes between).
if (location.hash.length > 12) {
  document.body.insertAdjacentHTML('afterbegin', '<div class="app"><header class="app-header"><h1 class="app-title">Talkback</h1></header><main class="feedback-page"><p role="status">Opening the link…</p></main></div>');
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
