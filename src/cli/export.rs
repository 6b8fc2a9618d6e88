//! `crosswalk export`: a selection of pairs (or a lesson's handout) printed as HTML, Markdown, DOCX, PDF,
//! CSV, JSON or W3C annotations, to a file or standard output.

use std::io::Write;

use anyhow::{Context, Result, anyhow};

use super::instruments::{Loaded, instrument_named};
use super::{
    ExportArgs, ExportFormat, LayoutArg, NotesArg, PaperArg, corpus_with, lesson, load_layers,
};
use crosswalk::annotations;
use crosswalk::corpus::Corpus;
use crosswalk::export;
use crosswalk::model::{ProvisionId, Side, shipped};

pub fn command(args: ExportArgs, loaded: &Loaded, out: &mut dyn Write) -> Result<()> {
    let corpus = compared_corpus(&args, loaded)?;
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
        // "-o -" asks for standard output in so many words, binary formats included.
        Some(path) if path.as_os_str() == "-" => write_out(out, &rendered.bytes),
        Some(path) if is_stream(&path) => write_stream(&path, &rendered.bytes),
        Some(path) => write_file(&path, &comparison, &rendered.bytes),
        None => write_out(out, &rendered.bytes),
    }
}

/// The corpus the export compares: the two treaties, or the instrument `--instrument` (or the
/// selection's IDs) names beside the one `--against` names, the UN Convention by default — the
/// pair `crosswalk diff` and `suggest --against` compare, put on the two sides by [`Corpus::paired`].
fn compared_corpus(args: &ExportArgs, loaded: &Loaded) -> Result<Corpus> {
    let shipped = corpus_with(loaded)?;
    if args.lesson.is_some() {
        return Ok(shipped);
    }
    let library = &shipped.library;
    let against = args
        .against
        .as_deref()
        .map(|name| instrument_named(library, name).map(|i| i.key().to_string()))
        .transpose()?;
    let given = loaded.given.last().map(ToString::to_string);
    let instrument = given.or_else(|| {
        selection_prefixes(&args.select)
            .into_iter()
            .find(|prefix| prefix_is_other(prefix, against.as_deref()))
    });
    let Some(instrument) = instrument else {
        return match against {
            None => Ok(shipped),
            Some(against) => Err(anyhow!(
                "--against {against} sets another instrument beside {against}: name it with --instrument FILE (or PREFIX), or select its provisions with --select"
            )),
        };
    };
    let against = against.unwrap_or_else(|| {
        let default = match treaty_of(&instrument) {
            Some(Side::Revision) => Side::Base,
            _ => Side::Revision,
        };
        shipped::prefix(default).to_owned()
    });
    if instrument == against {
        return Err(anyhow!(
            "export sets two instruments side by side; both are {instrument}: give --against PREFIX"
        ));
    }
    if [instrument.as_str(), against.as_str()]
        == [shipped::prefix(Side::Revision), shipped::prefix(Side::Base)]
    {
        return Ok(shipped);
    }
    shipped
        .paired(&instrument, &against)
        .ok_or_else(|| anyhow!("instrument {instrument} is not loaded"))
}

/// The instrument prefixes of the provision IDs a `--select` value names, in order.
fn selection_prefixes(select: &str) -> Vec<String> {
    let mut prefixes: Vec<String> = Vec::new();
    let list = select.split_once('=').map_or("", |(_, list)| list);
    for word in list.split([',', '+']) {
        if let Ok(id) = ProvisionId::parse(word.trim())
            && !prefixes.iter().any(|known| known == id.instrument())
        {
            prefixes.push(id.instrument().to_owned());
        }
    }
    prefixes
}

/// Whether a prefix named in the selection is the instrument to set beside `against`: not `against`
/// itself, and (without `--against`) not a treaty, since two treaties are the shipped comparison.
fn prefix_is_other(prefix: &str, against: Option<&str>) -> bool {
    match against {
        Some(against) => prefix != against,
        None => treaty_of(prefix).is_none(),
    }
}

/// The shipped treaty an instrument prefix names, if it is one of the two.
fn treaty_of(prefix: &str) -> Option<Side> {
    shipped::side_of_prefix(prefix)
}

/// Writes to standard output; a reader that closed the pipe early is not an error of ours.
fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => Ok(result?),
    }
}

/// Whether the output is something other than a file to replace: /dev/stdout, a pipe, a terminal.
/// Those cannot take a temporary file renamed over them, so they are written as they are.
fn is_stream(path: &std::path::Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

fn write_stream(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let mut stream = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    match stream.write_all(bytes) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => Ok(result.with_context(|| format!("writing {}", path.display()))?),
    }
}

fn export_format(format: ExportFormat) -> export::Format {
    match format {
        ExportFormat::Html => export::Format::Html,
        ExportFormat::Md => export::Format::Markdown,
        ExportFormat::Docx => export::Format::Docx,
        ExportFormat::Pdf => export::Format::Pdf,
        ExportFormat::Csv => export::Format::Csv,
        ExportFormat::Xlsx => export::Format::Xlsx,
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
        let links = comparison
            .appendix
            .iter()
            .filter(|note| note.kind == export::NoteKind::Link)
            .count();
        let of_which = match links {
            0 => String::new(),
            1 => " (1 of them a link with an end outside the selection)".to_owned(),
            n => format!(" ({n} of them links with an end outside the selection)"),
        };
        eprintln!(
            "crosswalk: {outside} {} on provisions outside the selection, listed in the appendix{of_which}",
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
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let one_sided = comparison
        .sections
        .iter()
        .filter(|s| s.only_in.is_some())
        .count();
    let shown = match &comparison.handout {
        Some(handout) => format!(
            "{}, {}",
            count(comparison.sections.len(), "stop", "stops"),
            handout.edition().to_lowercase()
        ),
        None if one_sided > 0 => format!(
            "{} and {}",
            count(comparison.sections.len() - one_sided, "pair", "pairs"),
            count(
                one_sided,
                "provision without counterpart",
                "provisions without counterpart"
            )
        ),
        None => count(comparison.sections.len(), "pair", "pairs"),
    };
    eprintln!(
        "crosswalk: wrote {} ({shown}, {} bytes)",
        path.display(),
        bytes.len()
    );
    Ok(())
}
