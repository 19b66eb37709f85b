//! Root views, one per page, each owning its reducer.

pub mod feedback;
pub mod review;
