//! QR codes of share links, so a link made on a laptop opens on a phone.
//!
//! The code itself comes from `qrcodegen` (Nayuki's reference implementation);
//! this module only picks its parameters and draws it as one SVG path.

use qrcodegen::{QrCode, QrCodeEcc};

/// The most a QR code holds in byte mode: version 40 at error-correction level L.
pub const MAX_BYTES: usize = 2953;

/// Past this version (a grid of 105 × 105 modules) a code on a screen is hard to scan.
pub const DENSE_FROM_VERSION: u8 = 23;

/// Empty modules around the code that scanners need (the standard's quiet zone).
pub const QUIET_ZONE: i32 = 4;

/// A QR code ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    /// Modules per side, without the quiet zone.
    pub size: i32,
    /// QR version, 1–40.
    pub version: u8,
    /// SVG path data of the dark modules, one unit per module, origin at the code's
    /// top-left corner (draw it in a view box widened by [`QUIET_ZONE`]).
    pub path: String,
}

impl Qr {
    /// Whether the code is too dense to scan reliably from a screen.
    pub fn is_dense(&self) -> bool {
        self.version >= DENSE_FROM_VERSION
    }

    /// Side of the drawing in CSS pixels: at least 3 px per module, so a phone can
    /// resolve the modules, and never under 160 px.
    pub fn pixels(&self) -> i32 {
        ((self.size + 2 * QUIET_ZONE) * 3).max(160)
    }
}

/// Why a link has no QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrError {
    /// Longer than [`MAX_BYTES`].
    TooLong {
        /// The link's length in bytes.
        bytes: usize,
    },
}

/// The QR code of `text` (byte mode, the lowest error correction that fits, raised
/// where that costs no size).
///
/// ```
/// use talkback_core::qr::{qr_code, QrError, MAX_BYTES};
/// let qr = qr_code("https://talkback.example/#AQEAAQ").unwrap();
/// assert_eq!((qr.version, qr.size), (2, 25));
/// assert!(qr.path.starts_with("M0 0h7"), "the finder pattern's top edge");
/// let long = "x".repeat(MAX_BYTES + 1);
/// assert_eq!(qr_code(&long), Err(QrError::TooLong { bytes: MAX_BYTES + 1 }));
/// ```
///
/// # Errors
/// [`QrError::TooLong`] past [`MAX_BYTES`].
pub fn qr_code(text: &str) -> Result<Qr, QrError> {
    let bytes = text.len();
    if bytes > MAX_BYTES {
        return Err(QrError::TooLong { bytes });
    }
    let code = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Low)
        .map_err(|_| QrError::TooLong { bytes })?;
    Ok(Qr {
        size: code.size(),
        version: code.version().value(),
        path: path_of(&code),
    })
}

/// One `M x y h n v1 h-n z` rectangle per run of dark modules in a row.
fn path_of(code: &QrCode) -> String {
    use std::fmt::Write as _;
    let mut path = String::new();
    for y in 0..code.size() {
        let mut x = 0;
        while x < code.size() {
            if code.get_module(x, y) {
                let start = x;
                while x < code.size() && code.get_module(x, y) {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(path, "M{start} {y}h{run}v1h-{run}z");
            } else {
                x += 1;
            }
        }
    }
    path
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Draws `qr` as a greyscale image (4 px per module, white quiet zone) and reads
    /// it back with an independent decoder, as a phone's camera would.
    fn scan(qr: &Qr) -> String {
        let scale = 4;
        let side = usize::try_from((qr.size + 2 * QUIET_ZONE) * scale).unwrap();
        let mut dark = vec![false; side * side];
        for rect in qr.path.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = rect.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let run: i32 = rest.split_once('v').unwrap().0.parse().unwrap();
            let (x, y): (i32, i32) = (x.parse().unwrap(), y.parse().unwrap());
            for mx in x..x + run {
                for py in 0..scale {
                    for px in 0..scale {
                        let ix = usize::try_from((mx + QUIET_ZONE) * scale + px).unwrap();
                        let iy = usize::try_from((y + QUIET_ZONE) * scale + py).unwrap();
                        dark[iy * side + ix] = true;
                    }
                }
            }
        }
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark[y * side + x] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code in the picture");
        grids[0].decode().expect("the code reads back").1
    }

    #[test]
    fn a_share_link_reads_back_from_its_drawn_code() {
        let link = format!(
            "https://talkback.example/#{}",
            "AQEx7-Zq_9"
                .repeat(97)
                .chars()
                .take(970)
                .collect::<String>()
        );
        let qr = qr_code(&link).unwrap();
        assert!(
            qr.version < DENSE_FROM_VERSION,
            "a 1,000-character link stays scannable"
        );
        assert_eq!(scan(&qr), link);
    }

    #[test]
    fn longer_links_make_bigger_denser_codes_up_to_the_limit() {
        let short = qr_code(&"a".repeat(100)).unwrap();
        let long = qr_code(&"a".repeat(2000)).unwrap();
        assert!(short.size < long.size && short.pixels() < long.pixels());
        assert!(!short.is_dense() && long.is_dense());
        let max = qr_code(&"b".repeat(MAX_BYTES)).unwrap();
        assert_eq!((max.version, max.size), (40, 177));
        assert_eq!(scan(&max), "b".repeat(MAX_BYTES));
        assert!(matches!(
            qr_code(&"é".repeat(MAX_BYTES / 2 + 1)),
            Err(QrError::TooLong { bytes }) if bytes == MAX_BYTES + 1 || bytes == MAX_BYTES + 2
        ));
    }
}
