//! The choice on each pane of the instrument it shows: every loaded instrument by its short name and
//! title (the shipped treaties first), chosen with the mouse or, focused, with Up and Down.

use egui::Ui;

use crate::instrument::InstrumentKey;
use crate::model::Side;
use crate::ui::command::AppCommand;

/// A loaded instrument as the choice lists it.
pub struct InstrumentEntry {
    pub key: InstrumentKey,
    /// Its short name, and its title where that says more ([`crate::ui::sides::choice_label`]).
    pub label: String,
    /// Its short name, shown on the closed choice.
    pub short_name: String,
}

/// The accessible name of a pane's choice, by where the pane is ("Left pane shows").
pub fn choice_name(left: bool) -> &'static str {
    if left {
        "Left pane shows"
    } else {
        "Right pane shows"
    }
}

/// Draws the choice of the pane that shows `side`; a new choice becomes
/// [`AppCommand::ChooseInstrument`].
pub fn instrument_choice_ui(
    ui: &mut Ui,
    side: Side,
    left: bool,
    shown: &InstrumentKey,
    entries: &[InstrumentEntry],
    out: &mut Vec<AppCommand>,
) {
    let mut chosen = shown.clone();
    let current = entries.iter().find(|entry| entry.key == *shown);
    // No visible label (the pane's title beside it says what it shows), so the pane's header stays
    // one row at any zoom; screen readers and tests find it by its name.
    // A share of what is left of the row, so that the header never grows wider than its pane (the
    // text below would be laid out as wide); the title beside it is truncated, not the choice's arrow.
    let width = (ui.available_width() * 0.35).clamp(24.0, 160.0);
    let combo = egui::ComboBox::from_id_salt(("instrument_choice", side))
        .selected_text(current.map_or(shown.as_str(), |entry| entry.short_name.as_str()))
        .width(width)
        .truncate()
        .show_ui(ui, |ui| {
            for entry in entries {
                ui.selectable_value(&mut chosen, entry.key.clone(), entry.label.as_str());
            }
        });
    let name = choice_name(left);
    ui.ctx()
        .accesskit_node_builder(combo.response.id, |node| node.set_label(name));
    combo
        .response
        .clone()
        .on_hover_text("Choose the instrument this pane shows");
    let keys: Vec<InstrumentKey> = entries.iter().map(|entry| entry.key.clone()).collect();
    super::arrow_keys_choose(ui, &combo.response, &keys, |key| key == shown, &mut chosen);
    if chosen != *shown {
        out.push(AppCommand::ChooseInstrument {
            side,
            instrument: chosen,
        });
    }
}
