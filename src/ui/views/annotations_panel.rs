//! The annotations panel: layers (show, save, close), filters, and per visible layer its notes and its
//! links — the number a layer shows is what the list holds. Every change is a command to the app.

use std::path::PathBuf;

use egui::Ui;

use crate::annotations::{Annotation, Layer, Resolution, Resolutions, Workspace};
use crate::links::{LinkEntry, LinkOrigin, LinkSet, cited_pinpoints};
use crate::model::{Library, TreatyKey};
use crate::ui::command::AppCommand;
use crate::ui::scripts::display_form;
use crate::ui::shortcuts::{Action, hover};

use super::arrow_keys_choose;
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
    pub treaty_filter: Option<TreatyKey>,
    pub layer_filter: Option<usize>,
    pub orphans_only: bool,
    /// How notes are shown (display form, missing-font notice), per note text.
    shown: ShownNotes,
    /// The reply being written under a note.
    pub replies: super::replies::ReplyBox,
    /// The layer being renamed and the name typed so far.
    pub renaming: Option<(usize, String)>,
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
        for (index, layer) in input.workspace.layers.iter().enumerate() {
            let name = input.names.get(index).map_or("", String::as_str);
            ui.horizontal_wrapped(|ui| layer_row_ui(ui, index, name, layer, out));
            if !layer.read_only {
                rename_ui(ui, &mut self.renaming, index, name, out);
            }
        }
        ui.separator();
        self.filters_ui(ui, input.names);
        ui.separator();
        self.list_ui(ui, input, out);
    }

    fn filters_ui(&mut self, ui: &mut Ui, names: &[String]) {
        let tag_label = ui.label("Filter by tag");
        ui.add(
            egui::TextEdit::singleline(&mut self.tag_filter)
                .hint_text("e.g. safeguard/")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(tag_label.id);
        ui.horizontal_wrapped(|ui| {
            let treaty_name = |filter: Option<TreatyKey>| match filter {
                None => "Both treaties",
                Some(TreatyKey::Uncc) => "UN only",
                Some(TreatyKey::Bc) => "Budapest only",
            };
            let treaties = [None, Some(TreatyKey::Uncc), Some(TreatyKey::Bc)];
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
                        .and_then(|l| names.get(l))
                        .map_or("All layers", String::as_str),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.layer_filter, None, "All layers");
                    for (index, name) in names.iter().enumerate() {
                        ui.selectable_value(&mut self.layer_filter, Some(index), name.as_str());
                    }
                });
            let layers: Vec<Option<usize>> = std::iter::once(None)
                .chain((0..names.len()).map(Some))
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
        let filter = self.tag_filter.trim().to_lowercase();
        filter.is_empty()
            || tags
                .iter()
                .any(|tag| tag.to_lowercase().starts_with(&filter))
    }

    fn shows_note(&self, annotation: &Annotation, orphan: bool) -> bool {
        let treaty = annotation.anchor.provision.treaty();
        (orphan || !self.orphans_only)
            && self.treaty_filter.is_none_or(|only| treaty == Some(only))
            && self.tag_matches(&annotation.tags)
    }

    fn shows_link(&self, link: &LinkEntry, orphan: bool) -> bool {
        (orphan || !self.orphans_only)
            && self
                .treaty_filter
                .is_none_or(|only| link.ends.iter().any(|end| end.treaty() == Some(only)))
            && self.tag_matches(&link.tags)
    }

    /// Per visible layer, its notes then its links.
    fn list_ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>, out: &mut Vec<AppCommand>) {
        let mut tally = Tally::default();
        let mut shown = 0;
        for (index, layer) in input.workspace.layers.iter().enumerate() {
            if !layer.visible || self.layer_filter.is_some_and(|only| only != index) {
                continue;
            }
            for (position, annotation) in layer.file.annotations.iter().enumerate() {
                let Some(resolution) = input.resolutions.get(index, position) else {
                    continue;
                };
                tally.orphans += usize::from(resolution.is_orphan());
                if !self.shows_note(annotation, resolution.is_orphan()) {
                    continue;
                }
                tally.notes += 1;
                shown += 1;
                if shown <= LIST_LIMIT {
                    let item = NoteItem {
                        layer: index,
                        annotation,
                        resolution,
                    };
                    item.ui(ui, input, &mut self.shown, &mut self.replies, out);
                }
            }
            for link in links_of_layer(input.links, index) {
                let orphan = link.ends.iter().any(|end| input.library.get(end).is_none());
                tally.orphans += usize::from(orphan);
                if !self.shows_link(link, orphan) {
                    continue;
                }
                tally.links += 1;
                shown += 1;
                if shown <= LIST_LIMIT {
                    let item = LinkItem {
                        layer: index,
                        read_only: !layer.is_editable(),
                        link,
                        orphan,
                    };
                    item.ui(ui, input, &mut self.shown, out);
                }
            }
        }
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
fn links_of_layer(links: &LinkSet, layer: usize) -> impl Iterator<Item = &LinkEntry> {
    links.user_links().map(|(_, entry)| entry).filter(
        move |entry| matches!(&entry.origin, LinkOrigin::Layer { layer: l, .. } if *l == layer),
    )
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

fn layer_row_ui(ui: &mut Ui, index: usize, name: &str, layer: &Layer, out: &mut Vec<AppCommand>) {
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
    if ui
        .checkbox(&mut visible, label)
        .on_hover_text("Show or hide this layer")
        .changed()
    {
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
    renaming: &mut Option<(usize, String)>,
    index: usize,
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
    layer: usize,
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
        let Some(layer) = input.workspace.layers.get(self.layer) else {
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .link(cited.clone())
                    .on_hover_text(format!("Go to {provision}"))
                    .clicked()
                {
                    out.push(AppCommand::GoTo(provision.clone()));
                }
                let name = input.names.get(self.layer).map_or("", String::as_str);
                ui.label(egui::RichText::new(name).small());
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
            });
            let moved = matches!(
                self.resolution,
                Resolution::Moved(_) | Resolution::Fuzzy(..)
            );
            if moved && layer.is_editable() {
                ui.horizontal_wrapped(|ui| self.reanchor_buttons_ui(ui, out));
            }
            if !annotation.anchor.quote.is_empty() {
                ui.label(egui::RichText::new(format!("“{}”", annotation.anchor.quote)).italics());
            }
            if !annotation.note.is_empty() {
                note_text_ui(ui, shown, &annotation.note);
            }
            tags_ui(ui, &annotation.tags);
            ui.horizontal_wrapped(|ui| {
                let id = &annotation.id;
                if layer.is_editable() {
                    if ui.small_button(format!("Edit {id}")).clicked() {
                        out.push(AppCommand::EditAnnotation {
                            layer: self.layer,
                            id: id.clone(),
                        });
                    }
                    if ui.small_button(format!("Delete {id}")).clicked() {
                        out.push(AppCommand::DeleteAnnotation {
                            layer: self.layer,
                            id: id.clone(),
                        });
                    }
                }
                copy_menu_ui(ui, input, self.layer, id, out);
            });
            // Replies: a read-only layer's note is answered in the user's own layer.
            let into = if layer.is_editable() {
                Some(self.layer)
            } else {
                input.workspace.layers.iter().position(|l| l.is_editable())
            };
            let about = match annotation.author.trim() {
                "" => format!("the note on {cited}"),
                author => format!("the note by {author} on {cited}"),
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
    /// Accept a re-anchored note's new place, or keep it as an orphan.
    fn reanchor_buttons_ui(&self, ui: &mut Ui, out: &mut Vec<AppCommand>) {
        let id = &self.annotation.id;
        if ui
            .small_button(format!("Accept new place of {id}"))
            .clicked()
        {
            out.push(AppCommand::AcceptReanchor {
                layer: self.layer,
                id: id.clone(),
            });
        }
        if ui.small_button(format!("Keep {id} as orphan")).clicked() {
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
    layer: usize,
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
                let name = input.names.get(self.layer).map_or("", String::as_str);
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
                        .on_hover_text(format!("Go to {end}"))
                        .clicked()
                    {
                        out.push(AppCommand::GoTo(end.clone()));
                    }
                }
                if !self.read_only {
                    if ui.small_button(format!("Edit {link_id}")).clicked() {
                        out.push(AppCommand::EditLink {
                            layer: self.layer,
                            id: link_id.clone(),
                        });
                    }
                    if ui.small_button(format!("Delete {link_id}")).clicked() {
                        out.push(AppCommand::DeleteLink {
                            layer: self.layer,
                            id: link_id.clone(),
                        });
                    }
                }
                copy_menu_ui(ui, input, self.layer, link_id, out);
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

/// "Copy … to…": the editable layers other than this one.
fn copy_menu_ui(
    ui: &mut Ui,
    input: &PanelInput<'_>,
    from: usize,
    id: &str,
    out: &mut Vec<AppCommand>,
) {
    ui.menu_button(format!("Copy {id} to…"), |ui| {
        for (to, layer) in input.workspace.layers.iter().enumerate() {
            let name = input.names.get(to).map_or("", String::as_str);
            if to != from && layer.is_editable() && ui.button(name).clicked() {
                out.push(AppCommand::CopyToLayer {
                    from,
                    id: id.to_owned(),
                    to,
                });
                ui.close();
            }
        }
    });
}
