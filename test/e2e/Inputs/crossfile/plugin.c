/* An instrumented library loaded with dlopen; calls into libshared.so. */
int lib_shared(int x);
int plugin_calls(int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += lib_shared(i);
  return s;
}
