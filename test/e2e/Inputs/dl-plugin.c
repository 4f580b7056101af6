/* An instrumented library loaded with dlopen (dlopen-dlclose-stats-survive.c). */
static int plugin_helper(int x) { return x + 1; }
int plugin_entry(int x) { return plugin_helper(x) * 2; }
