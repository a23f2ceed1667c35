//! Users, administrators, approvals and refresh sessions.

use gx_api::{ApiError, ApproveResponse, Timestamp, UserProfile, UserStatus};
use gx_core::{AccountType, CountryCode, Date, Gender};
use gx_ids::{FabricUserId, IdempotencyKey};
use gx_ledger::{AccountId, LedgerEvent, Operation};
use rusqlite::{params, OptionalExtension, Row};

use super::Store;
use crate::problem::{bad_request, conflict, domain, internal, not_found, store_error};

/// Who an account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A wallet user.
    User,
    /// An administrator (logs in at `/admin/auth/login`).
    Admin,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }
}

/// A registration, checked by the route.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Lower-case email.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// User or admin.
    pub role: Role,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Date of birth.
    pub date_of_birth: Date,
    /// Male or female.
    pub gender: Gender,
    /// Nationality.
    pub country: Option<CountryCode>,
}

/// A user as stored.
#[derive(Debug, Clone)]
pub struct StoredUser {
    /// Profile UUID.
    pub profile_id: String,
    /// Email.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// User or admin.
    pub role: Role,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Nationality.
    pub country: Option<String>,
    /// Status.
    pub status: UserStatus,
    /// Fabric ID once approved.
    pub fabric_user_id: Option<FabricUserId>,
    /// Wallet UUID once approved.
    pub wallet_id: Option<String>,
    /// Date of birth.
    pub date_of_birth: Date,
    /// Gender.
    pub gender: Gender,
    /// Created.
    pub created_ms: u64,
    /// Changed.
    pub updated_ms: u64,
}

impl StoredUser {
    /// The auth endpoints' profile.
    pub fn profile(&self) -> UserProfile {
        UserProfile {
            profile_id: self.profile_id.clone(),
            email: Some(self.email.clone()),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            phone_num: self.phone.clone(),
            identity_num: None,
            status: self.status,
            nationality_country_code: self.country.clone(),
            created_at: Timestamp::from_millis(self.created_ms),
            updated_at: Timestamp::from_millis(self.updated_ms),
        }
    }

    /// `First Last`.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

pub(crate) fn status_text(status: UserStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse_status(text: &str) -> UserStatus {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .unwrap_or(UserStatus::Suspended)
}

const USER_COLUMNS: &str = "profile_id, email, password_hash, role, first_name, last_name, phone, \
     country, status, fabric_user_id, wallet_id, date_of_birth, gender, created_ms, updated_ms";

fn read_user(r: &Row<'_>) -> rusqlite::Result<StoredUser> {
    let fabric: Option<String> = r.get(9)?;
    let dob: String = r.get(11)?;
    let gender: String = r.get(12)?;
    Ok(StoredUser {
        profile_id: r.get(0)?,
        email: r.get(1)?,
        password_hash: r.get(2)?,
        role: if r.get::<_, String>(3)? == "admin" {
            Role::Admin
        } else {
            Role::User
        },
        first_name: r.get(4)?,
        last_name: r.get(5)?,
        phone: r.get(6)?,
        country: r.get(7)?,
        status: parse_status(&r.get::<_, String>(8)?),
        fabric_user_id: fabric.and_then(|f| f.parse().ok()),
        wallet_id: r.get(10)?,
        date_of_birth: dob
            .parse()
            .unwrap_or_else(|_| Date::new(1900, 1, 1).expect("a date")),
        gender: gender.parse().unwrap_or(Gender::SystemAssigned),
        created_ms: r.get(13)?,
        updated_ms: r.get(14)?,
    })
}

/// The ledger key of a user's on-chain registration.
fn key(prefix: &str, profile_id: &str) -> Result<IdempotencyKey, ApiError> {
    IdempotencyKey::parse(&format!("{prefix}-{profile_id}"))
        .map_err(|e| internal(format!("a ledger key could not be made: {e}")))
}

impl Store {
    /// Creates a user (status REGISTERED) or an admin (ACTIVE, no wallet).
    pub fn create_user(&mut self, user: &NewUser, now_ms: u64) -> Result<StoredUser, ApiError> {
        let exists: bool = self
            .conn()
            .query_row(
                "SELECT 1 FROM users WHERE email = ?1",
                [&user.email],
                |_| Ok(true),
            )
            .optional()
            .map_err(|e| store_error(&e))?
            .unwrap_or(false);
        if exists {
            return Err(conflict("EMAIL_TAKEN", "Email already registered"));
        }
        if let Some(phone) = &user.phone {
            let taken: Option<i64> = self
                .conn()
                .query_row("SELECT 1 FROM users WHERE phone = ?1", [phone], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(|e| store_error(&e))?;
            if taken.is_some() {
                return Err(conflict("PHONE_TAKEN", "Phone number already registered"));
            }
        }
        let profile_id = self.new_uuid();
        let status = match user.role {
            Role::User => UserStatus::Registered,
            Role::Admin => UserStatus::Active,
        };
        self.conn()
            .execute(
                "INSERT INTO users (profile_id, email, password_hash, role, first_name, last_name, phone, \
                 date_of_birth, gender, country, status, created_ms, updated_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                params![
                    profile_id,
                    user.email,
                    user.password_hash,
                    user.role.as_str(),
                    user.first_name,
                    user.last_name,
                    user.phone,
                    user.date_of_birth.to_string(),
                    user.gender.as_str(),
                    user.country.map(CountryCode::as_str),
                    status_text(status),
                    now_ms,
                ],
            )
            .map_err(|e| store_error(&e))?;
        self.user(&profile_id)?
            .ok_or_else(|| internal("a new user was not found"))
    }

    /// A user by profile id.
    pub fn user(&self, profile_id: &str) -> Result<Option<StoredUser>, ApiError> {
        self.conn()
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE profile_id = ?1"),
                [profile_id],
                read_user,
            )
            .optional()
            .map_err(|e| store_error(&e))
    }

    /// A user by email (lower case).
    pub fn user_by_email(&self, email: &str) -> Result<Option<StoredUser>, ApiError> {
        self.conn()
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?1"),
                [email],
                read_user,
            )
            .optional()
            .map_err(|e| store_error(&e))
    }

    /// A user by Fabric ID.
    pub fn user_by_fabric_id(&self, id: &FabricUserId) -> Result<Option<StoredUser>, ApiError> {
        self.conn()
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE fabric_user_id = ?1"),
                [id.as_str()],
                read_user,
            )
            .optional()
            .map_err(|e| store_error(&e))
    }

    /// Users, optionally with one status, a page at a time (admin list).
    pub fn users_page(
        &self,
        status: Option<UserStatus>,
        page: u64,
        page_size: u64,
    ) -> Result<(Vec<StoredUser>, u64), ApiError> {
        let status = status.map(status_text);
        let total: u64 = self
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM users WHERE role = 'user' AND (?1 IS NULL OR status = ?1)",
                [&status],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))?;
        let mut stmt = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users WHERE role = 'user' AND (?1 IS NULL OR status = ?1) \
                 ORDER BY created_ms, profile_id LIMIT ?2 OFFSET ?3"
            ))
            .map_err(|e| store_error(&e))?;
        let offset = page.saturating_sub(1).saturating_mul(page_size);
        let rows = stmt
            .query_map(params![status, page_size, offset], read_user)
            .map_err(|e| store_error(&e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))?;
        Ok((rows, total))
    }

    /// Records `admin_id`'s approval of `profile_id`. The second distinct administrator's
    /// approval assigns the Fabric ID, registers the user on the ledger, runs genesis and makes
    /// them ACTIVE with a wallet.
    pub fn approve(
        &mut self,
        profile_id: &str,
        admin_id: &str,
        notes: Option<&str>,
        now_ms: u64,
    ) -> Result<ApproveResponse, ApiError> {
        let user = self
            .user(profile_id)?
            .filter(|u| u.role == Role::User)
            .ok_or_else(|| not_found("USER_NOT_FOUND", "User not found"))?;
        if !matches!(
            user.status,
            UserStatus::Registered | UserStatus::PendingAdminApproval
        ) {
            return Err(conflict(
                "USER_NOT_PENDING",
                format!(
                    "the user is {}, not waiting for approval",
                    status_text(user.status)
                ),
            ));
        }
        let inserted = self
            .conn()
            .execute(
                "INSERT OR IGNORE INTO approvals (profile_id, admin_id, notes, at_ms) VALUES (?1, ?2, ?3, ?4)",
                params![profile_id, admin_id, notes, now_ms],
            )
            .map_err(|e| store_error(&e))?;
        if inserted == 0 {
            return Err(conflict(
                "SECOND_APPROVAL_REQUIRED",
                "you have already approved this user; a different administrator must give the second approval",
            ));
        }
        let approvals: u32 = self
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM approvals WHERE profile_id = ?1",
                [profile_id],
                |r| r.get(0),
            )
            .map_err(|e| store_error(&e))?;
        if approvals < 2 {
            self.set_status(profile_id, UserStatus::PendingAdminApproval, now_ms)?;
            return Ok(ApproveResponse {
                success: true,
                message: "First approval recorded; a second administrator must approve".into(),
                fabric_user_id: None,
                status: UserStatus::PendingAdminApproval,
                approvals,
            });
        }
        let fabric_id = self.activate(&user, now_ms)?;
        Ok(ApproveResponse {
            success: true,
            message: "User approved successfully".into(),
            fabric_user_id: Some(fabric_id.to_string()),
            status: UserStatus::Active,
            approvals,
        })
    }

    /// What the chain does once a user is approved: a Fabric ID, the wallet, genesis.
    pub fn activate(&mut self, user: &StoredUser, now_ms: u64) -> Result<FabricUserId, ApiError> {
        let country: CountryCode = user
            .country
            .as_deref()
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| {
                bad_request(
                    "USER_INCOMPLETE",
                    "the user has no nationality (country); a Fabric ID needs one",
                )
            })?;
        let fabric_id = loop {
            let candidate = FabricUserId::generate(
                country,
                user.date_of_birth,
                user.gender,
                AccountType::Individual,
                self.rng(),
            )
            .map_err(|e| domain(&e))?;
            if self.user_by_fabric_id(&candidate)?.is_none() {
                break candidate;
            }
        };
        let today = Timestamp::from_millis(now_ms).date();
        let register = Operation::RegisterUser { user: fabric_id };
        self.apply(key("register", &user.profile_id)?, register, today)?
            .map_err(|e| domain(&e))?;
        let genesis = Operation::DistributeGenesis { user: fabric_id };
        let receipt = self
            .apply(key("genesis", &user.profile_id)?, genesis, today)?
            .map_err(|e| domain(&e))?;
        let wallet_id = self.new_uuid();
        self.conn()
            .execute(
                "UPDATE users SET status = ?2, fabric_user_id = ?3, wallet_id = ?4, updated_ms = ?5 WHERE profile_id = ?1",
                params![
                    user.profile_id,
                    status_text(UserStatus::Active),
                    fabric_id.as_str(),
                    wallet_id,
                    now_ms
                ],
            )
            .map_err(|e| store_error(&e))?;
        for event in &receipt.events {
            if let LedgerEvent::GenesisDistributed { amount, .. } = event {
                if !amount.is_zero() {
                    self.record_genesis(&user.profile_id, *amount, receipt.sequence, now_ms)?;
                }
            }
        }
        let _ = AccountId::User(fabric_id);
        Ok(fabric_id)
    }

    fn set_status(
        &self,
        profile_id: &str,
        status: UserStatus,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        self.conn()
            .execute(
                "UPDATE users SET status = ?2, updated_ms = ?3 WHERE profile_id = ?1",
                params![profile_id, status_text(status), now_ms],
            )
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    /// Records a session (a refresh token's id, or an admin session).
    pub fn open_session(
        &self,
        token_id: &str,
        profile_id: &str,
        admin: bool,
        expires_ms: u64,
    ) -> Result<(), ApiError> {
        self.conn()
            .execute(
                "INSERT INTO sessions (token_id, profile_id, kind, expires_ms) VALUES (?1, ?2, ?3, ?4)",
                params![token_id, profile_id, if admin { "admin" } else { "refresh" }, expires_ms],
            )
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    /// Revokes a session; returns whether it was live (known, not revoked).
    pub fn revoke_session(&self, token_id: &str) -> Result<bool, ApiError> {
        self.conn()
            .execute(
                "UPDATE sessions SET revoked = 1 WHERE token_id = ?1 AND revoked = 0",
                [token_id],
            )
            .map(|n| n == 1)
            .map_err(|e| store_error(&e))
    }

    /// Whether a session is live.
    pub fn session_live(&self, token_id: &str) -> Result<bool, ApiError> {
        self.conn()
            .query_row(
                "SELECT revoked FROM sessions WHERE token_id = ?1",
                [token_id],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|r| r == Some(0))
            .map_err(|e| store_error(&e))
    }
}
