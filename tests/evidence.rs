//! The shipped data proves itself: every crosswalk link and every note of the shipped layers carries
//! evidence, the exact words of the treaties that support it, and every quoted word is in the
//! provision it names.

use std::collections::BTreeSet;

use crosswalk::annotations::{AnnotationFile, safeguards_layer};
use crosswalk::corpus::Corpus;
use crosswalk::crosswalk::{Evidence, EvidenceProblem, Relation, is_within};
use crosswalk::model::{Library, TreatyKey};

fn corpus() -> Corpus {
    Corpus::embedded().expect("embedded data loads")
}

fn safeguards() -> AnnotationFile {
    safeguards_layer()
        .expect("texts/safeguards.ron parses")
        .file
}

fn treaties(evidence: &[Evidence]) -> BTreeSet<TreatyKey> {
    evidence
        .iter()
        .filter_map(|e| TreatyKey::of_id(&e.provision))
        .collect()
}

fn quotes_within(evidence: &[Evidence], ids: &[String]) -> bool {
    evidence
        .iter()
        .any(|e| ids.iter().any(|id| is_within(&e.provision, id)))
}

/// "owner: problem" for every quote that does not hold, and for an owner without evidence.
fn evidence_problems(owner: &str, evidence: &[Evidence], library: &Library) -> Vec<String> {
    if evidence.is_empty() {
        return vec![format!("{owner}: no evidence")];
    }
    evidence
        .iter()
        .filter_map(|e| e.verify(library).err())
        .map(|problem| format!("{owner}: {problem}"))
        .collect()
}

fn assert_none(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn quotes_match_verbatim_up_to_whitespace_and_quotation_marks() {
    let library = corpus().library;
    let evidence = |provision: &str, quote: &str| Evidence {
        provision: provision.into(),
        quote: quote.into(),
    };
    // The UN text prints curly quotes and apostrophes; straight ones and broken lines still match.
    assert_eq!(
        evidence("uncc:art_2__point_h", "\"Serious crime\"  shall\nmean").verify(&library),
        Ok(())
    );
    assert_eq!(
        evidence("uncc:art_27", "in that person's possession").verify(&library),
        Ok(())
    );
    // An article's full text includes its paragraphs; a paragraph's does not include its siblings'.
    assert_eq!(
        evidence("bc:art_19", "as is reasonable").verify(&library),
        Ok(())
    );
    assert!(matches!(
        evidence("bc:art_19__para_1", "as is reasonable").verify(&library),
        Err(EvidenceProblem::QuoteNotFound { .. })
    ));
    // Verbatim means verbatim: case and words count.
    assert!(
        evidence(
            "bc:art_15__para_2",
            "Judicial or other independent supervision"
        )
        .verify(&library)
        .is_err()
    );
    assert!(
        evidence("bc:art_15__para_2", "judicial or other independent review")
            .verify(&library)
            .is_err()
    );
    assert_eq!(
        evidence("bc:art_99", "anything").verify(&library),
        Err(EvidenceProblem::UnknownProvision {
            provision: "bc:art_99".into()
        })
    );
    assert!(evidence("bc:art_2", "  ").verify(&library).is_err());
}

#[test]
fn every_crosswalk_quote_occurs_in_the_provision_it_names() {
    let corpus = corpus();
    assert_none(
        corpus
            .crosswalk
            .links
            .iter()
            .flat_map(|link| {
                let owner = format!("{} / {}", link.uncc.join(","), link.bc.join(","));
                evidence_problems(&owner, &link.evidence, &corpus.library)
            })
            .collect(),
    );
}

#[test]
fn every_crosswalk_link_quotes_its_own_provisions_on_both_sides() {
    let corpus = corpus();
    let missing: Vec<String> = corpus
        .crosswalk
        .links
        .iter()
        .filter(|link| {
            !quotes_within(&link.evidence, &link.uncc) || !quotes_within(&link.evidence, &link.bc)
        })
        .map(|link| format!("{} / {}", link.uncc.join(","), link.bc.join(",")))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn a_link_that_claims_a_difference_quotes_both_treaties() {
    let corpus = corpus();
    for link in &corpus.crosswalk.links {
        if link.relation != Relation::Equivalent {
            assert_eq!(
                treaties(&link.evidence).len(),
                2,
                "{} / {} ({}) quotes one treaty only",
                link.uncc.join(","),
                link.bc.join(","),
                link.relation
            );
        }
    }
}

#[test]
fn every_safeguard_note_is_backed_by_quotes_from_the_texts() {
    let library = corpus().library;
    let file = safeguards();
    let mut problems = Vec::new();
    for annotation in &file.annotations {
        problems.extend(evidence_problems(
            &annotation.id,
            &annotation.evidence,
            &library,
        ));
        if !quotes_within(&annotation.evidence, &[annotation.anchor.provision.clone()]) {
            problems.push(format!(
                "{}: no quote from its own provision {}",
                annotation.id, annotation.anchor.provision
            ));
        }
    }
    for link in &file.links {
        problems.extend(evidence_problems(&link.id, &link.evidence, &library));
        let Some((safeguard, governed)) = link.ends.split_first() else {
            continue;
        };
        let governed: Vec<String> = governed.iter().map(|end| end.provision.clone()).collect();
        if !quotes_within(&link.evidence, &[safeguard.provision.clone()]) {
            problems.push(format!("{}: no quote from the safeguard", link.id));
        }
        if !quotes_within(&link.evidence, &governed) {
            problems.push(format!("{}: no quote from what it governs", link.id));
        }
    }
    assert_none(problems);
}

#[test]
fn safeguard_notes_that_contrast_the_treaties_quote_both() {
    // A note on one treaty that names the other makes a comparison: it must quote both.
    let file = safeguards();
    let notes = file
        .annotations
        .iter()
        .map(|a| (&a.id, &a.anchor.provision, &a.note, &a.evidence))
        .chain(file.links.iter().filter_map(|l| {
            l.ends
                .first()
                .map(|end| (&l.id, &end.provision, &l.note, &l.evidence))
        }));
    let mut checked = 0;
    for (id, provision, note, evidence) in notes {
        let other = match TreatyKey::of_id(provision) {
            Some(TreatyKey::Uncc) => "Budapest",
            _ => "UN Art",
        };
        if note.contains(other) {
            checked += 1;
            assert_eq!(
                treaties(evidence).len(),
                2,
                "{id} compares but quotes one treaty"
            );
        }
    }
    assert!(checked >= 10, "only {checked} comparing notes found");
}
