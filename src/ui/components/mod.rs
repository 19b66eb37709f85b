//! Components shared by pages. Each only renders its props and emits callbacks.

pub mod anchors;
pub mod blind_review;
pub mod checks;
pub mod editor;
pub mod fields;
pub mod files;
pub mod hosted_address;
pub mod notices;
pub mod preview;
pub mod qr;
pub mod reach;
pub mod rubric_editor;
pub mod scoring;
pub mod share;
