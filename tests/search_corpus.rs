//! The real binary on the bundled corpus: building on first search, the
//! JSON contract, language analysis, filters and errors.

mod common;

use common::*;

#[test]
fn first_search_builds_the_index_and_highlights_matches() {
    let dir = copy_of_corpus();
    let out = shimoda(dir.path(), &["search", "Portsmouth", "--limit", "20"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("building it"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("«Portsmouth»"), "{stdout}");
    assert!(
        stdout.contains("001_8b31f596b2c95be9.txt:")
            && stdout.contains("002_90bd7848e06558b2.txt:")
    );
    assert!(dir.path().join("index/meta.json").exists());

    // A second search finds the index fresh and says nothing about it.
    let again = shimoda(dir.path(), &["search", "Portsmouth"]);
    assert!(String::from_utf8_lossy(&again.stderr).is_empty());
}

#[test]
fn source_facet_lists_the_sources_with_most_matches() {
    let dir = copy_of_corpus();
    let all = search_json(dir.path(), "Portsmouth", &["--top-sources", "0"]);
    let sources = all["facets"]["source"].as_object().unwrap();
    assert!(sources.len() >= 2, "{sources:?}");
    assert_eq!(all["facets"]["sources_matched"], sources.len() as u64);
    let most = sources.values().map(|n| n.as_u64().unwrap()).max();
    let one = search_json(dir.path(), "Portsmouth", &["--top-sources", "1"]);
    let listed = one["facets"]["source"].as_object().unwrap();
    assert_eq!(listed.len(), 1);
    let (path, n) = listed.iter().next().unwrap();
    assert_eq!((n.as_u64(), n), (most, &sources[path]));
    assert_eq!(one["facets"]["sources_matched"], sources.len() as u64);
    let text = shimoda(dir.path(), &["search", "Portsmouth", "--top-sources", "1"]);
    let text = String::from_utf8_lossy(&text.stdout);
    let said = format!("the 1 with most matches of {} sources", sources.len());
    assert!(text.contains(&said), "{text}");
}

#[test]
fn json_contract() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "Kunashir", &["--limit", "3"]);
    assert_eq!(answer["query"], "Kunashir");
    assert!(answer["took_ms"].as_f64().unwrap() >= 0.0);
    let total = answer["total"].as_u64().unwrap();
    let hits = answer["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    let facet_sum = facet_sum(&answer, "lang");
    assert_eq!(
        facet_sum, total,
        "facets count every match, not only the page"
    );
    for hit in hits {
        for key in ["source", "lang", "snippet", "text"] {
            assert!(hit[key].is_string(), "{key}");
        }
        for key in ["passage", "line", "byte_start", "byte_end"] {
            assert!(hit[key].is_u64(), "{key}");
        }
        assert!(hit["score"].is_f64());
        assert!(hit["snippet"].as_str().unwrap().contains("<b>"));
        // For a UTF-8 file the byte range points at the passage in the file.
        let bytes = std::fs::read(
            dir.path()
                .join("corpus")
                .join(hit["source"].as_str().unwrap()),
        )
        .unwrap();
        let (s, e) = (
            hit["byte_start"].as_u64().unwrap() as usize,
            hit["byte_end"].as_u64().unwrap() as usize,
        );
        let raw = String::from_utf8_lossy(&bytes[s..e]);
        assert!(
            raw.contains("Kunashir") || raw.contains("쿠나시르"),
            "{raw}"
        );
    }
    let sources = hit_sources(&search_json(dir.path(), "Kunashir", &[]));
    assert!(sources.iter().any(|s| s.starts_with("001_")));
    assert!(sources.iter().any(|s| s.starts_with("003_")));
}

#[test]
fn korean_word_finds_every_form_with_particles() {
    let dir = copy_of_corpus();
    // Exact: only the Korean word and its forms (cross-script is its own test).
    let answer = search_json(dir.path(), "쿠나시르", &["--exact"]);
    let text = std::fs::read_to_string(dir.path().join("corpus/003_5da23bd97de552c8.txt")).unwrap();
    let paragraphs = text
        .split("\n\n")
        .filter(|p| p.contains("쿠나시르"))
        .count();
    let hits = answer["hits"].as_array().unwrap();
    let in_003 = hits
        .iter()
        .filter(|h| h["source"].as_str().unwrap().starts_with("003_"))
        .count();
    assert!(paragraphs > 0);
    assert_eq!(in_003, paragraphs);
    assert!(
        hits.iter()
            .all(|h| h["text"].as_str().unwrap().contains("쿠나시르"))
    );
}

#[test]
fn russian_stemming_matches_other_cases() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "Японию", &[]);
    let texts = hit_field(&answer, "text");
    for form in ["Япония", "Японии", "Японией"] {
        assert!(texts.iter().any(|t| t.contains(form)), "{form}");
    }
}

#[test]
fn language_and_source_filters() {
    let dir = copy_of_corpus();
    let korean = search_json(dir.path(), "사할린", &["--lang", "ko"]);
    assert!(korean["total"].as_u64().unwrap() > 0);
    assert_eq!(
        korean["facets"]["lang"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["ko"]
    );

    let only_002 = search_json(dir.path(), "Japan", &["--source", "002_"]);
    assert!(hit_sources(&only_002).iter().all(|s| s.starts_with("002_")));
    let in_query = search_json(dir.path(), "Japan source:002_90bd7848e06558b2", &[]);
    assert_eq!(in_query["total"], only_002["total"]);
    // `source:` and `--source` follow one rule: the path contains the
    // text, ignoring case, any run of separators matching any other.
    for text in [
        "90BD7848E06558B2",
        "90bd784",
        "002 90bd",
        "_90bd7848e06558b2.txt",
    ] {
        let in_query = search_json(dir.path(), &format!("Japan source:\"{text}\""), &[]);
        assert_eq!(in_query["total"], only_002["total"], "{text}");
        let option = search_json(dir.path(), "Japan", &["--source", text]);
        assert_eq!(option["total"], only_002["total"], "{text}");
    }
    let reversed = "90bd7848e06558b2 002";
    let none = search_json(dir.path(), &format!("Japan source:\"{reversed}\""), &[]);
    assert_eq!(none["total"], 0);
    assert_eq!(
        search_json(dir.path(), "Japan", &["--source", reversed])["total"],
        0
    );
    let lang_in_query = search_json(dir.path(), "Japan lang:ru", &[]);
    assert!(
        lang_in_query["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["lang"] == "ru")
    );
}

#[test]
fn operators_phrases_and_prefixes() {
    let dir = copy_of_corpus();
    let either = search_json(dir.path(), "Izvolsky OR Sazonov", &[])["total"]
        .as_u64()
        .unwrap();
    let one = search_json(dir.path(), "Izvolsky", &[])["total"]
        .as_u64()
        .unwrap();
    let both = search_json(dir.path(), "Izvolsky AND Sazonov", &[])["total"]
        .as_u64()
        .unwrap();
    assert!(either >= one && one >= both && either > 0);
    let without = search_json(dir.path(), "Izvolsky -Sazonov", &[])["total"]
        .as_u64()
        .unwrap();
    assert_eq!(without + both, one);

    let phrase = search_json(dir.path(), "\"Treaty of Portsmouth\"", &["--exact"]);
    assert!(
        phrase["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["text"].as_str().unwrap().contains("Treaty of Portsmouth"))
    );
    let prefix = search_json(dir.path(), "Portsm*", &[])["total"]
        .as_u64()
        .unwrap();
    assert!(
        prefix
            >= search_json(dir.path(), "Portsmouth", &["--exact"])["total"]
                .as_u64()
                .unwrap()
    );
}

#[test]
fn an_apostrophe_inside_a_word_is_part_of_it() {
    let dir = corpus_of(&[(
        "a.txt",
        "O'Brien met the envoy of Tz'u-hsi at the palace.".as_bytes(),
    )]);
    for query in ["O'Brien", "Tz'u-hsi", "'envoy of' O'Brien"] {
        let answer = search_json(dir.path(), query, &[]);
        assert_eq!(answer["total"], 1, "{query}: {answer}");
    }
}

#[test]
fn paging_and_limits() {
    let dir = copy_of_corpus();
    let paged = search_json(dir.path(), "Japan", &["--offset", "5", "--limit", "5"]);
    let first = search_json(dir.path(), "Japan", &["--limit", "10"]);
    assert_eq!(paged["hits"][0]["text"], first["hits"][5]["text"]);

    // Limits past what memory holds ask for every hit, or none past the end.
    let most = u64::MAX.to_string();
    let all = search_json(
        dir.path(),
        "Japan",
        &["--limit", &most, "--top-sources", &most],
    );
    assert_eq!(
        all["hits"].as_array().unwrap().len() as u64,
        all["total"].as_u64().unwrap()
    );
    let past = search_json(dir.path(), "Japan", &["--offset", &most]);
    assert!(past["hits"].as_array().unwrap().is_empty());
}

#[test]
fn nothing_found_is_not_an_error() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "Zanzibar", &[]);
    assert_eq!(answer["total"], 0);
    assert!(answer["hits"].as_array().unwrap().is_empty());
}

#[test]
fn bad_queries_exit_2_with_one_line() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    for query in ["AND ((", "\"unclosed", "title:x", "   "] {
        let out = shimoda(dir.path(), &["search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert_one_line_error(&out);
    }
    // Numbers out of range are the user's to fix, not a crash.
    for reps in ["0", "18446744073709551615"] {
        let out = shimoda(dir.path(), &["bench", "--reps", reps]);
        assert_eq!(out.status.code(), Some(2), "{reps}");
    }
}

#[test]
fn huge_and_deeply_nested_queries_exit_2_with_one_line() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
    let queries = [
        ("NOT ".repeat(1000) + "a", "nested too deep"),
        ("(".repeat(10_000) + "a" + &")".repeat(10_000), "too long"),
        ("(".repeat(2000) + "a", "nested too deep"),
        ("a ".repeat(3000), "too long"),
        (words.join(" OR "), "too many clauses"),
    ];
    for (query, problem) in queries {
        let out = shimoda(dir.path(), &["search", &query]);
        assert_eq!(out.status.code(), Some(2), "{problem}");
        assert_one_line_error(&out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(problem), "{stderr}");
    }
}

#[test]
fn bad_filters_exit_2_with_one_line() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    let cases: [(&[&str], &str); 7] = [
        (
            &["Portsmouth", "--lang", "korean"],
            "known codes: und, en, ru, ko",
        ),
        (&["Portsmouth lang:xx"], "unknown language \"xx\""),
        (
            &["Portsmouth", "--from", "1960", "--to", "1900"],
            "--from 1960 is after --to 1900",
        ),
        (&["year:[1960 TO 1900]"], "[1960 TO 1900] holds no year"),
        (&["*mouth"], "a * may only end a word"),
        (&["Ports*mouth"], "a * may only end a word"),
        (&["Portsmouth", "--source", "._"], "no letters or digits"),
    ];
    for (args, problem) in cases {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let out = shimoda(dir.path(), &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_one_line_error(&out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(problem), "{args:?}: {stderr}");
    }
    // The dates command reads the same query and filters.
    let out = shimoda(dir.path(), &["dates", "Portsmouth lang:xx"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_paths_exit_1_with_one_line() {
    let dir = copy_of_corpus();
    std::fs::write(dir.path().join("file.txt"), "x").unwrap();
    let cases: [&[&str]; 3] = [
        &["search", "x", "--index", "file.txt/idx"],
        &["index", "--corpus", "missing"],
        &["stats", "--index", "nowhere"],
    ];
    for args in cases {
        let out = shimoda(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_one_line_error(&out);
    }
    // A folder of other files is never taken over as an index.
    let out = shimoda(dir.path(), &["index", "--index", "corpus"]);
    assert_eq!(out.status.code(), Some(1));
    assert_one_line_error(&out);
}

#[test]
fn stats_report_the_index() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    let stats: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["stats", "--json"])).unwrap();
    assert_eq!(stats["files"], 5);
    let passages = stats["passages"].as_u64().unwrap();
    let per_lang: u64 = stats["languages"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(per_lang, passages);
    for lang in ["en", "ru", "ko"] {
        assert!(stats["languages"][lang].as_u64().unwrap() > 0, "{lang}");
    }
    assert_eq!(stats["encodings"]["UTF-8"], 5);
    assert!(stats["index_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn help_teaches_the_query_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let help = ok(dir.path(), &["search", "--help"]);
    for needle in ["OR", "phrases", "prefix*", "lang:ko", "--json"] {
        assert!(help.contains(needle), "{needle}");
    }
}

/// The forms each hit lists as matched.
fn matched(answer: &serde_json::Value) -> Vec<Vec<String>> {
    answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let forms = h["matched"].as_array().unwrap();
            forms
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// Every documented query form tells each hit which of its forms it holds,
/// and only forms that the query searched for.
#[test]
fn every_query_form_fills_matched() {
    let dir = copy_of_corpus();
    let portsmouth = ["Portsmouth", "포츠머스"];
    let cases: [(&str, &[&str], &[&str]); 11] = [
        ("Portsmouth", &[], &portsmouth),
        ("Portsmouth", &["--exact"], &["Portsmouth"]),
        ("쿠나시르", &["--exact"], &["쿠나시르"]),
        ("Portsm*", &[], &["Portsm*"]),
        ("Portsm*", &["--exact"], &["Portsm*"]),
        (
            "\"Treaty of Portsmouth\"",
            &["--exact"],
            &["Treaty of Portsmouth"],
        ),
        (
            "Izvolsky OR Sazonov",
            &["--exact"],
            &["Izvolsky", "Sazonov"],
        ),
        ("Portsmouth -treaty", &["--exact"], &["Portsmouth"]),
        ("Portsmouth lang:en", &[], &portsmouth),
        ("Portsmouth source:001", &[], &portsmouth),
        ("Portsmouth year:1905", &[], &portsmouth),
    ];
    for (query, extra, allowed) in cases {
        let answer = search_json(dir.path(), query, extra);
        let hits = matched(&answer);
        assert!(!hits.is_empty(), "{query} {extra:?}");
        for forms in hits {
            assert!(
                !forms.is_empty(),
                "{query} {extra:?}: a hit matched nothing"
            );
            assert!(
                forms.iter().all(|f| allowed.contains(&f.as_str())),
                "{query} {extra:?}: {forms:?}"
            );
        }
    }
    // A phrase lists itself, an exact search its word, in every hit.
    let phrase = search_json(dir.path(), "\"Treaty of Portsmouth\"", &["--exact"]);
    assert!(
        matched(&phrase)
            .iter()
            .all(|f| f == &["Treaty of Portsmouth"])
    );
    let prefix = search_json(dir.path(), "Portsm*", &[]);
    assert!(matched(&prefix).iter().all(|f| f == &["Portsm*"]));
}
