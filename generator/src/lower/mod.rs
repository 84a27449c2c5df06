//! Lowers an `openapiv3::OpenAPI` document into the IR: the only stage that knows OpenAPI.
//!
//! The passes, in order (`Lowerer::run`): security schemes; `plan_models` decides which component
//! schemas become models (a `Plan`); component models, then operations (`operation`,
//! `receiver`), lower types and make inline models, recording examples on the way (`example`).
//! Lowering knows no model's name: models are addressed by id, each with what its type name is
//! to be made from (`models`), and names made from a model's name are left as requests. The
//! passes over models work on ids too: `merge` folds identical inline enums into one model;
//! `recursion` boxes fields that contain their own type; `conversions` picks each union
//! variant's `From`. Last, `naming` claims every name that depends on another: type names (in
//! the order the models were made), the model each fold keeps, modules and files, identifiers
//! made from model names; and it writes every id as its name, which makes the IR.
//! Every place is a typed JSON pointer (`pointer`), every Rust name comes from `names`.

mod conversions;
mod error;
mod example;
mod merge;
mod models;
pub mod names;
mod naming;
mod operation;
mod paging;
mod pointer;
pub mod receiver;
mod recursion;
mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

pub use error::{LowerError, Problem};
pub use pointer::Pointer;

use crate::ir;
use models::{Ids, ModelId, Models};
use names::Scope;

/// The version every generated crate starts at: it comes from no spec; whoever publishes the
/// crate bumps it as a spec change's API report says.
pub const CRATE_VERSION: &str = "0.1.0";

/// Options that do not come from the spec.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// Names the templates use, which no spec name may take (render's table).
    pub reserved: ir::ReservedNames,
}

/// The extension of a path item that holds its OpenAPI 3.2 `query` operation: `load` moves it
/// there, as `openapiv3`'s path item has no field for it (see [`crate::load::v31`]).
pub const QUERY_OPERATION: &str = "x-query";

/// The extension of a path item that holds its OpenAPI 3.2 `additionalOperations` but `QUERY`
/// (a map from the method, as written, to its operation), where `load` moves them.
pub const ADDITIONAL_OPERATIONS: &str = "x-additional-operations";

/// An operation of a path item that `openapiv3` does not read: a `query` operation or one of
/// the `additionalOperations`.
#[derive(Debug)]
pub(crate) struct ExtraOperation {
    pub(crate) method: ir::Method,
    /// Where it is, below its path item (`x-query`, `x-additional-operations/PURGE`).
    pub(crate) key: Vec<String>,
    pub(crate) op: openapiv3::Operation,
}

/// Each path item's operations beyond the eight `openapiv3` reads (see [`QUERY_OPERATION`] and
/// [`ADDITIONAL_OPERATIONS`]), by path; and the problems of those that are not operations or
/// whose method cannot be sent.
fn extra_operations(api: &OpenAPI) -> (BTreeMap<String, Vec<ExtraOperation>>, Vec<Problem>) {
    let mut ops: BTreeMap<String, Vec<ExtraOperation>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        let mut found = Vec::new();
        if let Some(value) = item.extensions.get(QUERY_OPERATION) {
            found.push((ir::Method::Query, vec![QUERY_OPERATION.to_string()], value));
        }
        match item.extensions.get(ADDITIONAL_OPERATIONS) {
            Some(serde_json::Value::Object(map)) => {
                for (name, value) in map {
                    let key = vec![ADDITIONAL_OPERATIONS.to_string(), name.clone()];
                    let at = Pointer::to(&["paths", path]).join(ADDITIONAL_OPERATIONS).join(name);
                    let fixed = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];
                    if let Some(field) = fixed.iter().find(|f| name.eq_ignore_ascii_case(f)) {
                        problems.push(Problem {
                            pointer: at.to_string(),
                            message: format!("`{name}` among `additionalOperations`: write this operation as the path item's `{field}` field"),
                        });
                    } else if let Some(token) = ir::MethodToken::new(name) {
                        found.push((ir::Method::Other(token), key, value));
                    } else {
                        problems.push(Problem {
                            pointer: at.to_string(),
                            message: format!(
                                "`{}` is not a method name this generator sends: use at most {} ASCII letters, digits, `-`, `_` and `.`",
                                name.escape_debug(),
                                ir::MethodToken::MAX
                            ),
                        });
                    }
                }
            }
            Some(_) => problems.push(Problem {
                pointer: Pointer::to(&["paths", path]).join(ADDITIONAL_OPERATIONS).to_string(),
                message: "`additionalOperations` is not a map of methods to operations".into(),
            }),
            None => {}
        }
        for (method, key, value) in found {
            match serde_json::from_value::<openapiv3::Operation>(value.clone()) {
                Ok(op) => ops.entry(path.clone()).or_default().push(ExtraOperation { method, key, op }),
                Err(e) => {
                    let at = key.iter().fold(Pointer::to(&["paths", path]), |at, k| at.join(k));
                    let what = match method {
                        ir::Method::Query => "the `query` operation".to_string(),
                        other => format!("the `{}` operation", other.as_str()),
                    };
                    problems.push(Problem { pointer: at.to_string(), message: format!("{what} is not a valid Operation object: {e}") });
                }
            }
        }
    }
    (ops, problems)
}

/// The extension of a response's media type that holds its OpenAPI 3.2 `itemSchema` (the
/// schema of each item of a sequential body), where `load` moves it.
pub const ITEM_SCHEMA: &str = "x-item-schema";

pub(crate) use operation::framing_of;

/// Lowers `api` (read from `file`) into the IR, or reports every problem found.
pub fn lower(file: &Path, api: &OpenAPI, options: &LowerOptions) -> Result<ir::Crate, LowerError> {
    let (extra_ops, extra_problems) = extra_operations(api);
    let (item_schemas, item_problems) = operation::item_schemas(api, &extra_ops);
    let mut cx = Lowerer::new(api, &extra_ops, &item_schemas, options.reserved);
    cx.problems.extend(extra_problems);
    cx.problems.extend(item_problems);
    let krate = cx.run(options);
    if cx.problems.is_empty() {
        Ok(krate)
    } else {
        let mut problems = cx.problems;
        problems.sort();
        problems.dedup();
        // Lookups made on the side (a description, nullability) meet the same broken reference
        // as the lowering of the schema itself, which names the place: keep only that report.
        let located: BTreeSet<String> = problems.iter().filter(|p| !p.pointer.is_empty()).map(|p| p.message.clone()).collect();
        problems.retain(|p| !p.pointer.is_empty() || !located.contains(&p.message));
        Err(LowerError::new(file.to_path_buf(), problems))
    }
}

/// State shared by the lowering of one document.
pub(crate) struct Lowerer<'a> {
    pub(crate) api: &'a OpenAPI,
    /// Each path's OpenAPI 3.2 `query` and additional operations (see [`extra_operations`]).
    pub(crate) extra_ops: &'a BTreeMap<String, Vec<ExtraOperation>>,
    /// Each response media type's `itemSchema`, by pointer (see [`ITEM_SCHEMA`]).
    pub(crate) item_schemas: &'a BTreeMap<String, ReferenceOr<Schema>>,
    /// Names the templates use (render's table).
    pub(crate) reserved: ir::ReservedNames,
    pub(crate) problems: Vec<Problem>,
    pub(crate) warnings: Vec<String>,
    /// What `plan_models` decided about the component schemas.
    pub(crate) plan: Plan,
    /// Every model made so far, by id.
    pub(crate) models: Models,
    pub(crate) servers: Vec<ir::Server>,
    pub(crate) security_schemes: Vec<ir::SecurityScheme>,
    pub(crate) uses_multipart: bool,
    /// Schemas visited so far; bounds specs whose inline schemas expand without end.
    pub(crate) schema_visits: usize,
    /// Spec examples found so far, by pointer (a property copied into several structs is one example).
    pub(crate) examples: BTreeMap<String, ir::Example<Ids>>,
}

/// What `plan_models` decides about the component schemas before any of them is lowered.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Component schema name → its model, for the schemas that become models.
    pub(crate) component_models: BTreeMap<String, ModelId>,
    /// Component schemas used only as form or multipart bodies: their fields become parameters.
    pub(crate) form_only: BTreeSet<String>,
    /// Variant schema name → the discriminator property and value it is tagged with.
    pub(crate) tag_of_variant: BTreeMap<String, ir::StructTag>,
}

impl<'a> Lowerer<'a> {
    fn new(
        api: &'a OpenAPI,
        extra_ops: &'a BTreeMap<String, Vec<ExtraOperation>>,
        item_schemas: &'a BTreeMap<String, ReferenceOr<Schema>>,
        reserved: ir::ReservedNames,
    ) -> Self {
        Lowerer {
            api,
            extra_ops,
            item_schemas,
            reserved,
            problems: Vec::new(),
            warnings: Vec::new(),
            plan: Plan::default(),
            models: Models::default(),
            servers: Vec::new(),
            security_schemes: Vec::new(),
            uses_multipart: false,
            schema_visits: 0,
            examples: BTreeMap::new(),
        }
    }

    pub(crate) fn problem(&mut self, at: &Pointer, message: impl Into<String>) {
        self.problems.push(Problem {
            pointer: at.to_string(),
            message: message.into(),
        });
    }

    fn run(&mut self, options: &LowerOptions) -> ir::Crate {
        let base = self
            .api
            .servers
            .first()
            .map(|s| server_url(s).trim_end_matches('/').to_string())
            .unwrap_or_else(|| "http://localhost".to_string());
        if self.api.servers.is_empty() {
            self.warnings.push(
                "the spec has no `servers`; the client's base URL defaults to http://localhost".into(),
            );
        }
        self.servers.push(ir::Server {
            url: base,
            setter: "base_url".into(),
        });
        self.security_schemes = self.lower_security_schemes();
        self.plan = self.plan_models();
        self.lower_component_models();
        let (apis, receivers) = self.lower_operations();
        let mut models = std::mem::take(&mut self.models);
        receiver::mark_envelopes(&mut models, &receivers);
        merge::merge_inline_enums(&mut models);
        recursion::box_recursive_fields(&mut models);
        conversions::choose_conversions(&mut models);
        let named = naming::name(&models, &self.reserved, apis, receivers, std::mem::take(&mut self.examples));
        let naming::Named { models, apis, receivers, examples } = named;
        let uses_nullable_fields = models.iter().any(|m| match &m.kind {
            ir::ModelKind::Struct(s) => s.fields.iter().any(ir::Field::is_absent_or_null),
            _ => false,
        });
        let uses_tagged_unions = models.iter().any(|m| matches!(m.kind, ir::ModelKind::Tagged(_)));
        let uses_binary_bodies =
            apis.iter().flat_map(|g| &g.operations).any(|o| matches!(o.body, Some(ir::Body::Binary { .. })));
        ir::Crate {
            uses_tagged_unions,
            uses_binary_bodies,
            name: options.crate_name.clone(),
            version: CRATE_VERSION.into(),
            title: self.api.info.title.clone(),
            spec_version: self.api.info.version.clone(),
            description: self.api.info.description.clone(),
            servers: std::mem::take(&mut self.servers),
            apis,
            receivers,
            models,
            security_schemes: std::mem::take(&mut self.security_schemes),
            uses_multipart: self.uses_multipart,
            uses_nullable_fields,
            warnings: std::mem::take(&mut self.warnings),
            examples,
        }
    }

    /// The component schemas, empty when the spec has none.
    pub(crate) fn component_schemas(&self) -> Option<&'a indexmap::IndexMap<String, ReferenceOr<Schema>>> {
        self.api.components.as_ref().map(|c| &c.schemas)
    }

    /// The security schemes the client can send.
    fn lower_security_schemes(&mut self) -> Vec<ir::SecurityScheme> {
        let mut out = Vec::new();
        let Some(components) = self.api.components.as_ref() else {
            return out;
        };
        let mut scope = Scope::with_reserved(self.reserved.builder_methods);
        for (name, scheme) in &components.security_schemes {
            let at = Pointer::to(&["components", "securitySchemes", name]);
            let ReferenceOr::Item(scheme) = scheme else {
                self.problem(&at, "a $ref security scheme is not supported; write the scheme inline");
                continue;
            };
            use openapiv3::SecurityScheme as S;
            let mut token_source = None;
            let mut client_credentials = None;
            let (kind, description) = match scheme {
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (ir::SecurityKind::Bearer, description)
                }
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (ir::SecurityKind::Basic, description)
                }
                S::APIKey { location, name: key, description, .. } => match location {
                    openapiv3::APIKeyLocation::Header => (ir::SecurityKind::ApiKeyHeader(key.clone()), description),
                    openapiv3::APIKeyLocation::Query => (ir::SecurityKind::ApiKeyQuery(key.clone()), description),
                    openapiv3::APIKeyLocation::Cookie => {
                        self.problem(&at, "apiKey security in a cookie is not supported");
                        continue;
                    }
                },
                S::HTTP { scheme, .. } => {
                    self.problem(&at, format!("HTTP security scheme `{scheme}` is not supported (expected bearer or basic)"));
                    continue;
                }
                // The client does not run the flow; the user passes the access token they got.
                S::OAuth2 { flows, description, extensions } => {
                    if let Some(flow) = &flows.client_credentials {
                        // The client authenticates with HTTP Basic unless the flow (or the
                        // scheme) says `x-client-authentication: body`.
                        let style = flow.extensions.get(CLIENT_AUTHENTICATION).or_else(|| extensions.get(CLIENT_AUTHENTICATION));
                        let auth_in_body = match style.and_then(|v| v.as_str()) {
                            None | Some("basic") => false,
                            Some("body") => true,
                            Some(_) => {
                                self.problem(&at.join("flows").join("clientCredentials").join(CLIENT_AUTHENTICATION), "must be `basic` (HTTP Basic, RFC 6749 §2.3.1) or `body` (client_id and client_secret in the form)");
                                false
                            }
                        };
                        client_credentials = Some((flow.token_url.clone(), flow.scopes.keys().cloned().collect::<Vec<_>>(), auth_in_body));
                    }
                    let token_url = (flows.client_credentials.as_ref().map(|f| &f.token_url))
                        .or_else(|| flows.authorization_code.as_ref().map(|f| &f.token_url))
                        .or_else(|| flows.password.as_ref().map(|f| &f.token_url))
                        .cloned();
                    token_source = Some(ir::TokenSource::OAuth2 { token_url });
                    (ir::SecurityKind::Bearer, description)
                }
                S::OpenIDConnect { open_id_connect_url, description, .. } => {
                    token_source = Some(ir::TokenSource::OpenIdConnect { discovery_url: open_id_connect_url.clone() });
                    (ir::SecurityKind::Bearer, description)
                }
            };
            let stem = names::snake(name);
            let setter = scope.claim(names::join_snake(&[
                &stem,
                match kind {
                    ir::SecurityKind::Bearer => "token",
                    ir::SecurityKind::Basic => "credentials",
                    _ => "key",
                },
            ]));
            let client_credentials = client_credentials.map(|(token_url, scopes, auth_in_body)| ir::ClientCredentialsFlow {
                setter: scope.claim(names::join_snake(&[&stem, "client_credentials"])),
                token_url,
                scopes,
                auth_in_body,
            });
            out.push(ir::SecurityScheme {
                spec_name: name.clone(),
                field: setter.clone(),
                setter,
                kind,
                description: description.clone(),
                token_source,
                client_credentials,
            });
        }
        out
    }

    /// Index of the server with this URL, adding it when an operation introduces it.
    pub(crate) fn server_index(&mut self, url: &str) -> usize {
        let url = url.trim_end_matches('/');
        if let Some(i) = self.servers.iter().position(|s| s.url == url) {
            return i;
        }
        let host = url.split("://").nth(1).unwrap_or(url);
        let host = host.split('/').next().unwrap_or(host);
        let mut scope = Scope::with_reserved(self.reserved.builder_methods);
        for s in &self.servers {
            scope.claim(s.setter.clone());
        }
        for s in &self.security_schemes {
            scope.claim(s.setter.clone());
        }
        let setter = scope.claim(names::join_snake(&[&names::snake(host), "url"]));
        self.servers.push(ir::Server {
            url: url.to_string(),
            setter,
        });
        self.servers.len() - 1
    }
}

/// The extension on an OAuth 2.0 `clientCredentials` flow (or its scheme) that says how the
/// client authenticates to the token endpoint: `basic` (the default) or `body`.
pub const CLIENT_AUTHENTICATION: &str = "x-client-authentication";

/// A server's URL with each `{variable}` replaced by its default (OpenAPI 3.0 §4.8.6: the value
/// to use when none is supplied); a name the server does not declare is left as written.
pub(crate) fn server_url(server: &openapiv3::Server) -> String {
    let Some(variables) = &server.variables else { return server.url.clone() };
    let mut out = String::with_capacity(server.url.len());
    let mut rest = server.url.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        out.push_str(&rest[..open]);
        match variables.get(&rest[open + 1..close]) {
            Some(v) => out.push_str(&v.default),
            None => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Decides which spec names become which Rust names.
pub(crate) fn component_ref_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

#[cfg(test)]
mod tests;
