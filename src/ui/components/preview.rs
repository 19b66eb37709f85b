//! The `Preview` region: the draft rendered safely, block by block.

use yew::prelude::*;

use crate::ui::state::PreviewBlock;

/// The rendered draft, `blocks` in order, as a region named `label`. Each block is keyed
/// by its content and its HTML is compared before anything is replaced, so a keystroke
/// replaces only the block it changed; the rest of the DOM is left alone. (A function,
/// not a component: Yew's raw-HTML node already skips an unchanged block.)
pub fn preview(blocks: &[PreviewBlock], label: &'static str) -> Html {
    html! {
        <section class="preview" role="region" aria-label={label}>
            if blocks.is_empty() {
                <p class="preview-empty">{ "The rendered proposal appears here as you type." }</p>
            } else {
                // Safe by construction: `html` comes only from `domain::markdown::render_blocks`,
                // which turns raw HTML into text and drops unsafe URLs.
                { for blocks.iter().map(|block| html! {
                    <div key={block.key.clone()} class="preview-block">{ Html::from_html_unchecked(block.html.clone()) }</div>
                }) }
            }
        </section>
    }
}
