//! PaperCall: the API's submissions (`talk`, `profile`) and the flat JSON download.

use super::pretalx::lang;
use super::text::{non_empty, Parts};
use super::{Format, Import, ImportError, ProposalState, Speaker, MAX_PROPOSALS};
use crate::json::Value;

fn speaker(profile: &Value) -> Speaker {
    Speaker {
        code: None,
        name: lang(profile.get("name")),
        email: lang(profile.get("email")),
        bio: lang(profile.get("bio")),
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|t| non_empty(&lang(Some(t))))
            .collect(),
        // Some exports join tags with commas.
        Some(Value::String(s)) => s.split(',').filter_map(non_empty).collect(),
        _ => Vec::new(),
    }
}

/// A list of submissions, nested (`{"id", "state", "talk": {...}, "profile":
/// {...}}`, the API) or flat (`{"title", "abstract", "name", "bio"…}`).
pub(super) fn read(items: &[Value]) -> Result<Import, ImportError> {
    let mut import = Import::new(Format::PaperCallJson);
    if items.len() > MAX_PROPOSALS {
        return Err(ImportError::new(
            Some(Format::PaperCallJson),
            format!("it holds more than {MAX_PROPOSALS} proposals"),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        if !matches!(item, Value::Object(_)) {
            return Err(ImportError::new(
                Some(Format::PaperCallJson),
                format!("this is {}, not a submission", item.type_name()),
            )
            .at_record(i + 1));
        }
        // The talk's fields are under `talk` in the API and at the top level
        // in the flat download.
        let talk = item
            .get("talk")
            .filter(|t| matches!(t, Value::Object(_)))
            .unwrap_or(item);
        let title = lang(talk.get("title"));
        if title.trim().is_empty() {
            return Err(
                ImportError::new(Some(Format::PaperCallJson), "it has no title").at_record(i + 1),
            );
        }
        let mut speakers = Vec::new();
        match item.get("profile") {
            Some(p @ Value::Object(_)) => speakers.push(speaker(p)),
            _ if item.get("name").is_some() => speakers.push(speaker(item)),
            _ => {}
        }
        for p in item
            .get("co_presenter_profiles")
            .and_then(Value::as_array)
            .unwrap_or_default()
        {
            speakers.push(speaker(p));
        }
        let mut tags = strings(item.get("tags"));
        if tags.is_empty() {
            tags = strings(item.get("tag_list"));
        }
        if item.get("ratings").is_some() || item.get("rating").is_some() {
            import.note("PaperCall ratings are not imported");
        }
        import.proposals.push(
            Parts {
                code: non_empty(&lang(item.get("id"))),
                title,
                summary: lang(talk.get("abstract")),
                description: lang(talk.get("description")),
                notes: lang(talk.get("notes")),
                extra: Vec::new(),
                speakers,
                track: None,
                submission_type: non_empty(&lang(talk.get("talk_format"))),
                level: non_empty(&lang(talk.get("audience_level"))),
                tags,
                duration_minutes: None,
                state: ProposalState::from_word(&lang(item.get("state"))),
            }
            .build(),
        );
    }
    Ok(import)
}
