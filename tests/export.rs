//! Exports: golden files per format, determinism, selections, hostile notes, and DOCX opened by LibreOffice.

use std::path::{Path, PathBuf};

use crosswalk::annotations::{Anchor, Annotation, AnnotationFile, Layer, safeguards_layer};
use crosswalk::corpus::Corpus;
use crosswalk::export::{Format, Options, Selection, build, render};
use crosswalk::model::ProvisionId;

fn pid(id: &str) -> ProvisionId {
    ProvisionId::parse(id).expect("a well-formed ID")
}

fn corpus() -> Corpus {
    Corpus::embedded().expect("embedded data loads")
}

fn teacher() -> Layer {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good/teacher.ron");
    Layer {
        file: AnnotationFile::load(&path).unwrap(),
        path: Some(path),
        ..Layer::new("")
    }
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

const ALL_FORMATS: [Format; 5] = [
    Format::Html,
    Format::Markdown,
    Format::Csv,
    Format::Docx,
    Format::Pdf,
];

/// Compares with the golden file; `UPDATE_GOLDEN=1 cargo test` rewrites it (review the diff, commit).
fn check_golden(name: &str, bytes: &[u8]) {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some()
        || !path.exists() && std::env::var_os("CI").is_none()
    {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("golden file {} is missing", path.display()));
    assert!(
        expected == bytes,
        "{name} differs from its golden file; run UPDATE_GOLDEN=1 cargo test --test export and review"
    );
}

#[test]
fn golden_exports_of_a_fixed_selection() {
    let corpus = corpus();
    let selection = Selection::parse("pairs=uncc:art_7,uncc:art_24", &corpus).unwrap();
    let layer = teacher();
    let comparison = build(&corpus, &selection, &Options::default(), &[&layer]);
    assert_eq!(comparison.sections.len(), 2);
    // The teacher's note on Art. 24(1) and the teacher's link "Art. 24 is a safeguard for Art. 28".
    let notes = &comparison.sections[1].notes;
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[0].provision, "uncc:art_24__para_1");
    assert!(
        notes[1]
            .note
            .starts_with("Link (SafeguardFor): UN Art. 24 is a safeguard for UN Art. 28."),
        "{}",
        notes[1].note
    );
    for format in ALL_FORMATS {
        let bytes = render(&comparison, format);
        check_golden(&format!("pairs-7-24.{}", format.extension()), &bytes);
        assert_eq!(
            render(&comparison, format),
            bytes,
            "{format:?} is deterministic"
        );
    }
}

#[test]
fn exports_state_sources_and_mark_differences() {
    let corpus = corpus();
    let selection = Selection::parse("pairs=uncc:art_7", &corpus).unwrap();
    let comparison = build(&corpus, &selection, &Options::default(), &[]);
    let html = String::from_utf8(render(&comparison, Format::Html)).unwrap();
    assert!(html.contains("A/RES/79/243"), "sources are stated");
    assert!(html.contains("<ins>or criminal</ins>"));
    assert!(html.contains("<nav class=\"toc\">") && html.contains("href=\"#pair-"));
    assert!(html.contains("@page") && html.contains("break-inside: avoid"));
    assert!(
        !html.contains("<script") && !html.contains("http://") && !html.contains("https://"),
        "self-contained, no network"
    );
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    assert!(markdown.contains("**or criminal**"), "{markdown}");
    assert!(markdown.contains("## UN Art. 7 \\| Budapest Art. 2"));
    let pdf = render(&comparison, Format::Pdf);
    assert!(pdf.starts_with(b"%PDF-1.4"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("(Page 1 of "));
    assert!(
        text.contains("(UN Art. 7 | Budapest Art. 2) Tj"),
        "running header with the pinpoints"
    );
    // The cross-reference table points at the objects.
    let xref = text.rfind("xref\n").unwrap();
    for (number, line) in text[xref..]
        .lines()
        .skip(3)
        .take_while(|l| l.ends_with(" n "))
        .enumerate()
    {
        let offset: usize = line[..10].parse().unwrap();
        assert!(text[offset..].starts_with(&format!("{} 0 obj", number + 1)));
    }
    assert!(
        comparison.date.is_none() && !html.contains("Exported"),
        "no date unless asked"
    );
    let dated = build(
        &corpus,
        &selection,
        &Options {
            date: Some("2026-11-23".into()),
            ..Options::default()
        },
        &[],
    );
    assert!(
        String::from_utf8(render(&dated, Format::Html))
            .unwrap()
            .contains("Exported 2026-11-23.")
    );
}

#[test]
fn selections_choose_the_right_pairs() {
    let corpus = corpus();
    let all = build(&corpus, &Selection::All, &Options::default(), &[]);
    assert_eq!(all.sections.len(), corpus.crosswalk.links.len());
    let chapter = build(
        &corpus,
        &Selection::parse("chapter=uncc:chp_4", &corpus).unwrap(),
        &Options::default(),
        &[],
    );
    assert!(!chapter.sections.is_empty() && chapter.sections.len() < all.sections.len());
    assert!(chapter.sections.iter().all(|s| s.uncc_ids.iter().any(|id| {
        let n: u32 = id
            .trim_start_matches("uncc:art_")
            .split("__")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        (23..=34).contains(&n)
    })));
    let safeguards = safeguards_layer().unwrap();
    let tagged = build(
        &corpus,
        &Selection::parse("tag=safeguard/", &corpus).unwrap(),
        &Options::default(),
        &[&safeguards],
    );
    assert!(
        tagged
            .sections
            .iter()
            .any(|s| s.uncc_ids.iter().any(|id| id.starts_with("uncc:art_24")))
    );
    assert!(
        !tagged.sections.iter().any(|s| s.uncc_ids == ["uncc:art_7"]),
        "illegal access carries no safeguard tag"
    );
    let matrix = build(
        &corpus,
        &Selection::Matrix,
        &Options::default(),
        &[&safeguards],
    );
    assert!(matrix.sections.is_empty() && matrix.matrix.len() > 10);
    let csv = String::from_utf8(render(&matrix, Format::Csv)).unwrap();
    assert!(
        csv.lines()
            .any(|line| line.starts_with("matrix,search and seizure,"))
    );
    let excerpts = build(
        &corpus,
        &Selection::parse("pairs=uncc:art_7", &corpus).unwrap(),
        &Options {
            full_text: false,
            ..Options::default()
        },
        &[],
    );
    assert_eq!(
        excerpts.sections[0].rows.len(),
        1,
        "only the changed sentence"
    );
    assert!(Selection::parse("chapter=uncc:chp_99", &corpus).is_err());
    assert!(Selection::parse("everything", &corpus).is_err());
}

#[test]
fn hostile_notes_come_out_as_text_in_every_format() {
    let corpus = corpus();
    let text = &corpus.library.get("uncc:art_7__para_1").unwrap().text;
    let hostile = "<script>alert('x')</script> \"quoted\" ]]> & =HYPERLINK(\"http://x\") (paren) \\ *bold* \u{7}";
    let layer = Layer {
        file: AnnotationFile {
            name: "Hostile <b>layer</b>".into(),
            annotations: vec![Annotation {
                id: "h1".into(),
                note: hostile.into(),
                tags: vec!["x\"<y>".into()],
                author: "<img src=x>".into(),
                ..Annotation::on(Anchor::whole(&pid("uncc:art_7__para_1"), text))
            }],
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    };
    let comparison = build(
        &corpus,
        &Selection::parse("pairs=uncc:art_7", &corpus).unwrap(),
        &Options::default(),
        &[&layer],
    );
    let html = String::from_utf8(render(&comparison, Format::Html)).unwrap();
    assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>layer"));
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; ]]&gt; &amp;"
    ));
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    assert!(
        markdown.contains("\\<script\\>")
            && !markdown.contains("<script>")
            && markdown.contains("\\*bold\\*")
    );
    let csv = String::from_utf8(render(&comparison, Format::Csv)).unwrap();
    let record = csv
        .lines()
        .find(|line| line.starts_with("annotation,"))
        .unwrap();
    assert!(record.contains("\"<script>alert('x')</script> \"\"quoted\"\" ]]> & =HYPERLINK(\"\"http://x\"\") (paren)"), "{record}");
    let docx = render(&comparison, Format::Docx);
    let docx_text = String::from_utf8_lossy(&docx);
    assert!(
        docx_text
            .contains("&lt;script&gt;alert('x')&lt;/script&gt; &quot;quoted&quot; ]]&gt; &amp;")
    );
    assert!(!docx_text.contains("<script>") && !docx_text.contains('\u{7}'));
    assert!(docx_text.contains("<w:comment w:id=\"1\" w:author=\"&lt;img src=x&gt;\""));
    let pdf = String::from_utf8_lossy(&render(&comparison, Format::Pdf)).into_owned();
    assert!(
        pdf.contains("\\(paren\\)") && pdf.contains("\\\\"),
        "PDF strings escape parentheses and backslashes"
    );
}

#[test]
fn docx_opens_in_libreoffice() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|tool| {
        std::process::Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("SKIPPED: LibreOffice (soffice) is not installed, so the DOCX was not converted");
        return;
    };
    let corpus = corpus();
    let layer = teacher();
    let comparison = build(
        &corpus,
        &Selection::parse("pairs=uncc:art_24,uncc:art_7", &corpus).unwrap(),
        &Options::default(),
        &[&layer],
    );
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("comparison.docx");
    std::fs::write(&docx, render(&comparison, Format::Docx)).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let status = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    let pdf = dir.path().join("comparison.pdf");
    assert!(
        pdf.exists(),
        "LibreOffice did not convert the DOCX: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() > 5_000);
}

/// The text inside each Word comment range of a DOCX's document part, by comment ID.
fn commented_words(docx: &[u8]) -> Vec<String> {
    let xml = String::from_utf8_lossy(docx).into_owned();
    let mut out = Vec::new();
    for id in 1.. {
        let start = format!("<w:commentRangeStart w:id=\"{id}\"/>");
        let end = format!("<w:commentRangeEnd w:id=\"{id}\"/>");
        let (Some(from), Some(to)) = (xml.find(&start), xml.find(&end)) else {
            break;
        };
        let inside = &xml[from + start.len()..to];
        let words: String = inside
            .split("<w:t xml:space=\"preserve\">")
            .skip(1)
            .filter_map(|piece| piece.split("</w:t>").next())
            .collect();
        out.push(words);
    }
    out
}

#[test]
fn notes_sit_on_the_quoted_words_once_per_note_in_every_format() {
    let corpus = corpus();
    let text = corpus.library.get("bc:art_2").unwrap().text.clone();
    let at = text.find("security measures").unwrap();
    let note = |id: &str, anchor: Anchor| Annotation {
        id: id.into(),
        note: format!("note {id}"),
        author: "Teacher".into(),
        ..Annotation::on(anchor)
    };
    let layer = Layer {
        file: AnnotationFile {
            annotations: vec![
                note(
                    "quoted",
                    Anchor::quote(&pid("bc:art_2"), &text, at..at + "security measures".len()),
                ),
                // Budapest Art. 2 has two sentences: a whole-provision note still gets one comment.
                note("whole", Anchor::whole(&pid("bc:art_2"), &text)),
            ],
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    };
    let comparison = build(
        &corpus,
        &Selection::parse("pairs=uncc:art_7", &corpus).unwrap(),
        &Options::default(),
        &[&layer],
    );
    let docx = render(&comparison, Format::Docx);
    let comments = String::from_utf8_lossy(&docx)
        .matches("<w:comment w:id=")
        .count();
    assert_eq!(comments, 2, "one comment per note");
    let words = commented_words(&docx);
    assert_eq!(words.len(), 2);
    assert!(words.contains(&"security measures".to_owned()), "{words:?}");
    assert!(
        words
            .iter()
            .any(|w| w.starts_with("Each Party shall adopt")),
        "the whole-provision note spans the first sentence: {words:?}"
    );
    let html = String::from_utf8(render(&comparison, Format::Html)).unwrap();
    assert_eq!(
        html.matches("class=\"fn\" href=\"#pair-11-note-").count(),
        2,
        "one reference per note"
    );
    assert!(
        html.contains("<mark>security measures</mark><a class=\"fn\" href=\"#pair-11-note-"),
        "the reference follows the quoted words"
    );
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    assert!(
        markdown.contains("infringing security measures\\[1\\]"),
        "{markdown}"
    );
    // PDF: a bold "[n]" in the text for each note, besides the list after the pair.
    let pdf = String::from_utf8_lossy(&render(&comparison, Format::Pdf)).into_owned();
    for number in ["[1]", "[2]"] {
        assert_eq!(
            pdf.matches(&format!("({number}) Tj")).count(),
            2,
            "{number}: in the text and in the list"
        );
    }
}
