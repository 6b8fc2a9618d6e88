//! Notes, replies and link notes as the window draws them: Arabic joined and in visual order (for
//! display only; the stored text is untouched), and a notice naming a script no installed font has.

use egui::Ui;

use crate::ui::scripts::{display_form, missing_font_notice};

/// Each text's display form and missing-font notice, computed once per text and dropped when the
/// layers change (`refresh`).
#[derive(Default)]
pub struct ShownNotes {
    revision: Option<u64>,
    map: std::collections::HashMap<String, (String, Option<String>)>,
}

impl ShownNotes {
    /// Forgets what was computed for an older workspace revision.
    pub fn refresh(&mut self, revision: u64) {
        if self.revision != Some(revision) {
            self.revision = Some(revision);
            self.map.clear();
        }
    }

    fn get(&mut self, ui: &Ui, text: &str) -> (String, Option<String>) {
        if let Some(shown) = self.map.get(text) {
            return shown.clone();
        }
        let display = display_form(text).into_owned();
        let font = egui::TextStyle::Body.resolve(ui.style());
        let notice = missing_font_notice(ui.ctx(), &font, &display);
        let shown = (display, notice);
        self.map.insert(text.to_owned(), shown.clone());
        shown
    }
}

/// A note's words as the window can show them, with the notice when some characters have no font.
pub fn note_text_ui(ui: &mut Ui, shown: &mut ShownNotes, text: &str) {
    let (display, notice) = shown.get(ui, text);
    ui.label(display);
    if let Some(notice) = notice {
        ui.label(egui::RichText::new(notice).small().italics());
    }
}
