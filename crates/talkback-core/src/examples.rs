//! Real proposals bundled for "Try an example": three PyCon US talk records (`CC0-1.0`,
//! pyvideo/data), laid out as drafts. A handful of records, not the corpus.

/// One bundled example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// What the example menu shows.
    pub name: &'static str,
    /// The draft's Markdown.
    pub markdown: &'static str,
}

/// The bundled examples, in menu order.
///
/// ```
/// use talkback_core::examples::EXAMPLES;
/// assert!(EXAMPLES.iter().all(|e| e.markdown.starts_with("# ")));
/// ```
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "Passing Exceptions 101 (PyCon US 2017)",
        markdown: include_str!("examples/passing-exceptions.md"),
    },
    Example {
        name: "Fuzzy Search Algorithms (PyCon US 2017)",
        markdown: include_str!("examples/fuzzy-search.md"),
    },
    Example {
        name: "Wrestling Python into LLVM IR (PyCon US 2016)",
        markdown: include_str!("examples/python-into-llvm.md"),
    },
];

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::EXAMPLES;
    use crate::proposal::{parse, FieldKind};

    #[test]
    fn every_example_has_the_fields_the_page_shows() {
        for example in EXAMPLES {
            let proposal = parse(example.markdown);
            assert!(
                proposal.title().is_some_and(|t| !t.is_empty()),
                "{}",
                example.name
            );
            assert!(proposal.duration_minutes().is_some(), "{}", example.name);
            assert!(
                proposal
                    .text(FieldKind::Description)
                    .is_some_and(|d| d.len() > 200),
                "{}",
                example.name
            );
        }
    }
}
