//! `crosswalk pairs`: the crosswalk's links (shipped, and those of annotation files) as a table, each
//! followed by its evidence, then the provisions left unmatched.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::{Format, load_layers, percent};
use crosswalk::corpus::Corpus;
use crosswalk::links::{LinkEntry, LinkOrigin, LinkSet};
use crosswalk::model::{ProvisionId, Side};

pub fn command(annotation_files: &[PathBuf], format: Format, out: &mut dyn Write) -> Result<()> {
    let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
    let layers = load_layers(annotation_files)?;
    let links = LinkSet::new(&corpus.crosswalk, &layers, &corpus.library);
    list(&corpus, &links, format, out)
}

fn list(corpus: &Corpus, links: &LinkSet, format: Format, out: &mut dyn Write) -> Result<()> {
    let library = &corpus.library;
    let crosswalk = &corpus.crosswalk;
    let similarity = |link: &LinkEntry| corpus.comparisons.link(library, link, true).similarity();
    let pairs = links.pairs().iter().map(|&index| &links.entries()[index]);
    match format {
        Format::Json => {
            let links: Vec<_> = pairs
                .map(|link| {
                    let mut entry = serde_json::json!({
                        "uncc": link.sides.revision, "bc": link.sides.base, "relation": link.kind.to_string(),
                        "theme": link.theme.map(|theme| theme.to_string()),
                        "similarity_with_terms": similarity(link), "rationale": link.note,
                        "statement": link.statement(library), "evidence": link.evidence,
                    });
                    if let LinkOrigin::Layer { layer_name, link_id, .. } = &link.origin {
                        entry["origin"] = serde_json::json!({ "layer": layer_name, "id": link_id });
                    }
                    entry
                })
                .collect();
            let unmatched: Vec<_> = crosswalk
                .unmatched
                .iter()
                .map(|u| serde_json::json!({ "id": u.id, "theme": u.theme.to_string(), "reason": u.reason }))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({ "links": links, "unmatched": unmatched })
                )?
            )?;
        }
        Format::Text => {
            writeln!(out, "uncc\tbc\trelation\ttheme\tsimilarity\trationale")?;
            for link in pairs {
                let join = |ids: &[ProvisionId]| {
                    ids.iter()
                        .map(ProvisionId::as_str)
                        .collect::<Vec<_>>()
                        .join(",")
                };
                let theme = match (&link.theme, &link.origin) {
                    (Some(theme), _) => theme.to_string(),
                    (None, origin) => origin.describe(),
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    join(&link.sides.revision),
                    join(&link.sides.base),
                    link.kind,
                    theme,
                    percent(similarity(link)),
                    link.note
                )?;
                // Evidence rows continue the link above: empty ID columns, "evidence" as the relation.
                for evidence in &link.evidence {
                    writeln!(
                        out,
                        "\t\tevidence\t\t\t{}: “{}”",
                        evidence.provision, evidence.quote
                    )?;
                }
            }
            for entry in &crosswalk.unmatched {
                let (uncc, bc) = match entry.id.shipped_side() {
                    Some(Side::Revision) => (entry.id.as_str(), "-"),
                    // The crosswalk lists provisions of the two treaties only.
                    _ => ("-", entry.id.as_str()),
                };
                writeln!(
                    out,
                    "{uncc}\t{bc}\tNone\t{}\t-\t{}",
                    entry.theme, entry.reason
                )?;
            }
        }
    }
    Ok(())
}
