/* A minimal test harness for the C tests: CHECK counts, and the summary line is
 * "N passed, N failed", which CI reads. */
#ifndef GX_CHECK_H
#define GX_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gx.h"

static int checks_passed, checks_failed;

#define CHECK(cond) do { \
    if (cond) { checks_passed++; } \
    else { checks_failed++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
  } while (0)

/* Calls an SDK function that must succeed; on an error prints its code and message. */
#define OK(call) do { \
    GxError *ok_err_ = (call); \
    if (ok_err_) { checks_failed++; fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__, \
        #call, gx_error_code(ok_err_), gx_error_message(ok_err_)); gx_error_free(ok_err_); } \
    else { checks_passed++; } \
  } while (0)

/* Calls an SDK function that must fail with `code` (and a message). */
#define FAILS(call, code) do { \
    GxError *f_err_ = (call); \
    if (!f_err_) { checks_failed++; fprintf(stderr, "%s:%d: %s succeeded, expected %s\n", __FILE__, __LINE__, #call, code); } \
    else { \
      if (strcmp(gx_error_code(f_err_), code) == 0 && strlen(gx_error_message(f_err_)) > 10) checks_passed++; \
      else { checks_failed++; fprintf(stderr, "%s:%d: %s gave %s (%s), expected %s\n", __FILE__, __LINE__, #call, \
          gx_error_code(f_err_), gx_error_message(f_err_), code); } \
      gx_error_free(f_err_); \
    } \
  } while (0)

#define S(text) (const uint8_t *)(text), strlen(text)

static int summary(void) {
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed ? 1 : 0;
}
#endif
