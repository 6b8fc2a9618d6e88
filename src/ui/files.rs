//! How commands reach the disk: opening and saving layers, native file dialogs (off the UI thread),
//! and exports (written on a worker thread). What happens around unsaved edits is in `safety`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::annotations::{Layer, save_bytes_atomically};
use crate::document::DocumentId;
use crate::export::{self, Selection};

use super::app::CrosswalkApp;
use super::command::AppCommand;
use super::views::export_window::{ExportContext, ExportRequest, Scope};
use super::views::path_prompt::PathPurpose;

/// What a native file dialog answered (when it answered something).
pub enum DialogAnswer {
    /// The user chose this path.
    Path(PathPurpose, PathBuf),
    /// The dialog closed at once without a path: it could not open (title and suggested name kept).
    Failed(PathPurpose, String, String),
}

/// Where a typed path starts: the home folder.
fn default_folder() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// A native dialog that returns sooner than this without a file did not open (nobody cancels a dialog
/// that fast): the window asks for a path instead.
const DIALOG_FAILED_WITHIN: Duration = Duration::from_millis(400);

/// Why the system's file dialog cannot open here, if it cannot: rfd needs the desktop portal (over the
/// D-Bus session bus) or zenity, and without either it returns nothing, as if the user had cancelled.
pub fn native_dialog_unavailable() -> Option<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let env_set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let session_bus = env_set("DBUS_SESSION_BUS_ADDRESS")
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    (!session_bus && !zenity).then(|| {
        "The system file dialog is not available here (no desktop portal on a D-Bus session, and no \
         zenity). Type the file's path instead."
            .to_owned()
    })
}

impl CrosswalkApp {
    /// Runs a native file dialog on its own thread; its answer comes back as a command. Where the
    /// dialog cannot open, or closes at once, the window asks for a path instead, saying why.
    pub(super) fn ask_for_path(
        &mut self,
        purpose: PathPurpose,
        title: String,
        suggested_name: String,
    ) {
        if let Some(reason) = self.native_dialog_unavailable.clone() {
            let suggested = default_folder()
                .map(|folder| folder.join(&suggested_name).display().to_string())
                .unwrap_or(suggested_name);
            self.views
                .path_prompt
                .open(purpose, title, reason, suggested);
            return;
        }
        let lesson = purpose.is_lesson();
        self.views.path_prompt.waiting = Some(purpose.clone());
        let started = self.file_dialog.start(&self.egui_ctx, move || {
            let started = Instant::now();
            let (filter, extensions) = purpose.filter();
            let dialog = rfd::FileDialog::new().add_filter(filter, &extensions);
            let picked = if purpose.opens() {
                dialog.pick_file()
            } else {
                dialog.set_file_name(&suggested_name).save_file()
            };
            match picked {
                Some(path) => Some(DialogAnswer::Path(purpose, path)),
                None if started.elapsed() < DIALOG_FAILED_WITHIN => {
                    Some(DialogAnswer::Failed(purpose, title, suggested_name))
                }
                None => None,
            }
        });
        if !started {
            let message = if lesson {
                &mut self.lessons.message
            } else {
                &mut self.notes_message
            };
            *message = "A file dialog is already open.".to_owned();
        }
    }

    pub(super) fn choose_file_to_open(&mut self, read_only: bool) {
        let title = if read_only {
            "Open an annotation file read-only"
        } else {
            "Open an annotation file"
        };
        self.ask_for_path(
            PathPurpose::Open { read_only },
            title.to_owned(),
            String::new(),
        );
    }

    /// The name a layer's file dialog suggests and its title shows.
    fn layer_file_name(&self, layer: DocumentId) -> String {
        self.workspace
            .layer(layer)
            .map_or("annotations", Layer::name)
            .to_owned()
    }

    pub(super) fn choose_file_to_save(&mut self, layer: DocumentId) {
        let name = self.layer_file_name(layer);
        self.ask_for_path(
            PathPurpose::SaveLayer(layer),
            format!("Save “{name}” as"),
            format!("{name}.ron"),
        );
    }

    /// What a native dialog answered: a path becomes the command it was asked for.
    pub(super) fn dialog_answered(&mut self, answer: DialogAnswer) -> Option<AppCommand> {
        self.views.path_prompt.waiting = None;
        match answer {
            DialogAnswer::Path(purpose, path) => Some(purpose.command(path)),
            DialogAnswer::Failed(purpose, title, suggested) => {
                let reason = "The system file dialog did not open (it closed at once). Type the \
                              file's path instead."
                    .to_owned();
                self.views
                    .path_prompt
                    .open(purpose, title, reason, suggested);
                None
            }
        }
    }

    /// Opens a file as a layer; a file that fails to load is reported and never written.
    pub(super) fn open_file(&mut self, path: &Path, read_only: bool) {
        if self.layer_with_path(path).is_some() {
            self.notes_message = format!("Already open: {}", path.display());
            return;
        }
        let library = &self.corpus.library;
        match self.workspace.open(path, read_only, library) {
            Ok(layer) => {
                // Its anchors are looked for over the next frames; the panel counts the orphans.
                let notes = self
                    .workspace
                    .layer(layer)
                    .map_or(0, |layer| layer.file.annotations.len());
                self.notes_message = format!("Opened {} ({notes} notes)", path.display());
                self.settings.remember_recent(path.to_owned());
            }
            // Every failure stays listed (several files may be opened at once), not just the last.
            Err(error) => {
                let line = format!("Not opened: {error}");
                self.notes_message = if self.notes_message.starts_with("Not opened:") {
                    format!("{}\n{line}", self.notes_message)
                } else {
                    line
                };
            }
        }
    }

    /// Saves a layer to its file, or to `path`, which becomes its file. True when it was saved.
    pub(super) fn save_layer(&mut self, layer: DocumentId, path: Option<PathBuf>) -> bool {
        match self.workspace.save(layer, path.as_deref()) {
            Ok(saved) => {
                self.notes_message = format!("Saved {}", saved.display());
                self.settings.remember_recent(saved);
                self.after_save();
                true
            }
            Err(error) => {
                self.save_failed(layer, &error);
                false
            }
        }
    }

    /// Saves every changed layer that has a file, and asks for a file for the first one without.
    pub(super) fn save_all(&mut self) {
        let failed = self.save_layers_with_files();
        if !failed {
            self.notes_message = "Saved the changed layers.".to_owned();
        }
        if let Some(&layer) = self.workspace.unsaved_without_file().first() {
            self.choose_file_to_save(layer);
        }
    }

    /// Saves each changed layer that has a file; a failure is reported (a file changed on disk opens
    /// the Reload / Merge / Save as prompt). True when one failed.
    pub(super) fn save_layers_with_files(&mut self) -> bool {
        let layers: Vec<DocumentId> = self
            .workspace
            .unsaved_layers()
            .into_iter()
            .filter(|&layer| {
                self.workspace
                    .layer(layer)
                    .is_some_and(|l| l.path.is_some() && l.is_editable())
            })
            .collect();
        let mut failed = false;
        for layer in layers {
            failed |= !self.save_layer(layer, None);
        }
        failed
    }

    pub(super) fn choose_file_to_save_copy(&mut self, layer: DocumentId) {
        let name = self.layer_file_name(layer);
        self.ask_for_path(
            PathPurpose::SaveCopy(layer),
            format!("Save a copy of “{name}”"),
            format!("{name} (copy).ron"),
        );
    }

    /// Writes a copy of a layer elsewhere; the layer itself stays as it is.
    pub(super) fn save_copy(&mut self, layer: DocumentId, path: &Path) {
        self.notes_message = match self.workspace.save_copy(layer, path) {
            Ok(()) => format!("Saved a copy as {}", path.display()),
            Err(error) => format!("Not saved: {error}"),
        };
    }

    pub(super) fn choose_export_file(&mut self, request: ExportRequest) {
        let name = format!("crosswalk.{}", request.render.format.extension());
        self.ask_for_path(
            PathPurpose::Export(request),
            "Export to a file".to_owned(),
            name,
        );
    }

    /// Starts an export to `path` with the Export window's choices (its button and the tests use it).
    pub fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.egui_ctx = ctx.clone();
        let request = self.views.export.to_request();
        self.apply(AppCommand::ExportTo { path, request });
    }

    /// The pair and chapter on screen and the list of pairs, as the Export window names them.
    pub(super) fn export_context(&self) -> ExportContext {
        let library = &self.corpus.library;
        let name = |link: &crate::links::LinkEntry| link.pair_name(library);
        let links = &self.pairs.links;
        ExportContext {
            current_pair: self.pairs.current_link().map(name),
            current_chapter: self
                .current_chapter()
                .and_then(|id| library.get(&id).map(|n| n.title_line())),
            pairs: links
                .pairs()
                .iter()
                .filter_map(|&index| links.entries().get(index))
                .map(|link| (name(link), link.ends.clone()))
                .collect(),
            running: self.export_job.is_running(),
        }
    }

    /// The selection an export request describes, for what is on screen now.
    pub fn export_selection(&self, request: &ExportRequest) -> Selection {
        match request.scope {
            Scope::All => Selection::All,
            Scope::CurrentPair => self.pairs.current_link().map_or(Selection::All, |link| {
                Selection::Exact(vec![link.ends.clone()])
            }),
            Scope::CurrentChapter => self
                .current_chapter()
                .map_or(Selection::All, |c| Selection::Chapters(vec![c])),
            Scope::Tag => Selection::Tag(request.tag.trim().to_owned()),
            Scope::Chosen => Selection::Exact(request.chosen.clone()),
            Scope::Matrix => Selection::Matrix,
            Scope::Questions => Selection::Questions(
                request
                    .questions
                    .split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        }
    }

    /// The layers an export reads, as the command line's are: the shipped Safeguards layer (read
    /// only when ticked or needed, as `--with-safeguards`), and the user's own visible layers when
    /// their notes are asked for (for a brief always: they hold questions).
    fn export_layers(&self, request: &ExportRequest) -> (Vec<Layer>, Vec<Layer>) {
        let shipped = crate::annotations::safeguards_layer().into_iter().collect();
        let brief = request.scope == Scope::Questions;
        let user = if request.my_notes || brief {
            self.workspace
                .layers
                .iter()
                .filter(|layer| layer.visible && !layer.is_shipped())
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        (shipped, user)
    }

    /// Writes the export on a worker thread: the core's [`export::ExportChoices`], as the command
    /// line uses them, and the same atomic write.
    pub(super) fn export_to(&mut self, path: PathBuf, request: ExportRequest) {
        let choices = request.choices(self.export_selection(&request));
        let (shipped, user) = self.export_layers(&request);
        let corpus = Arc::clone(&self.corpus);
        let started = self.export_job.start(&self.egui_ctx, move || {
            let shipped: Vec<&Layer> = shipped.iter().collect();
            let user: Vec<&Layer> = user.iter().collect();
            let result = match choices.export(&corpus, &shipped, &user) {
                Ok((comparison, rendered)) => export_written(&path, &comparison, rendered),
                Err(error) => Err(format!("Export failed: {error}")),
            };
            AppCommand::ExportFinished(result)
        });
        if started {
            self.views.export.message = "Exporting…".into();
        }
    }

    /// Commands from background tasks that finished (a file chosen, an export written).
    pub(super) fn finished_tasks(&mut self) -> Vec<AppCommand> {
        self.finish_instrument_tasks();
        let mut commands = Vec::new();
        match self.file_dialog.poll() {
            Some(Ok(Some(answer))) => commands.extend(self.dialog_answered(answer)),
            Some(Err(_)) => {
                // The dialog crashed: ask for the path in the window instead.
                if let Some(purpose) = self.views.path_prompt.waiting.take() {
                    let reason = "The system file dialog failed. Type the file's path instead.";
                    self.views.path_prompt.open(
                        purpose,
                        "Choose a file".to_owned(),
                        reason.to_owned(),
                        String::new(),
                    );
                }
            }
            Some(Ok(None)) => self.views.path_prompt.waiting = None,
            None => {}
        }
        match self.export_job.poll() {
            Some(Ok(command)) => commands.push(command),
            Some(Err(_)) => commands.push(AppCommand::ExportFinished(Err(
                "Export failed: the export stopped unexpectedly".into(),
            ))),
            None => {}
        }
        commands
    }
}

/// Saves an export's bytes and says what was written (and what the command line would print on
/// standard error: notes outside the selection, characters no font has).
fn export_written(
    path: &Path,
    comparison: &export::Comparison,
    rendered: export::Rendered,
) -> Result<String, String> {
    let mut remarks = rendered.warnings;
    if !comparison.appendix.is_empty() {
        remarks.insert(
            0,
            format!(
                "{} note(s) on provisions outside the selection are in the appendix",
                comparison.appendix.len()
            ),
        );
    }
    save_bytes_atomically(path, &rendered.bytes)
        .map(|()| {
            let count = comparison.sections.len();
            let noun = if count == 1 { "pair" } else { "pairs" };
            let mut message = match &comparison.brief {
                Some(brief) => format!(
                    "Exported a brief of {} questions to {}",
                    brief.questions.len(),
                    path.display()
                ),
                None => format!("Exported {count} {noun} to {}", path.display()),
            };
            for remark in &remarks {
                message.push('\n');
                message.push_str(remark);
            }
            message
        })
        .map_err(|error| format!("Export failed: {error}"))
}
