//! The Export window: every choice of `crosswalk export` (format, pairs or a brief of questions, notes,
//! paper, DOCX notes and layout, CSV byte-order mark, date), gathered into the core's
//! [`ExportChoices`] so the window and the command line build and print the same bytes; the app runs
//! the export on a worker thread so long exports never freeze the window.

use egui::Ui;

use crate::export::{ExportChoices, Format, Layout, NotesMode, Options, Paper, RenderOptions};
use crate::model::ProvisionId;
use crate::ui::command::AppCommand;

/// Which pairs to export, as offered in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    CurrentPair,
    CurrentChapter,
    Tag,
    /// The pairs ticked in the window's list.
    Chosen,
    Matrix,
    /// A brief of the questions of the visible layers (those named, or all).
    Questions,
}

/// What to export, as chosen in the window when the export was asked for. The pairs are resolved
/// against what is on screen (`CrosswalkApp::export_choices`).
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    pub scope: Scope,
    pub tag: String,
    /// Question IDs, comma-separated; empty for every question.
    pub questions: String,
    /// The ticked pairs, each named by the provisions it links.
    pub chosen: Vec<Vec<ProvisionId>>,
    /// The notes of the user's own layers (the visible ones that can be edited).
    pub my_notes: bool,
    /// Also the shipped layers (Safeguards): their notes, tags and links.
    pub with_shipped: bool,
    pub options: Options,
    pub render: RenderOptions,
}

impl ExportRequest {
    /// The core's choices for `selection`, the pairs this request means now.
    pub fn choices(&self, selection: crate::export::Selection) -> ExportChoices {
        ExportChoices {
            selection,
            options: self.options.clone(),
            render: self.render.clone(),
            with_shipped: self.with_shipped,
        }
    }
}

pub struct ExportWindow {
    pub open: bool,
    /// The choices as they stand.
    pub request: ExportRequest,
    /// The date field ("" prints no date, so that the same choices give the same bytes).
    pub date: String,
    /// Words the list of pairs to tick is narrowed to ("Art. 24").
    pub pair_filter: String,
    /// "Exporting…", "Exported 3 pairs to …", "Export failed: …".
    pub message: String,
}

impl Default for ExportWindow {
    fn default() -> ExportWindow {
        ExportWindow {
            open: false,
            request: ExportRequest {
                scope: Scope::All,
                tag: "safeguard/".into(),
                questions: String::new(),
                chosen: Vec::new(),
                my_notes: true,
                with_shipped: false,
                options: Options::default(),
                render: RenderOptions::new(Format::Html),
            },
            date: String::new(),
            pair_filter: String::new(),
            message: String::new(),
        }
    }
}

/// What the window names as the current pair and chapter, the pairs it lists, and whether an
/// export is running.
pub struct ExportContext {
    pub current_pair: Option<String>,
    pub current_chapter: Option<String>,
    /// Every pair: its name ("UN Art. 24 | Budapest Art. 15") and the provisions it links.
    pub pairs: Vec<(String, Vec<ProvisionId>)>,
    pub running: bool,
}

/// The formats offered, with the names the window gives them.
const FORMATS: [(Format, &str); 8] = [
    (Format::Html, "HTML"),
    (Format::Markdown, "Markdown"),
    (Format::Docx, "Word (DOCX)"),
    (Format::Pdf, "PDF"),
    (Format::Csv, "CSV (spreadsheet)"),
    (Format::Xlsx, "Excel workbook (XLSX)"),
    (Format::Json, "JSON"),
    (Format::W3c, "W3C Web Annotations (JSON-LD)"),
];

fn format_name(format: Format) -> &'static str {
    FORMATS
        .iter()
        .find(|(f, _)| *f == format)
        .map_or("?", |(_, name)| name)
}

impl ExportWindow {
    /// The window's choices.
    pub fn to_request(&self) -> ExportRequest {
        let mut request = self.request.clone();
        let date = self.date.trim();
        request.options.date = (!date.is_empty()).then(|| date.to_owned());
        request
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
            .default_height(560.0)
            .show(ctx, |ui: &mut Ui| {
                // The choices scroll; the button and the message stay in view below them.
                let output = egui::ScrollArea::vertical()
                    .id_salt("export_choices")
                    .max_height(ui.ctx().content_rect().height() * 0.6)
                    .show(ui, |ui| {
                        let entered = self.choices_ui(ui, context);
                        super::keep_focus_in_view(ui);
                        entered
                    });
                super::name_scroll_bars(ui.ctx(), output.id, "the export choices");
                self.export_button_ui(ui, output.inner, context, out);
            });
        super::dialog_a11y(ctx, egui::Id::unique("export_window"), "Export comparison");
        self.open = open;
    }

    /// Every choice; true when Enter was pressed in one of their fields.
    fn choices_ui(&mut self, ui: &mut Ui, context: &ExportContext) -> bool {
        let mut entered = self.format_ui(ui);
        entered |= self.scope_ui(ui, context);
        self.notes_ui(ui);
        entered |= self.printing_ui(ui);
        entered
    }

    fn export_button_ui(
        &mut self,
        ui: &mut Ui,
        entered: bool,
        context: &ExportContext,
        out: &mut Vec<AppCommand>,
    ) {
        // Enter exports (unless a button or drop-down has the focus and takes it).
        let nothing_focused = ui.memory(|memory| memory.focused().is_none());
        let enter =
            entered || nothing_focused && ui.input(|input| input.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let clicked = ui
                .add_enabled(
                    !context.running,
                    egui::Button::new("Choose file and export…"),
                )
                .on_hover_text("Enter")
                .clicked();
            if (clicked || enter) && !context.running {
                out.push(AppCommand::ChooseExportFile(self.to_request()));
            }
            if context.running {
                ui.spinner();
            }
        });
        if !self.message.is_empty() {
            ui.label(&self.message);
        }
    }

    fn format_ui(&mut self, ui: &mut Ui) -> bool {
        let format = &mut self.request.render.format;
        let combo = egui::ComboBox::new("export_format", "Format")
            .selected_text(format_name(*format))
            .show_ui(ui, |ui| {
                for (choice, name) in FORMATS {
                    ui.selectable_value(format, choice, name);
                }
            });
        let now = *format;
        let formats = FORMATS.map(|(f, _)| f);
        super::arrow_keys_choose(ui, &combo.response, &formats, |f| *f == now, format);
        false
    }

    /// The pairs; true when Enter was pressed in the tag field.
    fn scope_ui(&mut self, ui: &mut Ui, context: &ExportContext) -> bool {
        let filter = &mut self.pair_filter;
        let request = &mut self.request;
        ui.label("What to export");
        ui.radio_value(&mut request.scope, Scope::All, "The whole crosswalk");
        let named = |what: Option<&str>| what.map(|p| format!(" ({p})")).unwrap_or_default();
        ui.add_enabled_ui(context.current_pair.is_some(), |ui| {
            let label = format!("The current pair{}", named(context.current_pair.as_deref()));
            ui.radio_value(&mut request.scope, Scope::CurrentPair, label);
        });
        ui.add_enabled_ui(context.current_chapter.is_some(), |ui| {
            let label = format!(
                "The selected chapter{}",
                named(context.current_chapter.as_deref())
            );
            ui.radio_value(&mut request.scope, Scope::CurrentChapter, label);
        });
        let entered = scope_with_field(
            ui,
            (&mut request.scope, Scope::Tag, "Pairs tagged"),
            "Tag prefix",
            &mut request.tag,
        );
        let ticked = request.chosen.len();
        ui.radio_value(
            &mut request.scope,
            Scope::Chosen,
            format!("The pairs ticked below ({ticked} ticked)"),
        );
        egui::CollapsingHeader::new("Choose pairs")
            .id_salt("export_choose_pairs")
            .show(ui, |ui| {
                let label = ui.label("Show pairs containing");
                ui.add(egui::TextEdit::singleline(filter).desired_width(160.0))
                    .labelled_by(label.id);
                chosen_pairs_ui(ui, request, &context.pairs, filter);
            });
        ui.radio_value(&mut request.scope, Scope::Matrix, "The safeguards matrix");
        let entered_questions = scope_with_field(
            ui,
            (&mut request.scope, Scope::Questions, "Questions (a brief)"),
            "Question IDs (empty: all)",
            &mut request.questions,
        );
        entered || entered_questions
    }

    fn notes_ui(&mut self, ui: &mut Ui) {
        let request = &mut self.request;
        ui.separator();
        ui.checkbox(&mut request.my_notes, "Notes from my layers");
        ui.checkbox(
            &mut request.with_shipped,
            "Also the shipped Safeguards layer (its notes, tags and links)",
        );
        ui.checkbox(&mut request.options.terms, "Terminology normalisation");
        ui.checkbox(
            &mut request.options.full_text,
            "Full texts (off: changed sentences only)",
        );
    }

    /// Paper, DOCX notes and layout, CSV byte-order mark and date; true when Enter was pressed in
    /// the date field.
    fn printing_ui(&mut self, ui: &mut Ui) -> bool {
        let render = &mut self.request.render;
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            ui.label("Paper (PDF, DOCX)");
            ui.radio_value(&mut render.paper, Paper::A4, "A4");
            ui.radio_value(&mut render.paper, Paper::Letter, "Letter");
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("DOCX notes as");
            ui.radio_value(&mut render.notes, NotesMode::Both, "comments and footnotes");
            ui.radio_value(&mut render.notes, NotesMode::Comments, "comments");
            ui.radio_value(&mut render.notes, NotesMode::Footnotes, "footnotes");
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("DOCX layout");
            ui.radio_value(&mut render.layout, Layout::Columns, "two columns");
            ui.radio_value(
                &mut render.layout,
                Layout::Redline,
                "one redlined column (tracked changes)",
            );
        });
        ui.checkbox(
            &mut render.bom,
            "CSV: byte-order mark (so that Excel reads UTF-8)",
        );
        ui.horizontal(|ui| {
            let label = ui.label("Date printed on it (empty: none)");
            let response = ui
                .add(egui::TextEdit::singleline(&mut self.date).desired_width(120.0))
                .labelled_by(label.id);
            response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
        })
        .inner
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

/// A tick box per pair; ticking one also chooses "the pairs ticked below".
fn chosen_pairs_ui(
    ui: &mut Ui,
    request: &mut ExportRequest,
    pairs: &[(String, Vec<ProvisionId>)],
    filter: &str,
) {
    let filter = filter.trim().to_lowercase();
    let output = egui::ScrollArea::vertical()
        .id_salt("export_pair_list")
        .max_height(180.0)
        .show(ui, |ui| {
            let shown = pairs
                .iter()
                .filter(|(name, _)| name.to_lowercase().contains(&filter));
            for (name, ends) in shown {
                let position = request.chosen.iter().position(|chosen| chosen == ends);
                let mut ticked = position.is_some();
                if ui.checkbox(&mut ticked, name).changed() {
                    match position {
                        Some(index) => {
                            request.chosen.remove(index);
                        }
                        None => request.chosen.push(ends.clone()),
                    }
                    request.scope = Scope::Chosen;
                }
            }
            super::keep_focus_in_view(ui);
        });
    super::name_scroll_bars(ui.ctx(), output.id, "the list of pairs");
}
