//! Files on disk, handled as trusted editors handle them. Annotation layers, journals and exports all
//! read and write through here.
//!
//! Reading ([`read_regular_file`]): only regular files are opened (a FIFO, a device or a folder is refused
//! at once, and the open itself cannot block), and at most a fixed number of bytes is read, whatever
//! the file's metadata says.
//!
//! Writing ([`save_bytes_atomically`]): the bytes go to a temporary file beside the target, are synced,
//! get the target's permissions, then the previous version becomes `FILE.bak` by a hard link (an atomic
//! rename puts it in place, so a `.bak` is never half written) and the temporary file is renamed over
//! the target; the folder is synced last. A symbolic link is written through: its target is replaced
//! and the link stays. Every error path removes the temporary file, and a temporary file left by a save
//! that was killed is removed by the next save of the same file.
//!
//! [`DiskState`] remembers what a file was when it was read or written, so that a save can refuse to
//! overwrite changes made by another program or window.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use thiserror::Error;

/// A file that could not be written; the previous version is left as it was.
#[derive(Debug, Error)]
#[error("{file}: {cause}")]
pub struct WriteError {
    pub file: String,
    /// Part of the message, not a `source`: a message chain would print it twice.
    pub cause: io::Error,
}

/// A file that could not be read.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{file}: {cause}")]
    Io {
        file: String,
        /// Part of the message, not a `source`: a message chain would print it twice.
        cause: io::Error,
    },
    #[error("{file}: {kind}, not a regular file")]
    NotRegularFile { file: String, kind: &'static str },
    #[error("{file}: larger than the {max_bytes} bytes allowed")]
    TooLarge { file: String, max_bytes: u64 },
}

/// What a path is, for messages about things that are not regular files.
fn kind_of(metadata: &fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

/// Reads a regular file of at most `max_bytes` bytes, with the [`DiskState`] of what was read.
///
/// The type is checked before opening and again on the opened handle (the path may change in
/// between); on Unix the open is non-blocking, so a FIFO put in place at the last moment cannot hang.
/// The read stops one byte past the cap, so a device or a growing file cannot exhaust memory.
pub fn read_regular_file(path: &Path, max_bytes: u64) -> Result<(Vec<u8>, DiskState), ReadError> {
    let file = path.display().to_string();
    let io = |cause| ReadError::Io {
        file: file.clone(),
        cause,
    };
    let not_regular = |metadata: &fs::Metadata| ReadError::NotRegularFile {
        file: file.clone(),
        kind: kind_of(metadata),
    };
    let metadata = fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(not_regular(&metadata));
    }
    if metadata.len() > max_bytes {
        return Err(ReadError::TooLarge {
            file: file.clone(),
            max_bytes,
        });
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let handle = options.open(path).map_err(io)?;
    let metadata = handle.metadata().map_err(io)?;
    if !metadata.is_file() {
        return Err(not_regular(&metadata));
    }
    let mut bytes = Vec::new();
    handle
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge {
            file: file.clone(),
            max_bytes,
        });
    }
    let state = DiskState::of(&bytes, &metadata);
    Ok((bytes, state))
}

/// What a file was on disk when it was last read or written: size, modification time and a hash of
/// its bytes. Two states are the same file when size and hash agree (a `touch` changes nothing).
#[derive(Clone, Debug)]
pub struct DiskState {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// 64-bit FNV-1a of the bytes.
    pub hash: u64,
}

impl PartialEq for DiskState {
    fn eq(&self, other: &DiskState) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

impl Eq for DiskState {}

/// How a file differs from the [`DiskState`] remembered for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskChange {
    /// Another program or window wrote it.
    Modified(DiskState),
    /// It is gone.
    Removed,
    /// It cannot be read any more (the message says why).
    Unreadable(String),
}

/// A file changed on disk since it was read or written here; nothing was written over it.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{file}: {}", match .change {
    DiskChange::Modified(_) => "changed on disk since it was opened or saved here; nothing was overwritten (reload it, merge, or save as another file)".to_owned(),
    DiskChange::Removed => "was removed from disk since it was opened or saved here".to_owned(),
    DiskChange::Unreadable(why) => format!("cannot be checked before saving ({why}); nothing was overwritten"),
})]
pub struct ChangedOnDisk {
    pub file: String,
    pub change: DiskChange,
}

impl DiskState {
    /// The state of `bytes` just read from or written to a file with `metadata`.
    pub fn of(bytes: &[u8], metadata: &fs::Metadata) -> DiskState {
        DiskState {
            len: bytes.len() as u64,
            modified: metadata.modified().ok(),
            hash: hash_bytes(bytes),
        }
    }

    /// The current state of the file at `path` (read with the same cap as annotation files).
    pub fn read(path: &Path, max_bytes: u64) -> Result<DiskState, ReadError> {
        read_regular_file(path, max_bytes).map(|(_, state)| state)
    }

    /// `Ok` when the file at `path` still holds what this state describes.
    pub fn check_unchanged(&self, path: &Path) -> Result<(), ChangedOnDisk> {
        let changed = |change| ChangedOnDisk {
            file: path.display().to_string(),
            change,
        };
        // A different size needs no reading; otherwise compare the bytes' hash.
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_file() && metadata.len() != self.len => {
                return Err(changed(DiskChange::Modified(DiskState {
                    len: metadata.len(),
                    modified: metadata.modified().ok(),
                    hash: 0,
                })));
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(changed(DiskChange::Removed));
            }
            _ => {}
        }
        match read_regular_file(path, self.len.max(1)) {
            Ok((_, now)) if now == *self => Ok(()),
            Ok((_, now)) => Err(changed(DiskChange::Modified(now))),
            Err(ReadError::TooLarge { .. }) => Err(changed(DiskChange::Modified(DiskState {
                len: self.len + 1,
                modified: None,
                hash: 0,
            }))),
            Err(ReadError::Io { cause, .. }) if cause.kind() == io::ErrorKind::NotFound => {
                Err(changed(DiskChange::Removed))
            }
            Err(error) => Err(changed(DiskChange::Unreadable(error.to_string()))),
        }
    }
}

/// 64-bit FNV-1a: stable, dependency-free, plenty to tell two versions of a file apart.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Writes `text` to `path` atomically (see [`save_bytes_atomically`]).
pub fn save_text_atomically(path: &Path, text: &str) -> Result<(), WriteError> {
    save_bytes_atomically(path, text.as_bytes())
}

/// Writes bytes to `path` atomically, keeping the previous version as `.bak` (see the module docs).
/// Returns the state of what was written. A path that names a device or a pipe (`/dev/stdout`) is
/// written straight through, without a temporary file or backup.
pub fn save_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    save_bytes_atomically_with(path, bytes, Backup::Keep, &mut write_all).map(|_| ())
}

/// Whether a save keeps the previous version as `FILE.bak`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backup {
    Keep,
    /// For files that are copies already (journals, the result of a git merge driver).
    None,
}

/// The plain writer: all the bytes into the file.
pub fn write_all(file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)
}

/// [`save_bytes_atomically`] with the writing of the bytes into the temporary file done by `write`,
/// so that tests can inject a failing disk; returns the state of what was written.
pub fn save_bytes_atomically_with(
    path: &Path,
    bytes: &[u8],
    backup: Backup,
    write: &mut dyn FnMut(&mut fs::File, &[u8]) -> io::Result<()>,
) -> Result<DiskState, WriteError> {
    let error = |cause| WriteError {
        file: path.display().to_string(),
        cause,
    };
    let target = resolve_links(path).map_err(error)?;
    let existing = match fs::metadata(&target) {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(error(e)),
    };
    if let Some(metadata) = &existing {
        if metadata.is_dir() {
            return Err(error(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a folder",
            )));
        }
        if !metadata.is_file() {
            // A device or a pipe: there is nothing to rename over; write to it as a shell would.
            let mut handle = fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(error)?;
            write(&mut handle, bytes).map_err(error)?;
            handle.flush().map_err(error)?;
            return Ok(DiskState {
                len: bytes.len() as u64,
                modified: None,
                hash: hash_bytes(bytes),
            });
        }
    }
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| error(io::Error::new(io::ErrorKind::InvalidInput, "no file name")))?;
    remove_stale_temporaries(&folder, &name);

    let temporary = Temporary::create(&folder, &name, existing.is_some()).map_err(error)?;
    let mut handle = temporary
        .handle
        .as_ref()
        .map_or_else(
            || Err(io::Error::other("temporary file not open")),
            |h| h.try_clone(),
        )
        .map_err(error)?;
    write(&mut handle, bytes).map_err(error)?;
    handle.flush().map_err(error)?;
    handle.sync_all().map_err(error)?;
    if let Some(metadata) = &existing {
        // Keep the file's permissions (a private 0600 file stays private).
        fs::set_permissions(&temporary.path, metadata.permissions()).map_err(error)?;
        if backup == Backup::Keep {
            make_backup(&target, &folder, &name).map_err(error)?;
        }
    }
    let written = handle.metadata().map_err(error)?;
    temporary.rename_to(&target).map_err(error)?;
    // Make the rename itself durable; some file systems cannot sync a folder, which is not an error.
    if let Ok(directory) = fs::File::open(&folder) {
        let _ = directory.sync_all();
    }
    Ok(DiskState::of(bytes, &written))
}

/// Follows symbolic links to the file they point at (which may not exist yet).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// The previous version becomes `FILE.bak`: a hard link under a temporary name, renamed over the old
/// backup, so a `.bak` is always a complete file. Where hard links are not supported, a synced copy.
fn make_backup(target: &Path, folder: &Path, name: &str) -> io::Result<()> {
    let backup = backup_path(target);
    let link = temporary_name(folder, name, "-bak");
    if fs::hard_link(target, &link).is_err() {
        let copied = (|| {
            fs::copy(target, &link)?;
            fs::File::open(&link)?.sync_all()
        })();
        if let Err(error) = copied {
            let _ = fs::remove_file(&link);
            return Err(error);
        }
    }
    let renamed = fs::rename(&link, &backup);
    // When the backup already is a name of the same file (a save was killed between its backup and
    // its rename), rename does nothing and leaves the link: it is removed here either way.
    let _ = fs::remove_file(&link);
    renamed
}

static TEMPORARY_COUNTER: AtomicU64 = AtomicU64::new(0);

/// `.NAME.PID-N[SUFFIX].tmp` beside the target.
fn temporary_name(folder: &Path, name: &str, suffix: &str) -> PathBuf {
    let n = TEMPORARY_COUNTER.fetch_add(1, Ordering::Relaxed);
    folder.join(format!(".{name}.{}-{n}{suffix}.tmp", std::process::id()))
}

/// Whether `entry` is a temporary file of a save of `name` (`.NAME.<digits, letters, dashes>.tmp`).
fn is_temporary_of(entry: &str, name: &str) -> bool {
    entry
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(name))
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|middle| {
            !middle.is_empty()
                && middle
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase() || c == '-')
        })
}

/// Removes temporary files that a killed save of `name` left behind. A save in progress holds a lock
/// on its temporary file, so only abandoned ones can be locked here and removed.
fn remove_stale_temporaries(folder: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        if !is_temporary_of(&file_name.to_string_lossy(), name) {
            continue;
        }
        let path = entry.path();
        // A backup link is only a second name for the file or its backup (or a synced copy of the
        // file), so a stale one is removed outright; its inode may be locked by the live file's own
        // save, which says nothing about the link. A data temporary is removed only when no save
        // holds its lock.
        if file_name.to_string_lossy().ends_with("-bak.tmp") {
            let _ = fs::remove_file(&path);
            continue;
        }
        let Ok(handle) = fs::File::open(&path) else {
            continue;
        };
        if handle.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// A temporary file that removes itself unless it was renamed into place.
struct Temporary {
    path: PathBuf,
    handle: Option<fs::File>,
}

impl Temporary {
    fn create(folder: &Path, name: &str, private: bool) -> io::Result<Temporary> {
        let path = temporary_name(folder, name, "");
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            // Until it gets the target's own permissions, nobody else may read it.
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let handle = options.open(&path)?;
        // Tells a concurrent save's clean-up that this file is in use.
        let _ = handle.try_lock();
        Ok(Temporary {
            path,
            handle: Some(handle),
        })
    }

    fn rename_to(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.handle = None;
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// `notes.ron` → `notes.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// The temporary files of saves of `path` that exist now (for tests and diagnostics).
pub fn temporaries_of(path: &Path) -> Vec<PathBuf> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| is_temporary_of(&entry.file_name().to_string_lossy(), &name))
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_match_only_their_own_file() {
        assert!(is_temporary_of(".a.ron.123-4.tmp", "a.ron"));
        assert!(is_temporary_of(".a.ron.123-4-bak.tmp", "a.ron"));
        assert!(!is_temporary_of(".a.ron.x.123-4.tmp", "a.ron"));
        assert!(!is_temporary_of(".a.ron.tmp", "a.ron"));
        assert!(!is_temporary_of("a.ron.123.tmp", "a.ron"));
        assert!(!is_temporary_of(".b.ron.1.tmp", "a.ron"));
    }

    #[test]
    fn a_locked_temporary_is_left_alone_and_an_abandoned_one_removed() {
        let dir = tempfile::tempdir().unwrap();
        let busy = dir.path().join(".a.ron.1-1.tmp");
        let stale = dir.path().join(".a.ron.2-1.tmp");
        fs::write(&busy, "x").unwrap();
        fs::write(&stale, "y").unwrap();
        let holder = fs::File::open(&busy).unwrap();
        holder.lock().unwrap();
        remove_stale_temporaries(dir.path(), "a.ron");
        assert!(busy.exists(), "a save in progress keeps its file");
        assert!(!stale.exists());
    }

    #[test]
    fn a_backup_that_already_is_the_file_leaves_no_link_behind() {
        // A save killed after its backup link and before its rename leaves `.bak` as a second name
        // of the file; rename(2) between two names of one file does nothing.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.ron");
        fs::write(&file, "()").unwrap();
        fs::hard_link(&file, backup_path(&file)).unwrap();
        save_bytes_atomically(&file, b"(annotations: [])").unwrap();
        assert_eq!(temporaries_of(&file), Vec::<PathBuf>::new());
        assert_eq!(fs::read(backup_path(&file)).unwrap(), b"()");
        assert_eq!(fs::read(&file).unwrap(), b"(annotations: [])");
    }
}
