//! Components shared by pages. Each only renders its props and emits callbacks.

pub mod checks;
pub mod fields;
pub mod notices;
pub mod preview;
pub mod scoring;
