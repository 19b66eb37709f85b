//! The hand-written CRC-32 and base64url (kept for their size, see
//! docs/size.md) checked against the well-kept crates on random inputs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;

use super::{base64url_decode, base64url_encode, crc32, ErrorKind};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn crc32_agrees_with_crc32fast(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        prop_assert_eq!(crc32(&data), crc32fast::hash(&data));
    }

    #[test]
    fn base64url_encoding_agrees_with_the_base64_crate(
        data in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        prop_assert_eq!(base64url_encode(&data), URL_SAFE_NO_PAD.encode(&data));
    }

    #[test]
    fn base64url_decoding_agrees_with_the_base64_crate(
        data in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let text = URL_SAFE_NO_PAD.encode(&data);
        prop_assert_eq!(base64url_decode(&text).ok(), Some(data));
    }

    /// Any text over the URL-safe alphabet (and a few other characters): ours
    /// reads exactly what the crate reads in its strict, unpadded mode, and
    /// refuses exactly what it refuses.
    #[test]
    fn base64url_accepts_and_refuses_what_the_base64_crate_does(
        text in "[A-Za-z0-9_\\-+/=. ]{0,80}",
    ) {
        let ours = base64url_decode(&text);
        let theirs = URL_SAFE_NO_PAD.decode(&text);
        prop_assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{:?}", text);
        if let Err(e) = ours {
            // A refused text is never reported as a good link.
            prop_assert!(matches!(
                e.kind(),
                ErrorKind::NotALink | ErrorKind::Truncated | ErrorKind::Damaged
            ));
        }
    }
}

#[test]
fn crc32_agrees_with_crc32fast_on_long_inputs() {
    let data: Vec<u8> = (0..200_000u32)
        .map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()[2])
        .collect();
    assert_eq!(crc32(&data), crc32fast::hash(&data));
    assert_eq!(crc32(&[]), crc32fast::hash(&[]));
}
