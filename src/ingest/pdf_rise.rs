//! Text that a page raises or lowers off its line with the text-rise
//! operator (`Ts`). The PDF reader keeps such text on the line it rises
//! from, so a word drawn again half a line higher is glued to the first
//! (`HelloHello`). Here the page's content is rewritten so that each rise
//! is a move of the coordinate system instead, which the reader does place
//! on the page; the glyphs then fall on the lines a reader of the page sees.
//!
//! Only a rise of half the font size or more is a line of its own: a
//! superscript (a footnote's number, an exponent) rises less and stays with
//! its word, as the reader already has it.

/// Text raised or lowered by at least this share of its font size is on a
/// line of its own (the same share that parts lines in `pdf_lines`).
const OWN_LINE: f32 = 0.5;

/// The page's content stream with every text rise turned into a move, or
/// `None` when no text is shown raised or lowered by [`OWN_LINE`] of its
/// size or more (the page is then best read as it is).
pub fn rise_as_move(content: &[u8]) -> Option<Vec<u8>> {
    // Most pages never set a rise: they are not read twice.
    if !content.windows(2).any(|pair| pair == b"Ts") {
        return None;
    }
    let mut rewrite = Rewrite::default();
    let mut operands: Vec<(Option<f32>, usize)> = Vec::new();
    for token in Tokens::new(content) {
        match token.kind {
            Kind::Number(value) => operands.push((Some(value), token.start)),
            Kind::Other => operands.push((None, token.start)),
            Kind::Operator => {
                rewrite.operator(content, &token, &operands);
                operands.clear();
            }
        }
    }
    rewrite.finish(content)
}

/// The part of the graphics state the rewrite follows.
#[derive(Clone, Copy)]
struct State {
    /// The text rise in force (text space units).
    rise: f32,
    /// The font size in force.
    size: f32,
    /// The size of the text last shown on its line: a rise is measured
    /// against it, as a superscript is often set smaller than its line.
    line_size: f32,
    /// The linear part of the text matrix: a rise is along its y axis.
    /// Only `Tm` changes it inside a text object; `BT` resets it.
    linear: [f32; 4],
    /// The move already added to the coordinate system for the rise.
    applied: (f32, f32),
}

impl Default for State {
    fn default() -> Self {
        State {
            rise: 0.0,
            size: 0.0,
            line_size: 0.0,
            linear: [1.0, 0.0, 0.0, 1.0],
            applied: (0.0, 0.0),
        }
    }
}

#[derive(Default)]
struct Rewrite {
    out: Vec<u8>,
    /// How much of the content has been copied to `out`.
    copied: usize,
    state: State,
    saved: Vec<State>,
    in_text: bool,
    /// True once text was shown off its line.
    moved_off_line: bool,
}

impl Rewrite {
    fn operator(&mut self, content: &[u8], token: &Token, operands: &[(Option<f32>, usize)]) {
        let last = |n: usize| {
            operands
                .len()
                .checked_sub(n)
                .and_then(|i| operands[i].0)
                .filter(|v| v.is_finite())
        };
        match &content[token.start..token.end] {
            b"Ts" => {
                let (Some(rise), Some(&(_, start))) = (last(1), operands.last()) else {
                    return;
                };
                // The rise itself is dropped: the move below stands for it.
                self.copy_to(content, start);
                self.out.extend_from_slice(b"0 Ts");
                self.copied = token.end;
                self.state.rise = rise;
                self.move_for_rise();
            }
            b"BT" => {
                self.copy_to(content, token.end);
                self.in_text = true;
                self.state.linear = [1.0, 0.0, 0.0, 1.0];
                self.move_for_rise();
            }
            b"ET" => {
                self.copy_to(content, token.start);
                self.in_text = false;
                self.move_for_rise();
            }
            b"Tm" => {
                self.copy_to(content, token.end);
                if let (Some(a), Some(b), Some(c), Some(d)) = (last(6), last(5), last(4), last(3)) {
                    self.state.linear = [a, b, c, d];
                }
                self.move_for_rise();
            }
            b"Tf" => {
                self.copy_to(content, token.end);
                if let Some(size) = last(1) {
                    self.state.size = size;
                }
                self.move_for_rise();
            }
            b"q" => self.saved.push(self.state),
            b"Q" => {
                // Restoring the state also restores the coordinate system,
                // and with it the move that was in force when it was saved.
                if let Some(state) = self.saved.pop() {
                    self.state = state;
                }
            }
            b"Tj" | b"TJ" | b"'" | b"\"" => {
                if self.state.rise == 0.0 {
                    self.state.line_size = self.state.size;
                }
                self.moved_off_line |= self.off_line();
            }
            _ => {}
        }
    }

    /// Adds to the coordinate system the move that makes up the difference
    /// between the rise in force and the move already made for it. Outside
    /// a text object no move is kept: the rise waits for the next `BT`.
    fn move_for_rise(&mut self) {
        let [_, _, c, d] = self.state.linear;
        let rise = if self.in_text && self.off_line() {
            self.state.rise
        } else {
            0.0
        };
        let wanted = (rise * c, rise * d);
        let (dx, dy) = (
            wanted.0 - self.state.applied.0,
            wanted.1 - self.state.applied.1,
        );
        if !(dx.is_finite() && dy.is_finite()) {
            return;
        }
        if dx != 0.0 || dy != 0.0 {
            self.out
                .extend_from_slice(format!(" 1 0 0 1 {dx} {dy} cm ").as_bytes());
            self.state.applied = wanted;
        }
    }

    /// True when the rise in force puts text on a line of its own: by
    /// [`OWN_LINE`] of its size or of its line's, whichever is larger. A
    /// smaller rise (a superscript) is left to the reader.
    fn off_line(&self) -> bool {
        let State {
            rise,
            size,
            line_size,
            ..
        } = self.state;
        let size = size.abs().max(line_size.abs());
        size > 0.0 && rise.abs() >= OWN_LINE * size
    }

    fn copy_to(&mut self, content: &[u8], end: usize) {
        if end > self.copied {
            self.out.extend_from_slice(&content[self.copied..end]);
            self.copied = end;
        }
    }

    fn finish(mut self, content: &[u8]) -> Option<Vec<u8>> {
        if !self.moved_off_line {
            return None;
        }
        self.copy_to(content, content.len());
        Some(self.out)
    }
}

/// One token of a content stream and where it lies.
struct Token {
    start: usize,
    end: usize,
    kind: Kind,
}

enum Kind {
    Number(f32),
    Operator,
    /// A string, name, array bracket or dictionary: an operand that is not
    /// a number.
    Other,
}

/// The tokens of a content stream. Comments are skipped, and so is an
/// inline image's data (`ID` … `EI`), which may hold any bytes.
struct Tokens<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Tokens { bytes, at: 0 }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    /// The end of a string that opens at `start`: brackets nest, and a
    /// backslash escapes the byte after it.
    fn string_end(&self, start: usize) -> usize {
        let mut depth = 0usize;
        let mut at = start;
        while let Some(b) = self.byte(at) {
            match b {
                b'\\' => at += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return at + 1;
                    }
                }
                _ => {}
            }
            at += 1;
        }
        self.bytes.len()
    }

    fn until(&self, from: usize, stop: impl Fn(u8) -> bool) -> usize {
        (from..self.bytes.len())
            .find(|&at| stop(self.bytes[at]))
            .unwrap_or(self.bytes.len())
    }

    /// Past an inline image's data: the first `EI` that stands alone.
    fn image_end(&self, from: usize) -> usize {
        let mut at = from + 1;
        while at + 2 <= self.bytes.len() {
            let before = self.bytes[at - 1];
            let alone_before = is_space(before) || is_delimiter(before);
            let alone_after = self
                .byte(at + 2)
                .is_none_or(|b| is_space(b) || is_delimiter(b));
            if &self.bytes[at..at + 2] == b"EI" && alone_before && alone_after {
                return at + 2;
            }
            at += 1;
        }
        self.bytes.len()
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            let start = self.until(self.at, |b| !is_space(b));
            let first = self.byte(start)?;
            let (end, kind) = match first {
                b'%' => {
                    self.at = self.until(start, |b| b == b'\n' || b == b'\r');
                    continue;
                }
                b'(' => (self.string_end(start), Kind::Other),
                b'<' if self.byte(start + 1) == Some(b'<') => (start + 2, Kind::Other),
                b'>' if self.byte(start + 1) == Some(b'>') => (start + 2, Kind::Other),
                b'<' => (
                    (self.until(start, |b| b == b'>') + 1).min(self.bytes.len()),
                    Kind::Other,
                ),
                b'[' | b']' | b'{' | b'}' | b'>' | b')' => (start + 1, Kind::Other),
                b'/' => (
                    self.until(start + 1, |b| is_space(b) || is_delimiter(b)),
                    Kind::Other,
                ),
                _ => {
                    let end = self.until(start, |b| is_space(b) || is_delimiter(b));
                    let word = &self.bytes[start..end];
                    let number = std::str::from_utf8(word).ok().and_then(|w| w.parse().ok());
                    match number {
                        Some(value) => (end, Kind::Number(value)),
                        None if word == b"ID" => {
                            self.at = self.image_end(end);
                            continue;
                        }
                        None => (end, Kind::Operator),
                    }
                }
            };
            self.at = end;
            return Some(Token { start, end, kind });
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(content: &str) -> Option<String> {
        rise_as_move(content.as_bytes()).map(|bytes| String::from_utf8(bytes).unwrap())
    }

    #[test]
    fn text_raised_half_its_size_is_moved_by_the_coordinate_system() {
        let page = "BT /F1 48 Tf 0 700 Td (Hello) Tj 24 Ts (Hello) Tj 0 Ts ET";
        let moved = rewritten(page).expect("a rise of half the size is a line of its own");
        assert_eq!(
            moved,
            "BT /F1 48 Tf 0 700 Td (Hello) Tj 0 Ts 1 0 0 1 0 24 cm  (Hello) Tj 0 Ts 1 0 0 1 0 -24 cm  ET"
        );
    }

    #[test]
    fn a_superscript_stays_with_its_word() {
        assert_eq!(
            rewritten("BT /F1 10 Tf (word) Tj 3 Ts (1) Tj 0 Ts ET"),
            None
        );
        assert_eq!(rewritten("BT /F1 10 Tf (plain text) Tj ET"), None);
    }

    #[test]
    fn the_rise_follows_a_scaled_text_matrix_and_ends_with_the_text_object() {
        let page = "BT /F1 1 Tf 12 0 0 12 50 600 Tm 1 Ts (up) Tj ET BT (next) Tj ET";
        let moved = rewritten(page).unwrap();
        // A rise of 1 in a text space scaled 12 times is 12 on the page.
        assert!(moved.contains("0 Ts 1 0 0 1 0 12 cm"), "{moved}");
        assert!(moved.contains("(up) Tj  1 0 0 1 0 -12 cm ET"), "{moved}");
        // The rise is text state: the next text object is raised too.
        assert!(
            moved.ends_with("BT 1 0 0 1 0 1 cm  (next) Tj  1 0 0 1 0 -1 cm ET"),
            "{moved}"
        );
    }

    #[test]
    fn strings_comments_and_inline_images_are_not_read_as_operators() {
        // Each `9 Ts` read as an operator would raise the text after it.
        let page = "BT /F1 10 Tf (a 9 Ts \\) b) Tj % 9 Ts\n (c) Tj ET \
                    BI /W 1 /F /AHx ID 0a 9 Ts>EI BT /F1 10 Tf (d) Tj ET";
        assert_eq!(rewritten(page), None);
        assert!(rewritten("BT /F1 10 Tf 9 Ts (e) Tj ET").is_some());
    }

    #[test]
    fn only_the_rises_that_leave_the_line_are_moved_and_malformed_ones_are_left_alone() {
        let page = "BT /F1 48 Tf (A) Tj 24 Ts (B) Tj 0 Ts /F1 20 Tf 10 Ts (2) Tj 0 Ts ET";
        let moved = rewritten(page).unwrap();
        assert!(moved.contains("0 Ts 1 0 0 1 0 24 cm"), "{moved}");
        // Raised by 10, under half of its line's 48: a superscript.
        assert!(!moved.contains(" 0 10 cm"), "{moved}");
        let odd = "BT /F1 48 Tf (A) Tj [24] Ts (B) Tj 1 0 0 1 x 1 Tm 30 Ts (C) Tj ET";
        let moved = rewritten(odd).unwrap();
        assert!(moved.contains("[24] Ts"), "{moved}");
        assert!(!moved.contains("NaN") && !moved.contains("inf"), "{moved}");
    }
}
