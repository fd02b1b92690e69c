//! `build`, `tag` and `read`: the commands that read a corpus.

use super::{load_recognizer, progress_bar, report_error, status, write_to};
use crate::cli::{BuildArgs, TagArgs};
use anyhow::{Context, Result};
use regionkg::corpus::{discover, Corpus};
use regionkg::export::Network;
use regionkg::lines::Records;
use regionkg::pipeline::{self, BuildOptions, Duplicates, Processed};
use regionkg::store::Store;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

pub fn build(args: BuildArgs) -> Result<ExitCode> {
    if args
        .inputs
        .iter()
        .any(|p| p.as_os_str() == regionkg::corpus::STDIN)
    {
        anyhow::bail!("build reads its inputs again when it builds into the same store, so it takes files and folders, not standard input (-): save the JSONL to a file (tag and read take -)");
    }
    let started = Instant::now();
    let recognizer = load_recognizer(&args.gazetteer, &args.recognise)?;
    if let Some(counts) = &args.from_counts {
        let options = regionkg::counts::CountsOptions {
            counts: counts.clone(),
            store: args.store.clone(),
            replace: args.replace,
            min_count: args.min_count,
        };
        let report =
            regionkg::counts::build_from_counts(&options, &recognizer).with_context(|| {
                format!(
                    "build from the counts in {} into {} failed",
                    counts.display(),
                    args.store.display()
                )
            })?;
        write_graphml(&args)?;
        if !args.quiet {
            let r = &report.read;
            eprintln!(
                "regionkg: {} {} from the counts in {} in {:.1} s\n  documents  {} ({} duplicates skipped)\n  sentences  {}\n  mentions   {}\n  entities   {}\n  edges      {}\n  quads      {}\n  store      {} (no graph per document)",
                if report.replaced { "rebuilt" } else { "built" },
                args.store.display(),
                counts.display(),
                started.elapsed().as_secs_f64(),
                r.documents,
                r.duplicates,
                r.sentences,
                r.mentions,
                report.entities,
                report.edges,
                report.quads,
                human_bytes(report.store_bytes),
            );
            summarise_structure(&report);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let bar = progress_bar("files");
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
        expand_composites: args.expand_composites,
        window: args.window.into(),
        min_count: args.min_count,
    };
    let report = pipeline::build(
        &options,
        &recognizer,
        &mut report_error(&mut skipped),
        &on_progress,
    )
    .with_context(|| format!("build into {} failed", args.store.display()))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    write_graphml(&args)?;
    if !args.quiet {
        let r = &report.read;
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "regionkg: {} {} in {:.1} s\n  files      {} ({} ignored)\n  documents  {} ({} duplicates skipped, {} errors)\n  sentences  {}\n  mentions   {}\n  entities   {}\n  edges      {}\n  quads      {}\n  text       {} ({}/s)\n  store      {}",
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
            human_bytes((r.bytes as f64 / secs.max(1e-9)) as u64),
            human_bytes(report.store_bytes),
        );
        summarise_structure(&report);
        if let Some(c) = report.changes {
            eprintln!(
                "  changes    {} added, {} replaced, {} unchanged, {} removed",
                c.added, c.replaced, c.unchanged, c.removed
            );
        }
        if let Some(path) = &args.graphml {
            eprintln!("  graphml    {}", path.display());
        }
    }
    Ok(status(skipped))
}

/// With --graphml, the co-occurrence graph as the store has it.
fn write_graphml(args: &BuildArgs) -> Result<()> {
    if let Some(path) = &args.graphml {
        let store = Store::open(&args.store)?;
        let network = Network::from_store(&store)?;
        write_to(Some(path), |out| {
            network.write_graphml(out).map_err(Into::into)
        })?;
    }
    Ok(())
}

fn summarise_structure(report: &pipeline::BuildReport) {
    let (within, member) =
        report
            .structure
            .graph
            .edge_weights()
            .fold((0, 0), |(w, m), r| match r {
                regionkg::graph::Relation::Within => (w + 1, m),
                regionkg::graph::Relation::Member => (w, m + 1),
            });
    eprintln!("  structure  {within} within, {member} member relations");
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

pub fn tag(args: &TagArgs) -> Result<ExitCode> {
    let recognizer = load_recognizer(&args.gazetteer, &args.recognise)?;
    let g = recognizer.gazetteer();
    let mut skipped = 0;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let records = args.records.then_some(Records {
        window: args.window.into(),
        expand_composites: args.expand_composites,
    });
    if let Some(records) = records {
        regionkg::lines::write_run_record(
            records,
            &pipeline::gazetteer_hash(g),
            &recognizer.describe(),
            &mut out,
        )?;
    }
    let mut consume = |p: Processed<'_>| match records {
        Some(records) => regionkg::lines::write_records(
            g,
            records,
            p.document,
            p.content_hash,
            p.mentions,
            &mut out,
        ),
        None => regionkg::lines::write_mentions(g, p.document, p.mentions, &mut out),
    };
    pipeline::process_with(
        &args.inputs,
        &recognizer,
        if records.is_some() {
            Duplicates::Keep
        } else {
            Duplicates::Skip
        },
        &mut report_error(&mut skipped),
        &|_, _| {},
        &mut consume,
    )?;
    out.flush().context("cannot write to stdout")?;
    Ok(status(skipped))
}

pub fn read(inputs: &[std::path::PathBuf]) -> Result<ExitCode> {
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
        regionkg::lines::write_document(&doc, &mut out)?;
    }
    out.flush().context("cannot write to stdout")?;
    drop(on_error);
    Ok(status(skipped))
}
