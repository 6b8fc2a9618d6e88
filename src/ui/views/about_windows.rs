//! "About this text": title, adoption, language, source and provenance of the instrument on each side.

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
                            let articles_name = match treaty.articles().next() {
                                Some(first) if first.id.contains(":sec_") => "Sections",
                                _ => "Articles",
                            };
                            // An imported instrument has no adoption facts; its language and the
                            // instrument it is a version of are shown instead.
                            let version_of = (treaty.info.version_of.as_ref())
                                .and_then(|key| library.instrument(key.as_str()))
                                .map_or("", |original| original.title.as_str());
                            let rows = [
                                ("Adopted", treaty.meta.adopted.as_str()),
                                ("Place", treaty.meta.place.as_str()),
                                ("Language", treaty.info.language.as_str()),
                                ("Language version of", version_of),
                                ("Source document", treaty.meta.source_document.as_str()),
                                (articles_name, articles.as_str()),
                            ];
                            for (name, value) in rows.into_iter().filter(|(_, v)| !v.is_empty()) {
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
