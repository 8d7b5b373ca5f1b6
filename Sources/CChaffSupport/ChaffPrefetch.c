// The prefetch, the ASCII run, the line end and the bucket tally are static
// inline, in include/; SwiftPM needs one source file to build the target.
#include "ChaffPrefetch.h"
