//! The interface lines of a page saved as plain text: "Skip to main
//! content", "[edit]", "Home | News | About", "Available formats" three
//! times over. They are told by their shape, not by the site: a short line
//! made only of the words sites use for their controls, an edit link in
//! brackets, a bar of menu items, a machine status line, or a short line
//! the file repeats. Such lines are blanked (spaces of the same length, so
//! that byte offsets into the file stay true) and never become passages.

use std::collections::HashMap;

/// Words that controls, menus and footers of web pages are made of, in
/// the first-class languages. A line is navigation only when every word
/// of it is one of these (numbers aside), so a word of content keeps it.
const INTERFACE_WORDS: &[&str] = &[
    // English
    "a",
    "about",
    "accept",
    "access",
    "accessibility",
    "account",
    "ad",
    "ads",
    "advertisement",
    "all",
    "and",
    "article",
    "articles",
    "available",
    "back",
    "by",
    "cite",
    "close",
    "comment",
    "comments",
    "contact",
    "content",
    "contents",
    "continue",
    "cookie",
    "cookies",
    "copyright",
    "download",
    "edit",
    "email",
    "feedback",
    "follow",
    "for",
    "format",
    "formats",
    "free",
    "from",
    "get",
    "go",
    "help",
    "hide",
    "history",
    "home",
    "in",
    "jump",
    "language",
    "languages",
    "log",
    "login",
    "main",
    "menu",
    "more",
    "navigation",
    "newsletter",
    "next",
    "of",
    "on",
    "open",
    "options",
    "our",
    "out",
    "page",
    "pages",
    "permalink",
    "policy",
    "prev",
    "previous",
    "print",
    "privacy",
    "read",
    "recommend",
    "recommended",
    "register",
    "related",
    "reply",
    "reserved",
    "rights",
    "save",
    "search",
    "see",
    "settings",
    "share",
    "show",
    "sign",
    "site",
    "skip",
    "source",
    "subscribe",
    "talk",
    "terms",
    "the",
    "this",
    "to",
    "toggle",
    "tools",
    "top",
    "up",
    "us",
    "use",
    "view",
    "we",
    "with",
    "you",
    "your",
    // Russian
    "в",
    "версия",
    "войти",
    "все",
    "вход",
    "выйти",
    "главная",
    "далее",
    "для",
    "ещё",
    "защищены",
    "и",
    "из",
    "к",
    "код",
    "комментарии",
    "меню",
    "наверх",
    "назад",
    "навигации",
    "на",
    "перейти",
    "печати",
    "поделиться",
    "подписаться",
    "поиск",
    "поиску",
    "права",
    "править",
    "регистрация",
    "редактировать",
    "скачать",
    "смотреть",
    "содержанию",
    "также",
    "читать",
    // Korean
    "공유",
    "관련",
    "기사",
    "닫기",
    "댓글",
    "더보기",
    "로그인",
    "맨",
    "메뉴",
    "목록",
    "무단",
    "바로가기",
    "본문",
    "보기",
    "검색",
    "구독",
    "원본",
    "위로",
    "이전",
    "인쇄",
    "전재",
    "재배포",
    "금지",
    "다음",
    "편집",
    "회원가입",
    "저작권",
];

/// Whole lines that are a site's interface or tagline, where a language
/// writes no spaces or the words alone would say too little.
const INTERFACE_LINES: &[&str] = &[
    "from wikipedia, the free encyclopedia",
    "материал из википедии — свободной энциклопедии",
    "위키백과, 우리 모두의 백과사전.",
    "本文へスキップ",
    "本文へ移動",
    "メニュー",
    "ログイン",
    "検索",
    "共有",
    "印刷",
    "編集",
    "ソースを編集",
    "続きを読む",
    "トップへ戻る",
    "ページの先頭へ",
    "関連記事",
    "×",
];

/// A short line the file has this many times or more is an interface
/// label ("Available formats" under every download button).
const REPEATS: usize = 3;
/// Words a line may have and still be taken for a label.
const SHORT_LINE_WORDS: usize = 8;
/// Words (with separators) a menu bar or a status line may have.
const MAX_MENU_WORDS: usize = 40;

/// True when `line` is, by its shape alone, a page's interface.
pub fn is_navigation(line: &str) -> bool {
    let line = line.trim();
    // Most lines of a text are sentences: too long for any rule but the
    // status line's, told without lower-casing anything.
    let words = line
        .split_ascii_whitespace()
        .take(MAX_MENU_WORDS + 1)
        .count();
    if line.is_empty() || words > MAX_MENU_WORDS {
        return false;
    }
    if words > SHORT_LINE_WORDS {
        return is_menu_bar(line) || is_status_line(line);
    }
    let lower = line.to_lowercase();
    INTERFACE_LINES.contains(&lower.as_str())
        || is_edit_link(&lower)
        || is_menu_bar(line)
        || is_status_line(line)
        || only_interface_words(&lower)
}

/// `[edit]`, `[править | править код]`, `[편집]`: a bracketed link of a
/// few words.
fn is_edit_link(lower: &str) -> bool {
    lower
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|inner| {
            let words = inner.split(|c: char| c.is_whitespace() || c == '|');
            let words: Vec<&str> = words.filter(|w| !w.is_empty()).collect();
            !words.is_empty() && words.len() <= 4 && words.iter().all(|w| is_interface_word(w))
        })
}

/// `Home | News | About`: three or more items of a few words each,
/// separated by bars or middle dots.
fn is_menu_bar(line: &str) -> bool {
    let items: Vec<&str> = line.split([' ', '\t']).collect();
    let separators = items
        .iter()
        .filter(|w| matches!(**w, "|" | "·" | "•" | "/"))
        .count();
    let parts: Vec<&str> = line.split(['|', '·']).map(str::trim).collect();
    separators >= 2 && parts.len() >= 3 && parts.iter().all(|p| p.split_whitespace().count() <= 3)
}

/// A page generator's status line: a timestamp with a time of day among
/// several `key: value` pairs and no sentence.
fn is_status_line(line: &str) -> bool {
    if line.matches(": ").nth(1).is_none() {
        return false;
    }
    let has_timestamp = line.as_bytes().windows(13).any(|w| {
        w[..4].iter().all(u8::is_ascii_digit)
            && w[4] == b'-'
            && w[7] == b'-'
            && w[10] == b'T'
            && w[11..13].iter().all(u8::is_ascii_digit)
    });
    let keys = line.matches(": ").count();
    has_timestamp && keys >= 2
}

/// A short line whose every word (numbers aside) is an interface word,
/// and which has at least two of them: `Skip to main content`, `Get
/// access`. A single word alone is more often a heading of the text.
fn only_interface_words(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    words.len() >= 2
        && words.len() <= SHORT_LINE_WORDS
        && words.iter().all(|w| is_interface_word(w))
}

fn is_interface_word(word: &str) -> bool {
    INTERFACE_WORDS.contains(&word)
}

/// The short lines a page repeats as labels: [`REPEATS`] times or more,
/// with a letter, all their copies less than a third of the page's lines
/// (a list of single words, or a refrain of a poem, is the text itself).
fn repeated_labels(text: &str) -> std::collections::HashSet<&str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut lines = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        if line.split_whitespace().count() <= SHORT_LINE_WORDS
            && line.chars().any(char::is_alphabetic)
        {
            *counts.entry(line).or_default() += 1;
        }
    }
    let repeated: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, n)| n >= REPEATS).collect();
    let copies: usize = repeated.iter().map(|&(_, n)| n).sum();
    if copies * 3 >= lines {
        return Default::default();
    }
    repeated.into_iter().map(|(line, _)| line).collect()
}

/// Blanks the interface lines of a page saved as text (and the short
/// lines it repeats), keeping every byte offset; returns how many lines
/// were blanked.
pub fn blank_navigation(text: &mut String) -> usize {
    let labels = repeated_labels(text);
    let mut ranges = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if is_navigation(content) || labels.contains(content.trim()) {
            ranges.push(offset..offset + content.len());
        }
        offset += line.len();
    }
    // Each range is replaced by as many spaces as it has bytes.
    let mut bytes = std::mem::take(text).into_bytes();
    for range in &ranges {
        bytes[range.clone()].fill(b' ');
    }
    *text = String::from_utf8(bytes).expect("whole lines replaced by ASCII spaces");
    ranges.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_lines_are_told_by_their_shape() {
        for line in [
            "Skip to main content Accessibility help",
            "Jump to content",
            "[edit]",
            "[править | править код]",
            "Home | News | Sport | Weather",
            "Hostname: page-x Total loading time: 0 Render date: 2024-07-14T08:52:31.434Z",
            "From Wikipedia, the free encyclopedia",
            "Перейти к навигации",
            "본문 바로가기",
            "本文へスキップ",
            "Go to page: [1 |",
        ] {
            assert!(is_navigation(line), "{line}");
        }
    }

    #[test]
    fn lines_of_the_text_are_kept() {
        for line in [
            "Background",
            "The Fourth Treaty",
            "• Враждебные отношения с Россией",
            "Read the treaty of 1855 in full.",
            "2 - Japan-Russia Diplomatic Relations from the Russo-Japanese War",
            "Russo-Japanese War | 1904 | a war between two empires over Manchuria and Korea",
            "러일 최초의 평화우호조약(시모다조약)이 체결되었습니다.",
            "Published online by Cambridge University Press: 26 March 2024",
        ] {
            assert!(!is_navigation(line), "{line}");
        }
    }

    #[test]
    fn blanking_keeps_offsets_and_counts_repeats() {
        let mut text = "Jump to content\nThe treaty.\nSave to Dropbox\nx\ny\nz\nSave to Dropbox\nw\nv\nu\nSave to Dropbox\n".to_string();
        let before = text.len();
        assert_eq!(blank_navigation(&mut text), 4);
        assert_eq!(text.len(), before);
        assert!(text.contains("The treaty.\n"));
        assert!(!text.contains("Dropbox"));
    }

    #[test]
    fn a_text_made_of_repeats_is_kept() {
        let mut words = "word\n".repeat(100);
        assert_eq!(blank_navigation(&mut words), 0);
        let mut refrain =
            "Rain falls\nover Nagasaki\nRain falls\nover Hakodate\nRain falls\n".to_string();
        assert_eq!(blank_navigation(&mut refrain), 0);
    }
}
