//! Sävy checks the tone of customer messages against a company's voice.
//!
//! The library is the engine and nothing else: it never reads files, touches the network or
//! prints. Front ends (the `savy` CLI, the chat bots) turn their input into a draft and a
//! [`Review`] into their output. An optional language-model rewrite is built and judged here
//! ([`rewrite`]); sending it is a front end's job.
//!
//! ```
//! use savy::{Voice, text::{Lang, DocKind}};
//! let voice = Voice::bundled();
//! let review = voice.check("Kuten jo totesimme, palautusaika on 14 päivää.", Some(Lang::Fi), Some(DocKind::Reply));
//! assert!(review.findings.iter().any(|f| f.rule.starts_with("fi.")));
//! ```

pub mod check;
pub mod fix;
pub mod report;
pub mod review;
pub mod rewrite;
pub mod rules;
pub mod text;
pub mod voice;

pub use check::Engine;
pub use review::{Edit, Finding, Review};
pub use rules::{Level, Rule};
pub use voice::{Profile, Register, Voice, VoiceError};
