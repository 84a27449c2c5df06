//! Escaping for each place spec text lands: rustdoc, Rust string literals, markdown tables.

/// A Rust string literal (with quotes) holding exactly `s`.
pub fn rust_string(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// `#[doc = "…"]` attributes, one per line, for text that rustdoc reads as markdown.
///
/// The text is made inert for rustdoc: HTML is escaped, code fences become plain text blocks
/// (so they are never compiled as doctests), bare URLs become autolinks and stray brackets
/// cannot form broken intra-doc links.
pub fn doc_attrs(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        let rendered = if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            if in_fence {
                "```text".to_string()
            } else {
                "```".to_string()
            }
        } else if in_fence {
            line.to_string()
        } else {
            inline_markdown(line)
        };
        out.push_str("#[doc = ");
        out.push_str(&rust_string(&format!(" {}", visible_controls(rendered.trim_end()))));
        out.push_str("]\n");
    }
    if in_fence {
        out.push_str("#[doc = \" ```\"]\n");
    }
    out
}

/// A description folded onto one line of a `///` comment, escaped like [`doc_attrs`] prose.
///
/// The text lands in the comment as it is (no string-literal escaping: a `"` stays a `"`).
pub fn doc_inline(text: &str) -> String {
    visible_controls(inline_markdown(&fold_lines(text)).trim())
}

/// Control characters and bidirectional overrides written out as `\u{…}`: the formatter prints
/// doc attributes as `///` comments, where rustc rejects text-direction codepoints and a
/// carriage return, and where the others would only hide text from a reviewer.
pub fn visible_controls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\t') || bidi {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes one line of prose outside code blocks.
fn inline_markdown(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut in_code = false;
    while let Some(&c) = chars.get(i) {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        if let Some((link, end)) = bare_url_at(&chars, i) {
            out.push_str(&link);
            i = end;
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '[' => {
                // Keep `[text](url)` links; escape brackets that rustdoc would read as intra-doc links.
                if let Some(close) = matching_bracket(&chars, i) {
                    if chars.get(close + 1) == Some(&'(') {
                        out.push('[');
                        i += 1;
                        continue;
                    }
                }
                out.push_str("\\[");
            }
            ']' => {
                if chars.get(i + 1) == Some(&'(') {
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            'h' if starts_url(&chars, i) && !prev_is(&chars, i, &['(', '<', '/']) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(chars.get(i..end).unwrap_or(&[]));
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_code {
        // An unmatched backtick would swallow the next line; close the span.
        out.push('`');
    }
    out
}

fn matching_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// A bare URL starting at `i`, as the autolink rustdoc wants (the README is the crate's docs),
/// and the index just past it.
fn bare_url_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    if chars.get(i) != Some(&'h') || !starts_url(chars, i) || prev_is(chars, i, &['(', '<', '/']) {
        return None;
    }
    let end = url_end(chars, i);
    let url: String = chars.get(i..end).unwrap_or(&[]).iter().collect();
    Some((md_url_link(&url), end))
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars.iter().skip(i).take(8).collect();
    rest.starts_with("http://") || rest.starts_with("https://")
}

fn prev_is(chars: &[char], i: usize, set: &[char]) -> bool {
    i > 0 && chars.get(i - 1).is_some_and(|c| set.contains(c))
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while let Some(c) = chars.get(end) {
        if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']') {
            break;
        }
        end += 1;
    }
    // Trailing punctuation belongs to the sentence, not the URL.
    while end > start && chars.get(end - 1).is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?')) {
        end -= 1;
    }
    end
}

/// One markdown table cell: newlines become spaces and `|` cannot end the cell.
pub fn md_cell(text: &str) -> String {
    md_line(text).replace('|', "\\|")
}

/// Text on one markdown line, inert as markdown structure: every newline becomes a space, raw
/// HTML is shown as text, and a leading code fence cannot open a code block.
///
/// The README is also the generated crate's rustdoc, so a fence there would become a doctest.
pub fn md_line(text: &str) -> String {
    let chars: Vec<char> = fold_lines(text).chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '`' {
            // A run of n backticks opens a code span only if a later run of exactly n closes it.
            let run = backtick_run(&chars, i);
            let close = (i + run..chars.len()).find(|&j| {
                chars.get(j) == Some(&'`') && chars.get(j.wrapping_sub(1)) != Some(&'`') && backtick_run(&chars, j) == run
            });
            let end = close.map_or(i + run, |j| j + run);
            out.extend(chars.get(i..end).unwrap_or(&[]));
            i = end;
            continue;
        }
        if let Some((link, end)) = bare_url_at(&chars, i) {
            out.push_str(&link);
            i = end;
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            // `[name]` with a path-like name is an intra-doc link to rustdoc, which reads the
            // README as the crate's docs: escape it. Other brackets (`[0, 100]`, links) stay.
            '[' if path_like_brackets(&chars, i).is_some() => {
                let close = path_like_brackets(&chars, i).unwrap_or(i);
                out.push_str("\\[");
                out.extend(chars.get(i + 1..close).unwrap_or(&[]));
                out.push_str("\\]");
                i = close + 1;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if out.starts_with("```") || out.starts_with("~~~") {
        out.insert(0, '\\');
    }
    out
}

/// The closing bracket of `[name]` at `open` when `name` looks like a Rust path and no `(` or
/// `[` follows (a markdown link or a reference link).
fn path_like_brackets(chars: &[char], open: usize) -> Option<usize> {
    let close = (open + 1..chars.len()).find(|&j| matches!(chars.get(j), Some(']' | '[')))?;
    let name = chars.get(open + 1..close)?;
    let path_like = !name.is_empty() && name.iter().all(|c| c.is_alphanumeric() || matches!(c, '_' | ':'));
    let link_follows = matches!(chars.get(close + 1), Some('(' | '['));
    (chars.get(close) == Some(&']') && path_like && !link_follows).then_some(close)
}

fn backtick_run(chars: &[char], start: usize) -> usize {
    chars.iter().skip(start).take_while(|c| **c == '`').count()
}

/// Whether `url` can stand in markdown as it is (bare or as `<url>`) without changing what
/// surrounds it.
fn is_plain_url(url: &str) -> bool {
    !url.is_empty()
        && url.chars().all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '<' | '>' | '`' | '|' | '[' | ']' | '\\' | '"' | '*' | '_'))
}

/// A URL as a markdown autolink (`<url>`), or as inline code when it holds characters that
/// would break out of one.
pub fn md_url_link(url: &str) -> String {
    if is_plain_url(url) {
        format!("<{url}>")
    } else {
        code_span(url)
    }
}

/// A URL as markdown text, or as inline code when it holds characters markdown would read.
pub fn md_url_text(url: &str) -> String {
    if is_plain_url(url) {
        url.to_string()
    } else {
        code_span(url)
    }
}

/// Text on one line: every newline becomes a space, nothing else changes.
pub fn fold_lines(text: &str) -> String {
    text.trim().split('\n').map(|l| l.trim_end_matches('\r')).collect::<Vec<_>>().join(" ")
}

/// Inline code showing `text` literally, on one line, safe inside a `///` comment or a
/// `#[doc]` string: the backtick fence is longer than any run of backticks in the text.
pub fn code_span(text: &str) -> String {
    let flat: String = text.chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
    let flat = visible_controls(&flat);
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space on each side, so padding keeps edge backticks apart from the fence.
    if flat.is_empty() {
        return "` `".to_string();
    }
    let pad = if flat.starts_with('`') || flat.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_quotes_and_newlines() {
        assert_eq!(rust_string("a\"b\nc"), "\"a\\\"b\\nc\"");
    }

    #[test]
    fn doc_text_cannot_break_out() {
        let d = doc_attrs("closes */ and \"quotes\"\n#[attr] <script>");
        assert!(d.contains("&lt;script&gt;"), "{d}");
        assert!(!d.contains("\n#[attr]"), "{d}");
        assert_eq!(d.lines().count(), 2);
    }

    #[test]
    fn controls_and_direction_overrides_are_written_out() {
        assert_eq!(visible_controls("a\u{202e}b\u{0}c\td"), "a\\u{202e}b\\u{0}c\td");
        assert!(doc_attrs("x\u{2066}y").contains("x\\\\u{2066}y"));
    }

    #[test]
    fn fences_become_text_blocks_and_are_closed() {
        let d = doc_attrs("```\nfn main() {}");
        assert!(d.contains("```text"), "{d}");
        assert!(d.trim_end().ends_with("#[doc = \" ```\"]"), "{d}");
    }

    #[test]
    fn urls_and_brackets() {
        assert_eq!(inline_markdown("see https://x.y/z."), "see <https://x.y/z>.");
        assert_eq!(inline_markdown("[link](https://x.y)"), "[link](https://x.y)");
        assert_eq!(inline_markdown("[note] `a<b>`"), "\\[note\\] `a<b>`");
    }

    #[test]
    fn inline_doc_text_is_one_line_and_keeps_quotes_and_backslashes() {
        assert_eq!(doc_inline("say \"hi\" \\ back\nnext <b>"), "say \"hi\" \\ back next &lt;b&gt;");
        assert_eq!(doc_inline("a\u{202e}b\r"), "a\\u{202e}b");
    }

    #[test]
    fn table_cells() {
        assert_eq!(md_cell("a | b\nc"), "a \\| b c");
        assert_eq!(md_cell("<b>x</b> `<b>`"), "&lt;b>x&lt;/b> `<b>`");
    }

    #[test]
    fn markdown_lines_cannot_open_blocks() {
        assert_eq!(md_line("```\nfn main() {}\n```"), "\\``` fn main() {} ```");
        assert_eq!(md_line("~~~"), "\\~~~");
        assert_eq!(md_line("plain `code` text"), "plain `code` text");
        assert_eq!(md_line("a ` b <i> ``c<d>`` e"), "a ` b &lt;i> ``c<d>`` e");
        assert_eq!(md_line("[dependencies] see [the docs](https://x.y) `[x]`"), "\\[dependencies\\] see [the docs](https://x.y) `[x]`");
        assert_eq!(md_line("see https://x.y/a. and [a](https://x.y)"), "see <https://x.y/a>. and [a](https://x.y)");
        assert_eq!(md_url_link("https://api.line.me"), "<https://api.line.me>");
        assert_eq!(md_url_link("https://x/> <script>"), "`https://x/> <script>`");
        assert_eq!(md_url_text("https://api.line.me"), "https://api.line.me");
        assert_eq!(md_line("[[x]] [0.0,100.0] jobs[].id [a](b)"), "[\\[x\\]] [0.0,100.0] jobs[].id [a](b)");
    }

    #[test]
    fn code_spans_hold_any_text_on_one_line() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x```"), "```` `x``` ````");
        assert_eq!(code_span("a\nb\r\nc"), "`a b  c`");
        assert_eq!(code_span(""), "` `");
    }
}
