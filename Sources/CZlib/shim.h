#ifndef FIELDCASE_CZLIB_SHIM_H
#define FIELDCASE_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros (they pass zlib's version and the stream's size): Swift sees
   neither, so the outbox's compression calls them through these. */

static inline int fc_deflate_init_raw(z_streamp stream) {
    return deflateInit2(stream, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
}

static inline int fc_inflate_init_raw(z_streamp stream) { return inflateInit2(stream, -15); }

#endif
