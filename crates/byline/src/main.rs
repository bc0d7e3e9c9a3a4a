//! The `byline` command. Everything lives in the library; this only reports how a
//! command ended: a one-line error and a non-zero exit, never a backtrace.

use std::process::ExitCode;

fn main() -> ExitCode {
    match byline::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
