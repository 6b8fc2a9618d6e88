//! DOCX written as plain Office Open XML in a stored ZIP: pinpoints as headings, a differences table
//! up front, a two-column table per pair with deletions struck through and insertions underlined,
//! and user notes as real Word comments on the words they quote.

use std::fmt::Write;

use std::ops::Range;

use crate::model::TreatyKey;

use super::{Comparison, Segment, cut_segments, percent, zip};
use crate::diff::Change;

/// Escapes text for XML; drops characters XML 1.0 cannot carry.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn run(text: &str, properties: &str) -> String {
    let props = if properties.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{properties}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(text)
    )
}

fn paragraph(style: Option<&str>, runs: &str) -> String {
    let props = style.map_or(String::new(), |s| {
        format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
    });
    format!("<w:p>{props}{runs}</w:p>")
}

fn change_properties(change: Change) -> &'static str {
    match change {
        Change::Equal => "",
        Change::Deleted => "<w:strike/><w:color w:val=\"B71C1C\"/>",
        Change::Inserted => "<w:u w:val=\"single\"/><w:color w:val=\"1B5E20\"/>",
        Change::Equivalent => "<w:color w:val=\"808080\"/>",
    }
}

/// A comment's body: the quote, the note's lines, its tags.
fn comment_paragraphs(note: &super::NoteView) -> String {
    let quote = if note.quote.is_empty() {
        String::new()
    } else {
        format!("“{}” — ", note.quote)
    };
    let tags = if note.tags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", note.tags.join(", "))
    };
    let mut lines: Vec<&str> = note.note.lines().collect();
    if lines.is_empty() {
        lines.push("");
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let text = if i == 0 {
                format!("{quote}{line}{tags}")
            } else {
                (*line).to_owned()
            };
            paragraph(None, &run(&text, ""))
        })
        .collect()
}

/// The runs of a sentence with comment ranges (byte range of the sentence text, comment ID) opened
/// and closed exactly at their words; runs are split where a range starts or ends.
fn segment_runs_with_comments(segments: &[Segment], marks: &[(Range<usize>, u32)]) -> String {
    let mut points: Vec<usize> = marks.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
    points.sort_unstable();
    points.dedup();
    let boundary = |out: &mut String, at: usize| {
        for (_, id) in marks.iter().filter(|(r, _)| r.end == at) {
            let _ = write!(
                out,
                "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
            );
        }
        for (_, id) in marks.iter().filter(|(r, _)| r.start == at) {
            let _ = write!(out, "<w:commentRangeStart w:id=\"{id}\"/>");
        }
    };
    let mut out = String::new();
    let mut end = 0;
    for (range, text, change) in cut_segments(segments, &points) {
        boundary(&mut out, range.start);
        out.push_str(&run(text, change_properties(change)));
        end = range.end;
    }
    boundary(&mut out, end);
    out
}

fn cell(content: &str, width: u32) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
}

fn table(rows: &[String], widths: &[u32]) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/><w:left w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/><w:right w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/>\
</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

fn row(cells: &[String], header: bool) -> String {
    let props = if header {
        "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
    } else {
        "<w:trPr><w:cantSplit/></w:trPr>"
    };
    format!("<w:tr>{props}{}</w:tr>", cells.concat())
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

pub fn render(comparison: &Comparison) -> Vec<u8> {
    let mut body = String::new();
    let mut comments = String::new();
    let mut comment_id = 0u32;
    body.push_str(&paragraph(Some("Title"), &run(&comparison.title, "")));
    let intro = comparison.intro();
    body.push_str(&paragraph(None, &run(&intro, "")));
    for source in &comparison.sources {
        body.push_str(&paragraph(None, &run(source, "<w:sz w:val=\"18\"/>")));
    }
    if !comparison.sections.is_empty() {
        let legend = "Legend: struck through = only in the Budapest Convention; underlined = only in the UN Convention; grey = equivalent terms.";
        body.push_str(&paragraph(None, &run(legend, "<w:i/><w:sz w:val=\"18\"/>")));
        body.push_str(&paragraph(Some("Heading1"), &run("Differences table", "")));
        let header = row(
            &["Pair", "Relation", "Similarity", "Notes", "Tags"]
                .map(|h| cell(&paragraph(None, &run(h, "<w:b/>")), 1800)),
            true,
        );
        let mut rows = vec![header];
        for section in &comparison.sections {
            let tags: std::collections::BTreeSet<&str> = section
                .notes
                .iter()
                .flat_map(|n| n.tags.iter().map(String::as_str))
                .collect();
            let cells = [
                section.title(),
                format!("{} ({})", section.relation, section.theme),
                format!(
                    "{} / {} with terms",
                    percent(section.similarity),
                    percent(section.similarity_terms)
                ),
                section.notes.len().to_string(),
                tags.into_iter().collect::<Vec<_>>().join(", "),
            ]
            .map(|text| cell(&paragraph(None, &run(&text, "<w:sz w:val=\"18\"/>")), 1800));
            rows.push(row(&cells, false));
        }
        body.push_str(&table(&rows, &[2600, 1800, 1600, 900, 2400]));
    }
    for section in &comparison.sections {
        body.push_str(&paragraph(Some("Heading2"), &run(&section.title(), "")));
        let meta = section.meta_line();
        body.push_str(&paragraph(None, &run(&meta, "<w:sz w:val=\"18\"/>")));
        body.push_str(&paragraph(None, &run(&section.rationale, "<w:i/>")));
        let header = row(
            &[
                format!(
                    "UN Convention against Cybercrime, {}",
                    section.uncc_pinpoints
                ),
                format!("Budapest Convention, {}", section.bc_pinpoints),
            ]
            .map(|h| cell(&paragraph(None, &run(&h, "<w:b/>")), 4650)),
            true,
        );
        let mut rows = vec![header];
        let placements = section.note_placements();
        for (row_index, view) in section.rows.iter().enumerate() {
            let mut sides = Vec::new();
            for (side, pinpoint, segments) in [
                (TreatyKey::Uncc, &view.uncc_pinpoint, &view.uncc),
                (TreatyKey::Bc, &view.bc_pinpoint, &view.bc),
            ] {
                let mut content = run(
                    &format!("{pinpoint} "),
                    "<w:color w:val=\"666666\"/><w:sz w:val=\"16\"/>",
                );
                let mut marks = Vec::new();
                for placement in placements
                    .iter()
                    .filter(|p| p.row == row_index && p.side == side)
                {
                    comment_id += 1;
                    marks.push((placement.range.clone(), comment_id));
                    let note = &section.notes[placement.note];
                    let _ = write!(
                        comments,
                        "<w:comment w:id=\"{comment_id}\" w:author=\"{}\" w:initials=\"{}\">{}</w:comment>",
                        escape(&note.author),
                        escape(
                            &note
                                .author
                                .chars()
                                .next()
                                .map(String::from)
                                .unwrap_or_default()
                        ),
                        comment_paragraphs(note)
                    );
                }
                content.push_str(&segment_runs_with_comments(segments, &marks));
                sides.push(cell(&paragraph(None, &content), 4650));
            }
            rows.push(row(&sides, false));
        }
        body.push_str(&table(&rows, &[4650, 4650]));
    }
    if !comparison.matrix.is_empty() {
        body.push_str(&paragraph(Some("Heading1"), &run("Safeguards matrix", "")));
        let header = row(
            &["Power or measure", "UN Convention", "Budapest Convention"]
                .map(|h| cell(&paragraph(None, &run(h, "<w:b/>")), 3100)),
            true,
        );
        let mut rows = vec![header];
        for line in &comparison.matrix {
            let list = |index: TreatyKey| {
                if line.safeguards[index].is_empty() {
                    "none linked".to_owned()
                } else {
                    line.safeguards[index].join(", ")
                }
            };
            let cells = [
                line.measure.clone(),
                list(TreatyKey::Uncc),
                list(TreatyKey::Bc),
            ]
            .map(|text| cell(&paragraph(None, &run(&text, "")), 3100));
            rows.push(row(&cells, false));
        }
        body.push_str(&table(&rows, &[3100, 3100, 3100]));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let comments_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments {NS}>{comments}</w:comments>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}>\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"20\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"80\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"30\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"26\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>\
</Types>";
    let root_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";
    let document_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/>\
</Relationships>";
    zip::archive(&[
        ("[Content_Types].xml", content_types.as_bytes().to_vec()),
        ("_rels/.rels", root_rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        ("word/styles.xml", styles.into_bytes()),
        ("word/comments.xml", comments_xml.into_bytes()),
        (
            "word/_rels/document.xml.rels",
            document_rels.as_bytes().to_vec(),
        ),
    ])
}
