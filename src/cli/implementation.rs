//! `crosswalk implementation --treaty uncc --instrument FILE`: every obligation of the treaty with the
//! instrument's counterparts, scores and (with `--layer`) the reviewer's relation, note and evidence.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use clap::ValueEnum;

use super::instruments::Loaded;
use super::printable;
use crosswalk::annotations::{AnnotationFile, fsio};
use crosswalk::corpus::Corpus;
use crosswalk::implementation;
use crosswalk::model::Side;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    #[default]
    Csv,
    Json,
    Html,
    Md,
    /// An Excel workbook (binary: needs -o FILE).
    Xlsx,
    /// A Word document (binary: needs -o FILE).
    Docx,
}

/// The options of `crosswalk implementation` (the instrument is the last `--instrument`).
#[derive(clap::Args, Debug)]
pub struct ImplementationArgs {
    /// The treaty whose obligations are listed: uncc or bc.
    #[arg(long)]
    pub treaty: String,
    /// The table as csv, json, html, md (Markdown), xlsx (an Excel workbook) or docx (a Word document);
    /// xlsx and docx need -o FILE.
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
    /// A layer whose links from an obligation to the instrument give the relation, note and evidence.
    #[arg(long, value_name = "FILE")]
    pub layer: Option<PathBuf>,
    /// How many suggested counterparts per obligation.
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Write the table here (atomically) instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn command(args: ImplementationArgs, loaded: &Loaded, out: &mut dyn Write) -> Result<()> {
    let treaty = Side::parse(&args.treaty).ok_or_else(|| {
        anyhow!(
            "unknown treaty {:?}: use uncc (UN Convention) or bc (Budapest Convention)",
            args.treaty
        )
    })?;
    let binary = match args.format {
        TableFormat::Xlsx => Some("xlsx"),
        TableFormat::Docx => Some("docx"),
        _ => None,
    };
    if let (None, Some(format)) = (&args.output, binary) {
        return Err(anyhow!(
            "{format} is a binary format: give an output file with -o FILE"
        ));
    }
    let instrument = loaded.given_instrument()?;
    if instrument.key().treaty().is_some() {
        return Err(anyhow!(
            "--instrument names the instrument to compare with the treaty, not a treaty"
        ));
    }
    let layer = args
        .layer
        .as_deref()
        .map(AnnotationFile::load)
        .transpose()?;
    let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
    let table = implementation::build(
        &loaded.library,
        treaty,
        instrument.key().as_str(),
        layer.as_ref(),
        corpus.comparisons.normaliser(),
        args.top,
    )
    .ok_or_else(|| anyhow!("instrument {} is not loaded", instrument.key()))?;
    let bytes = match args.format {
        TableFormat::Csv => implementation::to_csv(&table)?,
        TableFormat::Json => (implementation::to_json(&table)? + "\n").into_bytes(),
        TableFormat::Html => implementation::to_html(&table).into_bytes(),
        TableFormat::Md => implementation::to_markdown(&table).into_bytes(),
        TableFormat::Xlsx => implementation::to_xlsx(&table).context("writing the workbook")?,
        TableFormat::Docx => implementation::to_docx(&table),
    };
    match args.output {
        Some(path) => {
            fsio::save_bytes_atomically(&path, &bytes)?;
            writeln!(
                out,
                "Wrote {} ({} obligations)",
                printable(&path.display().to_string()),
                table.rows.len()
            )?;
        }
        None => out.write_all(&bytes)?,
    }
    Ok(())
}
