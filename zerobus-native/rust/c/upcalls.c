/*
 * Upcalls from native threads (the Rust runtime's blocking pool): the HeadersCallback of a stream and the release of
 * global references. The thread is attached as a daemon for the call and detached after, if it was not attached.
 */
#include "shim.h"

#include <stdio.h>
#include <string.h>

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

/* Reports a header name or value that is not valid Unicode, naming the header (when it can), never the value. */
static void fail_lone_surrogate(void *sink, const utf_string *name, jsize lone_at) {
    char m[320];
    if (name == NULL) {
        snprintf(m, sizeof m, "a header name contains a lone UTF-16 surrogate at index %d (not valid Unicode)",
                 (int)lone_at);
    } else {
        snprintf(m, sizeof m,
                 "the value of header '%.200s' contains a lone UTF-16 surrogate at index %d (not valid Unicode; value "
                 "not shown)",
                 name->chars, (int)lone_at);
    }
    zbn_headers_invalid(sink, m, strlen(m));
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
        utf_string chars;
        jsize lone_at;
        if (java_to_utf8(env, text, 1, &chars, &lone_at) == ZBN_UTF_OK) {
            zbn_headers_fail(sink, chars.chars, chars.len);
            release_utf(env, &chars);
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
            jsize lone_at = 0;
            int name_rc, value_rc;
            if (name == NULL || value == NULL) {
                const char *m = "fetch() returned a null header name or value";
                zbn_headers_fail(sink, m, strlen(m));
                rc = 1;
            } else if ((name_rc = java_to_utf8(env, name, 0, &a, &lone_at)) == ZBN_UTF_OK) {
                if ((value_rc = java_to_utf8(env, value, 0, &b, &lone_at)) == ZBN_UTF_OK) {
                    zbn_headers_put(sink, a.chars, a.len, b.chars, b.len);
                    release_utf(env, &b);
                } else if (value_rc == ZBN_UTF_LONE_SURROGATE) {
                    fail_lone_surrogate(sink, &a, lone_at);
                    rc = 1;
                } else {
                    fail_with_pending(env, sink);
                    rc = 1;
                }
                release_utf(env, &a);
            } else if (name_rc == ZBN_UTF_LONE_SURROGATE) {
                fail_lone_surrogate(sink, NULL, lone_at);
                rc = 1;
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
