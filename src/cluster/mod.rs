//! Sharded indexes: a corpus split by file into ordinary indexes (the
//! shards), each searched by its own process, and a coordinator that makes
//! of their answers the answer one index would give.
//!
//! A cluster folder holds `cluster.json` (how many shards, the corpus) and
//! one index folder per shard (`shard-000`, ...). `shard` answers the
//! protocol of `protocol` for one of them; `coordinator` runs a search's
//! rounds over a `Transport`: child processes here (`local`), or a relay
//! that a cluster runtime drives (`relay`, for Ray).

pub mod coordinator;
pub mod local;
pub mod protocol;
pub mod relay;
pub mod shard;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::indexer::{self, IndexError, IndexOptions, Part, Summary};
use crate::search::{Results, SearchError, SearchOptions};

/// Errors of building or searching a sharded index.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("{} is not a sharded index (no {MANIFEST}): build one with `shimoda index --shards N --index {}`", .0.display(), .0.display())]
    NotCluster(PathBuf),
    #[error("{} is a sharded index: search it with `--cluster {}`", .0.display(), .0.display())]
    IsCluster(PathBuf),
    #[error("{} holds a single index: give another folder for a sharded one", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} is split into {recorded} shards, not {asked}: give the same --shards, or another folder", .dir.display())]
    OtherSplit {
        dir: PathBuf,
        recorded: u32,
        asked: u32,
    },
    #[error("shard {asked} does not exist: {} has shards 0 to {}", .dir.display(), .shards - 1)]
    NoSuchShard {
        dir: PathBuf,
        asked: u32,
        shards: u32,
    },
    #[error("--shards must be between 1 and {MAX_SHARDS}, not {0}")]
    Shards(u32),
    #[error("cannot read or write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the shard process {}: {source}", .program.display())]
    Start {
        program: PathBuf,
        source: std::io::Error,
    },
    #[error("no shard answered: {0}")]
    NoShardAnswered(String),
    /// Kept short: a shard sends it as its whole answer.
    #[error("the shard's index changed during the search")]
    Moved,
}

/// The file that makes a folder a sharded index.
pub const MANIFEST: &str = "cluster.json";

/// Most shards an index may be split into.
pub const MAX_SHARDS: u32 = 1024;

/// What `cluster.json` records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub shards: u32,
    /// The corpus folder the shards are built from.
    pub corpus: PathBuf,
    /// How files are given to shards (see [`indexer::part_of`]).
    pub split: String,
}

/// The version of `cluster.json`.
pub const MANIFEST_VERSION: u32 = 1;

const SPLIT: &str = "fnv1a-64 of the path relative to the corpus, modulo shards";

/// The index folder of shard `number`.
pub fn shard_dir(dir: &Path, number: u32) -> PathBuf {
    dir.join(format!("shard-{number:03}"))
}

/// Whether `dir` is a sharded index.
pub fn is_cluster(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
}

/// Reads the cluster manifest of `dir`.
pub fn read_manifest(dir: &Path) -> Result<Manifest, ClusterError> {
    let path = dir.join(MANIFEST);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ClusterError::NotCluster(dir.to_path_buf()));
        }
        Err(source) => return Err(ClusterError::Io { path, source }),
    };
    serde_json::from_slice(&bytes).map_err(|e| ClusterError::Io {
        path,
        source: std::io::Error::other(e),
    })
}

/// Writes the manifest through a file of its own then a rename: a reader
/// sees the old one or the new one, and builders of several shards at once
/// (one task per shard) write the same content.
fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), ClusterError> {
    let path = dir.join(MANIFEST);
    let io = |source| ClusterError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let temporary = dir.join(format!(".{MANIFEST}.{}", std::process::id()));
    let text = serde_json::to_string_pretty(manifest).map_err(|e| io(std::io::Error::other(e)))?;
    std::fs::write(&temporary, text).map_err(io)?;
    std::fs::rename(&temporary, &path).map_err(io)
}

/// How to build or update a sharded index.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Everything but the index folder and the part, as for one index.
    pub index: IndexOptions,
    /// Shards to split into; `None`: as the folder records.
    pub shards: Option<u32>,
    /// Build or update this shard only (one task of a parallel build).
    pub only: Option<u32>,
}

/// Builds or updates the shards of a sharded index (all, or the one
/// asked), each as an ordinary incremental index of its part of the
/// corpus. Returns each shard's summary.
pub fn index(options: &ClusterOptions) -> Result<Vec<(u32, Summary)>, ClusterError> {
    let dir = &options.index.index;
    let recorded = match read_manifest(dir) {
        Ok(m) => Some(m),
        Err(ClusterError::NotCluster(_)) => None,
        Err(e) => return Err(e),
    };
    let shards = match (options.shards, &recorded) {
        (Some(asked), Some(m)) if asked != m.shards && !options.index.full => {
            return Err(ClusterError::OtherSplit {
                dir: dir.clone(),
                recorded: m.shards,
                asked,
            });
        }
        (Some(asked), _) => asked,
        (None, Some(m)) => m.shards,
        (None, None) => return Err(ClusterError::NotCluster(dir.clone())),
    };
    if !(1..=MAX_SHARDS).contains(&shards) {
        return Err(ClusterError::Shards(shards));
    }
    if recorded.is_none() && indexer::exists(dir) {
        return Err(ClusterError::NotEmpty(dir.clone()));
    }
    if let Some(asked) = options.only.filter(|&n| n >= shards) {
        return Err(ClusterError::NoSuchShard {
            dir: dir.clone(),
            asked,
            shards,
        });
    }
    write_manifest(
        dir,
        &Manifest {
            version: MANIFEST_VERSION,
            shards,
            corpus: absolute(&options.index.corpus),
            split: SPLIT.to_string(),
        },
    )?;
    let numbers: Vec<u32> = match options.only {
        Some(n) => vec![n],
        None => (0..shards).collect(),
    };
    numbers
        .into_iter()
        .map(|number| {
            let mut shard = options.index.clone();
            shard.index = shard_dir(dir, number);
            shard.part = Some(Part { number, of: shards });
            // A new split gives every shard other files: start afresh.
            shard.full |= recorded.as_ref().is_some_and(|m| m.shards != shards);
            Ok((number, indexer::run(&shard)?))
        })
        .collect()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Searches a sharded index with a `shard-serve` process per shard on this
/// machine, started from `program` (this program). Shards that do not
/// answer are named to `warn` and in the results.
pub fn search_local(
    dir: &Path,
    program: &Path,
    options: &SearchOptions,
    warn: &mut dyn FnMut(&str),
) -> Result<Results, ClusterError> {
    let manifest = read_manifest(dir)?;
    let dirs: Vec<PathBuf> = (0..manifest.shards).map(|n| shard_dir(dir, n)).collect();
    let mut shards = local::LocalShards::start(program, &dirs)?;
    coordinator::search(&mut shards, options, warn)
}
