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
use crosswalk::model::shipped;

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

impl TableFormat {
    /// The core's name of the format (the table is written by `implementation::render`).
    fn table_format(self) -> implementation::TableFormat {
        use implementation::TableFormat as Core;
        match self {
            TableFormat::Csv => Core::Csv,
            TableFormat::Json => Core::Json,
            TableFormat::Html => Core::Html,
            TableFormat::Md => Core::Markdown,
            TableFormat::Xlsx => Core::Xlsx,
            TableFormat::Docx => Core::Docx,
        }
    }
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
    #[arg(long, default_value_t = implementation::DEFAULT_TOP)]
    pub top: usize,
    /// Write the table here (atomically) instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn command(args: ImplementationArgs, loaded: &Loaded, out: &mut dyn Write) -> Result<()> {
    let treaty = shipped::parse_treaty(&args.treaty).ok_or_else(|| {
        anyhow!(
            "unknown treaty {:?}: use uncc (UN Convention) or bc (Budapest Convention)",
            args.treaty
        )
    })?;
    let format = args.format.table_format();
    if args.output.is_none() && format.is_binary() {
        return Err(anyhow!(
            "{} is a binary format: give an output file with -o FILE",
            format.extension()
        ));
    }
    let instrument = loaded.given_instrument()?;
    if instrument.key().shipped_side().is_some() {
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
    let bytes = implementation::render(&table, format)?;
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
