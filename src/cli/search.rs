//! `crosswalk search QUERY`: matches in both treaties (and in the notes of annotation files), counted
//! per treaty and listed with their pinpoints, most relevant first (`search::rank`, as in the window).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::{Format, load_layers, parse_treaty_key};
use crosswalk::annotations;
use crosswalk::definitions::DefinedTerms;
use crosswalk::model::{Library, ProvisionId, TreatyKey};
use crosswalk::search::{self, Field, NoteHit, SearchHit, SearchIndex};

/// What `crosswalk search` looks for, and where.
struct SearchRequest<'a> {
    query: &'a str,
    only: Option<TreatyKey>,
    layers: &'a [annotations::Layer],
}

/// The matches of a search, in the treaties' texts and in the layers' notes, and both ranked
/// together (most relevant first, as the window lists them).
struct Found {
    hits: Vec<SearchHit>,
    note_hits: Vec<NoteHit>,
    ranked: Vec<search::Ranked>,
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
    let hits: Vec<SearchHit> = index
        .search(request.query)
        .into_iter()
        .filter(|hit| only.is_none_or(|key| hit.treaty == key))
        .collect();
    let note_hits: Vec<NoteHit> = search::search_layers(request.layers, request.query)
        .into_iter()
        .filter(|hit| only.is_none_or(|key| hit.provision.treaty() == key))
        .collect();
    let definitions = DefinedTerms::new(library);
    let ranked = search::rank(library, definitions.definitions(), &hits, &note_hits);
    Found {
        hits,
        note_hits,
        ranked,
    }
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
        // Both lists ranked together, most relevant first: an index into "hits" or "notes".
        "ranked": found.ranked.iter().map(|ranked| match ranked.found {
            search::Found::Text(index) => serde_json::json!({"hit": index, "score": ranked.score}),
            search::Found::Note(index) => serde_json::json!({"note": index, "score": ranked.score}),
        }).collect::<Vec<_>>(),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(())
}

/// The counts first, then one tab-separated line per match, most relevant first: ID, place, excerpt,
/// heading.
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
    for ranked in &found.ranked {
        let line = match ranked.found {
            search::Found::Text(index) => found.hits.get(index).map(|hit| text_line(library, hit)),
            search::Found::Note(index) => found
                .note_hits
                .get(index)
                .map(|hit| note_line(library, request, hit)),
        };
        if let Some(line) = line {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// A match in a treaty: ID, place, excerpt, heading.
fn text_line(library: &Library, hit: &SearchHit) -> String {
    let treaty = library.treaty(hit.treaty);
    let node = treaty.node(hit.node);
    let place = match hit.field {
        Field::Heading => format!("{} (heading)", node.pinpoint),
        Field::Text => node.pinpoint.clone(),
    };
    format!(
        "{}\t{place}\t{}\t{}",
        node.id,
        search::excerpt(treaty, hit, 40),
        treaty.context_title(hit.node)
    )
}

/// A match in a layer's words: the provision's ID, its place with the layer and item, excerpt,
/// heading.
fn note_line(library: &Library, request: &SearchRequest<'_>, hit: &NoteHit) -> String {
    format!(
        "{}\t{} ({} {}, {})\t{}\t{}",
        hit.provision,
        pinpoint_of(library, &hit.provision),
        layer_name(request, hit),
        hit.field.label(),
        hit.item,
        hit.excerpt(40),
        heading_of(library, &hit.provision)
    )
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
