//! User annotations kept in human-editable RON files: notes and tags anchored to text, typed links
//! between provisions, and safeguard marks.
//!
//! An anchor is the provision ID, the exact quote with up to 32 characters of context on each side,
//! character offsets and a hash of the provision text. Re-anchoring tries the offsets (checked against
//! the quote), then the exact quote, then a fuzzy match; what fails is an orphan, kept and saved back
//! unchanged. Files are written deterministically (sorted, one annotation per block) and atomically
//! (temporary file, fsync, rename) with the previous version kept as `.bak`.

use std::fmt;
use std::fs;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::crosswalk::Evidence;
use crate::model::Library;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;
/// Files larger than this are refused before parsing (a hostile or mistaken file).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Any single text field longer than this is refused.
pub const MAX_FIELD_CHARS: usize = 1_000_000;

/// Where an annotation sits: a whole provision (empty quote) or a quoted range inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Anchor {
    pub provision: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub quote: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// Character offsets of the quote in the provision text.
    #[serde(skip_serializing_if = "is_zero")]
    pub start: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub end: usize,
    /// FNV-1a hash of the provision text when the anchor was made (hex), to notice changed texts.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text_hash: String,
}

// Empty fields are left out of saved files: shorter files, and hand-written ones look the same.
fn is_zero(value: &usize) -> bool {
    *value == 0
}

/// A reply in an annotation's thread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reply {
    pub note: String,
    pub author: String,
    pub created: String,
}

/// A note on a provision or passage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Annotation {
    pub id: String,
    pub anchor: Anchor,
    pub note: String,
    /// Free, hierarchical tags such as `safeguard/judicial-or-independent-review`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// "#rrggbb"
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// RFC 3339, UTC.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Exact words of the treaties that support the note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// The relation a link annotation asserts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LinkRelation {
    #[default]
    Corresponds,
    /// `ends[0]` is a safeguard for the other ends.
    SafeguardFor,
    Limits,
    Expands,
    Contradicts,
    SeeAlso,
    /// A user-defined label.
    Custom(String),
}

impl fmt::Display for LinkRelation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkRelation::Custom(label) => f.write_str(label),
            other => fmt::Debug::fmt(other, f),
        }
    }
}

/// A typed link between two or more provisions or passages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkAnnotation {
    pub id: String,
    pub ends: Vec<Anchor>,
    pub relation: LinkRelation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub note: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated: String,
    /// Exact words of the treaties that support the note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// One annotation file: a layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnnotationFile {
    pub schema: u32,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub annotations: Vec<Annotation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkAnnotation>,
}

impl Default for AnnotationFile {
    fn default() -> AnnotationFile {
        AnnotationFile {
            schema: SCHEMA_VERSION,
            name: String::new(),
            description: String::new(),
            annotations: Vec::new(),
            links: Vec::new(),
        }
    }
}

/// Why a file could not be used. Paths come last in messages; `Syntax` reads `file:line:col: message`.
#[derive(Debug, Error)]
pub enum AnnotationError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}:{col}: {message}")]
    Syntax {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{file}: written by a newer Crosswalk (schema {found}; this version reads schema {SCHEMA_VERSION}); not opened, so nothing is lost"
    )]
    NewerSchema { file: String, found: u32 },
    #[error(
        "{file}: the file is {bytes} bytes, more than the {MAX_FILE_BYTES} bytes an annotation file may have"
    )]
    TooLarge { file: String, bytes: u64 },
    #[error(
        "{file}:{line}:{col}: a text field of {chars} characters is longer than the {MAX_FIELD_CHARS} allowed"
    )]
    FieldTooLong {
        file: String,
        line: usize,
        col: usize,
        chars: usize,
    },
}

/// 64-bit FNV-1a of a text, as 16 hex digits: stable across platforms and versions.
pub fn text_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn char_to_byte(text: &str, char_offset: usize) -> Option<usize> {
    match text.char_indices().nth(char_offset) {
        Some((byte, _)) => Some(byte),
        None => (text.chars().count() == char_offset).then_some(text.len()),
    }
}

fn byte_to_char(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

impl Anchor {
    /// An anchor on the whole provision.
    pub fn whole(provision: &str, text: &str) -> Anchor {
        Anchor {
            provision: provision.to_owned(),
            text_hash: text_hash(text),
            ..Anchor::default()
        }
    }

    /// An anchor on `byte_range` of the provision's `text`.
    pub fn quote(provision: &str, text: &str, byte_range: Range<usize>) -> Anchor {
        let start = byte_to_char(text, byte_range.start);
        let end = byte_to_char(text, byte_range.end);
        let prefix: String = {
            let before: Vec<char> = text[..byte_range.start].chars().collect();
            before[before.len().saturating_sub(CONTEXT_CHARS)..]
                .iter()
                .collect()
        };
        let suffix: String = text[byte_range.end..].chars().take(CONTEXT_CHARS).collect();
        Anchor {
            provision: provision.to_owned(),
            quote: text[byte_range].to_owned(),
            prefix,
            suffix,
            start,
            end,
            text_hash: text_hash(text),
        }
    }

    pub fn is_whole_provision(&self) -> bool {
        self.quote.is_empty()
    }
}

/// How an anchor was found in the current text.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// At its recorded offsets (byte range in the provision text; empty range = whole provision).
    Exact(Range<usize>),
    /// The exact quote, somewhere else in the provision.
    Moved(Range<usize>),
    /// A slightly different quote (similarity 0..1).
    Fuzzy(Range<usize>, f64),
    Orphan(OrphanReason),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrphanReason {
    UnknownProvision,
    QuoteNotFound,
}

impl fmt::Display for OrphanReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrphanReason::UnknownProvision => f.write_str("the provision ID does not exist"),
            OrphanReason::QuoteNotFound => {
                f.write_str("the quoted text is no longer in the provision")
            }
        }
    }
}

impl Resolution {
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Resolution::Exact(range) | Resolution::Moved(range) | Resolution::Fuzzy(range, _) => {
                Some(range.clone())
            }
            Resolution::Orphan(_) => None,
        }
    }

    pub fn is_orphan(&self) -> bool {
        matches!(self, Resolution::Orphan(_))
    }
}

/// Below this similarity a fuzzy candidate is not accepted.
const FUZZY_THRESHOLD: f64 = 0.8;

/// Finds `anchor` in the provision `text`.
pub fn resolve_in(anchor: &Anchor, text: &str) -> Resolution {
    if anchor.is_whole_provision() {
        return Resolution::Exact(0..0);
    }
    // 1. Recorded position, checked against the quote.
    if let (Some(start), Some(end)) = (
        char_to_byte(text, anchor.start),
        char_to_byte(text, anchor.end),
    ) {
        if start <= end && text.get(start..end) == Some(anchor.quote.as_str()) {
            return Resolution::Exact(start..end);
        }
    }
    // 2. The exact quote elsewhere; with several, the one whose context matches best, then the nearest.
    let occurrences: Vec<usize> = text
        .match_indices(anchor.quote.as_str())
        .map(|(at, _)| at)
        .collect();
    if !occurrences.is_empty() {
        let score = |&at: &usize| {
            let end = at + anchor.quote.len();
            let prefix_ok = text[..at].ends_with(anchor.prefix.as_str());
            let suffix_ok = text[end..].starts_with(anchor.suffix.as_str());
            let distance = byte_to_char(text, at).abs_diff(anchor.start);
            (
                !(prefix_ok && suffix_ok),
                !(prefix_ok || suffix_ok),
                distance,
            )
        };
        if let Some(&at) = occurrences.iter().min_by_key(|at| score(at)) {
            return Resolution::Moved(at..at + anchor.quote.len());
        }
    }
    // 3. A slightly changed quote: the window of similar length most like it.
    fuzzy_find(anchor, text).map_or(
        Resolution::Orphan(OrphanReason::QuoteNotFound),
        |(range, ratio)| Resolution::Fuzzy(range, ratio),
    )
}

fn fuzzy_find(anchor: &Anchor, text: &str) -> Option<(Range<usize>, f64)> {
    let quote: Vec<char> = anchor.quote.chars().collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if quote.len() < 4 || chars.is_empty() {
        return None;
    }
    let lengths = [quote.len(), quote.len() * 9 / 10, quote.len() * 11 / 10];
    let mut best: Option<(Range<usize>, f64)> = None;
    // Candidate starts at word boundaries keep this fast on long provisions.
    let starts = (0..chars.len()).filter(|&i| i == 0 || chars[i - 1].1.is_whitespace());
    for start in starts {
        for &length in &lengths {
            let end = (start + length).min(chars.len());
            if end <= start {
                continue;
            }
            let candidate: String = chars[start..end].iter().map(|(_, c)| c).collect();
            let ratio = f64::from(
                similar::TextDiff::from_chars(anchor.quote.as_str(), candidate.as_str()).ratio(),
            );
            if best.as_ref().is_none_or(|(_, b)| ratio > *b) {
                let byte_end = chars.get(end).map_or(text.len(), |(b, _)| *b);
                best = Some((chars[start].0..byte_end, ratio));
            }
        }
    }
    best.filter(|(_, ratio)| *ratio >= FUZZY_THRESHOLD)
}

/// Resolves an anchor against the library.
pub fn resolve(anchor: &Anchor, library: &Library) -> Resolution {
    match library.get(&anchor.provision) {
        Some(provision) => resolve_in(anchor, &provision.text),
        None => Resolution::Orphan(OrphanReason::UnknownProvision),
    }
}

/// Current UTC time as RFC 3339 (seconds), without a date library.
pub fn now_rfc3339() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(seconds)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Civil-from-days (proleptic Gregorian), after Howard Hinnant's published algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let day_of_year = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Where the first occurrence of `needle` (quoted as a RON string) sits in the file, for messages.
pub fn position_of_string(text: &str, needle: &str) -> (usize, usize) {
    let quoted = format!("\"{needle}\"");
    text.find(&quoted).map_or((1, 1), |at| line_col(text, at))
}

impl AnnotationFile {
    /// Parses the text of an annotation file; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<AnnotationFile, AnnotationError> {
        // A newer schema is refused: its fields may not mean what ours do.
        #[derive(Deserialize)]
        struct Probe {
            #[serde(default)]
            schema: u32,
        }
        let parsed: AnnotationFile = match ron::from_str(text) {
            Ok(parsed) => parsed,
            Err(error) => {
                // A newer schema may fail to parse for reasons that are not errors in its own version:
                // say so rather than pointing at a line (only failed loads pay for this second parse).
                let probe: Option<Probe> = ron::from_str::<ron::Value>(text)
                    .ok()
                    .and_then(|value| value.into_rust::<Probe>().ok());
                if let Some(probe) = probe.filter(|probe| probe.schema > SCHEMA_VERSION) {
                    return Err(AnnotationError::NewerSchema {
                        file: file.to_owned(),
                        found: probe.schema,
                    });
                }
                return Err(AnnotationError::Syntax {
                    file: file.to_owned(),
                    line: error.span.start.line,
                    col: error.span.start.col,
                    message: error.code.to_string(),
                });
            }
        };
        if parsed.schema > SCHEMA_VERSION {
            return Err(AnnotationError::NewerSchema {
                file: file.to_owned(),
                found: parsed.schema,
            });
        }
        parsed.check_field_lengths(text, file)?;
        Ok(parsed)
    }

    fn check_field_lengths(&self, text: &str, file: &str) -> Result<(), AnnotationError> {
        let mut fields: Vec<&str> = vec![&self.name, &self.description];
        for annotation in &self.annotations {
            fields.extend([
                annotation.id.as_str(),
                &annotation.note,
                &annotation.anchor.quote,
                &annotation.author,
            ]);
            fields.extend(annotation.tags.iter().map(String::as_str));
            fields.extend(annotation.replies.iter().map(|reply| reply.note.as_str()));
            fields.extend(annotation.evidence.iter().map(|e| e.quote.as_str()));
        }
        for link in &self.links {
            fields.extend([link.id.as_str(), &link.note, &link.author]);
            fields.extend(link.ends.iter().map(|end| end.quote.as_str()));
            fields.extend(link.evidence.iter().map(|e| e.quote.as_str()));
        }
        for field in fields {
            let chars = field.chars().count();
            if chars > MAX_FIELD_CHARS {
                let start: String = field.chars().take(40).collect();
                let (line, col) = text.find(&start).map_or((1, 1), |at| line_col(text, at));
                return Err(AnnotationError::FieldTooLong {
                    file: file.to_owned(),
                    line,
                    col,
                    chars,
                });
            }
        }
        Ok(())
    }

    /// Reads and parses a file; refuses very large files before reading them.
    pub fn load(path: &Path) -> Result<AnnotationFile, AnnotationError> {
        let file = path.display().to_string();
        let metadata = fs::metadata(path).map_err(|source| AnnotationError::Io {
            file: file.clone(),
            source,
        })?;
        if metadata.len() > MAX_FILE_BYTES {
            return Err(AnnotationError::TooLarge {
                file,
                bytes: metadata.len(),
            });
        }
        let text = fs::read_to_string(path).map_err(|source| AnnotationError::Io {
            file: file.clone(),
            source,
        })?;
        AnnotationFile::parse(&text, &file)
    }

    /// Sorts into the canonical order: by provision ID, then creation time, then ID.
    pub fn sort(&mut self) {
        self.annotations.sort_by(|a, b| {
            (&a.anchor.provision, &a.created, &a.id).cmp(&(&b.anchor.provision, &b.created, &b.id))
        });
        let first = |link: &LinkAnnotation| {
            link.ends
                .first()
                .map(|end| end.provision.clone())
                .unwrap_or_default()
        };
        self.links
            .sort_by(|a, b| (first(a), &a.created, &a.id).cmp(&(first(b), &b.created, &b.id)));
        for annotation in &mut self.annotations {
            annotation.tags.sort();
            annotation.tags.dedup();
        }
    }

    /// The canonical text of the file: sorted, pretty, one annotation per block, newline at the end.
    pub fn to_ron(&self) -> String {
        let mut sorted = self.clone();
        sorted.schema = SCHEMA_VERSION;
        sorted.sort();
        let config = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .separate_tuple_members(false)
            .enumerate_arrays(false);
        let body = ron::ser::to_string_pretty(&sorted, config).unwrap_or_default();
        format!(
            "// Crosswalk annotations (schema {SCHEMA_VERSION}). Plain RON: safe to edit by hand and to merge in git.\n{body}\n"
        )
    }

    /// Writes the file atomically: a temporary file in the same folder, fsync, the previous version
    /// copied to `<file>.bak`, then a rename over the target. A crash leaves the old or the new file.
    pub fn save(&self, path: &Path) -> Result<(), AnnotationError> {
        save_text_atomically(path, &self.to_ron())
    }

    /// Every anchor of the file with its resolution (annotations first, then link ends).
    pub fn resolve_all(&self, library: &Library) -> Vec<Resolution> {
        self.annotations
            .iter()
            .map(|annotation| &annotation.anchor)
            .chain(self.links.iter().flat_map(|link| link.ends.iter()))
            .map(|anchor| resolve(anchor, library))
            .collect()
    }

    /// Moves re-found anchors to their current place (offsets, context, hash); orphans stay as they are.
    pub fn reanchor(&mut self, library: &Library) {
        // Many annotations share a provision: hash each provision text once.
        let mut hashes: std::collections::HashMap<String, String> =
            std::collections::HashMap::new();
        let anchors = self
            .annotations
            .iter_mut()
            .map(|a| &mut a.anchor)
            .chain(self.links.iter_mut().flat_map(|l| l.ends.iter_mut()));
        for anchor in anchors {
            let Some(provision) = library.get(&anchor.provision) else {
                continue;
            };
            let text = &provision.text;
            match resolve_in(anchor, text) {
                Resolution::Moved(range) | Resolution::Fuzzy(range, _) => {
                    *anchor = Anchor::quote(&anchor.provision, text, range)
                }
                Resolution::Exact(_) => {
                    let hash = hashes
                        .entry(anchor.provision.clone())
                        .or_insert_with(|| text_hash(text));
                    if anchor.text_hash != *hash {
                        anchor.text_hash = hash.clone();
                    }
                }
                Resolution::Orphan(_) => {}
            }
        }
    }
}

/// Writes `text` to `path` via a temporary file, fsync and rename, keeping the previous file as `.bak`.
pub fn save_text_atomically(path: &Path, text: &str) -> Result<(), AnnotationError> {
    save_bytes_atomically(path, text.as_bytes())
}

/// Writes bytes atomically (see `save_text_atomically`).
pub fn save_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), AnnotationError> {
    let file = path.display().to_string();
    let io = |source| AnnotationError::Io {
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

/// A problem `crosswalk check` reports, with its place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckMessage {
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// Errors fail the check; warnings (re-anchored quotes) do not.
    pub is_error: bool,
}

/// Validates a parsed file against the texts: unknown provisions, lost quotes and evidence quotes the
/// texts do not contain are errors.
pub fn check(file: &AnnotationFile, text: &str, library: &Library) -> Vec<CheckMessage> {
    let mut messages = Vec::new();
    let mut seen_ids = std::collections::HashSet::new();
    let anchors = file
        .annotations
        .iter()
        .map(|a| (a.id.as_str(), &a.anchor))
        .chain(
            file.links
                .iter()
                .flat_map(|link| link.ends.iter().map(move |end| (link.id.as_str(), end))),
        );
    for annotation_id in file
        .annotations
        .iter()
        .map(|a| a.id.as_str())
        .chain(file.links.iter().map(|l| l.id.as_str()))
    {
        if !annotation_id.is_empty() && !seen_ids.insert(annotation_id) {
            let (line, col) = position_of_string(text, annotation_id);
            messages.push(CheckMessage {
                line,
                col,
                message: format!("duplicate annotation ID {annotation_id}"),
                is_error: true,
            });
        }
    }
    for link in &file.links {
        if link.ends.len() < 2 {
            let (line, col) = position_of_string(text, &link.id);
            messages.push(CheckMessage {
                line,
                col,
                message: format!("link {} needs at least two ends", link.id),
                is_error: true,
            });
        }
    }
    for (owner, anchor) in anchors {
        let (line, col) = position_of_string(text, &anchor.provision);
        match resolve(anchor, library) {
            Resolution::Orphan(reason) => messages.push(CheckMessage {
                line,
                col,
                message: format!(
                    "{owner}: {} ({}); kept as an orphan",
                    reason, anchor.provision
                ),
                is_error: true,
            }),
            Resolution::Moved(_) => messages.push(CheckMessage {
                line,
                col,
                message: format!(
                    "{owner}: quote found at another place in {}",
                    anchor.provision
                ),
                is_error: false,
            }),
            Resolution::Fuzzy(_, ratio) => messages.push(CheckMessage {
                line,
                col,
                message: format!(
                    "{owner}: quote changed, matched at {:.0}% in {}",
                    ratio * 100.0,
                    anchor.provision
                ),
                is_error: false,
            }),
            Resolution::Exact(_) => {}
        }
    }
    let evidence = file
        .annotations
        .iter()
        .flat_map(|a| a.evidence.iter().map(move |e| (a.id.as_str(), e)))
        .chain(
            file.links
                .iter()
                .flat_map(|l| l.evidence.iter().map(move |e| (l.id.as_str(), e))),
        );
    for (owner, evidence) in evidence {
        if let Err(problem) = evidence.verify(library) {
            let (line, col) = position_of_string(text, &evidence.quote);
            messages.push(CheckMessage {
                line,
                col,
                message: format!("{owner}: {problem}"),
                is_error: true,
            });
        }
    }
    messages.sort_by_key(|m| (m.line, m.col));
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to establish the offence.";

    #[test]
    fn anchor_resolves_exactly_then_moved_then_fuzzy_then_orphan() {
        let start = TEXT.find("legislative").unwrap();
        let anchor = Anchor::quote(
            "uncc:art_7",
            TEXT,
            start..start + "legislative and other measures".len(),
        );
        assert_eq!(
            anchor.prefix, "ch State Party shall adopt such ",
            "32 characters of context"
        );
        assert_eq!(
            resolve_in(&anchor, TEXT),
            Resolution::Exact(start..start + 30)
        );
        let moved = format!("New words first. {TEXT}");
        assert_eq!(
            resolve_in(&anchor, &moved).range().map(|r| &moved[r]),
            Some("legislative and other measures")
        );
        assert!(matches!(resolve_in(&anchor, &moved), Resolution::Moved(_)));
        let changed = TEXT.replace(
            "legislative and other measures",
            "legislative and further measures",
        );
        match resolve_in(&anchor, &changed) {
            Resolution::Fuzzy(range, ratio) => {
                assert!(changed[range].starts_with("legislative and further"));
                assert!(ratio >= 0.8);
            }
            other => panic!("expected a fuzzy match, got {other:?}"),
        }
        assert_eq!(
            resolve_in(&anchor, "Something else entirely, with no such words."),
            Resolution::Orphan(OrphanReason::QuoteNotFound)
        );
    }

    #[test]
    fn repeated_quote_is_found_by_its_context() {
        let text = "the data and the data";
        let anchor = Anchor::quote("x", text, 13..21);
        let shifted = format!("x {text}");
        assert_eq!(resolve_in(&anchor, &shifted), Resolution::Moved(15..23));
    }

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_735_000_000), "2024-12-24T00:26:40Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn newer_schema_is_refused() {
        let error = AnnotationFile::parse("(schema: 9, annotations: [])", "new.ron").unwrap_err();
        assert!(
            matches!(error, AnnotationError::NewerSchema { found: 9, .. }),
            "{error}"
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let error =
            AnnotationFile::parse("(\n  schema: 1,\n  annotations: [ (id: 5) ],\n)", "bad.ron")
                .unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("bad.ron:3:"), "{message}");
    }
}

/// An open annotation file.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub file: AnnotationFile,
    /// Where it is saved; None for a new layer not saved yet, or a layer shipped with the app.
    pub path: Option<PathBuf>,
    pub visible: bool,
    /// Shipped layers and layers opened read-only (a teacher's set) cannot be edited.
    pub read_only: bool,
    /// Changed since the last save.
    pub dirty: bool,
}

impl Layer {
    pub fn new(name: &str) -> Layer {
        Layer {
            file: AnnotationFile {
                name: name.to_owned(),
                ..AnnotationFile::default()
            },
            path: None,
            visible: true,
            read_only: false,
            dirty: false,
        }
    }

    pub fn name(&self) -> &str {
        if self.file.name.is_empty() {
            self.path
                .as_deref()
                .and_then(Path::file_stem)
                .and_then(|s| s.to_str())
                .unwrap_or("Untitled")
        } else {
            &self.file.name
        }
    }
}

/// Why an edit was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("the layer “{0}” is read-only")]
    ReadOnly(String),
    #[error("no layer {0}")]
    NoLayer(usize),
    #[error("no annotation {0}")]
    NoAnnotation(String),
}

/// All open layers with an undo history of every edit.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub layers: Vec<Layer>,
    /// Per edit: the layer and its state before the edit.
    undo: Vec<(usize, AnnotationFile)>,
    redo: Vec<(usize, AnnotationFile)>,
    counter: u64,
    /// Bumped by every change that affects what is shown, so views can cache.
    revision: u64,
}

impl Workspace {
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn set_visible(&mut self, layer: usize, visible: bool) {
        if let Some(entry) = self.layers.get_mut(layer) {
            entry.visible = visible;
            self.revision += 1;
        }
    }

    pub fn add_layer(&mut self, layer: Layer) -> usize {
        self.revision += 1;
        self.layers.push(layer);
        self.layers.len() - 1
    }

    /// Opens a file as a new layer; a file that fails to load is not opened and never written.
    pub fn open(
        &mut self,
        path: &Path,
        read_only: bool,
        library: &Library,
    ) -> Result<usize, AnnotationError> {
        let mut file = AnnotationFile::load(path)?;
        file.reanchor(library);
        let layer = Layer {
            file,
            path: Some(path.to_owned()),
            visible: true,
            read_only,
            dirty: false,
        };
        Ok(self.add_layer(layer))
    }

    /// Saves a layer to its path (or to `path`, which becomes its path).
    pub fn save(&mut self, layer: usize, path: Option<&Path>) -> Result<PathBuf, AnnotationError> {
        let entry = self
            .layers
            .get_mut(layer)
            .ok_or_else(|| AnnotationError::Io {
                file: format!("layer {layer}"),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such layer"),
            })?;
        let target = match (path, &entry.path) {
            (Some(path), _) => path.to_owned(),
            (None, Some(path)) => path.clone(),
            (None, None) => {
                return Err(AnnotationError::Io {
                    file: entry.name().to_owned(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "the layer has no file yet: use Save As",
                    ),
                });
            }
        };
        entry.file.save(&target)?;
        entry.path = Some(target.clone());
        entry.dirty = false;
        Ok(target)
    }

    /// Saves every changed layer that has a file (autosave and quit); returns the failures.
    pub fn save_dirty(&mut self) -> Vec<AnnotationError> {
        let dirty: Vec<usize> = (0..self.layers.len())
            .filter(|&i| {
                self.layers[i].dirty && !self.layers[i].read_only && self.layers[i].path.is_some()
            })
            .collect();
        dirty
            .into_iter()
            .filter_map(|layer| self.save(layer, None).err())
            .collect()
    }

    /// Layers with changes that have no file to go to (the quit prompt asks about these).
    pub fn unsaved_without_file(&self) -> Vec<usize> {
        (0..self.layers.len())
            .filter(|&i| self.layers[i].dirty && self.layers[i].path.is_none())
            .collect()
    }

    fn editable(&mut self, layer: usize) -> Result<&mut Layer, EditError> {
        let entry = self
            .layers
            .get_mut(layer)
            .ok_or(EditError::NoLayer(layer))?;
        if entry.read_only {
            return Err(EditError::ReadOnly(entry.name().to_owned()));
        }
        Ok(entry)
    }

    /// Runs `edit` on a layer, recording its previous state for undo.
    fn edit(
        &mut self,
        layer: usize,
        edit: impl FnOnce(&mut AnnotationFile) -> Result<(), EditError>,
    ) -> Result<(), EditError> {
        let entry = self.editable(layer)?;
        let before = entry.file.clone();
        edit(&mut entry.file)?;
        entry.dirty = true;
        self.undo.push((layer, before));
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// A fresh annotation ID: time-based, so IDs from two people's files rarely collide.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!("{prefix}-{nanos:x}-{}", self.counter)
    }

    pub fn add_annotation(
        &mut self,
        layer: usize,
        annotation: Annotation,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            file.annotations.push(annotation);
            Ok(())
        })
    }

    pub fn update_annotation(
        &mut self,
        layer: usize,
        id: &str,
        change: impl FnOnce(&mut Annotation),
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let annotation = file
                .annotations
                .iter_mut()
                .find(|a| a.id == id)
                .ok_or_else(|| EditError::NoAnnotation(id.to_owned()))?;
            change(annotation);
            annotation.updated = now_rfc3339();
            Ok(())
        })
    }

    pub fn delete_annotation(&mut self, layer: usize, id: &str) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let before = file.annotations.len() + file.links.len();
            file.annotations.retain(|a| a.id != id);
            file.links.retain(|l| l.id != id);
            if file.annotations.len() + file.links.len() == before {
                return Err(EditError::NoAnnotation(id.to_owned()));
            }
            Ok(())
        })
    }

    pub fn add_link(&mut self, layer: usize, link: LinkAnnotation) -> Result<(), EditError> {
        self.edit(layer, |file| {
            file.links.push(link);
            Ok(())
        })
    }

    /// Copies an annotation (or link) into another layer under a new ID.
    pub fn copy_to(&mut self, from: usize, id: &str, to: usize) -> Result<(), EditError> {
        let source = self.layers.get(from).ok_or(EditError::NoLayer(from))?;
        let annotation = source.file.annotations.iter().find(|a| a.id == id).cloned();
        let link = source.file.links.iter().find(|l| l.id == id).cloned();
        let new_id = self.new_id("copy");
        match (annotation, link) {
            (Some(mut annotation), _) => {
                annotation.id = new_id;
                self.add_annotation(to, annotation)
            }
            (None, Some(mut link)) => {
                link.id = new_id;
                self.add_link(to, link)
            }
            (None, None) => Err(EditError::NoAnnotation(id.to_owned())),
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        let restored = Self::restore(&mut self.layers, &mut self.undo, &mut self.redo);
        self.revision += u64::from(restored);
        restored
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        let restored = Self::restore(&mut self.layers, &mut self.redo, &mut self.undo);
        self.revision += u64::from(restored);
        restored
    }

    /// Puts the newest file state of `from` back into its layer and keeps the replaced state on `to`.
    fn restore(
        layers: &mut [Layer],
        from: &mut Vec<(usize, AnnotationFile)>,
        to: &mut Vec<(usize, AnnotationFile)>,
    ) -> bool {
        let Some((layer, state)) = from.pop() else {
            return false;
        };
        let Some(entry) = layers.get_mut(layer) else {
            return false;
        };
        let replaced = std::mem::replace(&mut entry.file, state);
        entry.dirty = true;
        to.push((layer, replaced));
        true
    }

    /// Closes a layer; the undo history of all layers is dropped, since its indices would shift.
    pub fn close(&mut self, layer: usize) {
        if layer < self.layers.len() {
            self.layers.remove(layer);
            self.undo.clear();
            self.redo.clear();
            self.revision += 1;
        }
    }
}

/// The default safeguards layer shipped with the app.
pub const SAFEGUARDS_RON: &str = include_str!("../texts/safeguards.ron");

/// The shipped safeguards layer, read-only.
pub fn safeguards_layer() -> Result<Layer, AnnotationError> {
    let file = AnnotationFile::parse(SAFEGUARDS_RON, "texts/safeguards.ron")?;
    Ok(Layer {
        file,
        path: None,
        visible: true,
        read_only: true,
        dirty: false,
    })
}

/// The "Published commentary" layer shipped with the app: points of the public debate on the UN
/// Convention, each attributed to its source and quoting both treaties.
pub const COMMENTARY_RON: &str = include_str!("../texts/commentary.ron");

/// The shipped commentary layer: read-only, and hidden until the reader turns it on.
pub fn commentary_layer() -> Result<Layer, AnnotationError> {
    let file = AnnotationFile::parse(COMMENTARY_RON, "texts/commentary.ron")?;
    Ok(Layer {
        file,
        path: None,
        visible: false,
        read_only: true,
        dirty: false,
    })
}

/// One row of the safeguards matrix: a power or cooperation measure and, per treaty, the safeguard
/// provisions linked to it.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The measure tag without its `measure/` prefix, e.g. `search-and-seizure`.
    pub measure: String,
    /// Per treaty (UN, Budapest): the power provisions and their safeguard provisions, sorted, unique.
    pub powers: [Vec<String>; 2],
    pub safeguards: [Vec<String>; 2],
}

/// Builds the safeguards matrix from `SafeguardFor` links (ends[0] = safeguard, the rest = powers)
/// carrying a `measure/…` tag, in the given layers. Rows are sorted by measure name.
pub fn safeguards_matrix<'a>(
    layers: impl IntoIterator<Item = &'a Layer>,
    library: &Library,
) -> Vec<MatrixRow> {
    let mut rows: std::collections::BTreeMap<String, MatrixRow> = std::collections::BTreeMap::new();
    for layer in layers {
        for link in layer
            .file
            .links
            .iter()
            .filter(|l| l.relation == LinkRelation::SafeguardFor)
        {
            let Some(measure) = link
                .tags
                .iter()
                .find_map(|tag| tag.strip_prefix("measure/"))
            else {
                continue;
            };
            let Some((safeguard, powers)) = link.ends.split_first() else {
                continue;
            };
            let row = rows.entry(measure.to_owned()).or_insert_with(|| MatrixRow {
                measure: measure.to_owned(),
                powers: [Vec::new(), Vec::new()],
                safeguards: [Vec::new(), Vec::new()],
            });
            for power in powers {
                let Some((key, _)) = library.resolve(&power.provision) else {
                    continue;
                };
                let column = usize::from(key == crate::model::TreatyKey::Bc);
                row.powers[column].push(power.provision.clone());
                row.safeguards[column].push(safeguard.provision.clone());
            }
        }
    }
    let order = |id: &String| {
        library
            .resolve(id)
            .map_or((usize::MAX, usize::MAX), |(key, ix)| (key as usize, ix))
    };
    rows.into_values()
        .map(|mut row| {
            for list in row.powers.iter_mut().chain(row.safeguards.iter_mut()) {
                list.sort_by_key(order);
                list.dedup();
            }
            row
        })
        .collect()
}
