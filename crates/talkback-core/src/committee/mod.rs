//! The committee view: many reviews of many proposals, pasted as links,
//! turned into one summary per proposal for the chair.
//!
//! The flow is [`extract_links`] (find every feedback link in pasted text:
//! an e-mail thread, a chat log) → [`summarise_text`] (decode them, drop
//! duplicates, list the bad ones with their reason, and [`summarise`] the
//! good ones) → the exports: [`author_markdown`] for the speaker,
//! [`table_csv`] and [`table_json`] for the committee, and [`combine`] for
//! one combined feedback link.
//!
//! # Groups
//!
//! Reviews are grouped by proposal and by rubric, never mixed silently:
//!
//! - the proposal is recognised by its [`fingerprint`], a 64-bit FNV-1a hash
//!   of the shared (anonymised) proposal text with runs of whitespace made
//!   one space, shown as a short code such as `3F9A-12C4`. A version-2 link
//!   that carries only the proposal's reference (CFP code and content hash,
//!   as the workspace exports them) joins the group of a link with the same
//!   reference and the text, or a group keyed by the reference; reviews with
//!   neither share one group per rubric, "proposal not included", with a
//!   warning.
//! - the rubric by [`RubricKey`]: a preset's id and version, or a hash of a
//!   custom rubric's content.
//!
//! Two fingerprints under the same title (two versions of one proposal) and
//! one proposal under two rubrics each give a [`Warning`].
//!
//! # Statistics
//!
//! Shown in the rubric's own terms: votes, checks and yes/no are counted per
//! label (their points below only order them); a mean, SD and range in points
//! are shown only for scales the rubric numbers ([`has_points`]). The ranking,
//! normalisation and decisions are in ranking.rs (see its docs).
//!
//! Everything is computed on a criterion's points (its scale's points:
//! vote 3 / 1 / −1 / −3, check 2 / 1 / 0, yes/no 1 / 0, ordinal values),
//! over answered criteria only: `n` counts the reviewers who answered. The
//! standard deviation is the **population** one (divide by `n`): the
//! reviewers are all the opinions being summarised, not a sample of some
//! larger set, and one review gives 0 rather than no value. The median of an
//! even count is the mean of the middle two.
//!
//! A criterion shows **disagreement** when at least two reviewers answered
//! and either the spread (max − min) is at least half the scale's range, or
//! the standard deviation is at least [`SD_THRESHOLD`] × the range. On short
//! scales (1–5, votes) the spread rule decides, since a population standard
//! deviation is never more than half the spread; on long scales the second
//! rule also catches a steady split, such as 2, 6, 2, 6 on 0–9.
//!
//! # Reviewer letters
//!
//! Within a group, reviewers are shown as Reviewer A, B, C… ordered by a
//! hash of their review's content: the same reviews always get the same
//! letters, whatever order the links were pasted in, and the letters say
//! nothing about who sent what. Letters are per group, so one person
//! reviewing two proposals is not linked across them.

mod export;
mod extract;
mod ranking;
mod stats;
mod summary;

pub use export::*;
pub use extract::*;
pub use ranking::*;
pub use stats::*;
pub use summary::*;

// Means and medians of small whole numbers are exact in f64; case tables are long.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::float_cmp, clippy::too_many_lines)]
mod tests;
