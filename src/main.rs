//! The `regionkg` binary: parses the command line and dispatches to the commands.

mod cli;
mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        // The reader went away (`regionkg tag ... | head`): stop quietly, as Unix tools do.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("regionkg: {e:#}");
            ExitCode::from(commands::EXIT_FAILURE)
        }
    }
}

/// Whether the error is, or was caused by, an I/O error of kind `BrokenPipe` (typed all the way:
/// the library keeps the `io::ErrorKind` of write errors).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| cause.downcast_ref::<regionkg::Error>()?.io_kind());
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
