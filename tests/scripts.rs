//! Notes in the UN's six languages display in the window: Russian with egui's own fonts, Chinese and
//! Arabic through the system's fonts (eframe's font provider, added here as the window adds it), Arabic
//! joined and in right-to-left order. `.ci/run` installs the CJK and Arabic fonts this needs.

use std::sync::Arc;

use crosswalk::ui::scripts::{display_form, missing_scripts};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const NOTES: [&str; 3] = [
    "Сравните со статьёй 15 Будапештской конвенции.",
    "比较《布达佩斯公约》第15条。",
    "قارن بالمادة 15 من اتفاقية بودابست.",
];

#[test]
fn russian_chinese_and_arabic_notes_have_every_glyph() {
    // The harness panics on any glyph no font can draw (egui_kittest's missing-glyph policy), so laying
    // the notes out is itself the check that no box is drawn.
    let mut harness = Harness::builder()
        .with_size([800.0, 300.0])
        .with_context_setup(|ctx| {
            ctx.add_font_provider(Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            ));
        })
        .build_ui(|ui| {
            for note in NOTES {
                ui.label(display_form(note).into_owned());
            }
        });
    harness.run();
    // The labels are there, Arabic in its shaped, visual form.
    harness.get_by_label(NOTES[0]);
    harness.get_by_label(NOTES[1]);
    harness.get_by_label(&display_form(NOTES[2]));
    let font = egui::FontId::proportional(14.0);
    for note in NOTES {
        let shown = display_form(note);
        assert_eq!(
            missing_scripts(&harness.ctx, &font, &shown),
            Vec::<&str>::new(),
            "{note}: some characters have no font (missing-glyph boxes)"
        );
    }
}

#[test]
fn a_script_without_any_font_is_named() {
    // Egyptian hieroglyphs: no font on a normal system has them, and egui's own fonts do not.
    let harness = Harness::builder().build_ui(|ui| {
        ui.label("x");
    });
    let font = egui::FontId::proportional(14.0);
    assert_eq!(
        missing_scripts(&harness.ctx, &font, "see 𓀀 here"),
        ["Egyptian_Hieroglyphs"]
    );
}
