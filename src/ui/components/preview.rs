//! The `Preview` region: the draft rendered safely, block by block.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::state::PreviewBlock;

/// Props of [`Preview`].
#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    /// The sanitised blocks, in order.
    pub blocks: Rc<Vec<PreviewBlock>>,
    /// The region's accessible name.
    #[prop_or(AttrValue::Static("Preview"))]
    pub label: AttrValue,
}

/// The rendered draft. Each block is keyed by its content, so a keystroke replaces only
/// the block it changed; the rest of the DOM is left alone.
#[component]
pub fn Preview(props: &PreviewProps) -> Html {
    html! {
        <section class="preview" role="region" aria-label={props.label.clone()}>
            if props.blocks.is_empty() {
                <p class="preview-empty">{ "The rendered proposal appears here as you type." }</p>
            } else {
                { for props.blocks.iter().map(|block| html! {
                    <PreviewBlockView key={block.key.clone()} html={block.html.clone()} />
                }) }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PreviewBlockProps {
    html: AttrValue,
}

#[component]
fn PreviewBlockView(props: &PreviewBlockProps) -> Html {
    // Safe by construction: `html` comes only from `domain::markdown::render_blocks`,
    // which turns raw HTML into text and drops unsafe URLs.
    html! { <div class="preview-block">{ Html::from_html_unchecked(props.html.clone()) }</div> }
}
