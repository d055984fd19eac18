//! The one place that knows the index's field names, its schema and its
//! tokenizers.

use rust_stemmers::Algorithm;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{Index, IndexSettings};

use crate::analyze::{Profile, ShimodaTokenizer};

/// Bumped whenever the schema or the analysis changes, so that an index
/// written by an older version is rebuilt instead of misread.
pub const SCHEMA_VERSION: u32 = 9;

/// Stored path relative to the corpus; exact, fast (facets, deletes).
pub const PATH: &str = "path";
/// The path cut into lowercase words, for `source:` in queries.
pub const SOURCE: &str = "source";
/// ISO 639-1 code of the passage's language.
pub const LANG: &str = "lang";
pub const PASSAGE: &str = "passage";
pub const LINE: &str = "line";
pub const BYTE_START: &str = "byte_start";
pub const BYTE_END: &str = "byte_end";
/// The normalized passage text, stored for snippets and output.
pub const TEXT: &str = "text";
/// Every year the passage mentions (multi-valued), for `year:` queries and
/// the year facet.
pub const YEAR: &str = "year";
/// Days (since 1970-01-01) the passage's dates cover: each day date, the
/// first and last day of each month and year mentioned. `--from`/`--to`
/// are range queries on it.
pub const WHEN: &str = "when";
/// Script-neutral keys of the passage's name-like words, one term per word:
/// `COARSE\u{1}FINE\u{1}spelling` (see [`crate::analyze::translit`]).
/// Queries look spellings of a name in other scripts up by key prefix.
pub const NAMES: &str = "names";
/// Separates the parts of a `names` term.
pub const NAME_SEPARATOR: char = '\u{1}';
/// The passage's date mentions, stored in the compact form of
/// [`crate::dates::encode`] so that hits show them without running the
/// extractor again.
pub const DATES: &str = "dates";
/// The decade of the passage's first date, for the timeline and the decade
/// facet (one per passage, so the facet counts passages).
pub const DECADE: &str = "decade";

const PATH_TOKENIZER: &str = "path_words";

/// The analyzed text fields: a passage's text goes into the one field of its
/// language's profile, and a query word is looked up in all of them.
pub const BODY_FIELDS: &[(&str, Profile)] = &[
    ("body", Profile::Default),
    ("body_plain", Profile::Plain),
    ("body_da", Profile::Latin(Algorithm::Danish)),
    ("body_nl", Profile::Latin(Algorithm::Dutch)),
    ("body_fi", Profile::Latin(Algorithm::Finnish)),
    ("body_fr", Profile::Latin(Algorithm::French)),
    ("body_de", Profile::Latin(Algorithm::German)),
    ("body_hu", Profile::Latin(Algorithm::Hungarian)),
    ("body_it", Profile::Latin(Algorithm::Italian)),
    ("body_no", Profile::Latin(Algorithm::Norwegian)),
    ("body_pt", Profile::Latin(Algorithm::Portuguese)),
    ("body_ro", Profile::Latin(Algorithm::Romanian)),
    ("body_es", Profile::Latin(Algorithm::Spanish)),
    ("body_sv", Profile::Latin(Algorithm::Swedish)),
    ("body_tr", Profile::Latin(Algorithm::Turkish)),
];

/// Latin- and Cyrillic-script languages Snowball has no stemmer for: their
/// words are lowercased and folded only.
const PLAIN_LANGS: &[&str] = &[
    "pl", "cs", "sk", "sl", "hr", "sr", "lt", "lv", "et", "vi", "id", "jv", "tl", "az", "uz", "tk",
    "af", "la", "ca", "cy", "eo", "zu", "sn", "ak", "uk", "be", "bg", "mk",
];

/// Name of the body field that holds passages of language `lang`.
pub fn body_field_name(lang: &str) -> &'static str {
    let own = match lang {
        "nb" | "nn" | "no" => Some("body_no"),
        _ => BODY_FIELDS
            .iter()
            .map(|(name, _)| *name)
            .find(|name| name.strip_prefix("body_") == Some(lang) && *name != "body_plain"),
    };
    match own {
        Some(name) => name,
        None if PLAIN_LANGS.contains(&lang) => "body_plain",
        None => "body",
    }
}

/// The fields of the schema, looked up once.
#[derive(Debug, Clone)]
pub struct Fields {
    pub path: Field,
    pub source: Field,
    pub lang: Field,
    pub passage: Field,
    pub line: Field,
    pub byte_start: Field,
    pub byte_end: Field,
    pub text: Field,
    pub year: Field,
    pub when: Field,
    pub decade: Field,
    pub names: Field,
    pub dates: Field,
    /// Each body field with the profile of its analyzer.
    pub bodies: Vec<(Field, Profile)>,
}

impl Fields {
    /// Looks the fields up in a schema built by [`build_schema`].
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let get = |name: &str| schema.get_field(name);
        let bodies = BODY_FIELDS
            .iter()
            .map(|(name, profile)| get(name).map(|f| (f, *profile)))
            .collect::<tantivy::Result<_>>()?;
        Ok(Fields {
            path: get(PATH)?,
            source: get(SOURCE)?,
            lang: get(LANG)?,
            passage: get(PASSAGE)?,
            line: get(LINE)?,
            byte_start: get(BYTE_START)?,
            byte_end: get(BYTE_END)?,
            text: get(TEXT)?,
            year: get(YEAR)?,
            when: get(WHEN)?,
            decade: get(DECADE)?,
            names: get(NAMES)?,
            dates: get(DATES)?,
            bodies,
        })
    }

    /// The body field of language `lang`.
    pub fn body_for(&self, lang: &str) -> Field {
        self.bodies[self.body_index_for(lang)].0
    }

    /// Position in [`Fields::bodies`] of the body field of language `lang`.
    pub fn body_index_for(&self, lang: &str) -> usize {
        let name = body_field_name(lang);
        BODY_FIELDS
            .iter()
            .position(|(n, _)| *n == name)
            .unwrap_or(0)
    }
}

/// The schema of a passage index.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    // Fields that only filter or look up need no length norms (a byte per
    // passage and field): only the body fields are ranked.
    let raw = || {
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false)
    };
    let stored_raw = || {
        TextOptions::default()
            .set_indexing_options(raw())
            .set_stored()
            .set_fast("raw")
    };
    builder.add_text_field(PATH, stored_raw());
    let words = TextFieldIndexing::default()
        .set_tokenizer(PATH_TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions)
        .set_fieldnorms(false);
    builder.add_text_field(SOURCE, TextOptions::default().set_indexing_options(words));
    builder.add_text_field(LANG, stored_raw());
    for name in [PASSAGE, LINE, BYTE_START, BYTE_END] {
        builder.add_u64_field(name, STORED);
    }
    builder.add_text_field(TEXT, STORED);
    builder.add_bytes_field(DATES, STORED);
    builder.add_text_field(NAMES, TextOptions::default().set_indexing_options(raw()));
    for name in [YEAR, WHEN, DECADE] {
        builder.add_i64_field(name, INDEXED | FAST);
    }
    for (name, _) in BODY_FIELDS {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(name)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        builder.add_text_field(name, TextOptions::default().set_indexing_options(indexing));
    }
    builder.build()
}

/// How the index stores documents: zstd in 64 KiB blocks. The stored
/// passages are most of the index, and Korean and Russian text in UTF-8
/// compresses far better with zstd than with tantivy's default lz4; a hit
/// costs one block to decompress either way. Level 1 compresses several
/// times faster than level 6 for a store about 10 % larger (measured on
/// the 100 MB bench corpus); 16 KiB blocks would make the store 20 %
/// larger, and the index no longer smaller than its corpus.
pub fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 64 * 1024,
        ..IndexSettings::default()
    }
}

/// Registers every tokenizer the schema names on an index. Call it on every
/// index opened or created.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    for (name, profile) in BODY_FIELDS {
        manager.register(name, TextAnalyzer::from(ShimodaTokenizer::new(*profile)));
    }
    manager.register(PATH_TOKENIZER, path_analyzer());
}

/// Tokenizer that cuts a path into its lowercase words (`003_5da2.txt` →
/// `003`, `5da2`, `txt`), as `source:` queries need.
pub fn path_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_map_to_their_fields() {
        assert_eq!(body_field_name("en"), "body");
        assert_eq!(body_field_name("ru"), "body");
        assert_eq!(body_field_name("ko"), "body");
        assert_eq!(body_field_name("fr"), "body_fr");
        assert_eq!(body_field_name("nb"), "body_no");
        assert_eq!(body_field_name("pl"), "body_plain");
        assert_eq!(body_field_name("plain"), "body");
        assert_eq!(body_field_name("und"), "body");
    }

    #[test]
    fn schema_has_every_field() {
        let fields = Fields::from_schema(&build_schema()).unwrap();
        assert_eq!(fields.bodies.len(), BODY_FIELDS.len());
    }
}
