//! Everything the window can be asked to do. Bars, panels, windows, the reader panes, keyboard
//! shortcuts and finished background tasks all return [`AppCommand`]s; [`CrosswalkApp::apply`] is the
//! one place that acts on them, calling the core (`Workspace`, `LinkSet`, search) for every change.

use std::path::PathBuf;

use crate::annotations::{LinkChange, LinkDraft, NoteDraft, QuestionDraft};
use crate::document::DocumentId;
use crate::model::{NodeIx, ProvisionId, Side};

use super::app::CrosswalkApp;
use super::instruments::InstrumentCommand;
use super::lesson::LessonCommand;
use super::presentation::PresentCommand;
use super::views::disk_prompt::DiskAnswer;
use super::views::export_window::ExportRequest;
use super::views::unsaved_prompt::UnsavedAnswer;
use super::zoom::Zoom;

/// A switch in the settings that a button, a checkbox or a key turns on and off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toggle {
    Outline,
    PairView,
    Terms,
    InlineView,
    SyncScroll,
    Annotations,
    Questions,
    DarkMode,
    /// Boxes around the words quoted as evidence for the pair on screen.
    EvidenceMarks,
}

/// What the Questions panel asks for; each edit goes through the workspace, with undo.
#[derive(Clone, Debug, PartialEq)]
pub enum QuestionCommand {
    /// A new question in the first editable layer, chosen in the Questions panel.
    New,
    /// The panel's Save: the draft's words into question `id` (one edit).
    Save {
        layer: DocumentId,
        id: String,
        draft: QuestionDraft,
    },
    /// Cite the selected provision in question `id`.
    CiteSelection {
        layer: DocumentId,
        id: String,
    },
    /// The words selected in a pane become evidence of question `id`.
    AddEvidenceFromSelection {
        layer: DocumentId,
        id: String,
    },
    Delete {
        layer: DocumentId,
        id: String,
    },
}

/// What the user asked for, in the words of the app.
#[derive(Clone, Debug, PartialEq)]
pub enum AppCommand {
    // Selection and navigation.
    /// Select a provision; `scroll` brings it into view (a click in a pane needs no scrolling).
    Select {
        key: Side,
        node: NodeIx,
        scroll: bool,
    },
    /// Words were selected by dragging in a pane; one selection of words at a time, across both panes.
    SelectWords {
        key: Side,
        node: NodeIx,
    },
    /// Select and show a provision by ID.
    GoTo(ProvisionId),
    /// Jump from an article to its first interpretative note in the annex.
    ShowInterpretativeNotes {
        key: Side,
        article: NodeIx,
    },
    /// Up/Down (provisions) and Ctrl+Up/Down (articles) in the active pane.
    MoveSelection {
        forward: bool,
        by_article: bool,
    },
    SwitchPane,
    SwapPanes,
    /// Show a loaded instrument (by prefix) on a side, from the pane's choice.
    ChooseInstrument {
        side: Side,
        instrument: crate::instrument::InstrumentKey,
    },
    /// Escape: close the shortcuts window, else drop the selected words.
    Escape,

    // Clipboard.
    CopyCitation {
        key: Side,
        node: NodeIx,
    },
    CopyPinpoint {
        key: Side,
        node: NodeIx,
    },
    /// The citation of the selected provision.
    CopySelectedCitation,
    /// The words selected in a pane, as a quote with the pinpoint.
    CopyQuote,
    /// Shift+Right / Shift+Left: one word more or fewer selected in the selected provision.
    ExtendWords {
        forward: bool,
    },
    /// Right / Left (a character), Ctrl+Right / Ctrl+Left (a word): the caret in the selected
    /// provision's text, where Shift+Right starts selecting.
    MoveCaret {
        forward: bool,
        by_word: bool,
    },

    // Search.
    SetQuery(String),
    StepMatch {
        forward: bool,
    },
    FocusSearch,
    /// Show or hide the list of search results.
    ToggleSearchResults,
    /// A treaty match chosen in the results list: it becomes the current match and is shown.
    ShowMatch(usize),

    // Settings.
    Toggle(Toggle),
    /// Larger or smaller body text, in points.
    AdjustFontSize(f32),
    /// Body text back to its default size (the size shown in the toolbar is its button).
    ResetFontSize,
    SetAuthor(String),

    // Pair view.
    StepPair {
        forward: bool,
    },

    // Windows.
    OpenAbout(Side),
    ToggleMatrix,
    OpenExport,
    ToggleShortcuts,
    OpenShortcuts,

    // Notes.
    /// Ctrl+M: the Annotate dialog on the selected provision, with the words selected in it.
    AnnotateSelection,
    /// Open the Annotate dialog on a provision, with the words selected in it.
    StartAnnotation {
        provision: ProvisionId,
        quote: String,
        quote_at: Option<usize>,
    },
    /// Open the Annotate dialog on an existing note.
    EditAnnotation {
        layer: DocumentId,
        id: String,
    },
    /// The Annotate dialog's Save: a new note, or a revision of note `editing`.
    SaveAnnotation {
        /// `None`: the user's layer, made by this save if there is none yet.
        layer: Option<DocumentId>,
        editing: Option<String>,
        draft: NoteDraft,
    },
    DeleteAnnotation {
        layer: DocumentId,
        id: String,
    },
    /// Copy a note or link into another layer.
    CopyToLayer {
        from: DocumentId,
        id: String,
        to: DocumentId,
    },

    // Questions of a brief.
    Question(QuestionCommand),

    // Links.
    /// Ctrl+L: start a link from the selected provision, or, while one is being made, create it to
    /// the provision selected now.
    LinkSelection,
    /// "Link to…": start a link whose subject is `from`.
    StartLink {
        from: ProvisionId,
    },
    CancelLink,
    /// Make a link in `layer`, or (`None`) in the user's own layer, made if there is none yet.
    CreateLink {
        layer: Option<DocumentId>,
        draft: LinkDraft,
    },
    /// Open the link editor on a link of a layer.
    EditLink {
        layer: DocumentId,
        id: String,
    },
    UpdateLink {
        layer: DocumentId,
        id: String,
        change: LinkChange,
    },
    DeleteLink {
        layer: DocumentId,
        id: String,
    },

    // Layers and files.
    NewLayer,
    /// Give layer `layer` a new name (kept in its file).
    RenameLayer {
        layer: DocumentId,
        name: String,
    },
    SetLayerVisible {
        layer: DocumentId,
        visible: bool,
    },
    CloseLayer(DocumentId),
    Undo,
    Redo,
    /// Ask for a file to open as a layer (native dialog, off the UI thread).
    ChooseFileToOpen {
        read_only: bool,
    },
    OpenFile {
        path: PathBuf,
        read_only: bool,
    },
    SaveLayer(DocumentId),
    /// Ask where to save a layer.
    ChooseFileToSave(DocumentId),
    SaveLayerAs {
        layer: DocumentId,
        path: PathBuf,
    },
    /// Ctrl+S: save every changed layer that has a file; ask for a file for the first one without.
    SaveAll,

    /// Save a copy of a layer elsewhere (a read-only layer whose file saving would harm).
    ChooseFileToSaveCopy(DocumentId),
    SaveCopy {
        layer: DocumentId,
        path: PathBuf,
    },

    // Never losing a word: unsaved edits, files changed on disk, journals, re-anchored quotes.
    AnswerUnsaved(UnsavedAnswer),
    AnswerChangedOnDisk {
        layer: DocumentId,
        answer: DiskAnswer,
    },
    /// Restore (or discard) the journal found at start at this path (the path names it).
    RestoreJournal(PathBuf),
    DiscardJournal(PathBuf),
    /// Accept the place where a changed quote was found again (the file takes the new quote).
    AcceptReanchor {
        layer: DocumentId,
        id: String,
    },
    /// Keep a changed quote as it is, as an orphan.
    KeepAsOrphan {
        layer: DocumentId,
        id: String,
    },

    // Export.
    ChooseExportFile(ExportRequest),
    ExportTo {
        path: PathBuf,
        request: ExportRequest,
    },
    ExportFinished(Result<String, String>),

    // Classroom.
    /// Zoom the whole window (chrome and text together).
    Zoom(Zoom),
    /// Open, build and save a lesson.
    Lesson(LessonCommand),
    /// Presentation mode.
    Present(PresentCommand),
    /// Reply to note `id` of layer `layer` (kept in the user's layer when that one is read-only).
    Reply {
        layer: DocumentId,
        id: String,
        note: String,
    },

    // Reading: links in the texts, the go-to box, Back and Forward.
    Reading(ReadingCommand),

    /// Import instrument… and the implementation table.
    Instruments(InstrumentCommand),
}

/// Moving through the texts as a legal reader does.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadingCommand {
    /// A click on a cross-reference, a defined term or a "Referred to by" entry: go there.
    Follow(ProvisionId),
    /// Alt+Left, mouse button 4, the toolbar's Back: the reading position before the last jump.
    Back,
    /// Alt+Right, mouse button 5, the toolbar's Forward.
    Forward,
    /// Ctrl+G: the go-to box.
    OpenGoTo,
    /// The go-to box's Enter: a pinpoint as typed ("un 28(4)", "bc 19 4", "note 4").
    GoToPinpoint(String),
}

impl AppCommand {
    /// Whether the command moves the reader somewhere else, so that Back can return to where they
    /// were (outline, search results and matches, links, pair steps, notes; the go-to box records
    /// its jump once the pinpoint is found).
    fn is_jump(&self) -> bool {
        matches!(
            self,
            AppCommand::GoTo(_)
                | AppCommand::Select { scroll: true, .. }
                | AppCommand::ShowInterpretativeNotes { .. }
                | AppCommand::StepMatch { .. }
                | AppCommand::ShowMatch(_)
                | AppCommand::StepPair { .. }
                | AppCommand::Reading(ReadingCommand::Follow(_))
        )
    }
}

impl CrosswalkApp {
    /// Applies commands in order.
    pub fn apply_all(&mut self, commands: impl IntoIterator<Item = AppCommand>) {
        for command in commands {
            self.apply(command);
        }
    }

    /// Applies one command: the only place where the window's state changes in answer to the user.
    /// A jump first leaves the reading position it leaves in the history.
    pub fn apply(&mut self, command: AppCommand) {
        if command.is_jump() {
            self.record_jump();
        }
        self.carry_out(command);
    }

    /// Each arm hands over to one method; edits go through the workspace, with undo.
    fn carry_out(&mut self, command: AppCommand) {
        use AppCommand as C;
        match command {
            C::Select { key, node, scroll } => self.select(key, node, scroll),
            C::SelectWords { key, node } => self.select_words(key, node),
            C::GoTo(id) => self.go_to(&id),
            C::ShowInterpretativeNotes { key, article } => self.show_notes_of(key, article),
            C::MoveSelection {
                forward,
                by_article,
            } => self.move_selection(forward, by_article),
            C::SwitchPane => self.active = self.active.other(),
            C::SwapPanes => self.settings.left = self.settings.left.other(),
            C::ChooseInstrument { side, instrument } => self.choose_instrument(side, instrument),
            C::Escape if self.presentation.active => self.leave_presentation(),
            C::Escape => self.escape(),
            C::CopyCitation { key, node } => self.copy_citation(key, node),
            C::CopyPinpoint { key, node } => self.copy_pinpoint(key, node),
            C::CopySelectedCitation => self.copy_selected_citation(),
            C::CopyQuote => self.copy_quote(),
            C::ExtendWords { forward } => self.extend_words(forward),
            C::MoveCaret { forward, by_word } => self.move_caret(forward, by_word),
            C::SetQuery(query) => self.search.set_query(query),
            C::StepMatch { forward } => self.step_match(forward),
            C::FocusSearch => self.views.toolbar.focus_search(),
            C::ToggleSearchResults => {
                self.views.search_results.open = !self.views.search_results.open;
            }
            C::ShowMatch(index) => self.show_match(index),
            C::Toggle(toggle) => self.toggle(toggle),
            C::AdjustFontSize(points) => self.set_font_size(self.settings.font_size + points),
            C::ResetFontSize => self.set_font_size(super::DEFAULT_FONT_SIZE),
            C::SetAuthor(author) => self.settings.author = author,
            C::StepPair { forward } => self.step_pair(forward),
            C::OpenAbout(key) => self.views.about.open[key] = true,
            C::ToggleMatrix => self.views.matrix.open = !self.views.matrix.open,
            C::OpenExport => self.views.export.open = true,
            C::ToggleShortcuts => self.views.shortcuts.open = !self.views.shortcuts.open,
            C::OpenShortcuts => self.views.shortcuts.open = true,
            C::AnnotateSelection => self.annotate_selection(),
            C::StartAnnotation {
                provision,
                quote,
                quote_at,
            } => self.start_annotation(provision, quote, quote_at),
            C::EditAnnotation { layer, id } => self.edit_annotation(layer, &id),
            C::SaveAnnotation {
                layer,
                editing,
                draft,
            } => self.save_annotation(layer, editing.as_deref(), &draft),
            C::DeleteAnnotation { layer, id } => self.delete_annotation(layer, &id),
            C::Question(command) => self.apply_question(command),
            C::CopyToLayer { from, id, to } => self.copy_to_layer(from, &id, to),
            C::LinkSelection => self.link_selection(),
            C::StartLink { from } => self.start_link(from),
            C::CancelLink => self.views.link_bar.cancel(),
            C::CreateLink { layer, draft } => self.create_link_in(layer, &draft),
            C::EditLink { layer, id } => self.edit_link(layer, &id),
            C::UpdateLink { layer, id, change } => self.update_link(layer, &id, &change),
            C::DeleteLink { layer, id } => self.delete_link(layer, &id),
            C::NewLayer => self.new_layer(),
            C::RenameLayer { layer, name } => self.rename_layer(layer, &name),
            C::SetLayerVisible { layer, visible } => self.workspace.set_visible(layer, visible),
            C::CloseLayer(layer) => self.close_layer(layer),
            C::Undo => self.undo(),
            C::Redo => self.redo(),
            C::ChooseFileToOpen { read_only } => self.choose_file_to_open(read_only),
            C::OpenFile { path, read_only } => self.open_file(&path, read_only),
            C::SaveLayer(layer) => {
                self.save_layer(layer, None);
            }
            C::ChooseFileToSave(layer) => self.choose_file_to_save(layer),
            C::SaveLayerAs { layer, path } => {
                self.save_layer(layer, Some(path));
            }
            C::SaveAll => self.save_all(),
            C::ChooseFileToSaveCopy(layer) => self.choose_file_to_save_copy(layer),
            C::SaveCopy { layer, path } => self.save_copy(layer, &path),
            C::AnswerUnsaved(answer) => self.answer_unsaved(answer),
            C::AnswerChangedOnDisk { layer, answer } => self.answer_changed_on_disk(layer, answer),
            C::RestoreJournal(journal) => self.restore_journal(&journal),
            C::DiscardJournal(journal) => self.discard_journal(&journal),
            C::AcceptReanchor { layer, id } => self.accept_reanchor(layer, &id),
            C::KeepAsOrphan { layer, id } => self.keep_as_orphan(layer, &id),
            C::ChooseExportFile(request) => self.choose_export_file(request),
            C::ExportTo { path, request } => self.export_to(path, request),
            C::ExportFinished(result) => self.views.export.finished(result),
            C::Zoom(change) => self.zoom(change),
            C::Lesson(command) => self.apply_lesson(command),
            C::Present(command) => self.apply_present(command),
            C::Reply { layer, id, note } => self.reply(layer, &id, &note),
            C::Reading(command) => self.apply_reading(command),
            C::Instruments(command) => self.apply_instruments(command),
        }
    }

    /// A link made in `layer`, or (`None`) in the user's own layer, made for it if there is none.
    pub(super) fn create_link_in(&mut self, layer: Option<DocumentId>, draft: &LinkDraft) {
        self.in_layer(layer, |app, layer| app.create_link(layer, draft));
    }
}
