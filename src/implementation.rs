//! The implementation table: every article of a treaty, and every paragraph that obliges ("shall"), with
//! the provisions of another instrument (a national law, a bill) most like it and their scores — and,
//! from a layer, what a reviewer decided: the relation, the note and the evidence of each link from the
//! obligation to the instrument. One model, printed as CSV, JSON, HTML, Markdown or
//! an XLSX workbook.
//!
//! The counterparts are the suggestions of [`crate::suggest`] on the library that puts the treaty and
//! the instrument on its two sides ([`Library::pair`]).
//!
//! A reviewer's decisions live in their layer: a confirmed or chosen counterpart is a link from the
//! obligation to the instrument's provision ([`counterpart_link`]), and "no counterpart" is a note on
//! the obligation tagged [`no_counterpart_tag`] for that instrument ([`no_counterpart_note`]); the table
//! reads both back, so the window and `crosswalk implementation --layer` show the same decisions.

use serde::Serialize;

use crate::annotations::{
    Annotation, AnnotationFile, LinkAnnotation, LinkDraft, LinkRelation, NoteDraft,
};
use crate::diff::Normaliser;
use crate::model::{Kind, Library, NodeIx, ProvisionId, Side, shipped};
use crate::suggest::{Suggestion, SuggestionIndex};

/// A suggested (or linked) provision of the instrument.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterpart {
    pub id: String,
    pub pinpoint: String,
    pub heading: String,
    /// TF-IDF cosine (0–1); none for a provision only a layer's link names.
    pub score: Option<f64>,
    /// Whether a link of the layer names it.
    pub linked: bool,
}

/// One exact quote that backs a decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    pub provision: String,
    pub quote: String,
}

/// One obligation of the treaty with its counterparts and the decision recorded about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub id: String,
    pub pinpoint: String,
    /// The article's heading ("Illegal access").
    pub heading: String,
    /// "article", or "paragraph" for a paragraph that obliges.
    pub level: &'static str,
    /// The obliging words of a paragraph (its full text); empty for an article row.
    pub text: String,
    pub counterparts: Vec<Counterpart>,
    /// From the layer's links, each once, in the layer's order ("Corresponds", "Partial"); empty without.
    pub relation: String,
    pub note: String,
    pub evidence: Vec<Quote>,
    /// Whether the layer records that the instrument has no counterpart ([`no_counterpart_tag`]).
    pub no_counterpart: bool,
}

/// The relation cell of an obligation the layer marks as having no counterpart.
pub const NO_COUNTERPART: &str = "No counterpart";

/// The tag of a note that records that `instrument` (a prefix) has no counterpart of the obligation it
/// is on: `implementation/no-counterpart/ke`.
pub fn no_counterpart_tag(instrument: &str) -> String {
    format!("implementation/no-counterpart/{instrument}")
}

/// The tag every link and note a decision makes carries, so a reviewer can filter them.
pub const DECISION_TAG: &str = "implementation";

/// The note that records "no counterpart" for the obligation `obligation` in the instrument
/// `instrument` (named `instrument_name` in the note's words).
pub fn no_counterpart_note(
    obligation: &ProvisionId,
    instrument: &str,
    instrument_name: &str,
) -> NoteDraft {
    NoteDraft {
        provision: obligation.clone(),
        quote: String::new(),
        quote_at: None,
        note: format!("No counterpart in the {instrument_name}."),
        tags: vec![DECISION_TAG.to_owned(), no_counterpart_tag(instrument)],
        color: None,
    }
}

/// The link that records `counterpart` (a provision of the instrument) as implementing `obligation`.
pub fn counterpart_link(obligation: &ProvisionId, counterpart: &ProvisionId) -> LinkDraft {
    LinkDraft {
        ends: vec![obligation.clone(), counterpart.clone()],
        relation: LinkRelation::Corresponds,
        note: String::new(),
        tags: vec![DECISION_TAG.to_owned()],
    }
}

/// The table for one treaty and one instrument.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImplementationTable {
    pub treaty: String,
    pub treaty_name: String,
    pub instrument: String,
    pub instrument_name: String,
    pub rows: Vec<Row>,
}

/// How many suggested counterparts each obligation lists unless asked otherwise.
pub const DEFAULT_TOP: usize = 3;

/// Whether a text obliges: it has the word "shall".
fn obliges(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .any(|word| word.eq_ignore_ascii_case("shall"))
}

/// Builds the table of `treaty` against the loaded instrument `instrument`, with `top` suggestions per
/// obligation and the decisions of `layer`, if given. None when the instrument is not loaded.
pub fn build(
    library: &Library,
    treaty: Side,
    instrument: &str,
    layer: Option<&AnnotationFile>,
    normaliser: &Normaliser,
    top: usize,
) -> Option<ImplementationTable> {
    let pair = library.pair(shipped::prefix(treaty), instrument)?;
    let index = SuggestionIndex::new(&pair, normaliser);
    let source = pair.treaty(Side::Revision);
    let other = pair.treaty(Side::Base);
    let rows = obligations(&pair)
        .into_iter()
        .map(|ix| {
            let node = source.node(ix);
            let suggestions = index.suggest(&pair, &node.id, top);
            let mut row = Row {
                id: node.id.to_string(),
                pinpoint: node.pinpoint.clone(),
                heading: source
                    .article_of(ix)
                    .and_then(|article| source.node(article).heading.clone())
                    .unwrap_or_default(),
                level: if node.kind == Kind::Article {
                    "article"
                } else {
                    "paragraph"
                },
                text: if node.kind == Kind::Article {
                    String::new()
                } else {
                    source.full_text(ix)
                },
                counterparts: suggestions
                    .into_iter()
                    .filter(|s| s.score > 0.0)
                    .map(suggested)
                    .collect(),
                relation: String::new(),
                note: String::new(),
                evidence: Vec::new(),
                no_counterpart: false,
            };
            if let Some(layer) = layer {
                apply_decisions(&mut row, layer, &pair, instrument);
            }
            row
        })
        .collect();
    Some(ImplementationTable {
        treaty: shipped::prefix(treaty).to_owned(),
        treaty_name: source.info.short_name.clone(),
        instrument: instrument.to_owned(),
        instrument_name: other.info.short_name.clone(),
        rows,
    })
}

fn suggested(suggestion: Suggestion) -> Counterpart {
    Counterpart {
        id: suggestion.id,
        pinpoint: suggestion.pinpoint,
        heading: suggestion.heading,
        score: Some(suggestion.score),
        linked: false,
    }
}

/// The treaty's articles and obliging paragraphs (on the first side of `pair`), in document order.
fn obligations(pair: &Library) -> Vec<NodeIx> {
    let treaty = pair.treaty(Side::Revision);
    (0..treaty.nodes.len())
        .filter(|&ix| {
            let node = treaty.node(ix);
            node.kind == Kind::Article
                || (node.kind == Kind::Paragraph && obliges(&treaty.full_text(ix)))
        })
        .collect()
}

/// The links of `layer` between the obligation `obligation` and a provision of `instrument`: the
/// decisions the table reads, and the one the window's Change replaces.
pub fn decision_links<'a>(
    layer: &'a AnnotationFile,
    obligation: &'a str,
    instrument: &'a str,
) -> impl Iterator<Item = &'a LinkAnnotation> {
    layer.links.iter().filter(move |link| {
        let ends = || link.ends.iter().map(|end| &end.provision);
        ends().any(|end| end == obligation) && ends().any(|end| end.instrument() == instrument)
    })
}

/// The layer's notes that record "no counterpart" of `obligation` in `instrument`.
pub fn no_counterpart_notes<'a>(
    layer: &'a AnnotationFile,
    obligation: &'a str,
    instrument: &'a str,
) -> impl Iterator<Item = &'a Annotation> {
    let marker = no_counterpart_tag(instrument);
    (layer.annotations.iter())
        .filter(move |note| note.anchor.provision == obligation && note.tags.contains(&marker))
}

/// The layer's links between this obligation and the instrument (relation, note, evidence, and their
/// ends in the instrument as linked counterparts), and its notes on the obligation itself.
fn apply_decisions(row: &mut Row, layer: &AnnotationFile, pair: &Library, instrument: &str) {
    let mut relations: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let obligation = row.id.clone();
    for link in decision_links(layer, &obligation, instrument) {
        let in_instrument = link
            .ends
            .iter()
            .filter(|end| end.provision.instrument() == instrument);
        push_once(&mut relations, link.relation.to_string());
        push_once(&mut notes, link.note.clone());
        for end in in_instrument {
            mark_linked(row, pair, &end.provision);
        }
        row.evidence
            .extend(link.evidence.iter().map(|evidence| Quote {
                provision: evidence.provision.to_string(),
                quote: evidence.quote.clone(),
            }));
    }
    let marker = no_counterpart_tag(instrument);
    for annotation in layer
        .annotations
        .iter()
        .filter(|a| a.anchor.provision == row.id)
    {
        if annotation.tags.contains(&marker) {
            row.no_counterpart = true;
            push_once(&mut relations, NO_COUNTERPART.to_owned());
        }
        push_once(&mut notes, annotation.note.clone());
    }
    row.relation = relations.join("; ");
    row.note = notes.join(" ");
}

fn push_once(list: &mut Vec<String>, value: String) {
    if !value.is_empty() && !list.contains(&value) {
        list.push(value);
    }
}

/// Marks a counterpart as linked, adding it where the suggestions did not have it.
fn mark_linked(row: &mut Row, pair: &Library, id: &str) {
    if let Some(found) = row.counterparts.iter_mut().find(|c| c.id == id) {
        found.linked = true;
        return;
    }
    let node = pair.get(id);
    row.counterparts.push(Counterpart {
        id: id.to_owned(),
        pinpoint: node.map_or_else(|| id.to_owned(), |n| n.pinpoint.clone()),
        heading: node.and_then(|n| n.heading.clone()).unwrap_or_default(),
        score: None,
        linked: true,
    });
}

/// The counterparts cell: "s. 4 Unauthorised access (0.61, linked); s. 5 … (0.30)".
pub fn counterparts_cell(row: &Row) -> String {
    row.counterparts
        .iter()
        .map(|c| {
            let mut facts: Vec<String> = c.score.iter().map(|s| format!("{s:.2}")).collect();
            if c.linked {
                facts.push("linked".into());
            }
            let heading = if c.heading.is_empty() {
                String::new()
            } else {
                format!(" {}", c.heading)
            };
            format!("{} [{}]{heading} ({})", c.pinpoint, c.id, facts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The evidence cell: "“quote” (ID); …".
pub fn evidence_cell(row: &Row) -> String {
    row.evidence
        .iter()
        .map(|e| format!("“{}” ({})", e.quote, e.provision))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The columns every tabular printer writes, in order.
pub const COLUMNS: [&str; 8] = [
    "obligation",
    "pinpoint",
    "heading",
    "obliging text",
    "national provisions",
    "relation",
    "note",
    "evidence",
];

/// A row's cells in [`COLUMNS`] order.
pub fn cells(row: &Row) -> [String; 8] {
    [
        row.id.clone(),
        row.pinpoint.clone(),
        row.heading.clone(),
        row.text.clone(),
        counterparts_cell(row),
        row.relation.clone(),
        row.note.clone(),
        evidence_cell(row),
    ]
}

/// The formats the table is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TableFormat {
    #[default]
    Csv,
    Json,
    Html,
    Markdown,
    Xlsx,
    Docx,
}

impl TableFormat {
    pub const ALL: [TableFormat; 6] = [
        TableFormat::Csv,
        TableFormat::Json,
        TableFormat::Html,
        TableFormat::Markdown,
        TableFormat::Xlsx,
        TableFormat::Docx,
    ];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Json => "json",
            TableFormat::Html => "html",
            TableFormat::Markdown => "md",
            TableFormat::Xlsx => "xlsx",
            TableFormat::Docx => "docx",
        }
    }

    /// The format's name in a choice list.
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Csv => "CSV",
            TableFormat::Json => "JSON",
            TableFormat::Html => "HTML",
            TableFormat::Markdown => "Markdown",
            TableFormat::Xlsx => "Excel workbook (XLSX)",
            TableFormat::Docx => "Word document (DOCX)",
        }
    }

    /// Whether the format is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, TableFormat::Xlsx | TableFormat::Docx)
    }
}

/// Why the table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("writing the CSV table: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the JSON table: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The table's bytes in `format`: the one dispatch the command line and the window share.
pub fn render(table: &ImplementationTable, format: TableFormat) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        TableFormat::Csv => to_csv(table)?,
        TableFormat::Json => (to_json(table)? + "\n").into_bytes(),
        TableFormat::Html => to_html(table).into_bytes(),
        TableFormat::Markdown => to_markdown(table).into_bytes(),
        TableFormat::Xlsx => to_xlsx(table)?,
        TableFormat::Docx => to_docx(table),
    })
}

/// The table as CSV (RFC 4180, header first).
pub fn to_csv(table: &ImplementationTable) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for row in &table.rows {
        writer.write_record(cells(row))?;
    }
    writer
        .into_inner()
        .map_err(|error| error.into_error().into())
}

/// The table as pretty JSON.
pub fn to_json(table: &ImplementationTable) -> serde_json::Result<String> {
    serde_json::to_string_pretty(table)
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The table's title: "Implementation of the … in the …".
pub fn title(table: &ImplementationTable) -> String {
    format!(
        "Implementation of the {} in the {}",
        table.treaty_name, table.instrument_name
    )
}

/// The table as an XLSX workbook: one sheet, "Implementation", with the [`COLUMNS`] as a frozen,
/// filterable header row and the cells as wrapped text (never formulas); same table, same bytes.
pub fn to_xlsx(table: &ImplementationTable) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let rows = table.rows.iter().map(|row| cells(row).to_vec()).collect();
    crate::export::xlsx::workbook(&title(table), [("Implementation", &COLUMNS[..], rows)])
}

/// The table as a Word document: the title as a heading over one table with the [`COLUMNS`] as a
/// header row repeated on every page, on landscape A4; same table, same bytes.
pub fn to_docx(table: &ImplementationTable) -> Vec<u8> {
    let rows: Vec<Vec<String>> = table.rows.iter().map(|row| cells(row).to_vec()).collect();
    // The obliging text and the national provisions are long; IDs, pinpoints and relations short.
    let weights = [4, 3, 4, 9, 6, 3, 5, 4];
    let columns: Vec<(&str, u32)> = COLUMNS.into_iter().zip(weights).collect();
    crate::export::docx::table_document(&title(table), &columns, &rows)
}

/// The table as a self-contained HTML page, every cell escaped.
pub fn to_html(table: &ImplementationTable) -> String {
    let title = title(table);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{0}</title>\n<style>table{{border-collapse:collapse}}td,th{{border:1px solid #555;padding:4px;vertical-align:top;text-align:left}}</style></head>\n<body>\n<h1>{0}</h1>\n<table>\n<thead><tr>",
        escape_html(&title)
    );
    for column in COLUMNS {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape_html(column)));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        html.push_str("<tr>");
        for cell in cells(row) {
            html.push_str(&format!(
                "<td>{}</td>",
                escape_html(&cell).replace('\n', "<br>")
            ));
        }
        html.push_str("</tr>\n");
    }
    html + "</tbody>\n</table>\n</body>\n</html>\n"
}

/// A Markdown table cell: pipes escaped, line breaks as `<br>`, HTML-like text escaped.
fn markdown_cell(text: &str) -> String {
    escape_html(text).replace('|', "\\|").replace('\n', "<br>")
}

/// The table as a Markdown (GitHub-flavoured) table under a title.
pub fn to_markdown(table: &ImplementationTable) -> String {
    let mut md = format!(
        "# {}\n\n| {} |\n|{}\n",
        markdown_cell(&title(table)),
        COLUMNS.join(" | "),
        " --- |".repeat(COLUMNS.len())
    );
    for row in &table.rows {
        let cells: Vec<String> = cells(row).iter().map(|c| markdown_cell(c)).collect();
        md.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obliging_words_are_found_as_words() {
        assert!(obliges("Each State Party shall adopt"));
        assert!(obliges("Shall."));
        assert!(!obliges("marshall the evidence"));
        assert!(!obliges("may adopt"));
    }
}
