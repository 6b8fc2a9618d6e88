//! The shipped crosswalk (`texts/crosswalk.ron`): links between UN and Budapest provisions, each with a
//! relation, a theme and a rationale, plus the articles that have no counterpart and why.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{Library, ProvisionId, TreatyKey, is_within};

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

/// Exact words of a provision that back a claim (a rationale, a note): the quote must occur in the
/// provision's text, whitespace-normalised.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub provision: ProvisionId,
    pub quote: String,
}

/// One link of the crosswalk: UN provision(s) ↔ Budapest provision(s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub uncc: Vec<ProvisionId>,
    pub bc: Vec<ProvisionId>,
    pub relation: Relation,
    pub theme: Theme,
    pub rationale: String,
    /// The words of the texts that support the rationale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl Link {
    pub fn ids(&self, key: TreatyKey) -> &[ProvisionId] {
        match key {
            TreatyKey::Uncc => &self.uncc,
            TreatyKey::Bc => &self.bc,
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
    #[error("{file}:{line}:{col}: {message}")]
    Syntax {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
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
        }
    }
}

impl Crosswalk {
    /// Parses a crosswalk; `file` names it in error messages.
    pub fn parse(text: &str, file: &str) -> Result<Crosswalk, CrosswalkError> {
        ron::from_str(text).map_err(|error| CrosswalkError::Syntax {
            file: file.to_owned(),
            line: error.span.start.line,
            col: error.span.start.col,
            message: error.code.to_string(),
        })
    }

    /// The crosswalk shipped in `texts/crosswalk.ron`.
    pub fn embedded() -> Result<Crosswalk, CrosswalkError> {
        Crosswalk::parse(CROSSWALK_RON, "texts/crosswalk.ron")
    }

    /// Unknown IDs, articles not covered, empty link sides; sorted.
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
        }
        mentioned.extend(self.unmatched.iter().map(|u| u.id.as_str()));
        for id in &mentioned {
            if library.get(id).is_none() {
                problems.insert(Problem::UnknownId {
                    id: (*id).to_owned(),
                });
            }
        }
        for key in TreatyKey::ALL {
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
