//! Everything shipped with the app, loaded once: both treaties, their cross-references and defined
//! terms, the crosswalk, the term table and the comparison service over them.

use thiserror::Error;

use crate::compare::Comparisons;
use crate::crosswalk::{Crosswalk, CrosswalkError};
use crate::definitions::DefinedTerms;
use crate::diff::{TermTable, TermsError};
use crate::links::LinkSet;
use crate::model::Library;
use crate::references::CrossReferences;
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
/// Cloned only when an instrument is loaded while a worker still reads the old one (the window's
/// `Arc<Corpus>`).
#[derive(Clone)]
pub struct Corpus {
    pub library: Library,
    /// The treaties' references to their own provisions, found once at load.
    pub references: CrossReferences,
    /// The terms each treaty defines and where they are used, found once at load.
    pub defined_terms: DefinedTerms,
    pub crosswalk: Crosswalk,
    pub terms: TermTable,
    pub comparisons: Comparisons,
}

impl Corpus {
    pub fn embedded() -> Result<Corpus, LoadError> {
        let library = texts::load_embedded()?;
        let crosswalk = Crosswalk::embedded()?;
        let terms = TermTable::embedded()?;
        let comparisons = Comparisons::new(&terms);
        let references = CrossReferences::new(&library);
        let defined_terms = DefinedTerms::new(&library);
        Ok(Corpus {
            library,
            references,
            defined_terms,
            crosswalk,
            terms,
            comparisons,
        })
    }

    /// The same crosswalk and term table over another library (other instruments on the two sides):
    /// references, defined terms and the comparison cache are found again for it.
    pub fn with_library(&self, library: Library) -> Corpus {
        Corpus {
            references: CrossReferences::new(&library),
            defined_terms: DefinedTerms::new(&library),
            crosswalk: self.crosswalk.clone(),
            comparisons: Comparisons::new(&self.terms),
            terms: self.terms.clone(),
            library,
        }
    }

    /// The shipped links alone (the command line without annotation files).
    pub fn shipped_links(&self) -> LinkSet {
        LinkSet::shipped(&self.crosswalk, &self.library)
    }
}
