// cblas.h from OpenBLAS; the include path comes from pkg-config (openblas).
#include <cblas.h>
