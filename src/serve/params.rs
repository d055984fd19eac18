//! The query string of an API request: repeated keys for lists
//! (`lang=en&lang=ru`), every value checked against the server's limits
//! before any search runs.

use crate::dates::PartialDate;
use crate::search::SearchOptions;

/// Most hits one request may ask for (`limit`); an export may ask for more.
pub const MAX_LIMIT: usize = 200;
/// Most hits an export writes.
pub const MAX_EXPORT: usize = 10_000;
/// Deepest page (`offset`).
pub const MAX_OFFSET: usize = 100_000;
/// Longest query string, in bytes (a query itself holds at most 4096).
pub const MAX_QUERY_STRING: usize = 16 * 1024;
/// Most values of one list (languages, sources, spellings left out).
pub const MAX_LIST: usize = 64;

/// A request's parameters, in order, decoded.
pub struct Params(Vec<(String, String)>);

/// A parameter the server refuses, as one line for the reader.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadParam(pub String);

impl Params {
    pub fn parse(raw: Option<&str>) -> Result<Params, BadParam> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_STRING {
            return Err(BadParam(format!(
                "the request's parameters are longer than {MAX_QUERY_STRING} bytes"
            )));
        }
        let pairs = form_urlencoded::parse(raw.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok(Params(pairs))
    }

    /// The first value of `key`.
    pub fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `key`, in order.
    pub fn all(&self, key: &str) -> Result<Vec<String>, BadParam> {
        let values: Vec<String> = self
            .0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect();
        if values.len() > MAX_LIST {
            return Err(BadParam(format!("at most {MAX_LIST} values of `{key}`")));
        }
        Ok(values)
    }

    /// A yes/no switch: `1`, `true`, `on` or `yes` for yes.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.one(key), Some("1" | "true" | "on" | "yes"))
    }

    /// A number no larger than `max`, or `default` when absent.
    pub fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, BadParam> {
        let Some(text) = self.one(key).filter(|t| !t.is_empty()) else {
            return Ok(default);
        };
        match text.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(BadParam(format!(
                "`{key}` must be a whole number from 0 to {max}, not `{}`",
                crate::render::printable(text)
            ))),
        }
    }

    /// A date as `--from` takes it (YYYY, YYYY-MM, YYYY-MM-DD).
    pub fn date(&self, key: &str) -> Result<Option<PartialDate>, BadParam> {
        match self.one(key).map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(text) => text.parse::<PartialDate>().map(Some).map_err(|e| {
                BadParam(format!(
                    "`{key}`: {}",
                    crate::render::printable(&e.to_string())
                ))
            }),
        }
    }

    /// The search these parameters ask for, hits at most `max_limit`.
    pub fn search(&self, max_limit: usize) -> Result<SearchOptions, BadParam> {
        let query = self.one("q").unwrap_or("").to_string();
        if query.trim().is_empty() {
            return Err(BadParam("the query is empty: type a word".to_string()));
        }
        Ok(SearchOptions {
            query,
            limit: self.number("limit", 20, max_limit)?,
            offset: self.number("offset", 0, MAX_OFFSET)?,
            langs: self.all("lang")?,
            not_langs: self.all("nolang")?,
            sources: self.all("src")?,
            not_sources: self.all("nosrc")?,
            from: self.date("from")?,
            to: self.date("to")?,
            exact: self.flag("exact"),
            without: self.all("without")?,
            top_sources: self.number("top_sources", 30, 1000)?,
            source: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_make_lists_and_limits_are_checked() {
        let params = Params::parse(Some(
            "q=%D0%AF%D0%BF%D0%BE%D0%BD%D0%B8%D1%8F&lang=en&lang=ru&limit=5",
        ))
        .unwrap();
        let options = params.search(MAX_LIMIT).unwrap();
        assert_eq!(options.query, "Япония");
        assert_eq!(options.langs, ["en", "ru"]);
        assert_eq!(options.limit, 5);
        let too_many = Params::parse(Some("q=a&limit=100000")).unwrap();
        assert!(too_many.search(MAX_LIMIT).is_err());
        let empty = Params::parse(Some("q=++")).unwrap();
        assert!(empty.search(MAX_LIMIT).is_err());
        let bad_date = Params::parse(Some("q=a&from=19x5")).unwrap();
        assert!(bad_date.search(MAX_LIMIT).is_err());
    }
}
