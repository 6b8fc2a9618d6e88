//! The real app driven through egui_kittest: widgets are found by their accessible labels.

mod gestures;
mod labels;

use labels::{every_label, internal_id_in};

use std::sync::Arc;

use crosswalk::Side;
use crosswalk::ui::{AppCommand, CrosswalkApp, DEFAULT_FONT_SIZE, SEARCH_BOX_LABEL, Settings};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app() -> CrosswalkApp {
    let corpus = Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"));
    CrosswalkApp::new(corpus, Settings::default())
}

fn harness() -> Harness<'static, CrosswalkApp> {
    let mut harness = Harness::builder()
        .with_size([1360.0, 860.0])
        // Rows first drawn at an estimated height settle within a few frames once measured.
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app());
    harness.run();
    harness
}

/// Opens Chapter IV of the UN Convention in the outline and clicks Art. 24 there.
fn open_un_article_24(harness: &mut Harness<'_, CrosswalkApp>) {
    harness
        .get_by_label("Chapter IV – Procedural measures and law enforcement")
        .click();
    harness.run();
    harness
        .get_by_label("Art. 24 Conditions and safeguards")
        .click();
    harness.run();
}

/// Saves `draft` as the Annotate dialog does: Annotate… opens it, Save stores the note in the user's
/// layer (making it the first time). Returns the user's layer.
fn annotate_as_the_dialog_does(
    harness: &mut Harness<'_, CrosswalkApp>,
    draft: crosswalk::annotations::NoteDraft,
) -> crosswalk::document::DocumentId {
    harness.state_mut().apply(AppCommand::StartAnnotation {
        provision: draft.provision.clone(),
        quote: draft.quote.clone(),
        quote_at: draft.quote_at,
    });
    let layer = harness.state().workspace.first_editable();
    harness.state_mut().apply(AppCommand::SaveAnnotation {
        layer,
        editing: None,
        draft,
    });
    my_layer(harness)
}

/// The user's own layer, made by their first note, reply, link or question.
fn my_layer(harness: &Harness<'_, CrosswalkApp>) -> crosswalk::document::DocumentId {
    harness
        .state()
        .workspace
        .layers
        .iter()
        .find(|layer| layer.name() == "My annotations")
        .map(|layer| layer.id)
        .expect("the user's layer was made")
}

fn selected_id(harness: &Harness<'_, CrosswalkApp>) -> Option<String> {
    let app = harness.state();
    app.selected
        .map(|(key, node)| app.library().treaty(key).node(node).id.to_string())
}

#[test]
fn both_treaties_are_shown_side_by_side_un_left() {
    let harness = harness();
    assert_eq!(harness.state().settings.left, Side::Revision);
    // Pane titles and the first headings of both texts are on screen.
    // Each name appears as a pane title and as an outline section.
    harness.get_by_label("UN Convention against Cybercrime");
    assert_eq!(
        harness
            .query_all_by_label("Budapest Convention on Cybercrime (ETS No. 185)")
            .count(),
        2,
        "pane title and outline"
    );
    // The active pane's title carries a bullet, so the state is not shown by colour alone.
    harness.get_by_label("• UN Convention against Cybercrime");
    // Preamble: a heading row in each pane and an outline entry each.
    assert!(harness.query_all_by_label("Preamble").count() >= 4);
    harness.get_by_label_contains("The States Parties to the present Convention,");
    harness.get_by_label_contains("The member States of the Council of Europe");
}

#[test]
fn outline_click_selects_and_scrolls_to_the_article() {
    let mut harness = harness();
    open_un_article_24(&mut harness);
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:art_24"));
    // The pane scrolled: the article heading is now a row on screen (with its counterpart noted), the
    // pane's sticky header names it, and the selection bar names it.
    harness.get_by_label_contains("Article 24 – Conditions and safeguards  [Budapest");
    harness.get_by_label("In view: Article 24 – Conditions and safeguards");
    harness.get_by_label_contains("Selected: UN Convention against Cybercrime, Art. 24");
}

#[test]
fn clicking_a_paragraph_selects_it_and_copy_citation_reports() {
    let mut harness = harness();
    harness
        .get_by_label("Chapter I – General provisions")
        .click();
    harness.run();
    harness
        .get_by_label("Art. 6 Respect for human rights")
        .click();
    harness.run();
    harness
        .get_by_label_contains("1. States Parties shall ensure that the implementation")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:art_6__para_1"));
    harness.get_by_label("Copy citation").click();
    // The copy command is in the output of the very next frame.
    harness.step();
    let copied = harness.output().platform_output.commands.iter().any(|command| {
        matches!(command, egui::OutputCommand::CopyText(text) if text.starts_with("UN Convention against Cybercrime, Art. 6(1): States Parties shall ensure"))
    });
    assert!(copied, "the clipboard receives the citation");
    harness.run();
    assert_eq!(
        harness.state().status,
        "Copied the citation to the clipboard"
    );
}

#[test]
fn search_counts_matches_per_treaty_and_steps_through_them() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    let search = harness.get_by_label(SEARCH_BOX_LABEL);
    assert!(search.is_focused(), "Ctrl+F focuses the search box");
    search.type_text("Service Provider");
    harness.run();
    let hits = harness.state().search.hits.clone();
    let un = hits.iter().filter(|hit| hit.side == Side::Revision).count();
    let bc = hits.iter().filter(|hit| hit.side == Side::Base).count();
    assert!(
        un > 5 && bc > 5,
        "case-insensitive matches in both treaties: {un} / {bc}"
    );
    harness.get_by_label_contains(&format!("UN: {un} · Budapest: {bc}"));

    // The results, text and notes together, are stepped through most relevant first.
    let results = harness.state().search.ranked.len();
    assert_eq!(results, un + bc + harness.state().search.note_hits.len());
    harness.get_by_label("Next match").click();
    harness.run();
    assert_eq!(harness.state().search.current, Some(0));
    harness.get_by_label_contains(&format!("result 1 of {results}"));
    harness.get_by_label("Previous match").click();
    harness.run();
    assert_eq!(
        harness.state().search.current,
        Some(results - 1),
        "previous wraps around to the last result"
    );
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(harness.state().search.current, Some(0), "F3 steps forward");
}

#[test]
fn panes_swap_and_settings_change() {
    let mut harness = harness();
    harness.get_by_label("Swap panes").click();
    harness.run();
    assert_eq!(harness.state().settings.left, Side::Base);
    harness.get_by_label("Larger text").click();
    harness.run();
    assert_eq!(harness.state().settings.font_size, DEFAULT_FONT_SIZE + 2.0);
    // The size shown between the buttons puts the text back to its default size.
    harness
        .get_by_label(&format!("{} pt", DEFAULT_FONT_SIZE + 2.0))
        .click();
    harness.run();
    assert_eq!(harness.state().settings.font_size, DEFAULT_FONT_SIZE);
    harness.get_by_label("Dark theme").click();
    harness.run();
    assert!(harness.state().settings.dark_mode);
    harness.get_by_label("Light theme");
    harness.get_by_label("Hide outline").click();
    harness.run();
    assert!(!harness.state().settings.show_outline);
    harness.get_by_label("Show outline");
}

#[test]
fn settings_round_trip_through_ron() {
    let settings = Settings {
        dark_mode: true,
        font_size: 22.0,
        left: Side::Base,
        show_outline: false,
        ..Settings::default()
    };
    let text = ron::to_string(&settings).unwrap();
    assert_eq!(ron::from_str::<Settings>(&text).unwrap(), settings);
    // Older or partial files fall back to defaults for missing fields.
    let partial: Settings = ron::from_str("(font_size: 20.0)").unwrap();
    assert_eq!(partial.font_size, 20.0);
    assert_eq!(partial.left, Side::Revision);
}

#[test]
fn about_window_shows_source_and_provenance() {
    let mut harness = harness();
    harness
        .get_all_by_label("About this text")
        .next()
        .expect("an About button per pane")
        .click();
    harness.run();
    assert!(harness.state().views.about.open[Side::Revision]);
    harness.get_by_label("About: UN Convention against Cybercrime");
    harness.get_by_label_contains("A/RES/79/243, annex");
    assert!(
        harness
            .query_all_by_label_contains("Source repository:")
            .count()
            >= 1
    );
}

#[test]
fn keyboard_moves_the_selection_between_provisions_and_articles() {
    let mut harness = harness();
    harness.get_by_label("Chapter II – Criminalization").click();
    harness.run();
    harness.get_by_label("Art. 7 Illegal access").click();
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:art_7__para_1"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:art_8"));
    harness.key_press(Key::F6);
    harness.run();
    assert_eq!(
        harness.state().active,
        Side::Base,
        "F6 switches the active pane"
    );
}

#[test]
fn interpretative_note_pointer_jumps_to_the_annex() {
    let mut harness = harness();
    harness
        .get_by_label("Chapter I – General provisions")
        .click();
    harness.run();
    harness.get_by_label("Art. 2 Use of terms").click();
    harness.run();
    harness
        .get_by_label_contains("Interpretative notes on this article: 1, 2")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:annex__note_1"));
}

#[test]
fn only_visible_rows_are_laid_out() {
    let mut harness = harness();
    harness.run();
    let app = harness.state();
    for key in Side::ALL {
        let pane = app.pane(key);
        assert!(pane.row_count() > 300, "{key:?}: {} rows", pane.row_count());
        assert!(
            pane.laid_out_rows() < 80,
            "{key:?}: {} of {} rows laid out",
            pane.laid_out_rows(),
            pane.row_count()
        );
    }
}

#[test]
fn pair_view_shows_the_counterpart_steps_through_pairs_and_toggles_terminology() {
    let mut harness = harness();
    assert!(
        harness.state().settings.pair_view,
        "pair view is on by default"
    );
    harness.get_by_label("Chapter II – Criminalization").click();
    harness.run();
    harness.get_by_label("Art. 7 Illegal access").click();
    harness.run();
    // The counterpart is named, with the relation, and both panes carry diff marks.
    harness.get_by_label_contains("UN Art. 7 | Budapest Art. 2");
    let app = harness.state();
    let current = app.pairs.current.expect("a pair is shown");
    assert_eq!(app.pairs.links.entries()[current].sides.base, ["bc:art_2"]);
    // Article headings say whether they have a counterpart, in words.
    harness.get_by_label_contains("Article 7 – Illegal access  [Budapest Art. 2]");

    // Terminology-aware is on: "computer data" is an equivalent, not a change.
    let toggle = harness.get_by_label("Terminology-aware");
    toggle.click();
    harness.run();
    assert!(!harness.state().settings.terms);
    harness.get_by_label("Terminology-aware").click();
    harness.run();
    assert!(harness.state().settings.terms);

    // Next pair: the following link in treaty order, selected in the UN pane.
    harness.get_by_label("Next pair").click();
    harness.run();
    let app = harness.state();
    let next = app.pairs.current.unwrap();
    assert_ne!(next, current);
    assert_eq!(
        app.pairs.position().map(|(at, _)| at),
        app.pairs
            .links
            .pairs()
            .iter()
            .position(|&l| l == current)
            .map(|p| p + 2)
    );
    let selected = selected_id(&harness).unwrap();
    assert!(
        app.pairs.links.entries()[next]
            .sides
            .revision
            .iter()
            .any(|id| selected.starts_with(id.as_str())),
        "{selected}"
    );
    // Keyboard: Alt+Up goes back a pair (Alt+Left is Back, as in a browser).
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().pairs.current, Some(current));
}

#[test]
fn inline_view_and_unmatched_articles() {
    let mut harness = harness();
    harness.get_by_label("Inline view").click();
    harness.run();
    assert!(harness.state().settings.inline_view);
    harness.get_by_label("Chapter II – Criminalization").click();
    harness.run();
    // An equivalent term shows the Budapest term it stands for, so the change is not hidden.
    harness.get_by_label("Art. 7 Illegal access").click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("Party » State Party")
            .count()
            >= 1
    );
    harness
        .get_by_label("Art. 16 Non-consensual dissemination of intimate images")
        .click();
    harness.run();
    assert_eq!(harness.state().pairs.current, None);
    harness.get_by_label_contains("No counterpart for Art. 16:");
    harness.get_by_label_contains(
        "Article 16 – Non-consensual dissemination of intimate images  [no counterpart]",
    );
    // A suggestion can become the user's own link.
    harness
        .get_by_label_contains("Suggested counterparts for Art. 16")
        .click();
    harness.run();
    let first_link_button = harness
        .get_all_by_label_contains("Link to Art.")
        .next()
        .expect("suggestions listed");
    first_link_button.click();
    harness.run();
    let app = harness.state();
    let current = app.pairs.current.expect("the new link is shown");
    let link = &app.pairs.links.entries()[current];
    assert!(!link.origin.is_shipped());
    assert_eq!(link.sides.revision, ["uncc:art_16"]);
    // Its direction is stated in words, the selected provision first.
    assert!(
        link.statement(app.library())
            .starts_with("UN Art. 16 corresponds to Budapest"),
        "{}",
        link.statement(app.library())
    );
    // It is stored as a Corresponds link in the user's layer, so it is saved with the annotations.
    let stored = &app
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .links;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].relation,
        crosswalk::annotations::LinkRelation::Corresponds
    );
    assert_eq!(stored[0].ends[0].provision, "uncc:art_16");
    // Undo removes it from pair view too.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let links = &harness.state().pairs.links;
    assert!(
        links
            .pairs()
            .iter()
            .all(|&index| links.entries()[index].origin.is_shipped())
    );
}

#[test]
fn annotate_a_passage_with_a_tag_see_it_listed_save_and_reopen() {
    let mut harness = harness();
    open_un_article_24(&mut harness);
    harness
        .get_by_label_contains("1. Each State Party shall ensure that the establishment")
        .click();
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_24__para_1")
    );

    harness.get_by_label("Annotate…").click();
    harness.run();
    harness.get_by_label("Annotate Art. 24(1)");
    let quote = harness.get_by_label("Quote (exact words from the provision)");
    quote.focus();
    quote.type_text("principle of proportionality");
    harness.run();
    let note = harness.get_by_label("Note");
    note.focus();
    note.type_text("Same principle as Budapest Art. 15(1).");
    harness.run();
    let tags = harness.get_by_label("Tags (comma-separated, e.g. safeguard/proportionality)");
    tags.focus();
    tags.type_text("safeguard/proportionality");
    harness.run();
    harness.get_by_label("Save annotation").click();
    harness.run();

    let mine = my_layer(&harness);
    let layer = &harness.state().workspace.layer(mine).expect("the layer");
    assert_eq!(layer.file.annotations.len(), 1);
    let annotation = &layer.file.annotations[0];
    assert_eq!(annotation.anchor.provision, "uncc:art_24__para_1");
    assert_eq!(annotation.anchor.quote, "principle of proportionality");
    assert_eq!(annotation.tags, ["safeguard/proportionality"]);
    assert!(layer.dirty);

    // The panel lists it under its pinpoint (the shipped safeguards layer marks Art. 24(1) too, until
    // that layer is hidden); filtering by tag keeps it.
    harness.get_by_label("Show annotations").click();
    harness.run();
    assert_eq!(harness.query_all_by_label("UN Art. 24(1)").count(), 2);
    harness.get_by_label_contains("Safeguards (").click();
    harness.run();
    let safeguards = harness
        .state()
        .workspace
        .layers
        .iter()
        .position(|layer| layer.name() == "Safeguards");
    assert!(!harness.state().workspace.layers[safeguards.expect("shipped")].visible);
    harness.get_by_label("UN Art. 24(1)");
    let filter = harness.get_by_label("Filter by tag");
    filter.focus();
    filter.type_text("safeguard/prop");
    harness.run();
    harness.get_by_label("UN Art. 24(1)");
    harness.get_by_label_contains("“principle of proportionality”");

    // Undo and redo (outside text fields).
    harness.get_by_label("Undo").click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .layer(mine)
            .expect("the layer")
            .file
            .annotations
            .is_empty()
    );
    harness.get_by_label("Redo").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace
            .layer(mine)
            .expect("the layer")
            .file
            .annotations
            .len(),
        1
    );

    // Save to a file, reopen it in a fresh app: still there.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my-notes.ron");
    harness
        .state_mut()
        .workspace
        .layer_mut(mine)
        .expect("the layer")
        .path = Some(path.clone());
    harness.run();
    harness.get_by_label("Save My annotations").click();
    harness.run();
    assert!(
        !harness
            .state()
            .workspace
            .layer(mine)
            .expect("the layer")
            .dirty
    );
    assert!(path.exists());

    let mut reopened = self::harness();
    reopened.state_mut().apply(AppCommand::OpenFile {
        path: path.clone(),
        read_only: false,
    });
    reopened.state_mut().settings.show_annotations = true;
    reopened.run();
    // Listed beside the shipped safeguards layer's own note on Art. 24(1).
    assert_eq!(reopened.query_all_by_label("UN Art. 24(1)").count(), 2);
    let reopened_layer = reopened
        .state()
        .workspace
        .layers
        .iter()
        .find(|layer| layer.path.as_deref() == Some(path.as_path()))
        .expect("the file is open as a layer");
    assert_eq!(reopened_layer.file.annotations.len(), 1);
    reopened.get_by_label_contains("Same principle as Budapest Art. 15(1).");
}

#[test]
fn safeguards_matrix_lists_linked_safeguards() {
    let mut harness = harness();
    harness.get_by_label("Safeguards matrix").click();
    harness.run();
    harness.get_by_label("search and seizure");
    harness
        .get_all_by_label("Budapest Art. 15(1)")
        .next()
        .expect("Budapest Art. 15(1) is a safeguard cell")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_15__para_1"));
}

#[test]
fn the_published_commentary_layer_is_listed_beside_safeguards_and_off_by_default() {
    let mut harness = harness();
    harness.state_mut().settings.show_annotations = true;
    harness.run();
    let layers = &harness.state().workspace.layers;
    let commentary = layers
        .iter()
        .find(|layer| layer.name() == "Published commentary")
        .expect("the commentary layer is open");
    assert!(commentary.read_only && !commentary.visible);
    assert!(commentary.file.annotations.len() >= 10);
    let safeguards = layers
        .iter()
        .find(|layer| layer.name() == "Safeguards")
        .expect("the safeguards layer is open");
    assert!(safeguards.read_only && safeguards.visible);
}

/// Writes the Export window's choices to `path` (the file dialog's answer) and waits for the worker.
fn export_from_window(harness: &mut Harness<'_, CrosswalkApp>, path: &std::path::Path) -> Vec<u8> {
    let ctx = harness.ctx.clone();
    harness.state_mut().start_export(&ctx, path.to_path_buf());
    // The export runs on a worker thread; the window keeps drawing meanwhile.
    for _ in 0..400 {
        harness.step();
        if !harness.state().export_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!harness.state().export_running());
    std::fs::read(path).unwrap_or_else(|_| panic!("{}", harness.state().views.export.message))
}

/// What `crosswalk export ARGS -o path` writes.
fn export_from_command_line(args: &[&str], path: &std::path::Path) -> Vec<u8> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .arg("export")
        .args(args)
        .arg("-o")
        .arg(path)
        .output()
        .expect("the command line runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(path).expect("the command line wrote its export")
}

/// A note of the user's on UN Art. 24(1), tagged `mine/q1`, saved to `path`.
fn note_of_mine_saved_to(harness: &mut Harness<'_, CrosswalkApp>, path: &std::path::Path) {
    let provision = crosswalk::model::ProvisionId::parse("uncc:art_24__para_1").expect("ID");
    let draft = crosswalk::annotations::NoteDraft {
        provision,
        quote: "principle of proportionality".into(),
        quote_at: None,
        note: "Compare Budapest Art. 15(1).".into(),
        tags: vec!["mine/q1".into()],
        color: None,
    };
    let layer = annotate_as_the_dialog_does(harness, draft);
    harness.state_mut().apply(AppCommand::SaveLayerAs {
        layer,
        path: path.to_path_buf(),
    });
    harness.run();
    assert!(path.exists(), "{}", harness.state().notes_message);
}

#[test]
fn export_window_writes_the_same_bytes_as_the_command_line_for_the_same_choices() {
    use crosswalk::export::{Format, Layout, NotesMode, Paper};
    use crosswalk::ui::views::export_window::Scope;

    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name);
    let mut harness = harness();
    let mine = out("mine.ron");
    note_of_mine_saved_to(&mut harness, &mine);
    let mine = mine.display().to_string();

    // The current pair is that pair alone, with the user's notes and not the shipped layers'.
    harness.get_by_label("Chapter II – Criminalization").click();
    harness.run();
    harness.get_by_label("Art. 7 Illegal access").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    harness
        .get_by_label_contains("The current pair (UN Art. 7 | Budapest Art. 2)")
        .click();
    harness.run();
    harness.state_mut().views.export.request.render.format = Format::Markdown;
    let window = export_from_window(&mut harness, &out("pair.md"));
    let message = harness.state().views.export.message.clone();
    assert!(message.starts_with("Exported 1 pair to"), "{message}");
    let cli = [
        "--format",
        "md",
        "--select",
        "exact=uncc:art_7+bc:art_2",
        "--annotations",
        &mine,
    ];
    assert_eq!(
        String::from_utf8(window).unwrap(),
        String::from_utf8(export_from_command_line(&cli, &out("pair-cli.md"))).unwrap()
    );

    // Pairs tagged by the user, as a redlined DOCX on Letter paper with footnotes.
    let request = &mut harness.state_mut().views.export.request;
    request.scope = Scope::Tag;
    request.tag = "mine/".into();
    request.render.format = Format::Docx;
    request.render.layout = Layout::Redline;
    request.render.notes = NotesMode::Footnotes;
    request.render.paper = Paper::Letter;
    let window = export_from_window(&mut harness, &out("tagged.docx"));
    let cli = [
        "--format",
        "docx",
        "--select",
        "tag=mine/",
        "--annotations",
        &mine,
        "--layout",
        "redline",
        "--notes",
        "footnotes",
        "--paper",
        "letter",
    ];
    assert!(
        window == export_from_command_line(&cli, &out("tagged-cli.docx")),
        "same DOCX"
    );

    // The same pairs as a workbook: the window offers every format the command line writes.
    harness.state_mut().views.export.request.render.format = Format::Xlsx;
    let window = export_from_window(&mut harness, &out("tagged.xlsx"));
    let mut cli = cli;
    cli[1] = "xlsx";
    assert!(
        window == export_from_command_line(&cli, &out("tagged-cli.xlsx")),
        "same XLSX"
    );

    // Two pairs ticked in the window's list, with the shipped layers, excerpts and a date, as JSON.
    harness.get_by_label("Choose pairs").click();
    harness.run();
    for pair in [
        "UN Art. 7 | Budapest Art. 2",
        "UN Art. 24 | Budapest Art. 15",
    ] {
        harness.get_by_label("Show pairs containing").focus();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        harness
            .get_by_label("Show pairs containing")
            .type_text(pair);
        harness.run();
        harness.get_by_label(pair).click();
        harness.run();
    }
    harness.get_by_label_contains("The pairs ticked below (2 ticked)");
    harness
        .get_by_label("Also the shipped Safeguards layer (its notes, tags and links)")
        .click();
    harness
        .get_by_label("Full texts (off: changed sentences only)")
        .click();
    harness.run();
    harness
        .get_by_label("Date printed on it (empty: none)")
        .focus();
    harness
        .get_by_label("Date printed on it (empty: none)")
        .type_text("7 December 2026");
    harness.run();
    harness.state_mut().views.export.request.render.format = Format::Json;
    let window = export_from_window(&mut harness, &out("ticked.json"));
    let cli = [
        "--format",
        "json",
        "--select",
        "exact=uncc:art_7+bc:art_2,uncc:art_24+bc:art_15",
        "--annotations",
        &mine,
        "--with-safeguards",
        "--excerpts",
        "--date",
        "7 December 2026",
    ];
    let json: serde_json::Value = serde_json::from_slice(&window).expect("JSON");
    assert_eq!(json["sections"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        String::from_utf8(window).unwrap(),
        String::from_utf8(export_from_command_line(&cli, &out("ticked-cli.json"))).unwrap()
    );
}

#[test]
fn dragging_across_provision_text_selects_words_to_quote_and_annotate() {
    let mut harness = harness();
    open_un_article_24(&mut harness);
    let (from, to) = gestures::drag_across_text(
        &mut harness,
        "1. Each State Party shall ensure that the establishment",
    );

    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_24__para_1")
    );
    let (key, node) = harness.state().selected.expect("a provision is selected");
    let library = harness.state().library();
    let text = library.treaty(key).node(node).text.clone();
    let range = harness
        .state()
        .pane(key)
        .selected_words(library.treaty(key), node)
        .expect("words are selected");
    let words = text[range.clone()].to_owned();
    assert!(words.len() > 10, "{words:?}");
    assert_eq!(words, words.trim(), "selection is trimmed");
    // Snapped to whole words.
    assert!(text[..range.start].ends_with(' '), "{words:?}");
    assert!(
        !text[range.end..].starts_with(char::is_alphanumeric),
        "{words:?}"
    );
    harness.get_by_label_contains(&format!("Words: “{}", &words[..10]));

    // Ctrl+C (a Copy event) copies the words as a quote with the pinpoint.
    harness.event(egui::Event::Copy);
    harness.step();
    let expected = format!("UN Convention against Cybercrime, Art. 24(1): “{words}”");
    let copied =
        harness.output().platform_output.commands.iter().any(
            |command| matches!(command, egui::OutputCommand::CopyText(text) if *text == expected),
        );
    assert!(copied, "the clipboard receives {expected}");
    harness.run();

    // Annotate… takes the selected words as the quote, anchored where they were selected.
    harness.get_by_label("Annotate…").click();
    harness.run();
    let note = harness.get_by_label("Note");
    note.focus();
    note.type_text("Selected in the reader.");
    harness.run();
    harness.get_by_label("Save annotation").click();
    harness.run();
    let annotation = &harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .annotations[0];
    assert_eq!(annotation.anchor.provision, "uncc:art_24__para_1");
    assert_eq!(annotation.anchor.quote, words);
    assert_eq!(annotation.anchor.start, text[..range.start].chars().count());

    // Escape drops the selection; so does a plain click elsewhere.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label_contains("Words: “").is_none());
    harness.drag_at(from);
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
    harness.get_by_label_contains("Words: “");
    harness
        .get_by_label_contains("2. Such conditions and safeguards shall")
        .click();
    harness.run();
    let (key, node) = harness.state().selected.expect("a provision is selected");
    let library = harness.state().library();
    assert!(
        harness
            .state()
            .pane(key)
            .selected_words(library.treaty(key), node)
            .is_none()
    );
    assert!(harness.query_by_label_contains("Words: “").is_none());
}

#[test]
fn a_link_made_with_link_to_is_listed_with_its_direction_edited_deleted_and_undone() {
    use crosswalk::annotations::LinkRelation;
    use egui::accesskit::Role;

    let mut harness = harness();
    open_un_article_24(&mut harness);
    harness
        .get_by_label_contains("1. Each State Party shall ensure that the establishment")
        .click();
    harness.run();
    harness.get_by_label("Link to…").click();
    harness.run();
    harness.get_by_label_contains("Linking from Art. 24(1)");
    harness
        .get_by_role_and_label(Role::ComboBox, "Relation")
        .click();
    harness.run();
    harness.get_by_label("SafeguardFor").click();
    harness.run();
    // The other end, chosen in the outline: the direction is stated before the link exists.
    harness
        .get_by_label("Art. 28 Search and seizure of stored electronic data")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:art_28"));
    let statement = "UN Art. 24(1) is a safeguard for UN Art. 28";
    let reversed = "UN Art. 28 is a safeguard for UN Art. 24(1)";
    harness.get_by_label(statement);
    harness.get_by_label("Swap direction").click();
    harness.run();
    harness.get_by_label(reversed);
    harness.get_by_label("Swap direction").click();
    harness.run();
    harness.get_by_label(statement);
    harness.get_by_label("Create link").click();
    harness.run();

    // Stored with the subject first: for SafeguardFor, the safeguard.
    let links = &harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .links;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].relation, LinkRelation::SafeguardFor);
    assert_eq!(links[0].ends[0].provision, "uncc:art_24__para_1");
    assert_eq!(links[0].ends[1].provision, "uncc:art_28");
    assert!(
        harness.query_by_label("Create link").is_none(),
        "the link bar closes"
    );

    // The panel lists it under its layer, whose count is what is listed.
    harness.get_by_label("Show annotations").click();
    harness.run();
    harness.get_by_label_contains("My annotations (0 notes · 1 link)");
    // With the shipped safeguards layer hidden (it may state a link of its own), only the user's is listed.
    assert!(harness.query_all_by_label(statement).count() >= 1);
    harness.get_by_label_contains("Safeguards (").click();
    harness.run();
    assert_eq!(harness.query_all_by_label(statement).count(), 1);
    harness.get_by_label("Link · SafeguardFor");
    harness.get_by_label("Go to UN Art. 28").click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:art_28"));
    harness.get_by_label("Go to UN Art. 24(1)").click();
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_24__para_1")
    );

    // Edit: note, tags and direction.
    // The buttons name the link by its ends, not by its internal ID.
    harness
        .get_by_label("Edit the link between UN Art. 24(1) and UN Art. 28")
        .click();
    harness.run();
    harness.get_by_label("Edit link");
    let note = harness.get_by_label("Note of the link");
    note.focus();
    note.type_text("Proportionality governs the search.");
    harness.run();
    let tags = harness.get_by_label("Tags of the link (comma-separated)");
    tags.focus();
    tags.type_text("safeguard/proportionality");
    harness.run();
    harness.get_by_label("Swap direction").click();
    harness.run();
    harness.get_by_label("Save link").click();
    harness.run();
    assert!(
        harness.query_by_label("Edit link").is_none(),
        "the editor closes"
    );
    let link = &harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .links[0];
    assert_eq!(link.ends[0].provision, "uncc:art_28");
    assert_eq!(link.note, "Proportionality governs the search.");
    assert_eq!(link.tags, ["safeguard/proportionality"]);
    assert_eq!(link.relation, LinkRelation::SafeguardFor);
    harness.get_by_label(reversed);
    harness.get_by_label("Proportionality governs the search.");
    harness.get_by_label("Tags: safeguard/proportionality");

    // Delete, then undo. The button may lie below the panel's fold (the panel lists what refers to the
    // provision first): scroll to it as a reader would.
    let delete = "Delete the link between UN Art. 28 and UN Art. 24(1)";
    harness.get_by_label(delete).scroll_to_me();
    harness.run();
    harness.get_by_label(delete).click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .layer(my_layer(&harness))
            .expect("the layer")
            .file
            .links
            .is_empty()
    );
    assert!(harness.query_by_label(reversed).is_none());
    harness.get_by_label_contains("My annotations (0 notes · 0 links)");
    harness.get_by_label("Undo").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace
            .layer(my_layer(&harness))
            .expect("the layer")
            .file
            .links
            .len(),
        1
    );
    harness.get_by_label(reversed);
    harness.get_by_label_contains("My annotations (0 notes · 1 link)");
}

#[test]
fn keyboard_shortcuts_window_lists_the_table_and_escape_closes_it() {
    let mut harness = harness();
    let before = |harness: &Harness<'_, CrosswalkApp>, label: &str| {
        harness.query_all_by_label(label).count()
    };
    let labels = [
        "Ctrl+F",
        "F3",
        "Shift+F3",
        "Alt+Down",
        "Alt+Up",
        // Back: only outside text fields, so the list marks it with a star.
        "Alt+Left *",
        "Ctrl+G",
        "Ctrl+S",
        "Next pair",
        "Previous pair",
        "Search both texts",
        "Save the changed annotation layers",
    ];
    let counts: Vec<usize> = labels.iter().map(|l| before(&harness, l)).collect();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    assert!(harness.state().views.shortcuts.open);
    for (label, count) in labels.iter().zip(&counts) {
        assert_eq!(
            harness.query_all_by_label(label).count(),
            count + 1,
            "the window lists {label}"
        );
    }
    // Every row of the table is listed.
    for shortcut in crosswalk::ui::SHORTCUTS {
        harness.get_all_by_label(shortcut.description).next();
    }
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().views.shortcuts.open);
    assert!(
        harness
            .query_by_label("Save the changed annotation layers")
            .is_none()
    );
    // F1 opens it too.
    harness.key_press(Key::F1);
    harness.run();
    assert!(harness.state().views.shortcuts.open);
    harness.get_by_label("Save the changed annotation layers");
}

#[test]
fn ctrl_s_saves_every_changed_layer_that_has_a_file() {
    let mut harness = harness();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.ron");
    let ids = |id: &str| crosswalk::model::ProvisionId::parse(id).unwrap();
    // The first link makes the user's layer; it is then given a file, as Save as… would.
    harness.state_mut().apply(AppCommand::CreateLink {
        layer: None,
        draft: crosswalk::annotations::LinkDraft {
            ends: vec![ids("uncc:art_24"), ids("bc:art_15")],
            relation: crosswalk::annotations::LinkRelation::Corresponds,
            note: String::new(),
            tags: Vec::new(),
        },
    });
    harness.run();
    let mine = my_layer(&harness);
    harness
        .state_mut()
        .workspace
        .layer_mut(mine)
        .expect("the layer")
        .path = Some(path.clone());
    assert!(
        harness
            .state()
            .workspace
            .layer(mine)
            .expect("the layer")
            .dirty
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(
        !harness
            .state()
            .workspace
            .layer(mine)
            .expect("the layer")
            .dirty
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("uncc:art_24") && saved.contains("bc:art_15"),
        "{saved}"
    );
}

/// Scrolls the first widget labelled `label` into view and clicks it.
fn click_first(harness: &mut Harness<'_, CrosswalkApp>, label: &str) {
    harness
        .get_all_by_label(label)
        .next()
        .expect("a widget with this label")
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label(label)
        .next()
        .expect("a widget with this label")
        .click();
    harness.run();
}

/// Focuses the field labelled `field` so that the next keystrokes go to it.
fn focus_field(harness: &mut Harness<'_, CrosswalkApp>, field: &str) {
    harness.get_by_label(field).focus();
    harness.run();
}

/// Opens the Annotate dialog on UN Art. 24(1).
fn annotate_un_article_24_1(harness: &mut Harness<'_, CrosswalkApp>) {
    harness
        .get_by_label_contains("1. Each State Party shall ensure that the establishment")
        .click();
    harness.run();
    harness.get_by_label("Annotate…").click();
    harness.run();
}

/// Link to… from UN Art. 24(1), the other end UN Art. 28 chosen in the outline (Chapter IV open):
/// the link bar waits for Create link.
fn start_link_from_art_24_1_to_art_28(harness: &mut Harness<'_, CrosswalkApp>) {
    harness
        .get_by_label("Art. 24 Conditions and safeguards")
        .click();
    harness.run();
    harness
        .get_by_label_contains("1. Each State Party shall ensure that the establishment")
        .click();
    harness.run();
    harness.get_by_label("Link to…").click();
    harness.run();
    harness
        .get_by_label("Art. 28 Search and seizure of stored electronic data")
        .click();
    harness.run();
}

/// The user's first note, made in the Annotate dialog on UN Art. 24(1): it makes the user's layer,
/// whose index is returned.
fn first_note_of_mine(harness: &mut Harness<'_, CrosswalkApp>) -> crosswalk::document::DocumentId {
    open_un_article_24(harness);
    annotate_un_article_24_1(harness);
    focus_field(harness, "Note");
    harness.get_by_label("Note").type_text("My first note.");
    harness.run();
    harness.get_by_label("Save annotation").click();
    harness.run();
    my_layer(harness)
}

const QUOTE_FIELD: &str = "Quote (exact words from the provision)";
const TAGS_FIELD: &str = "Tags (comma-separated, e.g. safeguard/proportionality)";

#[test]
fn every_character_typed_in_the_annotate_dialog_is_saved_with_a_click_or_ctrl_enter_in_the_same_frame()
 {
    let mut harness = harness();
    open_un_article_24(&mut harness);
    // Each field in turn is the one typed into in the frame of the click (or of Ctrl+Enter).
    annotate_un_article_24_1(&mut harness);
    focus_field(&mut harness, QUOTE_FIELD);
    gestures::type_and_click_in_one_frame(
        &mut harness,
        "principle of proportionality",
        "Save annotation",
    );
    annotate_un_article_24_1(&mut harness);
    focus_field(&mut harness, "Note");
    gestures::type_and_click_in_one_frame(&mut harness, "compelled-assistance", "Save annotation");
    annotate_un_article_24_1(&mut harness);
    focus_field(&mut harness, TAGS_FIELD);
    gestures::type_and_click_in_one_frame(&mut harness, "safeguard/necessity", "Save annotation");
    annotate_un_article_24_1(&mut harness);
    focus_field(&mut harness, "Note");
    gestures::type_and_press_in_one_frame(
        &mut harness,
        "typed then Ctrl+Enter",
        Modifiers::COMMAND,
        Key::Enter,
    );
    annotate_un_article_24_1(&mut harness);
    focus_field(&mut harness, TAGS_FIELD);
    gestures::type_and_press_in_one_frame(&mut harness, "teaching/q1", Modifiers::NONE, Key::Enter);

    let annotations = &harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .annotations;
    assert_eq!(annotations.len(), 5, "every dialog saved");
    assert_eq!(annotations[0].anchor.quote, "principle of proportionality");
    assert_eq!(annotations[1].note, "compelled-assistance");
    assert_eq!(annotations[2].tags, ["safeguard/necessity"]);
    assert_eq!(annotations[3].note.trim(), "typed then Ctrl+Enter");
    assert_eq!(annotations[4].tags, ["teaching/q1"]);
}

#[test]
fn every_character_typed_for_a_link_its_edit_and_a_reply_is_saved_with_a_click_or_a_shortcut_in_the_same_frame()
 {
    let mut harness = harness();
    open_un_article_24(&mut harness);
    start_link_from_art_24_1_to_art_28(&mut harness);
    focus_field(&mut harness, "Link note");
    gestures::type_and_click_in_one_frame(&mut harness, "…compelled-assistance", "Create link");
    start_link_from_art_24_1_to_art_28(&mut harness);
    focus_field(&mut harness, "Link tags");
    gestures::type_and_press_in_one_frame(
        &mut harness,
        "safeguard/search",
        Modifiers::COMMAND,
        Key::L,
    );
    let links = &harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .links;
    assert_eq!(links.len(), 2, "both links were made");
    assert_eq!(links[0].note, "…compelled-assistance");
    assert_eq!(links[1].tags, ["safeguard/search"]);

    // The link editor: its note with a click, its tags with Ctrl+Enter.
    // Both links join the same provisions: the first Edit button is the first link's.
    let edit = "Edit the link between UN Art. 24(1) and UN Art. 28";
    harness.state_mut().settings.show_annotations = true;
    harness.run();
    click_first(&mut harness, edit);
    harness.run();
    focus_field(&mut harness, "Note of the link");
    gestures::type_and_click_in_one_frame(&mut harness, " and more", "Save link");
    click_first(&mut harness, edit);
    harness.run();
    focus_field(&mut harness, "Tags of the link (comma-separated)");
    gestures::type_and_press_in_one_frame(&mut harness, ", x/y", Modifiers::COMMAND, Key::Enter);
    let link = &harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .links[0];
    assert_eq!(link.note, "…compelled-assistance and more");
    assert_eq!(link.tags, ["x/y"]);

    // A reply to a note.
    annotate_as_the_dialog_does(
        &mut harness,
        crosswalk::annotations::NoteDraft {
            provision: crosswalk::model::ProvisionId::parse("uncc:art_24__para_1").expect("ID"),
            quote: String::new(),
            quote_at: None,
            note: "Is this enough?".into(),
            tags: Vec::new(),
            color: None,
        },
    );
    harness.run();
    // The button names the note by its author and pinpoint, not by its internal ID.
    let author = harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .annotations[0]
        .author
        .clone();
    let reply_button = format!("Reply to the note by {author} on UN Art. 24(1)");
    harness.get_by_label(&reply_button).scroll_to_me();
    harness.run();
    harness.get_by_label(&reply_button).click();
    harness.run();
    focus_field(&mut harness, "Your reply");
    // "Send reply" is enabled by the first word (typed in an earlier frame); the last ones come with
    // the click.
    harness.get_by_label("Your reply").type_text("Only with ");
    harness.run();
    gestures::type_and_click_in_one_frame(&mut harness, "a judge's order.", "Send reply");
    let note = &harness
        .state()
        .workspace
        .layer(my_layer(&harness))
        .expect("the layer")
        .file
        .annotations[0];
    assert_eq!(note.replies.len(), 1);
    assert_eq!(note.replies[0].note, "Only with a judge's order.");
}

#[test]
fn a_path_typed_with_the_click_on_save_in_the_same_frame_is_the_path_saved_to() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness();
    harness.state_mut().native_dialog_unavailable = Some("No file dialog here.".to_owned());
    first_note_of_mine(&mut harness);
    harness.state_mut().settings.show_annotations = true;
    harness.run();
    harness.get_by_label("Save My annotations as…").click();
    harness.run();
    let path = dir.path().join("every-letter.ron");
    // The field suggests a name; select it so that the typed path replaces it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    gestures::type_and_click_in_one_frame(
        &mut harness,
        &path.display().to_string(),
        "Save to file",
    );
    assert!(path.exists(), "saved to the whole typed path");
}

#[test]
fn a_layer_is_renamed_in_the_panel_every_character_kept_and_the_rename_undone() {
    let mut harness = harness();
    let mine = first_note_of_mine(&mut harness);
    harness.state_mut().settings.show_annotations = true;
    harness.run();
    harness.get_by_label("Rename My annotations…").click();
    harness.run();
    focus_field(&mut harness, "New name of the layer");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    // The last words come with the click on Rename.
    harness
        .get_by_label("New name of the layer")
        .type_text("Seminar 3 ");
    harness.run();
    gestures::type_and_click_in_one_frame(&mut harness, "— Sam", "Rename");
    let layer = &harness.state().workspace.layer(mine).expect("the layer");
    assert_eq!(layer.name(), "Seminar 3 — Sam");
    assert!(layer.dirty, "a rename is an edit to save");
    harness.get_by_label_contains("Seminar 3 — Sam (1 note");
    harness.get_by_label("Undo").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace
            .layer(mine)
            .expect("the layer")
            .name(),
        "My annotations"
    );
}

#[test]
fn no_label_of_the_window_shows_an_internal_id_with_the_shipped_layers_and_a_users_layer_open() {
    let mut harness = harness();
    // The user's own note, reply and link, made as a user makes them.
    first_note_of_mine(&mut harness);
    start_link_from_art_24_1_to_art_28(&mut harness);
    harness.get_by_label("Create link").click();
    harness.run();
    let app = harness.state();
    let (safeguards, shipped_note) = app
        .workspace
        .layers
        .iter()
        .find(|layer| layer.name() == "Safeguards")
        .map(|layer| (layer.id, layer.file.annotations[0].id.clone()))
        .expect("the shipped safeguards layer is open");
    harness.state_mut().apply(AppCommand::Reply {
        layer: safeguards,
        id: shipped_note,
        note: "Does this bind us?".to_owned(),
    });
    // The commentary layer too, and every window with labels made from the layers.
    let commentary = harness
        .state()
        .workspace
        .layers
        .iter()
        .find(|layer| layer.name() == "Published commentary")
        .map(|layer| layer.id)
        .expect("the shipped commentary layer is open");
    harness.state_mut().apply(AppCommand::SetLayerVisible {
        layer: commentary,
        visible: true,
    });
    harness.state_mut().settings.show_annotations = true;
    harness.run();
    let edit = "Edit the link between UN Art. 24(1) and UN Art. 28";
    harness.get_by_label(edit).scroll_to_me();
    harness.run();
    harness.get_by_label(edit).click();
    harness.run();
    harness.get_by_label("Edit link");
    harness.get_by_label("Safeguards matrix").click();
    harness.run();
    harness.get_by_label("Measure");
    let message = harness.state().notes_message.clone();
    assert!(
        message.starts_with("Replied to the note by Crosswalk on UN "),
        "{message}"
    );
    harness.get_by_label("Edit the note by Me on UN Art. 24(1)");
    harness.get_by_label_contains("Published commentary (");
    // The search results (texts and notes of every layer) and the Export window too.
    harness
        .state_mut()
        .apply(AppCommand::SetQuery("safeguard".to_owned()));
    harness.state_mut().apply(AppCommand::ToggleSearchResults);
    harness.state_mut().apply(AppCommand::OpenExport);
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("note in “Safeguards”")
            .count()
            > 1
    );
    harness.get_by_label("Choose file and export…");
    let labels = every_label(&harness);
    assert!(
        labels.len() > 500,
        "the panel, the matrix and the editor are drawn"
    );
    let shown: Vec<String> = labels
        .iter()
        .filter_map(|(role, text)| internal_id_in(text).map(|id| format!("{role} {text:?}: {id}")))
        .collect();
    assert!(shown.is_empty(), "internal IDs shown: {shown:#?}");
}

/// After "Choose file and export…" where no file dialog opens: the path typed, what was exported.
fn finish_export_at(harness: &mut Harness<'_, CrosswalkApp>, path: &std::path::Path) -> String {
    let written = gestures::export_to_typed_path(harness, path);
    harness.run();
    written.unwrap_or_else(|| panic!("{}", harness.state().views.export.message))
}

#[test]
fn every_character_typed_in_the_export_window_is_exported_with_a_click_or_enter_in_the_same_frame()
{
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness();
    harness.state_mut().native_dialog_unavailable = Some("No file dialog here.".to_owned());
    harness.state_mut().views.export.request.render.format = crosswalk::export::Format::Markdown;
    harness.get_by_label("Export…").click();
    harness.run();
    let export = "Choose file and export…";

    // The tag prefix, its last letters with the click on the export button.
    harness.get_by_label("Pairs tagged").click();
    harness.run();
    focus_field(&mut harness, "Tag prefix");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    gestures::type_and_click_in_one_frame(
        &mut harness,
        "safeguard/judicial-or-independent-review",
        export,
    );
    let text = finish_export_at(&mut harness, &dir.path().join("tagged.md"));
    assert!(
        text.contains("Selection: pairs tagged safeguard/judicial-or-independent-review…"),
        "{text}"
    );

    // The date printed on it, with the click.
    focus_field(&mut harness, "Date printed on it (empty: none)");
    gestures::type_and_click_in_one_frame(&mut harness, "7 December 2026", export);
    let text = finish_export_at(&mut harness, &dir.path().join("dated.md"));
    assert!(text.contains("Exported 7 December 2026."), "{text}");

    // Question IDs for a brief, with Enter in the same frame (an ID cut short would be refused).
    harness.get_by_label("Questions (a brief)").click();
    harness.run();
    focus_field(&mut harness, "Question IDs (empty: all)");
    gestures::type_and_press_in_one_frame(
        &mut harness,
        "q-dual-criminality,q-refusal-grounds",
        Modifiers::NONE,
        Key::Enter,
    );
    let text = finish_export_at(&mut harness, &dir.path().join("brief.md"));
    assert!(
        text.contains(
            "Selection: questions “Dual criminality”, “Grounds for refusing assistance”."
        ),
        "{text}"
    );
}

#[test]
fn a_pinpoint_typed_with_enter_in_the_same_frame_is_gone_to_whole() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    assert!(
        harness
            .get_by_label(crosswalk::ui::views::go_to::GO_TO_LABEL)
            .is_focused()
    );
    // "bc 19 4" cut short would go to Budapest Art. 19 instead.
    gestures::type_and_press_in_one_frame(&mut harness, "bc 19 4", Modifiers::NONE, Key::Enter);
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_19__para_4"));
}

#[test]
fn a_search_for_encryption_goes_first_to_the_notes_on_compelled_assistance_not_to_a_passing_word() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness
        .get_by_label(SEARCH_BOX_LABEL)
        .type_text("encryption");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    // The shipped notes on UN Art. 28(4) name encryption; Budapest Art. 25(3) only mentions it in
    // passing ("including the use of encryption, where necessary").
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_4")
    );
    harness.get_by_label_contains("result 1 of");
    // The results list has both, the notes first and the text of Budapest Art. 25(3) after them.
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);
    harness.run();
    let results = harness.state().search.results.clone();
    let places: Vec<&str> = results.iter().map(|item| item.place.as_str()).collect();
    let budapest = places
        .iter()
        .position(|place| place.starts_with("Budapest Art. 25(3)"))
        .expect("the text match is listed");
    assert!(budapest > 0, "{places:#?}");
    assert!(
        places[..budapest]
            .iter()
            .all(|place| place.starts_with("UN Art. 28(4)") && place.contains(" in “")),
        "{places:#?}"
    );
    harness.get_by_label(&format!("» {}", places[0]));
    // Stepping on reaches the text match too.
    for _ in 0..budapest {
        harness.key_press(Key::F3);
        harness.run();
    }
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_25__para_3"));
}
