//! Never losing a word, in the window: closing the window or a changed layer asks first (also after a
//! failed save); unsaved edits are journaled shortly after each change and offered back at the next
//! start; a file changed on disk is never overwritten (Reload / Merge / Save as); re-anchored quotes
//! wait for the user's Accept or Keep as orphan. The core does the work (`annotations::Workspace`,
//! `annotations::journal`); this module decides when, and asks.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use egui::Ui;

use crate::annotations::{AnnotationError, journal};
use crate::document::DocumentId;

use super::app::CrosswalkApp;
use super::documents::OpenDocument;
use super::views::disk_prompt::DiskAnswer;
use super::views::unsaved_prompt::{UnsavedAnswer, UnsavedReason};

/// How long after the last edit its journal is written: edits in quick succession are journaled once.
const JOURNAL_DELAY: Duration = Duration::from_millis(800);

/// The app's data folder, for journals of layers that have no file yet or whose folder cannot be
/// written: `CROSSWALK_DATA_DIR`, else the folder eframe keeps the window's own state in, which is
/// right for each platform (`$XDG_DATA_HOME/crosswalk` or `~/.local/share/crosswalk`, macOS's
/// `Application Support`, Windows' roaming `AppData`, never a folder that cleaners empty).
pub fn data_dir() -> PathBuf {
    crate::folders::data_dir()
}

/// Set when the system asked the app to stop (SIGTERM: logout, shutdown, a plain `kill`).
static TERMINATION_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks to be told of SIGTERM instead of being stopped at once: a listener thread sets a flag and wakes
/// the window, whose next frame saves the layers that have a file, journals whatever is still unsaved,
/// and closes ([`CrosswalkApp::handle_termination`]).
pub fn watch_for_termination(ctx: &egui::Context) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGTERM])?;
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("termination".to_owned())
            .spawn(move || {
                for _ in signals.forever() {
                    TERMINATION_REQUESTED.store(true, Ordering::SeqCst);
                    ctx.request_repaint();
                }
            })?;
    }
    #[cfg(not(unix))]
    let _ = ctx;
    Ok(())
}

/// When the journals were last written, and when they are due again.
#[derive(Default)]
pub struct JournalClock {
    /// The revisions (of the layers, of the lesson) the journals hold.
    written_revision: Option<(u64, Option<u64>)>,
    /// The revisions waiting to be journaled, and since when.
    pending: Option<((u64, Option<u64>), Instant)>,
}

impl CrosswalkApp {
    /// Closes a layer, asking first when that would lose edits.
    pub(super) fn close_layer(&mut self, layer: DocumentId) {
        if self.workspace.close_would_lose_edits(layer) {
            self.views.unsaved.ask(UnsavedReason::Close(layer));
        } else {
            self.workspace.close(layer);
        }
    }

    /// On quit, the documents with a file (layers, the lesson) are saved; any edit still unsaved (a
    /// new document, a failed save, a file changed on disk) makes the app ask first.
    pub(super) fn handle_close_request(&mut self, ui: &Ui) {
        if !ui.input(|input| input.viewport().close_requested()) || self.allow_close {
            return;
        }
        self.save_layers_with_files();
        self.save_lesson_if_changed();
        if !self.unsaved_documents().is_empty() {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.views.unsaved.ask(UnsavedReason::Quit);
        }
    }

    /// The system asked the app to stop ([`watch_for_termination`]): no one is there to answer a
    /// prompt, so layers with a file are saved as on quit, every edit still unsaved (a new layer, a
    /// failed save, a file changed on disk) is journaled for the next start, and the window closes.
    pub(super) fn handle_termination(&mut self) {
        if !TERMINATION_REQUESTED.load(Ordering::SeqCst) || self.allow_close {
            return;
        }
        self.save_layers_with_files();
        self.save_lesson_if_changed();
        self.write_journals_now();
        self.quit();
    }

    /// Whether the window is closing for good (its answers are in, or the system stopped it).
    pub fn is_closing(&self) -> bool {
        self.allow_close
    }

    /// A save failed: say why, remember it for the prompts, and ask about a file changed on disk.
    pub(super) fn save_failed(&mut self, layer: DocumentId, error: &AnnotationError) {
        self.notes_message = format!("Not saved: {error}");
        self.views.unsaved.last_error = Some(error.to_string());
        if let AnnotationError::ChangedOnDisk(changed) = error {
            self.views.disk.open = Some((layer, changed.to_string()));
        }
    }

    /// A save went through: a prompt waiting on it may now be done.
    pub(super) fn after_save(&mut self) {
        self.views.unsaved.last_error = None;
        match self.views.unsaved.reason {
            Some(UnsavedReason::Quit) if self.unsaved_documents().is_empty() => self.quit(),
            Some(UnsavedReason::Close(id))
                if self.document(id).is_some_and(|document| !document.unsaved) =>
            {
                self.views.unsaved.reason = None;
                self.close_document(id);
            }
            _ => {}
        }
    }

    /// The answer to the unsaved-changes prompt, for every kind of document alike.
    pub(super) fn answer_unsaved(&mut self, answer: UnsavedAnswer) {
        let Some(reason) = self.views.unsaved.reason else {
            return;
        };
        let asked_about: Vec<OpenDocument> = self
            .unsaved_documents()
            .into_iter()
            .filter(|document| match reason {
                UnsavedReason::Quit => true,
                UnsavedReason::Close(id) => document.id == id,
            })
            .collect();
        match answer {
            UnsavedAnswer::Cancel => {
                self.views.unsaved.reason = None;
                self.settings.show_annotations = true;
            }
            UnsavedAnswer::Discard => {
                self.views.unsaved.reason = None;
                match reason {
                    UnsavedReason::Quit => {
                        self.discard_all_journals();
                        self.quit();
                    }
                    UnsavedReason::Close(id) => self.close_document(id),
                }
            }
            UnsavedAnswer::Save => {
                for document in asked_about.iter().filter(|d| d.path.is_some()) {
                    self.save_document(document.id);
                }
                let without_file = asked_about.iter().find(|d| d.path.is_none());
                if let Some(document) = without_file {
                    self.choose_file_for(document.id);
                }
            }
            UnsavedAnswer::SaveAs => {
                if let Some(document) = asked_about.first() {
                    self.choose_file_for(document.id);
                }
            }
        }
    }

    /// Closes the window for good (the answers are in).
    fn quit(&mut self) {
        self.views.unsaved.reason = None;
        self.allow_close = true;
        self.egui_ctx
            .send_viewport_cmd(egui::ViewportCommand::Close);
    }

    pub(super) fn answer_changed_on_disk(&mut self, layer: DocumentId, answer: DiskAnswer) {
        self.views.disk.open = None;
        if self.lessons.doc.as_ref().is_some_and(|doc| doc.id == layer) {
            self.answer_lesson_changed_on_disk(answer);
            return;
        }
        match answer {
            DiskAnswer::Cancel => {}
            DiskAnswer::SaveAs => self.choose_file_to_save(layer),
            DiskAnswer::Reload => {
                self.notes_message = match self.workspace.reload(layer) {
                    Ok(()) => "Reloaded from disk; Undo brings your edits back.".to_owned(),
                    Err(error) => format!("Not reloaded: {error}"),
                };
            }
            DiskAnswer::Merge => {
                self.notes_message = match self.workspace.merge_from_disk(layer) {
                    Ok(conflicts) if conflicts.is_empty() => {
                        "Merged the changes on disk; save to keep the result.".to_owned()
                    }
                    Ok(conflicts) => format!(
                        "Merged with {} conflicts, kept as yours with theirs beside them \
                         (tag conflict/…); save to keep the result.",
                        conflicts.len()
                    ),
                    Err(error) => format!("Not merged: {error}"),
                };
            }
        }
    }

    /// Journals unsaved edits a moment after the last change; called once per frame.
    pub(super) fn journal_edits(&mut self) {
        let revision = self.documents_revision();
        let clock = &mut self.journal_clock;
        if clock.written_revision == Some(revision) {
            return;
        }
        let since = match clock.pending {
            Some((pending, since)) if pending == revision => since,
            _ => {
                clock.pending = Some((revision, Instant::now()));
                self.egui_ctx.request_repaint_after(JOURNAL_DELAY);
                return;
            }
        };
        if since.elapsed() < JOURNAL_DELAY {
            self.egui_ctx
                .request_repaint_after(JOURNAL_DELAY.saturating_sub(since.elapsed()));
            return;
        }
        self.write_journals_now();
    }

    /// What changes with every edit of any document: the layers' revision and the lesson's.
    fn documents_revision(&self) -> (u64, Option<u64>) {
        (self.workspace.revision(), self.lessons.revision())
    }

    /// Writes the journals of every changed document now (also used by tests).
    pub fn write_journals_now(&mut self) {
        let (lesson_files, lesson_error) = self.journal_lesson();
        let mut errors = self
            .workspace
            .write_journals_beside(&self.data_dir, &lesson_files);
        errors.extend(lesson_error);
        if let Some(error) = errors.first() {
            self.notes_message = format!("Could not journal unsaved edits: {error}");
        }
        self.journal_clock.written_revision = Some(self.documents_revision());
        self.journal_clock.pending = None;
    }

    /// Looks for journals a previous run left (in `data_dir`, beside the recent files and the files
    /// open when the app last ran) and offers them back in the recovery window.
    pub fn offer_recovery(&mut self) {
        self.offer_recovery_also_for(&[]);
    }

    /// [`offer_recovery`](Self::offer_recovery), looking beside `files` too (the command line's).
    pub fn offer_recovery_also_for(&mut self, files: &[PathBuf]) {
        let mut files = files.to_vec();
        files.extend(self.settings.recent_files.iter().cloned());
        let recovery = journal::recover(&self.data_dir, &files);
        self.views.recovery.found = recovery.found;
        self.views.recovery.unreadable = recovery
            .unreadable
            .iter()
            .map(ToString::to_string)
            .collect();
    }

    /// The recovery window's Restore for the journal at `journal` (its path names it).
    pub(super) fn restore_journal(&mut self, journal: &Path) {
        let found = &self.views.recovery.found;
        let Some(index) = found.iter().position(|found| found.journal == journal) else {
            return;
        };
        if self.views.recovery.found[index]
            .journal_entry
            .lesson
            .is_some()
        {
            let found = self.views.recovery.found[index].clone();
            if self.restore_lesson_journal(&found) {
                self.views.recovery.found.remove(index);
            }
            return;
        }
        let found = self.views.recovery.found.remove(index);
        let layer = self.workspace.restore_journal(found);
        let name = self.workspace.layer(layer).map_or("", |l| l.name());
        self.notes_message = format!("Restored the unsaved edits of “{name}”; save to keep them.");
        self.settings.show_annotations = true;
    }

    pub(super) fn discard_journal(&mut self, journal: &Path) {
        let found = &self.views.recovery.found;
        let Some(index) = found.iter().position(|found| found.journal == journal) else {
            return;
        };
        let found = self.views.recovery.found.remove(index);
        if let Err(error) = journal::discard(&found.journal) {
            self.notes_message = format!("Could not remove {}: {error}", found.journal.display());
        }
    }

    pub(super) fn accept_reanchor(&mut self, layer: DocumentId, id: &str) {
        if let Err(error) = self
            .workspace
            .accept_reanchor(layer, id, &self.corpus.library)
        {
            self.notes_message = error.to_string();
        }
    }

    pub(super) fn keep_as_orphan(&mut self, layer: DocumentId, id: &str) {
        if let Err(error) = self.workspace.keep_as_orphan(layer, id) {
            self.notes_message = error.to_string();
        }
    }

    /// Where journals of layers without a file go (tests point it at a temporary folder).
    pub fn set_data_dir(&mut self, dir: &Path) {
        self.data_dir = dir.to_owned();
    }
}
