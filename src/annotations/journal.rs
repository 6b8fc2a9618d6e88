//! The journal of unsaved edits: what a crash (or a kill, or a power cut) must not take away.
//!
//! While a layer has changes that are not saved, the window calls [`Workspace::write_journals`]
//! a moment after each edit. Each journal is one RON file written atomically (temporary file, sync,
//! rename), one per file *and per window* ([`WindowKey`]): `notes.ron.<window>.journal` beside the
//! layer's file, so two windows on one file never overwrite or remove each other's. A layer without a
//! file, or whose folder cannot be written (read-only), is journaled in the app's data folder instead.
//! A journal holds the edited layer and the state it started from (size and hash of the file). A save
//! removes it, so does closing the layer (the user chose Discard).
//!
//! At the next start, [`recover`] lists every journal in the data folder and beside each file it is
//! told of (the command line's, the recent ones, those open when the app last ran: see
//! [`record_open_files`]). A journal is judged by content, never by file times: it is offered unless
//! its edits are what the file holds now. The window offers each back ([`Workspace::restore_journal`],
//! which merges it with a file saved since) or drops it ([`discard`]).
//!
//! [`Workspace::write_journals`]: super::Workspace::write_journals
//! [`Workspace::restore_journal`]: super::Workspace::restore_journal

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Names one window's journals apart from every other window's, also of another run or process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowKey(String);

impl Default for WindowKey {
    fn default() -> WindowKey {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        WindowKey(format!("{:x}-{nanos:x}-{count}", std::process::id()))
    }
}

impl WindowKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `notes.ron` → `notes.ron.<window>.journal`.
pub fn path_beside(layer: &Path, window: &WindowKey) -> PathBuf {
    let mut name = layer.as_os_str().to_owned();
    name.push(format!(".{}.{EXTENSION}", window.as_str()));
    PathBuf::from(name)
}

/// The journal in the data folder of a layer whose folder cannot be written: named by the file's
/// name, a hash of its whole path and the window.
pub fn path_in_data_dir_for(data_dir: &Path, layer: &Path, window: &WindowKey) -> PathBuf {
    let name = layer
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let hash = fsio::hash_bytes(layer.as_os_str().as_encoded_bytes());
    path_in(data_dir, &format!("{name}-{hash:016x}-{}", window.as_str()))
}

/// Every journal beside `layer`: of any window, and `notes.ron.journal` of earlier versions.
fn journals_beside(layer: &Path) -> Vec<PathBuf> {
    let Some(name) = layer
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let folder = match layer.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let prefix = format!("{name}.");
    let suffix = format!(".{EXTENSION}");
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            // A folder or a pipe in the way is no journal (and cannot be read as one).
            if !entry.file_type().is_ok_and(|kind| kind.is_file()) {
                return false;
            }
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            entry_name.len() >= prefix.len() + EXTENSION.len()
                && entry_name.starts_with(&prefix)
                && entry_name.ends_with(&suffix)
        })
        .map(|entry| layer.with_file_name(entry.file_name()))
        .collect()
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

/// The journals left by a session that did not save: every `*.journal` in `data_dir`, and every
/// journal beside each of `layer_files` (the command line's, the recent files) and of the files
/// recorded by [`record_open_files`]. A journal is offered when its layer has no file, or when the file
/// does not hold its edits (whatever the file's time: a save after the journal, or a clock with
/// two-second steps, changes nothing). Sorted by journal path.
pub fn recover(data_dir: &Path, layer_files: &[PathBuf]) -> Recovery {
    let mut files = layer_files.to_vec();
    files.extend(recorded_open_files(data_dir));
    let mut candidates: Vec<PathBuf> = files
        .iter()
        .flat_map(|path| journals_beside(path))
        .collect();
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
        // Edits that were saved after all are nothing to recover.
        if let Some(layer) = &entry.layer
            && AnnotationFile::load(layer).is_ok_and(|on_disk| on_disk == entry.edited)
        {
            continue;
        }
        recovery.found.push(Recovered {
            journal: journal_path,
            journal_entry: entry,
        });
    }
    recovery
}

/// The folder, inside the data folder, of the lists of files open in each window.
fn open_files_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("open-files")
}

/// Records the files open in a window, as soon as they change: the next start looks beside each for
/// journals even if the window never got to save its settings. Written atomically; an empty list
/// removes the record (the window closed its files or quit).
pub fn record_open_files(
    data_dir: &Path,
    window: &WindowKey,
    files: &[PathBuf],
) -> Result<(), JournalError> {
    let path = open_files_dir(data_dir).join(format!("{}.ron", window.as_str()));
    if files.is_empty() {
        let _ = discard(&path);
        return Ok(());
    }
    std::fs::create_dir_all(open_files_dir(data_dir)).map_err(|cause| fsio::WriteError {
        file: open_files_dir(data_dir).display().to_string(),
        cause,
    })?;
    let text = ron::to_string(files).map_err(|error| JournalError::Syntax {
        file: path.display().to_string(),
        message: error.to_string(),
    })?;
    fsio::save_bytes_atomically_with(
        &path,
        text.as_bytes(),
        fsio::Backup::None,
        &mut fsio::write_all,
    )?;
    Ok(())
}

/// The files every window recorded ([`record_open_files`]), sorted. A record none of whose files has
/// a journal beside it any more is removed: nothing is left to find through it.
pub fn recorded_open_files(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(open_files_dir(data_dir)) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for record in entries.flatten().map(|entry| entry.path()) {
        let listed: Vec<PathBuf> = fsio::read_regular_file(&record, 1024 * 1024)
            .ok()
            .and_then(|(bytes, _)| ron::de::from_bytes(&bytes).ok())
            .unwrap_or_default();
        if listed.iter().all(|file| journals_beside(file).is_empty()) {
            let _ = discard(&record);
        }
        files.extend(listed);
    }
    files.sort();
    files.dedup();
    files
}
