//! Searching everything: treaty texts, headings and interpretative notes, and the notes, tags and replies
//! of annotation layers, each hit with the heading of the article (or part) it is in.

use std::process::Command;

fn crosswalk(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(args)
        .output()
        .expect("crosswalk runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn teacher_layer() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/good/teacher.ron").to_owned()
}

#[test]
fn a_word_from_ones_own_note_is_found_with_its_article() {
    let layer = teacher_layer();
    let text = crosswalk(&["search", "human-rights anchor", "--annotations", &layer]);
    assert!(
        text.contains("notes: 1 match (annotation layers)"),
        "{text}"
    );
    let line = text
        .lines()
        .find(|line| line.starts_with("uncc:art_24__para_1\t"))
        .expect("the note's hit is listed");
    let columns: Vec<&str> = line.split('\t').collect();
    assert_eq!(columns[1], "Art. 24(1) (Teacher note, t1)");
    assert!(columns[2].contains("«human-rights anchor»"), "{line}");
    assert_eq!(columns[3], "Article 24 – Conditions and safeguards");
    // Tags are searched too.
    let text = crosswalk(&["search", "seminar/3", "--annotations", &layer]);
    assert!(text.contains("(Teacher tag, t1)"), "{text}");
}

#[test]
fn treaty_hits_name_their_article_and_json_carries_it() {
    let text = crosswalk(&["search", "ordre public", "--treaty", "bc"]);
    assert!(
        text.lines().any(|line| line.starts_with("bc:art_27__para_4__point_b\t")
            && line.ends_with("\tArticle 27 – Procedures pertaining to mutual assistance requests in the absence of applicable international agreements")),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&crosswalk(&[
        "search",
        "principle of proportionality",
        "--format",
        "json",
        "--annotations",
        &teacher_layer(),
    ]))
    .expect("JSON");
    let hits = json["hits"].as_array().expect("hits");
    assert!(hits.iter().all(|hit| hit["heading"].is_string()));
    assert_eq!(
        json["notes"].as_array().map(Vec::len),
        Some(0),
        "the quote is not in the note's own words"
    );
    // Interpretative notes are searched as part of the UN text.
    let text = crosswalk(&["search", "reasonable grounds", "--treaty", "uncc"]);
    assert!(text.contains("uncc:annex__note_4"), "{text}");
}
