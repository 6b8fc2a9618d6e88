//! Pair view state: which crosswalk link is shown, its cached diffs, suggestions and the user's own links.

use std::collections::HashMap;
use std::sync::Arc;

use crate::corpus::Corpus;
use crate::crosswalk::{Link, Relation, Theme, treaty_order};
use crate::diff::{Change, PairDiff, diff_pair};
use crate::model::TreatyKey;
use crate::suggest::{Suggestion, SuggestionIndex};

/// Links shown in pair view: the shipped crosswalk followed by links the user made this session.
pub struct PairState {
    /// Shipped links, then user links (from suggestions).
    pub links: Vec<Link>,
    pub shipped_count: usize,
    /// Link indices in treaty order (by UN provision, then Budapest).
    pub order: Vec<usize>,
    /// The link on screen, as an index into `links`.
    pub current: Option<usize>,
    diffs: HashMap<(usize, bool), Arc<PairDiff>>,
    suggestion_index: Option<SuggestionIndex>,
    /// Suggestions for the provision with this ID.
    pub suggestions: Option<(String, Vec<Suggestion>)>,
}

impl PairState {
    pub fn new(corpus: &Corpus) -> PairState {
        let mut state = PairState {
            links: corpus.crosswalk.links.clone(),
            shipped_count: corpus.crosswalk.links.len(),
            order: Vec::new(),
            current: None,
            diffs: HashMap::new(),
            suggestion_index: None,
            suggestions: None,
        };
        state.reorder(corpus);
        state
    }

    fn reorder(&mut self, corpus: &Corpus) {
        self.order = treaty_order(&self.links, &corpus.library);
    }

    pub fn is_user_link(&self, index: usize) -> bool {
        index >= self.shipped_count
    }

    /// Links touching the provision `id` (it, its parts or what contains it), in treaty order.
    pub fn links_for(&self, id: &str) -> Vec<usize> {
        let Some(key) = TreatyKey::of_id(id) else {
            return Vec::new();
        };
        self.order
            .iter()
            .copied()
            .filter(|&index| {
                self.links[index].ids(key).iter().any(|linked| {
                    crate::crosswalk::is_within(linked, id)
                        || crate::crosswalk::is_within(id, linked)
                })
            })
            .collect()
    }

    /// The diff of a link, computed once per terminology setting.
    pub fn diff(&mut self, corpus: &Corpus, link: usize, terms: bool) -> Option<Arc<PairDiff>> {
        if let Some(diff) = self.diffs.get(&(link, terms)) {
            return Some(Arc::clone(diff));
        }
        let entry = self.links.get(link)?;
        let diff = Arc::new(diff_pair(
            &corpus.library,
            &entry.uncc,
            &entry.bc,
            &corpus.normaliser,
            terms,
        ));
        self.diffs.insert((link, terms), Arc::clone(&diff));
        Some(diff)
    }

    /// Position of the current link in treaty order, 1-based, with the total.
    pub fn position(&self) -> Option<(usize, usize)> {
        let current = self.current?;
        self.order
            .iter()
            .position(|&index| index == current)
            .map(|p| (p + 1, self.order.len()))
    }

    /// The next (or previous) link in treaty order, wrapping around.
    pub fn step(&self, forward: bool) -> Option<usize> {
        let count = self.order.len();
        if count == 0 {
            return None;
        }
        let at = self
            .current
            .and_then(|current| self.order.iter().position(|&index| index == current));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(at), true) => (at + 1) % count,
            (Some(at), false) => (at + count - 1) % count,
        };
        Some(self.order[next])
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
        let index = self
            .suggestion_index
            .get_or_insert_with(|| SuggestionIndex::new(&corpus.library, &corpus.normaliser));
        let list = index.suggest(&corpus.library, id, 5);
        self.suggestions = Some((id.to_owned(), list));
    }

    /// Replaces the user's links (shipped links stay first); keeps the current pair when it survives.
    pub fn set_user_links(&mut self, corpus: &Corpus, user_links: Vec<Link>) {
        let current = self
            .current
            .and_then(|index| self.links.get(index))
            .map(|link| (link.uncc.clone(), link.bc.clone()));
        self.links.truncate(self.shipped_count);
        self.links.extend(user_links);
        self.diffs
            .retain(|(index, _), _| *index < self.shipped_count);
        self.reorder(corpus);
        self.current = current.and_then(|(uncc, bc)| self.find(&uncc, &bc));
    }

    /// The index of the link with exactly these ends, if any.
    pub fn find(&self, uncc: &[String], bc: &[String]) -> Option<usize> {
        self.links
            .iter()
            .position(|link| link.uncc == uncc && link.bc == bc)
    }
}

/// Links between the two treaties that users made in visible layers (`Corresponds` links whose ends
/// lie in both treaties), as crosswalk links for pair view.
pub fn user_links(layers: &[crate::annotations::Layer]) -> Vec<Link> {
    use crate::annotations::LinkRelation;
    let mut links = Vec::new();
    for layer in layers.iter().filter(|layer| layer.visible) {
        for link in layer
            .file
            .links
            .iter()
            .filter(|l| l.relation == LinkRelation::Corresponds)
        {
            let ids = |key: TreatyKey| -> Vec<String> {
                link.ends
                    .iter()
                    .filter(|end| TreatyKey::of_id(&end.provision) == Some(key))
                    .map(|end| end.provision.clone())
                    .collect()
            };
            let (uncc, bc) = (ids(TreatyKey::Uncc), ids(TreatyKey::Bc));
            if !uncc.is_empty() && !bc.is_empty() {
                let rationale = if link.note.is_empty() {
                    format!("Your link ({}).", layer.name())
                } else {
                    link.note.clone()
                };
                links.push(Link {
                    uncc,
                    bc,
                    relation: Relation::Related,
                    theme: Theme::Scope,
                    rationale,
                    evidence: Vec::new(),
                });
            }
        }
    }
    links
}

/// Plain description of a change for tooltips and the legend.
pub fn change_description(change: Change) -> &'static str {
    match change {
        Change::Equal => "same words",
        Change::Equivalent => "equivalent term (dimmed)",
        Change::Deleted => "only in the Budapest Convention (struck through)",
        Change::Inserted => "only in the UN Convention (underlined)",
    }
}
