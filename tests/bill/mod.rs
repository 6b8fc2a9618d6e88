//! The synthetic example bill and the binary run with a data folder of its own: what the instrument
//! tests of the command line and of the window share.

// Each test file uses the part it needs.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The synthetic "Cybercrime Bill, 2026" (see `tests/data/instruments/README.md`).
pub const BILL: &str = "tests/data/instruments/cybercrime-bill.txt";

/// Runs the binary with its data folder (journals, instruments) in `data_dir`: (status, stdout, stderr).
pub fn crosswalk_in(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(args)
        .env("CROSSWALK_DATA_DIR", data_dir)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A data folder whose instruments folder holds the example bill as `xl`, imported by the binary.
pub fn data_dir_with_bill() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let (code, _, err) = crosswalk_in(
        folder.path(),
        &[
            "import",
            BILL,
            "--id",
            "xl",
            "--title",
            "Cybercrime Bill, 2026",
        ],
    );
    assert_eq!(code, 0, "{err}");
    folder
}
