//! The usage examples written from the IR for crates with receivers: an axum bot for the README
//! and a framework-free one for the crate docs. Every name in them comes from the IR, so they
//! compile for any spec (the README test builds them).

use super::escape::rust_string;
use super::rust::{unraw, ReceiverRust};
use crate::ir::{self, Method, ModelKind, Type};

/// The receiver the examples show: the first signed one, else the first.
fn shown(krate: &ir::Crate) -> Option<&ir::Receiver> {
    krate.receivers.iter().find(|r| r.signature.is_some()).or_else(|| krate.receivers.first())
}

/// `CHANNEL_SECRET` for a key named `channel secret`.
pub(super) fn env_var(key_name: &str) -> String {
    let mut out = String::new();
    for c in key_name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("WEBHOOK_{out}").trim_end_matches('_').to_string()
    } else {
        out
    }
}

/// The statement that builds the receiver `receiver` (inside a function returning a boxed error).
fn build(r: &ir::Receiver) -> String {
    let name = r.type_name();
    match &r.signature {
        Some(s) => format!(
            "    // The {key}(s), comma-separated: the current one first, then the previous one while rotating.\n    let secrets = std::env::var({var})?;\n    let receiver = {name}::from_secrets(secrets.split(',')).ok_or(\"no secret given\")?;\n",
            key = s.key_name.replace(['\n', '\r'], " "),
            var = rust_string(&env_var(&s.key_name)),
        ),
        None => format!("    let receiver = {name}::new();\n"),
    }
}

/// Statements that look into a delivery bound to `delivery`, indented by `indent`: a match over
/// a tagged union (the body itself, or a list of them in a field), else a debug print.
fn inspect(krate: &ir::Crate, r: &ir::Receiver, indent: &str) -> String {
    let model = |name: &str| krate.models.iter().find(|m| m.name == name);
    let union_arms = |union: &ir::Model, var: &str, pad: &str| -> Option<String> {
        let ModelKind::Tagged(t) = &union.kind else { return None };
        let mut arms = String::new();
        for v in t.variants.iter().take(2) {
            arms.push_str(&format!(
                "{pad}    {}::{}(_) => println!({}),\n",
                union.name,
                v.ident,
                rust_string(&format!("{} {}", t.tag, v.value).replace('{', "{{").replace('}', "}}"))
            ));
        }
        arms.push_str(&format!(
            "{pad}    {}::{}(raw) => println!(\"not known to this crate: {{raw}}\"),\n",
            union.name, t.unknown_variant
        ));
        arms.push_str(&format!(
            "{pad}    {}::{}(bad) => println!(\"known, but did not decode: {{}}\", bad.error),\n",
            union.name, t.malformed_variant
        ));
        arms.push_str(&format!("{pad}    _ => {{}}\n"));
        Some(format!("{pad}match {var} {{\n{arms}{pad}}}\n"))
    };
    if let Some(Type::Model(name)) = &r.body {
        if let Some(m) = model(name) {
            if let Some(arms) = union_arms(m, "delivery", indent) {
                return arms;
            }
            if let ModelKind::Struct(s) = &m.kind {
                for f in &s.fields {
                    let Type::List(inner) = &f.ty else { continue };
                    let Type::Model(item) = inner.as_ref() else { continue };
                    let Some(union) = model(item) else { continue };
                    if f.is_option() || f.flatten {
                        continue;
                    }
                    let pad = format!("{indent}    ");
                    if let Some(arms) = union_arms(union, "item", &pad) {
                        return format!("{indent}for item in delivery.{} {{\n{arms}{indent}}}\n", f.ident);
                    }
                }
            }
        }
    }
    match &r.body {
        None => format!("{indent}let () = delivery;\n{indent}println!(\"a delivery\");\n"),
        Some(Type::Bytes) => format!("{indent}println!(\"{{}} bytes\", delivery.len());\n"),
        Some(_) => format!("{indent}println!(\"{{delivery:?}}\");\n"),
    }
}

/// The route path the bot listens on: the receiver's path, or `/<name>` for a callback URL
/// expression (which is not a path).
fn route(r: &ir::Receiver) -> String {
    let usable = r.path.starts_with('/') && !r.path.contains(['$', '#', '?', ' ']) && !r.path.contains("//");
    if usable {
        r.path.clone()
    } else {
        format!("/{}", unraw(&r.name))
    }
}

fn router_fn(method: Method) -> &'static str {
    match method {
        Method::Get => "get",
        Method::Put => "put",
        Method::Delete => "delete",
        Method::Patch => "patch",
        Method::Head => "head",
        Method::Options => "options",
        Method::Trace => "trace",
        Method::Post => "post",
        // axum has no router function of its own for `QUERY` or another method; lowering refuses
        // such receivers.
        Method::Query | Method::Other(_) => "any",
    }
}

/// A complete axum bot for the README: verifies, decodes and matches on deliveries.
pub fn axum_bot(krate: &ir::Crate) -> Option<String> {
    let r = shown(krate)?;
    let name = r.type_name();
    let method = router_fn(r.method);
    let mut out = String::new();
    out.push_str(&format!("use axum::{{extract::FromRef, http::StatusCode, routing::{method}, Router}};\n"));
    out.push_str(&format!("use {}::webhooks::{{{name}, Webhook}};\n\n", krate.name));
    out.push_str("/// The bot's own state; `FromRef` lets the `Webhook` extractor find its receiver in it.\n");
    out.push_str("#[derive(Clone, FromRef)]\nstruct AppState {\n");
    out.push_str(&format!("    receiver: {name},\n"));
    out.push_str("    // … and whatever else the bot's handlers need: API clients, a database pool.\n}\n\n");
    out.push_str("#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&build(r));
    out.push_str(&format!(
        "    let app = Router::new().route({}, {method}({})).with_state(AppState {{ receiver }});\n",
        rust_string(&route(r)),
        unraw(&r.name)
    ));
    out.push_str("    let listener = tokio::net::TcpListener::bind(\"127.0.0.1:8080\").await?;\n");
    out.push_str("    axum::serve(listener, app).await?;\n    Ok(())\n}\n\n");
    out.push_str("// Runs only for a verified delivery: anything else was answered with 401, 413 or 400.\n");
    out.push_str(&format!(
        "async fn {}(Webhook(delivery): Webhook<{name}>) -> StatusCode {{\n",
        unraw(&r.name)
    ));
    out.push_str(&inspect(krate, r, "    "));
    out.push_str(&format!("    StatusCode::{}\n}}", status_const(r.success_status.unwrap_or(200))));
    Some(use_models(krate, out))
}

/// The README's test of a receiver (the `mock` feature): a signed test delivery made from the
/// body's model goes through an axum router with `tower::ServiceExt::oneshot` and reaches the
/// handler; one signed with another secret is refused with 401.
pub fn axum_test(krate: &ir::Crate) -> Option<String> {
    let r = shown(krate)?;
    let name = r.type_name();
    let method = router_fn(r.method);
    let path = rust_string(&route(r));
    let handler = unraw(&r.name);
    let (body, names_models) = match &r.body {
        None => (None, false),
        Some(Type::Bytes) => (Some("b\"DATA\".to_vec()".to_string()), false),
        Some(ty) => {
            let (value, named) = super::usage::body_value(krate, ty)?;
            (Some(value), named)
        }
    };
    let deliver = |secret: &str| {
        let mut args = Vec::new();
        if r.signature.is_some() {
            args.push(rust_string(secret));
        }
        if body.is_some() {
            args.push("&body".to_string());
        }
        format!("{name}::test_delivery({})", args.join(", "))
    };
    let ok = status_const(r.success_status.unwrap_or(200));
    let mut out = String::new();
    out.push_str(&format!("use axum::{{body::Body, http::StatusCode, routing::{method}, Router}};\n"));
    out.push_str("use tower::ServiceExt as _;\n");
    out.push_str(&format!("use {}::webhooks::{{{name}, Webhook}};\n", krate.name));
    if names_models {
        out.push_str(&format!("use {}::models;\n", krate.name));
    }
    out.push_str(&format!("\nasync fn {handler}(Webhook(_delivery): Webhook<{name}>) -> StatusCode {{\n    StatusCode::{ok}\n}}\n\n"));
    out.push_str("#[tokio::test]\n");
    out.push_str(&format!("async fn a_delivery_reaches_the_{}_handler() {{\n", handler.trim_matches('_')));
    let receiver = if r.signature.is_some() { format!("{name}::new(\"test-secret\")") } else { format!("{name}::new()") };
    out.push_str(&format!("    let app = Router::new().route({path}, {method}({handler})).with_state({receiver});\n"));
    if let Some(body) = &body {
        out.push_str(&format!("    let body = {body};\n"));
    }
    out.push_str(&format!("    let delivery = {};\n", deliver("test-secret")));
    out.push_str(&format!("    let response = app.clone().oneshot(delivery.request::<Body>({path})).await.unwrap();\n"));
    out.push_str(&format!("    assert_eq!(response.status(), StatusCode::{ok});\n"));
    if r.signature.is_some() {
        out.push_str("\n    // Signed with another secret, it never reaches the handler.\n");
        out.push_str(&format!("    let forged = {};\n", deliver("another-secret")));
        out.push_str(&format!("    let response = app.oneshot(forged.request::<Body>({path})).await.unwrap();\n"));
        out.push_str("    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);\n");
    }
    out.push('}');
    Some(out)
}

/// A framework-free example for the crate docs: bytes and headers in, a result out.
pub fn core(krate: &ir::Crate) -> Option<String> {
    let r = shown(krate)?;
    let name = r.type_name();
    let mut out = String::new();
    out.push_str(&format!("use {}::webhooks::{name};\n\n", krate.name));
    out.push_str("fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&build(r));
    out.push_str("    // The headers and the raw body bytes, as your framework hands them over.\n");
    out.push_str("    let (headers, body) = (http::HeaderMap::new(), b\"{}\".to_vec());\n");
    let call = if r.signature.is_some() { "verify_and_parse(&headers, &body)" } else { "parse(&body)" };
    out.push_str(&format!("    match receiver.{call} {{\n        Ok(delivery) => {{\n"));
    out.push_str(&inspect(krate, r, "            "));
    out.push_str("        }\n        // Answer with this status; the message names no secret and no body content.\n");
    out.push_str("        Err(e) => eprintln!(\"refused ({}): {e}\", e.status()),\n    }\n    Ok(())\n}");
    Some(use_models(krate, out))
}

/// Adds a `use` of the crate's models when the example names one.
fn use_models(krate: &ir::Crate, example: String) -> String {
    let mut named: Vec<&str> = krate
        .models
        .iter()
        .map(|m| m.name.as_str())
        .filter(|n| example.contains(&format!("{n}::")))
        .collect();
    named.sort_unstable();
    named.dedup();
    // A model whose name the example also imports from elsewhere is written in full instead.
    let taken = |n: &str| ["StatusCode", "Router", "Webhook", "FromRef", "AppState"].contains(&n) || krate.receivers.iter().any(|r| r.type_name() == n);
    let mut example = example;
    for n in named.iter().filter(|n| taken(n)) {
        example = example.replace(&format!("    {n}::"), &format!("    {}::models::{n}::", krate.name));
    }
    named.retain(|n| !taken(n));
    let line = match named.as_slice() {
        [] => return example,
        [one] => format!("use {}::models::{one};\n", krate.name),
        many => format!("use {}::models::{{{}}};\n", krate.name, many.join(", ")),
    };
    // After the `use` lines the example starts with.
    match example.find("\n\n") {
        Some(at) => format!("{}\n{}{}", &example[..at], line.trim_end(), &example[at..]),
        None => format!("{line}{example}"),
    }
}

fn status_const(code: u16) -> &'static str {
    match code {
        201 => "CREATED",
        202 => "ACCEPTED",
        204 => "NO_CONTENT",
        _ => "OK",
    }
}
