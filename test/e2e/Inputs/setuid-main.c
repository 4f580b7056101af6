/* The program of setuid-ignores-cprof-variables.test. */
void work(void) {}
int main(void) {
  work();
  return 0;
}
