//! `--accounts N`: funded ACTIVE users (and the two administrators every network has), derived
//! from `--seed`, as
//! Anvil's accounts are. The same seed gives the same emails and passwords (and, on a fresh
//! network, the same profile and Fabric IDs).

use gx_api::ApiError;
use gx_core::{CountryCode, Date, Gender};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::Serialize;
use tokio::task::JoinSet;

use crate::app::{now_ms, AppState};
use crate::passwords;
use crate::problem::internal;
use crate::store::{NewUser, Role};

/// An account as printed and written by `--accounts-out`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Email (admins log in with it as username).
    pub email: String,
    /// Password.
    pub password: String,
    /// Profile UUID.
    pub profile_id: String,
    /// Fabric ID (users; `null` for admins).
    pub fabric_user_id: Option<String>,
    /// `user` or `admin`.
    pub role: String,
}

const COUNTRIES: [&str; 8] = ["US", "GB", "LK", "MY", "NG", "IN", "KE", "BR"];

struct Planned {
    email: String,
    password: String,
    role: Role,
    first: String,
    last: String,
    dob: Date,
    gender: Gender,
    country: CountryCode,
}

fn plan(users: u32, seed: u64) -> Vec<Planned> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut password = || {
        let mut bytes = [0u8; 9];
        rng.fill_bytes(&mut bytes);
        format!("gx-{}", hex::encode(bytes))
    };
    let base = Date::new(1990, 1, 1).expect("a date");
    let mut out = Vec::new();
    for i in 1..=2u32 {
        out.push(Planned {
            email: format!("admin{i}@devnet.gx"),
            password: password(),
            role: Role::Admin,
            first: "Admin".into(),
            last: i.to_string(),
            dob: base,
            gender: Gender::Female,
            country: "US".parse().expect("US"),
        });
    }
    for i in 1..=users {
        out.push(Planned {
            email: format!("user{i}@devnet.gx"),
            password: password(),
            role: Role::User,
            first: "User".into(),
            last: i.to_string(),
            dob: base.add_days(i64::from(i) * 37).unwrap_or(base),
            gender: if i % 2 == 0 {
                Gender::Female
            } else {
                Gender::Male
            },
            country: COUNTRIES[(i as usize - 1) % COUNTRIES.len()]
                .parse()
                .expect("a country"),
        });
    }
    out
}

/// Creates the accounts `--accounts` asks for (those that do not exist yet), approves the
/// users through the two-person rule, and returns them all.
pub async fn create(state: &AppState) -> Result<Vec<Account>, ApiError> {
    // The two administrators exist on every network: without them nobody could approve a
    // registration.
    let planned = plan(state.config.accounts, state.config.seed);
    // Hash the missing ones on the hashing pool, one per core (Argon2id is the slow part of
    // starting).
    let emails: Vec<String> = planned.iter().map(|p| p.email.clone()).collect();
    let existing = state
        .db
        .call(move |s| {
            emails
                .iter()
                .map(|e| s.user_by_email(e).map(|u| u.is_some()))
                .collect::<Result<Vec<bool>, ApiError>>()
        })
        .await?;
    let mut hashing = JoinSet::new();
    for (i, p) in planned.iter().enumerate() {
        if !existing[i] {
            let password = p.password.clone();
            hashing.spawn(async move { passwords::hash(password).await.map(|h| (i, h)) });
        }
    }
    let mut hashes = vec![None; planned.len()];
    while let Some(done) = hashing.join_next().await {
        let (i, h) = done.map_err(|_| internal("hashing stopped"))??;
        hashes[i] = Some(h);
    }
    let now = now_ms();
    let news: Vec<(usize, NewUser)> = planned
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            hashes[i].clone().map(|hash| {
                (
                    i,
                    NewUser {
                        email: p.email.clone(),
                        password_hash: hash,
                        role: p.role,
                        first_name: p.first.clone(),
                        last_name: p.last.clone(),
                        phone: None,
                        date_of_birth: p.dob,
                        gender: p.gender,
                        country: Some(p.country),
                    },
                )
            })
        })
        .collect();
    let emails: Vec<String> = planned.iter().map(|p| p.email.clone()).collect();
    let stored = state
        .db
        .call(move |s| {
            for (_, user) in &news {
                s.create_user(user, now)?;
            }
            let admins: Vec<String> = emails[..2]
                .iter()
                .map(|e| {
                    s.user_by_email(e)
                        .map(|u| u.map(|u| u.profile_id).unwrap_or_default())
                })
                .collect::<Result<_, _>>()?;
            let mut out = Vec::new();
            for email in &emails {
                let mut user = s
                    .user_by_email(email)?
                    .ok_or_else(|| internal("a seeded account is missing"))?;
                if user.role == Role::User && user.fabric_user_id.is_none() {
                    s.approve(
                        &user.profile_id,
                        &admins[0],
                        Some("seeded by --accounts"),
                        now,
                    )?;
                    s.approve(
                        &user.profile_id,
                        &admins[1],
                        Some("seeded by --accounts"),
                        now,
                    )?;
                    user = s
                        .user_by_email(email)?
                        .ok_or_else(|| internal("a seeded account is missing"))?;
                }
                out.push(user);
            }
            Ok(out)
        })
        .await?;
    Ok(planned
        .iter()
        .zip(stored)
        .map(|(p, u)| Account {
            email: p.email.clone(),
            password: p.password.clone(),
            profile_id: u.profile_id,
            fabric_user_id: u.fabric_user_id.map(|f| f.to_string()),
            role: if p.role == Role::Admin {
                "admin"
            } else {
                "user"
            }
            .into(),
        })
        .collect())
}
