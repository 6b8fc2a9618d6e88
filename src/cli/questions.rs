//! `crosswalk questions list` and `crosswalk questions show ID`: the questions of a brief (the shipped
//! ones and those of the layer files given), as plain text or JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use super::{Format, load_layers};
use crosswalk::annotations::{self, Layer};
use crosswalk::corpus::Corpus;
use crosswalk::export::brief::{self, QuestionPart};
use crosswalk::model::Side;

/// The shipped questions layer, then the layers of `files`.
fn question_layers(files: &[PathBuf]) -> Result<Vec<Layer>> {
    let mut layers = vec![annotations::questions_layer()?];
    layers.extend(load_layers(files)?);
    Ok(layers)
}

/// One question per line: `ID<TAB>layer<TAB>title<TAB>question`; JSON: the list of the same fields.
pub fn list_command(files: &[PathBuf], format: Format, out: &mut dyn Write) -> Result<()> {
    let layers = question_layers(files)?;
    let refs: Vec<&Layer> = layers.iter().collect();
    let questions = brief::questions_of(&refs);
    match format {
        Format::Text => {
            for (layer, question) in &questions {
                let line = [
                    question.id.as_str(),
                    layer,
                    &question.title,
                    &question.question,
                ]
                .map(crosswalk::export::one_line)
                .join("\t");
                writeln!(out, "{line}")?;
            }
        }
        Format::Json => {
            #[derive(Serialize)]
            struct Listed<'a> {
                id: &'a str,
                layer: &'a str,
                title: &'a str,
                question: &'a str,
            }
            let listed: Vec<Listed> = questions
                .iter()
                .map(|(layer, q)| Listed {
                    id: &q.id,
                    layer,
                    title: &q.title,
                    question: &q.question,
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&listed)?)?;
        }
    }
    Ok(())
}

/// The question `id`: text, or the resolved question as JSON (with its evidence).
pub fn show_command(
    corpus: &Corpus,
    id: &str,
    files: &[PathBuf],
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let layers = question_layers(files)?;
    let mut note_layers = vec![
        annotations::safeguards_layer()?,
        annotations::commentary_layer()?,
    ];
    note_layers.extend(load_layers(files)?);
    let refs: Vec<&Layer> = layers.iter().collect();
    let note_refs: Vec<&Layer> = note_layers.iter().collect();
    let chosen = brief::choose(&refs, &[id.to_owned()])?;
    let Some((layer, question)) = chosen.first() else {
        return Ok(());
    };
    let part = brief::question_part(corpus, layer, question, &note_refs);
    match format {
        Format::Text => print_question(&part, out),
        Format::Json => Ok(writeln!(out, "{}", serde_json::to_string_pretty(&part)?)?),
    }
}

fn print_question(part: &QuestionPart, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}\t{}", part.id, part.title)?;
    writeln!(out, "Question: {}", part.question)?;
    writeln!(out, "Layer: {}", part.layer)?;
    for key in Side::ALL {
        writeln!(out, "\n{}:", brief::treaty_label(key))?;
        writeln!(out, "{}", part.answers[key])?;
        let cited: Vec<String> = part.cites[key]
            .iter()
            .map(|c| format!("[{}] {} ({})", c.number, c.pinpoint, c.id))
            .collect();
        writeln!(
            out,
            "Cited: {}",
            if cited.is_empty() {
                "nothing".to_owned()
            } else {
                cited.join("; ")
            }
        )?;
    }
    if !part.absent.is_empty() {
        writeln!(out, "\nIn neither treaty:")?;
        for finding in &part.absent {
            writeln!(out, "- {finding}")?;
        }
    }
    if !part.sources.is_empty() {
        writeln!(out, "\nViews reported:")?;
        for source in &part.sources {
            writeln!(out, "- {} ({})", source.view, source.source)?;
        }
    }
    if !part.links.is_empty() {
        writeln!(out, "\nCrosswalk links:")?;
        for link in &part.links {
            writeln!(out, "- {} ({})", link.statement, link.relation)?;
        }
    }
    if !part.notes.is_empty() {
        writeln!(out, "\nNotes drawn on:")?;
        for note in &part.notes {
            writeln!(out, "- {} [{}] {}", note.id, note.layer, note.pinpoint)?;
        }
    }
    writeln!(out, "\nEvidence:")?;
    for evidence in &part.evidence {
        writeln!(
            out,
            "{}\t{}\t“{}”",
            evidence.provision, evidence.pinpoint, evidence.quote
        )?;
    }
    Ok(())
}
