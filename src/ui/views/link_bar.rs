//! The "Link to…" bar: shown while a link is being made. It states the link's direction in words
//! before the link exists ("UN Art. 24(1) is a safeguard for UN Art. 28 — Swap direction").

use egui::Ui;

use crate::annotations::{LinkDraft, LinkRelation};
use crate::document::DocumentId;
use crate::links::user_link_statement;
use crate::model::{Library, ProvisionId};
use crate::ui::command::AppCommand;
use crate::ui::shortcuts::{Action, hover};

use super::{chosen_relation, relation_ui, split_tags};

/// A link being made: from the provision selected when "Link to…" was pressed.
struct Draft {
    from: ProvisionId,
    relation: LinkRelation,
    custom_label: String,
    note: String,
    tags: String,
    /// The other provision is the subject ("Art. 28 … for Art. 24") instead of `from`.
    swapped: bool,
    /// `None`: the user's layer, made when the link is (not before: a cancelled link makes none).
    layer: Option<DocumentId>,
}

#[derive(Default)]
pub struct LinkBar {
    draft: Option<Draft>,
}

impl LinkBar {
    /// Starts a link from `from` into `layer` (`None`: the user's layer, not made yet).
    pub fn start(&mut self, from: ProvisionId, layer: Option<DocumentId>) {
        self.draft = Some(Draft {
            from,
            relation: LinkRelation::Corresponds,
            custom_label: String::new(),
            note: String::new(),
            tags: String::new(),
            swapped: false,
            layer,
        });
    }

    pub fn cancel(&mut self) {
        self.draft = None;
    }

    pub fn is_active(&self) -> bool {
        self.draft.is_some()
    }

    /// The command that makes the link to `selected`, closing the bar; `None` (and the bar stays) when
    /// no other provision is selected or a custom relation has no label yet.
    pub fn finish(&mut self, selected: Option<&ProvisionId>) -> Option<AppCommand> {
        let draft = self.draft.as_ref()?;
        let target = selected.filter(|id| **id != draft.from)?.clone();
        let command = draft.command(target)?;
        self.draft = None;
        Some(command)
    }

    /// Draws the bar while a link is being made; `selected` is the provision selected now. Enter in
    /// its fields makes the link; leaving a field (Tab) never does.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        library: &Library,
        selected: Option<&ProvisionId>,
        out: &mut Vec<AppCommand>,
    ) {
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        let from = library
            .get(&draft.from)
            .map_or(draft.from.to_string(), |p| p.pinpoint.clone());
        let mut entered = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Linking from {from}: select the other provision, then"
            ));
            relation_ui(
                ui,
                "link_relation",
                &mut draft.relation,
                &mut draft.custom_label,
            );
            let enter = |ui: &Ui, response: &egui::Response| {
                response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
            };
            let note_label = ui.label("Link note");
            let note = ui
                .add(egui::TextEdit::singleline(&mut draft.note).desired_width(200.0))
                .labelled_by(note_label.id);
            entered |= enter(ui, &note);
            let tags_label = ui.label("Link tags");
            let tags = ui
                .add(egui::TextEdit::singleline(&mut draft.tags).desired_width(140.0))
                .labelled_by(tags_label.id);
            entered |= enter(ui, &tags);
        });
        let target = selected.filter(|id| **id != draft.from).cloned();
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            let Some(target) = target else {
                ui.label("Select the provision to link to, in either pane (then Create link, Enter or Ctrl+L).");
                close = ui.button("Cancel link").clicked();
                return;
            };
            let ends = draft.ends(target.clone());
            let relation = chosen_relation(&draft.relation, &draft.custom_label);
            ui.label(egui::RichText::new(user_link_statement(library, &relation, &ends)).strong());
            if ui
                .button("Swap direction")
                .on_hover_text("Make the other provision the subject of the relation")
                .clicked()
            {
                draft.swapped = !draft.swapped;
            }
            let command = draft.command(target);
            let create = ui
                .add_enabled(command.is_some(), egui::Button::new("Create link"))
                .on_hover_text(hover(ui, "Make the link", Action::Link))
                .clicked();
            if let Some(command) = command.filter(|_| create || entered) {
                out.push(command);
                close = true;
            }
            if ui.button("Cancel link").on_hover_text("Escape").clicked() {
                close = true;
            }
        });
        if close {
            self.draft = None;
        }
    }
}

impl Draft {
    /// The ends in the stated order, the subject first.
    fn ends(&self, target: ProvisionId) -> Vec<ProvisionId> {
        if self.swapped {
            vec![target, self.from.clone()]
        } else {
            vec![self.from.clone(), target]
        }
    }

    /// The command that makes this link to `target`; none while a custom relation has no label.
    fn command(&self, target: ProvisionId) -> Option<AppCommand> {
        let relation = chosen_relation(&self.relation, &self.custom_label);
        if matches!(&relation, LinkRelation::Custom(label) if label.is_empty()) {
            return None;
        }
        Some(AppCommand::CreateLink {
            layer: self.layer,
            draft: LinkDraft {
                ends: self.ends(target),
                relation,
                note: self.note.trim().to_owned(),
                tags: split_tags(&self.tags),
            },
        })
    }
}
