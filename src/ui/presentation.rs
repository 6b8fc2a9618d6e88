//! Presentation mode: full screen, one stop of the lesson at a time (or, without a lesson, one pair of
//! the link set), in a high-contrast theme. The slide on screen — the texts with their marks, the links
//! with rationale and evidence, the note and the question — is resolved here, before layout, and
//! cached until the stop, the lesson, the layers or the terminology setting change.

use std::sync::Arc;

use crate::lesson::{Lesson, MarkedStop, Stop, StopView};
use crate::model::ProvisionId;

use super::app::CrosswalkApp;

/// What presentation mode can be asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentCommand {
    /// F5: start presenting, or leave.
    Toggle,
    Start,
    Leave,
    /// → / Page Down / Space, ← / Page Up.
    Step {
        forward: bool,
    },
    /// The texts side by side, or one merged text.
    ToggleInline,
    /// Show (or hide again) what answers the question: the links' rationale and evidence and the
    /// teacher's note, which the student handout leaves out too.
    Reveal,
}

/// A link between two things on the slide, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct SlideLink {
    /// "UN Art. 28 adapts Budapest Art. 19"
    pub statement: String,
    /// "Relation: Adapted · Procedural powers · shipped crosswalk"
    pub relation: String,
    pub rationale: String,
    /// (pinpoint, quote) of each piece of evidence.
    pub evidence: Vec<(String, String)>,
}

/// Everything one slide shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    /// "Stop 3 of 8", "Pair 12 of 61".
    pub progress: String,
    /// The lesson's title, or what is stepped through without one.
    pub title: String,
    pub view: StopView,
    /// The texts with their marks, side by side and merged.
    pub texts: MarkedStop,
    pub links: Vec<SlideLink>,
}

/// What a slide was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SlideKey {
    index: usize,
    lesson: Option<u64>,
    layers: u64,
    terms: bool,
}

/// Presentation mode's state.
#[derive(Default)]
pub struct Presentation {
    pub active: bool,
    /// The stop (with a lesson) or the pair (position in the link set's pairs) on screen, 0-based.
    pub index: usize,
    /// One merged text instead of the two side by side.
    pub inline: bool,
    /// The answers of the slide on screen are shown (each stop opens with them hidden).
    pub revealed: bool,
    slide: Option<(SlideKey, Arc<Slide>)>,
}

impl Presentation {
    /// The slide on screen, once [`CrosswalkApp::refresh_presentation`] has built it.
    pub fn slide(&self) -> Option<&Arc<Slide>> {
        self.slide.as_ref().map(|(_, slide)| slide)
    }
}

impl CrosswalkApp {
    pub(super) fn apply_present(&mut self, command: PresentCommand) {
        match command {
            PresentCommand::Toggle if self.presentation.active => self.leave_presentation(),
            PresentCommand::Toggle | PresentCommand::Start => self.start_presentation(),
            PresentCommand::Leave => self.leave_presentation(),
            PresentCommand::Step { forward } => self.step_slide(forward),
            PresentCommand::ToggleInline => self.presentation.inline = !self.presentation.inline,
            PresentCommand::Reveal => self.presentation.revealed = !self.presentation.revealed,
        }
    }

    /// Full screen, from the lesson's current stop, or without a lesson from the pair on screen.
    pub fn start_presentation(&mut self) {
        self.presentation.index = match self.lessons.lesson() {
            Some(_) => self.lessons.current,
            None => self
                .pairs
                .position()
                .map_or(0, |(at, _)| at.saturating_sub(1)),
        };
        self.presentation.active = true;
        self.presentation.revealed = false;
        self.egui_ctx
            .send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
    }

    /// Back to the reader, on the stop (or pair) that was on screen.
    pub fn leave_presentation(&mut self) {
        if !self.presentation.active {
            return;
        }
        self.presentation.active = false;
        self.egui_ctx
            .send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        let index = self.presentation.index;
        if self.lessons.lesson().is_some() {
            self.go_to_stop(index);
        } else if let Some(&link) = self.pairs.links.pairs().get(index) {
            self.pairs.current = Some(link);
            if let Some(id) = self
                .pairs
                .links
                .get(link)
                .and_then(|entry| entry.ends.first())
                .cloned()
            {
                self.go_to(&id);
            }
        }
    }

    /// How many slides there are: the lesson's stops, or the pairs.
    fn slide_count(&self) -> usize {
        match self.lessons.lesson() {
            Some(lesson) => lesson.stops.len(),
            None => self.pairs.links.pairs().len(),
        }
    }

    /// The next or previous slide; stops at the ends (a class does not want to wrap to stop 1).
    fn step_slide(&mut self, forward: bool) {
        let count = self.slide_count();
        self.presentation.revealed = false;
        let index = &mut self.presentation.index;
        *index = if forward {
            (*index + 1).min(count.saturating_sub(1))
        } else {
            index.saturating_sub(1)
        };
        if self.lessons.lesson().is_some() {
            self.lessons.current = *index;
        }
    }

    /// Builds the slide on screen when what it shows changed (before layout).
    pub(super) fn refresh_presentation(&mut self) {
        if !self.presentation.active {
            return;
        }
        let count = self.slide_count();
        self.presentation.index = self.presentation.index.min(count.saturating_sub(1));
        let key = SlideKey {
            index: self.presentation.index,
            lesson: self.lessons.revision(),
            layers: self.workspace.revision(),
            terms: self.settings.terms,
        };
        if self
            .presentation
            .slide
            .as_ref()
            .is_some_and(|(built, _)| *built == key)
        {
            return;
        }
        let slide = self.build_slide(key.index).map(Arc::new);
        self.presentation.slide = slide.map(|slide| (key, slide));
    }

    fn build_slide(&self, index: usize) -> Option<Slide> {
        let corpus = &self.corpus;
        let links = &self.pairs.links;
        let (view, progress, title) = match self.lessons.lesson() {
            Some(lesson) => {
                let view = lesson.stop_view(corpus, links, index)?;
                let progress = format!("Stop {} of {}", view.number, view.of);
                let title = match lesson.title.trim() {
                    "" => "Untitled lesson".to_owned(),
                    title => title.to_owned(),
                };
                (view, progress, title)
            }
            None => {
                let pairs = links.pairs();
                let entry = links.get(*pairs.get(index)?)?;
                let ends: Vec<ProvisionId> = entry
                    .sides
                    .revision
                    .iter()
                    .chain(&entry.sides.base)
                    .cloned()
                    .collect();
                let (provision, with) = ends.split_first()?;
                let pair = Lesson {
                    stops: vec![Stop {
                        with: Some(with.to_vec()),
                        ..Stop::on(provision.clone())
                    }],
                    ..Lesson::new("")
                };
                let view = pair.stop_view(corpus, links, 0)?;
                let progress = format!("Pair {} of {}", index + 1, pairs.len());
                (view, progress, "The pairs of the crosswalk".to_owned())
            }
        };
        let library = &corpus.library;
        let texts = view.marked(corpus, self.settings.terms);
        let links = view
            .links
            .iter()
            .map(|link| SlideLink {
                statement: link.statement.clone(),
                relation: match &link.theme {
                    Some(theme) => {
                        format!("Relation: {} · {theme} · {}", link.relation, link.origin)
                    }
                    None => format!("Relation: {} · {}", link.relation, link.origin),
                },
                rationale: link.rationale.clone(),
                evidence: link
                    .evidence
                    .iter()
                    .map(|evidence| {
                        let pinpoint = crate::links::cited_pinpoints(
                            library,
                            std::slice::from_ref(&evidence.provision),
                        );
                        (pinpoint, evidence.quote.clone())
                    })
                    .collect(),
            })
            .collect();
        Some(Slide {
            progress,
            title,
            view,
            texts,
            links,
        })
    }
}
