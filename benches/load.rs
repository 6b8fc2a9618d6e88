//! Load and search: parsing both embedded treaties (target ≤ 10 ms), finding their cross-references
//! and defined terms (target < 5 ms together), building the search index, and one query over both texts.

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::definitions::DefinedTerms;
use crosswalk::references::CrossReferences;
use crosswalk::search::SearchIndex;
use crosswalk::texts;

fn load(c: &mut Criterion<Clock>) {
    c.bench_function("load/parse_both_treaties", |b| {
        b.iter(|| texts::load_embedded().expect("texts parse"))
    });
    let library = texts::load_embedded().expect("texts parse");
    c.bench_function("load/cross_references", |b| {
        b.iter(|| CrossReferences::new(&library))
    });
    c.bench_function("load/defined_terms", |b| {
        b.iter(|| DefinedTerms::new(&library))
    });
    c.bench_function("load/cross_references_and_defined_terms", |b| {
        b.iter(|| (CrossReferences::new(&library), DefinedTerms::new(&library)))
    });
    c.bench_function("search/build_index", |b| {
        b.iter(|| SearchIndex::new(&library))
    });
    let index = SearchIndex::new(&library);
    c.bench_function("search/query_service_provider", |b| {
        b.iter(|| index.search("service provider"))
    });
    c.bench_function("search/query_single_letter", |b| {
        b.iter(|| index.search("a"))
    });
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = load
}
criterion_main!(benches);
