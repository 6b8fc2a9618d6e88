//! Lessons: a teacher's sequence of stops through the two treaties, kept in a RON file.
//!
//! A stop names a provision; it is shown with its linked counterparts (from the [`LinkSet`]) or with the
//! provisions listed in `with`, the teacher's note, a question for the class and quotes to highlight.
//!
//! ```ron
//! (
//!     schema: 1,
//!     title: "Safeguards and international cooperation",
//!     audience: "Law students",
//!     stops: [
//!         (
//!             provision: "uncc:art_28__para_4",
//!             with: ["bc:art_19__para_4"],
//!             note: "The teacher's note.",
//!             question: "A question for the class?",
//!             highlights: [(provision: "uncc:art_28__para_4", quote: "functioning of the information")],
//!         ),
//!     ],
//! )
//! ```
//!
//! - this module: the file format, parsing with `file:line:col` errors (unknown fields get a suggestion),
//!   [`check`] against the texts, canonical saving through the atomic writer, and [`LessonEdit`]s.
//! - [`view`]: a stop resolved for presentation mode and handouts ([`StopView`]); [`marks`]: its texts
//!   with the differences and highlights marked, as presentation mode shows them. Handouts are printed
//!   by the export printers (`export::handout`).
//! - highlights are found in their provision by [`crate::quote`], as evidence quotes are.
//! - where a value sits in the file, for messages: [`crate::ron_source::SourceMap`].

pub mod marks;
pub mod view;

use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::annotations::fsio::{self, DiskState, ReadError};
use crate::annotations::{CheckMessage, WriteError};
use crate::document::{InverseEdit, serialized_size};
use crate::links::LinkSet;
use crate::model::{Library, ProvisionId};
use crate::quote;
use crate::ron_source::{self, SourceMap, Step, SyntaxError, nearest_name};

pub use marks::{InlinePiece, Mark, MarkedLine, MarkedStop, MarkedText};
pub use view::{
    HighlightView, ShownProvision, StopLink, StopView, Unmatched, WithSource, counterparts,
};

/// The lesson schema this build reads and writes.
pub const LESSON_SCHEMA_VERSION: u32 = 1;
/// Lesson files larger than this are refused (read through a hard cap, whatever the metadata says).
pub const MAX_LESSON_BYTES: u64 = 16 * 1024 * 1024;
/// Any single text field longer than this is refused.
pub const MAX_LESSON_FIELD_CHARS: usize = 100_000;

/// The lessons shipped in `texts/lessons/`: file name and text.
pub const SHIPPED_LESSONS: [(&str, &str); 2] = [
    (
        "texts/lessons/offences-budapest-to-un.ron",
        include_str!("../../texts/lessons/offences-budapest-to-un.ron"),
    ),
    (
        "texts/lessons/safeguards-and-cooperation.ron",
        include_str!("../../texts/lessons/safeguards-and-cooperation.ron"),
    ),
];

/// A lesson: a titled, ordered sequence of stops.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    #[serde(default = "current_schema")]
    pub schema: u32,
    pub title: String,
    /// Who the lesson is for ("Law students, second year").
    #[serde(default)]
    pub audience: String,
    pub stops: Vec<Stop>,
}

fn current_schema() -> u32 {
    LESSON_SCHEMA_VERSION
}

/// One stop of a lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stop {
    /// The provision the stop is about.
    pub provision: ProvisionId,
    /// What to show beside it. `None` (the field left out): its linked counterparts in the other treaty,
    /// from the link set. `Some` (even empty): exactly these provisions.
    #[serde(
        default,
        deserialize_with = "present_list",
        serialize_with = "list_of_some",
        skip_serializing_if = "Option::is_none"
    )]
    pub with: Option<Vec<ProvisionId>>,
    /// The teacher's note (not printed on student handouts).
    pub note: String,
    /// The question for the class.
    pub question: String,
    /// Words of the texts to highlight at this stop.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<Highlight>,
}

/// Exact words of a provision to highlight; they must occur in it (or in what it contains), up to runs of
/// whitespace and curly versus straight quotation marks, as evidence quotes must.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    pub provision: ProvisionId,
    pub quote: String,
}

// `with: [...]` in the file means Some(list); leaving the field out means None (the counterparts).
fn present_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<ProvisionId>>, D::Error> {
    Vec::deserialize(deserializer).map(Some)
}

fn list_of_some<S: Serializer>(
    with: &Option<Vec<ProvisionId>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    with.as_deref().unwrap_or_default().serialize(serializer)
}

impl Stop {
    /// A stop on `provision` shown with its linked counterparts, with an empty note and question.
    pub fn on(provision: ProvisionId) -> Stop {
        Stop {
            provision,
            with: None,
            note: String::new(),
            question: String::new(),
            highlights: Vec::new(),
        }
    }
}

/// Why a lesson file could not be used. `Syntax` reads `file:line:col: message`.
#[derive(Debug, Error)]
pub enum LessonError {
    /// Not read: missing, not a regular file (a FIFO or a device), or over [`MAX_LESSON_BYTES`].
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    #[error(
        "{file}:{line}:{col}: written by a newer Crosswalk (lesson schema {found}; this version reads schema {LESSON_SCHEMA_VERSION}); not opened, so nothing is lost"
    )]
    NewerSchema {
        file: String,
        /// The place of the `schema` value.
        line: usize,
        col: usize,
        found: u32,
    },
}

/// An edit to a lesson, as a value: [`Lesson::apply`] performs it and returns the edit that undoes it.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonEdit {
    /// Insert a stop at `index` (`index == stops.len()` appends).
    Insert {
        index: usize,
        stop: Stop,
    },
    Remove {
        index: usize,
    },
    /// Move the stop at `from` so that it ends up at `to`.
    Move {
        from: usize,
        to: usize,
    },
    /// Replace the stop at `index` (its note, question, `with`, highlights…).
    Replace {
        index: usize,
        stop: Stop,
    },
    SetTitle(String),
    SetAudience(String),
    /// The whole lesson at once (a reload from disk).
    Whole(Box<Lesson>),
}

impl InverseEdit for LessonEdit {
    type Target = Lesson;
    type Error = LessonEditError;

    fn apply(self, lesson: &mut Lesson) -> Result<LessonEdit, LessonEditError> {
        lesson.apply(self)
    }

    fn memory_estimate(&self) -> usize {
        let held = match self {
            LessonEdit::Insert { stop, .. } | LessonEdit::Replace { stop, .. } => {
                serialized_size(stop)
            }
            LessonEdit::Remove { .. } | LessonEdit::Move { .. } => 0,
            LessonEdit::SetTitle(text) | LessonEdit::SetAudience(text) => text.len(),
            LessonEdit::Whole(lesson) => serialized_size(lesson.as_ref()),
        };
        std::mem::size_of::<LessonEdit>() + held
    }
}

/// A lesson file as read: the lesson, its decoded text, what the file was (for the check before a
/// save) and where the user's comments are (a lesson with comments opens read-only: saving would drop
/// them).
#[derive(Clone, Debug)]
pub struct LoadedLesson {
    pub lesson: Lesson,
    pub text: String,
    pub disk: DiskState,
    pub comments: Vec<(usize, usize)>,
}

/// The comment the app writes at the top of every lesson file (not a comment of the user's).
pub fn header_line() -> String {
    format!(
        "// Crosswalk lesson (schema {LESSON_SCHEMA_VERSION}). Plain RON: safe to edit by hand; check it with `crosswalk lesson check FILE`."
    )
}

/// An edit that does not fit the lesson.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LessonEditError {
    #[error("there is no stop {} (the lesson has {len})", index + 1)]
    NoSuchStop { index: usize, len: usize },
}

impl Lesson {
    /// An empty lesson with a title.
    pub fn new(title: &str) -> Lesson {
        Lesson {
            schema: LESSON_SCHEMA_VERSION,
            title: title.to_owned(),
            audience: String::new(),
            stops: Vec::new(),
        }
    }

    /// Parses the text of a lesson file; `file` names it in messages. The raw text is checked first,
    /// as a layer's is (a byte order mark accepted, control characters refused at their place).
    pub fn parse(text: &str, file: &str) -> Result<Lesson, LessonError> {
        let text = ron_source::decode(text.as_bytes())
            .map_err(|problem| SyntaxError::from_text_problem(file, problem))?;
        let newer = |(found, (line, col)): (u32, (usize, usize))| LessonError::NewerSchema {
            file: file.to_owned(),
            line,
            col,
            found,
        };
        let lesson: Lesson = match ron::from_str(text) {
            Ok(lesson) => lesson,
            Err(error) => {
                // A newer schema may fail for reasons that are no error in its own version: say so.
                return Err(
                    ron_source::newer_schema(text, LESSON_SCHEMA_VERSION).map_or_else(
                        || {
                            SyntaxError::new(
                                file,
                                (error.span.start.line, error.span.start.col),
                                describe_ron_error(&error.code),
                            )
                            .into()
                        },
                        newer,
                    ),
                );
            }
        };
        if lesson.schema > LESSON_SCHEMA_VERSION {
            let place =
                ron_source::newer_schema(text, LESSON_SCHEMA_VERSION).map_or((1, 1), |(_, at)| at);
            return Err(newer((lesson.schema, place)));
        }
        lesson.check_field_lengths(text, file)?;
        Ok(lesson)
    }

    fn check_field_lengths(&self, text: &str, file: &str) -> Result<(), LessonError> {
        let mut fields: Vec<(Vec<Step<'_>>, &str)> = vec![
            (vec![Step::Field("title")], &self.title),
            (vec![Step::Field("audience")], &self.audience),
        ];
        for (index, stop) in self.stops.iter().enumerate() {
            let at = |field| vec![Step::Field("stops"), Step::Item(index), Step::Field(field)];
            fields.push((at("note"), &stop.note));
            fields.push((at("question"), &stop.question));
            for (number, highlight) in stop.highlights.iter().enumerate() {
                let mut path = at("highlights");
                path.extend([Step::Item(number), Step::Field("quote")]);
                fields.push((path, &highlight.quote));
            }
        }
        let Some((path, chars)) = fields.into_iter().find_map(|(path, field)| {
            let chars = field.chars().count();
            (chars > MAX_LESSON_FIELD_CHARS).then_some((path, chars))
        }) else {
            return Ok(());
        };
        let place = SourceMap::new(text).line_col(&path);
        Err(SyntaxError::new(
            file,
            place,
            format!(
                "a text field of {chars} characters is longer than the {MAX_LESSON_FIELD_CHARS} allowed"
            ),
        )
        .into())
    }

    /// Reads and parses a lesson file (see [`read`](Self::read)).
    pub fn load(path: &Path) -> Result<Lesson, LessonError> {
        Ok(Lesson::read(path)?.0)
    }

    /// Reads and parses a lesson file, returning its decoded text too (for [`check`]). It is read by
    /// the one reader of hand-edited files ([`fsio::read_regular_file`]): a FIFO, a device or a file over
    /// [`MAX_LESSON_BYTES`] is refused at once, never waited on or read to the end.
    pub fn read(path: &Path) -> Result<(Lesson, String), LessonError> {
        Lesson::read_loaded(path).map(|loaded| (loaded.lesson, loaded.text))
    }

    /// The same, with what the window needs to keep the file safe ([`LoadedLesson`]).
    pub fn read_loaded(path: &Path) -> Result<LoadedLesson, LessonError> {
        let file = path.display().to_string();
        let (bytes, disk) = fsio::read_regular_file(path, MAX_LESSON_BYTES)?;
        let text = ron_source::decode(&bytes)
            .map_err(|problem| SyntaxError::from_text_problem(&file, problem))?
            .to_owned();
        let lesson = Lesson::parse(&text, &file)?;
        let comments = ron_source::user_comment_places(&text, &header_line());
        Ok(LoadedLesson {
            lesson,
            text,
            disk,
            comments,
        })
    }

    /// The lessons shipped with the app, parsed, with their file names.
    pub fn shipped() -> Vec<(&'static str, Result<Lesson, LessonError>)> {
        SHIPPED_LESSONS
            .iter()
            .map(|&(file, text)| (file, Lesson::parse(text, file)))
            .collect()
    }

    /// The canonical text of the file: pretty RON, stops in lesson order, newline at the end.
    ///
    /// Comments in a hand-written file cannot be kept through a save (RON drops them), which is why the
    /// notes are data fields and a file with comments opens read-only in the window; the previous
    /// version of a saved file is kept as `FILE.bak`.
    pub fn to_ron(&self) -> String {
        let mut lesson = self.clone();
        lesson.schema = LESSON_SCHEMA_VERSION;
        let config = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .separate_tuple_members(false)
            .enumerate_arrays(false);
        let body = ron::ser::to_string_pretty(&lesson, config).unwrap_or_default();
        // No file may hold a control character, even escaped: one pasted into a note is written as `�`.
        let body = ron_source::replace_refused_escapes(&body);
        format!("{}\n{body}\n", header_line())
    }

    /// Writes the file atomically (temporary file, fsync, rename), keeping the previous version as
    /// `FILE.bak`: the same writer as annotation layers.
    pub fn save(&self, path: &Path) -> Result<(), LessonError> {
        self.save_with_state(path).map(drop)
    }

    /// [`save`](Self::save), returning the disk state of what was written.
    pub fn save_with_state(&self, path: &Path) -> Result<DiskState, LessonError> {
        Ok(fsio::save_bytes_atomically_with(
            path,
            self.to_ron().as_bytes(),
            fsio::Backup::Keep,
            &mut fsio::write_all,
        )?)
    }

    /// Applies an edit and returns the edit that undoes it.
    pub fn apply(&mut self, edit: LessonEdit) -> Result<LessonEdit, LessonEditError> {
        let len = self.stops.len();
        let missing = |index| LessonEditError::NoSuchStop { index, len };
        Ok(match edit {
            LessonEdit::Insert { index, stop } => {
                if index > len {
                    return Err(missing(index));
                }
                self.stops.insert(index, stop);
                LessonEdit::Remove { index }
            }
            LessonEdit::Remove { index } => {
                if index >= len {
                    return Err(missing(index));
                }
                let stop = self.stops.remove(index);
                LessonEdit::Insert { index, stop }
            }
            LessonEdit::Move { from, to } => {
                if from >= len {
                    return Err(missing(from));
                }
                if to >= len {
                    return Err(missing(to));
                }
                let stop = self.stops.remove(from);
                self.stops.insert(to, stop);
                LessonEdit::Move { from: to, to: from }
            }
            LessonEdit::Replace { index, stop } => {
                let slot = self.stops.get_mut(index).ok_or_else(|| missing(index))?;
                let old = std::mem::replace(slot, stop);
                LessonEdit::Replace { index, stop: old }
            }
            LessonEdit::SetTitle(title) => {
                LessonEdit::SetTitle(std::mem::replace(&mut self.title, title))
            }
            LessonEdit::SetAudience(audience) => {
                LessonEdit::SetAudience(std::mem::replace(&mut self.audience, audience))
            }
            LessonEdit::Whole(lesson) => {
                LessonEdit::Whole(Box::new(std::mem::replace(self, *lesson)))
            }
        })
    }
}

/// `ron`'s message, with a suggestion for a misspelt field.
fn describe_ron_error(error: &ron::Error) -> String {
    match error {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => {
            let fields = expected
                .iter()
                .map(|field| format!("`{field}`"))
                .collect::<Vec<_>>()
                .join(", ");
            match nearest_name(found, expected.iter().copied()) {
                Some(near) => {
                    format!(
                        "unknown field `{found}`; did you mean `{near}`? (expected one of {fields})"
                    )
                }
                None => format!("unknown field `{found}` (expected one of {fields})"),
            }
        }
        ron::Error::MissingStructField { field, .. } => format!("missing field `{field}`"),
        other => other.to_string(),
    }
}

/// Checks a parsed lesson against the texts: unknown provisions and quotes that are not in their
/// provision are errors; a highlight not shown at its stop, an empty note or question and an empty lesson
/// are warnings. Each message sits at the value it is about in `text`; sorted by place.
pub fn check(lesson: &Lesson, text: &str, library: &Library, links: &LinkSet) -> Vec<CheckMessage> {
    let mut checker = Checker {
        map: SourceMap::new(text),
        library,
        messages: Vec::new(),
    };
    if lesson.title.trim().is_empty() {
        checker.report(
            &[Step::Field("title")],
            "the lesson has no title".into(),
            false,
        );
    }
    if lesson.stops.is_empty() {
        checker.report(
            &[Step::Field("stops")],
            "the lesson has no stops".into(),
            false,
        );
    }
    for (index, stop) in lesson.stops.iter().enumerate() {
        checker.stop(index, stop, links);
    }
    let mut messages = checker.messages;
    messages.sort_by_key(|m| (m.line, m.col));
    messages
}

/// Collects check messages, each placed at the value its path names.
struct Checker<'a> {
    map: SourceMap<'a>,
    library: &'a Library,
    messages: Vec<CheckMessage>,
}

impl Checker<'_> {
    fn report(&mut self, path: &[Step<'_>], message: String, is_error: bool) {
        let (line, col) = self.map.line_col(path);
        self.messages.push(CheckMessage {
            line,
            col,
            message,
            is_error,
        });
    }

    /// One stop: its IDs, its note and question, and each highlight.
    fn stop(&mut self, index: usize, stop: &Stop, links: &LinkSet) {
        let number = index + 1;
        let at = |steps: &[Step<'static>]| {
            [&[Step::Field("stops"), Step::Item(index)][..], steps].concat()
        };
        let known = match unknown_id(self.library, &stop.provision) {
            Some(problem) => {
                self.report(&at(&[Step::Field("provision")]), problem, true);
                false
            }
            None => true,
        };
        for (item, id) in stop.with.iter().flatten().enumerate() {
            if let Some(problem) = unknown_id(self.library, id) {
                self.report(&at(&[Step::Field("with"), Step::Item(item)]), problem, true);
            }
        }
        if stop.note.trim().is_empty() {
            self.report(
                &at(&[Step::Field("note")]),
                format!("stop {number} has no note"),
                false,
            );
        }
        if stop.question.trim().is_empty() {
            let message = format!("stop {number} has no question for the class");
            self.report(&at(&[Step::Field("question")]), message, false);
        }
        let shown: Vec<ProvisionId> = match &stop.with {
            Some(with) => with.clone(),
            None if known => counterparts(links, &stop.provision),
            None => Vec::new(),
        };
        for (item, highlight) in stop.highlights.iter().enumerate() {
            let path = |field| {
                at(&[
                    Step::Field("highlights"),
                    Step::Item(item),
                    Step::Field(field),
                ])
            };
            self.highlight(number, stop, &shown, highlight, path);
        }
    }

    /// One highlight: its provision exists, its quote is there, and the stop shows it.
    fn highlight(
        &mut self,
        number: usize,
        stop: &Stop,
        shown: &[ProvisionId],
        highlight: &Highlight,
        path: impl Fn(&'static str) -> Vec<Step<'static>>,
    ) {
        let library = self.library;
        if let Some(problem) = unknown_id(library, &highlight.provision) {
            self.report(&path("provision"), problem, true);
            return;
        }
        if quote::normalise(&highlight.quote).is_empty() {
            self.report(&path("quote"), "the quote is empty".into(), true);
            return;
        }
        let Some(places) = quote::locate(library, &highlight.provision, &highlight.quote) else {
            let message = format!(
                "quote not found in {} ({}): “{}”",
                crate::pinpoint::label_of(library, &highlight.provision),
                highlight.provision,
                shorten(&highlight.quote)
            );
            self.report(&path("quote"), message, true);
            return;
        };
        let on_screen = || std::iter::once(&stop.provision).chain(shown);
        if !places
            .iter()
            .any(|place| on_screen().any(|id| place.node.is_within(id)))
        {
            let message = format!(
                "the highlight in {} is not shown at stop {number} (it shows {})",
                highlight.provision,
                on_screen()
                    .map(ProvisionId::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.report(&path("provision"), message, false);
        }
    }
}

/// "unknown provision ID …", naming the nearest existing ancestor, or nothing for a known ID.
fn unknown_id(library: &Library, id: &ProvisionId) -> Option<String> {
    if library.get(id).is_some() {
        return None;
    }
    let mut ancestor = id.parent();
    while let Some(candidate) = ancestor {
        if library.get(&candidate).is_some() {
            return Some(format!(
                "unknown provision ID {id}; {candidate} exists (see `crosswalk outline {} --all`)",
                id.instrument()
            ));
        }
        ancestor = candidate.parent();
    }
    Some(format!(
        "unknown provision ID {id} (see `crosswalk outline {}`)",
        id.instrument()
    ))
}

/// The first words of a long quote, for messages.
fn shorten(quote: &str) -> String {
    let normalised = quote::normalise(quote);
    if normalised.chars().count() <= 80 {
        return normalised;
    }
    let start: String = normalised.chars().take(77).collect();
    format!("{start}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_fields_get_the_nearest_name() {
        let expected = ["provision", "with", "note", "question", "highlights"];
        assert_eq!(nearest_name("notes", expected), Some("note"));
        assert_eq!(nearest_name("qestion", expected), Some("question"));
        assert_eq!(nearest_name("highlight", expected), Some("highlights"));
        assert_eq!(nearest_name("Provision", expected), Some("provision"));
        assert_eq!(nearest_name("colour", expected), None);
    }

    #[test]
    fn edits_return_their_inverse() {
        let id = |text| ProvisionId::parse(text).expect("a well-formed ID");
        let mut lesson = Lesson::new("Edits");
        for provision in ["uncc:art_7", "uncc:art_9", "uncc:art_11"] {
            let index = lesson.stops.len();
            lesson
                .apply(LessonEdit::Insert {
                    index,
                    stop: Stop::on(id(provision)),
                })
                .expect("append");
        }
        let before = lesson.clone();
        let undo = lesson
            .apply(LessonEdit::Move { from: 0, to: 2 })
            .expect("move");
        let order: Vec<&str> = lesson.stops.iter().map(|s| s.provision.as_str()).collect();
        assert_eq!(order, ["uncc:art_9", "uncc:art_11", "uncc:art_7"]);
        lesson.apply(undo).expect("undo move");
        assert_eq!(lesson, before);
        let undo = lesson
            .apply(LessonEdit::Remove { index: 1 })
            .expect("remove");
        lesson.apply(undo).expect("undo remove");
        assert_eq!(lesson, before);
        assert_eq!(
            lesson.apply(LessonEdit::Remove { index: 3 }),
            Err(LessonEditError::NoSuchStop { index: 3, len: 3 })
        );
    }
}
