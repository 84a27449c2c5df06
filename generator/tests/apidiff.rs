//! `apidiff`: one test per kind of spec change on small specs of our own, and the five real
//! LINE changes in `../shared/specs/line-changes` (skipped with a message when absent).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use generator::apidiff::{self, Bump, Class, Report, Rules, Surface};
use generator::ir;

/// A small API: a response model (`Pet`, with an enum), a request model (`NewPet`, with a
/// tagged union), a model used both ways (`Tag`), two operations and their parameters.
const BASE: &str = r##"
openapi: 3.0.0
info: {title: Pets, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      description: Returns a pet.
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /pets:
    post:
      operationId: addPet
      tags: [pets]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewPet"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Tag"}
components:
  schemas:
    Pet:
      type: object
      required: [id, name, owner]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
        weight: {type: number, format: double}
        owner: {type: string, nullable: true}
        status: {$ref: "#/components/schemas/Status"}
    Status:
      type: string
      enum: [available, sold]
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string, description: The name.}
        tag: {$ref: "#/components/schemas/Tag"}
        kind: {$ref: "#/components/schemas/Kind"}
    Tag:
      type: object
      properties:
        label: {type: string}
    Kind:
      oneOf:
        - {$ref: "#/components/schemas/Cat"}
        - {$ref: "#/components/schemas/Dog"}
      discriminator:
        propertyName: petType
        mapping:
          cat: "#/components/schemas/Cat"
          dog: "#/components/schemas/Dog"
    Cat:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
        indoor: {type: boolean}
    Dog:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
        barks: {type: boolean}
"##;

fn lower_text(text: &str) -> ir::Crate {
    let path = Path::new("pets.yml");
    let api = generator::load::load_bytes(path, text.as_bytes()).unwrap().api;
    generator::lower::lower(path, &api, &generator::lower_options("pets")).unwrap()
}

/// `BASE` with each `(from, to)` replacement applied (each `from` must occur).
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "`{from}` is not in the base spec");
        text = text.replacen(from, to, 1);
    }
    text
}

fn compare_with(edits: &[(&str, &str)], rules: Rules) -> Report {
    apidiff::compare(&lower_text(BASE), &lower_text(&edited(edits)), rules)
}

fn compare(edits: &[(&str, &str)]) -> Report {
    compare_with(edits, Rules::CURRENT)
}

/// `(class, kind, item)` of every change, for exact assertions.
fn listed(report: &Report) -> Vec<(Class, &str, &str)> {
    report.changes.iter().map(|c| (c.class, c.kind, c.item.as_str())).collect()
}

#[test]
fn the_same_spec_has_no_changes_and_no_bump() {
    let report = compare(&[]);
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert_eq!(report.bump("0.1.0"), Bump::None);
    assert_eq!(report.next_version("0.1.0"), "0.1.0");
    assert_eq!(apidiff::summary_line(&report, "0.1.0"), None);
}

#[test]
fn usage_follows_operations_through_fields_and_union_variants() {
    let surface = Surface::of(&lower_text(BASE));
    let usage = |m: &str| {
        let u = surface.models[m].usage;
        (u.request, u.response)
    };
    assert_eq!(usage("Pet"), (false, true));
    assert_eq!(usage("Status"), (false, true), "reached through Pet.status");
    assert_eq!(usage("NewPet"), (true, false));
    assert_eq!(usage("Kind"), (true, false), "reached through NewPet.kind");
    assert_eq!(usage("Cat"), (true, false), "reached through the union's variant");
    assert_eq!(usage("Tag"), (true, true), "a field of NewPet and addPet's response");
}

#[test]
fn removed_operation_is_breaking_and_bumps_the_minor_below_1_0() {
    let report = compare(&[("operationId: addPet", "operationId: createPet")]);
    assert_eq!(
        listed(&report),
        [
            (Class::Breaking, "operation-removed", "PetsApi::add_pet"),
            (Class::Additive, "operation-added", "PetsApi::create_pet"),
        ]
    );
    assert_eq!(report.bump("0.1.0"), Bump::Minor);
    assert_eq!(report.next_version("0.1.0"), "0.2.0");
    assert_eq!(report.next_version("1.4.2"), "2.0.0");
    assert_eq!(report.next_version("0.0.3"), "0.0.4", "at 0.0.z every change bumps z");
    assert_eq!(
        apidiff::summary_line(&report, "0.1.0").as_deref(),
        Some("API: 1 breaking, 1 additive change(s): bump to 0.2.0")
    );
}

#[test]
fn new_operation_is_additive_and_bumps_the_patch_below_1_0() {
    let report = compare(&[(
        "components:",
        "  /pets/{petId}/photo:\n    get:\n      operationId: getPhoto\n      tags: [photos]\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        \"200\": {description: ok}\ncomponents:",
    )]);
    assert_eq!(
        listed(&report),
        [(Class::Additive, "api-added", "PhotosApi"), (Class::Additive, "operation-added", "PhotosApi::get_photo")]
    );
    assert!(!report.is_breaking());
    assert_eq!(report.next_version("0.1.0"), "0.1.1");
    assert_eq!(report.next_version("1.4.2"), "1.5.0");
}

#[test]
fn parameter_made_required_is_breaking() {
    let report = compare(&[("{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema")]);
    assert_eq!(listed(&report), [(Class::Breaking, "param-changed", "PetsApi::get_pet(limit)")]);
    assert!(report.changes[0].detail.contains("`Option<i64>` becomes `i64`"), "{}", report.changes[0].detail);
}

#[test]
fn parameter_type_change_is_breaking() {
    let report = compare(&[("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: string}}")]);
    assert_eq!(listed(&report), [(Class::Breaking, "param-changed", "PetsApi::get_pet(limit)")]);
    assert!(report.changes[0].detail.contains("type `i64` → `String`"));
}

#[test]
fn new_optional_parameter_breaks_positional_calls_but_not_setters() {
    let edit = [(
        "        - {name: limit, in: query, schema: {type: integer}}\n",
        "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: sort, in: query, schema: {type: string}}\n",
    )];
    assert_eq!(listed(&compare(&edit)), [(Class::Breaking, "param-added", "PetsApi::get_pet(sort)")]);
    assert_eq!(listed(&compare_with(&edit, Rules::BUILDERS)), [(Class::Additive, "param-added", "PetsApi::get_pet(sort)")]);
}

#[test]
fn new_required_parameter_is_breaking_in_both_styles() {
    let edit = [(
        "        - {name: limit, in: query, schema: {type: integer}}\n",
        "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: X-Key, in: header, required: true, schema: {type: string}}\n",
    )];
    for rules in [Rules::POSITIONAL, Rules::BUILDERS] {
        let report = compare_with(&edit, rules);
        assert_eq!(listed(&report)[0], (Class::Breaking, "param-added", "PetsApi::get_pet(x_key)"));
        assert!(report.changes.iter().all(|c| c.class == Class::Breaking), "{:?}", report.changes);
    }
}

#[test]
fn moved_parameter_or_path_breaks_only_on_the_wire() {
    let report = compare(&[("{name: limit, in: query,", "{name: limit, in: header,"), ("  /pets:\n", "  /v2/pets:\n")]);
    assert_eq!(
        listed(&report),
        [
            (Class::Wire, "operation-changed", "PetsApi::add_pet"),
            (Class::Wire, "param-changed", "PetsApi::get_pet(limit)"),
        ]
    );
    assert_eq!(report.changes[0].detail, "`POST /pets` → `POST /v2/pets`: older builds call the old endpoint");
    assert!(!report.is_breaking());
    assert_eq!(report.next_version("0.1.0"), "0.1.1");
}

#[test]
fn removed_field_is_breaking() {
    let report = compare(&[("        weight: {type: number, format: double}\n", "")]);
    assert_eq!(listed(&report), [(Class::Breaking, "field-removed", "models::Pet.weight")]);
}

#[test]
fn field_type_change_f64_to_i64_is_breaking() {
    let report = compare(&[("weight: {type: number, format: double}", "weight: {type: integer, format: int64}")]);
    assert_eq!(listed(&report), [(Class::Breaking, "field-changed", "models::Pet.weight")]);
    assert_eq!(report.changes[0].detail, "type `Option<f64>` → `Option<i64>` (response model)");
}

#[test]
fn response_field_made_optional_is_breaking_when_its_type_becomes_an_option() {
    let report = compare(&[("required: [id, name, owner]", "required: [name, owner]")]);
    assert_eq!(listed(&report), [(Class::Breaking, "field-changed", "models::Pet.id")]);
    assert!(report.changes[0].detail.contains("`i64` → `Option<i64>`"));
}

#[test]
fn response_field_the_api_may_stop_sending_with_the_same_rust_type_breaks_only_on_the_wire() {
    // `owner` was required and nullable (`Option<String>`); now optional, not nullable: still
    // `Option<String>`, but the API may leave it out.
    let edit = [
        ("required: [id, name, owner]", "required: [id, name]"),
        ("owner: {type: string, nullable: true}", "owner: {type: string}"),
    ];
    let report = compare_with(&edit, Rules::POSITIONAL);
    assert_eq!(listed(&report), [(Class::Wire, "field-changed", "models::Pet.owner")]);
    assert!(report.changes[0].detail.contains("the API may stop sending a value"), "{}", report.changes[0].detail);
    // With constructors taking the required fields, `new` loses an argument.
    assert_eq!(listed(&compare_with(&edit, Rules::BUILDERS)), [(Class::Breaking, "field-changed", "models::Pet.owner")]);
}

#[test]
fn new_required_field_in_a_request_model_is_breaking() {
    let edit = [("required: [name]\n      properties:\n        name: {type: string, description: The name.}\n", "required: [name, age]\n      properties:\n        name: {type: string, description: The name.}\n        age: {type: integer}\n")];
    for rules in [Rules::POSITIONAL, Rules::BUILDERS] {
        let report = compare_with(&edit, rules);
        assert_eq!(listed(&report), [(Class::Breaking, "field-added", "models::NewPet.age")]);
        assert!(report.changes[0].detail.contains("the API refuses requests without it"));
    }
}

#[test]
fn new_optional_field_is_additive_only_for_non_exhaustive_structs() {
    let edit = [("        barks: {type: boolean}\n", "        barks: {type: boolean}\n        size: {type: string}\n")];
    assert_eq!(listed(&compare_with(&edit, Rules::POSITIONAL)), [(Class::Breaking, "field-added", "models::Dog.size")]);
    let report = compare_with(&edit, Rules::BUILDERS);
    assert_eq!(listed(&report), [(Class::Additive, "field-added", "models::Dog.size")]);
    assert_eq!(report.changes[0].detail, "new optional field `size: Option<String>` (request model)");
}

#[test]
fn new_enum_value_is_additive_only_for_non_exhaustive_enums() {
    let edit = [("enum: [available, sold]", "enum: [available, sold, pending]")];
    assert_eq!(listed(&compare_with(&edit, Rules::POSITIONAL)), [(Class::Breaking, "enum-value-added", "models::Status::Pending")]);
    let rules = Rules::CURRENT;
    assert_eq!(listed(&compare_with(&edit, rules)), [(Class::Additive, "enum-value-added", "models::Status::Pending")]);
}

#[test]
fn removed_enum_value_is_breaking() {
    let report = compare(&[("enum: [available, sold]", "enum: [available]")]);
    assert_eq!(listed(&report), [(Class::Breaking, "enum-value-removed", "models::Status::Sold")]);
}

#[test]
fn union_variants_added_and_removed() {
    let without_dog = [
        ("        - {$ref: \"#/components/schemas/Dog\"}\n", ""),
        ("          dog: \"#/components/schemas/Dog\"\n", ""),
        ("    Dog:\n      type: object\n      required: [petType]\n      properties:\n        petType: {type: string}\n        barks: {type: boolean}\n", ""),
    ];
    let report = compare_with(&without_dog, Rules { enums_non_exhaustive: true, ..Rules::CURRENT });
    assert_eq!(
        listed(&report),
        [
            (Class::Breaking, "model-removed", "models::Dog"),
            (Class::Breaking, "variant-removed", "models::Kind::Dog"),
        ]
    );
    let back = apidiff::compare(
        &lower_text(&edited(&without_dog)),
        &lower_text(BASE),
        Rules::POSITIONAL,
    );
    assert_eq!(
        listed(&back),
        [
            (Class::Breaking, "variant-added", "models::Kind::Dog"),
            (Class::Additive, "model-added", "models::Dog"),
        ]
    );
}

#[test]
fn doc_change_is_patch_level() {
    let report = compare(&[("description: Returns a pet.", "description: Returns one pet."), ("description: The name.", "description: Its name.")]);
    assert_eq!(
        listed(&report),
        [(Class::Patch, "doc-changed", "PetsApi::get_pet"), (Class::Patch, "doc-changed", "models::NewPet.name")]
    );
    assert_eq!(report.next_version("0.1.0"), "0.1.1");
    assert_eq!(report.next_version("2.0.0"), "2.0.1");
}

#[test]
fn stored_surface_reads_back_and_compares_like_the_ir() {
    let old = lower_text(BASE);
    let new = lower_text(&edited(&[("enum: [available, sold]", "enum: [available]")]));
    let stored = Surface::of(&old).to_json();
    let read = Surface::from_json(&stored).expect("reads back");
    assert_eq!(read, Surface::of(&old));
    assert_eq!(apidiff::compare_surfaces(&read, &Surface::of(&new), Rules::CURRENT), apidiff::compare(&old, &new, Rules::CURRENT));
    assert_eq!(Surface::from_json(&stored.replace("\"format\": 1", "\"format\": 999")), None, "another format is not compared");
}

#[test]
fn reports_list_breaking_changes_first_in_every_format() {
    let report = compare(&[("operationId: addPet", "operationId: createPet"), ("description: Returns a pet.", "description: Returns one pet.")]);
    let md = apidiff::markdown(&report, "0.1.0");
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Impact")).collect();
    assert_eq!(rows.len(), 3, "{md}");
    assert!(rows[0].starts_with("| **breaking** | operation removed | `PetsApi::add_pet` |"), "{md}");
    assert!(rows[1].starts_with("| additive | operation added | `PetsApi::create_pet` |"), "{md}");
    assert!(rows[2].starts_with("| patch | doc changed | `PetsApi::get_pet` |"), "{md}");
    assert!(md.starts_with("**API changes: 1 breaking, 1 additive, 1 patch-level change(s).** Semver: minor, 0.1.0 → 0.2.0"), "{md}");

    let json: serde_json::Value = serde_json::from_str(&apidiff::json(&report, "0.1.0")).unwrap();
    assert_eq!(json["semver"], "minor");
    assert_eq!(json["next_version"], "0.2.0");
    assert_eq!(json["breaking"], true);
    let first = &json["changes"][0];
    assert_eq!(
        (&first["kind"], &first["item"], &first["breaking"], &first["class"]),
        (&"operation-removed".into(), &"PetsApi::add_pet".into(), &true.into(), &"breaking".into())
    );
    assert_eq!(json["changes"][2]["breaking"], false);

    let text = apidiff::terminal(&report, "0.1.0");
    let breaking = text.find("breaking for Rust code:").unwrap();
    let additive = text.find("additive:").unwrap();
    assert!(text.starts_with("API: 1 breaking, 1 additive, 1 patch-level change(s): bump to 0.2.0"), "{text}");
    assert!(breaking < additive, "{text}");
}

// The five real changes to LINE's specs.

fn line_pair(commit: &str, file: &str) -> Option<(ir::Crate, ir::Crate)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/line-changes").join(commit);
    let (before, after) = (dir.join("before").join(file), dir.join("after").join(file));
    if !before.is_file() || !after.is_file() {
        println!("skipped: {} is absent (../shared/specs/line-changes holds LINE's real spec changes)", dir.display());
        return None;
    }
    let lower = |p: &PathBuf| {
        let api = generator::load::load_file(p).unwrap().api;
        generator::lower::lower(p, &api, &generator::lower_options("line")).unwrap()
    };
    Some((lower(&before), lower(&after)))
}

#[test]
fn line_779d8ca_parameter_made_required_is_breaking() {
    let Some((old, new)) = line_pair("779d8ca", "messaging-api.yml") else { return };
    let report = apidiff::compare(&old, &new, Rules::CURRENT);
    assert_eq!(
        listed(&report),
        [
            (Class::Breaking, "param-changed", "MessagingApiBlobApi::set_rich_menu_image(body)"),
            (Class::Patch, "doc-changed", "MessagingApiApi::get_pnp_message_statistics"),
        ]
    );
    assert_eq!(report.next_version("0.1.0"), "0.2.0");
}

#[test]
fn line_17befb0_enum_value_added_breaks_exhaustive_matches_only() {
    let Some((old, new)) = line_pair("17befb0", "manage-audience.yml") else { return };
    let report = apidiff::compare(&old, &new, Rules::POSITIONAL);
    assert_eq!(listed(&report), [(Class::Breaking, "enum-value-added", "models::AudienceGroupType::TrackingtagWebtraffic")]);
    // The templates mark enums `#[non_exhaustive]`.
    let lenient = apidiff::compare(&old, &new, Rules::CURRENT);
    assert_eq!(listed(&lenient), [(Class::Additive, "enum-value-added", "models::AudienceGroupType::TrackingtagWebtraffic")]);
    assert_eq!(lenient.next_version("0.1.0"), "0.1.1");
}

#[test]
fn line_b4589bc_coupon_api_is_additive_but_for_one_new_message_variant() {
    let Some((old, new)) = line_pair("b4589bc", "messaging-api.yml") else { return };
    assert!(!apidiff::compare(&old, &new, Rules::CURRENT).is_breaking(), "non-exhaustive unions take a new variant");
    let report = apidiff::compare(&old, &new, Rules::POSITIONAL);
    let breaking: Vec<_> = listed(&report).into_iter().filter(|c| c.0 == Class::Breaking).collect();
    assert_eq!(breaking, [(Class::Breaking, "variant-added", "models::Message::Coupon")]);
    let ops: Vec<&str> = report.changes.iter().filter(|c| c.kind == "operation-added").map(|c| c.item.as_str()).collect();
    assert_eq!(
        ops,
        [
            "MessagingApiApi::close_coupon",
            "MessagingApiApi::create_coupon",
            "MessagingApiApi::get_coupon_detail",
            "MessagingApiApi::list_coupon",
        ]
    );
    assert_eq!(report.count(Class::Additive), 47);
    assert_eq!(report.count(Class::Wire), 0);
    let models = report.changes.iter().filter(|c| c.kind == "model-added").count();
    assert_eq!(models, 43);
    let lenient = apidiff::compare(&old, &new, Rules { enums_non_exhaustive: true, ..Rules::BUILDERS });
    assert!(!lenient.is_breaking(), "{:?}", lenient.changes);
}

#[test]
fn line_9488f69_optional_request_field_added() {
    let Some((old, new)) = line_pair("9488f69", "messaging-api.yml") else { return };
    let report = apidiff::compare(&old, &new, Rules::POSITIONAL);
    assert_eq!(
        listed(&report),
        [
            (Class::Breaking, "field-added", "models::Limit.forbid_partial_delivery"),
            (Class::Patch, "doc-changed", "models::NarrowcastProgressResponse.error_code"),
        ]
    );
    assert!(report.changes[0].detail.contains("(request model): struct literals must name it"));
    let builders = apidiff::compare(&old, &new, Rules::CURRENT);
    assert_eq!(listed(&builders)[0], (Class::Additive, "field-added", "models::Limit.forbid_partial_delivery"));
    assert_eq!(builders.next_version("0.1.0"), "0.1.1");
}

#[test]
fn line_5ae51b6_removed_operation_and_its_request_model_are_breaking() {
    let Some((old, new)) = line_pair("5ae51b6", "messaging-api.yml") else { return };
    let report = apidiff::compare(&old, &new, Rules::CURRENT);
    assert_eq!(
        listed(&report),
        [
            (Class::Breaking, "operation-removed", "MessagingApiApi::audience_match"),
            (Class::Breaking, "model-removed", "models::AudienceMatchMessagesRequest"),
        ]
    );
    assert_eq!(report.next_version("0.1.0"), "0.2.0");
}

/// The README shows the markdown report of 5ae51b6 as reviewers see it; it must be what the
/// code prints today.
#[test]
fn readme_example_is_the_current_report_of_5ae51b6() {
    let Some((old, new)) = line_pair("5ae51b6", "messaging-api.yml") else { return };
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    let start = "<!-- api-report 5ae51b6: cargo xtask diff-spec --format markdown -->\n";
    let from = readme.find(start).expect("the README has the 5ae51b6 example") + start.len();
    let len = readme[from..].find("<!-- /api-report -->").expect("the example ends");
    let shown = &readme[from..from + len];
    let report = apidiff::compare(&old, &new, Rules::CURRENT);
    assert_eq!(shown, apidiff::markdown(&report, "0.1.0"), "update the README's example with the command in its marker");
}

#[test]
fn operation_moved_to_another_tag_is_breaking_and_new_error_variants_are_additive() {
    let report = compare(&[
        ("      operationId: addPet\n      tags: [pets]", "      operationId: addPet\n      tags: [store]"),
        (
            "              schema: {$ref: \"#/components/schemas/Pet\"}\n",
            "              schema: {$ref: \"#/components/schemas/Pet\"}\n        \"404\":\n          description: gone\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Tag\"}\n",
        ),
    ]);
    assert_eq!(
        listed(&report),
        [
            (Class::Breaking, "operation-moved", "PetsApi::add_pet"),
            (Class::Additive, "error-added", "GetPetError::Status404"),
            (Class::Additive, "api-added", "StoreApi"),
        ]
    );
    assert_eq!(report.changes[0].detail, "now `StoreApi::add_pet` (`POST /pets`)");
}

/// Receivers are classified like operations: added, removed, re-typed, re-signed.
#[test]
fn receiver_changes_are_classified() {
    let spec = |extension: &str, body: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /hook:\n    post:\n      operationId: hook\n{extension}      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/{body}'}}\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{x: {{type: string}}}}}}\n    B: {{type: object, properties: {{y: {{type: string}}}}}}\n"
        )
    };
    let signed = |encoding: &str| {
        format!("      x-webhook:\n        signature: {{header: x-sig, algorithm: hmac-sha256, encoding: {encoding}}}\n")
    };
    let kinds = |old: &str, new: &str| -> Vec<(String, Class)> {
        let r = apidiff::compare(&lower_text(old), &lower_text(new), Rules::CURRENT);
        r.changes.iter().filter(|c| c.kind.starts_with("receiver") || c.kind.starts_with("operation")).map(|c| (c.kind.to_string(), c.class)).collect()
    };
    let base = spec(&signed("base64"), "A");
    assert!(lower_text(&base).apis.is_empty());
    assert_eq!(lower_text(&base).receivers.len(), 1);
    assert_eq!(kinds(&base, &spec(&signed("hex"), "A")), [("receiver-signature-changed".to_string(), Class::Wire)]);
    assert_eq!(kinds(&base, &spec(&signed("base64"), "B")), [("receiver-body-changed".to_string(), Class::Breaking)]);
    assert_eq!(kinds(&base, &spec("      x-webhook: true\n", "A")), [("receiver-signature-changed".to_string(), Class::Breaking)]);
    // A called operation that becomes received: the method goes, a receiver comes.
    let mut moved = kinds(&spec("", "A"), &base);
    moved.sort();
    assert_eq!(moved, [("operation-removed".to_string(), Class::Breaking), ("receiver-added".to_string(), Class::Additive)]);
}
