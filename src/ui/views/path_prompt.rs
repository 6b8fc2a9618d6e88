//! A file path typed in the window, where the system's file dialog cannot open (no desktop portal and
//! no zenity) or closed at once: the reason is shown, and Open, Save as and Export go on from the path.

use std::path::PathBuf;

use egui::{Key, Ui};

use crate::document::DocumentId;
use crate::implementation::TableFormat;
use crate::ui::command::AppCommand;
use crate::ui::instruments::InstrumentCommand;
use crate::ui::lesson::{HandoutFormat, LessonCommand};
use crate::ui::views::export_window::ExportRequest;

/// What the path is for.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPurpose {
    /// Open an annotation file as a layer.
    Open { read_only: bool },
    /// Save a layer to a new file (the layer by its ID: if it is closed meanwhile, nothing is saved).
    SaveLayer(DocumentId),
    /// Save a copy of a layer (the layer keeps its own file).
    SaveCopy(DocumentId),
    /// Write an export.
    Export(ExportRequest),
    /// Open a lesson file.
    OpenLesson,
    /// Save the open lesson to a new file.
    SaveLesson,
    /// Print the open lesson: the student handout, or the teacher's edition.
    Handout {
        format: HandoutFormat,
        teacher: bool,
    },
    /// Read a law, bill, protocol or language version to import as an instrument.
    ImportInstrument,
    /// Write the implementation table in this format.
    ImplementationTable(TableFormat),
}

impl PathPurpose {
    /// The command that carries the purpose out on `path`.
    pub fn command(&self, path: PathBuf) -> AppCommand {
        match self {
            PathPurpose::Open { read_only } => AppCommand::OpenFile {
                path,
                read_only: *read_only,
            },
            PathPurpose::SaveLayer(layer) => AppCommand::SaveLayerAs {
                layer: *layer,
                path,
            },
            PathPurpose::SaveCopy(layer) => AppCommand::SaveCopy {
                layer: *layer,
                path,
            },
            PathPurpose::Export(request) => AppCommand::ExportTo {
                path,
                request: request.clone(),
            },
            PathPurpose::OpenLesson => AppCommand::Lesson(LessonCommand::Open(path)),
            PathPurpose::SaveLesson => AppCommand::Lesson(LessonCommand::SaveAs(path)),
            PathPurpose::Handout { format, teacher } => {
                AppCommand::Lesson(LessonCommand::WriteHandout {
                    path,
                    format: *format,
                    teacher: *teacher,
                })
            }
            PathPurpose::ImportInstrument => {
                AppCommand::Instruments(InstrumentCommand::Preview(path))
            }
            PathPurpose::ImplementationTable(format) => {
                AppCommand::Instruments(InstrumentCommand::WriteTable {
                    path,
                    format: *format,
                })
            }
        }
    }

    /// Whether the path names a file to read (else one to write).
    pub fn opens(&self) -> bool {
        matches!(
            self,
            PathPurpose::Open { .. } | PathPurpose::OpenLesson | PathPurpose::ImportInstrument
        )
    }

    /// Whether the path is for the lesson (whose panel reports on it).
    pub fn is_lesson(&self) -> bool {
        matches!(
            self,
            PathPurpose::OpenLesson | PathPurpose::SaveLesson | PathPurpose::Handout { .. }
        )
    }

    /// The file dialog's filter: its name and the file extensions.
    pub fn filter(&self) -> (&'static str, Vec<&'static str>) {
        match self {
            PathPurpose::Open { .. } | PathPurpose::SaveLayer(_) | PathPurpose::SaveCopy(_) => {
                ("Crosswalk annotations (RON)", vec!["ron"])
            }
            PathPurpose::OpenLesson | PathPurpose::SaveLesson => {
                ("Crosswalk lesson (RON)", vec!["ron"])
            }
            PathPurpose::Export(request) => {
                let extension = request.render.format.extension();
                (extension, vec![extension])
            }
            PathPurpose::Handout { format, .. } => {
                let extension = format.export_format().extension();
                (extension, vec![extension])
            }
            PathPurpose::ImportInstrument => (
                "Laws and bills (Markdown, text, DOCX, HTML, PDF)",
                vec!["md", "txt", "docx", "html", "htm", "pdf"],
            ),
            PathPurpose::ImplementationTable(format) => (format.name(), vec![format.extension()]),
        }
    }

    fn confirm_label(&self) -> &'static str {
        match self {
            PathPurpose::Open { .. } => "Open file",
            PathPurpose::SaveLayer(_) => "Save to file",
            PathPurpose::SaveCopy(_) => "Save the copy",
            PathPurpose::Export(_) => "Export to file",
            PathPurpose::OpenLesson => "Open lesson",
            PathPurpose::SaveLesson => "Save lesson",
            PathPurpose::Handout { .. } => "Print handout",
            PathPurpose::ImportInstrument => "Import file",
            PathPurpose::ImplementationTable(_) => "Export table",
        }
    }
}

/// The label of the path field (tests and screen readers find it by this name).
pub const PATH_FIELD_LABEL: &str = "File path";

struct Prompt {
    purpose: PathPurpose,
    title: String,
    reason: String,
    path: String,
    /// Why the path was refused (empty when it was not).
    problem: String,
    /// Focus the field on the first frame.
    focus: bool,
}

#[derive(Default)]
pub struct PathPrompt {
    prompt: Option<Prompt>,
    /// The purpose of the native dialog that is open, so a dialog that fails still ends here.
    pub waiting: Option<PathPurpose>,
}

impl PathPrompt {
    /// Asks for a path for `purpose`, saying why the native dialog is not used; `suggested` fills the
    /// field.
    pub fn open(&mut self, purpose: PathPurpose, title: String, reason: String, suggested: String) {
        self.prompt = Some(Prompt {
            purpose,
            title,
            reason,
            path: suggested,
            problem: String::new(),
            focus: true,
        });
    }

    pub fn is_open(&self) -> bool {
        self.prompt.is_some()
    }

    pub fn close(&mut self) {
        self.prompt = None;
    }

    pub fn ui(&mut self, ctx: &egui::Context, out: &mut Vec<AppCommand>) {
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        let mut open = true;
        let mut done = false;
        let title = prompt.title.clone();
        egui::Window::new(title.clone())
            .id(egui::Id::unique("path_prompt"))
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui: &mut Ui| {
                ui.label(&prompt.reason);
                let label = ui.label(PATH_FIELD_LABEL);
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut prompt.path)
                            .hint_text("/home/me/notes.ron")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut prompt.focus) {
                    response.request_focus();
                }
                // Enter confirms; leaving the field (Tab) does nothing.
                let entered =
                    response.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
                if !prompt.problem.is_empty() {
                    ui.label(egui::RichText::new(&prompt.problem).strong());
                }
                let mut confirm = entered;
                ui.horizontal(|ui| {
                    confirm |= ui.button(prompt.purpose.confirm_label()).clicked();
                    done |= ui.button("Cancel").clicked();
                });
                if confirm {
                    match checked_path(&prompt.path, &prompt.purpose) {
                        Ok(path) => {
                            out.push(prompt.purpose.command(path));
                            done = true;
                        }
                        Err(problem) => {
                            prompt.problem = problem;
                            response.request_focus();
                        }
                    }
                }
            });
        super::dialog_a11y(ctx, egui::Id::unique("path_prompt"), &title);
        if done || !open {
            self.prompt = None;
        }
    }
}

/// The typed path, with `~` expanded, if it can be used for `purpose`; else why not.
fn checked_path(typed: &str, purpose: &PathPurpose) -> Result<PathBuf, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("Type the path of a file.".to_owned());
    }
    let path = match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    };
    if purpose.opens() {
        // An import reads anything that is there (a FIFO, a device): the importer says why it refuses.
        let readable = path.is_file()
            || (*purpose == PathPurpose::ImportInstrument && path.exists() && !path.is_dir());
        return if readable {
            Ok(path)
        } else {
            Err(format!("There is no file at {}.", path.display()))
        };
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    match folder {
        Some(folder) if !folder.is_dir() => {
            Err(format!("There is no folder {}.", folder.display()))
        }
        _ if path.is_dir() => Err(format!("{} is a folder.", path.display())),
        _ => Ok(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked_before_they_are_used() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("notes.ron");
        std::fs::write(&file, "").expect("written");
        let open = PathPurpose::Open { read_only: false };
        assert_eq!(
            checked_path(&format!(" {} ", file.display()), &open),
            Ok(file.clone())
        );
        assert!(checked_path("", &open).is_err());
        let missing = dir.path().join("missing.ron");
        assert!(checked_path(&missing.display().to_string(), &open).is_err());
        let save = PathPurpose::SaveLayer(crate::document::DocumentId::fresh());
        assert_eq!(
            checked_path(&missing.display().to_string(), &save),
            Ok(missing.clone())
        );
        let nowhere = dir.path().join("no/such/folder/x.ron");
        assert!(checked_path(&nowhere.display().to_string(), &save).is_err());
        assert!(checked_path(&dir.path().display().to_string(), &save).is_err());
    }
}
