/* Random bytes at every parsing entry point of the C ABI, for a bounded number of iterations
 * (argv[2], default 20000), built with AddressSanitizer + UBSan in CI: every call returns
 * either success or an error with a code and a message, and nothing reads or writes out of
 * bounds. Usage: fuzz_test REPO_ROOT [ITERATIONS] */
#include "check.h"

static uint64_t state = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }

/* Random input: raw bytes, printable ASCII, or a mutation of a valid sample. */
static size_t fill(uint8_t *buf, size_t cap, const char *sample) {
  size_t len = (size_t)(next() % cap);
  switch (next() % 3) {
    case 0: for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)next(); break;
    case 1: for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)(32 + next() % 95); break;
    default:
      len = strlen(sample) < cap ? strlen(sample) : cap;
      memcpy(buf, sample, len);
      for (int flips = 1 + (int)(next() % 3); flips > 0 && len > 0; flips--) buf[next() % len] = (uint8_t)next();
      if (next() % 4 == 0 && len > 0) len = (size_t)(next() % len);
  }
  return len;
}

/* Every error must carry a code and a message; frees it. */
static void settle(GxError *e) {
  if (e) { CHECK(strlen(gx_error_code(e)) > 0 && strlen(gx_error_message(e)) > 0); gx_error_free(e); }
  else checks_passed++;
}

int main(int argc, char **argv) {
  (void)argv[0];
  long iterations = argc > 2 ? atol(argv[2]) : 20000;
  GxAccount *account = NULL; GxEscrowPolicy *none = NULL; GxStorageKey *key = NULL;
  GxSession *session = NULL; GxAccount *peer = NULL;
  uint8_t raw[32] = {0};
  OK(gx_account_new(&account)); OK(gx_account_new(&peer)); OK(gx_escrow_policy_none(&none));
  OK(gx_storage_key_new(raw, 32, &key));
  char *bundle = NULL;
  OK(gx_account_fetched_bundle_json(peer, -1, &bundle));
  OK(gx_session_initiate(account, (const uint8_t *)bundle, strlen(bundle), none, &session));
  uint8_t buf[512];
  for (long i = 0; i < iterations; i++) {
    char *s = NULL; GxBuffer b; uint64_t n1, n2; GxTransferQuote q; GxGenesisAllocation g;
    size_t len;
    len = fill(buf, sizeof buf, "LK FF3 ABL912 0WLUY 6025");
    settle(gx_fabric_id_validate(buf, len));
    settle(gx_fabric_id_decode_json(buf, len, &s)); gx_string_free(s); s = NULL;
    settle(gx_fabric_ids_validate_batch(buf, len, &n1, &n2, &s)); gx_string_free(s); s = NULL;
    settle(gx_fee_quote(buf, len, (const uint8_t *)"US 984 AUM945 0AKIY 8168", 24, next(), NULL, 0, NULL, 0, &q));
    len = fill(buf, sizeof buf, "QS-6PAS3LHD");
    settle(gx_qsend_code_validate(buf, len));
    len = fill(buf, sizeof buf, "eyJ2IjoxLCJ0IjoiUVNFTkQiLCJjIjoiUVMtNlBBUzNMSEQiLCJhIjo1MCwiZCI6IiIsInIiOiIiLCJmIjoiVVMgOTg0IEFVTTk0NSAwQUtJWSA4MTY4IiwibiI6IkFsaWNlIEpvaG5zb24iLCJlIjoxNzY2NjYwNDAwMDAwfQ==");
    settle(gx_qr_v1_decode(buf, len, &s)); gx_string_free(s); s = NULL;
    settle(gx_qr_v2_decode(buf, len, raw, 32, &s)); gx_string_free(s); s = NULL;
    len = fill(buf, sizeof buf, "{\"code\":\"QS-6PAS3LHD\",\"amount\":5,\"creator\":\"US 984 AUM945 0AKIY 8168\",\"creatorName\":\"A\",\"expiresAtMs\":1}");
    settle(gx_qr_v1_encode(buf, len, &s)); gx_string_free(s); s = NULL;
    settle(gx_qr_v2_encode(buf, len, raw, 32, &s)); gx_string_free(s); s = NULL;
    settle(gx_fee_schedule_json(buf, len, &s)); gx_string_free(s); s = NULL;
    len = fill(buf, sizeof buf, "1990-03-15");
    settle(gx_genesis_allocation(next() % 10, buf, len, (const uint8_t *)"2026-01-01", 10, &g));
    len = fill(buf, sizeof buf, "ab12");
    settle(gx_biometric_hash_validate(buf, len));
    settle(gx_idempotency_key_validate(buf, len));
    settle(gx_biometric_hash(buf, len, &s)); gx_string_free(s); s = NULL;
    len = fill(buf, sizeof buf, "{\"hash\":\"00\",\"previousHash\":\"00\"}\n");
    settle(gx_audit_verify(buf, len, &n1, &s)); gx_string_free(s); s = NULL;
    len = fill(buf, sizeof buf, bundle);
    GxSession *out_session = NULL;
    settle(gx_session_initiate(account, buf, len, none, &out_session)); gx_session_free(out_session); out_session = NULL;
    len = fill(buf, sizeof buf, "AQGXhc7RX/g7HPMnzoaoc6Qwe17lmq7Pam/5rmab6nwMChPAAGFau8TKnegwlgz8MPt2M");
    b.data = NULL; b.len = 0;
    settle(gx_account_accept_session(peer, buf, len, none, &out_session, &b)); gx_session_free(out_session); gx_buffer_free(b);
    b.data = NULL; b.len = 0;
    settle(gx_session_decrypt(session, buf, len, &b)); gx_buffer_free(b);
    GxAccount *opened = NULL;
    settle(gx_account_open(buf, len, key, &opened)); gx_account_free(opened);
    GxEscrowPolicy *policy = NULL;
    settle(gx_escrow_policy_from_pem(buf, len, &policy)); gx_escrow_policy_free(policy);
    settle(gx_safety_number(buf, len, buf, len, &s)); gx_string_free(s); s = NULL;
  }
  gx_string_free(bundle);
  gx_session_free(session); gx_account_free(account); gx_account_free(peer);
  gx_escrow_policy_free(none); gx_storage_key_free(key);
  return summary();
}
