//! Talkback: review talk proposals in the browser and share the feedback as a link.
//!
//! - The pure core lives in its own crate, [`talkback_core`]: parsing proposals, checks,
//!   the blind-review check, rubrics, scoring, share links, committee summaries. It has no
//!   web dependency, so the compiler keeps it pure and `cargo test` runs it natively.
//! - [`ui`] holds the Yew components, one reducer per page, and the effects that touch
//!   storage and the page.
//!
//! See `docs/architecture.md` for the data path.

pub mod ui;
