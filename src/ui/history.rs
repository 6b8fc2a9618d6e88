//! The way back: every jump (outline, search result, link, reference, definition, pair step, go-to)
//! leaves the reading position it leaves — the selected provision and, per pane, the row at the top
//! and how far into it — and Back / Forward return to it exactly. Places are kept by provision ID,
//! so they survive anything that renumbers rows.

use crate::model::{PerSide, ProvisionId, Side};
use crate::pinpoint;

use super::app::CrosswalkApp;
use super::command::ReadingCommand;

/// How many places Back remembers.
const REMEMBERED: usize = 200;

/// Where a pane was: the provision of its top row, which of that provision's rows, and how far past
/// that row's top, in points.
#[derive(Clone, Debug, PartialEq)]
struct PanePlace {
    provision: ProvisionId,
    row_in_node: usize,
    into: f32,
}

/// The reading position as it was before a jump.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadingPlace {
    selected: Option<ProvisionId>,
    active: Side,
    current_pair: Option<usize>,
    panes: PerSide<Option<PanePlace>>,
}

/// The places Back and Forward go to, most recent last.
#[derive(Default)]
pub struct History {
    back: Vec<ReadingPlace>,
    forward: Vec<ReadingPlace>,
}

impl History {
    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }
}

impl CrosswalkApp {
    /// The reading position now.
    fn reading_place(&self) -> ReadingPlace {
        let library = &self.corpus.library;
        ReadingPlace {
            selected: self
                .selected
                .map(|(key, node)| library.treaty(key).node(node).id.clone()),
            active: self.active,
            current_pair: self.pairs.current,
            panes: PerSide::from_fn(|key| {
                let (node, row_in_node, into) = self.panes[key].place()?;
                Some(PanePlace {
                    provision: library.treaty(key).node(node).id.clone(),
                    row_in_node,
                    into,
                })
            }),
        }
    }

    /// Remembers the reading position before a jump; Forward starts afresh.
    pub(super) fn record_jump(&mut self) {
        let place = self.reading_place();
        let history = &mut self.history;
        if history.back.last() != Some(&place) {
            history.back.push(place);
        }
        if history.back.len() > REMEMBERED {
            history.back.remove(0);
        }
        history.forward.clear();
    }

    pub(super) fn apply_reading(&mut self, command: ReadingCommand) {
        match command {
            ReadingCommand::Follow(id) => self.go_to(&id),
            ReadingCommand::Back => {
                if let Some(place) = self.history.back.pop() {
                    let here = self.reading_place();
                    self.history.forward.push(here);
                    self.restore(place);
                }
            }
            ReadingCommand::Forward => {
                if let Some(place) = self.history.forward.pop() {
                    let here = self.reading_place();
                    self.history.back.push(here);
                    self.restore(place);
                }
            }
            ReadingCommand::OpenGoTo => self.views.go_to.open(),
            ReadingCommand::GoToPinpoint(typed) => {
                let default = self.selected.map_or(self.active, |(key, _)| key);
                match pinpoint::parse(&self.corpus.library, &typed, default) {
                    Ok(id) => {
                        self.record_jump();
                        self.go_to(&id);
                        self.views.go_to.close();
                    }
                    Err(error) => self.views.go_to.failed(error.to_string()),
                }
            }
        }
    }

    /// Puts the selection, the pair and both panes back where they were.
    fn restore(&mut self, place: ReadingPlace) {
        let library = &self.corpus.library;
        self.selected = place.selected.as_ref().and_then(|id| library.resolve(id));
        self.active = place.active;
        self.pairs.current = place.current_pair;
        for key in Side::ALL {
            let Some(pane_place) = &place.panes[key] else {
                continue;
            };
            if let Some((_, node)) = library.resolve(&pane_place.provision) {
                self.panes[key].restore_place(node, pane_place.row_in_node, pane_place.into);
            }
        }
        // The restored selection is not a new one: the panes stay where they were put.
        self.settle_pair();
    }
}
