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

pub mod korean;
pub mod script;
pub mod translit;

use std::borrow::Cow;
use std::cell::RefCell;

use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

pub use korean::Mode;
use script::{Script, Word};

/// How Latin-script (and Cyrillic) words are treated by one analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// English stemming for Latin words, Russian for Cyrillic: the analyzer
    /// of English, Russian, Korean, Japanese, Chinese and every language
    /// written in a script of its own.
    Default,
    /// Latin words stemmed with this language's Snowball stemmer.
    Latin(Algorithm),
    /// Latin and Cyrillic words lowercased and folded, not stemmed: for
    /// languages Snowball has no stemmer for (Polish, Czech, Ukrainian, ...).
    Plain,
}

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

    /// Analyzes `text` into terms, appending them to `out`.
    pub fn analyze_into(&self, text: &str, mode: Mode, out: &mut Vec<Term>) {
        let mut position = 0;
        for (index, word) in script::words(text).into_iter().enumerate() {
            match self.cached_word(&word, mode) {
                Analyzed::Grams(grams) => {
                    position = push_grams(out, &word, index, position, grams);
                }
                Analyzed::Word { text, light } => {
                    if text.is_empty() {
                        continue;
                    }
                    let term = |text| Term {
                        text,
                        position,
                        start: word.start,
                        end: word.start + word.text.len(),
                        kind: TermKind::Word,
                        word: index,
                    };
                    match (mode, light) {
                        (Mode::Name, Some(light)) => out.push(term(light)),
                        (Mode::Index, Some(light)) => {
                            out.push(term(text));
                            out.push(term(light));
                        }
                        _ => out.push(term(text)),
                    }
                    position += 1;
                }
            }
        }
    }

    /// What analysis makes of one word. Latin words whose stem lost more
    /// than a plural ending also carry their light form, marked with `=`,
    /// for names (see Mode::Name).
    fn analyze_word(&self, word: &Word, mode: Mode) -> Analyzed {
        match word.script {
            Script::Hangul => Analyzed::Grams(korean::grams(word.text, mode)),
            Script::Cjk => Analyzed::Grams(korean::char_grams(word.text)),
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

    /// [`Analyzer::analyze_word`] through a per-thread cache when indexing:
    /// a corpus's words recur, and stemming, folding and cutting grams cost
    /// far more than a lookup.
    fn cached_word(&self, word: &Word, mode: Mode) -> Analyzed {
        if mode != Mode::Index {
            return self.analyze_word(word, mode);
        }
        WORD_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let slot = match cache.iter().position(|(p, _)| *p == self.profile) {
                Some(slot) => slot,
                None => {
                    cache.push((self.profile, FxHashMap::default()));
                    cache.len() - 1
                }
            };
            let words = &mut cache[slot].1;
            if let Some(found) = words.get(word.text) {
                return found.clone();
            }
            if words.len() >= WORD_CACHE_LIMIT {
                words.clear();
            }
            let analyzed = self.analyze_word(word, mode);
            words.insert(word.text.into(), analyzed.clone());
            analyzed
        })
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
                    Some(stemmer) => stemmer.stem(&folded).into_owned(),
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

/// What analysis made of one word.
#[derive(Debug, Clone)]
enum Analyzed {
    /// A stemmed or folded word, with its light form when that differs.
    Word { text: String, light: Option<String> },
    /// The grams of a Korean or CJK word.
    Grams(Vec<korean::Gram>),
}

/// Words analyzed at most per thread and profile before the cache starts
/// afresh (a bound on memory for corpora with huge vocabularies).
const WORD_CACHE_LIMIT: usize = 100_000;

/// Analyses of words by their text.
type WordCache = FxHashMap<Box<str>, Analyzed>;

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

fn push_grams(
    out: &mut Vec<Term>,
    word: &Word,
    index: usize,
    mut position: usize,
    grams: Vec<korean::Gram>,
) -> usize {
    let mut last = None;
    for gram in grams {
        let at = match (gram.same_position, last) {
            (true, Some(p)) => p,
            _ => {
                let p = position;
                position += 1;
                p
            }
        };
        last = Some(at);
        out.push(Term {
            text: gram.text,
            position: at,
            start: word.start + gram.start,
            end: word.start + gram.end,
            kind: TermKind::Gram,
            word: index,
        });
    }
    position
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
fn fold_latin(word: &str) -> Cow<'_, str> {
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

/// The analyzer as a tantivy tokenizer, registered once per field in
/// [`crate::schema`].
#[derive(Clone)]
pub struct ShimodaTokenizer {
    analyzer: Analyzer,
    terms: Vec<Term>,
}

impl ShimodaTokenizer {
    /// A tokenizer running the analyzer of `profile` in index mode.
    pub fn new(profile: Profile) -> ShimodaTokenizer {
        ShimodaTokenizer {
            analyzer: Analyzer::new(profile),
            terms: Vec::new(),
        }
    }
}

impl Tokenizer for ShimodaTokenizer {
    type TokenStream<'a> = ShimodaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ShimodaTokenStream<'a> {
        self.terms.clear();
        self.analyzer
            .analyze_into(text, Mode::Index, &mut self.terms);
        ShimodaTokenStream {
            terms: &self.terms,
            next: 0,
            token: Token::default(),
        }
    }
}

/// Token stream over the terms of one analyzed text.
pub struct ShimodaTokenStream<'a> {
    terms: &'a [Term],
    next: usize,
    token: Token,
}

impl TokenStream for ShimodaTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(term) = self.terms.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(&term.text);
        self.token.offset_from = term.start;
        self.token.offset_to = term.end;
        self.token.position = term.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
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

    #[test]
    fn tokenizer_reports_byte_offsets() {
        let mut tokenizer = ShimodaTokenizer::new(Profile::Default);
        let text = "Kunashir 쿠나시르에서";
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while let Some(token) = stream.next() {
            seen.push(text[token.offset_from..token.offset_to].to_string());
        }
        assert_eq!(seen, ["Kunashir", "쿠나", "나시", "시르"]);
    }
}
