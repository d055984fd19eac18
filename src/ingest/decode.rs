//! From a file's bytes to text: byte-order marks, UTF-8, and detection of
//! legacy encodings.

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_8};

/// A file's text after decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding (`UTF-8`, `windows-1251`, ...).
    pub encoding: &'static str,
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
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unreadable::Empty => "empty file",
            Unreadable::Blank => "only whitespace",
            Unreadable::Binary => "binary data (NUL bytes or control characters)",
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
        let encoding = if mostly_utf8(bytes) {
            UTF_8
        } else {
            detect(bytes)
        };
        decode_with(encoding, bytes, 0)
    };
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
        encoding: encoding.name(),
        bom_len,
        replaced,
    }
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
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
    invalid == 0 || (valid_multibyte > 0 && invalid * 50 <= valid_multibyte)
}

/// NUL bytes mean binary data (UTF-16 without a BOM aside, which is rare
/// enough in text collections to treat as binary).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    head.contains(&0)
}

/// Mostly control characters after decoding: not a text.
fn looks_binary_text(text: &str) -> bool {
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
        assert_eq!((d.text.as_str(), d.encoding, d.bom_len), (RUSSIAN, "UTF-8", 0));
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
        for (encoding, bom) in [(encoding_rs::UTF_16LE, [0xFF, 0xFE]), (encoding_rs::UTF_16BE, [0xFE, 0xFF])] {
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
            assert_eq!((d.text.as_str(), d.encoding), (KOREAN, encoding.name()));
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
    fn one_invalid_byte_keeps_utf8() {
        let mut bytes = KOREAN.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 1));
        assert!(d.text.contains("평화우호조약이"));
    }

    #[test]
    fn empty_blank_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(Unreadable::Empty));
        assert_eq!(decode(b" \n\t\r\n "), Err(Unreadable::Blank));
        assert_eq!(decode(b"PK\x03\x04\x00\x00binary"), Err(Unreadable::Binary));
        assert_eq!(decode(&[1u8, 2, 3, 4, 5, 6, 7, 8, b'a']), Err(Unreadable::Binary));
    }
}
