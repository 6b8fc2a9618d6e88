//! Instruments beside the two treaties: import from every format (checked against the built-in parser on
//! the shipped treaties themselves), the synthetic example bill, bad input, and the command line on
//! imported instruments.

mod bill;
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use crosswalk::import::{self, ImportOptions};
use crosswalk::instrument::{Instrument, InstrumentKey};
use crosswalk::model::{Kind, Side, Treaty, shipped};
use crosswalk::texts;

use bill::{BILL, crosswalk_in, data_dir_with_bill};

fn options(id: &str) -> ImportOptions {
    ImportOptions {
        id: Some(InstrumentKey::parse(id).unwrap()),
        ..ImportOptions::default()
    }
}

/// The provisions of the main text (the annex of notes is a file of its own): what the oracle compares.
fn provisions(nodes: &[crosswalk::Provision]) -> Vec<(String, String, String, Option<String>)> {
    nodes
        .iter()
        .filter(|node| !node.id.contains(":annex"))
        .map(|node| {
            (
                node.id.to_string(),
                node.pinpoint.clone(),
                node.text.clone(),
                node.heading.clone(),
            )
        })
        .collect()
}

/// The treaty as plain text, one paragraph per line with blank lines between, as a person would save it
/// from a word processor: chapter and article names on the line after their number.
fn as_plain_text(treaty: &Treaty) -> String {
    let mut lines = vec![treaty.title.clone()];
    for node in treaty.nodes.iter().filter(|n| !n.id.contains(":annex")) {
        let num = node.num.as_deref().unwrap_or("");
        let heading = node.heading.clone().unwrap_or_default();
        match node.kind {
            Kind::Preamble => lines.push("Preamble".into()),
            Kind::Chapter => lines.extend([format!("Chapter {num}"), heading]),
            Kind::Section => lines.push(format!("Section {num} – {heading}")),
            Kind::Title => lines.push(format!("Title {num} – {heading}")),
            Kind::Article => {
                lines.extend([format!("Article {num}"), heading]);
                lines.extend((!node.text.is_empty()).then(|| node.text.clone()));
            }
            Kind::Conclusions => {}
            _ => lines.push(node.labelled_text()),
        }
    }
    lines.join("\n\n") + "\n"
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The treaty as an HTML page: headings as `h1`–`h4`, paragraphs as `p`, italics as `em`.
fn as_html(treaty: &Treaty) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<h1>{}</h1>\n",
        escape(&treaty.title),
        escape(&treaty.title)
    );
    for node in treaty.nodes.iter().filter(|n| !n.id.contains(":annex")) {
        let num = node.num.as_deref().unwrap_or("");
        let heading = escape(node.heading.as_deref().unwrap_or(""));
        let line = match node.kind {
            Kind::Preamble => "<h2>Preamble</h2>".to_owned(),
            Kind::Chapter => format!("<h2>Chapter {num} – {heading}</h2>"),
            Kind::Section => format!("<h3>Section {num} – {heading}</h3>"),
            Kind::Title => format!("<h4>Title {num} – {heading}</h4>"),
            Kind::Article if node.text.is_empty() => format!("<h4>Article {num} – {heading}</h4>"),
            Kind::Article => format!(
                "<h4>Article {num} – {heading}</h4>\n<p>{}</p>",
                escape(&node.text)
            ),
            Kind::Conclusions => continue,
            _ => {
                let mut text = String::new();
                let mut at = 0;
                for range in &node.emphasis {
                    text.push_str(&escape(&node.text[at..range.start]));
                    text.push_str(&format!("<em>{}</em>", escape(&node.text[range.clone()])));
                    at = range.end;
                }
                text.push_str(&escape(&node.text[at..]));
                match &node.label {
                    Some(label) if text.is_empty() => format!("<p>{}</p>", escape(label)),
                    Some(label) => format!("<p>{} {text}</p>", escape(label)),
                    None => format!("<p>{text}</p>"),
                }
            }
        };
        html.push_str(&line);
        html.push('\n');
    }
    html + "</body></html>\n"
}

fn assert_same_provisions(treaty: &Treaty, imported: &Instrument, how: &str) {
    let expected = provisions(&treaty.nodes);
    let found = provisions(&imported.nodes);
    for (want, got) in expected.iter().zip(&found) {
        assert_eq!(want, got, "{} as {how}: first difference", treaty.key());
    }
    assert_eq!(expected.len(), found.len(), "{} as {how}", treaty.key());
    assert_eq!(imported.title, treaty.title);
}

fn library() -> crosswalk::Library {
    texts::load_embedded().unwrap()
}

/// Each shipped treaty, written by `write` into a file named `file_name`, imports to the same
/// provisions as the built-in parser reads.
fn assert_each_treaty_imports_back(file_name: &str, how: &str, write: fn(&Treaty) -> String) {
    let library = library();
    for key in Side::ALL {
        let treaty = library.treaty(key);
        let written = write(treaty);
        let imported = import::import_bytes(
            file_name,
            written.as_bytes(),
            &options(shipped::prefix(key)),
        )
        .unwrap_or_else(|error| panic!("{key:?}: {error}"));
        assert_same_provisions(treaty, &imported.instrument, how);
    }
}

#[test]
fn each_shipped_treaty_written_as_plain_text_imports_to_the_same_provisions() {
    assert_each_treaty_imports_back("treaty.txt", "plain text", as_plain_text);
}

#[test]
fn each_shipped_treaty_written_as_html_imports_to_the_same_provisions() {
    assert_each_treaty_imports_back("treaty.html", "HTML", as_html);
}

/// LibreOffice converts `file` into `folder`; the path of the result, or None where it is not
/// installed (a failure under CI).
fn soffice_convert(file: &Path, to: &str, folder: &Path) -> Option<PathBuf> {
    let converted = tools::libreoffice_convert(
        &[file.to_path_buf()],
        to,
        folder,
        "a file converted by LibreOffice",
    )?;
    converted.into_iter().next()
}

#[test]
fn each_shipped_treaty_as_a_docx_made_by_libreoffice_imports_to_the_same_provisions() {
    let library = library();
    let folder = tempfile::tempdir().unwrap();
    for key in Side::ALL {
        let treaty = library.treaty(key);
        let html = folder.path().join(format!("{}.html", shipped::prefix(key)));
        std::fs::write(&html, as_html(treaty)).unwrap();
        let Some(docx) = soffice_convert(&html, "docx:MS Word 2007 XML", folder.path()) else {
            return;
        };
        let imported = import::import_file(&docx, &options(shipped::prefix(key)))
            .unwrap_or_else(|error| panic!("{key:?}: {error}"));
        assert_eq!(imported.format, import::Format::Docx);
        assert_same_provisions(treaty, &imported.instrument, "DOCX");
    }
}

fn bill() -> import::Imported {
    import::import_file(Path::new(BILL), &options("xl")).unwrap()
}

/// Lower-case words, without the words the layout itself adds ("Section" before a bare "5.", the
/// "Preamble" heading), in order.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w != "section" && w != "preamble")
        .collect()
}

#[test]
fn the_example_bill_imports_with_parts_sections_subsections_items_and_definitions() {
    let imported = bill();
    let bill = &imported.instrument;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(bill.title, "THE CYBERCRIME BILL, 2026");
    let expect = [
        ("xl:part_2", "Part II", "PART II – OFFENCES"),
        ("xl:sec_4", "s. 4", "Section 4 – Unauthorised access"),
        (
            "xl:sec_2__subsec_1__def_computer_system",
            "s. 2(1), “computer system”",
            "",
        ),
        (
            "xl:sec_2__subsec_1__def_service_provider__point_b",
            "s. 2(1), “service provider”(b)",
            "",
        ),
        ("xl:sec_8__subsec_1__wrapup", "s. 8(1), closing words", ""),
        (
            "xl:sec_18__subsec_2__point_c__point_ii__point_B",
            "s. 18(2)(c)(ii)(B)",
            "",
        ),
        ("xl:sec_17__subsec_2__point_ii", "s. 17(2)(ii)", ""),
    ];
    for (id, pinpoint, _) in expect {
        let node = bill.get(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(node.pinpoint, pinpoint, "{id}");
    }
    assert_eq!(
        bill.get("xl:sec_4").unwrap().title_line(),
        "Section 4 – Unauthorised access"
    );
    assert_eq!(
        bill.get("xl:part_2").unwrap().title_line(),
        "Part II – OFFENCES"
    );
    let counts = import::counts(bill);
    for (level, count) in [
        ("parts", 4),
        ("sections", 18),
        ("definitions", 4),
        ("items", 32),
    ] {
        assert!(
            counts.contains(&(level.to_owned(), count)),
            "{level}: {counts:?}"
        );
    }
    // Nothing is lost: the words of the source are the words of the instrument file, in order.
    let source = std::fs::read_to_string(BILL).unwrap();
    let body = imported.markdown.split("-->").nth(1).unwrap();
    assert_eq!(words(&source), words(body));
}

#[test]
fn the_instrument_file_reads_back_to_the_same_instrument_with_its_facts() {
    let imported = bill();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("xl.md");
    import::save(&imported, &path, false).unwrap();
    let loaded = import::load_instrument(&path).unwrap();
    assert_eq!(loaded.info, imported.instrument.info);
    assert_eq!(
        provisions(&loaded.nodes),
        provisions(&imported.instrument.nodes)
    );
    assert_eq!(loaded.info.key.as_str(), "xl");
    assert!(
        loaded
            .info
            .source
            .contains("cybercrime-bill.txt (plain text")
    );
    // Never over an existing instrument without being asked.
    std::fs::write(&path, "hand-corrected").unwrap();
    let error = import::save(&imported, &path, false).unwrap_err();
    assert!(error.to_string().contains("--force"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "hand-corrected");
    import::save(&imported, &path, true).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), imported.markdown);
}

#[test]
fn the_example_bill_as_a_pdf_imports_through_pdftotext_to_the_same_provisions() {
    let folder = tempfile::tempdir().unwrap();
    let text = folder.path().join("bill.txt");
    std::fs::copy(BILL, &text).unwrap();
    let Some(pdf) = soffice_convert(&text, "pdf", folder.path()) else {
        return;
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        tools::missing("pdftotext (poppler-utils)", "import of a PDF");
        return;
    }
    let from_pdf = import::import_file(&pdf, &options("xl")).unwrap();
    assert_eq!(from_pdf.format, import::Format::Pdf);
    let ids = |instrument: &Instrument| -> Vec<String> {
        instrument.nodes.iter().map(|n| n.id.to_string()).collect()
    };
    assert_eq!(ids(&from_pdf.instrument), ids(&bill().instrument));
    assert_eq!(
        provisions(&from_pdf.instrument.nodes),
        provisions(&bill().instrument.nodes)
    );
    // Where only the line breaks tell closing words from a wrapped item, the guess is a warning.
    assert!(
        from_pdf.warnings.iter().any(|w| w
            .message
            .starts_with("read as closing words after the list")),
        "{:?}",
        from_pdf.warnings
    );
}

#[test]
fn a_pdf_without_pdftotext_is_refused_with_what_to_install() {
    let folder = tempfile::tempdir().unwrap();
    let pdf = folder.path().join("law.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(["import", "--check"])
        .arg(&pdf)
        .env("PATH", folder.path())
        .env("CROSSWALK_DATA_DIR", folder.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "law.pdf: a PDF is read through poppler's `pdftotext`, which is not installed"
        ),
        "{err}"
    );
    assert!(err.contains("poppler-utils"), "{err}");
}

#[test]
fn bad_input_is_refused_with_its_reason_and_nothing_is_written() {
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path().join("data");
    let file = |name: &str, bytes: &[u8]| {
        let path = folder.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let empty = file("empty.txt", b"\n \n");
    let binary = file("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let not_docx = file("law.docx", b"PK\x03\x04 not really a zip");
    let cases = [
        (
            empty.clone(),
            "empty.txt: the file is empty; nothing to import".to_owned(),
        ),
        (binary.clone(), "image.txt: a binary file".to_owned()),
        (
            not_docx.clone(),
            "law.docx: not a readable DOCX file".to_owned(),
        ),
    ];
    for (path, message) in cases {
        let (code, _, err) = crosswalk_in(&data, &["import", &path]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(&message), "{err}");
    }
    let big = folder.path().join("big.txt");
    let handle = std::fs::File::create(&big).unwrap();
    handle.set_len(100 * 1024 * 1024).unwrap();
    let (code, _, err) = crosswalk_in(&data, &["import", big.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("big.txt: larger than the 67108864 bytes allowed"),
        "{err}"
    );
    #[cfg(unix)]
    {
        let fifo = folder.path().join("pipe.txt");
        let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        let (code, _, err) = crosswalk_in(&data, &["import", fifo.to_str().unwrap()]);
        assert_eq!(code, 1);
        assert!(
            err.contains("pipe.txt: a named pipe (FIFO), not a regular file"),
            "{err}"
        );
    }
    assert!(!data.exists(), "nothing was written");
}

#[test]
fn text_without_structure_becomes_numbered_paragraphs_with_a_warning() {
    let text = "Guidelines on data\n\nFirst, data should be kept safe.\n\nSecond, it should be deleted when no longer needed.\n";
    let imported = import::import_bytes("notes.txt", text.as_bytes(), &options("gd")).unwrap();
    let ids: Vec<&str> = imported
        .instrument
        .nodes
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(ids, ["gd:para_1", "gd:para_2"]);
    assert_eq!(
        imported.instrument.get("gd:para_2").unwrap().pinpoint,
        "para. 2"
    );
    assert_eq!(imported.warnings.len(), 1);
    assert_eq!(imported.warnings[0].line, 3);
    assert!(
        imported.warnings[0]
            .message
            .starts_with("no structure detected")
    );
}

#[test]
fn duplicate_section_numbers_are_kept_and_warned_at_their_lines() {
    let text = "Test Act\n\nSection 1 – One\n\nFirst text.\n\nSection 2 – Two\n\n(1) A.\n\n(1) B.\n\nSection 2 – Two again\n\nSecond text.\n";
    let imported = import::import_bytes("act.txt", text.as_bytes(), &options("ta")).unwrap();
    let law = &imported.instrument;
    assert_eq!(law.get("ta:sec_2_2").unwrap().text, "Second text.");
    assert_eq!(law.get("ta:sec_2__subsec_1_2").unwrap().text, "B.");
    let lines: Vec<u32> = imported.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [11, 13], "{:?}", imported.warnings);
    assert!(
        imported.warnings[1]
            .message
            .contains("ta:sec_2 is already at line 7; kept as ta:sec_2_2")
    );
}

#[test]
fn import_on_the_command_line_reports_writes_refuses_to_overwrite_and_checks() {
    let folder = tempfile::tempdir().unwrap();
    let (code, out, err) = crosswalk_in(folder.path(), &["import", BILL, "--id", "xl", "--check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("tests/data/instruments/cybercrime-bill.txt: plain text, imported as `xl`: THE CYBERCRIME BILL, 2026 (en)\nFound:\n"), "{out}");
    assert!(out.contains("\n     18 sections\n"), "{out}");
    assert!(
        out.contains("\n  xl:sec_4\ts. 4\tUnauthorised access\n"),
        "{out}"
    );
    assert!(out.contains("Checked only (--check): nothing was written."));
    assert!(!folder.path().join("instruments").exists());
    let (code, out, err) = crosswalk_in(
        folder.path(),
        &[
            "import",
            BILL,
            "--id",
            "xl",
            "--title",
            "Cybercrime Bill, 2026",
            "--language",
            "en",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let written = folder.path().join("instruments").join("xl.md");
    assert!(
        out.ends_with(&format!("Wrote {}\n", written.display())),
        "{out}"
    );
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.contains("\nTitle: Cybercrime Bill, 2026\n"), "{text}");
    let (code, _, err) = crosswalk_in(folder.path(), &["import", BILL, "--id", "xl"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("an instrument is already there; give --force"),
        "{err}"
    );
    let (code, _, err) = crosswalk_in(folder.path(), &["import", BILL, "--id", "xl", "--force"]);
    assert_eq!(code, 0, "{err}");
    let out_file = folder.path().join("elsewhere.md");
    let (code, out, _) = crosswalk_in(
        folder.path(),
        &["import", BILL, "-o", out_file.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(out.contains("imported as `cybercrime-bill`"), "{out}");
    assert!(out_file.exists());
    let (code, _, err) = crosswalk_in(
        folder.path(),
        &["import", BILL, "--id", "Bad Id", "--check"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("`Bad Id` cannot be an instrument ID"), "{err}");
}

#[test]
fn doubtful_lines_are_printed_as_file_line_warnings() {
    let folder = tempfile::tempdir().unwrap();
    let law = folder.path().join("act.txt");
    std::fs::write(
        &law,
        "Test Act\n\nSection 1 – One\n\n• a bullet\n\nSection 1 – One again\n\nText.\n",
    )
    .unwrap();
    let (code, out, err) =
        crosswalk_in(folder.path(), &["import", law.to_str().unwrap(), "--check"]);
    assert_eq!(code, 0, "{err}");
    let file = law.display().to_string();
    assert!(
        out.contains(&format!(
            "{file}:5: warning: a bullet is not a label the layout numbers; kept as text\n"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("{file}:7: warning: duplicate number: act:sec_1 is already at line 3; kept as act:sec_1_2\n")), "{out}");
}

#[test]
fn instruments_in_the_folder_are_outlined_and_shown_by_their_ids() {
    let data = data_dir_with_bill();
    let (code, out, err) = crosswalk_in(data.path(), &["outline", "xl"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Cybercrime Bill, 2026\n"), "{out}");
    assert!(
        out.contains(
            "\nPart II – OFFENCES [xl:part_2]\n  Section 4 – Unauthorised access [xl:sec_4]\n"
        ),
        "{out}"
    );
    let (_, out, _) = crosswalk_in(data.path(), &["outline", "xl", "--all"]);
    assert!(
        out.contains("s. 18(2)(c)(ii)(A) [xl:sec_18__subsec_2__point_c__point_ii__point_A]"),
        "{out}"
    );
    let (code, out, err) = crosswalk_in(data.path(), &["show", "xl:sec_4__subsec_1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Cybercrime Bill, 2026, s. 4(1)\nxl:sec_4__subsec_1\n\nA person who intentionally and without right accesses the whole or any part of a computer system commits an offence.\n"
    );
    let (code, _, err) = crosswalk_in(data.path(), &["show", "zz:sec_1"]);
    assert_eq!(code, 1);
    assert!(err.contains("no instrument `zz` is loaded"), "{err}");
}

#[test]
fn an_instrument_given_with_instrument_is_loaded_and_a_broken_folder_file_only_warned_about() {
    let data = tempfile::tempdir().unwrap();
    let instruments = data.path().join("instruments");
    std::fs::create_dir_all(&instruments).unwrap();
    std::fs::write(instruments.join("broken.md"), b"\0\0binary").unwrap();
    let (code, out, err) = crosswalk_in(
        data.path(),
        &["show", "cybercrime-bill:sec_5", "--instrument", BILL],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("THE CYBERCRIME BILL, 2026, s. 5 – Unauthorised interception\n"),
        "{out}"
    );
    assert!(err.contains("crosswalk: warning: "), "{err}");
    assert!(err.contains("broken.md (not loaded): "), "{err}");
    // The shipped treaties keep their place and their prefixes.
    let (code, out, _) = crosswalk_in(data.path(), &["show", "uncc:art_7__para_1"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("UN Convention against Cybercrime, Art. 7(1)\n"));
}

#[test]
fn search_lists_the_instruments_hits_beside_the_treaties() {
    let data = data_dir_with_bill();
    let (code, out, err) = crosswalk_in(data.path(), &["search", "point of contact"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert!(lines.next().unwrap().starts_with("uncc: "), "{out}");
    assert!(lines.next().unwrap().starts_with("bc: "), "{out}");
    assert_eq!(lines.next(), Some("xl: 2 matches (Cybercrime Bill, 2026)"));
    assert!(out.contains("\nxl:sec_18 (heading)\ts. 18 (heading)\t«Point of contact»\tSection 18 – Point of contact\n") || out.contains("\nxl:sec_18\ts. 18 (heading)\t«Point of contact»\tSection 18 – Point of contact\n"), "{out}");
    let (_, out, _) = crosswalk_in(
        data.path(),
        &["search", "point of contact", "--treaty", "xl"],
    );
    assert!(
        out.starts_with("xl: 2 matches (Cybercrime Bill, 2026)\n"),
        "{out}"
    );
    let (_, out, _) = crosswalk_in(
        data.path(),
        &["search", "point of contact", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["counts"]["xl"], 2);
    assert!(
        value["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|hit| hit["id"] == "xl:sec_18__subsec_1")
    );
}

#[test]
fn diff_compares_a_section_of_the_bill_with_a_treaty_article_word_by_word() {
    let data = data_dir_with_bill();
    let (code, out, err) = crosswalk_in(data.path(), &["diff", "xl:sec_5", "bc:art_3"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(
            "Cybercrime Bill, 2026, s. 5 <> Budapest Convention on Cybercrime (ETS No. 185), Art. 3"
        )
    );
    assert!(lines.next().unwrap().starts_with("similarity: "));
    assert!(
        out.contains("legend: [-only in Budapest-] {+only in Cybercrime Bill, 2026+}"),
        "{out}"
    );
    // Section 5 repeats Budapest Art. 3 with "A person who" for "Each Party shall adopt …".
    assert!(out.contains("{+A person who+}"), "{out}");
    assert!(out.contains("intentionally"), "{out}");
    let (_, out, _) = crosswalk_in(
        data.path(),
        &["diff", "xl:sec_5", "bc:art_3", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["xl"][0], "xl:sec_5");
    assert_eq!(value["bc"][0], "bc:art_3");
    assert!(value["similarity"].as_f64().unwrap() > 0.4, "{value}");
    let (code, _, err) = crosswalk_in(data.path(), &["diff", "xl:sec_5", "xl:sec_4"]);
    assert_eq!(code, 1);
    assert!(err.contains("both sides are in xl"), "{err}");
    // The treaties' diff is as it was.
    let (_, out, _) = crosswalk_in(data.path(), &["diff", "uncc:art_7", "bc:art_2"]);
    assert!(out.contains(
        "legend: [-only in Budapest-] {+only in UN+} {=Budapest => UN=} equivalent terms"
    ));
}

#[test]
fn suggest_finds_counterparts_between_the_bill_and_either_treaty() {
    let data = data_dir_with_bill();
    let first = |args: &[&str]| {
        let (code, out, err) = crosswalk_in(data.path(), args);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .next()
            .unwrap_or("")
            .split('\t')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(first(&["suggest", "xl:sec_4"]), "uncc:art_7");
    assert_eq!(
        first(&["suggest", "xl:sec_4", "--against", "bc"]),
        "bc:art_2"
    );
    assert_eq!(
        first(&["suggest", "uncc:art_7", "--against", "xl"]),
        "xl:sec_4"
    );
    assert_eq!(
        first(&["suggest", "bc:art_35", "--against", "xl"]),
        "xl:sec_18"
    );
    // Without --against a treaty provision looks in the other treaty, as before.
    assert!(first(&["suggest", "uncc:art_7"]).starts_with("bc:"));
}

#[test]
fn a_layer_on_an_instrument_that_is_not_loaded_names_it_and_keeps_its_notes_unchanged() {
    use crosswalk::annotations::{AnnotationFile, OrphanReason, Resolution, resolve};
    let path = "tests/data/instruments/bill-review.ron";
    let text = std::fs::read_to_string(path).unwrap();
    let file = AnnotationFile::parse(&text, path).unwrap();
    let library = library();
    let on_bill = &file.annotations[0].anchor;
    assert_eq!(
        resolve(on_bill, &library),
        Resolution::Orphan(OrphanReason::InstrumentNotLoaded("xl".into()))
    );
    let mut kept = file.clone();
    kept.reanchor(&library);
    assert_eq!(
        kept.annotations[0], file.annotations[0],
        "the note on xl is kept as written"
    );
    // Saving orders notes and links by place; what is compared is each end, in ID order.
    let ends_on_bill = |file: &AnnotationFile| -> Vec<crosswalk::annotations::Anchor> {
        let mut ends: Vec<_> = file
            .links
            .iter()
            .flat_map(|link| {
                link.ends
                    .iter()
                    .filter(|end| end.provision.instrument() == "xl")
                    .cloned()
            })
            .collect();
        ends.sort_by(|a, b| a.provision.cmp(&b.provision));
        ends
    };
    assert_eq!(ends_on_bill(&kept).len(), 2);
    assert_eq!(
        ends_on_bill(&kept),
        ends_on_bill(&file),
        "link ends on xl are kept"
    );
    let saved = AnnotationFile::parse(&kept.to_ron(), path).unwrap();
    let r1 = |file: &AnnotationFile| file.annotations.iter().find(|a| a.id == "r1").cloned();
    assert_eq!(r1(&saved), r1(&file), "saved back unchanged");
    assert_eq!(
        ends_on_bill(&saved),
        ends_on_bill(&file),
        "saved back unchanged"
    );
    // Loaded, the same anchors are found.
    let bill = bill().instrument;
    let with_bill = library.with_imported(vec![bill]).unwrap();
    assert!(matches!(resolve(on_bill, &with_bill), Resolution::Exact(_)));
    // On the command line: said per note, a warning, the file valid.
    let data = data_dir_with_bill();
    let empty = tempfile::tempdir().unwrap();
    let (code, out, _) = crosswalk_in(empty.path(), &["check", path]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "{path}:8:33: warning: r1: its instrument `xl` is not loaded"
        )),
        "{out}"
    );
    let (code, out, _) = crosswalk_in(data.path(), &["check", path]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("{path}: ok (2 annotations, 2 links)\n"));
}

#[test]
fn the_implementation_table_of_the_un_convention_against_the_bill_lists_every_obligation() {
    let data = data_dir_with_bill();
    let layer = "tests/data/instruments/bill-review.ron";
    let args = [
        "implementation",
        "--treaty",
        "uncc",
        "--instrument",
        "xl",
        "--layer",
        layer,
    ];
    let (code, out, err) = crosswalk_in(data.path(), &args);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, crosswalk::implementation::COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let library = library();
    let uncc = library.treaty(Side::Revision);
    // Every article, and every paragraph with "shall", once each, in document order.
    let articles: Vec<&str> = rows
        .iter()
        .map(|r| &r[0])
        .filter(|id| !id.contains("__"))
        .collect();
    let expected: Vec<String> = uncc.articles().map(|a| a.id.to_string()).collect();
    assert_eq!(articles, expected);
    for row in rows.iter().filter(|r| r[0].contains("__para_")) {
        assert!(row[3].to_lowercase().contains("shall"), "{:?}", row);
    }
    assert!(rows.iter().any(|r| &r[0] == "uncc:art_24__para_1"));
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    let illegal_access = row("uncc:art_7");
    assert_eq!(&illegal_access[1], "Art. 7");
    assert_eq!(&illegal_access[2], "Illegal access");
    assert!(
        illegal_access[4].starts_with("s. 4 [xl:sec_4] Unauthorised access (0."),
        "{:?}",
        illegal_access
    );
    assert!(illegal_access[4].contains(", linked)"));
    assert_eq!(&illegal_access[5], "Corresponds");
    assert_eq!(
        &illegal_access[6],
        "Illegal access: implemented in section 4."
    );
    let safeguards = row("uncc:art_24");
    assert_eq!(&safeguards[5], "Partial");
    assert!(safeguards[4].contains("[xl:sec_12]"), "{:?}", safeguards);
    assert!(row("uncc:art_8")[4].starts_with("s. 5 [xl:sec_5] Unauthorised interception"));
    // Without a layer the decisions are empty, the suggestions the same.
    let (_, plain, _) = crosswalk_in(data.path(), &args[..5]);
    let mut reader = csv::Reader::from_reader(plain.as_bytes());
    let plain_rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(plain_rows.len(), rows.len());
    assert!(
        plain_rows
            .iter()
            .all(|r| r[5].is_empty() && r[6].is_empty())
    );
    // Same input, same bytes.
    let (_, again, _) = crosswalk_in(data.path(), &args);
    assert_eq!(again, out);
}

#[test]
fn the_implementation_table_exports_as_json_html_and_markdown_with_user_text_escaped() {
    let data = data_dir_with_bill();
    let folder = tempfile::tempdir().unwrap();
    let implementation = implementation_with_note(data.path(), folder.path());
    let run = |format: &str| {
        let (code, out, err) = implementation(format, &[]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["instrument"], "xl");
    let rows = json["rows"].as_array().unwrap();
    let art_7 = rows.iter().find(|r| r["id"] == "uncc:art_7").unwrap();
    assert_eq!(art_7["counterparts"][0]["id"], "xl:sec_4");
    assert_eq!(art_7["counterparts"][0]["linked"], true);
    assert!(art_7["counterparts"][0]["score"].as_f64().unwrap() > 0.1);
    assert_eq!(art_7["note"], IMPLEMENTATION_NOTE);
    let html = run("html");
    assert!(!html.contains("<s. 4>"));
    let document = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("tbody tr").unwrap();
    let body_rows: Vec<_> = document.select(&selector).collect();
    assert_eq!(body_rows.len(), rows.len());
    let cell = scraper::Selector::parse("td").unwrap();
    let art_7_cells: Vec<String> = body_rows
        .iter()
        .find(|row| row.select(&cell).next().unwrap().text().collect::<String>() == "uncc:art_7")
        .unwrap()
        .select(&cell)
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(art_7_cells[6], IMPLEMENTATION_NOTE);
    let md = run("md");
    let table_rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| uncc:")).collect();
    assert_eq!(table_rows.len(), rows.len());
    let art_7_line = table_rows
        .iter()
        .find(|l| l.starts_with("| uncc:art_7 |"))
        .unwrap();
    assert!(
        art_7_line.contains("Compare &lt;s. 4&gt; &amp; \\| pipes"),
        "{art_7_line}"
    );
    // Written to a file.
    let out_file = folder.path().join("table.csv");
    let (code, out, _) = crosswalk_in(
        data.path(),
        &[
            "implementation",
            "--treaty",
            "uncc",
            "--instrument",
            "xl",
            "-o",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    assert!(out.starts_with(&format!("Wrote {} (", out_file.display())));
    assert!(
        std::fs::read_to_string(&out_file)
            .unwrap()
            .starts_with("obligation,pinpoint,")
    );
    let (code, _, err) = crosswalk_in(data.path(), &["implementation", "--treaty", "uncc"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("give the instrument to compare with --instrument FILE"),
        "{err}"
    );
}

/// The note the implementation table's export tests put on UN Art. 7: markup, a pipe, a formula's
/// sign and several scripts.
const IMPLEMENTATION_NOTE: &str = "Compare <s. 4> & | pipes — «第4条», Ελληνικά, العربية, =1+1";

/// `crosswalk implementation` of the UN Convention against the example bill, with the bill's review
/// layer whose Art. 7 note is [`IMPLEMENTATION_NOTE`] (written into `folder`): runs it with the
/// format and any further arguments, giving the exit code, standard output and standard error.
fn implementation_with_note(
    data: &Path,
    folder: &Path,
) -> impl Fn(&str, &[&str]) -> (i32, String, String) {
    let layer = folder.join("review.ron");
    let text = std::fs::read_to_string("tests/data/instruments/bill-review.ron")
        .unwrap()
        .replace(
            "Illegal access: implemented in section 4.",
            IMPLEMENTATION_NOTE,
        );
    std::fs::write(&layer, text).unwrap();
    let data = data.to_owned();
    move |format: &str, more: &[&str]| {
        let layer = layer.to_str().unwrap();
        let mut args = vec![
            "implementation",
            "--treaty",
            "uncc",
            "--instrument",
            "xl",
            "--layer",
            layer,
            "--format",
            format,
        ];
        args.extend(more);
        crosswalk_in(&data, &args)
    }
}

/// A binary format of the implementation table (`xlsx`, `docx`): refused on standard output, then
/// written twice with -o to `folder`'s `table.FORMAT` and `again.FORMAT` with the same bytes. Gives the
/// CSV format's table and the file's bytes.
fn binary_implementation_export(
    run: &impl Fn(&str, &[&str]) -> (i32, String, String),
    folder: &Path,
    format: &str,
) -> (String, Vec<u8>) {
    let (code, out, err) = run(format, &[]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "binary, so never to standard output: {out}");
    assert!(
        err.contains(&format!(
            "{format} is a binary format: give an output file with -o FILE"
        )),
        "{err}"
    );
    let (code, csv_out, err) = run("csv", &[]);
    assert_eq!(code, 0, "{err}");
    let mut written = Vec::new();
    for name in ["table", "again"] {
        let path = folder.join(format!("{name}.{format}"));
        let (code, out, err) = run(format, &["-o", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.starts_with(&format!("Wrote {} (", path.display())),
            "{out}"
        );
        written.push(std::fs::read(&path).unwrap());
    }
    assert_eq!(written[0], written[1], "same input, same bytes");
    (csv_out, written.swap_remove(0))
}

/// LibreOffice Calc's CSV filter: comma-separated, double quotes, UTF-8.
const CALC_CSV: &str = "csv:Text - txt - csv (StarCalc):44,34,76";

/// The export `file_name` in `folder` converted by LibreOffice `to` a file in `folder`'s
/// `converted`; `None` where LibreOffice is missing locally.
fn soffice_convert_export(folder: &Path, file_name: &str, to: &str) -> Option<PathBuf> {
    let converted = folder.join("converted");
    std::fs::create_dir(&converted).unwrap();
    soffice_convert(&folder.join(file_name), to, &converted)
}

#[test]
fn the_implementation_table_exports_as_xlsx_that_libreoffice_reads_as_the_csv_table() {
    let data = data_dir_with_bill();
    let folder = tempfile::tempdir().unwrap();
    let note = IMPLEMENTATION_NOTE;
    let run = implementation_with_note(data.path(), folder.path());
    let (csv_out, written) = binary_implementation_export(&run, folder.path(), "xlsx");
    let xlsx = &written;
    // The package: one sheet "Implementation", its header row frozen and filtered, text wrapped.
    tools::assert_sheets_with_frozen_filtered_header(xlsx, &["Implementation"]);
    // What LibreOffice Calc reads: the CSV format's table, cell for cell.
    let Some(csv_path) = soffice_convert_export(folder.path(), "table.xlsx", CALC_CSV) else {
        return;
    };
    let table = |bytes: &[u8]| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes)
            .records()
            .map(|record| {
                let mut cells: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
                assert!(cells.len() <= 8, "{cells:?}");
                // Calc may leave out empty cells at the end of a row.
                cells.resize(8, String::new());
                cells
            })
            .collect()
    };
    let from_calc = table(&std::fs::read(csv_path).unwrap());
    let expected = table(csv_out.as_bytes());
    assert_eq!(from_calc[0], crosswalk::implementation::COLUMNS);
    assert_eq!(from_calc.len(), expected.len());
    for (read, want) in from_calc.iter().zip(&expected) {
        assert_eq!(read, want);
    }
    assert!(
        from_calc
            .iter()
            .any(|row| row[0] == "uncc:art_7" && row[6] == note)
    );
}

#[test]
fn the_implementation_table_exports_as_docx_with_a_repeated_header_row_and_the_csv_cells() {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let data = data_dir_with_bill();
    let folder = tempfile::tempdir().unwrap();
    let run = implementation_with_note(data.path(), folder.path());
    let (csv_out, written) = binary_implementation_export(&run, folder.path(), "docx");
    let document = tools::package_part(&written, "word/document.xml");
    let parsed = roxmltree::Document::parse(&document).expect("document.xml is well-formed");
    let word = |node: &roxmltree::Node, name: &str| node.tag_name().name() == name;
    let heading = parsed
        .descendants()
        .find(|n| word(n, "p"))
        .expect("a heading paragraph");
    assert!(
        heading
            .descendants()
            .any(|n| word(&n, "pStyle") && n.attribute((W, "val")) == Some("Heading1"))
    );
    let orientation = parsed.descendants().find(|n| word(n, "pgSz")).unwrap();
    assert_eq!(orientation.attribute((W, "orient")), Some("landscape"));
    let tables: Vec<_> = parsed.descendants().filter(|n| word(n, "tbl")).collect();
    assert_eq!(tables.len(), 1, "one table");
    let rows: Vec<_> = tables[0].children().filter(|n| word(n, "tr")).collect();
    let repeated = |row: &roxmltree::Node| row.descendants().any(|n| word(&n, "tblHeader"));
    assert!(repeated(&rows[0]), "the header row repeats on every page");
    assert!(rows[1..].iter().all(|row| !repeated(row)));
    let cell_texts = |row: &roxmltree::Node| -> Vec<String> {
        row.children()
            .filter(|n| word(n, "tc"))
            .map(|cell| {
                // One paragraph per line of the cell.
                let lines: Vec<String> = cell
                    .children()
                    .filter(|n| word(n, "p"))
                    .map(|p| {
                        p.descendants()
                            .filter(|n| word(n, "t"))
                            .filter_map(|n| n.text())
                            .collect()
                    })
                    .collect();
                lines.join("\n")
            })
            .collect()
    };
    let expected: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_out.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(&expected) {
        assert_eq!(&cell_texts(row), want);
    }
    assert!(
        rows.iter()
            .any(|row| cell_texts(row)[0] == "uncc:art_7"
                && cell_texts(row)[6] == IMPLEMENTATION_NOTE)
    );
    // What LibreOffice Writer reads: the note, whole.
    let Some(text_path) =
        soffice_convert_export(folder.path(), "table.docx", "txt:Text (encoded):UTF8")
    else {
        return;
    };
    let text = std::fs::read_to_string(text_path).unwrap();
    assert!(text.contains(IMPLEMENTATION_NOTE), "{text}");
    assert!(text.contains("Implementation of the "), "{text}");
}

/// Runs `crosswalk export` of the example bill with its review layer (`more` chooses the pair and the
/// selection) in `format` to `folder`'s `bill.FORMAT`, twice, and gives the file's bytes (the same
/// both times) and what was said on standard error.
fn bill_export(data: &Path, folder: &Path, format: &str, more: &[&str]) -> (Vec<u8>, String) {
    let path = folder.join(format!("bill.{format}"));
    let mut args = vec![
        "export",
        "--format",
        format,
        "--annotations",
        "tests/data/instruments/bill-review.ron",
        "-o",
        path.to_str().unwrap(),
    ];
    args.extend(more);
    let (code, _, err) = crosswalk_in(data, &args);
    assert_eq!(code, 0, "{err}");
    let first = std::fs::read(&path).unwrap();
    let (code, _, _) = crosswalk_in(data, &args);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        first,
        "same input, same bytes"
    );
    (first, err)
}

/// Text as a reader meets it: every run of white space one space.
fn one_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of s. 4(2) of the bill and of UN Art. 7(2), the note on s. 4(1) and the link's note:
/// what every format of the bill's export beside the UN Convention shows.
const BILL_WORDS: &str = "by infringing security measures, with the intent of obtaining data";
const UN_WORDS: &str = "is connected to another information and communications technology system";
const BILL_NOTE: &str = "Tracks UN Art. 7(1) word for word; no dishonest-intent qualifier.";
const LINK_NOTE: &str = "Illegal access: implemented in section 4.";

fn assert_bill_beside_un(text: &str, format: &str) {
    let text = one_spaced(text);
    for expected in [
        "Crosswalk: Cybercrime Bill, 2026 and UN Convention against Cybercrime",
        "Cybercrime Bill, 2026 s. 4 | UN Art. 7",
        "Cybercrime Bill, 2026 s. 12 | UN Art. 24",
        BILL_WORDS,
        UN_WORDS,
        BILL_NOTE,
        LINK_NOTE,
    ] {
        assert!(text.contains(expected), "{format}: {expected:?} in {text}");
    }
    assert!(
        !text.contains("Budapest"),
        "{format}: nothing names the Budapest Convention: {text}"
    );
}

#[test]
fn the_bill_exports_beside_the_un_convention_in_markdown_html_csv_and_json_with_its_notes() {
    let data = data_dir_with_bill();
    let folder = tempfile::tempdir().unwrap();
    let folder = folder.path();
    let pair = ["--instrument", "xl", "--against", "uncc"];
    // CommonMark, as a Markdown reader sees it.
    let (markdown, err) = bill_export(data.path(), folder, "md", &pair);
    assert!(err.contains("(2 pairs, "), "{err}");
    let markdown = String::from_utf8(markdown).unwrap();
    let mut read = String::new();
    for event in pulldown_cmark::Parser::new_ext(
        &markdown,
        pulldown_cmark::Options::ENABLE_STRIKETHROUGH | pulldown_cmark::Options::ENABLE_TABLES,
    ) {
        match event {
            pulldown_cmark::Event::Text(text) => read.push_str(&text),
            pulldown_cmark::Event::End(_) | pulldown_cmark::Event::SoftBreak => read.push(' '),
            _ => {}
        }
    }
    assert_bill_beside_un(&read, "markdown");
    assert!(one_spaced(&read).contains("Cybercrime Bill, 2026, s. 4 (Unauthorised access)"));
    // HTML5, as a browser parses it: the bill's column is headed by its name and section.
    let (html, _) = bill_export(data.path(), folder, "html", &pair);
    let document = scraper::Html::parse_document(&String::from_utf8(html).unwrap());
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let body: String = document
        .select(&select("body"))
        .flat_map(|body| body.text())
        .collect();
    assert_bill_beside_un(&body, "html");
    let headings: Vec<String> = document
        .select(&select("table.pair th"))
        .map(|th| one_spaced(&th.text().collect::<String>()))
        .collect();
    assert_eq!(
        headings[..2],
        [
            "Cybercrime Bill, 2026 — s. 4 Unauthorised access",
            "UN Convention against Cybercrime — Art. 7 Illegal access"
        ]
    );
    // CSV, as a spreadsheet reads it: the pair's row names the bill's section in the first side's
    // columns, the note's row its words, and the table says which instrument each side is.
    let (csv_bytes, _) = bill_export(data.path(), folder, "csv", &pair);
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&csv_bytes[3..])
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let pair_row = rows
        .iter()
        .find(|row| row.first().is_some_and(|c| c == "pair") && row[2] == "xl:sec_4")
        .expect("a row for the pair s. 4 / Art. 7");
    assert_eq!(
        pair_row[3..6],
        ["uncc:art_7", "s. 4", "Art. 7"].map(str::to_owned)
    );
    assert!(
        rows.iter()
            .any(|row| row.iter().any(|cell| cell == BILL_NOTE))
    );
    assert!(rows.iter().any(|row| row.get(..2)
        == Some(&["uncc columns", "xl (Cybercrime Bill, 2026)"].map(str::to_owned)[..])));
    // JSON: the sides are named by prefix and name.
    let (json, _) = bill_export(data.path(), folder, "json", &pair);
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(value["sides"]["uncc"]["prefix"], "xl");
    assert_eq!(
        value["sides"]["bc"]["heading"],
        "UN Convention against Cybercrime"
    );
    assert_eq!(value["sections"][0]["uncc_ids"][0], "xl:sec_4");
}

#[test]
fn the_bill_exports_beside_the_un_convention_as_docx_pdf_and_xlsx_that_their_readers_read() {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let data = data_dir_with_bill();
    let folder = tempfile::tempdir().unwrap();
    let folder = folder.path();
    // The selection's IDs name the instrument; the UN Convention is the default other side.
    let pair = ["--select", "pairs=xl:sec_4,xl:sec_12"];
    // DOCX: the document's paragraphs and its footnotes, as Word's XML has them.
    let (docx, _) = bill_export(data.path(), folder, "docx", &pair);
    let text_of = |part: &str| -> String {
        let xml = tools::package_part(&docx, part);
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        parsed
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().namespace() == Some(W))
            .filter(|n| matches!(n.tag_name().name(), "p" | "t"))
            .map(|n| {
                if n.tag_name().name() == "p" {
                    " ".to_owned()
                } else {
                    n.text().unwrap_or("").to_owned()
                }
            })
            .collect()
    };
    let document = text_of("word/document.xml");
    let footnotes = text_of("word/footnotes.xml");
    assert_bill_beside_un(&format!("{document} {footnotes}"), "docx");
    assert!(one_spaced(&document).contains("Cybercrime Bill, 2026, s. 4 Unauthorised access"));
    // The redline's tracked changes are made from the UN Convention to the bill.
    let (redline, _) = bill_export(
        data.path(),
        folder,
        "docx",
        &[&pair[..], &["--layout", "redline"]].concat(),
    );
    let xml = tools::package_part(&redline, "word/document.xml");
    assert!(xml.contains("w:author=\"UN Convention → Cybercrime Bill, 2026\""));
    assert!(!xml.contains("Budapest"));
    // PDF: the text pdftotext reads.
    let (pdf, _) = bill_export(data.path(), folder, "pdf", &pair);
    let pdf_path = folder.join("bill.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();
    match Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf_path)
        .arg("-")
        .output()
    {
        Ok(output) => {
            let text = String::from_utf8_lossy(&output.stdout);
            // A line broken at a hyphen in print reads back without the break.
            assert_bill_beside_un(&text.replace("-\n", "-"), "pdf");
        }
        Err(_) => tools::missing("pdftotext", "the bill's PDF export"),
    }
    // XLSX: LibreOffice Calc reads the CSV export's pairs, cell for cell.
    bill_export(data.path(), folder, "xlsx", &pair);
    let (csv_bytes, _) = bill_export(
        data.path(),
        folder,
        "csv",
        &[&pair[..], &["--no-bom"]].concat(),
    );
    let Some(read) = soffice_convert_export(folder, "bill.xlsx", CALC_CSV) else {
        return;
    };
    let cells = |bytes: &[u8]| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes)
            .records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .take_while(|row: &Vec<String>| row.iter().any(|cell| !cell.is_empty()))
            .collect()
    };
    let from_calc = cells(&std::fs::read(read).unwrap());
    let expected: Vec<Vec<String>> = cells(&csv_bytes)
        .into_iter()
        .filter(|row| {
            row.first()
                .is_some_and(|kind| kind == "kind" || kind == "pair")
        })
        .collect();
    assert_eq!(from_calc.len(), expected.len(), "{from_calc:?}");
    for (read, want) in from_calc.iter().zip(&expected) {
        let trimmed: Vec<&String> = want.iter().rev().skip_while(|c| c.is_empty()).collect();
        assert_eq!(read[..trimmed.len()], want[..trimmed.len()]);
    }
    assert!(from_calc.iter().any(|row| row[2] == "xl:sec_4"));
}

#[test]
fn the_bill_exports_beside_the_budapest_convention_and_a_wrong_pair_is_refused() {
    let data = data_dir_with_bill();
    let folder = tempfile::tempdir().unwrap();
    let layer = folder.path().join("budapest.ron");
    std::fs::write(
        &layer,
        r#"(schema: 1, name: "Beside Budapest", links: [(id: "b1", ends: [(provision: "xl:sec_5"), (provision: "bc:art_3")], relation: Corresponds, note: "Interception <as in> Budapest.")])"#,
    )
    .unwrap();
    let layer = layer.to_str().unwrap();
    let (code, out, err) = crosswalk_in(
        data.path(),
        &[
            "export",
            "--format",
            "md",
            "--instrument",
            "xl",
            "--against",
            "bc",
            "--annotations",
            layer,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# Crosswalk: Cybercrime Bill, 2026 and Budapest Convention\n"),
        "{out}"
    );
    assert!(
        out.contains("## Cybercrime Bill, 2026 s. 5 \\| Budapest Art. 3\n"),
        "{out}"
    );
    assert!(
        out.contains("Interception \\<as in\\> Budapest."),
        "user text escaped: {out}"
    );
    assert!(out.contains("only in the Budapest Convention"), "{out}");
    // Both sides one instrument, and an instrument that is not loaded, are refused with the reason.
    for (against, reason) in [
        ("xl", "both are xl"),
        ("zz", "unknown treaty or instrument \"zz\""),
    ] {
        let (code, _, err) = crosswalk_in(
            data.path(),
            &[
                "export",
                "--format",
                "md",
                "--instrument",
                "xl",
                "--against",
                against,
            ],
        );
        assert_eq!(code, 1);
        assert!(err.contains(reason), "{err}");
    }
    // The treaties' export is as it was.
    let (_, out, _) = crosswalk_in(
        data.path(),
        &["export", "--format", "md", "--select", "pairs=uncc:art_7"],
    );
    assert!(
        out.starts_with("# Crosswalk: UN Convention against Cybercrime and Budapest Convention\n")
    );
}

/// The bill's own term table, beside it in the instruments folder: its "computer system" is the UN
/// Convention's "information and communications technology system".
const BILL_TERMS: &str = r#"(
    version: 1,
    instruments: ("xl", "uncc"),
    terms: [
        (first: "a computer system", second: "an information and communications technology system", note: "The bill keeps the Budapest name."),
        (first: "computer system", second: "information and communications technology system"),
    ],
)
"#;

#[test]
fn a_term_table_beside_an_instrument_serves_its_pair_in_either_order_and_no_other() {
    let data = data_dir_with_bill();
    let diff = |args: &[&str]| {
        let (code, out, err) = crosswalk_in(data.path(), args);
        assert_eq!(code, 0, "{err}");
        out
    };
    // Without a table the bill is compared with the UN Convention word for word, even with --terms.
    let before = diff(&["diff", "xl:sec_4", "uncc:art_7", "--terms"]);
    assert!(before.contains("terminology normalisation: on, but no term table pairs these instruments: words compared as they are\n"), "{before}");
    assert!(!before.contains("{=an information"), "{before}");
    std::fs::write(data.path().join("instruments/xl.terms.ron"), BILL_TERMS).unwrap();
    let with_table = diff(&["diff", "xl:sec_4", "uncc:art_7", "--terms"]);
    assert!(
        with_table.contains("terminology normalisation: on\n"),
        "{with_table}"
    );
    assert!(
        with_table.contains(
            "{=an information and communications technology system => a computer system=}"
        ),
        "{with_table}"
    );
    // Read from the UN side, the same table serves the pair the other way round.
    let reversed = diff(&["diff", "uncc:art_7", "xl:sec_4", "--terms"]);
    assert!(
        reversed.contains(
            "{=a computer system => an information and communications technology system=}"
        ),
        "{reversed}"
    );
    // Without --terms, and for a pair the table does not name, words are compared as they are.
    assert!(!diff(&["diff", "xl:sec_4", "uncc:art_7"]).contains("{=an information"));
    let json: serde_json::Value = serde_json::from_str(&diff(&[
        "diff", "xl:sec_5", "bc:art_3", "--terms", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json["term_table"], false);
    // The treaties keep the shipped table, their output as it was (no `term_table` key).
    let treaties: serde_json::Value = serde_json::from_str(&diff(&[
        "diff",
        "uncc:art_7",
        "bc:art_2",
        "--terms",
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(treaties.get("term_table").is_none());
    assert!(
        diff(&["diff", "uncc:art_7", "bc:art_2", "--terms"])
            .contains("{=computer system => information and communications technology system=}")
    );
    // An export of the pair marks the equivalent terms too.
    let (_, markdown, _) = crosswalk_in(
        data.path(),
        &[
            "export",
            "--format",
            "md",
            "--select",
            "exact=xl:sec_4+uncc:art_7",
            "--annotations",
            "tests/data/instruments/bill-review.ron",
        ],
    );
    assert!(
        markdown.contains("*an information and communications technology system*"),
        "{markdown}"
    );
}

#[test]
fn a_broken_term_table_is_reported_at_its_line_and_the_instrument_still_loads() {
    let data = data_dir_with_bill();
    let terms = data.path().join("instruments/xl.terms.ron");
    std::fs::write(&terms, "(\n    version: 1,\n    instruments: (\"xl\", \"uncc\"),\n    terms: [(first: \"computer system\" second: \"x\")],\n)\n").unwrap();
    let (code, out, err) =
        crosswalk_in(data.path(), &["diff", "xl:sec_4", "uncc:art_7", "--terms"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("xl.terms.ron (not loaded): "), "{err}");
    assert!(err.contains("xl.terms.ron:4:"), "file:line:col: {err}");
    assert!(
        out.contains("no term table pairs these instruments"),
        "{out}"
    );
    // A table of two other instruments is not the bill's.
    std::fs::write(
        &terms,
        "(version: 1, instruments: (\"uncc\", \"bc\"), terms: [])",
    )
    .unwrap();
    let (code, _, err) = crosswalk_in(data.path(), &["outline", "xl"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("the table pairs uncc with bc"), "{err}");
    // Given with --instrument, the file beside it is read the same way, and a broken one refused.
    let bill = tempfile::tempdir().unwrap();
    let copy = bill.path().join("bill.txt");
    std::fs::copy(BILL, &copy).unwrap();
    std::fs::write(
        bill.path().join("bill.terms.ron"),
        BILL_TERMS.replace("\"xl\"", "\"bill\""),
    )
    .unwrap();
    let empty = tempfile::tempdir().unwrap();
    let (code, out, err) = crosswalk_in(
        empty.path(),
        &[
            "diff",
            "bill:sec_4",
            "uncc:art_7",
            "--terms",
            "--instrument",
            copy.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "{=an information and communications technology system => a computer system=}"
        ),
        "{out}"
    );
    std::fs::write(
        bill.path().join("bill.terms.ron"),
        "(terms: [(first: \"a\"]",
    )
    .unwrap();
    let (code, _, err) = crosswalk_in(
        empty.path(),
        &["outline", "bill", "--instrument", copy.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("bill.terms.ron:1:"), "{err}");
}

/// A French version of the example bill beside it in the instruments folder (synthetic, as the bill):
/// the bill's file with its header saying `Version of: xl`, s. 4 translated, and s. 6(2) numbered (3)
/// by mistake, so one provision of the original has no counterpart and one of the version no original.
fn data_dir_with_bill_and_french_version() -> (tempfile::TempDir, PathBuf) {
    let data = data_dir_with_bill();
    let english = std::fs::read_to_string(data.path().join("instruments/xl.md")).unwrap();
    let french = english
        .replace("Instrument: xl\n", "Instrument: xlfr\nVersion of: xl\n")
        .replace("Language: en\n", "Language: fr\n")
        .replace("Short name: Cybercrime Bill, 2026\n", "Short name: Projet de loi sur la cybercriminalité, 2026\n")
        .replace("#### Section 4 – Unauthorised access", "#### Section 4 – Accès non autorisé")
        .replace(
            "(1) A person who intentionally and without right accesses the whole or any part of a computer system commits an offence.",
            "(1) Quiconque accède intentionnellement et sans droit à tout ou partie d’un système informatique commet une infraction.",
        )
        .replace("(2) Subsection (1) does not apply", "(3) Subsection (1) does not apply");
    let path = data.path().join("instruments/xlfr.md");
    std::fs::write(&path, french).unwrap();
    (data, path)
}

#[test]
fn diff_of_two_language_versions_aligns_them_provision_by_provision_by_id() {
    let (data, _) = data_dir_with_bill_and_french_version();
    let (code, out, err) = crosswalk_in(data.path(), &["diff", "xlfr", "xl"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(
            "Projet de loi sur la cybercriminalité, 2026 [xlfr, fr] <> Cybercrime Bill, 2026 [xl, en]"
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "language versions: provisions aligned by ID; words in two languages are not compared"
        )
    );
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(" (2 with a provision on one side only)"),
        "{out}"
    );
    assert!(out.contains(
        "\ns. 4(1) <> s. 4(1) [sec_4__subsec_1]\nxlfr: Quiconque accède intentionnellement et sans droit à tout ou partie d’un système informatique commet une infraction.\nxl: A person who intentionally and without right accesses the whole or any part of a computer system commits an offence.\n"
    ), "{out}");
    assert!(out.contains("\ns. 4 <> s. 4 [sec_4]\nxlfr: Section 4 – Accès non autorisé\nxl: Section 4 – Unauthorised access\n"), "{out}");
    assert!(
        out.contains("\n- <> s. 6(2) [sec_6__subsec_2]\nxlfr: (no provision with this ID)\n"),
        "{out}"
    );
    assert!(
        out.contains("\ns. 6(3) <> - [sec_6__subsec_3]\nxlfr: Subsection (1) does not apply"),
        "{out}"
    );
    // Provisions of each name only their rows; JSON gives both sides of each row.
    let (_, out, _) = crosswalk_in(
        data.path(),
        &["diff", "xlfr:sec_4", "xl:sec_4", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["aligned_by"], "id");
    let paths: Vec<&str> = value["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["sec_4", "sec_4__subsec_1", "sec_4__subsec_2"]);
    assert_eq!(value["rows"][1]["xl"]["pinpoint"], "s. 4(1)");
    assert_eq!(value["rows"][1]["xlfr"]["id"], "xlfr:sec_4__subsec_1");
    // Two instruments that are not versions of one text are not aligned by ID.
    let (code, _, err) = crosswalk_in(data.path(), &["diff", "xl", "uncc"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("xl and uncc are not versions of each other"),
        "{err}"
    );
    // A version's provision beside a treaty is still compared word by word.
    let (code, out, _) = crosswalk_in(data.path(), &["diff", "xlfr:sec_5", "bc:art_3"]);
    assert_eq!(code, 0);
    assert!(out.contains("legend: "), "{out}");
}

#[test]
fn check_of_a_language_version_lists_the_ids_that_do_not_match_its_original_at_their_lines() {
    let (data, french) = data_dir_with_bill_and_french_version();
    let french = french.to_str().unwrap();
    let (code, out, err) = crosswalk_in(data.path(), &["check", french]);
    assert_eq!(code, 1, "{out}{err}");
    let text = std::fs::read_to_string(french).unwrap();
    let line_of = |needle: &str| {
        1 + text
            .lines()
            .position(|line| line.starts_with(needle))
            .unwrap()
    };
    let extra = line_of("(3) Subsection (1) does not apply");
    // The missing provision is reported at the line of the version's provision it would follow.
    let before = line_of("(1) A person who intentionally and without right damages");
    assert_eq!(
        out,
        format!(
            "{french}:{before}: warning: xlfr:sec_6__subsec_2 is missing: the original (xl) has this provision\n{french}:{extra}: warning: xlfr:sec_6__subsec_3 does not match the original (xl): it has no provision with this ID\n"
        )
    );
    assert!(
        err.contains("2 provisions' IDs do not match the original (xl)"),
        "{err}"
    );
    // The original itself, and a version whose IDs all match, check as ok.
    let english = data.path().join("instruments/xl.md");
    let (code, out, _) = crosswalk_in(data.path(), &["check", english.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("xl.md: ok (an instrument, xl, "), "{out}");
    std::fs::write(
        french,
        text.replace(
            "(3) Subsection (1) does not apply",
            "(2) Subsection (1) does not apply",
        ),
    )
    .unwrap();
    let (code, out, err) = crosswalk_in(data.path(), &["check", french]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": ok (a version of xl, "), "{out}");
    assert!(out.contains("every ID matches the original's)\n"), "{out}");
}
