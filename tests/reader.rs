//! The reader, driven through egui_kittest: marks drawn exactly, the reading position kept, paragraphs
//! side by side, search everything, the keyboard, sessions, typed file paths and notes in any script.

mod drawn;
mod gestures;

use std::sync::Arc;

use crosswalk::Side;
use crosswalk::annotations::{LinkRelation, NoteDraft};
use crosswalk::model::ProvisionId;
use crosswalk::ui::views::path_prompt::PATH_FIELD_LABEL;
use crosswalk::ui::views::search_results::SEARCH_RESULTS_TITLE;
use crosswalk::ui::{AppCommand, CrosswalkApp, Mark, SEARCH_BOX_LABEL, SessionLayer, Settings};
use egui::accesskit::{Action, Role};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use drawn::{Expected, Painted, assert_stroked_exactly, glyph_spans};

fn corpus() -> Arc<crosswalk::corpus::Corpus> {
    Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"))
}

fn harness_with(app: CrosswalkApp) -> Harness<'static, CrosswalkApp> {
    harness_sized(app, [1360.0, 860.0])
}

/// A window of `size` points (at 100% zoom).
fn harness_sized(app: CrosswalkApp, size: [f32; 2]) -> Harness<'static, CrosswalkApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(24)
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Something a user does to the window, named in a test's list of steps.
type Gesture = Box<dyn Fn(&mut Harness<'_, CrosswalkApp>)>;

fn harness() -> Harness<'static, CrosswalkApp> {
    harness_with(CrosswalkApp::new(corpus(), Settings::default()))
}

fn id(text: &str) -> ProvisionId {
    ProvisionId::parse(text).expect("a provision ID")
}

fn node_of(harness: &Harness<'_, CrosswalkApp>, text: &str) -> (Side, usize) {
    harness
        .state()
        .library()
        .resolve(text)
        .expect("the provision exists")
}

fn go_to(harness: &mut Harness<'_, CrosswalkApp>, text: &str) {
    harness.state_mut().apply(AppCommand::GoTo(id(text)));
    harness.run();
}

fn selected_id(harness: &Harness<'_, CrosswalkApp>) -> Option<String> {
    let app = harness.state();
    app.selected
        .map(|(key, node)| app.library().treaty(key).node(node).id.to_string())
}

fn selected_pinpoint(harness: &Harness<'_, CrosswalkApp>) -> Option<String> {
    let app = harness.state();
    app.selected
        .map(|(key, node)| app.library().treaty(key).node(node).pinpoint.clone())
}

fn top_id(harness: &Harness<'_, CrosswalkApp>, key: Side) -> String {
    let app = harness.state();
    let node = app.pane(key).top_node.expect("a row at the top");
    app.library().treaty(key).node(node).id.to_string()
}

/// A note of the user's, saved as the Annotate dialog saves it: Annotate… opens the dialog, Save
/// stores the note in the user's layer (making it the first time).
fn note_on(app: &mut CrosswalkApp, provision: &str, quote: &str, note: &str) {
    app.apply(AppCommand::StartAnnotation {
        provision: id(provision),
        quote: quote.to_owned(),
        quote_at: None,
    });
    app.apply(AppCommand::SaveAnnotation {
        layer: app.workspace.first_editable(),
        editing: None,
        draft: NoteDraft {
            provision: id(provision),
            quote: quote.to_owned(),
            quote_at: None,
            note: note.to_owned(),
            tags: vec!["test/tag".to_owned()],
            color: None,
        },
    });
}

/// The user's own layer, made by their first note, reply, link or question.
fn my_layer(app: &CrosswalkApp) -> crosswalk::document::DocumentId {
    app.workspace
        .layers
        .iter()
        .find(|layer| layer.name() == "My annotations")
        .map(|layer| layer.id)
        .expect("the user's layer was made")
}

/// The kinds of the marks a pane holds for `provision`.
fn marks_on(harness: &Harness<'_, CrosswalkApp>, provision: &str) -> Vec<Mark> {
    let (key, node) = node_of(harness, provision);
    let pane = harness.state().pane(key);
    pane.highlights_of(node).iter().map(|h| h.mark).collect()
}

/// Asserts that every mark of kind `mark` drawn on `provision` lies exactly under (or around) its
/// glyphs on every wrapped row; returns how many rows the marks cover.
fn assert_marks_exact(harness: &Harness<'_, CrosswalkApp>, provision: &str, mark: Mark) -> usize {
    let (key, node) = node_of(harness, provision);
    let app = harness.state();
    let pane = app.pane(key);
    let (galley, marks) = pane.drawn_marks(node).expect("the row was drawn");
    let text = galley.text().to_owned();
    let provision_node = app.library().treaty(key).node(node);
    let field_start = text.len() - provision_node.text.len();
    let mut rows = 0;
    for highlight in pane.highlights_of(node).iter().filter(|h| h.mark == mark) {
        let start = text[..field_start + highlight.range.start].chars().count();
        let end = text[..field_start + highlight.range.end].chars().count();
        let expected = glyph_spans(&galley, start..end);
        let drawn: Vec<(usize, f32, f32)> = marks
            .iter()
            .filter(|placed| placed.mark == mark && expected.iter().any(|e| e.0 == placed.row))
            .filter_map(|placed| {
                let (from, to) = placed.stroke_span()?;
                Some((placed.row, from, to))
            })
            .collect();
        for (row, left, right) in &expected {
            let hit = drawn.iter().any(|(r, from, to)| {
                r == row && (from - left).abs() < 0.01 && ((to - right).abs() < 0.01 || to > right)
            });
            assert!(
                hit,
                "{provision} {mark:?}, row {row}: no stroke from {left:.2} to {right:.2}; drawn {drawn:?}"
            );
            // Where the marked glyphs are wider than the minimum, the stroke ends exactly at the last.
            if right - left > 12.0 {
                assert!(
                    drawn.iter().any(|(r, from, to)| r == row
                        && (from - left).abs() < 0.01
                        && (to - right).abs() < 0.01),
                    "{provision} {mark:?}, row {row}: stroke does not end at {right:.2}"
                );
            }
        }
        rows += expected.len();
    }
    rows
}

// 1. Marks drawn exactly.

#[test]
fn the_un_only_underline_of_art_24_4_lies_under_its_glyphs_on_every_row_with_a_note_too() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24__para_4");
    // Wholly UN-only: underlined on every row.
    let rows = assert_marks_exact(&harness, "uncc:art_24__para_4", Mark::Inserted);
    assert!(rows >= 3, "the underline covers {rows} rows");
    // A note on a phrase of it: the underline stays, and the note's dotted line lies under its words.
    note_on(
        harness.state_mut(),
        "uncc:art_24__para_4",
        "shall apply at the domestic level to the powers and procedures set forth in this chapter, both for the purpose",
        "A note over the underline.",
    );
    harness.run();
    assert!(marks_on(&harness, "uncc:art_24__para_4").contains(&Mark::Annotated));
    assert!(assert_marks_exact(&harness, "uncc:art_24__para_4", Mark::Inserted) >= 3);
    assert!(assert_marks_exact(&harness, "uncc:art_24__para_4", Mark::Annotated) >= 1);
    // In the dark theme and at another size, still exact.
    harness.get_by_label("Dark theme").click();
    harness.run();
    harness.get_by_label("Larger text").click();
    harness.run();
    harness.get_by_label("Larger text").click();
    harness.run();
    go_to(&mut harness, "uncc:art_24__para_4");
    assert!(assert_marks_exact(&harness, "uncc:art_24__para_4", Mark::Inserted) >= 3);
    assert!(assert_marks_exact(&harness, "uncc:art_24__para_4", Mark::Annotated) >= 1);
}

#[test]
fn evidence_is_boxed_in_the_panes_listed_as_pinpoints_and_can_be_turned_off() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_28__para_4");
    let app = harness.state();
    let link = app.pairs.current_link().expect("a pair is shown");
    assert_eq!(link.sides.revision, ["uncc:art_28__para_4"]);
    assert_eq!(link.sides.base, ["bc:art_19__para_4"]);
    assert!(!link.evidence.is_empty());
    // The quoted words are boxed, exactly around their glyphs, in both panes.
    assert!(assert_marks_exact(&harness, "uncc:art_28__para_4", Mark::Evidence) >= 1);
    assert!(assert_marks_exact(&harness, "bc:art_19__para_4", Mark::Evidence) >= 1);
    // The pair header lists each quote with a pinpoint to click.
    harness.get_by_label_contains("Evidence (boxed in the texts):");
    harness.get_by_label_contains("“any person who has knowledge about the functioning");
    harness
        .get_all_by_label("Budapest Art. 19(4)")
        .next()
        .expect("a pinpoint per quote")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_19__para_4"));
    // The switch turns the boxes off, and is remembered in the settings.
    harness.get_by_label("Evidence marks").click();
    harness.run();
    assert!(!harness.state().settings.evidence_marks);
    assert!(!marks_on(&harness, "bc:art_19__para_4").contains(&Mark::Evidence));
}

/// Checks the marks of every merged sentence the inline view painted against its glyphs: Budapest-only
/// words struck through, UN-only words underlined, each exactly on every wrapped row. Returns the most
/// rows one mark covers.
fn assert_inline_marks_exact(harness: &Harness<'_, CrosswalkApp>) -> usize {
    use crosswalk::diff::Change;
    let app = harness.state();
    let corpus = &app.corpus;
    let link = app.pairs.current_link().expect("a pair is shown");
    let diff = corpus
        .comparisons
        .link(&corpus.library, link, app.settings.terms);
    let painted = Painted::of(harness.output());
    // The inline view is the panel below the panes: its sentences are painted under its caption.
    let (caption, _) = painted
        .text(|_, text| text.starts_with("Inline comparison:"))
        .expect("the inline view is open");
    let colors = app.mark_colors();
    let (mut widest, mut sentences) = (0, 0);
    for row in &diff.rows {
        let text_of = |side: &Option<crosswalk::diff::Sentence>| {
            side.as_ref()
                .map_or("", |s| crosswalk::diff::text_of(&corpus.library, s))
        };
        let (bc, uncc) = (text_of(&row.base), text_of(&row.revision));
        let merged = crosswalk::ui::views::inline_view::merged_text(&row.diff, bc, uncc);
        let Some((origin, galley)) = painted.text(|at, text| at.y > caption.y && text == merged)
        else {
            continue;
        };
        sentences += 1;
        let mut chars = 0;
        for piece in row.diff.merged(bc, uncc) {
            chars += usize::from(piece.space_before);
            let marked = chars..chars + piece.shown().chars().count();
            chars = marked.end;
            let expected = match piece.change {
                Change::Deleted => Expected::LineAboveBaseline(colors.ink),
                Change::Inserted => Expected::LineBelowBaseline(colors.ink),
                Change::Equal | Change::Equivalent => continue,
            };
            let what = format!("inline {expected:?} on “{}”", piece.text);
            widest = widest.max(assert_stroked_exactly(
                &painted, origin, &galley, marked, expected, &what,
            ));
        }
    }
    assert!(
        sentences > 0,
        "the inline view painted sentences of the pair"
    );
    widest
}

#[test]
fn the_inline_view_marks_lie_exactly_on_their_glyphs_on_every_wrapped_row_in_both_themes() {
    // A window large enough for the panes and the inline view at twice the size.
    let app = CrosswalkApp::new(corpus(), Settings::default());
    let mut harness = harness_sized(app, [1600.0, 2000.0]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    for _ in 0..5 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        harness.run();
    }
    assert_eq!(harness.state().settings.zoom, 2.0);
    // UN Art. 24(4) is wholly UN-only: in the merged text it is one underlined sentence over many rows.
    go_to(&mut harness, "uncc:art_24__para_4");
    harness.get_by_label_contains("» selected: Art. 24(4)");
    let rows = assert_inline_marks_exact(&harness);
    assert!(rows >= 3, "the underline covers {rows} rows");
    // Dark theme, larger text: the inline view follows the selection to Art. 24(4) again.
    harness.get_by_label("Dark theme").click();
    harness.run();
    harness.get_by_label("Larger text").click();
    harness.run();
    go_to(&mut harness, "uncc:art_24__para_1");
    go_to(&mut harness, "uncc:art_24__para_4");
    assert!(harness.state().settings.dark_mode);
    assert!(assert_inline_marks_exact(&harness) >= 3);
    // A sentence with both kinds of change: Budapest-only words struck through, UN-only underlined.
    go_to(&mut harness, "uncc:art_24__para_2");
    assert!(assert_inline_marks_exact(&harness) >= 1);
}

// 2. The reading position is state.

#[test]
fn the_top_provision_survives_panel_toggles_text_size_theme_resize_and_relayout() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24__para_2");
    let un = Side::Revision;
    let top = top_id(&harness, un);
    let (top_node, _) = harness.state().pane(un).top_offset().expect("a position");
    let steps: Vec<(&str, Gesture)> = vec![
        (
            "the annotations panel opens",
            Box::new(|h| h.get_by_label("Show annotations").click()),
        ),
        (
            "the annotations panel closes",
            Box::new(|h| h.get_by_label("Hide annotations").click()),
        ),
        ("the outline hides", Box::new(|h| h.key_press(Key::F9))),
        (
            "larger text",
            Box::new(|h| h.get_by_label("Larger text").click()),
        ),
        (
            "smaller text",
            Box::new(|h| h.get_by_label("Smaller text").click()),
        ),
        (
            "zoom in (Ctrl+Plus)",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::Plus)),
        ),
        (
            "zoom back to 100% (Ctrl+0)",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::Num0)),
        ),
        (
            "dark theme",
            Box::new(|h| h.get_by_label("Dark theme").click()),
        ),
        (
            "a narrower window",
            Box::new(|h| {
                h.set_size(egui::vec2(1000.0, 700.0));
            }),
        ),
        (
            "a wider window",
            Box::new(|h| {
                h.set_size(egui::vec2(1500.0, 900.0));
            }),
        ),
        (
            "relayout (new highlights from a search)",
            Box::new(|h| {
                h.state_mut()
                    .apply(AppCommand::SetQuery("State Party".to_owned()))
            }),
        ),
        (
            "the inline view opens",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::I)),
        ),
    ];
    for (what, step) in steps {
        step(&mut harness);
        harness.run();
        assert_eq!(top_id(&harness, un), top, "after {what}");
        let (node, _) = harness.state().pane(un).top_offset().expect("a position");
        assert_eq!(node, top_node, "after {what}");
    }
}

// 3. Paragraphs side by side.

#[test]
fn selecting_a_paragraph_brings_its_linked_paragraph_level_with_it() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_28__para_4");
    let (un, un_node) = node_of(&harness, "uncc:art_28__para_4");
    let (bc, bc_node) = node_of(&harness, "bc:art_19__para_4");
    let app = harness.state();
    let un_at = app
        .pane(un)
        .offset_in_view(un_node)
        .expect("UN 28(4) in view");
    let bc_at = app
        .pane(bc)
        .offset_in_view(bc_node)
        .expect("BC 19(4) in view");
    assert!((un_at - bc_at).abs() < 2.0, "level: {un_at} and {bc_at}");
    go_to(&mut harness, "uncc:art_28");

    // A click on a paragraph lower in the pane: its counterpart comes level with it where it is.
    harness
        .get_by_label_contains("(b) An electronic data storage medium in which the electronic data")
        .click();
    harness.run();
    let (_, clicked) = harness.state().selected.expect("selected");
    let app = harness.state();
    let (other, target) = app.counterpart(un, clicked).expect("a counterpart");
    assert_eq!(other, bc);
    let un_at = app.pane(un).offset_in_view(clicked).expect("in view");
    let bc_at = app
        .pane(bc)
        .offset_in_view(target)
        .expect("counterpart in view");
    assert!((un_at - bc_at).abs() < 2.0, "level: {un_at} and {bc_at}");
}

/// Scrolls the pane of `key` by `points` with the mouse wheel over it.
fn wheel(harness: &mut Harness<'_, CrosswalkApp>, key: Side, points: f32) {
    let x = if key == Side::Revision { 600.0 } else { 1100.0 };
    harness.hover_at(egui::pos2(x, 600.0));
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -points),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    harness.run();
}

#[test]
fn sync_scrolling_follows_paragraph_links_never_moves_the_scrolled_pane_and_can_be_paused() {
    let mut harness = harness();
    harness.key_press(Key::F9);
    go_to(&mut harness, "bc:art_6");
    let (un, bc) = (Side::Revision, Side::Base);
    let mut followed_paragraph = false;
    for _ in 0..30 {
        let before = harness.state().pane(bc).top_offset();
        wheel(&mut harness, bc, 40.0);
        let app = harness.state();
        let after = app.pane(bc).top_offset();
        assert_ne!(before, after, "the wheel scrolls the Budapest pane");
        // The scrolled pane is not moved back: it leads; the UN pane shows the counterpart of its top.
        let (node, _) = after.expect("a position");
        if let Some((_, counterpart)) = app.counterpart(bc, node) {
            let un_top = app.pane(un).top_node.expect("a UN row");
            let treaty = app.library().treaty(un);
            let shown = un_top..treaty.subtree_end(un_top);
            let near =
                shown.contains(&counterpart) || app.pane(un).offset_in_view(counterpart).is_some();
            assert!(near, "UN shows {}", treaty.node(un_top).id);
        }
        let bc_id = top_id(&harness, bc);
        if bc_id.starts_with("bc:art_6__para_2") {
            followed_paragraph = top_id(&harness, un).starts_with("uncc:art_11__para_2");
            break;
        }
    }
    assert!(followed_paragraph, "UN 11(2) beside Budapest 6(2)");

    // F8 pauses: scrolling Budapest leaves the UN pane where it is.
    harness.key_press(Key::F8);
    harness.run();
    assert!(!harness.state().settings.sync_scroll);
    let un_before = harness.state().pane(un).top_offset();
    wheel(&mut harness, bc, 300.0);
    assert_eq!(harness.state().pane(un).top_offset(), un_before);
}

#[test]
fn the_inline_view_follows_the_selected_paragraph_and_keeps_item_labels_whole() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    go_to(&mut harness, "uncc:art_28__para_4");
    harness.get_by_label_contains("» selected: Art. 28(4) | Art. 19(4)");
    go_to(&mut harness, "uncc:art_28__para_1");
    assert!(
        harness
            .query_by_label_contains("» selected: Art. 28(4)")
            .is_none()
    );

    // UN Art. 11 and Budapest Art. 6 refer to "(a) (i) or (ii)" and "a.i or ii": labels stay whole.
    let app = harness.state();
    let corpus = corpus();
    let link = app
        .pairs
        .links
        .pairs()
        .iter()
        .copied()
        .find(|&l| app.pairs.links.entries()[l].sides.revision == ["uncc:art_11"])
        .expect("UN 11 is paired");
    let entry = &app.pairs.links.entries()[link];
    let diff = corpus.comparisons.link(&corpus.library, entry, true);
    let mut merged = String::new();
    for row in &diff.rows {
        let text_of = |side: &Option<crosswalk::diff::Sentence>| {
            side.as_ref()
                .map_or("", |s| crosswalk::diff::text_of(&corpus.library, s))
        };
        merged.push_str(&crosswalk::ui::views::inline_view::merged_text(
            &row.diff,
            text_of(&row.base),
            text_of(&row.revision),
        ));
        merged.push('\n');
    }
    assert!(
        merged.contains("(a) (i)") && merged.contains("(ii)"),
        "{merged}"
    );
    for noise in ["( a", "( i", "( ii", "a.)", " )"] {
        assert!(!merged.contains(noise), "{noise:?} in {merged}");
    }
}

// 4. Search everything.

#[test]
fn search_lists_treaty_and_note_hits_with_their_articles_and_the_window_follows() {
    let mut harness = harness();
    note_on(
        harness.state_mut(),
        "uncc:art_24__para_1",
        "",
        "Compare the pineapple test of proportionality.",
    );
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness
        .get_by_label(SEARCH_BOX_LABEL)
        .type_text("pineapple");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);
    harness.run();
    harness.get_by_label(SEARCH_BOX_LABEL);
    harness.get_by_label(SEARCH_RESULTS_TITLE);
    harness
        .get_by_label(
            "UN Art. 24(1) · Article 24 – Conditions and safeguards · note in “My annotations”",
        )
        .click();
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_24__para_1")
    );

    // Treaty hits: each with its treaty, pinpoint and article heading.
    harness
        .state_mut()
        .apply(AppCommand::SetQuery("confiscated proceeds".to_owned()));
    harness.run();
    let place = harness
        .get_all_by_label_contains("· Article")
        .next()
        .expect("a result with its article")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(
        place.starts_with("UN Art. ") || place.starts_with("Budapest Art. "),
        "{place}"
    );
    if let Some(n) = harness.get_all_by_label_contains("· Article").next() {
        n.click()
    }
    harness.run();
    let (key, node) = harness.state().selected.expect("the hit is selected");
    let treaty = harness.state().library().treaty(key);
    let article = treaty.context_title(node);
    // The pane's sticky header names the article in view, and the outline shows it selected.
    harness.get_by_label(&format!("In view: {article}"));
    let article_ix = treaty.article_of(node).expect("in an article");
    let entry = treaty.node(article_ix);
    let label = format!(
        "Art. {} {}",
        entry.num.as_deref().unwrap_or(""),
        entry.heading.as_deref().unwrap_or("")
    );
    let outline_entry = harness.get_by_label(&label);
    assert_eq!(
        outline_entry.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "the outline marks the article"
    );
    let rect = outline_entry.rect();
    assert!(rect.top() > 0.0 && rect.bottom() < 860.0, "{rect:?}");
}

// 5. Keyboard complete, screen-reader friendly.

/// Every node a user can act on (click or focus) has a role and a name.
fn assert_named(harness: &Harness<'_, CrosswalkApp>, context: &str) -> usize {
    let mut count = 0;
    for node in harness.root().children_recursive() {
        let access = node.accesskit_node();
        let data = access.data();
        let interactive =
            data.supports_action(Action::Click) || data.supports_action(Action::Focus);
        if !interactive || access.is_hidden() {
            continue;
        }
        count += 1;
        let name = access
            .label()
            .or_else(|| access.value())
            .unwrap_or_default();
        assert!(
            access.role() != Role::Unknown && access.role() != Role::GenericContainer,
            "{context}: {:?} {name:?} at {:?} has no role (parent {:?})",
            access.role(),
            node.rect(),
            node.parent().map(|p| p.accesskit_node().label())
        );
        assert!(
            !name.trim().is_empty(),
            "{context}: a {:?} at {:?} has no name (parent {:?})",
            access.role(),
            node.rect(),
            node.parent().map(|p| p.accesskit_node().label())
        );
    }
    count
}

#[test]
fn every_interactive_node_has_a_role_and_a_name() {
    let mut harness = harness();
    assert!(assert_named(&harness, "main window") > 20);
    go_to(&mut harness, "uncc:art_28__para_4");
    harness.get_by_label("Show annotations").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Export comparison");
    assert_named(&harness, "with the panel and windows open");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    harness.get_by_label("Annotate Art. 28(4)");
    assert_named(&harness, "with the Annotate dialog");
}

#[test]
fn tab_stops_are_all_visible_and_named() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24");
    let size = egui::vec2(1360.0, 860.0);
    let mut seen = Vec::new();
    for _ in 0..160 {
        harness.key_press(Key::Tab);
        harness.run();
        let Some(focused) = harness.query_by(|node| node.is_focused()) else {
            continue;
        };
        let access = focused.accesskit_node();
        let name = access
            .label()
            .or_else(|| access.value())
            .unwrap_or_default();
        let rect = focused.rect();
        assert!(
            !name.trim().is_empty(),
            "a focused {:?} has no name",
            access.role()
        );
        assert!(
            rect.width() > 0.0
                && rect.height() > 0.0
                && rect.min.x >= -1.0
                && rect.min.y >= -1.0
                && rect.max.x <= size.x + 1.0
                && rect.max.y <= size.y + 1.0,
            "{name:?} is focused out of sight at {rect:?}"
        );
        if seen.contains(&access.id()) {
            break;
        }
        seen.push(access.id());
    }
    assert!(seen.len() > 20, "{} tab stops", seen.len());
}

/// The window with the annotations panel open and every shipped layer visible.
fn harness_with_every_layer_shown() -> Harness<'static, CrosswalkApp> {
    let settings = Settings {
        show_annotations: true,
        ..Settings::default()
    };
    let mut harness = harness_with(CrosswalkApp::new(corpus(), settings));
    let layers: Vec<_> = harness
        .state()
        .workspace
        .layers
        .iter()
        .map(|layer| layer.id)
        .collect();
    for layer in layers {
        harness.state_mut().apply(AppCommand::SetLayerVisible {
            layer,
            visible: true,
        });
    }
    harness.run();
    harness
}

/// The ID AccessKit gives a node, as text.
type FocusedId = String;

/// The role, name and value of the focused node, if any.
fn focused_node(harness: &Harness<'_, CrosswalkApp>) -> Option<(FocusedId, Role, String, String)> {
    let focused = harness.query_by(|node| node.is_focused())?;
    let access = focused.accesskit_node();
    Some((
        format!("{:?}", access.id()),
        access.role(),
        access.label().unwrap_or_default(),
        access.value().unwrap_or_default(),
    ))
}

#[test]
fn a_tab_cycle_with_the_shipped_layers_and_the_panel_open_is_under_60_stops() {
    let mut harness = harness_with_every_layer_shown();
    go_to(&mut harness, "uncc:art_24__para_1");
    let mut cycle: Vec<(FocusedId, Role, String)> = Vec::new();
    for _ in 0..300 {
        harness.key_press(Key::Tab);
        harness.run();
        let Some((id, role, label, _)) = focused_node(&harness) else {
            continue;
        };
        if cycle.iter().any(|(seen, ..)| *seen == id) {
            break;
        }
        cycle.push((id, role, label));
    }
    let names: Vec<String> = cycle
        .iter()
        .map(|(_, role, label)| format!("{role:?} {label}"))
        .collect();
    assert!(cycle.len() < 60, "{} stops: {names:#?}", cycle.len());
    for (role, label) in [
        (Role::ListBox, "Outline"),
        (Role::ListBox, "Notes and links"),
        (Role::ListBox, "Layers"),
        (Role::ListBox, "Evidence"),
        (Role::TextInput, SEARCH_BOX_LABEL),
        (Role::Button, "Go to…"),
        (Role::Button, "Export…"),
        (Role::Button, "Hide annotations"),
        (Role::Button, "Annotate…"),
    ] {
        assert!(
            cycle.iter().any(|(_, r, l)| *r == role && l == label),
            "{role:?} {label:?} is not in the cycle: {names:#?}"
        );
    }
    // Both panes: the selected provision of each is a stop.
    let panes = cycle
        .iter()
        .filter(|(_, role, _)| *role == Role::Paragraph)
        .count();
    assert_eq!(panes, 2, "{names:#?}");
    // A note's buttons are reached from the current note only: those of one note at most.
    let replies = cycle
        .iter()
        .filter(|(_, _, l)| l.starts_with("Reply to "))
        .count();
    assert!(replies <= 1, "{names:#?}");
}

/// Asserts that the focused widget is framed (a box around it, at least 3:1 against the fill of the
/// panel or window it is in), lies on screen and, in a panel, under no window. Returns its name.
fn assert_focus_framed_and_in_sight(
    harness: &Harness<'_, CrosswalkApp>,
    screen: egui::Rect,
) -> String {
    let focused = harness
        .query_by(|node| node.is_focused())
        .expect("something has the focus");
    let access = focused.accesskit_node();
    let name = format!(
        "{:?} {:?}",
        access.role(),
        access.label().unwrap_or_default()
    );
    let rect = focused.rect();
    assert!(
        screen.expand(1.0).contains_rect(rect),
        "{name} at {rect:?} is off screen"
    );
    // The root of the tree is the whole window (role Window too); floating windows are below it.
    let is_floating = |node: &egui_kittest::Node<'_>| {
        node.accesskit_node().role() == Role::Window && node.parent().is_some()
    };
    let in_window = std::iter::successors(focused.parent(), |node| node.parent())
        .any(|node| is_floating(&node));
    let visuals = harness.ctx.global_style().visuals.clone();
    let fill = if in_window {
        visuals.window_fill
    } else {
        visuals.panel_fill
    };
    if !in_window {
        for window in harness.query_all_by_role(Role::Window).filter(is_floating) {
            assert!(
                !window.rect().intersects(rect),
                "{name} at {rect:?} is under the window {:?} at {:?}",
                window.accesskit_node().label(),
                window.rect()
            );
        }
    }
    let painted = Painted::of(harness.output());
    let framed = painted.strokes.iter().any(|stroke| match *stroke {
        drawn::Stroke::Box { rect: frame, color } => {
            frame.contains_rect(rect.shrink(1.0))
                && rect.expand(10.0).contains_rect(frame)
                && crosswalk::ui::contrast_ratio(color, fill) >= 3.0
        }
        drawn::Stroke::Line { .. } => false,
    });
    assert!(
        framed,
        "{name} at {rect:?} has no focus frame of 3:1 contrast"
    );
    name
}

#[test]
fn the_focus_is_always_framed_in_both_themes_never_under_a_window_and_scrolled_into_view() {
    for dark_mode in [false, true] {
        let settings = Settings {
            show_annotations: true,
            dark_mode,
            ..Settings::default()
        };
        let mut harness = harness_with(CrosswalkApp::new(corpus(), settings));
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1360.0, 860.0));
        go_to(&mut harness, "uncc:art_24__para_1");
        // A floating window over the outline and the left pane.
        harness
            .state_mut()
            .apply(AppCommand::SetQuery("safeguards".to_owned()));
        harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);
        harness.run();
        harness.get_by_label(SEARCH_RESULTS_TITLE);
        let mut seen = Vec::new();
        for _ in 0..150 {
            harness.key_press(Key::Tab);
            harness.run();
            let name = assert_focus_framed_and_in_sight(&harness, screen);
            if seen.contains(&name) {
                break;
            }
            seen.push(name);
        }
        assert!(
            seen.iter().any(|name| name.contains("\"Outline\"")),
            "{seen:#?}"
        );
        // The outline's last entry, far below: scrolled into view and framed.
        harness
            .get_by_role_and_label(Role::ListBox, "Outline")
            .focus();
        harness.run();
        harness.key_press(Key::End);
        harness.run();
        assert_focus_framed_and_in_sight(&harness, screen);
        let entry = focused_node(&harness).expect("the outline has the focus").3;
        let drawn = harness
            .get_all_by_label(&entry)
            .map(|node| node.rect())
            .find(|r| r.height() > 0.0);
        let drawn = drawn.expect("the entry is drawn");
        assert!(
            screen.contains_rect(drawn),
            "{entry} at {drawn:?} is out of view"
        );
    }
}

/// Focuses the list `list`, presses `key` in it, then Enter: the provision the entry names is shown.
fn assert_enter_shows_the_entry(harness: &mut Harness<'_, CrosswalkApp>, list: &str, key: Key) {
    harness.get_by_role_and_label(Role::ListBox, list).focus();
    harness.run();
    harness.key_press(key);
    harness.run();
    let (_, _, _, entry) = focused_node(harness).expect("the list has the focus");
    harness.key_press(Key::Enter);
    harness.run();
    let pinpoint = selected_pinpoint(harness).expect("Enter shows the entry's provision");
    assert!(
        entry.contains(&pinpoint),
        "{list}: {entry:?} is on {pinpoint}"
    );
}

#[test]
fn the_arrow_keys_move_inside_a_list_and_enter_acts_on_the_current_item() {
    let mut harness = harness_with_every_layer_shown();
    // The notes: Down moves to the next note, Enter shows its provision.
    harness
        .get_by_role_and_label(Role::ListBox, "Notes and links")
        .focus();
    harness.run();
    let (_, _, _, first) = focused_node(&harness).expect("the list has the focus");
    harness.key_press(Key::ArrowDown);
    harness.run();
    let (_, role, label, second) = focused_node(&harness).expect("the list keeps the focus");
    assert_eq!((role, label.as_str()), (Role::ListBox, "Notes and links"));
    assert_ne!(first, second, "Down moves to the next note");
    harness.key_press(Key::Enter);
    harness.run();
    let pinpoint = selected_pinpoint(&harness).expect("Enter shows the note's provision");
    assert!(second.contains(&pinpoint), "{second:?} is on {pinpoint}");
    harness.key_press(Key::End);
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(focused_node(&harness).map(|f| f.3), Some(first));
    // The outline: Down through the entries, Enter opens a chapter, then an article.
    harness
        .get_by_role_and_label(Role::ListBox, "Outline")
        .focus();
    harness.run();
    for key in [Key::Home, Key::ArrowDown, Key::ArrowDown] {
        harness.key_press(key);
        harness.run();
    }
    assert_eq!(
        focused_node(&harness).map(|f| f.3).as_deref(),
        Some("Chapter I – General provisions")
    );
    harness.key_press(Key::Enter);
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert!(
        focused_node(&harness).is_some_and(|f| f.3.starts_with("Art. 1 ")),
        "{:?}",
        focused_node(&harness)
    );
    harness.key_press(Key::Space);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:art_1"));
    // A pair's evidence, and the search results: Enter shows the entry's provision.
    go_to(&mut harness, "uncc:art_24__para_1");
    assert_enter_shows_the_entry(&mut harness, "Evidence", Key::End);
    harness
        .state_mut()
        .apply(AppCommand::SetQuery("proportionality".to_owned()));
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);
    harness.run();
    assert_enter_shows_the_entry(&mut harness, "Results", Key::ArrowDown);
    harness.key_press(Key::Escape);
    harness.run();
    // The layers: Space hides the current layer.
    harness
        .get_by_role_and_label(Role::ListBox, "Layers")
        .focus();
    harness.run();
    harness.key_press(Key::Home);
    harness.key_press(Key::Space);
    harness.run();
    assert!(!harness.state().workspace.layers[0].visible);
}

/// Whether `node` is `ancestor` or lies inside it.
fn is_within(node: &egui_kittest::Node<'_>, ancestor: &str) -> bool {
    let mut at = Some(*node);
    while let Some(current) = at {
        if current.accesskit_node().label().as_deref() == Some(ancestor)
            && current.accesskit_node().role() == Role::Window
        {
            return true;
        }
        at = current.parent();
    }
    false
}

/// Presses Tab and Shift+Tab `presses` times each in the dialog `title`: every focused node is in it.
fn assert_tab_stays_in(harness: &mut Harness<'_, CrosswalkApp>, title: &str, presses: usize) {
    let mut stops = Vec::new();
    for press in 0..presses * 2 {
        if press < presses {
            harness.key_press(Key::Tab);
        } else {
            harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
        }
        harness.run();
        let focused = harness
            .query_by(|node| node.is_focused())
            .unwrap_or_else(|| panic!("Tab {press} in {title:?} left nothing focused"));
        let label = focused.accesskit_node().label().unwrap_or_default();
        assert!(
            is_within(&focused, title),
            "Tab {press} in {title:?} reached {:?} {label:?} behind it",
            focused.accesskit_node().role()
        );
        stops.push(label);
    }
    stops.sort();
    stops.dedup();
    assert!(stops.len() >= 2, "Tab moves inside {title:?}: {stops:?}");
}

#[test]
fn tab_stays_inside_each_dialog_and_escape_returns_the_focus_where_it_was() {
    let mut harness = harness();
    harness.state_mut().native_dialog_unavailable =
        Some("The system file dialog is not available here.".to_owned());
    go_to(&mut harness, "uncc:art_24__para_1");
    let dialogs: Vec<(&str, &str, Gesture)> = vec![
        (
            "Export…",
            "Export comparison",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::E)),
        ),
        (
            "Go to…",
            "Go to",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::G)),
        ),
        (
            "Annotate…",
            "Annotate Art. 24(1)",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::M)),
        ),
    ];
    for (before, title, open) in dialogs {
        harness.get_by_label(before).focus();
        harness.run();
        open(&mut harness);
        harness.run();
        assert_tab_stays_in(&mut harness, title, 30);
        harness.key_press(Key::Escape);
        harness.run();
        assert!(
            harness.query_by_label(title).is_none(),
            "Escape closes {title}"
        );
        let focused = harness.query_by(|node| node.is_focused());
        assert_eq!(
            focused
                .and_then(|node| node.accesskit_node().label())
                .as_deref(),
            Some(before),
            "the focus is back where it was before {title}"
        );
    }
    // Edit link, for a link of the user's.
    harness.state_mut().apply(AppCommand::CreateLink {
        layer: None,
        draft: crosswalk::annotations::LinkDraft {
            ends: vec![id("uncc:art_24__para_1"), id("bc:art_15__para_1")],
            relation: LinkRelation::Corresponds,
            note: "Both require proportionality.".to_owned(),
            tags: Vec::new(),
        },
    });
    let (layer, link_id) = harness
        .state()
        .workspace
        .layers
        .iter()
        .find_map(|layer| Some((layer.id, layer.file.links.first()?.id.clone())))
        .expect("the link is made in the user's layer");
    harness.get_by_label("Export…").focus();
    harness.run();
    harness
        .state_mut()
        .apply(AppCommand::EditLink { layer, id: link_id });
    harness.run();
    assert_tab_stays_in(&mut harness, "Edit link", 20);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Edit link").is_none());
    assert_eq!(
        focused_node(&harness).map(|f| f.2).as_deref(),
        Some("Export…")
    );
    // A path asked for over the Export window: Tab stays in the path prompt, the window on top.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Choose file and export…").click();
    harness.run();
    assert_tab_stays_in(&mut harness, "Export to a file", 12);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Export to a file").is_none());
    assert_tab_stays_in(&mut harness, "Export comparison", 12);
}

#[test]
fn escape_drops_a_layer_rename_and_gives_the_keyboard_back_to_the_layers() {
    let settings = Settings {
        show_annotations: true,
        ..Settings::default()
    };
    let mut harness = harness_with(CrosswalkApp::new(corpus(), settings));
    harness.state_mut().apply(AppCommand::NewLayer);
    harness.run();
    let names: Vec<String> = harness
        .state()
        .workspace
        .layers
        .iter()
        .map(|layer| layer.name().to_owned())
        .collect();
    let rename = harness
        .get_all_by_role(Role::Button)
        .find(|node| {
            let label = node.accesskit_node().label().unwrap_or_default();
            label.starts_with("Rename ") && label.ends_with('…')
        })
        .expect("an editable layer can be renamed");
    rename.click();
    harness.run();
    let field = harness.get_by_label("New name of the layer");
    field.focus();
    field.type_text(" renamed");
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("New name of the layer").is_none());
    let after: Vec<String> = harness
        .state()
        .workspace
        .layers
        .iter()
        .map(|layer| layer.name().to_owned())
        .collect();
    assert_eq!(after, names, "nothing renamed");
    let focused = focused_node(&harness).expect("the layers have the keyboard");
    assert_eq!((focused.1, focused.2.as_str()), (Role::ListBox, "Layers"));
}

#[test]
fn escape_closes_every_window_and_dialog() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24__para_1");
    let opens: Vec<(&str, Gesture)> = vec![
        (
            "Export comparison",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::E)),
        ),
        (
            "Safeguards matrix",
            Box::new(|h| h.state_mut().apply(AppCommand::ToggleMatrix)),
        ),
        ("Keyboard shortcuts", Box::new(|h| h.key_press(Key::F1))),
        (
            SEARCH_RESULTS_TITLE,
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F)),
        ),
        (
            "Annotate Art. 24(1)",
            Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::M)),
        ),
        (
            "About: UN Convention against Cybercrime",
            Box::new(|h| {
                h.state_mut().apply(AppCommand::OpenAbout(Side::Revision));
            }),
        ),
    ];
    for (title, open) in opens {
        let before = harness.query_all_by_label(title).count();
        open(&mut harness);
        harness.run();
        assert_eq!(
            harness.query_all_by_label(title).count(),
            before + 1,
            "{title} opened"
        );
        harness.key_press(Key::Escape);
        harness.run();
        assert_eq!(
            harness.query_all_by_label(title).count(),
            before,
            "Escape closes {title}"
        );
    }
    // In a text field of a dialog too.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    harness.get_by_label("Note").focus();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Annotate Art. 24(1)").is_none());
    // A link being made stops.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    harness.get_by_label_contains("Linking from Art. 24(1)");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label_contains("Linking from").is_none());
}

#[test]
fn tabbing_out_of_the_link_note_makes_no_link_and_enter_makes_it() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24__para_1");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    go_to(&mut harness, "uncc:art_28");
    let note = harness.get_by_label("Link note");
    note.focus();
    note.type_text("Proportionality governs the search.");
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .layers
            .iter()
            .all(|l| l.read_only || l.file.links.is_empty()),
        "no link yet"
    );
    // Create link and Cancel link are still there to be reached.
    harness.get_by_label("Create link");
    harness.get_by_label("Cancel link");
    // Arrows change a focused drop-down.
    harness
        .get_by_role_and_label(Role::ComboBox, "Relation")
        .focus();
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.get_by_label("UN Art. 24(1) is a safeguard for UN Art. 28");
    // Enter in the note field makes the link.
    harness.get_by_label("Link note").focus();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let links = &harness
        .state()
        .workspace
        .layer(my_layer(harness.state()))
        .expect("the user's layer")
        .file
        .links;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].relation, LinkRelation::SafeguardFor);
    assert_eq!(links[0].note, "Proportionality governs the search.");
}

#[test]
fn shift_arrows_select_words_in_the_selected_provision() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24__para_1");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    harness.get_by_label("Words: “Each State”");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    harness.get_by_label("Words: “Each State”");
}

#[test]
fn words_in_the_middle_of_a_provision_are_selected_by_keyboard_alone_and_annotated_exactly() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24__para_1");
    // Ctrl+Right: the caret to the end of "Each State Party shall ensure that the"; Left and Right
    // move it by a character (into "the" and back); Shift+Right selects four words from it.
    for _ in 0..7 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    }
    harness.key_press(Key::ArrowLeft);
    harness.key_press(Key::ArrowLeft);
    harness.key_press(Key::ArrowRight);
    harness.key_press(Key::ArrowRight);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowLeft);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    harness.run();
    let words = "establishment, implementation and application";
    harness.get_by_label(&format!("Words: “{words}”"));
    // The same selection a drag makes: a byte range of the provision's text.
    let (key, node) = node_of(&harness, "uncc:art_24__para_1");
    let text = harness
        .state()
        .library()
        .treaty(key)
        .node(node)
        .text
        .clone();
    let at = text.find(words).expect("the words are in the text");
    let selected = {
        let app = harness.state();
        app.pane(key)
            .selected_words(app.library().treaty(key), node)
    };
    assert_eq!(selected, Some(at..at + words.len()));
    // Annotate them: the note's quote is exactly those words, at their place.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    harness.get_by_label("Annotate Art. 24(1)");
    let note = "The three stages the safeguards cover.";
    harness.get_by_label("Note").type_text(note);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    let saved = harness
        .state()
        .workspace
        .layers
        .iter()
        .flat_map(|layer| &layer.file.annotations)
        .find(|annotation| annotation.note == note)
        .expect("the note is saved")
        .anchor
        .clone();
    assert_eq!(saved.quote, words);
    assert_eq!(saved.provision.as_str(), "uncc:art_24__para_1");
    let start_chars = text[..at].chars().count();
    assert_eq!(
        (saved.start, saved.end),
        (start_chars, start_chars + words.chars().count())
    );
}

#[test]
fn the_safeguards_matrix_cells_are_reached_read_and_followed_by_keyboard() {
    let mut harness = harness();
    harness.state_mut().apply(AppCommand::ToggleMatrix);
    harness.run();
    let mut reached = None;
    for _ in 0..150 {
        harness.key_press(Key::Tab);
        harness.run();
        if let Some((_, Role::Cell, label, _)) = focused_node(&harness) {
            reached = Some(label);
            break;
        }
    }
    let first = reached.expect("Tab reaches the matrix's cells");
    let measure = first
        .split(", Measure: ")
        .next()
        .expect("a cell names its row and column")
        .to_owned();
    assert_eq!(first, format!("{measure}, Measure: {measure}"));
    // Right: the same row, the UN column, with what the cell holds.
    harness.key_press(Key::ArrowRight);
    harness.run();
    let (_, role, un, _) = focused_node(&harness).expect("a cell keeps the focus");
    assert_eq!(role, Role::Cell);
    assert!(
        un.starts_with(&format!("{measure}, UN Convention: ")),
        "{un}"
    );
    assert!(un.contains("safeguard"), "{un}");
    // Down through the Budapest column to a row with a safeguard; Enter shows it.
    harness.key_press(Key::ArrowRight);
    harness.run();
    let mut label = String::new();
    for _ in 0..40 {
        label = focused_node(&harness).expect("a cell keeps the focus").2;
        if label.contains("safeguards: ") {
            break;
        }
        harness.key_press(Key::ArrowDown);
        harness.run();
    }
    assert!(label.contains(", Budapest Convention: "), "{label}");
    let first_safeguard = label
        .split("safeguards: ")
        .nth(1)
        .and_then(|list| list.split(',').next())
        .expect("the cell lists its safeguards")
        .trim()
        .to_owned();
    harness.key_press(Key::Enter);
    harness.run();
    let selected = selected_id(&harness).expect("Enter shows the cell's first safeguard");
    assert!(selected.starts_with("bc:"), "{selected}");
    let pinpoint = selected_pinpoint(&harness).expect("a provision is selected");
    assert!(
        first_safeguard.ends_with(&pinpoint) || pinpoint.starts_with(&first_safeguard),
        "{first_safeguard} / {pinpoint}"
    );
}

// 6. Sessions.

#[test]
fn layers_open_at_quit_reopen_at_start_and_their_names_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for file in ["mine.ron", "teacher.ron"] {
        let path = dir.path().join(file);
        crosswalk::annotations::Layer::new("My annotations")
            .file
            .save(&path)
            .unwrap();
        paths.push(path);
    }
    let mut first = harness();
    // The user's own layer, made by a first note and not yet saved, is called "My annotations" too.
    note_on(
        first.state_mut(),
        "uncc:art_24__para_1",
        "",
        "Not saved yet.",
    );
    first.state_mut().apply(AppCommand::OpenFile {
        path: paths[0].clone(),
        read_only: false,
    });
    first.state_mut().apply(AppCommand::OpenFile {
        path: paths[1].clone(),
        read_only: true,
    });
    let teacher = first
        .state()
        .workspace
        .layers
        .last()
        .expect("the teacher's layer")
        .id;
    first.state_mut().apply(AppCommand::SetLayerVisible {
        layer: teacher,
        visible: false,
    });
    first.state_mut().settings.show_annotations = true;
    first.run();
    // Three layers are called "My annotations": the files tell two of them apart.
    first.get_by_label_contains("My annotations (mine.ron) (0 notes");
    first.get_by_label_contains("My annotations (teacher.ron) (0 notes · 0 links) read-only");
    first.get_by_label_contains("My annotations (1 note");
    first.state_mut().remember_session();
    let settings = first.state().settings.clone();
    assert_eq!(
        settings.open_layers,
        [
            SessionLayer {
                path: paths[0].clone(),
                read_only: false,
                visible: true
            },
            SessionLayer {
                path: paths[1].clone(),
                read_only: true,
                visible: false
            },
        ]
    );
    // The settings go through RON as eframe stores them, and the next start reopens both.
    let stored: Settings = ron::from_str(&ron::to_string(&settings).unwrap()).unwrap();
    let second = harness_with(CrosswalkApp::new(corpus(), stored));
    let layers = &second.state().workspace.layers;
    let reopened: Vec<(Option<&std::path::Path>, bool, bool)> = layers
        .iter()
        .filter(|layer| layer.path.is_some())
        .map(|layer| (layer.path.as_deref(), layer.read_only, layer.visible))
        .collect();
    assert_eq!(
        reopened,
        [
            (Some(paths[0].as_path()), false, true),
            (Some(paths[1].as_path()), true, false)
        ]
    );
}

// 7. File dialogs never fail silently.

#[test]
fn without_a_file_dialog_save_as_and_export_ask_for_a_path_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness();
    harness.state_mut().native_dialog_unavailable =
        Some("The system file dialog is not available here.".to_owned());
    note_on(
        harness.state_mut(),
        "uncc:art_24__para_1",
        "",
        "To be saved.",
    );
    harness.state_mut().settings.show_annotations = true;
    harness.run();
    harness.get_by_label("Save My annotations as…").click();
    harness.run();
    harness.get_by_label("Save “My annotations” as");
    harness.get_by_label("The system file dialog is not available here.");
    let field = harness.get_by_label(PATH_FIELD_LABEL);
    assert!(field.is_focused(), "the path field has the focus");
    let path = dir.path().join("saved.ron");
    gestures::type_path(&mut harness, &path);
    assert!(path.exists(), "saved to the typed path");
    assert_eq!(
        harness
            .state()
            .workspace
            .layer(my_layer(harness.state()))
            .expect("the user's layer")
            .path
            .as_deref(),
        Some(path.as_path())
    );

    // Export: the same field, and the file is written.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Choose file and export…").click();
    harness.run();
    harness.get_by_label("Export to a file");
    let export = dir.path().join("comparison.html");
    harness.get_by_label(PATH_FIELD_LABEL).focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label(PATH_FIELD_LABEL)
        .type_text(&export.display().to_string());
    harness.get_by_label("Export to file").click();
    for _ in 0..200 {
        harness.step();
        if !harness.state().export_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(export.exists(), "{}", harness.state().views.export.message);
}

// 8. Notes in the UN's six languages.

#[test]
fn notes_show_arabic_joined_and_name_a_script_no_font_has() {
    let arabic = "قارن بالمادة 15 من اتفاقية بودابست.";
    let mut app = CrosswalkApp::new(corpus(), Settings::default());
    note_on(&mut app, "uncc:art_24__para_1", "", arabic);
    note_on(&mut app, "uncc:art_24__para_2", "", "see 𓀀 here");
    app.settings.show_annotations = true;
    // No system fonts here: the Arabic and the hieroglyphs have no font, and the notice says so.
    let mut harness = Harness::builder()
        .with_size([1360.0, 860.0])
        .with_max_steps(24)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app);
    harness.run();
    let shown = crosswalk::ui::scripts::display_form(arabic).into_owned();
    assert_ne!(shown, arabic);
    harness.get_by_label(&shown);
    assert!(
        harness.query_by_label(arabic).is_none(),
        "never drawn unjoined"
    );
    harness.get_by_label_contains("No installed font has Egyptian_Hieroglyphs characters");
    // Search results show notes the same way.
    harness
        .state_mut()
        .apply(AppCommand::SetQuery("بودابست".to_owned()));
    harness.state_mut().apply(AppCommand::ToggleSearchResults);
    harness.run();
    let results = &harness.state().search.results;
    let snippet = &results
        .iter()
        .find(|item| item.place.contains(" · note in “"))
        .expect("the note is found")
        .snippet;
    assert!(!snippet.contains("بودابست"), "display form: {snippet}");
}

// The keyboard-only walkthrough of the README: find UN 28(4), compare it with Budapest 19(4), select
// words, annotate them, link the two paragraphs, save the layer, export the pair.

#[test]
fn keyboard_only_walkthrough_find_compare_select_annotate_link_save_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness();
    // Where no file dialog can open (as here), the path is typed in the window.
    harness.state_mut().native_dialog_unavailable =
        Some("The system file dialog is not available here.".to_owned());

    // Find: Ctrl+F, the words, Enter.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness
        .get_by_label(SEARCH_BOX_LABEL)
        .type_text("knowledge about the functioning");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_4")
    );

    // Compare: the pair header names Budapest 19(4); it is level with UN 28(4) in the other pane.
    harness.get_by_label_contains("UN Art. 28(4) | Budapest Art. 19(4)");
    let (un, un_node) = node_of(&harness, "uncc:art_28__para_4");
    let (bc, bc_node) = node_of(&harness, "bc:art_19__para_4");
    let un_at = harness
        .state()
        .pane(un)
        .offset_in_view(un_node)
        .expect("in view");
    let bc_at = harness
        .state()
        .pane(bc)
        .offset_in_view(bc_node)
        .expect("in view");
    assert!((un_at - bc_at).abs() < 2.0);

    // Select words: Escape leaves the search box, Shift+Right selects word by word.
    harness.key_press(Key::Escape);
    harness.run();
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    harness.run();
    harness.get_by_label("Words: “Each State Party”");

    // Annotate: Ctrl+M, the note, Ctrl+Enter.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    harness.get_by_label("Annotate Art. 28(4)");
    assert!(
        harness.get_by_label("Note").is_focused(),
        "the note field has the keyboard"
    );
    harness
        .get_by_label("Note")
        .type_text("Compelled assistance: compare Budapest 19(4).");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    assert!(harness.query_by_label("Annotate Art. 28(4)").is_none());
    let annotation = &harness
        .state()
        .workspace
        .layer(my_layer(harness.state()))
        .expect("the user's layer")
        .file
        .annotations[0];
    assert_eq!(annotation.anchor.quote, "Each State Party");

    // Link: Ctrl+L from UN 28(4); F3 steps through the results, most relevant first: the published
    // commentary's note on UN 28(4) came first (Enter), then the words in UN 28(4), then those in
    // Budapest 19(4); Ctrl+L makes the link.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    harness.get_by_label_contains("Linking from Art. 28(4)");
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_4")
    );
    harness.get_by_label_contains("result 2 of 3");
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_19__para_4"));
    harness.get_by_label("UN Art. 28(4) corresponds to Budapest Art. 19(4)");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    let links = &harness
        .state()
        .workspace
        .layer(my_layer(harness.state()))
        .expect("the user's layer")
        .file
        .links;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].ends[0].provision, "uncc:art_28__para_4");
    assert_eq!(links[0].ends[1].provision, "bc:art_19__para_4");

    // Save: Ctrl+S asks where (the layer has no file yet); type the path, Enter.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = dir.path().join("walkthrough.ron");
    gestures::type_path(&mut harness, &saved);
    let text = std::fs::read_to_string(&saved).expect("the layer is saved");
    assert!(text.contains("Compelled assistance") && text.contains("bc:art_19__para_4"));

    // Export: Ctrl+E, Enter, the path, Enter.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Export comparison");
    harness.key_press(Key::Enter);
    harness.run();
    let export = dir.path().join("walkthrough.html");
    let html =
        gestures::export_to_typed_path(&mut harness, &export).expect("the export is written");
    assert!(html.contains("19(4)"), "the pair is exported");
}

/// Whether `text` is words of the treaty `key` (a provision's text as the reader lays it out).
fn is_treaty_text(library: &crosswalk::model::Library, key: Side, text: &str) -> bool {
    library
        .treaty(key)
        .nodes
        .iter()
        .filter(|node| node.text.len() >= 40)
        .any(|node| text.contains(&node.text[..node.text.floor_char_boundary(40)]))
}

#[test]
fn at_200_percent_zoom_both_panes_stay_side_by_side_with_ten_lines_of_text_each() {
    let mut harness = harness();
    go_to(&mut harness, "uncc:art_24__para_1");
    for _ in 0..5 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        harness.run();
    }
    assert_eq!(harness.state().settings.zoom, 2.0);
    let screen = harness.ctx.content_rect();
    let corpus = Arc::clone(&harness.state().corpus);
    for key in Side::ALL {
        let rows = drawn::rows_shown(harness.output(), screen, |text| {
            is_treaty_text(&corpus.library, key, text)
        });
        assert!(
            rows >= 10,
            "{key:?}: only {rows} lines of treaty text on screen"
        );
    }
    // Side by side: the two panes' "About this text" buttons share a row.
    let abouts: Vec<egui::Rect> = harness
        .query_all_by_label("About this text")
        .map(|node| node.rect())
        .collect();
    assert_eq!(abouts.len(), 2);
    assert!(
        (abouts[0].top() - abouts[1].top()).abs() < 2.0,
        "{abouts:?}"
    );
    // The toolbar is still there, on a row that scrolls sideways, and its buttons work.
    harness.get_by_label("Scroll the toolbar sideways");
    harness.get_by_label("Zoom out").click_accesskit();
    harness.run();
    assert!(harness.state().settings.zoom < 2.0, "Zoom out was clicked");
}

// Links in the texts: cross-references, defined terms, "Referred to by", the go-to box and Back.

/// Tooltips without the hover delay, so a test reads them in the frame after the pointer arrives.
fn without_tooltip_delay(harness: &mut Harness<'_, CrosswalkApp>) {
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    harness.run();
}

/// Where the link of `mark` to `target` in `provision`'s rows was drawn (its first line), if it was.
fn link_on_screen(
    harness: &Harness<'_, CrosswalkApp>,
    provision: &str,
    target: &str,
    mark: Mark,
) -> egui::Rect {
    let (key, node) = node_of(harness, provision);
    let pane = harness.state().pane(key);
    pane.drawn_links()
        .iter()
        .find(|drawn| drawn.node == node && drawn.link.mark == mark && drawn.link.target == target)
        .map(|drawn| drawn.rect)
        .unwrap_or_else(|| panic!("no {mark:?} to {target} drawn in {provision}"))
}

/// Goes to `provision` and finds its link of `mark` to `target` on the screen.
fn go_to_link(
    harness: &mut Harness<'_, CrosswalkApp>,
    provision: &str,
    target: &str,
    mark: Mark,
) -> egui::Rect {
    go_to(harness, provision);
    link_on_screen(harness, provision, target, mark)
}

fn click_at(harness: &mut Harness<'_, CrosswalkApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run();
    harness.drag_at(pos);
    harness.drop_at(pos);
    harness.run();
}

#[test]
fn hovering_a_reference_shows_its_target_and_a_defined_term_its_definitions() {
    let mut harness = harness();
    without_tooltip_delay(&mut harness);
    let reference = go_to_link(
        &mut harness,
        "bc:art_16__para_4",
        "bc:art_14",
        Mark::Reference,
    );
    harness.hover_at(reference.center());
    harness.run();
    harness
        .get_by_label_contains("Budapest Art. 14: Scope of procedural provisions — 1. Each Party");
    harness.get_by_label_contains(
        "Budapest Art. 15: Conditions and safeguards — 1. Each Party shall ensure",
    );

    let term = go_to_link(
        &mut harness,
        "uncc:art_28__para_4",
        "uncc:art_2__point_b",
        Mark::DefinedTerm,
    );
    harness.hover_at(term.center());
    harness.run();
    let tooltip = harness.get_by_label_contains("“Electronic data”, defined in UN Art. 2(b):");
    // The tooltip is a label of its own (its words are its value).
    let text = tooltip.accesskit_node().value().unwrap_or_default();
    assert!(
        text.contains("shall mean any representation of facts"),
        "{text}"
    );
    assert!(
        text.contains("In the other treaty, Budapest Art. 1(b) (“computer data”):"),
        "{text}"
    );
    // Both kinds are drawn with a cue besides colour: ticks at a reference's ends, a ring after a term.
    let (key, node) = node_of(&harness, "uncc:art_28__para_4");
    let (_, marks) = harness.state().pane(key).drawn_marks(node).expect("drawn");
    assert!(
        marks.iter().any(|m| m.mark == Mark::DefinedTerm
            && matches!(m.shape, crosswalk::ui::MarkShape::Ring { .. }))
    );
}

#[test]
fn clicking_a_reference_jumps_there_and_back_returns_to_the_same_reading_position() {
    let mut harness = harness();
    go_to(&mut harness, "bc:art_19__para_5");
    // Scroll a little, so the position is not the one a jump makes.
    wheel(&mut harness, Side::Base, 37.0);
    let before = harness.state().pane(Side::Base).place().expect("a place");
    let before_uncc = harness.state().pane(Side::Revision).place();
    let reference = link_on_screen(&harness, "bc:art_19__para_5", "bc:art_14", Mark::Reference);
    click_at(&mut harness, reference.center());
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("bc:art_14"),
        "the first article named"
    );
    assert!(harness.state().history.can_go_back());
    harness.get_by_label("Back").click();
    harness.run();
    let after = harness.state().pane(Side::Base).place().expect("a place");
    assert_eq!((after.0, after.1), (before.0, before.1));
    assert!((after.2 - before.2).abs() < 0.5, "{after:?} vs {before:?}");
    assert_eq!(harness.state().pane(Side::Revision).place(), before_uncc);
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_19__para_5"));
    // Forward with Alt+Right, back again with mouse button 4.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_14"));
    let pos = reference.center();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Extra1,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_19__para_5"));
    let again = harness.state().pane(Side::Base).place().expect("a place");
    assert_eq!((again.0, again.1), (before.0, before.1));
    assert!((again.2 - before.2).abs() < 0.5);
}

#[test]
fn ctrl_g_goes_to_a_typed_pinpoint_with_completion_and_says_when_it_names_nothing() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::G);
    harness.run();
    let field = crosswalk::ui::views::go_to::GO_TO_LABEL;
    harness.get_by_label(field).type_text("un 28(");
    harness.run();
    // Completion: the paragraphs of UN Art. 28.
    harness.get_by_label("UN Art. 28(4)");
    harness.get_by_label(field).type_text("9)");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("there is no UN Art. 28(9); UN Art. 28 has (1), (2), (3), (4)");
    assert_ne!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_9")
    );
    harness.get_by_label(field).focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(field).type_text("un 28(4)");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_4")
    );
    assert!(
        !harness.state().views.go_to.open,
        "the box closes once it has gone there"
    );
    // The go-to is a jump like any other.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    harness.run();
    assert_ne!(
        selected_id(&harness).as_deref(),
        Some("uncc:art_28__para_4")
    );
}

#[test]
fn budapest_art_15_is_referred_to_by_arts_16_to_21_each_a_link() {
    let mut harness = harness();
    go_to(&mut harness, "bc:art_15");
    harness.get_by_label(
        "Referred to by: Art. 16(4), Art. 17(2), Art. 18(2), Art. 19(5), Art. 20(4), Art. 21(4)",
    );
    let entry = link_on_screen(&harness, "bc:art_15", "bc:art_19__para_5", Mark::Reference);
    click_at(&mut harness, entry.center());
    assert_eq!(selected_id(&harness).as_deref(), Some("bc:art_19__para_5"));
    // UN Art. 24(1)'s "this chapter" goes to Chapter IV.
    let chapter = go_to_link(
        &mut harness,
        "uncc:art_24__para_1",
        "uncc:chp_4",
        Mark::Reference,
    );
    click_at(&mut harness, chapter.center());
    assert_eq!(selected_id(&harness).as_deref(), Some("uncc:chp_4"));
}

#[test]
fn with_ten_layers_open_the_annotations_panel_scrolls_as_a_whole_to_its_filters_and_notes() {
    use crosswalk::annotations::Layer;
    use egui::accesskit::Role;
    let mut harness = harness();
    for n in 1..=10 {
        harness
            .state_mut()
            .workspace
            .add_layer(Layer::new(&format!("Seminar layer {n}")));
    }
    harness.state_mut().settings.show_annotations = true;
    harness.run();
    let screen = harness.ctx.content_rect();
    for (role, label) in [
        (Role::TextInput, "Filter by tag"),
        (Role::CheckBox, "Orphans only"),
    ] {
        harness.get_by_role_and_label(role, label).scroll_to_me();
        harness.run();
        let rect = harness.get_by_role_and_label(role, label).rect();
        assert!(
            screen.contains_rect(rect),
            "{label} scrolled into view: {rect:?}"
        );
    }
}
