//! What indexing learns from a passage's text alone, whatever file holds
//! it: the language it reads as, its dates, its name-like spellings and
//! the alias pairs it gives.
//!
//! Collections repeat paragraphs (reprints of an article, boilerplate,
//! a slide deck's footer, `[edit]` marks), and detection, dates and names
//! cost far more than a lookup, so each thread keeps what it learned of the
//! texts it saw last, keyed by the whole text.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::aliases::{self, MinedPair};
use crate::analyze::script;
use crate::analyze::translit;
use crate::analyze::{Analyzer, Profile};
use crate::{dates, detect};

/// What a passage's text alone says.
#[derive(Debug, PartialEq)]
pub(super) struct Facts {
    /// The language the text reads as alone (`None`: too little to tell;
    /// the file's other passages decide).
    pub detected: Option<crate::lang::Lang>,
    /// The runs of three characters of the Korean and CJK words, one a
    /// line (see [`crate::schema::GRAM_RUNS`]); empty when there are none.
    pub gram_runs: String,
    pub dates: Dates,
    /// Name-like spellings ([`translit::name_spellings`]), each once, in
    /// text order, with whether they only start sentences.
    pub spellings: Vec<(Box<str>, bool)>,
    pub mined: Vec<MinedPair>,
}

/// A passage's dates as the index stores them.
#[derive(Debug, PartialEq)]
pub(super) struct Dates {
    /// Every year mentioned, sorted, each once.
    pub years: Vec<i32>,
    /// The decade of the first date that has one.
    pub decade: Option<i32>,
    /// Days (since 1970-01-01) the dates cover: each day date and the
    /// first and last day of each month and year, sorted, each once.
    pub days: Vec<i64>,
    /// The mentions in [`dates::encode`]'s form; `None` when there are none.
    pub encoded: Option<Vec<u8>>,
}

/// Bytes of text a thread keeps the facts of before it starts afresh: a
/// bound on memory (the facts take about as much again as their texts).
const LIMIT_BYTES: usize = 8 << 20;

/// The texts a thread saw last and their facts.
#[derive(Default)]
struct Known {
    facts: FxHashMap<Box<str>, Rc<Facts>>,
    /// The bytes of the texts held.
    bytes: usize,
}

thread_local! {
    static KNOWN: RefCell<Known> = RefCell::new(Known::default());
}

/// The facts of `text`, worked out or found among the texts this thread
/// saw last.
pub(super) fn of(text: &str) -> Rc<Facts> {
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if let Some(facts) = known.facts.get(text) {
            return Rc::clone(facts);
        }
        if known.bytes + text.len() > LIMIT_BYTES {
            known.facts.clear();
            known.bytes = 0;
        }
        let facts = Rc::new(work_out(text));
        known.bytes += text.len();
        known.facts.insert(text.into(), Rc::clone(&facts));
        facts
    })
}

/// Korean and CJK words are analyzed alike in every profile.
static GRAM_ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(Profile::Default));

/// The facts of `text`, worked out.
fn work_out(text: &str) -> Facts {
    // Cut into words once, for detection, gram runs and names.
    let words = script::words(text);
    let spellings = translit::name_spellings(text, &words)
        .into_iter()
        .map(|s| (s.text.into(), s.initial_only))
        .collect();
    Facts {
        detected: detect::detect_words(text, &words),
        gram_runs: GRAM_ANALYZER.gram_run_lines(&words),
        dates: dates_of(&dates::extract(text)),
        spellings,
        mined: aliases::mine(text),
    }
}

fn dates_of(mentions: &[dates::Mention]) -> Dates {
    Dates {
        years: dates::years(mentions),
        decade: mentions.iter().find_map(dates::Mention::decade),
        days: covered_days(mentions),
        encoded: (!mentions.is_empty()).then(|| dates::encode(mentions)),
    }
}

/// The days `--from`/`--to` compare with: each day or month mentioned by
/// its bounds, a whole year by its first and last day.
fn covered_days(mentions: &[dates::Mention]) -> Vec<i64> {
    let mut days: Vec<i64> = mentions
        .iter()
        .filter(|m| m.precision <= dates::Precision::Year)
        .flat_map(|m| {
            m.years().into_iter().flat_map(|y| {
                let from = if y == m.from.year {
                    m.from
                } else {
                    dates::Day::year_start(y)
                };
                let to = if y == m.to.year {
                    m.to
                } else {
                    dates::Day::year_end(y)
                };
                [from.days_since_epoch(), to.days_since_epoch()]
            })
        })
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_found_again_are_the_facts_worked_out() {
        let text = "Портсмутский мирный договор (Portsmouth) был подписан 5 сентября 1905 года \
                    и завершил войну между Россией и Японией.";
        let first = of(text);
        let again = of(text);
        assert!(Rc::ptr_eq(&first, &again));
        assert_eq!(*again, work_out(text));
        assert_eq!(first.detected, Some(crate::lang::Lang::RUSSIAN));
        assert_eq!(first.dates.years, vec![1905]);
        assert!(first.dates.encoded.is_some());
        assert!(first.spellings.iter().any(|s| &*s.0 == "portsmouth"));
        assert!(first.gram_runs.is_empty());
    }

    #[test]
    fn korean_text_has_gram_runs_and_stemmed_spellings() {
        let facts = of("쿠나시르에서 1855년 러일 화친 조약이 맺어졌다");
        assert!(facts.gram_runs.lines().any(|run| run == "쿠나시"));
        assert_eq!(facts.detected, Some(crate::lang::Lang::KOREAN));
        assert!(facts.spellings.iter().any(|s| &*s.0 == "쿠나시르"));
        assert_eq!(facts.dates.years, vec![1855]);
    }

    #[test]
    fn a_whole_year_covers_its_first_and_last_day() {
        let facts = of("The treaty of 1905.");
        let start = dates::Day::year_start(1905).days_since_epoch();
        let end = dates::Day::year_end(1905).days_since_epoch();
        assert_eq!(facts.dates.days, vec![start, end]);
        assert_eq!(facts.dates.decade, Some(1900));
    }
}
