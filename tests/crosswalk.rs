//! The shipped crosswalk, the term table, the word diff of linked provisions and suggested counterparts.

use crosswalk::corpus::Corpus;
use crosswalk::crosswalk::{Problem, Relation};
use crosswalk::diff::{Change, PairDiff, text_of};
use crosswalk::links::LinkKind;
use crosswalk::model::{ProvisionId, Side, shipped};
use crosswalk::suggest::SuggestionIndex;

fn corpus() -> Corpus {
    Corpus::embedded().expect("embedded data loads")
}

fn ids(list: &[&str]) -> Vec<ProvisionId> {
    list.iter()
        .map(|id| ProvisionId::parse(id).expect("a well-formed ID"))
        .collect()
}

#[test]
fn crosswalk_covers_every_article_and_names_only_real_provisions() {
    let corpus = corpus();
    let problems = corpus.crosswalk.validate(&corpus.library);
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        corpus.crosswalk.links.len() >= 50,
        "{} links",
        corpus.crosswalk.links.len()
    );
    for link in &corpus.crosswalk.links {
        assert!(link.rationale.len() > 20, "rationale too thin: {link:?}");
    }
}

#[test]
fn validation_reports_unknown_ids_and_gaps() {
    let corpus = corpus();
    let mut broken = corpus.crosswalk.clone();
    broken.links[0].bc = ids(&["bc:art_99"]);
    broken.unmatched.retain(|entry| entry.id != "uncc:art_16");
    let problems = broken.validate(&corpus.library);
    assert!(problems.contains(&Problem::UnknownId {
        id: "bc:art_99".into()
    }));
    assert!(problems.contains(&Problem::NotCovered {
        id: "uncc:art_16".into()
    }));
}

#[test]
fn known_pairs_and_known_gaps() {
    let corpus = corpus();
    let cw = &corpus.crosswalk;
    let links = corpus.shipped_links();
    let linked_to = |id: &str| -> Vec<ProvisionId> {
        let key = shipped::side_of_id(id).unwrap().other();
        links
            .pairs_touching(id)
            .iter()
            .flat_map(|&index| links.entries()[index].sides[key].clone())
            .collect()
    };
    for (uncc, bc) in [
        ("uncc:art_7", "bc:art_2"),
        ("uncc:art_8", "bc:art_3"),
        ("uncc:art_24", "bc:art_15"),
        ("uncc:art_28", "bc:art_19"),
        ("uncc:art_41", "bc:art_35"),
    ] {
        assert!(
            linked_to(uncc)
                .iter()
                .any(|id| crosswalk::model::is_within(id, bc)),
            "{uncc} ↔ {bc}"
        );
    }
    // Mutual legal assistance maps to several Budapest articles.
    let mla = linked_to("uncc:art_40");
    for bc in ["bc:art_25", "bc:art_27"] {
        assert!(
            mla.iter().any(|id| crosswalk::model::is_within(id, bc)),
            "uncc:art_40 ↔ {bc}: {mla:?}"
        );
    }
    for id in ["uncc:art_16", "bc:art_10", "bc:art_32"] {
        assert!(
            !links.has_counterpart(id),
            "{id} should have no counterpart"
        );
        assert!(
            cw.unmatched_reason(id)
                .is_some_and(|entry| entry.reason.len() > 20),
            "{id} needs a reason"
        );
    }
    let illegal_access = links.pairs_touching("uncc:art_7")[0];
    assert_ne!(
        links.entries()[illegal_access].kind,
        LinkKind::Crosswalk(Relation::Related)
    );
}

#[test]
fn term_table_terms_occur_in_their_treaties() {
    let corpus = corpus();
    let uncc = crosswalk::texts::UNCC_TEXT.to_lowercase();
    let bc = crosswalk::texts::BC_TEXT.to_lowercase();
    assert!(corpus.terms.terms.len() >= 5);
    for pair in &corpus.terms.terms {
        assert!(
            uncc.contains(&pair.revision.to_lowercase()),
            "UN text lacks {:?}",
            pair.revision
        );
        assert!(
            bc.contains(&pair.base.to_lowercase()),
            "Budapest text lacks {:?}",
            pair.base
        );
    }
}

fn changed_texts(corpus: &Corpus, pair: &PairDiff, row: usize, change: Change) -> Vec<String> {
    let row = &pair.rows[row];
    let bc = row
        .base
        .as_ref()
        .map_or("", |s| text_of(&corpus.library, s));
    let uncc = row
        .revision
        .as_ref()
        .map_or("", |s| text_of(&corpus.library, s));
    row.diff
        .pieces
        .iter()
        .filter(|piece| piece.change == change)
        .map(|piece| {
            if change == Change::Deleted {
                bc[piece.base.clone()].to_owned()
            } else {
                uncc[piece.revision.clone()].to_owned()
            }
        })
        .collect()
}

#[test]
fn un_7_and_budapest_2_differ_only_in_the_intent_wording_once_terms_are_normalised() {
    let corpus = corpus();
    let pair =
        corpus
            .comparisons
            .provisions(&corpus.library, &ids(&["uncc:art_7", "bc:art_2"]), true);
    // Paragraph 1 aligns with Budapest's first sentence, paragraph 2 with its second.
    assert_eq!(pair.rows.len(), 2);
    assert_eq!(
        pair.rows[0].revision.as_ref().unwrap().id,
        "uncc:art_7__para_1"
    );
    assert_eq!(
        pair.rows[1].revision.as_ref().unwrap().id,
        "uncc:art_7__para_2"
    );
    assert_eq!(pair.rows[0].base.as_ref().unwrap().id, "bc:art_2");
    assert_eq!(pair.rows[1].base.as_ref().unwrap().id, "bc:art_2");
    assert!(
        changed_texts(&corpus, &pair, 0, Change::Inserted).is_empty(),
        "{:?}",
        changed_texts(&corpus, &pair, 0, Change::Inserted)
    );
    assert!(
        changed_texts(&corpus, &pair, 0, Change::Deleted).is_empty(),
        "{:?}",
        changed_texts(&corpus, &pair, 0, Change::Deleted)
    );
    assert!(!changed_texts(&corpus, &pair, 0, Change::Equivalent).is_empty());
    let inserted = changed_texts(&corpus, &pair, 1, Change::Inserted);
    assert_eq!(
        inserted,
        ["or criminal"],
        "paragraph 2 adds criminal intent"
    );
    let deleted = changed_texts(&corpus, &pair, 1, Change::Deleted);
    assert!(
        deleted.iter().all(|text| text == ","),
        "only punctuation goes: {deleted:?}"
    );
    assert!(pair.similarity() > 0.95, "{}", pair.similarity());
}

#[test]
fn terminology_toggle_changes_the_highlighted_spans() {
    let corpus = corpus();
    let plain =
        corpus
            .comparisons
            .provisions(&corpus.library, &ids(&["uncc:art_7", "bc:art_2"]), false);
    let folded =
        corpus
            .comparisons
            .provisions(&corpus.library, &ids(&["uncc:art_7", "bc:art_2"]), true);
    let plain_inserted = changed_texts(&corpus, &plain, 0, Change::Inserted);
    assert!(
        plain_inserted
            .iter()
            .any(|t| t.contains("information and communications technology")),
        "{plain_inserted:?}"
    );
    assert!(plain.similarity() < folded.similarity());
    assert_ne!(plain.spans(Side::Revision), folded.spans(Side::Revision));
    assert!(
        folded
            .spans(Side::Revision)
            .iter()
            .any(|(_, _, change)| *change == Change::Equivalent)
    );
    assert!(
        plain
            .spans(Side::Revision)
            .iter()
            .all(|(_, _, change)| *change != Change::Equivalent)
    );
}

#[test]
fn every_linked_pair_diffs_with_valid_spans() {
    let corpus = corpus();
    let links = corpus.shipped_links();
    for link in links.entries() {
        for terms in [false, true] {
            let pair = corpus.comparisons.link(&corpus.library, link, terms);
            let similarity = pair.similarity();
            assert!((0.0..=1.0).contains(&similarity), "{link:?}: {similarity}");
            for key in Side::ALL {
                for (node, range, _) in pair.spans(key) {
                    let text = &corpus.library.treaty(key).node(node).text;
                    assert!(
                        range.end <= text.len()
                            && text.is_char_boundary(range.start)
                            && text.is_char_boundary(range.end)
                    );
                }
            }
        }
    }
}

#[test]
fn suggestions_rank_known_counterparts_first() {
    let corpus = corpus();
    let index = SuggestionIndex::new(&corpus.library, corpus.comparisons.normaliser());
    for (from, expected) in [
        ("bc:art_2", "uncc:art_7"),
        ("bc:art_3", "uncc:art_8"),
        ("bc:art_19", "uncc:art_28"),
        ("bc:art_35", "uncc:art_41"),
        ("uncc:art_24", "bc:art_15"),
        ("uncc:art_27", "bc:art_18"),
    ] {
        let suggestions = index.suggest(&corpus.library, from, 5);
        assert_eq!(suggestions.len(), 5);
        assert_eq!(suggestions[0].id, expected, "{from}: {suggestions:?}");
        assert!(
            suggestions
                .windows(2)
                .all(|pair| pair[0].score >= pair[1].score)
        );
    }
    // Suggestions also work for provisions the crosswalk leaves unlinked, and for paragraphs.
    assert_eq!(index.suggest(&corpus.library, "uncc:art_16", 5).len(), 5);
    assert!(
        index.suggest(&corpus.library, "uncc:art_28__para_1", 3)[0]
            .id
            .starts_with("bc:")
    );
}
