//! Server-side rendering of the components, natively: the markup a user first sees, with
//! the accessible names the end-to-end suite and screen readers rely on. Effects (timers)
//! do not run in SSR, and the review page reads no storage there: a fresh page.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use talkback::ui::app::App;
use talkback::ui::components::fields::detected_fields;
use talkback::ui::components::preview::preview;
use talkback::ui::state::{PreviewBlock, ReviewState};
use talkback_core::proposal::{parse, Proposal};
use yew::{component, Html, LocalServerRenderer, Properties, ServerRenderer};

/// Mounts a view function (the preview, the detected fields) for rendering.
#[derive(Properties, PartialEq)]
struct ViewProps {
    blocks: Rc<Vec<PreviewBlock>>,
    proposal: Rc<Proposal>,
}

#[component]
fn Preview(props: &ViewProps) -> Html {
    preview(&props.blocks, "Preview")
}

#[component]
fn DetectedFields(props: &ViewProps) -> Html {
    detected_fields(&props.proposal)
}

async fn render_app() -> String {
    ServerRenderer::<App>::new()
        .hydratable(false)
        .render()
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_review_page_has_the_contracted_controls() {
    let html = render_app().await;
    assert!(
        html.contains(r#"<label for="proposal">Proposal</label>"#),
        "{html}"
    );
    assert!(html.contains(r#"<textarea id="proposal""#), "{html}");
    assert!(
        html.contains(r#"role="region" aria-label="Preview""#),
        "{html}"
    );
    assert!(html.contains(r#"aria-label="Try an example""#), "{html}");
    assert!(
        !html.contains("style="),
        "no inline styles (the CSP forbids them): {html}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_preview_shows_rendered_blocks_and_never_raw_html() {
    let state = ReviewState::with_text(
        "# Title\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))".into(),
    );
    let props = ViewProps {
        blocks: Rc::clone(&state.draft.preview),
        proposal: Rc::clone(&state.draft.proposal),
    };
    let html = LocalServerRenderer::<Preview>::with_props(props)
        .hydratable(false)
        .render()
        .await;
    assert!(html.contains("<h1>Title</h1>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(
        html.contains("&lt;img"),
        "raw HTML is shown as text: {html}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn detected_fields_show_title_duration_and_lengths() {
    let proposal = Rc::new(parse(
        "# Rust for Pythonistas\n\nDuration: 30 minutes\nLevel: Beginner\n\n## Description\n\nTen words here to count in the description field, really.",
    ));
    let props = ViewProps {
        blocks: Rc::default(),
        proposal,
    };
    let html = LocalServerRenderer::<DetectedFields>::with_props(props)
        .hydratable(false)
        .render()
        .await;
    assert!(html.contains("Rust for Pythonistas"), "{html}");
    assert!(html.contains("30 minutes"), "{html}");
    assert!(html.contains("Beginner"), "{html}");
    assert!(
        html.contains("<td>10</td>"),
        "ten words in the description: {html}"
    );
}

async fn render_reach(link: &str) -> String {
    use talkback::ui::components::reach::{LinkReach, LinkReachProps};
    let props = LinkReachProps {
        link: link.to_owned().into(),
        file_stem: "talkback-review".into(),
    };
    LocalServerRenderer::<LinkReach>::with_props(props)
        .hydratable(false)
        .render()
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn each_link_says_where_it_opens_how_far_it_travels_and_offers_the_file() {
    let short = format!("https://talkback.example/#{}", "A".repeat(500));
    let html = render_reach(&short).await;
    assert!(
        html.contains("Opens at <span class=\"address\">https://talkback.example/</span>"),
        "{html}"
    );
    assert!(
        html.contains("526 characters: fits e-mail and chat."),
        "{html}"
    );
    assert!(html.contains(">Download as file</button>"), "{html}");
    assert!(html.contains("<summary>QR code</summary>"), "{html}");

    // Past the QR limit but within e-mail's: no code that would not scan.
    let html = render_reach(&format!("https://talkback.example/#{}", "A".repeat(900))).await;
    assert!(html.contains("fits e-mail and chat."), "{html}");
    assert!(!html.contains("QR code</summary>"), "{html}");
    assert!(html.contains("would not scan from a screen"), "{html}");

    let html = render_reach(&format!("https://talkback.example/#{}", "A".repeat(1500))).await;
    assert!(
        html.contains("1526 characters: most chat, not Outlook."),
        "{html}"
    );
    assert!(html.contains("Send the file instead"), "{html}");

    let html = render_reach(&format!("https://talkback.example/#{}", "A".repeat(3000))).await;
    assert!(html.contains("3026 characters: send the file."), "{html}");

    // No hosted address (the one-file build from disk): the fragment and the file, with
    // the reason, and no address at all.
    let html = render_reach(&format!("#{}", "A".repeat(500))).await;
    assert!(html.contains("No web address yet"), "{html}");
    assert!(!html.contains("Opens at"), "{html}");
    assert!(html.contains(">Download as file</button>"), "{html}");
    assert!(!html.contains("style="), "{html}");

    // The hosted site: Open a file in the header; no hosted-address question and no
    // local-file warning (those are for the one-file build opened from disk).
    let html = render_app().await;
    assert!(html.contains(">Open a file</button>"), "{html}");
    assert!(!html.contains("Hosted address"), "{html}");
    assert!(!html.contains("any other HTML file"), "{html}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_blind_review_check_says_which_fields_it_scanned_and_lists_the_notes_apart() {
    use talkback::ui::components::blind_review::{BlindReviewPanel, BlindReviewPanelProps};
    use talkback_core::blind_review::{scan, Names};
    use yew::Callback;

    let analysed = Rc::new(parse(
        "# Fast tests\n\n## Description\n\nTips for fast tests.\n\n## Notes for reviewers\n\nSlides from last year are on my site: https://quietpages.example.dev/talks\n",
    ));
    let findings = scan(&analysed, &Names::from_proposal(&analysed));
    assert!(findings.is_empty(), "nothing in the shared fields");
    let props = BlindReviewPanelProps {
        analysed,
        redacted: Rc::new(vec![]),
        findings: Rc::new(findings),
        speaker_names: "".into(),
        on_speaker_names: Callback::noop(),
        on_redact: Callback::noop(),
        on_ignore: Callback::noop(),
        on_redact_all: Callback::noop(),
        on_show: Callback::noop(),
    };
    let html = LocalServerRenderer::<BlindReviewPanel>::with_props(props)
        .hydratable(false)
        .render()
        .await;
    assert!(
        html.contains("Nothing found in the shared fields (Title and Description)."),
        "{html}"
    );
    assert!(
        html.contains("Also scanned: Notes for reviewers, which no share link carries"),
        "{html}"
    );
    assert!(
        html.contains("In fields not shared (Notes for reviewers)"),
        "{html}"
    );
    assert!(
        html.contains("https://quietpages.example.dev/talks"),
        "the speaker's site in the notes is listed: {html}"
    );
}

/// The `Proposals` page of `workspace`, rendered on the server (held in memory only).
#[cfg(feature = "workspace")]
async fn render_proposals(workspace: talkback_core::workspace::Workspace) -> String {
    use std::cell::RefCell;
    use talkback::ui::pages::proposals::{ProposalsPage, WsHandle, WsProps};
    use talkback::ui::workspace::Ws;
    let props = WsProps {
        ws: WsHandle {
            ws: Rc::new(RefCell::new(Ws::in_memory(workspace))),
            version: 0,
        },
        on_event: yew::Callback::noop(),
    };
    LocalServerRenderer::<ProposalsPage>::with_props(props)
        .hydratable(false)
        .render()
        .await
}

/// The `Proposals` list of an imported pretalx page: one row per proposal, named by its
/// CFP code (blind by default), no speaker anywhere, the progress above.
#[cfg(feature = "workspace")]
#[tokio::test(flavor = "current_thread")]
async fn the_proposals_list_shows_codes_not_speakers() {
    use talkback_core::workspace::Workspace;

    // tests/fixtures/exports: built from CC0 PyCon records, invented speakers (README there).
    let bytes = include_bytes!("fixtures/exports/pretalx-page-1.json");
    let read =
        talkback_core::exchange::import("pretalx-page-1.json", bytes).expect("a pretalx page");
    let mut workspace = Workspace::new(7);
    workspace.import(&read, 1_764_800_000_000);
    let html = render_proposals(workspace).await;
    assert!(html.contains(r#"<table aria-label="Proposals">"#), "{html}");
    assert_eq!(
        html.matches("<tr").count(),
        4,
        "a header and three rows: {html}"
    );
    for code in ["RJMWHY", "HSTFHH", "JBZSRM"] {
        assert!(
            html.contains(&format!(">{code}</button>")),
            "{code} names its row: {html}"
        );
    }
    for name in ["Esmé", "Ingleborn", "Lumi", "Ockendale", "example.org"] {
        assert!(!html.contains(name), "{name} is hidden: {html}");
    }
    assert!(html.contains("0 of 3 reviewed"), "{html}");
    for name in [
        "Import proposals",
        "Next unreviewed",
        "New review",
        "Export review links",
        "Export review CSV",
        "Export HotCRP forms",
        "Import HotCRP forms",
        "Back up workspace",
        "Restore workspace",
    ] {
        assert!(
            html.contains(&format!(">{name}</button>")),
            "{name}: {html}"
        );
    }
}

/// A list of 250 renders its first 100 rows, says how many there are, and offers the
/// next page.
#[cfg(feature = "workspace")]
#[tokio::test(flavor = "current_thread")]
async fn a_long_list_renders_a_page_and_says_how_many_there_are() {
    use talkback_core::workspace::{Source, Workspace};

    let mut workspace = Workspace::new(7);
    for n in 0..250 {
        workspace.add(Source::Pasted, format!("# Talk {n}\n\nAbout {n}."), n);
    }
    let html = render_proposals(workspace).await;
    assert_eq!(html.matches("<tr").count(), 101, "a header and 100 rows");
    assert!(html.contains("100 shown of 250"), "{html}");
    assert!(html.contains(">Show 100 more</button>"), "{html}");
    // Last change first: the newest proposal leads.
    assert!(html.contains(">Talk 249</button>"), "{html}");
    assert!(!html.contains(">Talk 0</button>"), "{html}");
}

#[cfg(feature = "mentoring")]
mod mentoring {
    use std::rc::Rc;

    use talkback::ui::mentoring::{changes_view, use_received};
    use talkback_core::link::content_hash;
    use talkback_core::link::rounds::{NewText, Reply, Revision};
    use talkback_core::revision::delta;
    use yew::prelude::*;
    use yew::LocalServerRenderer;

    #[derive(Properties, PartialEq)]
    struct ChangesProps {
        revision: Rc<Revision>,
    }

    /// The changes page as the app shows it: the revision received, then its view.
    #[component]
    fn Changes(props: &ChangesProps) -> Html {
        let received = use_received(Some(Rc::clone(&props.revision)));
        match &*received {
            Some(received) => changes_view(&props.revision, received, &Callback::noop(), true),
            None => Html::default(),
        }
    }

    async fn render_changes(text: NewText) -> String {
        let props = ChangesProps {
            revision: Rc::new(Revision {
                code: None,
                base: content_hash("# Talk\n\nDraft."),
                replies: vec![Reply {
                    comment: 0,
                    addressed: true,
                    text: "Timed every part.".into(),
                }],
                text,
            }),
        };
        LocalServerRenderer::<Changes>::with_props(props)
            .hydratable(false)
            .render()
            .await
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_review_page_offers_ask_for_feedback() {
        let html = super::render_app().await;
        assert!(html.contains(">Ask for feedback</button>"), "{html}");
        assert!(
            !html.contains("Draft link"),
            "no link before it is asked for: {html}"
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_full_revision_shows_its_text_and_replies_without_the_base() {
        let html = render_changes(NewText::Full("# Talk\n\nRevised.".into())).await;
        assert!(
            html.contains(r#"role="region" aria-label="Changes since your review""#),
            "{html}"
        );
        assert!(html.contains("Revised."), "{html}");
        assert!(html.contains("Timed every part."), "{html}");
        assert!(html.contains("marked addressed"), "{html}");
        assert!(html.contains("not in this browser"), "{html}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_delta_without_its_base_says_to_ask_for_the_full_link() {
        let html = render_changes(NewText::Delta(delta(
            "# Talk\n\nDraft.",
            "# Talk\n\nRevised.",
        )))
        .await;
        assert!(html.contains(r#"role="alert""#), "{html}");
        assert!(
            html.contains(
                "This revision needs the version you reviewed; ask for the full link or the file."
            ),
            "{html}"
        );
        assert!(!html.contains("Revised."), "{html}");
    }
}
