//! `crosswalk refs ID`: the provisions a provision refers to and those that refer to it, each with the
//! words of the reference.

use std::io::Write;

use anyhow::Result;

use super::Format;
use crosswalk::corpus::Corpus;
use crosswalk::model::ProvisionId;
use crosswalk::references::Reference;

pub fn command(
    corpus: &Corpus,
    id: &ProvisionId,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let library = &corpus.library;
    let pinpoint = |id: &str| {
        library
            .get(id)
            .map_or_else(|| id.to_owned(), |node| node.pinpoint.clone())
    };
    let refers_to = corpus.references.refers_to(id);
    let referred_to_by = corpus.references.referred_to_by(id);
    let outgoing: Vec<(ProvisionId, &Reference)> = refers_to
        .iter()
        .flat_map(|&reference| {
            reference
                .targets
                .iter()
                .map(move |target| (target.clone(), reference))
        })
        .collect();
    match format {
        Format::Json => {
            let entry = |id: &ProvisionId, reference: &Reference| {
                serde_json::json!({
                    "id": id,
                    "pinpoint": pinpoint(id),
                    "words": reference.words,
                    "in": reference.source,
                })
            };
            let value = serde_json::json!({
                "id": id,
                "pinpoint": pinpoint(id),
                "refers_to": outgoing.iter().map(|(target, reference)| entry(target, reference)).collect::<Vec<_>>(),
                "referred_to_by": referred_to_by.iter().map(|reference| entry(&reference.source, reference)).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Text => {
            let name = library
                .instrument(id.instrument())
                .map_or("", |instrument| instrument.info.short_name.as_str());
            writeln!(out, "{name}, {} ({id})", pinpoint(id))?;
            writeln!(out)?;
            writeln!(out, "Refers to:")?;
            if outgoing.is_empty() {
                writeln!(out, "  (nothing)")?;
            }
            for (target, reference) in &outgoing {
                let place = pinpoint(&reference.source);
                writeln!(
                    out,
                    "  {}\t{target}\t“{}” (in {place})",
                    pinpoint(target),
                    reference.words
                )?;
            }
            writeln!(out)?;
            writeln!(out, "Referred to by:")?;
            if referred_to_by.is_empty() {
                writeln!(out, "  (nothing)")?;
            }
            for reference in &referred_to_by {
                writeln!(
                    out,
                    "  {}\t{}\t“{}”",
                    pinpoint(&reference.source),
                    reference.source,
                    reference.words
                )?;
            }
        }
    }
    Ok(())
}
