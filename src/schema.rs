//! The one place that knows the index's field names, its schema and its
//! tokenizers.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexSettings};

mod tokenizers;

use crate::lang::{self, Lang, Profile};
pub use tokenizers::{LineTokenizer, ShimodaTokenizer};

/// Bumped whenever the schema or the analysis changes, so that an index
/// written by an older version is rebuilt instead of misread.
pub const SCHEMA_VERSION: u32 = 32;

/// Stored path relative to the corpus; exact, fast (facets, deletes).
pub const PATH: &str = "path";
/// The query field `source:`, matched against the words of [`PATH`]
/// (see [`crate::search::query`]); not a field of the index.
pub const SOURCE: &str = "source";
/// ISO 639-1 code of the passage's language.
pub const LANG: &str = "lang";
pub const PASSAGE: &str = "passage";
pub const LINE: &str = "line";
pub const BYTE_START: &str = "byte_start";
pub const BYTE_END: &str = "byte_end";
/// The 1-based page of a passage of a paged format (none for others).
pub const PAGE: &str = "page";
/// The section (chapter, heading) of a passage, for formats that have them.
pub const SECTION: &str = "section";
/// 1 when the passage was read from a page image by OCR (absent otherwise).
pub const OCR: &str = "ocr";
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
/// `COARSE\u{1}FINE\u{1}spelling` (see [`crate::analyze::translit`]), with
/// [`INITIAL_ONLY`] after it for a spelling only seen starting a sentence,
/// [`ORDINARY`] for an ordinary Korean word, given as the lines of one value.
/// Queries look spellings of a name in other scripts up by key prefix.
pub const NAMES: &str = "names";
/// Separates the parts of a `names` term.
pub const NAME_SEPARATOR: char = '\u{1}';
/// Ends a `names` term whose spelling was only seen starting a sentence
/// (see [`crate::analyze::translit::Spelling`]).
pub const INITIAL_ONLY: &str = "\u{1}^";
/// Ends a `names` term whose spelling is an ordinary Korean word as well
/// (see [`crate::analyze::translit::is_ordinary_korean`]).
pub const ORDINARY: &str = "\u{1}=";
/// The passage's date mentions, stored in the compact form of
/// [`crate::dates::encode`] so that hits show them without running the
/// extractor again.
pub const DATES: &str = "dates";
/// The passage's language, the decade of its first date, the years it
/// mentions and the number of its file, packed into one number by
/// [`facets::pack`]: the facets read this one column, a block of passages
/// at a time, instead of four (which cost a broad search on 1 GB several
/// times its matching).
pub const FACETS: &str = "facets";

/// The years of a passage that mentions more than [`FACETS`] holds and at
/// most [`facets::MORE_SLOTS`], packed by [`facets::pack_more`]; no value
/// for other passages. The facets read it instead of the [`YEAR`] column,
/// which takes several reads a passage.
pub const MORE_YEARS: &str = "more_years";

/// Runs of three characters of the Korean and CJK words of the passage
/// (`러시아` from the grams `러시`, `시아`), without positions: a word of
/// three characters or more is matched exactly here by its runs, where a
/// phrase of its grams in the body field reads the positions of every
/// passage holding them (most of the time of a search for `러시아`).
pub const GRAM_RUNS: &str = "gram_runs";

/// The fields of the schema, looked up once.
#[derive(Debug, Clone)]
pub struct Fields {
    pub path: Field,
    pub lang: Field,
    pub passage: Field,
    pub line: Field,
    pub byte_start: Field,
    pub byte_end: Field,
    pub page: Field,
    pub ocr: Field,
    pub section: Field,
    pub text: Field,
    pub year: Field,
    pub when: Field,
    pub facets: Field,
    pub more_years: Field,
    pub names: Field,
    pub gram_runs: Field,
    pub dates: Field,
    /// Each body field with the profile of its analyzer.
    pub bodies: Vec<(Field, Profile)>,
    /// The place in [`Fields::bodies`] of each language's body field, by
    /// the language's row number.
    body_of_lang: Vec<usize>,
}

impl Fields {
    /// Looks the fields up in a schema built by [`build_schema`].
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let get = |name: &str| schema.get_field(name);
        let body_fields = lang::body_fields();
        let bodies = body_fields
            .iter()
            .map(|(name, profile)| get(name).map(|f| (f, *profile)))
            .collect::<tantivy::Result<_>>()?;
        let body_of_lang = Lang::all()
            .map(|lang| {
                let name = lang.body_field();
                body_fields
                    .iter()
                    .position(|(n, _)| *n == name)
                    .unwrap_or(0)
            })
            .collect();
        Ok(Fields {
            path: get(PATH)?,
            lang: get(LANG)?,
            passage: get(PASSAGE)?,
            line: get(LINE)?,
            byte_start: get(BYTE_START)?,
            byte_end: get(BYTE_END)?,
            page: get(PAGE)?,
            ocr: get(OCR)?,
            section: get(SECTION)?,
            text: get(TEXT)?,
            year: get(YEAR)?,
            when: get(WHEN)?,
            facets: get(FACETS)?,
            more_years: get(MORE_YEARS)?,
            names: get(NAMES)?,
            gram_runs: get(GRAM_RUNS)?,
            dates: get(DATES)?,
            bodies,
            body_of_lang,
        })
    }

    /// The body field of language `lang`.
    pub fn body_for(&self, lang: Lang) -> Field {
        self.bodies[self.body_index_for(lang)].0
    }

    /// Position in [`Fields::bodies`] of the body field of language `lang`.
    pub fn body_index_for(&self, lang: Lang) -> usize {
        self.body_of_lang[lang.index()]
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
    builder.add_text_field(LANG, stored_raw());
    for name in [PASSAGE, LINE, BYTE_START, BYTE_END, PAGE, OCR] {
        builder.add_u64_field(name, STORED);
    }
    builder.add_text_field(SECTION, STORED);
    builder.add_text_field(TEXT, STORED);
    builder.add_bytes_field(DATES, STORED);
    let name_lines = raw().set_tokenizer(NAMES);
    builder.add_text_field(
        NAMES,
        TextOptions::default().set_indexing_options(name_lines),
    );
    // Columns only: tantivy answers a range on a fast field from the
    // column, so terms of years and days would cost indexing time and
    // space for no search.
    for name in [YEAR, WHEN] {
        builder.add_i64_field(name, FAST);
    }
    builder.add_u64_field(FACETS, FAST);
    builder.add_u64_field(MORE_YEARS, FAST);
    for (name, _) in lang::body_fields() {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(name)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        builder.add_text_field(name, TextOptions::default().set_indexing_options(indexing));
    }
    // The runs are made with the passage's other facts and handed over as
    // lines (see `Analyzer::gram_run_lines`).
    let runs = TextFieldIndexing::default()
        .set_tokenizer(GRAM_RUNS)
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    builder.add_text_field(GRAM_RUNS, TextOptions::default().set_indexing_options(runs));
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
    for (name, profile) in lang::body_fields() {
        manager.register(name, TextAnalyzer::from(ShimodaTokenizer::new(*profile)));
    }
    manager.register(GRAM_RUNS, TextAnalyzer::from(LineTokenizer::default()));
    manager.register(NAMES, TextAnalyzer::from(LineTokenizer::default()));
}

/// An empty index in memory with the schema and its tokenizers, and its
/// fields, for tests that write documents by hand.
#[cfg(test)]
pub(crate) fn index_in_ram() -> (Index, Fields) {
    let schema = build_schema();
    let index = Index::create_in_ram(schema.clone());
    register_tokenizers(&index);
    let fields = Fields::from_schema(&schema).expect("the schema's own fields");
    (index, fields)
}

/// The packing of the [`FACETS`] field: bits 0–23 hold the file's number
/// (unique among the index's files, kept in the manifest: the source facet
/// counts by it, and reads the paths of the sources it lists only), bits
/// 24–30 the language's row number ([`Lang::index`]) plus one (zero for
/// a language without a row, whose passages are counted from the [`LANG`]
/// field), bits 31–38 the decade (its number divided by ten, plus one; zero
/// for none), then come [`facets::SLOTS`] years of twelve bits each (the
/// year plus one; zero for an empty slot), and the top bit says that the
/// passage mentions more years than the slots hold: three to five of them
/// are read from the [`MORE_YEARS`] field, more from the [`YEAR`] field.
/// Years and decades after 2100 are left out, as the facets count none.
///
/// The file's number comes first because it grows with the passages of a
/// segment: in the high bits it made tantivy store the column as lines
/// with small deviations, which a search reads more slowly than the plain
/// bit-packed numbers it stores now (about 7 % of a search for `러시아` on
/// 1 GB, for 0.5 % more index).
pub mod facets {
    use crate::lang::Lang;

    /// Years kept in the packed number: the bits the file, language and
    /// decade leave. Passages mentioning more keep them in the
    /// [`super::MORE_YEARS`] field (up to [`MORE_SLOTS`]) or only in the
    /// [`super::YEAR`] one.
    pub const SLOTS: usize = 2;
    /// The last year (and decade) the facets count.
    pub const MAX_YEAR: i32 = 2100;
    const FILE_BITS: u32 = 24;
    const LANG_BITS: u32 = 7;
    const DECADE_BITS: u32 = 8;
    const YEAR_BITS: u32 = 12;
    const LANG_AT: u32 = FILE_BITS;
    const DECADE_AT: u32 = LANG_AT + LANG_BITS;
    const YEARS_AT: u32 = DECADE_AT + DECADE_BITS;
    const MASK_LANG: u64 = (1 << LANG_BITS) - 1;
    const MASK_DECADE: u64 = (1 << DECADE_BITS) - 1;
    const MASK_YEAR: u64 = (1 << YEAR_BITS) - 1;
    const MORE: u64 = 1 << 63;
    const _: () = assert!(YEARS_AT + SLOTS as u32 * YEAR_BITS == 63);
    /// How many codes the bits of a language, a decade and a year can
    /// name (counters indexed by a code have this many).
    pub const LANG_CODES: usize = 1 << LANG_BITS;
    pub const DECADE_CODES: usize = 1 << DECADE_BITS;
    pub const YEAR_CODES: usize = 1 << YEAR_BITS;
    /// Files an index can number.
    pub const MAX_FILES: u64 = 1 << FILE_BITS;
    /// Codes of decades and years run from 1 to this; 0 is "none".
    pub const MAX_CODE: usize = MAX_YEAR as usize + 1;

    fn counted(value: i32) -> Option<u64> {
        u64::try_from(value).ok().filter(|_| value <= MAX_YEAR)
    }

    /// Packs the file's number (below [`MAX_FILES`]), the language, the
    /// decade of the first date and the (sorted, distinct) years.
    pub fn pack(file: u64, lang: Lang, decade: Option<i32>, years: &[i32]) -> u64 {
        debug_assert!(file < MAX_FILES);
        let lang = lang.index() as u64 + 1;
        let decade = decade.and_then(counted).map_or(0, |d| d / 10 + 1);
        let packed = file | lang << LANG_AT | decade << DECADE_AT;
        packed | year_slots(years, SLOTS, YEARS_AT).unwrap_or(MORE)
    }

    /// The counted `years` as codes (the year plus one) in `slots` slots of
    /// [`YEAR_BITS`] from bit `at`; `None` when they take more slots.
    fn year_slots(years: &[i32], slots: usize, at: u32) -> Option<u64> {
        let mut packed = 0;
        for (slot, year) in years.iter().filter_map(|&y| counted(y)).enumerate() {
            if slot == slots {
                return None;
            }
            packed |= (year + 1) << (at + slot as u32 * YEAR_BITS);
        }
        Some(packed)
    }

    /// The language's row number plus one; 0 for a language without a row.
    pub fn lang_code(packed: u64) -> usize {
        ((packed >> LANG_AT) & MASK_LANG) as usize
    }

    /// The decade's code: the decade divided by ten, plus one; 0 for none.
    pub fn decade_code(packed: u64) -> usize {
        ((packed >> DECADE_AT) & MASK_DECADE) as usize
    }

    /// The codes of the year slots: each year plus one, 0 for an empty
    /// slot. Fixed in number, so that counting them takes no branches.
    pub fn year_codes(packed: u64) -> [usize; SLOTS] {
        std::array::from_fn(|slot| {
            ((packed >> (YEARS_AT + slot as u32 * YEAR_BITS)) & MASK_YEAR) as usize
        })
    }

    /// Years [`pack_more`] holds: five of twelve bits.
    pub const MORE_SLOTS: usize = 5;

    /// The years of a passage with more than [`SLOTS`] of them and at most
    /// [`MORE_SLOTS`], packed as [`pack`] packs its slots (passages with
    /// more are counted from the [`super::YEAR`] column).
    pub fn pack_more(years: &[i32]) -> Option<u64> {
        let counted_years = years.iter().filter(|&&y| counted(y).is_some()).count();
        if counted_years <= SLOTS {
            return None;
        }
        year_slots(years, MORE_SLOTS, 0)
    }

    /// The codes of the years [`pack_more`] packed: each year plus one, 0
    /// for an empty slot.
    pub fn more_codes(packed: u64) -> [usize; MORE_SLOTS] {
        std::array::from_fn(|slot| ((packed >> (slot as u32 * YEAR_BITS)) & MASK_YEAR) as usize)
    }

    /// True when the passage mentions more years than the slots hold.
    pub fn more_years(packed: u64) -> bool {
        packed & MORE != 0
    }

    /// The number of the passage's file.
    pub fn file(packed: u64) -> u64 {
        packed & (MAX_FILES - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unpack(packed: u64) -> (usize, usize, Option<Vec<usize>>) {
        let years = (!facets::more_years(packed)).then(|| {
            let codes = facets::year_codes(packed);
            codes.iter().filter(|&&c| c > 0).map(|c| c - 1).collect()
        });
        (
            facets::lang_code(packed),
            facets::decade_code(packed),
            years,
        )
    }

    #[test]
    fn facets_pack_language_decade_and_years() {
        assert_eq!(facets::pack(0, Lang::UNDETERMINED, None, &[]), 1 << 24);
        assert_eq!(
            facets::file(facets::pack(7, Lang::UNDETERMINED, None, &[])),
            7
        );
        let last = facets::MAX_FILES - 1;
        let full = facets::pack(last, Lang::ENGLISH, Some(2100), &[2099, 2100]);
        assert_eq!(facets::file(full), last);
        assert_eq!(unpack(full).1, 211);
        let en = 1 + Lang::ENGLISH.index();
        assert_eq!(
            unpack(facets::pack(7, Lang::ENGLISH, Some(1900), &[1904, 2100])),
            (en, 191, Some(vec![1904, 2100]))
        );
        assert_eq!(
            unpack(facets::pack(7, Lang::UNDETERMINED, Some(0), &[0])),
            (1, 1, Some(vec![0]))
        );
        // Out of the counted range: left out, as the facets count none.
        assert_eq!(
            unpack(facets::pack(
                7,
                Lang::ENGLISH,
                Some(2110),
                &[-5, 1950, 2101]
            )),
            (en, 0, Some(vec![1950]))
        );
        // Three to five counted years go into the more-years value, whole;
        // years out of the counted range do not count towards them.
        assert_eq!(facets::pack_more(&[-5, 1900, 1901, 3000]), None);
        assert_eq!(facets::pack_more(&[1900, 1901, 3000, 3001]), None);
        for years in [
            &[][..],
            &[1],
            &[1, 2],
            &[1, 2, 3],
            &[1, 2, 3, 4, 5],
            &[1, 2, 3, 4, 5, 6],
        ] {
            let more = facets::more_years(facets::pack(0, Lang::ENGLISH, None, years));
            assert_eq!(more, years.len() > facets::SLOTS, "{years:?}");
            let packed_more = facets::pack_more(years).is_some();
            assert_eq!(packed_more, (3..=facets::MORE_SLOTS).contains(&years.len()));
        }
        assert_eq!(facets::pack_more(&[1905, 1906]), None);
        assert_eq!(facets::pack_more(&[1, 2, 3, 4, 5, 6]), None);
        let more = facets::pack_more(&[1855, 1905, 2100, 2101]).unwrap();
        assert_eq!(facets::more_codes(more), [1856, 1906, 2101, 0, 0]);
        let all = facets::pack_more(&[0, 1, 2, 3, 2100]).unwrap();
        assert_eq!(facets::more_codes(all), [1, 2, 3, 4, 2101]);
        let last = Lang::all().last().unwrap();
        let packed = facets::pack(7, last, None, &[]);
        assert_eq!(facets::lang_code(packed), last.index() + 1);
    }

    #[test]
    fn facets_mark_passages_with_more_years_than_slots() {
        let years: Vec<i32> = (1900..1900 + facets::SLOTS as i32 + 1).collect();
        assert_eq!(
            unpack(facets::pack(7, Lang::RUSSIAN, Some(1900), &years)).2,
            None
        );
        let fits = &years[..facets::SLOTS];
        let expected: Vec<usize> = fits.iter().map(|&y| y as usize).collect();
        assert_eq!(
            unpack(facets::pack(7, Lang::RUSSIAN, None, fits)).2,
            Some(expected)
        );
    }

    #[test]
    fn schema_has_every_field() {
        let fields = Fields::from_schema(&build_schema()).unwrap();
        assert_eq!(fields.bodies.len(), lang::body_fields().len());
        for lang in Lang::all() {
            let (field, _) = fields.bodies[fields.body_index_for(lang)];
            assert_eq!(build_schema().get_field_name(field), lang.body_field());
        }
    }
}
