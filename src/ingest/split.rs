//! Splitting a text into passages: paragraphs at blank lines, long
//! paragraphs cut at sentence ends.

/// A paragraph longer than this many characters is cut into pieces.
pub const MAX_CHARS: usize = 1200;
/// A cut piece has at least this many characters, unless its paragraph ends.
pub const MIN_CHARS: usize = 300;

/// Where a passage lies in the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte range in the decoded text.
    pub start: usize,
    pub end: usize,
    /// 1-based number of the line the passage starts on.
    pub line: usize,
}

/// Splits `text` into passage spans.
pub fn split(text: &str) -> Vec<Span> {
    let lines = LineIndex::new(text);
    let mut spans = Vec::new();
    for (start, end) in paragraphs(text) {
        let block = &text[start..end];
        if block.len() <= MAX_CHARS || block.chars().count() <= MAX_CHARS {
            spans.push(lines.span(start, end));
        } else {
            for (s, e) in cut_long(block) {
                let (s, e) = trim_range(block, s, e);
                if s < e {
                    spans.push(lines.span(start + s, start + e));
                }
            }
        }
    }
    spans
}

/// A line holding only spaces, invisible characters or nothing.
fn is_blank(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
}

/// Byte ranges of the blocks of non-blank lines, without their final line
/// break.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if is_blank(content) {
            out.extend(current.take());
        } else {
            let end = offset + content.len();
            current = Some((current.map_or(offset, |(s, _)| s), end));
        }
        offset += line.len();
    }
    out.extend(current);
    out
}

/// True when `c` ends a sentence, given the character after it.
fn ends_sentence(c: char, next: Option<char>) -> bool {
    match c {
        '。' | '！' | '？' => true,
        '.' | '!' | '?' | '…' | ';' => next.is_none_or(char::is_whitespace),
        _ => false,
    }
}

/// Cuts a long block into pieces of MIN_CHARS..=MAX_CHARS characters, at
/// the best boundary before the limit: a sentence end at a line end, else a
/// line end, else a sentence end, else a space, else anywhere (a text with no
/// spaces at all).
fn cut_long(block: &str) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut count = 0;
    // Best cut seen so far for each kind of boundary, best kind first.
    let mut cuts: [Option<usize>; 4] = [None; 4];
    let mut previous = ' ';
    let mut chars = block.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        count += 1;
        if count >= MIN_CHARS {
            if c == '\n' {
                let kind = if ends_sentence(previous, Some(c)) {
                    0
                } else {
                    1
                };
                cuts[kind] = Some(end);
            } else if ends_sentence(c, chars.peek().map(|&(_, n)| n)) {
                cuts[2] = Some(end);
            }
        }
        if c.is_whitespace() {
            cuts[3] = Some(end);
        }
        if !c.is_whitespace() {
            previous = c;
        }
        if count >= MAX_CHARS {
            let cut = cuts.iter().flatten().next().copied().unwrap_or(end);
            pieces.push((start, cut));
            start = cut;
            count = block[cut..end].chars().count();
            cuts = [None; 4];
        }
    }
    if start < block.len() {
        pieces.push((start, block.len()));
    }
    pieces
}

fn trim_range(block: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = &block[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (start + lead, (end - trail).max(start + lead))
}

/// Line numbers of byte offsets.
struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { newlines }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            line: self.line_of(start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_at_blank_lines() {
        let text = "Title\n\nFirst line\nsecond line\n \t\nLast";
        let spans = split(text);
        let got: Vec<(&str, usize)> = spans
            .iter()
            .map(|s| (&text[s.start..s.end], s.line))
            .collect();
        assert_eq!(
            got,
            [("Title", 1), ("First line\nsecond line", 3), ("Last", 6)]
        );
    }

    #[test]
    fn crlf_lines() {
        let text = "a\r\nb\r\n\r\nc\r\n";
        let got: Vec<&str> = split(text).iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(got, ["a\r\nb", "c"]);
    }

    #[test]
    fn long_paragraph_is_cut_at_sentence_ends() {
        let sentence = "The treaty was signed at Portsmouth after long talks between the parties. ";
        let text = sentence.repeat(60);
        let spans = split(&text);
        assert!(spans.len() > 1);
        for s in &spans {
            let piece = &text[s.start..s.end];
            let n = piece.chars().count();
            assert!(n <= MAX_CHARS, "{n}");
            assert!(piece.ends_with('.'), "{piece:?}");
        }
        assert_eq!(spans.first().unwrap().start, 0);
        assert_eq!(spans.last().unwrap().end, text.trim_end().len());
    }

    #[test]
    fn text_without_spaces_is_cut_anywhere() {
        let text = "가".repeat(5000);
        let spans = split(&text);
        assert_eq!(spans.len(), 5);
        assert!(
            spans
                .iter()
                .all(|s| text.is_char_boundary(s.start) && text.is_char_boundary(s.end))
        );
    }

    #[test]
    fn many_short_lines_are_grouped() {
        let text = "word\n".repeat(10_000);
        let spans = split(&text);
        assert!(spans.len() > 10 && spans.len() < 100, "{}", spans.len());
        assert_eq!(
            spans[1].line,
            spans[0].line + text[spans[0].start..spans[1].start].matches('\n').count()
        );
    }
}
