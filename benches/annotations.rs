//! Annotation files at scale: 10,000 annotations loaded, anchored against the texts and saved
//! (target ≤ 150 ms in release), and `crosswalk check` of a file whose 10,000 quotes are all stale
//! (target ≤ 1 s). Files on one line stay linear: `check` of a 2 MB line of 500,000 comments, and of
//! 50,000 stale quotes on one line (target ≤ 1 s each). Undo: 1,000 edits on a layer of 10,000 notes,
//! then every one undone (inverse edits; the history's memory estimate is printed).

mod common;

use common::Clock;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crosswalk::annotations::{Anchor, Annotation, AnnotationFile, Layer, Workspace};
use crosswalk::document::DocumentId;
use crosswalk::model::Side;

/// 10,000 annotations quoting words from every provision with text, round-robin.
pub fn many_annotations(library: &crosswalk::Library, count: usize) -> AnnotationFile {
    let provisions: Vec<(&crosswalk::ProvisionId, &str)> = Side::ALL
        .iter()
        .flat_map(|&key| library.treaty(key).nodes.iter())
        .filter(|node| node.text.len() > 40)
        .map(|node| (&node.id, node.text.as_str()))
        .collect();
    let annotations = (0..count)
        .map(|n| {
            let (id, text) = provisions[n % provisions.len()];
            let start = text.char_indices().nth(n % 17).map_or(0, |(b, _)| b);
            let end = text
                .char_indices()
                .nth(n % 17 + 20)
                .map_or(text.len(), |(b, _)| b);
            Annotation {
                id: format!("bench-{n:05}"),
                note: format!("Note number {n} on {id}."),
                tags: vec![format!("bench/{}", n % 10)],
                author: "Bench".into(),
                created: "2026-11-23T00:00:00Z".into(),
                updated: "2026-11-23T00:00:00Z".into(),
                ..Annotation::on(Anchor::quote(id, text, start..end))
            }
        })
        .collect();
    AnnotationFile {
        name: "Bench".into(),
        annotations,
        ..AnnotationFile::default()
    }
}

fn annotations(c: &mut Criterion<Clock>) {
    let library = crosswalk::texts::load_embedded().expect("texts parse");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("many.ron");
    many_annotations(&library, 10_000)
        .save(&path)
        .expect("saves");
    c.bench_function("annotations/load_anchor_save_10k", |b| {
        b.iter(|| {
            let mut file = AnnotationFile::load(&path).expect("loads");
            let orphans = file
                .resolve_all(&library)
                .iter()
                .filter(|r| r.is_orphan())
                .count();
            assert_eq!(orphans, 0);
            file.reanchor(&library);
            file.save(&path).expect("saves");
        })
    });
}

/// What `crosswalk check` does with a file of 10,000 quotes that are no longer in the text (the words
/// of each quote in reverse order: the same letters, so no cheap filter rules them out): read it,
/// place every item, look for every quote fuzzily and report each at its own line.
fn check_stale(c: &mut Criterion<Clock>) {
    let library = crosswalk::texts::load_embedded().expect("texts parse");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("stale.ron");
    let mut file = many_annotations(&library, 10_000);
    for annotation in &mut file.annotations {
        let reversed: Vec<&str> = annotation.anchor.quote.split(' ').rev().collect();
        annotation.anchor.quote = format!("{} newly", reversed.join(" "));
    }
    file.save(&path).expect("saves");
    c.bench_function("annotations/check_10k_stale", |b| {
        b.iter(|| {
            let loaded = AnnotationFile::read(&path).expect("reads");
            let messages = crosswalk::annotations::check(&loaded.file, &loaded.text, &library);
            assert!(messages.len() >= 9_000, "{}", messages.len());
        })
    });
}

/// `crosswalk check`'s work on a file: read it, then check it against the texts.
fn check_file(path: &std::path::Path, library: &crosswalk::Library) -> usize {
    let loaded = AnnotationFile::read(path).expect("reads");
    crosswalk::annotations::check(&loaded.file, &loaded.text, library).len()
}

/// A one-line layer followed by 500,000 empty block comments (2 MB on one line): every comment is
/// placed at its line and column, so a column count from the line's start each time was quadratic.
fn check_one_line_of_comments(c: &mut Criterion<Clock>) {
    let library = crosswalk::texts::load_embedded().expect("texts parse");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("comments.ron");
    let text = format!("(schema:1,annotations:[]){}", "/**/".repeat(500_000));
    std::fs::write(&path, text).expect("writes");
    c.bench_function("annotations/check_2mb_one_line_of_comments", |b| {
        b.iter(|| assert_eq!(check_file(&path, &library), 1))
    });
}

/// 50,000 stale quotes, the whole layer on one line: each message is placed on that line.
fn check_stale_on_one_line(c: &mut Criterion<Clock>) {
    let library = crosswalk::texts::load_embedded().expect("texts parse");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("stale-line.ron");
    let mut file = many_annotations(&library, 50_000);
    for annotation in &mut file.annotations {
        annotation.anchor.quote.push_str(" newly");
    }
    // The saved text without its header comment, its line breaks turned into spaces (RON strings
    // carry their line breaks escaped, so no value changes).
    let text = file.to_ron();
    let body = text
        .split_once('\n')
        .map_or(text.as_str(), |(_, body)| body);
    std::fs::write(&path, body.replace('\n', " ")).expect("writes");
    c.bench_function("annotations/check_50k_stale_on_one_line", |b| {
        b.iter(|| assert!(check_file(&path, &library) >= 45_000))
    });
}

/// A workspace with one editable layer of `file`.
fn workspace_of(file: &AnnotationFile) -> (Workspace, DocumentId) {
    let mut workspace = Workspace::default();
    let layer = workspace.add_layer(Layer {
        file: file.clone(),
        ..Layer::new("")
    });
    (workspace, layer)
}

/// 1,000 edits (notes changed and deleted, replies) on a layer of 10,000 notes, then all undone.
fn undo_thousand_edits(c: &mut Criterion<Clock>) {
    let library = crosswalk::texts::load_embedded().expect("texts parse");
    let file = many_annotations(&library, 10_000);
    let edit_all = |workspace: &mut Workspace, layer: DocumentId| {
        for n in 0..1_000 {
            let id = format!("bench-{:05}", n * 2);
            let done = match n % 3 {
                0 => workspace.update_annotation(layer, &id, |a| a.note = format!("Edit {n}.")),
                1 => workspace.delete_annotation(layer, &id),
                _ => workspace.reply(layer, &id, layer, "Agreed.", "Bench"),
            };
            done.expect("the edit is made");
        }
    };
    let (mut workspace, layer) = workspace_of(&file);
    edit_all(&mut workspace, layer);
    eprintln!(
        "undo history after 1,000 edits on 10,000 notes: about {} KiB",
        workspace.undo_memory_estimate() / 1024
    );
    c.bench_function("annotations/edit_and_undo_1000_on_10k_notes", |b| {
        b.iter_batched(
            || workspace_of(&file),
            |(mut workspace, layer)| {
                edit_all(&mut workspace, layer);
                while workspace.undo() {}
                assert!(workspace.layer(layer).is_some_and(|l| l.file == file));
            },
            BatchSize::LargeInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = annotations, check_stale, check_one_line_of_comments, check_stale_on_one_line,
        undo_thousand_edits
}
criterion_main!(benches);
