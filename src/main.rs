//! The `crosswalk` binary: the command line (`cli`), which opens the window when no subcommand is given.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
