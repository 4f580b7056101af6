/* An instrumented library linked normally (dlopen-dlclose-stats-survive.c). */
static int linked_helper(int x) { return x - 1; }
int linked_entry(int x) { return linked_helper(x) + linked_helper(x); }
