//! Reader colours, kept in `assets/theme.ron` so they can be tuned without touching code.

use egui::Color32;
use serde::Deserialize;

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

/// Light and dark palettes.
#[derive(Clone, Debug)]
pub struct Themes {
    pub light: Palette,
    pub dark: Palette,
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
        }
    }

    pub fn for_dark_mode(&self, dark: bool) -> &Palette {
        if dark { &self.dark } else { &self.light }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_theme_parses() {
        let file: ThemeFile = ron::from_str(THEME_RON).expect("assets/theme.ron parses");
        assert_ne!(Palette::from(&file.light), Palette::from(&file.dark));
    }
}
