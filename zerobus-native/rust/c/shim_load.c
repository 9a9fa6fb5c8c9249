/*
 * JNI_OnLoad of libzerobus_native (called through the Rust trampoline): caches classes and method ids, so native
 * threads never need FindClass, and binds the natives of NativeBridge with RegisterNatives, so no Java_* symbol is
 * exported and nothing can clash with another JNI library (such as the official SDK's) in the same JVM.
 */
#include "shim.h"

HIDDEN JavaVM *g_vm;
HIDDEN jclass g_zerobus_exception;
HIDDEN jmethodID g_zerobus_exception_init;
HIDDEN jclass g_illegal_state;
HIDDEN jclass g_out_of_memory;
HIDDEN jclass g_null_pointer;
HIDDEN jclass g_byte_array;       /* byte[]   */
HIDDEN jclass g_byte_array_array; /* byte[][] */
HIDDEN jmethodID g_headers_fetch;
HIDDEN jmethodID g_headers_invalidate;
HIDDEN jmethodID g_throwable_to_string;

static jclass global_class(JNIEnv *env, const char *name) {
    jclass local = (*env)->FindClass(env, name);
    if (local == NULL) {
        return NULL;
    }
    jclass global = (jclass)(*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    return global;
}





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
    jclass callback = (*env)->FindClass(env, ZBN_BRIDGE "$HeadersCallback");
    jclass throwable = (*env)->FindClass(env, "java/lang/Throwable");
    jclass bridge = (*env)->FindClass(env, ZBN_BRIDGE);
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
    if ((*env)->RegisterNatives(env, bridge, zbn_stream_natives, zbn_stream_natives_count) != 0 ||
        (*env)->RegisterNatives(env, bridge, zbn_unacked_natives, zbn_unacked_natives_count) != 0) {
        return JNI_ERR;
    }
    (*env)->DeleteLocalRef(env, callback);
    (*env)->DeleteLocalRef(env, throwable);
    (*env)->DeleteLocalRef(env, bridge);
    return JNI_VERSION_1_8;
}
