//! Pair view state: which link of the [`LinkSet`] is shown, and suggestions. Diffs come from the
//! comparison service (`Corpus::comparisons`), which computes each pair once.

use std::sync::Arc;

use crate::annotations::Workspace;
use crate::corpus::Corpus;
use crate::diff::{Change, PairDiff};
use crate::links::{LinkEntry, LinkSet};
use crate::model::{Library, ProvisionId, Side};
use crate::suggest::{Suggestion, SuggestionIndex};

/// Links shown in pair view: the shipped crosswalk and the links of the visible layers.
pub struct PairState {
    pub links: LinkSet,
    /// The workspace revision `links` was built from.
    links_revision: Option<u64>,
    /// The pair on screen, as an index into `links.entries()`.
    pub current: Option<usize>,
    suggestion_index: Option<SuggestionIndex>,
    /// Suggestions for the provision with this ID.
    pub suggestions: Option<(String, Vec<Suggestion>)>,
}

impl PairState {
    pub fn new(corpus: &Corpus) -> PairState {
        PairState {
            links: corpus.shipped_links(),
            links_revision: None,
            current: None,
            suggestion_index: None,
            suggestions: None,
        }
    }

    /// Rebuilds the link set when the layers changed; the pair on screen stays when it survives.
    pub fn refresh(&mut self, corpus: &Corpus, workspace: &Workspace) {
        if self.links_revision == Some(workspace.revision()) {
            return;
        }
        let current = self.current_link().map(|link| link.origin.clone());
        self.links = LinkSet::new(&corpus.crosswalk, &workspace.layers, &corpus.library);
        self.links_revision = Some(workspace.revision());
        self.current = current.and_then(|origin| self.links.find(&origin));
    }

    /// The link on screen.
    pub fn current_link(&self) -> Option<&LinkEntry> {
        self.links.get(self.current?)
    }

    /// Pairs touching the provision `id` (it, its parts or what contains it), in treaty order.
    pub fn links_for(&self, id: &str) -> Vec<usize> {
        self.links.pairs_touching(id)
    }

    /// The pairs touching `id` that name it most closely: the provision itself if a pair does, else
    /// its nearest ancestor (a paragraph's article), else what lies inside it; in treaty order.
    pub fn closest_links(&self, id: &ProvisionId) -> Vec<usize> {
        let links = self.links_for(id);
        let closeness = |link: usize| {
            let depth = |id: &ProvisionId| id.as_str().matches("__").count();
            // The side `id` is on: the one whose ends overlap it (each side is one instrument).
            let on_side = |entry: &LinkEntry| {
                Side::ALL
                    .into_iter()
                    .find(|&key| entry.sides[key].iter().any(|end| end.overlaps(id)))
            };
            self.links
                .get(link)
                .and_then(|entry| Some((entry, on_side(entry)?)))
                .map_or(&[][..], |(entry, key)| &entry.sides[key][..])
                .iter()
                .map(|end| {
                    if id.is_within(end) {
                        depth(id) - depth(end).min(depth(id))
                    } else {
                        100 + depth(end).saturating_sub(depth(id))
                    }
                })
                .min()
                .unwrap_or(usize::MAX)
        };
        let best = links.iter().map(|&link| closeness(link)).min();
        links
            .into_iter()
            .filter(|&link| Some(closeness(link)) == best)
            .collect()
    }

    /// The diff of a pair in one terminology mode.
    pub fn diff(&self, corpus: &Corpus, link: usize, terms: bool) -> Option<Arc<PairDiff>> {
        let entry = self.links.get(link)?;
        Some(corpus.comparisons.link(&corpus.library, entry, terms))
    }

    /// Position of the current pair in treaty order, 1-based, with the total.
    pub fn position(&self) -> Option<(usize, usize)> {
        let current = self.current?;
        let pairs = self.links.pairs();
        pairs
            .iter()
            .position(|&index| index == current)
            .map(|p| (p + 1, pairs.len()))
    }

    /// The next (or previous) pair in treaty order, wrapping around.
    pub fn step(&self, forward: bool) -> Option<usize> {
        let pairs = self.links.pairs();
        let count = pairs.len();
        if count == 0 {
            return None;
        }
        let at = self
            .current
            .and_then(|current| pairs.iter().position(|&index| index == current));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(at), true) => (at + 1) % count,
            (Some(at), false) => (at + count - 1) % count,
        };
        Some(pairs[next])
    }

    /// Computes (once per provision) the suggested counterparts of `id`.
    pub fn suggest(&mut self, corpus: &Corpus, id: &str) {
        if self
            .suggestions
            .as_ref()
            .is_some_and(|(for_id, _)| for_id == id)
        {
            return;
        }
        let index = self.suggestion_index.get_or_insert_with(|| {
            SuggestionIndex::new(&corpus.library, corpus.comparisons.normaliser())
        });
        let list = index.suggest(&corpus.library, id, 5);
        self.suggestions = Some((id.to_owned(), list));
    }
}

/// Plain description of a change for tooltips and the legend, naming the side's instrument.
pub fn change_description(library: &Library, change: Change) -> String {
    match change {
        Change::Equal => "same words".to_owned(),
        Change::Equivalent => "equivalent term (dimmed)".to_owned(),
        Change::Deleted => format!(
            "only in {} (struck through)",
            side_phrase(library, Side::Base)
        ),
        Change::Inserted => format!(
            "only in {} (underlined)",
            side_phrase(library, Side::Revision)
        ),
    }
}

/// The instrument on a side as a sentence names it: "the UN Convention", "the Budapest Convention",
/// "the Cybercrime Bill".
pub fn side_phrase(library: &Library, key: Side) -> String {
    instrument_phrase(&library.treaty(key).instrument)
}

/// An instrument as a sentence names it ([`side_phrase`]).
pub fn instrument_phrase(instrument: &crate::instrument::Instrument) -> String {
    match instrument.key().shipped_side() {
        Some(Side::Revision) => "the UN Convention".to_owned(),
        Some(Side::Base) => "the Budapest Convention".to_owned(),
        None => format!("the {}", instrument.info.short_name),
    }
}
