//! Talkback's pure core: everything here is plain Rust on strings and data, with no
//! browser types, so it runs and is tested natively with `cargo test`.
//!
//! This crate's `Cargo.toml` names no UI framework and no browser-binding crate, so the
//! compiler refuses a web import here (`cargo xtask test` also checks its dependency
//! tree); the app crate (`talkback`) depends on this one.
#![deny(missing_docs)]

pub mod anchor;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod arb;
pub mod blind_review;
pub mod checks;
pub mod committee;
pub mod examples;
pub mod exchange;
pub mod feedback;
pub mod file;
pub mod fold;
pub mod json;
pub mod lines;
pub mod link;
pub mod markdown;
pub mod proposal;
pub mod qr;
pub mod reach;
pub mod reasons;
pub mod revision;
pub mod rubric;
pub mod scoring;
pub mod sort;
pub mod timing;
pub mod units;
pub mod workspace;
