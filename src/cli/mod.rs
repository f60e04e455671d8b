//! The `savy` command line: argument parsing and one module per command. Everything here is
//! I/O; the checking itself is the library's.

pub mod args;
mod check;
mod config;
mod discord;
mod input;
mod report;
mod rewrite;
mod rules;
mod serve;

use anyhow::Result;
use args::{Cli, ColorWhen, Command, RulesCommand};

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.global.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    // `rules test` needs no profile: it tests pack files as they are.
    if let Command::Rules(RulesCommand::Test { packs }) = &cli.command {
        return rules::test(packs, &cli.global.rules);
    }
    let loaded = config::load(cli.global.config.as_deref(), &cli.global.rules)?;
    let result = match &cli.command {
        Command::Check(args) => check::run(args, &loaded),
        Command::Report(args) => report::run(args, &loaded),
        Command::Rules(RulesCommand::List { format }) => rules::list(&loaded, *format),
        Command::Rules(RulesCommand::Test { .. }) => unreachable!("handled above"),
        Command::Explain { rule } => rules::explain(&loaded, rule),
        Command::Config => rules::config(&loaded),
        Command::Discord => return discord::run(loaded),
        Command::Serve { listen } => return serve::run(*listen, loaded),
    };
    // The process ends with the command: freeing the voice (every rule, pattern and automaton,
    // one allocation at a time) would cost a short check a tenth of its time, for memory the
    // system takes back at exit anyway.
    std::mem::forget(loaded);
    result
}
