//! The app's folders on each platform: where journals, the window's state and the user's instruments
//! live. One home, so the window and the command line (built with or without the window) agree.

use std::path::PathBuf;

/// The folder's name under the platform's data folder (also the window's application ID).
pub const APP_ID: &str = "crosswalk";

/// The app's data folder: `CROSSWALK_DATA_DIR`, else the platform's: `$XDG_DATA_HOME/crosswalk` or
/// `~/.local/share/crosswalk`, macOS's `~/Library/Application Support/crosswalk`, Windows' roaming
/// `%APPDATA%\crosswalk\data` (the folder eframe keeps the window's own state in, never one that
/// cleaners empty); the temporary folder where none is known.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CROSSWALK_DATA_DIR") {
        return PathBuf::from(dir);
    }
    platform_data_dir().unwrap_or_else(|| std::env::temp_dir().join(APP_ID))
}

fn platform_data_dir() -> Option<PathBuf> {
    let home = std::env::home_dir();
    if cfg!(target_os = "macos") {
        return home.map(|h| h.join("Library").join("Application Support").join(APP_ID));
    }
    if cfg!(windows) {
        return std::env::var_os("APPDATA").map(|d| PathBuf::from(d).join(APP_ID).join("data"));
    }
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home.map(|h| h.join(".local").join("share")))
        .map(|p| p.join(APP_ID))
}

/// The user's instruments folder: imported instruments are written here and loaded from here.
pub fn instruments_dir() -> PathBuf {
    instruments_dir_in(&data_dir())
}

/// The instruments folder of the data folder `data_dir` (the window's may be set apart, in tests).
pub fn instruments_dir_in(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("instruments")
}
