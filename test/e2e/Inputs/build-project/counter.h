#ifdef __cplusplus
extern "C" {
#endif
void counter_add(int n);
int counter_total(void);
#ifdef __cplusplus
}
#endif
