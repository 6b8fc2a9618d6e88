//! Import instrument…: what `import` found in a file, shown before anything is written — the counts per
//! level, the first provisions with their pinpoints, every doubtful line as `line N: …` (a language
//! version's IDs that do not match its original's among them) — with the facts to correct (ID prefix,
//! title, language, the instrument it is a version of), prefilled from what the importer guessed.
//! Save writes it into the user's instruments folder; an instrument already there is replaced only
//! by Replace.

use std::path::PathBuf;

use egui::Ui;

use crate::import::{self, ImportOptions, Imported, Warning};
use crate::instrument::InstrumentKey;
use crate::model::Kind;
use crate::ui::command::AppCommand;
use crate::ui::instruments::InstrumentCommand;

pub const IMPORT_WINDOW_TITLE: &str = "Import instrument";

/// How many article-level provisions the preview lists.
const FIRST_PROVISIONS: usize = 10;

/// The field labels (tests and screen readers find the fields by them).
pub const ID_FIELD: &str = "ID prefix";
pub const TITLE_FIELD: &str = "Title";
pub const LANGUAGE_FIELD: &str = "Language";
pub const VERSION_OF_FIELD: &str = "Version of (ID prefix of the original)";

/// The facts the user may correct before saving.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportFields {
    pub id: String,
    pub title: String,
    pub language: String,
    pub version_of: String,
}

/// An import shown before it is saved.
pub struct Preview {
    pub source: PathBuf,
    pub imported: Imported,
    /// A language version's provisions whose IDs do not match its (loaded) original's.
    pub version_warnings: Vec<Warning>,
    /// Where Save writes it.
    pub target: PathBuf,
}

impl Preview {
    pub fn new(
        source: PathBuf,
        imported: Imported,
        version_warnings: Vec<Warning>,
        target: PathBuf,
    ) -> Preview {
        Preview {
            source,
            imported,
            version_warnings,
            target,
        }
    }

    /// Every doubtful line, the importer's and the version check's, in line order.
    fn warnings(&self) -> Vec<&Warning> {
        let mut all: Vec<&Warning> = (self.imported.warnings.iter())
            .chain(&self.version_warnings)
            .collect();
        all.sort_by_key(|warning| warning.line);
        all
    }
}

#[derive(Default)]
pub struct ImportWindow {
    pub open: bool,
    pub fields: ImportFields,
    /// The title the importer found (given again only when the user changed it, so that the file is
    /// the one `crosswalk import` writes).
    guessed_title: String,
    pub preview: Option<Preview>,
    /// An instrument is already at the target: Replace is offered.
    pub exists: bool,
    pub message: String,
}

impl ImportWindow {
    /// Shows an import; a first preview of a file fills the fields with what the importer guessed.
    pub fn show(&mut self, preview: Preview, first: bool) {
        if first {
            let info = &preview.imported.instrument.info;
            self.guessed_title = info.title.clone();
            self.fields = ImportFields {
                id: info.key.to_string(),
                title: info.title.clone(),
                language: info.language.clone(),
                version_of: info
                    .version_of
                    .as_ref()
                    .map_or_else(String::new, |k| k.to_string()),
            };
        }
        self.exists = false;
        self.message.clear();
        self.preview = Some(preview);
    }

    /// The facts as the importer takes them; why not, where a prefix is not one.
    fn options(&self) -> Result<ImportOptions, String> {
        let key = |text: &str| InstrumentKey::parse(text.trim()).map_err(|e| e.to_string());
        let fields = &self.fields;
        let title = fields.title.trim();
        Ok(ImportOptions {
            id: Some(key(&fields.id)?),
            title: (title != self.guessed_title && !title.is_empty()).then(|| title.to_owned()),
            language: Some(fields.language.trim())
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
            version_of: match fields.version_of.trim() {
                "" => None,
                original => Some(key(original)?),
            },
        })
    }

    pub fn ui(&mut self, ctx: &egui::Context, importing: bool, out: &mut Vec<AppCommand>) {
        if !self.open {
            return;
        }
        let mut open = true;
        let id = egui::Id::unique("import_window");
        egui::Window::new(IMPORT_WINDOW_TITLE)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .default_width(620.0)
            .show(ctx, |ui| self.contents_ui(ui, importing, out));
        super::dialog_a11y(ctx, id, IMPORT_WINDOW_TITLE);
        self.open &= open;
    }

    fn contents_ui(&mut self, ui: &mut Ui, importing: bool, out: &mut Vec<AppCommand>) {
        if ui.button("Choose a file to import…").clicked() {
            out.push(AppCommand::Instruments(InstrumentCommand::OpenImport));
        }
        if importing {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading…");
            });
        }
        if !self.message.is_empty() {
            ui.label(egui::RichText::new(&self.message).strong());
        }
        if self.preview.is_none() {
            return;
        }
        self.fields_ui(ui);
        if let Some(preview) = &self.preview {
            ui.label(format!("From {}", preview.source.display()));
            found_ui(ui, &preview.imported);
            warnings_ui(ui, &preview.warnings());
            ui.label(format!("Save writes {}", preview.target.display()));
        }
        self.buttons_ui(ui, importing, out);
    }

    fn fields_ui(&mut self, ui: &mut Ui) {
        egui::Grid::new("import_fields")
            .num_columns(2)
            .show(ui, |ui| {
                let fields = &mut self.fields;
                for (label, value, hint) in [
                    (ID_FIELD, &mut fields.id, "ke-cyber"),
                    (TITLE_FIELD, &mut fields.title, ""),
                    (LANGUAGE_FIELD, &mut fields.language, "en, fr, es…"),
                    (
                        VERSION_OF_FIELD,
                        &mut fields.version_of,
                        "empty: not a version",
                    ),
                ] {
                    let label = ui.label(label);
                    ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(360.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                }
            });
    }

    fn buttons_ui(&mut self, ui: &mut Ui, importing: bool, out: &mut Vec<AppCommand>) {
        let Some(source) = self.preview.as_ref().map(|p| p.source.clone()) else {
            return;
        };
        let mut asked = None;
        ui.horizontal(|ui| {
            ui.add_enabled_ui(!importing, |ui| {
                if ui
                    .button("Update preview")
                    .on_hover_text("Read the file again with the ID prefix, title, language and original above")
                    .clicked()
                {
                    asked = Some(None);
                }
                if ui.button("Save instrument").clicked() {
                    asked = Some(Some(false));
                }
                if self.exists && ui.button("Replace").clicked() {
                    asked = Some(Some(true));
                }
            });
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        let Some(save) = asked else {
            return;
        };
        match self.options() {
            Ok(options) => out.push(AppCommand::Instruments(InstrumentCommand::Import {
                source,
                options,
                save,
            })),
            Err(problem) => self.message = problem,
        }
    }
}

/// The counts per level and the first provisions with their pinpoints.
fn found_ui(ui: &mut Ui, imported: &Imported) {
    let instrument = &imported.instrument;
    ui.label(egui::RichText::new(format!("Found ({}):", imported.format.name())).strong());
    for (level, count) in import::counts(instrument) {
        ui.label(format!("{count} {level}"));
    }
    ui.label(egui::RichText::new("First provisions:").strong());
    for node in instrument
        .nodes
        .iter()
        .filter(|node| node.kind == Kind::Article)
        .take(FIRST_PROVISIONS)
    {
        let heading = node.heading.as_deref().unwrap_or("");
        ui.label(format!("{} {heading}", node.pinpoint).trim_end().to_owned());
    }
}

/// Every doubtful line as `line N: …`.
fn warnings_ui(ui: &mut Ui, warnings: &[&Warning]) {
    ui.label(egui::RichText::new(format!("Warnings: {}", warnings.len())).strong());
    egui::ScrollArea::vertical()
        .id_salt("import_warnings")
        .max_height(160.0)
        .show(ui, |ui| {
            for warning in warnings {
                ui.label(format!("line {}: {}", warning.line, warning.message));
            }
        });
}
