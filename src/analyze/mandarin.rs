//! Chinese names read in Mandarin: the other three languages write a
//! Chinese person or place as it sounds in Mandarin (Li Hongzhang, Ли
//! Хунчжан, 리훙장), while Japanese writes its characters (李鴻章), which
//! the Japanese dictionary reads in Japanese or not at all. The pinyin of
//! the characters (from the `pinyin` crate's table) joins them.
//!
//! Pinyin is also respelled for keys: its letters stand for other sounds
//! than English ones (`x` is the s of Russian `Цыси` and Korean `시`, `q`
//! a ch, `c` a ts), so a Latin word that reads as pinyin is keyed by its
//! sounds too.

use pinyin::ToPinyinMulti;

/// Family names that start most Chinese names, in the forms Japanese
/// writes them (traditional characters and Japanese simplifications): a
/// run of kanji starting with one is read in Mandarin too.
const FAMILY_NAMES: &str = "李王張张劉刘陳陈楊杨趙赵黃黄周吳吴徐孫孙胡朱高林何郭馬马羅罗\
    梁宋鄭郑謝谢韓韩唐馮冯于董蕭萧程曹袁鄧邓許许傅沈曾彭呂吕蘇苏盧卢蔣蒋蔡賈贾丁魏薛葉叶\
    閻阎余潘杜戴夏鍾钟汪田任姜范方石姚譚谭廖鄒邹熊金陸陆郝孔白崔康毛邱秦江史顧顾侯邵孟龍龙\
    萬万段雷錢钱湯汤尹黎易常武喬乔賀贺賴赖龔龚文溥載载奕慈左翁";

/// Last characters of Chinese place names (a pass, a prefecture, a
/// river, a bay, a fortress): a run ending in one that the Japanese
/// dictionary does not know is read in Mandarin too.
const PLACE_ENDINGS: &str = "関關州江河湾灣城府堡口港門门莊庄";

/// Runs of more characters are phrases, not names.
const MAX_NAME_CHARS: usize = 4;

/// The Mandarin readings of a run of two to four Han characters that may be
/// a Chinese name (see [`FAMILY_NAMES`], [`PLACE_ENDINGS`]), respelled for
/// keys ([`keyable`]); `known` says the Japanese dictionary reads the run
/// itself, which a Chinese place is not. Each character's usual reading,
/// and a family name's second one (`曾` is zeng as a name).
pub fn readings(run: &str, known: bool) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    if !(2..=MAX_NAME_CHARS).contains(&chars.len()) {
        return Vec::new();
    }
    let person = FAMILY_NAMES.contains(chars[0]);
    let place = !known && chars.last().is_some_and(|c| PLACE_ENDINGS.contains(*c));
    if !person && !place {
        return Vec::new();
    }
    let mut syllables: Vec<Vec<&'static str>> = Vec::new();
    for multi in run.to_pinyin_multi() {
        let Some(multi) = multi else {
            return Vec::new();
        };
        syllables.push(multi.into_iter().map(|p| p.plain()).collect());
    }
    let rest: Vec<&str> = syllables[1..].iter().map(|s| s[0]).collect();
    let firsts = if person {
        syllables[0].iter().take(2).copied().collect()
    } else {
        vec![syllables[0][0]]
    };
    let mut out: Vec<String> = Vec::new();
    for first in firsts {
        let word: Vec<&str> = std::iter::once(first).chain(rest.iter().copied()).collect();
        for reading in respelled(&word) {
            if !out.contains(&reading) {
                out.push(reading);
            }
        }
    }
    out
}

/// A word of pinyin syllables in the letters of keys, once for each way
/// the scripts write ü: yu as Russian does (`Юань`), wi as Korean (`위안`).
fn respelled(syllables: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for umlaut in ["yu", "wi"] {
        let word: String = syllables
            .iter()
            .map(|s| keyable_syllable(s, umlaut))
            .collect();
        if !out.contains(&word) {
            out.push(word);
        }
    }
    out
}

/// A Latin word read as pinyin and respelled for keys ([`respelled`]),
/// when the whole word is pinyin syllables and spells some letter
/// otherwise than English would say it (`cixi`, `hongzhang`, `yuan`);
/// nothing for other words.
pub fn keyable(word: &str) -> Vec<String> {
    let lower = word.to_ascii_lowercase();
    if !lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    // Many European names parse as pinyin (`Zipangu`, `Tokyo`): only a
    // word with a letter pinyin says differently is read so.
    let c_vowel = lower
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'c' && b"aeiou".contains(&w[1]));
    let pinyin_letters = lower.contains(['x', 'q']) || lower.contains("yu") || c_vowel;
    let Some(syllables) = split_syllables(&lower).filter(|_| pinyin_letters) else {
        return Vec::new();
    };
    respelled(&syllables)
        .into_iter()
        .filter(|r| *r != lower)
        .collect()
}

const INITIALS: [&str; 23] = [
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

const FINALS: [&str; 38] = [
    "iang", "iong", "uang", "ueng", "ang", "eng", "ing", "ong", "iao", "ian", "uai", "uan", "van",
    "üan", "ai", "ei", "ao", "ou", "an", "en", "er", "ia", "ie", "iu", "in", "ua", "uo", "ui",
    "un", "ue", "ve", "üe", "vn", "a", "o", "e", "i", "u",
];

/// The syllables a word of pinyin is made of, longest first with
/// backtracking, or `None` when it is not pinyin.
fn split_syllables(word: &str) -> Option<Vec<&str>> {
    if word.is_empty() {
        return Some(Vec::new());
    }
    let lengths = (1..=word.len().min(6)).rev();
    for length in lengths {
        let (head, tail) = word.split_at(length);
        if is_syllable(head)
            && let Some(mut rest) = split_syllables(tail)
        {
            rest.insert(0, head);
            return Some(rest);
        }
    }
    None
}

fn is_syllable(s: &str) -> bool {
    let initial = INITIALS.iter().find(|i| s.starts_with(*i)).copied();
    let fin = initial.map_or(s, |i| &s[i.len()..]);
    FINALS.contains(&fin) && !(initial.is_none() && fin.starts_with(['i', 'u', 'v', 'ü']))
}

/// One pinyin syllable in the letters keys read as sounds: `x` and `sh` as
/// sh, `q` and `ch` as ch, `zh` and `j` as j, `z` as dz and `c` as ts; the
/// vowel written i after a sibilant or r, and a lone e, as any vowel (Korean
/// writes them ㅡ and ㅓ, Russian ы and э); ü (written u after j, q, x
/// and y) as `umlaut`.
fn keyable_syllable(syllable: &str, umlaut: &str) -> String {
    let initial = INITIALS.iter().find(|i| syllable.starts_with(*i)).copied();
    let fin = initial.map_or(syllable, |i| &syllable[i.len()..]);
    let head = match initial {
        Some("x") => "sh",
        Some("q") => "ch",
        Some("zh") => "j",
        Some("z") => "dz",
        Some("c") => "ts",
        Some(other) => other,
        None => "",
    };
    let buzzing = matches!(initial, Some("z" | "c" | "s" | "zh" | "ch" | "sh" | "r"));
    let fronted = matches!(initial, Some("j" | "q" | "x" | "y")) && fin.starts_with('u');
    let fin = if fronted { &fin[1..] } else { fin };
    let head = if initial == Some("y") && fronted {
        ""
    } else {
        head
    };
    let tail = match fin {
        "i" if buzzing => "ɨ".to_string(),
        "e" if initial.is_some() && !fronted => "ə".to_string(),
        "en" => "ən".to_string(),
        "eng" => "əng".to_string(),
        "ong" => "ung".to_string(),
        "ui" => "uei".to_string(),
        _ => fin.replace(['v', 'ü'], umlaut),
    };
    let umlaut = if fronted { umlaut } else { "" };
    format!("{head}{umlaut}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_in_kanji_are_read_in_mandarin() {
        assert_eq!(readings("李鴻章", false), ["lihungjang"]);
        assert_eq!(readings("康有為", true), ["kangyouwei"]);
        assert_eq!(readings("山海関", false), ["shanhaiguan"]);
        // A family name's second reading is tried too.
        assert!(readings("曾国藩", false).contains(&"dzəngguofan".to_string()));
    }

    #[test]
    fn japanese_words_are_not_read_in_mandarin() {
        assert!(readings("東京", true).is_empty());
        // A Japanese place the dictionary knows keeps its Japanese reading.
        assert!(readings("大阪城", true).is_empty());
        assert!(readings("李鴻章条約交渉史", false).is_empty());
    }

    #[test]
    fn latin_words_read_as_pinyin_are_respelled() {
        assert_eq!(keyable("Cixi"), ["tsɨshi"]);
        // Pinyin that English reads the same way is left alone.
        assert!(keyable("Hongzhang").is_empty());
        assert!(keyable("Zipangu").is_empty());
        assert_eq!(keyable("Qingdao"), ["chingdao"]);
        // ü as Russian and as Korean write it.
        assert_eq!(keyable("Yuan"), ["wian"]);
        assert_eq!(keyable("Xue"), ["shyue", "shwie"]);
        // English words are not pinyin, or read the same.
        assert!(keyable("Churchill").is_empty());
        assert!(keyable("Berlin").is_empty());
        assert!(keyable("Lima").is_empty());
    }
}
