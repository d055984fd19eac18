//! Text analysis: from a passage (or a query word) to the terms the index
//! holds.
//!
//! The pipeline follows charabia's shape: segment by script, then treat each
//! word by its script. A passage's language only decides how Latin-script
//! words are stemmed (English, French, German, ...): Cyrillic words always
//! get the Russian stemmer, Hangul words the Korean analyzer, Han and kana
//! character bigrams. So a Latin name in a Korean passage or a Russian word
//! in an English one is analyzed as it would be in its own language, and a
//! query word analyzed the same way finds it.

pub mod kana;
pub mod kanji;
pub mod korean;
pub mod kyujitai;
pub mod mandarin;
pub mod orthography;
pub mod russian;
pub mod script;
pub mod translit;

use std::borrow::Cow;
use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

pub use korean::Mode;
use script::{Script, Word};

pub use crate::lang::Profile;

/// What kind of term an analyzer produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A whole word, stemmed or folded.
    Word,
    /// A character gram of a Korean or CJK word; grams of one word follow
    /// each other in position.
    Gram,
}

/// One term produced by analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Position in the text; grams of one word take consecutive positions,
    /// and an alternative takes the position of the term before it.
    pub position: usize,
    /// Byte range of the source characters in the analyzed text.
    pub start: usize,
    pub end: usize,
    pub kind: TermKind,
    /// Index of the source word in the text, shared by all grams of a word.
    pub word: usize,
}

/// A term as analysis hands it out, borrowing its text (see
/// [`Analyzer::visit_terms`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRef<'a> {
    pub text: &'a str,
    pub position: usize,
    pub start: usize,
    pub end: usize,
    pub kind: TermKind,
    pub word: usize,
}

impl TermRef<'_> {
    /// The term with its own copy of the text.
    pub fn to_term(self) -> Term {
        Term {
            text: self.text.to_string(),
            position: self.position,
            start: self.start,
            end: self.end,
            kind: self.kind,
            word: self.word,
        }
    }
}

/// An analyzer: a profile plus the stemmers it needs, ready to run.
#[derive(Clone)]
pub struct Analyzer {
    profile: Profile,
    latin: Option<std::sync::Arc<Stemmer>>,
    cyrillic: Option<std::sync::Arc<Stemmer>>,
    greek: std::sync::Arc<Stemmer>,
    arabic: std::sync::Arc<Stemmer>,
    tamil: std::sync::Arc<Stemmer>,
}

impl Analyzer {
    /// Builds the analyzer of a profile.
    pub fn new(profile: Profile) -> Analyzer {
        let stemmer = |a| Some(std::sync::Arc::new(Stemmer::create(a)));
        let (latin, cyrillic) = match profile {
            Profile::Default => (stemmer(Algorithm::English), stemmer(Algorithm::Russian)),
            Profile::Latin(a) => (stemmer(a), stemmer(Algorithm::Russian)),
            Profile::Plain => (None, None),
        };
        Analyzer {
            profile,
            latin,
            cyrillic,
            greek: std::sync::Arc::new(Stemmer::create(Algorithm::Greek)),
            arabic: std::sync::Arc::new(Stemmer::create(Algorithm::Arabic)),
            tamil: std::sync::Arc::new(Stemmer::create(Algorithm::Tamil)),
        }
    }

    /// The profile the analyzer was built for.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Analyzes `text` into terms, appending them to `out`.
    pub fn analyze_into(&self, text: &str, mode: Mode, out: &mut Vec<Term>) {
        self.visit_terms(text, mode, |t| out.push(t.to_term()));
    }

    /// Analyzes `text`, handing each term to `visit` as it is made: the
    /// terms borrow from the analyzer's cache, so indexing copies each into
    /// a reused token instead of allocating it. The cache is borrowed while
    /// `visit` runs: `visit` must not analyze text itself.
    pub fn visit_terms(&self, text: &str, mode: Mode, mut visit: impl FnMut(TermRef<'_>)) {
        let words = script::words(text);
        let mut position = 0;
        // The cache is taken once for the whole text, not once a word; a
        // `visit` that analyzes text itself finds it taken and goes on
        // without it.
        let cached = |cache: &RefCell<Vec<(Profile, WordCache)>>| {
            let mut cache = cache.try_borrow_mut().ok()?;
            let known = self.known_words(&mut cache);
            for (index, word) in words.iter().enumerate() {
                let analyzed = self.known_word(known, word);
                emit(analyzed, (index, word), mode, &mut position, &mut visit);
            }
            Some(())
        };
        if mode == Mode::Index && WORD_CACHE.with(cached).is_some() {
            return;
        }
        for (index, word) in words.iter().enumerate() {
            let analyzed = self.analyze_word(word, mode);
            emit(&analyzed, (index, word), mode, &mut position, &mut visit);
        }
    }

    /// The runs of three characters that each two grams in a row of a
    /// Korean or CJK word make (`러시` + `시아` → `러시아`), for the
    /// [`crate::schema::GRAM_RUNS`] field: matching a word of three
    /// characters or more there takes no positions, unlike a phrase of its
    /// grams. Other words are skipped. The text comes cut into words
    /// (by [`script::words`]).
    pub fn visit_gram_runs_of(&self, words: &[Word], mut visit: impl FnMut(TermRef<'_>)) {
        let mut run = String::new();
        let mut position = 0;
        let mut runs_of = |(index, word): (usize, &Word), analyzed: &Analyzed| {
            let Analyzed::Grams(grams) = analyzed else {
                return;
            };
            // A gram's alternatives (for hanja, its readings: see
            // `with_hangul_readings`) follow it and make runs of their own.
            let alternatives = |i: usize| {
                let next = (i + 1..grams.len()).find(|&j| !grams[j].same_position);
                &grams[i + 1..next.unwrap_or(grams.len())]
            };
            let mut last: Option<usize> = None;
            for i in (0..grams.len()).filter(|&i| !grams[i].same_position) {
                if let Some(b) = last {
                    let (before, gram) = (&grams[b], &grams[i]);
                    let (start, end) = (word.start + before.start, word.start + gram.end);
                    let mut emit_run = |text: &str| {
                        visit(TermRef {
                            text,
                            position,
                            start,
                            end,
                            kind: TermKind::Gram,
                            word: index,
                        })
                    };
                    korean::join_grams(&before.text, &gram.text, &mut run);
                    emit_run(&run);
                    if word.script == Script::Cjk {
                        let mut alternative = String::new();
                        for (a, b) in alternatives(b).iter().zip(alternatives(i)) {
                            korean::join_grams(&a.text, &b.text, &mut alternative);
                            emit_run(&alternative);
                        }
                    }
                    position += 1;
                }
                last = Some(i);
            }
        };
        let gram_words = words
            .iter()
            .enumerate()
            .filter(|(_, w)| matches!(w.script, Script::Hangul | Script::Cjk));
        WORD_CACHE.with(|cache| match cache.try_borrow_mut() {
            Ok(mut cache) => {
                let known = self.known_words(&mut cache);
                for (index, word) in gram_words {
                    runs_of((index, word), self.known_word(known, word));
                }
            }
            // Taken by a caller further up: analyze without it.
            Err(_) => {
                for (index, word) in gram_words {
                    runs_of((index, word), &self.analyze_word(word, Mode::Index));
                }
            }
        });
    }

    /// The gram runs of a text cut into words, one a line (the value of
    /// the [`crate::schema::GRAM_RUNS`] field); empty when it has none.
    pub fn gram_run_lines(&self, words: &[Word]) -> String {
        let mut lines = String::new();
        self.visit_gram_runs_of(words, |run| {
            lines.push_str(run.text);
            lines.push('\n');
        });
        lines
    }

    /// What analysis makes of one word. Latin words whose stem lost more
    /// than a plural ending also carry their light form, marked with `=`,
    /// for names (see Mode::Name).
    fn analyze_word(&self, word: &Word, mode: Mode) -> Analyzed {
        match word.script {
            Script::Hangul => Analyzed::Grams(korean::grams(word.text, mode)),
            // Indexed under their Korean readings too (read from the
            // characters as written); a query of hanja is searched as
            // written. Old character forms are read as today's either way.
            Script::Cjk if mode == Mode::Index => {
                Analyzed::Grams(modern_forms(with_hangul_readings(word.text)))
            }
            Script::Cjk => Analyzed::Grams(modern_forms(korean::char_grams(word.text))),
            _ => {
                let text = self.word_term(word);
                let light = (mode != Mode::Query
                    && word.script == Script::Latin
                    && self.latin.is_some()
                    && !text.is_empty())
                .then(|| light_form(word.text))
                .filter(|l| **l != *text)
                .map(|l| format!("{LIGHT_MARK}{l}"));
                Analyzed::Word { text, light }
            }
        }
    }

    /// This analyzer's part of the word cache, emptied when full.
    fn known_words<'c>(&self, cache: &'c mut Vec<(Profile, WordCache)>) -> &'c mut WordCache {
        let slot = match cache.iter().position(|(p, _)| *p == self.profile) {
            Some(slot) => slot,
            None => {
                cache.push((self.profile, WordCache::default()));
                cache.len() - 1
            }
        };
        let known = &mut cache[slot].1;
        if known.len() >= WORD_CACHE_LIMIT {
            known.clear();
        }
        known
    }

    /// The analysis of `word` in the cache `known`, made when missing (one
    /// lookup either way).
    fn known_word<'c>(&self, known: &'c mut WordCache, word: &Word) -> &'c Analyzed {
        known
            .entry_ref(word.text)
            .or_insert_with(|| self.analyze_word(word, Mode::Index))
    }

    /// Analyzes `text` into a new list of terms.
    pub fn analyze(&self, text: &str, mode: Mode) -> Vec<Term> {
        let mut out = Vec::new();
        self.analyze_into(text, mode, &mut out);
        out
    }

    /// The lowercased and folded form of a word, without stemming: what a
    /// prefix query (`treat*`) compares against.
    pub fn fold_word(&self, text: &str) -> String {
        match script::words(text).first() {
            Some(word) if word.script == Script::Latin => {
                fold_latin(&lowercase(word.text)).into_owned()
            }
            Some(word) if word.script == Script::Cyrillic => fold_cyrillic(&lowercase(word.text)),
            Some(word) if word.script == Script::Cjk => kyujitai::modern(word.text).into_owned(),
            Some(word) => lowercase(word.text).into_owned(),
            None => String::new(),
        }
    }

    fn word_term(&self, word: &Word) -> String {
        let lower = lowercase(word.text);
        match word.script {
            Script::Latin => {
                let lower = latin_lower(word.text);
                let stemmed = match &self.latin {
                    Some(stemmer) => stemmer.stem(&lower),
                    None => Cow::Borrowed(&*lower),
                };
                fold_latin(&stemmed).into_owned()
            }
            Script::Cyrillic => {
                let folded = fold_cyrillic(&lower);
                match &self.cyrillic {
                    // Russian only: і is a letter of its own in Ukrainian.
                    Some(stemmer) => {
                        let modern = orthography::modern(&folded, word.text);
                        russian::joined_stem(&stemmer.stem(&modern)).to_string()
                    }
                    None => folded,
                }
            }
            Script::Greek => self.greek.stem(&lower).into_owned(),
            Script::Arabic => self.arabic.stem(&lower).into_owned(),
            Script::Tamil => self.tamil.stem(&lower).into_owned(),
            Script::Digit => fold_digits(&lower),
            Script::Hangul | Script::Cjk | Script::Other => lower.into_owned(),
        }
    }
}

/// The grams with old character forms (kyūjitai) written as today's.
fn modern_forms(mut grams: Vec<korean::Gram>) -> Vec<korean::Gram> {
    for gram in &mut grams {
        if let Cow::Owned(modern) = kyujitai::modern(&gram.text) {
            gram.text = modern;
        }
    }
    grams
}

/// The character grams of a word of Han characters (and kana), each gram
/// of hanja also at its position in its Korean reading (`朝鮮` is also
/// 조선), so that a Korean word finds the text that writes it in hanja:
/// Korean texts write Sino-Korean words so, and Japanese and Chinese ones
/// the same words. One syllable per character keeps the grams in line.
fn with_hangul_readings(word: &str) -> Vec<korean::Gram> {
    let grams = korean::char_grams(word);
    let Some(table) = kanji::hanja() else {
        return grams;
    };
    // Each character's reading and its name as written today, where its
    // run of hanja has them.
    let mut read: Vec<(Option<char>, Option<char>)> = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, read: &mut Vec<(Option<char>, Option<char>)>| {
        let n = run.chars().count();
        let fits = |s: &str| s.chars().count() == n;
        let reading = table.hangul_reading(run).filter(|r| fits(r));
        let modern = table.modern_reading(run).filter(|m| fits(m));
        let mut reading = reading.as_deref().map(str::chars);
        let mut modern = modern.map(str::chars);
        for _ in 0..n {
            let r = reading.as_mut().and_then(Iterator::next);
            let m = modern.as_mut().and_then(Iterator::next);
            read.push((r, m));
        }
        run.clear();
    };
    for c in word.chars() {
        if kanji::is_kanji(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut read);
            read.push((None, None));
        }
    }
    flush(&mut run, &mut read);
    if read.iter().all(|(r, _)| r.is_none()) {
        return grams;
    }
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    let mut out = Vec::with_capacity(grams.len() * 2);
    for gram in grams {
        let first = starts.partition_point(|&s| s < gram.start);
        let count = word[gram.start..gram.end].chars().count();
        let span = &read[first..first + count];
        let reading: Option<String> = span.iter().map(|(r, _)| *r).collect();
        let modern: Option<String> = span.iter().map(|(_, m)| *m).collect();
        let (start, end) = (gram.start, gram.end);
        out.push(gram);
        let modern = modern.filter(|m| Some(m) != reading.as_ref());
        let alternatives = reading.into_iter().chain(modern);
        for text in alternatives {
            out.push(korean::Gram {
                text,
                start,
                end,
                same_position: true,
            });
        }
    }
    out
}

/// Hands the terms of one analyzed word (the `index`th of its text) to
/// `visit`, at `position` and after: a word's grams take a position each (an
/// alternative reading shares its gram's), its word forms one.
fn emit(
    analyzed: &Analyzed,
    (index, word): (usize, &Word),
    mode: Mode,
    position: &mut usize,
    visit: &mut impl FnMut(TermRef<'_>),
) {
    match analyzed {
        Analyzed::Grams(grams) => {
            let mut last = None;
            for gram in grams {
                let at = match (gram.same_position, last) {
                    (true, Some(p)) => p,
                    _ => {
                        *position += 1;
                        *position - 1
                    }
                };
                last = Some(at);
                visit(TermRef {
                    text: &gram.text,
                    position: at,
                    start: word.start + gram.start,
                    end: word.start + gram.end,
                    kind: TermKind::Gram,
                    word: index,
                });
            }
        }
        Analyzed::Word { text, light } => {
            if text.is_empty() {
                return;
            }
            let term = |text| TermRef {
                text,
                position: *position,
                start: word.start,
                end: word.start + word.text.len(),
                kind: TermKind::Word,
                word: index,
            };
            match (mode, light) {
                (Mode::Name, Some(light)) => visit(term(light)),
                (Mode::Index, Some(light)) => {
                    visit(term(text));
                    visit(term(light));
                }
                _ => visit(term(text)),
            }
            *position += 1;
        }
    }
}

/// What analysis made of one word.
#[derive(Debug, Clone)]
enum Analyzed {
    /// A stemmed or folded word, with its light form when that differs.
    Word { text: String, light: Option<String> },
    /// The grams of a Korean or CJK word.
    Grams(Vec<korean::Gram>),
}

/// Words analyzed at most per thread and profile before the cache starts
/// afresh (a bound on memory for corpora with huge vocabularies; checked
/// once a text, so a text's words may pass it).
const WORD_CACHE_LIMIT: usize = 100_000;

/// Analyses of words by their text.
type WordCache = hashbrown::HashMap<Box<str>, Analyzed, rustc_hash::FxBuildHasher>;

thread_local! {
    /// Index-mode analyses of the words seen on this thread, per profile.
    static WORD_CACHE: RefCell<Vec<(Profile, WordCache)>> =
        const { RefCell::new(Vec::new()) };
}

/// Marks the light form of a word in the index (`=neutrality`).
pub const LIGHT_MARK: char = '=';

/// A Latin word folded, with only a possessive or plural ending removed
/// (`pacts` → `pact`, `treaties` → `treaty`, `neutrality` stays).
fn light_form(word: &str) -> String {
    let lower = latin_lower(word);
    let lower = fold_latin(&lower);
    let base = lower.strip_suffix("'s").unwrap_or(&lower);
    if let Some(stem) = base
        .strip_suffix("ies")
        .filter(|s| s.len() > 1 && !s.ends_with(['a', 'e']))
    {
        return format!("{stem}y");
    }
    if let Some(stem) = base
        .strip_suffix("es")
        .filter(|s| s.ends_with(['s', 'x', 'z']) || s.ends_with("ch") || s.ends_with("sh"))
    {
        return stem.to_string();
    }
    match base.strip_suffix('s') {
        Some(stem) if stem.len() > 2 && !stem.ends_with(['s', 'u', 'i']) => stem.to_string(),
        _ => base.to_string(),
    }
}

fn lowercase(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c.is_uppercase() || is_fullwidth(c)) {
        Cow::Owned(
            text.chars()
                .map(narrow)
                .flat_map(char::to_lowercase)
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

fn is_fullwidth(c: char) -> bool {
    matches!(c as u32, 0xFF01..=0xFF5E)
}

/// Maps a full-width ASCII form (`Ｐ`, `１`) to its ASCII character.
fn narrow(c: char) -> char {
    if is_fullwidth(c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

/// Removes diacritics from a Latin word (`itō` → `ito`), so that spellings
/// with and without them meet.
pub(crate) fn fold_latin(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.nfd()
            .filter(|c| !matches!(*c as u32, 0x0300..=0x036F))
            .map(|c| match c {
                'ß' => 's',
                'æ' => 'a',
                'ø' => 'o',
                'đ' => 'd',
                'ł' => 'l',
                'ı' => 'i',
                other => other,
            })
            .collect(),
    )
}

/// A Latin word lowercased, with the typographic apostrophe made plain.
fn latin_lower(word: &str) -> Cow<'_, str> {
    let lower = lowercase(word);
    if lower.contains('\u{2019}') {
        Cow::Owned(lower.replace('\u{2019}', "'"))
    } else {
        lower
    }
}

/// `ё` is written as `е` in most Russian texts: both become `е`.
fn fold_cyrillic(word: &str) -> String {
    if word.contains('ё') {
        word.replace('ё', "е")
    } else {
        word.to_string()
    }
}

fn fold_digits(word: &str) -> String {
    word.chars()
        .map(|c| {
            narrow(c)
                .to_digit(10)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(profile: Profile, text: &str) -> Vec<String> {
        Analyzer::new(profile)
            .analyze(text, Mode::Query)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn english_is_stemmed_and_folded() {
        assert_eq!(
            terms(Profile::Default, "Treaties islands Itō"),
            ["treati", "island", "ito"]
        );
        assert_eq!(
            terms(Profile::Default, "treaty"),
            terms(Profile::Default, "treaties")
        );
        assert_eq!(terms(Profile::Default, "Japan’s"), ["japan"]);
    }

    #[test]
    fn names_keep_derivation_but_not_plurals() {
        let name = |t| -> Vec<String> {
            Analyzer::new(Profile::Default)
                .analyze(t, Mode::Name)
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        assert_eq!(name("Neutrality Pacts"), ["=neutrality", "pact"]);
        assert_eq!(name("neutral pact"), ["neutral", "pact"]);
        assert_eq!(name("Treaties"), ["=treaty"]);
        let index: Vec<String> = Analyzer::new(Profile::Default)
            .analyze("neutrality", Mode::Index)
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(index, ["neutral", "=neutrality"]);
    }

    #[test]
    fn russian_is_stemmed_with_yo_folded() {
        let japan = terms(Profile::Default, "Японию");
        for form in ["Япония", "Японии", "Японией"] {
            assert_eq!(terms(Profile::Default, form), japan, "{form}");
        }
        assert_eq!(terms(Profile::Default, "её"), terms(Profile::Default, "ее"));
    }

    #[test]
    fn gram_runs_join_grams_in_a_row_of_korean_and_cjk_words() {
        let analyzer = Analyzer::new(Profile::Default);
        let mut runs = Vec::new();
        let text = "러시아와 평화조약을 맺은 Portsmouth 조약 東京都";
        analyzer.visit_gram_runs_of(&script::words(text), |t| {
            runs.push((t.text.to_string(), &text[t.start..t.end]))
        });
        let expected = [
            ("러시아", "러시아"),
            ("평화조", "평화조"),
            ("화조약", "화조약"),
            ("東京都", "東京都"),
            // Its Korean reading, where the hanja table is installed.
            ("동경도", "東京都"),
        ];
        let expected: Vec<(String, &str)> = expected
            .iter()
            .filter(|(r, _)| kanji::hanja().is_some() || *r != "동경도")
            .map(|(r, s)| (r.to_string(), *s))
            .collect();
        assert_eq!(runs, expected);
    }

    #[test]
    fn gram_runs_are_the_runs_of_two_grams_in_a_row_of_one_word() {
        let text = "러시아와 평화조약을 섬은 Portsmouth 東京都 쿠나시르에서 조약";
        let analyzer = Analyzer::new(Profile::Default);
        let lines = analyzer.gram_run_lines(&script::words(text));
        let runs: Vec<&str> = lines.lines().collect();
        let readings = usize::from(kanji::hanja().is_some());
        assert_eq!(runs.len(), 6 + readings, "{runs:?}");
        assert!(
            runs.contains(&"러시아") && runs.contains(&"東京都"),
            "{runs:?}"
        );
        assert_eq!(analyzer.gram_run_lines(&script::words("Portsmouth 섬")), "");
    }

    /// A term visitor that analyzes text itself finds the word cache taken
    /// and is served without it, the same terms.
    #[test]
    fn analysis_inside_a_visitor_gives_the_same_terms() {
        let analyzer = Analyzer::new(Profile::Default);
        let text = "쿠나시르에서 Treaties Японию";
        let mut inner = Vec::new();
        analyzer.visit_terms(text, Mode::Index, |term| {
            inner.push(analyzer.analyze(term.text, Mode::Index).len());
        });
        assert_eq!(inner.len(), analyzer.analyze(text, Mode::Index).len());
        let mut runs = 0;
        analyzer.visit_terms("러시아", Mode::Index, |_| {
            runs += analyzer
                .gram_run_lines(&script::words("러시아와"))
                .lines()
                .count();
        });
        assert!(runs > 0);
    }

    #[test]
    fn other_scripts_inside_a_passage_stay_searchable() {
        assert_eq!(
            terms(Profile::Default, "쿠나시르(Kunashir) Кунашир"),
            ["쿠나", "나시", "시르", "kunashir", "кунашир"]
        );
    }

    #[test]
    fn languages_with_their_own_stemmer() {
        assert_eq!(
            terms(Profile::Latin(Algorithm::French), "traités"),
            ["trait"]
        );
        assert_eq!(
            terms(Profile::Latin(Algorithm::German), "Verträge"),
            ["vertrag"]
        );
    }

    #[test]
    fn plain_profile_only_lowercases_and_folds() {
        assert_eq!(terms(Profile::Plain, "Traktaty Łódź"), ["traktaty", "lodz"]);
    }

    #[test]
    fn cjk_is_cut_into_bigrams() {
        assert_eq!(terms(Profile::Default, "日本国"), ["日本", "本国"]);
        assert_eq!(terms(Profile::Default, "ロシア"), ["ロシ", "シア"]);
    }

    #[test]
    fn hanja_are_indexed_under_their_korean_readings_too() {
        let indexed = Analyzer::new(Profile::Default).analyze("日本国", Mode::Index);
        let indexed: Vec<(&str, usize)> = indexed
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        if kanji::hanja().is_some() {
            assert_eq!(
                indexed,
                [("日本", 0), ("일본", 0), ("本国", 1), ("본국", 1)]
            );
        } else {
            assert_eq!(indexed, [("日本", 0), ("本国", 1)]);
        }
    }

    #[test]
    fn full_width_forms_are_narrowed() {
        assert_eq!(
            terms(Profile::Default, "ＰＯＲＴ １９０５"),
            ["port", "1905"]
        );
    }

    #[test]
    fn positions_follow_words_and_grams() {
        let terms = Analyzer::new(Profile::Default).analyze("the 쿠나시르 섬", Mode::Index);
        let positions: Vec<usize> = terms.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4]);
    }
}
