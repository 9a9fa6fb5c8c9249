/*
 * JNI shim of libzerobus_native: converts Java arguments to plain C values, calls the Rust core's zbn_* functions and
 * turns their errors into Java exceptions. Natives are bound with RegisterNatives in JNI_OnLoad (called through a
 * Rust trampoline), so no Java_* symbol is exported and nothing here can clash with another JNI library in the same
 * JVM; everything in this file has hidden visibility. Classes and method ids are cached in JNI_OnLoad, so native
 * threads never call FindClass.
 */
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
#define ZBN_STATS_LENGTH 9
#define ZBN_OPTIONS_LENGTH 9
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

/* The Rust core. */
extern size_t zbn_version(uint8_t *buf, size_t cap);
extern int64_t zbn_sdk_create(const char *endpoint, size_t endpoint_len, const char *workspace, size_t workspace_len,
                              const char *ca_path, size_t ca_path_len, const char *user_agent, size_t user_agent_len,
                              zbn_error *err);
extern void zbn_sdk_free(int64_t sdk, zbn_error *err);
extern int64_t zbn_stream_create(int64_t sdk, const char *table, size_t table_len, int32_t record_type,
                                 const uint8_t *descriptor, size_t descriptor_len, const char *client_id,
                                 size_t client_id_len, const char *client_secret, size_t client_secret_len,
                                 void *headers_callback, const int64_t *options, size_t options_len, zbn_error *err);
extern int64_t zbn_stream_recreate(int64_t sdk, int64_t old, zbn_error *err);
extern int64_t zbn_ingest_one(int64_t stream, int32_t record_type, size_t len, zbn_fill_fn fill, void *ctx,
                              zbn_error *err);
extern int64_t zbn_ingest_batch(int64_t stream, int32_t record_type, int32_t count, zbn_length_fn length,
                                zbn_fill_fn fill, void *ctx, zbn_error *err);
extern int64_t zbn_acked_up_to(int64_t stream, zbn_error *err);
extern int64_t zbn_await_ack_progress(int64_t stream, int64_t after, int64_t timeout_ms, zbn_error *err);
extern void zbn_wait_for_offset(int64_t stream, int64_t offset, int64_t timeout_ms, zbn_error *err);
extern void zbn_flush(int64_t stream, zbn_error *err);
extern void zbn_close(int64_t stream, zbn_error *err);
extern void zbn_stream_free(int64_t stream, zbn_error *err);
extern int32_t zbn_stream_state(int64_t stream, zbn_error *err);
extern void zbn_stream_stats(int64_t stream, int64_t *out, size_t len, zbn_error *err);
extern int64_t zbn_stream_id(int64_t stream, uint8_t *buf, size_t cap, zbn_error *err);
extern void zbn_throw_failure(int64_t stream, zbn_error *err);
extern void zbn_stream_unacked(int64_t stream, zbn_unacked_start_fn start, zbn_unacked_request_fn request,
                               zbn_unacked_record_fn record, void *ctx, zbn_error *err);
extern void zbn_headers_put(void *sink, const char *name, size_t name_len, const char *value, size_t value_len);
extern void zbn_headers_fail(void *sink, const char *message, size_t message_len);

/* Cached in JNI_OnLoad. */
static JavaVM *g_vm;
static jclass g_zerobus_exception;
static jmethodID g_zerobus_exception_init;
static jclass g_illegal_state;
static jclass g_out_of_memory;
static jclass g_null_pointer;
static jclass g_byte_array;       /* byte[]   */
static jclass g_byte_array_array; /* byte[][] */
static jmethodID g_headers_fetch;
static jmethodID g_headers_invalidate;
static jmethodID g_throwable_to_string;

#define HIDDEN __attribute__((visibility("hidden")))

static jclass global_class(JNIEnv *env, const char *name) {
    jclass local = (*env)->FindClass(env, name);
    if (local == NULL) {
        return NULL;
    }
    jclass global = (jclass)(*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    return global;
}

/* Turns a Rust error into a pending Java exception (no-op when there is none). */
static void throw_error(JNIEnv *env, const zbn_error *err) {
    if (err->code == ZBN_CODE_OK || err->code == ZBN_CODE_JAVA_PENDING) {
        return;
    }
    if ((*env)->ExceptionCheck(env)) {
        return;
    }
    if (err->code == ZBN_CODE_ILLEGAL_STATE) {
        (*env)->ThrowNew(env, g_illegal_state, err->message);
        return;
    }
    jstring message = (*env)->NewStringUTF(env, err->message);
    if (message == NULL) {
        return; /* OutOfMemoryError pending */
    }
    jobject exception = (*env)->NewObject(env, g_zerobus_exception, g_zerobus_exception_init, message,
                                          (jint)err->kind, (jboolean)(err->retryable != 0), (jint)err->grpc_status);
    if (exception != NULL) {
        (*env)->Throw(env, (jthrowable)exception);
        (*env)->DeleteLocalRef(env, exception);
    }
    (*env)->DeleteLocalRef(env, message);
}

static void throw_invalid_argument(JNIEnv *env, const char *message) {
    zbn_error err;
    err.code = ZBN_CODE_ZEROBUS;
    err.kind = ZBN_KIND_INVALID_ARGUMENT;
    err.retryable = 0;
    err.grpc_status = -1;
    strncpy(err.message, message, ZBN_MESSAGE_CAP - 1);
    err.message[ZBN_MESSAGE_CAP - 1] = '\0';
    throw_error(env, &err);
}

#define NEW_ERR(name) zbn_error name; name.code = ZBN_CODE_OK

/* A Java string as modified UTF-8, released by release_utf. */
typedef struct {
    jstring string;
    const char *chars;
    size_t len;
} utf_string;

static int get_utf(JNIEnv *env, jstring string, utf_string *out) {
    out->string = string;
    out->chars = NULL;
    out->len = 0;
    if (string == NULL) {
        return 0;
    }
    out->chars = (*env)->GetStringUTFChars(env, string, NULL);
    if (out->chars == NULL) {
        return -1; /* OutOfMemoryError pending */
    }
    out->len = (size_t)(*env)->GetStringUTFLength(env, string);
    return 0;
}

static void release_utf(JNIEnv *env, utf_string *s) {
    if (s->chars != NULL) {
        (*env)->ReleaseStringUTFChars(env, s->string, s->chars);
        s->chars = NULL;
    }
}

/* ---- natives ------------------------------------------------------------------------------------------------- */

static jstring JNICALL nb_version(JNIEnv *env, jclass cls) {
    (void)cls;
    uint8_t buf[128];
    zbn_version(buf, sizeof buf);
    return (*env)->NewStringUTF(env, (const char *)buf);
}

static jlong JNICALL nb_sdk_create(JNIEnv *env, jclass cls, jstring endpoint, jstring workspace, jstring ca_path,
                                   jstring user_agent) {
    (void)cls;
    utf_string e, w, c, u;
    jlong handle = 0;
    if (get_utf(env, endpoint, &e) != 0) {
        return 0;
    }
    if (get_utf(env, workspace, &w) == 0) {
        if (get_utf(env, ca_path, &c) == 0) {
            if (get_utf(env, user_agent, &u) == 0) {
                NEW_ERR(err);
                handle = zbn_sdk_create(e.chars, e.len, w.chars, w.len, c.chars, c.len, u.chars, u.len, &err);
                release_utf(env, &u);
                throw_error(env, &err);
            }
            release_utf(env, &c);
        }
        release_utf(env, &w);
    }
    release_utf(env, &e);
    return handle;
}

static void JNICALL nb_sdk_free(JNIEnv *env, jclass cls, jlong sdk) {
    (void)cls;
    NEW_ERR(err);
    zbn_sdk_free(sdk, &err);
    throw_error(env, &err);
}

static jlong JNICALL nb_stream_create(JNIEnv *env, jclass cls, jlong sdk, jstring table, jint record_type,
                                      jbyteArray descriptor, jstring client_id, jstring client_secret,
                                      jobject headers, jlongArray options) {
    (void)cls;
    if (options == NULL || (*env)->GetArrayLength(env, options) != ZBN_OPTIONS_LENGTH) {
        throw_invalid_argument(env, "options must be a long[9]");
        return 0;
    }
    jlong opts[ZBN_OPTIONS_LENGTH];
    (*env)->GetLongArrayRegion(env, options, 0, ZBN_OPTIONS_LENGTH, opts);
    uint8_t *desc = NULL;
    size_t desc_len = 0;
    if (descriptor != NULL) {
        desc_len = (size_t)(*env)->GetArrayLength(env, descriptor);
        desc = (uint8_t *)malloc(desc_len > 0 ? desc_len : 1);
        if (desc == NULL) {
            (*env)->ThrowNew(env, g_out_of_memory, "descriptor copy");
            return 0;
        }
        (*env)->GetByteArrayRegion(env, descriptor, 0, (jsize)desc_len, (jbyte *)desc);
    }
    utf_string t, id, secret;
    jlong handle = 0;
    if (get_utf(env, table, &t) == 0) {
        if (get_utf(env, client_id, &id) == 0) {
            if (get_utf(env, client_secret, &secret) == 0) {
                void *callback = headers != NULL ? (void *)(*env)->NewGlobalRef(env, headers) : NULL;
                if (headers == NULL || callback != NULL) {
                    int64_t native_options[ZBN_OPTIONS_LENGTH];
                    for (int i = 0; i < ZBN_OPTIONS_LENGTH; i++) {
                        native_options[i] = (int64_t)opts[i];
                    }
                    NEW_ERR(err);
                    /* Rust owns `callback` from here on, on every path. */
                    handle = zbn_stream_create(sdk, t.chars, t.len, record_type, desc, desc_len, id.chars, id.len,
                                               secret.chars, secret.len, callback, native_options,
                                               ZBN_OPTIONS_LENGTH, &err);
                    throw_error(env, &err);
                }
                release_utf(env, &secret);
            }
            release_utf(env, &id);
        }
        release_utf(env, &t);
    }
    free(desc);
    return handle;
}

static jlong JNICALL nb_stream_recreate(JNIEnv *env, jclass cls, jlong sdk, jlong old) {
    (void)cls;
    NEW_ERR(err);
    jlong handle = zbn_stream_recreate(sdk, old, &err);
    throw_error(env, &err);
    return handle;
}

/* Ingest: Rust allocates, the shim copies each byte[] straight into it. */
typedef struct {
    JNIEnv *env;
    jbyteArray single;
    jobjectArray batch;
} ingest_ctx;

static int32_t fill_single(void *ctx, int32_t index, uint8_t *dst, size_t len) {
    (void)index;
    ingest_ctx *c = (ingest_ctx *)ctx;
    (*c->env)->GetByteArrayRegion(c->env, c->single, 0, (jsize)len, (jbyte *)dst);
    return (*c->env)->ExceptionCheck(c->env) ? 1 : 0;
}

static int64_t batch_length(void *ctx, int32_t index) {
    ingest_ctx *c = (ingest_ctx *)ctx;
    JNIEnv *env = c->env;
    jbyteArray element = (jbyteArray)(*env)->GetObjectArrayElement(env, c->batch, index);
    if ((*env)->ExceptionCheck(env)) {
        return -2;
    }
    if (element == NULL) {
        return -1;
    }
    jsize len = (*env)->GetArrayLength(env, element);
    (*env)->DeleteLocalRef(env, element);
    return (int64_t)len;
}

static int32_t fill_batch(void *ctx, int32_t index, uint8_t *dst, size_t len) {
    ingest_ctx *c = (ingest_ctx *)ctx;
    JNIEnv *env = c->env;
    jbyteArray element = (jbyteArray)(*env)->GetObjectArrayElement(env, c->batch, index);
    if (element == NULL) {
        if (!(*env)->ExceptionCheck(env)) {
            (*env)->ThrowNew(env, g_null_pointer, "batch record changed to null during the call");
        }
        return 1;
    }
    (*env)->GetByteArrayRegion(env, element, 0, (jsize)len, (jbyte *)dst);
    (*env)->DeleteLocalRef(env, element);
    return (*env)->ExceptionCheck(env) ? 1 : 0;
}

static jlong ingest_single(JNIEnv *env, jlong stream, jbyteArray record, int32_t record_type) {
    if (record == NULL) {
        throw_invalid_argument(env, "the record is null");
        return -1;
    }
    ingest_ctx ctx = {env, record, NULL};
    size_t len = (size_t)(*env)->GetArrayLength(env, record);
    NEW_ERR(err);
    jlong offset = zbn_ingest_one(stream, record_type, len, fill_single, &ctx, &err);
    throw_error(env, &err);
    return offset;
}

static jlong ingest_batch(JNIEnv *env, jlong stream, jobjectArray records, int32_t record_type) {
    if (records == NULL) {
        throw_invalid_argument(env, "the batch is null");
        return -1;
    }
    ingest_ctx ctx = {env, NULL, records};
    jsize count = (*env)->GetArrayLength(env, records);
    NEW_ERR(err);
    jlong offset = zbn_ingest_batch(stream, record_type, count, batch_length, fill_batch, &ctx, &err);
    throw_error(env, &err);
    return offset;
}

static jlong JNICALL nb_ingest_json(JNIEnv *env, jclass cls, jlong stream, jbyteArray record) {
    (void)cls;
    return ingest_single(env, stream, record, ZBN_RECORD_JSON);
}

static jlong JNICALL nb_ingest_proto(JNIEnv *env, jclass cls, jlong stream, jbyteArray record) {
    (void)cls;
    return ingest_single(env, stream, record, ZBN_RECORD_PROTO);
}

static jlong JNICALL nb_ingest_json_batch(JNIEnv *env, jclass cls, jlong stream, jobjectArray records) {
    (void)cls;
    return ingest_batch(env, stream, records, ZBN_RECORD_JSON);
}

static jlong JNICALL nb_ingest_proto_batch(JNIEnv *env, jclass cls, jlong stream, jobjectArray records) {
    (void)cls;
    return ingest_batch(env, stream, records, ZBN_RECORD_PROTO);
}

static jlong JNICALL nb_acked_up_to(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    jlong value = zbn_acked_up_to(stream, &err);
    throw_error(env, &err);
    return value;
}

static jlong JNICALL nb_await_ack_progress(JNIEnv *env, jclass cls, jlong stream, jlong after, jlong timeout_ms) {
    (void)cls;
    NEW_ERR(err);
    jlong value = zbn_await_ack_progress(stream, after, timeout_ms, &err);
    throw_error(env, &err);
    return value;
}

static void JNICALL nb_wait_for_offset(JNIEnv *env, jclass cls, jlong stream, jlong offset, jlong timeout_ms) {
    (void)cls;
    NEW_ERR(err);
    zbn_wait_for_offset(stream, offset, timeout_ms, &err);
    throw_error(env, &err);
}

static void JNICALL nb_flush(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    zbn_flush(stream, &err);
    throw_error(env, &err);
}

static void JNICALL nb_close(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    zbn_close(stream, &err);
    throw_error(env, &err);
}

static void JNICALL nb_stream_free(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    zbn_stream_free(stream, &err);
    throw_error(env, &err);
}

static jint JNICALL nb_stream_state(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    jint state = zbn_stream_state(stream, &err);
    throw_error(env, &err);
    return state;
}

static jlongArray JNICALL nb_stream_stats(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    int64_t stats[ZBN_STATS_LENGTH] = {0};
    NEW_ERR(err);
    zbn_stream_stats(stream, stats, ZBN_STATS_LENGTH, &err);
    if (err.code != ZBN_CODE_OK) {
        throw_error(env, &err);
        return NULL;
    }
    jlongArray out = (*env)->NewLongArray(env, ZBN_STATS_LENGTH);
    if (out == NULL) {
        return NULL;
    }
    jlong values[ZBN_STATS_LENGTH];
    for (int i = 0; i < ZBN_STATS_LENGTH; i++) {
        values[i] = (jlong)stats[i];
    }
    (*env)->SetLongArrayRegion(env, out, 0, ZBN_STATS_LENGTH, values);
    return out;
}

static jstring JNICALL nb_stream_id(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    uint8_t buf[512];
    NEW_ERR(err);
    int64_t len = zbn_stream_id(stream, buf, sizeof buf, &err);
    if (err.code != ZBN_CODE_OK) {
        throw_error(env, &err);
        return NULL;
    }
    return len < 0 ? NULL : (*env)->NewStringUTF(env, (const char *)buf);
}

static void JNICALL nb_throw_failure(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    zbn_throw_failure(stream, &err);
    throw_error(env, &err);
}

/* Unacked requests: offsets into a long[], payloads into byte[][][]. */
typedef struct {
    JNIEnv *env;
    jlongArray offsets;
    jobjectArray requests; /* byte[][][] */
    jobjectArray current;  /* byte[][] of the request being visited */
} unacked_ctx;

static int32_t unacked_start_offsets(void *ctx, int32_t count) {
    unacked_ctx *c = (unacked_ctx *)ctx;
    c->offsets = (*c->env)->NewLongArray(c->env, count);
    return c->offsets == NULL ? 1 : 0;
}

static int32_t unacked_request_offsets(void *ctx, int32_t index, int64_t logical, int32_t records) {
    (void)records;
    unacked_ctx *c = (unacked_ctx *)ctx;
    jlong value = (jlong)logical;
    (*c->env)->SetLongArrayRegion(c->env, c->offsets, index, 1, &value);
    return (*c->env)->ExceptionCheck(c->env) ? 1 : 0;
}

static int32_t unacked_start_payloads(void *ctx, int32_t count) {
    unacked_ctx *c = (unacked_ctx *)ctx;
    c->requests = (*c->env)->NewObjectArray(c->env, count, g_byte_array_array, NULL);
    return c->requests == NULL ? 1 : 0;
}

static int32_t unacked_request_payloads(void *ctx, int32_t index, int64_t logical, int32_t records) {
    (void)logical;
    unacked_ctx *c = (unacked_ctx *)ctx;
    JNIEnv *env = c->env;
    if (c->current != NULL) {
        (*env)->DeleteLocalRef(env, c->current);
    }
    c->current = (*env)->NewObjectArray(env, records, g_byte_array, NULL);
    if (c->current == NULL) {
        return 1;
    }
    (*env)->SetObjectArrayElement(env, c->requests, index, c->current);
    return (*env)->ExceptionCheck(env) ? 1 : 0;
}

static int32_t unacked_record_payload(void *ctx, int32_t index, int32_t record, const uint8_t *data, size_t len) {
    (void)index;
    unacked_ctx *c = (unacked_ctx *)ctx;
    JNIEnv *env = c->env;
    jbyteArray bytes = (*env)->NewByteArray(env, (jsize)len);
    if (bytes == NULL) {
        return 1;
    }
    (*env)->SetByteArrayRegion(env, bytes, 0, (jsize)len, (const jbyte *)data);
    (*env)->SetObjectArrayElement(env, c->current, record, bytes);
    (*env)->DeleteLocalRef(env, bytes);
    return (*env)->ExceptionCheck(env) ? 1 : 0;
}

static jlongArray JNICALL nb_unacked_offsets(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    unacked_ctx ctx = {env, NULL, NULL, NULL};
    NEW_ERR(err);
    zbn_stream_unacked(stream, unacked_start_offsets, unacked_request_offsets, NULL, &ctx, &err);
    if (err.code != ZBN_CODE_OK) {
        throw_error(env, &err);
        return NULL;
    }
    return ctx.offsets;
}

static jobjectArray JNICALL nb_unacked_payloads(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    unacked_ctx ctx = {env, NULL, NULL, NULL};
    NEW_ERR(err);
    zbn_stream_unacked(stream, unacked_start_payloads, unacked_request_payloads, unacked_record_payload, &ctx, &err);
    if (ctx.current != NULL) {
        (*env)->DeleteLocalRef(env, ctx.current);
    }
    if (err.code != ZBN_CODE_OK) {
        throw_error(env, &err);
        return NULL;
    }
    return ctx.requests;
}

/* ---- upcalls from native threads --------------------------------------------------------------------------- */

/* Gets a JNIEnv for this thread, attaching it as a daemon if needed; *attached says whether to detach after. */
static JNIEnv *attach(int *attached) {
    JNIEnv *env = NULL;
    *attached = 0;
    if (g_vm == NULL) {
        return NULL;
    }
    jint rc = (*g_vm)->GetEnv(g_vm, (void **)&env, JNI_VERSION_1_8);
    if (rc == JNI_OK) {
        return env;
    }
    if (rc != JNI_EDETACHED) {
        return NULL;
    }
    JavaVMAttachArgs args = {JNI_VERSION_1_8, "zerobus-native", NULL};
    if ((*g_vm)->AttachCurrentThreadAsDaemon(g_vm, (void **)&env, &args) != JNI_OK) {
        return NULL;
    }
    *attached = 1;
    return env;
}

static void detach(int attached) {
    if (attached) {
        (*g_vm)->DetachCurrentThread(g_vm);
    }
}

/* Describes and clears the pending exception into the headers sink. */
static void fail_with_pending(JNIEnv *env, void *sink) {
    jthrowable thrown = (*env)->ExceptionOccurred(env);
    (*env)->ExceptionClear(env);
    const char *fallback = "the headers provider threw an exception";
    if (thrown == NULL) {
        zbn_headers_fail(sink, fallback, strlen(fallback));
        return;
    }
    jstring text = (jstring)(*env)->CallObjectMethod(env, thrown, g_throwable_to_string);
    if ((*env)->ExceptionCheck(env) || text == NULL) {
        (*env)->ExceptionClear(env);
        zbn_headers_fail(sink, fallback, strlen(fallback));
    } else {
        const char *chars = (*env)->GetStringUTFChars(env, text, NULL);
        if (chars != NULL) {
            zbn_headers_fail(sink, chars, (size_t)(*env)->GetStringUTFLength(env, text));
            (*env)->ReleaseStringUTFChars(env, text, chars);
        } else {
            (*env)->ExceptionClear(env);
            zbn_headers_fail(sink, fallback, strlen(fallback));
        }
        (*env)->DeleteLocalRef(env, text);
    }
    (*env)->DeleteLocalRef(env, thrown);
}

HIDDEN int32_t zbn_shim_fetch_headers(void *callback, void *sink) {
    int attached;
    JNIEnv *env = attach(&attached);
    if (env == NULL) {
        const char *m = "cannot attach the native thread to the JVM";
        zbn_headers_fail(sink, m, strlen(m));
        return 1;
    }
    int32_t rc = 0;
    if ((*env)->PushLocalFrame(env, 64) != 0) {
        fail_with_pending(env, sink);
        detach(attached);
        return 1;
    }
    jobjectArray pairs = (jobjectArray)(*env)->CallObjectMethod(env, (jobject)callback, g_headers_fetch);
    if ((*env)->ExceptionCheck(env)) {
        fail_with_pending(env, sink);
        rc = 1;
    } else if (pairs == NULL) {
        const char *m = "fetch() returned null";
        zbn_headers_fail(sink, m, strlen(m));
        rc = 1;
    } else {
        jsize n = (*env)->GetArrayLength(env, pairs);
        if (n % 2 != 0) {
            const char *m = "fetch() must return names and values alternating (an even number of strings)";
            zbn_headers_fail(sink, m, strlen(m));
            rc = 1;
        }
        for (jsize i = 0; rc == 0 && i + 1 < n; i += 2) {
            jstring name = (jstring)(*env)->GetObjectArrayElement(env, pairs, i);
            jstring value = (jstring)(*env)->GetObjectArrayElement(env, pairs, i + 1);
            utf_string a, b;
            if (name == NULL || value == NULL) {
                const char *m = "fetch() returned a null header name or value";
                zbn_headers_fail(sink, m, strlen(m));
                rc = 1;
            } else if (get_utf(env, name, &a) == 0) {
                if (get_utf(env, value, &b) == 0) {
                    zbn_headers_put(sink, a.chars, a.len, b.chars, b.len);
                    release_utf(env, &b);
                } else {
                    fail_with_pending(env, sink);
                    rc = 1;
                }
                release_utf(env, &a);
            } else {
                fail_with_pending(env, sink);
                rc = 1;
            }
            if (name != NULL) {
                (*env)->DeleteLocalRef(env, name);
            }
            if (value != NULL) {
                (*env)->DeleteLocalRef(env, value);
            }
        }
    }
    (*env)->PopLocalFrame(env, NULL);
    detach(attached);
    return rc;
}

HIDDEN void zbn_shim_invalidate_headers(void *callback) {
    int attached;
    JNIEnv *env = attach(&attached);
    if (env == NULL) {
        return;
    }
    (*env)->CallVoidMethod(env, (jobject)callback, g_headers_invalidate);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionClear(env); /* invalidate() is advisory */
    }
    detach(attached);
}

HIDDEN void zbn_shim_release_global(void *global) {
    if (global == NULL) {
        return;
    }
    int attached;
    JNIEnv *env = attach(&attached);
    if (env == NULL) {
        return; /* the JVM is gone: nothing to release */
    }
    (*env)->DeleteGlobalRef(env, (jobject)global);
    detach(attached);
}

/* ---- load ---------------------------------------------------------------------------------------------------- */

#define BRIDGE "dev/zerobus/client/NativeBridge"
#define CALLBACK_SIG "L" BRIDGE "$HeadersCallback;"

static const JNINativeMethod g_methods[] = {
    {"version", "()Ljava/lang/String;", (void *)nb_version},
    {"sdkCreate", "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)J", (void *)nb_sdk_create},
    {"sdkFree", "(J)V", (void *)nb_sdk_free},
    {"streamCreate", "(JLjava/lang/String;I[BLjava/lang/String;Ljava/lang/String;" CALLBACK_SIG "[J)J",
     (void *)nb_stream_create},
    {"streamRecreate", "(JJ)J", (void *)nb_stream_recreate},
    {"ingestJson", "(J[B)J", (void *)nb_ingest_json},
    {"ingestProto", "(J[B)J", (void *)nb_ingest_proto},
    {"ingestJsonBatch", "(J[[B)J", (void *)nb_ingest_json_batch},
    {"ingestProtoBatch", "(J[[B)J", (void *)nb_ingest_proto_batch},
    {"ackedUpTo", "(J)J", (void *)nb_acked_up_to},
    {"awaitAckProgress", "(JJJ)J", (void *)nb_await_ack_progress},
    {"waitForOffset", "(JJJ)V", (void *)nb_wait_for_offset},
    {"flush", "(J)V", (void *)nb_flush},
    {"close", "(J)V", (void *)nb_close},
    {"streamFree", "(J)V", (void *)nb_stream_free},
    {"streamState", "(J)I", (void *)nb_stream_state},
    {"streamStats", "(J)[J", (void *)nb_stream_stats},
    {"streamId", "(J)Ljava/lang/String;", (void *)nb_stream_id},
    {"throwFailure", "(J)V", (void *)nb_throw_failure},
    {"unackedOffsets", "(J)[J", (void *)nb_unacked_offsets},
    {"unackedPayloads", "(J)[[[B", (void *)nb_unacked_payloads},
};

HIDDEN jint zbn_shim_on_load(JavaVM *vm) {
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    g_vm = vm;
    g_zerobus_exception = global_class(env, "dev/zerobus/client/ZerobusException");
    g_illegal_state = global_class(env, "java/lang/IllegalStateException");
    g_out_of_memory = global_class(env, "java/lang/OutOfMemoryError");
    g_null_pointer = global_class(env, "java/lang/NullPointerException");
    g_byte_array = global_class(env, "[B");
    g_byte_array_array = global_class(env, "[[B");
    jclass callback = (*env)->FindClass(env, BRIDGE "$HeadersCallback");
    jclass throwable = (*env)->FindClass(env, "java/lang/Throwable");
    jclass bridge = (*env)->FindClass(env, BRIDGE);
    if (g_zerobus_exception == NULL || g_illegal_state == NULL || g_out_of_memory == NULL || g_null_pointer == NULL ||
        g_byte_array == NULL || g_byte_array_array == NULL || callback == NULL || throwable == NULL ||
        bridge == NULL) {
        return JNI_ERR; /* NoClassDefFoundError pending */
    }
    g_zerobus_exception_init =
        (*env)->GetMethodID(env, g_zerobus_exception, "<init>", "(Ljava/lang/String;IZI)V");
    g_headers_fetch = (*env)->GetMethodID(env, callback, "fetch", "()[Ljava/lang/String;");
    g_headers_invalidate = (*env)->GetMethodID(env, callback, "invalidate", "()V");
    g_throwable_to_string = (*env)->GetMethodID(env, throwable, "toString", "()Ljava/lang/String;");
    if (g_zerobus_exception_init == NULL || g_headers_fetch == NULL || g_headers_invalidate == NULL ||
        g_throwable_to_string == NULL) {
        return JNI_ERR; /* NoSuchMethodError pending */
    }
    if ((*env)->RegisterNatives(env, bridge, g_methods, (jint)(sizeof g_methods / sizeof g_methods[0])) != 0) {
        return JNI_ERR;
    }
    (*env)->DeleteLocalRef(env, callback);
    (*env)->DeleteLocalRef(env, throwable);
    (*env)->DeleteLocalRef(env, bridge);
    return JNI_VERSION_1_8;
}
