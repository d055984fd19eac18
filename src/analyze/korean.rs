//! Korean without a dictionary: particle and ending stripping, then
//! character bigrams.
//!
//! Korean glues particles and endings to the word before them
//! (`쿠나시르에서` = Kunashir + "in") and writes compounds without spaces
//! (`평화조약` = peace + treaty). A morphological dictionary would split both,
//! but the usual ones download at build time, which our machines cannot do.
//! Instead each word loses its longest known trailing particle or ending, and
//! what is left is indexed as overlapping two-syllable grams. A query word is
//! cut the same way, so `조약` (one gram) is found inside `평화조약을`, and
//! `쿠나시르` (three grams in a row) inside `쿠나시르와`.

use rustc_hash::FxHashMap;

/// Particles and endings of two or more syllables, stripped from any word
/// that keeps at least one syllable. Longer entries win over shorter ones.
const LONG_SUFFIXES: &[&str] = &[
    // Case particles and their combinations.
    "에서는",
    "에서도",
    "에서의",
    "에서부터",
    "에게서",
    "으로는",
    "으로도",
    "으로의",
    "으로서",
    "으로써",
    "로서는",
    "에게는",
    "에게도",
    "까지는",
    "까지도",
    "부터는",
    "와의",
    "과의",
    "와는",
    "과는",
    "에는",
    "에도",
    "에의",
    "에서",
    "에게",
    "한테",
    "으로",
    "까지",
    "부터",
    "처럼",
    "보다",
    "로서",
    "로써",
    "마저",
    "조차",
    "이나",
    "이며",
    "이고",
    "이란",
    "이라는",
    "라는",
    "이라고",
    "라고",
    "이다",
    "였다",
    "이었다",
    "입니다",
    "이었습니다",
    "였습니다",
    "들이",
    "들은",
    "들을",
    "들의",
    "들과",
    "들에",
    "들도",
    "들로",
    // Endings of verbs made from nouns (체결했다 = concluded).
    "했습니다",
    "하였습니다",
    "했다",
    "하였다",
    "합니다",
    "하는",
    "하고",
    "하여",
    "해서",
    "하기",
    "하지",
    "되었습니다",
    "되었다",
    "됐습니다",
    "됐다",
    "되는",
    "되어",
    "되고",
    "된다",
    "됩니다",
    "시키는",
];

/// One-syllable particles, stripped only from words of three syllables or
/// more, so that two-syllable nouns ending in one of them (`국가`, `사이`)
/// keep their last syllable.
const SHORT_SUFFIXES: &[char] = &[
    '이', '가', '은', '는', '을', '를', '의', '에', '와', '과', '도', '로', '만', '들', '께', '나',
    '랑',
];

/// Whether the analysis is for the index or for a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Index,
    Query,
    /// A query for a fixed name (an alias): Latin words keep their
    /// derivation and lose only a plural ending, so that the alias
    /// `Neutrality Pact` does not find "non-neutral pacts".
    Name,
}

/// A gram cut from a Korean word: its text and byte range within the word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gram {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// True for a gram that stands at the same position as the one before
    /// it (an alternative reading), false for one that follows it.
    pub same_position: bool,
}

/// The stem of a Korean word: the word without its trailing particle or
/// ending.
pub fn stem(word: &str) -> &str {
    let Some(last) = word.chars().next_back() else {
        return word;
    };
    let mut best: Option<&str> = None;
    // Only endings that end in the word's last syllable can match.
    let candidates = SUFFIXES_BY_LAST
        .get(&last)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for suffix in candidates {
        if word.len() > suffix.len()
            && word.ends_with(suffix)
            && best.is_none_or(|b| suffix.len() > b.len())
        {
            best = Some(suffix);
        }
    }
    if let Some(suffix) = best {
        return &word[..word.len() - suffix.len()];
    }
    if SHORT_SUFFIXES.contains(&last) && word.chars().nth(2).is_some() {
        return &word[..word.len() - last.len_utf8()];
    }
    word
}

/// LONG_SUFFIXES grouped by their last syllable (a fast hash: every Hangul
/// word of a corpus is looked up, for its names as well as its grams).
static SUFFIXES_BY_LAST: std::sync::LazyLock<FxHashMap<char, Vec<&'static str>>> =
    std::sync::LazyLock::new(|| {
        let mut map: FxHashMap<char, Vec<&'static str>> = FxHashMap::default();
        for suffix in LONG_SUFFIXES {
            if let Some(last) = suffix.chars().next_back() {
                map.entry(last).or_default().push(suffix);
            }
        }
        map
    });

/// Cuts one Korean word into grams.
///
/// At index time a two-syllable word whose second syllable is a particle
/// (`섬은` = the island + topic) also yields its first syllable alone, so
/// that the one-syllable query `섬` finds it; a query never adds that
/// alternative, so `국가` (country) does not turn into `국`.
pub fn grams(word: &str, mode: Mode) -> Vec<Gram> {
    let stem = stem(word);
    let mut out = char_grams(stem);
    if mode == Mode::Index
        && stem.len() == word.len()
        && let Some(alt) = short_word_alternative(word)
    {
        out.push(alt);
    }
    out
}

/// Overlapping two-character grams of `text`, or the text itself when it is
/// one character long.
pub fn char_grams(text: &str) -> Vec<Gram> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() < 2 {
        return chars
            .first()
            .map(|_| Gram {
                text: text.to_string(),
                start: 0,
                end: text.len(),
                same_position: false,
            })
            .into_iter()
            .collect();
    }
    chars
        .windows(2)
        .map(|pair| {
            let (start, _) = pair[0];
            let end = pair[1].0 + pair[1].1.len_utf8();
            Gram {
                text: text[start..end].to_string(),
                start,
                end,
                same_position: false,
            }
        })
        .collect()
}

/// Writes into `out` the run two grams in a row make: the first and the
/// last character of the second (`러시` + `시아` → `러시아`).
pub fn join_grams(first: &str, second: &str, out: &mut String) {
    out.clear();
    out.push_str(first);
    out.extend(second.chars().skip(1));
}

/// The runs of each two grams in a row of `grams` (a word's grams, in
/// order): what the gram-run field holds for the word.
pub fn gram_runs<'a>(grams: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let grams: Vec<&str> = grams.into_iter().collect();
    grams
        .windows(2)
        .map(|pair| {
            let mut run = String::new();
            join_grams(pair[0], pair[1], &mut run);
            run
        })
        .collect()
}

fn short_word_alternative(word: &str) -> Option<Gram> {
    let mut chars = word.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    if chars.next().is_some() || !SHORT_SUFFIXES.contains(&second) {
        return None;
    }
    Some(Gram {
        text: first.to_string(),
        start: 0,
        end: first.len_utf8(),
        same_position: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(word: &str, mode: Mode) -> Vec<String> {
        grams(word, mode).into_iter().map(|g| g.text).collect()
    }

    #[test]
    fn strips_particles_and_endings() {
        assert_eq!(stem("쿠나시르에서"), "쿠나시르");
        assert_eq!(stem("조약으로"), "조약");
        assert_eq!(stem("사할린에서는"), "사할린");
        assert_eq!(stem("평화조약을"), "평화조약");
        assert_eq!(stem("체결했다"), "체결");
        assert_eq!(stem("남사할린이"), "남사할린");
    }

    #[test]
    fn keeps_two_syllable_nouns_whole() {
        assert_eq!(stem("국가"), "국가");
        assert_eq!(stem("사이"), "사이");
        assert_eq!(stem("조약"), "조약");
    }

    #[test]
    fn never_strips_a_whole_word() {
        assert_eq!(stem("에서"), "에서");
        assert_eq!(stem("으로"), "으로");
    }

    #[test]
    fn bigrams_of_the_stem() {
        assert_eq!(texts("쿠나시르와", Mode::Query), ["쿠나", "나시", "시르"]);
        assert_eq!(texts("평화조약을", Mode::Index), ["평화", "화조", "조약"]);
        assert_eq!(texts("섬", Mode::Query), ["섬"]);
    }

    #[test]
    fn short_word_with_particle_also_indexes_its_first_syllable() {
        assert_eq!(texts("섬은", Mode::Index), ["섬은", "섬"]);
        assert_eq!(texts("섬은", Mode::Query), ["섬은"]);
        assert_eq!(texts("국가", Mode::Query), ["국가"]);
    }

    #[test]
    fn compound_contains_query_grams() {
        let doc = texts("중립조약이", Mode::Index);
        for gram in texts("조약", Mode::Query) {
            assert!(doc.contains(&gram));
        }
        let unrelated = texts("조선", Mode::Index);
        assert!(!unrelated.contains(&"조약".to_string()));
    }

    #[test]
    fn runs_join_grams_in_a_row() {
        let grams = texts("러시아와", Mode::Index);
        assert_eq!(gram_runs(grams.iter().map(String::as_str)), ["러시아"]);
        let grams = texts("평화조약을", Mode::Index);
        assert_eq!(
            gram_runs(grams.iter().map(String::as_str)),
            ["평화조", "화조약"]
        );
        assert!(gram_runs(["조약"]).is_empty());
    }

    #[test]
    fn gram_offsets_point_into_the_word() {
        let word = "사할린에서";
        for g in grams(word, Mode::Index) {
            assert_eq!(&word[g.start..g.end], g.text);
        }
    }
}
