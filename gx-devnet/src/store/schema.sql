-- gx-devnet's store. The ledger's state is the journal (ledger_ops) replayed through gx-ledger;
-- everything else is the services' bookkeeping, as the reference keeps it in Postgres.
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  profile_id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  phone TEXT UNIQUE,
  date_of_birth TEXT NOT NULL,
  gender TEXT NOT NULL,
  country TEXT,
  status TEXT NOT NULL,
  fabric_user_id TEXT UNIQUE,
  wallet_id TEXT UNIQUE,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS approvals (
  profile_id TEXT NOT NULL REFERENCES users(profile_id),
  admin_id TEXT NOT NULL REFERENCES users(profile_id),
  notes TEXT,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (profile_id, admin_id)
);
CREATE TABLE IF NOT EXISTS sessions (
  token_id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES users(profile_id),
  kind TEXT NOT NULL CHECK (kind IN ('refresh', 'admin')),
  expires_ms INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ledger_ops (
  seq INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  operation TEXT NOT NULL,
  on_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commands (
  command_id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  command TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  tx_id TEXT,
  block_number INTEGER,
  error TEXT,
  qsend_code TEXT
);
-- Not partial: the outbox's status is a bound parameter, which a partial index cannot serve.
CREATE INDEX IF NOT EXISTS commands_by_status ON commands(status, created_ms);
CREATE TABLE IF NOT EXISTS idempotency (
  profile_id TEXT NOT NULL,
  key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  command_id TEXT NOT NULL,
  PRIMARY KEY (profile_id, key)
);
CREATE TABLE IF NOT EXISTS history (
  off_tx_id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  counterparty TEXT NOT NULL,
  amount INTEGER NOT NULL,
  fee INTEGER NOT NULL,
  remark TEXT,
  on_chain_tx_id TEXT,
  block_number INTEGER,
  at_ms INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_user ON history(profile_id, seq DESC);
CREATE TABLE IF NOT EXISTS qsend (
  code TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  creator_profile_id TEXT NOT NULL,
  request TEXT NOT NULL,
  before_payment TEXT,
  qr_data TEXT NOT NULL,
  qr_hash TEXT NOT NULL,
  creator_name TEXT NOT NULL,
  payer_profile_id TEXT,
  command_id TEXT,
  created_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS qsend_by_creator ON qsend(creator_profile_id, created_ms DESC);
CREATE INDEX IF NOT EXISTS qsend_by_payer ON qsend(payer_profile_id, created_ms DESC);
CREATE TABLE IF NOT EXISTS key_sets (
  profile_id TEXT PRIMARY KEY,
  identity_key TEXT NOT NULL,
  signed_pre_key_id INTEGER NOT NULL,
  signed_pre_key TEXT NOT NULL,
  signed_pre_key_signature TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS prekeys (
  profile_id TEXT NOT NULL,
  key_index INTEGER NOT NULL,
  public_key TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0,
  used_by TEXT,
  used_ms INTEGER,
  PRIMARY KEY (profile_id, key_index)
);
CREATE TABLE IF NOT EXISTS conversations (
  conversation_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT,
  linked_tx TEXT,
  created_ms INTEGER NOT NULL,
  last_message_ms INTEGER,
  direct_key TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS participants (
  conversation_id TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  role TEXT NOT NULL,
  joined_ms INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, profile_id)
);
CREATE INDEX IF NOT EXISTS participants_by_user ON participants(profile_id);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, seq DESC);
CREATE TABLE IF NOT EXISTS undelivered (
  profile_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (profile_id, seq)
);
CREATE TABLE IF NOT EXISTS group_keys (
  conversation_id TEXT NOT NULL,
  key_version INTEGER NOT NULL,
  profile_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  encrypted_key TEXT NOT NULL,
  PRIMARY KEY (conversation_id, key_version, profile_id)
);
