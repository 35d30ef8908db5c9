//! The `postman-codegen` command line. Everything lives in [`cli`]; this file
//! only hands over the process's arguments and exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
