//! Prints how an index's bytes split over its parts and fields, the 25
//! largest first: `cargo run --release --example space -- INDEX`.
use std::collections::BTreeMap;
use std::process::exit;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: space INDEX");
        exit(2);
    };
    let usage = tantivy::Index::open_in_dir(&dir)
        .and_then(|index| index.reader())
        .and_then(|reader| Ok(reader.searcher().space_usage()?))
        .unwrap_or_else(|e| {
            eprintln!("space: {e}");
            exit(1);
        });
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
