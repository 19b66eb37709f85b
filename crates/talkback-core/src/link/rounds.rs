//! The mentoring kinds of version-2 links (`docs/link-format.md`): a **draft**
//! (kind 2: the speaker's proposal and questions for the reviewer), a
//! **revision** (kind 3: replies, the base's hash and the whole new text) and a
//! **delta revision** (kind 4: replies, the base's hash and the edits against
//! the base, [`crate::revision::Delta`]).
//!
//! They travel in the same frame, with the same caps and checks, as reviews;
//! [`decode_any`] reads a link of any kind. [`super::decode_link`] still reports
//! these kinds as made by a newer version, so that a page that does not show
//! them says so.

use serde::{Deserialize, Serialize};

use super::{
    content_hash, pack, read_link_body, take_all, unpack, ErrorKind, LinkError, Opened, Packing,
    WireAudiences, WireEnvelope, CODE_MAX_CHARS, TAG_DEFAULT, VERSION,
};
use crate::revision::{Delta, Edit, Hash};

const KIND_DRAFT: u8 = 2;
const KIND_REVISION: u8 = 3;
const KIND_DELTA: u8 = 4;

/// At most this many questions in a draft, and replies in a revision.
pub const MAX_ITEMS: usize = 32;
/// At most this many characters in one question or reply.
pub const MAX_ITEM_CHARS: usize = 2000;

/// A draft: the proposal a speaker sends for feedback, with their questions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Draft {
    /// The CFP's code for the proposal, if it has one.
    pub code: Option<String>,
    /// The proposal as sent (redacted only if the speaker chose it).
    pub proposal: String,
    /// Questions for the reviewer ("Is my outline too packed for 30 minutes?").
    pub questions: Vec<String>,
}

/// The speaker's answer to one comment of the feedback.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reply {
    /// What it answers: 0 the review as a whole, `k + 1` the passage comment
    /// `k` of the feedback the speaker received (its speaker view's order).
    pub comment: u16,
    /// The speaker marked the comment addressed.
    pub addressed: bool,
    /// The reply, possibly empty.
    pub text: String,
}

/// The new text of a revision: whole, or as edits against the base.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NewText {
    /// The whole revised text (kind 3).
    Full(String),
    /// Edits against the base whose hash the delta names (kind 4).
    Delta(Delta),
}

/// A revision: the speaker's replies and new text, answering the feedback on
/// the text whose hash is `base`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Revision {
    /// The CFP's code for the proposal, if it has one.
    pub code: Option<String>,
    /// The hash of the text that was reviewed.
    #[serde(deserialize_with = "crate::revision::hash_serde::deserialize")]
    pub base: Hash,
    /// Replies to the feedback's comments.
    pub replies: Vec<Reply>,
    /// The revised text.
    pub text: NewText,
}

/// A link of any kind, as read by [`decode_any`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AnyLink {
    /// A committee review or speaker feedback.
    Review(Box<Opened>),
    /// A draft.
    Draft(Draft),
    /// A revision, full or delta.
    Revision(Revision),
}

#[derive(Serialize, Deserialize)]
struct WireDraft {
    proposal: String,
    questions: Vec<String>,
}

// A reply is written as `Reply` itself, and an edit as `Edit` (`keep`, `drop`, `insert`):
// postcard writes a struct's fields in order, as it wrote the tuples and wire copies
// they replace, so the bytes are the same (`the_frozen_mentoring_fixtures_decode_forever`) without the
// copies' conversions.
#[derive(Serialize, Deserialize)]
struct WireRevision {
    replies: Vec<Reply>,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct WireDelta {
    replies: Vec<Reply>,
    #[serde(deserialize_with = "crate::revision::hash_serde::deserialize")]
    result: Hash,
    edits: Vec<Edit>,
}

fn envelope(kind: u8, code: Option<&str>, hash: Hash) -> Result<Vec<u8>, LinkError> {
    if code.is_some_and(|c| c.chars().count() > CODE_MAX_CHARS) {
        return Err(LinkError::new(ErrorKind::Invalid));
    }
    postcard::to_allocvec(&WireEnvelope {
        kind,
        code: code.map(str::to_owned),
        hash: Some(hash),
        audiences: WireAudiences {
            scores: TAG_DEFAULT,
            criteria: Vec::new(),
            anchors: Vec::new(),
        },
        reasons: Vec::new(),
    })
    .map_err(|_| LinkError::new(ErrorKind::Invalid))
}

fn check_items<'a>(items: impl ExactSizeIterator<Item = &'a String>) -> bool {
    items.len() <= MAX_ITEMS
        && items
            .into_iter()
            .all(|t| t.chars().count() <= MAX_ITEM_CHARS)
}

fn finish<T: Serialize>(
    mut body: Vec<u8>,
    wire: &T,
    ok: bool,
    base_url: &str,
) -> Result<String, LinkError> {
    if !ok {
        return Err(LinkError::new(ErrorKind::Invalid));
    }
    body.extend(postcard::to_allocvec(wire).map_err(|_| LinkError::new(ErrorKind::Invalid))?);
    let mut body_with_version = vec![VERSION];
    body_with_version.extend(body);
    // The frame's body is what follows the version byte.
    let fragment = pack(&body_with_version[1..], Packing::Smallest)?;
    Ok([base_url, "#", &fragment].concat())
}

/// The link of a draft at `base_url` (`""` for the fragment alone).
///
/// # Errors
/// [`ErrorKind::Invalid`] for too many or too long questions or a code over
/// [`CODE_MAX_CHARS`]; [`ErrorKind::TooLarge`] past the link's limits.
pub fn encode_draft(draft: &Draft, base_url: &str) -> Result<String, LinkError> {
    let body = envelope(
        KIND_DRAFT,
        draft.code.as_deref(),
        content_hash(&draft.proposal),
    )?;
    let wire = WireDraft {
        proposal: draft.proposal.clone(),
        questions: draft.questions.clone(),
    };
    finish(body, &wire, check_items(draft.questions.iter()), base_url)
}

/// The link of a revision at `base_url`: kind 3 for [`NewText::Full`], kind 4
/// for [`NewText::Delta`] (whose base must be the revision's).
///
/// # Errors
/// As [`encode_draft`], for the replies.
pub fn encode_revision(revision: &Revision, base_url: &str) -> Result<String, LinkError> {
    let replies = revision.replies.clone();
    let ok = check_items(revision.replies.iter().map(|r| &r.text));
    match &revision.text {
        NewText::Full(text) => {
            let body = envelope(KIND_REVISION, revision.code.as_deref(), revision.base)?;
            let wire = WireRevision {
                replies,
                text: text.clone(),
            };
            finish(body, &wire, ok, base_url)
        }
        NewText::Delta(delta) => {
            let body = envelope(KIND_DELTA, revision.code.as_deref(), revision.base)?;
            let wire = WireDelta {
                replies,
                result: delta.result,
                edits: delta.edits.clone(),
            };
            finish(body, &wire, ok && delta.base == revision.base, base_url)
        }
    }
}

/// Reads a link, its fragment or a `.talkback` file's payload of any kind, with
/// every check of [`super::decode_link`]. A draft's hash must be its proposal's.
///
/// # Errors
/// As [`super::decode_link`]; a kind past delta revision is
/// [`ErrorKind::NewerVersion`].
pub fn decode_any(fragment_or_url: &str) -> Result<AnyLink, LinkError> {
    let body = unpack(fragment_or_url)?;
    let damaged = || LinkError::new(ErrorKind::Damaged);
    // A mentoring round: this version, an envelope that reads, one of the round kinds.
    // Anything else is read (and refused) as a review link, by one call (not two: each
    // call site would inline the review reader again).
    let round = if body.first() == Some(&VERSION) {
        let (env, rest) =
            postcard::take_from_bytes::<WireEnvelope>(&body[1..]).map_err(|_| damaged())?;
        (KIND_DRAFT..=KIND_DELTA)
            .contains(&env.kind)
            .then_some((env, rest))
    } else {
        None
    };
    let Some((env, rest)) = round else {
        return read_link_body(&body).map(|o| AnyLink::Review(Box::new(o)));
    };
    let plain = env.audiences.scores == TAG_DEFAULT
        && env.audiences.criteria.is_empty()
        && env.audiences.anchors.is_empty()
        && env.reasons.is_empty()
        && env
            .code
            .as_deref()
            .is_none_or(|c| c.chars().count() <= CODE_MAX_CHARS);
    let hash = env.hash.filter(|_| plain).ok_or_else(damaged)?;
    let code = env.code;
    let replies = |out: Vec<Reply>| -> Result<Vec<Reply>, LinkError> {
        if check_items(out.iter().map(|r| &r.text)) {
            Ok(out)
        } else {
            Err(damaged())
        }
    };
    Ok(match env.kind {
        KIND_DRAFT => {
            let wire = take_all::<WireDraft>(rest)?;
            if content_hash(&wire.proposal) != hash || !check_items(wire.questions.iter()) {
                return Err(damaged());
            }
            AnyLink::Draft(Draft {
                code,
                proposal: wire.proposal,
                questions: wire.questions,
            })
        }
        KIND_REVISION => {
            let wire = take_all::<WireRevision>(rest)?;
            AnyLink::Revision(Revision {
                code,
                base: hash,
                replies: replies(wire.replies)?,
                text: NewText::Full(wire.text),
            })
        }
        _ => {
            let wire = take_all::<WireDelta>(rest)?;
            AnyLink::Revision(Revision {
                code,
                base: hash,
                replies: replies(wire.replies)?,
                text: NewText::Delta(Delta {
                    base: hash,
                    result: wire.result,
                    edits: wire.edits,
                }),
            })
        }
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::revision::{apply, delta, RevisionError};
    use proptest::prelude::*;

    const BASE: &str = "# Fast tests\n\nWe profile a slow suite.\n\nThen we fix it.";

    fn draft() -> Draft {
        Draft {
            code: Some("PYC-7".into()),
            proposal: BASE.into(),
            questions: vec!["Is my outline too packed for 30 minutes?".into()],
        }
    }

    fn revision(text: NewText) -> Revision {
        Revision {
            code: None,
            base: content_hash(BASE),
            replies: vec![Reply {
                comment: 1,
                addressed: true,
                text: "Added the timings.".into(),
            }],
            text,
        }
    }

    #[test]
    fn a_draft_link_opens_as_the_draft_and_not_as_a_review() {
        let link = encode_draft(&draft(), "https://t.example/").unwrap();
        assert!(link.starts_with("https://t.example/#"));
        assert_eq!(decode_any(&link), Ok(AnyLink::Draft(draft())));
        assert_eq!(
            super::super::decode_link(&link).unwrap_err().kind(),
            ErrorKind::NewerVersion
        );
    }

    #[test]
    fn full_and_delta_revisions_round_trip_and_rebuild_the_same_text() {
        let base = crate::examples::EXAMPLES[0].markdown;
        let new = base.replacen(
            "\n\n",
            "\n\nA new paragraph, timed: 5 min each part.\n\n",
            2,
        );
        let mut full = revision(NewText::Full(new.clone()));
        full.base = content_hash(base);
        let link = encode_revision(&full, "").unwrap();
        assert_eq!(decode_any(&link), Ok(AnyLink::Revision(full.clone())));
        let mut short = full;
        short.text = NewText::Delta(delta(base, &new));
        let delta_link = encode_revision(&short, "").unwrap();
        assert!(delta_link.len() < link.len(), "{delta_link} vs {link}");
        let Ok(AnyLink::Revision(Revision {
            text: NewText::Delta(d),
            ..
        })) = decode_any(&delta_link)
        else {
            panic!("not a delta");
        };
        assert_eq!(apply(base, &d), Ok(new));
        assert_eq!(apply(BASE, &d), Err(RevisionError::WrongBase));
    }

    #[test]
    fn a_delta_whose_base_is_not_the_revisions_is_not_encoded() {
        let mut r = revision(NewText::Delta(delta("other", "other text")));
        assert_eq!(
            encode_revision(&r, "").unwrap_err().kind(),
            ErrorKind::Invalid
        );
        r.text = NewText::Full("x".into());
        r.replies = vec![
            Reply {
                comment: 0,
                addressed: false,
                text: String::new(),
            };
            MAX_ITEMS + 1
        ];
        assert_eq!(
            encode_revision(&r, "").unwrap_err().kind(),
            ErrorKind::Invalid
        );
    }

    #[test]
    fn a_draft_whose_hash_is_not_its_proposals_is_damaged() {
        let mut body = envelope(KIND_DRAFT, None, content_hash("another text")).unwrap();
        body.extend(
            postcard::to_allocvec(&WireDraft {
                proposal: BASE.into(),
                questions: vec![],
            })
            .unwrap(),
        );
        let fragment = pack(&body, Packing::Stored).unwrap();
        assert_eq!(
            decode_any(&fragment).unwrap_err().kind(),
            ErrorKind::Damaged
        );
    }

    /// A draft link, a full revision link and a delta revision link of the same edit.
    fn links_of_every_kind() -> [String; 3] {
        let new = BASE.replace("fix it", "fix it together");
        [
            encode_draft(&draft(), "").unwrap(),
            encode_revision(&revision(NewText::Full(new.clone())), "").unwrap(),
            encode_revision(&revision(NewText::Delta(delta(BASE, &new))), "").unwrap(),
        ]
    }

    #[test]
    fn files_of_every_kind_open_like_their_links() {
        let links = links_of_every_kind();
        for link in links {
            let file = crate::file::write(&link);
            let payload = crate::file::read(file.as_bytes()).unwrap();
            assert_eq!(decode_any(payload), decode_any(&link));
            assert!(decode_any(payload).is_ok());
        }
        // The same cap as a link.
        let huge = Draft {
            code: None,
            proposal: "x".repeat(super::super::MAX_BODY_BYTES + 1),
            questions: vec![],
        };
        assert_eq!(
            encode_draft(&huge, "").unwrap_err().kind(),
            ErrorKind::TooLarge
        );
    }

    #[test]
    fn files_of_every_kind_are_refused_as_their_links_are() {
        let links = links_of_every_kind();
        for link in links {
            // One character changed in the middle: the checksum catches it either way.
            let mut damaged = link.into_bytes();
            let at = damaged.len() / 2;
            damaged[at] = if damaged[at] == b'A' { b'B' } else { b'A' };
            let damaged = String::from_utf8(damaged).unwrap();
            let file = crate::file::write(&damaged);
            let from_file = decode_any(crate::file::read(file.as_bytes()).unwrap());
            assert_eq!(from_file, decode_any(&damaged));
            assert!(from_file.is_err());
        }
        // Past the link's cap: too large, from a file as from a link.
        let long = "A".repeat(super::super::MAX_FRAGMENT_CHARS + 1);
        let file = crate::file::write(&long);
        let from_file = decode_any(crate::file::read(file.as_bytes()).unwrap()).unwrap_err();
        assert_eq!(from_file.kind(), ErrorKind::TooLarge);
        assert_eq!(decode_any(&long).unwrap_err().kind(), ErrorKind::TooLarge);
    }

    #[test]
    fn reviews_still_open_through_decode_any() {
        for (link, want) in super::super::tests::v2_links() {
            assert_eq!(decode_any(&link), Ok(AnyLink::Review(Box::new(want))));
        }
    }

    #[test]
    fn the_frozen_mentoring_fixtures_decode_forever() {
        let text = include_str!("../../../../tests/fixtures/links/v2-mentoring.txt");
        let mut kinds = 0;
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with(';'))
            .collect();
        for pair in lines.chunks(2) {
            let got = decode_any(pair[0]).unwrap();
            assert_eq!(format!("{got:?}"), pair[1], "{}", pair[0]);
            kinds += 1;
        }
        assert_eq!(kinds, 3);
    }

    #[test]
    #[ignore = "writes fixtures by hand"]
    fn print_mentoring_fixture_candidates() {
        let new = BASE.replace("slow suite", "slow suite — ünïcode 🎤");
        for link in [
            encode_draft(&draft(), "https://talkback.example/").unwrap(),
            encode_revision(
                &revision(NewText::Full(new.clone())),
                "https://talkback.example/",
            )
            .unwrap(),
            encode_revision(
                &revision(NewText::Delta(delta(BASE, &new))),
                "https://talkback.example/",
            )
            .unwrap(),
        ] {
            println!("{link}\n{:?}\n", decode_any(&link).unwrap());
        }
    }

    proptest! {
        #[test]
        fn any_revision_round_trips(
            base in "(word |other |\u{e9}t\u{e9} |\n)*",
            new in "(word |other |new |\n)*",
            reply in ".{0,40}",
            addressed in any::<bool>(),
        ) {
            let r = Revision {
                code: None,
                base: content_hash(&base),
                replies: vec![Reply { comment: 2, addressed, text: reply }],
                text: NewText::Delta(delta(&base, &new)),
            };
            let link = encode_revision(&r, "").unwrap();
            let got = decode_any(&link).unwrap();
            prop_assert_eq!(&got, &AnyLink::Revision(r));
            if let AnyLink::Revision(Revision { text: NewText::Delta(d), .. }) = got {
                prop_assert_eq!(apply(&base, &d), Ok(new));
            }
        }

        #[test]
        fn decode_any_never_panics(input in "[A-Za-z0-9_-]{0,200}") {
            let _ = decode_any(&input);
        }
    }
}
