//! The root component.

use yew::prelude::*;

use crate::ui::pages::review::ReviewPage;

/// The whole app. One page for now: reviewing a draft.
#[component]
pub fn App() -> Html {
    html! {
        <div class="app">
            <header class="app-header">
                <h1 class="app-title">{ "Talkback" }</h1>
                <p class="app-tagline">{ "Review a talk proposal. Everything stays in this browser." }</p>
            </header>
            <ReviewPage />
        </div>
    }
}
