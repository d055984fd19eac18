//! Snippets: the best window of about 200 characters of a passage, cut at
//! word or sentence boundaries, with every matched word marked.

use std::collections::HashSet;

use crate::analyze::Term;

/// Characters a snippet aims at.
pub const SNIPPET_CHARS: usize = 200;
/// Characters of context kept before the first match at most.
const LEAD_CHARS: usize = 60;

/// A piece of a snippet: plain text or a match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fragment {
    pub text: String,
    pub matched: bool,
}

/// Byte ranges of the analyzed terms (of a passage, in index mode) that
/// are in `terms` or start with one of `prefixes`, merged where they touch
/// (the grams of one Korean word).
pub fn match_ranges(
    analyzed: &[Term],
    terms: &HashSet<String>,
    prefixes: &[String],
) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = analyzed
        .iter()
        .filter(|t| {
            terms.contains(&t.text) || prefixes.iter().any(|p| t.text.starts_with(p.as_str()))
        })
        .map(|t| (t.start, t.end))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The snippet of `text` around its matches (`ranges` from [`match_ranges`]).
pub fn snippet(text: &str, ranges: &[(usize, usize)]) -> Vec<Fragment> {
    let (start, end) = window(text, ranges);
    let mut out = Vec::new();
    if start > 0 {
        out.push(plain("…"));
    }
    let mut at = start;
    for &(s, e) in ranges.iter().filter(|(s, e)| *s >= start && *e <= end) {
        if s > at {
            out.push(plain(&text[at..s]));
        }
        out.push(Fragment {
            text: flatten(&text[s..e]),
            matched: true,
        });
        at = e;
    }
    if at < end {
        out.push(plain(&text[at..end]));
    }
    if end < text.len() {
        out.push(plain("…"));
    }
    out
}

fn plain(text: &str) -> Fragment {
    Fragment {
        text: flatten(text),
        matched: false,
    }
}

/// Line breaks inside a passage become spaces in a one-line snippet.
fn flatten(text: &str) -> String {
    text.replace('\n', " ")
}

/// The byte range of the window: the SNIPPET_CHARS-character stretch that
/// holds the most matches, widened back to a sentence or word start and
/// ended at a word end.
fn window(text: &str, ranges: &[(usize, usize)]) -> (usize, usize) {
    let anchor = best_anchor(text, ranges);
    let earliest = back_chars(text, anchor, LEAD_CHARS);
    let start = if earliest == 0 {
        0
    } else {
        sentence_start(text, earliest, anchor)
            .or_else(|| word_start(text, earliest, anchor))
            .unwrap_or(earliest)
    };
    let limit = forward_chars(text, start, SNIPPET_CHARS);
    if limit >= text.len() {
        return (start, text.len());
    }
    // End after the last whole word that fits, never inside a match.
    let mut end = text[start..limit]
        .rfind(char::is_whitespace)
        .map_or(limit, |i| start + i);
    if let Some(&(s, e)) = ranges.iter().find(|(s, e)| *s < end && *e > end) {
        end = if s > start { s } else { e };
    }
    (start, end.max(start))
}

/// Start of the match after which the most matches fit in one window.
fn best_anchor(text: &str, ranges: &[(usize, usize)]) -> usize {
    let mut best = (0, 0usize);
    for (i, &(s, _)) in ranges.iter().enumerate() {
        let limit = forward_chars(text, s, SNIPPET_CHARS - LEAD_CHARS);
        let count = ranges[i..].iter().take_while(|(rs, _)| *rs < limit).count();
        if count > best.1 {
            best = (s, count);
        }
    }
    best.0
}

fn sentence_start(text: &str, from: usize, to: usize) -> Option<usize> {
    let region = &text[from..to];
    let mut found = None;
    for (i, c) in region.char_indices() {
        let after = from + i + c.len_utf8();
        if c == '\n'
            || (matches!(c, '.' | '!' | '?' | '。')
                && text[after..].starts_with(char::is_whitespace))
        {
            found = Some(after);
        }
    }
    found
        .map(|s| s + (text[s..].len() - text[s..].trim_start().len()))
        .filter(|&s| s <= to)
}

fn word_start(text: &str, from: usize, to: usize) -> Option<usize> {
    text[from..to]
        .find(char::is_whitespace)
        .map(|i| from + i)
        .map(|s| s + (text[s..].len() - text[s..].trim_start().len()))
        .filter(|&s| s <= to)
}

/// Byte offset `n` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Byte offset `n` characters after `at` (or the end).
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// A snippet as HTML: escaped text, matches in `<b></b>`.
pub fn html(fragments: &[Fragment]) -> String {
    let mut out = String::new();
    for f in fragments {
        if f.matched {
            out.push_str("<b>");
            escape_html(&f.text, &mut out);
            out.push_str("</b>");
        } else {
            escape_html(&f.text, &mut out);
        }
    }
    out
}

fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_snippets_escape_text_and_bold_matches() {
        let text = "a <b> & Portsmouth";
        let fragments = snippet(text, &[(8, 18)]);
        assert_eq!(html(&fragments), "a &lt;b&gt; &amp; <b>Portsmouth</b>");
    }
    use crate::analyze::{Analyzer, Mode, Profile};

    fn marked(text: &str, terms: &[&str]) -> String {
        let analyzer = Analyzer::new(Profile::Default);
        let terms: HashSet<String> = terms.iter().map(|s| s.to_string()).collect();
        let ranges = match_ranges(&analyzer.analyze(text, Mode::Index), &terms, &[]);
        snippet(text, &ranges)
            .into_iter()
            .map(|f| {
                if f.matched {
                    format!("«{}»", f.text)
                } else {
                    f.text
                }
            })
            .collect()
    }

    #[test]
    fn marks_every_match() {
        assert_eq!(
            marked(
                "The Treaty of Portsmouth ended the war; Portsmouth hosted it.",
                &["portsmouth"]
            ),
            "The Treaty of «Portsmouth» ended the war; «Portsmouth» hosted it."
        );
    }

    #[test]
    fn korean_grams_merge_into_one_mark() {
        assert_eq!(
            marked("미국 포츠머스에서 체결", &["포츠", "츠머", "머스"]),
            "미국 «포츠머스»에서 체결"
        );
    }

    #[test]
    fn long_text_is_cut_at_boundaries_around_the_match() {
        let text = format!(
            "{} The war ended at Portsmouth in 1905. {}",
            "Filler words here. ".repeat(30),
            "More text after. ".repeat(30)
        );
        let s = marked(&text, &["portsmouth"]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("The war ended at «Portsmouth»"), "{s}");
        assert!(
            s.chars().count() <= SNIPPET_CHARS + 4,
            "{}",
            s.chars().count()
        );
    }

    #[test]
    fn no_match_gives_the_start() {
        let s = marked(&"word ".repeat(100), &["absent"]);
        assert!(s.starts_with("word word") && s.ends_with('…'));
    }
}
