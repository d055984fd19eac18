//! The extraction rules: one regular expression per way of writing a date.

use std::sync::LazyLock;

use regex::{Captures, Regex, RegexSet};

use super::calendar::Day;
use super::words::{self, ENGLISH_MONTHS, ENGLISH_ORDINALS, RUSSIAN_MONTHS, RUSSIAN_ORDINAL_STEMS};
use super::{Mention, Precision};

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

struct Rule {
    regex: Regex,
    guard: Guard,
    build: Build,
}

fn rule(pattern: &str, guard: Guard, build: Build) -> Rule {
    let pattern = expand(pattern);
    Rule {
        regex: Regex::new(&pattern).expect("date rule compiles"),
        guard,
        build,
    }
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

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        // ISO and other year-first numeric dates: 2024-07-14, 2015/3/3, 2024-07-14T08:52:31Z.
        rule(
            r"{YEAR}([-/.])(\d{1,2})([-/.])(\d{1,2})(?:T[\d:.]+Z?)?",
            Guard::None,
            |c| {
                if c[2] != c[4] {
                    return vec![];
                }
                year(c, 1)
                    .and_then(|y| Found::day(y, unum(c, 3)?, unum(c, 5)?))
                    .into_iter()
                    .collect()
            },
        ),
        // Day and month in numbers, year last: 13.10.2019, 10/31/1974, 06-17-2014.
        rule(
            r"(\d{1,2})([./-])(\d{1,2})([./-]){YEAR}",
            Guard::None,
            |c| {
                if c[2] != c[4] {
                    return vec![];
                }
                year(c, 5)
                    .and_then(|y| numeric_day(unum(c, 1)?, unum(c, 3)?, &c[2], y))
                    .into_iter()
                    .collect()
            },
        ),
        // Day and month separated by spaces, only when one of them must be the day: 31 10 1974.
        rule(r"(\d{1,2}) (\d{1,2}) {YEAR}", Guard::None, |c| {
            let (a, b) = (unum(c, 1).unwrap_or(0), unum(c, 2).unwrap_or(0));
            if (a > 12) == (b > 12) {
                return vec![];
            }
            year(c, 3)
                .and_then(|y| numeric_day(a, b, " ", y))
                .into_iter()
                .collect()
        }),
        // Month and year in numbers: 2/2013, 2014/10, 2014-10.
        rule(r"(\d{1,2})/{YEAR}", Guard::None, |c| {
            year(c, 2)
                .and_then(|y| Found::month(y, unum(c, 1)?))
                .into_iter()
                .collect()
        }),
        rule(r"{YEAR}([-/])(\d{2})", Guard::Year, |c| {
            let (Some(y), Some(m)) = (year(c, 1), unum(c, 3)) else {
                return vec![];
            };
            // 2014-10 is a month; 1904-05 is a range of years written short.
            let as_year = y - y % 100 + m as i32;
            if &c[2] == "/" || as_year <= y {
                Found::month(y, m).into_iter().collect()
            } else {
                vec![Found::years(y, as_year)]
            }
        }),
        // Ranges of years: 1904-1905, 1904–1905 гг., 1918~1922년, 1870-1890 years.
        rule(
            r"{YEAR}\s*(?:-|–|—|~|/)\s*{YEAR}(?:\s*(?:гг?\.|годы|годах|годов|years|년|年))?",
            Guard::Year,
            two_years,
        ),
        // A range with the end in two digits and a dash: 1904–05.
        rule(r"{YEAR}\s*[–—]\s*(\d{2})", Guard::Year, |c| {
            let Some(y) = year(c, 1) else { return vec![] };
            let end = y - y % 100 + num(c, 2).unwrap_or(0);
            year_range(y, end)
        }),
        // Ranges in words: from 1927 to 1933, between 1907 and 1916, с 1907 по 1916, 1985년부터 1991년까지.
        rule(
            r"(?:from|between)\s+(?:the\s+year\s+)?{YEAR}\s+(?:to|and|until|till|through)\s+{YEAR}",
            Guard::Year,
            two_years,
        ),
        rule(
            r"(?:с|от)\s+{YEAR}\s*(?:г\.|года?)?\s+(?:по|до)\s+{YEAR}(?:\s*(?:г\.|год\w*))?",
            Guard::Year,
            two_years,
        ),
        rule(
            r"{YEAR}\s*년\s*부터\s*{YEAR}\s*년\s*까지",
            Guard::Year,
            two_years,
        ),
        // English day month year: 30 July 1907, 31st Oct 1974, 31/Oct/1974, 14april 2015, 6th of August 1945.
        rule(
            r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?[/-]?\s*({EN_MONTH})\.?\s*[/-]?,?\s*{YEAR}",
            Guard::None,
            |c| {
                year(c, 3)
                    .and_then(|y| Found::day(y, en_month(c, 2)?, unum(c, 1)?))
                    .into_iter()
                    .collect()
            },
        ),
        // English day range: 11–13 November 1998.
        rule(
            r"(\d{1,2})\s*[-–]\s*(\d{1,2})\s+({EN_MONTH})\.?,?\s+{YEAR}",
            Guard::None,
            |c| {
                let (Some(y), Some(m)) = (year(c, 4), en_month(c, 3)) else {
                    return vec![];
                };
                [1, 2]
                    .iter()
                    .filter_map(|&i| Found::day(y, m, unum(c, i)?))
                    .collect()
            },
        ),
        // English month day year: July 30, 1907; Sep 03 2014; [Sept] 04, 2014; July 13th 2014.
        rule(
            r"({EN_MONTH})\.?\]?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+{YEAR}",
            Guard::None,
            |c| {
                year(c, 3)
                    .and_then(|y| Found::day(y, en_month(c, 1)?, unum(c, 2)?))
                    .into_iter()
                    .collect()
            },
        ),
        // English month and ordinal word: march third 2015.
        rule(
            r"({EN_MONTH})\.?\s+(?:the\s+)?({EN_ORD}),?\s+{YEAR}",
            Guard::None,
            |c| {
                let day = words::english_ordinal(&c[2]);
                year(c, 3)
                    .and_then(|y| Found::day(y, en_month(c, 1)?, day?))
                    .into_iter()
                    .collect()
            },
        ),
        // Ordinal word, then month: the third of March 2015.
        rule(
            r"({EN_ORD})\s+(?:of\s+)?({EN_MONTH})\.?,?\s+{YEAR}",
            Guard::None,
            |c| {
                let day = words::english_ordinal(&c[1]);
                year(c, 3)
                    .and_then(|y| Found::day(y, en_month(c, 2)?, day?))
                    .into_iter()
                    .collect()
            },
        ),
        // Year month day: 2016 july 13.
        rule(r"{YEAR}\s+({EN_MONTH})\.?\s+(\d{1,2})", Guard::None, |c| {
            year(c, 1)
                .and_then(|y| Found::day(y, en_month(c, 2)?, unum(c, 3)?))
                .into_iter()
                .collect()
        }),
        // English month ranges and months: May-June 1938, March 1906, early August 1945.
        rule(
            r"({EN_MONTH})\.?\s*[-–]\s*({EN_MONTH})\.?,?\s+{YEAR}",
            Guard::None,
            |c| {
                let Some(y) = year(c, 3) else { return vec![] };
                [1, 2]
                    .iter()
                    .filter_map(|&i| Found::month(y, en_month(c, i)?))
                    .collect()
            },
        ),
        rule(r"({EN_MONTH})\.?,?\s+(?:of\s+)?{YEAR}", Guard::None, |c| {
            year(c, 2)
                .and_then(|y| Found::month(y, en_month(c, 1)?))
                .into_iter()
                .collect()
        }),
        // Russian Old/New Style pair: 27 января (9 февраля) 1904.
        rule(
            r"(\d{1,2})\s+({RU_MONTH})\.?\s*\(\s*(\d{1,2})\s+({RU_MONTH})?\.?\s*\)\s*(?:в\s+)?{YEAR}",
            Guard::None,
            |c| {
                let ns_month = c.get(4).and_then(|m| words::russian_month(m.as_str()));
                year(c, 5)
                    .and_then(|y| {
                        old_new_style(y, ru_month(c, 2)?, unum(c, 1)?, ns_month, unum(c, 3)?)
                    })
                    .into_iter()
                    .collect()
            },
        ),
        // Russian day month year: 30 июля 1907, 3-его марта 2015, 14 декабря в 1989 году.
        rule(
            r"(\d{1,2})(?:\s*-?\s*(?:го|ое|е|его|ого))?\s+({RU_MONTH})\.?,?\s+(?:в\s+)?{YEAR}",
            Guard::None,
            |c| {
                year(c, 3)
                    .and_then(|y| Found::day(y, ru_month(c, 2)?, unum(c, 1)?))
                    .into_iter()
                    .collect()
            },
        ),
        // Russian ordinal words: третьего марта 2015, тридцать первое октября 1974.
        rule(
            r"(?:(двадцать|тридцать)\s+)?({RU_ORD})\p{L}*\s+({RU_MONTH})\.?\s+(?:в\s+)?{YEAR}",
            Guard::None,
            |c| {
                let day = words::russian_ordinal(c.get(1).map(|m| m.as_str()), &c[2]);
                year(c, 4)
                    .and_then(|y| Found::day(y, ru_month(c, 3)?, day?))
                    .into_iter()
                    .collect()
            },
        ),
        // Russian month and year: Октябрь 2014, в марте 1906.
        rule(r"({RU_MONTH})\.?\s+(?:в\s+)?{YEAR}", Guard::None, |c| {
            year(c, 2)
                .and_then(|y| Found::month(y, ru_month(c, 1)?))
                .into_iter()
                .collect()
        }),
        // Korean, Japanese and Chinese full dates with an Old/New Style pair: 1875년 4월 25일(5월 7일).
        rule(
            r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]\s*\(\s*(?:(\d{1,2})\s*[월月]\s*)?(\d{1,2})\s*[일日]\s*\)",
            Guard::None,
            |c| {
                year(c, 1)
                    .and_then(|y| {
                        old_new_style(y, unum(c, 2)?, unum(c, 3)?, unum(c, 4), unum(c, 5)?)
                    })
                    .into_iter()
                    .collect()
            },
        ),
        // Month ranges: 1939년 5월~9월.
        rule(
            r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*[-~–]\s*(\d{1,2})\s*[월月]",
            Guard::None,
            |c| {
                let Some(y) = year(c, 1) else { return vec![] };
                [2, 3]
                    .iter()
                    .filter_map(|&i| Found::month(y, unum(c, i)?))
                    .collect()
            },
        ),
        // Day ranges: 1998년 11월 11-13일.
        rule(
            r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[-~–]\s*(\d{1,2})\s*[일日]",
            Guard::None,
            |c| {
                let (Some(y), Some(m)) = (year(c, 1), unum(c, 2)) else {
                    return vec![];
                };
                [3, 4]
                    .iter()
                    .filter_map(|&i| Found::day(y, m, unum(c, i)?))
                    .collect()
            },
        ),
        // 1907년 7월 30일, 1907年7月30日, and months: 1906년 3월, 2009年7月.
        rule(
            r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]",
            Guard::None,
            |c| {
                year(c, 1)
                    .and_then(|y| Found::day(y, unum(c, 2)?, unum(c, 3)?))
                    .into_iter()
                    .collect()
            },
        ),
        rule(
            r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]",
            Guard::None,
            |c| {
                year(c, 1)
                    .and_then(|y| Found::month(y, unum(c, 2)?))
                    .into_iter()
                    .collect()
            },
        ),
        // Sino-Korean numbers in words: 이천십오년 삼월 삼일.
        rule(
            r"([일이삼사오육칠팔구십백천]+)년\s*([일이삼사오육칠팔구십]+)월(?:\s*([일이삼사오육칠팔구십]+)일)?",
            Guard::None,
            |c| {
                let y = words::sino_korean(&c[1])
                    .map(|y| y as i32)
                    .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y));
                let m = words::sino_korean(&c[2]);
                let d = c.get(3).and_then(|d| words::sino_korean(d.as_str()));
                match (y, m, d) {
                    (Some(y), Some(m), Some(d)) => Found::day(y, m, d).into_iter().collect(),
                    (Some(y), Some(m), None) => Found::month(y, m).into_iter().collect(),
                    _ => vec![],
                }
            },
        ),
        // Japanese era years: 明治38年 = 1905, with month and day when written.
        rule(
            r"(明治|大正|昭和|平成|令和)\s*(\d{1,2}|元)\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?",
            Guard::None,
            |c| {
                let base = match &c[1] {
                    "明治" => 1868,
                    "大正" => 1912,
                    "昭和" => 1926,
                    "平成" => 1989,
                    _ => 2019,
                };
                let n = if &c[2] == "元" {
                    1
                } else {
                    num(c, 2).unwrap_or(0)
                };
                let y = base + n - 1;
                match (unum(c, 3), unum(c, 4)) {
                    (Some(m), Some(d)) => Found::day(y, m, d).into_iter().collect(),
                    (Some(m), None) => Found::month(y, m).into_iter().collect(),
                    _ => vec![Found::years(y, y)],
                }
            },
        ),
        // Years with an era: in 2014 A.D., in 14 a.d., 1905 н. э.
        rule(
            r"(\d{1,4})\s*(?:a\.\s?d\.|ad|ce|н\.\s?э\.)",
            Guard::Year,
            |c| {
                num(c, 1)
                    .filter(|y| (1..=MAX_YEAR).contains(y))
                    .map(|y| Found::years(y, y))
                    .into_iter()
                    .collect()
            },
        ),
        // Decade ranges: from the 1920s to the 1940s, 1920~1940년대.
        rule(
            r"(\d{3})0'?s\s+(?:to|until|through|and|[-–])\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(\d{3})0'?s",
            Guard::Year,
            |c| decade_range(num(c, 1), num(c, 2)),
        ),
        rule(
            r"(\d{3})0\s*[-~–]\s*(\d{3})0\s*(?:년대|年代)",
            Guard::Year,
            |c| decade_range(num(c, 1), num(c, 2)),
        ),
        // Decades: 1990s, 1990-х, 1990-е, 1930년대, 1990年代.
        rule(
            r"(\d{3})0(?:'?s|\s*-\s*(?:х|е|ые|ых)|\s*(?:년대|年代))",
            Guard::Year,
            |c| {
                num(c, 1)
                    .map(|d| d * 10)
                    .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
                    .map(|y| Found::decades(y, y))
                    .into_iter()
                    .collect()
            },
        ),
        rule(
            r"(\d{3})0\s*[-–]\s*(?:early\s+|late\s+|mid-?)?(\d)0'?s",
            Guard::Year,
            |c| {
                let first = num(c, 1);
                decade_range(first, first.map(|f| f / 10 * 10 + num(c, 2).unwrap_or(0)))
            },
        ),
        // Two-digit decades: 90년대, the 30s, 90-х, the 30th-early 40s.
        rule(
            r"(\d)0(?:th|'?s)?\s*[-–]\s*(?:early\s+|late\s+|mid-?)?(\d)0'?s",
            Guard::Year,
            |c| two_digit_decades(&[num(c, 1), num(c, 2)]),
        ),
        rule(
            r"'?(\d)0(?:'?s|\s*-\s*(?:х|е|ые|ых)|\s*년대)",
            Guard::Year,
            |c| two_digit_decades(&[num(c, 1)]),
        ),
        // Centuries in Roman numerals, several at once: XIX century, XVIII век, XIX - 시작 XX세기.
        rule(
            r"((?-i:[IVXL]+))(?:\s*(?:-|–|—|,|и|and|to)\s*(?:\p{L}+\s+)?((?-i:[IVXL]+)))?\s*(?:centur(?:y|ies)|век\p{L}*|вв?\.|세기)",
            Guard::None,
            |c| {
                centuries(&[
                    c.get(1).and_then(|m| words::roman(m.as_str())),
                    c.get(2).and_then(|m| words::roman(m.as_str())),
                ])
            },
        ),
        // Centuries as ordinals: 20th century, the 19th and 20th centuries, 18세기, 20-й век.
        // A plain number before "centuries" is a count ("2 centuries later").
        rule(
            r"(\d{1,2})(?:st|nd|rd|th)(?:\s*(?:and|-|–|to)\s*(\d{1,2})(?:st|nd|rd|th))?\s+centur(?:y|ies)",
            Guard::None,
            |c| centuries(&[num(c, 1).map(|n| n as u32), num(c, 2).map(|n| n as u32)]),
        ),
        rule(
            r"(\d{1,2})(?:\s*[-~]\s*(\d{1,2}))?\s*세기",
            Guard::None,
            |c| centuries(&[num(c, 1).map(|n| n as u32), num(c, 2).map(|n| n as u32)]),
        ),
        rule(
            r"(\d{1,2})-?(?:й|го|м)\s+век\p{L}*",
            Guard::None,
            |c| centuries(&[num(c, 1).map(|n| n as u32)]),
        ),
        rule(r"({EN_ORD})\s+centur(?:y|ies)", Guard::None, |c| {
            centuries(&[words::english_ordinal(&c[1])])
        }),
        // Bare years, with the suffixes of each language: 1905, 1905년, 1905 г., в 1905 году, год 2000.
        rule(
            r"(?:год\s*)?{YEAR}(?:\s*(?:年|년|гг?\.|год(?:а|у|ом|ы)?))?",
            Guard::Year,
            |c| year(c, 1).map(|y| Found::years(y, y)).into_iter().collect(),
        ),
    ]
});

/// All rules in one automaton: a single pass over a window tells which
/// rules match there at all, so that only those run again for their groups.
static RULE_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(RULES.iter().map(|r| r.regex.as_str())).expect("date rules compile")
});

/// A range of two captured years (groups 1 and 2).
fn two_years(c: &Captures) -> Vec<Found> {
    match (year(c, 1), year(c, 2)) {
        (Some(a), Some(b)) => year_range(a, b),
        _ => vec![],
    }
}

fn decade_range(first: Option<i32>, last: Option<i32>) -> Vec<Found> {
    match (first.map(|d| d * 10), last.map(|d| d * 10)) {
        (Some(a), Some(b)) if (MIN_YEAR..=MAX_YEAR).contains(&a) && b >= a && b - a <= 100 => {
            (a..=b).step_by(10).map(|y| Found::decades(y, y)).collect()
        }
        _ => vec![],
    }
}

fn two_digit_decades(tens: &[Option<i32>]) -> Vec<Found> {
    tens.iter()
        .flatten()
        .map(|t| {
            let mut found = Found::decades(1900 + t * 10, 1900 + t * 10);
            found.two_digit_decade = true;
            found
        })
        .collect()
}

fn centuries(numbers: &[Option<u32>]) -> Vec<Found> {
    numbers
        .iter()
        .flatten()
        .filter(|n| (1..=21).contains(*n))
        .map(|&n| Found::century(n as i32))
        .collect()
}

/// Words right before a number that make it a page, an issue, a code or an
/// amount rather than a year.
const MARKERS_BEFORE: &[&str] = &[
    "p.", "pp.", "page", "pages", "pg.", "с.", "стр.", "№", "no.", "nr.", "#", "vol.", "isbn",
    "issn", "doi:", "$", "€", "£", "¥", "₩", "₽", "us$", "fig.", "tab.", "art.", "ст.", "тел.",
    "tel.",
];

/// Words right after a number that make it an amount or a count.
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
    "kilomet",
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

/// True when the number at `start..end` is part of a longer number or
/// code, or marked as a page, amount or count.
fn is_trap(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let mut back = before.chars().rev();
    let prev = back.next();
    let prev2 = back.next();
    let mut fwd = after.chars();
    let next = fwd.next();
    let next2 = fwd.next();
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
    if MARKERS_BEFORE.iter().any(|m| before_lower.ends_with(m)) {
        return true;
    }
    let after = after.trim_start();
    let near_after = &after[..after
        .char_indices()
        .nth(MARKER_CHARS)
        .map_or(after.len(), |(i, _)| i)];
    let after_lower = near_after.to_lowercase();
    UNITS_AFTER.iter().any(|u| after_lower.starts_with(u))
}

/// More characters than the longest marker or unit has.
const MARKER_CHARS: usize = 12;

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
    // Longest match first; among equals the earlier (more specific) rule.
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
    place(text, taken)
}

/// Runs every rule on `window` (which starts at byte `offset` of `text`),
/// judging the edges of each match in the whole text.
fn collect(text: &str, offset: usize, window: &str, candidates: &mut Vec<Candidate>) {
    for index in RULE_SET.matches(window).iter() {
        let rule = &RULES[index];
        for caps in rule.regex.captures_iter(window) {
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

#[cfg(test)]
mod tests;
