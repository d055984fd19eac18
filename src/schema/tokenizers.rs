//! The analyzer as tantivy tokenizers: the one place analysis meets the
//! index. [`ShimodaTokenizer`] runs a profile's analyzer over a passage;
//! [`LineTokenizer`] indexes terms made before indexing (name keys, gram
//! runs), one a line.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analyze::{Analyzer, Mode, Profile, TermKind, TermRef};

/// The analyzer as a tantivy tokenizer, registered once per field in
/// [`crate::schema`].
#[derive(Clone)]
pub struct ShimodaTokenizer {
    analyzer: Analyzer,
    /// Tokens of the last text; their strings are reused from text to text.
    tokens: Vec<Token>,
}

impl ShimodaTokenizer {
    /// A tokenizer running the analyzer of `profile` in index mode.
    pub fn new(profile: Profile) -> ShimodaTokenizer {
        ShimodaTokenizer {
            analyzer: Analyzer::new(profile),
            tokens: Vec::new(),
        }
    }
}

impl Tokenizer for ShimodaTokenizer {
    type TokenStream<'a> = ShimodaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ShimodaTokenStream<'a> {
        let count = self.body_tokens(text);
        ShimodaTokenStream {
            tokens: &mut self.tokens[..count],
            next: 0,
            empty: Token::default(),
        }
    }
}

impl ShimodaTokenizer {
    /// Analyzes a passage into `self.tokens`, reusing their strings.
    /// Returns the number of tokens.
    fn body_tokens(&mut self, text: &str) -> usize {
        let tokens = &mut self.tokens;
        let mut count = 0;
        self.analyzer.visit_terms(text, Mode::Index, |term| {
            set_token(tokens, count, term);
            count += 1;
        });
        count
    }
}

/// A tokenizer that makes each line of a text one term, as written: for a
/// field whose terms are made before indexing and handed over as the lines
/// of one value (a value per term costs tantivy more than the term).
#[derive(Clone, Default)]
pub struct LineTokenizer {
    tokens: Vec<Token>,
}

impl Tokenizer for LineTokenizer {
    type TokenStream<'a> = ShimodaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ShimodaTokenStream<'a> {
        let mut count = 0;
        let mut start = 0;
        for line in text.split('\n') {
            if !line.is_empty() {
                let term = TermRef {
                    text: line,
                    position: count,
                    start,
                    end: start + line.len(),
                    kind: TermKind::Word,
                    word: count,
                };
                set_token(&mut self.tokens, count, term);
                count += 1;
            }
            start += line.len() + 1;
        }
        ShimodaTokenStream {
            tokens: &mut self.tokens[..count],
            next: 0,
            empty: Token::default(),
        }
    }
}

/// Writes `term` into the token at `at`, reusing its string.
fn set_token(tokens: &mut Vec<Token>, at: usize, term: TermRef<'_>) {
    if at == tokens.len() {
        tokens.push(Token::default());
    }
    let token = &mut tokens[at];
    token.text.clear();
    token.text.push_str(term.text);
    token.offset_from = term.start;
    token.offset_to = term.end;
    token.position = term.position;
    token.position_length = 1;
}

/// Token stream over the tokens of one analyzed text.
pub struct ShimodaTokenStream<'a> {
    tokens: &'a mut [Token],
    /// One past the current token (0 before the first `advance`).
    next: usize,
    /// What `token` gives for a text without tokens.
    empty: Token,
}

impl TokenStream for ShimodaTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next >= self.tokens.len() {
            return false;
        }
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        self.tokens.get(self.next.max(1) - 1).unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.tokens.get_mut(self.next.max(1) - 1) {
            Some(token) => token,
            None => &mut self.empty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(tokenizer: &mut ShimodaTokenizer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn tokenizer_gives_the_index_terms_and_reuses_its_tokens() {
        let mut tokenizer = ShimodaTokenizer::new(Profile::Default);
        let analyzer = Analyzer::new(Profile::Default);
        for text in [
            "The treaties of Portsmouth, 1905년 포츠머스조약에서 Японией 明治38年",
            "Kunashir",
            "",
            "섬은 treaties",
        ] {
            let expected: Vec<_> = analyzer
                .analyze(text, Mode::Index)
                .into_iter()
                .map(|t| (t.text, t.position, t.start, t.end))
                .collect();
            assert_eq!(tokens(&mut tokenizer, text), expected, "{text}");
        }
        let mut stream = tokenizer.token_stream("");
        assert!(!stream.advance());
        assert_eq!(stream.token().text, "");
    }

    #[test]
    fn line_tokenizer_makes_a_term_of_each_line() {
        let mut lines = LineTokenizer::default();
        let text = "KNTL\u{1}KONATEL\u{1}kunashir\n\nKNTL\u{1}KONATEL\u{1}쿠나시르\n";
        let mut stream = lines.token_stream(text);
        let mut found = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert_eq!(&text[t.offset_from..t.offset_to], t.text);
            found.push((t.text.clone(), t.position));
        }
        let expected = [
            ("KNTL\u{1}KONATEL\u{1}kunashir".to_string(), 0),
            ("KNTL\u{1}KONATEL\u{1}쿠나시르".to_string(), 1),
        ];
        assert_eq!(found, expected);
        assert!(!lines.token_stream("").advance());
    }

    #[test]
    fn tokenizer_reports_byte_offsets() {
        let mut tokenizer = ShimodaTokenizer::new(Profile::Default);
        let text = "Kunashir 쿠나시르에서";
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while let Some(token) = stream.next() {
            seen.push(text[token.offset_from..token.offset_to].to_string());
        }
        assert_eq!(seen, ["Kunashir", "쿠나", "나시", "시르"]);
    }
}
