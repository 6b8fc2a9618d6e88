//! The go-to box (Ctrl+G): a pinpoint typed as people write it ("un 28(4)", "Art. 40(8)", "bc 19 4",
//! "note 4"), the provisions it may mean as it is typed, and what went wrong when it names nothing.

use crate::model::{Library, Side};
use crate::pinpoint;
use crate::ui::command::{AppCommand, ReadingCommand};

/// The name of the go-to box's field (its label, for screen readers and tests).
pub const GO_TO_LABEL: &str = "Go to pinpoint";

/// How many completions are offered.
const OFFERED: usize = 8;

#[derive(Default)]
pub struct GoToBox {
    pub open: bool,
    text: String,
    message: String,
    focus: bool,
}

impl GoToBox {
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
        self.text.clear();
        self.message.clear();
    }

    pub fn close(&mut self) {
        self.open = false;
        self.message.clear();
    }

    /// The pinpoint named nothing: say so, and keep what was typed.
    pub fn failed(&mut self, message: String) {
        self.message = message;
        self.focus = true;
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        library: &Library,
        default: Side,
        out: &mut Vec<AppCommand>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new("Go to")
            .id(egui::Id::unique("go_to_box"))
            .open(&mut open)
            .collapsible(false)
            .default_width(360.0)
            .show(ctx, |ui| self.contents_ui(ui, library, default, out));
        super::dialog_a11y(ctx, egui::Id::unique("go_to_box"), "Go to");
        self.open &= open;
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        library: &Library,
        default: Side,
        out: &mut Vec<AppCommand>,
    ) {
        let label = ui.label(GO_TO_LABEL);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut self.text)
                    .id(egui::Id::unique("go_to_field"))
                    .hint_text("28(4), UN 28(4), Art. 40(8), bc 19 4, note 4")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus) {
            response.request_focus();
        }
        if response.changed() {
            self.message.clear();
        }
        if response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter)) {
            out.push(AppCommand::Reading(ReadingCommand::GoToPinpoint(
                self.text.clone(),
            )));
        }
        if !self.message.is_empty() {
            ui.label(egui::RichText::new(format!("Not found: {}", self.message)).strong());
        }
        for candidate in pinpoint::complete(library, &self.text, default, OFFERED) {
            if ui.button(&candidate.label).clicked() {
                out.push(AppCommand::Reading(ReadingCommand::GoToPinpoint(
                    candidate.id.to_string(),
                )));
            }
        }
    }
}
