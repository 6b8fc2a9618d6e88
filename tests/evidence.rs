//! The shipped data proves itself: every crosswalk link and every note of the shipped layers carries
//! evidence, the exact words of the treaties that support it, and every quoted word is in the
//! provision it names.

use std::collections::BTreeSet;

use crosswalk::annotations::question::crosswalk_link;
use crosswalk::annotations::{
    AnnotationFile, COMMENTARY_RON, QUESTIONS_RON, check, commentary_layer, questions_layer,
    safeguards_layer,
};
use crosswalk::corpus::Corpus;
use crosswalk::crosswalk::{Crosswalk, Evidence, EvidenceProblem, Relation};
use crosswalk::lesson::Lesson;
use crosswalk::model::{Library, ProvisionId, Side, is_within, shipped};

fn corpus() -> Corpus {
    Corpus::embedded().expect("embedded data loads")
}

fn safeguards() -> AnnotationFile {
    safeguards_layer()
        .expect("texts/safeguards.ron parses")
        .file
}

fn treaties(evidence: &[Evidence]) -> BTreeSet<Side> {
    evidence
        .iter()
        .filter_map(|e| shipped::side_of_id(&e.provision))
        .collect()
}

fn quotes_within(evidence: &[Evidence], ids: &[ProvisionId]) -> bool {
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
        provision: ProvisionId::parse(provision).expect("a well-formed ID"),
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
        if !quotes_within(
            &annotation.evidence,
            std::slice::from_ref(&annotation.anchor.provision),
        ) {
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
        let governed: Vec<ProvisionId> = governed.iter().map(|end| end.provision.clone()).collect();
        if !quotes_within(&link.evidence, std::slice::from_ref(&safeguard.provision)) {
            problems.push(format!("{}: no quote from the safeguard", link.id));
        }
        if !quotes_within(&link.evidence, &governed) {
            problems.push(format!("{}: no quote from what it governs", link.id));
        }
    }
    assert_none(problems);
}

/// A note on one treaty that names the other makes a comparison: it must quote both treaties.
/// Returns how many such notes the file has.
fn assert_comparisons_quote_both_treaties(file: &AnnotationFile) -> usize {
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
        let other = match shipped::side_of_id(provision) {
            Some(Side::Revision) => "Budapest",
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
    checked
}

#[test]
fn safeguard_notes_that_contrast_the_treaties_quote_both() {
    let checked = assert_comparisons_quote_both_treaties(&safeguards());
    assert!(checked >= 10, "only {checked} comparing notes found");
}

fn commentary() -> AnnotationFile {
    commentary_layer()
        .expect("texts/commentary.ron parses")
        .file
}

#[test]
fn commentary_layer_is_read_only_hidden_and_valid() {
    let library = corpus().library;
    let layer = commentary_layer().unwrap();
    assert!(layer.read_only && !layer.visible && layer.path.is_none());
    assert_eq!(layer.file.name, "Published commentary");
    let errors: Vec<_> = check(&layer.file, COMMENTARY_RON, &library)
        .into_iter()
        .filter(|m| m.is_error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn commentary_has_ten_or_more_attributed_notes_on_the_un_text() {
    let file = commentary();
    assert!(file.annotations.len() >= 10, "{}", file.annotations.len());
    for note in &file.annotations {
        let id = &note.id;
        assert!(
            note.anchor.provision.starts_with("uncc:"),
            "{id} is not on the UN Convention"
        );
        assert!(
            note.tags.iter().any(|t| t.starts_with("source/")),
            "{id} has no source/ tag"
        );
        assert!(
            note.tags.iter().any(|t| t.starts_with("commentary/")),
            "{id} has no commentary/ topic tag"
        );
        // "Source: organisation, “title”, year" in the note itself.
        let source = note
            .note
            .split_once("Source: ")
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("{id} names no source"));
        assert!(source.contains('“'), "{id}: the source has no title");
        let year = source
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() == 4 && (run.starts_with("19") || run.starts_with("20")));
        assert!(year, "{id}: the source has no year");
    }
    // The points of contention the layer must cover.
    for topic in [
        "security-research",
        "encryption",
        "serious-crime",
        "reach-of-cooperation",
        "safeguards-deferred",
        "human-rights-clause",
        "data-protection",
        "reservations",
        "new-offences",
    ] {
        let tag = format!("commentary/{topic}");
        assert!(
            file.annotations.iter().any(|a| a.tags.contains(&tag)),
            "no note on {topic}"
        );
    }
}

#[test]
fn commentary_quotes_occur_in_the_texts() {
    let library = corpus().library;
    let file = commentary();
    let mut problems = Vec::new();
    for note in &file.annotations {
        problems.extend(evidence_problems(&note.id, &note.evidence, &library));
        if !quotes_within(&note.evidence, std::slice::from_ref(&note.anchor.provision)) {
            problems.push(format!("{}: no quote from its own provision", note.id));
        }
    }
    assert_none(problems);
    assert_comparisons_quote_both_treaties(&file);
}

/// Eight-word runs of lower-case words, for spotting copied sentences.
fn runs_of_eight(text: &str) -> BTreeSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(8).map(|run| run.join(" ")).collect()
}

/// The eight-word runs of the published sources that are not the treaties' own words (a source
/// quoting a provision is not copied prose); None when `../shared` is not present.
fn source_prose_runs() -> Option<BTreeSet<String>> {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources/commentary");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        eprintln!("skipped: {} is not present", folder.display());
        return None;
    };
    let mut sources = String::new();
    for entry in entries.flatten() {
        sources.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        sources.push('\n');
    }
    let treaty_runs = runs_of_eight(&format!(
        "{}\n{}\n{}",
        crosswalk::texts::UNCC_TEXT,
        crosswalk::texts::BC_TEXT,
        crosswalk::texts::UNCC_NOTES
    ));
    Some(
        runs_of_eight(&sources)
            .into_iter()
            .filter(|run| !treaty_runs.contains(run))
            .collect(),
    )
}

/// The runs of `own` (titles in “…” left out: they are citations, not prose) that copy a source.
fn copied_runs(own: &str, source_runs: &BTreeSet<String>) -> Vec<String> {
    let mut prose = String::new();
    let mut in_title = false;
    for c in own.chars() {
        match c {
            '“' => in_title = true,
            '”' => in_title = false,
            _ if !in_title => prose.push(c),
            _ => {}
        }
    }
    runs_of_eight(&prose)
        .into_iter()
        .filter(|run| source_runs.contains(run))
        .collect()
}

#[test]
fn commentary_paraphrases_its_sources_and_copies_no_sentence() {
    let Some(source_runs) = source_prose_runs() else {
        return;
    };
    for note in &commentary().annotations {
        // Our own words come before "In the texts:".
        let own = note.note.split("In the texts:").next().unwrap_or_default();
        let copied = copied_runs(own, &source_runs);
        assert!(
            copied.is_empty(),
            "{} copies its source: {copied:?}",
            note.id
        );
    }
}

/// Every shipped note the user can read on a provision: the safeguards and commentary annotations, the
/// links of those layers (read on their first end, the safeguard), the crosswalk rationales (read on each
/// UN provision of the link), the answers of the shipped questions (read on each provision they cite) and
/// the lesson stops (note and question), as (owner, provision, text).
fn shipped_notes() -> Vec<(String, ProvisionId, String)> {
    let mut notes = Vec::new();
    for file in [safeguards(), commentary()] {
        for annotation in &file.annotations {
            let provision = annotation.anchor.provision.clone();
            notes.push((annotation.id.clone(), provision, annotation.note.clone()));
        }
        for link in &file.links {
            if let Some(first) = link.ends.first() {
                notes.push((link.id.clone(), first.provision.clone(), link.note.clone()));
            }
        }
    }
    for link in &corpus().crosswalk.links {
        for provision in &link.uncc {
            let owner = format!("crosswalk {} / {}", link.uncc.join(","), link.bc.join(","));
            notes.push((owner, provision.clone(), link.rationale.clone()));
        }
    }
    // A question's UN answer is read on every UN provision it cites, its Budapest answer likewise.
    let questions = questions_layer()
        .expect("texts/questions.ron parses")
        .file
        .questions;
    for question in &questions {
        for (key, answer) in question.answers.iter() {
            for cited in &question.cites[key] {
                let Ok(provision) = ProvisionId::parse(cited.as_str()) else {
                    continue;
                };
                notes.push((question.id.clone(), provision, answer.clone()));
            }
        }
    }
    for (file, lesson) in Lesson::shipped() {
        let lesson = lesson.expect("shipped lessons parse");
        for stop in &lesson.stops {
            let text = format!("{} {}", stop.note, stop.question);
            notes.push((
                format!("{file} stop {}", stop.provision),
                stop.provision.clone(),
                text,
            ));
        }
    }
    notes
}

fn un_provision(id: &str) -> ProvisionId {
    ProvisionId::parse(id).expect("a well-formed ID")
}

/// UN Art. 45(2) says "shall endeavour to provide"; Budapest Art. 33(2) "shall provide". A note that made
/// the UN floor a duty would hide the one point on which the UN text is plainly weaker.
#[test]
fn no_shipped_note_on_un_art_45_2_calls_it_a_duty() {
    let paragraph = un_provision("uncc:art_45__para_2");
    let file = safeguards();
    let on_45_2: Vec<_> = shipped_notes()
        .into_iter()
        .filter(|(_, provision, _)| is_within(provision, &paragraph))
        .collect();
    assert!(on_45_2.len() >= 2, "{on_45_2:?}");
    for (owner, _, note) in &on_45_2 {
        assert!(note.contains("endeavour"), "{owner}: {note}");
        for duty in ["duty", "owed", "obligat", "must provide"] {
            assert!(
                !note.contains(duty),
                "{owner} calls UN Art. 45(2) a duty ({duty:?}): {note}"
            );
        }
    }
    // The evidence quotes the whole sentence, "shall endeavour" included, and Budapest's "shall provide".
    let evidence = file
        .annotations
        .iter()
        .filter(|a| is_within(&a.anchor.provision, &paragraph))
        .flat_map(|a| a.evidence.iter());
    let quotes: Vec<&str> = evidence.map(|e| e.quote.as_str()).collect();
    assert!(
        quotes
            .iter()
            .any(|q| q.starts_with("Each State Party shall endeavour to provide")),
        "{quotes:?}"
    );
    assert!(
        quotes
            .iter()
            .any(|q| q.contains("shall provide such assistance")),
        "{quotes:?}"
    );
}

/// UN Art. 40(8) to (31) apply only where no mutual legal assistance treaty binds the States (Art. 40(7)):
/// a note that leaves that out shows a fallback rule (e.g. the speciality rule of para. 19) as unconditional.
#[test]
fn every_shipped_note_on_un_art_40_8_to_31_cites_art_40_7() {
    let fallback: Vec<ProvisionId> = (8..=31)
        .map(|paragraph| un_provision(&format!("uncc:art_40__para_{paragraph}")))
        .collect();
    let notes: Vec<_> = shipped_notes()
        .into_iter()
        .filter(|(_, provision, _)| fallback.iter().any(|p| is_within(provision, p)))
        .collect();
    assert!(
        notes.len() >= 30,
        "only {} notes on Art. 40(8)-(31)",
        notes.len()
    );
    let missing: Vec<String> = notes
        .iter()
        .filter(|(_, _, note)| !note.contains("Art. 40(7)"))
        .map(|(owner, provision, _)| format!("{owner} on {provision}"))
        .collect();
    assert!(
        missing.is_empty(),
        "notes that do not cite Art. 40(7):\n{}",
        missing.join("\n")
    );
}

/// UN Arts 37(15), 40(22) (and 42(6), 43(2), which import it) lift an obligation where a request aims to
/// prosecute or punish a person for a listed reason: a persecution bar, which users filter by its tag.
#[test]
fn persecution_bars_are_tagged_as_such_and_never_as_non_discrimination() {
    let file = safeguards();
    for id in [
        "uncc:art_37__para_15",
        "uncc:art_40__para_22",
        "uncc:art_42__para_6",
        "uncc:art_43__para_2",
    ] {
        let provision = un_provision(id);
        let tagged: Vec<_> = file
            .annotations
            .iter()
            .filter(|a| a.anchor.provision == provision)
            .collect();
        assert!(!tagged.is_empty(), "no annotation on {id}");
        for annotation in tagged {
            let tags = &annotation.tags;
            assert!(
                tags.iter().any(|t| t == "safeguard/persecution-bar"),
                "{}: {tags:?}",
                annotation.id
            );
            assert!(
                !tags.iter().any(|t| t == "safeguard/non-discrimination"),
                "{}: {tags:?}",
                annotation.id
            );
        }
    }
    // Nor does any shipped text call the bar a non-discrimination clause or speak of "discriminatory purpose".
    for (owner, _, note) in shipped_notes() {
        for wording in ["non-discrimination", "discriminatory purpose"] {
            assert!(!note.contains(wording), "{owner}: {note}");
        }
    }
}

/// The commentary layer says what it is: most opinions it reports are critical, and each note says which
/// kind of view it reports, so that a reader can see the balance (and its limits) at a glance.
#[test]
fn commentary_layer_discloses_its_balance_and_tags_every_stance() {
    let file = commentary();
    assert!(
        file.description.contains("critical"),
        "{}",
        file.description
    );
    assert!(
        file.description.contains("No defence"),
        "{}",
        file.description
    );
    let mut stances = BTreeSet::new();
    for note in &file.annotations {
        let stance: Vec<_> = note
            .tags
            .iter()
            .filter(|t| t.starts_with("stance/"))
            .collect();
        assert_eq!(
            stance.len(),
            1,
            "{} needs exactly one stance/ tag: {:?}",
            note.id,
            note.tags
        );
        stances.insert(stance[0].as_str());
    }
    // Views other than criticism are reported where a supplied source records them.
    assert!(stances.contains("stance/in-favour"), "{stances:?}");
    assert!(stances.contains("stance/descriptive"), "{stances:?}");
    // Primary law is marked as such, not presented as opinion.
    for note in file
        .annotations
        .iter()
        .filter(|n| n.tags.iter().any(|t| t == "stance/primary-law"))
    {
        assert!(
            note.tags.iter().any(|t| t == "source-kind/primary-law"),
            "{}",
            note.id
        );
    }
}

/// The comparisons a comparative brief needs (December review, §7) can be found by their comparison/ tag,
/// each in a note that quotes both treaties.
#[test]
fn each_comparison_a_brief_needs_is_tagged_and_quotes_both_treaties() {
    let file = safeguards();
    for topic in [
        "thresholds",
        "dual-criminality",
        "refusal-grounds-absent",
        "use-after-transfer",
        "preparation-offences",
        "emergency-disclosure",
        "orders-to-providers-abroad",
        "security-research-territory",
        "extradition",
    ] {
        let tag = format!("comparison/{topic}");
        let notes: Vec<_> = file
            .annotations
            .iter()
            .filter(|a| a.tags.contains(&tag))
            .collect();
        assert!(!notes.is_empty(), "no note tagged {tag}");
        for note in notes {
            assert_eq!(
                treaties(&note.evidence).len(),
                2,
                "{} ({tag}) quotes one treaty",
                note.id
            );
        }
    }
}

/// Refusal grounds that neither treaty has are recorded as absences on both sides, not left unsaid.
#[test]
fn refusal_grounds_neither_treaty_has_are_recorded_absences_on_both_sides() {
    let file = safeguards();
    for treaty in [Side::Revision, Side::Base] {
        let absences: Vec<_> = file
            .annotations
            .iter()
            .filter(|a| shipped::side_of_id(&a.anchor.provision) == Some(treaty))
            .filter(|a| a.tags.iter().any(|t| t == "safeguard/absence"))
            .map(|a| a.note.as_str())
            .collect();
        for ground in ["torture", "death penalty", "fair trial"] {
            assert!(
                absences.iter().any(|note| note.contains(ground)),
                "no recorded absence on the {treaty:?} side names {ground}"
            );
        }
    }
}

#[test]
fn shipped_questions_are_answered_for_both_treaties_with_evidence_from_both_all_verified() {
    let library = corpus().library;
    let crosswalk = Crosswalk::embedded().expect("the crosswalk loads");
    let layer = questions_layer().expect("texts/questions.ron parses");
    assert!(layer.read_only && layer.visible && layer.path.is_none());
    let questions = &layer.file.questions;
    assert!(questions.len() >= 12, "{} questions", questions.len());
    let mut notes: BTreeSet<String> = BTreeSet::new();
    for file in [safeguards(), commentary()] {
        notes.extend(file.annotations.iter().map(|a| a.id.clone()));
        notes.extend(file.links.iter().map(|l| l.id.clone()));
    }
    let mut problems = Vec::new();
    for question in questions {
        let id = &question.id;
        problems.extend(evidence_problems(id, &question.evidence, &library));
        if treaties(&question.evidence).len() != 2 {
            problems.push(format!("{id}: evidence from one treaty only"));
        }
        for (key, answer) in question.answers.iter() {
            if answer.trim().is_empty() || !answer.contains("Art.") {
                problems.push(format!(
                    "{id}: no answer with a pinpoint for {}",
                    shipped::prefix(key)
                ));
            }
            if question.cites[key].is_empty() {
                problems.push(format!("{id}: cites nothing of {}", shipped::prefix(key)));
            }
        }
        for cited in question.named_provisions() {
            if library.get(cited.as_str()).is_none() {
                problems.push(format!("{id}: unknown provision {cited}"));
            }
        }
        for link in &question.links {
            if crosswalk_link(&crosswalk, link).is_none() {
                problems.push(format!(
                    "{id}: no crosswalk link {} / {}",
                    link.revision, link.base
                ));
            }
        }
        for note in &question.notes {
            if !notes.contains(note) {
                problems.push(format!("{id}: no shipped note {note}"));
            }
        }
        if question.title.is_empty() || !question.question.ends_with('?') {
            problems.push(format!("{id}: a title and a question are needed"));
        }
    }
    assert_none(problems);
    let errors: Vec<_> = check(&layer.file, QUESTIONS_RON, &library)
        .into_iter()
        .filter(|m| m.is_error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn shipped_questions_cover_the_contested_topics_of_the_review() {
    let layer = questions_layer().expect("texts/questions.ron parses");
    let cited = |id: &str| {
        layer.file.questions.iter().any(|q| {
            q.cites
                .revision
                .iter()
                .chain(&q.cites.base)
                .any(|c| is_within(c.as_str(), id))
        })
    };
    for id in [
        "uncc:art_2__point_h",
        "uncc:art_35__para_3",
        "uncc:art_40__para_21",
        "uncc:art_6",
        "bc:art_15__para_1",
        "uncc:art_24",
        "bc:art_15",
        "uncc:art_36",
        "uncc:art_28__para_4",
        "bc:art_19__para_4",
        "uncc:art_30",
        "bc:art_21",
        "uncc:art_53__para_3__point_e",
        "uncc:art_22",
        "bc:art_32",
        "uncc:art_41__para_3__point_e",
        "bc:art_35",
        "bc:art_42",
        "uncc:art_16",
    ] {
        assert!(cited(id), "no shipped question cites {id}");
    }
}

#[test]
fn question_views_are_attributed_and_paraphrased_and_answers_copy_no_source() {
    let layer = questions_layer().expect("texts/questions.ron parses");
    // A source is one the published commentary layer already names (no invented source).
    let commentary_text = COMMENTARY_RON;
    for question in &layer.file.questions {
        for source in &question.sources {
            let title = source
                .source
                .split('“')
                .nth(1)
                .and_then(|t| t.split('”').next());
            let named = title.is_some_and(|title| commentary_text.contains(title));
            assert!(
                named,
                "{}: source not among the commentary's: {}",
                question.id, source.source
            );
            assert!(!source.view.trim().is_empty());
        }
    }
    let Some(source_runs) = source_prose_runs() else {
        return;
    };
    for question in &layer.file.questions {
        let mut own = vec![
            question.answers.revision.clone(),
            question.answers.base.clone(),
        ];
        own.extend(question.absent.iter().cloned());
        own.extend(question.sources.iter().map(|s| s.view.clone()));
        for text in own {
            let copied = copied_runs(&text, &source_runs);
            assert!(
                copied.is_empty(),
                "{} copies its source: {copied:?}",
                question.id
            );
        }
    }
}
