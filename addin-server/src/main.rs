//! The `addin-server` command line: `serve`, `call`, `catalog`, `migrate`.

use std::process::ExitCode;

fn main() -> ExitCode {
    addin_server::cli::main()
}
