//! Items as JSON, through the core's [`json::Value`] (already in the app for rubric files
//! and exports) rather than serde's derives: those would add a second serialisation of
//! every type here to the WebAssembly. The review travels in the link codec's storage
//! form (uncompressed, checksummed, range-checked when read back).

use crate::json::{self, Value};
use crate::link::{self, LinkKind, ProposalRef, SharedReview};
use crate::scoring::Review;

use super::{Item, Meta, Source, Speaker, Version};

/// A whole number below 2^53 as a JSON number (exact).
#[allow(
    clippy::cast_precision_loss,
    reason = "ids and times stay below 2^53, where f64 is exact"
)]
pub(super) fn number(n: u64) -> Value {
    Value::Number(n as f64)
}

pub(super) fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

pub(super) fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

pub(super) fn get_u64(v: &Value, key: &str) -> Option<u64> {
    v.get(key)?.as_i64().and_then(|n| u64::try_from(n).ok())
}

fn get_str(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_owned()
}

fn get_bool(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn review_value(review: Option<&Review>) -> Option<Value> {
    match review {
        None => Some(Value::Null),
        Some(review) => {
            let shared = SharedReview {
                review: review.clone(),
                proposal: None,
            };
            link::encode_uncompressed(&shared).ok().map(Value::String)
        }
    }
}

/// `Err(())` when a review is there but does not read back.
fn read_review(v: Option<&Value>) -> Result<Option<Review>, ()> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(payload)) => link::decode(payload)
            .map(|shared| Some(shared.review))
            .map_err(drop),
        Some(_) => Err(()),
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

fn unhex(s: &str) -> Option<[u8; 16]> {
    let digits = s.as_bytes();
    if digits.len() != 32 {
        return None;
    }
    let nibble = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = [0u8; 16];
    for (i, pair) in digits.chunks(2).enumerate() {
        out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

/// `item` as a JSON value; `None` when its review cannot be written (beyond the link
/// codec's limits).
pub(super) fn item_value(item: &Item) -> Option<Value> {
    let (source, format) = match &item.source {
        Source::Pasted => ("pasted", ""),
        Source::Imported(format) => ("imported", format.as_str()),
        Source::Link(LinkKind::CommitteeReview) => ("committee-link", ""),
        Source::Link(LinkKind::SpeakerFeedback) => ("speaker-link", ""),
        Source::Draft => ("draft-link", ""),
    };
    let mut versions = Vec::with_capacity(item.versions.len());
    for v in &item.versions {
        versions.push(object(vec![
            ("text", text(&v.text)),
            ("review", review_value(v.review.as_ref())?),
            ("changed", number(v.changed)),
        ]));
    }
    let reference = item.reference.as_ref().map_or(Value::Null, |r| {
        object(vec![
            ("code", r.code.as_deref().map_or(Value::Null, text)),
            (
                "hash",
                r.hash
                    .as_ref()
                    .map_or(Value::Null, |h| Value::String(hex(h))),
            ),
        ])
    });
    Some(object(vec![
        ("id", number(item.id)),
        ("source", text(source)),
        ("format", text(format)),
        ("code", item.code.as_deref().map_or(Value::Null, text)),
        ("title", text(&item.title)),
        ("text", text(&item.text)),
        ("review", review_value(item.review.as_ref())?),
        ("speaker_names", text(&item.speaker_names)),
        ("shared", Value::Bool(item.shared)),
        ("withdrawn", Value::Bool(item.withdrawn)),
        (
            "changed_since_review",
            Value::Bool(item.changed_since_review),
        ),
        (
            "speakers",
            Value::Array(
                item.speakers
                    .iter()
                    .map(|s| {
                        object(vec![
                            ("name", text(&s.name)),
                            ("email", text(&s.email)),
                            ("bio", text(&s.bio)),
                        ])
                    })
                    .collect(),
            ),
        ),
        ("revealed", Value::Bool(item.revealed)),
        ("track", text(&item.meta.track)),
        ("kind", text(&item.meta.kind)),
        ("level", text(&item.meta.level)),
        (
            "tags",
            Value::Array(item.meta.tags.iter().map(|t| text(t)).collect()),
        ),
        ("reference", reference),
        ("created", number(item.created)),
        ("changed", number(item.changed)),
        ("versions", Value::Array(versions)),
    ]))
}

/// Reads an item; `None` when its id, text or times are missing or its review is
/// damaged (never half read).
pub(super) fn read_item(v: &Value) -> Option<Item> {
    let source = match v.get("source").and_then(Value::as_str)? {
        "pasted" => Source::Pasted,
        "imported" => Source::Imported(get_str(v, "format")),
        "committee-link" => Source::Link(LinkKind::CommitteeReview),
        "speaker-link" => Source::Link(LinkKind::SpeakerFeedback),
        "draft-link" => Source::Draft,
        _ => return None,
    };
    let mut versions = Vec::new();
    for version in v.get("versions").and_then(Value::as_array).unwrap_or(&[]) {
        versions.push(Version {
            text: version.get("text")?.as_str()?.to_owned(),
            review: read_review(version.get("review")).ok()?,
            changed: get_u64(version, "changed")?,
        });
    }
    let strings = |key| -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect()
    };
    let reference = match v.get("reference") {
        Some(r @ Value::Object(_)) => Some(ProposalRef {
            code: r.get("code").and_then(Value::as_str).map(str::to_owned),
            hash: r.get("hash").and_then(Value::as_str).and_then(unhex),
        }),
        Some(_) | None => None,
    };
    Some(Item {
        id: get_u64(v, "id")?,
        source,
        code: v.get("code").and_then(Value::as_str).map(str::to_owned),
        title: get_str(v, "title"),
        text: v.get("text")?.as_str()?.to_owned(),
        review: read_review(v.get("review")).ok()?,
        speaker_names: get_str(v, "speaker_names"),
        shared: get_bool(v, "shared"),
        withdrawn: get_bool(v, "withdrawn"),
        changed_since_review: get_bool(v, "changed_since_review"),
        speakers: v
            .get("speakers")
            .and_then(Value::as_array)
            .unwrap_or(&[])
            .iter()
            .map(|s| Speaker {
                name: get_str(s, "name"),
                email: get_str(s, "email"),
                bio: get_str(s, "bio"),
            })
            .collect(),
        revealed: get_bool(v, "revealed"),
        meta: Meta {
            track: get_str(v, "track"),
            kind: get_str(v, "kind"),
            level: get_str(v, "level"),
            tags: strings("tags"),
        },
        reference,
        created: get_u64(v, "created")?,
        changed: get_u64(v, "changed")?,
        versions,
    })
}

/// Parses one JSON text (within [`json::MAX_INPUT_BYTES`]).
pub(super) fn parse(text: &str) -> Option<Value> {
    json::parse(text).ok()
}
