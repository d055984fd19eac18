//! Load on the reading room's API: 1, 16 and 200 concurrent clients, each
//! making 50 single-word searches over a kept-alive connection, against a
//! `shimoda serve` it starts on an existing index (see bench/README.md):
//!
//! `cargo run --release --example serve_load -- INDEX [CLIENTS...]`
//! (`SHIMODA_BIN` names another shimoda binary to load).
//!
//! Prints one JSON line per level: throughput, p50 and p99 latency (ms),
//! errors, and the server's resident memory before and after.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio, exit};
use std::time::{Duration, Instant};

/// Single words across the four languages, as readers type them.
const WORDS: [&str; 20] = [
    "Portsmouth",
    "Japan",
    "treaty",
    "Sakhalin",
    "Kunashir",
    "Россия",
    "договор",
    "Япония",
    "Сахалин",
    "러시아",
    "조약",
    "일본",
    "사할린",
    "日本",
    "条約",
    "ロシア",
    "war",
    "peace",
    "border",
    "island",
];
const SEARCHES: usize = 50;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(index) = args.first() else {
        eprintln!("usage: serve_load INDEX [CLIENTS...]");
        exit(2);
    };
    let mut levels: Vec<usize> = args[1..].iter().filter_map(|a| a.parse().ok()).collect();
    if levels.is_empty() {
        levels = vec![1, 16, 200];
    }
    let binary = std::env::var_os("SHIMODA_BIN")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::current_exe().ok())
        .and_then(|exe| {
            if exe.ends_with("shimoda") {
                Some(exe)
            } else {
                Some(exe.parent()?.parent()?.join("shimoda"))
            }
        })
        .filter(|b| b.is_file())
        .unwrap_or_else(|| "target/release/shimoda".into());
    let (mut server, addr) = start(&binary, index);
    level(&addr, 1, WORDS.len()); // warm the caches, as a reader's first searches do
    for clients in levels {
        let before = rss_mib(server.id());
        let (figures, took) = level(&addr, clients, SEARCHES);
        let mut ms: Vec<f64> = figures.iter().filter_map(|f| *f).collect();
        ms.sort_by(f64::total_cmp);
        let errors = figures.len() - ms.len();
        let at = |q: f64| ms.get(((ms.len() as f64 * q) as usize).min(ms.len().saturating_sub(1)));
        println!(
            "{{\"clients\": {clients}, \"searches\": {}, \"throughput_per_s\": {:.1}, \"p50_ms\": {:.2}, \
             \"p99_ms\": {:.2}, \"errors\": {errors}, \"rss_before_mib\": {before:.1}, \"rss_after_mib\": {:.1}}}",
            figures.len(),
            figures.len() as f64 / took.as_secs_f64(),
            at(0.5).copied().unwrap_or(f64::NAN),
            at(0.99).copied().unwrap_or(f64::NAN),
            rss_mib(server.id()),
        );
    }
    let _ = server.kill();
}

/// Starts the server and waits until its index is loaded.
fn start(binary: &std::path::Path, index: &str) -> (Child, String) {
    let mut child = Command::new(binary)
        .args(["serve", "--port", "0", "--index", index])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            eprintln!("serve_load: cannot start {}: {e}", binary.display());
            exit(1)
        });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_default()
        .to_string();
    let mut connection = Connection::open(&addr);
    for _ in 0..600 {
        if connection
            .get("/api/status")
            .is_some_and(|body| body.contains("\"ready\""))
        {
            return (child, addr);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("serve_load: the index was not ready");
    exit(1)
}

/// Runs `clients` threads of `searches` searches each; the latency of each
/// search (None for an error) and the wall time.
fn level(addr: &str, clients: usize, searches: usize) -> (Vec<Option<f64>>, Duration) {
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let mut connection = Connection::open(&addr);
                (0..searches)
                    .map(|i| {
                        let word = WORDS[(c * 7 + i) % WORDS.len()];
                        let target = format!("/api/search?limit=10&q={}", encode(word));
                        let t = Instant::now();
                        connection
                            .get(&target)
                            .map(|_| t.elapsed().as_secs_f64() * 1000.0)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let figures = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    (figures, started.elapsed())
}

/// One kept-alive HTTP/1.1 connection.
struct Connection {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
}

impl Connection {
    fn open(addr: &str) -> Connection {
        Connection {
            addr: addr.to_string(),
            stream: None,
        }
    }

    /// The body of a 200 answer to GET `target`; None for anything else.
    fn get(&mut self, target: &str) -> Option<String> {
        let answer = self.try_get(target);
        if answer.is_none() {
            self.stream = None; // reconnect next time
        }
        answer
    }

    fn try_get(&mut self, target: &str) -> Option<String> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.addr).ok()?;
            stream
                .set_read_timeout(Some(Duration::from_secs(60)))
                .ok()?;
            stream.set_nodelay(true).ok()?;
            self.stream = Some(BufReader::new(stream));
        }
        let reader = self.stream.as_mut()?;
        let request = format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
        reader.get_mut().write_all(request.as_bytes()).ok()?;
        let mut status = String::new();
        reader.read_line(&mut status).ok()?;
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).ok()?;
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        status
            .contains(" 200 ")
            .then(|| String::from_utf8_lossy(&body).into_owned())
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}
