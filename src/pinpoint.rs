//! Pinpoints as people type them — "28(4)", "UN 28(4)", "Art. 40(8)", "bc 19 4", "Budapest Art. 15(1)",
//! "note 4", "2(h)", "chapter IV" — read into provision IDs, with completion candidates and a message
//! that says what exists when a pinpoint does not. Full IDs (`uncc:art_28__para_4`) are accepted as
//! they are. The go-to box and `crosswalk show` both read through [`parse`].

use crate::model::{Kind, Library, Provision, ProvisionId, Side, shipped};
use crate::texts::roman_to_arabic;

/// A pinpoint that cannot be read, or names nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinpointError {
    #[error(
        "“{typed}” is not a pinpoint: type e.g. 28(4), UN 28(4), Art. 40(8), bc 19 4, Budapest Art. 15(1), note 4, 2(h), or an ID such as uncc:art_28__para_4"
    )]
    Unreadable { typed: String },
    #[error("there is no {wanted}{}", nearest_text(.nearest, .holds))]
    Unknown {
        /// The pinpoint as understood: "UN Art. 28(9)".
        wanted: String,
        /// The deepest provision that exists on the way ("UN Art. 28"), and what it holds.
        nearest: Option<String>,
        holds: Vec<String>,
    },
}

fn nearest_text(nearest: &Option<String>, holds: &[String]) -> String {
    match nearest {
        Some(nearest) if holds.is_empty() => format!("; {nearest} exists"),
        Some(nearest) => format!("; {nearest} has {}", holds.join(", ")),
        None => String::new(),
    }
}

/// A provision offered while a pinpoint is typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: ProvisionId,
    /// "UN Art. 28(4)", "Budapest Art. 15(1)", "UN Interpretative note 4".
    pub label: String,
}

/// What a typed pinpoint says: the treaty if named, and the designations in order.
#[derive(Debug, Default, PartialEq)]
struct Typed {
    treaty: Option<Side>,
    division: Division,
    designations: Vec<String>,
}

#[derive(Debug, Default, PartialEq, Clone, Copy)]
enum Division {
    #[default]
    Article,
    Note,
    Chapter,
}

fn read(text: &str) -> Option<Typed> {
    let mut typed = Typed::default();
    let lower = text.to_lowercase();
    for word in lower
        .split(|c: char| c.is_whitespace() || "().,".contains(c))
        .filter(|word| !word.is_empty())
    {
        match word {
            "art" | "arts" | "article" | "articles" | "para" | "paragraph" | "interpretative" => {}
            "note" | "notes" => typed.division = Division::Note,
            "chapter" | "chp" | "ch" => typed.division = Division::Chapter,
            _ if typed.designations.is_empty() && shipped::parse_treaty(word).is_some() => {
                typed.treaty = shipped::parse_treaty(word);
            }
            _ if word.bytes().all(|b| b.is_ascii_digit()) => {
                typed.designations.push(word.to_owned())
            }
            _ if typed.division == Division::Chapter && roman_to_arabic(word).is_some() => {
                let number = roman_to_arabic(word)?;
                typed.designations.push(number.to_string());
            }
            _ if !typed.designations.is_empty()
                && word.len() <= 5
                && word.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                typed.designations.push(word.to_owned());
            }
            _ => return None,
        }
    }
    Some(typed)
}

impl Typed {
    /// The ID these designations name in `key`, and the IDs of each step on the way.
    fn steps(&self, key: Side) -> Vec<String> {
        let mut steps = Vec::new();
        let mut designations = self.designations.iter();
        let Some(first) = designations.next() else {
            return steps;
        };
        let mut id = match self.division {
            Division::Article => format!("{}:art_{first}", shipped::prefix(key)),
            Division::Note => format!("{}:annex__note_{first}", shipped::prefix(Side::Revision)),
            Division::Chapter => format!("{}:chp_{first}", shipped::prefix(key)),
        };
        steps.push(id.clone());
        for designation in designations {
            let segment = if designation.bytes().all(|b| b.is_ascii_digit()) {
                "para"
            } else {
                "point"
            };
            id = format!("{id}__{segment}_{designation}");
            steps.push(id.clone());
        }
        steps
    }

    /// "UN Art. 28(9)" for what was typed, whether or not it exists.
    fn wanted(&self, key: Side) -> String {
        let mut designations = self.designations.iter();
        let first = designations.next().map_or("", String::as_str);
        let inner: String = designations.map(|d| format!("({d})")).collect();
        match self.division {
            Division::Article => format!("{} Art. {first}{inner}", shipped::citation_label(key)),
            Division::Note => format!("UN interpretative note {first}{inner}"),
            Division::Chapter => format!("{} Chapter {first}", shipped::citation_label(key)),
        }
    }

    /// The treaties to look in, the named or default one first.
    fn treaties(&self, default: Side) -> Vec<Side> {
        match (self.treaty, self.division) {
            (_, Division::Note) => vec![Side::Revision],
            (Some(key), _) => vec![key],
            (None, _) => vec![default, default.other()],
        }
    }
}

/// The provision a typed pinpoint or ID names. Without a treaty, `default` is tried first, then the
/// other treaty.
pub fn parse(library: &Library, text: &str, default: Side) -> Result<ProvisionId, PinpointError> {
    let trimmed = text.trim();
    if let Ok(id) = ProvisionId::parse(trimmed)
        && let Some(node) = library.get(&id)
    {
        return Ok(node.id.clone());
    }
    let unreadable = || PinpointError::Unreadable {
        typed: trimmed.chars().take(80).collect(),
    };
    let typed = read(trimmed).ok_or_else(unreadable)?;
    if typed.designations.is_empty() {
        return Err(unreadable());
    }
    let treaties = typed.treaties(default);
    for &key in &treaties {
        if let Some(node) = typed.steps(key).last().and_then(|id| library.get(id)) {
            return Ok(node.id.clone());
        }
    }
    Err(unknown(library, &typed, treaties[0]))
}

/// The error for designations that name nothing: the deepest provision on the way and what it holds.
fn unknown(library: &Library, typed: &Typed, key: Side) -> PinpointError {
    let treaty = library.treaty(key);
    let nearest = typed
        .steps(key)
        .iter()
        .rev()
        .find_map(|id| treaty.index_of(id));
    PinpointError::Unknown {
        wanted: typed.wanted(key),
        nearest: Some(nearest.map_or_else(
            || treaty.meta.short_name.clone(),
            |ix| label(key, treaty.node(ix)),
        )),
        holds: match nearest {
            // "(1), (2), (3), (4)": the items as they extend the nearest pinpoint.
            Some(ix) => treaty
                .children_of(ix)
                .filter_map(|child| {
                    child
                        .pinpoint
                        .strip_prefix(treaty.node(ix).pinpoint.as_str())
                })
                .filter(|rest| !rest.is_empty())
                .map(str::to_owned)
                .collect(),
            None => {
                let numbers: Vec<&str> =
                    treaty.articles().filter_map(|a| a.num.as_deref()).collect();
                match (numbers.first(), numbers.last()) {
                    (Some(first), Some(last)) => vec![format!("Articles {first}–{last}")],
                    _ => Vec::new(),
                }
            }
        },
    }
}

/// "UN Art. 28(4)": the pinpoint with its treaty, as the go-to box lists it.
pub fn label(key: Side, node: &Provision) -> String {
    format!("{} {}", shipped::citation_label(key), node.pinpoint)
}

/// "UN Art. 28(4)", "Cybercrime Bill s. 5(1)": a loaded provision's pinpoint with its instrument's
/// name; the ID itself when no loaded instrument has it, so nothing cited disappears.
pub fn label_of(library: &Library, id: &str) -> String {
    match library.find(id) {
        Some((instrument, ix)) => match instrument.key().shipped_side() {
            Some(key) => label(key, instrument.node(ix)),
            None => format!(
                "{} {}",
                instrument.info.short_name,
                instrument.node(ix).pinpoint
            ),
        },
        None => id.to_owned(),
    }
}

/// The pinpoint without "Art. ": "28(4)(a)", as typed pinpoints are compared for completion.
fn short_form(node: &Provision) -> Option<String> {
    match node.kind {
        Kind::Article | Kind::Paragraph | Kind::Point => {
            Some(node.pinpoint.strip_prefix("Art. ")?.to_owned())
        }
        _ => None,
    }
}

/// Provisions whose pinpoint begins with what was typed, the named or default treaty first, in
/// document order; at most `limit`.
pub fn complete(library: &Library, text: &str, default: Side, limit: usize) -> Vec<Candidate> {
    let Some(typed) = read(text.trim()) else {
        return Vec::new();
    };
    let mut designations = typed.designations.iter();
    let Some(first) = designations.next() else {
        return Vec::new();
    };
    let rest: String = designations.map(|d| format!("({d})")).collect();
    // The named or default treaty first; in each, the shallowest first ("28" offers Art. 28 and its
    // paragraphs before their items), then in document order.
    let mut found: Vec<(usize, u8, usize, Candidate)> = Vec::new();
    for (order, key) in typed.treaties(default).into_iter().enumerate() {
        let treaty = library.treaty(key);
        for (ix, node) in treaty.nodes.iter().enumerate() {
            let matches = match typed.division {
                Division::Article => short_form(node)
                    .is_some_and(|short| short.starts_with(&format!("{first}{rest}"))),
                Division::Note => {
                    node.kind == Kind::Note && node.num.as_deref() == Some(first.as_str())
                }
                Division::Chapter => {
                    node.kind == Kind::Chapter && node.id.ends_with(&format!(":chp_{first}"))
                }
            };
            if matches {
                let candidate = Candidate {
                    id: node.id.clone(),
                    label: label(key, node),
                };
                found.push((order, node.depth, ix, candidate));
            }
        }
    }
    found.sort_by_key(|(order, depth, ix, _)| (*order, *depth, *ix));
    found
        .into_iter()
        .take(limit)
        .map(|(_, _, _, candidate)| candidate)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_people_type_are_read() {
        let typed = read("Budapest Art. 15(1)").expect("readable");
        assert_eq!(typed.treaty, Some(Side::Base));
        assert_eq!(typed.designations, ["15", "1"]);
        assert_eq!(read("bc 19 4").expect("readable").designations, ["19", "4"]);
        assert_eq!(read("2(h)").expect("readable").designations, ["2", "h"]);
        assert_eq!(read("chapter IV").expect("readable").designations, ["4"]);
        assert!(read("what is this").is_none());
    }
}
