//! Lowering small specs that each exercise one LINE pattern, with assertions on the IR.

use std::path::Path;

use crate::ir::{self, ModelKind, Type};

fn lower_yaml(text: &str) -> ir::Crate {
    let api = crate::load::load_bytes(Path::new("test.yml"), text.as_bytes()).unwrap().api;
    super::lower(Path::new("test.yml"), &api, &crate::lower_options("t")).unwrap()
}

/// A spec with no operations and the given `components.schemas` (indented by 4 spaces).
fn schemas(body: &str) -> ir::Crate {
    lower_yaml(&format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{body}"
    ))
}

fn model<'a>(krate: &'a ir::Crate, name: &str) -> &'a ir::Model {
    krate
        .models
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no model {name}; have {:?}", krate.models.iter().map(|m| &m.name).collect::<Vec<_>>()))
}

fn strukt<'a>(krate: &'a ir::Crate, name: &str) -> &'a ir::Struct {
    match &model(krate, name).kind {
        ModelKind::Struct(s) => s,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'a>(s: &'a ir::Struct, wire: &str) -> &'a ir::Field {
    s.fields.iter().find(|f| f.wire_name == wire).unwrap_or_else(|| panic!("no field {wire}"))
}

const MESSAGES: &str = "
    Message:
      type: object
      required: [type]
      properties:
        type: {type: string}
        quickReply: {$ref: '#/components/schemas/QuickReply'}
      discriminator:
        propertyName: type
        mapping:
          text: '#/components/schemas/TextMessage'
          image_carousel: '#/components/schemas/ImageCarouselMessage'
          sticker: '#/components/schemas/StickerMessage'
    QuickReply:
      type: object
      properties:
        items: {type: array, items: {type: string}}
    TextMessage:
      allOf:
        - $ref: '#/components/schemas/Message'
        - type: object
          required: [text]
          properties:
            text: {type: string}
    ImageCarouselMessage:
      type: object
      required: [url]
      allOf:
        - $ref: '#/components/schemas/Message'
        - type: object
          properties:
            url: {type: string}
    StickerMessage:
      allOf:
        - $ref: '#/components/schemas/Message'
";

#[test]
fn discriminator_parent_becomes_a_tagged_union_over_tagged_child_structs() {
    let krate = schemas(MESSAGES);
    let ModelKind::Tagged(union) = &model(&krate, "Message").kind else {
        panic!("Message is not a tagged union");
    };
    assert_eq!(union.tag, "type");
    let variants: Vec<(&str, &str, &str)> = union
        .variants
        .iter()
        .map(|v| (v.value.as_str(), v.ident.as_str(), v.model.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("text", "Text", "TextMessage"),
            ("image_carousel", "ImageCarousel", "ImageCarouselMessage"),
            ("sticker", "Sticker", "StickerMessage"),
        ]
    );
    assert_eq!(union.unknown_variant, "Unknown");

    // Children reachable only through the mapping are generated, write their own tag, carry
    // the parent's other properties and have no field for the tag.
    let text = strukt(&krate, "TextMessage");
    assert_eq!(text.tag, Some(ir::StructTag { property: "type".into(), value: "text".into() }));
    let wires: Vec<&str> = text.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(wires, ["quickReply", "text"]);
    assert!(field(text, "text").required, "`required` inside the allOf branch");
    assert!(!field(text, "quickReply").required);
    assert_eq!(field(text, "quickReply").ty, Type::Model("QuickReply".into()));

    let carousel = strukt(&krate, "ImageCarouselMessage");
    assert!(field(carousel, "url").required, "`required` beside allOf");
    assert_eq!(carousel.tag.as_ref().map(|t| t.value.as_str()), Some("image_carousel"));

    let sticker = strukt(&krate, "StickerMessage");
    assert_eq!(sticker.fields.len(), 1, "only quickReply from the parent");
    assert!(sticker.derives_default);
}

#[test]
fn string_enums_get_valid_distinct_variants_and_an_unknown_fallback() {
    let krate = schemas(
        "
    Size:
      type: string
      enum: ['3xl', flex-start, chat_message.write, 'urn:ietf:params:oauth:jwt-bearer', none, self, FlexStart, 3xl]
    Odd:
      type: string
      enum: [unknown, Unknown]
    Area:
      type: string
      enum: [jp_01, jp_02]
      x-enum-varnames: [HOKKAIDO, AOMORI]
      x-enum-descriptions: [Hokkaido, Aomori]
",
    );
    let ModelKind::Enum(size) = &model(&krate, "Size").kind else {
        panic!("Size is not an enum");
    };
    let variants: Vec<(&str, &str)> = size.variants.iter().map(|v| (v.ident.as_str(), v.value.as_str())).collect();
    assert_eq!(
        variants,
        [
            ("V3xl", "3xl"),
            ("FlexStart", "flex-start"),
            ("ChatMessageWrite", "chat_message.write"),
            ("UrnIetfParamsOauthJwtBearer", "urn:ietf:params:oauth:jwt-bearer"),
            ("None", "none"),
            ("Self_", "self"),
            ("FlexStart2", "FlexStart"),
        ],
        "the repeated `3xl` is dropped, the colliding `FlexStart` is numbered"
    );
    assert_eq!(size.unknown_variant, "Unknown");

    let ModelKind::Enum(odd) = &model(&krate, "Odd").kind else {
        panic!("Odd is not an enum");
    };
    let idents: Vec<&str> = odd.variants.iter().map(|v| v.ident.as_str()).collect();
    assert_eq!(idents, ["Unknown", "Unknown2"]);
    assert_eq!(odd.unknown_variant, "Unknown3", "the fallback never takes a value's name");

    let ModelKind::Enum(area) = &model(&krate, "Area").kind else {
        panic!("Area is not an enum");
    };
    let named: Vec<(&str, &str, Option<&str>)> = area
        .variants
        .iter()
        .map(|v| (v.ident.as_str(), v.value.as_str(), v.description.as_deref()))
        .collect();
    assert_eq!(named, [("Hokkaido", "jp_01", Some("Hokkaido")), ("Aomori", "jp_02", Some("Aomori"))]);
}

#[test]
fn only_fields_that_reach_their_own_struct_by_value_are_boxed() {
    let krate = schemas(
        "
    Recipient:
      type: object
      properties:
        type: {type: string}
      discriminator:
        propertyName: type
        mapping:
          operator: '#/components/schemas/OperatorRecipient'
          audience: '#/components/schemas/AudienceRecipient'
    OperatorRecipient:
      allOf:
        - $ref: '#/components/schemas/Recipient'
        - type: object
          properties:
            and: {type: array, items: {$ref: '#/components/schemas/Recipient'}}
            not: {$ref: '#/components/schemas/Recipient'}
            audience: {$ref: '#/components/schemas/AudienceRecipient'}
    AudienceRecipient:
      allOf:
        - $ref: '#/components/schemas/Recipient'
        - type: object
          properties:
            audienceGroupId: {type: integer, format: int64}
    Video:
      type: object
      required: [altContent]
      properties:
        altContent: {$ref: '#/components/schemas/Video'}
        tags: {type: object, additionalProperties: {$ref: '#/components/schemas/Video'}}
",
    );
    let op = strukt(&krate, "OperatorRecipient");
    assert!(field(op, "not").boxed, "Recipient → OperatorRecipient by value");
    assert!(!field(op, "and").boxed, "a Vec already breaks the cycle");
    assert!(!field(op, "audience").boxed, "AudienceRecipient never reaches OperatorRecipient");
    let not = field(op, "not");
    assert_eq!((&not.ty, not.boxed, not.is_option()), (&Type::Model("Recipient".into()), true, true));
    let video = strukt(&krate, "Video");
    assert!(field(video, "altContent").boxed);
    let alt = field(video, "altContent");
    assert_eq!((&alt.ty, alt.boxed, alt.is_option()), (&Type::Model("Video".into()), true, false));
    assert!(!field(video, "tags").boxed, "a map already breaks the cycle");
}

#[test]
fn colliding_names_are_numbered_deterministically() {
    let text = "
    UriAction:
      type: object
      properties:
        fooBar: {type: string}
        foo_bar: {type: integer, format: int32}
        type: {type: string}
        not: {type: boolean}
        oneOf: {type: array, items: {type: string}}
    URIAction:
      type: object
      properties:
        linkUri: {type: string, format: uri}
";
    let krate = schemas(text);
    // Schemas are named in sorted spec-name order: `URIAction` sorts before `UriAction`.
    assert_eq!(model(&krate, "UriAction").spec_name, "URIAction");
    assert_eq!(model(&krate, "UriAction2").spec_name, "UriAction");
    let s = strukt(&krate, "UriAction2");
    let idents: Vec<(&str, &str)> = s.fields.iter().map(|f| (f.wire_name.as_str(), f.ident.as_str())).collect();
    assert_eq!(
        idents,
        [("fooBar", "foo_bar"), ("foo_bar", "foo_bar2"), ("type", "r#type"), ("not", "not"), ("oneOf", "one_of")]
    );
    assert_eq!(schemas(text), krate, "the same spec always lowers to the same IR");
}

#[test]
fn nullable_optional_fields_keep_null_apart_from_absent() {
    let krate = schemas(
        "
    Stats:
      type: object
      required: [total]
      properties:
        total: {type: integer, format: int64, nullable: true}
        unique: {type: integer, format: int64, nullable: true}
        plain: {type: integer, format: int32}
        failed: {$ref: '#/components/schemas/FailedType'}
    FailedType:
      type: string
      nullable: true
      enum: [AUDIENCE_GROUP_AUDIENCE_INSUFFICIENT]
",
    );
    let s = strukt(&krate, "Stats");
    let shape = |name: &str| {
        let f = field(s, name);
        (f.ty.clone(), f.is_option(), f.is_absent_or_null())
    };
    assert_eq!(shape("total"), (Type::I64, true, false));
    assert_eq!(shape("unique"), (Type::I64, true, true), "optional and nullable: Option<Option<i64>>");
    assert_eq!(shape("plain"), (Type::I32, true, false));
    assert!(field(s, "failed").nullable, "nullable on the referenced enum");
    assert!(krate.uses_nullable_fields);
}

#[test]
fn no_schema_with_properties_or_a_discriminator_becomes_json() {
    let krate = schemas(&format!(
        "{MESSAGES}
    Untyped:
      properties:
        a: {{type: string}}
    Holder:
      type: object
      properties:
        inline: {{type: object, properties: {{b: {{type: string}}}}}}
        map: {{type: object, additionalProperties: {{type: string}}}}
        anything: {{type: object}}
"
    ));
    assert!(matches!(model(&krate, "Untyped").kind, ModelKind::Struct(_)));
    let holder = strukt(&krate, "Holder");
    assert_eq!(field(holder, "inline").ty, Type::Model("HolderInline".into()));
    assert_eq!(field(holder, "map").ty, Type::Map(Box::new(Type::String)));
    assert_eq!(field(holder, "anything").ty, Type::Json, "an object without properties is any JSON");
}

#[test]
fn examples_are_collected_with_the_type_they_belong_to() {
    let krate = lower_yaml(
        "
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string, example: abc}}
    get:
      operationId: getItem
      parameters:
        - {name: date, in: query, schema: {type: string, format: '^[0-9]{8}$', example: '20240101'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
              examples:
                one: {summary: one, value: {name: x, count: 2}}
        '404':
          description: missing
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
              example: {message: nope}
components:
  schemas:
    Item:
      type: object
      properties:
        name: {type: string, example: widget}
        count: {type: integer, format: int32}
",
    );
    let found: Vec<(&str, String, &str)> = krate
        .examples
        .iter()
        .map(|e| (e.pointer.as_str(), if e.null { format!("Option<{:?}>", e.ty) } else { format!("{:?}", e.ty) }, e.json.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("#/components/schemas/Item/properties/name/example", "String".to_string(), "\"widget\""),
            (
                "#/paths/~1items~1{id}/get/parameters/0/schema/example",
                "String".to_string(),
                "\"20240101\""
            ),
            (
                "#/paths/~1items~1{id}/get/responses/200/content/application~1json/examples/one/value",
                "Model(\"Item\")".to_string(),
                "{\"name\":\"x\",\"count\":2}"
            ),
            (
                "#/paths/~1items~1{id}/get/responses/404/content/application~1json/example",
                "Model(\"GetItem404Response\")".to_string(),
                "{\"message\":\"nope\"}"
            ),
            ("#/paths/~1items~1{id}/parameters/0/schema/example", "String".to_string(), "\"abc\""),
        ]
    );
}

#[test]
fn required_beside_allof_without_type_still_counts() {
    let krate = schemas(
        "
    Base:
      type: object
      properties:
        a: {type: string}
    Child:
      required: [a]
      allOf:
        - $ref: '#/components/schemas/Base'
",
    );
    let s = strukt(&krate, "Child");
    assert!(field(s, "a").required);
}

#[test]
fn model_files_are_distinct_and_never_mod_rs() {
    let krate = schemas(
        "
    Mod:
      type: object
      properties:
        a: {type: string}
    Type:
      type: string
      enum: [a]
",
    );
    let m = model(&krate, "Mod");
    assert_eq!((m.module.as_str(), m.file.as_str()), ("mod2", "mod2"));
    let t = model(&krate, "Type");
    assert_eq!((t.module.as_str(), t.file.as_str()), ("r#type", "type"));
}

#[test]
fn examples_know_which_keys_their_schema_leaves_undeclared() {
    let krate = lower_yaml(&format!(
        "
openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /send:
    post:
      operationId: send
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                messages: {{type: array, items: {{$ref: '#/components/schemas/Message'}}}}
                labels: {{type: object, additionalProperties: {{$ref: '#/components/schemas/QuickReply'}}}}
                note: {{type: string}}
            example:
              extra: 1
              note: null
              labels: {{a: {{items: [x], bogus: true}}}}
              messages:
                - {{type: text, text: hi, quickReply: {{items: [y], nope: 2}}, stray: 3}}
                - {{type: brandNew, anything: goes}}
      responses:
        '200': {{description: ok}}
components:
  schemas:
{MESSAGES}"
    ));
    let example = krate.examples.iter().find(|e| e.pointer.ends_with("/example")).unwrap();
    assert_eq!(
        example.undeclared,
        ["/extra", "/labels/a/bogus", "/messages/0/quickReply/nope", "/messages/0/stray", "/note (null)"],
        "the tag is declared, an unknown tag is kept whole"
    );
}

#[test]
fn multipart_file_parts_take_their_content_type_from_the_encoding() {
    let krate = lower_yaml(
        "
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /upload:
    post:
      operationId: upload
      servers: [{url: 'https://api-data.example.com/'}]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                note: {type: string}
            encoding:
              file: {contentType: 'text/plain, text/csv'}
      responses:
        '202': {description: accepted}
",
    );
    let op = &krate.apis[0].operations[0];
    assert_eq!(op.body, Some(ir::Body::Multipart));
    assert_eq!(op.success, ir::ResponseBody::Empty);
    assert_eq!(op.success_statuses, [202]);
    assert_eq!(krate.servers[op.server].url, "https://api-data.example.com");
    let parts: Vec<(&str, &Type, bool, Option<&str>)> = op
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), &p.ty, p.required, p.part_content_type.as_deref()))
        .collect();
    assert_eq!(parts, [("file", &Type::Bytes, true, Some("text/plain")), ("note", &Type::String, false, None)]);
    assert!(krate.uses_multipart);
}

#[test]
fn an_inherited_inline_property_is_one_model_named_after_its_declaring_schema() {
    let krate = schemas(
        "
    Event:
      type: object
      required: [type, mode]
      properties:
        type: {type: string}
        mode: {type: string, enum: [active, standby]}
      discriminator:
        propertyName: type
        mapping:
          follow: '#/components/schemas/FollowEvent'
          leave: '#/components/schemas/LeaveEvent'
    FollowEvent:
      allOf:
        - $ref: '#/components/schemas/Event'
        - type: object
          properties:
            follow: {type: object, properties: {isUnblocked: {type: boolean}}}
    LeaveEvent:
      allOf:
        - $ref: '#/components/schemas/Event'
",
    );
    let mode = |m: &str| field(strukt(&krate, m), "mode").ty.clone();
    assert_eq!(mode("FollowEvent"), Type::Model("EventMode".into()));
    assert_eq!(mode("LeaveEvent"), Type::Model("EventMode".into()));
    assert_eq!(field(strukt(&krate, "FollowEvent"), "follow").ty, Type::Model("FollowEventFollow".into()));
    let names: Vec<&str> = krate.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Event", "EventMode", "FollowEvent", "FollowEventFollow", "LeaveEvent"]);
}

#[test]
fn identical_inline_enums_become_one_model_named_after_their_property() {
    let krate = schemas(
        "
    FlexText:
      type: object
      properties:
        position: {type: string, enum: [relative, absolute], description: Text position.}
        type: {type: string, enum: [a, b]}
        size: {type: string, enum: [sm, md]}
    FlexBox:
      type: object
      properties:
        position: {type: string, enum: [absolute, relative]}
        type: {type: string, enum: [b, a]}
        size: {type: string, enum: [sm, lg]}
    Position:
      type: object
      properties:
        x: {type: integer, format: int32}
",
    );
    let ty = |m: &str, f: &str| field(strukt(&krate, m), f).ty.clone();
    // `Position` is a component already, so the merged enum keeps its first member's name.
    assert_eq!(ty("FlexText", "position"), Type::Model("FlexBoxPosition".into()));
    assert_eq!(ty("FlexBox", "position"), Type::Model("FlexBoxPosition".into()));
    assert_eq!(ty("FlexText", "type"), Type::Model("FlexBoxType".into()), "never a bare `Type`");
    assert_eq!(ty("FlexText", "size"), Type::Model("FlexTextSize".into()), "different values stay apart");
    assert_eq!(ty("FlexBox", "size"), Type::Model("FlexBoxSize".into()));
    assert_eq!(field(strukt(&krate, "FlexText"), "position").description.as_deref(), Some("Text position."));
    assert_eq!(model(&krate, "FlexBoxPosition").description, None);
    assert!(krate.models.iter().all(|m| m.name != "FlexTextPosition" && m.name != "FlexTextType"));

    let krate = schemas(
        "
    A:
      type: object
      properties:
        currency: {type: string, enum: [JPY, TWD]}
    B:
      type: object
      properties:
        currency: {type: string, enum: [TWD, JPY]}
",
    );
    assert_eq!(field(strukt(&krate, "A"), "currency").ty, Type::Model("Currency".into()));
    assert_eq!(field(strukt(&krate, "B"), "currency").ty, Type::Model("Currency".into()));
    assert_eq!(model(&krate, "Currency").module, "currency");
}

#[test]
fn a_union_inside_allof_is_a_flattened_field_and_a_parent_union_is_not() {
    let krate = schemas(
        "    Pet:
      oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: kind, mapping: {dog: Dog, cat: Cat}}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {bark: {type: boolean}}}
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, properties: {lives: {type: integer}}}
    Owner:
      allOf:
        - {type: object, required: [name], properties: {name: {type: string}, pets: {type: array, items: {$ref: '#/components/schemas/Owner'}}}}
        - anyOf:
            - {type: object, properties: {email: {type: string}}}
            - {type: object, properties: {phone: {type: string}}}
    Method:
      oneOf: [{$ref: '#/components/schemas/Card'}, {$ref: '#/components/schemas/Bank'}]
      discriminator: {propertyName: via}
    Card: {type: object, properties: {number: {type: string}}}
    Bank: {type: object, properties: {iban: {type: string}}}
    Payment:
      allOf:
        - {type: object, properties: {amount: {type: integer}}}
        - $ref: '#/components/schemas/Method'
",
    );
    // A tagged union the schema is not a variant of is part of it.
    let payment = strukt(&krate, "Payment");
    let method = payment.fields.iter().find(|f| f.flatten).expect("the Method union, flattened");
    assert_eq!(method.ty, Type::Model("Method".into()));
    assert!(matches!(model(&krate, "Method").kind, ModelKind::Tagged(_)));
    // Bare mapping names (`Dog`) tag the children like `$ref`s do.
    let ModelKind::Tagged(pet) = &model(&krate, "Pet").kind else { panic!("Pet is not tagged") };
    let tags: Vec<(&str, &str)> = pet.variants.iter().map(|v| (v.value.as_str(), v.model.as_str())).collect();
    assert_eq!(tags, [("dog", "Dog"), ("cat", "Cat")]);
    let dog = strukt(&krate, "Dog");
    assert_eq!(dog.tag.as_ref().map(|t| t.value.as_str()), Some("dog"));
    // The parent union is not flattened into its own variant.
    assert!(dog.fields.iter().all(|f| !f.flatten), "{:?}", dog.fields);
    let owner = strukt(&krate, "Owner");
    assert_eq!(field(owner, "name").ty, Type::String);
    let union = owner.fields.iter().find(|f| f.flatten).expect("a flattened union field");
    assert_eq!(union.ty, Type::Model("OwnerOneOf".into()));
    assert!(union.required && !union.is_option());
    // Its struct cannot derive Default: a union has no default shape.
    assert!(!owner.derives_default);
    let ModelKind::Untagged(variants) = &model(&krate, "OwnerOneOf").kind else { panic!("OwnerOneOf is not a union") };
    assert_eq!(variants.len(), 2);
    assert!(!krate.warnings.iter().any(|w| w.contains("oneOf")), "{:?}", krate.warnings);
}

#[test]
fn server_variables_take_their_defaults() {
    let krate = lower_yaml(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nservers:\n  - url: 'https://{region}.example.com:{port}/{v}/{undeclared}'\n    variables:\n      region: {default: eu}\n      port: {default: '8443', enum: ['8443', '443']}\n      v: {default: v2}\npaths:\n  /a:\n    get:\n      operationId: a\n      servers: [{url: 'https://{host}/x', variables: {host: {default: data.example.com}}}]\n      responses: {'204': {description: ok}}\n",
    );
    let urls: Vec<&str> = krate.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(urls, ["https://eu.example.com:8443/v2/{undeclared}", "https://data.example.com/x"]);
}

/// The struct a receiver decodes is an envelope: fields that carry no events are lenient and
/// recorded in `defaulted`; lists of models (the events), required models and secrets are not.
#[test]
fn receiver_bodies_are_lenient_envelopes() {
    let krate = lower_yaml(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /hook:\n    post:\n      operationId: hook\n      x-webhook: true\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Envelope'}\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    Event: {type: object, properties: {id: {type: string}}}\n    Envelope:\n      type: object\n      required: [destination, events, source, defaulted]\n      properties:\n        destination: {type: string}\n        defaulted: {type: integer}\n        count: {type: integer}\n        tags: {type: array, items: {type: string}}\n        events: {type: array, items: {$ref: '#/components/schemas/Event'}}\n        source: {$ref: '#/components/schemas/Event'}\n        origin: {$ref: '#/components/schemas/Event'}\n        client_secret: {type: string}\n",
    );
    let envelope = strukt(&krate, "Envelope");
    let lenient: Vec<(&str, bool)> = envelope.fields.iter().map(|f| (f.wire_name.as_str(), f.lenient)).collect();
    assert_eq!(
        lenient,
        [
            ("destination", true),
            ("defaulted", true),
            ("count", true),
            ("tags", true),
            ("events", false),
            ("source", false),
            ("origin", true),
            ("client_secret", false)
        ]
    );
    // A spec field named `defaulted` keeps its name; the record takes the next free one.
    assert_eq!(envelope.defaulted.as_deref(), Some("defaulted2"));
    assert!(strukt(&krate, "Event").defaulted.is_none());
}
