//! A stop's texts with their marks: the differences between the two sides (from the comparison
//! service), the teacher's highlights and the words its links quote as evidence (both found by
//! [`crate::quote`]), as byte ranges of each line. Presentation mode draws these marked lines.

use std::ops::Range;

use serde::Serialize;

use super::{ShownProvision, StopView};
use crate::corpus::Corpus;
use crate::diff::{Change, Sentence};
use crate::model::{Library, NodeIx, PerSide, Side};

/// How a run of words is marked. Each mark has a cue besides colour where it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Only in the Budapest Convention: struck through.
    Deleted,
    /// Only in the UN Convention: underlined.
    Inserted,
    /// An equivalent term: dimmed.
    Equivalent,
    /// Words the teacher highlighted.
    Highlight,
    /// Words a link of the stop quotes as evidence: boxed.
    Evidence,
}

/// One line of a shown provision: a node's label and own text, and its marks (byte ranges of `text`,
/// sorted by start; a highlight may overlap a change).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarkedLine {
    /// Steps of indentation under the shown provision.
    pub depth: u8,
    pub label: String,
    pub text: String,
    pub marks: Vec<(Range<usize>, Mark)>,
}

impl MarkedLine {
    /// The text cut where marks start and end: each run with the marks that cover it, in order.
    pub fn runs(&self) -> Vec<(&str, Vec<Mark>)> {
        let text = &self.text;
        let mut cuts: Vec<usize> = vec![0, text.len()];
        for (range, _) in &self.marks {
            cuts.extend([range.start.min(text.len()), range.end.min(text.len())]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts.windows(2)
            .filter_map(|pair| {
                let (start, end) = (pair[0], pair[1]);
                let words = text.get(start..end)?;
                let marks = self
                    .marks
                    .iter()
                    .filter(|(range, _)| range.start <= start && end <= range.end)
                    .map(|(_, mark)| *mark)
                    .collect();
                Some((words, marks))
            })
            .collect()
    }
}

/// A shown provision: its pinpoint, where it sits, and its lines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarkedText {
    pub pinpoint: String,
    pub title: String,
    pub lines: Vec<MarkedLine>,
}

/// One piece of the merged (inline) text: words of the UN text, of the Budapest text, or both.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InlinePiece {
    /// Whether a space goes before it (as the words stood in the treaty text).
    pub space_before: bool,
    pub text: String,
    /// For an equivalent term, the Budapest words it stands for; empty otherwise.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub replaces: String,
    pub change: Change,
}

/// A stop's texts, marked, side by side and merged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarkedStop {
    pub sides: PerSide<Vec<MarkedText>>,
    /// The merged text, sentence by sentence.
    pub inline: Vec<Vec<InlinePiece>>,
}

impl StopView {
    /// The stop's texts with the differences between its two sides (`terms`: equivalent terms count as
    /// equal) and its highlights marked.
    pub fn marked(&self, corpus: &Corpus, terms: bool) -> MarkedStop {
        let library = &corpus.library;
        let diff = corpus.comparisons.provisions(library, &self.ids(), terms);
        // Words are marked as differences only where two texts say the same thing differently: a
        // provision shown alone, or beside one merely on the same theme ("Related"), would be struck
        // through or underlined whole, which says nothing and reads as "deleted".
        let related = crate::crosswalk::Relation::Related.to_string();
        let only_related =
            !self.links.is_empty() && self.links.iter().all(|link| link.relation == related);
        let compared = self.sides.iter().all(|(_, side)| !side.is_empty()) && !only_related;
        let mut marks: PerSide<Vec<(NodeIx, Range<usize>, Mark)>> = PerSide::from_fn(|key| {
            if !compared {
                return Vec::new();
            }
            diff.spans(key)
                .into_iter()
                .filter_map(|(node, range, change)| {
                    let mark = match change {
                        Change::Deleted => Mark::Deleted,
                        Change::Inserted => Mark::Inserted,
                        Change::Equivalent => Mark::Equivalent,
                        Change::Equal => return None,
                    };
                    Some((node, range, mark))
                })
                .collect()
        });
        for highlight in &self.highlights {
            for place in &highlight.places {
                if let Some((key, node)) = library.resolve(&place.node) {
                    marks[key].push((node, place.range.clone(), Mark::Highlight));
                }
            }
        }
        let evidence = self.links.iter().flat_map(|link| &link.evidence);
        for (key, node, range) in evidence.flat_map(|evidence| evidence.places(library)) {
            marks[key].push((node, range, Mark::Evidence));
        }
        let sides = PerSide::from_fn(|key| {
            self.sides[key]
                .iter()
                .map(|shown| marked_text(library, key, shown, &marks[key]))
                .collect()
        });
        let inline = diff
            .rows
            .iter()
            .map(|row| {
                let text = |side: &Option<Sentence>| {
                    side.as_ref()
                        .map_or("", |sentence| crate::diff::text_of(library, sentence))
                };
                row.diff
                    .merged(text(&row.base), text(&row.revision))
                    .into_iter()
                    .map(|piece| InlinePiece {
                        space_before: piece.space_before,
                        text: piece.text.to_owned(),
                        replaces: piece.replaces.to_owned(),
                        change: piece.change,
                    })
                    .collect()
            })
            .collect();
        MarkedStop { sides, inline }
    }
}

/// A shown provision's lines (it and everything inside it), each with its marks.
fn marked_text(
    library: &Library,
    key: Side,
    shown: &ShownProvision,
    marks: &[(NodeIx, Range<usize>, Mark)],
) -> MarkedText {
    let treaty = library.treaty(key);
    let lines = match treaty.index_of(&shown.id) {
        Some(start) => {
            let base = treaty.node(start).depth;
            (start..treaty.subtree_end(start))
                .map(|ix| (ix, treaty.node(ix)))
                .filter(|(_, node)| !node.text.is_empty())
                .map(|(ix, node)| {
                    let mut own: Vec<(Range<usize>, Mark)> = marks
                        .iter()
                        .filter(|(at, range, _)| *at == ix && range.end <= node.text.len())
                        .map(|(_, range, mark)| (range.clone(), *mark))
                        .collect();
                    own.sort_by_key(|(range, _)| range.start);
                    MarkedLine {
                        depth: node.depth.saturating_sub(base),
                        label: node.label.clone().unwrap_or_default(),
                        text: node.text.clone(),
                        marks: own,
                    }
                })
                .collect()
        }
        None => Vec::new(),
    };
    MarkedText {
        pinpoint: shown.pinpoint.clone(),
        title: shown.title.clone(),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cut_the_text_where_marks_start_and_end() {
        let line = MarkedLine {
            depth: 0,
            label: "1.".into(),
            text: "one two three four".into(),
            marks: vec![(4..13, Mark::Inserted), (8..13, Mark::Highlight)],
        };
        let runs: Vec<(&str, Vec<Mark>)> = line.runs();
        assert_eq!(
            runs,
            vec![
                ("one ", vec![]),
                ("two ", vec![Mark::Inserted]),
                ("three", vec![Mark::Inserted, Mark::Highlight]),
                (" four", vec![]),
            ]
        );
    }
}
