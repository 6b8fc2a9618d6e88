//! Each pane chooses the instrument it shows: an imported instrument beside either treaty, driven
//! through the window by label (egui_kittest), with every tool on the pair.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crosswalk::Side;
use crosswalk::import::{self, ImportOptions};
use crosswalk::instrument::InstrumentKey;
use crosswalk::ui::sides::load_instruments;
use crosswalk::ui::{AppCommand, CrosswalkApp, Settings};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod gestures;
mod labels;

const BILL: &str = "tests/data/instruments/cybercrime-bill.txt";

/// An instruments folder holding the example bill imported as `xl` ("Cybercrime Bill, 2026").
fn instruments_folder() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let options = ImportOptions {
        id: Some(InstrumentKey::parse("xl").unwrap()),
        title: Some("Cybercrime Bill, 2026".to_owned()),
        ..ImportOptions::default()
    };
    let imported = import::import_file(Path::new(BILL), &options).unwrap();
    import::save(&imported, &folder.path().join("xl.md"), false).unwrap();
    folder
}

/// The window as it opens with the instruments of `folder` and the files `given` loaded, and its
/// messages about what could not be loaded.
fn app_with(folder: &Path, given: &[PathBuf], settings: Settings) -> (CrosswalkApp, Vec<String>) {
    let corpus = crosswalk::corpus::Corpus::embedded().expect("embedded data loads");
    let (library, messages) = load_instruments(corpus.library.clone(), given, folder);
    let corpus = Arc::new(corpus.with_library(library));
    let mut app = CrosswalkApp::new(corpus, settings);
    app.report_loading(&messages);
    (app, messages)
}

fn harness_of(app: CrosswalkApp) -> Harness<'static, CrosswalkApp> {
    let mut harness = Harness::builder()
        .with_size([1360.0, 860.0])
        .with_max_steps(24)
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Chooses `entry` in the pane choice named `choice` ("Right pane shows"), with the mouse.
fn choose(harness: &mut Harness<'_, CrosswalkApp>, choice: &str, entry: &str) {
    harness.get_by_label(choice).click();
    harness.run();
    harness.get_by_label(entry).click();
    harness.run();
}

const BILL_ENTRY: &str = "Cybercrime Bill, 2026";

fn shown(harness: &Harness<'_, CrosswalkApp>, side: Side) -> String {
    harness.state().library().treaty(side).key().to_string()
}

/// The bill's name in citations and sentences (its short name, the title given at import).
const BILL_NAME: &str = "Cybercrime Bill, 2026";

fn selected_id(harness: &Harness<'_, CrosswalkApp>) -> Option<String> {
    let app = harness.state();
    app.selected
        .map(|(key, node)| app.library().treaty(key).node(node).id.to_string())
}

/// Clicks the first widget labelled `label` (scrolled into view first).
fn click_first(harness: &mut Harness<'_, CrosswalkApp>, label: &str) {
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("a widget labelled {label}"))
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("a widget labelled {label}"))
        .click();
    harness.run();
}

/// Opens Part II of the bill in the outline and clicks its section 4 (Unauthorised access).
fn open_bill_section_4(harness: &mut Harness<'_, CrosswalkApp>) {
    // The outline may have opened Part II already, following the selection there.
    if harness.query_by_label("s. 4 Unauthorised access").is_none() {
        harness.get_by_label("Part II – OFFENCES").click();
        harness.run();
    }
    harness.get_by_label("s. 4 Unauthorised access").click();
    harness.run();
    assert_eq!(selected_id(harness).as_deref(), Some("xl:sec_4"));
}

/// Searches from the search box as typed.
fn search_for(harness: &mut Harness<'_, CrosswalkApp>, query: &str) {
    harness
        .get_by_label(crosswalk::ui::SEARCH_BOX_LABEL)
        .focus();
    harness.run();
    harness
        .get_by_label(crosswalk::ui::SEARCH_BOX_LABEL)
        .type_text(query);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// What the search summary says, e.g. "UN: 3 · Cybercrime Bill, 2026: 2 · result 1 of 5".
fn search_summary(harness: &Harness<'_, CrosswalkApp>) -> String {
    harness.state().search.summary()
}

/// The note the user writes on the bill's s. 4(1) in the Annotate dialog.
const BILL_NOTE: &str = "No dishonest-intent element: compare the treaty's option.";

/// Clicks s. 4(1) of the bill, Annotate…, types the note and saves it; then saves the user's layer to
/// `path` and returns the file read back.
fn annotate_bill_section_4_1(
    harness: &mut Harness<'_, CrosswalkApp>,
    path: &Path,
) -> crosswalk::annotations::AnnotationFile {
    harness
        .get_by_label_contains("(1) A person who intentionally and without right accesses")
        .click();
    harness.run();
    assert_eq!(selected_id(harness).as_deref(), Some("xl:sec_4__subsec_1"));
    harness.get_by_label("Annotate…").click();
    harness.run();
    harness.get_by_label("Note").focus();
    harness.run();
    harness.get_by_label("Note").type_text(BILL_NOTE);
    harness.run();
    harness.get_by_label("Save annotation").click();
    harness.run();
    let layer = harness
        .state()
        .workspace
        .layers
        .iter()
        .find(|layer| layer.name() == "My annotations")
        .map(|layer| layer.id)
        .expect("the user's layer was made");
    harness.state_mut().apply(AppCommand::SaveLayerAs {
        layer,
        path: path.to_path_buf(),
    });
    harness.run();
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{}", harness.state().notes_message));
    crosswalk::annotations::AnnotationFile::parse(&text, "mine.ron").expect("the layer reads back")
}

/// Exports the current pair as JSON from the Export window, the path typed where no file dialog
/// opens, and parses the file back.
fn export_current_pair_as_json(
    harness: &mut Harness<'_, CrosswalkApp>,
    path: &Path,
) -> serde_json::Value {
    harness.state_mut().native_dialog_unavailable = Some("No file dialog here.".to_owned());
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label_contains("The current pair (").click();
    harness.run();
    harness.get_by_label("Format").click();
    harness.run();
    harness.get_by_label("JSON").click();
    harness.run();
    harness.get_by_label("Choose file and export…").click();
    harness.run();
    let written = gestures::export_to_typed_path(harness, path)
        .unwrap_or_else(|| panic!("{}", harness.state().views.export.message));
    serde_json::from_str(&written).expect("the export is JSON")
}

/// Every string in a JSON value, joined: what a reader of the export sees.
fn strings_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => format!("{text}\n"),
        serde_json::Value::Array(items) => items.iter().map(strings_of).collect(),
        serde_json::Value::Object(fields) => fields.values().map(strings_of).collect(),
        _ => String::new(),
    }
}

#[test]
fn the_bill_chosen_in_the_right_pane_is_shown_beside_the_un_convention() {
    let folder = instruments_folder();
    let (app, messages) = app_with(folder.path(), &[], Settings::default());
    assert!(messages.is_empty(), "{messages:?}");
    let mut harness = harness_of(app);
    assert_eq!(shown(&harness, Side::Base), "bc");
    choose(&mut harness, "Right pane shows", BILL_ENTRY);
    assert_eq!(shown(&harness, Side::Revision), "uncc");
    assert_eq!(shown(&harness, Side::Base), "xl");
    harness.get_by_label("Part II – OFFENCES").click();
    harness.run();
    harness.get_by_label("s. 4 Unauthorised access");
    // About this text names the instrument, its language and its source.
    harness
        .query_all_by_label("About this text")
        .nth(1)
        .expect("the right pane's About")
        .click();
    harness.run();
    harness.get_by_label(&format!("About: {BILL_NAME}"));
    harness.get_by_label("Language");
    harness.get_by_label("Sections");
    // The source line, and the file's header as provenance.
    assert!(
        harness
            .query_all_by_label_contains("imported by `crosswalk import` from cybercrime-bill.txt")
            .count()
            >= 2
    );
    assert!(harness.query_by_label("Adopted").is_none());
}

/// The bill's section 4 beside a treaty's article on illegal access: found in the search, suggested,
/// linked from the suggestion, compared word by word (pair and inline view), annotated, listed in the
/// annotations panel and exported. `pane` is the choice that shows the bill; `treaty` the treaty left
/// on the other side, `article` its article on illegal access and `treaty_name` its citation name.
fn every_tool_works_on_the_bill_beside(pane: &str, treaty: &str, article: &str, treaty_name: &str) {
    let folder = instruments_folder();
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = app_with(folder.path(), &[], Settings::default());
    let mut harness = harness_of(app);
    choose(&mut harness, pane, BILL_ENTRY);
    let app = harness.state();
    let bill_side = app
        .library()
        .side_of("xl:sec_4")
        .expect("the bill is on a side");
    assert_eq!(
        app.library().treaty(bill_side.other()).key().as_str(),
        treaty
    );

    // Search: both sides counted by the names they are cited with.
    search_for(&mut harness, "without right accesses");
    let summary = search_summary(&harness);
    assert!(summary.contains(&format!("{BILL_NAME}: 1")), "{summary}");
    assert!(summary.contains(&format!("{treaty_name}: ")), "{summary}");

    // The outline, then the suggested counterparts of section 4; a link made from one.
    open_bill_section_4(&mut harness);
    harness
        .get_by_label_contains("Suggested counterparts for s. 4")
        .click();
    harness.run();
    click_first(&mut harness, &format!("Link to {article}"));
    let status = harness.state().status.clone();
    assert!(status.contains(&format!("{BILL_NAME} s. 4")), "{status}");
    assert!(
        status.contains(&format!("{treaty_name} {article}")),
        "{status}"
    );

    // Pair view: the pair named by both instruments, its words compared.
    let app = harness.state();
    let link = app
        .pairs
        .current
        .expect("the new link is the pair on screen");
    let diff = app
        .pairs
        .diff(&app.corpus, link, app.settings.terms)
        .expect("the pair is diffed");
    assert!(diff.similarity() > 0.2, "{}", diff.similarity());
    let bill_words = diff.rows.iter().any(|row| {
        let sentence = if bill_side == Side::Revision {
            &row.revision
        } else {
            &row.base
        };
        sentence.is_some()
    });
    assert!(bill_words, "the bill's sentences are aligned");
    let bill = format!("{BILL_NAME} s. 4");
    let other = format!("{treaty_name} {article}");
    let (revision, base) = if bill_side == Side::Revision {
        (&bill, &other)
    } else {
        (&other, &bill)
    };
    harness.get_by_label_contains(&format!("{revision} | {base} · "));
    // The inline view names the instrument whose words are marked.
    harness.get_by_label("Inline view").click();
    harness.run();
    let phrase = |name: &str| match name {
        "UN" => "the UN Convention".to_owned(),
        "Budapest" => "the Budapest Convention".to_owned(),
        other => format!("the {other}"),
    };
    let (underlined, struck) = if bill_side == Side::Revision {
        (phrase(BILL_NAME), phrase(treaty_name))
    } else {
        (phrase(treaty_name), phrase(BILL_NAME))
    };
    harness.get_by_label_contains(&format!(
        "Inline comparison: struck through = only in {struck}, underlined = only in {underlined}"
    ));

    // A note on the bill's words, saved to the user's layer with the bill's ID and read back.
    let file = annotate_bill_section_4_1(&mut harness, &dir.path().join("mine.ron"));
    let note = file
        .annotations
        .iter()
        .find(|note| note.note == BILL_NOTE)
        .expect("the note is in the file");
    assert_eq!(note.anchor.provision, "xl:sec_4__subsec_1");
    assert!(
        file.links.iter().any(|link| {
            let ends: Vec<&str> = link.ends.iter().map(|end| end.provision.as_str()).collect();
            ends.contains(&"xl:sec_4")
        }),
        "the link to section 4 is in the file"
    );

    // The annotations panel lists the note by the bill's pinpoint and goes to it.
    harness.get_by_label("Show annotations").click();
    harness.run();
    // Filtered to the bill's side, by the name the side shows.
    // From the keyboard: the choices are both sides, then the revision side, then the base side.
    harness.get_by_label("Treaty").focus();
    harness.run();
    let steps = if bill_side == Side::Revision { 1 } else { 2 };
    for _ in 0..steps {
        harness.key_press(egui::Key::ArrowDown);
        harness.run();
    }
    assert_eq!(
        harness.state().views.annotations.treaty_filter,
        Some(bill_side)
    );
    harness.get_by_label(&format!("Edit the note by Me on {BILL_NAME} s. 4(1)"));
    harness.get_by_label(&format!(
        "Edit the link between {BILL_NAME} s. 4 and {treaty_name} {article}"
    ));
    click_first(&mut harness, &format!("Go to {treaty_name} {article}"));
    let went = selected_id(&harness);
    assert!(
        went.as_deref().is_some_and(|id| id.starts_with(treaty)),
        "{went:?} {}",
        harness.state().status
    );
    click_first(&mut harness, &format!("{BILL_NAME} s. 4(1)"));
    assert_eq!(selected_id(&harness).as_deref(), Some("xl:sec_4__subsec_1"));

    // The Export window writes the pair with the bill's words and the note.
    open_bill_section_4(&mut harness);
    let export = export_current_pair_as_json(&mut harness, &dir.path().join("pair.json"));
    let words = strings_of(&export);
    // The bill's words, as the diff cut them, under its pinpoint (word for word: no term table pairs
    // the bill with a treaty, so its "a computer system" is a change, not an equivalent term).
    for piece in [
        "person who",
        "and without right accesses",
        "a computer",
        "s. 4(1)",
    ] {
        assert!(words.contains(piece), "{piece}: {words}");
    }
    assert!(words.contains(BILL_NOTE), "{words}");
}

#[test]
fn every_tool_works_on_the_bill_shown_beside_the_un_convention() {
    every_tool_works_on_the_bill_beside("Right pane shows", "uncc", "Art. 7", "UN");
}

#[test]
fn every_tool_works_on_the_bill_shown_beside_the_budapest_convention() {
    every_tool_works_on_the_bill_beside("Left pane shows", "bc", "Art. 2", "Budapest");
}

#[test]
fn the_choice_of_instruments_survives_a_restart_and_a_missing_one_falls_back_with_a_message() {
    let folder = instruments_folder();
    let (app, _) = app_with(folder.path(), &[], Settings::default());
    let mut harness = harness_of(app);
    choose(&mut harness, "Left pane shows", BILL_ENTRY);
    assert_eq!(shown(&harness, Side::Revision), "xl");
    // Stored as eframe stores the settings, and read back at the next start.
    let stored = ron::to_string(&harness.state().settings).unwrap();
    let settings: Settings = ron::from_str(&stored).unwrap();
    let (app, _) = app_with(folder.path(), &[], settings.clone());
    let harness = harness_of(app);
    assert_eq!(shown(&harness, Side::Revision), "xl");
    assert_eq!(shown(&harness, Side::Base), "bc");
    harness.get_by_label("THE CYBERCRIME BILL, 2026");

    // The bill is gone from the instruments folder: the UN Convention again, and the window says why.
    let empty = tempfile::tempdir().unwrap();
    let (app, _) = app_with(empty.path(), &[], settings);
    let harness = harness_of(app);
    assert_eq!(shown(&harness, Side::Revision), "uncc");
    assert_eq!(shown(&harness, Side::Base), "bc");
    let status = &harness.state().status;
    assert!(
        status.contains("The instrument xl shown last time is not loaded")
            && status.contains("showing UN Convention against Cybercrime instead"),
        "{status}"
    );
    harness.get_by_label_contains("The instrument xl shown last time is not loaded");
}

#[test]
fn an_instrument_that_cannot_be_loaded_is_named_and_the_others_are_loaded() {
    let folder = instruments_folder();
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    // A file given as it is (no header: imported on the fly, its prefix from the file name), given
    // twice; and a copy of the folder's `xl`, which replaces it without a word.
    let copy = dir.path().join("copy.md");
    std::fs::copy(folder.path().join("xl.md"), &copy).unwrap();
    // A prefix instead of a file names an instrument already loaded (`xl`) or is named (`zz`).
    let given = [
        empty.clone(),
        PathBuf::from(BILL),
        copy,
        PathBuf::from(BILL),
        PathBuf::from("xl"),
        PathBuf::from("zz"),
    ];
    let (app, messages) = app_with(folder.path(), &given, Settings::default());
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[2].starts_with("Not loaded: zz: no such file, and no instrument in "),
        "{messages:?}"
    );
    assert!(
        messages[0].contains(&empty.display().to_string()) && messages[0].contains("empty"),
        "{messages:?}"
    );
    assert_eq!(
        messages[1],
        format!(
            "Not loaded: {BILL}: the prefix cybercrime-bill is taken by THE CYBERCRIME BILL, 2026."
        )
    );
    let harness = harness_of(app);
    harness.get_by_label_contains(&format!("Not loaded: {}", empty.display()));
    let loaded: Vec<String> = harness
        .state()
        .loaded_instruments()
        .map(|instrument| instrument.key().to_string())
        .collect();
    assert_eq!(loaded, ["uncc", "bc", "cybercrime-bill", "xl"]);
    // Both are offered in each pane's choice.
    let mut harness = harness;
    harness.get_by_label("Right pane shows").click();
    harness.run();
    // The one given as it is, titled by its first line; the one in the folder, by its import title.
    harness.get_by_label(BILL_ENTRY);
    harness.get_by_label("THE CYBERCRIME BILL, 2026");
    // Going to a provision of an instrument no pane shows says so.
    harness.key_press(egui::Key::Escape);
    harness.run();
    let section = crosswalk::model::ProvisionId::parse("xl:sec_4__subsec_1").unwrap();
    harness.state_mut().apply(AppCommand::GoTo(section));
    harness.run();
    harness.get_by_label(
        "Cybercrime Bill, 2026 s. 4(1) is in the Cybercrime Bill, 2026, which neither pane shows: choose it in a pane to go there.",
    );
}

#[test]
fn notes_on_an_instrument_not_shown_stay_in_their_layer_and_show_when_it_is() {
    let folder = instruments_folder();
    let dir = tempfile::tempdir().unwrap();
    let layer_path = dir.path().join("bill-review.ron");
    std::fs::copy("tests/data/instruments/bill-review.ron", &layer_path).unwrap();
    let before = crosswalk::annotations::AnnotationFile::parse(
        &std::fs::read_to_string(&layer_path).unwrap(),
        "bill-review.ron",
    )
    .unwrap();
    let (app, _) = app_with(folder.path(), &[], Settings::default());
    let mut harness = harness_of(app);
    harness.state_mut().apply(AppCommand::OpenFile {
        path: layer_path.clone(),
        read_only: false,
    });
    harness.run();
    let layer = harness
        .state()
        .workspace
        .layers
        .iter()
        .find(|layer| layer.path.as_deref() == Some(layer_path.as_path()))
        .map(|layer| layer.id)
        .expect("the layer is open");
    // An edit on the UN side while the bill is not shown, then saved: the bill's notes and links are
    // written back as they were.
    harness.state_mut().apply(AppCommand::SaveAnnotation {
        layer: Some(layer),
        editing: None,
        draft: crosswalk::annotations::NoteDraft {
            provision: crosswalk::model::ProvisionId::parse("uncc:art_7__para_1").unwrap(),
            quote: "without right".into(),
            quote_at: None,
            note: "Compare the bill.".into(),
            tags: Vec::new(),
            color: None,
        },
    });
    harness.state_mut().apply(AppCommand::SaveLayer(layer));
    harness.run();
    let after = crosswalk::annotations::AnnotationFile::parse(
        &std::fs::read_to_string(&layer_path).unwrap(),
        "bill-review.ron",
    )
    .unwrap();
    for note in before.annotations.iter() {
        assert!(after.annotations.contains(note), "{note:?} kept");
    }
    let by_id = |links: &[crosswalk::annotations::LinkAnnotation]| {
        let mut links = links.to_vec();
        links.sort_by(|a, b| a.id.cmp(&b.id));
        links
    };
    assert_eq!(by_id(&after.links), by_id(&before.links));
    assert_eq!(after.annotations.len(), before.annotations.len() + 1);

    // With the bill shown, its note is listed at its pinpoint and its link is a pair.
    choose(&mut harness, "Right pane shows", BILL_ENTRY);
    harness.get_by_label("Show annotations").click();
    harness.run();
    harness.get_by_label_contains(&format!("Edit the note by Reviewer on {BILL_NAME} s. 4(1)"));
    let app = harness.state_mut();
    assert!(
        !app.pairs.links.pairs_touching("xl:sec_4").is_empty(),
        "the reviewer's link from UN Art. 7 to s. 4 is a pair on screen"
    );
    let corpus = Arc::clone(&app.corpus);
    let resolutions = app.workspace.resolutions(&corpus.library);
    let position = after
        .annotations
        .iter()
        .position(|note| note.anchor.provision == "xl:sec_4__subsec_1")
        .expect("the note on the bill");
    let resolution = resolutions.get(layer, position).expect("resolved");
    assert!(!resolution.is_orphan(), "{resolution:?}");
}

#[test]
fn no_label_shows_an_internal_id_with_the_bill_shown_and_a_layer_on_it_open() {
    let folder = instruments_folder();
    let (app, _) = app_with(folder.path(), &[], Settings::default());
    let mut harness = harness_of(app);
    choose(&mut harness, "Right pane shows", BILL_ENTRY);
    harness.state_mut().apply(AppCommand::OpenFile {
        path: PathBuf::from("tests/data/instruments/bill-review.ron"),
        read_only: true,
    });
    harness.state_mut().settings.show_annotations = true;
    harness.state_mut().views.annotations.treaty_filter = Some(Side::Base);
    harness.run();
    open_bill_section_4(&mut harness);
    // The pair bar, the panel (notes and links on the bill), the search results and the Export window.
    harness.get_by_label(&format!(
        "Reply to the note by Reviewer on {BILL_NAME} s. 4(1)"
    ));
    harness.get_by_label_contains(&format!("UN Art. 7 | {BILL_NAME} s. 4 · "));
    harness
        .state_mut()
        .apply(AppCommand::SetQuery("without right".to_owned()));
    harness.state_mut().apply(AppCommand::ToggleSearchResults);
    harness.state_mut().apply(AppCommand::OpenExport);
    harness.run();
    harness.get_by_label("Choose file and export…");
    let labels = labels::every_label(&harness);
    let shown: Vec<String> = labels
        .iter()
        .filter_map(|(role, text)| {
            labels::internal_id_in(text).map(|id| format!("{role} {text:?}: {id}"))
        })
        .collect();
    assert!(shown.is_empty(), "internal IDs shown: {shown:#?}");
}

/// The bill's French version (a synthetic one: the header says it is a version of `xl`, its IDs
/// are the bill's, a few sentences are translated), written into `folder` as `xl-fr.md`.
fn write_french_version(folder: &Path) {
    let english = std::fs::read_to_string(folder.join("xl.md")).unwrap();
    let french = english
        .replacen("Instrument: xl\n", "Instrument: xl-fr\n", 1)
        .replacen(
            "Title: Cybercrime Bill, 2026\nShort name: Cybercrime Bill, 2026\nLanguage: en\n",
            "Title: Projet de loi sur la cybercriminalité, 2026\nShort name: Projet de loi, 2026\nLanguage: fr\nVersion of: xl\n",
            1,
        )
        .replacen(
            "(1) A person who intentionally and without right accesses the whole or any part of a computer system commits an offence.",
            "(1) Commet une infraction quiconque accède intentionnellement et sans droit à tout ou partie d'un système informatique.",
            1,
        );
    assert_ne!(english, french);
    std::fs::write(folder.join("xl-fr.md"), french).unwrap();
}

#[test]
fn two_language_versions_side_by_side_are_read_provision_by_provision_by_their_ids() {
    let folder = instruments_folder();
    write_french_version(folder.path());
    let (app, messages) = app_with(folder.path(), &[], Settings::default());
    assert!(messages.is_empty(), "{messages:?}");
    let mut harness = harness_of(app);
    choose(&mut harness, "Left pane shows", BILL_ENTRY);
    choose(
        &mut harness,
        "Right pane shows",
        "Projet de loi, 2026 — Projet de loi sur la cybercriminalité, 2026",
    );
    assert_eq!(shown(&harness, Side::Revision), "xl");
    assert_eq!(shown(&harness, Side::Base), "xl-fr");

    // A paragraph selected on one side: the pair on screen is the same paragraph in the other
    // version, and the other pane shows it.
    let section_4 = crosswalk::model::ProvisionId::parse("xl:sec_4").unwrap();
    harness.state_mut().apply(AppCommand::GoTo(section_4));
    harness.run();
    harness
        .get_by_label_contains("(1) A person who intentionally and without right accesses")
        .click();
    harness.run();
    let app = harness.state();
    let link = app.pairs.current_link().expect("a pair on screen");
    assert_eq!(link.sides.revision, ["xl:sec_4__subsec_1"]);
    assert_eq!(link.sides.base, ["xl-fr:sec_4__subsec_1"]);
    harness.get_by_label_contains(
        "Cybercrime Bill, 2026 s. 4(1) | Projet de loi, 2026 s. 4(1) · language versions",
    );
    harness.get_by_label_contains("(1) Commet une infraction quiconque accède");
    // Every article of one version is paired with the same article of the other, in order.
    let app = harness.state();
    let articles: Vec<(String, String)> = (app.pairs.links.pairs().iter())
        .filter_map(|&index| app.pairs.links.get(index))
        .filter(|link| !link.sides.revision[0].contains("__"))
        .map(|link| {
            (
                link.sides.revision[0].to_string(),
                link.sides.base[0].to_string(),
            )
        })
        .collect();
    let english = app.library().treaty(Side::Revision);
    assert_eq!(articles.len(), english.articles().count());
    for (mine, theirs) in &articles {
        assert_eq!(theirs.strip_prefix("xl-fr:"), mine.strip_prefix("xl:"));
    }
    // Next pair steps to the next paragraph, on both sides.
    harness.get_by_label("Next pair").click();
    harness.run();
    let link = harness
        .state()
        .pairs
        .current_link()
        .expect("a pair on screen");
    assert_eq!(link.sides.revision, ["xl:sec_4__subsec_2"]);
    assert_eq!(link.sides.base, ["xl-fr:sec_4__subsec_2"]);
}

#[test]
fn a_panes_choice_is_reached_and_changed_from_the_keyboard() {
    let folder = instruments_folder();
    let (app, _) = app_with(folder.path(), &[], Settings::default());
    let mut harness = harness_of(app);
    harness.get_by_label("Right pane shows").focus();
    harness.run();
    // The list: UN, Budapest, the bill. Down from Budapest shows the bill; Up goes back.
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(shown(&harness, Side::Base), "xl");
    assert!(harness.get_by_label("Right pane shows").is_focused());
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(shown(&harness, Side::Base), "bc");
    // Up again would be the UN Convention, shown on the left: the panes swap rather than show it twice.
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(shown(&harness, Side::Base), "uncc");
    assert_eq!(shown(&harness, Side::Revision), "bc");
}

/// `crosswalk --instrument FILE --right xl --open xl:sec_4`: the window opens with the bill in the
/// right pane and its section 4 selected, as if chosen there; an unknown prefix is named and the pane
/// keeps its treaty.
#[test]
fn the_start_up_options_put_an_instrument_in_a_pane_and_open_its_provision() {
    let folder = instruments_folder();
    let (mut app, _) = app_with(folder.path(), &[], Settings::default());
    app.apply_startup(&crosswalk::ui::StartupOptions {
        right: Some("xl".to_owned()),
        open: Some("xl:sec_4".to_owned()),
        ..Default::default()
    });
    let harness = harness_of(app);
    assert_eq!(shown(&harness, Side::Revision), "uncc");
    assert_eq!(shown(&harness, Side::Base), "xl");
    assert_eq!(selected_id(&harness).as_deref(), Some("xl:sec_4"));

    let (mut app, _) = app_with(folder.path(), &[], Settings::default());
    app.apply_startup(&crosswalk::ui::StartupOptions {
        left: Some("zz".to_owned()),
        ..Default::default()
    });
    let harness = harness_of(app);
    assert_eq!(shown(&harness, Side::Revision), "uncc");
    let status = &harness.state().status;
    assert!(status.contains("zz is not loaded"), "{status}");
}

/// Presentation mode's legend names the instruments on the two sides, as pair view does: with the
/// bill beside the UN Convention its struck-through words are "only in the Cybercrime Bill, 2026".
#[test]
fn the_presentation_legend_names_the_instrument_shown_beside_the_treaty() {
    let folder = instruments_folder();
    let (mut app, _) = app_with(folder.path(), &[], Settings::default());
    app.apply_startup(&crosswalk::ui::StartupOptions {
        right: Some("xl".to_owned()),
        annotation_files: vec![PathBuf::from("tests/data/instruments/bill-review.ron")],
        ..Default::default()
    });
    let mut harness = harness_of(app);
    assert_eq!(shown(&harness, Side::Base), "xl");
    harness.state_mut().apply(AppCommand::Present(
        crosswalk::ui::presentation::PresentCommand::Start,
    ));
    harness.run();
    assert!(harness.state().presentation.active);
    harness.get_by_label_contains(&format!("only in the {BILL_NAME} (struck through)"));
    harness.get_by_label_contains("only in the UN Convention (underlined)");
    assert!(
        harness
            .query_by_label_contains("only in the Budapest Convention")
            .is_none()
    );
}
