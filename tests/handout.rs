//! Handouts: `crosswalk export --lesson FILE --format html [--teacher]`, parsed back with an HTML5
//! parser — every stop with its texts and marks and its question with space to answer; the teacher's
//! notes only in the teacher's edition.

use std::process::Command;

use crosswalk::corpus::Corpus;
use crosswalk::lesson::Lesson;
use scraper::{Html, Selector};

const LESSON: &str = "texts/lessons/safeguards-and-cooperation.ron";

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

#[test]
fn student_handout_has_every_stop_with_marked_texts_and_room_to_answer_but_no_notes() {
    let (code, html, stderr) = crosswalk(&["export", "--lesson", LESSON, "--format", "html"]);
    assert_eq!(code, 0, "{stderr}");
    let document = Html::parse_document(&html);
    assert!(document.errors.is_empty(), "{:?}", document.errors);
    let lesson = lesson();
    assert_eq!(texts(&document, "h1"), [lesson.title.clone()]);
    let stops: Vec<_> = document.select(&select("section.stop")).collect();
    assert_eq!(stops.len(), lesson.stops.len());
    for (index, (section, stop)) in stops.iter().zip(&lesson.stops).enumerate() {
        let heading: String = section
            .select(&select("h2"))
            .flat_map(|h| h.text())
            .collect();
        assert!(
            heading.starts_with(&format!("Stop {} of {}", index + 1, lesson.stops.len())),
            "{heading}"
        );
        let question: String = section
            .select(&select(".question p"))
            .flat_map(|p| p.text())
            .collect();
        assert_eq!(question.trim(), stop.question.trim());
        assert_eq!(
            section.select(&select(".question .answer")).count(),
            1,
            "space to answer stop {}",
            index + 1
        );
        assert!(section.select(&select(".side p.line")).count() > 0);
    }
    // The texts carry their marks: differences on both sides and the teacher's highlights.
    for mark in ["del", "ins", "mark", ".eq"] {
        assert!(
            document.select(&select(&format!(".side {mark}"))).count() > 0,
            "{mark}"
        );
    }
    let marked = texts(&document, "#stop-1 mark").join(" | ");
    assert!(
        marked.contains("consistent with their obligations under international human rights law"),
        "{marked}"
    );
    // No teacher's notes, rationales or evidence for students.
    assert_eq!(document.select(&select(".teacher-note")).count(), 0);
    assert_eq!(document.select(&select(".rationale")).count(), 0);
    assert!(!html.contains(&lesson.stops[0].note));
    assert!(texts(&document, ".name").join("").starts_with("Name:"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
}

#[test]
fn teachers_edition_adds_the_notes_rationales_and_evidence() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("teacher.html");
    let path_text = path.display().to_string();
    let (code, _, stderr) = crosswalk(&[
        "export",
        "--lesson",
        LESSON,
        "--format",
        "html",
        "--teacher",
        "-o",
        &path_text,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("teacher's edition"), "{stderr}");
    let html = std::fs::read_to_string(&path).expect("written");
    let document = Html::parse_document(&html);
    let lesson = lesson();
    let notes = texts(&document, "aside.teacher-note p");
    assert_eq!(notes.len(), lesson.stops.len());
    for (note, stop) in notes.iter().zip(&lesson.stops) {
        assert_eq!(note.trim(), stop.note.trim());
    }
    assert!(document.select(&select(".rationale")).count() > 0);
    assert!(
        texts(&document, ".evidence li")
            .iter()
            .any(|e| e.starts_with("Evidence, "))
    );
}

#[test]
fn the_handout_is_the_library_printer_and_escapes_what_the_teacher_wrote() {
    let corpus = Corpus::embedded().expect("embedded data");
    let mut lesson = Lesson::new("<b>Bold</b> & “quoted”");
    lesson.stops.push(crosswalk::lesson::Stop {
        note: "Note with <script>alert(1)</script>".into(),
        question: "Is 2 < 3?\n\nSecond paragraph.".into(),
        ..crosswalk::lesson::Stop::on(crosswalk::ProvisionId::parse("uncc:art_7").expect("an ID"))
    });
    let options = crosswalk::lesson::handout::HandoutOptions {
        teacher: true,
        terms: true,
    };
    let html = crosswalk::lesson::handout::html(&lesson, &corpus, &corpus.shipped_links(), options);
    assert!(!html.contains("<script>") && !html.contains("<b>Bold"));
    let document = Html::parse_document(&html);
    assert_eq!(texts(&document, "h1"), ["<b>Bold</b> & “quoted”"]);
    assert_eq!(
        texts(&document, ".question p"),
        ["Is 2 < 3?", "Second paragraph."]
    );
    // UN Art. 7 with its linked counterpart, Budapest Art. 2.
    let pinpoints = texts(&document, ".side h3");
    assert!(
        pinpoints.iter().any(|p| p.contains("Budapest Art. 2")),
        "{pinpoints:?}"
    );
}

#[test]
fn pdf_and_docx_handouts_are_refused_for_now_and_a_broken_lesson_is_not_printed() {
    let (code, _, stderr) = crosswalk(&[
        "export", "--lesson", LESSON, "--format", "pdf", "-o", "x.pdf",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--format html"), "{stderr}");
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
