//! The bad and hostile spec corpus in `tests/bad_specs/`: every file has its expected outcome.
//!
//! Bad specs must fail with an error naming the file and the place (a JSON pointer, or
//! line:column where the parser knows it). Hostile-but-valid specs must render a crate whose
//! Rust parses and in which no spec text became code; `hostile_crates_compile` (ignored by
//! default, run from `.ci/run`) also builds them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::{Generated, Options};

enum Expect {
    /// The error text contains every one of these.
    Error(&'static [&'static str]),
    /// The run ends quickly, rendered or with a located error (for inputs the fuzzer found hard).
    Ends,
    /// The spec renders; the warnings contain these, and each `(file, text)` is in that file.
    Renders { warnings: &'static [&'static str], contains: &'static [(&'static str, &'static str)] },
}

use Expect::{Ends, Error, Renders};

/// Every file in `tests/bad_specs/` and what it must produce.
const CASES: &[(&str, Expect)] = &[
    // ---- load: not a document at all
    ("empty.yml", Error(&["empty.yml: the spec is empty; expected an OpenAPI 3.0 document in YAML or JSON"])),
    ("whitespace_only.yml", Error(&["whitespace_only.yml: the spec is empty"])),
    ("not_yaml.yml", Error(&["not_yaml.yml:4:1: not valid YAML: did not find expected ',' or ']'"])),
    ("not_json.json", Error(&["not_json.json:5:", "not valid JSON: EOF while parsing an object"])),
    ("plain_text.yml", Error(&["plain_text.yml: expected a mapping", "at the top level (#)", "found a string"])),
    ("top_level_list.yml", Error(&["top_level_list.yml: expected a mapping", "found a sequence"])),
    ("not_utf8.yml", Error(&["not_utf8.yml:3:13: the spec is not valid UTF-8 text"])),
    ("yaml_tag.yml", Error(&["yaml_tag.yml:6:12: not valid YAML", "no !tags"])),
    // The duplicate is located at its second occurrence, not at the first or the map's start.
    ("duplicate_key.yml", Error(&["duplicate_key.yml:11:3: duplicate key `/users` at #/paths/~1users"])),
    ("duplicate_key_far.yml", Error(&["duplicate_key_far.yml:306:3: duplicate key `/r7` at #/paths/~1r7"])),
    ("two_documents.yml", Error(&["two_documents.yml:4:1: the file holds more than one YAML document (separated by `---`)"])),
    ("alias_bomb.yml", Error(&["alias_bomb.yml: not valid YAML: YAML aliases are expanded too many times", "billion laughs"])),
    // ---- load: the wrong kind of document
    ("swagger2.yml", Error(&["swagger2.yml: this is a Swagger \"2.0\" document (`swagger` at #/swagger); only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported"])),
    ("swagger2.json", Error(&["swagger2.json: this is a Swagger \"2.0\" document"])),
    // A 3.1 document is read (see `load::v31`); its mistakes are placed in its own text, also
    // inside a `$defs` entry that became a component schema.
    (
        "openapi31.yml",
        Error(&[
            "openapi31.yml:12:11: #/components/schemas/Line/requried: unknown key `requried` in a Schema object; did you mean `required`?",
            "openapi31.yml:14:13: #/components/schemas/Line/properties/sku/type/1: a `type` list holds type names such as \"string\" or \"null\", found a number",
        ]),
    ),
    // A number past 64 bits is valid YAML, in a 3.1 document too.
    ("openapi31_big_number.yml", Renders { warnings: &[], contains: &[] }),
    ("openapi4.yml", Error(&["openapi4.yml: unsupported `openapi` version \"4.0.0\" at #/openapi"])),
    ("openapi_number.yml", Error(&["openapi_number.yml: `openapi` at #/openapi is 3.0, expected a string such as \"3.0.3\""])),
    ("missing_openapi.yml", Error(&["missing_openapi.yml: missing the `openapi` field at #/openapi"])),
    ("missing_info.yml", Error(&["missing_info.yml: missing the required `info` field at #/info"])),
    ("missing_paths.yml", Error(&["missing_paths.yml: missing the required `paths` field at #/paths"])),
    ("paths_not_mapping.yml", Error(&["paths_not_mapping.yml: `paths` at #/paths must be a mapping, found a sequence"])),
    // ---- load: typed parsing, located by pointer
    ("info_without_version.yml", Error(&["info_without_version.yml:2:1: not a valid OpenAPI 3.0 document: at #/info: missing field `version`"])),
    ("bad_schema_type.yml", Error(&[
        "bad_schema_type.yml: 1 problem in the spec",
        "bad_schema_type.yml:17:19: #/paths/~1users/get/responses/200/content/application~1json/schema/properties/name/type: `type` must be one of string, number, integer, boolean, array, object, found a number",
    ])),
    // ---- load: the document check, every problem in one run, each at its node
    ("typos_and_swagger_habits.yml", Error(&[
        "typos_and_swagger_habits.yml: 10 problems in the spec",
        "typos_and_swagger_habits.yml:12:11: #/paths/~1users/get/parameters/0/type: unknown key `type` in a Parameter object: OpenAPI 3.0 puts a parameter's type under `schema`",
        "typos_and_swagger_habits.yml:15:11: #/paths/~1users/get/responses/200/descripton: unknown key `descripton` in a Response object; did you mean `description`?",
        "typos_and_swagger_habits.yml:19:9: #/paths/~1users/get/responses/abc: response code `abc` is not `default`, a status code from 100 to 599, or a range `1XX` to `5XX`",
        "typos_and_swagger_habits.yml:22:11: #/paths/~1users/get/responses/404/$ref: `$ref` must be a string such as \"#/components/schemas/User\", found a number",
        "typos_and_swagger_habits.yml:27:7: #/components/schemas/User/requried: unknown key `requried` in a Schema object; did you mean `required`?",
        "typos_and_swagger_habits.yml:28:7: #/components/schemas/User/propeties: unknown key `propeties` in a Schema object; did you mean `properties`?",
        "#/components/schemas/User/properties/id/type: unknown schema type `long`; OpenAPI 3.0 types are string, number, integer, boolean, array, object; did you mean `type: integer` with `format: int64`?",
        "#/components/schemas/User/properties/score/type: unknown schema type `float`",
        "did you mean `type: number` with `format: float`?",
        "#/components/schemas/User/properties/avatar/type: unknown schema type `file`",
        "did you mean `type: string` with `format: binary`",
        "#/components/schemas/User/properties/nickname/type: unknown schema type `strin`",
        "did you mean `type: string`?",
    ])),
    ("bad_parameter_location.yml", Error(&["bad_parameter_location.yml:10:11: not a valid OpenAPI 3.0 document: at #/paths/~1users/post/parameters/0: unknown variant `body`"])),
    // ---- lower: references
    ("unresolved_ref.yml", Error(&[
        "unresolved_ref.yml: 1 problem in the spec",
        "unresolved_ref.yml:14:15: #/paths/~1users/get/responses/200/content/application~1json/schema: unresolved $ref `#/components/schemas/Missing`",
    ])),
    ("external_ref.yml", Error(&["external_ref.yml:", "#/paths/~1users/get/responses/200/content/application~1json/schema: external $ref `other.yml#/components/schemas/User` is not supported"])),
    ("ref_to_itself.yml", Error(&["ref_to_itself.yml:", "ref_to_itself.yml:8:5: #/components/schemas/Loop: $ref `#/components/schemas/Loop` is part of a cycle of references that never reaches a schema"])),
    ("ref_alias_cycle.yml", Error(&[
        "ref_alias_cycle.yml:",
        "#/components/schemas/A: $ref `#/components/schemas/B` is part of a cycle",
        "#/components/schemas/C: $ref `#/components/schemas/A` is part of a cycle",
    ])),
    ("ref_wrong_section.yml", Error(&["ref_wrong_section.yml:", "unresolved $ref `#/components/parameters/Limit`: only #/components/schemas/… is expected here"])),
    ("unresolved_parameter_ref.yml", Error(&["unresolved_parameter_ref.yml:", "#/paths/~1a/get/parameters/0: unresolved parameter $ref `#/components/parameters/Nope`"])),
    ("unresolved_response_ref.yml", Error(&["unresolved_response_ref.yml:", "#/paths/~1a/get/responses/200: unresolved response $ref"])),
    ("unresolved_request_body_ref.yml", Error(&["unresolved_request_body_ref.yml:", "#/paths/~1a/post/requestBody: unresolved requestBody $ref"])),
    // ---- lower: operations and names
    ("duplicate_operation_id.yml", Error(&["duplicate_operation_id.yml:", "duplicate_operation_id.yml:12:5: #/paths/~1b/post: duplicate operationId `fetchThing` (first used at #/paths/~1a/get)"])),
    ("undeclared_path_parameter.yml", Error(&["undeclared_path_parameter.yml:", "#/paths/~1users~1{id}/get: path `/users/{id}` uses `{id}` but no path parameter `id` is declared"])),
    ("unclosed_path_brace.yml", Error(&["unclosed_path_brace.yml:", "#/paths/~1users~1{id/get: unclosed `{` in path"])),
    // ---- lower: unsupported features, named with their place
    ("cookie_bad_name.yml", Error(&[
        "cookie_bad_name.yml:10:11: #/paths/~1a/get/parameters/0: cookie parameter `session id` is not a valid cookie name",
    ])),
    ("apikey_in_cookie.yml", Error(&["apikey_in_cookie.yml:", "#/components/securitySchemes/session: apiKey security in a cookie is not supported"])),
    ("unknown_security_scheme.yml", Error(&["unknown_security_scheme.yml:", "#/paths/~1a/get/security: security requirement names `nope`"])),
    // ---- several independent problems are reported together
    ("several_problems.yml", Error(&[
        "several_problems.yml: 3 problems in the spec",
        "#/paths/~1a/get/parameters/0: cookie parameter `bad cookie` is not a valid cookie name",
        "unresolved $ref `#/components/schemas/Gone`",
        "#/paths/~1b/get: duplicate operationId `same`",
    ])),
    // ---- found by the fuzzer
    ("inline_allof_cycle.yml", Ends),
    // ---- valid, with names decided for the spec
    ("missing_operation_id.yml", Renders {
        warnings: &[
            "#/paths/~1users~1{id}~1friends/get: no operationId; named it `get_users_id_friends` from the method and path",
            "#/paths/~1users~1{id}~1friends/delete: no operationId; named it `delete_users_id_friends`",
        ],
        contains: &[
            ("src/apis/default_api.rs", "pub fn get_users_id_friends<'a>("),
            ("src/apis/default_api.rs", "pub fn delete_users_id_friends<'a>("),
        ],
    }),
    ("operation_ids_collide_after_case.yml", Renders {
        warnings: &[],
        contains: &[
            // Claimed in spec order: getUser, get_user, GetUser.
            ("src/apis/default_api.rs", "pub fn get_user<'a>(&'a self)"),
            ("src/apis/default_api.rs", "pub fn get_user2<'a>(&'a self)"),
            ("src/apis/default_api.rs", "pub fn get_user3<'a>(&'a self)"),
        ],
    }),
    ("schema_names_collide_after_case.yml", Renders {
        warnings: &[],
        contains: &[
            ("src/models/uri_action.rs", "pub struct UriAction {"),
            ("src/models/uri_action.rs", "pub uri: Option<String>"),
            ("src/models/uri_action2.rs", "pub struct UriAction2 {"),
            ("src/models/uri_action2.rs", "pub label: Option<String>"),
            ("src/models/uri_action3.rs", "pub struct UriAction3 {"),
        ],
    }),
    ("recursive_schemas.yml", Renders {
        warnings: &[],
        contains: &[("src/models/node.rs", "pub parent: Option<Box<crate::models::Node>>")],
    }),
    ("bom_and_crlf.yml", Renders { warnings: &[], contains: &[("src/apis/default_api.rs", "pub fn get_a<'a>(")] }),
    ("merge_key_alias.yml", Renders {
        warnings: &[],
        contains: &[("src/apis/default_api.rs", "pub fn get_a<'a>("), ("src/apis/default_api.rs", "pub fn get_b<'a>(")],
    }),
    // ---- valid OpenAPI 3.0 that earlier versions refused or lost data from
    ("cookie_parameter.yml", Renders {
        warnings: &[],
        contains: &[
            ("src/apis/default_api.rs", "Some(\"session=\".to_owned() + &crate::runtime::encode_path(session)),"),
            ("src/apis/default_api.rs", "theme.map(|value| \"theme=\".to_owned() + &crate::runtime::encode_path(value)),"),
            ("src/apis/default_api.rs", "\"visits=\".to_owned()\n                        + &crate::runtime::encode_path(&value.to_string())"),
            ("src/apis/default_api.rs", "op_request.header(reqwest::header::COOKIE, op_cookies.join(\"; \"))"),
        ],
    }),
    ("cookie_parameter.json", Renders {
        warnings: &[],
        contains: &[("src/apis/default_api.rs", "op_request.header(reqwest::header::COOKIE, op_cookies.join(\"; \"))")],
    }),
    ("oauth2_security.yml", Renders {
        warnings: &[],
        contains: &[
            (
                "README.md",
                "OAuth 2.0 (token URL <https://example.com/token>); the client runs the client-credentials flow itself with `ClientBuilder::oauth_client_credentials(client_id, client_secret, scopes)` (authenticating with HTTP Basic; `oauth_client_credentials_grant` for the other style), or pass an access token you obtained, sent as an HTTP Bearer token, set with `ClientBuilder::oauth_token`",
            ),
            ("src/apis/mod.rs", "pub fn oauth_client_credentials_grant("),
            ("src/apis/mod.rs", ".scopes(scopes);"),
            ("src/apis/mod.rs", "Some(token) => request.bearer_auth(token.expose()),"),
            ("src/apis/default_api.rs", "op_client.exchange(op_request, op_options, &[0], true, true)"),
        ],
    }),
    ("openid_security.yml", Renders {
        warnings: &[],
        contains: &[(
            "README.md",
            "OpenID Connect (<https://example.com/.well-known/openid-configuration>); the client does not run the flow: pass the access token you obtained",
        )],
    }),
    ("discriminator_bare_mapping.yml", Renders {
        warnings: &[],
        contains: &[
            ("src/models/pet.rs", "Cat(crate::models::Cat)"),
            ("src/models/pet.rs", "Dog(crate::models::Dog)"),
            ("src/models/cat.rs", "map.serialize_entry(\"kind\", \"cat\")?;"),
            ("src/models/dog.rs", "map.serialize_entry(\"kind\", \"dog\")?;"),
        ],
    }),
    ("big_number.yml", Renders { warnings: &[], contains: &[("src/apis/default_api.rs", "since: Option<i64>")] }),
    ("format_typo.yml", Renders {
        warnings: &[
            "format_typo.yml:10:11: #/paths/~1a/get/parameters/0/schema/format: format `int46` is not one OpenAPI 3.0 or JSON Schema defines (it is kept as plain integer); did you mean `int64`?",
            "format_typo.yml:20:17: #/paths/~1a/get/responses/201/content/application~1json/schema/nullable: `nullable` beside `$ref` is ignored",
        ],
        contains: &[],
    }),
    ("allof_with_oneof.yml", Renders {
        warnings: &[],
        contains: &[
            ("src/models/payment.rs", "pub id: String,"),
            ("src/models/payment.rs", "pub note: Option<String>,"),
            ("src/models/payment.rs", "#[serde(flatten)]\n    pub payment_one_of: crate::models::PaymentOneOf,"),
            ("src/models/payment_one_of.rs", "Card(crate::models::Card),\n    Bank(crate::models::Bank),"),
            ("src/models/refund.rs", "#[serde(flatten)]\n    pub refund_one_of: crate::models::RefundOneOf,"),
            ("src/models/transfer.rs", "#[serde(flatten)]\n    pub account: crate::models::Account,"),
            ("src/models/metadata.rs", "pub version: Option<i64>,"),
            ("src/models/metadata.rs", "#[serde(flatten)]\n    pub additional_properties: std::collections::BTreeMap<String, String>,"),
            ("src/apis/default_api.rs", "card_number: Option<&'a str>,"),
            ("src/apis/default_api.rs", "iban: Option<&'a str>,"),
        ],
    }),
    // ---- hostile text: it must stay text
    ("hostile_docs.yml", Renders {
        warnings: &[],
        contains: &[
            ("src/models/thing.rs", "/// ```text"),
            ("src/models/thing.rs", "&lt;details&gt;"),
            ("src/models/thing.rs", "map.serialize_entry(\"name\", &self.name)?;"),
            ("src/models/thing.rs", "crate::models::next_field(&mut f_name, &mut map, \"name\")?"),
            ("README.md", "&lt;/code>&lt;/pre>&lt;script>alert(\"x\")&lt;/script>"),
        ],
    }),
    ("hostile_names.yml", Renders {
        warnings: &[],
        contains: &[
            ("src/models/self_.rs", "pub struct Self_ {"),
            ("src/models/self_.rs", "pub value: String,"),
            ("src/models/self_.rs", "map.serialize_entry(\"\", &self.value)?;"),
            ("src/models/self_.rs", "\"\" => crate::models::next_field(&mut f_value, &mut map, \"\")?,"),
            ("src/models/self_.rs", "pub r#type: String,"),
            ("src/models/self_.rs", "pub self_: Option<String>"),
            ("src/models/self_.rs", "pub super_: Option<String>"),
            ("src/models/self_.rs", "pub crate_: Option<String>"),
            ("src/models/self_.rs", "pub v1st: Option<String>"),
            ("src/models/self_.rs", "pub foo_bar3: Option<String>"),
            ("src/models/self_.rs", "map.serialize_entry(\"foo-bar\", value)?;"),
            ("src/models/self_.rs", "&mut f_foo_bar3,"),
            ("src/models/self_.rs", "map.serialize_entry(\"\\\"quoted\\\"\", value)?;"),
            ("src/models/v3d_model.rs", "pub struct V3dModel {"),
            ("src/apis/default_api.rs", "pub fn r#type<'a>("),
            ("src/apis/default_api.rs", "pub fn r#async<'a>("),
        ],
    }),
    ("hostile_type_names.yml", Renders { warnings: &[], contains: &[] }),
    ("hostile_enums.yml", Renders {
        warnings: &[],
        contains: &[
            // Signs with a meaning are spelled; the others leave nothing and number.
            ("src/models/mode.rs", "Self::Star => \"*/\","),
            ("src/models/mode.rs", "Self::HashX => \"#[x]\","),
            ("src/models/mode.rs", "Self::AOrB => \"a|b\","),
            ("src/models/mode.rs", "Self::LineBreak => \"line\\nbreak\","),
            ("src/models/mode.rs", "Self::Value3 => \"\\\\\","),
        ],
    }),
    ("hostile_examples.yml", Renders { warnings: &[], contains: &[] }),
    ("hostile_spec_names_in_comments.yml", Renders {
        warnings: &[],
        contains: &[
            ("src/models/pet.rs", "/// Selected by the ``kind` #[cfg(any())] fn injected() {} /// `` property"),
            ("README.md", "(spec version 1 ``` fn injected() {} ```)"),
        ],
    }),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs")
}

/// load → lower → render, with a panic turned into an error that fails the test.
fn generate(spec: &Path) -> Result<Generated, String> {
    let options = Options::new(spec, "hostile");
    match catch_unwind(AssertUnwindSafe(|| generator::generate(&options))) {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("PANIC: {what}"))
        }
    }
}

/// An error is located when it names a JSON pointer or a line:column, or is about the whole file.
fn is_located(error: &str) -> bool {
    let has_line_column = error.split(':').collect::<Vec<_>>().windows(2).any(|w| {
        !w[0].is_empty() && w[0].chars().all(|c| c.is_ascii_digit()) && !w[1].is_empty() && w[1].chars().all(|c| c.is_ascii_digit())
    });
    has_line_column || error.contains("#/") || error.contains("(#)") || error.contains("the spec is empty")
}

#[test]
fn the_corpus_is_complete() {
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every file in tests/bad_specs/ needs an entry in CASES, and back");
    assert!(CASES.len() >= 40, "the corpus has only {} specs", CASES.len());
}

#[test]
fn bad_specs_fail_with_located_errors() {
    let mut failures = Vec::new();
    for (file, expect) in CASES {
        let Error(expected) = expect else { continue };
        let path = corpus_dir().join(file);
        let started = Instant::now();
        match generate(&path) {
            Ok(_) => failures.push(format!("{file}: rendered, expected an error")),
            Err(e) => {
                if e.starts_with("PANIC") {
                    failures.push(format!("{file}: {e}"));
                    continue;
                }
                if !e.contains(&path.display().to_string()) {
                    failures.push(format!("{file}: the error does not name the file:\n{e}"));
                }
                if !is_located(&e) {
                    failures.push(format!("{file}: the error has no pointer or line:column:\n{e}"));
                }
                for want in *expected {
                    if !e.contains(want) {
                        failures.push(format!("{file}: expected `{want}` in:\n{e}"));
                    }
                }
                // The location is printed once, before the message; parsers' own "at line N
                // column M" is taken out of their text.
                if e.contains(" at line ") {
                    failures.push(format!("{file}: the message repeats its location:\n{e}"));
                }
            }
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{file} took {:?}", started.elapsed());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn hard_specs_end_quickly() {
    for (file, expect) in CASES {
        let Ends = expect else { continue };
        let path = corpus_dir().join(file);
        let started = Instant::now();
        match generate(&path) {
            Ok(generated) => assert!(check_safe_output(file, &generated).is_empty(), "{file}"),
            Err(e) => {
                assert!(!e.starts_with("PANIC"), "{file}: {e}");
                assert!(e.contains(&path.display().to_string()) && is_located(&e), "{file}: {e}");
            }
        }
        println!("{file}: ended after {:?}", started.elapsed());
        assert!(started.elapsed() < Duration::from_secs(10), "{file} took {:?}", started.elapsed());
    }
}

#[test]
fn hostile_specs_render_code_that_parses_and_holds_no_spec_text_as_code() {
    let mut failures = Vec::new();
    for (file, expect) in CASES {
        let Renders { warnings, contains } = expect else { continue };
        let path = corpus_dir().join(file);
        let generated = match generate(&path) {
            Ok(g) => g,
            Err(e) => {
                failures.push(format!("{file}: expected it to render:\n{e}"));
                continue;
            }
        };
        for w in *warnings {
            if !generated.warnings.iter().any(|have| have.contains(w)) {
                failures.push(format!("{file}: no warning containing `{w}` in {:?}", generated.warnings));
            }
        }
        for (name, text) in *contains {
            match generated.files.get(Path::new(name)) {
                Some(bytes) if String::from_utf8_lossy(bytes).contains(text) => {}
                Some(bytes) => failures.push(format!("{file}: {name} lacks `{text}`:\n{}", String::from_utf8_lossy(bytes))),
                None => failures.push(format!("{file}: no {name} among {:?}", generated.files.keys().collect::<Vec<_>>())),
            }
        }
        failures.extend(check_safe_output(file, &generated));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Checks that hold for every rendered crate, whatever the spec said.
fn check_safe_output(spec: &str, generated: &Generated) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, bytes) in &generated.files {
        let text = String::from_utf8_lossy(bytes);
        let shown = name.display();
        match name.extension().and_then(|e| e.to_str()) {
            Some("rs") => {
                if let Err(e) = syn::parse_file(&text) {
                    failures.push(format!("{spec}: {shown} does not parse: {e}"));
                }
                // Hostile specs say `fn injected() {}` in many places; it may only ever be text.
                match text.parse::<proc_macro2::TokenStream>() {
                    Ok(tokens) if has_ident(tokens.clone(), "injected") => {
                        failures.push(format!("{spec}: {shown} has spec text as code:\n{text}"))
                    }
                    Ok(_) => {}
                    Err(e) => failures.push(format!("{spec}: {shown} does not tokenize: {e}")),
                }
            }
            Some("md") => {
                for tag in ["<script", "<img", "<details", "</code>", "</pre>"] {
                    if text.contains(tag) && !inside_code_spans_only(&text, tag) {
                        failures.push(format!("{spec}: {shown} carries raw HTML `{tag}`"));
                    }
                }
            }
            _ => {}
        }
        if name == Path::new("README.md") {
            // A fence from the spec would turn the README's text into code (and spec text
            // must never become code anywhere): only the template's own fences may appear.
            let fences: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~")).collect();
            let allowed = ["```toml", "```rust", "```"];
            if let Some(bad) = fences.iter().find(|l| !allowed.contains(&l.trim())) {
                failures.push(format!("{spec}: README.md has a code fence from the spec: {bad}"));
            }
        }
        if name == Path::new("Cargo.toml") && text.lines().any(|l| l.starts_with("evil")) {
            failures.push(format!("{spec}: Cargo.toml gained a line from the spec:\n{text}"));
        }
    }
    failures
}

fn has_ident(tokens: proc_macro2::TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => has_ident(g.stream(), name),
        _ => false,
    })
}

/// Whether every occurrence of `tag` in `text` sits inside a code span on its line (a run of
/// n backticks up to the next run of exactly n, as CommonMark reads them).
fn inside_code_spans_only(text: &str, tag: &str) -> bool {
    text.lines().all(|line| {
        let bytes = line.as_bytes();
        let run_at = |i: usize| bytes[i..].iter().take_while(|b| **b == b'`').count();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'`' {
                i += 1;
                continue;
            }
            let n = run_at(i);
            let mut j = i + n;
            let mut close = None;
            while j < bytes.len() {
                if bytes[j] == b'`' {
                    let m = run_at(j);
                    if m == n {
                        close = Some(j);
                        break;
                    }
                    j += m;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(j) => {
                    spans.push((i, j + n));
                    i = j + n;
                }
                None => i += n,
            }
        }
        line.match_indices(tag).all(|(at, _)| spans.iter().any(|(a, b)| *a < at && at < *b))
    })
}

// ---- hostile sizes, generated here rather than committed

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bad-specs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\n";

/// Peak resident memory of this test process so far, from /proc (Linux only).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.trim_start_matches("VmHWM:").trim().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

fn timed_error(name: &str, text: &[u8]) -> (String, Duration) {
    let path = scratch(name);
    std::fs::write(&path, text).unwrap();
    let started = Instant::now();
    let result = generate(&path);
    let took = started.elapsed();
    std::fs::remove_file(&path).ok();
    let e = result.err().unwrap_or_else(|| panic!("{name} rendered; expected an error"));
    assert!(!e.starts_with("PANIC"), "{name}: {e}");
    println!("{name}: {} KB, error after {took:?}: {}", text.len() / 1024, e.chars().take(160).collect::<String>());
    (e, took)
}

#[test]
fn hostile_sizes_end_early_with_located_errors() {
    let mut total = Duration::ZERO;

    // One anchored node of 20 000 items aliased 20 000 times: yaml_serde's own repetition limit
    // counts alias jumps, not the nodes they copy, so this needs the loader's node budget.
    let mut wide = String::from(HEADER);
    wide.push_str("x-a: &a [");
    wide.push_str(&"1,".repeat(20_000));
    wide.push_str("1]\nx-b: [");
    wide.push_str(&"*a,".repeat(20_000));
    wide.push_str("*a]\n");
    let (e, took) = timed_error("wide_alias_bomb.yml", wide.as_bytes());
    assert!(e.contains("holds more than 1000000 values, counting every copy a YAML alias makes") && e.contains("#/x-b/"), "{e}");
    total += took;

    let deep_flow = format!("{HEADER}x-deep: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let (e, took) = timed_error("deep_flow.yml", deep_flow.as_bytes());
    assert!(e.contains("deep_flow.yml:4:") && e.contains("more than 64 levels deep at #/x-deep/0/0/0"), "{e}");
    total += took;

    let mut deep_block = String::from(HEADER);
    for level in 0..500 {
        deep_block.push_str(&" ".repeat(level));
        deep_block.push_str("x:\n");
    }
    let (e, took) = timed_error("deep_block.yml", deep_block.as_bytes());
    assert!(e.contains("more than 64 levels deep at #/x/x/x"), "{e}");
    total += took;

    let deep_json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"x\": {}1{}}}",
        "{\"a\": ".repeat(5000),
        "}".repeat(5000)
    );
    let (e, took) = timed_error("deep.json", deep_json.as_bytes());
    assert!(e.contains("deep.json:1:") && e.contains("more than 64 levels deep at #/x/a/a/a"), "{e}");
    total += took;

    // Schemas nested 30 deep fit under the loader's depth limit and render; 40 deep do not.
    let nested = |levels: usize| {
        let mut schema = String::from("{type: string}");
        for _ in 0..levels {
            schema = format!("{{type: object, properties: {{a: {schema}}}}}");
        }
        format!("{HEADER}components:\n  schemas:\n    A: {schema}\n")
    };
    let path = scratch("schema_30_deep.yml");
    std::fs::write(&path, nested(30)).unwrap();
    generate(&path).unwrap();
    let (e, took) = timed_error("schema_40_deep.yml", nested(40).as_bytes());
    assert!(e.contains("#/components/schemas/A/properties/a/properties/a") && e.contains("levels deep"), "{e}");
    total += took;

    // 4 MB of valid YAML with an error at its very end: the whole text is parsed first.
    let mut big = String::from(HEADER);
    big.push_str("x-big:\n");
    while big.len() < 4 * 1024 * 1024 {
        big.push_str("  - {a: 1, b: \"some text here\", c: [1, 2, 3]}\n");
    }
    big.push_str("x-end: [unclosed\n");
    let (e, took) = timed_error("big_4mb.yml", big.as_bytes());
    assert!(e.contains("big_4mb.yml:") && e.contains("not valid YAML"), "{e}");
    println!("  {:.0} ms per MB", took.as_secs_f64() * 1000.0 / 4.0);
    total += took;

    // 50 MB: refused by size, reading no more than the limit.
    let huge = scratch("huge_50mb.yml");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        f.write_all(HEADER.as_bytes()).unwrap();
        let line = b"x-filler-line: 0123456789012345678901234567890123456789012345678901234567890123456789\n";
        let mut written = HEADER.len();
        let mut n = 0u64;
        while written < 50 * 1024 * 1024 {
            writeln!(f, "x-{n}: 0123456789012345678901234567890123456789012345678901234567890123456789").unwrap();
            written += line.len();
            n += 1;
        }
    }
    let started = Instant::now();
    let e = generate(&huge).unwrap_err();
    let took = started.elapsed();
    std::fs::remove_file(&huge).ok();
    println!("huge_50mb.yml: error after {took:?}: {e}");
    assert!(e.contains("huge_50mb.yml: the spec is larger than 16777216 bytes"), "{e}");
    total += took;

    println!("hostile sizes: {total:?} in all; peak RSS of the test process {}", peak_rss());
    assert!(total < Duration::from_secs(30), "hostile inputs took {total:?}");
}

/// Builds every hostile-but-valid spec's crate for real: one temporary workspace, one
/// `cargo check`, sharing this workspace's target directory and lock file so dependencies are
/// reused. Ignored by default (it costs a compile); `.ci/run` runs it.
#[test]
#[ignore = "compiles generated crates; run with --ignored (as .ci/run does)"]
fn hostile_crates_compile() {
    let mut ws = support::Scratch::new("hostile-crates");
    for (file, expect) in CASES {
        let Renders { .. } = expect else { continue };
        let krate = format!("hostile_{}", file.trim_start_matches("hostile_").trim_end_matches(".yml").trim_end_matches(".json").replace('-', "_"));
        let options = Options::new(corpus_dir().join(file), krate.clone());
        let generated = generator::generate(&options).unwrap_or_else(|e| panic!("{file}: {e}"));
        ws.add(&krate, generated);
    }
    let output = ws.cargo("cargo check of the hostile corpus", &["check", "--workspace"], None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning:") && l.contains("hostile_")).collect();
    if !warnings.is_empty() {
        println!("warnings:\n{}", warnings.join("\n"));
    }
    assert!(output.status.success(), "the hostile crates in {} do not compile:\n{stderr}", ws.path().display());

    // Their docs, README included (it is the crate's rustdoc): spec text must not make rustdoc
    // warn (raw HTML, broken links, bare URLs) or turn into code.
    let output = ws.cargo("cargo doc of the hostile corpus", &["doc", "--workspace", "--no-deps"], Some("-D warnings"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "rustdoc rejects the hostile crates in {}:\n{stderr}", ws.path().display());
    ws.remove();
}

/// LINE's nine specs are valid OpenAPI 3.0: the document check finds nothing in them, neither
/// an error nor a warning. Skipped, with the reason printed, when `../shared` is absent.
#[test]
fn line_specs_pass_the_document_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    let mut specs = Vec::new();
    for dir in ["line", "line-history"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            println!("skipped: {} is absent", root.join(dir).display());
            return;
        };
        specs.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yml")));
    }
    specs.sort();
    assert_eq!(specs.len(), 10, "LINE's nine specs and the seed-era channel-access-token: {specs:?}");
    for spec in &specs {
        match generator::load::load_file(spec) {
            Ok(loaded) => assert_eq!(loaded.warnings, Vec::<String>::new(), "{}", spec.display()),
            Err(e) => panic!("{e}"),
        }
    }
}
