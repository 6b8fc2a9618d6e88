//! Never losing a word, in the window: closing a changed layer or the window asks first (also after a
//! failed save), unsaved edits are journaled and offered back at the next start, a file changed on disk
//! is never overwritten, and re-anchored notes wait for the user's answer. Driven through egui_kittest.

mod gestures;

use std::path::Path;
use std::sync::Arc;

use crosswalk::annotations::{AnnotationFile, NoteDraft, Resolution};
use crosswalk::model::ProvisionId;
use crosswalk::ui::{CrosswalkApp, Settings};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness_with_data_dir(data_dir: &Path) -> Harness<'static, CrosswalkApp> {
    harness_with_max_steps(data_dir, 16)
}

fn harness_with_max_steps(data_dir: &Path, max_steps: u64) -> Harness<'static, CrosswalkApp> {
    let corpus = Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"));
    let mut app = CrosswalkApp::new(corpus, Settings::default());
    app.set_data_dir(data_dir);
    app.settings.show_annotations = true;
    let mut harness = Harness::builder()
        .with_size([1360.0, 860.0])
        .with_max_steps(max_steps)
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Adds a whole-provision note to the first layer ("My annotations"), as the Annotate dialog would.
fn add_note(harness: &mut Harness<'_, CrosswalkApp>, note: &str) {
    let app = harness.state_mut();
    let library = app.corpus.library.clone();
    let draft = NoteDraft {
        provision: ProvisionId::parse("uncc:art_24__para_1").expect("ID"),
        quote: String::new(),
        quote_at: None,
        note: note.to_owned(),
        tags: Vec::new(),
        color: None,
    };
    app.workspace
        .annotate(0, &draft, "Tester", &library)
        .expect("the note is added");
    harness.run();
}

#[test]
fn closing_a_changed_layer_asks_and_cancel_keeps_every_edit() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    add_note(&mut harness, "Keep me.");
    harness.get_by_label("Close My annotations").click();
    harness.run();
    harness.get_by_label("Close a changed layer");
    harness.get_by_label("Cancel").click();
    harness.run();
    let layer = &harness.state().workspace.layers[0];
    assert_eq!(layer.name(), "My annotations");
    assert_eq!(layer.file.annotations.len(), 1);
    // Discard is the only way to drop the edit.
    harness.get_by_label("Close My annotations").click();
    harness.run();
    harness.get_by_label("Discard changes").click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .layers
            .iter()
            .all(|layer| layer.name() != "My annotations")
    );
}

#[test]
fn quitting_after_a_failed_save_asks_instead_of_exiting() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    // A file in a folder that does not exist: every save of it fails, like a full disk.
    harness.state_mut().workspace.layers[0].path = Some(data.path().join("missing/notes.ron"));
    add_note(&mut harness, "Not yet on disk.");
    gestures::request_close(&mut harness);
    harness.get_by_label("Unsaved annotations");
    harness.get_by_label_contains("The last save failed");
    assert_eq!(
        harness.state().workspace.layers[0].file.annotations.len(),
        1
    );
    assert!(harness.state().workspace.layers[0].dirty);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved annotations").is_none());
    assert_eq!(
        harness.state().workspace.layers[0].file.annotations.len(),
        1
    );
}

#[test]
fn unsaved_edits_are_journaled_and_offered_back_at_the_next_start() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut first = harness_with_data_dir(data.path());
    add_note(&mut first, "Written before the crash.");
    first.state_mut().write_journals_now();
    // The first window "crashes" here: it is dropped without saving.
    drop(first);

    let mut second = harness_with_data_dir(data.path());
    second.state_mut().offer_recovery();
    second.run();
    second.get_by_label("Recover unsaved edits");
    second.get_by_label("Restore").click();
    second.run();
    let restored = second
        .state()
        .workspace
        .layers
        .iter()
        .find(|layer| {
            layer
                .file
                .annotations
                .iter()
                .any(|a| a.note == "Written before the crash.")
        })
        .expect("the journaled note is back");
    assert!(restored.dirty, "restored edits are unsaved until saved");
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_and_can_be_reloaded() {
    let data = tempfile::tempdir().expect("temporary folder");
    let path = data.path().join("shared.ron");
    let mut harness = harness_with_data_dir(data.path());
    harness.state_mut().workspace.layers[0].path = Some(path.clone());
    add_note(&mut harness, "Mine.");
    harness.get_by_label("Save My annotations").click();
    harness.run();
    assert!(!harness.state().workspace.layers[0].dirty);

    // A second window (another program) writes the file meanwhile.
    let mut theirs = AnnotationFile::load(&path).expect("saved file loads");
    theirs.annotations[0].note = "Theirs.".into();
    theirs.save(&path).expect("their save");
    let on_disk = std::fs::read(&path).expect("file");

    add_note(&mut harness, "Mine, second.");
    harness.get_by_label("Save My annotations").click();
    harness.run();
    harness.get_by_label("The file changed on disk");
    assert_eq!(
        std::fs::read(&path).expect("file"),
        on_disk,
        "their version is untouched"
    );
    harness.get_by_label("Reload from disk").click();
    harness.run();
    let notes: Vec<&str> = harness.state().workspace.layers[0]
        .file
        .annotations
        .iter()
        .map(|a| a.note.as_str())
        .collect();
    assert_eq!(notes, ["Theirs."]);
}

#[test]
fn a_re_anchored_note_is_marked_and_accepted_only_when_asked() {
    let data = tempfile::tempdir().expect("temporary folder");
    let path = data.path().join("moved.ron");
    // The quote is in UN Art. 24(1), but not at the offsets recorded (0..28).
    std::fs::write(
        &path,
        r#"(
    schema: 1,
    name: "Moved",
    annotations: [
        (
            id: "m1",
            anchor: (provision: "uncc:art_24__para_1", quote: "principle of proportionality", start: 0, end: 28),
            note: "Found elsewhere.",
        ),
    ],
)
"#,
    )
    .expect("layer written");
    let mut harness = harness_with_data_dir(data.path());
    // The shipped safeguards notes would fill the list; hide them so the new layer's note is in view.
    let safeguards = harness
        .state()
        .workspace
        .layers
        .iter()
        .position(|layer| layer.name() == "Safeguards")
        .expect("the safeguards layer is open");
    harness
        .state_mut()
        .apply(crosswalk::ui::AppCommand::SetLayerVisible {
            layer: safeguards,
            visible: false,
        });
    harness.apply_path(&path);
    harness.get_by_label("RE-ANCHORED");
    // Opening changed nothing: the file keeps the user's anchor until the user accepts.
    let index = harness
        .state()
        .workspace
        .find(&path)
        .expect("the file is open");
    assert_eq!(
        harness.state().workspace.layers[index].file.annotations[0]
            .anchor
            .start,
        0
    );
    harness.get_by_label("Accept new place of m1").click();
    harness.run();
    let app = harness.state_mut();
    let library = app.corpus.library.clone();
    let start = app.workspace.layers[index].file.annotations[0].anchor.start;
    assert!(
        start > 0,
        "the anchor moved to where the words are ({})",
        app.notes_message
    );
    let resolutions = app.workspace.resolutions(&library);
    assert!(matches!(
        resolutions.get(index, 0),
        Some(Resolution::Exact(_))
    ));
}

/// Opening a file the way the Open… button's answer does.
trait OpenFile {
    fn apply_path(&mut self, path: &Path);
}

impl OpenFile for Harness<'_, CrosswalkApp> {
    fn apply_path(&mut self, path: &Path) {
        self.state_mut().apply(crosswalk::ui::AppCommand::OpenFile {
            path: path.to_owned(),
            read_only: false,
        });
        self.run();
    }
}

#[test]
fn a_layer_of_five_thousand_stale_quotes_opens_and_its_notes_are_all_placed_over_the_next_frames() {
    let data = tempfile::tempdir().expect("temporary folder");
    let path = data.path().join("stale.ron");
    let stale: String = (0..5000)
        .map(|n| {
            format!(
                "        (id: \"s{n}\", anchor: (provision: \"uncc:art_24__para_1\", quote: \"{n} proportionality of principle the\"), note: \"Stale.\"),\n"
            )
        })
        .collect();
    std::fs::write(
        &path,
        format!(
            "(\n    schema: 1,\n    name: \"Stale\",\n    annotations: [\n        (id: \"m1\", anchor: (provision: \"uncc:art_24__para_1\", quote: \"principle of proportionality\", start: 0, end: 28), note: \"Found elsewhere.\"),\n{stale}    ],\n)\n"
        ),
    )
    .expect("layer written");
    // The window asks for frames until every anchor is placed: without them `run` would stop early.
    let mut harness = harness_with_max_steps(data.path(), 2_000);
    harness.apply_path(&path);
    let app = harness.state_mut();
    let library = app.corpus.library.clone();
    let index = app.workspace.find(&path).expect("the file is open");
    let shown = app
        .workspace
        .resolutions_within(&library, std::time::Duration::ZERO);
    assert_eq!(shown.searching(), 0, "every anchor was looked for");
    assert!(matches!(shown.get(index, 0), Some(Resolution::Moved(_))));
    assert_eq!(
        shown.layer(index).iter().filter(|r| r.is_orphan()).count(),
        5000
    );
    assert!(harness.query_by_label("finding its place…").is_none());
    harness.get_by_label("RE-ANCHORED");
}

#[cfg(unix)]
#[test]
fn a_pipe_a_device_or_a_huge_file_given_as_the_lesson_fails_at_once_with_a_message() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let big = dir.path().join("big.ron");
    std::fs::File::create(&big)
        .and_then(|file| file.set_len(100 * 1024 * 1024))
        .expect("a sparse 100 MB file");
    for (path, says) in [
        (fifo, "named pipe"),
        (std::path::PathBuf::from("/dev/zero"), "device"),
        (big, "larger than the"),
    ] {
        let mut harness = harness_with_data_dir(dir.path());
        let started = std::time::Instant::now();
        harness
            .state_mut()
            .apply_startup(&crosswalk::ui::StartupOptions {
                lesson: Some(path.clone()),
                ..Default::default()
            });
        harness.run();
        let elapsed = started.elapsed();
        let message = &harness.state().lessons.message;
        assert!(message.starts_with("Not opened"), "{message}");
        assert!(message.contains(says), "{message}");
        assert!(harness.state().lessons.lesson().is_none());
        assert!(elapsed < std::time::Duration::from_secs(10), "{elapsed:?}");
    }
}
