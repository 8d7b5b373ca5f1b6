#ifndef CHAFF_FUZZ_DRIVER_H
#define CHAFF_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// What libFuzzer calls with each input; returns 0.
typedef int (*chaff_fuzz_callback)(const uint8_t *data, size_t size);

/// Whether libFuzzer's driver is linked in: `Scripts/fuzz` links it
/// (`libclang_rt.fuzzer_no_main`); a plain `swift build` does not, and
/// `chaff-fuzz` then only replays the inputs it is given.
int chaff_fuzz_driver_linked(void);

/// Runs libFuzzer with `argc` and `argv` (its own flags and corpus folders)
/// and `callback` as the fuzz target; returns its exit status. Call only
/// when ``chaff_fuzz_driver_linked`` says yes.
int chaff_fuzz_run(int *argc, char ***argv, chaff_fuzz_callback callback);

#endif
