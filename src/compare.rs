//! The comparison service: the one way to diff two sets of provisions. It owns the terminology
//! normaliser and computes each pair's plain and terminology-aware diffs once (one sentence alignment
//! for both), caching them for every view — pair view, the inline view, the command line and exports.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::diff::{Normaliser, PairDiff, TermTable, diff_pair_both};
use crate::instrument::InstrumentKey;
use crate::links::LinkEntry;
use crate::model::{Library, PerSide, ProvisionId, Side};

/// Both modes of one comparison.
#[derive(Clone, Debug)]
pub struct PairDiffs {
    pub plain: Arc<PairDiff>,
    pub terms: Arc<PairDiff>,
}

impl PairDiffs {
    /// The diff in one mode: with terminology normalisation (`terms`) or word for word.
    pub fn mode(&self, terms: bool) -> &Arc<PairDiff> {
        if terms { &self.terms } else { &self.plain }
    }
}

/// Diffs provisions of the two sides, each pair once, with the term table of the two instruments
/// on them where there is one.
pub struct Comparisons {
    /// One normaliser per term table and reading direction, by the instruments on the (revision,
    /// base) sides it folds; the shipped table's first.
    normalisers: Vec<((InstrumentKey, InstrumentKey), Normaliser)>,
    /// For a pair without a term table: folds nothing, so "with terms" is word for word.
    plain_words: Normaliser,
    /// Keyed by the two sides' IDs; the texts never change while the app runs, so entries stay valid.
    cache: Mutex<HashMap<PerSide<Vec<ProvisionId>>, PairDiffs>>,
}

/// A copy starts with an empty cache: the cache only saves work.
impl Clone for Comparisons {
    fn clone(&self) -> Comparisons {
        Comparisons {
            normalisers: self.normalisers.clone(),
            plain_words: self.plain_words.clone(),
            cache: Mutex::new(HashMap::new()),
        }
    }
}

impl Comparisons {
    /// The comparisons with one term table (the shipped one).
    pub fn new(terms: &TermTable) -> Comparisons {
        Comparisons::with_tables(std::slice::from_ref(terms))
    }

    /// The comparisons with term tables for several pairs of instruments; a table serves its pair
    /// on either side. The first table for a pair wins.
    pub fn with_tables(tables: &[TermTable]) -> Comparisons {
        let mut normalisers: Vec<((InstrumentKey, InstrumentKey), Normaliser)> = Vec::new();
        for table in tables {
            for oriented in [table.clone(), table.swapped()] {
                if !normalisers
                    .iter()
                    .any(|(pair, _)| *pair == oriented.instruments)
                {
                    normalisers.push((oriented.instruments.clone(), Normaliser::new(&oriented)));
                }
            }
        }
        Comparisons {
            normalisers,
            plain_words: Normaliser::default(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The shipped pair's normaliser (the UN Convention as revision, Budapest as base).
    pub fn normaliser(&self) -> &Normaliser {
        self.normalisers
            .first()
            .map_or(&self.plain_words, |(_, normaliser)| normaliser)
    }

    /// The normaliser for the two instruments on `library`'s sides, if a term table pairs them.
    pub fn term_table_for(&self, library: &Library) -> Option<&Normaliser> {
        let sides = (
            library.treaty(Side::Revision).instrument.key().clone(),
            library.treaty(Side::Base).instrument.key().clone(),
        );
        self.normalisers
            .iter()
            .find(|(pair, _)| *pair == sides)
            .map(|(_, normaliser)| normaliser)
    }

    /// The normaliser for `library`'s sides: their term table's, or one that folds nothing.
    pub fn normaliser_for(&self, library: &Library) -> &Normaliser {
        self.term_table_for(library).unwrap_or(&self.plain_words)
    }

    /// The comparison of a link's two sides (UN against Budapest), in one mode.
    pub fn link(&self, library: &Library, link: &LinkEntry, terms: bool) -> Arc<PairDiff> {
        Arc::clone(self.both(library, &link.sides).mode(terms))
    }

    /// The comparison of arbitrary provisions: each ID goes to its treaty's side.
    pub fn provisions(&self, library: &Library, ids: &[ProvisionId], terms: bool) -> Arc<PairDiff> {
        let sides = PerSide::from_fn(|key| {
            ids.iter()
                .filter(|id| library.side_of(id) == Some(key))
                .cloned()
                .collect()
        });
        Arc::clone(self.both(library, &sides).mode(terms))
    }

    /// Both modes of a comparison, computed on first use.
    pub fn both(&self, library: &Library, sides: &PerSide<Vec<ProvisionId>>) -> PairDiffs {
        if let Some(found) = self.lock().get(sides) {
            return found.clone();
        }
        // Computed outside the lock: two threads may both compute a pair once, never block on it.
        let normaliser = self.normaliser_for(library);
        let [plain, terms] = diff_pair_both(library, &sides.revision, &sides.base, normaliser);
        let diffs = PairDiffs {
            plain: Arc::new(plain),
            terms: Arc::new(terms),
        };
        self.lock().insert(sides.clone(), diffs.clone());
        diffs
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PerSide<Vec<ProvisionId>>, PairDiffs>> {
        // A panic while holding the lock cannot leave a half-written entry (insert is one call).
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
