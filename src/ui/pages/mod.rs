//! Root views, one per page, each owning its reducer.

pub mod committee;
pub mod committee_reader;
pub mod feedback;
#[cfg(feature = "workspace")]
pub mod proposals;
pub mod review;
