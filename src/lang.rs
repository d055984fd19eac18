//! The languages shimoda knows: one table, one row per language.
//!
//! Everything else asks this table: the detector turns whatlang's answer
//! into a [`Lang`], the schema makes one body field per analysis profile the
//! rows name, the facets pack a language as its row number, and searches
//! check `--lang` and `lang:` codes against it. Adding a language is adding
//! a row (at the end: the row number is stored in indexes).

use rust_stemmers::Algorithm;

/// How a language's passages are analyzed: which stemmer Latin-script (and
/// Cyrillic) words get. Words of other scripts are analyzed by their script
/// whatever the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// English stemming for Latin words, Russian for Cyrillic: the analyzer
    /// of English, Russian, Korean, Japanese, Chinese and every language
    /// written in a script of its own.
    Default,
    /// Latin words stemmed with this language's Snowball stemmer.
    Latin(Algorithm),
    /// Latin and Cyrillic words lowercased and folded, not stemmed: for
    /// languages Snowball has no stemmer for (Polish, Czech, Ukrainian, ...).
    Plain,
}

/// One language's row.
#[derive(Debug)]
pub struct Row {
    /// ISO 639-1 code (`und` for a passage nobody could tell).
    pub code: &'static str,
    /// English name, for messages.
    pub name: &'static str,
    /// ISO 15924 code of the script it is mostly written in.
    pub script: &'static str,
    /// How its passages are analyzed.
    pub profile: Profile,
    /// The body field its passages go into.
    pub body: &'static str,
    /// whatlang's name for it, when whatlang detects it.
    pub whatlang: Option<whatlang::Lang>,
}

impl Row {
    /// The row with its passages in a body field of their own (for a
    /// language with a Snowball stemmer of its own).
    const fn in_field(self, body: &'static str) -> Row {
        Row { body, ..self }
    }
}

/// A language analyzed by `profile` (the shared or the unstemmed body
/// field), detected by whatlang as `whatlang`.
const fn row(
    code: &'static str,
    name: &'static str,
    script: &'static str,
    profile: Profile,
    whatlang: whatlang::Lang,
) -> Row {
    let body = match profile {
        Profile::Plain => "body_plain",
        _ => "body",
    };
    Row {
        code,
        name,
        script,
        profile,
        body,
        whatlang: Some(whatlang),
    }
}

/// Shared analysis: English stemming for Latin words, Russian for Cyrillic.
const D: Profile = Profile::Default;
/// Words folded, not stemmed.
const P: Profile = Profile::Plain;

use Algorithm as A;
use Profile::Latin;
use whatlang::Lang as W;

/// Every language, in the order of their numbers in an index: append only
/// (reordering needs a new schema version).
pub static ROWS: &[Row] = &[
    Row {
        code: "und",
        name: "undetermined",
        script: "Zyyy",
        profile: D,
        body: "body",
        whatlang: None,
    },
    row("en", "English", "Latn", D, W::Eng),
    row("ru", "Russian", "Cyrl", D, W::Rus),
    row("ko", "Korean", "Kore", D, W::Kor),
    row("ja", "Japanese", "Jpan", D, W::Jpn),
    row("zh", "Chinese", "Hani", D, W::Cmn),
    row("de", "German", "Latn", Latin(A::German), W::Deu).in_field("body_de"),
    row("fr", "French", "Latn", Latin(A::French), W::Fra).in_field("body_fr"),
    row("es", "Spanish", "Latn", Latin(A::Spanish), W::Spa).in_field("body_es"),
    row("pt", "Portuguese", "Latn", Latin(A::Portuguese), W::Por).in_field("body_pt"),
    row("it", "Italian", "Latn", Latin(A::Italian), W::Ita).in_field("body_it"),
    row("nl", "Dutch", "Latn", Latin(A::Dutch), W::Nld).in_field("body_nl"),
    row("da", "Danish", "Latn", Latin(A::Danish), W::Dan).in_field("body_da"),
    row("sv", "Swedish", "Latn", Latin(A::Swedish), W::Swe).in_field("body_sv"),
    row("nb", "Norwegian", "Latn", Latin(A::Norwegian), W::Nob).in_field("body_no"),
    row("fi", "Finnish", "Latn", Latin(A::Finnish), W::Fin).in_field("body_fi"),
    row("tr", "Turkish", "Latn", Latin(A::Turkish), W::Tur).in_field("body_tr"),
    row("hu", "Hungarian", "Latn", Latin(A::Hungarian), W::Hun).in_field("body_hu"),
    row("cs", "Czech", "Latn", P, W::Ces),
    row("el", "Greek", "Grek", D, W::Ell),
    row("bg", "Bulgarian", "Cyrl", P, W::Bul),
    row("be", "Belarusian", "Cyrl", P, W::Bel),
    row("uk", "Ukrainian", "Cyrl", P, W::Ukr),
    row("pl", "Polish", "Latn", P, W::Pol),
    row("ro", "Romanian", "Latn", Latin(A::Romanian), W::Ron).in_field("body_ro"),
    row("sl", "Slovenian", "Latn", P, W::Slv),
    row("hr", "Croatian", "Latn", P, W::Hrv),
    row("sr", "Serbian", "Cyrl", P, W::Srp),
    row("mk", "Macedonian", "Cyrl", P, W::Mkd),
    row("lt", "Lithuanian", "Latn", P, W::Lit),
    row("lv", "Latvian", "Latn", P, W::Lav),
    row("et", "Estonian", "Latn", P, W::Est),
    row("sk", "Slovak", "Latn", P, W::Slk),
    row("ca", "Catalan", "Latn", P, W::Cat),
    row("tl", "Tagalog", "Latn", P, W::Tgl),
    row("hy", "Armenian", "Armn", D, W::Hye),
    row("cy", "Welsh", "Latn", P, W::Cym),
    row("eo", "Esperanto", "Latn", P, W::Epo),
    row("bn", "Bengali", "Beng", D, W::Ben),
    row("ka", "Georgian", "Geor", D, W::Kat),
    row("ar", "Arabic", "Arab", D, W::Ara),
    row("hi", "Hindi", "Deva", D, W::Hin),
    row("he", "Hebrew", "Hebr", D, W::Heb),
    row("yi", "Yiddish", "Hebr", D, W::Yid),
    row("am", "Amharic", "Ethi", D, W::Amh),
    row("jv", "Javanese", "Latn", P, W::Jav),
    row("mr", "Marathi", "Deva", D, W::Mar),
    row("kn", "Kannada", "Knda", D, W::Kan),
    row("ta", "Tamil", "Taml", D, W::Tam),
    row("vi", "Vietnamese", "Latn", P, W::Vie),
    row("ur", "Urdu", "Arab", D, W::Urd),
    row("th", "Thai", "Thai", D, W::Tha),
    row("gu", "Gujarati", "Gujr", D, W::Guj),
    row("uz", "Uzbek", "Latn", P, W::Uzb),
    row("pa", "Punjabi", "Guru", D, W::Pan),
    row("az", "Azerbaijani", "Latn", P, W::Aze),
    row("id", "Indonesian", "Latn", P, W::Ind),
    row("te", "Telugu", "Telu", D, W::Tel),
    row("fa", "Persian", "Arab", D, W::Pes),
    row("ml", "Malayalam", "Mlym", D, W::Mal),
    row("or", "Odia", "Orya", D, W::Ori),
    row("my", "Burmese", "Mymr", D, W::Mya),
    row("ne", "Nepali", "Deva", D, W::Nep),
    row("si", "Sinhala", "Sinh", D, W::Sin),
    row("km", "Khmer", "Khmr", D, W::Khm),
    row("tk", "Turkmen", "Latn", P, W::Tuk),
    row("ak", "Akan", "Latn", P, W::Aka),
    row("zu", "Zulu", "Latn", P, W::Zul),
    row("sn", "Shona", "Latn", P, W::Sna),
    row("af", "Afrikaans", "Latn", P, W::Afr),
    row("la", "Latin", "Latn", P, W::Lat),
];

/// A language: a row of [`ROWS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(u8);

/// Codes that name a row under another name (Norwegian's macrolanguage).
const OTHER_CODES: &[(&str, &str)] = &[("no", "nb"), ("nn", "nb")];

impl Lang {
    /// A passage whose language nobody could tell.
    pub const UNDETERMINED: Lang = Lang(0);
    pub const ENGLISH: Lang = Lang(1);
    pub const RUSSIAN: Lang = Lang(2);
    pub const KOREAN: Lang = Lang(3);
    pub const JAPANESE: Lang = Lang(4);
    pub const CHINESE: Lang = Lang(5);

    /// Every language, in row order.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..ROWS.len()).map(|i| Lang(i as u8))
    }

    /// The language of an ISO 639-1 code (any case), or `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        // Compared without allocating: a search reads each hit's code.
        let code = code.trim();
        let code = OTHER_CODES
            .iter()
            .find(|(other, _)| other.eq_ignore_ascii_case(code))
            .map_or(code, |(_, own)| own);
        ROWS.iter()
            .position(|r| r.code.eq_ignore_ascii_case(code))
            .map(|i| Lang(i as u8))
    }

    /// The row of a whatlang language (every one whatlang names has one).
    pub fn from_whatlang(lang: whatlang::Lang) -> Lang {
        ROWS.iter()
            .position(|r| r.whatlang == Some(lang))
            .map_or(Lang::UNDETERMINED, |i| Lang(i as u8))
    }

    /// The language of row `index`, or `None` past the table.
    pub fn from_index(index: usize) -> Option<Lang> {
        (index < ROWS.len()).then_some(Lang(index as u8))
    }

    pub fn row(self) -> &'static Row {
        &ROWS[self.0 as usize]
    }

    /// The row's number: what an index stores for the language.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn code(self) -> &'static str {
        self.row().code
    }

    pub fn name(self) -> &'static str {
        self.row().name
    }

    pub fn profile(self) -> Profile {
        self.row().profile
    }

    pub fn body_field(self) -> &'static str {
        self.row().body
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The codes a user may give (`und` picks the passages whose language
/// nobody could tell), for error messages.
pub fn known_codes() -> Vec<&'static str> {
    ROWS.iter().map(|r| r.code).collect()
}

/// The body fields of the index, each with its profile: the shared field
/// first, then the unstemmed one, then one per stemmer (by the language's
/// name, the order indexes were first written in).
pub fn body_fields() -> &'static [(&'static str, Profile)] {
    static FIELDS: std::sync::LazyLock<Vec<(&'static str, Profile)>> =
        std::sync::LazyLock::new(|| {
            let mut own: Vec<&Row> = ROWS
                .iter()
                .filter(|r| matches!(r.profile, Profile::Latin(_)))
                .collect();
            own.sort_by_key(|r| r.name);
            [("body", Profile::Default), ("body_plain", Profile::Plain)]
                .into_iter()
                .chain(own.into_iter().map(|r| (r.body, r.profile)))
                .collect()
        });
    &FIELDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_language_has_a_row() {
        for lang in whatlang::Lang::all() {
            let ours = Lang::from_whatlang(*lang);
            assert_ne!(ours, Lang::UNDETERMINED, "{lang:?}");
            assert_eq!(ours.row().whatlang, Some(*lang));
        }
    }

    #[test]
    fn codes_are_distinct_and_fit_the_facet_bits() {
        let mut codes: Vec<_> = ROWS.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ROWS.len());
        assert!(ROWS.len() < 127);
    }

    #[test]
    fn named_constants_are_their_rows() {
        let pairs = [
            (Lang::UNDETERMINED, "und"),
            (Lang::ENGLISH, "en"),
            (Lang::RUSSIAN, "ru"),
            (Lang::KOREAN, "ko"),
            (Lang::JAPANESE, "ja"),
            (Lang::CHINESE, "zh"),
        ];
        for (lang, code) in pairs {
            assert_eq!(lang.code(), code);
            assert_eq!(Lang::from_code(code), Some(lang));
        }
    }

    #[test]
    fn codes_are_read_in_any_case_and_norwegian_by_each_name() {
        assert_eq!(Lang::from_code(" KO "), Some(Lang::KOREAN));
        for code in ["no", "nb", "nn"] {
            assert_eq!(Lang::from_code(code).map(Lang::code), Some("nb"));
        }
        assert_eq!(Lang::from_code("korean"), None);
        assert_eq!(Lang::from_code("xx"), None);
    }

    #[test]
    fn languages_map_to_their_fields() {
        let fields = "en:body ru:body ko:body fr:body_fr nb:body_no pl:body_plain und:body";
        for pair in fields.split_whitespace() {
            let (code, field) = pair.split_once(':').unwrap();
            assert_eq!(Lang::from_code(code).unwrap().body_field(), field, "{code}");
        }
    }

    #[test]
    fn body_fields_keep_the_order_indexes_were_written_in() {
        let names: Vec<_> = body_fields().iter().map(|(name, _)| *name).collect();
        let written = "body body_plain body_da body_nl body_fi body_fr body_de body_hu \
                       body_it body_no body_pt body_ro body_es body_sv body_tr";
        assert_eq!(names, written.split_whitespace().collect::<Vec<_>>());
    }
}
