//! Asked before unsaved edits could be lost: on quit, and when a changed layer is closed — also after a
//! save that failed. Save / Save as… / Discard / Cancel; nothing is dropped without an answer.

use crate::document::DocumentId;
use crate::ui::command::AppCommand;
use crate::ui::documents::{DocumentKind, OpenDocument};

/// What the prompt is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedReason {
    /// The window is closing.
    Quit,
    /// One document (a layer, the lesson) is being closed.
    Close(DocumentId),
}

/// An answer to the prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save the layers that have a file; ask for a file for the others.
    Save,
    /// Save the first unsaved layer to a file of the user's choice.
    SaveAs,
    /// Drop the unsaved edits (and their journals).
    Discard,
    /// Keep working; nothing closes.
    Cancel,
}

#[derive(Default)]
pub struct UnsavedPrompt {
    /// Open while it waits for an answer.
    pub reason: Option<UnsavedReason>,
    /// Why the last save failed, shown so the user knows what Save will meet.
    pub last_error: Option<String>,
}

impl UnsavedPrompt {
    pub fn ask(&mut self, reason: UnsavedReason) {
        self.reason = Some(reason);
    }

    /// `unsaved` are the open documents with unsaved changes.
    pub fn ui(&self, ctx: &egui::Context, unsaved: &[OpenDocument], out: &mut Vec<AppCommand>) {
        let Some(reason) = self.reason else {
            return;
        };
        let asked: Vec<&OpenDocument> = unsaved
            .iter()
            .filter(|document| match reason {
                UnsavedReason::Quit => true,
                UnsavedReason::Close(id) => document.id == id,
            })
            .collect();
        let names: Vec<&str> = asked
            .iter()
            .map(|document| document.name.as_str())
            .collect();
        let title = match (reason, asked.first().map(|document| document.kind)) {
            (UnsavedReason::Quit, _) => "Unsaved changes",
            (UnsavedReason::Close(_), Some(DocumentKind::Lesson)) => "Close a changed lesson",
            (UnsavedReason::Close(_), _) => "Close a changed layer",
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("unsaved_prompt")).show(ctx, |ui| {
            ui.heading(title);
            ui.label(format!(
                "Not saved yet: {}. What should happen to the changes?",
                names.join(", ")
            ));
            if let Some(error) = &self.last_error {
                ui.label(format!("The last save failed: {error}"));
            }
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(UnsavedAnswer::Save);
                }
                if ui.button("Save as…").clicked() {
                    answer = Some(UnsavedAnswer::SaveAs);
                }
                if ui.button("Discard changes").clicked() {
                    answer = Some(UnsavedAnswer::Discard);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(UnsavedAnswer::Cancel);
                }
            });
            if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
                answer = Some(UnsavedAnswer::Cancel);
            }
        });
        if let Some(answer) = answer {
            out.push(AppCommand::AnswerUnsaved(answer));
        }
    }
}
