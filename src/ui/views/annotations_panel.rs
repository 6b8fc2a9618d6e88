//! The annotations panel: layers (show, save, close), filters, and per visible layer its notes and its
//! links — the number a layer shows is what the list holds. Every change is a command to the app.

use std::path::PathBuf;

use egui::Ui;

use crate::annotations::{Annotation, Layer, Resolution, Resolutions, Workspace};
use crate::document::DocumentId;
use crate::links::{LinkEntry, LinkOrigin, LinkSet, cited_pinpoints};
use crate::model::{Library, Side};
use crate::ui::command::AppCommand;
use crate::ui::layer_names::label_of;
use crate::ui::scripts::display_form;
use crate::ui::shortcuts::{Action, hover};

use super::arrow_keys_choose;
use super::focus::{KeyList, out_of_tab_order};
use super::note_text::{ShownNotes, note_text_ui};
use super::replies::ThreadInput;

/// The list shows at most this many notes and links; a filter narrows the rest.
const LIST_LIMIT: usize = 500;

/// What the panel shows.
pub struct PanelInput<'a> {
    pub library: &'a Library,
    pub workspace: &'a Workspace,
    pub resolutions: &'a Resolutions,
    /// The links of the visible layers, as every view reads them.
    pub links: &'a LinkSet,
    pub author: &'a str,
    pub recent: &'a [PathBuf],
    pub message: &'a str,
    /// The layers' names as the window shows them (unique).
    pub names: &'a [String],
}

/// The panel's filters.
#[derive(Default)]
pub struct AnnotationsPanel {
    pub tag_filter: String,
    pub treaty_filter: Option<Side>,
    pub layer_filter: Option<DocumentId>,
    pub orphans_only: bool,
    /// How notes are shown (display form, missing-font notice), per note text.
    shown: ShownNotes,
    /// The reply being written under a note.
    pub replies: super::replies::ReplyBox,
    /// The layer being renamed and the name typed so far.
    pub renaming: Option<(DocumentId, String)>,
}

/// What the list holds after filtering.
#[derive(Default)]
struct Tally {
    notes: usize,
    links: usize,
    orphans: usize,
}

impl AnnotationsPanel {
    /// The whole panel scrolls as one: with many layers open, the filters and the notes below them
    /// stay reachable.
    pub fn ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>, out: &mut Vec<AppCommand>) {
        self.shown.refresh(input.workspace.revision());
        let output = egui::ScrollArea::vertical()
            .id_salt("annotation_list")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.panel_ui(ui, input, out);
                super::keep_focus_in_view(ui);
            });
        super::name_scroll_bars(ui.ctx(), output.id, "the notes and links");
    }

    fn panel_ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>, out: &mut Vec<AppCommand>) {
        ui.heading("Annotations");
        let author_label = ui.label("Your name (for new annotations)");
        let mut author = input.author.to_owned();
        if ui
            .add(egui::TextEdit::singleline(&mut author).hint_text("Me"))
            .labelled_by(author_label.id)
            .changed()
        {
            out.push(AppCommand::SetAuthor(author));
        }
        ui.horizontal_wrapped(|ui| file_buttons_ui(ui, input, out));
        if !input.message.is_empty() {
            ui.label(input.message);
        }
        ui.separator();
        self.layers_ui(ui, input, out);
        ui.separator();
        self.filters_ui(ui, input.library, input.workspace, input.names);
        ui.separator();
        self.list_ui(ui, input, out);
    }

    /// The layers: one Tab stop; Up and Down choose a layer, Space or Enter shows or hides it, and
    /// Tab reaches its buttons.
    fn layers_ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>, out: &mut Vec<AppCommand>) {
        let mut list = KeyList::begin(ui, layer_list_id(), "Layers");
        for (layer, name) in input.workspace.layers.iter().zip(input.names) {
            let key = egui::Id::unique(("layer", name));
            let shown = if layer.visible { "shown" } else { "hidden" };
            list.item_ui(ui, key, &format!("{name} ({shown})"), |ui, state| {
                if state.activated {
                    out.push(AppCommand::SetLayerVisible {
                        layer: layer.id,
                        visible: !layer.visible,
                    });
                }
                ui.horizontal_wrapped(|ui| layer_row_ui(ui, name, layer, out));
                if layer.is_editable() {
                    rename_ui(ui, &mut self.renaming, layer.id, name, out);
                }
            });
        }
        list.end(ui);
    }

    fn filters_ui(
        &mut self,
        ui: &mut Ui,
        library: &Library,
        workspace: &Workspace,
        names: &[String],
    ) {
        let tag_label = ui.label("Filter by tag");
        ui.add(
            egui::TextEdit::singleline(&mut self.tag_filter)
                .hint_text("e.g. safeguard/")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(tag_label.id);
        ui.horizontal_wrapped(|ui| {
            // The sides by the instruments they show ("UN only", "Cybercrime Bill only").
            let treaty_name = |filter: Option<Side>| match filter {
                None => "Both sides".to_owned(),
                Some(key) => format!("{} only", library.treaty(key).citation_label()),
            };
            let treaties = [None, Some(Side::Revision), Some(Side::Base)];
            let combo = egui::ComboBox::new("treaty_filter", "Treaty")
                .selected_text(treaty_name(self.treaty_filter))
                .show_ui(ui, |ui| {
                    for choice in treaties {
                        ui.selectable_value(&mut self.treaty_filter, choice, treaty_name(choice));
                    }
                });
            let now = self.treaty_filter;
            arrow_keys_choose(
                ui,
                &combo.response,
                &treaties,
                |choice| *choice == now,
                &mut self.treaty_filter,
            );
            let combo = egui::ComboBox::new("layer_filter", "Layer")
                .selected_text(
                    self.layer_filter
                        .map(|l| label_of(workspace, names, l))
                        .filter(|name| !name.is_empty())
                        .unwrap_or("All layers"),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.layer_filter, None, "All layers");
                    for (layer, name) in workspace.layers.iter().zip(names) {
                        ui.selectable_value(&mut self.layer_filter, Some(layer.id), name.as_str());
                    }
                });
            let layers: Vec<Option<DocumentId>> = std::iter::once(None)
                .chain(workspace.layers.iter().map(|layer| Some(layer.id)))
                .collect();
            let now = self.layer_filter;
            arrow_keys_choose(
                ui,
                &combo.response,
                &layers,
                |choice| *choice == now,
                &mut self.layer_filter,
            );
            ui.checkbox(&mut self.orphans_only, "Orphans only");
        });
    }

    fn tag_matches(&self, tags: &[String]) -> bool {
        crate::fold::tags_match(tags, &self.tag_filter)
    }

    fn shows_note(&self, library: &Library, annotation: &Annotation, orphan: bool) -> bool {
        let treaty = library.side_of(&annotation.anchor.provision);
        (orphan || !self.orphans_only)
            && self.treaty_filter.is_none_or(|only| treaty == Some(only))
            && self.tag_matches(&annotation.tags)
    }

    fn shows_link(&self, library: &Library, link: &LinkEntry, orphan: bool) -> bool {
        (orphan || !self.orphans_only)
            && self.treaty_filter.is_none_or(|only| {
                link.ends
                    .iter()
                    .any(|end| library.side_of(end) == Some(only))
            })
            && self.tag_matches(&link.tags)
    }

    /// Per visible layer, its notes then its links.
    fn list_ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>, out: &mut Vec<AppCommand>) {
        let mut tally = Tally::default();
        let mut shown = 0;
        let mut list = KeyList::begin(ui, note_list_id(), "Notes and links");
        for (layer, name) in input.workspace.layers.iter().zip(input.names) {
            if !layer.visible || self.layer_filter.is_some_and(|only| only != layer.id) {
                continue;
            }
            for (position, annotation) in layer.file.annotations.iter().enumerate() {
                let Some(resolution) = input.resolutions.get(layer.id, position) else {
                    continue;
                };
                tally.orphans += usize::from(resolution.is_orphan());
                if !self.shows_note(input.library, annotation, resolution.is_orphan()) {
                    continue;
                }
                tally.notes += 1;
                shown += 1;
                if shown <= LIST_LIMIT {
                    let item = NoteItem {
                        layer: layer.id,
                        annotation,
                        resolution,
                    };
                    let key = egui::Id::unique(("note", name, &annotation.id));
                    let label = item.label(input.library);
                    list.item_ui(ui, key, &label, |ui, state| {
                        if state.activated {
                            out.push(AppCommand::GoTo(annotation.anchor.provision.clone()));
                        }
                        item.ui(ui, input, &mut self.shown, &mut self.replies, out);
                    });
                }
            }
            for link in links_of_layer(input.links, layer.id) {
                let orphan = link.ends.iter().any(|end| input.library.get(end).is_none());
                tally.orphans += usize::from(orphan);
                if !self.shows_link(input.library, link, orphan) {
                    continue;
                }
                tally.links += 1;
                shown += 1;
                if shown <= LIST_LIMIT {
                    let item = LinkItem {
                        layer: layer.id,
                        read_only: !layer.is_editable(),
                        link,
                        orphan,
                    };
                    let link_id = match &link.origin {
                        LinkOrigin::Layer { link_id, .. } => link_id.as_str(),
                        LinkOrigin::Question { question_id } => question_id.as_str(),
                        LinkOrigin::Shipped { .. } => "",
                        LinkOrigin::LanguageVersion { provision } => provision.as_str(),
                    };
                    let key = egui::Id::unique(("link", name, link_id));
                    let label = link.statement(input.library);
                    list.item_ui(ui, key, &label, |ui, state| {
                        if let Some(end) = link.ends.first().filter(|_| state.activated) {
                            out.push(AppCommand::GoTo(end.clone()));
                        }
                        item.ui(ui, input, &mut self.shown, out);
                    });
                }
            }
        }
        list.end(ui);
        if shown > LIST_LIMIT {
            ui.label(format!(
                "{} more not listed: filter by tag, treaty or layer to narrow the list.",
                shown - LIST_LIMIT
            ));
        }
        ui.label(format!(
            "{} matching · {} · {} orphans",
            count_of(tally.notes, "note"),
            count_of(tally.links, "link"),
            tally.orphans
        ));
    }
}

/// The links of layer `layer` in file order.
fn links_of_layer(links: &LinkSet, layer: DocumentId) -> impl Iterator<Item = &LinkEntry> {
    links.user_links().map(|(_, entry)| entry).filter(
        move |entry| matches!(&entry.origin, LinkOrigin::Layer { layer: l, .. } if *l == layer),
    )
}

/// The layers' list: one Tab stop.
pub(crate) fn layer_list_id() -> egui::Id {
    egui::Id::unique("layer_list")
}

/// The notes and links: one Tab stop.
fn note_list_id() -> egui::Id {
    egui::Id::unique("note_list")
}

/// "1 note", "3 links", "0 notes".
fn count_of(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn file_buttons_ui(ui: &mut Ui, input: &PanelInput<'_>, out: &mut Vec<AppCommand>) {
    if ui.button("New layer").clicked() {
        out.push(AppCommand::NewLayer);
    }
    if ui
        .button("Open…")
        .on_hover_text("Open an annotation file (RON) as a layer")
        .clicked()
    {
        out.push(AppCommand::ChooseFileToOpen { read_only: false });
    }
    if ui
        .button("Open read-only…")
        .on_hover_text("Open a shared set (e.g. a teacher's) that you cannot change")
        .clicked()
    {
        out.push(AppCommand::ChooseFileToOpen { read_only: true });
    }
    if !input.recent.is_empty() {
        ui.menu_button("Recent files", |ui| {
            for path in input.recent {
                if ui.button(path.display().to_string()).clicked() {
                    out.push(AppCommand::OpenFile {
                        path: path.clone(),
                        read_only: false,
                    });
                    ui.close();
                }
            }
        });
    }
    if ui
        .add_enabled(input.workspace.can_undo(), egui::Button::new("Undo"))
        .on_hover_text(hover(ui, "Undo", Action::Undo))
        .clicked()
    {
        out.push(AppCommand::Undo);
    }
    if ui
        .add_enabled(input.workspace.can_redo(), egui::Button::new("Redo"))
        .on_hover_text(hover(ui, "Redo", Action::Redo))
        .clicked()
    {
        out.push(AppCommand::Redo);
    }
}

fn layer_row_ui(ui: &mut Ui, name: &str, layer: &Layer, out: &mut Vec<AppCommand>) {
    let index = layer.id;
    let notes = layer.file.annotations.len();
    let links = layer.file.links.len();
    let mut label = format!(
        "{name} ({} · {})",
        count_of(notes, "note"),
        count_of(links, "link")
    );
    if !layer.is_editable() {
        label.push_str(" read-only");
    }
    if layer.dirty {
        label.push_str(" unsaved");
    }
    let mut visible = layer.visible;
    // Space on the list shows or hides the current layer: its box needs no Tab stop of its own.
    let changed = out_of_tab_order(ui, layer_list_id(), |ui| {
        ui.checkbox(&mut visible, label)
            .on_hover_text("Show or hide this layer")
            .changed()
    });
    if changed {
        out.push(AppCommand::SetLayerVisible {
            layer: index,
            visible,
        });
    }
    if layer.is_editable() {
        if layer.path.is_some()
            && ui
                .button(format!("Save {name}"))
                .on_hover_text(hover(ui, "Save", Action::Save))
                .clicked()
        {
            out.push(AppCommand::SaveLayer(index));
        }
        if ui.button(format!("Save {name} as…")).clicked() {
            out.push(AppCommand::ChooseFileToSave(index));
        }
    }
    // A layer read-only because of what its file holds says why, and can be saved elsewhere.
    if let Some(reason) = layer
        .why_read_only()
        .filter(|reason| reason.comes_from_file())
    {
        ui.label(egui::RichText::new(format!("Read-only: {reason}")).small());
        if ui.button(format!("Save a copy of {name}…")).clicked() {
            out.push(AppCommand::ChooseFileToSaveCopy(index));
        }
    }
    if ui.button(format!("Close {name}")).clicked() {
        out.push(AppCommand::CloseLayer(index));
    }
}

/// Label of the field a layer's new name is typed in.
pub const RENAME_FIELD_LABEL: &str = "New name of the layer";

/// "Rename …", or while renaming this layer its name field with Rename (or Enter) and Cancel.
fn rename_ui(
    ui: &mut Ui,
    renaming: &mut Option<(DocumentId, String)>,
    index: DocumentId,
    name: &str,
    out: &mut Vec<AppCommand>,
) {
    let Some((_, typed)) = renaming.as_mut().filter(|(layer, _)| *layer == index) else {
        if ui.small_button(format!("Rename {name}…")).clicked() {
            *renaming = Some((index, name.to_owned()));
        }
        return;
    };
    let mut done = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(RENAME_FIELD_LABEL);
        let field = ui
            .add(egui::TextEdit::singleline(typed).desired_width(180.0))
            .labelled_by(label.id);
        let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        if ui.button("Rename").clicked() || entered {
            out.push(AppCommand::RenameLayer {
                layer: index,
                name: typed.clone(),
            });
            done = true;
        }
        done |= ui.button("Cancel rename").clicked();
    });
    if done {
        *renaming = None;
    }
}

/// One note of the list.
struct NoteItem<'a> {
    layer: DocumentId,
    annotation: &'a Annotation,
    resolution: &'a Resolution,
}

impl NoteItem<'_> {
    fn ui(
        &self,
        ui: &mut Ui,
        input: &PanelInput<'_>,
        shown: &mut ShownNotes,
        replies: &mut super::replies::ReplyBox,
        out: &mut Vec<AppCommand>,
    ) {
        let annotation = self.annotation;
        let provision = &annotation.anchor.provision;
        // "UN Art. 24(1)"; the ID itself where no loaded instrument has it (the note is kept).
        let cited = crate::pinpoint::label_of(input.library, provision);
        let Some(layer) = input.workspace.layer(self.layer) else {
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                // Enter on the list goes there too: the link needs no Tab stop of its own.
                let go_to = out_of_tab_order(ui, note_list_id(), |ui| {
                    ui.link(cited.clone())
                        .on_hover_text("Show it in its pane")
                        .clicked()
                });
                if go_to {
                    out.push(AppCommand::GoTo(provision.clone()));
                }
                let name = label_of(input.workspace, input.names, self.layer);
                ui.label(egui::RichText::new(name).small());
                self.resolution_ui(ui);
            });
            let moved = matches!(
                self.resolution,
                Resolution::Moved(_) | Resolution::Fuzzy(..)
            );
            if moved && layer.is_editable() {
                ui.horizontal_wrapped(|ui| self.reanchor_buttons_ui(ui, input.library, out));
            }
            if !annotation.anchor.quote.is_empty() {
                ui.label(egui::RichText::new(format!("“{}”", annotation.anchor.quote)).italics());
            }
            if !annotation.note.is_empty() {
                note_text_ui(ui, shown, &annotation.note);
            }
            tags_ui(ui, &annotation.tags);
            let about = super::note_name(input.library, annotation);
            ui.horizontal_wrapped(|ui| {
                let id = &annotation.id;
                if layer.is_editable() {
                    if ui.small_button(format!("Edit {about}")).clicked() {
                        out.push(AppCommand::EditAnnotation {
                            layer: self.layer,
                            id: id.clone(),
                        });
                    }
                    if ui.small_button(format!("Delete {about}")).clicked() {
                        out.push(AppCommand::DeleteAnnotation {
                            layer: self.layer,
                            id: id.clone(),
                        });
                    }
                }
                copy_menu_ui(ui, input, (self.layer, id), &about, out);
            });
            // Replies: a read-only layer's note is answered in the user's own layer.
            let into = if layer.is_editable() {
                Some(self.layer)
            } else {
                input.workspace.first_editable()
            };
            let thread = ThreadInput {
                workspace: input.workspace,
                names: input.names,
                layer: self.layer,
                id: &annotation.id,
                about: &about,
                into,
            };
            replies.thread_ui(ui, &thread, shown, out);
        });
    }
}

impl NoteItem<'_> {
    /// Whether the note is an orphan, re-anchored or still being placed.
    fn resolution_ui(&self, ui: &mut Ui) {
        match self.resolution {
            Resolution::Orphan(reason) => {
                ui.label(egui::RichText::new(format!("ORPHAN: {reason}")).strong());
            }
            Resolution::Moved(_) | Resolution::Fuzzy(..) => {
                ui.label(egui::RichText::new("RE-ANCHORED").strong())
                    .on_hover_text(
                        "The quoted words were found at another place, or changed; \
                         the file keeps your quote until you accept the new place.",
                    );
            }
            Resolution::Searching => {
                ui.label(egui::RichText::new("finding its place…").small());
            }
            Resolution::Exact(_) => {}
        }
    }

    /// What a screen reader says of the note when the list reaches it: its pinpoint and its words.
    fn label(&self, library: &Library) -> String {
        // "UN Art. 24(1)"; the ID itself where no loaded instrument has it (the note is kept).
        let cited = crate::pinpoint::label_of(library, &self.annotation.anchor.provision);
        format!("{cited}: {}", super::abbreviate(&self.annotation.note, 80))
    }

    /// Accept a re-anchored note's new place, or keep it as an orphan.
    fn reanchor_buttons_ui(&self, ui: &mut Ui, library: &Library, out: &mut Vec<AppCommand>) {
        let id = &self.annotation.id;
        let about = super::note_name(library, self.annotation);
        if ui
            .small_button(format!("Accept the new place of {about}"))
            .clicked()
        {
            out.push(AppCommand::AcceptReanchor {
                layer: self.layer,
                id: id.clone(),
            });
        }
        if ui
            .small_button(format!("Keep {about} as an orphan"))
            .clicked()
        {
            out.push(AppCommand::KeepAsOrphan {
                layer: self.layer,
                id: id.clone(),
            });
        }
    }
}

/// One link of the list: its direction in words, relation, note and tags, a button per end, and Edit
/// and Delete for links in editable layers.
struct LinkItem<'a> {
    layer: DocumentId,
    read_only: bool,
    link: &'a LinkEntry,
    orphan: bool,
}

impl LinkItem<'_> {
    fn ui(
        &self,
        ui: &mut Ui,
        input: &PanelInput<'_>,
        shown: &mut ShownNotes,
        out: &mut Vec<AppCommand>,
    ) {
        let link = self.link;
        let LinkOrigin::Layer { link_id, .. } = &link.origin else {
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(egui::RichText::new(link.statement(input.library)).strong());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(format!("Link · {}", link.kind)).small());
                let name = label_of(input.workspace, input.names, self.layer);
                ui.label(egui::RichText::new(name).small());
                if self.orphan {
                    ui.label(egui::RichText::new("ORPHAN: an end is not in the texts").strong());
                }
            });
            if !link.note.is_empty() {
                note_text_ui(ui, shown, &link.note);
            }
            tags_ui(ui, &link.tags);
            ui.horizontal_wrapped(|ui| {
                for end in &link.ends {
                    let name = cited_pinpoints(input.library, std::slice::from_ref(end));
                    if ui
                        .small_button(format!("Go to {name}"))
                        .on_hover_text("Show it in its pane")
                        .clicked()
                    {
                        out.push(AppCommand::GoTo(end.clone()));
                    }
                }
                let about = super::link_name(input.library, &link.ends);
                if !self.read_only {
                    if ui.small_button(format!("Edit {about}")).clicked() {
                        out.push(AppCommand::EditLink {
                            layer: self.layer,
                            id: link_id.clone(),
                        });
                    }
                    if ui.small_button(format!("Delete {about}")).clicked() {
                        out.push(AppCommand::DeleteLink {
                            layer: self.layer,
                            id: link_id.clone(),
                        });
                    }
                }
                copy_menu_ui(ui, input, (self.layer, link_id), &about, out);
            });
        });
    }
}

fn tags_ui(ui: &mut Ui, tags: &[String]) {
    if !tags.is_empty() {
        let tags = display_form(&tags.join(", ")).into_owned();
        ui.label(egui::RichText::new(format!("Tags: {tags}")).small());
    }
}

/// "Copy … to…": the editable layers other than this one. `item` is the layer and ID of the note or
/// link, `about` its name.
fn copy_menu_ui(
    ui: &mut Ui,
    input: &PanelInput<'_>,
    (from, id): (DocumentId, &str),
    about: &str,
    out: &mut Vec<AppCommand>,
) {
    ui.menu_button(format!("Copy {about} to…"), |ui| {
        for (layer, name) in input.workspace.layers.iter().zip(input.names) {
            if layer.id != from && layer.is_editable() && ui.button(name).clicked() {
                out.push(AppCommand::CopyToLayer {
                    from,
                    id: id.to_owned(),
                    to: layer.id,
                });
                ui.close();
            }
        }
    });
}
