//! How commands move the reader: selection, search matches, pairs and the paragraphs read side by side,
//! synchronised scrolling, the clipboard, and the derived state (links, badges, highlights) rebuilt
//! when its inputs change.

use std::time::Duration;

/// How long a frame may spend looking for anchors (see `Workspace::resolutions_within`).
const ANCHOR_SEARCH_BUDGET: Duration = Duration::from_millis(40);

use crate::model::{Kind, Library, NodeIx, PerSide, ProvisionId, Side};

use super::app::CrosswalkApp;
use super::command::Toggle;
use super::highlights::{evidence_ranges, note_highlights, note_ranges, pane_highlights};
use super::pairs::PairState;
use super::search::{Place, SearchContext};
use super::settings::{MAX_FONT_SIZE, MIN_FONT_SIZE};
use super::views::disk_prompt::DiskAnswer;
use super::views::unsaved_prompt::UnsavedAnswer;

/// Inputs of derived state as of the last frame.
#[derive(Default)]
pub struct Seen {
    /// What the pair on screen was chosen for.
    pub pair_inputs: Option<PairInputs>,
    /// The workspace revision links, badges and highlights were built from.
    pub notes_revision: Option<u64>,
    pub dark_mode: Option<bool>,
    /// The workspace revision the panes' note highlights were found at, with how many anchors were
    /// still being looked for: with thousands of notes, finding them on every jump would cost more
    /// than the rest of the frame.
    pub note_highlights_revision: Option<(u64, usize)>,
}

/// The selection and the pair settings.
#[derive(Clone, Copy, PartialEq)]
pub struct PairInputs {
    selected: Option<(Side, NodeIx)>,
    pair_view: bool,
    terms: bool,
}

impl CrosswalkApp {
    /// Selects a provision; `scroll` brings its pane to it.
    pub fn select(&mut self, key: Side, node: NodeIx, scroll: bool) {
        self.selected = Some((key, node));
        self.active = key;
        if scroll {
            for key in Side::ALL {
                self.panes[key].clear_selected_words();
            }
            self.panes[key].scroll_to(node);
        }
    }

    /// Words were selected in `key`'s pane: one selection of words at a time, across both panes.
    pub(super) fn select_words(&mut self, key: Side, node: NodeIx) {
        self.selected = Some((key, node));
        self.active = key;
        self.panes[key.other()].clear_selected_words();
    }

    /// Selects a provision by ID and scrolls to it.
    pub fn go_to(&mut self, id: &ProvisionId) {
        let library = &self.corpus.library;
        if let Some((key, node)) = library.resolve(id) {
            self.select(key, node, true);
        } else if let Some((instrument, node)) = library.find(id) {
            // Loaded but on neither side: say where it is rather than do nothing.
            self.status = format!(
                "{} {} is in the {}, which neither pane shows: choose it in a pane to go there.",
                instrument.citation_label(),
                instrument.node(node).pinpoint,
                instrument.info.short_name
            );
        }
    }

    /// From an article to its first interpretative note in the annex.
    pub(super) fn show_notes_of(&mut self, key: Side, article: NodeIx) {
        let treaty = self.corpus.library.treaty(key);
        let note = treaty
            .notes_for(&treaty.node(article).id)
            .first()
            .and_then(|note| treaty.index_of(&note.id));
        match note {
            Some(node) => self.select(key, node, true),
            None => self.active = key,
        }
    }

    /// Moves the selection to the previous/next row's provision (or article) in the active pane.
    pub(super) fn move_selection(&mut self, forward: bool, by_article: bool) {
        let key = self.active;
        let treaty = self.corpus.library.treaty(key);
        let start = match self.selected {
            Some((selected_key, node)) if selected_key == key => node,
            _ => self.panes[key].top_node.unwrap_or(0),
        };
        let wanted = |ix: NodeIx| {
            let node = treaty.node(ix);
            node.kind == Kind::Article || !by_article && !node.labelled_text().is_empty()
        };
        let found = if forward {
            (start + 1..treaty.nodes.len()).find(|&ix| wanted(ix))
        } else {
            (0..start).rev().find(|&ix| wanted(ix))
        };
        if let Some(node) = found {
            self.select(key, node, true);
        }
    }

    /// Escape closes the window or dialog in front (dialogs first, then windows), else stops a link
    /// being made, else drops the words selected in the panes.
    pub(super) fn escape(&mut self) {
        // The modal questions first: Escape is their Cancel.
        if self.views.unsaved.reason.is_some() {
            self.answer_unsaved(UnsavedAnswer::Cancel);
            return;
        }
        if let Some((layer, _)) = self.views.disk.open {
            self.answer_changed_on_disk(layer, DiskAnswer::Cancel);
            return;
        }
        let views = &mut self.views;
        if views.path_prompt.is_open() {
            views.path_prompt.close();
        } else if views.annotate.is_open() {
            views.annotate.close();
        } else if views.link_editor.is_open() {
            views.link_editor.close();
        } else if views.export.open {
            views.export.open = false;
        } else if views.import.open {
            views.import.open = false;
        } else if views.implementation.open {
            views.implementation.open = false;
        } else if views.matrix.open {
            views.matrix.open = false;
        } else if views.search_results.open {
            views.search_results.open = false;
        } else if let Some(key) = Side::ALL.into_iter().find(|&k| views.about.open[k]) {
            views.about.open[key] = false;
        } else if views.shortcuts.open {
            views.shortcuts.open = false;
        } else if views.go_to.open {
            views.go_to.close();
        } else if views.annotations.renaming.take().is_some() {
            // The rename is dropped; the keyboard goes back to the layers.
            let layers = super::views::annotations_panel::layer_list_id();
            self.egui_ctx
                .memory_mut(|memory| memory.request_focus(layers));
        } else if views.link_bar.is_active() {
            views.link_bar.cancel();
        } else {
            for key in Side::ALL {
                self.panes[key].clear_selected_words();
            }
        }
    }

    pub(super) fn toggle(&mut self, toggle: Toggle) {
        let settings = &mut self.settings;
        let switch = match toggle {
            Toggle::Outline => &mut settings.show_outline,
            Toggle::PairView => &mut settings.pair_view,
            Toggle::Terms => &mut settings.terms,
            Toggle::InlineView => &mut settings.inline_view,
            Toggle::SyncScroll => &mut settings.sync_scroll,
            Toggle::Annotations => &mut settings.show_annotations,
            Toggle::Questions => &mut settings.show_questions,
            Toggle::DarkMode => &mut settings.dark_mode,
            Toggle::EvidenceMarks => &mut settings.evidence_marks,
        };
        *switch = !*switch;
        if toggle == Toggle::EvidenceMarks {
            self.push_highlights();
        }
    }

    pub fn set_font_size(&mut self, size: f32) {
        self.settings.font_size = size.clamp(MIN_FONT_SIZE, MAX_FONT_SIZE).round();
    }

    fn copy(&mut self, text: String, what: &str) {
        self.egui_ctx.copy_text(text);
        self.status = format!("Copied {what} to the clipboard");
    }

    pub(super) fn copy_citation(&mut self, key: Side, node: NodeIx) {
        let citation = self.corpus.library.treaty(key).citation(node);
        self.copy(citation, "the citation");
    }

    pub(super) fn copy_selected_citation(&mut self) {
        if let Some((key, node)) = self.selected {
            self.copy_citation(key, node);
        }
    }

    pub(super) fn copy_pinpoint(&mut self, key: Side, node: NodeIx) {
        let treaty = self.corpus.library.treaty(key);
        let pinpoint = format!("{}, {}", treaty.meta.short_name, treaty.node(node).pinpoint);
        self.copy(pinpoint, "the pinpoint");
    }

    /// The words selected in the selected provision, in quotation marks after the treaty and pinpoint.
    pub(super) fn copy_quote(&mut self) {
        let Some((key, node)) = self.selected else {
            return;
        };
        let treaty = self.corpus.library.treaty(key);
        let provision = treaty.node(node);
        let quote = self.panes[key]
            .selected_words(treaty, node)
            .and_then(|range| provision.text.get(range));
        if let Some(quote) = quote {
            let text = format!(
                "{}, {}: “{quote}”",
                treaty.meta.short_name, provision.pinpoint
            );
            self.copy(text, "the quote");
        }
    }

    /// Steps to the next (or previous) result, most relevant first, wrapping around, and scrolls to
    /// it: a match in the texts, or the provision a matching note is on. What is stepped to is
    /// selected, so the pair header, the outline and Annotate… follow it.
    pub fn step_match(&mut self, forward: bool) {
        if self.refresh_search() {
            self.push_highlights();
        }
        let found = self.search.step(forward);
        self.show_found(found);
    }

    /// A result chosen in the results list.
    pub fn show_match(&mut self, index: usize) {
        let found = self.search.choose(index);
        self.show_found(found);
    }

    fn show_found(&mut self, found: Option<crate::search::Found>) {
        match found.and_then(|found| self.search.place_of(found)) {
            Some(Place::Node(key, node)) => self.select(key, node, true),
            Some(Place::Provision(id)) => self.go_to(&id),
            None => {}
        }
        self.push_highlights();
    }

    /// Searches again if the query or the layers changed (the matches in the texts and the notes,
    /// ranked together); true when they did.
    fn refresh_search(&mut self) -> bool {
        let layers = &self.workspace.layers;
        let names = || super::layer_names::layer_labels(layers);
        let context = SearchContext {
            library: &self.corpus.library,
            definitions: self.corpus.defined_terms.definitions(),
            layers,
            names: &names,
            revision: self.workspace.revision(),
        };
        self.search.refresh(&context)
    }

    /// Steps to the next (or previous) pair in treaty order, selecting its provision in the active pane.
    pub fn step_pair(&mut self, forward: bool) {
        self.settings.pair_view = true;
        let Some(next) = self.pairs.step(forward) else {
            return;
        };
        self.pairs.current = Some(next);
        let Some(link) = self.pairs.links.get(next) else {
            return;
        };
        let side = if link.sides[self.active].is_empty() {
            self.active.other()
        } else {
            self.active
        };
        let Some((key, node)) = link.sides[side]
            .first()
            .and_then(|id| self.corpus.library.resolve(id))
        else {
            return;
        };
        self.selected = Some((key, node));
        self.panes[key].scroll_to(node);
        self.reveal_counterpart(key);
    }

    /// Brings the selected provision's counterpart in the current pair into view in the other pane,
    /// level with the selected provision where it can be.
    pub(super) fn reveal_counterpart(&mut self, selected_side: Side) {
        let Some((key, node)) = self.selected.filter(|(key, _)| *key == selected_side) else {
            return;
        };
        let Some(link) = self.pairs.current else {
            return;
        };
        let Some(target) = self.counterpart_in(link, key, node) else {
            return;
        };
        let level = self.panes[key].level_of(node);
        self.panes[key.other()].scroll_to_level(target, level);
    }

    /// The provision of the other treaty that `node` (of `key`) is read beside in link `link`: the
    /// link's provision there when the link names `node` (or something inside it); when the link is on
    /// something around `node` (an article), the paragraph the comparison aligned with it.
    pub fn counterpart_in(&self, link: usize, key: Side, node: NodeIx) -> Option<NodeIx> {
        let library = &self.corpus.library;
        let entry = self.pairs.links.get(link)?;
        let treaty = library.treaty(key);
        let id = &treaty.node(node).id;
        let first_other = || {
            let end = entry.sides[key.other()].first()?;
            library.resolve(end).map(|(_, ix)| ix)
        };
        if entry.sides[key].iter().any(|end| end.is_within(id)) {
            return first_other();
        }
        let diff = self.pairs.diff(&self.corpus, link, self.settings.terms)?;
        let inside = node..treaty.subtree_end(node);
        let aligned = diff.rows.iter().find_map(|row| {
            let (mine, theirs) = match key {
                Side::Revision => (&row.revision, &row.base),
                Side::Base => (&row.base, &row.revision),
            };
            let mine = mine.as_ref().filter(|s| inside.contains(&s.node))?;
            let _ = mine;
            theirs.as_ref().map(|sentence| sentence.node)
        });
        aligned.or_else(first_other)
    }

    /// The counterpart of `node` (of `key`) through the links closest to it, if it has one.
    pub fn counterpart(&self, key: Side, node: NodeIx) -> Option<(Side, NodeIx)> {
        let id = &self.corpus.library.treaty(key).node(node).id;
        let link = self.pairs.closest_links(id).into_iter().next()?;
        self.counterpart_in(link, key, node)
            .map(|other| (key.other(), other))
    }

    /// The chapter of the selection, for "export the selected chapter".
    pub(super) fn current_chapter(&self) -> Option<ProvisionId> {
        let (key, mut node) = self.selected?;
        let treaty = self.corpus.library.treaty(key);
        while treaty.node(node).kind != Kind::Chapter {
            node = treaty.node(node).parent?;
        }
        Some(treaty.node(node).id.clone())
    }

    /// Rebuilds what is derived from the search, the layers and the selection, when they changed.
    pub(super) fn refresh(&mut self) {
        // The anchors of opened and edited notes are looked for within a budget per frame; the
        // rest on the next frames, so no file, however stale its quotes, holds up the window.
        let searching = self
            .workspace
            .resolutions_within(&self.corpus.library, ANCHOR_SEARCH_BUDGET)
            .searching();
        if searching > 0 {
            self.egui_ctx.request_repaint();
        }
        let search_changed = self.refresh_search();
        let revision = self.workspace.revision();
        let anchors_found = self.seen.note_highlights_revision != Some((revision, searching));
        let notes_changed = self.seen.notes_revision != Some(revision);
        if notes_changed {
            self.seen.notes_revision = Some(revision);
            self.refresh_links();
        }
        let pair_changed = self.refresh_pair();
        if search_changed || notes_changed || pair_changed || anchors_found {
            self.push_highlights();
        }
    }

    /// Rebuilds the link set (shipped and visible layers' links) and the heading notes from it.
    pub(super) fn refresh_links(&mut self) {
        self.pairs.refresh(&self.corpus, &self.workspace);
        let library = &self.corpus.library;
        for key in Side::ALL {
            let badges = counterpart_badges(library, &self.pairs, key);
            self.panes[key].set_badges(badges);
        }
    }

    /// Chooses the pair on screen when the selection or the pair settings changed; true if they did.
    fn refresh_pair(&mut self) -> bool {
        let inputs = PairInputs {
            selected: self.selected,
            pair_view: self.settings.pair_view,
            terms: self.settings.terms,
        };
        let previous = self.seen.pair_inputs.replace(inputs);
        if previous == Some(inputs) {
            return false;
        }
        let selection_changed = previous.is_none_or(|p| p.selected != self.selected);
        if self.settings.pair_view && selection_changed {
            self.follow_selection();
        }
        true
    }

    /// Takes the selection and pair settings as they are now as seen, without following the selection
    /// (a restored reading position keeps its panes where they were), and marks the panes again.
    pub(super) fn settle_pair(&mut self) {
        self.seen.pair_inputs = Some(PairInputs {
            selected: self.selected,
            pair_view: self.settings.pair_view,
            terms: self.settings.terms,
        });
        self.push_highlights();
    }

    /// Shows the pair of the selected provision (keeping the current one while it still covers the
    /// selection, as when stepping through pairs) and its suggested counterparts.
    fn follow_selection(&mut self) {
        let Some((key, node)) = self.selected else {
            return;
        };
        let corpus = std::sync::Arc::clone(&self.corpus);
        let treaty = corpus.library.treaty(key);
        let links = self.pairs.closest_links(&treaty.node(node).id);
        let keep = self
            .pairs
            .current
            .is_some_and(|current| links.contains(&current));
        if !keep {
            self.pairs.current = links.first().copied();
        }
        self.reveal_counterpart(key);
        let article = treaty.article_of(node).unwrap_or(node);
        self.pairs.suggest(&corpus, &treaty.node(article).id);
    }

    /// Gives each pane its marks: the pair's differences, the visible notes, the search matches.
    pub(super) fn push_highlights(&mut self) {
        let library = &self.corpus.library;
        let diff = match (self.settings.pair_view, self.pairs.current) {
            (true, Some(link)) => self.pairs.diff(&self.corpus, link, self.settings.terms),
            _ => None,
        };
        // Anchors are looked for at the start of the frame, within its budget (`CrosswalkApp::ui`).
        let resolutions = self.workspace.resolutions_within(library, Duration::ZERO);
        let revision = (self.workspace.revision(), resolutions.searching());
        if self.seen.note_highlights_revision != Some(revision) {
            // The notes' marks change only with the layers and as their anchors are found: handed
            // to the panes once per workspace revision, not on every jump.
            let places = PerSide::from_fn(|key| {
                let mut places = note_ranges(&self.workspace, &resolutions, library, key);
                // In node order, so each pane's highlight map fills in order.
                places.sort_by_key(|(node, _)| *node);
                places
            });
            for key in Side::ALL {
                self.panes[key].set_note_highlights(note_highlights(&places[key]));
            }
            self.seen.note_highlights_revision = Some(revision);
        }
        let evidence_of = match (
            self.settings.pair_view && self.settings.evidence_marks,
            self.pairs.current_link(),
        ) {
            (true, Some(link)) => Some(link),
            _ => None,
        };
        for key in Side::ALL {
            let evidence =
                evidence_of.map_or(Vec::new(), |link| evidence_ranges(link, library, key));
            let highlights = pane_highlights(key, diff.as_deref(), &evidence, &self.search);
            self.panes[key].set_highlights(highlights);
        }
    }

    /// When the user scrolls a pane, the other pane follows: the linked paragraph of the one at the
    /// top is brought level with it. Only the pane the user scrolled leads (jumps, restored reading
    /// positions and the follower's own movement never do), so the pane being scrolled is never moved
    /// and the panes never chase each other. Off (paused) with the Sync scrolling switch or F8.
    pub(super) fn sync_scroll(&mut self) {
        if !self.settings.sync_scroll {
            return;
        }
        let Some(lead) = Side::ALL
            .into_iter()
            .find(|&key| self.panes[key].scrolled_by_user)
        else {
            return;
        };
        let Some((node, into)) = self.panes[lead].top_offset() else {
            return;
        };
        if let Some((other, target)) = self.counterpart(lead, node) {
            self.panes[other].follow_level(target, -into);
        }
    }

    /// Shift+Right / Shift+Left: words selected in the selected provision from the keyboard.
    pub(super) fn move_caret(&mut self, forward: bool, by_word: bool) {
        let Some((key, node)) = self.selected else {
            return;
        };
        let treaty = self.corpus.library.treaty(key);
        self.panes[key].move_caret(treaty, node, forward, by_word);
        self.panes[key.other()].clear_selected_words();
        self.active = key;
    }

    pub(super) fn extend_words(&mut self, forward: bool) {
        let Some((key, node)) = self.selected else {
            return;
        };
        let treaty = self.corpus.library.treaty(key);
        if self.panes[key].extend_words(treaty, node, forward) {
            self.panes[key.other()].clear_selected_words();
            self.active = key;
        }
    }
}

/// The notes after article headings: which provisions of the other treaty are linked, or none.
fn counterpart_badges(library: &Library, pairs: &PairState, key: Side) -> Vec<Option<String>> {
    let treaty = library.treaty(key);
    treaty
        .nodes
        .iter()
        .map(|node| {
            if node.kind != Kind::Article {
                return None;
            }
            let mut names: Vec<&str> = Vec::new();
            for link in pairs.links_for(&node.id) {
                let ids = pairs
                    .links
                    .get(link)
                    .map_or(&[][..], |l| &l.sides[key.other()][..]);
                for other in ids.iter().filter_map(|id| library.get(id)) {
                    if !names.contains(&other.pinpoint.as_str()) {
                        names.push(&other.pinpoint);
                    }
                }
            }
            let other_name = library.treaty(key.other()).citation_label();
            Some(match names.len() {
                0 => "no counterpart".to_owned(),
                1..=4 => format!("{other_name} {}", names.join(", ")),
                n => format!("{other_name} {} and {} more", names[..3].join(", "), n - 3),
            })
        })
        .collect()
}
