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
    // The outline follows the selection: on a new selection, the chapter holding it opens and its
    // article scrolls into view, once (the reader may collapse the chapter again).
    let followed_id = egui::Id::unique("outline_followed");
    // The selection last followed, and how many frames it has been tried (an entry inside a closed
    // chapter shows a frame after the chapter opens).
    let (followed, tries): (Option<(TreatyKey, NodeIx)>, u8) = ui
        .data(|data| data.get_temp(followed_id))
        .unwrap_or((None, u8::MAX));
    let tries = if followed == selected { tries } else { 0 };
    let mut follow = selected.filter(|_| tries < 3);
    let output = egui::ScrollArea::vertical()
        .id_salt("outline_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for key in order {
                let treaty = library.treaty(key);
                let selected_here = selected.filter(|(k, _)| *k == key).map(|(_, node)| node);
                let follow_here = follow.is_some_and(|(k, _)| k == key);
                let mut state = OutlineState {
                    selected: selected_here,
                    selected_article: selected_here.and_then(|ix| treaty.article_of(ix)),
                    follow: follow_here,
                    followed: false,
                    jump: None,
                };
                outline_ui(ui, treaty, &mut state);
                if state.followed {
                    follow = None;
                }
                if let Some(node) = state.jump {
                    out.push(AppCommand::Select {
                        key,
                        node,
                        scroll: true,
                    });
                }
            }
            super::keep_focus_in_view(ui);
        });
    super::name_scroll_bars(ui.ctx(), output.id, "the outline");
    let tries = if follow.is_none() { u8::MAX } else { tries + 1 };
    ui.data_mut(|data| data.insert_temp(followed_id, (selected, tries)));
}

/// What one treaty's outline needs while it is drawn.
struct OutlineState {
    selected: Option<NodeIx>,
    selected_article: Option<NodeIx>,
    /// Open the way to the selection and scroll it into view.
    follow: bool,
    /// The selected entry was scrolled into view.
    followed: bool,
    /// The entry the user chose.
    jump: Option<NodeIx>,
}

/// Draws the outline of `treaty`.
fn outline_ui(ui: &mut Ui, treaty: &Treaty, state: &mut OutlineState) {
    let mut header =
        egui::CollapsingHeader::new(egui::RichText::new(&treaty.meta.short_name).strong())
            .id_salt(("outline", treaty.key))
            .default_open(true);
    if state.follow {
        header = header.open(Some(true));
    }
    header.show(ui, |ui| {
        for &root in &treaty.roots {
            division_ui(ui, treaty, root, state);
        }
    });
}

fn division_ui(ui: &mut Ui, treaty: &Treaty, ix: NodeIx, state: &mut OutlineState) {
    let node = treaty.node(ix);
    match node.kind {
        Kind::Article => {
            let label = format!(
                "Art. {} {}",
                node.num.as_deref().unwrap_or(""),
                node.heading.as_deref().unwrap_or("")
            );
            let response = ui.selectable_label(state.selected_article == Some(ix), label);
            follow_entry(state, &response, state.selected_article == Some(ix));
            if response.clicked() {
                state.jump = Some(ix);
            }
        }
        kind if kind.is_division() => {
            let has_subdivisions = treaty
                .children_of(ix)
                .any(|child| child.kind.is_division() || child.kind == Kind::Article);
            let contains_selection = state
                .selected
                .is_some_and(|s| (ix..treaty.subtree_end(ix)).contains(&s));
            if !has_subdivisions {
                // Preamble, closing formula, annex: a single entry.
                let label = if kind == Kind::Annex {
                    "Interpretative notes (annex)".to_owned()
                } else {
                    node.title_line()
                };
                let response = ui.selectable_label(contains_selection, label);
                follow_entry(state, &response, contains_selection);
                if response.clicked() {
                    state.jump = Some(ix);
                }
                return;
            }
            let mut header =
                egui::CollapsingHeader::new(node.title_line()).id_salt(("outline", &node.id));
            if contains_selection && state.follow {
                // Reveal the selected article when it was chosen elsewhere (pane, search).
                header = header.open(Some(true));
            }
            header.show(ui, |ui| {
                for &child in &node.children {
                    division_ui(ui, treaty, child, state);
                }
            });
        }
        _ => {}
    }
}

/// Scrolls the selected entry into view when the outline follows a new selection.
fn follow_entry(state: &mut OutlineState, response: &egui::Response, selected: bool) {
    if state.follow && selected && !state.followed {
        response.scroll_to_me(Some(egui::Align::Center));
        state.followed = true;
    }
}
