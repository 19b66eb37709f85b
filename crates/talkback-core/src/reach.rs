//! How far a link travels: its honest length label, whether its QR code will scan from a
//! screen, and the hosted address links point at when the page itself runs from a file.
//!
//! The limits are those of the places links go, as measured and documented by their
//! makers and users:
//!
//! - up to [`EMAIL_AND_CHAT_MAX`] (1,000) characters a link survives e-mail and chat:
//!   plain-text e-mail breaks lines near 998 characters (RFC 5322's line limit) and
//!   Outlook truncates links past about 1,024;
//! - up to [`MOST_CHAT_MAX`] (2,000) most chat apps carry it (Discord stops at 2,000),
//!   but Outlook cuts it and errs past 2,048;
//! - past that, the link goes as a `.talkback` file (see [`crate::file`]).
//!
//! A QR code holds at most 2,953 bytes (version 40, 177 × 177 modules), but a phone's
//! camera pointed at a laptop screen reads far less: moiré, glare and the screen's pixel
//! grid blur modules smaller than a few screen pixels. Talkback offers the code only up
//! to version 20 at error-correction level L (97 × 97 modules, drawn at 3 px a module:
//! about 315 px), which holds [`QR_SCREEN_MAX_BYTES`] (858) bytes — a conservative limit
//! that the common phone scanners read from a screen at arm's length.

/// Longest link (in characters) that travels by e-mail and chat.
pub const EMAIL_AND_CHAT_MAX: usize = 1000;

/// Longest link (in characters) that most chat apps carry (but not Outlook).
pub const MOST_CHAT_MAX: usize = 2000;

/// Longest link (in bytes) whose QR code is offered: the byte-mode capacity of a
/// version-20 code at error-correction level L.
pub const QR_SCREEN_MAX_BYTES: usize = 858;

/// Where a link of a given length travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// At most [`EMAIL_AND_CHAT_MAX`] characters.
    EmailAndChat,
    /// At most [`MOST_CHAT_MAX`] characters.
    MostChat,
    /// Longer: it needs the file.
    SendFile,
}

impl Reach {
    /// The reach of a link of `chars` characters.
    ///
    /// ```
    /// use talkback_core::reach::Reach;
    /// assert_eq!(Reach::of(590), Reach::EmailAndChat);
    /// assert_eq!(Reach::of(1488), Reach::MostChat);
    /// assert_eq!(Reach::of(6658), Reach::SendFile);
    /// ```
    pub fn of(chars: usize) -> Reach {
        match chars {
            0..=EMAIL_AND_CHAT_MAX => Reach::EmailAndChat,
            _ if chars <= MOST_CHAT_MAX => Reach::MostChat,
            _ => Reach::SendFile,
        }
    }

    /// The label shown after the link's length.
    pub fn label(self) -> &'static str {
        match self {
            Reach::EmailAndChat => "fits e-mail and chat",
            Reach::MostChat => "most chat, not Outlook",
            Reach::SendFile => "send the file",
        }
    }

    /// A CSS class for the label's colour.
    pub fn class(self) -> &'static str {
        match self {
            Reach::EmailAndChat => "reach-green",
            Reach::MostChat => "reach-amber",
            Reach::SendFile => "reach-red",
        }
    }

    /// Whether the link is too long for where links usually go, so the file should be
    /// offered first.
    pub fn needs_file(self) -> bool {
        self != Reach::EmailAndChat
    }
}

/// Whether a QR code of `link` will scan from a screen (see the module's notes).
///
/// ```
/// use talkback_core::reach::{qr_scans, QR_SCREEN_MAX_BYTES};
/// assert!(qr_scans(&"a".repeat(QR_SCREEN_MAX_BYTES)));
/// assert!(!qr_scans(&"a".repeat(QR_SCREEN_MAX_BYTES + 1)));
/// ```
pub fn qr_scans(link: &str) -> bool {
    link.len() <= QR_SCREEN_MAX_BYTES
}

/// The address a link points at: everything before its `#` (empty for a bare fragment).
pub fn address_of(link: &str) -> &str {
    link.split('#').next().unwrap_or_default()
}

/// Why a typed hosted address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
    /// Nothing was typed.
    Empty,
    /// Not an `https://` (or `http://`) address with a host.
    NotWeb,
    /// Spaces or characters an address never has.
    BadCharacters,
}

impl AddressError {
    /// Plain words for the page.
    pub fn message(self) -> &'static str {
        match self {
            AddressError::Empty => "Type the address where Talkback is hosted.",
            AddressError::NotWeb => {
                "That is not a web address. Type the hosted Talkback's address, starting \
                 with https:// (an address on this computer would open nowhere else)."
            }
            AddressError::BadCharacters => {
                "That address has spaces or characters a web address never has."
            }
        }
    }
}

/// The hosted address links should point at, from what the reviewer typed: `https://`
/// or `http://` with a host, no spaces, quotes or angle brackets; any `#…` is dropped. A
/// `file:` address (or any other scheme) is refused: a link must never carry a local path.
///
/// ```
/// use talkback_core::reach::{hosted_address, AddressError};
/// assert_eq!(
///     hosted_address(" https://talkback.example/app/#old ").unwrap(),
///     "https://talkback.example/app/"
/// );
/// assert_eq!(
///     hosted_address("file:///home/ann/talkback.html"),
///     Err(AddressError::NotWeb)
/// );
/// ```
///
/// # Errors
/// [`AddressError`] saying what is wrong.
pub fn hosted_address(typed: &str) -> Result<String, AddressError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(AddressError::Empty);
    }
    if typed
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`^{}|".contains(c))
    {
        return Err(AddressError::BadCharacters);
    }
    let address = address_of(typed);
    let lower = address.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(AddressError::NotWeb)?;
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    // The host part, without any user info or port, must name something.
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || rest.contains('@') {
        return Err(AddressError::NotWeb);
    }
    Ok(address.to_owned())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::qr::qr_code;

    #[test]
    fn labels_change_exactly_at_the_documented_limits() {
        assert_eq!(Reach::of(0), Reach::EmailAndChat);
        assert_eq!(Reach::of(1000), Reach::EmailAndChat);
        assert_eq!(Reach::of(1001), Reach::MostChat);
        assert_eq!(Reach::of(2000), Reach::MostChat);
        assert_eq!(Reach::of(2001), Reach::SendFile);
        assert_eq!(Reach::of(1000).label(), "fits e-mail and chat");
        assert_eq!(Reach::of(1001).label(), "most chat, not Outlook");
        assert_eq!(Reach::of(2001).label(), "send the file");
        assert!(!Reach::of(1000).needs_file());
        assert!(Reach::of(1001).needs_file() && Reach::of(2001).needs_file());
    }

    #[test]
    fn the_qr_limit_is_the_capacity_of_a_version_20_code() {
        let longest = "h".repeat(QR_SCREEN_MAX_BYTES);
        assert!(qr_scans(&longest));
        assert_eq!(qr_code(&longest).unwrap().version, 20);
        let over = "h".repeat(QR_SCREEN_MAX_BYTES + 1);
        assert!(!qr_scans(&over));
        assert_eq!(qr_code(&over).unwrap().version, 21);
        // Bytes, not characters: 430 two-byte characters are 860 bytes.
        assert!(!qr_scans(&"é".repeat(430)));
    }

    #[test]
    fn the_address_is_what_comes_before_the_fragment() {
        assert_eq!(address_of("https://a.example/x#AQ"), "https://a.example/x");
        assert_eq!(address_of("#AQ"), "");
    }

    #[test]
    fn only_web_addresses_are_accepted_as_the_hosted_address() {
        assert_eq!(
            hosted_address("http://talkback.example").unwrap(),
            "http://talkback.example"
        );
        assert_eq!(
            hosted_address("HTTPS://Talkback.example:8443/app?x=1#frag").unwrap(),
            "HTTPS://Talkback.example:8443/app?x=1"
        );
        assert_eq!(hosted_address("   "), Err(AddressError::Empty));
        for not_web in [
            "file:///home/ann/talkback.html",
            "FILE:///C:/Users/ann/talkback.html",
            "javascript:alert(1)",
            "talkback.example",
            "https://",
            "https:///path",
            "https://:80/",
            "https://ann@evil.example/",
            "data:text/html,hi",
        ] {
            assert_eq!(
                hosted_address(not_web),
                Err(AddressError::NotWeb),
                "{not_web}"
            );
        }
        for bad in [
            "https://talk back.example/",
            "https://talkback.example/\"><script>",
            "https://talkback.example/\nx",
        ] {
            assert_eq!(
                hosted_address(bad),
                Err(AddressError::BadCharacters),
                "{bad}"
            );
        }
        for e in [
            AddressError::Empty,
            AddressError::NotWeb,
            AddressError::BadCharacters,
        ] {
            assert!(e.message().ends_with('.'));
        }
    }
}
