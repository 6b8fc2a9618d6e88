//! The layer file: its schema, parsing with `file:line:col` errors, the canonical text it is saved as,
//! and `crosswalk check`.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::anchor::{Anchor, OrphanReason, Resolution, resolve, resolve_in, text_hash};
use super::fsio::{self, DiskState};
use super::question::Question;
use super::scan;
use crate::crosswalk::Evidence;
use crate::model::Library;
use crate::ron_source;
use crate::ron_source::{LineIndex, SyntaxError, line_col, nearest_name};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
/// Files larger than this are refused before parsing (a hostile or mistaken file).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Any single text field longer than this is refused.
pub const MAX_FIELD_CHARS: usize = 1_000_000;

/// A reply in an annotation's thread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reply {
    pub note: String,
    pub author: String,
    pub created: String,
}

/// A reply kept in this layer to a note of another layer: a student's answer to a note in a teacher's
/// read-only layer lives in the student's file and names the note by its layer's name and its ID. The
/// window shows it in that note's thread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyTo {
    /// The name of the layer that holds the note (its `name`, as the annotations panel shows it).
    pub layer: String,
    /// The ID of the note in that layer.
    pub annotation: String,
    pub note: String,
    pub author: String,
    /// RFC 3339, UTC.
    pub created: String,
}

impl ReplyTo {
    /// Whether this answers note `annotation` of the layer named `layer_name`.
    pub fn answers(&self, layer_name: &str, annotation: &str) -> bool {
        self.layer == layer_name && self.annotation == annotation
    }

    /// The reply itself, as a thread shows it.
    pub fn reply(&self) -> Reply {
        Reply {
            note: self.note.clone(),
            author: self.author.clone(),
            created: self.created.clone(),
        }
    }
}

/// A note on a provision or passage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    #[serde(default)]
    pub id: String,
    pub anchor: Anchor,
    #[serde(default)]
    pub note: String,
    /// Free, hierarchical tags such as `safeguard/judicial-or-independent-review`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// "#rrggbb"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// RFC 3339, UTC.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub updated: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Exact words of the texts that back the note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl Annotation {
    /// An annotation with nothing but its anchor (fields are filled in by the caller).
    pub fn on(anchor: Anchor) -> Annotation {
        Annotation {
            id: String::new(),
            anchor,
            note: String::new(),
            tags: Vec::new(),
            color: None,
            author: String::new(),
            created: String::new(),
            updated: String::new(),
            replies: Vec::new(),
            evidence: Vec::new(),
        }
    }
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
#[serde(default, deny_unknown_fields)]
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
    /// Exact words of the texts that back the note.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// One annotation file: a layer.
///
/// Every schema struct refuses unknown fields: a misspelt field (`anotations:`) would otherwise be
/// dropped silently, and its words lost at the next save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnnotationFile {
    pub schema: u32,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub annotations: Vec<Annotation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkAnnotation>,
    /// Replies to notes of other layers (older files have none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies_to: Vec<ReplyTo>,
    /// The questions of a brief (older files have none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

impl Default for AnnotationFile {
    fn default() -> AnnotationFile {
        AnnotationFile {
            schema: SCHEMA_VERSION,
            name: String::new(),
            description: String::new(),
            annotations: Vec::new(),
            links: Vec::new(),
            replies_to: Vec::new(),
            questions: Vec::new(),
        }
    }
}

/// Why a file could not be used or written. `file:line:col: message` where the place is known.
#[derive(Debug, Error)]
pub enum AnnotationError {
    #[error("{file}: {cause}")]
    Io {
        file: String,
        /// Part of the message, not a `source`: a message chain would print it twice.
        cause: std::io::Error,
    },
    #[error("{file}: {kind}, not a regular file; annotation files are plain files")]
    NotRegularFile { file: String, kind: &'static str },
    #[error(transparent)]
    Write(#[from] fsio::WriteError),
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// A field the schema does not have: a misspelling, or a field of another program.
    #[error("{file}:{line}:{col}: unknown field `{field}`{}", suggestion_text(.suggestion.as_deref(), .expected))]
    UnknownField {
        file: String,
        line: usize,
        col: usize,
        field: String,
        /// The known field with the nearest name, if one is near.
        suggestion: Option<String>,
        /// The fields allowed at that place.
        expected: Vec<String>,
    },
    #[error(
        "{file}:{line}:{col}: written by a newer Crosswalk (schema {found}; this version reads schema {SCHEMA_VERSION}); not opened, so nothing is lost"
    )]
    NewerSchema {
        file: String,
        /// The place of the `schema` value.
        line: usize,
        col: usize,
        found: u32,
    },
    #[error(
        "{file}: larger than the {MAX_FILE_BYTES} bytes an annotation file may have; not opened"
    )]
    TooLarge {
        file: String,
        /// The size found (at least `MAX_FILE_BYTES + 1`).
        bytes: u64,
    },
    #[error(
        "{file}:{line}:{col}: a text field of {chars} characters is longer than the {MAX_FIELD_CHARS} allowed"
    )]
    FieldTooLong {
        file: String,
        line: usize,
        col: usize,
        chars: usize,
    },
    /// A save that the loader would refuse to open again; nothing was written.
    #[error("{file}: not saved: {reason}; nothing was written")]
    NotSaved { file: String, reason: String },
    /// The layer a save or reload was asked for was closed meanwhile (a dialog outlived it).
    #[error("that layer was closed meanwhile ({0}); nothing was written")]
    Closed(crate::document::DocumentId),
    /// Another program or window changed the file since it was read or written here.
    #[error(transparent)]
    ChangedOnDisk(#[from] fsio::ChangedOnDisk),
    /// The layer may not be written to its own file (see [`crate::annotations::ReadOnlyReason`]).
    #[error("{file}: not saved: {reason}")]
    ReadOnly { file: String, reason: String },
}

fn suggestion_text(suggestion: Option<&str>, expected: &[String]) -> String {
    match suggestion {
        Some(name) => format!(", did you mean `{name}`?"),
        None if expected.is_empty() => String::new(),
        None => format!(" (the fields here are {})", expected.join(", ")),
    }
}

impl From<fsio::ReadError> for AnnotationError {
    fn from(error: fsio::ReadError) -> AnnotationError {
        match error {
            fsio::ReadError::Io { file, cause } => AnnotationError::Io { file, cause },
            fsio::ReadError::NotRegularFile { file, kind } => {
                AnnotationError::NotRegularFile { file, kind }
            }
            fsio::ReadError::TooLarge { file, max_bytes } => AnnotationError::TooLarge {
                file,
                bytes: max_bytes + 1,
            },
        }
    }
}

impl AnnotationError {
    /// Where in the file the problem is, when it has a place.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            AnnotationError::Syntax(SyntaxError { line, col, .. })
            | AnnotationError::UnknownField { line, col, .. }
            | AnnotationError::FieldTooLong { line, col, .. }
            | AnnotationError::NewerSchema { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }

    /// The place and the message without its `file:line:col: ` prefix, for reports that print the
    /// place themselves; `None` for errors without a place.
    pub fn placed_message(&self) -> Option<(usize, usize, String)> {
        let (line, col) = self.position()?;
        let file = match self {
            AnnotationError::Syntax(SyntaxError { file, .. })
            | AnnotationError::UnknownField { file, .. }
            | AnnotationError::FieldTooLong { file, .. }
            | AnnotationError::NewerSchema { file, .. } => file,
            _ => return None,
        };
        let text = self.to_string();
        let prefix = format!("{file}:{line}:{col}: ");
        let message = text.strip_prefix(&prefix).unwrap_or(&text).to_owned();
        Some((line, col, message))
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

/// Where the first occurrence of `needle` (quoted as a RON string) sits in the file, for messages.
pub fn position_of_string(text: &str, needle: &str) -> (usize, usize) {
    let quoted = format!("\"{needle}\"");
    text.find(&quoted).map_or((1, 1), |at| line_col(text, at))
}

/// A layer file as read from disk, with what the workspace needs to know about it.
#[derive(Debug)]
pub struct LoadedFile {
    pub file: AnnotationFile,
    /// The decoded text (without a byte order mark).
    pub text: String,
    /// What the file was on disk when it was read.
    pub disk: DiskState,
    /// Fields the schema does not have, each an error at its place; the file was read without them.
    pub unknown_fields: Vec<AnnotationError>,
    /// `(line, col)` of each comment other than Crosswalk's own header line.
    pub comments: Vec<(usize, usize)>,
}

/// The positions of a RON error, mapped to our messages.
fn ron_error(text: &str, file: &str, error: ron::error::SpannedError) -> AnnotationError {
    let (line, col) = (error.span.start.line, error.span.start.col);
    match error.code {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => {
            // ron points past the name; point at the name itself, as an editor would.
            let (line, col) = field_name_before(text, line, col, &found).unwrap_or((line, col));
            AnnotationError::UnknownField {
                file: file.to_owned(),
                line,
                col,
                suggestion: nearest_name(&found, expected.iter().copied()).map(str::to_owned),
                expected: expected.iter().map(|name| (*name).to_owned()).collect(),
                field: found,
            }
        }
        ron::Error::ExceededRecursionLimit => SyntaxError::new(
            file,
            (line, col),
            format!(
                "the file is nested more than {} levels deep",
                scan::MAX_NESTING
            ),
        )
        .into(),
        code => SyntaxError::new(file, (line, col), code.to_string()).into(),
    }
}

/// The place of the field name `name` that ends at or before `line:col`, searching back on that line.
fn field_name_before(text: &str, line: usize, col: usize, name: &str) -> Option<(usize, usize)> {
    let line_text = text.split('\n').nth(line.checked_sub(1)?)?;
    let end = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(at, _)| at);
    let at = line_text.get(..end)?.rfind(name)?;
    Some((line, line_text[..at].chars().count() + 1))
}

/// The byte offset of `line:col` in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (index, line_text) in text.split('\n').enumerate() {
        if index + 1 == line {
            return offset
                + line_text
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(line_text.len(), |(at, _)| at);
        }
        offset += line_text.len() + 1;
    }
    text.len()
}

/// At most this many unknown fields are stepped over before a file is refused outright.
const MAX_UNKNOWN_FIELDS: usize = 100;

impl AnnotationFile {
    /// Parses the text of an annotation file; `file` names it in messages. Refuses control
    /// characters, unknown fields, deep nesting, newer schemas and overlong fields, each with its place.
    pub fn parse(text: &str, file: &str) -> Result<AnnotationFile, AnnotationError> {
        let text = scan::decode(text.as_bytes())
            .map_err(|problem| SyntaxError::from_text_problem(file, problem))?;
        Self::parse_decoded(text, file)
    }

    /// Parses the bytes of an annotation file: UTF-8, a byte order mark allowed.
    pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<AnnotationFile, AnnotationError> {
        let text =
            scan::decode(bytes).map_err(|problem| SyntaxError::from_text_problem(file, problem))?;
        Self::parse_decoded(text, file)
    }

    fn parse_decoded(text: &str, file: &str) -> Result<AnnotationFile, AnnotationError> {
        // A newer schema is refused: its fields may not mean what ours do. Only files that fail or
        // declare a newer schema pay for the second reading that finds the `schema` value.
        let newer = |(found, (line, col)): (u32, (usize, usize))| AnnotationError::NewerSchema {
            file: file.to_owned(),
            line,
            col,
            found,
        };
        let options = ron::Options::default().with_recursion_limit(scan::MAX_NESTING);
        let parsed: AnnotationFile = match options.from_str(text) {
            Ok(parsed) => parsed,
            Err(error) => {
                return Err(ron_source::newer_schema(text, SCHEMA_VERSION)
                    .map_or_else(|| ron_error(text, file, error), newer));
            }
        };
        if parsed.schema > SCHEMA_VERSION {
            let place = ron_source::newer_schema(text, SCHEMA_VERSION).map_or((1, 1), |(_, at)| at);
            return Err(newer((parsed.schema, place)));
        }
        parsed.check_field_lengths(text, file)?;
        Ok(parsed)
    }

    /// Parses a file that may have unknown fields: each one is stepped over (blanked in a copy of the
    /// text, so later positions stay right) and reported. Other errors fail as in [`parse`](Self::parse).
    pub fn parse_lenient(
        text: &str,
        file: &str,
    ) -> Result<(AnnotationFile, Vec<AnnotationError>), AnnotationError> {
        let mut working = text.to_owned();
        let mut unknown = Vec::new();
        loop {
            let error = match Self::parse(&working, file) {
                Ok(parsed) => return Ok((parsed, unknown)),
                Err(error) => error,
            };
            let AnnotationError::UnknownField {
                line, col, field, ..
            } = &error
            else {
                return Err(error);
            };
            if unknown.len() >= MAX_UNKNOWN_FIELDS {
                return Err(error);
            }
            let at = offset_of(&working, *line, *col);
            let span = scan::shape(&working).and_then(|shape| {
                shape
                    .root
                    .all_fields()
                    .into_iter()
                    .filter(|f| f.name == *field)
                    .min_by_key(|f| f.name_start.abs_diff(at))
                    .map(|f| f.whole.clone())
            });
            let Some(span) = span else {
                return Err(error);
            };
            blank(&mut working, span);
            unknown.push(error);
        }
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
        for question in &self.questions {
            fields.extend(question.text_fields());
        }
        for reply in &self.replies_to {
            fields.extend([
                reply.layer.as_str(),
                &reply.annotation,
                &reply.note,
                &reply.author,
            ]);
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

    /// Reads and parses a file, refusing what is not a regular file, files over [`MAX_FILE_BYTES`]
    /// (read through a hard cap, whatever the metadata says) and unknown fields.
    pub fn load(path: &Path) -> Result<AnnotationFile, AnnotationError> {
        let (bytes, _) = fsio::read_regular_file(path, MAX_FILE_BYTES)?;
        AnnotationFile::parse_bytes(&bytes, &path.display().to_string())
    }

    /// Reads a file for opening as a layer: unknown fields are stepped over and listed (the layer is
    /// then read-only), comments are listed, and the disk state is remembered.
    pub fn read(path: &Path) -> Result<LoadedFile, AnnotationError> {
        let name = path.display().to_string();
        let (bytes, disk) = fsio::read_regular_file(path, MAX_FILE_BYTES)?;
        let text = scan::decode(&bytes)
            .map_err(|problem| SyntaxError::from_text_problem(&name, problem))?
            .to_owned();
        let (file, unknown_fields) = AnnotationFile::parse_lenient(&text, &name)?;
        let comments = ron_source::user_comment_places(&text, &scan::header_line());
        Ok(LoadedFile {
            file,
            text,
            disk,
            unknown_fields,
            comments,
        })
    }

    /// Sorts into the canonical order: by provision ID, then creation time, then ID.
    pub fn sort(&mut self) {
        self.annotations.sort_by(|a, b| {
            (&a.anchor.provision, &a.created, &a.id).cmp(&(&b.anchor.provision, &b.created, &b.id))
        });
        let first = |link: &LinkAnnotation| link.ends.first().map(|end| end.provision.clone());
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
        // No file may hold a control character, even escaped: one pasted into a note is written as `�`.
        let body = ron_source::replace_refused_escapes(&body);
        format!("{}\n{body}\n", scan::header_line())
    }

    /// The canonical text, if the loader would open it again: not over [`MAX_FILE_BYTES`], no field
    /// over [`MAX_FIELD_CHARS`], and it parses back.
    pub fn savable_text(&self, file: &str) -> Result<String, AnnotationError> {
        let text = self.to_ron();
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(AnnotationError::NotSaved {
                file: file.to_owned(),
                reason: format!(
                    "the layer would be {} bytes, more than the {MAX_FILE_BYTES} an annotation file may have (it could not be opened again); split it into several layers",
                    text.len()
                ),
            });
        }
        if let Err(error) = AnnotationFile::parse(&text, file) {
            return Err(AnnotationError::NotSaved {
                file: file.to_owned(),
                reason: format!("it could not be opened again ({error})"),
            });
        }
        Ok(text)
    }

    /// Writes the file atomically (see [`fsio`]): a temporary file in the same folder, fsync, the
    /// previous version kept as `<file>.bak`, then a rename over the target. A crash leaves the old or
    /// the new file. A layer the loader would refuse is not written.
    pub fn save(&self, path: &Path) -> Result<(), AnnotationError> {
        self.save_with_state(path).map(|_| ())
    }

    /// [`save`](Self::save), returning the disk state of what was written.
    pub fn save_with_state(&self, path: &Path) -> Result<DiskState, AnnotationError> {
        let text = self.savable_text(&path.display().to_string())?;
        Ok(fsio::save_bytes_atomically_with(
            path,
            text.as_bytes(),
            fsio::Backup::Keep,
            &mut fsio::write_all,
        )?)
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
    /// Opening a file does not do this (the file keeps the user's quote until they accept the new
    /// place, [`crate::annotations::Workspace::accept_reanchor`]); it is for tools and benchmarks.
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
                        .entry(anchor.provision.to_string())
                        .or_insert_with(|| text_hash(text));
                    if anchor.text_hash != *hash {
                        anchor.text_hash = hash.clone();
                    }
                }
                Resolution::Orphan(_) | Resolution::Searching => {}
            }
        }
    }
}

/// Replaces `span` of `text` with spaces, keeping line breaks, so that every later position stays.
fn blank(text: &mut String, span: std::ops::Range<usize>) {
    let Some(part) = text.get(span.clone()) else {
        return;
    };
    let blanked: String = part
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_owned()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(span, &blanked);
}

/// A problem `crosswalk check` reports, with its place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckMessage {
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// Errors fail the check; warnings (re-anchored quotes, comments, missing IDs) do not.
    pub is_error: bool,
}

/// Where each annotation and link of `file` is in its `text`, with messages placed at them.
struct Places<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    shape: Option<scan::Shape>,
    annotations: Vec<scan::ItemPlace>,
    links: Vec<scan::ItemPlace>,
    questions: Vec<scan::ItemPlace>,
    messages: Vec<CheckMessage>,
}

/// The kinds of item a layer holds, each with its own list (and its own word in messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ItemKind {
    Annotation,
    Link,
    Question,
}

impl ItemKind {
    fn word(self) -> &'static str {
        match self {
            ItemKind::Annotation => "annotation",
            ItemKind::Link => "link",
            ItemKind::Question => "question",
        }
    }
}

impl<'a> Places<'a> {
    fn of(text: &'a str) -> Places<'a> {
        let shape = scan::shape(text);
        Places {
            text,
            lines: LineIndex::new(text),
            annotations: shape
                .as_ref()
                .map(scan::Shape::annotations)
                .unwrap_or_default(),
            links: shape.as_ref().map(scan::Shape::links).unwrap_or_default(),
            questions: shape
                .as_ref()
                .map(scan::Shape::questions)
                .unwrap_or_default(),
            shape,
            messages: Vec::new(),
        }
    }

    /// The place of item `index` of the annotations, links or questions.
    fn item(&self, kind: ItemKind, index: usize) -> Option<&scan::ItemPlace> {
        match kind {
            ItemKind::Annotation => self.annotations.get(index),
            ItemKind::Link => self.links.get(index),
            ItemKind::Question => self.questions.get(index),
        }
    }

    /// Where the quoted string `needle` is written inside item `index` (else the item's start, else
    /// the first place it occurs in the file).
    fn within_item(&self, kind: ItemKind, index: usize, needle: &str) -> Option<usize> {
        let start = self.item(kind, index).map(|p| p.start)?;
        let quoted = format!("\"{needle}\"");
        Some(
            self.text
                .get(start..)
                .and_then(|rest| rest.find(&quoted))
                .map_or(start, |offset| start + offset),
        )
    }

    /// Adds a message at byte `at`, or where `fallback` (a quoted string) first occurs.
    fn push(&mut self, at: Option<usize>, fallback: &str, message: String, is_error: bool) {
        let (line, col) = at.map_or_else(
            || position_of_string(self.text, fallback),
            |at| self.lines.line_col(at),
        );
        self.messages.push(CheckMessage {
            line,
            col,
            message,
            is_error,
        });
    }
}

/// The items of a file in file order: (kind, index, ID, anchors).
fn items(file: &AnnotationFile) -> Vec<(ItemKind, usize, &str, Vec<&Anchor>)> {
    let annotations = file
        .annotations
        .iter()
        .enumerate()
        .map(|(i, a)| (ItemKind::Annotation, i, a.id.as_str(), vec![&a.anchor]));
    let links = file
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| (ItemKind::Link, i, l.id.as_str(), l.ends.iter().collect()));
    let questions = file
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (ItemKind::Question, i, q.id.as_str(), Vec::new()));
    annotations.chain(links).chain(questions).collect()
}

/// The evidence of every item, in file order: (kind, index, ID, evidence).
fn evidence_lists(file: &AnnotationFile) -> Vec<(ItemKind, usize, &str, &[Evidence])> {
    let annotations = file.annotations.iter().enumerate().map(|(i, a)| {
        (
            ItemKind::Annotation,
            i,
            a.id.as_str(),
            a.evidence.as_slice(),
        )
    });
    let links = file
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| (ItemKind::Link, i, l.id.as_str(), l.evidence.as_slice()));
    let questions = file
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (ItemKind::Question, i, q.id.as_str(), q.evidence.as_slice()));
    annotations.chain(links).chain(questions).collect()
}

/// What can be checked without the texts: duplicate IDs (an error at the duplicate's own place),
/// missing IDs, links with fewer than two ends, comments. Sorted by place.
pub fn check_structure(file: &AnnotationFile, text: &str) -> Vec<CheckMessage> {
    let mut places = Places::of(text);
    structure_messages(file, &mut places);
    let mut messages = places.messages;
    messages.sort_by_key(|m| (m.line, m.col));
    messages
}

fn structure_messages(file: &AnnotationFile, places: &mut Places) {
    let mut first_use: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (item_kind, index, id, _) in items(file) {
        let kind = item_kind.word();
        let place = places.item(item_kind, index).cloned();
        if id.is_empty() {
            places.push(
                place.map(|p| p.start),
                "",
                format!("{kind} without an ID; the app gives it one when the file is opened"),
                false,
            );
            continue;
        }
        let id_at = place.map(|p| p.id.unwrap_or(p.start));
        match first_use.get(id) {
            Some(first) => places.push(
                id_at,
                id,
                format!(
                    "duplicate ID {id} (first used on line {first}); each annotation, link and question needs its own"
                ),
                true,
            ),
            None => {
                let line = id_at.map_or(0, |at| places.lines.line_col(at).0);
                first_use.insert(id, line);
            }
        }
    }
    for (index, link) in file.links.iter().enumerate() {
        if link.ends.len() < 2 {
            let at = places.item(ItemKind::Link, index).map(|p| p.start);
            places.push(
                at,
                &link.id,
                format!("link {} needs at least two ends", link.id),
                true,
            );
        }
    }
    let comments = places
        .shape
        .as_ref()
        .map(|shape| shape.user_comments(places.text, &scan::header_line()))
        .unwrap_or_default();
    for (start, lines) in comment_blocks(places.text, &places.lines, &comments) {
        let what = match lines {
            (first, last) if first == last => "comment".to_owned(),
            (first, last) => format!("comment (lines {first}–{last})"),
        };
        places.push(
            Some(start),
            "",
            format!("{what}: the app opens this file read-only, since saving would drop comments (keep notes in `note` or `description` fields)"),
            false,
        );
    }
}

/// Comments on consecutive lines with nothing but white space between them, as one block each: the
/// byte where the block starts and its first and last line. A header of twenty comment lines is one
/// warning, not twenty.
fn comment_blocks(
    text: &str,
    lines: &LineIndex,
    comments: &[Range<usize>],
) -> Vec<(usize, (usize, usize))> {
    let mut blocks: Vec<(usize, usize, (usize, usize))> = Vec::new();
    for comment in comments {
        let first = lines.line_col(comment.start).0;
        let last = lines
            .line_col(comment.end.saturating_sub(1).max(comment.start))
            .0;
        if let Some((_, end, lines)) = blocks.last_mut() {
            let between = text.get(*end..comment.start).unwrap_or("x");
            if first <= lines.1 + 1 && between.trim().is_empty() {
                *end = comment.end;
                lines.1 = last;
                continue;
            }
        }
        blocks.push((comment.start, comment.end, (first, last)));
    }
    blocks
        .into_iter()
        .map(|(start, _, lines)| (start, lines))
        .collect()
}

/// Validates a parsed file against the texts: unknown provisions and lost quotes, duplicate IDs,
/// links with fewer than two ends, and questions citing unknown provisions or crosswalk links are errors; moved quotes, missing IDs and comments are warnings.
/// Each message is at its own item's place in `text` (the file's text), sorted by place.
pub fn check(file: &AnnotationFile, text: &str, library: &Library) -> Vec<CheckMessage> {
    let mut places = Places::of(text);
    structure_messages(file, &mut places);
    for (kind, index, id, anchors) in items(file) {
        let owner = if id.is_empty() { "(no ID)" } else { id };
        for (j, anchor) in anchors.into_iter().enumerate() {
            let at = places
                .item(kind, index)
                .map(|p| p.anchors.get(j).copied().unwrap_or(p.start));
            match resolve(anchor, library) {
                Resolution::Orphan(reason) => places.push(
                    at,
                    &anchor.provision,
                    format!(
                        "{owner}: {reason} ({}); kept as an orphan",
                        anchor.provision
                    ),
                    // A note on an instrument that is not loaded is not wrong: it waits for it.
                    !matches!(
                        reason,
                        OrphanReason::KeptByUser | OrphanReason::InstrumentNotLoaded(_)
                    ),
                ),
                Resolution::Moved(_) => places.push(
                    at,
                    &anchor.provision,
                    format!(
                        "{owner}: quote found at another place in {}",
                        anchor.provision
                    ),
                    false,
                ),
                Resolution::Fuzzy(_, ratio) => places.push(
                    at,
                    &anchor.provision,
                    format!(
                        "{owner}: quote changed, matched at {:.0}% in {}",
                        ratio * 100.0,
                        anchor.provision
                    ),
                    false,
                ),
                Resolution::Exact(_) | Resolution::Searching => {}
            }
        }
    }
    // Evidence quotes, each at its own item (the quote itself where it is written plainly).
    for (kind, index, id, evidence) in evidence_lists(file) {
        for evidence in evidence {
            if let Err(problem) = evidence.verify(library) {
                let at = places.within_item(kind, index, &evidence.quote);
                places.push(at, &evidence.quote, format!("{id}: {problem}"), true);
            }
        }
    }
    question_messages(file, library, &mut places);
    let mut messages = places.messages;
    messages.sort_by_key(|m| (m.line, m.col));
    messages
}

/// What a question names besides its evidence: cited provisions and link ends the texts do not have,
/// crosswalk links that do not exist (errors), and notes in neither this file nor a shipped layer
/// (warnings: they may be in a layer `check` does not see). Each at its place in the question.
fn question_messages(file: &AnnotationFile, library: &Library, places: &mut Places) {
    let crosswalk = crate::crosswalk::Crosswalk::embedded().ok();
    let known_notes = known_note_ids(file);
    for (index, question) in file.questions.iter().enumerate() {
        let owner = if question.id.is_empty() {
            "(no ID)"
        } else {
            question.id.as_str()
        };
        for id in super::question::unknown_provisions(question, library) {
            let at = places.within_item(ItemKind::Question, index, id.as_str());
            places.push(
                at,
                id.as_str(),
                format!("{owner}: unknown provision {id}; the question is kept as written"),
                true,
            );
        }
        for link in &question.links {
            let found = crosswalk
                .as_ref()
                .and_then(|crosswalk| super::question::crosswalk_link(crosswalk, link));
            if found.is_none() && library.get(link.revision.as_str()).is_some() {
                let at = places.within_item(ItemKind::Question, index, link.revision.as_str());
                places.push(
                    at,
                    link.revision.as_str(),
                    format!(
                        "{owner}: the crosswalk has no link between {} and {}",
                        link.revision, link.base
                    ),
                    true,
                );
            }
        }
        for note in &question.notes {
            if !known_notes.contains(note.as_str()) {
                let at = places.within_item(ItemKind::Question, index, note);
                places.push(
                    at,
                    note,
                    format!("{owner}: note {note} is in neither this file nor a shipped layer"),
                    false,
                );
            }
        }
    }
}

/// The IDs of the notes and links of `file` and of the shipped layers.
fn known_note_ids(file: &AnnotationFile) -> std::collections::BTreeSet<String> {
    let shipped = [
        super::workspace::SAFEGUARDS_RON,
        super::workspace::COMMENTARY_RON,
    ]
    .into_iter()
    .filter_map(|text| AnnotationFile::parse(text, "shipped").ok());
    let mut ids = std::collections::BTreeSet::new();
    for layer in std::iter::once(file.clone()).chain(shipped) {
        ids.extend(layer.annotations.iter().map(|a| a.id.clone()));
        ids.extend(layer.links.iter().map(|l| l.id.clone()));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_that_follow_one_another_are_one_block() {
        let text = "// a\n// b\n  // c\n\n// d\n(x: 1) // e\n/* f\n g */\n";
        let shape = scan::shape(text).expect("reads");
        let blocks = comment_blocks(text, &LineIndex::new(text), &shape.comments);
        let lines: Vec<(usize, usize)> = blocks.iter().map(|(_, lines)| *lines).collect();
        assert_eq!(lines, [(1, 3), (5, 5), (6, 8)]);
        assert_eq!(blocks[0].0, 0);
    }
    use crate::annotations::OrphanReason;
    use crate::model::ProvisionId;

    fn id() -> ProvisionId {
        ProvisionId::parse("uncc:art_1").expect("a well-formed ID")
    }

    const TEXT: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to establish the offence.";

    #[test]
    fn anchor_resolves_exactly_then_moved_then_fuzzy_then_orphan() {
        let start = TEXT.find("legislative").unwrap();
        let anchor = Anchor::quote(
            &ProvisionId::parse("uncc:art_7").expect("a well-formed ID"),
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
        let anchor = Anchor::quote(&id(), text, 13..21);
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

    #[test]
    fn unknown_fields_are_errors_at_their_place_with_a_suggestion() {
        let text = "(\n    schema: 1,\n    anotations: [],\n)";
        let error = AnnotationFile::parse(text, "f.ron").unwrap_err();
        assert_eq!(
            error.to_string(),
            "f.ron:3:5: unknown field `anotations`, did you mean `annotations`?"
        );
        for (found, meant) in [
            ("notes", "note"),
            ("tag", "tags"),
            ("colour", "color"),
            ("quoet", "quote"),
        ] {
            let known = ["note", "tags", "color", "quote", "anchor", "id"];
            assert_eq!(nearest_name(found, known), Some(meant), "{found}");
        }
        assert_eq!(nearest_name("flags", ["note", "tags", "id"]), None);
    }

    #[test]
    fn lenient_parse_steps_over_every_unknown_field_and_keeps_positions() {
        let text = "(\n    schema: 1,\n    annotations: [\n        (id: \"a\", anchor: (provision: \"uncc:art_1\", quoet: \"x\"), colour: Some(\"#fff\"), note: \"kept\"),\n    ],\n    flags: { \"new\": [1, [2, 3]] },\n)";
        let (file, unknown) = AnnotationFile::parse_lenient(text, "f.ron").unwrap();
        assert_eq!(file.annotations[0].note, "kept");
        let places: Vec<_> = unknown.iter().map(|e| e.position()).collect();
        assert_eq!(places, [Some((4, 53)), Some((4, 66)), Some((6, 5))]);
        assert!(unknown[1].to_string().contains("did you mean `color`?"));
    }

    #[test]
    fn the_nesting_limit_is_told_in_the_users_words() {
        let error = ron::Options::default()
            .with_recursion_limit(2)
            .from_str::<ron::Value>("[[[1]]]")
            .unwrap_err();
        let message = ron_error("[[[1]]]", "f.ron", error).to_string();
        assert!(
            message.contains(&format!(
                "nested more than {} levels deep",
                scan::MAX_NESTING
            )),
            "{message}"
        );
        assert!(!message.contains("serde_stacker"));
    }

    #[test]
    fn text_problems_are_refused_with_line_and_column() {
        let error = AnnotationFile::parse_bytes(b"(\n  name: \"\xff\",\n)", "f.ron").unwrap_err();
        assert!(
            error.to_string().starts_with("f.ron:2:10: not UTF-8"),
            "{error}"
        );
        let error = AnnotationFile::parse("(\n  name: \"a\u{1b}[31m\",\n)", "f.ron").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("f.ron:2:11: control character U+001B"),
            "{error}"
        );
        let with_bom =
            AnnotationFile::parse_bytes(b"\xEF\xBB\xBF(schema: 1, name: \"b\")", "f.ron").unwrap();
        assert_eq!(with_bom.name, "b");
    }

    #[test]
    fn check_places_each_message_at_its_own_item() {
        let text = "(\n    schema: 1,\n    annotations: [\n        (id: \"a\", anchor: (provision: \"uncc:art_1\")),\n        (id: \"b\", anchor: (provision: \"uncc:art_1\", quote: \"no such words here\")),\n        (id: \"a\", anchor: (provision: \"uncc:art_1\")),\n        (anchor: (provision: \"uncc:art_1\")),\n    ],\n)";
        let file = AnnotationFile::parse(text, "f.ron").unwrap();
        let library = crate::texts::load_embedded().unwrap();
        let messages = check(&file, text, &library);
        let at = |needle: &str| {
            messages
                .iter()
                .find(|m| m.message.contains(needle))
                .map(|m| (m.line, m.col))
        };
        assert_eq!(at("b: the quoted text"), Some((5, 39)), "{messages:?}");
        assert_eq!(at("duplicate ID a (first used on line 4)"), Some((6, 14)));
        assert_eq!(at("annotation without an ID"), Some((7, 9)));
    }
}
