/* The natives that hand a stream's unacked requests to Java: offsets as long[], payloads as byte[][][]. */
#include "shim.h"

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

HIDDEN const JNINativeMethod zbn_unacked_natives[] = {
    {"unackedOffsets", "(J)[J", (void *)nb_unacked_offsets},
    {"unackedPayloads", "(J)[[[B", (void *)nb_unacked_payloads},
};

HIDDEN const int zbn_unacked_natives_count = (int)(sizeof zbn_unacked_natives / sizeof zbn_unacked_natives[0]);
