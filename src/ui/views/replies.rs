//! A note's thread in the annotations panel: its replies (from its own layer and from the layers that
//! keep replies to it), and a box to reply.

use egui::Ui;

use crate::annotations::Workspace;
use crate::document::DocumentId;
use crate::ui::command::AppCommand;
use crate::ui::layer_names::label_of;

use super::note_text::{ShownNotes, note_text_ui};

/// The reply being written, if any (one at a time).
#[derive(Default)]
pub struct ReplyBox {
    /// The note replied to: its layer and ID.
    open: Option<(DocumentId, String)>,
    text: String,
}

/// Whose thread is drawn, and where a reply to it is kept.
pub struct ThreadInput<'a> {
    pub workspace: &'a Workspace,
    /// The layers' names as the window shows them (unique).
    pub names: &'a [String],
    /// The note's layer and ID.
    pub layer: DocumentId,
    pub id: &'a str,
    /// The note as the window names it: "the note by Teacher on UN Art. 24(1)".
    pub about: &'a str,
    /// The layer a reply would be kept in (`None`: a new layer of the user's).
    pub into: Option<DocumentId>,
}

/// Label of the reply field.
pub const REPLY_FIELD_LABEL: &str = "Your reply";

impl ReplyBox {
    /// The note's thread (each reply in its display form) and its Reply button.
    pub fn thread_ui(
        &mut self,
        ui: &mut Ui,
        input: &ThreadInput<'_>,
        shown: &mut ShownNotes,
        out: &mut Vec<AppCommand>,
    ) {
        let ThreadInput {
            workspace,
            names,
            layer,
            id,
            about,
            into,
        } = *input;
        let name_of = |layer: DocumentId| label_of(workspace, names, layer);
        let thread = workspace.thread(layer, id);
        if !thread.is_empty() {
            ui.label(
                egui::RichText::new(format!("Replies to {about}"))
                    .small()
                    .strong(),
            );
        }
        for item in &thread {
            let reply = &item.reply;
            let author = if reply.author.is_empty() {
                "Someone"
            } else {
                &reply.author
            };
            let when = reply.created.replace('T', " ").replace('Z', " UTC");
            let mut heading = format!("Reply by {author} · {when}");
            if item.stored_in != layer {
                heading.push_str(&format!(" · in “{}”", name_of(item.stored_in)));
            }
            ui.indent(("reply", layer, id, &reply.created), |ui| {
                ui.label(egui::RichText::new(heading).small());
                note_text_ui(ui, shown, &reply.note);
            });
        }
        let replying = self
            .open
            .as_ref()
            .is_some_and(|(l, open_id)| *l == layer && open_id == id);
        if !replying {
            let kept = match into.filter(|&into| workspace.layer(into).is_some()) {
                Some(into) if into == layer => {
                    format!("The reply is kept in “{}”", name_of(into))
                }
                Some(into) => format!(
                    "This layer is read-only: the reply is kept in your layer “{}”",
                    name_of(into)
                ),
                None => "The reply is kept in a new layer of yours".to_owned(),
            };
            if ui
                .small_button(format!("Reply to {about}"))
                .on_hover_text(kept)
                .clicked()
            {
                self.open = Some((layer, id.to_owned()));
                self.text.clear();
            }
            return;
        }
        let label = ui.label(REPLY_FIELD_LABEL);
        ui.add(
            egui::TextEdit::multiline(&mut self.text)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !self.text.trim().is_empty(),
                    egui::Button::new("Send reply"),
                )
                .clicked()
            {
                out.push(AppCommand::Reply {
                    layer,
                    id: id.to_owned(),
                    note: std::mem::take(&mut self.text),
                });
                self.open = None;
            }
            if ui.button("Cancel reply").clicked() {
                self.open = None;
                self.text.clear();
            }
        });
    }
}
