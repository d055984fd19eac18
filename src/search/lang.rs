//! The language codes a search can filter on.

use super::QueryError;
use crate::schema::facets;

/// Whether passages can be in the language of `code` (lowercase), "und"
/// being the passages whose language nobody could tell.
pub fn known_lang(code: &str) -> bool {
    facets::LANGS.contains(&code)
}

/// Every code [`known_lang`] accepts.
pub fn known_codes() -> &'static [&'static str] {
    facets::LANGS
}

/// The code the user wrote, in the form the index holds, or an error
/// naming it: a code the index cannot hold would match nothing.
pub fn lang_code(written: &str) -> Result<String, QueryError> {
    let code = written.trim().to_lowercase();
    if known_lang(&code) {
        Ok(code)
    } else {
        Err(QueryError::UnknownLang(written.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_codes_are_checked_and_lowercased() {
        assert_eq!(lang_code(" KO "), Ok("ko".to_string()));
        assert_eq!(lang_code("und"), Ok("und".to_string()));
        assert_eq!(
            lang_code("korean"),
            Err(QueryError::UnknownLang("korean".into()))
        );
        let message = lang_code("xx").unwrap_err().to_string();
        assert!(message.contains("\"xx\""), "{message}");
        assert!(message.contains("en, ru, ko"), "{message}");
    }
}
