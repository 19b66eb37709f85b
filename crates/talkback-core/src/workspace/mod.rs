//! The reviewer's workspace: every proposal and its review kept side by side as an
//! [`Item`], the list's filters and sorts ([`list`]), the queue through the items
//! (a per-reviewer shuffled order from [`Workspace::seed`]), the progress
//! (`N of M reviewed`), the backup file and its merge ([`backup`]), and the migration
//! of the single draft and review kept before workspaces existed ([`migrate`]).
//!
//! Pure: timestamps are integers the caller passes in (milliseconds since the epoch),
//! the seed is the caller's random number, nothing here reads a clock or storage.

pub mod backup;
mod format;
pub mod import;
pub mod list;
pub mod migrate;
pub mod out;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::link::{LinkKind, ProposalRef};
use crate::proposal::{self, FieldKind};
use crate::scoring::{self, Review};

/// An item's identity in its workspace (unique within it; stable across backups).
pub type ItemId = u64;

/// Where an item came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Typed or pasted into the review page.
    Pasted,
    /// Read from a CFP tool's export; the format's name (e.g. `"pretalx JSON"`).
    Imported(String),
    /// A review link someone opened.
    Link(LinkKind),
    /// A speaker's draft link (mentoring), opened by the reviewer.
    Draft,
}

impl Source {
    /// The source in a few words, for the list.
    pub fn label(&self) -> &str {
        match self {
            Source::Pasted => "pasted",
            Source::Imported(format) => format,
            Source::Link(LinkKind::CommitteeReview) => "committee link",
            Source::Link(LinkKind::SpeakerFeedback) => "feedback link",
            Source::Draft => "draft link",
        }
    }
}

/// Where an item stands, as the list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Nothing scored or written yet.
    New,
    /// Some of the review is there, not every required criterion.
    InProgress,
    /// Every required criterion is answered.
    Reviewed,
    /// Reviewed, and a share link was made.
    Shared,
    /// The CFP withdrew the proposal.
    Withdrawn,
}

impl State {
    /// Every state, in list order.
    pub const ALL: [State; 5] = [
        State::New,
        State::InProgress,
        State::Reviewed,
        State::Shared,
        State::Withdrawn,
    ];

    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            State::New => "new",
            State::InProgress => "in progress",
            State::Reviewed => "reviewed",
            State::Shared => "shared",
            State::Withdrawn => "withdrawn",
        }
    }

    /// Whether the queue still has to visit an item in this state.
    pub fn unreviewed(self) -> bool {
        matches!(self, State::New | State::InProgress)
    }
}

/// A speaker's details from a CFP export: hidden while reviewing (blind by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Speaker {
    /// The speaker's name.
    pub name: String,
    /// The speaker's e-mail address.
    pub email: String,
    /// The speaker's biography.
    pub bio: String,
}

/// What the list filters on besides the state: from the export, or read from the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Track or category.
    pub track: String,
    /// Session type (talk, tutorial…).
    pub kind: String,
    /// Audience level.
    pub level: String,
    /// Tags.
    pub tags: Vec<String>,
}

impl Meta {
    /// The track, type and level a pasted proposal names in its own fields.
    pub fn of_text(text: &str) -> Meta {
        let parsed = proposal::parse(text);
        let field = |kind| parsed.text(kind).unwrap_or("").trim().to_owned();
        Meta {
            track: field(FieldKind::Track),
            kind: field(FieldKind::Format),
            level: field(FieldKind::Level),
            tags: Vec::new(),
        }
    }
}

/// An older copy of an item, kept when a merge or re-import replaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The proposal text then.
    pub text: String,
    /// The review then.
    pub review: Option<Review>,
    /// When that copy last changed.
    pub changed: u64,
}

/// One proposal and its review.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent persisted flags, each its own choice or fact"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its identity in the workspace.
    pub id: ItemId,
    /// Where it came from.
    pub source: Source,
    /// The CFP's code for it, if it has one.
    pub code: Option<String>,
    /// The title as the export gave it (empty: read from the text).
    pub title: String,
    /// The proposal as Markdown.
    pub text: String,
    /// The review, once one is started.
    pub review: Option<Review>,
    /// Speaker names typed for the blind-review check.
    pub speaker_names: String,
    /// Whether a share link was made of the review.
    pub shared: bool,
    /// Whether the CFP withdrew it.
    pub withdrawn: bool,
    /// A re-import changed the proposal after it was reviewed.
    pub changed_since_review: bool,
    /// Speakers from the export, hidden while reviewing.
    pub speakers: Vec<Speaker>,
    /// The reviewer chose to see the speakers of this item.
    pub revealed: bool,
    /// Track, type, level and tags.
    pub meta: Meta,
    /// The proposal reference of the link it came from, to find it again.
    pub reference: Option<ProposalRef>,
    /// When it was made (milliseconds since the epoch).
    pub created: u64,
    /// When it last changed (milliseconds since the epoch).
    pub changed: u64,
    /// Older copies, oldest first.
    pub versions: Vec<Version>,
}

/// What the list shows of a review: whether it is complete, and its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Every required criterion answered.
    pub complete: bool,
    /// Whether anything at all is scored or written.
    pub started: bool,
    /// The total score (integer: rubric points times integer weights).
    pub total: Option<i64>,
}

/// Scores `review` against its own rubric. A rubric that cannot be resolved counts as
/// started but not complete.
pub fn tally(review: &Review) -> Tally {
    let started = review.answers.iter().any(Option::is_some)
        || !review.author_comment.trim().is_empty()
        || !review.committee_comment.trim().is_empty()
        || review
            .criterion_comments
            .iter()
            .any(|c| !c.trim().is_empty())
        || !review.anchors.is_empty();
    let Ok(rubric) = review.resolve() else {
        return Tally {
            complete: false,
            started,
            total: None,
        };
    };
    let score = scoring::score(&rubric, review);
    // Points and weights are integers, so the total is one; kept as an integer so that
    // nothing shown goes through float formatting.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "an integer sum of small integer points"
    )]
    let total = (score.answered > 0).then(|| score.total.round() as i64);
    Tally {
        complete: score.complete && score.answered > 0,
        started,
        total,
    }
}

impl Item {
    /// A fresh item of `text` from `source`, made at `now`.
    pub fn new(id: ItemId, source: Source, text: String, now: u64) -> Item {
        Item {
            id,
            source,
            code: None,
            title: String::new(),
            meta: Meta::of_text(&text),
            text,
            review: None,
            speaker_names: String::new(),
            shared: false,
            withdrawn: false,
            changed_since_review: false,
            speakers: Vec::new(),
            revealed: false,
            reference: None,
            created: now,
            changed: now,
            versions: Vec::new(),
        }
    }

    /// Where the item stands.
    pub fn state(&self) -> State {
        if self.withdrawn {
            return State::Withdrawn;
        }
        let tally = self.review.as_ref().map(tally);
        match tally {
            Some(t) if t.complete && self.shared => State::Shared,
            Some(t) if t.complete => State::Reviewed,
            Some(t) if t.started => State::InProgress,
            Some(_) | None => State::New,
        }
    }

    /// The title: the export's, else the text's own, else its first words.
    pub fn full_title(&self) -> String {
        if !self.title.trim().is_empty() {
            return self.title.trim().to_owned();
        }
        let parsed = proposal::parse(&self.text);
        if let Some(title) = parsed.title().filter(|t| !t.trim().is_empty()) {
            return title.trim().to_owned();
        }
        let first = self
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let words: String = first.trim().chars().take(60).collect();
        if words.is_empty() {
            "Untitled proposal".to_owned()
        } else {
            words
        }
    }

    /// What the list names the item by: the CFP code in blind mode (speakers hidden and
    /// a code known), else the title.
    pub fn display_title(&self, blind: bool) -> String {
        match &self.code {
            Some(code) if blind && !self.speakers.is_empty() && !self.revealed => code.clone(),
            Some(_) | None => self.full_title(),
        }
    }

    /// The name of the review's rubric, once a review is started.
    pub fn rubric_name(&self) -> Option<String> {
        let review = self.review.as_ref()?;
        match &review.rubric {
            crate::rubric::RubricRef::Custom(rubric) => Some(rubric.name.clone()),
            crate::rubric::RubricRef::Preset { .. } => review.resolve().ok().map(|r| r.name),
        }
    }

    /// Whether the speakers' details are hidden now.
    pub fn hides_speakers(&self) -> bool {
        !self.speakers.is_empty() && !self.revealed
    }

    /// The names the blind-review check looks for: the typed ones and the export's
    /// speakers, one a line.
    pub fn given_names(&self) -> String {
        let mut names = self.speaker_names.trim().to_owned();
        self.add_speaker_names(&mut names);
        names
    }

    /// The export's speakers' names, one a line: given to the blind-review check but
    /// never shown (the typed names are shown in their own box).
    pub fn speaker_names_hidden(&self) -> String {
        let mut names = String::new();
        self.add_speaker_names(&mut names);
        names
    }

    fn add_speaker_names(&self, names: &mut String) {
        for speaker in &self.speakers {
            let name = speaker.name.trim();
            if !name.is_empty() && !names.lines().any(|l| l.trim() == name) {
                if !names.is_empty() {
                    names.push('\n');
                }
                names.push_str(name);
            }
        }
    }

    /// The text as shown while reviewing: the speakers' names and e-mail addresses
    /// replaced by `[speaker]` while they are hidden.
    pub fn displayed_text(&self) -> String {
        if !self.hides_speakers() {
            return self.text.clone();
        }
        let mut hidden: Vec<&str> = Vec::new();
        for s in &self.speakers {
            for part in [s.name.trim(), s.email.trim()] {
                if part.chars().count() >= 3 {
                    hidden.push(part);
                }
            }
        }
        // Longest first, so a full name goes before a part of it.
        crate::sort::sort_by_key(&mut hidden, |h| std::cmp::Reverse(h.len()));
        let mut text = self.text.clone();
        for h in hidden {
            text = replace_ignoring_case(&text, h, crate::blind_review::HIDDEN_SPEAKER);
        }
        text
    }

    /// Keeps the current text and review as an older version (when something replaces
    /// them). A copy equal to the newest kept one is not kept twice.
    pub fn keep_version(&mut self) {
        let version = Version {
            text: self.text.clone(),
            review: self.review.clone(),
            changed: self.changed,
        };
        if self
            .versions
            .last()
            .is_some_and(|v| v.text == version.text && v.review == version.review)
        {
            return;
        }
        self.versions.push(version);
    }
}

/// `text` with every ASCII-case-insensitive occurrence of `needle` replaced.
fn replace_ignoring_case(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_owned();
    }
    let lower_text = crate::fold::lower(text);
    let lower_needle = crate::fold::lower(needle);
    // Lowercasing can change byte lengths outside ASCII: then fall back to exact matches.
    if lower_text.len() != text.len() || lower_needle.len() != needle.len() {
        return text.replace(needle, with);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (at, _) in lower_text.match_indices(&lower_needle) {
        if at < rest {
            continue;
        }
        out.push_str(&text[rest..at]);
        out.push_str(with);
        rest = at + needle.len();
    }
    out.push_str(&text[rest..]);
    out
}

/// Every item, the queue's seed and which item is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    /// The reviewer's random number: orders the queue and makes item ids.
    pub seed: u64,
    /// How many ids were handed out.
    pub next: u64,
    /// The items, in the order they were added.
    pub items: Vec<Item>,
    /// The item the review page shows.
    pub open: Option<ItemId>,
    /// A random number of this page (never stored): mixed into new ids, so that two tabs
    /// adding an item at once do not make the same id.
    pub salt: u64,
}

/// A well-mixed 64-bit function of `x` (SplitMix64's finaliser).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Workspace {
    /// An empty workspace with the reviewer's random `seed`.
    pub fn new(seed: u64) -> Workspace {
        Workspace {
            seed,
            ..Workspace::default()
        }
    }

    /// A new id, unique here and (by the seed) most unlikely in another workspace.
    pub fn new_id(&mut self) -> ItemId {
        loop {
            self.next += 1;
            // Kept below 2^53 so that the id survives a trip through JavaScript numbers.
            let id = mix(self.seed ^ mix(self.next ^ mix(self.salt))) & ((1 << 53) - 1);
            if id != 0 && self.get(id).is_none() {
                return id;
            }
        }
    }

    /// Adds a fresh item of `text` and returns its id.
    pub fn add(&mut self, source: Source, text: String, now: u64) -> ItemId {
        let id = self.new_id();
        self.items.push(Item::new(id, source, text, now));
        id
    }

    /// The item `id`.
    pub fn get(&self, id: ItemId) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The item `id`, to change.
    pub fn get_mut(&mut self, id: ItemId) -> Option<&mut Item> {
        self.items.iter_mut().find(|i| i.id == id)
    }

    /// The open item.
    pub fn open_item(&self) -> Option<&Item> {
        self.open.and_then(|id| self.get(id))
    }

    /// The item a link about `reference` made before: same CFP code when the link has
    /// one, else the same content hash.
    pub fn find_by_reference(&self, reference: &ProposalRef) -> Option<ItemId> {
        if reference.code.is_none() && reference.hash.is_none() {
            return None;
        }
        self.items
            .iter()
            .find(|item| {
                let Some(theirs) = &item.reference else {
                    return false;
                };
                match (&reference.code, &theirs.code) {
                    (Some(a), Some(b)) => a == b,
                    (Some(_) | None, _) => {
                        reference.hash.is_some() && reference.hash == theirs.hash
                    }
                }
            })
            .map(|item| item.id)
    }

    /// Deletes item `id`, returning it (for undo) and its position.
    pub fn remove(&mut self, id: ItemId) -> Option<(usize, Item)> {
        let at = self.items.iter().position(|i| i.id == id)?;
        let item = self.items.remove(at);
        if self.open == Some(id) {
            self.open = None;
        }
        Some((at, item))
    }

    /// Puts back an item [`Workspace::remove`] took out.
    pub fn undo_remove(&mut self, at: usize, item: Item) {
        if self.get(item.id).is_some() {
            return;
        }
        let at = at.min(self.items.len());
        self.items.insert(at, item);
    }

    /// The items' ids in this reviewer's queue order: shuffled by the seed, so that two
    /// reviewers do not all read the same proposals first, and stable across reloads
    /// (an item's place depends only on the seed and its id).
    pub fn queue(&self) -> Vec<ItemId> {
        let mut keyed: Vec<(u64, ItemId)> =
            self.items.iter().map(|i| self.queue_key(i.id)).collect();
        crate::sort::sort(&mut keyed);
        keyed.into_iter().map(|(_, id)| id).collect()
    }

    /// Where `id` stands in [`Workspace::queue`]: the queue is the ids in this key's order.
    pub(crate) fn queue_key(&self, id: ItemId) -> (u64, ItemId) {
        (mix(self.seed ^ id), id)
    }

    /// The next item in the queue after `from` (or from the start) that is not reviewed
    /// yet, going round; never `from` itself.
    pub fn next_unreviewed(&self, from: Option<ItemId>) -> Option<ItemId> {
        self.step_unreviewed(from, true)
    }

    /// The previous unreviewed item in the queue before `from`, going round.
    pub fn previous_unreviewed(&self, from: Option<ItemId>) -> Option<ItemId> {
        self.step_unreviewed(from, false)
    }

    fn step_unreviewed(&self, from: Option<ItemId>, forward: bool) -> Option<ItemId> {
        let mut queue = self.queue();
        if !forward {
            queue.reverse();
        }
        let start = from
            .and_then(|id| queue.iter().position(|q| *q == id))
            .map_or(0, |at| at + 1);
        let n = queue.len();
        (0..n)
            .map(|k| queue[(start + k) % n])
            .filter(|id| Some(*id) != from)
            .find(|id| self.get(*id).is_some_and(|i| i.state().unreviewed()))
    }

    /// `(reviewed, of)`: items with a complete review, of the items not withdrawn.
    pub fn progress(&self) -> (usize, usize) {
        let mut reviewed = 0;
        let mut of = 0;
        for item in &self.items {
            match item.state() {
                State::Withdrawn => {}
                State::Reviewed | State::Shared => {
                    reviewed += 1;
                    of += 1;
                }
                State::New | State::InProgress => of += 1,
            }
        }
        (reviewed, of)
    }

    /// The progress in words: `3 of 50 reviewed`.
    pub fn progress_text(&self) -> String {
        let (reviewed, of) = self.progress();
        format!("{reviewed} of {of} reviewed")
    }
}

/// A time (milliseconds since the epoch) as `YYYY-MM-DD HH:MM`, UTC, by integer
/// arithmetic (Howard Hinnant's days-to-civil).
pub fn format_time(ms: u64) -> String {
    let secs = ms / 1000;
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (hour, minute) = (rem / 3600, rem % 3600 / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
}
