//! Crosswalk: the UN Convention against Cybercrime and the Budapest Convention side by side.
//!
//! The core (`model`, `texts`, `search`, `crosswalk`, `diff`, `suggest`) knows nothing of the GUI; `ui` draws it
//! and `cli` prints it.

pub mod annotations;
pub mod cli;
pub mod corpus;
pub mod crosswalk;
pub mod diff;
pub mod export;
pub mod model;
pub mod search;
pub mod suggest;
pub mod texts;
pub mod ui;

pub use model::{Kind, Library, NodeIx, Provision, Treaty, TreatyKey};
