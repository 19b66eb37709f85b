//! Fuzzes `domain::link::decode`: it must never panic, and whatever it
//! accepts must be a review that re-encodes to a link decoding to the same
//! review.
//!
//! Each input is tried three ways, so the fuzzer reaches every layer:
//! 1. as text, the way people paste links;
//! 2. as a version-1 *stored* body inside a correct frame (version, method 0,
//!    body, CRC-32), which gets past the checksum to postcard and the
//!    review checks;
//! 3. as a version-1 *compressed* stream (method 1), for the decompressor.
//!
//! It is also read as a batch of unpacked links (`decode_unpacked`, what the
//! committee's worker sends the page).
//!
//! Run: `cargo +nightly fuzz run decode` in this folder's parent
//! (or `RUSTC_BOOTSTRAP=1 cargo fuzz run decode` on stable).
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkback_core::link::{decode, decode_unpacked, encode_fragment};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    // A worker's batch of unpacked links: never a panic, at most one entry per 5 bytes.
    if let Some(batch) = decode_unpacked(data) {
        assert!(batch.len() * 5 <= data.len());
    }
    check(&frame(0, data));
    check(&frame(1, data));
});

fn check(text: &str) {
    if let Ok(shared) = decode(text) {
        let again = encode_fragment(&shared).expect("a decoded review encodes again");
        assert_eq!(
            decode(&again).as_ref(),
            Ok(&shared),
            "re-encoded review differs"
        );
    }
}

/// `[1, method, body…, crc32(body)]` in base64url: a well-formed frame.
fn frame(method: u8, body: &[u8]) -> String {
    let mut bytes = vec![1, method];
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(&crc32(body).to_le_bytes());
    base64url(&bytes)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let mut group = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            group |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}
