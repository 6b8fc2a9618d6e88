//! Annotation files at scale: 10,000 annotations loaded, anchored against the texts and saved
//! (target ≤ 150 ms in release).

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

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = annotations
}
criterion_main!(benches);
