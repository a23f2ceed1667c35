//! Bad input on every route gets a 4xx in the route's error shape with a code: never a 500,
//! never a panic. A property test sends random bodies (random JSON, JSON shaped like the
//! route's own body with wrong values, random bytes) to every route.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{json, Value};

/// Every route that takes a body or a path parameter: (method, path, who calls it).
const ROUTES: &[(&str, &str, Caller)] = &[
    ("POST", "/api/v1/auth/register", Caller::Anonymous),
    ("POST", "/api/v1/auth/login", Caller::Anonymous),
    ("POST", "/api/v1/auth/refresh", Caller::Anonymous),
    ("POST", "/api/v1/auth/logout", Caller::Anonymous),
    ("POST", "/api/v1/admin/auth/login", Caller::Anonymous),
    ("POST", "/api/v1/admin/users/{user}/approve", Caller::Admin),
    (
        "GET",
        "/api/v1/admin/users?status={text}&page={text}",
        Caller::Admin,
    ),
    ("POST", "/api/v1/qsend", Caller::User),
    (
        "GET",
        "/api/v1/qsend?status={text}&limit={text}&role={text}",
        Caller::User,
    ),
    ("GET", "/api/v1/qsend/{text}", Caller::User),
    ("POST", "/api/v1/qsend/verify", Caller::User),
    ("POST", "/api/v1/qsend/{text}/pay", Caller::User),
    ("POST", "/api/v1/qsend/{text}/cancel", Caller::User),
    ("GET", "/api/v1/wallets/{text}/balance", Caller::User),
    (
        "GET",
        "/api/v1/wallets/{user}/transactions?limit={text}&offset={text}",
        Caller::User,
    ),
    ("POST", "/api/v1/transfers", Caller::User),
    ("GET", "/api/v1/transfers/{text}/status", Caller::User),
    ("POST", "/api/v1/fees/calculate", Caller::Anonymous),
    ("POST", "/api/v1/fees/quote", Caller::Anonymous),
    ("POST", "/api/v1/devnet/snapshot", Caller::Anonymous),
    ("POST", "/api/v1/devnet/worker", Caller::Anonymous),
    ("POST", "/api/v1/keys/register", Caller::User),
    ("POST", "/api/v1/keys/prekeys", Caller::User),
    ("POST", "/api/v1/keys/rotate/signed", Caller::User),
    ("GET", "/api/v1/keys/bundle/{text}", Caller::User),
    ("GET", "/api/v1/keys/group/{text}", Caller::User),
    ("POST", "/api/v1/keys/group/{text}/rotate", Caller::User),
    ("POST", "/api/v1/conversations", Caller::User),
    (
        "GET",
        "/api/v1/conversations?limit={text}&offset={text}",
        Caller::User,
    ),
    ("GET", "/api/v1/conversations/{text}", Caller::User),
    (
        "POST",
        "/api/v1/messages/conversations/{text}",
        Caller::User,
    ),
    (
        "GET",
        "/api/v1/messages/conversations/{text}?limit={text}&cursor={text}",
        Caller::User,
    ),
    ("POST", "/api/v1/groups", Caller::User),
    ("GET", "/api/v1/groups/{text}", Caller::User),
    ("POST", "/api/v1/groups/{text}/participants", Caller::User),
    (
        "DELETE",
        "/api/v1/groups/{text}/participants/{user}",
        Caller::User,
    ),
];

#[derive(Clone, Copy, Debug)]
enum Caller {
    Anonymous,
    User,
    Admin,
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    net: common::Net,
    user: common::Client,
    admin: common::Client,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (net, user, admin) = runtime.block_on(async {
            let net = common::start(2).await;
            let user = net.login("user1@devnet.gx").await;
            let admin = net.login("admin1@devnet.gx").await;
            (net, user, admin)
        });
        Fixture {
            runtime,
            net,
            user,
            admin,
        }
    })
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn call(
    method: &str,
    path: &str,
    caller: Caller,
    text: &str,
    body: Option<Vec<u8>>,
) -> (u16, Value) {
    let f = fixture();
    let user_id = f.net.account("user2@devnet.gx").profile_id.clone();
    let path = path
        .replace("{text}", &percent(text))
        .replace("{user}", &user_id);
    let client = match caller {
        Caller::Anonymous => f.net.client(),
        Caller::User => f.user.clone(),
        Caller::Admin => f.admin.clone(),
    };
    f.runtime.block_on(async {
        let url = format!("{}{path}", client.base);
        let request = match method {
            "GET" => client.http.get(url),
            "DELETE" => client.http.delete(url),
            _ => client
                .http
                .post(url)
                .header("content-type", "application/json")
                .body(body.unwrap_or_default()),
        };
        client.send(request).await
    })
}

fn check(status: u16, body: &Value, what: &str) {
    assert!(status < 500, "{what}: {status} {body}");
    if status >= 400 {
        let code = body["code"]
            .as_str()
            .or_else(|| body["error"]["code"].as_str());
        assert!(
            code.is_some_and(|c| !c.is_empty()),
            "{what}: no code in {body}"
        );
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,30}".prop_map(Value::String),
        Just(json!("US 984 AUM945 0AKIY 8168")),
        Just(json!(-1)),
        Just(json!(0.5)),
        Just(json!(1e300)),
        Just(json!("99999999999999999999999")),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("amount".to_owned()),
                    Just("toID".to_owned()),
                    Just("reason".to_owned()),
                    Just("email".to_owned()),
                    Just("password".to_owned()),
                    Just("qrData".to_owned()),
                    Just("refreshToken".to_owned()),
                    Just("from".to_owned()),
                    Just("to".to_owned()),
                    Just("name".to_owned()),
                    Just("notes".to_owned()),
                    Just("validitySeconds".to_owned()),
                    Just("identityKeyPublic".to_owned()),
                    Just("signedPreKeyId".to_owned()),
                    Just("preKeys".to_owned()),
                    Just("participantIds".to_owned()),
                    Just("encryptedContent".to_owned()),
                    Just("contentNonce".to_owned()),
                    Just("wrappedKeys".to_owned()),
                    Just("type".to_owned()),
                    "[a-zA-Z]{1,8}",
                ],
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_json_never_gets_a_server_error(route in 0..ROUTES.len(), body in json_value(), text in ".{0,20}") {
        let (method, path, caller) = ROUTES[route];
        let (status, reply) = call(method, path, caller, &text, Some(body.to_string().into_bytes()));
        check(status, &reply, &format!("{method} {path} {body}"));
    }

    #[test]
    fn random_bytes_never_get_a_server_error(route in 0..ROUTES.len(), body in prop::collection::vec(any::<u8>(), 0..64)) {
        let (method, path, caller) = ROUTES[route];
        let (status, reply) = call(method, path, caller, "x", Some(body));
        check(status, &reply, &format!("{method} {path}"));
    }
}

#[test]
fn oversized_bodies_are_413_in_the_central_shape() {
    let big = vec![b' '; 2 * 1024 * 1024];
    let (status, reply) = call("POST", "/api/v1/transfers", Caller::User, "", Some(big));
    assert_eq!(status, 413, "{reply}");
    assert_eq!(reply["error"]["code"], "PAYLOAD_TOO_LARGE");
    assert_eq!(reply["error"]["statusCode"], 413);
}

#[test]
fn malformed_json_unknown_fields_and_wrong_types_are_named() {
    let (status, reply) = call(
        "POST",
        "/api/v1/fees/calculate",
        Caller::Anonymous,
        "",
        Some(b"{\"amount\":".to_vec()),
    );
    assert_eq!(
        (status, reply["error"]["code"].as_str()),
        (400, Some("MALFORMED_JSON"))
    );
    let (status, reply) = call(
        "POST",
        "/api/v1/fees/calculate",
        Caller::Anonymous,
        "",
        Some(br#"{"amount":5,"currency":"GXC"}"#.to_vec()),
    );
    assert_eq!(
        (status, reply["code"].as_str()),
        (400, Some("INVALID_BODY"))
    );
    assert!(
        reply["message"].as_str().unwrap().contains("currency"),
        "{reply}"
    );
    let (status, reply) = call(
        "POST",
        "/api/v1/fees/calculate",
        Caller::Anonymous,
        "",
        Some(br#"{"amount":"lots"}"#.to_vec()),
    );
    assert_eq!(
        (status, reply["code"].as_str()),
        (400, Some("INVALID_BODY"))
    );
    assert!(
        reply["message"].as_str().unwrap().starts_with("amount: "),
        "{reply}"
    );
    let (status, reply) = call(
        "POST",
        "/api/v1/fees/calculate",
        Caller::Anonymous,
        "",
        Some(br#"{"amount":2000000}"#.to_vec()),
    );
    assert_eq!((status, reply["fee"].as_u64()), (200, Some(2_000)));
    let (status, reply) = call("DELETE", "/api/v1/transfers", Caller::User, "", None);
    assert!(status == 405 || status == 404, "{status} {reply}");
}
