//! The Questions panel: the questions of the visible layers; the chosen one shows its question, both
//! answers, what neither treaty provides and its evidence, and steps the panes through the provisions
//! it cites. In an editable layer a question is written here (title, question, answers, findings of
//! absence), cites the selected provision and takes the selected words as evidence; every change is
//! a command to the app, and so an undoable edit.

use egui::Ui;

use crate::annotations::{Question, QuestionDraft, Workspace};
use crate::document::DocumentId;
use crate::model::{Library, ProvisionId, Side};
use crate::ui::command::{AppCommand, QuestionCommand};

/// What the panel shows.
pub struct QuestionsInput<'a> {
    pub library: &'a Library,
    pub workspace: &'a Workspace,
    pub message: &'a str,
}

/// The chosen question (by layer and ID), the citation the panes were last sent to, and the draft
/// of an editable question.
#[derive(Default)]
pub struct QuestionsPanel {
    pub chosen: Option<(DocumentId, String)>,
    step: Option<usize>,
    draft: Option<((DocumentId, String), QuestionDraft)>,
}

impl QuestionsPanel {
    /// Chooses question `id` of `layer` (a new question is chosen as soon as it is made).
    pub fn choose(&mut self, layer: DocumentId, id: &str) {
        self.chosen = Some((layer, id.to_owned()));
        self.step = None;
        self.draft = None;
    }

    pub fn ui(&mut self, ui: &mut Ui, input: &QuestionsInput<'_>, out: &mut Vec<AppCommand>) {
        ui.heading("Questions");
        if ui
            .button("New question")
            .on_hover_text("A question in your first editable layer")
            .clicked()
        {
            out.push(AppCommand::Question(QuestionCommand::New));
        }
        if !input.message.is_empty() {
            ui.label(input.message);
        }
        let questions = input.workspace.visible_questions();
        egui::ScrollArea::vertical()
            .id_salt("questions_list")
            .max_height(ui.available_height() * 0.3)
            .show(ui, |ui| {
                for (layer, question) in &questions {
                    let chosen = self.chosen.as_ref() == Some(&(*layer, question.id.clone()));
                    let title = if question.title.is_empty() {
                        question.id.as_str()
                    } else {
                        question.title.as_str()
                    };
                    if ui.selectable_label(chosen, title).clicked() && !chosen {
                        self.choose(*layer, &question.id);
                    }
                }
            });
        ui.separator();
        let Some((layer, id)) = self.chosen.clone() else {
            ui.label("Choose a question to see its answers.");
            return;
        };
        let Some(question) = questions
            .iter()
            .find(|(l, q)| *l == layer && q.id == id)
            .map(|(_, q)| *q)
        else {
            ui.label("The question is no longer in a visible layer.");
            return;
        };
        let editable = input
            .workspace
            .layer(layer)
            .is_some_and(|l| l.is_editable());
        // The buttons stay above the question's words, so they are on screen however long it is.
        self.steps_ui(ui, question, out);
        if editable {
            edit_buttons_ui(ui, layer, question, out);
        }
        egui::ScrollArea::vertical()
            .id_salt("question_detail")
            .show(ui, |ui| {
                if editable {
                    self.editor_ui(ui, layer, question, out);
                } else {
                    question_ui(ui, question);
                }
                citations_ui(ui, input.library, question);
            });
    }

    /// The fields of an editable question, saved as one edit.
    fn editor_ui(
        &mut self,
        ui: &mut Ui,
        layer: DocumentId,
        question: &Question,
        out: &mut Vec<AppCommand>,
    ) {
        let key = (layer, question.id.clone());
        if self.draft.as_ref().is_none_or(|(k, _)| *k != key) {
            self.draft = Some((key.clone(), QuestionDraft::of(question)));
        }
        let Some((_, draft)) = self.draft.as_mut() else {
            return;
        };
        field_ui(ui, "Title", &mut draft.title, false);
        field_ui(ui, "Question", &mut draft.question, true);
        field_ui(ui, "UN answer", &mut draft.answers.revision, true);
        field_ui(ui, "Budapest answer", &mut draft.answers.base, true);
        field_ui(
            ui,
            "In neither treaty (one per line)",
            &mut draft.absent,
            true,
        );
        let changed = *draft != QuestionDraft::of(question);
        if ui
            .add_enabled(changed, egui::Button::new("Save question"))
            .clicked()
        {
            out.push(AppCommand::Question(QuestionCommand::Save {
                layer,
                id: question.id.clone(),
                draft: draft.clone(),
            }));
        }
    }

    /// Previous / Next citation: the panes go to each provision the question draws on in turn.
    fn steps_ui(&mut self, ui: &mut Ui, question: &Question, out: &mut Vec<AppCommand>) {
        let steps = steps_of(question);
        if steps.is_empty() {
            return;
        }
        let at = self.step.map_or(String::new(), |step| {
            format!("{} of {}", step + 1, steps.len())
        });
        let last = steps.len() - 1;
        let mut chosen = None;
        ui.horizontal(|ui| {
            if ui.button("Previous citation").clicked() {
                chosen = Some(self.step.map_or(last, |s| s.checked_sub(1).unwrap_or(last)));
            }
            if ui.button("Next citation").clicked() {
                chosen = Some(self.step.map_or(0, |s| if s >= last { 0 } else { s + 1 }));
            }
            ui.label(at);
        });
        if let Some(step) = chosen {
            self.step = Some(step);
            if let Some(id) = steps.get(step) {
                out.push(AppCommand::GoTo(id.clone()));
            }
        }
    }
}

/// What the question cites on each side, and its evidence.
fn citations_ui(ui: &mut Ui, library: &Library, question: &Question) {
    for key in Side::ALL {
        let cited: Vec<String> = question.cites[key]
            .iter()
            .map(|id| crate::links::cited_pinpoints(library, std::slice::from_ref(id)))
            .collect();
        // A question cites the two treaties (its `cites` are theirs, whatever the panes show).
        let side = crate::model::shipped::citation_label(key);
        let list = if cited.is_empty() {
            "nothing".to_owned()
        } else {
            cited.join("; ")
        };
        ui.label(format!("{side} cites: {list}"));
    }
    if !question.evidence.is_empty() {
        ui.strong("Evidence");
        for evidence in &question.evidence {
            let pinpoint =
                crate::links::cited_pinpoints(library, std::slice::from_ref(&evidence.provision));
            ui.label(format!("{pinpoint}: “{}”", evidence.quote));
        }
    }
}

/// The provisions the panes step through: the UN end of each crosswalk link the question draws on
/// (pair view brings its counterpart level with it), else each cited provision, UN first.
fn steps_of(question: &Question) -> Vec<ProvisionId> {
    if question.links.is_empty() {
        question.cited().cloned().collect()
    } else {
        question
            .links
            .iter()
            .map(|link| link.revision.clone())
            .collect()
    }
}

/// A read-only question: the question, both answers, the findings of absence.
fn question_ui(ui: &mut Ui, question: &Question) {
    ui.strong(&question.title);
    ui.label(&question.question);
    ui.strong("UN Convention");
    ui.label(&question.answers.revision);
    ui.strong("Budapest Convention");
    ui.label(&question.answers.base);
    if !question.absent.is_empty() {
        ui.strong("In neither treaty");
        for finding in &question.absent {
            ui.label(format!("• {finding}"));
        }
    }
}

fn field_ui(ui: &mut Ui, label: &str, text: &mut String, multiline: bool) {
    let label = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(text)
    };
    ui.add(edit.desired_width(f32::INFINITY))
        .labelled_by(label.id);
}

/// Citing the selected provision, taking the selected words as evidence, deleting.
fn edit_buttons_ui(ui: &mut Ui, layer: DocumentId, question: &Question, out: &mut Vec<AppCommand>) {
    let id = question.id.clone();
    ui.horizontal_wrapped(|ui| {
        if ui.button("Cite selected provision").clicked() {
            out.push(AppCommand::Question(QuestionCommand::CiteSelection {
                layer,
                id: id.clone(),
            }));
        }
        if ui.button("Add selected words as evidence").clicked() {
            out.push(AppCommand::Question(
                QuestionCommand::AddEvidenceFromSelection {
                    layer,
                    id: id.clone(),
                },
            ));
        }
        if ui.button("Delete question").clicked() {
            out.push(AppCommand::Question(QuestionCommand::Delete {
                layer,
                id: id.clone(),
            }));
        }
    });
}
