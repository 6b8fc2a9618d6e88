//! Zoom for the whole window: Ctrl+Plus / Ctrl+Minus / Ctrl+0 scale the chrome and the text together
//! (egui's zoom factor, so every bar, button and pane grows at once), persisted in the settings, with
//! the reading position of both panes kept.

use super::app::CrosswalkApp;
use super::settings::DEFAULT_ZOOM;
use crate::model::{PerTreaty, TreatyKey};

/// The zoom levels Ctrl+Plus and Ctrl+Minus step through, as browsers do: up to three times, for a
/// projector at the back of a lecture hall.
pub const ZOOM_STEPS: [f32; 13] = [
    0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
];

/// A change of zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    In,
    Out,
    Reset,
}

/// The zoom after `change` from `current` (which need not be one of the steps).
pub fn next_zoom(current: f32, change: Zoom) -> f32 {
    let first = ZOOM_STEPS[0];
    let last = ZOOM_STEPS[ZOOM_STEPS.len() - 1];
    match change {
        Zoom::Reset => DEFAULT_ZOOM,
        Zoom::In => ZOOM_STEPS
            .iter()
            .copied()
            .find(|&step| step > current + 0.001)
            .unwrap_or(last),
        Zoom::Out => ZOOM_STEPS
            .iter()
            .rev()
            .copied()
            .find(|&step| step < current - 0.001)
            .unwrap_or(first),
    }
}

/// A zoom read from the settings file, made safe: a hand-edited 0 or NaN would make the window
/// unusable.
pub fn sane_zoom(zoom: f32) -> f32 {
    if zoom.is_finite() {
        zoom.clamp(ZOOM_STEPS[0], ZOOM_STEPS[ZOOM_STEPS.len() - 1])
    } else {
        DEFAULT_ZOOM
    }
}

/// "125%".
pub fn percent(zoom: f32) -> String {
    format!("{:.0}%", zoom * 100.0)
}

impl CrosswalkApp {
    /// Zooms the window in, out or back to 100%. Each pane's top provision is brought back to the
    /// top once the new scale has laid the rows out again, so the reader stays where they were.
    pub(super) fn zoom(&mut self, change: Zoom) {
        let zoom = next_zoom(sane_zoom(self.settings.zoom), change);
        if (zoom - self.settings.zoom).abs() < f32::EPSILON {
            return;
        }
        self.settings.zoom = zoom;
        // Keep the first anchors if the zoom changes again before the new scale is drawn.
        if self.zoom_anchor.is_none() {
            let library = &self.corpus.library;
            self.zoom_anchor = Some(PerTreaty::from_fn(|key| {
                let pane = &self.panes[key];
                let top = pane.top_node?;
                // The top row is usually cut by the pane's edge: anchor the row below it, which a jump
                // puts just under that edge, so the same provision is on top again at any scale.
                let next = (top + 1..library.treaty(key).nodes.len())
                    .find(|&node| pane.row_of(node).is_some());
                Some(next.unwrap_or(top))
            }));
        }
    }

    /// Gives egui the zoom of the settings (called at the start and at the end of each frame). egui
    /// applies a new zoom from the next frame on; in that frame each pane is sent back to the provision
    /// that was at its top, and the reader re-lays out its rows at the new scale around it.
    pub(super) fn apply_zoom(&mut self, ctx: &egui::Context) {
        let zoom = sane_zoom(self.settings.zoom);
        if (ctx.zoom_factor() - zoom).abs() > f32::EPSILON {
            ctx.set_zoom_factor(zoom);
            return;
        }
        if let Some(anchors) = self.zoom_anchor.take() {
            for key in TreatyKey::ALL {
                if let Some(top) = anchors[key] {
                    self.panes[key].scroll_to(top);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_up_and_down_and_stops_at_the_ends() {
        assert_eq!(next_zoom(1.0, Zoom::In), 1.1);
        assert_eq!(next_zoom(1.1, Zoom::Out), 1.0);
        assert_eq!(
            next_zoom(1.05, Zoom::In),
            1.1,
            "between steps: the next one"
        );
        assert_eq!(next_zoom(1.05, Zoom::Out), 1.0);
        assert_eq!(next_zoom(3.0, Zoom::In), 3.0);
        assert_eq!(next_zoom(0.5, Zoom::Out), 0.5);
        assert_eq!(next_zoom(2.5, Zoom::Reset), 1.0);
        assert_eq!(sane_zoom(f32::NAN), 1.0);
        assert_eq!(sane_zoom(0.0), 0.5);
        assert_eq!(percent(1.25), "125%");
    }
}
