//! PDF written directly (PDF 1.4, the standard Helvetica fonts, no compression): the same content as
//! the HTML, paginated on A4, with page numbers and the pair's pinpoints as running header.
//!
//! Writing PDF by hand keeps the output deterministic and fast and needs nothing installed; the
//! standard fonts cover the Latin text of both treaties through WinAnsiEncoding.

use std::fmt::Write;

use crate::model::TreatyKey;

use super::{Comparison, Segment, cut_segments};
use crate::diff::Change;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const TOP: f32 = PAGE_HEIGHT - 60.0;
const BOTTOM: f32 = 50.0;
const COLUMN_GAP: f32 = 14.0;

#[derive(Clone, Copy, PartialEq)]
enum Font {
    Regular,
    Bold,
    Italic,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Italic => "F3",
        }
    }
}

/// Helvetica advance widths (1/1000 em) for printable ASCII, from the standard font metrics.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

fn char_width(c: char, font: Font) -> f32 {
    let base = match c {
        ' '..='~' => f32::from(HELVETICA[c as usize - 32]),
        '\u{2018}' | '\u{2019}' => 222.0,
        '\u{201C}' | '\u{201D}' => 333.0,
        '\u{2013}' => 556.0,
        '\u{2014}' => 1000.0,
        '\u{2026}' => 1000.0,
        _ => 556.0,
    };
    if font == Font::Bold {
        base * 1.06
    } else {
        base
    }
}

fn text_width(text: &str, font: Font, size: f32) -> f32 {
    text.chars().map(|c| char_width(c, font)).sum::<f32>() * size / 1000.0
}

/// Characters of WinAnsiEncoding at bytes 0x80–0x9F ('\0' where the encoding has none).
const WIN_ANSI_HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', //
    '\0', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// Encodes text as a PDF literal string in WinAnsiEncoding.
fn pdf_string(text: &str) -> String {
    let mut out = String::from("(");
    for c in text.chars() {
        let byte: u8 = match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                c as u8
            }
            ' '..='~' => c as u8,
            '\u{A0}'..='\u{FF}' => c as u32 as u8,
            // The rest of Windows-1252 (what WinAnsiEncoding is); anything else cannot be shown
            // by the standard fonts and prints as "?".
            _ => WIN_ANSI_HIGH
                .iter()
                .position(|&known| known == c && c != '\0')
                .map_or(b'?', |offset| 0x80 + offset as u8),
        };
        if byte >= 0x80 {
            let _ = write!(out, "\\{byte:03o}");
        } else {
            out.push(byte as char);
        }
    }
    out.push(')');
    out
}

/// A word with its style, laid out on a line.
#[derive(Clone)]
struct Word {
    text: String,
    font: Font,
    change: Change,
    /// Printed without a space before it (punctuation right after a marked word).
    glue: bool,
}

/// The words of a sentence; `notes` (byte offset in the sentence, note number) put a note's
/// reference "[n]" right after the words it is about.
fn words_of(segments: &[Segment], font: Font, notes: &[(usize, usize)]) -> Vec<Word> {
    let points: Vec<usize> = notes.iter().map(|&(end, _)| end).collect();
    let mut words: Vec<Word> = Vec::new();
    // A piece continues the previous word only when neither side of the cut has a space.
    let mut after_space = true;
    for (range, text, change) in cut_segments(segments, &points) {
        let starts_with_space = text.starts_with(char::is_whitespace);
        for (index, word) in text.split_whitespace().enumerate() {
            let glue = index == 0 && !starts_with_space && !after_space && !words.is_empty();
            words.push(Word {
                text: word.to_owned(),
                font,
                change,
                glue,
            });
        }
        after_space = text.ends_with(char::is_whitespace);
        for &(_, number) in notes.iter().filter(|&&(end, _)| end == range.end) {
            words.push(Word {
                text: format!("[{number}]"),
                font: Font::Bold,
                change: Change::Equal,
                glue: true,
            });
        }
    }
    words
}

fn plain_words(text: &str, font: Font) -> Vec<Word> {
    text.split_whitespace()
        .map(|w| Word {
            text: w.to_owned(),
            font,
            change: Change::Equal,
            glue: false,
        })
        .collect()
}

/// Greedy line breaking within `width`.
fn wrap(words: &[Word], size: f32, width: f32) -> Vec<Vec<Word>> {
    let space = char_width(' ', Font::Regular) * size / 1000.0;
    let mut lines: Vec<Vec<Word>> = vec![Vec::new()];
    let mut used = 0.0;
    for word in words {
        let w = text_width(&word.text, word.font, size);
        let line = lines.last_mut().expect("at least one line");
        let gap = if word.glue { 0.0 } else { space };
        if !line.is_empty() && used + gap + w > width && !word.glue {
            lines.push(vec![word.clone()]);
            used = w;
        } else {
            if !line.is_empty() {
                used += gap;
            }
            used += w;
            line.push(word.clone());
        }
    }
    lines
}

struct Page {
    content: String,
    header: String,
}

struct Writer {
    pages: Vec<Page>,
    y: f32,
    header: String,
}

impl Writer {
    fn new() -> Writer {
        let mut writer = Writer {
            pages: Vec::new(),
            y: TOP,
            header: String::new(),
        };
        writer.new_page();
        writer
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            content: String::new(),
            header: self.header.clone(),
        });
        self.y = TOP;
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn content(&mut self) -> &mut String {
        &mut self.pages.last_mut().expect("a page").content
    }

    fn draw_line(&mut self, words: &[Word], x: f32, y: f32, size: f32) {
        let space = char_width(' ', Font::Regular) * size / 1000.0;
        let mut cursor = x;
        for (index, word) in words.iter().enumerate() {
            if word.glue && index > 0 {
                cursor -= space;
            }
            let width = text_width(&word.text, word.font, size);
            // Strike-through and underline run on across the space to a next word of the same kind.
            let line_end = match words.get(index + 1) {
                Some(next) if next.change == word.change && !next.glue => cursor + width + space,
                _ => cursor + width,
            };
            let (r, g, b) = match word.change {
                Change::Equal => (0.1, 0.1, 0.1),
                Change::Deleted => (0.72, 0.11, 0.11),
                Change::Inserted => (0.11, 0.37, 0.13),
                Change::Equivalent => (0.5, 0.5, 0.5),
            };
            let text = pdf_string(&word.text);
            let content = self.content();
            let _ = writeln!(
                content,
                "{r} {g} {b} rg BT /{} {size} Tf {cursor:.2} {y:.2} Td {text} Tj ET",
                word.font.name()
            );
            match word.change {
                Change::Deleted => {
                    let mid = y + size * 0.3;
                    let _ = writeln!(
                        content,
                        "{r} {g} {b} RG 0.7 w {cursor:.2} {mid:.2} m {line_end:.2} {mid:.2} l S"
                    );
                }
                Change::Inserted => {
                    let under = y - size * 0.15;
                    let _ = writeln!(
                        content,
                        "{r} {g} {b} RG 0.7 w {cursor:.2} {under:.2} m {line_end:.2} {under:.2} l S"
                    );
                }
                _ => {}
            }
            cursor += width + space;
        }
    }

    /// A full-width paragraph.
    fn paragraph(&mut self, words: &[Word], size: f32, gap_after: f32) {
        let leading = size * 1.3;
        for line in wrap(words, size, PAGE_WIDTH - 2.0 * MARGIN) {
            self.ensure(leading);
            self.y -= leading;
            let y = self.y;
            self.draw_line(&line, MARGIN, y, size);
        }
        self.y -= gap_after;
    }

    /// Two columns side by side, line by line, breaking across pages where needed.
    fn columns(&mut self, left: &[Word], right: &[Word], size: f32) {
        let width = (PAGE_WIDTH - 2.0 * MARGIN - COLUMN_GAP) / 2.0;
        let leading = size * 1.3;
        let left_lines = wrap(left, size, width);
        let right_lines = wrap(right, size, width);
        let count = left_lines.len().max(right_lines.len());
        // Keep short rows together.
        if count as f32 * leading < TOP - BOTTOM {
            self.ensure(count as f32 * leading + 4.0);
        }
        for index in 0..count {
            self.ensure(leading);
            self.y -= leading;
            let y = self.y;
            if let Some(line) = left_lines.get(index) {
                self.draw_line(line, MARGIN, y, size);
            }
            if let Some(line) = right_lines.get(index) {
                self.draw_line(line, MARGIN + width + COLUMN_GAP, y, size);
            }
        }
        self.y -= 6.0;
        let y = self.y + 3.0;
        let _ = writeln!(
            self.content(),
            "0.8 0.8 0.8 RG 0.4 w {MARGIN} {y:.2} m {:.2} {y:.2} l S",
            PAGE_WIDTH - MARGIN
        );
    }
}

pub fn render(comparison: &Comparison) -> Vec<u8> {
    let mut writer = Writer::new();
    writer.paragraph(&plain_words(&comparison.title, Font::Bold), 16.0, 6.0);
    let intro = comparison.intro();
    writer.paragraph(&plain_words(&intro, Font::Regular), 9.0, 2.0);
    for source in &comparison.sources {
        writer.paragraph(&plain_words(source, Font::Regular), 8.0, 2.0);
    }
    if !comparison.sections.is_empty() {
        let legend = "Legend: struck through (red) = only in the Budapest Convention; underlined (green) = only in the UN Convention; grey = equivalent terms; [n] after words = note n, listed after the pair.";
        writer.paragraph(&plain_words(legend, Font::Italic), 8.0, 8.0);
    }
    for section in &comparison.sections {
        writer.header = section.title();
        writer.ensure(80.0);
        if let Some(page) = writer.pages.last_mut() {
            if page.content.is_empty() || page.header.is_empty() {
                page.header = section.title();
            }
        }
        writer.y -= 8.0;
        writer.paragraph(&plain_words(&section.title(), Font::Bold), 12.0, 2.0);
        let meta = section.meta_line();
        writer.paragraph(&plain_words(&meta, Font::Regular), 8.0, 1.0);
        writer.paragraph(&plain_words(&section.rationale, Font::Italic), 9.0, 4.0);
        let heads_left = plain_words(
            &format!("UN Convention, {}", section.uncc_pinpoints),
            Font::Bold,
        );
        let heads_right = plain_words(
            &format!("Budapest Convention, {}", section.bc_pinpoints),
            Font::Bold,
        );
        writer.columns(&heads_left, &heads_right, 9.0);
        let placements = section.note_placements();
        for (row_index, row) in section.rows.iter().enumerate() {
            if row.elided_before > 0 {
                let text = format!("[{} unchanged sentence(s) left out]", row.elided_before);
                writer.paragraph(&plain_words(&text, Font::Italic), 8.0, 2.0);
            }
            let [uncc_notes, bc_notes] = [TreatyKey::Uncc, TreatyKey::Bc].map(|side| {
                section
                    .notes_in_cell(&placements, row_index, side)
                    .into_iter()
                    .map(|(range, number)| (range.end, number))
                    .collect::<Vec<_>>()
            });
            let mut left = plain_words(&row.uncc_pinpoint, Font::Bold);
            left.extend(words_of(&row.uncc, Font::Regular, &uncc_notes));
            let mut right = plain_words(&row.bc_pinpoint, Font::Bold);
            right.extend(words_of(&row.bc, Font::Regular, &bc_notes));
            writer.columns(&left, &right, 9.0);
        }
        for note in &section.notes {
            let quote = if note.quote.is_empty() {
                String::new()
            } else {
                format!(" “{}”", note.quote)
            };
            let text = format!(
                "[{}] {}{}: {} ({}, {})",
                note.number, note.pinpoint, quote, note.note, note.layer, note.author
            );
            writer.paragraph(&plain_words(&text, Font::Regular), 8.0, 1.0);
        }
    }
    if !comparison.matrix.is_empty() {
        writer.header = "Safeguards matrix".to_owned();
        writer.columns(
            &plain_words("UN Convention safeguards", Font::Bold),
            &plain_words("Budapest Convention safeguards", Font::Bold),
            9.0,
        );
        for row in &comparison.matrix {
            writer.paragraph(&plain_words(&row.measure, Font::Bold), 9.0, 0.0);
            let list = |index: TreatyKey| {
                if row.safeguards[index].is_empty() {
                    "none linked".to_owned()
                } else {
                    row.safeguards[index].join(", ")
                }
            };
            writer.columns(
                &plain_words(&list(TreatyKey::Uncc), Font::Regular),
                &plain_words(&list(TreatyKey::Bc), Font::Regular),
                8.5,
            );
        }
    }
    assemble(&writer.pages)
}

/// Writes the objects, page headers and footers, the cross-reference table and the trailer.
fn assemble(pages: &[Page]) -> Vec<u8> {
    let total = pages.len();
    let mut objects: Vec<String> = Vec::new();
    // 1 catalog, 2 page tree, 3-5 fonts, then (page, content) per page.
    let first_page = 6;
    let kids: Vec<String> = (0..total)
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".to_owned());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {total} >>",
        kids.join(" ")
    ));
    for base in ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"] {
        objects.push(format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
        ));
    }
    for (index, page) in pages.iter().enumerate() {
        let mut stream = page.content.clone();
        let footer = format!("Page {} of {total}", index + 1);
        let footer_x = (PAGE_WIDTH - text_width(&footer, Font::Regular, 8.0)) / 2.0;
        let _ = writeln!(
            stream,
            "0.4 0.4 0.4 rg BT /F1 8 Tf {footer_x:.2} 28 Td {} Tj ET",
            pdf_string(&footer)
        );
        if !page.header.is_empty() {
            let _ = writeln!(
                stream,
                "0.4 0.4 0.4 rg BT /F1 8 Tf {MARGIN} {:.2} Td {} Tj ET",
                PAGE_HEIGHT - 35.0,
                pdf_string(&page.header)
            );
            let _ = writeln!(
                stream,
                "0.7 0.7 0.7 RG 0.4 w {MARGIN} {y:.2} m {:.2} {y:.2} l S",
                PAGE_WIDTH - MARGIN,
                y = PAGE_HEIGHT - 40.0
            );
        }
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents {} 0 R >>",
            first_page + 2 * index + 1
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}endstream",
            stream.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{object}\nendobj\n", index + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = write!(out, "{offset:010} 00000 n \n");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_use_windows_1252_and_mark_what_the_fonts_cannot_show() {
        assert_eq!(pdf_string("“€ – é”"), "(\\223\\200 \\226 \\351\\224)");
        assert_eq!(pdf_string("ж\0"), "(??)");
    }

    #[test]
    fn strings_are_escaped_and_encoded() {
        assert_eq!(pdf_string("a(b)\\c"), "(a\\(b\\)\\\\c)");
        assert_eq!(
            pdf_string("State’s – “x”"),
            "(State\\222s \\226 \\223x\\224)"
        );
        assert_eq!(pdf_string("日本"), "(??)");
    }

    #[test]
    fn marked_words_keep_their_spaces_and_punctuation_stays_attached() {
        let segment = |text: &str, change| Segment {
            text: text.to_owned(),
            change,
        };
        let segments = [
            segment("Each ", Change::Equal),
            segment("State Party", Change::Equivalent),
            segment(" shall, with dishonest ", Change::Equal),
            segment("or criminal", Change::Inserted),
            segment(" intent", Change::Equal),
            segment(",", Change::Deleted),
            segment(" or data.", Change::Equal),
        ];
        let words = words_of(&segments, Font::Regular, &[("Each State Party".len(), 1)]);
        let printed: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 || w.glue {
                    w.text.clone()
                } else {
                    format!(" {}", w.text)
                }
            })
            .collect();
        assert_eq!(
            printed,
            "Each State Party[1] shall, with dishonest or criminal intent, or data."
        );
    }

    #[test]
    fn lines_wrap_within_the_width() {
        let words = plain_words(
            "one two three four five six seven eight nine ten",
            Font::Regular,
        );
        let lines = wrap(&words, 10.0, 60.0);
        assert!(lines.len() > 2);
        for line in &lines {
            let text: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
            assert!(text_width(&text.join(" "), Font::Regular, 10.0) <= 60.0 || line.len() == 1);
        }
    }
}
