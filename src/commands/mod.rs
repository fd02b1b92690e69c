//! The commands behind the command line: they turn parsed arguments into library calls, print
//! data on stdout and messages for people on stderr, and choose the exit status. One file per
//! group of commands; shared helpers live here.

mod corpus;
mod discover;
mod eval;
mod gazetteer;
mod model;
mod network;
mod store;

use crate::cli::{
    Cli, Command, ExportCommand, GazetteerArgs, GazetteerCommand, ModelArgs, RecogniseArgs,
};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use regionkg::gazetteer::{Gazetteer, GazetteerOptions};
use regionkg::recognise::{Dictionary, Recognizer, RecognizerOptions};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

pub const EXIT_FAILURE: u8 = 1;
/// The run finished, but some inputs or records were skipped.
pub const EXIT_PARTIAL: u8 = 3;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => {
            set_jobs(args.jobs.jobs)?;
            corpus::build(args)
        }
        Command::Tag(args) => {
            set_jobs(args.jobs.jobs)?;
            corpus::tag(&args)
        }
        Command::Read(args) => corpus::read(&args.inputs),
        Command::Query(args) => store::query(args),
        Command::Serve(args) => store::serve(args),
        Command::Export(ExportCommand::Graphml(args)) => store::export_graphml(args),
        Command::Export(ExportCommand::Rdf(args)) => store::export_rdf(args),
        Command::Export(ExportCommand::Csv(args)) => store::export_csv(args),
        Command::Export(ExportCommand::Gexf(args)) => store::export_gexf(args),
        Command::Gazetteer(GazetteerCommand::Check(args)) => gazetteer::check(args),
        Command::Gazetteer(GazetteerCommand::Stats(args)) => gazetteer::stats(args),
        Command::Gazetteer(GazetteerCommand::Coverage(args)) => gazetteer::coverage(args),
        Command::Gazetteer(GazetteerCommand::Import(args)) => gazetteer::import(args),
        Command::Gazetteer(GazetteerCommand::Export(args)) => gazetteer::export(args),
        Command::Gazetteer(GazetteerCommand::Add(args)) => gazetteer::add(args),
        Command::Eval(args) => eval::eval(args),
        Command::Stats(args) => store::stats(args),
        Command::Discover(args) => discover::discover(args),
        Command::Network(args) => network::network(args),
        Command::Lac(args) => {
            set_jobs(args.jobs.jobs)?;
            model::lac(args)
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
    let options = RecognizerOptions {
        boundary_check: !recognise.no_boundary_check,
        rules: !recognise.no_rules,
        statistical: recognise.statistical,
    };
    let recognizer = compile_recognizer(args, options)?;
    // --model-file names the model to use, so it turns the layer on too.
    if !recognise.model && recognise.model_file.model_file.is_none() {
        return Ok(recognizer);
    }
    let model = model::load_model(&recognise.model_file)?;
    Ok(recognizer.with_model(std::sync::Arc::new(model)))
}

/// The recogniser of the gazetteers the arguments name, jieba's dictionary loading on another
/// thread while the gazetteers are read (start-up: about 0.05 s less on 2 cores).
fn compile_recognizer(args: &GazetteerArgs, options: RecognizerOptions) -> Result<Recognizer> {
    let (dictionary, gazetteer) = rayon::join(
        || Dictionary::load(&options),
        || Gazetteer::load(&gazetteer_options(args)),
    );
    let gazetteer = gazetteer.context("cannot load the gazetteers")?;
    Ok(Recognizer::with_dictionary(gazetteer, options, dictionary)?)
}

/// A progress bar on stderr counting `unit` (files, sentences), when stderr is a terminal.
pub(crate) fn progress_bar(unit: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    let template = format!("{{spinner}} {{pos}}/{{len}} {unit} {{wide_bar}} {{elapsed}}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid progress template"));
    Some(bar)
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

/// Writes to stdout, to a device or pipe in place, or to a file created whole beside the target
/// and renamed into place.
fn write_to(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match path {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            write(&mut out)?;
            out.flush().context("cannot write to stdout")?;
        }
        Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) => {
            // A device or pipe (/dev/stdout, a FIFO) is written in place: it cannot be replaced.
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            let mut out = BufWriter::new(file);
            write(&mut out)?;
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Some(path) => {
            // Written whole beside the target, then renamed: an interrupted export never leaves a
            // half-written file where the old one was.
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(".partial");
            let tmp = path.with_file_name(name);
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot create {}", tmp.display()))?;
            let mut out = BufWriter::new(file);
            let written = write(&mut out).and_then(|()| {
                out.flush()
                    .with_context(|| format!("cannot write {}", tmp.display()))
            });
            drop(out);
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            std::fs::rename(&tmp, path).with_context(|| {
                format!("cannot rename {} to {}", tmp.display(), path.display())
            })?;
        }
    }
    Ok(())
}
