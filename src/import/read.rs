//! Source formats to paragraphs: Markdown and plain text line by line, DOCX paragraph by paragraph
//! (`word/document.xml`), HTML block by block, PDF through poppler's `pdftotext`. Each paragraph keeps
//! where it came from (a line of the text; the paragraph's number in a DOCX or HTML file), so that
//! warnings point at it. Nothing is dropped here: what a reader cannot place is a warning.

use std::io::Read;
use std::process::Command;

use super::{Format, ImportError, Warning};

/// One paragraph of the source with the line (or paragraph number) it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub line: u32,
    pub text: String,
}

/// The paragraphs of `bytes` read as `format`; warnings about what the reader had to guess.
pub fn blocks(
    format: Format,
    bytes: &[u8],
    file: &str,
) -> Result<(Vec<Block>, Vec<Warning>), ImportError> {
    match format {
        Format::Markdown => Ok(markdown_blocks(&utf8(bytes, file)?)),
        Format::Text => Ok(text_blocks(&utf8(bytes, file)?)),
        Format::Html => Ok((html_blocks(&utf8(bytes, file)?), Vec::new())),
        Format::Docx => docx_blocks(bytes, file),
        Format::Pdf => Ok(text_blocks(&pdf_text(bytes, file)?)),
    }
}

fn utf8(bytes: &[u8], file: &str) -> Result<String, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let before = &bytes[..error.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        ImportError::NotText {
            file: file.to_owned(),
            line: line as u32,
        }
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
}

/// Whether a line begins a new paragraph when it follows another line without a blank line between:
/// a heading word with a number, a paragraph number, an item label or a definition.
fn starts_unit(line: &str) -> bool {
    super::layout::starts_unit(line) || crate::texts::defined_term(line).is_some()
}

/// Lines longer than this (in characters, at the 90th percentile) mean the text is not wrapped: each
/// line is a paragraph.
const WRAPPED_WIDTH_MAX: usize = 150;

/// Plain text: paragraphs are separated by blank lines. A text whose lines are wrapped at a width (a
/// PDF's, a typed text's) has its wrapped lines joined with a space (a line ending in a hyphen after a
/// letter is joined without one, the hyphen kept: "Secretary-" + "General"); a new paragraph starts at
/// a heading, a label or a definition, and after a line that ended although the next word would have
/// fitted (a heading, a paragraph's last line). A page break (form feed) does not end a paragraph. A
/// text with long lines has one paragraph per line.
///
/// One guess is warned about: an item's line that ends with a comma, followed by a line starting in
/// lower case, is read as the item's end and the closing words after the list ("(d) … system," /
/// "commits an offence."), which a wrapped line cannot tell apart without the indentation.
pub fn text_blocks(text: &str) -> (Vec<Block>, Vec<Warning>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut widths: Vec<usize> = lines
        .iter()
        .map(|line| line.trim().chars().count())
        .filter(|&width| width > 0)
        .collect();
    widths.sort_unstable();
    let width = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
    let wrapped = width <= WRAPPED_WIDTH_MAX;
    let mut blocks: Vec<Block> = Vec::new();
    let mut warnings = Vec::new();
    let (mut open, mut open_before_blank) = (false, false);
    for (index, raw) in lines.iter().enumerate() {
        let number = index as u32 + 1;
        if raw.starts_with('\u{c}') {
            open = open_before_blank;
        }
        let line = raw.replace('\u{c}', "");
        let line = line.trim();
        if line.is_empty() {
            open_before_blank = open;
            open = false;
            continue;
        }
        match blocks.last_mut() {
            Some(last) if open && !starts_unit(line) => join_wrapped(&mut last.text, line),
            _ => blocks.push(Block {
                line: number,
                text: line.to_owned(),
            }),
        }
        let next_word = lines[index + 1..]
            .iter()
            .find_map(|next| {
                next.replace('\u{c}', " ")
                    .split_whitespace()
                    .next()
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        let ended_early = line.chars().count() + 1 + next_word.chars().count() <= width;
        let item_ends = blocks.last().is_some_and(|block| is_item(&block.text))
            && line.ends_with(',')
            && next_word.starts_with(|c: char| c.is_lowercase());
        if wrapped && !ended_early && item_ends {
            warnings.push(Warning {
                line: number + 1,
                message: "read as closing words after the list above (a wrapped line could also continue the item); check".into(),
            });
        }
        open = wrapped && !ended_early && !item_ends;
    }
    (blocks, warnings)
}

/// "(a) …", "(ii) …", "(B) …": an item, whose list closing words may follow (a numbered subsection's
/// "(1)" has none).
fn is_item(paragraph: &str) -> bool {
    paragraph
        .strip_prefix('(')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        && starts_unit(paragraph)
}

/// Adds a wrapped line to its paragraph.
fn join_wrapped(paragraph: &mut String, line: &str) {
    let joins_word = paragraph.ends_with('-')
        && paragraph
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphabetic);
    if !joins_word {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// Markdown: one paragraph per line as in `texts/`, heading marks, list bullets and block quotes
/// taken off (the words stay); HTML comments skipped.
fn markdown_blocks(text: &str) -> (Vec<Block>, Vec<Warning>) {
    let mut in_comment = false;
    let mut cleaned = String::with_capacity(text.len());
    for raw in text.lines() {
        let line = raw.trim();
        if in_comment {
            in_comment = !line.ends_with("-->");
            cleaned.push('\n');
            continue;
        }
        if line.starts_with("<!--") {
            in_comment = !line.ends_with("-->");
            cleaned.push('\n');
            continue;
        }
        let line = line.trim_start_matches('#').trim_start();
        let line = line
            .strip_prefix("> ")
            .or_else(|| line.strip_prefix("* "))
            .or_else(|| line.strip_prefix("+ "))
            .unwrap_or(line);
        cleaned.push_str(line);
        cleaned.push('\n');
    }
    text_blocks(&cleaned)
}

/// The elements whose text is a paragraph of its own.
const HTML_BLOCKS: &str = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, td, th, pre, blockquote, caption";

/// HTML: the text of each block element (one without block elements inside), whitespace collapsed as a
/// browser shows it (ASCII whitespace only: a no-break space is a character of the text); `<br>` ends a paragraph. Scripts and styles are not text.
fn html_blocks(html: &str) -> Vec<Block> {
    let document = scraper::Html::parse_document(html);
    let Ok(selector) = scraper::Selector::parse(HTML_BLOCKS) else {
        return Vec::new();
    };
    let mut blocks = Vec::new();
    for element in document.select(&selector) {
        let has_inner_block = element
            .select(&selector)
            .any(|inner| inner.id() != element.id());
        if has_inner_block {
            continue;
        }
        let mut current = String::new();
        for node in element.descendants() {
            if let Some(text) = node.value().as_text() {
                current.push_str(text);
            } else if node.value().as_element().is_some_and(|e| e.name() == "br") {
                push_collapsed(&mut blocks, &current);
                current.clear();
            }
        }
        push_collapsed(&mut blocks, &current);
    }
    blocks
}

fn push_collapsed(blocks: &mut Vec<Block>, text: &str) {
    let collapsed = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    if !collapsed.is_empty() {
        blocks.push(Block {
            line: blocks.len() as u32 + 1,
            text: collapsed,
        });
    }
}

/// The largest `word/document.xml` read (a law's is a few megabytes).
const MAX_DOCUMENT_XML_BYTES: u64 = 256 * 1024 * 1024;

/// DOCX: each `w:p` of `word/document.xml` in order (tables included), its runs' text joined; a tab or
/// a line break inside a paragraph is a space. Word's automatic numbering is not in the text: such a
/// paragraph is warned about, as its number would be lost.
fn docx_blocks(bytes: &[u8], file: &str) -> Result<(Vec<Block>, Vec<Warning>), ImportError> {
    let not_docx = |reason: String| ImportError::NotDocx {
        file: file.to_owned(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| not_docx(error.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|error| not_docx(format!("word/document.xml: {error}")))?
        .take(MAX_DOCUMENT_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|error| not_docx(format!("word/document.xml: {error}")))?;
    let document = roxmltree::Document::parse(&xml)
        .map_err(|error| not_docx(format!("word/document.xml: {error}")))?;
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    let paragraphs = document
        .descendants()
        .filter(|node| node.tag_name().name() == "p" && is_word(node));
    for (index, paragraph) in paragraphs.enumerate() {
        let number = index as u32 + 1;
        let text = docx_paragraph_text(paragraph);
        let text = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        let numbered = paragraph
            .descendants()
            .any(|node| node.tag_name().name() == "numPr" && is_word(&node));
        if numbered {
            warnings.push(Warning {
                line: number,
                message: "the paragraph uses Word's automatic numbering; its number or bullet is not part of the text and was not imported".into(),
            });
        }
        if !text.is_empty() {
            blocks.push(Block { line: number, text });
        }
    }
    Ok((blocks, warnings))
}

fn is_word(node: &roxmltree::Node<'_, '_>) -> bool {
    node.tag_name()
        .namespace()
        .is_some_and(|ns| ns.ends_with("/wordprocessingml/2006/main"))
}

fn docx_paragraph_text(paragraph: roxmltree::Node<'_, '_>) -> String {
    let mut text = String::new();
    for node in paragraph.descendants().filter(is_word) {
        match node.tag_name().name() {
            "t" => text.push_str(node.text().unwrap_or("")),
            "tab" | "br" | "cr" => text.push(' '),
            "noBreakHyphen" => text.push('\u{2011}'),
            _ => {}
        }
    }
    text
}

/// PDF: the text poppler's `pdftotext` extracts (reading order, UTF-8), given the bytes on its input.
fn pdf_text(bytes: &[u8], file: &str) -> Result<String, ImportError> {
    use std::io::Write;
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|cause| match cause.kind() {
            std::io::ErrorKind::NotFound => ImportError::PdfToTextMissing {
                file: file.to_owned(),
            },
            _ => ImportError::PdfToText {
                file: file.to_owned(),
                message: cause.to_string(),
            },
        })?;
    // Written from a thread: pdftotext may fill its output pipe before it has read all its input.
    let input = bytes.to_vec();
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || stdin.as_mut().map(|pipe| pipe.write_all(&input)));
    let output = child
        .wait_with_output()
        .map_err(|cause| ImportError::PdfToText {
            file: file.to_owned(),
            message: cause.to_string(),
        })?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(ImportError::PdfToText {
            file: file.to_owned(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    String::from_utf8(output.stdout).map_err(|_| ImportError::NotText {
        file: file.to_owned(),
        line: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_and_labels_start_paragraphs() {
        let (blocks, _) = text_blocks(
            "Section 5 – Access\n(1) A person who\naccesses a computer\n(2) The Secretary-\nGeneral may\n\nNext",
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Section 5 – Access",
                "(1) A person who accesses a computer",
                "(2) The Secretary-General may",
                "Next"
            ]
        );
        assert_eq!(blocks[2].line, 4);
    }

    #[test]
    fn html_blocks_are_block_elements_with_whitespace_collapsed() {
        let blocks = html_blocks(
            "<html><body><h1>An  Act</h1><div><p>(1) A <em>person</em>\n who</p><ul><li><p>(a) x</p></li></ul></div><script>no</script></body></html>",
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["An Act", "(1) A person who", "(a) x"]);
    }
}
