//! Lowers paths and operations: parameters, bodies, responses, servers, security.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, StatusCode,
};

use super::names::{self, Scope};
use super::receiver::Direction;
use super::schema::{is_form, is_multipart, ObjectShape, SchemaRef};
use super::{server_url, Lowerer, Pointer};
use super::models::{Hint, Ids, Name, Type};
use crate::ir::{self, Body, ParamLocation};

/// Where an operation sits in the spec.
#[derive(Clone, Copy)]
struct Site<'a, 'p> {
    path: &'a str,
    method: ir::Method,
    item: &'a PathItem,
    op: &'a Operation,
    /// JSON pointer to the operation.
    at: &'p Pointer,
}

/// What an operation's responses lower to.
struct Responses {
    success: ir::ResponseBody<Ids>,
    item_stream: Option<ir::ItemStream<Ids>>,
    success_statuses: Vec<u16>,
    errors: Vec<ir::ErrorCase<Ids>>,
    accepts: Vec<String>,
}

struct Draft {
    tag: String,
    op: ir::Operation<Ids>,
}

impl<'a> Lowerer<'a> {
    /// The called operations, grouped by tag, and the received ones (see [`super::receiver`]).
    pub(crate) fn lower_operations(&mut self) -> (Vec<ir::ApiGroup<Ids>>, Vec<ir::Receiver<Ids>>) {
        let api = self.api;
        let mut drafts = Vec::new();
        let mut receivers = Vec::new();
        let mut receiver_scope = Scope::new();
        let mut op_scope = Scope::for_operations(self.reserved.api_methods);
        // Nor the std trait methods clippy's `should_implement_trait` expects (`clone`, `next`).
        let mock_reserved: Vec<&str> = self.reserved.mock_methods.iter().chain(self.reserved.model_methods).copied().collect();
        let mut mock_scope = Scope::with_reserved(&mock_reserved);
        let mut mock_types = Scope::for_types();
        let mut seen_ids: BTreeMap<String, Pointer> = BTreeMap::new();
        for (path, item) in &api.paths.paths {
            let at_path = Pointer::to(&["paths", path]);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.problem(&at_path, "a $ref path item is not supported; write the path item inline");
                    continue;
                }
            };
            for (method, at, op) in path_and_extra_operations(item, &at_path, self.extra_ops.get(path)) {
                let operation_id = match &op.operation_id {
                    Some(id) if !id.trim().is_empty() => id.clone(),
                    _ => {
                        let derived = format!("{} {}", method_name(method), path.replace(['{', '}'], " "));
                        let derived = names::bare(&names::snake(&derived)).to_string();
                        self.warnings.push(format!("{at}: no operationId; named it `{derived}` from the method and path"));
                        derived
                    }
                };
                if let Some(first) = seen_ids.insert(operation_id.clone(), at.clone()) {
                    self.problem(&at, format!("duplicate operationId `{operation_id}` (first used at {first})"));
                    continue;
                }
                if let Direction::Received(signature) = self.direction(op, &at) {
                    if matches!(method, ir::Method::Query | ir::Method::Other(_)) {
                        let message = format!(
                            "a `{}` operation the API sends (a webhook) is not supported: receivers are routed by the standard methods; only called `{}` operations are",
                            method.as_str(),
                            method.as_str()
                        );
                        self.problem(&at, message);
                        continue;
                    }
                    let name = receiver_scope.claim(names::snake(&operation_id));
                    let origin = ir::ReceiverOrigin::Webhook;
                    receivers.push(self.lower_receiver(op, method, path, &at, operation_id, name, signature, origin));
                    continue;
                }
                let name = op_scope.claim(names::snake(&operation_id));
                let stem = names::type_stem(names::bare(&name));
                for (callback, expressions) in &op.callbacks {
                    for (expression, callback_item) in expressions {
                        for (cb_method, cb_op) in path_operations(callback_item) {
                            let cat = at.join("callbacks").join(callback).join(expression).join(method_name(cb_method));
                            let id = match &cb_op.operation_id {
                                Some(id) if !id.trim().is_empty() => id.clone(),
                                _ => format!("{} {callback} {}", names::bare(&name), method_name(cb_method)),
                            };
                            if let Some(first) = seen_ids.insert(id.clone(), cat.clone()) {
                                self.problem(&cat, format!("duplicate operationId `{id}` (first used at {first})"));
                                continue;
                            }
                            let signature = match self.direction(cb_op, &cat) {
                                Direction::Received(signature) => signature,
                                Direction::Called => None,
                            };
                            let rname = receiver_scope.claim(names::snake(&id));
                            let origin = ir::ReceiverOrigin::Callback { operation: name.clone(), name: callback.clone() };
                            receivers.push(self.lower_receiver(cb_op, cb_method, expression, &cat, id, rname, signature, origin));
                        }
                    }
                }
                let site = Site { path, method, item, op, at: &at };
                let mut lowered = self.lower_operation(&site, operation_id, name, stem);
                lowered.mock_name = mock_scope.claim(lowered.name.clone());
                lowered.mock_type = mock_types.claim(names::join_pascal(&[&lowered.type_stem]));
                let tag = op.tags.first().cloned().unwrap_or_else(|| "default".to_string());
                drafts.push(Draft { tag, op: lowered });
            }
        }
        let mut groups: BTreeMap<String, ir::ApiGroup<Ids>> = BTreeMap::new();
        let mut class_scope = Scope::new();
        let mut tag_class: BTreeMap<String, String> = BTreeMap::new();
        let mut tags: Vec<&String> = drafts.iter().map(|d| &d.tag).collect();
        tags.sort();
        tags.dedup();
        for tag in tags {
            let class = class_scope.claim(names::join_pascal(&[&names::pascal(tag), "Api"]));
            tag_class.insert(tag.clone(), class);
        }
        // Each group's module is also the `Client` method returning it.
        let mut module_scope = Scope::with_reserved(self.reserved.client_methods);
        for d in drafts {
            let class = tag_class.get(&d.tag).cloned().unwrap_or_else(|| "DefaultApi".into());
            groups
                .entry(class.clone())
                .or_insert_with(|| ir::ApiGroup {
                    module: module_scope.claim(names::bare(&names::snake(&class)).to_string()),
                    class_name: class,
                    operations: Vec::new(),
                    server: 0,
                })
                .operations
                .push(d.op);
        }
        let mut out: Vec<ir::ApiGroup<Ids>> = groups.into_values().collect();
        for g in &mut out {
            g.operations.sort_by(|a, b| a.name.cmp(&b.name));
            if let Some(first) = g.operations.first().map(|o| o.server) {
                if g.operations.iter().all(|o| o.server == first) {
                    g.server = first;
                }
            }
        }
        receivers.sort_by(|a, b| a.name.cmp(&b.name));
        (out, receivers)
    }

    fn lower_operation(&mut self, site: &Site<'a, '_>, operation_id: String, name: String, stem: String) -> ir::Operation<Ids> {
        let Site { path, method, item, op, at } = *site;
        let mut scope = Scope::with_reserved(self.reserved.operation_locals);
        let mut params: Vec<ir::Param<Ids>> = Vec::new();

        // Path-level parameters first, replaced by operation-level ones with the same name and place.
        let mut declared: IndexMap<(String, &'static str), (&'a Parameter, Pointer)> = IndexMap::new();
        let path_at = at.parent();
        for (i, p) in item.parameters.iter().enumerate() {
            let pat = path_at.join("parameters").join(i);
            if let Some(param) = self.resolve_parameter(p, &pat) {
                declared.insert((param.parameter_data_ref().name.clone(), location_name(param)), (param, pat));
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let pat = at.join("parameters").join(i);
            if let Some(param) = self.resolve_parameter(p, &pat) {
                declared.insert((param.parameter_data_ref().name.clone(), location_name(param)), (param, pat));
            }
        }
        for (_, (param, pat)) in declared {
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } if !is_cookie_name(&data.name) => {
                    self.problem(
                        &pat,
                        format!("cookie parameter `{}` is not a valid cookie name (RFC 6265: letters, digits and !#$%&'*+-.^_`|~)", data.name),
                    );
                    continue;
                }
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let hint = Hint::text(format!("{stem}{}", names::pascal(&data.name)));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => self.param_type(SchemaRef::from(s), &hint, &pat.join("schema")),
                ParameterSchemaOrContent::Content(content) => match content.values().next().and_then(|m| m.schema.as_ref()) {
                    Some(s) => self.type_of(SchemaRef::from(s), &hint, &pat.join("content"), 0),
                    None => Type::String,
                },
            };
            let param_schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => Some(SchemaRef::from(s)),
                ParameterSchemaOrContent::Content(content) => {
                    content.values().next().and_then(|m| m.schema.as_ref()).map(SchemaRef::from)
                }
            };
            if let Some(example) = &data.example {
                self.record_example(pat.join("example"), &ty, example, param_schema);
            }
            self.record_named_examples(&data.examples, &pat, &ty, param_schema);
            params.push(ir::Param {
                ident: Name::Given(scope.claim(names::snake(&data.name))),
                secret: names::is_secret(&data.name),
                wire_name: Name::Given(data.name.clone()),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                description: data.description.clone(),
                part_content_type: None,
                example: param_example(data.example.as_ref(), param_schema),
            });
        }

        let mut content_types = Vec::new();
        let mut body = None;
        if let Some(rb) = &op.request_body {
            let bat = at.join("requestBody");
            if let Some(rb) = self.resolve_request_body(rb, &bat) {
                content_types = rb.content.keys().cloned().collect();
                body = self.lower_body(rb, &stem, &bat, &mut scope, &mut params);
            }
        }

        // Required first, then optional; the sort is stable, so spec order holds otherwise.
        params.sort_by_key(|p| !p.required);

        let path_parts = self.path_parts(path, &params, at);
        let Responses { success, item_stream, success_statuses, errors, accepts } = self.lower_responses(op, &stem, at);
        let pagination = self.lower_pagination(op, &params, &success, at);
        let server = match op.servers.first().or_else(|| item.servers.first()) {
            Some(s) => self.server_index(&server_url(s)),
            None => 0,
        };
        let auth = self.operation_auth(op, at);
        let sends_cookies = params.iter().any(|p| p.location == ParamLocation::Cookie);
        // A header such as LINE's `X-Line-Retry-Key` makes a retried POST safe: the server
        // accepts the same key once.
        let retry_key = params.iter().position(|p| {
            p.location == ParamLocation::Header && p.ty == Type::String && p.wire_name.given().is_some_and(|w| w.to_ascii_lowercase().ends_with("retry-key"))
        });
        ir::Operation {
            retry_key,
            pagination,
            item_stream,
            operation_id,
            with_http_info_name: names::join_snake(&[&name, names::WITH_HTTP_INFO]),
            request_name: names::join_snake(&[&name, names::REQUEST]),
            mock_name: String::new(),
            mock_type: String::new(),
            name,
            type_stem: stem,
            method,
            path: path.to_string(),
            path_parts,
            server,
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            params,
            body,
            success,
            success_statuses,
            errors,
            content_types,
            accepts,
            auth,
            sends_cookies,
        }
    }

    fn resolve_parameter(&mut self, p: &'a ReferenceOr<Parameter>, at: &Pointer) -> Option<&'a Parameter> {
        self.resolve_component(p, ("parameter", "parameters"), |c| &c.parameters, at)
    }

    pub(crate) fn resolve_request_body(&mut self, rb: &'a ReferenceOr<RequestBody>, at: &Pointer) -> Option<&'a RequestBody> {
        self.resolve_component(rb, ("requestBody", "requestBodies"), |c| &c.request_bodies, at)
    }

    fn resolve_response(&mut self, r: &'a ReferenceOr<Response>, at: &Pointer) -> Option<&'a Response> {
        self.resolve_component(r, ("response", "responses"), |c| &c.responses, at)
    }

    /// An inline item, or the `#/components/<section>/<name>` it refers to (one level: a
    /// component that is itself a `$ref` is reported, not followed).
    fn resolve_component<T>(
        &mut self,
        r: &'a ReferenceOr<T>,
        (what, section): (&str, &str),
        items: fn(&'a openapiv3::Components) -> &'a IndexMap<String, ReferenceOr<T>>,
        at: &Pointer,
    ) -> Option<&'a T> {
        let reference = match r {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let found = reference
            .strip_prefix(prefix.as_str())
            .and_then(|name| self.api.components.as_ref().and_then(|c| items(c).get(name)));
        match found {
            Some(ReferenceOr::Item(item)) => Some(item),
            _ => {
                self.problem(at, format!("unresolved {what} $ref `{reference}`: expected {prefix}<name>"));
                None
            }
        }
    }

    fn lower_body(
        &mut self,
        rb: &'a RequestBody,
        stem: &str,
        at: &Pointer,
        scope: &mut Scope,
        params: &mut Vec<ir::Param<Ids>>,
    ) -> Option<Body> {
        let pick = |pred: &dyn Fn(&str) -> bool| rb.content.iter().find(|(m, _)| pred(m));
        let content_at = |media: &str| at.join("content").join(media);
        if let Some((media, mt)) = pick(&|m| is_json(m)) {
            let ty = match &mt.schema {
                Some(s) => self.type_of(SchemaRef::from(s), &Hint::text(format!("{stem}Request")), &content_at(media).join("schema"), 0),
                None => Type::Json,
            };
            self.record_media_examples(mt, &content_at(media), &ty);
            // A body of a model type is named after the model.
            let (ident, wire_name) = match &ty {
                Type::Model(m) => (Name::ClaimSnake(*m), Name::Type(*m)),
                _ => (Name::Given(scope.claim("body".into())), Name::Given("body".into())),
            };
            params.push(ir::Param {
                ident,
                wire_name,
                location: ParamLocation::Body,
                ty,
                required: rb.required,
                description: rb.description.clone(),
                secret: false,
                part_content_type: None,
                example: None,
            });
            return Some(Body::Json);
        }
        if let Some((media, mt)) = pick(&|m| is_form(m) || is_multipart(m)) {
            let multipart = is_multipart(media);
            let location = if multipart { ParamLocation::Multipart } else { ParamLocation::Form };
            if multipart {
                self.uses_multipart = true;
            }
            self.note_unchecked_examples(mt, &content_at(media), media);
            self.lower_form_fields(mt, location, stem, &content_at(media), scope, params);
            return Some(if multipart { Body::Multipart } else { Body::Form });
        }
        let (media, _) = rb.content.first()?;
        for (m, mt) in &rb.content {
            self.note_unchecked_examples(mt, &content_at(m), m);
        }
        let content_type = if media.contains('*') || rb.content.len() > 1 {
            params.push(ir::Param {
                ident: Name::Given(scope.claim("content_type".into())),
                wire_name: Name::Given("Content-Type".into()),
                location: ParamLocation::Header,
                ty: Type::String,
                required: true,
                description: Some(format!("Media type of the body ({}).", rb.content.keys().cloned().collect::<Vec<_>>().join(", "))),
                secret: false,
                part_content_type: None,
                example: None,
            });
            String::new()
        } else {
            media.clone()
        };
        params.push(ir::Param {
            ident: Name::Given(scope.claim("body".into())),
            wire_name: Name::Given("body".into()),
            location: ParamLocation::Body,
            ty: Type::Bytes,
            required: rb.required,
            description: rb.description.clone(),
            secret: false,
            part_content_type: None,
            example: None,
        });
        Some(Body::Binary { content_type })
    }

    /// Turns a form or multipart schema into parameters; a `oneOf` of objects becomes the union
    /// of their fields, all optional, in first-seen order (a later description wins).
    fn lower_form_fields(
        &mut self,
        mt: &'a MediaType,
        location: ParamLocation,
        stem: &str,
        at: &Pointer,
        scope: &mut Scope,
        params: &mut Vec<ir::Param<Ids>>,
    ) {
        let Some(schema) = &mt.schema else {
            return;
        };
        let sat = at.join("schema");
        let resolved: Option<(&'a Schema, Pointer, Option<&'a str>)> = match schema {
            ReferenceOr::Item(s) => Some((s, sat.clone(), None)),
            ReferenceOr::Reference { reference } => self
                .resolve(reference, &sat)
                .map(|(n, s)| (s, Pointer::to(&["components", "schemas", n]), Some(n))),
        };
        let Some((schema, sat, owner)) = resolved else {
            return;
        };
        let branches: &'a [ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            _ => &[],
        };
        let mut fields: IndexMap<String, (SchemaRef<'a>, Pointer, bool, Option<String>)> = IndexMap::new();
        if branches.is_empty() {
            let mut shape = ObjectShape { owner, ..ObjectShape::default() };
            self.collect_object(SchemaRef::Inline(schema), &sat, &mut shape, 0);
            for (name, (s, pat)) in shape.properties {
                let required = shape.required.contains(&name);
                let description = self.description_of(s, &pat);
                fields.insert(name, (s, pat, required, description));
            }
            // A form cannot hold a union: the fields of every shape it allows are optional parameters.
            for union in shape.unions {
                for (i, member) in union.members.iter().enumerate() {
                    let mut member_shape = ObjectShape::default();
                    self.collect_object(SchemaRef::from(member), &union.at.join("oneOf").join(i), &mut member_shape, 1);
                    for (name, (s, pat)) in member_shape.properties {
                        if !fields.contains_key(&name) {
                            let description = self.description_of(s, &pat);
                            fields.insert(name, (s, pat, false, description));
                        }
                    }
                }
            }
        } else {
            for (i, b) in branches.iter().enumerate() {
                let mut shape = ObjectShape::default();
                self.collect_object(SchemaRef::from(b), &sat.join("oneOf").join(i), &mut shape, 0);
                for (name, (s, pat)) in shape.properties {
                    let description = self.description_of(s, &pat);
                    match fields.get_mut(&name) {
                        Some(existing) => {
                            if description.is_some() {
                                existing.3 = description;
                            }
                        }
                        None => {
                            fields.insert(name, (s, pat, false, description));
                        }
                    }
                }
            }
        }
        for (name, (s, pat, required, description)) in fields {
            let ty = self.param_type(s, &Hint::text(format!("{stem}{}", names::pascal(&name))), &pat);
            let part_content_type = if location == ParamLocation::Multipart && ty == Type::Bytes {
                self.part_content_type(mt, &name, at)
            } else {
                None
            };
            params.push(ir::Param {
                ident: Name::Given(scope.claim(names::snake(&name))),
                secret: names::is_secret(&name),
                wire_name: Name::Given(name),
                location,
                ty,
                required,
                description,
                part_content_type,
                example: param_example(None, Some(s)),
            });
        }
    }

    /// The first media type the `encoding` of a multipart part names, if it is valid header text.
    fn part_content_type(&mut self, mt: &MediaType, part: &str, at: &Pointer) -> Option<String> {
        let listed = mt.encoding.get(part)?.content_type.as_deref()?;
        let first = listed.split(',').next().unwrap_or("").trim();
        let valid = !first.is_empty() && first.bytes().all(|b| (0x20..0x7f).contains(&b));
        if valid {
            Some(first.to_string())
        } else {
            self.warnings.push(format!(
                "{}: contentType `{listed}` is not a valid header value; the part is sent without one",
                at.join("encoding").join(part)
            ));
            None
        }
    }

    /// A parameter's type. Inline string enums stay `String` (the docs show them so); a `$ref`
    /// to an enum schema gets the enum type.
    fn param_type(&mut self, s: SchemaRef<'a>, hint: &Hint, at: &Pointer) -> Type {
        if let SchemaRef::Inline(schema) = s {
            if let SchemaKind::Type(openapiv3::Type::String(st)) = &schema.schema_kind {
                if !st.enumeration.is_empty() {
                    if let Some(example) = &schema.schema_data.example {
                        self.record_example(at.join("example"), &Type::String, example, Some(s));
                    }
                    return Type::String;
                }
            }
        }
        self.type_of(s, hint, at, 0)
    }

    fn description_of(&mut self, s: SchemaRef<'a>, at: &Pointer) -> Option<String> {
        match s {
            SchemaRef::Inline(s) => s.schema_data.description.clone(),
            SchemaRef::Ref(r) => self.resolve(r, at).and_then(|(_, s)| s.schema_data.description.clone()),
        }
    }

    fn path_parts(&mut self, path: &str, params: &[ir::Param<Ids>], at: &Pointer) -> Vec<ir::PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let (lit, after) = rest.split_at(open);
            if !lit.is_empty() {
                parts.push(ir::PathPart::Literal(lit.to_string()));
            }
            let after = after.get(1..).unwrap_or("");
            let Some(close) = after.find('}') else {
                self.problem(at, format!("unclosed `{{` in path `{path}`"));
                return parts;
            };
            let name = after.get(..close).unwrap_or("");
            match params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name.given() == Some(name)) {
                Some(i) => parts.push(ir::PathPart::Param(i)),
                None => self.problem(at, format!("path `{path}` uses `{{{name}}}` but no path parameter `{name}` is declared")),
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            parts.push(ir::PathPart::Literal(rest.to_string()));
        }
        for wire in params.iter().filter(|p| p.location == ParamLocation::Path).filter_map(|p| p.wire_name.given()) {
            if !path.contains(&format!("{{{wire}}}")) {
                self.problem(at, format!("path parameter `{wire}` does not appear in the path `{path}`"));
            }
        }
        parts
    }

    /// The success body, the typed error cases and the media types of an operation's responses.
    ///
    /// `default` stands for every status the operation does not declare. When a 2XX code or
    /// range is declared, `default` is an error case like the others; when none is, `default`
    /// also describes success, so its body is what the call returns (and, for a non-success
    /// status, what the error carries). Error cases come out with exact codes first, then
    /// ranges, then `default`, each once, which is the order a `match` needs.
    fn lower_responses(&mut self, op: &'a Operation, stem: &str, at: &Pointer) -> Responses {
        let mut success = None;
        let mut item_stream = None;
        let mut statuses = Vec::new();
        let mut errors: Vec<ir::ErrorCase<Ids>> = Vec::new();
        let mut accepts: Vec<String> = Vec::new();
        let mut variants = Scope::new();
        let declares_success = op.responses.responses.keys().any(is_success_status);
        let entries: Vec<(Option<&StatusCode>, &'a ReferenceOr<Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(k, v)| (Some(k), v))
            .chain(op.responses.default.iter().map(|d| (None, d)))
            .collect();
        for (code, resp) in entries {
            let label = code.map(|c| c.to_string()).unwrap_or_else(|| "default".into());
            let rat = at.join("responses").join(&label);
            let written_at = match resp {
                ReferenceOr::Reference { reference } => match reference.strip_prefix("#/components/responses/") {
                    Some(name) => Pointer::to(&["components", "responses", name]),
                    None => rat.clone(),
                },
                ReferenceOr::Item(_) => rat.clone(),
            };
            let Some(resp) = self.resolve_response(resp, &rat) else {
                continue;
            };
            for media in resp.content.keys() {
                if !accepts.contains(media) {
                    accepts.push(media.clone());
                }
            }
            let status = match code {
                Some(StatusCode::Code(c)) => ir::ErrorStatus::Code(*c),
                Some(StatusCode::Range(r)) => ir::ErrorStatus::Range(*r),
                None => ir::ErrorStatus::Default,
            };
            if let Some(code) = code.filter(|c| is_success_status(c)) {
                if let StatusCode::Code(c) = code {
                    statuses.push(*c);
                }
                if success.is_none() || success == Some(ir::ResponseBody::Empty) {
                    success = Some(self.response_body(resp, &Hint::text(format!("{stem}Response")), &rat));
                    item_stream = self.item_stream(resp, &written_at, stem, &rat);
                    if item_stream.is_some() {
                        success = Some(ir::ResponseBody::Bytes);
                    }
                }
                continue;
            }
            let body = if status == ir::ErrorStatus::Default && !declares_success {
                let body = self.response_body(resp, &Hint::text(format!("{stem}Response")), &rat);
                success = Some(body.clone());
                body
            } else {
                // `404` stays `404` inside the name (`GetItem404Response`); `default` becomes `Default`.
                self.response_body(resp, &Hint::text(names::pascal(&format!("{stem} {label} response"))), &rat)
            };
            if let ir::ResponseBody::Json(ty) = body {
                let variant = match status {
                    ir::ErrorStatus::Code(c) => format!("Status{c}"),
                    ir::ErrorStatus::Range(r) => format!("Status{r}xx"),
                    ir::ErrorStatus::Default => "DefaultResponse".into(),
                };
                errors.push(ir::ErrorCase { status, variant: variants.claim(variant), ty, description: resp.description.clone() });
            }
        }
        // A response map cannot hold a key twice; the dedup keeps the match free of dead arms
        // whatever produced the list.
        errors.sort_by_key(|e| e.status);
        errors.dedup_by_key(|e| e.status);
        Responses { success: success.unwrap_or(ir::ResponseBody::Empty), item_stream, success_statuses: statuses, errors, accepts }
    }

    /// The items of a sequential media type of `resp` that has an `itemSchema` (read by
    /// [`item_schemas`]; `written_at` is where the response is written, for a referenced one).
    fn item_stream(&mut self, resp: &'a Response, written_at: &Pointer, stem: &str, at: &Pointer) -> Option<ir::ItemStream<Ids>> {
        let (media, framing) = resp.content.keys().find_map(|m| framing_of(m).map(|f| (m, f)))?;
        let schema = self.item_schemas.get(&written_at.join("content").join(media).to_string())?;
        let item_at = at.join("content").join(media).join(super::ITEM_SCHEMA);
        let item = self.type_of(SchemaRef::from(schema), &Hint::text(format!("{stem}Item")), &item_at, 0);
        Some(ir::ItemStream { item, framing, media_type: media.clone() })
    }

    fn response_body(&mut self, resp: &'a Response, hint: &Hint, at: &Pointer) -> ir::ResponseBody<Ids> {
        if let Some((media, mt)) = resp.content.iter().find(|(m, _)| is_json(m)) {
            let content_at = at.join("content").join(media);
            let ty = match &mt.schema {
                Some(s) => self.type_of(SchemaRef::from(s), hint, &content_at.join("schema"), 0),
                None => Type::Json,
            };
            self.record_media_examples(mt, &content_at, &ty);
            return ir::ResponseBody::Json(ty);
        }
        for (media, mt) in &resp.content {
            self.note_unchecked_examples(mt, &at.join("content").join(media), media);
        }
        match resp.content.keys().next() {
            None => ir::ResponseBody::Empty,
            Some(m) if m.starts_with("text/") => ir::ResponseBody::Text,
            Some(_) => ir::ResponseBody::Bytes,
        }
    }

    fn operation_auth(&mut self, op: &Operation, at: &Pointer) -> Vec<usize> {
        let requirements = op.security.as_ref().or(self.api.security.as_ref());
        let mut out = Vec::new();
        let Some(requirements) = requirements else {
            return out;
        };
        // Alternatives (`- a` `- b`) and combinations alike: the client sends every credential it has.
        for req in requirements {
            for name in req.keys() {
                match self.security_schemes.iter().position(|s| &s.spec_name == name) {
                    Some(i) => {
                        if !out.contains(&i) {
                            out.push(i);
                        }
                    }
                    // A scheme that is declared but unsupported was reported where it is declared.
                    None if self.api.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(name)) => {}
                    None => self.problem(&at.join("security"), format!("security requirement names `{name}`, which is not in #/components/securitySchemes")),
                }
            }
        }
        out
    }
}

/// A 2XX code or the `2XX` range.
fn is_success_status(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

/// How a sequential media type delimits its items; `None` for any other media type.
pub(crate) fn framing_of(media: &str) -> Option<ir::Framing> {
    let m = media.to_ascii_lowercase();
    match m.split(';').next().unwrap_or("").trim() {
        "application/jsonl" | "application/x-ndjson" | "application/x-jsonlines" | "application/jsonlines" => Some(ir::Framing::JsonLines),
        "application/json-seq" => Some(ir::Framing::JsonSeq),
        "text/event-stream" => Some(ir::Framing::EventStream),
        _ => None,
    }
}

/// Every response media type's `itemSchema` (see [`super::ITEM_SCHEMA`]), by the pointer of the
/// media type where it is written (`#/paths/~1s/get/responses/200/content/application~1jsonl`),
/// with the problems of those that are not schemas.
pub(crate) fn item_schemas(
    api: &openapiv3::OpenAPI,
    extra_ops: &BTreeMap<String, Vec<super::ExtraOperation>>,
) -> (BTreeMap<String, ReferenceOr<Schema>>, Vec<super::error::Problem>) {
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    let mut response = |resp: &ReferenceOr<Response>, at: Pointer| {
        let ReferenceOr::Item(resp) = resp else { return };
        for (media, mt) in &resp.content {
            let Some(value) = mt.extensions.get(super::ITEM_SCHEMA) else { continue };
            let content_at = at.join("content").join(media);
            match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()) {
                Ok(schema) => {
                    out.insert(content_at.to_string(), schema);
                }
                Err(e) => problems.push(super::error::Problem {
                    pointer: content_at.join(super::ITEM_SCHEMA).to_string(),
                    message: format!("`itemSchema` is not a valid Schema object: {e}"),
                }),
            }
        }
    };
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (_, at, op) in path_and_extra_operations(item, &Pointer::to(&["paths", path]), extra_ops.get(path)) {
            for (code, resp) in &op.responses.responses {
                response(resp, at.join("responses").join(code.to_string()));
            }
            if let Some(resp) = &op.responses.default {
                response(resp, at.join("responses").join("default"));
            }
        }
    }
    if let Some(components) = &api.components {
        for (name, resp) in &components.responses {
            response(resp, Pointer::to(&["components", "responses", name]));
        }
    }
    (out, problems)
}

pub(crate) fn is_json(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    let m = m.split(';').next().unwrap_or("").trim();
    m == "application/json" || m.ends_with("+json")
}

/// A cookie name is an RFC 7230 token; values are percent-encoded, names are sent as written.
fn is_cookie_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The method as an operation's name starts when it has no `operationId`, and as the key of its
/// path item (`get`; a method of `additionalOperations` lower-cased).
fn method_name(m: ir::Method) -> String {
    m.as_str().to_ascii_lowercase()
}

/// A path item's operations, each with its method and place: the eight `openapiv3` reads, then
/// its `query` and additional operations.
fn path_and_extra_operations<'o>(
    item: &'o PathItem,
    at_path: &Pointer,
    extra: Option<&'o Vec<super::ExtraOperation>>,
) -> Vec<(ir::Method, Pointer, &'o Operation)> {
    let fixed = path_operations(item).into_iter().map(|(method, op)| (method, at_path.join(method_name(method)), op));
    let extra = extra.into_iter().flatten().map(|e| (e.method, e.key.iter().fold(at_path.clone(), |at, k| at.join(k)), &e.op));
    fixed.chain(extra).collect()
}

fn path_operations(item: &PathItem) -> Vec<(ir::Method, &Operation)> {
    use ir::Method as M;
    [
        (M::Get, &item.get),
        (M::Put, &item.put),
        (M::Post, &item.post),
        (M::Delete, &item.delete),
        (M::Options, &item.options),
        (M::Head, &item.head),
        (M::Patch, &item.patch),
        (M::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(m, o)| o.as_ref().map(|o| (m, o)))
    .collect()
}

/// A parameter's scalar example (its own, else its inline schema's), for the usage example.
fn param_example(own: Option<&serde_json::Value>, schema: Option<SchemaRef<'_>>) -> Option<ir::Literal> {
    let value = own.or(match schema {
        Some(SchemaRef::Inline(s)) => s.schema_data.example.as_ref(),
        _ => None,
    })?;
    match value {
        serde_json::Value::String(s) => Some(ir::Literal::Str(s.clone())),
        serde_json::Value::Bool(b) => Some(ir::Literal::Bool(*b)),
        serde_json::Value::Number(n) => n.as_i64().map(ir::Literal::Int).or_else(|| n.as_f64().map(ir::Literal::Float)),
        _ => None,
    }
}
