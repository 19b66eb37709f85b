//! Mentoring rounds (issue 19), behind the `mentoring` cargo feature: the speaker's
//! `Ask for feedback` (a draft link with questions), `Send revision` beside the
//! feedback (replies, the delta link, the full link and their files), and the
//! reviewer's `Changes since your review` on opening a revision, and `Rounds` beside
//! the proposal (the dated thread, the speaker's questions, round 2's changes). View
//! functions, their state in hooks the pages call: a component each would cost Yew's
//! generic machinery again (docs/size.md).
//!
//! The rounds sent and received are frozen in this browser's storage
//! ([`talkback_core::revision::Thread`]), apart from the working copy, so a
//! reviewer's own edits never break a delta: with the workspace each item keeps its
//! own thread ([`item_key`]), and a feedback or revision link opens on the item whose
//! rounds hold the text it answers; without it, one thread for the single draft.

use gloo::timers::callback::Timeout;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::ui::components::reach::LinkReach;
use crate::ui::state::StorageProblem;
use talkback_core::anchor::{locate, AnchoredComment, Located};
use talkback_core::link::rounds::{
    decode_any, encode_draft, encode_revision, AnyLink, Draft, NewText, Reply, Revision,
};
use talkback_core::link::{content_hash, encode_uncompressed, speaker_view, Opened, SharedReview};
use talkback_core::revision::{
    apply, changed_anchors, delta, diff, touches, Hash, Piece, RevisionError, Stage, Thread,
};
use talkback_core::scoring::Review;
use talkback_core::workspace::ItemId;

/// Where rounds are kept: this key alone without the workspace; with it, this key
/// and `.` and the item's id, so every item keeps its own rounds.
const THREAD_KEY: &str = "talkback.rounds.v2";

/// The key of the rounds of the item on the review page (the one key without the
/// workspace).
pub fn open_key() -> String {
    // The item this tab's review page shows (its keys mirror it).
    #[cfg(feature = "workspace")]
    if let Some(id) = crate::ui::storage::mirror() {
        return item_key(id);
    }
    THREAD_KEY.to_owned()
}

/// The key of item `id`'s rounds.
pub fn item_key(id: ItemId) -> String {
    [THREAD_KEY, ".", &id.to_string()].concat()
}

/// The item whose rounds `key` holds (none: the single draft's).
pub fn item_of(key: &str) -> Option<ItemId> {
    key.strip_prefix(THREAD_KEY)?
        .strip_prefix('.')?
        .parse()
        .ok()
}

/// The rounds kept under `key` (empty when there are none or storage is refused).
pub fn load_thread(key: &str) -> Thread {
    if !cfg!(target_arch = "wasm32") {
        return Thread::default(); // server-side rendering: no browser
    }
    crate::ui::storage::get(key)
        .ok()
        .flatten()
        .and_then(|text| Thread::from_text(&text))
        .unwrap_or_default()
}

fn save_thread(key: &str, thread: &Thread) {
    if !cfg!(target_arch = "wasm32") {
        return; // server-side rendering: no browser
    }
    let _ = crate::ui::storage::set(key, &thread.to_text());
}

/// A review that becomes item `id` takes the rounds kept before it was one (`Ask for
/// feedback` pressed before the first save made the item): they move to the item's key.
#[cfg(feature = "workspace")]
pub fn adopt_unnumbered(id: ItemId) {
    let storage = |k: &str| crate::ui::storage::get(k).ok().flatten();
    let key = item_key(id);
    if let (Some(rounds), None) = (storage(THREAD_KEY), storage(&key)) {
        if crate::ui::storage::set(&key, &rounds).is_ok() {
            crate::ui::storage::remove(THREAD_KEY);
        }
    }
}

/// The rounds that hold the text whose hash is `hash`: the open item's first, then
/// every other item's (a speaker's feedback or a reviewer's revision opens on the item
/// that sent or received that text).
pub fn thread_with(hash: &Hash) -> Option<(String, Thread)> {
    #[cfg_attr(not(feature = "workspace"), allow(unused_mut))]
    let mut keys = vec![open_key()];
    #[cfg(feature = "workspace")]
    if cfg!(target_arch = "wasm32") {
        keys.extend(crate::ui::storage::keys_with_prefix(THREAD_KEY));
    }
    keys.into_iter()
        .map(|k| {
            let t = load_thread(&k);
            (k, t)
        })
        .find(|(_, t)| t.text_for(hash).is_some())
}

/// The rounds that hold the text whose hash is `hash` ([`thread_with`]), else the open
/// item's.
fn thread_or_open(hash: Option<&Hash>) -> (String, Thread) {
    hash.and_then(thread_with).unwrap_or_else(|| {
        let key = open_key();
        let thread = load_thread(&key);
        (key, thread)
    })
}

/// Without the workspace: the hash of the text the feedback answers and of the
/// revision the speaker last kept in the single draft, so that after a reload the draft
/// is still known as theirs for that feedback (and any other text, or feedback, is not).
#[cfg(not(feature = "workspace"))]
const REVISING_KEY: &str = "talkback.revising.v1";

/// The mark of `text` kept as the revision answering feedback `opened`.
#[cfg(not(feature = "workspace"))]
fn own_mark(opened: &Opened, text: &str) -> String {
    let mark = |hash: &Hash| talkback_core::link::base64url_encode(hash);
    let reviewed = opened.reference.hash.unwrap_or_default();
    [mark(&reviewed), mark(&content_hash(text))].concat()
}

/// Without the workspace: whether the single draft `draft` is the speaker's own text for
/// feedback `opened`: empty, the text this browser sent for it, or the revision of it
/// kept last. Any other text is never overwritten without the page's choice.
#[cfg(not(feature = "workspace"))]
pub fn draft_is_own(opened: &Opened, draft: &str) -> bool {
    let hash = content_hash(draft);
    draft.trim().is_empty()
        || (opened.reference.hash == Some(hash) && thread_with(&hash).is_some())
        || crate::ui::storage::get(REVISING_KEY).ok().flatten() == Some(own_mark(opened, draft))
}

/// Without the workspace: `text` is the speaker's revision of feedback `opened` in the
/// single draft (or is about to be, once the page's `Replace my draft` is answered; until
/// then the draft is not theirs).
pub fn mark_own(opened: &Opened, text: &str) {
    #[cfg(not(feature = "workspace"))]
    if cfg!(target_arch = "wasm32") {
        let _ = crate::ui::storage::set(REVISING_KEY, &own_mark(opened, text));
    }
    let _ = (opened, text);
}

thread_local! {
    /// How often the review page was mounted again for the speaker's revision, and
    /// whether it must be (its draft was written from the feedback view).
    static REMOUNTS: std::cell::Cell<(u32, bool)> = const { std::cell::Cell::new((0, false)) };
}

thread_local! {
    /// How often a round was received since the page loaded: the review page reads its
    /// rounds again when this changes ([`use_rounds`]), without being mounted again, so
    /// its state (the share links made) stays.
    static RECEIVED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// How often a round was received since the page loaded (a prop of the review page).
pub fn rounds_received() -> u32 {
    RECEIVED.with(std::cell::Cell::get)
}

/// The review page's draft was written from the feedback view: it is mounted again
/// once shown ([`remounts`]).
pub fn review_is_stale() {
    REMOUNTS.with(|r| r.set((r.get().0, true)));
}

/// How often the review page was mounted again for the speaker's revision (part of its
/// key), counting this time when it is stale and the feedback view is not `showing`.
pub fn remounts(showing: bool) -> u32 {
    REMOUNTS.with(|r| {
        let (n, stale) = r.get();
        let n = n.wrapping_add(u32::from(stale && !showing)) & 0xFFFF;
        r.set((n, stale && showing));
        n
    })
}

/// Today, as `2026-12-04` (the page's clock, UTC).
fn today() -> String {
    if !cfg!(target_arch = "wasm32") {
        return String::new(); // no clock in server-side rendering
    }
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.get(..10).unwrap_or_default().to_owned()
}

/// Keeps a round unless the thread already has one of that stage and text.
fn freeze(key: &str, stage: Stage, text: &str, questions: &[String]) {
    let mut thread = load_thread(key);
    let hash = content_hash(text);
    if !thread
        .rounds
        .iter()
        .any(|r| r.stage == stage && r.hash == hash)
    {
        thread.freeze_text(stage, text, &today());
        if let Some(round) = thread.rounds.last_mut() {
            round.questions = questions.to_vec();
        }
        save_thread(key, &thread);
    }
}

/// The reviewer made links of `review`: a feedback round, on an item that has rounds
/// (a review of a draft or a revision), dated today. It keeps the passage comments as
/// the speaker gets them: a revision's replies are numbered after them, whichever item
/// is open when it comes (the latest links made are taken as the ones sent).
pub fn feedback_sent(text: &str, review: &Review) {
    let key = open_key();
    let mut thread = load_thread(&key);
    // The text reviewed; edited since it came, the version that came (frozen).
    let hash = content_hash(text);
    let Some(hash) = (thread.text_for(&hash).map(|_| hash)).or(thread.base().map(|r| r.hash))
    else {
        return;
    };
    let shared = SharedReview {
        review: review.clone(),
        proposal: None,
    };
    let payload = encode_uncompressed(&speaker_view(&shared)).unwrap_or_default();
    match (thread.rounds.iter_mut()).find(|r| r.stage == Stage::Feedback && r.hash == hash) {
        Some(round) => round.payload = Some(payload),
        None => thread.freeze_feedback(hash, &payload, &today()),
    }
    save_thread(&key, &thread);
}

/// Whether feedback `opened` is one this browser's review made (a reviewer opening
/// their own speaker link to see what the speaker gets): the rounds keep it as sent,
/// with its comments (a speaker's received feedback round keeps none). Edits beside it
/// are a copy: never kept in the reviewer's item or draft.
pub fn made_here(opened: &Opened) -> bool {
    let Some(hash) = opened.reference.hash else {
        return false;
    };
    thread_with(&hash).is_some_and(|(_, thread)| {
        (thread.rounds.iter()).any(|r| {
            r.stage == Stage::Feedback
                && r.hash == hash
                && r.payload.as_deref().is_some_and(|p| !p.is_empty())
        })
    })
}

/// The speaker opened feedback on a text they sent: a feedback round on the item
/// that sent it. Returns whether an item sent it (a speaker's feedback is then that
/// item's, not another).
pub fn feedback_received(opened: &Opened) -> bool {
    let Some((key, mut thread)) = opened.reference.hash.and_then(|h| thread_with(&h)) else {
        return false;
    };
    let hash = opened.reference.hash.unwrap_or_default();
    if !thread
        .rounds
        .iter()
        .any(|r| r.stage == Stage::Feedback && r.hash == hash)
    {
        thread.freeze_feedback(hash, "", &today());
        save_thread(&key, &thread);
    }
    opened.kind == talkback_core::link::LinkKind::SpeakerFeedback && item_of(&key).is_some()
}

/// A read-only link with its label, where it opens, its length and `Download as file`.
fn link_row(id: &'static str, label: &'static str, link: &str, stem: &'static str) -> Html {
    html! {
        <>
            <label for={id}>{ label }</label>
            <textarea {id} class="share-link" readonly=true rows="3" value={link.to_owned()} />
            <LinkReach link={AttrValue::from(link.to_owned())} file_stem={stem} />
        </>
    }
}

/// A word diff as one preformatted block: removed text struck, added text marked.
fn diff_view(pieces: &[Piece]) -> Html {
    html! {
        <pre class="proposal-diff">{ for pieces.iter().map(|p| match p {
            Piece::Same(s) => html! { { s.clone() } },
            Piece::Removed(s) => html! { <del>{ s.clone() }</del> },
            Piece::Added(s) => html! { <ins>{ s.clone() }</ins> },
        }) }</pre>
    }
}

/// An item's rounds as the review page holds them: the thread, and the latest
/// revision's base and diff.
pub type HeldRounds = Rc<(Thread, Option<(String, Vec<Piece>)>)>;

/// The open item's rounds, read when the review page mounts (it mounts again for
/// another item), once links are made (`made`: a feedback round joins) and when a
/// revision is received (`received`, [`rounds_received`]).
#[hook]
pub fn use_rounds(made: bool, received: u32) -> HeldRounds {
    use_memo((made, received), |_| {
        let thread = load_thread(&open_key());
        let change = thread
            .last_change()
            .map(|(base, revised)| (base.to_owned(), diff(base, revised)));
        (thread, change)
    })
}

/// The revision received last, as its frozen round keeps it (its link's `#…`), if the
/// working copy `text` is not it yet: `Review this revision` opens it again (after a
/// reload, no link needed).
fn pending_revision<'a>(thread: &'a Thread, text: &str) -> Option<&'a str> {
    let last = thread.rounds.last()?;
    (last.stage == Stage::Revision && last.text.as_deref() != Some(text))
        .then_some(last.payload.as_deref()?)
}

/// Beside the proposal, on an item with rounds: the speaker's questions, the latest
/// revision's changes and the comments on passages it changed (round 2 starts from
/// round 1's review), the thread's timeline with its dates, and `Review this revision`
/// for a revision received and not reviewed yet (a link to its own `#…`: the page opens
/// it as it opens any link), `text` being the working copy.
pub fn rounds_view(held: &HeldRounds, review: &talkback_core::scoring::Review, text: &str) -> Html {
    let (thread, change) = &**held;
    if thread.rounds.is_empty() {
        return Html::default();
    }
    let questions = thread.questions();
    let anchors: Vec<_> = review.anchors.iter().map(|a| a.anchor.clone()).collect();
    html! {
        <section class="rounds" aria-labelledby="rounds-heading">
            <h3 id="rounds-heading">{ "Rounds" }</h3>
            <ol>{ for thread.timeline().into_iter().map(li) }</ol>
            if let Some(href) = pending_revision(thread, text) {
                <p><a href={href.to_owned()}>{ "Review this revision" }</a></p>
            }
            if !questions.is_empty() {
                <h3>{ "The speaker asks" }</h3>
                <ul>{ for questions.iter().cloned().map(li) }</ul>
                <p class="hint">{ "Answer in the comment for the author: the speaker link carries it." }</p>
            }
            if let Some((base, pieces)) = change {
                <h3>{ "Changed in the revision" }</h3>
                <ul class="anchor-list">
                    { for changed_anchors(base, pieces, &anchors).into_iter().filter_map(|i| anchors.get(i)).map(|a| {
                        li(["Your comment on “", &a.quote, "”: its passage changed"].concat())
                    }) }
                </ul>
                { diff_view(pieces) }
            }
        </section>
    }
}

/// One list item of plain text (the rounds' lists).
fn li(text: String) -> Html {
    html! { <li>{ text }</li> }
}

/// A link opened that is a mentoring round.
#[derive(Debug, Clone, PartialEq)]
pub enum Round {
    /// A speaker's draft: the reviewer's review page gets its text.
    Draft(Rc<Draft>),
    /// A speaker's revision.
    Revision(Rc<Revision>),
}

/// A draft (or, `stage`, a revision) opened by the reviewer: its text frozen as
/// received under `key`, returned for the review page.
pub fn receive_draft(key: &str, draft: &Draft, stage: Stage) -> String {
    freeze(key, stage, &draft.proposal, &draft.questions);
    draft.proposal.clone()
}

/// `Ask for feedback`'s state: the questions typed, the redaction switch, the link made.
pub struct Asking {
    questions: UseStateHandle<String>,
    redact: UseStateHandle<bool>,
    link: UseStateHandle<Option<Result<String, &'static str>>>,
}

/// The state of `Ask for feedback`.
#[hook]
pub fn use_asking() -> Asking {
    Asking {
        questions: use_state(String::new),
        redact: use_state(|| false),
        link: use_state(|| None),
    }
}

/// The speaker's `Ask for feedback`; `text` gives the draft as written (`false`) or
/// redacted for a blind mock review (`true`).
pub fn ask_view(state: &Asking, text: Callback<bool, String>) -> Html {
    let Asking {
        questions,
        redact,
        link,
    } = state;
    let on_ask = {
        let (questions, redact, link) = (questions.clone(), redact.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            let draft = Draft {
                code: None,
                proposal: text.emit(*redact),
                questions: questions
                    .lines()
                    .map(str::trim)
                    .filter(|q| !q.is_empty())
                    .map(str::to_owned)
                    .collect(),
            };
            link.set(Some(
                encode_draft(&draft, &crate::ui::pages::review::share_base_url())
                    .inspect(|_| freeze(&open_key(), Stage::Draft, &draft.proposal, &[]))
                    .map_err(|e| e.message()),
            ));
        })
    };
    let on_questions = {
        let questions = questions.clone();
        Callback::from(move |e: InputEvent| {
            questions.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let on_redact = {
        let redact = redact.clone();
        Callback::from(move |e: Event| {
            redact.set(e.target_unchecked_into::<HtmlInputElement>().checked());
        })
    };
    html! {
        <section class="share" aria-labelledby="ask-heading">
            <h2 id="ask-heading">{ "Mentoring" }</h2>
            <label for="draft-questions">{ "Questions for your reviewer (one a line, optional)" }</label>
            <textarea id="draft-questions" rows="2" value={(**questions).clone()} oninput={on_questions} />
            <label class="check"><input type="checkbox" checked={**redact} onchange={on_redact} />{ " Redact it for a blind mock review" }</label>
            <p class="hint">{ "A draft link carries your proposal as written (a mentor usually knows whom they help) unless you redact it; review links stay redacted unless the reviewer opts out." }</p>
            <button type="button" onclick={on_ask}>{ "Ask for feedback" }</button>
            { match &**link {
                Some(Ok(l)) => link_row("draft-link", "Draft link", l, "draft"),
                Some(Err(m)) => html! { <p class="notice notice-warning" role="alert">{ *m }</p> },
                None => html! {},
            } }
        </section>
    }
}

/// `Send revision`'s state: a reply (addressed, text) per passage comment and one on
/// the review as a whole (kept as typed, `talkback.replies.v1`), why keeping them failed, the
/// links made, and the feedback's mark.
#[derive(Clone)]
pub struct Revising {
    replies: UseStateHandle<Vec<(bool, String)>>,
    problem: UseStateHandle<Option<StorageProblem>>,
    links: UseStateHandle<Option<RevisionLinks>>,
    upcoming: UseStateHandle<Option<Upcoming>>,
    mark: Hash,
}

/// What `Send revision` would make now: its shorter link's length, or why it cannot be
/// made. Worked out after a pause in typing ([`UPCOMING_PAUSE_MS`]), never per keystroke:
/// it reads the rounds, diffs the text and encodes two links.
type Upcoming = Result<usize, &'static str>;

/// How long typing must pause before `Send revision`'s length is worked out again.
const UPCOMING_PAUSE_MS: u32 = 300;

/// The replies and addressed marks typed beside each feedback, kept as they are typed
/// and restored when it opens again: one line per feedback, the latest changed first,
/// each its mark in base64url, a space, and a revision record without text whose base
/// is the mark ([`feedback_mark`]), so another feedback never gets them. At most
/// [`REPLIES_KEPT`] lines: the feedback replied to longest ago goes first.
const REPLIES_KEY: &str = "talkback.replies.v1";

/// How many feedbacks' replies are kept (each record is at most a revision link's cap).
const REPLIES_KEPT: usize = 16;

/// What tells feedback `opened` from any other: the hash of its link as stored.
fn feedback_mark(opened: &Opened) -> Hash {
    content_hash(&talkback_core::link::encode_uncompressed_link(opened).unwrap_or_default())
}

/// The replies kept for the feedback marked `mark`, which has `n` passage comments
/// (none kept: empty ones).
fn load_replies(mark: &Hash, n: usize) -> Vec<(bool, String)> {
    // (Server-side rendering: no browser.)
    let kept = cfg!(target_arch = "wasm32")
        .then(|| crate::ui::storage::get(REPLIES_KEY).ok().flatten())
        .flatten();
    rows_kept(kept.as_deref(), mark, n)
}

/// The reply rows the records `kept` hold for the feedback marked `mark` (with `n`
/// passage comments), else empty ones.
fn rows_kept(kept: Option<&str>, mark: &Hash, n: usize) -> Vec<(bool, String)> {
    let mut all = vec![(false, String::new()); n + 1];
    let prefix = replies_prefix(mark);
    let own = (kept.unwrap_or_default().split('\n'))
        // (r19b kept one feedback's record alone on its line, with no mark before it.)
        .find_map(|l| l.strip_prefix(&prefix).or(l.starts_with('#').then_some(l)));
    if let Some(Ok(AnyLink::Revision(r))) = own.map(decode_any) {
        for reply in r.replies.into_iter().filter(|_| r.base == *mark) {
            // Comment 0 (the review as a whole) is the last row.
            let c = usize::from(reply.comment);
            if let Some(slot) = all.get_mut((c + n) % (n + 1)).filter(|_| c <= n) {
                *slot = (reply.addressed, reply.text);
            }
        }
    }
    all
}

/// The start of the line of the feedback marked `mark` in [`REPLIES_KEY`].
fn replies_prefix(mark: &Hash) -> String {
    [&talkback_core::link::base64url_encode(mark), " "].concat()
}

/// The records `kept` with reply rows `all` for the feedback marked `mark` first, in
/// place of its earlier ones; the others as they were, at most [`REPLIES_KEPT`] in
/// all (none when the rows are too long for a revision: `Send revision` says so).
fn replies_record(kept: Option<&str>, mark: &Hash, all: &[(bool, String)]) -> Option<String> {
    let record = Revision {
        code: None,
        base: *mark,
        replies: replies_of(all),
        text: NewText::Full(String::new()),
    };
    let prefix = replies_prefix(mark);
    let mut lines = [prefix.as_str(), &encode_revision(&record, "").ok()?].concat();
    let others =
        (kept.unwrap_or_default().split('\n')).filter(|l| !l.is_empty() && !l.starts_with(&prefix));
    for line in others.take(REPLIES_KEPT - 1) {
        lines.push('\n');
        lines.push_str(line);
    }
    Some(lines)
}

/// The replies as a revision carries them: the rows typed in or marked, numbered
/// as [`Reply::comment`] says (the last row is the review as a whole).
fn replies_of(all: &[(bool, String)]) -> Vec<Reply> {
    all.iter()
        .enumerate()
        .filter(|(_, (done, text))| *done || !text.trim().is_empty())
        .map(|(i, (done, text))| Reply {
            comment: u16::try_from((i + 1) % all.len()).unwrap_or(0),
            addressed: *done,
            text: text.clone(),
        })
        .collect()
}

/// The revision links made: the delta link (when the base is known) and the full one
/// (or why it could not be made).
type RevisionLinks = (Option<String>, Result<String, &'static str>);

/// The links `Send revision` makes for feedback `opened` with reply rows `replies`
/// and the proposal `text` now, and the key of the rounds holding the version reviewed.
fn revision_links(
    opened: &Opened,
    replies: &[(bool, String)],
    text: &str,
) -> (String, RevisionLinks) {
    // The base: the text the reviewer received. The item that sent it froze it; else
    // the link's own proposal, when it is the reviewed text.
    let reviewed = opened.reference.hash;
    let (key, thread) = thread_or_open(reviewed.as_ref());
    let base_text = reviewed
        .and_then(|h| thread.text_for(&h).map(str::to_owned))
        .or_else(|| {
            let sent = thread
                .rounds
                .iter()
                .rev()
                .find(|r| r.stage != Stage::Feedback);
            sent.and_then(|r| r.text.clone())
        })
        .or_else(|| {
            let carried = opened.shared.proposal.clone();
            carried.filter(|p| Some(content_hash(p)) == reviewed)
        });
    let Some(base) = base_text.as_deref().map(content_hash).or(reviewed) else {
        return (key, (None, Err("This feedback names no version of the proposal: it cannot be answered with a revision.")));
    };
    let mut revision = Revision {
        code: opened.reference.code.clone(),
        base,
        replies: replies_of(replies),
        text: NewText::Full(text.to_owned()),
    };
    let url = crate::ui::pages::review::share_base_url();
    // (Encoding fails only on a size: a reply over 2,000 characters, more than 32
    // replies, or a link over 16 KiB.)
    let too_long = |_| {
        "This revision is too long for a revision link: a reply holds at most 2,000 characters and a link at most 16,384. Shorten it to send it."
    };
    let full = encode_revision(&revision, &url).map_err(too_long);
    let short = base_text.and_then(|b| {
        revision.text = NewText::Delta(delta(&b, text));
        encode_revision(&revision, &url).ok()
    });
    (key, (short, full))
}

/// The state of `Send revision` for feedback `opened` with the proposal `text` now:
/// the replies kept for it, and the length of the link it would make, worked out again
/// once typing in the proposal or a reply pauses.
#[hook]
pub fn use_revising(opened: &Rc<Opened>, text: &str) -> Revising {
    let mark = *use_memo((), |()| feedback_mark(opened));
    let n = opened.shared.review.anchors.len();
    let state = Revising {
        replies: use_state(|| load_replies(&mark, n)),
        problem: use_state(|| None),
        links: use_state(|| None),
        upcoming: use_state(|| None),
        mark,
    };
    let timer = use_mut_ref(|| None::<Timeout>);
    let (opened, upcoming) = (Rc::clone(opened), state.upcoming.clone());
    use_effect_with(
        (text.to_owned(), (*state.replies).clone()),
        move |(text, rows)| {
            let (text, rows) = (text.clone(), rows.clone());
            // (A new pause replaces the one pending: dropping a timeout cancels it.)
            *timer.borrow_mut() = Some(Timeout::new(UPCOMING_PAUSE_MS, move || {
                let (_, (short, full)) = revision_links(&opened, &rows, &text);
                let chars = short.or(full.clone().ok()).map(|l| l.chars().count());
                upcoming.set(Some(chars.ok_or_else(|| full.err().unwrap_or_default())));
            }));
        },
    );
    state
}

/// Replies to each comment and `Send revision` (the delta link, the full link) for
/// the speaker feedback `opened`, the proposal being `text` now.
pub fn send_revision_view(state: &Revising, opened: &Rc<Opened>, text: &str) -> Html {
    // One reply per passage comment, then the review as a whole (comment 0).
    let n = opened.shared.review.anchors.len();
    let Revising {
        replies,
        problem,
        links,
        ..
    } = state;
    let on_send = {
        let (replies, links, opened, text) = (
            replies.clone(),
            links.clone(),
            Rc::clone(opened),
            text.to_owned(),
        );
        Callback::from(move |_: MouseEvent| {
            let (key, made) = revision_links(&opened, &replies, &text);
            if made.1.is_ok() {
                freeze(&key, Stage::Revision, &text, &[]);
            }
            links.set(Some(made));
        })
    };
    // What `Send revision` makes now, said once typing pauses: its length and reach,
    // or why it cannot be made, before it is pressed.
    let upcoming = match &*state.upcoming {
        Some(Ok(chars)) => {
            let reach = talkback_core::reach::Reach::of(*chars);
            html! {
                <p class={["reach ", reach.class()].concat()}>
                    { format!("Send revision makes a link of {chars} characters: {}.", reach.label()) }
                    if reach.needs_file() { { " Download as file beside it sends the same revision." } }
                </p>
            }
        }
        Some(Err(why)) => html! { <p class="notice notice-warning">{ *why }</p> },
        None => html! {},
    };
    let anchors = &opened.shared.review.anchors;
    let reply_row = |i: usize, what: String| {
        let (done, text) = replies.get(i).cloned().unwrap_or_default();
        let on_done = {
            let state = state.clone();
            Callback::from(move |e: Event| {
                let done = e.target_unchecked_into::<HtmlInputElement>().checked();
                edit_reply(&state, i, Some(done), None);
            })
        };
        let on_text = {
            let state = state.clone();
            Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                edit_reply(&state, i, None, Some(text));
            })
        };
        let id = ["reply-", &i.to_string()].concat();
        html! {
            <li>
                <label for={id.clone()}>{ ["Reply to ", &what].concat() }</label>
                <textarea id={id} rows="2" value={text} oninput={on_text} />
                <label class="check"><input type="checkbox" checked={done} onchange={on_done} />{ " Addressed" }</label>
            </li>
        }
    };
    html! {
        <section class="share" aria-labelledby="revise-heading">
            <h3 id="revise-heading">{ "Revise and reply" }</h3>
            <p class="hint">{ "Edit the proposal, reply to the comments or mark them addressed, then send the revision to your reviewer." }</p>
            <ol class="anchor-list">
                { for anchors.iter().enumerate().map(|(i, a)| reply_row(i, ["comment ", &(i + 1).to_string(), " (“", &a.anchor.quote, "”)"].concat())) }
                { reply_row(n, "the review as a whole".to_owned()) }
            </ol>
            if let Some(problem) = &**problem {
                { crate::ui::components::notices::storage_warning(problem) }
            }
            { upcoming }
            <button type="button" class="primary" onclick={on_send}>{ "Send revision" }</button>
            if let Some((short, full)) = &**links {
                if let Some(short) = short {
                    { link_row("revision-link", "Revision link", short, "revision") }
                    <p class="hint">{ "Short: only the changes. It opens only where the reviewer still has the version they reviewed; if not, send the full link or the file." }</p>
                }
                { match full {
                    Ok(l) => link_row("full-revision-link", "Full revision link", l, "revision-full"),
                    Err(m) => html! { <p class="notice notice-warning" role="alert">{ *m }</p> },
                } }
            }
        </section>
    }
}

/// Reply `i` with its addressed mark `done` or its `text` changed: one copy of the
/// replies for both controls, kept at once (a failure is said, the replies stay).
fn edit_reply(state: &Revising, i: usize, done: Option<bool>, text: Option<String>) {
    let mut all = (*state.replies).clone();
    if let Some(reply) = all.get_mut(i) {
        reply.0 = done.unwrap_or(reply.0);
        if let Some(text) = text {
            reply.1 = text;
        }
    }
    let kept = crate::ui::storage::get(REPLIES_KEY).ok().flatten();
    let problem = replies_record(kept.as_deref(), &state.mark, &all)
        .and_then(|kept| crate::ui::storage::set(REPLIES_KEY, &kept).err());
    if *state.problem != problem {
        state.problem.set(problem);
    }
    state.replies.set(all);
}

/// A revision as received: the base it was measured against (if this browser has it),
/// the revised text and the item that holds the rounds — or a plain message — and the
/// reviewer's passage comments as the speaker saw them (for the replies).
pub type Received = (
    Result<(Option<String>, String, Option<ItemId>), String>,
    Vec<AnchoredComment>,
);

/// The revision the page shows (`None`: none), received once: rebuilt, frozen on its
/// item.
#[hook]
pub fn use_received(revision: Option<Rc<Revision>>) -> Rc<Option<Received>> {
    use_memo(revision, |r| r.as_deref().map(receive_revision))
}

fn receive_revision(r: &Revision) -> Received {
    // The item that received the version revised keeps the rounds. With the workspace,
    // a revision of a version no item holds is none of theirs: its own item, made by
    // `Review this revision`; without it, the one thread.
    let found = if cfg!(feature = "workspace") {
        thread_with(&r.base)
    } else {
        Some(thread_or_open(Some(&r.base)))
    };
    let (key, mut thread) = found.unwrap_or_default();
    let base = thread.text_for(&r.base).map(str::to_owned);
    // The passage comments as the speaker got them, kept with the feedback on the base.
    // (Reviewed in an edited working copy: the latest feedback.)
    let mut feedback = (thread.rounds.iter().rev()).filter(|k| k.stage == Stage::Feedback);
    let latest = feedback.clone().next();
    let anchors = (feedback.find(|k| k.hash == r.base).or(latest))
        .and_then(|k| talkback_core::link::decode(k.payload.as_deref()?).ok())
        .map(|shared| shared.review.anchors)
        .unwrap_or_default();
    let text = match &r.text {
        NewText::Full(t) => Ok(t.clone()),
        NewText::Delta(d) => base
            .as_deref()
            .ok_or(RevisionError::WrongBase)
            .and_then(|b| apply(b, d)),
    };
    let on = thread
        .reviewed_on()
        .or_else(|| thread.base().map(|r| r.date.as_str()))
        .map(str::to_owned);
    let result = match text {
        Ok(text) => {
            if !key.is_empty() && !thread.rounds.iter().any(|k| k.hash == content_hash(&text)) {
                thread.freeze_text(Stage::Revision, &text, &today());
                // Its replies too: `Review this revision` after a reload (a delta
                // rebuilds against the base frozen beside it).
                if let Some(round) = thread.rounds.last_mut() {
                    round.payload = encode_revision(r, "").ok();
                }
                save_thread(&key, &thread);
                // `Rounds` on the review page lists it at once (read again, not mounted
                // again: the links made there stay).
                RECEIVED.with(|n| n.set(n.get().wrapping_add(1)));
            }
            Ok((base, text, item_of(&key)))
        }
        Err(e) => Err(e.message(on.as_deref())),
    };
    (result, anchors)
}

/// What the reviewer sees on opening a revision: `Changes since your review`;
/// `on_review` reviews the revised text on the item that received the version it
/// revises (none: its own item with the workspace, else the page), round 2 starting
/// from round 1's review.
///
/// The button waits for `ready`: with the workspace, the item is found or made once
/// the store is read.
pub fn changes_view(
    revision: &Revision,
    (result, anchors): &Received,
    on_review: &Callback<(String, Option<ItemId>)>,
    ready: bool,
) -> Html {
    let body = match result {
        Err(message) => {
            html! { <p class="notice notice-warning" role="alert">{ message.clone() }</p> }
        }
        Ok((base, text, item)) => {
            let pieces = base.as_deref().map(|b| diff(b, text)).unwrap_or_default();
            let on_review = {
                let (cb, text, item) = (on_review.clone(), text.clone(), *item);
                Callback::from(move |_: MouseEvent| cb.emit((text.clone(), item)))
            };
            html! {
                <>
                    if base.is_some() {
                        { diff_view(&pieces) }
                    } else {
                        <p class="hint">{ "The version you reviewed is not in this browser: here is the whole revision." }</p>
                        <pre class="proposal-diff">{ text.clone() }</pre>
                    }
                    <h3>{ "Replies" }</h3>
                    <ul class="anchor-list">
                        { for revision.replies.iter().map(|r| {
                            let anchor = usize::from(r.comment).checked_sub(1).and_then(|k| anchors.get(k));
                            // Unchanged: the quote's place in the version reviewed is
                            // untouched by the diff (or, without it, found as it was).
                            let status = anchor.map_or("", |a| {
                                let before = base.as_deref().map(|b| locate(&a.anchor, b));
                                match (before, locate(&a.anchor, text)) {
                                    (_, Located::Detached) => " · detached: the passage is gone",
                                    (Some(Located::Exact(r) | Located::Moved(r)), _) if !touches(&pieces, r.clone()) => " · the passage is unchanged",
                                    (None, Located::Exact(_)) => " · the passage is unchanged",
                                    _ => " · the passage has changed",
                                }
                            });
                            let what = anchor.map_or_else(
                                || if r.comment == 0 { "On the review as a whole".to_owned() } else { ["On comment ", &r.comment.to_string()].concat() },
                                |a| ["On “", &a.anchor.quote, "”"].concat(),
                            );
                            html! {
                                <li>
                                    <p><strong>{ what }</strong>{ status }{ if r.addressed { " · marked addressed" } else { "" } }</p>
                                    if !r.text.is_empty() { <p class="feedback-comment">{ r.text.clone() }</p> }
                                </li>
                            }
                        }) }
                    </ul>
                    <button type="button" class="primary" disabled={!ready} onclick={on_review}>{ "Review this revision" }</button>
                </>
            }
        }
    };
    html! {
        <main class="feedback-page">
            <section class="feedback" role="region" aria-label="Changes since your review">
                <h2>{ "Changes since your review" }</h2>
                { body }
            </section>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::{replies_record, rows_kept};

    fn rows(list: &[(bool, &str)]) -> Vec<(bool, String)> {
        list.iter().map(|&(d, t)| (d, t.to_owned())).collect()
    }

    #[test]
    fn the_replies_kept_come_back_in_their_rows_for_their_feedback_only() {
        // Two passage comments, then the review as a whole.
        let typed = rows(&[(true, "Moved it first."), (false, ""), (false, "Thanks!")]);
        let kept = replies_record(None, &[1; 16], &typed);
        assert_eq!(rows_kept(kept.as_deref(), &[1; 16], 2), typed);
        // Another feedback (another mark) never gets them.
        let empty = rows(&[(false, ""), (false, ""), (false, "")]);
        assert_eq!(rows_kept(kept.as_deref(), &[2; 16], 2), empty);
        // A reply to a comment the feedback lacks is dropped, never put in another row.
        assert_eq!(
            rows_kept(kept.as_deref(), &[1; 16], 0),
            rows(&[(false, "Thanks!")])
        );
        // Nothing kept, or a damaged record: empty rows, no panic.
        assert_eq!(rows_kept(None, &[1; 16], 2), empty);
        assert_eq!(rows_kept(Some("#garbage"), &[1; 16], 2), empty);
    }

    #[test]
    fn issue_19_each_feedbacks_replies_are_kept_beside_the_others_up_to_the_cap() {
        let first = rows(&[(true, "Moved it first."), (false, "Thanks!")]);
        let second = rows(&[(false, "Round two, done.")]);
        let kept = replies_record(None, &[1; 16], &first);
        // Replying to a second feedback keeps the first's replies.
        let kept = replies_record(kept.as_deref(), &[2; 16], &second);
        assert_eq!(rows_kept(kept.as_deref(), &[1; 16], 1), first);
        assert_eq!(rows_kept(kept.as_deref(), &[2; 16], 0), second);
        // Editing the first again replaces its record, never duplicates it.
        let edited = rows(&[(true, "Moved it first."), (true, "Thanks again!")]);
        let kept = replies_record(kept.as_deref(), &[1; 16], &edited);
        assert_eq!(kept.as_deref().map(|k| k.lines().count()), Some(2));
        assert_eq!(rows_kept(kept.as_deref(), &[1; 16], 1), edited);
        assert_eq!(rows_kept(kept.as_deref(), &[2; 16], 0), second);
        // Past the cap, the feedback replied to longest ago goes: storage stays bounded.
        let mut kept = kept;
        for mark in 3..=u8::try_from(super::REPLIES_KEPT + 1).unwrap() {
            kept = replies_record(kept.as_deref(), &[mark; 16], &second);
        }
        let lines = kept.as_deref().map_or(0, |k| k.lines().count());
        assert_eq!(lines, super::REPLIES_KEPT);
        assert_eq!(
            rows_kept(kept.as_deref(), &[2; 16], 0),
            rows(&[(false, "")])
        );
        assert_eq!(rows_kept(kept.as_deref(), &[1; 16], 1), edited);
        // The record r19b kept (one feedback's, unmarked) still opens for its feedback.
        let old = kept
            .as_deref()
            .and_then(|k| k.lines().next())
            .and_then(|l| l.split_once(' '))
            .map(|(_, r)| r.to_owned());
        let top = u8::try_from(super::REPLIES_KEPT + 1).unwrap();
        assert_eq!(rows_kept(old.as_deref(), &[top; 16], 0), second);
    }
}
