//! The Crosswalk window: outline, two treaty panes, search bar, selection bar, About windows.

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::diff::Change;
use crate::export::Selection;
use crate::model::{Kind, Library, NodeIx, TreatyKey};
use crate::search::{self, Field, SearchHit, SearchIndex};

use super::annotate::{self, AnnotationUi, LinkDraft, PanelCommand};
use super::export_dialog::{self, ExportState, Scope};
use super::outline;
use super::pairs::{PairState, change_description};
use super::reader::{Highlight, Mark, PaneEvent, ReaderPane};
use super::theme::{Palette, Themes};

/// Settings that survive a restart (stored by eframe next to the window geometry).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub dark_mode: bool,
    /// Body text size in points.
    pub font_size: f32,
    /// The treaty shown in the left pane.
    pub left: TreatyKey,
    pub show_outline: bool,
    /// Show the counterpart of the selected provision with word-level differences.
    pub pair_view: bool,
    /// Treat equivalent terms as equal in the diff.
    pub terms: bool,
    /// Show the inline (merged) comparison below the panes.
    pub inline_view: bool,
    /// Scrolling one pane brings the other to the linked provision.
    pub sync_scroll: bool,
    /// Name written into new annotations.
    pub author: String,
    pub show_annotations: bool,
    /// Annotation files opened or saved recently, newest first.
    pub recent_files: Vec<std::path::PathBuf>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            dark_mode: false,
            font_size: DEFAULT_FONT_SIZE,
            left: TreatyKey::Uncc,
            show_outline: true,
            pair_view: true,
            terms: true,
            inline_view: false,
            sync_scroll: true,
            author: String::new(),
            show_annotations: false,
            recent_files: Vec::new(),
        }
    }
}

pub const DEFAULT_FONT_SIZE: f32 = 16.0;
pub const MIN_FONT_SIZE: f32 = 10.0;
pub const MAX_FONT_SIZE: f32 = 40.0;
const SETTINGS_KEY: &str = "crosswalk-settings";

/// The search box and its results.
#[derive(Default)]
pub struct SearchState {
    pub query: String,
    /// The query the hits belong to; hits are recomputed when `query` differs.
    searched: String,
    pub hits: Vec<SearchHit>,
    /// Index into `hits` of the match the user stepped to.
    pub current: Option<usize>,
}

/// The whole app: persistent settings plus runtime state derived from the embedded texts.
pub struct CrosswalkApp {
    pub settings: Settings,
    pub corpus: Arc<Corpus>,
    pub pairs: PairState,
    /// The selection (and settings) the pair view was last computed for.
    pair_inputs: Option<(Option<(TreatyKey, NodeIx)>, bool, bool)>,
    /// Top article of each pane in the previous frame, to notice the user scrolling.
    last_top_article: [Option<NodeIx>; 2],
    /// Annotation layers, dialogs and panel state.
    pub notes: AnnotationUi,
    /// The workspace revision the panes' annotation highlights were built from.
    notes_revision: Option<u64>,
    pub export: ExportState,
    index: SearchIndex,
    /// Panes in treaty order (UN, Budapest); `settings.left` decides which is drawn left.
    panes: [ReaderPane; 2],
    pub search: SearchState,
    pub selected: Option<(TreatyKey, NodeIx)>,
    /// The pane that keyboard navigation moves in.
    pub active: TreatyKey,
    /// Open About windows.
    pub about_open: [bool; 2],
    /// Last message for the status line ("Copied …").
    pub status: String,
    themes: Themes,
    focus_search: bool,
    applied_dark_mode: Option<bool>,
}

/// The first `max_chars` characters of `text`, with an ellipsis when cut.
fn abbreviate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn slot(key: TreatyKey) -> usize {
    match key {
        TreatyKey::Uncc => 0,
        TreatyKey::Bc => 1,
    }
}

pub const SEARCH_BOX_LABEL: &str = "Search both treaties";

impl CrosswalkApp {
    pub fn new(corpus: Arc<Corpus>, settings: Settings) -> CrosswalkApp {
        let library = &corpus.library;
        let mut panes = [ReaderPane::new(&library.uncc), ReaderPane::new(&library.bc)];
        let pairs = PairState::new(&corpus);
        for key in TreatyKey::ALL {
            panes[slot(key)].set_badges(counterpart_badges(library, &pairs, key));
        }
        CrosswalkApp {
            notes: AnnotationUi::new(library),
            export: ExportState::default(),
            notes_revision: None,
            index: SearchIndex::new(library),
            active: settings.left,
            settings,
            pairs,
            pair_inputs: None,
            last_top_article: [None; 2],
            corpus,
            panes,
            search: SearchState::default(),
            selected: None,
            about_open: [false; 2],
            status: String::new(),
            themes: Themes::embedded(),
            focus_search: false,
            applied_dark_mode: None,
        }
    }

    /// Restores settings saved by a previous run.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        corpus: Arc<Corpus>,
    ) -> CrosswalkApp {
        let settings = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, SETTINGS_KEY))
            .unwrap_or_default();
        CrosswalkApp::new(corpus, settings)
    }

    pub fn library(&self) -> &Library {
        &self.corpus.library
    }

    pub fn pane(&self, key: TreatyKey) -> &ReaderPane {
        &self.panes[slot(key)]
    }

    fn right(&self) -> TreatyKey {
        self.settings.left.other()
    }

    /// Selects a provision and scrolls its pane to it.
    pub fn select(&mut self, key: TreatyKey, node: NodeIx) {
        self.selected = Some((key, node));
        self.active = key;
        for pane in &mut self.panes {
            pane.clear_selected_words();
        }
        self.panes[slot(key)].scroll_to(node);
    }

    pub fn set_font_size(&mut self, size: f32) {
        self.settings.font_size = size.clamp(MIN_FONT_SIZE, MAX_FONT_SIZE).round();
    }

    pub fn swap_panes(&mut self) {
        self.settings.left = self.settings.left.other();
    }

    /// Re-runs the search if the query changed, and updates the panes' highlights.
    fn refresh_search(&mut self) {
        if self.search.query == self.search.searched {
            return;
        }
        self.search.searched = self.search.query.clone();
        self.search.hits = self.index.search(&self.search.query);
        self.search.current = None;
        self.push_highlights();
    }

    fn push_highlights(&mut self) {
        let diff = match (self.settings.pair_view, self.pairs.current) {
            (true, Some(link)) => self.pairs.diff(&self.corpus, link, self.settings.terms),
            _ => None,
        };
        for key in TreatyKey::ALL {
            let mut map: BTreeMap<NodeIx, Vec<Highlight>> = BTreeMap::new();
            if let Some(diff) = &diff {
                for (node, range, change) in diff.spans(key) {
                    let mark = match change {
                        Change::Deleted => Mark::Deleted,
                        Change::Inserted => Mark::Inserted,
                        Change::Equivalent => Mark::Equivalent,
                        Change::Equal => continue,
                    };
                    map.entry(node).or_default().push(Highlight {
                        field: Field::Text,
                        range,
                        mark,
                    });
                }
            }
            for (node, range) in self.notes.highlight_ranges(&self.corpus.library, key) {
                map.entry(node).or_default().push(Highlight {
                    field: Field::Text,
                    range,
                    mark: Mark::Annotated,
                });
            }
            for (index, hit) in self
                .search
                .hits
                .iter()
                .enumerate()
                .filter(|(_, hit)| hit.treaty == key)
            {
                let mark = if self.search.current == Some(index) {
                    Mark::CurrentMatch
                } else {
                    Mark::Match
                };
                map.entry(hit.node).or_default().push(Highlight {
                    field: hit.field,
                    range: hit.range.clone(),
                    mark,
                });
            }
            for spans in map.values_mut() {
                spans.sort_by_key(|span| span.range.start);
            }
            self.panes[slot(key)].set_highlights(map);
        }
    }

    /// Steps to the next (or previous) match, wrapping around, and scrolls to it.
    pub fn step_match(&mut self, forward: bool) {
        self.refresh_search();
        let count = self.search.hits.len();
        if count == 0 {
            return;
        }
        let next = match (self.search.current, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(current), true) => (current + 1) % count,
            (Some(current), false) => (current + count - 1) % count,
        };
        self.search.current = Some(next);
        let hit = self.search.hits[next].clone();
        self.active = hit.treaty;
        self.panes[slot(hit.treaty)].scroll_to(hit.node);
        self.push_highlights();
    }

    /// Plain-language summary of the search, e.g. "UN: 12 · Budapest: 30 · match 3 of 42".
    pub fn search_summary(&self) -> String {
        if self.search.searched.trim().is_empty() {
            return String::new();
        }
        let counts = search::count_by_treaty(&self.search.hits);
        let mut text = format!("UN: {} · Budapest: {}", counts[0].1, counts[1].1);
        if let Some(current) = self.search.current {
            text.push_str(&format!(
                " · match {} of {}",
                current + 1,
                self.search.hits.len()
            ));
        }
        text
    }

    fn copy(&mut self, ui: &Ui, text: String, what: &str) {
        ui.ctx().copy_text(text);
        self.status = format!("Copied {what} to the clipboard");
    }

    /// Moves the selection to the previous/next row's provision in the active pane.
    fn move_selection(&mut self, forward: bool, by_article: bool) {
        let key = self.active;
        let treaty = self.corpus.library.treaty(key);
        let start = match self.selected {
            Some((selected_key, node)) if selected_key == key => node,
            _ => self.panes[slot(key)].top_node.unwrap_or(0),
        };
        let wanted = |ix: NodeIx| {
            let node = treaty.node(ix);
            if by_article {
                node.kind == crate::model::Kind::Article
            } else {
                !node.labelled_text().is_empty() || node.kind == crate::model::Kind::Article
            }
        };
        let found = if forward {
            (start + 1..treaty.nodes.len()).find(|&ix| wanted(ix))
        } else {
            (0..start).rev().find(|&ix| wanted(ix))
        };
        if let Some(ix) = found {
            self.select(key, ix);
        }
    }

    fn handle_keys(&mut self, ui: &Ui) {
        let shortcut = |modifiers, key| KeyboardShortcut::new(modifiers, key);
        let typing = ui.ctx().memory(|memory| memory.focused().is_some())
            && ui.ctx().egui_wants_keyboard_input();
        ui.input_mut(|input| {
            if input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::F)) {
                self.focus_search = true;
            }
            if input.consume_shortcut(&shortcut(Modifiers::SHIFT, Key::F3)) {
                self.step_match(false);
            }
            if input.consume_shortcut(&shortcut(Modifiers::NONE, Key::F3)) {
                self.step_match(true);
            }
            if input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Equals))
                || input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Plus))
            {
                self.set_font_size(self.settings.font_size + 2.0);
            }
            if input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Minus)) {
                self.set_font_size(self.settings.font_size - 2.0);
            }
            if input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Num0)) {
                self.set_font_size(DEFAULT_FONT_SIZE);
            }
            if input.consume_shortcut(&shortcut(Modifiers::NONE, Key::F6)) {
                self.active = self.active.other();
            }
            if input.consume_shortcut(&shortcut(Modifiers::NONE, Key::F9)) {
                self.settings.show_outline = !self.settings.show_outline;
            }
            if input.consume_shortcut(&shortcut(Modifiers::NONE, Key::F7)) {
                self.settings.pair_view = !self.settings.pair_view;
            }
            if input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::T)) {
                self.settings.terms = !self.settings.terms;
            }
            if input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::I)) {
                self.settings.inline_view = !self.settings.inline_view;
            }
            if input.consume_shortcut(&shortcut(Modifiers::ALT, Key::ArrowRight)) {
                self.step_pair(true);
            }
            if input.consume_shortcut(&shortcut(Modifiers::ALT, Key::ArrowLeft)) {
                self.step_pair(false);
            }
            if !typing {
                if input.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z))
                {
                    self.notes.workspace.redo();
                }
                if input.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Z)) {
                    self.notes.workspace.undo();
                }
                for (key, forward) in [(Key::ArrowDown, true), (Key::ArrowUp, false)] {
                    if input.consume_shortcut(&shortcut(Modifiers::COMMAND, key)) {
                        self.move_selection(forward, true);
                    }
                    if input.consume_shortcut(&shortcut(Modifiers::NONE, key)) {
                        self.move_selection(forward, false);
                    }
                }
            }
        });
        // Ctrl+C arrives as a Copy event; outside text fields it copies the words selected in a pane.
        let copy_words = !typing
            && ui.input(|input| input.events.iter().any(|event| *event == egui::Event::Copy));
        if copy_words {
            if let Some(quote) = self.quote_citation() {
                self.copy(ui, quote, "the quote");
            }
        }
        if !typing && ui.input_mut(|input| input.consume_key(Modifiers::NONE, Key::Escape)) {
            for pane in &mut self.panes {
                pane.clear_selected_words();
            }
        }
        let copy_citation = ui.input_mut(|input| {
            input.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::C))
        });
        if copy_citation {
            if let Some((key, node)) = self.selected {
                let citation = self.corpus.library.treaty(key).citation(node);
                self.copy(ui, citation, "the citation");
            }
        }
    }

    /// The words selected in the selected provision, in quotation marks after the treaty and pinpoint.
    fn quote_citation(&self) -> Option<String> {
        let (key, node) = self.selected?;
        let treaty = self.corpus.library.treaty(key);
        let range = self.panes[slot(key)].selected_words(treaty, node)?;
        let provision = treaty.node(node);
        Some(format!(
            "{}, {}: “{}”",
            treaty.meta.short_name,
            provision.pinpoint,
            provision.text.get(range)?
        ))
    }

    /// Draws the whole window into `ui` (used by eframe and by the UI tests alike).
    pub fn ui(&mut self, ui: &mut Ui) {
        if self.applied_dark_mode != Some(self.settings.dark_mode) {
            ui.ctx().set_theme(if self.settings.dark_mode {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.applied_dark_mode = Some(self.settings.dark_mode);
        }
        ui.ctx()
            .options_mut(|options| options.zoom_with_keyboard = false);
        self.handle_keys(ui);
        self.refresh_search();
        self.refresh_pair();
        for path in self.notes.poll_dialogs(&self.corpus.library) {
            self.remember_recent(path);
        }
        if self.notes_revision != Some(self.notes.workspace.revision()) {
            self.notes_revision = Some(self.notes.workspace.revision());
            self.refresh_user_links();
            self.push_highlights();
        }
        self.handle_close_request(ui);

        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        egui::Panel::top("pair_bar").show(ui, |ui| self.pair_bar_ui(ui));
        egui::Panel::bottom("selection_bar").show(ui, |ui| self.selection_bar_ui(ui));
        if self.settings.pair_view && self.settings.inline_view {
            egui::Panel::bottom("inline_view")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| self.inline_view_ui(ui));
        }
        if self.settings.show_annotations {
            egui::Panel::right("annotations")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| self.annotations_panel_ui(ui));
        }
        if self.settings.show_outline {
            egui::Panel::left("outline")
                .resizable(true)
                .default_size(260.0)
                .show(ui, |ui| self.outline_ui(ui));
        }
        egui::CentralPanel::default_margins().show(ui, |ui| self.panes_ui(ui));
        self.sync_scroll();
        self.about_windows_ui(ui);
        let author = self.author();
        annotate::dialog_ui(ui.ctx(), &mut self.notes, &self.corpus.library, &author);
        if let Some(id) = annotate::matrix_ui(ui.ctx(), &mut self.notes, &self.corpus.library) {
            self.go_to(&id);
        }
        self.quit_prompt_ui(ui);
        self.export_ui(ui);
    }

    /// The provision IDs of the pair on screen, for "export the current pair".
    fn current_pair_ids(&self) -> Option<Vec<String>> {
        let link = self.pairs.links.get(self.pairs.current?)?;
        Some(link.uncc.iter().chain(&link.bc).cloned().collect())
    }

    fn current_chapter(&self) -> Option<String> {
        let (key, mut node) = self.selected?;
        let treaty = self.corpus.library.treaty(key);
        while treaty.node(node).kind != Kind::Chapter {
            node = treaty.node(node).parent?;
        }
        Some(treaty.node(node).id.clone())
    }

    /// The selection the Export window describes.
    pub fn export_selection(&self) -> Selection {
        match self.export.scope {
            Scope::All => Selection::All,
            Scope::CurrentPair => self
                .current_pair_ids()
                .map_or(Selection::All, Selection::Pairs),
            Scope::CurrentChapter => self
                .current_chapter()
                .map_or(Selection::All, |c| Selection::Chapters(vec![c])),
            Scope::Tag => Selection::Tag(self.export.tag.trim().to_owned()),
            Scope::Matrix => Selection::Matrix,
        }
    }

    /// Starts an export to `path` with the Export window's settings (used by its button and by tests).
    pub fn start_export(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        let selection = self.export_selection();
        let layers: Vec<crate::annotations::Layer> =
            if self.export.include_notes || selection == Selection::Matrix {
                self.notes
                    .workspace
                    .layers
                    .iter()
                    .filter(|l| l.visible)
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
        self.export
            .start(ctx, Arc::clone(&self.corpus), selection, layers, path);
    }

    fn export_ui(&mut self, ui: &Ui) {
        if let Some(path) = self.export.poll() {
            self.start_export(ui.ctx(), path);
        }
        let pair = self
            .pairs
            .current
            .and_then(|index| self.pairs.links.get(index))
            .map(|link| {
                let name = |ids: &[String]| {
                    ids.iter()
                        .filter_map(|id| self.corpus.library.get(id))
                        .map(|n| n.pinpoint.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("UN {} | Budapest {}", name(&link.uncc), name(&link.bc))
            });
        let chapter = self
            .current_chapter()
            .and_then(|id| self.corpus.library.get(&id).map(|n| n.title_line()));
        export_dialog::window_ui(
            ui.ctx(),
            &mut self.export,
            pair.as_deref(),
            chapter.as_deref(),
        );
    }

    /// Applies command-line startup options (also used by the screenshot script).
    pub fn apply_startup(&mut self, startup: &crate::cli::Startup) {
        if let Some(id) = &startup.open {
            self.go_to(id);
        }
        if let Some(query) = &startup.search {
            self.search.query = query.clone();
            self.step_match(true);
        }
        for path in &startup.annotation_files {
            if let Some(opened) = self.notes.open(path, false, &self.corpus.library) {
                self.remember_recent(opened);
            }
        }
        if startup.show_annotations || !startup.annotation_files.is_empty() {
            self.settings.show_annotations = true;
        }
        if startup.matrix {
            self.notes.show_matrix = true;
        }
        if startup.inline {
            self.settings.inline_view = true;
            self.settings.pair_view = true;
        }
    }

    fn author(&self) -> String {
        if self.settings.author.trim().is_empty() {
            "Me".to_owned()
        } else {
            self.settings.author.trim().to_owned()
        }
    }

    /// Selects a provision by ID and scrolls to it.
    pub fn go_to(&mut self, id: &str) {
        if let Some((key, ix)) = self.corpus.library.resolve(id) {
            self.select(key, ix);
        }
    }

    fn remember_recent(&mut self, path: std::path::PathBuf) {
        self.settings.recent_files.retain(|known| *known != path);
        self.settings.recent_files.insert(0, path);
        self.settings.recent_files.truncate(8);
    }

    fn annotations_panel_ui(&mut self, ui: &mut Ui) {
        let author_label = ui.label("Your name (for new annotations)");
        ui.add(egui::TextEdit::singleline(&mut self.settings.author).hint_text("Me"))
            .labelled_by(author_label.id);
        let recent = self.settings.recent_files.clone();
        for command in annotate::panel_ui(ui, &mut self.notes, &self.corpus.library, &recent) {
            match command {
                PanelCommand::GoTo(id) => self.go_to(&id),
                PanelCommand::RememberRecent(path) => self.remember_recent(path),
                PanelCommand::Edit { layer, id } => {
                    let Some(annotation) = self
                        .notes
                        .workspace
                        .layers
                        .get(layer)
                        .and_then(|l| l.file.annotations.iter().find(|a| a.id == id))
                        .cloned()
                    else {
                        continue;
                    };
                    self.notes.start_annotation(
                        &annotation.anchor.provision,
                        &annotation.anchor.quote,
                        None,
                    );
                    if let Some(draft) = self.notes.draft.as_mut() {
                        draft.note = annotation.note.clone();
                        draft.tags = annotation.tags.join(", ");
                        draft.layer = layer;
                        draft.editing = Some(id);
                    }
                }
            }
        }
    }

    /// Asks before quitting when a changed layer has no file; layers with a file are saved.
    fn handle_close_request(&mut self, ui: &Ui) {
        if !ui.input(|input| input.viewport().close_requested()) {
            return;
        }
        for error in self.notes.workspace.save_dirty() {
            self.notes.message = format!("Not saved: {error}");
        }
        if !self.notes.allow_close && !self.notes.workspace.unsaved_without_file().is_empty() {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.notes.quit_prompt = true;
        }
    }

    fn quit_prompt_ui(&mut self, ui: &Ui) {
        if !self.notes.quit_prompt {
            return;
        }
        let names: Vec<String> = self
            .notes
            .workspace
            .unsaved_without_file()
            .iter()
            .map(|&i| self.notes.workspace.layers[i].name().to_owned())
            .collect();
        egui::Window::new("Unsaved annotations")
            .id(egui::Id::unique("quit_prompt"))
            .collapsible(false)
            .resizable(false)
            .show(ui.ctx(), |ui| {
                ui.label(format!(
                    "These layers have changes that are not in any file: {}.",
                    names.join(", ")
                ));
                ui.horizontal(|ui| {
                    if ui.button("Keep working").clicked() {
                        self.notes.quit_prompt = false;
                        self.settings.show_annotations = true;
                        self.notes.message = "Use “Save … as…” in the Annotations panel.".into();
                    }
                    if ui.button("Quit without saving").clicked() {
                        self.notes.allow_close = true;
                        self.notes.quit_prompt = false;
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                });
            });
    }

    /// Recomputes the pair on screen when the selection or the pair settings changed.
    fn refresh_pair(&mut self) {
        let inputs = (self.selected, self.settings.pair_view, self.settings.terms);
        if self.pair_inputs == Some(inputs) {
            return;
        }
        let selection_changed = self
            .pair_inputs
            .is_none_or(|(selected, _, _)| selected != self.selected);
        self.pair_inputs = Some(inputs);
        if self.settings.pair_view && selection_changed {
            if let Some((key, node)) = self.selected {
                let corpus = Arc::clone(&self.corpus);
                let treaty = corpus.library.treaty(key);
                let id = &treaty.node(node).id;
                let links = self.pairs.links_for(id);
                // Keep the current pair when it still covers the selection (stepping through pairs).
                let keep = self
                    .pairs
                    .current
                    .is_some_and(|current| links.contains(&current));
                if !keep {
                    self.pairs.current = links.first().copied();
                    self.reveal_counterpart(key);
                }
                let article = treaty.article_of(node).map_or(node, |a| a);
                self.pairs.suggest(&corpus, &treaty.node(article).id);
            }
        }
        self.push_highlights();
    }

    /// Scrolls the pane that does not hold the selection to the current pair's provision there.
    fn reveal_counterpart(&mut self, selected_side: TreatyKey) {
        let Some(link) = self
            .pairs
            .current
            .and_then(|index| self.pairs.links.get(index))
        else {
            return;
        };
        let other = selected_side.other();
        if let Some((key, ix)) = link
            .ids(other)
            .first()
            .and_then(|id| self.corpus.library.resolve(id))
        {
            self.panes[slot(key)].scroll_to(ix);
        }
    }

    /// Steps to the next (or previous) pair in treaty order, selecting its provision in the active pane.
    pub fn step_pair(&mut self, forward: bool) {
        self.settings.pair_view = true;
        let Some(next) = self.pairs.step(forward) else {
            return;
        };
        self.pairs.current = Some(next);
        let link = &self.pairs.links[next];
        let key = if link.ids(self.active).is_empty() {
            self.active.other()
        } else {
            self.active
        };
        let Some((key, ix)) = link
            .ids(key)
            .first()
            .and_then(|id| self.corpus.library.resolve(id))
        else {
            return;
        };
        self.selected = Some((key, ix));
        self.panes[slot(key)].scroll_to(ix);
        self.reveal_counterpart(key);
    }

    /// When the user scrolls a pane to another article, bring the other pane to its counterpart.
    /// Only user scrolling drives this (jumps do not), and only one pane per frame, so the panes
    /// never chase each other.
    fn sync_scroll(&mut self) {
        let tops = TreatyKey::ALL.map(|key| {
            let pane = &self.panes[slot(key)];
            pane.top_node
                .and_then(|node| self.corpus.library.treaty(key).article_of(node))
        });
        let previous = std::mem::replace(&mut self.last_top_article, tops);
        if !self.settings.sync_scroll {
            return;
        }
        for key in TreatyKey::ALL {
            let pane = &self.panes[slot(key)];
            let (Some(article), true) = (tops[slot(key)], tops[slot(key)] != previous[slot(key)])
            else {
                continue;
            };
            if pane.scrolled_by_jump || previous[slot(key)].is_none() {
                continue;
            }
            let id = &self.corpus.library.treaty(key).node(article).id;
            let target = self
                .pairs
                .links_for(id)
                .first()
                .and_then(|&link| self.pairs.links[link].ids(key.other()).first().cloned());
            if let Some((other, ix)) = target.and_then(|id| self.corpus.library.resolve(&id)) {
                self.panes[slot(other)].scroll_to(ix);
            }
            break;
        }
    }

    fn pair_bar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.settings.pair_view, "Pair view")
                .on_hover_text("Show counterparts and differences (F7)");
            if !self.settings.pair_view {
                ui.label(
                    "Turn on to see each provision's counterpart and the word-level differences.",
                );
                return;
            }
            if ui
                .button("Previous pair")
                .on_hover_text("Alt+Left")
                .clicked()
            {
                self.step_pair(false);
            }
            if ui.button("Next pair").on_hover_text("Alt+Right").clicked() {
                self.step_pair(true);
            }
            if let Some((at, total)) = self.pairs.position() {
                ui.label(format!("Pair {at} of {total}"));
            }
            ui.separator();
            ui.checkbox(&mut self.settings.terms, "Terminology-aware")
                .on_hover_text("Equivalent terms are dimmed, not marked as changes (Ctrl+T)");
            ui.checkbox(&mut self.settings.inline_view, "Inline view")
                .on_hover_text("One merged text below the panes (Ctrl+I)");
            ui.checkbox(&mut self.settings.sync_scroll, "Sync scrolling")
                .on_hover_text("Scrolling one pane brings the other to the linked provision");
        });
        if !self.settings.pair_view {
            return;
        }
        let corpus = Arc::clone(&self.corpus);
        let library = &corpus.library;
        match self.pairs.current {
            Some(index) => {
                let link = self.pairs.links[index].clone();
                let names = |ids: &[String]| {
                    ids.iter()
                        .filter_map(|id| library.get(id))
                        .map(|n| n.pinpoint.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let plain = self
                    .pairs
                    .diff(&corpus, index, false)
                    .map_or(0.0, |d| d.similarity());
                let folded = self
                    .pairs
                    .diff(&corpus, index, true)
                    .map_or(0.0, |d| d.similarity());
                let origin = if self.pairs.is_user_link(index) {
                    " · your link"
                } else {
                    ""
                };
                ui.label(format!(
                    "UN {} | Budapest {} · {} · {} · similarity {:.0}% ({:.0}% with terminology){origin}",
                    names(&link.uncc),
                    names(&link.bc),
                    link.relation,
                    link.theme,
                    plain * 100.0,
                    folded * 100.0
                ));
                ui.label(egui::RichText::new(&link.rationale).italics());
                ui.label(format!(
                    "Marks: {}; {}; {}.",
                    change_description(Change::Deleted),
                    change_description(Change::Inserted),
                    change_description(Change::Equivalent)
                ));
            }
            None => match self.selected {
                Some((key, node)) => {
                    let treaty = library.treaty(key);
                    let article = treaty.article_of(node).map_or(node, |a| a);
                    let id = &treaty.node(article).id;
                    match corpus.crosswalk.unmatched_reason(id) {
                        Some(entry) => ui.label(format!(
                            "No counterpart for {}: {}",
                            treaty.node(article).pinpoint,
                            entry.reason
                        )),
                        None => ui.label(format!(
                            "No counterpart is linked for {}.",
                            treaty.node(node).pinpoint
                        )),
                    };
                }
                None => {
                    ui.label("Select a provision, or step through the pairs with Next pair.");
                }
            },
        }
        self.suggestions_ui(ui);
    }

    fn suggestions_ui(&mut self, ui: &mut Ui) {
        let Some((for_id, list)) = self.pairs.suggestions.clone() else {
            return;
        };
        let corpus = Arc::clone(&self.corpus);
        let Some(provision) = corpus.library.get(&for_id) else {
            return;
        };
        let mut chosen = None;
        egui::CollapsingHeader::new(format!(
            "Suggested counterparts for {} (text similarity)",
            provision.pinpoint
        ))
        .id_salt("suggestions")
        .show(ui, |ui| {
            for suggestion in &list {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{} {} — {:.2}",
                        suggestion.pinpoint, suggestion.heading, suggestion.score
                    ));
                    if ui
                        .button(format!("Link to {}", suggestion.pinpoint))
                        .clicked()
                    {
                        chosen = Some(suggestion.clone());
                    }
                });
            }
        });
        if let Some(suggestion) = chosen {
            // The link is stored like any other: a Corresponds link in the first editable layer.
            let (uncc, bc) = match TreatyKey::of_id(&for_id) {
                Some(TreatyKey::Uncc) => (for_id.clone(), suggestion.id.clone()),
                _ => (suggestion.id.clone(), for_id.clone()),
            };
            let Some(layer) = self.notes.default_layer() else {
                return;
            };
            let anchor = |id: &str| {
                corpus
                    .library
                    .get(id)
                    .map(|p| crate::annotations::Anchor::whole(id, &p.text))
                    .unwrap_or_default()
            };
            let now = crate::annotations::now_rfc3339();
            let link = crate::annotations::LinkAnnotation {
                id: self.notes.workspace.new_id("l"),
                ends: vec![anchor(&uncc), anchor(&bc)],
                relation: crate::annotations::LinkRelation::Corresponds,
                tags: vec!["crosswalk/suggested".to_owned()],
                note: format!(
                    "Linked from a suggestion (text similarity {:.2}).",
                    suggestion.score
                ),
                author: self.author(),
                created: now.clone(),
                updated: now,
                evidence: Vec::new(),
            };
            match self.notes.workspace.add_link(layer, link) {
                Ok(()) => {
                    self.refresh_user_links();
                    self.pairs.current = self.pairs.find(&[uncc], &[bc]);
                    self.status = format!(
                        "Linked {} to {} in “{}”",
                        provision.pinpoint,
                        suggestion.pinpoint,
                        self.notes.workspace.layers[layer].name()
                    );
                    if let Some(key) = TreatyKey::of_id(&for_id) {
                        self.reveal_counterpart(key);
                    }
                    self.push_highlights();
                }
                Err(error) => self.status = error.to_string(),
            }
        }
    }

    /// Rebuilds pair view's user links (and the heading notes) from the visible annotation layers.
    fn refresh_user_links(&mut self) {
        let corpus = Arc::clone(&self.corpus);
        self.pairs.set_user_links(
            &corpus,
            super::pairs::user_links(&self.notes.workspace.layers),
        );
        for key in TreatyKey::ALL {
            self.panes[slot(key)].set_badges(counterpart_badges(&corpus.library, &self.pairs, key));
        }
    }

    fn inline_view_ui(&mut self, ui: &mut Ui) {
        let Some(index) = self.pairs.current else {
            ui.label("Inline view: no pair selected.");
            return;
        };
        let corpus = Arc::clone(&self.corpus);
        let Some(diff) = self.pairs.diff(&corpus, index, self.settings.terms) else {
            return;
        };
        let palette = self.themes.for_dark_mode(ui.visuals().dark_mode).clone();
        let font_size = self.settings.font_size;
        ui.label(egui::RichText::new("Inline comparison: struck through = only in Budapest, underlined = only in the UN Convention, dimmed = equivalent terms").strong());
        egui::ScrollArea::vertical()
            .id_salt("inline_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for row in &diff.rows {
                    let pinpoints = format!(
                        "{} | {}",
                        row.uncc.as_ref().map_or("-", |s| s.pinpoint.as_str()),
                        row.bc.as_ref().map_or("-", |s| s.pinpoint.as_str())
                    );
                    ui.label(egui::RichText::new(pinpoints).small());
                    let bc_text = row
                        .bc
                        .as_ref()
                        .map_or("", |s| crate::diff::text_of(&corpus.library, s));
                    let uncc_text = row
                        .uncc
                        .as_ref()
                        .map_or("", |s| crate::diff::text_of(&corpus.library, s));
                    let job = inline_job(
                        &row.diff,
                        bc_text,
                        uncc_text,
                        &palette,
                        font_size,
                        ui.available_width(),
                    );
                    ui.label(job);
                }
            });
    }

    fn toolbar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let outline_label = if self.settings.show_outline {
                "Hide outline"
            } else {
                "Show outline"
            };
            if ui
                .button(outline_label)
                .on_hover_text("Toggle the outline (F9)")
                .clicked()
            {
                self.settings.show_outline = !self.settings.show_outline;
            }
            if ui
                .button("Swap panes")
                .on_hover_text("Show the other treaty on the left")
                .clicked()
            {
                self.swap_panes();
            }
            let notes_label = if self.settings.show_annotations {
                "Hide annotations"
            } else {
                "Show annotations"
            };
            if ui.button(notes_label).clicked() {
                self.settings.show_annotations = !self.settings.show_annotations;
            }
            if ui.button("Safeguards matrix").clicked() {
                self.notes.show_matrix = !self.notes.show_matrix;
            }
            if ui
                .button("Export…")
                .on_hover_text("HTML, Markdown, DOCX, PDF or CSV")
                .clicked()
            {
                self.export.open = true;
            }
            ui.separator();
            if ui
                .button("Smaller text")
                .on_hover_text("Ctrl+Minus")
                .clicked()
            {
                self.set_font_size(self.settings.font_size - 2.0);
            }
            ui.label(format!("{} pt", self.settings.font_size));
            if ui
                .button("Larger text")
                .on_hover_text("Ctrl+Plus")
                .clicked()
            {
                self.set_font_size(self.settings.font_size + 2.0);
            }
            ui.separator();
            let theme_label = if self.settings.dark_mode {
                "Light theme"
            } else {
                "Dark theme"
            };
            if ui.button(theme_label).clicked() {
                self.settings.dark_mode = !self.settings.dark_mode;
            }
        });
        // Search gets a row of its own, so its buttons stay on screen in narrow windows.
        ui.horizontal(|ui| {
            let label = ui.label(SEARCH_BOX_LABEL);
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search.query)
                        .id(egui::Id::unique("search_box"))
                        .hint_text("Ctrl+F")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            if self.focus_search {
                response.request_focus();
                self.focus_search = false;
            }
            if response.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter)) {
                let backwards = ui.input(|input| input.modifiers.shift);
                self.step_match(!backwards);
                response.request_focus();
            }
            if ui
                .button("Previous match")
                .on_hover_text("Shift+Enter or Shift+F3")
                .clicked()
            {
                self.step_match(false);
            }
            if ui
                .button("Next match")
                .on_hover_text("Enter or F3")
                .clicked()
            {
                self.step_match(true);
            }
            if !self.search.query.is_empty() && ui.button("Clear search").clicked() {
                self.search.query.clear();
            }
            ui.label(self.search_summary());
        });
    }

    fn selection_bar_ui(&mut self, ui: &mut Ui) {
        if self.notes.link_draft.is_some() {
            let selected = self
                .selected
                .map(|(key, node)| self.corpus.library.treaty(key).node(node).id.clone());
            let author = self.author();
            annotate::link_bar_ui(ui, &mut self.notes, &self.corpus.library, selected, &author);
        }
        ui.horizontal_wrapped(|ui| {
            match self.selected {
                Some((key, node)) => {
                    let corpus = Arc::clone(&self.corpus);
                    let treaty = corpus.library.treaty(key);
                    let provision = treaty.node(node);
                    ui.label(format!("Selected: {}, {}  [{}]", treaty.meta.short_name, provision.pinpoint, provision.id));
                    if ui.button("Copy citation").on_hover_text("Pinpoint with the exact text (Ctrl+Shift+C)").clicked() {
                        let citation = treaty.citation(node);
                        self.copy(ui, citation, "the citation");
                    }
                    if ui.button("Copy pinpoint").clicked() {
                        let pinpoint = format!("{}, {}", treaty.meta.short_name, provision.pinpoint);
                        self.copy(ui, pinpoint, "the pinpoint");
                    }
                    let words = self.panes[slot(key)].selected_words(treaty, node);
                    if let Some(range) = words.clone() {
                        let quote = &provision.text[range];
                        ui.label(format!("Words: “{}”", abbreviate(quote, 80)));
                        if ui.button("Copy quote").on_hover_text("The selected words in quotation marks, with the pinpoint (Ctrl+C)").clicked() {
                            if let Some(citation) = self.quote_citation() {
                                self.copy(ui, citation, "the quote");
                            }
                        }
                    }
                    if ui.button("Annotate…").on_hover_text("Add a note, tags and a colour to this provision, or to the words selected in it").clicked() {
                        let quote = words.as_ref().map_or("", |range| &provision.text[range.clone()]);
                        self.notes.start_annotation(&provision.id, quote, words.as_ref().map(|range| range.start));
                    }
                    if self.notes.link_draft.is_none() && ui.button("Link to…").on_hover_text("Link this provision to another one with a typed relation").clicked() {
                        if let Some(layer) = self.notes.default_layer() {
                            self.notes.link_draft = Some(LinkDraft {
                                from: provision.id.clone(),
                                relation: crate::annotations::LinkRelation::Corresponds,
                                custom_label: String::new(),
                                note: String::new(),
                                layer,
                            });
                        }
                    }
                }
                None => {
                    ui.label("Click a provision to select it; Up/Down move between provisions, Ctrl+Up/Down between articles, F6 switches panes.");
                }
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    fn outline_ui(&mut self, ui: &mut Ui) {
        let selected = self.selected;
        let mut jump = None;
        egui::ScrollArea::vertical()
            .id_salt("outline_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for key in [self.settings.left, self.right()] {
                    let treaty = self.corpus.library.treaty(key);
                    let selected_here = selected.filter(|(k, _)| *k == key).map(|(_, node)| node);
                    if let Some(node) = outline::outline_ui(ui, treaty, selected_here) {
                        jump = Some((key, node));
                    }
                }
            });
        if let Some((key, node)) = jump {
            self.select(key, node);
        }
    }

    fn panes_ui(&mut self, ui: &mut Ui) {
        let palette = self.themes.for_dark_mode(ui.visuals().dark_mode).clone();
        let order = [self.settings.left, self.right()];
        let mut events = Vec::new();
        ui.columns(2, |columns| {
            for (column, key) in columns.iter_mut().zip(order) {
                let treaty = self.corpus.library.treaty(key);
                column.horizontal(|ui| {
                    if ui
                        .button("About this text")
                        .on_hover_text("Title, adoption, source and provenance")
                        .clicked()
                    {
                        self.about_open[slot(key)] = true;
                    }
                    // The active pane (keyboard navigation, F6) is marked by a bullet, not by colour alone.
                    let marker = if self.active == key { "• " } else { "" };
                    let title = egui::RichText::new(format!("{marker}{}", treaty.meta.short_name))
                        .heading();
                    ui.add(egui::Label::new(title).truncate());
                });
                column.separator();
                let selected = self
                    .selected
                    .filter(|(k, _)| *k == key)
                    .map(|(_, node)| node);
                let pane_events = self.panes[slot(key)].ui(
                    column,
                    treaty,
                    self.settings.font_size,
                    &palette,
                    selected,
                );
                events.extend(pane_events.into_iter().map(|event| (key, event)));
            }
        });
        for (key, event) in events {
            self.active = key;
            match event {
                PaneEvent::Select(node) => self.selected = Some((key, node)),
                PaneEvent::SelectWords(node, _) => {
                    self.selected = Some((key, node));
                    // One selection of words at a time, across both panes.
                    self.panes[1 - slot(key)].clear_selected_words();
                }
                PaneEvent::CopyCitation(node) => {
                    let citation = self.corpus.library.treaty(key).citation(node);
                    self.copy(ui, citation, "the citation");
                }
                PaneEvent::CopyPinpoint(node) => {
                    let treaty = self.corpus.library.treaty(key);
                    let pinpoint =
                        format!("{}, {}", treaty.meta.short_name, treaty.node(node).pinpoint);
                    self.copy(ui, pinpoint, "the pinpoint");
                }
                PaneEvent::ShowNotes(article) => {
                    let treaty = self.corpus.library.treaty(key);
                    if let Some(note) = treaty.notes_for(&treaty.node(article).id).first() {
                        if let Some(ix) = treaty.index_of(&note.id) {
                            self.select(key, ix);
                        }
                    }
                }
            }
        }
    }

    fn about_windows_ui(&mut self, ui: &mut Ui) {
        for key in TreatyKey::ALL {
            let mut open = self.about_open[slot(key)];
            if !open {
                continue;
            }
            let treaty = self.corpus.library.treaty(key);
            egui::Window::new(format!("About: {}", treaty.meta.short_name))
                .id(egui::Id::unique(("about", key)))
                .open(&mut open)
                .default_size([560.0, 480.0])
                .show(ui.ctx(), |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt(("about_scroll", key))
                        .show(ui, |ui| {
                            ui.label(egui::RichText::new(&treaty.title).strong());
                            egui::Grid::new(("about_grid", key))
                                .num_columns(2)
                                .show(ui, |ui| {
                                    ui.label("Adopted");
                                    ui.label(&treaty.meta.adopted);
                                    ui.end_row();
                                    ui.label("Place");
                                    ui.label(&treaty.meta.place);
                                    ui.end_row();
                                    ui.label("Source document");
                                    ui.label(&treaty.meta.source_document);
                                    ui.end_row();
                                    ui.label("Articles");
                                    ui.label(treaty.articles().count().to_string());
                                    ui.end_row();
                                });
                            ui.separator();
                            ui.label(
                                egui::RichText::new("Provenance of the embedded text").strong(),
                            );
                            for header in &treaty.provenance {
                                ui.label(egui::RichText::new(header).monospace().size(12.0));
                                ui.separator();
                            }
                        });
                });
            self.about_open[slot(key)] = open;
        }
    }
}

/// The notes after article headings: which provisions of the other treaty are linked, or none.
fn counterpart_badges(library: &Library, pairs: &PairState, key: TreatyKey) -> Vec<Option<String>> {
    let treaty = library.treaty(key);
    treaty
        .nodes
        .iter()
        .map(|node| {
            if node.kind != Kind::Article {
                return None;
            }
            let mut names: Vec<String> = Vec::new();
            for link in pairs.links_for(&node.id) {
                for id in pairs.links[link].ids(key.other()) {
                    if let Some(other) = library.get(id) {
                        if !names.contains(&other.pinpoint) {
                            names.push(other.pinpoint.clone());
                        }
                    }
                }
            }
            let other_name = match key.other() {
                TreatyKey::Uncc => "UN",
                TreatyKey::Bc => "Budapest",
            };
            Some(match names.len() {
                0 => "no counterpart".to_owned(),
                1..=4 => format!("{other_name} {}", names.join(", ")),
                n => format!("{other_name} {} and {} more", names[..3].join(", "), n - 3),
            })
        })
        .collect()
}

/// One merged text: the UN wording, with Budapest-only words struck through before UN-only words.
fn inline_job(
    diff: &crate::diff::WordDiff,
    bc_text: &str,
    uncc_text: &str,
    palette: &Palette,
    font_size: f32,
    width: f32,
) -> egui::text::LayoutJob {
    use egui::text::{LayoutJob, TextFormat};
    let base = TextFormat {
        font_id: egui::FontId::proportional(font_size),
        color: palette.text,
        ..Default::default()
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping::wrap_at_width(width),
        ..Default::default()
    };
    for (position, piece) in diff.pieces.iter().enumerate() {
        let (text, format) = match piece.change {
            Change::Equal => (&uncc_text[piece.uncc.clone()], base.clone()),
            Change::Equivalent => (
                &uncc_text[piece.uncc.clone()],
                TextFormat {
                    color: palette.equivalent,
                    ..base.clone()
                },
            ),
            Change::Deleted => (
                &bc_text[piece.bc.clone()],
                TextFormat {
                    background: palette.deleted,
                    strikethrough: egui::Stroke::new(1.5, palette.text),
                    ..base.clone()
                },
            ),
            Change::Inserted => (
                &uncc_text[piece.uncc.clone()],
                TextFormat {
                    background: palette.inserted,
                    underline: egui::Stroke::new(1.5, palette.text),
                    ..base.clone()
                },
            ),
        };
        // Pieces are separated by a space, except before closing punctuation.
        if position > 0 && !text.starts_with([',', '.', ';', ':', ')', ']']) {
            job.append(" ", 0.0, base.clone());
        }
        job.append(text, 0.0, format);
    }
    job
}

impl eframe::App for CrosswalkApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        CrosswalkApp::ui(self, ui);
    }

    /// Called every 30 s and on quit: settings, and every changed layer that has a file (autosave).
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
        for error in self.notes.workspace.save_dirty() {
            self.notes.message = format!("Autosave failed: {error}");
        }
    }
}
