//! `crosswalk search QUERY`: matches in both treaties (and in the notes of annotation files), counted
//! per treaty and listed with their pinpoints.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::{Format, load_layers, parse_treaty_key};
use crosswalk::annotations;
use crosswalk::model::{Library, ProvisionId, TreatyKey};
use crosswalk::search::{self, Field, NoteHit, SearchHit, SearchIndex};

/// What `crosswalk search` looks for, and where.
struct SearchRequest<'a> {
    query: &'a str,
    only: Option<TreatyKey>,
    layers: &'a [annotations::Layer],
}

/// The matches of a search, in the treaties' texts and in the layers' notes.
struct Found {
    hits: Vec<SearchHit>,
    note_hits: Vec<NoteHit>,
}

pub fn command(
    library: &Library,
    query: &str,
    treaty: Option<&str>,
    annotation_files: &[PathBuf],
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let only = treaty.map(parse_treaty_key).transpose()?;
    let layers = load_layers(annotation_files)?;
    let request = SearchRequest {
        query,
        only,
        layers: &layers,
    };
    let found = find(library, &request);
    match format {
        Format::Json => write_json(library, &request, &found, out),
        Format::Text => write_text(library, &request, &found, out),
    }
}

fn find(library: &Library, request: &SearchRequest<'_>) -> Found {
    let only = request.only;
    let index = SearchIndex::new(library);
    let hits = index
        .search(request.query)
        .into_iter()
        .filter(|hit| only.is_none_or(|key| hit.treaty == key))
        .collect();
    let note_hits = search::search_layers(request.layers, request.query)
        .into_iter()
        .filter(|hit| only.is_none_or(|key| hit.provision.treaty() == Some(key)))
        .collect();
    Found { hits, note_hits }
}

/// The title of the division or article a provision belongs to (empty for an unknown ID).
fn heading_of(library: &Library, id: &str) -> String {
    library
        .resolve(id)
        .map(|(key, ix)| library.treaty(key).context_title(ix))
        .unwrap_or_default()
}

/// The provision's pinpoint, or its ID where the texts do not have it.
fn pinpoint_of(library: &Library, id: &ProvisionId) -> String {
    library
        .get(id)
        .map_or_else(|| id.to_string(), |node| node.pinpoint.clone())
}

fn layer_name(request: &SearchRequest<'_>, hit: &NoteHit) -> String {
    request
        .layers
        .get(hit.layer)
        .map_or_else(String::new, |layer| layer.name().to_owned())
}

fn write_json(
    library: &Library,
    request: &SearchRequest<'_>,
    found: &Found,
    out: &mut dyn Write,
) -> Result<()> {
    let only = request.only;
    let counts = search::count_by_treaty(&found.hits);
    let value = serde_json::json!({
        "query": request.query,
        "counts": counts.iter().filter(|(key, _)| only.is_none_or(|o| o == *key)).map(|(key, count)| (key.prefix().to_owned(), serde_json::Value::from(*count))).collect::<serde_json::Map<_, _>>(),
        "hits": found.hits.iter().map(|hit| {
            let node = library.treaty(hit.treaty).node(hit.node);
            serde_json::json!({
                "id": node.id,
                "pinpoint": node.pinpoint,
                "heading": library.treaty(hit.treaty).context_title(hit.node),
                "field": match hit.field { Field::Heading => "heading", Field::Text => "text" },
                "start": hit.range.start,
                "end": hit.range.end,
                "excerpt": search::excerpt(library.treaty(hit.treaty), hit, 40),
            })
        }).collect::<Vec<_>>(),
        "notes": found.note_hits.iter().map(|hit| serde_json::json!({
            "layer": layer_name(request, hit),
            "item": hit.item,
            "id": hit.provision,
            "pinpoint": pinpoint_of(library, &hit.provision),
            "heading": heading_of(library, &hit.provision),
            "field": hit.field.label(),
            "excerpt": hit.excerpt(40),
        })).collect::<Vec<_>>(),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(())
}

/// The counts first, then one tab-separated line per match: ID, place, excerpt, heading.
fn write_text(
    library: &Library,
    request: &SearchRequest<'_>,
    found: &Found,
    out: &mut dyn Write,
) -> Result<()> {
    for (key, count) in search::count_by_treaty(&found.hits) {
        if request.only.is_none_or(|o| o == key) {
            writeln!(
                out,
                "{key}: {count} {} ({})",
                plural(count, "match", "matches"),
                library.treaty(key).meta.short_name
            )?;
        }
    }
    if !request.layers.is_empty() {
        let count = found.note_hits.len();
        writeln!(
            out,
            "notes: {count} {} (annotation layers)",
            plural(count, "match", "matches")
        )?;
    }
    for hit in &found.hits {
        let treaty = library.treaty(hit.treaty);
        let node = treaty.node(hit.node);
        let place = match hit.field {
            Field::Heading => format!("{} (heading)", node.pinpoint),
            Field::Text => node.pinpoint.clone(),
        };
        writeln!(
            out,
            "{}\t{place}\t{}\t{}",
            node.id,
            search::excerpt(treaty, hit, 40),
            treaty.context_title(hit.node)
        )?;
    }
    for hit in &found.note_hits {
        writeln!(
            out,
            "{}\t{} ({} {}, {})\t{}\t{}",
            hit.provision,
            pinpoint_of(library, &hit.provision),
            layer_name(request, hit),
            hit.field.label(),
            hit.item,
            hit.excerpt(40),
            heading_of(library, &hit.provision)
        )?;
    }
    Ok(())
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
