// cprof GCC plugin: inserts the hooks of runtime/include/cprof/abi.h, as the
// LLVM pass (plugin/llvm/CprofInstrument.cpp) does for clang.
//
// One GIMPLE pass over each function in SSA form with its CFG and lowered
// EH. Every instrumented function gets a static descriptor
// (struct cprof_func_desc), __cprof_enter(desc) on entry and
// __cprof_exit(desc) on every way out: before each return, before each
// `resx` that resumes unwinding outside the function, and in a cleanup
// landing pad of its own for every statement that may throw out of the
// function (the CFG form of the try/finally GCC's -finstrument-functions
// wraps around a body). With builtins on, calls of functions not defined
// here are bracketed by __cprof_builtin_enter/__cprof_builtin_exit, on the
// normal edge and in a landing pad nested inside the call's own EH region.
// Hook calls are guarded by the __cprof_active byte: the bit read at entry
// decides the entry and every exit hook of the activation; each builtin
// site reads the byte again for its two hooks.
//
// Placement (-fplugin-arg-cprof_gcc-placement=): late (default) runs after
// the IPA inliner and cloning, at the start of the optimization pipeline
// (after "ehdisp"): the functions of the optimized binary, with -flto in the
// link-time compiler. early runs right after the body goes into SSA form
// ("ssa"), before any inlining: every source function.

#include "gcc-plugin.h"
#include "plugin-version.h"

#include "tree.h"
#include "tree-pass.h"
#include "context.h"
#include "function.h"
#include "basic-block.h"
#include "cfghooks.h"
#include "cfgloop.h"
#include "dominance.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-ssa.h"
#include "ssa.h"
#include "tree-cfg.h"
#include "tree-eh.h"
#include "except.h"
#include "tree-into-ssa.h"
#include "tree-phinodes.h"
#include "stringpool.h"
#include "attribs.h"
#include "cgraph.h"
#include "varasm.h"
#include "stor-layout.h"
#include "langhooks.h"
#include "memmodel.h"
#include "diagnostic-core.h"
#include "ggc.h"

#include <cxxabi.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "cprof/abi.h"

// GCC loads only plugins that declare this (the symbols it looks up are
// the only ones exported: the library is built with hidden visibility).
__attribute__((visibility("default"))) int plugin_is_GPL_compatible;

namespace {

// The descriptor built here must match abi.h field for field.
static_assert(offsetof(cprof_func_desc, line) == 3 * sizeof(void *), "abi.h layout changed");
static_assert(offsetof(cprof_func_desc, abi_version) == 3 * sizeof(void *) + 12,
              "abi.h layout changed");
static_assert(sizeof(cprof_func_desc) == 3 * sizeof(void *) + 16, "abi.h layout changed");

struct Options {
  bool subcalls = true;
  bool builtins = true;
  bool early = false;
  bool guard = true;
} opt;

// Trees the plugin keeps between functions, marked for the garbage
// collector (PLUGIN_REGISTER_GGC_ROOTS).
enum { R_DESC_TYPE, R_ENTER, R_EXIT, R_BENTER, R_BEXIT, R_ACTIVE, R_BUILTIN_DESCS, R_COUNT };
tree roots[R_COUNT];
// Marks a function whose hooks are in (clones made afterwards inherit it).
const char *const ATTR_DONE = "cprof instrumented";

// builtin descriptor by callee symbol (the decls are kept in
// roots[R_BUILTIN_DESCS] too)
std::map<std::string, tree> builtin_descs;

void mark_tree(void *p) { gt_ggc_mx_tree_node(p); }
void mark_tree_pch(void *p) { gt_pch_nx_tree_node(p); }
const ggc_root_tab root_tab[] = {
    {roots, R_COUNT, sizeof(tree), mark_tree, mark_tree_pch}, LAST_GGC_ROOT_TAB};

bool starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *symbol_name(tree decl) {
  const char *n = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(decl));
  return n[0] == '*' ? n + 1 : n; // asm label
}

// ------------------------------------------------------------- descriptors

tree desc_type() {
  if (roots[R_DESC_TYPE])
    return roots[R_DESC_TYPE];
  tree t = make_node(RECORD_TYPE);
  const struct {
    const char *name;
    tree type;
  } fields[] = {{"name", const_ptr_type_node}, {"file", const_ptr_type_node},
                {"addr", ptr_type_node},       {"line", uint32_type_node},
                {"flags", uint32_type_node},   {"id", uint32_type_node},
                {"abi_version", uint32_type_node}};
  tree chain = NULL_TREE; // finish_builtin_struct takes the fields last first
  for (const auto &f : fields) {
    tree fd = build_decl(BUILTINS_LOCATION, FIELD_DECL, get_identifier(f.name), f.type);
    DECL_CHAIN(fd) = chain;
    chain = fd;
  }
  finish_builtin_struct(t, "cprof_func_desc", chain, NULL_TREE);
  gcc_assert(tree_to_uhwi(TYPE_SIZE_UNIT(t)) == sizeof(cprof_func_desc));
  return roots[R_DESC_TYPE] = t;
}

tree string_ptr(const std::string &s) {
  return fold_convert(const_ptr_type_node, build_string_literal(s.size() + 1, s.c_str()));
}

// A static descriptor, with everything but `id` filled in.
tree make_desc(const std::string &sym, const std::string &name, const std::string &file,
               tree addr_of, unsigned line, unsigned flags, bool one_per_image) {
  if (!opt.subcalls)
    flags |= CPROF_DESC_NO_SUBCALLS;
  tree type = desc_type();
  vec<constructor_elt, va_gc> *v = nullptr;
  tree f = TYPE_FIELDS(type);
  tree values[] = {string_ptr(name),
                   string_ptr(file),
                   fold_convert(ptr_type_node, build_fold_addr_expr(addr_of)),
                   build_int_cst(uint32_type_node, line),
                   build_int_cst(uint32_type_node, flags),
                   build_int_cst(uint32_type_node, 0),
                   build_int_cst(uint32_type_node, CPROF_ABI_VERSION)};
  for (tree value : values) {
    CONSTRUCTOR_APPEND_ELT(v, f, value);
    f = DECL_CHAIN(f);
  }
  tree var = build_decl(BUILTINS_LOCATION, VAR_DECL, get_identifier(sym.c_str()), type);
  TREE_STATIC(var) = 1;
  TREE_ADDRESSABLE(var) = 1;
  TREE_USED(var) = 1;
  DECL_ARTIFICIAL(var) = 1;
  DECL_IGNORED_P(var) = 1;
  SET_DECL_ALIGN(var, TYPE_ALIGN(ptr_type_node));
  DECL_INITIAL(var) = build_constructor(type, v);
  if (one_per_image) {
    // One descriptor per callee per linked image (the LLVM pass's
    // linkonce_odr hidden __cprof_builtin.NAME: the same comdat group).
    TREE_PUBLIC(var) = 1;
    DECL_VISIBILITY(var) = VISIBILITY_HIDDEN;
    DECL_VISIBILITY_SPECIFIED(var) = 1;
    make_decl_one_only(var, DECL_ASSEMBLER_NAME(var));
  }
  varpool_node::finalize_decl(var);
  return var;
}

// The name a user knows: demangled, and without the suffixes of GCC's
// clones (.isra, .constprop, .lto_priv, .cold...), which are copies of the
// whole function. A .part clone (partial inlining: the part of the body
// left out of line) keeps "[clone .part.N]", as c++filt shows it, so that
// its calls are not added to the function's own.
bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

// C++20 coroutines: GCC's actor and destroyer of ramp R are
// R'(R.Frame*).actor/.destroy, whose frame type "<len>R.Frame" carries R's
// symbol; "" when sym is no such part.
std::string coroutine_ramp(const char *sym) {
  if (!ends_with(sym, ".Frame.actor") && !ends_with(sym, ".Frame.destroy"))
    return "";
  const char *frame = strstr(sym, ".Frame.");
  for (const char *z = sym; (z = strstr(z, "_Z")) && z < frame; z++) {
    const char *d = z;
    while (d > sym && d[-1] >= '0' && d[-1] <= '9')
      d--;
    if (d < z && strtoul(d, nullptr, 10) == size_t(frame + 6 - z))
      return std::string(z, frame - z);
  }
  return "";
}

std::string display_name(const char *sym, bool &is_cxx) {
  std::string base = sym, part;
  std::string ramp = coroutine_ramp(sym);
  if (!ramp.empty()) {
    // named as clang names the parts CoroSplit makes
    base = ramp;
    part = ends_with(sym, ".actor") ? " (.resume)" : " (.destroy)";
  } else if (const char *dot = strchr(sym, '.')) {
    base.assign(sym, dot - sym);
    if (const char *p = strstr(dot, ".part.")) {
      const char *end = p + 6;
      while (*end >= '0' && *end <= '9')
        end++;
      part = " [clone " + std::string(p, end) + "]";
    }
  }
  is_cxx = false;
  int status = 0;
  if (starts_with(base.c_str(), "_Z")) {
    if (char *d = abi::__cxa_demangle(base.c_str(), nullptr, nullptr, &status)) {
      if (status == 0 && base != d) {
        base = d;
        is_cxx = true;
      }
      free(d);
    }
  }
  return base + part;
}

tree func_desc(tree fn) {
  bool is_cxx = false;
  const char *sym = symbol_name(fn);
  std::string name = display_name(sym, is_cxx);
  const char *file = DECL_SOURCE_FILE(fn);
  if (!file)
    file = main_input_filename ? main_input_filename : "";
  return make_desc(std::string("__cprof_desc.") + sym, name, file, fn, DECL_SOURCE_LINE(fn),
                   is_cxx ? CPROF_DESC_CXX : 0, false);
}

tree builtin_desc(tree callee) {
  std::string sym = std::string("__cprof_builtin.") + symbol_name(callee);
  if (!opt.subcalls)
    sym += ".nosub";
  auto it = builtin_descs.find(sym);
  if (it != builtin_descs.end())
    return it->second;
  bool is_cxx = false;
  std::string name = "<built-in method " + display_name(symbol_name(callee), is_cxx) + ">";
  tree var = make_desc(sym, name, "~", callee, 0, CPROF_DESC_BUILTIN | (is_cxx ? CPROF_DESC_CXX : 0),
                       true);
  roots[R_BUILTIN_DESCS] = tree_cons(NULL_TREE, var, roots[R_BUILTIN_DESCS]);
  return builtin_descs[sym] = var;
}

// ------------------------------------------------------------------- hooks

tree hook_decl(int root, const char *name) {
  if (roots[root])
    return roots[root];
  tree type = build_function_type_list(void_type_node, ptr_type_node, NULL_TREE);
  tree decl = build_fn_decl(name, type);
  TREE_NOTHROW(decl) = 1;
  // leaf: the hooks never call back into this unit (so no abnormal edges
  // in functions calling setjmp); noplt: -fPIC code calls them through the
  // GOT, and a static link turns that into a direct call.
  DECL_ATTRIBUTES(decl) = tree_cons(get_identifier("leaf"), NULL_TREE,
                                    tree_cons(get_identifier("noplt"), NULL_TREE, NULL_TREE));
  return roots[root] = decl;
}

tree active_decl() {
  if (roots[R_ACTIVE])
    return roots[R_ACTIVE];
  tree var = build_decl(BUILTINS_LOCATION, VAR_DECL, get_identifier(CPROF_ACTIVE_SYMBOL),
                        unsigned_char_type_node);
  TREE_PUBLIC(var) = 1;
  DECL_EXTERNAL(var) = 1;
  TREE_STATIC(var) = 0;
  DECL_ARTIFICIAL(var) = 1;
  return roots[R_ACTIVE] = var;
}

// A new block after `after`, in `loop` (when loops are kept).
basic_block new_block(basic_block after, class loop *loop) {
  basic_block bb = create_empty_bb(after);
  if (current_loops && loop)
    add_bb_to_loop(bb, loop);
  bb->count = after->count;
  return bb;
}

// Before *gsi: `bits = __atomic_load_1(&__cprof_active, relaxed) & bit`;
// returns bits (NULL without guards).
tree load_active(gimple_stmt_iterator *gsi, unsigned bit, location_t loc) {
  if (!opt.guard)
    return NULL_TREE;
  tree load = builtin_decl_explicit(BUILT_IN_ATOMIC_LOAD_1);
  tree byte_type = TREE_TYPE(TREE_TYPE(load));
  tree raw = make_ssa_name(byte_type);
  gcall *call = gimple_build_call(load, 2, build_fold_addr_expr(active_decl()),
                                  build_int_cst(integer_type_node, MEMMODEL_RELAXED));
  gimple_call_set_lhs(call, raw);
  gimple_set_location(call, loc);
  gsi_insert_before(gsi, call, GSI_SAME_STMT);
  tree bits = make_ssa_name(byte_type);
  gassign *mask = gimple_build_assign(bits, BIT_AND_EXPR, raw, build_int_cst(byte_type, bit));
  gsi_insert_before(gsi, mask, GSI_SAME_STMT);
  return bits;
}

#if CPROF_ABI_VERSION >= 3
// ABI 3 (cprof/abi.h): once the runtime has marked a builtin descriptor
// CPROF_DESC_RT_CALLEE_INSTRUMENTED, the callee's own hooks count its calls
// and its call sites skip the builtin hooks. Before *gsi: `bits` and-ed with
// "not marked" (flags loaded relaxed), as a boolean deciding both hooks.
tree unless_callee_known(gimple_stmt_iterator *gsi, tree bits, tree bdesc, location_t loc) {
  tree flags_field = TYPE_FIELDS(desc_type());
  for (int i = 0; i < 4; i++) // name, file, addr, line, flags
    flags_field = DECL_CHAIN(flags_field);
  tree flags_ref = build3(COMPONENT_REF, uint32_type_node, bdesc, flags_field, NULL_TREE);
  tree load = builtin_decl_explicit(BUILT_IN_ATOMIC_LOAD_4);
  tree word_type = TREE_TYPE(TREE_TYPE(load));
  tree flags = make_ssa_name(word_type);
  gcall *call = gimple_build_call(load, 2, build_fold_addr_expr(flags_ref),
                                  build_int_cst(integer_type_node, MEMMODEL_RELAXED));
  gimple_call_set_lhs(call, flags);
  gimple_set_location(call, loc);
  gsi_insert_before(gsi, call, GSI_SAME_STMT);
  tree known = make_ssa_name(word_type);
  gsi_insert_before(gsi,
                    gimple_build_assign(known, BIT_AND_EXPR, flags,
                                        build_int_cst(word_type, CPROF_DESC_RT_CALLEE_INSTRUMENTED)),
                    GSI_SAME_STMT);
  tree unknown = make_ssa_name(boolean_type_node);
  gsi_insert_before(gsi,
                    gimple_build_assign(unknown, EQ_EXPR, known, build_zero_cst(word_type)),
                    GSI_SAME_STMT);
  tree active = make_ssa_name(boolean_type_node);
  gsi_insert_before(gsi,
                    gimple_build_assign(active, NE_EXPR, bits, build_zero_cst(TREE_TYPE(bits))),
                    GSI_SAME_STMT);
  tree on = make_ssa_name(boolean_type_node);
  gsi_insert_before(gsi, gimple_build_assign(on, BIT_AND_EXPR, active, unknown), GSI_SAME_STMT);
  return on;
}
#endif

// A call of hook(desc) at `bb`'s position `before` (a statement of bb, or
// NULL: at its end, which must then fall through), made only when `on` is
// non-zero (always when `on` is NULL). With a guard, bb is split there:
// the test ends the first half, the call gets a block of its own.
void emit_hook(basic_block bb, gimple *before, tree on, tree hook, tree desc, location_t loc) {
  gcall *call = gimple_build_call(hook, 1, build_fold_addr_expr(desc));
  gimple_set_location(call, loc);
  if (!on) {
    if (before) {
      gimple_stmt_iterator gsi = gsi_for_stmt(before);
      gsi_insert_before(&gsi, call, GSI_SAME_STMT);
    } else {
      gimple_stmt_iterator gsi = gsi_last_bb(bb);
      if (gsi_end_p(gsi))
        gsi = gsi_start_bb(bb);
      gsi_insert_after(&gsi, call, GSI_NEW_STMT);
    }
    return;
  }
  // Split so that `before` starts the second half.
  edge e;
  if (before) {
    gimple_stmt_iterator gsi = gsi_for_stmt(before);
    gsi_prev(&gsi);
    e = gsi_end_p(gsi) ? split_block_after_labels(bb) : split_block(bb, gsi_stmt(gsi));
  } else {
    gimple *last = last_stmt(bb);
    e = last ? split_block(bb, last) : split_block_after_labels(bb);
  }
  basic_block rest = e->dest;
  gcond *cond = gimple_build_cond(NE_EXPR, on, build_zero_cst(TREE_TYPE(on)), NULL_TREE, NULL_TREE);
  gimple_set_location(cond, loc);
  gimple_stmt_iterator gsi = gsi_last_bb(bb);
  if (gsi_end_p(gsi)) {
    gsi = gsi_start_bb(bb);
    gsi_insert_before(&gsi, cond, GSI_NEW_STMT);
  } else {
    gsi_insert_after(&gsi, cond, GSI_NEW_STMT);
  }
  basic_block call_bb = new_block(bb, bb->loop_father);
  gimple_stmt_iterator cgsi = gsi_start_bb(call_bb);
  gsi_insert_after(&cgsi, call, GSI_NEW_STMT);
  // Hooks run while profiling: the call is the likely path.
  e->flags = (e->flags & ~EDGE_FALLTHRU) | EDGE_FALSE_VALUE;
  e->probability = profile_probability::very_unlikely();
  edge t = make_edge(bb, call_bb, EDGE_TRUE_VALUE);
  t->probability = profile_probability::very_likely();
  make_edge(call_bb, rest, EDGE_FALLTHRU)->probability = profile_probability::always();
}

// A cleanup landing pad for `region`'s new child: label, hook(desc) when `on`,
// then resx. Returns the landing pad; *resx_out is its resx.
eh_landing_pad cleanup_pad(eh_region outer, tree on, tree hook, tree desc, location_t loc,
                           class loop *loop, gresx **resx_out) {
  eh_region r = gen_eh_region_cleanup(outer);
  eh_landing_pad lp = gen_eh_landing_pad(r);
  basic_block bb = new_block(EXIT_BLOCK_PTR_FOR_FN(cfun)->prev_bb, loop);
  tree label = create_artificial_label(loc);
  EH_LANDING_PAD_NR(label) = lp->index;
  lp->post_landing_pad = label;
  gimple_stmt_iterator gsi = gsi_start_bb(bb);
  gsi_insert_after(&gsi, gimple_build_label(label), GSI_NEW_STMT);
  gresx *resx = gimple_build_resx(r->index);
  gimple_set_location(resx, loc);
  gsi_insert_after(&gsi, resx, GSI_NEW_STMT);
  emit_hook(bb, resx, on, hook, desc, loc);
  *resx_out = resx;
  return lp;
}

// Make `stmt` throw to `lp` (it threw to nothing, or to its old landing
// pad, whose EH edge and PHI arguments go to `resx` instead).
void rethrow_through(gimple *stmt, eh_landing_pad lp, gresx *resx) {
  int old_nr = lookup_stmt_eh_lp(stmt);
  basic_block bb = gimple_bb(stmt);
  // A throwing statement ends its block: nothing after it, not even the
  // debug statements of -g (which last_stmt() skips).
  gimple_stmt_iterator after = gsi_for_stmt(stmt);
  gsi_next(&after);
  if (!gsi_end_p(after))
    split_block(bb, stmt);
  bb = gimple_bb(stmt);
  basic_block pad = label_to_block(cfun, lp->post_landing_pad);
  if (old_nr > 0) {
    eh_landing_pad old_lp = get_eh_landing_pad_from_number(old_nr);
    basic_block old_pad = label_to_block(cfun, old_lp->post_landing_pad);
    edge old_e = find_edge(bb, old_pad);
    add_stmt_to_eh_lp(resx, old_nr);
    edge re = make_edge(gimple_bb(resx), old_pad, EDGE_EH);
    re->probability = profile_probability::always();
    if (old_e) {
      for (gphi_iterator gsi = gsi_start_phis(old_pad); !gsi_end_p(gsi); gsi_next(&gsi)) {
        gphi *phi = gsi.phi();
        add_phi_arg(phi, PHI_ARG_DEF_FROM_EDGE(phi, old_e), re,
                    gimple_phi_arg_location_from_edge(phi, old_e));
      }
      remove_edge(old_e);
    }
    remove_stmt_from_eh_lp(stmt);
  }
  add_stmt_to_eh_lp(stmt, lp->index);
  make_edge(bb, pad, EDGE_EH)->probability = profile_probability::never();
}

// ------------------------------------------------------- what is instrumented

// Callees whose calls are never wrapped (as in the LLVM pass): compiler
// support routines, the profiler's own API, and GCC's builtins that are no
// library calls (or that clang turns into intrinsics: memcpy, memmove, memset).
bool is_support_name(const char *n) {
  static const char *const prefixes[] = {
      "__cprof", "cprof_", "__cxa_", "_Unwind_", "__gxx_personality", "__gcc_personality",
      "__cyg_profile_", "__stack_chk_", "__asan_", "__hwasan_", "__msan_", "__tsan_",
      "__ubsan_", "__dfsan_", "__sanitizer_", "__llvm_", "__gcov_", "__xray_", "__builtin_",
      "__atomic_", "__sync_"};
  for (const char *p : prefixes)
    if (starts_with(n, p))
      return true;
  return false;
}

bool defined_here(tree fndecl) {
  cgraph_node *n = cgraph_node::get(fndecl);
  if (!n)
    return false;
  n = n->ultimate_alias_target();
  if (n->in_other_partition) // -flto: instrumented in another partition
    return true;
  return n->definition && !DECL_EXTERNAL(n->decl);
}

bool is_builtin_call(gimple *stmt) {
  gcall *call = dyn_cast<gcall *>(stmt);
  if (!call || gimple_call_internal_p(call))
    return false;
  tree fn = gimple_call_fndecl(call);
  if (!fn) // through a pointer
    return false;
  if (fndecl_built_in_p(fn, BUILT_IN_MD) || fndecl_built_in_p(fn, BUILT_IN_FRONTEND))
    return false;
  if (fndecl_built_in_p(fn, BUILT_IN_NORMAL)) {
    switch (DECL_FUNCTION_CODE(fn)) {
    case BUILT_IN_MEMCPY:
    case BUILT_IN_MEMMOVE:
    case BUILT_IN_MEMSET:
      return false;
    default:
      break;
    }
  }
  if (defined_here(fn))
    return false;
  const char *name = symbol_name(fn);
  if (is_support_name(name) || is_support_name(IDENTIFIER_POINTER(DECL_NAME(fn))))
    return false;
  // A noreturn callee never comes back to close the frame; a
  // returns_twice one (setjmp, vfork) would close it twice.
  int flags = gimple_call_flags(call);
  if (flags & (ECF_NORETURN | ECF_RETURNS_TWICE))
    return false;
  if (gimple_call_must_tail_p(call))
    return false;
  return true;
}

bool should_instrument(function *fun) {
  tree fn = fun->decl;
  // The attribute, not DECL_NO_INSTRUMENT_FUNCTION_ENTRY_EXIT: gimplification
  // sets that flag on every function it has been through.
  if (lookup_attribute("no_instrument_function", DECL_ATTRIBUTES(fn)))
    return false;
  if (lookup_attribute("naked", DECL_ATTRIBUTES(fn)))
    return false;
  if (lookup_attribute("interrupt", DECL_ATTRIBUTES(fn)))
    return false;
  const char *sym = symbol_name(fn);
  if (starts_with(sym, "__cprof_"))
    return false;
  // Compiler-made functions outside classes (C++ static initialisers, TLS
  // wrappers), which clang's -finstrument-functions leaves alone too;
  // implicit members (constructors, destructors) are instrumented.
  // (A clone's own decl is artificial: ask its origin.)
  tree origin = DECL_ORIGIN(fn);
  if (DECL_ARTIFICIAL(origin) &&
      (!DECL_CONTEXT(origin) || TREE_CODE(DECL_CONTEXT(origin)) != RECORD_TYPE) &&
      coroutine_ramp(sym).empty())
    return false;
  // ifunc resolvers run while the dynamic linker relocates.
  cgraph_node *n = cgraph_node::get(fn);
  if (n && n->ifunc_resolver)
    return false;
  return true;
}

// The runtime (a unit defining a hook) is never instrumented.
bool defines_hook() {
  static int cached = -1;
  if (cached < 0) {
    cached = 0;
    cgraph_node *n;
    FOR_EACH_FUNCTION(n) {
      if (n->definition && starts_with(symbol_name(n->decl), "__cprof_"))
        cached = 1;
    }
  }
  return cached;
}

// ---------------------------------------------------------------- the pass

unsigned instrument(function *fun) {
  tree fn = fun->decl;
  location_t loc = DECL_SOURCE_LOCATION(fn);
  tree desc = func_desc(fn);
  tree enter = hook_decl(R_ENTER, CPROF_HOOK_ENTER);
  tree exit_hook = hook_decl(R_EXIT, CPROF_HOOK_EXIT);

  // Collect first: the edits below split blocks.
  std::vector<gimple *> returns, resumes, throwers, builtins;
  basic_block bb;
  FOR_EACH_BB_FN(bb, fun) {
    for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
      gimple *s = gsi_stmt(gsi);
      if (gimple_code(s) == GIMPLE_RETURN) {
        returns.push_back(s);
        continue;
      }
      if (gcall *c = dyn_cast<gcall *>(s))
        if (gimple_call_must_tail_p(c)) {
          returns.push_back(s); // the exit hook goes before the call
          continue;
        }
      if (gimple_code(s) == GIMPLE_RESX) {
        if (stmt_can_throw_external(fun, s))
          resumes.push_back(s);
        continue;
      }
      if (stmt_can_throw_external(fun, s) && lookup_stmt_eh_lp(s) == 0)
        throwers.push_back(s);
      if (opt.builtins && is_builtin_call(s))
        builtins.push_back(s);
    }
  }

  // Entry, in a block of its own: one test decides the entry hook and
  // every exit hook of this activation.
  basic_block entry = split_edge(single_succ_edge(ENTRY_BLOCK_PTR_FOR_FN(fun)));
  gimple_stmt_iterator gsi = gsi_start_bb(entry);
  gimple *nop = gimple_build_nop();
  gsi_insert_after(&gsi, nop, GSI_NEW_STMT);
  tree on = load_active(&gsi, CPROF_ACTIVE_FUNCTIONS, loc);
  emit_hook(gimple_bb(nop), nop, on, enter, desc, loc);
  gsi = gsi_for_stmt(nop);
  gsi_remove(&gsi, true);

  // Exceptions leaving the function: a cleanup landing pad of its own for
  // every statement throwing straight out of it, and an exit hook before
  // every resx resuming outside.
  if (!throwers.empty()) {
    if (!DECL_FUNCTION_PERSONALITY(fn))
      DECL_FUNCTION_PERSONALITY(fn) = lang_hooks.eh_personality();
    gresx *resx;
    class loop *root = current_loops ? current_loops->tree_root : nullptr;
    eh_landing_pad lp = cleanup_pad(NULL, on, exit_hook, desc, loc, root, &resx);
    for (gimple *s : throwers)
      rethrow_through(s, lp, resx);
  }
  for (gimple *s : resumes)
    emit_hook(gimple_bb(s), s, on, exit_hook, desc, gimple_location(s));
  for (gimple *s : returns)
    emit_hook(gimple_bb(s), s, on, exit_hook, desc, gimple_location(s));

  // Builtin call sites last, so that a call throwing out of the function
  // closes the builtin frame (its own landing pad) before the cleanup
  // above closes the function's.
  if (!builtins.empty()) {
    tree benter = hook_decl(R_BENTER, CPROF_HOOK_BUILTIN_ENTER);
    tree bexit = hook_decl(R_BEXIT, CPROF_HOOK_BUILTIN_EXIT);
    for (gimple *s : builtins) {
      location_t sloc = gimple_location(s);
      tree bdesc = builtin_desc(gimple_call_fndecl(s));
      gimple_stmt_iterator sgsi = gsi_for_stmt(s);
      tree bon = load_active(&sgsi, CPROF_ACTIVE_BUILTINS, sloc);
#if CPROF_ABI_VERSION >= 3
      if (bon)
        bon = unless_callee_known(&sgsi, bon, bdesc, sloc);
#endif
      emit_hook(gimple_bb(s), s, bon, benter, bdesc, sloc);
      basic_block sbb = gimple_bb(s);
      int lp_nr = lookup_stmt_eh_lp(s);
      if (s != last_stmt(sbb) || !stmt_ends_bb_p(s)) {
        gimple_stmt_iterator next = gsi_for_stmt(s);
        gsi_next(&next);
        if (gsi_end_p(next))
          emit_hook(sbb, NULL, bon, bexit, bdesc, sloc);
        else
          emit_hook(sbb, gsi_stmt(next), bon, bexit, bdesc, sloc);
      } else {
        // The normal edge (the call ends its block: it may throw, or make
        // an abnormal goto).
        edge normal = nullptr;
        edge_iterator ei;
        edge e;
        FOR_EACH_EDGE(e, ei, sbb->succs) {
          if (!(e->flags & (EDGE_EH | EDGE_ABNORMAL)))
            normal = e;
        }
        if (normal) {
          basic_block nbb = split_edge(normal);
          emit_hook(nbb, NULL, bon, bexit, bdesc, sloc);
        }
      }
      if (lp_nr > 0 && stmt_could_throw_p(fun, s)) {
        eh_landing_pad old_lp = get_eh_landing_pad_from_number(lp_nr);
        gresx *resx;
        eh_landing_pad lp =
            cleanup_pad(old_lp->region, bon, bexit, bdesc, sloc, sbb->loop_father, &resx);
        rethrow_through(s, lp, resx);
      }
    }
  }

  free_dominance_info(CDI_DOMINATORS);
  free_dominance_info(CDI_POST_DOMINATORS);
  if (current_loops)
    loops_state_set(LOOPS_NEED_FIXUP);
  mark_virtual_operands_for_renaming(fun);
  return TODO_update_ssa_only_virtuals | TODO_cleanup_cfg;
}

const pass_data cprof_pass_data = {
    GIMPLE_PASS,
    "cprof",
    OPTGROUP_NONE,
    TV_NONE,
    PROP_cfg | PROP_ssa, // properties_required
    0,                   // properties_provided
    0,                   // properties_destroyed
    0,                   // todo_flags_start
    0,                   // todo_flags_finish
};

// Where an instance of the pass sits (see plugin_init).
enum class Where { Early, LatePrelink, Late };

struct cprof_pass : gimple_opt_pass {
  Where where;
  cprof_pass(gcc::context *ctx, Where w) : gimple_opt_pass(cprof_pass_data, ctx), where(w) {}
  bool gate(function *fun) override {
    if (in_lto_p) // the link-time compiler: instrumented before the link
      return false;
    switch (where) {
    case Where::Early:
      if (!opt.early)
        return false;
      break;
    case Where::LatePrelink:
      if (opt.early || !flag_generate_lto)
        return false;
      break;
    case Where::Late:
      if (opt.early || flag_generate_lto)
        return false;
      break;
    }
    return !lookup_attribute(ATTR_DONE, DECL_ATTRIBUTES(fun->decl)) && !defines_hook() &&
           should_instrument(fun);
  }
  unsigned execute(function *fun) override {
    unsigned todo = instrument(fun);
    DECL_ATTRIBUTES(fun->decl) =
        tree_cons(get_identifier(ATTR_DONE), NULL_TREE, DECL_ATTRIBUTES(fun->decl));
    return todo;
  }
};

void register_pass_at(const char *plugin, Where w, const char *after) {
  struct register_pass_info pass;
  pass.pass = new cprof_pass(g, w);
  pass.reference_pass_name = after;
  pass.ref_pass_instance_number = 1;
  pass.pos_op = PASS_POS_INSERT_AFTER;
  register_callback(plugin, PLUGIN_PASS_MANAGER_SETUP, NULL, &pass);
}

bool parse_bool(const plugin_argument &a, bool &out) {
  const char *v = a.value ? a.value : "1";
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
    out = true;
  else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off"))
    out = false;
  else
    return false;
  return true;
}

} // namespace

__attribute__((visibility("default"))) int plugin_init(struct plugin_name_args *info, struct plugin_gcc_version *version) {
  if (!plugin_default_version_check(version, &gcc_version)) {
    error("cprof-gcc: built for GCC %s, loaded into GCC %s", gcc_version.basever,
          version->basever);
    return 1;
  }
  for (int i = 0; i < info->argc; i++) {
    const plugin_argument &a = info->argv[i];
    bool ok = true;
    if (!strcmp(a.key, "subcalls"))
      ok = parse_bool(a, opt.subcalls);
    else if (!strcmp(a.key, "builtins"))
      ok = parse_bool(a, opt.builtins);
    else if (!strcmp(a.key, "guard"))
      ok = parse_bool(a, opt.guard);
    else if (!strcmp(a.key, "placement")) {
      if (a.value && !strcmp(a.value, "early"))
        opt.early = true;
      else if (a.value && !strcmp(a.value, "late"))
        opt.early = false;
      else
        ok = false;
    } else {
      error("cprof-gcc: unknown option %<-fplugin-arg-%s-%s%> (known: subcalls, builtins, "
            "placement, guard)",
            info->base_name, a.key);
      return 1;
    }
    if (!ok) {
      error("cprof-gcc: invalid value %qs for %<-fplugin-arg-%s-%s%>", a.value ? a.value : "",
            info->base_name, a.key);
      return 1;
    }
  }
  static struct plugin_info plugin_info = {"0.1", "cprof: function entry/exit hooks for cprof"};
  register_callback(info->base_name, PLUGIN_INFO, NULL, &plugin_info);
  register_callback(info->base_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
                    const_cast<ggc_root_tab *>(root_tab));
  // early: as soon as the body is in SSA form, before any inlining.
  // late: the first pass after the IPA passes (inlining, cloning) that runs
  // at every -O level. late with -flto: the hooks go in before the bodies
  // are written for the link (after the early inliner, the part of
  // inlining done per unit), so functions the link then inlines across
  // units keep their hooks, as with clang; lto1 adds none.
  register_pass_at(info->base_name, Where::Early, "ssa");
  register_pass_at(info->base_name, Where::LatePrelink, "einline");
  register_pass_at(info->base_name, Where::Late, "ehdisp");
  return 0;
}
