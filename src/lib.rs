//! shimoda: full-text search over multilingual document collections.
//!
//! The stages run in one direction, each in its own module:
//! [`ingest`] (walk, extract, decode, normalize, split) → [`detect`]
//! (language) → [`analyze`] (per-script analysis) → [`dates`] →
//! [`indexer`] (tantivy index, with the field layout in [`schema`]) →
//! [`search`] (queries, facets, snippets) → [`render`] (text and JSON, the
//! JSON types in [`contract`]). Languages are rows of [`lang`]. See
//! ARCHITECTURE.md for what each module owns.

pub mod aliases;
pub mod analyze;
pub mod bench;
pub mod cluster;
pub mod contract;
pub mod dates;
pub mod detect;
pub mod indexer;
pub mod ingest;
pub mod inspect;
pub mod lang;
pub mod manifest;
pub mod panics;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;

pub use indexer::{IndexError, IndexOptions, Summary};
pub use search::{Results, SearchError, SearchOptions};

/// Any error a command can end with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Extract(#[from] inspect::ExtractError),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error(transparent)]
    Serve(#[from] serve::ServeError),
    #[error(transparent)]
    Cluster(#[from] cluster::ClusterError),
    #[error("{0} file(s) not added (see above)")]
    Refused(usize),
}
