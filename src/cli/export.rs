//! `crosswalk export`: a selection of pairs (or a lesson's handout) printed as HTML, Markdown, DOCX, PDF,
//! CSV, JSON or W3C annotations, to a file or standard output.

use std::io::Write;

use anyhow::{Context, Result, anyhow};

use super::{ExportArgs, ExportFormat, LayoutArg, NotesArg, PaperArg, lesson, load_layers};
use crosswalk::annotations;
use crosswalk::corpus::Corpus;
use crosswalk::export;

pub fn command(args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
    let format = export_format(args.format);
    if args.output.is_none() && format.is_binary() {
        return Err(anyhow!(
            "{} is a binary format: give an output file with -o FILE",
            format.extension()
        ));
    }
    let options = export::Options {
        terms: !args.no_terms,
        full_text: !args.excerpts,
        date: args.date.clone(),
    };
    let render = render_options(&args, format);
    let (comparison, rendered) = match &args.lesson {
        Some(path) => {
            let comparison = lesson::handout(&corpus, path, args.teacher, format, &options)?;
            let rendered = export::render_with(&comparison, &render);
            (comparison, rendered)
        }
        None => {
            let choices = export::ExportChoices {
                selection: export::Selection::parse(&args.select, &corpus)?,
                options,
                render,
                with_shipped: args.with_safeguards,
            };
            let safeguards = annotations::safeguards_layer()?;
            let user = load_layers(&args.annotation_files)?;
            let user: Vec<&annotations::Layer> = user.iter().collect();
            choices.export(&corpus, &[&safeguards], &user)?
        }
    };
    for warning in &rendered.warnings {
        eprintln!("crosswalk: warning: {warning}");
    }
    report_selection(&args, &comparison);
    if rendered.bytes.is_empty() {
        return Err(anyhow!(
            "the {} export could not be written",
            format.extension()
        ));
    }
    match args.output {
        Some(path) => write_file(&path, &comparison, &rendered.bytes),
        None => Ok(out.write_all(&rendered.bytes)?),
    }
}

fn export_format(format: ExportFormat) -> export::Format {
    match format {
        ExportFormat::Html => export::Format::Html,
        ExportFormat::Md => export::Format::Markdown,
        ExportFormat::Docx => export::Format::Docx,
        ExportFormat::Pdf => export::Format::Pdf,
        ExportFormat::Csv => export::Format::Csv,
        ExportFormat::Json => export::Format::Json,
        ExportFormat::W3c => export::Format::W3c,
    }
}

fn render_options(args: &ExportArgs, format: export::Format) -> export::RenderOptions {
    export::RenderOptions {
        format,
        paper: match args.paper {
            PaperArg::A4 => export::Paper::A4,
            PaperArg::Letter => export::Paper::Letter,
        },
        notes: match args.notes {
            NotesArg::Comments => export::NotesMode::Comments,
            NotesArg::Footnotes => export::NotesMode::Footnotes,
            NotesArg::Both => export::NotesMode::Both,
        },
        layout: match args.layout {
            LayoutArg::Columns => export::Layout::Columns,
            LayoutArg::Redline => export::Layout::Redline,
        },
        bom: !args.no_bom,
    }
}

/// Says on standard error what the export may not show as one expects: a selection that matched
/// nothing, notes that lie outside it.
fn report_selection(args: &ExportArgs, comparison: &export::Comparison) {
    let empty_brief = comparison
        .brief
        .as_ref()
        .is_some_and(|brief| brief.questions.is_empty());
    let nothing = comparison.sections.is_empty() && comparison.matrix.is_empty();
    if args.lesson.is_none() && (empty_brief || (comparison.brief.is_none() && nothing)) {
        eprintln!(
            "crosswalk: the selection \"{}\" matched no pairs",
            args.select
        );
    }
    let outside = comparison.appendix.len();
    if outside > 0 {
        eprintln!(
            "crosswalk: {outside} {} on provisions outside the selection, listed in the appendix",
            if outside == 1 { "note is" } else { "notes are" }
        );
    }
}

/// Saves the export and says what was written (pairs, or a handout's stops and edition).
fn write_file(path: &std::path::Path, comparison: &export::Comparison, bytes: &[u8]) -> Result<()> {
    annotations::save_bytes_atomically(path, bytes)?;
    if let Some(brief) = &comparison.brief {
        eprintln!(
            "crosswalk: wrote {} (a brief of {} questions, {} bytes)",
            path.display(),
            brief.questions.len(),
            bytes.len()
        );
        return Ok(());
    }
    let pairs = comparison.sections.len();
    let noun = match (&comparison.handout, pairs) {
        (Some(_), 1) => "stop",
        (Some(_), _) => "stops",
        (None, 1) => "pair",
        (None, _) => "pairs",
    };
    let edition = comparison
        .handout
        .as_ref()
        .map(|h| format!(", {}", h.edition().to_lowercase()))
        .unwrap_or_default();
    eprintln!(
        "crosswalk: wrote {} ({pairs} {noun}{edition}, {} bytes)",
        path.display(),
        bytes.len()
    );
    Ok(())
}
