//! Talkback: review talk proposals in the browser and share the feedback as a link.
//!
//! - [`domain`] is pure Rust (no web imports) and tested natively: parsing proposals,
//!   rendering Markdown safely, bundled examples.
//! - [`ui`] holds the Yew components, one reducer per page, and the effects that touch
//!   storage and the page.
//!
//! See `docs/architecture.md` for the data path.

pub mod domain;
pub mod ui;
