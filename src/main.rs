//! The `shimoda` command: parses arguments and calls the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use shimoda::dates::PartialDate;
use shimoda::indexer;
use shimoda::render::{self, Marks};
use shimoda::{Error, IndexOptions, SearchOptions, cluster};

mod man;

/// Full-text search over multilingual document collections (Russian,
/// English, Korean, Japanese, Chinese and more), on one machine.
///
/// Put texts in a folder (any encoding), index it, search it: every query
/// word is matched in every language with that language's analysis.
#[derive(Parser)]
#[command(name = "shimoda", version, about, long_about = None, args_override_self = true)]
#[command(after_help = "Examples:\n  \
    shimoda search Portsmouth            (builds the index from ./corpus first if needed)\n  \
    shimoda search '\"Treaty of Portsmouth\"' --json\n  \
    shimoda search 'Izvolsky OR Sazonov' --lang en\n  \
    shimoda search Kunashir --from 1945 --to 1960 --facets\n  \
    shimoda dates Portsmouth             (years the matching passages mention)\n  \
    shimoda dates --text '30 July 1907'\n  \
    shimoda index --corpus texts/ --index texts.idx\n  \
    shimoda stats\n  \
    shimoda completions bash > ~/.local/share/bash-completion/completions/shimoda\n  \
    shimoda man > shimoda.1\n\n\
    Colour: bold matches on a terminal, «quoted» when piped; NO_COLOR=1 or --color never\n\
    turns bold off, --color always keeps it through a pipe.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to mark matches in bold: on a terminal (auto; off when the
    /// NO_COLOR environment variable is set), always, or never («quotes»).
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    color: Color,
}

/// When text output uses terminal colour and bold.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Also through pipes and into files.
    Always,
    /// Never: matches are «quoted».
    Never,
}

/// Where the index is.
#[derive(clap::Args)]
struct IndexArg {
    /// Folder the index is kept in.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
}

/// Where the index is, and the corpus it is brought up to date from.
#[derive(clap::Args)]
struct Place {
    #[command(flatten)]
    index: IndexArg,
    /// Folder of texts the index is built from [default: the corpus the
    /// index was built from, or `corpus` when there is no index yet]
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
}

impl Place {
    /// Brings the index up to date and opens it.
    fn open(&self) -> Result<indexer::OpenIndex, Error> {
        refresh(&self.index.index, self.corpus.as_deref())
    }

    /// How to index `corpus` into this place's index.
    fn index_options(&self, corpus: PathBuf, full: bool) -> IndexOptions {
        IndexOptions {
            corpus,
            index: self.index.index.clone(),
            full,
            progress: std::io::stderr().is_terminal(),
            keep_boilerplate: None,
            ocr: None,
            part: None,
        }
    }

    /// The corpus named, or the one the index records (see
    /// [`indexer::corpus_of`]).
    fn corpus(&self) -> PathBuf {
        indexer::corpus_of(&self.index.index, self.corpus.as_deref())
    }
}

/// The arguments of `search`.
#[derive(clap::Args)]
struct SearchArgs {
    /// The query.
    query: String,
    #[command(flatten)]
    place: Place,
    /// Hits to show.
    #[arg(long, value_name = "N", default_value_t = shimoda::search::DEFAULT_LIMIT)]
    limit: usize,
    /// Hits to skip (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,
    /// Keep only passages in this language (ISO 639-1 code: en, ru, ko, ...);
    /// repeat for several.
    #[arg(long = "lang", value_name = "CODE")]
    langs: Vec<String>,
    /// Keep only passages whose source path contains this text, ignoring case
    /// and with `_`, `-`, `.`, `/` and spaces matching each other (as `source:`).
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
    /// Keep only passages that mention a date on or after this one
    /// (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<PartialDate>,
    /// Keep only passages that mention a date on or before this one.
    #[arg(long, value_name = "DATE")]
    to: Option<PartialDate>,
    /// Also print how many passages mention each year.
    #[arg(long)]
    facets: bool,
    /// How many sources the source facet lists, those with the most
    /// matching passages first (all are counted); 0 lists every source.
    #[arg(long, value_name = "N", default_value_t = shimoda::search::DEFAULT_TOP_SOURCES)]
    top_sources: usize,
    /// Search the words only as written: no aliases, no translations, no
    /// spellings in other scripts (by default Portsmouth also finds Портсмут
    /// and 포츠머스, and treaty finds договор, 조약 and 条約).
    #[arg(long)]
    exact: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Search a sharded index (the folder `index --shards N` wrote) with a
    /// process per shard; the answer is the one a single index would give.
    #[arg(long, value_name = "DIR", conflicts_with = "corpus")]
    cluster: Option<PathBuf>,
}

impl SearchArgs {
    /// The library's options for these arguments.
    fn options(&self) -> SearchOptions {
        SearchOptions {
            query: self.query.clone(),
            limit: self.limit,
            offset: self.offset,
            langs: self.langs.clone(),
            source: self.source.clone(),
            from: self.from,
            to: self.to,
            exact: self.exact,
            top_sources: self.top_sources,
            ..SearchOptions::default()
        }
    }
}

/// What to do with the interface lines of pages saved as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Boilerplate {
    /// Leave them out.
    Drop,
    /// Index them like any line.
    Keep,
}

#[derive(Subcommand)]
enum Command {
    /// Build or update the index of a corpus folder.
    ///
    /// Only files added or changed since the last run are read; passages of
    /// removed files are deleted. The corpus is read recursively; hidden
    /// files are skipped. Files that cannot be read (binary, empty, no
    /// permission) are reported and skipped; they never stop the run.
    #[command(after_help = "Examples:\n  \
        shimoda index                                  (./corpus into ./index)\n  \
        shimoda index --corpus texts/ --index texts.idx\n  \
        shimoda index --full                           (rebuild from scratch)\n  \
        shimoda index --shards 4 --index shards/       (four shards, one folder each)\n  \
        shimoda index --index shards/                  (update every shard)")]
    Index {
        #[command(flatten)]
        place: Place,
        /// Rebuild the whole index instead of updating it (also: replace
        /// an index of another corpus).
        #[arg(long)]
        full: bool,
        /// Whether the interface lines of web pages saved as text
        /// ("Skip to main content", "[edit]", menu bars, labels a page
        /// repeats) are left out (`drop`, the default for a new index) or
        /// indexed (`keep`). The choice is kept by the index; changing it
        /// reads every file again. `stats` counts the lines left out.
        #[arg(long, value_enum, value_name = "WHAT")]
        boilerplate: Option<Boilerplate>,
        /// Read the pages of PDFs that have no text layer (scans) with OCR,
        /// when Debian's tesseract-ocr (with -rus, -kor, -jpn, -eng) and
        /// poppler-utils are installed; hits from them are marked (OCR).
        /// The index keeps the choice; `--ocr=false` turns it off.
        #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
        ocr: Option<bool>,
        /// Split the corpus by file into N shards, each an index of its own
        /// in the --index folder (searched with `search --cluster`). A
        /// file's shard is fixed by its path; a sharded folder is updated
        /// by `shimoda index --index DIR` alone.
        #[arg(long, value_name = "N")]
        shards: Option<u32>,
        /// Build or update only this shard (0 to N-1) of a sharded index:
        /// one task of a build spread over machines.
        #[arg(long, value_name = "I")]
        shard: Option<u32>,
    },
    /// Copy files into the corpus and index them in the same step.
    ///
    /// The files are copied into the top folder of the corpus. A file whose
    /// name is taken by a file with other content is refused unless --force
    /// is given; the same file twice is left as it is.
    #[command(after_help = "Examples:\n  \
        shimoda add ~/new/report.txt\n  \
        shimoda add notes/*.txt --corpus texts/ --index texts.idx\n  \
        shimoda add report.txt --force      (replace corpus/report.txt)")]
    Add {
        /// Files to add.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        place: Place,
        /// Replace files of the same name that have other content.
        #[arg(long)]
        force: bool,
    },
    /// Search the index; builds or updates it first when the corpus changed.
    ///
    /// Query syntax: words must all match (`treaty Portsmouth`); `OR`, `AND`,
    /// `NOT`, `+word`, `-word`, parentheses; "exact phrases"; `prefix*`;
    /// `word~` and `word~2` (one or two typos); `lang:ko`, `source:003`,
    /// `year:1905` and `year:[1904 TO 1906]` filters
    /// inside the query. Each word is also searched under its aliases
    /// (corpus/aliases.toml, `X(Y)` pairs in the texts), its translations
    /// (the built-in glossary and corpus/glossary.toml: treaty → договор,
    /// 조약, 条約) and its spellings in other scripts (Portsmouth → Портсмут,
    /// 포츠머스; 長崎 → Nagasaki, with Debian's mecab-ipadic installed), unless
    /// --exact is given; a query of a few plain words is also looked up as one
    /// name (Kim Ok-gyun → 김옥균); a word of five letters or more that no
    /// passage holds is also searched with typos. Old spellings (Russian
    /// before 1918), hanja in Korean texts (조선 finds 朝鮮) and words OCR
    /// mixed Latin and Cyrillic letters in are found as their modern forms.
    /// Text output ends with counts per language and source and a timeline by
    /// decade; --json prints one object with hits, dates and facets.
    #[command(after_help = "Examples:\n  \
        shimoda search Portsmouth\n  \
        shimoda search '\"Treaty of Portsmouth\"' --limit 5\n  \
        shimoda search 'Kunashir lang:ko' --from 1945 --to 1960 --facets\n  \
        shimoda search 'Izvolsky OR Sazonov' --source 001 --json\n  \
        shimoda search Japan --offset 10        (the second page)")]
    Search(SearchArgs),
    /// Show the dates passages speak of: the years mentioned by the passages
    /// matching a query, or the dates found in a text given with --text.
    #[command(group = clap::ArgGroup::new("input").required(true).args(["query", "text"]))]
    #[command(after_help = "Examples:\n  \
        shimoda dates Portsmouth                (years the matching passages mention)\n  \
        shimoda dates 'Kunashir lang:en' --json\n  \
        shimoda dates --text '30 July 1907, the 1990s'")]
    Dates {
        /// A query (same syntax as `search`): tabulate the years its passages mention.
        query: Option<String>,
        /// Run the date extractor on this text alone (no index needed).
        #[arg(long)]
        text: Option<String>,
        #[command(flatten)]
        place: Place,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the known aliases: spellings of one entity in several scripts,
    /// from corpus/aliases.toml, mined from the texts (`쿠나시르(Kunashir)`),
    /// translations from the glossary (built in, and corpus/glossary.toml)
    /// and, for a WORD, spellings found by transliteration in the index.
    #[command(after_help = "Examples:\n  \
        shimoda aliases                 (every alias group)\n  \
        shimoda aliases 쿠나시르        (the spellings searched with this word)\n  \
        shimoda aliases treaty          (its translations and their glossary entry)\n  \
        shimoda aliases Kunashir --json")]
    Aliases {
        /// Show only what is known of this word.
        word: Option<String>,
        #[command(flatten)]
        place: Place,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show what shimoda reads from one file: its format, encoding, and
    /// passages with their language and location (page, section, line), or
    /// why it refuses the file.
    ///
    /// Run it when a document is not found by a search. Formats are told by
    /// content: PDF (the text layer, page by page), HTML (the main content,
    /// without navigation), DOCX, ODT, EPUB, and plain text in any
    /// encoding.
    #[command(after_help = "Examples:\n  \
        shimoda extract corpus/report.pdf\n  \
        shimoda extract page.html --json")]
    Extract {
        /// The file to read.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Also show the interface lines of a web page saved as text, which
        /// indexing leaves out unless `index --boilerplate keep`.
        #[arg(long)]
        keep_boilerplate: bool,
        /// Read pages without a text layer with OCR (see `index --ocr`).
        #[arg(long)]
        ocr: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Time a fixed set of 22 queries in-process on a warm index (for
    /// benchmarks: see bench/README.md); prints JSON lines with p50 and p95.
    #[command(after_help = "Examples:\n  \
        shimoda bench\n  \
        shimoda bench --reps 200 --corpus corpus   (also time the change check)")]
    Bench {
        #[command(flatten)]
        index: IndexArg,
        /// Also time the check of this corpus for changes that a search makes.
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
        /// Runs of each query (1 to 100000).
        #[arg(long, value_name = "N", default_value_t = 50,
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
        reps: usize,
    },
    /// Open the reading room: a page in the browser to search, filter by
    /// language, source and period, see the timeline, read the passages in
    /// their documents and export the results.
    ///
    /// Serves the page and a JSON API (the contract of `search --json`) on
    /// 127.0.0.1; builds the index first when there is none (the page shows
    /// it building) and keeps it in step with the corpus while it runs.
    /// There is no authentication: listening on another address (--bind)
    /// lets anyone who can reach it read the whole collection. Ctrl-C stops
    /// it.
    #[command(after_help = "Examples:\n  \
        shimoda serve                          (then open http://127.0.0.1:7755)\n  \
        shimoda serve --open                   (and open it in the browser)\n  \
        shimoda serve --corpus texts/ --index texts.idx --port 8080")]
    Serve {
        #[command(flatten)]
        place: Place,
        /// Address to listen on; anything but a loopback address exposes
        /// the collection to the network.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on (0: any free port).
        #[arg(long, value_name = "N", default_value_t = 7755)]
        port: u16,
        /// Open the page in the default browser once the server listens.
        #[arg(long)]
        open: bool,
    },
    /// Answer the shard protocol for one index on standard input and
    /// output, a JSON call per line (see docs/json.md): what a coordinator
    /// runs for each shard of a sharded index.
    #[command(
        name = "shard-serve",
        after_help = "Examples:\n  \
        shimoda shard-serve --index shards/shard-002"
    )]
    ShardServe {
        #[command(flatten)]
        index: IndexArg,
    },
    /// Coordinate searches of a sharded index whose shards another program
    /// reaches (a cluster runtime): searches come in on standard input, the
    /// calls for the shards go out on standard output and their answers
    /// come back (see docs/json.md). `search --cluster` does all this on
    /// one machine.
    #[command(after_help = "Examples:\n  \
        shimoda coordinate --cluster shards/")]
    Coordinate {
        /// The sharded index's folder.
        #[arg(long, value_name = "DIR")]
        cluster: PathBuf,
    },
    /// Show what an index holds: files, passages, languages, encodings, size.
    #[command(after_help = "Examples:\n  \
        shimoda stats\n  \
        shimoda stats --index texts.idx --json")]
    Stats {
        #[command(flatten)]
        index: IndexArg,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print a completion script for a shell.
    #[command(after_help = "Examples:\n  \
        shimoda completions bash > ~/.local/share/bash-completion/completions/shimoda\n  \
        shimoda completions zsh > ~/.zfunc/_shimoda     (with fpath+=~/.zfunc in ~/.zshrc)\n  \
        shimoda completions fish > ~/.config/fish/completions/shimoda.fish")]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Examples:\n  \
        shimoda man > ~/.local/share/man/man1/shimoda.1\n  \
        shimoda man | man -l -")]
    Man,
}

// Indexing allocates many short strings on several threads at once; mimalloc
// keeps per-thread heaps and costs far less per allocation than glibc here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = render::printable(&message);
        eprintln!("shimoda: internal error: {message}{place} (please report it)");
    }));
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match run(cli.command, cli.color, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            say(&e.to_string());
            ExitCode::from(exit_code(&e))
        }
    }
}

/// The exit code of an error: 2 for a bad query (the user's input, as for
/// a bad argument, which clap reports with 2), 1 for everything that went
/// wrong at run time.
fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Search(shimoda::SearchError::Query(_))
        | Error::Cluster(cluster::ClusterError::Search(shimoda::SearchError::Query(_))) => 2,
        _ => 1,
    }
}

/// Prints a message on stderr. Messages carry paths and texts of the
/// corpus, so they are made printable first (see [`render::printable`]).
fn say(message: &str) {
    eprintln!("shimoda: {}", render::printable(message));
}

/// How matches are marked: bold when colour is asked for, or when the
/// output is a terminal and NO_COLOR is not set (https://no-color.org:
/// any non-empty value counts), «quotes» otherwise.
fn marks(color: Color, terminal: bool, no_color: Option<std::ffi::OsString>) -> Marks {
    let bold = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    };
    if bold { Marks::Bold } else { Marks::Quotes }
}

fn run(command: Command, color: Color, out: &mut dyn Write) -> Result<(), Error> {
    match command {
        Command::Index {
            place,
            full,
            boilerplate,
            ocr,
            shards,
            shard,
        } => {
            let dir = &place.index.index;
            let corpus = match (&place.corpus, cluster::read_manifest(dir)) {
                (None, Ok(manifest)) => manifest.corpus,
                _ => place.corpus(),
            };
            let mut options = place.index_options(corpus, full);
            options.keep_boilerplate = boilerplate.map(|b| b == Boilerplate::Keep);
            options.ocr = ocr;
            if shards.is_some() || shard.is_some() || cluster::is_cluster(dir) {
                let options = cluster::ClusterOptions {
                    index: options,
                    shards,
                    only: shard,
                };
                for (number, summary) in cluster::index(&options)? {
                    writeln!(out, "shard {number}:")?;
                    render::summary_text(out, &summary)?;
                }
            } else {
                let summary = indexer::run(&options)?;
                render::summary_text(out, &summary)?;
            }
        }
        Command::Add {
            files,
            place,
            force,
        } => add(&files, &place, force, out)?,
        Command::Search(args) => search(&args, color, out)?,
        Command::Dates {
            query,
            text,
            place,
            json,
        } => match text {
            Some(text) => dates_in_text(&text, json, out)?,
            None => years_of_query(&query.unwrap_or_default(), &place, json, out)?,
        },
        Command::Aliases { word, place, json } => {
            let opened = place.open()?;
            let listing = shimoda::search::aliases(&opened, word.as_deref())?;
            json_or(out, json, &listing, render::aliases_text)?;
        }
        Command::Extract {
            file,
            keep_boilerplate,
            ocr,
            json,
        } => {
            let reading = shimoda::ingest::Reading {
                keep_boilerplate,
                ocr,
            };
            let extracted = shimoda::inspect::extract(&file, reading)?;
            json_or(out, json, &extracted, render::extracted_text)?;
        }
        Command::Bench {
            index,
            corpus,
            reps,
        } => {
            not_sharded(&index.index)?;
            bench(&index.index, corpus.as_deref(), reps, out)?
        }
        Command::Stats { index, json } => {
            not_sharded(&index.index)?;
            let opened = indexer::open(&index.index)?;
            let stats = indexer::stats(&opened)?;
            json_or(out, json, &stats, render::stats_text)?;
        }
        Command::Completions { shell } => {
            // The generator panics when a write fails (a closed pipe): it
            // writes to memory, and a failed write is an error like others.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "shimoda", &mut script);
            out.write_all(&script)?;
        }
        Command::Man => man::write(out, Cli::command())?,
        Command::Serve {
            place,
            bind,
            port,
            open,
        } => serve(&place, bind, port, open, out)?,
        Command::ShardServe { index } => {
            let mut shard = cluster::shard::Shard::open(&index.index)?;
            let input = std::io::stdin().lock();
            cluster::shard::serve(&mut shard, input, &mut *out)?;
        }
        Command::Coordinate { cluster: dir } => {
            let manifest = cluster::read_manifest(&dir)?;
            let input = std::io::stdin().lock();
            cluster::relay::Relay::new(manifest.shards, input, &mut *out).serve()?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `add`: copies the files into the corpus, then updates the index.
fn add(files: &[PathBuf], place: &Place, force: bool, out: &mut dyn Write) -> Result<(), Error> {
    not_sharded(&place.index.index)?;
    let corpus = place.corpus();
    let added = shimoda::ingest::add(&corpus, files, force).map_err(shimoda::IndexError::from)?;
    let summary = indexer::run(&place.index_options(corpus, false))?;
    render::added_text(out, &added)?;
    render::summary_text(out, &summary)?;
    if !added.refused.is_empty() {
        return Err(Error::Refused(added.refused.len()));
    }
    Ok(())
}

fn search(args: &SearchArgs, color: Color, out: &mut dyn Write) -> Result<(), Error> {
    let results = match &args.cluster {
        Some(dir) => {
            let program = std::env::current_exe()?;
            cluster::search_local(dir, &program, &args.options(), &mut |m| say(m))?
        }
        None => {
            let opened = args.place.open()?;
            shimoda::search::search(&opened, &args.options())?
        }
    };
    if args.json {
        render::results_json(out, results)?;
    } else {
        let on_terminal = std::io::stdout().is_terminal();
        let marks = marks(color, on_terminal, std::env::var_os("NO_COLOR"));
        render::results_text(out, &results, args.offset, marks, args.facets)?;
    }
    Ok(())
}

/// Refuses a sharded index's folder where one index is meant: writing a
/// single index there would mix it with the shards.
fn not_sharded(index: &Path) -> Result<(), Error> {
    if cluster::is_cluster(index) {
        return Err(cluster::ClusterError::IsCluster(index.to_path_buf()).into());
    }
    Ok(())
}

/// `serve`: runs the reading room until Ctrl-C.
fn serve(
    place: &Place,
    bind: std::net::IpAddr,
    port: u16,
    open: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    not_sharded(&place.index.index)?;
    if !bind.is_loopback() {
        say(&format!(
            "warning: listening on {bind}: anyone who can reach this address can read the \
             whole collection (there is no authentication)"
        ));
    }
    let options = shimoda::serve::ServeOptions {
        index: place.index.index.clone(),
        corpus: place.corpus(),
        bind,
        port,
        check_every: std::time::Duration::from_secs(2),
    };
    let mut printed: std::io::Result<()> = Ok(());
    shimoda::serve::serve(&options, |addr| {
        let url = format!("http://{addr}/");
        printed = writeln!(
            out,
            "shimoda: the reading room is at {url} (Ctrl-C stops it)"
        )
        .and_then(|()| out.flush());
        if open {
            open_in_browser(&url);
        }
    })?;
    printed?;
    Ok(())
}

/// Opens `url` in the desktop's browser, if there is one to ask.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        say(&format!(
            "cannot open a browser ({opener}); open {url} yourself"
        ));
    }
}

/// `dates --text`: the dates the extractor finds in one text.
fn dates_in_text(text: &str, json: bool, out: &mut dyn Write) -> Result<(), Error> {
    let mentions = shimoda::dates::extract(text);
    if json {
        render::dates_json(out, &mentions)?;
    } else {
        render::dates_text(out, &mentions)?;
    }
    Ok(())
}

/// `dates QUERY`: the years the passages matching a query mention.
fn years_of_query(
    query: &str,
    place: &Place,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let opened = place.open()?;
    let options = SearchOptions {
        query: query.to_string(),
        // Only the years are shown: no hits, no source names.
        limit: 0,
        top_sources: 1,
        ..SearchOptions::default()
    };
    let results = shimoda::search::search(&opened, &options)?;
    if json {
        render::json_line(out, &results.facets.year)?;
    } else {
        render::year_table(out, &results)?;
    }
    Ok(())
}

fn bench(
    index: &Path,
    corpus: Option<&Path>,
    reps: usize,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if let Some(corpus) = corpus {
        render::json_line(out, &shimoda::bench::freshness(index, corpus, reps)?)?;
    }
    let opened = indexer::open(index)?;
    for latency in shimoda::bench::run(&opened, reps)? {
        render::json_line(out, &latency)?;
    }
    Ok(())
}

/// Writes `value` as one JSON line, or as text for people.
fn json_or<T: serde::Serialize>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    text: fn(&mut dyn Write, &T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if json {
        render::json_line(out, value)
    } else {
        text(out, value)
    }
}

/// Builds or updates the index before a search when the corpus changed,
/// saying so on stderr, and opens it.
fn refresh(index: &Path, corpus: Option<&Path>) -> Result<indexer::OpenIndex, Error> {
    not_sharded(index)?;
    let progress = std::io::stderr().is_terminal();
    let (opened, refreshed) = indexer::refresh(index, corpus, progress, &mut |why| say(why))?;
    if let Some(summary) = refreshed {
        for skipped in &summary.skipped {
            say(&format!("skipped {}: {}", skipped.path, skipped.reason));
        }
        for warning in &summary.warnings {
            say(&format!("warning: {}: {}", warning.path, warning.reason));
        }
        eprintln!(
            "shimoda: indexed {} passages from {} files in {:.2} s",
            summary.total_passages, summary.total_files, summary.seconds
        );
    }
    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_bold_on_a_terminal_unless_no_color_or_never() {
        let set = |v: &str| Some(std::ffi::OsString::from(v));
        for (color, terminal, no_color, expected) in [
            (Color::Auto, true, None, Marks::Bold),
            (Color::Auto, true, set(""), Marks::Bold),
            (Color::Auto, true, set("1"), Marks::Quotes),
            (Color::Auto, false, None, Marks::Quotes),
            (Color::Always, false, set("1"), Marks::Bold),
            (Color::Never, true, None, Marks::Quotes),
        ] {
            assert_eq!(marks(color, terminal, no_color), expected);
        }
    }

    #[test]
    fn arguments_are_well_defined() {
        Cli::command().debug_assert();
    }
}
