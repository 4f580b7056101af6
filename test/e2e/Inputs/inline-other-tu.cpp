// Second translation unit using the same inline function and template.
#include "inline-shared.h"
int other_tu(int x) { return bump(x) + Box<int>(x).get(); }
