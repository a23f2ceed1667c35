//! Register, log in (users and admins), log out.

use gx_api::{
    paths, AdminLoginRequest, AdminLoginResponse, AuthResponse, LoginRequest, MessageResponse,
    RefreshRequest, RegisterRequest,
};

use crate::client::Call;
use crate::session::{Role, Session, Token};
use crate::{Client, ClientError};

impl Client {
    /// Registers a user (PENDING until two administrators approve) and keeps the session the
    /// server returns.
    ///
    /// # Errors
    /// The server's refusal (`MISSING_FIELDS`, `INVALID_EMAIL`, `EMAIL_TAKEN`, …), or no answer.
    pub async fn register(&self, request: &RegisterRequest) -> Result<AuthResponse, ClientError> {
        let path = paths::auth_register();
        let auth: AuthResponse = self.json(Call::post(&path, request).anonymous()).await?;
        self.keep_user_session(&auth);
        Ok(auth)
    }

    /// Logs a user in and keeps the session.
    ///
    /// # Errors
    /// `INVALID_CREDENTIALS` (401) and the like, or no answer.
    pub async fn login(&self, email: &str, password: &str) -> Result<AuthResponse, ClientError> {
        let path = paths::auth_login();
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        let auth: AuthResponse = self.json(Call::post(&path, &body).anonymous()).await?;
        self.keep_user_session(&auth);
        Ok(auth)
    }

    /// Logs an administrator in (`/admin/auth/login`; a 15-minute token, not refreshed).
    ///
    /// # Errors
    /// The server's refusal, or no answer.
    pub async fn admin_login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<AdminLoginResponse, ClientError> {
        let path = paths::admin_login();
        let body = AdminLoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        let login: AdminLoginResponse = self.json(Call::post(&path, &body).anonymous()).await?;
        self.inner.tokens.save(Some(Session {
            access_token: Token::new(login.access_token.clone()),
            refresh_token: None,
            profile_id: login.admin.id.clone(),
            fabric_user_id: None,
            role: Role::Admin,
        }));
        Ok(login)
    }

    /// Logs out: the server revokes the refresh token, and the session is forgotten even if
    /// the server cannot be reached.
    ///
    /// # Errors
    /// No answer from the server (the local session is gone all the same).
    pub async fn logout(&self) -> Result<(), ClientError> {
        let Some(session) = self.session() else {
            return Ok(());
        };
        self.inner.tokens.save(None);
        let Some(refresh) = session.refresh_token else {
            return Ok(());
        };
        let path = paths::auth_logout();
        let body = RefreshRequest {
            refresh_token: refresh.expose().to_owned(),
        };
        let _: MessageResponse = self
            .json(Call::post(&path, &body).anonymous().safe_to_repeat())
            .await?;
        Ok(())
    }

    fn keep_user_session(&self, auth: &AuthResponse) {
        self.inner.tokens.save(Some(Session {
            access_token: Token::new(auth.access_token.clone()),
            refresh_token: Some(Token::new(auth.refresh_token.clone())),
            profile_id: auth.user.profile_id.clone(),
            fabric_user_id: None,
            role: Role::User,
        }));
    }
}
