//! Descriptive statistics of reviewers' points, and when they disagree.

use crate::rubric::Scale;

/// A criterion shows disagreement when its standard deviation is at least
/// this fraction of the scale's range (max − min points), e.g. 0.8 on 1–5,
/// 1.8 on 0–9.
pub const SD_THRESHOLD: f64 = 0.2;

/// Descriptive statistics of some reviewers' points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// How many values (reviewers who answered).
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Median; the mean of the middle two for an even `n`.
    pub median: f64,
    /// Population standard deviation (divides by `n`).
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// Statistics of `values`, or `None` if there are none.
///
/// ```
/// use talkback_core::committee::stats;
/// let s = stats(&[1.0, 2.0, 4.0, 5.0]).unwrap();
/// assert_eq!((s.n, s.mean, s.median, s.min, s.max), (4, 3.0, 3.0, 1.0, 5.0));
/// assert!((s.sd - 2.5_f64.sqrt()).abs() < 1e-12);
/// assert!(stats(&[]).is_none());
/// ```
pub fn stats(values: &[f64]) -> Option<Stats> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    crate::sort::sort_by(&mut sorted, f64::total_cmp);
    let n = sorted.len();
    #[allow(clippy::cast_precision_loss)] // n is at most a few thousand
    let count = n as f64;
    let mean = sorted.iter().sum::<f64>() / count;
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        f64::midpoint(sorted[n / 2 - 1], sorted[n / 2])
    };
    let variance = sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / count;
    Some(Stats {
        n,
        mean,
        median,
        sd: variance.sqrt(),
        min: sorted[0],
        max: sorted[n - 1],
    })
}

/// Whether `stats` on a scale spanning `range` points show disagreement:
/// two or more answers, and a spread of at least half the range or a
/// standard deviation of at least [`SD_THRESHOLD`] × the range.
///
/// ```
/// use talkback_core::committee::{disagrees, stats};
/// // Votes +1 and −1 (3 and −3 points) on the vote scale (range 6).
/// assert!(disagrees(&stats(&[3.0, -3.0]).unwrap(), 6));
/// assert!(!disagrees(&stats(&[3.0, 1.0]).unwrap(), 6));
/// ```
pub fn disagrees(stats: &Stats, range: i32) -> bool {
    let range = f64::from(range);
    stats.n >= 2
        && range > 0.0
        && (2.0 * (stats.max - stats.min) >= range || stats.sd >= SD_THRESHOLD * range)
}

/// The label of the level worth `median` points, or "low–high" labels of
/// the middle two answers when the median falls between levels.
pub(super) fn median_label(scale: &Scale, points: &[f64], median: f64) -> String {
    let label_of = |p: f64| {
        scale
            .levels()
            .find(|l| (f64::from(l.points) - p).abs() < 1e-9)
            .map(|l| l.label.to_owned())
    };
    if let Some(label) = label_of(median) {
        return label;
    }
    let mut sorted = points.to_vec();
    crate::sort::sort_by(&mut sorted, f64::total_cmp);
    let n = sorted.len();
    let (lo, hi) = (sorted[(n - 1) / 2], sorted[n / 2]);
    format!(
        "{}\u{2013}{}",
        label_of(lo).unwrap_or_default(),
        label_of(hi).unwrap_or_default()
    )
}
