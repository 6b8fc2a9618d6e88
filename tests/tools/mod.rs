//! External tools the tests read exports back with (poppler, qpdf, LibreOffice): one policy for a tool
//! that is missing. Locally the check is skipped with a message; under CI (`CI` set, as `.ci/run` does,
//! which installs every one of them) a missing tool fails the test, so a check can never pass unseen. And the ZIP packages those
//! exports are (DOCX, XLSX, ODS), read part by part.

/// Reports that `tool` is not installed: a failure under CI, a visible skip elsewhere.
pub fn missing(tool: &str, what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is not installed, and CI installs it: {what} was not checked"
    );
    eprintln!("SKIPPED: {tool} is not installed, so {what} was not checked");
}

/// One part of a ZIP package (DOCX, XLSX, ODS) as text.
pub fn package_part(package: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("a ZIP package");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"));
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}
