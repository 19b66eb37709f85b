//! Safe Markdown → HTML for pasted talk proposals.
//!
//! The text being rendered is attacker-controlled, so this module does not
//! trust pulldown-cmark's HTML writer with anything that carries markup or a
//! URL. It filters the parser's events in one pass:
//!
//! - raw HTML (block and inline) becomes text; an HTML block is shown as a
//!   code block so the pasted markup is visible as-is;
//! - links keep their text but lose the link unless [`is_allowed_url`] accepts
//!   the decoded destination; allowed links are written here, with
//!   `rel="noopener noreferrer nofollow"`;
//! - images are never fetched: they become a `<span class="md-image">` with
//!   the alt text and the address as text;
//! - no `id`, `class` or `style` comes from the input: heading attributes are
//!   off, fenced code loses its language class, table alignment becomes one
//!   of our `align-*` classes, footnotes get numbered ids `fn-N`.
//!
//! Output is split into top-level blocks (see [`render_blocks`]) so the UI can
//! re-render only the blocks that changed.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{
    html, Alignment, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

/// One top-level block of rendered output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Safe HTML for this block alone (its tags are balanced).
    pub html: String,
    /// Byte span of the block in the Markdown source.
    pub source: Range<usize>,
}

/// `rel` of every link we emit: no opener access, no referrer, no endorsement.
const LINK_REL: &str = "noopener noreferrer nofollow";

/// URL schemes a link may use; anything else with a scheme is dropped.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Extensions turned on. Deliberately off: heading attributes (ids/classes
/// from input), math, metadata blocks, wikilinks, definition lists,
/// sub/superscript, GFM blockquote alerts.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// Renders Markdown to safe HTML, one [`Block`] per top-level block, in
/// source order.
///
/// The whole document is parsed once, so reference links and footnotes
/// resolve across blocks. Each block's `html` is safe and balanced on its own.
pub fn render_blocks(src: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut filter = Filter::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut depth = 0usize;
    let mut span: Option<Range<usize>> = None;

    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        let current = span.get_or_insert(range.start..range.end);
        current.start = current.start.min(range.start);
        current.end = current.end.max(range.end);
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        filter.push(event, &mut events);
        if depth == 0 {
            if let Some(source) = span.take() {
                blocks.push(finish_block(src, &mut events, source));
            }
        }
    }
    // The parser balances its tags, so this only guards against surprises.
    if let Some(source) = span.take() {
        filter.close_open(&mut events);
        blocks.push(finish_block(src, &mut events, source));
    }
    blocks
}

/// Renders Markdown to safe HTML: all of [`render_blocks`] concatenated.
///
/// ```
/// use talkback_core::markdown::render;
///
/// let html = render("Hi *there* [me](https://example.com) <script>x</script>");
/// assert_eq!(
///     html,
///     "<p>Hi <em>there</em> <a href=\"https://example.com\" \
///      rel=\"noopener noreferrer nofollow\">me</a> \
///      &lt;script&gt;x&lt;/script&gt;</p>\n"
/// );
/// assert_eq!(render("[x](javascript:alert(1))"), "<p>x</p>\n");
/// ```
pub fn render(src: &str) -> String {
    render_blocks(src).into_iter().map(|b| b.html).collect()
}

/// The text a browser shows for `html` made by [`render_blocks`] (the
/// `textContent` of the preview, which passage comments are made on): the
/// tags dropped, the entities the escapers write decoded, and line breaks
/// normalised as the HTML parser does.
///
/// ```
/// use talkback_core::markdown::{render, text_of};
/// let html = render("# Fast *tests*\n\nA <b> & [link](https://e.example).");
/// assert_eq!(text_of(&html), "Fast tests\nA <b> & link.\n");
/// ```
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&', '\r']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (skip, text) = if rest.starts_with('<') {
            // Attribute values are escaped, so the first `>` ends the tag.
            (rest.find('>').map_or(rest.len(), |e| e + 1), "")
        } else if rest.starts_with("\r\n") {
            (2, "\n")
        } else if rest.starts_with('\r') {
            (1, "\n")
        } else {
            [
                ("&amp;", "&"),
                ("&lt;", "<"),
                ("&gt;", ">"),
                ("&quot;", "\""),
                ("&#39;", "'"),
                ("&#x27;", "'"),
            ]
            .into_iter()
            .find(|(e, _)| rest.starts_with(e))
            .map_or((1, "&"), |(e, c)| (e.len(), c))
        };
        out.push_str(text);
        rest = &rest[skip..];
    }
    out.push_str(rest);
    out
}

/// Whether a (decoded) link destination may become an `href`.
///
/// Allowed: `http:`, `https:`, `mailto:` (any case), relative references
/// (`x`, `/x`, `./x`, `?q`) and fragments (`#x`). The check first does what
/// browsers do: strip leading/trailing C0 controls and spaces and remove tab,
/// LF and CR anywhere. A scheme is read as a browser's URL parser reads it
/// (an ASCII letter, then letters, digits, `+`, `-`, `.` up to `:`); text that
/// is not a scheme, such as `%6Aavascript:`, is a relative path and allowed.
/// Protocol-relative `//host` (also spelled with backslashes) leaves the
/// origin and is refused.
pub fn is_allowed_url(dest: &str) -> bool {
    url_allowed_cleaned(&clean_url(dest))
}

fn url_allowed_cleaned(url: &str) -> bool {
    let mut chars = url.chars();
    if matches!(
        (chars.next(), chars.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    ) {
        return false;
    }
    match scheme(url) {
        None => true,
        Some(scheme) => ALLOWED_SCHEMES
            .iter()
            .any(|allowed| scheme.eq_ignore_ascii_case(allowed)),
    }
}

/// The destination as a browser's URL parser sees it.
fn clean_url(dest: &str) -> String {
    dest.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `url`, if it has one in the URL parser's syntax.
fn scheme(url: &str) -> Option<&str> {
    let candidate = &url[..url.find(':')?];
    let mut bytes = candidate.bytes();
    let starts_alpha = bytes.next()?.is_ascii_alphabetic();
    let rest_ok = bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    (starts_alpha && rest_ok).then_some(candidate)
}

fn finish_block(src: &str, events: &mut Vec<Event<'_>>, source: Range<usize>) -> Block {
    let mut html = String::new();
    html::push_html(&mut html, events.drain(..));
    let end = source.end.min(src.len());
    Block {
        html,
        source: source.start.min(end)..end,
    }
}

/// An image being read: its alt text is collected until its end.
struct Image<'a> {
    depth: usize,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    alt: String,
}

/// Rewrites parser events into events that are safe for `push_html`.
#[derive(Default)]
struct Filter<'a> {
    /// One entry per open link: whether its `<a>` was emitted.
    links: Vec<bool>,
    image: Option<Image<'a>>,
    table_alignments: Vec<Alignment>,
    in_table_head: bool,
    cell: usize,
    /// Footnote label (lowercased) → number, in order of first appearance.
    footnotes: BTreeMap<String, usize>,
    /// Open tags we turned into `Html` that must be closed on a bad ending.
    open_divs: usize,
}

impl<'a> Filter<'a> {
    fn push(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) {
        if let Some(image) = &mut self.image {
            match event {
                Event::Start(_) => image.depth += 1,
                Event::End(_) if image.depth > 0 => image.depth -= 1,
                Event::End(_) => {
                    if let Some(image) = self.image.take() {
                        out.push(Event::Html(image_html(&image).into()));
                    }
                }
                Event::Text(t)
                | Event::Code(t)
                | Event::InlineHtml(t)
                | Event::Html(t)
                | Event::InlineMath(t)
                | Event::DisplayMath(t) => image.alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
                Event::FootnoteReference(_) | Event::TaskListMarker(_) | Event::Rule => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, out),
            Event::End(tag) => self.end(tag, out),
            // Raw HTML and math (not enabled) are shown as text.
            Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => out.push(Event::Text(t)),
            Event::FootnoteReference(name) => {
                let n = self.footnote_number(&name);
                out.push(Event::Html(
                    format!("<sup class=\"footnote-reference\"><a href=\"#fn-{n}\">{n}</a></sup>")
                        .into(),
                ));
            }
            event @ (Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::TaskListMarker(_)) => out.push(event),
        }
    }

    fn start(&mut self, tag: Tag<'a>, out: &mut Vec<Event<'a>>) {
        let event = match tag {
            Tag::Heading { level, .. } => Event::Start(Tag::Heading {
                level,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            // No language class from the info string; raw HTML and metadata
            // (not enabled) are shown as literal text in a code block.
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))
            }
            Tag::Table(alignments) => {
                self.table_alignments = alignments;
                Event::Start(Tag::Table(Vec::new()))
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.cell = 0;
                Event::Start(Tag::TableHead)
            }
            Tag::TableRow => {
                self.cell = 0;
                Event::Start(Tag::TableRow)
            }
            Tag::TableCell => {
                let name = if self.in_table_head { "th" } else { "td" };
                let class = match self.table_alignments.get(self.cell) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    Some(Alignment::None) | None => "",
                };
                Event::Html(format!("<{name}{class}>").into())
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let mut url = clean_url(&dest_url);
                if link_type == LinkType::Email {
                    url.insert_str(0, "mailto:");
                }
                let allowed = url_allowed_cleaned(&url);
                self.links.push(allowed);
                if !allowed {
                    return;
                }
                let mut a = String::from("<a href=\"");
                escape_href(&mut a, &url);
                if !title.is_empty() {
                    a.push_str("\" title=\"");
                    escape_html(&mut a, &title);
                }
                a.push_str("\" rel=\"");
                a.push_str(LINK_REL);
                a.push_str("\">");
                Event::Html(a.into())
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some(Image {
                    depth: 0,
                    dest: dest_url,
                    title,
                    alt: String::new(),
                });
                return;
            }
            Tag::FootnoteDefinition(name) => {
                let n = self.footnote_number(&name);
                self.open_divs += 1;
                Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"fn-{n}\">\
                         <sup class=\"footnote-definition-label\">{n}</sup>"
                    )
                    .into(),
                )
            }
            // Not enabled; if they ever appear, keep the content in a div.
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.open_divs += 1;
                Event::Html("<div>".into())
            }
            // Not enabled; `~` is strikethrough here. Keep only the content.
            Tag::Subscript | Tag::Superscript => return,
            tag @ (Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough) => Event::Start(tag),
        };
        out.push(event);
    }

    fn end(&mut self, tag: TagEnd, out: &mut Vec<Event<'a>>) {
        let event = match tag {
            TagEnd::Link => {
                if self.links.pop() != Some(true) {
                    return;
                }
                Event::Html("</a>".into())
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                Event::End(TagEnd::CodeBlock)
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                Event::End(TagEnd::TableHead)
            }
            TagEnd::TableCell => {
                self.cell += 1;
                Event::Html(if self.in_table_head { "</th>" } else { "</td>" }.into())
            }
            TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {
                self.open_divs = self.open_divs.saturating_sub(1);
                Event::Html("</div>\n".into())
            }
            // Images are consumed in `push`; sub/superscript are dropped.
            TagEnd::Image | TagEnd::Subscript | TagEnd::Superscript => return,
            tag @ (TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableRow
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough) => Event::End(tag),
        };
        out.push(event);
    }

    /// Closes what we opened as raw `Html` if the event stream ended early.
    fn close_open(&mut self, out: &mut Vec<Event<'a>>) {
        if let Some(image) = self.image.take() {
            out.push(Event::Html(image_html(&image).into()));
        }
        for allowed in self.links.drain(..).rev() {
            if allowed {
                out.push(Event::Html("</a>".into()));
            }
        }
        for _ in 0..self.open_divs {
            out.push(Event::Html("</div>\n".into()));
        }
        self.open_divs = 0;
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self
            .footnotes
            .entry(crate::fold::lower(name))
            .or_insert(next)
    }
}

/// An image shown as text: `Image: ALT (ADDRESS)`; nothing is fetched.
fn image_html(image: &Image<'_>) -> String {
    let mut s = String::from("<span class=\"md-image\"");
    if !image.title.is_empty() {
        s.push_str(" title=\"");
        escape_html(&mut s, &image.title);
        s.push('"');
    }
    s.push_str(">Image");
    let alt = image.alt.trim();
    if !alt.is_empty() {
        s.push_str(": ");
        escape_html(&mut s, alt);
    }
    if !image.dest.is_empty() {
        s.push_str(" (");
        escape_html(&mut s, &image.dest);
        s.push(')');
    }
    s.push_str("</span>");
    s
}

/// Escapes text for HTML element content or a quoted attribute value
/// (`&`, `<`, `>`, `"`, `'`): pulldown-cmark's own escaper, already in the
/// build for `push_html`.
fn escape_html(out: &mut String, s: &str) {
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// Escapes a URL for a double-quoted `href`, as `push_html` does: `&` and
/// `'` become entities, other unsafe bytes are percent-encoded.
fn escape_href(out: &mut String, s: &str) {
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_href(out, s);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{is_allowed_url, render, render_blocks};

    const H5SC: &str = include_str!("../../../tests/fixtures/xss/h5sc-vectors.txt");
    const MARKDOWN_IT: &str = include_str!("../../../tests/fixtures/xss/markdown-it-xss.txt");
    const HTTPLEAKS: &str = include_str!("../../../tests/fixtures/xss/httpleaks-leak.html");
    #[cfg(not(target_arch = "wasm32"))]
    const COMMONMARK: &str = include_str!("../../../tests/fixtures/xss/commonmark-spec.json");

    const ALLOWED_TAGS: &[&str] = &[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "del",
        "a",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "input",
        "sup",
        "div",
        "section",
        "span",
    ];
    const VOID_TAGS: &[&str] = &["hr", "br", "input"];
    const ALLOWED_ATTRS: &[&str] = &[
        "href", "title", "rel", "class", "start", "type", "checked", "disabled", "id",
    ];
    const ALLOWED_CLASSES: &[&str] = &[
        "footnote-reference",
        "footnote-definition",
        "footnote-definition-label",
        "md-image",
        "align-left",
        "align-center",
        "align-right",
    ];
    const FORBIDDEN_TAGS: &[&str] = &[
        "<img", "<script", "<iframe", "<style", "<link", "<meta", "<object", "<embed", "<svg",
        "<math", "<base", "<form",
    ];

    // ---------------------------------------------------------------- scanner

    /// A tag found by [`scan`]: name (lowercased), closing?, attributes.
    struct HtmlTag {
        name: String,
        closing: bool,
        attrs: Vec<(String, String)>,
    }

    /// A small HTML tag scanner: every `<` must open a well-formed tag
    /// (text is escaped, so a stray `<` is itself a failure).
    fn scan(html: &str) -> Result<Vec<HtmlTag>, String> {
        let b = html.as_bytes();
        let mut tags = Vec::new();
        let mut i = 0;
        while let Some(off) = html[i..].find('<') {
            i += off + 1;
            let closing = b.get(i) == Some(&b'/');
            if closing {
                i += 1;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if start == i {
                return Err(format!("stray '<' at byte {}", start - 1));
            }
            let name = html[start..i].to_ascii_lowercase();
            let mut attrs = Vec::new();
            loop {
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    None => return Err(format!("unterminated <{name}")),
                    Some(b'>') => {
                        i += 1;
                        break;
                    }
                    Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                        i += 2;
                        break;
                    }
                    Some(_) => {}
                }
                let n0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                    i += 1;
                }
                if n0 == i {
                    return Err(format!("bad attribute in <{name}> at byte {i}"));
                }
                let attr = html[n0..i].to_ascii_lowercase();
                let mut value = String::new();
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
                        let end = html[i + 1..]
                            .find(char::from(q))
                            .ok_or_else(|| format!("unterminated value of {attr}"))?;
                        value = html[i + 1..i + 1 + end].to_string();
                        i += end + 2;
                    } else {
                        let v0 = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = html[v0..i].to_string();
                    }
                }
                attrs.push((attr, decode_attr(&value)?));
            }
            tags.push(HtmlTag {
                name,
                closing,
                attrs,
            });
        }
        Ok(tags)
    }

    /// Decodes the entities our escapers produce; any other entity fails
    /// (a browser would decode it, so it must never reach an attribute).
    fn decode_attr(v: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = v;
        while let Some(p) = rest.find('&') {
            out.push_str(&rest[..p]);
            rest = &rest[p..];
            let (entity, c) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&#39;", '\''),
                ("&#x27;", '\''),
            ]
            .into_iter()
            .find(|(e, _)| rest.starts_with(e))
            .ok_or_else(|| format!("unexpected entity in attribute value {v:?}"))?;
            out.push(c);
            rest = &rest[entity.len()..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Independent of the code under test: could this href run script or
    /// leave the origin through a scheme we do not allow?
    fn href_ok(v: &str) -> bool {
        let v: String = v
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .to_ascii_lowercase();
        if ["//", "\\\\", "/\\", "\\/"]
            .iter()
            .any(|p| v.starts_with(p))
        {
            return false;
        }
        if ["http:", "https:", "mailto:", "#", "/", "./", "../", "?"]
            .iter()
            .any(|p| v.starts_with(p))
        {
            return true;
        }
        // Otherwise it must not start with a scheme (per the URL parser's
        // syntax), i.e. the text before ':' is not [a-z][a-z0-9+.-]*.
        match v.split_once(':') {
            None => true,
            Some((before, _)) => {
                !before.starts_with(|c: char| c.is_ascii_alphabetic())
                    || before
                        .chars()
                        .any(|c| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
            }
        }
    }

    /// Asserts every safety invariant on the output for `src`.
    fn check(src: &str) {
        let blocks = render_blocks(src);
        let html = render(src);
        let joined: String = blocks.iter().map(|b| b.html.as_str()).collect();
        assert_eq!(html, joined, "render != concat(render_blocks) for {src:?}");

        let mut prev_end = 0;
        for block in &blocks {
            let r = &block.source;
            assert!(
                prev_end <= r.start && r.start <= r.end && r.end <= src.len(),
                "block span {r:?} out of order or bounds (prev end {prev_end}) for {src:?}"
            );
            assert!(
                src.get(r.clone()).is_some(),
                "span {r:?} not on char boundary"
            );
            prev_end = r.end;
            if let Err(e) = check_html(&block.html) {
                panic!("{e} in {:?} for {src:?}", block.html);
            }
        }
    }

    /// Returns `Err(message)` from the enclosing function unless `cond` holds.
    macro_rules! ensure {
        ($cond:expr, $($msg:tt)+) => {
            if !$cond {
                return Err(format!($($msg)+));
            }
        };
    }

    /// Checks one block's HTML against the tag, attribute and URL allowlists
    /// and that its tags balance (so the block is safe on its own).
    fn check_html(html: &str) -> Result<(), String> {
        let lower = html.to_ascii_lowercase();
        for bad in FORBIDDEN_TAGS {
            ensure!(!lower.contains(bad), "{bad} in output");
        }
        let mut stack: Vec<&str> = Vec::new();
        let tags = scan(html)?;
        for tag in &tags {
            let name = tag.name.as_str();
            ensure!(ALLOWED_TAGS.contains(&name), "tag <{name}>");
            if tag.closing {
                ensure!(stack.pop() == Some(name), "unbalanced </{name}>");
                continue;
            }
            if !VOID_TAGS.contains(&name) {
                stack.push(name);
            }
            for (attr, value) in &tag.attrs {
                let at = format!("{attr}={value:?} on <{name}>");
                ensure!(ALLOWED_ATTRS.contains(&attr.as_str()), "attribute {at}");
                ensure!(!attr.starts_with("on"), "event handler {at}");
                ensure!(!matches!(attr.as_str(), "style" | "src" | "srcset"), "{at}");
                let ok = match attr.as_str() {
                    "href" => name == "a" && href_ok(value),
                    "id" => value
                        .strip_prefix("fn-")
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
                    "class" => value
                        .split_whitespace()
                        .all(|c| ALLOWED_CLASSES.contains(&c)),
                    "rel" => value == "noopener noreferrer nofollow",
                    "type" => value == "checkbox",
                    "start" => value.bytes().all(|b| b.is_ascii_digit()),
                    "checked" | "disabled" => value.is_empty(),
                    _ => true,
                };
                ensure!(ok, "bad value {at}");
            }
            let has = |a: &str| tag.attrs.iter().any(|(n, _)| n == a);
            if name == "a" {
                let footnote = tag
                    .attrs
                    .iter()
                    .any(|(n, v)| n == "href" && v.starts_with("#fn-"));
                ensure!(has("href"), "<a> without href");
                ensure!(footnote || has("rel"), "link without rel");
            }
            ensure!(name != "input" || has("disabled"), "enabled <input>");
        }
        ensure!(stack.is_empty(), "unclosed {stack:?}");
        Ok(())
    }

    /// `p` plain and wrapped as a link, an image and an autolink, using both
    /// its first line and the whole text. Returns how many inputs were checked.
    fn check_variants(p: &str) -> usize {
        let first = p.lines().next().unwrap_or("");
        let mut n = 1;
        check(p);
        for part in [first, p] {
            for wrapped in [
                format!("[x]({part})"),
                format!("![x]({part})"),
                format!("<{part}>"),
            ] {
                check(&wrapped);
                n += 1;
            }
        }
        n
    }

    /// Hrefs of the `<a>` tags in `html`, decoded.
    fn hrefs(html: &str) -> Vec<String> {
        scan(html)
            .unwrap()
            .into_iter()
            .filter(|t| t.name == "a" && !t.closing)
            .flat_map(|t| {
                t.attrs
                    .into_iter()
                    .filter(|(n, _)| n == "href")
                    .map(|(_, v)| v)
            })
            .collect()
    }

    // ---------------------------------------------------------------- fixtures

    /// The H5SC file is `<div id="N">VECTOR</div>` for N = 1, 2, …; some
    /// vectors contain divs of their own, so split on the numbered markers.
    fn h5sc_vectors() -> Vec<&'static str> {
        let mut vectors = Vec::new();
        let marker = |n: usize| format!("<div id=\"{n}\">");
        let mut n = 1;
        let mut start = H5SC.find(&marker(1)).expect("first vector") + marker(1).len();
        loop {
            let next = H5SC[start..].find(&marker(n + 1)).map(|p| start + p);
            let body = &H5SC[start..next.unwrap_or(H5SC.len())];
            vectors.push(&body[..body.rfind("</div>").expect("closing div")]);
            let Some(next) = next else { break };
            n += 1;
            start = next + marker(n).len();
        }
        vectors
    }

    /// markdown-it fixture cases: `.\nINPUT\n.\nEXPECTED\n.` after a title.
    fn markdown_it_cases() -> Vec<(String, String)> {
        let mut cases = Vec::new();
        let mut lines = MARKDOWN_IT.lines();
        while let Some(line) = lines.next() {
            if line != "." {
                continue;
            }
            let mut input = String::new();
            for l in lines.by_ref().take_while(|l| *l != ".") {
                input.push_str(l);
                input.push('\n');
            }
            let mut expected = String::new();
            for l in lines.by_ref().take_while(|l| *l != ".") {
                expected.push_str(l);
                expected.push('\n');
            }
            cases.push((input, expected));
        }
        cases
    }

    // serde_json is a native-only dev-dependency of the app.
    #[cfg(not(target_arch = "wasm32"))]
    fn commonmark_examples() -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(COMMONMARK).expect("spec json");
        json.as_array()
            .expect("array")
            .iter()
            .map(|e| e["markdown"].as_str().expect("markdown field").to_string())
            .collect()
    }

    #[test]
    fn h5sc_vectors_render_safely() {
        let vectors = h5sc_vectors();
        assert_eq!(vectors.len(), 139);
        let n: usize = vectors.iter().map(|v| check_variants(v)).sum();
        assert_eq!(n, 139 * 7);
    }

    #[test]
    fn markdown_it_xss_cases_render_safely_and_link_like_markdown_it() {
        let cases = markdown_it_cases();
        assert_eq!(cases.len(), 13);
        for (input, expected) in &cases {
            check_variants(input);
            // markdown-it is a sanitising renderer: we link exactly where it does.
            let ours = render(input);
            assert_eq!(hrefs(&ours), hrefs(expected), "for {input:?}: {ours:?}");
        }
    }

    #[test]
    fn httpleaks_page_renders_safely_whole_and_per_line() {
        check_variants(HTTPLEAKS);
        let lines: Vec<&str> = HTTPLEAKS.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() > 300, "{}", lines.len());
        for line in lines {
            check_variants(line);
        }
        // Nothing in the page becomes markup that could fetch: it is all text.
        let out = render(HTTPLEAKS);
        assert!(out.contains("&lt;base href=\"https://leaking.via/base-href/\"&gt;"));
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn commonmark_spec_examples_render_safely() {
        let examples = commonmark_examples();
        assert_eq!(examples.len(), 655);
        for md in &examples {
            check_variants(md);
        }
    }

    #[test]
    fn scanner_catches_what_it_must() {
        // The invariant checker itself must reject unsafe markup.
        let bad = [
            "<img src=x>",
            "<p onclick=\"x\">a</p>",
            "<a href=\"javascript:alert(1)\" rel=\"noopener noreferrer nofollow\">x</a>",
            "<a href=\"//evil.example\" rel=\"noopener noreferrer nofollow\">x</a>",
            "<td style=\"text-align: left\">x</td>",
            "<h1 id=\"x\">x</h1>",
            "<p>a < b</p>",
            "<a href=\"&#106;avascript:x\">x</a>",
            "<p><em>x</p>",
        ];
        for html in bad {
            assert!(check_html(html).is_err(), "checker accepted {html:?}");
        }
    }

    // ---------------------------------------------------------------- units

    struct UrlCase {
        name: &'static str,
        url: &'static str,
        allowed: bool,
    }

    const URL_CASES: &[UrlCase] = &[
        UrlCase {
            name: "javascript",
            url: "javascript:alert(1)",
            allowed: false,
        },
        UrlCase {
            name: "mixed case",
            url: "JaVaScRiPt:alert(1)",
            allowed: false,
        },
        UrlCase {
            name: "tab inside",
            url: "java\tscript:alert(1)",
            allowed: false,
        },
        UrlCase {
            name: "newline inside",
            url: "java\nscr\ript:alert(1)",
            allowed: false,
        },
        UrlCase {
            name: "leading space",
            url: "  javascript:alert(1)",
            allowed: false,
        },
        UrlCase {
            name: "leading controls",
            url: "\u{1}\u{1f} javascript:x",
            allowed: false,
        },
        UrlCase {
            name: "trailing control",
            url: "javascript:x\u{0}",
            allowed: false,
        },
        UrlCase {
            name: "vbscript",
            url: "VBScript:msgbox(1)",
            allowed: false,
        },
        UrlCase {
            name: "data",
            url: "data:text/html,<script>x</script>",
            allowed: false,
        },
        UrlCase {
            name: "file",
            url: "file:///etc/passwd",
            allowed: false,
        },
        UrlCase {
            name: "unknown scheme",
            url: "ftp://x.example/",
            allowed: false,
        },
        UrlCase {
            name: "protocol-relative",
            url: "//evil.example/x",
            allowed: false,
        },
        UrlCase {
            name: "backslash relative",
            url: "\\\\evil.example",
            allowed: false,
        },
        UrlCase {
            name: "slash backslash",
            url: "/\\evil.example",
            allowed: false,
        },
        UrlCase {
            name: "space then //",
            url: " //evil.example",
            allowed: false,
        },
        UrlCase {
            name: "percent is no scheme",
            url: "%6Aavascript:alert(1)",
            allowed: true,
        },
        UrlCase {
            name: "entity is not decoded here",
            url: "&#106;avascript:x",
            allowed: true,
        },
        UrlCase {
            name: "https",
            url: "https://example.com/a?b#c",
            allowed: true,
        },
        UrlCase {
            name: "HTTP upper",
            url: "HTTP://example.com",
            allowed: true,
        },
        UrlCase {
            name: "mailto",
            url: "mailto:me@example.com",
            allowed: true,
        },
        UrlCase {
            name: "relative",
            url: "talks/1",
            allowed: true,
        },
        UrlCase {
            name: "root relative",
            url: "/x",
            allowed: true,
        },
        UrlCase {
            name: "dot relative",
            url: "./x:y",
            allowed: true,
        },
        UrlCase {
            name: "query",
            url: "?q=a:b",
            allowed: true,
        },
        UrlCase {
            name: "fragment",
            url: "#x",
            allowed: true,
        },
        UrlCase {
            name: "colon after slash",
            url: "/javascript:alert(1)",
            allowed: true,
        },
        UrlCase {
            name: "empty",
            url: "",
            allowed: true,
        },
    ];

    #[test]
    fn url_allowlist() {
        for c in URL_CASES {
            assert_eq!(is_allowed_url(c.url), c.allowed, "{}: {:?}", c.name, c.url);
        }
    }

    struct RenderCase {
        name: &'static str,
        markdown: &'static str,
        contains: &'static [&'static str],
        absent: &'static [&'static str],
    }

    const HOSTILE_CASES: &[RenderCase] = &[
            RenderCase {
                name: "javascript link keeps its text only",
                markdown: "[click](javascript:alert(1))",
                contains: &["<p>click</p>"],
                absent: &["<a", "href"],
            },
            RenderCase {
                name: "mixed-case scheme",
                markdown: "[click](JaVaScRiPt:alert(1))",
                contains: &["<p>click</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "entity-encoded scheme is decoded before the check",
                markdown: "[click](&#106;avascript:alert(1)) [two](javascript&#x3A;alert(1))",
                contains: &["<p>click two</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "backslash escape is decoded before the check",
                markdown: "[click](javascript\\:alert(1))",
                contains: &["<p>click</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "tab entity inside the scheme",
                markdown: "[click](java&#9;script:alert(1))",
                contains: &["<p>click</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "literal tab inside a pointy destination",
                markdown: "[click](<java\tscript:alert(1)>)",
                contains: &["<p>click</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "newline entity and leading control",
                markdown: "[a](java&#10;script:x) [b](<\u{1}javascript:x>) [c](&#32;javascript:x)",
                contains: &["<p>a b c</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "percent-encoded letter is a harmless relative path",
                markdown: "[click](%6Aavascript:alert(1))",
                contains: &["<a href=\"%6Aavascript:alert(1)\" rel=\"noopener noreferrer nofollow\">click</a>"],
                absent: &[],
            },
            RenderCase {
                name: "vbscript, data, file",
                markdown: "[a](vbscript:x) [b](data:text/html;base64,PHNjcmlwdD4=) [c](file:///etc/passwd)",
                contains: &["<p>a b c</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "protocol-relative is off-origin",
                markdown: "[a](//evil.example) [b](<\\\\\\\\evil.example>) [c](/\\evil.example)",
                contains: &["<p>a b c</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "allowed destinations keep their link",
                markdown: "[a](https://x.example/?q=1&r=2) [b](mailto:me@x.example) [c](/talks/1) [d](#fn) [e](?q)",
                contains: &[
                    "<a href=\"https://x.example/?q=1&amp;r=2\" rel=\"noopener noreferrer nofollow\">a</a>",
                    "<a href=\"mailto:me@x.example\" rel=\"noopener noreferrer nofollow\">b</a>",
                    "<a href=\"/talks/1\" rel=\"noopener noreferrer nofollow\">c</a>",
                    "<a href=\"#fn\" rel=\"noopener noreferrer nofollow\">d</a>",
                    "<a href=\"?q\" rel=\"noopener noreferrer nofollow\">e</a>",
                ],
                absent: &[],
            },
            RenderCase {
                name: "javascript autolink stays text",
                markdown: "<javascript:alert(1)>",
                contains: &["<p>javascript:alert(1)</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "https and email autolinks",
                markdown: "<https://x.example> <me@x.example>",
                contains: &[
                    "<a href=\"https://x.example\" rel=\"noopener noreferrer nofollow\">https://x.example</a>",
                    "<a href=\"mailto:me@x.example\" rel=\"noopener noreferrer nofollow\">me@x.example</a>",
                ],
                absent: &[],
            },
            RenderCase {
                name: "inline script is text",
                markdown: "Hello <script>alert(1)</script> there",
                contains: &["<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; there</p>"],
                absent: &["<script"],
            },
            RenderCase {
                name: "inline img with onerror is text",
                markdown: "x <img src=x onerror=alert(1)> y",
                contains: &["<p>x &lt;img src=x onerror=alert(1)&gt; y</p>"],
                absent: &["<img"],
            },
            RenderCase {
                name: "inline anchor with javascript href is text",
                markdown: "see <a href=\"javascript:alert(1)\">here</a>",
                contains: &["<p>see &lt;a href=\"javascript:alert(1)\"&gt;here&lt;/a&gt;</p>"],
                absent: &["<a "],
            },
            RenderCase {
                name: "HTML block becomes a code block showing the markup",
                markdown: "<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n\nafter",
                contains: &[
                    "<pre><code>&lt;div onclick=\"x()\"&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;/div&gt;\n</code></pre>\n",
                    "<p>after</p>",
                ],
                absent: &["<div", "<script"],
            },
            RenderCase {
                name: "HTML comment block is shown, not hidden",
                markdown: "<!-- secret -->",
                contains: &["<pre><code>&lt;!-- secret --&gt;</code></pre>\n"],
                absent: &["<!--"],
            },
            RenderCase {
                name: "link title with quotes is escaped",
                markdown: "[a](/x \"say \\\"hi\\\" it's <b>\")",
                contains: &["<a href=\"/x\" title=\"say &quot;hi&quot; it&#39;s &lt;b&gt;\" rel=\"noopener noreferrer nofollow\">a</a>"],
                absent: &["<b>"],
            },
            RenderCase {
                name: "href with quote cannot break out of the attribute",
                markdown: "[a](<https://x.example/\"onmouseover=alert(1)>)",
                contains: &["href=\"https://x.example/%22onmouseover=alert(1)\""],
                absent: &[" onmouseover"],
            },
            RenderCase {
                name: "http image is shown as text, never fetched",
                markdown: "![a *cat*](https://x.example/cat.png \"Cat\")",
                contains: &["<p><span class=\"md-image\" title=\"Cat\">Image: a cat (https://x.example/cat.png)</span></p>"],
                absent: &["<img", "src="],
            },
            RenderCase {
                name: "data and javascript images are text too",
                markdown: "![d](data:image/svg+xml,<svg/onload=alert(1)>) ![j](javascript:alert(1))",
                contains: &[
                    "Image: d (data:image/svg+xml,&lt;svg/onload=alert(1)&gt;)",
                    "Image: j (javascript:alert(1))",
                ],
                absent: &["<img", "<svg", "<a"],
            },
            RenderCase {
                name: "image inside a link",
                markdown: "[![logo](/logo.png)](https://x.example)",
                contains: &["<p><a href=\"https://x.example\" rel=\"noopener noreferrer nofollow\"><span class=\"md-image\">Image: logo (/logo.png)</span></a></p>"],
                absent: &["<img"],
            },
            RenderCase {
                name: "image inside a bad link keeps the image text only",
                markdown: "[![logo](/logo.png)](javascript:alert(1)) end",
                contains: &["<p><span class=\"md-image\">Image: logo (/logo.png)</span> end</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "link inside image alt is flattened",
                markdown: "![see [me](javascript:x)](/i.png)",
                contains: &["Image: see me (/i.png)"],
                absent: &["<a"],
            },
            RenderCase {
                name: "reference-style links with bad schemes",
                markdown: "[a][r1] [b][R2] [c]\n\n[r1]: javascript:alert(1)\n[r2]: &#106;avascript:alert(1)\n[c]: <data:text/html,x> \"t\"\n",
                contains: &["<p>a b c</p>"],
                absent: &["<a"],
            },
            RenderCase {
                name: "reference-style link with a good scheme",
                markdown: "[a][r]\n\n[r]: https://x.example \"T\"\n",
                contains: &["<p><a href=\"https://x.example\" title=\"T\" rel=\"noopener noreferrer nofollow\">a</a></p>"],
                absent: &[],
            },
            RenderCase {
                name: "heading attributes are not interpreted",
                markdown: "# Title {#id .class onclick=x}",
                contains: &["<h1>Title {#id .class onclick=x}</h1>"],
                absent: &["id=", "class="],
            },
            RenderCase {
                name: "code fence info string gives no class",
                markdown: "```js\" onclick=\"x\nlet a = 1;\n```",
                contains: &["<pre><code>let a = 1;\n</code></pre>"],
                absent: &["class", "onclick"],
            },
            RenderCase {
                name: "table alignment becomes classes, not style",
                markdown: "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n",
                contains: &["<table><thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th></tr></thead><tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>\n</tbody></table>\n"],
                absent: &["style"],
            },
            RenderCase {
                name: "task lists are disabled checkboxes",
                markdown: "- [x] done\n- [ ] todo\n",
                contains: &["<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n<li><input disabled=\"\" type=\"checkbox\"/>\ntodo</li>\n</ul>\n"],
                absent: &[],
            },
            RenderCase {
                name: "footnotes get numbered ids, never the label",
                markdown: "A[^Note\"x] b[^2].\n\n[^note\"x]: First.\n[^2]: Second <i>.\n",
                contains: &[
                    "<p>A<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup> b<sup class=\"footnote-reference\"><a href=\"#fn-2\">2</a></sup>.</p>\n",
                    "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>First.</p>\n</div>\n",
                    "<div class=\"footnote-definition\" id=\"fn-2\"><sup class=\"footnote-definition-label\">2</sup>\n<p>Second &lt;i&gt;.</p>\n</div>\n",
                ],
                absent: &["Note", "<i>"],
            },
            RenderCase {
                name: "math, wikilinks and metadata are not enabled",
                markdown: "---\ntitle: x\n---\n\n$x$ [[Page]] H~2~O",
                contains: &["$x$ [[Page]] H~2~O"],
                absent: &["math", "<sub"],
            },
    ];

    #[test]
    fn hostile_markdown_is_defused() {
        for c in HOSTILE_CASES {
            let html = render(c.markdown);
            for want in c.contains {
                assert!(html.contains(want), "{}: want {want:?} in {html:?}", c.name);
            }
            for bad in c.absent {
                assert!(
                    !html.contains(bad),
                    "{}: unwanted {bad:?} in {html:?}",
                    c.name
                );
            }
            check(c.markdown);
        }
    }

    struct Exact {
        name: &'static str,
        markdown: &'static str,
        html: &'static str,
    }

    #[test]
    fn ordinary_markdown_renders_as_expected() {
        let cases = [
            Exact {
                name: "headings and paragraph",
                markdown: "# Talk\n\n## Abstract\n\nWe *will* **ship** `code` and ~~bugs~~.\n",
                html: "<h1>Talk</h1>\n<h2>Abstract</h2>\n<p>We <em>will</em> <strong>ship</strong> <code>code</code> and <del>bugs</del>.</p>\n",
            },
            Exact {
                name: "lists",
                markdown: "- one\n- two\n\n3. three\n4. four\n",
                html: "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n",
            },
            Exact {
                name: "link, break, quote, rule, code block",
                markdown: "See [the docs](https://docs.example/a_b \"Docs\").  \nNext\n\n> quoted\n\n---\n\n```rust\nfn main() {}\n```\n",
                html: "<p>See <a href=\"https://docs.example/a_b\" title=\"Docs\" rel=\"noopener noreferrer nofollow\">the docs</a>.<br />\nNext</p>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr />\n<pre><code>fn main() {}\n</code></pre>\n",
            },
            Exact {
                name: "text is escaped",
                markdown: "a < b && c > \"d\"",
                html: "<p>a &lt; b &amp;&amp; c &gt; \"d\"</p>\n",
            },
            Exact { name: "empty", markdown: "", html: "" },
        ];
        for c in cases {
            assert_eq!(render(c.markdown), c.html, "{}", c.name);
        }
    }

    #[test]
    fn blocks_follow_the_source() {
        let src = "# T\n\nPara [r] one.\n\n- a\n- b\n\n[r]: https://x.example\n\n<p>raw</p>\n";
        let blocks = render_blocks(src);
        let spans: Vec<&str> = blocks
            .iter()
            .map(|b| src[b.source.clone()].trim_end())
            .collect();
        assert_eq!(spans, ["# T", "Para [r] one.", "- a\n- b", "<p>raw</p>"]);
        // The reference defined later in the document still resolves.
        assert!(blocks[1].html.contains("href=\"https://x.example\""));
        assert_eq!(
            blocks[3].html,
            "<pre><code>&lt;p&gt;raw&lt;/p&gt;\n</code></pre>\n"
        );
        // Editing one block leaves the others' HTML unchanged.
        let edited = render_blocks(&src.replace("- b", "- c"));
        assert_eq!(edited[0], blocks[0]);
        assert_eq!(edited[1], blocks[1]);
        assert_ne!(edited[2].html, blocks[2].html);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let stars = "*".repeat(10_000);
        let long_nest = "[".repeat(5000) + &"](javascript:x)".repeat(5000);
        let deep_quote = "> ".repeat(2000) + "x";
        let inputs = [
            "\u{0}",
            "\u{feff}[x](\u{feff}javascript:1)",
            "[x](\u{2028}javascript:1)",
            "![](<>)",
            "[]()",
            stars.as_str(),
            long_nest.as_str(),
            deep_quote.as_str(),
            "| a |\n|---|\n| <script> |",
            "[^a]: [^a]\n\n[^a]",
            "\r\n\r\n# x\r\n",
            "é[ü](ö:x)",
        ];
        for input in inputs {
            check(input);
        }
    }
}
