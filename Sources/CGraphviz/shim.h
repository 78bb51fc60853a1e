// Graphviz's C API, as pkg-config's include path finds it (<gvc.h>, not <graphviz/gvc.h>:
// Graphviz 11 and later add a different include directory).
#include <gvc.h>
#include <cgraph.h>
