//! Cross-references in an exported text that name a provision the export also shows: each becomes an
//! internal link to the pair that shows it (an HTML anchor, a PDF link, a Word bookmark). References
//! to provisions outside the export stay plain words.

use std::ops::Range;

use crate::corpus::Corpus;
use crate::model::{Side, is_within};

use super::PairSection;

/// A reference in one side of one row of a pair's table, and the exported pair it leads to.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceLink {
    pub row: usize,
    pub side: Side,
    /// Byte range of the reference's words in that side's sentence.
    pub range: Range<usize>,
    /// The words as printed ("Articles 14 and 15").
    pub words: String,
    /// "Budapest Art. 14": the provision named that the export shows.
    pub target: String,
    /// The anchor (bookmark) of the pair that shows it, and that pair's title.
    pub anchor: String,
    pub title: String,
}

/// Finds, for every exported sentence, the references whose target some exported pair shows.
pub(super) fn add_reference_links(sections: &mut [PairSection], corpus: &Corpus) {
    let shown: Vec<(String, String, Vec<String>)> = sections
        .iter()
        .map(|section| {
            let ids = section
                .revision_ids
                .iter()
                .chain(&section.base_ids)
                .cloned()
                .collect();
            (section.anchor.clone(), section.title(), ids)
        })
        .collect();
    // The first exported pair showing the provision, or something in it, or the article it is in.
    let pair_of = |target: &str| {
        shown.iter().find(|(_, _, ids)| {
            ids.iter()
                .any(|id| is_within(target, id) || is_within(id, target))
        })
    };
    for section in sections.iter_mut() {
        let mut links = Vec::new();
        for (row_index, row) in section.rows.iter().enumerate() {
            for (side, id, start, segments) in row.sides() {
                let length: usize = segments.iter().map(|s| s.text.len()).sum();
                for reference in corpus.references.in_text_of(id) {
                    let inside =
                        reference.range.start >= start && reference.range.end <= start + length;
                    let target = reference
                        .targets
                        .iter()
                        .find_map(|target| pair_of(target).map(|pair| (target, pair)));
                    let (true, Some((target, (anchor, title, _)))) = (inside, target) else {
                        continue;
                    };
                    let target_label = crate::pinpoint::label_of(&corpus.library, target);
                    links.push(ReferenceLink {
                        row: row_index,
                        side,
                        range: reference.range.start - start..reference.range.end - start,
                        words: reference.words.clone(),
                        target: target_label,
                        anchor: anchor.clone(),
                        title: title.clone(),
                    });
                }
            }
        }
        section.references = links;
    }
}

/// Where a sentence is cut so that each piece lies wholly inside or outside every note's words and
/// every reference: the ends of `ranges` and of `references`, sorted, once each.
pub fn cut_points(
    ranges: impl Iterator<Item = Range<usize>>,
    references: &[&ReferenceLink],
) -> Vec<usize> {
    let mut points: Vec<usize> = ranges
        .chain(references.iter().map(|link| link.range.clone()))
        .flat_map(|range| [range.start, range.end])
        .collect();
    points.sort_unstable();
    points.dedup();
    points
}

impl PairSection {
    /// The links in one cell of the pair's table, in text order.
    pub fn cell_references(&self, row: usize, side: Side) -> Vec<&ReferenceLink> {
        self.references
            .iter()
            .filter(|link| link.row == row && link.side == side)
            .collect()
    }
}
