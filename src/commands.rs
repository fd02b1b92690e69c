//! The commands behind the command line: they turn parsed arguments into library calls, print
//! data on stdout and messages for people on stderr, and choose the exit status.

use crate::cli::{BuildArgs, Cli, Command, ExportCommand, FormatArg, GazetteerArgs, QueryArgs};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use regionkg::corpus::{discover, Corpus};
use regionkg::gazetteer::{Gazetteer, GazetteerOptions};
use regionkg::graphml::Network;
use regionkg::output::{write_results, ResultFormat};
use regionkg::pipeline::{self, BuildOptions, Processed};
use regionkg::recognise::Recognizer;
use regionkg::store::Store;
use regionkg::text::CharCounter;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub const EXIT_FAILURE: u8 = 1;
/// The run finished, but some inputs or records were skipped.
pub const EXIT_PARTIAL: u8 = 3;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => {
            set_jobs(args.jobs.jobs)?;
            build(args)
        }
        Command::Tag(args) => {
            set_jobs(args.jobs.jobs)?;
            tag(&args.inputs, &args.gazetteer)
        }
        Command::Read(args) => read(&args.inputs),
        Command::Query(args) => query(args),
        Command::Export(ExportCommand::Graphml(args)) => {
            let store = Store::open(&args.store)?;
            let network = Network::from_store(&store)?;
            write_to(args.output.as_deref(), |out| {
                network.write_graphml(out).map_err(Into::into)
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn set_jobs(jobs: Option<usize>) -> Result<()> {
    if let Some(n) = jobs {
        if n == 0 {
            bail!("--jobs must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    Ok(())
}

fn load_recognizer(args: &GazetteerArgs) -> Result<Recognizer> {
    let gazetteer = Gazetteer::load(&GazetteerOptions {
        no_builtin: args.no_builtin_gazetteers,
        layers: args.gazetteers.clone(),
    })
    .context("cannot load the gazetteers")?;
    Ok(Recognizer::new(gazetteer)?)
}

fn report_error(errors: &mut usize) -> impl FnMut(&regionkg::Error) + '_ {
    move |e| {
        *errors += 1;
        eprintln!("regionkg: skipped {e}");
    }
}

fn status(skipped: usize) -> ExitCode {
    if skipped > 0 {
        eprintln!("regionkg: {skipped} input(s) or record(s) were skipped (see above)");
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes to a file (created whole, then renamed into place) or to stdout.
fn write_to(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match path {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            write(&mut out)?;
            out.flush().context("cannot write to stdout")?;
        }
        Some(path) => {
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot create {}", tmp.display()))?;
            let mut out = BufWriter::new(file);
            write(&mut out)?;
            out.flush()
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            drop(out);
            std::fs::rename(&tmp, path).with_context(|| {
                format!("cannot rename {} to {}", tmp.display(), path.display())
            })?;
        }
    }
    Ok(())
}

fn progress_bar() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {elapsed}")
            .expect("valid progress template"),
    );
    Some(bar)
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let recognizer = load_recognizer(&args.gazetteer)?;
    let bar = progress_bar();
    let on_progress = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let mut skipped = 0;
    let options = BuildOptions {
        inputs: args.inputs.clone(),
        store: args.store.clone(),
        replace: args.replace,
    };
    let (report, _graph) = pipeline::build(
        &options,
        &recognizer,
        &mut report_error(&mut skipped),
        &on_progress,
    )
    .with_context(|| format!("build into {} failed", args.store.display()))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(path) = &args.graphml {
        let store = Store::open(&args.store)?;
        let network = Network::from_store(&store)?;
        write_to(Some(path), |out| {
            network.write_graphml(out).map_err(Into::into)
        })?;
    }
    if !args.quiet {
        let r = &report.read;
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "regionkg: {} {} in {:.1} s\n  files      {} ({} ignored)\n  documents  {} ({} duplicates skipped, {} errors)\n  sentences  {}\n  mentions   {}\n  entities   {}\n  edges      {}\n  quads      {}\n  text       {:.1} MB ({:.1} MB/s)\n  store      {:.1} MB",
            if report.replaced { "rebuilt" } else { "built" },
            args.store.display(),
            secs,
            r.files,
            r.ignored_files,
            r.documents,
            r.duplicates,
            r.errors,
            r.sentences,
            r.mentions,
            report.entities,
            report.edges,
            report.quads,
            r.bytes as f64 / 1e6,
            r.bytes as f64 / 1e6 / secs.max(1e-9),
            report.store_bytes as f64 / 1e6,
        );
        if let Some(path) = &args.graphml {
            eprintln!("  graphml    {}", path.display());
        }
    }
    Ok(status(skipped))
}

#[derive(serde::Serialize)]
struct TagLine<'a> {
    doc: &'a str,
    path: String,
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    entity: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    resolution: &'static str,
}

fn tag(inputs: &[std::path::PathBuf], gazetteer: &GazetteerArgs) -> Result<ExitCode> {
    let recognizer = load_recognizer(gazetteer)?;
    let g = recognizer.gazetteer();
    let mut skipped = 0;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut consume = |p: Processed<'_>| -> regionkg::Result<()> {
        let path = p.document.path.to_string_lossy().into_owned();
        for m in p.mentions {
            let e = g.entity(m.entity);
            let line = TagLine {
                doc: &p.document.id,
                path: path.clone(),
                sentence: m.sentence,
                start: m.start,
                end: m.end,
                text: &m.text,
                entity: &e.id,
                name: &e.name,
                kind: e.kind.as_str(),
                resolution: m.resolution.as_str(),
            };
            serde_json::to_writer(&mut out, &line)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|e| regionkg::Error::Invalid(format!("cannot write to stdout: {e}")))?;
        }
        Ok(())
    };
    pipeline::process(
        inputs,
        &recognizer,
        &mut report_error(&mut skipped),
        &|_, _| {},
        &mut consume,
    )?;
    out.flush().context("cannot write to stdout")?;
    Ok(status(skipped))
}

#[derive(serde::Serialize)]
struct ReadLine<'a> {
    doc: &'a str,
    path: String,
    line: Option<usize>,
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
    channel: Option<&'a str>,
    text: &'a str,
    sentences: Vec<[usize; 2]>,
}

fn read(inputs: &[std::path::PathBuf]) -> Result<ExitCode> {
    let found = discover(inputs);
    let mut skipped = 0;
    let mut on_error = report_error(&mut skipped);
    for e in &found.errors {
        on_error(e);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for doc in Corpus::new(found.files) {
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                on_error(&e);
                continue;
            }
        };
        let mut chars = CharCounter::new(&doc.text);
        let sentences = doc
            .sentences
            .iter()
            .map(|s| {
                [
                    chars.char_offset(s.range.start),
                    chars.char_offset(s.range.end),
                ]
            })
            .collect();
        let line = ReadLine {
            doc: &doc.id,
            path: doc.path.to_string_lossy().into_owned(),
            line: doc.line,
            title: doc.title.as_deref(),
            date: doc.date.as_deref(),
            source: doc.source.as_deref(),
            channel: doc.channel.as_deref(),
            text: &doc.text,
            sentences,
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush().context("cannot write to stdout")?;
    drop(on_error);
    Ok(status(skipped))
}

fn query(args: QueryArgs) -> Result<ExitCode> {
    let (sparql, origin) = match (&args.file, &args.expression) {
        (Some(file), None) => (
            std::fs::read_to_string(file)
                .with_context(|| format!("cannot read query file {}", file.display()))?,
            file.display().to_string(),
        ),
        (None, Some(e)) => (e.clone(), "-e".to_string()),
        _ => bail!("give either a query file or -e SPARQL, not both"),
    };
    let mut params = Vec::new();
    for p in &args.params {
        let Some((name, value)) = p.split_once('=') else {
            bail!("--param {p:?}: expected NAME=VALUE");
        };
        params.push((
            name.trim_start_matches(['?', '$']).to_string(),
            value.to_string(),
        ));
    }
    let store = Store::open(&args.store)?;
    let results = store.query(&sparql, &origin, &params)?;
    let format = match args.format {
        FormatArg::Table => ResultFormat::Table,
        FormatArg::Csv => ResultFormat::Csv,
        FormatArg::Tsv => ResultFormat::Tsv,
        FormatArg::Json => ResultFormat::Json,
        FormatArg::Ntriples => ResultFormat::NTriples,
        FormatArg::Turtle => ResultFormat::Turtle,
    };
    let mut rows = 0;
    write_to(None, |out| {
        rows = write_results(results, format, out)?;
        Ok(())
    })?;
    if format == ResultFormat::Table && std::io::stderr().is_terminal() {
        eprintln!("({rows} rows)");
    }
    Ok(ExitCode::SUCCESS)
}
