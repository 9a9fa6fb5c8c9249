/* Turning Rust errors into Java exceptions, and Java strings into C strings. */
#include "shim.h"

#include <string.h>

/* Turns a Rust error into a pending Java exception (no-op when there is none). */
HIDDEN void throw_error(JNIEnv *env, const zbn_error *err) {
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

HIDDEN void throw_invalid_argument(JNIEnv *env, const char *message) {
    zbn_error err;
    err.code = ZBN_CODE_ZEROBUS;
    err.kind = ZBN_KIND_INVALID_ARGUMENT;
    err.retryable = 0;
    err.grpc_status = -1;
    strncpy(err.message, message, ZBN_MESSAGE_CAP - 1);
    err.message[ZBN_MESSAGE_CAP - 1] = '\0';
    throw_error(env, &err);
}


HIDDEN int get_utf(JNIEnv *env, jstring string, utf_string *out) {
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

HIDDEN void release_utf(JNIEnv *env, utf_string *s) {
    if (s->chars != NULL) {
        (*env)->ReleaseStringUTFChars(env, s->string, s->chars);
        s->chars = NULL;
    }
}
