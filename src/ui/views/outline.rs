//! The outline panel: per treaty, collapsible chapters → (sections → titles →) articles.

use egui::Ui;

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

/// Draws the outline of `treaty`; returns the node the user chose to jump to.
fn outline_ui(ui: &mut Ui, treaty: &Treaty, selected: Option<NodeIx>) -> Option<NodeIx> {
    let mut jump = None;
    let selected_article = selected.and_then(|ix| treaty.article_of(ix));
    egui::CollapsingHeader::new(egui::RichText::new(&treaty.meta.short_name).strong())
        .id_salt(("outline", treaty.key))
        .default_open(true)
        .show(ui, |ui| {
            for &root in &treaty.roots {
                division_ui(ui, treaty, root, selected, selected_article, &mut jump);
            }
        });
    jump
}

fn division_ui(
    ui: &mut Ui,
    treaty: &Treaty,
    ix: NodeIx,
    selected: Option<NodeIx>,
    selected_article: Option<NodeIx>,
    jump: &mut Option<NodeIx>,
) {
    let node = treaty.node(ix);
    match node.kind {
        Kind::Article => {
            let label = format!(
                "Art. {} {}",
                node.num.as_deref().unwrap_or(""),
                node.heading.as_deref().unwrap_or("")
            );
            let response = ui.selectable_label(selected_article == Some(ix), label);
            if response.clicked() {
                *jump = Some(ix);
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
                if ui.selectable_label(selected == Some(ix), label).clicked() {
                    *jump = Some(ix);
                }
                return;
            }
            let contains_selection =
                selected.is_some_and(|s| (ix..treaty.subtree_end(ix)).contains(&s));
            let mut header =
                egui::CollapsingHeader::new(node.title_line()).id_salt(("outline", &node.id));
            if contains_selection {
                // Reveal the selected article when it was chosen elsewhere (pane, search).
                header = header.open(Some(true));
            }
            header.show(ui, |ui| {
                for &child in &node.children {
                    division_ui(ui, treaty, child, selected, selected_article, jump);
                }
            });
        }
        _ => {}
    }
}
