//! The Questions panel driven through egui_kittest: a question written in the window cites a
//! provision, takes selected words as evidence, is undone and redone, saved to its layer, reopened,
//! merged with another version and exported as a brief; the shipped questions are listed and step
//! the panes through what they cite.

mod gestures;

use std::sync::Arc;

use crosswalk::annotations::{AnnotationFile, Layer, merge};
use crosswalk::export::{Format, Options, Selection, build_selection, render};
use crosswalk::ui::{AppCommand, CrosswalkApp, Settings};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, CrosswalkApp> {
    let corpus = Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"));
    let mut harness = Harness::builder()
        .with_size([1500.0, 900.0])
        .with_max_steps(16)
        .build_ui_state(
            |ui, app: &mut CrosswalkApp| app.ui(ui),
            CrosswalkApp::new(corpus, Settings::default()),
        );
    harness.run();
    harness
}

fn selected_id(harness: &Harness<'_, CrosswalkApp>) -> Option<String> {
    let (key, node) = harness.state().selected?;
    Some(
        harness
            .state()
            .library()
            .treaty(key)
            .node(node)
            .id
            .to_string(),
    )
}

/// Replaces the text of the field labelled `label` with `text`.
fn type_into(harness: &mut Harness<'_, CrosswalkApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

#[test]
fn the_shipped_questions_are_listed_and_step_the_panes_through_their_citations() {
    let mut harness = harness();
    harness.get_by_label("Questions").click();
    harness.run();
    harness
        .get_by_label("Compelled assistance and encryption")
        .click();
    harness.run();
    harness.get_by_label_contains("Who can be ordered to help the authorities");
    harness.get_by_label_contains("Budapest cites: Budapest Art. 19(4)");
    harness.get_by_label_contains("UN Art. 28(4): “the information and telecommunications network");
    harness.get_by_label("Next citation").click();
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_4")
    );
    // Pair view brings the counterpart level with it: the pair bar names both.
    harness.get_by_label_contains("UN Art. 28(4) | Budapest Art. 19(4)");
}

#[test]
fn a_question_written_in_the_window_is_saved_reopened_merged_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.ron");
    let mut harness = harness();
    harness.get_by_label("Questions").click();
    harness.run();
    harness.get_by_label("New question").click();
    harness.run();
    type_into(&mut harness, "Title", "Who holds the keys");
    type_into(
        &mut harness,
        "Question",
        "Who can be ordered to give up encryption keys?",
    );
    type_into(
        &mut harness,
        "UN answer",
        "Any person with knowledge of the system (Art. 28(4)).",
    );
    type_into(
        &mut harness,
        "Budapest answer",
        "Any person with knowledge of the system (Art. 19(4)).",
    );
    harness.get_by_label("Save question").click();
    harness.run();
    // Select UN Art. 28(4) and words in it, then cite it and take the words as evidence.
    harness.state_mut().apply(AppCommand::GoTo(
        crosswalk::model::ProvisionId::parse("uncc:art_28__para_4").unwrap(),
    ));
    harness.run();
    gestures::drag_across_text(
        &mut harness,
        "4. Each State Party shall adopt such legislative",
    );
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_4")
    );
    harness.get_by_label("Cite selected provision").click();
    harness.run();
    harness
        .get_by_label("Add selected words as evidence")
        .click();
    harness.run();
    let question = |harness: &Harness<'_, CrosswalkApp>| {
        let app = harness.state();
        let mine = app
            .workspace
            .first_editable()
            .expect("New question made the user's layer");
        app.workspace
            .layer(mine)
            .expect("the user's layer")
            .file
            .questions
            .first()
            .cloned()
            .expect("the question is in the user's layer")
    };
    let written = question(&harness);
    assert_eq!(written.title, "Who holds the keys");
    assert_eq!(
        written.answers.base,
        "Any person with knowledge of the system (Art. 19(4))."
    );
    assert_eq!(written.cites.revision[0].as_str(), "uncc:art_28__para_4");
    assert_eq!(written.evidence.len(), 1, "{:?}", written.evidence);
    let library = harness.state().library();
    assert!(
        written.evidence[0].verify(library).is_ok(),
        "the words are in their provision"
    );
    // Every edit undoes.
    harness.state_mut().apply(AppCommand::Undo);
    harness.run();
    assert!(question(&harness).evidence.is_empty());
    harness.state_mut().apply(AppCommand::Redo);
    harness.run();
    assert_eq!(question(&harness).evidence.len(), 1);
    // Saved to the layer's file, and read back.
    let mine = harness
        .state()
        .workspace
        .first_editable()
        .expect("the user's layer");
    harness.state_mut().apply(AppCommand::SaveLayerAs {
        layer: mine,
        path: path.clone(),
    });
    harness.run();
    let saved = AnnotationFile::load(&path).expect("the layer reads back");
    assert_eq!(saved.questions, [question(&harness)]);
    // Someone else changed the answer under the same question; a three-way merge keeps both edits.
    let mut theirs = saved.clone();
    theirs.questions[0].absent = vec!["Neither names encryption keys.".to_owned()];
    let mut ours = saved.clone();
    ours.questions[0].title = "Who holds the keys?".to_owned();
    let merged = merge::merge(&saved, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.file.questions[0].title, "Who holds the keys?");
    assert_eq!(
        merged.file.questions[0].absent,
        ["Neither names encryption keys."]
    );
    // Exported as a brief with the shipped questions' machinery.
    let layer = Layer {
        file: merged.file,
        path: Some(path),
        ..Layer::new("")
    };
    let corpus = crosswalk::corpus::Corpus::embedded().unwrap();
    let selection = Selection::Questions(vec![written.id.clone()]);
    let brief = build_selection(&corpus, &selection, &Options::default(), &[&layer]).unwrap();
    let markdown = String::from_utf8(render(&brief, Format::Markdown)).unwrap();
    assert!(
        markdown.contains("Who can be ordered to give up encryption keys?"),
        "{markdown}"
    );
    assert!(markdown.contains("Neither names encryption keys."));
    assert!(markdown.contains(&written.evidence[0].quote));
}

#[test]
fn export_offers_a_brief_of_the_questions_named_or_all() {
    let mut harness = harness();
    harness.state_mut().apply(AppCommand::OpenExport);
    harness.run();
    harness.get_by_label("Questions (a brief)").click();
    harness.run();
    type_into(
        &mut harness,
        "Question IDs (empty: all)",
        "q-reservations, q-jurisdiction",
    );
    let request = harness.state().views.export.to_request();
    assert_eq!(
        harness.state().export_selection(&request),
        Selection::Questions(vec!["q-reservations".into(), "q-jurisdiction".into()])
    );
}

#[test]
fn every_character_typed_in_a_question_is_saved_with_the_click_on_save_question_in_the_same_frame()
{
    let mut harness = harness();
    harness.get_by_label("Questions").click();
    harness.run();
    harness.get_by_label("New question").click();
    harness.run();
    let fields = [
        ("Title", "Who holds the keys"),
        ("Question", "Who must help?"),
        ("UN answer", "Any person (Art. 28(4))."),
        ("Budapest answer", "Any person (Art. 19(4))."),
        ("In neither treaty (one per line)", "A judge's order."),
    ];
    // Each field in turn: its first words in an earlier frame (which enables Save question), the last
    // ones with the click.
    for (field, words) in fields {
        let (first, last) = words.split_at(words.len() / 2);
        type_into(&mut harness, field, first);
        gestures::type_and_click_in_one_frame(&mut harness, last, "Save question");
    }
    let app = harness.state();
    let mine = app
        .workspace
        .first_editable()
        .expect("New question made the user's layer");
    let question = &app
        .workspace
        .layer(mine)
        .expect("the user's layer")
        .file
        .questions[0];
    assert_eq!(question.title, "Who holds the keys");
    assert_eq!(question.question, "Who must help?");
    assert_eq!(question.answers.revision, "Any person (Art. 28(4)).");
    assert_eq!(question.answers.base, "Any person (Art. 19(4)).");
    assert_eq!(question.absent, ["A judge's order."]);
}
