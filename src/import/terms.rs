//! An instrument's own term table: the file `NAME.terms.ron` beside the instrument file `NAME.md` (in
//! the instruments folder, or beside a file given with `--instrument`), in the layout of
//! `texts/terms.ron` with an `instruments: ("xl", "uncc")` line naming the two instruments it pairs.
//! The word diff of those two folds its terms; any other pair is compared word for word.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::annotations::fsio::{self, ReadError};
use crate::diff::{TermTable, TermsError};
use crate::instrument::InstrumentKey;

/// A term table is a small hand-written file; anything larger is not one.
const MAX_TERMS_BYTES: u64 = 4 * 1024 * 1024;

/// A term table that cannot be used (the instrument itself still loads).
#[derive(Debug, Error)]
pub enum TermFileError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file}: not UTF-8 text; save the term table as UTF-8")]
    NotText { file: String },
    #[error(transparent)]
    Terms(#[from] TermsError),
    #[error(
        "{file}: the table pairs {first} with {second}; the term table of {own} pairs {own} with another instrument (instruments: (\"{own}\", \"uncc\"))"
    )]
    NotItsOwn {
        file: String,
        own: InstrumentKey,
        first: InstrumentKey,
        second: InstrumentKey,
    },
}

/// Where the term table of the instrument file `instrument_file` is: `NAME.terms.ron` beside it.
pub fn terms_path(instrument_file: &Path) -> PathBuf {
    instrument_file.with_extension("terms.ron")
}

/// The term table beside an instrument file, if there is one; it must name the instrument `own` as
/// one of the two it pairs.
pub fn load_beside(
    instrument_file: &Path,
    own: &InstrumentKey,
) -> Option<Result<TermTable, TermFileError>> {
    let path = terms_path(instrument_file);
    path.exists().then(|| load(&path, own))
}

fn load(path: &Path, own: &InstrumentKey) -> Result<TermTable, TermFileError> {
    let file = path.display().to_string();
    let (bytes, _) = fsio::read_regular_file(path, MAX_TERMS_BYTES)?;
    let text =
        String::from_utf8(bytes).map_err(|_| TermFileError::NotText { file: file.clone() })?;
    let table = TermTable::parse(&text, &file)?;
    let (first, second) = &table.instruments;
    if first != own && second != own {
        return Err(TermFileError::NotItsOwn {
            file,
            own: own.clone(),
            first: first.clone(),
            second: second.clone(),
        });
    }
    Ok(table)
}
