//! A question of a brief: one of the questions presented ("Must the conduct be a crime in both
//! States?") answered for each treaty, with the provisions cited on each side, what neither treaty
//! provides, the links and notes it draws on, the views it reports and the exact words that back it.
//!
//! Questions live in layer files beside notes and links (`questions: [...]`), so a user's own brief
//! outline is saved, checked, journaled, merged and shared as annotations are; the shipped questions are
//! the read-only layer `texts/questions.ron`.

use serde::{Deserialize, Serialize};

use crate::crosswalk::{Crosswalk, Evidence};
use crate::model::{Library, PerSide, ProvisionId, Side};

/// A question and its answer under each treaty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// A few words for lists and the summary table ("Dual criminality").
    pub title: String,
    /// The question presented, as a sentence.
    pub question: String,
    /// The neutral answer under each treaty: a few sentences with pinpoints.
    pub answers: PerSide<String>,
    /// Findings of absence: what neither treaty provides.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
    /// The provisions each answer cites, in the order they are discussed.
    pub cites: PerSide<Vec<ProvisionId>>,
    /// Links of the crosswalk the answer draws on, each named by a provision of each side (the link
    /// whose UN side holds or lies in `uncc` and whose Budapest side holds or lies in `bc`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<PerSide<ProvisionId>>,
    /// IDs of notes and links of layers (safeguards, commentary, the user's own) it draws on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Views it reports, each attributed to its source.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Exact words of the texts that back the answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The author's working note (not part of the answers); merge conflicts are recorded here.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// RFC 3339, UTC.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated: String,
}

/// A view a question reports, and who holds it: `source` names the author, title and year; `view`
/// paraphrases it (never copies it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Source {
    pub source: String,
    pub view: String,
}

impl Question {
    /// Every provision the question names: its citations, then the ends of its links, then its
    /// evidence (for checking that each exists).
    pub fn named_provisions(&self) -> Vec<&ProvisionId> {
        let linked = self
            .links
            .iter()
            .flat_map(|link| [&link.revision, &link.base]);
        self.cited().chain(linked).collect()
    }

    /// The cited provisions, UN first.
    pub fn cited(&self) -> impl Iterator<Item = &ProvisionId> {
        self.cites.revision.iter().chain(&self.cites.base)
    }

    /// Every text field, for the loader's length limit.
    pub fn text_fields(&self) -> Vec<&str> {
        let mut fields = vec![
            self.id.as_str(),
            &self.title,
            &self.question,
            &self.answers.revision,
            &self.answers.base,
            &self.note,
            &self.author,
        ];
        fields.extend(self.absent.iter().map(String::as_str));
        fields.extend(self.notes.iter().map(String::as_str));
        fields.extend(self.tags.iter().map(String::as_str));
        for source in &self.sources {
            fields.extend([source.source.as_str(), &source.view]);
        }
        fields.extend(self.evidence.iter().map(|e| e.quote.as_str()));
        fields
    }

    /// Adds `id` to the citations of its treaty, unless it is there already; true when added.
    pub fn cite(&mut self, id: &ProvisionId) -> bool {
        // A question cites the two treaties; another instrument's provision has no side here.
        let Some(key) = id.shipped_side() else {
            return false;
        };
        let side = &mut self.cites[key];
        if side.contains(id) {
            return false;
        }
        side.push(id.clone());
        true
    }

    /// The answer under `treaty` in one line: its first sentence (for summary tables).
    pub fn answer_in_one_line(&self, treaty: Side) -> String {
        first_sentence(&self.answers[treaty])
    }
}

/// A question's words as the user writes them in the window; [`QuestionDraft::apply_to`] puts them
/// into the question in one edit. Findings of absence are one per line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuestionDraft {
    pub title: String,
    pub question: String,
    pub answers: PerSide<String>,
    pub absent: String,
}

impl QuestionDraft {
    /// The draft of an existing question.
    pub fn of(question: &Question) -> QuestionDraft {
        QuestionDraft {
            title: question.title.clone(),
            question: question.question.clone(),
            answers: question.answers.clone(),
            absent: question.absent.join("\n"),
        }
    }

    /// Writes the draft into `question` (nothing typed is dropped: blank lines of the findings only).
    pub fn apply_to(&self, question: &mut Question) {
        question.title = self.title.clone();
        question.question = self.question.clone();
        question.answers = self.answers.clone();
        question.absent = self
            .absent
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
    }
}

/// The first sentence of `text` (up to a full stop followed by a space and a capital, or the end),
/// on one line. "Art. 24(1)" and "e.g." do not end a sentence.
pub fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let bytes = flat.as_bytes();
    for (at, _) in flat.match_indices(". ") {
        let before = &flat[..at];
        let last_word = before.rsplit(' ').next().unwrap_or("");
        let abbreviation = matches!(
            last_word,
            "Art" | "Arts" | "para" | "e.g" | "i.e" | "No" | "cf"
        );
        let next_is_capital = bytes
            .get(at + 2)
            .is_some_and(|byte| byte.is_ascii_uppercase());
        if !abbreviation && next_is_capital {
            return flat[..=at].to_owned();
        }
    }
    flat
}

/// The index of the shipped crosswalk link a question's `links` entry names: of the links whose UN
/// side holds, lies in or contains `link.revision` and whose Budapest side does so for `link.base`, the one
/// naming the most of the two IDs exactly (UN Art. 28(4) with Budapest Art. 19(4) is the paragraph
/// link, not the link of the whole articles), the first in the file on a tie.
pub fn crosswalk_link(crosswalk: &Crosswalk, link: &PerSide<ProvisionId>) -> Option<usize> {
    let near = |side: &[ProvisionId], id: &ProvisionId| side.iter().any(|end| end.overlaps(id));
    let exact = |side: &[ProvisionId], id: &ProvisionId| usize::from(side.contains(id));
    crosswalk
        .links
        .iter()
        .enumerate()
        .filter(|(_, entry)| near(&entry.uncc, &link.revision) && near(&entry.bc, &link.base))
        .max_by_key(|(index, entry)| {
            let exactness = exact(&entry.uncc, &link.revision) + exact(&entry.bc, &link.base);
            (exactness, std::cmp::Reverse(*index))
        })
        .map(|(index, _)| index)
}

/// A provision the question names that the texts do not have.
pub fn unknown_provisions<'a>(question: &'a Question, library: &Library) -> Vec<&'a ProvisionId> {
    question
        .named_provisions()
        .into_iter()
        .filter(|id| library.get(id.as_str()).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_steps_over_pinpoints_and_abbreviations() {
        assert_eq!(
            first_sentence("Yes: Art. 24(1) requires it, e.g. for search. No more.\nAnd then."),
            "Yes: Art. 24(1) requires it, e.g. for search."
        );
        assert_eq!(first_sentence("No full stop"), "No full stop");
    }

    #[test]
    fn a_citation_goes_to_its_treaty_once() {
        let mut question = Question::default();
        let id = ProvisionId::parse("bc:art_15__para_1").expect("an ID");
        assert!(question.cite(&id));
        assert!(!question.cite(&id));
        assert_eq!(question.cites.base, [id]);
        assert!(question.cites.revision.is_empty());
    }
}
