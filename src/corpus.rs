//! Everything shipped with the app, loaded once: both treaties, the crosswalk and the term table.

use thiserror::Error;

use crate::crosswalk::{Crosswalk, CrosswalkError};
use crate::diff::{Normaliser, PairDiff, TermTable, TermsError, diff_pair, diff_pair_both};
use crate::model::{Library, TreatyKey};
use crate::texts::{self, ParseError};

#[derive(Debug, Error)]
pub enum LoadError {
    #[error(transparent)]
    Texts(#[from] ParseError),
    #[error(transparent)]
    Crosswalk(#[from] CrosswalkError),
    #[error(transparent)]
    Terms(#[from] TermsError),
}

/// The embedded texts, crosswalk and term table.
pub struct Corpus {
    pub library: Library,
    pub crosswalk: Crosswalk,
    pub terms: TermTable,
    pub normaliser: Normaliser,
}

impl Corpus {
    pub fn embedded() -> Result<Corpus, LoadError> {
        let library = texts::load_embedded()?;
        let crosswalk = Crosswalk::embedded()?;
        let terms = TermTable::embedded()?;
        let normaliser = Normaliser::new(&terms);
        Ok(Corpus {
            library,
            crosswalk,
            terms,
            normaliser,
        })
    }

    /// Diff of a crosswalk link (by index).
    pub fn diff_link(&self, link: usize, terms: bool) -> Option<PairDiff> {
        let link = self.crosswalk.links.get(link)?;
        Some(diff_pair(
            &self.library,
            &link.uncc,
            &link.bc,
            &self.normaliser,
            terms,
        ))
    }

    /// Diffs of a link without and with terminology normalisation (one alignment for both).
    pub fn diff_link_both(&self, link: usize) -> Option<[PairDiff; 2]> {
        let link = self.crosswalk.links.get(link)?;
        Some(diff_pair_both(
            &self.library,
            &link.uncc,
            &link.bc,
            &self.normaliser,
        ))
    }

    /// Diff of arbitrary provisions; IDs may come in any order, sorted to their treaty.
    pub fn diff_ids(&self, ids: &[String], terms: bool) -> PairDiff {
        let (uncc, bc): (Vec<String>, Vec<String>) = ids
            .iter()
            .cloned()
            .partition(|id| TreatyKey::of_id(id) == Some(TreatyKey::Uncc));
        diff_pair(&self.library, &uncc, &bc, &self.normaliser, terms)
    }
}
