// Starts the app (kept out of index.html: the CSP needs no inline script). The marks are
// the start-up phases `cargo xtask bench-browser` reports (docs/performance.md).
import init from './talkback.js';

const url = new URL('talkback_bg.wasm', import.meta.url);
performance.mark('talkback-boot');
let module = url;
try {
  module = await WebAssembly.compileStreaming(fetch(url));
} catch {
  // Not served as application/wasm: the glue fetches and compiles it itself.
}
performance.mark('talkback-compiled');
await init({ module_or_path: module });
performance.mark('talkback-started');
