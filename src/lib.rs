//! Crosswalk: the UN Convention against Cybercrime and the Budapest Convention side by side.
//!
//! The library is the core (`model`, `instrument`, `texts`, `references`, `definitions`, `pinpoint`, `search`, `crosswalk`,
//! `diff`, `suggest`, `document`, `fold`, `annotations`, `lesson`, `export`), which knows nothing of a window or a command line, plus `ui`, the egui shell, behind the default
//! `gui` feature.
//! The command line lives in the binary (`src/main.rs`, `src/cli/`).

pub mod annotations;
pub mod compare;
pub mod corpus;
pub mod crosswalk;
pub mod definitions;
pub mod diff;
pub mod document;
pub mod export;
pub mod fold;
pub mod folders;
pub mod implementation;
pub mod import;
pub mod instrument;
pub mod lesson;
pub mod links;
pub mod model;
pub mod pinpoint;
pub mod quote;
pub mod references;
pub mod ron_source;
pub mod search;
pub mod suggest;
pub mod texts;
#[cfg(feature = "gui")]
pub mod ui;

pub use model::{Kind, Library, NodeIx, PerSide, Provision, ProvisionId, Side, Treaty};
