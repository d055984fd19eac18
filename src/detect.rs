//! Language detection of passages.
//!
//! Scripts decide first where they are unambiguous (Hangul is Korean, kana
//! is Japanese); whatlang's trigram model decides the rest. A passage too
//! short or too mixed to judge gets no language here and takes its file's
//! majority language (see [`resolve`]).

use crate::analyze::script::{self, Script, Word};
use crate::lang::Lang;

/// A passage needs this many letters before whatlang's answer is taken.
const MIN_LETTERS: usize = 40;

/// Letters per script family in a text.
#[derive(Default)]
struct ScriptCounts {
    hangul: usize,
    kana: usize,
    han: usize,
    cyrillic: usize,
    letters: usize,
}

fn count_scripts(words: &[Word]) -> ScriptCounts {
    let mut counts = ScriptCounts::default();
    for word in words {
        match word.script {
            Script::Digit => {}
            Script::Hangul => {
                let n = word.text.chars().count();
                counts.hangul += n;
                counts.letters += n;
            }
            // Kana and Han share a script for analysis, not for detection.
            Script::Cjk => {
                for c in word.text.chars() {
                    counts.letters += 1;
                    counts.kana += usize::from(script::is_kana(c));
                    counts.han += usize::from(script::is_han(c));
                }
            }
            Script::Cyrillic => {
                let n = word.text.chars().count();
                counts.cyrillic += n;
                counts.letters += n;
            }
            // Latin words are mostly ASCII: their bytes are their letters.
            _ if word.text.is_ascii() => counts.letters += word.text.len(),
            _ => counts.letters += word.text.chars().count(),
        }
    }
    counts
}

/// The ISO 639-1 code of a passage's language, or `None` when the passage
/// is too short or too mixed to tell.
pub fn detect(text: &str) -> Option<Lang> {
    detect_words(text, &script::words(text))
}

/// [`detect`] for a text already cut into its words (by
/// [`script::words`]), so that indexing segments each passage once.
pub fn detect_words(text: &str, words: &[Word]) -> Option<Lang> {
    let addresses = address_spans(text);
    if addresses.is_empty() {
        return detect_plain(text, words);
    }
    // A web address's words (`www`, `wiki`, `ru`) say nothing of the
    // language the passage is written in.
    let outside = |at: usize| !addresses.iter().any(|&(s, e)| (s..e).contains(&at));
    let kept: Vec<Word> = words.iter().filter(|w| outside(w.start)).cloned().collect();
    let mut rest = String::with_capacity(text.len());
    let mut from = 0;
    for &(start, end) in &addresses {
        rest.push_str(&text[from..start]);
        from = end;
    }
    rest.push_str(&text[from..]);
    detect_plain(&rest, &kept)
}

/// The byte ranges of the web addresses in a text: words holding `://` or
/// starting with `www.`.
fn address_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if !c.is_whitespace() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            let token = &text[s..i];
            if token.contains("://") || token.starts_with("www.") {
                spans.push((s, i));
            }
        }
    }
    spans
}

/// [`detect_words`] for a text without web addresses.
fn detect_plain(text: &str, words: &[Word]) -> Option<Lang> {
    let counts = count_scripts(words);
    if counts.letters == 0 {
        return None;
    }
    // A fifth of the letters in one East Asian script decides: Korean and
    // Japanese passages often carry many Latin names.
    let share = |n: usize| n * 5 >= counts.letters;
    if counts.hangul > 0 && share(counts.hangul) {
        return Some(Lang::KOREAN);
    }
    if counts.kana > 0 && share(counts.kana + counts.han) {
        return Some(Lang::JAPANESE);
    }
    if counts.han > 0 && share(counts.han) {
        return Some(Lang::CHINESE);
    }
    let cyrillic = counts.cyrillic * 10 >= counts.letters * 9;
    if cyrillic && by_old_russian_spelling(words) {
        return Some(Lang::RUSSIAN);
    }
    if cyrillic && by_russian_word(words) {
        return Some(Lang::RUSSIAN);
    }
    if counts.letters < MIN_LETTERS {
        return None;
    }
    if let Some(lang) = by_function_words(words) {
        return Some(lang);
    }
    if cyrillic && by_russian_letters(words) {
        return Some(Lang::RUSSIAN);
    }
    // A few hundred characters tell the language as well as a thousand.
    let info = whatlang::detect(sample(text, 320))?;
    if !info.is_reliable() && counts.letters < 4 * MIN_LETTERS {
        return None;
    }
    Some(Lang::from_whatlang(info.lang()))
}

/// English and Russian words that no other language whatlang knows uses
/// as often: articles, prepositions, conjunctions, auxiliaries.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "was", "were", "that", "with", "which", "for", "from", "this", "by",
    "have", "has", "had", "been", "their", "its", "is", "are", "on", "as", "it",
];
const RUSSIAN_FUNCTION_WORDS: &[&str] = &[
    "и",
    "в",
    "не",
    "на",
    "что",
    "с",
    "по",
    "к",
    "для",
    "из",
    "о",
    "от",
    "как",
    "это",
    "его",
    "но",
    "был",
    "была",
    "были",
    "со",
    "при",
    "также",
    "или",
];

/// English or Russian, told by function words when they make up a sixth
/// of a passage of twenty words or more: whatlang's trigram scoring over
/// every language of the script is the costliest step of indexing, and
/// these two languages need none of it when the text says so plainly.
fn by_function_words(text_words: &[Word]) -> Option<Lang> {
    let (mut words, mut english, mut russian) = (0usize, 0usize, 0usize);
    let mut buf = [0u8; 12];
    let mut the = false;
    for word in text_words {
        match word.script {
            Script::Latin => {
                words += 1;
                let lower = small_lower(word.text, &mut buf);
                the |= lower == Some("the");
                english += usize::from(lower.is_some_and(|w| ENGLISH_FUNCTION_WORDS.contains(&w)));
            }
            Script::Cyrillic => {
                words += 1;
                russian += usize::from(
                    small_lower(word.text, &mut buf)
                        .is_some_and(|w| RUSSIAN_FUNCTION_WORDS.contains(&w)),
                );
            }
            Script::Digit => {}
            _ => words += 1,
        }
    }
    if words < 20 {
        // A short passage is English when a fifth of it is English function
        // words, `the` among them: no other language writes that word.
        return (words >= 8 && english * 5 >= words && russian == 0 && the)
            .then_some(Lang::ENGLISH);
    }
    if english * 6 >= words && english > 4 * russian {
        Some(Lang::ENGLISH)
    } else if russian * 6 >= words && russian > 4 * english {
        Some(Lang::RUSSIAN)
    } else {
        None
    }
}

/// Letters of the Cyrillic alphabets of Ukrainian, Belarusian, Serbian,
/// Macedonian, Kazakh and their neighbours that Russian does not use.
const NON_RUSSIAN_CYRILLIC: &str = "іїєґўјљњћџѓќѕәғқңөұүһІЇЄҐЎЈЉЊЋЏЃЌЅӘҒҚҢӨҰҮҺ";

/// Russian, told by its letters: `ы` and `э` are Russian (Ukrainian,
/// Bulgarian, Serbian and Macedonian do not write them), unless letters of
/// another Cyrillic alphabet show up too (Belarusian and Kazakh write them
/// as well, beside letters of their own). Short Russian passages (slide
/// bullets, headings) lack the function words, and whatlang's trigrams
/// over every Cyrillic language cost more than all else in detection.
fn by_russian_letters(words: &[Word]) -> bool {
    let mut russian = false;
    for word in words.iter().filter(|w| w.script == Script::Cyrillic) {
        for c in word.text.chars() {
            if NON_RUSSIAN_CYRILLIC.contains(c) {
                return false;
            }
            russian |= matches!(c, 'ы' | 'э' | 'Ы' | 'Э');
        }
    }
    russian
}

/// Russian as written before 1918: ѣ, ѳ, ѵ, or a word ending in ъ (see
/// [`crate::analyze::orthography`]), and none of the letters only
/// Ukrainian and Belarusian write. Its і would otherwise make it look
/// Ukrainian.
fn by_old_russian_spelling(words: &[Word]) -> bool {
    let cyrillic = || words.iter().filter(|w| w.script == Script::Cyrillic);
    let other = cyrillic().any(|w| w.text.chars().any(|c| "їєґўЇЄҐЎ".contains(c)));
    let old = |w: &&Word| {
        w.text.contains(['ѣ', 'ѳ', 'ѵ', 'Ѣ', 'Ѳ', 'Ѵ'])
            || (w.text.ends_with(['ъ', 'Ъ']) && w.text.chars().count() > 1)
    };
    !other && cyrillic().any(|w| old(&w))
}

/// Russian, told in a short Cyrillic passage by one of its function words
/// (`к`, `из`, `на`) and no letter of another Cyrillic alphabet: a line
/// such as `Делегация прибыла к Гранту весной.` gives whatlang too little.
fn by_russian_word(words: &[Word]) -> bool {
    let mut buf = [0u8; 12];
    let cyrillic = || words.iter().filter(|w| w.script == Script::Cyrillic);
    let foreign = cyrillic().any(|w| w.text.chars().any(|c| NON_RUSSIAN_CYRILLIC.contains(c)));
    !foreign
        && cyrillic().any(|w| {
            small_lower(w.text, &mut buf).is_some_and(|w| RUSSIAN_FUNCTION_WORDS.contains(&w))
        })
}

/// A short word lowercased into `buf` (ASCII and Russian letters; others
/// kept), or `None` for a word longer than `buf`: function words are
/// short, and this spares an allocation per word.
fn small_lower<'b>(word: &str, buf: &'b mut [u8; 12]) -> Option<&'b str> {
    if word.len() > buf.len() {
        return None;
    }
    let mut n = 0;
    for c in word.chars() {
        // Each of these keeps the length of its UTF-8 encoding.
        let lower = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            'Ё' => 'ё',
            _ => c,
        };
        n += lower.encode_utf8(&mut buf[n..]).len();
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// The first `max` bytes of `text`, cut at a character boundary.
fn sample(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Fills in the languages nobody could tell with the most common language
/// of the others; when no passage could be told (a file of short lines),
/// with the language of the file's text as a whole (`file`), else
/// [`Lang::UNDETERMINED`].
pub fn resolve(detected: &[Option<Lang>], file: impl FnOnce() -> Option<Lang>) -> Vec<Lang> {
    let fallback = majority(detected)
        .or_else(|| detected.iter().any(Option::is_none).then(file).flatten())
        .unwrap_or(Lang::UNDETERMINED);
    detected.iter().map(|d| d.unwrap_or(fallback)).collect()
}

/// The language of the passages of a file read together, from their first
/// few thousand bytes: what [`resolve`] falls back on.
pub fn detect_together<'a>(passages: impl Iterator<Item = &'a str>) -> Option<Lang> {
    let mut joined = String::new();
    for passage in passages {
        if joined.len() > TOGETHER_BYTES {
            break;
        }
        joined.push_str(passage);
        joined.push('\n');
    }
    detect(&joined)
}

/// How much of a file [`detect_together`] reads.
const TOGETHER_BYTES: usize = 4000;

fn majority(detected: &[Option<Lang>]) -> Option<Lang> {
    let mut counts: Vec<(Lang, usize)> = Vec::new();
    for code in detected.iter().flatten() {
        match counts.iter_mut().find(|(c, _)| c == code) {
            Some((_, n)) => *n += 1,
            None => counts.push((*code, 1)),
        }
    }
    // The first language seen wins a tie, so the result does not depend on
    // hash order.
    let best = counts.iter().map(|&(_, n)| n).max()?;
    counts.into_iter().find(|&(_, n)| n == best).map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_decide_korean_and_japanese() {
        assert_eq!(
            detect("1855년 2월 7일이 문서는 Evfimy Putyatin 중장의 뛰어난 외교"),
            Some(Lang::KOREAN)
        );
        assert_eq!(
            detect("日露和親条約は、日本とロシアの間で結ばれた"),
            Some(Lang::JAPANESE)
        );
        assert_eq!(detect("中华人民共和国与俄罗斯联邦"), Some(Lang::CHINESE));
        // Ideographs past U+FFFF count as Han too.
        assert_eq!(detect("𠀋𠂉𠃌𡈽𡌛𡑮"), Some(Lang::CHINESE));
    }

    #[test]
    fn whatlang_decides_long_passages() {
        assert_eq!(
            detect(
                "Russian-Japanese relations in the 1990s continued within the framework of the line, which was still scheduled."
            ),
            Some(Lang::ENGLISH)
        );
        assert_eq!(
            detect(
                "Продолжение военной экспансии: требование увеличения армии и флота со стороны Японии"
            ),
            Some(Lang::RUSSIAN)
        );
    }

    #[test]
    fn function_words_tell_english_and_russian_only() {
        let english = "The treaty was signed by the two countries and it was the end of the war that had been fought for a year in the east.";
        assert_eq!(
            by_function_words(&script::words(english)),
            Some(Lang::ENGLISH)
        );
        let russian = "Договор был подписан в Портсмуте, и война между Россией и Японией была закончена, но вопрос о Сахалине остался открытым для обеих сторон.";
        assert_eq!(
            by_function_words(&script::words(russian)),
            Some(Lang::RUSSIAN)
        );
        let french = "Le traité a été signé par les deux pays et la guerre qui avait duré un an dans l'est de l'Asie était finie pour tous.";
        assert_eq!(by_function_words(&script::words(french)), None);
        let ukrainian = "Договір було підписано в Портсмуті, і війна між Росією та Японією закінчилася, але питання про Сахалін залишилося відкритим.";
        assert_ne!(
            by_function_words(&script::words(ukrainian)),
            Some(Lang::RUSSIAN)
        );
    }

    #[test]
    fn russian_letters_tell_short_russian_from_its_neighbours() {
        let tell = |text: &str| by_russian_letters(&script::words(text));
        assert!(tell(
            "• Россия: уменьшила угрозу своим дальневосточным районам"
        ));
        assert!(tell("Эпоха реформ"));
        // Ukrainian, Belarusian, Bulgarian, Serbian: other letters, or no ы/э.
        assert!(!tell("Україна: мирний договір і територіальне питання"));
        // Russian before 1918: і, ѣ and a final ъ.
        assert_eq!(
            detect("Миръ съ Японіей подписанъ въ Портсмутѣ"),
            Some(Lang::RUSSIAN)
        );
        assert!(!tell("Беларусь: мірны дагавор і тэрытарыяльнае пытанне"));
        assert!(!tell("България: мирен договор и териториален въпрос"));
        assert!(!tell("Србија: мировни уговор и територијално питање"));
        assert_eq!(
            detect("• Россия: уменьшила угрозу своим дальневосточным районам, заняла"),
            Some(Lang::RUSSIAN)
        );
        assert_ne!(
            detect("Беларусь: мірны дагавор і тэрытарыяльнае пытанне, было вырашана"),
            Some(Lang::RUSSIAN)
        );
    }

    #[test]
    fn short_english_needs_its_article() {
        let tell = |text: &str| by_function_words(&script::words(text));
        assert_eq!(
            tell("In November 1937, Italy joined the Anti-Comintern Pact of the three powers."),
            Some(Lang::ENGLISH)
        );
        // Dutch and German share `is`, `was`, `had`, but never write `the`.
        assert_eq!(
            tell("Het verdrag was in 1905 getekend en de oorlog is voorbij, zo had men gehoopt."),
            None
        );
        assert_eq!(
            tell("Was ist das, was der Vertrag von 1905 für die Insel bedeutet hatte?"),
            None
        );
    }

    #[test]
    fn web_addresses_do_not_decide_the_language() {
        let text = "Источник: https://www.example.com/wiki/Treaty_of_Portsmouth_and_the_war_of_the_north \
                    Договор был подписан в Портсмуте в 1905 году.";
        assert_eq!(detect(text), Some(Lang::RUSSIAN));
        let only = "https://en.wikipedia.org/wiki/Treaty_of_Portsmouth";
        assert_eq!(detect(only), None);
    }

    #[test]
    fn short_passages_take_the_majority() {
        assert_eq!(detect("1905-1906, Япония"), None);
        assert_eq!(
            resolve(
                &[
                    Some(Lang::RUSSIAN),
                    None,
                    Some(Lang::RUSSIAN),
                    Some(Lang::ENGLISH)
                ],
                || None
            ),
            [Lang::RUSSIAN, Lang::RUSSIAN, Lang::RUSSIAN, Lang::ENGLISH]
        );
        assert_eq!(resolve(&[None], || None), [Lang::UNDETERMINED]);
        // A file of short lines is read as a whole.
        assert_eq!(resolve(&[None], || Some(Lang::ENGLISH)), [Lang::ENGLISH]);
    }
}
