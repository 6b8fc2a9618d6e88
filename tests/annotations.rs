//! Annotation files: round trips, re-anchoring, atomic saves, and malformed files that must lose nothing.

use std::path::{Path, PathBuf};

use crosswalk::annotations::{
    Anchor, Annotation, AnnotationError, AnnotationFile, LinkAnnotation, LinkRelation, Reply,
    Resolution, backup_path, check, resolve,
};
use crosswalk::model::{ProvisionId, Side};
use crosswalk::ron_source::SyntaxError;
use crosswalk::texts;

fn library() -> crosswalk::Library {
    texts::load_embedded().expect("texts parse")
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn pid(id: &str) -> ProvisionId {
    ProvisionId::parse(id).expect("a well-formed ID")
}

fn sample(library: &crosswalk::Library) -> AnnotationFile {
    let text = &library.get("uncc:art_24__para_1").unwrap().text;
    let at = text.find("principle of proportionality").unwrap();
    let quote = Anchor::quote(
        &pid("uncc:art_24__para_1"),
        text,
        at..at + "principle of proportionality".len(),
    );
    let bc_text = &library.get("bc:art_15").unwrap().text;
    AnnotationFile {
        name: "Student".into(),
        annotations: vec![
            Annotation {
                id: "b".into(),
                anchor: Anchor::whole(&pid("bc:art_15"), bc_text),
                note: "Budapest's safeguards clause.\nSecond line with \"quotes\" and <tags>."
                    .into(),
                tags: vec![
                    "safeguard/proportionality".into(),
                    "safeguard/judicial-or-independent-review".into(),
                ],
                color: Some("#1565c0".into()),
                author: "Ada".into(),
                created: "2026-11-23T10:00:00Z".into(),
                updated: "2026-11-23T10:00:00Z".into(),
                replies: vec![Reply {
                    note: "Agreed.".into(),
                    author: "Ben".into(),
                    created: "2026-11-23T11:00:00Z".into(),
                }],
                evidence: Vec::new(),
            },
            Annotation {
                id: "a".into(),
                anchor: quote.clone(),
                note: "Proportionality, as in Budapest.".into(),
                tags: vec!["safeguard/proportionality".into()],
                author: "Ada".into(),
                created: "2026-11-23T09:00:00Z".into(),
                updated: "2026-11-23T09:00:00Z".into(),
                ..Annotation::on(quote)
            },
        ],
        links: vec![LinkAnnotation {
            id: "l1".into(),
            ends: vec![
                Anchor::whole(&pid("uncc:art_24"), ""),
                Anchor::whole(&pid("uncc:art_28"), ""),
            ],
            relation: LinkRelation::Custom("governs".into()),
            note: "A user-defined relation.".into(),
            ..LinkAnnotation::default()
        }],
        ..AnnotationFile::default()
    }
}

#[test]
fn save_load_round_trip_is_equal_and_second_save_is_byte_identical() {
    let library = library();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("student.ron");
    let mut original = sample(&library);
    original.save(&path).unwrap();
    let first = std::fs::read(&path).unwrap();
    let loaded = AnnotationFile::load(&path).unwrap();
    original.sort();
    assert_eq!(loaded, original);
    loaded.save(&path).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        first,
        "saving an unchanged file changes no byte"
    );
    // Deterministic order: by provision ID, so Budapest's note comes first.
    assert_eq!(loaded.annotations[0].anchor.provision, "bc:art_15");
    // The previous version is kept beside it.
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), first);
    let text = String::from_utf8(first).unwrap();
    assert!(text.starts_with("// Crosswalk annotations (schema 1)."));
}

#[test]
fn evidence_round_trips_and_files_without_it_gain_no_field() {
    use crosswalk::crosswalk::Evidence;
    let library = library();
    let plain = sample(&library);
    assert!(
        !plain.to_ron().contains("evidence"),
        "no empty evidence lists"
    );

    let mut cited = plain.clone();
    cited.annotations[0].evidence = vec![Evidence {
        provision: pid("bc:art_15__para_1"),
        quote: "adequate protection of human rights and liberties".into(),
    }];
    cited.links[0].evidence = vec![Evidence {
        provision: pid("uncc:art_24__para_1"),
        quote: "principle of proportionality".into(),
    }];
    let text = cited.to_ron();
    let loaded = AnnotationFile::parse(&text, "cited.ron").unwrap();
    cited.sort();
    assert_eq!(loaded, cited);
    assert!(check(&loaded, &text, &library).iter().all(|m| !m.is_error));

    // A quote the text does not contain is an error that names the note.
    let mut wrong = loaded.clone();
    wrong.annotations[0].evidence[0].quote = "adequate protection of liberty".into();
    let text = wrong.to_ron();
    let messages = check(&wrong, &text, &library);
    assert!(
        messages.iter().any(|m| m.is_error
            && m.message
                .contains("evidence quote not found in bc:art_15__para_1")),
        "{messages:?}"
    );
}

#[test]
fn anchors_follow_changed_texts_or_become_orphans_kept_through_save() {
    let mut library = library();
    let file = sample(&library);
    let anchor = file.annotations[1].anchor.clone();
    assert!(matches!(resolve(&anchor, &library), Resolution::Exact(_)));

    // The paragraph gains words in front: found by the quote.
    let ix = library
        .treaties
        .revision
        .index_of("uncc:art_24__para_1")
        .unwrap();
    let original = library.treaties.revision.nodes[ix].text.clone();
    library.treaties.revision.nodes[ix].text = format!("Inserted words. {original}");
    assert!(matches!(resolve(&anchor, &library), Resolution::Moved(_)));
    // The quote itself is reworded slightly: found fuzzily.
    library.treaties.revision.nodes[ix].text = original.replace(
        "principle of proportionality",
        "principles of proportionality",
    );
    match resolve(&anchor, &library) {
        Resolution::Fuzzy(range, _) => {
            assert!(library.treaties.revision.nodes[ix].text[range].contains("proportionality"))
        }
        other => panic!("expected fuzzy, got {other:?}"),
    }
    // Gone: an orphan, which survives a save and load unchanged.
    library.treaties.revision.nodes[ix].text = "Completely different text.".into();
    assert!(resolve(&anchor, &library).is_orphan());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orphans.ron");
    let mut reanchored = file.clone();
    reanchored.reanchor(&library);
    reanchored.save(&path).unwrap();
    let loaded = AnnotationFile::load(&path).unwrap();
    let kept = loaded.annotations.iter().find(|a| a.id == "a").unwrap();
    assert_eq!(
        kept.anchor, anchor,
        "an orphan's anchor is saved back unchanged"
    );
}

#[test]
fn reanchor_updates_moved_anchors() {
    let mut library = library();
    let mut file = sample(&library);
    let ix = library
        .treaties
        .revision
        .index_of("uncc:art_24__para_1")
        .unwrap();
    library.treaties.revision.nodes[ix].text =
        format!("New start. {}", library.treaties.revision.nodes[ix].text);
    file.reanchor(&library);
    let anchor = &file.annotations[1].anchor;
    assert!(matches!(resolve(anchor, &library), Resolution::Exact(_)));
    assert_eq!(anchor.quote, "principle of proportionality");
}

#[test]
fn every_malformed_sample_gives_a_located_message_and_stays_byte_identical() {
    let library = library();
    let mut seen = 0;
    for entry in std::fs::read_dir(data("bad")).unwrap() {
        let path = entry.unwrap().path();
        let before = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        match AnnotationFile::load(&path) {
            Err(AnnotationError::Syntax(SyntaxError {
                file,
                line,
                col,
                message,
            })) => {
                assert_eq!(file, name);
                assert!(line >= 1 && col >= 1 && !message.is_empty());
            }
            Err(AnnotationError::UnknownField {
                file, line, col, ..
            }) => {
                assert_eq!(file, name);
                assert!(line > 1 && col >= 1);
            }
            Err(AnnotationError::NewerSchema { found, .. }) => assert!(found > 1),
            Err(other) => panic!("{name}: unexpected error {other}"),
            Ok(parsed) => {
                // Parses, but the check must fail with located messages (unknown IDs, lost quotes).
                let text = String::from_utf8(before.clone()).unwrap();
                let messages = check(&parsed, &text, &library);
                assert!(
                    messages.iter().any(|m| m.is_error && m.line > 1),
                    "{name}: {messages:?}"
                );
            }
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{name} must not be modified"
        );
        seen += 1;
    }
    assert!(seen >= 8, "samples in tests/data/bad: {seen}");
}

#[test]
fn huge_fields_are_refused_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let note = "x".repeat(crosswalk::annotations::MAX_FIELD_CHARS + 1);
    let text = format!(
        "(\n    schema: 1,\n    annotations: [\n        (id: \"h\", anchor: (provision: \"uncc:art_1\"), note: \"{note}\"),\n    ],\n)\n"
    );
    std::fs::write(&path, &text).unwrap();
    let error = AnnotationFile::load(&path).unwrap_err();
    assert!(
        matches!(error, AnnotationError::FieldTooLong { line: 4, .. }),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn good_sample_checks_clean() {
    let library = library();
    let path = data("good/teacher.ron");
    let file = AnnotationFile::load(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let messages = check(&file, &text, &library);
    // Its one comment is worth a warning (the app opens such a file read-only), nothing else.
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(!messages[0].is_error && messages[0].message.starts_with("comment"));
    assert_eq!((messages[0].line, messages[0].col), (1, 1));
    assert!(file.resolve_all(&library).iter().all(|r| !r.is_orphan()));
}

#[test]
fn layers_undo_redo_and_copy_between_layers() {
    use crosswalk::annotations::{EditError, Layer, Workspace};
    let library = library();
    let mut workspace = Workspace::default();
    let mut teacher = Layer::new("Teacher");
    teacher.file = AnnotationFile::load(&data("good/teacher.ron")).unwrap();
    teacher.read_only = true;
    let teacher = workspace.add_layer(teacher);
    let student = workspace.add_layer(Layer::new("Student"));

    // The teacher's layer is read-only; copying into the student's layer works.
    let note = sample(&library).annotations[1].clone();
    assert_eq!(
        workspace.add_annotation(teacher, note.clone()),
        Err(EditError::ReadOnly("Teacher".into()))
    );
    workspace.copy_to(teacher, "t1", student).unwrap();
    assert_eq!(workspace.layer(student).unwrap().file.annotations.len(), 1);
    assert_ne!(
        workspace.layer(student).unwrap().file.annotations[0].id,
        "t1",
        "a copy gets its own ID"
    );

    workspace.add_annotation(student, note).unwrap();
    workspace
        .update_annotation(student, "a", |a| a.note = "Edited.".into())
        .unwrap();
    assert_eq!(
        workspace.layer(student).unwrap().file.annotations[1].note,
        "Edited."
    );
    assert!(workspace.undo());
    assert_eq!(
        workspace.layer(student).unwrap().file.annotations[1].note,
        "Proportionality, as in Budapest."
    );
    assert!(workspace.undo());
    assert_eq!(workspace.layer(student).unwrap().file.annotations.len(), 1);
    assert!(workspace.redo());
    assert!(workspace.redo());
    assert_eq!(
        workspace.layer(student).unwrap().file.annotations[1].note,
        "Edited."
    );
    assert!(!workspace.redo());
    workspace.delete_annotation(student, "a").unwrap();
    assert_eq!(workspace.layer(student).unwrap().file.annotations.len(), 1);
    assert!(workspace.undo());
    assert_eq!(workspace.layer(student).unwrap().file.annotations.len(), 2);

    // A new layer has no file: it is reported for the quit prompt, and saving needs a path.
    assert_eq!(workspace.unsaved_without_file(), vec![student]);
    assert!(workspace.save(student, None).is_err());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("student.ron");
    workspace.save(student, Some(&path)).unwrap();
    assert!(!workspace.layer(student).unwrap().dirty);
    let mut reopened = Workspace::default();
    let layer = reopened.open(&path, false, &library).unwrap();
    assert_eq!(reopened.layer(layer).unwrap().file.annotations.len(), 2);
}

#[test]
fn a_file_that_fails_to_load_is_not_opened() {
    use crosswalk::annotations::Workspace;
    let library = library();
    let mut workspace = Workspace::default();
    let path = data("bad/newer-schema.ron");
    let before = std::fs::read(&path).unwrap();
    assert!(workspace.open(&path, false, &library).is_err());
    assert!(workspace.layers.is_empty());
    assert!(workspace.save_dirty().is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn shipped_safeguards_layer_is_valid_and_builds_the_matrix() {
    use crosswalk::annotations::{SAFEGUARDS_RON, safeguards_layer, safeguards_matrix};
    let library = library();
    let layer = safeguards_layer().expect("texts/safeguards.ron parses");
    assert!(layer.read_only);
    let errors: Vec<_> = check(&layer.file, SAFEGUARDS_RON, &library)
        .into_iter()
        .filter(|m| m.is_error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        layer
            .file
            .annotations
            .iter()
            .all(|a| a.tags.iter().any(|t| t.starts_with("safeguard/")))
    );
    assert!(
        layer
            .file
            .links
            .iter()
            .all(|l| l.relation == LinkRelation::SafeguardFor && l.ends.len() >= 2)
    );

    let matrix = safeguards_matrix([&layer], &library);
    let row = |measure: &str| {
        matrix
            .iter()
            .find(|row| row.measure == measure)
            .unwrap_or_else(|| panic!("row {measure}"))
    };
    let search = row("search-and-seizure");
    assert!(
        search.powers[Side::Revision]
            .iter()
            .any(|id| id == "uncc:art_28")
    );
    assert!(
        search.safeguards[Side::Revision]
            .iter()
            .any(|id| id.starts_with("uncc:art_24")),
        "{:?}",
        search.safeguards[Side::Revision]
    );
    assert!(
        search.safeguards[Side::Base]
            .iter()
            .any(|id| id.starts_with("bc:art_15")),
        "{:?}",
        search.safeguards[Side::Base]
    );
    // Budapest has no joint-investigation power: the empty cell is the finding.
    let joint = row("joint-investigations");
    assert!(
        joint.safeguards[Side::Base].is_empty() && !joint.safeguards[Side::Revision].is_empty()
    );
    // Trans-border access exists only in Budapest (Art. 32).
    let trans_border = row("trans-border-access");
    assert!(
        trans_border.safeguards[Side::Revision].is_empty()
            && trans_border.powers[Side::Base]
                .iter()
                .any(|id| id == "bc:art_32")
    );
}

#[test]
fn the_workspace_builds_notes_and_links_from_drafts_and_edits_them_with_undo() {
    use crosswalk::annotations::{EditError, Layer, LinkChange, LinkDraft, NoteDraft, Workspace};

    let library = library();
    let mut workspace = Workspace::default();
    let layer = workspace.add_layer(Layer::new("Student"));

    // A note on the second occurrence of a repeated phrase is anchored where it was selected.
    let phrase = "information and communications technology system";
    let text = &library.get("uncc:art_7__para_2").unwrap().text;
    let second = text.rfind(phrase).unwrap();
    assert_ne!(text.find(phrase), Some(second), "the phrase occurs twice");
    let draft = NoteDraft {
        provision: pid("uncc:art_7__para_2"),
        quote: phrase.to_owned(),
        quote_at: Some(second),
        note: "The second one.".into(),
        tags: vec!["scope".into()],
        color: None,
    };
    let id = workspace.annotate(layer, &draft, "Me", &library).unwrap();
    let note = &workspace.layer(layer).unwrap().file.annotations[0];
    assert_eq!(note.id, id);
    assert_eq!(note.anchor.start, text[..second].chars().count());
    assert_eq!(note.author, "Me");
    let missing = NoteDraft {
        quote: "words that are not there".into(),
        ..draft.clone()
    };
    assert_eq!(
        workspace.annotate(layer, &missing, "Me", &library),
        Err(EditError::QuoteNotFound(pid("uncc:art_7__para_2")))
    );

    // A link keeps the order it was drafted in: the subject first.
    let link = LinkDraft {
        ends: vec![pid("uncc:art_24__para_1"), pid("uncc:art_28")],
        relation: LinkRelation::SafeguardFor,
        note: "Proportionality.".into(),
        tags: Vec::new(),
    };
    let link_id = workspace.create_link(layer, &link, "Me", &library).unwrap();
    let stored = &workspace.layer(layer).unwrap().file.links[0];
    assert_eq!(stored.ends[0].provision, "uncc:art_24__para_1");
    assert!(stored.ends[0].is_whole_provision());
    for bad in [
        vec![pid("uncc:art_28"), pid("uncc:art_28")],
        vec![pid("uncc:art_28")],
    ] {
        let draft = LinkDraft {
            ends: bad,
            ..link.clone()
        };
        assert_eq!(
            workspace.create_link(layer, &draft, "Me", &library),
            Err(EditError::LinkToItself)
        );
    }
    let unknown = LinkDraft {
        ends: vec![pid("uncc:art_28"), pid("uncc:art_999")],
        ..link.clone()
    };
    assert_eq!(
        workspace.create_link(layer, &unknown, "Me", &library),
        Err(EditError::UnknownProvision("uncc:art_999".into()))
    );

    // Edit: relation, note, tags and direction, undone as one step.
    let change = LinkChange {
        relation: LinkRelation::Limits,
        note: "Edited.".into(),
        tags: vec!["safeguard/proportionality".into()],
        reverse: true,
    };
    workspace.update_link(layer, &link_id, &change).unwrap();
    let stored = &workspace.layer(layer).unwrap().file.links[0];
    assert_eq!(stored.ends[0].provision, "uncc:art_28");
    assert_eq!(stored.relation, LinkRelation::Limits);
    assert_eq!(stored.note, "Edited.");
    assert!(workspace.undo());
    let stored = &workspace.layer(layer).unwrap().file.links[0];
    assert_eq!(stored.ends[0].provision, "uncc:art_24__para_1");
    assert_eq!(stored.note, "Proportionality.");
    assert_eq!(
        workspace.update_link(layer, "no-such-link", &change),
        Err(EditError::NoLink("no-such-link".into()))
    );

    // A delete removes exactly one item: a note sharing the link's ID stays.
    workspace.layers[0].file.annotations[0].id = link_id.clone();
    workspace.delete_link(layer, &link_id).unwrap();
    assert!(workspace.layer(layer).unwrap().file.links.is_empty());
    assert_eq!(workspace.layer(layer).unwrap().file.annotations.len(), 1);
    assert!(workspace.undo());
    workspace.delete_annotation(layer, &link_id).unwrap();
    assert!(workspace.layer(layer).unwrap().file.annotations.is_empty());
    assert_eq!(workspace.layer(layer).unwrap().file.links.len(), 1);
}

/// A layer of `count` notes on Article 24(1) whose quotes are no longer in the text (their words
/// reversed), and one note that is.
fn stale_layer(library: &crosswalk::Library, count: usize) -> crosswalk::annotations::Layer {
    let text = &library.get("uncc:art_24__para_1").unwrap().text;
    let at = text.find("principle of proportionality").unwrap();
    let found = Annotation {
        id: "found".into(),
        ..Annotation::on(Anchor::quote(
            &pid("uncc:art_24__para_1"),
            text,
            at..at + "principle of proportionality".len(),
        ))
    };
    let stale = (0..count).map(|n| {
        let mut anchor = Anchor::quote(&pid("uncc:art_24__para_1"), text, 0..40);
        anchor.quote = format!(
            "{n} {}",
            anchor.quote.split(' ').rev().collect::<Vec<_>>().join(" ")
        );
        Annotation {
            id: format!("stale-{n}"),
            ..Annotation::on(anchor)
        }
    });
    let mut layer = crosswalk::annotations::Layer::new("Stale");
    layer.file.annotations = std::iter::once(found).chain(stale).collect();
    layer
}

#[test]
fn the_window_looks_for_anchors_within_a_budget_and_after_an_edit_only_for_the_new_one() {
    use crosswalk::annotations::{Resolutions, Workspace};
    use std::time::Duration;

    let library = library();
    let mut workspace = Workspace::default();
    let layer = workspace.add_layer(stale_layer(&library, 300));
    let complete = Resolutions::of_layers(&workspace.layers, &library);
    assert_eq!(complete.searching(), 0);

    // Out of time before the first anchor: every one is still to be looked for, none is an orphan.
    let first = workspace.resolutions_within(&library, Duration::ZERO);
    assert_eq!(first.searching(), 301);
    assert!(
        first
            .layer(layer)
            .iter()
            .all(|r| *r == Resolution::Searching)
    );
    assert!(
        first
            .layer(layer)
            .iter()
            .all(|r| !r.is_orphan() && r.range().is_none())
    );

    // Each call looks for more, and the last gives what the one resolver gives, in file order.
    let mut calls = 0;
    let done = loop {
        calls += 1;
        let step = workspace.resolutions_within(&library, Duration::from_millis(5));
        if step.searching() == 0 {
            break step;
        }
        assert!(calls < 10_000, "no progress");
    };
    assert_eq!(*done, complete);
    assert!(matches!(done.get(layer, 0), Some(Resolution::Exact(_))));
    assert_eq!(
        done.layer(layer).iter().filter(|r| r.is_orphan()).count(),
        300
    );

    // After editing one quote, only that anchor is new: with no time at all, the others are known.
    workspace
        .update_annotation(layer, "stale-7", |note| {
            note.anchor.quote = "principle of proportionality".into();
        })
        .unwrap();
    let after_edit = workspace.resolutions_within(&library, Duration::ZERO);
    assert_eq!(after_edit.searching(), 1);
    assert_eq!(after_edit.get(layer, 8), Some(&Resolution::Searching));
    let settled = workspace.resolutions(&library);
    assert_eq!(settled.searching(), 0);
    assert!(matches!(settled.get(layer, 8), Some(Resolution::Moved(_))));
    assert_eq!(
        *settled,
        Resolutions::of_layers(&workspace.layers, &library)
    );
}

/// A layer of `count` whole-provision notes, each with a sentence of its own and a tag.
fn layer_of_notes(library: &crosswalk::Library, count: usize) -> crosswalk::annotations::Layer {
    let provisions: Vec<&crosswalk::Provision> = Side::ALL
        .iter()
        .flat_map(|&key| library.treaty(key).nodes.iter())
        .filter(|node| !node.text.is_empty())
        .collect();
    let annotations = (0..count)
        .map(|n| {
            let provision = provisions[n % provisions.len()];
            Annotation {
                id: format!("n-{n:05}"),
                note: format!("Note number {n}: compare the other treaty's wording here."),
                tags: vec![format!("topic/{}", n % 10)],
                author: "Tester".into(),
                created: "2026-12-01T00:00:00Z".into(),
                updated: "2026-12-01T00:00:00Z".into(),
                ..Annotation::on(Anchor::whole(&provision.id, &provision.text))
            }
        })
        .collect();
    crosswalk::annotations::Layer {
        file: AnnotationFile {
            name: "Many".into(),
            annotations,
            ..AnnotationFile::default()
        },
        ..crosswalk::annotations::Layer::new("")
    }
}

/// 1,000 edits of every kind on a layer of at least 2,000 notes: notes changed, deleted, replied to,
/// links added, the layer renamed.
fn thousand_edits(
    workspace: &mut crosswalk::annotations::Workspace,
    layer: crosswalk::document::DocumentId,
    library: &crosswalk::Library,
) {
    for n in 0..1_000 {
        // Each edit has a note of its own (deleted ones are never used again).
        let id = format!("n-{:05}", n * 2);
        let result = match n % 5 {
            0 | 1 => workspace.update_annotation(layer, &id, |a| a.note = format!("Edit {n}.")),
            2 => workspace.delete_annotation(layer, &id),
            3 => workspace.reply(
                layer,
                &format!("n-{:05}", n * 2 + 1),
                layer,
                "Agreed.",
                "Kim",
            ),
            _ if n % 10 == 4 => workspace.rename(layer, &format!("Many ({n})")),
            _ => workspace
                .create_link(
                    layer,
                    &crosswalk::annotations::LinkDraft {
                        ends: vec![pid("uncc:art_24"), pid("bc:art_15")],
                        relation: LinkRelation::Corresponds,
                        note: format!("Link {n}."),
                        tags: Vec::new(),
                    },
                    "Kim",
                    library,
                )
                .map(drop),
        };
        result.expect("the edit is made");
    }
}

#[test]
fn undo_of_a_thousand_edits_on_ten_thousand_notes_keeps_under_two_megabytes() {
    let library = library();
    let mut workspace = crosswalk::annotations::Workspace::default();
    let layer = workspace.add_layer(layer_of_notes(&library, 10_000));
    let original = workspace.layer(layer).unwrap().file.to_ron();
    thousand_edits(&mut workspace, layer, &library);
    // Whole-file copies would hold 1,000 times the file (about 3 GB here); inverse edits hold what
    // each edit changed.
    let estimate = workspace.undo_memory_estimate();
    eprintln!("undo history after 1,000 edits: about {estimate} bytes");
    assert!(
        estimate < 2 * 1024 * 1024,
        "the undo history holds about {estimate} bytes"
    );
    let mut undone = 0;
    while workspace.undo() {
        undone += 1;
    }
    assert_eq!(undone, 1_000, "every edit is undone");
    assert_eq!(workspace.layer(layer).unwrap().file.to_ron(), original);
    assert!(workspace.undo_memory_estimate() < 2 * 1024 * 1024);
}

#[test]
fn undo_then_redo_of_every_kind_of_edit_saves_byte_identical_files() {
    let library = library();
    let dir = tempfile::tempdir().unwrap();
    let mut workspace = crosswalk::annotations::Workspace::default();
    let layer = workspace.add_layer(layer_of_notes(&library, 2_000));
    let path = dir.path().join("many.ron");
    workspace.save(layer, Some(&path)).unwrap();
    let before = std::fs::read(&path).unwrap();
    thousand_edits(&mut workspace, layer, &library);
    // A reload is an edit too (it replaces the whole file, so undo keeps the whole file once).
    workspace.save(layer, None).unwrap();
    let edited = std::fs::read(&path).unwrap();
    std::fs::write(&path, &before).unwrap();
    workspace.reload(layer).unwrap();
    assert!(workspace.undo());
    let copy = dir.path().join("copy.ron");
    workspace.save_copy(layer, &copy).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), edited, "undoing the reload");
    while workspace.undo() {}
    workspace.save_copy(layer, &copy).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), before, "all undone");
    let mut redone = 0;
    while workspace.redo() {
        redone += 1;
    }
    assert_eq!(redone, 1_001, "every edit and the reload are redone");
    workspace.save_copy(layer, &copy).unwrap();
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the reload is the last edit"
    );
    workspace.undo();
    workspace.save_copy(layer, &copy).unwrap();
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        edited,
        "redo gives back every edit"
    );
}

#[test]
fn the_undo_history_forgets_its_oldest_edits_beyond_its_memory_budget() {
    let library = library();
    let mut workspace = crosswalk::annotations::Workspace::default();
    let layer = workspace.add_layer(layer_of_notes(&library, 100));
    // 100 notes of 200,000 characters each, every one changed 3 times: about 60 MB of old words.
    let long = "x".repeat(200_000);
    for round in 0..3 {
        for n in 0..100 {
            let id = format!("n-{n:05}");
            let note = format!("{round}{long}");
            workspace
                .update_annotation(layer, &id, |a| a.note = note)
                .unwrap();
        }
    }
    let budget = crosswalk::document::UNDO_MEMORY_BUDGET;
    assert!(
        workspace.undo_memory_estimate() <= budget,
        "{} bytes kept, budget {budget}",
        workspace.undo_memory_estimate()
    );
    // The newest edits can still be undone, newest first; the oldest were forgotten.
    assert!(workspace.undo());
    let last = &workspace.layer(layer).unwrap().file.annotations[99].note;
    assert!(last.starts_with('1'), "the last edit is undone");
    let mut undone = 1;
    while workspace.undo() {
        undone += 1;
    }
    assert!(undone < 300, "{undone} edits undone: the oldest went");
    assert!(undone >= 30, "{undone} edits undone");
}
