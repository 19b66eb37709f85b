//! Where a link travels, said beside it: the address it opens at, its length and honest
//! reach ([`talkback_core::reach`]), `Download as file`, and its QR code only when the
//! code will scan from a screen. One per link, so a panel with several links uses it for
//! each.

use yew::prelude::*;

use crate::ui::components::files::download_file;
use crate::ui::components::qr::qr_view;
use crate::ui::disclosure::use_disclosure;
use talkback_core::qr::qr_code;
use talkback_core::reach::{address_of, qr_scans, Reach, EMAIL_AND_CHAT_MAX};

/// Props of [`LinkReach`].
#[derive(Properties, PartialEq)]
pub struct LinkReachProps {
    /// The link (or a bare `#payload` when no hosted address is known).
    pub link: AttrValue,
    /// The name of its file, without the extension.
    pub file_stem: AttrValue,
}

/// The address, length label, file and QR code of one link.
#[component]
pub fn LinkReach(props: &LinkReachProps) -> Html {
    let (show_qr, on_qr_toggle) = use_disclosure();
    // What `Download as file` did, and the QR code, made only while it is shown.
    let status = use_state(|| None::<String>);
    let qr = use_memo((props.link.clone(), show_qr), |(text, show)| {
        (*show && qr_scans(text)).then(|| qr_code(text))
    });
    let link = &props.link;
    let chars = link.chars().count();
    let reach = Reach::of(chars);
    let address = address_of(link);
    html! {
        <div class="link-reach">
            if address.is_empty() {
                <p class="link-address notice notice-info">
                    { "No web address yet: this copy of Talkback runs from a file on your computer, and a link to a file opens on no one else's. Set the hosted address below to make links; until then send the file, or the code above, which opens when pasted after the # of any Talkback address." }
                </p>
            } else {
                <p class="link-address">{ "Opens at " }<span class="address">{ address.to_owned() }</span></p>
            }
            <p class={format!("reach {}", reach.class())}>{ format!("{chars} characters: {}.", reach.label()) }</p>
            if reach.needs_file() {
                <p class="hint">{ format!("Outlook and plain-text e-mail cut links past {EMAIL_AND_CHAT_MAX} characters. Send the file instead, as an attachment: it holds the same review.") }</p>
            }
            { download_file(link, &props.file_stem, &status) }
            if qr_scans(link) {
                <details class="qr-details" ontoggle={on_qr_toggle}>
                    <summary>{ "QR code" }</summary>
                    if let Some(qr) = &*qr { { qr_view(qr) } }
                </details>
            } else {
                <p class="hint">{ "No QR code: one for a link this long would not scan from a screen." }</p>
            }
        </div>
    }
}
