//! The coordinator with its calls relayed (`shimoda coordinate`): a
//! cluster runtime that owns the shards (Ray actors) writes a search on
//! this process's input, carries the calls it prints to the shards and
//! writes their answers back, and reads the result. The runtime needs no
//! knowledge of how a search is merged.
//!
//! Lines in: `{"search": OPTIONS}`, then `{"answers": [ANSWER, ...]}` for
//! each `{"calls": [[SHARD, CALL], ...]}` printed. Lines out: those calls,
//! then `{"result": RESPONSE}` (the `search --json` object) or
//! `{"error": MESSAGE}`.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::coordinator::{Transport, search};
use super::protocol::{Answer, Request};
use crate::contract::SearchResponse;
use crate::search::SearchOptions;

/// A line the runtime writes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Incoming {
    Search(Box<SearchOptions>),
    Answers(Vec<Answer>),
}

/// A line the coordinator writes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Outgoing<'a> {
    Calls(&'a [(u32, Request)]),
    Result(Box<SearchResponse>),
    Error(String),
}

/// The relay: calls out on `output`, answers in on `input`.
pub struct Relay<I, O> {
    shards: u32,
    input: I,
    output: O,
    /// Set when the runtime stopped answering: every later call fails.
    broken: Option<String>,
}

impl<I: BufRead, O: Write> Relay<I, O> {
    pub fn new(shards: u32, input: I, output: O) -> Relay<I, O> {
        Relay {
            shards,
            input,
            output,
            broken: None,
        }
    }

    fn write(&mut self, line: &Outgoing) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.output, line)?;
        self.output.write_all(b"\n")?;
        self.output.flush()
    }

    fn read(&mut self) -> std::io::Result<Option<Incoming>> {
        let mut line = String::new();
        loop {
            line.clear();
            if self.input.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            if !line.trim().is_empty() {
                break;
            }
        }
        serde_json::from_str(&line)
            .map(Some)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// Answers searches until the input ends. A line that is not a search
    /// is answered with an error line; a search that fails, likewise.
    pub fn serve(&mut self) -> std::io::Result<()> {
        loop {
            let options = match self.read() {
                Ok(None) => return Ok(()),
                Ok(Some(Incoming::Search(options))) => options,
                Ok(Some(Incoming::Answers(_))) => {
                    self.write(&Outgoing::Error("answers came with no calls asked".into()))?;
                    continue;
                }
                Err(e) => {
                    self.write(&Outgoing::Error(format!("not a coordinator line: {e}")))?;
                    continue;
                }
            };
            self.broken = None;
            let outcome = search(self, &options, &mut |_| {});
            let line = match outcome {
                Ok(results) => Outgoing::Result(Box::new(results.into_contract())),
                Err(e) => Outgoing::Error(e.to_string()),
            };
            self.write(&line)?;
        }
    }
}

impl<I: BufRead, O: Write> Transport for Relay<I, O> {
    fn shards(&self) -> u32 {
        self.shards
    }

    fn exchange(&mut self, calls: Vec<(u32, Request)>) -> Vec<Answer> {
        let failed = |why: &str| {
            calls
                .iter()
                .map(|_| Answer::Error(why.to_string()))
                .collect()
        };
        if let Some(why) = &self.broken {
            return failed(why);
        }
        let answers = self
            .write(&Outgoing::Calls(&calls))
            .and_then(|()| self.read());
        match answers {
            Ok(Some(Incoming::Answers(answers))) if answers.len() == calls.len() => answers,
            Ok(Some(Incoming::Answers(_))) => {
                failed("the runtime answered a different number of calls")
            }
            Ok(_) => {
                self.broken = Some("the runtime stopped answering".to_string());
                failed("the runtime stopped answering")
            }
            Err(e) => {
                let why = format!("the runtime's answer could not be read: {e}");
                self.broken = Some(why.clone());
                failed(&why)
            }
        }
    }
}
