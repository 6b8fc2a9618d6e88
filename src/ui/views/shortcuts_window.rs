//! Help → Keyboard shortcuts: the shortcut table, as key handling uses it.

use crate::ui::shortcuts::{LIST_SHORTCUTS, PRESENTATION_SHORTCUTS, SHORTCUTS, Shortcut, keys_of};

#[derive(Default)]
pub struct ShortcutsWindow {
    pub open: bool,
}

impl ShortcutsWindow {
    pub fn ui(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        let is_mac = ctx.os().is_mac();
        egui::Window::new("Keyboard shortcuts")
            .id(egui::Id::unique("keyboard_shortcuts"))
            .open(&mut self.open)
            .default_size([560.0, 640.0])
            .show(ctx, |ui| {
                ui.label("* only outside text fields: there the field keeps the key (arrows move the cursor, Ctrl+Z undoes typing).");
                let output = egui::ScrollArea::vertical()
                    .id_salt("shortcuts_scroll")
                    .show(ui, |ui| {
                        table_ui(ui, "shortcuts_grid", SHORTCUTS, is_mac);
                        ui.add_space(8.0);
                        ui.strong("In presentation mode (F5)");
                        table_ui(ui, "presentation_shortcuts_grid", PRESENTATION_SHORTCUTS, is_mac);
                        ui.add_space(8.0);
                        ui.strong("In a list (outline, notes, layers, evidence, search results) and the Safeguards matrix");
                        table_ui(ui, "list_shortcuts_grid", LIST_SHORTCUTS, is_mac);
                    });
                super::name_scroll_bars(ui.ctx(), output.id, "the shortcuts");
            });
        super::title_bar_a11y(
            ctx,
            egui::Id::unique("keyboard_shortcuts"),
            "Keyboard shortcuts",
        );
    }
}

/// One row per action, with all its keys.
fn table_ui(ui: &mut egui::Ui, id: &str, table: &[Shortcut], is_mac: bool) {
    egui::Grid::new(id)
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for (index, shortcut) in table.iter().enumerate() {
                let action = shortcut.action;
                if table[..index].iter().any(|s| s.action == action) {
                    continue;
                }
                let mut keys = keys_of(action, is_mac);
                if !shortcut.in_text_fields {
                    keys.push_str(" *");
                }
                ui.label(egui::RichText::new(keys).monospace());
                ui.label(shortcut.description);
                ui.end_row();
            }
        });
}
