"""Print a C program with N instrumented functions f0..f{N-1}, each called once."""
import sys

n = int(sys.argv[1])
out = sys.stdout
for i in range(n):
    out.write("void f%d(void) {}\n" % i)
out.write("typedef void (*fn)(void);\nstatic fn all[] = {\n")
for i in range(n):
    out.write("f%d,\n" % i)
out.write("};\nint main(void) {\n  for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)\n"
          "    all[i]();\n  return 0;\n}\n")
