//! Files on disk: atomic writes with a backup of the previous version. Annotation layers and exports
//! both write through here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// A file that could not be written; the previous version is left as it was.
#[derive(Debug, Error)]
#[error("{file}: {source}")]
pub struct WriteError {
    pub file: String,
    #[source]
    pub source: std::io::Error,
}

/// Writes `text` to `path` via a temporary file, fsync and rename, keeping the previous file as `.bak`.
pub fn save_text_atomically(path: &Path, text: &str) -> Result<(), WriteError> {
    save_bytes_atomically(path, text.as_bytes())
}

/// Writes bytes atomically (see `save_text_atomically`).
pub fn save_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let file = path.display().to_string();
    let io = |source| WriteError {
        file: file.clone(),
        source,
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "annotations.ron".into());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut handle = fs::File::create(&temporary)?;
        handle.write_all(bytes)?;
        handle.sync_all()?;
        Ok(())
    };
    if let Err(error) = write() {
        let _ = fs::remove_file(&temporary);
        return Err(io(error));
    }
    if path.exists() {
        let backup = backup_path(path);
        fs::copy(path, &backup).map_err(io)?;
        if let Ok(handle) = fs::File::open(&backup) {
            let _ = handle.sync_all();
        }
    }
    fs::rename(&temporary, path).map_err(io)?;
    // Make the rename itself durable.
    if let Ok(directory) = fs::File::open(folder) {
        let _ = directory.sync_all();
    }
    Ok(())
}

/// `notes.ron` → `notes.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}
