//! Extractor cases: sentences of the corpus texts (English, Russian, Korean)
//! and forms the corpus lacks, each with every date it mentions.

use super::super::{Mention, Precision, extract, years};
use super::table::TABLE;
use super::{Candidate, choose, collect, windows};

/// What the extractor found, in the judged categories: years, day and month
/// dates (`YYYY-MM-DD`, `YYYY-MM`), decades (first year), centuries.
fn found(text: &str) -> (Vec<i32>, Vec<String>, Vec<i32>, Vec<i32>) {
    let mentions = extract(text);
    let mut dates: Vec<String> = mentions
        .iter()
        .filter_map(|m| match m.precision {
            Precision::Day => Some(m.from.to_string()),
            Precision::Month => Some(m.from.to_string()[..7].to_string()),
            _ => None,
        })
        .collect();
    dates.sort();
    dates.dedup();
    let mut decades: Vec<i32> = mentions
        .iter()
        .filter(|m| m.precision == Precision::Decade)
        .map(|m| m.from.year)
        .collect();
    decades.sort_unstable();
    decades.dedup();
    let mut centuries: Vec<i32> = mentions
        .iter()
        .filter(|m| m.precision == Precision::Century)
        .map(|m| m.to.year / 100)
        .collect();
    centuries.sort_unstable();
    centuries.dedup();
    (years(&mentions), dates, decades, centuries)
}

fn check(
    text: &str,
    want_years: &[i32],
    want_dates: &[&str],
    want_decades: &[i32],
    want_centuries: &[i32],
) {
    let (y, d, dec, c) = found(text);
    assert_eq!(y, want_years, "years of {text:?}");
    assert_eq!(d, want_dates, "dates of {text:?}");
    assert_eq!(dec, want_decades, "decades of {text:?}");
    assert_eq!(c, want_centuries, "centuries of {text:?}");
}

fn nothing(text: &str) {
    check(text, &[], &[], &[], &[]);
}

// ---- English (001, 002, 004) ----

#[test]
fn en_bare_years_and_modifiers() {
    check(
        "For his return in 1793, the expedition of Adam Laxman",
        &[1793],
        &[],
        &[],
        &[],
    );
    check(
        "but the 1917 Revolution changed that paradigm",
        &[1917],
        &[],
        &[],
        &[],
    );
    check(
        "the Anglo-Japanese Alliance (1902) with Russia as the imaginary enemy",
        &[1902],
        &[],
        &[],
        &[],
    );
    check(
        "Peter the Great who, in 1701, gave an audience to Denbei",
        &[1701],
        &[],
        &[],
        &[],
    );
    check(
        "Prime Minister of Japan E. Mori in 2000 and 2001, as well as",
        &[2000, 2001],
        &[],
        &[],
        &[],
    );
    check(
        "since 1956, when Japan and the USSR jointly declared",
        &[1956],
        &[],
        &[],
        &[],
    );
    check(
        "In the fall of 1954, a change in political forces",
        &[1954],
        &[],
        &[],
        &[],
    );
}

#[test]
fn en_ranges() {
    check(
        "the Japanese-Soviet rivalry in 1927-1941.",
        &[1927, 1941],
        &[],
        &[],
        &[],
    );
    check(
        "the civil revolution in Russia (1918-1921), Japan",
        &[1918, 1919, 1920, 1921],
        &[],
        &[],
        &[],
    );
    check(
        "After Japan’s decisive victory in the Russo-Japanese War of 1904–1905",
        &[1904, 1905],
        &[],
        &[],
        &[],
    );
    check(
        "The reforms of the 1870-1890 years",
        &[1870, 1890],
        &[],
        &[],
        &[],
    );
    check(
        "In 1920-1930, the Kurilla and Sakhalin",
        &(1920..=1930).collect::<Vec<_>>(),
        &[],
        &[],
        &[],
    );
    check(
        "between 1907 and 1916 four agreements",
        &(1907..=1916).collect::<Vec<_>>(),
        &[],
        &[],
        &[],
    );
    check("the war of 1904–05 ended", &[1904, 1905], &[], &[], &[]);
}

#[test]
fn en_full_dates() {
    check(
        "The invasion began on August 8, 1945, exactly three months",
        &[1945],
        &["1945-08-08"],
        &[],
        &[],
    );
    check(
        "signed four times between 30 July 1907 and around 3 July 1916",
        &[1907, 1916],
        &["1907-07-30", "1916-07-03"],
        &[],
        &[],
    );
    check(
        "On September 18, 1931, Japanese troops attacked",
        &[1931],
        &["1931-09-18"],
        &[],
        &[],
    );
    check(
        "Published online by Cambridge University Press:\u{a0} 26 March 2024",
        &[2024],
        &["2024-03-26"],
        &[],
        &[],
    );
    check("Reservoirs 13.10.2019", &[2019], &["2019-10-13"], &[], &[]);
    check(
        "Render date: 2024-07-14T08:52:31.434Z Has data issue",
        &[2024],
        &["2024-07-14"],
        &[],
        &[],
    );
    check(
        "nippon.com. 2017-11-06. Retrieved 2022-02-10.",
        &[2017, 2022],
        &["2017-11-06", "2022-02-10"],
        &[],
        &[],
    );
}

#[test]
fn en_months() {
    check(
        "the Neutrality Pact in April 1941.",
        &[1941],
        &["1941-04"],
        &[],
        &[],
    );
    check(
        "In May-June 1938, the Militarist Krugs of Japan",
        &[1938],
        &["1938-05", "1938-06"],
        &[],
        &[],
    );
    check(
        "granted to the Emperor in July 1927, was set out",
        &[1927],
        &["1927-07"],
        &[],
        &[],
    );
    check(
        "a military coup in Japan in February 1936, the relationship",
        &[1936],
        &["1936-02"],
        &[],
        &[],
    );
    check(
        "Matsui, Masato (March 1972). \"The Russo-Japanese Agreement",
        &[1972],
        &["1972-03"],
        &[],
        &[],
    );
}

#[test]
fn en_decades_and_centuries() {
    check(
        "Russian-Japanese relations in the 1990s. continued",
        &[],
        &[],
        &[1990],
        &[],
    );
    check(
        "partnerships of the 30th-early 40s.",
        &[],
        &[],
        &[1930, 1940],
        &[],
    );
    check(
        "in the last third of the XIX century was accelerated",
        &[],
        &[],
        &[],
        &[19],
    );
    check(
        "at the beginning of the twentieth century, foreign policy",
        &[],
        &[],
        &[],
        &[20],
    );
    check(
        "from the 1920s to the 1940s",
        &[],
        &[],
        &[1920, 1930, 1940],
        &[],
    );
    check("the 19th and 20th centuries", &[], &[], &[], &[19, 20]);
}

#[test]
fn en_citations_keep_years_not_pages() {
    check("M., 1962, p.447.", &[1962], &[], &[], &[]);
    check(
        "Questions of history, 1997, №4, p.138-145. Thus",
        &[1997],
        &[],
        &[],
        &[],
    );
}

#[test]
fn en_traps() {
    nothing(
        "By then the volume of bilateral trade reached 6 billion dollars and Japan occupied only 11th place.",
    );
    nothing(
        "including colored and precious (37%), seafood (27%), timber (11%). Noticeably 2.3 times",
    );
    nothing("whose share has increased from 13 to 20%).");
    nothing("offered a clearly non-serious price - 50 million yen (20 million gold rubles).");
    nothing("Student IV Course 42 Groups");
    nothing("in support of his allies in World War II and began operation August Storm.");
    nothing("Hiroshima (6th of August) and Nagasaki (9th of August), after May 8th.");
    nothing("the Korean Peninsula, Manchuria, and Mongolia.[1]");
    nothing("ISBN 978-4255004853");
    nothing("doi:10.1017/S0026749X00000305. ISSN 0026-749X. JSTOR 311985. S2CID 144754908.");
    nothing("Page: 1/4.");
    nothing("more than 1,000 people and 2,500 tons of cargo");
    nothing("a loss of $ 8.8 billion, or 1500 million yen");
    nothing("two centuries later, at 10:52:16 +0300");
    nothing("see pp. 1200-1300 and No. 1905");
}

#[test]
fn numbers_after_identifier_words_are_not_years() {
    nothing("Note 2100: see number 2100");
    nothing("Item 1950 in the list, No. 1951, nos. 1952, nr 1953, num. 1954");
    nothing("see note 1905, footnote 1906, chapter 2001, ch. 2002, issue 2003, vol 1998");
    nothing("JSTOR 1905, S2CID 1906, PMID 1907");
    nothing("Страница 1905, номер 1906, пункт 1908, п. 1909, выпуск 1910");
    nothing("제1905호, 1905번, 1905번째, 1905쪽, 1905페이지, 제1905조");
    // The word must be right before the number.
    check("number of ships in 1905", &[1905], &[], &[], &[]);
    check("1905 호주에서", &[1905], &[], &[], &[]);
}

#[test]
fn numbers_in_web_addresses_are_not_years() {
    nothing("# source: https://example.org/2020/05/treaty-1905.html");
    nothing("see www.example.com/archive/1905 and http://x.ru/1875");
    // A long text before a number is read back no further than a bound,
    // which may fall inside a character.
    let long = format!("{}가 1905년", "러시아 ".repeat(100));
    check(&long, &[1905], &[], &[], &[]);
    // The text around an address keeps its dates, also without spaces.
    check(
        "出典https://ja.example.org/wiki/日露戦争によると1905年に",
        &[1905],
        &[],
        &[],
        &[],
    );
    check(
        "Signed in 1905 (https://example.org/2020/page).",
        &[1905],
        &[],
        &[],
        &[],
    );
}

#[test]
fn a_marker_is_a_whole_word_not_the_end_of_one() {
    check("The gap. 1907 was quiet.", &[1907], &[], &[], &[]);
    check(
        "The piano. 1910 was the year it was built.",
        &[1910],
        &[],
        &[],
        &[],
    );
    check("Вопрос. 1905 год был трудным.", &[1905], &[], &[], &[]);
    check("Текст. 1905 год стал переломным.", &[1905], &[], &[], &[]);
    check(
        "The casino. 1905 was its best year.",
        &[1905],
        &[],
        &[],
        &[],
    );
}

#[test]
fn an_english_unit_is_a_whole_word_not_the_start_of_one() {
    check(
        "In 1905 Mensheviks and Bolsheviks split",
        &[1905],
        &[],
        &[],
        &[],
    );
    check("in 1903 menus changed", &[1903], &[], &[], &[]);
    nothing("1905 men, 1906 dollars, 1907 kilometres, 1908 soldiers, 1909 tons");
}

// ---- Russian (000 and forms the corpus lacks) ----

#[test]
fn ru_years_and_ranges() {
    check(
        "«золотой век русско-японских отношений» 1905-1916",
        &[1905, 1916],
        &[],
        &[],
        &[],
    );
    check(
        "1905-1906, Япония • Сайондзи Киммоти – 12-й премьер-министр Японии",
        &[1905, 1906],
        &[],
        &[],
        &[],
    );
    check(
        "перевооружения армии и флота (1907-1921) из-за «возможности реванша»",
        &[1907, 1921],
        &[],
        &[],
        &[],
    );
    check("боевую готовность»: в 1907 году", &[1907], &[], &[], &[]);
    check(
        "1907: уступки Японии со стороны России",
        &[1907],
        &[],
        &[],
        &[],
    );
    check(
        "договор 1905 г. положил конец войне",
        &[1905],
        &[],
        &[],
        &[],
    );
    check(
        "в ходе войны 1904-1905 гг. Россия",
        &[1904, 1905],
        &[],
        &[],
        &[],
    );
    check(
        "с 1907 по 1916 год были заключены",
        &(1907..=1916).collect::<Vec<_>>(),
        &[],
        &[],
        &[],
    );
}

#[test]
fn ru_dates_and_months() {
    check(
        "конференция «Извольский-Мотоно», 30 июля\n\n1907",
        &[1907],
        &["1907-07-30"],
        &[],
        &[],
    );
    check(
        "решение было принято в марте 1906 года",
        &[1906],
        &["1906-03"],
        &[],
        &[],
    );
    check(
        "война началась 27 января (9 февраля) 1904 года",
        &[1904],
        &["1904-02-09"],
        &[],
        &[],
    );
    check("третьего марта 2015", &[2015], &["2015-03-03"], &[], &[]);
    check("Октябрь 2014", &[2014], &["2014-10"], &[], &[]);
}

#[test]
fn ru_decades_and_centuries() {
    check(
        "в 1990-х годах отношения улучшились",
        &[],
        &[],
        &[1990],
        &[],
    );
    check("в 90-х годах", &[], &[], &[1990], &[]);
    check("XVIII век стал веком освоения Курил", &[], &[], &[], &[18]);
    check("в XIX в. Россия", &[], &[], &[], &[19]);
}

#[test]
fn ru_traps() {
    nothing("• Продолжение военной экспансии: требование увеличения армии и флота");
    nothing("• Ямагата Аритомо - 3-й и 9-й премьер-министр Японии;");
    nothing("армия в 1500 человек и 2000 км границы");
    nothing(
        "• Дек - постановление «О приведении Приамурского военного округа в полную боевую готовность»",
    );
}

// ---- Korean (003) ----

#[test]
fn ko_years_and_ranges() {
    check(
        "양국 관계에서 가장 극적인 페이지 중 하나는 1904~1905년 러일전쟁.",
        &[1904, 1905],
        &[],
        &[],
        &[],
    );
    check(
        "일본의 남부 쿠릴 열도 침공은 1786~1787년으로 거슬러 올라갑니다.",
        &[1786, 1787],
        &[],
        &[],
        &[],
    );
    check(
        "1936년일본 정부는 중국을 완전히 점령하고",
        &[1936],
        &[],
        &[],
        &[],
    );
    check(
        "1945년 이후모스크바와 도쿄 사이에는",
        &[1945],
        &[],
        &[],
        &[],
    );
    check(
        "1985년부터 1991년까지의 러-일 관계.",
        &(1985..=1991).collect::<Vec<_>>(),
        &[],
        &[],
        &[],
    );
    check("1894-1895년 중일 전쟁 직전에", &[1894, 1895], &[], &[], &[]);
    check(
        "처음에 일본의 공격적 열망의 대상은 1931년 가을 일본이 만주를 점령한 중국이었습니다.",
        &[1931],
        &[],
        &[],
        &[],
    );
}

#[test]
fn ko_dates_and_months() {
    check(
        "1944년 11월 7일, 그는 도쿄 스가모 형무소에서",
        &[1944],
        &["1944-11-07"],
        &[],
        &[],
    );
    check(
        "1956년 10월 19일모스크바와 일본은 전쟁 종식과",
        &[1956],
        &["1956-10-19"],
        &[],
        &[],
    );
    check(
        "얄타 회담 중 (1945년 2월)스탈린은",
        &[1945],
        &["1945-02"],
        &[],
        &[],
    );
    check(
        "1998년 11월 11-13일오부치 게이조",
        &[1998],
        &["1998-11-11", "1998-11-13"],
        &[],
        &[],
    );
    check(
        "1993년 10월 11~13일보리스 옐친",
        &[1993],
        &["1993-10-11", "1993-10-13"],
        &[],
        &[],
    );
    check(
        "1939년 5월~9월할힌골 강 지역에서",
        &[1939],
        &["1939-05", "1939-09"],
        &[],
        &[],
    );
    check(
        "전쟁은 1904년 1월 27일(구식) 포트 아서",
        &[1904],
        &["1904-01-27"],
        &[],
        &[],
    );
    check(
        "1875년 4월 25일(5월 7일) 상트페테르부르크에서 체결",
        &[1875],
        &["1875-05-07"],
        &[],
        &[],
    );
    check(
        "1889년 8월 8일(7월 27일)에 러일조약이 체결",
        &[1889],
        &["1889-08-08"],
        &[],
        &[],
    );
    check("朝日出版社、2009年7月。", &[2009], &["2009-07"], &[], &[]);
    check(
        "岩波書店、1994年7月28日、ISBN 4-00-010568-X",
        &[1994],
        &["1994-07-28"],
        &[],
        &[],
    );
    check("이천십오년 삼월 삼일", &[2015], &["2015-03-03"], &[], &[]);
}

#[test]
fn ko_decades_and_centuries() {
    check(
        "극동 지역에서 전쟁이 발발한 것은 1930년대 초였습니다.",
        &[],
        &[],
        &[1930],
        &[],
    );
    check(
        "두 번째 장은 90년대 러-일 관계를 다룬다.",
        &[],
        &[],
        &[1990],
        &[],
    );
    check(
        "1881년에는 자유주의 지주 지유토당이 창설되었고 80년대 말에는",
        &[1881],
        &[],
        &[1880],
        &[],
    );
    check(
        "도고 다케히로의 '21세기 일본과 러시아'",
        &[],
        &[],
        &[],
        &[21],
    );
    check(
        "일본의 러시아인 XIX - 시작 XX세기: 여러 초상화.",
        &[],
        &[],
        &[],
        &[19, 20],
    );
}

#[test]
fn ko_traps() {
    nothing("전쟁은 약 100만 명의 인명을 앗아갔고");
    nothing("소련은 20년 동안 조르게를 대리인으로 인정하지 않았다.");
    nothing("유럽에서의 적대 행위가 끝난 후 2~3개월 후에");
    nothing("러시아 수출액은 235.5천엔으로 증가했습니다. 석탄(1만 톤) 구매");
    nothing("관세와 최혜국 원칙이 확립되었습니다(2-7절).");
    nothing("8월 9일 새벽, 소련은 전쟁을 시작했습니다.");
    nothing(
        "3월 16일 00:00에 Il-76 비행기가 이륙했습니다. 담요 8,600개, 오전 6시 15분 An-74 비행기, 구조대원 25명",
    );
    nothing("공동선언 제9조에 대한 논의, '4개 섬의 동시 반환', 10여년 전의 상황");
    nothing("반히틀러 연합국과 일본이 서명한 이 문서는 공식적으로 제2차 세계대전을 종료했다.");
    nothing("지난 세기 말과 금세기 초 러시아와 일본의 관계");
}

// ---- Other forms and robustness ----

#[test]
fn japanese_era_years() {
    check("明治38年", &[1905], &[], &[], &[]);
    check("昭和20年8月15日", &[1945], &["1945-08-15"], &[], &[]);
}

#[test]
fn odd_dates_never_panic_or_become_invalid() {
    check("1000", &[1000], &[], &[], &[]);
    check("2100", &[2100], &[], &[], &[]);
    nothing("0999 and 2101 and 9999");
    nothing("31.02.1905");
    // An impossible day falls back to what is certain: the month.
    check("1905년 2월 30일", &[1905], &["1905-02"], &[], &[]);
    for text in [
        "",
        "1",
        "99999999999999999999",
        "년월일",
        "XIX",
        "(((",
        "1905-",
        "-1905",
        "1905\u{0}",
    ] {
        let _ = extract(text);
    }
}

#[test]
fn mentions_carry_their_span_and_precision() {
    let text = "signed on 30 July 1907 in St. Petersburg";
    let m = &extract(text)[0];
    assert_eq!(&text[m.start..m.end], m.text);
    assert_eq!(m.text, "30 July 1907");
    assert_eq!(
        (m.precision, m.from.to_string(), m.to.to_string()),
        (Precision::Day, "1907-07-30".into(), "1907-07-30".into())
    );
    let century = &extract("the XIX century")[0];
    assert_eq!(
        (century.from.to_string(), century.to.to_string()),
        ("1801-01-01".into(), "1900-12-31".into())
    );
}

// ---- The rule table ----

/// A mention as the table's examples write it (see the table's module
/// documentation).
fn render(m: &Mention) -> String {
    let dates = match m.precision {
        Precision::Day => m.from.to_string(),
        Precision::Month => m.from.to_string()[..7].to_string(),
        Precision::Year if m.from.year == m.to.year => m.from.year.to_string(),
        Precision::Year => format!("{}-{}", m.from.year, m.to.year),
        Precision::Decade => format!("{}s", m.from.year),
        Precision::Century => format!("{}c", m.to.year / 100),
    };
    match &m.note {
        Some(note) => format!("{dates} ({note})"),
        None => dates,
    }
}

/// The indices of the rules whose matches the extractor keeps in `text`.
fn rules_kept(text: &str) -> Vec<usize> {
    let mut candidates = Vec::new();
    for (from, to) in windows(text) {
        collect(text, from, &text[from..to], &mut candidates);
    }
    choose(candidates).iter().map(|c| c.rule).collect()
}

#[test]
fn every_rule_finds_its_examples() {
    for (index, rule) in TABLE.iter().enumerate() {
        assert!(
            !rule.examples.is_empty(),
            "rule {:?} has no example",
            rule.name
        );
        for (text, want) in rule.examples {
            let got: Vec<String> = extract(text).iter().map(render).collect();
            assert_eq!(got.join(", "), *want, "rule {:?} on {text:?}", rule.name);
            if !want.is_empty() {
                assert!(
                    rules_kept(text).contains(&index),
                    "rule {:?} is not the one that finds {text:?}",
                    rule.name
                );
            }
        }
    }
}

#[test]
fn rule_names_are_unique() {
    for (i, rule) in TABLE.iter().enumerate() {
        assert!(
            TABLE[..i].iter().all(|r| r.name != rule.name),
            "two rules named {:?}",
            rule.name
        );
    }
}

#[test]
fn longest_match_wins_then_earlier_rule_then_earlier_start() {
    let at = |rule, start, end| Candidate {
        start,
        end,
        rule,
        found: Vec::new(),
    };
    let kept = |candidates: Vec<Candidate>| -> Vec<(usize, usize)> {
        choose(candidates)
            .iter()
            .map(|c| (c.rule, c.start))
            .collect()
    };
    // Same span: the rule earlier in the table wins, whatever the order found.
    assert_eq!(kept(vec![at(7, 0, 4), at(3, 0, 4)]), [(3, 0)]);
    assert_eq!(kept(vec![at(3, 0, 4), at(7, 0, 4)]), [(3, 0)]);
    // A longer match beats an earlier rule.
    assert_eq!(kept(vec![at(1, 2, 4), at(9, 0, 6)]), [(9, 0)]);
    // Same length and rule: the earlier start; matches that do not overlap all stay.
    assert_eq!(kept(vec![at(5, 2, 6), at(5, 0, 4)]), [(5, 0)]);
    assert_eq!(kept(vec![at(5, 4, 8), at(2, 0, 4)]), [(2, 0), (5, 4)]);
}
