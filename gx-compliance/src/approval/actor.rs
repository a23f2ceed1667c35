//! Who acts on a decryption request.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An administrator's role, as far as the two-person rule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum AdminRole {
    /// May request, approve, reject and execute decryptions.
    SuperOwner,
    /// Any other administrator: may take no part in a decryption.
    Admin,
}

/// An authenticated administrator: the caller vouches for the id and role (from its session).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Admin {
    id: String,
    role: AdminRole,
}

impl Admin {
    /// An administrator with this id and role.
    pub fn new(id: impl Into<String>, role: AdminRole) -> Self {
        Admin {
            id: id.into(),
            role,
        }
    }

    /// A SUPER_OWNER.
    pub fn super_owner(id: impl Into<String>) -> Self {
        Self::new(id, AdminRole::SuperOwner)
    }

    /// The administrator's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The administrator's role.
    pub fn role(&self) -> AdminRole {
        self.role
    }

    /// Whether this administrator is a SUPER_OWNER.
    pub fn is_super_owner(&self) -> bool {
        self.role == AdminRole::SuperOwner
    }
}

impl fmt::Display for Admin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}
