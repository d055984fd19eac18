//! The index folder belongs to the user too: shimoda deletes only the index
//! it wrote there, and never takes over a folder of other files.

mod common;

use common::{age_the_index, assert_one_line_error, copy_of_corpus, ok, shimoda};

#[test]
fn user_files_in_the_index_folder_survive_a_schema_rebuild() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    let index = dir.path().join("index");
    let mine = [("notes.tmp.txt", "my notes"), ("Cargo.lock", "# mine")];
    for (name, text) in mine {
        std::fs::write(index.join(name), text).unwrap();
    }
    age_the_index(&index);
    let out = shimoda(dir.path(), &["index"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("schema version 1"), "no rebuild: {said}");
    assert_eq!(
        std::fs::read_to_string(index.join("notes.tmp.txt")).unwrap(),
        "my notes"
    );
    assert_eq!(
        std::fs::read_to_string(index.join("Cargo.lock")).unwrap(),
        "# mine"
    );
    let stats: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["stats", "--json"])).unwrap();
    assert_eq!(stats["files"], 5);
}

#[test]
fn a_folder_of_other_files_is_not_taken_as_an_index() {
    let dir = copy_of_corpus();
    let folder = dir.path().join("papers");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.tmp.txt"), "my notes").unwrap();
    for args in [
        &["index", "--index", "papers"][..],
        &["search", "Portsmouth", "--index", "papers"],
    ] {
        let out = shimoda(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_one_line_error(&out);
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a shimoda index"));
    }
    let names: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert_eq!(names.len(), 1, "the folder was written to");
}
