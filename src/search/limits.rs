//! Bounds on the size of a query.
//!
//! tantivy's parser, the compiling of its tree and the scorers of the
//! compiled query all recurse once per level of nesting: a thousand nested
//! parentheses or `NOT`s overflowed the stack and aborted the process. The
//! nesting is therefore measured on the text, before the parser reads it,
//! and again on the parsed tree, with limits no real query reaches.

use tantivy::query_grammar::UserInputAst;

use super::QueryError;

/// Longest query text, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Deepest nesting of parentheses and `NOT`s.
pub const MAX_DEPTH: usize = 32;
/// Most words, phrases and filters in a query.
pub const MAX_CLAUSES: usize = 256;

/// Refuses a query text too long or nested too deep for the parser.
pub fn check_text(text: &str) -> Result<(), QueryError> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong(text.len()));
    }
    if nesting(text) > MAX_DEPTH {
        return Err(QueryError::TooDeep);
    }
    Ok(())
}

/// Refuses a parsed query nested too deep or with too many clauses.
pub fn check_tree(ast: &UserInputAst) -> Result<(), QueryError> {
    let mut clauses = 0;
    if depth(ast, &mut clauses) > MAX_DEPTH {
        return Err(QueryError::TooDeep);
    }
    if clauses > MAX_CLAUSES {
        return Err(QueryError::TooManyClauses(clauses));
    }
    Ok(())
}

/// The levels of `ast` (the parser checked they are few), counting its
/// leaves into `leaves`.
fn depth(ast: &UserInputAst, leaves: &mut usize) -> usize {
    match ast {
        UserInputAst::Leaf(_) => {
            *leaves += 1;
            0
        }
        UserInputAst::Boost(inner, _) => 1 + depth(inner, leaves),
        UserInputAst::Clause(clauses) => {
            let deepest = clauses.iter().map(|(_, c)| depth(c, leaves)).max();
            1 + deepest.unwrap_or(0)
        }
    }
}

/// The deepest nesting of parentheses and `NOT`s in a query text, read as
/// tantivy's grammar reads it: not inside quotes, `\` escaping a character,
/// and each `NOT` holding until the word, phrase or group it negates ends.
fn nesting(text: &str) -> usize {
    // The NOTs before each open group, and before the current operand.
    let mut groups: Vec<usize> = Vec::new();
    let mut nots = 0;
    let mut word = String::new();
    let mut deepest = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let quote = c == '"' || (c == '\'' && word.is_empty());
        if c.is_whitespace() || c == '(' || c == ')' || quote {
            end_word(&mut word, &mut nots);
        }
        match c {
            '\\' => {
                chars.next();
                word.push('x');
            }
            '(' => {
                groups.push(nots);
                nots = 0;
            }
            ')' => {
                groups.pop();
                nots = 0;
            }
            _ if quote => {
                skip_phrase(&mut chars, c);
                nots = 0;
            }
            _ if c.is_whitespace() => {}
            _ => word.push(c),
        }
        deepest = deepest.max(groups.len() + groups.iter().sum::<usize>() + nots);
    }
    end_word(&mut word, &mut nots);
    deepest.max(groups.len() + groups.iter().sum::<usize>() + nots)
}

/// A word ended: a `NOT` adds a level, any other word is an operand that
/// ends the pending `NOT`s (AND and OR join operands at the same level).
fn end_word(word: &mut String, nots: &mut usize) {
    match word.as_str() {
        "" | "AND" | "OR" => {}
        "NOT" => *nots += 1,
        _ => *nots = 0,
    }
    word.clear();
}

/// Moves past a phrase up to its closing `quote` (or the end of the text).
fn skip_phrase(chars: &mut std::str::Chars, quote: char) {
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_groups_and_nots_outside_quotes() {
        let cases = [
            ("a b", 0),
            ("(a OR b) (c OR d)", 1),
            ("NOT NOT a", 2),
            ("NOT a NOT b", 1),
            ("NOT (a NOT (b))", 4),
            ("\"((((\" 'NOT NOT' a\\(\\(", 0),
            ("(((((", 5),
        ];
        for (query, depth) in cases {
            assert_eq!(nesting(query), depth, "{query}");
        }
    }
}
