#include <zlib.h>

// inflateInit2 is a macro that Swift cannot call; wrap it.
static inline int czlib_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

// deflateInit2 is a macro too; wrap it (used to write gzip files).
static inline int czlib_deflateInit2(z_streamp strm, int level, int method, int windowBits,
                                     int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}
