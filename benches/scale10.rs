//! The core at ten times the size: a synthetic corpus of both treaties repeated ten times (see
//! `common`), with ten times the links and a layer of 10,000 annotations of which 1,000 are stale.
//! Targets: load ≤ 50 ms, search ≤ 20 ms, re-anchoring the 10,000 annotations once ≤ 200 ms; the diff
//! of every link has no target (it runs once per pair and is cached), it is measured to watch it.

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::annotations::{Layer, Resolution, Resolutions};
use crosswalk::compare::Comparisons;
use crosswalk::crosswalk::Crosswalk;
use crosswalk::links::LinkSet;
use crosswalk::search::SearchIndex;

fn scale10(c: &mut Criterion<Clock>) {
    let sources = common::scaled_sources();
    let metas = common::metas();
    let crosswalk_ron = ron::ser::to_string(&common::scaled_crosswalk(sources.articles))
        .expect("crosswalk serialises");
    let mut group = c.benchmark_group("scale10");

    // What start-up does with the shipped data: parse both texts and the crosswalk, build the link set.
    group.bench_function("load", |b| {
        b.iter(|| {
            let library = common::parse_scaled(&sources, &metas);
            let crosswalk = Crosswalk::parse(&crosswalk_ron, "scaled.ron").expect("parses");
            LinkSet::shipped(&crosswalk, &library)
        })
    });

    let corpus = common::scaled_corpus();
    let library = &corpus.library;
    group.bench_function("search_build_index", |b| {
        b.iter(|| SearchIndex::new(library))
    });
    let index = SearchIndex::new(library);
    group.bench_function("search_service_provider", |b| {
        b.iter(|| index.search("service provider"))
    });
    group.bench_function("search_single_letter", |b| b.iter(|| index.search("a")));

    let links = corpus.shipped_links();
    group.bench_function("diff_all_links", |b| {
        b.iter(|| {
            // A fresh service each time: its cache would otherwise answer from the first iteration.
            let comparisons = Comparisons::new(&corpus.terms);
            for link in links.entries() {
                std::hint::black_box(comparisons.both(library, &link.sides));
            }
        })
    });

    let layer = Layer {
        file: common::annotations_with_stale(library, 10_000),
        ..Layer::new("Scale")
    };
    let resolutions = Resolutions::of_layers([&layer], library);
    let fuzzy = resolutions
        .layer(layer.id)
        .iter()
        .filter(|r| matches!(r, Resolution::Fuzzy(..)))
        .count();
    let orphans = resolutions
        .layer(layer.id)
        .iter()
        .filter(|r| r.is_orphan())
        .count();
    eprintln!("10,000 annotations: {fuzzy} found fuzzily, {orphans} orphans");
    assert!(fuzzy >= 400 && fuzzy + orphans == 1_000);
    group.bench_function("resolve_10k_with_1k_stale", |b| {
        b.iter(|| Resolutions::of_layers([&layer], library))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = scale10
}
criterion_main!(benches);
