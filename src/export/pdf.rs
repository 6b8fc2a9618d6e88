//! PDF through krilla: embedded, subset fonts with Unicode maps (text can be searched and copied in
//! every script), shaping and right-to-left layout, a tagged structure (headings, paragraphs, tables,
//! lists, links) in reading order, bookmarks (one per pair, under its UN chapter), links from the
//! summary of changes to each pair and from each `[n]` marker to its note, title/author/subject
//! metadata, compressed streams, A4 or Letter.
//!
//! The layout is ours and simple: it lays the comparison out into pages of positioned glyph runs and
//! rules (a display list) first, so every link, bookmark and page number in the summary knows its
//! target page, then draws them.
//! Widths come from shaping each run in the font it is drawn in, so bold words never run together.

use std::collections::HashMap;
use std::rc::Rc;

use krilla::Document;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use unicode_bidi::BidiInfo;

use super::brief::{self, BriefPart, LinkRefView, NoteRefView, QuestionPart};
use super::fonts::{Fonts, Shaped, Style};
use super::{Comparison, EvidenceView, NoteView, PairSection, RenderOptions, Rendered};
use crate::diff::Change;
use crate::model::Side;

const MARGIN: f32 = 48.0;
const TOP: f32 = 58.0;
const BOTTOM: f32 = 52.0;
const BODY: f32 = 9.0;
const SMALL: f32 = 7.5;
const CELL_PAD: f32 = 4.0;

type Rgb = (u8, u8, u8);
const BLACK: Rgb = (26, 26, 26);
const GREY: Rgb = (90, 90, 90);
const DELETED: Rgb = (183, 28, 28);
const INSERTED: Rgb = (27, 94, 32);
const LINK: Rgb = (20, 70, 160);
const RULE: Rgb = (180, 180, 180);
const HIGHLIGHT: Rgb = (255, 241, 184);

/// The start of a note's named destination: `note-3` is note 3 in the list after its pair (or in
/// the appendix), where its `[3]` markers link to.
const NOTE_ANCHOR: &str = "note-";

/// What a page number stands as until the page is known: as wide as most page numbers, so the
/// line it is on is laid out as it will be drawn.
const PAGE_PLACEHOLDER: &str = "00";

fn note_anchor(number: usize) -> String {
    format!("{NOTE_ANCHOR}{number}")
}

/// A line drawn under, through or around text; never the only cue (the legend names each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Deco {
    None,
    Strike,
    Underline,
    Dotted,
}

/// A piece of text with its look.
#[derive(Clone, Debug)]
struct Span {
    text: String,
    style: Style,
    size: f32,
    color: Rgb,
    deco: Deco,
    highlight: bool,
    /// The named destination the text links to (a note marker's note).
    link: Option<String>,
    /// A placeholder for the number of the page a named destination is on, filled in once the
    /// whole document is laid out ([`fill_page_numbers`]).
    page_of: Option<String>,
}

impl Span {
    fn new(text: impl Into<String>, style: Style, size: f32) -> Span {
        Span {
            text: text.into(),
            style,
            size,
            color: BLACK,
            deco: Deco::None,
            highlight: false,
            link: None,
            page_of: None,
        }
    }

    fn color(mut self, color: Rgb) -> Span {
        self.color = color;
        self
    }

    fn link(mut self, anchor: String) -> Span {
        self.link = Some(anchor);
        self
    }

    /// The number of the page `anchor` is on, in the look of `style` and `size`.
    fn page_of(anchor: &str, style: Style, size: f32) -> Span {
        Span {
            page_of: Some(anchor.to_owned()),
            ..Span::new(PAGE_PLACEHOLDER, style, size)
        }
    }
}

/// A shaped run placed on a line.
#[derive(Clone, Debug)]
struct Placed {
    x: f32,
    width: f32,
    text: String,
    shaped: Rc<Shaped>,
    size: f32,
    color: Rgb,
    deco: Deco,
    highlight: bool,
    link: Option<String>,
    page_of: Option<String>,
}

/// One laid-out line.
#[derive(Clone, Debug, Default)]
struct Line {
    runs: Vec<Placed>,
    height: f32,
    size: f32,
}

/// Joins neighbouring left-to-right runs of the same look into one run, so a line is drawn with few
/// text objects and extraction sees each space inside its words' run.
fn merge_runs(runs: Vec<(Placed, u8)>) -> Vec<Placed> {
    let mut out: Vec<(Placed, u8)> = Vec::with_capacity(runs.len());
    for (run, level) in runs {
        if let Some((last, last_level)) = out.last_mut() {
            let same = *last_level % 2 == 0
                && level % 2 == 0
                && last.shaped.font == run.shaped.font
                && last.size == run.size
                && last.color == run.color
                && last.deco == run.deco
                && last.highlight == run.highlight
                && last.link == run.link
                && last.page_of.is_none()
                && run.page_of.is_none()
                && (last.x + last.width - run.x).abs() < 0.01;
            if same {
                let offset = last.text.len();
                let mut glyphs = last.shaped.glyphs.clone();
                glyphs.extend(run.shaped.glyphs.iter().map(|g| {
                    let mut g = g.clone();
                    g.text_range = g.text_range.start + offset..g.text_range.end + offset;
                    g
                }));
                last.shaped = Rc::new(Shaped {
                    font: last.shaped.font,
                    glyphs,
                    width_em: last.shaped.width_em + run.shaped.width_em,
                    text: format!("{}{}", last.text, run.text),
                });
                last.text.push_str(&run.text);
                last.width += run.width;
                continue;
            }
        }
        out.push((run, level));
    }
    out.into_iter().map(|(run, _)| run).collect()
}

/// What the display list draws.
#[derive(Clone, Debug)]
enum Op {
    /// A line of text, tagged as content of a structure node (None: an artifact).
    Text {
        x: f32,
        baseline: f32,
        line: Line,
        node: Option<usize>,
    },
    Rect {
        rect: (f32, f32, f32, f32),
        color: Rgb,
    },
    Rule {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Rgb,
        dotted: bool,
    },
    /// A link over a rectangle to an anchor, a child of a `Link` structure node.
    Link {
        rect: (f32, f32, f32, f32),
        anchor: String,
        node: usize,
        alt: String,
    },
}

/// A structure node being built: its kind and its children in reading order.
struct TagNode {
    kind: TagSpec,
    lang: Option<String>,
    children: Vec<TagChild>,
}

#[derive(Clone)]
enum TagSpec {
    Heading(u16, String),
    P,
    Table,
    Tr,
    Th,
    Td,
    List,
    Li,
    LBody,
    Link,
    Section,
}

enum TagChild {
    Node(usize),
    /// Content drawn by op `op` of page `page`.
    Content(usize, usize),
    /// The link annotation of op `op` of page `page`.
    Annotation(usize, usize),
}

struct Page {
    ops: Vec<Op>,
    header: String,
}

/// A bookmark: level (0 = top), title, page and y.
/// A table cell: its paragraphs, each a run of spans.
type Cell = Vec<Vec<Span>>;

/// A table row: its cells and, for the first cell, the named destination it links to.
type TableRow = (Vec<Cell>, Option<String>);

struct Bookmark {
    level: usize,
    title: String,
    page: usize,
    y: f32,
}

struct Layout<'f> {
    fonts: &'f mut Fonts,
    width: f32,
    height: f32,
    pages: Vec<Page>,
    y: f32,
    header: String,
    nodes: Vec<TagNode>,
    roots: Vec<usize>,
    anchors: HashMap<String, (usize, f32)>,
    /// Named places asked for and not placed yet: they go where the next line of text is drawn.
    pending_anchors: Vec<String>,
    bookmarks: Vec<Bookmark>,
    /// The header row of the table being laid out (column widths, cells), repeated on each page the
    /// table runs onto.
    repeat_header: Option<(Vec<f32>, Vec<Cell>)>,
}

fn is_cjk(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    matches!(
        c.script(),
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo
    ) || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

/// A stretch of a paragraph in one font, style and direction, before line breaking.
struct Atom {
    text: String,
    span: usize,
    level: u8,
    font: usize,
    space: bool,
    /// A line may break after it (spaces, CJK characters).
    break_after: bool,
}

/// A table cell laid out: its structure node (None: untagged) and its lines, each with its direction
/// (true: right to left).
struct LaidCell {
    node: Option<usize>,
    lines: Vec<(Line, bool)>,
}

/// The smallest rectangle (x, y, width, height) around `rect` and `so_far`, if any; lines are added
/// top to bottom, so the top stays that of the first.
fn enclosing_rect(
    so_far: Option<(f32, f32, f32, f32)>,
    rect: (f32, f32, f32, f32),
) -> (f32, f32, f32, f32) {
    match so_far {
        None => rect,
        Some((lx, ly, lw, lh)) => {
            let right = (lx + lw).max(rect.0 + rect.2);
            let bottom = (ly + lh).max(rect.1 + rect.3);
            (lx.min(rect.0), ly, right - lx.min(rect.0), bottom - ly)
        }
    }
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f mut Fonts, paper: super::Paper) -> Layout<'f> {
        let (width, height) = paper.size_pt();
        Layout {
            fonts,
            width,
            height,
            pages: vec![Page {
                ops: Vec::new(),
                header: String::new(),
            }],
            y: TOP,
            header: String::new(),
            nodes: Vec::new(),
            roots: Vec::new(),
            anchors: HashMap::new(),
            pending_anchors: Vec::new(),
            bookmarks: Vec::new(),
            repeat_header: None,
        }
    }

    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.height - BOTTOM
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page {
                ops: Vec::new(),
                header: self.header.clone(),
            });
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            ops: Vec::new(),
            header: self.header.clone(),
        });
        self.y = TOP;
    }

    fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > TOP {
            self.new_page();
        }
    }

    /// A new structure node under `parent` (None: at the root).
    fn node(&mut self, parent: Option<usize>, kind: TagSpec) -> usize {
        self.nodes.push(TagNode {
            kind,
            lang: None,
            children: Vec::new(),
        });
        let index = self.nodes.len() - 1;
        match parent.and_then(|p| self.nodes.get_mut(p)) {
            Some(parent) => parent.children.push(TagChild::Node(index)),
            None => self.roots.push(index),
        }
        index
    }

    fn push_op(&mut self, op: Op) {
        if let Op::Text { baseline, line, .. } = &op {
            let top = baseline - line.size;
            self.place_anchors(top);
        }
        let page = self.pages.len().saturating_sub(1);
        let tagged = match &op {
            Op::Text {
                node: Some(node), ..
            } => Some((*node, false)),
            Op::Link { node, .. } => Some((*node, true)),
            _ => None,
        };
        let ops = &mut self.page().ops;
        ops.push(op);
        let index = ops.len() - 1;
        if let Some((node, annotation)) = tagged
            && let Some(node) = self.nodes.get_mut(node)
        {
            node.children.push(if annotation {
                TagChild::Annotation(page, index)
            } else {
                TagChild::Content(page, index)
            });
        }
    }

    /// Breaks spans into lines of at most `width`; `rtl_base` None = direction from the first strong
    /// character (notes), Some(false) = left to right (treaty text).
    fn lines(&mut self, spans: &[Span], width: f32, rtl_base: Option<bool>) -> (Vec<Line>, bool) {
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        let (levels, base_rtl) = bidi_levels(&text, rtl_base);
        let atoms = self.atoms(spans, &text, &levels);
        let words = self.measure_words(spans, atoms);
        let lines = self
            .fill_lines(spans, words, width)
            .into_iter()
            .map(|atoms| place_line(spans, atoms))
            .collect();
        (lines, base_rtl)
    }

    /// Splits a paragraph's text into atoms where the span, direction or font changes, and at break
    /// opportunities; each character gets the font that has it (a missing one is reported).
    fn atoms(&mut self, spans: &[Span], text: &str, levels: &[u8]) -> Vec<Atom> {
        let mut span_starts = Vec::with_capacity(spans.len());
        let mut at = 0;
        for span in spans {
            span_starts.push(at);
            at += span.text.len();
        }
        let mut atoms: Vec<Atom> = Vec::new();
        let mut span_index = 0;
        for (offset, c) in text.char_indices() {
            while span_index + 1 < spans.len() && span_starts[span_index + 1] <= offset {
                span_index += 1;
            }
            let Some(span) = spans.get(span_index) else {
                continue;
            };
            // Bidi controls and other invisible format characters take no glyph.
            if matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
            {
                continue;
            }
            let c = if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            };
            let space = c.is_whitespace();
            let font = if space {
                atoms
                    .last()
                    .filter(|a| a.span == span_index)
                    .map_or(Fonts::shipped_index(span.style), |a| a.font)
            } else {
                let previous = atoms.last().filter(|a| !a.space).map(|a| a.font);
                match self.fonts.font_after(c, span.style, previous) {
                    Some(font) => font,
                    None => {
                        self.fonts.report_missing(c);
                        Fonts::shipped_index(span.style)
                    }
                }
            };
            let level = levels.get(offset).copied().unwrap_or(0);
            let cjk = is_cjk(c);
            let joins = atoms.last().is_some_and(|last| {
                last.span == span_index
                    && last.level == level
                    && last.font == font
                    && last.space == space
                    && !last.break_after
                    && !cjk
            });
            if joins {
                if let Some(last) = atoms.last_mut() {
                    last.text.push(c);
                }
            } else {
                if cjk && let Some(last) = atoms.last_mut() {
                    last.break_after = true;
                }
                atoms.push(Atom {
                    text: c.to_string(),
                    span: span_index,
                    level,
                    font,
                    space,
                    break_after: space || cjk,
                });
            }
        }
        atoms
    }

    /// Groups atoms into words (atoms between break opportunities), each atom shaped and measured.
    fn measure_words(&mut self, spans: &[Span], atoms: Vec<Atom>) -> Vec<Vec<Measured>> {
        let mut words: Vec<Vec<Measured>> = vec![Vec::new()];
        for atom in atoms {
            let size = spans.get(atom.span).map_or(BODY, |s| s.size);
            let shaped = self.fonts.shape(atom.font, atom.level % 2 == 1, &atom.text);
            let width = shaped.width_em * size;
            let breaks = atom.break_after;
            if let Some(word) = words.last_mut() {
                word.push((atom, shaped, width));
            }
            if breaks {
                words.push(Vec::new());
            }
        }
        words
    }

    /// Fills lines of at most `width` with whole words; spaces at a line's end do not count.
    fn fill_lines(
        &mut self,
        spans: &[Span],
        words: Vec<Vec<Measured>>,
        width: f32,
    ) -> Vec<Vec<Measured>> {
        let mut lines: Vec<Vec<Measured>> = vec![Vec::new()];
        let mut line_width = 0.0;
        for word in words {
            let word_width: f32 = word.iter().map(|(_, _, w)| w).sum();
            let trailing_space: f32 = word
                .iter()
                .rev()
                .take_while(|(a, _, _)| a.space)
                .map(|(_, _, w)| w)
                .sum();
            let current_empty = lines.last().is_none_or(Vec::is_empty);
            if !current_empty && line_width + word_width - trailing_space > width {
                lines.push(Vec::new());
                line_width = 0.0;
            }
            // A word wider than the line (a long URL) is cut between characters.
            if word_width - trailing_space > width {
                self.cut_word(spans, word, width, &mut lines, &mut line_width);
                continue;
            }
            line_width += word_width;
            if let Some(line) = lines.last_mut() {
                line.extend(word);
            }
        }
        lines
    }

    /// Adds a word too wide for any line character by character, starting a new line where the
    /// next character would not fit.
    fn cut_word(
        &mut self,
        spans: &[Span],
        word: Vec<Measured>,
        width: f32,
        lines: &mut Vec<Vec<Measured>>,
        line_width: &mut f32,
    ) {
        for (atom, _, _) in word {
            let size = spans.get(atom.span).map_or(BODY, |s| s.size);
            for c in atom.text.chars() {
                let shaped = self
                    .fonts
                    .shape(atom.font, atom.level % 2 == 1, &c.to_string());
                let w = shaped.width_em * size;
                if *line_width + w > width && lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push(Vec::new());
                    *line_width = 0.0;
                }
                *line_width += w;
                if let Some(line) = lines.last_mut() {
                    line.push((
                        Atom {
                            text: c.to_string(),
                            span: atom.span,
                            level: atom.level,
                            font: atom.font,
                            space: atom.space,
                            break_after: false,
                        },
                        shaped,
                        w,
                    ));
                }
            }
        }
    }

    /// A paragraph across the page width (or indented), tagged as `kind` under `parent`.
    fn paragraph(
        &mut self,
        parent: Option<usize>,
        kind: TagSpec,
        spans: &[Span],
        indent: f32,
        gap_after: f32,
        rtl_base: Option<bool>,
    ) -> usize {
        let node = self.node(parent, kind);
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        if let (Some(lang), Some(tag)) = (super::guess_lang(&text), self.nodes.get_mut(node)) {
            tag.lang = Some(lang.to_owned());
        }
        let width = self.content_width() - indent;
        let (lines, rtl) = self.lines(spans, width, rtl_base);
        for line in lines {
            self.ensure(line.height);
            let line_width: f32 = line.runs.last().map_or(0.0, |r| r.x + r.width);
            let x = if rtl {
                MARGIN + indent + width - line_width
            } else {
                MARGIN + indent
            };
            let baseline = self.y + line.size;
            let height = line.height;
            self.push_line(x, baseline, line, Some(node));
            self.y += height;
        }
        self.y += gap_after;
        node
    }

    fn heading(&mut self, parent: Option<usize>, level: u16, text: &str, size: f32) -> usize {
        self.ensure(size * 3.0);
        self.y += size * 0.6;
        let spans = [Span::new(text, Style::Bold, size)];
        self.paragraph(
            parent,
            TagSpec::Heading(level, text.to_owned()),
            &spans,
            0.0,
            size * 0.3,
            Some(false),
        )
    }

    /// A table: column widths (fractions of the content width), a header row and body rows of cells
    /// (each cell a list of paragraphs, each a list of spans), and per row an optional link target for
    /// the first cell. The header row is repeated on each page the table runs onto.
    fn table(
        &mut self,
        parent: Option<usize>,
        fractions: &[f32],
        header: &[Cell],
        rows: &[TableRow],
    ) {
        let table = self.node(parent, TagSpec::Table);
        let widths: Vec<f32> = fractions.iter().map(|f| f * self.content_width()).collect();
        self.ensure(BODY * 6.0);
        if let Some((first, _)) = rows.first() {
            self.keep_header_with_first_row(&widths, header, first);
        }
        self.table_row(Some(table), &widths, header, true, None);
        self.repeat_header = Some((widths.clone(), header.to_vec()));
        for (cells, link) in rows {
            self.table_row(Some(table), &widths, cells, false, link.clone());
        }
        self.repeat_header = None;
    }

    /// Starts a new page before a table's header when its first row would not start under it on
    /// this page: a header never stands alone at a page's foot.
    fn keep_header_with_first_row(&mut self, widths: &[f32], header: &[Cell], first: &[Cell]) {
        let (header_height, _) = self.row_height(widths, header);
        let (row_height, first_line) = self.row_height(widths, first);
        if self.breaks_before_row(row_height, first_line, self.y + header_height) {
            self.new_page();
        }
    }

    /// A row's height as drawn (its tallest cell and the padding) and the height of its first line.
    fn row_height(&mut self, widths: &[f32], cells: &[Cell]) -> (f32, f32) {
        let (mut tallest, mut first_line) = (0.0f32, 0.0f32);
        for (column, paragraphs) in cells.iter().enumerate() {
            let lines = self.cell_lines(widths, column, paragraphs);
            tallest = tallest.max(lines.iter().map(|(l, _)| l.height).sum::<f32>());
            first_line = first_line.max(lines.first().map_or(0.0, |(l, _)| l.height));
        }
        (tallest + 2.0 * CELL_PAD, first_line)
    }

    /// A page break inside a table: a new page, then the table's header row again (as page
    /// furniture, not structure: the table's header is tagged once).
    fn table_page_break(&mut self) {
        self.new_page();
        if let Some((widths, header)) = self.repeat_header.take() {
            self.table_row(None, &widths, &header, true, None);
            self.repeat_header = Some((widths, header));
        }
    }

    /// One table row; splits across pages by lines when taller than the space left.
    ///
    /// `table` None draws the row untagged (a repeated header row, as an artifact).
    fn table_row(
        &mut self,
        table: Option<usize>,
        widths: &[f32],
        cells: &[Cell],
        header: bool,
        link: Option<String>,
    ) {
        let laid = self.lay_out_cells(table, widths, cells, header, link.is_some());
        // Per cell, the first of its lines not drawn yet.
        let mut cursor: Vec<usize> = vec![0; laid.len()];
        loop {
            if self.row_needs_new_page(&laid, &cursor) {
                self.table_page_break();
                continue;
            }
            let top = self.y;
            // The header's tint goes under its text: a placeholder now, sized when the row is done.
            let tint = header.then(|| {
                self.push_op(Op::Rect {
                    rect: (MARGIN, top, 0.0, 0.0),
                    color: (240, 240, 240),
                });
                self.page().ops.len() - 1
            });
            let (row_bottom, link_rect) =
                self.draw_cell_lines(&laid, &mut cursor, widths, top, link.is_some());
            if let (Some(rect), Some(anchor)) = (link_rect, &link)
                && let Some(LaidCell {
                    node: Some(node), ..
                }) = laid.first()
            {
                self.push_op(Op::Link {
                    rect,
                    anchor: anchor.clone(),
                    node: *node,
                    alt: format!("Go to {anchor}"),
                });
            }
            self.row_tint_and_borders(widths, top, row_bottom, tint);
            self.y = row_bottom;
            let done = laid
                .iter()
                .zip(&cursor)
                .all(|(cell, &from)| from >= cell.lines.len());
            if done {
                break;
            }
            self.table_page_break();
        }
    }

    /// Lays out every cell's paragraphs into lines (each in its own direction), with the cells'
    /// structure nodes: TH or TD under a new TR, and a Link in the first cell when the row links.
    fn lay_out_cells(
        &mut self,
        table: Option<usize>,
        widths: &[f32],
        cells: &[Cell],
        header: bool,
        links: bool,
    ) -> Vec<LaidCell> {
        let tr = table.map(|table| self.node(Some(table), TagSpec::Tr));
        let mut laid = Vec::new();
        for (column, paragraphs) in cells.iter().enumerate() {
            let cell =
                tr.map(|tr| self.node(Some(tr), if header { TagSpec::Th } else { TagSpec::Td }));
            let node = match cell {
                Some(cell) if column == 0 && links => Some(self.node(Some(cell), TagSpec::Link)),
                other => other,
            };
            let lines = self.cell_lines(widths, column, paragraphs);
            laid.push(LaidCell { node, lines });
        }
        laid
    }

    /// A cell's paragraphs broken into lines of its column's width, each with its direction
    /// (true: right to left).
    fn cell_lines(
        &mut self,
        widths: &[f32],
        column: usize,
        paragraphs: &[Vec<Span>],
    ) -> Vec<(Line, bool)> {
        let width = widths.get(column).copied().unwrap_or(100.0) - 2.0 * CELL_PAD;
        let mut lines = Vec::new();
        for spans in paragraphs {
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            let rtl_base = if super::is_rtl(&text) {
                None
            } else {
                Some(false)
            };
            let (paragraph_lines, rtl) = self.lines(spans, width, rtl_base);
            lines.extend(paragraph_lines.into_iter().map(|l| (l, rtl)));
        }
        lines
    }

    /// Whether the rest of a row should start on a new page ([`Layout::breaks_before_row`]).
    fn row_needs_new_page(&self, laid: &[LaidCell], cursor: &[usize]) -> bool {
        let remaining = laid
            .iter()
            .zip(cursor)
            .map(|(cell, &from)| {
                cell.lines
                    .iter()
                    .skip(from)
                    .map(|(l, _)| l.height)
                    .sum::<f32>()
            })
            .fold(0.0f32, f32::max);
        let first_line = laid
            .iter()
            .zip(cursor)
            .filter_map(|(cell, &from)| cell.lines.get(from).map(|(l, _)| l.height))
            .fold(0.0f32, f32::max);
        self.breaks_before_row(remaining + 2.0 * CELL_PAD, first_line, self.y)
    }

    /// Whether a row of height `needed` (padding included), whose first line is `first_line` high,
    /// goes to a new page rather than start at `y`: it does not fit in the space left, and either
    /// fits on an empty page or not even one line of it fits here. Never from the top of a page.
    fn breaks_before_row(&self, needed: f32, first_line: f32, y: f32) -> bool {
        let available = self.bottom() - y;
        needed > available
            && (needed <= self.bottom() - TOP || available < first_line + 2.0 * CELL_PAD)
            && self.y > TOP
    }

    /// Draws each cell's lines from its cursor down to the foot of the page, moving the cursors on;
    /// returns the row's bottom and, when the row links, the rectangle around the first cell's lines.
    fn draw_cell_lines(
        &mut self,
        laid: &[LaidCell],
        cursor: &mut [usize],
        widths: &[f32],
        top: f32,
        links: bool,
    ) -> (f32, Option<(f32, f32, f32, f32)>) {
        let limit = self.bottom() - CELL_PAD;
        let mut row_bottom = top + 2.0 * CELL_PAD;
        let mut x = MARGIN;
        let mut link_rect: Option<(f32, f32, f32, f32)> = None;
        for (column, cell) in laid.iter().enumerate() {
            let width = widths.get(column).copied().unwrap_or(100.0);
            let mut y = top + CELL_PAD;
            let mut drawn = cursor[column];
            while let Some((line, rtl)) = cell.lines.get(drawn) {
                // At least one line per page, so a line taller than a page cannot stall the table.
                if y + line.height > limit && drawn > cursor[column] {
                    break;
                }
                let line_width = line.runs.last().map_or(0.0, |r| r.x + r.width);
                let left = if *rtl {
                    x + width - CELL_PAD - line_width
                } else {
                    x + CELL_PAD
                };
                if column == 0 && links {
                    let rect = (left, y, line_width.max(1.0), line.height);
                    link_rect = Some(enclosing_rect(link_rect, rect));
                }
                self.push_line(left, y + line.size, line.clone(), cell.node);
                y += line.height;
                drawn += 1;
            }
            cursor[column] = drawn;
            row_bottom = row_bottom.max(y + CELL_PAD);
            x += width;
        }
        (row_bottom, link_rect)
    }

    /// Sizes the header's tint to the row, and draws the cell borders.
    fn row_tint_and_borders(
        &mut self,
        widths: &[f32],
        top: f32,
        row_bottom: f32,
        tint: Option<usize>,
    ) {
        let total: f32 = widths.iter().sum();
        if let Some(Op::Rect { rect, .. }) = tint.and_then(|index| self.page().ops.get_mut(index)) {
            *rect = (MARGIN, top, total, row_bottom - top);
        }
        let mut x = MARGIN;
        for width in widths.iter().chain([&0.0]) {
            self.rule((x, top), (x, row_bottom), RULE);
            x += width;
        }
        for y in [top, row_bottom] {
            self.rule((MARGIN, y), (MARGIN + total, y), RULE);
        }
    }

    /// A line of text under a structure node (None: an artifact), with a link over each of its runs
    /// that links (a Link node under the text's node holds the annotation).
    fn push_line(&mut self, x: f32, baseline: f32, line: Line, node: Option<usize>) {
        let links: Vec<((f32, f32, f32, f32), String)> = line
            .runs
            .iter()
            .filter_map(|run| {
                let rect = (x + run.x, baseline - run.size, run.width, run.size * 1.3);
                Some((rect, run.link.clone()?))
            })
            .collect();
        self.push_op(Op::Text {
            x,
            baseline,
            line,
            node,
        });
        let Some(parent) = node else {
            return;
        };
        for (rect, anchor) in links {
            let link = self.node(Some(parent), TagSpec::Link);
            let alt = match (
                anchor.strip_prefix(NOTE_ANCHOR),
                anchor.rsplit_once(CITE_ANCHOR),
            ) {
                (Some(number), _) => format!("Go to note {number}"),
                (None, Some((_, number))) => format!("Go to citation {number}"),
                (None, None) => format!("Go to {anchor}"),
            };
            self.push_op(Op::Link {
                rect,
                anchor,
                node: link,
                alt,
            });
        }
    }

    /// A solid half-point line: table borders, lines to write an answer on.
    fn rule(&mut self, from: (f32, f32), to: (f32, f32), color: Rgb) {
        self.push_op(Op::Rule {
            from,
            to,
            width: 0.5,
            color,
            dotted: false,
        });
    }

    /// Names the place where the next line of text is drawn: on the page that line lands on, even
    /// when it does not fit at the foot of this one (so a link or a page number never points at
    /// the page before).
    fn anchor(&mut self, name: &str) {
        self.pending_anchors.push(name.to_owned());
    }

    /// Places the named places waiting for a line at `y` of the current page.
    fn place_anchors(&mut self, y: f32) {
        let page = self.pages.len().saturating_sub(1);
        for name in std::mem::take(&mut self.pending_anchors) {
            self.anchors.insert(name, (page, y));
        }
    }

    fn bookmark(&mut self, level: usize, title: &str) {
        let page = self.pages.len().saturating_sub(1);
        self.bookmarks.push(Bookmark {
            level,
            title: title.to_owned(),
            page,
            y: self.y,
        });
    }
}

/// An atom shaped in its font, with its width in points.
type Measured = (Atom, Rc<Shaped>, f32);

/// The bidirectional embedding level of every byte of `text`, and whether the paragraph runs right to
/// left. Text without right-to-left characters skips the algorithm: all of it is level 0.
fn bidi_levels(text: &str, rtl_base: Option<bool>) -> (Vec<u8>, bool) {
    let needs_bidi = text.chars().any(|c| {
        matches!(
            unicode_bidi::bidi_class(c),
            unicode_bidi::BidiClass::R
                | unicode_bidi::BidiClass::AL
                | unicode_bidi::BidiClass::RLE
                | unicode_bidi::BidiClass::RLO
                | unicode_bidi::BidiClass::RLI
        )
    });
    if !needs_bidi {
        return (vec![0; text.len()], false);
    }
    let base = match rtl_base {
        Some(true) => Some(unicode_bidi::Level::rtl()),
        Some(false) => Some(unicode_bidi::Level::ltr()),
        None => None,
    };
    let info = BidiInfo::new(text, base);
    let base_rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    (info.levels.iter().map(|l| l.number()).collect(), base_rtl)
}

/// A line's atoms without the spaces at its ends, in visual order, placed left to right and merged
/// into runs; its height follows its largest text.
fn place_line(spans: &[Span], mut atoms: Vec<Measured>) -> Line {
    while atoms.last().is_some_and(|(a, _, _)| a.space) {
        atoms.pop();
    }
    while atoms.first().is_some_and(|(a, _, _)| a.space) {
        atoms.remove(0);
    }
    visual_order(&mut atoms);
    let mut x = 0.0;
    let mut line = Line::default();
    let mut placed = Vec::with_capacity(atoms.len());
    for (atom, shaped, width) in atoms {
        let Some(span) = spans.get(atom.span) else {
            continue;
        };
        line.size = line.size.max(span.size);
        placed.push((
            Placed {
                x,
                width,
                text: shaped.text.clone(),
                shaped,
                size: span.size,
                color: span.color,
                deco: span.deco,
                highlight: span.highlight,
                link: span.link.clone(),
                page_of: span.page_of.clone(),
            },
            atom.level,
        ));
        x += width;
    }
    line.runs = merge_runs(placed);
    if line.size == 0.0 {
        line.size = spans.first().map_or(BODY, |s| s.size);
    }
    line.height = line.size * 1.35;
    line
}

/// Reorders a line's atoms from logical to visual order (rule L2 of the bidirectional algorithm):
/// from the highest level down to the lowest odd one, reverse every run at that level or above.
fn visual_order<T>(atoms: &mut [(Atom, T, f32)]) {
    let Some(max) = atoms.iter().map(|(a, _, _)| a.level).max() else {
        return;
    };
    let lowest_odd = atoms
        .iter()
        .map(|(a, _, _)| a.level)
        .filter(|l| l % 2 == 1)
        .min();
    let Some(lowest_odd) = lowest_odd else {
        return;
    };
    let mut level = max;
    while level >= lowest_odd {
        let mut start = 0;
        while start < atoms.len() {
            if atoms[start].0.level >= level {
                let mut end = start;
                while end < atoms.len() && atoms[end].0.level >= level {
                    end += 1;
                }
                atoms[start..end].reverse();
                start = end;
            } else {
                start += 1;
            }
        }
        if level == 0 {
            break;
        }
        level -= 1;
    }
}

/// The spans of a sentence: diff marks as decorations and colours, words a note is about tinted, a
/// bold [n] after them; whole-provision notes as [n¶] first.
fn sentence_spans(
    segments: &[super::Segment],
    cell: &super::CellNotes,
    pinpoint: &str,
) -> Vec<Span> {
    let mut spans = vec![Span::new(format!("{pinpoint} "), Style::Regular, SMALL).color(GREY)];
    for number in &cell.whole {
        spans
            .push(Span::new(format!("[{number}¶]"), Style::Bold, SMALL).link(note_anchor(*number)));
        spans.push(Span::new(" ", Style::Bold, SMALL));
    }
    let mut points: Vec<usize> = cell
        .quoted
        .iter()
        .flat_map(|(r, _)| [r.start, r.end])
        .collect();
    points.sort_unstable();
    points.dedup();
    for (range, text, change) in super::cut_segments(segments, &points) {
        let (color, deco) = match change {
            Change::Equal => (BLACK, Deco::None),
            Change::Deleted => (DELETED, Deco::Strike),
            Change::Inserted => (INSERTED, Deco::Underline),
            Change::Equivalent => (GREY, Deco::Dotted),
        };
        let noted = cell
            .quoted
            .iter()
            .any(|(r, _)| r.start <= range.start && range.end <= r.end);
        spans.push(Span {
            text: text.to_owned(),
            style: Style::Regular,
            size: BODY,
            color,
            deco,
            highlight: noted,
            link: None,
            page_of: None,
        });
        for (_, number) in cell.quoted.iter().filter(|(r, _)| r.end == range.end) {
            spans.push(
                Span::new(format!("[{number}]"), Style::Bold, SMALL).link(note_anchor(*number)),
            );
        }
    }
    spans
}

fn evidence_paragraphs(
    layout: &mut Layout,
    parent: Option<usize>,
    evidence: &[EvidenceView],
    indent: f32,
) {
    for item in evidence {
        layout.paragraph(
            parent,
            TagSpec::P,
            &[
                Span::new("Evidence: ", Style::Bold, SMALL),
                Span::new(item.cited(), Style::Regular, SMALL),
            ],
            indent,
            1.0,
            Some(false),
        );
    }
}

/// A note as a list item: where, the note's lines (each in its own direction), who and when,
/// evidence, replies threaded under it.
fn note_item(layout: &mut Layout, list: usize, note: &NoteView) {
    layout.ensure(BODY * 3.0);
    layout.anchor(&note_anchor(note.number));
    let item = layout.node(Some(list), TagSpec::Li);
    let body = layout.node(Some(item), TagSpec::LBody);
    let place = if note.whole_provision {
        format!("[{}] {} (whole provision)", note.number, note.pinpoint)
    } else {
        format!(
            "[{}] {} “{}”",
            note.number,
            note.pinpoint,
            super::one_line(&note.quote)
        )
    };
    let mut byline = note.byline();
    if !note.tags.is_empty() {
        byline.push_str(&format!(" · tags: {}", note.tags.join(", ")));
    }
    if note.orphan {
        byline.push_str(" · orphan: its text was not found");
    }
    layout.paragraph(
        Some(body),
        TagSpec::P,
        &[
            Span::new(place, Style::Bold, BODY),
            Span::new(format!("  ({byline})"), Style::Regular, SMALL).color(GREY),
        ],
        0.0,
        0.5,
        Some(false),
    );
    for line in note.lines() {
        if line.trim().is_empty() {
            continue;
        }
        layout.paragraph(
            Some(body),
            TagSpec::P,
            &[Span::new(line, Style::Regular, BODY)],
            12.0,
            0.5,
            None,
        );
    }
    evidence_paragraphs(layout, Some(body), &note.evidence, 12.0);
    for reply in &note.replies {
        layout.paragraph(
            Some(body),
            TagSpec::P,
            &[Span::new(
                format!("↳ {}:", reply.byline()),
                Style::Bold,
                SMALL,
            )],
            20.0,
            0.0,
            Some(false),
        );
        for line in super::normalised_lines(&reply.note) {
            layout.paragraph(
                Some(body),
                TagSpec::P,
                &[Span::new(line, Style::Regular, BODY)],
                28.0,
                0.5,
                None,
            );
        }
    }
    layout.y += 3.0;
}

fn pair(layout: &mut Layout, section: &PairSection) {
    let part = pair_heading(layout, section);
    pair_table(layout, part, section);
    reference_table(layout, part, section);
    if !section.notes.is_empty() {
        let list = layout.node(Some(part), TagSpec::List);
        for note in &section.notes {
            note_item(layout, list, note);
        }
    }
    if let Some(stop) = &section.stop {
        stop_part(layout, part, stop);
    }
    if !section.see_also.is_empty() {
        let titles: Vec<&str> = section.see_also.iter().map(|(_, t)| t.as_str()).collect();
        layout.paragraph(
            Some(part),
            TagSpec::P,
            &[Span::new(
                format!("See also: {}", titles.join("; ")),
                Style::Regular,
                SMALL,
            )
            .color(GREY)],
            0.0,
            2.0,
            Some(false),
        );
    }
    layout.y += 8.0;
}

/// Starts a pair's part (on a new page when little room is left, or for each stop of a handout):
/// its anchor and bookmark, heading, statement, details, rationale and evidence. Returns the part's
/// structure node.
fn pair_heading(layout: &mut Layout, section: &PairSection) -> usize {
    layout.header = section.title();
    // Each stop of a handout starts a page of its own.
    let new_stop = section.stop.as_ref().is_some_and(|stop| stop.number > 1);
    if layout.y + 80.0 > layout.bottom() || (new_stop && layout.y > TOP + 1.0) {
        layout.new_page();
    }
    if let Some(page) = layout.pages.last_mut()
        && (page.header.is_empty() || layout.y <= TOP + 1.0)
    {
        page.header = section.title();
    }
    let part = layout.node(None, TagSpec::Section);
    layout.anchor(&section.anchor);
    layout.bookmark(1, &section.title());
    layout.heading(Some(part), 2, &section.title(), 12.0);
    layout.paragraph(
        Some(part),
        TagSpec::P,
        &[Span::new(&section.statement, Style::Bold, BODY)],
        0.0,
        1.0,
        Some(false),
    );
    let mut meta = section.meta_line();
    if !section.origin.is_empty() {
        meta.push_str(&format!(" · {}", section.origin));
    }
    layout.paragraph(
        Some(part),
        TagSpec::P,
        &[Span::new(meta, Style::Regular, SMALL).color(GREY)],
        0.0,
        2.0,
        Some(false),
    );
    if !section.rationale.is_empty() {
        layout.paragraph(
            Some(part),
            TagSpec::P,
            &[Span::new(
                super::one_line(&section.rationale),
                Style::Italic,
                BODY,
            )],
            0.0,
            1.0,
            None,
        );
    }
    evidence_paragraphs(layout, Some(part), &section.evidence, 0.0);
    layout.y += 3.0;
    part
}

/// The pair's texts side by side, a row per aligned sentence, with a row saying how many unchanged
/// sentences an excerpt left out.
fn pair_table(layout: &mut Layout, part: usize, section: &PairSection) {
    let header = vec![
        vec![vec![Span::new(
            format!(
                "{} — {}",
                section.names[Side::Revision].heading,
                section.side_heading(Side::Revision)
            ),
            Style::Bold,
            SMALL,
        )]],
        vec![vec![Span::new(
            format!(
                "{} — {}",
                section.names[Side::Base].heading,
                section.side_heading(Side::Base)
            ),
            Style::Bold,
            SMALL,
        )]],
    ];
    let placements = section.note_placements();
    let mut rows = Vec::new();
    for (index, row) in section.rows.iter().enumerate() {
        if row.elided_before > 0 {
            rows.push((
                vec![
                    vec![vec![
                        Span::new(
                            format!("[{} unchanged sentence(s) left out]", row.elided_before),
                            Style::Italic,
                            SMALL,
                        )
                        .color(GREY),
                    ]],
                    vec![],
                ],
                None,
            ));
        }
        let cells = [Side::Revision, Side::Base].map(|side| {
            let (pinpoint, segments) = match side {
                Side::Revision => (&row.uncc_pinpoint, &row.uncc),
                Side::Base => (&row.bc_pinpoint, &row.bc),
            };
            let cell = section.cell_notes(&placements, index, side);
            vec![sentence_spans(segments, &cell, pinpoint)]
        });
        rows.push((cells.to_vec(), None));
    }
    layout.table(Some(part), &[0.5, 0.5], &header, &rows);
    layout.y += 4.0;
}

/// The cross-references in the pair's texts to provisions the export shows, each row a link to the
/// pair that shows them (a PDF cannot link words inside a table cell's line as simply: the row is).
fn reference_table(layout: &mut Layout, part: usize, section: &PairSection) {
    if section.references.is_empty() {
        return;
    }
    let header = vec![
        vec![vec![Span::new(
            "Cross-reference in the text",
            Style::Bold,
            SMALL,
        )]],
        vec![vec![Span::new(
            "Shown in this export at",
            Style::Bold,
            SMALL,
        )]],
    ];
    let rows: Vec<_> = section
        .references
        .iter()
        .map(|link| {
            let pinpoint = section
                .rows
                .get(link.row)
                .map_or("", |row| match link.side {
                    Side::Revision => row.uncc_pinpoint.as_str(),
                    Side::Base => row.bc_pinpoint.as_str(),
                });
            let from = format!(
                "{} {pinpoint}: “{}”",
                section.names[link.side].label, link.words
            );
            (
                vec![
                    vec![vec![Span::new(from, Style::Regular, SMALL).color(LINK)]],
                    vec![vec![Span::new(
                        format!("{} — {}", link.target, link.title),
                        Style::Regular,
                        SMALL,
                    )]],
                ],
                Some(link.anchor.clone()),
            )
        })
        .collect();
    layout.table(Some(part), &[0.5, 0.5], &header, &rows);
    layout.y += 4.0;
}

/// A handout's stop: the teacher's note (teacher's edition), then the question and ruled lines to write
/// the answer on (drawn as layout artifacts).
fn stop_part(layout: &mut Layout, part: usize, stop: &super::handout::StopPart) {
    if let Some(note) = &stop.teacher_note {
        layout.ensure(BODY * 4.0);
        layout.paragraph(
            Some(part),
            TagSpec::P,
            &[Span::new("Teacher's note", Style::Bold, BODY)],
            0.0,
            1.0,
            Some(false),
        );
        for line in super::normalised_lines(note) {
            if !line.trim().is_empty() {
                layout.paragraph(
                    Some(part),
                    TagSpec::P,
                    &[Span::new(line, Style::Regular, BODY)],
                    0.0,
                    1.0,
                    None,
                );
            }
        }
        layout.y += 4.0;
    }
    if stop.question.trim().is_empty() {
        return;
    }
    let line_gap = 22.0;
    let lines = super::handout::ANSWER_LINES;
    layout.ensure(BODY * 6.0 + line_gap * lines as f32);
    layout.paragraph(
        Some(part),
        TagSpec::P,
        &[Span::new("Question", Style::Bold, BODY)],
        0.0,
        1.0,
        Some(false),
    );
    for line in super::normalised_lines(&stop.question) {
        if !line.trim().is_empty() {
            layout.paragraph(
                Some(part),
                TagSpec::P,
                &[Span::new(line, Style::Regular, BODY)],
                0.0,
                1.0,
                None,
            );
        }
    }
    let width = layout.content_width();
    for _ in 0..lines {
        layout.ensure(line_gap);
        layout.y += line_gap;
        let y = layout.y;
        layout.rule((MARGIN, y), (MARGIN + width, y), GREY);
    }
    layout.y += 6.0;
}

fn lay_out(layout: &mut Layout, comparison: &Comparison) {
    layout.header = comparison.selection.clone();
    if let Some(page) = layout.pages.first_mut() {
        page.header = comparison.selection.clone();
    }
    let top = layout.node(None, TagSpec::Section);
    front_matter(layout, top, comparison);
    if !comparison.sections.is_empty() {
        layout.y += 4.0;
        let legend = legend_spans(comparison);
        layout.paragraph(Some(top), TagSpec::P, &legend, 0.0, 4.0, Some(false));
    }
    if let Some(brief) = &comparison.brief {
        layout.new_page();
        summary_table(layout, top, brief);
    }
    // A handout goes straight to its stops, a brief to its questions: the overview table is for
    // comparisons.
    if !comparison.sections.is_empty() && comparison.handout.is_none() && comparison.brief.is_none()
    {
        differences_table(layout, top, comparison);
        layout.new_page();
    }
    let mut chapter = None;
    for (question, sections) in comparison.groups() {
        if let Some((number, question)) = question {
            question_part(layout, number, question);
        }
        pairs(layout, sections, &mut chapter, comparison.brief.is_some());
    }
    if !comparison.matrix.is_empty() {
        matrix(layout, comparison);
    }
    if !comparison.appendix.is_empty() {
        layout.header = "Appendix".to_owned();
        layout.ensure(80.0);
        layout.bookmark(0, "Appendix: notes outside the selection");
        let part = layout.node(None, TagSpec::Section);
        layout.heading(
            Some(part),
            2,
            "Appendix: notes on provisions outside the selection",
            12.0,
        );
        let list = layout.node(Some(part), TagSpec::List);
        for note in &comparison.appendix {
            note_item(layout, list, note);
        }
    }
}

/// Pairs in order, bookmarked under their UN chapter (in a brief, under their question's bookmark).
fn pairs(
    layout: &mut Layout,
    sections: &[PairSection],
    chapter: &mut Option<String>,
    in_brief: bool,
) {
    for section in sections {
        if in_brief {
            layout.bookmark(1, &section.title());
        } else if chapter.as_ref() != Some(&section.chapter) {
            // Bookmarks group the pairs under their UN chapter.
            *chapter = Some(section.chapter.clone());
            layout.bookmark(0, &section.chapter);
        }
        pair(layout, section);
    }
}

/// A brief's summary table: each question (linked to it) with both answers in one line.
fn summary_table(layout: &mut Layout, top: usize, brief: &BriefPart) {
    layout.bookmark(0, "Summary");
    layout.heading(Some(top), 2, "Summary", 12.0);
    let header: Vec<Cell> = ["Question", "UN Convention", "Budapest Convention"]
        .iter()
        .map(|h| vec![vec![Span::new(*h, Style::Bold, SMALL)]])
        .collect();
    let rows: Vec<TableRow> = brief
        .questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let first = vec![
                vec![Span::new(question.heading(index + 1), Style::Bold, SMALL).color(LINK)],
                vec![Span::new(question.question.clone(), Style::Regular, SMALL)],
            ];
            let answer = |key: Side| {
                vec![vec![Span::new(
                    question.summary[key].clone(),
                    Style::Regular,
                    SMALL,
                )]]
            };
            (
                vec![first, answer(Side::Revision), answer(Side::Base)],
                Some(question.anchor.clone()),
            )
        })
        .collect();
    layout.table(Some(top), &[0.3, 0.35, 0.35], &header, &rows);
}

/// One question of a brief, on a page of its own: the question, each answer followed by its
/// citation marks, findings of absence, views, evidence, the cited provisions as numbered notes
/// (the marks' targets), and the links and notes it draws on. Its pairs follow.
fn question_part(layout: &mut Layout, number: usize, question: &QuestionPart) {
    layout.new_page();
    let heading = question.heading(number);
    layout.header = heading.clone();
    if let Some(page) = layout.pages.last_mut() {
        page.header = heading.clone();
    }
    layout.anchor(&question.anchor);
    layout.bookmark(0, &heading);
    let part = layout.node(None, TagSpec::Section);
    layout.heading(Some(part), 2, &heading, 13.0);
    layout.paragraph(
        Some(part),
        TagSpec::P,
        &[Span::new(question.question.clone(), Style::Bold, BODY)],
        0.0,
        4.0,
        None,
    );
    for key in Side::ALL {
        layout.heading(Some(part), 3, brief::treaty_label(key), 11.0);
        let mut spans = vec![Span::new(
            super::one_line(&question.answers[key]),
            Style::Regular,
            BODY,
        )];
        // Each citation mark links to its citation in the list below.
        for cite in &question.cites[key] {
            spans.push(Span::new(" ", Style::Bold, SMALL));
            spans.push(
                Span::new(format!("[{}]", cite.number), Style::Bold, SMALL)
                    .color(LINK)
                    .link(cite_anchor(question, cite.number)),
            );
        }
        layout.paragraph(Some(part), TagSpec::P, &spans, 0.0, 3.0, None);
    }
    question_lists(layout, part, question);
    layout.y += 6.0;
}

/// A question's lists under its answers: findings of absence, views, evidence, citations (the
/// targets of the answers' marks), and the links and notes it draws on.
fn question_lists(layout: &mut Layout, part: usize, question: &QuestionPart) {
    // Items with the named place their marks link to (citations), or none.
    let mut list = |heading: &str, items: Vec<(String, Option<String>)>| {
        if items.is_empty() {
            return;
        }
        layout.heading(Some(part), 3, heading, 11.0);
        for (item, anchor) in items {
            if let Some(anchor) = anchor {
                layout.anchor(&anchor);
            }
            layout.paragraph(
                Some(part),
                TagSpec::P,
                &[Span::new(format!("• {item}"), Style::Regular, SMALL)],
                8.0,
                1.5,
                None,
            );
        }
    };
    let plain = |items: Vec<String>| items.into_iter().map(|item| (item, None)).collect();
    list("In neither treaty", plain(question.absent.clone()));
    list(
        "Views reported",
        plain(
            question
                .sources
                .iter()
                .map(|s| format!("{} ({})", s.view, s.source))
                .collect(),
        ),
    );
    list(
        "Evidence",
        plain(question.evidence.iter().map(|e| e.cited()).collect()),
    );
    list(
        "Citations",
        question
            .all_cites()
            .map(|c| {
                let text = format!(
                    "[{}] {} ({}): {}",
                    c.number,
                    c.pinpoint,
                    c.id,
                    super::one_line(&c.text)
                );
                (text, Some(cite_anchor(question, c.number)))
            })
            .collect(),
    );
    list(
        "Crosswalk links drawn on",
        plain(question.links.iter().map(LinkRefView::plain).collect()),
    );
    list(
        "Notes drawn on",
        plain(question.notes.iter().map(NoteRefView::plain).collect()),
    );
}

/// The named place of a question's citation `number` (numbered through the question).
fn cite_anchor(question: &QuestionPart, number: usize) -> String {
    format!("{}{CITE_ANCHOR}{number}", question.anchor)
}

/// Between a question's anchor and a citation's number in the citation's named place.
const CITE_ANCHOR: &str = "-cite-";

/// The title, what the document compares, the sources and, for a handout, its edition, audience and
/// a line for the student's name.
fn front_matter(layout: &mut Layout, top: usize, comparison: &Comparison) {
    layout.heading(Some(top), 1, &comparison.title, 16.0);
    layout.paragraph(
        Some(top),
        TagSpec::P,
        &[Span::new(comparison.intro(), Style::Regular, BODY)],
        0.0,
        2.0,
        Some(false),
    );
    for source in &comparison.sources {
        layout.paragraph(
            Some(top),
            TagSpec::P,
            &[Span::new(source, Style::Regular, SMALL).color(GREY)],
            0.0,
            1.0,
            Some(false),
        );
    }
    if let Some(handout) = &comparison.handout {
        let mut lines = vec![Span::new(handout.edition(), Style::Bold, BODY)];
        if !handout.audience.is_empty() {
            lines.push(Span::new(
                format!(" · For: {}", handout.audience),
                Style::Regular,
                BODY,
            ));
        }
        layout.paragraph(Some(top), TagSpec::P, &lines, 0.0, 2.0, None);
        if !handout.teacher {
            layout.paragraph(
                Some(top),
                TagSpec::P,
                &[Span::new(
                    "Name: ______________________________",
                    Style::Regular,
                    BODY,
                )],
                0.0,
                2.0,
                Some(false),
            );
        }
    }
}

/// The legend: each mark shown as it looks, then named in words.
fn legend_spans(comparison: &Comparison) -> Vec<Span> {
    let terms = comparison.terms;
    let (revision, base) = (
        &comparison.sides[Side::Revision].name,
        &comparison.sides[Side::Base].name,
    );
    let sample = |text: &str, color: Rgb, deco: Deco, highlight: bool| Span {
        text: text.into(),
        style: Style::Regular,
        size: SMALL,
        color,
        deco,
        highlight,
        link: None,
        page_of: None,
    };
    let mut legend = vec![
        Span::new("Legend: ", Style::Bold, SMALL),
        sample("struck through", DELETED, Deco::Strike, false),
        Span::new(format!(" = only in the {base}; "), Style::Regular, SMALL),
        sample("underlined", INSERTED, Deco::Underline, false),
        Span::new(
            format!(" = only in the {revision}; "),
            Style::Regular,
            SMALL,
        ),
        sample("dotted underline", GREY, Deco::Dotted, false),
        Span::new(" = equivalent terms; ", Style::Regular, SMALL),
        sample("tinted", BLACK, Deco::None, true),
        Span::new(
            " words with [n] = note n is about them, [n¶] = note n is on the whole provision (notes follow each pair; colours are named in words).",
            Style::Regular,
            SMALL,
        ),
    ];
    if !terms {
        legend.push(Span::new(
            " Terminology is not normalised.",
            Style::Regular,
            SMALL,
        ));
    }
    legend
}

/// The overview: one row per pair and per provision without counterpart (relation, similarity,
/// number of notes, the page it starts on), its title linked to it.
fn differences_table(layout: &mut Layout, top: usize, comparison: &Comparison) {
    layout.bookmark(0, "Summary of changes");
    layout.heading(Some(top), 2, "Summary of changes", 12.0);
    let header: Vec<Cell> = ["Pair", "Relation", "Similarity", "Notes", "Page"]
        .iter()
        .map(|h| vec![vec![Span::new(*h, Style::Bold, SMALL)]])
        .collect();
    let rows: Vec<TableRow> = comparison
        .sections
        .iter()
        .map(|section| {
            (
                vec![
                    vec![vec![
                        Span::new(section.title(), Style::Regular, SMALL).color(LINK),
                    ]],
                    vec![vec![Span::new(
                        format!("{} ({})", section.relation, section.theme),
                        Style::Regular,
                        SMALL,
                    )]],
                    vec![vec![Span::new(
                        section.similarity_cell(),
                        Style::Regular,
                        SMALL,
                    )]],
                    vec![vec![Span::new(
                        section.notes.len().to_string(),
                        Style::Regular,
                        SMALL,
                    )]],
                    vec![vec![Span::page_of(&section.anchor, Style::Regular, SMALL)]],
                ],
                Some(section.anchor.clone()),
            )
        })
        .collect();
    layout.table(Some(top), &[0.4, 0.24, 0.2, 0.08, 0.08], &header, &rows);
}

/// Writes each page number the layout left as a placeholder: the page its destination ended up on
/// (left-aligned in its cell, so nothing else on the line moves).
fn fill_page_numbers(layout: &mut Layout) {
    let Layout {
        fonts,
        pages,
        anchors,
        ..
    } = layout;
    let ops = pages.iter_mut().flat_map(|page| page.ops.iter_mut());
    for op in ops {
        let Op::Text { line, .. } = op else {
            continue;
        };
        for run in &mut line.runs {
            let Some(&(page, _)) = run.page_of.as_ref().and_then(|anchor| anchors.get(anchor))
            else {
                continue;
            };
            let shaped = fonts.shape(run.shaped.font, false, &(page + 1).to_string());
            run.width = shaped.width_em * run.size;
            run.text = shaped.text.clone();
            run.shaped = shaped;
        }
    }
}

/// The safeguards matrix: each power or measure with, per treaty, the power's pinpoint and the
/// safeguards linked to it.
fn matrix(layout: &mut Layout, comparison: &Comparison) {
    layout.header = "Safeguards matrix".to_owned();
    layout.bookmark(0, "Safeguards matrix");
    let part = layout.node(None, TagSpec::Section);
    layout.heading(Some(part), 2, "Safeguards matrix", 12.0);
    let header: Vec<Cell> = [
        "Power or measure",
        "UN Convention safeguards",
        "Budapest Convention safeguards",
    ]
    .iter()
    .map(|h| vec![vec![Span::new(*h, Style::Bold, SMALL)]])
    .collect();
    let rows = comparison
        .matrix
        .iter()
        .map(|row| {
            let cell = |key: Side| {
                let mut paragraphs = Vec::new();
                if !row.powers[key].is_empty() {
                    paragraphs.push(vec![
                        Span::new(format!("power: {}", row.powers[key]), Style::Regular, SMALL)
                            .color(GREY),
                    ]);
                }
                paragraphs.push(vec![Span::new(
                    row.safeguard_list(key),
                    Style::Regular,
                    BODY,
                )]);
                paragraphs
            };
            (
                vec![
                    vec![vec![Span::new(&row.measure, Style::Regular, BODY)]],
                    cell(Side::Revision),
                    cell(Side::Base),
                ],
                None,
            )
        })
        .collect::<Vec<_>>();
    layout.table(Some(part), &[0.3, 0.35, 0.35], &header, &rows);
}

fn color(rgb: Rgb) -> rgb::Color {
    rgb::Color::new(rgb.0, rgb.1, rgb.2)
}

fn fill(rgb: Rgb) -> Fill {
    Fill {
        paint: color(rgb).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw_rect(surface: &mut Surface, (x, y, w, h): (f32, f32, f32, f32), rgb: Rgb) {
    let Some(rect) = Rect::from_xywh(x, y, w.max(0.1), h.max(0.1)) else {
        return;
    };
    let mut builder = PathBuilder::new();
    builder.push_rect(rect);
    if let Some(path) = builder.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(fill(rgb)));
        surface.draw_path(&path);
    }
}

fn draw_rule(
    surface: &mut Surface,
    from: (f32, f32),
    to: (f32, f32),
    width: f32,
    rgb: Rgb,
    dotted: bool,
) {
    let mut builder = PathBuilder::new();
    builder.move_to(from.0, from.1);
    builder.line_to(to.0, to.1);
    if let Some(path) = builder.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: color(rgb).into(),
            width,
            dash: dotted.then(|| StrokeDash {
                array: vec![0.8, 1.2],
                offset: 0.0,
            }),
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// Draws a line of text: tints and decorations as artifacts, then the glyph runs as one tagged span.
fn draw_line(
    surface: &mut Surface,
    fonts: &Fonts,
    x: f32,
    baseline: f32,
    line: &Line,
    tag: Option<SpanTag>,
) -> Option<Identifier> {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Layout,
    )));
    for run in &line.runs {
        if run.highlight {
            draw_rect(
                surface,
                (
                    x + run.x,
                    baseline - run.size * 0.95,
                    run.width,
                    run.size * 1.25,
                ),
                HIGHLIGHT,
            );
        }
    }
    for run in &line.runs {
        let (offset, dotted) = match run.deco {
            Deco::None => continue,
            Deco::Strike => (-run.size * 0.3, false),
            Deco::Underline => (run.size * 0.15, false),
            Deco::Dotted => (run.size * 0.18, true),
        };
        draw_rule(
            surface,
            (x + run.x, baseline + offset),
            (x + run.x + run.width, baseline + offset),
            0.6,
            run.color,
            dotted,
        );
    }
    surface.end_tagged();
    // Text outside the structure (a repeated table header) is page furniture.
    let id = match tag {
        Some(tag) => Some(surface.start_tagged(ContentTag::Span(tag))),
        None => {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::PaginationOther,
            )));
            None
        }
    };
    draw_glyph_runs(surface, fonts, x, baseline, line);
    surface.end_tagged();
    id
}

fn tag_kind(spec: &TagSpec) -> TagKind {
    match spec {
        TagSpec::Heading(level, title) => Tag::Hn(
            std::num::NonZeroU16::new(*level).unwrap_or(std::num::NonZeroU16::MIN),
            Some(title.clone()),
        )
        .into(),
        TagSpec::P => Tag::P.into(),
        TagSpec::Table => Tag::Table.into(),
        TagSpec::Tr => Tag::TR.into(),
        TagSpec::Th => Tag::TH(TableHeaderScope::Column).into(),
        TagSpec::Td => Tag::TD.into(),
        TagSpec::List => Tag::L(ListNumbering::Decimal).into(),
        TagSpec::Li => Tag::LI.into(),
        TagSpec::LBody => Tag::LBody.into(),
        TagSpec::Link => Tag::Link.into(),
        TagSpec::Section => Tag::Section.into(),
    }
}

/// The krilla tag group of a node, with the identifiers the drawing gave its content.
fn tag_group(
    nodes: &[TagNode],
    index: usize,
    contents: &HashMap<(usize, usize), Identifier>,
    annotations: &HashMap<(usize, usize), Identifier>,
) -> Option<TagGroup> {
    let node = nodes.get(index)?;
    let mut kind = tag_kind(&node.kind);
    if let Some(lang) = &node.lang {
        kind = kind.with_lang(Some(lang.clone()));
    }
    let mut children: Vec<Node> = Vec::new();
    // A link's annotation comes first among its children.
    for child in node
        .children
        .iter()
        .filter(|c| matches!(c, TagChild::Annotation(..)))
    {
        if let TagChild::Annotation(page, op) = child
            && let Some(id) = annotations.get(&(*page, *op))
        {
            children.push((*id).into());
        }
    }
    for child in &node.children {
        match child {
            TagChild::Node(child) => {
                if let Some(group) = tag_group(nodes, *child, contents, annotations) {
                    children.push(group.into());
                }
            }
            TagChild::Content(page, op) => {
                if let Some(id) = contents.get(&(*page, *op)) {
                    children.push((*id).into());
                }
            }
            TagChild::Annotation(..) => {}
        }
    }
    (!children.is_empty()).then(|| TagGroup::with_children(kind, children))
}

/// "2026-11-23" → a PDF date (the export date, only when one was given).
fn pdf_date(date: &str) -> Option<DateTime> {
    let mut parts = date.trim().splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.get(..2)?.parse().ok()?;
    Some(DateTime::new(year).month(month).day(day))
}

fn outline(bookmarks: &[Bookmark]) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for bookmark in bookmarks {
        let node = OutlineNode::new(
            bookmark.title.clone(),
            XyzDestination::new(
                bookmark.page,
                Point::from_xy(0.0, (bookmark.y - 12.0).max(0.0)),
            ),
        );
        if bookmark.level == 0 {
            if let Some(done) = current.take() {
                outline.push_child(done);
            }
            current = Some(node);
        } else {
            match current.as_mut() {
                Some(parent) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

fn document(
    comparison: &Comparison,
    options: &RenderOptions,
    use_system_fonts: bool,
) -> (Result<Vec<u8>, String>, Vec<String>) {
    let mut fonts = Fonts::new(use_system_fonts);
    let mut layout = Layout::new(&mut fonts, options.paper);
    lay_out(&mut layout, comparison);
    let end = layout.y;
    layout.place_anchors(end);
    fill_page_numbers(&mut layout);
    let Layout {
        width,
        height,
        pages,
        nodes,
        roots,
        anchors,
        bookmarks,
        ..
    } = layout;
    let mut document = Document::new();
    let total = pages.len();
    let edition = comparison.edition_line();
    // The identifiers krilla gave each drawn text op and link annotation, by (page, op): the
    // structure tree refers to them.
    let mut contents: HashMap<(usize, usize), Identifier> = HashMap::new();
    let mut annotations: HashMap<(usize, usize), Identifier> = HashMap::new();
    for (page_index, page_ops) in pages.iter().enumerate() {
        let Some(settings) = PageSettings::from_wh(width, height) else {
            continue;
        };
        let mut page = document.start_page_with(settings);
        let links = {
            let mut surface = page.surface();
            let links = draw_ops(
                &mut surface,
                &fonts,
                page_index,
                page_ops,
                &anchors,
                &mut contents,
            );
            let furniture = Furniture {
                header: &page_ops.header,
                edition: &edition,
                number: page_index + 1,
                total,
                width,
                height,
            };
            draw_furniture(&mut surface, &mut fonts, options.paper, &furniture);
            surface.finish();
            links
        };
        for link in links {
            if let Some(annotation) = link_annotation(&link, total) {
                let id = page.add_tagged_annotation(annotation);
                annotations.insert((page_index, link.op), id);
            }
        }
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("en".to_owned()));
    for root in &roots {
        if let Some(group) = tag_group(&nodes, *root, &contents, &annotations) {
            tree.push(group);
        }
    }
    // Identifiers not in the tree (content of an empty group) would fail the export: there are none,
    // since every content op belongs to exactly one node and every node with content is kept.
    document.set_tag_tree(tree);
    document.set_outline(outline(&bookmarks));
    document.set_metadata(metadata(comparison));
    let warnings = fonts.warnings();
    (
        document
            .finish()
            .map(super::pdf_catalog::with_display_doc_title)
            .map_err(|error| format!("{error:?}")),
        warnings,
    )
}

/// A link found on a page, to be added as an annotation once the page's content is drawn.
struct PendingLink {
    /// The op that drew it (its annotation is a child of that op's structure node).
    op: usize,
    rect: (f32, f32, f32, f32),
    target_page: usize,
    target_y: f32,
    alt: String,
}

/// Draws a page's ops, recording the identifier of each tagged text op in `contents`; returns the
/// page's links whose anchors exist.
fn draw_ops(
    surface: &mut Surface,
    fonts: &Fonts,
    page_index: usize,
    page: &Page,
    anchors: &HashMap<String, (usize, f32)>,
    contents: &mut HashMap<(usize, usize), Identifier>,
) -> Vec<PendingLink> {
    let mut links = Vec::new();
    for (op_index, op) in page.ops.iter().enumerate() {
        match op {
            Op::Text {
                x,
                baseline,
                line,
                node,
            } => {
                let tag = node.map(|_| SpanTag::empty());
                if let Some(id) = draw_line(surface, fonts, *x, *baseline, line, tag) {
                    contents.insert((page_index, op_index), id);
                }
            }
            Op::Rect { rect, color } => {
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Layout,
                )));
                draw_rect(surface, *rect, *color);
                surface.end_tagged();
            }
            Op::Rule {
                from,
                to,
                width,
                color,
                dotted,
            } => {
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Layout,
                )));
                draw_rule(surface, *from, *to, *width, *color, *dotted);
                surface.end_tagged();
            }
            Op::Link {
                rect, anchor, alt, ..
            } => {
                if let Some(&(target_page, target_y)) = anchors.get(anchor) {
                    links.push(PendingLink {
                        op: op_index,
                        rect: *rect,
                        target_page,
                        target_y,
                        alt: alt.clone(),
                    });
                }
            }
        }
    }
    links
}

/// What a page's running header and footer say, and the page's size.
struct Furniture<'a> {
    header: &'a str,
    /// What made the page and when ([`Comparison::edition_line`]).
    edition: &'a str,
    number: usize,
    total: usize,
    width: f32,
    height: f32,
}

/// The running header (with a rule under it) and "Page n of m · Crosswalk 0.1.0 · exported …"
/// centred in the footer: artifacts, not part of the reading order.
fn draw_furniture(
    surface: &mut Surface,
    fonts: &mut Fonts,
    paper: super::Paper,
    furniture: &Furniture<'_>,
) {
    let width = furniture.width;
    let header_spans = [Span::new(
        format!("Crosswalk — {}", furniture.header),
        Style::Regular,
        SMALL,
    )
    .color(GREY)];
    let footer_spans = [Span::new(
        format!(
            "Page {} of {} · {}",
            furniture.number, furniture.total, furniture.edition
        ),
        Style::Regular,
        SMALL,
    )
    .color(GREY)];
    let mut layout = Layout::new(fonts, paper);
    let (header_lines, _) = layout.lines(&header_spans, width - 2.0 * MARGIN, Some(false));
    let (footer_lines, _) = layout.lines(&footer_spans, width - 2.0 * MARGIN, Some(false));
    drop(layout);
    if let Some(line) = header_lines.first() {
        draw_artifact_line(surface, fonts, MARGIN, 34.0, line);
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::PaginationOther,
        )));
        draw_rule(
            surface,
            (MARGIN, 40.0),
            (width - MARGIN, 40.0),
            0.4,
            RULE,
            false,
        );
        surface.end_tagged();
    }
    if let Some(line) = footer_lines.first() {
        let line_width = line.runs.last().map_or(0.0, |r| r.x + r.width);
        draw_artifact_line(
            surface,
            fonts,
            (width - line_width) / 2.0,
            furniture.height - 28.0,
            line,
        );
    }
}

/// The annotation of a link to a place in the document (None when its target page does not exist).
fn link_annotation(link: &PendingLink, total_pages: usize) -> Option<Annotation> {
    if link.target_page >= total_pages {
        return None;
    }
    let (x, y, w, h) = link.rect;
    let rect = Rect::from_xywh(x, y, w.max(1.0), h.max(1.0))?;
    let destination = XyzDestination::new(
        link.target_page,
        Point::from_xy(0.0, (link.target_y - 12.0).max(0.0)),
    );
    Some(Annotation::new_link(
        LinkAnnotation::new(rect, Target::Destination(Destination::Xyz(destination))),
        Some(link.alt.clone()),
    ))
}

/// Title, description, authors (the notes' authors, else Crosswalk), language, keywords and, only when
/// an export date was given, the creation date (so the same input gives the same bytes).
fn metadata(comparison: &Comparison) -> Metadata {
    let mut authors: Vec<String> = comparison
        .sections
        .iter()
        .flat_map(|s| &s.notes)
        .chain(&comparison.appendix)
        .map(|n| n.author.clone())
        .filter(|a| !a.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if authors.is_empty() {
        authors.push("Crosswalk".to_owned());
    }
    let metadata = Metadata::new()
        .title(comparison.title.clone())
        .description(comparison.intro())
        .authors(authors)
        .language("en".to_owned())
        .creator("Crosswalk".to_owned())
        .keywords(vec![
            comparison.sides[Side::Revision].heading.clone(),
            comparison.sides[Side::Base].heading.clone(),
            "comparison".to_owned(),
        ]);
    match comparison.date.as_deref().and_then(pdf_date) {
        Some(date) => metadata.creation_date(date),
        None => metadata,
    }
}

fn draw_artifact_line(surface: &mut Surface, fonts: &Fonts, x: f32, baseline: f32, line: &Line) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::PaginationOther,
    )));
    draw_glyph_runs(surface, fonts, x, baseline, line);
    surface.end_tagged();
}

/// The glyphs of a laid-out line, filled (never stroked) in each run's colour.
fn draw_glyph_runs(surface: &mut Surface, fonts: &Fonts, x: f32, baseline: f32, line: &Line) {
    for run in &line.runs {
        let Some(font) = fonts.pdf_font(run.shaped.font) else {
            continue;
        };
        surface.set_stroke(None);
        surface.set_fill(Some(fill(run.color)));
        surface.draw_glyphs(
            Point::from_xy(x + run.x, baseline),
            &run.shaped.glyphs,
            font,
            &run.text,
            run.size,
            false,
        );
    }
}

/// The comparison as a PDF, with warnings (characters no font has). Should a system font fail to
/// embed, the document is made again with the shipped fonts only, and that is reported.
pub fn render(comparison: &Comparison, options: &RenderOptions) -> Rendered {
    let (result, warnings) = document(comparison, options, true);
    match result {
        Ok(bytes) => Rendered { bytes, warnings },
        Err(error) => {
            let (retry, mut warnings) = document(comparison, options, false);
            warnings.insert(0, format!("PDF: a system font could not be embedded ({error}); the shipped fonts were used alone"));
            match retry {
                Ok(bytes) => Rendered { bytes, warnings },
                Err(error) => {
                    warnings.push(format!("PDF: the document could not be written ({error})"));
                    Rendered {
                        bytes: Vec::new(),
                        warnings,
                    }
                }
            }
        }
    }
}
