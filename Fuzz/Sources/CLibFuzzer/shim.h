// libFuzzer's driver, linked in by -sanitize=fuzzer (libclang_rt.fuzzer).
//
// SwiftPM gives every executable target its own `main` (it links the target's
// entry point as `main`), so libFuzzer's `main` is never used. The fuzz targets'
// main.swift calls this driver instead, with the process arguments and the
// LLVMFuzzerTestOneInput function.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
