//! The journal of unsaved edits: what a crash (or a kill, or a power cut) must not take away.
//!
//! While a layer has changes that are not saved, the window calls [`Workspace::write_journals`]
//! a moment after each edit. Each journal is one RON file written atomically (temporary file, sync,
//! rename): `notes.ron.journal` beside the layer's file, or `untitled-….ron.journal` in the app's data
//! folder for a layer that has no file yet. It holds the edited layer and the state it started from.
//! A save removes it, so does closing the layer (the user chose Discard).
//!
//! At the next start, [`recover`] lists the journals that are newer than their file and differ from
//! it; the window offers each back ([`Workspace::restore_journal`]) or drops it ([`discard`]).
//!
//! [`Workspace::write_journals`]: super::Workspace::write_journals
//! [`Workspace::restore_journal`]: super::Workspace::restore_journal

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::file::{AnnotationFile, MAX_FILE_BYTES};
use super::fsio;

/// The file name ending of journals.
pub const EXTENSION: &str = "journal";

/// One journal: the edited layer, what it started from, and which file it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// The layer's file; `None` for a layer never saved.
    pub layer: Option<PathBuf>,
    /// When the journal was written (RFC 3339, UTC).
    pub written: String,
    /// Size and hash (16 hex digits) of the layer's file when the edits began, so that a save after
    /// recovery notices a file changed since.
    #[serde(default)]
    pub base_len: Option<u64>,
    #[serde(default)]
    pub base_hash: Option<String>,
    /// The layer as it was read or last saved: the base for a merge.
    #[serde(default)]
    pub base: Option<AnnotationFile>,
    /// The layer with its unsaved edits.
    pub edited: AnnotationFile,
}

/// A journal that could not be written or read.
#[derive(Debug, Error)]
pub enum JournalError {
    #[error(transparent)]
    Write(#[from] fsio::WriteError),
    #[error(transparent)]
    Read(#[from] fsio::ReadError),
    #[error("{file}: not a journal this version reads ({message})")]
    Syntax { file: String, message: String },
}

/// A journal found by [`recover`], to be offered back.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// Where the journal is (pass to [`discard`] to drop it).
    pub journal: PathBuf,
    pub journal_entry: Journal,
}

/// `notes.ron` → `notes.ron.journal`.
pub fn path_beside(layer: &Path) -> PathBuf {
    let mut name = layer.as_os_str().to_owned();
    name.push(".");
    name.push(EXTENSION);
    PathBuf::from(name)
}

/// The journal of a layer without a file, named by `key`, in the app's data folder.
pub fn path_in(data_dir: &Path, key: &str) -> PathBuf {
    let key: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    data_dir.join(format!("{key}.ron.{EXTENSION}"))
}

/// Writes a journal atomically (no `.bak`: a journal is already a copy). Creates the folder of a
/// data-folder journal if needed.
pub fn write(path: &Path, journal: &Journal) -> Result<(), JournalError> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !folder.exists()
    {
        std::fs::create_dir_all(folder).map_err(|cause| fsio::WriteError {
            file: folder.display().to_string(),
            cause,
        })?;
    }
    let config = ron::ser::PrettyConfig::new().indentor("    ");
    let text =
        ron::ser::to_string_pretty(journal, config).map_err(|error| JournalError::Syntax {
            file: path.display().to_string(),
            message: error.to_string(),
        })?;
    let text = format!(
        "// Unsaved Crosswalk edits, kept in case the app stops before saving. Safe to delete.\n{text}\n"
    );
    fsio::save_bytes_atomically_with(
        path,
        text.as_bytes(),
        fsio::Backup::None,
        &mut fsio::write_all,
    )?;
    Ok(())
}

/// Reads one journal.
pub fn read(path: &Path) -> Result<Journal, JournalError> {
    let file = path.display().to_string();
    // A journal holds the layer twice (base and edited).
    let (bytes, _) = fsio::read_regular_file(path, 2 * MAX_FILE_BYTES + 1024 * 1024)?;
    let text = std::str::from_utf8(&bytes).map_err(|error| JournalError::Syntax {
        file: file.clone(),
        message: error.to_string(),
    })?;
    ron::Options::default()
        .with_recursion_limit(super::scan::MAX_NESTING)
        .from_str(text)
        .map_err(|error| JournalError::Syntax {
            file,
            message: error.to_string(),
        })
}

/// Removes a journal; one that is already gone is fine.
pub fn discard(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// What [`recover`] found: journals to offer back, and journals that could not be read (listed, so
/// the window can say so; never removed here).
#[derive(Debug, Default)]
pub struct Recovery {
    pub found: Vec<Recovered>,
    pub unreadable: Vec<JournalError>,
}

/// The journals left by a session that did not save: every `*.journal` in `data_dir`, and the
/// journal beside each of `layer_files` (the files open or recently used). A journal is offered when
/// its layer has no file, or the file is not newer than the journal and differs from the edits.
/// Sorted by journal path.
pub fn recover(data_dir: &Path, layer_files: &[PathBuf]) -> Recovery {
    let mut candidates: Vec<PathBuf> = layer_files.iter().map(|path| path_beside(path)).collect();
    if let Ok(entries) = std::fs::read_dir(data_dir) {
        candidates.extend(entries.flatten().map(|entry| entry.path()).filter(|path| {
            path.extension().is_some_and(|ext| ext == EXTENSION)
                && path
                    .file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        }));
    }
    candidates.sort();
    candidates.dedup();
    let mut recovery = Recovery::default();
    for journal_path in candidates {
        if !journal_path.exists() {
            continue;
        }
        let entry = match read(&journal_path) {
            Ok(entry) => entry,
            Err(error) => {
                recovery.unreadable.push(error);
                continue;
            }
        };
        if let Some(layer) = &entry.layer {
            if !is_newer_than(&journal_path, layer) {
                continue;
            }
            // Edits that were saved after all are nothing to recover.
            if AnnotationFile::load(layer).is_ok_and(|on_disk| on_disk == entry.edited) {
                continue;
            }
        }
        recovery.found.push(Recovered {
            journal: journal_path,
            journal_entry: entry,
        });
    }
    recovery
}

/// Whether `journal` was written no earlier than `file` (or `file` is gone).
fn is_newer_than(journal: &Path, file: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified());
    match (modified(journal), modified(file)) {
        (Ok(journal), Ok(file)) => journal >= file,
        (Ok(_), Err(_)) => true,
        _ => false,
    }
}
