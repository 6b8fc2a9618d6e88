//! Handouts: `crosswalk export --lesson FILE --format html|pdf|docx [--teacher]`, read back — HTML with
//! an HTML5 parser, DOCX with a ZIP reader and an XML parser, PDF with `pdftotext` when installed: every
//! stop with its texts, marks and highlights and its question with space to answer; the teacher's notes
//! (and the links' rationales and evidence) only in the teacher's edition.

mod tools;

use std::process::Command;

use crosswalk::corpus::Corpus;
use crosswalk::export::{self, Format, Options};
use crosswalk::lesson::{Lesson, Stop};
use scraper::{Html, Selector};

const LESSON: &str = "texts/lessons/safeguards-and-cooperation.ron";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn crosswalk(args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).expect("a valid selector")
}

fn texts(document: &Html, selector: &str) -> Vec<String> {
    document
        .select(&select(selector))
        .map(|element| element.text().collect::<String>())
        .collect()
}

fn lesson() -> Lesson {
    Lesson::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LESSON))
        .expect("the shipped lesson loads")
}

/// Writes a handout with the command line and returns its bytes.
fn handout(format: &str, teacher: bool) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(format!("handout.{format}"));
    let path_text = path.display().to_string();
    let mut args = vec![
        "export", "--lesson", LESSON, "--format", format, "-o", &path_text,
    ];
    if teacher {
        args.push("--teacher");
    }
    let (code, _, stderr) = crosswalk(&args);
    assert_eq!(code, 0, "{stderr}");
    let edition = if teacher {
        "teacher's edition"
    } else {
        "student handout"
    };
    assert!(stderr.contains(edition), "{stderr}");
    std::fs::read(&path).expect("written")
}

#[test]
fn student_html_has_every_stop_with_marked_texts_and_room_to_answer_but_no_notes() {
    let (code, html, stderr) = crosswalk(&["export", "--lesson", LESSON, "--format", "html"]);
    assert_eq!(code, 0, "{stderr}");
    let html = String::from_utf8(html).expect("UTF-8");
    let document = Html::parse_document(&html);
    assert!(document.errors.is_empty(), "{:?}", document.errors);
    let lesson = lesson();
    assert_eq!(texts(&document, "h1"), std::slice::from_ref(&lesson.title));
    let stops: Vec<_> = document.select(&select("section.stop")).collect();
    assert_eq!(stops.len(), lesson.stops.len());
    for (index, (section, stop)) in stops.iter().zip(&lesson.stops).enumerate() {
        let heading: String = section
            .select(&select("h2"))
            .flat_map(|h| h.text())
            .collect();
        assert!(
            heading.starts_with(&format!("Stop {} of {}: ", index + 1, lesson.stops.len())),
            "{heading}"
        );
        let question: String = section
            .select(&select(".question p"))
            .flat_map(|p| p.text())
            .collect();
        assert_eq!(question.trim(), stop.question.trim());
        assert_eq!(
            section.select(&select(".question .answer")).count(),
            export::handout::ANSWER_LINES,
            "lines to answer stop {}",
            index + 1
        );
        assert!(section.select(&select("table.pair td")).count() > 0);
    }
    // The texts carry their marks: differences on both sides, and the teacher's highlights.
    for mark in ["del", "ins", ".eq", "mark"] {
        assert!(
            document
                .select(&select(&format!("section.stop td {mark}")))
                .count()
                > 0,
            "{mark}"
        );
    }
    let marked = texts(&document, "#stop-1 td mark").join(" | ");
    assert!(
        marked.contains("consistent with their obligations under international human rights law"),
        "{marked}"
    );
    // No teacher's notes, rationales or evidence for students; a line for the name.
    assert_eq!(document.select(&select(".teacher-note")).count(), 0);
    assert_eq!(document.select(&select(".rationale")).count(), 0);
    assert!(!html.contains(&lesson.stops[0].note));
    assert!(texts(&document, ".name").join("").starts_with("Name:"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
}

#[test]
fn teachers_html_adds_the_notes_rationales_and_evidence() {
    let html = String::from_utf8(handout("html", true)).expect("UTF-8");
    let document = Html::parse_document(&html);
    let lesson = lesson();
    let notes = texts(&document, "aside.teacher-note p");
    assert_eq!(notes.len(), lesson.stops.len());
    for (note, stop) in notes.iter().zip(&lesson.stops) {
        assert_eq!(note.trim(), stop.note.trim());
    }
    assert!(document.select(&select(".rationale")).count() > 0);
    assert!(document.select(&select(".evidence li")).count() > 0);
    assert_eq!(document.select(&select(".name")).count(), 0);
}

/// The paragraphs of a DOCX body, as text.
fn docx_paragraphs(docx: &[u8]) -> Vec<String> {
    let document = tools::package_part(docx, "word/document.xml");
    let parsed = roxmltree::Document::parse(&document).expect("well-formed XML");
    parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            p.descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect()
        })
        .collect()
}

#[test]
fn docx_handouts_print_each_stop_with_its_question_and_lines_to_answer() {
    let lesson = lesson();
    let student = docx_paragraphs(&handout("docx", false));
    let count = lesson.stops.len();
    for number in 1..=count {
        assert!(
            student
                .iter()
                .any(|p| p.starts_with(&format!("Stop {number} of {count}: "))),
            "stop {number}"
        );
    }
    for stop in &lesson.stops {
        assert!(
            student.iter().any(|p| p == stop.question.trim()),
            "{}",
            stop.question
        );
        assert!(
            !student.iter().any(|p| p == stop.note.trim()),
            "no teacher's note"
        );
    }
    assert_eq!(student.iter().filter(|p| *p == "Question").count(), count);
    assert!(!student.iter().any(|p| p == "Summary of changes"));
    assert!(student.iter().any(|p| p.starts_with("Name: ")));
    let teacher = docx_paragraphs(&handout("docx", true));
    assert_eq!(
        teacher.iter().filter(|p| *p == "Teacher's note").count(),
        count
    );
    for stop in &lesson.stops {
        assert!(
            teacher.iter().any(|p| p == stop.note.trim()),
            "{}",
            stop.note
        );
    }
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("handout.pdf");
    std::fs::write(&path, pdf).expect("write");
    match Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(output) => {
            // A PDF that pdftotext cannot read is a broken handout, not a missing tool.
            assert!(
                output.status.success(),
                "pdftotext cannot read the handout: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(_) => {
            tools::missing("pdftotext (poppler-utils)", "the handout's text");
            None
        }
    }
}

/// Words of a text, for comparing across PDF line breaks.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn pdf_handouts_print_each_stop_with_its_question_and_the_teachers_notes_only_for_teachers() {
    let lesson = lesson();
    let student = handout("pdf", false);
    assert!(student.starts_with(b"%PDF-"));
    let Some(text) = pdftotext(&student) else {
        return;
    };
    let text = words(&text);
    let count = lesson.stops.len();
    for (index, stop) in lesson.stops.iter().enumerate() {
        assert!(
            text.contains(&format!("Stop {} of {count}", index + 1)),
            "stop {}",
            index + 1
        );
        let start: String = words(&stop.question).chars().take(40).collect();
        assert!(text.contains(&start), "{start}");
        let note: String = words(&stop.note).chars().take(60).collect();
        assert!(!text.contains(&note), "no teacher's note: {note}");
    }
    assert!(!text.contains("Summary of changes"));
    let teacher = pdftotext(&handout("pdf", true))
        .map(|t| words(&t))
        .unwrap_or_default();
    for stop in &lesson.stops {
        let note: String = words(&stop.note).chars().take(60).collect();
        assert!(teacher.contains(&note), "{note}");
    }
}

#[test]
fn a_handout_is_one_model_printed_alike_and_escapes_what_the_teacher_wrote() {
    let corpus = Corpus::embedded().expect("embedded data");
    let mut lesson = Lesson::new("<b>Bold</b> & “quoted”");
    lesson.stops.push(Stop {
        note: "Note with <script>alert(1)</script>".into(),
        question: "Is 2 < 3?\nSay why.".into(),
        ..Stop::on(crosswalk::ProvisionId::parse("uncc:art_7").expect("an ID"))
    });
    let comparison = export::handout::build(
        &corpus,
        &lesson,
        &corpus.shipped_links(),
        &Options::default(),
        true,
    );
    let section = &comparison.sections[0];
    assert_eq!(section.title(), "Stop 1 of 1: UN Art. 7 | Budapest Art. 2");
    let stop = section.stop.as_ref().expect("a stop");
    assert_eq!(stop.question, "Is 2 < 3?\nSay why.");
    assert!(stop.teacher_note.is_some());
    let html = String::from_utf8(export::render(&comparison, Format::Html)).expect("UTF-8");
    assert!(!html.contains("<script>") && !html.contains("<b>Bold"));
    let document = Html::parse_document(&html);
    assert_eq!(texts(&document, "h1"), ["<b>Bold</b> & “quoted”"]);
    assert_eq!(texts(&document, ".question p"), ["Is 2 < 3?Say why."]);
    // The JSON printer carries the stop too; a comparison without a lesson carries none.
    let json = String::from_utf8(export::render(&comparison, Format::Json)).expect("UTF-8");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        value["sections"][0]["stop"]["question"],
        "Is 2 < 3?\nSay why."
    );
    let plain = export::build(
        &corpus,
        &export::Selection::parse("pairs=uncc:art_7", &corpus).expect("a selection"),
        &Options::default(),
        &[],
    );
    let json = String::from_utf8(export::render(&plain, Format::Json)).expect("UTF-8");
    assert!(!json.contains("\"stop\"") && !json.contains("\"handout\""));
}

#[test]
fn csv_handouts_and_broken_lessons_are_refused_and_teacher_needs_a_lesson() {
    let (code, _, stderr) = crosswalk(&["export", "--lesson", LESSON, "--format", "csv"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("html, pdf, docx"), "{stderr}");
    let (code, _, stderr) = crosswalk(&[
        "export",
        "--lesson",
        "tests/data/lessons/unknown-id-and-quote.ron",
        "--format",
        "html",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("crosswalk lesson check"), "{stderr}");
    let (code, _, stderr) = crosswalk(&["export", "--format", "html", "--teacher"]);
    assert_ne!(code, 0, "--teacher needs --lesson");
    assert!(stderr.contains("--lesson"), "{stderr}");
}

#[test]
fn exports_show_a_students_replies_under_the_teachers_note() {
    use crosswalk::annotations::{AnnotationFile, Layer, ReplyTo};
    let corpus = Corpus::embedded().expect("embedded data");
    let teacher_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good/teacher.ron");
    let teacher = Layer {
        file: AnnotationFile::load(&teacher_path).expect("the teacher's layer loads"),
        read_only: true,
        ..Layer::new("")
    };
    let student = Layer {
        file: AnnotationFile {
            name: "Sam".into(),
            replies_to: vec![ReplyTo {
                layer: "Teacher".into(),
                annotation: "t1".into(),
                note: "Budapest names the ECHR; the UN text does not.".into(),
                author: "Sam".into(),
                created: "2026-11-23T10:02:11Z".into(),
            }],
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    };
    let comparison = export::build(
        &corpus,
        &export::Selection::parse("pairs=uncc:art_24", &corpus).expect("a selection"),
        &Options::default(),
        &[&teacher, &student],
    );
    let note = comparison
        .sections
        .iter()
        .flat_map(|s| &s.notes)
        .find(|n| n.id == "t1")
        .expect("the teacher's note is exported");
    assert_eq!(note.replies.len(), 1);
    assert_eq!(note.replies[0].author, "Sam");
    let html = String::from_utf8(export::render(&comparison, Format::Html)).expect("UTF-8");
    assert!(html.contains("Budapest names the ECHR; the UN text does not."));
    // Without the student's layer, the teacher's note has no replies.
    let alone = export::build(
        &corpus,
        &export::Selection::parse("pairs=uncc:art_24", &corpus).expect("a selection"),
        &Options::default(),
        &[&teacher],
    );
    let note = alone
        .sections
        .iter()
        .flat_map(|s| &s.notes)
        .find(|n| n.id == "t1")
        .expect("the teacher's note is exported");
    assert!(note.replies.is_empty());
}

#[test]
fn stops_on_provisions_without_counterpart_print_their_text() {
    let lesson_path = "texts/lessons/offences-budapest-to-un.ron";
    let (code, markdown, stderr) = crosswalk(&[
        "export",
        "--lesson",
        lesson_path,
        "--format",
        "md",
        "--teacher",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let markdown = String::from_utf8(markdown).expect("UTF-8");
    assert!(
        !markdown.contains("**Budapest Convention, **"),
        "no empty side"
    );
    // Read back with a CommonMark parser: each stop's heading, and the block quotes under it.
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut stops: Vec<(String, String, String)> = Vec::new();
    let (mut in_heading, mut in_quote) = (false, 0);
    for event in Parser::new(&markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                stops.push(Default::default());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::BlockQuote(_)) => in_quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => in_quote -= 1,
            Event::Text(text) => {
                if let Some((heading, quoted, body)) = stops.last_mut() {
                    if in_heading {
                        heading.push_str(&text);
                    } else if in_quote > 0 {
                        quoted.push_str(&text);
                        quoted.push(' ');
                    } else {
                        body.push_str(&text);
                    }
                }
            }
            _ => {}
        }
    }
    let stop = |article: &str| {
        stops
            .iter()
            .find(|(heading, ..)| heading.contains(&format!(": UN Art. {article}")))
            .unwrap_or_else(|| panic!("a stop on UN Art. {article}"))
    };
    for (article, words) in [
        ("15", "solicit"),
        ("16", "an intimate image of a person"),
        ("17", "proceeds of crime"),
    ] {
        let (_, quoted, body) = stop(article);
        assert!(quoted.contains(words), "Art. {article}: {quoted}");
        assert!(!body.contains("similarity 100%"), "{body}");
        assert!(
            body.contains("no counterpart in the Budapest Convention"),
            "{body}"
        );
    }
}
