/*
 * Upcalls from native threads (the Rust runtime's blocking pool): the HeadersCallback of a stream and the release of
 * global references. The thread is attached as a daemon for the call and detached after, if it was not attached.
 */
#include "shim.h"

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
