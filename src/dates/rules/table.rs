//! The rules, one entry per way of writing a date, each with the examples
//! that show what it finds (checked by `every_rule_finds_its_examples`).
//!
//! Priority: where matches overlap the longest wins; between matches of the
//! same span the rule earlier in [`TABLE`] wins. So a more specific rule
//! goes before a more general one that can match the same words.
//!
//! An example is `(text, dates)`, with `dates` the whole text's dates as
//! `tests::render` writes them: `1907-07-30` a day, `1906-03` a month,
//! `1905` a year, `1904-1905` a range of years, `1990s` a decade, `19c` a
//! century, an Old/New Style note in parentheses; several joined by `, `.
//! An empty `dates` means the rule must find nothing there.

use regex::Captures;

use super::super::words;
use super::{
    Found, Guard, MAX_YEAR, MIN_YEAR, RuleEntry, en_month, num, numeric_day, old_new_style,
    ru_month, unum, year, year_range,
};

pub(super) static TABLE: &[RuleEntry] = &[
    RuleEntry {
        name: "year-first numeric date",
        // Both separators must be the same: 2024-07/14 is no date.
        pattern: r"{YEAR}([-/.])(\d{1,2})([-/.])(\d{1,2})(?:T[\d:.]+Z?)?",
        guard: Guard::None,
        build: |c| same_separators(c, 2, 4, |c| day(year(c, 1), unum(c, 3), unum(c, 5))),
        examples: &[
            ("2024-07-14", "2024-07-14"),
            ("2015/3/3", "2015-03-03"),
            ("2024-07-14T08:52:31Z", "2024-07-14"),
        ],
    },
    RuleEntry {
        name: "numeric day and month, year last",
        pattern: r"(\d{1,2})([./-])(\d{1,2})([./-]){YEAR}",
        guard: Guard::None,
        build: |c| {
            same_separators(c, 2, 4, |c| {
                one(year(c, 5).and_then(|y| numeric_day(unum(c, 1)?, unum(c, 3)?, &c[2], y)))
            })
        },
        examples: &[
            ("13.10.2019", "2019-10-13"),
            ("10/31/1974", "1974-10-31"),
            ("06-17-2014", "2014-06-17"),
        ],
    },
    RuleEntry {
        name: "numeric day and month with spaces",
        pattern: r"(\d{1,2}) (\d{1,2}) {YEAR}",
        guard: Guard::None,
        build: spaced_numeric_day,
        // `3 10 1974` could be either order: only its year is taken (bare year).
        examples: &[("31 10 1974", "1974-10-31")],
    },
    RuleEntry {
        name: "numeric month, year last",
        pattern: r"(\d{1,2})/{YEAR}",
        guard: Guard::None,
        build: |c| month(year(c, 2), unum(c, 1)),
        examples: &[("2/2013", "2013-02")],
    },
    RuleEntry {
        name: "year and two digits",
        pattern: r"{YEAR}([-/])(\d{2})",
        guard: Guard::Year,
        build: year_and_two_digits,
        examples: &[
            ("2014-10", "2014-10"),
            ("2014/10", "2014-10"),
            ("1904-05", "1904-1905"),
        ],
    },
    RuleEntry {
        name: "range of years",
        pattern: r"{YEAR}\s*(?:-|–|—|~|/)\s*{YEAR}(?:\s*(?:гг?\.|годы|годах|годов|years|년|年))?",
        guard: Guard::Year,
        build: two_years,
        examples: &[
            ("1904-1905", "1904-1905"),
            ("1904–1905 гг.", "1904-1905"),
            ("1918~1922년", "1918-1922"),
            ("1870-1890 years", "1870-1890"),
            ("1910-1905", "1910, 1905"),
        ],
    },
    RuleEntry {
        name: "range of years, short end",
        pattern: r"{YEAR}\s*[–—]\s*(\d{2})",
        guard: Guard::Year,
        build: |c| match year(c, 1) {
            Some(y) => year_range(y, y - y % 100 + num(c, 2).unwrap_or(0)),
            None => vec![],
        },
        examples: &[("1904–05", "1904-1905")],
    },
    RuleEntry {
        name: "English range of years in words",
        pattern: r"(?:from|between)\s+(?:the\s+year\s+)?{YEAR}\s+(?:to|and|until|till|through)\s+{YEAR}",
        guard: Guard::Year,
        build: two_years,
        examples: &[
            ("from 1927 to 1933", "1927-1933"),
            ("between 1907 and 1916", "1907-1916"),
            ("between the year 1801 and 1805", "1801-1805"),
        ],
    },
    RuleEntry {
        name: "Russian range of years in words",
        pattern: r"(?:с|от)\s+{YEAR}\s*(?:г\.|года?)?\s+(?:по|до)\s+{YEAR}(?:\s*(?:г\.|год\w*))?",
        guard: Guard::Year,
        build: two_years,
        examples: &[
            ("с 1907 по 1916 год", "1907-1916"),
            ("от 1900 г. до 1910 года", "1900-1910"),
        ],
    },
    RuleEntry {
        name: "Korean range of years in words",
        pattern: r"{YEAR}\s*년\s*부터\s*{YEAR}\s*년\s*까지",
        guard: Guard::Year,
        build: two_years,
        examples: &[("1985년부터 1991년까지", "1985-1991")],
    },
    RuleEntry {
        name: "English day, month, year",
        pattern: r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?[/-]?\s*({EN_MONTH})\.?\s*[/-]?,?\s*{YEAR}",
        guard: Guard::None,
        build: |c| day(year(c, 3), en_month(c, 2), unum(c, 1)),
        examples: &[
            ("30 July 1907", "1907-07-30"),
            ("31st Oct 1974", "1974-10-31"),
            ("31/Oct/1974", "1974-10-31"),
            ("14april 2015", "2015-04-14"),
            ("6th of August 1945", "1945-08-06"),
        ],
    },
    RuleEntry {
        name: "English range of days",
        pattern: r"(\d{1,2})\s*[-–]\s*(\d{1,2})\s+({EN_MONTH})\.?,?\s+{YEAR}",
        guard: Guard::None,
        build: |c| days(year(c, 4), en_month(c, 3), c, [1, 2]),
        examples: &[("11–13 November 1998", "1998-11-11, 1998-11-13")],
    },
    RuleEntry {
        name: "English month, day, year",
        pattern: r"({EN_MONTH})\.?\]?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+{YEAR}",
        guard: Guard::None,
        build: |c| day(year(c, 3), en_month(c, 1), unum(c, 2)),
        examples: &[
            ("July 30, 1907", "1907-07-30"),
            ("Sep 03 2014", "2014-09-03"),
            ("[Sept] 04, 2014", "2014-09-04"),
            ("July 13th 2014", "2014-07-13"),
        ],
    },
    RuleEntry {
        name: "English month, ordinal word, year",
        pattern: r"({EN_MONTH})\.?\s+(?:the\s+)?({EN_ORD}),?\s+{YEAR}",
        guard: Guard::None,
        build: |c| day(year(c, 3), en_month(c, 1), words::english_ordinal(&c[2])),
        examples: &[("march third 2015", "2015-03-03")],
    },
    RuleEntry {
        name: "English ordinal word, month, year",
        pattern: r"({EN_ORD})\s+(?:of\s+)?({EN_MONTH})\.?,?\s+{YEAR}",
        guard: Guard::None,
        build: |c| day(year(c, 3), en_month(c, 2), words::english_ordinal(&c[1])),
        examples: &[("the third of March 2015", "2015-03-03")],
    },
    RuleEntry {
        name: "year, English month, day",
        pattern: r"{YEAR}\s+({EN_MONTH})\.?\s+(\d{1,2})",
        guard: Guard::None,
        build: |c| day(year(c, 1), en_month(c, 2), unum(c, 3)),
        examples: &[("2016 july 13", "2016-07-13")],
    },
    RuleEntry {
        name: "English range of months",
        pattern: r"({EN_MONTH})\.?\s*[-–]\s*({EN_MONTH})\.?,?\s+{YEAR}",
        guard: Guard::None,
        build: |c| match year(c, 3) {
            Some(y) => [1, 2]
                .iter()
                .filter_map(|&i| Found::month(y, en_month(c, i)?))
                .collect(),
            None => vec![],
        },
        examples: &[("May-June 1938", "1938-05, 1938-06")],
    },
    RuleEntry {
        name: "English month and year",
        pattern: r"({EN_MONTH})\.?,?\s+(?:of\s+)?{YEAR}",
        guard: Guard::None,
        build: |c| month(year(c, 2), en_month(c, 1)),
        examples: &[
            ("March 1906", "1906-03"),
            ("early August 1945", "1945-08"),
            ("March of 1917", "1917-03"),
        ],
    },
    RuleEntry {
        name: "Russian Old/New Style pair",
        pattern: r"(\d{1,2})\s+({RU_MONTH})\.?\s*\(\s*(\d{1,2})\s+({RU_MONTH})?\.?\s*\)\s*(?:в\s+)?{YEAR}",
        guard: Guard::None,
        build: |c| {
            let new_style_month = c.get(4).and_then(|m| words::russian_month(m.as_str()));
            one(year(c, 5).and_then(|y| {
                old_new_style(
                    y,
                    ru_month(c, 2)?,
                    unum(c, 1)?,
                    new_style_month,
                    unum(c, 3)?,
                )
            }))
        },
        examples: &[
            (
                "27 января (9 февраля) 1904",
                "1904-02-09 (Old Style 1904-01-27)",
            ),
            (
                "30 декабря (12 января) 1905",
                "1906-01-12 (Old Style 1905-12-30)",
            ),
        ],
    },
    RuleEntry {
        name: "Russian day, month, year",
        pattern: r"(\d{1,2})(?:\s*-?\s*(?:го|ое|е|его|ого))?\s+({RU_MONTH})\.?,?\s+(?:в\s+)?{YEAR}",
        guard: Guard::None,
        build: |c| day(year(c, 3), ru_month(c, 2), unum(c, 1)),
        examples: &[
            ("30 июля 1907", "1907-07-30"),
            ("3-его марта 2015", "2015-03-03"),
            ("14 декабря в 1989 году", "1989-12-14"),
        ],
    },
    RuleEntry {
        name: "Russian ordinal word, month, year",
        pattern: r"(?:(двадцать|тридцать)\s+)?({RU_ORD})\p{L}*\s+({RU_MONTH})\.?\s+(?:в\s+)?{YEAR}",
        guard: Guard::None,
        build: |c| {
            let tens = c.get(1).map(|m| m.as_str());
            day(
                year(c, 4),
                ru_month(c, 3),
                words::russian_ordinal(tens, &c[2]),
            )
        },
        examples: &[
            ("третьего марта 2015", "2015-03-03"),
            ("тридцать первое октября 1974", "1974-10-31"),
        ],
    },
    RuleEntry {
        name: "Russian month and year",
        pattern: r"({RU_MONTH})\.?\s+(?:в\s+)?{YEAR}",
        guard: Guard::None,
        build: |c| month(year(c, 2), ru_month(c, 1)),
        examples: &[("Октябрь 2014", "2014-10"), ("в марте 1906", "1906-03")],
    },
    RuleEntry {
        name: "Korean/Japanese Old/New Style pair",
        pattern: r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]\s*\(\s*(?:(\d{1,2})\s*[월月]\s*)?(\d{1,2})\s*[일日]\s*\)",
        guard: Guard::None,
        build: |c| {
            one(year(c, 1)
                .and_then(|y| old_new_style(y, unum(c, 2)?, unum(c, 3)?, unum(c, 4), unum(c, 5)?)))
        },
        examples: &[
            (
                "1875년 4월 25일(5월 7일)",
                "1875-05-07 (Old Style 1875-04-25)",
            ),
            (
                "1875년 8월 8일(7월 27일)",
                "1875-08-08 (Old Style 1875-07-27)",
            ),
        ],
    },
    RuleEntry {
        name: "Korean/Japanese range of months",
        pattern: r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*[-~–]\s*(\d{1,2})\s*[월月]",
        guard: Guard::None,
        build: |c| match year(c, 1) {
            Some(y) => [2, 3]
                .iter()
                .filter_map(|&i| Found::month(y, unum(c, i)?))
                .collect(),
            None => vec![],
        },
        examples: &[("1939년 5월~9월", "1939-05, 1939-09")],
    },
    RuleEntry {
        name: "Korean/Japanese range of days",
        pattern: r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[-~–]\s*(\d{1,2})\s*[일日]",
        guard: Guard::None,
        build: |c| days(year(c, 1), unum(c, 2), c, [3, 4]),
        examples: &[("1998년 11월 11-13일", "1998-11-11, 1998-11-13")],
    },
    RuleEntry {
        name: "Korean/Japanese year, month, day",
        pattern: r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]",
        guard: Guard::None,
        build: |c| day(year(c, 1), unum(c, 2), unum(c, 3)),
        examples: &[
            ("1907년 7월 30일", "1907-07-30"),
            ("1907年7月30日", "1907-07-30"),
        ],
    },
    RuleEntry {
        name: "Korean/Japanese year and month",
        pattern: r"{YEAR}\s*[년年]\s*(\d{1,2})\s*[월月]",
        guard: Guard::None,
        build: |c| month(year(c, 1), unum(c, 2)),
        examples: &[
            ("1906년 3월", "1906-03"),
            ("2009年7月", "2009-07"),
            // An impossible day leaves what is certain: the month.
            ("1905년 2월 30일", "1905-02"),
        ],
    },
    RuleEntry {
        name: "Sino-Korean numbers in words",
        pattern: r"([일이삼사오육칠팔구십백천]+)년\s*([일이삼사오육칠팔구십]+)월(?:\s*([일이삼사오육칠팔구십]+)일)?",
        guard: Guard::None,
        build: |c| {
            let y = words::sino_korean(&c[1])
                .map(|y| y as i32)
                .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y));
            let d = c.get(3).and_then(|d| words::sino_korean(d.as_str()));
            day_or_month(y, words::sino_korean(&c[2]), d)
        },
        examples: &[
            ("이천십오년 삼월 삼일", "2015-03-03"),
            ("이천십오년 삼월", "2015-03"),
        ],
    },
    RuleEntry {
        name: "Japanese era year",
        pattern: r"(明治|大正|昭和|平成|令和)\s*(\d{1,2}|元)\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?",
        guard: Guard::None,
        build: japanese_era,
        examples: &[
            ("明治38年", "1905"),
            ("明治38年9月5日", "1905-09-05"),
            ("昭和元年12月", "1926-12"),
            ("平成31年4月", "2019-04"),
            ("令和2年", "2020"),
        ],
    },
    RuleEntry {
        name: "year with an era",
        pattern: r"(\d{1,4})\s*(?:a\.\s?d\.|ad|ce|н\.\s?э\.)",
        guard: Guard::Year,
        // The era makes a short number a year: in 14 a.d.
        build: |c| {
            one(num(c, 1)
                .filter(|y| (1..=MAX_YEAR).contains(y))
                .map(|y| Found::years(y, y)))
        },
        examples: &[
            ("in 2014 A.D.", "2014"),
            ("in 14 a.d.", "14"),
            ("1905 н. э.", "1905"),
        ],
    },
    RuleEntry {
        name: "range of decades",
        pattern: r"(\d{3})0'?s\s+(?:to|until|through|and|[-–])\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(\d{3})0'?s",
        guard: Guard::Year,
        build: |c| decade_range(num(c, 1), num(c, 2)),
        examples: &[("from the 1920s to the 1940s", "1920s, 1930s, 1940s")],
    },
    RuleEntry {
        name: "Korean/Japanese range of decades",
        pattern: r"(\d{3})0\s*[-~–]\s*(\d{3})0\s*(?:년대|年代)",
        guard: Guard::Year,
        build: |c| decade_range(num(c, 1), num(c, 2)),
        examples: &[("1920~1940년대", "1920s, 1930s, 1940s")],
    },
    RuleEntry {
        name: "decade",
        pattern: r"(\d{3})0(?:'?s|\s*-\s*(?:х|е|ые|ых)|\s*(?:년대|年代))",
        guard: Guard::Year,
        build: |c| {
            one(num(c, 1)
                .map(|d| d * 10)
                .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
                .map(|y| Found::decades(y, y)))
        },
        examples: &[
            ("1990s", "1990s"),
            ("1990-х", "1990s"),
            ("1990-е", "1990s"),
            ("1930년대", "1930s"),
            ("1990年代", "1990s"),
        ],
    },
    RuleEntry {
        name: "range of decades, short end",
        pattern: r"(\d{3})0\s*[-–]\s*(?:early\s+|late\s+|mid-?)?(\d)0'?s",
        guard: Guard::Year,
        build: |c| {
            let first = num(c, 1);
            decade_range(first, first.map(|f| f / 10 * 10 + num(c, 2).unwrap_or(0)))
        },
        examples: &[
            ("1920-30s", "1920s, 1930s"),
            ("1950 - late 60s", "1950s, 1960s"),
        ],
    },
    RuleEntry {
        name: "range of two-digit decades",
        pattern: r"(\d)0(?:th|'?s)?\s*[-–]\s*(?:early\s+|late\s+|mid-?)?(\d)0'?s",
        guard: Guard::Year,
        build: |c| two_digit_decades(&[num(c, 1), num(c, 2)]),
        examples: &[("the 30th-early 40s", "1930s, 1940s")],
    },
    RuleEntry {
        name: "two-digit decade",
        pattern: r"'?(\d)0(?:'?s|\s*-\s*(?:х|е|ые|ых)|\s*년대)",
        guard: Guard::Year,
        build: |c| two_digit_decades(&[num(c, 1)]),
        examples: &[
            ("90년대", "1990s"),
            ("the 30s", "1930s"),
            ("в 90-х годах", "1990s"),
            // The century is that of the last full year before.
            ("in 1850 and then the 90s", "1850, 1890s"),
        ],
    },
    RuleEntry {
        name: "century in Roman numerals",
        pattern: r"((?-i:[IVXL]+))(?:\s*(?:-|–|—|,|и|and|to)\s*(?:\p{L}+\s+)?((?-i:[IVXL]+)))?\s*(?:centur(?:y|ies)|век\p{L}*|вв?\.|세기)",
        guard: Guard::None,
        build: |c| {
            centuries(&[
                c.get(1).and_then(|m| words::roman(m.as_str())),
                c.get(2).and_then(|m| words::roman(m.as_str())),
            ])
        },
        examples: &[
            ("XIX century", "19c"),
            ("XVIII век", "18c"),
            ("XIX - XX вв.", "19c, 20c"),
            ("XIX - 시작 XX세기", "19c, 20c"),
        ],
    },
    RuleEntry {
        name: "century as an English ordinal number",
        // A plain number before "centuries" is a count ("2 centuries later").
        pattern: r"(\d{1,2})(?:st|nd|rd|th)(?:\s*(?:and|-|–|to)\s*(\d{1,2})(?:st|nd|rd|th))?\s+centur(?:y|ies)",
        guard: Guard::None,
        build: |c| centuries(&[unum(c, 1), unum(c, 2)]),
        examples: &[
            ("20th century", "20c"),
            ("the 19th and 20th centuries", "19c, 20c"),
            ("2 centuries later", ""),
        ],
    },
    RuleEntry {
        name: "Korean century",
        pattern: r"(\d{1,2})(?:\s*[-~]\s*(\d{1,2}))?\s*세기",
        guard: Guard::None,
        build: |c| centuries(&[unum(c, 1), unum(c, 2)]),
        examples: &[("18세기", "18c"), ("19~20세기", "19c, 20c")],
    },
    RuleEntry {
        name: "Russian century",
        pattern: r"(\d{1,2})-?(?:й|го|м)\s+век\p{L}*",
        guard: Guard::None,
        build: |c| centuries(&[unum(c, 1)]),
        examples: &[("20-й век", "20c")],
    },
    RuleEntry {
        name: "century as an English ordinal word",
        pattern: r"({EN_ORD})\s+centur(?:y|ies)",
        guard: Guard::None,
        build: |c| centuries(&[words::english_ordinal(&c[1])]),
        examples: &[("the nineteenth century", "19c")],
    },
    RuleEntry {
        name: "bare year",
        pattern: r"(?:год\s*)?{YEAR}(?:\s*(?:年|년|гг?\.|год(?:а|у|ом|ы)?))?",
        guard: Guard::Year,
        build: |c| one(year(c, 1).map(|y| Found::years(y, y))),
        examples: &[
            ("1905", "1905"),
            ("1905년", "1905"),
            ("1905 г.", "1905"),
            ("в 1905 году", "1905"),
            ("год 2000", "2000"),
            ("1905年", "1905"),
            ("0999 and 2101", ""),
            ("see p. 1905", ""),
            ("Note 2100: see number 2100", ""),
            ("1500 человек", ""),
        ],
    },
];

/// What a builder found, as the list every builder returns: the shape of
/// most rules, which find one date or nothing.
fn one(found: Option<Found>) -> Vec<Found> {
    found.into_iter().collect()
}

/// A day, when every part was read and the day exists.
fn day(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Vec<Found> {
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => one(Found::day(y, m, d)),
        _ => vec![],
    }
}

/// A month, when both parts were read and the month exists.
fn month(year: Option<i32>, month: Option<u32>) -> Vec<Found> {
    match (year, month) {
        (Some(y), Some(m)) => one(Found::month(y, m)),
        _ => vec![],
    }
}

/// A day when one is written, else the month.
fn day_or_month(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Vec<Found> {
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => one(Found::day(y, m, d)),
        (Some(y), Some(m), None) => one(Found::month(y, m)),
        _ => vec![],
    }
}

/// The days of a range of days in one month (the days in `groups`); those
/// that do not exist are left out.
fn days(year: Option<i32>, month: Option<u32>, c: &Captures, groups: [usize; 2]) -> Vec<Found> {
    let (Some(y), Some(m)) = (year, month) else {
        return vec![];
    };
    groups
        .iter()
        .filter_map(|&i| Found::day(y, m, unum(c, i)?))
        .collect()
}

/// Runs `build` only when the two separators (groups `a` and `b`) are the
/// same character: `2024-07/14` mixes two ways of writing and is no date.
fn same_separators(
    c: &Captures,
    a: usize,
    b: usize,
    build: impl Fn(&Captures) -> Vec<Found>,
) -> Vec<Found> {
    if c[a] != c[b] { vec![] } else { build(c) }
}

/// Day and month separated by spaces (`31 10 1974`), taken only when one
/// of the two must be the day: spaces alone say nothing of the order.
fn spaced_numeric_day(c: &Captures) -> Vec<Found> {
    let (a, b) = (unum(c, 1).unwrap_or(0), unum(c, 2).unwrap_or(0));
    if (a > 12) == (b > 12) {
        return vec![];
    }
    one(year(c, 3).and_then(|y| numeric_day(a, b, " ", y)))
}

/// `2014-10` and `2014/10` are months; `1904-05` is a range of years
/// written short, told apart by the second number making a later year.
fn year_and_two_digits(c: &Captures) -> Vec<Found> {
    let (Some(y), Some(m)) = (year(c, 1), unum(c, 3)) else {
        return vec![];
    };
    let as_year = y - y % 100 + m as i32;
    if &c[2] == "/" || as_year <= y {
        one(Found::month(y, m))
    } else {
        vec![Found::years(y, as_year)]
    }
}

/// A range of two captured years (groups 1 and 2).
fn two_years(c: &Captures) -> Vec<Found> {
    match (year(c, 1), year(c, 2)) {
        (Some(a), Some(b)) => year_range(a, b),
        _ => vec![],
    }
}

/// A Japanese era year (明治38年 = 1905; 元年 is the first), with month and
/// day when written.
fn japanese_era(c: &Captures) -> Vec<Found> {
    let first_year = match &c[1] {
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
    let y = first_year + n - 1;
    match (unum(c, 3), unum(c, 4)) {
        (Some(m), Some(d)) => one(Found::day(y, m, d)),
        (Some(m), None) => one(Found::month(y, m)),
        _ => vec![Found::years(y, y)],
    }
}

/// Every decade from the first to the last (given as years / 10), when
/// they make a range of at most a century.
fn decade_range(first: Option<i32>, last: Option<i32>) -> Vec<Found> {
    match (first.map(|d| d * 10), last.map(|d| d * 10)) {
        (Some(a), Some(b)) if (MIN_YEAR..=MAX_YEAR).contains(&a) && b >= a && b - a <= 100 => {
            (a..=b).step_by(10).map(|y| Found::decades(y, y)).collect()
        }
        _ => vec![],
    }
}

/// Decades written with their tens alone (`90년대`, `the 30s`): placed in
/// the 1900s here, moved to the century of the text's last full year when
/// the mentions are placed.
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

/// The centuries numbered, those from the 1st to the 21st.
fn centuries(numbers: &[Option<u32>]) -> Vec<Found> {
    numbers
        .iter()
        .flatten()
        .filter(|n| (1..=21).contains(*n))
        .map(|&n| Found::century(n as i32))
        .collect()
}
