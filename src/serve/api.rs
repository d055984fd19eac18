//! The routes: the page and its assets, and the JSON API. Every answer
//! carries the same security headers; user input never answers 500.

use std::sync::Arc;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::params::{BadParam, MAX_EXPORT, MAX_LIMIT, Params};
use super::state::{Library, Loaded};
use super::{QUEUE_TIME, SEARCH_SLOTS, SEARCH_TIME};
use crate::contract;
use crate::search::{self, SearchError, SearchOptions};

/// What every handler shares.
#[derive(Clone)]
struct Shared {
    library: Arc<Library>,
    slots: Arc<tokio::sync::Semaphore>,
}

pub fn router(library: Arc<Library>) -> Router {
    let shared = Shared {
        library,
        slots: Arc::new(tokio::sync::Semaphore::new(SEARCH_SLOTS)),
    };
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/favicon.svg", get(icon))
        .route("/favicon.ico", get(icon))
        .route("/api/search", get(api_search))
        .route("/api/document", get(api_document))
        .route("/api/timeline", get(api_timeline))
        .route("/api/aliases", get(api_aliases))
        .route("/api/status", get(api_status))
        .route("/api/export", get(api_export))
        .fallback(not_found)
        .with_state(shared)
        // Requests are GETs: a body is refused past a few bytes.
        .layer(axum::extract::DefaultBodyLimit::max(4096))
        .layer(axum::middleware::map_response(secured))
}

/// The page's headers: no inline script may run, nothing is loaded from
/// elsewhere, the page is never framed.
async fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    response
}

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");
const ICON: &str = include_str!("assets/favicon.svg");

async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

async fn icon() -> Response {
    asset("image/svg+xml", ICON)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn not_found() -> Response {
    failure(StatusCode::NOT_FOUND, "no such page".to_string())
}

/// An answer that is not a result: a status and one line.
fn failure(status: StatusCode, message: String) -> Response {
    #[derive(Serialize)]
    struct Failure {
        error: String,
    }
    (status, axum::Json(Failure { error: message })).into_response()
}

/// Why a request got no result.
enum Refusal {
    /// The reader's input: 400 with the message the command line gives.
    Bad(String),
    NotFound(String),
    /// The server cannot answer now (index being built, too busy, too
    /// slow): 503, try again.
    Busy(String),
    /// Something went wrong that is not the reader's doing.
    Failed(String),
}

impl From<BadParam> for Refusal {
    fn from(e: BadParam) -> Refusal {
        Refusal::Bad(e.0)
    }
}

impl From<SearchError> for Refusal {
    fn from(e: SearchError) -> Refusal {
        match e {
            SearchError::Query(q) => Refusal::Bad(q.to_string()),
            other => Refusal::Failed(other.to_string()),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let printable = |m: String| crate::render::printable(&m).into_owned();
        match self {
            Refusal::Bad(m) => failure(StatusCode::BAD_REQUEST, printable(m)),
            Refusal::NotFound(m) => failure(StatusCode::NOT_FOUND, printable(m)),
            Refusal::Busy(m) => failure(StatusCode::SERVICE_UNAVAILABLE, printable(m)),
            Refusal::Failed(m) => failure(StatusCode::INTERNAL_SERVER_ERROR, printable(m)),
        }
    }
}

type Answer<T> = Result<T, Refusal>;

impl Shared {
    /// Runs `work` on the loaded index on a blocking thread, within the
    /// search slots and time limits.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Loaded) -> Answer<T> + Send + 'static,
    ) -> Answer<T> {
        let Some(loaded) = self.library.current() else {
            return Err(Refusal::Busy(
                "the index is being built; the page will answer once it is ready".to_string(),
            ));
        };
        let permit = tokio::time::timeout(QUEUE_TIME, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| Refusal::Busy("too many searches at once; try again".to_string()))?
            .map_err(|_| Refusal::Failed("the server is stopping".to_string()))?;
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&loaded)
        });
        match tokio::time::timeout(SEARCH_TIME, task).await {
            Err(_) => Err(Refusal::Busy(format!(
                "the search took longer than {} s; narrow it",
                SEARCH_TIME.as_secs()
            ))),
            Ok(Err(_)) => Err(Refusal::Failed(
                "the search stopped unexpectedly".to_string(),
            )),
            Ok(Ok(answer)) => answer,
        }
    }
}

fn json<T: Serialize>(answer: Answer<T>) -> Response {
    match answer {
        Ok(value) => axum::Json(value).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

async fn api_search(State(shared): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let options = match Params::parse(raw.as_deref()).and_then(|p| p.search(MAX_LIMIT)) {
        Ok(options) => options,
        Err(e) => return Refusal::from(e).into_response(),
    };
    json(shared.run(move |loaded| run_search(loaded, &options)).await)
}

fn run_search(loaded: &Loaded, options: &SearchOptions) -> Answer<contract::SearchResponse> {
    let results = search::search_in(&loaded.reader, &loaded.opened, options)?;
    Ok(results.into_contract())
}

async fn api_document(State(shared): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return Refusal::from(e).into_response(),
    };
    let source = params.one("source").unwrap_or("").to_string();
    let query = params.one("q").unwrap_or("").to_string();
    let exact = params.flag("exact");
    json(
        shared
            .run(move |loaded| {
                search::document(&loaded.reader, &loaded.opened, &source, &query, exact)?
                    .ok_or_else(|| Refusal::NotFound(format!("no indexed document `{source}`")))
            })
            .await,
    )
}

/// Most terms a timeline compares.
const MAX_SERIES: usize = 3;

async fn api_timeline(State(shared): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return Refusal::from(e).into_response(),
    };
    let queries = match params.all("q") {
        Ok(q) if q.len() <= MAX_SERIES => q,
        Ok(_) => {
            let m = format!("a timeline compares at most {MAX_SERIES} queries");
            return Refusal::Bad(m).into_response();
        }
        Err(e) => return Refusal::from(e).into_response(),
    };
    let base = match params.search(0) {
        Ok(base) => base,
        Err(e) => return Refusal::from(e).into_response(),
    };
    json(
        shared
            .run(move |loaded| {
                let mut series = Vec::new();
                for query in queries {
                    let options = SearchOptions {
                        query: query.clone(),
                        limit: 0,
                        offset: 0,
                        top_sources: 1,
                        ..base.clone()
                    };
                    let results = search::search_in(&loaded.reader, &loaded.opened, &options)?;
                    series.push(contract::Series {
                        query,
                        total: results.total,
                        year: results.facets.year,
                    });
                }
                let all = search::years_of_all(&loaded.reader, &loaded.opened)?;
                Ok(contract::Timeline {
                    version: contract::VERSION,
                    all,
                    series,
                })
            })
            .await,
    )
}

async fn api_aliases(State(shared): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return Refusal::from(e).into_response(),
    };
    let Some(word) = params.one("word").map(str::trim).filter(|w| !w.is_empty()) else {
        return Refusal::Bad("give a word: /api/aliases?word=Portsmouth".to_string())
            .into_response();
    };
    if word.len() > 256 {
        return Refusal::Bad("a word is at most 256 bytes".to_string()).into_response();
    }
    let word = word.to_string();
    json(
        shared
            .run(move |loaded| Ok(search::aliases(&loaded.opened, Some(&word))?))
            .await,
    )
}

async fn api_status(State(shared): State<Shared>) -> Response {
    axum::Json(shared.library.status()).into_response()
}

async fn api_export(State(shared): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let parsed = Params::parse(raw.as_deref()).and_then(|p| {
        let options = SearchOptions {
            limit: p.number("limit", 1000, MAX_EXPORT)?,
            ..p.search(MAX_EXPORT)?
        };
        Ok((options, p.one("format") == Some("csv")))
    });
    let (options, csv) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return Refusal::from(e).into_response(),
    };
    let answer = shared.run(move |loaded| run_search(loaded, &options)).await;
    let response = match answer {
        Ok(response) => response,
        Err(refusal) => return refusal.into_response(),
    };
    if csv {
        let disposition = "attachment; filename=\"shimoda-results.csv\"";
        let kind = "text/csv; charset=utf-8";
        let body = to_csv(&response);
        (
            [
                (header::CONTENT_TYPE, kind),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response()
    } else {
        let disposition = "attachment; filename=\"shimoda-results.json\"";
        let mut response = axum::Json(response).into_response();
        response.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static(disposition),
        );
        response
    }
}

/// The hits as CSV (RFC 4180), one row each, with a header; a cell that a
/// spreadsheet would run as a formula is prefixed with `'`.
fn to_csv(response: &contract::SearchResponse) -> String {
    let mut out = String::from("source,passage,line,page,section,lang,score,years,matched,text\n");
    for hit in &response.hits {
        let years: Vec<String> = hit.years.iter().map(i32::to_string).collect();
        let cells = [
            hit.source.clone(),
            hit.passage.to_string(),
            hit.at.line.to_string(),
            hit.at.page.map(|p| p.to_string()).unwrap_or_default(),
            hit.at.section.clone().unwrap_or_default(),
            hit.lang.clone(),
            format!("{:.3}", hit.score),
            years.join(" "),
            hit.matched.join("; "),
            hit.text.clone(),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }
}
