//! Romanization of Japanese kana for name keys ([`super::translit`]).
//!
//! Katakana and hiragana are read mora by mora with the Hepburn values; small
//! kana combine with the mora before them, `ッ` doubles the next consonant,
//! `ー` repeats the vowel. Japanese adds a vowel after a consonant that ends a
//! syllable in the source language (`ポーツマス` = po-tsu-ma-su for
//! Portsmouth), so besides the full reading there are readings without those
//! vowels: the `u` after any consonant, and the `o` of `ト`/`ド` (which write
//! a final t/d).

/// Hepburn consonant and vowel of each full-size katakana.
const MORAE: &[(char, &str, char)] = &[
    ('ア', "", 'a'),
    ('イ', "", 'i'),
    ('ウ', "", 'u'),
    ('エ', "", 'e'),
    ('オ', "", 'o'),
    ('カ', "k", 'a'),
    ('キ', "k", 'i'),
    ('ク', "k", 'u'),
    ('ケ', "k", 'e'),
    ('コ', "k", 'o'),
    ('ガ', "g", 'a'),
    ('ギ', "g", 'i'),
    ('グ', "g", 'u'),
    ('ゲ', "g", 'e'),
    ('ゴ', "g", 'o'),
    ('サ', "s", 'a'),
    ('シ', "sh", 'i'),
    ('ス', "s", 'u'),
    ('セ', "s", 'e'),
    ('ソ', "s", 'o'),
    ('ザ', "z", 'a'),
    ('ジ', "j", 'i'),
    ('ズ', "z", 'u'),
    ('ゼ', "z", 'e'),
    ('ゾ', "z", 'o'),
    ('タ', "t", 'a'),
    ('チ', "ch", 'i'),
    ('ツ', "ts", 'u'),
    ('テ', "t", 'e'),
    ('ト', "t", 'o'),
    ('ダ', "d", 'a'),
    ('ヂ', "j", 'i'),
    ('ヅ', "z", 'u'),
    ('デ', "d", 'e'),
    ('ド', "d", 'o'),
    ('ナ', "n", 'a'),
    ('ニ', "n", 'i'),
    ('ヌ', "n", 'u'),
    ('ネ', "n", 'e'),
    ('ノ', "n", 'o'),
    ('ハ', "h", 'a'),
    ('ヒ', "h", 'i'),
    ('フ', "f", 'u'),
    ('ヘ', "h", 'e'),
    ('ホ', "h", 'o'),
    ('バ', "b", 'a'),
    ('ビ', "b", 'i'),
    ('ブ', "b", 'u'),
    ('ベ', "b", 'e'),
    ('ボ', "b", 'o'),
    ('パ', "p", 'a'),
    ('ピ', "p", 'i'),
    ('プ', "p", 'u'),
    ('ペ', "p", 'e'),
    ('ポ', "p", 'o'),
    ('マ', "m", 'a'),
    ('ミ', "m", 'i'),
    ('ム', "m", 'u'),
    ('メ', "m", 'e'),
    ('モ', "m", 'o'),
    ('ヤ', "y", 'a'),
    ('ユ', "y", 'u'),
    ('ヨ', "y", 'o'),
    ('ラ', "r", 'a'),
    ('リ', "r", 'i'),
    ('ル', "r", 'u'),
    ('レ', "r", 'e'),
    ('ロ', "r", 'o'),
    ('ワ', "w", 'a'),
    ('ヰ', "w", 'i'),
    ('ヱ', "w", 'e'),
    ('ヲ', "", 'o'),
    ('ヴ', "v", 'u'),
];

/// Small kana: the vowel (or y-glide and vowel) they give the mora before.
const SMALL: &[(char, &str, char)] = &[
    ('ァ', "", 'a'),
    ('ィ', "", 'i'),
    ('ゥ', "", 'u'),
    ('ェ', "", 'e'),
    ('ォ', "", 'o'),
    ('ャ', "y", 'a'),
    ('ュ', "y", 'u'),
    ('ョ', "y", 'o'),
    ('ヮ', "w", 'a'),
];

/// Consonants that absorb the y-glide: `シャ` is sha, not shya.
const PALATAL: &[&str] = &["sh", "ch", "j"];

/// One unit of a kana word.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    Mora {
        consonant: String,
        vowel: char,
    },
    /// `ッ`: the next consonant is doubled.
    Geminate,
    /// `ン`.
    Nasal,
}

/// True for katakana letters, the long vowel mark included.
pub fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC | 0x31F0..=0x31FF)
}

/// True for hiragana letters.
pub fn is_hiragana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096)
}

/// Hiragana as the katakana of the same sound (the blocks run in parallel).
fn to_katakana(c: char) -> char {
    if is_hiragana(c) {
        char::from_u32(c as u32 + 0x60).unwrap_or(c)
    } else {
        c
    }
}

fn units(word: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for c in word.chars().map(to_katakana) {
        if let Some(&(_, consonant, vowel)) = MORAE.iter().find(|m| m.0 == c) {
            out.push(Unit::Mora {
                consonant: consonant.to_string(),
                vowel,
            });
        } else if let Some(&(_, glide, vowel)) = SMALL.iter().find(|m| m.0 == c) {
            combine(&mut out, glide, vowel);
        } else if c == 'ッ' {
            out.push(Unit::Geminate);
        } else if c == 'ン' {
            out.push(Unit::Nasal);
        } else if c == 'ー'
            && let Some(Unit::Mora { vowel, .. }) = out.last()
        {
            let vowel = *vowel;
            out.push(Unit::Mora {
                consonant: String::new(),
                vowel,
            });
        }
    }
    out
}

/// Joins a small kana to the mora before it: its vowel replaces the
/// mora's (`テ`+`ィ` ti, `フ`+`ァ` fa), a small ャュョ adds a glide (`キャ`
/// kya) that sh, ch and j absorb (`シャ` sha); a bare `ウ` or `イ` before it
/// is the w of `ウィ` wi or the y of `イェ` ye.
fn combine(out: &mut Vec<Unit>, glide: &str, vowel: char) {
    let Some(Unit::Mora {
        consonant,
        vowel: previous,
    }) = out.last_mut()
    else {
        out.push(Unit::Mora {
            consonant: glide.to_string(),
            vowel,
        });
        return;
    };
    if consonant.is_empty() && glide.is_empty() {
        match previous {
            'u' => consonant.push('w'),
            'i' => consonant.push('y'),
            _ => {}
        }
    } else if !PALATAL.contains(&consonant.as_str()) {
        consonant.push_str(glide);
    }
    *previous = vowel;
}

/// True when a mora's vowel was added by Japanese: `u` after a consonant,
/// or the `o` of to/do, before another consonant or at the word's end.
fn epenthetic(units: &[Unit], i: usize, with_o: bool) -> bool {
    let Unit::Mora { consonant, vowel } = &units[i] else {
        return false;
    };
    let before_consonant = match units.get(i + 1) {
        None | Some(Unit::Geminate) => true,
        Some(Unit::Mora { consonant, .. }) => !consonant.is_empty(),
        // ルン is the rn of Bern (ベルン).
        Some(Unit::Nasal) => true,
    };
    let added = match vowel {
        'u' => !consonant.is_empty() && consonant != "y" && consonant != "w",
        'o' => with_o && matches!(consonant.as_str(), "t" | "d"),
        _ => false,
    };
    added && before_consonant
}

fn spell(units: &[Unit], drop: impl Fn(usize) -> bool) -> String {
    let mut out = String::new();
    for (i, unit) in units.iter().enumerate() {
        match unit {
            Unit::Mora { consonant, vowel } => {
                out.push_str(consonant);
                if !drop(i) {
                    out.push(*vowel);
                }
            }
            Unit::Geminate => {
                if let Some(Unit::Mora { consonant, .. }) = units.get(i + 1)
                    && let Some(first) = consonant.chars().next()
                {
                    out.push(first);
                }
            }
            Unit::Nasal => {
                // ン before b, p, m is said (and written in Hepburn) m.
                let labial = matches!(units.get(i + 1), Some(Unit::Mora { consonant, .. })
                    if matches!(consonant.chars().next(), Some('b' | 'p' | 'm')));
                out.push(if labial { 'm' } else { 'n' });
            }
        }
    }
    out
}

/// The readings of a kana word: the full one first, then without the added
/// `u`, then without the added `u` and `o` (each only when it differs).
pub fn romanizations(word: &str) -> Vec<String> {
    let units = units(word);
    let mut out = vec![spell(&units, |_| false)];
    for with_o in [false, true] {
        let reading = spell(&units, |i| epenthetic(&units, i, with_o));
        if !out.contains(&reading) {
            out.push(reading);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_follow_hepburn() {
        let cases = [
            ("ポーツマス", "pootsumasu"),
            ("カムチャツカ", "kamuchatsuka"),
            ("ファ", "fa"),
            ("ヴァ", "va"),
            ("ティ", "ti"),
            ("ディ", "di"),
            ("トゥ", "tu"),
            ("ドゥ", "du"),
            ("チェ", "che"),
            ("シェ", "she"),
            ("ジェ", "je"),
            ("ウィ", "wi"),
            ("ウェ", "we"),
            ("ウォ", "wo"),
            ("ツァ", "tsa"),
            ("キャ", "kya"),
            ("シャ", "sha"),
            ("ジョ", "jo"),
            ("マッチ", "macchi"),
            ("ハンブルク", "hamburuku"),
            ("ロンドン", "rondon"),
            ("ひろしま", "hiroshima"),
        ];
        for (kana, roman) in cases {
            assert_eq!(romanizations(kana)[0], roman, "{kana}");
        }
    }

    #[test]
    fn added_vowels_are_dropped_in_the_other_readings() {
        assert_eq!(romanizations("ポーツマス"), ["pootsumasu", "pootsmas"]);
        assert_eq!(
            romanizations("ウラジオストク"),
            ["urajiosutoku", "urajiostok", "urajiostk"]
        );
    }
}
