//! PaperCall: the API's submissions (`talk`, `profile`) and the flat JSON download.

use super::record::{lang, read_json, JsonRecord, Mapping};
use super::text::Parts;
use super::{Format, Import, ImportError, Speaker};
use crate::json::Value;

/// Field names; the talk's are under `talk` in the API and at the top level
/// in the flat download (looked up in that order).
const PAPERCALL: Mapping = Mapping {
    format: Format::PaperCallJson,
    code: &["id"],
    title: &["title"],
    summary: &["abstract"],
    description: &["description"],
    notes: &["notes"],
    track: &[],
    kind: &["talk_format"],
    level: &["audience_level"],
    duration: &[],
    state: &["state"],
    tags: &["tags", "tag_list"],
    people: &[],
    dropped: &[],
};

fn speaker(profile: &Value) -> Speaker {
    Speaker {
        code: None,
        name: lang(profile.get("name")),
        email: lang(profile.get("email")),
        bio: lang(profile.get("bio")),
    }
}

/// A list of submissions, nested (`{"id", "state", "talk": {...}, "profile":
/// {...}}`, the API) or flat (`{"title", "abstract", "name", "bio"…}`).
pub(super) fn read(items: &[Value]) -> Result<Import, ImportError> {
    read_json(
        items,
        Import::new(Format::PaperCallJson),
        &PAPERCALL,
        Some("talk"),
        finish,
    )
}

fn finish(r: &JsonRecord<'_>, p: &mut Parts, import: &mut Import) {
    match r.item.get("profile") {
        Some(profile @ Value::Object(_)) => p.speakers.push(speaker(profile)),
        _ if r.item.get("name").is_some() => p.speakers.push(speaker(r.item)),
        _ => {}
    }
    let co = r
        .item
        .get("co_presenter_profiles")
        .and_then(Value::as_array);
    p.speakers
        .extend(co.unwrap_or_default().iter().map(speaker));
    if r.item.get("ratings").is_some() || r.item.get("rating").is_some() {
        import.note("PaperCall ratings are not imported");
    }
}
