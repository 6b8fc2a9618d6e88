//! `crosswalk suggest ID`: the most similar articles of the other treaty (or of another loaded
//! instrument, `--against PREFIX`), with scores.

use std::io::Write;

use anyhow::{Result, anyhow};

use super::{Format, instruments, unknown_id};
use crosswalk::corpus::Corpus;
use crosswalk::model::{Library, Side, shipped};
use crosswalk::suggest::SuggestionIndex;

pub fn command(
    corpus: &Corpus,
    id: &str,
    against: Option<&str>,
    top: usize,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let library = &corpus.library;
    let (instrument, _) = library.find(id).ok_or_else(|| unknown_id(library, id))?;
    let own = instrument.key().as_str();
    let other = match against {
        Some(name) => instruments::instrument_named(library, name)?.key().as_str(),
        None => shipped::prefix(
            instrument
                .key()
                .shipped_side()
                .map_or(Side::Revision, Side::other),
        ),
    };
    if other == own {
        return Err(anyhow!(
            "suggest looks in another instrument than the provision's own ({own}); give --against PREFIX"
        ));
    }
    // The shipped pair is the shipped library itself; any other pair is put on the two sides.
    let paired;
    let compared: &Library = if library.side_of_instrument(own).is_some()
        && library.side_of_instrument(other).is_some()
    {
        library
    } else {
        paired = library
            .pair(own, other)
            .ok_or_else(|| anyhow!("instrument {other} is not loaded"))?;
        &paired
    };
    let index = SuggestionIndex::new(compared, corpus.comparisons.normaliser());
    let suggestions = index.suggest(compared, id, top);
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&suggestions)?)?,
        Format::Text => {
            for suggestion in suggestions {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{:.3}",
                    suggestion.id, suggestion.pinpoint, suggestion.heading, suggestion.score
                )?;
            }
        }
    }
    Ok(())
}
