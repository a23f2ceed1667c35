/* The GX SDK from C: the fee of a transfer, then two accounts exchange an encrypted message.
 * Build (from the repository root, after `cargo build --release -p gx-ffi`):
 *   cc -I bindings/ffi/include examples/c/exchange.c target/release/libgx_ffi.a -lpthread -ldl -lm -o exchange
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gx.h"

/* Exits with the SDK's code and message if `e` is an error. */
static void check(GxError *e, const char *what) {
  if (e) {
    fprintf(stderr, "%s failed: %s: %s\n", what, gx_error_code(e), gx_error_message(e));
    gx_error_free(e);
    exit(1);
  }
}

#define S(text) (const uint8_t *)(text), strlen(text)

/* The value of "encryptedContent" in the message fields' JSON (a copy the caller frees). */
static char *encrypted_content(const char *fields) {
  const char *start = strstr(fields, "\"encryptedContent\":\"") + 20;
  size_t len = (size_t)(strchr(start, '"') - start);
  char *out = malloc(len + 1);
  memcpy(out, start, len);
  out[len] = 0;
  return out;
}

int main(void) {
  GxTransferQuote quote;
  check(gx_fee_quote(S("LK FF3 ABL912 0WLUY 6025"), S("US 984 AUM945 0AKIY 8168"), 1000000,
                     NULL, 0, NULL, 0, &quote), "fee quote");
  printf("1 GXC from LK to US: fee %llu Qirat (%u bps), the sender pays %llu Qirat\n",
         (unsigned long long)quote.total_fee, quote.fee_bps, (unsigned long long)quote.sender_debit);

  GxAccount *alice, *bob;
  GxEscrowPolicy *none;
  check(gx_account_new(&alice), "account");
  check(gx_account_new(&bob), "account");
  check(gx_escrow_policy_none(&none), "escrow policy");

  /* Bob publishes a one-time prekey; Alice fetches his bundle and starts a session. */
  char *prekeys, *bundle;
  check(gx_account_generate_one_time_prekeys(bob, 1, &prekeys), "prekeys");
  check(gx_account_fetched_bundle_json(bob, 1, &bundle), "bundle");
  GxSession *to_bob, *to_alice;
  check(gx_session_initiate(alice, S(bundle), none, &to_bob), "initiate");

  char *fields;
  check(gx_session_encrypt(to_bob, S("Meet at the market at noon."), &fields), "encrypt");
  char *content = encrypted_content(fields);
  GxBuffer plaintext;
  check(gx_account_accept_session(bob, S(content), none, &to_alice, &plaintext), "accept");
  printf("Bob reads: %.*s\n", (int)plaintext.len, (const char *)plaintext.data);
  gx_buffer_free(plaintext);
  free(content);
  gx_string_free(fields);

  check(gx_session_encrypt(to_alice, S("See you there."), &fields), "reply");
  content = encrypted_content(fields);
  check(gx_session_decrypt(to_bob, S(content), &plaintext), "decrypt");
  printf("Alice reads: %.*s\n", (int)plaintext.len, (const char *)plaintext.data);
  gx_buffer_free(plaintext);
  free(content);
  gx_string_free(fields);

  gx_string_free(prekeys);
  gx_string_free(bundle);
  gx_session_free(to_bob);
  gx_session_free(to_alice);
  gx_account_free(alice);
  gx_account_free(bob);
  gx_escrow_policy_free(none);
  return 0;
}
