//! The search box's state: the query, its hits in both treaties and in the notes, tags and replies of
//! the open layers, the match the user stepped to, and the results list built from them.

use crate::annotations::Layer;
use crate::model::{Library, ProvisionId, TreatyKey};
use crate::search::{self, NoteHit, SearchHit, SearchIndex};

use super::scripts::display_form;

/// Characters of context on each side of a match in the results list.
const SNIPPET_CONTEXT: usize = 48;

/// What a result leads to.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultTarget {
    /// A match in a treaty (index into `SearchState::hits`).
    Match(usize),
    /// A note, tag or reply: the provision it is on.
    Provision(ProvisionId),
}

/// One line of the results list.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultItem {
    /// "Art. 28(4) · Article 28 – Search and seizure of stored electronic data".
    pub place: String,
    /// The words around the match, the match in «guillemets» (notes in their display form).
    pub snippet: String,
    pub target: ResultTarget,
}

/// The results of one treaty or one layer.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultGroup {
    pub title: String,
    pub items: Vec<ResultItem>,
}

pub struct SearchState {
    pub query: String,
    /// The query the hits belong to; hits are recomputed when `query` differs.
    searched: String,
    pub hits: Vec<SearchHit>,
    /// Matches in the open layers' notes, tags and replies.
    pub note_hits: Vec<NoteHit>,
    /// The query and workspace revision `note_hits` and `groups` were built for.
    notes_key: Option<(String, u64)>,
    /// The results list, grouped by treaty and layer.
    pub groups: Vec<ResultGroup>,
    /// Index into `hits` of the match the user stepped to.
    pub current: Option<usize>,
    index: SearchIndex,
}

impl SearchState {
    pub fn new(library: &Library) -> SearchState {
        SearchState {
            query: String::new(),
            searched: String::new(),
            hits: Vec::new(),
            note_hits: Vec::new(),
            notes_key: None,
            groups: Vec::new(),
            current: None,
            index: SearchIndex::new(library),
        }
    }

    pub fn set_query(&mut self, query: String) {
        self.query = query;
    }

    /// Re-runs the search if the query changed; true when the hits changed.
    pub fn refresh(&mut self) -> bool {
        if self.query == self.searched {
            return false;
        }
        self.searched = self.query.clone();
        self.hits = self.index.search(&self.query);
        self.current = None;
        true
    }

    /// Searches the layers' words and rebuilds the results list when the query or the layers
    /// (`revision`) changed; `names` are the layers' names as the window shows them.
    pub fn refresh_results(
        &mut self,
        library: &Library,
        layers: &[Layer],
        names: impl FnOnce() -> Vec<String>,
        revision: u64,
    ) {
        let current = self
            .notes_key
            .as_ref()
            .is_some_and(|(query, seen)| *query == self.searched && *seen == revision);
        if current {
            return;
        }
        self.note_hits = search::search_layers(layers, &self.searched);
        self.groups = self.build_groups(library, &names());
        self.notes_key = Some((self.searched.clone(), revision));
    }

    /// Forces the results list to be rebuilt on the next refresh (after the hits changed).
    fn results_outdated(&mut self) {
        self.notes_key = None;
    }

    fn build_groups(&self, library: &Library, names: &[String]) -> Vec<ResultGroup> {
        let mut groups = Vec::new();
        for key in TreatyKey::ALL {
            let treaty = library.treaty(key);
            let items: Vec<ResultItem> = self
                .hits
                .iter()
                .enumerate()
                .filter(|(_, hit)| hit.treaty == key)
                .map(|(index, hit)| ResultItem {
                    place: format!(
                        "{} · {}",
                        treaty.node(hit.node).pinpoint,
                        treaty.context_title(hit.node)
                    ),
                    snippet: search::excerpt(treaty, hit, SNIPPET_CONTEXT),
                    target: ResultTarget::Match(index),
                })
                .collect();
            if !items.is_empty() {
                groups.push(ResultGroup {
                    title: treaty.meta.short_name.clone(),
                    items,
                });
            }
        }
        for (layer, name) in names.iter().enumerate() {
            let items: Vec<ResultItem> = self
                .note_hits
                .iter()
                .filter(|hit| hit.layer == layer)
                .map(|hit| {
                    let context = library
                        .resolve(&hit.provision)
                        .map(|(key, node)| {
                            let treaty = library.treaty(key);
                            format!(
                                "{} {} · {}",
                                key.short_label(),
                                treaty.node(node).pinpoint,
                                treaty.context_title(node)
                            )
                        })
                        .unwrap_or_else(|| format!("{} (not in the texts)", hit.provision));
                    ResultItem {
                        place: format!("{context} · {}", hit.field.label()),
                        snippet: display_form(&hit.excerpt(SNIPPET_CONTEXT)).into_owned(),
                        target: ResultTarget::Provision(hit.provision.clone()),
                    }
                })
                .collect();
            if !items.is_empty() {
                groups.push(ResultGroup {
                    title: format!("Layer “{name}”"),
                    items,
                });
            }
        }
        groups
    }

    /// Steps to the next (or previous) match, wrapping around; returns it.
    pub fn step(&mut self, forward: bool) -> Option<&SearchHit> {
        if self.refresh() {
            self.results_outdated();
        }
        let count = self.hits.len();
        if count == 0 {
            return None;
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(current), true) => (current + 1) % count,
            (Some(current), false) => (current + count - 1) % count,
        };
        self.current = Some(next);
        self.hits.get(next)
    }

    /// Makes match `index` the current one; returns it.
    pub fn choose(&mut self, index: usize) -> Option<&SearchHit> {
        let hit = self.hits.get(index)?;
        self.current = Some(index);
        Some(hit)
    }

    /// Plain-language summary of the search, e.g. "UN: 12 · Budapest: 30 · notes: 2 · match 3 of 42".
    pub fn summary(&self) -> String {
        if self.searched.trim().is_empty() {
            return String::new();
        }
        let counts = search::count_by_treaty(&self.hits);
        let mut text = format!("UN: {} · Budapest: {}", counts[0].1, counts[1].1);
        if !self.note_hits.is_empty() {
            text.push_str(&format!(" · notes: {}", self.note_hits.len()));
        }
        if let Some(current) = self.current {
            text.push_str(&format!(" · match {} of {}", current + 1, self.hits.len()));
        }
        text
    }
}
