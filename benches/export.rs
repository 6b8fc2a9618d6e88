//! Exports of the full comparison (every link, with the safeguards layer's notes): build + render.
//! Targets: HTML ≤ 200 ms, DOCX ≤ 500 ms, PDF ≤ 2 s; the PDF brief of every shipped question ≤ 2 s.

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::annotations::safeguards_layer;
use crosswalk::corpus::Corpus;
use crosswalk::export::{Format, Options, Selection, build, build_selection, render};

fn exports(c: &mut Criterion<Clock>) {
    let corpus = Corpus::embedded().expect("embedded data loads");
    let safeguards = safeguards_layer().expect("safeguards layer");
    for (name, format) in [
        ("html", Format::Html),
        ("docx", Format::Docx),
        ("pdf", Format::Pdf),
        ("markdown", Format::Markdown),
        ("csv", Format::Csv),
    ] {
        c.bench_function(&format!("export/full_comparison_{name}"), |b| {
            b.iter(|| {
                let comparison = build(
                    &corpus,
                    &Selection::All,
                    &Options::default(),
                    &[&safeguards],
                );
                render(&comparison, format)
            })
        });
    }
    c.bench_function("export/brief_all_questions_pdf", |b| {
        b.iter(|| {
            let selection = Selection::Questions(Vec::new());
            let brief = build_selection(&corpus, &selection, &Options::default(), &[])
                .expect("the shipped questions");
            render(&brief, Format::Pdf)
        })
    });
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = exports
}
criterion_main!(benches);
