//! Never losing a word, in the window: closing a changed layer or the window asks first (also after a
//! failed save), unsaved edits are journaled and offered back at the next start, a file changed on disk
//! is never overwritten, and re-anchored notes wait for the user's answer. Driven through egui_kittest.

mod gestures;

use std::path::Path;
use std::sync::Arc;

use crosswalk::annotations::{AnnotationFile, NoteDraft, Resolution};
use crosswalk::lesson::{Lesson, LessonEdit};
use crosswalk::model::ProvisionId;
use crosswalk::ui::AppCommand;
use crosswalk::ui::lesson::LessonCommand;
use crosswalk::ui::views::path_prompt::PATH_FIELD_LABEL;
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

/// Adds a whole-provision note to the user's layer ("My annotations") as the Annotate dialog would:
/// Annotate… opens it, Save stores the note (the first time, making the layer). Returns the layer.
fn add_note(
    harness: &mut Harness<'_, CrosswalkApp>,
    note: &str,
) -> crosswalk::document::DocumentId {
    let app = harness.state_mut();
    let provision = ProvisionId::parse("uncc:art_24__para_1").expect("ID");
    app.apply(crosswalk::ui::AppCommand::StartAnnotation {
        provision: provision.clone(),
        quote: String::new(),
        quote_at: None,
    });
    let layer = app.workspace.first_editable();
    let draft = NoteDraft {
        provision,
        quote: String::new(),
        quote_at: None,
        note: note.to_owned(),
        tags: Vec::new(),
        color: None,
    };
    app.apply(crosswalk::ui::AppCommand::SaveAnnotation {
        layer,
        editing: None,
        draft,
    });
    let layer = app
        .workspace
        .layers
        .iter()
        .find(|layer| layer.name() == "My annotations")
        .map(|layer| layer.id)
        .expect("Save made the user's layer");
    assert!(
        app.workspace
            .layer(layer)
            .expect("the layer")
            .file
            .annotations
            .iter()
            .any(|a| a.note == note),
        "the note is added"
    );
    harness.run();
    layer
}

#[test]
fn closing_a_changed_layer_asks_and_cancel_keeps_every_edit() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    let mine = add_note(&mut harness, "Keep me.");
    harness.get_by_label("Close My annotations").click();
    harness.run();
    harness.get_by_label("Close a changed layer");
    harness.get_by_label("Cancel").click();
    harness.run();
    let layer = &harness.state().workspace.layer(mine).expect("the layer");
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
fn a_fresh_start_adds_no_empty_layer_quits_without_asking_and_the_first_note_makes_the_users_layer()
{
    let data = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    let workspace = &harness.state().workspace;
    assert!(
        workspace.layers.iter().all(|layer| layer.read_only),
        "only the shipped layers are open: {:?}",
        workspace
            .layers
            .iter()
            .map(|l| l.name())
            .collect::<Vec<_>>()
    );
    assert!(workspace.unsaved_layers().is_empty());
    assert!(harness.query_by_label("Close My annotations").is_none());
    assert!(
        !gestures::request_close(&mut harness),
        "nothing to ask about: the window closes"
    );
    assert!(harness.query_by_label("Unsaved changes").is_none());

    // Annotate… or Link to…, then cancelled, leaves no layer behind either.
    let mut harness = harness_with_data_dir(data.path());
    let provision = ProvisionId::parse("uncc:art_24__para_1").expect("ID");
    harness
        .state_mut()
        .apply(crosswalk::ui::AppCommand::StartAnnotation {
            provision: provision.clone(),
            quote: String::new(),
            quote_at: None,
        });
    harness.run();
    assert!(
        harness.state().workspace.first_editable().is_none(),
        "the open dialog makes no layer: Save does"
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.state().workspace.first_editable().is_none());
    harness
        .state_mut()
        .apply(crosswalk::ui::AppCommand::StartLink { from: provision });
    harness.run();
    harness.get_by_label("Cancel link").click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .layers
            .iter()
            .all(|layer| layer.read_only),
        "no empty layer left by a cancelled dialog"
    );

    // The first note makes the user's layer, and from then on quitting asks.
    let mut harness = harness_with_data_dir(data.path());
    let mine = add_note(&mut harness, "My first note.");
    let layer = &harness.state().workspace.layer(mine).expect("the layer");
    assert!(!layer.read_only && layer.dirty);
    assert_eq!(layer.file.annotations.len(), 1);
    let editable = harness
        .state()
        .workspace
        .layers
        .iter()
        .filter(|l| !l.read_only)
        .count();
    assert_eq!(editable, 1, "one layer of the user's");
    harness.get_by_label_contains("My annotations (1 note");
    assert!(
        gestures::request_close(&mut harness),
        "the unsaved note stops the close"
    );
    harness.get_by_label("Unsaved changes");
}

/// No layer of the user's is open, and the layers list shows none.
fn assert_no_users_layer(harness: &Harness<'_, CrosswalkApp>, when: &str) {
    let names: Vec<&str> = (harness.state().workspace.layers.iter())
        .filter(|layer| !layer.read_only)
        .map(|layer| layer.name())
        .collect();
    assert!(names.is_empty(), "{when}: {names:?}");
    assert!(
        harness.query_by_label("Close My annotations").is_none()
            && harness
                .query_by_label_contains("My annotations (")
                .is_none(),
        "{when}: the layers list shows the user's layer"
    );
}

#[test]
fn opening_and_cancelling_annotate_never_shows_a_layer_in_the_layers_list_on_any_frame() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    let provision = ProvisionId::parse("uncc:art_24__para_1").expect("ID");
    let annotate = |harness: &mut Harness<'_, CrosswalkApp>| {
        harness.state_mut().apply(AppCommand::StartAnnotation {
            provision: provision.clone(),
            quote: String::new(),
            quote_at: None,
        });
    };
    assert_no_users_layer(&harness, "at the start");
    annotate(&mut harness);
    for frame in 0..6 {
        harness.step();
        assert_no_users_layer(&harness, &format!("frame {frame} with Annotate… open"));
    }
    harness.get_by_label("Save annotation");
    harness.get_by_label("Cancel").click();
    for frame in 0..6 {
        harness.step();
        assert_no_users_layer(&harness, &format!("frame {frame} after Cancel"));
    }
    assert!(
        harness.query_by_label("Save annotation").is_none(),
        "closed"
    );

    // The list does show the user's layer once Save writes a note in it.
    annotate(&mut harness);
    harness.run();
    harness
        .get_by_label("Note")
        .type_text("Judicial review is required.");
    harness.run();
    harness.get_by_label("Save annotation").click();
    harness.run();
    harness.get_by_label_contains("My annotations (1 note");
}

#[test]
fn quitting_after_a_failed_save_asks_instead_of_exiting() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    // A file in a folder that does not exist: every save of it fails, like a full disk.
    let mine = add_note(&mut harness, "Not yet on disk.");
    harness
        .state_mut()
        .workspace
        .layer_mut(mine)
        .expect("the layer")
        .path = Some(data.path().join("missing/notes.ron"));
    gestures::request_close(&mut harness);
    harness.get_by_label("Unsaved changes");
    harness.get_by_label_contains("The last save failed");
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
    assert!(
        harness
            .state()
            .workspace
            .layer(mine)
            .expect("the layer")
            .dirty
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved changes").is_none());
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
    let mine = add_note(&mut harness, "Mine.");
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
    let notes: Vec<&str> = harness
        .state()
        .workspace
        .layer(mine)
        .expect("the layer")
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
        .find(|layer| layer.name() == "Safeguards")
        .expect("the safeguards layer is open")
        .id;
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
        harness
            .state()
            .workspace
            .layer(index)
            .expect("open")
            .file
            .annotations[0]
            .anchor
            .start,
        0
    );
    harness
        .get_by_label_contains("Accept the new place of the note")
        .click();
    harness.run();
    let app = harness.state_mut();
    let library = app.corpus.library.clone();
    let start = app.workspace.layer(index).expect("open").file.annotations[0]
        .anchor
        .start;
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
    // Each frame looks for anchors within a wall-clock budget, so a busy machine needs more frames;
    // the limit only stops a window that would never finish.
    let mut harness = harness_with_max_steps(data.path(), 10_000);
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

// ---------------------------------------------------------------------------------------------
// Window processes that stop without saving: killed, or sent SIGTERM.

/// Run by the tests below in a child process (it returns at once otherwise, and is `#[ignore]`d so
/// that a plain `cargo test` does not count it as a test): a window opens the layer file named by
/// `CROSSWALK_TEST_WINDOW_FILE` from its command line, adds the note `CROSSWALK_TEST_WINDOW_NOTE` to
/// it and to the window's own new layer, says "edited", then runs frames until it is told to close.
#[test]
#[ignore = "a child process of the window kill tests, not a test of its own"]
fn window_process_that_edits_and_waits() {
    let (Some(file), Some(note)) = (
        std::env::var_os("CROSSWALK_TEST_WINDOW_FILE"),
        std::env::var("CROSSWALK_TEST_WINDOW_NOTE").ok(),
    ) else {
        return;
    };
    let file = std::path::PathBuf::from(file);
    let data =
        std::path::PathBuf::from(std::env::var_os("CROSSWALK_TEST_WINDOW_DATA").expect("data"));
    let mut harness = harness_with_data_dir(&data);
    crosswalk::ui::watch_for_termination(&harness.ctx).expect("SIGTERM is watched");
    harness
        .state_mut()
        .apply_startup(&crosswalk::ui::StartupOptions {
            annotation_files: vec![file.clone()],
            ..Default::default()
        });
    harness.run();
    let app = harness.state_mut();
    let library = app.corpus.library.clone();
    let layer = app.workspace.find(&file).expect("the file is open");
    // A second layer of the user's, without a file.
    app.apply(crosswalk::ui::AppCommand::NewLayer);
    let new_layer = app.workspace.layers.last().expect("the new layer").id;
    for (layer, note) in [
        (layer, note.clone()),
        (new_layer, format!("{note} (new layer)")),
    ] {
        let draft = NoteDraft {
            provision: ProvisionId::parse("uncc:art_24__para_1").expect("ID"),
            quote: String::new(),
            quote_at: None,
            note,
            tags: Vec::new(),
            color: None,
        };
        app.workspace
            .annotate(layer, &draft, "Tester", &library)
            .expect("the note is added");
    }
    harness.step();
    println!("edited");
    while !harness.state().is_closing() {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    println!("closed");
}

/// A window process (see [`window_process_that_edits_and_waits`]) that has made its edit.
fn spawn_window(file: &Path, data: &Path, note: &str) -> std::process::Child {
    spawn_child(
        "window_process_that_edits_and_waits",
        &[
            ("CROSSWALK_TEST_WINDOW_FILE", file.as_os_str()),
            ("CROSSWALK_TEST_WINDOW_DATA", data.as_os_str()),
            ("CROSSWALK_TEST_WINDOW_NOTE", note.as_ref()),
        ],
    )
}

/// Runs the ignored test `name` of this binary in a child process with `env`, and returns once it
/// says it has edited.
fn spawn_child(name: &str, env: &[(&str, &std::ffi::OsStr)]) -> std::process::Child {
    use std::io::BufRead;
    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", name, "--ignored", "--nocapture"])
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the window process starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    loop {
        let line = lines
            .next()
            .expect("the window process says when it has edited")
            .expect("a line");
        if line.trim() == "edited" {
            break;
        }
    }
    // Keep reading so that the child never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

/// A layer file with one saved note, in a fresh folder.
fn saved_layer(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("class notes.ron");
    let mut file = AnnotationFile {
        name: "Class notes".to_owned(),
        ..AnnotationFile::default()
    };
    file.annotations.push(crosswalk::annotations::Annotation {
        id: "saved".to_owned(),
        note: "Saved before.".to_owned(),
        ..crosswalk::annotations::Annotation::on(crosswalk::annotations::Anchor::bare(
            ProvisionId::parse("uncc:art_24").expect("ID"),
        ))
    });
    file.save(&path).expect("saves");
    path
}

/// The next start, given `file` on its command line: every journal offered is restored; returns the
/// notes of the file's layer and of the other restored layers.
fn next_start_restores_all(data: &Path, file: &Path) -> (Vec<String>, Vec<String>) {
    let mut harness = harness_with_max_steps(data, 64);
    harness
        .state_mut()
        .apply_startup(&crosswalk::ui::StartupOptions {
            annotation_files: vec![file.to_owned()],
            ..Default::default()
        });
    harness.run();
    harness.get_by_label("Recover unsaved edits");
    while harness.state().views.recovery.found.len() > 0 {
        harness
            .get_all_by_label("Restore")
            .next()
            .expect("a Restore button")
            .click();
        harness.run();
    }
    let workspace = &harness.state().workspace;
    let notes = |layer: &crosswalk::annotations::Layer| -> Vec<String> {
        layer
            .file
            .annotations
            .iter()
            .map(|a| a.note.clone())
            .collect()
    };
    let of_file = workspace
        .find(file)
        .and_then(|layer| workspace.layer(layer))
        .map(notes)
        .unwrap_or_default();
    let others = workspace
        .layers
        .iter()
        .filter(|layer| layer.path.as_deref() != Some(file))
        .flat_map(notes)
        .collect();
    (of_file, others)
}

#[test]
fn a_window_killed_two_seconds_after_an_edit_offers_it_at_the_next_start() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = dir.path().join("data");
    let file = saved_layer(dir.path());
    let mut window = spawn_window(&file, &data, "Typed, never saved.");
    std::thread::sleep(std::time::Duration::from_secs(2));
    window.kill().expect("killed");
    window.wait().expect("gone");
    let (of_file, others) = next_start_restores_all(&data, &file);
    assert!(
        of_file.contains(&"Typed, never saved.".to_owned()),
        "{of_file:?}"
    );
    assert!(of_file.contains(&"Saved before.".to_owned()), "{of_file:?}");
    assert!(
        others.contains(&"Typed, never saved. (new layer)".to_owned()),
        "{others:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_window_sent_sigterm_saves_its_file_and_journals_the_rest_before_it_exits() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = dir.path().join("data");
    let file = saved_layer(dir.path());
    let mut window = spawn_window(&file, &data, "Typed just before logout.");
    // At once: before the journal's own delay has passed.
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &window.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let status = window.wait().expect("the window exits");
    assert!(status.success(), "the window closed on its own: {status:?}");
    let saved = AnnotationFile::load(&file).expect("the file loads");
    assert!(
        saved
            .annotations
            .iter()
            .any(|a| a.note == "Typed just before logout."),
        "the layer with a file was saved"
    );
    let (_, others) = next_start_restores_all(&data, &file);
    assert!(
        others.contains(&"Typed just before logout. (new layer)".to_owned()),
        "the new layer was journaled and comes back: {others:?}"
    );
}

#[test]
fn two_windows_on_one_file_both_crash_and_both_edits_come_back() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = dir.path().join("data");
    let file = saved_layer(dir.path());
    let mut first = spawn_window(&file, &data, "From the first window.");
    let mut second = spawn_window(&file, &data, "From the second window.");
    std::thread::sleep(std::time::Duration::from_secs(2));
    for window in [&mut first, &mut second] {
        window.kill().expect("killed");
        window.wait().expect("gone");
    }
    let (of_file, _) = next_start_restores_all(&data, &file);
    for note in [
        "Saved before.",
        "From the first window.",
        "From the second window.",
    ] {
        assert!(of_file.contains(&note.to_owned()), "{note}: {of_file:?}");
    }
}

#[test]
fn closing_a_layer_while_its_save_as_prompt_and_an_annotate_dialog_are_open_puts_nothing_in_another()
 {
    let data = tempfile::tempdir().expect("temporary folder");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    harness.state_mut().native_dialog_unavailable = Some("No file dialog here.".to_owned());
    // Two new layers of the user's: the first ("mine", where new notes go) and one holding a note.
    harness.get_by_label("New layer").click();
    harness.run();
    harness.get_by_label("New layer").click();
    harness.run();
    let app = harness.state_mut();
    let editable: Vec<_> = app
        .workspace
        .layers
        .iter()
        .filter(|layer| layer.is_editable())
        .map(|layer| (layer.id, layer.name().to_owned()))
        .collect();
    let [(mine, mine_name), (other, _)] = editable.as_slice() else {
        panic!("two layers of the user's: {editable:?}")
    };
    let (mine, mine_name, other) = (*mine, mine_name.clone(), *other);
    let library = app.corpus.library.clone();
    let draft = NoteDraft {
        provision: ProvisionId::parse("uncc:art_28").expect("ID"),
        quote: String::new(),
        quote_at: None,
        note: "The other layer's note.".to_owned(),
        tags: Vec::new(),
        color: None,
    };
    app.workspace
        .annotate(other, &draft, "Tester", &library)
        .expect("the note is added");
    let other_before = app.workspace.layer(other).expect("open").file.clone();
    harness.run();

    // "Save as…" for mine (the path prompt stays open beside the window), and the Annotate
    // dialog, whose note goes to mine.
    harness
        .get_by_label(&format!("Save {mine_name} as…"))
        .click();
    harness.run();
    harness.get_by_label(PATH_FIELD_LABEL);
    harness
        .state_mut()
        .apply(crosswalk::ui::AppCommand::StartAnnotation {
            provision: ProvisionId::parse("uncc:art_24__para_1").expect("ID"),
            quote: String::new(),
            quote_at: None,
        });
    harness.run();
    harness
        .get_by_label("Note")
        .type_text("Meant for My annotations.");
    harness.run();

    // Mine is closed while both are open.
    harness.get_by_label(&format!("Close {mine_name}")).click();
    harness.run();
    assert!(harness.state().workspace.layer(mine).is_none());

    // The dialog says the layer is gone, and its Save puts the note nowhere.
    harness.get_by_label_contains("The layer this note was for was closed");
    harness.get_by_label("Save annotation").click();
    harness.run();
    harness.get_by_label_contains("Not saved: that layer was closed meanwhile");
    // The dialog keeps the keyboard while it is open: the user closes it (its Cancel, the one
    // beside its Save) to answer the prompt.
    let save = harness.get_by_label("Save annotation").rect().center();
    harness
        .get_all_by_label("Cancel")
        .min_by(|a, b| {
            let (da, db) = (a.rect().center() - save, b.rect().center() - save);
            da.length().total_cmp(&db.length())
        })
        .expect("the dialog's Cancel")
        .click();
    harness.run();
    assert!(harness.query_by_label("Save annotation").is_none());

    // The Save as prompt answers: nothing is written, and the message says why.
    let path = dir.path().join("saved.ron");
    harness.get_by_label(PATH_FIELD_LABEL).click();
    harness.run();
    gestures::type_path(&mut harness, &path);
    assert!(!path.exists(), "nothing was saved for a closed layer");
    let app = harness.state();
    assert!(
        app.notes_message.contains("was closed meanwhile"),
        "{}",
        app.notes_message
    );

    // The other layer is exactly as it was, and no open layer got the note.
    let after = app.workspace.layer(other).expect("the other layer is open");
    assert_eq!(after.file, other_before);
    assert!(
        after.path.is_none(),
        "the other layer was not saved anywhere"
    );
    assert!(
        app.workspace
            .layers
            .iter()
            .flat_map(|layer| &layer.file.annotations)
            .all(|note| note.note != "Meant for My annotations.")
    );
}

/// Run by the lesson kill test in a child process (returns at once otherwise): opens the lesson
/// `CROSSWALK_TEST_WINDOW_LESSON`, gives it the title `CROSSWALK_TEST_WINDOW_NOTE` and waits to be
/// killed.
#[test]
#[ignore = "a child process of the lesson kill test, not a test of its own"]
fn lesson_window_process_that_edits_and_waits() {
    let (Some(lesson), Some(title)) = (
        std::env::var_os("CROSSWALK_TEST_WINDOW_LESSON"),
        std::env::var("CROSSWALK_TEST_WINDOW_NOTE").ok(),
    ) else {
        return;
    };
    let data =
        std::path::PathBuf::from(std::env::var_os("CROSSWALK_TEST_WINDOW_DATA").expect("data"));
    let mut harness = harness_with_data_dir(&data);
    harness
        .state_mut()
        .apply_startup(&crosswalk::ui::StartupOptions {
            lesson: Some(lesson.into()),
            ..Default::default()
        });
    harness.run();
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Edit(
            LessonEdit::SetTitle(title),
        )));
    harness.step();
    println!("edited");
    loop {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A lesson file titled `title`, with one stop.
fn saved_lesson(path: &Path, title: &str) {
    let mut lesson = Lesson::new(title);
    lesson.stops.push(crosswalk::lesson::Stop::on(
        ProvisionId::parse("uncc:art_7").expect("ID"),
    ));
    lesson.save(path).expect("the lesson saves");
}

#[test]
fn a_lesson_edited_in_a_window_killed_two_seconds_later_is_offered_at_the_next_start() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = dir.path().join("data");
    let path = dir.path().join("class.ron");
    saved_lesson(&path, "Saved before");
    let mut window = spawn_child(
        "lesson_window_process_that_edits_and_waits",
        &[
            ("CROSSWALK_TEST_WINDOW_LESSON", path.as_os_str()),
            ("CROSSWALK_TEST_WINDOW_DATA", data.as_os_str()),
            ("CROSSWALK_TEST_WINDOW_NOTE", "Typed, never saved.".as_ref()),
        ],
    );
    std::thread::sleep(std::time::Duration::from_secs(2));
    window.kill().expect("killed");
    window.wait().expect("gone");
    assert_eq!(Lesson::load(&path).expect("loads").title, "Saved before");

    // The next start, with the lesson on its command line, offers the edit back.
    let mut harness = harness_with_max_steps(&data, 64);
    harness
        .state_mut()
        .apply_startup(&crosswalk::ui::StartupOptions {
            lesson: Some(path.clone()),
            ..Default::default()
        });
    harness.run();
    harness.get_by_label("Recover unsaved edits");
    harness.get_by_label("Restore").click();
    harness.run();
    let doc = harness
        .state()
        .lessons
        .doc
        .as_ref()
        .expect("a lesson is open");
    assert_eq!(doc.lesson.title, "Typed, never saved.");
    assert!(doc.dirty, "restored, not saved yet");
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));

    // It saves as usual (the file did not change since the journal was taken), and the journal goes.
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Save));
    harness.run();
    assert_eq!(
        Lesson::load(&path).expect("loads").title,
        "Typed, never saved."
    );
    let left = crosswalk::annotations::journal::recover(&data, std::slice::from_ref(&path));
    assert!(left.found.is_empty(), "{:?}", left.found);
}

#[test]
fn a_lesson_changed_on_disk_is_not_overwritten_at_save_and_reload_can_be_undone() {
    let data = tempfile::tempdir().expect("temporary folder");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("class.ron");
    saved_lesson(&path, "Mine");
    let mut harness = harness_with_data_dir(data.path());
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Open(path.clone())));
    harness.run();
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Edit(
            LessonEdit::SetTitle("Edited here".into()),
        )));
    harness.run();
    // Another program (a git pull, a colleague) changes the file meanwhile.
    saved_lesson(&path, "Changed elsewhere");
    let theirs = std::fs::read(&path).expect("read");
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Save));
    harness.run();
    assert_eq!(
        std::fs::read(&path).expect("read"),
        theirs,
        "not overwritten"
    );
    harness.get_by_label("The file changed on disk");
    assert!(
        harness.state().lessons.message.contains("changed on disk"),
        "{}",
        harness.state().lessons.message
    );
    harness.get_by_label("Reload from disk").click();
    harness.run();
    let doc = harness.state().lessons.doc.as_ref().expect("open");
    assert_eq!(doc.lesson.title, "Changed elsewhere");
    assert!(!doc.dirty);
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Undo));
    harness.run();
    let doc = harness.state().lessons.doc.as_ref().expect("open");
    assert_eq!(doc.lesson.title, "Edited here", "Undo brings the edit back");
}

#[test]
fn a_lesson_with_comments_opens_read_only_and_its_file_is_never_rewritten() {
    let data = tempfile::tempdir().expect("temporary folder");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("commented.ron");
    saved_lesson(&path, "Commented");
    let text = std::fs::read_to_string(&path).expect("read");
    let commented = text.replacen("stops:", "// Ask about Article 7 first.\n    stops:", 1);
    std::fs::write(&path, &commented).expect("write");
    let mut harness = harness_with_data_dir(data.path());
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Open(path.clone())));
    harness.run();
    harness.get_by_label_contains("Read-only: has 1 comment(s)");
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Edit(
            LessonEdit::SetTitle("Changed".into()),
        )));
    harness.run();
    assert!(harness.state().lessons.message.contains("read-only"));
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Save));
    harness.run();
    assert_eq!(std::fs::read_to_string(&path).expect("read"), commented);
    let doc = harness.state().lessons.doc.as_ref().expect("open");
    assert_eq!(doc.lesson.title, "Commented");
    assert!(!doc.dirty);
}

/// A reply that is refused (nothing written) to a note of a read-only layer makes no layer: the
/// user's layer appears only once a reply is written into it.
#[test]
fn a_refused_reply_to_a_shipped_note_adds_no_empty_layer() {
    let data = tempfile::tempdir().expect("temporary folder");
    let mut harness = harness_with_data_dir(data.path());
    let (layer, id) = {
        let workspace = &harness.state().workspace;
        let shipped = (workspace.layers.iter())
            .find(|layer| layer.read_only && !layer.file.annotations.is_empty())
            .expect("a shipped layer with notes");
        (shipped.id, shipped.file.annotations[0].id.clone())
    };
    harness.state_mut().apply(AppCommand::Reply {
        layer,
        id: id.clone(),
        note: String::new(),
    });
    harness.run();
    assert_no_users_layer(&harness, "after an empty reply");
    harness.state_mut().apply(AppCommand::Reply {
        layer,
        id,
        note: "Agreed.".to_owned(),
    });
    harness.run();
    harness.get_by_label_contains("My annotations (");
}
