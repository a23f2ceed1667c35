/* The C ABI from C: every function, the reference vectors, a conversation and a group, storage
 * round trips, escrow, audit verification, and the error paths (NULL, bad UTF-8, bad lengths,
 * wrong handle types). Built and run twice in CI: with AddressSanitizer + UBSan, and under
 * valgrind. Usage: abi_test REPO_ROOT */
#include "check.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (fread(buf, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
  buf[n] = 0; fclose(f);
  if (len) *len = (size_t)n;
  return buf;
}

static const char *LK = "LK FF3 ABL912 0WLUY 6025";
static const char *US = "US 984 AUM945 0AKIY 8168";

static void test_basics(void) {
  CHECK(gx_abi_version() == GX_ABI_VERSION);
  CHECK(strlen(gx_version()) >= 5);
  CHECK(strcmp(gx_error_code(NULL), "") == 0 && strcmp(gx_error_message(NULL), "") == 0);
  gx_error_free(NULL); gx_string_free(NULL);
  GxBuffer empty = { NULL, 0 }; gx_buffer_free(empty);
  gx_account_free(NULL); gx_session_free(NULL); gx_group_session_free(NULL);
  gx_storage_key_free(NULL); gx_escrow_policy_free(NULL);
}

static void test_ids(void) {
  char *id = NULL;
  OK(gx_fabric_id_generate(S("MY"), S("1992-08-20"), S("female"), NULL, 0, &id));
  CHECK(id && strncmp(id, "MY ", 3) == 0 && strlen(id) == 24);
  OK(gx_fabric_id_validate(S(id)));
  char *json = NULL;
  OK(gx_fabric_id_decode_json(S(id), &json));
  CHECK(json && strstr(json, "\"dateOfBirth\":\"1992-08-20\"") && strstr(json, "\"gender\":\"female\""));
  gx_string_free(json); gx_string_free(id);
  FAILS(gx_fabric_id_generate(S("MY"), S("1989-02-30"), S("male"), NULL, 0, &id), "INVALID_DATE");
  FAILS(gx_fabric_id_generate(S("XX"), S("1990-01-01"), S("male"), NULL, 0, &id), "INVALID_COUNTRY_CODE");
  FAILS(gx_fabric_id_generate(S("MY"), S("1990-01-01"), S("male"), S("0"), NULL), "NULL_POINTER");
  FAILS(gx_fabric_id_validate(S("LK FF3 ABL912 0WLUY 602")), "FABRIC_ID_WRONG_LENGTH");
  FAILS(gx_fabric_id_validate(NULL, 24), "NULL_POINTER");
  FAILS(gx_fabric_id_validate((const uint8_t *)"\xff\xfe", 2), "INVALID_UTF8");
  FAILS(gx_fabric_id_validate((const uint8_t *)LK, (size_t)-1), "INVALID_ARGUMENT");
  /* a batch, one ID per line */
  uint64_t total = 0, valid = 0; char *invalid = NULL;
  OK(gx_fabric_ids_validate_batch(S("LK FF3 ABL912 0WLUY 6025\nnot an id\r\nUS 984 AUM945 0AKIY 8168\n"), &total, &valid, &invalid));
  CHECK(total == 3 && valid == 2 && invalid && strstr(invalid, "\"index\":1"));
  gx_string_free(invalid);
  OK(gx_fabric_ids_validate_batch(S(LK), &total, &valid, NULL));
  CHECK(total == 1 && valid == 1);
}

/* Every "id" of the reference vectors: the valid ones validate (but for the five individuals
 * whose DOB block reads as an organisation), the ones the reference rejected are refused. */
static void test_reference_ids(const char *root) {
  char path[4096];
  snprintf(path, sizeof path, "%s/test-vectors/reference/fabric_ids_reference.json", root);
  char *text = read_file(path, NULL);
  char *mutated = strstr(text, "\"mutated\"");
  int valid_ok = 0, contradicting = 0, rejected = 0;
  for (char *p = text; (p = strstr(p, "\"id\": \"")) != NULL; ) {
    p += 7;
    char *end = strchr(p, '"');
    size_t len = (size_t)(end - p);
    GxError *e = gx_fabric_id_validate((const uint8_t *)p, len);
    if (p < mutated) {
      if (!e) valid_ok++;
      else if (strcmp(gx_error_code(e), "FABRIC_ID_TYPE_CONTRADICTS_OFFSET") == 0) contradicting++;
    } else {
      /* "refValid": false follows the id */
      char *verdict = strstr(end, "\"refValid\": ");
      if (verdict && strncmp(verdict + 12, "false", 5) == 0) { CHECK(e != NULL); rejected++; }
    }
    gx_error_free(e);
    p = end;
  }
  CHECK(valid_ok == 295 && contradicting == 5);
  CHECK(rejected > 200);
  free(text);
}

static const char *PAYLOAD = "{\"code\":\"QS-6PAS3LHD\",\"amount\":50000000,\"creator\":\"US 984 AUM945 0AKIY 8168\","
  "\"creatorName\":\"Alice Johnson\",\"expiresAtMs\":1766660400000}";

static void test_qsend(void) {
  char *code = NULL;
  OK(gx_qsend_code_generate(&code));
  CHECK(code && strncmp(code, "QS-", 3) == 0);
  OK(gx_qsend_code_validate(S(code)));
  gx_string_free(code);
  FAILS(gx_qsend_code_validate(S("QS-0000000O")), "QSEND_CODE_BAD_CHARACTER");
  char *qr = NULL, *json = NULL, *hash = NULL;
  OK(gx_qr_v1_encode(S(PAYLOAD), &qr));
  /* The reference's own QR for this request (test-vectors/reference/qsend_qr_v1.json). */
  CHECK(qr && strcmp(qr, "eyJ2IjoxLCJ0IjoiUVNFTkQiLCJjIjoiUVMtNlBBUzNMSEQiLCJhIjo1MCwiZCI6IiIsInIiOiIiLCJmIjoiVVMgOTg0IEFVTTk0NSAwQUtJWSA4MTY4IiwibiI6IkFsaWNlIEpvaG5zb24iLCJlIjoxNzY2NjYwNDAwMDAwfQ==") == 0);
  OK(gx_qr_hash(S(qr), &hash));
  CHECK(hash && strcmp(hash, "f976857d13669a35a691670f5b58983951c7a0f73037e0ed1edd263a2a7d9110") == 0);
  OK(gx_qr_v1_decode(S(qr), &json));
  CHECK(json && strstr(json, "\"amount\":50000000"));
  gx_string_free(qr); gx_string_free(json); gx_string_free(hash);
  uint8_t key[32]; memset(key, 0xab, sizeof key);
  char *v2 = NULL, *back = NULL;
  OK(gx_qr_v2_encode(S(PAYLOAD), key, sizeof key, &v2));
  OK(gx_qr_v2_decode(S(v2), key, sizeof key, &back));
  CHECK(back && strstr(back, "\"creatorName\":\"Alice Johnson\""));
  key[0] ^= 1;
  FAILS(gx_qr_v2_decode(S(v2), key, sizeof key, &back), "QR_V2_AUTHENTICATION_FAILED");
  FAILS(gx_qr_v2_decode(S(v2), key, 31, &back), "INVALID_ARGUMENT");
  gx_string_free(v2); gx_string_free(back);
  FAILS(gx_qr_v1_encode(S("{\"code\":1}"), &qr), "INVALID_ARGUMENT");
  FAILS(gx_qr_v1_decode(S("not base64!"), &json), "QR_BAD_ENCODING");
}

static void test_fees(void) {
  GxTransferQuote q;
  OK(gx_fee_quote(S(LK), S(US), 1000000, NULL, 0, NULL, 0, &q));
  CHECK(q.total_fee == 1500 && q.sender_debit == 1001500 && q.net_received == 1000000);
  CHECK(q.cross_border && q.tx_type == 0 && q.fee_bps == 15 && !q.exempt);
  FAILS(gx_fee_quote(S(LK), S(US), 0, NULL, 0, NULL, 0, &q), "TRANSFER_AMOUNT_ZERO");
  FAILS(gx_fee_quote(S(LK), S(US), 5, S("GIFT"), NULL, 0, &q), "FEE_UNKNOWN_NAME");
  char *schedule = NULL;
  OK(gx_fee_schedule_json(NULL, 0, &schedule));
  OK(gx_fee_quote(S(LK), S("treasury_US"), 1000000, S(""), S(schedule), &q));
  CHECK(q.exempt && q.total_fee == 0);
  gx_string_free(schedule);
  FAILS(gx_fee_quote(S(LK), S(US), 5, NULL, 0, S("{}"), &q), "FEE_SCHEDULE_INVALID_JSON");
  GxGenesisAllocation g;
  OK(gx_genesis_allocation(1, S("1990-03-15"), S("2026-01-01"), &g));
  CHECK(g.phase == 1 && g.user_amount == 500000000 && g.treasury_amount == 50000000 && g.ineligible == 0);
  OK(gx_genesis_allocation(2, S("2020-01-01"), S("2026-01-01"), &g));
  CHECK(g.user_amount == 0 && g.ineligible == 1);
  FAILS(gx_genesis_allocation(0, S("1990-03-15"), S("2026-01-01"), &g), "GENESIS_ZERO_REGISTRATION_NUMBER");
  GxVelocityTax t;
  OK(gx_velocity_tax(2000000000ULL, false, &t));
  CHECK(t.annual == 60000000 && t.treasury_share == 30000000);
  OK(gx_velocity_tax(2000000000ULL, true, &t));
  CHECK(t.annual == 52500000);
  FAILS(gx_velocity_tax(1, false, NULL), "NULL_POINTER");
}

static void test_tokens(void) {
  char *h = NULL, *id = NULL;
  OK(gx_biometric_hash(S("abc"), &h));
  CHECK(h && strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
  OK(gx_biometric_hash_validate(S(h)));
  gx_string_free(h);
  FAILS(gx_biometric_hash_validate(S("$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")), "BIOMETRIC_HASH_IS_BCRYPT");
  OK(gx_idempotency_key_validate(S("transfer:42")));
  FAILS(gx_idempotency_key_validate(S("has space")), "INVALID_IDEMPOTENCY_KEY");
  OK(gx_command_id_generate(&id));
  CHECK(id && strlen(id) == 36);
  gx_string_free(id);
}

static char *field(const char *json, const char *name) {
  /* The string value of "name" in a flat JSON object (enough for the API's message fields). */
  char pattern[64]; snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
  const char *p = strstr(json, pattern);
  if (!p) return NULL;
  p += strlen(pattern);
  const char *end = strchr(p, '"');
  char *out = malloc((size_t)(end - p) + 1);
  memcpy(out, p, (size_t)(end - p)); out[end - p] = 0;
  return out;
}

static void test_messaging(const char *root) {
  GxAccount *alice = NULL, *bob = NULL;
  GxEscrowPolicy *none = NULL;
  OK(gx_account_new(&alice)); OK(gx_account_new(&bob)); OK(gx_escrow_policy_none(&none));
  char *prekeys = NULL, *bundle = NULL, *published = NULL;
  OK(gx_account_generate_one_time_prekeys(bob, 2, &prekeys));
  CHECK(prekeys && strstr(prekeys, "\"keyIndex\":1"));
  OK(gx_account_bundle_json(bob, &published));
  CHECK(published && strstr(published, "\"preKeys\""));
  OK(gx_account_fetched_bundle_json(bob, 1, &bundle));
  GxSession *to_bob = NULL, *to_alice = NULL;
  OK(gx_session_initiate(alice, S(bundle), none, &to_bob));
  char *fields = NULL;
  OK(gx_session_encrypt(to_bob, S("hello Bob"), &fields));
  char *content = field(fields, "encryptedContent");
  GxBuffer plain = { NULL, 0 };
  OK(gx_account_accept_session(bob, S(content), none, &to_alice, &plain));
  CHECK(plain.len == 9 && memcmp(plain.data, "hello Bob", 9) == 0);
  gx_buffer_free(plain);
  /* The same first message again: replayed. */
  GxSession *again = NULL;
  FAILS(gx_account_accept_session(bob, S(content), none, &again, &plain), "E2E_PREKEY_MESSAGE_REPLAYED");
  free(content); gx_string_free(fields);
  /* Bob answers; Alice reads. */
  OK(gx_session_encrypt(to_alice, S("hi Alice"), &fields));
  content = field(fields, "encryptedContent");
  OK(gx_session_decrypt(to_bob, S(content), &plain));
  CHECK(plain.len == 8 && memcmp(plain.data, "hi Alice", 8) == 0);
  gx_buffer_free(plain);
  FAILS(gx_session_decrypt(to_bob, S(content), &plain), "E2E_DUPLICATE_MESSAGE");
  free(content); gx_string_free(fields);
  /* Storage round trips. */
  uint8_t raw[32]; memset(raw, 7, sizeof raw);
  GxStorageKey *key = NULL;
  OK(gx_storage_key_new(raw, sizeof raw, &key));
  FAILS(gx_storage_key_new(raw, 31, &key), "INVALID_ARGUMENT");
  GxBuffer sealed;
  OK(gx_session_seal(to_alice, key, &sealed));
  GxSession *reopened = NULL;
  OK(gx_session_open(sealed.data, sealed.len, key, &reopened));
  gx_buffer_free(sealed);
  OK(gx_session_encrypt(to_bob, S("after reload"), &fields));
  content = field(fields, "encryptedContent");
  OK(gx_session_decrypt(reopened, S(content), &plain));
  CHECK(plain.len == 12);
  gx_buffer_free(plain); free(content); gx_string_free(fields);
  OK(gx_account_seal(bob, key, &sealed));
  GxAccount *bob2 = NULL;
  OK(gx_account_open(sealed.data, sealed.len, key, &bob2));
  char *k1 = NULL, *k2 = NULL;
  OK(gx_account_identity_key(bob, &k1)); OK(gx_account_identity_key(bob2, &k2));
  CHECK(k1 && k2 && strcmp(k1, k2) == 0);
  sealed.data[sealed.len - 1] ^= 1;
  GxAccount *broken = NULL;
  FAILS(gx_account_open(sealed.data, sealed.len, key, &broken), "E2E_STORAGE_AUTHENTICATION_FAILED");
  gx_buffer_free(sealed);
  /* Wrong handle types and NULL handles. */
  FAILS(gx_session_encrypt((GxSession *)alice, S("x"), &fields), "WRONG_HANDLE");
  FAILS(gx_account_seal(bob, (GxStorageKey *)none, &sealed), "WRONG_HANDLE");
  FAILS(gx_session_encrypt(NULL, S("x"), &fields), "NULL_POINTER");
  FAILS(gx_session_initiate(alice, S("{}"), none, &again), "E2E_INVALID_JSON");
  /* A group of two: Alice creates it, Bob joins from the server's copy of his key. */
  char *ka = NULL;
  OK(gx_account_identity_key(alice, &ka));
  char members[256]; snprintf(members, sizeof members, "[\"%s\",\"%s\"]", ka, k1);
  GxGroupSession *group = NULL, *bob_group = NULL;
  char *keys = NULL;
  OK(gx_group_session_create(S("6f1d2c3b-4a59-4668-9786-756453423120"), S(members), none, &group, &keys));
  char *bob_key = strstr(keys, k1);
  CHECK(bob_key != NULL);
  char *key_start = strstr(bob_key, "\"key\":") + 6;
  char *key_end = strchr(key_start, '}') + 1;
  OK(gx_group_session_join(bob, S(members), (const uint8_t *)key_start, (size_t)(key_end - key_start), none, &bob_group));
  OK(gx_group_session_encrypt(group, alice, S("hello group"), &fields));
  content = field(fields, "encryptedContent");
  char *sender = NULL;
  OK(gx_group_session_decrypt(bob_group, S(content), &sender, &plain));
  CHECK(sender && strcmp(sender, ka) == 0 && plain.len == 11 && memcmp(plain.data, "hello group", 11) == 0);
  gx_buffer_free(plain); gx_string_free(sender); free(content); gx_string_free(fields);
  FAILS(gx_group_session_encrypt(bob_group, bob, S("x"), &fields), "E2E_NO_SENDABLE_GROUP_KEY");
  OK(gx_group_session_seal(group, key, &sealed));
  GxGroupSession *group2 = NULL;
  OK(gx_group_session_open(sealed.data, sealed.len, key, &group2));
  gx_buffer_free(sealed);
  char *safety1 = NULL, *safety2 = NULL;
  OK(gx_safety_number(S(ka), S(k1), &safety1)); OK(gx_safety_number(S(k1), S(ka), &safety2));
  CHECK(safety1 && safety2 && strcmp(safety1, safety2) == 0);
  gx_string_free(safety1); gx_string_free(safety2);
  /* Escrow: a session created under a master key carries the sealed copy. */
  char path[4096];
  snprintf(path, sizeof path, "%s/gx-compliance/tests/data/master_a_public.pem", root);
  size_t pem_len; char *pem = read_file(path, &pem_len);
  GxEscrowPolicy *escrow = NULL;
  OK(gx_escrow_policy_from_pem((const uint8_t *)pem, pem_len, &escrow));
  FAILS(gx_escrow_policy_from_pem(S("not a pem"), &escrow), "INVALID_ESCROW_PUBLIC_KEY");
  char *bundle0 = NULL; GxSession *escrowed = NULL;
  OK(gx_account_fetched_bundle_json(bob, -1, &bundle0));
  OK(gx_session_initiate(alice, S(bundle0), escrow, &escrowed));
  OK(gx_session_encrypt(escrowed, S("for the record"), &fields));
  CHECK(strstr(fields, "\"masterKeyWrappedContent\":\"") != NULL);
  gx_string_free(fields); gx_string_free(bundle0); free(pem);
  gx_session_free(escrowed); gx_escrow_policy_free(escrow);
  gx_string_free(keys); gx_string_free(ka); gx_string_free(k1); gx_string_free(k2);
  gx_string_free(prekeys); gx_string_free(bundle); gx_string_free(published);
  gx_group_session_free(group); gx_group_session_free(group2); gx_group_session_free(bob_group);
  gx_session_free(to_bob); gx_session_free(to_alice); gx_session_free(reopened);
  gx_account_free(alice); gx_account_free(bob); gx_account_free(bob2);
  gx_storage_key_free(key); gx_escrow_policy_free(none);
}

/* Group keys over pairwise sessions: Alice creates a group of three, sends each key through
 * the member's session; Bob and Carol join and send; Carol is removed and cannot read on. */
static void test_group_distribution(void) {
  GxAccount *a, *b, *c; GxEscrowPolicy *none;
  OK(gx_account_new(&a)); OK(gx_account_new(&b)); OK(gx_account_new(&c)); OK(gx_escrow_policy_none(&none));
  char *ka, *kb, *kc;
  OK(gx_account_identity_key(a, &ka)); OK(gx_account_identity_key(b, &kb)); OK(gx_account_identity_key(c, &kc));
  GxSession *ab, *ba, *ac, *ca;
  GxAccount *peers[2] = { b, c }; GxSession **out_from_a[2] = { &ab, &ac }, **out_to_a[2] = { &ba, &ca };
  for (int i = 0; i < 2; i++) {
    char *bundle, *fields; GxBuffer plain;
    OK(gx_account_fetched_bundle_json(peers[i], -1, &bundle));
    OK(gx_session_initiate(a, S(bundle), none, out_from_a[i]));
    OK(gx_session_encrypt(*out_from_a[i], S("hi"), &fields));
    char *content = field(fields, "encryptedContent");
    OK(gx_account_accept_session(peers[i], S(content), none, out_to_a[i], &plain));
    gx_buffer_free(plain); free(content); gx_string_free(fields); gx_string_free(bundle);
  }
  char *id = NULL;
  OK(gx_session_id(ab, &id));
  CHECK(id && strlen(id) == 36);
  gx_string_free(id);
  char members[512]; snprintf(members, sizeof members, "[\"%s\",\"%s\",\"%s\"]", ka, kb, kc);
  GxGroupSession *ga, *gb, *gc; char *keys;
  OK(gx_group_session_create(S("6f1d2c3b-4a59-4668-9786-756453423120"), S(members), none, &ga, &keys));
  GxSession *to_peer[2] = { ab, ac }, *from_a[2] = { ba, ca }; GxAccount *who[2] = { b, c };
  GxGroupSession **joined[2] = { &gb, &gc }; const char *kwho[2] = { kb, kc };
  for (int i = 0; i < 2; i++) {
    const char *start = strstr(strstr(keys, kwho[i]), "\"key\":") + 6;
    const char *end = strchr(start, '}') + 1;
    char *fields;
    OK(gx_session_encrypt_group_key(to_peer[i], (const uint8_t *)start, (size_t)(end - start), &fields));
    char *content = field(fields, "encryptedContent");
    OK(gx_group_session_join_from(who[i], S(members), from_a[i], S(content), none, joined[i]));
    free(content); gx_string_free(fields);
  }
  gx_string_free(keys);
  char *fields, *sender; GxBuffer plain;
  OK(gx_group_session_encrypt(gc, c, S("from Carol"), &fields));
  char *content = field(fields, "encryptedContent");
  OK(gx_group_session_decrypt(gb, S(content), &sender, &plain));
  CHECK(strcmp(sender, kc) == 0 && plain.len == 10);
  gx_buffer_free(plain); gx_string_free(sender); free(content); gx_string_free(fields);
  /* Carol leaves: the new key goes to Alice and Bob; Bob takes it from Alice over their session. */
  OK(gx_group_session_remove_member(ga, S(kc), &keys));
  CHECK(strstr(keys, kc) == NULL && strstr(keys, kb) != NULL);
  const char *start = strstr(strstr(keys, kb), "\"key\":") + 6;
  const char *end = strchr(start, '}') + 1;
  OK(gx_session_encrypt_group_key(ab, (const uint8_t *)start, (size_t)(end - start), &fields));
  content = field(fields, "encryptedContent");
  OK(gx_group_session_accept_key_from(gb, b, ba, S(content)));
  free(content); gx_string_free(fields); gx_string_free(keys);
  OK(gx_group_session_encrypt(ga, a, S("after Carol"), &fields));
  content = field(fields, "encryptedContent");
  OK(gx_group_session_decrypt(gb, S(content), &sender, &plain));
  CHECK(plain.len == 11);
  gx_buffer_free(plain); gx_string_free(sender);
  FAILS(gx_group_session_decrypt(gc, S(content), &sender, &plain), "E2E_UNKNOWN_GROUP_KEY");
  free(content); gx_string_free(fields);
  OK(gx_group_session_rotate(ga, &keys)); gx_string_free(keys);
  OK(gx_group_session_add_member(ga, S(kc), &keys));
  CHECK(strstr(keys, kc) != NULL);
  gx_string_free(keys);
  FAILS(gx_group_session_require_escrow(ga, none), "INVALID_ARGUMENT");
  FAILS(gx_session_require_escrow(ab, none), "INVALID_ARGUMENT");
  uint32_t spk = 0; bool known = true;
  OK(gx_account_rotate_signed_prekey(a, &spk));
  CHECK(spk == 2);
  OK(gx_account_mark_prekey_used(a, 77, &known));
  CHECK(!known);
  gx_string_free(ka); gx_string_free(kb); gx_string_free(kc);
  gx_group_session_free(ga); gx_group_session_free(gb); gx_group_session_free(gc);
  gx_session_free(ab); gx_session_free(ba); gx_session_free(ac); gx_session_free(ca);
  gx_account_free(a); gx_account_free(b); gx_account_free(c); gx_escrow_policy_free(none);
}

static void test_audit(void) {
  uint64_t count = 99; char *head = NULL;
  OK(gx_audit_verify(S(""), &count, &head));
  CHECK(count == 0 && head && strcmp(head, "0000000000000000000000000000000000000000000000000000000000000000") == 0);
  gx_string_free(head);
  GxError *e = gx_audit_verify(S("{\"hash\":\"x\"}\n"), &count, &head);
  CHECK(e && strcmp(gx_error_code(e), "AUDIT_ENTRY_MALFORMED") == 0 && gx_error_line(e) == 1);
  gx_error_free(e);
}

int main(int argc, char **argv) {
  const char *root = argc > 1 ? argv[1] : "../..";
  test_basics();
  test_ids();
  test_reference_ids(root);
  test_qsend();
  test_fees();
  test_tokens();
  test_messaging(root);
  test_group_distribution();
  test_audit();
  return summary();
}
