//! Lines of a PDF page rebuilt from its glyphs, for pages where some text
//! runs in another direction than across (the title block of a drawing,
//! a table's turned headings). A reader that sorts every glyph as if it ran
//! left to right writes such lines backwards (`атад и .пдоП`); here each
//! direction gets its own lines, read along the way its glyphs advance.
//! Pages whose layout lost letters the reader decoded (a font written in
//! columns where the layout did not expect one) are rebuilt the same way.

/// One glyph as the page draws it: its character, baseline origin (page
/// space, y up), the angle of its baseline in degrees clockwise from
/// across (90 runs down the page, 270 up), its size and how far it moves
/// the pen (0 when the reader does not know, less than 0 for a font that
/// writes in columns, whose pen moves down).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub x: f32,
    pub y: f32,
    pub rotation: f32,
    pub size: f32,
    pub advance: f32,
}

/// How far from across a baseline may turn and still be read as across:
/// slanted and slightly rotated scans are not turned text.
const ACROSS_TOLERANCE: f32 = 20.0;
/// Two glyphs are on one line when their baselines are closer than this
/// share of the font size.
const SAME_LINE: f32 = 0.5;
/// A gap wider than this share of the font size between two glyphs of a
/// line is a space.
const WORD_GAP: f32 = 0.2;
/// A gap wider than this many font sizes parts two pieces of text that
/// share a baseline (cells of a table, labels of a drawing's frame).
const PIECE_GAP: f32 = 3.0;

/// True when some of the page's letters, but fewer than half, run turned
/// away from across. A page turned as a whole, and Chinese, Japanese or
/// Korean written in columns (upright glyphs whose lines run down), are
/// read well as the reader lays them out.
pub fn has_turned_text(glyphs: &[Glyph]) -> bool {
    let letters = glyphs.iter().filter(|g| g.ch.is_alphanumeric());
    let (mut turned, mut across) = (0, 0);
    for glyph in letters {
        if group(glyph) == 0 {
            across += 1;
        } else if !is_cjk(glyph.ch) {
            turned += 1;
        }
    }
    turned > 0 && turned < across
}

/// Han, kana and Hangul: scripts that are also written in columns.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// The page's text: the lines running across first, then those of each
/// other direction, each direction a block of its own.
pub fn page_text(glyphs: &[Glyph]) -> String {
    let mut blocks = Vec::new();
    for kind in 0..=COLUMNS {
        let members: Vec<&Glyph> = glyphs.iter().filter(|g| group(g) == kind).collect();
        if !members.is_empty() {
            blocks.push(lines(&members).join("\n"));
        }
    }
    blocks.join("\n\n")
}

/// The unit vectors text turned a quarter `quarter` times may advance
/// along, page space, the likelier first. Readers disagree on the sense of
/// the angle, so a turned line is read both ways (see [`lines`]); up the
/// page is the usual way for a margin's or a frame's labels.
fn axes(quarter: u8) -> [(f32, f32); 2] {
    match quarter {
        0 => [(1.0, 0.0), (1.0, 0.0)],
        2 => [(-1.0, 0.0), (-1.0, 0.0)],
        _ => [(0.0, 1.0), (0.0, -1.0)],
    }
}

/// How unlike written words a text is: a capital after a small letter in
/// one word (`пдоП`), a full stop or comma right before a letter (`.вреП`).
fn oddities(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|pair| {
            let [a, b] = [pair[0], pair[1]];
            (a.is_lowercase() && b.is_uppercase()) || (matches!(a, '.' | ',') && b.is_alphabetic())
        })
        .count()
}

/// True when the reader kept fewer than four in five of the letters it
/// decoded on the page: its layout lost some (glyphs of a font written in
/// columns, drawn where it did not expect them), and the page is better
/// rebuilt from them.
pub fn lost_letters(text: &str, glyphs: &[Glyph]) -> bool {
    letters(text.chars()) * 5 < letters(glyphs.iter().map(|g| g.ch)) * 4
}

/// True when `glyphs` hold at least four in five of the letters of
/// `text`: a page rebuilt from them loses none worth keeping.
pub fn hold_letters_of(glyphs: &[Glyph], text: &str) -> bool {
    letters(glyphs.iter().map(|g| g.ch)) * 5 >= letters(text.chars()) * 4
}

fn letters(chars: impl Iterator<Item = char>) -> usize {
    chars.filter(|c| c.is_alphanumeric()).count()
}

/// The group of glyphs written in columns, read down the page.
const COLUMNS: u8 = 4;

/// The group a glyph's lines are read with: its quarter turn
/// ([`direction`]), or [`COLUMNS`].
fn group(glyph: &Glyph) -> u8 {
    match direction(glyph.rotation) {
        0 if glyph.advance < 0.0 => COLUMNS,
        quarter => quarter,
    }
}

/// The quarter turn a baseline is nearest to: 0 across, 1–3 turned.
fn direction(rotation: f32) -> u8 {
    let r = rotation.rem_euclid(360.0);
    if !(ACROSS_TOLERANCE..=360.0 - ACROSS_TOLERANCE).contains(&r) {
        0
    } else {
        ((r / 90.0).round() as u8) % 4
    }
}

/// The lines of glyphs of one direction, top line first.
fn lines(glyphs: &[&Glyph]) -> Vec<String> {
    if group(glyphs[0]) == COLUMNS {
        // Down each column, the columns from the right.
        return lines_along(glyphs, (0.0, -1.0));
    }
    let [likely, other] = axes(direction(glyphs[0].rotation));
    let first = lines_along(glyphs, likely);
    if likely == other {
        return first;
    }
    let second = lines_along(glyphs, other);
    let odd = |lines: &[String]| lines.iter().map(|l| oddities(l)).sum::<usize>();
    if odd(&second) < odd(&first) {
        second
    } else {
        first
    }
}

/// The lines of glyphs read along `along`, top line first.
fn lines_along(glyphs: &[&Glyph], along: (f32, f32)) -> Vec<String> {
    // Left of the reading direction is up on the page of the text.
    let up = (-along.1, along.0);
    let project = |g: &Glyph, axis: (f32, f32)| g.x * axis.0 + g.y * axis.1;
    let mut placed: Vec<(f32, f32, &Glyph)> = glyphs
        .iter()
        .map(|g| (project(g, up), project(g, along), *g))
        .collect();
    placed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)));
    let mut rows: Vec<Vec<(f32, &Glyph)>> = Vec::new();
    let mut row_height = f32::NAN;
    for (height, position, glyph) in placed {
        let tolerance = glyph.size.max(1.0) * SAME_LINE;
        match rows.last_mut() {
            Some(row) if (row_height - height).abs() < tolerance => row.push((position, glyph)),
            _ => {
                rows.push(vec![(position, glyph)]);
                row_height = height;
            }
        }
    }
    rows.into_iter().flat_map(line_texts).collect()
}

/// The text of one baseline in reading order, a space where the gap
/// between two glyphs is a word's, a new line where it is wider than a
/// few words'.
fn line_texts(mut row: Vec<(f32, &Glyph)>) -> Vec<String> {
    row.sort_by(|a, b| a.0.total_cmp(&b.0));
    let usual = usual_step(&row);
    let mut pieces = vec![String::new()];
    let mut pen: Option<f32> = None;
    for (position, glyph) in row {
        let size = glyph.size.max(1.0);
        let gap = pen.map_or(0.0, |end| position - end);
        if gap > size * PIECE_GAP {
            pieces.push(String::new());
        }
        let out = pieces.last_mut().expect("one piece at least");
        if gap > size * WORD_GAP && !out.ends_with(' ') && !glyph.ch.is_whitespace() {
            out.push(' ');
        }
        out.push(glyph.ch);
        let advance = if glyph.advance != 0.0 {
            glyph.advance.abs()
        } else {
            usual
        };
        pen = Some(position + advance);
    }
    pieces
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The median step between neighbouring glyphs of a line: the advance of
/// glyphs whose own the reader does not know.
fn usual_step(row: &[(f32, &Glyph)]) -> f32 {
    let mut steps: Vec<f32> = row
        .windows(2)
        .map(|pair| pair[1].0 - pair[0].0)
        .filter(|step| *step > 0.0)
        .collect();
    steps.sort_by(f32::total_cmp);
    steps.get(steps.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` drawn from (x, y) along the angle `rotation`
    /// (clockwise), 10 apart.
    fn drawn(text: &str, x: f32, y: f32, rotation: f32) -> Vec<Glyph> {
        let (dx, dy) = (rotation.to_radians().cos(), -rotation.to_radians().sin());
        text.chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                ch,
                x: x + dx * 10.0 * i as f32,
                y: y + dy * 10.0 * i as f32,
                rotation,
                size: 12.0,
                advance: 9.0,
            })
            .collect()
    }

    #[test]
    fn text_across_is_read_line_by_line_from_the_top() {
        let mut glyphs = drawn("Лист", 100.0, 700.0, 0.0);
        glyphs.extend(drawn("Масса", 100.0, 680.0, 0.0));
        assert!(!has_turned_text(&glyphs));
        assert_eq!(page_text(&glyphs), "Лист\nМасса");
    }

    #[test]
    fn text_turned_upwards_is_read_forwards_not_backwards() {
        let mut glyphs = drawn("Лист 1 из 3, масштаб 1:1, формат A4", 100.0, 700.0, 0.0);
        glyphs.extend(drawn("Подп. и дата", 30.0, 100.0, 270.0));
        glyphs.extend(drawn("Инв. подл.", 50.0, 100.0, 270.0));
        // As some readers give them: last drawn first.
        glyphs.reverse();
        assert!(has_turned_text(&glyphs));
        let text = page_text(&glyphs);
        assert!(text.contains("Подп. и дата"), "{text}");
        assert!(text.contains("Инв. подл."), "{text}");
        assert!(
            text.starts_with("Лист 1 из 3, масштаб 1:1, формат A4\n\n"),
            "{text}"
        );
    }

    #[test]
    fn text_turned_downwards_and_upside_down_is_read_forwards() {
        let mut glyphs = drawn("Формат", 500.0, 700.0, 90.0);
        glyphs.extend(drawn("Копировал", 500.0, 40.0, 180.0));
        let text = page_text(&glyphs);
        assert!(text.contains("Формат"), "{text}");
        assert!(text.contains("Копировал"), "{text}");
    }

    #[test]
    fn a_page_turned_as_a_whole_or_written_in_columns_is_left_to_the_reader() {
        let turned = drawn("Beautiful is better than ugly.", 30.0, 100.0, 270.0);
        assert!(!has_turned_text(&turned));
        let mut columns = drawn("Across the page", 100.0, 700.0, 0.0);
        columns.extend(drawn("日本語の縦書き", 500.0, 700.0, 90.0));
        assert!(!has_turned_text(&columns));
    }

    #[test]
    fn a_font_written_in_columns_is_read_down_each_column_from_the_right() {
        let column = |text: &str, x: f32| -> Vec<Glyph> {
            text.chars()
                .enumerate()
                .map(|(i, ch)| Glyph {
                    ch,
                    x,
                    y: 700.0 - 12.0 * i as f32,
                    rotation: 0.0,
                    size: 12.0,
                    advance: -12.0,
                })
                .collect()
        };
        let mut glyphs = column("にほんご", 100.0);
        glyphs.extend(column("あいうえお", 130.0));
        assert_eq!(page_text(&glyphs), "あいうえお\nにほんご");
        assert!(lost_letters("", &glyphs));
        assert!(!lost_letters("あいうえお にほんご", &glyphs));
    }

    #[test]
    fn a_wide_gap_is_a_space_and_a_wider_one_a_new_line() {
        let mut glyphs = drawn("ab", 0.0, 0.0, 270.0);
        glyphs.extend(drawn("cd", 0.0, 40.0, 270.0));
        glyphs.extend(drawn("ef", 0.0, 200.0, 270.0));
        assert_eq!(page_text(&glyphs), "ab cd\nef");
    }

    #[test]
    fn glyphs_without_an_advance_are_spaced_by_their_neighbours() {
        let mut glyphs = drawn("Лист", 0.0, 0.0, 270.0);
        for glyph in &mut glyphs {
            glyph.advance = 0.0;
        }
        assert_eq!(page_text(&glyphs), "Лист");
    }
}
