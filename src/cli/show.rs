//! `crosswalk show ID`: one provision of any loaded instrument with its pinpoint, heading, text and
//! interpretative notes.

use std::io::Write;

use anyhow::Result;

use super::{Format, unknown_id};
use crosswalk::model::{Kind, Library};

pub fn command(library: &Library, id: &str, format: Format, out: &mut dyn Write) -> Result<()> {
    let (treaty, ix) = library.find(id).ok_or_else(|| unknown_id(library, id))?;
    let node = treaty.node(ix);
    let notes = treaty.notes_for(&node.id);
    match format {
        Format::Json => {
            let value = serde_json::json!({
                "id": node.id,
                "treaty": treaty.info.short_name,
                "pinpoint": node.pinpoint,
                "heading": node.heading,
                "text": treaty.full_text(ix),
                "interpretative_notes": notes.iter().map(|note| serde_json::json!({
                    "id": note.id, "pinpoint": note.pinpoint, "text": note.text,
                })).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Text => {
            let heading = match (&node.heading, node.kind) {
                (Some(heading), Kind::Article | Kind::Chapter | Kind::Section | Kind::Title) => {
                    format!(" – {heading}")
                }
                _ => String::new(),
            };
            writeln!(
                out,
                "{}, {}{heading}",
                treaty.info.short_name, node.pinpoint
            )?;
            writeln!(out, "{}", node.id)?;
            let body = treaty.full_text(ix);
            if !body.is_empty() {
                writeln!(out)?;
                writeln!(out, "{body}")?;
            }
            for note in notes {
                writeln!(out)?;
                writeln!(
                    out,
                    "{} ({}, {}): {}",
                    note.pinpoint,
                    note.heading.as_deref().unwrap_or(""),
                    note.id,
                    note.text
                )?;
            }
        }
    }
    Ok(())
}
