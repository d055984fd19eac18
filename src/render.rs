//! Output: search results, index summaries and statistics as text for
//! people or JSON for programs.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::contract::{DatesFound, Extracted};
use crate::dates::Mention;
use crate::indexer::{Stats, Summary};
use crate::search::{Fragment, Results};

/// How matches are marked in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// Bold, for a terminal.
    Bold,
    /// «guillemets», when the output is piped.
    Quotes,
}

/// True for characters that must not reach a terminal raw: C0 controls
/// (tab and line breaks too, which would break a line of output apart),
/// DEL, C1 controls, the Unicode line and paragraph separators, and the
/// bidirectional overrides and isolates that reorder what is shown.
fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{2028}' | '\u{2029}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Text from the corpus, a path or the user, made safe to print on a
/// terminal: every character of [`is_unsafe`] is written as an escape
/// (`\t`, `\n`, `\r`, `\x1b`, `\u{202e}`) and the rest is left as it is,
/// so that a file can neither send commands to the terminal nor fake lines
/// of output. Every text writer passes corpus text and paths through it.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_ascii() && is_unsafe(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`printable`] for a list of texts, joined by `separator`.
fn printable_join(texts: &[String], separator: &str) -> String {
    texts
        .iter()
        .map(|t| printable(t))
        .collect::<Vec<_>>()
        .join(separator)
}

/// A snippet as terminal text.
pub fn snippet_text(fragments: &[Fragment], marks: Marks) -> String {
    let (open, close) = match marks {
        Marks::Bold => ("\x1b[1m", "\x1b[0m"),
        Marks::Quotes => ("«", "»"),
    };
    fragments
        .iter()
        .map(|f| {
            // The marks are added after the text is made printable, so
            // they are the only escapes that reach the terminal.
            let text = printable(&f.text);
            if f.matched {
                format!("{open}{text}{close}")
            } else {
                text.into_owned()
            }
        })
        .collect()
}

/// Writes the dates found in a text: `{"version", "dates": [...], "years": [...]}`.
pub fn dates_json(out: &mut dyn Write, mentions: &[Mention]) -> io::Result<()> {
    json_line(out, &DatesFound::of(mentions))
}

/// Writes the dates found in a text as a table.
pub fn dates_text(out: &mut dyn Write, mentions: &[Mention]) -> io::Result<()> {
    if mentions.is_empty() {
        return writeln!(out, "no dates found");
    }
    for m in mentions {
        let span = if m.from == m.to {
            m.from.to_string()
        } else {
            format!("{} – {}", m.from, m.to)
        };
        let note = m
            .note
            .as_deref()
            .map(|n| format!("  ({})", printable(n)))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<8} {:<25} {}{note}",
            m.precision.name(),
            span,
            printable(&m.text.replace('\n', " "))
        )?;
    }
    let years: Vec<String> = crate::dates::years(mentions)
        .iter()
        .map(i32::to_string)
        .collect();
    writeln!(out, "years: {}", years.join(", "))
}

/// Writes results as the one JSON object scripts rely on (see
/// [`crate::contract`]).
pub fn results_json(out: &mut dyn Write, results: Results) -> io::Result<()> {
    json_line(out, &results.into_contract())
}

/// Writes results for people: a header line and a snippet per hit, then the
/// total, the time and the counts per language and source.
pub fn results_text(
    out: &mut dyn Write,
    results: &Results,
    offset: usize,
    marks: Marks,
    years: bool,
) -> io::Result<()> {
    for (word, others) in &results.expanded {
        writeln!(
            out,
            "also searched for {} as: {}",
            printable(word),
            printable_join(others, ", ")
        )?;
    }
    if !results.expanded.is_empty() {
        writeln!(out)?;
    }
    if results.typos {
        writeln!(
            out,
            "a word no passage holds as written was also searched with typos (one from 5 letters, two from 9; --exact to turn off), marked word~N:\n"
        )?;
    }
    for (hit, fragments) in results.hits.iter().map(|h| (&h.found, &h.fragments)) {
        let matched = if hit.matched.is_empty() {
            String::new()
        } else {
            format!("  matched: {}", printable_join(&hit.matched, ", "))
        };
        let read: Vec<String> = hit
            .variants
            .iter()
            .map(|v| format!("{} ({})", v.text, v.rule))
            .collect();
        let matched = if read.is_empty() {
            matched
        } else {
            format!("{matched}; read as: {}", printable_join(&read, ", "))
        };
        let at = location(
            &hit.source,
            hit.at.line,
            hit.at.page,
            hit.at.section.as_deref(),
            hit.at.ocr,
        );
        writeln!(
            out,
            "{at} [{}] {:.2}{matched}",
            printable(&hit.lang),
            hit.score
        )?;
        writeln!(out, "  {}", snippet_text(fragments, marks))?;
        writeln!(out)?;
    }
    let shown = if results.hits.is_empty() {
        String::new()
    } else {
        format!(", showing {}-{}", offset + 1, offset + results.hits.len())
    };
    let noun = if results.total == 1 {
        "passage"
    } else {
        "passages"
    };
    writeln!(
        out,
        "{} {noun} match{shown} ({:.1} ms)",
        results.total, results.took_ms
    )?;
    if !results.suggestions.is_empty() {
        writeln!(
            out,
            "did you mean: {}?",
            printable_join(&results.suggestions, ", ")
        )?;
    }
    if results.total > 0 {
        writeln!(out, "languages: {}", counts_line(&results.facets.lang))?;
        let facets = &results.facets;
        let listed = facets.source.len() as u64;
        let more = if facets.sources_matched > listed {
            format!(
                " (the {listed} with most matches of {} sources; --top-sources 0 lists all)",
                facets.sources_matched
            )
        } else {
            String::new()
        };
        writeln!(out, "sources:   {}{more}", counts_line(&facets.source))?;
    }
    if !results.facets.decade.is_empty() {
        writeln!(out, "\ntimeline (passages by decade of their first date):")?;
        bar_chart(out, &results.facets.decade, "s")?;
    }
    if years && !results.facets.year.is_empty() {
        writeln!(out, "\nyears mentioned (passages per year):")?;
        bar_chart(out, &results.facets.year, "")?;
    }
    Ok(())
}

/// Writes counts keyed by number as a bar chart, in key order.
fn bar_chart(out: &mut dyn Write, counts: &BTreeMap<String, u64>, suffix: &str) -> io::Result<()> {
    const WIDTH: u64 = 40;
    let mut rows: Vec<(i64, u64)> = counts
        .iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, *v)))
        .collect();
    rows.sort_unstable();
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1);
    for (key, n) in rows {
        let bar = "█".repeat(((n * WIDTH).div_ceil(max)) as usize);
        writeln!(out, "{key:>5}{suffix:<2} {bar} {n}")?;
    }
    Ok(())
}

/// Writes the years the matching passages mention, with counts, by year.
pub fn year_table(out: &mut dyn Write, results: &Results) -> io::Result<()> {
    if results.facets.year.is_empty() {
        return writeln!(
            out,
            "{} passages match; none mentions a year",
            results.total
        );
    }
    writeln!(out, "{} passages match; years they mention:", results.total)?;
    bar_chart(out, &results.facets.year, "")
}

fn counts_line(counts: &BTreeMap<String, u64>) -> String {
    let mut pairs: Vec<(&String, &u64)> = counts.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    pairs
        .iter()
        .map(|(k, v)| format!("{} {v}", printable(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the summary of an index run.
pub fn summary_text(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    if let Some(reason) = &summary.rebuild_reason {
        writeln!(out, "{}", printable(reason))?;
    }
    let mode = if summary.full {
        "full rebuild"
    } else {
        "update"
    };
    writeln!(
        out,
        "{mode}: {} added, {} changed, {} removed, {} unchanged, {} skipped in {:.2} s",
        summary.added,
        summary.changed,
        summary.removed,
        summary.unchanged,
        summary.skipped.len(),
        summary.seconds
    )?;
    let written: usize = summary.passages_by_lang.values().sum();
    if written > 0 {
        let langs = counts_line(&wide(&summary.passages_by_lang));
        writeln!(out, "passages written: {written} ({langs})")?;
        let encodings = counts_line(&wide(&summary.encodings));
        writeln!(out, "encodings: {encodings}")?;
    }
    if summary.boilerplate > 0 {
        writeln!(
            out,
            "boilerplate: {} line(s) of saved pages' navigation left out",
            summary.boilerplate
        )?;
    }
    for skipped in &summary.skipped {
        let (path, reason) = (printable(&skipped.path), printable(&skipped.reason));
        writeln!(out, "skipped {path}: {reason}")?;
    }
    for warning in &summary.warnings {
        let (path, reason) = (printable(&warning.path), printable(&warning.reason));
        writeln!(out, "warning {path}: {reason}")?;
    }
    writeln!(
        out,
        "index holds {} passages from {} files",
        summary.total_passages, summary.total_files
    )
}

/// Counts of a run as the counts of the facets are kept.
fn wide(counts: &BTreeMap<String, usize>) -> BTreeMap<String, u64> {
    counts.iter().map(|(k, v)| (k.clone(), *v as u64)).collect()
}

/// Writes what `add` did with each file.
pub fn added_text(out: &mut dyn Write, added: &crate::ingest::Added) -> io::Result<()> {
    for path in &added.copied {
        writeln!(out, "added {}", printable(path))?;
    }
    for path in &added.present {
        writeln!(out, "already in the corpus: {}", printable(path))?;
    }
    for refused in &added.refused {
        let (path, reason) = (printable(&refused.path), printable(&refused.reason));
        writeln!(out, "not added {path}: {reason}")?;
    }
    Ok(())
}

/// Writes the statistics of an index as text.
pub fn stats_text(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    writeln!(out, "files:      {}", stats.files)?;
    writeln!(out, "passages:   {}", stats.passages)?;
    writeln!(out, "languages:  {}", counts_line(&stats.languages))?;
    writeln!(out, "encodings:  {}", counts_line(&stats.encodings))?;
    writeln!(out, "formats:    {}", counts_line(&stats.formats))?;
    writeln!(
        out,
        "boilerplate: {} line(s) of saved pages' navigation left out",
        stats.boilerplate_lines
    )?;
    writeln!(
        out,
        "index size: {:.1} MB ({} bytes)",
        stats.index_bytes as f64 / 1e6,
        stats.index_bytes
    )
}

/// Where a passage is, as a reader cites it: `report.pdf p. 12`,
/// `notes.txt:34`, with the section after it when the format has one and
/// `(OCR)` when the text was read from a page image.
pub fn location(
    source: &str,
    line: u64,
    page: Option<u64>,
    section: Option<&str>,
    ocr: bool,
) -> String {
    let mut at = match page {
        Some(page) => format!("{} p. {page}", printable(source)),
        None => format!("{}:{line}", printable(source)),
    };
    if ocr {
        at.push_str(" (OCR)");
    }
    if let Some(section) = section {
        at.push_str(&format!(" § {}", printable(&shorten(section, 60))));
    }
    at
}

/// `text` cut to at most `chars` characters, an ellipsis marking the cut.
fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Writes what `extract` read from a file, for people: a header, then each
/// passage with its location and language.
pub fn extracted_text(out: &mut dyn Write, extracted: &Extracted) -> io::Result<()> {
    writeln!(
        out,
        "format: {}, encoding: {}, {} passage(s)",
        extracted.format,
        extracted.encoding,
        extracted.passages.len()
    )?;
    for passage in &extracted.passages {
        let at = location(
            "",
            passage.at.line,
            passage.at.page,
            passage.at.section.as_deref(),
            passage.at.ocr,
        );
        let at = at.trim_start_matches(':').trim_start();
        let at = if passage.at.page.is_none() {
            format!("line {at}")
        } else {
            at.to_string()
        };
        writeln!(out, "\n{at} [{}]", printable(&passage.lang))?;
        for line in passage.text.lines() {
            writeln!(out, "  {}", printable(line))?;
        }
    }
    for note in &extracted.notes {
        writeln!(out, "\nnote: {}", printable(note))?;
    }
    Ok(())
}

/// Writes any serializable value as one line of JSON.
pub fn json_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Writes alias groups and transliterations for people.
pub fn aliases_text(out: &mut dyn Write, listing: &crate::search::AliasListing) -> io::Result<()> {
    use crate::aliases::Origin;
    if listing.groups.is_empty() && listing.transliterations.is_empty() {
        return writeln!(out, "no aliases known");
    }
    for group in &listing.groups {
        let origins: Vec<String> = group
            .origins
            .iter()
            .map(|o| match o {
                Origin::File(name) => format!(
                    "{} entry \"{}\"",
                    crate::aliases::ALIAS_FILE,
                    printable(name)
                ),
                Origin::Mined(sources) => format!("mined from {}", printable_join(sources, ", ")),
                Origin::Glossary(name) => format!("glossary entry \"{}\"", printable(name)),
                Origin::Places(name) => format!("built-in places, \"{}\"", printable(name)),
                Origin::People(name) => format!("built-in people, \"{}\"", printable(name)),
            })
            .collect();
        writeln!(out, "{}", printable_join(&group.spellings, " = "))?;
        writeln!(out, "    from {}", origins.join("; "))?;
    }
    if !listing.transliterations.is_empty() {
        writeln!(out, "{}", printable_join(&listing.transliterations, " = "))?;
        writeln!(
            out,
            "    from transliteration (spellings in other scripts found in the index)"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fragments() -> Vec<Fragment> {
        vec![
            Fragment {
                text: "a <b> & ".into(),
                matched: false,
            },
            Fragment {
                text: "Portsmouth".into(),
                matched: true,
            },
        ]
    }

    #[test]
    fn control_characters_are_escaped_and_other_text_is_kept() {
        assert!(matches!(
            printable("Портсмут 포츠머스 «x»"),
            Cow::Borrowed(_)
        ));
        for (raw, shown) in [
            ("a\x1b[31mb", "a\\x1b[31mb"),
            ("tab\tline\nend\r", "tab\\tline\\nend\\r"),
            ("\0\x07\x7f", "\\x00\\x07\\x7f"),
            ("c1 \u{9b}31m", "c1 \\u{9b}31m"),
            ("exe\u{202e}txt.\u{2066}", "exe\\u{202e}txt.\\u{2066}"),
            ("line\u{2028}break", "line\\u{2028}break"),
        ] {
            assert_eq!(printable(raw), shown, "{raw:?}");
        }
    }

    #[test]
    fn snippets_escape_the_text_but_keep_the_bold_marks() {
        let fragments = vec![
            Fragment {
                text: "\x1b]0;title\x07 ".into(),
                matched: false,
            },
            Fragment {
                text: "Ports\x1bmouth".into(),
                matched: true,
            },
        ];
        assert_eq!(
            snippet_text(&fragments, Marks::Bold),
            "\\x1b]0;title\\x07 \x1b[1mPorts\\x1bmouth\x1b[0m"
        );
    }

    #[test]
    fn text_snippets_use_guillemets_or_bold() {
        assert_eq!(
            snippet_text(&fragments(), Marks::Quotes),
            "a <b> & «Portsmouth»"
        );
        assert_eq!(
            snippet_text(&fragments(), Marks::Bold),
            "a <b> & \x1b[1mPortsmouth\x1b[0m"
        );
    }
}
