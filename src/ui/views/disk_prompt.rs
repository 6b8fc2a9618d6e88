//! Asked when a layer's file changed on disk since it was read or saved here (another window, another
//! program, a git pull): the file is never overwritten; Reload, Merge or Save as… decide.

use crate::document::DocumentId;
use crate::ui::command::AppCommand;

/// An answer to the prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskAnswer {
    /// Read the file again (undo brings the edits back).
    Reload,
    /// Merge the file's changes into the layer, the version read here as the base.
    Merge,
    /// Save the layer to another file.
    SaveAs,
    /// Do nothing now.
    Cancel,
}

#[derive(Default)]
pub struct DiskPrompt {
    /// The document (a layer, the lesson) whose file changed, and what was found.
    pub open: Option<(DocumentId, String)>,
}

impl DiskPrompt {
    /// `name` names the document the prompt is about.
    pub fn ui(&self, ctx: &egui::Context, name: &str, out: &mut Vec<AppCommand>) {
        let Some((layer, message)) = &self.open else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("disk_prompt")).show(ctx, |ui| {
            ui.heading("The file changed on disk");
            ui.label(format!(
                "“{name}” was not saved, so nothing is overwritten: {message}"
            ));
            ui.horizontal(|ui| {
                if ui.button("Reload from disk").clicked() {
                    answer = Some(DiskAnswer::Reload);
                }
                if ui.button("Merge").clicked() {
                    answer = Some(DiskAnswer::Merge);
                }
                if ui.button("Save as…").clicked() {
                    answer = Some(DiskAnswer::SaveAs);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(DiskAnswer::Cancel);
                }
            });
            if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
                answer = Some(DiskAnswer::Cancel);
            }
        });
        if let Some(answer) = answer {
            out.push(AppCommand::AnswerChangedOnDisk {
                layer: *layer,
                answer,
            });
        }
    }
}
