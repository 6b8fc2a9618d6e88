//! The implementation table: for a treaty and a loaded imported instrument, every article and every
//! obliging paragraph with the instrument's suggested counterparts, their scores and the user's
//! decision. The chosen obligation offers one action each: Confirm a suggested counterpart, Change to
//! another provision of the instrument, or No counterpart — each an undoable edit of the user's
//! layer. Export writes the table in any of the table's formats.

use egui::Ui;

use crate::implementation::{ImplementationTable, Row, TableFormat};
use crate::instrument::Instrument;
use crate::model::{Kind, Library, ProvisionId, Side};
use crate::ui::command::AppCommand;
use crate::ui::instruments::InstrumentCommand;

use super::focus::{KeyList, out_of_tab_order};

pub const IMPLEMENTATION_WINDOW_TITLE: &str = "Implementation table";

/// The label of the Change choice (tests and screen readers find it by this name).
pub const CHANGE_CHOICE_LABEL: &str = "Another provision of the instrument";

/// What the table is drawn from.
pub struct ImplementationInput<'a> {
    pub library: &'a Library,
    pub table: Option<&'a ImplementationTable>,
    /// The table is being written.
    pub writing: bool,
}

/// The window's choices, kept between frames; rows and provisions by their IDs.
pub struct ImplementationWindow {
    pub open: bool,
    pub treaty: Side,
    /// The imported instrument's prefix.
    pub instrument: Option<String>,
    /// Only the obligations whose pinpoint or heading holds these words.
    pub filter: String,
    /// The obligation whose actions are shown.
    pub chosen: Option<String>,
    /// The provision Change links to.
    pub change_to: Option<String>,
    pub format: TableFormat,
    pub message: String,
}

impl Default for ImplementationWindow {
    fn default() -> ImplementationWindow {
        ImplementationWindow {
            open: false,
            treaty: Side::Revision,
            instrument: None,
            filter: String::new(),
            chosen: None,
            change_to: None,
            format: TableFormat::default(),
            message: String::new(),
        }
    }
}

/// The row's label in the list: "Obligation Art. 24(1): Conditions and safeguards".
pub fn row_label(row: &Row) -> String {
    format!("Obligation {}: {}", row.pinpoint, row.heading)
}

/// The decision in words: "Corresponds: s. 4", "No counterpart", "Not decided".
fn decision(row: &Row) -> String {
    let linked: Vec<&str> = (row.counterparts.iter())
        .filter(|c| c.linked)
        .map(|c| c.pinpoint.as_str())
        .collect();
    match (row.relation.as_str(), linked.is_empty()) {
        ("", _) => "Not decided".to_owned(),
        (relation, true) => relation.to_owned(),
        (relation, false) => format!("{relation}: {}", linked.join(", ")),
    }
}

/// The suggestions in one line: "s. 4 (0.61), s. 5 (0.20)".
fn suggestions(row: &Row) -> String {
    let scored: Vec<String> = (row.counterparts.iter())
        .filter_map(|c| c.score.map(|score| format!("{} ({score:.2})", c.pinpoint)))
        .collect();
    if scored.is_empty() {
        "no suggestion".to_owned()
    } else {
        scored.join(", ")
    }
}

impl ImplementationWindow {
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        input: &ImplementationInput,
        out: &mut Vec<AppCommand>,
    ) {
        let mut open = self.open;
        let id = egui::Id::unique("implementation_window");
        egui::Window::new(IMPLEMENTATION_WINDOW_TITLE)
            .id(id)
            .open(&mut open)
            .default_width(760.0)
            .default_height(620.0)
            .show(ctx, |ui| self.contents_ui(ui, input, out));
        super::title_bar_a11y(ctx, id, IMPLEMENTATION_WINDOW_TITLE);
        self.open &= open;
    }

    fn contents_ui(&mut self, ui: &mut Ui, input: &ImplementationInput, out: &mut Vec<AppCommand>) {
        self.choices_ui(ui, input.library);
        self.table_ui(ui, input, out);
        // Last, so that a message appearing moves nothing above it.
        if !self.message.is_empty() {
            ui.label(egui::RichText::new(&self.message).strong());
        }
    }

    /// The rows, the chosen row's actions and Export.
    fn table_ui(&mut self, ui: &mut Ui, input: &ImplementationInput, out: &mut Vec<AppCommand>) {
        let (Some(table), Some(instrument)) = (
            input.table,
            (self.instrument.as_deref()).and_then(|key| input.library.instrument(key)),
        ) else {
            ui.label("Import an instrument (Instruments → Import instrument…) and choose it here.");
            return;
        };
        self.rows_ui(ui, table);
        ui.separator();
        let chosen = (self.chosen.as_deref()).and_then(|id| table.rows.iter().find(|r| r.id == id));
        if let Some(row) = chosen {
            self.actions_ui(ui, row, instrument, out);
            ui.separator();
        }
        self.export_ui(ui, input.writing, out);
    }

    /// The treaty and the instrument.
    fn choices_ui(&mut self, ui: &mut Ui, library: &Library) {
        ui.horizontal(|ui| {
            let label = ui.label("Treaty");
            egui::ComboBox::from_id_salt("implementation_treaty")
                .selected_text(library.treaty(self.treaty).info.short_name.clone())
                .show_ui(ui, |ui| {
                    for key in Side::ALL {
                        let name = library.treaty(key).info.short_name.clone();
                        ui.selectable_value(&mut self.treaty, key, name);
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Instrument");
            let chosen = (self.instrument.as_deref())
                .and_then(|key| library.instrument(key))
                .map_or_else(|| "none loaded".to_owned(), |i| i.info.short_name.clone());
            egui::ComboBox::from_id_salt("implementation_instrument")
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for instrument in &library.imported {
                        let key = Some(instrument.key().to_string());
                        let name = instrument.info.short_name.clone();
                        ui.selectable_value(&mut self.instrument, key, name);
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Find an obligation");
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(160.0))
                .labelled_by(label.id);
        });
        if self.instrument.is_none() {
            self.instrument = library.imported.first().map(|i| i.key().to_string());
        }
    }

    /// One line per obligation: its pinpoint and heading (choosing it shows its actions), the
    /// suggestions with their scores, the decision.
    fn rows_ui(&mut self, ui: &mut Ui, table: &ImplementationTable) {
        // One Tab stop: Up and Down move through the obligations, Enter chooses one.
        let list_id = egui::Id::unique("implementation_rows");
        let mut list = KeyList::begin(ui, list_id, "Obligations");
        let output = egui::ScrollArea::vertical()
            .id_salt("implementation_rows_scroll")
            .max_height(300.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                out_of_tab_order(ui, list_id, |ui| self.grid_ui(ui, table, &mut list));
                list.end(ui);
            });
        super::name_scroll_bars(ui.ctx(), output.id, "the obligations");
    }

    fn grid_ui(&mut self, ui: &mut Ui, table: &ImplementationTable, list: &mut KeyList) {
        let filter = self.filter.trim().to_lowercase();
        egui::Grid::new("implementation_grid")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for row in &table.rows {
                    let label = row_label(row);
                    if !filter.is_empty() && !label.to_lowercase().contains(&filter) {
                        continue;
                    }
                    let key = egui::Id::unique(("implementation_row", &row.id));
                    let state = list.item(key);
                    let chosen = self.chosen.as_deref() == Some(row.id.as_str());
                    let response = ui.selectable_label(chosen, &label);
                    list.item_drawn(ui, key, response.rect, &label);
                    if response.clicked() || state.activated {
                        self.chosen = Some(row.id.clone());
                        self.change_to = None;
                    }
                    ui.label(suggestions(row));
                    ui.label(decision(row));
                    ui.end_row();
                }
            });
    }

    /// Confirm, Change and No counterpart for the chosen obligation.
    fn actions_ui(
        &mut self,
        ui: &mut Ui,
        row: &Row,
        instrument: &Instrument,
        out: &mut Vec<AppCommand>,
    ) {
        let Ok(obligation) = ProvisionId::parse(&row.id) else {
            return;
        };
        ui.label(egui::RichText::new(row_label(row)).strong());
        if !row.text.is_empty() {
            ui.label(&row.text);
        }
        ui.label(format!("Decision: {}", decision(row)));
        for counterpart in row.counterparts.iter().filter(|c| !c.linked) {
            let Ok(id) = ProvisionId::parse(&counterpart.id) else {
                continue;
            };
            let score = counterpart
                .score
                .map_or_else(String::new, |s| format!(" (score {s:.2})"));
            let text = format!(
                "Confirm {} {}{score}",
                counterpart.pinpoint, counterpart.heading
            );
            if ui.button(text.trim_end()).clicked() {
                out.push(AppCommand::Instruments(InstrumentCommand::Link {
                    obligation: obligation.clone(),
                    counterpart: id,
                }));
            }
        }
        self.change_ui(ui, &obligation, instrument, out);
        let key = instrument.key().clone();
        if ui
            .add_enabled(!row.no_counterpart, egui::Button::new("No counterpart"))
            .on_hover_text("Record in your layer that the instrument has no counterpart")
            .clicked()
        {
            out.push(AppCommand::Instruments(InstrumentCommand::NoCounterpart {
                obligation,
                instrument: key,
            }));
        }
    }

    /// Change: another provision of the instrument, then Link.
    fn change_ui(
        &mut self,
        ui: &mut Ui,
        obligation: &ProvisionId,
        instrument: &Instrument,
        out: &mut Vec<AppCommand>,
    ) {
        let name = |id: &str| {
            instrument.get(id).map_or_else(
                || id.to_owned(),
                |node| {
                    format!(
                        "{} {}",
                        node.pinpoint,
                        node.heading.as_deref().unwrap_or("")
                    )
                    .trim_end()
                    .to_owned()
                },
            )
        };
        ui.horizontal(|ui| {
            let label = ui.label(CHANGE_CHOICE_LABEL);
            let shown = self
                .change_to
                .as_deref()
                .map_or_else(|| "choose…".to_owned(), name);
            egui::ComboBox::from_id_salt("implementation_change")
                .selected_text(shown)
                .height(400.0)
                .show_ui(ui, |ui| {
                    for node in instrument
                        .nodes
                        .iter()
                        .filter(|n| matches!(n.kind, Kind::Article | Kind::Paragraph))
                    {
                        let id = Some(node.id.to_string());
                        ui.selectable_value(&mut self.change_to, id, name(node.id.as_str()));
                    }
                })
                .response
                .labelled_by(label.id);
            let target = (self.change_to.as_deref()).and_then(|id| ProvisionId::parse(id).ok());
            let text = match &target {
                Some(id) => format!("Change: link to {}", name(id.as_str())),
                None => "Change: link to…".to_owned(),
            };
            if ui
                .add_enabled(target.is_some(), egui::Button::new(text))
                .clicked()
                && let Some(counterpart) = target
            {
                out.push(AppCommand::Instruments(InstrumentCommand::Change {
                    obligation: obligation.clone(),
                    counterpart,
                }));
                self.change_to = None;
            }
        });
    }

    /// The format and Export.
    fn export_ui(&mut self, ui: &mut Ui, writing: bool, out: &mut Vec<AppCommand>) {
        ui.horizontal(|ui| {
            let label = ui.label("Export format");
            egui::ComboBox::from_id_salt("implementation_format")
                .selected_text(self.format.name())
                .show_ui(ui, |ui| {
                    for format in TableFormat::ALL {
                        ui.selectable_value(&mut self.format, format, format.name());
                    }
                })
                .response
                .labelled_by(label.id);
            if ui
                .add_enabled(!writing, egui::Button::new("Export table…"))
                .clicked()
            {
                out.push(AppCommand::Instruments(InstrumentCommand::ChooseTableFile(
                    self.format,
                )));
            }
            if writing {
                ui.spinner();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rows_decision_is_said_in_words() {
        let mut row = Row {
            id: "uncc:art_7".into(),
            pinpoint: "Art. 7".into(),
            heading: "Illegal access".into(),
            level: "article",
            text: String::new(),
            counterparts: Vec::new(),
            relation: String::new(),
            note: String::new(),
            evidence: Vec::new(),
            no_counterpart: false,
        };
        assert_eq!(decision(&row), "Not decided");
        assert_eq!(suggestions(&row), "no suggestion");
        row.relation = crate::implementation::NO_COUNTERPART.into();
        assert_eq!(decision(&row), "No counterpart");
        assert_eq!(row_label(&row), "Obligation Art. 7: Illegal access");
    }
}
