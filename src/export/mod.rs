//! Exports: one `Comparison` model built from a selection and options, and one printer per format
//! (HTML, Markdown, DOCX, PDF, CSV) over it. The GUI and the command line call the same functions, so
//! the same input gives the same bytes; nothing time-dependent is written unless a date is given.

pub mod brief;
mod choices;
pub mod csv;
pub(crate) mod docx;
mod fonts;
pub mod handout;
mod html;
mod json;
mod markdown;
mod pdf;
mod pdf_catalog;
pub mod references;
pub(crate) mod xlsx;

use std::collections::BTreeSet;

use std::ops::Range;

use serde::Serialize;
use thiserror::Error;

pub use choices::ExportChoices;

use crate::annotations::{
    Anchor, Annotation, Layer, MatrixRow, Resolution, Resolutions, safeguards_matrix,
};
use crate::corpus::Corpus;
use crate::crosswalk::{Evidence, Relation, Unmatched};
use crate::diff::{Change, PairDiff, Piece, Sentence, text_of};
use crate::links::{LinkEntry, LinkOrigin, LinkSet};
use crate::model::{Kind, Library, PerSide, ProvisionId, Side, shipped};

/// What to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every link of the crosswalk.
    All,
    /// Links touching these chapters (e.g. `uncc:chp_4`, `bc:chp_2`).
    Chapters(Vec<ProvisionId>),
    /// Links touching these provisions (either treaty).
    Pairs(Vec<ProvisionId>),
    /// Exactly these pairs, each named by the provisions it links (the window's "the current pair"
    /// and its list of pairs to tick).
    Exact(Vec<Vec<ProvisionId>>),
    /// Links whose provisions carry an annotation or link with a tag starting with this.
    Tag(String),
    /// The safeguards matrix.
    Matrix,
    /// A brief of questions by ID (all questions when empty): see [`brief`].
    Questions(Vec<String>),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SelectionError {
    #[error(
        "unknown selection {0:?}: use all, chapter=ID[,ID…], pairs=ID[,ID…], exact=ID+ID[,ID+ID…], tag=PREFIX, matrix, questions or questions=ID[,ID…]"
    )]
    Unknown(String),
    #[error("unknown provision ID {0}")]
    UnknownId(String),
}

impl Selection {
    /// Parses `all`, `matrix`, `chapter=uncc:chp_4,bc:chp_2`, `pairs=uncc:art_7,bc:art_19`,
    /// `exact=uncc:art_24+bc:art_15,uncc:art_7+bc:art_2`, `tag=safeguard/`.
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
            None if text.trim() == "questions" => Ok(Selection::Questions(Vec::new())),
            Some(("questions" | "question", list)) => Ok(Selection::Questions(
                list.split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )),
            Some(("chapter" | "chapters", list)) => Ok(Selection::Chapters(ids(list)?)),
            Some(("pairs" | "pair", list)) => Ok(Selection::Pairs(ids(list)?)),
            Some(("exact", list)) => list
                .split(',')
                .filter(|pair| !pair.trim().is_empty())
                .map(|pair| ids(&pair.replace('+', ",")))
                .collect::<Result<Vec<_>, _>>()
                .map(Selection::Exact),
            Some(("tag", prefix)) if !prefix.trim().is_empty() => {
                Ok(Selection::Tag(prefix.trim().to_owned()))
            }
            _ => Err(SelectionError::Unknown(text.to_owned())),
        }
    }
}

/// How the [`Comparison`] is built: what it says, the same in every format (the diff, which
/// sentences, the date printed).
///
/// Kept apart from [`RenderOptions`] on purpose: these change the comparison itself (its rows,
/// marks and date are data that the JSON export carries too), while `RenderOptions` only change how
/// one printer prints a comparison already built — one comparison can be printed as A4 and Letter,
/// or as a columns and a redline DOCX, without being built again. [`ExportChoices`] holds one of
/// each: what the command line and the Export window ask for.
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
    #[serde(skip)]
    pub uncc_start: usize,
    #[serde(skip)]
    pub bc_start: usize,
    /// The same offsets in Unicode code points, as every offset of the JSON export counts (W3C's
    /// position selectors count them so too).
    #[serde(rename = "uncc_start")]
    pub uncc_start_chars: usize,
    #[serde(rename = "bc_start")]
    pub bc_start_chars: usize,
    pub uncc: Vec<Segment>,
    pub bc: Vec<Segment>,
    /// The row read as one text, UN wording with Budapest-only words where they were: the redline.
    pub inline: Vec<InlineSegment>,
    /// Sentences without changes left out before this row (excerpt mode).
    pub elided_before: usize,
}

/// A piece of a row's redline. Equal text is the same in both sentences, character for character;
/// deleted text is the Budapest sentence's, inserted text the UN sentence's. Read in order, the equal
/// and inserted pieces are the UN sentence exactly and the equal and deleted pieces the Budapest
/// sentence exactly ("Accept all" and "Reject all"): words whose case, spacing or terminology
/// differs are a deletion and an insertion, never equal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InlineSegment {
    pub text: String,
    pub change: Change,
    /// The treaty whose sentence the text is taken from (the UN's for equal text).
    pub side: Side,
    /// Byte offset in that side's sentence.
    #[serde(skip)]
    pub start: usize,
    /// The same offset in Unicode code points (the JSON export's unit).
    #[serde(rename = "start")]
    pub start_chars: usize,
    /// An equivalent term (the two treaties' words for one thing), deleted and inserted as a change
    /// of terminology rather than of substance.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub term: bool,
}

/// Builds a row's redline from the word diff, keeping every character of both sentences once.
struct Redline<'a> {
    bc_text: &'a str,
    uncc_text: &'a str,
    bc_at: usize,
    uncc_at: usize,
    out: Vec<InlineSegment>,
}

impl Redline<'_> {
    fn push(&mut self, side: Side, change: Change, range: Range<usize>, term: bool) {
        let sentence = match side {
            Side::Revision => self.uncc_text,
            Side::Base => self.bc_text,
        };
        let Some(text) = sentence.get(range.clone()).filter(|t| !t.is_empty()) else {
            return;
        };
        if let Some(last) = self.out.last_mut()
            && last.change == change
            && last.side == side
            && last.term == term
            && last.start + last.text.len() == range.start
        {
            last.text.push_str(text);
            return;
        }
        let start_chars = sentence
            .get(..range.start)
            .map_or(0, |before| before.chars().count());
        self.out.push(InlineSegment {
            text: text.to_owned(),
            change,
            side,
            start: range.start,
            start_chars,
            term,
        });
    }

    /// Both sentences up to these offsets: equal where the characters are, else a deletion of the
    /// Budapest characters and an insertion of the UN ones.
    fn both_to(&mut self, bc_end: usize, uncc_end: usize, term: bool) {
        let bc_end = bc_end.clamp(self.bc_at, self.bc_text.len());
        let uncc_end = uncc_end.clamp(self.uncc_at, self.uncc_text.len());
        let bc = self.bc_at..bc_end;
        let uncc = self.uncc_at..uncc_end;
        if !term && self.bc_text.get(bc.clone()) == self.uncc_text.get(uncc.clone()) {
            self.push(Side::Revision, Change::Equal, uncc, false);
        } else {
            self.push(Side::Base, Change::Deleted, bc, term);
            self.push(Side::Revision, Change::Inserted, uncc, term);
        }
        self.bc_at = bc_end;
        self.uncc_at = uncc_end;
    }

    fn bc_to(&mut self, end: usize) {
        let end = end.clamp(self.bc_at, self.bc_text.len());
        self.push(Side::Base, Change::Deleted, self.bc_at..end, false);
        self.bc_at = end;
    }

    fn uncc_to(&mut self, end: usize) {
        let end = end.clamp(self.uncc_at, self.uncc_text.len());
        self.push(Side::Revision, Change::Inserted, self.uncc_at..end, false);
        self.uncc_at = end;
    }
}

/// The redline of a row from its word diff: deleted words with the text before them, inserted
/// likewise, and between them the stretches both sentences share.
fn inline_segments(bc_text: &str, uncc_text: &str, pieces: &[Piece]) -> Vec<InlineSegment> {
    let mut redline = Redline {
        bc_text,
        uncc_text,
        bc_at: 0,
        uncc_at: 0,
        out: Vec::new(),
    };
    for piece in pieces {
        match piece.change {
            Change::Deleted => redline.bc_to(piece.bc.end),
            Change::Inserted => redline.uncc_to(piece.uncc.end),
            change => {
                redline.both_to(piece.bc.start, piece.uncc.start, false);
                redline.both_to(piece.bc.end, piece.uncc.end, change == Change::Equivalent);
            }
        }
    }
    redline.both_to(bc_text.len(), uncc_text.len(), false);
    redline.out
}

impl RowView {
    /// Both sides of the row: treaty, provision ID, the sentence's offset in the provision, segments.
    pub fn sides(&self) -> [(Side, &str, usize, &[Segment]); 2] {
        [
            (Side::Revision, &self.uncc_id, self.uncc_start, &self.uncc),
            (Side::Base, &self.bc_id, self.bc_start, &self.bc),
        ]
    }
}

/// What a note is: an annotation on words or a provision, or a user's link stated as a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    Annotation,
    Link,
}

/// Exact words of a treaty that back a rationale or a note.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceView {
    pub provision: String,
    pub pinpoint: String,
    pub quote: String,
}

impl EvidenceView {
    /// "UN Art. 24(1): “…”"
    pub fn cited(&self) -> String {
        format!("{}: “{}”", self.pinpoint, self.quote)
    }
}

/// A reply in a note's thread.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplyView {
    pub note: String,
    pub author: String,
    pub created: String,
}

impl ReplyView {
    /// "Author, 2026-11-02" (what is known of who replied and when).
    pub fn byline(&self) -> String {
        [self.author.as_str(), self.created.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A user note attached to a pair (or listed in the appendix).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteView {
    pub number: usize,
    pub kind: NoteKind,
    /// The annotation's or link's ID in its layer file.
    pub id: String,
    pub layer: String,
    /// Which of the exported layers holds the note (two layers may share a name); none for a
    /// lesson's highlights.
    #[serde(skip)]
    pub layer_index: Option<usize>,
    pub provision: String,
    pub pinpoint: String,
    /// The quoted words; empty for a note on the whole provision.
    pub quote: String,
    /// Up to 32 characters before and after the words where the note is placed today (as the
    /// anchor recorded them for an orphan).
    pub prefix: String,
    pub suffix: String,
    /// Where the anchor resolver puts the quote: a byte range of the provision's text; none for a note
    /// on the whole provision or an orphan.
    #[serde(skip)]
    pub range: Option<Range<usize>>,
    /// The same range in characters (Unicode scalar values), for machine-readable exports.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// The words at `range` in today's text with their context, as a quote selector must give them
    /// (they differ from `quote` when the words changed and were found again fuzzily); none when
    /// the quote has no place.
    #[serde(skip)]
    pub placed: Option<Anchor>,
    /// A note on the whole provision rather than on quoted words.
    pub whole_provision: bool,
    pub note: String,
    /// A link's relation ("SafeguardFor"); empty for annotations.
    pub relation: String,
    /// A link's ends (provision IDs), in the stated order; empty for annotations.
    pub ends: Vec<String>,
    pub tags: Vec<String>,
    pub author: String,
    pub created: String,
    pub updated: String,
    /// "#rrggbb" as saved, and the colour in words ("green"), so no export relies on colour alone.
    pub color: Option<String>,
    pub color_name: Option<String>,
    pub replies: Vec<ReplyView>,
    pub evidence: Vec<EvidenceView>,
    pub orphan: bool,
}

impl NoteView {
    /// "Layer · Author · 2026-11-02 · colour green" — who wrote the note, when, and its colour in words.
    pub fn byline(&self) -> String {
        let date = if self.updated.is_empty() || self.updated == self.created {
            self.created.clone()
        } else if self.created.is_empty() {
            format!("updated {}", self.updated)
        } else {
            format!("{}, updated {}", self.created, self.updated)
        };
        let colour = self
            .color_name
            .as_ref()
            .map(|name| format!("colour: {name}"))
            .unwrap_or_default();
        dot_joined(&[&self.layer, &self.author, &date, &colour])
    }

    /// Where the note is: "Art. 24(1), whole provision" or "Art. 24(1) “the quoted words”".
    pub fn place(&self) -> String {
        if self.whole_provision {
            format!("{} (whole provision)", self.pinpoint)
        } else {
            format!("{} “{}”", self.pinpoint, self.quote)
        }
    }

    /// The note's text with its line breaks (CR, CRLF, LF) made LF, trailing spaces dropped.
    pub fn lines(&self) -> Vec<&str> {
        normalised_lines(&self.note)
    }
}

/// The non-empty parts joined with " · ", as bylines and meta lines are written.
fn dot_joined(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Lines of a user-written text, whatever its line endings (CR, CRLF or LF); never empty.
pub fn normalised_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text
        .split("\r\n")
        .flat_map(|part| part.split(['\r', '\n']))
        .map(str::trim_end)
        .collect();
    while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// User-written text on one line: line breaks of any kind become spaces.
pub fn one_line(text: &str) -> String {
    normalised_lines(text).join(" ").trim().to_owned()
}

/// A colour as a word: the nearest of a few names by hue, lightness and saturation ("#2e7d32" → "green").
pub fn colour_name(hex: &str) -> Option<String> {
    let digits = hex.trim().trim_start_matches('#');
    if digits.len() != 6 || !digits.is_ascii() {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(digits.get(at..at + 2)?, 16).ok();
    let (r, g, b) = (channel(0)?, channel(2)?, channel(4)?);
    let [r, g, b] = [r, g, b].map(|c| f32::from(c) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let lightness = (max + min) / 2.0;
    let delta = max - min;
    let name = if delta < 0.12 {
        match lightness {
            l if l < 0.2 => "black",
            l if l > 0.85 => "white",
            _ => "grey",
        }
    } else {
        let hue = if max == r {
            60.0 * ((g - b) / delta).rem_euclid(6.0)
        } else if max == g {
            60.0 * ((b - r) / delta + 2.0)
        } else {
            60.0 * ((r - g) / delta + 4.0)
        };
        match hue {
            h if !(15.0..345.0).contains(&h) => {
                if lightness > 0.7 {
                    "pink"
                } else {
                    "red"
                }
            }
            h if h < 40.0 => {
                if lightness < 0.35 {
                    "brown"
                } else {
                    "orange"
                }
            }
            h if h < 70.0 => "yellow",
            h if h < 160.0 => "green",
            h if h < 200.0 => "teal",
            h if h < 255.0 => "blue",
            h if h < 290.0 => "purple",
            _ => "pink",
        }
    };
    Some(name.to_owned())
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
    /// The UN chapter of the pair's first UN provision ("Chapter IV – Procedural measures and law
    /// enforcement"), to group pairs in PDF bookmarks.
    pub chapter: String,
    /// The link in words: "UN Art. 7 adapts Budapest Art. 2", "UN Art. 24(1) is a safeguard for …".
    pub statement: String,
    /// Empty for the shipped crosswalk; "Your link l1 (layer “Mine”)" for a user's link.
    pub origin: String,
    pub rationale: String,
    /// The words of the texts that back the rationale.
    pub evidence: Vec<EvidenceView>,
    pub similarity: f64,
    pub similarity_terms: f64,
    pub rows: Vec<RowView>,
    pub notes: Vec<NoteView>,
    /// Anchors of other exported pairs sharing a provision (cross-references).
    pub see_also: Vec<(String, String)>,
    /// On a handout, the lesson's stop this section is: its question and the teacher's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<handout::StopPart>,
    /// A provision with no counterpart (texts/crosswalk.ron `unmatched`): the treaty that alone has
    /// it. Its text is one whole insertion (UN only) or deletion (Budapest only); the rationale is
    /// the reason it has no counterpart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_in: Option<Side>,
    /// Two different provisions on one theme (a Related link): their sentences stand side by side
    /// in reading order, their words not marked as differences (the rows' redline still holds both).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub side_by_side: bool,
    /// The cross-references in the pair's texts to provisions the export shows (internal links).
    #[serde(skip)]
    pub references: Vec<references::ReferenceLink>,
    /// The names of the two instruments compared (the comparison's [`Comparison::sides`]), for the
    /// section's title and meta line.
    #[serde(skip)]
    pub names: SideNames,
}

/// Where a note sits in a pair's table: a row, a side and a byte range of that side's sentence text
/// (the words its anchor resolves to, or the whole sentence).
#[derive(Clone, Debug, PartialEq)]
pub struct NotePlacement {
    /// Index into `PairSection::notes`.
    pub note: usize,
    pub row: usize,
    pub side: Side,
    pub range: Range<usize>,
    /// The range is the quoted words; false for a note on the whole provision, an orphan, or a quote
    /// not shown, which sit on the whole first sentence and are marked at its start.
    pub exact: bool,
}

/// The notes of one table cell: on quoted words (byte range in the sentence, number) and on the
/// whole provision (numbers, marked at the start of the cell).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CellNotes {
    pub quoted: Vec<(Range<usize>, usize)>,
    pub whole: Vec<usize>,
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
        if let Some(text) = segment.text.get(cut - offset..)
            && !text.is_empty()
        {
            pieces.push((cut..end, text, segment.change));
        }
        offset = end;
    }
    pieces
}

impl PairSection {
    /// Puts each note where the anchor resolver found its words — the range the reader highlights — in
    /// the row holding them; a whole-provision note (also one on an article whose text sits in its
    /// paragraphs), an orphan, or a quote not shown (excerpts, a quote across sentences) goes on its
    /// provision's first sentence shown. A note on a provision outside the pair gets no place in the
    /// table (it is still listed with the pair's notes).
    pub fn note_placements(&self) -> Vec<NotePlacement> {
        let mut placements = Vec::new();
        for (note_index, note) in self.notes.iter().enumerate() {
            let mut first_of_provision = None;
            let mut exact = None;
            for (row_index, view) in self.rows.iter().enumerate() {
                for (side, id, start, segments) in view.sides() {
                    let related = crate::model::is_within(id, &note.provision)
                        || crate::model::is_within(&note.provision, id);
                    if id.is_empty() || !related {
                        continue;
                    }
                    let length: usize = segments.iter().map(|s| s.text.len()).sum();
                    first_of_provision.get_or_insert((row_index, side, 0..length));
                    let inside = note
                        .range
                        .as_ref()
                        .filter(|_| id == note.provision)
                        .filter(|r| r.start >= start && r.end <= start + length);
                    if let (None, Some(range)) = (&exact, inside) {
                        exact = Some((row_index, side, range.start - start..range.end - start));
                    }
                }
            }
            let is_exact = exact.is_some();
            if let Some((row, side, range)) = exact.or(first_of_provision)
                && !range.is_empty()
            {
                placements.push(NotePlacement {
                    note: note_index,
                    row,
                    side,
                    range,
                    exact: is_exact,
                });
            }
        }
        placements
    }

    /// The notes placed in one cell of the pair's table (row, side): words quoted (byte range in the
    /// sentence, note number) and whole-provision notes (numbers).
    pub fn cell_notes(&self, placements: &[NotePlacement], row: usize, side: Side) -> CellNotes {
        let mut cell = CellNotes::default();
        for placement in placements.iter().filter(|p| p.row == row && p.side == side) {
            let Some(note) = self.notes.get(placement.note) else {
                continue;
            };
            if placement.exact {
                cell.quoted.push((placement.range.clone(), note.number));
            } else {
                cell.whole.push(note.number);
            }
        }
        cell
    }

    /// Notes on provisions of the pair that no row shows (e.g. excerpts left their sentence out).
    pub fn unplaced_notes(&self, placements: &[NotePlacement]) -> Vec<usize> {
        (0..self.notes.len())
            .filter(|index| !placements.iter().any(|p| p.note == *index))
            .collect()
    }

    pub fn title(&self) -> String {
        let names = &self.names;
        if let (Some(only), None) = (self.only_in, &self.stop) {
            return format!(
                "{} {} (only in the {})",
                names[only].label,
                self.pinpoints(only),
                names[only].name
            );
        }
        let sides: Vec<String> = [
            (&names[Side::Revision].label, &self.uncc_pinpoints),
            (&names[Side::Base].label, &self.bc_pinpoints),
        ]
        .into_iter()
        .filter(|(_, pinpoints)| !pinpoints.is_empty())
        .map(|(label, pinpoints)| format!("{label} {pinpoints}"))
        .collect();
        match &self.stop {
            Some(stop) => format!("Stop {} of {}: {}", stop.number, stop.of, sides.join(" | ")),
            None => format!(
                "{} {} | {} {}",
                names[Side::Revision].label,
                self.uncc_pinpoints,
                names[Side::Base].label,
                self.bc_pinpoints
            ),
        }
    }

    /// "Adapted · offences · similarity 83% (99% with terminology normalisation)"; a provision
    /// without counterpart or a Related pair says so instead of giving a similarity.
    pub fn meta_line(&self) -> String {
        dot_joined(&[&self.relation, &self.theme, &self.similarity_text()])
    }

    /// "similarity 83% (99% with terminology normalisation)", or why no similarity is given.
    pub fn similarity_text(&self) -> String {
        match self.only_in {
            Some(only) => format!(
                "no counterpart in the {}: the whole provision is {}",
                self.names[only.other()].name,
                match only {
                    Side::Revision => "an insertion",
                    Side::Base => "a deletion",
                }
            ),
            None if self.side_by_side => format!(
                "different provisions on one theme, shown side by side (similarity {})",
                percent(self.similarity)
            ),
            None => format!(
                "similarity {} ({} with terminology normalisation)",
                percent(self.similarity),
                percent(self.similarity_terms)
            ),
        }
    }

    /// The similarity in a table cell: "83% / 99% with terms", or "none: no counterpart".
    pub fn similarity_cell(&self) -> String {
        if self.only_in.is_some() {
            "none: no counterpart".to_owned()
        } else {
            format!(
                "{} / {} with terms",
                percent(self.similarity),
                percent(self.similarity_terms)
            )
        }
    }

    /// One side's pinpoints ("Art. 40(8), Art. 40(21)"); empty for the side a provision lacks.
    pub fn pinpoints(&self, key: Side) -> &str {
        match key {
            Side::Revision => &self.uncc_pinpoints,
            Side::Base => &self.bc_pinpoints,
        }
    }

    /// What a column shows after its treaty's name: "Art. 16 Non-consensual dissemination of
    /// intimate images", or "no counterpart" for the side a one-sided provision lacks.
    pub fn side_heading(&self, key: Side) -> String {
        if !self.has_side(key) {
            return "no counterpart".to_owned();
        }
        let headings = match key {
            Side::Revision => &self.uncc_headings,
            Side::Base => &self.bc_headings,
        };
        format!("{} {headings}", self.pinpoints(key))
            .trim_end()
            .to_owned()
    }

    /// Whether the section shows provisions of this treaty (a one-sided provision shows one).
    pub fn has_side(&self, key: Side) -> bool {
        match key {
            Side::Revision => !self.uncc_ids.is_empty(),
            Side::Base => !self.bc_ids.is_empty(),
        }
    }
}

/// "UN Convention" / "Budapest Convention", as titles and meta lines name a treaty.
pub fn long_name(key: Side) -> &'static str {
    match key {
        Side::Revision => "UN Convention",
        Side::Base => "Budapest Convention",
    }
}

/// How an export names one of the two instruments it compares, in its three places.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideName {
    /// The instrument's ID prefix (`uncc`, `xl`).
    pub prefix: String,
    /// Before a pinpoint: "UN" (Art. 7), "Budapest", or an instrument's short name.
    pub label: String,
    /// In titles, meta lines and legends: "UN Convention", "Budapest Convention".
    pub name: String,
    /// Over a column of its text: "UN Convention against Cybercrime", "Budapest Convention".
    pub heading: String,
}

impl SideName {
    /// A shipped treaty's names, as every export has always printed them.
    pub fn of_treaty(key: Side) -> SideName {
        let heading = match key {
            Side::Revision => "UN Convention against Cybercrime",
            Side::Base => "Budapest Convention",
        };
        SideName {
            prefix: shipped::prefix(key).to_owned(),
            label: shipped::citation_label(key).to_owned(),
            name: long_name(key).to_owned(),
            heading: heading.to_owned(),
        }
    }

    /// An instrument's names: a treaty's own, any other instrument's short name in all three places.
    pub fn of_instrument(instrument: &crate::instrument::Instrument) -> SideName {
        match instrument.key().shipped_side() {
            Some(key) => SideName::of_treaty(key),
            None => SideName {
                prefix: instrument.key().to_string(),
                label: instrument.info.short_name.clone(),
                name: instrument.info.short_name.clone(),
                heading: instrument.info.short_name.clone(),
            },
        }
    }
}

/// The names of the two compared instruments, by the side each is on: the UN Convention and the
/// Budapest Convention unless the comparison was built on a pair of other instruments
/// ([`Library::pair`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SideNames(pub PerSide<SideName>);

impl Default for SideNames {
    fn default() -> SideNames {
        SideNames(PerSide::from_fn(SideName::of_treaty))
    }
}

impl SideNames {
    pub fn of_library(library: &Library) -> SideNames {
        SideNames(PerSide::from_fn(|key| {
            SideName::of_instrument(&library.treaty(key).instrument)
        }))
    }

    /// Whether these are the shipped pair's names (then the JSON export leaves them out, as it always
    /// did: its `uncc`/`bc` fields say which is which).
    pub fn is_shipped(&self) -> bool {
        *self == SideNames::default()
    }
}

impl std::ops::Index<Side> for SideNames {
    type Output = SideName;
    fn index(&self, key: Side) -> &SideName {
        &self.0[key]
    }
}

/// The matrix as shown in exports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixView {
    pub measure: String,
    pub powers: PerSide<String>,
    pub safeguards: PerSide<Vec<String>>,
}

impl MatrixView {
    /// One treaty's safeguards for the measure on one line ("Art. 24(1), Art. 36"), or "none linked".
    pub fn safeguard_list(&self, key: Side) -> String {
        if self.safeguards[key].is_empty() {
            "none linked".to_owned()
        } else {
            self.safeguards[key].join(", ")
        }
    }
}

/// Everything an export shows, in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub title: String,
    /// The names of the two instruments compared, by side.
    #[serde(skip_serializing_if = "SideNames::is_shipped")]
    pub sides: SideNames,
    pub selection: String,
    /// One line per treaty: name, adoption, source.
    pub sources: Vec<String>,
    pub date: Option<String>,
    pub terms: bool,
    pub full_text: bool,
    pub sections: Vec<PairSection>,
    pub matrix: Vec<MatrixView>,
    /// Notes on provisions outside every exported pair (and links touching none), numbered on from
    /// the pairs' notes: listed after the pairs so an export drops none.
    pub appendix: Vec<NoteView>,
    /// Layer names whose notes are included.
    pub layers: Vec<String>,
    /// A lesson's handout: each section is a stop (see [`handout`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handout: Option<handout::HandoutPart>,
    /// A brief: the questions, each with the range of `sections` comparing what it cites (see [`brief`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief: Option<brief::BriefPart>,
}

/// Sections in print order, each group under the question it belongs to (one group without a
/// question for anything but a brief).
pub type SectionGroup<'a> = (Option<(usize, &'a brief::QuestionPart)>, &'a [PairSection]);

impl Comparison {
    /// The line every page of a paginated export carries, so a loose page says what made it and
    /// when: "Crosswalk 0.1.0 · exported 2026-11-23" (or "no export date given").
    pub fn edition_line(&self) -> String {
        let date = match &self.date {
            Some(date) => format!("exported {date}"),
            None => "no export date given".to_owned(),
        };
        format!("Crosswalk {} · {date}", env!("CARGO_PKG_VERSION"))
    }

    /// The sections grouped by question for a brief (numbered from 1), else one group of them all.
    pub fn groups(&self) -> Vec<SectionGroup<'_>> {
        let Some(brief) = &self.brief else {
            return vec![(None, &self.sections[..])];
        };
        brief
            .questions
            .iter()
            .enumerate()
            .map(|(index, question)| {
                let sections = self.sections.get(question.sections.clone()).unwrap_or(&[]);
                (Some((index + 1, question)), sections)
            })
            .collect()
    }

    /// "Selection: the whole crosswalk." plus the export date when one was asked for.
    pub fn intro(&self) -> String {
        match &self.date {
            Some(date) => format!("Selection: {}. Exported {date}.", self.selection),
            None => format!("Selection: {}.", self.selection),
        }
    }
}

/// Pieces of one side as a list of segments covering the whole sentence (gaps are equal text).
fn side_segments(text: &str, pieces: &[Piece], key: Side) -> Vec<Segment> {
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
            Side::Revision => &piece.uncc,
            Side::Base => &piece.bc,
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

/// Whether a link's (or an unmatched provision's) `ends` belong to the selection.
fn is_selected(
    corpus: &Corpus,
    ends: &[ProvisionId],
    selection: &Selection,
    layers: &[&Layer],
) -> bool {
    let library = &corpus.library;
    match selection {
        Selection::All => true,
        // A brief is built by `brief::for_layers`, the matrix from the layers' links.
        Selection::Matrix | Selection::Questions(_) => false,
        Selection::Chapters(wanted) | Selection::Pairs(wanted) => wanted.iter().any(|wanted| {
            let is_chapter = library.get(wanted).is_some_and(|n| n.kind == Kind::Chapter);
            ends.iter().any(|id| {
                if is_chapter {
                    lies_in_subtree(library, id, wanted)
                } else {
                    id.overlaps(wanted)
                }
            })
        }),
        Selection::Exact(pairs) => pairs
            .iter()
            .any(|wanted_ends| same_provisions(ends, wanted_ends)),
        Selection::Tag(prefix) => layers.iter().any(|layer| {
            let tagged = |tags: &[String]| crate::fold::tags_match(tags, prefix);
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
                .any(|tagged| ends.iter().any(|end| end.overlaps(tagged)))
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
        let side = |sentence: &Option<Sentence>, key: Side| SideView {
            pinpoint: sentence
                .as_ref()
                .map_or(String::new(), |s| s.pinpoint.clone()),
            id: sentence
                .as_ref()
                .map_or(String::new(), |s| s.id.to_string()),
            start: sentence.as_ref().map_or(0, |s| s.range.start),
            start_chars: sentence.as_ref().map_or(0, |s| {
                let text = &library.treaty(s.treaty).node(s.node).text;
                text.get(..s.range.start)
                    .map_or(0, |before| before.chars().count())
            }),
            segments: side_segments(
                sentence.as_ref().map_or("", |s| text_of(library, s)),
                &row.diff.pieces,
                key,
            ),
        };
        let (uncc, bc) = (side(&row.uncc, Side::Revision), side(&row.bc, Side::Base));
        let inline = inline_segments(
            row.bc.as_ref().map_or("", |s| text_of(library, s)),
            row.uncc.as_ref().map_or("", |s| text_of(library, s)),
            &row.diff.pieces,
        );
        rows.push(RowView {
            uncc_pinpoint: uncc.pinpoint,
            bc_pinpoint: bc.pinpoint,
            uncc_id: uncc.id,
            bc_id: bc.id,
            uncc_start: uncc.start,
            bc_start: bc.start,
            uncc_start_chars: uncc.start_chars,
            bc_start_chars: bc.start_chars,
            uncc: uncc.segments,
            bc: bc.segments,
            inline,
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
    start_chars: usize,
    segments: Vec<Segment>,
}

/// Evidence with pinpoints.
fn evidence_views(library: &Library, evidence: &[Evidence]) -> Vec<EvidenceView> {
    evidence
        .iter()
        .map(|e| EvidenceView {
            provision: e.provision.to_string(),
            // "UN Art. 7(2)" / "Budapest Art. 2": evidence quotes either treaty, so it is named.
            pinpoint: crate::links::cited_pinpoints(library, std::slice::from_ref(&e.provision)),
            quote: e.quote.clone(),
        })
        .collect()
}

/// A note's pinpoint naming its treaty ("Budapest Art. 19(4)"): a note stands apart from the pair
/// it is listed with, so "Art. 19(4)" alone could be either treaty's.
fn pinpoint_of(library: &Library, id: &ProvisionId) -> String {
    if library.get(id).is_some() {
        crate::links::cited_pinpoints(library, std::slice::from_ref(id))
    } else {
        id.to_string()
    }
}

/// An annotation as an export shows it, placed where the anchor resolver found its words.
fn annotation_note(
    library: &Library,
    layers: &[&Layer],
    layer: &Layer,
    annotation: &Annotation,
    resolution: Option<&Resolution>,
    number: usize,
) -> NoteView {
    let anchor = &annotation.anchor;
    let provision = &anchor.provision;
    let range = resolution
        .and_then(Resolution::range)
        .filter(|r| !r.is_empty());
    let chars = |byte: usize| {
        library
            .get(provision)
            .and_then(|node| node.text.get(..byte))
            .map(|before| before.chars().count())
    };
    let placed = range.as_ref().and_then(|r| {
        let text = &library.get(provision)?.text;
        text.get(r.clone())?;
        Some(Anchor::quote(provision, text, r.clone()))
    });
    // The context around the words where the note is placed today (the recorded one for an orphan),
    // so that prefix, quote place and offsets describe one spot.
    let (prefix, suffix) = match &placed {
        Some(placed) => (placed.prefix.clone(), placed.suffix.clone()),
        None => (anchor.prefix.clone(), anchor.suffix.clone()),
    };
    NoteView {
        number,
        kind: NoteKind::Annotation,
        id: annotation.id.clone(),
        layer: layer.name().to_owned(),
        layer_index: layers.iter().position(|other| std::ptr::eq(*other, layer)),
        provision: provision.to_string(),
        pinpoint: pinpoint_of(library, provision),
        quote: anchor.quote.clone(),
        prefix,
        suffix,
        start: range.as_ref().and_then(|r| chars(r.start)),
        end: range.as_ref().and_then(|r| chars(r.end)),
        placed,
        range,
        whole_provision: anchor.is_whole_provision(),
        note: annotation.note.clone(),
        relation: String::new(),
        ends: Vec::new(),
        tags: annotation.tags.clone(),
        author: annotation.author.clone(),
        created: annotation.created.clone(),
        updated: annotation.updated.clone(),
        color: annotation.color.clone(),
        color_name: annotation.color.as_deref().and_then(colour_name),
        replies: thread(layers, layer, annotation),
        evidence: evidence_views(library, &annotation.evidence),
        orphan: resolution.is_none_or(Resolution::is_orphan),
    }
}

/// A note's thread among the exported layers, in the order the window shows it
/// ([`crate::annotations::workspace::thread_of`]).
fn thread(layers: &[&Layer], layer: &Layer, annotation: &Annotation) -> Vec<ReplyView> {
    crate::annotations::workspace::thread_of(layers.iter().copied(), layer, &annotation.id)
        .into_iter()
        .map(|item| ReplyView {
            note: item.reply.note,
            author: item.reply.author,
            created: item.reply.created,
        })
        .collect()
}

/// A user's link as a note on `subject`: "Link (SafeguardFor): UN Art. 24 is a safeguard for UN Art. 28."
/// `layers` are the exported layers; the note names its layer by its place among them.
fn link_note(
    library: &Library,
    layers: &[&Layer],
    link: &LinkEntry,
    subject: &ProvisionId,
    number: usize,
) -> NoteView {
    let (layer, layer_index, id) = match &link.origin {
        LinkOrigin::Layer {
            layer,
            layer_name,
            link_id,
        } => (
            layer_name.clone(),
            layers.iter().position(|exported| exported.id == *layer),
            link_id.clone(),
        ),
        LinkOrigin::Shipped { index } => ("shipped crosswalk".to_owned(), None, index.to_string()),
        LinkOrigin::Question { question_id } => (String::new(), None, question_id.clone()),
        LinkOrigin::LanguageVersion { provision } => {
            (link.origin.describe(), None, provision.to_string())
        }
    };
    let statement = link.statement(library);
    NoteView {
        number,
        kind: NoteKind::Link,
        id,
        layer,
        layer_index,
        provision: subject.to_string(),
        pinpoint: pinpoint_of(library, subject),
        quote: String::new(),
        prefix: String::new(),
        suffix: String::new(),
        range: None,
        start: None,
        end: None,
        placed: None,
        whole_provision: true,
        note: if link.note.is_empty() {
            format!("Link ({}): {statement}.", link.kind)
        } else {
            format!("Link ({}): {statement}. {}", link.kind, link.note)
        },
        relation: link.kind.to_string(),
        ends: link.ends.iter().map(ToString::to_string).collect(),
        tags: link.tags.clone(),
        author: link.author.clone(),
        created: String::new(),
        updated: String::new(),
        color: None,
        color_name: None,
        replies: Vec::new(),
        evidence: evidence_views(library, &link.evidence),
        orphan: false,
    }
}

/// The layers' notes as an export hands them out: with every section whose provisions they touch,
/// and those no section takes to the appendix.
struct NoteSource<'a> {
    library: &'a Library,
    layers: &'a [&'a Layer],
    resolutions: &'a Resolutions,
    links: &'a LinkSet,
    /// The provisions the export's sections show: a user link is listed with a section only when
    /// each of its ends lies within one of them (else the appendix lists it, with both ends); none
    /// when every provision counts as shown.
    shown_provisions: Option<Vec<ProvisionId>>,
    /// Annotations shown so far, by (layer, index), and links by set index.
    shown_annotations: BTreeSet<(usize, usize)>,
    shown_links: BTreeSet<usize>,
}

/// The notes on a pair shown on its own (a brief shows a link under each question that draws on
/// it, so nothing is held back as shown elsewhere and every link touching it is listed), numbered on
/// from `next_number`.
fn notes_on_pair(
    library: &Library,
    link: &LinkEntry,
    layers: &[&Layer],
    resolutions: &Resolutions,
    links: &LinkSet,
    next_number: &mut usize,
) -> Vec<NoteView> {
    let mut source = NoteSource {
        library,
        layers,
        resolutions,
        links,
        shown_provisions: None,
        shown_annotations: BTreeSet::new(),
        shown_links: BTreeSet::new(),
    };
    let mut notes = source.for_ends(&link.ends, Some(link));
    for note in &mut notes {
        *next_number += 1;
        note.number = *next_number;
    }
    notes
}

impl NoteSource<'_> {
    /// The notes on a section's provisions (`ends`): annotations of the layers, where the one anchor
    /// resolver puts them, and the links of the layers that touch them (other than the section's
    /// own link), stated in words. Numbers are given later, in reading order.
    fn for_ends(&mut self, ends: &[ProvisionId], own: Option<&LinkEntry>) -> Vec<NoteView> {
        let mut notes = Vec::new();
        for (layer_index, layer) in self.layers.iter().enumerate() {
            for (annotation_index, annotation) in layer.file.annotations.iter().enumerate() {
                let provision = &annotation.anchor.provision;
                if !ends.iter().any(|id| provision.overlaps(id)) {
                    continue;
                }
                self.shown_annotations
                    .insert((layer_index, annotation_index));
                notes.push(self.annotation(layer_index, annotation_index));
            }
        }
        for (set_index, other) in self.links.entries().iter().enumerate() {
            let inside = |end: &ProvisionId| {
                self.shown_provisions
                    .as_ref()
                    .is_none_or(|shown| shown.iter().any(|provision| end.is_within(provision)))
            };
            if Some(other) == own
                || other.origin.is_shipped()
                || !ends.iter().any(|id| other.touches(id))
                || !other.ends.iter().all(inside)
            {
                continue;
            }
            let Some(subject) = other
                .ends
                .iter()
                .find(|end| ends.iter().any(|id| end.overlaps(id)))
            else {
                continue;
            };
            self.shown_links.insert(set_index);
            notes.push(link_note(self.library, &self.layers, other, subject, 0));
        }
        notes
    }

    fn annotation(&self, layer_index: usize, annotation_index: usize) -> NoteView {
        let layer = self.layers[layer_index];
        annotation_note(
            self.library,
            self.layers,
            layer,
            &layer.file.annotations[annotation_index],
            self.resolutions.get(layer.id, annotation_index),
            0,
        )
    }

    /// Counts what the safeguards matrix shows as shown: its rows are the layers' safeguard links,
    /// and a shipped layer (the safeguards) is the matrix in another shape; every other note, the
    /// user's, goes to the appendix.
    fn shown_in_matrix(&mut self) {
        self.shown_links.extend(matrix_links(self.links));
        for (layer_index, layer) in self.layers.iter().enumerate() {
            if layer.read_only && layer.path.is_none() {
                let count = layer.file.annotations.len();
                self.shown_annotations
                    .extend((0..count).map(|index| (layer_index, index)));
            }
        }
    }

    /// Notes the selection left out: annotations on provisions outside every exported section, and
    /// user links that touch none of them (also a link with one end inside and one outside the
    /// selection, when no section took it). They are listed in an appendix, never dropped.
    fn appendix(&self) -> Vec<NoteView> {
        let mut notes = Vec::new();
        for (layer_index, layer) in self.layers.iter().enumerate() {
            for annotation_index in 0..layer.file.annotations.len() {
                if !self
                    .shown_annotations
                    .contains(&(layer_index, annotation_index))
                {
                    notes.push(self.annotation(layer_index, annotation_index));
                }
            }
        }
        for (set_index, link) in self.links.entries().iter().enumerate() {
            if link.origin.is_shipped() || self.shown_links.contains(&set_index) {
                continue;
            }
            // A pair of the user's that the selection left out is a note too.
            if let Some(subject) = link.ends.first() {
                notes.push(link_note(self.library, &self.layers, link, subject, 0));
            }
        }
        notes
    }
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
    let (uncc_pinpoints, uncc_headings) = pinpoints_and_headings(library, &link.sides.revision);
    let (bc_pinpoints, bc_headings) = pinpoints_and_headings(library, &link.sides.base);
    let side_by_side = link.kind == crate::links::LinkKind::Crosswalk(Relation::Related);
    let (anchor, origin) = match &link.origin {
        LinkOrigin::Shipped { index } => (format!("pair-{}", index + 1), String::new()),
        LinkOrigin::Layer { link_id, .. } => (
            format!("link-{}", index + 1),
            format!("Your link {link_id} ({})", link.origin.describe()),
        ),
        LinkOrigin::Question { question_id } => (
            format!("link-{}", index + 1),
            format!("The provisions question {question_id} cites"),
        ),
        LinkOrigin::LanguageVersion { .. } => (
            format!("link-{}", index + 1),
            "The same provision in two language versions".to_owned(),
        ),
    };
    PairSection {
        anchor,
        uncc_ids: link
            .sides
            .revision
            .iter()
            .map(ToString::to_string)
            .collect(),
        bc_ids: link.sides.base.iter().map(ToString::to_string).collect(),
        uncc_pinpoints,
        bc_pinpoints,
        uncc_headings,
        bc_headings,
        relation: link.kind.to_string(),
        theme: link
            .theme
            .map_or_else(String::new, |theme| theme.to_string()),
        statement: link.statement(library),
        chapter: chapter_of(library, link.sides.revision.first()),
        origin,
        rationale: link.note.clone(),
        evidence: evidence_views(library, &link.evidence),
        similarity: diffs.plain.similarity(),
        similarity_terms: diffs.terms.similarity(),
        rows: if side_by_side {
            side_by_side_rows(row_views(library, pair, true))
        } else {
            row_views(library, pair, options.full_text)
        },
        notes,
        see_also: Vec::new(),
        stop: None,
        only_in: None,
        side_by_side,
        references: Vec::new(),
        names: SideNames::of_library(library),
    }
}

/// A provision with no counterpart as a section: its text one whole insertion (UN only) or
/// deletion (Budapest only), the reason it has no counterpart as the rationale.
fn one_sided_section(
    corpus: &Corpus,
    unmatched: &Unmatched,
    options: &Options,
    notes: Vec<NoteView>,
) -> PairSection {
    let library = &corpus.library;
    // The crosswalk names provisions of the two sides only (it is checked against them at load).
    let only = library.side_of(&unmatched.id).unwrap_or(Side::Revision);
    let ids = vec![unmatched.id.clone()];
    let sides = PerSide::from_fn(|key| if key == only { ids.clone() } else { Vec::new() });
    let diffs = corpus.comparisons.both(library, &sides);
    let (pinpoints, headings) = pinpoints_and_headings(library, &ids);
    let side_text = |key: Side, text: &str| {
        if key == only {
            text.to_owned()
        } else {
            String::new()
        }
    };
    let cited = crate::links::cited_pinpoints(library, &ids);
    PairSection {
        anchor: format!("only-{}", unmatched.id.to_string().replace(':', "-")),
        uncc_ids: sides.revision.iter().map(ToString::to_string).collect(),
        bc_ids: sides.base.iter().map(ToString::to_string).collect(),
        uncc_pinpoints: side_text(Side::Revision, &pinpoints),
        bc_pinpoints: side_text(Side::Base, &pinpoints),
        uncc_headings: side_text(Side::Revision, &headings),
        bc_headings: side_text(Side::Base, &headings),
        relation: format!("Only in the {}", long_name(only)),
        theme: unmatched.theme.to_string(),
        chapter: chapter_of(library, ids.first()),
        statement: format!(
            "{cited} has no counterpart in the {}.",
            long_name(only.other())
        ),
        origin: String::new(),
        rationale: unmatched.reason.clone(),
        evidence: Vec::new(),
        similarity: 0.0,
        similarity_terms: 0.0,
        rows: row_views(library, diffs.mode(options.terms), true),
        notes,
        see_also: Vec::new(),
        stop: None,
        only_in: Some(only),
        side_by_side: false,
        references: Vec::new(),
        names: SideNames::of_library(library),
    }
}

/// A Related pair's rows with the sentences of each side side by side in reading order (the n-th
/// UN sentence beside the n-th Budapest one) and no word marked: two different provisions are not
/// one text changed. Each row's redline keeps its Budapest words deleted and UN words inserted.
fn side_by_side_rows(rows: Vec<RowView>) -> Vec<RowView> {
    let side = |key: Side| -> Vec<SideView> {
        rows.iter()
            .filter_map(|row| {
                let view = match key {
                    Side::Revision => SideView {
                        pinpoint: row.uncc_pinpoint.clone(),
                        id: row.uncc_id.clone(),
                        start: row.uncc_start,
                        start_chars: row.uncc_start_chars,
                        segments: row.uncc.clone(),
                    },
                    Side::Base => SideView {
                        pinpoint: row.bc_pinpoint.clone(),
                        id: row.bc_id.clone(),
                        start: row.bc_start,
                        start_chars: row.bc_start_chars,
                        segments: row.bc.clone(),
                    },
                };
                (!view.id.is_empty()).then_some(view)
            })
            .collect()
    };
    let text =
        |view: &SideView| -> String { view.segments.iter().map(|s| s.text.as_str()).collect() };
    let (uncc, bc) = (side(Side::Revision), side(Side::Base));
    let empty = SideView {
        pinpoint: String::new(),
        id: String::new(),
        start: 0,
        start_chars: 0,
        segments: Vec::new(),
    };
    let unmarked = |text: String| -> Vec<Segment> {
        if text.is_empty() {
            Vec::new()
        } else {
            vec![Segment {
                text,
                change: Change::Equal,
            }]
        }
    };
    (0..uncc.len().max(bc.len()))
        .map(|index| {
            let u = uncc.get(index).unwrap_or(&empty);
            let b = bc.get(index).unwrap_or(&empty);
            let whole = |text: String, change, side| InlineSegment {
                text,
                change,
                side,
                start: 0,
                start_chars: 0,
                term: false,
            };
            let inline = [
                whole(text(b), Change::Deleted, Side::Base),
                whole(text(u), Change::Inserted, Side::Revision),
            ]
            .into_iter()
            .filter(|segment| !segment.text.is_empty())
            .collect();
            RowView {
                uncc_pinpoint: u.pinpoint.clone(),
                bc_pinpoint: b.pinpoint.clone(),
                uncc_id: u.id.clone(),
                bc_id: b.id.clone(),
                uncc_start: u.start,
                bc_start: b.start,
                uncc_start_chars: u.start_chars,
                bc_start_chars: b.start_chars,
                uncc: unmarked(text(u)),
                bc: unmarked(text(b)),
                inline,
                elided_before: 0,
            }
        })
        .collect()
}

/// The title line of the chapter holding a provision, or "Other provisions".
fn chapter_of(library: &Library, id: Option<&ProvisionId>) -> String {
    let found = id.and_then(|id| library.resolve(id)).and_then(|(key, ix)| {
        let treaty = library.treaty(key);
        let mut at = Some(ix);
        while let Some(ix) = at {
            let node = treaty.node(ix);
            if node.kind == Kind::Chapter {
                return Some(node.title_line());
            }
            at = node.parent;
        }
        None
    });
    found.unwrap_or_else(|| "Other provisions".to_owned())
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

/// Whether two lists name the same provisions, in any order.
fn same_provisions(a: &[ProvisionId], b: &[ProvisionId]) -> bool {
    a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
}

/// The selection as an export's header names it, by pinpoints ("pairs touching UN Art. 24").
fn selection_text(library: &Library, selection: &Selection) -> String {
    let list = |ids: &[ProvisionId]| crate::links::cited_pinpoints(library, ids);
    match selection {
        Selection::All if SideNames::of_library(library).is_shipped() => {
            "the whole crosswalk".to_owned()
        }
        Selection::All => "every pair your layers link".to_owned(),
        Selection::Chapters(ids) => format!("chapters {}", list(ids)),
        Selection::Pairs(ids) => format!("pairs touching {}", list(ids)),
        Selection::Exact(pairs) => {
            let named: Vec<String> = pairs.iter().map(|ends| list(ends)).collect();
            format!("the pairs {}", named.join("; "))
        }
        Selection::Tag(prefix) => format!("pairs tagged {prefix}…"),
        Selection::Matrix => "the safeguards matrix".to_owned(),
        Selection::Questions(ids) if ids.is_empty() => "every question".to_owned(),
        Selection::Questions(ids) => format!("questions {}", ids.join(", ")),
    }
}

/// What `crosswalk export` and the window's Export… build for any selection: a brief for
/// [`Selection::Questions`] (the shipped questions and those of `layers`; an unknown ID is an error),
/// otherwise [`build`].
pub fn build_selection(
    corpus: &Corpus,
    selection: &Selection,
    options: &Options,
    layers: &[&Layer],
) -> Result<Comparison, brief::UnknownQuestion> {
    match selection {
        Selection::Questions(ids) => brief::for_layers(corpus, ids, options, layers),
        _ => Ok(build(corpus, selection, options, layers)),
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
    let selected_pairs: Vec<usize> = links
        .pairs()
        .iter()
        .copied()
        .filter(|&index| is_selected(corpus, &links.entries()[index].ends, selection, layers))
        .collect();
    let selected_unmatched: Vec<&Unmatched> = corpus
        .crosswalk
        .unmatched
        .iter()
        .filter(|unmatched| {
            is_selected(
                corpus,
                std::slice::from_ref(&unmatched.id),
                selection,
                layers,
            )
        })
        .collect();
    let shown_provisions = selected_pairs
        .iter()
        .flat_map(|&index| links.entries()[index].ends.iter().cloned())
        .chain(
            selected_unmatched
                .iter()
                .map(|unmatched| unmatched.id.clone()),
        )
        .collect();
    let mut source = NoteSource {
        library,
        layers,
        resolutions: &resolutions,
        links: &links,
        shown_provisions: Some(shown_provisions),
        shown_annotations: BTreeSet::new(),
        shown_links: BTreeSet::new(),
    };
    let mut pairs = Vec::new();
    for index in selected_pairs {
        let link = &links.entries()[index];
        // A user's pair is a section of its own, not also a note.
        source.shown_links.insert(index);
        let notes = source.for_ends(&link.ends, Some(link));
        pairs.push(pair_section(corpus, index, link, options, notes));
    }
    let one_sided: Vec<PairSection> = selected_unmatched
        .into_iter()
        .map(|unmatched| {
            let notes = source.for_ends(std::slice::from_ref(&unmatched.id), None);
            one_sided_section(corpus, unmatched, options, notes)
        })
        .collect();
    let mut sections = in_reading_order(library, pairs, one_sided);
    if *selection == Selection::Matrix {
        source.shown_in_matrix();
    }
    let mut appendix = source.appendix();
    number_in_reading_order(&mut sections, &mut appendix);
    add_cross_references(&mut sections);
    references::add_reference_links(&mut sections, corpus);
    let matrix = if *selection == Selection::Matrix {
        safeguards_matrix(layers.iter().copied(), library)
            .into_iter()
            .map(|row| matrix_view(corpus, row))
            .collect()
    } else {
        Vec::new()
    };
    let sides = SideNames::of_library(library);
    Comparison {
        title: comparison_title(selection, &sides),
        sides,
        selection: selection_text(library, selection),
        sources: sources(library),
        date: options.date.clone(),
        terms: options.terms,
        full_text: options.full_text,
        sections,
        matrix,
        appendix,
        layers: layers.iter().map(|l| l.name().to_owned()).collect(),
        handout: None,
        brief: None,
    }
}

/// "Crosswalk: UN Convention against Cybercrime and Budapest Convention" (or the safeguards matrix's
/// title), naming the two instruments compared.
fn comparison_title(selection: &Selection, sides: &SideNames) -> String {
    let what = if *selection == Selection::Matrix {
        "Safeguards matrix"
    } else {
        "Crosswalk"
    };
    format!(
        "{what}: {} and {}",
        sides[Side::Revision].heading,
        sides[Side::Base].heading
    )
}

/// The links the safeguards matrix is made of (a safeguard for a measure), by set index.
fn matrix_links(links: &LinkSet) -> Vec<usize> {
    let safeguard = crate::links::LinkKind::User(crate::annotations::LinkRelation::SafeguardFor);
    links
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, link)| {
            link.kind == safeguard && link.tags.iter().any(|tag| tag.starts_with("measure/"))
        })
        .map(|(index, _)| index)
        .collect()
}

/// The sections in reading order: pairs as the link set orders them (by their first UN provision),
/// each UN-only provision before the first section that starts later in the UN text, each
/// Budapest-only provision after the section showing the Budapest text closest before it.
fn in_reading_order(
    library: &Library,
    pairs: Vec<PairSection>,
    one_sided: Vec<PairSection>,
) -> Vec<PairSection> {
    let positions = |ids: &[String]| -> Vec<usize> {
        ids.iter()
            .filter_map(|id| library.resolve(id).map(|(_, ix)| ix))
            .collect()
    };
    let mut sections = pairs;
    for section in one_sided {
        let at = match section.only_in {
            Some(Side::Revision) => {
                let own = positions(&section.uncc_ids).into_iter().min();
                sections
                    .iter()
                    .position(|other| {
                        positions(&other.uncc_ids)
                            .into_iter()
                            .min()
                            .is_some_and(|p| Some(p) > own)
                    })
                    .unwrap_or(sections.len())
            }
            _ => {
                let own = positions(&section.bc_ids).into_iter().min().unwrap_or(0);
                let closest_before = |other: &PairSection| {
                    positions(&other.bc_ids)
                        .into_iter()
                        .filter(|&p| p < own)
                        .max()
                };
                sections
                    .iter()
                    .enumerate()
                    .filter_map(|(index, other)| Some((closest_before(other)?, index)))
                    .max()
                    .map_or(0, |(_, index)| index + 1)
            }
        };
        sections.insert(at, section);
    }
    sections
}

/// Numbers every note in the order a reader meets its mark: section by section, within a section by
/// the row and column its words are in (UN column first) and where its mark stands — at the start
/// of the sentence for a whole provision, after the quoted words otherwise, as footnote references
/// stand — notes without a place in the table after them; the appendix numbers on.
fn number_in_reading_order(sections: &mut [PairSection], appendix: &mut [NoteView]) {
    let mut number = 0;
    for section in sections.iter_mut() {
        let placements = section.note_placements();
        let place = |index: usize| {
            placements
                .iter()
                .find(|p| p.note == index)
                .map_or((usize::MAX, 2, 0), |p| {
                    let mark = if p.exact { p.range.end } else { 0 };
                    (p.row, usize::from(p.side == Side::Base), mark)
                })
        };
        let mut order: Vec<usize> = (0..section.notes.len()).collect();
        order.sort_by_key(|&index| place(index));
        let mut notes: Vec<Option<NoteView>> = std::mem::take(&mut section.notes)
            .into_iter()
            .map(Some)
            .collect();
        section.notes = order
            .into_iter()
            .filter_map(|index| notes.get_mut(index).and_then(Option::take))
            .collect();
        for note in &mut section.notes {
            number += 1;
            note.number = number;
        }
    }
    for note in appendix {
        number += 1;
        note.number = number;
    }
}

/// One line per treaty: name, adoption, source.
fn sources(library: &Library) -> Vec<String> {
    Side::ALL
        .iter()
        .map(|&key| {
            let meta = &library.treaty(key).meta;
            // An instrument that is not a shipped treaty has no adoption facts, only its source line.
            if meta.adopted.is_empty() {
                format!("{}: source: {}", meta.short_name, meta.source_document)
            } else {
                format!(
                    "{}: adopted {}, {}; source: {}",
                    meta.short_name, meta.adopted, meta.place, meta.source_document
                )
            }
        })
        .collect()
}

fn matrix_view(corpus: &Corpus, row: MatrixRow) -> MatrixView {
    let name = |ids: &[ProvisionId]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| corpus.library.get(id))
            .map(|n| n.pinpoint.clone())
            .collect()
    };
    MatrixView {
        measure: row.measure_name(),
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
    /// The CSV's tables as sheets of a workbook (pairs, notes, matrix, sources).
    Xlsx,
    /// The whole comparison as JSON (links with evidence, aligned rows and marks, notes and replies).
    Json,
    /// The notes as W3C Web Annotation JSON-LD.
    W3c,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::W3c => "jsonld",
        }
    }

    /// Formats that are not text (cannot go to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Pdf | Format::Xlsx)
    }
}

/// Paper size of paginated exports (PDF, DOCX).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Where DOCX notes go: Word comments (on screen, in the Review pane), footnotes (in the body, so
/// they survive printing and conversion), or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NotesMode {
    Comments,
    Footnotes,
    #[default]
    Both,
}

impl NotesMode {
    pub fn comments(self) -> bool {
        matches!(self, NotesMode::Comments | NotesMode::Both)
    }

    pub fn footnotes(self) -> bool {
        matches!(self, NotesMode::Footnotes | NotesMode::Both)
    }
}

/// How a DOCX shows a pair: two columns side by side, or one redlined column (Budapest-only words as
/// tracked deletions, UN-only words as tracked insertions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    #[default]
    Columns,
    Redline,
}

/// How to print a comparison: the format and the options that only change its printing (page
/// size, DOCX notes and layout, CSV byte-order mark), never what it says; see [`Options`] for why
/// the two are apart.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderOptions {
    pub format: Format,
    /// PDF and DOCX page size.
    pub paper: Paper,
    /// DOCX notes as comments, footnotes or both.
    pub notes: NotesMode,
    /// DOCX layout of each pair.
    pub layout: Layout,
    /// CSV: start with a UTF-8 byte-order mark so Excel reads the file as UTF-8.
    pub bom: bool,
}

impl RenderOptions {
    pub fn new(format: Format) -> RenderOptions {
        RenderOptions {
            format,
            paper: Paper::A4,
            notes: NotesMode::Both,
            layout: Layout::Columns,
            bom: true,
        }
    }
}

/// A printed export and what the printer could not do perfectly (e.g. characters no font has).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// One line each, for the user: "no font has … (Tibetan): shown as …".
    pub warnings: Vec<String>,
}

/// Renders a comparison in a format with default options.
pub fn render(comparison: &Comparison, format: Format) -> Vec<u8> {
    render_with(comparison, &RenderOptions::new(format)).bytes
}

/// Renders a comparison as the options say, with warnings.
pub fn render_with(comparison: &Comparison, options: &RenderOptions) -> Rendered {
    let text = |text: String| Rendered {
        bytes: text.into_bytes(),
        warnings: Vec::new(),
    };
    match options.format {
        Format::Html => text(html::render(comparison)),
        Format::Markdown => text(markdown::render(comparison)),
        Format::Xlsx => match xlsx::render(comparison) {
            Ok(bytes) => Rendered {
                bytes,
                warnings: Vec::new(),
            },
            // The caller reports an empty export as one that could not be written.
            Err(error) => Rendered {
                bytes: Vec::new(),
                warnings: vec![format!("the workbook could not be written: {error}")],
            },
        },
        Format::Csv => Rendered {
            bytes: csv::render(comparison, options.bom),
            warnings: Vec::new(),
        },
        Format::Json => text(json::render(comparison)),
        Format::W3c => text(json::render_w3c(comparison)),
        Format::Docx => Rendered {
            bytes: docx::render(comparison, options),
            warnings: Vec::new(),
        },
        Format::Pdf => pdf::render(comparison, options),
    }
}

/// A percentage as printed in exports.
pub(crate) fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

/// The language a user's note is most likely in, from its script, where the script all but names
/// it; the UN's official languages decide for Arabic (ar), Cyrillic (ru) and Han (zh). None for Latin
/// (the English of the treaties or another language: unknown) and for text without letters.
pub fn guess_lang(text: &str) -> Option<&'static str> {
    use unicode_script::{Script, UnicodeScript};
    let script = text
        .chars()
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))?;
    Some(match script {
        Script::Arabic => "ar",
        Script::Cyrillic => "ru",
        Script::Han => {
            if text
                .chars()
                .any(|c| matches!(c.script(), Script::Hiragana | Script::Katakana))
            {
                "ja"
            } else {
                "zh"
            }
        }
        Script::Hiragana | Script::Katakana => "ja",
        Script::Hangul => "ko",
        Script::Greek => "el",
        Script::Hebrew => "he",
        Script::Thai => "th",
        Script::Georgian => "ka",
        Script::Armenian => "hy",
        _ => return None,
    })
}

/// Whether a text reads right to left: its first strong character is right-to-left (as `dir="auto"`).
pub fn is_rtl(text: &str) -> bool {
    use unicode_bidi::BidiClass;
    text.chars()
        .map(unicode_bidi::bidi_class)
        .find(|class| matches!(class, BidiClass::L | BidiClass::R | BidiClass::AL))
        .is_some_and(|class| class != BidiClass::L)
}

/// Drops what no export should carry: control characters other than tab and line breaks (a bell, an
/// escape, C1 controls) and the noncharacters U+FFFE/U+FFFF and U+FDD0–U+FDEF.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let unwanted = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || ('\u{FDD0}'..='\u{FDEF}').contains(&c)
            || (c as u32 & 0xFFFE) == 0xFFFE
    };
    if text.chars().any(unwanted) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !unwanted(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
