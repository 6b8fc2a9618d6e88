//! The bars, panels and windows of the window. Each draws from what it is given and returns
//! [`AppCommand`](super::command::AppCommand)s; none changes the app or the workspace itself.

pub mod about_windows;
pub mod annotate_dialog;
pub mod annotations_panel;
pub mod disk_prompt;
pub mod export_window;
pub mod inline_view;
pub mod lesson_panel;
pub mod link_bar;
pub mod link_editor;
pub mod matrix_window;
pub mod outline;
pub mod pair_bar;
pub mod panes;
pub mod presentation;
pub mod recovery_window;
pub mod replies;
pub mod selection_bar;
pub mod shortcuts_window;
pub mod toolbar;
pub mod unsaved_prompt;

use crate::annotations::LinkRelation;

/// The state the views keep between frames (drafts, filters, open windows).
#[derive(Default)]
pub struct Views {
    pub toolbar: toolbar::Toolbar,
    pub link_bar: link_bar::LinkBar,
    pub annotations: annotations_panel::AnnotationsPanel,
    pub annotate: annotate_dialog::AnnotateDialog,
    pub link_editor: link_editor::LinkEditor,
    pub matrix: matrix_window::MatrixWindow,
    pub export: export_window::ExportWindow,
    pub about: about_windows::AboutWindows,
    pub shortcuts: shortcuts_window::ShortcutsWindow,
    pub unsaved: unsaved_prompt::UnsavedPrompt,
    pub disk: disk_prompt::DiskPrompt,
    pub recovery: recovery_window::RecoveryWindow,
    pub lesson: lesson_panel::LessonPanel,
}

/// The relations offered where links are made and edited, in this order.
pub(crate) fn relation_choices() -> [LinkRelation; 7] {
    [
        LinkRelation::Corresponds,
        LinkRelation::SafeguardFor,
        LinkRelation::Limits,
        LinkRelation::Expands,
        LinkRelation::Contradicts,
        LinkRelation::SeeAlso,
        LinkRelation::Custom(String::new()),
    ]
}

/// The name of a relation in a choice list.
pub(crate) fn relation_label(relation: &LinkRelation) -> String {
    match relation {
        LinkRelation::Custom(_) => "Other (your label)".to_owned(),
        other => other.to_string(),
    }
}

/// A relation combo box with a field for the label of a custom relation; `id` keeps two boxes apart.
pub(crate) fn relation_ui(
    ui: &mut egui::Ui,
    id: &str,
    relation: &mut LinkRelation,
    custom_label: &mut String,
) {
    egui::ComboBox::new(id, "Relation")
        .selected_text(relation_label(relation))
        .show_ui(ui, |ui| {
            for choice in relation_choices() {
                let same_kind = std::mem::discriminant(&choice) == std::mem::discriminant(relation);
                let label = relation_label(&choice);
                if ui.selectable_label(same_kind, label).clicked() && !same_kind {
                    *relation = choice;
                }
            }
        });
    if matches!(relation, LinkRelation::Custom(_)) {
        let label = ui.label("Label");
        ui.add(egui::TextEdit::singleline(custom_label).desired_width(120.0))
            .labelled_by(label.id);
    }
}

/// The relation with a custom label filled in from its field.
pub(crate) fn chosen_relation(relation: &LinkRelation, custom_label: &str) -> LinkRelation {
    match (relation, custom_label.trim()) {
        (LinkRelation::Custom(_), label) if !label.is_empty() => {
            LinkRelation::Custom(label.to_owned())
        }
        (relation, _) => relation.clone(),
    }
}

/// "a, b , c" → ["a", "b", "c"].
pub(crate) fn split_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The first `max_chars` characters of `text`, with an ellipsis when cut.
pub(crate) fn abbreviate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
