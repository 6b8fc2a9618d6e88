//! Text in any of the UN's six languages, as the window can show it.
//!
//! egui lays text out left to right, glyph by glyph: it neither joins Arabic letters nor reorders
//! right-to-left runs. For display only, Arabic is turned into its presentation forms and each line is
//! put in visual order by the Unicode bidirectional algorithm; the stored text is never touched.
//! Scripts egui's own fonts lack (Arabic, Chinese) come from the system's fonts through eframe's font
//! provider; where no installed font has a character, [`missing_scripts`] names its script for a notice.

use std::borrow::Cow;
use std::collections::BTreeSet;

use unicode_bidi::{BidiClass, BidiInfo, bidi_class};
use unicode_script::UnicodeScript;

/// The text as it should be drawn: Arabic joined, right-to-left runs in visual order, line by line.
/// Text without right-to-left characters comes back unchanged (and unallocated).
pub fn display_form(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_right_to_left) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<String> = text.split('\n').map(visual_line).collect();
    Cow::Owned(lines.join("\n"))
}

fn is_right_to_left(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
    )
}

/// One line in visual order. The base direction comes from the line's first strong character
/// (as `dir="auto"` does in HTML), so an Arabic note reads from the right and an English note
/// quoting an Arabic word keeps its left-to-right order.
fn visual_line(line: &str) -> String {
    let shaped = ar_reshaper::reshape_line(line);
    let info = BidiInfo::new(&shaped, None);
    info.paragraphs
        .iter()
        .map(|paragraph| {
            info.reorder_line(paragraph, paragraph.range.clone())
                .into_owned()
        })
        .collect()
}

/// The scripts of the characters in `text` that no font available to `ctx` can draw, by name
/// ("Han", "Arabic"), sorted; empty when everything can be drawn.
pub fn missing_scripts(ctx: &egui::Context, font: &egui::FontId, text: &str) -> Vec<&'static str> {
    let unique: BTreeSet<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let missing: BTreeSet<&'static str> = ctx.fonts_mut(|fonts| {
        unique
            .into_iter()
            .filter(|&c| !fonts.has_glyph(font, c))
            .map(|c| c.script().full_name())
            .collect()
    });
    missing.into_iter().collect()
}

/// "No installed font has Han characters (install a font for them, e.g. Noto Sans CJK)." — or `None`.
pub fn missing_font_notice(ctx: &egui::Context, font: &egui::FontId, text: &str) -> Option<String> {
    let scripts = missing_scripts(ctx, font, text);
    if scripts.is_empty() {
        return None;
    }
    Some(format!(
        "No installed font has {} characters, so they show as boxes here (exports are not affected); \
         install a font for them, e.g. the Noto fonts.",
        scripts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_and_cyrillic_pass_through_untouched() {
        let text = "Compare Art. 24(1) — сравните статью 24";
        assert!(matches!(display_form(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn arabic_is_joined_and_put_in_visual_order() {
        // "اتفاقية" (convention): seven letters, joined into presentation forms, last letter drawn first.
        let logical = "اتفاقية";
        let shown = display_form(logical);
        assert_ne!(shown, logical);
        let chars: Vec<char> = shown.chars().collect();
        assert!(
            chars
                .iter()
                .all(|&c| ('\u{FB50}'..='\u{FEFF}').contains(&c)),
            "presentation forms: {shown:?}"
        );
        // Visual order: the final letter (teh marbuta, final form U+FE94) comes first on screen.
        assert_eq!(chars.first(), Some(&'\u{FE94}'), "{shown:?}");
    }

    #[test]
    fn a_left_to_right_note_keeps_its_order_around_an_arabic_word() {
        let shown = display_form("The term اتفاقية means convention");
        assert!(shown.starts_with("The term "), "{shown}");
        assert!(shown.ends_with(" means convention"), "{shown}");
    }
}
