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
                                   jstring user_agent, jstring version, jlong flags) {
    (void)cls;
    utf_string e, w, c, u, v;
    jlong handle = 0;
    if (get_utf(env, endpoint, &e) != 0) {
        return 0;
    }
    if (get_utf(env, workspace, &w) == 0) {
        if (get_utf(env, ca_path, &c) == 0) {
            if (get_utf(env, user_agent, &u) == 0) {
                if (get_utf(env, version, &v) == 0) {
                    NEW_ERR(err);
                    handle = zbn_sdk_create(e.chars, e.len, w.chars, w.len, c.chars, c.len, u.chars, u.len, v.chars,
                                            v.len, (int64_t)flags, &err);
                    release_utf(env, &v);
                    throw_error(env, &err);
                }
                release_utf(env, &u);
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
    /* The Rust side checks the length; the shim only copies. */
    jsize options_len = options != NULL ? (*env)->GetArrayLength(env, options) : 0;
    if (options == NULL || options_len > ZBN_MAX_OPTIONS) {
        throw_invalid_argument(env, "options must be a long[] of NativeBridge.OPTIONS_LENGTH values");
        return 0;
    }
    jlong opts[ZBN_MAX_OPTIONS];
    (*env)->GetLongArrayRegion(env, options, 0, options_len, opts);
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
                    int64_t native_options[ZBN_MAX_OPTIONS];
                    for (jsize i = 0; i < options_len; i++) {
                        native_options[i] = (int64_t)opts[i];
                    }
                    NEW_ERR(err);
                    /* Rust owns `callback` from here on, on every path. */
                    handle = zbn_stream_create(sdk, t.chars, t.len, record_type, desc, desc_len, id.chars, id.len,
                                               secret.chars, secret.len, callback, native_options,
                                               (size_t)options_len, &err);
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

static jlong ingest_single(JNIEnv *env, jlong stream, jbyteArray record, int32_t record_type, jlong block_ms) {
    if (record == NULL) {
        throw_invalid_argument(env, "the record is null");
        return -1;
    }
    ingest_ctx ctx = {env, record, NULL};
    size_t len = (size_t)(*env)->GetArrayLength(env, record);
    NEW_ERR(err);
    jlong offset = zbn_ingest_one(stream, record_type, len, fill_single, &ctx, (int64_t)block_ms, &err);
    throw_error(env, &err);
    return offset;
}

static jlong ingest_batch(JNIEnv *env, jlong stream, jobjectArray records, int32_t record_type, jlong block_ms) {
    if (records == NULL) {
        throw_invalid_argument(env, "the batch is null");
        return -1;
    }
    ingest_ctx ctx = {env, NULL, records};
    jsize count = (*env)->GetArrayLength(env, records);
    NEW_ERR(err);
    jlong offset =
        zbn_ingest_batch(stream, record_type, count, batch_length, fill_batch, &ctx, (int64_t)block_ms, &err);
    throw_error(env, &err);
    return offset;
}

static jlong JNICALL nb_ingest_json(JNIEnv *env, jclass cls, jlong stream, jbyteArray record, jlong block_ms) {
    (void)cls;
    return ingest_single(env, stream, record, ZBN_RECORD_JSON, block_ms);
}

static jlong JNICALL nb_ingest_proto(JNIEnv *env, jclass cls, jlong stream, jbyteArray record, jlong block_ms) {
    (void)cls;
    return ingest_single(env, stream, record, ZBN_RECORD_PROTO, block_ms);
}

static jlong JNICALL nb_ingest_json_batch(JNIEnv *env, jclass cls, jlong stream, jobjectArray records,
                                          jlong block_ms) {
    (void)cls;
    return ingest_batch(env, stream, records, ZBN_RECORD_JSON, block_ms);
}

static jlong JNICALL nb_ingest_proto_batch(JNIEnv *env, jclass cls, jlong stream, jobjectArray records,
                                           jlong block_ms) {
    (void)cls;
    return ingest_batch(env, stream, records, ZBN_RECORD_PROTO, block_ms);
}

/* Taken single records (see ZerobusStream's linger): one call carries the whole buffer; `held` gets 2 values back. */
static jlong ingest_taken(JNIEnv *env, jlong stream, jobjectArray records, jint count, jlongArray held,
                          int32_t record_type) {
    if (records == NULL || held == NULL || count < 1 || count > (*env)->GetArrayLength(env, records) ||
        (*env)->GetArrayLength(env, held) < 2) {
        throw_invalid_argument(env, "taken records need a byte[][] of at least count records and a long[2]");
        return -1;
    }
    ingest_ctx ctx = {env, NULL, records};
    int64_t values[2] = {0, 0};
    NEW_ERR(err);
    jlong first = zbn_ingest_taken(stream, record_type, count, batch_length, fill_batch, &ctx, values, &err);
    if (err.code == ZBN_CODE_OK) {
        jlong out[2] = {(jlong)values[0], (jlong)values[1]};
        (*env)->SetLongArrayRegion(env, held, 0, 2, out);
    }
    throw_error(env, &err);
    return first;
}

static jlong JNICALL nb_ingest_json_taken(JNIEnv *env, jclass cls, jlong stream, jobjectArray records, jint count,
                                          jlongArray held) {
    (void)cls;
    return ingest_taken(env, stream, records, count, held, ZBN_RECORD_JSON);
}

static jlong JNICALL nb_ingest_proto_taken(JNIEnv *env, jclass cls, jlong stream, jobjectArray records, jint count,
                                           jlongArray held) {
    (void)cls;
    return ingest_taken(env, stream, records, count, held, ZBN_RECORD_PROTO);
}

static jboolean JNICALL nb_await_room(JNIEnv *env, jclass cls, jlong stream, jlong records, jlong bytes,
                                      jlong block_ms, jlongArray held) {
    (void)cls;
    if (held == NULL || (*env)->GetArrayLength(env, held) < 2) {
        throw_invalid_argument(env, "awaitRoom needs a long[2]");
        return JNI_FALSE;
    }
    int64_t values[2] = {0, 0};
    NEW_ERR(err);
    int32_t room = zbn_await_room(stream, records, bytes, block_ms, values, &err);
    if (err.code == ZBN_CODE_OK) {
        jlong out[2] = {(jlong)values[0], (jlong)values[1]};
        (*env)->SetLongArrayRegion(env, held, 0, 2, out);
    }
    throw_error(env, &err);
    return room ? JNI_TRUE : JNI_FALSE;
}

/* The check reads the array in place: the Rust side only parses it, without calling back into the JVM. */
static void JNICALL nb_check_json(JNIEnv *env, jclass cls, jlong stream, jbyteArray record) {
    (void)cls;
    if (record == NULL) {
        throw_invalid_argument(env, "the record is null");
        return;
    }
    jsize len = (*env)->GetArrayLength(env, record);
    void *data = (*env)->GetPrimitiveArrayCritical(env, record, NULL);
    if (data == NULL) {
        return; /* OutOfMemoryError pending */
    }
    NEW_ERR(err);
    zbn_check_json(stream, (const uint8_t *)data, (size_t)len, &err);
    (*env)->ReleasePrimitiveArrayCritical(env, record, data, JNI_ABORT);
    throw_error(env, &err);
}

static jint JNICALL nb_await_open(JNIEnv *env, jclass cls, jlong stream, jlong timeout_ms) {
    (void)cls;
    NEW_ERR(err);
    jint state = zbn_await_open(stream, timeout_ms, &err);
    throw_error(env, &err);
    return state;
}

/* pollEvents: the drained lines arrive in one callback and become one byte[]. */
typedef struct {
    JNIEnv *env;
    jbyteArray out;
} events_ctx;

static int32_t put_events(void *ctx, const uint8_t *data, size_t len) {
    events_ctx *c = (events_ctx *)ctx;
    c->out = (*c->env)->NewByteArray(c->env, (jsize)len);
    if (c->out == NULL) {
        return 1;
    }
    (*c->env)->SetByteArrayRegion(c->env, c->out, 0, (jsize)len, (const jbyte *)data);
    return (*c->env)->ExceptionCheck(c->env) ? 1 : 0;
}

static jbyteArray JNICALL nb_poll_events(JNIEnv *env, jclass cls, jlong timeout_ms) {
    (void)cls;
    events_ctx ctx = {env, NULL};
    NEW_ERR(err);
    zbn_poll_events(timeout_ms, put_events, &ctx, &err);
    throw_error(env, &err);
    return ctx.out;
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

static jboolean JNICALL nb_wait_for_offset(JNIEnv *env, jclass cls, jlong stream, jlong offset, jlong timeout_ms) {
    (void)cls;
    NEW_ERR(err);
    int32_t acked = zbn_wait_for_offset(stream, offset, timeout_ms, &err);
    throw_error(env, &err);
    return acked ? JNI_TRUE : JNI_FALSE;
}

static jlong JNICALL nb_close_start(JNIEnv *env, jclass cls, jlong stream) {
    (void)cls;
    NEW_ERR(err);
    jlong last = zbn_close_start(stream, &err);
    throw_error(env, &err);
    return last;
}

static void JNICALL nb_close_finish(JNIEnv *env, jclass cls, jlong stream, jlong timeout_ms) {
    (void)cls;
    NEW_ERR(err);
    zbn_close_finish(stream, timeout_ms, &err);
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

static void JNICALL nb_stream_stats(JNIEnv *env, jclass cls, jlong stream, jlongArray out) {
    (void)cls;
    jsize len = out != NULL ? (*env)->GetArrayLength(env, out) : 0;
    if (out == NULL || len > ZBN_MAX_STATS) {
        throw_invalid_argument(env, "stats need a long[] of NativeBridge.STATS_LENGTH values");
        return;
    }
    int64_t stats[ZBN_MAX_STATS] = {0};
    NEW_ERR(err);
    zbn_stream_stats(stream, stats, (size_t)len, &err);
    if (err.code != ZBN_CODE_OK) {
        throw_error(env, &err);
        return;
    }
    jlong values[ZBN_MAX_STATS];
    for (jsize i = 0; i < len; i++) {
        values[i] = (jlong)stats[i];
    }
    (*env)->SetLongArrayRegion(env, out, 0, len, values);
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
    {"sdkCreate",
     "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;J)J",
     (void *)nb_sdk_create},
    {"sdkFree", "(J)V", (void *)nb_sdk_free},
    {"streamCreate", "(JLjava/lang/String;I[BLjava/lang/String;Ljava/lang/String;" CALLBACK_SIG "[J)J",
     (void *)nb_stream_create},
    {"streamRecreate", "(JJ)J", (void *)nb_stream_recreate},
    {"awaitOpen", "(JJ)I", (void *)nb_await_open},
    {"ingestJson", "(J[BJ)J", (void *)nb_ingest_json},
    {"ingestProto", "(J[BJ)J", (void *)nb_ingest_proto},
    {"ingestJsonBatch", "(J[[BJ)J", (void *)nb_ingest_json_batch},
    {"ingestProtoBatch", "(J[[BJ)J", (void *)nb_ingest_proto_batch},
    {"ingestJsonTaken", "(J[[BI[J)J", (void *)nb_ingest_json_taken},
    {"ingestProtoTaken", "(J[[BI[J)J", (void *)nb_ingest_proto_taken},
    {"awaitRoom", "(JJJJ[J)Z", (void *)nb_await_room},
    {"checkJson", "(J[B)V", (void *)nb_check_json},
    {"ackedUpTo", "(J)J", (void *)nb_acked_up_to},
    {"awaitAckProgress", "(JJJ)J", (void *)nb_await_ack_progress},
    {"waitForOffset", "(JJJ)Z", (void *)nb_wait_for_offset},
    {"closeStart", "(J)J", (void *)nb_close_start},
    {"closeFinish", "(JJ)V", (void *)nb_close_finish},
    {"streamFree", "(J)V", (void *)nb_stream_free},
    {"streamState", "(J)I", (void *)nb_stream_state},
    {"streamStats", "(J[J)V", (void *)nb_stream_stats},
    {"streamId", "(J)Ljava/lang/String;", (void *)nb_stream_id},
    {"throwFailure", "(J)V", (void *)nb_throw_failure},
    {"pollEvents", "(J)[B", (void *)nb_poll_events},
};

HIDDEN const int zbn_stream_natives_count = (int)(sizeof zbn_stream_natives / sizeof zbn_stream_natives[0]);
