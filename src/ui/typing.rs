//! Nothing typed is dropped: when one frame brings both keystrokes for the focused text field and a
//! click elsewhere (a slow frame, or a fast typist who clicks "Create link" at once), egui would take
//! the focus away at the click before the field reads its keystrokes. For such a frame the field keeps
//! the focus while the window is drawn, so it takes every character first and the button then sees
//! the whole text; the focus leaves at the end of the frame, as the click asked.

use egui::{Context, Event, Id, Pos2, SurrenderFocusOn};

/// A frame in which the focused field keeps its focus until it has read its keystrokes.
pub struct HeldFocus {
    field: Id,
    before: SurrenderFocusOn,
    /// Where the pointer pressed in this frame, if it did.
    pressed_at: Option<Pos2>,
}

/// Whether `event` is something a text field would take: a character, a paste or a key.
fn is_typing(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_) | Event::Paste(_) | Event::Ime(_) | Event::Key { pressed: true, .. }
    )
}

/// Call before drawing: holds the focus on the focused field when this frame brings keystrokes and
/// a press or click of the pointer.
pub fn hold_focus_while_typing(ctx: &Context) -> Option<HeldFocus> {
    let field = ctx.memory(|memory| memory.focused())?;
    let (typing, pointer) = ctx.input(|input| {
        (
            input.events.iter().any(is_typing),
            input.pointer.any_pressed() || input.pointer.any_released(),
        )
    });
    if !(typing && pointer) {
        return None;
    }
    let pressed_at = ctx.input(|input| {
        input
            .pointer
            .press_origin()
            .or(input.pointer.interact_pos())
    });
    let before = ctx.options_mut(|options| {
        std::mem::replace(
            &mut options.input_options.surrender_focus_on,
            SurrenderFocusOn::Never,
        )
    });
    Some(HeldFocus {
        field,
        before,
        pressed_at,
    })
}

/// Call after drawing: lets the focus go where the click asked (away from the field if the click was
/// outside it), and restores egui's rule for later frames.
pub fn release_held_focus(ctx: &Context, held: Option<HeldFocus>) {
    let Some(held) = held else {
        return;
    };
    ctx.options_mut(|options| options.input_options.surrender_focus_on = held.before);
    let inside = match (held.pressed_at, ctx.read_response(held.field)) {
        (Some(at), Some(response)) => response.interact_rect.contains(at),
        _ => false,
    };
    if !inside {
        ctx.memory_mut(|memory| memory.surrender_focus(held.field));
    }
}
