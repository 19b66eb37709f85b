//! The `Detected fields` panel: what the parser found, with lengths per field.

use yew::prelude::*;

use talkback_core::proposal::{FieldKind, Proposal};

/// Title, duration, audience and level at a glance, then characters and words per field,
/// of the parsed draft `p`. A function, not a component: it has no state (docs/size.md).
pub fn detected_fields(p: &Proposal) -> Html {
    let missing = || html! { <span class="field-missing">{ "not found" }</span> };
    let title = p
        .title()
        .map_or_else(missing, |t| html! { { t.to_string() } });
    let duration = p
        .duration_minutes()
        .map_or_else(missing, |m| html! { { format!("{m} minutes") } });
    let audience = p
        .text(FieldKind::Audience)
        .map_or_else(missing, |a| html! { { a.to_string() } });
    let level = p.level().map_or_else(missing, |l| html! { { l.label() } });
    let stats = p.stats();
    html! {
        <section class="fields" aria-labelledby="fields-heading">
            <h2 id="fields-heading">{ "Detected fields" }</h2>
            <dl class="fields-summary">
                <dt>{ "Title" }</dt><dd>{ title }</dd>
                <dt>{ "Duration" }</dt><dd>{ duration }</dd>
                <dt>{ "Audience" }</dt><dd>{ audience }</dd>
                <dt>{ "Level" }</dt><dd>{ level }</dd>
            </dl>
            if !stats.is_empty() {
                <table class="fields-table">
                    <caption>{ "Length of each field" }</caption>
                    <thead><tr><th scope="col">{ "Field" }</th><th scope="col">{ "Characters" }</th><th scope="col">{ "Words" }</th></tr></thead>
                    <tbody>
                        { for stats.iter().map(|s| html! {
                            <tr><th scope="row">{ s.kind.label() }</th><td>{ s.chars }</td><td>{ s.words }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
