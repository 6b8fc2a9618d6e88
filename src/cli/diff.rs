//! `crosswalk diff FIRST SECOND`: provisions compared word by word, sentence by sentence — the two
//! treaties' (UN as the revision, Budapest as the base, whichever is named first), or any two loaded
//! instruments' (FIRST's as the revision, SECOND's as the base).

use std::io::Write;

use anyhow::{Result, anyhow};

use super::{Format, percent, unknown_id};
use crosswalk::corpus::Corpus;
use crosswalk::diff::{self, AlignedRow, PairDiff};
use crosswalk::model::{Library, ProvisionId, Side, shipped};

/// What was compared, and how alike the two sides are in each mode (the other mode's figure is printed
/// too, so a reader sees how much the terminology accounts for).
struct Compared<'a> {
    library: &'a Library,
    ids: &'a [ProvisionId],
    terms: bool,
    /// Whether a term table pairs the two instruments (the shipped one pairs the two treaties).
    has_term_table: bool,
    pair: &'a PairDiff,
    similarity: f64,
    similarity_with_terms: f64,
}

pub fn command(
    corpus: &Corpus,
    first: &str,
    second: &str,
    terms: bool,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let first_ids = split_ids(&corpus.library, first)?;
    let second_ids = split_ids(&corpus.library, second)?;
    let paired = paired_library(&corpus.library, &first_ids, &second_ids)?;
    let library = paired.as_ref().unwrap_or(&corpus.library);
    let ids: Vec<ProvisionId> = first_ids.into_iter().chain(second_ids).collect();
    let has = |key| ids.iter().any(|id| library.side_of(id) == Some(key));
    if !has(Side::Revision) || !has(Side::Base) {
        return Err(anyhow!(
            "diff compares a UN provision (uncc:…) with a Budapest provision (bc:…), or provisions of two loaded instruments"
        ));
    }
    let pair = corpus.comparisons.provisions(library, &ids, terms);
    let other = corpus.comparisons.provisions(library, &ids, !terms);
    let (similarity, similarity_with_terms) = if terms {
        (other.similarity(), pair.similarity())
    } else {
        (pair.similarity(), other.similarity())
    };
    let compared = Compared {
        library,
        ids: &ids,
        terms,
        has_term_table: corpus.comparisons.term_table_for(library).is_some(),
        pair: &pair,
        similarity,
        similarity_with_terms,
    };
    match format {
        Format::Json => write_json(&compared, out),
        Format::Text => write_text(&compared, out),
    }
}

/// The library with the two instruments compared on its sides, where they are not the two treaties:
/// each argument names provisions of one instrument.
fn paired_library(
    library: &Library,
    first: &[ProvisionId],
    second: &[ProvisionId],
) -> Result<Option<Library>> {
    let on_sides = first
        .iter()
        .chain(second)
        .all(|id| library.side_of(id).is_some());
    if on_sides {
        return Ok(None);
    }
    let instrument = |ids: &[ProvisionId]| -> Result<String> {
        let prefix = ids.first().map_or("", |id| id.instrument());
        if ids.iter().any(|id| id.instrument() != prefix) {
            return Err(anyhow!(
                "each side of diff names provisions of one instrument (found {prefix} and others)"
            ));
        }
        Ok(prefix.to_owned())
    };
    let (revision, base) = (instrument(first)?, instrument(second)?);
    if revision == base {
        return Err(anyhow!(
            "diff compares provisions of two instruments; both sides are in {revision}"
        ));
    }
    Ok(library.pair(&revision, &base))
}

/// How a side is named in the legend: "UN", "Budapest", or an instrument's short name.
fn side_label(library: &Library, key: Side) -> String {
    let treaty = library.treaty(key);
    match treaty.instrument.key().shipped_side() {
        Some(shipped) if shipped == key => treaty.citation_label().to_owned(),
        _ => treaty.info.short_name.clone(),
    }
}

/// The side's instrument prefix, as JSON names the sides (`uncc`, `bc` for the treaties).
fn side_prefix(library: &Library, key: Side) -> String {
    library.treaty(key).instrument.key().to_string()
}

/// A comma-separated list of provision IDs, each checked to exist.
fn split_ids(library: &Library, list: &str) -> Result<Vec<ProvisionId>> {
    list.split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| {
            library
                .get(id)
                .map(|node| node.id.clone())
                .ok_or_else(|| unknown_id(library, id))
        })
        .collect()
}

/// The words of a row's two sentences (empty where a side has no sentence).
fn row_texts<'a>(library: &'a Library, row: &AlignedRow) -> (&'a str, &'a str) {
    let bc_text = row.bc.as_ref().map_or("", |s| diff::text_of(library, s));
    let uncc_text = row.uncc.as_ref().map_or("", |s| diff::text_of(library, s));
    (bc_text, uncc_text)
}

fn write_json(compared: &Compared<'_>, out: &mut dyn Write) -> Result<()> {
    let library = compared.library;
    let ids = compared.ids;
    let rows: Vec<_> = compared
        .pair
        .rows
        .iter()
        .map(|row| {
            let (bc_text, uncc_text) = row_texts(library, row);
            serde_json::json!({
                side_prefix(library, Side::Revision): row.uncc.as_ref().map(|s| &s.id),
                side_prefix(library, Side::Base): row.bc.as_ref().map(|s| &s.id),
                "similarity": row.diff.similarity(),
                "pieces": row.diff.pieces.iter().map(|piece| serde_json::json!({
                    "change": piece.change,
                    "bc": &bc_text[piece.bc.clone()],
                    "uncc": &uncc_text[piece.uncc.clone()],
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut value = serde_json::json!({
        side_prefix(library, Side::Revision): ids.iter().filter(|id| library.side_of(id) == Some(Side::Revision)).collect::<Vec<_>>(),
        side_prefix(library, Side::Base): ids.iter().filter(|id| library.side_of(id) == Some(Side::Base)).collect::<Vec<_>>(),
        "terms": compared.terms,
        "similarity": compared.similarity,
        "similarity_with_terms": compared.similarity_with_terms,
        "rows": rows,
    });
    // The treaties' JSON stays as it always was; another pair says whether a term table served it.
    let shipped = side_prefix(library, Side::Revision) == shipped::prefix(Side::Revision)
        && side_prefix(library, Side::Base) == shipped::prefix(Side::Base);
    if !shipped {
        value["term_table"] = serde_json::Value::Bool(compared.has_term_table);
    }
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(())
}

fn write_text(compared: &Compared<'_>, out: &mut dyn Write) -> Result<()> {
    let library = compared.library;
    let names = |key: Side| {
        compared
            .ids
            .iter()
            .filter(|id| library.side_of(id) == Some(key))
            .filter_map(|id| library.get(id))
            .map(|n| n.pinpoint.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "{}, {} <> {}, {}",
        library.treaty(Side::Revision).meta.short_name,
        names(Side::Revision),
        library.treaty(Side::Base).meta.short_name,
        names(Side::Base)
    )?;
    writeln!(
        out,
        "similarity: {} (with terminology normalisation: {})",
        percent(compared.similarity),
        percent(compared.similarity_with_terms)
    )?;
    writeln!(
        out,
        "terminology normalisation: {}",
        match (compared.terms, compared.has_term_table) {
            (false, _) => "off",
            (true, true) => "on",
            (true, false) =>
                "on, but no term table pairs these instruments: words compared as they are",
        }
    )?;
    let (base, revision) = (
        side_label(library, Side::Base),
        side_label(library, Side::Revision),
    );
    writeln!(
        out,
        "legend: [-only in {base}-] {{+only in {revision}+}} {{={base} => {revision}=}} equivalent terms"
    )?;
    for row in &compared.pair.rows {
        write_text_row(library, row, out)?;
    }
    Ok(())
}

/// One aligned row: its pinpoints and similarity, then the sentence with its changes marked.
fn write_text_row(library: &Library, row: &AlignedRow, out: &mut dyn Write) -> Result<()> {
    let label = |sentence: &Option<diff::Sentence>| {
        sentence
            .as_ref()
            .map_or("-".to_owned(), |s| s.pinpoint.clone())
    };
    writeln!(out)?;
    writeln!(
        out,
        "{} <> {} ({})",
        label(&row.uncc),
        label(&row.bc),
        percent(row.diff.similarity())
    )?;
    let (bc_text, uncc_text) = row_texts(library, row);
    writeln!(
        out,
        "{}",
        diff::render_marked(&row.diff, bc_text, uncc_text)
    )?;
    Ok(())
}
