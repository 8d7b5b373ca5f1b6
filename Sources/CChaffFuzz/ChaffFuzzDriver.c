#include "ChaffFuzzDriver.h"

// libFuzzer's entry point for programs that have their own `main`. Weak, so
// that a build without libFuzzer links, and the pointer is null.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

int chaff_fuzz_driver_linked(void) { return LLVMFuzzerRunDriver != 0; }

int chaff_fuzz_run(int *argc, char ***argv, chaff_fuzz_callback callback)
{
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
