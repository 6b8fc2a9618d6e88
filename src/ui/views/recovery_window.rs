//! Offered at start when the last run ended with unsaved edits: their journals, each to restore or
//! discard.

use crate::annotations::journal::Recovered;
use crate::ui::command::AppCommand;

#[derive(Default)]
pub struct RecoveryWindow {
    /// Journals found at start that the user has not answered yet.
    pub found: Vec<Recovered>,
    /// Journals that could not be read (listed so the user knows, never removed).
    pub unreadable: Vec<String>,
}

impl RecoveryWindow {
    pub fn ui(&self, ctx: &egui::Context, out: &mut Vec<AppCommand>) {
        if self.found.is_empty() && self.unreadable.is_empty() {
            return;
        }
        egui::Window::new("Recover unsaved edits")
            .id(egui::Id::unique("recovery_window"))
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label("Crosswalk closed last time before these edits were saved:");
                for found in &self.found {
                    let entry = &found.journal_entry;
                    let what = entry.describe();
                    ui.horizontal(|ui| {
                        ui.label(format!("{what}, edited {}", entry.written));
                        if ui.button("Restore").clicked() {
                            out.push(AppCommand::RestoreJournal(found.journal.clone()));
                        }
                        if ui.button("Discard").clicked() {
                            out.push(AppCommand::DiscardJournal(found.journal.clone()));
                        }
                    });
                }
                for problem in &self.unreadable {
                    ui.label(format!("Could not read: {problem}"));
                }
            });
        super::dialog_a11y(
            ctx,
            egui::Id::unique("recovery_window"),
            "Recover unsaved edits",
        );
    }
}
