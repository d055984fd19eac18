//! Month names and number words in English, Russian and Korean.

/// The month (1–12) of an English month name or abbreviation.
pub fn english_month(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// The month (1–12) of a Russian month name in any case, or an abbreviation.
pub fn russian_month(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    const MONTHS: [&str; 12] = [
        "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// Regex alternation of English month names, longest forms first.
pub const ENGLISH_MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|\
     jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

/// Regex alternation of Russian month names in the nominative, genitive and
/// prepositional cases, then abbreviations.
pub const RUSSIAN_MONTHS: &str = "январь|января|январе|февраль|февраля|феврале|март|марта|марте|\
     апрель|апреля|апреле|май|мая|мае|июнь|июня|июне|июль|июля|июле|август|августа|августе|\
     сентябрь|сентября|сентябре|октябрь|октября|октябре|ноябрь|ноября|ноябре|декабрь|декабря|декабре|\
     янв|февр|фев|мар|апр|июн|июл|авг|сент|сен|окт|нояб|ноя|дек";

const ENGLISH_UNITS: [&str; 9] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
];
const ENGLISH_TEENS: [&str; 10] = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// Regex alternation of English ordinal words for days and centuries.
pub const ENGLISH_ORDINALS: &str = "(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|\
     twentieth|thirtieth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|\
     eighteenth|nineteenth|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth";

/// The value of an English ordinal word (`third` = 3, `thirty-first` = 31).
pub fn english_ordinal(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    match lower.as_str() {
        "twentieth" => return Some(20),
        "thirtieth" => return Some(30),
        _ => {}
    }
    let (tens, rest) = if let Some(rest) = lower.strip_prefix("twenty") {
        (20, rest.trim_start_matches(['-', ' ']))
    } else if let Some(rest) = lower.strip_prefix("thirty") {
        (30, rest.trim_start_matches(['-', ' ']))
    } else {
        (0, lower.as_str())
    };
    if rest.is_empty() {
        return None;
    }
    if let Some(i) = ENGLISH_UNITS.iter().position(|u| *u == rest) {
        return Some(tens + i as u32 + 1);
    }
    if tens == 0 {
        return ENGLISH_TEENS
            .iter()
            .position(|u| *u == rest)
            .map(|i| i as u32 + 10);
    }
    None
}

/// Regex alternation of Russian ordinal stems (`трет` of `третьего`),
/// longest first so that `девятнадцат` is not read as `девят`.
pub const RUSSIAN_ORDINAL_STEMS: &str = "одиннадцат|двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат|\
     семнадцат|восемнадцат|девятнадцат|двадцат|тридцат|перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят";

/// The value of a Russian ordinal day: an optional `двадцать`/`тридцать`
/// and an ordinal word (`тридцать первое` = 31).
pub fn russian_ordinal(tens: Option<&str>, word: &str) -> Option<u32> {
    const STEMS: [(&str, u32); 21] = [
        ("одиннадцат", 11),
        ("двенадцат", 12),
        ("тринадцат", 13),
        ("четырнадцат", 14),
        ("пятнадцат", 15),
        ("шестнадцат", 16),
        ("семнадцат", 17),
        ("восемнадцат", 18),
        ("девятнадцат", 19),
        ("двадцат", 20),
        ("тридцат", 30),
        ("перв", 1),
        ("втор", 2),
        ("трет", 3),
        ("четв", 4),
        ("пят", 5),
        ("шест", 6),
        ("седьм", 7),
        ("восьм", 8),
        ("девят", 9),
        ("десят", 10),
    ];
    let lower = word.to_lowercase();
    let unit = STEMS
        .iter()
        .find(|(s, _)| lower.starts_with(s))
        .map(|(_, v)| *v)?;
    let tens = match tens.map(str::to_lowercase).as_deref() {
        Some("двадцать") => 20,
        Some("тридцать") => 30,
        _ => 0,
    };
    (tens == 0 || unit < 10).then_some(tens + unit)
}

/// The value of a Sino-Korean number written in words (`이천십오` = 2015).
pub fn sino_korean(word: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    for c in word.chars() {
        let value = match c {
            '일' => Some(1),
            '이' => Some(2),
            '삼' => Some(3),
            '사' => Some(4),
            '오' => Some(5),
            '육' => Some(6),
            '칠' => Some(7),
            '팔' => Some(8),
            '구' => Some(9),
            _ => None,
        };
        if let Some(v) = value {
            if digit.is_some() {
                return None;
            }
            digit = Some(v);
            continue;
        }
        let unit = match c {
            '십' => 10,
            '백' => 100,
            '천' => 1000,
            _ => return None,
        };
        total += digit.take().unwrap_or(1) * unit;
    }
    Some(total + digit.unwrap_or(0)).filter(|&v| v > 0)
}

/// The value of a Roman numeral up to 39 (enough for centuries), checked
/// for well-formedness.
pub fn roman(numeral: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let values: Vec<u32> = numeral.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, v) in values.iter().enumerate() {
        let next = values.get(i + 1).copied().unwrap_or(0);
        total += if *v < next { -(*v as i64) } else { *v as i64 };
    }
    let total = u32::try_from(total).ok().filter(|t| (1..40).contains(t))?;
    (to_roman(total) == numeral).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (v, s) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names() {
        assert_eq!(english_month("Sept"), Some(9));
        assert_eq!(english_month("december"), Some(12));
        assert_eq!(russian_month("июля"), Some(7));
        assert_eq!(russian_month("мае"), Some(5));
        assert_eq!(russian_month("марте"), Some(3));
    }

    #[test]
    fn ordinals() {
        assert_eq!(english_ordinal("third"), Some(3));
        assert_eq!(english_ordinal("Thirty-first"), Some(31));
        assert_eq!(english_ordinal("twentieth"), Some(20));
        assert_eq!(english_ordinal("nineteenth"), Some(19));
        assert_eq!(russian_ordinal(None, "третьего"), Some(3));
        assert_eq!(russian_ordinal(Some("тридцать"), "первое"), Some(31));
        assert_eq!(russian_ordinal(None, "четырнадцатое"), Some(14));
    }

    #[test]
    fn korean_number_words() {
        assert_eq!(sino_korean("이천십오"), Some(2015));
        assert_eq!(sino_korean("삼"), Some(3));
        assert_eq!(sino_korean("십이"), Some(12));
        assert_eq!(sino_korean("천구백사"), Some(1904));
        assert_eq!(sino_korean("이이"), None);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("XIX"), Some(19));
        assert_eq!(roman("XVIII"), Some(18));
        assert_eq!(roman("XXI"), Some(21));
        assert_eq!(roman("IIII"), None);
        assert_eq!(roman("ABC"), None);
    }
}
