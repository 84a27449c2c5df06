//! Lowering the project's channel-access-token spec: assertions on the IR itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use generator::ir::{self, ParamLocation, Type};
use generator::lower::lower;

fn spec_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/channel-access-token.yml")
}

fn lower_text(text: &str) -> ir::Crate {
    let api = generator::load::load_bytes(Path::new("test.yml"), text.as_bytes()).unwrap().api;
    lower(Path::new("test.yml"), &api, &generator::lower_options("t")).unwrap()
}

fn project_ir() -> ir::Crate {
    let path = spec_path();
    let api = generator::load::load_file(&path).unwrap().api;
    lower(&path, &api, &generator::lower_options("line_channel_access_token")).unwrap()
}

fn op<'a>(krate: &'a ir::Crate, name: &str) -> &'a ir::Operation {
    krate.apis.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap()
}

#[test]
fn operations_are_named_snake_case_with_acronyms_as_words_and_sorted() {
    let krate = project_ir();
    assert_eq!(krate.apis.len(), 1);
    let group = &krate.apis[0];
    assert_eq!(group.class_name, "ChannelAccessTokenApi");
    assert_eq!(group.module, "channel_access_token_api");
    let names: Vec<&str> = group.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "gets_all_valid_channel_access_token_key_ids",
            "issue_channel_token",
            "issue_channel_token_by_jwt",
            "issue_stateless_channel_token",
            "revoke_channel_token",
            "revoke_channel_token_by_jwt",
            "verify_channel_token",
            "verify_channel_token_by_jwt",
        ]
    );
    let jwt = op(&krate, "issue_channel_token_by_jwt");
    assert_eq!(jwt.operation_id, "issueChannelTokenByJWT");
    assert_eq!(jwt.type_stem, "IssueChannelTokenByJwt");
    assert_eq!(jwt.method, ir::Method::Post);
}

#[test]
fn one_of_form_body_is_flattened_into_optional_union_of_fields() {
    let krate = project_ir();
    let stateless = op(&krate, "issue_stateless_channel_token");
    assert_eq!(stateless.body, Some(ir::Body::Form));
    let params: Vec<(&str, bool, ParamLocation)> =
        stateless.params.iter().map(|p| (p.wire_name.as_str(), p.required, p.location)).collect();
    assert_eq!(
        params,
        [
            ("grant_type", false, ParamLocation::Form),
            ("client_assertion_type", false, ParamLocation::Form),
            ("client_assertion", false, ParamLocation::Form),
            ("client_id", false, ParamLocation::Form),
            ("client_secret", false, ParamLocation::Form),
        ]
    );
    // grant_type is in both branches: the later branch's description wins.
    assert_eq!(stateless.params[0].description.as_deref(), Some("`client_credentials`"));
    // Inline enums in form fields stay strings, as the docs show them.
    assert_eq!(stateless.params[0].ty, Type::String);
    assert!(stateless.params[2].secret && stateless.params[4].secret);
    assert!(!stateless.params[1].secret);
    // The branch schemas were used only as form bodies: they become no models.
    assert!(krate.models.iter().all(|m| !m.spec_name.contains("Request")), "{:?}", krate.models.iter().map(|m| &m.name).collect::<Vec<_>>());
    assert_eq!(stateless.content_types, ["application/x-www-form-urlencoded"]);
    assert_eq!(stateless.accepts, ["application/json"]);
}

#[test]
fn query_parameters_responses_and_models() {
    let krate = project_ir();
    let verify = op(&krate, "verify_channel_token_by_jwt");
    assert_eq!(verify.params.len(), 1);
    assert_eq!(verify.params[0].location, ParamLocation::Query);
    assert!(verify.params[0].required);
    assert_eq!(verify.success, ir::ResponseBody::Json(Type::Model("VerifyChannelAccessTokenResponse".into())));
    let revoke = op(&krate, "revoke_channel_token");
    assert_eq!(revoke.success, ir::ResponseBody::Empty);
    assert!(revoke.accepts.is_empty());
    let issue = op(&krate, "issue_channel_token");
    assert_eq!(issue.errors.len(), 1);
    assert_eq!(issue.errors[0].status, ir::ErrorStatus::Code(400));
    assert_eq!(issue.errors[0].variant, "Status400");
    assert_eq!(issue.errors[0].ty, Type::Model("ErrorResponse".into()));

    let names: Vec<&str> = krate.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ChannelAccessTokenKeyIdsResponse",
            "ErrorResponse",
            "IssueChannelAccessTokenResponse",
            "IssueShortLivedChannelAccessTokenResponse",
            "IssueStatelessChannelAccessTokenResponse",
            "VerifyChannelAccessTokenResponse",
        ]
    );
    let verify_model = krate.models.iter().find(|m| m.name == "VerifyChannelAccessTokenResponse").unwrap();
    let ir::ModelKind::Struct(s) = &verify_model.kind else { panic!("struct expected") };
    let expires = s.fields.iter().find(|f| f.wire_name == "expires_in").unwrap();
    assert_eq!(expires.ty, Type::I64);
    assert!(expires.required);
    let scope = s.fields.iter().find(|f| f.wire_name == "scope").unwrap();
    assert!(!scope.required && scope.is_option());

    let short = krate.models.iter().find(|m| m.name == "IssueShortLivedChannelAccessTokenResponse").unwrap();
    let ir::ModelKind::Struct(s) = &short.kind else { panic!("struct expected") };
    let token_type = s.fields.iter().find(|f| f.wire_name == "token_type").unwrap();
    assert_eq!(token_type.default.as_deref(), Some("Bearer"));
    assert!(s.fields.iter().find(|f| f.wire_name == "access_token").unwrap().secret);
    assert!(s.has_secrets);
}

#[test]
fn required_parameters_come_first_then_spec_order() {
    let krate = lower_text(
        r#"
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
    post:
      operationId: putItem
      parameters:
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: X-Trace-Id, in: header, required: true, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [name]
              properties:
                note: {type: string}
                name: {type: string}
      responses:
        '202': {description: accepted}
"#,
    );
    let put = op(&krate, "put_item");
    let order: Vec<(&str, bool)> = put.params.iter().map(|p| (p.ident.as_str(), p.required)).collect();
    assert_eq!(
        order,
        [("id", true), ("x_trace_id", true), ("name", true), ("verbose", false), ("note", false)]
    );
    assert_eq!(put.params[0].ty, Type::I64);
    assert_eq!(put.path_parts, [ir::PathPart::Literal("/items/".into()), ir::PathPart::Param(0)]);
    assert_eq!(put.success_statuses, [202]);
    assert_eq!(put.success, ir::ResponseBody::Empty);
}

#[test]
fn description_newlines_are_kept_in_the_ir_and_folded_in_the_docs() {
    let generated = generator::generate(&generator::Options::new(spec_path(), "line_channel_access_token")).unwrap();
    let stateless = op(&generated.krate, "issue_stateless_channel_token");
    let description = stateless.description.as_deref().unwrap();
    assert!(description.contains("max active token limit\nunlike"), "{description:?}");
    let files = generated.files;
    let doc = String::from_utf8(files[Path::new("docs/ChannelAccessTokenApi.md")].clone()).unwrap();
    assert!(doc.contains("max active token limit unlike the other token types. The newly issued"), "{doc}");
}

#[test]
fn operation_servers_become_extra_servers_and_a_uniform_group_takes_its_server() {
    let krate = lower_text(
        r#"
openapi: 3.0.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com/'}]
paths:
  /content/{id}:
    get:
      tags: [blob]
      operationId: getContent
      servers: [{url: 'https://data.example.com'}]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {'*/*': {schema: {type: string, format: binary}}}}
  /items:
    get:
      tags: [main]
      operationId: listItems
      responses: {'200': {description: ok}}
    post:
      tags: [main]
      operationId: addItem
      servers: [{url: 'https://data.example.com'}]
      responses: {'202': {description: accepted}}
"#,
    );
    let urls: Vec<(&str, &str)> = krate.servers.iter().map(|s| (s.url.as_str(), s.setter.as_str())).collect();
    assert_eq!(urls, [("https://api.example.com", "base_url"), ("https://data.example.com", "data_example_com_url")]);
    let blob = krate.apis.iter().find(|g| g.class_name == "BlobApi").unwrap();
    assert_eq!(blob.server, 1);
    assert_eq!(blob.operations[0].success, ir::ResponseBody::Bytes);
    let main = krate.apis.iter().find(|g| g.class_name == "MainApi").unwrap();
    assert_eq!(main.server, 0, "mixed servers keep the default as the group's base");
    assert_eq!(op(&krate, "add_item").server, 1);
    assert_eq!(op(&krate, "list_items").server, 0);
}

#[test]
fn a_spec_without_operations_renders_models_only() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties: {name: {type: string}}\n";
    let options = generator::Options { spec_text: Some(text.as_bytes().to_vec()), ..generator::Options::new("test.yml", "t") };
    let generated = generator::generate(&options).unwrap();
    assert!(generated.krate.apis.is_empty());
    let files = generated.files;
    assert!(files.keys().all(|p| !p.starts_with("src/apis")), "{:?}", files.keys().collect::<Vec<_>>());
    let lib = String::from_utf8(files[Path::new("src/lib.rs")].clone()).unwrap();
    assert!(lib.contains("pub mod models;") && !lib.contains("apis"), "{lib}");
    assert!(files.contains_key(Path::new("src/models/thing.rs")));
}

/// A spec passed as text (never read from disk) still gets `file:line:column` on a lowering
/// error: the locator is built from the text given.
#[test]
fn a_lowering_error_in_a_spec_passed_as_text_carries_line_and_column() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n";
    let options = generator::Options { spec_text: Some(text.as_bytes().to_vec()), ..generator::Options::new("in-memory.yml", "t") };
    let error = generator::generate(&options).unwrap_err();
    assert!(matches!(error, generator::Error::Lower(_)), "{error}");
    let message = error.to_string();
    assert!(
        message.contains(
            "in-memory.yml:12:15: #/paths/~1a/get/responses/200/content/application~1json/schema: unresolved $ref `#/components/schemas/Missing`"
        ),
        "{message}"
    );
}
