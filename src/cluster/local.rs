//! Shards as child processes on this machine (`shimoda shard-serve`), the
//! transport of `search --cluster`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use super::ClusterError;
use super::coordinator::Transport;
use super::protocol::{Answer, Request};

/// One `shard-serve` process per shard; `None` for one that has stopped.
pub struct LocalShards {
    shards: Vec<Option<Process>>,
}

struct Process {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl LocalShards {
    /// Starts `program shard-serve --index DIR` for each shard folder.
    pub fn start(program: &Path, dirs: &[PathBuf]) -> Result<LocalShards, ClusterError> {
        let shards = dirs
            .iter()
            .map(|dir| spawn(program, dir).map(Some))
            .collect::<Result<_, _>>()?;
        Ok(LocalShards { shards })
    }

    /// Sends one call; `None` when the shard is gone (its process ended).
    fn send(&mut self, shard: u32, request: &Request) -> Option<()> {
        let process = self.shards.get_mut(shard as usize)?.as_mut()?;
        let line = serde_json::to_string(request).ok()?;
        let sent = writeln!(process.input, "{line}").and_then(|()| process.input.flush());
        if sent.is_err() {
            self.stop(shard);
            return None;
        }
        Some(())
    }

    /// Reads the answer to the call sent last.
    fn receive(&mut self, shard: u32) -> Answer {
        let Some(Some(process)) = self.shards.get_mut(shard as usize) else {
            return Answer::Error("its process has stopped".to_string());
        };
        let mut line = String::new();
        match process.output.read_line(&mut line) {
            Ok(n) if n > 0 => serde_json::from_str(&line).unwrap_or_else(|e| {
                Answer::Error(format!("answered what is not the protocol: {e}"))
            }),
            _ => {
                self.stop(shard);
                Answer::Error("its process has stopped".to_string())
            }
        }
    }

    fn stop(&mut self, shard: u32) {
        if let Some(slot) = self.shards.get_mut(shard as usize)
            && let Some(mut process) = slot.take()
        {
            let _ = process.child.kill();
            let _ = process.child.wait();
        }
    }
}

fn spawn(program: &Path, dir: &Path) -> Result<Process, ClusterError> {
    let mut child = Command::new(program)
        .arg("shard-serve")
        .arg("--index")
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|source| ClusterError::Start {
            program: program.to_path_buf(),
            source,
        })?;
    let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
        unreachable!("both streams were asked to be piped");
    };
    Ok(Process {
        child,
        input,
        output: BufReader::new(output),
    })
}

impl Transport for LocalShards {
    fn shards(&self) -> u32 {
        self.shards.len() as u32
    }

    /// Every call is sent before any answer is read: the shards work at
    /// the same time.
    fn exchange(&mut self, calls: Vec<(u32, Request)>) -> Vec<Answer> {
        let sent: Vec<(u32, bool)> = calls
            .iter()
            .map(|(shard, request)| (*shard, self.send(*shard, request).is_some()))
            .collect();
        sent.into_iter()
            .map(|(shard, sent)| {
                if sent {
                    self.receive(shard)
                } else {
                    Answer::Error("its process has stopped".to_string())
                }
            })
            .collect()
    }
}

impl Drop for LocalShards {
    fn drop(&mut self) {
        for shard in 0..self.shards.len() as u32 {
            // Closing the input ends a shard's loop; kill makes sure.
            self.stop(shard);
        }
    }
}
