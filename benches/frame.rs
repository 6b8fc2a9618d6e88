//! Frame time of the reader with both complete treaties, through the egui_kittest harness (CPU only,
//! no GPU). Target: ≤ 4 ms per frame in release. Three cases: an idle frame, a frame while the user
//! scrolls the left pane with the wheel, and a frame that jumps to another article in each pane; then
//! the idle frame with 1,000 notes, and with ten imported instruments loaded (the treaties shown, and
//! one of the instruments shown beside the UN Convention while scrolling).

use std::sync::Arc;

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::model::{Kind, Side};
use crosswalk::ui::{CrosswalkApp, Settings};
use egui_kittest::Harness;

fn harness() -> Harness<'static, CrosswalkApp> {
    let corpus = Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"));
    harness_of(CrosswalkApp::new(corpus, Settings::default()))
}

/// The window with ten instruments loaded besides the treaties: the example bill imported as `xl0`
/// … `xl9`.
fn harness_with_ten_instruments() -> Harness<'static, CrosswalkApp> {
    let corpus = crosswalk::corpus::Corpus::embedded().expect("embedded data loads");
    let bill = std::path::Path::new("tests/data/instruments/cybercrime-bill.txt");
    let instruments = (0..10)
        .map(|n| {
            let options = crosswalk::import::ImportOptions {
                id: Some(crosswalk::instrument::InstrumentKey::parse(&format!("xl{n}")).unwrap()),
                ..Default::default()
            };
            crosswalk::import::import_file(bill, &options)
                .expect("the example bill imports")
                .instrument
        })
        .collect();
    let library = corpus
        .library
        .clone()
        .with_imported(instruments)
        .expect("ten prefixes");
    let corpus = Arc::new(corpus.with_library(library));
    harness_of(CrosswalkApp::new(corpus, Settings::default()))
}

fn harness_of(app: CrosswalkApp) -> Harness<'static, CrosswalkApp> {
    let mut harness = Harness::builder()
        .with_size([1360.0, 860.0])
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut CrosswalkApp| app.ui(ui), app);
    harness.run();
    harness
}

fn frames(c: &mut Criterion<Clock>) {
    let mut group = c.benchmark_group("frame");

    let mut idle = harness();
    group.bench_function("idle", |b| b.iter(|| idle.step()));

    let mut scrolling = Scroller::new(harness(), egui::pos2(640.0, 400.0), 400);
    group.bench_function("scroll_wheel", |b| b.iter(|| scrolling.frame()));

    let mut jumping = harness();
    let articles: Vec<(Side, usize)> = Side::ALL
        .iter()
        .flat_map(|&key| {
            let treaty = jumping.state().library().treaty(key);
            treaty
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.kind == Kind::Article)
                .map(move |(ix, _)| (key, ix))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut next = 0;
    group.bench_function("jump_to_article", |b| {
        b.iter(|| {
            let (key, ix) = articles[next % articles.len()];
            next += 1;
            jumping.state_mut().select(key, ix, true);
            jumping.step();
        })
    });
    // The same idle frame with 1,000 annotations in a visible layer, on the provisions in view.
    let mut annotated = harness();
    let file = {
        let library = annotated.state().library();
        let uncc = &library.treaties.revision;
        let mut file = crosswalk::annotations::AnnotationFile {
            name: "Bench".into(),
            ..Default::default()
        };
        let visible: Vec<_> = uncc
            .nodes
            .iter()
            .filter(|n| n.text.len() > 40)
            .take(40)
            .collect();
        for n in 0..1000 {
            let node = visible[n % visible.len()];
            let end = node
                .text
                .char_indices()
                .nth(12 + n % 20)
                .map_or(node.text.len(), |(b, _)| b);
            file.annotations.push(crosswalk::annotations::Annotation {
                id: format!("f{n}"),
                ..crosswalk::annotations::Annotation::on(crosswalk::annotations::Anchor::quote(
                    &node.id,
                    &node.text,
                    0..end,
                ))
            });
        }
        file
    };
    annotated
        .state_mut()
        .workspace
        .add_layer(crosswalk::annotations::Layer {
            file,
            ..crosswalk::annotations::Layer::new("Bench")
        });
    annotated.run();
    group.bench_function("idle_with_1000_annotations", |b| {
        b.iter(|| annotated.step())
    });
    ten_instruments(&mut group);
    group.finish();
}

/// The idle frame with ten instruments loaded, and a frame scrolling one of them beside the UN
/// Convention.
fn ten_instruments(group: &mut criterion::BenchmarkGroup<'_, Clock>) {
    let mut idle = harness_with_ten_instruments();
    group.bench_function("idle_with_10_instruments", |b| b.iter(|| idle.step()));
    let mut beside = harness_with_ten_instruments();
    beside
        .state_mut()
        .apply(crosswalk::ui::AppCommand::ChooseInstrument {
            side: Side::Base,
            instrument: crosswalk::instrument::InstrumentKey::parse("xl4").unwrap(),
        });
    beside.run();
    let mut scrolling = Scroller::new(beside, egui::pos2(1100.0, 400.0), 100);
    group.bench_function("scroll_instrument_beside_un_with_10_loaded", |b| {
        b.iter(|| scrolling.frame())
    });
}

/// A pane scrolled with the wheel, one notch a frame: down for a while, then back up, so the pane
/// keeps meeting rows not yet laid out.
struct Scroller {
    harness: Harness<'static, CrosswalkApp>,
    over_pane: egui::Pos2,
    /// Frames before the direction turns.
    turn_every: u32,
    direction: f32,
    steps: u32,
}

impl Scroller {
    fn new(
        harness: Harness<'static, CrosswalkApp>,
        over_pane: egui::Pos2,
        turn_every: u32,
    ) -> Self {
        Scroller {
            harness,
            over_pane,
            turn_every,
            direction: -1.0,
            steps: 0,
        }
    }

    fn frame(&mut self) {
        self.steps += 1;
        if self.steps % self.turn_every == 0 {
            self.direction = -self.direction;
        }
        self.harness.hover_at(self.over_pane);
        self.harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 120.0 * self.direction),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        self.harness.step();
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = frames
}
criterion_main!(benches);
