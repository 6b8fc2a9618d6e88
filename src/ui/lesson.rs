//! The lesson open in the window: built from what is on screen ("Add this pair to the lesson"),
//! reordered and edited through [`Lesson::apply`] (so every edit can be undone), opened and saved like
//! a layer (the same atomic save, errors at `file:line:col`). The lesson panel draws it; presentation
//! mode steps through its stops.

use std::path::{Path, PathBuf};

use crate::annotations::fsio::{DiskChange, DiskState};
use crate::annotations::journal;
use crate::document::{DocumentId, History, ReadOnlyReason, Step};
use crate::lesson::{Highlight, Lesson, LessonEdit, LoadedLesson, SHIPPED_LESSONS, Stop};
use crate::model::ProvisionId;

use super::app::CrosswalkApp;
use super::command::AppCommand;
use super::views::disk_prompt::DiskAnswer;
use super::views::path_prompt::PathPurpose;
use super::views::unsaved_prompt::UnsavedReason;

/// What the lesson panel and the keys can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonCommand {
    /// Start an empty lesson.
    New,
    /// Ask for a lesson file to open (native dialog, off the UI thread).
    ChooseFile,
    Open(PathBuf),
    /// Open one of the lessons shipped in `texts/lessons/` (index into [`SHIPPED_LESSONS`]).
    OpenShipped(usize),
    /// Add the pair on screen (or the selected provision) as a stop, with the selected words as a
    /// highlight.
    AddFromScreen,
    /// Reorder, remove, replace a stop, rename the lesson.
    Edit(LessonEdit),
    Undo,
    Redo,
    /// Save to the lesson's file; ask for one when it has none.
    Save,
    /// Ask where to save.
    ChooseFileToSave,
    SaveAs(PathBuf),
    Close,
    /// Make stop `index` the current one and show it in the panes.
    GoToStop(usize),
    TogglePanel,
    /// Ask where to write a handout of the lesson (students' or teacher's edition).
    ChooseHandoutFile {
        format: HandoutFormat,
        teacher: bool,
    },
    /// Write the handout (on a worker thread, through the export printers).
    WriteHandout {
        path: PathBuf,
        format: HandoutFormat,
        teacher: bool,
    },
    /// The handout was written (or why not).
    HandoutWritten(Result<String, String>),
}

/// The formats a handout is printed in from the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandoutFormat {
    Pdf,
    Docx,
    Html,
}

impl HandoutFormat {
    pub const ALL: [HandoutFormat; 3] =
        [HandoutFormat::Pdf, HandoutFormat::Docx, HandoutFormat::Html];

    pub fn export_format(self) -> crate::export::Format {
        match self {
            HandoutFormat::Pdf => crate::export::Format::Pdf,
            HandoutFormat::Docx => crate::export::Format::Docx,
            HandoutFormat::Html => crate::export::Format::Html,
        }
    }

    /// "PDF", "DOCX", "HTML".
    pub fn name(self) -> &'static str {
        match self {
            HandoutFormat::Pdf => "PDF",
            HandoutFormat::Docx => "DOCX",
            HandoutFormat::Html => "HTML",
        }
    }
}

/// An open lesson: a document like a layer (its ID, file, disk state, journal, read-only reason and
/// undo history of inverse edits).
pub struct LessonDoc {
    pub id: DocumentId,
    pub lesson: Lesson,
    /// Where it is saved; `None` for a new lesson or a shipped one (Save asks for a file).
    pub path: Option<PathBuf>,
    /// Changed since it was opened or saved.
    pub dirty: bool,
    /// The file as last read or written here: a save to it checks it has not changed since.
    pub disk: Option<DiskState>,
    /// Why it may not be edited or written to its own file (comments in it, which saving would drop).
    pub read_only: Option<ReadOnlyReason>,
    /// Where its unsaved edits are journaled.
    pub journal: Option<PathBuf>,
    history: History<LessonEdit>,
    /// Bumped by every change, so views can cache what they derive from the lesson.
    pub revision: u64,
}

impl LessonDoc {
    pub fn new(lesson: Lesson, path: Option<PathBuf>) -> LessonDoc {
        LessonDoc {
            id: DocumentId::fresh(),
            lesson,
            path,
            dirty: false,
            disk: None,
            read_only: None,
            journal: None,
            history: History::default(),
            revision: 0,
        }
    }

    /// A lesson read from `path`; one with comments of the user's opens read-only.
    pub fn loaded(loaded: LoadedLesson, path: &Path) -> LessonDoc {
        let read_only = ReadOnlyReason::for_comments(&loaded.comments);
        LessonDoc {
            disk: Some(loaded.disk),
            read_only,
            ..LessonDoc::new(loaded.lesson, Some(path.to_owned()))
        }
    }

    /// Applies an edit, recording its inverse for undo; a read-only lesson refuses it.
    pub fn apply(&mut self, edit: LessonEdit) -> Result<(), LessonRefusal> {
        if let Some(reason) = &self.read_only {
            return Err(LessonRefusal::ReadOnly(reason.to_string()));
        }
        let inverse = self.lesson.apply(edit)?;
        self.history.record(self.id, inverse);
        self.changed();
        Ok(())
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.step(Step::Undo)
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        self.step(Step::Redo)
    }

    fn step(&mut self, step: Step) -> bool {
        let lesson = &mut self.lesson;
        self.history.step(step, |_| Some(lesson)).is_some() && self.changed()
    }

    fn changed(&mut self) -> bool {
        self.dirty = true;
        self.revision += 1;
        true
    }

    /// Removes the lesson's journal: its edits were saved, or the user chose to discard them.
    pub fn discard_journal(&mut self) {
        if let Some(journal) = self.journal.take() {
            let _ = journal::discard(&journal);
        }
    }

    /// "Safeguards and international cooperation" or the file name.
    pub fn name(&self) -> String {
        match self.lesson.title.trim() {
            "" => self
                .path
                .as_deref()
                .and_then(Path::file_stem)
                .and_then(|stem| stem.to_str())
                .unwrap_or("Untitled lesson")
                .to_owned(),
            title => title.to_owned(),
        }
    }
}

/// Why a lesson edit was refused.
#[derive(Debug, thiserror::Error)]
pub enum LessonRefusal {
    #[error("the lesson is read-only: {0}")]
    ReadOnly(String),
    #[error(transparent)]
    Edit(#[from] crate::lesson::LessonEditError),
}

/// The lesson side of the window.
#[derive(Default)]
pub struct LessonState {
    pub doc: Option<LessonDoc>,
    /// The stop selected in the panel, where presentation starts (0-based).
    pub current: usize,
    /// Last message of the lesson panel ("Saved …", "Not opened: FILE:LINE:COL: …").
    pub message: String,
    pub panel_open: bool,
}

impl LessonState {
    pub fn lesson(&self) -> Option<&Lesson> {
        self.doc.as_ref().map(|doc| &doc.lesson)
    }

    /// A revision that changes whenever the lesson (or which lesson is open) changes.
    pub fn revision(&self) -> Option<u64> {
        self.doc.as_ref().map(|doc| doc.revision)
    }

    fn open_doc(&mut self, doc: LessonDoc) {
        self.current = 0;
        self.panel_open = true;
        // A new document restarts the counter: keep revisions increasing so caches notice.
        let next = self.doc.as_ref().map_or(0, |old| old.revision + 1);
        self.doc = Some(LessonDoc {
            revision: next,
            ..doc
        });
    }
}

impl CrosswalkApp {
    /// Carries out a lesson command.
    pub(super) fn apply_lesson(&mut self, command: LessonCommand) {
        use LessonCommand as L;
        // Starting, opening or closing a lesson would drop unsaved changes: the one close guard asks
        // first (Save, Save as…, Discard or Cancel), as for a layer.
        let replaces = matches!(
            command,
            L::New | L::ChooseFile | L::OpenShipped(_) | L::Close
        );
        let unsaved = self.lessons.doc.as_ref().filter(|doc| doc.dirty);
        if let Some(doc) = unsaved.filter(|_| replaces) {
            self.lessons.message = format!(
                "“{}” has unsaved changes: save or discard them first.",
                doc.name()
            );
            let id = doc.id;
            self.views.unsaved.ask(UnsavedReason::Close(id));
            return;
        }
        match command {
            L::New => {
                self.lessons.open_doc(LessonDoc::new(Lesson::new(""), None));
                self.lessons.message =
                    "New lesson: add pairs with “Add this pair to the lesson”.".into();
            }
            L::ChooseFile => self.choose_lesson_file(),
            L::Open(path) => self.open_lesson(&path),
            L::OpenShipped(index) => self.open_shipped_lesson(index),
            L::AddFromScreen => self.add_stop_from_screen(),
            L::Edit(edit) => self.edit_lesson(edit),
            L::Undo => self.undo_lesson(true),
            L::Redo => self.undo_lesson(false),
            L::Save => {
                self.save_lesson(None);
            }
            L::ChooseFileToSave => self.choose_lesson_file_to_save(),
            L::SaveAs(path) => {
                self.save_lesson(Some(path));
            }
            L::Close => self.close_lesson(),
            L::GoToStop(index) => self.go_to_stop(index),
            L::TogglePanel => self.lessons.panel_open = !self.lessons.panel_open,
            L::ChooseHandoutFile { format, teacher } => self.choose_handout_file(format, teacher),
            L::WriteHandout {
                path,
                format,
                teacher,
            } => self.write_handout(path, format, teacher),
            L::HandoutWritten(result) => {
                self.lessons.message = match result {
                    Ok(message) | Err(message) => message,
                }
            }
        }
    }

    fn choose_handout_file(&mut self, format: HandoutFormat, teacher: bool) {
        let extension = format.export_format().extension();
        let (stem, edition) = if teacher {
            ("teacher", "the teacher's edition")
        } else {
            ("handout", "the student handout")
        };
        self.ask_for_path(
            PathPurpose::Handout { format, teacher },
            format!("Print {edition} as {}", format.name()),
            format!("{stem}.{extension}"),
        );
    }

    /// Prints the open lesson as a handout with the export printers (the links of the visible layers
    /// included, as on screen) and writes it atomically, on the export worker.
    pub fn write_handout(&mut self, path: PathBuf, format: HandoutFormat, teacher: bool) {
        let Some(lesson) = self.lessons.lesson().cloned() else {
            return;
        };
        let corpus = std::sync::Arc::clone(&self.corpus);
        let terms = self.settings.terms;
        let started = self.export_job.start(&self.egui_ctx, move || {
            // The shipped crosswalk, as `crosswalk export --lesson` reads it: a lesson cites shipped
            // links, and the notes of the layers open in the window are not the handout's.
            let links = corpus.shipped_links();
            let options = crate::export::Options {
                terms,
                ..crate::export::Options::default()
            };
            let comparison =
                crate::export::handout::build(&corpus, &lesson, &links, &options, teacher);
            let rendered = crate::export::render_with(
                &comparison,
                &crate::export::RenderOptions::new(format.export_format()),
            );
            let edition = if teacher {
                "the teacher's edition"
            } else {
                "the student handout"
            };
            let result = crate::annotations::save_bytes_atomically(&path, &rendered.bytes)
                .map(|()| format!("Wrote {edition} to {}", path.display()))
                .map_err(|error| format!("Handout not written: {error}"));
            AppCommand::Lesson(LessonCommand::HandoutWritten(result))
        });
        self.lessons.message = if started {
            "Printing the handout…".into()
        } else {
            "An export is being written; try again in a moment.".into()
        };
    }

    fn choose_lesson_file(&mut self) {
        self.ask_for_path(
            PathPurpose::OpenLesson,
            "Open a lesson".to_owned(),
            String::new(),
        );
    }

    pub(super) fn choose_lesson_file_to_save(&mut self) {
        let name = self
            .lessons
            .doc
            .as_ref()
            .and_then(|doc| doc.path.as_deref().and_then(Path::file_name))
            .and_then(|name| name.to_str())
            .unwrap_or("lesson.ron")
            .to_owned();
        self.ask_for_path(
            PathPurpose::SaveLesson,
            "Save the lesson as".to_owned(),
            name,
        );
    }

    /// Opens a lesson file; one that fails to parse is reported at its `file:line:col` and the lesson
    /// open before stays.
    pub fn open_lesson(&mut self, path: &Path) {
        match Lesson::read_loaded(path) {
            Ok(loaded) => {
                let count = loaded.lesson.stops.len();
                let doc = LessonDoc::loaded(loaded, path);
                self.lessons.message = match &doc.read_only {
                    Some(reason) => format!(
                        "Opened {} ({count} stops) read-only: it {reason}",
                        path.display()
                    )
                    .replace("use Save a copy", "use Save lesson as… to edit a copy"),
                    None => format!("Opened {} ({count} stops)", path.display()),
                };
                self.lessons.open_doc(doc);
            }
            Err(error) => self.lessons.message = format!("Not opened: {error}"),
        }
    }

    /// Closes the open lesson as it is (the close guard asked first if it had changes), dropping its
    /// journal.
    pub(super) fn close_lesson(&mut self) {
        if let Some(mut doc) = self.lessons.doc.take() {
            doc.discard_journal();
        }
        self.lessons.current = 0;
        self.lessons.message.clear();
    }

    /// Opens a shipped lesson; it has no file of its own, so Save asks where to keep a copy.
    pub fn open_shipped_lesson(&mut self, index: usize) {
        let Some(&(file, text)) = SHIPPED_LESSONS.get(index) else {
            return;
        };
        match Lesson::parse(text, file) {
            Ok(lesson) => {
                self.lessons.open_doc(LessonDoc::new(lesson, None));
                self.lessons.message =
                    format!("Opened the shipped lesson {file}; Save keeps your copy elsewhere.");
            }
            Err(error) => self.lessons.message = format!("Not opened: {error}"),
        }
    }

    /// The stop for what is on screen: the pair in pair view (on the selected provision when it is
    /// one of the pair's ends), else the selected provision with its linked counterparts; the words
    /// selected in a pane become a highlight.
    pub fn stop_from_screen(&self) -> Option<Stop> {
        let library = &self.corpus.library;
        let selected = self
            .selected
            .map(|(key, node)| library.treaty(key).node(node).id.clone());
        let pair = self
            .settings
            .pair_view
            .then(|| self.pairs.current_link())
            .flatten();
        let mut stop = match pair {
            Some(link) => {
                let ends: Vec<ProvisionId> = link
                    .sides
                    .revision
                    .iter()
                    .chain(&link.sides.base)
                    .cloned()
                    .collect();
                let provision = selected
                    .clone()
                    .filter(|id| ends.contains(id))
                    .or_else(|| ends.first().cloned())?;
                let with = ends.into_iter().filter(|id| *id != provision).collect();
                Stop {
                    with: Some(with),
                    ..Stop::on(provision)
                }
            }
            None => Stop::on(selected.clone()?),
        };
        if let Some((key, node)) = self.selected {
            let treaty = library.treaty(key);
            let quote = self.panes[key]
                .selected_words(treaty, node)
                .and_then(|range| treaty.node(node).text.get(range));
            if let Some(quote) = quote.filter(|quote| !quote.trim().is_empty()) {
                stop.highlights.push(Highlight {
                    provision: treaty.node(node).id.clone(),
                    quote: quote.to_owned(),
                });
            }
        }
        Some(stop)
    }

    /// "Add this pair to the lesson": appends the stop for what is on screen (starting a lesson if none
    /// is open) and makes it the current stop, ready for its note and question.
    fn add_stop_from_screen(&mut self) {
        let Some(stop) = self.stop_from_screen() else {
            self.lessons.message =
                "Select a provision or a pair first, then add it to the lesson.".into();
            return;
        };
        if self.lessons.doc.is_none() {
            self.lessons.open_doc(LessonDoc::new(Lesson::new(""), None));
        }
        let Some(doc) = self.lessons.doc.as_mut() else {
            return;
        };
        let index = doc.lesson.stops.len();
        let name = crate::links::cited_pinpoints(
            &self.corpus.library,
            &std::iter::once(&stop.provision)
                .chain(stop.with.iter().flatten())
                .cloned()
                .collect::<Vec<_>>(),
        );
        match doc.apply(LessonEdit::Insert { index, stop }) {
            Ok(()) => {
                self.lessons.current = index;
                self.lessons.panel_open = true;
                self.lessons.message = format!(
                    "Added stop {}: {name}. Write its note and question below.",
                    index + 1
                );
            }
            Err(error) => self.lessons.message = error.to_string(),
        }
    }

    fn edit_lesson(&mut self, edit: LessonEdit) {
        let Some(doc) = self.lessons.doc.as_mut() else {
            return;
        };
        // The current stop follows a moved stop, and stays in range after a removal.
        let current = match &edit {
            LessonEdit::Move { from, to } if *from == self.lessons.current => Some(*to),
            LessonEdit::Insert { index, .. } => Some(*index),
            _ => None,
        };
        match doc.apply(edit) {
            Ok(()) => {
                if let Some(current) = current {
                    self.lessons.current = current;
                }
                let len = doc.lesson.stops.len();
                self.lessons.current = self.lessons.current.min(len.saturating_sub(1));
                self.lessons.message.clear();
            }
            Err(error) => self.lessons.message = error.to_string(),
        }
    }

    fn undo_lesson(&mut self, undo: bool) {
        let Some(doc) = self.lessons.doc.as_mut() else {
            return;
        };
        let done = if undo { doc.undo() } else { doc.redo() };
        let len = doc.lesson.stops.len();
        self.lessons.current = self.lessons.current.min(len.saturating_sub(1));
        self.lessons.message = match (done, undo) {
            (true, true) => "Undone.".into(),
            (true, false) => "Redone.".into(),
            (false, _) => "Nothing to undo.".into(),
        };
    }

    /// Saves the lesson to its file (or to `path`, which becomes its file) with the atomic writer, as a
    /// layer is saved: its own file is not written when the lesson is read-only or when the file changed
    /// on disk since it was read or written here (the changed-on-disk prompt asks what to do); without
    /// a file, asks for one. True when it was saved.
    pub fn save_lesson(&mut self, path: Option<PathBuf>) -> bool {
        let Some(doc) = self.lessons.doc.as_mut() else {
            return false;
        };
        let Some(target) = path.or_else(|| doc.path.clone()) else {
            self.choose_lesson_file_to_save();
            return false;
        };
        let to_own_file = doc.path.as_deref() == Some(target.as_path());
        let refused = if !to_own_file {
            None
        } else if let Some(reason) = &doc.read_only {
            Some(format!("{}: {reason}", target.display()))
        } else {
            doc.disk
                .as_ref()
                .and_then(|disk| disk.check_unchanged(&target).err())
                .filter(|changed| changed.change != DiskChange::Removed)
                .map(|changed| {
                    let message = changed.to_string();
                    self.views.disk.open = Some((doc.id, message.clone()));
                    message
                })
        };
        if let Some(refused) = refused {
            self.lessons.message = format!("Not saved: {refused}");
            return false;
        }
        match doc.lesson.save_with_state(&target) {
            Ok(state) => {
                doc.disk = Some(state);
                doc.path = Some(target.clone());
                doc.dirty = false;
                doc.read_only = None;
                doc.discard_journal();
                self.lessons.message = format!("Saved {}", target.display());
                self.after_save();
                true
            }
            Err(error) => {
                self.lessons.message = format!("Not saved: {error}");
                self.views.unsaved.last_error = Some(error.to_string());
                false
            }
        }
    }

    /// Saves the open lesson if it has a file and changed (autosave and quit, as for layers).
    pub(super) fn save_lesson_if_changed(&mut self) {
        let has_file = self
            .lessons
            .doc
            .as_ref()
            .is_some_and(|doc| doc.dirty && doc.path.is_some() && doc.read_only.is_none());
        if has_file && !self.save_lesson(None) {
            self.lessons.message = format!("Autosave failed. {}", self.lessons.message);
        }
    }

    /// The answer to the changed-on-disk prompt about the lesson: Reload reads the file again (Undo
    /// brings the edits back); a lesson has no merge, so Merge says to reload or save elsewhere.
    pub(super) fn answer_lesson_changed_on_disk(&mut self, answer: DiskAnswer) {
        match answer {
            DiskAnswer::Cancel => {}
            DiskAnswer::SaveAs => self.choose_lesson_file_to_save(),
            DiskAnswer::Merge => {
                self.lessons.message = "A lesson cannot be merged: reload it, or save yours with \
                                        Save lesson as…"
                    .into();
            }
            DiskAnswer::Reload => self.reload_lesson(),
        }
    }

    fn reload_lesson(&mut self) {
        let Some(doc) = self.lessons.doc.as_mut() else {
            return;
        };
        let Some(path) = doc.path.clone() else {
            return;
        };
        match Lesson::read_loaded(&path) {
            Ok(loaded) => {
                let read_only = ReadOnlyReason::for_comments(&loaded.comments);
                let inverse = doc.lesson.apply(LessonEdit::Whole(Box::new(loaded.lesson)));
                if let Ok(inverse) = inverse {
                    doc.history.record(doc.id, inverse);
                }
                doc.disk = Some(loaded.disk);
                doc.read_only = read_only;
                doc.dirty = false;
                doc.revision += 1;
                let len = doc.lesson.stops.len();
                self.lessons.current = self.lessons.current.min(len.saturating_sub(1));
                self.lessons.message = "Reloaded from disk; Undo brings your edits back.".into();
            }
            Err(error) => self.lessons.message = format!("Not reloaded: {error}"),
        }
    }

    /// Journals the open lesson's unsaved edits, as a layer's are (beside its file, else in the data
    /// folder); returns the lesson's file when its journal is beside it (recorded for the next start).
    pub(super) fn journal_lesson(&mut self) -> (Vec<PathBuf>, Option<journal::JournalError>) {
        let Some(doc) = self.lessons.doc.as_mut().filter(|doc| doc.dirty) else {
            return (Vec::new(), None);
        };
        let entry = journal::Journal::of_lesson(&doc.lesson, doc.path.clone(), doc.disk.as_ref());
        let id = doc.id;
        let places = journal::places(
            doc.journal.as_deref(),
            doc.path.as_deref(),
            &self.data_dir,
            self.workspace.window(),
            || format!("lesson-{id}"),
        );
        match journal::write_first(&places, &entry) {
            Ok(written) => {
                doc.journal = Some(written);
                (doc.path.iter().cloned().collect(), None)
            }
            Err(error) => (Vec::new(), Some(error)),
        }
    }

    /// Brings back a lesson's journal found at start, to be saved as usual (the lesson open now, if it
    /// has no unsaved changes, makes way for it). False when the open lesson has unsaved changes.
    pub(super) fn restore_lesson_journal(&mut self, found: &journal::Recovered) -> bool {
        let Some(lesson) = found.journal_entry.lesson.clone() else {
            return false;
        };
        if self.lessons.doc.as_ref().is_some_and(|doc| doc.dirty) {
            self.lessons.message =
                "Save or close the open lesson first, then restore the other one.".into();
            return false;
        }
        let entry = &found.journal_entry;
        let doc = LessonDoc {
            dirty: true,
            disk: entry.base_disk_state(),
            journal: Some(found.journal.clone()),
            ..LessonDoc::new(lesson, entry.layer.clone())
        };
        let name = doc.name();
        self.lessons.open_doc(doc);
        self.lessons.message =
            format!("Restored the unsaved edits of “{name}”; save to keep them.");
        true
    }

    /// Selects stop `index`'s provision in its pane, with its pair in pair view.
    pub fn go_to_stop(&mut self, index: usize) {
        let Some(stop) = self.lessons.lesson().and_then(|l| l.stops.get(index)) else {
            return;
        };
        let provision = stop.provision.clone();
        self.lessons.current = index;
        self.go_to(&provision);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> ProvisionId {
        ProvisionId::parse(text).expect("a well-formed ID")
    }

    #[test]
    fn a_document_undoes_and_redoes_its_edits() {
        let mut doc = LessonDoc::new(Lesson::new("Undo"), None);
        for provision in ["uncc:art_7", "uncc:art_9"] {
            let index = doc.lesson.stops.len();
            doc.apply(LessonEdit::Insert {
                index,
                stop: Stop::on(id(provision)),
            })
            .expect("append");
        }
        doc.apply(LessonEdit::Move { from: 1, to: 0 })
            .expect("move");
        assert_eq!(doc.lesson.stops[0].provision.as_str(), "uncc:art_9");
        assert!(doc.undo());
        assert_eq!(doc.lesson.stops[0].provision.as_str(), "uncc:art_7");
        assert!(doc.redo());
        assert_eq!(doc.lesson.stops[0].provision.as_str(), "uncc:art_9");
        assert!(doc.undo() && doc.undo() && doc.undo());
        assert!(doc.lesson.stops.is_empty());
        assert!(!doc.undo(), "nothing left to undo");
        assert!(doc.dirty);
    }
}
