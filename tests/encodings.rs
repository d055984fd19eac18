//! Files in legacy encodings, empty, binary and damaged files in one corpus:
//! the run goes through, warns by name, and every text is searchable.

mod common;

use common::*;
use encoding_rs::Encoding;

const RUSSIAN_1251: &str = "Портсмутский мирный договор положил конец русско-японской войне. \
    Россия уступила Японии южную часть Сахалина.";
const RUSSIAN_KOI8: &str = "Симодский трактат установил границу между Россией и Японией \
    между островами Итуруп и Уруп.";
const KOREAN: &str =
    "포츠머스 조약으로 러일전쟁이 끝났습니다. 러시아는 사할린 남부를 일본에 할양했습니다.";
const JAPANESE: &str = "日露和親条約は下田で結ばれた。択捉島と得撫島の間に国境が定められた。";
const UTF16_TEXT: &str = "Курильские острова и 쿠릴 열도: the Kuril Islands dispute after 1945.";
const DAMAGED: &str = "Договор о нейтралитете между СССР и Японией был подписан в апреле.";

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot hold the text", encoding.name());
    bytes.into_owned()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

fn write_corpus(corpus: &std::path::Path) {
    std::fs::create_dir_all(corpus.join("legacy")).unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "legacy/win1251.txt",
            encode(encoding_rs::WINDOWS_1251, RUSSIAN_1251),
        ),
        (
            "legacy/koi8r.txt",
            encode(encoding_rs::KOI8_R, RUSSIAN_KOI8),
        ),
        ("legacy/euckr.txt", encode(encoding_rs::EUC_KR, KOREAN)),
        ("legacy/sjis.txt", encode(encoding_rs::SHIFT_JIS, JAPANESE)),
        ("utf16.txt", utf16le_with_bom(UTF16_TEXT)),
        ("empty.txt", Vec::new()),
        (
            "image.bin",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3, 0xFF, 0],
        ),
        ("damaged.txt", {
            let mut bytes = DAMAGED.as_bytes().to_vec();
            bytes.insert("Договор".len(), 0xFF);
            bytes
        }),
        (".hidden.txt", b"Portsmouth hidden".to_vec()),
    ];
    for (name, bytes) in files {
        std::fs::write(corpus.join(name), bytes).unwrap();
    }
}

#[test]
fn every_encoding_is_read_and_bad_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus);
    let report = ok(dir.path(), &["index"]);
    assert!(report.contains("skipped empty.txt: empty file"), "{report}");
    assert!(report.contains("skipped image.bin: binary"), "{report}");
    assert!(!report.contains(".hidden"), "{report}");

    let cases = [
        ("Сахалина", "legacy/win1251.txt"),
        ("Японией", "legacy/koi8r.txt"),
        ("사할린", "legacy/euckr.txt"),
        ("択捉島", "legacy/sjis.txt"),
        ("Курильские", "utf16.txt"),
        ("쿠릴", "utf16.txt"),
        ("нейтралитете", "damaged.txt"),
    ];
    for (query, file) in cases {
        let answer = search_json(dir.path(), query, &[]);
        assert!(
            hit_sources(&answer).contains(&file.to_string()),
            "{query} should find {file}"
        );
    }
    let hidden = search_json(dir.path(), "hidden", &[]);
    assert_eq!(hidden["total"], 0);

    let stats: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["stats", "--json"])).unwrap();
    for encoding in ["windows-1251", "EUC-KR", "Shift_JIS", "UTF-16LE", "UTF-8"] {
        assert!(
            stats["encodings"][encoding].as_u64().is_some(),
            "{encoding}: {stats}"
        );
    }
    assert!(
        stats["encodings"]
            .as_object()
            .unwrap()
            .keys()
            .any(|k| k.starts_with("KOI8"))
    );
}

#[test]
fn snippets_of_legacy_files_are_decoded_text() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus);
    let answer = search_json(dir.path(), "Портсмутский", &[]);
    let hit = &answer["hits"][0];
    assert_eq!(hit["text"].as_str().unwrap(), RUSSIAN_1251);
    assert_eq!(hit["lang"], "ru");
    // Offsets of a legacy file are offsets in its decoded text.
    assert_eq!(
        hit["byte_end"].as_u64().unwrap() as usize,
        RUSSIAN_1251.len()
    );
}
