//! Instruments in the window, driven through egui_kittest by label: Import instrument… (preview, save
//! into the instruments folder as `crosswalk import` writes it, Replace, bad input, a language
//! version checked against its original) and the implementation table (confirm, change, no
//! counterpart, undo and redo, export), each checked against the command line.

mod bill;
mod gestures;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use bill::{BILL, crosswalk_in, data_dir_with_bill};
use crosswalk::annotations::AnnotationFile;
use crosswalk::implementation::no_counterpart_tag;
use crosswalk::ui::views::implementation_window::CHANGE_CHOICE_LABEL;
use crosswalk::ui::views::import_window::{ID_FIELD, TITLE_FIELD, VERSION_OF_FIELD};
use crosswalk::ui::{AppCommand, CrosswalkApp, Settings};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

/// The window with its data folder (journals, instruments) in `data_dir`, where no file dialog opens.
fn harness(data_dir: &Path) -> Harness<'static, CrosswalkApp> {
    let corpus = Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"));
    let mut app = CrosswalkApp::new(corpus, Settings::default());
    app.set_data_dir(data_dir);
    app.native_dialog_unavailable = Some("No file dialog here.".to_owned());
    let mut harness = Harness::builder()
        .with_size([1360.0, 900.0])
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Steps frames until the import or table worker is done (a spinner turns meanwhile).
fn wait_for_worker(harness: &mut Harness<'_, CrosswalkApp>) {
    for _ in 0..500 {
        harness.step();
        if !harness.state().instruments_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!harness.state().instruments_busy(), "the worker finished");
    harness.run();
}

/// The path of a file of the repository, absolute (as a user types it).
fn absolute(path: &str) -> PathBuf {
    std::env::current_dir().unwrap().join(path)
}

/// Import instrument… by its key, the file typed where no file dialog opens; waits for the preview.
fn import_by_keyboard(harness: &mut Harness<'_, CrosswalkApp>, file: &Path) {
    harness.key_press_modifiers(CTRL_SHIFT, Key::I);
    harness.run();
    type_path_and_wait(harness, file);
}

/// Types `path` into the window's path field, confirms it with Enter and waits for the worker that
/// reads or writes it.
fn type_path_and_wait(harness: &mut Harness<'_, CrosswalkApp>, path: &Path) {
    gestures::fill_path_field(harness, path);
    harness.key_press(Key::Enter);
    settle(harness);
    wait_for_worker(harness);
}

/// Replaces the words of the field labelled `label` by `text`, as a user does.
fn fill(harness: &mut Harness<'_, CrosswalkApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Clicks the widget labelled `label`, scrolled into view first as a user would.
fn click(harness: &mut Harness<'_, CrosswalkApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    settle(harness);
}

/// Lets the frames after a click settle; a worker it started turns a spinner until it is done (see
/// [`wait_for_worker`]).
fn settle(harness: &mut Harness<'_, CrosswalkApp>) {
    harness.step();
    if !harness.state().instruments_busy() {
        harness.run();
    }
}

/// Clicks the widget whose label holds `part`, scrolled into view first.
fn click_contains(harness: &mut Harness<'_, CrosswalkApp>, part: &str) {
    harness.get_by_label_contains(part).scroll_to_me();
    harness.run();
    harness.get_by_label_contains(part).click();
    harness.run();
}

/// Imports the example bill as `xl` through the dialog and saves it; returns the file written.
fn import_bill_as_xl(harness: &mut Harness<'_, CrosswalkApp>, data_dir: &Path) -> PathBuf {
    import_by_keyboard(harness, &absolute(BILL));
    fill(harness, ID_FIELD, "xl");
    fill(harness, TITLE_FIELD, "Cybercrime Bill, 2026");
    click(harness, "Save instrument");
    wait_for_worker(harness);
    let written = data_dir.join("instruments").join("xl.md");
    assert!(written.exists(), "{}", harness.state().views.import.message);
    written
}

/// Imports the example bill as `xl`, closes Import instrument… and opens the implementation table.
fn open_the_table_of_the_bill(harness: &mut Harness<'_, CrosswalkApp>, data_dir: &Path) {
    import_bill_as_xl(harness, data_dir);
    click(harness, "Close");
    harness.key_press_modifiers(CTRL_SHIFT, Key::T);
    harness.run();
}

#[test]
fn the_example_bill_is_previewed_saved_as_the_command_line_writes_it_and_replaced_only_when_asked()
{
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(data.path());
    import_by_keyboard(&mut harness, &absolute(BILL));
    // The preview: counts per level, the first provisions by pinpoint, the guessed facts.
    for found in ["18 sections", "4 parts", "32 items", "4 definitions"] {
        harness.get_by_label(found);
    }
    harness.get_by_label("s. 4 Unauthorised access");
    harness.get_by_label("Warnings: 0");
    let fields = harness.state().views.import.fields.clone();
    assert_eq!(fields.id, "cybercrime-bill");
    assert_eq!(fields.title, "THE CYBERCRIME BILL, 2026");
    assert_eq!(fields.language, "en");
    assert!(
        !data.path().join("instruments").exists(),
        "a preview writes nothing"
    );
    // A shipped treaty's prefix is not saved over.
    fill(&mut harness, ID_FIELD, "uncc");
    click(&mut harness, "Save instrument");
    harness.get_by_label(
        "That ID prefix is the UN Convention against Cybercrime's: give another one.",
    );
    assert!(!data.path().join("instruments").exists());

    let written = import_bill_as_xl(&mut harness, data.path());
    assert!(
        harness.state().library().instrument("xl").is_some(),
        "loaded without a restart"
    );
    let elsewhere = data_dir_with_bill();
    let from_cli = std::fs::read(elsewhere.path().join("instruments").join("xl.md")).unwrap();
    assert_eq!(std::fs::read(&written).unwrap(), from_cli);

    // Save again: the file there is kept until Replace is clicked.
    std::fs::write(&written, "a file the user corrected by hand").unwrap();
    click(&mut harness, "Save instrument");
    wait_for_worker(&mut harness);
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "a file the user corrected by hand"
    );
    assert!(
        harness
            .state()
            .views
            .import
            .message
            .contains("already saved")
    );
    click(&mut harness, "Replace");
    wait_for_worker(&mut harness);
    assert_eq!(std::fs::read(&written).unwrap(), from_cli);
}

/// Chooses `file` from the import window's own button and waits for the importer.
fn import_another(harness: &mut Harness<'_, CrosswalkApp>, file: &Path) {
    click(harness, "Choose a file to import…");
    type_path_and_wait(harness, file);
}

#[test]
fn bad_input_shows_the_importers_message_and_writes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let empty = data.path().join("empty.txt");
    std::fs::write(&empty, "  \n\n").unwrap();
    let mut harness = harness(data.path());
    import_by_keyboard(&mut harness, &empty);
    let message = harness.state().views.import.message.clone();
    assert!(
        message.contains("empty.txt: the file is empty; nothing to import"),
        "{message}"
    );
    harness.get_by_label_contains("the file is empty; nothing to import");
    assert!(harness.query_by_label("Save instrument").is_none());
    let binary = data.path().join("law.bin");
    std::fs::write(&binary, b"ab\0cd").unwrap();
    let big = data.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let mut cases = vec![
        (binary, "law.bin: a binary file, not text"),
        (big, "big.txt: larger than the 67108864 bytes allowed"),
    ];
    #[cfg(unix)]
    {
        let fifo = data.path().join("pipe.txt");
        let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        cases.push((fifo, "pipe.txt: a named pipe (FIFO), not a regular file"));
    }
    for (file, expected) in cases {
        import_another(&mut harness, &file);
        let message = &harness.state().views.import.message;
        assert!(message.contains(expected), "{message}");
        assert!(message.ends_with("Nothing was written."), "{message}");
    }
    assert!(
        !data.path().join("instruments").exists(),
        "nothing was written"
    );
}

/// The bill without its section 9: a "version" whose IDs do not all match the original's.
fn version_without_section_9(folder: &Path) -> PathBuf {
    let bill = std::fs::read_to_string(BILL).unwrap();
    let start = bill.find("9. Computer-related forgery").unwrap();
    let end = bill.find("10. Computer-related fraud").unwrap();
    let version = format!("{}{}", &bill[..start], &bill[end..]);
    let path = folder.join("bill-fr.txt");
    std::fs::write(&path, version).unwrap();
    path
}

#[test]
fn a_language_version_lists_the_provisions_whose_ids_do_not_match_the_original_in_the_window_and_on_the_command_line()
 {
    let data = tempfile::tempdir().unwrap();
    let version = version_without_section_9(data.path());
    let mut harness = harness(data.path());
    import_bill_as_xl(&mut harness, data.path());
    import_another(&mut harness, &version);
    fill(&mut harness, ID_FIELD, "xlfr");
    // The same title as the original's, so that the first line is the title in both.
    fill(&mut harness, TITLE_FIELD, "Cybercrime Bill, 2026");
    fill(&mut harness, VERSION_OF_FIELD, "xl");
    click(&mut harness, "Update preview");
    wait_for_worker(&mut harness);
    // Section 9 would follow section 8, whose last line (its subsection (2)) is line 49.
    let expected = "line 49: xlfr:sec_9 is missing: the original (xl) has this provision";
    harness.get_by_label(expected);
    harness.get_by_label("Warnings: 1");

    // The command line says the same, at the same line, when the original is loaded.
    let (code, out, err) = crosswalk_in(
        data.path(),
        &[
            "import",
            version.to_str().unwrap(),
            "--id",
            "xlfr",
            "--title",
            "Cybercrime Bill, 2026",
            "--version-of",
            "xl",
            "--check",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let file = version.display();
    assert!(
        out.contains(&format!(
            "{file}:49: warning: xlfr:sec_9 is missing: the original (xl) has this provision\n"
        )),
        "{out}"
    );
    assert!(out.contains("Warnings: 1\n"), "{out}");
    // Saved, the file names its original.
    click(&mut harness, "Save instrument");
    wait_for_worker(&mut harness);
    let saved = std::fs::read_to_string(data.path().join("instruments").join("xlfr.md")).unwrap();
    assert!(saved.contains("\nVersion of: xl\n"), "{saved}");
}

/// The CSV rows of `crosswalk implementation --treaty uncc --instrument xl --layer LAYER`.
fn implementation_csv(data_dir: &Path, layer: &Path) -> String {
    let (code, out, err) = crosswalk_in(
        data_dir,
        &[
            "implementation",
            "--treaty",
            "uncc",
            "--instrument",
            "xl",
            "--layer",
            layer.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    out
}

fn csv_row(csv_text: &str, id: &str) -> csv::StringRecord {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .find(|record| &record[0] == id)
        .unwrap_or_else(|| panic!("row {id}"))
}

/// In the implementation table: Art. 7 confirmed (s. 4), Art. 8 no counterpart, Art. 9 confirmed
/// (s. 6) and then changed to s. 7.
fn decide_three_rows(harness: &mut Harness<'_, CrosswalkApp>) {
    harness.key_press_modifiers(CTRL_SHIFT, Key::T);
    harness.run();
    click(harness, "Obligation Art. 7: Illegal access");
    harness.get_by_label("Decision: Not decided");
    // Its score follows in the label.
    click_contains(harness, "Confirm s. 4 Unauthorised access (score 0.");
    harness.get_by_label("Decision: Corresponds: s. 4");
    click(harness, "Obligation Art. 8: Illegal interception");
    click(harness, "No counterpart");
    harness.get_by_label("Decision: No counterpart");
    click(
        harness,
        "Obligation Art. 9: Interference with electronic data",
    );
    click_contains(harness, "Confirm s. 6 Interference with data (score 0.");
    harness.get_by_label("Decision: Corresponds: s. 6");
    harness.get_by_label(CHANGE_CHOICE_LABEL).click();
    harness.run();
    click(harness, "s. 7 Interference with a computer system");
    click(
        harness,
        "Change: link to s. 7 Interference with a computer system",
    );
    harness.get_by_label("Decision: Corresponds: s. 7");
}

#[test]
fn implementation_decisions_are_undoable_edits_of_the_users_layer_that_the_command_line_table_reads()
 {
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(data.path());
    import_bill_as_xl(&mut harness, data.path());
    click(&mut harness, "Close");
    decide_three_rows(&mut harness);

    // Saved and read back: two links and one tagged note, which the command line's table shows.
    let layer_path = data.path().join("review.ron");
    let layer = harness
        .state()
        .workspace
        .first_editable()
        .expect("the decisions made the user's layer");
    harness.state_mut().apply(AppCommand::SaveLayerAs {
        layer,
        path: layer_path.clone(),
    });
    harness.run();
    let file = AnnotationFile::load(&layer_path).unwrap();
    let ends: Vec<Vec<String>> = (file.links.iter())
        .map(|link| link.ends.iter().map(|e| e.provision.to_string()).collect())
        .collect();
    assert_eq!(
        ends,
        [["uncc:art_7", "xl:sec_4"], ["uncc:art_9", "xl:sec_7"]]
    );
    assert_eq!(file.annotations.len(), 1);
    assert_eq!(file.annotations[0].anchor.provision.as_str(), "uncc:art_8");
    assert!(file.annotations[0].tags.contains(&no_counterpart_tag("xl")));
    let table = implementation_csv(data.path(), &layer_path);
    let art_7 = csv_row(&table, "uncc:art_7");
    assert_eq!(&art_7[5], "Corresponds");
    assert!(
        art_7[4].contains("s. 4 [xl:sec_4] Unauthorised access (0."),
        "{art_7:?}"
    );
    assert!(art_7[4].contains(", linked)"), "{art_7:?}");
    assert_eq!(&csv_row(&table, "uncc:art_8")[5], "No counterpart");
    let art_9 = csv_row(&table, "uncc:art_9");
    assert_eq!(&art_9[5], "Corresponds");
    assert!(
        art_9[4].contains("[xl:sec_7] Interference with a computer system ("),
        "{art_9:?}"
    );

    // Ctrl+Z undoes the last decision (the change), Ctrl+Y redoes it; the table follows.
    let undo = |harness: &mut Harness<'_, CrosswalkApp>| {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
    };
    undo(&mut harness);
    harness.get_by_label("Decision: Corresponds: s. 6");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    harness.get_by_label("Decision: Corresponds: s. 7");
    undo(&mut harness);
    undo(&mut harness);
    harness.get_by_label("Decision: Not decided");
    harness.state_mut().apply(AppCommand::SaveLayer(layer));
    harness.run();
    let undone = implementation_csv(data.path(), &layer_path);
    assert_eq!(
        &csv_row(&undone, "uncc:art_9")[5],
        "",
        "the undone decision is gone"
    );
    assert_eq!(&csv_row(&undone, "uncc:art_8")[5], "No counterpart");

    // Export writes what the command line writes for the same layer.
    let exported = data.path().join("table.csv");
    click(&mut harness, "Export table…");
    type_path_and_wait(&mut harness, &exported);
    assert_eq!(std::fs::read_to_string(&exported).unwrap(), undone);
}

#[test]
fn the_obligations_are_one_tab_stop_where_the_arrow_keys_move_and_enter_chooses() {
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(data.path());
    open_the_table_of_the_bill(&mut harness, data.path());
    harness.get_by_label("Obligations").focus();
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    // The second row of the command line's table (same data folder, same instrument).
    let (code, table, err) = crosswalk_in(
        data.path(),
        &["implementation", "--treaty", "uncc", "--instrument", "xl"],
    );
    assert_eq!(code, 0, "{err}");
    let second = csv::Reader::from_reader(table.as_bytes())
        .records()
        .nth(1)
        .unwrap()
        .unwrap();
    assert_eq!(
        harness.state().views.implementation.chosen.as_deref(),
        Some(&second[0])
    );
    harness.get_by_label("Decision: Not decided");
}

/// Run by the test below in a child process whose `PATH` has no `pdftotext` (it returns at once
/// otherwise, and is `#[ignore]`d so that a plain `cargo test` does not count it as a test): imports
/// the PDF `CROSSWALK_TEST_PDF` through the window and checks what it says and that nothing is written.
#[test]
#[ignore = "a child process of a_pdf_without_pdftotext_shows_what_to_install_and_writes_nothing"]
fn child_imports_a_pdf_without_pdftotext() {
    let Some(pdf) = std::env::var_os("CROSSWALK_TEST_PDF") else {
        return;
    };
    let pdf = PathBuf::from(pdf);
    let data = pdf.parent().expect("the PDF's folder");
    let mut harness = harness(data);
    import_by_keyboard(&mut harness, &pdf);
    let message = harness.state().views.import.message.clone();
    assert!(
        message.contains(
            "law.pdf: a PDF is read through poppler's `pdftotext`, which is not installed"
        ),
        "{message}"
    );
    assert!(message.contains("poppler-utils"), "{message}");
    assert!(message.ends_with("Nothing was written."), "{message}");
    assert!(!data.join("instruments").exists(), "nothing was written");
}

#[test]
fn a_pdf_without_pdftotext_shows_what_to_install_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let pdf = folder.path().join("law.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "child_imports_a_pdf_without_pdftotext",
            "--ignored",
        ])
        .env("PATH", empty.path())
        .env("CROSSWALK_TEST_PDF", &pdf)
        .output()
        .expect("the window process runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("1 passed"), "{out}");
}

/// Saves the user's layer to `path` and returns the bytes written.
fn save_layer_bytes(harness: &mut Harness<'_, CrosswalkApp>, path: &Path) -> Vec<u8> {
    let layer = harness
        .state()
        .workspace
        .first_editable()
        .expect("a decision made the user's layer");
    harness.state_mut().apply(AppCommand::SaveLayerAs {
        layer,
        path: path.to_path_buf(),
    });
    harness.run();
    std::fs::read(path).unwrap()
}

#[test]
fn a_decision_replaces_the_previous_one_on_the_obligation_and_one_undo_restores_it_byte_for_byte() {
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(data.path());
    open_the_table_of_the_bill(&mut harness, data.path());
    let layer_path = data.path().join("review.ron");
    let undo = |harness: &mut Harness<'_, CrosswalkApp>| {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
    };
    click(&mut harness, "Obligation Art. 7: Illegal access");
    click(&mut harness, "No counterpart");
    harness.get_by_label("Decision: No counterpart");
    let no_counterpart = save_layer_bytes(&mut harness, &layer_path);

    // Confirming replaces the "no counterpart" note.
    click_contains(&mut harness, "Confirm s. 4 Unauthorised access (score 0.");
    harness.get_by_label("Decision: Corresponds: s. 4");
    save_layer_bytes(&mut harness, &layer_path);
    let file = AnnotationFile::load(&layer_path).unwrap();
    assert_eq!(file.links.len(), 1);
    assert!(file.annotations.is_empty(), "{:?}", file.annotations);
    undo(&mut harness);
    harness.get_by_label("Decision: No counterpart");
    assert_eq!(save_layer_bytes(&mut harness, &layer_path), no_counterpart);

    // And marking "no counterpart" replaces the confirmed link.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    harness.get_by_label("Decision: Corresponds: s. 4");
    let confirmed = save_layer_bytes(&mut harness, &layer_path);
    click(&mut harness, "No counterpart");
    harness.get_by_label("Decision: No counterpart");
    save_layer_bytes(&mut harness, &layer_path);
    let file = AnnotationFile::load(&layer_path).unwrap();
    assert!(file.links.is_empty(), "{:?}", file.links);
    assert_eq!(file.annotations.len(), 1);
    let table = implementation_csv(data.path(), &layer_path);
    assert_eq!(&csv_row(&table, "uncc:art_7")[5], "No counterpart");
    undo(&mut harness);
    harness.get_by_label("Decision: Corresponds: s. 4");
    assert_eq!(save_layer_bytes(&mut harness, &layer_path), confirmed);
}

#[test]
fn after_a_confirm_the_status_line_names_the_instruments_provision_and_the_instrument() {
    let data = tempfile::tempdir().unwrap();
    let mut harness = harness(data.path());
    open_the_table_of_the_bill(&mut harness, data.path());
    click(&mut harness, "Obligation Art. 7: Illegal access");
    click_contains(&mut harness, "Confirm s. 4 Unauthorised access (score 0.");
    let said = "Linked: UN Art. 7 corresponds to Cybercrime Bill, 2026 s. 4.";
    assert_eq!(harness.state().status, said);
    harness.get_by_label(said);
}
