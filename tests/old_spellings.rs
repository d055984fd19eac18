//! Old spellings, OCR damage and typos, through the real binary on texts
//! written for these tests: a query in today's spelling finds the text
//! however it was written, and the other way round.

mod common;

use std::path::Path;

use common::{corpus_of, hit_sources, ok, search_json, shimoda};

/// A Russian paragraph as printed before the 1918 reform.
const PRE_REFORM: &str = "Портсмутскій мирный договоръ между Россіей и Японіей былъ подписанъ \
въ 1905 году. По этому договору Россія уступила Японіи южную часть острова Сахалина и права на \
Ляодунскій полуостровъ съ Портъ-Артуромъ. Разсказы о переговорахъ печатались въ газетахъ \
Императорскаго двора и въ изслѣдованіяхъ новаго времени.";

/// The same facts in today's Russian.
const MODERN: &str = "Россия и Япония подписали в Портсмуте мирный договор; рассказ о \
переговорах вошёл в исследования нового времени.";

/// A Korean paragraph writing Sino-Korean words in hanja.
const HANJA: &str = "1905년 日露戰爭 이후 大韓帝國은 日本의 保護國이 되었다. 朝鮮의 外交權은 \
統監府로 넘어갔고, 露西亞는 滿洲에서 물러났다.";

/// Russian as OCR read it: Latin letters drawn like Cyrillic ones inside
/// words, a soft hyphen left in a word.
const OCR: &str = "B 1905 гoду Poccия и Япония подписали мирный дoгoвop в Порт\u{AD}смуте.";

fn corpus() -> tempfile::TempDir {
    let dir = corpus_of(&[
        ("old.txt", PRE_REFORM.as_bytes()),
        ("modern.txt", MODERN.as_bytes()),
        ("hanja.txt", HANJA.as_bytes()),
        ("ocr.txt", OCR.as_bytes()),
        (
            "english.txt",
            b"The Treaty of Portsmouth ended the war between Russia and Japan in 1905.",
        ),
    ]);
    ok(dir.path(), &["index"]);
    dir
}

/// The sources of the hits of an exact search.
fn sources(dir: &Path, query: &str) -> Vec<String> {
    let answer = search_json(dir, query, &["--exact"]);
    let mut found: Vec<String> = answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source"].as_str().unwrap().to_string())
        .collect();
    found.sort();
    found
}

#[test]
fn todays_russian_finds_the_old_spelling_and_the_other_way_round() {
    let dir = corpus();
    for (query, expected) in [
        ("Японии", vec!["modern.txt", "ocr.txt", "old.txt"]),
        ("договор", vec!["modern.txt", "ocr.txt", "old.txt"]),
        ("Порт-Артур", vec!["old.txt"]),
        ("рассказы", vec!["modern.txt", "old.txt"]),
        ("исследование", vec!["modern.txt", "old.txt"]),
        ("императорского", vec!["old.txt"]),
        // Old spellings as queries.
        ("Японіи", vec!["modern.txt", "ocr.txt", "old.txt"]),
        ("договоръ", vec!["modern.txt", "ocr.txt", "old.txt"]),
        ("новаго", vec!["modern.txt", "old.txt"]),
    ] {
        assert_eq!(sources(dir.path(), query), expected, "{query}");
    }
    // The passage is shown as it was printed.
    let answer = search_json(dir.path(), "полуостров", &["--exact"]);
    assert!(
        answer["hits"][0]["text"]
            .as_str()
            .unwrap()
            .contains("полуостровъ")
    );
    // The old text is told as Russian.
    assert_eq!(answer["hits"][0]["lang"], "ru");
}

#[test]
fn a_korean_word_finds_the_text_writing_it_in_hanja() {
    if shimoda::analyze::kanji::hanja().is_none() {
        eprintln!("libhangul's hanja table is not installed: hanja readings not tested");
        return;
    }
    let dir = corpus();
    for query in ["조선", "보호국", "대한제국", "통감부", "러시아", "만주"] {
        assert_eq!(sources(dir.path(), query), ["hanja.txt"], "{query}");
    }
}

#[test]
fn words_damaged_by_ocr_are_read_in_one_script() {
    let dir = corpus();
    assert!(sources(dir.path(), "Россия").contains(&"ocr.txt".to_string()));
    assert!(sources(dir.path(), "Портсмуте").contains(&"ocr.txt".to_string()));
    // A query damaged the same way finds the clean text too.
    assert!(sources(dir.path(), "Poccия").contains(&"modern.txt".to_string()));
}

#[test]
fn typos_are_asked_for_with_a_tilde_or_tried_for_a_word_no_passage_holds() {
    let dir = corpus();
    assert_eq!(sources(dir.path(), "Portsmuth~"), ["english.txt"]);
    assert_eq!(
        sources(dir.path(), "Portsmuth"),
        Vec::<String>::new(),
        "--exact takes no typos"
    );
    let answer = search_json(dir.path(), "Portsmuth", &[]);
    assert_eq!(answer["typos"], true, "{answer}");
    assert!(
        hit_sources(&answer).contains(&"english.txt".to_string()),
        "{answer}"
    );
    let hits = answer["hits"].as_array().unwrap();
    let english = hits.iter().find(|h| h["source"] == "english.txt").unwrap();
    assert_eq!(
        english["matched"][0], "Portsmuth~2",
        "nine letters take two typos"
    );
    let text = ok(dir.path(), &["search", "Portsmuth", "--color", "never"]);
    assert!(text.contains("was also searched with typos"), "{text}");
    assert!(text.contains("«Portsmouth»"), "{text}");
    // A word some passage holds is searched as written only.
    assert!(
        search_json(dir.path(), "Portsmouth", &[])
            .get("typos")
            .is_none()
    );
    let wrong = shimoda(dir.path(), &["search", "Portsmuth~3"]);
    assert_eq!(wrong.status.code(), Some(2));
}

/// A pre-war Japanese paragraph in old character forms, and one of today.
const PREWAR_JAPANESE: &str = "明治三十八年九月、日露講和條約ハ米國ポーツマスニ於テ調印セラレ、\
對馬沖ノ海戰ノ後ニ兩國ノ戰爭ハ終ハレリ。";
const TODAYS_JAPANESE: &str =
    "一九〇五年、日露講和条約が米国のポーツマスで調印され、両国の戦争は終わった。";

#[test]
fn todays_kanji_find_the_old_forms_and_the_other_way_round() {
    let dir = corpus_of(&[
        ("prewar.txt", PREWAR_JAPANESE.as_bytes()),
        ("today.txt", TODAYS_JAPANESE.as_bytes()),
        (
            "english.txt",
            b"The peace treaty was signed at Portsmouth in 1905.",
        ),
    ]);
    for query in [
        "日露講和条約",
        "日露講和條約",
        "戦争",
        "戰爭",
        "両国",
        "兩國",
    ] {
        assert_eq!(
            sources(dir.path(), query),
            ["prewar.txt", "today.txt"],
            "{query}"
        );
    }
    assert_eq!(sources(dir.path(), "対馬"), ["prewar.txt"]);
    // An old form is translated as today's is (條約 is the glossary's 条約).
    let translated = hit_sources(&search_json(dir.path(), "條約", &[]));
    assert!(
        translated.iter().any(|s| s == "english.txt"),
        "{translated:?}"
    );
    // Forms that are not old ones are left alone: 日本 does not meet 日露.
    assert!(sources(dir.path(), "日本").is_empty());
}

/// The rules a search's hits say their words were read by.
fn rules(dir: &Path, query: &str) -> Vec<(String, String)> {
    let answer = search_json(dir, query, &[]);
    let mut found: Vec<(String, String)> = answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["variants"].as_array().cloned().unwrap_or_default())
        .map(|v| {
            let field = |k: &str| v[k].as_str().unwrap().to_string();
            (field("text"), field("rule"))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn hits_say_which_rule_read_the_word_that_matched() {
    let dir = corpus_of(&[
        ("old.txt", PRE_REFORM.as_bytes()),
        ("modern.txt", MODERN.as_bytes()),
        ("prewar.txt", PREWAR_JAPANESE.as_bytes()),
        ("today.txt", TODAYS_JAPANESE.as_bytes()),
    ]);
    let old = rules(dir.path(), "Японии");
    assert!(
        old.contains(&("Японіей".to_string(), "old spelling".to_string())),
        "{old:?}"
    );
    let kanji = rules(dir.path(), "日露講和条約");
    assert_eq!(
        kanji,
        [("日露講和條約".to_string(), "old kanji form".to_string())]
    );
    // A word matched as written is no variant.
    assert!(rules(dir.path(), "調印").is_empty());
    let text = ok(dir.path(), &["search", "日露講和条約", "--color", "never"]);
    assert!(
        text.contains("read as: 日露講和條約 (old kanji form)"),
        "{text}"
    );
}

#[test]
fn a_query_that_finds_nothing_suggests_the_words_the_index_holds() {
    let dir = corpus();
    let answer = search_json(dir.path(), "Japn", &[]);
    assert_eq!(answer["total"], 0);
    let suggested: Vec<&str> = answer["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(suggested.first(), Some(&"japan"), "{suggested:?}");
    let text = ok(dir.path(), &["search", "Япна", "--color", "never"]);
    assert!(text.contains("did you mean: япон"), "{text}");
    // Found, or asked for exactly: no suggestion.
    assert!(
        search_json(dir.path(), "Japan", &[])
            .get("suggestions")
            .is_none()
    );
    assert!(
        search_json(dir.path(), "Japn", &["--exact"])
            .get("suggestions")
            .is_none()
    );
}
