//! Termination signals while the full-screen UI runs. `timeout`, systemd, a closed SSH session
//! and tmux end programs with SIGTERM, SIGHUP, SIGINT or SIGQUIT; left to their default action
//! they kill the process with the terminal still raw, in the alternate screen, the cursor hidden
//! and the mouse captured. Caught, they end the event loop like `q` does: the terminal is
//! restored, what is remembered is written, and the process exits with the conventional status
//! (128 + the signal's number).

/// The UI ended because of a signal: the process should exit with [`Signalled::exit_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ended by signal {0}")]
pub struct Signalled(pub i32);

impl Signalled {
    /// 128 + the signal's number, as shells report a process a signal ended.
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }
}

/// Waits for the termination signals once installed; installing replaces their default action
/// (killing the process) for as long as this lives.
pub struct Signals {
    #[cfg(unix)]
    streams: Vec<(i32, tokio::signal::unix::Signal)>,
}

impl Signals {
    /// Catches SIGTERM, SIGHUP, SIGINT and SIGQUIT (on Windows: ctrl-c / ctrl-break). A signal
    /// whose handler cannot be installed keeps its default action.
    pub fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let kinds = [
                (15, SignalKind::terminate()),
                (1, SignalKind::hangup()),
                (2, SignalKind::interrupt()),
                (3, SignalKind::quit()),
            ];
            let streams = kinds
                .into_iter()
                .filter_map(|(number, kind)| signal(kind).ok().map(|s| (number, s)))
                .collect();
            Self { streams }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    /// The next signal received. Never resolves when none could be installed.
    pub async fn recv(&mut self) -> Signalled {
        #[cfg(unix)]
        {
            if self.streams.is_empty() {
                return std::future::pending().await;
            }
            let waits = self.streams.iter_mut().map(|(number, stream)| {
                let number = *number;
                Box::pin(async move {
                    stream.recv().await;
                    number
                })
            });
            let (number, _, _) = futures_util::future::select_all(waits).await;
            Signalled(number)
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Signalled(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_plus_the_signal() {
        assert_eq!(Signalled(15).exit_code(), 143);
        assert_eq!(Signalled(1).exit_code(), 129);
        assert_eq!(Signalled(2).exit_code(), 130);
        assert_eq!(Signalled(3).exit_code(), 131);
    }
}
