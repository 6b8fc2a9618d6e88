//! Every view reads the same links and anchors: a note is exported where its anchor resolves (not where
//! its quote first occurs), and a link made by a user reaches every export format with its relation and
//! note. Each format is read back as a reader would see it (tags stripped, PDF text extracted, DOCX
//! document part unpacked), so the checks hold whatever markup a printer chooses.

use std::path::{Path, PathBuf};
use std::process::Command;

const FORMATS: [&str; 5] = ["html", "md", "docx", "pdf", "csv"];

/// UN Art. 7(2) names "information and communications technology system" twice; the layer's note is
/// anchored on the second one (character offsets 271..319).
const SECOND_OCCURRENCE_LAYER: &str = r#"(
    schema: 1,
    name: "Second",
    annotations: [
        (
            id: "s1",
            anchor: (provision: "uncc:art_7__para_2", quote: "information and communications technology system", start: 271, end: 319),
            note: "On the connected system.",
        ),
    ],
)
"#;

/// A user's own pairing across the treaties and a link inside one treaty.
const USER_LINKS_LAYER: &str = r#"(
    schema: 1,
    name: "Mine",
    annotations: [],
    links: [
        (
            id: "l-pair",
            ends: [(provision: "uncc:art_16"), (provision: "bc:art_9")],
            relation: Contradicts,
            note: "My own pairing of the image offences.",
        ),
        (
            id: "l-inside",
            ends: [(provision: "uncc:art_24__para_1"), (provision: "uncc:art_28__para_4")],
            relation: SafeguardFor,
            note: "Proportionality governs compelled assistance.",
        ),
    ],
)
"#;

fn write_layer(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("layer written");
    path
}

/// Runs `crosswalk export` and returns what a reader of the file sees, as plain text.
fn export_as_text(dir: &Path, format: &str, select: &str, layer: &Path) -> String {
    let output = dir.join(format!("out.{format}"));
    let status = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args([
            "export",
            "--format",
            format,
            "--select",
            select,
            "--annotations",
        ])
        .arg(layer)
        .arg("-o")
        .arg(&output)
        .output()
        .expect("crosswalk runs");
    assert!(
        status.status.success(),
        "export {format} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = match format {
        "pdf" => pdf_text(&output),
        "docx" => docx_text(&output),
        "html" => strip_tags(&std::fs::read_to_string(&output).expect("html")),
        _ => std::fs::read_to_string(&output).expect("text export"),
    };
    normalise(&text)
}

fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; .ci/run installs it");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of a DOCX — document body, then comments and footnotes — with each comment range's end in
/// the body shown as ⟧.
fn docx_text(path: &Path) -> String {
    let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor part in ['word/document.xml', 'word/comments.xml', 'word/footnotes.xml', 'word/endnotes.xml']:\n    if part in z.namelist(): sys.stdout.write(z.read(part).decode('utf-8'))";
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python3 is installed; .ci/run installs it");
    assert!(output.status.success(), "not a DOCX package");
    let xml = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(open) = rest.find('<') {
        text.push_str(&unescape(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close + 1];
        if tag.starts_with("<w:commentRangeEnd") {
            text.push('⟧');
        } else if tag.starts_with("</w:p>") || tag.starts_with("<w:tab") {
            text.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    text
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    unescape(&text)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Markdown escapes and emphasis removed, whitespace collapsed: the words as read.
fn normalise(text: &str) -> String {
    let text = text.replace("\\[", "[").replace("\\]", "]");
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '~' | '\\'))
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_note_on_the_second_occurrence_is_marked_there_in_every_format() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let layer = write_layer(dir.path(), "second.ron", SECOND_OCCURRENCE_LAYER);
    // Compared without spaces: where a printer puts a space before a note number is its own affair.
    let phrase = "informationandcommunicationstechnologysystem";
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    for format in ["html", "md", "pdf"] {
        let text = squeeze(&export_as_text(
            dir.path(),
            format,
            "pairs=uncc:art_7",
            &layer,
        ));
        // The note's number follows the second occurrence, which ends the sentence; after the first
        // one the sentence goes on ("that is connected to another …").
        assert!(
            text.contains(&format!("{phrase}[1].")),
            "{format}: the note is not on the second occurrence:\n{text}"
        );
        assert!(
            !text.contains(&format!("{phrase}[1]that")),
            "{format}: the note is on the first occurrence"
        );
    }
    let docx = squeeze(&export_as_text(
        dir.path(),
        "docx",
        "pairs=uncc:art_7",
        &layer,
    ));
    assert!(
        docx.contains(&format!("{phrase}⟧")) && !docx.contains(&format!("{phrase}⟧that")),
        "docx: the comment does not end on the second occurrence:\n{docx}"
    );
    let csv = export_as_text(dir.path(), "csv", "pairs=uncc:art_7", &layer);
    assert!(
        csv.contains("On the connected system."),
        "csv lists the note"
    );
}

#[test]
fn user_links_reach_every_export_format_with_relation_and_note() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let layer = write_layer(dir.path(), "mine.ron", USER_LINKS_LAYER);
    for format in FORMATS {
        // The user's pairing of UN Art. 16 with Budapest Art. 9 is a pair of its own.
        let text = export_as_text(dir.path(), format, "pairs=uncc:art_16", &layer);
        for expected in ["Contradicts", "My own pairing of the image offences."] {
            assert!(text.contains(expected), "{format}: {expected:?} missing");
        }
        // A link inside one treaty is listed with the pairs it touches, its direction in words.
        let text = export_as_text(dir.path(), format, "pairs=uncc:art_28__para_4", &layer);
        for expected in [
            "SafeguardFor",
            "UN Art. 24(1) is a safeguard for UN Art. 28(4)",
            "Proportionality governs compelled assistance.",
        ] {
            assert!(text.contains(expected), "{format}: {expected:?} missing");
        }
    }
}

#[test]
fn pairs_lists_user_links_with_their_origin_and_direction() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let layer = write_layer(dir.path(), "mine.ron", USER_LINKS_LAYER);
    let output = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(["pairs", "--format", "json", "--annotations"])
        .arg(&layer)
        .output()
        .expect("crosswalk runs");
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let links = json["links"].as_array().expect("links");
    let mine = links
        .iter()
        .find(|link| link["origin"]["id"] == "l-pair")
        .expect("the user's pair is listed");
    assert_eq!(mine["relation"], "Contradicts");
    assert_eq!(mine["origin"]["layer"], "Mine");
    assert_eq!(mine["statement"], "UN Art. 16 contradicts Budapest Art. 9");
    // A link inside one treaty is not a pair: pair view and `pairs` list only links across the treaties.
    assert!(links.iter().all(|link| link["origin"]["id"] != "l-inside"));
}
