//! `crosswalk search QUERY`: matches in both treaties and every loaded instrument (and in the notes of
//! annotation files), counted per instrument and listed with their pinpoints: the treaties' and the
//! notes' matches most relevant first (`search::rank`, as in the window), then each imported
//! instrument's in document order.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::{Format, instruments, load_layers};
use crosswalk::annotations;
use crosswalk::definitions::DefinedTerms;
use crosswalk::instrument::Instrument;
use crosswalk::model::{Library, NodeIx, ProvisionId, shipped};
use crosswalk::search::{self, Field, InstrumentHit, NoteHit, SearchHit, SearchIndex};

/// What `crosswalk search` looks for, and where.
struct SearchRequest<'a> {
    query: &'a str,
    /// The prefix of the one instrument searched, if limited to one.
    only: Option<String>,
    layers: &'a [annotations::Layer],
}

impl SearchRequest<'_> {
    fn includes(&self, prefix: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == prefix)
    }
}

/// The matches of a search, in the treaties' texts, the other instruments' and the layers' notes;
/// the treaties' and the notes' ranked together (most relevant first, as the window lists them).
struct Found<'a> {
    hits: Vec<SearchHit>,
    instrument_hits: Vec<(&'a Instrument, Vec<InstrumentHit>)>,
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
    let only = treaty
        .map(|name| instruments::instrument_named(library, name).map(|i| i.key().to_string()))
        .transpose()?;
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

fn find<'a>(library: &'a Library, request: &SearchRequest<'_>) -> Found<'a> {
    let index = SearchIndex::new(library);
    let hits: Vec<SearchHit> = index
        .search(request.query)
        .into_iter()
        .filter(|hit| request.includes(shipped::prefix(hit.side)))
        .collect();
    let instrument_hits = library
        .imported
        .iter()
        .filter(|instrument| request.includes(instrument.key().as_str()))
        .map(|instrument| {
            (
                instrument,
                search::search_instrument(instrument, request.query),
            )
        })
        .collect();
    let note_hits: Vec<NoteHit> = search::search_layers(request.layers, request.query)
        .into_iter()
        .filter(|hit| request.includes(hit.provision.instrument()))
        .collect();
    let definitions = DefinedTerms::new(library);
    let ranked = search::rank(library, definitions.definitions(), &hits, &note_hits);
    Found {
        hits,
        instrument_hits,
        note_hits,
        ranked,
    }
}

/// A match placed in its instrument: the treaties' first (in the order of `Found::hits`, which
/// `Found::ranked` indexes), then the imported instruments', each in document order.
struct Placed<'a> {
    instrument: &'a Instrument,
    node: NodeIx,
    field: Field,
    range: std::ops::Range<usize>,
}

impl Placed<'_> {
    fn excerpt(&self) -> String {
        search::excerpt_in(
            self.instrument.node(self.node),
            self.field,
            self.range.clone(),
            40,
        )
    }
}

fn placed<'a>(library: &'a Library, found: &Found<'a>) -> Vec<Placed<'a>> {
    let in_treaties = found.hits.iter().map(|hit| Placed {
        instrument: &library.treaty(hit.side).instrument,
        node: hit.node,
        field: hit.field,
        range: hit.range.clone(),
    });
    let in_instruments = found.instrument_hits.iter().flat_map(|(instrument, hits)| {
        hits.iter().map(|hit| Placed {
            instrument,
            node: hit.node,
            field: hit.field,
            range: hit.range.clone(),
        })
    });
    in_treaties.chain(in_instruments).collect()
}

/// The title of the division or article a provision belongs to (empty for an unknown ID).
fn heading_of(library: &Library, id: &str) -> String {
    library
        .find(id)
        .map(|(instrument, ix)| instrument.context_title(ix))
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
    found: &Found<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    let counts = search::count_by_treaty(&found.hits);
    let instrument_counts = found
        .instrument_hits
        .iter()
        .map(|(instrument, hits)| (instrument.key().to_string(), hits.len()));
    let value = serde_json::json!({
        "query": request.query,
        "counts": counts.iter().filter(|(key, _)| request.includes(shipped::prefix(*key))).map(|(key, count)| (shipped::prefix(*key).to_owned(), *count)).chain(instrument_counts).map(|(key, count)| (key, serde_json::Value::from(count))).collect::<serde_json::Map<_, _>>(),
        "hits": placed(library, found).iter().map(|hit| {
            let node = hit.instrument.node(hit.node);
            serde_json::json!({
                "id": node.id,
                "pinpoint": node.pinpoint,
                "heading": hit.instrument.context_title(hit.node),
                "field": match hit.field { Field::Heading => "heading", Field::Text => "text" },
                "start": hit.range.start,
                "end": hit.range.end,
                "excerpt": hit.excerpt(),
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
        // The treaties' and the notes' matches ranked together, most relevant first: an index into
        // "hits" (whose treaty matches come first) or "notes".
        "ranked": found.ranked.iter().map(|ranked| match ranked.found {
            search::Found::Text(index) => serde_json::json!({"hit": index, "score": ranked.score}),
            search::Found::Note(index) => serde_json::json!({"note": index, "score": ranked.score}),
        }).collect::<Vec<_>>(),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(())
}

/// The counts first, then one tab-separated line per match (the treaties' and the notes' most
/// relevant first, then each imported instrument's): ID, place, excerpt, heading.
fn write_text(
    library: &Library,
    request: &SearchRequest<'_>,
    found: &Found<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    for (key, count) in search::count_by_treaty(&found.hits) {
        if request.includes(shipped::prefix(key)) {
            writeln!(
                out,
                "{}: {count} {} ({})",
                shipped::prefix(key),
                plural(count, "match", "matches"),
                library.treaty(key).meta.short_name
            )?;
        }
    }
    for (instrument, hits) in &found.instrument_hits {
        let count = hits.len();
        writeln!(
            out,
            "{}: {count} {} ({})",
            instrument.key(),
            plural(count, "match", "matches"),
            instrument.info.short_name
        )?;
    }
    if !request.layers.is_empty() {
        let count = found.note_hits.len();
        writeln!(
            out,
            "notes: {count} {} (annotation layers)",
            plural(count, "match", "matches")
        )?;
    }
    let placed = placed(library, found);
    for ranked in &found.ranked {
        let line = match ranked.found {
            search::Found::Text(index) => placed.get(index).map(text_line),
            search::Found::Note(index) => found
                .note_hits
                .get(index)
                .map(|hit| note_line(library, request, hit)),
        };
        if let Some(line) = line {
            writeln!(out, "{line}")?;
        }
    }
    for hit in placed.iter().skip(found.hits.len()) {
        writeln!(out, "{}", text_line(hit))?;
    }
    Ok(())
}

/// A match in an instrument's text: ID, place, excerpt, heading.
fn text_line(hit: &Placed<'_>) -> String {
    let node = hit.instrument.node(hit.node);
    let place = match hit.field {
        Field::Heading => format!("{} (heading)", node.pinpoint),
        Field::Text => node.pinpoint.clone(),
    };
    format!(
        "{}\t{place}\t{}\t{}",
        node.id,
        hit.excerpt(),
        hit.instrument.context_title(hit.node)
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
