//! The commands behind the command line: they turn parsed arguments into library calls, print
//! data on stdout and messages for people on stderr, and choose the exit status.

use crate::cli::{
    BuildArgs, CheckArgs, Cli, Command, CoverageArgs, ExportCommand, FormatArg, GazetteerArgs,
    GazetteerCommand, GazetteerExportArgs, ImportArgs, InteropFormat, QueryArgs, RecogniseArgs,
};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use regionkg::corpus::{discover, Corpus};
use regionkg::gazetteer::{check, interop, tsv, EntityType, Gazetteer, GazetteerOptions};
use regionkg::graphml::Network;
use regionkg::output::{write_results, ResultFormat};
use regionkg::pipeline::{self, BuildOptions, Processed};
use regionkg::recognise::{Recognizer, RecognizerOptions};
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
            tag(&args.inputs, &args.gazetteer, &args.recognise)
        }
        Command::Read(args) => read(&args.inputs),
        Command::Query(args) => query(args),
        Command::Gazetteer(GazetteerCommand::Check(args)) => gazetteer_check(args),
        Command::Gazetteer(GazetteerCommand::Stats(args)) => {
            gazetteer_stats(&Gazetteer::load(&gazetteer_options(&args.gazetteer))?)
        }
        Command::Gazetteer(GazetteerCommand::Coverage(args)) => gazetteer_coverage(args),
        Command::Gazetteer(GazetteerCommand::Import(args)) => gazetteer_import(args),
        Command::Gazetteer(GazetteerCommand::Export(args)) => gazetteer_export(args),
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

fn gazetteer_options(args: &GazetteerArgs) -> GazetteerOptions {
    GazetteerOptions {
        no_builtin: args.no_builtin_gazetteers,
        layers: args.gazetteers.clone(),
    }
}

fn load_recognizer(args: &GazetteerArgs, recognise: &RecogniseArgs) -> Result<Recognizer> {
    let gazetteer =
        Gazetteer::load(&gazetteer_options(args)).context("cannot load the gazetteers")?;
    let options = RecognizerOptions {
        boundary_check: !recognise.no_boundary_check,
    };
    Ok(Recognizer::with_options(gazetteer, options)?)
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
    let recognizer = load_recognizer(&args.gazetteer, &args.recognise)?;
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
            "regionkg: {} {} in {:.1} s\n  files      {} ({} ignored)\n  documents  {} ({} duplicates skipped, {} errors)\n  sentences  {}\n  mentions   {}\n  entities   {}\n  edges      {}\n  quads      {}\n  text       {} ({:.1} MB/s)\n  store      {}",
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
            human_bytes(r.bytes),
            r.bytes as f64 / 1e6 / secs.max(1e-9),
            human_bytes(report.store_bytes),
        );
        if let Some(path) = &args.graphml {
            eprintln!("  graphml    {}", path.display());
        }
    }
    Ok(status(skipped))
}

/// 1234567 → "1.2 MB"; 2345 → "2.3 kB".
fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.1} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1} kB", n as f64 / 1e3),
        n => format!("{n} B"),
    }
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

fn tag(
    inputs: &[std::path::PathBuf],
    gazetteer: &GazetteerArgs,
    recognise: &RecogniseArgs,
) -> Result<ExitCode> {
    let recognizer = load_recognizer(gazetteer, recognise)?;
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

fn gazetteer_check(args: CheckArgs) -> Result<ExitCode> {
    let report = check::check(&gazetteer_options(&args.gazetteer))?;
    for e in &report.errors {
        eprintln!("{e}");
    }
    for w in &report.warnings {
        eprintln!("{w}");
    }
    if let Some(g) = &report.gazetteer {
        let limit = if args.all { usize::MAX } else { 40 };
        for shared in report.shared.iter().take(limit) {
            let (first, _) = shared.candidates[0];
            let e = g.entity(first);
            let names: Vec<String> = shared
                .candidates
                .iter()
                .map(|(c, _)| {
                    let c = g.entity(*c);
                    let within = g
                        .find(&c.id)
                        .and_then(|i| g.parent(i))
                        .map_or(String::new(), |p| format!(" in {}", g.entity(p).name));
                    format!("{} {}{}", c.id, c.name, within)
                })
                .collect();
            eprintln!(
                "{}:{}: note: {:?} names {} entities: {}; the one whose ancestor the document names wins, else {}",
                e.origin.path.display(),
                e.origin.line,
                shared.surface,
                shared.candidates.len(),
                names.join("; "),
                e.id
            );
        }
        if report.shared.len() > limit {
            eprintln!(
                "... and {} more shared names (--all lists them)",
                report.shared.len() - limit
            );
        }
    }
    eprintln!(
        "regionkg: {} errors, {} warnings, {} shared names",
        report.errors.len(),
        report.warnings.len(),
        report.shared.len()
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILURE)
    })
}

fn gazetteer_stats(g: &Gazetteer) -> Result<ExitCode> {
    let s = check::stats(g);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut by_type: std::collections::BTreeMap<EntityType, (usize, usize, usize)> =
        std::collections::BTreeMap::new();
    for ((kind, subtype), (n, a, c)) in &s.by_subtype {
        rows.push(vec![
            kind.to_string(),
            subtype.clone(),
            n.to_string(),
            a.to_string(),
            c.to_string(),
        ]);
        let t = by_type.entry(*kind).or_default();
        t.0 += n;
        t.1 += a;
        t.2 += c;
    }
    for (kind, (n, a, c)) in by_type {
        rows.push(vec![
            kind.to_string(),
            "(all)".into(),
            n.to_string(),
            a.to_string(),
            c.to_string(),
        ]);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    regionkg::output::write_table(
        &["type", "subtype", "entities", "aliases", "context_aliases"].map(String::from),
        &rows,
        &mut out,
    )?;
    writeln!(
        out,
        "\n{} entities, {} distinct surfaces ({} shared by several entities), {} abbreviations",
        s.entities, s.surfaces, s.shared_surfaces, s.abbreviations
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn gazetteer_coverage(args: CoverageArgs) -> Result<ExitCode> {
    let g = Gazetteer::load(&gazetteer_options(&args.gazetteer))?;
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not valid JSON", args.gold.display(), i + 1))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(String::from);
        match (field("surface"), field("type")) {
            (Some(s), Some(t)) => pairs.push((s, t)),
            _ => bail!(
                "{}:{}: needs string fields \"surface\" and \"type\"",
                args.gold.display(),
                i + 1
            ),
        }
    }
    let cov = check::coverage(&g, pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())));
    let rows: Vec<Vec<String>> = cov
        .iter()
        .map(|(t, (k, n))| {
            vec![
                t.clone(),
                k.to_string(),
                n.to_string(),
                format!("{:.3}", *k as f64 / (*n).max(1) as f64),
            ]
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    regionkg::output::write_table(
        &["type", "known", "mentions", "share"].map(String::from),
        &rows,
        &mut out,
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn gazetteer_import(args: ImportArgs) -> Result<ExitCode> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| k.parse::<EntityType>().map_err(anyhow::Error::msg))
        .transpose()?;
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let reader = std::io::BufReader::new(file);
    let imported = match args.from {
        InteropFormat::Jieba => interop::import_jieba(&args.file, reader, kind),
        InteropFormat::Spacy => {
            if kind.is_some() {
                bail!("--type applies to jieba dictionaries only");
            }
            interop::import_spacy(&args.file, reader)
        }
    };
    for p in &imported.skipped {
        eprintln!("regionkg: skipped {p}");
    }
    write_to(args.output.as_deref(), |out| {
        writeln!(
            out,
            "# Imported by regionkg gazetteer import from {}",
            args.file.display()
        )?;
        tsv::write_entities(&imported.entities, out)?;
        Ok(())
    })?;
    eprintln!("regionkg: {} entities imported", imported.entities.len());
    Ok(status(imported.skipped.len()))
}

fn gazetteer_export(args: GazetteerExportArgs) -> Result<ExitCode> {
    let g = Gazetteer::load(&gazetteer_options(&args.gazetteer))?;
    write_to(args.output.as_deref(), |out| {
        match args.to {
            InteropFormat::Jieba => interop::export_jieba(&g, out)?,
            InteropFormat::Spacy => interop::export_spacy(&g, out)?,
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
