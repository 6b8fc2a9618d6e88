//! The collapsible outline of one treaty: chapters → (sections → titles →) articles.
//!
//! Only entries in view become widgets: an entry out of view (an article, or a chapter with all that is
//! open inside it) takes the space it took when it was last drawn. With a corpus ten times the size of
//! both treaties (the `scale10` benchmarks) drawing every entry cost milliseconds a frame. The outline
//! follows the selection: on a new selection, the chapter holding it opens and its entry scrolls into
//! view, once (the reader may collapse the chapter again).

use std::collections::{HashMap, HashSet};

use egui::{Rect, Ui, vec2};

use crate::model::{Kind, Library, NodeIx, Side, Treaty};
use crate::ui::command::AppCommand;

use super::focus::KeyList;

/// Both treaties' outlines, in pane order; a click selects and shows the provision.
pub fn outline_panel_ui(
    ui: &mut Ui,
    library: &Library,
    order: [Side; 2],
    selected: Option<(Side, NodeIx)>,
    out: &mut Vec<AppCommand>,
) {
    let followed_id = egui::Id::unique("outline_followed");
    // The selection last followed, and how many frames it has been tried (an entry inside a closed
    // chapter shows a frame after the chapter opens).
    let (followed, tries): (Option<(Side, NodeIx)>, u8) = ui
        .data(|data| data.get_temp(followed_id))
        .unwrap_or((None, u8::MAX));
    let tries = if followed == selected { tries } else { 0 };
    let mut follow = selected.filter(|_| tries < 3);
    // The outline is one Tab stop: Up and Down move through its entries, Enter or Space opens the
    // article (or opens and closes the chapter).
    let list_id = egui::Id::unique("outline_list");
    let mut list = KeyList::begin(ui, list_id, "Outline");
    let output = egui::ScrollArea::vertical()
        .id_salt("outline_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            super::focus::out_of_tab_order(ui, list_id, |ui| {
                for key in order {
                    let treaty = library.treaty(key);
                    let selected_here = selected.filter(|(k, _)| *k == key).map(|(_, node)| node);
                    let follow_here = follow.is_some_and(|(k, _)| k == key);
                    let chosen = outline_ui(ui, treaty, selected_here, follow_here, &mut list);
                    if chosen.followed {
                        follow = None;
                    }
                    if let Some(node) = chosen.jump {
                        out.push(AppCommand::Select {
                            key,
                            node,
                            scroll: true,
                        });
                    }
                }
            });
            list.end(ui);
        });
    super::name_scroll_bars(ui.ctx(), output.id, "the outline");
    let tries = if follow.is_none() { u8::MAX } else { tries + 1 };
    ui.data_mut(|data| data.insert_temp(followed_id, (selected, tries)));
}

/// What drawing one treaty's outline gave.
pub struct Chosen {
    /// The entry the user chose to jump to.
    pub jump: Option<NodeIx>,
    /// The selected entry was scrolled into view.
    pub followed: bool,
}

/// How far the cursor moved for each entry the last time it was drawn. After the panel is resized an
/// entry out of view keeps its old height until it is drawn again, as the reader's rows do.
#[derive(Clone, Default)]
struct EntryHeights {
    advance: HashMap<NodeIx, f32>,
    /// The divisions that were open when last drawn (their entries follow them in the key order).
    open: HashSet<NodeIx>,
}

/// What every entry of one outline needs to know.
struct Outline<'a> {
    treaty: &'a Treaty,
    list: &'a mut KeyList,
    selected_article: Option<NodeIx>,
    /// The selected node and its ancestors: always drawn, and opened when the outline follows.
    selected_path: Vec<NodeIx>,
    /// Open the way to the selection and scroll it into view.
    follow: bool,
    heights: EntryHeights,
    chosen: Chosen,
}

/// Draws the outline of `treaty`; `follow`: open the way to the selection and scroll it into view.
pub fn outline_ui(
    ui: &mut Ui,
    treaty: &Treaty,
    selected: Option<NodeIx>,
    follow: bool,
    list: &mut KeyList,
) -> Chosen {
    // Keyed by the instrument, not the side: a side that shows another instrument starts afresh.
    let heights_id = ui
        .scope_id()
        .with(("outline_heights", treaty.instrument.key().as_str()));
    let heights = ui
        .data_mut(|data| data.remove_temp::<EntryHeights>(heights_id))
        .unwrap_or_default();
    let selected_path = std::iter::successors(selected, |&ix| {
        treaty.nodes.get(ix).and_then(|node| node.parent)
    })
    .collect();
    let mut outline = Outline {
        treaty,
        list,
        selected_article: selected.and_then(|ix| treaty.article_of(ix)),
        selected_path,
        follow: follow && selected.is_some(),
        heights,
        chosen: Chosen {
            jump: None,
            followed: false,
        },
    };
    let key = entry_key(treaty.instrument.key().as_str(), None);
    let state = outline.list.item(key);
    let mut header =
        egui::CollapsingHeader::new(egui::RichText::new(&treaty.meta.short_name).strong())
            .id_salt(("outline", treaty.instrument.key().as_str()))
            .default_open(true);
    if outline.follow {
        header = header.open(Some(true));
    } else if state.activated {
        header = header.open(Some(!is_open(
            ui,
            ("outline", treaty.instrument.key().as_str()),
            true,
        )));
    }
    let shown = header.show(ui, |ui| {
        for &root in &treaty.roots {
            outline.entry_ui(ui, root);
        }
    });
    let rect = shown.header_response.rect;
    outline
        .list
        .item_drawn(ui, key, rect, &treaty.meta.short_name);
    ui.data_mut(|data| data.insert_temp(heights_id, outline.heights));
    outline.chosen
}

impl Outline<'_> {
    /// Draws one entry if any of it is in view; otherwise leaves the space it took last time.
    fn entry_ui(&mut self, ui: &mut Ui, ix: NodeIx) {
        let top = ui.cursor().min.y;
        let advance = self.heights.advance.get(&ix).copied();
        // An entry never drawn is drawn once to learn its height; the keyboard's current entry is
        // always drawn, to be scrolled to.
        if let Some(advance) = advance {
            let area = Rect::from_min_size(ui.cursor().min, vec2(ui.available_width(), advance));
            if !ui.is_rect_visible(area)
                && !self.selected_path.contains(&ix)
                && !self.holds_current(ix)
            {
                self.record_keys(ix);
                ui.add_space(advance);
                return;
            }
        }
        self.draw_entry_ui(ui, ix);
        self.heights.advance.insert(ix, ui.cursor().min.y - top);
    }

    /// The entries of `ix` as the keyboard sees them (in order, through open divisions).
    fn keys_of(&self, ix: NodeIx, keys: &mut Vec<egui::Id>) {
        let node = self.treaty.node(ix);
        if !(node.kind == Kind::Article || node.kind.is_division()) {
            return;
        }
        keys.push(entry_key(self.treaty.instrument.key().as_str(), Some(ix)));
        if self.heights.open.contains(&ix) {
            for &child in &node.children {
                self.keys_of(child, keys);
            }
        }
    }

    fn holds_current(&self, ix: NodeIx) -> bool {
        let mut keys = Vec::new();
        self.keys_of(ix, &mut keys);
        keys.into_iter().any(|key| self.list.is_current(key))
    }

    /// Keeps the place in the key order of entries not drawn this frame.
    fn record_keys(&mut self, ix: NodeIx) {
        let mut keys = Vec::new();
        self.keys_of(ix, &mut keys);
        for key in keys {
            self.list.item(key);
        }
    }

    fn draw_entry_ui(&mut self, ui: &mut Ui, ix: NodeIx) {
        let treaty = self.treaty;
        let node = treaty.node(ix);
        match node.kind {
            Kind::Article => {
                // The pinpoint as cited: "Art. 24" in a treaty, "s. 4" in a law.
                let label = format!(
                    "{} {}",
                    node.pinpoint,
                    node.heading.as_deref().unwrap_or("")
                );
                let selected = self.selected_article == Some(ix);
                let key = entry_key(treaty.instrument.key().as_str(), Some(ix));
                let state = self.list.item(key);
                let response = ui.selectable_label(selected, &label);
                self.follow_entry(&response, selected);
                self.list.item_drawn(ui, key, response.rect, &label);
                if response.clicked() || state.activated {
                    self.chosen.jump = Some(ix);
                }
            }
            kind if kind.is_division() => {
                let has_subdivisions = treaty
                    .children_of(ix)
                    .any(|child| child.kind.is_division() || child.kind == Kind::Article);
                let contains_selection = self.selected_path.contains(&ix);
                if !has_subdivisions {
                    // Preamble, closing formula, annex: a single entry.
                    let label = if kind == Kind::Annex {
                        "Interpretative notes (annex)".to_owned()
                    } else {
                        node.title_line()
                    };
                    let key = entry_key(treaty.instrument.key().as_str(), Some(ix));
                    let state = self.list.item(key);
                    let response = ui.selectable_label(contains_selection, &label);
                    self.follow_entry(&response, contains_selection);
                    self.list.item_drawn(ui, key, response.rect, &label);
                    if response.clicked() || state.activated {
                        self.chosen.jump = Some(ix);
                    }
                    return;
                }
                let key = entry_key(treaty.instrument.key().as_str(), Some(ix));
                let state = self.list.item(key);
                let title = node.title_line();
                let mut header = egui::CollapsingHeader::new(&title).id_salt(("outline", &node.id));
                if contains_selection && self.follow {
                    // Reveal the selected article when it was chosen elsewhere (pane, search).
                    header = header.open(Some(true));
                } else if state.activated {
                    header = header.open(Some(!is_open(ui, ("outline", &node.id), false)));
                }
                let shown = header.show(ui, |ui| {
                    for &child in &node.children {
                        self.entry_ui(ui, child);
                    }
                });
                if shown.body_returned.is_some() {
                    self.heights.open.insert(ix);
                } else {
                    self.heights.open.remove(&ix);
                }
                self.list
                    .item_drawn(ui, key, shown.header_response.rect, &title);
            }
            _ => {}
        }
    }

    /// Scrolls the selected entry into view when the outline follows a new selection.
    fn follow_entry(&mut self, response: &egui::Response, selected: bool) {
        if self.follow && selected && !self.chosen.followed {
            response.scroll_to_me(Some(egui::Align::Center));
            self.chosen.followed = true;
        }
    }
}

/// The key of an outline entry in the keyboard's order (`None`: the treaty's own header).
fn entry_key(instrument: &str, node: Option<NodeIx>) -> egui::Id {
    egui::Id::unique(("outline_entry", instrument, node))
}

/// Whether the collapsing header `id_salt` in `ui` is open now.
fn is_open(ui: &Ui, id_salt: impl std::hash::Hash + std::fmt::Debug, default_open: bool) -> bool {
    let id = ui.make_persistent_id(id_salt);
    egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, default_open)
        .is_open()
}
