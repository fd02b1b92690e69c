//! The `regionkg` binary: parses the command line and dispatches to the commands.

mod cli;
mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("regionkg: {e:#}");
            ExitCode::from(commands::EXIT_FAILURE)
        }
    }
}
