//! The pair bar: pair view switches, the pair on screen with its relation and similarity, and
//! suggested counterparts for a provision without one.

use egui::Ui;

use crate::annotations::{LinkDraft, LinkRelation};
use crate::corpus::Corpus;
use crate::diff::Change;
use crate::document::DocumentId;
use crate::links::{LinkEntry, LinkOrigin, cited_pinpoints};
use crate::model::{NodeIx, Side};
use crate::ui::command::{AppCommand, Toggle};
use crate::ui::pairs::{PairState, change_description};
use crate::ui::scripts::display_form;
use crate::ui::settings::Settings;
use crate::ui::shortcuts::{Action, hover};

use super::abbreviate;
use super::focus::{KeyList, out_of_tab_order};

/// What the pair bar shows.
pub struct PairBarInput<'a> {
    pub settings: &'a Settings,
    pub corpus: &'a Corpus,
    pub pairs: &'a PairState,
    pub selected: Option<(Side, NodeIx)>,
    /// Where a link made from a suggestion goes (`None`: the user's own layer, made for it).
    pub default_layer: Option<DocumentId>,
}

pub fn pair_bar_ui(ui: &mut Ui, input: &PairBarInput<'_>, out: &mut Vec<AppCommand>) {
    let settings = input.settings;
    if super::is_compact(ui.ctx()) {
        super::sideways_row_ui(
            ui,
            "pair_switches_scroll",
            "the pair view's switches",
            |ui| switches_ui(ui, input, out),
        );
    } else {
        ui.horizontal(|ui| switches_ui(ui, input, out));
    }
    if !settings.pair_view {
        return;
    }
    let details = |ui: &mut Ui, out: &mut Vec<AppCommand>| {
        match input.pairs.current {
            Some(index) => current_pair_ui(ui, input, index, out),
            None => no_pair_ui(ui, input),
        }
        suggestions_ui(ui, input, out);
    };
    if !super::is_compact(ui.ctx()) {
        details(ui, out);
        return;
    }
    // In a small or zoomed window the pair's statement, rationale and evidence scroll within two
    // lines, so that the texts keep the room they need.
    let output = egui::ScrollArea::vertical()
        .id_salt("pair_bar_scroll")
        .max_height(36.0)
        .show(ui, |ui| {
            details(ui, out);
            super::keep_focus_in_view(ui);
        });
    super::name_scroll_bars(ui.ctx(), output.id, "the pair's rationale and evidence");
}

fn switches_ui(ui: &mut Ui, input: &PairBarInput<'_>, out: &mut Vec<AppCommand>) {
    let settings = input.settings;
    let text = hover(
        ui,
        "Show counterparts and differences",
        Action::TogglePairView,
    );
    toggle_ui(
        ui,
        settings.pair_view,
        "Pair view",
        text,
        Toggle::PairView,
        out,
    );
    if !settings.pair_view {
        ui.label("Turn on to see each provision's counterpart and the word-level differences.");
        return;
    }
    if ui
        .button("Previous pair")
        .on_hover_text(hover(ui, "Previous pair", Action::PreviousPair))
        .clicked()
    {
        out.push(AppCommand::StepPair { forward: false });
    }
    if ui
        .button("Next pair")
        .on_hover_text(hover(ui, "Next pair", Action::NextPair))
        .clicked()
    {
        out.push(AppCommand::StepPair { forward: true });
    }
    if let Some((at, total)) = input.pairs.position() {
        ui.label(format!("Pair {at} of {total}"));
    }
    ui.separator();
    let text = hover(
        ui,
        "Equivalent terms are dimmed, not marked as changes",
        Action::ToggleTerms,
    );
    toggle_ui(
        ui,
        settings.terms,
        "Terminology-aware",
        text,
        Toggle::Terms,
        out,
    );
    let text = hover(ui, "One merged text below the panes", Action::ToggleInline);
    toggle_ui(
        ui,
        settings.inline_view,
        "Inline view",
        text,
        Toggle::InlineView,
        out,
    );
    let text = hover(
        ui,
        "Scrolling one pane brings the other to the linked paragraph, level with it; off pauses it",
        Action::ToggleSyncScroll,
    );
    toggle_ui(
        ui,
        settings.sync_scroll,
        "Sync scrolling",
        text,
        Toggle::SyncScroll,
        out,
    );
    let text = "A box around the words quoted as evidence for the pair".to_owned();
    toggle_ui(
        ui,
        settings.evidence_marks,
        "Evidence marks",
        text,
        Toggle::EvidenceMarks,
        out,
    );
}

/// A checkbox for a setting; a click asks for the toggle.
fn toggle_ui(
    ui: &mut Ui,
    on: bool,
    label: &str,
    hover_text: String,
    which: Toggle,
    out: &mut Vec<AppCommand>,
) {
    let mut value = on;
    if ui
        .checkbox(&mut value, label)
        .on_hover_text(hover_text)
        .changed()
    {
        out.push(AppCommand::Toggle(which));
    }
}

fn current_pair_ui(ui: &mut Ui, input: &PairBarInput<'_>, index: usize, out: &mut Vec<AppCommand>) {
    let corpus = input.corpus;
    let library = &corpus.library;
    let Some(link) = input.pairs.links.get(index) else {
        return;
    };
    let similarity = |terms: bool| {
        input
            .pairs
            .diff(corpus, index, terms)
            .map_or(0.0, |d| d.similarity())
    };
    let kind = match (&link.theme, &link.origin) {
        (Some(theme), _) => format!("{} · {theme}", link.kind),
        (None, origin @ LinkOrigin::LanguageVersion { .. }) => {
            format!("language versions · paired by {}", origin.describe())
        }
        (None, origin) => format!("{} · your link, {}", link.kind, origin.describe()),
    };
    ui.label(format!(
        "{} · {kind} · similarity {:.0}% ({:.0}% with terminology)",
        link.pair_name(library),
        similarity(false) * 100.0,
        similarity(true) * 100.0
    ));
    ui.label(link.statement(library));
    if !link.note.is_empty() {
        ui.label(egui::RichText::new(display_form(&link.note)).italics());
    }
    evidence_ui(ui, input, link, out);
    ui.label(format!(
        "Marks: {}; {}; {}.",
        change_description(library, Change::Deleted),
        change_description(library, Change::Inserted),
        change_description(library, Change::Equivalent)
    ));
}

/// Each evidence quote of the pair as a pinpoint to click (it shows the provision) and the words.
fn evidence_ui(ui: &mut Ui, input: &PairBarInput<'_>, link: &LinkEntry, out: &mut Vec<AppCommand>) {
    if link.evidence.is_empty() {
        return;
    }
    let library = &input.corpus.library;
    ui.horizontal_wrapped(|ui| {
        let marks = if input.settings.evidence_marks {
            " (boxed in the texts)"
        } else {
            ""
        };
        ui.label(egui::RichText::new(format!("Evidence{marks}:")).strong());
        // One Tab stop: Up and Down choose a quote, Enter shows it.
        let list_id = egui::Id::unique("evidence_list");
        let mut list = KeyList::begin(ui, list_id, "Evidence");
        for (index, evidence) in link.evidence.iter().enumerate() {
            let pinpoint = cited_pinpoints(library, std::slice::from_ref(&evidence.provision));
            let key = egui::Id::unique(("evidence", index, &evidence.provision));
            let state = list.item(key);
            // A pinpoint is never broken over two lines (it is one thing to click).
            let link = egui::Link::new(egui::RichText::new(&pinpoint));
            let response = out_of_tab_order(ui, list_id, |ui| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                ui.add(link)
            })
            .on_hover_text(format!("Show {pinpoint}"));
            let label = format!("{pinpoint}: “{}”", evidence.quote);
            list.item_drawn(ui, key, response.rect, &label);
            if response.clicked() || state.activated {
                out.push(AppCommand::GoTo(evidence.provision.clone()));
            }
            ui.label(format!("“{}”", abbreviate(&evidence.quote, 70)))
                .on_hover_text(&evidence.quote);
        }
        list.end(ui);
    });
}

fn no_pair_ui(ui: &mut Ui, input: &PairBarInput<'_>) {
    let Some((key, node)) = input.selected else {
        ui.label("Select a provision, or step through the pairs with Next pair.");
        return;
    };
    let treaty = input.corpus.library.treaty(key);
    let article = treaty.article_of(node).unwrap_or(node);
    let id = &treaty.node(article).id;
    match input.corpus.crosswalk.unmatched_reason(id) {
        Some(entry) => ui.label(format!(
            "No counterpart for {}: {}",
            treaty.node(article).pinpoint,
            entry.reason
        )),
        None => ui.label(format!(
            "No counterpart is linked for {}.",
            treaty.node(node).pinpoint
        )),
    };
}

fn suggestions_ui(ui: &mut Ui, input: &PairBarInput<'_>, out: &mut Vec<AppCommand>) {
    let Some((for_id, list)) = &input.pairs.suggestions else {
        return;
    };
    let library = &input.corpus.library;
    let Some(provision) = library.get(for_id) else {
        return;
    };
    egui::CollapsingHeader::new(format!(
        "Suggested counterparts for {} (text similarity)",
        provision.pinpoint
    ))
    .id_salt("suggestions")
    .show(ui, |ui| {
        for suggestion in list {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{} {} — {:.2}",
                    suggestion.pinpoint, suggestion.heading, suggestion.score
                ));
                let Some(to) = library.get(&suggestion.id) else {
                    return;
                };
                if ui
                    .button(format!("Link to {}", suggestion.pinpoint))
                    .clicked()
                {
                    // The selected provision is the subject: "UN Art. 7 corresponds to Budapest Art. 2".
                    out.push(AppCommand::CreateLink {
                        layer: input.default_layer,
                        draft: LinkDraft {
                            ends: vec![provision.id.clone(), to.id.clone()],
                            relation: LinkRelation::Corresponds,
                            note: format!(
                                "Linked from a suggestion (text similarity {:.2}).",
                                suggestion.score
                            ),
                            tags: vec!["crosswalk/suggested".to_owned()],
                        },
                    });
                }
            });
        }
    });
}
