//! The comparison service: the one way to diff two sets of provisions. It owns the terminology
//! normaliser and computes each pair's plain and terminology-aware diffs once (one sentence alignment
//! for both), caching them for every view — pair view, the inline view, the command line and exports.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::diff::{Normaliser, PairDiff, TermTable, diff_pair_both};
use crate::links::LinkEntry;
use crate::model::{Library, PerSide, ProvisionId};

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

/// Diffs provisions of the two treaties, each pair once.
pub struct Comparisons {
    normaliser: Normaliser,
    /// Keyed by the two sides' IDs; the texts never change while the app runs, so entries stay valid.
    cache: Mutex<HashMap<PerSide<Vec<ProvisionId>>, PairDiffs>>,
}

impl Comparisons {
    pub fn new(terms: &TermTable) -> Comparisons {
        Comparisons {
            normaliser: Normaliser::new(terms),
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn normaliser(&self) -> &Normaliser {
        &self.normaliser
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
        let [plain, terms] =
            diff_pair_both(library, &sides.revision, &sides.base, &self.normaliser);
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
