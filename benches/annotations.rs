//! Annotation files at scale: 10,000 annotations loaded, anchored against the texts and saved
//! (target ≤ 150 ms in release), and `crosswalk check` of a file whose 10,000 quotes are all stale
//! (target ≤ 1 s).

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::annotations::{Anchor, Annotation, AnnotationFile};
use crosswalk::model::TreatyKey;

/// 10,000 annotations quoting words from every provision with text, round-robin.
pub fn many_annotations(library: &crosswalk::Library, count: usize) -> AnnotationFile {
    let provisions: Vec<(&crosswalk::ProvisionId, &str)> = TreatyKey::ALL
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

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = annotations, check_stale
}
criterion_main!(benches);
