//! The instruments the command line works on: the two shipped treaties, every instrument in the user's
//! instruments folder, and those given with `--instrument FILE` (repeatable, on any subcommand).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crosswalk::diff::TermTable;
use crosswalk::folders;
use crosswalk::import::{self, terms};
use crosswalk::instrument::{Instrument, InstrumentKey};
use crosswalk::model::{Library, shipped};
use crosswalk::texts;

use super::printable;

/// The shipped treaties with the instruments of the folder and of `--instrument`. A file given on the
/// command line that cannot be read is an error; one in the folder is a warning (it is not loaded, and
/// nothing else stops). An instrument given on the command line replaces a folder one with its prefix.
pub fn load_library(given: &[PathBuf]) -> Result<Loaded> {
    let library = texts::load_embedded().context("parsing the embedded treaty texts")?;
    let mut loaded: Vec<Instrument> = Vec::new();
    let mut terms = Vec::new();
    let mut given_keys = Vec::new();
    for path in given {
        if is_file_argument(path) {
            let instrument = import::load_instrument(path)?;
            if let Some(table) = terms::load_beside(path, instrument.key()) {
                terms.push(table?);
            }
            given_keys.push(instrument.key().clone());
            loaded.push(instrument);
        } else {
            given_keys.push(InstrumentKey::parse(&path.display().to_string())?);
        }
    }
    for (path, result) in import::load_folder(&folders::instruments_dir()) {
        match result {
            Ok(instrument) if !loaded.iter().any(|i| i.key() == instrument.key()) => {
                match terms::load_beside(&path, instrument.key()) {
                    Some(Ok(table)) => terms.push(table),
                    Some(Err(error)) => warn_not_loaded(&terms::terms_path(&path), &error),
                    None => {}
                }
                loaded.push(instrument);
            }
            Ok(_) => {}
            Err(error) => warn_not_loaded(&path, &error),
        }
    }
    Ok(Loaded {
        library: library.with_imported(loaded)?,
        given: given_keys,
        terms,
    })
}

/// A file in the instruments folder that could not be read is said, and nothing else stops.
fn warn_not_loaded(path: &Path, error: &dyn std::error::Error) {
    eprintln!(
        "crosswalk: warning: {} (not loaded): {}",
        printable(&path.display().to_string()),
        printable(&error.to_string())
    );
}

/// The library, the prefixes `--instrument` named, in order, and the loaded instruments' term tables.
pub struct Loaded {
    pub library: Library,
    pub given: Vec<InstrumentKey>,
    pub terms: Vec<TermTable>,
}

/// Whether an `--instrument` value names a file (rather than the prefix of a loaded instrument).
fn is_file_argument(path: &Path) -> bool {
    path.exists()
        || path
            .to_str()
            .is_none_or(|text| !InstrumentKey::is_valid(text))
}

/// The loaded instrument a command-line word names: a treaty as `outline` always took it (`uncc`, `bc`,
/// `un`, `budapest`) or any loaded instrument's prefix.
pub fn instrument_named<'a>(library: &'a Library, name: &str) -> Result<&'a Instrument> {
    if let Some(key) = shipped::parse_treaty(name) {
        return Ok(&library.treaty(key).instrument);
    }
    library.instrument(name.trim()).ok_or_else(|| {
        let loaded: Vec<&str> = library.instruments().map(|i| i.key().as_str()).collect();
        anyhow!(
            "unknown treaty or instrument {name:?}: use uncc (UN Convention), bc (Budapest Convention) or a loaded instrument ({}); import one with `crosswalk import FILE`, or give --instrument FILE",
            loaded.join(", ")
        )
    })
}

impl Loaded {
    /// The instrument `--instrument` names for a command that compares one: the last one given, as a
    /// file (by the prefix it was loaded with) or as a loaded prefix.
    pub fn given_instrument(&self) -> Result<&Instrument> {
        let last = self.given.last().ok_or_else(|| {
            anyhow!(
                "give the instrument to compare with --instrument FILE (or the prefix of an imported one)"
            )
        })?;
        instrument_named(&self.library, last.as_str())
    }
}
