//! Exports: one `Comparison` model built from a selection and options, and one printer per format
//! (HTML, Markdown, DOCX, PDF, CSV) over it. The GUI and the command line call the same functions, so
//! the same input gives the same bytes; nothing time-dependent is written unless a date is given.

pub mod csv;
mod docx;
mod html;
mod markdown;
mod pdf;
mod zip;

use std::collections::BTreeSet;

use std::ops::Range;

use serde::Serialize;
use thiserror::Error;

use crate::annotations::{Layer, MatrixRow, Resolution, Resolutions, safeguards_matrix};
use crate::corpus::Corpus;
use crate::diff::{Change, PairDiff, Piece, Sentence, text_of};
use crate::links::{LinkEntry, LinkOrigin, LinkSet};
use crate::model::{Kind, Library, PerTreaty, ProvisionId, TreatyKey};

/// What to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every link of the crosswalk.
    All,
    /// Links touching these chapters (e.g. `uncc:chp_4`, `bc:chp_2`).
    Chapters(Vec<ProvisionId>),
    /// Links touching these provisions (either treaty).
    Pairs(Vec<ProvisionId>),
    /// Links whose provisions carry an annotation or link with a tag starting with this.
    Tag(String),
    /// The safeguards matrix.
    Matrix,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SelectionError {
    #[error(
        "unknown selection {0:?}: use all, chapter=ID[,ID…], pairs=ID[,ID…], tag=PREFIX or matrix"
    )]
    Unknown(String),
    #[error("unknown provision ID {0}")]
    UnknownId(String),
}

impl Selection {
    /// Parses `all`, `matrix`, `chapter=uncc:chp_4,bc:chp_2`, `pairs=uncc:art_7,bc:art_19`, `tag=safeguard/`.
    pub fn parse(text: &str, corpus: &Corpus) -> Result<Selection, SelectionError> {
        let ids = |list: &str| -> Result<Vec<ProvisionId>, SelectionError> {
            list.split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(|id| {
                    corpus
                        .library
                        .get(id)
                        .map(|node| node.id.clone())
                        .ok_or_else(|| SelectionError::UnknownId(id.to_owned()))
                })
                .collect()
        };
        match text.trim().split_once('=') {
            None if text.trim() == "all" => Ok(Selection::All),
            None if text.trim() == "matrix" => Ok(Selection::Matrix),
            Some(("chapter" | "chapters", list)) => Ok(Selection::Chapters(ids(list)?)),
            Some(("pairs" | "pair", list)) => Ok(Selection::Pairs(ids(list)?)),
            Some(("tag", prefix)) if !prefix.trim().is_empty() => {
                Ok(Selection::Tag(prefix.trim().to_owned()))
            }
            _ => Err(SelectionError::Unknown(text.to_owned())),
        }
    }
}

/// How to export.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Terminology-aware diff.
    pub terms: bool,
    /// Full texts (every aligned sentence) or excerpts (changed sentences only).
    pub full_text: bool,
    /// A date to print as the export date; None prints none (deterministic output).
    pub date: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            terms: true,
            full_text: true,
            date: None,
        }
    }
}

/// A stretch of text with what happened to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    pub text: String,
    pub change: Change,
}

/// One aligned sentence pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowView {
    pub uncc_pinpoint: String,
    pub bc_pinpoint: String,
    pub uncc_id: String,
    pub bc_id: String,
    /// Byte offset of each side's sentence in its provision's text (anchor ranges are in provision text).
    pub uncc_start: usize,
    pub bc_start: usize,
    pub uncc: Vec<Segment>,
    pub bc: Vec<Segment>,
    /// Sentences without changes left out before this row (excerpt mode).
    pub elided_before: usize,
}

impl RowView {
    /// Both sides of the row: treaty, provision ID, the sentence's offset in the provision, segments.
    pub fn sides(&self) -> [(TreatyKey, &str, usize, &[Segment]); 2] {
        [
            (TreatyKey::Uncc, &self.uncc_id, self.uncc_start, &self.uncc),
            (TreatyKey::Bc, &self.bc_id, self.bc_start, &self.bc),
        ]
    }
}

/// A user note attached to a pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteView {
    pub number: usize,
    pub layer: String,
    pub provision: String,
    pub pinpoint: String,
    pub quote: String,
    /// Where the anchor resolver puts the quote: a byte range of the provision's text; none for a note
    /// on the whole provision or an orphan.
    #[serde(skip)]
    pub range: Option<Range<usize>>,
    pub note: String,
    pub tags: Vec<String>,
    pub author: String,
    pub orphan: bool,
}

/// One link of the crosswalk, compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairSection {
    /// HTML anchor / bookmark name.
    pub anchor: String,
    pub uncc_ids: Vec<String>,
    pub bc_ids: Vec<String>,
    /// "Art. 7", "Art. 40(8), Art. 40(21)"
    pub uncc_pinpoints: String,
    pub bc_pinpoints: String,
    pub uncc_headings: String,
    pub bc_headings: String,
    pub relation: String,
    pub theme: String,
    /// The link in words: "UN Art. 7 adapts Budapest Art. 2", "UN Art. 24(1) is a safeguard for …".
    pub statement: String,
    /// Empty for the shipped crosswalk; "Your link l1 (layer “Mine”)" for a user's link.
    pub origin: String,
    pub rationale: String,
    pub similarity: f64,
    pub similarity_terms: f64,
    pub rows: Vec<RowView>,
    pub notes: Vec<NoteView>,
    /// Anchors of other exported pairs sharing a provision (cross-references).
    pub see_also: Vec<(String, String)>,
}

/// Where a note sits in a pair's table: a row, a side and a byte range of that side's sentence text
/// (the words its anchor resolves to, or the whole sentence).
#[derive(Clone, Debug, PartialEq)]
pub struct NotePlacement {
    /// Index into `PairSection::notes`.
    pub note: usize,
    pub row: usize,
    pub side: TreatyKey,
    pub range: Range<usize>,
}

/// A sentence's segments cut at every offset in `points`: (byte range in the sentence, text, change).
pub fn cut_segments<'a>(
    segments: &'a [Segment],
    points: &[usize],
) -> Vec<(Range<usize>, &'a str, Change)> {
    let mut pieces = Vec::new();
    let mut offset = 0;
    for segment in segments {
        let end = offset + segment.text.len();
        let mut cut = offset;
        for &point in points.iter().filter(|&&p| p > offset && p < end) {
            if let Some(text) = segment.text.get(cut - offset..point - offset) {
                pieces.push((cut..point, text, segment.change));
                cut = point;
            }
        }
        if let Some(text) = segment.text.get(cut - offset..) {
            if !text.is_empty() {
                pieces.push((cut..end, text, segment.change));
            }
        }
        offset = end;
    }
    pieces
}

impl PairSection {
    /// Puts each note where the anchor resolver found its words — the range the reader highlights — in
    /// the row holding them; a whole-provision note, an orphan, or a quote not shown (excerpts, a quote
    /// across sentences) goes on its provision's first sentence shown. A note on a provision outside the
    /// pair gets no place in the table (it is still listed with the pair's notes).
    pub fn note_placements(&self) -> Vec<NotePlacement> {
        let mut placements = Vec::new();
        for (note_index, note) in self.notes.iter().enumerate() {
            let mut first_of_provision = None;
            let mut exact = None;
            for (row_index, view) in self.rows.iter().enumerate() {
                for (side, id, start, segments) in view.sides() {
                    if id.is_empty() || id != note.provision {
                        continue;
                    }
                    let length: usize = segments.iter().map(|s| s.text.len()).sum();
                    first_of_provision.get_or_insert((row_index, side, 0..length));
                    let inside = note
                        .range
                        .as_ref()
                        .filter(|r| r.start >= start && r.end <= start + length);
                    if let (None, Some(range)) = (&exact, inside) {
                        exact = Some((row_index, side, range.start - start..range.end - start));
                    }
                }
            }
            if let Some((row, side, range)) = exact.or(first_of_provision) {
                if !range.is_empty() {
                    placements.push(NotePlacement {
                        note: note_index,
                        row,
                        side,
                        range,
                    });
                }
            }
        }
        placements
    }

    /// The notes placed in one cell of the pair's table (row, side): the byte range of their words in
    /// that sentence and the note's number.
    pub fn notes_in_cell(
        &self,
        placements: &[NotePlacement],
        row: usize,
        side: TreatyKey,
    ) -> Vec<(Range<usize>, usize)> {
        placements
            .iter()
            .filter(|p| p.row == row && p.side == side)
            .filter_map(|p| Some((p.range.clone(), self.notes.get(p.note)?.number)))
            .collect()
    }

    pub fn title(&self) -> String {
        format!(
            "UN {} | Budapest {}",
            self.uncc_pinpoints, self.bc_pinpoints
        )
    }

    /// "Adapted · offences · similarity 83% (99% with terminology normalisation)"
    pub fn meta_line(&self) -> String {
        format!(
            "{} · {} · similarity {} ({} with terminology normalisation)",
            self.relation,
            self.theme,
            percent(self.similarity),
            percent(self.similarity_terms)
        )
    }
}

/// The matrix as shown in exports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixView {
    pub measure: String,
    pub powers: PerTreaty<String>,
    pub safeguards: PerTreaty<Vec<String>>,
}

/// Everything an export shows, in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub title: String,
    pub selection: String,
    /// One line per treaty: name, adoption, source.
    pub sources: Vec<String>,
    pub date: Option<String>,
    pub terms: bool,
    pub full_text: bool,
    pub sections: Vec<PairSection>,
    pub matrix: Vec<MatrixView>,
    /// Layer names whose notes are included.
    pub layers: Vec<String>,
}

impl Comparison {
    /// "Selection: the whole crosswalk." plus the export date when one was asked for.
    pub fn intro(&self) -> String {
        match &self.date {
            Some(date) => format!("Selection: {}. Exported {date}.", self.selection),
            None => format!("Selection: {}.", self.selection),
        }
    }
}

/// Pieces of one side as a list of segments covering the whole sentence (gaps are equal text).
fn side_segments(text: &str, pieces: &[Piece], key: TreatyKey) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut cursor = 0;
    let push = |segments: &mut Vec<Segment>, text: &str, change: Change| {
        if text.is_empty() {
            return;
        }
        match segments.last_mut() {
            Some(last) if last.change == change => last.text.push_str(text),
            _ => segments.push(Segment {
                text: text.to_owned(),
                change,
            }),
        }
    };
    for piece in pieces {
        let range = match key {
            TreatyKey::Uncc => &piece.uncc,
            TreatyKey::Bc => &piece.bc,
        };
        if range.start >= range.end || range.end > text.len() || range.start < cursor {
            continue;
        }
        push(&mut segments, &text[cursor..range.start], Change::Equal);
        push(&mut segments, &text[range.clone()], piece.change);
        cursor = range.end;
    }
    push(&mut segments, &text[cursor..], Change::Equal);
    segments
}

/// Pinpoints of a side ("Art. 40(8), Art. 40(21)") and the headings of their articles.
fn pinpoints_and_headings(library: &Library, ids: &[ProvisionId]) -> (String, String) {
    let headings = ids
        .iter()
        .filter_map(|id| {
            let (key, ix) = library.resolve(id)?;
            let treaty = library.treaty(key);
            treaty
                .article_of(ix)
                .and_then(|article| treaty.node(article).heading.clone())
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join("; ");
    (library.pinpoint_list(ids), headings)
}

/// Whether a pair belongs to the selection.
fn is_selected(
    corpus: &Corpus,
    link: &LinkEntry,
    selection: &Selection,
    layers: &[&Layer],
) -> bool {
    let library = &corpus.library;
    match selection {
        Selection::All => true,
        Selection::Matrix => false,
        Selection::Chapters(wanted) | Selection::Pairs(wanted) => wanted.iter().any(|wanted| {
            let is_chapter = library.get(wanted).is_some_and(|n| n.kind == Kind::Chapter);
            link.ends.iter().any(|id| {
                if is_chapter {
                    lies_in_subtree(library, id, wanted)
                } else {
                    id.overlaps(wanted)
                }
            })
        }),
        Selection::Tag(prefix) => layers.iter().any(|layer| {
            let tagged = |tags: &[String]| tags.iter().any(|t| t.starts_with(prefix.as_str()));
            let tagged_annotations = layer
                .file
                .annotations
                .iter()
                .filter(|a| tagged(&a.tags))
                .map(|a| &a.anchor.provision);
            let tagged_links = layer
                .file
                .links
                .iter()
                .filter(|l| tagged(&l.tags))
                .flat_map(|l| l.ends.iter().map(|e| &e.provision));
            tagged_annotations
                .chain(tagged_links)
                .any(|tagged| link.touches(tagged))
        }),
    }
}

/// Whether `id` lies in the document subtree of `ancestor` (articles sit in chapters only in the tree).
fn lies_in_subtree(library: &Library, id: &str, ancestor: &str) -> bool {
    match (library.resolve(id), library.resolve(ancestor)) {
        (Some((key, ix)), Some((ancestor_key, ancestor_ix))) => {
            key == ancestor_key
                && (ancestor_ix..library.treaty(key).subtree_end(ancestor_ix)).contains(&ix)
        }
        _ => false,
    }
}

/// The aligned rows of a pair as shown: every row, or only changed rows with a count of those left out.
fn row_views(library: &Library, pair: &PairDiff, full_text: bool) -> Vec<RowView> {
    let mut rows = Vec::new();
    let mut elided = 0;
    for row in &pair.rows {
        let changed = row
            .diff
            .pieces
            .iter()
            .any(|p| matches!(p.change, Change::Deleted | Change::Inserted));
        if !full_text && !changed {
            elided += 1;
            continue;
        }
        let side = |sentence: &Option<Sentence>, key: TreatyKey| SideView {
            pinpoint: sentence
                .as_ref()
                .map_or(String::new(), |s| s.pinpoint.clone()),
            id: sentence
                .as_ref()
                .map_or(String::new(), |s| s.id.to_string()),
            start: sentence.as_ref().map_or(0, |s| s.range.start),
            segments: side_segments(
                sentence.as_ref().map_or("", |s| text_of(library, s)),
                &row.diff.pieces,
                key,
            ),
        };
        let (uncc, bc) = (
            side(&row.uncc, TreatyKey::Uncc),
            side(&row.bc, TreatyKey::Bc),
        );
        rows.push(RowView {
            uncc_pinpoint: uncc.pinpoint,
            bc_pinpoint: bc.pinpoint,
            uncc_id: uncc.id,
            bc_id: bc.id,
            uncc_start: uncc.start,
            bc_start: bc.start,
            uncc: uncc.segments,
            bc: bc.segments,
            elided_before: std::mem::take(&mut elided),
        });
    }
    rows
}

/// One side of a row while it is being built.
struct SideView {
    pinpoint: String,
    id: String,
    start: usize,
    segments: Vec<Segment>,
}

/// The notes on a pair's provisions: annotations of the layers, where the one anchor resolver puts
/// them, and the links of the layers that touch the pair (other than the pair itself), stated in words.
fn pair_notes(
    library: &Library,
    link: &LinkEntry,
    layers: &[&Layer],
    resolutions: &Resolutions,
    links: &LinkSet,
    next_number: &mut usize,
) -> Vec<NoteView> {
    let mut notes = Vec::new();
    let pinpoint_of = |id: &ProvisionId| {
        library
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.pinpoint.clone())
    };
    for (layer_index, layer) in layers.iter().enumerate() {
        for (annotation_index, annotation) in layer.file.annotations.iter().enumerate() {
            let provision = &annotation.anchor.provision;
            if !link.ends.iter().any(|id| provision.is_within(id)) {
                continue;
            }
            let resolution = resolutions.get(layer_index, annotation_index);
            *next_number += 1;
            notes.push(NoteView {
                number: *next_number,
                layer: layer.name().to_owned(),
                provision: provision.to_string(),
                pinpoint: pinpoint_of(provision),
                quote: annotation.anchor.quote.clone(),
                range: resolution
                    .and_then(Resolution::range)
                    .filter(|r| !r.is_empty()),
                note: annotation.note.clone(),
                tags: annotation.tags.clone(),
                author: annotation.author.clone(),
                orphan: resolution.is_none_or(Resolution::is_orphan),
            });
        }
    }
    for other in links.entries() {
        if other == link
            || other.origin.is_shipped()
            || !link.ends.iter().any(|id| other.touches(id))
        {
            continue;
        }
        let LinkOrigin::Layer { layer_name, .. } = &other.origin else {
            continue;
        };
        let Some(subject) = other.ends.iter().find(|end| link.touches(end)) else {
            continue;
        };
        *next_number += 1;
        let statement = other.statement(library);
        notes.push(NoteView {
            number: *next_number,
            layer: layer_name.clone(),
            provision: subject.to_string(),
            pinpoint: pinpoint_of(subject),
            quote: String::new(),
            range: None,
            note: if other.note.is_empty() {
                format!("Link ({}): {statement}.", other.kind)
            } else {
                format!("Link ({}): {statement}. {}", other.kind, other.note)
            },
            tags: other.tags.clone(),
            author: other.author.clone(),
            orphan: false,
        });
    }
    notes
}

/// One pair of the export, compared.
fn pair_section(
    corpus: &Corpus,
    index: usize,
    link: &LinkEntry,
    options: &Options,
    notes: Vec<NoteView>,
) -> PairSection {
    let library = &corpus.library;
    let diffs = corpus.comparisons.both(library, &link.sides);
    let pair = diffs.mode(options.terms);
    let (uncc_pinpoints, uncc_headings) = pinpoints_and_headings(library, &link.sides.uncc);
    let (bc_pinpoints, bc_headings) = pinpoints_and_headings(library, &link.sides.bc);
    let (anchor, origin) = match &link.origin {
        LinkOrigin::Shipped { index } => (format!("pair-{}", index + 1), String::new()),
        LinkOrigin::Layer { link_id, .. } => (
            format!("link-{}", index + 1),
            format!("Your link {link_id} ({})", link.origin.describe()),
        ),
    };
    PairSection {
        anchor,
        uncc_ids: link.sides.uncc.iter().map(ToString::to_string).collect(),
        bc_ids: link.sides.bc.iter().map(ToString::to_string).collect(),
        uncc_pinpoints,
        bc_pinpoints,
        uncc_headings,
        bc_headings,
        relation: link.kind.to_string(),
        theme: link
            .theme
            .map_or_else(String::new, |theme| theme.to_string()),
        statement: link.statement(library),
        origin,
        rationale: link.note.clone(),
        similarity: diffs.plain.similarity(),
        similarity_terms: diffs.terms.similarity(),
        rows: row_views(library, pair, options.full_text),
        notes,
        see_also: Vec::new(),
    }
}

/// Cross-references: other exported pairs naming the same article.
fn add_cross_references(sections: &mut [PairSection]) {
    let articles = |section: &PairSection| -> BTreeSet<String> {
        section
            .uncc_ids
            .iter()
            .chain(&section.bc_ids)
            .filter_map(|id| ProvisionId::parse(id).ok())
            .map(|id| id.article().unwrap_or(id).to_string())
            .collect()
    };
    let all_articles: Vec<BTreeSet<String>> = sections.iter().map(articles).collect();
    let titles: Vec<(String, String)> = sections
        .iter()
        .map(|s| (s.anchor.clone(), s.title()))
        .collect();
    for (index, section) in sections.iter_mut().enumerate() {
        section.see_also = (0..titles.len())
            .filter(|&other| {
                other != index && !all_articles[index].is_disjoint(&all_articles[other])
            })
            .map(|other| titles[other].clone())
            .collect();
    }
}

fn selection_text(selection: &Selection) -> String {
    let list = |ids: &[ProvisionId]| {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match selection {
        Selection::All => "the whole crosswalk".to_owned(),
        Selection::Chapters(ids) => format!("chapters {}", list(ids)),
        Selection::Pairs(ids) => format!("pairs touching {}", list(ids)),
        Selection::Tag(prefix) => format!("pairs tagged {prefix}…"),
        Selection::Matrix => "the safeguards matrix".to_owned(),
    }
}

/// Builds the comparison for a selection: the shipped pairs and the pairs of the `layers`' links
/// (one [`LinkSet`]), with the layers' notes placed where the anchor resolver finds them.
pub fn build(
    corpus: &Corpus,
    selection: &Selection,
    options: &Options,
    layers: &[&Layer],
) -> Comparison {
    let library = &corpus.library;
    let owned_layers: Vec<Layer> = layers.iter().map(|layer| (*layer).clone()).collect();
    let links = LinkSet::new(&corpus.crosswalk, &owned_layers, library);
    let resolutions = Resolutions::of_layers(layers.iter().copied(), library);
    let mut note_number = 0;
    let mut sections: Vec<PairSection> = links
        .pairs()
        .iter()
        .map(|&index| (index, &links.entries()[index]))
        .filter(|(_, link)| is_selected(corpus, link, selection, layers))
        .map(|(index, link)| {
            let notes = pair_notes(
                library,
                link,
                layers,
                &resolutions,
                &links,
                &mut note_number,
            );
            pair_section(corpus, index, link, options, notes)
        })
        .collect();
    add_cross_references(&mut sections);
    let matrix = if *selection == Selection::Matrix {
        safeguards_matrix(layers.iter().copied(), library)
            .into_iter()
            .map(|row| matrix_view(corpus, row))
            .collect()
    } else {
        Vec::new()
    };
    Comparison {
        title: if *selection == Selection::Matrix {
            "Safeguards matrix: UN Convention against Cybercrime and Budapest Convention".to_owned()
        } else {
            "Crosswalk: UN Convention against Cybercrime and Budapest Convention".to_owned()
        },
        selection: selection_text(selection),
        sources: TreatyKey::ALL
            .iter()
            .map(|&key| {
                let meta = &library.treaty(key).meta;
                format!(
                    "{}: adopted {}, {}; source: {}",
                    meta.short_name, meta.adopted, meta.place, meta.source_document
                )
            })
            .collect(),
        date: options.date.clone(),
        terms: options.terms,
        full_text: options.full_text,
        sections,
        matrix,
        layers: layers.iter().map(|l| l.name().to_owned()).collect(),
    }
}

fn matrix_view(corpus: &Corpus, row: MatrixRow) -> MatrixView {
    let name = |ids: &[ProvisionId]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| corpus.library.get(id))
            .map(|n| n.pinpoint.clone())
            .collect()
    };
    MatrixView {
        measure: row.measure.replace("24-7", "24/7").replace('-', " "),
        powers: row.powers.as_ref().map(|_, ids| name(ids).join(", ")),
        safeguards: row.safeguards.as_ref().map(|_, ids| name(ids)),
    }
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Docx,
    Pdf,
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
        }
    }
}

/// Renders a comparison in a format.
pub fn render(comparison: &Comparison, format: Format) -> Vec<u8> {
    match format {
        Format::Html => html::render(comparison).into_bytes(),
        Format::Markdown => markdown::render(comparison).into_bytes(),
        Format::Csv => csv::render(comparison).into_bytes(),
        Format::Docx => docx::render(comparison),
        Format::Pdf => pdf::render(comparison),
    }
}

/// A percentage as printed in exports.
pub(crate) fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}
