//! E-mail addresses, links to personal profiles and sites, and `@handles`.

use std::borrow::Cow;
use std::ops::Range;

use super::names::Names;
use super::words::fold_str;
use super::{in_ranges, Leak, LeakKind};
use super::{WHY_EMAIL, WHY_HANDLE, WHY_OWN_LINK, WHY_PROFILE, WHY_REPO, WHY_URL_NAME};

pub(super) fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

pub(super) fn is_host_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// E-mail addresses in `s`.
pub(super) fn find_emails(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        let mut start = at;
        while start > 0 && is_local_char(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        // `@jane@hachyderm.io` is a Mastodon handle, not an address.
        if start > 0 && b[start - 1] == b'@' {
            continue;
        }
        let mut end = at + 1;
        while end < b.len() && is_host_char(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let host = &s[at + 1..end];
        let tld_ok = host.rsplit_once('.').is_some_and(|(h, tld)| {
            !h.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
        if start < at && tld_ok && out.last().is_none_or(|r: &Range<usize>| r.end <= start) {
            out.push(start..end);
        }
    }
    out
}

/// Top-level domains accepted for links written without a scheme.
pub(super) const TLDS: &[&str] = &[
    "com", "org", "net", "io", "dev", "me", "info", "co", "ai", "app", "xyz", "blog", "site",
    "tech", "page", "name", "social", "uk", "de", "fr", "es", "it", "nl", "pl", "br", "in", "ca",
    "au", "jp", "eu", "ch", "se", "no", "dk", "fi", "cz", "at", "be", "us", "sh", "ly", "cc", "ee",
];

/// Links in `s`: `http(s)://…`, `www.…`, and bare `host.tld/…`.
pub(super) fn find_urls(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_word_start = i == 0
            || !(b[i - 1].is_ascii_alphanumeric()
                || matches!(b[i - 1], b'.' | b'@' | b'-' | b'/' | b'_'));
        if !at_word_start || !(b[i].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let rest = &s[i..];
        let schemed = ["http://", "https://"]
            .iter()
            .find(|p| {
                rest.get(..p.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(p))
            })
            .map(|p| p.len());
        let host_start = i + schemed.unwrap_or(0);
        let mut host_end = host_start;
        while host_end < b.len() && is_host_char(b[host_end]) {
            host_end += 1;
        }
        while host_end > host_start && matches!(b[host_end - 1], b'.' | b'-') {
            host_end -= 1;
        }
        let host = &s[host_start..host_end];
        let ok = if schemed.is_some() {
            host.contains('.') || host.eq_ignore_ascii_case("localhost")
        } else {
            host.len() > 4
                && host.rsplit_once('.').is_some_and(|(h, tld)| {
                    !h.is_empty()
                        && (TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)))
                        && (host[..4].eq_ignore_ascii_case("www.") || tld.bytes().all(|c| c.is_ascii_lowercase()))
                        && !h.bytes().all(|c| c.is_ascii_digit() || c == b'.')
                })
                // A bare `file.py` or `e.g.` is not a link: the host must
                // end the word or continue with a path.
                && host_end.checked_sub(0).is_some_and(|e| e >= b.len() || !matches!(b[e], b'@'))
        };
        if !ok || b.get(host_end) == Some(&b'@') {
            i = host_end.max(i + 1);
            continue;
        }
        let mut end = host_end;
        let mut parens = 0i32;
        while end < b.len() {
            let c = b[end];
            if c.is_ascii_whitespace()
                || matches!(
                    c,
                    b'<' | b'>' | b'"' | b'`' | b']' | b'{' | b'}' | b'|' | b'\\'
                )
            {
                break;
            }
            if c == b'(' {
                parens += 1;
            } else if c == b')' {
                if parens == 0 {
                    break;
                }
                parens -= 1;
            }
            end += 1;
        }
        while end > host_end
            && matches!(
                b[end - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_'
            )
        {
            end -= 1;
        }
        // Keep the span on a char boundary (non-ASCII in paths).
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        out.push(i..end);
        i = end.max(i + 1);
    }
    out
}

/// Code-hosting sites: `host/user` is a profile, `host/user/repo` the
/// user's repository.
#[rustfmt::skip]
pub(super) const CODE_HOSTS: &[&str] = &[
    "github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.sr.ht",
    "gist.github.com", "huggingface.co", "kaggle.com",
];
/// Sites where `host/user` (or `host/@user`) is a person's page.
#[rustfmt::skip]
pub(super) const PROFILE_HOSTS: &[&str] = &[
    "twitter.com", "x.com", "mobile.twitter.com", "instagram.com", "facebook.com", "threads.net",
    "medium.com", "dev.to", "speakerdeck.com", "slideshare.net", "keybase.io", "about.me",
    "linktr.ee", "patreon.com", "ko-fi.com", "buymeacoffee.com", "youtube.com", "tiktok.com",
    "hashnode.com", "substack.com", "orcid.org", "fosstodon.org", "mastodon.social", "hachyderm.io",
    "bsky.app", "stackoverflow.com", "linkedin.com", "pypi.org", "npmjs.com", "crates.io",
    "news.ycombinator.com", "reddit.com", "twitch.tv", "dribbble.com", "behance.net",
    "researchgate.net", "scholar.google.com", "tumblr.com",
];
/// Path segments that are site pages, not accounts.
#[rustfmt::skip]
pub(super) const RESERVED_SEGMENTS: &[&str] = &[
    "about", "features", "topics", "explore", "marketplace", "pricing", "login", "join", "settings",
    "apps", "collections", "trending", "search", "site", "security", "enterprise", "pulls",
    "issues", "notifications", "new", "blog", "docs", "help", "home", "hashtag", "i", "intent",
    "share", "watch", "results", "project", "projects", "package", "packages", "simple", "search",
    "questions", "tags", "tag", "company", "school", "jobs", "events", "groups", "pages", "feed",
    "r", "c", "channel", "playlist", "embed", "status", "policies", "terms", "privacy", "contact",
    "orgs", "downloads", "download", "releases", "wiki", "p", "pub", "post", "posts", "articles",
    "article", "story", "stories", "in", "user", "users", "profile", "u", "crates", "datasets",
    "models", "spaces", "competitions",
];
/// Subdomain hosts where the subdomain is the user: `jane.github.io`.
#[rustfmt::skip]
pub(super) const USER_SUBDOMAIN_HOSTS: &[&str] = &[
    ".github.io", ".gitlab.io", ".substack.com", ".medium.com", ".wordpress.com", ".blogspot.com",
    ".netlify.app", ".vercel.app", ".pages.dev", ".bearblog.dev", ".hashnode.dev", ".tumblr.com",
    ".codeberg.page",
];

/// Host and path segments of a link, lower-cased host without `www.`.
pub(super) fn url_parts(url: &str) -> (String, Vec<&str>) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(&host)
        .to_owned();
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs = path.split('/').filter(|s| !s.is_empty()).collect();
    (host, segs)
}

/// How a link points at a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LinkKind {
    /// A profile page (`github.com/jane`, `linkedin.com/in/jane`).
    Profile,
    /// A repository under an account (`github.com/jane/tool`).
    Repository,
    /// Anything else.
    Other,
}

/// The account a profile link points at, folded (`github.com/JDoe` →
/// `jdoe`).
pub(super) fn url_account(url: &str) -> Option<String> {
    let (host, segs) = url_parts(url);
    for suffix in USER_SUBDOMAIN_HOSTS {
        if let Some(user) = host.strip_suffix(suffix) {
            return Some(fold_str(user));
        }
    }
    let known = CODE_HOSTS.contains(&host.as_str())
        || PROFILE_HOSTS.contains(&host.as_str())
        || host.contains("mastodon");
    let mut it = segs.iter().map(|s| s.trim_start_matches(['@', '~']));
    let first = it.next()?;
    let seg = if matches!(
        first,
        "in" | "user" | "users" | "u" | "profile" | "sponsors" | "c" | "channel" | "pub"
    ) {
        let s = it.next()?;
        // stackoverflow.com/users/123/jane
        if s.bytes().all(|b| b.is_ascii_digit()) {
            it.next().unwrap_or(s)
        } else {
            s
        }
    } else {
        first
    };
    let at_form = segs
        .first()
        .is_some_and(|s| s.starts_with('@') || s.starts_with('~'));
    let reserved = RESERVED_SEGMENTS.contains(&first.to_ascii_lowercase().as_str()) && seg == first;
    ((known || at_form) && !reserved && !seg.is_empty()).then(|| fold_str(seg))
}

pub(super) fn link_kind(url: &str) -> LinkKind {
    let (host, segs) = url_parts(url);
    if USER_SUBDOMAIN_HOSTS.iter().any(|s| host.ends_with(s)) && !host.starts_with("www.") {
        return LinkKind::Profile;
    }
    if url_account(url).is_none() {
        return LinkKind::Other;
    }
    let first = segs.first().map_or("", |s| s);
    if CODE_HOSTS.contains(&host.as_str())
        && segs.len() >= 2
        && !matches!(first, "sponsors" | "u" | "user" | "users")
    {
        return LinkKind::Repository;
    }
    if host == "linkedin.com" && !matches!(first, "in" | "pub") {
        return LinkKind::Other;
    }
    if matches!(host.as_str(), "pypi.org" | "npmjs.com" | "crates.io")
        && !matches!(first, "user" | "users" | "~")
    {
        return LinkKind::Other;
    }
    if matches!(host.as_str(), "youtube.com" | "medium.com" | "tiktok.com")
        && !first.starts_with('@')
        && !matches!(first, "c" | "channel" | "user")
    {
        return LinkKind::Other;
    }
    if matches!(host.as_str(), "stackoverflow.com" | "reddit.com")
        && !matches!(first, "users" | "user" | "u")
    {
        return LinkKind::Other;
    }
    LinkKind::Profile
}

/// Python decorators often written in prose: `@property` is not a handle.
#[rustfmt::skip]
pub(super) const DECORATORS: &[&str] = &[
    "property", "staticmethod", "classmethod", "dataclass", "decorator", "abstractmethod",
    "cached_property", "lru_cache", "cache", "wraps", "contextmanager", "asynccontextmanager",
    "override", "overload", "singledispatch", "singledispatchmethod", "total_ordering", "fixture",
    "pytest", "given", "app", "router", "task", "jit", "njit", "setter", "getter", "final",
    "receiver", "login_required", "route", "validator", "field_validator", "tool", "njit", "njit",
    "vectorize", "unique", "runtime_checkable",
];

/// `@handles` in `s` outside code: not e-mails, not decorators.
pub(super) fn find_handles(s: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        if at > 0
            && (b[at - 1].is_ascii_alphanumeric()
                || matches!(b[at - 1], b'.' | b'_' | b'@' | b'-' | b'/' | b'+'))
        {
            continue;
        }
        let mut end = at + 1;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
            end += 1;
        }
        let name = &s[at + 1..end];
        if name.is_empty()
            || name.len() > 39
            || name.bytes().all(|c| c.is_ascii_digit())
            || in_ranges(code, at)
        {
            continue;
        }
        // Mastodon: @user@instance.social
        if b.get(end) == Some(&b'@') {
            let mut e = end + 1;
            while e < b.len() && is_host_char(b[e]) {
                e += 1;
            }
            while e > end + 1 && matches!(b[e - 1], b'.' | b'-') {
                e -= 1;
            }
            if s[end + 1..e].contains('.') {
                out.push(at..e);
                continue;
            }
        }
        // A call or an attribute: `@app.route(...)`, `@given(...)`.
        let after = &s[end..];
        if after.starts_with('(')
            || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            continue;
        }
        if DECORATORS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        // "the @cache decorator"
        let next_word = after
            .trim_start_matches([' ', '`', '*'])
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if next_word.eq_ignore_ascii_case("decorator")
            || next_word.eq_ignore_ascii_case("decorators")
        {
            continue;
        }
        // A decorator line in unfenced code: `@foo` alone on its line,
        // with `def`/`class`/another decorator below.
        let line_start = s[..at].rfind('\n').map_or(0, |p| p + 1);
        let line_end = after.find('\n').map_or(s.len(), |p| end + p);
        if s[line_start..at].trim().is_empty() && s[end..line_end].trim().is_empty() {
            let below = s[line_end..].trim_start();
            if ["def ", "async def ", "class ", "@"]
                .iter()
                .any(|p| below.starts_with(p))
            {
                continue;
            }
        }
        out.push(at..end);
    }
    out
}

/// E-mails, personal links and handles, region by region; returns every
/// link span (flagged or not), sorted.
pub(super) fn find_links(
    src: &str,
    regions: &[Range<usize>],
    code: &[Range<usize>],
    names: &Names,
    found: &mut Vec<Leak>,
) -> Vec<Range<usize>> {
    let mut links: Vec<Range<usize>> = Vec::new();
    for r in regions {
        let part = &src[r.clone()];
        let emails = find_emails(part);
        for e in &emails {
            found.push(Leak {
                span: r.start + e.start..r.start + e.end,
                kind: LeakKind::Email,
                why: WHY_EMAIL,
                replacement: Cow::Borrowed("[email]"),
            });
        }
        for u in find_urls(part) {
            let span = r.start + u.start..r.start + u.end;
            if emails.iter().any(|e| e.start < u.end && u.start < e.end) {
                continue;
            }
            let url = &part[u.clone()];
            let why = match link_kind(url) {
                LinkKind::Profile => Some(WHY_PROFILE),
                LinkKind::Repository if url_mentions(url, names, true) => Some(WHY_REPO),
                _ if url_mentions(url, names, false) => Some(WHY_URL_NAME),
                _ if called_own(&part[..u.start]) => Some(WHY_OWN_LINK),
                _ => None,
            };
            if let Some(why) = why {
                found.push(Leak {
                    span: span.clone(),
                    kind: LeakKind::Url,
                    why,
                    replacement: Cow::Borrowed("[link]"),
                });
            }
            links.push(span);
        }
        for h in find_handles(part, &[]) {
            let span = r.start + h.start..r.start + h.end;
            if in_ranges(code, span.start)
                || emails.iter().any(|e| e.start <= h.start && h.start < e.end)
            {
                continue;
            }
            if links
                .iter()
                .any(|l| l.start <= span.start && span.start < l.end)
            {
                continue;
            }
            found.push(Leak {
                span,
                kind: LeakKind::Handle,
                why: WHY_HANDLE,
                replacement: Cow::Borrowed("[handle]"),
            });
        }
    }
    crate::sort::sort_by_key(&mut links, |r| r.start);
    links
}

/// Whether a link mentions a name part or handle in its host or path
/// (`janedoe.dev`, `github.com/jdoe/tool`). With `owner_only`, only the
/// first path segment counts.
pub(super) fn url_mentions(url: &str, names: &Names, owner_only: bool) -> bool {
    let (host, segs) = url_parts(url);
    let mut pieces: Vec<&str> = Vec::new();
    if owner_only {
        pieces.extend(segs.first());
    } else {
        // The host without its top-level domain, then the path.
        let labels: Vec<&str> = host.split('.').collect();
        pieces.extend(&labels[..labels.len().saturating_sub(1)]);
        pieces.extend(&segs);
    }
    pieces.iter().any(|piece| {
        let folded = fold_str(piece.trim_start_matches(['@', '~']));
        if names.handles.contains(&folded) {
            return true;
        }
        let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).collect();
        words.iter().any(|w| names.parts.contains_key(*w))
            || names
                .parts
                .keys()
                .any(|part| part.len() >= 4 && folded.contains(part.as_str()))
    })
}

/// Whether the text right before a link (same line, a few words) calls it
/// the speaker's own: "my blog", "[my website](…)", "I wrote about it at".
fn called_own(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or(before);
    // The last 60 bytes or so, on a char boundary.
    let mut from = line.len().saturating_sub(60);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let near = line[from..].to_ascii_lowercase();
    OWN_LINK_CUES.iter().any(|cue| near.contains(cue))
}

/// Words that make a link the speaker's own.
#[rustfmt::skip]
const OWN_LINK_CUES: &[&str] = &[
    "my blog", "my website", "my site", "my personal", "my homepage", "my home page", "my post",
    "my article", "my newsletter", "my write-up", "my writeup", "my notes", "our blog",
    "i wrote", "i blogged", "i write", "i've written", "i have written", "i blog", "i post",
    "i maintain", "we maintain", "my repo", "my repository", "our repo", "the code is at",
    "the code is on", "code for this talk", "code for the talk", "my slides", "the slides are at",
];
