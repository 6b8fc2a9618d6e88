//! What the reader panes mark: the differences of the pair on screen, the words quoted as its evidence,
//! the annotated passages of the visible layers (where the one anchor resolver places them) and the
//! search matches.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::annotations::{Resolution, Resolutions, Workspace};
use crate::diff::PairDiff;
use crate::links::LinkEntry;
use crate::model::{Library, NodeIx, Side};
use crate::search::Field;

use super::marks::Mark;
use super::reader::Highlight;
use super::search::SearchState;

/// The highlights of one treaty's pane other than notes (the pair's differences, its evidence, the
/// search matches), per node, each node's spans in text order.
pub fn pane_highlights(
    key: Side,
    diff: Option<&PairDiff>,
    evidence: &[(NodeIx, Range<usize>)],
    search: &SearchState,
) -> BTreeMap<NodeIx, Vec<Highlight>> {
    let mut map: BTreeMap<NodeIx, Vec<Highlight>> = BTreeMap::new();
    let mut add = |node: NodeIx, field: Field, range: Range<usize>, mark: Mark| {
        map.entry(node)
            .or_default()
            .push(Highlight { field, range, mark });
    };
    for (node, range, change) in diff.into_iter().flat_map(|diff| diff.spans(key)) {
        if let Some(mark) = Mark::of_change(change) {
            add(node, Field::Text, range, mark);
        }
    }
    for (node, range) in evidence {
        add(*node, Field::Text, range.clone(), Mark::Evidence);
    }
    for (index, hit) in search.hits.iter().enumerate() {
        if hit.treaty != key {
            continue;
        }
        let mark = if search.current_hit() == Some(index) {
            Mark::CurrentMatch
        } else {
            Mark::Match
        };
        add(hit.node, hit.field, hit.range.clone(), mark);
    }
    for spans in map.values_mut() {
        spans.sort_by_key(|span| span.range.start);
    }
    map
}

/// The notes' highlights of one treaty's pane, per node, each node's spans in text order.
pub fn note_highlights(notes: &[(NodeIx, Range<usize>)]) -> BTreeMap<NodeIx, Vec<Highlight>> {
    let mut map: BTreeMap<NodeIx, Vec<Highlight>> = BTreeMap::new();
    for (node, range) in notes {
        map.entry(*node).or_default().push(Highlight {
            field: Field::Text,
            range: range.clone(),
            mark: Mark::Annotated,
        });
    }
    for spans in map.values_mut() {
        spans.sort_by_key(|span| span.range.start);
    }
    map
}

/// Highlight ranges (node, byte range) in one treaty for every note of the visible layers, where the
/// anchor resolver found it (the ranges exports place notes on). A whole-provision note is an empty
/// range: a margin marker only, so layers that mark many provisions, like the safeguards layer, do not
/// drown the text.
pub fn note_ranges(
    workspace: &Workspace,
    resolutions: &Resolutions,
    library: &Library,
    key: Side,
) -> Vec<(NodeIx, Range<usize>)> {
    let mut out = Vec::new();
    for layer in &workspace.layers {
        if !layer.visible {
            continue;
        }
        for (position, annotation) in layer.file.annotations.iter().enumerate() {
            let node = match library.resolve(&annotation.anchor.provision) {
                Some((side, node)) if side == key => node,
                _ => continue,
            };
            match resolutions.get(layer.id, position) {
                Some(Resolution::Exact(range)) if range.is_empty() => out.push((node, 0..0)),
                Some(resolution) => out.extend(resolution.range().map(|range| (node, range))),
                None => {}
            }
        }
    }
    out
}

/// Where the evidence quotes of a link lie in one treaty (node, byte range of its text).
pub fn evidence_ranges(
    link: &LinkEntry,
    library: &Library,
    key: Side,
) -> Vec<(NodeIx, Range<usize>)> {
    link.evidence
        .iter()
        .filter(|evidence| library.side_of(&evidence.provision) == Some(key))
        .flat_map(|evidence| evidence.places(library))
        .map(|(_, node, range)| (node, range))
        .collect()
}
