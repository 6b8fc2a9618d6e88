//! The two reader panes side by side, each under its title, "About this text" and a sticky header
//! naming the article in view.

use egui::Ui;

use crate::model::{Library, NodeIx, PerSide, Side};
use crate::ui::command::AppCommand;
use crate::ui::reader::ReaderPane;
use crate::ui::theme::Palette;
use crate::ui::views::instrument_choice::{InstrumentEntry, instrument_choice_ui};

/// Below this width (in points) the two texts are not drawn side by side.
const MIN_PANES_WIDTH: f32 = 160.0;

pub struct PanesInput<'a> {
    pub library: &'a Library,
    /// Every loaded instrument, for each pane's choice.
    pub instruments: &'a [InstrumentEntry],
    /// Left, right.
    pub order: [Side; 2],
    pub active: Side,
    pub selected: Option<(Side, NodeIx)>,
    pub font_size: f32,
    pub palette: &'a Palette,
}

pub fn panes_ui(
    ui: &mut Ui,
    panes: &mut PerSide<ReaderPane>,
    input: &PanesInput<'_>,
    out: &mut Vec<AppCommand>,
) {
    if ui.available_width() < MIN_PANES_WIDTH {
        // Two columns of a few letters each read as nothing (and egui cannot lay out columns of no
        // width): say what makes room instead.
        ui.label(
            "Too narrow for both texts: hide the outline (F9) or a side panel, or zoom out (Ctrl+Minus).",
        );
        return;
    }
    ui.columns(2, |columns| {
        for ((column, key), left) in columns.iter_mut().zip(input.order).zip([true, false]) {
            let treaty = input.library.treaty(key);
            column.horizontal(|ui| {
                if ui
                    .button("About this text")
                    .on_hover_text("Title, adoption, source and provenance")
                    .clicked()
                {
                    out.push(AppCommand::OpenAbout(key));
                }
                instrument_choice_ui(ui, key, left, treaty.key(), input.instruments, out);
                // The active pane (keyboard navigation, F6) is marked by a bullet, not by colour alone.
                let marker = if input.active == key { "• " } else { "" };
                let title =
                    egui::RichText::new(format!("{marker}{}", treaty.meta.short_name)).heading();
                ui.add(egui::Label::new(title).truncate());
            });
            // A sticky header: the article (or preamble, annex note) at the top of the pane.
            let in_view = panes[key]
                .top_node
                .map_or_else(String::new, |node| treaty.context_title(node));
            column.add(
                egui::Label::new(egui::RichText::new(format!("In view: {in_view}")).strong())
                    .truncate(),
            );
            column.separator();
            let selected = input
                .selected
                .filter(|(k, _)| *k == key)
                .map(|(_, node)| node);
            panes[key].ui(
                column,
                treaty,
                input.font_size,
                input.palette,
                selected,
                out,
            );
        }
    });
}
