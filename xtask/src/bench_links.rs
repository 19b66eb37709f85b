//! `cargo xtask bench-links [CORPUS.json]`: how long share links are.
//!
//! For every talk of the corpus it builds a realistic review on each preset
//! rubric (deterministic pseudo-random answers; comments assembled from a
//! bank of mentor phrases with words of the talk mixed in) and measures the
//! fragment of three kinds of link:
//!
//! - *scores only*: answers, no text;
//! - *review*: answers, criterion comments, comments for the author and the
//!   committee, passage comments, sometimes a pseudonym;
//! - *review + proposal*: the same plus the proposal as Markdown.
//!
//! Side by side, in the same run, it measures what the TypeScript
//! Playground's approach would give: serde_json of the same `SharedReview`
//! through lz-string's `compressToEncodedURIComponent`.
//!
//! The link dictionary was trained on the talks of 2018 and before, so the
//! figures are for the held-out talks of 2019 and later (a corpus with no
//! such talks is reported whole). `--all` reports every talk instead.
//!
//! `--train-dictionary OUT` rebuilds a dictionary the way `dictionary-v1.bin`
//! was built (COVER-style segment selection over those training talks, then
//! the preset rubrics' texts). A new dictionary needs a new method byte in
//! `domain::link`: never overwrite `dictionary-v1.bin`.
//!
//! `--speaker-over N` measures only the speaker links and says what the
//! ones over `N` characters carry (comment lengths, passage quotes), and how
//! long each would be with every quoted passage's context (the speaker form
//! before the compact one).
//! `--revisions` measures mentoring revision links instead: for each talk, a
//! one-paragraph edit of its proposal (a sentence added, a word dropped) with
//! one reply, as a delta revision (the reviewer has the base) and as a full
//! revision (`link::rounds`).
//!
//! The last line printed is one JSON object with the headline figures.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use serde_json::{json, Value};
use talkback_core::anchor::{Anchor, AnchoredComment};
use talkback_core::link::{
    decode_link, encode_fragment, encode_link, encode_speaker_link, speaker_view, LinkKind,
    ProposalRef, SharedReview,
};
use talkback_core::rubric::{presets, Rubric};
use talkback_core::scoring::Review;

/// Talks of this year and later are held out from dictionary training.
const FIRST_HELD_OUT_YEAR: u32 = 2019;

/// The codec's cost in the wasm build, in bytes (raw, gzip -9): a minimal
/// cdylib (wasm32-unknown-unknown, release, `opt-level = "z"`, `lto = true`,
/// `codegen-units = 1`, `panic = "abort"`, `strip = true`, no wasm-opt)
/// exporting one function that builds a `Review` on a preset and resolves
/// it: 30,998 / 13,858 bytes; the same function also calling
/// `encode_fragment` and `decode`: 107,533 / 44,961 bytes. Of the
/// difference, the 32 KiB dictionary is 13,535 bytes gzipped; the rest is
/// postcard, the serde code of the wire structs, the model and the checks.
/// Measured with Rust 1.95 when the link format was frozen; re-measure by
/// hand if the codec's dependencies change.
const WASM_COST: (u64, u64) = (76_535, 31_103);

/// One record of the corpus.
pub struct Talk {
    /// `pycon-us-2019` and the like.
    pub event: String,
    /// Talk title.
    pub title: String,
    /// Speakers' description.
    pub description: String,
    /// Seconds, when known.
    pub duration: Option<u64>,
}

impl Talk {
    /// The year in the event name, if any.
    pub fn year(&self) -> Option<u32> {
        self.event.rsplit('-').next().and_then(|y| y.parse().ok())
    }

    /// The proposal as the reviewer would share it.
    pub fn proposal(&self) -> String {
        let minutes = self.duration.map_or(30, |s| (s + 30) / 60);
        format!(
            "# {}\n\nDuration: {minutes} minutes\n\n## Description\n\n{}",
            self.title, self.description
        )
    }
}

/// Reads a corpus file: a JSON list of records with `title` and
/// `description` (and optionally `event`, `duration`).
pub fn load_corpus(path: &PathBuf) -> Result<Vec<Talk>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let records = value
        .as_array()
        .ok_or_else(|| format!("{} should hold a list of talks", path.display()))?;
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let field = |name: &str| r.get(name).and_then(Value::as_str).map(str::to_owned);
            Ok(Talk {
                event: field("event").unwrap_or_default(),
                title: field("title").ok_or_else(|| format!("talk {i} has no title"))?,
                description: field("description")
                    .ok_or_else(|| format!("talk {i} has no description"))?,
                duration: r.get("duration").and_then(Value::as_u64),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Deterministic pseudo-random reviews
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Sentences a mentor or committee member might write. `{k}` is replaced by
/// a word from the talk's title, `{n}` by a small number, `{m}` by minutes.
const PHRASES: &[&str] = &[
    "The title is clear and tells me what the talk is about.",
    "I'd make the title a little more specific; right now it could be about almost anything to do with {k}.",
    "Love the hook in the first sentence!",
    "The first paragraph takes a while to get to the point.",
    "Who is this for? Beginners, or people who already use {k} every day?",
    "Say who the audience is up front, and what they should already know.",
    "It's not obvious what I'd walk away with. Can you list {n} takeaways?",
    "The takeaways are concrete, which committees like.",
    "Consider adding an outline with rough timings; {m} minutes goes fast.",
    "The outline looks too full for the slot. What would you cut if you ran long?",
    "If there's a live demo, have a recording ready in case the Wi-Fi dies.",
    "Nice that you mention a fallback for the demo.",
    "This would fit a Python conference well, but make the link to Python explicit.",
    "I'm not sure why this belongs at PyCon rather than a {k} meetup.",
    "The description repeats the abstract almost word for word; use the space to add detail.",
    "Drop the company name to keep the review blind.",
    "There's a link to your GitHub in the notes; reviewers will see it in round one.",
    "Good use of a concrete example.",
    "A short code sample in the notes would help reviewers judge the level.",
    "The tone is friendly and confident without overselling.",
    "Avoid words like \"simply\" and \"just\"; they make beginners feel left out.",
    "Typo in the second paragraph.",
    "Split the long second paragraph into two.",
    "Some sentences are very long; try reading it out loud.",
    "You mention {k} three times but never say what problem it solves for the audience.",
    "What do you know about {k} that the audience doesn't? Say it; that's why they'd come.",
    "Great topic, and there aren't many talks on it yet.",
    "This topic has been covered a lot in recent years; what's new in your take?",
    "The level seems intermediate, but the description reads like an introduction.",
    "Mention the Python version and the libraries you'll use.",
    "I'd move the story about how you got into {k} to the end, or cut it.",
    "Clear structure: problem, approach, results. Keep it.",
    "The last section feels rushed compared to the rest.",
    "Numbers help: how much faster, how many users, how many lines?",
    "Be careful promising to cover everything in {m} minutes.",
    "Q&A time isn't in the plan.",
    "The notes are useful context for the committee.",
    "The notes could say why you're the right person to give this talk, without naming yourself.",
    "Consider a tutorial slot instead; this feels hands-on.",
    "Pick one of the two ideas here; together they're two talks.",
    "Well written overall.",
    "I'd vote for it as it stands.",
    "Borderline for me; a sharper audience statement would tip it.",
    "Happy to look at another draft before the deadline.",
    "Follow the CFP's length limit: the description is a bit long.",
    "The bullet list of topics is easy to scan.",
    "Try ending the description with what attendees can do on Monday morning.",
    "Jargon such as \"{k}\" needs a one-line explanation for newcomers.",
    "Is there a repository or notebook attendees can follow along with?",
    "A diagram or two in the slides would help with the architecture part.",
    "Accessibility: describe the demo aloud for people who can't see the screen.",
    "The abstract promises more than {n} topics; trim to what fits.",
    "Real-world failure stories are memorable, so keep the incident in the middle.",
    "Be specific about the scale you worked at.",
    "I'm not convinced the comparison with other tools will be fair in {m} minutes.",
    "Nice balance of theory and practice.",
    "Consider a less jokey title; some reviewers skim.",
    "Remove the exclamation marks.",
    "Lead with the problem, not the tool.",
    "The second half, about testing {k}, is the strongest part.",
    "Good, but the why is missing.",
    "Reviewers read hundreds of these; make the first line count.",
    "Check the spelling of library names.",
    "Prerequisites: would someone who has only done the tutorial keep up?",
    "The story arc works for me.",
    "Could you share slides from an earlier version of the talk?",
    "Keep the live coding short; pre-write most of it.",
    "I learned something just from reading the proposal, which is a good sign.",
];

const PSEUDONYMS: &[&str] = &[
    "Reviewer 3",
    "Sam",
    "A. M.",
    "your mentor",
    "Priya",
    "PyCon reviewer",
    "Kofi",
    "M",
];

fn title_word<'a>(rng: &mut Rng, title: &'a str) -> &'a str {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() >= 4)
        .collect();
    if words.is_empty() {
        "this"
    } else {
        words[rng.below(words.len())]
    }
}

/// A comment of roughly `target` characters (at most `max`), sentences
/// drawn without repeats from [`PHRASES`] with the talk's words mixed in.
fn comment(rng: &mut Rng, talk: &Talk, used: &mut Vec<usize>, target: usize, max: usize) -> String {
    let mut out = String::new();
    while out.chars().count() < target {
        let mut i = rng.below(PHRASES.len());
        while used.contains(&i) && used.len() < PHRASES.len() {
            i = (i + 1) % PHRASES.len();
        }
        used.push(i);
        let n = rng.range(2, 4).to_string();
        let minutes = talk.duration.map_or(30, |s| (s + 30) / 60).to_string();
        let sentence = PHRASES[i]
            .replace("{k}", title_word(rng, &talk.title))
            .replace("{n}", &n)
            .replace("{m}", &minutes);
        let sep = if out.is_empty() {
            ""
        } else if rng.chance(15) {
            "\n\n"
        } else {
            " "
        };
        if out.chars().count() + sep.len() + sentence.chars().count() > max {
            if out.is_empty() {
                out = sentence.chars().take(max).collect();
            }
            break;
        }
        out.push_str(sep);
        out.push_str(&sentence);
        if used.len() >= PHRASES.len() {
            used.clear();
        }
    }
    out
}

/// A random passage of the description: start and end on word boundaries.
fn passage(rng: &mut Rng, proposal: &str, description_start: usize) -> std::ops::Range<usize> {
    let starts: Vec<usize> = proposal
        .char_indices()
        .filter(|&(i, c)| i >= description_start && c == ' ')
        .map(|(i, _)| i + 1)
        .collect();
    if starts.is_empty() {
        return description_start..proposal.len();
    }
    let start = starts[rng.below(starts.len())];
    let want = rng.range(15, 90);
    let end = proposal[start..]
        .char_indices()
        .find(|&(i, c)| i >= want && c == ' ')
        .map_or(proposal.len(), |(i, _)| start + i);
    start..end
}

/// What a generated review contains.
pub struct Generated {
    /// Scores only.
    pub scores: Review,
    /// The full review (without the proposal).
    pub review: Review,
    /// The proposal text.
    pub proposal: String,
}

/// The deterministic review of talk number `index` on `rubric`.
///
/// Answers: each criterion answered with probability 95 % (required) or
/// 60 % (optional), any level. Criterion comments: empty with probability
/// 40 %, else 20–200 characters. Author comment: 100–600 characters.
/// Committee comment (not on the mentor's checklist): half the time,
/// 40–300 characters. Passage comments: 0–3, each 20–160 characters on a
/// passage of 15–90 characters. Pseudonym: 30 % of reviews.
pub fn generate(talk: &Talk, index: usize, preset_no: usize, rubric: &Rubric) -> Generated {
    let mut rng = Rng::new((index as u64) << 8 | preset_no as u64);
    let proposal = talk.proposal();
    let description_start = proposal.find("## Description\n\n").map_or(0, |i| i + 16);
    let mut review = Review::for_rubric(rubric);
    for (i, c) in rubric.criteria.iter().enumerate() {
        if rng.chance(if c.required { 95 } else { 60 }) {
            review.answers[i] = u8::try_from(rng.below(c.scale.len())).ok();
        }
    }
    let scores = review.clone();
    let mut used = Vec::new();
    for i in 0..rubric.criteria.len() {
        if rng.chance(60) {
            let target = rng.range(20, 200);
            review.criterion_comments[i] = comment(&mut rng, talk, &mut used, target, 200);
        }
    }
    let target = rng.range(100, 600);
    review.author_comment = comment(&mut rng, talk, &mut used, target, 600);
    if rubric.id != "mentor-checklist" && rng.chance(50) {
        let target = rng.range(40, 300);
        review.committee_comment = comment(&mut rng, talk, &mut used, target, 300);
    }
    for _ in 0..rng.range(0, 3) {
        let range = passage(&mut rng, &proposal, description_start);
        let target = rng.range(20, 160);
        review.anchors.push(AnchoredComment {
            audience: None,
            anchor: Anchor::new(&proposal, range),
            comment: comment(&mut rng, talk, &mut used, target, 160),
        });
    }
    if rng.chance(30) {
        review.pseudonym = Some(rng.pick(PSEUDONYMS).to_owned());
    }
    Generated {
        scores,
        review,
        proposal,
    }
}

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

#[derive(Default)]
struct Series {
    ours: Vec<usize>,
    lz: Vec<usize>,
    ratios: Vec<f64>,
}

impl Series {
    fn add(&mut self, shared: &SharedReview) -> Result<(), String> {
        let ours = encode_fragment(shared)
            .map_err(|e| format!("could not encode a generated review: {e}"))?
            .len();
        self.push(ours, shared)
    }

    /// The speaker link of `shared` (review only) as the reviewer sends it:
    /// the compact speaker form, with the proposal reference (content hash) of
    /// `proposal`, the passages placed by occurrence in it; lz-string gets the
    /// JSON of what the link carries (the speaker view, passages by occurrence).
    fn add_speaker(&mut self, shared: &SharedReview, proposal: &str) -> Result<(), String> {
        let reference = ProposalRef::of(proposal, None);
        let link = encode_speaker_link(shared, &reference, proposal, "")
            .map_err(|e| format!("could not encode a generated review: {e}"))?;
        let carried = decode_link(&link).map_err(|e| e.to_string())?.shared;
        let ours = link.len() - 1; // the '#'
        self.push(ours, &carried)
    }

    fn push(&mut self, ours: usize, shared: &SharedReview) -> Result<(), String> {
        let json = serde_json::to_string(shared).map_err(|e| e.to_string())?;
        let lz = lz_str::compress_to_encoded_uri_component(json.as_str()).len();
        self.ours.push(ours);
        self.lz.push(lz);
        self.ratios.push(ours as f64 / lz as f64);
        Ok(())
    }
}

fn percentile(values: &[usize], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_unstable();
    if v.is_empty() {
        return 0.0;
    }
    let rank = p * (v.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    v[lo] as f64 + (v[hi] as f64 - v[lo] as f64) * (rank - lo as f64)
}

fn median_f64(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

fn share_within(values: &[usize], limit: usize) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|&&v| v <= limit).count() as f64 / values.len() as f64
}

/// Figures of every generated link of `talks` (each with its index in the corpus).
struct Figures {
    scores: Series,
    review: Series,
    review_proposal: Series,
    speaker: Series,
}

fn measure(talks: &[(usize, &Talk)]) -> Result<Figures, String> {
    let rubrics = presets();
    let mut figures = Figures {
        scores: Series::default(),
        review: Series::default(),
        review_proposal: Series::default(),
        speaker: Series::default(),
    };
    for &(index, talk) in talks {
        for (preset_no, rubric) in rubrics.iter().enumerate() {
            let g = generate(talk, index, preset_no, rubric);
            figures.scores.add(&SharedReview {
                review: g.scores,
                proposal: None,
            })?;
            let mut shared = SharedReview {
                review: g.review,
                proposal: None,
            };
            figures.review.add(&shared)?;
            figures.speaker.add_speaker(&shared, &g.proposal)?;
            shared.proposal = Some(g.proposal);
            figures.review_proposal.add(&shared)?;
        }
    }
    Ok(figures)
}

fn row(out: &mut String, name: &str, s: &Series) {
    let _ = writeln!(
        out,
        "{name:<18} {:>7.0} {:>6.0} {:>6} {:>7.1}%   {:>7.0} {:>6.0} {:>7.1}%   {:>6.3}",
        percentile(&s.ours, 0.5),
        percentile(&s.ours, 0.9),
        s.ours.iter().max().copied().unwrap_or(0),
        100.0 * share_within(&s.ours, 1000),
        percentile(&s.lz, 0.5),
        percentile(&s.lz, 0.9),
        100.0 * share_within(&s.lz, 1000),
        median_f64(&s.ratios),
    );
}

/// Runs the command; `args` are what follows `bench-links`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut corpus = None;
    let mut train_out = None;
    let mut all = false;
    let mut over: Option<usize> = None;
    let mut revisions = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--train-dictionary" => {
                train_out = Some(PathBuf::from(
                    it.next().ok_or("--train-dictionary needs a file name")?,
                ));
            }
            "--all" => all = true,
            "--speaker-over" => {
                let n = it
                    .next()
                    .ok_or("--speaker-over needs a number of characters")?;
                over = Some(n.parse().map_err(|_| format!("not a number: {n}"))?);
            }
            "--revisions" => revisions = true,
            flag if flag.starts_with('-') => {
                return Err(format!(
                    "unknown option `{flag}`\nusage: cargo xtask bench-links [--all] [--revisions] \
                     [--speaker-over N] [--train-dictionary OUT] [CORPUS.json]"
                ))
            }
            path => corpus = Some(PathBuf::from(path)),
        }
    }
    let path =
        corpus.unwrap_or_else(|| crate::root().join("tests/fixtures/corpus/pycon-us-talks.json"));
    let talks = load_corpus(&path)?;
    let indexed: Vec<(usize, &Talk)> = talks.iter().enumerate().collect();
    let training: Vec<(usize, &Talk)> = indexed
        .iter()
        .copied()
        .filter(|(_, t)| t.year().is_some_and(|y| y < FIRST_HELD_OUT_YEAR))
        .collect();

    if let Some(out) = train_out {
        let samples: Vec<String> = training.iter().map(|(_, t)| t.proposal()).collect();
        let dictionary = train_dictionary(&samples, &presets(), DICTIONARY_BYTES);
        std::fs::write(&out, &dictionary)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        println!(
            "wrote {} ({} bytes) from {} talks before {FIRST_HELD_OUT_YEAR}",
            out.display(),
            dictionary.len(),
            samples.len()
        );
        return Ok(());
    }

    let held_out: Vec<(usize, &Talk)> = indexed
        .iter()
        .copied()
        .filter(|(_, t)| t.year().is_some_and(|y| y >= FIRST_HELD_OUT_YEAR))
        .collect();
    let (part, label) = if all || held_out.is_empty() {
        (indexed.clone(), "every talk in the file".to_owned())
    } else {
        (
            held_out,
            format!(
                "held-out talks ({FIRST_HELD_OUT_YEAR} and later; the dictionary was trained \
                 on {} earlier ones)",
                training.len()
            ),
        )
    };
    if let Some(limit) = over {
        return explain_speaker_links(&part, limit);
    }
    if revisions {
        return run_revisions(&part, &label);
    }
    let started = Instant::now();
    let figures = measure(&part)?;
    let elapsed = started.elapsed();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Share-link lengths (characters of fragment) for {} talks x {} preset rubrics, {label}",
        part.len(),
        presets().len()
    );
    let _ = writeln!(out, "corpus: {}", path.display());
    let _ = writeln!(
        out,
        "{:<18} {:>7} {:>6} {:>6} {:>8}   {:>7} {:>6} {:>8}   {:>6}",
        "", "median", "p90", "max", "<=1000", "lz med", "lz p90", "lz<=1000", "ratio"
    );
    row(&mut out, "scores only", &figures.scores);
    row(&mut out, "review", &figures.review);
    row(&mut out, "review + proposal", &figures.review_proposal);
    row(&mut out, "speaker link", &figures.speaker);
    let _ = writeln!(
        out,
        "(lz = serde_json of the same SharedReview through lz-string \
         compressToEncodedURIComponent; ratio = median of per-link ours / lz; the speaker \
         link is the review only, as the speaker receives it: its speaker view, with the \
         proposal's content hash)"
    );
    let _ = writeln!(
        out,
        "codec wasm cost: +{} bytes raw, +{} bytes gzip (measured by hand, see WASM_COST)",
        WASM_COST.0, WASM_COST.1
    );
    let links = 3 * figures.review_proposal.ours.len();
    let _ = writeln!(
        out,
        "time: {links} links encoded (with JSON + lz-string alongside) in {:.1} s, {:.2} ms each \
         on average, after one dictionary priming",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / links as f64
    );
    let rp = &figures.review_proposal;
    let _ = writeln!(
        out,
        "review + proposal: p80 {:.0} characters; {:.1}% within 2,000, {:.1}% within 4,000 \
         (chat apps)",
        percentile(&rp.ours, 0.8),
        100.0 * share_within(&rp.ours, 2000),
        100.0 * share_within(&rp.ours, 4000),
    );
    print!("{out}");
    let summary = json!({
        "talks": part.len(),
        "links_per_kind": rp.ours.len(),
        "part": if all || label.starts_with("every") { "all" } else { "held-out" },
        "scores_median": percentile(&figures.scores.ours, 0.5),
        "review_median": percentile(&figures.review.ours, 0.5),
        "review_p90": percentile(&figures.review.ours, 0.9),
        "review_proposal_median": percentile(&rp.ours, 0.5),
        "review_proposal_p90": percentile(&rp.ours, 0.9),
        "review_proposal_max": rp.ours.iter().max().copied().unwrap_or(0),
        "review_proposal_p80": percentile(&rp.ours, 0.8),
        "review_proposal_share_le_1000": share_within(&rp.ours, 1000),
        "review_proposal_share_le_2000": share_within(&rp.ours, 2000),
        "lz_scores_median": percentile(&figures.scores.lz, 0.5),
        "lz_review_median": percentile(&figures.review.lz, 0.5),
        "lz_review_proposal_median": percentile(&rp.lz, 0.5),
        "ratio_review_vs_lz": median_f64(&figures.review.ratios),
        "ratio_review_proposal_vs_lz": median_f64(&rp.ratios),
        "wasm_cost_gzip": WASM_COST.1,
        "speaker_median": percentile(&figures.speaker.ours, 0.5),
        "speaker_p90": percentile(&figures.speaker.ours, 0.9),
        "speaker_max": figures.speaker.ours.iter().max().copied().unwrap_or(0),
        "speaker_share_le_1000": share_within(&figures.speaker.ours, 1000),
        "lz_speaker_median": percentile(&figures.speaker.lz, 0.5),
        "ratio_speaker_vs_lz": median_f64(&figures.speaker.ratios),
    });
    println!("{summary}");
    Ok(())
}

/// The speaker link's fragment length for `review` of `proposal`: the compact
/// form the app sends, or (`compact` false) with every passage's context.
fn speaker_length(review: &Review, proposal: &str, compact: bool) -> Result<usize, String> {
    let shared = SharedReview {
        review: review.clone(),
        proposal: None,
    };
    let reference = ProposalRef::of(proposal, None);
    let link = if compact {
        encode_speaker_link(&shared, &reference, proposal, "")
    } else {
        encode_link(&shared, LinkKind::SpeakerFeedback, &reference, "")
    };
    link.map(|link| link.len() - 1)
        .map_err(|e| format!("could not encode a generated review: {e}"))
}

/// `--speaker-over LIMIT`: what the speaker links over `limit` characters carry.
fn explain_speaker_links(talks: &[(usize, &Talk)], limit: usize) -> Result<(), String> {
    let rubrics = presets();
    let (mut total, mut long) = (0, 0);
    let mut per_rubric: HashMap<String, (usize, usize)> = HashMap::new();
    println!(
        "speaker links over {limit} characters: length, rubric, characters of text the \
         speaker reads (author comment + criterion comments + passage comments), \
         criterion comments shown, passages (quote + context characters), length with \
         every passage's context"
    );
    for &(index, talk) in talks {
        for (preset_no, rubric) in rubrics.iter().enumerate() {
            let g = generate(talk, index, preset_no, rubric);
            let view = speaker_view(&SharedReview {
                review: g.review,
                proposal: None,
            })
            .review;
            let length = speaker_length(&view, &g.proposal, true)?;
            total += 1;
            let entry = per_rubric.entry(rubric.id.clone()).or_default();
            entry.0 += 1;
            if length <= limit {
                continue;
            }
            long += 1;
            entry.1 += 1;
            let count = |s: &str| s.chars().count();
            let criteria: Vec<usize> = view
                .criterion_comments
                .iter()
                .map(|c| count(c))
                .filter(|&n| n > 0)
                .collect();
            let anchors: usize = view.anchors.iter().map(|a| count(&a.comment)).sum();
            let quoted: usize = view
                .anchors
                .iter()
                .map(|a| count(&a.anchor.quote) + count(&a.anchor.prefix) + count(&a.anchor.suffix))
                .sum();
            let with_context = speaker_length(&view, &g.proposal, false)?;
            println!(
                "{length:>5}  {:<20} text {:>5} = author {:>3} + criteria {:>4} + passages {:>3}; \
                 {} criterion comments; {} passages ({quoted} quoted); with context {with_context}",
                rubric.id,
                count(&view.author_comment) + criteria.iter().sum::<usize>() + anchors,
                count(&view.author_comment),
                criteria.iter().sum::<usize>(),
                anchors,
                criteria.len(),
                view.anchors.len(),
            );
        }
    }
    let mut ids: Vec<_> = per_rubric.into_iter().collect();
    ids.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, (n, over)) in &ids {
        println!("{id:<20} {over:>4} of {n} over {limit}");
    }
    println!("{long} of {total} speaker links over {limit} characters");
    Ok(())
}

// ---------------------------------------------------------------------------
// Dictionary training
// ---------------------------------------------------------------------------

/// Size of the dictionary, rubric texts included.
const DICTIONARY_BYTES: usize = 32 * 1024;
/// Length of the substrings ("d-mers") whose frequency is counted.
const DMER: usize = 8;
/// Length of each segment copied into the dictionary.
const SEGMENT: usize = 48;

fn dmer_key(bytes: &[u8]) -> u64 {
    // FNV-1a: collisions only blur the statistics a little.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A deflate dictionary: the preset rubrics' texts first (far from the
/// data, used by custom rubrics derived from a preset), then segments of
/// the samples chosen COVER-style (Liao et al., as in zstd's trainer): each
/// d-mer is worth the number of samples it occurs in; the samples are cut
/// into as many epochs as there are segments to pick, the best-scoring
/// segment of each epoch is taken and its d-mers are then worth nothing.
/// The best segments go last, nearest the data, where distances are cheapest.
pub fn train_dictionary(samples: &[String], rubrics: &[Rubric], size: usize) -> Vec<u8> {
    let mut dictionary = Vec::new();
    for rubric in rubrics {
        dictionary.extend_from_slice(rubric_text(rubric).as_bytes());
    }
    let size = size.saturating_sub(dictionary.len());
    let mut worth: HashMap<u64, u32> = HashMap::new();
    for s in samples {
        let bytes = s.as_bytes();
        let mut seen: Vec<u64> = bytes.windows(DMER).map(dmer_key).collect();
        seen.sort_unstable();
        seen.dedup();
        for k in seen {
            *worth.entry(k).or_default() += 1;
        }
    }
    // A d-mer seen in one talk only is noise.
    worth.retain(|_, n| *n > 1);
    let all: Vec<u8> = samples.join("\n").into_bytes();
    let segments = (size / SEGMENT).max(1);
    let epoch_len = (all.len() / segments).max(SEGMENT);
    let mut chosen: Vec<(u64, Vec<u8>)> = Vec::new();
    for epoch in all.chunks(epoch_len) {
        if epoch.len() < SEGMENT {
            continue;
        }
        let mut best: Option<(u64, &[u8])> = None;
        for start in 0..=epoch.len() - SEGMENT {
            let segment = &epoch[start..start + SEGMENT];
            let mut keys: Vec<u64> = segment.windows(DMER).map(dmer_key).collect();
            keys.sort_unstable();
            keys.dedup();
            let score: u64 = keys
                .iter()
                .map(|k| u64::from(worth.get(k).copied().unwrap_or(0)))
                .sum();
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, segment));
            }
        }
        if let Some((score, segment)) = best {
            for k in segment.windows(DMER).map(dmer_key) {
                worth.remove(&k);
            }
            chosen.push((score, segment.to_vec()));
        }
    }
    chosen.sort_by_key(|(score, _)| *score);
    for (_, segment) in chosen {
        dictionary.extend_from_slice(&segment);
    }
    dictionary
}

/// The words of a rubric, in the order a custom rubric's body holds them.
fn rubric_text(rubric: &Rubric) -> String {
    let mut text = rubric.name.clone();
    for c in &rubric.criteria {
        text.push_str(&c.key);
        text.push_str(&c.label);
        text.push_str(&c.guidance);
        if let talkback_core::rubric::Scale::Ordinal(levels) = &c.scale {
            for l in levels {
                text.push_str(&l.label);
                text.push_str(&l.meaning);
            }
        }
    }
    text
}

// ---------------------------------------------------------------------------
// Revision links (mentoring)
// ---------------------------------------------------------------------------

/// Sentences a speaker adds when revising after feedback.
const REVISION_SENTENCES: &[&str] = &[
    " After this talk you will be able to profile a real project and know where to start.",
    " The talk is for people who have written a few scripts and want to go further.",
    " Each part is timed, with five minutes left for questions at the end.",
    " If the live demo fails, a recorded version of it is ready to play instead.",
    " We build the example step by step, so nobody needs to have seen it before.",
];

/// `text` with one paragraph edited: a sentence added at its end and one word dropped.
fn edit_one_paragraph(rng: &mut Rng, text: &str) -> String {
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let long: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| paragraphs[i].split_whitespace().count() >= 8)
        .collect();
    let at = if long.is_empty() {
        paragraphs.len() - 1
    } else {
        long[rng.below(long.len())]
    };
    let mut out: Vec<String> = paragraphs.iter().map(|p| (*p).to_owned()).collect();
    let words: Vec<&str> = out[at].split(' ').collect();
    let drop = if words.len() > 4 {
        rng.range(1, words.len() - 2)
    } else {
        usize::MAX
    };
    let mut edited: String = words
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != drop)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ");
    edited.push_str(rng.pick(REVISION_SENTENCES));
    out[at] = edited;
    out.join("\n\n")
}

fn run_revisions(part: &[(usize, &Talk)], label: &str) -> Result<(), String> {
    use talkback_core::link::rounds::{encode_revision, NewText, Reply, Revision};
    use talkback_core::revision::delta;
    let mut deltas = Vec::new();
    let mut fulls = Vec::new();
    let started = Instant::now();
    for &(index, talk) in part {
        let mut rng = Rng::new(index as u64 ^ 0x5EED_0019);
        let base = talk.proposal();
        let new = edit_one_paragraph(&mut rng, &base);
        let mut revision = Revision {
            code: None,
            base: talkback_core::link::content_hash(&base),
            replies: vec![Reply {
                comment: 1,
                addressed: true,
                text: "Thank you: I said who the talk is for and timed the outline.".into(),
            }],
            text: NewText::Delta(delta(&base, &new)),
        };
        let err = |e: talkback_core::link::LinkError| format!("could not encode a revision: {e}");
        deltas.push(encode_revision(&revision, "").map_err(err)?.len() - 1);
        revision.text = NewText::Full(new);
        fulls.push(encode_revision(&revision, "").map_err(err)?.len() - 1);
    }
    let elapsed = started.elapsed();
    println!(
        "Revision-link lengths (characters of fragment) for {} talks, {label}: a one-paragraph \
         edit (a sentence added, a word dropped) and one reply",
        part.len()
    );
    println!(
        "{:<16} {:>7} {:>6} {:>6} {:>8}",
        "", "median", "p90", "max", "<=1000"
    );
    for (name, v) in [("delta revision", &deltas), ("full revision", &fulls)] {
        println!(
            "{name:<16} {:>7.0} {:>6.0} {:>6} {:>7.1}%",
            percentile(v, 0.5),
            percentile(v, 0.9),
            v.iter().max().copied().unwrap_or(0),
            100.0 * share_within(v, 1000)
        );
    }
    println!("time: {:.1} s", elapsed.as_secs_f64());
    println!(
        "{}",
        json!({
            "talks": part.len(),
            "delta_median": percentile(&deltas, 0.5),
            "delta_p90": percentile(&deltas, 0.9),
            "delta_share_le_1000": share_within(&deltas, 1000),
            "full_median": percentile(&fulls, 0.5),
            "full_share_le_1000": share_within(&fulls, 1000),
        })
    );
    Ok(())
}
