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

use crate::annotations::{Layer, MatrixRow, resolve, safeguards_matrix};
use crate::corpus::Corpus;
use crate::crosswalk::is_within;
use crate::diff::{Change, Piece, diff_pair_both, text_of};
use crate::model::{Kind, TreatyKey};

/// What to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every link of the crosswalk.
    All,
    /// Links touching these chapters (e.g. `uncc:chp_4`, `bc:chp_2`).
    Chapters(Vec<String>),
    /// Links touching these provisions (either treaty).
    Pairs(Vec<String>),
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
        let ids = |list: &str| -> Result<Vec<String>, SelectionError> {
            list.split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(|id| {
                    corpus
                        .library
                        .get(id)
                        .map(|_| id.to_owned())
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
    pub uncc: Vec<Segment>,
    pub bc: Vec<Segment>,
    /// Sentences without changes left out before this row (excerpt mode).
    pub elided_before: usize,
}

/// A user note attached to a pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteView {
    pub number: usize,
    pub layer: String,
    pub provision: String,
    pub pinpoint: String,
    pub quote: String,
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
    pub rationale: String,
    pub similarity: f64,
    pub similarity_terms: f64,
    pub rows: Vec<RowView>,
    pub notes: Vec<NoteView>,
    /// Anchors of other exported pairs sharing a provision (cross-references).
    pub see_also: Vec<(String, String)>,
}

/// Where a note sits in a pair's table: a row, a side (0 UN, 1 Budapest) and a byte range of that
/// side's sentence text (the words it quotes, or the whole sentence).
#[derive(Clone, Debug, PartialEq)]
pub struct NotePlacement {
    /// Index into `PairSection::notes`.
    pub note: usize,
    pub row: usize,
    pub side: usize,
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
    /// Puts each note on the words it quotes: the first sentence of its provision containing the
    /// quote, or, for whole-provision notes and quotes not shown (excerpts, quotes across
    /// sentences), the provision's first sentence. A note on a provision outside the pair gets no
    /// place in the table (it is still listed with the pair's notes).
    pub fn note_placements(&self) -> Vec<NotePlacement> {
        let mut placements = Vec::new();
        for (note_index, note) in self.notes.iter().enumerate() {
            let mut first_of_provision = None;
            let mut exact = None;
            for (row_index, view) in self.rows.iter().enumerate() {
                for (side, (id, segments)) in [(&view.uncc_id, &view.uncc), (&view.bc_id, &view.bc)]
                    .into_iter()
                    .enumerate()
                {
                    if id.is_empty() || *id != note.provision {
                        continue;
                    }
                    let text: String = segments.iter().map(|s| s.text.as_str()).collect();
                    first_of_provision.get_or_insert((row_index, side, 0..text.len()));
                    if exact.is_none() && !note.quote.is_empty() {
                        if let Some(at) = text.find(note.quote.as_str()) {
                            exact = Some((row_index, side, at..at + note.quote.len()));
                        }
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

    /// The notes placed in one cell of the pair's table (row, side 0 UN / 1 Budapest): the byte
    /// range of their words in that sentence and the note's number.
    pub fn notes_in_cell(
        &self,
        placements: &[NotePlacement],
        row: usize,
        side: usize,
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
    pub powers: [String; 2],
    pub safeguards: [Vec<String>; 2],
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

fn pinpoints(corpus: &Corpus, ids: &[String]) -> (String, String) {
    let nodes: Vec<_> = ids.iter().filter_map(|id| corpus.library.get(id)).collect();
    let pins = nodes
        .iter()
        .map(|n| n.pinpoint.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let headings = nodes
        .iter()
        .filter_map(|n| {
            let (key, ix) = corpus.library.resolve(&n.id)?;
            let treaty = corpus.library.treaty(key);
            treaty
                .article_of(ix)
                .and_then(|a| treaty.node(a).heading.clone())
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join("; ");
    (pins, headings)
}

/// Builds the comparison for a selection; `layers` supply the notes (and tags for `Selection::Tag`).
pub fn build(
    corpus: &Corpus,
    selection: &Selection,
    options: &Options,
    layers: &[&Layer],
) -> Comparison {
    let library = &corpus.library;
    let links = &corpus.crosswalk.links;
    let chosen: Vec<usize> = corpus
        .crosswalk
        .ordered_links(library)
        .into_iter()
        .filter(|&index| {
            let link = &links[index];
            let all_ids = || link.uncc.iter().chain(&link.bc);
            match selection {
                Selection::All => true,
                Selection::Matrix => false,
                Selection::Chapters(chapters) | Selection::Pairs(chapters) => {
                    chapters.iter().any(|wanted| {
                        let chapter_kind =
                            library.get(wanted).is_some_and(|n| n.kind == Kind::Chapter);
                        all_ids().any(|id| {
                            if chapter_kind {
                                library
                                    .resolve(id)
                                    .zip(library.resolve(wanted))
                                    .is_some_and(|((k, ix), (wk, wix))| {
                                        k == wk
                                            && (wix..library.treaty(k).subtree_end(wix))
                                                .contains(&ix)
                                    })
                            } else {
                                is_within(id, wanted) || is_within(wanted, id)
                            }
                        })
                    })
                }
                Selection::Tag(prefix) => layers.iter().any(|layer| {
                    let tagged_annotations = layer
                        .file
                        .annotations
                        .iter()
                        .filter(|a| a.tags.iter().any(|t| t.starts_with(prefix.as_str())))
                        .map(|a| a.anchor.provision.as_str());
                    let tagged_links = layer
                        .file
                        .links
                        .iter()
                        .filter(|l| l.tags.iter().any(|t| t.starts_with(prefix.as_str())))
                        .flat_map(|l| l.ends.iter().map(|e| e.provision.as_str()));
                    tagged_annotations.chain(tagged_links).any(|tagged| {
                        all_ids().any(|id| is_within(tagged, id) || is_within(id, tagged))
                    })
                }),
            }
        })
        .collect();

    let mut note_number = 0;
    let mut sections: Vec<PairSection> = chosen
        .iter()
        .map(|&index| {
            let link = &links[index];
            let [plain_diff, folded_diff] =
                diff_pair_both(library, &link.uncc, &link.bc, &corpus.normaliser);
            let (plain, folded) = (plain_diff.similarity(), folded_diff.similarity());
            let pair = if options.terms {
                folded_diff
            } else {
                plain_diff
            };
            let mut rows = Vec::new();
            let mut elided = 0;
            for row in &pair.rows {
                let changed = row
                    .diff
                    .pieces
                    .iter()
                    .any(|p| matches!(p.change, Change::Deleted | Change::Inserted));
                if !options.full_text && !changed {
                    elided += 1;
                    continue;
                }
                let bc_text = row.bc.as_ref().map_or("", |s| text_of(library, s));
                let uncc_text = row.uncc.as_ref().map_or("", |s| text_of(library, s));
                rows.push(RowView {
                    uncc_pinpoint: row
                        .uncc
                        .as_ref()
                        .map_or(String::new(), |s| s.pinpoint.clone()),
                    bc_pinpoint: row
                        .bc
                        .as_ref()
                        .map_or(String::new(), |s| s.pinpoint.clone()),
                    uncc_id: row.uncc.as_ref().map_or(String::new(), |s| s.id.clone()),
                    bc_id: row.bc.as_ref().map_or(String::new(), |s| s.id.clone()),
                    uncc: side_segments(uncc_text, &row.diff.pieces, TreatyKey::Uncc),
                    bc: side_segments(bc_text, &row.diff.pieces, TreatyKey::Bc),
                    elided_before: std::mem::take(&mut elided),
                });
            }
            let mut notes = Vec::new();
            for layer in layers {
                for annotation in &layer.file.annotations {
                    let provision = &annotation.anchor.provision;
                    if link
                        .uncc
                        .iter()
                        .chain(&link.bc)
                        .any(|id| is_within(provision, id))
                    {
                        note_number += 1;
                        notes.push(NoteView {
                            number: note_number,
                            layer: layer.name().to_owned(),
                            provision: provision.clone(),
                            pinpoint: library
                                .get(provision)
                                .map_or_else(|| provision.clone(), |n| n.pinpoint.clone()),
                            quote: annotation.anchor.quote.clone(),
                            note: annotation.note.clone(),
                            tags: annotation.tags.clone(),
                            author: annotation.author.clone(),
                            orphan: resolve(&annotation.anchor, library).is_orphan(),
                        });
                    }
                }
            }
            let (uncc_pinpoints, uncc_headings) = pinpoints(corpus, &link.uncc);
            let (bc_pinpoints, bc_headings) = pinpoints(corpus, &link.bc);
            PairSection {
                anchor: format!("pair-{}", index + 1),
                uncc_ids: link.uncc.clone(),
                bc_ids: link.bc.clone(),
                uncc_pinpoints,
                bc_pinpoints,
                uncc_headings,
                bc_headings,
                relation: link.relation.to_string(),
                theme: link.theme.to_string(),
                rationale: link.rationale.clone(),
                similarity: plain,
                similarity_terms: folded,
                rows,
                notes,
                see_also: Vec::new(),
            }
        })
        .collect();
    // Cross-references: other exported pairs naming the same article.
    let articles = |section: &PairSection| -> BTreeSet<String> {
        section
            .uncc_ids
            .iter()
            .chain(&section.bc_ids)
            .map(|id| id.split("__").next().unwrap_or(id).to_owned())
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

    let matrix = if *selection == Selection::Matrix {
        safeguards_matrix(layers.iter().copied(), library)
            .into_iter()
            .map(|row| matrix_view(corpus, row))
            .collect()
    } else {
        Vec::new()
    };
    let selection_text = match selection {
        Selection::All => "the whole crosswalk".to_owned(),
        Selection::Chapters(ids) => format!("chapters {}", ids.join(", ")),
        Selection::Pairs(ids) => format!("pairs touching {}", ids.join(", ")),
        Selection::Tag(prefix) => format!("pairs tagged {prefix}…"),
        Selection::Matrix => "the safeguards matrix".to_owned(),
    };
    Comparison {
        title: if *selection == Selection::Matrix {
            "Safeguards matrix: UN Convention against Cybercrime and Budapest Convention".to_owned()
        } else {
            "Crosswalk: UN Convention against Cybercrime and Budapest Convention".to_owned()
        },
        selection: selection_text,
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
    let name = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| corpus.library.get(id))
            .map(|n| n.pinpoint.clone())
            .collect()
    };
    MatrixView {
        measure: row.measure.replace("24-7", "24/7").replace('-', " "),
        powers: [
            name(&row.powers[0]).join(", "),
            name(&row.powers[1]).join(", "),
        ],
        safeguards: [name(&row.safeguards[0]), name(&row.safeguards[1])],
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
