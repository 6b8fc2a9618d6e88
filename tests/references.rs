//! Cross-references in both treaties and the interpretative notes: a hand-checked table of references
//! and what each names, the list of those that name nothing the texts hold, and "referred to by"; the
//! terms each treaty defines and where they are used.

use crosswalk::corpus::Corpus;
use crosswalk::references::CrossReferences;

fn references() -> (Corpus, CrossReferences) {
    let corpus = Corpus::embedded().expect("embedded data loads");
    let references = corpus.references.clone();
    (corpus, references)
}

/// (provision, words of the reference as printed, the provisions they name), each read against the
/// texts by hand: ranges expanded ("articles 7 to 10"), lists split ("Articles 2, 3, 6, paragraph
/// 1.b, 7"), items nested ("paragraph 1 (a) (i) or (ii)"), Budapest's glued items ("paragraph 1.a",
/// "paragraph 1 a.ii"), "this chapter"/"this section", and the notes' references to the Convention.
const TABLE: &[(&str, &str, &[&str])] = &[
    (
        "uncc:art_3__point_b",
        "articles 23 and 35 of this Convention",
        &["uncc:art_23", "uncc:art_35"],
    ),
    (
        "uncc:art_11__para_1__point_a__wrapup",
        "articles 7 to 10 of this Convention",
        &["uncc:art_7", "uncc:art_8", "uncc:art_9", "uncc:art_10"],
    ),
    (
        "uncc:art_11__para_2",
        "paragraph 1 of this article",
        &["uncc:art_11__para_1"],
    ),
    (
        "uncc:art_14__para_1__point_d",
        "subparagraphs (a) to (c) of this paragraph",
        &[
            "uncc:art_14__para_1__point_a",
            "uncc:art_14__para_1__point_b",
            "uncc:art_14__para_1__point_c",
        ],
    ),
    (
        "uncc:art_15__para_1",
        "article 14 of this Convention",
        &["uncc:art_14"],
    ),
    (
        "uncc:art_16__para_2",
        "paragraph 1 of this article",
        &["uncc:art_16__para_1"],
    ),
    (
        "uncc:art_17__para_1__point_b__point_ii",
        "this article",
        &["uncc:art_17"],
    ),
    (
        "uncc:art_17__para_2__point_c",
        "subparagraph (b) of this paragraph",
        &["uncc:art_17__para_2__point_b"],
    ),
    (
        "uncc:art_17__para_2__point_f",
        "paragraph 1 of this article",
        &["uncc:art_17__para_1"],
    ),
    (
        "uncc:art_22__para_2__point_c",
        "article 17, paragraph 1 (b) (ii), of this Convention",
        &["uncc:art_17__para_1__point_b__point_ii"],
    ),
    (
        "uncc:art_22__para_2__point_c",
        "article 17, paragraph 1 (a) (i) or (ii) or (b) (i), of this Convention",
        &[
            "uncc:art_17__para_1__point_a__point_i",
            "uncc:art_17__para_1__point_a__point_ii",
            "uncc:art_17__para_1__point_b__point_i",
        ],
    ),
    (
        "uncc:art_23__para_2",
        "paragraph 1 of this article",
        &["uncc:art_23__para_1"],
    ),
    (
        "uncc:art_23__para_3__point_b",
        "articles 29 and 30 of this Convention",
        &["uncc:art_29", "uncc:art_30"],
    ),
    ("uncc:art_24__para_1", "this chapter", &["uncc:chp_4"]),
    ("uncc:art_24__para_4", "this article", &["uncc:art_24"]),
    (
        "uncc:art_26",
        "article 25 of this Convention",
        &["uncc:art_25"],
    ),
    (
        "uncc:art_29__para_2",
        "paragraph 1 (a) of this article",
        &["uncc:art_29__para_1__point_a"],
    ),
    (
        "uncc:art_31__para_2",
        "paragraph 1 of this article",
        &["uncc:art_31__para_1"],
    ),
    ("uncc:art_31__para_7", "this article", &["uncc:art_31"]),
    ("uncc:art_31__para_10", "this article", &["uncc:art_31"]),
    (
        "uncc:art_34__para_4",
        "articles 14 to 16 of this Convention",
        &["uncc:art_14", "uncc:art_15", "uncc:art_16"],
    ),
    (
        "uncc:art_35__para_2",
        "paragraph 1 (b) and (c) of this article",
        &[
            "uncc:art_35__para_1__point_b",
            "uncc:art_35__para_1__point_c",
        ],
    ),
    (
        "uncc:art_35__para_2",
        "article 40, and articles 41 to 46 of this Convention",
        &[
            "uncc:art_40",
            "uncc:art_41",
            "uncc:art_42",
            "uncc:art_43",
            "uncc:art_44",
            "uncc:art_45",
            "uncc:art_46",
        ],
    ),
    ("uncc:art_37__para_3", "this article", &["uncc:art_37"]),
    (
        "uncc:art_37__para_6__point_b",
        "this article",
        &["uncc:art_37"],
    ),
    (
        "uncc:art_37__para_12",
        "paragraph 11 of this article",
        &["uncc:art_37__para_11"],
    ),
    ("uncc:art_40__para_3", "this article", &["uncc:art_40"]),
    (
        "uncc:art_40__para_5",
        "paragraph 4 of this article",
        &["uncc:art_40__para_4"],
    ),
    (
        "uncc:art_40__para_7",
        "paragraphs 8 to 31 of this article",
        &[
            "uncc:art_40__para_8",
            "uncc:art_40__para_9",
            "uncc:art_40__para_10",
            "uncc:art_40__para_11",
            "uncc:art_40__para_12",
            "uncc:art_40__para_13",
            "uncc:art_40__para_14",
            "uncc:art_40__para_15",
            "uncc:art_40__para_16",
            "uncc:art_40__para_17",
            "uncc:art_40__para_18",
            "uncc:art_40__para_19",
            "uncc:art_40__para_20",
            "uncc:art_40__para_21",
            "uncc:art_40__para_22",
            "uncc:art_40__para_23",
            "uncc:art_40__para_24",
            "uncc:art_40__para_25",
            "uncc:art_40__para_26",
            "uncc:art_40__para_27",
            "uncc:art_40__para_28",
            "uncc:art_40__para_29",
            "uncc:art_40__para_30",
            "uncc:art_40__para_31",
        ],
    ),
    (
        "uncc:art_40__para_19",
        "this paragraph",
        &["uncc:art_40__para_19"],
    ),
    (
        "uncc:art_40__para_28",
        "paragraph 27 of this article",
        &["uncc:art_40__para_27"],
    ),
    ("uncc:art_41__para_2", "this article", &["uncc:art_41"]),
    (
        "uncc:art_42__para_3",
        "paragraph 1 of this article",
        &["uncc:art_42__para_1"],
    ),
    (
        "uncc:art_42__para_6",
        "article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention",
        &[
            "uncc:art_40__para_21__point_b",
            "uncc:art_40__para_21__point_c",
            "uncc:art_40__para_22",
        ],
    ),
    (
        "uncc:art_42__para_9",
        "paragraph 8 of this article",
        &["uncc:art_42__para_8"],
    ),
    (
        "uncc:art_44__para_1",
        "article 42 of this Convention",
        &["uncc:art_42"],
    ),
    (
        "uncc:art_45__para_1",
        "paragraph 2 of this article",
        &["uncc:art_45__para_2"],
    ),
    (
        "uncc:art_49__para_2__point_a",
        "paragraph 1 (a) of this article",
        &["uncc:art_49__para_1__point_a"],
    ),
    (
        "uncc:art_50__para_2",
        "article 31, paragraph 1, of this Convention",
        &["uncc:art_31__para_1"],
    ),
    (
        "uncc:art_50__para_3",
        "article 40, paragraph 15, of this Convention",
        &["uncc:art_40__para_15"],
    ),
    (
        "uncc:art_50__para_3__point_c",
        "paragraph 2 of this article",
        &["uncc:art_50__para_2"],
    ),
    ("uncc:art_50__para_7", "this article", &["uncc:art_50"]),
    (
        "uncc:art_51",
        "article 50 of this Convention",
        &["uncc:art_50"],
    ),
    (
        "uncc:art_52__para_3__point_a",
        "article 56, paragraph 2 (c), of this Convention",
        &["uncc:art_56__para_2__point_c"],
    ),
    (
        "uncc:art_54__para_5",
        "paragraph 3 of this article",
        &["uncc:art_54__para_3"],
    ),
    (
        "uncc:art_57__para_4",
        "paragraph 3 of this article",
        &["uncc:art_57__para_3"],
    ),
    (
        "uncc:art_57__para_8",
        "paragraphs 5 to 7 of this article",
        &[
            "uncc:art_57__para_5",
            "uncc:art_57__para_6",
            "uncc:art_57__para_7",
        ],
    ),
    (
        "uncc:art_63__para_4",
        "paragraph 3 of this article",
        &["uncc:art_63__para_3"],
    ),
    ("uncc:art_66__para_2", "this article", &["uncc:art_66"]),
    (
        "uncc:conclusions__fn_1",
        "articles 2, 17, 23 and 35 of this Convention",
        &["uncc:art_2", "uncc:art_17", "uncc:art_23", "uncc:art_35"],
    ),
    (
        "uncc:annex__note_2",
        "article 2 of the convention",
        &["uncc:art_2"],
    ),
    ("bc:art_4__para_2", "paragraph 1", &["bc:art_4__para_1"]),
    (
        "bc:art_6__para_1__point_b",
        "paragraphs a.i or ii above",
        &[
            "bc:art_6__para_1__point_a__point_i",
            "bc:art_6__para_1__point_a__point_ii",
        ],
    ),
    (
        "bc:art_6__para_1__point_b",
        "Articles 2 through 5",
        &["bc:art_2", "bc:art_3", "bc:art_4", "bc:art_5"],
    ),
    (
        "bc:art_6__para_3",
        "paragraph 1 of this article",
        &["bc:art_6__para_1"],
    ),
    (
        "bc:art_6__para_3",
        "paragraph 1 a.ii of this article",
        &["bc:art_6__para_1__point_a__point_ii"],
    ),
    (
        "bc:art_9__para_4",
        "paragraphs 1, sub-paragraphs d. and e, and 2, sub-paragraphs b. and c",
        &[
            "bc:art_9__para_1__point_d",
            "bc:art_9__para_1__point_e",
            "bc:art_9__para_2__point_b",
            "bc:art_9__para_2__point_c",
        ],
    ),
    (
        "bc:art_11__para_2",
        "Articles 3 through 5, 7, 8, and 9",
        &[
            "bc:art_3", "bc:art_4", "bc:art_5", "bc:art_7", "bc:art_8", "bc:art_9",
        ],
    ),
    (
        "bc:art_13__para_1",
        "Articles 2 through 11",
        &[
            "bc:art_2",
            "bc:art_3",
            "bc:art_4",
            "bc:art_5",
            "bc:art_6",
            "bc:art_7",
            "bc:art_8",
            "bc:art_9",
            "bc:art_10",
            "bc:art_11",
        ],
    ),
    ("bc:art_14__para_1", "this section", &["bc:chp_2__sec_2"]),
    (
        "bc:art_14__para_2",
        "paragraph 1 of this article",
        &["bc:art_14__para_1"],
    ),
    ("bc:art_14__para_3__point_a", "Article 20", &["bc:art_20"]),
    ("bc:art_15__para_3", "this section", &["bc:chp_2__sec_2"]),
    (
        "bc:art_16__para_4",
        "Articles 14 and 15",
        &["bc:art_14", "bc:art_15"],
    ),
    ("bc:art_17__para_1", "Article 16", &["bc:art_16"]),
    (
        "bc:art_17__para_2",
        "Articles 14 and 15",
        &["bc:art_14", "bc:art_15"],
    ),
    (
        "bc:art_18__para_2",
        "Articles 14 and 15",
        &["bc:art_14", "bc:art_15"],
    ),
    (
        "bc:art_19__para_4",
        "paragraphs 1 and 2",
        &["bc:art_19__para_1", "bc:art_19__para_2"],
    ),
    (
        "bc:art_19__para_5",
        "Articles 14 and 15",
        &["bc:art_14", "bc:art_15"],
    ),
    ("bc:art_20__para_3", "this article", &["bc:art_20"]),
    (
        "bc:art_20__para_4",
        "Articles 14 and 15",
        &["bc:art_14", "bc:art_15"],
    ),
    ("bc:art_21__para_3", "this article", &["bc:art_21"]),
    (
        "bc:art_21__para_4",
        "Articles 14 and 15",
        &["bc:art_14", "bc:art_15"],
    ),
    (
        "bc:art_22__para_2",
        "paragraphs 1.b through 1.d of this article",
        &[
            "bc:art_22__para_1__point_b",
            "bc:art_22__para_1__point_c",
            "bc:art_22__para_1__point_d",
        ],
    ),
    (
        "bc:art_24__para_1__point_a",
        "Articles 2 through 11 of this Convention",
        &[
            "bc:art_2",
            "bc:art_3",
            "bc:art_4",
            "bc:art_5",
            "bc:art_6",
            "bc:art_7",
            "bc:art_8",
            "bc:art_9",
            "bc:art_10",
            "bc:art_11",
        ],
    ),
    (
        "bc:art_24__para_6",
        "paragraph 1 of this article",
        &["bc:art_24__para_1"],
    ),
    ("bc:art_25__para_5", "this chapter", &["bc:chp_3"]),
    ("bc:art_27__para_1", "this article", &["bc:art_27"]),
    ("bc:art_27__para_8", "this chapter", &["bc:chp_3"]),
    (
        "bc:art_27__para_9__point_c",
        "sub-paragraph a. of this article",
        &["bc:art_27__para_9__point_a"],
    ),
    (
        "bc:art_27__para_9__point_e",
        "this paragraph",
        &["bc:art_27__para_9"],
    ),
    ("bc:art_28__para_3", "paragraph 2", &["bc:art_28__para_2"]),
    ("bc:art_29__para_4", "this article", &["bc:art_29"]),
    ("bc:art_31__para_1", "Article 29", &["bc:art_29"]),
    ("bc:art_33__para_1", "paragraph 2", &["bc:art_33__para_2"]),
    (
        "bc:art_37__para_2",
        "paragraph 1 above",
        &["bc:art_37__para_1"],
    ),
    (
        "bc:art_40",
        "Articles 2, 3, 6, paragraph 1.b, 7, 9 paragraph 3, and 27, paragraph 9.e",
        &[
            "bc:art_2",
            "bc:art_3",
            "bc:art_6__para_1__point_b",
            "bc:art_7",
            "bc:art_9__para_3",
            "bc:art_27__para_9__point_e",
        ],
    ),
    (
        "bc:art_41__para_1",
        "Chapter II of this Convention",
        &["bc:chp_2"],
    ),
    ("bc:art_41__para_1", "Chapter III", &["bc:chp_3"]),
    ("bc:art_41__para_2", "paragraph 1", &["bc:art_41__para_1"]),
    (
        "bc:art_42",
        "Article 4, paragraph 2, Article 6, paragraph 3, Article 9, paragraph 4, Article 10, paragraph 3, Article 11, paragraph 3, Article 14, paragraph 3, Article 22, paragraph 2, Article 29, paragraph 4, and Article 41, paragraph 1",
        &[
            "bc:art_4__para_2",
            "bc:art_6__para_3",
            "bc:art_9__para_4",
            "bc:art_10__para_3",
            "bc:art_11__para_3",
            "bc:art_14__para_3",
            "bc:art_22__para_2",
            "bc:art_29__para_4",
            "bc:art_41__para_1",
        ],
    ),
    ("bc:art_43__para_2", "Article 42", &["bc:art_42"]),
    (
        "bc:art_44__para_5",
        "paragraph 3 of this article",
        &["bc:art_44__para_3"],
    ),
    ("bc:art_46__para_5", "this article", &["bc:art_46"]),
    (
        "uncc:annex__note_1",
        "article 2 (e)",
        &["uncc:art_2__point_e"],
    ),
    (
        "uncc:annex__note_1",
        "subparagraph (ii)",
        &["uncc:art_2__point_e__point_ii"],
    ),
    (
        "uncc:annex__note_1",
        "subparagraph (i)",
        &["uncc:art_2__point_e__point_i"],
    ),
    (
        "uncc:annex__note_2",
        "article 2 of the convention",
        &["uncc:art_2"],
    ),
    ("uncc:annex__note_3", "article 17", &["uncc:art_17"]),
    (
        "uncc:annex__note_3",
        "articles 7 to 16 of the convention",
        &[
            "uncc:art_7",
            "uncc:art_8",
            "uncc:art_9",
            "uncc:art_10",
            "uncc:art_11",
            "uncc:art_12",
            "uncc:art_13",
            "uncc:art_14",
            "uncc:art_15",
            "uncc:art_16",
        ],
    ),
    (
        "uncc:annex__note_4",
        "article 19 of the convention",
        &["uncc:art_19"],
    ),
];

#[test]
fn every_reference_of_the_hand_checked_table_resolves_exactly() {
    let (_, references) = references();
    assert!(TABLE.len() >= 60);
    for (source, words, expected) in TABLE {
        let found: Vec<_> = references
            .in_text_of(source)
            .filter(|reference| reference.words == *words)
            .collect();
        assert!(!found.is_empty(), "{source}: no reference “{words}”");
        for reference in found {
            let targets: Vec<&str> = reference.targets.iter().map(|id| id.as_str()).collect();
            assert_eq!(&targets, expected, "{source}: “{words}”");
        }
    }
    for key in ["uncc:", "bc:", "uncc:annex"] {
        assert!(
            TABLE
                .iter()
                .filter(|(source, _, _)| source.starts_with(key))
                .count()
                >= 5,
            "{key}"
        );
    }
}

#[test]
fn the_references_that_name_nothing_in_the_texts_are_listed_and_not_linked() {
    let (_, references) = references();
    let unresolved: Vec<String> = references
        .unresolved()
        .iter()
        .map(|entry| format!("{} “{}”: {}", entry.source, entry.words, entry.reason))
        .collect();
    // The Budapest Convention's Art. 37(1) cites the Statute of the Council of Europe.
    assert_eq!(
        unresolved,
        vec!["bc:art_37__para_1 “Article 20.d. of the”: refers to another instrument"],
    );
    let linked = references
        .all()
        .iter()
        .any(|reference| reference.source == "bc:art_37__para_1");
    assert!(!linked, "a reference to another instrument is not a link");
}

#[test]
fn no_word_article_used_generically_becomes_a_link() {
    let (corpus, references) = references();
    let designation = |rest: &str| {
        let rest = rest.trim_start();
        rest.starts_with(|c: char| {
            c.is_ascii_digit() || c == '(' || c.is_ascii_lowercase() || "IVX".contains(c)
        })
    };
    for reference in references.all() {
        let words = reference.words.to_lowercase();
        let (first, rest) = words.split_once(' ').expect("at least two words");
        let ok = match first {
            "this" => ["article", "paragraph", "chapter", "section"]
                .iter()
                .any(|noun| rest.starts_with(noun)),
            "article" | "articles" | "paragraph" | "paragraphs" | "subparagraph"
            | "subparagraphs" | "sub-paragraph" | "sub-paragraphs" => designation(rest),
            "chapter" => designation(&reference.words["chapter".len()..]),
            _ => false,
        };
        assert!(
            ok,
            "{}: “{}” is not a reference",
            reference.source, reference.words
        );
    }
    // The one generic use of the word in either treaty's articles (Budapest Art. 25(4): "provided in
    // articles in this chapter"): "this chapter" is a link, "articles" is not.
    let id = "bc:art_25__para_4";
    let node = corpus.library.get(id).expect("provision exists");
    let at = node
        .text
        .find("articles in this chapter")
        .expect("words in the text");
    let covering: Vec<&str> = references
        .in_text_of(id)
        .filter(|reference| {
            reference.range.start <= at + "articles in ".len() && at < reference.range.end
        })
        .map(|reference| reference.words.as_str())
        .collect();
    assert_eq!(covering, ["this chapter"]);
    // "this Convention" names the whole treaty and is never a link of its own.
    assert!(
        references
            .all()
            .iter()
            .all(|reference| !reference.words.eq_ignore_ascii_case("this Convention"))
    );
}

#[test]
fn this_chapter_in_un_art_24_1_names_chapter_iv() {
    let (_, references) = references();
    let found: Vec<_> = references.in_text_of("uncc:art_24__para_1").collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].words, "this chapter");
    assert_eq!(found[0].targets, vec!["uncc:chp_4"]);
}

#[test]
fn budapest_art_15_is_referred_to_by_the_powers_in_arts_16_to_21() {
    let (corpus, references) = references();
    let mut articles: Vec<String> = references
        .referred_to_by("bc:art_15")
        .iter()
        .map(|reference| {
            corpus
                .library
                .get(reference.source.article().expect("in an article").as_str())
                .expect("exists")
                .pinpoint
                .clone()
        })
        .collect();
    articles.dedup();
    assert_eq!(
        articles,
        [
            "Art. 16", "Art. 17", "Art. 18", "Art. 19", "Art. 20", "Art. 21"
        ]
    );
    assert!(
        references
            .referred_to_by("bc:art_15")
            .iter()
            .all(|reference| reference.words == "Articles 14 and 15")
    );
    let refers_to: Vec<&str> = references
        .refers_to("bc:art_15")
        .iter()
        .map(|r| r.words.as_str())
        .collect();
    assert_eq!(refers_to, ["this Section", "this section"]);
}

#[test]
fn the_defined_terms_of_both_treaties_and_the_notes_are_found_with_their_uses() {
    let corpus = Corpus::embedded().expect("embedded data loads");
    let terms = &corpus.defined_terms;
    let defined: Vec<(&str, &str)> = terms
        .definitions()
        .iter()
        .map(|definition| (definition.id.as_str(), definition.term.as_str()))
        .collect();
    for expected in [
        (
            "uncc:art_2__point_a",
            "Information and communications technology system",
        ),
        ("uncc:art_2__point_b", "Electronic data"),
        ("uncc:art_2__point_h", "Serious crime"),
        ("uncc:art_2__point_k", "Freezing"),
        ("uncc:art_2__point_k", "seizure"),
        ("uncc:art_2__point_o", "Emergency"),
        ("uncc:annex__note_4", "criminal investigations"),
        ("bc:art_1__point_a", "computer system"),
        ("bc:art_1__point_d", "traffic data"),
    ] {
        assert!(defined.contains(&expected), "{expected:?} in {defined:?}");
    }
    assert_eq!(defined.len(), 16 + 4 + 1, "{defined:?}");

    // UN Art. 28(4): "… the electronic data therein …" uses the defined term, whatever its case.
    let node = corpus.library.get("uncc:art_28__para_4").expect("exists");
    let used: Vec<&str> = terms
        .uses_in("uncc:art_28__para_4")
        .map(|term_use| &node.text[term_use.range.clone()])
        .collect();
    assert!(used.contains(&"electronic data"), "{used:?}");
    assert!(
        used.contains(&"information and communications technology system"),
        "{used:?}"
    );
    // The term where it is defined is not a use of itself; plurals are uses.
    assert!(
        terms
            .uses_in("uncc:art_2__point_b")
            .all(|term_use| term_use.range.start > 10)
    );
    let budapest = corpus
        .library
        .get("bc:art_14__para_2__point_b")
        .expect("exists");
    assert!(
        terms
            .uses_in("bc:art_14__para_2__point_b")
            .any(|term_use| &budapest.text[term_use.range.clone()] == "computer system"),
        "{}",
        budapest.text
    );
    // A note's term holds where the note says: Arts 23 and 35, not Art. 24.
    let note_term = defined
        .iter()
        .position(|(_, term)| *term == "criminal investigations")
        .expect("defined");
    assert!(
        terms
            .uses_in("uncc:art_23__para_2__point_a")
            .any(|u| u.definition == note_term)
            || terms
                .uses_in("uncc:art_23__para_1")
                .any(|u| u.definition == note_term)
    );
    assert!(
        !terms
            .uses_in("uncc:art_24__para_4")
            .any(|u| u.definition == note_term)
    );

    // The term table pairs "electronic data" with Budapest's "computer data"; "service provider" is
    // defined by both under the same words.
    let electronic = defined
        .iter()
        .position(|(_, term)| *term == "Electronic data")
        .expect("defined");
    let paired = terms
        .counterpart(&corpus.terms, electronic)
        .expect("paired");
    assert_eq!(
        (paired.id.as_str(), paired.term.as_str()),
        ("bc:art_1__point_b", "computer data")
    );
    let provider = defined
        .iter()
        .position(|(_, term)| *term == "Service provider")
        .expect("defined");
    assert_eq!(
        terms
            .counterpart(&corpus.terms, provider)
            .map(|d| d.id.as_str()),
        Some("bc:art_1__point_c")
    );
    let serious = defined
        .iter()
        .position(|(_, term)| *term == "Serious crime")
        .expect("defined");
    assert!(terms.counterpart(&corpus.terms, serious).is_none());
}
