//! The classroom, driven through the real app with egui_kittest: zoom for the whole window,
//! presentation mode, building a lesson in the app, and replies to a teacher's read-only notes.

mod drawn;
mod gestures;

use std::collections::BTreeMap;
use std::sync::Arc;

use crosswalk::Side;
use crosswalk::lesson::Lesson;
use crosswalk::ui::lesson::LessonCommand;
use crosswalk::ui::{AppCommand, CrosswalkApp, Settings};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use drawn::{Expected, Painted, assert_stroked_exactly};

fn app() -> CrosswalkApp {
    let corpus = Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"));
    let mut app = CrosswalkApp::new(corpus, Settings::default());
    // Journals of unsaved edits go to a folder of the test's own, never the user's.
    let data: &'static tempfile::TempDir =
        Box::leak(Box::new(tempfile::tempdir().expect("a temporary folder")));
    app.set_data_dir(data.path());
    app
}

fn harness() -> Harness<'static, CrosswalkApp> {
    harness_sized([1360.0, 860.0])
}

/// A window of `size` points (at 100% zoom).
fn harness_sized(size: [f32; 2]) -> Harness<'static, CrosswalkApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app());
    harness.run();
    harness
}

/// Brings a widget into view (lists scroll) and clicks it, as a pointer would.
/// Whether the open lesson has changes not saved.
fn lesson_is_unsaved(harness: &Harness<'_, CrosswalkApp>) -> bool {
    (harness.state().lessons.doc.as_ref()).is_some_and(|doc| doc.dirty)
}

fn click(harness: &mut Harness<'_, CrosswalkApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// Opens a chapter in the outline and clicks an article there.
fn open_article(harness: &mut Harness<'_, CrosswalkApp>, chapter: &str, article: &str) {
    click(harness, chapter);
    click(harness, article);
}

fn selected_id(harness: &Harness<'_, CrosswalkApp>) -> Option<String> {
    let app = harness.state();
    app.selected
        .map(|(key, node)| app.library().treaty(key).node(node).id.to_string())
}

fn top_of(harness: &Harness<'_, CrosswalkApp>, key: Side) -> Option<String> {
    let app = harness.state();
    let node = app.pane(key).top_node?;
    Some(app.library().treaty(key).node(node).id.to_string())
}

fn stops(harness: &Harness<'_, CrosswalkApp>) -> Vec<String> {
    harness
        .state()
        .lessons
        .lesson()
        .map(|lesson| {
            lesson
                .stops
                .iter()
                .map(|stop| stop.provision.to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ctrl_plus_zooms_the_whole_window_and_keeps_the_reading_position() {
    let mut harness = harness();
    open_article(
        &mut harness,
        "Chapter IV – Procedural measures and law enforcement",
        "Art. 24 Conditions and safeguards",
    );
    let top = top_of(&harness, Side::Revision);
    assert!(
        top.as_deref()
            .is_some_and(|id| id.starts_with("uncc:art_2")),
        "{top:?}"
    );
    let toolbar_before = harness.get_by_label("Swap panes").rect();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    assert_eq!(harness.state().settings.zoom, 1.1);
    assert_eq!(harness.ctx.zoom_factor(), 1.1);
    assert_eq!(
        top_of(&harness, Side::Revision),
        top,
        "the pane shows the same provision at its top"
    );
    // Chrome grows with the text: the toolbar's buttons are larger on screen.
    let toolbar_after = harness.get_by_label("Swap panes").rect();
    let scale = (toolbar_after.height() * harness.ctx.pixels_per_point()) / toolbar_before.height();
    assert!((scale - 1.1).abs() < 0.05, "the button grew by {scale}");
    harness.get_by_label("110%");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    assert_eq!(harness.state().settings.zoom, 0.9);
    assert_eq!(top_of(&harness, Side::Revision), top);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(harness.state().settings.zoom, 1.0);
    click(&mut harness, "Zoom in");
    click(&mut harness, "Zoom in");
    assert_eq!(harness.state().settings.zoom, 1.25);
    assert_eq!(top_of(&harness, Side::Revision), top);
    click(&mut harness, "125%");
    assert_eq!(harness.state().settings.zoom, 1.0);

    // The zoom is a setting, kept between runs; a settings file from before zoom existed loads.
    let settings = Settings {
        zoom: 1.5,
        ..Settings::default()
    };
    let text = ron::to_string(&settings).expect("settings serialise");
    assert_eq!(ron::from_str::<Settings>(&text).expect("parse"), settings);
    assert_eq!(
        ron::from_str::<Settings>("(font_size: 18.0)")
            .expect("parse")
            .zoom,
        1.0
    );
    let mut restored = Harness::builder()
        .with_size([1360.0, 860.0])
        .with_max_steps(16)
        .build_ui_state(
            |ui, app: &mut CrosswalkApp| app.ui(ui),
            CrosswalkApp::new(Arc::clone(&harness.state().corpus), settings),
        );
    restored.run();
    assert_eq!(restored.ctx.zoom_factor(), 1.5);
}

#[test]
fn zoom_keys_are_in_the_keyboard_shortcuts_window() {
    let mut harness = harness();
    click(&mut harness, "Help");
    click(&mut harness, "Keyboard shortcuts");
    harness.get_by_label("Ctrl+Plus or Ctrl+=");
    harness.get_by_label("Zoom in: the whole window, bars and text together");
    harness.get_by_label("Ctrl+Minus");
    harness.get_by_label("Ctrl+0");
    harness.get_by_label("Zoom back to 100%");
    harness.get_by_label("F5");
    harness.get_by_label("In presentation mode (F5)");
    harness.get_by_label("Right or Page Down or Space");
    harness.get_by_label("Left or Page Up");
}

/// Opens a shipped lesson from the lesson panel's menu.
fn open_shipped(harness: &mut Harness<'_, CrosswalkApp>, title: &str) {
    if !harness.state().lessons.panel_open {
        click(harness, "Lesson");
    }
    click(harness, "Shipped lessons");
    click(harness, title);
}

#[test]
fn f5_presents_the_lesson_one_stop_at_a_time_and_escape_leaves() {
    let mut harness = harness();
    open_shipped(&mut harness, "Safeguards and international cooperation");
    let lesson = harness
        .state()
        .lessons
        .lesson()
        .cloned()
        .expect("a lesson is open");
    let count = lesson.stops.len();
    assert!(count >= 6, "{count} stops");

    harness.key_down(Key::F5);
    harness.step();
    let fullscreen =
        gestures::sent_viewport_command(&harness, &egui::ViewportCommand::Fullscreen(true));
    assert!(fullscreen, "F5 asks for full screen");
    harness.key_up(Key::F5);
    harness.run();
    assert!(harness.state().presentation.active);
    harness.get_by_label(&format!("Stop 1 of {count}"));
    harness.get_by_label("Safeguards and international cooperation");
    // Only the stop: the reader's bars and panes are gone.
    assert!(harness.query_by_label("Swap panes").is_none());
    assert!(harness.query_by_label("Search both texts").is_none());
    // The texts, the relation and the question of stop 1; the teacher's note, which answers the
    // question, waits until R (or the button) reveals it, and hides again at the next stop.
    let first = &lesson.stops[0];
    harness.get_by_label("Question for the class");
    harness.get_by_label(&first.question);
    assert!(
        harness.query_by_label("Teacher's note").is_none(),
        "hidden at first"
    );
    assert!(harness.query_by_label(&first.note).is_none());
    harness.key_press(Key::R);
    harness.run();
    harness.get_by_label("Teacher's note");
    harness.get_by_label(&first.note);
    click(&mut harness, "Hide the answers");
    assert!(
        harness.query_by_label(&first.note).is_none(),
        "hidden again"
    );
    click(
        &mut harness,
        "Show the answers: rationale, evidence, teacher's note",
    );
    harness.get_by_label(&first.note);
    assert!(
        harness
            .query_all_by_label_contains("States Parties shall ensure that the implementation")
            .count()
            >= 1
    );
    harness.get_by_label_contains("only in the Budapest Convention (struck through)");

    // → / Page Down / Space step forward, ← / Page Up back, and the ends stop there.
    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.get_by_label(&format!("Stop 2 of {count}"));
    harness.get_by_label(&lesson.stops[1].question);
    assert!(
        harness.query_by_label(&lesson.stops[1].note).is_none(),
        "each stop opens with its answers hidden"
    );
    harness.key_press(Key::PageDown);
    harness.run();
    harness.key_press(Key::Space);
    harness.run();
    harness.get_by_label(&format!("Stop 4 of {count}"));
    harness.key_press(Key::ArrowLeft);
    harness.run();
    harness.key_press(Key::PageUp);
    harness.run();
    harness.get_by_label(&format!("Stop 2 of {count}"));
    click(&mut harness, "Next stop");
    harness.get_by_label(&format!("Stop 3 of {count}"));
    // Stop 3 shows the links between its provisions with their rationale and evidence.
    let slide = slide_on_screen(&harness);
    assert!(!slide.links.is_empty(), "the stop's links are shown");
    harness.get_by_label(&slide.links[0].statement);
    harness.get_by_label(&slide.links[0].relation);
    assert!(slide.links[0].relation.starts_with("Relation: "));
    let evidence = slide.links.iter().flat_map(|link| &link.evidence).next();
    let (pinpoint, quote) = evidence.expect("the links of stop 3 carry evidence");
    let evidence = format!("Evidence, {pinpoint}: “{quote}”");
    assert!(
        harness.query_by_label(&evidence).is_none(),
        "evidence waits"
    );
    harness.key_press(Key::R);
    harness.run();
    harness.get_by_label(&evidence);
    // Marks: differences on both sides, and the teacher's highlights.
    let marks: Vec<_> = slide
        .texts
        .sides
        .iter()
        .flat_map(|(_, texts)| texts.iter())
        .flat_map(|text| text.lines.iter())
        .flat_map(|line| line.marks.iter().map(|(_, mark)| *mark))
        .collect();
    use crosswalk::lesson::Mark as SlideMark;
    for mark in [
        SlideMark::Deleted,
        SlideMark::Inserted,
        SlideMark::Highlight,
    ] {
        assert!(marks.contains(&mark), "{mark:?} in {marks:?}");
    }
    click(&mut harness, "Inline");
    harness.get_by_label_contains("One merged text");
    click(&mut harness, "Side by side");

    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().presentation.active);
    harness.get_by_label("Swap panes");
    assert_eq!(harness.state().lessons.current, 2);
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some(lesson.stops[2].provision.as_str()),
        "the reader opens on the stop that was presented"
    );
    // The toolbar's Present button starts from the current stop.
    click(&mut harness, "Present");
    harness.get_by_label(&format!("Stop 3 of {count}"));
    for _ in 0..count + 2 {
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    harness.get_by_label(&format!("Stop {count} of {count}"));
    click(&mut harness, "Leave presentation");
    assert!(!harness.state().presentation.active);
}

/// How the window draws a slide's mark: underline and strike-through in the ink, the highlight's bar,
/// the evidence box; equivalent terms are dimmed in the text itself.
fn expected_stroke(app: &CrosswalkApp, mark: crosswalk::lesson::Mark) -> Option<Expected> {
    use crosswalk::lesson::Mark as SlideMark;
    let colors = app.mark_colors();
    match mark {
        SlideMark::Deleted => Some(Expected::LineAboveBaseline(colors.ink)),
        SlideMark::Inserted => Some(Expected::LineBelowBaseline(colors.ink)),
        SlideMark::Highlight => Some(Expected::LineAboveBaseline(colors.highlight_bar)),
        SlideMark::Evidence => Some(Expected::Box(colors.evidence)),
        SlideMark::Equivalent => None,
    }
}

/// Checks every mark of the slide's texts side by side against what the last frame painted; returns,
/// per kind of mark, the most wrapped rows one mark of that kind covers.
fn assert_slide_marks_exact(harness: &Harness<'_, CrosswalkApp>) -> BTreeMap<String, usize> {
    let app = harness.state();
    let slide = app.presentation.slide().expect("a slide");
    let painted = Painted::of(harness.output());
    let mut widest = BTreeMap::new();
    let lines = slide.texts.sides.iter().flat_map(|(_, texts)| texts);
    for line in lines.flat_map(|text| &text.lines) {
        let label = match line.label.as_str() {
            "" => String::new(),
            label => format!("{label} "),
        };
        let shown = format!("{label}{}", line.text);
        let (origin, galley) = painted
            .text(|_, text| text == shown)
            .unwrap_or_else(|| panic!("the line is painted: {shown}"));
        for (bytes, mark) in &line.marks {
            let Some(expected) = expected_stroke(app, *mark) else {
                continue;
            };
            let chars_before =
                |byte: usize| label.chars().count() + line.text[..byte].chars().count();
            let chars = chars_before(bytes.start)..chars_before(bytes.end);
            let what = format!("{mark:?} on “{}”", &line.text[bytes.clone()]);
            let rows = assert_stroked_exactly(&painted, origin, &galley, chars, expected, &what);
            let most = widest.entry(format!("{mark:?}")).or_insert(0);
            *most = rows.max(*most);
        }
    }
    widest
}

/// A slide's merged piece as the reader's merged reading holds it.
fn merged_piece(piece: &crosswalk::lesson::InlinePiece) -> crosswalk::diff::MergedPiece<'_> {
    crosswalk::diff::MergedPiece {
        space_before: piece.space_before,
        text: &piece.text,
        replaces: &piece.replaces,
        change: piece.change,
    }
}

/// The same for the merged text (Inline): Budapest-only words struck through, UN-only underlined.
fn assert_merged_slide_marks_exact(harness: &Harness<'_, CrosswalkApp>) -> usize {
    use crosswalk::diff::Change;
    let app = harness.state();
    let slide = app.presentation.slide().expect("a slide");
    let painted = Painted::of(harness.output());
    let colors = app.mark_colors();
    let mut widest = 0;
    for row in &slide.texts.inline {
        let mut shown = String::new();
        let mut marks = Vec::new();
        for piece in row {
            if piece.space_before {
                shown.push(' ');
            }
            let start = shown.chars().count();
            shown.push_str(&merged_piece(piece).shown());
            let expected = match piece.change {
                Change::Deleted => Expected::LineAboveBaseline(colors.ink),
                Change::Inserted => Expected::LineBelowBaseline(colors.ink),
                Change::Equal | Change::Equivalent => continue,
            };
            marks.push((start..shown.chars().count(), expected, piece.text.clone()));
        }
        let (origin, galley) = painted
            .text(|_, text| text == shown)
            .unwrap_or_else(|| panic!("the merged row is painted: {shown}"));
        for (chars, expected, words) in marks {
            let what = format!("merged {expected:?} on “{words}”");
            widest = widest.max(assert_stroked_exactly(
                &painted, origin, &galley, chars, expected, &what,
            ));
        }
    }
    widest
}

#[test]
fn presentation_marks_lie_exactly_on_their_glyphs_on_every_wrapped_row_at_a_large_zoom() {
    // Tall enough that the texts of stop 3 are on screen whole at twice the size; narrow enough that
    // the long marks wrap over several rows in both layouts.
    let mut harness = harness_sized([1200.0, 2600.0]);
    open_shipped(&mut harness, "Safeguards and international cooperation");
    // Stop 3: UN Art. 28(4) beside Budapest Art. 19(4). The UN-only words “the information and
    // telecommunications network, or their component parts” are also highlighted by the teacher and
    // quoted as evidence: three marks on the same words, each in its own place.
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::GoToStop(2)));
    harness.run();
    click(&mut harness, "Present");
    harness.get_by_label_contains("Stop 3 of");
    // Zoomed for the back of the room.
    for _ in 0..5 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        harness.run();
    }
    assert_eq!(harness.state().settings.zoom, 2.0);

    let widest = assert_slide_marks_exact(&harness);
    for mark in ["Deleted", "Inserted", "Highlight", "Evidence"] {
        assert!(widest.contains_key(mark), "{mark} drawn: {widest:?}");
    }
    for mark in ["Inserted", "Highlight", "Evidence"] {
        assert!(
            widest[mark] >= 3,
            "a {mark} mark wraps over 3 rows: {widest:?}"
        );
    }
    // The legend says what each mark is, in words.
    harness.get_by_label_contains("quoted as evidence (boxed)");
    harness.get_by_label_contains("highlighted by the teacher (bar above)");

    click(&mut harness, "Inline");
    harness.get_by_label_contains("One merged text");
    let rows = assert_merged_slide_marks_exact(&harness);
    assert!(rows >= 3, "a merged mark wraps over {rows} rows");

    // Evidence marks off in the reader: no boxes on the slide either.
    click(&mut harness, "Side by side");
    harness
        .state_mut()
        .apply(AppCommand::Toggle(crosswalk::ui::Toggle::EvidenceMarks));
    harness.run();
    let evidence = harness.state().mark_colors().evidence;
    let boxes = Painted::of(harness.output())
        .strokes
        .into_iter()
        .filter(|stroke| matches!(stroke, drawn::Stroke::Box { color, .. } if *color == evidence))
        .count();
    assert_eq!(boxes, 0, "no evidence boxes once they are turned off");
}

#[test]
fn presentation_without_a_lesson_steps_through_the_pairs() {
    let mut harness = harness();
    let pairs = harness.state().pairs.links.pairs().to_vec();
    click(&mut harness, "Present");
    assert!(harness.state().presentation.active);
    harness.get_by_label(&format!("Pair 1 of {}", pairs.len()));
    harness.get_by_label("The pairs of the crosswalk");
    click(&mut harness, "Next pair");
    harness.get_by_label(&format!("Pair 2 of {}", pairs.len()));
    let slide = slide_on_screen(&harness);
    let entry = harness
        .state()
        .pairs
        .links
        .get(pairs[1])
        .cloned()
        .expect("pair 2");
    assert_eq!(slide.view.ids(), {
        let mut ids = entry.sides.revision.clone();
        ids.extend(entry.sides.base.clone());
        ids
    });
    harness.get_by_label(&entry.statement(harness.state().library()));
    // Without a lesson, there is no teacher's note or question.
    assert!(harness.query_by_label("Question for the class").is_none());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().presentation.active);
    assert_eq!(
        harness.state().pairs.current,
        Some(pairs[1]),
        "the reader shows the pair that was presented"
    );
}

#[test]
fn building_a_lesson_add_pairs_edit_reorder_remove_undo_save_and_reopen() {
    let mut harness = harness();
    click(&mut harness, "Lesson");
    assert!(harness.state().lessons.panel_open);
    harness.get_by_label_contains("No lesson is open");

    // UN Art. 24 in pair view: the pair is UN Art. 24 with Budapest Art. 15.
    open_article(
        &mut harness,
        "Chapter IV – Procedural measures and law enforcement",
        "Art. 24 Conditions and safeguards",
    );
    click(&mut harness, "Add this pair to the lesson");
    let lesson = harness
        .state()
        .lessons
        .lesson()
        .cloned()
        .expect("a lesson was started");
    assert_eq!(lesson.stops.len(), 1);
    assert_eq!(lesson.stops[0].provision.as_str(), "uncc:art_24");
    assert_eq!(
        lesson.stops[0]
            .with
            .as_ref()
            .map(|with| with.iter().map(|id| id.to_string()).collect::<Vec<_>>()),
        Some(vec!["bc:art_15".to_owned()])
    );
    harness.get_by_label_contains("Added stop 1");

    open_article(
        &mut harness,
        "Chapter II – Criminalization",
        "Art. 7 Illegal access",
    );
    click(&mut harness, "Add this pair to the lesson");
    assert_eq!(stops(&harness), ["uncc:art_24", "uncc:art_7"]);
    assert_eq!(
        harness.state().lessons.current,
        1,
        "the new stop is current"
    );

    // The current stop's note and question.
    let note = harness.get_by_label("Teacher's note");
    note.focus();
    note.type_text("Budapest Art. 2 lets States require a security measure to be infringed.");
    harness.run();
    let question = harness.get_by_label("Question for the class");
    question.focus();
    question.type_text("Which of the optional elements did the UN Convention keep?");
    harness.run();
    click(&mut harness, "Save stop 2");
    let stop = harness.state().lessons.lesson().expect("lesson").stops[1].clone();
    assert!(stop.note.starts_with("Budapest Art. 2 lets"));
    assert_eq!(
        stop.question,
        "Which of the optional elements did the UN Convention keep?"
    );

    // Reorder, remove, and undo each through Lesson::apply.
    click(&mut harness, "Move stop 2 up");
    assert_eq!(stops(&harness), ["uncc:art_7", "uncc:art_24"]);
    assert_eq!(
        harness.state().lessons.current,
        0,
        "the current stop moved with it"
    );
    click(&mut harness, "Undo lesson edit");
    assert_eq!(stops(&harness), ["uncc:art_24", "uncc:art_7"]);
    click(&mut harness, "Redo lesson edit");
    assert_eq!(stops(&harness), ["uncc:art_7", "uncc:art_24"]);
    click(&mut harness, "Move stop 1 down");
    assert_eq!(stops(&harness), ["uncc:art_24", "uncc:art_7"]);
    click(&mut harness, "Remove stop 1");
    assert_eq!(stops(&harness), ["uncc:art_7"]);
    click(&mut harness, "Undo lesson edit");
    assert_eq!(stops(&harness), ["uncc:art_24", "uncc:art_7"]);
    // Back through the two moves to the note and question.
    click(&mut harness, "Undo lesson edit");
    click(&mut harness, "Undo lesson edit");
    click(&mut harness, "Undo lesson edit");
    assert!(
        harness.state().lessons.lesson().expect("lesson").stops[1]
            .note
            .is_empty(),
        "undo reaches the note too"
    );
    click(&mut harness, "Redo lesson edit");
    click(&mut harness, "Redo lesson edit");
    click(&mut harness, "Redo lesson edit");
    assert_eq!(stops(&harness), ["uncc:art_24", "uncc:art_7"]);

    // The title is an edit too, made when the field loses the focus.
    let title = harness.get_by_label("Lesson title");
    title.focus();
    title.type_text("Offences and safeguards");
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(
        harness.state().lessons.lesson().expect("lesson").title,
        "Offences and safeguards"
    );

    // Save with the same atomic writer as layers; the file reads back as the same lesson and passes
    // `lesson check` but for the stop without a note (a warning).
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("my-lesson.ron");
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::SaveAs(path.clone())));
    harness.run();
    harness.get_by_label_contains("Saved ");
    let saved = Lesson::load(&path).expect("the saved lesson loads");
    assert_eq!(&saved, harness.state().lessons.lesson().expect("lesson"));
    assert!(!harness.state().lessons.doc.as_ref().expect("doc").dirty);
    let corpus = Arc::clone(&harness.state().corpus);
    let text = std::fs::read_to_string(&path).expect("read back");
    let messages =
        crosswalk::lesson::check(&saved, &text, &corpus.library, &corpus.shipped_links());
    assert!(messages.iter().all(|m| !m.is_error), "{messages:?}");
    // Save again: the previous version is kept as a backup.
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Save));
    harness.run();
    assert!(crosswalk::annotations::backup_path(&path).exists());

    // Closing a changed lesson asks first, as closing a changed layer does: Cancel keeps it, Discard
    // drops the change.
    click(&mut harness, "Move stop 1 down");
    click(&mut harness, "Close lesson");
    assert!(harness.state().lessons.lesson().is_some());
    harness.get_by_label("Close a changed lesson");
    click(&mut harness, "Cancel");
    assert!(lesson_is_unsaved(&harness));
    click(&mut harness, "Close lesson");
    click(&mut harness, "Discard changes");
    assert!(harness.state().lessons.lesson().is_none());
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Open(path.clone())));
    harness.run();
    assert_eq!(harness.state().lessons.lesson(), Some(&saved));
    harness.get_by_label_contains("Opened ");

    // A broken file is refused with its file:line:col, and the open lesson stays.
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(\n    title: \"Broken\",\n    stops: [(provision: \"uncc:art_7\", notes: \"x\", question: \"?\")],\n)\n",
    )
    .expect("write");
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::Open(bad.clone())));
    harness.run();
    let message = harness.state().lessons.message.clone();
    assert!(
        message.starts_with(&format!("Not opened: {}:3:", bad.display())),
        "{message}"
    );
    assert!(message.contains("did you mean `note`?"), "{message}");
    assert_eq!(harness.state().lessons.lesson(), Some(&saved));
}

#[test]
fn words_selected_in_a_pane_become_the_stops_highlight() {
    let mut harness = harness();
    click(&mut harness, "Lesson");
    open_article(
        &mut harness,
        "Chapter IV – Procedural measures and law enforcement",
        "Art. 24 Conditions and safeguards",
    );
    gestures::drag_across_text(
        &mut harness,
        "1. Each State Party shall ensure that the establishment",
    );
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_24__para_1")
    );
    click(&mut harness, "Add this pair to the lesson");
    let lesson = harness.state().lessons.lesson().cloned().expect("a lesson");
    let stop = &lesson.stops[0];
    assert_eq!(stop.provision.as_str(), "uncc:art_24");
    assert_eq!(stop.highlights.len(), 1);
    assert_eq!(stop.highlights[0].provision.as_str(), "uncc:art_24__para_1");
    let corpus = Arc::clone(&harness.state().corpus);
    let text = &corpus
        .library
        .get("uncc:art_24__para_1")
        .expect("para 1")
        .text;
    assert!(text.contains(&stop.highlights[0].quote));
    harness.get_by_label_contains("Highlight: “");
}

#[test]
fn a_student_replies_to_a_read_only_teacher_note_and_the_reply_is_kept_in_their_layer() {
    let mut harness = harness();
    let teacher =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good/teacher.ron");
    harness.state_mut().apply(AppCommand::OpenFile {
        path: teacher,
        read_only: true,
    });
    harness.state_mut().settings.author = "Sam".into();
    if !harness.state().settings.show_annotations {
        click(&mut harness, "Show annotations");
    }
    let teacher_layer = harness
        .state()
        .workspace
        .layers
        .iter()
        .position(|layer| layer.name() == "Teacher")
        .expect("the teacher's layer is open");
    let before = harness.state().workspace.layers[teacher_layer].clone();
    assert!(
        harness.state().workspace.first_editable().is_none(),
        "no layer of the student's until the first reply"
    );

    // The teacher's note comes after the shipped layers' notes in the list: scroll to it.
    click(
        &mut harness,
        "Reply to the note by Teacher on UN Art. 24(1)",
    );
    let field = harness.get_by_label("Your reply");
    field.focus();
    field.type_text("Budapest names the ECHR; the UN text does not.");
    harness.run();
    click(&mut harness, "Send reply");

    let workspace = &harness.state().workspace;
    assert_eq!(
        workspace.layers[teacher_layer], before,
        "the teacher's file is untouched"
    );
    let mine_index = workspace
        .first_editable()
        .expect("the reply made the student's layer");
    let mine = workspace.layer(mine_index).expect("the student's layer");
    assert_eq!(mine.name(), "My annotations");
    assert!(mine.dirty);
    assert_eq!(mine.file.replies_to.len(), 1);
    let reply = &mine.file.replies_to[0];
    assert_eq!(
        (reply.layer.as_str(), reply.annotation.as_str()),
        ("Teacher", "t1")
    );
    assert_eq!(reply.author, "Sam");
    assert!(!reply.created.is_empty());
    // Shown together under the teacher's note, with where it is kept.
    harness.get_by_label("Replies to the note by Teacher on UN Art. 24(1)");
    harness.get_by_label("Budapest names the ECHR; the UN text does not.");
    harness.get_by_label_contains("Reply by Sam · ");
    harness.get_by_label_contains(" · in “My annotations”");
    // Search finds the reply under the teacher's note (as the results list and `crosswalk search` do).
    let hits =
        crosswalk::search::search_layers(&harness.state().workspace.layers, "the UN text does not");
    assert!(
        hits.iter().any(
            |hit| Some(hit.layer) == harness.state().workspace.position(mine_index)
                && hit.item == "t1"
                && hit.field == crosswalk::search::NoteField::Reply
                && hit.provision.as_str() == "uncc:art_24__para_1"
        ),
        "{hits:?}"
    );

    // Saved in the student's file, and shown again when both are opened later.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("student.ron");
    harness.state_mut().apply(AppCommand::SaveLayerAs {
        layer: mine_index,
        path: path.clone(),
    });
    harness.run();
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert!(
        saved.contains("replies_to") && saved.contains("\"t1\""),
        "{saved}"
    );
    let file = crosswalk::annotations::AnnotationFile::load(&path).expect("loads");
    assert_eq!(
        file.replies_to,
        harness
            .state()
            .workspace
            .layer(mine_index)
            .expect("the user's layer")
            .file
            .replies_to
    );

    // Undo takes the reply back.
    click(&mut harness, "Undo");
    assert!(
        harness
            .state()
            .workspace
            .layer(mine_index)
            .expect("the user's layer")
            .file
            .replies_to
            .is_empty()
    );
    assert!(
        harness
            .query_by_label("Replies to the note by Teacher on UN Art. 24(1)")
            .is_none()
    );
}

#[test]
fn a_reply_to_ones_own_note_joins_its_thread() {
    let mut harness = harness();
    let provision = crosswalk::model::ProvisionId::parse("uncc:art_7").expect("an ID");
    // Annotate… opens the dialog; Save makes the user's layer and stores the note there.
    harness.state_mut().apply(AppCommand::StartAnnotation {
        provision: provision.clone(),
        quote: String::new(),
        quote_at: None,
    });
    let layer = harness.state().workspace.first_editable();
    harness.state_mut().apply(AppCommand::SaveAnnotation {
        layer,
        editing: None,
        draft: crosswalk::annotations::NoteDraft {
            provision,
            quote: String::new(),
            quote_at: None,
            note: "Intent is required.".into(),
            tags: Vec::new(),
            color: None,
        },
    });
    let mine = harness.state().workspace.first_editable().expect("made");
    harness.run();
    if !harness.state().settings.show_annotations {
        click(&mut harness, "Show annotations");
    }
    // The button names the note by its author and pinpoint, not by its internal ID.
    let author = harness
        .state()
        .workspace
        .layer(mine)
        .expect("the user's layer")
        .file
        .annotations[0]
        .author
        .clone();
    click(
        &mut harness,
        &format!("Reply to the note by {author} on UN Art. 7"),
    );
    let field = harness.get_by_label("Your reply");
    field.focus();
    field.type_text("And dishonest intent may be added.");
    harness.run();
    click(&mut harness, "Send reply");
    let annotation = &harness
        .state()
        .workspace
        .layer(mine)
        .expect("the user's layer")
        .file
        .annotations[0];
    assert_eq!(annotation.replies.len(), 1);
    assert_eq!(
        annotation.replies[0].note,
        "And dishonest intent may be added."
    );
    assert_eq!(annotation.replies[0].author, "Me");
    harness.get_by_label("And dishonest intent may be added.");
}

/// A close request from the system; the status line says how the app answered it.
fn request_close(harness: &mut Harness<'_, CrosswalkApp>) {
    let cancelled = gestures::request_close(harness);
    harness.state_mut().status = if cancelled { "cancelled" } else { "closing" }.into();
}

#[test]
fn quitting_with_an_unsaved_lesson_asks_and_saves_a_lesson_with_a_file() {
    let mut harness = harness();
    open_shipped(
        &mut harness,
        "Offences: what changed from Budapest to the UN Convention",
    );
    click(&mut harness, "Move stop 1 down");
    request_close(&mut harness);
    assert_eq!(harness.state().status, "cancelled", "the window stays open");
    // The one quit prompt names the lesson, as it names layers; Cancel keeps the window and the edit.
    harness.get_by_label("Unsaved changes");
    harness.get_by_label_contains("Offences: what changed from Budapest to the UN Convention");
    click(&mut harness, "Cancel");
    assert!(!harness.state().is_closing());
    assert!(lesson_is_unsaved(&harness));
    // Discard quits without it.
    request_close(&mut harness);
    click(&mut harness, "Discard changes");
    assert!(harness.state().is_closing(), "Discard quits");

    // A lesson with a file is saved on the way out.
    let mut harness = self::harness();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("offences.ron");
    open_shipped(
        &mut harness,
        "Offences: what changed from Budapest to the UN Convention",
    );
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::SaveAs(path.clone())));
    harness.run();
    click(&mut harness, "Move stop 1 down");
    request_close(&mut harness);
    assert_eq!(harness.state().status, "closing");
    let saved = Lesson::load(&path).expect("saved on closing");
    assert_eq!(Some(&saved), harness.state().lessons.lesson());
}

#[test]
fn the_lesson_panel_prints_handouts_through_the_export_printers() {
    let mut harness = harness();
    open_shipped(&mut harness, "Safeguards and international cooperation");
    // The menu lists both editions in three formats.
    click(&mut harness, "Print handout");
    harness.get_by_label("Student handout (PDF)…");
    harness.get_by_label("Teacher's edition (DOCX)…");
    harness.key_press(Key::Escape);
    harness.run();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("teacher.html");
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::WriteHandout {
            path: path.clone(),
            format: crosswalk::ui::lesson::HandoutFormat::Html,
            teacher: true,
        }));
    for _ in 0..200 {
        harness.run();
        if harness.state().lessons.message.starts_with("Wrote") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let message = harness.state().lessons.message.clone();
    assert!(
        message.starts_with("Wrote the teacher's edition to "),
        "{message}"
    );
    let html = std::fs::read_to_string(&path).expect("written");
    let lesson = harness.state().lessons.lesson().cloned().expect("a lesson");
    // The same bytes as `crosswalk export --lesson` gives for the same lesson and edition, although
    // the window shows the shipped Safeguards layer (whose notes are no part of a handout).
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args([
            "export",
            "--format",
            "html",
            "--lesson",
            "texts/lessons/safeguards-and-cooperation.ron",
            "--teacher",
        ])
        .output()
        .expect("the command line runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert!(
        html.as_bytes() == cli.stdout,
        "the window's handout is the command line's"
    );
    assert!(html.contains(&lesson.stops[0].note));
}

#[test]
fn without_a_file_dialog_lessons_are_saved_opened_and_printed_through_a_typed_path() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut harness = harness();
    let reason = "The system file dialog is not available here.";
    harness.state_mut().native_dialog_unavailable = Some(reason.to_owned());
    click(&mut harness, "Lesson");
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::OpenShipped(0)));
    harness.run();
    let shipped = stops(&harness);
    assert!(!shipped.is_empty(), "a shipped lesson is open");

    // Save lesson as…: the window asks for the path and says why.
    click(&mut harness, "Save lesson as…");
    harness.get_by_label("Save the lesson as");
    harness.get_by_label(reason);
    let saved = dir.path().join("my-lesson.ron");
    gestures::type_path(&mut harness, &saved);
    assert!(saved.exists(), "{}", harness.state().lessons.message);
    assert_eq!(
        Lesson::load(&saved)
            .expect("the saved lesson loads")
            .stops
            .len(),
        shipped.len()
    );

    // Open lesson…: a path that is not a file is refused in the field; the saved one opens.
    click(&mut harness, "Close lesson");
    click(&mut harness, "Open lesson…");
    harness.get_by_label("Open a lesson");
    gestures::type_path(&mut harness, &dir.path().join("missing.ron"));
    harness.get_by_label_contains("There is no file at");
    gestures::type_path(&mut harness, &saved);
    assert_eq!(stops(&harness), shipped);

    // Print handout: the student handout as HTML, written by the export worker.
    click(&mut harness, "Print handout");
    click(&mut harness, "Student handout (HTML)…");
    harness.get_by_label("Print the student handout as HTML");
    let handout = dir.path().join("handout.html");
    gestures::type_path(&mut harness, &handout);
    for _ in 0..200 {
        harness.step();
        if !harness.state().export_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(handout.exists(), "{}", harness.state().lessons.message);
}

#[test]
fn at_the_largest_zoom_with_every_panel_open_both_texts_keep_room() {
    let mut harness = harness();
    click(&mut harness, "Lesson");
    click(&mut harness, "Show annotations");
    for _ in 0..20 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        harness.run();
    }
    assert!(
        harness.state().settings.zoom >= 2.0,
        "zoomed to the largest step"
    );
    let window_width = 1360.0 / harness.ctx.zoom_factor();
    let abouts: Vec<_> = harness.get_all_by_label("About this text").collect();
    assert_eq!(abouts.len(), 2, "both panes are drawn");
    let left = abouts[0].rect();
    let right = abouts[1].rect();
    // Each text gets at least a sixth of the window, side panels or not.
    assert!(
        right.left() - left.left() >= window_width / 6.0,
        "left pane at {left:?}, right pane at {right:?}, window {window_width}"
    );
}

/// The top of the first text's pinpoint on the slide on screen.
fn first_text_top(harness: &Harness<'_, CrosswalkApp>) -> f32 {
    let slide = slide_on_screen(harness);
    let first = slide
        .texts
        .sides
        .iter()
        .flat_map(|(_, texts)| texts.first())
        .next()
        .expect("a text");
    harness
        .query_all_by_label(&first.pinpoint)
        .map(|node| node.rect().top())
        .fold(f32::INFINITY, f32::min)
}

#[test]
fn every_stop_opens_at_its_top_after_another_was_scrolled() {
    let mut harness = harness();
    open_shipped(&mut harness, "Safeguards and international cooperation");
    harness.key_press(Key::F5);
    harness.run();
    let top = first_text_top(&harness);
    // Scroll stop 1 to its end: the teacher's note, once revealed.
    harness.key_press(Key::R);
    harness.run();
    let note = harness.state().lessons.lesson().expect("lesson").stops[0]
        .note
        .clone();
    harness.get_by_label(&note).scroll_to_me();
    harness.run();
    assert!(
        first_text_top(&harness) < top - 50.0,
        "stop 1 scrolled down"
    );
    for stop in 2..=3 {
        click(&mut harness, "Next stop");
        let count = stop_count(&harness);
        harness.get_by_label(&format!("Stop {stop} of {count}"));
        assert_eq!(
            first_text_top(&harness),
            top,
            "stop {stop} opens at its top"
        );
    }
}

#[test]
fn at_200_percent_zoom_a_slide_shows_eight_lines_of_each_treaty_text() {
    let mut harness = harness();
    open_shipped(&mut harness, "Safeguards and international cooperation");
    harness.key_press(Key::F5);
    harness.run();
    for _ in 0..5 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        harness.run();
    }
    assert_eq!(harness.state().settings.zoom, 2.0);
    let count = stop_count(&harness);
    // The buttons answer clicks in the smaller header.
    harness.get_by_label("Next stop").click();
    harness.run();
    harness.get_by_label(&format!("Stop 2 of {count}"));
    harness.get_by_label("Previous stop").click();
    harness.run();
    // Every stop that shows both treaties: the header and the question leave the room to the texts.
    for stop in 1..=count {
        harness.get_by_label(&format!("Stop {stop} of {count}"));
        let slide = slide_on_screen(&harness);
        let screen = harness.ctx.content_rect();
        for (key, texts) in slide.texts.sides.iter() {
            let lines: usize = texts.iter().map(|text| text.lines.len()).sum();
            if lines == 0 {
                continue;
            }
            let words: Vec<&str> = texts
                .iter()
                .flat_map(|text| text.lines.iter().map(|line| line.text.as_str()))
                .collect();
            let rows = drawn::rows_shown(harness.output(), screen, |text| {
                words.iter().any(|line| {
                    line.len() > 20 && text.contains(&line[..line.floor_char_boundary(20)])
                })
            });
            // A text long enough to fill eight lines of half the slide's width.
            let long_enough = words.iter().map(|w| w.len()).sum::<usize>() > 600;
            assert!(
                rows >= 8 || !long_enough,
                "stop {stop}, {key:?}: only {rows} lines of text on screen"
            );
        }
        click(&mut harness, "Next stop");
    }
}

/// How many stops the open lesson has.
fn stop_count(harness: &Harness<'_, CrosswalkApp>) -> usize {
    harness
        .state()
        .lessons
        .lesson()
        .map_or(0, |lesson| lesson.stops.len())
}

/// The slide presentation mode shows now.
fn slide_on_screen(
    harness: &Harness<'_, CrosswalkApp>,
) -> std::sync::Arc<crosswalk::ui::presentation::Slide> {
    harness
        .state()
        .presentation
        .slide()
        .cloned()
        .expect("a slide")
}

#[test]
fn presentation_inline_shows_both_terms_of_a_changed_term_as_the_readers_inline_view_does() {
    let mut harness = harness();
    // UN Art. 7 beside Budapest Art. 2: "Party" became "State Party", an equivalent term.
    open_article(
        &mut harness,
        "Chapter II – Criminalization",
        "Art. 7 Illegal access",
    );
    let link = harness
        .state()
        .pairs
        .current_link()
        .cloned()
        .expect("Art. 7 is paired");
    click(&mut harness, "Present");
    click(&mut harness, "Inline");
    harness.get_by_label_contains("One merged text");
    // Both terms are on the slide, not the UN term alone (which would read as no change).
    assert!(
        harness
            .query_all_by_label_contains("Party » State Party")
            .count()
            >= 1
    );
    // Every merged row on the slide is painted as the reader's inline view writes it, word for word,
    // and its marks lie on their glyphs.
    assert_merged_slide_marks_exact(&harness);
    let app = harness.state();
    let corpus = &app.corpus;
    let diff = corpus
        .comparisons
        .link(&corpus.library, &link, app.settings.terms);
    let reader: Vec<String> = diff
        .rows
        .iter()
        .map(|row| {
            let text_of = |side: &Option<crosswalk::diff::Sentence>| {
                side.as_ref()
                    .map_or("", |s| crosswalk::diff::text_of(&corpus.library, s))
            };
            crosswalk::ui::views::inline_view::merged_text(
                &row.diff,
                text_of(&row.base),
                text_of(&row.revision),
            )
        })
        .collect();
    let slide = app.presentation.slide().expect("a slide");
    let on_slide: Vec<String> = slide
        .texts
        .inline
        .iter()
        .map(|row| {
            row.iter()
                .map(|piece| {
                    let space = if piece.space_before { " " } else { "" };
                    format!("{space}{}", merged_piece(piece).shown())
                })
                .collect()
        })
        .collect();
    assert_eq!(
        on_slide, reader,
        "the slide reads as the reader's inline view"
    );
    assert!(
        on_slide
            .iter()
            .any(|row| row.contains("Party » State Party"))
    );
}

/// Selects all the words of the field labelled `label`, so that what is typed next replaces them.
fn focus_and_select_all(harness: &mut Harness<'_, CrosswalkApp>, label: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
}

#[test]
fn every_character_typed_in_the_lesson_editor_is_saved_with_a_click_or_a_key_in_the_same_frame() {
    use crosswalk::ui::views::lesson_panel::{NOTE_LABEL, QUESTION_LABEL};

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("seminar.ron");
    let mut harness = harness();
    click(&mut harness, "Lesson");
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::OpenShipped(0)));
    harness
        .state_mut()
        .apply(AppCommand::Lesson(LessonCommand::SaveAs(path.clone())));
    harness.run();
    let saved = || Lesson::load(&path).expect("the saved lesson loads");

    // The title: the last words come with the click on Save lesson.
    focus_and_select_all(&mut harness, "Lesson title");
    harness
        .get_by_label("Lesson title")
        .type_text("Safeguards, ");
    harness.run();
    gestures::type_and_click_in_one_frame(&mut harness, "seminar 3", "Save lesson");
    assert_eq!(saved().title, "Safeguards, seminar 3");

    // The audience: typed with Enter in the same frame, then with the click on Save lesson.
    focus_and_select_all(&mut harness, "Audience");
    gestures::type_and_press_in_one_frame(
        &mut harness,
        "Second-year law students",
        Modifiers::NONE,
        Key::Enter,
    );
    let lesson = harness.state().lessons.lesson().cloned().expect("a lesson");
    assert_eq!(lesson.audience, "Second-year law students");
    assert_eq!(lesson.title, "Safeguards, seminar 3");
    harness.get_by_label("Audience").focus();
    harness.run();
    harness.key_press(Key::End);
    gestures::type_and_click_in_one_frame(&mut harness, " (LLM)", "Save lesson");
    assert_eq!(saved().audience, "Second-year law students (LLM)");

    // The current stop's note and question: the last words come with the click on Save stop 1
    // (enabled by the first words, typed in an earlier frame).
    for (field, words) in [(NOTE_LABEL, "Ask first"), (QUESTION_LABEL, "Who decides")] {
        harness.get_by_label(field).focus();
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
        harness.get_by_label(field).type_text(" ");
        harness.run();
        gestures::type_and_click_in_one_frame(&mut harness, words, "Save stop 1");
    }
    let stop = harness.state().lessons.lesson().expect("a lesson").stops[0].clone();
    assert!(stop.note.ends_with(" Ask first"), "{}", stop.note);
    assert!(stop.question.ends_with(" Who decides"), "{}", stop.question);
}
