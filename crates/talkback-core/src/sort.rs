//! A small stable sort for the short lists the domain sorts (findings, spans, reviewers).
//!
//! The standard library's stable sort is fast on large inputs but adds about 10 KB of
//! WebAssembly for every element type it is used with, and the app's download budget is
//! tight. Insertion sort is a few hundred bytes, stable, and quick for the tens to low
//! hundreds of items sorted here.

use std::cmp::Ordering;

/// Sorts `v` stably by `compare`.
///
/// ```
/// let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
/// talkback_core::sort::sort_by(&mut v, |x, y| x.0.cmp(&y.0));
/// assert_eq!(v, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
/// ```
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && compare(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` stably by the key `key` gives.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably in its natural order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, Ord::cmp);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            super::sort_by_key(&mut ours, |p| p.0);
            let mut std = v;
            #[allow(clippy::disallowed_methods, reason = "the reference the test compares with")]
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std);
        }
    }
}
