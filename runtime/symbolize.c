/*
 * Names for code that arrives by address only (-finstrument-functions,
 * cyg_profile.c): function name (demangled, GCC's clone suffixes dropped as
 * the GCC plugin drops them), source file and line, looked up at dump time
 * in the process's ELF symbols and DWARF through elfutils' libdwfl.
 *
 * libdw.so.1 is loaded with dlopen when the first address is resolved, so
 * programs do not link it and a process that never needs it never loads it.
 * Without it (not installed, a static executable) names come from dladdr
 * (the dynamic symbol table), files are the object's path and lines 0; an
 * address nothing names is shown as "0x<address>".
 */
#define _GNU_SOURCE /* dladdr, strdup, strndup */
#include "rt.h"

#include <dlfcn.h>
#include <elfutils/libdwfl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DW_TAG_subprogram_ 0x2e
#define DW_TAG_namespace_ 0x39
#define DW_TAG_class_type_ 0x02
#define DW_TAG_structure_type_ 0x13
#define DW_TAG_union_type_ 0x17

static struct {
  int tried;
  void *lib;
  Dwfl *dwfl;
  char *debuginfo_path;
  Dwfl_Callbacks cb;
  __typeof__(dwfl_begin) *begin;
  __typeof__(dwfl_linux_proc_report) *proc_report;
  __typeof__(dwfl_report_end) *report_end;
  __typeof__(dwfl_addrmodule) *addrmodule;
  __typeof__(dwfl_module_addrinfo) *addrinfo;
  __typeof__(dwfl_module_addrdie) *addrdie;
  __typeof__(dwfl_module_info) *module_info;
  __typeof__(dwfl_module_nextcu) *nextcu;
  __typeof__(dwarf_haspc) *haspc;
  __typeof__(dwarf_getscopes) *getscopes;
  __typeof__(dwarf_tag) *tag;
  __typeof__(dwarf_decl_file) *decl_file;
  __typeof__(dwarf_decl_line) *decl_line;
  __typeof__(dwarf_diename) *diename;
  __typeof__(dwarf_child) *child;
  __typeof__(dwarf_siblingof) *siblingof;
  char *(*cxa_demangle)(const char *, char *, size_t *, int *);
} dw;

static int load_libdw(void) {
  if (dw.tried)
    return dw.dwfl != NULL;
  dw.tried = 1;
  /* C++ programs have libstdc++'s demangler loaded already */
  dw.cxa_demangle = (char *(*)(const char *, char *, size_t *, int *))dlsym(RTLD_DEFAULT,
                                                                           "__cxa_demangle");
  dw.lib = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!dw.lib)
    return 0;
#define SYM(field, name)                                                                          \
  if (!(*(void **)&dw.field = dlsym(dw.lib, name)))                                               \
    return 0;
  SYM(begin, "dwfl_begin")
  SYM(proc_report, "dwfl_linux_proc_report")
  SYM(report_end, "dwfl_report_end")
  SYM(addrmodule, "dwfl_addrmodule")
  SYM(addrinfo, "dwfl_module_addrinfo")
  SYM(addrdie, "dwfl_module_addrdie")
  SYM(module_info, "dwfl_module_info")
  SYM(nextcu, "dwfl_module_nextcu")
  SYM(haspc, "dwarf_haspc")
  SYM(getscopes, "dwarf_getscopes")
  SYM(tag, "dwarf_tag")
  SYM(decl_file, "dwarf_decl_file")
  SYM(decl_line, "dwarf_decl_line")
  SYM(diename, "dwarf_diename")
  SYM(child, "dwarf_child")
  SYM(siblingof, "dwarf_siblingof")
  void *find_elf = dlsym(dw.lib, "dwfl_linux_proc_find_elf");
  void *find_debuginfo = dlsym(dw.lib, "dwfl_standard_find_debuginfo");
  if (!find_elf || !find_debuginfo)
    return 0;
#undef SYM
  dw.cb.find_elf = (__typeof__(dw.cb.find_elf))find_elf;
  dw.cb.find_debuginfo = (__typeof__(dw.cb.find_debuginfo))find_debuginfo;
  dw.cb.debuginfo_path = &dw.debuginfo_path;
  Dwfl *d = dw.begin(&dw.cb);
  if (!d)
    return 0;
  if (dw.proc_report(d, getpid()) != 0 || dw.report_end(d, NULL, NULL) != 0)
    return 0;
  dw.dwfl = d;
  return 1;
}

/* A copy of "sym" as a user knows the function: demangled, GCC clone
 * suffixes (.isra.N, .constprop.N, .lto_priv.N, ...) dropped, except that a
 * .part.N clone keeps " [clone .part.N]". */
static char *display_name(const char *sym) {
  const char *dot = strchr(sym, '.');
  size_t base_len = dot ? (size_t)(dot - sym) : strlen(sym);
  char part[48] = "";
  const char *p = dot ? strstr(dot, ".part.") : NULL;
  if (p) {
    size_t n = 6;
    while (p[n] >= '0' && p[n] <= '9' && n < 30)
      n++;
    snprintf(part, sizeof part, " [clone %.*s]", (int)n, p);
  }
  char *base = strndup(sym, base_len);
  if (!base)
    return NULL;
  if (dw.cxa_demangle && base[0] == '_' && base[1] == 'Z') {
    int status = 0;
    char *d = dw.cxa_demangle(base, NULL, NULL, &status);
    if (d && status == 0) {
      free(base);
      base = d;
    } else {
      free(d);
    }
  }
  char *out = malloc(strlen(base) + strlen(part) + 1);
  if (out) {
    strcpy(out, base);
    strcat(out, part);
  }
  free(base);
  return out;
}

/* A subprogram containing `pc` among the children of `parent`, looking into
 * namespaces and classes (clang puts definitions there, where
 * dwarf_getscopes does not look: those DIEs have no address ranges). */
static int find_subprogram(Dwarf_Die *parent, Dwarf_Addr pc, Dwarf_Die *out, int depth) {
  Dwarf_Die die;
  if (depth > 16 || dw.child(parent, &die) != 0)
    return 0;
  do {
    int tag = dw.tag(&die);
    if (tag == DW_TAG_subprogram_ && dw.haspc(&die, pc) > 0) {
      *out = die;
      return 1;
    }
    if ((tag == DW_TAG_namespace_ || tag == DW_TAG_class_type_ ||
         tag == DW_TAG_structure_type_ || tag == DW_TAG_union_type_) &&
        find_subprogram(&die, pc, out, depth + 1))
      return 1;
  } while (dw.siblingof(&die, &die) == 0);
  return 0;
}

/* The subprogram DIE for code address `a` of module m (bias applied). */
static int subprogram_at(Dwfl_Module *m, Dwarf_Addr a, Dwarf_Die *out, Dwarf_Die *unit) {
  Dwarf_Addr bias = 0;
  Dwarf_Die *cu = dw.addrdie(m, a, &bias);
  /* Without .debug_aranges (clang emits none) libdw 0.188 finds no unit:
   * ask each unit whether it has the address. */
  if (!cu)
    while ((cu = dw.nextcu(m, cu, &bias)) && dw.haspc(cu, a - bias) <= 0)
      ;
  if (!cu)
    return 0;
  *unit = *cu;
  Dwarf_Die *scopes = NULL;
  int n = dw.getscopes(cu, a - bias, &scopes);
  int found = 0;
  /* innermost first: the first subprogram is the function itself */
  for (int i = 0; i < n && !found; i++)
    if (dw.tag(&scopes[i]) == DW_TAG_subprogram_) {
      *out = scopes[i];
      found = 1;
    }
  free(scopes);
  if (!found)
    found = find_subprogram(cu, a - bias, out, 0);
  return found;
}

int rt_symbolize(const void *addr, char **name, char **file, uint32_t *line) {
  *name = *file = NULL;
  *line = 0;
  uintptr_t a = (uintptr_t)addr;
  if (load_libdw()) {
    Dwfl_Module *m = dw.addrmodule(dw.dwfl, a);
    if (m) {
      GElf_Off off = 0;
      GElf_Sym sym;
      const char *s = dw.addrinfo(m, a, &off, &sym, NULL, NULL, NULL);
      Dwarf_Die die, unit;
      if (subprogram_at(m, a, &die, &unit)) {
        const char *f = dw.decl_file(&die);
        /* DWARF 5's file 0 (clang's primary source file) is no file to
         * libdw 0.188: the unit's name is that file */
        if (!f)
          f = dw.diename(&unit);
        int l = 0;
        if (f)
          *file = strdup(f);
        if (dw.decl_line(&die, &l) == 0 && l > 0)
          *line = (uint32_t)l;
        if (!s)
          s = dw.diename(&die);
      }
      if (!*file) {
        const char *mod = dw.module_info(m, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        if (mod)
          *file = strdup(mod);
      }
      if (s)
        *name = display_name(s);
    }
  }
  if (!*name) {
    Dl_info info;
    if (dladdr(addr, &info)) {
      if (info.dli_sname && info.dli_saddr == addr)
        *name = display_name(info.dli_sname);
      if (!*file && info.dli_fname)
        *file = strdup(info.dli_fname);
    }
  }
  if (!*name) {
    char hex[32];
    snprintf(hex, sizeof hex, "0x%lx", (unsigned long)a);
    *name = strdup(hex);
  }
  if (!*file)
    *file = strdup("~");
  return *name && *file ? 0 : -1;
}
