//! External tools the tests read exports back with (poppler, qpdf, LibreOffice): one policy for a tool
//! that is missing. Locally the check is skipped with a message; under CI (`CI` set, as `.ci/run` does,
//! which installs every one of them) a missing tool fails the test, so a check can never pass unseen.

/// Reports that `tool` is not installed: a failure under CI, a visible skip elsewhere.
pub fn missing(tool: &str, what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is not installed, and CI installs it: {what} was not checked"
    );
    eprintln!("SKIPPED: {tool} is not installed, so {what} was not checked");
}
