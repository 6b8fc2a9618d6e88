//! The search box's state: the query, its hits in both treaties and the match the user stepped to.

use crate::model::Library;
use crate::search::{self, SearchHit, SearchIndex};

pub struct SearchState {
    pub query: String,
    /// The query the hits belong to; hits are recomputed when `query` differs.
    searched: String,
    pub hits: Vec<SearchHit>,
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

    /// Steps to the next (or previous) match, wrapping around; returns it.
    pub fn step(&mut self, forward: bool) -> Option<&SearchHit> {
        self.refresh();
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

    /// Plain-language summary of the search, e.g. "UN: 12 · Budapest: 30 · match 3 of 42".
    pub fn summary(&self) -> String {
        if self.searched.trim().is_empty() {
            return String::new();
        }
        let counts = search::count_by_treaty(&self.hits);
        let mut text = format!("UN: {} · Budapest: {}", counts[0].1, counts[1].1);
        if let Some(current) = self.current {
            text.push_str(&format!(" · match {} of {}", current + 1, self.hits.len()));
        }
        text
    }
}
