//! `chatwire-hostile [--lifetime SECS]`: prints one line of JSON with its URLs, then serves until
//! stdin reaches end of file (the process that spawned it with a pipe has gone), the lifetime
//! passes, or it is killed.

use std::io::Write;
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use chatwire_hostile::HostileServer;

const USAGE: &str = "usage: chatwire-hostile [--lifetime SECS]";
const DEFAULT_LIFETIME: Duration = Duration::from_secs(1800);

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Duration, String> {
    let mut lifetime = DEFAULT_LIFETIME;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lifetime" => {
                let value = args.next().ok_or("--lifetime needs a value")?;
                let seconds = value
                    .parse()
                    .map_err(|_| format!("--lifetime: {value:?} is not a whole number"))?;
                lifetime = Duration::from_secs(seconds);
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(lifetime)
}

fn main() -> ExitCode {
    let lifetime = match parse_args(std::env::args().skip(1)) {
        Ok(lifetime) => lifetime,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let server = match HostileServer::start() {
        Ok(server) => server,
        Err(error) => {
            eprintln!("chatwire-hostile: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", server.startup_line())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }

    let (stdin_closed, closed) = mpsc::channel();
    thread::spawn(move || {
        // Whatever comes in is ignored; end of file (or an error) means the parent is gone.
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
        let _ = stdin_closed.send(());
    });
    let reason = match closed.recv_timeout(lifetime) {
        Ok(()) | Err(RecvTimeoutError::Disconnected) => "stdin closed",
        Err(RecvTimeoutError::Timeout) => "lifetime passed",
    };
    eprintln!("chatwire-hostile: {reason}, exiting");
    drop(server);
    // Connection threads may still be stalling; they end with the process.
    std::process::exit(0)
}
