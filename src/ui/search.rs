//! The search box's state: the query, its matches in both treaties and in the notes, tags and replies
//! of the open layers, ranked together by the core's [`search::rank`] (most relevant first), the
//! result the user stepped to, and the results list built from them.

use crate::annotations::Layer;
use crate::definitions::Definition;
use crate::model::{Library, PerSide, ProvisionId, Side};
use crate::search::{self, Found, NoteHit, Ranked, SearchHit, SearchIndex};

use super::scripts::display_form;

/// Characters of context on each side of a match in the results list.
const SNIPPET_CONTEXT: usize = 48;

/// One line of the results list.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultItem {
    /// "UN Art. 28(4) · Article 28 – Search and seizure of stored electronic data", and for a note
    /// "· note in “My annotations”".
    pub place: String,
    /// The words around the match, the match in «guillemets» (notes in their display form).
    pub snippet: String,
}

/// What the search needs from the window to rank its results: the texts, their definitions, the
/// open layers (and their names as shown) and the layers' revision.
pub struct SearchContext<'a> {
    pub library: &'a Library,
    pub definitions: &'a [Definition],
    pub layers: &'a [Layer],
    pub names: &'a dyn Fn() -> Vec<String>,
    pub revision: u64,
}

pub struct SearchState {
    pub query: String,
    /// The query and layers' revision the matches and results belong to.
    searched: Option<(String, u64)>,
    pub hits: Vec<SearchHit>,
    /// Matches in the open layers' notes, tags and replies.
    pub note_hits: Vec<NoteHit>,
    /// Every match, text and notes together, most relevant first.
    pub ranked: Vec<Ranked>,
    /// The results list: one line per entry of `ranked`.
    pub results: Vec<ResultItem>,
    /// Index into `ranked` of the result the user stepped to.
    pub current: Option<usize>,
    index: SearchIndex,
    /// The names the sides' instruments are cited with ("UN", "Budapest", "Cybercrime Bill").
    side_names: PerSide<String>,
}

impl SearchState {
    pub fn new(library: &Library) -> SearchState {
        SearchState {
            query: String::new(),
            searched: None,
            hits: Vec::new(),
            note_hits: Vec::new(),
            ranked: Vec::new(),
            results: Vec::new(),
            current: None,
            index: SearchIndex::new(library),
            side_names: PerSide::from_fn(|key| library.treaty(key).citation_label().to_owned()),
        }
    }

    pub fn set_query(&mut self, query: String) {
        self.query = query;
    }

    /// Searches again when the query or the layers changed; true when the matches changed.
    pub fn refresh(&mut self, context: &SearchContext<'_>) -> bool {
        let key = (self.query.clone(), context.revision);
        if self.searched.as_ref() == Some(&key) {
            return false;
        }
        let query_changed = self.searched.as_ref().is_none_or(|(q, _)| *q != key.0);
        // After an edit to the layers, the result stepped to stays current (found again by what it is).
        let stepped_to = self
            .current
            .and_then(|current| self.ranked.get(current))
            .filter(|_| !query_changed)
            .and_then(|ranked| self.identity(ranked.found));
        if query_changed {
            self.hits = self.index.search(&self.query);
        }
        self.note_hits = search::search_layers(context.layers, &self.query);
        self.ranked = search::rank(
            context.library,
            context.definitions,
            &self.hits,
            &self.note_hits,
        );
        self.results = self.result_items(context.library, &(context.names)());
        self.current = stepped_to.and_then(|wanted| {
            self.ranked
                .iter()
                .position(|ranked| self.identity(ranked.found).as_ref() == Some(&wanted))
        });
        self.searched = Some(key);
        true
    }

    /// What a result is, whatever its place in the lists: a text match by its index (the texts do
    /// not change), a note match by its layer, item, field and words.
    fn identity(&self, found: Found) -> Option<ResultIdentity> {
        match found {
            Found::Text(index) => Some(ResultIdentity::Text(index)),
            Found::Note(index) => self.note_hits.get(index).map(|hit| {
                ResultIdentity::Note(hit.layer, hit.item.clone(), hit.field, hit.range.clone())
            }),
        }
    }

    fn result_items(&self, library: &Library, names: &[String]) -> Vec<ResultItem> {
        self.ranked
            .iter()
            .filter_map(|ranked| match ranked.found {
                Found::Text(index) => Some(text_item(library, self.hits.get(index)?)),
                Found::Note(index) => {
                    let hit = self.note_hits.get(index)?;
                    let layer = names.get(hit.layer).map_or("", String::as_str);
                    Some(note_item(library, hit, layer))
                }
            })
            .collect()
    }

    /// The text match the user stepped to, if the current result is one (index into `hits`).
    pub fn current_hit(&self) -> Option<usize> {
        match self.ranked.get(self.current?)?.found {
            Found::Text(index) => Some(index),
            Found::Note(_) => None,
        }
    }

    /// Steps to the next (or previous) result, most relevant first, wrapping around.
    pub fn step(&mut self, forward: bool) -> Option<Found> {
        let count = self.ranked.len();
        if count == 0 {
            return None;
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(current), true) => (current + 1) % count,
            (Some(current), false) => (current + count - 1) % count,
        };
        self.choose(next)
    }

    /// Makes result `index` the current one; returns it.
    pub fn choose(&mut self, index: usize) -> Option<Found> {
        let ranked = self.ranked.get(index)?;
        self.current = Some(index);
        Some(ranked.found)
    }

    /// Where a result is: the treaty and node of a text match, the provision a note is on.
    pub fn place_of(&self, found: Found) -> Option<Place> {
        match found {
            Found::Text(index) => self.hits.get(index).map(|h| Place::Node(h.treaty, h.node)),
            Found::Note(index) => self
                .note_hits
                .get(index)
                .map(|h| Place::Provision(h.provision.clone())),
        }
    }

    /// Plain-language summary of the search, e.g. "UN: 12 · Budapest: 30 · notes: 2 · result 3 of 44".
    pub fn summary(&self) -> String {
        if self.query.trim().is_empty() {
            return String::new();
        }
        let counts = search::count_by_treaty(&self.hits);
        let mut text = format!(
            "{}: {} · {}: {}",
            self.side_names.revision, counts[0].1, self.side_names.base, counts[1].1
        );
        if !self.note_hits.is_empty() {
            text.push_str(&format!(" · notes: {}", self.note_hits.len()));
        }
        if let Some(current) = self.current {
            text.push_str(&format!(
                " · result {} of {}",
                current + 1,
                self.ranked.len()
            ));
        }
        text
    }
}

/// A result as [`SearchState::identity`] names it.
#[derive(Clone, Debug, PartialEq)]
enum ResultIdentity {
    Text(usize),
    Note(usize, String, search::NoteField, std::ops::Range<usize>),
}

/// Where a search result leads.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    Node(Side, crate::model::NodeIx),
    Provision(ProvisionId),
}

/// A treaty match's line in the results list: its treaty, pinpoint and article.
fn text_item(library: &Library, hit: &SearchHit) -> ResultItem {
    let treaty = library.treaty(hit.treaty);
    ResultItem {
        place: format!(
            "{} {} · {}",
            library.treaty(hit.treaty).citation_label(),
            treaty.node(hit.node).pinpoint,
            treaty.context_title(hit.node)
        ),
        snippet: search::excerpt(treaty, hit, SNIPPET_CONTEXT),
    }
}

/// A note's line in the results list: its provision, the kind of words matched and its layer.
fn note_item(library: &Library, hit: &NoteHit, layer: &str) -> ResultItem {
    let context = library
        .resolve(&hit.provision)
        .map(|(key, node)| {
            let treaty = library.treaty(key);
            format!(
                "{} {} · {}",
                library.treaty(key).citation_label(),
                treaty.node(node).pinpoint,
                treaty.context_title(node)
            )
        })
        .unwrap_or_else(|| format!("{} (not in the texts)", hit.provision));
    ResultItem {
        place: format!("{context} · {} in “{layer}”", hit.field.label()),
        snippet: display_form(&hit.excerpt(SNIPPET_CONTEXT)).into_owned(),
    }
}
