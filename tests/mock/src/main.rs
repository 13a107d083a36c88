//! `chatwire-mock [--port N] [--token-delay-ms N] [--relaxed-rate-limits]`: prints the base URL on
//! one line, then serves until killed.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use chatwire_mock::{Config, MockServer};

const USAGE: &str = "usage: chatwire-mock [--port N] [--token-delay-ms N] [--relaxed-rate-limits]";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or_else(|| format!("{name} needs a value"))?;
            value
                .parse()
                .map_err(|_| format!("{name}: {value:?} is not a whole number"))
        };
        match arg.as_str() {
            "--port" => {
                config.port = u16::try_from(number("--port")?)
                    .map_err(|_| "--port: out of range".to_owned())?;
            }
            "--token-delay-ms" => {
                config.token_delay = Duration::from_millis(number("--token-delay-ms")?)
            }
            "--relaxed-rate-limits" => config.relaxed_rate_limits = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let server = match MockServer::start(config).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("chatwire-mock: cannot listen: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", server.base_url());
    // Whoever reads the URL may be waiting on a pipe.
    let _ = std::io::stdout().flush();
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
