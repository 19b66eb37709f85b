//! The QR code of a share link, drawn as SVG, with a word on how well it will scan.

use yew::prelude::*;

use talkback_core::qr::{Qr, QrError, MAX_BYTES, QUIET_ZONE};

/// A QR code sized to its link (at least 3 px per module), from
/// [`talkback_core::qr::qr_code`]; the caller keeps the code made while it is shown.
pub fn qr_view(qr: &Result<Qr, QrError>) -> Html {
    match qr {
        Ok(qr) => {
            let side = qr.size + 2 * QUIET_ZONE;
            let view_box = format!("-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}");
            let px = qr.pixels().to_string();
            html! {
                <figure class="qr">
                    <svg class="qr-code" viewBox={view_box} width={px.clone()} height={px}
                         role="img" aria-label="QR code of the share link" shape-rendering="crispEdges">
                        <rect x={format!("-{QUIET_ZONE}")} y={format!("-{QUIET_ZONE}")} width={side.to_string()} height={side.to_string()} fill="#fff" />
                        <path d={qr.path.clone()} fill="#000" />
                    </svg>
                    <figcaption class="hint">
                        { format!("Version {} ({} × {} modules). Point a phone's camera at it to open the link there.", qr.version, qr.size, qr.size) }
                    </figcaption>
                    if qr.is_dense() {
                        <p class="notice notice-warning" role="status">
                            { "This code is dense and may not scan from a screen. A link without the proposal makes a smaller code." }
                        </p>
                    }
                </figure>
            }
        }
        Err(QrError::TooLong { bytes }) => html! {
            <p class="notice notice-warning" role="status">
                { format!("This link is too long for a QR code ({bytes} characters; a code holds at most {MAX_BYTES}). Share it without the proposal, or send it as text.") }
            </p>
        },
    }
}
