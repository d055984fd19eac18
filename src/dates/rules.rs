//! The extraction rules: one regular expression per way of writing a date.

use std::sync::LazyLock;

use regex::{Captures, Regex, RegexSet};

use super::calendar::Day;
use super::words::{self, ENGLISH_MONTHS, ENGLISH_ORDINALS, RUSSIAN_MONTHS, RUSSIAN_ORDINAL_STEMS};
use super::{Mention, Precision};
use table::TABLE;

/// Years a bare number may stand for.
const MIN_YEAR: i32 = 1000;
const MAX_YEAR: i32 = 2100;

/// What a rule found, before it is placed in the text.
#[derive(Debug, Clone)]
struct Found {
    from: Day,
    to: Day,
    precision: Precision,
    note: Option<String>,
    /// A two-digit decade (`90년대`) whose century the context decides.
    two_digit_decade: bool,
}

impl Found {
    fn new(from: Day, to: Day, precision: Precision) -> Found {
        Found {
            from,
            to,
            precision,
            note: None,
            two_digit_decade: false,
        }
    }

    fn day(year: i32, month: u32, day: u32) -> Option<Found> {
        let d = Day::new(year, month, day)?;
        Some(Found::new(d, d, Precision::Day))
    }

    fn month(year: i32, month: u32) -> Option<Found> {
        Some(Found::new(
            Day::month_start(year, month)?,
            Day::month_end(year, month)?,
            Precision::Month,
        ))
    }

    fn years(first: i32, last: i32) -> Found {
        Found::new(Day::year_start(first), Day::year_end(last), Precision::Year)
    }

    fn decades(first: i32, last: i32) -> Found {
        Found::new(
            Day::year_start(first),
            Day::year_end(last + 9),
            Precision::Decade,
        )
    }

    fn century(n: i32) -> Found {
        Found::new(
            Day::year_start((n - 1) * 100 + 1),
            Day::year_end(n * 100),
            Precision::Century,
        )
    }
}

/// How a rule's numbers must be checked against their surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// A full date: self-evident.
    None,
    /// A bare year or range of years: not a page, amount, count or code.
    Year,
}

type Build = fn(&Captures) -> Vec<Found>;

/// One way of writing a date: an entry of [`table::TABLE`].
struct RuleEntry {
    /// What the rule reads, to tell the rules apart in the table and in
    /// failing tests.
    #[cfg_attr(not(test), allow(dead_code, reason = "read by the tests"))]
    name: &'static str,
    /// A regular expression with placeholders (`{YEAR}`, `{EN_MONTH}`, ...),
    /// see [`expand`].
    pattern: &'static str,
    guard: Guard,
    /// Turns a match into dates; nothing when its numbers make no date.
    build: Build,
    /// Texts and the dates the extractor finds in them through this rule.
    #[cfg_attr(not(test), allow(dead_code, reason = "read by the tests"))]
    examples: &'static [(&'static str, &'static str)],
}

/// A rule's pattern with its placeholders filled in, case-insensitive.
fn expand(pattern: &str) -> String {
    let pattern = pattern
        .replace("{EN_MONTH}", ENGLISH_MONTHS)
        .replace("{RU_MONTH}", RUSSIAN_MONTHS)
        .replace("{EN_ORD}", ENGLISH_ORDINALS)
        .replace("{RU_ORD}", RUSSIAN_ORDINAL_STEMS)
        .replace("{YEAR}", r"(\d{4})");
    format!("(?i){pattern}")
}

fn num(c: &Captures, i: usize) -> Option<i32> {
    c.get(i)?.as_str().parse().ok()
}

fn year(c: &Captures, i: usize) -> Option<i32> {
    num(c, i).filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
}

fn unum(c: &Captures, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn en_month(c: &Captures, i: usize) -> Option<u32> {
    words::english_month(c.get(i)?.as_str())
}

fn ru_month(c: &Captures, i: usize) -> Option<u32> {
    words::russian_month(c.get(i)?.as_str())
}

/// A range of years, or the two years alone when the second is not later.
fn year_range(first: i32, last: i32) -> Vec<Found> {
    if last > first {
        vec![Found::years(first, last)]
    } else {
        vec![Found::years(first, first), Found::years(last, last)]
    }
}

/// A day/month pair in numbers: `13.10.2019` is day first, `10/31/1974`
/// month first; whichever number exceeds 12 is the day, and otherwise the
/// separator decides (dots and dashes day first, slashes month first).
fn numeric_day(a: u32, b: u32, separator: &str, year: i32) -> Option<Found> {
    let (day, month) = if a > 12 {
        (a, b)
    } else if b > 12 || separator == "/" {
        (b, a)
    } else {
        (a, b)
    };
    Found::day(year, month, day)
}

/// An Old Style date with its New Style date in parentheses: the New Style
/// date is kept, the Old Style one noted. The New Style month defaults to
/// the Old Style one; a smaller month means the next year.
/// The pair may come in either order (`25일(5월 7일)` or `8일(7월 27일)`):
/// the later date is the New Style one, since the Julian calendar runs
/// behind. The date in parentheses takes the month of the other when it
/// names none, and the year when that keeps the two less than a month apart.
fn old_new_style(
    year: i32,
    month: u32,
    day: u32,
    other_month: Option<u32>,
    other_day: u32,
) -> Option<Found> {
    let first = Day::new(year, month, day)?;
    let other_month = other_month.unwrap_or(month);
    let other_year = match (month, other_month) {
        (12, 1) => year + 1,
        (1, 12) => year - 1,
        _ => year,
    };
    let second = Day::new(other_year, other_month, other_day)?;
    let (old, new) = if first <= second {
        (first, second)
    } else {
        (second, first)
    };
    let mut found = Found::new(new, new, Precision::Day);
    found.note = Some(format!("Old Style {old}"));
    Some(found)
}

/// The regular expression of each entry of [`table::TABLE`], by index.
static REGEXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    TABLE
        .iter()
        .map(|rule| Regex::new(&expand(rule.pattern)).expect("date rule compiles"))
        .collect()
});

/// All rules in one automaton: a single pass over a window tells which
/// rules match there at all, so that only those run again for their groups.
static RULE_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(REGEXES.iter().map(|r| r.as_str())).expect("date rules compile")
});

/// Words right before a number that make it a page, a numbered item, an
/// identifier or an amount rather than a year (`page 1905`, `note 2100`,
/// `No. 1951`, `номер 1906`, `$1909`). A word is matched only where a word
/// starts: `gap. 1907` is no page (`p.`) and `Вопрос. 1905` none (`с.`).
#[rustfmt::skip]
const MARKERS_BEFORE: &[&str] = &[
    // Pages, figures, tables, articles, parts of a text.
    "p.", "pp.", "page", "pages", "pg.", "fig.", "tab.", "art.", "ch.", "chapter", "item", "items",
    "vol.", "vol", "issue", "с.", "стр.", "страница", "страницы", "странице", "страницу", "ст.",
    "п.", "пункт", "пункта", "вып.", "выпуск",
    // Numbers and identifiers.
    "№", "#", "no.", "nos.", "nr.", "nr", "num.", "number", "note", "notes", "footnote", "номер",
    "номера", "isbn", "issn", "doi:", "jstor", "s2cid", "pmid", "тел.", "tel.",
    // Amounts.
    "$", "€", "£", "¥", "₩", "₽", "us$",
];

/// Korean counters that follow a number directly and make it a numbered
/// item or page: `1905호` (number), `1905번` (number, `1905번째` the
/// 1905th), `1905쪽` and `1905페이지` (page), `1905항` (clause), `1905조`
/// (article), `1905권` (volume). Unlike the units below they must touch
/// the number: after a space they begin another word (`1905 호주`).
const COUNTERS_AFTER: &[&str] = &["호", "번", "쪽", "페이지", "항", "조", "권"];

/// Words right after a number that make it an amount or a count. The
/// English ones are whole words (a plural `s` allowed), the others stems
/// (see [`starts_with_unit`]).
const UNITS_AFTER: &[&str] = &[
    "million",
    "billion",
    "thousand",
    "people",
    "persons",
    "men",
    "soldiers",
    "troops",
    "km",
    "kilometre",
    "kilometer",
    "miles",
    "kg",
    "tons",
    "tonnes",
    "yen",
    "dollar",
    "rubles",
    "roubles",
    "pounds",
    "%",
    "percent",
    "per cent",
    "человек",
    "км",
    "кг",
    "тонн",
    "руб",
    "долл",
    "иен",
    "млн",
    "млрд",
    "тыс",
    "штук",
    "процент",
    "명",
    "개",
    "톤",
    "원",
    "엔",
    "달러",
    "만",
    "천",
    "억",
    "킬로",
    "척",
    "대의",
    "%",
];

/// True when the number stands inside a web address (`https://…/2020/…`,
/// `www.example.com/1905`): a source line's path is no date the text
/// speaks of. The address is the run of ASCII without spaces around the
/// number (CJK text around an address has no spaces), read no further
/// than [`ADDRESS_BYTES`] back, so the check does not grow with the passage.
fn in_address(before: &str, after: &str) -> bool {
    let in_url = |c: char| c.is_ascii_graphic();
    let mut scan = before.len().saturating_sub(ADDRESS_BYTES);
    while !before.is_char_boundary(scan) {
        scan += 1;
    }
    let head_start = before[scan..]
        .rfind(|c: char| !in_url(c))
        .map_or(scan, |i| {
            scan + i + before[scan + i..].chars().next().map_or(1, char::len_utf8)
        });
    let head = &before[head_start..];
    let tail_end = after.find(|c: char| !in_url(c)).unwrap_or(after.len());
    // Everything before `tail_end` is ASCII: any cut there is a boundary.
    let tail = &after[..tail_end.min(ADDRESS_BYTES)];
    let address = |s: &str| s.contains("://") || s.starts_with("www.");
    address(head) || (head.is_empty() && address(tail))
}

/// How far back an address is looked for.
const ADDRESS_BYTES: usize = 256;

/// True when the number at `start..end` is part of a longer number or
/// code, or marked as a page, an identifier, an amount or a count.
fn is_trap(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let mut back = before.chars().rev();
    let prev = back.next();
    let prev2 = back.next();
    let mut fwd = after.chars();
    let next = fwd.next();
    let next2 = fwd.next();
    if in_address(before, after) {
        return true;
    }
    // Part of a longer number or code: 978-4255004853, 10.1017, S2CID, 10:52.
    let joins = |c: Option<char>| matches!(c, Some('.' | ',' | ':' | '/' | '-'));
    if prev.is_some_and(|c| c.is_ascii_alphanumeric())
        || (joins(prev) && prev2.is_some_and(|c| c.is_ascii_digit()))
        || (joins(next) && next2.is_some_and(|c| c.is_ascii_digit()))
    {
        return true;
    }
    // Markers and units are short: lowercasing a few characters on each
    // side is enough, and keeps this check from growing with the passage.
    let before = before.trim_end();
    let near_before = &before[before
        .char_indices()
        .rev()
        .nth(MARKER_CHARS - 1)
        .map_or(0, |(i, _)| i)..];
    let before_lower = near_before.to_lowercase();
    if MARKERS_BEFORE
        .iter()
        .any(|m| ends_with_word(&before_lower, m))
    {
        return true;
    }
    if COUNTERS_AFTER.iter().any(|c| after.starts_with(c)) {
        return true;
    }
    let after = after.trim_start();
    let near_after = &after[..after
        .char_indices()
        .nth(MARKER_CHARS)
        .map_or(after.len(), |(i, _)| i)];
    let after_lower = near_after.to_lowercase();
    UNITS_AFTER
        .iter()
        .any(|u| starts_with_unit(&after_lower, u))
}

/// True when `text` starts with `unit`. An English unit must be the whole
/// word or its plural: `1905 Mensheviks` counts no men, `1903 menus` none.
/// Units in other scripts are stems whose endings vary (`рублей`,
/// `2000명의`), so any word they start counts.
fn starts_with_unit(text: &str, unit: &str) -> bool {
    let Some(rest) = text.strip_prefix(unit) else {
        return false;
    };
    if !unit.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return true;
    }
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    !rest.starts_with(char::is_alphabetic)
}

/// More characters than the longest marker or unit has, with room for the
/// character before a marker.
const MARKER_CHARS: usize = 12;

/// True when `text` ends with `marker`, and, when the marker starts with a
/// letter or digit, nothing but a space or a sign comes before it: markers
/// are whole words, and the end of a longer word is none (`Текст. 1905`).
fn ends_with_word(text: &str, marker: &str) -> bool {
    let Some(rest) = text.strip_suffix(marker) else {
        return false;
    };
    !marker.starts_with(char::is_alphanumeric) || !rest.ends_with(char::is_alphanumeric)
}

/// True when nothing glues the match to the text around it (the rules
/// have no word boundaries of their own, which keeps their automata fast):
/// no ASCII letter or digit right before or after, and no letter of any
/// script before a match that starts with a letter (`dismay 1905` is no
/// month). A Korean particle may follow (`1905년에`, `21세기에`).
fn clean_edges(text: &str, start: usize, end: usize) -> bool {
    let prev = text[..start].chars().next_back();
    let first = text[start..end].chars().next();
    let next = text[end..].chars().next();
    let glued_before = match (first, prev) {
        (Some(f), Some(p)) if f.is_alphabetic() => p.is_alphanumeric(),
        (_, Some(p)) => p.is_ascii_alphanumeric(),
        _ => false,
    };
    !glued_before && !next.is_some_and(|c| c.is_ascii_alphanumeric())
}

struct Candidate {
    start: usize,
    end: usize,
    rule: usize,
    found: Vec<Found>,
}

/// Characters of context kept on each side of a number: enough for the
/// longest way of writing a date around it (`between 1907 and 1916`,
/// `27 января (9 февраля) 1904`).
const WINDOW: usize = 48;

/// Words that mark a date written without digits: Roman or spelled
/// centuries, Sino-Korean numbers (`이천십오년 삼월`).
const WORDLESS_MARKERS: &[&str] = &["centur", "Centur", "CENTUR", "век", "Век", "в.", "세기"];

/// True when a year may be written in Sino-Korean words (`이천십오년`).
fn has_korean_number_year(text: &str) -> bool {
    text.match_indices('년').any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| "일이삼사오육칠팔구십백천".contains(c))
    })
}

/// The stretches of text the rules run on: a window around each run of
/// digits, widened to whitespace and merged; the whole text when it holds
/// a date marker without digits. Most passages hold few numbers, so this
/// spares the regular expressions most of the text.
fn windows(text: &str) -> Vec<(usize, usize)> {
    if WORDLESS_MARKERS.iter().any(|m| text.contains(m)) || has_korean_number_year(text) {
        return vec![(0, text.len())];
    }
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let start = widen_back(text, run_start);
        let end = widen_forward(text, i);
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// About WINDOW characters before `at`, moved back to a whitespace.
fn widen_back(text: &str, at: usize) -> usize {
    let mut start = text[..at]
        .char_indices()
        .rev()
        .nth(WINDOW)
        .map_or(0, |(i, _)| i);
    while start > 0 && !text[..start].ends_with(char::is_whitespace) {
        start = text[..start]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
    }
    start
}

/// About WINDOW characters after `at`, moved on to a whitespace.
fn widen_forward(text: &str, at: usize) -> usize {
    let mut end = text[at..]
        .char_indices()
        .nth(WINDOW)
        .map_or(text.len(), |(i, _)| at + i);
    while end < text.len() && !text[end..].starts_with(char::is_whitespace) {
        end += text[end..].chars().next().map_or(1, char::len_utf8);
    }
    end
}

pub(super) fn extract(text: &str) -> Vec<Mention> {
    let mut candidates = Vec::new();
    for (from, to) in windows(text) {
        collect(text, from, &text[from..to], &mut candidates);
    }
    place(text, choose(candidates))
}

/// The candidates that do not overlap, in text order: the longest match
/// first, and between matches of the same length the rule earlier in the
/// table (the more specific one), then the earlier in the text.
fn choose(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.rule.cmp(&b.rule))
            .then(a.start.cmp(&b.start))
    });
    let mut taken: Vec<Candidate> = Vec::new();
    for c in candidates {
        if taken.iter().all(|t| c.end <= t.start || c.start >= t.end) {
            taken.push(c);
        }
    }
    taken.sort_by_key(|c| c.start);
    taken
}

/// Runs every rule on `window` (which starts at byte `offset` of `text`),
/// judging the edges of each match in the whole text.
fn collect(text: &str, offset: usize, window: &str, candidates: &mut Vec<Candidate>) {
    for index in RULE_SET.matches(window).iter() {
        let rule = &TABLE[index];
        for caps in REGEXES[index].captures_iter(window) {
            let whole = caps.get(0).expect("match");
            let (start, end) = (offset + whole.start(), offset + whole.end());
            if candidates
                .iter()
                .any(|c| c.rule == index && c.start == start)
            {
                continue;
            }
            if !clean_edges(text, start, end) {
                continue;
            }
            if rule.guard == Guard::Year && is_trap(text, start, end) {
                continue;
            }
            let found = (rule.build)(&caps);
            if !found.is_empty() {
                candidates.push(Candidate {
                    start,
                    end,
                    rule: index,
                    found,
                });
            }
        }
    }
}

/// Turns the chosen candidates into mentions, giving two-digit decades the
/// century of the closest full year before them (the 20th when none).
fn place(text: &str, taken: Vec<Candidate>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut last_century = 1900;
    for c in taken {
        for mut found in c.found {
            if found.two_digit_decade {
                let decade = found.from.year - 1900 + last_century;
                found = Found::decades(decade, decade);
            } else if found.precision <= Precision::Year {
                last_century = found.from.year / 100 * 100;
            }
            out.push(Mention {
                text: text[c.start..c.end].to_string(),
                start: c.start,
                end: c.end,
                from: found.from,
                to: found.to,
                precision: found.precision,
                note: found.note,
            });
        }
    }
    out
}

mod table;
#[cfg(test)]
mod tests;
