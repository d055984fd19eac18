//! Normalization of passage text before analysis and storage.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Characters that take no space and only get in the way of matching.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Normalizes a passage: Unicode NFC, invisible characters and the literal
/// text `\u200b` (left behind by a broken export in the seed texts) removed,
/// runs of spaces folded into one, spaces at line ends and line breaks
/// inside a line's text (`\r`) dropped.
pub fn normalize(text: &str) -> String {
    let normal = spaces_and_forms(text);
    match fold_lookalikes(&normal) {
        std::borrow::Cow::Owned(folded) => folded,
        std::borrow::Cow::Borrowed(_) => normal,
    }
}

/// Latin letters and the Cyrillic letters drawn alike, which OCR and
/// careless typing put into words of the other script (`Poccия`).
const LOOKALIKES: [(char, char); 19] = [
    ('a', 'а'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('c', 'с'),
    ('x', 'х'),
    ('y', 'у'),
    ('A', 'А'),
    ('B', 'В'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('C', 'С'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
];

/// Words that mix Latin and Cyrillic letters written in one script: the
/// look-alike letters of the other script take the word's own script,
/// told by its letters that have no look-alike (`Poccия` → `Россия`,
/// `Sаkhalin` → `Sakhalin`). A word with letters of both scripts that have
/// none is left as written; so is text without such words (borrowed).
pub fn fold_lookalikes(text: &str) -> std::borrow::Cow<'_, str> {
    // Cyrillic letters are two bytes led by 0xD0 or 0xD1: a text without
    // both them and ASCII letters has nothing to fold.
    let bytes = text.as_bytes();
    let cyrillic = bytes.iter().any(|b| matches!(b, 0xD0 | 0xD1));
    if !cyrillic || !bytes.iter().any(u8::is_ascii_alphabetic) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mixed =
        |word: &str| word.bytes().any(|b| b.is_ascii_alphabetic()) && word.chars().any(is_cyrillic);
    if !text.split(is_word_break).any(mixed) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if !is_word_break(c) {
            word.push(c);
            continue;
        }
        out.push_str(&one_script(&word));
        word.clear();
        out.push(c);
    }
    out.pop();
    std::borrow::Cow::Owned(out)
}

/// What ends a word for [`fold_lookalikes`]: white space and ASCII
/// punctuation and digits, cheap to tell; other marks stay inside a word,
/// where they change nothing.
fn is_word_break(c: char) -> bool {
    c.is_ascii_whitespace() || c.is_ascii_punctuation() || c == '\u{A0}'
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4FF}')
}

/// A word in the script its letters without a look-alike say.
fn one_script(word: &str) -> std::borrow::Cow<'_, str> {
    let has_look_alike = |c: char| LOOKALIKES.iter().any(|&(l, k)| c == l || c == k);
    let only_cyrillic = word
        .chars()
        .filter(|&c| is_cyrillic(c) && !has_look_alike(c))
        .count();
    let only_latin = word
        .chars()
        .filter(|&c| c.is_ascii_alphabetic() && !has_look_alike(c))
        .count();
    let to_cyrillic = match (only_cyrillic > 0, only_latin > 0) {
        (true, false) => true,
        (false, true) => false,
        (false, false) => {
            let cyrillic = word.chars().filter(|&c| is_cyrillic(c)).count();
            let latin = word.chars().filter(char::is_ascii_alphabetic).count();
            if cyrillic == latin {
                return std::borrow::Cow::Borrowed(word);
            }
            cyrillic > latin
        }
        (true, true) => return std::borrow::Cow::Borrowed(word),
    };
    let swap = |c: char| {
        LOOKALIKES
            .iter()
            .find_map(|&(l, k)| match to_cyrillic {
                true if c == l => Some(k),
                false if c == k => Some(l),
                _ => None,
            })
            .unwrap_or(c)
    };
    std::borrow::Cow::Owned(word.chars().map(swap).collect())
}

/// [`normalize`] but for the look-alike letters.
fn spaces_and_forms(text: &str) -> String {
    // Most passages are already normal: one check instead of rebuilding
    // them a character at a time.
    if is_normal(text) && !text.contains("\\u200") {
        return text.to_string();
    }
    let text = remove_escaped_zero_width(text);
    let composed: std::borrow::Cow<'_, str> =
        if text.chars().all(is_nfc_stable) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
            text
        } else {
            std::borrow::Cow::Owned(text.nfc().collect())
        };
    let mut out = String::with_capacity(composed.len());
    let mut pending_space = false;
    for c in composed.chars() {
        if is_invisible(c) || c == '\r' {
            continue;
        }
        if c == '\n' {
            pending_space = false;
            while out.ends_with(' ') {
                out.pop();
            }
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
        } else if c.is_whitespace() {
            pending_space = !out.is_empty() && !out.ends_with('\n');
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    while out.ends_with('\n') || out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when [`normalize`] would give `text` back unchanged (apart from the
/// escaped zero-width spaces): only characters NFC keeps, no invisible
/// ones, and whitespace only as single spaces or line breaks between
/// other characters.
fn is_normal(text: &str) -> bool {
    // True at the start and after a space or line break.
    let mut after_space = true;
    for c in text.chars() {
        // Letters of the common blocks first: no lookup in the tables.
        if matches!(c, 'a'..='z' | 'A'..='Z' | '\u{400}'..='\u{4FF}' | '\u{AC00}'..='\u{D7A3}') {
            after_space = false;
        } else if c == ' ' || c == '\n' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() || is_invisible(c) || !is_nfc_stable(c) {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

/// True for a character of a block whose every character stays as it is
/// under NFC and combines with nothing before it (checked by a test
/// against the Unicode tables): Latin up to the combining marks,
/// Cyrillic, Hangul syllables, CJK ideographs, common punctuation. A text
/// of these alone needs no lookup in the normalization tables, which cost
/// more than the rest of normalizing.
fn is_nfc_stable(c: char) -> bool {
    matches!(
        c as u32,
        0..=0x2FF | 0x400..=0x4FF | 0x2010..=0x2027 | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3
    )
}

fn remove_escaped_zero_width(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\\u200") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for escaped in [
        "\\u200b", "\\u200B", "\\u200c", "\\u200C", "\\u200d", "\\u200D",
    ] {
        out = out.replace(escaped, "");
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_mixing_look_alike_letters_take_one_script() {
        assert_eq!(normalize("Poccия и Sаkhalin"), "Россия и Sakhalin");
        assert_eq!(normalize("Портс\u{00AD}мут"), "Портсмут");
        // Words of one script, and words with letters of both that have no
        // look-alike, stay as written.
        for text in ["Россия и Sakhalin", "iPhoneы", "CO2 и H2O", "ТАСС и TASS"] {
            assert_eq!(normalize(text), text);
        }
    }

    #[test]
    fn stable_characters_are_what_nfc_keeps() {
        let stable = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| is_nfc_stable(*c));
        for c in stable {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            // Nothing before it composes with it.
            for before in ['a', 'e', 'o', 'и', 'е', '하', '\u{1100}'] {
                let pair: String = [before, c].iter().collect();
                assert_eq!(pair.nfc().collect::<String>(), pair, "{before:?}{c:?}");
            }
        }
    }

    /// The quick check never passes a text that normalizing would change.
    #[test]
    fn texts_found_normal_are_unchanged_by_normalizing() {
        let pieces = [
            "a", "Б", "하", " ", "\n", "\t", "\r", "\u{a0}", "\u{ad}", "\u{200b}", "e\u{301}",
            "\u{1112}", "\u{1161}", "\u{3000}", "\u{85}", "1", "—",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in ["", "x", " ", "\n"] {
                        let text = format!("{a}{b}{c}{d}");
                        let found_normal = is_normal(&text);
                        let unchanged = spaces_and_forms(&text) == text;
                        assert!(!found_normal || unchanged, "{text:?}");
                        // Every text normalizing keeps is found normal, bar
                        // those with characters outside the quick blocks.
                        if unchanged && text.chars().all(is_nfc_stable) {
                            assert!(found_normal, "{text:?}");
                        }
                        checked += usize::from(found_normal);
                    }
                }
            }
        }
        assert!(checked > 100);
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("one two\nthree"), "one two\nthree");
    }

    #[test]
    fn composes_to_nfc() {
        assert_eq!(normalize("Ito\u{304}"), "Itō");
        assert_eq!(normalize("\u{1112}\u{1161}"), "하");
    }

    #[test]
    fn removes_zero_width_and_escaped_zero_width() {
        assert_eq!(normalize("Kuna\u{200B}shir"), "Kunashir");
        assert_eq!(normalize("Habomai\\u200b and"), "Habomai and");
    }

    #[test]
    fn folds_spaces_and_trims_lines() {
        assert_eq!(
            normalize("  30\u{a0} July   1907 \r\n next\tline  "),
            "30 July 1907\nnext line"
        );
    }
}
