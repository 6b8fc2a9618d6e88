//! CSV as spreadsheets read it (RFC 4180, written by the `csv` crate): fields with commas, quotes or
//! line breaks are quoted, quotes doubled, lines end in CRLF. A UTF-8 byte-order mark comes first by
//! default, without which Excel reads UTF-8 as the local code page.
//!
//! Cells that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return (OWASP's list), also after leading line breaks or spaces, which a spreadsheet
//! may trim — get a leading `'`. The header is the first row: pairs and notes share it; then, after
//! an empty row each, the safeguards matrix under its own header and the document's title,
//! selection and sources under `about,text`. A brief's questions come first, under their own
//! header (one row each). The XLSX export has the same tables as sheets.

use super::{Comparison, NoteView};
use crate::model::shipped;

/// A cell as written: formula triggers defused.
pub fn defuse(value: &str) -> String {
    let value = super::clean(value);
    let trimmed = value.trim_start_matches([' ', '\n', '\r']);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r'])
        || trimmed.starts_with(['=', '+', '-', '@', '\t'])
    {
        format!("'{value}")
    } else {
        value.into_owned()
    }
}

/// One CSV line (without the line break), quoted as needed and defused.
pub fn row<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let record: Vec<String> = fields.into_iter().map(defuse).collect();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(&record);
    let bytes = writer.into_inner().unwrap_or_default();
    let text = String::from_utf8(bytes).unwrap_or_default();
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

/// One field, quoted as needed and defused.
pub fn field(value: &str) -> String {
    row([value])
}

/// The header of pairs and notes.
pub const HEADER: [&str; 27] = [
    "kind",
    "pair",
    "uncc",
    "bc",
    "uncc_pinpoint",
    "bc_pinpoint",
    "relation",
    "theme",
    "similarity",
    "similarity_terms",
    "statement",
    "origin",
    "rationale",
    "evidence",
    "annotation_id",
    "note_number",
    "layer",
    "author",
    "created",
    "updated",
    "colour",
    "provision",
    "pinpoint",
    "quote",
    "note",
    "tags",
    "orphan",
];

/// The header of the safeguards matrix.
pub const MATRIX_HEADER: [&str; 5] = [
    "measure",
    "uncc_powers",
    "bc_powers",
    "uncc_safeguards",
    "bc_safeguards",
];

/// The header of a brief's questions.
pub const QUESTION_HEADER: [&str; 13] = [
    "question_id",
    "layer",
    "title",
    "question",
    "uncc_answer",
    "bc_answer",
    "absent",
    "uncc_cited",
    "bc_cited",
    "links",
    "notes",
    "sources",
    "evidence",
];

/// One row per question of a brief (its pairs follow under the pairs' header).
fn question_rows(rows: &mut Vec<Vec<String>>, brief: &super::brief::BriefPart) {
    for question in &brief.questions {
        let cited = |cites: &[super::brief::CitedView]| {
            cites
                .iter()
                .map(|c| format!("[{}] {} ({})", c.number, c.pinpoint, c.id))
                .collect::<Vec<_>>()
                .join("; ")
        };
        rows.push(vec![
            question.id.clone(),
            question.layer.clone(),
            question.title.clone(),
            question.question.clone(),
            question.answers.revision.clone(),
            question.answers.base.clone(),
            question.absent.join("\n"),
            cited(&question.cites.revision),
            cited(&question.cites.base),
            question
                .links
                .iter()
                .map(|l| l.statement.clone())
                .collect::<Vec<_>>()
                .join("; "),
            question
                .notes
                .iter()
                .map(|n| n.id.clone())
                .collect::<Vec<_>>()
                .join("; "),
            question
                .sources
                .iter()
                .map(|s| format!("{} ({})", s.view, s.source))
                .collect::<Vec<_>>()
                .join("\n"),
            evidence_cell(&question.evidence),
        ]);
    }
    rows.push(Vec::new());
}

fn evidence_cell(evidence: &[super::EvidenceView]) -> String {
    evidence
        .iter()
        .map(super::EvidenceView::cited)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A note's row (kind `annotation` or `link`) and one `reply` row per reply, under the pair `pair`.
fn note_rows(rows: &mut Vec<Vec<String>>, pair: [&str; 3], note: &NoteView) {
    let [anchor, uncc, bc] = pair;
    let kind = match note.kind {
        super::NoteKind::Annotation => "annotation",
        super::NoteKind::Link => "link",
    };
    let colour = match (&note.color_name, &note.color) {
        (Some(name), Some(hex)) => format!("{name} ({hex})"),
        _ => String::new(),
    };
    let quote = if note.whole_provision {
        String::new()
    } else {
        note.quote.clone()
    };
    let mut cells = vec![String::new(); HEADER.len()];
    let mut set = |column: &str, value: String| {
        if let Some(index) = HEADER.iter().position(|c| *c == column) {
            cells[index] = value;
        }
    };
    set("kind", kind.to_owned());
    set("pair", anchor.to_owned());
    set("uncc", uncc.to_owned());
    set("bc", bc.to_owned());
    set("relation", note.relation.clone());
    set("evidence", evidence_cell(&note.evidence));
    set("annotation_id", note.id.clone());
    set("note_number", note.number.to_string());
    set("layer", note.layer.clone());
    set("author", note.author.clone());
    set("created", note.created.clone());
    set("updated", note.updated.clone());
    set("colour", colour);
    set("provision", note.provision.clone());
    set("pinpoint", note.pinpoint.clone());
    set("quote", quote);
    set("note", super::normalised_lines(&note.note).join("\n"));
    set("tags", note.tags.join(";"));
    set("orphan", note.orphan.to_string());
    rows.push(cells);
    for reply in &note.replies {
        let mut cells = vec![String::new(); HEADER.len()];
        let mut set = |column: &str, value: String| {
            if let Some(index) = HEADER.iter().position(|c| *c == column) {
                cells[index] = value;
            }
        };
        set("kind", "reply".to_owned());
        set("pair", anchor.to_owned());
        set("annotation_id", note.id.clone());
        set("note_number", note.number.to_string());
        set("layer", note.layer.clone());
        set("author", reply.author.clone());
        set("created", reply.created.clone());
        set("provision", note.provision.clone());
        set("pinpoint", note.pinpoint.clone());
        set("note", super::normalised_lines(&reply.note).join("\n"));
        rows.push(cells);
    }
}

/// The header of the document's description: what it is, and the sources.
pub const ABOUT_HEADER: [&str; 2] = ["about", "text"];

/// The comparison as tables, for the CSV and the XLSX: pairs and their notes under [`HEADER`] (one
/// row per pair, per note and per reply; notes outside the selection under the pair `appendix`),
/// the matrix under [`MATRIX_HEADER`], and the title, selection and sources under [`ABOUT_HEADER`].
pub struct Tables {
    /// A brief's questions, under [`QUESTION_HEADER`].
    pub questions: Vec<Vec<String>>,
    pub rows: Vec<Vec<String>>,
    pub matrix: Vec<Vec<String>>,
    pub about: Vec<Vec<String>>,
}

pub fn tables(comparison: &Comparison) -> Tables {
    let mut questions: Vec<Vec<String>> = Vec::new();
    if let Some(brief) = &comparison.brief {
        question_rows(&mut questions, brief);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for section in &comparison.sections {
        let uncc = section.uncc_ids.join(";");
        let bc = section.bc_ids.join(";");
        let mut cells = vec![String::new(); HEADER.len()];
        // A provision with no counterpart has no similarity (not 0: nothing was compared).
        let similarity = |value: f64| {
            if section.only_in.is_some() {
                String::new()
            } else {
                format!("{value:.3}")
            }
        };
        let values = [
            "pair".to_owned(),
            section.anchor.clone(),
            uncc.clone(),
            bc.clone(),
            section.uncc_pinpoints.clone(),
            section.bc_pinpoints.clone(),
            section.relation.clone(),
            section.theme.clone(),
            similarity(section.similarity),
            similarity(section.similarity_terms),
            section.statement.clone(),
            section.origin.clone(),
            section.rationale.clone(),
            evidence_cell(&section.evidence),
        ];
        for (cell, value) in cells.iter_mut().zip(values) {
            *cell = value;
        }
        rows.push(cells);
        for note in &section.notes {
            note_rows(&mut rows, [&section.anchor, &uncc, &bc], note);
        }
    }
    for note in &comparison.appendix {
        note_rows(&mut rows, ["appendix", "", ""], note);
    }
    let matrix = comparison
        .matrix
        .iter()
        .map(|line| {
            vec![
                line.measure.clone(),
                line.powers.revision.clone(),
                line.powers.base.clone(),
                line.safeguards.revision.join(";"),
                line.safeguards.base.join(";"),
            ]
        })
        .collect();
    let mut about = vec![
        vec!["title".to_owned(), comparison.title.clone()],
        vec!["selection".to_owned(), comparison.intro()],
    ];
    about.extend(
        comparison
            .sources
            .iter()
            .map(|source| vec!["source".to_owned(), source.clone()]),
    );
    // The columns keep their names for every pair (they are the table's schema); for a pair other
    // than the two treaties, the table says which instrument each side's columns hold.
    if !comparison.sides.is_shipped() {
        about.extend(comparison.sides.0.iter().map(|(key, side)| {
            vec![
                format!("{} columns", shipped::prefix(key)),
                format!("{} ({})", side.prefix, side.heading),
            ]
        }));
    }
    Tables {
        questions,
        rows,
        matrix,
        about,
    }
}

/// The comparison for spreadsheets: the header of pairs and notes first (or the matrix's, when
/// that is all there is), then the matrix and the document's title, selection and sources, each
/// after an empty row under its own header.
pub fn render(comparison: &Comparison, bom: bool) -> Vec<u8> {
    let tables = tables(comparison);
    let mut lines: Vec<Vec<String>> = Vec::new();
    let header = |names: &[&str]| names.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let add = |lines: &mut Vec<Vec<String>>, names: &[&str], rows: Vec<Vec<String>>| {
        if !lines.is_empty() {
            lines.push(Vec::new());
        }
        lines.push(header(names));
        lines.extend(rows);
    };
    if !tables.questions.is_empty() {
        add(&mut lines, &QUESTION_HEADER, tables.questions);
    }
    if !tables.rows.is_empty() {
        add(&mut lines, &HEADER, tables.rows);
    }
    if !tables.matrix.is_empty() {
        add(&mut lines, &MATRIX_HEADER, tables.matrix);
    }
    add(&mut lines, &ABOUT_HEADER, tables.about);
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{FEFF}".as_bytes());
    }
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    // Writing to a Vec cannot fail.
    for record in lines {
        if record.is_empty() {
            let _ = writer.write_record([""]);
            continue;
        }
        let _ = writer.write_record(record.iter().map(|cell| defuse(cell)));
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("\t=1+1"), "'\t=1+1");
        assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(field("-2"), "'-2");
        assert_eq!(row(["a", "b,c"]), "a,\"b,c\"");
        assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(field("\n=1+1"), "\"'\n=1+1\"");
        assert_eq!(field("  @SUM(A1)"), "'  @SUM(A1)");
    }
}
