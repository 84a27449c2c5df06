//! The generated mock servers (the `mock` feature): a small bot tested with nothing but the
//! kit (`bot`), and the kit itself (`kit`): verification, counts, declared errors, faults,
//! streamed downloads, and typed read-back of form, multipart and binary bodies; and paged
//! operations as streams (`paging`); OAuth 2.0 client credentials (`oauth`).

mod bot;
mod kit;
mod oauth;
mod paging;
