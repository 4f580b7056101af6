# lit configuration shared by every suite under test/.
import os
import shutil
import lit.formats
import lit.util

config.name = "cprof"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".ll", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "lit.local.cfg", "conformance"]
config.test_source_root = os.path.dirname(__file__)

site = lit_config.params.get("site")
if site:
    lit_config.load_config(config, site)
elif not hasattr(config, "cprof_obj_root"):
    lit_config.fatal("run lit through ctest, or pass --param site=<build>/test/lit.site.cfg.py")

obj = config.cprof_obj_root
# --param compiler=gcc: the e2e programs are built with cprof-gcc/cprof-g++
# (the GCC plugin) instead of cprof-cc/cprof-c++ (ctest lit-e2e-gcc), in an
# output tree of their own (both runs may go side by side).
compiler = lit_config.params.get("compiler", "clang")
if compiler not in ("clang", "gcc"):
    lit_config.fatal("--param compiler=%s: expected clang or gcc" % compiler)
config.test_exec_root = os.path.join(obj, "test", "lit-out" if compiler == "clang" else "lit-out-" + compiler)
if lit_config.params.get("cprof_timer"):  # its own outputs, beside the default run's
    config.test_exec_root += "-" + lit_config.params["cprof_timer"]

bin_dir = os.path.join(obj, "bin")
lib_dir = os.path.join(obj, "lib")
plugin = os.path.join(lib_dir, "cprof", "cprof-llvm.so")

config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["TZ"] = "UTC"
config.environment["LC_ALL"] = "C.UTF-8"
# Tests decide themselves where dumps go; never inherit a user's setting.
for var in list(os.environ):
    if var.startswith("CPROF_"):
        config.environment.pop(var, None)
# --param cprof_timer=T runs every test whose programs do not choose a timer
# themselves with CPROF_TIMER=T (ctest's e2e-sampled: the suite under the
# sampled timer); tests that depend on the default timer say REQUIRES:
# default-timer.
timer = lit_config.params.get("cprof_timer")
if timer:
    config.environment["CPROF_TIMER"] = timer
else:
    config.available_features.add("default-timer")

opt = os.path.join(config.llvm_tools_dir, "opt")
cprof_cc, cprof_cxx = ("cprof-gcc", "cprof-g++") if compiler == "gcc" else ("cprof-cc", "cprof-c++")
config.available_features.add("cprof-" + compiler)
if getattr(config, "cprof_gcc_plugin", "") == "ON":
    config.available_features.add("gcc-plugin")
# Sanitizer builds (CPROF_SANITIZE): test programs are built with the same
# sanitizer, whose runtime the executable must carry (libcprof.so uses it).
san = (" -fsanitize=%s -fno-omit-frame-pointer" % config.sanitize) if config.sanitize else ""
config.substitutions += [
    ("%clangxx", config.clangxx + san),
    ("%clang", config.clang + san),
    ("%cprof_cc_name", cprof_cc),  # (before %cprof_cc, its prefix)
    ("%cprof_cxx", os.path.join(bin_dir, cprof_cxx) + san),
    ("%cprof_cc", os.path.join(bin_dir, cprof_cc) + san),
    # a FileCheck prefix for what differs by compiler (CLANG, GCC)
    ("%cc_kind", compiler.upper()),
    # gcc and g++ themselves (plain -finstrument-functions tests)
    ("%gcc_cxx", shutil.which("g++") or "g++"),
    ("%gcc_cc", shutil.which("gcc") or "gcc"),
    ("%cprof_run", os.path.join(bin_dir, "cprof")),
    ("%pstats", os.path.join(bin_dir, "pstats")),
    ("%plugin", plugin),
    ("%opt", opt),
    ("%python", config.python),
    ("%libdir", lib_dir),
    ("%incdir", os.path.join(obj, "include")),
    ("%srcroot", config.cprof_src_root),
    ("%objroot", obj),
    ("%cmake", config.cmake),
    # the Python-made conformance vectors (test/conformance/README.md)
    ("%vectors", config.cprof_vectors),
    # the spelling of %vectors from when they lived outside the repository
    # (%shared/conformance/vectors); still the repository's own copy
    ("%shared", os.path.join(config.cprof_src_root, "test")),
    ("%check_dump", config.python + " " + os.path.join(config.cprof_src_root, "test", "tools", "check_dump.py")),
]
# FileCheck, not, count... come from llvm_tools_dir on PATH.

# headless Chromium for the HTML report (test/tools/chromium.py)
if getattr(config, "chromium", ""):
    config.available_features.add("chromium")
    config.environment["CPROF_CHROMIUM"] = config.chromium

if config.sanitize:
    config.available_features.add("sanitize-" + config.sanitize.replace(",", "-"))
    # the runtime's quiescence protocol, which TSan cannot model
    supp = os.path.join(config.cprof_src_root, "test", "sanitizers", "tsan.supp")
    # die_after_fork=0: a fork child of a threaded program starts its own
    # wall sampler thread (runtime/sampler.c), which glibc allows
    config.environment["TSAN_OPTIONS"] = "suppressions=%s:halt_on_error=1:die_after_fork=0" % supp
else:
    config.available_features.add("no-sanitizer")

# this build has the GCC plugin (plugin/gcc), which cprof_instrument() uses
# for GCC-compiled targets
if os.path.exists(os.path.join(lib_dir, "cprof", "cprof_gcc.so")):
    config.available_features.add("cprof-gcc-plugin")
