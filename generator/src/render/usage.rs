//! The usage example written from the IR for a crate with a client, when the project gives none:
//! the client built with the spec's credential, one operation awaited and its error handled.
//! Every name in it comes from the IR, so it compiles for any spec (the README test builds it).

use std::cell::Cell;

use super::escape::rust_string;
use super::example::env_var;
use super::rust::{unraw, OperationRust, ParamRust, TypeRust};
use crate::ir::{self, Literal, Method, ModelKind, Operation, Param, ResponseBody, SecurityKind, Type};

/// Nesting deeper than this is not written out: the operation is passed over instead.
const MAX_DEPTH: usize = 4;

/// The crate, and whether an expression written so far names one of its models.
struct Cx<'a> {
    krate: &'a ir::Crate,
    names_models: Cell<bool>,
    /// A list whose item cannot be written is written empty (for a test's body, where an empty
    /// list is as good a value as any), instead of giving up.
    empty_lists: bool,
}

impl<'a> Cx<'a> {
    fn new(krate: &'a ir::Crate) -> Self {
        Cx { krate, names_models: Cell::new(false), empty_lists: false }
    }

    fn model(&self, name: &str) -> Option<&'a ir::Model> {
        self.krate.models.iter().find(|m| m.name == name)
    }

    /// `models::Name`, remembering that the example names a model.
    fn path(&self, model: &ir::Model) -> String {
        self.names_models.set(true);
        format!("models::{}", model.name)
    }
}

/// The operation the example calls, with its group: the cheapest to call (see [`cost`]); the
/// first in group and name order among equals.
pub(super) fn shown_operation(krate: &ir::Crate) -> Option<(&ir::ApiGroup, &Operation)> {
    let cx = Cx::new(krate);
    super::grouped_operations(krate)
        .filter_map(|(g, o)| Some((cost(&cx, o)?, g, o)))
        .min_by_key(|(c, _, _)| *c)
        .map(|(_, g, o)| (g, o))
}

/// How much the example must write to call `op`, `None` when it cannot write a value for a
/// required parameter. A GET that takes few and simple arguments costs least; deprecated
/// operations (which warn when called) and bodies to build cost more; an operation with two
/// or more optional parameters costs a little less, so that the example shows the named form
/// when such an operation is about as simple to call as the simplest.
fn cost(cx: &Cx<'_>, op: &Operation) -> Option<u32> {
    let mut total = 4;
    if op.deprecated {
        total += 100;
    }
    if op.method != Method::Get {
        total += 6;
    }
    for p in op.params.iter().filter(|p| p.required) {
        total += 2 + argument(cx, p)?.1;
    }
    if matches!(op.success, ResponseBody::Empty | ResponseBody::Bytes) {
        total += 1;
    }
    if named_form(op) {
        // The optional parameter set by name counts, a guessed string more than a number.
        total = total.saturating_sub(3) + optional_setter(cx, op).map_or(0, |(c, _, _)| c);
    }
    Some(total)
}

/// The optional parameter the named form sets, its argument and what it costs: the simplest to
/// write, one with a spec example before a string the example would have to make up.
fn optional_setter<'o>(cx: &Cx<'_>, op: &'o Operation) -> Option<(u32, &'o Param, String)> {
    op.params
        .iter()
        .filter(|p| !p.required && !p.secret)
        .filter_map(|p| {
            let (arg, cost) = argument(cx, p)?;
            let guessed = match (&p.example, &p.ty) {
                (Some(_), _) => 0,
                (None, Type::String) => 2,
                (None, _) => 1,
            };
            Some((cost + guessed, p, arg))
        })
        .min_by_key(|(c, _, _)| *c)
}

/// The call leads with `op_request(required…)` and sets an optional parameter by name.
fn named_form(op: &Operation) -> bool {
    op.params.iter().filter(|p| !p.required).count() >= 2
}

/// A Rust expression for the argument of parameter `p` (its type in the method's signature),
/// and what it costs.
fn argument(cx: &Cx<'_>, p: &Param) -> Option<(String, u32)> {
    if p.is_body_stream() || p.ty == Type::Bytes {
        return Some(("std::fs::read(\"upload.bin\")?".into(), 4));
    }
    let placeholder = unraw(&p.ident).to_uppercase();
    match &p.ty {
        Type::String => Some((string(p.example.as_ref(), &placeholder), 1)),
        Type::List(inner) => {
            let (item, cost) = value(cx, inner, &placeholder, false, 0)?;
            Some((format!("&[{item}]"), cost + 1))
        }
        Type::Model(name) => {
            if let Some(variant) = enum_variant(cx, name, p.example.as_ref()) {
                return Some((format!("&{variant}"), 1));
            }
            let (model, cost) = value(cx, &p.ty, &placeholder, false, 0)?;
            Some((format!("&{model}"), cost))
        }
        Type::Map(_) => Some(("&std::collections::BTreeMap::new()".into(), 3)),
        Type::Json => None,
        scalar => Some((scalar_value(scalar, p.example.as_ref(), p.required)?, 1)),
    }
}

/// A string literal: the spec's example when it is short and on one line, else the placeholder.
fn string(example: Option<&Literal>, placeholder: &str) -> String {
    match example {
        Some(Literal::Str(s)) if s.chars().count() <= 60 && !s.chars().any(char::is_control) => rust_string(s),
        _ => rust_string(placeholder),
    }
}

/// A literal of a numeric or boolean type: the spec's example when it fits, else a plain value
/// (a required number is more often a page or an index, an optional one a limit).
fn scalar_value(ty: &Type, example: Option<&Literal>, required: bool) -> Option<String> {
    Some(match (ty, example) {
        (Type::Bool, Some(Literal::Bool(b))) => b.to_string(),
        (Type::Bool, _) => "true".into(),
        (Type::I32, Some(Literal::Int(i))) if i32::try_from(*i).is_ok() => i.to_string(),
        (Type::I64, Some(Literal::Int(i))) => i.to_string(),
        (Type::I32 | Type::I64, _) if required => "1".into(),
        (Type::I32 | Type::I64, _) => "10".into(),
        (Type::F32 | Type::F64, Some(Literal::Int(i))) if i.unsigned_abs() < 1 << 24 => format!("{i}.0"),
        (Type::F32 | Type::F64, Some(Literal::Float(f))) if f.is_finite() && f.abs() < 1e6 => format!("{f:?}"),
        (Type::F32 | Type::F64, _) => "1.0".into(),
        _ => return None,
    })
}

/// `models::Name::Variant` of the string enum `name`: the one the example names, else the first.
fn enum_variant(cx: &Cx<'_>, name: &str, example: Option<&Literal>) -> Option<String> {
    let model = cx.model(name)?;
    let ModelKind::Enum(e) = &model.kind else { return None };
    let by_example = match example {
        Some(Literal::Str(s)) => e.variants.iter().find(|v| v.value == *s),
        _ => None,
    };
    let variant = by_example.or_else(|| e.variants.first())?;
    Some(format!("{}::{}", cx.path(model), variant.ident))
}

/// A Rust expression of type `ty` (or, with `into`, of a type that converts into it, for the
/// `impl Into<…>` arguments of model constructors), and what it costs.
fn value(cx: &Cx<'_>, ty: &Type, placeholder: &str, into: bool, depth: usize) -> Option<(String, u32)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match ty {
        Type::String if into => Some((rust_string(placeholder), 1)),
        Type::String => Some((format!("String::from({})", rust_string(placeholder)), 1)),
        Type::Json if into => Some((rust_string(placeholder), 1)),
        Type::Json => None,
        Type::Bytes => Some(("Vec::<u8>::new()".into(), 2)),
        Type::List(inner) => match value(cx, inner, placeholder, false, depth + 1) {
            Some((item, cost)) => Some((format!("vec![{item}]"), cost + 1)),
            // Typed, since a constructor takes any iterable of anything that converts.
            None if cx.empty_lists => Some((format!("Vec::<{}>::new()", type_path(cx, inner)?), 2)),
            None => None,
        },
        Type::Map(_) => Some(("std::collections::BTreeMap::new()".into(), 2)),
        Type::Model(name) => model_value(cx, name, placeholder, into, depth),
        scalar => Some((scalar_value(scalar, None, true)?, 1)),
    }
}

/// The Rust type `ty` as an example writes it (`models::Event`, `Vec<String>`).
fn type_path(cx: &Cx<'_>, ty: &Type) -> Option<String> {
    Some(match ty {
        Type::Model(name) => cx.path(cx.model(name)?),
        Type::List(inner) => format!("Vec<{}>", type_path(cx, inner)?),
        Type::Map(inner) => format!("std::collections::BTreeMap<String, {}>", type_path(cx, inner)?),
        Type::Json => "serde_json::Value".into(),
        other => other.rust(),
    })
}

/// A value of the model `name`: a struct from `new` and its required fields, an enum's first
/// variant, a union from its first member that can be built.
fn model_value(cx: &Cx<'_>, name: &str, placeholder: &str, into: bool, depth: usize) -> Option<(String, u32)> {
    let model = cx.model(name)?;
    let path = cx.path(model);
    match &model.kind {
        ModelKind::Enum(_) => Some((enum_variant(cx, name, None)?, 1)),
        ModelKind::Struct(s) => {
            let mut args = Vec::new();
            let mut cost = 3;
            for f in s.fields.iter().filter(|f| f.is_new_argument()) {
                if f.required && f.nullable {
                    args.push("None".to_string());
                    continue;
                }
                let into = matches!(f.ty, Type::String | Type::Json | Type::Model(_) | Type::Bytes | Type::List(_));
                let (arg, c) = value(cx, &f.ty, &unraw(&f.ident).to_uppercase(), into, depth + 1)?;
                args.push(arg);
                cost += c;
            }
            Some((format!("{path}::new({})", args.join(", ")), cost))
        }
        ModelKind::Tagged(t) => t.variants.iter().filter(|v| v.from_impl).find_map(|v| {
            let (member, cost) = model_value(cx, &v.model, placeholder, false, depth + 1)?;
            Some((if into { member } else { format!("{path}::from({member})") }, cost + 1))
        }),
        ModelKind::Untagged(variants) => variants.iter().filter(|v| v.from_impl).find_map(|v| {
            let (member, cost) = value(cx, &v.ty, placeholder, false, depth + 1)?;
            Some((if into { member } else { format!("{path}::from({member})") }, cost + 1))
        }),
        ModelKind::Alias(ty) => value(cx, ty, placeholder, into, depth + 1),
    }
}

/// Whether values of `ty` implement `Debug` (structs holding a credential do not).
fn debug(krate: &ir::Crate, ty: &Type, depth: usize) -> bool {
    match ty {
        Type::List(inner) | Type::Map(inner) => debug(krate, inner, depth),
        Type::Model(name) => match krate.models.iter().find(|m| &m.name == name).map(|m| &m.kind) {
            Some(ModelKind::Struct(s)) => !s.has_secrets,
            Some(ModelKind::Alias(inner)) => depth < MAX_DEPTH && debug(krate, inner, depth + 1),
            Some(_) => true,
            None => false,
        },
        _ => true,
    }
}

/// The match arm that shows a successful result.
fn success_arm(krate: &ir::Crate, op: &Operation) -> String {
    match &op.success {
        ResponseBody::Empty => "Ok(()) => println!(\"done\"),".into(),
        ResponseBody::Bytes => "Ok(bytes) => println!(\"{} bytes\", bytes.len()),".into(),
        ResponseBody::Text => "Ok(text) => println!(\"{text}\"),".into(),
        ResponseBody::Json(ty) if debug(krate, ty, 0) => "Ok(response) => println!(\"{response:?}\"),".into(),
        ResponseBody::Json(ty) => {
            // A struct holding a credential has no `Debug`: show a field that can be shown.
            let fields = match ty {
                Type::Model(name) => match krate.models.iter().find(|m| &m.name == name).map(|m| &m.kind) {
                    Some(ModelKind::Struct(s)) => s.fields.as_slice(),
                    _ => &[],
                },
                _ => &[],
            };
            match fields.iter().find(|f| !f.secret && !f.flatten && debug(krate, &f.ty, 0)) {
                Some(f) => format!(
                    "Ok(response) => println!({}, response.{}),",
                    rust_string(&format!("{}: {{:?}}", unraw(&f.ident))),
                    f.ident
                ),
                None => "Ok(_) => println!(\"done\"),".into(),
            }
        }
    }
}

/// The environment variables holding a scheme's credential: the API's name (from its server's
/// domain) and what the spec calls the credential, `LINE_CHANNEL_ACCESS_TOKEN` for a bearer
/// scheme described as "Channel access token" at `api.line.me`.
fn credential_vars(krate: &ir::Crate, scheme: &ir::SecurityScheme) -> Vec<String> {
    let described = scheme.description.as_deref().map(str::trim).filter(|d| {
        let words = d.split_whitespace().count();
        (1..=4).contains(&words) && d.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '_')
    });
    let names: Vec<String> = match (&scheme.kind, described) {
        (SecurityKind::Basic, _) => vec!["USERNAME".into(), "PASSWORD".into()],
        (_, Some(d)) => vec![env_var(d)],
        (SecurityKind::Bearer, None) => vec!["ACCESS_TOKEN".into()],
        (SecurityKind::ApiKeyHeader(name) | SecurityKind::ApiKeyQuery(name), None) => {
            let name = env_var(name);
            let name = name.strip_prefix("X_").unwrap_or(&name).to_string();
            vec![if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { "API_KEY".into() } else { name }]
        }
    };
    let vendor = krate.servers.first().and_then(|s| vendor(&s.url));
    names
        .into_iter()
        .map(|name| match &vendor {
            Some(v) if name != *v && !name.starts_with(&format!("{v}_")) => format!("{v}_{name}"),
            _ => name,
        })
        .collect()
}

/// `LINE` for `https://api.line.me/v2`: the second-level label of the server's host name.
fn vendor(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':', '?', '#']).next()?;
    let labels: Vec<&str> = host.split('.').collect();
    let [.., name, top] = labels.as_slice() else { return None };
    let plain = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !plain(name) || !plain(top) || !top.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let var = env_var(name);
    (!var.is_empty() && !var.starts_with(|c: char| c.is_ascii_digit())).then_some(var)
}

/// The statement building the client, with the credential of the first scheme `op` sends.
fn build_client(krate: &ir::Crate, op: &Operation) -> String {
    let mut out = String::from("    // One client per process: it is cheap to clone and can be shared across tasks.\n");
    let scheme = op.auth.first().and_then(|i| krate.security_schemes.get(*i));
    match scheme.map(|s| (s, s.client_credentials.as_ref())) {
        None => out.push_str("    let client = Client::builder().build()?;\n"),
        // A client that runs the OAuth 2.0 client-credentials flow needs its id and secret only.
        Some((_, Some(cc))) => {
            let vendor = krate.servers.first().and_then(|s| vendor(&s.url));
            let var = |name: &str| match &vendor {
                Some(v) => format!("{v}_{name}"),
                None => name.to_string(),
            };
            let scopes = match cc.scopes.first() {
                Some(scope) => format!(", [{}]", rust_string(scope)),
                None => String::new(),
            };
            out.push_str("    // The client gets its access token from the client's id and secret, and renews it.\n");
            out.push_str(&format!(
                "    let client = Client::builder()\n        .{}(std::env::var({})?, std::env::var({})?{scopes})\n        .build()?;\n",
                cc.setter,
                rust_string(&var("CLIENT_ID")),
                rust_string(&var("CLIENT_SECRET"))
            ));
        }
        Some((s, None)) => {
            let vars: Vec<String> =
                credential_vars(krate, s).iter().map(|v| format!("std::env::var({})?", rust_string(v))).collect();
            out.push_str(&format!("    let client = Client::builder()\n        .{}({})\n        .build()?;\n", s.setter, vars.join(", ")));
        }
    }
    out
}

/// The usage example: a complete program that calls [`shown_operation`]; `None` for a crate with
/// nothing to call.
pub(super) fn program(krate: &ir::Crate) -> Option<String> {
    let (group, op) = shown_operation(krate)?;
    let cx = &Cx::new(krate);
    let named = named_form(op);
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required || !named) {
        if p.required {
            args.push(argument(cx, p)?.0);
        } else {
            args.push("None".to_string());
        }
    }
    let mut call = if named {
        format!("api.{}({})", op.request_name, args.join(", "))
    } else {
        format!("api.{}({})", op.name, args.join(", "))
    };
    if named {
        // Chosen among every optional parameter, then written again so that only what the
        // example shows decides whether it names a model.
        if let Some((_, p, _)) = optional_setter(&Cx::new(krate), op) {
            let (arg, _) = argument(cx, p)?;
            call.push_str(&format!(".{}({arg})", p.ident));
        }
    }

    let mut out = String::new();
    out.push_str(&format!("use {}::{{", krate.name));
    if cx.names_models.get() {
        out.push_str("models, ");
    }
    out.push_str("Client, Error};\n\n");
    out.push_str("#[tokio::main]\n");
    if op.deprecated {
        out.push_str("#[allow(deprecated, reason = \"the example calls a deprecated operation\")]\n");
    }
    out.push_str("async fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&build_client(krate, op));
    out.push_str(&format!("    let api = client.{}();\n\n", group.module));
    if named {
        out.push_str("    // Required parameters are arguments; optional ones are set by name.\n");
    }
    out.push_str(&format!("    match {call}.await {{\n"));
    out.push_str(&format!("        {}\n", success_arm(krate, op)));
    out.push_str("        // The server answered with an error status: log its request id for support.\n");
    out.push_str("        Err(Error::Status(e)) => eprintln!(\"HTTP {}, request id {:?}\", e.status, e.request_id()),\n");
    out.push_str("        // No answer (refused, timed out) or a body that does not match the spec.\n");
    out.push_str("        Err(other) => return Err(other.into()),\n    }\n    Ok(())\n}");
    Some(out)
}

/// An owned value of parameter `p`'s type for a test to send and compare with what the mock
/// received, and how the call takes it (`&x`, `x`, `x.clone()`).
fn owned_argument(cx: &Cx<'_>, p: &Param) -> Option<(String, String)> {
    let ident = &p.ident;
    if p.is_body_stream() || p.ty == Type::Bytes {
        return Some(("b\"DATA\".to_vec()".into(), format!("{ident}.clone()")));
    }
    let placeholder = unraw(ident).to_uppercase();
    let value = match &p.ty {
        Type::String => format!("String::from({})", string(p.example.as_ref(), &placeholder)),
        Type::Model(name) => match enum_variant(cx, name, p.example.as_ref()) {
            Some(variant) => variant,
            None => value(cx, &p.ty, &placeholder, false, 0)?.0,
        },
        Type::List(_) | Type::Map(_) | Type::Json => value(cx, &p.ty, &placeholder, false, 0)?.0,
        scalar => scalar_value(scalar, p.example.as_ref(), p.required)?,
    };
    let arg = if p.ty.is_copy() { ident.clone() } else { format!("&{ident}") };
    Some((value, arg))
}

/// The success body a test answers with, `None` for an empty one.
fn success_value(cx: &Cx<'_>, op: &Operation) -> Option<Option<String>> {
    Some(match &op.success {
        ResponseBody::Empty => None,
        ResponseBody::Bytes => Some("b\"CONTENT\".to_vec()".into()),
        ResponseBody::Text => Some("String::from(\"TEXT\")".into()),
        ResponseBody::Json(ty) => Some(value(cx, ty, "VALUE", false, 0)?.0),
    })
}

/// A value of `ty` written as Rust (models as `models::Name`), and whether it names a model;
/// `None` when none can be written.
pub(super) fn body_value(krate: &ir::Crate, ty: &Type) -> Option<(String, bool)> {
    let cx = Cx { empty_lists: true, ..Cx::new(krate) };
    let (value, _) = value(&cx, ty, "VALUE", false, 0)?;
    Some((value, cx.names_models.get()))
}

/// The README's paging example: a complete program that walks every item of a paged
/// operation (the cheapest to call; among equals the one with the fewest optional parameters,
/// then the shortest name: the most general list), one page fetched at a time.
pub(super) fn paging_program(krate: &ir::Crate) -> Option<String> {
    let cx = &Cx::new(krate);
    let (_, group, op) = super::grouped_operations(krate)
        .filter(|(_, o)| o.pagination.is_some())
        .filter_map(|(g, o)| Some((cost(cx, o)?, g, o)))
        .min_by_key(|(c, _, o)| (*c, o.params.iter().filter(|p| !p.required).count(), o.name.len(), o.name.clone()))?;
    let cx = &Cx::new(krate);
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        args.push(argument(cx, p)?.0);
    }
    let method = if op.has_optional_params() { &op.request_name } else { &op.name };
    let mut out = String::new();
    if cx.names_models.get() {
        out.push_str(&format!("use {}::{{models, Client}};\n\n#[tokio::main]\n", krate.name));
    } else {
        out.push_str(&format!("use {}::Client;\n\n#[tokio::main]\n", krate.name));
    }
    if op.deprecated {
        out.push_str("#[allow(deprecated, reason = \"the example calls a deprecated operation\")]\n");
    }
    out.push_str("async fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&build_client(krate, op));
    out.push_str(&format!("    let api = client.{}();\n\n", group.module));
    out.push_str("    // Each page is fetched when the loop needs its items; an error ends the loop.\n");
    out.push_str(&format!("    let mut items = api.{method}({}).items();\n", args.join(", ")));
    out.push_str("    while let Some(item) = items.next().await {\n");
    let debug_item = op.pagination.as_ref().is_some_and(|pg| debug(krate, &pg.item, 0));
    if debug_item {
        out.push_str("        println!(\"{:?}\", item?);\n");
    } else {
        out.push_str("        let _item = item?;\n");
    }
    out.push_str("    }\n    Ok(())\n}");
    Some(out)
}

/// The README's Testing example: a complete integration test of one operation against the
/// crate's mock server (the `mock` feature) that sets an expectation with a typed success body,
/// calls the client, and asserts on the answer and on the typed request the mock received.
/// The operation is the cheapest whose arguments and success body can be written.
pub(super) fn testing_program(krate: &ir::Crate) -> Option<String> {
    let chosen = {
        let cx = Cx::new(krate);
        let mut candidates: Vec<(u32, &ir::ApiGroup, &Operation)> = super::grouped_operations(krate)
            .filter_map(|(g, o)| Some((cost(&cx, o)?, g, o)))
            .collect();
        candidates.sort_by_key(|(c, _, _)| *c);
        candidates.into_iter().find(|(_, _, o)| {
            success_value(&cx, o).is_some() && o.params.iter().filter(|p| p.required).all(|p| owned_argument(&cx, p).is_some())
        })
    };
    let (_, group, op) = chosen?;
    let cx = &Cx::new(krate);
    let mut lets = String::new();
    let mut args = Vec::new();
    let mut compared = None;
    for p in op.params.iter().filter(|p| p.required) {
        let (value, arg) = owned_argument(cx, p)?;
        lets.push_str(&format!("    let {} = {value};\n", p.ident));
        args.push(arg);
        // A credential is compared only when nothing else is sent: the value is made up.
        if compared.is_none_or(|c: &Param| c.secret && !p.secret) {
            compared = Some(p);
        }
    }
    let method = if op.has_optional_params() { &op.request_name } else { &op.name };
    let success = success_value(cx, op)?;

    let mut out = String::new();
    out.push_str(&format!("use {}::mock::MockServer;\n", krate.name));
    if cx.names_models.get() {
        out.push_str(&format!("use {}::models;\n", krate.name));
    }
    out.push_str("\n#[tokio::test]\n");
    if op.deprecated {
        out.push_str("#[allow(deprecated, reason = \"the test calls a deprecated operation\")]\n");
    }
    // The operation's name loses the underscores at its ends (`self_`), so no `__` is made.
    out.push_str(&format!("async fn {}_answers_and_is_recorded() {{\n", unraw(&op.name).trim_matches('_')));
    out.push_str("    // The mock listens on 127.0.0.1; its client sends every server's calls there.\n");
    out.push_str("    let mock = MockServer::start().await;\n");
    match &success {
        Some(value) => {
            out.push_str(&format!("    let answer = {value};\n"));
            out.push_str(&format!("    mock.{}().once().respond(answer.clone());\n\n", op.mock_name));
        }
        None => out.push_str(&format!("    mock.{}().once().respond(());\n\n", op.mock_name)),
    }
    out.push_str(&lets);
    let call = format!("mock.client().{}().{method}({}).await", group.module, args.join(", "));
    match (&success, &op.success) {
        (None, _) => out.push_str(&format!("    {call}.expect(\"the mock answers\");\n")),
        (Some(_), ResponseBody::Json(ty)) if !debug(krate, ty, 0) => {
            out.push_str(&format!("    let got = {call}.expect(\"the mock answers\");\n    assert!(got == answer);\n"));
        }
        (Some(_), _) => out.push_str(&format!("    let got = {call}.expect(\"the mock answers\");\n    assert_eq!(got, answer);\n")),
    }
    out.push_str("\n    // What the mock received, typed: a field per parameter and the body.\n");
    out.push_str(&format!("    let calls = mock.{}().received();\n", op.mock_name));
    out.push_str("    assert_eq!(calls.len(), 1);\n");
    if let Some(p) = compared {
        out.push_str(&format!("    assert_eq!(calls[0].{0}, {0});\n", p.ident));
    }
    out.push_str("    // Dropping the mock checks that every expectation was met and every request matched.\n}");
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

    use super::*;

    fn example_of(spec: &str) -> String {
        let options = crate::Options { spec_text: Some(spec.as_bytes().to_vec()), ..crate::Options::new("test.yml", "pets") };
        let krate = crate::generate(&options).unwrap().krate;
        program(&krate).expect("an operation can be called")
    }

    const PETS: &str = r##"
openapi: 3.0.0
info: {title: Pets, version: '1'}
servers: [{url: 'https://api.petstore.io/v1'}]
security: [{Bearer: []}]
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
      responses: {'201': {description: created}}
    get:
      operationId: listPets
      parameters:
        - {name: color, in: query, required: true, schema: {$ref: '#/components/schemas/Color'}}
        - {name: owner, in: query, schema: {type: string, example: 'a"b{c}'}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: the pets
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
  /old:
    get:
      operationId: oldPets
      deprecated: true
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    Bearer: {type: http, scheme: bearer, description: Pet store token}
  schemas:
    Color: {type: string, enum: [red, green]}
    Pet:
      type: object
      required: [name, color]
      properties: {name: {type: string}, color: {$ref: '#/components/schemas/Color'}}
"##;

    #[test]
    fn the_example_calls_a_get_by_name_with_typed_enums_and_escaped_spec_text() {
        let example = example_of(PETS);
        // The GET with optional parameters, neither the deprecated one nor the POST with a body.
        assert!(example.contains("match api.list_pets_request(&models::Color::Red).owner(\"a\\\"b{c}\").await {"), "{example}");
        assert!(example.contains("use pets::{models, Client, Error};"), "{example}");
        assert!(example.contains(".bearer_token(std::env::var(\"PETSTORE_PET_STORE_TOKEN\")?)"), "{example}");
        assert!(example.contains("Err(Error::Status(e)) => eprintln!(\"HTTP {}, request id {:?}\", e.status, e.request_id()),"), "{example}");
        assert!(example.contains("Err(other) => return Err(other.into()),"), "{example}");
        assert!(!example.contains("deprecated"), "{example}");
    }

    #[test]
    fn a_response_holding_a_secret_shows_a_field_and_a_deprecated_call_is_allowed() {
        let keys = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /keys:\n    get:\n      operationId: getKey\n      parameters:\n        - {name: petId, in: query, required: true, schema: {type: string}}\n        - {name: x, in: query, required: true, schema: {type: string}}\n        - {name: y, in: query, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: a key\n          content: {application/json: {schema: {$ref: '#/components/schemas/Key'}}}\ncomponents:\n  schemas:\n    Key:\n      type: object\n      required: [client_secret, id]\n      properties: {client_secret: {type: string}, id: {type: string}}\n";
        let example = example_of(keys);
        assert!(example.contains("api.get_key(\"PET_ID\", \"X\", \"Y\")"), "{example}");
        assert!(example.contains("Ok(response) => println!(\"id: {:?}\", response.id),"), "{example}");
        assert!(example.contains("use pets::{Client, Error};"), "{example}");

        let deprecated_only = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      deprecated: true\n      responses: {'204': {description: none}}\n";
        let example = example_of(deprecated_only);
        assert!(example.contains("#[allow(deprecated, reason = \"the example calls a deprecated operation\")]\nasync fn main()"), "{example}");
        assert!(example.contains("Ok(()) => println!(\"done\"),"), "{example}");
        assert!(example.contains("let client = Client::builder().build()?;"), "{example}");
    }

    #[test]
    fn the_credential_is_read_from_a_variable_named_after_the_api_and_the_scheme() {
        assert_eq!(vendor("https://api.line.me/v2").as_deref(), Some("LINE"));
        assert_eq!(vendor("https://manager.line.biz").as_deref(), Some("LINE"));
        assert_eq!(vendor("http://127.0.0.1:8080"), None);
        assert_eq!(vendor("/v1"), None);
        assert_eq!(vendor("https://localhost/v1"), None);
    }
}
