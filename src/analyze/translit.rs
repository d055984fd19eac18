//! Script-neutral keys for names: Latin, Cyrillic, Hangul and kana spellings
//! of one name (Kunashir, Кунашир, 쿠나시르, クナシリ) get the same key.
//!
//! Each spelling is first romanized (Cyrillic letter by letter with the
//! usual English spellings, Hangul jamo by jamo as loanwords are written,
//! the epenthetic ㅡ dropped, kana by Hepburn in several readings, see
//! [`kana`]), then reduced to sound classes that the writing systems keep
//! apart reliably:
//!
//! | class | letters |
//! |---|---|
//! | P | p b f v ph, ㅂ ㅍ |
//! | T | t d s th sh shch, ㅅ ㄷ ㅌ (Korean writes "sh" as ㅅ) |
//! | C | ts tz ch z j zh, ㅈ ㅊ (Korean writes "ts" and "z" as ㅈ/ㅊ) |
//! | K | k g c q x, ㄱ ㅋ |
//! | H | h kh, ㅎ |
//! | L | l r, ㄹ (one letter in Korean); r before a consonant is dropped, as Korean drops the English one |
//! | M, N | m, n (and final ㅇ) |
//! | A, E, O | vowels: a; e i y; o u and ㅓ |
//! | @ | a of a kana reading after its first vowel: any vowel (Japanese writes the reduced vowel as a) |
//!
//! The *fine key* keeps one vowel class per vowel run between consonant
//! classes (`kunashir` → `KONATEL`); the *coarse key* keeps the consonants
//! only (`KNTL`) and is what the index is searched by; the fine keys then
//! decide whether two spellings are close enough.

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use super::kana;
use super::script::{Script, script_of};

/// The two keys of a spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    pub coarse: String,
    pub fine: String,
}

/// Keys shorter than this (consonant classes) are too common to match on.
pub const MIN_COARSE: usize = 3;
/// Fine keys shorter than this are too short to tell names apart.
pub const MIN_FINE: usize = 5;

/// The keys of one word, or `None` for a word of another script or too
/// short to be told apart from unrelated words.
pub fn keys(word: &str) -> Option<Keys> {
    keys_of_romanized(&romanize(word)?)
}

fn keys_of_romanized(romanized: &str) -> Option<Keys> {
    let fine = classes(romanized);
    let coarse = coarse_of(&fine);
    (coarse.chars().count() >= MIN_COARSE && fine.chars().count() >= MIN_FINE)
        .then_some(Keys { coarse, fine })
}

/// Japanese writes reduced vowels as a (`ポーツマス` for Portsmouth, where
/// Korean writes ㅓ and English any letter): in kana readings `a` stands for
/// any vowel, the class `@` of the fine key.
const KANA_A: &str = "ə";

/// A kana reading with every `a` after its first vowel as [`KANA_A`]: the
/// first vowel is written as it sounds (`ヤクーツク` Yakutsk is not Irkutsk).
fn reduced_a(reading: &str) -> String {
    let first_vowel = reading.find(['a', 'e', 'i', 'o', 'u']).map_or(0, |i| i + 1);
    let (head, tail) = reading.split_at(first_vowel);
    format!("{head}{}", tail.replace('a', KANA_A))
}

/// True when two classes of a fine key are the same sound: equal, or a
/// kana `a` and any vowel.
fn same_class(a: char, b: char) -> bool {
    let vowel = |c| matches!(c, 'A' | 'E' | 'O' | '@');
    a == b || ((a == '@' || b == '@') && vowel(a) && vowel(b))
}

/// Russian adjective endings made from names (`Портсмутский` = of
/// Portsmouth): the name without them is keyed too.
const RUSSIAN_ADJECTIVE_ENDINGS: &[&str] = &[
    "ского",
    "скому",
    "скими",
    "ский",
    "ская",
    "ское",
    "ские",
    "ском",
    "ским",
    "ских",
    "скую",
    "цкий",
    "цкая",
    "цкое",
    "цкого",
];

/// The keys of a word and, for a Russian adjective made from a name, of
/// the name alone; for kana, of each reading ([`kana::romanizations`]).
pub fn key_variants(word: &str) -> Vec<Keys> {
    if key_script(word) == Some(Script::Cjk) {
        let mut out: Vec<Keys> = Vec::new();
        for keys in kana::romanizations(word)
            .iter()
            .filter_map(|r| keys_of_romanized(&reduced_a(r)))
        {
            if !out.contains(&keys) {
                out.push(keys);
            }
        }
        return out;
    }
    let lower = word.to_lowercase();
    let base = RUSSIAN_ADJECTIVE_ENDINGS
        .iter()
        .find_map(|e| lower.strip_suffix(e))
        .filter(|b| b.chars().count() >= 4);
    let mut out: Vec<Keys> = keys(&lower).into_iter().collect();
    if let Some(k) = base.and_then(keys)
        && !out.contains(&k)
    {
        out.push(k);
    }
    out
}

/// True when two fine keys spell the same name: equal, or for keys of seven
/// classes and more equal but for one edit (two from ten on: case endings
/// such as `Кунашира`, vowels such as `Gorbachev` / `고르바초프`). Short keys
/// must be equal: `Japan` must not meet `재판` (a trial), nor `Zipangu`
/// `지방` (a region).
///
/// When one side is kana (`kana`), keys under ten classes must be equal: its
/// readings with and without the vowels Japanese adds, and its `a` that
/// stands for any vowel, already give it that slack (`ゴロヴィン` Golovin
/// must not meet Golovnin). Their final vowels are not compared: a Japanese
/// word must end in a vowel (`クナシリ` Kunashiri for Kunashir).
pub fn fine_match(a: &str, b: &str, kana: bool) -> bool {
    let (mut a, mut b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let short = a.len().min(b.len());
    if short < MIN_FINE {
        return false;
    }
    if kana {
        for key in [&mut a, &mut b] {
            if key.last().is_some_and(|&c| same_class(c, '@')) {
                key.pop();
            }
        }
    }
    if a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| same_class(*x, *y)) {
        return true;
    }
    let allowed = match short {
        0..=6 => 0,
        7..=9 if kana => 0,
        7..=9 => 1,
        _ => 2,
    };
    levenshtein(&a, &b) <= allowed
}

/// The part of a coarse key that candidates are looked up by: its first
/// three classes, so that a dropped or added consonant later in the name
/// (`Kamchatka` / `캄차카`) is still found and then judged by the fine key.
pub fn lookup_prefix(keys: &Keys) -> String {
    keys.coarse.chars().take(MIN_COARSE).collect()
}

/// The fine key of any word of a keyed script, however short.
pub fn loose_key(word: &str) -> Option<String> {
    romanize(&word.to_lowercase())
        .map(|r| classes(&r))
        .filter(|k| !k.is_empty())
}

/// Edit distance between two keys.
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    levenshtein(&a, &b)
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(!same_class(*ca, *cb));
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The script a word is written in, if it is one keys are made for.
pub fn key_script(word: &str) -> Option<Script> {
    let script = word.chars().find_map(script_of)?;
    match script {
        Script::Latin | Script::Cyrillic | Script::Hangul => Some(script),
        // Kana only: Han characters carry no reading to key.
        Script::Cjk if word.chars().all(is_kana_letter) => Some(script),
        _ => None,
    }
}

fn is_kana_letter(c: char) -> bool {
    kana::is_katakana(c) || kana::is_hiragana(c)
}

/// Romanizes a word of one script into lowercase Latin letters.
fn romanize(word: &str) -> Option<String> {
    let script = key_script(word)?;
    if script == Script::Cjk {
        return kana::romanizations(word).into_iter().next();
    }
    let mut out = String::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        match script {
            Script::Latin => out.push_str(&fold_latin(c)),
            Script::Cyrillic => out.push_str(cyrillic(c)),
            _ => hangul(c, &mut out),
        }
    }
    Some(out)
}

/// A Latin letter as the plain letters keys are made of: the analyzers'
/// folding (accents off, `ł` → `l`, `ß` → `s`), then anything else left out.
fn fold_latin(c: char) -> String {
    if c.is_ascii_alphabetic() {
        return c.to_string();
    }
    let mut buf = [0u8; 4];
    super::fold_latin(c.encode_utf8(&mut buf))
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect()
}

fn cyrillic(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "o",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "i",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        'ґ' => "g",
        'ў' => "u",
        _ => "",
    }
}

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const VOWELS: [&str; 21] = [
    "a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "u", "wo", "we", "wi",
    "yu", "", "i", "i",
];
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "h",
];

/// Romanizes one Hangul syllable as loanwords are written: ㅓ as `o` (the
/// English schwa), ㅡ dropped (it only breaks up consonant clusters).
fn hangul(c: char, out: &mut String) {
    let code = c as u32;
    if !(0xAC00..=0xD7A3).contains(&code) {
        return;
    }
    let index = code - 0xAC00;
    let (initial, vowel, last) = (index / 588, (index % 588) / 28, index % 28);
    out.push_str(INITIALS[initial as usize]);
    out.push_str(VOWELS[vowel as usize]);
    out.push_str(FINALS[last as usize]);
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ə')
}

/// Reduces romanized letters to the sound classes of the module doc.
fn classes(roman: &str) -> String {
    let letters: Vec<char> = roman.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut last_was_vowel = false;
    while i < letters.len() {
        let rest = &letters[i..];
        let starts = |s: &str| s.chars().enumerate().all(|(k, c)| rest.get(k) == Some(&c));
        let (class, len) = if starts("shch") {
            ('T', 4)
        } else if starts("dzh") || starts("tch") {
            ('C', 3)
        } else if starts("sch") || starts("sh") || starts("th") {
            ('T', if starts("sch") { 3 } else { 2 })
        } else if starts("ch") || starts("zh") || starts("ts") || starts("tz") || starts("dj") {
            ('C', 2)
        } else if starts("kh") {
            ('H', 2)
        } else if starts("ph") {
            ('P', 2)
        } else if starts("ck") || starts("qu") {
            ('K', 2)
        } else {
            match rest[0] {
                'b' | 'p' | 'f' | 'v' => ('P', 1),
                't' | 'd' | 's' => ('T', 1),
                'z' | 'j' => ('C', 1),
                'k' | 'g' | 'c' | 'q' => ('K', 1),
                'x' => ('X', 1),
                'h' => ('H', 1),
                'l' => ('L', 1),
                'r' => ('R', 1),
                'm' => ('M', 1),
                'n' => ('N', 1),
                'w' => ('_', 1),
                'y' if rest.get(1).copied().is_some_and(is_vowel) => ('_', 1),
                'a' => ('A', 1),
                'ə' => ('@', 1),
                'e' | 'i' | 'y' => ('E', 1),
                'o' | 'u' => ('O', 1),
                _ => ('_', 1),
            }
        };
        i += len;
        match class {
            '_' => {}
            'A' | 'E' | 'O' | '@' => {
                if !last_was_vowel {
                    out.push(class);
                }
                last_was_vowel = true;
            }
            _ => {
                last_was_vowel = false;
                let next_is_consonant = letters
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphabetic() && !is_vowel(*c));
                let class = match class {
                    // Korean drops an English r before a consonant.
                    'R' if next_is_consonant => continue,
                    'R' => 'L',
                    'X' => {
                        push_consonant(&mut out, 'K');
                        'T'
                    }
                    other => other,
                };
                push_consonant(&mut out, class);
            }
        }
    }
    out
}

/// Adds a consonant class unless the same class ends the key already
/// (`tt`, `ll` and Korean `ㄹㄹ` are one sound).
fn push_consonant(out: &mut String, class: char) {
    if !out.ends_with(class) {
        out.push(class);
    }
}

fn coarse_of(fine: &str) -> String {
    let mut out = String::new();
    for c in fine.chars().filter(|c| !matches!(c, 'A' | 'E' | 'O' | '@')) {
        push_consonant(&mut out, c);
    }
    out
}

/// The name-like words of a text cut into `words` ([`super::script::words`]):
/// Latin and Cyrillic words that start with a capital letter, lowercased,
/// and Hangul words (Korean has no capitals) without their particles. Each
/// spelling comes once, in text order; its keys are [`key_variants`] (none
/// for a word too short to key).
pub fn name_spellings<'a>(words: &[super::script::Word<'a>]) -> Vec<Cow<'a, str>> {
    let mut out = Vec::new();
    let mut seen: FxHashSet<Cow<'a, str>> = FxHashSet::default();
    for spelling in words.iter().flat_map(word_spellings) {
        if seen.insert(spelling.clone()) {
            out.push(spelling);
        }
    }
    out
}

/// The name-like spellings inside one word (see [`name_spellings`]).
fn word_spellings<'a>(word: &super::script::Word<'a>) -> Vec<Cow<'a, str>> {
    match word.script {
        Script::Cjk => katakana_runs(word.text).map(Cow::Borrowed).collect(),
        _ => name_spelling(word).into_iter().collect(),
    }
}

/// The runs of two katakana and more in a Japanese word: foreign names are
/// written in katakana, the kanji and hiragana around them are words and
/// grammar of their own.
fn katakana_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !kana::is_katakana(c))
        .map(|run| run.trim_start_matches('ー'))
        .filter(|run| run.chars().nth(1).is_some())
}

/// The spelling of one word as a name (see [`name_spellings`]), if it is
/// name-like.
pub fn name_spelling<'a>(word: &super::script::Word<'a>) -> Option<Cow<'a, str>> {
    match word.script {
        Script::Latin | Script::Cyrillic if word.text.starts_with(char::is_uppercase) => {
            Some(Cow::Owned(word.text.to_lowercase()))
        }
        Script::Hangul if word.text.chars().nth(1).is_some() => {
            Some(Cow::Borrowed(super::korean::stem(word.text)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_letters_fold_as_the_analyzers_fold_them() {
        assert_eq!(romanize("Łódź").as_deref(), Some("lodz"));
        assert_eq!(romanize("Straße").as_deref(), Some("strase"));
        assert_eq!(romanize("Itō").as_deref(), Some("ito"));
    }

    fn same(a: &str, b: &str) -> bool {
        let (xs, ys) = (key_variants(a), key_variants(b));
        let kana = [a, b].iter().any(|w| key_script(w) == Some(Script::Cjk));
        xs.iter().any(|x| {
            ys.iter()
                .any(|y| lookup_prefix(x) == lookup_prefix(y) && fine_match(&x.fine, &y.fine, kana))
        })
    }

    /// Names of the corpus in two or three scripts: places, people, treaties.
    const PAIRS: &[(&str, &str)] = &[
        ("Kunashir", "Кунашир"),
        ("Kunashir", "쿠나시르"),
        ("Кунашир", "쿠나시르"),
        ("Sakhalin", "Сахалин"),
        ("Sakhalin", "사할린"),
        ("Сахалин", "사할린"),
        ("Portsmouth", "Портсмут"),
        ("Portsmouth", "포츠머스"),
        ("Портсмутский", "Portsmouth"),
        ("Habomai", "하보마이"),
        ("Habomai", "Хабомаи"),
        ("Shikotan", "시코탄"),
        ("Shikotan", "Шикотан"),
        ("Iturup", "이투루프"),
        ("Iturup", "Итуруп"),
        ("Putyatin", "Путятин"),
        ("Putyatin", "푸탸틴"),
        ("Putyatina", "Putyatin"),
        ("Izvolsky", "Извольский"),
        ("Izvolsky", "이즈볼스키"),
        ("Sazonov", "Сазонов"),
        ("Sazonov", "사조노프"),
        ("Vladivostok", "Владивосток"),
        ("Vladivostok", "블라디보스토크"),
        ("Witte", "위테"),
        ("Komura", "고무라"),
        ("Lavrov", "Лавров"),
        ("Lavrov", "라브로프"),
        ("Khabarovsk", "Хабаровск"),
        ("Khabarovsk", "하바롭스크"),
        ("Manchuria", "만주리아"),
        ("Nicholas", "Николай"),
        ("Shevardnadze", "Шеварднадзе"),
        ("Gorbachev", "Горбачев"),
        ("Gorbachev", "고르바초프"),
        ("Chukotka", "Чукотка"),
        ("Kamchatka", "Камчатка"),
        ("Kamchatka", "캄차카"),
        ("Petersburg", "Петербург"),
    ];

    #[test]
    fn names_match_across_scripts() {
        let failed: Vec<_> = PAIRS.iter().filter(|(a, b)| !same(a, b)).collect();
        // Too short to key (Witte) or different in sound (Nicholas):
        // these need the alias file.
        let allowed = [("Witte", "위테"), ("Nicholas", "Николай")];
        for pair in &failed {
            assert!(
                allowed.contains(pair),
                "{pair:?} should match: {:?} {:?}",
                keys(pair.0),
                keys(pair.1)
            );
        }
        assert!(PAIRS.len() - failed.len() >= 30);
    }

    #[test]
    fn ordinary_words_do_not_become_names() {
        let names = [
            "Kunashir",
            "Sakhalin",
            "Portsmouth",
            "Habomai",
            "Shikotan",
            "Iturup",
            "Putyatin",
            "Izvolsky",
        ];
        let words = [
            "treaty",
            "islands",
            "government",
            "relations",
            "question",
            "negotiations",
            "peace",
            "war",
            "Japan",
            "Russia",
            "договор",
            "острова",
            "отношения",
            "война",
            "Япония",
            "건설",
            "조약",
            "관계",
            "정부",
            "협상",
            "평화",
            "섬",
            "전쟁",
            "일본",
            "러시아",
        ];
        for word in words {
            for name in names {
                assert!(!same(word, name), "{word} ~ {name}");
            }
        }
    }

    #[test]
    fn name_words_are_capitalized_or_hangul() {
        let text = "The treaty of Portsmouth and 포츠머스에서 the Портсмутский мир, Portsmouth";
        let found = name_spellings(&crate::analyze::script::words(text));
        assert_eq!(found, ["the", "portsmouth", "포츠머스", "портсмутский"]);
        let keyed: Vec<usize> = found.iter().map(|s| key_variants(s).len()).collect();
        assert_eq!(keyed, [0, 1, 1, 2]);
    }

    #[test]
    fn short_words_get_no_key() {
        assert_eq!(keys("the"), None);
        assert_eq!(keys("섬"), None);
        assert_eq!(keys("Ito"), None);
        assert_eq!(keys("1905"), None);
    }

    #[test]
    fn keys_look_as_documented() {
        let k = keys("Kunashir").unwrap();
        assert_eq!((k.coarse.as_str(), k.fine.as_str()), ("KNTL", "KONATEL"));
        assert_eq!(
            keys("포츠머스").unwrap().fine,
            keys("Portsmouth").unwrap().fine
        );
    }

    /// Foreign names in katakana with their English, Russian and Korean
    /// spellings.
    type Spellings = (&'static str, &'static str, &'static str, &'static str);

    /// The names the katakana reading was worked out on.
    const KATAKANA_TUNING: &[Spellings] = &[
        ("ポーツマス", "Portsmouth", "Портсмут", "포츠머스"),
        ("カムチャツカ", "Kamchatka", "Камчатка", "캄차카"),
        ("サハリン", "Sakhalin", "Сахалин", "사할린"),
        ("クナシリ", "Kunashir", "Кунашир", "쿠나시르"),
        ("シコタン", "Shikotan", "Шикотан", "시코탄"),
        ("ハバロフスク", "Khabarovsk", "Хабаровск", "하바롭스크"),
        ("ゴルバチョフ", "Gorbachev", "Горбачёв", "고르바초프"),
        ("ナポレオン", "Napoleon", "Наполеон", "나폴레옹"),
        ("スターリン", "Stalin", "Сталин", "스탈린"),
        (
            "ドストエフスキー",
            "Dostoevsky",
            "Достоевский",
            "도스토옙스키",
        ),
    ];

    /// Names held back: never looked at while the reading was tuned.
    const KATAKANA_HELD_OUT: &[Spellings] = &[
        ("トルストイ", "Tolstoy", "Толстой", "톨스토이"),
        ("プーシキン", "Pushkin", "Пушкин", "푸시킨"),
        ("ラスプーチン", "Rasputin", "Распутин", "라스푸틴"),
        ("セヴァストポリ", "Sevastopol", "Севастополь", "세바스토폴"),
        ("クロンシュタット", "Kronstadt", "Кронштадт", "크론시타트"),
        (
            "ノヴォシビルスク",
            "Novosibirsk",
            "Новосибирск",
            "노보시비르스크",
        ),
        ("ロックフェラー", "Rockefeller", "Рокфеллер", "록펠러"),
        ("メンデレーエフ", "Mendeleev", "Менделеев", "멘델레예프"),
        (
            "チャイコフスキー",
            "Tchaikovsky",
            "Чайковский",
            "차이콥스키",
        ),
        ("クロポトキン", "Kropotkin", "Кропоткин", "크로폿킨"),
        ("マガダン", "Magadan", "Магадан", "마가단"),
    ];

    /// The share of (katakana, other spelling) pairs that meet.
    fn katakana_recall(names: &[Spellings]) -> f64 {
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .flat_map(|&(ja, en, ru, ko)| [(ja, en), (ja, ru), (ja, ko)])
            .collect();
        let met = pairs.iter().filter(|(a, b)| same(a, b)).count();
        met as f64 / pairs.len() as f64
    }

    #[test]
    fn katakana_names_match_other_scripts() {
        let (tuning, held_out) = (
            katakana_recall(KATAKANA_TUNING),
            katakana_recall(KATAKANA_HELD_OUT),
        );
        eprintln!("katakana pairs met: tuning {tuning:.2}, held out {held_out:.2}");
        assert!(same("ポーツマス", "Portsmouth") && same("ポーツマス", "포츠머스"));
        assert!(tuning >= 0.8 && held_out >= 0.6, "{tuning} {held_out}");
    }

    #[test]
    fn similar_katakana_names_stay_apart() {
        let decoys = [
            ("ラスプーチン", "Putin"),
            ("プーチン", "Putyatin"),
            ("ナポレオン", "Naples"),
            ("サハリン", "Sakharov"),
            ("トルストイ", "Trotsky"),
            ("ゴルバチョフ", "Gorchakov"),
            ("シコタン", "Shikoku"),
            ("スターリン", "Stalingrad"),
            ("カムチャツカ", "Chukotka"),
            ("ハバロフスク", "Khabarovka"),
            ("マガダン", "Madagascar"),
        ];
        for (a, b) in decoys {
            assert!(
                !same(a, b),
                "{a} ~ {b}: {:?} {:?}",
                key_variants(a),
                key_variants(b)
            );
        }
    }

    #[test]
    fn katakana_runs_are_the_name_words() {
        let text = "ポーツマス条約の締結でウラジーミル・プーチンはロシアへ、ひらがなは";
        let found = name_spellings(&crate::analyze::script::words(text));
        assert_eq!(found, ["ポーツマス", "ウラジーミル", "プーチン", "ロシア"]);
    }
}
