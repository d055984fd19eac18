//! Readings of kanji names, so that `長崎`, `東郷平八郎` and `大山巌` get
//! name keys as their katakana readings do (ナガサキ, トウゴウ ヘイハチロウ).
//!
//! Kanji carry no sound of their own that a rule could read: a name's
//! reading comes from a dictionary. The names, places and proper nouns of
//! the MeCab IPA dictionary are read from its source files where the
//! system has them (Debian's `mecab-ipadic` package installs them in
//! [`DEFAULT_DIR`]; `SHIMODA_IPADIC` names another folder). Without them
//! kanji get no keys, as before: nothing is downloaded.
//!
//! A run of kanji is cut into dictionary words by longest match
//! ([`Readings::segments`]): `東郷平八郎` is `東郷` + `平八郎`.
//!
//! Korean reads kanji one character at a time (`金玉均` 김옥균, `釜山` 부산):
//! the Sino-Korean readings of single characters come from libhangul's
//! hanja table where the system has it (Debian's `libhangul-data`, in
//! [`HANJA_FILE`]; `SHIMODA_HANJA` names another file), see
//! [`korean_readings`].

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// Where Debian's `mecab-ipadic` puts the dictionary's source files.
pub const DEFAULT_DIR: &str = "/usr/share/mecab/dic/ipadic";
/// The environment variable naming another folder of those files.
pub const DIR_VARIABLE: &str = "SHIMODA_IPADIC";
/// The files of names, places and other proper nouns.
const FILES: &[&str] = &["Noun.name.csv", "Noun.place.csv", "Noun.proper.csv"];
/// Readings whose cost (the dictionary's, lower is likelier) is within this
/// of the word's likeliest are kept: `林` is ハヤシ and リン, `神戸` only
/// コウベ of its eight.
const COST_MARGIN: i32 = 2500;
/// Readings kept per word at most.
const MAX_READINGS: usize = 3;

/// Where Debian's `libhangul-data` puts its hanja table.
pub const HANJA_FILE: &str = "/usr/share/libhangul/hanja/hanja.txt";
/// The environment variable naming another hanja table.
pub const HANJA_VARIABLE: &str = "SHIMODA_HANJA";

/// The Sino-Korean readings of single kanji, and the Sino-Korean words of
/// the table.
pub struct Hanja {
    readings: FxHashMap<char, Vec<char>>,
    words: FxHashSet<Box<str>>,
    /// Words written in hanja and how Korean reads them (`朝鮮` → 조선),
    /// the first reading the table gives.
    written: FxHashMap<Box<str>, Box<str>>,
    /// Foreign names written in hanja and how Korean writes them today
    /// (`露西亞`, read 노서아, is 러시아), from the table's glosses.
    modern: FxHashMap<Box<str>, Box<str>>,
}

static HANJA: LazyLock<Option<Hanja>> =
    LazyLock::new(|| Hanja::load(&data_path(HANJA_VARIABLE, HANJA_FILE)));

/// The path an environment variable names, else the default one.
fn data_path(variable: &str, default: &str) -> PathBuf {
    std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// The hanja table of this system, loaded on first use; `None` when it is
/// not installed.
pub fn hanja() -> Option<&'static Hanja> {
    HANJA.as_ref()
}

impl Hanja {
    /// Reads a table of `hangul:hanja:gloss` lines, keeping the entries of
    /// one character; `None` when the file cannot be read.
    pub fn load(path: &Path) -> Option<Hanja> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut readings: FxHashMap<char, Vec<char>> = FxHashMap::default();
        let mut words: FxHashSet<Box<str>> = FxHashSet::default();
        let mut written: FxHashMap<Box<str>, Box<str>> = FxHashMap::default();
        let mut glossed: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut parts = line.split(':');
            let (Some(hangul), Some(hanja)) = (parts.next(), parts.next()) else {
                continue;
            };
            // A gloss of one Hangul word as long as the hanja is a name as
            // written today, unless many entries share it (`지명`, "place
            // name", is a category, not a name).
            if let Some(gloss) = parts.next()
                && gloss != hangul
                && gloss.chars().count() == hanja.chars().count()
                && gloss.chars().count() >= 2
                && gloss.chars().all(|c| ('가'..='힣').contains(&c))
            {
                glossed.entry(gloss).or_default().push(hanja);
            }
            if hangul.chars().nth(1).is_some() && !words.contains(hangul) {
                words.insert(hangul.into());
            }
            if hanja.chars().nth(1).is_some()
                && hanja.chars().count() == hangul.chars().count()
                && hanja.chars().all(is_kanji)
                && !written.contains_key(hanja)
            {
                written.insert(hanja.into(), hangul.into());
            }
            let single = |s: &str| {
                let mut chars = s.chars();
                chars.next().filter(|_| chars.next().is_none())
            };
            if let (Some(h), Some(k)) = (single(hangul), single(hanja))
                && is_kanji(k)
            {
                let known = readings.entry(k).or_default();
                if !known.contains(&h) {
                    known.push(h);
                }
            }
        }
        let modern = glossed
            .into_iter()
            .filter(|(_, hanja)| hanja.len() <= MAX_GLOSS_SHARED)
            .flat_map(|(gloss, hanja)| hanja.into_iter().map(move |h| (h.into(), gloss.into())))
            .collect();
        Some(Hanja {
            readings,
            words,
            written,
            modern,
        })
    }

    /// How Korean writes today the foreign name a whole run of hanja
    /// writes (`露西亞` → 러시아), when the table's gloss says so.
    pub fn modern_reading(&self, run: &str) -> Option<&str> {
        self.modern.get(run).map(|m| &**m)
    }

    /// How Korean reads a run of hanja (`朝鮮` → 조선, `露西亞` → 노서아):
    /// the longest words of the table first, the rest character by
    /// character with the initial-sound rule (두음법칙: `李` starting a
    /// word is 이, not 리). One syllable per character, so the reading lines
    /// up with the run; `None` when a character has no reading.
    pub fn hangul_reading(&self, run: &str) -> Option<String> {
        let chars: Vec<char> = run.chars().collect();
        let mut out = String::with_capacity(run.len());
        let mut at = 0;
        while at < chars.len() {
            let longest = (2..=MAX_WORD.min(chars.len() - at)).rev().find_map(|len| {
                let word: String = chars[at..at + len].iter().collect();
                self.written
                    .get(word.as_str())
                    .map(|reading| (len, reading))
            });
            match longest {
                Some((len, reading)) => {
                    out.push_str(reading);
                    at += len;
                }
                None => {
                    let reading = *self.readings.get(&chars[at])?.first()?;
                    let starts_word = at == 0 || out.is_empty();
                    out.push(if starts_word {
                        initial_sound_rule(reading)
                    } else {
                        reading
                    });
                    at += 1;
                }
            }
        }
        Some(out)
    }

    /// True for a Hangul word of two syllables or more that the table
    /// writes in hanja: an ordinary Sino-Korean word (`사실` "fact") or a
    /// Korean or Chinese name (`부산`), never a loanword (`처칠`).
    pub fn is_word(&self, hangul: &str) -> bool {
        self.words.contains(hangul)
    }

    /// The Korean readings of a word of kanji, each character read alone:
    /// every character's first reading, and each one in turn read its
    /// second way (`金` is 금 and 김). Empty when a character has none.
    pub fn korean_readings(&self, word: &str) -> Vec<String> {
        let Some(per_char): Option<Vec<&Vec<char>>> =
            word.chars().map(|c| self.readings.get(&c)).collect()
        else {
            return Vec::new();
        };
        let first: String = per_char.iter().map(|r| r[0]).collect();
        let mut out = vec![first];
        for (i, options) in per_char.iter().enumerate() {
            if let Some(&second) = options.get(1) {
                let reading: String = per_char
                    .iter()
                    .enumerate()
                    .map(|(j, r)| if i == j { second } else { r[0] })
                    .collect();
                out.push(reading);
            }
        }
        out
    }
}

/// Entries one gloss may be shared by and still be taken for a name.
const MAX_GLOSS_SHARED: usize = 4;

/// Longest hanja word looked up in the table.
const MAX_WORD: usize = 6;

/// A syllable as it is said starting a word (두음법칙): ㄹ before ㅑ ㅕ ㅖ ㅛ
/// ㅠ ㅣ becomes ㅇ, before other vowels ㄴ; ㄴ before those vowels ㅇ.
fn initial_sound_rule(syllable: char) -> char {
    let Some(index) = (syllable as u32).checked_sub(0xAC00).filter(|i| *i < 11172) else {
        return syllable;
    };
    let (initial, vowel, rest) = (index / 588, (index % 588) / 28, index % 28);
    let y_or_i = matches!(vowel, 2 | 6 | 7 | 12 | 17 | 20);
    let initial = match (initial, y_or_i) {
        (5, true) | (2, true) => 11,
        (5, false) => 2,
        _ => initial,
    };
    char::from_u32(0xAC00 + initial * 588 + vowel * 28 + rest).unwrap_or(syllable)
}

/// True for a Hangul word the hanja table holds (see [`Hanja::is_word`]);
/// false without the table.
pub fn is_sino_korean(hangul: &str) -> bool {
    hanja().is_some_and(|h| h.is_word(hangul))
}

/// The Sino-Korean readings of a word of kanji (see
/// [`Hanja::korean_readings`]); none without the hanja table.
pub fn korean_readings(word: &str) -> Vec<String> {
    hanja().map_or_else(Vec::new, |h| h.korean_readings(word))
}

/// The kanji words of the dictionary and their katakana readings.
pub struct Readings {
    words: FxHashMap<Box<str>, Vec<Box<str>>>,
    /// The longest word, in characters.
    longest: usize,
}

static READINGS: LazyLock<Option<Readings>> =
    LazyLock::new(|| Readings::load(&data_path(DIR_VARIABLE, DEFAULT_DIR)));

/// The dictionary of this system, loaded on first use; `None` when it is
/// not installed.
pub fn readings() -> Option<&'static Readings> {
    READINGS.as_ref()
}

/// True for a kanji (CJK ideograph, or the repeat mark `々`).
pub fn is_kanji(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The byte offsets where the characters of `text` start, and its end:
/// where a word cut from it may begin or end.
pub fn char_bounds(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// The runs of kanji in a text.
pub fn kanji_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_kanji(c)).filter(|r| !r.is_empty())
}

impl Readings {
    /// Reads the dictionary's files in `dir`; `None` when there are none.
    pub fn load(dir: &Path) -> Option<Readings> {
        let mut costs: FxHashMap<Box<str>, Vec<(i32, Box<str>)>> = FxHashMap::default();
        let mut found = false;
        for file in FILES {
            let Ok(bytes) = std::fs::read(dir.join(file)) else {
                continue;
            };
            found = true;
            let (text, _, _) = encoding_rs::EUC_JP.decode(&bytes);
            for line in text.lines() {
                if let Some((word, cost, reading)) = entry(line) {
                    costs
                        .entry(word.into())
                        .or_default()
                        .push((cost, reading.into()));
                }
            }
        }
        found.then(|| Readings::from_costs(costs))
    }

    fn from_costs(costs: FxHashMap<Box<str>, Vec<(i32, Box<str>)>>) -> Readings {
        let mut longest = 0;
        let words = costs
            .into_iter()
            .map(|(word, mut readings)| {
                longest = longest.max(word.chars().count());
                readings.sort();
                let best = readings[0].0;
                let mut kept: Vec<Box<str>> = Vec::new();
                for (cost, reading) in readings {
                    if cost <= best + COST_MARGIN
                        && kept.len() < MAX_READINGS
                        && !kept.contains(&reading)
                    {
                        kept.push(reading);
                    }
                }
                (word, kept)
            })
            .collect();
        Readings { words, longest }
    }

    /// The readings of one dictionary word.
    pub fn of(&self, word: &str) -> &[Box<str>] {
        self.words.get(word).map_or(&[], Vec::as_slice)
    }

    /// The readings of a run of kanji that two or three dictionary words
    /// cover (`大山巌` = 大山 + 巌, おおやまいわお), its words' readings in a
    /// row: every word's first reading, then each word's others in turn.
    /// Empty for a dictionary word or a run the words do not cover.
    pub fn joined(&self, run: &str) -> Vec<String> {
        let segments = self.segments(run);
        if !(2..=3).contains(&segments.len()) || segments.concat() != run {
            return Vec::new();
        }
        let per_word: Vec<&[Box<str>]> = segments.iter().map(|w| self.of(w)).collect();
        let first = |swap: Option<(usize, &str)>| -> String {
            per_word
                .iter()
                .enumerate()
                .map(|(i, r)| match swap {
                    Some((j, other)) if i == j => other,
                    _ => &r[0],
                })
                .collect()
        };
        let mut out = vec![first(None)];
        for (i, readings) in per_word.iter().enumerate() {
            for other in readings.iter().skip(1).take(2) {
                out.push(first(Some((i, other))));
            }
        }
        out
    }

    /// A run of kanji cut into dictionary words, longest first from the
    /// left; a kanji no word starts with is skipped. Words of one kanji are
    /// kept only when several words cover the whole run (`大山巌`): alone,
    /// or in a longer run, they are more often an ordinary word (`箱`).
    pub fn segments<'a>(&self, run: &'a str) -> Vec<&'a str> {
        let starts = char_bounds(run);
        let mut out = Vec::new();
        let mut covered = true;
        let mut i = 0;
        while i + 1 < starts.len() {
            let longest = (i + 1..starts.len().min(i + self.longest + 1))
                .rev()
                .find(|&j| self.words.contains_key(&run[starts[i]..starts[j]]));
            match longest {
                Some(j) => {
                    out.push(&run[starts[i]..starts[j]]);
                    i = j;
                }
                None => {
                    covered = false;
                    i += 1;
                }
            }
        }
        if !covered || out.len() == 1 {
            out.retain(|w| w.chars().nth(1).is_some());
        }
        out
    }
}

/// The word, cost and reading of one line of a dictionary file, when the
/// word is all kanji.
fn entry(line: &str) -> Option<(&str, i32, &str)> {
    let mut columns = line.split(',');
    let word = columns.next()?;
    let cost = columns.nth(2)?.parse().ok()?;
    let reading = columns.nth(7)?;
    (word.chars().all(is_kanji) && !reading.is_empty() && reading != "*")
        .then_some((word, cost, reading))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dictionary folder in the IPA dictionary's form and encoding.
    fn dictionary(lines: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let text = lines.join("\n");
        let (bytes, _, _) = encoding_rs::EUC_JP.encode(&text);
        std::fs::write(dir.path().join("Noun.name.csv"), bytes).unwrap();
        dir
    }

    const LINES: &[&str] = &[
        "東郷,1290,1290,7270,名詞,固有名詞,人名,姓,*,*,東郷,トウゴウ,トーゴー",
        "平八郎,1291,1291,8462,名詞,固有名詞,人名,名,*,*,平八郎,ヘイハチロウ,ヘイハチロー",
        "大山,1290,1290,5775,名詞,固有名詞,人名,姓,*,*,大山,オオヤマ,オーヤマ",
        "大山,1290,1290,7844,名詞,固有名詞,人名,姓,*,*,大山,ダイセン,ダイセン",
        "巌,1291,1291,8284,名詞,固有名詞,人名,名,*,*,巌,イワオ,イワオ",
        "神戸,1293,1293,5133,名詞,固有名詞,地域,一般,*,*,神戸,コウベ,コーベ",
        "神戸,1293,1293,12168,名詞,固有名詞,地域,一般,*,*,神戸,カンベ,カンベ",
        "ウラジオ,1293,1293,5133,名詞,固有名詞,地域,一般,*,*,ウラジオ,ウラジオ,ウラジオ",
    ];

    #[test]
    fn readings_come_from_the_dictionary_files() {
        let dir = dictionary(LINES);
        let readings = Readings::load(dir.path()).unwrap();
        assert_eq!(readings.of("東郷"), [Box::from("トウゴウ")]);
        assert_eq!(readings.of("大山").len(), 2);
        // Unlikely readings are left out, words in kana are not kept.
        assert_eq!(readings.of("神戸"), [Box::from("コウベ")]);
        assert!(readings.of("ウラジオ").is_empty());
    }

    #[test]
    fn a_folder_without_the_files_gives_no_readings() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Readings::load(dir.path()).is_none());
    }

    #[test]
    fn runs_are_cut_into_words_longest_first() {
        let dir = dictionary(LINES);
        let readings = Readings::load(dir.path()).unwrap();
        assert_eq!(readings.segments("東郷平八郎"), ["東郷", "平八郎"]);
        assert_eq!(readings.segments("大山巌"), ["大山", "巌"]);
        // A word of one kanji among unknown ones is not taken.
        assert_eq!(readings.segments("巌窟王"), Vec::<&str>::new());
        assert_eq!(readings.segments("在神戸領事"), ["神戸"]);
        assert_eq!(readings.segments("巌"), Vec::<&str>::new());
    }

    #[test]
    fn korean_readings_read_each_character() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hanja.txt");
        let table = "# comment\n균:均:고를 균\n금:金:쇠 금\n김:金:성 김\n옥:玉:구슬 옥\n\
                     김옥균:金玉均:\n";
        std::fs::write(&path, table).unwrap();
        let hanja = Hanja::load(&path).unwrap();
        assert_eq!(hanja.korean_readings("金玉均"), ["금옥균", "김옥균"]);
        // A word of the table is read as the table reads it.
        assert_eq!(hanja.hangul_reading("金玉均").as_deref(), Some("김옥균"));
    }

    #[test]
    fn hanja_starting_a_word_follow_the_initial_sound_rule() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hanja.txt");
        std::fs::write(&path, "량:兩:\n국:國:\n로:露:\n녀:女:\n").unwrap();
        let hanja = Hanja::load(&path).unwrap();
        assert_eq!(hanja.hangul_reading("兩國").as_deref(), Some("양국"));
        assert_eq!(hanja.hangul_reading("露國").as_deref(), Some("노국"));
        assert_eq!(hanja.hangul_reading("女").as_deref(), Some("여"));
        assert_eq!(hanja.hangul_reading("國女").as_deref(), Some("국녀"));
        assert_eq!(hanja.hangul_reading("國X"), None);
        assert!(hanja.korean_readings("金山").is_empty());
    }

    #[test]
    fn kanji_runs_split_at_kana_and_punctuation() {
        let runs: Vec<&str> = kanji_runs("東郷平八郎は、長崎で々").collect();
        assert_eq!(runs, ["東郷平八郎", "長崎", "々"]);
    }
}
