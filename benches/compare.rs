//! Comparison work: diffing every crosswalk pair with and without terminology normalisation
//! (target ≤ 20 ms in total) and computing suggestions for every article and paragraph (≤ 200 ms).

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::compare::Comparisons;
use crosswalk::corpus::Corpus;
use crosswalk::model::{Kind, Side};
use crosswalk::suggest::SuggestionIndex;

fn compare(c: &mut Criterion<Clock>) {
    let corpus = Corpus::embedded().expect("embedded data loads");
    let links = corpus.shipped_links();
    c.bench_function("diff/all_pairs_plain_and_terms", |b| {
        b.iter(|| {
            // A fresh service each time: its cache would otherwise answer from the first iteration.
            let comparisons = Comparisons::new(&corpus.terms);
            for link in links.entries() {
                std::hint::black_box(comparisons.both(&corpus.library, &link.sides));
            }
        })
    });
    let provisions: Vec<String> = Side::ALL
        .iter()
        .flat_map(|&key| corpus.library.treaty(key).nodes.iter())
        .filter(|node| matches!(node.kind, Kind::Article | Kind::Paragraph))
        .map(|node| node.id.to_string())
        .collect();
    c.bench_function("suggest/all_articles_and_paragraphs", |b| {
        b.iter(|| {
            let index = SuggestionIndex::new(&corpus.library, corpus.comparisons.normaliser());
            for id in &provisions {
                std::hint::black_box(index.suggest(&corpus.library, id, 5));
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = compare
}
criterion_main!(benches);
