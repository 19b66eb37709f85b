//! The pure core: everything here is plain Rust on strings and data, with no browser
//! types, so it runs and is tested natively with `cargo test`.
//!
//! Nothing in this module may import a browser or UI crate: it must build and be tested
//! natively, and `cargo xtask test` runs its tests without a browser.
#![deny(missing_docs)]

pub mod anchor;
pub mod anonymise;
pub mod checks;
pub mod committee;
pub mod examples;
pub mod feedback;
pub mod fold;
pub mod json;
pub mod link;
pub mod markdown;
pub mod proposal;
pub mod qr;
pub mod rubric;
pub mod scoring;
pub mod sort;
pub mod timing;
