//! The list of search results: every match in the treaties (headings, texts, interpretative notes) and
//! in the notes, tags and replies of the open layers, in one list, most relevant first
//! ([`crate::search::rank`]), each with its treaty and pinpoint, the article (or preamble, annex
//! note) it is in, the layer of a note, and the words around it.

use egui::Ui;

use crate::ui::command::AppCommand;
use crate::ui::search::SearchState;

use super::focus::{KeyList, out_of_tab_order};

/// Results listed; the rest are counted (a narrower search lists them).
const LIST_LIMIT: usize = 400;

/// The window's title (tests find it by this name).
pub const SEARCH_RESULTS_TITLE: &str = "Search results";

#[derive(Default)]
pub struct SearchResults {
    pub open: bool,
}

impl SearchResults {
    pub fn ui(&mut self, ctx: &egui::Context, search: &SearchState, out: &mut Vec<AppCommand>) {
        if !self.open {
            return;
        }
        egui::Window::new(SEARCH_RESULTS_TITLE)
            .id(egui::Id::unique("search_results"))
            .open(&mut self.open)
            .default_pos([20.0, 160.0])
            .default_size([460.0, 560.0])
            .show(ctx, |ui| results_ui(ui, search, out));
        super::title_bar_a11y(
            ctx,
            egui::Id::unique("search_results"),
            SEARCH_RESULTS_TITLE,
        );
    }
}

fn results_ui(ui: &mut Ui, search: &SearchState, out: &mut Vec<AppCommand>) {
    if search.query.trim().is_empty() {
        ui.label("Type in the search box (Ctrl+F): the treaties and the notes of the open layers are searched.");
        return;
    }
    let summary = search.summary();
    ui.label(format!("“{}”: {summary}", search.query.trim()));
    if search.results.is_empty() {
        ui.label(
            "Nothing found in the treaties or in the notes, tags and replies of the open layers.",
        );
        return;
    }
    ui.label(egui::RichText::new("Most relevant first: a match in a heading, a defined term or a tag counts most, then one in a note, then one in the text; whole words and more matches count more.").small());
    // One Tab stop: Up and Down choose a result, Enter shows it.
    let list_id = egui::Id::unique("search_result_list");
    let mut list = KeyList::begin(ui, list_id, "Results");
    let output = egui::ScrollArea::vertical()
        .id_salt("search_results_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            out_of_tab_order(ui, list_id, |ui| items_ui(ui, search, &mut list, out));
            list.end(ui);
        });
    super::name_scroll_bars(ui.ctx(), output.id, "the search results");
}

fn items_ui(ui: &mut Ui, search: &SearchState, list: &mut KeyList, out: &mut Vec<AppCommand>) {
    for (index, item) in search.results.iter().enumerate().take(LIST_LIMIT) {
        let key = egui::Id::unique(("search_result", &item.place, &item.snippet));
        let state = list.item(key);
        let mut place = egui::RichText::new(&item.place);
        if search.current == Some(index) {
            // The current result is marked by an arrow, not by colour alone.
            place = egui::RichText::new(format!("» {}", item.place)).strong();
        }
        let response = ui.link(place).on_hover_text("Show it in the pane");
        let label = format!("{}: {}", item.place, item.snippet);
        list.item_drawn(ui, key, response.rect, &label);
        if response.clicked() || state.activated {
            out.push(AppCommand::ShowMatch(index));
        }
        ui.label(egui::RichText::new(&item.snippet).small());
        ui.add_space(4.0);
    }
    if search.results.len() > LIST_LIMIT {
        ui.label(format!(
            "{} more not listed: search for more words to narrow the list.",
            search.results.len() - LIST_LIMIT
        ));
    }
}
