//! Highlighting passages of the rendered preview without touching its DOM: the CSS
//! Custom Highlight API (`CSS.highlights`) paints `Range`s that are styled with
//! `::highlight(name)` in the stylesheet. Yew owns the preview's nodes; this only reads
//! them.

use std::ops::Range;

use wasm_bindgen::{JsCast as _, JsValue};
use web_sys::{Element, Node};

/// Paints the passages of `anchors` in the region named `label` after each render that
/// changed the comments or the rendered `blocks`, and keeps where each was found (the
/// review page's preview and the feedback page's proposal: one hook for both).
#[yew::hook]
pub fn use_painted_anchors(
    label: &'static str,
    anchors: Vec<talkback_core::anchor::AnchoredComment>,
    blocks: std::rc::Rc<Vec<crate::ui::state::PreviewBlock>>,
) -> yew::UseStateHandle<std::rc::Rc<Vec<talkback_core::anchor::Located>>> {
    let located = yew::use_state(std::rc::Rc::<Vec<talkback_core::anchor::Located>>::default);
    {
        let located = located.clone();
        yew::use_effect_with((anchors, blocks), move |(anchors, _)| {
            // No comments: nothing to find, and the preview's text need not be read.
            let found = if anchors.is_empty() {
                paint(ANCHOR_HIGHLIGHT, &[]);
                Vec::new()
            } else {
                let Some(index) = index_region(label) else {
                    return;
                };
                paint_anchors(&index, anchors)
            };
            if **located != found {
                located.set(std::rc::Rc::new(found));
            }
        });
    }
    located
}

/// The preview's text, with where each text node starts, so byte ranges of the text can
/// be turned into DOM ranges and back.
pub struct TextIndex {
    text: String,
    /// `(node, byte offset in text, length in UTF-16 units)` per text node, in order.
    nodes: Vec<(Node, usize)>,
}

impl TextIndex {
    /// Indexes every text node below `root`.
    pub fn new(root: &Element) -> Option<Self> {
        let document = root.owner_document()?;
        // 4 = NodeFilter.SHOW_TEXT
        let walker = document
            .create_tree_walker_with_what_to_show(root, 4)
            .ok()?;
        let mut text = String::new();
        let mut nodes = Vec::new();
        while let Ok(Some(node)) = walker.next_node() {
            let content = node.text_content().unwrap_or_default();
            nodes.push((node, text.len()));
            text.push_str(&content);
        }
        Some(Self { text, nodes })
    }

    /// All the text, as `textContent` gives it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The node holding byte `at` and the UTF-16 offset inside it.
    fn position(&self, at: usize) -> Option<(&Node, u32)> {
        let i = match self.nodes.binary_search_by(|(_, start)| start.cmp(&at)) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        let (node, start) = &self.nodes[i];
        let inside = self.text.get(*start..at)?;
        Some((node, u32::try_from(inside.encode_utf16().count()).ok()?))
    }

    /// A DOM range over the byte range `range` of [`text`](Self::text).
    pub fn dom_range(&self, range: &Range<usize>) -> Option<web_sys::Range> {
        if range.start >= range.end || range.end > self.text.len() {
            return None;
        }
        let (start_node, start_offset) = self.position(range.start)?;
        // The end belongs to the node holding its last byte.
        let last = self.text.get(..range.end)?.char_indices().next_back()?.0;
        let (end_node, _) = self.position(last)?;
        let end_start = self.nodes.iter().find(|(n, _)| n == end_node)?.1;
        let end_offset =
            u32::try_from(self.text.get(end_start..range.end)?.encode_utf16().count()).ok()?;
        let dom = start_node.owner_document()?.create_range().ok()?;
        dom.set_start(start_node, start_offset).ok()?;
        dom.set_end(end_node, end_offset).ok()?;
        Some(dom)
    }

    /// The byte offset in [`text`](Self::text) of a DOM position (a selection end).
    pub fn offset_of(&self, node: &Node, utf16_offset: u32) -> Option<usize> {
        let (_, start) = self.nodes.iter().find(|(n, _)| n == node)?;
        let rest = self.text.get(*start..)?;
        let mut units = 0u32;
        for (i, ch) in rest.char_indices() {
            if units >= utf16_offset {
                return Some(start + i);
            }
            units += u32::try_from(ch.len_utf16()).ok()?;
        }
        Some(self.text.len())
    }
}

/// Indexes the region with this accessible name (`aria-label`), if it is on the page.
pub fn index_region(label: &str) -> Option<TextIndex> {
    let root = web_sys::window()?
        .document()?
        .query_selector(&format!("[aria-label=\"{label}\"]"))
        .ok()??;
    TextIndex::new(&root)
}

/// The highlight name the stylesheet paints commented passages with.
pub const ANCHOR_HIGHLIGHT: &str = "talkback-anchors";

/// Finds every anchored comment's passage in the region's text and paints them; returns
/// where each one is (attached, moved or detached), in order.
pub fn paint_anchors(
    index: &TextIndex,
    anchors: &[talkback_core::anchor::AnchoredComment],
) -> Vec<talkback_core::anchor::Located> {
    let found: Vec<_> = anchors
        .iter()
        .map(|a| talkback_core::anchor::locate(&a.anchor, index.text()))
        .collect();
    let ranges: Vec<web_sys::Range> = found
        .iter()
        .filter_map(|l| l.range().and_then(|r| index.dom_range(&r)))
        .collect();
    paint(ANCHOR_HIGHLIGHT, &ranges);
    found
}

/// Paints `ranges` as highlight `name` (replacing what it painted before); no ranges
/// clears it. Does nothing in browsers without the API. While a proposal is being typed,
/// the highlight is kept off the page until typing pauses ([`hold_while_typing`]).
pub fn paint(name: &str, ranges: &[web_sys::Range]) {
    let Some(registry) = registry() else {
        return;
    };
    let highlight = if ranges.is_empty() {
        None
    } else {
        let Some(constructor) = js_sys::Reflect::get(&gloo::utils::window(), &"Highlight".into())
            .ok()
            .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        else {
            return;
        };
        let args: js_sys::Array = ranges.iter().map(JsValue::from).collect();
        let Ok(highlight) = js_sys::Reflect::construct(&constructor, &args) else {
            return;
        };
        Some(highlight)
    };
    let held = PAINTED.with_borrow_mut(|painted| {
        painted.highlights.retain(|(n, _)| n != name);
        if let Some(highlight) = &highlight {
            painted
                .highlights
                .push((name.to_string(), highlight.clone()));
        }
        painted.hold.is_some()
    });
    if held {
        return;
    }
    match highlight {
        Some(highlight) => call(
            &registry,
            "set",
            &js_sys::Array::of2(&name.into(), &highlight),
        ),
        None => call(&registry, "delete", &js_sys::Array::of1(&name.into())),
    }
}

/// How long typing in a proposal's textbox must pause before the passages painted in
/// the page come back.
pub const TYPING_PAUSE_MS: u32 = 1_000;

/// The highlights this page painted, and whether they are held off it while a proposal
/// is typed. Chromium rebuilds every painted highlight after each change to the page's
/// DOM (a keystroke in a textbox is one), repainting the text under it and, for an
/// underlined highlight, its ink overflow up its ancestors: ~0.7 ms of pre-paint,
/// compositing inputs and paint in each keystroke's frame in a 10 KB draft
/// (docs/performance.md, session 15). The passages painted refer to the text as last
/// analysed anyway; they come back, following the text as typed, once typing pauses or
/// the textbox is left.
#[derive(Default)]
struct Painted {
    /// (name, `Highlight`), as painted last: what is on the page, or what comes back.
    highlights: Vec<(String, JsValue)>,
    /// Set while they are held off the page.
    hold: Option<Hold>,
}

/// Highlights held off the page while a proposal is typed.
struct Hold {
    /// When the last keystroke came (`Date.now()`): a keystroke costs only this write.
    last_keystroke: f64,
    /// Fires [`TYPING_PAUSE_MS`] after the hold began, then again until the last
    /// keystroke is that old (dropping it cancels).
    resume: gloo::timers::callback::Timeout,
}

thread_local! {
    static PAINTED: std::cell::RefCell<Painted> = std::cell::RefCell::default();
}

/// Takes the page's highlights off while a proposal's textbox is typed into (called on
/// each keystroke, with its time, `Date.now()`): they come back [`TYPING_PAUSE_MS`] after
/// the last one, or at once with [`put_back`]. With nothing painted, or already held, it
/// makes no call to the browser.
pub fn hold_while_typing(now: f64) {
    let begin = PAINTED.with_borrow_mut(|painted| {
        if let Some(hold) = &mut painted.hold {
            hold.last_keystroke = now;
            return false;
        }
        // Nothing painted: nothing to hold.
        !painted.highlights.is_empty()
    });
    if !begin {
        return;
    }
    let Some(registry) = registry() else {
        return;
    };
    call(&registry, "clear", &js_sys::Array::new());
    PAINTED.with_borrow_mut(|painted| {
        painted.hold = Some(Hold {
            last_keystroke: now,
            resume: gloo::timers::callback::Timeout::new(TYPING_PAUSE_MS, resume_after_pause),
        });
    });
}

/// The hold's timer: puts the highlights back once the last keystroke is
/// [`TYPING_PAUSE_MS`] old, else waits for the rest of that time.
fn resume_after_pause() {
    let pause = f64::from(TYPING_PAUSE_MS);
    let since = PAINTED.with_borrow(|painted| {
        painted
            .hold
            .as_ref()
            .map(|hold| js_sys::Date::now() - hold.last_keystroke)
    });
    match since {
        // Put back already (the textbox was left).
        None => {}
        Some(since) if since >= pause => put_back(),
        Some(since) => {
            // Between 1 ms and the pause: a whole number of milliseconds.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let rest = (pause - since).clamp(1.0, pause).ceil() as u32;
            PAINTED.with_borrow_mut(|painted| {
                if let Some(hold) = &mut painted.hold {
                    hold.resume = gloo::timers::callback::Timeout::new(rest, resume_after_pause);
                }
            });
        }
    }
}

/// Puts back the highlights held while typing (as painted last), if any.
pub fn put_back() {
    let Some((hold, highlights)) = PAINTED.with_borrow_mut(|painted| {
        let hold = painted.hold.take()?;
        Some((hold, painted.highlights.clone()))
    }) else {
        return;
    };
    // Cancelled, when it is not what runs this.
    drop(hold.resume);
    let Some(registry) = registry() else {
        return;
    };
    for (name, highlight) in highlights {
        call(
            &registry,
            "set",
            &js_sys::Array::of2(&name.into(), &highlight),
        );
    }
}

/// `CSS.highlights`, where the browser has it.
fn registry() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let css = js_sys::Reflect::get(&window, &"CSS".into()).ok()?;
    let registry = js_sys::Reflect::get(&css, &"highlights".into()).ok()?;
    (!registry.is_undefined()).then_some(registry)
}

/// Calls the registry's `method` with `args`, if it has one.
fn call(registry: &JsValue, method: &str, args: &js_sys::Array) {
    if let Ok(f) = js_sys::Reflect::get(registry, &method.into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = js_sys::Reflect::apply(f, registry, args);
        }
    }
}

/// Scrolls the start of `range` into view, gently.
pub fn scroll_to(range: &web_sys::Range) {
    if let Ok(node) = range.start_container() {
        let element = node
            .dyn_ref::<Element>()
            .cloned()
            .or_else(|| node.parent_element());
        if let Some(element) = element {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            element.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
}

/// Where a passage of the draft's source shows in the preview's text: the source slice's
/// words (Markdown punctuation dropped) searched in the text after the preview position
/// of the block that holds it. `None` when it cannot be found.
pub fn find_source_passage(index: &TextIndex, source_slice: &str) -> Option<Range<usize>> {
    let words: Vec<&str> = source_slice
        .split(|c: char| c.is_whitespace() || "#*_`>[]()|~".contains(c))
        // List markers and other punctuation are not in the rendered text.
        .filter(|w| {
            w.chars().any(char::is_alphanumeric)
                && !w
                    .trim_end_matches(['.', ')'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
        })
        .collect();
    let first = *words.first()?;
    let text = index.text();
    // Of every place the first word occurs, keep the one followed by most of the others.
    let mut best: Option<(usize, Range<usize>)> = None;
    for (start, _) in text.match_indices(first) {
        let mut end = start + first.len();
        let mut matched = 1;
        for word in words.iter().skip(1).take(60) {
            match text.get(end..).and_then(|t| t.find(word)) {
                Some(gap) if gap <= 3 => {
                    end += gap + word.len();
                    matched += 1;
                }
                _ => break,
            }
        }
        if best.as_ref().is_none_or(|(m, _)| matched > *m) {
            best = Some((matched, start..end));
        }
    }
    best.map(|(_, range)| range)
}
