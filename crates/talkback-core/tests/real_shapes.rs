//! The real-shapes fixtures (`tests/fixtures/real-shapes/`, issue 16): full proposals in
//! the shapes CFP tools produce. Every expected field is read, and nothing the speaker
//! answered in a shared section is lost from the shared proposal.

use std::path::PathBuf;

use talkback_core::blind_review::{is_shared, redact_shared};
use talkback_core::proposal::{parse, FieldKind};

fn fixtures() -> Vec<(String, String, serde_json::Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/real-shapes");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "md")
            && path.with_extension("expect.json").exists()
        {
            let src = std::fs::read_to_string(&path).expect("fixture");
            let exp =
                std::fs::read_to_string(path.with_extension("expect.json")).expect("expect.json");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, src, serde_json::from_str(&exp).expect("valid JSON")));
        }
    }
    assert!(out.len() >= 30, "only {} fixtures", out.len());
    out
}

#[test]
fn every_expected_field_is_read() {
    for (name, src, exp) in fixtures() {
        let p = parse(&src);
        let f = &exp["fields"];
        assert_eq!(p.title(), f["title"].as_str(), "{name}");
        assert_eq!(
            p.text(FieldKind::Description),
            f["description"].as_str(),
            "{name}"
        );
        assert_eq!(
            p.text(FieldKind::Audience),
            f["audience"].as_str(),
            "{name}"
        );
        assert_eq!(p.text(FieldKind::Outline), f["outline"].as_str(), "{name}");
        assert_eq!(p.text(FieldKind::Notes), f["notes"].as_str(), "{name}");
        assert_eq!(
            p.duration_minutes().map(u64::from),
            f["duration"].as_u64(),
            "{name}"
        );
    }
}

/// Issue 16, class 4: every character of the speaker's answers in every shared
/// section reaches the shared proposal (here without redaction).
#[test]
fn every_shared_answer_reaches_the_shared_proposal() {
    for (name, src, _) in fixtures() {
        let p = parse(&src);
        let shared = redact_shared(&p, &[], |_| false);
        let mut answers = 0;
        for field in p.fields().iter().filter(|f| is_shared(f.kind)) {
            let value = p.value_of(field);
            assert!(
                shared.contains(value),
                "{name}: {:?} lost {value:?}",
                field.kind
            );
            answers += value.len();
        }
        for chunk in p.body() {
            assert!(shared.contains(chunk), "{name}: body lost {chunk:?}");
        }
        assert!(
            answers > 200,
            "{name}: only {answers} bytes of shared answers"
        );
        // Notes and bio never travel.
        for kind in [FieldKind::Notes, FieldKind::Bio] {
            if let Some(t) = p.text(kind) {
                assert!(!shared.contains(t), "{name}: {kind:?} was shared");
            }
        }
    }
}
