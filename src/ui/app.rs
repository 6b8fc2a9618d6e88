//! The Crosswalk window: its state, and the order of one frame. Bars, panels and windows live in
//! `views`; they return commands, which `command::apply` carries out.

use std::path::PathBuf;
use std::sync::Arc;

use egui::Ui;

use crate::annotations::Workspace;
use crate::corpus::Corpus;
use crate::model::{Library, NodeIx, PerSide, Side};

use super::command::AppCommand;
use super::history::History;
use super::legal_links::LegalLinks;
use super::lesson::{LessonCommand, LessonState};
use super::marks::MarkColors;
use super::navigate::Seen;
use super::pairs::PairState;
use super::presentation::{PresentCommand, Presentation};
use super::reader::ReaderPane;
use super::search::SearchState;
use super::settings::{SETTINGS_KEY, Settings};
use super::shortcuts;
use super::task::Slot;
use super::theme::Themes;
use super::views::Views;

/// The whole app: persistent settings, the open layers, and the state of the reader and its views.
pub struct CrosswalkApp {
    pub settings: Settings,
    /// What the views read: the loaded instruments with the chosen two on the sides
    /// (`ui::sides`); the same as `loaded` while the shipped treaties are shown.
    pub corpus: Arc<Corpus>,
    /// Everything loaded: the shipped treaties on their sides and every other instrument.
    pub loaded: Arc<Corpus>,
    /// The open annotation layers; every edit goes through it, with undo.
    pub workspace: Workspace,
    pub pairs: PairState,
    pub search: SearchState,
    pub selected: Option<(Side, NodeIx)>,
    /// The pane that keyboard navigation moves in.
    pub active: Side,
    /// Last message for the status line ("Copied …").
    pub status: String,
    /// Last message of the annotations panel ("Saved …", "Not opened: …").
    pub notes_message: String,
    /// Last message of the Questions panel ("Question saved …").
    pub questions_message: String,
    /// Drafts, filters and open windows.
    pub views: Views,
    /// The lesson being built or presented.
    pub lessons: LessonState,
    /// Presentation mode (full screen, one stop at a time).
    pub presentation: Presentation,
    /// The reading positions Back and Forward return to.
    pub history: History,
    pub(super) panes: PerSide<ReaderPane>,
    /// A native file dialog waiting for the user.
    pub(super) file_dialog: Slot<Option<super::files::DialogAnswer>>,
    /// Why the system file dialog cannot open here (then a path is typed in the window instead).
    pub native_dialog_unavailable: Option<String>,
    pub(super) export_job: Slot<AppCommand>,
    /// Imports and implementation tables being read or written, and the table last built.
    pub(super) instruments: super::instruments::InstrumentState,
    /// What derived state was last computed from, to recompute only on change.
    pub(super) seen: Seen,
    /// The user answered the unsaved-edits prompt: the window may close.
    pub(super) allow_close: bool,
    /// Where journals of layers without a file go.
    pub(super) data_dir: std::path::PathBuf,
    pub(super) journal_clock: super::safety::JournalClock,
    /// The egui context of the last frame (for the clipboard, viewport commands and task repaints).
    pub(super) egui_ctx: egui::Context,
    /// Commands waiting for the first frame (start-up options).
    pending: Vec<AppCommand>,
    pub(super) themes: Themes,
}

impl CrosswalkApp {
    pub fn new(corpus: Arc<Corpus>, settings: Settings) -> CrosswalkApp {
        let library = &corpus.library;
        let (workspace, notes_message) = super::edit::opening_workspace();
        let mut app = CrosswalkApp {
            panes: {
                let links = LegalLinks::new(&corpus);
                PerSide::from_fn(|key| ReaderPane::new(library, library.treaty(key), &links))
            },
            history: History::default(),
            pairs: PairState::new(&corpus),
            search: SearchState::new(library),
            active: settings.left,
            settings,
            workspace,
            selected: None,
            status: String::new(),
            notes_message,
            questions_message: String::new(),
            views: Views::default(),
            lessons: LessonState::default(),
            presentation: Presentation::default(),
            file_dialog: Slot::default(),
            native_dialog_unavailable: super::files::native_dialog_unavailable(),
            export_job: Slot::default(),
            instruments: Default::default(),
            seen: Seen::default(),
            allow_close: false,
            data_dir: super::safety::data_dir(),
            journal_clock: Default::default(),
            egui_ctx: egui::Context::default(),
            pending: Vec::new(),
            themes: Themes::embedded(),
            loaded: Arc::clone(&corpus),
            corpus,
        };
        app.restore_sides();
        app.restore_session();
        app
    }

    /// Restores settings saved by a previous run.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        corpus: Arc<Corpus>,
    ) -> CrosswalkApp {
        let settings = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, SETTINGS_KEY))
            .unwrap_or_default();
        let mut app = CrosswalkApp::new(corpus, settings);
        app.offer_recovery();
        app
    }

    pub fn library(&self) -> &Library {
        &self.corpus.library
    }

    /// Says in the status line which instruments could not be loaded at start.
    pub fn report_loading(&mut self, messages: &[String]) {
        if messages.is_empty() {
            return;
        }
        let mut all = messages.join(" ");
        if !self.status.is_empty() {
            all = format!("{all} {}", self.status);
        }
        self.status = all;
    }

    pub fn pane(&self, key: Side) -> &ReaderPane {
        &self.panes[key]
    }

    /// The colours the window paints marks in now: presentation mode's high-contrast ones, else the
    /// reader theme's.
    pub fn mark_colors(&self) -> MarkColors {
        if self.presentation.active {
            self.themes.presentation.mark_colors()
        } else {
            self.themes
                .for_dark_mode(self.settings.dark_mode)
                .mark_colors()
        }
    }

    /// Whether an instrument is being imported or an implementation table written.
    pub fn instruments_busy(&self) -> bool {
        self.instruments.importing() || self.instruments.writing()
    }

    /// Whether an export is being written.
    pub fn export_running(&self) -> bool {
        self.export_job.is_running()
    }

    /// Applies start-up options (command line, screenshot script) on the first frame.
    pub fn apply_startup(&mut self, startup: &super::StartupOptions) {
        let mut commands = self.startup_instruments(startup);
        if let Some(id) = startup.open.as_deref() {
            match crate::model::ProvisionId::parse(id) {
                Ok(id) => commands.push(AppCommand::GoTo(id)),
                Err(error) => self.status = error.to_string(),
            }
        }
        if let Some(query) = &startup.search {
            commands.push(AppCommand::SetQuery(query.clone()));
            commands.push(AppCommand::StepMatch { forward: true });
        }
        for path in &startup.annotation_files {
            commands.push(AppCommand::OpenFile {
                path: path.clone(),
                read_only: false,
            });
        }
        // Journals beside every file of the command line are offered back, a lesson's as a layer's.
        let files: Vec<PathBuf> = (startup.annotation_files.iter())
            .chain(&startup.lesson)
            .cloned()
            .collect();
        if !files.is_empty() {
            self.offer_recovery_also_for(&files);
        }
        self.settings.show_annotations |=
            startup.show_annotations || !startup.annotation_files.is_empty();
        self.views.matrix.open |= startup.matrix;
        if let Some(id) = &startup.question {
            self.settings.show_questions = true;
            let found = self
                .workspace
                .visible_questions()
                .into_iter()
                .find(|(_, q)| q.id == *id);
            match found {
                Some((layer, _)) => self.views.questions.choose(layer, id),
                None => self.questions_message = format!("No question {id} in the open layers."),
            }
        }
        if startup.inline {
            self.settings.inline_view = true;
            self.settings.pair_view = true;
        }
        if let Some(path) = &startup.lesson {
            commands.push(AppCommand::Lesson(LessonCommand::Open(path.clone())));
        }
        if let Some(stop) = startup.stop {
            commands.push(AppCommand::Lesson(LessonCommand::GoToStop(
                stop.saturating_sub(1),
            )));
        }
        if startup.present {
            commands.push(AppCommand::Present(PresentCommand::Start));
        }
        self.pending.extend(commands);
    }

    /// The pane choices of `--left` / `--right`, first, so that `--open` finds its provision shown. An
    /// unknown prefix is said in the status line and the pane keeps what it showed.
    fn startup_instruments(&mut self, startup: &super::StartupOptions) -> Vec<AppCommand> {
        let left = self.settings.left;
        let wanted = [(left, &startup.left), (left.other(), &startup.right)];
        let mut commands = Vec::new();
        for (side, prefix) in wanted {
            let Some(prefix) = prefix else { continue };
            match crate::instrument::InstrumentKey::parse(prefix) {
                Ok(instrument) => commands.push(AppCommand::ChooseInstrument { side, instrument }),
                Err(error) => self.status = format!("{prefix}: {error}"),
            }
        }
        commands
    }

    /// Draws the whole window into `ui` (used by eframe and by the UI tests alike). The order: keys
    /// and finished tasks, derived state, then bars, panels, panes and windows, then their commands.
    pub fn ui(&mut self, ui: &mut Ui) {
        self.egui_ctx = ui.ctx().clone();
        super::views::focus::frame_started(ui.ctx());
        if self.seen.dark_mode != Some(self.settings.dark_mode) {
            ui.ctx().set_theme(if self.settings.dark_mode {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.seen.dark_mode = Some(self.settings.dark_mode);
        }
        // Zoom is the app's own (Ctrl+Plus/Minus/0 in the shortcut table), kept in the settings.
        ui.ctx()
            .options_mut(|options| options.zoom_with_keyboard = false);
        self.apply_zoom(ui.ctx());
        let mut commands = std::mem::take(&mut self.pending);
        commands.extend(self.finished_tasks());
        self.apply_all(commands);
        // A shortcut is carried out after the fields have taken this frame's keystrokes (Ctrl+L right
        // after typing a link note keeps the note's last characters); its keys are taken now, so a
        // field does not type them.
        let shortcut_commands = shortcuts::pressed(ui, self.presentation.active);
        let held_focus = super::typing::hold_focus_while_typing(ui.ctx());
        self.handle_termination();
        self.handle_close_request(ui);
        self.refresh();
        self.refresh_presentation();

        let mut commands = Vec::new();
        if self.presentation.active {
            self.presentation_ui(ui, &mut commands);
        } else {
            self.bars_ui(ui, &mut commands);
            self.panels_ui(ui, &mut commands);
            self.windows_ui(ui.ctx(), &mut commands);
        }
        super::typing::release_held_focus(ui.ctx(), held_focus);
        commands.extend(shortcut_commands);
        if !commands.is_empty() {
            // Their effect shows on the next frame.
            ui.ctx().request_repaint();
        }
        self.apply_all(commands);
        self.apply_zoom(ui.ctx());
        self.sync_scroll();
        self.journal_edits();
        super::views::focus::frame_ended(ui.ctx());
    }
}

impl eframe::App for CrosswalkApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        CrosswalkApp::ui(self, ui);
    }

    /// Called every 30 s and on quit: settings, and every changed layer and lesson that has a file
    /// (autosave; a failure is reported and the edits stay journaled and unsaved, so quitting still
    /// asks).
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_session();
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
        self.save_layers_with_files();
        self.save_lesson_if_changed();
    }
}
