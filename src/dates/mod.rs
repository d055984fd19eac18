//! Dates: which days, months, years, decades and centuries a text speaks
//! of, in English, Russian, Korean (and Japanese era years).
//!
//! Pure functions, no I/O. Each rule is a regular expression for one way
//! of writing a date plus a builder that turns its match into dates; where
//! rules overlap the longest match wins, so `1904–1905` is one range rather
//! than two years and `13.10.2019` one day rather than a year. Bare numbers
//! become years only in 1000–2100 and only when nothing marks them as a
//! page, an amount, a count, a time or part of a longer number.

pub mod calendar;
mod rules;
pub mod words;

use serde::{Deserialize, Serialize};

pub use calendar::Day;

/// How exact a date mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    Decade,
    Century,
}

impl Precision {
    /// The name used in JSON (`day`, `month`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Century => "century",
        }
    }
}

/// One date a text mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The words of the text that say it.
    pub text: String,
    /// Byte range of those words in the text.
    pub start: usize,
    pub end: usize,
    /// First and last day of what is meant.
    pub from: Day,
    pub to: Day,
    pub precision: Precision,
    /// A remark, such as the Old Style date of an Old/New Style pair.
    pub note: Option<String>,
}

impl Mention {
    /// The years this mention counts for: every year of a span of at most
    /// ten years, the two ends of a longer one; none for decades and
    /// centuries, which are too coarse to name a year.
    pub fn years(&self) -> Vec<i32> {
        if self.precision >= Precision::Decade {
            return Vec::new();
        }
        let (a, b) = (self.from.year, self.to.year);
        if b - a <= 10 {
            (a..=b).collect()
        } else {
            vec![a, b]
        }
    }

    /// The decade this mention falls in (its first year's), for the
    /// timeline; none for centuries.
    pub fn decade(&self) -> Option<i32> {
        (self.precision <= Precision::Decade).then(|| self.from.year.div_euclid(10) * 10)
    }
}

/// Finds every date mentioned in `text`, in text order.
pub fn extract(text: &str) -> Vec<Mention> {
    rules::extract(text)
}

/// Precisions in the order of their codes in [`encode`].
const PRECISIONS: [Precision; 5] = [
    Precision::Day,
    Precision::Month,
    Precision::Year,
    Precision::Decade,
    Precision::Century,
];

/// The mentions of a passage in a compact form for storing beside it: one
/// line per mention, `start end year month day year month day precision`,
/// then a tab and the note when there is one. The words are not kept: they
/// are the passage's bytes `start..end`.
pub fn encode(mentions: &[Mention]) -> String {
    let mut out = String::new();
    for m in mentions {
        let code = PRECISIONS
            .iter()
            .position(|p| *p == m.precision)
            .unwrap_or(2);
        let (f, t) = (m.from, m.to);
        out.push_str(&format!(
            "{} {} {} {} {} {} {} {} {code}",
            m.start, m.end, f.year, f.month, f.day, t.year, t.month, t.day
        ));
        if let Some(note) = &m.note {
            out.push('\t');
            out.push_str(&note.replace(['\n', '\t'], " "));
        }
        out.push('\n');
    }
    out
}

/// The mentions [`encode`] stored for `text`; lines that do not fit the
/// text (a damaged or foreign value) are left out.
pub fn decode(text: &str, stored: &str) -> Vec<Mention> {
    stored
        .lines()
        .filter_map(|line| decode_line(text, line))
        .collect()
}

fn decode_line(text: &str, line: &str) -> Option<Mention> {
    let (numbers, note) = match line.split_once('\t') {
        Some((numbers, note)) => (numbers, Some(note.to_string())),
        None => (line, None),
    };
    let n: Vec<i64> = numbers
        .split(' ')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let [start, end, fy, fm, fd, ty, tm, td, code] = n[..] else {
        return None;
    };
    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    let day = |y: i64, m: i64, d: i64| {
        Day::new(
            i32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(d).ok()?,
        )
    };
    Some(Mention {
        text: text.get(start..end)?.to_string(),
        start,
        end,
        from: day(fy, fm, fd)?,
        to: day(ty, tm, td)?,
        precision: *PRECISIONS.get(usize::try_from(code).ok()?)?,
        note,
    })
}

/// Every year the mentions count for, sorted, without duplicates.
pub fn years(mentions: &[Mention]) -> Vec<i32> {
    let mut years: Vec<i32> = mentions.iter().flat_map(Mention::years).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// A date given by the user at year, month or day precision (`1905`,
/// `1905-09`, `1905-09-05`), as `--from` and `--to` take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// The first day it covers.
    pub fn first_day(self) -> Day {
        Day {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day it covers.
    pub fn last_day(self) -> Day {
        let month = self.month.unwrap_or(12);
        Day {
            year: self.year,
            month,
            day: self
                .day
                .unwrap_or_else(|| calendar::days_in_month(self.year, month)),
        }
    }
}

impl std::str::FromStr for PartialDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str| p.parse::<u32>().map_err(|_| bad());
        let year = match parts.first() {
            Some(y) if y.len() == 4 => number(y)? as i32,
            _ => return Err(bad()),
        };
        let month = parts.get(1).map(|m| number(m)).transpose()?;
        let day = parts.get(2).map(|d| number(d)).transpose()?;
        if parts.len() > 3 || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(bad());
        }
        if let (Some(m), Some(d)) = (month, day) {
            Day::new(year, m, d).ok_or_else(bad)?;
        }
        Ok(PartialDate { year, month, day })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_parse_and_bound() {
        let y: PartialDate = "1905".parse().unwrap();
        assert_eq!(
            (y.first_day().to_string(), y.last_day().to_string()),
            ("1905-01-01".into(), "1905-12-31".into())
        );
        let m: PartialDate = "1904-02".parse().unwrap();
        assert_eq!(m.last_day().to_string(), "1904-02-29");
        let d: PartialDate = "1905-09-05".parse().unwrap();
        assert_eq!(d.first_day(), d.last_day());
        for bad in ["05", "1905-13", "1905-02-30", "soon", "1905-1-1-1", ""] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn stored_mentions_come_back_whole() {
        let text = "Signed on 5 September 1905 (23 August O.S.), ratified in the 1900s, \
                    XX век, 1904-1905 гг.";
        let mentions = extract(text);
        assert!(mentions.len() >= 4, "{mentions:?}");
        assert_eq!(decode(text, &encode(&mentions)), mentions);
        assert_eq!(decode(text, ""), []);
        // Ranges outside the text and broken lines are dropped, not panics.
        assert_eq!(decode("short", &encode(&mentions)), []);
        assert_eq!(decode(text, "1 2 x\nnonsense\n"), []);
    }

    #[test]
    fn years_of_a_long_range_are_its_ends() {
        let m = &extract("1927-1941")[0];
        assert_eq!(m.years(), [1927, 1941]);
        assert_eq!(extract("1920-1930")[0].years().len(), 11);
    }
}
