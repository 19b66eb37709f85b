//! A conference profile: its limits and habits.

use std::fmt::{self};

// Profile
// ---------------------------------------------------------------------------

/// A conference's limits and habits. A plain struct: the UI edits and saves it,
/// then calls [`Profile::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Shown in messages, e.g. `"PyCon US"`.
    pub name: String,
    /// Longest title in characters; `None` for no limit.
    pub title_max_chars: Option<usize>,
    /// Longest short description in characters; `None` for no limit.
    pub description_max_chars: Option<usize>,
    /// Fewer words than this and the description "says nothing".
    pub description_min_words: usize,
    /// Minutes an outline should leave for questions.
    pub question_minutes: u32,
    /// Slots shorter than this need no time kept for questions (lightning talks).
    pub question_min_slot_minutes: u32,
    /// Talks longer than this should say what they would cut to fit it
    /// (`PyCon` US may schedule a 45-minute talk in a 30-minute slot); `None` to
    /// skip the check.
    pub short_slot_minutes: Option<u32>,
    /// Whether the CFP requires an outline.
    pub outline_required: bool,
    /// Whether round one is blind (identifying details are a problem).
    pub blind_review: bool,
    /// Sentences longer than this many words get a readability tip.
    pub long_sentence_words: usize,
    /// Flesch reading ease below this gets a readability tip (0–100; 0 disables).
    pub min_reading_ease: u32,
    /// Words that show the talk is on topic for the conference (lower case; a
    /// trailing `*` matches any word of four letters or more with that prefix,
    /// so `py*` matches `PyMite` and `pytest`; `*word*` matches any word that
    /// contains `word`, so `*python*` matches `wxPython`); empty to skip the
    /// relevance check.
    pub topic_words: Vec<String>,
}

/// More Python-ecosystem words for [`Profile::pycon_us`]'s relevance check, as
/// data: the names of the 800 most-downloaded `PyPI` packages (split at `-`, `_`
/// and `.`), less English dictionary words, less names not specific to Python
/// (docker, kubernetes, graphql, cuda…) and less those `py*` / `*python*`
/// already match; plus well-known Python libraries, tools and terms below that
/// rank (geopandas, scikit, kivy, web2py, stdlib, dunder…). Lower case,
/// whitespace-separated.
const PYTHON_WORDS: &str = include_str!("python_words.txt");

impl Profile {
    /// `PyCon` US: 100-character titles, 400-character short descriptions,
    /// outline required, blind first round, 45-minute talks need a 30-minute plan.
    ///
    /// ```
    /// use talkback_core::checks::Profile;
    /// let p = Profile::pycon_us();
    /// assert_eq!(p.title_max_chars, Some(100));
    /// assert!(p.validate().is_ok());
    /// ```
    pub fn pycon_us() -> Self {
        const TOPIC: &[&str] = &[
            "python",
            "pythonic",
            "pythonista",
            "pythonistas",
            "cpython",
            "pypy",
            "micropython",
            "circuitpython",
            "pyodide",
            "pyscript",
            "pypi",
            "pip",
            "pep",
            "django",
            "flask",
            "fastapi",
            "pyramid",
            "numpy",
            "pandas",
            "scipy",
            "jupyter",
            "ipython",
            "pytest",
            "asyncio",
            "matplotlib",
            "sqlalchemy",
            "celery",
            "twisted",
            "cython",
            "conda",
            "jython",
            "ironpython",
            "zope",
            "plone",
            "pylons",
            "turbogears",
            "trac",
            "sphinx",
            "tkinter",
            "gevent",
            "tornado",
            "pydantic",
            "wsgi",
            "asgi",
            "mypy",
            "ruff",
            "uv",
            "poetry",
            "hatch",
            "setuptools",
            "wheel",
            "wheels",
            "virtualenv",
            "venv",
            "py*",
            "*python*",
        ];
        Profile {
            name: "PyCon US".to_owned(),
            title_max_chars: Some(100),
            description_max_chars: Some(400),
            description_min_words: 25,
            question_minutes: 5,
            question_min_slot_minutes: 25,
            short_slot_minutes: Some(30),
            outline_required: true,
            blind_review: true,
            long_sentence_words: 40,
            min_reading_ease: 30,
            topic_words: TOPIC
                .iter()
                .copied()
                .chain(PYTHON_WORDS.split_ascii_whitespace())
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Checks the limits make sense.
    ///
    /// # Errors
    ///
    /// Every invalid setting, each naming its field, so the UI can show it next
    /// to the input.
    ///
    /// ```
    /// use talkback_core::checks::Profile;
    /// let mut p = Profile::pycon_us();
    /// p.title_max_chars = Some(0);
    /// p.question_minutes = 90;
    /// let errors = p.validate().unwrap_err();
    /// assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(),
    ///            ["title_max_chars", "question_minutes"]);
    /// ```
    pub fn validate(&self) -> Result<(), Vec<ProfileError>> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, message: &str| {
            errors.push(ProfileError {
                field,
                message: message.to_owned(),
            });
        };
        if self.name.trim().is_empty() {
            err("name", "Give the conference a name.");
        }
        if self
            .title_max_chars
            .is_some_and(|n| !(10..=1000).contains(&n))
        {
            err(
                "title_max_chars",
                "A title limit should be between 10 and 1,000 characters.",
            );
        }
        if self
            .description_max_chars
            .is_some_and(|n| !(50..=100_000).contains(&n))
        {
            err(
                "description_max_chars",
                "A description limit should be between 50 and 100,000 characters.",
            );
        }
        if self.description_min_words > 500 {
            err(
                "description_min_words",
                "The minimum should be 500 words or fewer.",
            );
        } else if let Some(max) = self.description_max_chars {
            // Two characters per word is the least a word can take.
            if self.description_min_words.saturating_mul(2) > max {
                err(
                    "description_min_words",
                    "The minimum number of words cannot fit in the description limit.",
                );
            }
        }
        if self.question_minutes > 60 {
            err("question_minutes", "Keep at most 60 minutes for questions.");
        }
        if self.question_min_slot_minutes > 600 {
            err(
                "question_min_slot_minutes",
                "Use a slot length of at most 600 minutes.",
            );
        }
        if self
            .short_slot_minutes
            .is_some_and(|m| !(5..=600).contains(&m))
        {
            err(
                "short_slot_minutes",
                "A short slot should be between 5 and 600 minutes.",
            );
        }
        if self.long_sentence_words != 0 && !(10..=200).contains(&self.long_sentence_words) {
            err(
                "long_sentence_words",
                "A long sentence should be between 10 and 200 words (0 turns the tip off).",
            );
        }
        if self.min_reading_ease > 100 {
            err("min_reading_ease", "Reading ease goes from 0 to 100.");
        }
        if self.topic_words.iter().any(|w| w.trim().is_empty()) {
            err("topic_words", "Remove the empty topic words.");
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::pycon_us()
    }
}

/// One invalid setting in a [`Profile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// The [`Profile`] field name, e.g. `"title_max_chars"`.
    pub field: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ProfileError {}

// ---------------------------------------------------------------------------
