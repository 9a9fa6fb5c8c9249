/*
 * Loads a JNI library the way the JVM does (dlopen with RTLD_NOW: every symbol and every symbol version is resolved
 * at once, so a library that needs a newer glibc fails here with "version `GLIBC_x.y' not found"), checks that
 * JNI_OnLoad resolves, calls zbn_version (Rust code, running on this C library), and prints the glibc it ran on.
 * Built and run against an old-glibc sysroot by platform-test.sh (for PlatformLibrariesTest):
 *   dlopen-check LIBRARY   ->   OK glibc=2.31 JNI_OnLoad=0x... version=zerobus_native 0.1.0
 */
#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s LIBRARY\n", argv[0]);
        return 2;
    }
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        printf("FAILED dlopen: %s\n", dlerror());
        return 1;
    }
    void *on_load = dlsym(library, "JNI_OnLoad");
    if (on_load == NULL) {
        printf("FAILED no JNI_OnLoad: %s\n", dlerror());
        return 1;
    }
    char version[128] = "?";
    size_t (*zbn_version)(uint8_t *, size_t) = (size_t (*)(uint8_t *, size_t))dlsym(library, "zbn_version");
    if (zbn_version != NULL) {
        size_t n = zbn_version((uint8_t *)version, sizeof version - 1);
        version[n < sizeof version ? n : sizeof version - 1] = '\0';
    }
    printf("OK glibc=%s JNI_OnLoad=%p version=%s\n", gnu_get_libc_version(), on_load, version);
    return 0;
}
