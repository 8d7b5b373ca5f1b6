// The functions of this target are static inline, in include/ChaffPrefetch.h;
// SwiftPM needs one source file to build the target.
#include "ChaffPrefetch.h"
