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

fn shipped(layer: &str) -> String {
    format!("{}/texts/{layer}.ron", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn notes_and_texts_are_listed_together_most_relevant_first_on_the_shipped_data() {
    let text = crosswalk(&[
        "search",
        "encryption",
        "--annotations",
        &shipped("safeguards"),
        "--annotations",
        &shipped("commentary"),
    ]);
    let lines: Vec<&str> = text.lines().skip(3).collect();
    let budapest = lines
        .iter()
        .position(|line| line.starts_with("bc:art_25__para_3\t"))
        .expect("the text match is listed");
    // The notes on compelled assistance under UN Art. 28(4) first; Budapest Art. 25(3), which names
    // encryption once in passing, after them.
    assert!(budapest > 0, "{text}");
    assert!(
        lines[..budapest]
            .iter()
            .all(|line| line.starts_with("uncc:art_28__para_4\tArt. 28(4) (Published commentary ")),
        "{text}"
    );
    assert_eq!(lines.len(), budapest + 1, "every match once: {text}");

    // A heading and a defined term outrank the texts that use the words.
    let text = crosswalk(&["search", "service provider"]);
    let first: Vec<&str> = text.lines().skip(2).take(2).collect();
    assert!(
        first
            .iter()
            .all(|line| line.starts_with("uncc:art_2__point_e\t")
                || line.starts_with("bc:art_1__point_c\t")),
        "the definitions first: {first:?}"
    );
    let text = crosswalk(&["search", "expedited preservation"]);
    let first = text.lines().nth(2).unwrap_or_default();
    assert!(first.contains("(heading)"), "a heading first: {text}");

    // JSON keeps both lists in document order and gives the ranking over them.
    let json: serde_json::Value = serde_json::from_str(&crosswalk(&[
        "search",
        "encryption",
        "--format",
        "json",
        "--annotations",
        &shipped("commentary"),
    ]))
    .expect("JSON");
    let ranked = json["ranked"].as_array().expect("ranked");
    assert_eq!(ranked.len(), 5, "{json}");
    assert!(
        ranked[0]["note"].is_u64() && ranked[4]["hit"] == 0,
        "{json}"
    );
    assert!(ranked[0]["score"].as_u64() > ranked[4]["score"].as_u64());
}
