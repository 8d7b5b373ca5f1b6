// The prefetch and the ASCII run are static inline, in include/;
// SwiftPM needs one source file to build the target.
#include "ChaffPrefetch.h"
