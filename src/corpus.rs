//! Everything shipped with the app, loaded once: both treaties, their cross-references and defined
//! terms, the crosswalk, the term table and the comparison service over them.

use thiserror::Error;

use crate::compare::Comparisons;
use crate::crosswalk::{Crosswalk, CrosswalkError};
use crate::definitions::DefinedTerms;
use crate::diff::{TermTable, TermsError};
use crate::links::LinkSet;
use crate::model::{Library, Side, shipped};
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
    /// The shipped term table (the UN Convention and the Budapest Convention).
    pub terms: TermTable,
    /// Term tables of loaded instruments, each pairing one with another instrument.
    pub instrument_terms: Vec<TermTable>,
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
            instrument_terms: Vec::new(),
            comparisons,
        })
    }

    /// This corpus with the term tables of loaded instruments: a diff of two instruments a table
    /// pairs folds its terms; the shipped table keeps the UN and Budapest pair.
    pub fn with_term_tables(mut self, tables: Vec<TermTable>) -> Corpus {
        self.instrument_terms = tables;
        self.comparisons = self.comparisons_of_every_table();
        self
    }

    fn comparisons_of_every_table(&self) -> Comparisons {
        let mut tables = vec![self.terms.clone()];
        tables.extend(self.instrument_terms.iter().cloned());
        Comparisons::with_tables(&tables)
    }

    /// The corpus comparing two loaded instruments: `revision` on the first side, `base` on the
    /// second ([`Library::pair`]), with the same term tables. The shipped crosswalk links the two
    /// treaties only, so it comes along only when they are the pair, in their places; any other pair
    /// is linked by the user's layers alone. `None` when either prefix is not loaded.
    pub fn paired(&self, revision: &str, base: &str) -> Option<Corpus> {
        let mut corpus = self.with_library(self.library.pair(revision, base)?);
        let shipped_pair =
            [revision, base] == [shipped::prefix(Side::Revision), shipped::prefix(Side::Base)];
        if !shipped_pair {
            corpus.crosswalk = Crosswalk::default();
        }
        Some(corpus)
    }

    /// The same crosswalk and term tables over another library (other instruments on the two sides):
    /// references, defined terms and the comparison cache are found again for it.
    pub fn with_library(&self, library: Library) -> Corpus {
        Corpus {
            references: CrossReferences::new(&library),
            defined_terms: DefinedTerms::new(&library),
            crosswalk: self.crosswalk.clone(),
            comparisons: self.comparisons_of_every_table(),
            terms: self.terms.clone(),
            instrument_terms: self.instrument_terms.clone(),
            library,
        }
    }

    /// The shipped links alone (the command line without annotation files).
    pub fn shipped_links(&self) -> LinkSet {
        LinkSet::shipped(&self.crosswalk, &self.library)
    }
}
