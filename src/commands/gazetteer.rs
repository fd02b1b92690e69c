//! `gazetteer check|stats|coverage|import|export`.

use super::{gazetteer_options, status, write_to, EXIT_FAILURE};
use crate::cli::{
    AddArgs, CheckArgs, CoverageArgs, GazetteerExportArgs, ImportArgs, InteropFormat, StatsArgs,
};
use anyhow::{bail, Context, Result};
use regionkg::gazetteer::{check, interop, tsv, EntityType, Gazetteer};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

pub fn check(args: CheckArgs) -> Result<ExitCode> {
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
            eprintln!("{}", shared.note(g));
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

pub fn stats(args: StatsArgs) -> Result<ExitCode> {
    let g = &Gazetteer::load(&gazetteer_options(&args.gazetteer))?;
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

pub fn coverage(args: CoverageArgs) -> Result<ExitCode> {
    let g = Gazetteer::load(&gazetteer_options(&args.gazetteer))?;
    let pairs = regionkg::eval::read_surface_types(&args.gold)?;
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

pub fn import(args: ImportArgs) -> Result<ExitCode> {
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

pub fn export(args: GazetteerExportArgs) -> Result<ExitCode> {
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

pub fn add(args: AddArgs) -> Result<ExitCode> {
    let kind: EntityType = args.kind.parse().map_err(anyhow::Error::msg)?;
    let id = args.id.clone().unwrap_or_else(|| args.name.clone());
    let mut entity = tsv::new_entity(&id, args.name.trim(), kind, args.layer.clone(), 0);
    entity.subtype = args.subtype.clone().unwrap_or_default();
    entity.aliases = args.aliases.clone();
    entity.context_aliases = args.context_aliases.clone();
    entity.parent = args.parent.clone();
    entity.members = args.members.clone();
    entity.code = args.code.clone();
    // The existing layer, if any, and the new row, as text: then check the whole like any load.
    let existing = match std::fs::read_to_string(&args.layer) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", args.layer.display())),
    };
    let text = regionkg::gazetteer::edit::with_row(
        &args.layer,
        &existing,
        &entity,
        &gazetteer_options(&args.gazetteer),
    )
    .context("the row would make the gazetteer invalid")?;
    write_to(Some(&args.layer), |out| {
        out.write_all(text.as_bytes())?;
        Ok(())
    })?;
    eprintln!(
        "regionkg: added {id} ({}) to {}",
        args.name,
        args.layer.display()
    );
    Ok(ExitCode::SUCCESS)
}
