//! `crosswalk annotations FILE`: the annotations and links of a layer file, as CSV or JSON.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::ListFormat;
use crosswalk::annotations::{self, Annotation, AnnotationFile, LinkAnnotation};
use crosswalk::export::csv;
use crosswalk::model::Library;

/// The CSV columns; annotations and links share them, each leaving empty what does not apply.
const CSV_HEADER: [&str; 13] = [
    "kind",
    "id",
    "provision",
    "pinpoint",
    "quote",
    "note",
    "tags",
    "relation",
    "ends",
    "author",
    "created",
    "updated",
    "orphan",
];

pub fn command(
    library: &Library,
    path: &Path,
    format: ListFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let mut file = AnnotationFile::load(path)?;
    file.sort();
    match format {
        ListFormat::Json => write_json(library, &file, out),
        ListFormat::Csv => write_csv(library, &file, out),
    }
}

/// A provision's pinpoint, or "(orphan)" when the texts no longer have it.
fn pinpoint(library: &Library, id: &str) -> String {
    library
        .get(id)
        .map_or_else(|| "(orphan)".to_owned(), |node| node.pinpoint.clone())
}

fn write_json(library: &Library, file: &AnnotationFile, out: &mut dyn Write) -> Result<()> {
    let annotations: Vec<_> = file
        .annotations
        .iter()
        .map(|a| {
            serde_json::json!({
                "id": a.id, "provision": a.anchor.provision, "pinpoint": pinpoint(library, &a.anchor.provision),
                "quote": a.anchor.quote, "note": a.note, "tags": a.tags, "color": a.color, "author": a.author,
                "created": a.created, "updated": a.updated, "replies": a.replies.len(),
                "orphan": annotations::resolve(&a.anchor, library).is_orphan(),
            })
        })
        .collect();
    let links: Vec<_> = file
        .links
        .iter()
        .map(|l| {
            serde_json::json!({
                "id": l.id, "relation": l.relation.to_string(), "ends": l.ends.iter().map(|e| &e.provision).collect::<Vec<_>>(),
                "tags": l.tags, "note": l.note, "author": l.author, "created": l.created,
            })
        })
        .collect();
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(
            &serde_json::json!({ "name": file.name, "annotations": annotations, "links": links })
        )?
    )?;
    Ok(())
}

fn write_csv(library: &Library, file: &AnnotationFile, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}", csv::row(CSV_HEADER.iter().copied()))?;
    for a in &file.annotations {
        writeln!(out, "{}", annotation_row(library, a))?;
    }
    for l in &file.links {
        writeln!(out, "{}", link_row(library, l))?;
    }
    Ok(())
}

fn annotation_row(library: &Library, a: &Annotation) -> String {
    let orphan = annotations::resolve(&a.anchor, library)
        .is_orphan()
        .to_string();
    let tags = a.tags.join(";");
    let fields = [
        "annotation",
        &a.id,
        &a.anchor.provision,
        &pinpoint(library, &a.anchor.provision),
        &a.anchor.quote,
        &a.note,
        &tags,
        "",
        "",
        &a.author,
        &a.created,
        &a.updated,
        &orphan,
    ];
    csv::row(fields.iter().map(|f| &**f))
}

/// A link's row: its first end stands in the provision column, every end in `ends`; it is an orphan
/// when any end is.
fn link_row(library: &Library, l: &LinkAnnotation) -> String {
    let ends = l
        .ends
        .iter()
        .map(|e| e.provision.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let first = l
        .ends
        .first()
        .map_or(String::new(), |e| e.provision.to_string());
    let orphan = l
        .ends
        .iter()
        .any(|e| annotations::resolve(e, library).is_orphan())
        .to_string();
    let tags = l.tags.join(";");
    let relation = l.relation.to_string();
    let fields = [
        "link",
        &l.id,
        &first,
        &pinpoint(library, &first),
        "",
        &l.note,
        &tags,
        &relation,
        &ends,
        &l.author,
        &l.created,
        &l.updated,
        &orphan,
    ];
    csv::row(fields.iter().map(|f| &**f))
}
