//! `crosswalk import FILE`: a law, bill, protocol or language version as an instrument file in the
//! layout of `texts/`, written to the user's instruments folder (or `-o`); `--check` only reports.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crosswalk::import::{self, ImportOptions, Imported};
use crosswalk::instrument::InstrumentKey;
use crosswalk::model::Kind;

use super::printable;

/// How many article-level provisions the report lists with their IDs.
const FIRST_PROVISIONS: usize = 10;

/// The options of `crosswalk import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The law, bill, protocol or language version: .md, .txt, .docx, .html or .pdf.
    pub file: PathBuf,
    /// The ID prefix of its provisions (ke → ke:sec_5__subsec_1); from the file name by default.
    #[arg(long = "id", value_name = "PREFIX")]
    pub id: Option<String>,
    /// The title; the first paragraph by default.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The language of the text (BCP 47, e.g. en, fr); en by default.
    #[arg(long, value_name = "L")]
    pub language: Option<String>,
    /// The instrument (its ID prefix) this text is a language version of: its provisions' IDs must
    /// match the original's, and those that do not are reported when the original is loaded.
    #[arg(long = "version-of", value_name = "PREFIX")]
    pub version_of: Option<String>,
    /// Write the instrument here instead of the instruments folder.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Only report what would be imported; write nothing.
    #[arg(long)]
    pub check: bool,
    /// Replace an existing instrument file.
    #[arg(long)]
    pub force: bool,
}

pub fn command(request: ImportArgs, instruments: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let options = ImportOptions {
        id: request
            .id
            .as_deref()
            .map(InstrumentKey::parse)
            .transpose()?,
        title: request.title.clone(),
        language: request.language.clone(),
        version_of: (request.version_of.as_deref())
            .map(InstrumentKey::parse)
            .transpose()?,
    };
    let mut imported = import::import_file(&request.file, &options)?;
    if let Some(original) = &options.version_of {
        check_version(&mut imported, original, instruments, out)?;
    }
    report(&request.file, &imported, out)?;
    if request.check {
        writeln!(out, "Checked only (--check): nothing was written.")?;
        return Ok(());
    }
    let target = import::target_path(request.output.as_deref(), imported.instrument.key());
    import::save(&imported, &target, request.force)?;
    writeln!(out, "Wrote {}", printable(&target.display().to_string()))?;
    Ok(())
}

/// Adds a warning for each provision of a language version whose ID does not match the original's,
/// when the original is loaded (a shipped treaty, the instruments folder, `--instrument`).
fn check_version(
    imported: &mut Imported,
    original: &InstrumentKey,
    instruments: &[PathBuf],
    out: &mut dyn Write,
) -> Result<()> {
    let loaded = super::instruments::load_library(instruments)?;
    match loaded.library.instrument(original.as_str()) {
        Some(original) => {
            imported
                .warnings
                .extend(imported.version_warnings(original));
            imported.warnings.sort_by_key(|warning| warning.line);
        }
        None => writeln!(
            out,
            "Version of `{original}`, which is not loaded: its IDs were not compared (give --instrument FILE)."
        )?,
    }
    Ok(())
}

/// What was found: the instrument, the counts per level, the first provisions, every warning.
fn report(file: &Path, imported: &Imported, out: &mut dyn Write) -> Result<()> {
    let instrument = &imported.instrument;
    let file = printable(&file.display().to_string());
    writeln!(
        out,
        "{file}: {}, imported as `{}`: {} ({})",
        imported.format.name(),
        instrument.key(),
        printable(&instrument.title),
        instrument.info.language
    )?;
    writeln!(out, "Found:")?;
    for (level, count) in import::counts(instrument) {
        writeln!(out, "  {count:>5} {level}")?;
    }
    writeln!(out, "First provisions:")?;
    for node in instrument
        .nodes
        .iter()
        .filter(|node| node.kind == Kind::Article)
        .take(FIRST_PROVISIONS)
    {
        writeln!(
            out,
            "  {}\t{}\t{}",
            node.id,
            node.pinpoint,
            printable(node.heading.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "Warnings: {}", imported.warnings.len())?;
    for warning in &imported.warnings {
        writeln!(
            out,
            "{file}:{}: warning: {}",
            warning.line,
            printable(&warning.message)
        )?;
    }
    Ok(())
}
