//! Annotation UI: the annotations panel (layers, filters, list, orphans), the Annotate dialog, link
//! creation, the safeguards matrix and file dialogs. All edits go through `annotations::Workspace`.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use crate::annotations::{
    self, Anchor, Annotation, LinkAnnotation, LinkRelation, Resolution, Workspace,
    safeguards_matrix,
};
use crate::model::{Library, NodeIx, PerTreaty, TreatyKey};

/// The Annotate dialog's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotateDraft {
    pub provision: String,
    /// Exact words from the provision; empty annotates the whole provision.
    pub quote: String,
    /// Where the quote was selected (byte offset in the provision text), so a phrase that occurs more
    /// than once is anchored where the user selected it rather than at its first occurrence.
    pub quote_at: Option<usize>,
    pub note: String,
    /// Comma-separated.
    pub tags: String,
    pub color: [u8; 3],
    pub layer: usize,
    /// Set when editing an existing annotation (its ID).
    pub editing: Option<String>,
}

/// A link being made: from the provision selected when "Link to…" was pressed.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkDraft {
    pub from: String,
    pub relation: LinkRelation,
    pub custom_label: String,
    pub note: String,
    pub layer: usize,
}

/// Results of native file dialogs, which run on their own thread.
pub enum FileAction {
    Open { path: PathBuf, read_only: bool },
    SaveAs { layer: usize, path: PathBuf },
}

/// Runtime state of the annotation UI.
pub struct AnnotationUi {
    pub workspace: Workspace,
    pub draft: Option<AnnotateDraft>,
    pub link_draft: Option<LinkDraft>,
    pub tag_filter: String,
    pub treaty_filter: Option<TreatyKey>,
    pub layer_filter: Option<usize>,
    pub orphans_only: bool,
    pub show_matrix: bool,
    pub quit_prompt: bool,
    pub allow_close: bool,
    pub message: String,
    dialogs: Option<Receiver<Option<FileAction>>>,
    /// The visible annotations' places per treaty and the workspace revision they were found at.
    highlights: Option<(u64, PerTreaty<Vec<(NodeIx, std::ops::Range<usize>)>>)>,
}

/// The list shows at most this many annotations; a filter narrows the rest.
const LIST_LIMIT: usize = 200;

impl AnnotationUi {
    pub fn new() -> AnnotationUi {
        let mut workspace = Workspace::default();
        workspace.add_layer(annotations::Layer::new("My annotations"));
        let mut message = String::new();
        match annotations::safeguards_layer() {
            Ok(layer) => {
                workspace.add_layer(layer);
            }
            Err(error) => {
                message = format!("The shipped safeguards layer could not be read: {error}")
            }
        }
        AnnotationUi {
            workspace,
            draft: None,
            link_draft: None,
            tag_filter: String::new(),
            treaty_filter: None,
            layer_filter: None,
            orphans_only: false,
            show_matrix: false,
            quit_prompt: false,
            allow_close: false,
            message,
            dialogs: None,
            highlights: None,
        }
    }

    /// The first layer that can be edited (new annotations go there by default).
    pub fn default_layer(&self) -> Option<usize> {
        self.workspace
            .layers
            .iter()
            .position(|layer| !layer.read_only)
    }

    /// Starts the Annotate dialog for a provision, with an optional quote and where it was selected.
    pub fn start_annotation(&mut self, provision: &str, quote: &str, quote_at: Option<usize>) {
        let layer = match self.default_layer() {
            Some(layer) => layer,
            None => self
                .workspace
                .add_layer(annotations::Layer::new("My annotations")),
        };
        self.draft = Some(AnnotateDraft {
            provision: provision.to_owned(),
            quote: quote.to_owned(),
            quote_at,
            note: String::new(),
            tags: String::new(),
            color: [255, 213, 79],
            layer,
            editing: None,
        });
    }

    /// Saves the dialog's annotation into its layer. Returns an error message if the quote is not in
    /// the provision or the layer is read-only.
    pub fn commit_draft(&mut self, library: &Library, author: &str) -> Result<(), String> {
        let Some(draft) = self.draft.clone() else {
            return Ok(());
        };
        let provision = library
            .get(&draft.provision)
            .ok_or_else(|| format!("unknown provision {}", draft.provision))?;
        let anchor = if draft.quote.trim().is_empty() {
            Anchor::whole(&provision.id, &provision.text)
        } else {
            let selected_here = draft.quote_at.filter(|&at| {
                provision
                    .text
                    .get(at..)
                    .is_some_and(|rest| rest.starts_with(&draft.quote))
            });
            let at = selected_here
                .or_else(|| provision.text.find(draft.quote.as_str()))
                .ok_or("the quote is not in this provision's text")?;
            Anchor::quote(&provision.id, &provision.text, at..at + draft.quote.len())
        };
        let tags: Vec<String> = draft
            .tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        let color = Some(format!(
            "#{:02x}{:02x}{:02x}",
            draft.color[0], draft.color[1], draft.color[2]
        ));
        let result = match &draft.editing {
            Some(id) => self
                .workspace
                .update_annotation(draft.layer, id, |annotation| {
                    annotation.anchor = anchor;
                    annotation.note = draft.note.clone();
                    annotation.tags = tags;
                    annotation.color = color;
                }),
            None => {
                let now = annotations::now_rfc3339();
                let annotation = Annotation {
                    id: self.workspace.new_id("n"),
                    anchor,
                    note: draft.note.clone(),
                    tags,
                    color,
                    author: author.to_owned(),
                    created: now.clone(),
                    updated: now,
                    replies: Vec::new(),
                    evidence: Vec::new(),
                };
                self.workspace.add_annotation(draft.layer, annotation)
            }
        };
        result.map_err(|error| error.to_string())?;
        self.draft = None;
        Ok(())
    }

    /// Completes a link from the draft's provision to `to`.
    pub fn commit_link(&mut self, library: &Library, to: &str, author: &str) -> Result<(), String> {
        let Some(draft) = self.link_draft.clone() else {
            return Ok(());
        };
        if draft.from == to {
            return Err("choose a different provision to link to".into());
        }
        let end = |id: &str| {
            library
                .get(id)
                .map(|p| Anchor::whole(&p.id, &p.text))
                .ok_or_else(|| format!("unknown provision {id}"))
        };
        let relation = match (&draft.relation, draft.custom_label.trim()) {
            (LinkRelation::Custom(_), label) if !label.is_empty() => {
                LinkRelation::Custom(label.to_owned())
            }
            (relation, _) => relation.clone(),
        };
        let now = annotations::now_rfc3339();
        let link = LinkAnnotation {
            id: self.workspace.new_id("l"),
            ends: vec![end(&draft.from)?, end(to)?],
            relation,
            tags: Vec::new(),
            note: draft.note.clone(),
            author: author.to_owned(),
            created: now.clone(),
            updated: now,
            evidence: Vec::new(),
        };
        self.workspace
            .add_link(draft.layer, link)
            .map_err(|error| error.to_string())?;
        self.link_draft = None;
        Ok(())
    }

    fn pick_file(
        &mut self,
        ctx: &egui::Context,
        make: impl FnOnce() -> Option<FileAction> + Send + 'static,
    ) {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = sender.send(make());
            ctx.request_repaint();
        });
        self.dialogs = Some(receiver);
    }

    fn open_dialog(&mut self, ctx: &egui::Context, read_only: bool) {
        self.pick_file(ctx, move || {
            rfd::FileDialog::new()
                .add_filter("Crosswalk annotations (RON)", &["ron"])
                .pick_file()
                .map(|path| FileAction::Open { path, read_only })
        });
    }

    fn save_as_dialog(&mut self, ctx: &egui::Context, layer: usize, name: String) {
        self.pick_file(ctx, move || {
            rfd::FileDialog::new()
                .add_filter("Crosswalk annotations (RON)", &["ron"])
                .set_file_name(format!("{name}.ron"))
                .save_file()
                .map(|path| FileAction::SaveAs { layer, path })
        });
    }

    /// Applies finished file dialogs; returns paths to remember as recent files.
    pub fn poll_dialogs(&mut self, library: &Library) -> Vec<PathBuf> {
        let Some(receiver) = &self.dialogs else {
            return Vec::new();
        };
        let Ok(action) = receiver.try_recv() else {
            return Vec::new();
        };
        self.dialogs = None;
        match action {
            Some(FileAction::Open { path, read_only }) => {
                self.open(&path, read_only, library).into_iter().collect()
            }
            Some(FileAction::SaveAs { layer, path }) => {
                self.save(layer, Some(path)).into_iter().collect()
            }
            None => Vec::new(),
        }
    }

    /// Opens a file as a layer, reporting failures without touching the file.
    pub fn open(
        &mut self,
        path: &std::path::Path,
        read_only: bool,
        library: &Library,
    ) -> Option<PathBuf> {
        match self.workspace.open(path, read_only, library) {
            Ok(layer) => {
                let orphans = self
                    .workspace
                    .resolutions(library)
                    .layer(layer)
                    .iter()
                    .filter(|r| r.is_orphan())
                    .count();
                self.message = format!("Opened {} ({orphans} orphans)", path.display());
                Some(path.to_owned())
            }
            Err(error) => {
                self.message = format!("Not opened: {error}");
                None
            }
        }
    }

    pub fn save(&mut self, layer: usize, path: Option<PathBuf>) -> Option<PathBuf> {
        match self.workspace.save(layer, path.as_deref()) {
            Ok(saved) => {
                self.message = format!("Saved {}", saved.display());
                Some(saved)
            }
            Err(error) => {
                self.message = format!("Not saved: {error}");
                None
            }
        }
    }

    /// Highlight ranges (node, byte range) per treaty for every visible annotation, where the anchor
    /// resolver found it (the ranges exports place notes on).
    pub fn highlight_ranges(
        &mut self,
        library: &Library,
        key: TreatyKey,
    ) -> Vec<(NodeIx, std::ops::Range<usize>)> {
        // Every jump re-marks the panes: with thousands of notes, finding them each time would cost
        // more than the rest of the frame. They change only with the workspace.
        let revision = self.workspace.revision();
        if !matches!(&self.highlights, Some((at, _)) if *at == revision) {
            let ranges = PerTreaty::from_fn(|key| {
                let mut ranges = self.find_highlight_ranges(library, key);
                // In node order (file order within a node, as before), so the panes' maps fill in order.
                ranges.sort_by_key(|(node, _)| *node);
                ranges
            });
            self.highlights = Some((revision, ranges));
        }
        self.highlights
            .as_ref()
            .map_or_else(Vec::new, |(_, ranges)| ranges[key].clone())
    }

    fn find_highlight_ranges(
        &mut self,
        library: &Library,
        key: TreatyKey,
    ) -> Vec<(NodeIx, std::ops::Range<usize>)> {
        let resolutions = self.workspace.resolutions(library);
        let mut out = Vec::new();
        for (layer_index, layer) in self.workspace.layers.iter().enumerate() {
            if !layer.visible {
                continue;
            }
            for (position, annotation) in layer.file.annotations.iter().enumerate() {
                if annotation.anchor.provision.treaty() != key {
                    continue;
                }
                let Some((_, node)) = library.resolve(&annotation.anchor.provision) else {
                    continue;
                };
                // A whole-provision note shows as a margin marker only (an empty range), so layers
                // that mark many provisions, like the safeguards layer, do not drown the text.
                match resolutions.get(layer_index, position) {
                    Some(Resolution::Exact(range)) if range.is_empty() => out.push((node, 0..0)),
                    Some(resolution) => {
                        if let Some(range) = resolution.range() {
                            out.push((node, range));
                        }
                    }
                    None => {}
                }
            }
        }
        out
    }
}

/// What the panel asks the app to do.
pub enum PanelCommand {
    GoTo(String),
    Edit { layer: usize, id: String },
    RememberRecent(PathBuf),
}

fn relation_label(relation: &LinkRelation) -> String {
    match relation {
        LinkRelation::Custom(_) => "Other (your label)".to_owned(),
        other => other.to_string(),
    }
}

/// The annotations panel.
pub fn panel_ui(
    ui: &mut Ui,
    state: &mut AnnotationUi,
    library: &Library,
    recent: &[PathBuf],
) -> Vec<PanelCommand> {
    let mut commands = Vec::new();
    ui.heading("Annotations");
    ui.horizontal_wrapped(|ui| {
        if ui.button("New layer").clicked() {
            let count = state.workspace.layers.len() + 1;
            state
                .workspace
                .add_layer(annotations::Layer::new(&format!("Layer {count}")));
        }
        if ui
            .button("Open…")
            .on_hover_text("Open an annotation file (RON) as a layer")
            .clicked()
        {
            state.open_dialog(ui.ctx(), false);
        }
        if ui
            .button("Open read-only…")
            .on_hover_text("Open a shared set (e.g. a teacher's) that you cannot change")
            .clicked()
        {
            state.open_dialog(ui.ctx(), true);
        }
        if !recent.is_empty() {
            ui.menu_button("Recent files", |ui| {
                for path in recent {
                    if ui.button(path.display().to_string()).clicked() {
                        if let Some(opened) = state.open(path, false, library) {
                            commands.push(PanelCommand::RememberRecent(opened));
                        }
                        ui.close();
                    }
                }
            });
        }
        if ui
            .add_enabled(state.workspace.can_undo(), egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            state.workspace.undo();
        }
        if ui
            .add_enabled(state.workspace.can_redo(), egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Shift+Z")
            .clicked()
        {
            state.workspace.redo();
        }
    });
    if !state.message.is_empty() {
        ui.label(&state.message);
    }
    ui.separator();
    let mut close = None;
    for index in 0..state.workspace.layers.len() {
        let (name, read_only, dirty, count, has_path) = {
            let layer = &state.workspace.layers[index];
            (
                layer.name().to_owned(),
                layer.read_only,
                layer.dirty,
                layer.file.annotations.len() + layer.file.links.len(),
                layer.path.is_some(),
            )
        };
        ui.horizontal_wrapped(|ui| {
            let mut visible = state.workspace.layers[index].visible;
            let mut label = format!("{name} ({count})");
            if read_only {
                label.push_str(" read-only");
            }
            if dirty {
                label.push_str(" unsaved");
            }
            if ui
                .checkbox(&mut visible, label)
                .on_hover_text("Show or hide this layer")
                .changed()
            {
                state.workspace.set_visible(index, visible);
            }
            if !read_only {
                if has_path && ui.button(format!("Save {name}")).clicked() {
                    if let Some(path) = state.save(index, None) {
                        commands.push(PanelCommand::RememberRecent(path));
                    }
                }
                if ui.button(format!("Save {name} as…")).clicked() {
                    state.save_as_dialog(ui.ctx(), index, name.clone());
                }
            }
            if ui.button(format!("Close {name}")).clicked() {
                close = Some(index);
            }
        });
    }
    if let Some(index) = close {
        state.workspace.close(index);
    }
    ui.separator();
    let tag_label = ui.label("Filter by tag");
    ui.add(
        egui::TextEdit::singleline(&mut state.tag_filter)
            .hint_text("e.g. safeguard/")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(tag_label.id);
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::new("treaty_filter", "Treaty")
            .selected_text(match state.treaty_filter {
                None => "Both treaties",
                Some(TreatyKey::Uncc) => "UN only",
                Some(TreatyKey::Bc) => "Budapest only",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.treaty_filter, None, "Both treaties");
                ui.selectable_value(&mut state.treaty_filter, Some(TreatyKey::Uncc), "UN only");
                ui.selectable_value(
                    &mut state.treaty_filter,
                    Some(TreatyKey::Bc),
                    "Budapest only",
                );
            });
        let layer_names: Vec<String> = state
            .workspace
            .layers
            .iter()
            .map(|l| l.name().to_owned())
            .collect();
        egui::ComboBox::new("layer_filter", "Layer")
            .selected_text(
                state
                    .layer_filter
                    .and_then(|l| layer_names.get(l).cloned())
                    .unwrap_or_else(|| "All layers".into()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.layer_filter, None, "All layers");
                for (index, name) in layer_names.iter().enumerate() {
                    ui.selectable_value(&mut state.layer_filter, Some(index), name);
                }
            });
        ui.checkbox(&mut state.orphans_only, "Orphans only");
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("annotation_list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            list_ui(ui, state, library, &mut commands);
        });
    commands
}

fn list_ui(
    ui: &mut Ui,
    state: &mut AnnotationUi,
    library: &Library,
    commands: &mut Vec<PanelCommand>,
) {
    let resolutions = state.workspace.resolutions(library);
    let filter = state.tag_filter.trim().to_lowercase();
    let mut shown = 0;
    let mut orphans = 0;
    let mut copy = None;
    let mut delete = None;
    let layer_names: Vec<(usize, String, bool)> = state
        .workspace
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.name().to_owned(), l.read_only))
        .collect();
    for (layer_index, layer) in state.workspace.layers.iter().enumerate() {
        if !layer.visible || state.layer_filter.is_some_and(|only| only != layer_index) {
            continue;
        }
        for (position, annotation) in layer.file.annotations.iter().enumerate() {
            let Some(resolution) = resolutions.get(layer_index, position) else {
                continue;
            };
            let orphan = resolution.is_orphan();
            orphans += usize::from(orphan);
            let treaty = TreatyKey::of_id(&annotation.anchor.provision);
            if state.orphans_only && !orphan
                || state.treaty_filter.is_some_and(|only| treaty != Some(only))
                || !filter.is_empty()
                    && !annotation
                        .tags
                        .iter()
                        .any(|tag| tag.to_lowercase().starts_with(&filter))
            {
                continue;
            }
            shown += 1;
            if shown > LIST_LIMIT {
                continue;
            }
            let pinpoint = library
                .get(&annotation.anchor.provision)
                .map_or("(unknown provision)".to_owned(), |p| p.pinpoint.clone());
            let treaty_name = match treaty {
                Some(TreatyKey::Uncc) => "UN",
                Some(TreatyKey::Bc) => "Budapest",
                None => "?",
            };
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .link(format!("{treaty_name} {pinpoint}"))
                        .on_hover_text(format!("Go to {}", annotation.anchor.provision))
                        .clicked()
                    {
                        commands.push(PanelCommand::GoTo(annotation.anchor.provision.to_string()));
                    }
                    ui.label(egui::RichText::new(layer.name()).small());
                    if let Resolution::Orphan(reason) = resolution {
                        ui.label(egui::RichText::new(format!("ORPHAN: {reason}")).strong());
                    }
                });
                if !annotation.anchor.quote.is_empty() {
                    ui.label(
                        egui::RichText::new(format!("“{}”", annotation.anchor.quote)).italics(),
                    );
                }
                if !annotation.note.is_empty() {
                    ui.label(&annotation.note);
                }
                if !annotation.tags.is_empty() {
                    ui.label(
                        egui::RichText::new(format!("Tags: {}", annotation.tags.join(", ")))
                            .small(),
                    );
                }
                ui.horizontal_wrapped(|ui| {
                    if !layer.read_only {
                        if ui.small_button(format!("Edit {}", annotation.id)).clicked() {
                            commands.push(PanelCommand::Edit {
                                layer: layer_index,
                                id: annotation.id.clone(),
                            });
                        }
                        if ui
                            .small_button(format!("Delete {}", annotation.id))
                            .clicked()
                        {
                            delete = Some((layer_index, annotation.id.clone()));
                        }
                    }
                    ui.menu_button(format!("Copy {} to…", annotation.id), |ui| {
                        for (target, name, read_only) in &layer_names {
                            if *target != layer_index && !read_only && ui.button(name).clicked() {
                                copy = Some((layer_index, annotation.id.clone(), *target));
                                ui.close();
                            }
                        }
                    });
                });
            });
        }
    }
    if shown > LIST_LIMIT {
        ui.label(format!(
            "{} more not listed: filter by tag, treaty or layer to narrow the list.",
            shown - LIST_LIMIT
        ));
    }
    ui.label(format!("{shown} matching · {orphans} orphans"));
    if let Some((layer, id)) = delete {
        if let Err(error) = state.workspace.delete_annotation(layer, &id) {
            state.message = error.to_string();
        }
    }
    if let Some((from, id, to)) = copy {
        match state.workspace.copy_to(from, &id, to) {
            Ok(()) => state.message = "Copied.".into(),
            Err(error) => state.message = error.to_string(),
        }
    }
}

/// The Annotate dialog. Returns true when the annotation was saved.
pub fn dialog_ui(
    ctx: &egui::Context,
    state: &mut AnnotationUi,
    library: &Library,
    author: &str,
) -> bool {
    let Some(draft) = state.draft.as_mut() else {
        return false;
    };
    let Some(provision) = library.get(&draft.provision) else {
        state.draft = None;
        return false;
    };
    let mut open = true;
    let mut save = false;
    let mut cancel = false;
    let quote_found =
        draft.quote.trim().is_empty() || provision.text.contains(draft.quote.as_str());
    let editable_layers: Vec<(usize, String)> = state
        .workspace
        .layers
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.read_only)
        .map(|(i, l)| (i, l.name().to_owned()))
        .collect();
    egui::Window::new(format!("Annotate {}", provision.pinpoint))
        .id(egui::Id::unique("annotate_dialog"))
        .open(&mut open)
        .default_size([520.0, 420.0])
        .show(ctx, |ui| {
            ui.label("Select words in the text to quote them, or type them below. An empty quote annotates the whole provision.");
            let mut text = provision.text.as_str();
            let output = egui::TextEdit::multiline(&mut text).desired_rows(4).desired_width(f32::INFINITY).show(ui);
            if let Some(range) = output.cursor_range {
                let (a, b) = (range.primary.index.0, range.secondary.index.0);
                if a != b {
                    let (start, end) = (a.min(b), a.max(b));
                    draft.quote = provision.text.chars().skip(start).take(end - start).collect();
                    draft.quote_at = provision.text.char_indices().nth(start).map(|(byte, _)| byte);
                }
            }
            let quote_label = ui.label("Quote (exact words from the provision)");
            ui.add(egui::TextEdit::singleline(&mut draft.quote).desired_width(f32::INFINITY)).labelled_by(quote_label.id);
            if !quote_found {
                ui.label(egui::RichText::new("These words are not in the provision's text.").strong());
            }
            let note_label = ui.label("Note");
            ui.add(egui::TextEdit::multiline(&mut draft.note).desired_rows(3).desired_width(f32::INFINITY)).labelled_by(note_label.id);
            let tags_label = ui.label("Tags (comma-separated, e.g. safeguard/proportionality)");
            ui.add(egui::TextEdit::singleline(&mut draft.tags).desired_width(f32::INFINITY)).labelled_by(tags_label.id);
            ui.horizontal(|ui| {
                ui.label("Colour");
                ui.color_edit_button_srgb(&mut draft.color).on_hover_text("Annotation colour");
                egui::ComboBox::new("annotate_layer", "Layer")
                    .selected_text(editable_layers.iter().find(|(i, _)| *i == draft.layer).map_or("?", |(_, n)| n.as_str()))
                    .show_ui(ui, |ui| {
                        for (index, name) in &editable_layers {
                            ui.selectable_value(&mut draft.layer, *index, name);
                        }
                    });
            });
            ui.horizontal(|ui| {
                if ui.add_enabled(quote_found, egui::Button::new("Save annotation")).clicked() {
                    save = true;
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
    if !open || cancel {
        state.draft = None;
        return false;
    }
    if save {
        if let Err(message) = state.commit_draft(library, author) {
            state.message = message;
            return false;
        }
        return true;
    }
    false
}

/// The "Link to…" bar shown while a link is being made.
pub fn link_bar_ui(
    ui: &mut Ui,
    state: &mut AnnotationUi,
    library: &Library,
    selected: Option<String>,
    author: &str,
) {
    enum Action {
        Create(String),
        Cancel,
    }
    let mut action = None;
    {
        let Some(draft) = state.link_draft.as_mut() else {
            return;
        };
        let from = library
            .get(&draft.from)
            .map_or(draft.from.clone(), |p| p.pinpoint.clone());
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Linking from {from}: select the other provision, then"
            ));
            egui::ComboBox::new("link_relation", "Relation")
                .selected_text(relation_label(&draft.relation))
                .show_ui(ui, |ui| {
                    for relation in [
                        LinkRelation::Corresponds,
                        LinkRelation::SafeguardFor,
                        LinkRelation::Limits,
                        LinkRelation::Expands,
                        LinkRelation::Contradicts,
                        LinkRelation::SeeAlso,
                        LinkRelation::Custom(String::new()),
                    ] {
                        let label = relation_label(&relation);
                        ui.selectable_value(&mut draft.relation, relation, label);
                    }
                });
            if matches!(draft.relation, LinkRelation::Custom(_)) {
                let label = ui.label("Label");
                ui.add(egui::TextEdit::singleline(&mut draft.custom_label).desired_width(120.0))
                    .labelled_by(label.id);
            }
            let note_label = ui.label("Link note");
            ui.add(egui::TextEdit::singleline(&mut draft.note).desired_width(200.0))
                .labelled_by(note_label.id);
            let target = selected.filter(|id| *id != draft.from);
            if ui
                .add_enabled(target.is_some(), egui::Button::new("Create link"))
                .clicked()
            {
                action = target.map(Action::Create);
            }
            if ui.button("Cancel link").clicked() {
                action = Some(Action::Cancel);
            }
        });
    }
    match action {
        Some(Action::Create(to)) => {
            if let Err(message) = state.commit_link(library, &to, author) {
                state.message = message;
            }
        }
        Some(Action::Cancel) => state.link_draft = None,
        None => {}
    }
}

/// The safeguards matrix window: rows = powers and cooperation measures, columns = UN / Budapest.
/// Returns a provision the user chose to go to.
pub fn matrix_ui(
    ctx: &egui::Context,
    state: &mut AnnotationUi,
    library: &Library,
) -> Option<String> {
    if !state.show_matrix {
        return None;
    }
    let mut open = true;
    let mut go_to = None;
    let rows = safeguards_matrix(state.workspace.layers.iter().filter(|l| l.visible), library);
    egui::Window::new("Safeguards matrix")
        .id(egui::Id::unique("safeguards_matrix"))
        .open(&mut open)
        .default_size([900.0, 600.0])
        .show(ctx, |ui| {
            ui.label("Rows: powers and cooperation measures. Cells: the safeguard provisions linked to them (visible layers). An empty cell means no safeguard is linked.");
            egui::ScrollArea::both().id_salt("matrix_scroll").show(ui, |ui| {
                egui::Grid::new("matrix_grid").striped(true).num_columns(3).show(ui, |ui| {
                    ui.label(egui::RichText::new("Measure").strong());
                    ui.label(egui::RichText::new("UN Convention").strong());
                    ui.label(egui::RichText::new("Budapest Convention").strong());
                    ui.end_row();
                    for row in &rows {
                        ui.label(row.measure.replace("24-7", "24/7").replace('-', " "));
                        for column in TreatyKey::ALL {
                            ui.vertical(|ui| {
                                ui.set_max_width(320.0);
                                if !row.powers[column].is_empty() {
                                    ui.label(egui::RichText::new(format!("power: {}", library.pinpoint_list(&row.powers[column]))).small());
                                }
                                if row.safeguards[column].is_empty() {
                                    ui.label("none linked");
                                }
                                ui.horizontal_wrapped(|ui| {
                                    for id in &row.safeguards[column] {
                                        let Some(provision) = library.get(id) else { continue };
                                        let preview: String = provision.text.chars().take(300).collect();
                                        if ui.link(format!("{} {}", column.short_label(), provision.pinpoint)).on_hover_text(preview).clicked() {
                                            go_to = Some(id.to_string());
                                        }
                                    }
                                });
                            });
                        }
                        ui.end_row();
                    }
                });
            });
        });
    state.show_matrix = open;
    go_to
}
