//! The selection bar: what is selected, copy buttons, Annotate… and Link to…, and the status line.

use egui::Ui;

use crate::model::{Library, NodeIx, PerSide, Side};
use crate::ui::command::AppCommand;
use crate::ui::reader::ReaderPane;
use crate::ui::shortcuts::{Action, hover};

use super::abbreviate;

pub struct SelectionBarInput<'a> {
    pub library: &'a Library,
    pub panes: &'a PerSide<ReaderPane>,
    pub selected: Option<(Side, NodeIx)>,
    pub status: &'a str,
    /// A link is being made (the link bar is showing), so "Link to…" is hidden.
    pub linking: bool,
}

pub fn selection_bar_ui(ui: &mut Ui, input: &SelectionBarInput<'_>, out: &mut Vec<AppCommand>) {
    let contents = |ui: &mut Ui| {
        match input.selected {
            Some((key, node)) => selected_ui(ui, input, key, node, out),
            None => {
                ui.label("Click a provision to select it; Up/Down move between provisions, Ctrl+Up/Down between articles, F6 switches panes.");
            }
        }
        if !input.status.is_empty() {
            ui.separator();
            ui.label(input.status);
        }
    };
    // In a small or zoomed window the bar keeps one row (scrolling sideways), leaving the height
    // to the texts.
    if super::is_compact(ui.ctx()) {
        super::sideways_row_ui(ui, "selection_bar_scroll", "the selection bar", contents);
    } else {
        ui.horizontal_wrapped(contents);
    }
}

fn selected_ui(
    ui: &mut Ui,
    input: &SelectionBarInput<'_>,
    key: Side,
    node: NodeIx,
    out: &mut Vec<AppCommand>,
) {
    let treaty = input.library.treaty(key);
    let provision = treaty.node(node);
    ui.label(format!(
        "Selected: {}, {}",
        treaty.meta.short_name, provision.pinpoint
    ));
    if ui
        .button("Copy citation")
        .on_hover_text(hover(
            ui,
            "Pinpoint with the exact text",
            Action::CopyCitation,
        ))
        .clicked()
    {
        out.push(AppCommand::CopyCitation { key, node });
    }
    if ui.button("Copy pinpoint").clicked() {
        out.push(AppCommand::CopyPinpoint { key, node });
    }
    let words = input.panes[key].selected_words(treaty, node);
    let quote = words
        .as_ref()
        .and_then(|range| provision.text.get(range.clone()));
    if let Some(quote) = quote {
        ui.label(format!("Words: “{}”", abbreviate(quote, 80)));
        let text = "The selected words in quotation marks, with the pinpoint";
        if ui
            .button("Copy quote")
            .on_hover_text(hover(ui, text, Action::CopyQuote))
            .clicked()
        {
            out.push(AppCommand::CopyQuote);
        }
    }
    if ui
        .button("Annotate…")
        .on_hover_text(
            "Add a note, tags and a colour to this provision, or to the words selected in it",
        )
        .clicked()
    {
        out.push(AppCommand::StartAnnotation {
            provision: provision.id.clone(),
            quote: quote.unwrap_or_default().to_owned(),
            quote_at: words.map(|range| range.start),
        });
    }
    if !input.linking
        && ui
            .button("Link to…")
            .on_hover_text("Link this provision to another one with a typed relation")
            .clicked()
    {
        out.push(AppCommand::StartLink {
            from: provision.id.clone(),
        });
    }
}
