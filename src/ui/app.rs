//! The root component: which view is showing — the review page, feedback opened from a
//! link, or the committee view — and the link handling that decides it.

use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use crate::ui::pages::committee::CommitteePage;
use crate::ui::pages::feedback::FeedbackPage;
use crate::ui::pages::review::ReviewPage;
use crate::ui::state::Replacement;
use crate::ui::storage;
use talkback_core::link;

/// What the page shows.
#[derive(Clone, PartialEq)]
enum View {
    Review,
    Feedback(Rc<link::Opened>),
    Committee,
}

/// What the address's fragment held when the page opened (or changed).
enum Opened {
    Nothing,
    Feedback(Box<link::Opened>),
    Broken(&'static str),
}

/// Fragments shorter than this are `#section` links clicked inside a rendered proposal,
/// not review links (the shortest review link is far longer).
const MIN_LINK_FRAGMENT: usize = 12;

fn read_fragment() -> Opened {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let fragment = hash.trim_start_matches('#');
    if fragment.len() < MIN_LINK_FRAGMENT {
        return Opened::Nothing;
    }
    match link::decode_link(fragment) {
        Ok(opened) => Opened::Feedback(Box::new(opened)),
        Err(e) => Opened::Broken(e.message()),
    }
}

/// Removes the fragment from the address bar (it would otherwise sit in synced history).
fn forget_fragment() {
    let window = gloo::utils::window();
    let location = window.location();
    let path = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let view = use_state(|| View::Review);
    let broken = use_state(|| None::<&'static str>);
    let last_feedback = use_state(|| None::<Rc<link::Opened>>);
    let incoming = use_state(|| None::<Rc<Replacement>>);
    {
        let (view, broken, last_feedback) = (view.clone(), broken.clone(), last_feedback.clone());
        use_effect_with((), move |()| {
            let open = {
                let (view, broken, last_feedback) =
                    (view.clone(), broken.clone(), last_feedback.clone());
                move || match read_fragment() {
                    Opened::Nothing => {}
                    Opened::Feedback(shared) => {
                        storage::save_received(&shared);
                        forget_fragment();
                        let shared = Rc::new(*shared);
                        last_feedback.set(Some(Rc::clone(&shared)));
                        broken.set(None);
                        view.set(View::Feedback(shared));
                    }
                    Opened::Broken(message) => {
                        forget_fragment();
                        broken.set(Some(message));
                        view.set(View::Review);
                    }
                }
            };
            if let Some(opened) = storage::load_received() {
                last_feedback.set(Some(Rc::new(opened)));
            }
            open();
            let listener =
                EventListener::new(&gloo::utils::window(), "hashchange", move |_| open());
            move || drop(listener)
        });
    }
    let show_review = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(View::Review))
    };
    let show_feedback = {
        let view = view.clone();
        let last = last_feedback.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(shared) = (*last).clone() {
                view.set(View::Feedback(shared));
            }
        })
    };
    let show_committee = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(View::Committee))
    };
    let dismiss = {
        let broken = broken.clone();
        Callback::from(move |_: MouseEvent| broken.set(None))
    };
    let on_new_review = {
        let (view, incoming) = (view.clone(), incoming.clone());
        Callback::from(move |proposal: Option<String>| {
            if let Some(text) = proposal {
                incoming.set(Some(Rc::new(Replacement {
                    what: "the proposal from the feedback link".into(),
                    text,
                    fresh_review: true,
                })));
            }
            view.set(View::Review);
        })
    };
    let current = |v: &View| if *view == *v { Some("page") } else { None };
    html! {
        <div class="app">
            <header class="app-header">
                <h1 class="app-title">{ "Talkback" }</h1>
                <p class="app-tagline">{ "Review a talk proposal. Everything stays in this browser." }</p>
                <nav class="app-nav" aria-label="Views">
                    <button type="button" onclick={show_review} aria-current={current(&View::Review)}>{ "Review" }</button>
                    <button type="button" onclick={show_committee} aria-current={current(&View::Committee)}>{ "Committee" }</button>
                    if last_feedback.is_some() {
                        <button type="button" onclick={show_feedback}
                                aria-current={matches!(*view, View::Feedback(_)).then_some("page")}>{ "Feedback" }</button>
                    }
                </nav>
            </header>
            if let Some(message) = *broken {
                <div class="notice notice-warning link-alert" role="alert">
                    <p><strong>{ "This feedback link cannot be opened. " }</strong>{ message }</p>
                    <p>{ "Your own draft and review are untouched." }</p>
                    <button type="button" onclick={dismiss}>{ "Start a new review" }</button>
                </div>
            }
            // The review page stays mounted (hidden) while feedback shows, so its state
            // and unsaved typing are never lost.
            <div hidden={!matches!(*view, View::Review)}>
                <ReviewPage incoming={(*incoming).clone()} />
            </div>
            if let View::Feedback(shared) = &*view {
                <FeedbackPage opened={Rc::clone(shared)} {on_new_review} />
            }
            if *view == View::Committee {
                <CommitteePage />
            }
        </div>
    }
}
