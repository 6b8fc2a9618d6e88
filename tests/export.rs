//! Exports: golden files per format, determinism, selections, hostile notes, and DOCX opened by LibreOffice.

mod tools;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crosswalk::annotations::{Anchor, Annotation, AnnotationFile, Layer, safeguards_layer};
use crosswalk::corpus::Corpus;
use crosswalk::export::{
    Format, Layout, NotesMode, Options, Paper, RenderOptions, Selection, build, render, render_with,
};
use crosswalk::model::{ProvisionId, Side};

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

const ALL_FORMATS: [Format; 7] = [
    Format::Html,
    Format::Markdown,
    Format::Csv,
    Format::Docx,
    Format::Pdf,
    Format::Json,
    Format::W3c,
];

/// Compares with the golden file. A test run never writes tests/golden: a missing or different
/// golden leaves the new bytes in `$GOLDEN_OUT` (or the target folder's tmp/golden/), and
/// `scripts/update-goldens.sh` copies them over deliberately (review the diff, commit).
fn check_golden(name: &str, bytes: &[u8]) -> Result<(), String> {
    let path = golden(name);
    let expected = std::fs::read(&path).ok();
    if expected.as_deref() == Some(bytes) {
        return Ok(());
    }
    let actual = std::env::var_os("GOLDEN_OUT").map_or_else(
        || Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&actual).unwrap();
    std::fs::write(actual.join(name), bytes).unwrap();
    Err(format!(
        "{name} {} its golden file; the new output is in {}",
        if expected.is_some() {
            "differs from"
        } else {
            "has no"
        },
        actual.display()
    ))
}

#[test]
fn golden_exports_of_a_fixed_selection() {
    let corpus = corpus();
    let selection = Selection::parse("pairs=uncc:art_7,uncc:art_24", &corpus).unwrap();
    let layer = teacher();
    let comparison = build(&corpus, &selection, &Options::default(), &[&layer]);
    assert_eq!(comparison.sections.len(), 2);
    // The teacher's note on Art. 24(1) with its pair; the teacher's link "Art. 24 is a safeguard for
    // Art. 28" has an end outside the selection, so the appendix lists it.
    let notes = &comparison.sections[1].notes;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].provision, "uncc:art_24__para_1");
    assert_eq!(notes[0].pinpoint, "UN Art. 24(1)");
    assert_eq!(comparison.appendix.len(), 1);
    assert!(
        comparison.appendix[0]
            .note
            .starts_with("Link (SafeguardFor): UN Art. 24 is a safeguard for UN Art. 28."),
        "{}",
        comparison.appendix[0].note
    );
    let mut differences = Vec::new();
    for format in ALL_FORMATS {
        let bytes = render(&comparison, format);
        let name = format!("pairs-7-24.{}", format.extension());
        differences.extend(check_golden(&name, &bytes).err());
        assert_eq!(
            render(&comparison, format),
            bytes,
            "{format:?} is deterministic"
        );
    }
    assert!(
        differences.is_empty(),
        "{}: review the new output, then run scripts/update-goldens.sh",
        differences.join("; ")
    );
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
    assert!(pdf.starts_with(b"%PDF-"));
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("Page 1 of "), "{text}");
        assert!(
            text.contains("Crosswalk — UN Art. 7 | Budapest Art. 2"),
            "running header with the pinpoints: {text}"
        );
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
    assert_eq!(
        all.sections.len(),
        corpus.crosswalk.links.len() + corpus.crosswalk.unmatched.len(),
        "every pair and every provision without counterpart"
    );
    let chapter = comparison_of(&corpus, "chapter=uncc:chp_4", &[]);
    assert!(!chapter.sections.is_empty() && chapter.sections.len() < all.sections.len());
    assert!(
        chapter
            .sections
            .iter()
            .all(|s| s.revision_ids.iter().any(|id| {
                let n: u32 = id
                    .trim_start_matches("uncc:art_")
                    .split("__")
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                (23..=34).contains(&n)
            }))
    );
    let safeguards = safeguards_layer().unwrap();
    let tagged = comparison_of(&corpus, "tag=safeguard/", &[&safeguards]);
    assert!(tagged.sections.iter().any(|s| {
        s.revision_ids
            .iter()
            .any(|id| id.starts_with("uncc:art_24"))
    }));
    assert!(
        !tagged
            .sections
            .iter()
            .any(|s| s.revision_ids == ["uncc:art_7"]),
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
            .any(|line| line.starts_with("search and seizure,")),
        "{csv}"
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
    let comparison = comparison_of(&corpus, "pairs=uncc:art_7", &[&layer]);
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
    let csv = render(&comparison, Format::Csv);
    let records = csv_records(&csv);
    let record = records
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("annotation"))
        .unwrap();
    assert!(
        record.iter().any(|cell| cell.starts_with(
            "<script>alert('x')</script> \"quoted\" ]]> & =HYPERLINK(\"http://x\") (paren)"
        )),
        "{record:?}"
    );
    let docx = render(&comparison, Format::Docx);
    let document = tools::package_part(&docx, "word/document.xml");
    let comments = tools::package_part(&docx, "word/comments.xml");
    assert!(!document.contains("<script>") && !comments.contains("<script>"));
    assert!(!comments.contains('\u{7}'));
    let parsed = roxmltree::Document::parse(&comments).expect("comments.xml is well-formed");
    let comment = parsed
        .descendants()
        .find(|n| n.has_tag_name((W, "comment")))
        .unwrap();
    assert_eq!(comment.attribute((W, "author")), Some("<img src=x>"));
    assert!(xml_text(comment).contains("<script>alert('x')</script> \"quoted\" ]]> &"));
    if let Some(text) = pdftotext(&render(&comparison, Format::Pdf)) {
        assert!(
            text.contains("(paren) \\ *bold*"),
            "parentheses and backslashes print as themselves: {text}"
        );
    }
}

/// The text of an ODF element (paragraph breaks as spaces).
fn odf_text(node: roxmltree::Node) -> String {
    let mut text = String::new();
    for descendant in node.descendants() {
        if descendant.is_text() {
            text.push_str(descendant.text().unwrap_or_default());
        } else if descendant.tag_name().name() == "s" {
            text.push(' ');
        } else if descendant.tag_name().name() == "p" && !text.is_empty() {
            text.push(' ');
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const ODF_TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const ODF_OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

#[test]
fn docx_footnote_and_comment_n_carry_note_n_as_libreoffice_renders_them() {
    let corpus = corpus();
    let layers = [rich_layer(&corpus), teacher()];
    let comparison = build(
        &corpus,
        &Selection::parse("pairs=uncc:art_24,uncc:art_7,uncc:art_28", &corpus).unwrap(),
        &Options::default(),
        &[&layers[0], &layers[1]],
    );
    let notes: Vec<&crosswalk::export::NoteView> =
        comparison.sections.iter().flat_map(|s| &s.notes).collect();
    assert!(notes.len() >= 5, "{}", notes.len());
    for (index, note) in notes.iter().enumerate() {
        assert_eq!(note.number, index + 1, "numbered in reading order");
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for layout in [Layout::Columns, Layout::Redline] {
        for mode in [NotesMode::Comments, NotesMode::Footnotes, NotesMode::Both] {
            let path = dir
                .path()
                .join(format!("{layout:?}-{mode:?}.docx").to_lowercase());
            let options = RenderOptions {
                layout,
                notes: mode,
                ..RenderOptions::new(Format::Docx)
            };
            std::fs::write(&path, render_with(&comparison, &options).bytes).unwrap();
            files.push((path, mode));
        }
    }
    let paths: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    if tools::libreoffice_convert(&paths, "odt", dir.path(), "the DOCX footnotes and comments")
        .is_none()
    {
        return;
    }
    for (path, mode) in &files {
        let odt = std::fs::read(path.with_extension("odt")).unwrap();
        let content = tools::package_part(&odt, "content.xml");
        let parsed = roxmltree::Document::parse(&content).unwrap();
        let footnotes: Vec<String> = parsed
            .descendants()
            .filter(|n| {
                n.has_tag_name((ODF_TEXT, "note"))
                    && n.attribute((ODF_TEXT, "note-class")) == Some("footnote")
            })
            .map(|n| {
                odf_text(
                    n.children()
                        .find(|c| c.has_tag_name((ODF_TEXT, "note-body")))
                        .unwrap(),
                )
            })
            .collect();
        let comments: Vec<String> = parsed
            .descendants()
            .filter(|n| n.has_tag_name((ODF_OFFICE, "annotation")))
            .map(odf_text)
            .collect();
        let name = path.display();
        // A footnote per note; a comment per note, each followed by its replies' comments.
        let footnoted: Vec<String> = notes.iter().map(|n| one_line_start(&n.note)).collect();
        let commented: Vec<String> = notes
            .iter()
            .flat_map(|n| {
                std::iter::once(one_line_start(&n.note))
                    .chain(n.replies.iter().map(|r| one_line_start(&r.note)))
            })
            .collect();
        for (shown, wanted, expected) in [
            (&footnotes, mode.footnotes(), &footnoted),
            (&comments, mode.comments(), &commented),
        ] {
            if !wanted {
                assert!(shown.is_empty(), "{name}: {shown:?}");
                continue;
            }
            assert_eq!(shown.len(), expected.len(), "{name}: {shown:?}");
            for (n, (text, words)) in shown.iter().zip(expected).enumerate() {
                assert!(
                    text.contains(words),
                    "{name}: note or reply {} reads {text:?}, not “{words}”",
                    n + 1
                );
            }
        }
    }
}

/// The start of a note's first line as a converted document shows it (whitespace collapsed).
fn one_line_start(note: &str) -> String {
    let first = note.lines().next().unwrap_or_default();
    first
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_docx_variant_opens_in_libreoffice() {
    let corpus = corpus();
    let layer = rich_layer(&corpus);
    let comparison = comparison_of(&corpus, "pairs=uncc:art_24,uncc:art_7", &[&layer]);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for layout in [Layout::Columns, Layout::Redline] {
        for notes in [NotesMode::Comments, NotesMode::Footnotes, NotesMode::Both] {
            for paper in [Paper::A4, Paper::Letter] {
                let name = format!("{layout:?}-{notes:?}-{paper:?}").to_lowercase();
                let path = dir.path().join(format!("{name}.docx"));
                let options = RenderOptions {
                    layout,
                    notes,
                    paper,
                    ..RenderOptions::new(Format::Docx)
                };
                std::fs::write(&path, render_with(&comparison, &options).bytes).unwrap();
                files.push(name);
            }
        }
    }
    let docx: Vec<PathBuf> = files
        .iter()
        .map(|f| dir.path().join(format!("{f}.docx")))
        .collect();
    let Some(pdfs) = tools::libreoffice_convert(&docx, "pdf", dir.path(), "the DOCX conversion")
    else {
        return;
    };
    for (name, pdf) in files.iter().zip(&pdfs) {
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.len() > 5_000, "{name}");
        // Footnotes survive conversion: the note's words are in the converted PDF.
        if let Some(text) = pdftotext(&bytes) {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            // The byline is only in the note itself (the departures table shows the note's words).
            let byline = "Brief · Counsel · 2026-11-20T09:00:00Z, updated 2026-11-21T10:00:00Z · colour: green";
            if name.contains("footnotes") || name.contains("both") {
                assert!(text.contains(byline), "{name}: footnotes print: {text}");
            } else {
                assert!(!text.contains(byline), "{name}: comments only");
            }
            assert!(
                text.contains("Page 1 of"),
                "{name}: page numbers in the footer"
            );
        }
    }
}

/// The text inside each Word comment range of a DOCX's document part, by comment ID.
fn commented_words(docx: &[u8]) -> Vec<String> {
    let xml = tools::package_part(docx, "word/document.xml");
    let mut out = Vec::new();
    let ids: Vec<String> = xml
        .split("<w:commentRangeStart w:id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    for id in ids {
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
    let text = provision_text(&corpus, "bc:art_2");
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
    let comparison = comparison_of(&corpus, "pairs=uncc:art_7", &[&layer]);
    let docx = render(&comparison, Format::Docx);
    let comments = tools::package_part(&docx, "word/comments.xml")
        .matches("<w:comment w:id=")
        .count();
    assert_eq!(comments, 2, "one comment per note");
    let words = commented_words(&docx);
    assert_eq!(words.len(), 2);
    assert!(words.contains(&"security measures".to_owned()), "{words:?}");
    assert!(
        words.iter().any(|w| w == "[1¶]"),
        "the whole-provision note is marked at the start of the first sentence, numbered first as read: {words:?}"
    );
    let html = String::from_utf8(render(&comparison, Format::Html)).unwrap();
    assert_eq!(
        html.matches("href=\"#pair-11-note-").count(),
        2,
        "one reference per note"
    );
    assert!(
        html.contains("<mark>security measures</mark><a class=\"fn\" href=\"#pair-11-note-"),
        "the reference follows the quoted words"
    );
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    assert!(
        markdown.contains("infringing security measures\\[2\\]"),
        "{markdown}"
    );
    // PDF: "[n]" in the text for each note, besides the list after the pair.
    if let Some(text) = pdftotext(&render(&comparison, Format::Pdf)) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("security measures[2]"), "{flat}");
        assert!(flat.contains("[1¶]"), "{flat}");
        assert!(
            flat.contains("[2] Budapest Art. 2 “security measures”"),
            "{flat}"
        );
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The text of an XML element's `w:t` and `w:delText` descendants.
fn xml_text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.has_tag_name((W, "t")) || n.has_tag_name((W, "delText")))
        .filter_map(|n| n.text())
        .collect()
}

/// CSV records, read back with the csv crate (byte-order mark removed).
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| {
            r.expect("a valid record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// Runs a poppler or qpdf tool on a PDF; None (with a message) when the tool is not installed.
fn pdf_tool(tool: &str, args: &[&str], pdf: &[u8]) -> Option<(bool, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut command = std::process::Command::new(tool);
    command.args(args).arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    match command.output() {
        Ok(output) => Some((
            output.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        )),
        Err(_) => {
            tools::missing(tool, "the PDF");
            None
        }
    }
}

/// How many link annotations of a PDF go to a pair (not to a note: markers link to their notes).
fn links_to_pairs(pdf: &[u8]) -> usize {
    pdf_links(pdf)
        .expect("qpdf is installed")
        .iter()
        .filter(|link| !link.contents.starts_with("Go to note"))
        .count()
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    pdf_tool("pdftotext", &["-enc", "UTF-8"], pdf).map(|(_, text)| text)
}

const ARABIC: &str = "هذه المادة تحمي حقوق الإنسان";
const CHINESE: &str = "本条保护人权";
const RUSSIAN: &str = "Эта статья защищает права человека";
const SIGNS: &str = "≤ ≥ ≠";
const KHITAN: char = '\u{18B00}';

/// A layer with every kind of note: quoted words, a whole article, a link within one treaty, a
/// threaded reply, a colour, evidence, notes in Arabic, Chinese and Russian, and one outside the
/// selection.
fn rich_layer(corpus: &Corpus) -> Layer {
    use crosswalk::annotations::{LinkAnnotation, LinkRelation, Reply};
    use crosswalk::crosswalk::Evidence;
    let text = provision_text(&corpus, "uncc:art_24__para_1");
    let quote = "principle of proportionality";
    let at = text.find(quote).unwrap();
    let note = |id: &str, anchor: Anchor, body: &str| Annotation {
        id: id.into(),
        note: body.into(),
        author: "Counsel".into(),
        created: "2026-11-20T09:00:00Z".into(),
        updated: "2026-11-21T10:00:00Z".into(),
        ..Annotation::on(anchor)
    };
    let mut quoted = note(
        "q1",
        Anchor::quote(&pid("uncc:art_24__para_1"), &text, at..at + quote.len()),
        "Quoted words note: proportionality is kept.",
    );
    quoted.color = Some("#2e7d32".into());
    quoted.tags = vec!["safeguard/proportionality".into()];
    quoted.replies = vec![Reply {
        note: "Reply in the thread: agreed.".into(),
        author: "Partner".into(),
        created: "2026-11-22T08:00:00Z".into(),
    }];
    quoted.evidence = vec![Evidence {
        provision: pid("bc:art_15__para_1"),
        quote: "principle of proportionality".into(),
    }];
    let article = provision_text(&corpus, "uncc:art_24");
    let whole = note(
        "w1",
        Anchor::whole(&pid("uncc:art_24"), &article),
        "Whole article note.",
    );
    let multilingual = note(
        "m1",
        Anchor::whole(&pid("uncc:art_24__para_2"), ""),
        &format!("{ARABIC}\r\n{CHINESE}\r{RUSSIAN}\n{SIGNS} {KHITAN}"),
    );
    let outside = note(
        "o1",
        Anchor::whole(&pid("uncc:art_40"), ""),
        "Outside the selection.",
    );
    Layer {
        file: AnnotationFile {
            name: "Brief".into(),
            annotations: vec![quoted, whole, multilingual, outside],
            links: vec![LinkAnnotation {
                id: "l1".into(),
                ends: vec![
                    Anchor::bare(pid("uncc:art_24__para_2")),
                    Anchor::bare(pid("uncc:art_28")),
                ],
                relation: LinkRelation::Limits,
                note: "Judicial review limits the search power.".into(),
                author: "Counsel".into(),
                ..LinkAnnotation::default()
            }],
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    }
}

fn rich_comparison(corpus: &Corpus) -> crosswalk::export::Comparison {
    let layer = rich_layer(corpus);
    build(
        corpus,
        &Selection::parse("pairs=uncc:art_24,uncc:art_7", corpus).unwrap(),
        &Options::default(),
        &[&layer],
    )
}

#[test]
fn nothing_is_dropped_in_any_format() {
    let corpus = corpus();
    let comparison = rich_comparison(&corpus);
    let pair = comparison
        .sections
        .iter()
        .find(|s| {
            s.revision_ids
                .iter()
                .any(|id| id.starts_with("uncc:art_24"))
        })
        .unwrap();
    let numbers: Vec<usize> = pair.notes.iter().map(|n| n.number).collect();
    assert_eq!(pair.notes.len(), 3, "{:#?}", pair.notes);
    assert_eq!(
        comparison.appendix.len(),
        2,
        "the note on Art. 40, and the link to Art. 28 (outside the selection), are in the appendix"
    );
    assert_eq!(comparison.appendix[0].note, "Outside the selection.");
    let link = comparison
        .appendix
        .iter()
        .find(|n| n.relation == "Limits")
        .unwrap();
    assert!(
        link.note
            .starts_with("Link (Limits): UN Art. 24(2) limits UN Art. 28."),
        "relation and both pinpoints: {}",
        link.note
    );
    let placements = pair.note_placements();
    assert_eq!(
        placements.len(),
        3,
        "every note of the pair has a place in the table"
    );
    let whole = pair.notes.iter().find(|n| n.id == "w1").unwrap();
    assert!(whole.whole_provision);

    // HTML: a marker per note, replies threaded, colour in words, the appendix.
    let (html, document) = html_of(&comparison);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    for number in &numbers {
        let href = format!("a.fn[href$=\"-note-{number}\"]");
        assert_eq!(
            document.select(&select(&href)).count(),
            1,
            "one marker for note {number}"
        );
    }
    let reply = document.select(&select("ul.replies li")).next().unwrap();
    assert!(
        reply
            .text()
            .collect::<String>()
            .contains("Reply in the thread: agreed.")
    );
    assert!(html.contains("colour: green"));
    assert_eq!(document.select(&select("#appendix li")).count(), 2);
    assert!(html.contains("Evidence: Budapest Art. 15(1): “principle of proportionality”"));

    // Markdown: the same, parsed back.
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    let text = markdown_text(&markdown);
    assert!(text.contains("↳ Partner, 2026-11-22T08:00:00Z: Reply in the thread: agreed."));
    assert!(text.contains("Appendix: notes on provisions outside the selection"));
    assert!(text.contains(&format!("[{}¶]", whole.number)), "{text}");

    // CSV: a row per note and per reply, the appendix note under the pair "appendix".
    let records = csv_records(&render(&comparison, Format::Csv));
    let header = &records[0];
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    let kinds: Vec<&str> = records.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "reply").count(), 1);
    let appendix = records
        .iter()
        .find(|r| r[column("pair")] == "appendix")
        .unwrap();
    assert_eq!(appendix[column("annotation_id")], "o1");
    let quoted = records
        .iter()
        .find(|r| r[column("annotation_id")] == "q1")
        .unwrap();
    assert_eq!(quoted[column("author")], "Counsel");
    assert_eq!(quoted[column("created")], "2026-11-20T09:00:00Z");
    assert_eq!(quoted[column("updated")], "2026-11-21T10:00:00Z");
    assert_eq!(quoted[column("colour")], "green (#2e7d32)");
    assert!(quoted[column("evidence")].contains("principle of proportionality"));
    let link_row = records
        .iter()
        .find(|r| r[column("annotation_id")] == "l1")
        .unwrap();
    assert_eq!(link_row[column("relation")], "Limits");

    // DOCX: one comment per note and per reply, the replies threaded under their note as Word
    // threads them; one footnote per note; the appendix in the body.
    let docx = render(&comparison, Format::Docx);
    let all_notes: usize = comparison.sections.iter().map(|s| s.notes.len()).sum();
    let all_replies: usize = comparison
        .sections
        .iter()
        .flat_map(|s| &s.notes)
        .map(|n| n.replies.len())
        .sum();
    assert!(all_replies > 0);
    let comments = tools::package_part(&docx, "word/comments.xml");
    let comments = roxmltree::Document::parse(&comments).unwrap();
    let comment_count = comments
        .descendants()
        .filter(|n| n.has_tag_name((W, "comment")))
        .count();
    assert_eq!(comment_count, all_notes + all_replies);
    const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
    const W15: &str = "http://schemas.microsoft.com/office/word/2012/wordml";
    let para_of = |text: &str| -> String {
        comments
            .descendants()
            .filter(|n| n.has_tag_name((W, "comment")))
            .find(|c| xml_text(*c).contains(text))
            .and_then(|c| {
                c.descendants()
                    .filter(|p| p.has_tag_name((W, "p")))
                    .last()
                    .and_then(|p| p.attribute((W14, "paraId")))
            })
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("a paragraph ID on the comment with {text}"))
    };
    let extended = tools::package_part(&docx, "word/commentsExtended.xml");
    let extended = roxmltree::Document::parse(&extended).unwrap();
    let reply = para_of("Reply in the thread: agreed.");
    let parent = extended
        .descendants()
        .find(|n| n.attribute((W15, "paraId")) == Some(reply.as_str()))
        .and_then(|n| n.attribute((W15, "paraIdParent")))
        .expect("the reply names its parent");
    assert_eq!(parent, para_of("Quoted words note"));
    assert!(
        tools::package_part(&docx, "[Content_Types].xml").contains("/word/commentsExtended.xml")
    );
    assert!(
        tools::package_part(&docx, "word/_rels/document.xml.rels").contains("commentsExtended.xml")
    );
    let footnotes = tools::package_part(&docx, "word/footnotes.xml");
    let footnotes = roxmltree::Document::parse(&footnotes).unwrap();
    let footnote_texts: Vec<String> = footnotes
        .descendants()
        .filter(|n| n.has_tag_name((W, "footnote")) && n.attribute((W, "type")).is_none())
        .map(xml_text)
        .collect();
    assert_eq!(footnote_texts.len(), all_notes);
    assert!(
        footnote_texts
            .iter()
            .any(|t| t.contains("↳ Partner, 2026-11-22T08:00:00Z: Reply in the thread"))
    );
    assert!(footnote_texts.iter().any(|t| t.contains("colour: green")));
    let document = tools::package_part(&docx, "word/document.xml");
    assert!(document.contains("Outside the selection."));

    // JSON: notes with anchors and replies, the appendix.
    let json: serde_json::Value =
        serde_json::from_slice(&render(&comparison, Format::Json)).unwrap();
    assert_eq!(json["appendix"].as_array().unwrap().len(), 2);
    let notes = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["notes"].as_array().unwrap())
        .collect::<Vec<_>>();
    let q1 = notes.iter().find(|n| n["id"] == "q1").unwrap();
    assert_eq!(q1["replies"][0]["author"], "Partner");
    assert_eq!(q1["quote"], "principle of proportionality");

    // PDF: every note's words and the reply are in the text.
    if let Some(text) = pdftotext(&render(&comparison, Format::Pdf)) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for words in [
            "Quoted words note",
            "Whole article note.",
            "Reply in the thread: agreed.",
            "Outside the selection.",
            "Link (Limits): UN Art. 24(2) limits UN Art. 28.",
            "colour: green",
        ] {
            assert!(flat.contains(words), "{words} in {flat}");
        }
    }
}

/// The text of a Markdown document as a CommonMark reader sees it.
fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options as MdOptions, Parser};
    Parser::new_ext(
        markdown,
        MdOptions::ENABLE_STRIKETHROUGH | MdOptions::ENABLE_TABLES,
    )
    .filter_map(|event| match event {
        Event::Text(text) | Event::Code(text) => Some(text.into_string()),
        Event::SoftBreak | Event::HardBreak => Some(" ".into()),
        Event::End(_) => Some("\n".into()),
        _ => None,
    })
    .collect()
}

#[test]
fn markdown_renders_every_mark_and_no_note_changes_the_structure() {
    use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
    let corpus = corpus();
    let hostile = Layer {
        file: AnnotationFile {
            annotations: vec![Annotation {
                id: "h".into(),
                note: "first line\r# forged heading\r\n- forged item\n===\r| a | b |".into(),
                ..Annotation::on(Anchor::whole(&pid("uncc:art_7__para_1"), ""))
            }],
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    };
    let comparison = build(&corpus, &Selection::All, &Options::default(), &[&hostile]);
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    // Marks in the comparison: every non-blank changed stretch of every shown sentence.
    let marks: usize = comparison
        .sections
        .iter()
        .flat_map(|s| &s.rows)
        .flat_map(|r| r.revision.iter().chain(&r.base))
        .filter(|seg| seg.change != crosswalk::diff::Change::Equal && !seg.text.trim().is_empty())
        .count();
    let mut elements = 0;
    let mut headings = 0;
    let mut quotes = 0;
    let mut in_code = false;
    for event in Parser::new_ext(
        &markdown,
        MdOptions::ENABLE_STRIKETHROUGH | MdOptions::ENABLE_TABLES,
    ) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes -= 1,
            // The texts are quoted: count the marks there (the legend and labels are outside).
            Event::Start(Tag::Strong | Tag::Strikethrough | Tag::Emphasis) if quotes > 0 => {
                elements += 1
            }
            Event::InlineHtml(html)
                if quotes > 0 && matches!(&*html, "<del>" | "<strong>" | "<em>") =>
            {
                elements += 1
            }
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => {
                assert!(
                    !text.contains("**") && !text.contains("~~"),
                    "a literal mark delimiter: {text:?}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(elements, marks, "every mark becomes an element");
    assert_eq!(
        headings,
        1 + comparison.sections.len(),
        "the title and one heading per pair: no note forged a heading"
    );
    assert!(!markdown.contains('\r'), "carriage returns are normalised");
    // The matrix table parses as a table.
    let safeguards = safeguards_layer().unwrap();
    let matrix = build(
        &corpus,
        &Selection::Matrix,
        &Options::default(),
        &[&safeguards],
    );
    let markdown = String::from_utf8(render(&matrix, Format::Markdown)).unwrap();
    assert!(
        Parser::new_ext(&markdown, MdOptions::ENABLE_TABLES)
            .any(|e| matches!(e, Event::Start(Tag::Table(_)))),
        "the matrix is a table"
    );
}

#[test]
fn csv_defuses_formulas_has_ids_sources_and_a_byte_order_mark() {
    let corpus = corpus();
    let triggers = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"];
    let layer = Layer {
        file: AnnotationFile {
            name: "Hostile".into(),
            annotations: triggers
                .iter()
                .enumerate()
                .map(|(index, note)| Annotation {
                    id: format!("x{index}"),
                    note: (*note).into(),
                    ..Annotation::on(Anchor::whole(&pid("uncc:art_7__para_1"), ""))
                })
                .collect(),
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    };
    let comparison = comparison_of(&corpus, "pairs=uncc:art_7", &[&layer]);
    let bytes = render(&comparison, Format::Csv);
    assert!(
        bytes.starts_with("\u{FEFF}".as_bytes()),
        "byte-order mark by default"
    );
    let without = render_with(
        &comparison,
        &RenderOptions {
            bom: false,
            ..RenderOptions::new(Format::Csv)
        },
    );
    assert_eq!(&without.bytes[..], &bytes[3..]);
    let text = String::from_utf8_lossy(&without.bytes);
    assert!(
        text.starts_with("kind,pair,uncc,bc,"),
        "the header is the first row: {}",
        text.lines().next().unwrap_or_default()
    );
    let records = csv_records(&bytes);
    assert!(
        records.iter().any(|r| r.len() == 2
            && r[0] == "source"
            && r[1].starts_with("UN Convention against Cybercrime")),
        "the sources under about,text"
    );
    let header = &records[0];
    for column in [
        "annotation_id",
        "layer",
        "author",
        "created",
        "updated",
        "relation",
        "evidence",
    ] {
        assert!(header.iter().any(|c| c == column), "{column} column");
    }
    let note = header.iter().position(|c| c == "note").unwrap();
    for record in records.iter().skip(1) {
        for cell in record {
            // A spreadsheet may trim leading line breaks and spaces before it reads a formula.
            let trimmed = cell.trim_start_matches([' ', '\n', '\r']);
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
                    && !trimmed.starts_with(['=', '+', '-', '@', '\t']),
                "an undefused cell: {cell:?}"
            );
        }
    }
    let notes: Vec<&str> = records
        .iter()
        .filter(|r| r[0] == "annotation")
        .map(|r| r[note].as_str())
        .collect();
    assert_eq!(notes.len(), triggers.len());
    assert!(notes.contains(&"'=1+1") && notes.contains(&"'\t=1"));
}

#[test]
fn html_parses_without_errors_and_isolates_notes() {
    let corpus = corpus();
    let mut layer = rich_layer(&corpus);
    layer.file.annotations[0].note =
        format!("bell\u{7} escape\u{1b} override \u{202E}reversed{ARABIC}");
    let comparison = build(&corpus, &Selection::All, &Options::default(), &[&layer]);
    let html = String::from_utf8(render(&comparison, Format::Html)).unwrap();
    assert!(
        !html.contains('\u{7}') && !html.contains('\u{1b}'),
        "control characters removed"
    );
    let document = scraper::Html::parse_document(&html);
    assert!(
        document.errors.is_empty(),
        "HTML5 parse errors: {:?}",
        document.errors
    );
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let isolated: Vec<_> = document.select(&select("ol.notes bdi[dir=auto]")).collect();
    assert!(
        isolated
            .iter()
            .any(|b| b.text().collect::<String>().contains("\u{202E}reversed")),
        "the override stays inside its <bdi>"
    );
    assert!(
        isolated.iter().any(|b| b.value().attr("lang") == Some("ar")
            && b.text().collect::<String>().contains(ARABIC)),
        "Arabic notes are marked lang=ar"
    );
    assert_eq!(document.root_element().value().attr("lang"), Some("en"));
}

/// The W3C annotation whose ID ends with `:id`, with its quote and position selectors.
fn w3c_selectors<'a>(
    w3c: &'a serde_json::Value,
    id: &str,
) -> (
    &'a serde_json::Value,
    &'a serde_json::Value,
    &'a serde_json::Value,
) {
    let suffix = format!(":{id}");
    let item = w3c["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().is_some_and(|id| id.ends_with(&suffix)))
        .unwrap();
    let selectors = item["target"]["selector"].as_array().unwrap();
    let of_type = |kind: &str| selectors.iter().find(|s| s["type"] == kind).unwrap();
    (
        item,
        of_type("TextQuoteSelector"),
        of_type("TextPositionSelector"),
    )
}

#[test]
fn json_and_w3c_exports_carry_the_whole_comparison() {
    let corpus = corpus();
    let comparison = rich_comparison(&corpus);
    let json: serde_json::Value =
        serde_json::from_slice(&render(&comparison, Format::Json)).unwrap();
    assert_eq!(json["format"], "crosswalk-comparison");
    let section = &json["sections"][0];
    assert!(section["evidence"].is_array() && section["statement"].is_string());
    let row = &section["rows"][0];
    assert!(row["uncc"][0]["change"].is_string() && row["inline"].is_array());
    let w3c: serde_json::Value = serde_json::from_slice(&render(&comparison, Format::W3c)).unwrap();
    assert_eq!(w3c["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(w3c["type"], "AnnotationCollection");
    let items = w3c["first"]["items"].as_array().unwrap();
    let (quoted, quote, position) = w3c_selectors(&w3c, "q1");
    assert_eq!(quoted["target"]["source"], "uncc:art_24__para_1");
    assert_eq!(quote["exact"], "principle of proportionality");
    // The position selector counts code points of the provision's text and lands on the quote.
    let text = &corpus.library.get("uncc:art_24__para_1").unwrap().text;
    let start = position["start"].as_u64().unwrap() as usize;
    let end = position["end"].as_u64().unwrap() as usize;
    let selected: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(selected, "principle of proportionality");
    assert!(
        items
            .iter()
            .any(|i| i["motivation"] == "replying" && i["target"] == quoted["id"])
    );
    assert!(items.iter().any(|i| i["motivation"] == "linking"));
}

#[test]
fn docx_has_footnotes_departures_header_page_numbers_and_a_redline() {
    let corpus = corpus();
    let comparison = rich_comparison(&corpus);
    let footnotes_only = render_with(
        &comparison,
        &RenderOptions {
            notes: NotesMode::Footnotes,
            ..RenderOptions::new(Format::Docx)
        },
    )
    .bytes;
    let document = tools::package_part(&footnotes_only, "word/document.xml");
    let parsed = roxmltree::Document::parse(&document).unwrap();
    assert_eq!(
        parsed
            .descendants()
            .filter(|n| n.has_tag_name((W, "commentReference")))
            .count(),
        0,
        "footnotes only"
    );
    // The footnote mark follows the quoted words.
    let paragraphs: Vec<roxmltree::Node> = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .collect();
    let with_quote = paragraphs.iter().find(|p| {
        let mut text = String::new();
        for node in p.descendants() {
            if node.has_tag_name((W, "t")) {
                text.push_str(node.text().unwrap_or(""));
            }
            if node.has_tag_name((W, "footnoteReference")) {
                text.push_str("{fn}");
            }
        }
        text.contains("principle of proportionality{fn}")
    });
    assert!(
        with_quote.is_some(),
        "a footnote reference right after the quoted words"
    );
    // Departures table: one row per aligned sentence, with an empty Comments column.
    let tables: Vec<roxmltree::Node> = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    let departures = tables
        .iter()
        .find(|t| {
            xml_text(**t).starts_with("PinpointsRedlined textRationale and evidenceNotesComments")
        })
        .expect("a departures table");
    let rows = departures
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .count();
    // A departure: the row's redline deletes or inserts something (words, case, spacing).
    let changed = |row: &crosswalk::export::RowView| {
        row.inline.iter().any(|s| {
            matches!(
                s.change,
                crosswalk::diff::Change::Deleted | crosswalk::diff::Change::Inserted
            )
        })
    };
    let departing = |comparison: &crosswalk::export::Comparison| -> usize {
        comparison
            .sections
            .iter()
            .filter(|s| !s.side_by_side)
            .map(|s| s.rows.iter().filter(|row| changed(row)).count())
            .sum()
    };
    assert_eq!(
        rows,
        departing(&comparison) + 1,
        "only rows with a departure"
    );
    // Over the whole crosswalk some rows are the same in both treaties: they are left out.
    let all = build(&corpus, &Selection::All, &Options::default(), &[]);
    let all_docx = render(&all, Format::Docx);
    let all_body = tools::package_part(&all_docx, "word/document.xml");
    let all_parsed = roxmltree::Document::parse(&all_body).unwrap();
    let all_rows = all_parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .find(|t| {
            xml_text(*t).starts_with("PinpointsRedlined textRationale and evidenceNotesComments")
        })
        .expect("a departures table")
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .count();
    let aligned: usize = all.sections.iter().map(|s| s.rows.len()).sum();
    assert!(departing(&all) < aligned, "some rows are unchanged");
    assert_eq!(all_rows, departing(&all) + 1, "only rows with a departure");
    // Equivalent terms carry a dotted underline, not only a colour.
    assert!(
        parsed
            .descendants()
            .any(|n| n.has_tag_name((W, "u")) && n.attribute((W, "val")) == Some("dotted"))
    );
    // Running header naming the selection, page numbers in the footer.
    let header = tools::package_part(&footnotes_only, "word/header1.xml");
    assert!(header.contains(&comparison.selection), "{header}");
    let footer = tools::package_part(&footnotes_only, "word/footer1.xml");
    assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES "));
    // Compressed, with fixed dates: the same bytes twice, and smaller than the XML it holds.
    let again = render_with(
        &comparison,
        &RenderOptions {
            notes: NotesMode::Footnotes,
            ..RenderOptions::new(Format::Docx)
        },
    )
    .bytes;
    assert_eq!(again, footnotes_only);
    assert!(footnotes_only.len() * 3 < document.len());
    let archive = zip::ZipArchive::new(std::io::Cursor::new(&footnotes_only[..])).unwrap();
    assert!(archive.len() >= 10);

    // Redline: Budapest-only words as tracked deletions, UN-only words as tracked insertions.
    let redline = render_with(
        &comparison,
        &RenderOptions {
            layout: Layout::Redline,
            ..RenderOptions::new(Format::Docx)
        },
    )
    .bytes;
    let document = tools::package_part(&redline, "word/document.xml");
    let parsed = roxmltree::Document::parse(&document).unwrap();
    let deletions: Vec<String> = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "del")))
        .map(xml_text)
        .collect();
    let insertions: Vec<String> = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "ins")))
        .map(xml_text)
        .collect();
    assert!(
        insertions.iter().any(|t| t.trim() == "or criminal"),
        "{insertions:?}"
    );
    assert!(deletions.iter().any(|t| t.trim() == ","), "{deletions:?}");
    assert!(
        parsed
            .descendants()
            .filter(|n| n.has_tag_name((W, "del")) || n.has_tag_name((W, "ins")))
            .all(|n| n.attribute((W, "author")) == Some("Budapest Convention → UN Convention"))
    );
    // Letter paper.
    let letter = render_with(
        &comparison,
        &RenderOptions {
            paper: Paper::Letter,
            ..RenderOptions::new(Format::Docx)
        },
    )
    .bytes;
    assert!(
        tools::package_part(&letter, "word/document.xml")
            .contains("<w:pgSz w:w=\"12240\" w:h=\"15840\"/>")
    );
}

#[test]
fn pdf_embeds_unicode_fonts_and_is_tagged_linked_and_valid() {
    let corpus = corpus();
    let comparison = rich_comparison(&corpus);
    let rendered = render_with(&comparison, &RenderOptions::new(Format::Pdf));
    let pdf = rendered.bytes.clone();
    assert_eq!(render(&comparison, Format::Pdf), pdf, "deterministic");
    assert!(
        rendered
            .warnings
            .iter()
            .any(|w| w.contains("Khitan") && w.contains("U+18B00")),
        "a warning names the script no font has: {:?}",
        rendered.warnings
    );
    let Some(text) = pdftotext(&pdf) else { return };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(RUSSIAN), "Russian: {flat}");
    assert!(
        flat.contains(CHINESE),
        "Chinese (a system CJK font): {flat}"
    );
    assert!(
        SIGNS.split(' ').all(|sign| flat.contains(sign)),
        "≤ ≥ ≠: {flat}"
    );
    if let Some((_, raw)) = pdf_tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf) {
        assert!(raw.contains(SIGNS), "≤ ≥ ≠ with their spaces: {raw}");
    }
    // Arabic is shaped and laid out right to left; its text comes back in reading order.
    assert!(
        ARABIC.split(' ').all(|word| flat.contains(word)),
        "Arabic: {flat}"
    );
    assert!(
        !flat.contains('?') || !flat.contains("?? "),
        "no characters replaced by ?"
    );
    // Words are separated in every weight (bold runs never touch the next word).
    let art7 = provision_text(&corpus, "uncc:art_7__para_2");
    for word in art7.split_whitespace() {
        assert!(flat.contains(word), "{word}");
    }
    if let Some((ok, fonts)) = pdf_tool("pdffonts", &[], &pdf) {
        assert!(ok, "{fonts}");
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 2, "{fonts}");
        assert!(
            rows.iter().all(|row| row.contains(" yes yes yes ")),
            "embedded, subset, Unicode map: {fonts}"
        );
        assert!(
            fonts.contains("DejaVuSans") && fonts.contains("CJK"),
            "{fonts}"
        );
    }
    if let Some((_, info)) = pdf_tool("pdfinfo", &[], &pdf) {
        let field = |name: &str| {
            info.lines()
                .find_map(|line| line.strip_prefix(&format!("{name}:")))
                .map(str::trim)
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(field("Title"), comparison.title, "{info}");
        assert_eq!(field("Author"), "Counsel", "{info}");
        assert_eq!(field("Subject"), comparison.intro(), "{info}");
        assert_eq!(field("Tagged"), "yes", "{info}");
        assert!(
            field("Page size").starts_with("595.28 x 841.89 pts"),
            "{info}"
        );
    }
    if let Some((ok, check)) = pdf_tool("qpdf", &["--check"], &pdf) {
        assert!(ok, "qpdf --check: {check}");
    }
    // Tagged: headings, tables (header cells), lists and links in the structure tree, in reading order.
    if let Some((_, tree)) = pdf_tool("pdfinfo", &["-struct-text"], &pdf) {
        for element in [
            "H1", "H2", "Table", "TR", "TH", "TD", "L", "LI", "LBody", "Link", "P",
        ] {
            assert!(
                tree.lines().map(str::trim).any(|line| line == element
                    || line.starts_with(&format!("{element} "))
                    || line.starts_with(&format!("{element}:"))),
                "{element} in the structure tree: {tree}"
            );
        }
        let title = tree.find("Crosswalk: UN Convention").unwrap_or(usize::MAX);
        let appendix = tree.find("Outside the selection.").unwrap_or(0);
        assert!(
            title < appendix,
            "reading order: title first, appendix last"
        );
    }
    // Bookmarks (one per pair, under its chapter) and links from the differences table.
    if let Some((ok, json)) = pdf_tool(
        "qpdf",
        &["--json", "--json-key=outlines", "--json-key=pages"],
        &pdf,
    ) {
        assert!(ok, "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let outlines = value["outlines"].as_array().unwrap();
        let pairs: Vec<&serde_json::Value> = outlines
            .iter()
            .flat_map(|o| o["kids"].as_array().unwrap())
            .collect();
        assert_eq!(pairs.len(), comparison.sections.len(), "{outlines:#?}");
        assert!(
            outlines
                .iter()
                .any(|o| o["title"].as_str().unwrap().starts_with("Chapter"))
        );
        let links = links_to_pairs(&pdf);
        let references: usize = comparison.sections.iter().map(|s| s.references.len()).sum();
        assert_eq!(
            links,
            comparison.sections.len() + references,
            "a link per pair in the differences table and per cross-reference to an exported pair"
        );
    }
    let letter = render_with(
        &comparison,
        &RenderOptions {
            paper: Paper::Letter,
            ..RenderOptions::new(Format::Pdf)
        },
    );
    if let Some((_, info)) = pdf_tool("pdfinfo", &[], &letter.bytes) {
        assert!(info.contains("612 x 792 pts"), "{info}");
    }
    // Compressed: the whole crosswalk with the safeguards notes stays small.
    let safeguards = safeguards_layer().unwrap();
    let all = build(
        &corpus,
        &Selection::All,
        &Options::default(),
        &[&safeguards],
    );
    let all_pdf = render(&all, Format::Pdf);
    assert!(
        String::from_utf8_lossy(&all_pdf).contains("/FlateDecode"),
        "compressed streams"
    );
    assert!(all_pdf.len() < 2_500_000, "{} bytes", all_pdf.len());
    if let Some((ok, check)) = pdf_tool("qpdf", &["--check"], &all_pdf) {
        assert!(ok, "qpdf --check (whole crosswalk): {check}");
    }
}

#[test]
fn third_parties_is_not_marked_in_terminology_mode() {
    let corpus = corpus();
    let comparison = comparison_of(&corpus, "pairs=uncc:art_24", &[]);
    let (_, document) = html_of(&comparison);
    for css in ["del", "ins"] {
        let selector = scraper::Selector::parse(css).unwrap();
        for element in document.select(&selector) {
            let text = element.text().collect::<String>();
            assert!(!text.contains("parties"), "<{css}>{text}</{css}>");
        }
    }
}

#[test]
fn a_w3c_quote_selector_gives_the_words_where_the_note_is_placed_today() {
    let corpus = corpus();
    let id = ProvisionId::parse("uncc:art_24__para_1").unwrap();
    let text = &corpus.library.get("uncc:art_24__para_1").unwrap().text;
    let at = text.find("principle of proportionality").unwrap();
    // The user quoted words that changed a little since ("principal"); the note is found fuzzily.
    let mut anchor = Anchor::quote(&id, text, at..at + "principle of proportionality".len());
    anchor.quote = "principal of proportionality".into();
    anchor.prefix.clear();
    anchor.suffix.clear();
    let mut layer = Layer::new("Changed");
    layer.file.annotations.push(Annotation {
        id: "f1".into(),
        note: "Changed words.".into(),
        ..Annotation::on(anchor)
    });
    let comparison = comparison_of(&corpus, "pairs=uncc:art_24", &[&layer]);
    let w3c: serde_json::Value = serde_json::from_slice(&render(&comparison, Format::W3c)).unwrap();
    let (_, quote, position) = w3c_selectors(&w3c, "f1");
    let chars: Vec<char> = text.chars().collect();
    let start = position["start"].as_u64().unwrap() as usize;
    let end = position["end"].as_u64().unwrap() as usize;
    let exact: String = chars[start..end].iter().collect();
    assert_eq!(quote["exact"], exact.as_str());
    assert_eq!(exact, "principle of proportionality");
    let prefix: String = chars[start.saturating_sub(32)..start].iter().collect();
    let suffix: String = chars[end..(end + 32).min(chars.len())].iter().collect();
    assert_eq!(quote["prefix"], prefix.as_str());
    assert_eq!(quote["suffix"], suffix.as_str());
    // The other formats keep the words the user quoted.
    assert_eq!(
        comparison.sections[0].notes[0].quote,
        "principal of proportionality"
    );
}

/// A provision's own text (not what lies within it).
fn provision_text(corpus: &Corpus, id: &str) -> String {
    corpus
        .library
        .get(id)
        .expect("a known provision")
        .text
        .clone()
}

/// The comparison of a selection with default options.
fn comparison_of(
    corpus: &Corpus,
    select: &str,
    layers: &[&Layer],
) -> crosswalk::export::Comparison {
    build(
        corpus,
        &Selection::parse(select, corpus).unwrap(),
        &Options::default(),
        layers,
    )
}

/// A comparison's HTML export and its parse by an HTML5 parser.
fn html_of(comparison: &crosswalk::export::Comparison) -> (String, scraper::Html) {
    let html = String::from_utf8(render(comparison, Format::Html)).unwrap();
    let document = scraper::Html::parse_document(&html);
    (html, document)
}

/// The full text of a provision as the texts have it: every node inside it, in order.
fn provision_words(corpus: &Corpus, id: &str) -> String {
    let (key, root) = corpus.library.resolve(id).expect("a known provision");
    let treaty = corpus.library.treaty(key);
    (root..treaty.subtree_end(root))
        .map(|ix| treaty.node(ix).text.as_str())
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of the `mark` elements (`ins`, `del`) in the cells `cells` selects under `root`: per
/// cell its marked words run together (a cross-reference link may split them), cells apart.
fn marked_words(root: scraper::ElementRef, cells: &str, mark: &str) -> Vec<String> {
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let per_cell: Vec<String> = root
        .select(&select(cells))
        .map(|td| td.select(&select(mark)).flat_map(|e| e.text()).collect())
        .collect();
    words(&per_cell.join(" "))
}

/// Words only, for comparing texts whose sentences an export puts in separate cells.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// Runs the command line; returns its exit code, standard output and standard error.
fn run_cli(args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_chapter_export_has_its_provisions_without_counterpart_in_reading_order() {
    let corpus = corpus();
    let selection = Selection::parse("chapter=uncc:chp_2", &corpus).unwrap();
    let comparison = build(&corpus, &selection, &Options::default(), &[]);
    let (_, document) = html_of(&comparison);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let toc: Vec<String> = document
        .select(&select("nav.toc a"))
        .map(|a| a.value().attr("href").unwrap_or_default().to_owned())
        .collect();
    let sections: Vec<String> = document
        .select(&select("section.pair-section"))
        .map(|s| format!("#{}", s.value().attr("id").unwrap_or_default()))
        .collect();
    assert_eq!(toc, sections, "the contents list every section in order");
    let at = |id: &str| {
        toc.iter()
            .position(|href| href == &format!("#only-uncc-{id}"))
            .unwrap_or_else(|| panic!("{id} in {toc:?}"))
    };
    for article in ["art_15", "art_16", "art_17", "art_20"] {
        let id = format!("uncc:{article}");
        let section = document
            .select(&select(&format!("section#only-uncc-{article}")))
            .next()
            .unwrap();
        // The whole provision is one insertion per sentence, nothing on the Budapest side.
        assert_eq!(
            marked_words(section, "td:first-child", "ins"),
            words(&provision_words(&corpus, &id)),
            "{id}"
        );
        let budapest: String = section
            .select(&select("td:nth-child(2)"))
            .flat_map(|e| e.text())
            .collect();
        assert!(budapest.trim().is_empty(), "{budapest}");
        assert_eq!(section.select(&select("del")).count(), 0);
        let reason = &corpus.crosswalk.unmatched_reason(&id).unwrap().reason;
        let rationale: String = section
            .select(&select(".rationale"))
            .flat_map(|e| e.text())
            .collect();
        assert_eq!(&rationale, reason);
    }
    // Reading order: Art. 14's pair, then 15, 16, 17, then the pairs of Arts 18 and 19, then 20.
    let pair_of = |uncc: &str| {
        let index = comparison
            .sections
            .iter()
            .position(|s| s.revision_ids.first().is_some_and(|id| id == uncc))
            .unwrap_or_else(|| panic!("{uncc}"));
        index
    };
    assert!(pair_of("uncc:art_14") < at("art_15"));
    assert!(at("art_15") < at("art_16") && at("art_16") < at("art_17"));
    assert!(at("art_17") < pair_of("uncc:art_19") && pair_of("uncc:art_19") < at("art_20"));
    // Every other printer has them too, read back with its own parser or tool.
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    let headings = markdown_headings(&markdown);
    for article in ["15", "16", "17", "20"] {
        let title = format!("UN Art. {article} (only in the UN Convention)");
        assert!(headings.contains(&title), "{headings:?}");
    }
    assert!(
        !markdown.contains("**Budapest Convention, **"),
        "no empty side"
    );
    let docx = render(&comparison, Format::Docx);
    let body = tools::package_part(&docx, "word/document.xml");
    let parsed = roxmltree::Document::parse(&body).unwrap();
    let inserted: String = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .filter(|run| {
            run.descendants()
                .any(|n| n.has_tag_name((W, "u")) && n.attribute((W, "val")) == Some("single"))
        })
        .map(xml_text)
        .collect();
    assert!(
        inserted.contains("selling, distributing, transmitting, publishing"),
        "Art. 16 underlined as inserted in the DOCX"
    );
    if let Some(text) = pdftotext(&render(&comparison, Format::Pdf)) {
        assert!(
            text.contains("UN Art. 20 (only in the UN Convention)"),
            "{text}"
        );
    }
    let records = csv_records(&render(&comparison, Format::Csv));
    let row = records
        .iter()
        .find(|r| r.get(2).is_some_and(|c| c == "uncc:art_16"))
        .expect("a CSV row for Art. 16");
    assert_eq!(row.get(3).map(String::as_str), Some(""), "no Budapest side");
    let json: serde_json::Value =
        serde_json::from_slice(&render(&comparison, Format::Json)).unwrap();
    assert!(
        json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["only_in"] == "Uncc" && s["uncc_ids"][0] == "uncc:art_17")
    );
}

/// The headings of a Markdown document, read with a CommonMark parser.
fn markdown_headings(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut headings = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = &mut current {
                    heading.push_str(&text);
                }
            }
            _ => {}
        }
    }
    headings
}

#[test]
fn pairs_naming_an_unmatched_article_export_that_article() {
    let (code, html, stderr) = run_cli(&[
        "export",
        "--select",
        "pairs=uncc:art_16",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("matched no pairs"), "{stderr}");
    let document = scraper::Html::parse_document(&String::from_utf8(html).unwrap());
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let sections = document.select(&select("section.pair-section")).count();
    assert_eq!(sections, 1);
    let text: String = document
        .select(&select("section ins"))
        .flat_map(|e| e.text())
        .collect();
    assert!(text.contains("an intimate image of a person"), "{text}");
    // A Budapest-only article is one deletion, with its reason.
    let corpus = corpus();
    let comparison = comparison_of(&corpus, "pairs=bc:art_10", &[]);
    let (html, document) = html_of(&comparison);
    assert_eq!(
        marked_words(
            document.root_element(),
            "section#only-bc-art_10 td:nth-child(2)",
            "del"
        ),
        words(&provision_words(&corpus, "bc:art_10"))
    );
    assert_eq!(
        document
            .select(&select("section#only-bc-art_10 ins"))
            .count(),
        0
    );
    let reason = &corpus
        .crosswalk
        .unmatched_reason("bc:art_10")
        .unwrap()
        .reason;
    assert!(html.contains(&reason.replace('‘', "‘")), "{reason}");
}

#[test]
fn a_related_pair_stands_side_by_side_with_nothing_struck_through() {
    let corpus = corpus();
    let comparison = comparison_of(&corpus, "pairs=uncc:art_6", &[]);
    let mut related = comparison.clone();
    related
        .sections
        .retain(|s| s.relation == "Related" && s.base_ids == ["bc:preamble__rec_9"]);
    let section = related
        .sections
        .first()
        .expect("UN Art. 6 is related to Budapest recital 9");
    let (_, document) = html_of(&comparison);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let table = document
        .select(&select(&format!("section#{} table.pair", section.anchor)))
        .next()
        .unwrap();
    assert_eq!(
        table.select(&select("del, ins")).count(),
        0,
        "nothing struck"
    );
    let first_row: Vec<String> = table
        .select(&select("tbody tr"))
        .next()
        .unwrap()
        .select(&select("td"))
        .map(|td| td.text().collect())
        .collect();
    assert!(
        first_row
            .iter()
            .all(|cell| cell.split_whitespace().count() > 3),
        "both texts side by side in the first row: {first_row:?}"
    );
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    let part = markdown
        .split("## ")
        .find(|part| part.starts_with(&section.title().replace('|', "\\|")))
        .unwrap();
    assert!(!part.contains("~~") && !part.contains("<del>"), "{part}");
    let docx = render(&related, Format::Docx);
    let body = tools::package_part(&docx, "word/document.xml");
    let parsed = roxmltree::Document::parse(&body).unwrap();
    let struck: Vec<String> = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .filter(|run| run.descendants().any(|n| n.has_tag_name((W, "strike"))))
        .map(xml_text)
        .filter(|text| !text.starts_with("struck through"))
        .collect();
    assert!(
        struck.is_empty(),
        "nothing struck through in the DOCX: {struck:?}"
    );
}

#[test]
fn notes_name_their_treaty_read_in_order_and_links_leaving_the_selection_go_to_the_appendix() {
    let teacher = "tests/data/good/teacher.ron";
    // The teacher's link from UN Art. 24 to UN Art. 28: with Art. 24 alone, its other end is outside.
    let (code, html, stderr) = run_cli(&[
        "export",
        "--select",
        "pairs=uncc:art_24",
        "--format",
        "html",
        "--annotations",
        teacher,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "listed in the appendix (1 of them a link with an end outside the selection)"
        ),
        "{stderr}"
    );
    let document = scraper::Html::parse_document(&String::from_utf8(html).unwrap());
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let appendix: String = document
        .select(&select("section.appendix, #appendix"))
        .flat_map(|e| e.text())
        .collect();
    assert!(
        appendix.contains("UN Art. 24 is a safeguard for UN Art. 28"),
        "the link is in the appendix: {appendix}"
    );
    // With both ends selected it is listed with the pair, and the appendix is gone.
    let (code, _, stderr) = run_cli(&[
        "export",
        "--select",
        "pairs=uncc:art_24,uncc:art_28",
        "--format",
        "md",
        "--annotations",
        teacher,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("appendix"), "{stderr}");
    // The matrix keeps the user's notes: in its appendix, counted on standard error.
    let (code, markdown, stderr) = run_cli(&[
        "export",
        "--select",
        "matrix",
        "--format",
        "md",
        "--annotations",
        teacher,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("listed in the appendix"), "{stderr}");
    let markdown = String::from_utf8(markdown).unwrap();
    assert!(
        markdown.contains("Compare Budapest Art. 15(1): same principle"),
        "{markdown}"
    );
    // Every note's place names its treaty, and note numbers read in order through the document.
    let corpus = corpus();
    let comparison = rich_comparison(&corpus);
    let notes: Vec<_> = comparison
        .sections
        .iter()
        .flat_map(|s| &s.notes)
        .chain(&comparison.appendix)
        .collect();
    assert!(notes.len() > 4);
    for note in &notes {
        assert!(
            note.pinpoint.starts_with("UN Art.") || note.pinpoint.starts_with("Budapest Art."),
            "{}",
            note.pinpoint
        );
    }
    let (_, document) = html_of(&comparison);
    let references: Vec<usize> = document
        .select(&select("table.pair a.fn"))
        .filter_map(|a| {
            let text: String = a.text().collect();
            text.trim_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .collect();
    assert!(references.len() > 2, "{references:?}");
    let mut sorted = references.clone();
    sorted.sort_unstable();
    assert_eq!(
        references, sorted,
        "note marks are numbered as they are read"
    );
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    for note in &notes {
        let place = format!("{}. {}", note.number, note.pinpoint);
        assert!(markdown.contains(&place), "{place} in {markdown}");
    }
}

#[test]
fn xlsx_has_the_csv_tables_as_sheets_with_a_frozen_filtered_header_as_libreoffice_reads_them() {
    let corpus = corpus();
    let comparison = rich_comparison(&corpus);
    let xlsx = render(&comparison, Format::Xlsx);
    assert_eq!(render(&comparison, Format::Xlsx), xlsx, "deterministic");
    // The package: four sheets, each with a frozen first row and an autofilter; wrapped text.
    tools::assert_sheets_with_frozen_filtered_header(
        &xlsx,
        &["pairs", "notes", "matrix", "sources"],
    );
    // What LibreOffice Calc shows: the header first, the notes in every script, the sources.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    std::fs::write(&path, &xlsx).unwrap();
    if tools::libreoffice_convert(
        std::slice::from_ref(&path),
        "ods",
        dir.path(),
        "the XLSX in Calc",
    )
    .is_none()
    {
        return;
    }
    let ods = std::fs::read(path.with_extension("ods")).unwrap();
    let content = tools::package_part(&ods, "content.xml");
    let parsed = roxmltree::Document::parse(&content).unwrap();
    const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    let sheet = |name: &str| -> Vec<Vec<String>> {
        let table = parsed
            .descendants()
            .find(|n| {
                n.has_tag_name((TABLE, "table")) && n.attribute((TABLE, "name")) == Some(name)
            })
            .unwrap_or_else(|| panic!("a sheet {name}"));
        table
            .descendants()
            .filter(|n| n.has_tag_name((TABLE, "table-row")))
            .map(|row| {
                // Empty cells in a run are one element with a repeat count.
                row.children()
                    .filter(|c| c.has_tag_name((TABLE, "table-cell")))
                    .flat_map(|cell| {
                        let repeat = cell
                            .attribute((TABLE, "number-columns-repeated"))
                            .and_then(|n| n.parse::<usize>().ok())
                            .unwrap_or(1)
                            .min(64);
                        std::iter::repeat_n(odf_text(cell), repeat)
                    })
                    .collect()
            })
            .collect()
    };
    let pairs = sheet("pairs");
    assert_eq!(pairs[0][0], "kind");
    let kinds: Vec<&str> = pairs
        .iter()
        .skip(1)
        .filter_map(|row| row.first())
        .map(String::as_str)
        .filter(|kind| !kind.is_empty())
        .collect();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|kind| *kind == "pair"),
        "{kinds:?}"
    );
    let notes = sheet("notes");
    assert_eq!(notes[0][0], "kind");
    let note_column = notes[0].iter().position(|c| c == "note").unwrap();
    let texts: Vec<&str> = notes
        .iter()
        .filter_map(|row| row.get(note_column))
        .map(String::as_str)
        .collect();
    for words in [ARABIC, CHINESE, RUSSIAN, "Quoted words note"] {
        assert!(
            texts.iter().any(|t| t.contains(words)),
            "{words} in {texts:?}"
        );
    }
    let sources = sheet("sources");
    assert!(
        sources
            .iter()
            .any(|row| row[0] == "source" && row[1].contains("A/RES/79/243"))
    );
}

#[test]
fn json_offsets_count_code_points_and_note_context_is_where_the_note_is_placed() {
    let corpus = corpus();
    // A note whose recorded context is stale: it is found again by its words.
    let text = provision_text(&corpus, "uncc:art_24__para_1");
    let quote = "principle of proportionality";
    let at = text.find(quote).unwrap();
    let mut anchor = Anchor::quote(&pid("uncc:art_24__para_1"), &text, at..at + quote.len());
    anchor.prefix = "words that are no longer there ".into();
    anchor.start = 0;
    anchor.end = 0;
    anchor.text_hash = "stale".into();
    let layer = Layer {
        file: AnnotationFile {
            annotations: vec![Annotation {
                id: "n1".into(),
                note: "note".into(),
                ..Annotation::on(anchor)
            }],
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    };
    // Some sentences start after curly quotes or dashes: there bytes and code points differ.
    let comparison = build(&corpus, &Selection::All, &Options::default(), &[&layer]);
    let json: serde_json::Value =
        serde_json::from_slice(&render(&comparison, Format::Json)).unwrap();
    assert_eq!(json["version"], 2);
    let mut differs = 0;
    for section in json["sections"].as_array().unwrap() {
        for row in section["rows"].as_array().unwrap() {
            for (id, start, segments) in [
                ("uncc_id", "uncc_start", "uncc"),
                ("bc_id", "bc_start", "bc"),
            ] {
                let id = row[id].as_str().unwrap();
                if id.is_empty() {
                    continue;
                }
                let provision = &corpus.library.get(id).unwrap().text;
                let sentence: String = row[segments]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["text"].as_str().unwrap())
                    .collect();
                let start = row[start].as_u64().unwrap() as usize;
                let from: String = provision.chars().skip(start).collect();
                assert!(from.starts_with(&sentence), "{id} at code point {start}");
                if provision.find(&sentence) != Some(start) {
                    differs += 1;
                }
            }
            for piece in row["inline"].as_array().unwrap() {
                let side = if piece["side"] == "Uncc" {
                    "uncc"
                } else {
                    "bc"
                };
                let sentence: String = row[side]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["text"].as_str().unwrap())
                    .collect();
                let start = piece["start"].as_u64().unwrap() as usize;
                let from: String = sentence.chars().skip(start).collect();
                assert!(from.starts_with(piece["text"].as_str().unwrap()), "{piece}");
            }
        }
    }
    assert!(
        differs > 0,
        "some sentence starts after a multi-byte character"
    );
    let note = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["notes"].as_array().unwrap())
        .find(|n| n["id"] == "n1")
        .unwrap();
    assert_eq!(note["prefix"], "and which shall incorporate the ");
    let start = note["start"].as_u64().unwrap() as usize;
    let found: String = text
        .chars()
        .skip(start)
        .take(quote.chars().count())
        .collect();
    assert_eq!(found, quote);
}

#[test]
fn w3c_ids_are_unique_across_layers_of_one_name_and_orphans_are_marked() {
    let corpus = corpus();
    let text = provision_text(&corpus, "uncc:art_7__para_1");
    let layer = |orphan: bool| {
        let mut anchor = Anchor::quote(&pid("uncc:art_7__para_1"), &text, 0..10);
        if orphan {
            anchor.quote = "words no treaty has".into();
            anchor.prefix.clear();
            anchor.suffix.clear();
            anchor.text_hash = "stale".into();
        }
        Layer {
            file: AnnotationFile {
                name: "Notes".into(),
                annotations: vec![Annotation {
                    id: "a1".into(),
                    note: format!("orphan {orphan}"),
                    ..Annotation::on(anchor)
                }],
                ..AnnotationFile::default()
            },
            ..Layer::new("")
        }
    };
    let (first, second) = (layer(false), layer(true));
    let comparison = comparison_of(&corpus, "pairs=uncc:art_7", &[&first, &second]);
    let w3c: serde_json::Value = serde_json::from_slice(&render(&comparison, Format::W3c)).unwrap();
    let items = w3c["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "both layers' notes: {items:?}");
    let ids: BTreeSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let tagged_orphan = |item: &serde_json::Value| {
        item["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["purpose"] == "tagging" && b["value"] == "orphan")
    };
    for item in items {
        let orphan = item["body"][0]["value"] == "orphan true";
        assert_eq!(tagged_orphan(item), orphan, "{item}");
    }
}

#[test]
fn exports_go_to_standard_output_through_a_pipe() {
    for output in ["-", "/dev/stdout"] {
        for (format, magic) in [
            ("pdf", &b"%PDF-"[..]),
            ("xlsx", b"PK"),
            ("md", b"# Crosswalk"),
        ] {
            let (code, bytes, stderr) = run_cli(&[
                "export",
                "--select",
                "pairs=uncc:art_7",
                "--format",
                format,
                "-o",
                output,
            ]);
            assert_eq!(code, 0, "{format} to {output}: {stderr}");
            assert!(bytes.starts_with(magic), "{format} to {output}");
        }
    }
}

/// "Accept all" and "Reject all" applied to a redline paragraph of `word/document.xml`: accepting
/// drops deletions and keeps insertions; rejecting drops insertions and keeps the deleted text.
/// Runs in the "Label" style (pinpoints, note marks) are not treaty text.
fn accept_and_reject(paragraph: roxmltree::Node) -> (String, String) {
    let (mut accepted, mut rejected) = (String::new(), String::new());
    for node in paragraph.descendants() {
        let is_text = node.has_tag_name((W, "t")) || node.has_tag_name((W, "delText"));
        if !is_text {
            continue;
        }
        let run = node.ancestors().find(|a| a.has_tag_name((W, "r")));
        let labelled = run.is_some_and(|r| {
            r.descendants()
                .any(|n| n.has_tag_name((W, "rStyle")) && n.attribute((W, "val")) == Some("Label"))
        });
        if labelled {
            continue;
        }
        let inside = |tag: &str| node.ancestors().any(|a| a.has_tag_name((W, tag)));
        let text = node.text().unwrap_or_default();
        if !inside("del") {
            accepted.push_str(text);
        }
        if !inside("ins") {
            rejected.push_str(text);
        }
    }
    (accepted, rejected)
}

#[test]
fn the_redline_accepted_is_the_un_text_and_rejected_the_budapest_text_of_every_row() {
    let corpus = corpus();
    for terms in [true, false] {
        let comparison = build(
            &corpus,
            &Selection::All,
            &Options {
                terms,
                ..Options::default()
            },
            &[],
        );
        let options = RenderOptions {
            layout: Layout::Redline,
            ..RenderOptions::new(Format::Docx)
        };
        let docx = render_with(&comparison, &options).bytes;
        let body = tools::package_part(&docx, "word/document.xml");
        let parsed = roxmltree::Document::parse(&body).unwrap();
        // A redline row is a paragraph that starts with its pinpoints in the label style.
        let paragraphs: Vec<roxmltree::Node> = parsed
            .descendants()
            .filter(|n| n.has_tag_name((W, "p")))
            .filter(|p| {
                p.children()
                    .find(|c| c.has_tag_name((W, "r")))
                    .is_some_and(|r| {
                        r.descendants().any(|n| {
                            n.has_tag_name((W, "rStyle"))
                                && n.attribute((W, "val")) == Some("Label")
                        })
                    })
            })
            .collect();
        let rows: Vec<&crosswalk::export::RowView> =
            comparison.sections.iter().flat_map(|s| &s.rows).collect();
        assert_eq!(paragraphs.len(), rows.len(), "a paragraph per row");
        let mut tracked_terms = 0;
        for (paragraph, row) in paragraphs.iter().zip(&rows) {
            let sentence = |segments: &[crosswalk::export::Segment]| -> String {
                segments.iter().map(|s| s.text.as_str()).collect()
            };
            let (accepted, rejected) = accept_and_reject(*paragraph);
            assert_eq!(
                accepted,
                sentence(&row.revision),
                "Accept all, UN {}",
                row.revision_pinpoint
            );
            assert_eq!(
                rejected,
                sentence(&row.base),
                "Reject all, Budapest {}",
                row.base_pinpoint
            );
            tracked_terms += paragraph
                .descendants()
                .filter(|n| n.has_tag_name((W, "ins")))
                .filter(|ins| {
                    ins.descendants().any(|n| {
                        n.has_tag_name((W, "u")) && n.attribute((W, "val")) == Some("dotted")
                    })
                })
                .count();
        }
        assert_eq!(
            tracked_terms > 0,
            terms,
            "equivalent terms are tracked, marked as terminology (terms: {terms})"
        );
    }
}

#[test]
fn a_redline_note_on_budapest_words_sits_on_those_words() {
    let corpus = corpus();
    let text = provision_text(&corpus, "bc:art_2");
    let quote = "or other dishonest intent";
    let at = text.find(quote).unwrap();
    let layer = Layer {
        file: AnnotationFile {
            annotations: vec![Annotation {
                id: "b1".into(),
                note: "On Budapest's words".into(),
                ..Annotation::on(Anchor::quote(&pid("bc:art_2"), &text, at..at + quote.len()))
            }],
            ..AnnotationFile::default()
        },
        ..Layer::new("")
    };
    let comparison = comparison_of(&corpus, "pairs=uncc:art_7", &[&layer]);
    let options = RenderOptions {
        layout: Layout::Redline,
        ..RenderOptions::new(Format::Docx)
    };
    let xml = tools::package_part(
        &render_with(&comparison, &options).bytes,
        "word/document.xml",
    );
    let start = xml.find("<w:commentRangeStart ").expect("a comment");
    let id: String = xml[start..]
        .split('"')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let end = xml
        .find(&format!("<w:commentRangeEnd w:id=\"{id}\"/>"))
        .unwrap();
    let inside = format!("<r>{}</r>", &xml[start..end]).replace("w:", "");
    // The words of the comment's range as Reject all leaves them: Budapest's own words.
    let words: String = inside
        .split('<')
        .filter_map(|tag| {
            tag.strip_prefix("t xml:space=\"preserve\">")
                .or_else(|| tag.strip_prefix("delText xml:space=\"preserve\">"))
        })
        .collect();
    assert!(words.contains("dishonest"), "{words}");
    assert!(!xml.contains("[1¶]"), "no longer a whole-provision mark");
}

#[test]
fn word_and_pdf_pages_carry_the_version_and_date_a_summary_and_rtl_notes() {
    let corpus = corpus();
    let mut layer = rich_layer(&corpus);
    // A long note: the departures table shows its start and points to the note.
    layer.file.annotations[0].note = "A very long note. ".repeat(60);
    let comparison = build(
        &corpus,
        &Selection::parse("pairs=uncc:art_24,uncc:art_7,uncc:art_15", &corpus).unwrap(),
        &Options {
            date: Some("2026-11-23".into()),
            ..Options::default()
        },
        &[&layer],
    );
    let docx = render(&comparison, Format::Docx);
    let version = format!(
        "Crosswalk {} · exported 2026-11-23",
        env!("CARGO_PKG_VERSION")
    );
    assert!(tools::package_part(&docx, "word/footer1.xml").contains(&version));
    let body = tools::package_part(&docx, "word/document.xml");
    let parsed = roxmltree::Document::parse(&body).unwrap();
    // The summary of changes: every section, a one-sided provision too, with its page.
    let summary = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .find(|t| xml_text(*t).starts_with("PairRelationSimilarityNotesTagsPage"))
        .expect("a summary of changes");
    let rows = summary
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .count();
    assert_eq!(rows, comparison.sections.len() + 1);
    assert!(xml_text(summary).contains("UN Art. 15 (only in the UN Convention)"));
    let pagerefs = summary
        .descendants()
        .filter(|n| n.has_tag_name((W, "instrText")))
        .filter(|n| n.text().is_some_and(|t| t.contains("PAGEREF")))
        .count();
    assert_eq!(pagerefs, comparison.sections.len());
    // A right-to-left note reads right to left, in its language.
    let comments = tools::package_part(&docx, "word/comments.xml");
    let comments = roxmltree::Document::parse(&comments).unwrap();
    let arabic = comments
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .find(|p| xml_text(*p).contains(ARABIC))
        .expect("the Arabic note");
    assert!(arabic.descendants().any(|n| n.has_tag_name((W, "bidi"))));
    assert!(arabic.descendants().any(|n| n.has_tag_name((W, "rtl"))));
    assert!(
        arabic
            .descendants()
            .any(|n| n.has_tag_name((W, "lang")) && n.attribute((W, "bidi")) == Some("ar"))
    );
    // Comments say who and when.
    for comment in comments
        .descendants()
        .filter(|n| n.has_tag_name((W, "comment")))
    {
        assert!(
            comment
                .attribute((W, "author"))
                .is_some_and(|a| !a.is_empty())
        );
    }
    assert!(
        comments
            .descendants()
            .any(|n| n.attribute((W, "date")) == Some("2026-11-20T09:00:00Z"))
    );
    // The departures table's Notes column shows a long note's start only.
    let departures = parsed
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .find(|t| xml_text(*t).starts_with("PinpointsRedlined text"))
        .unwrap();
    let text = xml_text(departures);
    assert!(text.contains("(see note"), "{text}");
    assert!(text.matches("A very long note.").count() < 20);
    // Every id of a comment, bookmark or tracked change is used once.
    let redline = render_with(
        &comparison,
        &RenderOptions {
            layout: Layout::Redline,
            ..RenderOptions::new(Format::Docx)
        },
    );
    let body = tools::package_part(&redline.bytes, "word/document.xml");
    let parsed = roxmltree::Document::parse(&body).unwrap();
    let mut ids = BTreeSet::new();
    for node in parsed.descendants().filter(|n| {
        ["bookmarkStart", "ins", "del", "commentRangeStart"]
            .iter()
            .any(|tag| n.has_tag_name((W, *tag)))
    }) {
        let id = node.attribute((W, "id")).unwrap();
        assert!(ids.insert(id.to_owned()), "id {id} used twice");
    }
    // The PDF's pages carry the same line.
    if let Some(text) = pdftotext(&render(&comparison, Format::Pdf)) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Summary of changes"), "{flat}");
        // "Page n of m" in each footer (the summary's "Page" column is no footer).
        let pages = flat
            .match_indices("Page ")
            .filter(|(at, _)| flat[at + 5..].starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert!(
            pages > 1 && flat.matches(&version).count() >= pages,
            "{flat}"
        );
    }
}

/// Runs of white space as one space, so text read back from any format compares with the source.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What every reading of the brief of all shipped questions must contain: each question, each cited
/// pinpoint and each evidence quote (as the source has them, white space collapsed).
fn brief_expectations(comparison: &crosswalk::export::Comparison) -> Vec<String> {
    let brief = comparison.brief.as_ref().expect("a brief");
    let mut expected = Vec::new();
    for question in &brief.questions {
        expected.push(collapsed(&question.question));
        expected.extend(question.all_cites().map(|c| collapsed(&c.pinpoint)));
        expected.extend(question.evidence.iter().map(|e| collapsed(&e.quote)));
    }
    expected
}

fn assert_contains_all(format: &str, text: &str, expected: &[String]) {
    let text = collapsed(text);
    let missing: Vec<&String> = expected
        .iter()
        .filter(|e| !text.contains(e.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{format}: {} missing, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

#[test]
fn the_brief_of_all_shipped_questions_reads_back_in_every_format() {
    let corpus = corpus();
    let selection = Selection::parse("questions", &corpus).unwrap();
    let comparison =
        crosswalk::export::build_selection(&corpus, &selection, &Options::default(), &[]).unwrap();
    let brief = comparison.brief.as_ref().unwrap();
    assert!(brief.questions.len() >= 12);
    assert!(
        brief.questions.iter().all(|q| !q.sections.is_empty()),
        "every question compares what it cites"
    );
    let expected = brief_expectations(&comparison);
    // HTML: parses cleanly; the summary table links to each question; each citation links to its text.
    let (_, document) = html_of(&comparison);
    assert!(document.errors.is_empty(), "{:?}", document.errors);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let text: String = document.root_element().text().collect();
    assert_contains_all("HTML", &text, &expected);
    assert_eq!(
        document.select(&select("table.summary tbody tr")).count(),
        brief.questions.len()
    );
    for question in &brief.questions {
        let target = format!("#{}", question.anchor);
        assert!(
            document
                .select(&select(&format!("a[href='{target}']")))
                .next()
                .is_some(),
            "{target}"
        );
        assert!(
            document.select(&select(&target)).next().is_some(),
            "{target}"
        );
        for cited in question.all_cites() {
            let id = format!("{}-cite-{}", question.anchor, cited.number);
            assert!(
                document
                    .select(&select(&format!("a[href='#{id}']")))
                    .next()
                    .is_some(),
                "{id}"
            );
            assert!(
                document
                    .select(&select(&format!("li#{id}")))
                    .next()
                    .is_some(),
                "{id}"
            );
        }
    }
    // Markdown, through a CommonMark parser.
    let markdown = String::from_utf8(render(&comparison, Format::Markdown)).unwrap();
    assert_contains_all("Markdown", &markdown_text(&markdown), &expected);
    // DOCX: the document and its footnotes, where each citation is a footnote.
    let docx = render(&comparison, Format::Docx);
    let mut docx_text = String::new();
    for part in ["word/document.xml", "word/footnotes.xml"] {
        let xml = tools::package_part(&docx, part);
        let parsed = roxmltree::Document::parse(&xml).expect("well-formed XML");
        for paragraph in parsed.descendants().filter(|n| n.has_tag_name((W, "p"))) {
            docx_text.push_str(&xml_text(paragraph));
            docx_text.push('\n');
        }
    }
    assert_contains_all("DOCX", &docx_text, &expected);
    let footnotes = tools::package_part(&docx, "word/footnotes.xml");
    let cites: usize = brief.questions.iter().map(|q| q.all_cites().count()).sum();
    assert!(
        footnotes.matches("<w:footnote w:id=").count() >= cites + 2,
        "a footnote per citation"
    );
    // CSV: a row per question with its citations and evidence.
    let csv = render(&comparison, Format::Csv);
    let records = csv_records(&csv);
    let csv_text: String = records
        .iter()
        .flatten()
        .map(|cell| format!("{cell}\n"))
        .collect();
    assert_contains_all("CSV", &csv_text, &expected);
    assert!(
        records
            .iter()
            .any(|r| r.first().map(String::as_str) == Some("question_id"))
    );
    // JSON and W3C carry every question with its evidence.
    let json: serde_json::Value =
        serde_json::from_slice(&render(&comparison, Format::Json)).unwrap();
    assert_eq!(
        json["brief"]["questions"].as_array().unwrap().len(),
        brief.questions.len()
    );
    assert_contains_all("JSON", &json.to_string().replace("\\\"", "\""), &expected);
    let w3c: serde_json::Value = serde_json::from_slice(&render(&comparison, Format::W3c)).unwrap();
    let items = w3c["first"]["items"].as_array().unwrap();
    let questioning = items
        .iter()
        .filter(|i| i["motivation"] == "questioning")
        .count();
    assert_eq!(questioning, brief.questions.len());
    assert_contains_all("W3C", &w3c.to_string().replace("\\\"", "\""), &expected);
    // PDF, read back by poppler.
    let Some(pdf_text) = pdftotext(&render(&comparison, Format::Pdf)) else {
        assert!(
            std::env::var("CI").is_err(),
            "pdftotext is installed by .ci/run"
        );
        return;
    };
    assert_contains_all("PDF", &pdf_text, &expected);
}

#[test]
fn a_brief_of_chosen_questions_keeps_their_order_and_an_unknown_id_is_refused() {
    let corpus = corpus();
    let selection =
        Selection::parse("questions=q-reservations, q-dual-criminality", &corpus).unwrap();
    let comparison =
        crosswalk::export::build_selection(&corpus, &selection, &Options::default(), &[]).unwrap();
    let ids: Vec<&str> = comparison
        .brief
        .as_ref()
        .unwrap()
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ids, ["q-reservations", "q-dual-criminality"]);
    let again =
        crosswalk::export::build_selection(&corpus, &selection, &Options::default(), &[]).unwrap();
    for format in [
        Format::Html,
        Format::Markdown,
        Format::Docx,
        Format::Pdf,
        Format::Csv,
        Format::Json,
        Format::W3c,
    ] {
        assert_eq!(
            render(&comparison, format),
            render(&again, format),
            "{format:?} is deterministic"
        );
    }
    let unknown = Selection::parse("questions=q-nope", &corpus).unwrap();
    let error = crosswalk::export::build_selection(&corpus, &unknown, &Options::default(), &[])
        .unwrap_err();
    assert!(error.to_string().contains("no question q-nope"), "{error}");
}

#[test]
fn cross_references_to_exported_pairs_are_internal_links_in_html_pdf_and_docx() {
    let corpus = corpus();
    // UN Art. 25 is paired with Budapest Art. 16, whose paragraph 4 is "subject to Articles 14 and
    // 15"; Budapest Art. 15 is exported with UN Art. 24, Art. 14 is not exported.
    let selection = Selection::parse("pairs=uncc:art_24,uncc:art_25", &corpus).unwrap();
    let comparison = build(&corpus, &selection, &Options::default(), &[]);
    let target = comparison
        .sections
        .iter()
        .find(|section| section.base_ids.iter().any(|id| id == "bc:art_15"))
        .expect("Budapest Art. 15 is exported")
        .anchor
        .clone();
    let links: Vec<_> = comparison
        .sections
        .iter()
        .flat_map(|s| &s.references)
        .collect();
    assert!(
        links.iter().any(|l| l.words == "Articles 14 and 15"
            && l.anchor == target
            && l.target == "Budapest Art. 15"),
        "{links:#?}"
    );
    assert!(
        links.iter().all(|l| l.target != "Budapest Art. 14"),
        "Art. 14 is not in the export"
    );

    // HTML: an anchor on the words, to the id of the pair's section.
    let (_, document) = html_of(&comparison);
    let xref = scraper::Selector::parse("a.xref").unwrap();
    let found: Vec<(String, String)> = document
        .select(&xref)
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        found.contains(&("Articles 14 and 15".to_owned(), format!("#{target}"))),
        "{found:?}"
    );
    for (_, href) in &found {
        let id = scraper::Selector::parse(&format!("[id=\"{}\"]", &href[1..])).unwrap();
        assert_eq!(document.select(&id).count(), 1, "{href} names one element");
    }

    // DOCX: a hyperlink to the pair's bookmark around the words.
    let docx = render(&comparison, Format::Docx);
    let xml = tools::package_part(&docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let bookmarks: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "bookmarkStart")
        .filter_map(|n| {
            n.attributes()
                .find(|a| a.name() == "name")
                .map(|a| a.value())
        })
        .collect();
    let hyperlinked: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "hyperlink")
        .map(|n| {
            let anchor = n
                .attributes()
                .find(|a| a.name() == "anchor")
                .map_or("", |a| a.value());
            (xml_text(n), anchor.to_owned())
        })
        .collect();
    let (_, anchor) = hyperlinked
        .iter()
        .find(|(text, _)| text == "Articles 14 and 15")
        .unwrap_or_else(|| panic!("{hyperlinked:?}"));
    assert!(
        bookmarks.contains(&anchor.as_str()),
        "{anchor} in {bookmarks:?}"
    );

    // PDF: a link annotation per cross-reference row (besides one per pair in the overview), and the
    // rows read back.
    let pdf = render(&comparison, Format::Pdf);
    let text = pdftotext(&pdf).expect("pdftotext is installed");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Budapest Art. 16(4): “Articles 14 and 15”"),
        "{flat}"
    );
    let annotations = links_to_pairs(&pdf);
    assert_eq!(annotations, comparison.sections.len() + links.len());
}

/// A layer with one whole-provision note on UN Art. 24(1) saying `note`.
fn one_note_layer(note: &str) -> Layer {
    let mut layer = Layer::new("Notes");
    layer.file.annotations.push(Annotation {
        id: "n1".into(),
        note: note.into(),
        author: "Counsel".into(),
        ..Annotation::on(Anchor::bare(pid("uncc:art_24__para_1")))
    });
    layer
}

#[test]
fn pdf_copied_text_keeps_characters_no_font_has() {
    // Two Khitan characters and a Hanifi Rohingya one (no font here has them: the warnings say so),
    // and a real empty box, which is what the missing ones are drawn as.
    let note = "Missing: \u{18B00} then \u{18B01} then \u{10D00} and a real box \u{25A1} end";
    let corpus = corpus();
    let layer = one_note_layer(note);
    let comparison = comparison_of(&corpus, "pairs=uncc:art_24", &[&layer]);
    let rendered = render_with(&comparison, &RenderOptions::new(Format::Pdf));
    for code in ["U+18B00", "U+18B01", "U+10D00"] {
        assert!(
            rendered.warnings.iter().any(|w| w.contains(code)),
            "{code} is in no font here: {:?}",
            rendered.warnings
        );
    }
    let Some(text) = pdftotext(&rendered.bytes) else {
        return;
    };
    assert!(
        text.contains(note),
        "the note as copied from the PDF: {text}"
    );
    if let Some((ok, check)) = pdf_tool("qpdf", &["--check"], &rendered.bytes) {
        assert!(ok, "qpdf --check: {check}");
    }
}

/// The PDF's objects as qpdf reads them (`qpdf --json=2`): object key ("obj:5 0 R", "trailer") to
/// its value. None (with a message) when qpdf is not installed.
fn qpdf_objects(pdf: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    let (ok, json) = pdf_tool("qpdf", &["--json=2", "--json-key=qpdf"], pdf)?;
    assert!(ok, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("qpdf's JSON");
    let objects = value["qpdf"][1]
        .as_object()
        .expect("qpdf's objects")
        .clone();
    Some(
        objects
            .into_iter()
            .map(|(key, object)| (key, object["value"].clone()))
            .collect(),
    )
}

#[test]
fn a_pdf_viewer_shows_the_document_title_and_the_file_stays_intact() {
    let corpus = corpus();
    let layer = one_note_layer("Title bar check.");
    let comparison = comparison_of(&corpus, "pairs=uncc:art_24,uncc:art_7", &[&layer]);
    let pdf = render(&comparison, Format::Pdf);
    let Some(objects) = qpdf_objects(&pdf) else {
        return;
    };
    let root = objects["trailer"]["/Root"].as_str().expect("a /Root");
    let catalog = &objects[&format!("obj:{root}")];
    assert_eq!(catalog["/Type"], "/Catalog", "{catalog}");
    assert_eq!(
        catalog["/ViewerPreferences"]["/DisplayDocTitle"], true,
        "{catalog}"
    );
    if let Some((ok, check)) = pdf_tool("qpdf", &["--check"], &pdf) {
        assert!(ok && !check.contains("WARNING"), "qpdf --check: {check}");
    }
    if let Some((_, info)) = pdf_tool("pdfinfo", &[], &pdf) {
        assert!(info.contains(&comparison.title), "{info}");
    }
}

/// Where a PDF table's header row starts, as `pdftotext` gives it.
const PDF_HEADER_STARTS: [&str; 4] = [
    "UN Convention against Cybercrime — ",
    "Budapest Convention — ",
    "Cross-reference in the text",
    "Shown in this export at",
];

#[test]
fn a_pdf_table_header_never_stands_alone_at_a_page_foot() {
    // The whole crosswalk: over a hundred pages of pair and cross-reference tables, where headers
    // landed at a page's foot (their first row on the next page) before they were kept together.
    let corpus = corpus();
    let comparison = build(&corpus, &Selection::All, &Options::default(), &[]);
    let pdf = render(&comparison, Format::Pdf);
    let Some(text) = pdftotext(&pdf) else {
        return;
    };
    let headers: Vec<String> = comparison
        .sections
        .iter()
        .flat_map(|section| {
            [
                format!(
                    "{}{}",
                    PDF_HEADER_STARTS[0],
                    section.side_heading(Side::Revision)
                ),
                format!(
                    "{}{}",
                    PDF_HEADER_STARTS[1],
                    section.side_heading(Side::Base)
                ),
            ]
        })
        .chain(PDF_HEADER_STARTS[2..].iter().map(|h| (*h).to_owned()))
        .collect();
    // pdftotext ends each page with a form feed: one piece per page.
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 50, "{} pages", pages.len());
    for (index, page) in pages.iter().enumerate() {
        let body: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("Crosswalk — ") && !l.starts_with("Page "))
            .collect();
        let Some(last_header) = body
            .iter()
            .rposition(|line| PDF_HEADER_STARTS.iter().any(|h| line.starts_with(h)))
        else {
            continue;
        };
        // After a header's last cell only more of the header's own words: no row under it.
        let alone = body[last_header + 1..]
            .iter()
            .all(|line| headers.iter().any(|header| header.contains(line)));
        assert!(
            !alone,
            "page {} ends with a table header and no row: {:?}",
            index + 1,
            &body[last_header.saturating_sub(2)..]
        );
    }
}

/// A link annotation of a PDF as qpdf reads it: its page (from 1), rectangle (PDF points, from the
/// bottom left), its text for assistive technology, and the page (from 1) and height it goes to.
#[derive(Debug)]
struct PdfLink {
    page: usize,
    rect: [f64; 4],
    contents: String,
    target_page: usize,
    target_y: f64,
}

/// Every link annotation of a PDF, page by page (`qpdf --json=2`).
fn pdf_links(pdf: &[u8]) -> Option<Vec<PdfLink>> {
    let (ok, json) = pdf_tool(
        "qpdf",
        &["--json=2", "--json-key=qpdf", "--json-key=pages"],
        pdf,
    )?;
    assert!(ok, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("qpdf's JSON");
    let objects = &value["qpdf"][1];
    let object = |reference: &serde_json::Value| {
        &objects[format!("obj:{}", reference.as_str().unwrap())]["value"]
    };
    let pages: Vec<&str> = value["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|page| page["object"].as_str().unwrap())
        .collect();
    let number = |reference: &serde_json::Value| {
        1 + pages
            .iter()
            .position(|p| Some(*p) == reference.as_str())
            .expect("a destination on a page of the document")
    };
    let mut links = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let annotations = objects[format!("obj:{page}")]["value"]["/Annots"].as_array();
        for annotation in annotations.into_iter().flatten() {
            let annotation = object(annotation);
            if annotation["/Subtype"] != "/Link" {
                continue;
            }
            let mut destination = &annotation["/Dest"];
            if destination.is_string() {
                destination = object(destination);
            }
            let rect: Vec<f64> = annotation["/Rect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_f64().unwrap())
                .collect();
            links.push(PdfLink {
                page: index + 1,
                rect: [rect[0], rect[1], rect[2], rect[3]],
                contents: annotation["/Contents"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_start_matches("u:")
                    .to_owned(),
                target_page: number(&destination[0]),
                target_y: destination[3].as_f64().unwrap_or_default(),
            });
        }
    }
    Some(links)
}

/// A word as `pdftotext -bbox` places it: page (from 1), text, centre and top in PDF points (from
/// the bottom left, as annotation rectangles are).
#[derive(Debug)]
struct PdfWord {
    page: usize,
    text: String,
    centre: (f64, f64),
    top: f64,
}

fn pdf_words(pdf: &[u8]) -> Option<Vec<PdfWord>> {
    let (ok, xhtml) = pdf_tool("pdftotext", &["-bbox", "-enc", "UTF-8"], pdf)?;
    assert!(ok, "{xhtml}");
    let start = xhtml.find("<html").unwrap_or(0);
    let end = xhtml
        .rfind("</html>")
        .map_or(xhtml.len(), |at| at + "</html>".len());
    let document = roxmltree::Document::parse(&xhtml[start..end]).expect("pdftotext's XHTML");
    let number = |node: roxmltree::Node, name: &str| -> f64 {
        node.attribute(name).unwrap().parse().unwrap()
    };
    let mut words = Vec::new();
    let pages = document.descendants().filter(|n| n.has_tag_name("page"));
    for (index, page) in pages.enumerate() {
        let height = number(page, "height");
        for word in page.children().filter(|n| n.has_tag_name("word")) {
            let (x0, x1) = (number(word, "xMin"), number(word, "xMax"));
            let (y0, y1) = (number(word, "yMin"), number(word, "yMax"));
            words.push(PdfWord {
                page: index + 1,
                text: word.text().unwrap_or_default().to_owned(),
                centre: ((x0 + x1) / 2.0, height - (y0 + y1) / 2.0),
                top: height - y0,
            });
        }
    }
    Some(words)
}

#[test]
fn pdf_note_markers_link_to_their_note() {
    let corpus = corpus();
    let comparison = rich_comparison(&corpus);
    let pdf = render(&comparison, Format::Pdf);
    let (Some(links), Some(words)) = (pdf_links(&pdf), pdf_words(&pdf)) else {
        return;
    };
    let covering = |word: &PdfWord| {
        links.iter().find(|link| {
            let [x0, y0, x1, y1] = link.rect;
            link.page == word.page
                && (x0..=x1).contains(&word.centre.0)
                && (y0..=y1).contains(&word.centre.1)
        })
    };
    let mut marked = 0;
    for section in &comparison.sections {
        let placements = section.note_placements();
        let unplaced = section.unplaced_notes(&placements);
        for note in section
            .notes
            .iter()
            .filter(|n| !unplaced.contains(&n.number))
        {
            let labels = [format!("[{}]", note.number), format!("[{}¶]", note.number)];
            let (markers, listed): (Vec<&PdfWord>, Vec<&PdfWord>) = words
                .iter()
                .filter(|w| labels.contains(&w.text))
                .partition(|w| covering(w).is_some());
            // The note in the list after its pair: "[n] UN Art. 24(1) …", linked from nowhere.
            let [heading] = listed.as_slice() else {
                panic!("note {} listed once: {listed:?}", note.number)
            };
            assert!(
                !markers.is_empty(),
                "note {}'s marker is a link",
                note.number
            );
            for marker in markers {
                let link = covering(marker).unwrap();
                assert_eq!(link.contents, format!("Go to note {}", note.number));
                assert_eq!(
                    link.target_page, heading.page,
                    "marker [{}] goes to the note's page",
                    note.number
                );
                assert!(
                    (link.target_y - heading.top).abs() < 30.0,
                    "marker [{}] goes to the note ({} vs {})",
                    note.number,
                    link.target_y,
                    heading.top
                );
                marked += 1;
            }
        }
    }
    assert!(marked >= 3, "{marked} markers checked");
}

#[test]
fn the_pdf_summary_of_changes_gives_the_page_each_pair_is_printed_on() {
    let corpus = corpus();
    let comparison = build(&corpus, &Selection::All, &Options::default(), &[]);
    assert!(
        comparison.sections.iter().any(|s| !s.has_side(Side::Base)),
        "one-sided provisions are in the summary too"
    );
    let pdf = render(&comparison, Format::Pdf);
    let (Some(links), Some(words), Some(text)) =
        (pdf_links(&pdf), pdf_words(&pdf), pdftotext(&pdf))
    else {
        return;
    };
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // The summary comes before the first pair; each row's title links to its pair.
    let first_pair_page = links.iter().map(|l| l.target_page).min().unwrap();
    let rows: Vec<&PdfLink> = links
        .iter()
        .filter(|l| l.page < first_pair_page && !l.contents.starts_with("Go to note"))
        .collect();
    assert_eq!(rows.len(), comparison.sections.len());
    for (row, section) in rows.iter().zip(&comparison.sections) {
        // The Page column: the row's last word on the line of its title's first line.
        let [_, _, _, title_top] = row.rect;
        let page_number = words
            .iter()
            .filter(|w| w.page == row.page && (w.top - title_top).abs() < 2.0)
            .max_by(|a, b| a.centre.0.total_cmp(&b.centre.0))
            .map(|w| w.text.clone())
            .unwrap_or_default();
        assert_eq!(
            page_number,
            row.target_page.to_string(),
            "the page given for {}",
            section.title()
        );
        // That page prints the pair's heading (not only in its running header).
        let body: Vec<&str> = pages[row.target_page - 1]
            .lines()
            .filter(|line| !line.starts_with("Crosswalk — "))
            .collect();
        assert!(
            collapsed(&body.join(" ")).contains(&section.title()),
            "{} is on page {}: {body:?}",
            section.title(),
            row.target_page
        );
    }
}

#[test]
fn pdf_citation_marks_in_a_brief_link_to_their_citation() {
    let corpus = corpus();
    let selection = Selection::parse(
        "questions=q-compelled-assistance,q-dual-criminality",
        &corpus,
    )
    .unwrap();
    let comparison =
        crosswalk::export::build_selection(&corpus, &selection, &Options::default(), &[]).unwrap();
    let brief = comparison.brief.as_ref().expect("a brief");
    let pdf = render(&comparison, Format::Pdf);
    let (Some(links), Some(text)) = (pdf_links(&pdf), pdftotext(&pdf)) else {
        return;
    };
    let pages: Vec<String> = text.split('\u{c}').map(collapsed).collect();
    let mut checked = 0;
    for question in &brief.questions {
        // The answers and their marks follow the question's heading, on the page the summary's
        // link to the question goes to.
        let answers = links
            .iter()
            .find(|l| l.contents == format!("Go to {}", question.anchor))
            .map(|l| l.target_page)
            .expect("the summary links to the question");
        for cite in question.all_cites() {
            // The citation in the question's list, and the page that prints it.
            let listed = format!("• [{}] {} ({})", cite.number, cite.pinpoint, cite.id);
            let page = 1 + pages
                .iter()
                .position(|p| p.contains(&listed))
                .unwrap_or_else(|| panic!("{listed} is printed"));
            let marks: Vec<&PdfLink> = links
                .iter()
                .filter(|l| l.contents == format!("Go to citation {}", cite.number))
                .filter(|l| l.page == answers)
                .collect();
            assert!(!marks.is_empty(), "a mark links to {listed}");
            assert!(
                marks.iter().all(|l| l.target_page == page),
                "the marks of {listed} go to page {page}: {marks:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked} citations checked");
}

#[test]
fn a_thread_is_ordered_the_same_in_the_window_and_in_every_export() {
    use crosswalk::annotations::{Reply, ReplyTo, Workspace};
    let corpus = corpus();
    let reply = |note: &str, hour: u32| Reply {
        note: note.into(),
        author: "Teacher".into(),
        created: format!("2026-12-01T{hour:02}:00:00Z"),
    };
    // The teacher's note has its own replies at 09:00 and 11:00; a student answered at 10:00, kept in
    // the student's layer (the teacher's is read-only).
    let mut teacher = Layer::new("Teacher");
    teacher.file.annotations.push(Annotation {
        id: "t1".into(),
        note: "Compare the safeguards.".into(),
        replies: vec![reply("At nine.", 9), reply("At eleven.", 11)],
        ..Annotation::on(Anchor::whole(&pid("uncc:art_24__para_1"), ""))
    });
    let mut student = Layer::new("Student");
    student.file.replies_to.push(ReplyTo {
        layer: "Teacher".into(),
        annotation: "t1".into(),
        note: "At ten.".into(),
        author: "Student".into(),
        created: "2026-12-01T10:00:00Z".into(),
    });
    let mut workspace = Workspace::default();
    let teacher = workspace.add_layer(teacher);
    workspace.add_layer(student);
    let in_window: Vec<String> = workspace
        .thread(teacher, "t1")
        .into_iter()
        .map(|item| item.reply.note)
        .collect();
    assert_eq!(in_window, ["At nine.", "At ten.", "At eleven."]);
    let layers: Vec<&Layer> = workspace.layers.iter().collect();
    let selection = Selection::parse("pairs=uncc:art_24", &corpus).unwrap();
    let comparison = build(&corpus, &selection, &Options::default(), &layers);
    let note = comparison
        .sections
        .iter()
        .flat_map(|section| &section.notes)
        .find(|note| note.id == "t1")
        .expect("the note is exported");
    let exported: Vec<&str> = note.replies.iter().map(|r| r.note.as_str()).collect();
    assert_eq!(exported, in_window);
    // And the printers keep that order: in the HTML, the replies are listed as the window lists them.
    let html = String::from_utf8(render(&comparison, Format::Html)).unwrap();
    let places: Vec<usize> = in_window
        .iter()
        .map(|reply| html.find(reply.as_str()).expect("the reply is printed"))
        .collect();
    assert!(
        places.windows(2).all(|pair| pair[0] < pair[1]),
        "{places:?}"
    );
}
