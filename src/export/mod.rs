//! Printers of comparisons and annotations for other tools.

pub mod csv;
