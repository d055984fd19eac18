//! From the user's query text to a tantivy query.
//!
//! tantivy's grammar parses the text (AND/OR/NOT, +/-, "phrases", prefix*,
//! field:value); this module turns its tree into queries itself, because a
//! word has to be looked up in every body field with that field's own
//! analysis, Korean and CJK words need gram matching that tolerates a
//! space inside a compound, and `lang:`/`source:` are filters, not text.

use std::collections::{BTreeMap, HashSet};

use std::ops::Bound;

use tantivy::Searcher;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery,
    ExistsQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{
    Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::lexicon::{Lexicon, segment_terms_with_prefix};
use crate::aliases::{self, Aliases};
use crate::analyze::script::Script;
use crate::analyze::translit::Closeness;
use crate::analyze::{
    Analyzer, Mode, Term as AnalyzedTerm, TermKind, kana, kanji, korean, russian, translit,
};
use crate::schema::{self, Fields};

use super::limits;

/// Errors in a query the user wrote.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("cannot parse query {query:?}: {hint}")]
    Syntax { query: String, hint: String },
    #[error("unknown field {0:?} in query (known fields: lang, source, year)")]
    UnknownField(String),
    #[error("{0:?} is not a year: write year:1905 or year:[1904 TO 1906]")]
    BadYear(String),
    #[error("{0} is not supported in queries")]
    Unsupported(&'static str),
    #[error("query {0:?} has no words to search for")]
    NoWords(String),
    #[error("query is too long: {0} bytes (at most {max})", max = limits::MAX_QUERY_BYTES)]
    TooLong(usize),
    #[error(
        "query is nested too deep: more than {max} levels of parentheses and NOT",
        max = limits::MAX_DEPTH
    )]
    TooDeep,
    #[error(
        "query has too many clauses: {0} words, phrases and filters (at most {max})",
        max = limits::MAX_CLAUSES
    )]
    TooManyClauses(usize),
    #[error("unknown language {0:?} (known codes: {codes})", codes = crate::lang::known_codes().join(", "))]
    UnknownLang(String),
    #[error("{0:?}: a word takes 1 or 2 typos (`word~`, `word~2`)")]
    TypoDistance(String),
    #[error("year range {0} holds no year: its first year comes after its last")]
    EmptyYears(String),
    #[error("--from {from} is after --to {to}: no date lies between them")]
    ReversedDates { from: String, to: String },
    #[error("{0:?}: a * may only end a word (Portsm*), not begin it or stand inside it")]
    Wildcard(String),
    #[error("source {0:?} has no letters or digits to look for in paths")]
    NoSourceText(String),
}

/// How much an exact phrase of grams adds over grams found apart.
const GRAM_PHRASE_BOOST: f32 = 1.5;

/// A query ready to run, with what to highlight in the hits.
pub struct Compiled {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// Each query word or phrase with the other spellings it was expanded to.
    pub expanded: BTreeMap<String, Vec<String>>,
    /// Every form searched for: the query's words, phrases and prefixes
    /// and their expansions, to tell which of them a hit holds.
    pub forms: Vec<Form>,
    /// True when a word no passage holds was searched with typos.
    pub typos: bool,
}

/// A form of the query that a hit may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// A word or phrase, without the star of a prefix.
    pub words: String,
    /// Whether its last word is a prefix (`Portsm*`).
    pub prefix: bool,
    /// The typos a one-word form may have (`Portsmuth~`), 0 for none.
    pub typos: u8,
}

impl Form {
    /// The form as the query wrote it, as hits list it.
    pub fn shown(&self) -> String {
        if self.prefix {
            format!("{}*", self.words)
        } else if self.typos > 0 {
            format!("{}~{}", self.words, self.typos)
        } else {
            self.words.clone()
        }
    }
}

/// How much a match of another spelling counts against an exact match.
const EXPANSION_BOOST: f32 = 0.6;
/// The weight of a glossary translation among a word's spellings.
const TRANSLATION_BOOST: f32 = 0.5;
/// The weight of a derived word of the query's script among its spellings.
const DERIVED_BOOST: f32 = 0.4;
/// What each spelling but the best adds to a passage's expansion score.
const EXPANSION_TIE_BREAKER: f32 = 0.3;

/// The terms a hit's text is highlighted with, per body field.
#[derive(Debug, Default, Clone)]
pub struct Highlight {
    /// Exact terms, by body field index.
    pub terms: Vec<HashSet<String>>,
    /// Prefixes of folded words (`treat*`), by body field index.
    pub prefixes: Vec<Vec<String>>,
}

/// Builds queries against one index.
pub struct QueryBuilder<'a> {
    fields: &'a Fields,
    analyzers: Vec<Analyzer>,
    /// Body fields that hold any passage: the others are not queried.
    live: Vec<bool>,
    /// The index's dictionaries (or a shard coordinator's transcript of
    /// them): the spellings of names in other scripts, the words held, and
    /// through [`Lexicon::local`] the paths `source:` picks from.
    lexicon: &'a dyn Lexicon,
    /// Where other wordings come from; `None` for exact queries, which
    /// are not expanded at all.
    aliases: Option<&'a Aliases>,
    expanded: BTreeMap<String, Vec<String>>,
    forms: Vec<Form>,
    /// What the last word or phrase compiled was: see [`Word`].
    last_word: Option<Word>,
    /// True once a word no passage holds was searched with typos.
    typos_used: bool,
    /// Other spellings the reader switched off (lowercased): never searched.
    left_out: HashSet<String>,
}

/// A word or phrase of a query, as [`QueryBuilder::clause`] needs to know
/// it: the words, and the scripts it is searched in (its own and its other
/// spellings').
#[derive(Clone)]
struct Word {
    phrase: String,
    scripts: Vec<Script>,
    /// Whether a passage may lack it where it has no spelling, worked out
    /// when first asked ([`droppable`]).
    droppable: std::cell::OnceCell<bool>,
}

/// The words as written, or their other spellings (`expanded`). An exact
/// match outranks a match of another spelling, and a passage holding
/// several spellings scores as its best one (and a little): adding them up
/// let five forms of an adjective outrank the word.
fn or_other_spellings(
    exact: Option<Box<dyn Query>>,
    expanded: Vec<Box<dyn Query>>,
) -> Box<dyn Query> {
    let others = Box::new(BoostQuery::new(
        Box::new(DisjunctionMaxQuery::with_tie_breaker(
            expanded,
            EXPANSION_TIE_BREAKER,
        )),
        EXPANSION_BOOST,
    ));
    match exact {
        Some(exact) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, exact),
            (Occur::Should, others),
        ])),
        None => others,
    }
}

/// A query word that may be part of a name of several words: letters, not
/// a word the glossary translates (`treaty`) nor a number.
fn is_name_word(aliases: &Aliases, word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !aliases.translated(word)
}

/// The scripts whose languages [`QueryBuilder::partial`] considers.
const SCRIPTS: [Script; 4] = [Script::Latin, Script::Cyrillic, Script::Hangul, Script::Cjk];

/// How much a passage that matches every word of a query but those with no
/// spelling in its language weighs against one that matches them all.
const PARTIAL_BOOST: f32 = 0.5;

impl<'a> QueryBuilder<'a> {
    /// A builder over `fields` of the index `lexicon` answers for; `live[i]`
    /// says whether body field `i` holds passages. Words are expanded to
    /// their other spellings unless `aliases` is `None`.
    pub fn new(
        fields: &'a Fields,
        live: Vec<bool>,
        lexicon: &'a dyn Lexicon,
        aliases: Option<&'a Aliases>,
    ) -> QueryBuilder<'a> {
        let analyzers = fields
            .bodies
            .iter()
            .map(|(_, p)| Analyzer::new(*p))
            .collect();
        QueryBuilder {
            fields,
            analyzers,
            live,
            lexicon,
            aliases,
            expanded: BTreeMap::new(),
            forms: Vec::new(),
            last_word: None,
            typos_used: false,
            left_out: HashSet::new(),
        }
    }

    /// Leaves these other spellings out of every expansion (the reading
    /// room's switches): a reader who sees a wrong spelling searched turns
    /// it off.
    pub fn leave_out(&mut self, spellings: &[String]) {
        self.left_out = spellings.iter().map(|s| s.trim().to_lowercase()).collect();
    }

    /// Whether an other spelling may be searched (see [`Self::leave_out`]).
    fn wanted(&self, spelling: &str) -> bool {
        self.left_out.is_empty() || !self.left_out.contains(&spelling.trim().to_lowercase())
    }

    /// The analyzer of each body field, in the order of [`Fields::bodies`].
    pub fn analyzers(&self) -> &[Analyzer] {
        &self.analyzers
    }

    /// Parses and compiles the user's query.
    pub fn compile(&mut self, text: &str) -> Result<Compiled, QueryError> {
        limits::check_text(text)?;
        // As passages are: a word that mixes look-alike Latin and Cyrillic
        // letters is read in one script.
        let folded = crate::ingest::normalize::fold_lookalikes(text);
        let text = folded.as_ref();
        let ast = parse(text)?;
        limits::check_tree(&ast)?;
        let mut highlight = Highlight {
            terms: vec![HashSet::new(); self.fields.bodies.len()],
            prefixes: vec![Vec::new(); self.fields.bodies.len()],
        };
        let query = self
            .node(ast, false, &mut highlight)?
            .ok_or_else(|| QueryError::NoWords(text.to_string()))?;
        let query = self.with_name_of_words(text, query, &mut highlight);
        for forms in self.expanded.values_mut() {
            forms.dedup();
        }
        Ok(Compiled {
            query,
            highlight,
            expanded: std::mem::take(&mut self.expanded),
            forms: std::mem::take(&mut self.forms),
            typos: self.typos_used,
        })
    }

    /// A query of two to four plain words (`Kuril Islands`, `Kim Ok-gyun`)
    /// may be one name: its aliases and spellings in other scripts, found
    /// for the words together, are alternatives to the words.
    fn with_name_of_words(
        &mut self,
        text: &str,
        query: Box<dyn Query>,
        highlight: &mut Highlight,
    ) -> Box<dyn Query> {
        let words = text.split_whitespace().count();
        let plain = text
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')
            && !text.starts_with('-')
            && !text
                .split_whitespace()
                .any(|w| matches!(w, "AND" | "OR" | "NOT"));
        if self.aliases.is_none() || !plain || !(2..=4).contains(&words) {
            return query;
        }
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let expanded = self.expansions(&name, false, highlight);
        if expanded.is_empty() {
            return query;
        }
        or_other_spellings(Some(query), expanded)
    }

    fn node(
        &mut self,
        ast: UserInputAst,
        negated: bool,
        highlight: &mut Highlight,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        match ast {
            UserInputAst::Clause(clauses) => self.clause(clauses, negated, highlight),
            UserInputAst::Boost(inner, boost) => {
                Ok(self.node(*inner, negated, highlight)?.map(|q| {
                    Box::new(BoostQuery::new(q, boost.into_inner() as f32)) as Box<dyn Query>
                }))
            }
            UserInputAst::Leaf(leaf) => self.leaf(*leaf, negated, highlight),
        }
    }

    fn clause(
        &mut self,
        clauses: Vec<(Option<tantivy::query_grammar::Occur>, UserInputAst)>,
        negated: bool,
        highlight: &mut Highlight,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        use tantivy::query_grammar::Occur as Grammar;
        let mut subqueries = Vec::new();
        let mut words = Vec::new();
        for (occur, ast) in clauses {
            // Words without an operator must all match, as in a web search.
            let occur = match occur {
                Some(Grammar::Should) => Occur::Should,
                Some(Grammar::MustNot) => Occur::MustNot,
                Some(Grammar::Must) | None => Occur::Must,
            };
            let negate = negated ^ (occur == Occur::MustNot);
            self.last_word = None;
            if let Some(q) = self.node(ast, negate, highlight)? {
                words.push(self.last_word.take().filter(|_| occur == Occur::Must));
                subqueries.push((occur, q));
            }
        }
        if subqueries.is_empty() {
            return Ok(None);
        }
        if !negated {
            self.join_names(&mut subqueries, &mut words, highlight);
        }
        if !negated && let Some(partial) = self.partial(&subqueries, &words) {
            let full = Box::new(BooleanQuery::new(subqueries));
            return Ok(Some(Box::new(BooleanQuery::new(vec![
                (Occur::Should, full as Box<dyn Query>),
                (Occur::Should, partial),
            ]))));
        }
        if subqueries.iter().all(|(o, _)| *o == Occur::MustNot) {
            // `NOT x` alone means everything but x.
            subqueries.push((Occur::Must, Box::new(AllQuery)));
        }
        if subqueries.len() == 1 && subqueries[0].0 != Occur::MustNot {
            return Ok(subqueries.pop().map(|(_, q)| q));
        }
        Ok(Some(Box::new(BooleanQuery::new(subqueries))))
    }

    /// Two adjacent required words of a longer query that name one thing
    /// together (`San Francisco` in `Treaty of San Francisco`) are also
    /// searched as that name: its spellings in other scripts, where it is
    /// often one word (`샌프란시스코`), are alternatives to the two words.
    /// A query of two to four words is tried whole instead
    /// ([`Self::with_name_of_words`]).
    fn join_names(
        &mut self,
        subqueries: &mut Vec<(Occur, Box<dyn Query>)>,
        words: &mut Vec<Option<Word>>,
        highlight: &mut Highlight,
    ) {
        let Some(aliases) = self.aliases else {
            return;
        };
        if words.iter().flatten().count() < 3 {
            return;
        }
        let mut i = 0;
        while i + 1 < subqueries.len() {
            let name = match (&words[i], &words[i + 1]) {
                (Some(a), Some(b))
                    if subqueries[i].0 == Occur::Must
                        && subqueries[i + 1].0 == Occur::Must
                        && is_name_word(aliases, &a.phrase)
                        && is_name_word(aliases, &b.phrase) =>
                {
                    format!("{} {}", a.phrase, b.phrase)
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            let expanded = self.expansions(&name, false, highlight);
            if expanded.is_empty() {
                i += 1;
                continue;
            }
            let (_, second) = subqueries.remove(i + 1);
            words.remove(i + 1);
            let first = std::mem::replace(&mut subqueries[i].1, Box::new(AllQuery));
            let both: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (Occur::Must, first),
                (Occur::Must, second),
            ]));
            subqueries[i].1 = or_other_spellings(Some(both), expanded);
            words[i] = Some(self.word_of(&name));
            i += 1;
        }
    }

    /// A query word (or words joined as a name) with the scripts it has
    /// spellings in, as expanded so far.
    fn word_of(&self, phrase: &str) -> Word {
        let own = phrase.chars().find_map(crate::analyze::script::script_of);
        let spellings = self.expanded.get(phrase).into_iter().flatten();
        Word {
            phrase: phrase.to_string(),
            droppable: std::cell::OnceCell::new(),
            scripts: own
                .into_iter()
                .chain(
                    spellings.filter_map(|s| s.chars().find_map(crate::analyze::script::script_of)),
                )
                .collect(),
        }
    }

    /// For the passages of each script's languages where some ordinary
    /// words of the query have no spelling (`Treaty of Aigun`:
    /// `Айгунский договор` has no `of`), the query without those words,
    /// ranked below passages that match every word. `None` when no
    /// required word may be dropped anywhere.
    fn partial(
        &self,
        subqueries: &[(Occur, Box<dyn Query>)],
        words: &[Option<Word>],
    ) -> Option<Box<dyn Query>> {
        // Any other required part (a nested group, a field) stays required.
        let all_words = subqueries
            .iter()
            .zip(words)
            .all(|((occur, _), w)| *occur != Occur::Must || w.is_some());
        if !all_words {
            return None;
        }
        // Whether a word may be dropped is asked only of a word with no
        // spelling in some script: it may cost a look at the index.
        let missing_in = |w: &Option<Word>, script: Script| {
            w.as_ref().is_some_and(|w| {
                !w.scripts.contains(&script)
                    && *w
                        .droppable
                        .get_or_init(|| droppable(self.lexicon, self.fields.names, &w.phrase))
            })
        };
        let mut per_script: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for script in SCRIPTS {
            let dropped = words.iter().filter(|w| missing_in(w, script)).count();
            let kept = words.iter().filter(|w| w.is_some()).count() - dropped;
            if dropped == 0 || kept == 0 {
                continue;
            }
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = subqueries
                .iter()
                .zip(words)
                .filter(|(_, w)| !missing_in(w, script))
                .map(|((occur, q), _)| (*occur, q.box_clone()))
                .collect();
            let langs: Vec<(Occur, Box<dyn Query>)> = crate::lang::Lang::all()
                .filter(|l| script_of_row(l.row().script) == Some(script))
                .map(|l| (Occur::Should, lang_query(self.fields.lang, l.code())))
                .collect();
            clauses.push((Occur::Must, filter(Box::new(BooleanQuery::new(langs)))));
            per_script.push((Occur::Should, Box::new(BooleanQuery::new(clauses))));
        }
        if per_script.is_empty() {
            return None;
        }
        Some(Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(per_script)),
            PARTIAL_BOOST,
        )))
    }

    fn leaf(
        &mut self,
        leaf: UserInputLeaf,
        negated: bool,
        highlight: &mut Highlight,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        match leaf {
            UserInputLeaf::Literal(literal) => match literal.field_name.as_deref() {
                None => self.text(&literal, negated, highlight),
                // Fields are filters: they pick passages without scoring
                // them, as --lang, --source, --from and --to do.
                Some(schema::LANG) => {
                    let code = lang_code(&literal.phrase)?;
                    Ok(Some(filter(lang_query(self.fields.lang, code))))
                }
                Some(schema::SOURCE) => Ok(Some(filter(self.source(&literal.phrase)?))),
                Some(schema::YEAR) => {
                    // The year column holds the years (they are not terms).
                    let year = parse_year(&literal.phrase)?;
                    let term = tantivy::Term::from_field_i64(self.fields.year, year);
                    Ok(Some(filter(Box::new(RangeQuery::new(
                        Bound::Included(term.clone()),
                        Bound::Included(term),
                    )))))
                }
                Some(other) => Err(QueryError::UnknownField(other.to_string())),
            },
            UserInputLeaf::All => Ok(Some(Box::new(AllQuery))),
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } if field.as_deref() == Some(schema::YEAR) => {
                self.year_range(&lower, &upper).map(|q| Some(filter(q)))
            }
            UserInputLeaf::Range { .. } => Err(QueryError::Unsupported(
                "a range on a field other than year",
            )),
            UserInputLeaf::Set { .. } => Err(QueryError::Unsupported("IN [...]")),
            UserInputLeaf::Exists { .. } => Err(QueryError::Unsupported("field:*")),
            UserInputLeaf::Regex { .. } => Err(QueryError::Unsupported("a regular expression")),
        }
    }

    /// True when some passage holds the word as the query analyzes it (a
    /// word analyzed into grams counts as held: it takes no typos).
    fn is_held(&self, word: &str) -> bool {
        // A Russian word is searched by the stems of its case forms
        // ([`Self::words_query`]): `Манила`, stemmed `ман`, is held when
        // `Манилы` is.
        let russian = russian::single_word(word);
        (0..self.fields.bodies.len())
            .filter(|&i| self.live[i])
            .any(|i| {
                let field = self.fields.bodies[i].0;
                let held = |text: &str| self.lexicon.doc_freq(field, text) > 0;
                if let Some(w) = &russian {
                    let stems = russian::case_stems(&self.analyzers[i], w, Mode::Query);
                    return stems.iter().any(|stem| held(stem));
                }
                let terms = self.analyzers[i].analyze(word, Mode::Query);
                match terms.as_slice() {
                    [term] if term.kind != TermKind::Gram => held(&term.text),
                    _ => true,
                }
            })
    }

    /// `word~N`: the word, and the indexed words within `distance` edits of
    /// it (a letter added, dropped, changed or two swapped), scoring below
    /// the word itself.
    fn with_typos(
        &mut self,
        word: &str,
        distance: u8,
        negated: bool,
        highlight: &mut Highlight,
    ) -> Option<Box<dyn Query>> {
        if !negated {
            self.forms.push(Form {
                words: word.to_string(),
                prefix: false,
                typos: distance,
            });
        }
        self.per_field(|at, field, analyzer| {
            let terms = analyzer.analyze(word, Mode::Query);
            let [term] = terms.as_slice() else {
                // Grams (Korean, CJK) and phrases take no typos.
                return None;
            };
            if term.kind == TermKind::Gram || term.text.chars().count() < 3 {
                return None;
            }
            if !negated {
                highlight.terms[at].insert(term.text.clone());
            }
            let exact = tantivy::Term::from_field_text(field, &term.text);
            let fuzzy = FuzzyTermQuery::new(exact.clone(), distance, true);
            Some(Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(TermQuery::new(exact, IndexRecordOption::WithFreqs)),
                ),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(fuzzy), TYPO_BOOST)),
                ),
            ])) as Box<dyn Query>)
        })
    }

    /// A word or phrase, looked up in every live body field, and, unless
    /// the query is exact, its aliases and its spellings in other scripts.
    fn text(
        &mut self,
        literal: &UserInputLiteral,
        negated: bool,
        highlight: &mut Highlight,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        // The grammar keeps the star of an unquoted `treat*` in the word.
        let (phrase, prefix) = match literal.phrase.strip_suffix('*') {
            Some(stem) if literal.delimiter == Delimiter::None && !stem.trim().is_empty() => {
                (stem.trim_end_matches('*'), true)
            }
            _ => (literal.phrase.as_str(), literal.prefix),
        };
        // Any other star would be searched as a word break: `*mouth` found
        // nothing, and not a word ending in "mouth".
        if literal.delimiter == Delimiter::None && phrase.contains('*') {
            return Err(QueryError::Wildcard(literal.phrase.clone()));
        }
        let (phrase, typos) = match literal.delimiter {
            Delimiter::None => typo_distance(phrase)?,
            _ => (phrase, None),
        };
        if let Some(distance) = typos {
            return Ok(self.with_typos(phrase, distance, negated, highlight));
        }
        let mut exact = if prefix {
            self.per_field(|i, field, analyzer| {
                prefix_query(field, analyzer, phrase, highlight, i, negated)
            })
        } else {
            self.words_query(
                phrase,
                literal,
                Mode::Query,
                (!negated).then_some(&mut *highlight),
            )
        };
        if !negated {
            self.forms.push(Form {
                words: phrase.to_string(),
                prefix,
                typos: 0,
            });
        }
        if prefix || negated || self.aliases.is_none() {
            return Ok(exact);
        }
        let quoted = literal.delimiter != Delimiter::None;
        // A word no passage holds as written is also searched with the
        // typos its length allows.
        if !quoted
            && let Some(distance) = distance_for_length(phrase)
            && !self.is_held(phrase)
            && let Some(typos) = self.with_typos(phrase, distance, false, highlight)
        {
            self.typos_used = true;
            exact = Some(match exact {
                Some(exact) => Box::new(BooleanQuery::new(vec![
                    (Occur::Should, exact),
                    (Occur::Should, typos),
                ])),
                None => typos,
            });
        }
        let expanded = self.expansions(phrase, quoted, highlight);
        self.last_word = Some(self.word_of(phrase));
        if expanded.is_empty() {
            return Ok(exact);
        }
        Ok(Some(or_other_spellings(exact, expanded)))
    }

    /// One query per live body field, joined by OR.
    fn per_field(
        &self,
        mut build: impl FnMut(usize, Field, &Analyzer) -> Option<Box<dyn Query>>,
    ) -> Option<Box<dyn Query>> {
        let mut per_field: Vec<Box<dyn Query>> = (0..self.fields.bodies.len())
            .filter(|&i| self.live[i])
            .filter_map(|i| build(i, self.fields.bodies[i].0, &self.analyzers[i]))
            .collect();
        match per_field.len() {
            0 => None,
            1 => per_field.pop(),
            _ => Some(Box::new(BooleanQuery::new(
                per_field.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))),
        }
    }

    /// The words of `phrase`, analyzed per field, as a term, a phrase or a
    /// gram query; their terms are added to `highlight` when given.
    fn words_query(
        &self,
        phrase: &str,
        literal: &UserInputLiteral,
        mode: Mode,
        mut highlight: Option<&mut Highlight>,
    ) -> Option<Box<dyn Query>> {
        let runs = self.fields.gram_runs;
        let first = self.live.iter().position(|&l| l);
        let russian = russian::single_word(phrase);
        self.per_field(|i, field, analyzer| {
            let terms = analyzer.analyze(phrase, mode);
            let stems = russian
                .as_deref()
                .map(|w| russian::case_stems(analyzer, w, mode))
                .filter(|s| s.len() > 1);
            if let Some(h) = highlight.as_deref_mut() {
                h.terms[i].extend(terms.iter().map(|t| t.text.clone()));
                h.terms[i].extend(stems.iter().flat_map(|s| s.iter()).cloned());
            }
            if let Some(stems) = stems {
                return Some(any_term(field, &stems));
            }
            let fields = QueryFields {
                body: field,
                runs,
                first: first == Some(i),
            };
            terms_query(fields, &terms, literal)
        })
    }

    /// Queries for the other spellings of `phrase`: its aliases (as
    /// phrases) and, for a single word, the spellings in other scripts the
    /// names field holds under a matching key.
    fn expansions(
        &mut self,
        phrase: &str,
        literal_is_quoted: bool,
        highlight: &mut Highlight,
    ) -> Vec<Box<dyn Query>> {
        let Some(aliases) = self.aliases else {
            return Vec::new();
        };
        let mut queries: Vec<Box<dyn Query>> = Vec::new();
        let mut spellings: Vec<String> = Vec::new();
        let quoted = UserInputLiteral {
            field_name: None,
            phrase: String::new(),
            delimiter: Delimiter::DoubleQuotes,
            slop: 0,
            prefix: false,
        };
        // A quoted phrase asks for this wording: only its spellings in other
        // scripts join it, not other wordings in the same script.
        let quoted_phrase = literal_is_quoted;
        let script = translit::spelling_script(phrase);
        let translated = aliases.translated(phrase);
        let attributive = aliases.attributive(phrase);
        for other in aliases.others(phrase).into_iter().chain(attributive) {
            if (quoted_phrase && translit::spelling_script(other) == script) || !self.wanted(other)
            {
                continue;
            }
            if let Some(q) = self.words_query(other, &quoted, Mode::Name, Some(highlight)) {
                // A translation of an ordinary word ranks below the word
                // itself and a name's other spellings.
                queries.push(if translated {
                    Box::new(BoostQuery::new(q, TRANSLATION_BOOST))
                } else {
                    q
                });
                spellings.push(other.to_string());
            }
        }
        if !translated {
            // A name's Russian spelling from the alias file or the
            // gazetteer (`Харбин` for 하얼빈) is also found in the forms
            // Russian makes of it (`харбинском`), as the index holds them,
            // and its English one as an adjective (`Crimean`).
            let mut derived_forms: Vec<String> = Vec::new();
            if script != Some(Script::Cyrillic) {
                derived_forms.extend(self.russian_forms_of(&spellings));
            }
            if script != Some(Script::Latin) {
                derived_forms.extend(english_adjectives(&spellings));
            }
            for derived in derived_forms.into_iter().filter(|d| self.wanted(d)) {
                if let Some(q) = self.words_query(&derived, &quoted, Mode::Name, Some(highlight)) {
                    queries.push(Box::new(BoostQuery::new(q, DERIVED_BOOST)));
                    spellings.push(derived);
                }
            }
        }
        if phrase.split_whitespace().count() <= 4 && !translated {
            // The names field finds the spellings; the body fields then
            // find them everywhere, inside compounds (`전쟁포츠머스`) too.
            let found = candidates(self.lexicon, self.fields.names, phrase);
            // A spelling met exactly that the gazetteer knows brings its
            // other names (the adjective `айгунский` meets `Aigun`, whose
            // line holds 愛琿); a farther one may be another place.
            // A Russian or English adjective brings the names of its place
            // (`мукденский`: Мукден, whose line holds 奉天; `Crimean`).
            let bases = translit::adjective_bases(phrase);
            let linked: Vec<String> = found
                .iter()
                .filter(|f| f.closeness.distance == 0)
                .map(|f| f.spelling.as_str())
                .chain(bases.iter().map(String::as_str))
                .filter(|spelling| !aliases.translated(spelling))
                .flat_map(|spelling| aliases.others(spelling))
                .filter(|other| aliases::normalize(other) != aliases::normalize(phrase))
                .map(str::to_string)
                .collect();
            let found = found.into_iter().map(|f| f.spelling).chain(linked);
            for spelling in found {
                let known = spellings
                    .iter()
                    .any(|s| aliases::normalize(s) == aliases::normalize(&spelling));
                if known || !self.wanted(&spelling) {
                    continue;
                }
                if let Some(q) = self.words_query(&spelling, &quoted, Mode::Query, Some(highlight))
                {
                    // A derived word of the query's own script (`амурском`
                    // for `Амур`) ranks below the other scripts' spellings.
                    let derived = translit::spelling_script(&spelling) == script;
                    queries.push(if derived {
                        Box::new(BoostQuery::new(q, DERIVED_BOOST))
                    } else {
                        q
                    });
                    spellings.push(spelling);
                }
            }
        }
        // A Korean or Japanese compound of glossary words (`중립조약`,
        // `日露戦争`): every part, each in any of its translations.
        if !translated
            && let Some((query, shown)) = self.compound(aliases, phrase, highlight)
            && self.wanted(&shown)
        {
            queries.push(Box::new(BoostQuery::new(query, TRANSLATION_BOOST)));
            spellings.push(shown);
        }
        // A run of kanji the dictionary cuts into several words
        // (`東郷平八郎`): the other scripts write them as words in a row.
        for spelling in segment_spellings(self.lexicon, self.fields.names, phrase) {
            if !self.wanted(&spelling) {
                continue;
            }
            if let Some(q) = self.words_query(&spelling, &quoted, Mode::Query, Some(highlight)) {
                queries.push(q);
                spellings.push(spelling);
            }
        }
        if !spellings.is_empty() {
            self.forms.extend(spellings.iter().map(|s| Form {
                words: s.clone(),
                prefix: false,
                typos: 0,
            }));
            self.expanded
                .entry(phrase.to_string())
                .or_default()
                .extend(spellings);
        }
        queries
    }

    /// The Russian forms the index holds of the one-word Cyrillic spellings
    /// among `spellings` (adjectives and Latin-script case forms aside,
    /// see [`translit::is_derived_form`]), each once.
    fn russian_forms_of(&self, spellings: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let cyrillic = spellings
            .iter()
            .filter(|s| translit::spelling_script(s) == Some(Script::Cyrillic) && !s.contains(' '));
        for spelling in cyrillic {
            let lower = spelling.to_lowercase();
            for found in closest(self.lexicon, self.fields.names, Script::Cyrillic, &lower) {
                let new = found.script == Script::Cyrillic
                    && !out.contains(&found.spelling)
                    && !spellings.iter().any(|s| s.to_lowercase() == found.spelling);
                if new {
                    out.push(found.spelling);
                }
            }
        }
        out
    }

    /// The query for a compound word whose parts the glossary translates:
    /// in each script, the parts' translations next to each other
    /// (`neutrality pact`, `пакт о нейтралитете`), with the first Latin one
    /// shown.
    fn compound(
        &self,
        aliases: &Aliases,
        word: &str,
        highlight: &mut Highlight,
    ) -> Option<(Box<dyn Query>, String)> {
        let (parts, name) = compound_parts(aliases, word)
            .map(|p| (p, None))
            .or_else(|| name_compound(aliases, word).map(|(n, w)| (vec![n, w], Some(n))))?;
        let near = UserInputLiteral {
            field_name: None,
            phrase: String::new(),
            delimiter: Delimiter::DoubleQuotes,
            slop: COMPOUND_SLOP,
            prefix: false,
        };
        // A name's part is spelled as the index spells it in each script.
        let spellings: Vec<String> = name.map_or_else(Vec::new, |n| {
            let mut found: Vec<String> = aliases.others(n).into_iter().map(String::from).collect();
            found.extend(english_adjectives(&found));
            found.extend(
                transliterations(self.lexicon, self.fields.names, n)
                    .into_iter()
                    .map(|(_, s)| s),
            );
            found
        });
        let others: Vec<Vec<&str>> = parts
            .iter()
            .map(|p| match name {
                Some(n) if n == *p => spellings.iter().map(String::as_str).collect(),
                _ => {
                    let mut found = aliases.others(p);
                    found.extend(aliases.attributive(p));
                    found
                }
            })
            .collect();
        let mut queries: Vec<Box<dyn Query>> = Vec::new();
        let mut shown: Option<String> = None;
        for script in [Script::Latin, Script::Cyrillic, Script::Hangul, Script::Cjk] {
            let options: Vec<Vec<&str>> = others
                .iter()
                .map(|o| {
                    o.iter()
                        .copied()
                        .filter(|s| translit::spelling_script(s) == Some(script))
                        .collect()
                })
                .collect();
            for combination in combinations(&options, MAX_COMBINATIONS) {
                if script == Script::Latin && shown.is_none() {
                    shown = Some(combination.join(" "));
                }
                // Korean and Japanese put the modifier first (`neutrality
                // pact`); Russian may put the head first (`пакт о
                // нейтралитете`), and English too after a name (`Treaty of
                // Shimonoseki`).
                let mut orders = vec![combination.join(" ")];
                let head_first =
                    script == Script::Cyrillic || (script == Script::Latin && name.is_some());
                if head_first {
                    let reversed: Vec<&str> = combination.iter().rev().copied().collect();
                    orders.push(reversed.join(" "));
                }
                for words in orders {
                    let query = self.words_query(&words, &near, Mode::Name, Some(&mut *highlight));
                    queries.extend(query);
                }
            }
        }
        if queries.is_empty() {
            return None;
        }
        let shown = shown.unwrap_or_else(|| parts.join(" "));
        Some((Box::new(DisjunctionMaxQuery::new(queries)), shown))
    }

    /// `year:[A TO B]`; an open bound (`*`) leaves that side open, and both
    /// open ask for passages that mention a year.
    fn year_range(
        &self,
        lower: &UserInputBound,
        upper: &UserInputBound,
    ) -> Result<Box<dyn Query>, QueryError> {
        let year = |b: &UserInputBound| match b {
            UserInputBound::Unbounded => Ok(None),
            UserInputBound::Inclusive(s) | UserInputBound::Exclusive(s) => parse_year(s).map(Some),
        };
        let (first, last) = (year(lower)?, year(upper)?);
        // The years the range holds, bounds included: an empty range is a
        // slip (reversed bounds), not a question whose answer is nothing.
        let first_held =
            first.map(|y| y + i64::from(matches!(lower, UserInputBound::Exclusive(_))));
        let last_held = last.map(|y| y - i64::from(matches!(upper, UserInputBound::Exclusive(_))));
        if let (Some(a), Some(b)) = (first_held, last_held)
            && a > b
        {
            return Err(QueryError::EmptyYears(written_range(lower, upper)));
        }
        let bound = |b: &UserInputBound, year: Option<i64>| {
            let term = |y| tantivy::Term::from_field_i64(self.fields.year, y);
            match (b, year) {
                (UserInputBound::Inclusive(_), Some(y)) => Bound::Included(term(y)),
                (UserInputBound::Exclusive(_), Some(y)) => Bound::Excluded(term(y)),
                _ => Bound::Unbounded,
            }
        };
        if first.is_none() && last.is_none() {
            // `year:[* TO *]`: a range needs one bound at least.
            return Ok(Box::new(ExistsQuery::new(schema::YEAR.to_string(), false)));
        }
        Ok(Box::new(RangeQuery::new(
            bound(lower, first),
            bound(upper, last),
        )))
    }

    /// `source:TEXT`: passages whose path holds the text (see
    /// [`path_holds`]). The paths are picked from the index's list of paths
    /// (one per file) rather than from an index of path words, which cost
    /// every passage the words of its path.
    fn source(&self, text: &str) -> Result<Box<dyn Query>, QueryError> {
        match self.lexicon.local() {
            Some(searcher) => source_query(searcher, self.fields.path, text),
            // A coordinator compiles to learn the lookups and the
            // expansion; each shard picks its own paths.
            None if path_words(text).is_empty() => Err(QueryError::NoSourceText(text.to_string())),
            None => Ok(Box::new(EmptyQuery)),
        }
    }
}

/// A range as the user wrote it: `[1960 TO 1900]`, `{1905 TO 1906}`.
fn written_range(lower: &UserInputBound, upper: &UserInputBound) -> String {
    let open = if matches!(lower, UserInputBound::Exclusive(_)) {
        '{'
    } else {
        '['
    };
    let close = if matches!(upper, UserInputBound::Exclusive(_)) {
        '}'
    } else {
        ']'
    };
    format!("{open}{} TO {}{close}", lower.term_str(), upper.term_str())
}

/// Makes a query a filter: it picks passages and adds nothing to their
/// scores.
pub(crate) fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// The passages of the files whose path holds `text`, by the one rule of
/// `source:` and `--source` ([`path_holds`]).
pub(crate) fn source_query(
    searcher: &Searcher,
    field: Field,
    text: &str,
) -> Result<Box<dyn Query>, QueryError> {
    let wanted = path_words(text);
    if wanted.is_empty() {
        return Err(QueryError::NoSourceText(text.to_string()));
    }
    Ok(paths_where(searcher, field, |path| {
        path_holds(path, &wanted)
    }))
}

/// Whether a path holds the wanted text (as [`path_words`] gives it): the
/// path contains it, ignoring case, and with any run of characters other
/// than letters and digits (`_`, `-`, `.`, `/`, spaces) standing for any
/// other such run. So `003` finds `003_5da2.txt`, `notes 1905` finds
/// `ru/notes_1905.txt`, and `190` finds it too.
pub(crate) fn path_holds(path: &str, wanted: &str) -> bool {
    path_words(path).contains(wanted)
}

/// A text lowercased, a character at a time (a final `Σ` is `σ`, as in
/// the middle of a word), its runs of characters other than letters and
/// digits made one space each and trimmed at both ends.
pub(crate) fn path_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The passages of the files whose path (in `field`, one term per file)
/// `keep` accepts: the paths are looked through in the index's list of
/// them rather than passage by passage.
pub(crate) fn paths_where(
    searcher: &Searcher,
    field: Field,
    mut keep: impl FnMut(&str) -> bool,
) -> Box<dyn Query> {
    let paths: Vec<tantivy::Term> = segment_terms_with_prefix(searcher, field, "")
        .into_iter()
        .filter(|path| keep(path))
        .map(|path| tantivy::Term::from_field_text(field, &path))
        .collect();
    if paths.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(TermSetQuery::new(paths))
}

/// Parses the query text with tantivy's grammar, turning its silent
/// failure into a hint at what is wrong.
fn parse(text: &str) -> Result<UserInputAst, QueryError> {
    if text.trim().is_empty() {
        return Err(QueryError::NoWords(text.to_string()));
    }
    let escaped = &escape_apostrophes(text);
    tantivy::query_grammar::parse_query(escaped).map_err(|_| {
        let (_, errors) = tantivy::query_grammar::parse_query_lenient(escaped);
        let hint = errors
            .first()
            .map(|e| format!("{} (at character {})", e.message, e.pos + 1))
            .unwrap_or_else(|| "check parentheses, quotes and operators".to_string());
        QueryError::Syntax {
            query: text.to_string(),
            hint,
        }
    })
}

/// The query with each apostrophe inside a word escaped: the grammar reads
/// `'` as a quote, and `O'Brien` or `Tz'u-hsi` is one word.
fn escape_apostrophes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\'') {
        return text.into();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let inside = i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c == '\'' && inside {
            out.push('\\');
        }
        out.push(c);
    }
    out.into()
}

fn parse_year(text: &str) -> Result<i64, QueryError> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or_else(|| QueryError::BadYear(text.to_string()))
}

/// Spellings of `word` in other scripts that the index's names field holds
/// under a matching key, as (names term, spelling) pairs.
///
/// In each script only the closest spellings are kept: when a corpus has both `골로빈` and `골로브닌`, `Golovin` is
/// the first and `Golovnin` the second, though one consonant apart.
pub fn transliterations(searcher: &dyn Lexicon, names: Field, word: &str) -> Vec<(String, String)> {
    candidates(searcher, names, word)
        .into_iter()
        .map(|f| (f.term, f.spelling))
        .collect()
}

/// The spellings in other scripts of [`transliterations`], with how far
/// each is.
fn candidates(searcher: &dyn Lexicon, names: Field, word: &str) -> Vec<Candidate> {
    let Some(script) = translit::key_script(word) else {
        return Vec::new();
    };
    let mut found = closest(searcher, names, script, word);
    let direct: Vec<Script> = found.iter().map(|f| f.script).collect();
    // A Korean or Chinese name goes between kanji and the Latin and Cyrillic
    // scripts through its Hangul spelling, when the corpus has one: 金玉均
    // is read 김옥균, which sounds as Kim Ok-gyun.
    let hangul: Vec<String> = found
        .iter()
        .filter(|f| f.script == Script::Hangul)
        .map(|f| f.spelling.clone())
        .collect();
    for h in hangul {
        let further = match script {
            Script::Latin | Script::Cyrillic => {
                reading_candidates(searcher, names, Script::Hangul, &h)
            }
            // Only for the scripts the word met nothing in: a kana word
            // that met its Latin spelling itself must not take the names its
            // Hangul spelling also sounds like (`레넌` is Lennon and Lenin).
            Script::Cjk => closest(searcher, names, Script::Hangul, &h)
                .into_iter()
                .filter(|f| matches!(f.script, Script::Latin | Script::Cyrillic))
                .filter(|f| !direct.contains(&f.script))
                .collect(),
            _ => Vec::new(),
        };
        for candidate in further {
            if !found.iter().any(|f| f.spelling == candidate.spelling) {
                found.push(candidate);
            }
        }
    }
    found.extend(through_latin(searcher, names, script, &found));
    found
}

/// Spellings in the scripts `found` has none in, met through its closest
/// Latin spellings: Japanese and Korean leave out sounds Russian keeps
/// (`シェイクスピア` and `Шекспир` are too far apart, each near
/// `Shakespeare`), and the Latin spelling is the one most scripts'
/// spellings were made from.
fn through_latin(
    searcher: &dyn Lexicon,
    names: Field,
    script: Script,
    found: &[Candidate],
) -> Vec<Candidate> {
    let scripts = [Script::Latin, Script::Cyrillic, Script::Hangul, Script::Cjk];
    let missing: Vec<Script> = scripts
        .into_iter()
        .filter(|s| *s != script && !found.iter().any(|f| f.script == *s))
        .collect();
    let latin: Vec<&Candidate> = found.iter().filter(|f| f.script == Script::Latin).collect();
    let best = latin.iter().map(|f| f.closeness).min();
    let Some(best) = best.filter(|_| script != Script::Latin && !missing.is_empty()) else {
        return Vec::new();
    };
    let mut out: Vec<Candidate> = Vec::new();
    for pivot in latin.into_iter().filter(|f| f.closeness == best) {
        for mut candidate in closest(searcher, names, Script::Latin, &pivot.spelling) {
            let new = missing.contains(&candidate.script)
                && !out.iter().any(|o| o.spelling == candidate.spelling);
            if new {
                candidate.closeness = candidate.closeness + pivot.closeness;
                out.push(candidate);
            }
        }
    }
    out
}

/// The spellings in other scripts closest to `word` (of `script`) in each
/// script, as [`transliterations`] finds them directly.
fn closest(searcher: &dyn Lexicon, names: Field, script: Script, word: &str) -> Vec<Candidate> {
    if script != Script::Hangul {
        return closest_to(searcher, names, script, &word.to_lowercase());
    }
    // A Korean word may end in a particle or in a syllable that looks like
    // one (`삿포로` Sapporo, not `삿포` + `로`): the whole word's spellings
    // win in each script where it has any.
    let stem = korean::stem(word);
    let mut found = closest_to(searcher, names, script, word);
    if stem != word {
        let whole: Vec<Script> = found.iter().map(|f| f.script).collect();
        found.extend(
            closest_to(searcher, names, script, stem)
                .into_iter()
                .filter(|f| !whole.contains(&f.script)),
        );
    }
    found
}

/// [`closest`] for one spelling.
fn closest_to(
    searcher: &dyn Lexicon,
    names: Field,
    script: Script,
    spelling: &str,
) -> Vec<Candidate> {
    let keyed = translit::key_variants(spelling);
    let mut found = sound_candidates(searcher, names, script, spelling, keyed);
    found.extend(reading_candidates(searcher, names, script, spelling));
    let best = |script: Script| {
        found
            .iter()
            .filter(|f| f.script == script)
            .map(|f| f.closeness)
            .min()
            .unwrap_or_default()
    };
    // A short key met only by words starting sentences is an ordinary word
    // more often than a name (`Копии` for `Kobe`); it still keeps farther
    // spellings out.
    let mut keep: Vec<bool> = found
        .iter()
        .map(|f| f.closeness <= best(f.script) && !f.initial_only)
        .collect();
    keep_russian_adjectives_with_their_names(&found, &mut keep);
    // A spelling met inexactly that another name of the query's script
    // sounds closer to is that name's: Golovnin meets ゴロヴィン as near as
    // ゴローニン, but ゴロヴィン is Golovin's. Looked at once the closest
    // are chosen, as each costs a lookup.
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(f, keep)| keep.then_some(f))
        .filter(|f| {
            f.closeness.distance == 0
                || f.script == script
                || nearest_back(searcher, names, f, script, spelling)
        })
        .collect()
}

/// Marks as kept the Russian spellings that are an adjective of a kept one,
/// or the name a kept adjective is made from: each sounds a little apart
/// from the query (`маньчжурском`, Маньчжурия; `Боливия`, `боливийском`),
/// and the farther goes with the nearer.
fn keep_russian_adjectives_with_their_names(found: &[Candidate], keep: &mut [bool]) {
    let kept: Vec<&str> = found
        .iter()
        .zip(keep.iter())
        .filter(|(f, keep)| **keep && f.script == Script::Cyrillic)
        .map(|(f, _)| f.spelling.as_str())
        .collect();
    let adjective = translit::is_russian_adjective;
    for (f, keep) in found.iter().zip(keep.iter_mut()) {
        *keep |= f.script == Script::Cyrillic
            && !f.initial_only
            && kept.iter().any(|k| {
                (adjective(&f.spelling) || adjective(k)) && translit::one_name(&f.spelling, k)
            });
    }
}

/// The spellings in other scripts whose keys meet `keyed` (the key
/// variants of `spelling`, of `script`), each with its smallest distance.
fn sound_candidates(
    searcher: &dyn Lexicon,
    names: Field,
    script: Script,
    spelling: &str,
    keyed: Vec<translit::Keys>,
) -> Vec<Candidate> {
    let mut found: Vec<Candidate> = Vec::new();
    let mark = |m: &'static str| m.trim_start_matches(schema::NAME_SEPARATOR);
    let (initial_mark, ordinary_mark) = (mark(schema::INITIAL_ONLY), mark(schema::ORDINARY));
    for (variant, keys) in keyed.into_iter().enumerate() {
        let terms = translit::lookup_prefixes(&keys)
            .iter()
            .flat_map(|prefix| terms_with_prefix(searcher, names, prefix))
            .collect::<Vec<_>>();
        // The index knows whether the word itself is an ordinary Korean one:
        // its own term then carries the mark.
        let word_ordinary =
            script == Script::Hangul && terms.contains(&ordinary_term(&keys, spelling));
        for term in terms {
            let mut parts = term.split(schema::NAME_SEPARATOR);
            let (Some(_), Some(fine), Some(other)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let end = parts.next();
            let initial_only = end == Some(initial_mark);
            let ordinary_other = end == Some(ordinary_mark);
            let strict = word_ordinary || ordinary_other;
            // In its own script a name is found by its analysis, but for the
            // forms Russian makes of it (`Амур`, `амурском`, `Putyatina`),
            // met by the word as written, not by a guess at its stem.
            let Some(other_script) = translit::spelling_script(other)
                .filter(|s| *s != script || (variant == 0 && translit::is_derived_form(other)))
            else {
                continue;
            };
            let short_kana = !translit::kana_meets_ordinary(spelling, ordinary_other, &keys.fine)
                || !translit::kana_meets_ordinary(other, word_ordinary, fine);
            if short_kana {
                continue;
            }
            let Some(closeness) =
                translit::fine_score(&keys.fine, fine, [script, other_script], strict)
            else {
                continue;
            };
            let short =
                translit::consonants(&keys.fine).min(translit::consonants(fine)) < SURE_CONSONANTS;
            let other = other.to_string();
            match found.iter_mut().find(|f| f.spelling == other) {
                Some(known) => {
                    known.closeness = known.closeness.min(closeness);
                    known.initial_only &= initial_only;
                }
                None => found.push(Candidate {
                    term,
                    spelling: other,
                    script: other_script,
                    closeness,
                    initial_only: initial_only && short,
                }),
            }
        }
    }
    found
}

/// Whether no other name of `script` the index holds sounds closer to the
/// candidate than `query` does: names that sound alike (Golovnin and
/// Golovin, Sorochkin and Sorokin) each keep their own spellings in other
/// scripts.
/// Forms of the query itself (`головнина`, `페리는`) are the query.
fn nearest_back(
    searcher: &dyn Lexicon,
    names: Field,
    candidate: &Candidate,
    script: Script,
    query: &str,
) -> bool {
    // The candidate's key as the index stores it: the key the query met,
    // and no reading dictionary to load for a kanji spelling.
    let Some(fine) = candidate.term.split(schema::NAME_SEPARATOR).nth(1) else {
        return true;
    };
    let keyed = vec![translit::keys_of_fine(fine)];
    let query = query.to_lowercase();
    let is_query = |s: &str| s.starts_with(&query) || query.starts_with(s);
    let back: Vec<Candidate> = sound_candidates(
        searcher,
        names,
        candidate.script,
        &candidate.spelling,
        keyed,
    )
    .into_iter()
    .filter(|back| back.script == script)
    .collect();
    let own = back
        .iter()
        .filter(|b| is_query(&b.spelling))
        .map(|b| b.closeness)
        .min()
        .unwrap_or(candidate.closeness);
    back.iter()
        .filter(|b| !is_query(&b.spelling))
        .all(|b| b.closeness >= own)
}

/// English adjectives of the one-word Latin spellings in -a among
/// `spellings` (`Crimea`: `Crimean`, as in `the Crimean War`; `Manchurian`):
/// an event named after a place uses them.
fn english_adjectives(spellings: &[String]) -> Vec<String> {
    spellings
        .iter()
        .filter(|s| translit::spelling_script(s) == Some(Script::Latin) && !s.contains(' '))
        .filter(|s| s.ends_with('a') && s.chars().count() >= 5)
        .map(|s| format!("{s}n"))
        .filter(|a| !spellings.contains(a))
        .collect()
}

/// How far apart the translated parts of a compound may stand (`пакт о
/// нейтралитете`; a Japanese compound's grams in between).
const COMPOUND_SLOP: u32 = 1;
/// Combinations of a compound's translations tried per script at most.
const MAX_COMBINATIONS: usize = 16;

/// Every choice of one option per slot, in order, at most `max` of them;
/// none when a slot has no option.
fn combinations<'a>(slots: &[Vec<&'a str>], max: usize) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&'a str>> = vec![Vec::new()];
    for options in slots {
        out = out
            .iter()
            .flat_map(|prefix| {
                options.iter().map(move |o| {
                    let mut next = prefix.clone();
                    next.push(*o);
                    next
                })
            })
            .take(max)
            .collect();
    }
    out
}

/// A Korean or Japanese word cut into two or three words the glossary
/// translates (`중립조약` → `중립`, `조약`), longest first from the left; a
/// Korean word loses its particle first.
fn compound_parts<'a>(aliases: &Aliases, word: &'a str) -> Option<Vec<&'a str>> {
    let script = translit::spelling_script(word)?;
    let word = match script {
        Script::Hangul => korean::stem(word),
        Script::Cjk => word,
        _ => return None,
    };
    if word.split_whitespace().nth(1).is_some() {
        return None;
    }
    let bounds = kanji::char_bounds(word);
    let mut parts = Vec::new();
    let mut at = 0;
    while at + 1 < bounds.len() {
        let end = (at + 2..bounds.len())
            .rev()
            .find(|&e| aliases.translated(&word[bounds[at]..bounds[e]]))?;
        parts.push(&word[bounds[at]..bounds[end]]);
        at = end;
    }
    (2..=3).contains(&parts.len()).then_some(parts)
}

/// A Korean or Japanese word of a name and a glossary word written onto it
/// (`ヤルタ会談` the Yalta Conference, `카이로선언` the Cairo Declaration):
/// the name, a katakana run or two Hangul syllables and more, and the word.
fn name_compound<'a>(aliases: &Aliases, word: &'a str) -> Option<(&'a str, &'a str)> {
    let script = translit::spelling_script(word)?;
    let word = match script {
        Script::Hangul => korean::stem(word),
        Script::Cjk => word,
        _ => return None,
    };
    if word.contains(char::is_whitespace) {
        return None;
    }
    let bounds = kanji::char_bounds(word);
    (2..bounds.len() - 1).find_map(|i| {
        let (name, rest) = word.split_at(bounds[i]);
        // A Japanese name: katakana, or kanji with a reading (`下関条約`).
        let name_like = match script {
            Script::Hangul => true,
            _ => {
                name.chars().all(kana::is_katakana)
                    || (name.chars().all(kanji::is_kanji) && translit::key_script(name).is_some())
                    || !aliases.others(name).is_empty()
            }
        };
        (name_like && aliases.translated(rest)).then_some((name, rest))
    })
}

/// The spellings in each other script of a run of kanji that the
/// dictionary cuts into several words: its words' spellings in a row
/// (`東郷平八郎` → `togo heihachiro`, `도고 헤이하치로`), for each script
/// where every word has one.
fn segment_spellings(searcher: &dyn Lexicon, names: Field, word: &str) -> Vec<String> {
    if !word.chars().all(kanji::is_kanji) {
        return Vec::new();
    }
    let Some(readings) = kanji::readings() else {
        return Vec::new();
    };
    let segments = readings.segments(word);
    if segments.len() < 2 || segments.concat() != word {
        return Vec::new();
    }
    let found: Vec<Vec<String>> = segments
        .iter()
        .map(|s| {
            transliterations(searcher, names, s)
                .into_iter()
                .map(|(_, spelling)| spelling)
                .collect()
        })
        .collect();
    [Script::Latin, Script::Cyrillic, Script::Hangul]
        .into_iter()
        .filter_map(|script| {
            let words: Option<Vec<&str>> = found
                .iter()
                .map(|s| {
                    s.iter()
                        .find(|s| translit::spelling_script(s) == Some(script))
                        .map(String::as_str)
                })
                .collect();
            words.map(|w| w.join(" "))
        })
        .collect()
}

/// Any of `terms` in `field`, scored as the best of them.
fn any_term(field: Field, terms: &[String]) -> Box<dyn Query> {
    Box::new(DisjunctionMaxQuery::new(
        terms
            .iter()
            .map(|t| term_query(tantivy::Term::from_field_text(field, t)))
            .collect(),
    ))
}

/// The spellings a word meets by a Korean reading of kanji, exactly: a
/// Hangul word finds the kanji read so (`김옥균` → `金玉均`), a word of
/// kanji the Hangul words of its readings.
fn reading_candidates(
    searcher: &dyn Lexicon,
    names: Field,
    script: Script,
    spelling: &str,
) -> Vec<Candidate> {
    let sep = schema::NAME_SEPARATOR;
    let found = |term: String, other: &str, other_script| Candidate {
        spelling: other.to_string(),
        term,
        script: other_script,
        closeness: Closeness::default(),
        initial_only: false,
    };
    let mut out = Vec::new();
    if script == Script::Hangul {
        let prefix = format!("{}{spelling}{sep}", translit::READING_MARK);
        for term in terms_with_prefix(searcher, names, &prefix) {
            if let Some(kanji) = term.split(sep).nth(2) {
                let kanji = kanji.to_string();
                out.push(found(term, &kanji, Script::Cjk));
            }
        }
        return out;
    }
    for reading in translit::reading_keys(spelling) {
        let hangul = &reading.coarse[translit::READING_MARK.len_utf8()..];
        for keys in translit::key_variants(hangul) {
            for term in terms_with_prefix(searcher, names, &translit::lookup_prefix(&keys)) {
                if term.split(sep).nth(2) == Some(hangul) {
                    out.push(found(term.clone(), hangul, Script::Hangul));
                }
            }
        }
    }
    out
}

/// Keys with at least this many consonant classes are trusted from words
/// that only start sentences.
const SURE_CONSONANTS: usize = 4;

/// A spelling in another script that a word's keys meet.
struct Candidate {
    /// Its first names term.
    term: String,
    spelling: String,
    script: Script,
    /// How near its keys come to the word's at best.
    closeness: Closeness,
    /// Every term of it is from words that start sentences, and its key is
    /// short.
    initial_only: bool,
}

/// Terms of a field that start with `prefix`, as the lexicon answers.
pub(crate) fn terms_with_prefix(lexicon: &dyn Lexicon, field: Field, prefix: &str) -> Vec<String> {
    lexicon.terms_with_prefix(field, prefix)
}

fn term_query(term: tantivy::Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        term,
        IndexRecordOption::WithFreqsAndPositions,
    ))
}

/// The code the user wrote (any case; `no` for `nb`), in the form the
/// index holds, or an error naming it: a code the index cannot hold would
/// match nothing.
pub fn lang_code(written: &str) -> Result<&'static str, QueryError> {
    crate::lang::Lang::from_code(written)
        .map(crate::lang::Lang::code)
        .ok_or_else(|| QueryError::UnknownLang(written.to_string()))
}

/// True for a word a passage in another script may lack when it has no
/// spelling there: an ordinary word (`of`, `договор`, `조약`), not a name
/// too short to key (`An Jung-geun`, `Ли`, `아이훈`). Latin and Cyrillic
/// names are capitalized; Korean ordinary words are the Sino-Korean ones,
/// as the index marks them (reading the hanja table would cost a search
/// more than the search); Japanese words are kept.
fn droppable(searcher: &dyn Lexicon, names: Field, phrase: &str) -> bool {
    match translit::spelling_script(phrase) {
        Some(Script::Latin | Script::Cyrillic) => !phrase.chars().any(char::is_uppercase),
        Some(Script::Hangul) => marked_ordinary(searcher, names, korean::stem(phrase)),
        _ => false,
    }
}

/// True when the index marks the Hangul spelling as an ordinary word.
fn marked_ordinary(searcher: &dyn Lexicon, names: Field, spelling: &str) -> bool {
    translit::keys(spelling).is_some_and(|keys| {
        let term = ordinary_term(&keys, spelling);
        terms_with_prefix(searcher, names, &term).contains(&term)
    })
}

/// The names term of `spelling` under `keys`, marked as an ordinary word.
fn ordinary_term(keys: &translit::Keys, spelling: &str) -> String {
    let sep = schema::NAME_SEPARATOR;
    format!(
        "{}{sep}{}{sep}{spelling}{}",
        keys.coarse,
        keys.fine,
        schema::ORDINARY
    )
}

/// The script of words of a language, from the ISO 15924 code of its row.
fn script_of_row(code: &str) -> Option<Script> {
    match code {
        "Latn" => Some(Script::Latin),
        "Cyrl" => Some(Script::Cyrillic),
        "Kore" | "Hang" => Some(Script::Hangul),
        "Jpan" | "Hani" | "Hans" | "Hant" => Some(Script::Cjk),
        _ => None,
    }
}

/// Passages in the language of `code` (as [`lang_code`] gives it).
fn lang_query(field: Field, code: &str) -> Box<dyn Query> {
    term_query(tantivy::Term::from_field_text(field, code))
}

/// Where the terms of one literal are looked up.
#[derive(Clone, Copy)]
struct QueryFields {
    /// The body field the terms were analyzed for.
    body: Field,
    /// The gram-run field, shared by all body fields.
    runs: Field,
    /// True for the first live body field: queries on the shared gram-run
    /// field alone are made for it only (Korean and CJK words are analyzed
    /// alike in every body field).
    first: bool,
}

/// The query for the analyzed terms of one literal in one field.
fn terms_query(
    fields: QueryFields,
    terms: &[AnalyzedTerm],
    literal: &UserInputLiteral,
) -> Option<Box<dyn Query>> {
    let tantivy_term = |t: &AnalyzedTerm| tantivy::Term::from_field_text(fields.body, &t.text);
    let one_gram_word = terms
        .iter()
        .all(|t| t.kind == TermKind::Gram && t.word == terms[0].word);
    match terms {
        [] => None,
        [one] => Some(term_query(tantivy_term(one))),
        _ if one_gram_word => {
            // A Korean or CJK word of three characters or more: its runs
            // of three in the gram-run field match it exactly.
            if literal.delimiter == Delimiter::None && terms.len() >= 3 {
                let grams = terms.iter().map(tantivy_term).collect();
                let query = gram_query(grams, gram_runs_query(fields.runs, terms));
                // Each gram adds its own BM25 score: the word's score is
                // brought to one term's, as for a word of another script.
                return Some(Box::new(BoostQuery::new(query, 1.0 / terms.len() as f32)));
            }
            fields.first.then(|| gram_runs_query(fields.runs, terms))
        }
        _ => {
            let phrase = Box::new(PhraseQuery::new_with_offset_and_slop(
                terms
                    .iter()
                    .map(|t| (t.position, tantivy_term(t)))
                    .collect(),
                literal.slop,
            ));
            // Each gram adds its own BM25 score: a word of n grams would
            // otherwise outscore a word of another script n times over.
            let mut words: Vec<usize> = terms.iter().map(|t| t.word).collect();
            words.dedup();
            if words.len() == terms.len() {
                return Some(phrase);
            }
            Some(Box::new(BoostQuery::new(
                phrase,
                words.len() as f32 / terms.len() as f32,
            )))
        }
    }
}

/// All runs of three of a word's grams, in the gram-run field, scored as
/// one term.
fn gram_runs_query(field: Field, grams: &[AnalyzedTerm]) -> Box<dyn Query> {
    let runs = korean::gram_runs(grams.iter().map(|t| t.text.as_str()));
    let count = runs.len();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = runs
        .into_iter()
        .map(|run| {
            let term = tantivy::Term::from_field_text(field, &run);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            (Occur::Must, Box::new(query) as Box<dyn Query>)
        })
        .collect();
    if count == 1 {
        return clauses.remove(0).1;
    }
    Box::new(BoostQuery::new(
        Box::new(BooleanQuery::new(clauses)),
        1.0 / count as f32,
    ))
}

/// A Korean or CJK word of three grams or more: its first and last grams
/// and all inner grams but one must be in the passage (so `중립조약` finds
/// `중립 조약`, written with a space, where only the gram across the space
/// is missing, but `야쿠츠크` Yakutsk does not find `이르쿠츠크` Irkutsk),
/// and the grams in a row (`runs`, scored as one gram) score higher.
fn gram_query(grams: Vec<tantivy::Term>, runs: Box<dyn Query>) -> Box<dyn Query> {
    let inner = grams.len().saturating_sub(2);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Should,
        Box::new(BoostQuery::new(runs, GRAM_PHRASE_BOOST)),
    )];
    let mut middle: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (i, gram) in grams.into_iter().enumerate() {
        if i == 0 || i == inner + 1 {
            clauses.push((Occur::Must, term_query(gram)));
        } else {
            middle.push((Occur::Should, term_query(gram)));
        }
    }
    if inner > 1 {
        let loose = BooleanQuery::with_minimum_required_clauses(middle, inner - 1);
        clauses.push((Occur::Must, Box::new(loose)));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// `word*` or `"some words"*`: the last word is matched as a prefix of the
/// indexed (stemmed) terms, compared unstemmed.
fn prefix_query(
    field: Field,
    analyzer: &Analyzer,
    phrase: &str,
    highlight: &mut Highlight,
    at: usize,
    negated: bool,
) -> Option<Box<dyn Query>> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let (last, head) = words.split_last()?;
    let prefix = analyzer.fold_word(last);
    if prefix.is_empty() {
        return None;
    }
    let head_terms = analyzer.analyze(&head.join(" "), Mode::Query);
    if !negated {
        highlight.terms[at].extend(head_terms.iter().map(|t| t.text.clone()));
        highlight.prefixes[at].push(prefix.clone());
    }
    if head_terms.is_empty() {
        let pattern = format!("{}.*", regex_escape(&prefix));
        return RegexQuery::from_pattern(&pattern, field)
            .ok()
            .map(|q| Box::new(q) as Box<dyn Query>);
    }
    let mut terms: Vec<(usize, tantivy::Term)> = head_terms
        .iter()
        .map(|t| (t.position, tantivy::Term::from_field_text(field, &t.text)))
        .collect();
    let next = terms.last().map_or(0, |(p, _)| p + 1);
    terms.push((next, tantivy::Term::from_field_text(field, &prefix)));
    Some(Box::new(PhrasePrefixQuery::new_with_offset(terms)))
}

/// A match with typos scores this much of what the word itself would.
const TYPO_BOOST: f32 = 0.3;

/// `word~` and `word~2`: the word and the edits it allows (1 or 2).
fn typo_distance(phrase: &str) -> Result<(&str, Option<u8>), QueryError> {
    let Some((word, count)) = phrase.rsplit_once('~') else {
        return Ok((phrase, None));
    };
    let distance = match count {
        "" | "1" => 1,
        "2" => 2,
        _ => return Err(QueryError::TypoDistance(phrase.to_string())),
    };
    if word.is_empty() || word.contains(char::is_whitespace) {
        return Err(QueryError::TypoDistance(phrase.to_string()));
    }
    Ok((word, Some(distance)))
}

/// The typos a word no passage holds may have: one
/// from 5 letters, two from 9, none below (short words have too many
/// neighbours).
pub fn distance_for_length(word: &str) -> Option<u8> {
    match word.chars().filter(|c| c.is_alphabetic()).count() {
        0..=4 => None,
        5..=8 => Some(1),
        _ => Some(2),
    }
}

/// Escapes the characters the regex syntax of tantivy-fst gives meaning to.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"<>@".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that each query fails to compile with an error `is_kind`
    /// accepts.
    fn refused(queries: &[&str], is_kind: fn(&QueryError) -> bool) {
        for query in queries {
            let error = compile(query).err();
            assert!(error.as_ref().is_some_and(is_kind), "{query}: {error:?}");
        }
    }

    fn compile(text: &str) -> Result<Compiled, QueryError> {
        let (index, fields) = schema::index_in_ram();
        let live = vec![true; fields.bodies.len()];
        let searcher = index.reader().unwrap().searcher();
        let mut builder = QueryBuilder::new(&fields, live, &searcher, None);
        builder.compile(text)
    }

    /// `source:` and `--source` follow one rule: the path contains the
    /// text, ignoring case, any run of separators matching any other.
    #[test]
    fn source_picks_paths_holding_the_text() {
        let (index, fields) = schema::index_in_ram();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for path in ["ΣΟΦΟΣ/notes_1905.txt", "ru/1905_notes.txt", "ko/other.txt"] {
            let mut doc = tantivy::TantivyDocument::new();
            doc.add_text(fields.path, path);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let live = vec![true; fields.bodies.len()];
        let count = |query: &str| {
            let mut builder = QueryBuilder::new(&fields, live.clone(), &searcher, None);
            let compiled = builder.compile(query).unwrap();
            searcher
                .search(&compiled.query, &tantivy::collector::Count)
                .unwrap()
        };
        assert_eq!(count("source:ΣΟΦΟΣ"), 1);
        assert_eq!(count("source:\"notes 1905\""), 1);
        assert_eq!(count("source:1905"), 2);
        assert_eq!(count("source:\"1905 notes txt\""), 1);
        assert_eq!(count("source:\"txt notes\""), 0);
        assert_eq!(count("source:190"), 2);
        assert_eq!(count("source:σοφοσ/NOTES"), 1);
        assert_eq!(count("source:_notes.txt"), 1);
        assert_eq!(count("source:ko/"), 1);
        let sources = |text: &str| {
            let query = source_query(&searcher, fields.path, text).unwrap();
            searcher.search(&query, &tantivy::collector::Count).unwrap()
        };
        for text in ["ΣΟΦΟΣ", "notes 1905", "1905", "190", "txt notes", "ko/"] {
            assert_eq!(
                sources(text),
                count(&format!("source:\"{text}\"")),
                "{text}"
            );
        }
        assert!(matches!(
            compile("source:\"_\""),
            Err(QueryError::NoSourceText(_))
        ));
    }

    #[test]
    fn path_words_fold_case_and_separators() {
        assert_eq!(path_words("ΣΟΦΟΣ/notes_1905.txt"), "σοφοσ notes 1905 txt");
        assert_eq!(path_words("  --003__ "), "003");
        assert!(path_holds("σοφοσ notes 1905 txt", "notes 1905"));
        assert!(!path_holds("σοφοσ notes 1905 txt", "1905 notes"));
    }

    #[test]
    fn malformed_queries_are_errors() {
        assert!(matches!(compile("AND (("), Err(QueryError::Syntax { .. })));
        for malformed in ["\"unclosed", "(a OR b", "a)", "a AND", "lang:"] {
            let answer = compile(malformed);
            assert!(
                matches!(answer, Err(QueryError::Syntax { .. })),
                "{malformed:?} gave {:?}",
                answer.map(|_| ())
            );
        }
        assert!(matches!(compile("   "), Err(QueryError::NoWords(_))));
        assert!(matches!(compile("!!!"), Err(QueryError::NoWords(_))));
    }

    #[test]
    fn deep_long_and_wide_queries_are_refused() {
        let nots = format!("{}a", "NOT ".repeat(1000));
        assert_eq!(compile(&nots).err(), Some(QueryError::TooDeep));
        let open = "(".repeat(10_000) + "a";
        assert_eq!(compile(&open).err(), Some(QueryError::TooLong(10_001)));
        let groups = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
        assert_eq!(compile(&groups).err(), Some(QueryError::TooDeep));
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        assert_eq!(
            compile(&words.join(" OR ")).err(),
            Some(QueryError::TooManyClauses(300))
        );
        let long = "a".repeat(limits::MAX_QUERY_BYTES + 1);
        assert!(matches!(compile(&long), Err(QueryError::TooLong(_))));
        // Right at the limits a query is answered.
        let depth = limits::MAX_DEPTH / 2;
        let deep = format!("{}a{}", "NOT (".repeat(depth), ")".repeat(depth));
        assert!(compile(&deep).is_ok());
        assert!(compile(&words[..limits::MAX_CLAUSES].join(" ")).is_ok());
        let message = QueryError::TooDeep.to_string();
        assert!(
            message.contains("32") && !message.contains('\n'),
            "{message}"
        );
    }

    #[test]
    fn unknown_languages_in_the_query_are_errors() {
        let unknown = [
            "lang:xx a",
            "a lang:korean",
            "lang:\"en ru\" a",
            "-lang:zz a",
        ];
        refused(&unknown, |e| matches!(e, QueryError::UnknownLang(_)));
        assert!(compile("a lang:KO").is_ok());
        assert!(compile("a lang:und").is_ok());
    }

    #[test]
    fn empty_year_ranges_are_errors() {
        let empty = [
            "year:[1960 TO 1900]",
            "year:{1905 TO 1906}",
            "year:[1906 TO 1905}",
        ];
        refused(&empty, |e| matches!(e, QueryError::EmptyYears(_)));
        let message = compile("year:[1960 TO 1900]").err().unwrap().to_string();
        assert!(message.contains("[1960 TO 1900]"), "{message}");
        let accepted = [
            "year:[1905 TO 1905]",
            "year:{1904 TO 1906}",
            "year:[1900 TO *]",
        ];
        let failed: Vec<_> = accepted
            .iter()
            .chain(&["year:[* TO *]"])
            .filter(|query| compile(query).is_err())
            .collect();
        assert!(failed.is_empty(), "{failed:?}");
    }

    #[test]
    fn stars_may_only_end_words() {
        let stars = ["*mouth", "Ports*mouth", "treaty -*mouth", "*mouth*"];
        refused(&stars, |e| matches!(e, QueryError::Wildcard(_)));
        for query in ["Portsm*", "Portsm**", "\"*mouth\" treaty", "*"] {
            assert!(compile(query).is_ok(), "{query}");
        }
    }

    #[test]
    fn prefixes_and_exact_words_are_forms_to_match() {
        let forms = compile("treaty Portsm* -Kunashir \"peace treaty\"")
            .unwrap()
            .forms;
        let shown: Vec<String> = forms.iter().map(Form::shown).collect();
        assert_eq!(shown, ["treaty", "Portsm*", "peace treaty"]);
    }

    #[test]
    fn unknown_fields_and_ranges_are_refused() {
        assert_eq!(
            compile("title:x").err(),
            Some(QueryError::UnknownField("title".into()))
        );
        assert!(matches!(
            compile("lang:[a TO b]"),
            Err(QueryError::Unsupported(_))
        ));
    }

    #[test]
    fn negated_words_are_not_highlighted() {
        let compiled = compile("treaty -Portsmouth").unwrap();
        assert!(compiled.highlight.terms[0].contains("treati"));
        assert!(!compiled.highlight.terms[0].contains("portsmouth"));
    }

    #[test]
    fn prefixes_are_kept_unstemmed() {
        let compiled = compile("treati*").unwrap();
        assert_eq!(compiled.highlight.prefixes[0], ["treati"]);
    }

    #[test]
    fn regex_characters_are_escaped() {
        assert_eq!(regex_escape("a.b*"), "a\\.b\\*");
    }
}
