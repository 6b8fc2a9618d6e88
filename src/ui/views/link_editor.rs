//! The link editor: relation, note and tags of a user link, and its direction, stated in words.

use crate::annotations::{LinkAnnotation, LinkChange, LinkRelation};
use crate::document::DocumentId;
use crate::links::user_link_statement;
use crate::model::{Library, ProvisionId};
use crate::ui::command::AppCommand;

use super::{chosen_relation, relation_ui, split_tags};

struct Draft {
    layer: DocumentId,
    id: String,
    /// The ends as stored, subject first.
    ends: Vec<ProvisionId>,
    relation: LinkRelation,
    custom_label: String,
    note: String,
    tags: String,
    reverse: bool,
}

#[derive(Default)]
pub struct LinkEditor {
    draft: Option<Draft>,
    /// Why the last save was refused.
    error: String,
}

impl LinkEditor {
    /// Edits `link` of layer `layer`.
    pub fn open(&mut self, layer: DocumentId, link: &LinkAnnotation) {
        let custom_label = match &link.relation {
            LinkRelation::Custom(label) => label.clone(),
            _ => String::new(),
        };
        self.draft = Some(Draft {
            layer,
            id: link.id.clone(),
            ends: link.ends.iter().map(|end| end.provision.clone()).collect(),
            relation: link.relation.clone(),
            custom_label,
            note: link.note.clone(),
            tags: link.tags.join(", "),
            reverse: false,
        });
        self.error.clear();
    }

    pub fn close(&mut self) {
        self.draft = None;
        self.error.clear();
    }

    pub fn is_open(&self) -> bool {
        self.draft.is_some()
    }

    pub fn refuse(&mut self, reason: String) {
        self.error = reason;
    }

    pub fn ui(&mut self, ctx: &egui::Context, library: &Library, out: &mut Vec<AppCommand>) {
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        let mut open = true;
        let mut cancel = false;
        let error = &self.error;
        egui::Window::new("Edit link")
            .id(egui::Id::unique("link_editor"))
            .open(&mut open)
            .default_size([520.0, 320.0])
            .show(ctx, |ui| {
                let mut ends = draft.ends.clone();
                if draft.reverse {
                    ends.reverse();
                }
                let relation = chosen_relation(&draft.relation, &draft.custom_label);
                ui.horizontal_wrapped(|ui| {
                    let statement = user_link_statement(library, &relation, &ends);
                    ui.label(egui::RichText::new(statement).strong());
                    if ui
                        .add_enabled(ends.len() == 2, egui::Button::new("Swap direction"))
                        .on_hover_text("Make the other provision the subject of the relation")
                        .clicked()
                    {
                        draft.reverse = !draft.reverse;
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    relation_ui(
                        ui,
                        "edit_link_relation",
                        &mut draft.relation,
                        &mut draft.custom_label,
                    );
                });
                let note_label = ui.label("Note of the link");
                ui.add(
                    egui::TextEdit::multiline(&mut draft.note)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(note_label.id);
                let tags_label = ui.label("Tags of the link (comma-separated)");
                let tags = ui
                    .add(egui::TextEdit::singleline(&mut draft.tags).desired_width(f32::INFINITY))
                    .labelled_by(tags_label.id);
                // Enter in the tags, or Ctrl+Enter anywhere, saves; leaving a field does not.
                let entered = (tags.lost_focus()
                    && ui.input(|input| input.key_pressed(egui::Key::Enter)))
                    || ui.input_mut(|input| {
                        input.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter)
                    });
                if !error.is_empty() {
                    ui.label(egui::RichText::new(format!("Not saved: {error}")).strong());
                }
                ui.horizontal(|ui| {
                    let labelled =
                        !matches!(&relation, LinkRelation::Custom(label) if label.is_empty());
                    let save = ui
                        .add_enabled(labelled, egui::Button::new("Save link"))
                        .on_hover_text("Enter in the tags, or Ctrl+Enter")
                        .clicked();
                    if labelled && (save || entered) {
                        out.push(AppCommand::UpdateLink {
                            layer: draft.layer,
                            id: draft.id.clone(),
                            change: LinkChange {
                                relation,
                                note: draft.note.trim().to_owned(),
                                tags: split_tags(&draft.tags),
                                reverse: draft.reverse,
                            },
                        });
                    }
                    cancel = ui.button("Cancel").clicked();
                });
            });
        super::dialog_a11y(ctx, egui::Id::unique("link_editor"), "Edit link");
        if !open || cancel {
            self.close();
        }
    }
}
