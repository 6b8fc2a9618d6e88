//! The safeguards matrix window: rows = powers and cooperation measures, columns = UN / Budapest.
//! Its cells are one Tab stop: the arrow keys move from cell to cell, each named for screen readers
//! by its row, its column and what it holds; Enter shows the cell's first safeguard.

use std::collections::HashMap;

use egui::accesskit::Role;
use egui::{Id, Rect, Sense, Ui};

use crate::ui::shortcuts::Action;

use crate::annotations::{MatrixRow, Workspace, safeguards_matrix};
use crate::model::{Library, Side};
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
                    let mut cells = CellCursor::begin(ui, rows);
                    super::focus::out_of_tab_order(ui, cells.stop(), |ui| {
                        egui::Grid::new("matrix_grid").striped(true).num_columns(3).show(ui, |ui| {
                            for title in COLUMN_TITLES {
                                ui.label(egui::RichText::new(title).strong());
                            }
                            ui.end_row();
                            for (index, row) in rows.iter().enumerate() {
                                row_ui(ui, library, row, &mut cells.at(index, row.measure_name()), out);
                                ui.end_row();
                            }
                        });
                    });
                    cells.end(ui);
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

const COLUMN_TITLES: [&str; 3] = ["Measure", "UN Convention", "Budapest Convention"];

fn row_ui(
    ui: &mut egui::Ui,
    library: &Library,
    row: &MatrixRow,
    cells: &mut RowCells<'_>,
    out: &mut Vec<AppCommand>,
) {
    let measure = row.measure_name();
    let response = ui.label(&measure);
    cells.cell(ui, 0, response.rect, &measure);
    for (column, key) in Side::ALL.into_iter().enumerate() {
        let rect = cell_ui(ui, library, row, key, out);
        let value = cell_value(library, row, key);
        if cells.activated(column + 1)
            && let Some(first) = row.safeguards[key].first()
        {
            out.push(AppCommand::GoTo(first.clone()));
        }
        cells.cell(ui, column + 1, rect, &value);
    }
}

/// What a treaty's cell holds, in words: "power: Art. 28; safeguards: UN Art. 24(1), …".
fn cell_value(library: &Library, row: &MatrixRow, column: Side) -> String {
    let mut parts = Vec::new();
    if !row.powers[column].is_empty() {
        parts.push(format!(
            "power: {}",
            library.pinpoint_list(&row.powers[column])
        ));
    }
    parts.push(if row.safeguards[column].is_empty() {
        "no safeguard linked".to_owned()
    } else {
        format!(
            "safeguards: {}",
            library.pinpoint_list(&row.safeguards[column])
        )
    });
    parts.join("; ")
}

/// Draws one treaty's cell; returns where it is.
fn cell_ui(
    ui: &mut egui::Ui,
    library: &Library,
    row: &MatrixRow,
    column: Side,
    out: &mut Vec<AppCommand>,
) -> Rect {
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
                    .link(format!(
                        "{} {}",
                        library.treaty(column).citation_label(),
                        provision.pinpoint
                    ))
                    .on_hover_text(preview)
                    .clicked()
                {
                    out.push(AppCommand::GoTo(id.clone()));
                }
            }
        });
    })
    .response
    .rect
}

/// The cell the keyboard is on, by its row's measure and its column, and where the cells were drawn.
#[derive(Clone, Default)]
struct CellMemory {
    current: Option<(String, usize)>,
    rects: HashMap<Id, Rect>,
}

/// The matrix's Tab stop: the current cell, moved by the arrow keys.
struct CellCursor {
    row: usize,
    column: usize,
    measure: String,
    activate: bool,
    rects: HashMap<Id, Rect>,
}

fn cell_id(measure: &str, column: usize) -> Id {
    Id::unique(("matrix_cell", measure, column))
}

fn cursor_id() -> Id {
    Id::unique("matrix_cursor")
}

impl CellCursor {
    /// Reads the arrow keys and Enter if the current cell has the focus, and registers the current
    /// cell as the matrix's one Tab stop (where it was drawn last).
    fn begin(ui: &mut Ui, rows: &[MatrixRow]) -> CellCursor {
        let memory: CellMemory = ui
            .data(|data| data.get_temp(cursor_id()))
            .unwrap_or_default();
        let (mut row, mut column) = memory
            .current
            .as_ref()
            .and_then(|(measure, column)| {
                let row = rows.iter().position(|r| r.measure_name() == *measure)?;
                Some((row, *column))
            })
            .unwrap_or((0, 0));
        let measure_of = |row: usize| {
            rows.get(row)
                .map(MatrixRow::measure_name)
                .unwrap_or_default()
        };
        let old = cell_id(&measure_of(row), column);
        let focused = ui.memory(|memory| memory.has_focus(old));
        let mut activate = false;
        if focused {
            super::focus::lock_arrow_keys(ui, old);
            let key = crate::ui::shortcuts::list_key_pressed(ui);
            let (down, right): (isize, isize) = match key {
                Some(Action::ListNext) => (1, 0),
                Some(Action::ListPrevious) => (-1, 0),
                Some(Action::CellRight) => (0, 1),
                Some(Action::CellLeft) => (0, -1),
                Some(Action::ListFirst) => (-(row as isize), 0),
                Some(Action::ListLast) => (rows.len() as isize, 0),
                _ => (0, 0),
            };
            let enter = key == Some(Action::ListActivate);
            row = row
                .saturating_add_signed(down)
                .min(rows.len().saturating_sub(1));
            column = column.saturating_add_signed(right).min(2);
            activate = enter;
        }
        let measure = measure_of(row);
        let id = cell_id(&measure, column);
        if focused && id != old {
            ui.memory_mut(|memory| memory.request_focus(id));
        }
        let rect = memory
            .rects
            .get(&id)
            .copied()
            .unwrap_or(Rect::from_min_size(ui.cursor().min, egui::vec2(1.0, 1.0)));
        let response = ui.interact(rect, id, Sense::FOCUSABLE);
        if focused && id != old {
            response.scroll_to_me(None);
        }
        CellCursor {
            row,
            column,
            measure,
            activate,
            rects: HashMap::new(),
        }
    }

    fn stop(&self) -> Id {
        cell_id(&self.measure, self.column)
    }

    fn at(&mut self, row: usize, measure: String) -> RowCells<'_> {
        RowCells {
            cursor: self,
            row,
            measure,
        }
    }

    /// Keeps the current cell and the cells' places for the next frame.
    fn end(self, ui: &mut Ui) {
        let current = Some((self.measure, self.column));
        let memory = CellMemory {
            current,
            rects: self.rects,
        };
        ui.data_mut(|data| data.insert_temp(cursor_id(), memory));
    }
}

/// The cells of one row of the matrix.
struct RowCells<'a> {
    cursor: &'a mut CellCursor,
    row: usize,
    measure: String,
}

impl RowCells<'_> {
    fn is_current(&self, column: usize) -> bool {
        self.cursor.row == self.row && self.cursor.column == column
    }

    /// Enter or Space was pressed on this cell.
    fn activated(&self, column: usize) -> bool {
        self.is_current(column) && self.cursor.activate
    }

    /// Names the cell drawn at `rect` for screen readers (row, column, value), and frames it while
    /// it has the focus.
    fn cell(&mut self, ui: &mut Ui, column: usize, rect: Rect, value: &str) {
        let measure = &self.measure;
        let id = cell_id(measure, column);
        self.cursor.rects.insert(id, rect);
        if !self.is_current(column) {
            ui.interact(rect, id, Sense::hover());
        } else {
            super::focus::frame_focus_at(ui.ctx(), id, rect);
        }
        let title = COLUMN_TITLES.get(column).copied().unwrap_or_default();
        let label = format!("{measure}, {title}: {value}");
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_role(Role::Cell);
            node.set_label(label);
        });
    }
}
