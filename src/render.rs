//! Output: search results, index summaries and statistics as text for
//! people or JSON for programs.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::contract::DatesFound;
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

/// A snippet as terminal text.
pub fn snippet_text(fragments: &[Fragment], marks: Marks) -> String {
    let (open, close) = match marks {
        Marks::Bold => ("\x1b[1m", "\x1b[0m"),
        Marks::Quotes => ("«", "»"),
    };
    fragments
        .iter()
        .map(|f| {
            if f.matched {
                format!("{open}{}{close}", f.text)
            } else {
                f.text.clone()
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
            .map(|n| format!("  ({n})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<8} {:<25} {}{note}",
            m.precision.name(),
            span,
            m.text.replace('\n', " ")
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
pub fn results_json(out: &mut dyn Write, results: &Results) -> io::Result<()> {
    json_line(out, &results.to_contract())
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
        writeln!(out, "also searched for {word} as: {}", others.join(", "))?;
    }
    if !results.expanded.is_empty() {
        writeln!(out)?;
    }
    for (hit, fragments) in results.hits.iter().map(|h| (&h.found, &h.fragments)) {
        let matched = if hit.matched.is_empty() {
            String::new()
        } else {
            format!("  matched: {}", hit.matched.join(", "))
        };
        writeln!(
            out,
            "{}:{} [{}] {:.2}{matched}",
            hit.source, hit.line, hit.lang, hit.score
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
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the summary of an index run.
pub fn summary_text(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    if let Some(reason) = &summary.rebuild_reason {
        writeln!(out, "{reason}")?;
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
        let langs: BTreeMap<String, u64> = summary
            .passages_by_lang
            .iter()
            .map(|(k, v)| (k.clone(), *v as u64))
            .collect();
        writeln!(out, "passages written: {written} ({})", counts_line(&langs))?;
        let encodings: BTreeMap<String, u64> = summary
            .encodings
            .iter()
            .map(|(k, v)| (k.clone(), *v as u64))
            .collect();
        writeln!(out, "encodings: {}", counts_line(&encodings))?;
    }
    for skipped in &summary.skipped {
        writeln!(out, "skipped {}: {}", skipped.path, skipped.reason)?;
    }
    for warning in &summary.warnings {
        writeln!(out, "warning {}: {}", warning.path, warning.reason)?;
    }
    writeln!(
        out,
        "index holds {} passages from {} files",
        summary.total_passages, summary.total_files
    )
}

/// Writes what `add` did with each file.
pub fn added_text(out: &mut dyn Write, added: &crate::ingest::Added) -> io::Result<()> {
    for path in &added.copied {
        writeln!(out, "added {path}")?;
    }
    for path in &added.present {
        writeln!(out, "already in the corpus: {path}")?;
    }
    for refused in &added.refused {
        writeln!(out, "not added {}: {}", refused.path, refused.reason)?;
    }
    Ok(())
}

/// Writes the statistics of an index as text.
pub fn stats_text(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    writeln!(out, "files:      {}", stats.files)?;
    writeln!(out, "passages:   {}", stats.passages)?;
    writeln!(out, "languages:  {}", counts_line(&stats.languages))?;
    writeln!(out, "encodings:  {}", counts_line(&stats.encodings))?;
    writeln!(
        out,
        "index size: {:.1} MB ({} bytes)",
        stats.index_bytes as f64 / 1e6,
        stats.index_bytes
    )
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
                Origin::File(name) => format!("{} entry \"{name}\"", crate::aliases::ALIAS_FILE),
                Origin::Mined(sources) => format!("mined from {}", sources.join(", ")),
            })
            .collect();
        writeln!(out, "{}", group.spellings.join(" = "))?;
        writeln!(out, "    from {}", origins.join("; "))?;
    }
    if !listing.transliterations.is_empty() {
        writeln!(out, "{}", listing.transliterations.join(" = "))?;
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
