//! Chat front ends. Each turns what arrives from a chat service into a draft, has the library
//! review it, and sends the review back through its renderer; none holds tone logic. Tokio
//! lives here and nowhere else.

pub mod discord;
pub mod http;
pub mod slack;

/// Waits for SIGINT or SIGTERM; names the one that came.
pub(crate) async fn shutdown_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = tokio::signal::ctrl_c() => "SIGINT",
                _ = term.recv() => "SIGTERM",
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}
