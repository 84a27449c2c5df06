//! The names the templates introduce themselves, handed to lower so spec names never take them.
//!
//! A test renders the templates and fails when one introduces a name this table lacks.

use crate::ir::ReservedNames;

/// Every name the templates reserve.
pub const RESERVED: ReservedNames = ReservedNames {
    operation_locals: &[
        "op_path", "op_request", "op_response", "op_form", "op_query", "op_multipart", "op_api", "op_options",
        "op_retry_key", "op_client", "op_exchange", "op_answer", "response", "entity", "value", "item",
        // Methods of every call value, beside one setter per optional parameter (named like it).
        "header", "timeout", "send", "with_http_info", "stream", "into_request", "into_exchange", "into_error", "into_future", "decode",
        // A paged operation's call also has `pages` and `items`, whose closures bind these.
        "pages", "items", "op_first", "op_cursor", "op_call", "op_call_options", "op_page", "op_next", "op_count", "op_limit",
    ],
    api_methods: &["new"],
    builder_methods: &[
        "base_url", "timeout", "no_timeout", "connect_timeout", "max_response_size", "user_agent", "http_client",
        "retry_policy", "build", "set_server",
    ],
    client_methods: &[
        "new", "builder", "base_url", "server_url", "request", "fetch", "fetch_stream", "new_retry_key", "servers",
        "authorize", "exchange", "exchange_stream",
        "timeout", "connect_timeout", "max_response_size",
    ],
    // `new`, and the methods of std traits clippy's `should_implement_trait` expects a
    // `fn name(self, value) -> Self` setter to be.
    model_methods: &[
        "new", "add", "sub", "mul", "div", "rem", "bitand", "bitor", "bitxor", "shl", "shr", "neg", "not", "next",
        "clone", "default", "eq", "cmp", "hash", "deref", "drop", "index", "borrow", "as_ref", "as_mut", "from_str",
        "from_iter", "into_iter",
    ],
    mock_methods: &["start", "url", "client", "client_builder", "verify", "received", "reset"],
    model_types: &["Malformed", "FieldName", "DefaultedField"],
    model_modules: &["mod", "models", "std", "core", "alloc", "serde", "serde_json"],
};
