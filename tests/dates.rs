//! Dates through the real binary: the extractor on its own, date facets,
//! filters and the timeline.

mod common;

use common::*;

#[test]
fn extractor_alone_prints_dates_and_years() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &[
            "dates",
            "--text",
            "1875년 4월 25일(5월 7일), then 1904–1905 and the 1990s",
            "--json",
        ],
    );
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    let dates = found["dates"].as_array().unwrap();
    assert_eq!(dates[0]["start"], "1875-05-07");
    assert_eq!(dates[0]["precision"], "day");
    assert_eq!(dates[1]["precision"], "year");
    assert_eq!(dates[1]["end"], "1905-12-31");
    assert_eq!(dates[2]["precision"], "decade");
    assert_eq!(found["years"], serde_json::json!([1875, 1904, 1905]));

    let text = ok(
        dir.path(),
        &["dates", "--text", "no dates here, only 1,000 people"],
    );
    assert!(text.contains("no dates found"));
}

#[test]
fn extractor_takes_numbers_after_identifier_words_for_no_years() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &["dates", "--text", "Note 2100: see number 2100", "--json"],
    );
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found["dates"], serde_json::json!([]));
    assert_eq!(found["years"], serde_json::json!([]));
}

#[test]
fn hits_carry_dates_and_facets_count_years() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "Portsmouth", &[]);
    assert!(answer["facets"]["year"]["1905"].as_u64().unwrap() >= 1);
    for hit in answer["hits"].as_array().unwrap() {
        assert!(hit["dates"].is_array() && hit["years"].is_array());
    }
}

#[test]
fn date_filters_keep_passages_that_mention_the_range() {
    let dir = copy_of_corpus();
    let all = search_json(dir.path(), "Kunashir", &[]);
    let some = search_json(dir.path(), "Kunashir", &["--from", "1945", "--to", "1960"]);
    let (all_total, some_total) = (
        all["total"].as_u64().unwrap(),
        some["total"].as_u64().unwrap(),
    );
    assert!(
        some_total > 0 && some_total < all_total,
        "{some_total} of {all_total}"
    );
    for hit in some["hits"].as_array().unwrap() {
        let years: Vec<i64> = hit["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y.as_i64().unwrap())
            .collect();
        assert!(years.iter().any(|y| (1945..=1960).contains(y)), "{years:?}");
    }
    let in_query = search_json(dir.path(), "Kunashir year:[1945 TO 1960]", &[]);
    assert_eq!(in_query["total"], some["total"]);
    let one_year = search_json(dir.path(), "year:1905", &[]);
    assert!(one_year["total"].as_u64().unwrap() > 0);
    // Both ends open: the passages that mention any year.
    let any_year = search_json(dir.path(), "year:[* TO *]", &[]);
    assert!(any_year["total"].as_u64() > one_year["total"].as_u64());
    for hit in any_year["hits"].as_array().unwrap() {
        assert!(!hit["years"].as_array().unwrap().is_empty());
    }
    for hit in one_year["hits"].as_array().unwrap() {
        assert!(
            hit["years"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(1905))
        );
    }
    let bad = shimoda(dir.path(), &["search", "Kunashir", "--from", "soon"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn decade_facet_counts_each_dated_passage_once() {
    let dir = copy_of_corpus();
    let answer = search_json(dir.path(), "조약", &["--limit", "1000"]);
    let decade_sum = facet_sum(&answer, "decade");
    let dated = answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            h["dates"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["precision"] != "century")
        })
        .count() as u64;
    assert!(dated > 0);
    assert_eq!(decade_sum, dated);
}

#[test]
fn text_output_ends_with_a_timeline_and_dates_tabulates_years() {
    let dir = copy_of_corpus();
    let text = ok(dir.path(), &["search", "Portsmouth", "--facets"]);
    assert!(
        text.contains("timeline") && text.contains("1900s") && text.contains('█'),
        "{text}"
    );
    assert!(text.contains("years mentioned"));
    let table = ok(dir.path(), &["dates", "Portsmouth"]);
    let years: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut sorted = years.clone();
    sorted.sort();
    assert_eq!(years, sorted);
    assert!(years.contains(&"1905"));
}
