// The committee view's helper: decompresses feedback links off the main thread, with the
// same wasm as the page (whose `main` sees no window here and starts nothing). Each
// message is a string: a request number, then the links, one per line. The answer is
// [number, bytes of `link::encode_unpacked`], or [number, error message].
import init, { worker_prime, worker_unpack_links } from './talkback.js';

// Load and prime the model as soon as the worker starts, before the first paste.
const ready = init().then(() => worker_prime());

onmessage = async (event) => {
  const text = String(event.data);
  const newline = text.indexOf('\n');
  const id = newline < 0 ? text : text.slice(0, newline);
  try {
    await ready;
    const batch = worker_unpack_links(newline < 0 ? '' : text.slice(newline + 1));
    postMessage([id, batch], [batch.buffer]);
  } catch (error) {
    postMessage([id, String(error)]);
  }
};
