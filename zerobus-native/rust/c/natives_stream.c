/* The natives of NativeBridge for SDKs, streams, ingest, waits and stats: argument conversion around zbn_* calls. */
#include "shim.h"

#include <stdlib.h>

#define CALLBACK_SIG "L" ZBN_BRIDGE "$HeadersCallback;"

static jstring JNICALL nb_version(JNIEnv *env, jclass cls) {
    (void)cls;
    uint8_t buf[128];
    size_t len = zbn_version(buf, sizeof buf);
    return new_java_string(env, (const char *)buf, len);
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
    return len < 0 ? NULL : new_java_string(env, (const char *)buf, (size_t)len);
}

static void JNICALL nb_throw_failure(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    zbn_throw_failure(stream, &err);
    throw_error(env, &err);
}

/* Unacked requests: offsets into a long[], payloads into byte[][][]. */

HIDDEN const JNINativeMethod zbn_stream_natives[] = {
    {"version", "()Ljava/lang/String;", (void *)nb_version},
    {"sdkCreate", "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)J",
     (void *)nb_sdk_create},
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
};

HIDDEN const int zbn_stream_natives_count = (int)(sizeof zbn_stream_natives / sizeof zbn_stream_natives[0]);
