//! The embedded texts parse into the expected provision trees, and match the shared sources word for word.

use std::collections::HashSet;
use std::path::Path;

use crosswalk::model::{Kind, Treaty, shipped};
use crosswalk::texts;

fn library() -> crosswalk::Library {
    texts::load_embedded().expect("embedded texts parse")
}

fn article_numbers_in_chapter(treaty: &Treaty, chapter_id: &str) -> Vec<u32> {
    let chapter = treaty.index_of(chapter_id).expect("chapter exists");
    treaty.nodes[chapter..treaty.subtree_end(chapter)]
        .iter()
        .filter(|node| node.kind == Kind::Article)
        .map(|node| node.num.as_deref().unwrap().parse().unwrap())
        .collect()
}

fn count_children(treaty: &Treaty, id: &str, kind: Kind) -> usize {
    let ix = treaty.index_of(id).unwrap_or_else(|| panic!("{id} exists"));
    treaty
        .children_of(ix)
        .filter(|child| child.kind == kind)
        .count()
}

#[test]
fn un_convention_has_68_articles_in_9_chapters() {
    let library = library();
    let uncc = &library.treaties.revision;
    assert_eq!(uncc.articles().count(), 68);
    let chapters: Vec<_> = uncc
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Chapter)
        .collect();
    assert_eq!(chapters.len(), 9);
    let expected: [(u32, u32); 9] = [
        (1, 6),
        (7, 21),
        (22, 22),
        (23, 34),
        (35, 52),
        (53, 53),
        (54, 56),
        (57, 58),
        (59, 68),
    ];
    for (index, (first, last)) in expected.iter().enumerate() {
        let numbers = article_numbers_in_chapter(uncc, &format!("uncc:chp_{}", index + 1));
        assert_eq!(
            numbers,
            (*first..=*last).collect::<Vec<_>>(),
            "chapter {}",
            index + 1
        );
    }
    assert_eq!(chapters[4].num.as_deref(), Some("V"));
    assert_eq!(
        chapters[4].heading.as_deref(),
        Some("International cooperation")
    );
    assert!(
        uncc.title
            .starts_with("United Nations Convention against Cybercrime;")
    );
}

#[test]
fn budapest_has_48_articles_in_4_chapters_with_sections_and_titles() {
    let library = library();
    let bc = &library.treaties.base;
    assert_eq!(bc.articles().count(), 48);
    assert_eq!(
        bc.nodes.iter().filter(|n| n.kind == Kind::Chapter).count(),
        4
    );
    let expected: [(u32, u32); 4] = [(1, 1), (2, 22), (23, 35), (36, 48)];
    for (index, (first, last)) in expected.iter().enumerate() {
        let numbers = article_numbers_in_chapter(bc, &format!("bc:chp_{}", index + 1));
        assert_eq!(
            numbers,
            (*first..=*last).collect::<Vec<_>>(),
            "chapter {}",
            index + 1
        );
    }
    // Chapter II: sections 1-3; Chapter III: sections 1-2.
    assert_eq!(count_children(bc, "bc:chp_2", Kind::Section), 3);
    assert_eq!(count_children(bc, "bc:chp_3", Kind::Section), 2);
    assert_eq!(count_children(bc, "bc:chp_2__sec_1", Kind::Title), 5);
    assert_eq!(count_children(bc, "bc:chp_2__sec_2", Kind::Title), 5);
    assert_eq!(count_children(bc, "bc:chp_3__sec_1", Kind::Title), 4);
    assert_eq!(count_children(bc, "bc:chp_3__sec_2", Kind::Title), 3);
    let title = bc.get("bc:chp_2__sec_1__title_3").unwrap();
    assert_eq!(title.heading.as_deref(), Some("Content-related offences"));
    assert_eq!(title.pinpoint, "Chapter II, Section 1, Title 3");
    // Article 9 sits in that title; Article 22 directly in Section 3.
    let art9 = bc.index_of("bc:art_9").unwrap();
    assert_eq!(
        bc.nodes[art9].parent,
        bc.index_of("bc:chp_2__sec_1__title_3")
    );
    assert_eq!(
        bc.nodes[bc.index_of("bc:art_22").unwrap()].parent,
        bc.index_of("bc:chp_2__sec_3")
    );
}

#[test]
fn every_article_has_its_heading() {
    let library = library();
    let spot_checks = [
        ("uncc:art_1", "Statement of purpose"),
        (
            "uncc:art_13",
            "Information and communications technology system-related theft or fraud",
        ),
        ("uncc:art_24", "Conditions and safeguards"),
        (
            "uncc:art_40",
            "General principles and procedures relating to mutual legal assistance",
        ),
        ("uncc:art_68", "Depositary and languages"),
        ("bc:art_1", "Definitions"),
        ("bc:art_15", "Conditions and safeguards"),
        (
            "bc:art_32",
            "Trans-border access to stored computer data with consent or where publicly available",
        ),
        ("bc:art_48", "Notification"),
    ];
    for (id, heading) in spot_checks {
        assert_eq!(
            library.get(id).unwrap().heading.as_deref(),
            Some(heading),
            "{id}"
        );
    }
    for treaty in [&library.treaties.revision, &library.treaties.base] {
        for article in treaty.articles() {
            let heading = article.heading.as_deref().unwrap_or("");
            assert!(
                !heading.is_empty() && !heading.contains('#'),
                "{} heading {heading:?}",
                article.id
            );
        }
    }
}

#[test]
fn tricky_articles_have_the_right_paragraphs_and_items() {
    let library = library();
    let uncc = &library.treaties.revision;
    let bc = &library.treaties.base;
    // UN Art. 40: 32 paragraphs (requests, grounds for refusal, …).
    assert_eq!(count_children(uncc, "uncc:art_40", Kind::Paragraph), 32);
    assert_eq!(count_children(uncc, "uncc:art_40__para_3", Kind::Point), 13);
    assert_eq!(
        uncc.get("uncc:art_40__para_3__point_k").unwrap().text,
        "Facilitating the voluntary appearance of persons in the requesting State Party"
    );
    assert_eq!(count_children(uncc, "uncc:art_40__para_12", Kind::Point), 4);
    assert!(uncc.get("uncc:art_40__para_12").unwrap().text.is_empty());
    // UN Art. 17: (1)(a) has no lead-in text and two roman items; (2) has (a)-(f).
    assert_eq!(count_children(uncc, "uncc:art_17", Kind::Paragraph), 2);
    assert_eq!(count_children(uncc, "uncc:art_17__para_1", Kind::Point), 2);
    assert_eq!(uncc.get("uncc:art_17__para_1__point_a").unwrap().text, "");
    assert_eq!(
        count_children(uncc, "uncc:art_17__para_1__point_a", Kind::Point),
        2
    );
    assert_eq!(
        count_children(uncc, "uncc:art_17__para_1__point_b", Kind::Point),
        2
    );
    assert_eq!(count_children(uncc, "uncc:art_17__para_2", Kind::Point), 6);
    assert_eq!(
        uncc.get("uncc:art_17__para_1__point_a__point_ii")
            .unwrap()
            .pinpoint,
        "Art. 17(1)(a)(ii)"
    );
    // UN Art. 14: 5 paragraphs; 4 items in (1) and (2), 2 in (3) and (4).
    assert_eq!(count_children(uncc, "uncc:art_14", Kind::Paragraph), 5);
    for (para, items) in [(1, 4), (2, 4), (3, 2), (4, 2), (5, 0)] {
        assert_eq!(
            count_children(uncc, &format!("uncc:art_14__para_{para}"), Kind::Point),
            items,
            "14({para})"
        );
    }
    // UN Art. 2: letters (a)-(o), where "(i)" is the letter i, not a roman one.
    assert_eq!(count_children(uncc, "uncc:art_2", Kind::Point), 15);
    assert!(
        uncc.get("uncc:art_2__point_i")
            .unwrap()
            .text
            .starts_with("“Property” shall mean")
    );
    assert_eq!(count_children(uncc, "uncc:art_2__point_f", Kind::Point), 3);

    // Budapest Art. 6: (1)(a) with (i), (ii) and closing words; (1)(b); paragraphs 2 and 3.
    assert_eq!(count_children(bc, "bc:art_6", Kind::Paragraph), 3);
    assert_eq!(count_children(bc, "bc:art_6__para_1", Kind::Point), 2);
    assert_eq!(
        count_children(bc, "bc:art_6__para_1__point_a", Kind::Point),
        2
    );
    let wrap = bc.get("bc:art_6__para_1__point_a__wrapup").unwrap();
    assert!(wrap.text.starts_with("with intent that it be used"));
    assert_eq!(
        bc.get("bc:art_6__para_1__point_a__point_ii")
            .unwrap()
            .pinpoint,
        "Art. 6(1)(a)(ii)"
    );
    // Budapest Art. 9: 4 paragraphs; a)-e) in (1), a)-c) in (2).
    assert_eq!(count_children(bc, "bc:art_9", Kind::Paragraph), 4);
    assert_eq!(count_children(bc, "bc:art_9__para_1", Kind::Point), 5);
    assert_eq!(count_children(bc, "bc:art_9__para_2", Kind::Point), 3);
    // Budapest Art. 29: 7 paragraphs; a)-f) in (2), a)-b) in (5).
    assert_eq!(count_children(bc, "bc:art_29", Kind::Paragraph), 7);
    assert_eq!(count_children(bc, "bc:art_29__para_2", Kind::Point), 6);
    assert_eq!(count_children(bc, "bc:art_29__para_5", Kind::Point), 2);
}

#[test]
fn closing_words_attach_to_the_sentence_they_close() {
    let library = library();
    // Art. 13 (UN) / Art. 8 (Budapest): the list is the article's own.
    assert!(
        library
            .get("uncc:art_13__wrapup")
            .unwrap()
            .text
            .starts_with("with the fraudulent or dishonest intent")
    );
    assert!(
        library
            .get("bc:art_8__wrapup")
            .unwrap()
            .text
            .starts_with("with fraudulent or dishonest intent")
    );
    // Real-time collection: the closing words govern both (a) and (b), so they belong to paragraph 1.
    assert!(
        library
            .get("bc:art_20__para_1__wrapup")
            .unwrap()
            .text
            .starts_with("traffic data, in real-time")
    );
    assert!(
        library
            .get("uncc:art_29__para_1__wrapup")
            .unwrap()
            .text
            .starts_with("traffic data, in real time")
    );
    assert!(
        library
            .get("uncc:art_11__para_1__point_a__wrapup")
            .is_some()
    );
    assert_eq!(
        library
            .get("uncc:art_11__para_1__point_a__wrapup")
            .unwrap()
            .pinpoint,
        "Art. 11(1)(a), closing words"
    );
}

#[test]
fn ids_are_unique_and_well_formed() {
    let library = library();
    for treaty in [&library.treaties.revision, &library.treaties.base] {
        let mut seen = HashSet::new();
        for node in &treaty.nodes {
            assert!(seen.insert(node.id.clone()), "duplicate {}", node.id);
            assert!(
                node.id
                    .starts_with(&format!("{}:", shipped::prefix(treaty.key))),
                "{}",
                node.id
            );
            assert!(
                node.id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
                "{}",
                node.id
            );
            assert_eq!(
                treaty.index_of(&node.id).map(|ix| &treaty.nodes[ix]),
                Some(node)
            );
        }
    }
}

#[test]
fn ids_and_pinpoints_follow_the_documented_scheme() {
    let library = library();
    let checks = [
        ("uncc:art_24__para_1", "Art. 24(1)"),
        ("bc:art_6__para_1__point_a", "Art. 6(1)(a)"),
        ("uncc:preamble__rec_3", "Preamble, recital 3"),
        ("uncc:art_13__point_c", "Art. 13(c)"),
        ("bc:art_39__para_1__indent_2", "Art. 39(1), indent 2"),
        ("uncc:conclusions__fn_1", "Closing formula, footnote 1"),
        ("bc:conclusions__formula_2", "Closing formula, para. 2"),
        ("uncc:annex__note_4", "Interpretative note 4"),
    ];
    for (id, pinpoint) in checks {
        assert_eq!(
            library.get(id).map(|n| n.pinpoint.as_str()),
            Some(pinpoint),
            "{id}"
        );
    }
    assert!(
        library
            .get("uncc:preamble__rec_3")
            .unwrap()
            .text
            .starts_with("Concerned that the use")
    );
    assert_eq!(
        library.get("bc:preamble__formula_2").unwrap().text,
        "Have agreed as follows:"
    );
    assert_eq!(
        library
            .treaties
            .revision
            .nodes
            .iter()
            .filter(|n| n.kind == Kind::Recital)
            .count(),
        15
    );
    assert_eq!(
        library
            .treaties
            .base
            .nodes
            .iter()
            .filter(|n| n.kind == Kind::Recital)
            .count(),
        16
    );
}

#[test]
fn interpretative_notes_attach_to_articles_2_17_23_35() {
    let library = library();
    let uncc = &library.treaties.revision;
    let notes = |id: &str| {
        uncc.notes_for(id)
            .iter()
            .map(|n| n.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        notes("uncc:art_2"),
        ["uncc:annex__note_1", "uncc:annex__note_2"]
    );
    assert_eq!(
        notes("uncc:art_2__point_e"),
        ["uncc:annex__note_1", "uncc:annex__note_2"]
    );
    assert_eq!(notes("uncc:art_17"), ["uncc:annex__note_3"]);
    assert_eq!(notes("uncc:art_23"), ["uncc:annex__note_4"]);
    assert_eq!(
        notes("uncc:art_35"),
        ["uncc:annex__note_4", "uncc:annex__note_5"]
    );
    assert!(notes("uncc:art_24").is_empty());
    assert!(
        notes("uncc:art_20").is_empty(),
        "art_2 must not match art_20"
    );
}

#[test]
fn citation_carries_treaty_pinpoint_and_exact_text() {
    let library = library();
    let ix = library
        .treaties
        .revision
        .index_of("uncc:art_24__para_1")
        .unwrap();
    let citation = library.treaties.revision.citation(ix);
    assert!(
        citation.starts_with(
            "UN Convention against Cybercrime, Art. 24(1): Each State Party shall ensure"
        ),
        "{citation}"
    );
    let ix = library.treaties.base.index_of("bc:art_6__para_1").unwrap();
    let full = library.treaties.base.full_text(ix);
    assert!(full.contains("\na) the production"));
    assert!(full.contains("\n(ii) a computer password"));
    let ordre_public = library.get("bc:art_27__para_4__point_b").unwrap();
    assert!(
        ordre_public
            .text
            .contains("security, ordre public or other")
    );
    assert_eq!(
        &ordre_public.text[ordre_public.emphasis[0].clone()],
        "ordre public"
    );
}

/// Words as `../shared/tools/check-texts.py` counts them: markup and typographic variants ignored.
fn words(text: &str) -> Vec<String> {
    let mut without_comments = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        without_comments.push_str(&rest[..start]);
        without_comments.push(' ');
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    without_comments.push_str(rest);
    let normalised: String = without_comments
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        })
        .collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = normalised.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        let joins = (c == '\'' || c == '-')
            && !current.is_empty()
            && chars
                .get(index + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric());
        if c.is_ascii_alphanumeric() || joins {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[test]
fn texts_match_the_shared_sources_word_for_word() {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    if !sources.is_dir() {
        eprintln!(
            "SKIPPED: {} is absent, so the texts cannot be compared with their sources",
            sources.display()
        );
        return;
    }
    let pairs = [
        ("un-cybercrime-convention.en.md", texts::UNCC_TEXT),
        (
            "un-cybercrime-convention.interpretative-notes.en.md",
            texts::UNCC_NOTES,
        ),
        ("budapest-ets185.en.md", texts::BC_TEXT),
    ];
    for (name, embedded) in pairs {
        let source = std::fs::read_to_string(sources.join(name)).unwrap();
        let (want, got) = (words(&source), words(embedded));
        assert!(want.len() > 300, "{name}: suspiciously short");
        if let Some(at) = want.iter().zip(&got).position(|(a, b)| a != b) {
            panic!(
                "{name}: first difference at word {at}: source {:?}, texts/ {:?}",
                &want[at..at + 8],
                &got[at..at + 8]
            );
        }
        assert_eq!(want.len(), got.len(), "{name}: word counts differ");
        // The provenance header is kept too.
        assert!(
            embedded.starts_with("<!--") && embedded.contains("Source"),
            "{name}: provenance header missing"
        );
    }
}

#[test]
fn embedded_texts_are_the_files_in_texts_dir() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("texts");
    assert_eq!(
        std::fs::read_to_string(dir.join("un-cybercrime-convention.en.md")).unwrap(),
        texts::UNCC_TEXT
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("budapest-ets185.en.md")).unwrap(),
        texts::BC_TEXT
    );
}

#[test]
fn every_text_line_of_the_sources_lands_in_a_provision() {
    // Nothing is dropped by the parser: each body line (not a heading, comment or rule) is some node's
    // printed line, label included.
    let library = library();
    for (treaty, sources) in [
        (
            &library.treaties.revision,
            vec![texts::UNCC_TEXT, texts::UNCC_NOTES],
        ),
        (&library.treaties.base, vec![texts::BC_TEXT]),
    ] {
        let printed: HashSet<String> = treaty
            .nodes
            .iter()
            .map(|node| node.labelled_text())
            .collect();
        let mut body_lines = 0;
        for source in sources {
            let body = &source[source.find("-->").unwrap() + 3..];
            for line in body.lines().map(str::trim_end) {
                if line.is_empty()
                    || line.starts_with('#')
                    || line.starts_with("<!--")
                    || line == "---"
                {
                    continue;
                }
                body_lines += 1;
                // Markdown emphasis is markup: the provision text carries it as italic ranges.
                let line = line.replace('*', "");
                let line = line.as_str();
                assert!(
                    printed.contains(line),
                    "{}: line not found in any provision: {line:?}",
                    treaty.key()
                );
            }
        }
        let text_nodes = treaty
            .nodes
            .iter()
            .filter(|n| !n.labelled_text().is_empty())
            .count();
        assert_eq!(
            text_nodes,
            body_lines,
            "{}: one node per body line",
            treaty.key()
        );
    }
}
