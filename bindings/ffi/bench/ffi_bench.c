/* The C side of the C ABI's speed comparison (bench/compare.py interleaves it with the Rust
 * library's figures, gx-wasm's benches/native_side.rs): ID validation one call per ID, fee
 * quotes, and a 1 KiB ratchet round trip through the API's JSON fields. Prints one JSON object.
 *   cc -O2 -I bindings/ffi/include bindings/ffi/bench/ffi_bench.c target/release/libgx_ffi.a \
 *      -lpthread -ldl -lm -o target/ffi_bench && target/ffi_bench IDS_FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gx.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (double)t.tv_sec + (double)t.tv_nsec / 1e9; }
static void ok(GxError *e) { if (e) { fprintf(stderr, "%s: %s\n", gx_error_code(e), gx_error_message(e)); exit(1); } }
#define S(text) (const uint8_t *)(text), strlen(text)

static char *content_of(const char *fields) {
  const char *start = strstr(fields, "\"encryptedContent\":\"") + 20;
  size_t len = (size_t)(strchr(start, '"') - start);
  char *out = malloc(len + 1); memcpy(out, start, len); out[len] = 0;
  return out;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: ffi_bench IDS_FILE\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  if (fread(text, 1, (size_t)n, f) != (size_t)n) return 2;
  text[n] = 0; fclose(f);

  /* Validation: one ABI call per line, every line of the file, for about 2 s. */
  double start = now(); unsigned long long done = 0, valid = 0;
  while (now() - start < 2.0) {
    for (char *p = text; *p; ) {
      char *end = strchr(p, '\n');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      GxError *e = gx_fabric_id_validate((const uint8_t *)p, len);
      if (e) gx_error_free(e); else valid++;
      done++;
      p = end ? end + 1 : p + len;
    }
  }
  double validate = (double)done / (now() - start);

  start = now(); done = 0;
  GxTransferQuote q;
  while (now() - start < 1.0) {
    for (int i = 0; i < 1000; i++) ok(gx_fee_quote(S("LK FF3 ABL912 0WLUY 6025"), S("US 984 AUM945 0AKIY 8168"), 1000000, NULL, 0, NULL, 0, &q));
    done += 1000;
  }
  double quote = (double)done / (now() - start);

  GxAccount *alice, *bob; GxEscrowPolicy *none; GxSession *a, *b; char *bundle, *fields; GxBuffer plain;
  ok(gx_account_new(&alice)); ok(gx_account_new(&bob)); ok(gx_escrow_policy_none(&none));
  ok(gx_account_fetched_bundle_json(bob, -1, &bundle));
  ok(gx_session_initiate(alice, S(bundle), none, &a));
  ok(gx_session_encrypt(a, S("hello"), &fields));
  char *c = content_of(fields); gx_string_free(fields);
  ok(gx_account_accept_session(bob, S(c), none, &b, &plain)); gx_buffer_free(plain); free(c);
  ok(gx_session_encrypt(b, S("hi"), &fields)); c = content_of(fields); gx_string_free(fields);
  ok(gx_session_decrypt(a, S(c), &plain)); gx_buffer_free(plain); free(c);
  uint8_t message[1024]; memset(message, 0x5a, sizeof message);
  start = now(); done = 0;
  while (now() - start < 2.0) {
    ok(gx_session_encrypt(a, message, sizeof message, &fields)); c = content_of(fields); gx_string_free(fields);
    ok(gx_session_decrypt(b, S(c), &plain)); gx_buffer_free(plain); free(c);
    ok(gx_session_encrypt(b, message, sizeof message, &fields)); c = content_of(fields); gx_string_free(fields);
    ok(gx_session_decrypt(a, S(c), &plain)); gx_buffer_free(plain); free(c);
    done++;
  }
  double round_trip = (double)done / (now() - start);
  printf("{\"validatePerSecond\":%.0f,\"quotePerSecond\":%.0f,\"ratchetRoundTripPerSecond\":%.1f,\"validIds\":%llu}\n",
         validate, quote, round_trip, valid);
  gx_string_free(bundle); gx_session_free(a); gx_session_free(b);
  gx_account_free(alice); gx_account_free(bob); gx_escrow_policy_free(none); free(text);
  return 0;
}
