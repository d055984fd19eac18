//! Old Japanese character forms (kyūjitai: 條, 對, 國) read as today's
//! (shinjitai: 条, 対, 国), in index and query analysis alike, so that a
//! pre-war text and a modern query meet (日露講和條約 ↔ 日露講和条約).
//! The passage keeps its characters; only its terms are folded.
//!
//! The table (`data/kyujitai.tsv`, 464 characters) is generated from
//! kyujipy's tables; its source and licence are at its top. Traditional
//! Chinese writes many of the same old forms, and is folded alike.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Old form → form of today.
static TABLE: LazyLock<FxHashMap<char, char>> = LazyLock::new(|| {
    include_str!("../../data/kyujitai.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (old, new) = line.split_once('\t')?;
            Some((single(old)?, single(new)?))
        })
        .collect()
});

fn single(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// `text` with every old character form replaced by today's.
pub fn modern(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| TABLE.contains_key(&c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| *TABLE.get(&c).unwrap_or(&c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_forms_are_read_as_todays() {
        assert_eq!(modern("日露講和條約"), "日露講和条約");
        assert_eq!(modern("對馬"), "対馬");
        assert_eq!(modern("舊國"), "旧国");
        assert_eq!(modern("與"), "与");
    }

    #[test]
    fn todays_forms_and_other_scripts_are_kept() {
        for text in [
            "日露講和条約",
            "対馬",
            "東京",
            "ポーツマス",
            "Portsmouth",
            "조선",
        ] {
            assert!(matches!(modern(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn the_table_is_whole_and_maps_no_form_of_today() {
        assert!(TABLE.len() >= 450, "{}", TABLE.len());
        // A form of today is never itself folded again.
        assert!(TABLE.values().all(|new| !TABLE.contains_key(new)));
    }
}
