//! Which writing system a character belongs to, and splitting text into
//! words that each stay inside one script.
//!
//! The analyzers treat a word by its script (a Latin name inside a Korean
//! passage is still a Latin word), so segmentation cuts at every change of
//! script as well as at spaces and punctuation: `1905년` is the number `1905`
//! followed by the Korean word `년`.

/// The scripts the analyzers tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Tamil,
    Hangul,
    /// Han ideographs and Japanese kana: both are cut into character bigrams.
    Cjk,
    Digit,
    /// Any other letters (Thai, Devanagari, Hebrew, ...): lowercased only.
    Other,
}

/// Japanese kana: hiragana, katakana and their extensions, half-width
/// katakana.
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Han ideographs: the unified blocks with their extensions (also those
/// past U+FFFF) and the compatibility ideographs.
pub fn is_han(c: char) -> bool {
    matches!(
        c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF
    )
}

/// The script of one character, or `None` for a character that is not part
/// of a word (space, punctuation, symbol).
#[inline]
pub fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    if c.is_ascii_alphabetic() {
        return Some(Script::Latin);
    }
    if c.is_ascii_digit() {
        return Some(Script::Digit);
    }
    if u < 0x80 {
        return None;
    }
    // The blocks below hold letters only: no need for the slower Unicode
    // property lookup, which matters for Korean and Chinese text.
    match u {
        0xAC00..=0xD7A3 => return Some(Script::Hangul),
        0x4E00..=0x9FFF => return Some(Script::Cjk),
        0x0410..=0x044F | 0x0401 | 0x0451 => return Some(Script::Cyrillic),
        0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x00FF => return Some(Script::Latin),
        _ => {}
    }
    let script = match u {
        0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => Script::Latin,
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
        0xFF10..=0xFF19 => Script::Digit,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0B80..=0x0BFF => Script::Tamil,
        0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xD7B0..=0xD7FF => {
            Script::Hangul
        }
        _ if is_kana(c) || is_han(c) => Script::Cjk,
        _ if c.is_alphabetic() => Script::Other,
        _ if c.is_numeric() => Script::Digit,
        _ => return None,
    };
    // Some blocks above hold punctuation (Arabic comma, CJK marks such as
    // the katakana middle dot); only letters and digits make words.
    if c.is_alphanumeric() || matches!(u, 0x30FC | 0x3005) {
        Some(script)
    } else {
        None
    }
}

/// True for combining marks, which stay attached to the word before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// True for an apostrophe that may sit inside a Latin word (`Japan's`).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// One word of the text: a run of characters of one script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub script: Script,
}

/// Splits `text` into words of one script each.
pub fn words(text: &str) -> Vec<Word<'_>> {
    // About one word in six bytes of text, in any of the scripts.
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut current: Option<(usize, Script)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let script = script_of(c);
        match (current, script) {
            (Some((_, cur)), Some(s)) if cur == s => {}
            (Some(_), None) if is_mark(c) => {}
            (Some((_, Script::Latin)), None) if is_apostrophe(c) => {
                // Keep `Japan's` whole only when a Latin letter follows.
                let next_is_latin = chars
                    .peek()
                    .is_some_and(|&(_, n)| script_of(n) == Some(Script::Latin));
                if !next_is_latin {
                    push_word(text, &mut out, &mut current, i);
                }
            }
            (_, s) => {
                push_word(text, &mut out, &mut current, i);
                current = s.map(|s| (i, s));
            }
        }
    }
    push_word(text, &mut out, &mut current, text.len());
    out
}

fn push_word<'a>(
    text: &'a str,
    out: &mut Vec<Word<'a>>,
    current: &mut Option<(usize, Script)>,
    end: usize,
) {
    if let Some((start, script)) = current.take() {
        out.push(Word {
            text: &text[start..end],
            start,
            script,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kana_and_han_are_told_apart_in_every_block() {
        for c in ['あ', 'ア', 'ｱ', 'ㇰ'] {
            assert!(is_kana(c) && !is_han(c), "{c}");
        }
        for c in ['日', '㐀', '豈', '𠀋', '𪚲'] {
            assert!(is_han(c) && !is_kana(c), "{c}");
            assert_eq!(script_of(c), Some(Script::Cjk), "{c}");
        }
    }

    fn texts(s: &str) -> Vec<(&str, Script)> {
        words(s).into_iter().map(|w| (w.text, w.script)).collect()
    }

    #[test]
    fn splits_at_script_changes() {
        assert_eq!(
            texts("1905년 Kunashir쿠나시르"),
            vec![
                ("1905", Script::Digit),
                ("년", Script::Hangul),
                ("Kunashir", Script::Latin),
                ("쿠나시르", Script::Hangul)
            ]
        );
    }

    #[test]
    fn keeps_apostrophes_and_marks_inside_words() {
        assert_eq!(
            texts("Japan’s e\u{301}lan 'quoted'"),
            vec![
                ("Japan’s", Script::Latin),
                ("e\u{301}lan", Script::Latin),
                ("quoted", Script::Latin)
            ]
        );
    }

    #[test]
    fn cyrillic_and_cjk() {
        assert_eq!(
            texts("Японией, 明治38年・ロシア"),
            vec![
                ("Японией", Script::Cyrillic),
                ("明治", Script::Cjk),
                ("38", Script::Digit),
                ("年", Script::Cjk),
                ("ロシア", Script::Cjk)
            ]
        );
    }
}
