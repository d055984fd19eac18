//! Russian as it was spelled before the reform of 1918, folded to today's
//! spelling so that a modern query finds an old text and an old one a new
//! text: ѣ → е, і → и, ѳ → ф, ѵ → и, the hard sign ending a word dropped
//! (`Портъ` → `Порт`), the adjective endings -аго/-яго → -ого/-его and
//! -ыя/-ія → -ые/-ие, and the prefixes без-, из-, воз-, раз-, чрез- before a
//! voiceless consonant written бес-, ис-, вос-, рас-, чрес- (`разсказъ` →
//! `рассказ`). The text shown keeps its spelling; only the terms change.
//!
//! Each rule is one today's spelling never needs, so a modern word is left
//! as it is, with two exceptions kept narrow: -аго also ends a few names
//! (`Чикаго`), so it is folded only in words of seven letters or more, or
//! of six in lower case; and -ія also ends nouns (`Россія`, `Японія`), so
//! only -кія, -гія, -хія (adjectives: `русскія`) become -кие, -гие, -хие.

use std::borrow::Cow;

/// The letters the reform removed and what replaced them.
const LETTERS: [(char, char); 4] = [('ѣ', 'е'), ('і', 'и'), ('ѳ', 'ф'), ('ѵ', 'и')];
/// Consonants a prefix in з was written before, where today it is с.
const VOICELESS: &str = "кпстфхцчшщ";
const PREFIXES: [(&str, &str); 5] = [
    ("без", "бес"),
    ("из", "ис"),
    ("воз", "вос"),
    ("раз", "рас"),
    ("чрез", "чрес"),
];

/// True when a word holds a letter or ending only the old spelling has.
pub fn is_old(word: &str) -> bool {
    word.chars()
        .any(|c| LETTERS.iter().any(|(old, _)| old_case(c) == *old))
        || (word.ends_with(['ъ', 'Ъ']) && word.chars().count() > 1)
}

fn old_case(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// `lower` (the lower-cased word, `original` as written) in today's
/// spelling; unchanged (borrowed) when no rule applies.
pub fn modern<'a>(lower: &'a str, original: &str) -> Cow<'a, str> {
    let mut word = Cow::Borrowed(lower);
    if word
        .chars()
        .any(|c| LETTERS.iter().any(|(old, _)| *old == c))
    {
        word = Cow::Owned(
            word.chars()
                .map(|c| {
                    LETTERS
                        .iter()
                        .find(|(old, _)| *old == c)
                        .map_or(c, |(_, new)| *new)
                })
                .collect(),
        );
    }
    if word.chars().count() > 1
        && let Some(stem) = word.strip_suffix('ъ')
    {
        word = Cow::Owned(stem.to_string());
    }
    if let Some(ending) = adjective_ending(&word, original) {
        word = Cow::Owned(ending);
    }
    if let Some(prefixed) = voiceless_prefix(&word) {
        word = Cow::Owned(prefixed);
    }
    word
}

/// The word with its old adjective ending made today's.
fn adjective_ending(word: &str, original: &str) -> Option<String> {
    let letters = word.chars().count();
    let lower_case = original.chars().next().is_some_and(char::is_lowercase);
    let long_enough = letters >= 7 || (letters >= 6 && lower_case);
    if long_enough {
        if let Some(stem) = word.strip_suffix("аго") {
            return Some(format!("{stem}ого"));
        }
        if let Some(stem) = word.strip_suffix("яго") {
            return Some(format!("{stem}его"));
        }
    }
    if letters >= 5
        && let Some(stem) = word.strip_suffix("ыя")
    {
        return Some(format!("{stem}ые"));
    }
    // і is already и here: -кия, -гия, -хия after a stem of an adjective.
    for (old, new) in [("кия", "кие"), ("гия", "гие"), ("хия", "хие")] {
        if letters >= 6 && original.to_lowercase().ends_with(&old.replace('и', "і")) {
            return word.strip_suffix(old).map(|stem| format!("{stem}{new}"));
        }
    }
    None
}

/// The word with an old prefix in з before a voiceless consonant written
/// in с.
fn voiceless_prefix(word: &str) -> Option<String> {
    PREFIXES.iter().find_map(|(old, new)| {
        let rest = word.strip_prefix(old)?;
        let next = rest.chars().next()?;
        // The prefix needs a root after it: `изъ` is a word of its own.
        (VOICELESS.contains(next) && rest.chars().count() >= 3).then(|| format!("{new}{rest}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modern_of(word: &str) -> String {
        modern(&word.to_lowercase(), word).into_owned()
    }

    #[test]
    fn old_spellings_become_todays() {
        for (old, new) in [
            ("Японіи", "японии"),
            ("сраженіе", "сражение"),
            ("Портъ", "порт"),
            ("вѣра", "вера"),
            ("Ѳеодоръ", "феодор"),
            ("мѵро", "миро"),
            ("Императорскаго", "императорского"),
            ("новаго", "нового"),
            ("синяго", "синего"),
            ("новыя", "новые"),
            ("русскія", "русские"),
            ("разсказъ", "рассказ"),
            ("безполезный", "бесполезный"),
            ("изслѣдованіе", "исследование"),
            ("чрезъ", "чрез"),
        ] {
            assert_eq!(modern_of(old), new, "{old}");
        }
    }

    #[test]
    fn modern_words_keep_their_meaning() {
        // Words whose spelling one of the rules could take for an old one.
        for word in [
            "благо",
            "Чикаго",
            "Тобаго",
            "Россия",
            "Япония",
            "история",
            "выя",
            "бесполезный",
            "рассказ",
            "из",
            "изба",
            "разум",
            "вообще",
            "подъезд",
            "объём",
            "Словакия",
        ] {
            assert_eq!(modern_of(word), word.to_lowercase(), "{word}");
        }
    }

    #[test]
    fn old_words_are_told() {
        assert!(is_old("Портъ") && is_old("Японіи") && is_old("вѣра"));
        assert!(!is_old("Порт") && !is_old("ъ") && !is_old("подъезд"));
    }
}
