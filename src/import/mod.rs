//! `crosswalk import`: a law, a bill, a protocol or another language version — Markdown, plain text,
//! DOCX, HTML or PDF — turned into an instrument file in the Markdown layout of `texts/`, with a
//! provenance header that names it, and read back by the one parser to prove it.
//!
//! [`read`] turns the source format into paragraphs, [`layout`] finds the structure and writes the
//! layout, [`crate::texts::parse_instrument_reporting`] reads it; this module ties them together, maps
//! every warning back to the source line, counts what was found and writes the file (never over an
//! existing instrument unless asked).

pub mod layout;
pub mod read;
pub mod terms;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::annotations::fsio::{self, ReadError, WriteError};
use crate::instrument::{Instrument, InstrumentInfo, InstrumentKey, KeyError};
use crate::model::Kind;
use crate::texts::{self, ParseError};

/// The largest source file read: a law in any format is far smaller; a larger file is refused unread.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// The formats `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Docx,
    Html,
    Pdf,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Text => "plain text",
            Format::Docx => "DOCX",
            Format::Html => "HTML",
            Format::Pdf => "PDF",
        }
    }
}

/// A doubtful line: where (line of the source; paragraph number in a DOCX or HTML file) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub line: u32,
    pub message: String,
}

/// What the user asked for besides the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// The ID prefix; from the file name when not given.
    pub id: Option<InstrumentKey>,
    /// The title; the first paragraph when not given.
    pub title: Option<String>,
    /// BCP 47 language tag; "en" when not given.
    pub language: Option<String>,
    /// The instrument this text is a language version of (its IDs must then match the original's).
    pub version_of: Option<InstrumentKey>,
}

/// Why nothing was imported. Every message names the file, and the line where there is one.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file}: the file is empty; nothing to import")]
    Empty { file: String },
    #[error(
        "{file}: a binary file, not text, DOCX, HTML or PDF (a NUL byte at byte {offset}); nothing was imported"
    )]
    Binary { file: String, offset: usize },
    #[error("{file}:{line}: not UTF-8 text; save the file as UTF-8 and import it again")]
    NotText { file: String, line: u32 },
    #[error("{file}: not a readable DOCX file ({reason}); nothing was imported")]
    NotDocx { file: String, reason: String },
    #[error(
        "{file}: a PDF is read through poppler's `pdftotext`, which is not installed (Debian/Ubuntu: apt install poppler-utils; macOS: brew install poppler; Windows: poppler for Windows); or save the PDF as text and import that. Nothing was imported"
    )]
    PdfToTextMissing { file: String },
    #[error("{file}: pdftotext could not read the PDF: {message}")]
    PdfToText { file: String, message: String },
    #[error(
        "{file}: no text found (a scanned PDF has pictures of text: run OCR first); nothing was imported"
    )]
    NoText { file: String },
    #[error("{file}:{line}: {message}")]
    Layout {
        file: String,
        line: u32,
        message: String,
    },
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(
        "{path}: an instrument is already there; give --force to replace it, or -o for another file"
    )]
    Exists { path: String },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// An imported instrument: the file's text, the instrument read back from it, and what to report.
#[derive(Clone, Debug)]
pub struct Imported {
    pub format: Format,
    /// The instrument file: provenance header and Markdown layout.
    pub markdown: String,
    pub instrument: Instrument,
    /// Doubtful lines, in source order.
    pub warnings: Vec<Warning>,
    /// For each content line of `markdown`, the source line it came from.
    source_lines: Vec<(u32, u32)>,
}

impl Imported {
    /// The source line a line of the written instrument file came from (0 for the header).
    pub fn source_line(&self, markdown_line: u32) -> u32 {
        source_line_of(&self.source_lines, markdown_line)
    }

    /// For a language version whose original is loaded: each provision whose ID does not match the
    /// original's, as a warning at its source line ([`crate::instrument::version_mismatches`]).
    pub fn version_warnings(&self, original: &Instrument) -> Vec<Warning> {
        crate::instrument::version_mismatches(original, &self.instrument)
            .into_iter()
            .map(|mismatch| Warning {
                line: self.source_line(mismatch.line),
                message: mismatch.message(original.key()),
            })
            .collect()
    }
}

/// Reads `path` (through the one safe reader: no FIFO, no device, at most [`MAX_SOURCE_BYTES`]) and
/// imports it.
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<Imported, ImportError> {
    let (bytes, _) = fsio::read_regular_file(path, MAX_SOURCE_BYTES)?;
    let file = path.display().to_string();
    let options = ImportOptions {
        id: match &options.id {
            Some(id) => Some(id.clone()),
            None => Some(key_from_file_name(path)?),
        },
        ..options.clone()
    };
    import_bytes(&file, &bytes, &options)
}

/// Imports the bytes of a file named `file` (its extension helps tell the format).
pub fn import_bytes(
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let format = format_of(file, bytes)?;
    let (blocks, mut warnings) = read::blocks(format, bytes, file)?;
    if blocks.is_empty() {
        return Err(ImportError::NoText {
            file: file.to_owned(),
        });
    }
    let laid_out = layout::lay_out(&blocks, options.title.as_deref());
    warnings.extend(laid_out.warnings);
    let key = match &options.id {
        Some(key) => key.clone(),
        None => key_from_file_name(Path::new(file))?,
    };
    let info = InstrumentInfo {
        key,
        title: laid_out.title.clone(),
        short_name: laid_out.title.clone(),
        language: options.language.clone().unwrap_or_else(|| "en".to_owned()),
        source: format!(
            "imported by `crosswalk import` from {} ({}, {} bytes)",
            file_name(file),
            format.name(),
            bytes.len()
        ),
        version_of: options.version_of.clone(),
    };
    let (markdown, source_lines) = write_markdown(&info, &laid_out.title, &laid_out.lines);
    let source_line = |markdown_line: u32| source_line_of(&source_lines, markdown_line);
    let (instrument, duplicates) = texts::parse_instrument_reporting(info, file, &markdown)
        .map_err(|error| layout_error(file, error, &source_line))?;
    for duplicate in duplicates {
        let first = instrument
            .get(&duplicate.numbered)
            .map_or(0, |node| source_line(node.line));
        warnings.push(Warning {
            line: source_line(duplicate.line),
            message: format!(
                "duplicate number: {} is already at line {first}; kept as {}",
                duplicate.numbered, duplicate.given
            ),
        });
    }
    warnings.sort_by_key(|warning| warning.line);
    Ok(Imported {
        format,
        markdown,
        instrument,
        warnings,
        source_lines,
    })
}

/// Loads an instrument given on the command line or found in the instruments folder: a file written by
/// import (its header names it) is read as it is; any other file is imported in memory, with its
/// prefix from the file name.
pub fn load_instrument(path: &Path) -> Result<Instrument, ImportError> {
    let (bytes, _) = fsio::read_regular_file(path, MAX_SOURCE_BYTES)?;
    let file = path.display().to_string();
    if let Ok(text) = std::str::from_utf8(&bytes)
        && let Some(info) = header_info(text)?
    {
        return texts::parse_instrument(info, &file, text)
            .map_err(|error| layout_error(&file, error, &|line| line));
    }
    let options = ImportOptions {
        id: Some(key_from_file_name(path)?),
        ..ImportOptions::default()
    };
    Ok(import_bytes(&file, &bytes, &options)?.instrument)
}

/// The facts in an instrument file's first HTML comment, if it was written by import.
fn header_info(text: &str) -> Result<Option<InstrumentInfo>, KeyError> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let Some(comment) = text.strip_prefix("<!--") else {
        return Ok(None);
    };
    let header = comment.split("-->").next().unwrap_or("");
    InstrumentInfo::from_header(header)
}

/// The instruments in the user's instruments folder (`*.md`, by file name), each loaded or with the
/// reason it could not be; a missing folder holds none.
pub fn load_folder(folder: &Path) -> Vec<(PathBuf, Result<Instrument, ImportError>)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let loaded = load_instrument(&path);
            (path, loaded)
        })
        .collect()
}

/// The source line of a line of the written Markdown (0 for the header).
fn source_line_of(source_lines: &[(u32, u32)], markdown_line: u32) -> u32 {
    source_lines
        .iter()
        .find(|(line, _)| *line == markdown_line)
        .map_or(0, |(_, source)| *source)
}

fn layout_error(file: &str, error: ParseError, source_line: &dyn Fn(u32) -> u32) -> ImportError {
    match error {
        ParseError::Layout {
            line,
            expected,
            found,
            ..
        } => ImportError::Layout {
            file: file.to_owned(),
            line: source_line(line),
            message: format!(
                "the structure found here cannot be read: expected {expected}, found {found:?}"
            ),
        },
        ParseError::DuplicateId { line, id, .. } => ImportError::Layout {
            file: file.to_owned(),
            line: source_line(line),
            message: format!("duplicate provision ID {id}"),
        },
        ParseError::Metadata { message, .. } => ImportError::Layout {
            file: file.to_owned(),
            line: 1,
            message,
        },
    }
}

/// The file name without its folder, for the provenance line.
fn file_name(file: &str) -> &str {
    Path::new(file)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or(file)
}

/// The instrument file, and for each written content line its source line.
fn write_markdown(
    info: &InstrumentInfo,
    title: &str,
    lines: &[(String, u32)],
) -> (String, Vec<(u32, u32)>) {
    let header = info.header();
    let mut markdown = header.clone();
    let mut line_number = header.lines().count() as u32 + 2;
    let mut source_lines = Vec::with_capacity(lines.len() + 1);
    let title_line = (format!("# {title}"), lines.first().map_or(1, |(_, l)| *l));
    for (text, source) in std::iter::once(&title_line).chain(lines) {
        markdown.push('\n');
        markdown.push_str(text);
        markdown.push('\n');
        source_lines.push((line_number, *source));
        line_number += 2;
    }
    (markdown, source_lines)
}

/// The format, from the bytes where they tell (PDF, ZIP) and else from the extension.
fn format_of(file: &str, bytes: &[u8]) -> Result<Format, ImportError> {
    let extension = Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if bytes.starts_with(b"%PDF") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Format::Docx);
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(offset) = head.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary {
            file: file.to_owned(),
            offset,
        });
    }
    let start = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    Ok(match extension.as_str() {
        "md" | "markdown" => Format::Markdown,
        "htm" | "html" | "xhtml" => Format::Html,
        "txt" | "text" => Format::Text,
        _ if start.trim_start().starts_with("<!doctype html") || start.contains("<html") => {
            Format::Html
        }
        _ => Format::Text,
    })
}

/// An ID prefix from a file name: "Cybercrime Bill 2026.docx" → "cybercrime-bill-2026".
pub fn key_from_file_name(path: &Path) -> Result<InstrumentKey, KeyError> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_lowercase();
    let mut key = String::new();
    for c in stem.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    let mut key = key.trim_end_matches('-').to_owned();
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        key.insert_str(0, "i-");
    }
    key.truncate(InstrumentKey::MAX_LEN);
    InstrumentKey::parse(key.trim_end_matches('-'))
}

/// Where an instrument is written: `-o` if given, else `PREFIX.md` in the user's instruments folder.
pub fn target_path(output: Option<&Path>, key: &InstrumentKey) -> PathBuf {
    output.map_or_else(
        || file_in(&crate::folders::instruments_dir(), key),
        Path::to_path_buf,
    )
}

/// The file of the instrument `key` in an instruments folder: `PREFIX.md`.
pub fn file_in(folder: &Path, key: &InstrumentKey) -> PathBuf {
    folder.join(format!("{key}.md"))
}

/// Writes the instrument file atomically; refuses to replace an existing file unless `force`.
pub fn save(imported: &Imported, path: &Path, force: bool) -> Result<(), ImportError> {
    if path.exists() && !force {
        return Err(ImportError::Exists {
            path: path.display().to_string(),
        });
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|cause| WriteError {
            file: folder.display().to_string(),
            cause,
        })?;
    }
    fsio::save_text_atomically(path, &imported.markdown)?;
    Ok(())
}

/// What was found, level by level, in a fixed order; levels with nothing are left out.
pub fn counts(instrument: &Instrument) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut add = |label: String| match counts.iter_mut().find(|(l, _)| *l == label) {
        Some((_, n)) => *n += 1,
        None => counts.push((label, 1)),
    };
    for node in &instrument.nodes {
        let word = node.designation.as_deref();
        let label = match (node.kind, word) {
            (Kind::Chapter | Kind::Section | Kind::Title, Some(word)) => plural(word),
            (Kind::Chapter, None) => "chapters".into(),
            (Kind::Section, None) => "sections (divisions)".into(),
            (Kind::Title, None) => "titles".into(),
            (Kind::Article, Some("§")) => "§ sections".into(),
            (Kind::Article, Some(word)) => plural(word),
            (Kind::Article, None) => "articles".into(),
            (Kind::Paragraph, _) => "paragraphs and subsections".into(),
            (Kind::Point, Some("definition")) => "definitions".into(),
            (Kind::Point | Kind::Indent, _) => "items".into(),
            (Kind::WrapUp, _) => "closing words after a list".into(),
            (Kind::Recital | Kind::Formula, _) if node.id.contains(":preamble") => {
                "preamble paragraphs".into()
            }
            (Kind::Formula | Kind::Footnote, _) => "closing formula paragraphs".into(),
            _ => continue,
        };
        add(label);
    }
    counts
}

fn plural(word: &str) -> String {
    format!("{}s", word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_file_names_follow_the_prefix_grammar() {
        let key = |name: &str| key_from_file_name(Path::new(name)).unwrap().to_string();
        assert_eq!(key("Cybercrime Bill 2026.docx"), "cybercrime-bill-2026");
        assert_eq!(key("/tmp/2018_act.pdf"), "i-2018-act");
        assert_eq!(key("KE.md"), "ke");
        assert_eq!(key("___.md"), "i");
    }

    #[test]
    fn empty_and_binary_files_are_refused_with_their_reason() {
        let options = ImportOptions::default();
        let error = import_bytes("law.txt", b"  \n\n", &options).unwrap_err();
        assert_eq!(
            error.to_string(),
            "law.txt: the file is empty; nothing to import"
        );
        let error = import_bytes("law.bin", b"ab\0cd", &options).unwrap_err();
        assert!(error.to_string().contains("a binary file"), "{error}");
        let error = import_bytes("law.txt", b"Title\n\nok \xff\xfe", &options).unwrap_err();
        assert_eq!(
            error.to_string(),
            "law.txt:3: not UTF-8 text; save the file as UTF-8 and import it again"
        );
    }
}
