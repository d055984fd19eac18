//! Documents other than plain text, through the real binary: each format
//! is found by content, its passages carry their page or section, and a
//! hostile file is named and skipped while the rest is indexed.

mod common;

use std::io::{Cursor, Write};
use std::path::Path;

use common::{assert_one_line_error, corpus_of, ok, search_json, shimoda};

/// Four pages, one language each, printed by Chromium (see
/// tests/fixtures/documents/make.sh).
fn pages_pdf() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/pages.pdf");
    std::fs::read(path).unwrap()
}

/// A ZIP container of these members.
fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in members {
        out.start_file(*name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn docx(paragraphs: &[(&str, &str)]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|(style, text)| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
            )
        })
        .collect();
    let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
    zip_of(&[("word/document.xml", &document)])
}

fn odt(heading: &str, paragraph: &str) -> Vec<u8> {
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h text:outline-level="1">{heading}</text:h><text:p>{paragraph}</text:p></office:text></office:body></office:document-content>"#
    );
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", &content),
    ])
}

fn epub(chapters: &[&str], spine: bool) -> Vec<u8> {
    let items: String = (0..chapters.len())
        .map(|i| {
            format!(r#"<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>"#)
        })
        .collect();
    let refs: String = (0..chapters.len())
        .map(|i| format!(r#"<itemref idref="c{i}"/>"#))
        .collect();
    let spine = if spine {
        format!("<spine>{refs}</spine>")
    } else {
        String::new()
    };
    let package = format!(
        r#"<package xmlns="http://www.idpf.org/2007/opf"><manifest>{items}</manifest>{spine}</package>"#
    );
    let container =
        r#"<container><rootfiles><rootfile full-path="OPS/book.opf"/></rootfiles></container>"#;
    let mut members = vec![
        ("mimetype".to_string(), "application/epub+zip".to_string()),
        ("META-INF/container.xml".to_string(), container.to_string()),
        ("OPS/book.opf".to_string(), package),
    ];
    for (i, chapter) in chapters.iter().enumerate() {
        members.push((
            format!("OPS/c{i}.xhtml"),
            format!("<html><body>{chapter}</body></html>"),
        ));
    }
    let members: Vec<(&str, &str)> = members
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    zip_of(&members)
}

const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Golovnin in captivity</title></head><body>
<nav><a href="/">Home</a> | <a href="/history">History</a> | <a href="/contact">Contact</a></nav>
<article><h1>Golovnin in captivity</h1>
<p>Vasily Golovnin, a captain of the Russian navy, was seized on Kunashir in 1811 and held in
Hakodate and Matsumae for more than two years. His account of the captivity was read across Europe
and long shaped what Russians knew of Japan.</p>
<p>His release in 1813 followed letters exchanged between Pyotr Rikord and the officials of the
shogunate, carried by the merchant Takataya Kahei, whom Rikord had taken to Kamchatka.</p></article>
<footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>"#;

/// The page of the one hit of a search, or a message.
fn page_of(dir: &Path, query: &str) -> Vec<u64> {
    let answer = search_json(dir, query, &["--exact"]);
    let hits = answer["hits"].as_array().unwrap();
    hits.iter().filter_map(|h| h["page"].as_u64()).collect()
}

#[test]
fn a_query_in_each_language_finds_its_page_of_a_pdf() {
    let dir = corpus_of(&[("consulate.pdf", &pages_pdf())]);
    ok(dir.path(), &["index"]);
    for (query, page) in [
        ("Goshkevich", 1),
        ("Гошкевич", 2),
        ("하코다테 lang:ko", 3),
        ("ゴシケーヴィチ", 4),
    ] {
        assert_eq!(page_of(dir.path(), query), vec![page], "{query}");
    }
    let text = ok(dir.path(), &["search", "Гошкевич", "--exact"]);
    assert!(text.contains("consulate.pdf p. 2"), "{text}");
}

#[test]
fn office_documents_books_and_pages_are_found_with_their_sections() {
    let dir = corpus_of(&[
        (
            "notes.docx",
            &docx(&[
                ("Heading1", "Шимодский трактат"),
                ("Normal", "Путятин подписал трактат в Симоде в 1855 году."),
            ]),
        ),
        (
            "notes.odt",
            &odt("下田条約", "1855年、プチャーチンは下田で条約に調印した。"),
        ),
        (
            "book.epub",
            &epub(
                &[
                    "<h1>제1장</h1><p>푸탸틴은 1855년 시모다에서 조약에 서명하였다.</p>",
                    "<h1>Chapter 2</h1><p>The treaty divided the Kuril Islands between Iturup and Urup.</p>",
                ],
                true,
            ),
        ),
        ("page.html", PAGE.as_bytes()),
    ]);
    ok(dir.path(), &["index"]);
    for (query, source, section) in [
        ("Путятин", "notes.docx", "Шимодский трактат"),
        ("プチャーチン", "notes.odt", "下田条約"),
        ("푸탸틴은", "book.epub", "제1장"),
        ("Urup", "book.epub", "Chapter 2"),
        ("Takataya", "page.html", "Golovnin in captivity"),
    ] {
        let answer = search_json(dir.path(), query, &["--exact"]);
        let hit = &answer["hits"][0];
        assert_eq!(hit["source"], source, "{query}: {answer}");
        assert_eq!(hit["section"], section, "{query}");
    }
    // The page's menu and footer are not its text.
    for interface in ["newsletter", "Contact"] {
        assert_eq!(
            search_json(dir.path(), interface, &["--exact"])["total"],
            0,
            "{interface}"
        );
    }
    let stats = ok(dir.path(), &["stats"]);
    assert!(
        stats.contains("formats:    docx 1, epub 1, html 1, odt 1"),
        "{stats}"
    );
}

#[test]
fn extract_shows_the_passages_with_their_pages_and_languages() {
    let dir = corpus_of(&[("consulate.pdf", &pages_pdf())]);
    let out = ok(dir.path(), &["extract", "corpus/consulate.pdf", "--json"]);
    let extracted: shimoda::contract::Extracted = serde_json::from_str(&out).unwrap();
    assert_eq!(extracted.format, "pdf");
    let pages: Vec<(Option<u64>, &str)> = extracted
        .passages
        .iter()
        .map(|p| (p.at.page, p.lang.as_str()))
        .collect();
    assert_eq!(
        pages,
        [
            (Some(1), "en"),
            (Some(2), "ru"),
            (Some(3), "ko"),
            (Some(4), "ja")
        ]
    );
    let text = ok(dir.path(), &["extract", "corpus/consulate.pdf"]);
    assert!(
        text.starts_with("format: pdf, encoding: UTF-8, 4 passage(s)"),
        "{text}"
    );
    assert!(
        text.contains("p. 2 § Консульство в Хакодате [ru]") || text.contains("p. 2 [ru]"),
        "{text}"
    );
}

/// A one-page PDF whose content stream is `content`, set in Helvetica.
fn pdf_showing(content: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R
  /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length {} >>
stream
{content}
endstream
endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R /Size 6 >>
%%EOF
",
        content.len()
    )
    .into_bytes()
}

#[test]
fn words_raised_off_their_line_are_read_apart_and_a_superscript_stays_with_its_word() {
    let raised = "BT /F1 24 Tf 72 700 Td (Shimoda) Tj 12 Ts (Hakodate) Tj 0 Ts ET";
    let footnote = "BT /F1 12 Tf 72 600 Td (Nagasaki) Tj 3 Ts (2) Tj 0 Ts ( harbour) Tj ET";
    let dir = corpus_of(&[("raised.pdf", &pdf_showing(&format!("{raised}\n{footnote}")))]);
    let out = ok(dir.path(), &["extract", "corpus/raised.pdf"]);
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    assert!(
        lines.contains(&"Hakodate") && lines.contains(&"Shimoda"),
        "{out}"
    );
    assert!(out.contains("Nagasaki2 harbour"), "{out}");
    ok(dir.path(), &["index"]);
    assert_eq!(page_of(dir.path(), "Hakodate"), vec![1]);
}

fn scanned_pdf() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/scanned.pdf");
    std::fs::read(path).unwrap()
}

#[test]
fn a_scanned_pdf_is_named_and_read_by_ocr_when_asked() {
    let dir = corpus_of(&[
        ("scanned.pdf", &scanned_pdf()),
        ("consulate.pdf", &pages_pdf()),
    ]);
    let report = ok(dir.path(), &["index"]);
    assert!(
        report.contains("skipped scanned.pdf: no text layer on any of its 1 page(s); scanned? (index --ocr reads it with tesseract)"),
        "{report}"
    );
    if !shimoda::ingest::ocr::is_available() {
        eprintln!("tesseract or pdftoppm is not installed: OCR not tested (.ci/run installs them)");
        return;
    }
    let report = ok(dir.path(), &["index", "--ocr"]);
    assert!(report.contains("every file is read again"), "{report}");
    let answer = search_json(dir.path(), "Гошкевич", &["--exact", "--source", "scanned"]);
    let hit = &answer["hits"][0];
    assert_eq!(
        (hit["page"].as_u64(), hit["ocr"].as_bool()),
        (Some(1), Some(true)),
        "{answer}"
    );
    let text = ok(
        dir.path(),
        &["search", "Гошкевич", "--exact", "--source", "scanned"],
    );
    assert!(text.contains("scanned.pdf p. 1 (OCR)"), "{text}");
    // The text layer of the other PDF is not marked.
    let answer = search_json(
        dir.path(),
        "Гошкевич",
        &["--exact", "--source", "consulate"],
    );
    assert!(answer["hits"][0].get("ocr").is_none(), "{answer}");
}

#[test]
fn a_file_named_as_a_format_it_is_not_is_refused_in_one_line() {
    let dir = corpus_of(&[("report.pdf", b"plain words, not a PDF")]);
    let out = shimoda(dir.path(), &["extract", "corpus/report.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert_one_line_error(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("named as PDF but its bytes are not PDF")
    );
}

/// A PDF whose page tree points back at itself.
const LOOPING_PDF: &str = "%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj
3 0 obj << /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >> endobj
trailer << /Root 1 0 R /Size 4 >>
%%EOF
";

#[test]
fn hostile_documents_are_named_and_skipped_and_the_rest_is_indexed() {
    let pdf = pages_pdf();
    // 300 MB of one byte inflates from a few hundred kilobytes.
    let bomb = {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file("word/document.xml", options).unwrap();
        let block = vec![b'a'; 1 << 20];
        for _ in 0..300 {
            out.write_all(&block).unwrap();
        }
        out.finish().unwrap().into_inner()
    };
    let nested = format!(
        "<html><body>{}deep{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let dir = corpus_of(&[
        ("good.pdf", &pdf),
        ("cut.pdf", &pdf[..pdf.len() / 3]),
        ("loop.pdf", LOOPING_PDF.as_bytes()),
        ("bomb.docx", &bomb),
        ("no-spine.epub", &epub(&["<p>text</p>"], false)),
        ("nested.html", nested.as_bytes()),
    ]);
    // 500 MB declared by a sparse file: refused by its size before a byte
    // of it is parsed.
    let huge = std::fs::File::create(dir.path().join("corpus/huge.pdf")).unwrap();
    (&huge).write_all(b"%PDF-1.7\n").unwrap();
    huge.set_len(500 << 20).unwrap();
    let started = std::time::Instant::now();
    let report = ok(dir.path(), &["index"]);
    // A third of a PDF still holds whole pages: they are read, as poppler
    // reads them.
    for expected in [
        "skipped bomb.docx: word/document.xml inflates to more than 64 MB (a zip bomb?)",
        "skipped no-spine.epub: an EPUB without a spine",
        "skipped huge.pdf: PDF of 500 MB, more than the 256 MB a document may have",
        "skipped loop.pdf:",
    ] {
        assert!(report.contains(expected), "{expected:?} in {report}");
    }
    assert!(started.elapsed().as_secs() < 60, "{report}");
    let pages = page_of(dir.path(), "Гошкевич");
    assert!(
        !pages.is_empty() && pages.iter().all(|&p| p == 2),
        "{pages:?}"
    );
    assert!(search_json(dir.path(), "deep", &["--exact"])["total"] == 1);
}

#[test]
fn a_document_added_and_changed_is_indexed_again() {
    let dir = corpus_of(&[]);
    let outside = dir.path().join("memo.docx");
    std::fs::write(
        &outside,
        docx(&[("Normal", "Rikord sailed to Kunashir in 1812.")]),
    )
    .unwrap();
    ok(dir.path(), &["add", "memo.docx"]);
    assert_eq!(search_json(dir.path(), "Rikord", &["--exact"])["total"], 1);
    let changed = docx(&[("Normal", "Takataya Kahei was taken to Kamchatka.")]);
    // Saved as editors save: a new file renamed over the old one.
    std::fs::write(dir.path().join("corpus/.memo.docx.new"), changed).unwrap();
    std::fs::rename(
        dir.path().join("corpus/.memo.docx.new"),
        dir.path().join("corpus/memo.docx"),
    )
    .unwrap();
    assert_eq!(search_json(dir.path(), "Rikord", &["--exact"])["total"], 0);
    assert_eq!(
        search_json(dir.path(), "Kamchatka", &["--exact"])["total"],
        1
    );
}
