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
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, ExistsQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{
    Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::aliases::{self, Aliases};
use crate::analyze::script::Script;
use crate::analyze::{Analyzer, Mode, Term as AnalyzedTerm, TermKind, korean, translit};
use crate::schema::{self, Fields};

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
}

/// How much an exact phrase of grams adds over grams found apart.
const GRAM_PHRASE_BOOST: f32 = 1.5;

/// A query ready to run, with what to highlight in the hits.
pub struct Compiled {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// Each query word or phrase with the other spellings it was expanded to.
    pub expanded: BTreeMap<String, Vec<String>>,
    /// Every form searched for: the query's words and phrases and their
    /// expansions, to tell which of them a hit holds.
    pub forms: Vec<String>,
}

/// How much a match of another spelling counts against an exact match.
const EXPANSION_BOOST: f32 = 0.6;

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
    path_analyzer: TextAnalyzer,
    /// The index searched: its dictionaries hold the spellings of names in
    /// other scripts and the paths `source:` picks from.
    searcher: &'a Searcher,
    /// Where other wordings come from; `None` for exact queries, which
    /// are not expanded at all.
    aliases: Option<&'a Aliases>,
    expanded: BTreeMap<String, Vec<String>>,
    forms: Vec<String>,
}

impl<'a> QueryBuilder<'a> {
    /// A builder over `fields` of the index `searcher` reads; `live[i]`
    /// says whether body field `i` holds passages. Words are expanded to
    /// their other spellings unless `aliases` is `None`.
    pub fn new(
        fields: &'a Fields,
        live: Vec<bool>,
        searcher: &'a Searcher,
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
            path_analyzer: schema::path_analyzer(),
            searcher,
            aliases,
            expanded: BTreeMap::new(),
            forms: Vec::new(),
        }
    }

    /// The analyzer of each body field, in the order of [`Fields::bodies`].
    pub fn analyzers(&self) -> &[Analyzer] {
        &self.analyzers
    }

    /// Parses and compiles the user's query.
    pub fn compile(&mut self, text: &str) -> Result<Compiled, QueryError> {
        let ast = parse(text)?;
        let mut highlight = Highlight {
            terms: vec![HashSet::new(); self.fields.bodies.len()],
            prefixes: vec![Vec::new(); self.fields.bodies.len()],
        };
        let query = self
            .node(ast, false, &mut highlight)?
            .ok_or_else(|| QueryError::NoWords(text.to_string()))?;
        for forms in self.expanded.values_mut() {
            forms.dedup();
        }
        Ok(Compiled {
            query,
            highlight,
            expanded: std::mem::take(&mut self.expanded),
            forms: std::mem::take(&mut self.forms),
        })
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
        for (occur, ast) in clauses {
            // Words without an operator must all match, as in a web search.
            let occur = match occur {
                Some(Grammar::Should) => Occur::Should,
                Some(Grammar::MustNot) => Occur::MustNot,
                Some(Grammar::Must) | None => Occur::Must,
            };
            let negate = negated ^ (occur == Occur::MustNot);
            if let Some(q) = self.node(ast, negate, highlight)? {
                subqueries.push((occur, q));
            }
        }
        if subqueries.is_empty() {
            return Ok(None);
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

    fn leaf(
        &mut self,
        leaf: UserInputLeaf,
        negated: bool,
        highlight: &mut Highlight,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        match leaf {
            UserInputLeaf::Literal(literal) => match literal.field_name.as_deref() {
                None => Ok(self.text(&literal, negated, highlight)),
                Some(schema::LANG) => Ok(Some(lang_query(self.fields.lang, &literal.phrase))),
                Some(schema::SOURCE) => Ok(Some(self.source(&literal.phrase))),
                Some(schema::YEAR) => {
                    // The year column holds the years (they are not terms).
                    let year = parse_year(&literal.phrase)?;
                    let term = tantivy::Term::from_field_i64(self.fields.year, year);
                    Ok(Some(Box::new(RangeQuery::new(
                        Bound::Included(term.clone()),
                        Bound::Included(term),
                    ))))
                }
                Some(other) => Err(QueryError::UnknownField(other.to_string())),
            },
            UserInputLeaf::All => Ok(Some(Box::new(AllQuery))),
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } if field.as_deref() == Some(schema::YEAR) => {
                let bound = |b: &UserInputBound| -> Result<Bound<tantivy::Term>, QueryError> {
                    let term = |s: &str| {
                        parse_year(s).map(|y| tantivy::Term::from_field_i64(self.fields.year, y))
                    };
                    Ok(match b {
                        UserInputBound::Inclusive(s) => Bound::Included(term(s)?),
                        UserInputBound::Exclusive(s) => Bound::Excluded(term(s)?),
                        UserInputBound::Unbounded => Bound::Unbounded,
                    })
                };
                let (lower, upper) = (bound(&lower)?, bound(&upper)?);
                if matches!((&lower, &upper), (Bound::Unbounded, Bound::Unbounded)) {
                    // `year:[* TO *]`: passages that mention a year (a range
                    // needs one bound at least).
                    return Ok(Some(Box::new(ExistsQuery::new(
                        schema::YEAR.to_string(),
                        false,
                    ))));
                }
                Ok(Some(Box::new(RangeQuery::new(lower, upper))))
            }
            UserInputLeaf::Range { .. } => Err(QueryError::Unsupported(
                "a range on a field other than year",
            )),
            UserInputLeaf::Set { .. } => Err(QueryError::Unsupported("IN [...]")),
            UserInputLeaf::Exists { .. } => Err(QueryError::Unsupported("field:*")),
            UserInputLeaf::Regex { .. } => Err(QueryError::Unsupported("a regular expression")),
        }
    }

    /// A word or phrase, looked up in every live body field, and, unless
    /// the query is exact, its aliases and its spellings in other scripts.
    fn text(
        &mut self,
        literal: &UserInputLiteral,
        negated: bool,
        highlight: &mut Highlight,
    ) -> Option<Box<dyn Query>> {
        // The grammar keeps the star of an unquoted `treat*` in the word.
        let (phrase, prefix) = match literal.phrase.strip_suffix('*') {
            Some(stem) if literal.delimiter == Delimiter::None && !stem.trim().is_empty() => {
                (stem.trim_end_matches('*'), true)
            }
            _ => (literal.phrase.as_str(), literal.prefix),
        };
        let exact = if prefix {
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
        if prefix || negated || self.aliases.is_none() {
            return exact;
        }
        if !negated {
            self.forms.push(phrase.to_string());
        }
        let quoted = literal.delimiter != Delimiter::None;
        let expanded = self.expansions(phrase, quoted, highlight);
        if expanded.is_empty() {
            return exact;
        }
        // An exact match outranks a match of another spelling.
        let others = Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(
                expanded.into_iter().map(|q| (Occur::Should, q)).collect(),
            )),
            EXPANSION_BOOST,
        ));
        Some(match exact {
            Some(exact) => Box::new(BooleanQuery::new(vec![
                (Occur::Should, exact),
                (Occur::Should, others),
            ])),
            None => others,
        })
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
        self.per_field(|i, field, analyzer| {
            let terms = analyzer.analyze(phrase, mode);
            if let Some(h) = highlight.as_deref_mut() {
                h.terms[i].extend(terms.iter().map(|t| t.text.clone()));
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
        let script = translit::key_script(phrase);
        for other in aliases.others(phrase) {
            if quoted_phrase && translit::key_script(other) == script {
                continue;
            }
            if let Some(q) = self.words_query(other, &quoted, Mode::Name, Some(highlight)) {
                queries.push(q);
                spellings.push(other.to_string());
            }
        }
        if phrase.split_whitespace().count() == 1 {
            // The names field finds the spellings; the body fields then
            // find them everywhere, inside compounds (`전쟁포츠머스`) too.
            for (_, spelling) in transliterations(self.searcher, self.fields.names, phrase) {
                let known = spellings
                    .iter()
                    .any(|s| aliases::normalize(s) == aliases::normalize(&spelling));
                if known {
                    continue;
                }
                if let Some(q) = self.words_query(&spelling, &quoted, Mode::Query, Some(highlight))
                {
                    queries.push(q);
                    spellings.push(spelling);
                }
            }
        }
        if !spellings.is_empty() {
            self.forms.extend(spellings.iter().cloned());
            self.expanded
                .entry(phrase.to_string())
                .or_default()
                .extend(spellings);
        }
        queries
    }

    /// `source:TEXT`: passages whose path holds these words in a row. The
    /// paths are picked from the index's list of paths (one per file)
    /// rather than from an index of path words, which cost every passage
    /// the words of its path.
    fn source(&mut self, text: &str) -> Box<dyn Query> {
        let wanted = words_of(&mut self.path_analyzer, text);
        if wanted.is_empty() {
            return Box::new(EmptyQuery);
        }
        let analyzer = &mut self.path_analyzer;
        paths_where(self.searcher, self.fields.path, |path| {
            // Most paths lack a wanted word: a cheap look first, lowercased
            // a character at a time as the path analyzer does (a final `Σ`
            // is `σ` there, not `ς`).
            let lower: String = path.chars().flat_map(char::to_lowercase).collect();
            wanted.iter().all(|w| lower.contains(w.as_str()))
                && words_of(analyzer, path)
                    .windows(wanted.len())
                    .any(|run| run == wanted.as_slice())
        })
    }
}

/// The passages of the files whose path (in `field`, one term per file)
/// `keep` accepts: the paths are looked through in the index's list of
/// them rather than passage by passage.
pub(crate) fn paths_where(
    searcher: &Searcher,
    field: Field,
    mut keep: impl FnMut(&str) -> bool,
) -> Box<dyn Query> {
    let paths: Vec<tantivy::Term> = terms_with_prefix(searcher, field, "")
        .into_iter()
        .filter(|path| keep(path))
        .map(|path| tantivy::Term::from_field_text(field, &path))
        .collect();
    if paths.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(TermSetQuery::new(paths))
}

/// The words `analyzer` cuts `text` into.
fn words_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while let Some(token) = stream.next() {
        words.push(token.text.clone());
    }
    words
}

/// Parses the query text with tantivy's grammar, turning its silent
/// failure into a hint at what is wrong.
fn parse(text: &str) -> Result<UserInputAst, QueryError> {
    if text.trim().is_empty() {
        return Err(QueryError::NoWords(text.to_string()));
    }
    tantivy::query_grammar::parse_query(text).map_err(|_| {
        let (_, errors) = tantivy::query_grammar::parse_query_lenient(text);
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

fn parse_year(text: &str) -> Result<i64, QueryError> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or_else(|| QueryError::BadYear(text.to_string()))
}

/// Spellings of `word` in other scripts that the index's names field holds
/// under a matching key, as (names term, spelling) pairs.
pub fn transliterations(searcher: &Searcher, names: Field, word: &str) -> Vec<(String, String)> {
    let Some(script) = translit::key_script(word) else {
        return Vec::new();
    };
    let spelling = match script {
        Script::Hangul => crate::analyze::korean::stem(word).to_string(),
        _ => word.to_lowercase(),
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for keys in translit::key_variants(&spelling) {
        let prefix = translit::lookup_prefix(&keys);
        for term in terms_with_prefix(searcher, names, &prefix) {
            let mut parts = term.split(schema::NAME_SEPARATOR);
            let (Some(_), Some(fine), Some(other)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let cross_script = translit::key_script(other).is_some_and(|s| s != script);
            if cross_script
                && translit::fine_match(&keys.fine, fine)
                && !found.iter().any(|(t, _)| *t == term)
            {
                let other = other.to_string();
                found.push((term, other));
            }
        }
    }
    found
}

/// Terms of a field that start with `prefix` (all terms for an empty
/// prefix), from every segment, sorted, each once.
pub(crate) fn terms_with_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Vec<String> {
    // The first byte string after every string starting with the prefix.
    let mut upper = prefix.as_bytes().to_vec();
    while upper.last() == Some(&u8::MAX) {
        upper.pop();
    }
    if let Some(last) = upper.last_mut() {
        *last += 1;
    }
    let mut out = Vec::new();
    for reader in searcher.segment_readers() {
        let Ok(index) = reader.inverted_index(field) else {
            continue;
        };
        let dictionary = index.terms();
        let mut range = dictionary.range().ge(prefix.as_bytes());
        if !upper.is_empty() {
            range = range.lt(&upper);
        }
        let Ok(mut stream) = range.into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                out.push(term.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn term_query(term: tantivy::Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        term,
        IndexRecordOption::WithFreqsAndPositions,
    ))
}

/// `lang:ru`, or a filter on several languages.
pub fn lang_query(field: Field, code: &str) -> Box<dyn Query> {
    term_query(tantivy::Term::from_field_text(
        field,
        &code.trim().to_lowercase(),
    ))
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

/// A Korean or CJK word of three grams or more: all grams but one must be
/// in the passage (so `중립조약` finds `중립 조약`, written with a space),
/// and the grams in a row (`runs`, scored as one gram) score higher.
fn gram_query(grams: Vec<tantivy::Term>, runs: Box<dyn Query>) -> Box<dyn Query> {
    let needed = grams.len() - 1;
    let loose = BooleanQuery::with_minimum_required_clauses(
        grams
            .into_iter()
            .map(|t| (Occur::Should, term_query(t)))
            .collect(),
        needed,
    );
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(loose) as Box<dyn Query>),
        (
            Occur::Should,
            Box::new(BoostQuery::new(runs, GRAM_PHRASE_BOOST)),
        ),
    ]))
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

    fn compile(text: &str) -> Result<Compiled, QueryError> {
        let (index, fields) = schema::index_in_ram();
        let live = vec![true; fields.bodies.len()];
        let searcher = index.reader().unwrap().searcher();
        let mut builder = QueryBuilder::new(&fields, live, &searcher, None);
        builder.compile(text)
    }

    #[test]
    fn source_picks_paths_holding_the_words_in_a_row() {
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
        assert_eq!(count("source:190"), 0);
    }

    #[test]
    fn malformed_queries_are_errors() {
        assert!(matches!(compile("AND (("), Err(QueryError::Syntax { .. })));
        assert!(
            matches!(compile("\"unclosed"), Err(QueryError::Syntax { .. }))
                || compile("\"unclosed").is_ok()
        );
        assert!(matches!(compile("   "), Err(QueryError::NoWords(_))));
        assert!(matches!(compile("!!!"), Err(QueryError::NoWords(_))));
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
