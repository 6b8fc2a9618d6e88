//! The bars, panels and windows of the window. Each draws from what it is given and returns
//! [`AppCommand`](super::command::AppCommand)s; none changes the app or the workspace itself.

pub mod about_windows;
pub mod annotate_dialog;
pub mod annotations_panel;
pub mod disk_prompt;
pub mod export_window;
pub mod focus;
pub mod go_to;
pub mod implementation_window;
pub mod import_window;
pub mod inline_view;
pub mod instrument_choice;
pub mod lesson_panel;
pub mod link_bar;
pub mod link_editor;
pub mod matrix_window;
pub mod note_text;
pub mod outline;
pub mod pair_bar;
pub mod panes;
pub mod path_prompt;
pub mod presentation;
pub mod questions_panel;
pub mod recovery_window;
pub mod replies;
pub mod search_results;
pub mod selection_bar;
pub mod shortcuts_window;
pub mod toolbar;
pub mod unsaved_prompt;

use crate::annotations::{Annotation, LinkRelation};
use crate::links::cited_pinpoints;
use crate::model::{Library, ProvisionId};

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
    pub path_prompt: path_prompt::PathPrompt,
    pub search_results: search_results::SearchResults,
    pub lesson: lesson_panel::LessonPanel,
    pub questions: questions_panel::QuestionsPanel,
    pub go_to: go_to::GoToBox,
    pub import: import_window::ImportWindow,
    pub implementation: implementation_window::ImplementationWindow,
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

/// A note as the window names it in buttons and messages, by its author and pinpoint ("the note by
/// Teacher on UN Art. 24(1)"), never by its internal ID.
pub(crate) fn note_name(library: &Library, annotation: &Annotation) -> String {
    let cited = cited_pinpoints(library, std::slice::from_ref(&annotation.anchor.provision));
    match annotation.author.trim() {
        "" => format!("the note on {cited}"),
        author => format!("the note by {author} on {cited}"),
    }
}

/// A link as the window names it in buttons and messages, by its ends ("the link between UN
/// Art. 24(1) and UN Art. 28"), never by its internal ID.
pub(crate) fn link_name(library: &Library, ends: &[ProvisionId]) -> String {
    let named: Vec<String> = ends
        .iter()
        .map(|end| cited_pinpoints(library, std::slice::from_ref(end)))
        .collect();
    format!("the link between {}", named.join(" and "))
}

/// The name of a relation in a choice list.
pub(crate) fn relation_label(relation: &LinkRelation) -> String {
    match relation {
        LinkRelation::Custom(_) => "Other (your label)".to_owned(),
        other => other.to_string(),
    }
}

/// Names a window's title bar for screen readers: egui makes the title bar a tab stop (it is dragged
/// to move the window) without a name (its focus frame is drawn as every widget's, by `focus`).
pub(crate) fn title_bar_a11y(ctx: &egui::Context, window: egui::Id, title: &str) {
    let id = window.with("__title_click");
    ctx.accesskit_node_builder(id, |node| {
        node.set_role(egui::accesskit::Role::TitleBar);
        node.set_label(format!("{title} (title bar; Escape closes)"));
    });
}

/// [`title_bar_a11y`] for a dialog that holds the keyboard until it closes (Tab stays inside it,
/// Escape closes it and the focus returns to where it was).
pub(crate) fn dialog_a11y(ctx: &egui::Context, window: egui::Id, title: &str) {
    title_bar_a11y(ctx, window, title);
    focus::hold_focus_in(ctx, window);
}

/// Names the scroll bars of a scroll area for screen readers ("Scroll the outline"); egui leaves them
/// unnamed.
pub(crate) fn name_scroll_bars(ctx: &egui::Context, scroll_area: egui::Id, what: &str) {
    for axis in [0usize, 1] {
        let direction = if axis == 0 { "sideways" } else { "up and down" };
        ctx.accesskit_node_builder(scroll_area.with(axis), |node| {
            node.set_label(format!("Scroll {what} {direction}"));
        });
    }
}

/// Below this height (in points: a 860-pixel window at 200% zoom is 430), bars give their room to
/// the texts: the toolbar keeps one row, a slide's header and question shrink.
pub const COMPACT_HEIGHT: f32 = 600.0;

/// Whether the window is short for its zoom, so that bars give their room to the texts.
pub(crate) fn is_compact(ctx: &egui::Context) -> bool {
    ctx.content_rect().height() < COMPACT_HEIGHT
}

/// A bar's contents on one row that scrolls sideways (by its scroll bar or the wheel; a press on a
/// button is a click, never the start of a drag of the row), named `what` for screen readers.
pub(crate) fn sideways_row_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    what: &str,
    contents: impl FnOnce(&mut egui::Ui),
) {
    let output = egui::ScrollArea::horizontal()
        .id_salt(id_salt)
        .scroll_source(egui::scroll_area::ScrollSource {
            scroll_bar: true,
            mouse_wheel: true,
            ..egui::scroll_area::ScrollSource::NONE
        })
        .show(ui, |ui| {
            ui.horizontal(contents);
            keep_focus_in_view(ui);
        });
    name_scroll_bars(ui.ctx(), output.id, what);
}

/// Scrolls a widget that just got the keyboard focus into view, if it lies in this scroll area's
/// content (`ui`): egui does not, so Tab would otherwise stop on entries scrolled out of sight.
pub(crate) fn keep_focus_in_view(ui: &egui::Ui) {
    let Some(id) = ui.memory(|memory| memory.focused()) else {
        return;
    };
    let Some(response) = ui.ctx().read_response(id) else {
        return;
    };
    if response.gained_focus()
        && response.layer_id == ui.layer_id()
        && ui.min_rect().intersects(response.rect)
        && !ui.clip_rect().contains_rect(response.rect)
    {
        ui.scroll_to_rect(response.rect, None);
    }
}

/// Up and Down change the choice of a focused drop-down, as in any desktop list box (egui's own keys
/// only open it); returns whether the choice changed.
pub(crate) fn arrow_keys_choose<T: Clone>(
    ui: &egui::Ui,
    response: &egui::Response,
    choices: &[T],
    same: impl Fn(&T) -> bool,
    current: &mut T,
) -> bool {
    if !response.has_focus() || egui::ComboBox::is_open(ui.ctx(), response.id) {
        return false;
    }
    // Up and Down belong to the drop-down, not to moving the focus.
    ui.memory_mut(|memory| {
        memory.set_focus_lock_filter(
            response.id,
            egui::EventFilter {
                vertical_arrows: true,
                ..Default::default()
            },
        );
    });
    let step: isize = ui.input(|input| {
        isize::from(input.key_pressed(egui::Key::ArrowDown))
            - isize::from(input.key_pressed(egui::Key::ArrowUp))
    });
    if step == 0 || choices.is_empty() {
        return false;
    }
    let at = choices.iter().position(same).unwrap_or(0) as isize;
    let next = (at + step).clamp(0, choices.len() as isize - 1) as usize;
    if next as isize == at {
        return false;
    }
    *current = choices[next].clone();
    true
}

/// A relation combo box with a field for the label of a custom relation; `id` keeps two boxes apart.
pub(crate) fn relation_ui(
    ui: &mut egui::Ui,
    id: &str,
    relation: &mut LinkRelation,
    custom_label: &mut String,
) {
    let combo = egui::ComboBox::new(id, "Relation")
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
    let kind = std::mem::discriminant(&*relation);
    arrow_keys_choose(
        ui,
        &combo.response,
        &relation_choices(),
        |choice| std::mem::discriminant(choice) == kind,
        relation,
    );
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
