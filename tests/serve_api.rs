//! The reading room's HTTP API, against a real `shimoda serve` on an
//! ephemeral loopback port: every endpoint, bad input, path traversal,
//! hostile text, limits and the live index.

mod common;

use std::time::{Duration, Instant};

use common::server::{Server, encode, request};

const ENGLISH: &str = "The Treaty of Portsmouth was signed on 5 September 1905 in Portsmouth, \
New Hampshire, ending the war between Russia and Japan.\n\n\
Komura Jutaro and Sergei Witte negotiated at Portsmouth for almost a month in 1905.\n";
const RUSSIAN: &str = "Портсмутский мирный договор был подписан в Портсмуте 5 сентября 1905 года \
и завершил войну между Россией и Японией.\n\nПереговоры в Портсмуте вёл Сергей Витте.\n";
const KOREAN: &str =
    "포츠머스 조약은 1905년 9월 5일 미국 포츠머스에서 체결되었으며 러일 전쟁을 끝냈다.\n";
const HOSTILE: &str = "A hostile note about Portsmouth: <script>alert('x')</script> and \
<img src=x onerror=alert(1)> and a <a href=\"javascript:alert(2)\">link</a>, written in 1906.\n";

fn corpus() -> tempfile::TempDir {
    common::corpus_of(&[
        ("en_portsmouth.txt", ENGLISH.as_bytes()),
        ("ru_portsmouth.txt", RUSSIAN.as_bytes()),
        ("ko_portsmouth.txt", KOREAN.as_bytes()),
        ("hostile.txt", HOSTILE.as_bytes()),
    ])
}

fn started(dir: &tempfile::TempDir) -> Server {
    let server = Server::start(&dir.path().join("corpus"), &dir.path().join("index"));
    server.wait_ready();
    server
}

#[test]
fn search_answers_the_json_contract_in_every_script() {
    let dir = corpus();
    let server = started(&dir);
    let answer = server.get(&format!("/api/search?q={}", encode("Портсмут")));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let json = answer.json();
    assert_eq!(json["version"], 1);
    let langs: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["lang"].as_str().unwrap())
        .collect();
    for lang in ["en", "ru", "ko"] {
        assert!(langs.contains(&lang), "{lang} missing from {langs:?}");
    }
    let hit = &json["hits"][0];
    let marks = hit["marks"].as_array().unwrap();
    assert!(!marks.is_empty(), "a hit says where its matches are");
    let text = hit["text"].as_str().unwrap();
    let [a, b] = [
        marks[0][0].as_u64().unwrap() as usize,
        marks[0][1].as_u64().unwrap() as usize,
    ];
    assert!(text.is_char_boundary(a) && text.is_char_boundary(b) && a < b);
    assert!(json["facets"]["lang"]["ru"].as_u64().unwrap() >= 1);
    assert!(json["expanded"].as_object().is_some_and(|e| !e.is_empty()));
}

#[test]
fn filters_keep_and_leave_out_languages_sources_and_spellings() {
    let dir = corpus();
    let server = started(&dir);
    let total = |target: &str| server.get(target).json()["total"].as_u64().unwrap();
    let all = total("/api/search?q=Portsmouth");
    let no_korean = total("/api/search?q=Portsmouth&nolang=ko");
    let only_korean = total("/api/search?q=Portsmouth&lang=ko");
    assert_eq!(only_korean, 1);
    assert_eq!(no_korean + only_korean, all);
    let one_source = total("/api/search?q=Portsmouth&src=en_portsmouth.txt");
    assert_eq!(one_source, 2);
    let without = total("/api/search?q=Portsmouth&nosrc=en_portsmouth.txt&nosrc=hostile.txt");
    assert_eq!(without, all - 3);
    let answer = server.get(&format!(
        "/api/search?q=Portsmouth&without={}",
        encode("포츠머스")
    ));
    let json = answer.json();
    let korean = json["facets"]["lang"]["ko"].as_u64().unwrap_or(0);
    assert_eq!(
        korean, 0,
        "a spelling switched off is not searched: {}",
        answer.body
    );
    let dated = total("/api/search?q=Portsmouth&from=1906&to=1910");
    assert_eq!(dated, 1, "only the hostile note speaks of 1906");
}

#[test]
fn bad_input_answers_400_with_the_command_line_message() {
    let dir = corpus();
    let server = started(&dir);
    for target in [
        "/api/search?q=",
        "/api/search?q=Portsmouth&limit=100000",
        "/api/search?q=Portsmouth&offset=-1",
        "/api/search?q=Portsmouth&from=19x5",
        "/api/search?q=lang%3Axx%20Portsmouth",
        "/api/search?q=Port*smouth",
        "/api/search?q=Portsmouth&from=1910&to=1900",
        "/api/aliases",
        "/api/timeline?q=a&q=b&q=c&q=d",
    ] {
        let answer = server.get(target);
        assert_eq!(answer.status, 400, "{target}: {}", answer.body);
        let message = answer.json()["error"].as_str().unwrap().to_string();
        assert!(
            !message.is_empty() && !message.contains('\n'),
            "{target}: {message:?}"
        );
    }
    let long = "a".repeat(5000);
    let answer = server.get(&format!("/api/search?q={long}"));
    assert_eq!(answer.status, 400);
}

#[test]
fn documents_are_served_only_by_their_indexed_source() {
    let dir = corpus();
    let server = started(&dir);
    let answer = server.get(&format!(
        "/api/document?source=ru_portsmouth.txt&q={}",
        encode("Portsmouth")
    ));
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["passages"].as_array().unwrap().len(), 2);
    assert!(json["matches"].as_u64().unwrap() >= 2, "{}", answer.body);
    for target in [
        "/api/document?source=../../etc/passwd",
        "/api/document?source=%2Fetc%2Fpasswd",
        "/api/document?source=..%2Fcorpus%2Fen_portsmouth.txt",
        "/api/document?source=",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let answer = server.get(target);
        assert_eq!(answer.status, 404, "{target}: {}", answer.body);
        assert!(!answer.body.contains("root:"), "{target}");
    }
}

#[test]
fn the_page_is_embedded_and_allows_no_inline_script() {
    let dir = corpus();
    let server = started(&dir);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(page.body.contains("<script src=\"/app.js\""));
    assert_eq!(page.body.matches("<script").count(), 1, "no inline script");
    for asset in ["/app.js", "/app.css"] {
        let answer = server.get(asset);
        assert_eq!(answer.status, 200, "{asset}");
        // The SVG namespace is a name, not an address that is loaded.
        let body = answer.body.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{asset} loads nothing from elsewhere"
        );
    }
    // Corpus text reaches the page as JSON data only, and the script
    // writes it with textContent.
    let script = server.get("/app.js").body;
    assert!(
        !script.contains("innerHTML"),
        "the script never parses corpus text as HTML"
    );
}

#[test]
fn timeline_aliases_status_and_export_answer() {
    let dir = corpus();
    let server = started(&dir);
    let timeline = server
        .get(&format!("/api/timeline?q=Portsmouth&q={}", encode("Витте")))
        .json();
    assert_eq!(timeline["series"].as_array().unwrap().len(), 2);
    assert!(timeline["all"]["1905"].as_u64().unwrap() >= 3);
    assert!(timeline["series"][0]["year"]["1905"].as_u64().unwrap() >= 3);
    let aliases = server.get("/api/aliases?word=Portsmouth");
    assert_eq!(aliases.status, 200, "{}", aliases.body);
    let status = server.get("/api/status").json();
    assert_eq!(status["files"], 4);
    assert_eq!(status["state"], "ready");
    let csv = server.get("/api/export?q=Portsmouth&format=csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    let mut lines = csv.body.lines();
    assert!(lines.next().unwrap().starts_with("source,passage,line"));
    assert!(csv.body.contains("hostile.txt"));
    let json = server.get("/api/export?q=Portsmouth&format=json").json();
    assert!(json["hits"].as_array().unwrap().len() >= 5);
}

#[test]
fn requests_with_a_body_or_an_unknown_path_are_refused() {
    let dir = corpus();
    let server = started(&dir);
    let body = "x".repeat(100_000);
    let raw = format!(
        "POST /api/search?q=a HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    let answer = request(&server.addr, &raw);
    assert!(
        answer.status == 405 || answer.status == 413,
        "{}",
        answer.status
    );
    assert_eq!(server.get("/api/nothing").status, 404);
}

#[test]
fn a_file_added_to_the_corpus_is_found_without_a_restart() {
    let dir = corpus();
    let server = started(&dir);
    let target = format!("/api/search?q={}", encode("Хакодате"));
    assert_eq!(server.get(&target).json()["total"], 0);
    std::fs::write(
        dir.path().join("corpus/ru_hakodate.txt"),
        "Консульство России в Хакодате открылось в 1858 году.\n",
    )
    .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if server.get(&target).json()["total"] == 1 {
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("the new file was not found within a minute");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = corpus();
    let mut server = started(&dir);
    let status = server.interrupt(Duration::from_secs(10));
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
}
