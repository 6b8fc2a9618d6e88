//! The layer file: its schema, parsing with `file:line:col` errors, the canonical text it is saved as,
//! and `crosswalk check`.

use std::fmt;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::anchor::{Anchor, Resolution, resolve, resolve_in, text_hash};
use super::fsio;
use crate::crosswalk::Evidence;
use crate::model::Library;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
/// Files larger than this are refused before parsing (a hostile or mistaken file).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Any single text field longer than this is refused.
pub const MAX_FIELD_CHARS: usize = 1_000_000;

/// A reply in an annotation's thread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    /// Exact words of the texts that back the note.
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
    /// Replies to notes of other layers (older files have none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies_to: Vec<ReplyTo>,
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
    #[error(transparent)]
    Write(#[from] fsio::WriteError),
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
        format!(
            "// Crosswalk annotations (schema {SCHEMA_VERSION}). Plain RON: safe to edit by hand and to merge in git.\n{body}\n"
        )
    }

    /// Writes the file atomically: a temporary file in the same folder, fsync, the previous version
    /// copied to `<file>.bak`, then a rename over the target. A crash leaves the old or the new file.
    pub fn save(&self, path: &Path) -> Result<(), AnnotationError> {
        Ok(fsio::save_text_atomically(path, &self.to_ron())?)
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
                        .entry(anchor.provision.to_string())
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
}
