//! The reading room in a real browser: headless Chromium opens the page,
//! types queries in Cyrillic and Hangul, filters by a language facet,
//! drags the timeline, opens the reader, exports CSV, meets hostile text,
//! and the console stays free of errors. Screenshots are written to
//! `target/screenshots/` for a person to look at.
//!
//! Without Chromium the test says so and is skipped; under CI (`CI` set)
//! a missing Chromium fails it, since `.ci/run` installs one.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::server::Server;
use headless_chrome::protocol::cdp::Input;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions, Tab};

const TEXTS: &[(&str, &str)] = &[
    (
        "en_treaty.txt",
        "The Treaty of Portsmouth was signed on 5 September 1905 at Portsmouth, ending the war.\n\n\
         The Treaty of Shimoda of 1855 first drew a border between Russia and Japan.\n\n\
         In 1875 the Treaty of Saint Petersburg gave Sakhalin to Russia and the Kurils to Japan.\n",
    ),
    (
        "ru_treaty.txt",
        "Портсмутский мирный договор подписан в Портсмуте в 1905 году.\n\n\
         Симодский трактат 1855 года установил границу между Россией и Японией.\n\n\
         Переговоры в Портсмуте вёл Сергей Витте, и в 1906 году он стал премьером.\n",
    ),
    (
        "ko_treaty.txt",
        "포츠머스 조약은 1905년 9월 5일 포츠머스에서 체결되었다.\n\n\
         1945년 이후 쿠릴 열도 문제는 다시 불거졌고 포츠머스 조약이 자주 언급되었다.\n",
    ),
    (
        "hostile.txt",
        "A note on Portsmouth with markup: <script>window.pwned=1</script> \
         <img src=x onerror=\"window.pwned=2\"> <a href=\"javascript:window.pwned=3\">link</a>, 1907.\n",
    ),
];

fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("CHROME").map(PathBuf::from);
    let known = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ];
    named
        .into_iter()
        .chain(known.iter().map(PathBuf::from))
        .find(|p| p.is_file())
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn shot(tab: &Tab, name: &str) {
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// Evaluates `expression` in the page and returns its JSON value.
fn eval(tab: &Tab, expression: &str) -> serde_json::Value {
    let wrapped = format!("JSON.stringify((() => {{ return {expression}; }})())");
    let result = tab.evaluate(&wrapped, false).unwrap();
    let text = result.value.and_then(|v| v.as_str().map(str::to_string));
    text.map(|t| serde_json::from_str(&t).unwrap())
        .unwrap_or(serde_json::Value::Null)
}

/// Waits until `expression` is true in the page.
fn wait_for(tab: &Tab, expression: &str, what: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if eval(tab, expression) == serde_json::Value::Bool(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    shot(tab, "failed");
    panic!("waited in vain for {what} ({expression})");
}

fn summary_total(tab: &Tab) -> u64 {
    let text = eval(tab, "document.getElementById('summary').textContent");
    text.as_str()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no total in {text}"))
}

fn type_query(tab: &Tab, query: &str) {
    eval(
        tab,
        "(() => { const q = document.getElementById('q'); q.value = ''; q.focus(); return true; })()",
    );
    tab.type_str(query).unwrap();
}

fn mouse(tab: &Tab, kind: Input::DispatchMouseEventTypeOption, x: f64, y: f64) {
    let pressed = !matches!(kind, Input::DispatchMouseEventTypeOption::MouseMoved);
    // The left button is down while dragging, up once released.
    let released = matches!(kind, Input::DispatchMouseEventTypeOption::MouseReleased);
    tab.call_method(Input::DispatchMouseEvent {
        Type: kind,
        x,
        y,
        modifiers: None,
        timestamp: None,
        button: Some(Input::MouseButton::Left),
        buttons: Some(if released { 0 } else { 1 }),
        click_count: pressed.then_some(1),
        force: None,
        tangential_pressure: None,
        tilt_x: None,
        tilt_y: None,
        twist: None,
        delta_x: None,
        delta_y: None,
        pointer_Type: None,
    })
    .unwrap();
}

#[test]
fn a_reader_searches_filters_drags_reads_and_exports_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("Chromium is not installed; .ci/run installs Debian's chromium for this test");
        }
        eprintln!("SKIPPED: no Chromium found (install Debian's chromium, or set CHROME)");
        return;
    };
    let files: Vec<(&str, &[u8])> = TEXTS.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = common::corpus_of(&files);
    let server = Server::start(&dir.path().join("corpus"), &dir.path().join("index"));
    server.wait_ready();

    let profile = tempfile::tempdir().unwrap();
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--disable-component-update",
        "--no-default-browser-check",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chrome))
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("Chromium starts");
    let tab = browser.new_tab().unwrap();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&errors);
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let message = match event {
            Event::RuntimeExceptionThrown(e) => {
                Some(format!("{:?}", e.params.exception_details.text))
            }
            Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level).contains("Error") => {
                Some(format!(
                    "{} ({:?})",
                    e.params.entry.text, e.params.entry.url
                ))
            }
            Event::RuntimeConsoleAPICalled(e)
                if format!("{:?}", e.params.Type).contains("Error") =>
            {
                Some(format!("{:?}", e.params.args))
            }
            _ => None,
        };
        if let Some(m) = message {
            seen.lock().unwrap().push(m);
        }
    }))
    .unwrap();

    tab.navigate_to(&server.url()).unwrap();
    tab.wait_until_navigated().unwrap();
    wait_for(&tab, "document.readyState === 'complete'", "the page");

    // Cyrillic, typed: hits in every language, the expansion shown.
    type_query(&tab, "Портсмут");
    wait_for(
        &tab,
        "document.querySelectorAll('#hits .hit').length >= 5",
        "Cyrillic hits",
    );
    let langs = eval(
        &tab,
        "[...document.querySelectorAll('#hits .lang')].map(e => e.textContent)",
    );
    for lang in ["en", "ru", "ko"] {
        assert!(langs.to_string().contains(lang), "{lang} not among {langs}");
    }
    wait_for(
        &tab,
        "document.querySelectorAll('#hits mark').length > 0",
        "highlights",
    );
    wait_for(
        &tab,
        "!document.getElementById('expansion').hidden",
        "the expansion",
    );
    assert!(
        eval(&tab, "location.search")
            .as_str()
            .unwrap()
            .contains("q="),
        "the query is in the URL"
    );
    shot(&tab, "01-cyrillic-query");

    // Hangul, typed.
    type_query(&tab, "포츠머스");
    wait_for(
        &tab,
        "[...document.querySelectorAll('#hits mark')].some(m => m.textContent.includes('포츠머스'))",
        "Hangul hits",
    );
    let before = summary_total(&tab);
    let matched = eval(&tab, "document.querySelector('#hits .matched').textContent");
    assert!(
        matched.as_str().unwrap().starts_with("matched as"),
        "{matched}"
    );

    // A language facet: click Korean, the counts change.
    let korean = eval(
        &tab,
        "document.querySelector('#f-lang button[data-value=\"ko\"] .count').textContent",
    );
    let korean: u64 = korean.as_str().unwrap().parse().unwrap();
    eval(
        &tab,
        "(document.querySelector('#f-lang button[data-value=\"ko\"]').click(), true)",
    );
    wait_for(
        &tab,
        &format!("document.getElementById('summary').textContent.startsWith('{korean} ')"),
        "the Korean count",
    );
    assert!(
        korean < before,
        "keeping Korean narrows {before} to {korean}"
    );
    wait_for(
        &tab,
        "!document.getElementById('chips').hidden",
        "a filter chip",
    );
    shot(&tab, "02-korean-facet");
    // Clicking it again leaves Korean out.
    eval(
        &tab,
        "(document.querySelector('#f-lang button[data-value=\"ko\"]').click(), true)",
    );
    wait_for(
        &tab,
        &format!(
            "document.getElementById('summary').textContent.startsWith('{} ')",
            before - korean
        ),
        "Korean left out",
    );
    eval(
        &tab,
        "(document.querySelector('#chips button').click(), true)",
    );
    wait_for(
        &tab,
        &format!("document.getElementById('summary').textContent.startsWith('{before} ')"),
        "the filter removed",
    );

    // The timeline: drag across its left part; the period is set.
    wait_for(
        &tab,
        "document.querySelectorAll('#timeline rect').length > 1",
        "timeline bars",
    );
    let rect = eval(
        &tab,
        "(() => { const r = document.getElementById('timeline').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()",
    );
    let r: Vec<f64> = rect
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let y = r[1] + r[3] / 2.0;
    mouse(
        &tab,
        Input::DispatchMouseEventTypeOption::MousePressed,
        r[0] + 2.0,
        y,
    );
    mouse(
        &tab,
        Input::DispatchMouseEventTypeOption::MouseMoved,
        r[0] + r[2] * 0.3,
        y,
    );
    mouse(
        &tab,
        Input::DispatchMouseEventTypeOption::MouseReleased,
        r[0] + r[2] * 0.3,
        y,
    );
    wait_for(
        &tab,
        "location.search.includes('from=') && location.search.includes('to=')",
        "a period from the drag",
    );
    wait_for(
        &tab,
        &format!("!document.getElementById('summary').textContent.startsWith('{before} ')"),
        "fewer passages in the period",
    );
    shot(&tab, "03-timeline-dragged");
    tab.evaluate("history.back()", false).unwrap();
    wait_for(
        &tab,
        "!location.search.includes('from=')",
        "Back undoing the period",
    );

    // The reader: the whole document, the match highlighted.
    wait_for(
        &tab,
        "document.querySelectorAll('#hits .open').length > 0",
        "hits after Back",
    );
    eval(
        &tab,
        "(document.querySelector('#hits .open').click(), true)",
    );
    wait_for(
        &tab,
        "!document.getElementById('reader').hidden && document.querySelectorAll('#reader-body mark.current').length === 1",
        "the reader with its highlight",
    );
    assert!(
        eval(&tab, "location.search")
            .as_str()
            .unwrap()
            .contains("doc=")
    );
    shot(&tab, "04-reader");
    eval(
        &tab,
        "(document.getElementById('reader-close').click(), true)",
    );
    wait_for(
        &tab,
        "document.getElementById('reader').hidden",
        "the reader closed",
    );

    // Keywords in context, and the CSV export link answers CSV.
    eval(&tab, "(document.getElementById('view-kwic').click(), true)");
    wait_for(
        &tab,
        "document.querySelectorAll('#kwic-rows tr').length > 0",
        "KWIC rows",
    );
    shot(&tab, "05-kwic");
    let csv = tab
        .evaluate(
            "fetch(document.getElementById('export-csv').href).then(r => r.text())",
            true,
        )
        .unwrap()
        .value
        .unwrap();
    assert!(
        csv.as_str().unwrap().starts_with("source,passage,line"),
        "{csv}"
    );

    // Hostile text is shown as text: no element made of it, nothing run.
    eval(&tab, "(document.getElementById('view-hits').click(), true)");
    type_query(&tab, "markup");
    wait_for(
        &tab,
        "document.querySelector('#hits .snippet') !== null && document.querySelector('#hits .snippet').textContent.includes('<script>')",
        "the hostile passage",
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#hits img, #hits script, #hits a').length"
        ),
        0
    );
    assert_eq!(
        eval(&tab, "window.pwned === undefined"),
        serde_json::Value::Bool(true)
    );
    shot(&tab, "06-hostile-text");

    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}
