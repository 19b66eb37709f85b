//! HotCRP: paper JSON (`pid`, `title`, `abstract`, `authors`).

use super::pretalx::lang;
use super::text::{non_empty, Parts};
use super::{Format, Import, ImportError, ProposalState, Speaker, MAX_PROPOSALS};
use crate::json::Value;

fn author(a: &Value) -> Speaker {
    let name = match (lang(a.get("first")), lang(a.get("last"))) {
        (f, l) if !f.trim().is_empty() || !l.trim().is_empty() => {
            format!("{} {}", f.trim(), l.trim()).trim().to_owned()
        }
        _ => lang(a.get("name")),
    };
    Speaker {
        code: None,
        name,
        email: lang(a.get("email")),
        bio: String::new(),
    }
}

/// HotCRP's state: `withdrawn: true`, else `status` / `decision` words.
fn state(p: &Value) -> ProposalState {
    if p.get("withdrawn").and_then(Value::as_bool) == Some(true) {
        return ProposalState::Withdrawn;
    }
    for key in ["status", "decision"] {
        let w = lang(p.get(key));
        if !w.trim().is_empty() {
            return match ProposalState::from_word(&w) {
                ProposalState::Other(o) if o.starts_with("accept") => ProposalState::Accepted,
                ProposalState::Other(o) if o.starts_with("reject") => ProposalState::Rejected,
                ProposalState::Other(o) if o == "draft" || o == "inprogress" => {
                    ProposalState::Submitted
                }
                s => s,
            };
        }
    }
    ProposalState::Submitted
}

pub(super) fn read(items: &[Value]) -> Result<Import, ImportError> {
    let format = Format::HotcrpJson;
    let mut import = Import::new(format);
    if items.len() > MAX_PROPOSALS {
        return Err(ImportError::new(
            Some(format),
            format!("it holds more than {MAX_PROPOSALS} papers"),
        ));
    }
    for (i, p) in items.iter().enumerate() {
        if !matches!(p, Value::Object(_)) {
            return Err(ImportError::new(
                Some(format),
                format!("this is {}, not a paper", p.type_name()),
            )
            .at_record(i + 1));
        }
        let pid = lang(p.get("pid"));
        if pid.trim().is_empty() {
            return Err(ImportError::new(Some(format), "it has no pid").at_record(i + 1));
        }
        let authors = p
            .get("authors")
            .and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .map(author)
            .collect();
        let topics = p
            .get("topics")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(|t| non_empty(&lang(Some(t)))).collect())
            .unwrap_or_default();
        if p.get("submission").is_some() || p.get("final").is_some() {
            import.note("the papers' PDF documents are not imported");
        }
        import.proposals.push(
            Parts {
                code: Some(pid),
                title: lang(p.get("title")),
                summary: lang(p.get("abstract")),
                description: String::new(),
                notes: String::new(),
                extra: Vec::new(),
                speakers: authors,
                track: None,
                submission_type: None,
                level: None,
                tags: topics,
                duration_minutes: None,
                state: state(p),
            }
            .build(),
        );
    }
    Ok(import)
}
