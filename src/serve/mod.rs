//! `shimoda serve`: the reading room. An HTTP server on the same index
//! and the same contract as `search --json`, and one page, embedded in the
//! binary, that reads the API.
//!
//! Searches are CPU work: they run on tokio's blocking threads, at most
//! [`SEARCH_SLOTS`] at once, each within [`SEARCH_TIME`]; a request that
//! waits longer than [`QUEUE_TIME`] for a slot is told to retry (503).

mod api;
mod params;
pub mod state;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use state::{Library, Status};

/// How a server is started.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub index: PathBuf,
    pub corpus: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// How often the corpus is checked for changes.
    pub check_every: Duration,
}

/// Errors of starting a server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Searches that run at once; more wait for a slot.
pub const SEARCH_SLOTS: usize = 8;
/// Longest a search may take before the request is answered 503.
pub const SEARCH_TIME: Duration = Duration::from_secs(10);
/// Longest a request waits for a search slot.
pub const QUEUE_TIME: Duration = Duration::from_secs(5);

/// Runs a server until Ctrl-C (or SIGTERM). `started` is told the address
/// once it listens (the command prints it; tests read it).
pub fn serve(options: &ServeOptions, started: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let library = Arc::new(Library::new(&options.index, &options.corpus));
    // An existing index answers at once; the updater then checks it.
    library.load_existing();
    library.keep_updated(options.check_every);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("shimoda-serve")
        .build()?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        started(listener.local_addr()?);
        let app = api::router(library);
        axum::serve(listener, app)
            .with_graceful_shutdown(stopped())
            .await?;
        Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stopped() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
