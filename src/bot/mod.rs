//! Chat front ends. Each turns what arrives from a chat service into a draft, has the library
//! review it, and sends the review back through its renderer; none holds tone logic. Tokio
//! lives here and nowhere else.

pub mod discord;
