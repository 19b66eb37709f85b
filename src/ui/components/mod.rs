//! Components shared by pages. Each only renders its props and emits callbacks.

pub mod anchors;
pub mod blind_review;
pub mod checks;
pub mod fields;
pub mod notices;
pub mod preview;
pub mod qr;
pub mod rubric_editor;
pub mod scoring;
pub mod share;
