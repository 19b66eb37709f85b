//! HotCRP: paper JSON (`pid`, `title`, `abstract`, `authors`).

use super::record::{lang, read_json, JsonRecord, Mapping};
use super::text::Parts;
use super::{Format, Import, ImportError, ProposalState, Speaker};
use crate::json::Value;

const HOTCRP: Mapping = Mapping {
    format: Format::HotcrpJson,
    code: &["pid"],
    title: &["title"],
    summary: &["abstract"],
    description: &[],
    notes: &[],
    track: &[],
    kind: &[],
    level: &[],
    duration: &[],
    state: &["status", "decision"],
    tags: &["topics"],
    people: &[],
    dropped: &[],
};

pub(super) fn read(items: &[Value]) -> Result<Import, ImportError> {
    read_json(
        items,
        Import::new(Format::HotcrpJson),
        &HOTCRP,
        None,
        finish,
    )
}

fn finish(r: &JsonRecord<'_>, p: &mut Parts, import: &mut Import) {
    let authors = r.item.get("authors").and_then(Value::as_array);
    p.speakers = authors
        .unwrap_or_default()
        .iter()
        .map(|a| {
            let name = format!(
                "{} {}",
                lang(a.get("first")).trim(),
                lang(a.get("last")).trim()
            );
            Speaker {
                code: None,
                name: match name.trim() {
                    "" => lang(a.get("name")),
                    n => n.to_owned(),
                },
                email: lang(a.get("email")),
                bio: String::new(),
            }
        })
        .collect();
    // HotCRP's states: `withdrawn: true`, decisions such as `accept-short`.
    if r.item.get("withdrawn").and_then(Value::as_bool) == Some(true) {
        p.state = ProposalState::Withdrawn;
    } else if let ProposalState::Other(o) = &p.state {
        p.state = if o.starts_with("accept") {
            ProposalState::Accepted
        } else if o.starts_with("reject") {
            ProposalState::Rejected
        } else {
            ProposalState::Submitted
        };
    }
    if r.item.get("submission").is_some() || r.item.get("final").is_some() {
        import.note("the papers' PDF documents are not imported");
    }
}
