//! "About this text": title, adoption, source and provenance of each embedded treaty.

use crate::model::{Library, PerSide, Side};

#[derive(Default)]
pub struct AboutWindows {
    pub open: PerSide<bool>,
}

impl AboutWindows {
    pub fn ui(&mut self, ctx: &egui::Context, library: &Library) {
        for key in Side::ALL {
            if self.open[key] {
                about_ui(ctx, library, key, &mut self.open[key]);
            }
        }
    }
}

fn about_ui(ctx: &egui::Context, library: &Library, key: Side, open: &mut bool) {
    let treaty = library.treaty(key);
    egui::Window::new(format!("About: {}", treaty.meta.short_name))
        .id(egui::Id::unique(("about", key)))
        .open(open)
        .default_size([560.0, 480.0])
        .show(ctx, |ui| {
            let output = egui::ScrollArea::vertical()
                .id_salt(("about_scroll", key))
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(&treaty.title).strong());
                    egui::Grid::new(("about_grid", key))
                        .num_columns(2)
                        .show(ui, |ui| {
                            let articles = treaty.articles().count().to_string();
                            for (name, value) in [
                                ("Adopted", treaty.meta.adopted.as_str()),
                                ("Place", treaty.meta.place.as_str()),
                                ("Source document", treaty.meta.source_document.as_str()),
                                ("Articles", articles.as_str()),
                            ] {
                                ui.label(name);
                                ui.label(value);
                                ui.end_row();
                            }
                        });
                    ui.separator();
                    ui.label(egui::RichText::new("Provenance of the embedded text").strong());
                    for header in &treaty.provenance {
                        ui.label(egui::RichText::new(header).monospace().size(12.0));
                        ui.separator();
                    }
                });
            super::name_scroll_bars(ui.ctx(), output.id, "the text's details");
        });
    super::title_bar_a11y(
        ctx,
        egui::Id::unique(("about", key)),
        &format!("About: {}", treaty.meta.short_name),
    );
}
