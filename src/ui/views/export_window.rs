//! The Export window: the same `export::build_selection` + `export::render` as `crosswalk export` (a
//! brief of questions too); the app runs
//! the export on a worker thread so long exports never freeze the window.

use egui::Ui;

use crate::export::Format;
use crate::ui::command::AppCommand;

/// Which pairs to export, as offered in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    CurrentPair,
    CurrentChapter,
    Tag,
    Matrix,
    /// A brief of the questions of the visible layers (those named, or all).
    Questions,
}

/// What to export, as chosen in the window when the export was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    pub format: Format,
    pub scope: Scope,
    pub tag: String,
    /// Question IDs, comma-separated; empty for every question.
    pub questions: String,
    pub terms: bool,
    pub full_text: bool,
    pub include_notes: bool,
}

pub struct ExportWindow {
    pub open: bool,
    pub format: Format,
    pub scope: Scope,
    pub tag: String,
    pub questions: String,
    pub terms: bool,
    pub full_text: bool,
    pub include_notes: bool,
    /// "Exporting…", "Exported 3 pairs to …", "Export failed: …".
    pub message: String,
}

impl Default for ExportWindow {
    fn default() -> ExportWindow {
        ExportWindow {
            open: false,
            format: Format::Html,
            scope: Scope::All,
            tag: "safeguard/".into(),
            questions: String::new(),
            terms: true,
            full_text: true,
            include_notes: true,
            message: String::new(),
        }
    }
}

/// What the window names as the current pair and chapter, and whether an export is running.
pub struct ExportContext {
    pub current_pair: Option<String>,
    pub current_chapter: Option<String>,
    pub running: bool,
}

impl ExportWindow {
    /// The window's choices.
    pub fn request(&self) -> ExportRequest {
        ExportRequest {
            format: self.format,
            scope: self.scope,
            tag: self.tag.clone(),
            questions: self.questions.clone(),
            terms: self.terms,
            full_text: self.full_text,
            include_notes: self.include_notes,
        }
    }

    pub fn finished(&mut self, result: Result<String, String>) {
        self.message = result.unwrap_or_else(|error| error);
    }

    pub fn ui(&mut self, ctx: &egui::Context, context: &ExportContext, out: &mut Vec<AppCommand>) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Export comparison")
            .id(egui::Id::unique("export_window"))
            .open(&mut open)
            .show(ctx, |ui: &mut Ui| {
                let entered = self.choices_ui(ui, context);
                // Enter exports (unless a button or drop-down has the focus and takes it).
                let nothing_focused = ui.memory(|memory| memory.focused().is_none());
                let enter = entered
                    || nothing_focused && ui.input(|input| input.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let clicked = ui
                        .add_enabled(
                            !context.running,
                            egui::Button::new("Choose file and export…"),
                        )
                        .on_hover_text("Enter")
                        .clicked();
                    if (clicked || enter) && !context.running {
                        out.push(AppCommand::ChooseExportFile(self.request()));
                    }
                    if context.running {
                        ui.spinner();
                    }
                });
                if !self.message.is_empty() {
                    ui.label(&self.message);
                }
            });
        super::title_bar_a11y(ctx, egui::Id::unique("export_window"), "Export comparison");
        self.open = open;
    }

    /// The choices; true when Enter was pressed in the tag field.
    fn choices_ui(&mut self, ui: &mut Ui, context: &ExportContext) -> bool {
        let formats = [
            Format::Html,
            Format::Markdown,
            Format::Docx,
            Format::Pdf,
            Format::Csv,
        ];
        let combo = egui::ComboBox::new("export_format", "Format")
            .selected_text(self.format.extension().to_uppercase())
            .show_ui(ui, |ui| {
                for format in formats {
                    ui.selectable_value(
                        &mut self.format,
                        format,
                        format.extension().to_uppercase(),
                    );
                }
            });
        let now = self.format;
        super::arrow_keys_choose(
            ui,
            &combo.response,
            &formats,
            |format| *format == now,
            &mut self.format,
        );
        ui.label("What to export");
        ui.radio_value(&mut self.scope, Scope::All, "The whole crosswalk");
        let named = |what: Option<&str>| what.map(|p| format!(" ({p})")).unwrap_or_default();
        ui.add_enabled_ui(context.current_pair.is_some(), |ui| {
            let label = format!("The current pair{}", named(context.current_pair.as_deref()));
            ui.radio_value(&mut self.scope, Scope::CurrentPair, label);
        });
        ui.add_enabled_ui(context.current_chapter.is_some(), |ui| {
            let label = format!(
                "The selected chapter{}",
                named(context.current_chapter.as_deref())
            );
            ui.radio_value(&mut self.scope, Scope::CurrentChapter, label);
        });
        let entered = scope_with_field(
            ui,
            (&mut self.scope, Scope::Tag, "Pairs tagged"),
            "Tag prefix",
            &mut self.tag,
        );
        ui.radio_value(&mut self.scope, Scope::Matrix, "The safeguards matrix");
        let entered_questions = scope_with_field(
            ui,
            (&mut self.scope, Scope::Questions, "Questions (a brief)"),
            "Question IDs (empty: all)",
            &mut self.questions,
        );
        ui.checkbox(&mut self.terms, "Terminology normalisation");
        ui.checkbox(
            &mut self.full_text,
            "Full texts (off: changed sentences only)",
        );
        ui.checkbox(&mut self.include_notes, "Include notes from visible layers");
        entered || entered_questions
    }
}

/// A choice of what to export with the field that completes it (a tag prefix, question IDs); true
/// when Enter was pressed in the field.
fn scope_with_field(
    ui: &mut Ui,
    (scope, value, choice): (&mut Scope, Scope, &str),
    field: &str,
    text: &mut String,
) -> bool {
    ui.horizontal(|ui| {
        ui.radio_value(scope, value, choice);
        let label = ui.label(field);
        let response = ui
            .add(egui::TextEdit::singleline(text).desired_width(160.0))
            .labelled_by(label.id);
        response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
    })
    .inner
}
