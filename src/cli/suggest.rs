//! `crosswalk suggest ID`: the most similar articles of the other treaty, with scores.

use std::io::Write;

use anyhow::Result;

use super::{Format, unknown_id};
use crosswalk::corpus::Corpus;
use crosswalk::suggest::SuggestionIndex;

pub fn command(
    corpus: &Corpus,
    id: &str,
    top: usize,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let library = &corpus.library;
    library.get(id).ok_or_else(|| unknown_id(library, id))?;
    let index = SuggestionIndex::new(library, corpus.comparisons.normaliser());
    let suggestions = index.suggest(library, id, top);
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
