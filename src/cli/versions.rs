//! Language versions on the command line: `crosswalk diff` of two versions of one text sets them side
//! by side provision by provision, paired by ID (their words, in two languages, are not compared), and
//! `crosswalk check FILE` of a version lists the provisions whose IDs do not match its original's.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};

use super::{CheckFailed, Format, instruments, printable};
use crosswalk::annotations::fsio::read_regular_file;
use crosswalk::import;
use crosswalk::instrument::{
    AlignedById, Instrument, aligned_by_id, are_versions, version_mismatches,
};
use crosswalk::model::{Library, is_within};

/// What one argument of `diff` names: an instrument, whole (a prefix, `xlfr`) or some of its
/// provisions (`xlfr:sec_4,xlfr:sec_5`, kept as their paths after the prefix).
struct Named<'a> {
    instrument: &'a Instrument,
    paths: Vec<String>,
}

fn named<'a>(library: &'a Library, argument: &str) -> Result<Named<'a>> {
    if !argument.contains(':') {
        let instrument = instruments::instrument_named(library, argument)?;
        return Ok(Named {
            instrument,
            paths: Vec::new(),
        });
    }
    let mut prefix = None;
    let mut paths = Vec::new();
    for id in argument
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        let (instrument, ix) = library
            .find(id)
            .ok_or_else(|| super::unknown_id(library, id))?;
        if prefix.is_some_and(|known: &Instrument| known.key() != instrument.key()) {
            return Err(anyhow!(
                "each side of diff names provisions of one instrument ({argument})"
            ));
        }
        prefix = Some(instrument);
        let id = instrument.node(ix).id.as_str();
        paths.push(id.split_once(':').map_or(id, |(_, path)| path).to_owned());
    }
    let instrument = prefix.ok_or_else(|| anyhow!("diff needs a provision ID on each side"))?;
    Ok(Named { instrument, paths })
}

/// `crosswalk diff FIRST SECOND` when the two name language versions of one text (or a whole
/// instrument by its prefix): the rows aligned by ID. `Ok(false)` when they are not versions, for the
/// word diff to compare them.
pub fn diff_command(
    library: &Library,
    first: &str,
    second: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<bool> {
    let whole = !first.contains(':') || !second.contains(':');
    let (first, second) = match (named(library, first), named(library, second)) {
        (Ok(first), Ok(second)) => (first, second),
        // A word diff reports its own errors for IDs; a prefix only makes sense for versions.
        (Err(error), _) | (_, Err(error)) if whole => return Err(error),
        _ => return Ok(false),
    };
    if !are_versions(first.instrument, second.instrument) {
        if whole {
            return Err(anyhow!(
                "diff of whole instruments aligns language versions of one text; {} and {} are not versions of each other (compare provisions: crosswalk diff {}:… {}:…)",
                first.instrument.key(),
                second.instrument.key(),
                first.instrument.key(),
                second.instrument.key()
            ));
        }
        return Ok(false);
    }
    let wanted: Vec<&String> = first.paths.iter().chain(&second.paths).collect();
    let rows: Vec<AlignedById> = aligned_by_id(first.instrument, second.instrument)
        .into_iter()
        .filter(|row| wanted.is_empty() || wanted.iter().any(|path| is_within(&row.path, path)))
        .collect();
    let sides = [first.instrument, second.instrument];
    match format {
        Format::Text => write_text(sides, &rows, out)?,
        Format::Json => write_json(sides, &rows, out)?,
    }
    Ok(true)
}

/// What a row shows of one side: the provision's text (its heading line where it has no text of its
/// own), or None where the side has no provision with the row's ID.
fn shown(instrument: &Instrument, ix: Option<usize>) -> Option<(String, String)> {
    let node = instrument.node(ix?);
    let text = if node.text.is_empty() {
        node.title_line()
    } else {
        node.text.clone()
    };
    Some((node.pinpoint.clone(), text))
}

fn write_text(sides: [&Instrument; 2], rows: &[AlignedById], out: &mut dyn Write) -> Result<()> {
    let [first, second] = sides;
    let name = |i: &Instrument| format!("{} [{}, {}]", i.info.short_name, i.key(), i.info.language);
    writeln!(out, "{} <> {}", name(first), name(second))?;
    writeln!(
        out,
        "language versions: provisions aligned by ID; words in two languages are not compared"
    )?;
    let unmatched = rows
        .iter()
        .filter(|row| row.first.is_none() || row.second.is_none())
        .count();
    writeln!(
        out,
        "rows: {} ({unmatched} with a provision on one side only)",
        rows.len()
    )?;
    for row in rows {
        let cells = [shown(first, row.first), shown(second, row.second)];
        let pinpoint = |cell: &Option<(String, String)>| {
            cell.as_ref()
                .map_or("-".to_owned(), |(pinpoint, _)| pinpoint.clone())
        };
        writeln!(out)?;
        writeln!(
            out,
            "{} <> {} [{}]",
            pinpoint(&cells[0]),
            pinpoint(&cells[1]),
            row.path
        )?;
        for (instrument, cell) in sides.iter().zip(&cells) {
            let text = cell
                .as_ref()
                .map_or("(no provision with this ID)".to_owned(), |(_, text)| {
                    text.clone()
                });
            writeln!(out, "{}: {}", instrument.key(), printable(&text))?;
        }
    }
    Ok(())
}

fn write_json(sides: [&Instrument; 2], rows: &[AlignedById], out: &mut dyn Write) -> Result<()> {
    let [first, second] = sides;
    let side = |instrument: &Instrument, ix: Option<usize>| {
        ix.map(|ix| {
            let node = instrument.node(ix);
            serde_json::json!({"id": node.id, "pinpoint": node.pinpoint, "text": node.text})
        })
    };
    let rows: Vec<_> = rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "path": row.path,
                first.key().as_str(): side(first, row.first),
                second.key().as_str(): side(second, row.second),
            })
        })
        .collect();
    let value = serde_json::json!({
        "aligned_by": "id",
        "instruments": [first.key(), second.key()],
        "rows": rows,
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(())
}

/// The largest file looked into for an instrument header (an instrument file is far smaller; a larger
/// file is left to the annotation check, which has its own cap).
const MAX_HEADER_PROBE_BYTES: u64 = 64 * 1024 * 1024;

/// Whether a file is an instrument written by `crosswalk import` (its header's `Instrument:` line),
/// rather than an annotation file.
pub fn is_instrument_file(path: &Path) -> bool {
    // Only a regular file is read (a FIFO or a device would block or never end); anything else is
    // left to the annotation check, which says what it is.
    let Some(text) = read_regular_file(path, MAX_HEADER_PROBE_BYTES)
        .ok()
        .and_then(|(bytes, _)| String::from_utf8(bytes).ok())
    else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.strip_prefix("<!--")
        .and_then(|comment| comment.split("-->").next())
        .is_some_and(|header| header.lines().any(|line| line.starts_with("Instrument:")))
}

/// `crosswalk check FILE` of an instrument file: it must read as an instrument and, if it is a
/// language version, every provision's ID must match its original's (`file:line: warning: …` for each
/// that does not, as `crosswalk import` reports them; exit 1 when any does not).
pub fn check_command(library: &Library, path: &Path, out: &mut dyn Write) -> Result<()> {
    let name = printable(&path.display().to_string());
    let instrument = import::load_instrument(path)?;
    let provisions = instrument.nodes.len();
    let Some(original_key) = instrument.info.version_of.clone() else {
        writeln!(
            out,
            "{name}: ok (an instrument, {}, {provisions} provisions)",
            instrument.key()
        )?;
        return Ok(());
    };
    let original = library.instrument(original_key.as_str()).ok_or_else(|| {
        anyhow!(
            "{name}: a version of {original_key}, which is not loaded: import it or give --instrument FILE, so that the IDs can be checked"
        )
    })?;
    let mismatches = version_mismatches(original, &instrument);
    for mismatch in &mismatches {
        writeln!(
            out,
            "{name}:{}: warning: {}",
            mismatch.line,
            printable(&mismatch.message(&original_key))
        )?;
    }
    if mismatches.is_empty() {
        writeln!(
            out,
            "{name}: ok (a version of {original_key}, {provisions} provisions, every ID matches the original's)"
        )?;
        return Ok(());
    }
    Err(CheckFailed(format!(
        "{name}: {} provisions' IDs do not match the original ({original_key})",
        mismatches.len()
    ))
    .into())
}
