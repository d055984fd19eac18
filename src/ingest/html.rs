//! HTML and XHTML: a saved web page's main content, found as Readability
//! finds it (`dom_smoothie`), its title and headings kept, navigation,
//! footers, sidebars and banners dropped. When the article found is
//! implausibly short, the whole page's text is read instead. The charset
//! comes from a byte-order mark, then valid UTF-8, then `<meta>`, then
//! detection.

use std::path::Path;

use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Config, Readability};
use encoding_rs::Encoding;

use super::decode::{self, Unreadable};
use super::docx::has_extension;
use super::extract::{Builder, Document, Extractor};
use super::flow::fold_spaces;

/// The HTML reader.
pub struct Html;

impl Extractor for Html {
    fn format(&self) -> &'static str {
        "html"
    }

    fn sniff(&self, bytes: &[u8], hint: Option<&Path>) -> bool {
        ["html", "htm", "xhtml", "xht"]
            .iter()
            .any(|e| has_extension(hint, e))
            || looks_like_html(bytes)
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, Unreadable> {
        let (html, encoding) = decode_html(bytes)?;
        let mut document = main_content(&html);
        document.encoding = encoding;
        Ok(document)
    }
}

/// True when a text starts as an HTML page does (after a byte-order mark,
/// white space and an XML declaration or comments).
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_lowercase();
    let head = head.trim_start_matches('\u{FEFF}').trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || ((head.starts_with("<?xml") || head.starts_with("<!--")) && head.contains("<html"))
}

/// Most nesting the Readability pass is given; a deeper page is read by
/// the plain walk, which keeps its own stack.
const MAX_READABILITY_DEPTH: usize = 500;
/// Most nesting the HTML parser is given: it scans its stack of open
/// elements for each tag, so a page nested deeper costs time that grows
/// with the square of its depth. Such a page is read by stripping its tags.
const MAX_PARSE_DEPTH: usize = 3000;
/// An article shorter than this share of the page's text, and shorter
/// than [`SHORT_ARTICLE`] characters, is taken for a wrong guess.
const MIN_ARTICLE_SHARE: f32 = 0.15;
const SHORT_ARTICLE: usize = 500;

/// The page's main content as a document: its title, then the article.
pub fn main_content(html: &str) -> Document {
    let depth = nesting(html);
    if depth > MAX_PARSE_DEPTH {
        let mut builder = Builder::default();
        write_blocks(&stripped_blocks(html), &mut builder);
        return builder.finish("html");
    }
    let page = Dom::from(html);
    let title = page
        .select("title")
        .nodes()
        .first()
        .map(|t| one_line(&t.text()));
    let whole = page.body().map(|body| blocks_of(&body)).unwrap_or_default();
    let article = (depth <= MAX_READABILITY_DEPTH)
        .then(|| article_blocks(html))
        .flatten();
    let chars = |blocks: &[Block]| blocks.iter().map(|b| b.text.chars().count()).sum::<usize>();
    let blocks = match article {
        Some(article)
            if chars(&article) >= SHORT_ARTICLE
                || chars(&article) as f32 >= MIN_ARTICLE_SHARE * chars(&whole) as f32 =>
        {
            article
        }
        _ => whole,
    };
    let mut builder = Builder::default();
    if let Some(title) = title.as_deref().filter(|t| !t.is_empty()) {
        // The title is the page's first heading unless the article
        // starts with it already.
        if blocks.first().is_none_or(|b| b.text != title) {
            builder.section(title);
            builder.block(title);
        }
    }
    write_blocks(&blocks, &mut builder);
    builder.finish("html")
}

/// The blocks of an HTML text read whole (an EPUB chapter).
pub fn write_whole(html: &str, builder: &mut Builder) {
    if nesting(html) > MAX_PARSE_DEPTH {
        write_blocks(&stripped_blocks(html), builder);
        return;
    }
    let page = Dom::from(html);
    let root = page.body().unwrap_or_else(|| page.root());
    write_blocks(&blocks_of(&root), builder);
}

fn write_blocks(blocks: &[Block], builder: &mut Builder) {
    for block in blocks {
        if block.heading {
            builder.section(&block.text);
        }
        builder.block(&block.text);
    }
}

/// The article Readability finds, as blocks; `None` when it finds none.
fn article_blocks(html: &str) -> Option<Vec<Block>> {
    let config = Config {
        max_elements_to_parse: 100_000,
        ..Config::default()
    };
    let mut readability = Readability::new(html, None, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    let content = Dom::from(article.content.to_string());
    let root = content.body().unwrap_or_else(|| content.root());
    Some(blocks_of(&root))
}

/// The blocks of a page read without a parser, for pages nested too deep
/// to parse: tags dropped (a block element's tag ends a block), the content
/// of hidden elements left out, character references resolved.
fn stripped_blocks(html: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        fold_spaces(&decode_references(&rest[..open]), &mut current);
        let tag = &rest[open + 1..];
        let Some(close) = tag.find('>') else {
            rest = "";
            break;
        };
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        rest = &tag[close + 1..];
        if HIDDEN.contains(&name.as_str()) && !tag.starts_with('/') {
            // Skip to the element's end tag.
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&end).map_or("", |at| &rest[at..]);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) || name == "br" {
            flush(&mut current, false, &mut blocks);
        }
    }
    fold_spaces(&decode_references(rest), &mut current);
    flush(&mut current, false, &mut blocks);
    blocks
}

/// Text with its character references (`&amp;`, `&#1055;`, `&#x41F;`)
/// resolved; an unknown one is kept as written.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[..rest.len().min(12)].find(';');
        let resolved = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                    .ok()
                    .and_then(char::from_u32),
                Some(decimal) => decimal.parse().ok().and_then(char::from_u32),
                None if name == "nbsp" => Some('\u{00A0}'),
                None => quick_xml::escape::resolve_xml_entity(name).and_then(|s| s.chars().next()),
            };
            c.map(|c| (c, end + 1))
        });
        match resolved {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A paragraph of a page: the text of a block element, or a heading.
#[derive(Debug, Clone, PartialEq)]
struct Block {
    text: String,
    heading: bool,
}

/// Elements that end the text before them and start a new block.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];
/// Elements whose content is no text a reader sees.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
    "button", "textarea",
];

/// The blocks under `root`, walked with a stack of its own (a page may
/// nest elements many thousands deep).
fn blocks_of(root: &NodeRef) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    // (node, entering): a node is visited on the way in and on the way out.
    let mut stack = vec![(*root, true)];
    let mut pre = 0usize;
    while let Some((node, entering)) = stack.pop() {
        if node.is_text() {
            let text = node.text();
            if pre > 0 {
                current.push_str(&text);
            } else {
                fold_spaces(&text, &mut current);
            }
            continue;
        }
        let Some(name) = node.node_name() else {
            // The document node: walk its children.
            if entering {
                push_children(&node, &mut stack);
            }
            continue;
        };
        let name = name.to_ascii_lowercase();
        if HIDDEN.contains(&name.as_str()) {
            continue;
        }
        let block = BLOCKS.contains(&name.as_str());
        let heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if entering {
            if name == "br" {
                current.push('\n');
                continue;
            }
            if block {
                flush(&mut current, false, &mut blocks);
            }
            pre += usize::from(name == "pre");
            stack.push((node, false));
            push_children(&node, &mut stack);
        } else {
            pre -= usize::from(name == "pre");
            if matches!(name.as_str(), "td" | "th") {
                current.push(' ');
            } else if block {
                flush(&mut current, heading, &mut blocks);
            }
        }
    }
    flush(&mut current, false, &mut blocks);
    blocks
}

fn push_children<'a>(node: &NodeRef<'a>, stack: &mut Vec<(NodeRef<'a>, bool)>) {
    stack.extend(node.children_it(true).map(|child| (child, true)));
}

/// Ends the text gathered so far as a block.
fn flush(current: &mut String, heading: bool, blocks: &mut Vec<Block>) {
    let text = current
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    current.clear();
    if !text.is_empty() {
        blocks.push(Block { text, heading });
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How deep the page's elements nest, counted roughly from its tags
/// (void elements left out; an unclosed element makes it an
/// overestimate, which is safe).
fn nesting(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (i, _) in html.match_indices('<') {
        let tag = &html[i + 1..];
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        // Looked for near the tag only, so that text full of `<` costs
        // no more than a bounded scan each.
        let bytes = tag.as_bytes();
        let end = bytes.iter().take(2000).position(|&b| b == b'>');
        let self_closing = end.is_some_and(|end| end > 0 && bytes[end - 1] == b'/');
        if !name.is_empty() && !self_closing && !VOID.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// A page's text and the encoding it was read in: a byte-order mark, then
/// UTF-8 when the bytes are valid UTF-8 (a page saved as UTF-8 often keeps
/// the `<meta>` of the encoding it was served in), then the `<meta>`
/// charset, then detection.
pub fn decode_html(bytes: &[u8]) -> Result<(String, &'static Encoding), Unreadable> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Ok((text.into_owned(), encoding));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), encoding_rs::UTF_8));
    }
    if let Some(encoding) = meta_charset(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok((text.into_owned(), encoding));
    }
    let decoded = decode::decode(bytes)?;
    Ok((decoded.text, decoded.encoding))
}

/// The encoding a `<meta charset>` or `<meta http-equiv>` in the first
/// kilobytes names.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let name: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Treaty of Shimoda</title>
<script>var x = "code";</script></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></nav>
<article><h1>Treaty of Shimoda</h1>
<p>The Treaty of Shimoda was signed in 1855 by Yevfimy Putyatin and Tsutsui Masanori. It opened
the ports of Shimoda, Hakodate and Nagasaki to Russian ships and drew the border between the two
countries in the Kuril Islands, between Iturup and Urup, and left Sakhalin undivided.</p>
<h2>Aftermath</h2>
<p>The treaty was followed by the Treaty of Saint Petersburg in 1875, by which Japan gave up its
claim to Sakhalin in exchange for all of the Kuril Islands. Both treaties are still cited.</p>
<p>Russian and Japanese historians have written about the negotiations at length, using the
diaries of the envoys and the letters of the shogunate's officials in Edo and in Shimoda.</p>
</article>
<footer>Copyright 2024. All rights reserved. Cookie settings.</footer></body></html>"#;

    #[test]
    fn the_article_is_kept_and_navigation_dropped() {
        let document = main_content(PAGE);
        assert!(
            document.text.contains("signed in 1855"),
            "{}",
            document.text
        );
        assert!(document.text.contains("Treaty of Saint Petersburg"));
        assert!(!document.text.contains("About"), "{}", document.text);
        assert!(!document.text.contains("Cookie"));
        assert!(!document.text.contains("code"));
        let at = document.text.find("Treaty of Saint").unwrap();
        let section = document.region_at(at).and_then(|r| r.section.clone());
        assert_eq!(section.as_deref(), Some("Aftermath"));
    }

    #[test]
    fn a_short_page_is_read_whole() {
        let document = main_content("<html><body><div>Портсмут</div><div>1905</div></body></html>");
        assert_eq!(document.text, "Портсмут\n\n1905");
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let deep = format!(
            "<html><body>{}Хакодате{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(main_content(&deep).text, "Хакодате");
    }

    #[test]
    fn a_page_too_deep_to_parse_is_read_by_stripping_its_tags() {
        let deep = format!(
            "<html><head><style>p {{}}</style></head><body>{}<p>Kunashir &amp; Iturup &#1054;</p><p>1855</p>{}</body></html>",
            "<div>".repeat(MAX_PARSE_DEPTH + 1),
            "</div>".repeat(MAX_PARSE_DEPTH + 1)
        );
        assert_eq!(main_content(&deep).text, "Kunashir & Iturup О\n\n1855");
    }

    #[test]
    fn the_charset_comes_from_the_bom_then_utf8_then_meta() {
        let meta = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xee\xf0\xf2</body></html>";
        let (text, encoding) = decode_html(meta).unwrap();
        assert_eq!(encoding, encoding_rs::WINDOWS_1251);
        assert!(text.contains("Порт"));
        let utf8 = "<meta charset=gb2312><p>文章</p>".as_bytes();
        assert_eq!(decode_html(utf8).unwrap().1, encoding_rs::UTF_8);
    }

    #[test]
    fn html_is_known_by_its_start_or_its_name() {
        assert!(Html.sniff(b"\xEF\xBB\xBF  <!DOCTYPE html><p>", None));
        assert!(Html.sniff(b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", None));
        assert!(!Html.sniff(b"Text that mentions <html> later", None));
        assert!(Html.sniff(b"text", Some(Path::new("a.HTM"))));
    }
}
