//! Asked on quit when a changed layer has no file to be saved to.

use crate::annotations::Workspace;
use crate::ui::command::AppCommand;

#[derive(Default)]
pub struct QuitPrompt {
    pub open: bool,
}

impl QuitPrompt {
    pub fn ui(&self, ctx: &egui::Context, workspace: &Workspace, out: &mut Vec<AppCommand>) {
        if !self.open {
            return;
        }
        let names: Vec<&str> = workspace
            .unsaved_without_file()
            .into_iter()
            .filter_map(|index| workspace.layers.get(index).map(|layer| layer.name()))
            .collect();
        egui::Window::new("Unsaved annotations")
            .id(egui::Id::unique("quit_prompt"))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(format!(
                    "These layers have changes that are not in any file: {}.",
                    names.join(", ")
                ));
                ui.horizontal(|ui| {
                    // Enter (and Escape) keep working: the safe answer.
                    let enter = ui.memory(|memory| memory.focused().is_none())
                        && ui.input(|input| input.key_pressed(egui::Key::Enter));
                    if ui.button("Keep working").clicked() || enter {
                        out.push(AppCommand::KeepWorking);
                    }
                    if ui.button("Quit without saving").clicked() {
                        out.push(AppCommand::QuitWithoutSaving);
                    }
                });
            });
        super::title_bar_a11y(ctx, egui::Id::unique("quit_prompt"), "Unsaved annotations");
    }
}
