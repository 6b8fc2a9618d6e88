//! The lesson open in the window: built from what is on screen ("Add this pair to the lesson"),
//! reordered and edited through [`Lesson::apply`] (so every edit can be undone), opened and saved like
//! a layer (the same atomic save, errors at `file:line:col`). The lesson panel draws it; presentation
//! mode steps through its stops.

use std::path::{Path, PathBuf};

use crate::lesson::{Highlight, Lesson, LessonEdit, SHIPPED_LESSONS, Stop};
use crate::model::ProvisionId;

use super::app::CrosswalkApp;
use super::command::AppCommand;
use super::views::path_prompt::PathPurpose;

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

/// An open lesson and its edit history.
pub struct LessonDoc {
    pub lesson: Lesson,
    /// Where it is saved; `None` for a new lesson or a shipped one (Save asks for a file).
    pub path: Option<PathBuf>,
    /// Changed since it was opened or saved.
    pub dirty: bool,
    /// Inverse edits, newest last.
    undo: Vec<LessonEdit>,
    redo: Vec<LessonEdit>,
    /// Bumped by every change, so views can cache what they derive from the lesson.
    pub revision: u64,
}

impl LessonDoc {
    pub fn new(lesson: Lesson, path: Option<PathBuf>) -> LessonDoc {
        LessonDoc {
            lesson,
            path,
            dirty: false,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
        }
    }

    /// Applies an edit, recording its inverse for undo.
    pub fn apply(&mut self, edit: LessonEdit) -> Result<(), crate::lesson::LessonEditError> {
        let inverse = self.lesson.apply(edit)?;
        self.undo.push(inverse);
        self.redo.clear();
        self.changed();
        Ok(())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        Self::replay(&mut self.lesson, &mut self.undo, &mut self.redo) && self.changed()
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        Self::replay(&mut self.lesson, &mut self.redo, &mut self.undo) && self.changed()
    }

    fn replay(lesson: &mut Lesson, from: &mut Vec<LessonEdit>, to: &mut Vec<LessonEdit>) -> bool {
        let Some(edit) = from.pop() else {
            return false;
        };
        match lesson.apply(edit) {
            Ok(inverse) => {
                to.push(inverse);
                true
            }
            // An inverse always fits the lesson it was made on; if not, the history is stale.
            Err(_) => {
                from.clear();
                false
            }
        }
    }

    fn changed(&mut self) -> bool {
        self.dirty = true;
        self.revision += 1;
        true
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

/// The lesson side of the window.
#[derive(Default)]
pub struct LessonState {
    pub doc: Option<LessonDoc>,
    /// The stop selected in the panel, where presentation starts (0-based).
    pub current: usize,
    /// Last message of the lesson panel ("Saved …", "Not opened: FILE:LINE:COL: …").
    pub message: String,
    pub panel_open: bool,
    /// The user was told the open lesson has unsaved changes; doing it again discards them.
    discard_armed: bool,
    /// The same, for closing the window.
    quit_armed: bool,
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
        // Starting, opening or closing a lesson would drop unsaved changes: say so first.
        let replaces = matches!(
            command,
            L::New | L::ChooseFile | L::OpenShipped(_) | L::Close
        );
        let unsaved = self.lessons.doc.as_ref().filter(|doc| doc.dirty);
        if let Some(doc) = unsaved.filter(|_| replaces && !self.lessons.discard_armed) {
            self.lessons.message = format!(
                "“{}” has unsaved changes: Save lesson first, or do that again to discard them.",
                doc.name()
            );
            self.lessons.discard_armed = true;
            return;
        }
        if !matches!(command, L::TogglePanel | L::GoToStop(_)) {
            self.lessons.discard_armed = false;
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
            L::Save => self.save_lesson(None),
            L::ChooseFileToSave => self.choose_lesson_file_to_save(),
            L::SaveAs(path) => self.save_lesson(Some(path)),
            L::Close => {
                self.lessons.doc = None;
                self.lessons.current = 0;
                self.lessons.message.clear();
            }
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

    fn choose_lesson_file_to_save(&mut self) {
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
        match Lesson::load(path) {
            Ok(lesson) => {
                let count = lesson.stops.len();
                self.lessons
                    .open_doc(LessonDoc::new(lesson, Some(path.to_owned())));
                self.lessons.message = format!("Opened {} ({count} stops)", path.display());
            }
            Err(error) => self.lessons.message = format!("Not opened: {error}"),
        }
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
                    .uncc
                    .iter()
                    .chain(&link.sides.bc)
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

    /// Saves the lesson to its file (or to `path`, which becomes its file) with the atomic writer;
    /// without a file, asks for one.
    pub fn save_lesson(&mut self, path: Option<PathBuf>) {
        let Some(doc) = self.lessons.doc.as_mut() else {
            return;
        };
        let Some(target) = path.or_else(|| doc.path.clone()) else {
            self.choose_lesson_file_to_save();
            return;
        };
        match doc.lesson.save(&target) {
            Ok(()) => {
                doc.path = Some(target.clone());
                doc.dirty = false;
                self.lessons.message = format!("Saved {}", target.display());
            }
            Err(error) => self.lessons.message = format!("Not saved: {error}"),
        }
    }

    /// Saves the open lesson if it has a file and changed (autosave and quit, as for layers).
    pub(super) fn save_lesson_if_changed(&mut self) {
        let Some(doc) = self.lessons.doc.as_mut().filter(|doc| doc.dirty) else {
            return;
        };
        let Some(path) = doc.path.clone() else {
            return;
        };
        match doc.lesson.save(&path) {
            Ok(()) => doc.dirty = false,
            Err(error) => self.lessons.message = format!("Autosave failed: {error}"),
        }
    }

    /// When the window is asked to close: a changed lesson with a file is saved; a changed lesson
    /// without one (new, or shipped) keeps the window open once, with the lesson panel saying so.
    pub(super) fn guard_unsaved_lesson(&mut self, ui: &egui::Ui) {
        if !ui.input(|input| input.viewport().close_requested()) || self.allow_close {
            return;
        }
        self.save_lesson_if_changed();
        let Some(doc) = self.lessons.doc.as_ref().filter(|doc| doc.dirty) else {
            return;
        };
        if std::mem::replace(&mut self.lessons.quit_armed, true) {
            return;
        }
        ui.ctx()
            .send_viewport_cmd(egui::ViewportCommand::CancelClose);
        self.lessons.panel_open = true;
        self.lessons.message = format!(
            "“{}” has unsaved changes: use Save lesson as…, or close the window again to discard them.",
            doc.name()
        );
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
