//! Generated sessions for the benchmark and the screenshots.
