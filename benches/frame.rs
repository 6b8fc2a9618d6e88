//! Frame time of the reader with both complete treaties, through the egui_kittest harness (CPU only,
//! no GPU). Target: ≤ 4 ms per frame in release. Three cases: an idle frame, a frame while the user
//! scrolls the left pane with the wheel, and a frame that jumps to another article in each pane.

use std::sync::Arc;

mod common;

use common::Clock;
use criterion::{Criterion, criterion_group, criterion_main};
use crosswalk::model::{Kind, Side};
use crosswalk::ui::{CrosswalkApp, Settings};
use egui_kittest::Harness;

fn harness() -> Harness<'static, CrosswalkApp> {
    let corpus = Arc::new(crosswalk::corpus::Corpus::embedded().expect("embedded data loads"));
    let app = CrosswalkApp::new(corpus, Settings::default());
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

    let mut scrolling = harness();
    let over_left_pane = egui::pos2(640.0, 400.0);
    let mut direction = -1.0;
    let mut steps = 0;
    group.bench_function("scroll_wheel", |b| {
        b.iter(|| {
            // Scroll down for a while, then back up, so the pane keeps meeting rows not yet laid out.
            steps += 1;
            if steps % 400 == 0 {
                direction = -direction;
            }
            scrolling.hover_at(over_left_pane);
            scrolling.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, 120.0 * direction),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            });
            scrolling.step();
        })
    });

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
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = frames
}
criterion_main!(benches);
