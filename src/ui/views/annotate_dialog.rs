//! The Annotate dialog: a note on a provision or on words of it, new or being edited.

use crate::annotations::{Annotation, NoteDraft, Workspace};
use crate::document::DocumentId;
use crate::model::{Library, ProvisionId};
use crate::ui::command::AppCommand;

use crate::ui::edit::USER_LAYER_NAME;
use crate::ui::layer_names::layer_labels;
use crate::ui::scripts::{display_form, missing_font_notice};

use super::{arrow_keys_choose, split_tags};

const DEFAULT_COLOR: [u8; 3] = [255, 213, 79];

/// What the Layer drop-down shows when the note's layer was closed while the dialog was open.
const CLOSED_LAYER: &str = "(closed)";

/// The dialog's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotateDraft {
    pub provision: ProvisionId,
    /// Exact words from the provision; empty annotates the whole provision.
    pub quote: String,
    /// Where the quote was selected (byte offset in the provision text).
    pub quote_at: Option<usize>,
    pub note: String,
    /// Comma-separated.
    pub tags: String,
    pub color: [u8; 3],
    /// `None`: the user's layer, not made until Save (a cancelled dialog makes no layer).
    pub layer: Option<DocumentId>,
    /// Set when editing an existing annotation (its ID).
    pub editing: Option<String>,
}

impl AnnotateDraft {
    /// A new note on `provision` (or on `quote` in it, selected at `quote_at`).
    pub fn new(
        provision: ProvisionId,
        quote: String,
        quote_at: Option<usize>,
        layer: Option<DocumentId>,
    ) -> AnnotateDraft {
        AnnotateDraft {
            provision,
            quote,
            quote_at,
            note: String::new(),
            tags: String::new(),
            color: DEFAULT_COLOR,
            layer,
            editing: None,
        }
    }

    /// The fields of an existing note of `layer`.
    pub fn of(annotation: &Annotation, layer: Option<DocumentId>) -> AnnotateDraft {
        let anchor = &annotation.anchor;
        AnnotateDraft {
            note: annotation.note.clone(),
            tags: annotation.tags.join(", "),
            color: annotation
                .color
                .as_deref()
                .and_then(parse_color)
                .unwrap_or(DEFAULT_COLOR),
            editing: Some(annotation.id.clone()),
            ..AnnotateDraft::new(anchor.provision.clone(), anchor.quote.clone(), None, layer)
        }
    }

    fn command(&self) -> AppCommand {
        let [r, g, b] = self.color;
        AppCommand::SaveAnnotation {
            layer: self.layer,
            editing: self.editing.clone(),
            draft: NoteDraft {
                provision: self.provision.clone(),
                quote: self.quote.clone(),
                quote_at: self.quote_at,
                note: self.note.clone(),
                tags: split_tags(&self.tags),
                color: Some(format!("#{r:02x}{g:02x}{b:02x}")),
            },
        }
    }
}

/// "#rrggbb" → [r, g, b].
fn parse_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    let channel = |at: usize| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok();
    (hex.len() == 6).then_some([channel(0)?, channel(2)?, channel(4)?])
}

#[derive(Default)]
pub struct AnnotateDialog {
    draft: Option<AnnotateDraft>,
    /// Why the last save was refused.
    error: String,
    /// Put the keyboard in the Note field on the dialog's first frame.
    focus_note: bool,
}

impl AnnotateDialog {
    pub fn open(&mut self, draft: AnnotateDraft) {
        self.draft = Some(draft);
        self.error.clear();
        self.focus_note = true;
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

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        library: &Library,
        workspace: &Workspace,
        out: &mut Vec<AppCommand>,
    ) {
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        let Some(provision) = library.get(&draft.provision) else {
            self.close();
            return;
        };
        let mut open = true;
        let mut cancel = false;
        let error = &self.error;
        let focus_note = std::mem::take(&mut self.focus_note);
        egui::Window::new(format!("Annotate {}", provision.pinpoint))
            .id(egui::Id::unique("annotate_dialog"))
            .open(&mut open)
            .default_size([520.0, 420.0])
            .show(ctx, |ui| {
                // Enter in a one-line field, or Ctrl+Enter anywhere, saves; leaving a field does not.
                let mut entered = fields_ui(ui, draft, &provision.text, workspace, focus_note);
                entered |= ui.input_mut(|input| {
                    input.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter)
                });
                if draft
                    .layer
                    .is_some_and(|layer| workspace.layer(layer).is_none())
                {
                    ui.label(
                        egui::RichText::new(
                            "The layer this note was for was closed: choose another layer \
                             (nothing is saved into a closed layer).",
                        )
                        .strong(),
                    );
                }
                if !error.is_empty() {
                    ui.label(egui::RichText::new(format!("Not saved: {error}")).strong());
                }
                let quote_found =
                    draft.quote.trim().is_empty() || provision.text.contains(draft.quote.as_str());
                ui.horizontal(|ui| {
                    let save = ui
                        .add_enabled(quote_found, egui::Button::new("Save annotation"))
                        .on_hover_text("Enter in a one-line field, or Ctrl+Enter")
                        .clicked();
                    if quote_found && (save || entered) {
                        out.push(draft.command());
                    }
                    cancel = ui.button("Cancel").clicked();
                });
            });
        super::dialog_a11y(
            ctx,
            egui::Id::unique("annotate_dialog"),
            &format!("Annotate {}", provision.pinpoint),
        );
        if !open || cancel {
            self.close();
        }
    }
}

/// The dialog's fields; true when Enter was pressed in a one-line field.
fn fields_ui(
    ui: &mut egui::Ui,
    draft: &mut AnnotateDraft,
    text: &str,
    workspace: &Workspace,
    focus_note: bool,
) -> bool {
    let enter = |ui: &egui::Ui, response: &egui::Response| {
        response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
    };
    ui.label("Select words in the text to quote them, or type them below. An empty quote annotates the whole provision.");
    let mut shown = text;
    let output = egui::TextEdit::multiline(&mut shown)
        .desired_rows(4)
        .desired_width(f32::INFINITY)
        .show(ui);
    if let Some(range) = output.cursor_range {
        let (a, b) = (range.primary.index.0, range.secondary.index.0);
        if a != b {
            let (start, end) = (a.min(b), a.max(b));
            draft.quote = text.chars().skip(start).take(end - start).collect();
            draft.quote_at = text.char_indices().nth(start).map(|(byte, _)| byte);
        }
    }
    let quote_label = ui.label("Quote (exact words from the provision)");
    let quote = ui
        .add(egui::TextEdit::singleline(&mut draft.quote).desired_width(f32::INFINITY))
        .labelled_by(quote_label.id);
    let mut entered = enter(ui, &quote);
    if !draft.quote.trim().is_empty() && !text.contains(draft.quote.as_str()) {
        ui.label(egui::RichText::new("These words are not in the provision's text.").strong());
    }
    let note_label = ui.label("Note");
    let note = ui
        .add(
            egui::TextEdit::multiline(&mut draft.note)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(note_label.id);
    if focus_note {
        note.request_focus();
    }
    // The stored words stay as typed; Arabic is shown joined and right to left as the window draws it.
    let shown = display_form(&draft.note);
    if shown != draft.note.as_str() {
        ui.label(format!("Shown as: {shown}"));
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    if let Some(notice) = missing_font_notice(ui.ctx(), &font, &shown) {
        ui.label(egui::RichText::new(notice).small().italics());
    }
    let tags_label = ui.label("Tags (comma-separated, e.g. safeguard/proportionality)");
    let tags = ui
        .add(egui::TextEdit::singleline(&mut draft.tags).desired_width(f32::INFINITY))
        .labelled_by(tags_label.id);
    entered |= enter(ui, &tags);
    ui.horizontal(|ui| {
        ui.label("Colour");
        ui.color_edit_button_srgb(&mut draft.color)
            .on_hover_text("Annotation colour");
        let names = layer_labels(&workspace.layers);
        let editable: Vec<(DocumentId, &str)> = workspace
            .layers
            .iter()
            .zip(&names)
            .filter(|(layer, _)| layer.is_editable())
            .map(|(layer, name)| (layer.id, name.as_str()))
            .collect();
        // Without an editable layer, the note goes to the user's layer, made when it is saved.
        let shown = match draft.layer {
            None => USER_LAYER_NAME,
            Some(layer) => (editable.iter())
                .find(|(id, _)| *id == layer)
                .map_or(CLOSED_LAYER, |(_, name)| *name),
        };
        let combo = egui::ComboBox::new("annotate_layer", "Layer")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (id, name) in &editable {
                    ui.selectable_value(&mut draft.layer, Some(*id), *name);
                }
            });
        let ids: Vec<Option<DocumentId>> = editable.iter().map(|(id, _)| Some(*id)).collect();
        let now = draft.layer;
        arrow_keys_choose(ui, &combo.response, &ids, |id| *id == now, &mut draft.layer);
    });
    entered
}

#[cfg(test)]
mod tests {
    use super::parse_color;

    #[test]
    fn colours_read_back_as_they_are_written() {
        assert_eq!(parse_color("#ffd54f"), Some([255, 213, 79]));
        assert_eq!(parse_color("ffd54f"), None);
        assert_eq!(parse_color("#ffd5"), None);
        assert_eq!(parse_color("#ééé"), None);
    }
}
