//! The collapsible outline of one treaty: chapters → (sections → titles →) articles.
//!
//! Only entries in view become widgets: an entry out of view (an article, or a chapter with all that is
//! open inside it) takes the space it took when it was last drawn. With a corpus ten times the size of
//! both treaties (the `scale10` benchmarks) drawing every entry cost milliseconds a frame.

use std::collections::HashMap;

use egui::{Rect, Ui, vec2};

use crate::model::{Kind, Library, NodeIx, Treaty, TreatyKey};
use crate::ui::command::AppCommand;

/// Both treaties' outlines, in pane order; a click selects and shows the provision.
pub fn outline_panel_ui(
    ui: &mut Ui,
    library: &Library,
    order: [TreatyKey; 2],
    selected: Option<(TreatyKey, NodeIx)>,
    out: &mut Vec<AppCommand>,
) {
    egui::ScrollArea::vertical()
        .id_salt("outline_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for key in order {
                let treaty = library.treaty(key);
                let selected_here = selected.filter(|(k, _)| *k == key).map(|(_, node)| node);
                if let Some(node) = outline_ui(ui, treaty, selected_here) {
                    out.push(AppCommand::Select {
                        key,
                        node,
                        scroll: true,
                    });
                }
            }
        });
}

/// How far the cursor moved for each entry the last time it was drawn. After the panel is resized an
/// entry out of view keeps its old height until it is drawn again, as the reader's rows do.
#[derive(Clone, Default)]
struct EntryHeights {
    advance: HashMap<NodeIx, f32>,
}

/// What every entry of one outline needs to know.
struct Outline<'a> {
    treaty: &'a Treaty,
    selected: Option<NodeIx>,
    selected_article: Option<NodeIx>,
    /// The selected node and its ancestors: their headers are opened and always drawn.
    selected_path: Vec<NodeIx>,
    heights: EntryHeights,
    jump: Option<NodeIx>,
}

/// Draws the outline of `treaty`; returns the node the user chose to jump to.
pub fn outline_ui(ui: &mut Ui, treaty: &Treaty, selected: Option<NodeIx>) -> Option<NodeIx> {
    let heights_id = ui.scope_id().with(("outline_heights", treaty.key));
    let heights = ui
        .data_mut(|data| data.remove_temp::<EntryHeights>(heights_id))
        .unwrap_or_default();
    let selected_path = std::iter::successors(selected, |&ix| {
        treaty.nodes.get(ix).and_then(|node| node.parent)
    })
    .collect();
    let mut outline = Outline {
        treaty,
        selected,
        selected_article: selected.and_then(|ix| treaty.article_of(ix)),
        selected_path,
        heights,
        jump: None,
    };
    egui::CollapsingHeader::new(egui::RichText::new(&treaty.meta.short_name).strong())
        .id_salt(("outline", treaty.key))
        .default_open(true)
        .show(ui, |ui| {
            for &root in &treaty.roots {
                outline.entry_ui(ui, root);
            }
        });
    ui.data_mut(|data| data.insert_temp(heights_id, outline.heights));
    outline.jump
}

impl Outline<'_> {
    /// Draws one entry if any of it is in view; otherwise leaves the space it took last time.
    fn entry_ui(&mut self, ui: &mut Ui, ix: NodeIx) {
        let top = ui.cursor().min.y;
        let advance = self.heights.advance.get(&ix).copied();
        // An entry never drawn is drawn once to learn its height.
        if let Some(advance) = advance {
            let area = Rect::from_min_size(ui.cursor().min, vec2(ui.available_width(), advance));
            if !ui.is_rect_visible(area) && !self.selected_path.contains(&ix) {
                ui.add_space(advance);
                return;
            }
        }
        self.draw_entry_ui(ui, ix);
        self.heights.advance.insert(ix, ui.cursor().min.y - top);
    }

    fn draw_entry_ui(&mut self, ui: &mut Ui, ix: NodeIx) {
        let treaty = self.treaty;
        let node = treaty.node(ix);
        match node.kind {
            Kind::Article => {
                let label = format!(
                    "Art. {} {}",
                    node.num.as_deref().unwrap_or(""),
                    node.heading.as_deref().unwrap_or("")
                );
                let response = ui.selectable_label(self.selected_article == Some(ix), label);
                if response.clicked() {
                    self.jump = Some(ix);
                }
            }
            kind if kind.is_division() => {
                let has_subdivisions = treaty
                    .children_of(ix)
                    .any(|child| child.kind.is_division() || child.kind == Kind::Article);
                if !has_subdivisions {
                    // Preamble, closing formula, annex: a single entry.
                    let label = if kind == Kind::Annex {
                        "Interpretative notes (annex)".to_owned()
                    } else {
                        node.title_line()
                    };
                    if ui
                        .selectable_label(self.selected == Some(ix), label)
                        .clicked()
                    {
                        self.jump = Some(ix);
                    }
                    return;
                }
                let mut header =
                    egui::CollapsingHeader::new(node.title_line()).id_salt(("outline", &node.id));
                if self.selected_path.contains(&ix) {
                    // Reveal the selected article when it was chosen elsewhere (pane, search).
                    header = header.open(Some(true));
                }
                header.show(ui, |ui| {
                    for &child in &node.children {
                        self.entry_ui(ui, child);
                    }
                });
            }
            _ => {}
        }
    }
}
