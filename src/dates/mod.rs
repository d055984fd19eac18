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

/// Marks a mention with a note in its precision byte.
const HAS_NOTE: u8 = 0x80;

/// The mentions of a passage in a compact form for storing beside it, a
/// few bytes each: for each mention its start (counted from the end of the
/// one before), its length, its first day (days since 1970, zigzag) and
/// the days to its last, as LEB128 numbers; then its precision (with
/// [`HAS_NOTE`]) and, when noted, the note's length and bytes. The words are
/// not kept: they are the passage's bytes `start..end`.
pub fn encode(mentions: &[Mention]) -> Vec<u8> {
    let mut out = Vec::with_capacity(mentions.len() * 8);
    let mut last_end = 0;
    for m in mentions {
        put(&mut out, m.start.saturating_sub(last_end) as u64);
        put(&mut out, (m.end - m.start) as u64);
        let from = m.from.days_since_epoch();
        put(&mut out, ((from << 1) ^ (from >> 63)) as u64);
        put(&mut out, (m.to.days_since_epoch() - from).max(0) as u64);
        let code = PRECISIONS
            .iter()
            .position(|p| *p == m.precision)
            .unwrap_or(2) as u8;
        match &m.note {
            Some(note) => {
                out.push(code | HAS_NOTE);
                put(&mut out, note.len() as u64);
                out.extend_from_slice(note.as_bytes());
            }
            None => out.push(code),
        }
        last_end = m.end;
    }
    out
}

/// The mentions [`encode`] stored for `text`. Stops at the first mention
/// that does not fit the text (a damaged value): never panics.
pub fn decode(text: &str, stored: &[u8]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut bytes = stored;
    let mut last_end = 0usize;
    while !bytes.is_empty() {
        let Some(m) = decode_one(text, &mut bytes, last_end) else {
            break;
        };
        last_end = m.end;
        out.push(m);
    }
    out
}

fn decode_one(text: &str, bytes: &mut &[u8], last_end: usize) -> Option<Mention> {
    let start = last_end.checked_add(usize::try_from(take(bytes)?).ok()?)?;
    let end = start.checked_add(usize::try_from(take(bytes)?).ok()?)?;
    let zigzag = take(bytes)?;
    let from = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
    let to = from.checked_add(i64::try_from(take(bytes)?).ok()?)?;
    let (&code, rest) = bytes.split_first()?;
    *bytes = rest;
    let note = if code & HAS_NOTE != 0 {
        let len = usize::try_from(take(bytes)?).ok()?;
        let note = std::str::from_utf8(bytes.get(..len)?).ok()?.to_string();
        *bytes = &bytes[len..];
        Some(note)
    } else {
        None
    };
    Some(Mention {
        text: text.get(start..end)?.to_string(),
        start,
        end,
        from: Day::from_days_since_epoch(from)?,
        to: Day::from_days_since_epoch(to)?,
        precision: *PRECISIONS.get(usize::from(code & !HAS_NOTE))?,
        note,
    })
}

/// Appends `n` as LEB128: seven bits a byte, the high bit saying more follow.
fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Takes one LEB128 number off the front of `bytes`.
fn take(bytes: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        n |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            *bytes = &bytes[i + 1..];
            return Some(n);
        }
    }
    None
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
        let text = "Signed on 5 September 1905, ratified in the 1900s, XX век, \
                    1904-1905 гг., война началась 27 января (9 февраля) 1904 года.";
        let mentions = extract(text);
        assert!(mentions.len() >= 4, "{mentions:?}");
        assert_eq!(decode(text, &encode(&mentions)), mentions);
        assert!(mentions.iter().any(|m| m.note.is_some()), "{mentions:?}");
        assert_eq!(decode(text, &[]), []);
        // Ranges outside the text and damaged bytes end the list, never panic.
        assert_eq!(decode("short", &encode(&mentions)), []);
        assert_eq!(decode(text, &[0xff; 12]), []);
        let stored = encode(&mentions);
        for cut in 0..stored.len() {
            assert!(decode(text, &stored[..cut]).len() < mentions.len());
        }
    }

    #[test]
    fn years_of_a_long_range_are_its_ends() {
        let m = &extract("1927-1941")[0];
        assert_eq!(m.years(), [1927, 1941]);
        assert_eq!(extract("1920-1930")[0].years().len(), 11);
    }
}
