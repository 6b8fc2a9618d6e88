//! What a user does to the window with the pointer or the system, shared by the window tests: a drag
//! across text in small steps, a path typed where no file dialog opens, a close request from the
//! title bar, and what a frame asked of the system (full screen, cancelling a close).

// Each test file uses the part it needs.
#![allow(dead_code)]

use crosswalk::ui::views::path_prompt::PATH_FIELD_LABEL;
use egui::{Key, Modifiers, Pos2, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Presses at `from`, moves to `to` in four steps, as a hand would, and lets go.
pub fn drag<State>(harness: &mut Harness<'_, State>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(from + (to - from) * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}

/// Drags along the second line of the text whose label contains `label`, from a third of its width
/// to two thirds, as a reader selecting words would; returns where the drag began and ended.
pub fn drag_across_text<State>(harness: &mut Harness<'_, State>, label: &str) -> (Pos2, Pos2) {
    let row = harness.get_by_label_contains(label).rect();
    let y = row.top() + row.height() * 0.3;
    let from = egui::pos2(row.left() + row.width() * 0.3, y);
    let to = egui::pos2(row.left() + row.width() * 0.7, y);
    drag(harness, from, to);
    (from, to)
}

/// Whether the last frame asked the system for `command` (full screen, cancelling a close, …).
pub fn sent_viewport_command<State>(
    harness: &Harness<'_, State>,
    command: &ViewportCommand,
) -> bool {
    harness
        .output()
        .viewport_output
        .values()
        .flat_map(|viewport| &viewport.commands)
        .any(|sent| sent == command)
}

/// The system asks the window to close (the title bar's ×). Returns whether the app cancelled the
/// close in that frame (to ask about unsaved work first).
pub fn request_close<State>(harness: &mut Harness<'_, State>) -> bool {
    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    harness.step();
    let cancelled = sent_viewport_command(harness, &ViewportCommand::CancelClose);
    if let Some(viewport) = harness.input_mut().viewports.get_mut(&ViewportId::ROOT) {
        viewport.events.clear();
    }
    harness.run();
    cancelled
}

/// Types `path` into the window's path field (which must have the focus) and confirms it with Enter.
pub fn type_path<State>(harness: &mut Harness<'_, State>, path: &std::path::Path) {
    fill_path_field(harness, path);
    harness.key_press(Key::Enter);
    harness.run();
}

/// Replaces what the window's path field (which must have the focus) holds by `path`.
pub fn fill_path_field<State>(harness: &mut Harness<'_, State>, path: &std::path::Path) {
    assert!(
        harness.get_by_label(PATH_FIELD_LABEL).is_focused(),
        "the path field has the focus"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label(PATH_FIELD_LABEL)
        .type_text(&path.display().to_string());
    harness.run();
}

/// Types `text` into the focused field and, in the same frame, clicks the button labelled `button`:
/// a fast typist on a slow frame. Every character must reach the field before the click acts.
pub fn type_and_click_in_one_frame<State>(
    harness: &mut Harness<'_, State>,
    text: &str,
    button: &str,
) {
    // Where a user would see it: scrolled into view first.
    harness.get_by_label(button).scroll_to_me();
    harness.run();
    let at = harness.get_by_label(button).rect().center();
    let input = harness.input_mut();
    input.events.push(egui::Event::Text(text.to_owned()));
    input.events.push(egui::Event::PointerMoved(at));
    for pressed in [true, false] {
        input.events.push(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.step();
    harness.run();
}

/// Types `text` into the focused field and presses `modifiers`+`key` in the same frame.
pub fn type_and_press_in_one_frame<State>(
    harness: &mut Harness<'_, State>,
    text: &str,
    modifiers: Modifiers,
    key: Key,
) {
    let input = harness.input_mut();
    input.events.push(egui::Event::Text(text.to_owned()));
    input.events.push(egui::Event::ModifiersChanged(modifiers));
    for pressed in [true, false] {
        input.events.push(egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        });
    }
    input
        .events
        .push(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.step();
    harness.run();
}

/// In the window's path field (focused, where no file dialog opens) types `path` and presses Enter to
/// export there, then steps frames until the export worker is done (a spinner turns meanwhile, so
/// `run` would not settle). Returns what was written, if anything.
pub fn export_to_typed_path(
    harness: &mut Harness<'_, crosswalk::ui::CrosswalkApp>,
    path: &std::path::Path,
) -> Option<String> {
    fill_path_field(harness, path);
    harness.key_press(Key::Enter);
    for _ in 0..400 {
        harness.step();
        if !harness.state().export_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::fs::read_to_string(path).ok()
}
