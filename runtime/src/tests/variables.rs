//! `{{name}}` references as Postman resolves them (postman-collection's
//! `Substitutor`): innermost first, pass after pass until one replaces
//! nothing, at most 19 passes; and every renderer of the client (request
//! text, server URLs) following that one rule.

use reqwest::Method;

use crate::runtime::auth::Credential;
use crate::runtime::core::{substitute_variables, ApiSpec, CoreBuilder, VariableSpec};
use crate::runtime::request::Request;

fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_string())
    }
}

#[test]
fn a_nested_reference_resolves_from_the_inside_out() {
    let vars = lookup(&[
        ("one", "1"),
        ("host.1", "example.test"),
        ("a", "{{b}}"),
        ("b", "B"),
    ]);
    assert_eq!(
        substitute_variables("https://{{host.{{one}}}}/get", &vars).unwrap(),
        "https://example.test/get"
    );
    // A value that is itself a reference resolves in the next pass.
    assert_eq!(substitute_variables("{{a}}-{{a}}", &vars).unwrap(), "B-B");
    // What nothing sets stays as written, around a resolved inner part too.
    assert_eq!(
        substitute_variables("{{host.{{two}}}}", &vars).unwrap(),
        "{{host.{{two}}}}"
    );
    assert_eq!(
        substitute_variables("{{nope.{{one}}}}", &vars).unwrap(),
        "{{nope.1}}"
    );
    // Braces that name nothing are text.
    assert_eq!(
        substitute_variables("{{}} {{ {{one}}", &vars).unwrap(),
        "{{}} {{ 1"
    );
}

#[test]
fn resolution_stops_after_nineteen_passes() {
    // `v0` -> `{{v1}}` -> ... -> `{{v24}}`: each pass goes one step down the chain.
    let chain: &'static [(&'static str, &'static str)] = Box::leak(
        (0..25)
            .map(|i| {
                let name: &'static str = format!("v{i}").leak();
                let value: &'static str = format!("{{{{v{}}}}}", i + 1).leak();
                (name, value)
            })
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    assert_eq!(
        substitute_variables("{{v0}}", &lookup(chain)).unwrap(),
        "{{v19}}"
    );
    assert_eq!(
        substitute_variables("{{v6}}", &lookup(chain)).unwrap(),
        "{{v25}}"
    );
}

static NESTED: ApiSpec = ApiSpec {
    name: "nested",
    servers: &["https://{{host.{{one}}}}/v/{{segment.{{one}}}}"],
    variables: &[
        VariableSpec {
            name: "one",
            default: Some("1"),
            secret: false,
        },
        VariableSpec {
            name: "host.1",
            default: Some("example.test"),
            secret: false,
        },
        VariableSpec {
            name: "segment.1",
            default: Some("a b?c"),
            secret: false,
        },
    ],
    auth: &[],
};

#[test]
fn a_server_url_renders_nested_references_in_its_host_and_its_path() {
    let core = CoreBuilder::new(&NESTED).build().expect("core");
    let mut request = Request::new(Method::GET, 0, None, &[]);
    request.query_static("h", "{{host.{{one}}}}");
    let prepared = core.prepare(&request, None).expect("renders");
    // The host is the nested variable's value; a value in the path is path
    // text, encoded so that its `?` cannot end the path; the query renders by
    // the same rule.
    assert_eq!(
        prepared.url.as_str(),
        "https://example.test/v/a%20b%3Fc?h=example.test"
    );
}

#[test]
fn a_nested_reference_nothing_sets_names_the_variable_that_is_missing() {
    static UNSET: ApiSpec = ApiSpec {
        name: "unset",
        servers: &["https://{{host.{{one}}}}"],
        variables: &[VariableSpec {
            name: "one",
            default: Some("2"),
            secret: false,
        }],
        auth: &[],
    };
    let core = CoreBuilder::new(&UNSET).build().expect("core");
    let error = core
        .prepare(&Request::new(Method::GET, 0, None, &[]), None)
        .expect_err("host.2 is not set");
    assert!(error.to_string().contains("`host.2` is not set"), "{error}");
}

#[test]
fn a_clients_debug_lists_variables_and_credentials_by_name_with_secrets_redacted() {
    static SPEC: ApiSpec = ApiSpec {
        name: "debugged",
        servers: &["https://example.test"],
        variables: &[
            VariableSpec {
                name: "zone",
                default: Some("first"),
                secret: false,
            },
            VariableSpec {
                name: "apiKey",
                default: None,
                secret: true,
            },
            // A name defined twice keeps its last value, as a map collected
            // from the list would.
            VariableSpec {
                name: "zone",
                default: Some("eu"),
                secret: false,
            },
            VariableSpec {
                name: "account",
                default: Some("42"),
                secret: false,
            },
        ],
        auth: &[],
    };
    let mut builder = CoreBuilder::new(&SPEC);
    builder.var("apiKey".to_string(), "sk-live-1".to_string());
    builder.set_credential(Credential::Slot("password"), "hunter1".to_string());
    builder.set_credential(Credential::Slot("client_secret"), "s3".to_string());
    // Setting a slot again replaces its value.
    builder.set_credential(Credential::Slot("password"), "hunter2".to_string());
    let core = builder.build().expect("core");
    assert_eq!(core.credential(Credential::Slot("password")), Some("hunter2"));
    assert_eq!(core.credential(Credential::Slot("client_secret")), Some("s3"));
    assert_eq!(core.credential(Credential::Slot("token")), None);
    let printed = format!("{core:?}");
    assert!(
        printed.contains(r#"variables: {"account": "42", "apiKey": "<redacted>", "zone": "eu"}"#),
        "{printed}"
    );
    assert!(
        printed.contains(r#"credentials: {"client_secret": "<redacted>", "password": "<redacted>"}"#),
        "{printed}"
    );
    assert!(
        !printed.contains("sk-live-1") && !printed.contains("hunter") && !printed.contains("s3"),
        "{printed}"
    );
}
