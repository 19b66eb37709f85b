//! Fuzzes `talkback_core::link::decode_link`: it must never panic, and
//! whatever it accepts must be a link that re-encodes (same kind, same
//! proposal reference) to a link decoding to the same review; a speaker
//! link's review must be its own speaker view (nothing for the committee).
//! A speaker link's passage comments (the compact form, kind 5, may place them
//! by occurrence) are placed in a few texts without a panic, at valid ranges,
//! and never exactly in a text the caller does not vouch for.
//!
//! Each input is tried five ways, so the fuzzer reaches every layer:
//! 1. as text, the way people paste links;
//! 2. as a version-1 and a version-2 *stored* body inside a correct frame
//!    (version, method 0, body, CRC-32), which gets past the checksum to
//!    postcard, the version-2 envelope and the review checks (and, with the
//!    envelope of a compact speaker link in front, its body);
//! 3. as a version-1 and a version-2 *compressed* stream (method 1), for the
//!    decompressor.
//!
//! Every text is also read by `link::rounds::decode_any` (drafts, revisions and
//! delta revisions too): whatever it accepts re-encodes to the same link value, and a
//! delta it accepts applies to any base without a panic.
//!
//! It is also read as a batch of unpacked links (`decode_unpacked`, what the
//! committee's worker sends the page).
//!
//! Run: `cargo +nightly fuzz run decode` in this folder's parent
//! (or `RUSTC_BOOTSTRAP=1 cargo fuzz run decode` on stable).
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkback_core::link::rounds::{decode_any, encode_draft, encode_revision, AnyLink, NewText};
use talkback_core::anchor::{place, Located};
use talkback_core::link::{decode_link, decode_unpacked, encode_link, speaker_view, LinkKind};
use talkback_core::revision::apply;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    // A worker's batch of unpacked links: never a panic, and no more entries than
    // the input can hold (each is at least a tag and a length or an error code: two
    // bytes; an empty body is two bytes, so the bound is not tighter).
    if let Some(batch) = decode_unpacked(data) {
        assert!(batch.len() * 2 < data.len().max(1));
    }
    for version in [1, 2] {
        check(&frame(version, 0, data));
        check(&frame(version, 1, data));
    }
    // The envelope of a compact speaker link (kind 5, no code, hash or
    // audiences), then the input as its body.
    let mut compact = vec![5, 0, 0, 0, 0, 0, 0];
    compact.extend_from_slice(data);
    check(&frame(2, 0, &compact));
});

fn check(text: &str) {
    check_any(text);
    if let Ok(opened) = decode_link(text) {
        if opened.kind == LinkKind::SpeakerFeedback {
            assert_eq!(speaker_view(&opened.shared), opened.shared, "speaker link holds more");
        }
        let proposal = opened.shared.proposal.as_deref().unwrap_or_default();
        for a in &opened.shared.review.anchors {
            for (text, reviewed) in [(proposal, true), (proposal, false), ("a b a", false)] {
                let located = place(&a.anchor, text, reviewed);
                if let Some(r) = located.range() {
                    assert!(text.get(r).is_some(), "a range outside the text");
                }
                if !reviewed && a.anchor.occurrence.is_some() {
                    assert!(!matches!(located, Located::Exact(_)), "exact without the text");
                }
            }
        }
        let again = encode_link(&opened.shared, opened.kind, &opened.reference, "")
            .expect("a decoded link encodes again");
        assert_eq!(
            decode_link(&again).as_ref(),
            Ok(&opened),
            "re-encoded link differs"
        );
    }
}

fn check_any(text: &str) {
    let again = match decode_any(text) {
        Ok(AnyLink::Review(_)) | Err(_) => return,
        Ok(AnyLink::Draft(draft)) => encode_draft(&draft, "").expect("a decoded draft encodes"),
        Ok(AnyLink::Revision(revision)) => {
            if let NewText::Delta(delta) = &revision.text {
                let _ = apply("base text", delta);
                let _ = apply("", delta);
            }
            encode_revision(&revision, "").expect("a decoded revision encodes")
        }
    };
    assert_eq!(decode_any(&again), decode_any(text), "re-encoded link differs");
}

/// `[version, method, body…, crc32(body)]` in base64url: a well-formed frame.
fn frame(version: u8, method: u8, body: &[u8]) -> String {
    let mut bytes = vec![version, method];
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
