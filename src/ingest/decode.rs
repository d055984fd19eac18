//! From a file's bytes to text: byte-order marks, UTF-8, and detection of
//! legacy encodings.

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_8};

/// A file's text after decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding the text was read in; its WHATWG name (`UTF-8`,
    /// `windows-1251`, ...) is what people see.
    pub encoding: &'static Encoding,
    /// Bytes of byte-order mark before the text (0 when there is none).
    pub bom_len: usize,
    /// Bytes that could not be decoded and became U+FFFD.
    pub replaced: usize,
}

/// Why a file was not decoded into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Empty,
    /// Only spaces and line breaks.
    Blank,
    /// NUL bytes or mostly control characters.
    Binary,
    /// A document format's reader refused the file, for the reason given
    /// (encrypted, damaged, too large, not the format its name says).
    Refused(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unreadable::Empty => "empty file",
            Unreadable::Blank => "only whitespace",
            Unreadable::Binary => "binary data (NUL bytes or control characters)",
            Unreadable::Refused(reason) => reason,
        })
    }
}

/// Decodes a file: a BOM first, then valid (or nearly valid) UTF-8, then the
/// encoding chardetng finds most likely.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable::Empty);
    }
    let decoded = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        decode_with(encoding, &bytes[bom_len..], bom_len)
    } else {
        if looks_binary(bytes) {
            return Err(Unreadable::Binary);
        }
        let iso_2022_jp = is_iso_2022_jp(bytes);
        // simdutf8 checks UTF-8 several times faster than the standard
        // library on Korean and Russian text, most of what is read.
        if !iso_2022_jp && let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            // Valid UTF-8 throughout, the common case: one pass to check it
            // and one to copy it, nothing else to guess.
            return finish(Decoded {
                text: text.to_string(),
                encoding: UTF_8,
                bom_len: 0,
                replaced: 0,
            });
        }
        let encoding = if iso_2022_jp {
            encoding_rs::ISO_2022_JP
        } else if mostly_utf8(bytes) {
            UTF_8
        } else {
            refine_single_byte(bytes, detect(bytes))
        };
        decode_with(encoding, bytes, 0)
    };
    finish(decoded)
}

/// Refuses decoded text that is blank or mostly control characters.
fn finish(decoded: Decoded) -> Result<Decoded, Unreadable> {
    if decoded.text.trim().is_empty() {
        return Err(Unreadable::Blank);
    }
    if looks_binary_text(&decoded.text) {
        return Err(Unreadable::Binary);
    }
    Ok(decoded)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], bom_len: usize) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text: text.into_owned(),
        encoding,
        bom_len,
        replaced,
    }
}

/// Bytes chardetng is given, from the first byte that is not ASCII: its
/// guess is settled long before (every text of `../shared/peer/encodings`
/// is read right from its first 16 KiB; from 8 KiB one is not), and it
/// costs more per byte than the rest of decoding.
const DETECT_BYTES: usize = 32 * 1024;

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    // A long ASCII head (a licence, markup, a table's header) tells no
    // encoding apart: the share starts where the text stops being ASCII.
    let from = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let to = bytes.len().min(from + DETECT_BYTES);
    // A prefix is not the end of the text: told so, chardetng does not
    // count a character cut in two at its end against an encoding.
    detector.feed(&bytes[from..to], to == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// ISO-2022-JP is 7-bit, so it passes for ASCII (and UTF-8) unless its
/// escape sequences are looked for.
fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    bytes.is_ascii()
        && [b"\x1b$B", b"\x1b$@", b"\x1b(J"]
            .iter()
            .any(|esc| bytes.windows(3).any(|w| w == *esc))
}

/// Single-byte encodings that chardetng tells apart poorly on short texts:
/// the Cyrillic ones (MacCyrillic passes for windows-1251) and Western
/// European against Central European.
const SINGLE_BYTE_RIVALS: &[&Encoding] = &[
    encoding_rs::WINDOWS_1251,
    encoding_rs::KOI8_R,
    encoding_rs::IBM866,
    encoding_rs::X_MAC_CYRILLIC,
    encoding_rs::ISO_8859_5,
    encoding_rs::WINDOWS_1252,
];

/// Checks chardetng's guess for a single-byte text against its rivals and
/// keeps the one whose decoding looks least like mojibake.
fn refine_single_byte(bytes: &[u8], guess: &'static Encoding) -> &'static Encoding {
    if !guess.is_single_byte() {
        return guess;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let score = |e: &'static Encoding| mojibake_score(&e.decode_without_bom_handling(sample).0);
    let mut best = (guess, score(guess));
    for &rival in SINGLE_BYTE_RIVALS {
        if rival != guess {
            let s = score(rival);
            if s < best.1 {
                best = (rival, s);
            }
        }
    }
    best.0
}

/// Signs of a wrong decoding per word that holds non-ASCII letters: mixed
/// scripts, case changes inside a word (`моЯ`), Latin words made mostly of
/// accented letters (`Ïðèâåò`), a letter glued to digits where a currency
/// sign belongs (`Ł825`), odd symbols glued to letters.
fn mojibake_score(text: &str) -> f64 {
    let mut words = 0usize;
    let mut bad = 0usize;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphabetic() {
            if !c.is_ascii() && !c.is_whitespace() && !is_common_punctuation(c) {
                let near_letter =
                    |j: Option<&char>| j.is_some_and(|n| n.is_alphabetic() && !n.is_ascii());
                if near_letter(chars.get(i + 1)) || (i > 0 && near_letter(chars.get(i - 1))) {
                    bad += 1;
                }
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphabetic() {
            i += 1;
        }
        let word = &chars[start..i];
        if word.iter().all(char::is_ascii) {
            continue;
        }
        words += 1;
        if is_mojibake_word(word) || chars.get(i).is_some_and(char::is_ascii_digit) {
            bad += 1;
        }
    }
    bad as f64 / (words + 1) as f64
}

fn is_mojibake_word(word: &[char]) -> bool {
    let cyrillic = word
        .iter()
        .filter(|c| matches!(**c as u32, 0x0400..=0x04FF))
        .count();
    let latin_accented = word
        .iter()
        .filter(|c| !c.is_ascii() && matches!(**c as u32, 0x00C0..=0x024F))
        .count();
    let ascii = word.iter().filter(|c| c.is_ascii()).count();
    let mixed = cyrillic > 0 && cyrillic < word.len();
    let mostly_accented = cyrillic == 0 && word.len() >= 3 && latin_accented * 2 > word.len();
    // Only `word`, `Word` and `WORD` are well formed (KOI8-R read as
    // windows-1251 swaps the case: `нАЧАТА`).
    let upper_after_first = word.iter().skip(1).filter(|c| c.is_uppercase()).count();
    let all_upper = word[0].is_uppercase() && upper_after_first == word.len() - 1;
    let case_break = upper_after_first > 0 && !all_upper;
    mixed || mostly_accented || case_break || (cyrillic > 0 && ascii > 0)
}

/// Non-ASCII punctuation that real texts glue to words.
fn is_common_punctuation(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '„'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '—'
            | '–'
            | '…'
            | '№'
            | '°'
            | '\u{a0}'
            | '·'
            | '‚'
    )
}

/// True when the bytes are UTF-8 but for a few invalid sequences: a text
/// with one stray byte is still read as UTF-8 rather than as some legacy
/// encoding that turns all of its non-ASCII characters into garbage.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid_multibyte += std::str::from_utf8(good)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                match e.error_len() {
                    Some(n) => {
                        invalid += 1;
                        rest = &bad[n..];
                    }
                    None => {
                        // Truncated sequence at the very end.
                        invalid += 1;
                        break;
                    }
                }
            }
        }
    }
    // A few bad bytes among many good multi-byte characters: a damaged
    // UTF-8 file, not a legacy encoding (whose text is mostly invalid).
    invalid == 0
        || invalid * 50 <= valid_multibyte
        || (invalid <= 3 && valid_multibyte >= 8 * invalid)
}

/// NUL bytes mean binary data (UTF-16 without a BOM aside, which is rare
/// enough in text collections to treat as binary).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    head.contains(&0)
}

/// Mostly control characters after decoding: not a text.
fn looks_binary_text(text: &str) -> bool {
    if !has_control_bytes(text.as_bytes()) {
        return false;
    }
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(16 * 1024) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x1b') {
            control += 1;
        }
    }
    control * 10 > total
}

/// True when the first 16 Ki characters of `bytes` (at most 64 KiB) hold
/// a control character other than a line break, tab, form feed or escape.
/// Looked for a chunk at a time without branching, which the compiler
/// turns into vector instructions, and only a chunk with a byte that may
/// start one is looked at closely: most texts have none, and counting their
/// characters one by one cost more than all the rest of reading them.
fn has_control_bytes(bytes: &[u8]) -> bool {
    const CHUNK: usize = 64;
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let maybe = |b: u8| (b < 0x20) | (b == 0x7f) | (b == 0xc2);
    head.chunks(CHUNK).enumerate().any(|(n, chunk)| {
        chunk.iter().fold(false, |found, &b| found | maybe(b))
            && (n * CHUNK..n * CHUNK + chunk.len()).any(|i| is_control_byte(head, i))
    })
}

/// True when the character starting at byte `i` of UTF-8 `bytes` is a
/// control character other than a line break, tab, form feed or escape:
/// U+0000–U+001F and U+007F are one byte, U+0080–U+009F are 0xC2 0x80–0x9F.
fn is_control_byte(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'\r' | b'\t' | 0x0c | 0x1b => false,
        0x00..=0x1f | 0x7f => true,
        0xc2 => bytes
            .get(i + 1)
            .is_some_and(|next| (0x80..0xa0).contains(next)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    const RUSSIAN: &str = "Русско-японские отношения после войны: Япония и Россия заключили договор, \
                           который определил границы и права обеих сторон на Дальнем Востоке.";
    const KOREAN: &str = "러일 최초의 평화우호조약이 체결되었습니다. 이 문서는 푸탸틴 중장의 뛰어난 외교 임무의 결과였습니다.";
    const JAPANESE: &str = "日露和親条約は、日本とロシアの間で結ばれた条約である。択捉島と得撫島の間に国境が定められた。";

    #[test]
    fn utf8_as_is() {
        let d = decode(RUSSIAN.as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.name(), d.bom_len),
            (RUSSIAN, "UTF-8", 0)
        );
    }

    #[test]
    fn utf8_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(KOREAN.as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.bom_len), (KOREAN, 3));
    }

    #[test]
    fn utf16_with_bom() {
        for (encoding, bom) in [
            (encoding_rs::UTF_16LE, [0xFF, 0xFE]),
            (encoding_rs::UTF_16BE, [0xFE, 0xFF]),
        ] {
            let mut bytes = bom.to_vec();
            for unit in KOREAN.encode_utf16() {
                let pair = if encoding == encoding_rs::UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (KOREAN, encoding));
        }
    }

    #[test]
    fn control_bytes_are_found_where_control_characters_are() {
        for (text, control) in [
            ("plain text\r\n\twith breaks\u{c}\u{1b}", false),
            ("Кунашир 쿠나시르 Â", false),
            ("a\u{0}b", true),
            ("a\u{7f}", true),
            ("a\u{85}b", true),
            ("«Портсмут» — 1905\u{a0}г.", false),
        ] {
            assert_eq!(has_control_bytes(text.as_bytes()), control, "{text:?}");
        }
        // Every control character is found.
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_control())
        {
            let text = format!("{}{c}", "x".repeat(100));
            let allowed = matches!(c, '\n' | '\r' | '\t' | '\u{c}' | '\u{1b}');
            assert_eq!(has_control_bytes(text.as_bytes()), !allowed, "{c:?}");
        }
    }

    #[test]
    fn a_long_ascii_head_does_not_hide_the_encoding() {
        let mut text = "id,name,notes\n".repeat(3 * DETECT_BYTES / 14);
        for _ in 0..50 {
            text.push_str(KOREAN);
            text.push('\n');
        }
        let bytes = encode(encoding_rs::EUC_KR, &text);
        let d = decode(&bytes).unwrap();
        assert!(d.text == text, "read as {}", d.encoding.name());
    }

    #[test]
    fn long_texts_are_detected_from_their_start_whole() {
        for (encoding, sentence) in [
            (encoding_rs::EUC_KR, KOREAN),
            (encoding_rs::SHIFT_JIS, JAPANESE),
            (encoding_rs::KOI8_R, RUSSIAN),
        ] {
            // Past the detector's share, cut inside a character.
            let mut text = String::new();
            while text.len() < 3 * DETECT_BYTES {
                text.push_str(sentence);
                text.push('\n');
            }
            let bytes = encode(encoding, &text);
            assert!(bytes.len() > DETECT_BYTES && bytes[DETECT_BYTES] >= 0x80);
            let d = decode(&bytes).unwrap();
            // KOI8-U reads Russian as KOI8-R does: the text is what counts.
            let read_right = d.text == text;
            assert!(
                read_right,
                "{} read as {}",
                encoding.name(),
                d.encoding.name()
            );
        }
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let cases = [
            (encoding_rs::WINDOWS_1251, RUSSIAN),
            (encoding_rs::KOI8_R, RUSSIAN),
            (encoding_rs::EUC_KR, KOREAN),
            (encoding_rs::SHIFT_JIS, JAPANESE),
            (encoding_rs::EUC_JP, JAPANESE),
        ];
        for (encoding, text) in cases {
            let d = decode(&encode(encoding, text)).unwrap();
            assert_eq!(d.text, text, "{}", encoding.name());
        }
    }

    #[test]
    fn mac_cyrillic_is_told_from_windows_1251() {
        let text =
            "Политехникум посоветовал Цюрихский университет. Москва и Санкт-Петербург. Я пришёл.";
        let d = decode(&encode(encoding_rs::X_MAC_CYRILLIC, text)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.name()),
            (text, "x-mac-cyrillic")
        );
    }

    #[test]
    fn koi8_r_is_not_taken_for_windows_1251() {
        let text =
            "Начата регистрация участников второй дистанционной обучающей олимпиады по биологии.";
        let d = decode(&encode(encoding_rs::KOI8_R, text)).unwrap();
        // KOI8-U is a superset that reads Russian text the same.
        assert_eq!(d.text, text);
        assert!(
            d.encoding.name().starts_with("KOI8"),
            "{}",
            d.encoding.name()
        );
    }

    #[test]
    fn pound_sign_in_english_stays_windows_1252() {
        let text = "and benfica win i stand to lift £825. not bad for a £2 bet. The match was played on Saturday afternoon.";
        let d = decode(&encode(encoding_rs::WINDOWS_1252, text)).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn iso_2022_jp_is_not_taken_for_ascii() {
        let text = "ウィザードで選択したプラットフォーム、構成";
        let d = decode(&encode(encoding_rs::ISO_2022_JP, text)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.name()), (text, "ISO-2022-JP"));
    }

    #[test]
    fn one_invalid_byte_keeps_utf8() {
        let mut bytes = KOREAN.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding.name(), d.replaced), ("UTF-8", 1));
        assert!(d.text.contains("평화우호조약이"));
    }

    #[test]
    fn empty_blank_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(Unreadable::Empty));
        assert_eq!(decode(b" \n\t\r\n "), Err(Unreadable::Blank));
        assert_eq!(decode(b"PK\x03\x04\x00\x00binary"), Err(Unreadable::Binary));
        assert_eq!(
            decode(&[1u8, 2, 3, 4, 5, 6, 7, 8, b'a']),
            Err(Unreadable::Binary)
        );
    }
}
