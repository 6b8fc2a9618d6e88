fn main() -> std::process::ExitCode {
    crosswalk::cli::main()
}
