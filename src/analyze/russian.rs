//! Forms of a Russian word that its stemmer may cut apart.
//!
//! Snowball's Russian stemmer reads a noun's nominative ending in -ов or -ев
//! as a genitive plural: `остров` becomes `остр`, while `острова` and
//! `островом` become `остров`. A query word is therefore also looked up by
//! the stems of its other case forms ([`case_forms`]), so every form finds
//! every other.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Analyzer, Mode, Profile, Script};

/// A text that is one Cyrillic word, lowercased.
pub fn single_word(text: &str) -> Option<String> {
    let words = super::script::words(text);
    match words.as_slice() {
        [word] if word.script == Script::Cyrillic && word.text.len() == text.trim().len() => {
            Some(word.text.to_lowercase())
        }
        _ => None,
    }
}

/// The stems of a Russian word's case forms ([`case_forms`]), each once:
/// `остров` is stemmed `остр`, its other forms `остров`.
///
/// A search asks this for its query words and then again for each hit it
/// shows (which forms it holds): the thread keeps the last words' stems.
pub fn case_stems(analyzer: &Analyzer, word: &str, mode: Mode) -> Rc<[String]> {
    let key = (analyzer.profile(), mode, word.to_string());
    if let Some(known) =
        KNOWN.with_borrow(|k| k.iter().find(|(w, _)| *w == key).map(|(_, s)| Rc::clone(s)))
    {
        return known;
    }
    let mut stems: Vec<String> = Vec::new();
    for form in case_forms(word) {
        for term in analyzer.analyze(&form, mode) {
            if !stems.contains(&term.text) {
                stems.push(term.text);
            }
        }
    }
    let stems: Rc<[String]> = stems.into();
    KNOWN.with_borrow_mut(|k| {
        if k.len() >= KNOWN_WORDS {
            k.remove(0);
        }
        k.push((key, Rc::clone(&stems)));
    });
    stems
}

/// Words whose case stems a thread keeps.
const KNOWN_WORDS: usize = 32;

/// A word as its stems were asked for: the analyzer's profile, the mode
/// and the word.
type Asked = (Profile, Mode, String);

thread_local! {
    static KNOWN: RefCell<Vec<(Asked, Rc<[String]>)>> = const { RefCell::new(Vec::new()) };
}

/// Case endings a noun's base takes (singular and plural).
const ENDINGS: &[&str] = &[
    "", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах", "и", "ой", "ю", "ей", "я", "ем",
];

/// Endings that may end a form of a noun, longest first.
const STRIP: &[&str] = &[
    "ами", "ями", "ом", "ем", "ой", "ей", "ам", "ям", "ах", "ях", "ов", "ев", "а", "я", "у", "ю",
    "е", "ы", "и", "о", "ь",
];

/// Adjective endings, longest first.
const ADJECTIVE_ENDINGS: &[&str] = &[
    "ыми", "ими", "ого", "его", "ому", "ему", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие",
    "ым", "им", "ом", "ем", "ую", "юю", "ей", "ых", "их",
];

/// The noun a relational adjective (lowercase, one word) is made from,
/// with -н- or -ск- off (`опиумная` of `опиум`, `северный` of `север`),
/// where Snowball keeps the suffix in the stem.
pub fn relational_noun(word: &str) -> Option<String> {
    if word.contains(' ') {
        return None;
    }
    let base = ADJECTIVE_ENDINGS
        .iter()
        .find_map(|e| word.strip_suffix(e))?;
    let noun = base.strip_suffix("ск").or_else(|| base.strip_suffix('н'))?;
    (noun.chars().count() >= 3).then(|| noun.to_string())
}

/// The forms of `word` (lowercase, Cyrillic) whose stems a query should
/// accept: `word` itself and its bases (without a case ending, keeping
/// three letters), each with every case ending.
pub fn case_forms(word: &str) -> Vec<String> {
    let mut bases = vec![word];
    for ending in STRIP {
        if let Some(base) = word.strip_suffix(ending)
            && base.chars().count() >= 3
        {
            bases.push(base);
        }
    }
    let mut out: Vec<String> = Vec::new();
    for base in bases {
        for ending in ENDINGS {
            let form = format!("{base}{ending}");
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

// Stems Snowball cuts apart within one noun or adjective (`отца` → `отц`,
// `отец` → `отец`), each with its word's lemma stem, as `RUSSIAN_STEMS`:
// generated from the OpenCorpora dictionary (`data/ru_stems.tsv`, see
// `examples/stem_table.rs`), sorted for a binary search.
include!(concat!(env!("OUT_DIR"), "/ru_stems.rs"));

/// The stem a Russian stem stands for: its word's lemma stem when Snowball
/// cuts the word's forms apart (`отц` → `отец`), else itself.
pub fn joined_stem(stem: &str) -> &str {
    RUSSIAN_STEMS
        .binary_search_by(|(s, _)| (*s).cmp(stem))
        .map_or(stem, |i| RUSSIAN_STEMS[i].1)
}

#[cfg(test)]
mod tests {

    #[test]
    fn relational_adjectives_lose_their_suffix() {
        assert_eq!(
            super::relational_noun("портсмутский").as_deref(),
            Some("портсмут")
        );
        assert_eq!(super::relational_noun("опиумная").as_deref(), Some("опиум"));
        assert_eq!(super::relational_noun("опиум"), None);
    }

    #[test]
    fn forms_snowball_cuts_apart_share_a_stem() {
        let analyzer = Analyzer::new(Profile::Default);
        let stem = |w: &str| analyzer.analyze(w, Mode::Index)[0].text.clone();
        assert_eq!(stem("авианосца"), stem("авианосец"));
        assert_eq!(stem("сестёр"), stem("сестра"));
        // A stem a form of another word has too is never joined: `после`
        // (after) is not a form of `посол` (ambassador) to the table.
        assert_ne!(stem("после"), stem("посол"));
    }
    use super::*;

    #[test]
    fn forms_of_either_stem_are_generated() {
        let from_nominative = case_forms("остров");
        assert!(from_nominative.iter().any(|f| f == "острова"));
        let from_genitive = case_forms("острова");
        assert!(from_genitive.iter().any(|f| f == "остров"));
        assert!(case_forms("ос").contains(&"ос".to_string()));
    }
}
