//! Structure detection: paragraphs of a legislative text to the Markdown layout of `texts/`.
//!
//! Headings are recognised by their words and numbers — "Part II", "CHAPTER 3", "Division 1", "Title 5",
//! "Article 24", "Section 5", "Sec. 5", "§ 5" — with their name on the same line (after a dash, colon or
//! full stop) or alone on the next paragraph. Where a text has articles, "Section N" is a division (as in
//! the Budapest Convention); otherwise it is the provision. A text with none of these headings but
//! paragraphs numbered "5." at the top level has those as its sections; a text with no structure at all
//! becomes numbered paragraphs. Paragraph numbers and item labels stay in the text, where the parser in
//! [`crate::texts`] reads them. Every guess the words do not settle is a warning at its line.

use super::Warning;
use super::read::Block;

/// The Markdown body (after the provenance header) and, for each of its lines, the source line.
pub struct Layout {
    pub title: String,
    pub lines: Vec<(String, u32)>,
    pub warnings: Vec<Warning>,
}

/// Heading words as printed, with the word the layout writes.
const HEADING_WORDS: [(&str, &str); 20] = [
    ("PART", "Part"),
    ("Part", "Part"),
    ("CHAPTER", "Chapter"),
    ("Chapter", "Chapter"),
    ("TITLE", "Title"),
    ("Title", "Title"),
    ("SUBDIVISION", "Subdivision"),
    ("Subdivision", "Subdivision"),
    ("DIVISION", "Division"),
    ("Division", "Division"),
    ("ARTICLE", "Article"),
    ("Article", "Article"),
    ("Art.", "Article"),
    ("SECTION", "Section"),
    ("Section", "Section"),
    ("Sec.", "Section"),
    ("§§", "§"),
    ("§", "§"),
    ("PREAMBLE", "Preamble"),
    ("Preamble", "Preamble"),
];

/// A heading word with its number and whatever follows on the line.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Designated<'a> {
    word: &'static str,
    num: &'a str,
    /// The name after the number, separator taken off; empty when none.
    rest: &'a str,
    /// Whether a dash, colon or full stop separated the name from the number.
    separated: bool,
}

/// A designation as printed: digits with optional letters ("5", "5A", "12bis"), dotted numbers ("3.1"),
/// or a roman numeral in capitals ("IV").
fn is_designation(num: &str) -> bool {
    let has_digit = num.starts_with(|c: char| c.is_ascii_digit());
    let roman = !num.is_empty() && num.chars().all(|c| "IVXLC".contains(c));
    num.len() <= 12
        && (roman || has_digit && num.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'))
}

fn designated(text: &str) -> Option<Designated<'_>> {
    HEADING_WORDS.iter().find_map(|&(printed, word)| {
        let after = text.strip_prefix(printed)?;
        if word == "Preamble" {
            return after.trim().is_empty().then_some(Designated {
                word,
                num: "",
                rest: "",
                separated: false,
            });
        }
        let after = if word == "§" {
            after.trim_start()
        } else {
            after.strip_prefix(' ')?
        };
        let end = after.find([' ', '\u{a0}', '—', '–']).unwrap_or(after.len());
        let num = after[..end].trim_end_matches(['.', ':']);
        if !is_designation(num) {
            return None;
        }
        let tail = after[num.len()..].trim_start_matches(['.', ':']);
        let trimmed = tail.trim_start();
        let rest = trimmed
            .trim_start_matches(['–', '—', '-', ':', '.'])
            .trim_start();
        let separated = rest.len() != trimmed.len() || tail.len() != after[num.len()..].len();
        Some(Designated {
            word,
            num,
            rest,
            separated,
        })
    })
}

/// Words that can be a heading's name: short, and not ending like a sentence or a lead-in.
fn is_name_like(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= 150
        && !text.ends_with(['.', ';', ':', ',', '—', '–'])
        && !starts_unit(text)
}

/// A heading: its word and number, with the name on its own line or none.
fn heading(text: &str) -> Option<Designated<'_>> {
    let found = designated(text)?;
    let plausible = found.rest.is_empty()
        || (found.separated && found.rest.chars().count() <= 200)
        || (is_name_like(found.rest) && found.rest.starts_with(|c: char| c.is_uppercase()));
    plausible.then_some(found)
}

/// Whether a line starts a paragraph of its own: a heading, a paragraph number or an item label.
pub fn starts_unit(line: &str) -> bool {
    if heading(line).is_some() || line.starts_with("[^") || line.starts_with("– ") {
        return true;
    }
    let label_end = |text: &str, close: char| {
        text.find(close).filter(|&end| {
            end > 0
                && end <= 5
                && text[end + close.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
    };
    if let Some(inner) = line.strip_prefix('(') {
        return label_end(inner, ')')
            .is_some_and(|end| inner[..end].chars().all(|c| c.is_ascii_alphanumeric()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 4 {
        return line[digits..].starts_with('.')
            && line[digits + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
    }
    let mut chars = line.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some(')'), None | Some(' ')) if c.is_ascii_lowercase())
}

/// "5. Unauthorised access" or "5. (1) A person …": a top-level numbered section, for texts without
/// heading words.
fn numbered_section(text: &str) -> Option<(&str, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = text[digits..].strip_prefix(". ")?;
    Some((&text[..digits], rest.trim_start()))
}

/// How the text numbers its provisions, judged from all its paragraphs.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    /// "Article N" (then "Section N" is a division).
    Articles,
    /// "Section N" or "§ N".
    Sections,
    /// Top-level "N." paragraphs with a heading-like name.
    Numbered,
    /// Nothing recognisable: numbered paragraphs.
    Unstructured,
}

fn style_of(blocks: &[Block]) -> Style {
    let words: Vec<&str> = blocks
        .iter()
        .filter_map(|b| heading(&b.text).map(|h| h.word))
        .collect();
    if words.contains(&"Article") {
        Style::Articles
    } else if words.iter().any(|w| *w == "Section" || *w == "§") {
        Style::Sections
    } else if blocks
        .iter()
        .filter(|b| numbered_section(&b.text).is_some_and(|(_, rest)| is_name_like(rest)))
        .count()
        >= 2
    {
        Style::Numbered
    } else {
        Style::Unstructured
    }
}

/// Lays the paragraphs out; `title` overrides the first paragraph as the title.
pub fn lay_out(blocks: &[Block], title: Option<&str>) -> Layout {
    let (title, body) = match (title, blocks.split_first()) {
        (Some(given), Some((first, rest))) if first.text == given => (given.to_owned(), rest),
        (Some(given), _) => (given.to_owned(), blocks),
        (None, Some((first, rest))) => (first.text.clone(), rest),
        (None, None) => (String::new(), blocks),
    };
    let mut writer = Writer {
        style: style_of(body),
        ..Writer::default()
    };
    if writer.style == Style::Unstructured {
        writer.unstructured(body);
    } else {
        let mut index = 0;
        while index < body.len() {
            index += writer.block(&body[index], body.get(index + 1));
        }
    }
    Layout {
        title,
        lines: writer.lines,
        warnings: writer.warnings,
    }
}

/// The Markdown being written, with what is open.
struct Writer {
    style: Style,
    lines: Vec<(String, u32)>,
    warnings: Vec<Warning>,
    in_preamble: bool,
    in_provision: bool,
    in_closing: bool,
    seen_part: bool,
    /// Paragraphs outside any provision, numbered as `#### Paragraph N`.
    loose: u32,
}

impl Default for Writer {
    fn default() -> Writer {
        Writer {
            style: Style::Unstructured,
            lines: Vec::new(),
            warnings: Vec::new(),
            in_preamble: false,
            in_provision: false,
            in_closing: false,
            seen_part: false,
            loose: 0,
        }
    }
}

impl Writer {
    fn push(&mut self, text: String, line: u32) {
        self.lines.push((text, line));
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(Warning {
            line,
            message: message.into(),
        });
    }

    fn unstructured(&mut self, body: &[Block]) {
        if let Some(first) = body.first() {
            self.warn(
                first.line,
                format!(
                    "no structure detected (no Part, Chapter, Article, Section, § or numbered headings): imported as {} numbered paragraphs",
                    body.len()
                ),
            );
        }
        for (n, block) in body.iter().enumerate() {
            self.push(format!("#### Paragraph {}", n + 1), block.line);
            self.text_line(block);
        }
    }

    /// Writes one paragraph (and the next, when it is the heading's name); returns how many it used.
    fn block(&mut self, block: &Block, next: Option<&Block>) -> usize {
        let text = block.text.as_str();
        if self.in_closing {
            self.text_line(block);
            return 1;
        }
        if self.in_provision
            && [
                "IN WITNESS WHEREOF",
                "In witness whereof",
                "DONE at",
                "Done at",
            ]
            .iter()
            .any(|start| text.starts_with(start))
        {
            self.in_closing = true;
            self.in_provision = false;
            self.push("---".into(), block.line);
            self.text_line(block);
            return 1;
        }
        if let Some(found) = heading(text) {
            return self.heading(block, found, next);
        }
        if self.style == Style::Numbered
            && let Some((num, rest)) = numbered_section(text)
        {
            return self.numbered(block, num, rest);
        }
        self.body_line(block);
        1
    }

    fn heading(&mut self, block: &Block, found: Designated<'_>, next: Option<&Block>) -> usize {
        if found.word == "Preamble" {
            if !self.in_preamble {
                self.in_preamble = true;
                self.push("# Preamble".into(), block.line);
            }
            return 1;
        }
        let (name, used) = match (found.rest, next) {
            ("", Some(next)) if is_name_like(&next.text) => (next.text.as_str(), 2),
            (rest, _) => (rest, 1),
        };
        let is_provision = match found.word {
            "Article" | "§" => true,
            "Section" => self.style != Style::Articles,
            _ => false,
        };
        if is_provision {
            self.provision(block, found.word, found.num, name);
        } else {
            self.division(block, found.word, found.num, name);
        }
        used
    }

    fn division(&mut self, block: &Block, word: &str, num: &str, name: &str) {
        self.in_preamble = false;
        self.in_provision = false;
        let marks = match word {
            "Part" => {
                self.seen_part = true;
                "#"
            }
            "Chapter" if !self.seen_part => "#",
            "Chapter" | "Division" | "Section" => "##",
            _ => "###",
        };
        if marks == "##" && word == "Section" && name.is_empty() {
            self.warn(
                block.line,
                format!("Section {num} is read as a division (the text has articles), but it has no name"),
            );
        }
        self.push(heading_line(marks, word, num, name), block.line);
    }

    fn provision(&mut self, block: &Block, word: &str, num: &str, name: &str) {
        self.in_preamble = false;
        self.in_provision = true;
        self.push(heading_line("####", word, num, name), block.line);
    }

    fn numbered(&mut self, block: &Block, num: &str, rest: &str) -> usize {
        if is_name_like(rest) {
            self.provision(block, "Section", num, rest);
            return 1;
        }
        self.provision(block, "Section", num, "");
        if !rest.is_empty() {
            self.text_line(&Block {
                line: block.line,
                text: rest.to_owned(),
            });
        }
        1
    }

    /// A paragraph that is not a heading: in the preamble, a provision or the closing words.
    fn body_line(&mut self, block: &Block) {
        if !self.in_provision && !self.in_preamble {
            if self.lines.is_empty() {
                self.in_preamble = true;
                self.push("# Preamble".into(), block.line);
            } else {
                self.loose += 1;
                self.warn(
                    block.line,
                    format!(
                        "text between a heading and the first provision under it; kept as Paragraph {}",
                        self.loose
                    ),
                );
                self.push(format!("#### Paragraph {}", self.loose), block.line);
                self.in_provision = true;
            }
        }
        self.text_line(block);
    }

    /// Writes a paragraph's words, warning where the Markdown layout would read them otherwise.
    fn text_line(&mut self, block: &Block) {
        let text = &block.text;
        if text.matches('*').count() >= 2 {
            self.warn(block.line, "asterisks are read as italics in the instrument file; check the words between them");
        }
        if text.starts_with('#') || text.starts_with("<!--") || text == "---" {
            self.warn(
                block.line,
                "the line starts like Markdown markup; check it in the instrument file",
            );
        }
        if ["• ", "- ", "* ", "· "]
            .iter()
            .any(|bullet| text.starts_with(bullet))
        {
            self.warn(
                block.line,
                "a bullet is not a label the layout numbers; kept as text",
            );
        }
        self.push(text.clone(), block.line);
    }
}

/// "#### Section 5 – Unauthorised access", "# Part II", "#### § 3".
fn heading_line(marks: &str, word: &str, num: &str, name: &str) -> String {
    match name {
        "" => format!("{marks} {word} {num}"),
        name => format!("{marks} {word} {num} – {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_words_numbers_and_names_are_recognised() {
        let found = heading("Article 24 – Conditions and safeguards").unwrap();
        assert_eq!(
            (found.word, found.num, found.rest),
            ("Article", "24", "Conditions and safeguards")
        );
        let found = heading("PART II—OFFENCES").unwrap();
        assert_eq!(
            (found.word, found.num, found.rest),
            ("Part", "II", "OFFENCES")
        );
        let found = heading("§ 5. Unauthorised access").unwrap();
        assert_eq!(
            (found.word, found.num, found.rest),
            ("§", "5", "Unauthorised access")
        );
        let found = heading("Section 12A").unwrap();
        assert_eq!((found.word, found.num, found.rest), ("Section", "12A", ""));
        assert_eq!(heading("Section 5 of the Act applies."), None);
        assert_eq!(heading("Articles 23 and 35"), None);
        assert_eq!(heading("Parties shall"), None);
        let found = heading("PART I—PRELIMINARY").unwrap();
        assert_eq!(
            (found.word, found.num, found.rest),
            ("Part", "I", "PRELIMINARY")
        );
    }

    #[test]
    fn labels_start_units_and_words_do_not() {
        for unit in [
            "(1) A person",
            "(a)",
            "(iv) x",
            "(A) y",
            "1. Each",
            "a) the",
            "3.",
            "Article 5",
        ] {
            assert!(starts_unit(unit), "{unit}");
        }
        for word in ["General may", "1981 Council", "(see above) and", "a person"] {
            assert!(!starts_unit(word), "{word}");
        }
    }
}
