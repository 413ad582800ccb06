//! The whole fuzz corpora replayed through the shared harness (the fast lane replays a
//! sample of each): thousands of inputs, so this lane.

use crate::harness;
use crate::util::replay;

#[test]
fn the_whole_front_matter_corpus_passes() {
    replay("front_matter", harness::front_matter, None);
}

#[test]
fn the_whole_summary_corpus_passes() {
    replay("summary", harness::summary, None);
}

#[test]
fn the_whole_config_corpus_passes() {
    replay("config", harness::config, None);
}

#[test]
fn the_whole_pipeline_corpus_passes() {
    replay("pipeline", harness::pipeline, None);
}
