//! The keyboard focus: lists that are one Tab stop (the arrow keys move inside, Enter or Space acts
//! on the current item, whose buttons alone take Tab), and the frame that shows where the focus is.
//!
//! egui makes every button a Tab stop, so the annotations panel with the shipped layers visible had
//! hundreds. A list's items are drawn as before (the mouse clicks every button); only their place in
//! the Tab order changes: [`out_of_tab_order`] passes Tab over the widgets of items that are not
//! current.

use egui::accesskit::Role;
use egui::{Id, Rect, Sense, Stroke, Ui, UiBuilder};

use crate::ui::shortcuts::Action;

/// The stroke of the focus frame: the theme's selection colour where it stands out at least 3:1
/// against panels and windows (WCAG's contrast for a focus indicator), else the strongest text colour.
pub fn focus_stroke(visuals: &egui::Visuals) -> Stroke {
    let selection = visuals.selection.stroke.color;
    let stands_out = [visuals.panel_fill, visuals.window_fill]
        .into_iter()
        .all(|fill| crate::ui::theme::contrast_ratio(selection, fill) >= 3.0);
    let color = if stands_out {
        selection
    } else {
        visuals.strong_text_color()
    };
    Stroke::new(2.0, color)
}

fn frame_rects_id() -> Id {
    Id::unique("focus_frame_rects")
}

/// Says where the focus frame of widget `id` goes when it has the focus (the list's current entry,
/// the pane's selected provision, a matrix cell), if not around the widget itself.
pub fn frame_focus_at(ctx: &egui::Context, id: Id, rect: Rect) {
    ctx.data_mut(|data| {
        data.get_temp_mut_or_default::<Vec<(Id, Rect)>>(frame_rects_id())
            .push((id, rect));
    });
}

/// Draws the frame around the focused widget, whatever it is, on its own layer; when the focus has
/// just moved there, brings it into sight first: its window to the front, or a window over the
/// panel it is in out of the way.
fn frame_the_focus(ctx: &egui::Context) {
    let rects = ctx
        .data_mut(|data| data.remove_temp::<Vec<(Id, Rect)>>(frame_rects_id()))
        .unwrap_or_default();
    let Some(id) = ctx.memory(|memory| memory.focused()) else {
        return;
    };
    let Some(response) = ctx.read_response(id) else {
        return;
    };
    let rect = rects
        .iter()
        .rev()
        .find(|(framed, _)| *framed == id)
        .map_or(response.rect, |(_, rect)| *rect);
    if !ctx.memory(|memory| memory.had_focus_last_frame(id)) {
        bring_into_sight(ctx, response.layer_id, rect);
    }
    let stroke = focus_stroke(&ctx.global_style().visuals);
    ctx.layer_painter(response.layer_id).rect_stroke(
        rect.expand(4.0),
        3.0,
        stroke,
        egui::StrokeKind::Outside,
    );
}

/// A window with the focus comes to the front; windows over a panel with the focus move aside.
fn bring_into_sight(ctx: &egui::Context, layer: egui::LayerId, rect: Rect) {
    if layer.order == egui::Order::Middle {
        ctx.move_to_top(layer);
        return;
    }
    if layer.order != egui::Order::Background {
        return;
    }
    let screen = ctx.content_rect();
    let covering: Vec<(egui::LayerId, Rect)> = ctx.memory(|memory| {
        memory
            .layer_ids()
            .filter(|other| other.order == egui::Order::Middle)
            .filter(|other| memory.areas().is_visible(other))
            .filter_map(|other| Some((other, memory.area_rect(other.id)?)))
            .filter(|(_, area)| area.intersects(rect.expand(6.0)))
            .collect()
    });
    for (window, area) in covering {
        // To the side of the focus with more room.
        let left = if screen.right() - rect.right() >= rect.left() - screen.left() {
            (rect.right() + 8.0).min(screen.right() - area.width())
        } else {
            (rect.left() - 8.0 - area.width()).max(screen.left())
        };
        if let Some(mut state) = egui::AreaState::load(ctx, window.id) {
            state.set_left_top_pos(egui::pos2(left, area.top()));
            ctx.memory_mut(|memory| memory.areas_mut().set_state(window, state));
            ctx.request_repaint();
        }
    }
}

/// The arrow keys act on the focused widget `id` instead of moving the focus away from it.
pub fn lock_arrow_keys(ui: &Ui, id: Id) {
    ui.memory_mut(|memory| {
        memory.set_focus_lock_filter(
            id,
            egui::EventFilter {
                vertical_arrows: true,
                horizontal_arrows: true,
                ..Default::default()
            },
        );
    });
}

/// What a list remembers between frames: its current item and the order its items were drawn in.
#[derive(Clone, Default)]
struct ListMemory {
    current: Option<Id>,
    order: Vec<Id>,
    /// Where the current item was drawn (the list's focus is there).
    current_rect: Option<Rect>,
}

/// How an item is to be drawn this frame.
#[derive(Clone, Copy, Debug)]
pub struct ItemState {
    /// The item the arrow keys reached (or that was clicked): its buttons take Tab.
    pub current: bool,
    /// Enter or Space was pressed on the list: act on this item.
    pub activated: bool,
}

/// A list that is one Tab stop. `begin` it before the items, draw each with [`KeyList::item_ui`]
/// (or mark it with [`KeyList::item`] when the caller draws it), then `end` it.
pub struct KeyList {
    id: Id,
    label: String,
    memory: ListMemory,
    order: Vec<Id>,
    focused: bool,
    activate: bool,
    /// The current item changed by a key this frame: scroll it into view.
    moved: bool,
    current_rect: Option<Rect>,
    current_label: String,
}

/// A key that moves inside a list.
enum Step {
    Up,
    Down,
    Home,
    End,
}

impl KeyList {
    /// Registers the list's Tab stop (where its current item was) and reads its keys.
    pub fn begin(ui: &mut Ui, id: Id, label: &str) -> KeyList {
        let memory: ListMemory = ui.data(|data| data.get_temp(id)).unwrap_or_default();
        let rect = memory.current_rect.unwrap_or_else(|| {
            Rect::from_min_size(
                ui.cursor().min,
                egui::vec2(ui.available_width().max(1.0), 1.0),
            )
        });
        let response = ui.interact(rect, id, Sense::FOCUSABLE);
        let focused = response.has_focus();
        let mut list = KeyList {
            id,
            label: label.to_owned(),
            current_rect: None,
            current_label: String::new(),
            order: Vec::new(),
            focused,
            activate: false,
            moved: response.gained_focus(),
            memory,
        };
        if focused {
            list.read_keys(ui);
        }
        list
    }

    fn read_keys(&mut self, ui: &Ui) {
        lock_arrow_keys(ui, self.id);
        let key = crate::ui::shortcuts::list_key_pressed(ui);
        let step = match key {
            Some(Action::ListPrevious) => Some(Step::Up),
            Some(Action::ListNext) => Some(Step::Down),
            Some(Action::ListFirst) => Some(Step::Home),
            Some(Action::ListLast) => Some(Step::End),
            _ => None,
        };
        let activate = key == Some(Action::ListActivate);
        let order = &self.memory.order;
        let at = self
            .memory
            .current
            .and_then(|current| order.iter().position(|&id| id == current));
        let last = order.len().saturating_sub(1);
        let next = match (step, at) {
            (None, Some(at)) => Some(at),
            (None, None) | (Some(Step::Home), _) | (Some(_), None) => Some(0),
            (Some(Step::Up), Some(at)) => Some(at.saturating_sub(1)),
            (Some(Step::Down), Some(at)) => Some((at + 1).min(last)),
            (Some(Step::End), _) => Some(last),
        };
        let next = next.and_then(|index| order.get(index).copied());
        self.moved |= next != self.memory.current;
        self.memory.current = next;
        self.activate = activate && next.is_some();
    }

    /// Whether the list has the keyboard focus.
    pub fn has_focus(&self) -> bool {
        self.focused
    }

    /// Whether `key` is the current item.
    pub fn is_current(&self, key: Id) -> bool {
        self.memory.current == Some(key)
    }

    /// Records item `key` in the list's order; how to draw it.
    pub fn item(&mut self, key: Id) -> ItemState {
        self.order.push(key);
        let current = self.memory.current == Some(key);
        ItemState {
            current,
            activated: current && self.activate,
        }
    }

    /// After the caller drew item `key` at `rect` (named `label`): a press in it makes it current.
    pub fn item_drawn(&mut self, ui: &Ui, key: Id, rect: Rect, label: &str) {
        let pressed =
            ui.input(|input| input.pointer.any_pressed()) && ui.rect_contains_pointer(rect);
        if pressed {
            self.memory.current = Some(key);
        }
        if self.memory.current == Some(key) {
            self.current_rect = Some(rect);
            label.clone_into(&mut self.current_label);
        }
    }

    /// Draws item `key` (named `label`): a press anywhere in it makes it current; the widgets of an
    /// item that is not current stay out of the Tab order.
    pub fn item_ui<R>(
        &mut self,
        ui: &mut Ui,
        key: Id,
        label: &str,
        add: impl FnOnce(&mut Ui, ItemState) -> R,
    ) -> R {
        let state = self.item(key);
        let stop = self.id;
        let inner = ui.scope_builder(UiBuilder::new().id_salt(key), |ui| {
            if state.current {
                // In a scope as `out_of_tab_order` draws it, so that its widgets keep their IDs
                // when it becomes current (a click's press and release may fall in two frames).
                ui.scope(|ui| add(ui, state)).inner
            } else {
                out_of_tab_order(ui, stop, |ui| add(ui, state))
            }
        });
        if made_current_by_accesskit(ui, inner.response.rect) {
            self.memory.current = Some(key);
        }
        self.item_drawn(ui, key, inner.response.rect, label);
        inner.inner
    }

    /// Keeps what the list learnt this frame, frames its current item while it has the focus and
    /// scrolls that into view when a key moved it. Returns the current item.
    pub fn end(mut self, ui: &mut Ui) -> Option<Id> {
        if self
            .memory
            .current
            .is_some_and(|current| !self.order.contains(&current))
        {
            // Filtered out or gone: the list starts again from its first item.
            self.memory.current = None;
            self.current_rect = None;
        }
        if let Some(rect) = self.current_rect {
            frame_focus_at(ui.ctx(), self.id, rect);
            if self.moved {
                ui.scroll_to_rect(rect.expand(4.0), None);
            }
        }
        let (label, value) = (self.label, self.current_label);
        ui.ctx().accesskit_node_builder(self.id, |node| {
            node.set_role(Role::ListBox);
            node.set_label(label);
            if !value.is_empty() {
                node.set_value(value);
            }
        });
        self.memory.order = self.order;
        self.memory.current_rect = self.current_rect;
        let current = self.memory.current;
        ui.data_mut(|data| data.insert_temp(self.id, self.memory));
        current
    }
}

/// Whether a screen reader (or a test) asked to focus a widget in `rect` this frame.
fn made_current_by_accesskit(ui: &Ui, rect: Rect) -> bool {
    let asked = ui.input(|input| {
        input.events.iter().any(|event| {
            matches!(
                event,
                egui::Event::AccessKitActionRequest(request)
                    if request.action == egui::accesskit::Action::Focus
            )
        })
    });
    asked && focused_rect_within(ui, rect)
}

/// Whether the focused widget lies in `rect` on this layer.
fn focused_rect_within(ui: &Ui, rect: Rect) -> bool {
    let Some(focused) = ui.memory(|memory| memory.focused()) else {
        return false;
    };
    ui.ctx().read_response(focused).is_some_and(|response| {
        response.layer_id == ui.layer_id() && rect.expand(1.0).contains_rect(response.rect)
    })
}

/// Draws `add` with its widgets out of the Tab order (the mouse still clicks them): Tab passes over
/// them to the next widget, and Shift+Tab arriving on one of them goes to the list's stop `stop`.
pub fn out_of_tab_order<R>(ui: &mut Ui, stop: Id, add: impl FnOnce(&mut Ui) -> R) -> R {
    let before = ui.memory(|memory| memory.focused());
    let inner = ui.scope(add);
    let after = ui.memory(|memory| memory.focused());
    let by_pointer_or_reader = ui.input(|input| {
        input.pointer.any_pressed()
            || input.pointer.any_down()
            || input
                .events
                .iter()
                .any(|event| matches!(event, egui::Event::AccessKitActionRequest(_)))
    });
    if after.is_none()
        || after == Some(stop)
        || by_pointer_or_reader
        || !focused_rect_within(ui, inner.response.rect)
    {
        return inner.inner;
    }
    ui.memory_mut(|memory| {
        if let Some(focused) = after {
            memory.surrender_focus(focused);
        }
        if before == after {
            // Reached backwards (Shift+Tab): the list itself is the stop before what follows it.
            memory.request_focus(stop);
        } else {
            // Reached by Tab: on to the next widget that takes the focus.
            memory.move_focus(egui::FocusDirection::Next);
        }
    });
    ui.ctx().request_repaint();
    inner.inner
}

/// The open dialogs that hold the keyboard, each with the widget that had the focus before it
/// opened (the focus returns there when it closes).
#[derive(Clone, Default)]
struct Dialogs {
    /// (dialog window, focus before it, drawn this frame)
    open: Vec<(Id, Option<Id>, bool)>,
    /// The focused widget when this frame started.
    focus_at_start: Option<Id>,
}

fn dialogs_id() -> Id {
    Id::unique("focus_dialogs")
}

/// Call first in a frame: remembers where the focus is, for a dialog that opens in this frame.
pub fn frame_started(ctx: &egui::Context) {
    let focused = ctx.memory(|memory| memory.focused());
    ctx.data_mut(|data| {
        data.get_temp_mut_or_default::<Dialogs>(dialogs_id())
            .focus_at_start = focused
    });
}

/// Call after drawing the dialog `window` (an `egui::Window` with that id): Tab and Shift+Tab stay
/// inside it (what is behind takes neither the keyboard nor the mouse) until it closes.
pub fn hold_focus_in(ctx: &egui::Context, window: Id) {
    let layer = egui::LayerId::new(egui::Order::Middle, window);
    let opened = ctx.data_mut(|data| {
        let dialogs = data.get_temp_mut_or_default::<Dialogs>(dialogs_id());
        let before = dialogs.focus_at_start;
        match dialogs.open.iter_mut().find(|(id, ..)| *id == window) {
            Some((_, _, drawn)) => {
                *drawn = true;
                false
            }
            None => {
                dialogs.open.push((window, before, true));
                true
            }
        }
    });
    if opened {
        // The dialog opened last is in front (a path asked for over the Export window).
        ctx.move_to_top(layer);
    }
    ctx.memory_mut(|memory| memory.set_modal_layer(layer));
}

/// Call last in a frame: frames the focused widget, and a dialog not drawn this frame has closed:
/// the focus goes back to where it was before the dialog opened.
pub fn frame_ended(ctx: &egui::Context) {
    frame_the_focus(ctx);
    let closed: Vec<Option<Id>> = ctx.data_mut(|data| {
        let dialogs = data.get_temp_mut_or_default::<Dialogs>(dialogs_id());
        let closed = dialogs
            .open
            .iter()
            .filter(|(_, _, drawn)| !drawn)
            .map(|(_, before, _)| *before)
            .collect();
        dialogs.open.retain(|(_, _, drawn)| *drawn);
        for (_, _, drawn) in &mut dialogs.open {
            *drawn = false;
        }
        closed
    });
    // The first dialog opened is the one whose "before" lies outside every dialog.
    if let Some(before) = closed.into_iter().flatten().next_back() {
        ctx.memory_mut(|memory| memory.request_focus(before));
        ctx.request_repaint();
    }
}
