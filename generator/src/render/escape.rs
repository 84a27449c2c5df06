//! Escaping for each place spec text lands: rustdoc, Rust string literals, markdown tables.

/// A Rust string literal (with quotes) holding exactly `s`.
pub fn rust_string(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// `#[doc = "…"]` attributes, one per line, for text that rustdoc reads as markdown.
///
/// The text is made inert and clean for rustdoc and clippy's doc lints (see [`doc_lines`]).
pub fn doc_attrs(text: &str) -> String {
    attrs(Doc::Item, doc_lines(text).iter().map(|line| visible_controls(line.trim_end())))
}

/// [`doc_attrs`] for the crate's own docs (`#![doc = "…"]`).
pub fn inner_doc_attrs(text: &str) -> String {
    attrs(Doc::Crate, doc_lines(text).iter().map(|line| visible_controls(line.trim_end())))
}

/// `#![doc = "…"]` attributes holding the lines of `text` as they are (the inside of a code block
/// the project wrote, such as the usage example).
pub fn inner_doc_verbatim(text: &str) -> String {
    attrs(Doc::Crate, text.lines().map(str::to_string))
}

/// Which item a doc attribute documents.
#[derive(Clone, Copy)]
enum Doc {
    /// The item that follows (`#[doc]`).
    Item,
    /// The enclosing crate or module (`#![doc]`).
    Crate,
}

/// One doc attribute per line; rustdoc, like `///`, drops the single leading space.
fn attrs(doc: Doc, lines: impl Iterator<Item = String>) -> String {
    let open = match doc {
        Doc::Item => "#[doc = ",
        Doc::Crate => "#![doc = ",
    };
    let mut out = String::new();
    for line in lines {
        out.push_str(open);
        out.push_str(&rust_string(&format!(" {line}")));
        out.push_str("]\n");
    }
    out
}

/// A list item still open while a description is read: where its content starts in the spec
/// text and in the output.
#[derive(Clone, Copy)]
struct OpenItem {
    source: usize,
    output: usize,
}

/// What the previous line left open.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Nothing: the start, a blank line, a code block or a heading.
    Block,
    /// A paragraph, which the next text line continues.
    Paragraph,
}

/// A description as markdown lines that rustdoc renders as the spec's author meant and that
/// clippy's doc lints accept:
///
/// - HTML is escaped (shown as text, never interpreted), bare URLs become autolinks and stray
///   brackets cannot form intra-doc links (`inline_markdown`);
/// - code fences become `text` blocks and indented code blocks become fenced `text` blocks, so
///   nothing is compiled as a doctest;
/// - list items are indented by their nesting alone (an item indented more than its list needs
///   moves left), and every line that continues an item, lazily or over-indented, is indented
///   to the item's text;
/// - tabs become spaces (four-column stops).
///
/// Text outside lists keeps its lines as written.
pub fn doc_lines(text: &str) -> Vec<String> {
    let lines: Vec<String> = text.trim_end().lines().map(expand_tabs).collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut items: Vec<OpenItem> = Vec::new();
    let mut last = Last::Block;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = line.get(indent..).unwrap_or("");
        if rest.is_empty() {
            out.push(String::new());
            last = Last::Block;
            continue;
        }
        if let Some(fence) = fence_open(rest) {
            close_items_beyond(&mut items, indent);
            let pad = " ".repeat(items.last().map_or(0, |it| it.output));
            out.push(format!("{pad}```text"));
            while let Some(code) = lines.get(i) {
                i += 1;
                if fence_closes(code, fence) {
                    break;
                }
                out.push(format!("{pad}{}", strip_indent(code, indent)));
            }
            out.push(format!("{pad}```"));
            last = Last::Block;
            continue;
        }
        let continues_paragraph = last == Last::Paragraph;
        if !continues_paragraph {
            // A new block: the items it is not indented into end here.
            close_items_beyond(&mut items, indent);
            let container = items.last().map_or(0, |it| it.source);
            if indent >= container + 4 {
                // An indented code block, fenced as `text`; blank lines inside it stay.
                let pad = " ".repeat(items.last().map_or(0, |it| it.output));
                let mut block = vec![strip_indent(line, container + 4)];
                while let Some(code) = lines.get(i) {
                    let code_indent = code.len() - code.trim_start_matches(' ').len();
                    if !code.trim().is_empty() && code_indent < container + 4 {
                        break;
                    }
                    block.push(strip_indent(code, container + 4));
                    i += 1;
                }
                let mut trailing_blanks = 0;
                while block.last().is_some_and(|l| l.trim().is_empty()) {
                    block.pop();
                    trailing_blanks += 1;
                }
                out.push(format!("{pad}```text"));
                out.extend(block.into_iter().map(|l| if l.is_empty() { l } else { format!("{pad}{l}") }));
                out.push(format!("{pad}```"));
                out.extend(std::iter::repeat_n(String::new(), trailing_blanks));
                last = Last::Block;
                continue;
            }
        }
        if let Some((marker, gap)) = list_marker(rest) {
            let nested = items.last().is_none_or(|it| indent >= it.source);
            // A new list may interrupt a paragraph only with a bullet or `1.` and some text
            // (CommonMark); otherwise the line is the paragraph's text.
            let starts_item = !(continues_paragraph && nested) || {
                let has_text = rest.len() > marker.len();
                has_text && matches!(marker, "-" | "*" | "+" | "1." | "1)")
            };
            // An item indented four or more past its parent's text would be paragraph text to
            // CommonMark; spec authors mean a nested list, and it is rendered as one.
            if starts_item {
                close_items_beyond(&mut items, indent);
                let output = items.last().map_or(0, |it| it.output);
                let content = rest.get(marker.len() + gap..).unwrap_or("");
                items.push(OpenItem { source: indent + marker.len() + if gap == 0 || gap > 4 { 1 } else { gap }, output: output + marker.len() + 1 });
                let text = inline_markdown(content);
                out.push(if text.is_empty() { format!("{}{marker}", " ".repeat(output)) } else { format!("{}{marker} {text}", " ".repeat(output)) });
                last = Last::Paragraph;
                continue;
            }
        }
        if !continues_paragraph || !is_paragraph_text(rest) {
            close_items_beyond(&mut items, indent);
        }
        last = if is_heading(rest) || is_thematic_break(rest) { Last::Block } else { Last::Paragraph };
        out.push(match items.last() {
            Some(it) => format!("{}{}", " ".repeat(it.output), inline_markdown(rest)),
            None => inline_markdown(line),
        });
    }
    out
}

/// Ends the open list items that a line indented by `indent` is not inside.
fn close_items_beyond(items: &mut Vec<OpenItem>, indent: usize) {
    while items.last().is_some_and(|it| it.source > indent) {
        items.pop();
    }
}

/// A list marker at the start of `rest` (`-`, `*`, `+`, `1.`, `2)`) and the spaces after it.
fn list_marker(rest: &str) -> Option<(&str, usize)> {
    if is_thematic_break(rest) {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let len = match rest.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let after = rest.get(len..)?;
    let gap = after.len() - after.trim_start_matches(' ').len();
    (after.is_empty() || gap > 0).then(|| (rest.get(..len).unwrap_or(""), gap))
}

/// A line that continues an open paragraph rather than starting a block of its own.
fn is_paragraph_text(rest: &str) -> bool {
    !is_heading(rest) && !is_thematic_break(rest)
}

fn is_heading(rest: &str) -> bool {
    let hashes = rest.bytes().take_while(|b| *b == b'#').count();
    (1..=6).contains(&hashes) && rest.get(hashes..).is_some_and(|r| r.is_empty() || r.starts_with(' '))
}

/// `---`, `***`, `___` (spaces allowed between).
fn is_thematic_break(rest: &str) -> bool {
    let mut chars = rest.chars().filter(|c| *c != ' ');
    let Some(first) = chars.next() else { return false };
    matches!(first, '-' | '*' | '_') && rest.chars().filter(|c| *c == first).count() >= 3 && chars.all(|c| c == first)
}

/// The backtick or tilde run opening a code fence.
fn fence_open(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let run = rest.chars().take_while(|x| *x == c).count();
    (run >= 3).then_some((c, run))
}

fn fence_closes(line: &str, (c, run): (char, usize)) -> bool {
    let rest = line.trim();
    rest.chars().take_while(|x| *x == c).count() >= run && rest.trim_start_matches(c).is_empty()
}

/// `line` without up to `n` leading spaces.
fn strip_indent(line: &str, n: usize) -> String {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    line.get(spaces.min(n)..).unwrap_or("").to_string()
}

/// Tabs as spaces to the next multiple of four columns (CommonMark's tab stop; clippy rejects
/// tabs in doc comments).
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let width = 4 - column % 4;
            out.extend(std::iter::repeat_n(' ', width));
            column += width;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// A description folded onto one line of a `///` comment, escaped like [`doc_attrs`] prose.
///
/// The text lands in the comment as it is (no string-literal escaping: a `"` stays a `"`).
pub fn doc_inline(text: &str) -> String {
    visible_controls(inline_markdown(&expand_tabs(&fold_lines(text))).trim())
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

    fn lines(text: &str) -> Vec<String> {
        doc_lines(text)
    }

    #[test]
    fn lazy_continuations_are_indented_into_their_item() {
        assert_eq!(lines("Notes:\n- one\nlazy;\n- two }\n  more"), ["Notes:", "- one", "  lazy;", "- two }", "  more"]);
        assert_eq!(lines("1. first\n10. tenth\ncontinued"), ["1. first", "10. tenth", "    continued"]);
        assert_eq!(lines("* a\n    * deep\n  back"), ["* a", "  * deep", "    back"]);
    }

    #[test]
    fn over_indented_items_move_to_their_list() {
        assert_eq!(lines("Intro:\n\n   - a\n     b\n   - c\n        - d"), ["Intro:", "", "- a", "  b", "- c", "  - d"]);
        assert_eq!(lines("- a\n\n    more of a"), ["- a", "", "  more of a"]);
        // Four past the item's text is code inside the item, as CommonMark reads it.
        assert_eq!(lines("- a\n\n      code"), ["- a", "", "  ```text", "  code", "  ```"]);
    }

    #[test]
    fn paragraphs_outside_lists_keep_their_lines() {
        let text = "A widget;\n{\n  \"shape\": \"round\"\n}\n<p>x</p>";
        assert_eq!(lines(text), ["A widget;", "{", "  \"shape\": \"round\"", "}", "&lt;p&gt;x&lt;/p&gt;"]);
        // Only a bullet or `1.` may start a list inside a paragraph (CommonMark): `2023.` stays text.
        assert_eq!(lines("Since\n2023. it works\n+1"), ["Since", "2023. it works", "+1"]);
        assert_eq!(lines("- a\n\nafter the list"), ["- a", "", "after the list"]);
        assert_eq!(lines("- a\n# Heading\ntext"), ["- a", "# Heading", "text"]);
        assert_eq!(lines("---\n***"), ["---", "***"]);
    }

    #[test]
    fn code_blocks_become_text_fences() {
        assert_eq!(lines("Example:\n\n    let x = 1;\n\n    y\n\nafter"), ["Example:", "", "```text", "let x = 1;", "", "y", "```", "", "after"]);
        assert_eq!(lines("- item\n  ```json\n  {\"a\": 1}\n  ```"), ["- item", "  ```text", "  {\"a\": 1}", "  ```"]);
        assert_eq!(lines("~~~~\n```\n~~~~\ntext"), ["```text", "```", "```", "text"]);
    }

    /// Every combination of three awkward lines: nothing panics and no word is lost or reordered
    /// (the transformation only moves indentation and adds fences).
    #[test]
    fn no_word_is_lost_in_any_combination_of_list_code_and_text_lines() {
        let fragments =
            ["- a", "  - b", "      - c", "1. d", "2) e", "para", "    code", "", "```", "* f", "   g", "# h", "---", "\tk", "9. m"];
        let words = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .flat_map(|l| l.split(|c: char| !c.is_ascii_alphabetic()))
                .filter(|w| !w.is_empty() && *w != "text")
                .map(str::to_string)
                .collect()
        };
        for a in fragments {
            for b in fragments {
                for c in fragments {
                    let input = format!("{a}\n{b}\n{c}");
                    let expected = words(&input.lines().map(str::to_string).collect::<Vec<_>>());
                    assert_eq!(words(&lines(&input)), expected, "{input:?} → {:?}", lines(&input));
                }
            }
        }
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(lines("a\tb\n-\titem"), ["a   b", "- item"]);
        assert_eq!(doc_inline("a\tb"), "a   b");
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
