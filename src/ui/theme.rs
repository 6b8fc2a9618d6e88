//! Reader colours, kept in `assets/theme.ron` so they can be tuned without touching code.

use egui::Color32;
use serde::Deserialize;

use super::marks::MarkColors;

#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
struct Rgba([u8; 4]);

impl From<&Rgba> for Color32 {
    fn from(value: &Rgba) -> Color32 {
        let [r, g, b, a] = value.0;
        Color32::from_rgba_unmultiplied(r, g, b, a)
    }
}

#[derive(Clone, Debug, Deserialize)]
struct PaletteFile {
    text: Rgba,
    heading: Rgba,
    label: Rgba,
    link: Rgba,
    search_match: Rgba,
    current_match: Rgba,
    selection: Rgba,
    selection_bar: Rgba,
    article_tint: Rgba,
    deleted: Rgba,
    inserted: Rgba,
    equivalent: Rgba,
    annotated: Rgba,
    evidence: Rgba,
}

#[derive(Clone, Debug, Deserialize)]
struct ThemeFile {
    light: PaletteFile,
    dark: PaletteFile,
    presentation: HighContrastFile,
}

#[derive(Clone, Debug, Deserialize)]
struct HighContrastFile {
    background: Rgba,
    text: Rgba,
    heading: Rgba,
    label: Rgba,
    equivalent: Rgba,
    deleted: Rgba,
    inserted: Rgba,
    highlight: Rgba,
    evidence: Rgba,
    question: Rgba,
    button: Rgba,
    border: Rgba,
}

/// The colours the reader paints with.
#[derive(Clone, Debug, PartialEq)]
pub struct Palette {
    pub text: Color32,
    pub heading: Color32,
    pub label: Color32,
    pub link: Color32,
    pub search_match: Color32,
    pub current_match: Color32,
    pub selection: Color32,
    pub selection_bar: Color32,
    pub article_tint: Color32,
    pub deleted: Color32,
    pub inserted: Color32,
    pub equivalent: Color32,
    pub annotated: Color32,
    /// The box around evidence words.
    pub evidence: Color32,
}

impl Palette {
    /// The colours of the marks on the reader's text. The reader shows no lesson highlights; were it
    /// to, they would look like notes with a bar in the heading colour.
    pub fn mark_colors(&self) -> MarkColors {
        MarkColors {
            ink: self.text,
            deleted: self.deleted,
            inserted: self.inserted,
            search_match: self.search_match,
            current_match: self.current_match,
            annotated: self.annotated,
            note_line: self.selection_bar,
            evidence: self.evidence,
            highlighted: self.annotated,
            highlight_bar: self.heading,
        }
    }
}

impl From<&PaletteFile> for Palette {
    fn from(file: &PaletteFile) -> Palette {
        Palette {
            text: (&file.text).into(),
            heading: (&file.heading).into(),
            label: (&file.label).into(),
            link: (&file.link).into(),
            search_match: (&file.search_match).into(),
            current_match: (&file.current_match).into(),
            selection: (&file.selection).into(),
            selection_bar: (&file.selection_bar).into(),
            article_tint: (&file.article_tint).into(),
            deleted: (&file.deleted).into(),
            inserted: (&file.inserted).into(),
            equivalent: (&file.equivalent).into(),
            annotated: (&file.annotated).into(),
            evidence: (&file.evidence).into(),
        }
    }
}

/// The high-contrast colours of presentation mode: every text colour on every background it is drawn on
/// has a contrast ratio of at least 7:1 (WCAG AAA), checked by a test over the shipped palette.
#[derive(Clone, Debug, PartialEq)]
pub struct HighContrast {
    pub background: Color32,
    pub text: Color32,
    pub heading: Color32,
    /// Pinpoints, "Stop 3 of 8", captions.
    pub label: Color32,
    /// Equivalent terms (dimmed, yet readable).
    pub equivalent: Color32,
    /// Behind words only in the Budapest Convention (also struck through).
    pub deleted: Color32,
    /// Behind words only in the UN Convention (also underlined).
    pub inserted: Color32,
    /// Behind the teacher's highlighted words (also a bar along their top, in the heading colour).
    pub highlight: Color32,
    /// The box around words quoted as evidence.
    pub evidence: Color32,
    /// Behind the question for the class.
    pub question: Color32,
    /// Buttons.
    pub button: Color32,
    /// Frames and underlines.
    pub border: Color32,
}

impl From<&HighContrastFile> for HighContrast {
    fn from(file: &HighContrastFile) -> HighContrast {
        HighContrast {
            background: (&file.background).into(),
            text: (&file.text).into(),
            heading: (&file.heading).into(),
            label: (&file.label).into(),
            equivalent: (&file.equivalent).into(),
            deleted: (&file.deleted).into(),
            inserted: (&file.inserted).into(),
            highlight: (&file.highlight).into(),
            evidence: (&file.evidence).into(),
            question: (&file.question).into(),
            button: (&file.button).into(),
            border: (&file.border).into(),
        }
    }
}

impl HighContrast {
    /// White on black: what egui can always draw.
    fn fallback() -> HighContrast {
        HighContrast {
            background: Color32::BLACK,
            text: Color32::WHITE,
            heading: Color32::from_rgb(255, 230, 0),
            label: Color32::from_rgb(220, 220, 220),
            equivalent: Color32::from_rgb(200, 200, 200),
            deleted: Color32::from_rgb(90, 0, 0),
            inserted: Color32::from_rgb(0, 50, 0),
            highlight: Color32::from_rgb(0, 0, 120),
            evidence: Color32::from_rgb(120, 220, 255),
            question: Color32::from_rgb(30, 30, 30),
            button: Color32::from_rgb(40, 40, 40),
            border: Color32::WHITE,
        }
    }

    /// The colours of the marks on a slide's texts: lines in the text colour, the highlight's bar in
    /// the heading colour. There is no search and there are no notes in presentation mode.
    pub fn mark_colors(&self) -> MarkColors {
        MarkColors {
            ink: self.text,
            deleted: self.deleted,
            inserted: self.inserted,
            search_match: self.highlight,
            current_match: self.highlight,
            annotated: self.highlight,
            note_line: self.border,
            evidence: self.evidence,
            highlighted: self.highlight,
            highlight_bar: self.heading,
        }
    }

    /// Every (text, background) pair presentation mode draws, and the evidence box, held to the
    /// same contrast as text on the page.
    pub fn text_on_background(&self) -> Vec<(&'static str, Color32, Color32)> {
        let mut pairs = Vec::new();
        for (name, fg) in [
            ("text", self.text),
            ("heading", self.heading),
            ("label", self.label),
            ("equivalent", self.equivalent),
            ("evidence box", self.evidence),
        ] {
            pairs.push((name, fg, self.background));
        }
        for (name, bg) in [
            ("deleted", self.deleted),
            ("inserted", self.inserted),
            ("highlight", self.highlight),
            ("question", self.question),
            ("button", self.button),
        ] {
            pairs.push((name, self.text, bg));
            pairs.push((name, self.equivalent, bg));
        }
        pairs.push(("question heading", self.heading, self.question));
        pairs
    }

    /// egui's own widgets (buttons, scroll bars, separators) in the same colours.
    pub fn visuals(&self) -> egui::Visuals {
        let mut visuals = egui::Visuals::dark();
        visuals.override_text_color = Some(self.text);
        visuals.panel_fill = self.background;
        visuals.window_fill = self.background;
        visuals.extreme_bg_color = self.background;
        visuals.faint_bg_color = self.background;
        let stroke = egui::Stroke::new(2.0, self.border);
        for widget in [
            &mut visuals.widgets.inactive,
            &mut visuals.widgets.hovered,
            &mut visuals.widgets.active,
        ] {
            widget.bg_fill = self.button;
            widget.weak_bg_fill = self.button;
            widget.fg_stroke = egui::Stroke::new(2.0, self.text);
        }
        visuals.widgets.hovered.bg_stroke = stroke;
        visuals.widgets.active.bg_stroke = stroke;
        visuals.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.0, self.border);
        visuals.widgets.noninteractive.fg_stroke = egui::Stroke::new(1.0, self.text);
        visuals
    }
}

/// Light and dark palettes, and presentation mode's high-contrast one.
#[derive(Clone, Debug)]
pub struct Themes {
    pub light: Palette,
    pub dark: Palette,
    pub presentation: HighContrast,
}

const THEME_RON: &str = include_str!("../../assets/theme.ron");

impl Themes {
    /// The palettes shipped in `assets/theme.ron` (checked by a test, so this cannot fail at run time
    /// unless the file was broken in the build; then egui's own colours are used).
    pub fn embedded() -> Themes {
        match ron::from_str::<ThemeFile>(THEME_RON) {
            Ok(file) => Themes {
                light: (&file.light).into(),
                dark: (&file.dark).into(),
                presentation: (&file.presentation).into(),
            },
            Err(_) => Themes::fallback(),
        }
    }

    fn fallback() -> Themes {
        let palette = |visuals: &egui::Visuals| Palette {
            text: visuals.text_color(),
            heading: visuals.strong_text_color(),
            label: visuals.weak_text_color(),
            link: visuals.hyperlink_color,
            search_match: Color32::YELLOW,
            current_match: Color32::ORANGE,
            selection: visuals.selection.bg_fill,
            selection_bar: visuals.selection.stroke.color,
            article_tint: visuals.faint_bg_color,
            deleted: Color32::from_rgb(250, 200, 200),
            inserted: Color32::from_rgb(200, 240, 200),
            equivalent: visuals.weak_text_color(),
            annotated: Color32::from_rgb(255, 240, 180),
            evidence: Color32::from_rgb(150, 60, 180),
        };
        Themes {
            light: palette(&egui::Visuals::light()),
            dark: palette(&egui::Visuals::dark()),
            presentation: HighContrast::fallback(),
        }
    }

    pub fn for_dark_mode(&self, dark: bool) -> &Palette {
        if dark { &self.dark } else { &self.light }
    }
}

/// WCAG 2 relative luminance of an opaque colour.
fn relative_luminance(color: Color32) -> f64 {
    let channel = |value: u8| {
        let c = f64::from(value) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

/// WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black and white).
pub fn contrast_ratio(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_theme_parses() {
        let file: ThemeFile = ron::from_str(THEME_RON).expect("assets/theme.ron parses");
        assert_ne!(Palette::from(&file.light), Palette::from(&file.dark));
    }

    #[test]
    fn contrast_ratio_follows_wcag() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // WCAG's own example: #777 on white is just under 4.5:1.
        let grey = Color32::from_rgb(0x77, 0x77, 0x77);
        assert!((contrast_ratio(grey, Color32::WHITE) - 4.48).abs() < 0.01);
    }

    #[test]
    fn equivalent_terms_have_at_least_4_5_to_1_contrast_in_both_themes() {
        let file: ThemeFile = ron::from_str(THEME_RON).expect("assets/theme.ron parses");
        for (name, palette, page) in [
            (
                "light",
                Palette::from(&file.light),
                egui::Visuals::light().panel_fill,
            ),
            (
                "dark",
                Palette::from(&file.dark),
                egui::Visuals::dark().panel_fill,
            ),
        ] {
            for (ground, bg) in [
                ("page", page),
                ("article tint", palette.article_tint),
                ("selected paragraph", palette.selection),
            ] {
                let ratio = contrast_ratio(palette.equivalent, bg);
                assert!(
                    ratio >= 4.5,
                    "{name}: equivalent terms on the {ground}: {ratio:.2}:1"
                );
            }
        }
    }

    #[test]
    fn presentation_text_has_at_least_7_to_1_contrast_on_every_background() {
        let file: ThemeFile = ron::from_str(THEME_RON).expect("assets/theme.ron parses");
        for palette in [
            HighContrast::from(&file.presentation),
            HighContrast::fallback(),
        ] {
            for (name, fg, bg) in palette.text_on_background() {
                assert_eq!((fg.a(), bg.a()), (255, 255), "{name}: opaque colours");
                let ratio = contrast_ratio(fg, bg);
                assert!(
                    ratio >= 7.0,
                    "{name}: {fg:?} on {bg:?} is only {ratio:.2}:1"
                );
            }
        }
    }
}
