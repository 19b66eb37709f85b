//! Random rubrics for the property tests, in one place: the four fixed scales, ordinal
//! scales, and custom rubrics built from random criteria. Each test module keeps its own
//! text alphabet and sizes (what it means to stress); the shapes are built here.

use proptest::prelude::*;

use crate::rubric::{CheckLabels, Level, Rubric, Scale};

/// One of the four scales without levels of their own, or `ordinal`.
pub(crate) fn scale(ordinal: impl Strategy<Value = Scale> + 'static) -> BoxedStrategy<Scale> {
    prop_oneof![
        Just(Scale::Vote),
        Just(Scale::Check(CheckLabels::Standards)),
        Just(Scale::Check(CheckLabels::Marks)),
        Just(Scale::YesNo),
        ordinal,
    ]
    .boxed()
}

/// An ordinal scale of `levels` levels with consecutive values from a random start
/// (wrapping), labelled by `label`, every level with the same random `meaning`.
pub(crate) fn consecutive_levels(
    levels: std::ops::RangeInclusive<usize>,
    label: fn(usize) -> String,
    meaning: impl Strategy<Value = String>,
) -> impl Strategy<Value = Scale> {
    (any::<i8>(), levels, meaning).prop_map(move |(start, n, meaning)| {
        Scale::Ordinal(
            (0..n)
                .map(|i| Level {
                    value: start.wrapping_add(i8::try_from(i).unwrap_or(0)),
                    label: label(i),
                    meaning: meaning.clone(),
                })
                .collect(),
        )
    })
}

/// One random criterion: guidance, scale, weight, required, independent.
pub(crate) type Criterion = (String, Scale, u8, bool, bool);

/// A custom rubric named `name` with `criteria`, labelled “Criterion “0”” and so on.
pub(crate) fn custom_rubric(name: &str, criteria: Vec<Criterion>) -> Rubric {
    let mut r = Rubric::custom(name);
    for (i, (guidance, scale, weight, required, independent)) in criteria.into_iter().enumerate() {
        let c = r.add_criterion(&format!("Criterion “{i}”"), scale);
        c.guidance = guidance;
        c.weight = weight;
        c.required = required;
        c.independent = independent;
    }
    r
}
