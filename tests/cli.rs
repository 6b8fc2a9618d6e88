//! The command line as users and scripts see it: plain, stable output and exit codes.

use std::process::Command;

fn crosswalk(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn show_prints_pinpoint_id_and_text() {
    let (code, out, _) = crosswalk(&["show", "uncc:art_24__para_1"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("UN Convention against Cybercrime, Art. 24(1)")
    );
    assert_eq!(lines.next(), Some("uncc:art_24__para_1"));
    assert_eq!(lines.next(), Some(""));
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("Each State Party shall ensure that the establishment")
    );
}

#[test]
fn show_article_lists_paragraphs_with_labels_and_heading() {
    let (code, out, _) = crosswalk(&["show", "bc:art_6"]);
    assert_eq!(code, 0);
    assert!(out.starts_with(
        "Budapest Convention on Cybercrime (ETS No. 185), Art. 6 – Misuse of devices\nbc:art_6\n"
    ));
    assert!(out.contains("\n1. Each Party shall adopt"));
    assert!(out.contains("\na) the production, sale"));
    assert!(out.contains("\n(ii) a computer password"));
    assert!(out.contains("\nwith intent that it be used"));
}

#[test]
fn show_includes_interpretative_notes() {
    let (_, out, _) = crosswalk(&["show", "uncc:art_17"]);
    assert!(out.contains(
        "Interpretative note 3 (Article 17, uncc:annex__note_3): In the framework of the convention"
    ));
}

#[test]
fn show_json_is_machine_readable() {
    let (code, out, _) = crosswalk(&["show", "bc:art_2", "--format", "json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["id"], "bc:art_2");
    assert_eq!(value["pinpoint"], "Art. 2");
    assert_eq!(value["heading"], "Illegal access");
    assert!(
        value["text"]
            .as_str()
            .unwrap()
            .starts_with("Each Party shall adopt")
    );
}

#[test]
fn unknown_id_fails_with_a_helpful_message() {
    let (code, out, err) = crosswalk(&["show", "uncc:art_24__para_9"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("unknown provision ID \"uncc:art_24__para_9\"; uncc:art_24 exists"),
        "{err}"
    );
    let (code, _, err) = crosswalk(&["show", "art_24"]);
    assert_eq!(code, 1);
    assert!(err.contains("IDs start with uncc: or bc:"), "{err}");
}

#[test]
fn outline_lists_divisions_and_articles_with_ids() {
    let (code, out, _) = crosswalk(&["outline", "bc"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().next(), Some("Convention on Cybercrime"));
    assert!(out.contains("\nChapter II – Measures to be taken at the national level [bc:chp_2]\n"));
    assert!(out.contains("\n  Section 1 – Substantive criminal law [bc:chp_2__sec_1]\n"));
    assert!(out.contains("\n      Article 2 – Illegal access [bc:art_2]\n"));
    assert_eq!(
        out.lines()
            .filter(|line| line.trim_start().starts_with("Article "))
            .count(),
        48
    );
    let (_, un, _) = crosswalk(&["outline", "uncc"]);
    assert_eq!(
        un.lines()
            .filter(|line| line.trim_start().starts_with("Article "))
            .count(),
        68
    );
    assert!(un.contains("\n  Interpretative note 4 – Articles 23 and 35, with regard to the term “investigation” [uncc:annex__note_4]\n"));
}

#[test]
fn outline_all_includes_paragraphs_and_items() {
    let (_, out, _) = crosswalk(&["outline", "uncc", "--all"]);
    assert!(out.contains("Art. 24(1) [uncc:art_24__para_1]"));
    assert!(out.contains("Art. 17(1)(a)(ii) [uncc:art_17__para_1__point_a__point_ii]"));
    let (code, _, err) = crosswalk(&["outline", "xyz"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown treaty"));
}

#[test]
fn search_counts_per_treaty_and_lists_pinpoints() {
    let (code, out, _) = crosswalk(&["search", "service provider"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    let uncc = lines.next().unwrap();
    let bc = lines.next().unwrap();
    assert!(
        uncc.starts_with("uncc: ") && uncc.ends_with("(UN Convention against Cybercrime)"),
        "{uncc}"
    );
    assert!(bc.starts_with("bc: "), "{bc}");
    assert!(
        out.contains("\nuncc:art_2__point_e\tArt. 2(e)\t“«Service provider»” shall mean"),
        "{out}"
    );
    assert!(out.contains("\nbc:art_1__point_c\tArt. 1(c)\t“«service provider»” means:"));
    let hits = out.lines().skip(2).count();
    let counted: usize = [uncc, bc]
        .iter()
        .map(|line| {
            line.split_whitespace()
                .nth(1)
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(hits, counted);
}

#[test]
fn search_can_be_limited_to_one_treaty_and_printed_as_json() {
    let (_, out, _) = crosswalk(&[
        "search",
        "Ordre Public",
        "--treaty",
        "bc",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["counts"]["bc"], 3);
    assert!(value["counts"].get("uncc").is_none());
    assert_eq!(value["hits"][0]["id"], "bc:art_27__para_4__point_b");
}

#[test]
fn diff_prints_similarity_and_marked_changes() {
    let (code, out, _) = crosswalk(&["diff", "uncc:art_7", "bc:art_2", "--terms"]);
    assert_eq!(code, 0, "{out}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(
            "UN Convention against Cybercrime, Art. 7 <> Budapest Convention on Cybercrime (ETS No. 185), Art. 2"
        )
    );
    assert!(lines.next().unwrap().starts_with("similarity: "));
    assert_eq!(lines.next(), Some("terminology normalisation: on"));
    assert!(out.contains("\nArt. 7(2) <> Art. 2 ("));
    assert!(out.contains("{+or criminal+}"), "{out}");
    assert!(
        out.contains("{=computer data => electronic data=}"),
        "{out}"
    );
    // The same pair in either order, and without terms: plain insertions instead of equivalents.
    let (_, reversed, _) = crosswalk(&["diff", "bc:art_2", "uncc:art_7", "--terms"]);
    assert_eq!(reversed, out);
    let (_, plain, _) = crosswalk(&["diff", "uncc:art_7", "bc:art_2"]);
    assert!(plain.contains("terminology normalisation: off"));
    assert!(
        !plain.lines().skip(4).any(|line| line.contains("{=")),
        "no equivalents without --terms"
    );
}

/// "in that territory" (UN Arts 29(2), 30(2)) for "on that territory" (Budapest Arts 20(2), 21(2)) is
/// drafting, folded by texts/terms.ron like "in/on the territory": with terms on, no lone preposition is marked.
#[test]
fn terminology_aware_diff_of_real_time_collection_and_interception_marks_no_lone_preposition() {
    for (uncc, bc) in [("uncc:art_29", "bc:art_20"), ("uncc:art_30", "bc:art_21")] {
        let (code, out, _) = crosswalk(&["diff", uncc, bc, "--terms"]);
        assert_eq!(code, 0, "{out}");
        for lone in ["[-in-]", "[-on-]", "{+in+}", "{+on+}"] {
            assert!(!out.contains(lone), "{uncc} <> {bc} marks {lone}:\n{out}");
        }
        assert!(
            out.contains("{=on that territory => in that territory=}"),
            "{uncc} <> {bc}:\n{out}"
        );
        // Without terms the difference is still shown, as a plain change.
        let (_, plain, _) = crosswalk(&["diff", uncc, bc]);
        assert!(plain.contains("[-on-] {+in+} that territory"), "{plain}");
    }
}

#[test]
fn diff_json_and_errors() {
    let (code, out, _) = crosswalk(&[
        "diff",
        "uncc:art_7",
        "bc:art_2",
        "--format",
        "json",
        "--terms",
    ]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["terms"], true);
    assert_eq!(value["rows"][1]["uncc"], "uncc:art_7__para_2");
    assert!(
        value["similarity_with_terms"].as_f64().unwrap() > value["similarity"].as_f64().unwrap()
    );
    let (code, _, err) = crosswalk(&["diff", "uncc:art_7", "uncc:art_8"]);
    assert_eq!(code, 1);
    assert!(err.contains("compares a UN provision"), "{err}");
}

#[test]
fn pairs_lists_every_link_and_the_unmatched() {
    let (code, out, _) = crosswalk(&["pairs"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("uncc\tbc\trelation\ttheme\tsimilarity\trationale")
    );
    assert!(
        out.lines()
            .any(|line| line.starts_with("uncc:art_7\tbc:art_2\t")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|line| line.starts_with("uncc:art_16\t-\tNone\t"))
    );
    assert!(
        out.lines()
            .any(|line| line.starts_with("-\tbc:art_10\tNone\t"))
    );
    assert!(
        out.lines()
            .skip(1)
            .all(|line| line.split('\t').count() == 6),
        "six columns on every line"
    );
}

#[test]
fn the_shipped_layers_pass_check() {
    for file in ["texts/safeguards.ron", "texts/commentary.ron"] {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let (code, out, err) = crosswalk(&["check", &path]);
        assert_eq!(code, 0, "{file}: {out}{err}");
        assert!(out.contains(": ok ("), "{out}");
        // The header's comment lines are one block: one warning at its first line, naming its lines.
        // (Counted by the warning, not the word: "commentary.ron: ok" is the summary line, not a comment.)
        let comments: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("warning: comment"))
            .collect();
        assert!(!comments.is_empty() && comments.len() <= 3, "{out}");
        assert!(
            comments[0].contains(":1:1: warning: comment (lines 1–"),
            "{out}"
        );
    }
}

#[test]
fn pairs_json_carries_each_links_evidence() {
    let (code, out, _) = crosswalk(&["pairs", "--format", "json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let links = value["links"].as_array().unwrap();
    assert!(!links.is_empty());
    for link in links {
        let evidence = link["evidence"]
            .as_array()
            .unwrap_or_else(|| panic!("no evidence array: {link}"));
        assert!(!evidence.is_empty(), "a link without evidence: {link}");
        for item in evidence {
            assert!(
                item["provision"].is_string() && item["quote"].is_string(),
                "{item}"
            );
        }
    }
}

#[test]
fn pairs_text_prints_evidence_rows_under_their_link() {
    let (_, out, _) = crosswalk(&["pairs"]);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.starts_with("uncc:art_28__para_4\tbc:art_19__para_4\t"))
        .expect("the compelled-assistance link");
    assert!(
        lines[at + 1].starts_with("\t\tevidence\t\t\tuncc:art_28__para_4: “"),
        "{}",
        lines[at + 1]
    );
    for (index, line) in lines.iter().enumerate() {
        if line.starts_with("\t\tevidence\t") {
            let above = lines[..index]
                .iter()
                .rev()
                .find(|l| !l.starts_with("\t\tevidence\t"))
                .unwrap();
            assert!(!above.starts_with("uncc\t"), "evidence row before any link");
            assert!(line.contains(": “"), "{line}");
        }
    }
}

#[test]
fn suggest_ranks_counterparts() {
    let (code, out, _) = crosswalk(&["suggest", "bc:art_19"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 5);
    assert!(
        out.starts_with("uncc:art_28\tArt. 28\tSearch and seizure of stored electronic data\t"),
        "{out}"
    );
    let (_, top2, _) = crosswalk(&["suggest", "bc:art_2", "--top", "2"]);
    assert_eq!(top2.lines().count(), 2);
    assert!(top2.starts_with("uncc:art_7\t"));
}

#[test]
fn export_writes_every_format_the_same_way_twice() {
    let dir = tempfile::tempdir().unwrap();
    for (format, magic) in [
        ("html", &b"<!DOCTYPE html>"[..]),
        ("md", b"# Crosswalk"),
        ("docx", b"PK"),
        ("pdf", b"%PDF-"),
        // A byte-order mark, then the header.
        ("csv", "\u{FEFF}kind,pair,".as_bytes()),
        ("xlsx", b"PK"),
        ("json", b"{"),
        ("w3c", b"{"),
    ] {
        let path = dir.path().join(format!("out.{format}"));
        let path = path.to_str().unwrap();
        let args = [
            "export",
            "--format",
            format,
            "--select",
            "pairs=uncc:art_7",
            "-o",
            path,
        ];
        let (code, _, err) = crosswalk(&args);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(err.contains("(1 pair, "), "{format}: {err}");
        let first = std::fs::read(path).unwrap();
        assert!(first.starts_with(magic), "{format} starts with {magic:?}");
        crosswalk(&args);
        assert_eq!(
            std::fs::read(path).unwrap(),
            first,
            "{format} is deterministic"
        );
    }
}

#[test]
fn export_selections_from_the_command_line() {
    // Text formats go to standard output without -o.
    let (code, out, _) = crosswalk(&["export", "--format", "md", "--select", "chapter=uncc:chp_2"]);
    assert_eq!(code, 0);
    assert!(out.contains("## UN Art. 7 \\| Budapest Art. 2"), "{out}");
    assert!(!out.contains("Art. 24"), "only chapter II pairs");
    // A tag selection with no annotation file reads the shipped safeguards layer.
    let (code, out, _) = crosswalk(&["export", "--format", "md", "--select", "tag=safeguard/"]);
    assert_eq!(code, 0);
    assert!(out.contains("## UN Art. 24 \\| Budapest Art. 15"), "{out}");
    let (code, out, _) = crosswalk(&[
        "export", "--format", "csv", "--select", "matrix", "--no-bom",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("measure,uncc_powers,bc_powers,"),
        "no byte-order mark with --no-bom, and the matrix's header first: {out}"
    );
    assert!(
        out.lines()
            .any(|line| line.starts_with("measure,uncc_powers,bc_powers,")),
        "the matrix has its own header: {out}"
    );
    assert!(
        out.lines()
            .any(|line| line.starts_with("expedited preservation,Art. 25,Art. 16,")),
        "{out}"
    );
    // Binary formats need a file; unknown selections are refused.
    let (code, _, err) = crosswalk(&["export", "--format", "docx", "--select", "all"]);
    assert_eq!(code, 1);
    assert!(err.contains("-o FILE"), "{err}");
    let (code, _, err) = crosswalk(&["export", "--format", "html", "--select", "bogus"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown selection \"bogus\""), "{err}");
}

fn data(path: &str) -> String {
    format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_lists_every_misspelt_field_at_its_line_with_a_suggestion() {
    let file = data("bad/misspelt-fields.ron");
    let (code, out, err) = crosswalk(&["check", &file]);
    assert_eq!(code, 1, "{out}{err}");
    for expected in [
        ":10:13: unknown field `notes`, did you mean `note`?",
        ":11:13: unknown field `tag`, did you mean `tags`?",
        ":17:13: unknown field `colour`, did you mean `color`?",
    ] {
        assert!(out.contains(&format!("{file}{expected}")), "{out}");
    }
    assert_eq!(err, format!("crosswalk: {file}: 3 error(s)\n"));
}

#[test]
fn check_reports_a_duplicate_id_at_the_duplicates_own_line() {
    let file = data("bad/duplicate-ids.ron");
    let (code, out, _) = crosswalk(&["check", &file]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "{file}:7:14: duplicate ID d1 (first used on line 6)"
        )),
        "{out}"
    );
}

#[test]
fn check_of_something_that_is_not_a_file_fails_at_once_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, kind) in [
        (fifo.to_str().unwrap(), "named pipe"),
        ("/dev/zero", "device"),
        ("/nonexistent/file.ron", "No such file"),
    ] {
        let started = std::time::Instant::now();
        let (code, out, err) = crosswalk(&["check", path]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(code, 1);
        assert!(out.is_empty(), "{out}");
        assert_eq!(err.lines().count(), 1, "the error once: {err}");
        assert_eq!(err.matches(kind).count(), 1, "the cause once: {err}");
    }
}

#[test]
fn every_command_prints_an_io_error_once() {
    let missing = "/nonexistent/missing.ron";
    for args in [
        vec!["check", missing],
        vec!["annotations", missing],
        vec!["merge", missing, missing, missing],
        vec!["export", "--format", "html", "--annotations", missing],
        vec!["export", "--format", "html", "-o", "/nonexistent/out.html"],
        vec!["lesson", "show", missing],
    ] {
        let (code, _, err) = crosswalk(&args);
        assert_ne!(code, 0, "{args:?}");
        assert_eq!(
            err.matches("No such file or directory").count(),
            1,
            "{args:?}: {err}"
        );
    }
}

#[test]
fn check_exit_status_does_not_depend_on_standard_output() {
    let bin = env!("CARGO_BIN_EXE_crosswalk");
    for (file, expected) in [
        (data("bad/syntax-error.ron"), 1),
        (data("bad/misspelt-fields.ron"), 1),
        (data("bad/unknown-ids.ron"), 1),
        (data("good/teacher.ron"), 0),
    ] {
        for redirect in [">&-", ">/dev/full"] {
            let status = Command::new("sh")
                .arg("-c")
                .arg(format!("\"$0\" check \"$1\" {redirect} 2>/dev/null"))
                .arg(bin)
                .arg(&file)
                .status()
                .unwrap();
            assert_eq!(status.code(), Some(expected), "{file} {redirect}");
        }
    }
}

#[test]
fn export_to_a_full_disk_fails_and_leaves_no_temporary_file() {
    let (code, _, err) = crosswalk(&[
        "export",
        "--format",
        "md",
        "--select",
        "pairs=uncc:art_7",
        "-o",
        "/dev/full",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("No space left on device"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir("/dev")
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn long_arguments_are_shortened_in_messages() {
    let long = format!("uncc:art_{}", "9".repeat(5000));
    let (code, _, err) = crosswalk(&["show", &long]);
    assert_eq!(code, 1);
    assert!(err.len() < 400, "{} bytes: {err}", err.len());
    assert!(err.contains("(5011 characters)"), "{err}");
}

fn layer_text(notes: &[(&str, &str)]) -> String {
    let annotations: Vec<String> = notes
        .iter()
        .map(|(id, note)| {
            format!(
                "        (id: \"{id}\", anchor: (provision: \"uncc:art_24\"), note: \"{note}\", created: \"2026-01-01T00:00:00Z\"),\n"
            )
        })
        .collect();
    format!(
        "(\n    schema: 1,\n    name: \"Shared\",\n    annotations: [\n{}    ],\n)\n",
        annotations.concat()
    )
}

/// Writes `text` to `name` in `dir`; the path as a string, for arguments.
fn write_in(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn merge_combines_independent_edits_into_ours() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| write_in(dir.path(), name, &text);
    let base = write("base.ron", layer_text(&[("a", "one"), ("b", "two")]));
    let ours = write(
        "ours.ron",
        layer_text(&[("a", "ONE"), ("b", "two"), ("c", "ours")]),
    );
    let theirs = write("theirs.ron", layer_text(&[("a", "one"), ("d", "theirs")]));
    let (code, out, err) = crosswalk(&["merge", &base, &ours, &theirs]);
    assert_eq!(code, 0, "{out}{err}");
    let merged = crosswalk::annotations::AnnotationFile::load(std::path::Path::new(&ours)).unwrap();
    let notes: Vec<(&str, &str)> = merged
        .annotations
        .iter()
        .map(|a| (a.id.as_str(), a.note.as_str()))
        .collect();
    assert_eq!(notes, [("a", "ONE"), ("c", "ours"), ("d", "theirs")]);
    assert!(
        !std::path::Path::new(&format!("{ours}.bak")).exists(),
        "git's OURS is a temporary copy: no backup beside it"
    );
}

#[test]
fn merge_conflict_keeps_ours_records_theirs_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| write_in(dir.path(), name, &text);
    let base = write("base.ron", layer_text(&[("a", "one")]));
    let ours = write("ours.ron", layer_text(&[("a", "our words")]));
    let theirs = write("theirs.ron", layer_text(&[("a", "their words")]));
    let out_path = dir.path().join("out.ron");
    let ours_before = std::fs::read(&ours).unwrap();
    let (code, out, err) = crosswalk(&[
        "merge",
        &base,
        &ours,
        &theirs,
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("conflict: a note"), "{out}");
    assert!(err.contains("1 conflict(s)"), "{err}");
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        ours_before,
        "-o leaves OURS alone"
    );
    let merged = crosswalk::annotations::AnnotationFile::load(&out_path).unwrap();
    let a = &merged.annotations[0];
    assert_eq!(a.note, "our words");
    assert!(a.tags.contains(&"conflict/note".to_owned()));
    assert_eq!(a.replies[0].note, "Their version of note: their words");
}

#[test]
fn merge_records_their_layer_name_and_description_in_the_merged_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| write_in(dir.path(), name, &text);
    let layer = |name: &str, description: &str| {
        layer_text(&[("a", "one")]).replace(
            "name: \"Shared\",",
            &format!("name: \"{name}\",\n    description: \"{description}\","),
        )
    };
    let base = write("base.ron", layer("Shared", "Base words."));
    let ours = write("ours.ron", layer("Our name", "Our words."));
    let theirs = write("theirs.ron", layer("Their name", "Their words."));
    let (code, out, err) = crosswalk(&["merge", &base, &ours, &theirs]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("conflict: layer name:"), "{out}");
    assert!(out.contains("conflict: layer description:"), "{out}");
    assert!(err.contains("2 conflict(s)"), "{err}");
    let merged = crosswalk::annotations::AnnotationFile::load(std::path::Path::new(&ours)).unwrap();
    assert_eq!(merged.name, "Our name");
    // Where the message sends the user: a search for conflict/ finds both of theirs.
    assert!(
        merged.description.starts_with("Our words."),
        "{}",
        merged.description
    );
    assert!(
        merged
            .description
            .contains("[conflict/name] their version: Their name"),
        "{}",
        merged.description
    );
    assert!(
        merged
            .description
            .contains("[conflict/description] their version: Their words."),
        "{}",
        merged.description
    );
    let (code, out, _) = crosswalk(&["check", &ours]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn merge_refuses_a_side_with_duplicate_ids_and_exits_2_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| write_in(dir.path(), name, &text);
    let base = write("base.ron", layer_text(&[("a", "one")]));
    let ours = write("ours.ron", layer_text(&[("a", "one"), ("b", "two")]));
    let theirs = write(
        "theirs.ron",
        layer_text(&[("a", "one"), ("c", "x"), ("c", "y")]),
    );
    let ours_before = std::fs::read(&ours).unwrap();
    let (code, out, err) = crosswalk(&["merge", &base, &ours, &theirs]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("theirs.ron:7:"), "{err}");
    assert!(err.contains("duplicate ID c"), "{err}");
    assert!(err.contains("nothing was merged"), "{err}");
    assert_eq!(std::fs::read(&ours).unwrap(), ours_before);
    // Ours with the duplicate: refused the same way.
    let (code, _, err) = crosswalk(&["merge", &base, &theirs, &ours]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn git_merges_two_branches_that_edited_one_layer_through_the_driver() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .args(args)
            .current_dir(repo)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", repo)
            .output()
            .expect("git runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let ok = |args: &[&str]| {
        let (success, output) = git(args);
        assert!(success, "git {args:?}: {output}");
    };
    ok(&["init", "-q", "-b", "main"]);
    ok(&["config", "user.name", "Test"]);
    ok(&["config", "user.email", "test@example.org"]);
    let driver = format!("\"{}\" merge %O %A %B", env!("CARGO_BIN_EXE_crosswalk"));
    ok(&["config", "merge.crosswalk.driver", &driver]);
    std::fs::write(repo.join(".gitattributes"), "*.ron merge=crosswalk\n").unwrap();
    let layer = repo.join("notes.ron");
    std::fs::write(&layer, layer_text(&[("a", "one"), ("b", "two")])).unwrap();
    ok(&["add", "."]);
    ok(&["commit", "-q", "-m", "base"]);

    ok(&["checkout", "-q", "-b", "alice"]);
    std::fs::write(
        &layer,
        layer_text(&[
            ("a", "one, edited by Alice"),
            ("b", "two"),
            ("c", "Alice's new note"),
        ]),
    )
    .unwrap();
    ok(&["commit", "-q", "-am", "alice"]);

    ok(&["checkout", "-q", "main"]);
    ok(&["checkout", "-q", "-b", "bob"]);
    std::fs::write(
        &layer,
        layer_text(&[
            ("a", "one"),
            ("b", "two, edited by Bob"),
            ("d", "Bob's new note"),
        ]),
    )
    .unwrap();
    ok(&["commit", "-q", "-am", "bob"]);

    // A line-based merge would conflict here (neighbouring lines changed on both sides).
    let (merged, output) = git(&["merge", "-q", "--no-edit", "alice"]);
    assert!(merged, "{output}");
    let file = crosswalk::annotations::AnnotationFile::load(&layer).unwrap();
    let notes: Vec<(&str, &str)> = file
        .annotations
        .iter()
        .map(|a| (a.id.as_str(), a.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("a", "one, edited by Alice"),
            ("b", "two, edited by Bob"),
            ("c", "Alice's new note"),
            ("d", "Bob's new note")
        ]
    );
    let (_, status) = git(&["status", "--porcelain"]);
    assert!(
        status.is_empty(),
        "a clean work tree, no stray files: {status}"
    );
}

#[test]
fn export_says_how_many_notes_lie_outside_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("notes.ron");
    std::fs::write(
        &layer,
        r#"(schema: 1, name: "Mine", annotations: [
            (id: "a", anchor: (provision: "uncc:art_7__para_1"), note: "inside"),
            (id: "b", anchor: (provision: "uncc:art_40"), note: "outside one"),
            (id: "c", anchor: (provision: "bc:art_25"), note: "outside two"),
        ])"#,
    )
    .unwrap();
    let layer = layer.to_str().unwrap();
    let (code, out, err) = crosswalk(&[
        "export",
        "--format",
        "md",
        "--select",
        "pairs=uncc:art_7",
        "--annotations",
        layer,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "crosswalk: 2 notes are on provisions outside the selection, listed in the appendix"
        ),
        "{err}"
    );
    assert!(out.contains("## Appendix: notes on provisions outside the selection"));
    assert!(out.contains("outside one") && out.contains("outside two"));
    // Paper, notes and layout options are accepted where they apply.
    let docx = dir.path().join("out.docx");
    let (code, _, err) = crosswalk(&[
        "export",
        "--format",
        "docx",
        "--select",
        "pairs=uncc:art_7",
        "--paper",
        "letter",
        "--notes",
        "footnotes",
        "--layout",
        "redline",
        "-o",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let pdf = dir.path().join("out.pdf");
    let (code, _, err) = crosswalk(&[
        "export",
        "--format",
        "pdf",
        "--select",
        "pairs=uncc:art_7",
        "--paper",
        "letter",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn suggestion_scores_are_the_same_on_every_run() {
    // Each process hashes with its own seed: the scores must not depend on hash order.
    let runs: Vec<String> = (0..4)
        .map(|_| {
            let (code, out, _) = crosswalk(&["suggest", "uncc:art_28__para_4", "--format", "json"]);
            assert_eq!(code, 0);
            out
        })
        .collect();
    assert!(runs.iter().all(|run| run == &runs[0]), "{runs:#?}");
}

/// A layer holding one question citing `cited` with the evidence `(provision, quote)`.
fn question_layer_text(id: &str, title: &str, cited: &str, evidence: (&str, &str)) -> String {
    format!(
        "(\n    schema: 1,\n    name: \"Brief\",\n    annotations: [],\n    questions: [\n        (\n            id: \"{id}\",\n            title: \"{title}\",\n            question: \"Who may be ordered to help?\",\n            answers: (uncc: \"Art. 28(4).\", bc: \"Art. 19(4).\"),\n            cites: (uncc: [\"{cited}\"], bc: [\"bc:art_19__para_4\"]),\n            evidence: [\n                (provision: \"{}\", quote: \"{}\"),\n            ],\n        ),\n    ],\n)\n",
        evidence.0, evidence.1
    )
}

#[test]
fn check_reports_a_questions_unknown_id_and_stray_quote_at_their_places_and_keeps_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.ron");
    let text = question_layer_text(
        "q1",
        "Compelled assistance",
        "uncc:art_99",
        ("bc:art_19__para_4", "any person who knows the password"),
    );
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();
    let (code, out, err) = crosswalk(&["check", file]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("{file}:11:28: q1: unknown provision uncc:art_99")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{file}:13:57: q1: evidence quote not found in bc:art_19__para_4: “any person who knows the password”"
        )),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "check never rewrites"
    );
    // The question is read with its words, whatever check says of it.
    let loaded = crosswalk::annotations::AnnotationFile::load(&path).unwrap();
    assert_eq!(loaded.questions.len(), 1);
    assert_eq!(
        loaded.questions[0].cites.revision[0].as_str(),
        "uncc:art_99"
    );
    let good = question_layer_text(
        "q1",
        "Compelled assistance",
        "uncc:art_28__para_4",
        (
            "bc:art_19__para_4",
            "to provide, as is reasonable, the necessary information",
        ),
    );
    std::fs::write(&path, good).unwrap();
    let (code, out, _) = crosswalk(&["check", file]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with(": ok (0 annotations, 0 links, 1 questions)\n"),
        "{out}"
    );
}

#[test]
fn merge_combines_edits_of_questions_and_records_a_conflict_in_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| write_in(dir.path(), name, &text);
    let evidence = (
        "bc:art_19__para_4",
        "to provide, as is reasonable, the necessary information",
    );
    let base = write(
        "base.ron",
        question_layer_text("q1", "Compelled", "uncc:art_28__para_4", evidence),
    );
    let ours = write(
        "ours.ron",
        question_layer_text("q1", "Ours", "uncc:art_28__para_4", evidence),
    );
    let theirs_text = question_layer_text("q1", "Compelled", "uncc:art_28", evidence)
        .replace("    ],\n)", "        (id: \"q2\", title: \"Theirs\", question: \"New?\", answers: (uncc: \"\", bc: \"\"), cites: (uncc: [], bc: [])),\n    ],\n)");
    let theirs = write("theirs.ron", theirs_text);
    let (code, out, err) = crosswalk(&["merge", &base, &ours, &theirs]);
    assert_eq!(code, 0, "{out}{err}");
    let merged = crosswalk::annotations::AnnotationFile::load(std::path::Path::new(&ours)).unwrap();
    let titles: Vec<&str> = merged.questions.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(titles, ["Ours", "Theirs"]);
    let cited: Vec<&str> = merged.questions[0]
        .cites
        .revision
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(cited, ["uncc:art_28"], "their change of citation is taken");
    // The same title changed two ways: ours kept, theirs in the note, exit 1.
    let theirs = write(
        "theirs2.ron",
        question_layer_text("q1", "Theirs too", "uncc:art_28__para_4", evidence),
    );
    let ours = write(
        "ours2.ron",
        question_layer_text("q1", "Ours", "uncc:art_28__para_4", evidence),
    );
    let (code, out, _) = crosswalk(&["merge", &base, &ours, &theirs]);
    assert_eq!(code, 1, "{out}");
    let merged = crosswalk::annotations::AnnotationFile::load(std::path::Path::new(&ours)).unwrap();
    let question = &merged.questions[0];
    assert_eq!(question.title, "Ours");
    assert!(question.tags.contains(&"conflict/title".to_owned()));
    assert!(question.note.contains("Theirs too"), "{}", question.note);
}

#[test]
fn questions_list_and_show_print_the_shipped_questions_plainly_and_as_json_with_evidence() {
    let (code, out, err) = crosswalk(&["questions", "list"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 12, "{out}");
    assert!(
        lines.contains(&"q-dual-criminality\tQuestions\tDual criminality\tMust the conduct be a crime in both States before assistance is given or a person is extradited?"),
        "{out}"
    );
    let (code, out, _) = crosswalk(&["questions", "show", "q-compelled-assistance"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("q-compelled-assistance\tCompelled assistance and encryption\n"),
        "{out}"
    );
    assert!(
        out.contains("\nUN Convention:\n") && out.contains("\nBudapest Convention:\n"),
        "{out}"
    );
    assert!(
        out.contains("[3] Budapest Art. 19(4) (bc:art_19__para_4)"),
        "{out}"
    );
    assert!(
        out.contains("- UN Art. 28(4) is broader than Budapest Art. 19(4) (Broader)"),
        "{out}"
    );
    assert!(out.contains("uncc:art_28__para_4\tUN Art. 28(4)\t“the information and telecommunications network, or their component parts”"), "{out}");
    let (code, out, _) = crosswalk(&[
        "questions",
        "show",
        "q-compelled-assistance",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["id"], "q-compelled-assistance");
    assert!(
        json["answers"]["uncc"]
            .as_str()
            .unwrap()
            .contains("Art. 28(4)")
    );
    assert_eq!(json["cites"]["bc"][0]["id"], "bc:art_19__para_4");
    let evidence = json["evidence"].as_array().unwrap();
    assert!(
        evidence
            .iter()
            .any(|e| e["provision"] == "bc:art_19__para_4"
                && e["quote"] == "to provide, as is reasonable, the necessary information")
    );
    let (code, _, err) = crosswalk(&["questions", "show", "q-none"]);
    assert_eq!(code, 1);
    assert!(err.contains("no question q-none"), "{err}");
}

#[test]
fn questions_of_a_users_layer_are_listed_after_the_shipped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.ron");
    std::fs::write(
        &path,
        question_layer_text(
            "mine",
            "My question",
            "uncc:art_28__para_4",
            (
                "bc:art_19__para_4",
                "to provide, as is reasonable, the necessary information",
            ),
        ),
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let (code, out, err) = crosswalk(&[
        "questions",
        "list",
        "--annotations",
        file,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let last = json.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["id"], "mine");
    assert_eq!(last["layer"], "Brief");
    let (code, out, _) = crosswalk(&["questions", "show", "mine", "--annotations", file]);
    assert_eq!(code, 0);
    assert!(out.contains("Layer: Brief"), "{out}");
}

#[test]
fn export_select_questions_writes_a_brief_and_refuses_an_unknown_question() {
    let (code, out, err) = crosswalk(&[
        "export",
        "--format",
        "md",
        "--select",
        "questions=q-dual-criminality",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("## Q1. Dual criminality"), "{out}");
    assert!(
        out.contains("| Question | UN Convention | Budapest Convention |"),
        "{out}"
    );
    let (code, _, err) = crosswalk(&["export", "--format", "md", "--select", "questions=q-nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("no question q-nope"), "{err}");
}

#[test]
fn refs_lists_both_directions_with_the_words_of_each_reference() {
    let (code, out, err) = crosswalk(&["refs", "bc:art_15", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let by: Vec<(&str, &str)> = value["referred_to_by"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|entry| {
            (
                entry["id"].as_str().unwrap_or(""),
                entry["words"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let expected: Vec<(String, &str)> = [16, 17, 18, 19, 20, 21]
        .iter()
        .map(|article| {
            let paragraph = match article {
                16 => 4,
                17 | 18 => 2,
                19 => 5,
                _ => 4,
            };
            (
                format!("bc:art_{article}__para_{paragraph}"),
                "Articles 14 and 15",
            )
        })
        .collect();
    let expected: Vec<(&str, &str)> = expected
        .iter()
        .map(|(id, words)| (id.as_str(), *words))
        .collect();
    assert_eq!(by, expected);
    let to: Vec<(&str, &str)> = value["refers_to"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|entry| {
            (
                entry["id"].as_str().unwrap_or(""),
                entry["words"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        to,
        [
            ("bc:chp_2__sec_2", "this Section"),
            ("bc:chp_2__sec_2", "this section")
        ]
    );

    let (code, out, _) = crosswalk(&["refs", "UN 24(1)"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Chapter IV\tuncc:chp_4\t“this chapter” (in Art. 24(1))"),
        "{out}"
    );
}

#[test]
fn show_accepts_pinpoints_as_people_type_them() {
    for (typed, id) in [
        ("28(4)", "uncc:art_28__para_4"),
        ("UN 28(4)", "uncc:art_28__para_4"),
        ("Art. 40(8)", "uncc:art_40__para_8"),
        ("bc 19 4", "bc:art_19__para_4"),
        ("Budapest Art. 15(1)", "bc:art_15__para_1"),
        ("note 4", "uncc:annex__note_4"),
        ("2(h)", "uncc:art_2__point_h"),
        ("uncc:art_28__para_4", "uncc:art_28__para_4"),
    ] {
        let (code, out, err) = crosswalk(&["show", typed]);
        assert_eq!(code, 0, "{typed}: {err}");
        assert_eq!(out.lines().nth(1), Some(id), "{typed}");
    }
    let (code, out, err) = crosswalk(&["show", "un 28(9)"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("there is no UN Art. 28(9); UN Art. 28 has (1), (2), (3), (4)"),
        "{err}"
    );
    let (code, _, err) = crosswalk(&["show", "bc 99"]);
    assert_eq!(code, 1);
    assert!(err.contains("there is no Budapest Art. 99; Budapest Convention on Cybercrime (ETS No. 185) has Articles 1–48"), "{err}");
    let (code, _, err) = crosswalk(&["show", "hello"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("“hello” is not a pinpoint: type e.g. 28(4)"),
        "{err}"
    );
}

#[test]
fn export_headers_name_the_selection_by_pinpoints_and_question_titles_never_by_id() {
    for format in ["md", "html", "csv", "json"] {
        let (code, out, err) = crosswalk(&[
            "export",
            "--format",
            format,
            "--select",
            "pairs=uncc:art_24",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("pairs touching UN Art. 24"), "{format}: {out}");
        assert!(!out.contains("touching uncc:"), "{format}: {out}");
    }
    let (code, out, err) = crosswalk(&[
        "export",
        "--format",
        "md",
        "--select",
        "questions=q-dual-criminality,q-refusal-grounds",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Selection: questions “Dual criminality”, “Grounds for refusing assistance”."),
        "{out}"
    );
    let header = out
        .lines()
        .find(|line| line.starts_with("Selection:"))
        .unwrap_or_default();
    assert!(!header.contains("q-"), "{header}");
}
