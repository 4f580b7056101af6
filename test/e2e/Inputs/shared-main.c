#include <stdio.h>
#ifdef __cplusplus
extern "C"
#endif
int lib_entry(int x);
int main(void) {
  int s = 0;
  for (int i = 0; i < 4; i++)
    s += lib_entry(i);
  printf("%d\n", s);
  return 0;
}
