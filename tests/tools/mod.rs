//! External tools the tests read exports back with (poppler, qpdf, LibreOffice): one policy for a tool
//! that is missing. Locally the check is skipped with a message; under CI (`CI` set, as `.ci/run` does,
//! which installs every one of them) a missing tool fails the test, so a check can never pass unseen. And the ZIP packages those
//! exports are (DOCX, XLSX, ODS), read part by part, with what every XLSX sheet must have.

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

/// Checks that an XLSX workbook has exactly the sheets `names`, in order, each with its header row
/// frozen and an autofilter, no formula anywhere, and wrapped text.
#[allow(dead_code)] // not every test binary writes a workbook
pub fn assert_sheets_with_frozen_filtered_header(xlsx: &[u8], names: &[&str]) {
    let workbook = package_part(xlsx, "xl/workbook.xml");
    let parsed = roxmltree::Document::parse(&workbook).unwrap();
    let sheets: Vec<&str> = parsed
        .descendants()
        .filter(|n| n.tag_name().name() == "sheet")
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(sheets, names, "{workbook}");
    for sheet in 1..=names.len() {
        let xml = package_part(xlsx, &format!("xl/worksheets/sheet{sheet}.xml"));
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        let pane = parsed
            .descendants()
            .find(|n| n.tag_name().name() == "pane")
            .expect("a pane");
        assert_eq!(pane.attribute("state"), Some("frozen"));
        assert_eq!(pane.attribute("ySplit"), Some("1"));
        let has = |tag: &str| parsed.descendants().any(|n| n.tag_name().name() == tag);
        assert!(has("autoFilter"), "sheet {sheet} has an autofilter");
        assert!(!has("f"), "sheet {sheet} has no formula");
    }
    assert!(package_part(xlsx, "xl/styles.xml").contains("wrapText=\"1\""));
}

/// LibreOffice converts `files` (`--convert-to to`, e.g. `odt` or `docx:MS Word 2007 XML`) into `folder`
/// in one run, with a user profile of its own there, and returns the converted files in the order of
/// `files`. None where LibreOffice ("soffice" or "libreoffice") is not installed: see [`missing`], which
/// fails the test under CI; `what` says what was not checked.
#[allow(dead_code)] // not every test binary converts with LibreOffice
pub fn libreoffice_convert(
    files: &[std::path::PathBuf],
    to: &str,
    folder: &std::path::Path,
    what: &str,
) -> Option<Vec<std::path::PathBuf>> {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        folder.join("profile").display()
    );
    let output = ["soffice", "libreoffice"].into_iter().find_map(|tool| {
        std::process::Command::new(tool)
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                to,
                "--outdir",
            ])
            .arg(folder)
            .args(files)
            .output()
            .ok()
    });
    let Some(output) = output else {
        missing("LibreOffice (soffice)", what);
        return None;
    };
    assert!(output.status.success(), "LibreOffice failed: {output:?}");
    let extension = to.split(':').next().unwrap_or(to);
    let converted: Vec<std::path::PathBuf> = files
        .iter()
        .map(|file| {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            folder.join(format!("{stem}.{extension}"))
        })
        .collect();
    for (file, result) in files.iter().zip(&converted) {
        assert!(
            result.exists(),
            "LibreOffice did not convert {}: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Some(converted)
}
