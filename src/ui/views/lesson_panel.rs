//! The lesson panel: open, save and close a lesson; add the pair on screen as a stop; the list of
//! stops, each selectable, movable up and down and removable; the current stop's note and question.
//! Every change is a [`LessonCommand`]; edits go through `Lesson::apply`, so they can be undone.

use egui::Ui;

use crate::lesson::{Lesson, LessonEdit, SHIPPED_LESSONS, Stop};
use crate::links::cited_pinpoints;
use crate::model::{Library, ProvisionId};
use crate::ui::command::AppCommand;
use crate::ui::lesson::{HandoutFormat, LessonCommand, LessonState};
use crate::ui::presentation::PresentCommand;
use crate::ui::shortcuts::{Action, hover};

/// Label of the button that adds what is on screen to the lesson.
pub const ADD_PAIR_LABEL: &str = "Add this pair to the lesson";
/// Labels of the current stop's fields.
pub const NOTE_LABEL: &str = "Teacher's note";
pub const QUESTION_LABEL: &str = "Question for the class";

/// What the panel shows.
pub struct LessonPanelInput<'a> {
    pub library: &'a Library,
    pub lessons: &'a LessonState,
    /// What "Add this pair to the lesson" would add, if anything is on screen.
    pub on_screen: Option<&'a Stop>,
}

/// Drafts of the panel's text fields, kept while the user types; they become edits when saved.
#[derive(Default)]
pub struct LessonPanel {
    stop: Option<StopDraft>,
    title: Option<TitleDraft>,
}

/// The current stop's note and question as being typed.
struct StopDraft {
    index: usize,
    /// The lesson revision the draft was taken from; a newer lesson (an undo, another stop) resets it.
    revision: u64,
    note: String,
    question: String,
}

struct TitleDraft {
    revision: u64,
    title: String,
    audience: String,
}

impl LessonPanel {
    pub fn ui(&mut self, ui: &mut Ui, input: &LessonPanelInput<'_>, out: &mut Vec<AppCommand>) {
        let mut asked = Vec::new();
        let title_left = self.panel_ui(ui, input, &mut asked);
        // The title and audience as typed become edits when their field loses the focus, and before
        // anything else the panel is asked (Save lesson, a handout, Present): a click in the frame of
        // the last keystrokes then sees every character, although the buttons are drawn first.
        if title_left || !asked.is_empty() {
            out.extend(self.typed_title_edits(input));
        }
        out.append(&mut asked);
    }

    /// The title and audience edits the fields hold and the lesson does not have yet.
    fn typed_title_edits(&self, input: &LessonPanelInput<'_>) -> Vec<AppCommand> {
        let (Some(doc), Some(draft)) = (&input.lessons.doc, &self.title) else {
            return Vec::new();
        };
        if draft.revision != doc.revision {
            return Vec::new();
        }
        let lesson = &doc.lesson;
        let mut edits = Vec::new();
        if draft.title != lesson.title {
            edits.push(LessonEdit::SetTitle(draft.title.clone()));
        }
        if draft.audience != lesson.audience {
            edits.push(LessonEdit::SetAudience(draft.audience.clone()));
        }
        edits
            .into_iter()
            .map(|edit| AppCommand::Lesson(LessonCommand::Edit(edit)))
            .collect()
    }

    /// The panel; true when the title or audience field lost the focus.
    fn panel_ui(
        &mut self,
        ui: &mut Ui,
        input: &LessonPanelInput<'_>,
        out: &mut Vec<AppCommand>,
    ) -> bool {
        ui.heading("Lesson");
        ui.horizontal_wrapped(|ui| file_buttons_ui(ui, input.lessons, out));
        if !input.lessons.message.is_empty() {
            ui.label(&input.lessons.message);
        }
        ui.separator();
        let add = ui
            .add_enabled(input.on_screen.is_some(), egui::Button::new(ADD_PAIR_LABEL))
            .on_hover_text(match input.on_screen {
                Some(stop) => format!(
                    "Adds a stop on {} (with the words selected in a pane as a highlight)",
                    stop_pinpoints(input.library, stop)
                ),
                None => "Select a provision or a pair first".to_owned(),
            })
            .on_disabled_hover_text("Select a provision or a pair first");
        if add.clicked() {
            out.push(AppCommand::Lesson(LessonCommand::AddFromScreen));
        }
        let Some(doc) = &input.lessons.doc else {
            ui.label("No lesson is open: start one by adding a pair, or open a lesson.");
            return false;
        };
        if let Some(reason) = &doc.read_only {
            ui.label(egui::RichText::new(format!("Read-only: {reason}")).small());
        }
        let title_left = self.title_ui(ui, &doc.lesson, doc.revision);
        ui.horizontal_wrapped(|ui| {
            // A button that does not fit moves to the next line whole ("Print handout" never breaks
            // inside a word in a narrow panel).
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            if ui
                .add_enabled(doc.can_undo(), egui::Button::new("Undo lesson edit"))
                .clicked()
            {
                out.push(AppCommand::Lesson(LessonCommand::Undo));
            }
            if ui
                .add_enabled(doc.can_redo(), egui::Button::new("Redo lesson edit"))
                .clicked()
            {
                out.push(AppCommand::Lesson(LessonCommand::Redo));
            }
            ui.add_enabled_ui(!doc.lesson.stops.is_empty(), |ui| {
                ui.menu_button("Print handout", |ui| {
                    for teacher in [false, true] {
                        for format in HandoutFormat::ALL {
                            let edition = if teacher {
                                "Teacher's edition"
                            } else {
                                "Student handout"
                            };
                            if ui
                                .button(format!("{edition} ({})…", format.name()))
                                .clicked()
                            {
                                out.push(AppCommand::Lesson(LessonCommand::ChooseHandoutFile {
                                    format,
                                    teacher,
                                }));
                                ui.close();
                            }
                        }
                    }
                });
            });
            if ui
                .add_enabled(
                    !doc.lesson.stops.is_empty(),
                    egui::Button::new("Present lesson"),
                )
                .on_hover_text(hover(ui, "From the current stop", Action::Present))
                .clicked()
            {
                out.push(AppCommand::Present(PresentCommand::Start));
            }
        });
        ui.separator();
        let count = doc.lesson.stops.len();
        ui.label(format!(
            "{count} {}{}",
            if count == 1 { "stop" } else { "stops" },
            if doc.dirty { " · unsaved" } else { "" }
        ));
        egui::ScrollArea::vertical()
            .id_salt("lesson_stops")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (index, stop) in doc.lesson.stops.iter().enumerate() {
                    self.stop_ui(ui, input, index, stop, doc.revision, out);
                }
            });
        title_left
    }

    /// The lesson's title and audience as typed; true when one of the fields lost the focus.
    fn title_ui(&mut self, ui: &mut Ui, lesson: &Lesson, revision: u64) -> bool {
        let draft = match &mut self.title {
            Some(draft) if draft.revision == revision => draft,
            slot => slot.insert(TitleDraft {
                revision,
                title: lesson.title.clone(),
                audience: lesson.audience.clone(),
            }),
        };
        let label = ui.label("Lesson title");
        let title = ui
            .add(egui::TextEdit::singleline(&mut draft.title).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        let label = ui.label("Audience");
        let audience = ui
            .add(egui::TextEdit::singleline(&mut draft.audience).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        title.lost_focus() || audience.lost_focus()
    }

    fn stop_ui(
        &mut self,
        ui: &mut Ui,
        input: &LessonPanelInput<'_>,
        index: usize,
        stop: &Stop,
        revision: u64,
        out: &mut Vec<AppCommand>,
    ) {
        let number = index + 1;
        let count = input.lessons.lesson().map_or(0, |l| l.stops.len());
        let current = input.lessons.current == index;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let title = format!("{number}. {}", stop_pinpoints(input.library, stop));
            if ui
                .selectable_label(current, title)
                .on_hover_text("Show this stop in the panes")
                .clicked()
            {
                out.push(AppCommand::Lesson(LessonCommand::GoToStop(index)));
            }
            if !current {
                let summary = match (stop.question.trim(), stop.note.trim()) {
                    ("", "") => "No note or question yet".to_owned(),
                    ("", note) => super::abbreviate(note, 90),
                    (question, _) => super::abbreviate(question, 90),
                };
                ui.label(egui::RichText::new(summary).small());
            }
            ui.horizontal_wrapped(|ui| {
                let edit = |edit| AppCommand::Lesson(LessonCommand::Edit(edit));
                if ui
                    .add_enabled(
                        index > 0,
                        egui::Button::new(format!("Move stop {number} up")).small(),
                    )
                    .clicked()
                {
                    out.push(edit(LessonEdit::Move {
                        from: index,
                        to: index - 1,
                    }));
                }
                if ui
                    .add_enabled(
                        number < count,
                        egui::Button::new(format!("Move stop {number} down")).small(),
                    )
                    .clicked()
                {
                    out.push(edit(LessonEdit::Move {
                        from: index,
                        to: index + 1,
                    }));
                }
                if ui.small_button(format!("Remove stop {number}")).clicked() {
                    out.push(edit(LessonEdit::Remove { index }));
                }
            });
            if current {
                self.current_stop_ui(ui, index, stop, revision, out);
            }
        });
    }

    /// The note and question of the current stop; "Save stop N" makes them one edit.
    fn current_stop_ui(
        &mut self,
        ui: &mut Ui,
        index: usize,
        stop: &Stop,
        revision: u64,
        out: &mut Vec<AppCommand>,
    ) {
        let draft = match &mut self.stop {
            Some(draft) if draft.index == index && draft.revision == revision => draft,
            slot => slot.insert(StopDraft {
                index,
                revision,
                note: stop.note.clone(),
                question: stop.question.clone(),
            }),
        };
        for highlight in &stop.highlights {
            ui.label(
                egui::RichText::new(format!(
                    "Highlight: “{}”",
                    super::abbreviate(&highlight.quote, 80)
                ))
                .small(),
            );
        }
        let label = ui.label(NOTE_LABEL);
        ui.add(
            egui::TextEdit::multiline(&mut draft.note)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let label = ui.label(QUESTION_LABEL);
        ui.add(
            egui::TextEdit::multiline(&mut draft.question)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let changed = draft.note != stop.note || draft.question != stop.question;
        let number = index + 1;
        if ui
            .add_enabled(changed, egui::Button::new(format!("Save stop {number}")))
            .clicked()
        {
            out.push(AppCommand::Lesson(LessonCommand::Edit(
                LessonEdit::Replace {
                    index,
                    stop: Stop {
                        note: draft.note.clone(),
                        question: draft.question.clone(),
                        ..stop.clone()
                    },
                },
            )));
        }
    }
}

fn file_buttons_ui(ui: &mut Ui, lessons: &LessonState, out: &mut Vec<AppCommand>) {
    let send = |command| AppCommand::Lesson(command);
    if ui.button("New lesson").clicked() {
        out.push(send(LessonCommand::New));
    }
    if ui
        .button("Open lesson…")
        .on_hover_text("Open a lesson file (RON)")
        .clicked()
    {
        out.push(send(LessonCommand::ChooseFile));
    }
    ui.menu_button("Shipped lessons", |ui| {
        for (index, (file, text)) in SHIPPED_LESSONS.iter().enumerate() {
            // The menu is drawn only while open: parsing two small files then costs nothing.
            let title = Lesson::parse(text, file).map_or_else(|_| (*file).to_owned(), |l| l.title);
            if ui.button(title).clicked() {
                out.push(send(LessonCommand::OpenShipped(index)));
                ui.close();
            }
        }
    });
    let Some(doc) = &lessons.doc else {
        return;
    };
    if ui
        .button("Save lesson")
        .on_hover_text(match &doc.path {
            Some(path) => format!("Save to {}", path.display()),
            None => "The lesson has no file yet: choose one".to_owned(),
        })
        .clicked()
    {
        out.push(send(LessonCommand::Save));
    }
    if ui.button("Save lesson as…").clicked() {
        out.push(send(LessonCommand::ChooseFileToSave));
    }
    if ui.button("Close lesson").clicked() {
        out.push(send(LessonCommand::Close));
    }
}

/// "UN Art. 24 and Budapest Art. 15": the provisions a stop names (its linked counterparts are added
/// when it is shown).
fn stop_pinpoints(library: &Library, stop: &Stop) -> String {
    let ids: Vec<ProvisionId> = std::iter::once(&stop.provision)
        .chain(stop.with.iter().flatten())
        .cloned()
        .collect();
    cited_pinpoints(library, &ids)
}
