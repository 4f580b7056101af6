/* C code between a C++ caller and a C++ callback that throws. */
void each(int n, void (*fn)(int)) {
  for (int i = 0; i < n; i++)
    fn(i);
}
