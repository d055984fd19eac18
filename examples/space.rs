//! Prints how an index's bytes split over files and fields:
//! `cargo run --release --example space -- INDEX`.
use std::collections::BTreeMap;

fn main() {
    let dir = std::env::args().nth(1).expect("index folder");
    let index = tantivy::Index::open_in_dir(&dir).expect("open index");
    let reader = index.reader().expect("reader");
    let usage = reader.searcher().space_usage().expect("space usage");
    let mut per_field: BTreeMap<(String, &str), u64> = BTreeMap::new();
    for segment in usage.segments() {
        let parts = [
            ("idx", segment.postings()),
            ("pos", segment.positions()),
            ("term", segment.termdict()),
            ("fast", segment.fast_fields()),
            ("norm", segment.fieldnorms()),
        ];
        for (kind, fields) in parts {
            for u in fields.fields() {
                let name = u.field_name().to_string();
                *per_field.entry((name, kind)).or_default() += u.total().get_bytes();
            }
        }
        *per_field.entry(("(store)".into(), "store")).or_default() +=
            segment.store().total().get_bytes();
    }
    let mut rows: Vec<_> = per_field.into_iter().collect();
    rows.sort_by_key(|(_, b)| std::cmp::Reverse(*b));
    for ((field, kind), bytes) in rows.iter().take(25) {
        println!("{:>12} {kind:5} {field}", bytes);
    }
}
