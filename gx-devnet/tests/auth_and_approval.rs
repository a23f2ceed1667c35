//! Registration, tokens and the two-person approval, against a sandbox on loopback: every
//! defect of the reference that applies (D1, D6, D7) shown fixed.

mod common;

use serde_json::json;

fn registration(email: &str) -> serde_json::Value {
    json!({"fname": "Ada", "lname": "Okafor", "email": email, "password": "correct horse",
           "dateOfBirth": "1990-03-15", "gender": "female", "country": "US"})
}

#[tokio::test]
async fn register_then_two_admins_approve_then_genesis_is_in_the_wallet() {
    let net = common::start(0).await;
    let anon = net.client();
    let (status, reg) = anon
        .post("/api/v1/auth/register", &registration("Ada@Example.com"))
        .await;
    assert_eq!(status, 201, "{reg}");
    assert_eq!(reg["user"]["status"], "REGISTERED");
    assert_eq!(reg["user"]["email"], "ada@example.com");
    let profile = reg["user"]["profileId"].as_str().unwrap().to_owned();
    let user = anon.with_token(reg["accessToken"].as_str().unwrap());

    // No wallet before approval; transfers say why.
    let (status, body) = user
        .get(&format!("/api/v1/wallets/{profile}/balance"))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("WALLET_NOT_FOUND"))
    );
    let (status, body) = user
        .post(
            "/api/v1/transfers",
            &json!({"toID": "US 984 AUM945 0AKIY 8168", "amount": 1, "reason": "x"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("NOT_ON_CHAIN")),
        "{body}"
    );

    let approve = format!("/api/v1/admin/users/{profile}/approve");
    // D6: the approval route needs an administrator.
    let (status, body) = anon.post(&approve, &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("AUTH_MISSING")));
    let (status, body) = user.post(&approve, &json!({})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("ADMIN_TOKEN_REQUIRED"))
    );

    let admin1 = net.login("admin1@devnet.gx").await;
    let admin2 = net.login("admin2@devnet.gx").await;
    let (status, first) = admin1.post(&approve, &json!({"notes": "KYC seen"})).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (first["status"].as_str(), first["approvals"].as_u64()),
        (Some("PENDING_ADMIN_APPROVAL"), Some(1))
    );
    assert!(first["fabricUserId"].is_null());
    // The same administrator cannot give the second approval.
    let (status, again) = admin1.post(&approve, &json!({})).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("SECOND_APPROVAL_REQUIRED"))
    );
    let (status, second) = admin2.post(&approve, &json!({})).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["status"], "ACTIVE");
    let fabric = second["fabricUserId"].as_str().unwrap();
    let decoded = gx_ids::FabricUserId::parse(fabric).unwrap().decode();
    assert_eq!(decoded.date_of_birth().to_string(), "1990-03-15");
    // Approved once: a third approval is refused.
    let (status, _) = admin1.post(&approve, &json!({})).await;
    assert_eq!(status, 409);

    // Genesis: the first registered individual of this network, aged 36, gets 500 GXC.
    assert_eq!(user.balance(&profile).await, 500_000_000);
    let (status, history) = user
        .get(&format!("/api/v1/wallets/{profile}/transactions"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(history["transactions"][0]["type"], "GENESIS");

    // Admin listing needs an admin and shows the user.
    let (status, list) = admin1.get("/api/v1/admin/users?status=ACTIVE").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["total"], 1);
    let (status, _) = user.get("/api/v1/admin/users").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn registration_checks_what_the_reference_did_not() {
    let net = common::start(0).await;
    let anon = net.client();
    for (field, value, code) in [
        ("email", json!("not-an-email"), "INVALID_EMAIL"),
        ("password", json!("short"), "WEAK_PASSWORD"),
        ("dateOfBirth", json!("1989-02-30"), "INVALID_DATE"),
        ("gender", json!("other"), "INVALID_GENDER"),
        ("country", json!("XX"), "INVALID_COUNTRY_CODE"),
        ("fname", json!(""), "MISSING_FIELDS"),
        ("fname", json!(5), "INVALID_BODY"),
    ] {
        let mut body = registration("a@example.com");
        body[field] = value;
        let (status, reply) = anon.post("/api/v1/auth/register", &body).await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (400, Some(code)),
            "{field}: {reply}"
        );
    }
    let (status, _) = anon
        .post("/api/v1/auth/register", &registration("b@example.com"))
        .await;
    assert_eq!(status, 201);
    let (status, reply) = anon
        .post("/api/v1/auth/register", &registration("B@example.com"))
        .await;
    assert_eq!((status, reply["code"].as_str()), (409, Some("EMAIL_TAKEN")));
    assert_eq!(reply["message"], "Email already registered");
}

#[tokio::test]
async fn tokens_have_audiences_refresh_rotates_and_logout_revokes() {
    let net = common::start(1).await;
    let anon = net.client();
    let account = net.account("user1@devnet.gx").clone();
    let (_, login) = anon
        .post(
            "/api/v1/auth/login",
            &json!({"email": account.email, "password": account.password}),
        )
        .await;
    let (access, refresh) = (
        login["accessToken"].as_str().unwrap(),
        login["refreshToken"].as_str().unwrap(),
    );
    let balance = format!("/api/v1/wallets/{}/balance", account.profile_id);

    // D1: a refresh token is not an access token, nor the reverse.
    let (status, body) = anon.with_token(refresh).get(&balance).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("TOKEN_WRONG_AUDIENCE"))
    );
    let (status, _) = anon
        .post("/api/v1/auth/refresh", &json!({"refreshToken": access}))
        .await;
    assert_eq!(status, 401);
    // An admin token is not a user token.
    let admin = net.login("admin1@devnet.gx").await;
    let (status, _) = admin.get(&balance).await;
    assert_eq!(status, 401);

    // Refresh rotates: the new pair works, the old refresh token is spent.
    let (status, rotated) = anon
        .post("/api/v1/auth/refresh", &json!({"refreshToken": refresh}))
        .await;
    assert_eq!(status, 200, "{rotated}");
    let (status, body) = anon
        .post("/api/v1/auth/refresh", &json!({"refreshToken": refresh}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("TOKEN_REVOKED"))
    );
    let fresh = rotated["refreshToken"].as_str().unwrap();
    let (status, _) = anon
        .with_token(rotated["accessToken"].as_str().unwrap())
        .get(&balance)
        .await;
    assert_eq!(status, 200);

    // Logout revokes the refresh token.
    let (status, _) = anon
        .post("/api/v1/auth/logout", &json!({"refreshToken": fresh}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = anon
        .post("/api/v1/auth/refresh", &json!({"refreshToken": fresh}))
        .await;
    assert_eq!(status, 401);

    // Wrong password and unknown email read the same.
    let (status, wrong) = anon
        .post(
            "/api/v1/auth/login",
            &json!({"email": account.email, "password": "nope nope"}),
        )
        .await;
    let (status2, unknown) = anon
        .post(
            "/api/v1/auth/login",
            &json!({"email": "who@devnet.gx", "password": "nope nope"}),
        )
        .await;
    assert_eq!((status, status2), (401, 401));
    assert_eq!(wrong["message"], unknown["message"]);

    // Header forms.
    let (status, body) = anon
        .send(
            anon.http
                .get(format!("{}{balance}", anon.base))
                .header("authorization", "Token x"),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("AUTH_MALFORMED"))
    );
    let (status, body) = anon.with_token("a.b.c").get(&balance).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("TOKEN_INVALID"))
    );
}

#[tokio::test]
async fn expired_access_tokens_say_so() {
    let net = common::start_with(gx_devnet::Config {
        accounts: 1,
        port: 0,
        access_token_secs: 1,
        ..gx_devnet::Config::default()
    })
    .await;
    let user = net.login("user1@devnet.gx").await;
    let balance = format!(
        "/api/v1/wallets/{}/balance",
        net.account("user1@devnet.gx").profile_id
    );
    assert_eq!(user.get(&balance).await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let (status, body) = user.get(&balance).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("TOKEN_EXPIRED")),
        "{body}"
    );
}
