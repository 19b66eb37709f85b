//! A small CSS minifier for `dist/app.css`: comments out, whitespace collapsed, and the
//! spaces and semicolons the grammar does not need dropped. Quoted strings are copied as
//! written. Nothing is reordered or merged, so the rules mean exactly what `styles/` says.

/// `css` without comments, with runs of whitespace cut to one space (none next to
/// `{ } ; , >` or after `:`), without the `;` before a `}` and the `0` of `0.5`.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // A space seen and not written yet: written only if the next character needs it.
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut space, c);
                out.push(c);
                let mut escaped = false;
                for d in chars.by_ref() {
                    out.push(d);
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == c {
                        break;
                    }
                }
            }
            '}' => {
                space = false;
                if out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
            _ => {
                push_space(&mut out, &mut space, c);
                // `0.35rem` → `.35rem`: a leading zero not after a digit, letter or `.#_-%`.
                let leading_zero = c == '0'
                    && chars.peek() == Some(&'.')
                    && !out.ends_with(|p: char| {
                        p.is_ascii_alphanumeric() || matches!(p, '.' | '#' | '_' | '-' | '%')
                    });
                if !leading_zero {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Writes the pending space before `next` unless either side makes it unneeded.
fn push_space(out: &mut String, space: &mut bool, next: char) {
    if std::mem::take(space)
        && !out.is_empty()
        && !matches!(next, '{' | '}' | ';' | ',' | '>')
        && !out.ends_with(['{', '}', ';', ',', '>', ':'])
    {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn drops_comments_spaces_and_last_semicolons() {
        let css =
            "/* head */\n:root {\n  --bg: #fff;\n}\n.a > .b, .c { color: red; margin: 0 1px; }\n";
        assert_eq!(
            minify(css),
            ":root{--bg:#fff}.a>.b,.c{color:red;margin:0 1px}"
        );
    }

    #[test]
    fn keeps_the_spaces_that_mean_something() {
        // A descendant before a pseudo-class, `and (`, calc's operators, values.
        let css = "@media print and (max-width: 40em) { .x :focus { width: calc(100% - 2rem); } }";
        assert_eq!(
            minify(css),
            "@media print and (max-width:40em){.x :focus{width:calc(100% - 2rem)}}"
        );
    }

    #[test]
    fn copies_strings_as_written() {
        let css =
            "a::after { content: \" (\"  attr(href) \")\"; }\nb { font: 1em \"Segoe  UI\", x; }";
        assert_eq!(
            minify(css),
            "a::after{content:\" (\" attr(href) \")\"}b{font:1em \"Segoe  UI\",x}"
        );
    }
}
