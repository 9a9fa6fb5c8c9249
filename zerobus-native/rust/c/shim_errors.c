/*
 * Turning Rust errors into Java exceptions, and strings between Java and C: Java strings are read as UTF-16
 * (GetStringLength/GetStringRegion) and converted to standard UTF-8 here, and Java strings are made from UTF-8 by
 * converting to UTF-16 for NewString. JNI's "modified UTF-8" (GetStringUTFChars, NewStringUTF) is never used: it
 * encodes U+0000 as C0 80 and supplementary characters as two 3-byte surrogates, which is not UTF-8.
 */
#include "shim.h"

#include <stdio.h>
#include <string.h>

/* UTF-16 units read per GetStringRegion call. */
#define CHUNK_UNITS 256
/* UTF-16 units of a new Java string converted on the stack; longer texts use the heap. */
#define STACK_UNITS 1024

/* Overwrites memory that may have held a secret, in a way the compiler cannot drop. */
static void wipe(void *p, size_t n) {
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (n--) {
        *v++ = 0;
    }
}

static jmethodID illegal_state_init(JNIEnv *env) {
    /* Looked up on first use (a jmethodID stays valid while the class is loaded; g_illegal_state is global). */
    static jmethodID init;
    if (init == NULL) {
        init = (*env)->GetMethodID(env, g_illegal_state, "<init>", "(Ljava/lang/String;)V");
    }
    return init;
}

/* Turns a Rust error into a pending Java exception (no-op when there is none). */
HIDDEN void throw_error(JNIEnv *env, const zbn_error *err) {
    if (err->code == ZBN_CODE_OK || err->code == ZBN_CODE_JAVA_PENDING) {
        return;
    }
    if ((*env)->ExceptionCheck(env)) {
        return;
    }
    /* The message is NUL-free UTF-8, cut at a character boundary by the Rust side (strings.rs). */
    size_t len = strnlen(err->message, ZBN_MESSAGE_CAP - 1);
    if (err->message_len < len) {
        len = err->message_len;
    }
    jstring message = new_java_string(env, err->message, len);
    if (message == NULL) {
        return; /* OutOfMemoryError pending */
    }
    jobject exception;
    if (err->code == ZBN_CODE_ILLEGAL_STATE) {
        jmethodID init = illegal_state_init(env);
        exception = init != NULL ? (*env)->NewObject(env, g_illegal_state, init, message) : NULL;
    } else {
        exception = (*env)->NewObject(env, g_zerobus_exception, g_zerobus_exception_init, message, (jint)err->kind,
                                      (jboolean)(err->retryable != 0), (jint)err->grpc_status);
    }
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
    err.message_len = (uint32_t)strlen(err.message);
    throw_error(env, &err);
}

/* Writes the UTF-8 of code point cp (not a surrogate) at dst; returns its length. */
static size_t put_utf8(char *dst, uint32_t cp) {
    unsigned char *d = (unsigned char *)dst;
    if (cp < 0x80) {
        d[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xC0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18));
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

#define IS_HIGH(u) ((u) >= 0xD800 && (u) <= 0xDBFF)
#define IS_LOW(u) ((u) >= 0xDC00 && (u) <= 0xDFFF)

HIDDEN int java_to_utf8(JNIEnv *env, jstring string, int lenient, utf_string *out, jsize *lone_at) {
    out->chars = NULL;
    out->len = 0;
    out->heap = NULL;
    if (string == NULL) {
        return ZBN_UTF_OK;
    }
    jsize n = (*env)->GetStringLength(env, string);
    /* At most 3 bytes per UTF-16 unit (a surrogate pair, 2 units, is 4 bytes), and the terminator. */
    size_t cap = (size_t)n * 3 + 1;
    char *dst = out->inline_chars;
    if (cap > sizeof out->inline_chars) {
        dst = (char *)malloc(cap);
        if (dst == NULL) {
            (*env)->ThrowNew(env, g_out_of_memory, "converting a string to UTF-8");
            return ZBN_UTF_PENDING;
        }
        out->heap = dst;
    }
    jchar chunk[CHUNK_UNITS];
    size_t len = 0;
    jsize at = 0;
    int rc = ZBN_UTF_OK;
    while (rc == ZBN_UTF_OK && at < n) {
        jsize count = n - at < CHUNK_UNITS ? n - at : CHUNK_UNITS;
        (*env)->GetStringRegion(env, string, at, count, chunk);
        if ((*env)->ExceptionCheck(env)) {
            rc = ZBN_UTF_PENDING;
            break;
        }
        jsize i = 0;
        for (; i < count; i++) {
            uint32_t u = chunk[i];
            if (IS_HIGH(u)) {
                if (i + 1 == count && at + count < n) {
                    break; /* a pair cut by the chunk: read it again at the start of the next one */
                }
                if (i + 1 < count && IS_LOW(chunk[i + 1])) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (chunk[i + 1] - 0xDC00u);
                    i++;
                } else if (lenient) {
                    u = 0xFFFD;
                } else {
                    *lone_at = at + i;
                    rc = ZBN_UTF_LONE_SURROGATE;
                    break;
                }
            } else if (IS_LOW(u)) {
                if (!lenient) {
                    *lone_at = at + i;
                    rc = ZBN_UTF_LONE_SURROGATE;
                    break;
                }
                u = 0xFFFD;
            }
            len += put_utf8(dst + len, u);
        }
        at += i;
    }
    wipe(chunk, sizeof chunk);
    if (rc != ZBN_UTF_OK) {
        wipe(dst, len);
        free(out->heap);
        out->heap = NULL;
        return rc;
    }
    dst[len] = '\0';
    out->chars = dst;
    out->len = len;
    return ZBN_UTF_OK;
}

/* What to call an argument in a message, from its C name in the natives. */
static const char *describe(const char *what) {
    static const char *const names[][2] = {
        {"endpoint", "Zerobus endpoint"},
        {"workspace", "workspace URL"},
        {"ca_path", "CA certificate path"},
        {"user_agent", "user agent"},
        {"version", "client version"},
        {"table", "table name"},
        {"client_id", "OAuth client id"},
        {"client_secret", "OAuth client secret"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(what, names[i][0]) == 0) {
            return names[i][1];
        }
    }
    return what;
}

HIDDEN int get_utf_named(JNIEnv *env, jstring string, const char *what, utf_string *out) {
    jsize lone_at = 0;
    int rc = java_to_utf8(env, string, 0, out, &lone_at);
    if (rc == ZBN_UTF_LONE_SURROGATE) {
        char message[256];
        snprintf(message, sizeof message,
                 "the %s is not valid Unicode: it contains a lone UTF-16 surrogate at index %d (value not shown)",
                 describe(what), (int)lone_at);
        throw_invalid_argument(env, message);
        return -1;
    }
    return rc == ZBN_UTF_OK ? 0 : -1;
}

HIDDEN void release_utf(JNIEnv *env, utf_string *s) {
    (void)env;
    if (s->chars != NULL) {
        wipe((void *)s->chars, s->len); /* it may have been a secret */
        s->chars = NULL;
    }
    free(s->heap);
    s->heap = NULL;
    s->len = 0;
}

HIDDEN jstring new_java_string(JNIEnv *env, const char *utf8, size_t len) {
    if (len == 0) {
        static const jchar none = 0;
        return (*env)->NewString(env, &none, 0);
    }
    /* Never more UTF-16 units than UTF-8 bytes. */
    jchar stack_units[STACK_UNITS] = {0}; /* initialized only to quiet -Wmaybe-uninitialized */
    jchar *units = stack_units;
    if (len > STACK_UNITS) {
        if (len > (size_t)0x7FFFFFFF) {
            (*env)->ThrowNew(env, g_out_of_memory, "string too long for Java");
            return NULL;
        }
        units = (jchar *)malloc(len * sizeof(jchar));
        if (units == NULL) {
            (*env)->ThrowNew(env, g_out_of_memory, "converting a string to UTF-16");
            return NULL;
        }
    }
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t c = s[i];
        if (c < 0x80) {
            units[n++] = (jchar)c;
            i++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if ((c & 0xE0) == 0xC0) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            units[n++] = 0xFFFD; /* a stray continuation byte or an invalid lead byte */
            i++;
            continue;
        }
        size_t k = 1;
        while (k <= need && i + k < len && (s[i + k] & 0xC0) == 0x80) {
            cp = cp << 6 | (s[i + k] & 0x3F);
            k++;
        }
        i += k;
        if (k <= need || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            units[n++] = 0xFFFD; /* truncated, overlong, out of range or an encoded surrogate */
        } else if (cp >= 0x10000) {
            cp -= 0x10000;
            units[n++] = (jchar)(0xD800 + (cp >> 10));
            units[n++] = (jchar)(0xDC00 + (cp & 0x3FF));
        } else {
            units[n++] = (jchar)cp;
        }
    }
    jstring result = (*env)->NewString(env, units, (jsize)n);
    if (units != stack_units) {
        free(units);
    }
    return result;
}
