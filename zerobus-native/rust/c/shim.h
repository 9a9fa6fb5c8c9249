/*
 * Shared declarations of the JNI shim of libzerobus_native: the C ABI of the Rust core (zbn_*), the classes and method
 * ids cached in JNI_OnLoad, and the helpers that turn Rust errors into Java exceptions. Everything the shim defines
 * has hidden visibility: only the Rust trampoline JNI_OnLoad and the Rust zbn_* functions are exported.
 */
#ifndef ZBN_SHIM_H
#define ZBN_SHIM_H

#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ZBN_MESSAGE_CAP 2048
#define ZBN_CODE_OK 0
#define ZBN_CODE_ZEROBUS 1
#define ZBN_CODE_ILLEGAL_STATE 2
#define ZBN_CODE_JAVA_PENDING 3
#define ZBN_KIND_INVALID_ARGUMENT 0
#define ZBN_KIND_INTERNAL 14
/* Room for the long[]s of options and stats; their lengths are checked by the Rust side. */
#define ZBN_MAX_STATS 32
#define ZBN_MAX_OPTIONS 32
#define ZBN_RECORD_PROTO 1
#define ZBN_RECORD_JSON 2

typedef struct {
    int32_t code;
    int32_t kind;
    int32_t retryable;
    int32_t grpc_status;
    uint32_t message_len;
    char message[ZBN_MESSAGE_CAP];
} zbn_error;

typedef int32_t (*zbn_fill_fn)(void *ctx, int32_t index, uint8_t *dst, size_t len);
typedef int64_t (*zbn_length_fn)(void *ctx, int32_t index);
typedef int32_t (*zbn_unacked_start_fn)(void *ctx, int32_t requests);
typedef int32_t (*zbn_unacked_request_fn)(void *ctx, int32_t index, int64_t logical, int32_t records);
typedef int32_t (*zbn_unacked_record_fn)(void *ctx, int32_t index, int32_t record, const uint8_t *data, size_t len);
typedef int32_t (*zbn_events_fn)(void *ctx, const uint8_t *data, size_t len);

/* The Rust core. */
extern size_t zbn_version(uint8_t *buf, size_t cap);
extern int64_t zbn_sdk_create(const char *endpoint, size_t endpoint_len, const char *workspace, size_t workspace_len,
                              const char *ca_path, size_t ca_path_len, const char *user_agent, size_t user_agent_len,
                              const char *version, size_t version_len, int64_t flags, zbn_error *err);
extern void zbn_sdk_free(int64_t sdk, zbn_error *err);
extern int64_t zbn_stream_create(int64_t sdk, const char *table, size_t table_len, int32_t record_type,
                                 const uint8_t *descriptor, size_t descriptor_len, const char *client_id,
                                 size_t client_id_len, const char *client_secret, size_t client_secret_len,
                                 void *headers_callback, const int64_t *options, size_t options_len, zbn_error *err);
extern int64_t zbn_stream_recreate(int64_t sdk, int64_t old, zbn_error *err);
extern int32_t zbn_await_open(int64_t stream, int64_t timeout_ms, zbn_error *err);
extern int64_t zbn_ingest_one(int64_t stream, int32_t record_type, size_t len, zbn_fill_fn fill, void *ctx,
                              int64_t block_ms, zbn_error *err);
extern int64_t zbn_ingest_batch(int64_t stream, int32_t record_type, int32_t count, zbn_length_fn length,
                                zbn_fill_fn fill, void *ctx, int64_t block_ms, zbn_error *err);
extern int64_t zbn_ingest_taken(int64_t stream, int32_t record_type, int32_t count, zbn_length_fn length,
                                zbn_fill_fn fill, void *ctx, int64_t *held, zbn_error *err);
extern int32_t zbn_await_room(int64_t stream, int64_t records, int64_t bytes, int64_t block_ms, int64_t *held,
                              zbn_error *err);
extern void zbn_check_json(int64_t stream, const uint8_t *data, size_t len, zbn_error *err);
extern int64_t zbn_acked_up_to(int64_t stream, zbn_error *err);
extern int64_t zbn_await_ack_progress(int64_t stream, int64_t after, int64_t timeout_ms, zbn_error *err);
extern int32_t zbn_wait_for_offset(int64_t stream, int64_t offset, int64_t timeout_ms, zbn_error *err);
extern int64_t zbn_close_start(int64_t stream, zbn_error *err);
extern void zbn_close_finish(int64_t stream, int64_t timeout_ms, zbn_error *err);
extern int64_t zbn_poll_events(int64_t timeout_ms, zbn_events_fn put, void *ctx, zbn_error *err);
extern void zbn_stream_free(int64_t stream, zbn_error *err);
extern int32_t zbn_stream_state(int64_t stream, zbn_error *err);
extern void zbn_stream_stats(int64_t stream, int64_t *out, size_t len, zbn_error *err);
extern int64_t zbn_stream_id(int64_t stream, uint8_t *buf, size_t cap, zbn_error *err);
extern void zbn_throw_failure(int64_t stream, zbn_error *err);
extern void zbn_stream_unacked(int64_t stream, zbn_unacked_start_fn start, zbn_unacked_request_fn request,
                               zbn_unacked_record_fn record, void *ctx, zbn_error *err);
extern void zbn_headers_put(void *sink, const char *name, size_t name_len, const char *value, size_t value_len);
extern void zbn_headers_fail(void *sink, const char *message, size_t message_len);
extern void zbn_headers_invalid(void *sink, const char *message, size_t message_len);

#define HIDDEN __attribute__((visibility("hidden")))

/* Cached in JNI_OnLoad (shim_load.c). */
HIDDEN extern JavaVM *g_vm;
HIDDEN extern jclass g_zerobus_exception;
HIDDEN extern jmethodID g_zerobus_exception_init;
HIDDEN extern jclass g_illegal_state;
HIDDEN extern jclass g_out_of_memory;
HIDDEN extern jclass g_null_pointer;
HIDDEN extern jclass g_byte_array;       /* byte[]   */
HIDDEN extern jclass g_byte_array_array; /* byte[][] */
HIDDEN extern jmethodID g_headers_fetch;
HIDDEN extern jmethodID g_headers_invalidate;
HIDDEN extern jmethodID g_throwable_to_string;

/* shim_errors.c */
#define NEW_ERR(name) zbn_error name; name.code = ZBN_CODE_OK

/* Bytes of UTF-8 a utf_string holds without a heap buffer. */
#define ZBN_UTF_INLINE 256

/*
 * A Java string as standard UTF-8 (supplementary characters as 4-byte sequences, U+0000 as a 0 byte counted in len),
 * NUL-terminated, converted from its UTF-16 by java_to_utf8 or get_utf and released (and wiped) by release_utf.
 * chars points into the struct itself or to a heap buffer: never copy a utf_string.
 */
typedef struct {
    const char *chars;
    size_t len;
    char *heap;
    char inline_chars[ZBN_UTF_INLINE];
} utf_string;

#define ZBN_UTF_OK 0
#define ZBN_UTF_PENDING (-1)       /* a Java exception (OutOfMemoryError) is pending */
#define ZBN_UTF_LONE_SURROGATE 1   /* nothing pending; *lone_at is the UTF-16 index */

HIDDEN void throw_error(JNIEnv *env, const zbn_error *err);
HIDDEN void throw_invalid_argument(JNIEnv *env, const char *message);
/* UTF-16 to UTF-8 (null gives chars == NULL). lenient: a lone surrogate becomes U+FFFD instead of failing. */
HIDDEN int java_to_utf8(JNIEnv *env, jstring string, int lenient, utf_string *out, jsize *lone_at);
/* java_to_utf8, refusing a lone surrogate with ZerobusException(INVALID_ARGUMENT) that names `what`, never the value.
 * Returns 0, or -1 with an exception pending. */
HIDDEN int get_utf_named(JNIEnv *env, jstring string, const char *what, utf_string *out);
/* get_utf_named with the argument's C name, e.g. get_utf(env, client_secret, &s) names "the OAuth client secret". */
#define get_utf(env, string, out) get_utf_named((env), (string), #string, (out))
HIDDEN void release_utf(JNIEnv *env, utf_string *s);
/* A Java string from UTF-8 (invalid sequences become U+FFFD), through UTF-16 and NewString; NULL with an exception
 * pending on failure. */
HIDDEN jstring new_java_string(JNIEnv *env, const char *utf8, size_t len);

/* The natives of NativeBridge, registered in JNI_OnLoad. */
HIDDEN extern const JNINativeMethod zbn_stream_natives[];
HIDDEN extern const int zbn_stream_natives_count;
HIDDEN extern const JNINativeMethod zbn_unacked_natives[];
HIDDEN extern const int zbn_unacked_natives_count;

#define ZBN_BRIDGE "dev/zerobus/client/NativeBridge"

#endif
