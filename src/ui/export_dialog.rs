//! The Export window: the same `export::build` + `export::render` as `crosswalk export`, run on a
//! worker thread so long exports never freeze the window.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use crate::annotations::{Layer, save_bytes_atomically};
use crate::corpus::Corpus;
use crate::export::{self, Format, Options, Selection};

/// Which pairs to export, as offered in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    CurrentPair,
    CurrentChapter,
    Tag,
    Matrix,
}

pub struct ExportState {
    pub open: bool,
    pub format: Format,
    pub scope: Scope,
    pub tag: String,
    pub terms: bool,
    pub full_text: bool,
    pub include_notes: bool,
    /// The running export, if any.
    running: Option<Receiver<Result<String, String>>>,
    picking: Option<Receiver<Option<PathBuf>>>,
    pub message: String,
}

impl Default for ExportState {
    fn default() -> ExportState {
        ExportState {
            open: false,
            format: Format::Html,
            scope: Scope::All,
            tag: "safeguard/".into(),
            terms: true,
            full_text: true,
            include_notes: true,
            running: None,
            picking: None,
            message: String::new(),
        }
    }
}

impl ExportState {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts writing the export to `path` on a worker thread.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        corpus: Arc<Corpus>,
        selection: Selection,
        layers: Vec<Layer>,
        path: PathBuf,
    ) {
        let options = Options {
            terms: self.terms,
            full_text: self.full_text,
            date: None,
        };
        let format = self.format;
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let refs: Vec<&Layer> = layers.iter().collect();
            let comparison = export::build(&corpus, &selection, &options, &refs);
            let rendered = export::render_with(&comparison, &export::RenderOptions::new(format));
            // What the command line prints on stderr, the window says after the export.
            let mut remarks = rendered.warnings.clone();
            if !comparison.appendix.is_empty() {
                remarks.insert(
                    0,
                    format!(
                        "{} note(s) on provisions outside the selection are in the appendix",
                        comparison.appendix.len()
                    ),
                );
            }
            let result = save_bytes_atomically(&path, &rendered.bytes)
                .map(|()| {
                    let mut message = format!(
                        "Exported {} pairs to {}",
                        comparison.sections.len(),
                        path.display()
                    );
                    for remark in &remarks {
                        message.push_str("\n");
                        message.push_str(remark);
                    }
                    message
                })
                .map_err(|error| format!("Export failed: {error}"));
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        self.running = Some(receiver);
        self.message = "Exporting…".into();
    }

    /// Collects a finished export or file choice; returns a chosen path to export to.
    pub fn poll(&mut self) -> Option<PathBuf> {
        if let Some(receiver) = &self.running {
            if let Ok(result) = receiver.try_recv() {
                self.message = result.unwrap_or_else(|error| error);
                self.running = None;
            }
        }
        let receiver = self.picking.as_ref()?;
        let chosen = receiver.try_recv().ok()?;
        self.picking = None;
        chosen
    }

    fn pick(&mut self, ctx: &egui::Context) {
        let extension = self.format.extension();
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let path = rfd::FileDialog::new()
                .add_filter(extension, &[extension])
                .set_file_name(format!("crosswalk.{extension}"))
                .save_file();
            let _ = sender.send(path);
            ctx.request_repaint();
        });
        self.picking = Some(receiver);
    }
}

/// Draws the window; returns true when the user asked to choose a file and export.
pub fn window_ui(
    ctx: &egui::Context,
    state: &mut ExportState,
    current_pair: Option<&str>,
    current_chapter: Option<&str>,
) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Export comparison")
        .id(egui::Id::unique("export_window"))
        .open(&mut open)
        .show(ctx, |ui: &mut Ui| {
            egui::ComboBox::new("export_format", "Format")
                .selected_text(state.format.extension().to_uppercase())
                .show_ui(ui, |ui| {
                    for format in [
                        Format::Html,
                        Format::Markdown,
                        Format::Docx,
                        Format::Pdf,
                        Format::Csv,
                    ] {
                        ui.selectable_value(
                            &mut state.format,
                            format,
                            format.extension().to_uppercase(),
                        );
                    }
                });
            ui.label("What to export");
            ui.radio_value(&mut state.scope, Scope::All, "The whole crosswalk");
            ui.add_enabled_ui(current_pair.is_some(), |ui| {
                ui.radio_value(
                    &mut state.scope,
                    Scope::CurrentPair,
                    format!(
                        "The current pair{}",
                        current_pair.map(|p| format!(" ({p})")).unwrap_or_default()
                    ),
                );
            });
            ui.add_enabled_ui(current_chapter.is_some(), |ui| {
                ui.radio_value(
                    &mut state.scope,
                    Scope::CurrentChapter,
                    format!(
                        "The selected chapter{}",
                        current_chapter
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default()
                    ),
                );
            });
            ui.horizontal(|ui| {
                ui.radio_value(&mut state.scope, Scope::Tag, "Pairs tagged");
                let label = ui.label("Tag prefix");
                ui.add(egui::TextEdit::singleline(&mut state.tag).desired_width(160.0))
                    .labelled_by(label.id);
            });
            ui.radio_value(&mut state.scope, Scope::Matrix, "The safeguards matrix");
            ui.checkbox(&mut state.terms, "Terminology normalisation");
            ui.checkbox(
                &mut state.full_text,
                "Full texts (off: changed sentences only)",
            );
            ui.checkbox(
                &mut state.include_notes,
                "Include notes from visible layers",
            );
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !state.is_running(),
                        egui::Button::new("Choose file and export…"),
                    )
                    .clicked()
                {
                    state.pick(ui.ctx());
                }
                if state.is_running() {
                    ui.spinner();
                }
            });
            if !state.message.is_empty() {
                ui.label(&state.message);
            }
        });
    state.open = open;
}
