//! The shipped crosswalk (`texts/crosswalk.ron`): links between UN and Budapest provisions, each with a
//! relation, a theme and a rationale, plus the articles that have no counterpart and why.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{Library, NodeIx, ProvisionId, Side, is_within};
use crate::ron_source::SyntaxError;

/// The crosswalk shipped with the app.
pub const CROSSWALK_RON: &str = include_str!("../texts/crosswalk.ron");

/// How the UN provision relates to the Budapest one (read from the UN side).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Relation {
    /// Same substance, nearly the same words.
    Equivalent,
    /// The same provision, reworded.
    Adapted,
    /// The UN provision covers more.
    Broader,
    /// The UN provision covers less.
    Narrower,
    /// They overlap in part.
    Partial,
    /// Same subject, different function.
    Related,
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The subject a link belongs to, for filtering and grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Theme {
    Purpose,
    Definitions,
    Scope,
    Offences,
    Liability,
    Jurisdiction,
    ProceduralPowers,
    Safeguards,
    Cooperation,
    Extradition,
    MutualAssistance,
    DataProtection,
    VictimsAndWitnesses,
    Prevention,
    TechnicalAssistance,
    Implementation,
    FinalClauses,
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Theme::Purpose => "purpose",
            Theme::Definitions => "definitions",
            Theme::Scope => "scope",
            Theme::Offences => "offences",
            Theme::Liability => "liability",
            Theme::Jurisdiction => "jurisdiction",
            Theme::ProceduralPowers => "procedural powers",
            Theme::Safeguards => "safeguards",
            Theme::Cooperation => "cooperation",
            Theme::Extradition => "extradition",
            Theme::MutualAssistance => "mutual assistance",
            Theme::DataProtection => "data protection",
            Theme::VictimsAndWitnesses => "victims and witnesses",
            Theme::Prevention => "prevention",
            Theme::TechnicalAssistance => "technical assistance",
            Theme::Implementation => "implementation",
            Theme::FinalClauses => "final clauses",
        };
        f.write_str(name)
    }
}

/// Exact words of a treaty that back a claim (a rationale, a note): the provision they are quoted from
/// and the quote. The quote must occur in the provision's full text (its own words and those of the
/// provisions inside it), up to runs of whitespace and curly versus straight quotation marks.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub provision: ProvisionId,
    pub quote: String,
}

/// Why a piece of evidence does not hold.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EvidenceProblem {
    UnknownProvision { provision: String },
    EmptyQuote { provision: String },
    QuoteNotFound { provision: String, quote: String },
}

impl fmt::Display for EvidenceProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvidenceProblem::UnknownProvision { provision } => {
                write!(f, "evidence names an unknown provision {provision}")
            }
            EvidenceProblem::EmptyQuote { provision } => {
                write!(f, "evidence from {provision} quotes nothing")
            }
            EvidenceProblem::QuoteNotFound { provision, quote } => {
                write!(f, "evidence quote not found in {provision}: “{quote}”")
            }
        }
    }
}

impl Evidence {
    /// Where the quoted words lie, found by the one quote matcher: for each part of the quote, the
    /// treaty, the node and the byte range of the node's own text. Nothing when the quote is not found
    /// ([`Evidence::verify`] says why; the evidence test keeps every shipped quote found).
    pub fn places(&self, library: &Library) -> Vec<(Side, NodeIx, Range<usize>)> {
        let places = crate::quote::locate(library, &self.provision, &self.quote);
        places
            .into_iter()
            .flatten()
            .filter_map(|place| {
                let (key, node) = library.resolve(&place.node)?;
                Some((key, node, place.range))
            })
            .collect()
    }

    /// Checks that the provision exists and that its full text contains the quote.
    pub fn verify(&self, library: &Library) -> Result<(), EvidenceProblem> {
        if library.resolve(&self.provision).is_none() {
            return Err(EvidenceProblem::UnknownProvision {
                provision: self.provision.to_string(),
            });
        }
        if crate::quote::normalise(&self.quote).is_empty() {
            return Err(EvidenceProblem::EmptyQuote {
                provision: self.provision.to_string(),
            });
        }
        if crate::quote::locate(library, &self.provision, &self.quote).is_some() {
            Ok(())
        } else {
            Err(EvidenceProblem::QuoteNotFound {
                provision: self.provision.to_string(),
                quote: self.quote.clone(),
            })
        }
    }
}

/// One link of the crosswalk: UN provision(s) ↔ Budapest provision(s).
///
/// Unlike the sides of a comparison, the fields keep the treaties' names on purpose: the shipped
/// crosswalk (`texts/crosswalk.ron`) is by definition about the UN Convention and the Budapest
/// Convention, whatever instruments the panes show. `ids` reads them by side (the UN Convention is
/// on the revision side of the shipped library, the Budapest Convention on the base side).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub uncc: Vec<ProvisionId>,
    pub bc: Vec<ProvisionId>,
    pub relation: Relation,
    pub theme: Theme,
    pub rationale: String,
    /// The words of the treaties that support the rationale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl Link {
    pub fn ids(&self, key: Side) -> &[ProvisionId] {
        match key {
            Side::Revision => &self.uncc,
            Side::Base => &self.bc,
        }
    }
}

/// An article with no counterpart in the other treaty, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    pub id: ProvisionId,
    pub theme: Theme,
    pub reason: String,
}

/// The crosswalk as stored in RON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Crosswalk {
    pub version: u32,
    pub links: Vec<Link>,
    pub unmatched: Vec<Unmatched>,
}

/// A crosswalk file that cannot be used.
#[derive(Debug, Error, PartialEq)]
pub enum CrosswalkError {
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
}

/// Something wrong with a syntactically valid crosswalk.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    UnknownId {
        id: String,
    },
    /// An article neither linked nor listed as unmatched.
    NotCovered {
        id: String,
    },
    /// A link that names no provision on one side.
    EmptySide {
        link: usize,
    },
    /// A link whose evidence names an unknown provision or quotes words the provision does not have.
    Evidence {
        link: usize,
        problem: EvidenceProblem,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownId { id } => write!(f, "unknown provision ID {id}"),
            Problem::NotCovered { id } => {
                write!(f, "{id} is neither linked nor listed as unmatched")
            }
            Problem::EmptySide { link } => {
                write!(f, "link {} names no provision on one side", link + 1)
            }
            Problem::Evidence { link, problem } => write!(f, "link {}: {problem}", link + 1),
        }
    }
}

impl Crosswalk {
    /// Parses a crosswalk; `file` names it in error messages.
    pub fn parse(text: &str, file: &str) -> Result<Crosswalk, CrosswalkError> {
        ron::from_str(text).map_err(|error| SyntaxError::from_ron(file, &error).into())
    }

    /// The crosswalk shipped in `texts/crosswalk.ron`.
    pub fn embedded() -> Result<Crosswalk, CrosswalkError> {
        Crosswalk::parse(CROSSWALK_RON, "texts/crosswalk.ron")
    }

    /// Unknown IDs, articles not covered, empty link sides, evidence that does not hold; sorted.
    pub fn validate(&self, library: &Library) -> Vec<Problem> {
        let mut problems = BTreeSet::new();
        let mut mentioned: Vec<&str> = Vec::new();
        for (index, link) in self.links.iter().enumerate() {
            if link.uncc.is_empty() || link.bc.is_empty() {
                problems.insert(Problem::EmptySide { link: index });
            }
            for id in link.uncc.iter().chain(&link.bc) {
                mentioned.push(id);
            }
            for evidence in &link.evidence {
                if let Err(problem) = evidence.verify(library) {
                    problems.insert(Problem::Evidence {
                        link: index,
                        problem,
                    });
                }
            }
        }
        mentioned.extend(self.unmatched.iter().map(|u| u.id.as_str()));
        for id in &mentioned {
            if library.get(id).is_none() {
                problems.insert(Problem::UnknownId {
                    id: (*id).to_owned(),
                });
            }
        }
        for key in Side::ALL {
            for article in library.treaty(key).articles() {
                if !mentioned.iter().any(|id| is_within(id, &article.id)) {
                    problems.insert(Problem::NotCovered {
                        id: article.id.to_string(),
                    });
                }
            }
        }
        problems.into_iter().collect()
    }

    /// The reason an article has no counterpart, if it is listed as unmatched.
    pub fn unmatched_reason(&self, id: &str) -> Option<&Unmatched> {
        self.unmatched.iter().find(|entry| is_within(id, &entry.id))
    }
}
