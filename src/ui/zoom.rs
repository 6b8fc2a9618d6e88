//! Zoom for the whole window: Ctrl+Plus / Ctrl+Minus / Ctrl+0 scale the chrome and the text together
//! (egui's zoom factor, so every bar, button and pane grows at once), persisted in the settings. To
//! the panes a new zoom is a new width in points: each keeps its reading position (the provision at its
//! top and how far into it) as it does when the window is resized.

use super::app::CrosswalkApp;
use super::settings::DEFAULT_ZOOM;

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
    /// Zooms the window in, out or back to 100%.
    pub(super) fn zoom(&mut self, change: Zoom) {
        self.settings.zoom = next_zoom(sane_zoom(self.settings.zoom), change);
    }

    /// Gives egui the zoom of the settings (called at the start and at the end of each frame); egui
    /// applies a new zoom from the next frame on.
    pub(super) fn apply_zoom(&self, ctx: &egui::Context) {
        let zoom = sane_zoom(self.settings.zoom);
        if (ctx.zoom_factor() - zoom).abs() > f32::EPSILON {
            ctx.set_zoom_factor(zoom);
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
