//! Import: a 300-section law (20 parts; subsections, items, roman items, closing words, definitions),
//! as plain text and as HTML, through structure detection and the parser (target < 1 s).

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::import::{self, ImportOptions};
use crosswalk::instrument::InstrumentKey;

/// How many sections the generated law has.
const SECTIONS: u32 = 300;

/// One section in the layout of many Commonwealth laws.
fn section(number: u32) -> Vec<String> {
    let mut lines = vec![
        format!("{number}. Unauthorised act number {number}"),
        format!(
            "(1) A person who intentionally and without right does act {number} in relation to a computer system commits an offence."
        ),
        "(2) A person who commits an offence under subsection (1) shall be liable on conviction—"
            .to_owned(),
        "(a) to a fine not exceeding five million shillings; or".to_owned(),
        "(b) to imprisonment for a term not exceeding three years, where—".to_owned(),
        "(i) the act caused serious harm; or".to_owned(),
        "(ii) the act was committed against critical infrastructure,".to_owned(),
        "or to both.".to_owned(),
    ];
    if number % 10 == 0 {
        lines.push(format!("(3) In this section—"));
        lines.push(format!(
            "\"act {number}\" means any conduct described in subsection (1);"
        ));
        lines.push("\"serious harm\" includes loss of life and economic loss.".to_owned());
    }
    lines
}

/// The law as plain text: title, enacting words, parts of fifteen sections.
fn law_text() -> String {
    let mut lines = vec![
        "THE LARGE CYBERCRIME ACT".to_owned(),
        "ENACTED by Parliament as follows—".to_owned(),
    ];
    for number in 1..=SECTIONS {
        if number % 15 == 1 {
            lines.push(format!(
                "PART {}—OFFENCES {}",
                number / 15 + 1,
                number / 15 + 1
            ));
        }
        lines.extend(section(number));
    }
    lines.join("\n\n") + "\n"
}

fn law_html(text: &str) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
        .collect();
    format!("<!DOCTYPE html><html><body>\n{paragraphs}</body></html>\n")
}

fn import(c: &mut Criterion<Clock>) {
    let options = ImportOptions {
        id: InstrumentKey::parse("big").ok(),
        ..ImportOptions::default()
    };
    let text = law_text();
    let imported = import::import_bytes("law.txt", text.as_bytes(), &options).expect("law imports");
    let sections = imported.instrument.articles().count();
    assert_eq!(sections, SECTIONS as usize, "every section found");
    let html = law_html(&text);
    c.bench_function("import/300_sections_text", |b| {
        b.iter(|| import::import_bytes("law.txt", text.as_bytes(), &options))
    });
    c.bench_function("import/300_sections_html", |b| {
        b.iter(|| import::import_bytes("law.html", html.as_bytes(), &options))
    });
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = import
}
criterion_main!(benches);
