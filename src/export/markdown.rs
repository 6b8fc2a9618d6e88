//! Brief-ready Markdown: per pair a heading with pinpoints, both texts as block quotes with
//! `~~deleted~~` (only in Budapest) and `**inserted**` (only in the UN text), equivalent terms in
//! _italics_, `[n]` after the words note n is about, then the notes. Characters that Markdown would
//! read as markup are escaped.

use std::fmt::Write;

use crate::model::TreatyKey;

use super::{Comparison, Segment, cut_segments};
use crate::diff::Change;

/// Escapes Markdown (and inline HTML) special characters in user and treaty text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '|' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A sentence with diff marks; `notes` (byte offset in the sentence, note number) put a note's
/// reference `[n]` right after the words it is about.
fn marked(segments: &[Segment], notes: &[(usize, usize)]) -> String {
    let points: Vec<usize> = notes.iter().map(|&(end, _)| end).collect();
    let mut out = String::new();
    for (range, text, change) in cut_segments(segments, &points) {
        // Emphasis markers must hug the words: keep surrounding spaces outside them.
        let trimmed = text.trim();
        if trimmed.is_empty() || change == Change::Equal {
            out.push_str(&escape(text));
        } else {
            let leading = &text[..text.len() - text.trim_start().len()];
            let trailing = &text[text.trim_end().len()..];
            let (open, close) = match change {
                Change::Deleted => ("~~", "~~"),
                Change::Inserted => ("**", "**"),
                _ => ("_", "_"),
            };
            let _ = write!(out, "{leading}{open}{}{close}{trailing}", escape(trimmed));
        }
        for &(_, number) in notes.iter().filter(|&&(end, _)| end == range.end) {
            let _ = write!(out, "\\[{number}\\]");
        }
    }
    out
}

pub fn render(comparison: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&comparison.title));
    out.push_str(&escape(&comparison.intro()));
    out.push_str("\n\nSources:\n\n");
    for source in &comparison.sources {
        let _ = writeln!(out, "- {}", escape(source));
    }
    if !comparison.sections.is_empty() {
        let _ = writeln!(
            out,
            "\nLegend: ~~struck through~~ = only in the Budapest Convention; **bold** = only in the UN Convention; _italics_ = equivalent terms{}; \\[n\\] after words = note n, listed after the pair.\n",
            if comparison.terms {
                " (terminology normalisation on)"
            } else {
                " (not normalised)"
            }
        );
    }
    for section in &comparison.sections {
        let _ = writeln!(out, "## {}\n", escape(&section.title()));
        let _ = writeln!(out, "{}\n", escape(&section.meta_line()));
        let _ = writeln!(out, "_{}_\n", escape(&section.rationale));
        let _ = writeln!(
            out,
            "**UN Convention against Cybercrime, {}** ({})\n",
            escape(&section.uncc_pinpoints),
            escape(&section.uncc_headings)
        );
        let placements = section.note_placements();
        let notes_at = |row_index: usize, side: TreatyKey| -> Vec<(usize, usize)> {
            section
                .notes_in_cell(&placements, row_index, side)
                .into_iter()
                .map(|(range, number)| (range.end, number))
                .collect()
        };
        for (row_index, row) in section.rows.iter().enumerate() {
            if row.elided_before > 0 {
                let _ = writeln!(out, "> […]\n>");
            }
            if !row.uncc.is_empty() {
                let _ = writeln!(
                    out,
                    "> {} {}\n>",
                    escape(&row.uncc_pinpoint),
                    marked(&row.uncc, &notes_at(row_index, TreatyKey::Uncc))
                );
            }
        }
        out.push('\n');
        let _ = writeln!(
            out,
            "**Budapest Convention, {}** ({})\n",
            escape(&section.bc_pinpoints),
            escape(&section.bc_headings)
        );
        for (row_index, row) in section.rows.iter().enumerate() {
            if !row.bc.is_empty() {
                let _ = writeln!(
                    out,
                    "> {} {}\n>",
                    escape(&row.bc_pinpoint),
                    marked(&row.bc, &notes_at(row_index, TreatyKey::Bc))
                );
            }
        }
        out.push('\n');
        if !section.notes.is_empty() {
            out.push_str("Notes:\n\n");
            for note in &section.notes {
                let quote = if note.quote.is_empty() {
                    String::new()
                } else {
                    format!(" “{}”", escape(&note.quote))
                };
                let tags = if note.tags.is_empty() {
                    String::new()
                } else {
                    format!(" \\[{}\\]", escape(&note.tags.join(", ")))
                };
                let _ = writeln!(
                    out,
                    "{}. {}{}: {} ({}, {}){}",
                    note.number,
                    escape(&note.pinpoint),
                    quote,
                    escape(&note.note),
                    escape(&note.layer),
                    escape(&note.author),
                    tags
                );
            }
            out.push('\n');
        }
    }
    if !comparison.matrix.is_empty() {
        out.push_str("| Power or measure | UN Convention safeguards | Budapest Convention safeguards |\n| --- | --- | --- |\n");
        for row in &comparison.matrix {
            let cell = |index: TreatyKey| {
                if row.safeguards[index].is_empty() {
                    "none linked".to_owned()
                } else {
                    escape(&row.safeguards[index].join(", "))
                }
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape(&row.measure),
                cell(TreatyKey::Uncc),
                cell(TreatyKey::Bc)
            );
        }
    }
    out
}
