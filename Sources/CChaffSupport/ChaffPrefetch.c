// The prefetch, the byte scans and the bucket tally are static functions in
// include/'s headers; this file gives their header a place in the build.
#include "ChaffPrefetch.h"
