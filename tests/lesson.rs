//! Lessons: the file format, `crosswalk lesson check` and `crosswalk lesson show`, the shipped lessons,
//! and the stop view that presentation mode and handouts read.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crosswalk::corpus::Corpus;
use crosswalk::lesson::{self, Lesson, LessonError, SHIPPED_LESSONS, WithSource};
use crosswalk::model::ProvisionId;
use crosswalk::ron_source::SyntaxError;

fn corpus() -> Corpus {
    Corpus::embedded().expect("the embedded texts and crosswalk load")
}

fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn crosswalk(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn id(text: &str) -> ProvisionId {
    ProvisionId::parse(text).expect("a well-formed ID")
}

#[test]
fn shipped_lessons_pass_check_through_the_library() {
    let corpus = corpus();
    let links = corpus.shipped_links();
    for (file, text) in SHIPPED_LESSONS {
        let lesson = Lesson::parse(text, file).unwrap_or_else(|error| panic!("{error}"));
        let messages = lesson::check(&lesson, text, &corpus.library, &links);
        assert!(
            messages.is_empty(),
            "{file}: {:?}",
            messages
                .iter()
                .map(|m| format!("{}:{}: {}", m.line, m.col, m.message))
                .collect::<Vec<_>>()
        );
        assert!(
            (6..=10).contains(&lesson.stops.len()),
            "{file}: {} stops",
            lesson.stops.len()
        );
        for (index, view) in lesson.views(&corpus, &links).iter().enumerate() {
            let stop = index + 1;
            assert!(!view.note.is_empty(), "{file}: stop {stop} has no note");
            assert!(
                view.question.contains('?'),
                "{file}: stop {stop} asks no question"
            );
            assert!(
                (1..=3).contains(&view.highlights.len()),
                "{file}: stop {stop} has {} highlights",
                view.highlights.len()
            );
            for highlight in &view.highlights {
                assert!(
                    !highlight.places.is_empty(),
                    "{file}: stop {stop}: “{}” is not marked",
                    highlight.quote
                );
            }
            // Every stop is grounded: a link of the crosswalk, or the crosswalk's reason why there is none.
            assert!(
                !view.links.is_empty() || !view.unmatched.is_empty(),
                "{file}: stop {stop} shows no link and no reason for its absence"
            );
        }
    }
    assert_eq!(Lesson::shipped().len(), 2);
}

#[test]
fn shipped_lessons_pass_check_through_the_command_line() {
    for (file, stops) in [
        ("texts/lessons/offences-budapest-to-un.ron", 10),
        ("texts/lessons/safeguards-and-cooperation.ron", 9),
    ] {
        let (code, out, err) = crosswalk(&["lesson", "check", file]);
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(out, format!("{file}: ok: {stops} stops\n"));
    }
}

#[test]
fn unknown_id_and_bad_quote_are_reported_at_their_own_place() {
    // The fixture mentions the unknown ID and the quoted words earlier (in a comment, in a valid stop): the
    // messages must point at the values themselves.
    let corpus = corpus();
    let file = repo_file("tests/data/lessons/unknown-id-and-quote.ron");
    let (lesson, text) = Lesson::read(&file).expect("the file parses");
    let messages = lesson::check(&lesson, &text, &corpus.library, &corpus.shipped_links());
    let found: Vec<(usize, usize, bool, &str)> = messages
        .iter()
        .map(|m| (m.line, m.col, m.is_error, m.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                15,
                32,
                true,
                "unknown provision ID bc:art_2__para_9; bc:art_2 exists (see `crosswalk outline bc --all`)"
            ),
            (
                18,
                57,
                true,
                "quote not found in Budapest Art. 2 (bc:art_2): “electronic data”"
            ),
        ]
    );
}

#[test]
fn unknown_field_gets_a_suggestion() {
    let file = repo_file("tests/data/lessons/unknown-field.ron");
    match Lesson::load(&file) {
        Err(LessonError::Syntax(SyntaxError {
            line, col, message, ..
        })) => {
            assert_eq!((line, col), (7, 13));
            assert_eq!(
                message,
                "unknown field `notes`; did you mean `note`? (expected one of `provision`, `with`, `note`, `question`, `highlights`)"
            );
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn lesson_check_prints_each_problem_at_its_place_and_exits_1() {
    let file = "tests/data/lessons/unknown-id-and-quote.ron";
    let (code, out, err) = crosswalk(&["lesson", "check", file]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!(
                "{file}:15:32: unknown provision ID bc:art_2__para_9; bc:art_2 exists (see `crosswalk outline bc --all`)"
            ),
            format!(
                "{file}:18:57: quote not found in Budapest Art. 2 (bc:art_2): “electronic data”"
            ),
        ]
    );
    assert!(err.contains("2 errors"), "{err}");

    let file = "tests/data/lessons/unknown-field.ron";
    let (code, out, _) = crosswalk(&["lesson", "check", file]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with(&format!(
            "{file}:7:13: unknown field `notes`; did you mean `note`?"
        )),
        "{out}"
    );
}

#[test]
fn check_fails_even_when_its_output_is_not_read() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "lesson",
            "check",
            "tests/data/lessons/unknown-id-and-quote.ron",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary runs");
    // Close the reading end at once, as `| head -0` would.
    drop(child.stdout.take());
    let status = child.wait().expect("binary ends");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn newer_schema_and_broken_syntax_are_refused_with_their_place() {
    let error = Lesson::parse(
        "(schema: 2, title: \"x\", stops: [], slides: [])",
        "new.ron",
    )
    .expect_err("a newer schema");
    assert!(
        matches!(error, LessonError::NewerSchema { found: 2, .. }),
        "{error}"
    );
    // The message points at the `schema` value, as every other refusal points at its place.
    assert!(error.to_string().starts_with("new.ron:1:10: "), "{error}");
    let error = Lesson::parse("(\n  schema: 7,\n  title: \"x\",\n)", "new.ron").unwrap_err();
    assert!(error.to_string().starts_with("new.ron:2:11: "), "{error}");
    let error = Lesson::parse(
        "(\n    title: \"x\",\n    stops: [ (provision: 7) ],\n)",
        "bad.ron",
    )
    .expect_err("a number is no ID");
    assert!(error.to_string().starts_with("bad.ron:3:"), "{error}");
    let error = Lesson::parse(
        "(title: \"x\", stops: [(provision: \"uncc-art_7\", note: \"\", question: \"\")])",
        "bad.ron",
    )
    .expect_err("a malformed ID");
    assert!(
        error.to_string().contains("is not a provision ID"),
        "{error}"
    );
}

#[test]
fn lesson_show_json_has_title_and_stops_with_questions() {
    let (code, out, err) = crosswalk(&[
        "lesson",
        "show",
        "texts/lessons/safeguards-and-cooperation.ron",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(value["title"], "Safeguards and international cooperation");
    assert!(value["audience"].as_str().is_some_and(|a| !a.is_empty()));
    let stops = value["stops"].as_array().expect("a list of stops");
    assert_eq!(stops.len(), 9);
    for stop in stops {
        assert!(
            stop["question"].as_str().is_some_and(|q| q.contains('?')),
            "{stop}"
        );
        assert!(stop["note"].as_str().is_some_and(|n| !n.is_empty()));
        assert!(stop["provision"].is_string());
        assert!(stop["with"].is_array());
        assert!(stop["highlights"].as_array().is_some_and(|h| !h.is_empty()));
    }
    let third = &stops[2];
    assert_eq!(third["provision"], "uncc:art_28__para_4");
    assert_eq!(third["with"], serde_json::json!(["bc:art_19__para_4"]));
    assert_eq!(
        third["pinpoints"],
        serde_json::json!(["UN Art. 28(4)", "Budapest Art. 19(4)"])
    );
    assert_eq!(third["links"][0]["relation"], "Adapted");
}

#[test]
fn lesson_show_text_is_a_readable_sequence_with_pinpoints() {
    let (code, out, _) = crosswalk(&[
        "lesson",
        "show",
        "texts/lessons/offences-budapest-to-un.ron",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Offences: what changed from Budapest to the UN Convention\nFor: "));
    assert!(out.contains("\nStop 1 of 10: UN Art. 7 and Budapest Art. 2\n"));
    assert!(out.contains("\n  UN Art. 7 [uncc:art_7] Article 7 – Illegal access\n"));
    assert!(out.contains("\n  Link: UN Art. 7 adapts Budapest Art. 2 (Adapted, offences)\n"));
    assert!(out.contains("\nStop 8 of 10: UN Art. 15\n"));
    assert!(out.contains("\n  No counterpart for uncc:art_15: Budapest has no offence"));
    assert!(out.contains("\n  Question: "));
}

#[test]
fn save_then_load_round_trip_is_identical() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("lesson.ron");
    for (file, text) in SHIPPED_LESSONS {
        let lesson = Lesson::parse(text, file).expect("shipped lessons parse");
        lesson.save(&path).expect("saved");
        let saved = std::fs::read_to_string(&path).expect("readable");
        let loaded = Lesson::load(&path).expect("loads again");
        assert_eq!(loaded, lesson, "{file}");
        loaded.save(&path).expect("saved again");
        assert_eq!(
            std::fs::read_to_string(&path).expect("readable"),
            saved,
            "{file}: saving is deterministic"
        );
    }
    assert!(
        folder.path().join("lesson.ron.bak").exists(),
        "the previous version is kept"
    );
}

#[test]
fn omitted_and_empty_with_survive_a_save_apart() {
    let text = r#"(title: "With", stops: [
        (provision: "uncc:art_7", note: "", question: ""),
        (provision: "uncc:art_7", with: [], note: "", question: ""),
    ])"#;
    let lesson = Lesson::parse(text, "with.ron").expect("parses");
    assert_eq!(lesson.stops[0].with, None);
    assert_eq!(lesson.stops[1].with, Some(Vec::new()));
    let again = Lesson::parse(&lesson.to_ron(), "again.ron").expect("canonical text parses");
    assert_eq!(again, lesson);
}

#[test]
fn a_stop_without_with_shows_its_linked_counterparts() {
    let corpus = corpus();
    let links = corpus.shipped_links();
    let text = r#"(title: "Counterparts", stops: [
        (provision: "uncc:art_7", note: "Access.", question: "Why?"),
        (provision: "uncc:art_7", with: [], note: "Alone.", question: "Why?"),
        (provision: "uncc:art_15", note: "New.", question: "Why?"),
    ])"#;
    let lesson = Lesson::parse(text, "counterparts.ron").expect("parses");
    assert_eq!(
        lesson::counterparts(&links, &id("uncc:art_7")),
        [id("bc:art_2")]
    );

    let linked = lesson.stop_view(&corpus, &links, 0).expect("stop 1");
    assert_eq!(linked.with, [id("bc:art_2")]);
    assert_eq!(linked.with_source, WithSource::Linked);
    assert_eq!(linked.sides.base.len(), 1);
    assert_eq!(linked.sides.base[0].pinpoint, "Budapest Art. 2");
    assert_eq!(linked.links.len(), 1);
    assert_eq!(
        linked.links[0].statement,
        "UN Art. 7 adapts Budapest Art. 2"
    );
    assert!((linked.number, linked.of) == (1, 3));

    let alone = lesson.stop_view(&corpus, &links, 1).expect("stop 2");
    assert!(alone.with.is_empty() && alone.links.is_empty());
    assert_eq!(alone.with_source, WithSource::Listed);

    let unmatched = lesson.stop_view(&corpus, &links, 2).expect("stop 3");
    assert!(unmatched.with.is_empty());
    assert_eq!(unmatched.unmatched.len(), 1);
    assert!(unmatched.unmatched[0].reason.contains("grooming"));

    assert!(lesson.stop_view(&corpus, &links, 3).is_none());
}

#[test]
fn highlights_are_marked_in_the_node_that_holds_them() {
    let corpus = corpus();
    let text = r#"(title: "Marks", stops: [(provision: "uncc:art_11", note: "", question: "", highlights: [
        (provision: "uncc:art_11", quote: "electronic   signature or similar data"),
        (provision: "uncc:art_11", quote: "(ii) A password"),
    ])])"#;
    let lesson = Lesson::parse(text, "marks.ron").expect("parses");
    let view = lesson
        .stop_view(&corpus, &corpus.shipped_links(), 0)
        .expect("stop 1");
    let node = corpus
        .library
        .get("uncc:art_11__para_1__point_a__point_ii")
        .expect("UN Art. 11(1)(a)(ii)");
    for highlight in &view.highlights {
        assert_eq!(highlight.places.len(), 1, "{highlight:?}");
        let place = &highlight.places[0];
        assert_eq!(place.node, node.id);
        let marked = &node.text[place.range.clone()];
        assert!(
            crosswalk::quote::normalise(&highlight.quote).ends_with(marked),
            "{marked}"
        );
    }
}

#[test]
fn shipped_lessons_are_saved_in_canonical_form() {
    // Opening a shipped lesson in the app and saving it changes nothing.
    for (file, text) in SHIPPED_LESSONS {
        let lesson = Lesson::parse(text, file).expect("shipped lessons parse");
        assert_eq!(lesson.to_ron(), text, "{file}");
    }
}

#[test]
fn one_sided_and_related_stops_mark_no_words_as_deleted_or_inserted() {
    use crosswalk::lesson::Mark;
    let corpus = corpus();
    let links = corpus.shipped_links();
    let text = r#"(title: "Marks", stops: [
        (provision: "uncc:art_7", note: "Adapted.", question: "Why?"),
        (provision: "uncc:art_15", note: "UN only.", question: "Why?"),
        (provision: "uncc:art_1", with: ["bc:preamble__rec_3", "bc:preamble__rec_8"], note: "Related.", question: "Why?"),
    ])"#;
    let lesson = Lesson::parse(text, "marks.ron").expect("parses");
    let differences = |index: usize| {
        let view = lesson.stop_view(&corpus, &links, index).expect("a stop");
        let marked = view.marked(&corpus, true);
        marked
            .sides
            .iter()
            .flat_map(|(_, texts)| texts.iter())
            .flat_map(|text| text.lines.iter())
            .flat_map(|line| line.marks.iter())
            .filter(|(_, mark)| matches!(mark, Mark::Deleted | Mark::Inserted))
            .count()
    };
    assert!(
        differences(0) > 0,
        "an adapted pair's differences are marked"
    );
    assert_eq!(
        differences(1),
        0,
        "a provision alone is not struck through or underlined whole"
    );
    let related = lesson.stop_view(&corpus, &links, 2).expect("stop 3");
    assert!(
        !related.links.is_empty() && related.links.iter().all(|link| link.relation == "Related"),
        "{:?}",
        related
            .links
            .iter()
            .map(|link| &link.relation)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        differences(2),
        0,
        "provisions only related by theme are not compared word by word"
    );
}

#[test]
fn lessons_take_a_byte_order_mark_as_layers_do_and_refuse_control_characters_even_escaped() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let shipped = SHIPPED_LESSONS[0].1;
    let path = dir.path().join("bom.ron");
    std::fs::write(&path, format!("\u{feff}{shipped}")).expect("writes");
    let (lesson, _) = Lesson::read(&path).expect("a byte order mark is accepted");
    assert!(!lesson.stops.is_empty());
    let (code, out, err) = crosswalk(&["lesson", "check", path.to_str().expect("UTF-8 path")]);
    assert_eq!(code, 0, "{out}{err}");

    let path = dir.path().join("two-boms.ron");
    std::fs::write(&path, format!("\u{feff}\u{feff}{shipped}")).expect("writes");
    let error = Lesson::read(&path).expect_err("a second mark is refused");
    assert!(
        error.to_string().contains(":1:1: a second byte order mark"),
        "{error}"
    );

    let path = dir.path().join("escape.ron");
    std::fs::write(
        &path,
        "(\n  title: \"Clear \\u{1b}[2J the screen\",\n  stops: [],\n)\n",
    )
    .expect("writes");
    let (code, out, err) = crosswalk(&["lesson", "check", path.to_str().expect("UTF-8 path")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("escape.ron:2:17: control character U+001B"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{out:?}{err:?}"
    );
}
