//! The safeguards matrix window: rows = powers and cooperation measures, columns = UN / Budapest.

use crate::annotations::{MatrixRow, Workspace, safeguards_matrix};
use crate::model::{Library, TreatyKey};
use crate::ui::command::AppCommand;

#[derive(Default)]
pub struct MatrixWindow {
    pub open: bool,
    /// The rows and the workspace revision they were built at.
    rows: Option<(u64, Vec<MatrixRow>)>,
}

impl MatrixWindow {
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        library: &Library,
        workspace: &Workspace,
        out: &mut Vec<AppCommand>,
    ) {
        if !self.open {
            return;
        }
        if self
            .rows
            .as_ref()
            .is_none_or(|(revision, _)| *revision != workspace.revision())
        {
            let visible = workspace.layers.iter().filter(|l| l.visible);
            self.rows = Some((workspace.revision(), safeguards_matrix(visible, library)));
        }
        let rows = self
            .rows
            .as_ref()
            .map_or(&[][..], |(_, rows)| rows.as_slice());
        egui::Window::new("Safeguards matrix")
            .id(egui::Id::unique("safeguards_matrix"))
            .open(&mut self.open)
            .default_size([900.0, 600.0])
            .show(ctx, |ui| {
                ui.label("Rows: powers and cooperation measures. Cells: the safeguard provisions linked to them (visible layers). An empty cell means no safeguard is linked.");
                let output = egui::ScrollArea::both().id_salt("matrix_scroll").show(ui, |ui| {
                    egui::Grid::new("matrix_grid").striped(true).num_columns(3).show(ui, |ui| {
                        ui.label(egui::RichText::new("Measure").strong());
                        ui.label(egui::RichText::new("UN Convention").strong());
                        ui.label(egui::RichText::new("Budapest Convention").strong());
                        ui.end_row();
                        for row in rows {
                            row_ui(ui, library, row, out);
                            ui.end_row();
                        }
                    });
                    super::keep_focus_in_view(ui);
                });
                super::name_scroll_bars(ui.ctx(), output.id, "the matrix");
            });
        super::title_bar_a11y(
            ctx,
            egui::Id::unique("safeguards_matrix"),
            "Safeguards matrix",
        );
    }
}

fn row_ui(ui: &mut egui::Ui, library: &Library, row: &MatrixRow, out: &mut Vec<AppCommand>) {
    ui.label(row.measure_name());
    for column in TreatyKey::ALL {
        ui.vertical(|ui| {
            ui.set_max_width(320.0);
            if !row.powers[column].is_empty() {
                let powers = library.pinpoint_list(&row.powers[column]);
                ui.label(egui::RichText::new(format!("power: {powers}")).small());
            }
            if row.safeguards[column].is_empty() {
                ui.label("none linked");
            }
            ui.horizontal_wrapped(|ui| {
                for id in &row.safeguards[column] {
                    let Some(provision) = library.get(id) else {
                        continue;
                    };
                    let preview: String = provision.text.chars().take(300).collect();
                    if ui
                        .link(format!("{} {}", column.short_label(), provision.pinpoint))
                        .on_hover_text(preview)
                        .clicked()
                    {
                        out.push(AppCommand::GoTo(id.clone()));
                    }
                }
            });
        });
    }
}
