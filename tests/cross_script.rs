//! One query, every script: transliteration, aliases and `--exact`.

mod common;

use common::*;

fn texts_of(answer: &serde_json::Value, source_prefix: &str) -> Vec<String> {
    answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["source"].as_str().unwrap().starts_with(source_prefix))
        .map(|h| h["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn portsmouth_finds_korean_and_english_passages() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "Portsmouth", &["--limit", "10"]);
    let sources = hit_sources(&answer);
    for prefix in ["001_", "002_", "003_"] {
        assert!(
            sources.iter().any(|s| s.starts_with(prefix)),
            "{prefix} in {sources:?}"
        );
    }
    let expanded = answer["expanded"]["Portsmouth"].as_array().unwrap();
    assert!(expanded.iter().any(|e| e == "포츠머스"), "{expanded:?}");
    let korean = answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["lang"] == "ko")
        .unwrap();
    assert!(
        korean["matched"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "포츠머스")
    );
    assert!(
        korean["snippet"]
            .as_str()
            .unwrap()
            .contains("<b>포츠머스</b>")
    );
}

#[test]
fn kunashir_finds_hangul_only_passages_and_back() {
    let dir = copy_of_corpus();
    let korean = texts_of(&search_json(dir.path(), "Kunashir", &[]), "003_");
    assert!(
        korean
            .iter()
            .any(|t| t.contains("쿠나시르") && !t.contains("Kunashir"))
    );
    let english = texts_of(&search_json(dir.path(), "쿠나시르", &[]), "001_");
    assert!(english.iter().any(|t| t.contains("Kunashir")));
    let answer = search_json(dir.path(), "Сахалин", &[]);
    let langs = hit_field(&answer, "lang");
    assert!(langs.contains(&"en") && langs.contains(&"ko"), "{langs:?}");
}

#[test]
fn exact_match_scores_above_expansion_and_exact_turns_it_off() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "Portsmouth", &[]);
    let first = &answer["hits"][0];
    assert!(first["text"].as_str().unwrap().contains("Portsmouth"));
    let exact = search_json(dir.path(), "Portsmouth", &["--exact"]);
    assert!(exact["expanded"].as_object().unwrap().is_empty());
    for text in texts_of(&exact, "") {
        assert!(text.contains("Portsmouth"), "{text}");
    }
    assert!(exact["total"].as_u64().unwrap() < answer["total"].as_u64().unwrap());
}

#[test]
fn words_without_counterpart_expand_to_nothing() {
    let dir = copy_of_corpus();
    for word in ["Zanzibar", "xylophone", "펭귄"] {
        let answer = search_json(dir.path(), word, &[]);
        assert!(
            answer["expanded"].as_object().unwrap().is_empty(),
            "{word}: {}",
            answer["expanded"]
        );
    }
}

#[test]
fn alias_mined_from_a_new_text_is_used_after_reindexing() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    let before = search_json(dir.path(), "Ulaanbaatar", &[]);
    assert_eq!(before["total"], 0);
    std::fs::write(
        dir.path().join("corpus/new.txt"),
        "몽골의 수도 울란바토르(Ulaanbaatar)는 조약 협상의 장소였다.\n\n울란바토르에서 회담이 다시 열렸다.\n",
    )
    .unwrap();
    let after = search_json(dir.path(), "Ulaanbaatar", &[]);
    assert_eq!(after["total"], 2, "{after}");
    let aliases = ok(dir.path(), &["aliases", "Ulaanbaatar"]);
    assert!(
        aliases.contains("울란바토르") && aliases.contains("mined from new.txt"),
        "{aliases}"
    );
    let exact = search_json(dir.path(), "Ulaanbaatar", &["--exact"]);
    assert_eq!(exact["total"], 1);
}

#[test]
fn alias_file_edits_take_effect() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    assert_eq!(search_json(dir.path(), "Zipangu", &[])["total"], 0);
    let path = dir.path().join("corpus/aliases.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n[[entity]]\nname = \"Japan (old name)\"\nspellings = [\"Zipangu\", \"Япония\"]\n",
    );
    std::fs::write(&path, text).unwrap();
    let answer = search_json(dir.path(), "Zipangu", &[]);
    assert!(answer["total"].as_u64().unwrap() > 0);
    // Япония is in the glossary too: the alias joins Zipangu to Japan.
    assert!(hit_sources(&answer).iter().any(|s| s.starts_with("000_")));
    assert!(
        answer["expanded"]["Zipangu"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Япония")
    );

    std::fs::write(&path, "this is [[not toml").unwrap();
    let out = shimoda(dir.path(), &["index"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("skipped aliases.toml"));
}

#[test]
fn ordinary_words_are_translated_by_the_glossary_not_transliterated() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "Japan", &[]);
    let expanded: Vec<&str> = answer["expanded"]["Japan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    // 재판 ("trial") shares Japan's sound key; a glossary word is not keyed.
    assert!(
        expanded.contains(&"일본") && expanded.contains(&"Япония"),
        "{expanded:?}"
    );
    assert!(!expanded.contains(&"재판"), "{expanded:?}");
    let langs = &answer["facets"]["lang"];
    for lang in ["en", "ru", "ko"] {
        assert!(langs[lang].as_u64().unwrap_or(0) > 0, "{lang} in {langs}");
    }
    // Another form of the word finds the same concept, and the answer says
    // where the translation came from.
    let answer = search_json(dir.path(), "договоров", &[]);
    assert!(
        answer["expanded"]["договоров"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "조약")
    );
    let listing = ok(dir.path(), &["aliases", "treaty"]);
    assert!(listing.contains("glossary entry \"treaty\""), "{listing}");
}

#[test]
fn a_corpus_glossary_adds_concepts_and_a_broken_one_is_one_line() {
    let dir = copy_of_corpus();
    let glossary = dir.path().join("corpus/glossary.toml");
    std::fs::write(
        &glossary,
        "term = [ { en = [\"penguin\"], ko = [\"펭귄\"] } ]\n",
    )
    .unwrap();
    let answer = search_json(dir.path(), "penguin", &[]);
    assert!(
        answer["expanded"]["penguin"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "펭귄")
    );
    // The glossary is a setting, not a text of the corpus.
    assert!(!hit_sources(&answer).iter().any(|s| s == "glossary.toml"));
    std::fs::write(&glossary, "term = [ { en = ").unwrap();
    let out = shimoda(dir.path(), &["search", "penguin"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_one_line_error(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("glossary.toml"));
}
