//! Aliases: spellings of one entity in several scripts, from the user's
//! alias file and mined from the texts themselves (`쿠나시르(Kunashir)`).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::analyze::script::Script;
use crate::analyze::{russian, translit};

/// Name of the alias file at the top of the corpus.
pub const ALIAS_FILE: &str = "aliases.toml";
/// Name of a corpus's own glossary, at its top, read beside the built-in one.
pub const GLOSSARY_FILE: &str = "glossary.toml";
// The glossary shipped with shimoda (`data/glossary.toml`: the field's
// ordinary words in English, Russian, Korean and Japanese), as
// `BUILT_IN_GLOSSARY: &[BuiltIn]`, each concept with its English name and
// its words' lookup keys: made at build time, since parsing and keying it
// cost each search milliseconds.
include!(concat!(env!("OUT_DIR"), "/glossary.rs"));
// The gazetteer shipped with shimoda (`data/places.toml`: places the four
// languages name each their own way, 樺太 and Sakhalin), as
// `BUILT_IN_PLACES`, in the same form.
include!(concat!(env!("OUT_DIR"), "/places.rs"));
// People the four languages name each their own way (`data/people.toml`:
// Nicholas II and Николай II, Sun Yat-sen and 孫文), as `BUILT_IN_PEOPLE`.
include!(concat!(env!("OUT_DIR"), "/people.rs"));

/// Errors reading the alias file.
#[derive(Debug, thiserror::Error)]
pub enum AliasError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid alias file: {message}")]
    Parse { path: String, message: String },
}

/// One entity of the alias file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// What the entity is called in listings.
    pub name: String,
    /// Its spellings, in any script.
    pub spellings: Vec<String>,
}

#[derive(Deserialize)]
struct AliasFile {
    #[serde(default)]
    entity: Vec<Entity>,
}

/// Reads and parses an alias file.
pub fn read_alias_file(path: &Path) -> Result<Vec<Entity>, AliasError> {
    let shown = path.display().to_string();
    // A FIFO or device would block the run or never end.
    if let Some(reason) = std::fs::metadata(path)
        .ok()
        .filter(|m| !m.is_file())
        .map(|m| crate::ingest::not_regular(m.file_type()))
    {
        return Err(AliasError::Read {
            path: shown,
            source: std::io::Error::other(reason),
        });
    }
    let text = std::fs::read_to_string(path).map_err(|source| AliasError::Read {
        path: shown.clone(),
        source,
    })?;
    let file: AliasFile = toml::from_str(&text).map_err(|e| AliasError::Parse {
        path: shown,
        message: e.message().to_string(),
    })?;
    Ok(file.entity)
}

#[derive(Deserialize)]
struct GlossaryFile {
    /// Each concept: language code → its words.
    #[serde(default)]
    term: Vec<BTreeMap<String, Vec<String>>>,
}

/// Parses a glossary (`path` names it in errors): each concept becomes an
/// entity named by its first English word.
pub fn parse_glossary(text: &str, path: &str) -> Result<Vec<Entity>, AliasError> {
    let file: GlossaryFile = toml::from_str(text).map_err(|e| AliasError::Parse {
        path: path.to_string(),
        message: e.message().to_string(),
    })?;
    Ok(file
        .term
        .into_iter()
        .filter_map(|mut words| {
            let name = words.get("en").and_then(|w| w.first()).cloned();
            let spellings: Vec<String> =
                std::mem::take(&mut words).into_values().flatten().collect();
            let name = name.or_else(|| spellings.first().cloned())?;
            Some(Entity { name, spellings })
        })
        .collect())
}

/// An entry of a built-in table: its name, and each word with its
/// [`normalize`] and [`stem_key`] keys, worked out at build time.
type BuiltIn = (
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

/// The built-in glossary.
pub fn built_in_glossary() -> Vec<Entity> {
    entities(BUILT_IN_GLOSSARY)
}

/// The built-in gazetteer: places each language names its own way.
pub fn built_in_places() -> Vec<Entity> {
    entities(BUILT_IN_PLACES)
}

/// Entities of a built-in table.
fn entities(table: &[BuiltIn]) -> Vec<Entity> {
    table
        .iter()
        .map(|(name, words)| Entity {
            name: name.to_string(),
            spellings: words.iter().map(|(w, _, _)| w.to_string()).collect(),
        })
        .collect()
}

/// A spelling with the keys it is looked up by: [`normalize`]d, and, for a
/// glossary's word, its [`stem_key`].
struct Keyed {
    spelling: String,
    key: String,
    stem: Option<String>,
}

impl Keyed {
    fn of(spelling: &str, glossary: bool) -> Keyed {
        Keyed {
            spelling: spelling.to_string(),
            key: normalize(spelling),
            stem: glossary.then(|| stem_key(spelling)),
        }
    }
}

/// The glossary of a corpus (its [`GLOSSARY_FILE`]), empty when it has none.
pub fn corpus_glossary(corpus: &Path) -> Result<Vec<Entity>, AliasError> {
    let path = corpus.join(GLOSSARY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_glossary(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(AliasError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// A pair of spellings found in a text: a name in Hangul or Cyrillic with
/// its Latin spelling in parentheses, or the reverse.
pub type MinedPair = (String, String);

static NATIVE_THEN_LATIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:[\p{Hangul}\p{Cyrillic}\p{Katakana}ー]+[ -]?){1,4})\(\s*(\p{Lu}[\p{Latin}'.\-]*(?:[ -][\p{Latin}'.\-]+){0,3})\s*\)")
        .expect("alias pattern compiles")
});

static LATIN_THEN_NATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:\p{Lu}[\p{Latin}'.\-]*[ ]?){1,4})\(\s*([\p{Hangul}\p{Cyrillic}\p{Katakana}ー]+(?:[ -][\p{Hangul}\p{Cyrillic}\p{Katakana}ー]+){0,3})\s*\)")
        .expect("alias pattern compiles")
});

/// A Japanese word of kanji with its reading in kana in parentheses
/// (`函館（はこだて）`, `浦塩（ウラジオストク）`), or a katakana name with its
/// kanji (`ウラジオストク（浦塩）`).
static KANJI_THEN_KANA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han}{1,8})\(\s*([\p{Hiragana}\p{Katakana}ー・]{2,24})\s*\)")
        .expect("alias pattern compiles")
});

static KANA_THEN_KANJI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Katakana}[\p{Katakana}ー・]{1,23})\(\s*(\p{Han}{1,8})\s*\)")
        .expect("alias pattern compiles")
});

/// Finds the spelling pairs a text gives in parentheses. A pair counts
/// only when the two sides sound alike: a parenthesis may also hold a
/// translation or a caption (`Adachi(독일어)`, "Adachi (German)").
pub fn mine(text: &str) -> Vec<MinedPair> {
    let mut out = Vec::new();
    let mut readings = Vec::new();
    // The patterns only match around a parenthesis: run them on short
    // stretches that end at one, not on the whole text. Japanese writes
    // full-width parentheses, read here as the others.
    for (open, _) in text.match_indices(['(', '（']) {
        let start = text[..open]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        let end = text[open..]
            .find([')', '）'])
            .filter(|&n| n <= 200)
            .map(|n| open + n + text[open + n..].chars().next().map_or(1, char::len_utf8));
        if let Some(end) = end {
            let stretch = text[start..end].replace('（', "(").replace('）', ")");
            mine_stretch(&stretch, &mut out);
            mine_readings(&stretch, &mut readings);
        }
    }
    out.retain(|(native, latin)| sound_alike(native, latin));
    // A reading says outright that its two sides are one name.
    out.extend(readings);
    out.sort();
    out.dedup();
    out
}

fn mine_readings(text: &str, out: &mut Vec<MinedPair>) {
    for pattern in [&KANJI_THEN_KANA, &KANA_THEN_KANJI] {
        for caps in pattern.captures_iter(text) {
            out.push((caps[1].to_string(), caps[2].to_string()));
        }
    }
}

fn mine_stretch(text: &str, out: &mut Vec<MinedPair>) {
    for caps in NATIVE_THEN_LATIN.captures_iter(text) {
        let latin = caps[2].trim().trim_end_matches('.').to_string();
        if let Some(native) = last_words(&caps[1], word_count(&latin)) {
            out.push((native, latin));
        }
    }
    for caps in LATIN_THEN_NATIVE.captures_iter(text) {
        let native = caps[2].trim().to_string();
        if let Some(latin) = last_words(&caps[1], word_count(&native)) {
            out.push((native, latin));
        }
    }
}

/// True when two spellings, spaces removed, have keys that start with the
/// same sound and differ in at most two fifths of their classes.
fn sound_alike(a: &str, b: &str) -> bool {
    let joined = |s: &str| s.split_whitespace().collect::<String>();
    let (Some(x), Some(y)) = (
        translit::loose_key(&joined(a)),
        translit::loose_key(&joined(b)),
    ) else {
        return false;
    };
    let longer = x.chars().count().max(y.chars().count());
    x.chars().next() == y.chars().next() && translit::distance(&x, &y) * 5 <= longer * 2
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The last `n` words of `text`, when it has that many.
fn last_words(text: &str, n: usize) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (n > 0 && words.len() >= n).then(|| words[words.len() - n..].join(" "))
}

/// A mined pair with the files it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mined {
    pub pair: MinedPair,
    /// Files that give the pair (the first few).
    pub sources: Vec<String>,
}

/// Files named for each mined pair.
const SOURCES_KEPT: usize = 5;

/// Gathers the pairs gathered from several parts of a corpus (the shards
/// of a sharded index), as [`gather`] would from all their files at once.
pub fn gather_mined<'a>(parts: impl IntoIterator<Item = &'a [Mined]>) -> Vec<Mined> {
    let mut by_pair: BTreeMap<&MinedPair, Vec<String>> = BTreeMap::new();
    for part in parts {
        for mined in part {
            by_pair
                .entry(&mined.pair)
                .or_default()
                .extend(mined.sources.iter().cloned());
        }
    }
    by_pair
        .into_iter()
        .map(|(pair, mut sources)| {
            sources.sort();
            sources.dedup();
            sources.truncate(SOURCES_KEPT);
            Mined {
                pair: pair.clone(),
                sources,
            }
        })
        .collect()
}

/// Gathers the pairs mined from many files, each with the first few files
/// that give it.
pub fn gather<'a>(per_file: impl IntoIterator<Item = (&'a str, &'a [MinedPair])>) -> Vec<Mined> {
    let mut by_pair: BTreeMap<&MinedPair, Vec<String>> = BTreeMap::new();
    for (source, pairs) in per_file {
        for pair in pairs {
            let sources = by_pair.entry(pair).or_default();
            if sources.len() < SOURCES_KEPT {
                sources.push(source.to_string());
            }
        }
    }
    by_pair
        .into_iter()
        .map(|(pair, sources)| Mined {
            pair: pair.clone(),
            sources,
        })
        .collect()
}

/// Where an alias comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Origin {
    /// The alias file, with the entity's name.
    File(String),
    /// A parenthesis in these source files.
    Mined(Vec<String>),
    /// A glossary (built in, or the corpus's), with the concept's name.
    Glossary(String),
    /// The built-in gazetteer (`data/places.toml`), with the place's name.
    Places(String),
    /// The built-in people (`data/people.toml`), with the person's name.
    People(String),
}

/// A group of spellings of one entity.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub spellings: Vec<String>,
    pub origins: Vec<Origin>,
}

impl Group {
    /// Its spellings keyed again, as when it is merged into another group
    /// (only a glossary's words by stem too).
    fn keyed(&self) -> Vec<Keyed> {
        let glossary = self
            .origins
            .iter()
            .any(|o| matches!(o, Origin::Glossary(_)));
        self.spellings
            .iter()
            .map(|s| Keyed::of(s, glossary))
            .collect()
    }
}

/// All known aliases, grouped by entity.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    groups: Vec<Group>,
    /// Normalized spelling → group index.
    by_key: FxHashMap<String, usize>,
    /// Analyzed spelling ([`stem_key`]) → group index: `войне` finds the
    /// concept of `война`, `전쟁은` that of `전쟁`.
    by_stem: FxHashMap<String, usize>,
}

/// A spelling as the stemmers see it: each word lowercased and stemmed
/// (Snowball English for Latin, Russian for Cyrillic, particles off for
/// Korean), joined. Cheaper than the full analysis: every glossary word is
/// keyed so on each search.
fn stem_key(spelling: &str) -> String {
    use rust_stemmers::{Algorithm, Stemmer};
    static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
    static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
    let words: Vec<String> = spelling
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let lower = word.to_lowercase();
            match translit::spelling_script(&lower) {
                Some(Script::Latin) => ENGLISH.stem(&lower).into_owned(),
                Some(Script::Cyrillic) => RUSSIAN.stem(&lower.replace('ё', "е")).into_owned(),
                Some(Script::Hangul) => crate::analyze::korean::stem(&lower).to_string(),
                _ => lower,
            }
        })
        .collect();
    words.join(" ")
}

/// How spellings are compared: lowercase, without spaces or hyphens (so
/// `중립조약` is `중립 조약`).
pub fn normalize(spelling: &str) -> String {
    // Old kanji forms are today's (條約 is 条約), as analysis reads them.
    crate::analyze::kyujitai::modern(spelling)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

impl Aliases {
    /// Builds the groups from the alias file's entities and the pairs mined
    /// from each source file; spellings shared between them join groups.
    pub fn new<'a>(entities: &[Entity], mined: impl IntoIterator<Item = &'a Mined>) -> Aliases {
        let mut aliases = Aliases::default();
        for entity in entities {
            aliases.add(&entity.spellings, Origin::File(entity.name.clone()));
        }
        for m in mined {
            let (native, latin) = &m.pair;
            aliases.add(
                &[native.clone(), latin.clone()],
                Origin::Mined(m.sources.clone()),
            );
        }
        aliases
    }

    /// Adds the built-in gazetteer's places and people (names, found in
    /// every language and transliterated like the alias file's) and the
    /// built-in glossary. They are grouped once per process and copied:
    /// grouping their thousands of spellings cost each search a fifth of
    /// a millisecond.
    pub fn with_built_in(self) -> Aliases {
        static BUILT_IN: LazyLock<Aliases> = LazyLock::new(|| Aliases::default().built_in());
        let mut out = BUILT_IN.clone();
        for group in self.groups {
            if !group.spellings.is_empty() {
                let keyed = group.keyed();
                out.add_keyed(keyed, group.origins);
            }
        }
        out
    }

    /// The built-in tables' groups, by the keys worked out at build time.
    fn built_in(mut self) -> Aliases {
        let keyed = |words: &[(&str, &str, &str)], glossary: bool| -> Vec<Keyed> {
            words
                .iter()
                .map(|(spelling, key, stem)| Keyed {
                    spelling: spelling.to_string(),
                    key: key.to_string(),
                    stem: glossary.then(|| stem.to_string()),
                })
                .collect()
        };
        for (name, words) in BUILT_IN_PLACES {
            self.add_keyed(keyed(words, false), vec![Origin::Places(name.to_string())]);
        }
        for (name, words) in BUILT_IN_PEOPLE {
            self.add_keyed(keyed(words, false), vec![Origin::People(name.to_string())]);
        }
        for (name, words) in BUILT_IN_GLOSSARY {
            self.add_keyed(keyed(words, true), vec![Origin::Glossary(name.to_string())]);
        }
        self
    }

    /// Adds a glossary's concepts: their words are translations, found in
    /// every language, and not transliterated (see [`Aliases::translated`]).
    pub fn with_glossary(mut self, terms: &[Entity]) -> Aliases {
        for term in terms {
            self.add(&term.spellings, Origin::Glossary(term.name.clone()));
        }
        self
    }

    /// True when a glossary translates `spelling`: an ordinary word, not a
    /// name (`Japan` is 일본, not 재판 "trial", whose key it shares).
    pub fn translated(&self, spelling: &str) -> bool {
        self.glossary_group(spelling).is_some()
    }

    /// The group of `spelling` when a glossary translates it.
    fn glossary_group(&self, spelling: &str) -> Option<usize> {
        self.group_of(spelling).filter(|&i| {
            self.groups[i]
                .origins
                .iter()
                .any(|o| matches!(o, Origin::Glossary(_)))
        })
    }

    fn add(&mut self, spellings: &[String], origin: Origin) {
        let glossary = matches!(origin, Origin::Glossary(_));
        let keyed = spellings.iter().map(|s| Keyed::of(s, glossary)).collect();
        self.add_keyed(keyed, vec![origin]);
    }

    fn add_keyed(&mut self, keyed: Vec<Keyed>, origins: Vec<Origin>) {
        let mut found: Vec<usize> = keyed
            .iter()
            .filter(|k| !k.key.is_empty())
            .filter_map(|k| self.by_key.get(&k.key).copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        let target = match found.first() {
            Some(&first) => {
                // Merge every other group this one touches into the first.
                for &other in found.iter().skip(1).rev() {
                    let moved = std::mem::replace(
                        &mut self.groups[other],
                        Group {
                            spellings: Vec::new(),
                            origins: Vec::new(),
                        },
                    );
                    let keyed = moved.keyed();
                    self.absorb(first, keyed, moved.origins);
                }
                first
            }
            None => {
                self.groups.push(Group {
                    spellings: Vec::new(),
                    origins: Vec::new(),
                });
                self.groups.len() - 1
            }
        };
        self.absorb(target, keyed, origins);
    }

    /// Puts spellings into a group. Only a glossary's words are looked up
    /// by stem: analyzing every mined pair of a large corpus cost each
    /// search more than the search.
    fn absorb(&mut self, target: usize, keyed: Vec<Keyed>, origins: Vec<Origin>) {
        for Keyed {
            spelling,
            key,
            stem,
        } in keyed
        {
            if key.is_empty() {
                continue;
            }
            // A spelling whose key maps to this group already is in it.
            let known = self.by_key.insert(key, target) == Some(target);
            if let Some(stem) = stem {
                self.by_stem.insert(stem, target);
            }
            if !known {
                self.groups[target].spellings.push(spelling);
            }
        }
        for origin in origins {
            let group = &mut self.groups[target];
            match (
                origin,
                group
                    .origins
                    .iter_mut()
                    .find(|o| matches!(o, Origin::Mined(_))),
            ) {
                (Origin::Mined(sources), Some(Origin::Mined(existing))) => {
                    for s in sources {
                        if !existing.contains(&s) {
                            existing.push(s);
                        }
                    }
                }
                (origin, _) => {
                    if !group.origins.contains(&origin) {
                        group.origins.push(origin);
                    }
                }
            }
        }
    }

    /// The group of a spelling: the one holding it, else the one holding a
    /// spelling of the same stems (another form of the word).
    fn group_of(&self, spelling: &str) -> Option<usize> {
        self.by_key
            .get(&normalize(spelling))
            .or_else(|| self.by_stem.get(&stem_key(spelling)))
            // A glossary word's adjective names the same thing in an
            // event's name (`Опиумная война`, the Opium War).
            .or_else(|| {
                let noun = (translit::spelling_script(spelling) == Some(Script::Cyrillic))
                    .then(|| russian::relational_noun(&spelling.to_lowercase()))??;
                self.by_stem.get(&stem_key(&noun))
            })
            .copied()
    }

    /// The other spellings of the entity `spelling` names, if any.
    pub fn others(&self, spelling: &str) -> Vec<&str> {
        let key = normalize(spelling);
        match self.group_of(spelling) {
            Some(i) => self.groups[i]
                .spellings
                .iter()
                .filter(|s| normalize(s) != key)
                .map(String::as_str)
                .collect(),
            None => Vec::new(),
        }
    }

    /// The spellings a glossary word takes as a modifier in the other
    /// languages, beside its own: Korean and Japanese name a people's things
    /// with the country (`한국 전쟁`, `朝鮮戦争`: the Korean War), English
    /// and Russian with the people's adjective (`корейская война`). The
    /// glossary pairs a people with its country by the suffix of people
    /// (`한국인` is `한국` + 인, `韓国人` is `韓国` + 人), so a people's
    /// word brings its country's Korean and Japanese words, and a country's
    /// its people's English and Russian ones.
    pub fn attributive(&self, spelling: &str) -> Vec<&str> {
        let Some(own) = self.glossary_group(spelling) else {
            return Vec::new();
        };
        let group = |word: &str| self.by_key.get(&normalize(word)).copied();
        let mut out: Vec<&str> = Vec::new();
        for word in &self.groups[own].spellings {
            for suffix in PEOPLE_SUFFIXES {
                if let Some(country) = word.strip_suffix(suffix)
                    && group(country).is_some_and(|g| g != own)
                {
                    out.push(country);
                }
                let people = group(&format!("{word}{suffix}")).filter(|g| *g != own);
                let western = people.into_iter().flat_map(|g| &self.groups[g].spellings);
                out.extend(western.filter(|s| is_western(s)).map(String::as_str));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every group, or those holding `spelling`.
    pub fn groups(&self, spelling: Option<&str>) -> Vec<&Group> {
        let key = spelling.map(normalize);
        self.groups
            .iter()
            .enumerate()
            .filter(|(_, g)| !g.spellings.is_empty())
            .filter(|(i, _)| key.as_ref().is_none_or(|k| self.by_key.get(k) == Some(i)))
            .map(|(_, g)| g)
            .collect()
    }
}

/// The suffixes Korean and Japanese make a people's word with from its
/// country's (`한국인`, `韓国人`).
const PEOPLE_SUFFIXES: [&str; 2] = ["인", "人"];

/// Latin or Cyrillic: the scripts that name a people's things with an
/// adjective.
fn is_western(spelling: &str) -> bool {
    matches!(
        translit::spelling_script(spelling),
        Some(Script::Latin | Script::Cyrillic)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_people_and_its_country_name_each_other_as_modifiers() {
        let aliases = Aliases::new(&[], []).with_built_in();
        let korean = aliases.attributive("Korean");
        for country in ["한국", "조선", "韓国", "朝鮮"] {
            assert!(korean.contains(&country), "{korean:?}");
        }
        assert!(!korean.contains(&"Korea"), "{korean:?}");
        let korea = aliases.attributive("한국");
        assert!(korea.contains(&"Korean"), "{korea:?}");
        assert!(korea.contains(&"корейский"), "{korea:?}");
        assert!(aliases.attributive("treaty").is_empty());
    }

    #[test]
    fn relational_adjectives_find_their_noun() {
        let aliases = Aliases::default().with_built_in();
        assert!(aliases.translated("Опиумная"));
        assert!(aliases.others("опиумной").contains(&"opium"));
        // Not every adjective is a glossary noun's.
        assert!(!aliases.translated("Портсмутский"));
    }

    #[test]
    fn the_built_in_glossary_translates_and_finds_other_forms() {
        let terms = built_in_glossary();
        assert!(terms.len() >= 120, "{}", terms.len());
        let aliases = Aliases::default().with_built_in();
        assert!(aliases.translated("Japan") && aliases.translated("договоров"));
        assert!(aliases.translated("전쟁은") && !aliases.translated("Kunashir"));
        let treaty = aliases.others("treaties");
        for word in ["договор", "조약", "条約"] {
            assert!(treaty.contains(&word), "{word} in {treaty:?}");
        }
        // Words that mean different things stay apart (`해` is sea and year).
        assert!(!aliases.others("sea").contains(&"year"));
    }

    #[test]
    fn built_in_keys_are_the_keys_a_search_makes() {
        let tables = BUILT_IN_GLOSSARY.iter().chain(BUILT_IN_PLACES);
        for (_, words) in tables.chain(BUILT_IN_PEOPLE) {
            for (spelling, key, stem) in words.iter() {
                assert_eq!(normalize(spelling), *key, "{spelling}");
                assert_eq!(stem_key(spelling), *stem, "{spelling}");
            }
        }
    }

    #[test]
    fn a_glossary_file_names_each_concept_by_its_english_word() {
        let text = "term = [ { ru = [\"пингвин\"], en = [\"penguin\", \"penguins\"] } ]";
        let terms = parse_glossary(text, "glossary.toml").unwrap();
        assert_eq!(terms[0].name, "penguin");
        assert_eq!(terms[0].spellings.len(), 3);
        assert!(parse_glossary("term = [ {", "glossary.toml").is_err());
    }

    #[test]
    fn mines_parenthesized_spellings_both_ways() {
        let text = "일본 정부는 소련이 하보마이(Habomai), 시코탄(Shikotan), 포트 아서 로드스테드(Port Arthur Roadstead)에서 \
                    and the island of Kunashir (Кунашир) was";
        let mined = mine(text);
        for pair in [
            ("하보마이", "Habomai"),
            ("시코탄", "Shikotan"),
            ("포트 아서 로드스테드", "Port Arthur Roadstead"),
            ("Кунашир", "Kunashir"),
        ] {
            assert!(
                mined.contains(&(pair.0.to_string(), pair.1.to_string())),
                "{pair:?} in {mined:?}"
            );
        }
    }

    #[test]
    fn mines_japanese_readings_and_full_width_parentheses() {
        let mined = mine(
            "函館（はこだて）の港と、ウラジオストク（浦塩）の港。ナホトカ（Nakhodka）にも寄った。",
        );
        for pair in [
            ("函館", "はこだて"),
            ("ウラジオストク", "浦塩"),
            ("ナホトカ", "Nakhodka"),
        ] {
            assert!(
                mined.contains(&(pair.0.to_string(), pair.1.to_string())),
                "{pair:?} in {mined:?}"
            );
        }
    }

    #[test]
    fn ignores_same_script_and_non_name_parentheses() {
        assert!(mine("러일 최초의 평화우호조약(시모다조약)이 체결").is_empty());
        assert!(mine("일본 측에서 Adachi(독일어), Komura(영어), 인민공화국(MPR)").is_empty());
        assert!(mine("조약(일본어: Karafuto-Chishima Kōkan Jōyaku?)은").is_empty());
        assert!(mine("the treaty (signed in 1905) was").is_empty());
    }

    #[test]
    fn groups_merge_file_and_mined_spellings() {
        let entities = vec![Entity {
            name: "Kunashir".into(),
            spellings: vec!["Kunashir".into(), "Кунашир".into()],
        }];
        let pairs = vec![("쿠나시르".to_string(), "Kunashir".to_string())];
        let mined = gather([("003.txt", pairs.as_slice())]);
        let aliases = Aliases::new(&entities, &mined);
        let mut others = aliases.others("kunashir");
        others.sort();
        assert_eq!(others, ["Кунашир", "쿠나시르"]);
        assert_eq!(aliases.groups(Some("쿠나시르"))[0].origins.len(), 2);
        assert!(aliases.others("Sakhalin").is_empty());
    }

    #[test]
    fn spellings_compare_without_spaces_and_case() {
        let entities = vec![Entity {
            name: "Neutrality Pact".into(),
            spellings: vec!["Neutrality Pact".into(), "중립 조약".into()],
        }];
        let aliases = Aliases::new(&entities, &[]);
        assert_eq!(aliases.others("중립조약"), ["Neutrality Pact"]);
        assert_eq!(aliases.others("neutrality  pact"), ["중립 조약"]);
    }
}
