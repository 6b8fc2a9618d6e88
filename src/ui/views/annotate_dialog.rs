//! The Annotate dialog: a note on a provision or on words of it, new or being edited.

use crate::annotations::{Annotation, NoteDraft, Workspace};
use crate::model::{Library, ProvisionId};
use crate::ui::command::AppCommand;

use super::split_tags;

const DEFAULT_COLOR: [u8; 3] = [255, 213, 79];

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
    pub layer: usize,
    /// Set when editing an existing annotation (its ID).
    pub editing: Option<String>,
}

impl AnnotateDraft {
    /// A new note on `provision` (or on `quote` in it, selected at `quote_at`).
    pub fn new(
        provision: ProvisionId,
        quote: String,
        quote_at: Option<usize>,
        layer: usize,
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
    pub fn of(annotation: &Annotation, layer: usize) -> AnnotateDraft {
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
}

impl AnnotateDialog {
    pub fn open(&mut self, draft: AnnotateDraft) {
        self.draft = Some(draft);
        self.error.clear();
    }

    pub fn close(&mut self) {
        self.draft = None;
        self.error.clear();
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
        egui::Window::new(format!("Annotate {}", provision.pinpoint))
            .id(egui::Id::unique("annotate_dialog"))
            .open(&mut open)
            .default_size([520.0, 420.0])
            .show(ctx, |ui| {
                fields_ui(ui, draft, &provision.text, workspace);
                if !error.is_empty() {
                    ui.label(egui::RichText::new(format!("Not saved: {error}")).strong());
                }
                let quote_found =
                    draft.quote.trim().is_empty() || provision.text.contains(draft.quote.as_str());
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(quote_found, egui::Button::new("Save annotation"))
                        .clicked()
                    {
                        out.push(draft.command());
                    }
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if !open || cancel {
            self.close();
        }
    }
}

fn fields_ui(ui: &mut egui::Ui, draft: &mut AnnotateDraft, text: &str, workspace: &Workspace) {
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
    ui.add(egui::TextEdit::singleline(&mut draft.quote).desired_width(f32::INFINITY))
        .labelled_by(quote_label.id);
    if !draft.quote.trim().is_empty() && !text.contains(draft.quote.as_str()) {
        ui.label(egui::RichText::new("These words are not in the provision's text.").strong());
    }
    let note_label = ui.label("Note");
    ui.add(
        egui::TextEdit::multiline(&mut draft.note)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(note_label.id);
    let tags_label = ui.label("Tags (comma-separated, e.g. safeguard/proportionality)");
    ui.add(egui::TextEdit::singleline(&mut draft.tags).desired_width(f32::INFINITY))
        .labelled_by(tags_label.id);
    ui.horizontal(|ui| {
        ui.label("Colour");
        ui.color_edit_button_srgb(&mut draft.color)
            .on_hover_text("Annotation colour");
        let editable: Vec<(usize, &str)> = workspace
            .layers
            .iter()
            .enumerate()
            .filter(|(_, layer)| !layer.read_only)
            .map(|(index, layer)| (index, layer.name()))
            .collect();
        egui::ComboBox::new("annotate_layer", "Layer")
            .selected_text(
                editable
                    .iter()
                    .find(|(index, _)| *index == draft.layer)
                    .map_or("?", |(_, name)| *name),
            )
            .show_ui(ui, |ui| {
                for (index, name) in &editable {
                    ui.selectable_value(&mut draft.layer, *index, *name);
                }
            });
    });
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
