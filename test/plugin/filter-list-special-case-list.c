// --cprof-list=FILE: the special case list format of clang's -fprofile-list
// and -fxray-attr-list, read by llvm::SpecialCaseList. fun:/function: match
// a function's name, src:/source: its source file; no category or =allow
// allows, =skip/=forbid (or !fun:/!src:) skips; the latest matching line
// decides, a function's own entries before its file's; then default:, else
// skip if the list allows anything explicitly, allow if it only skips.
// [cprof] and unsectioned entries apply, XRay's [always]/[never] too, other
// sections (another tool's) do not. Each RUN prints the descriptors made.
// RUN: rm -rf %t && mkdir %t
//
// An allow list: only what it names.
// RUN: printf '# profile these\nfun:keep\nfun:tiny_*\n' > %t/allow.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/allow.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=ALLOW %s
// ALLOW: @__cprof_builtin.strlen =
// ALLOW-NEXT: @__cprof_desc.keep =
// ALLOW-NEXT: @__cprof_desc.tiny_add =
// ALLOW-NOT: @
//
// A skip list: everything else.
// RUN: printf 'fun:helper=skip\n!fun:count_*\n' > %t/skip.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/skip.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=SKIP %s
// SKIP: @__cprof_builtin.strlen =
// SKIP-NEXT: @__cprof_desc.keep =
// SKIP-NEXT: @__cprof_desc.tiny_add =
// SKIP-NOT: @
//
// Files, functions before files, the latest line, default:, [cprof].
// RUN: printf '[cprof]\nsrc:*filter-functions.c\nfun:tiny_add=skip\n' > %t/src.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/src.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=SRC %s
// SRC: @__cprof_builtin.strlen =
// SRC-NEXT: @__cprof_desc.count_loop =
// SRC-NEXT: @__cprof_desc.helper =
// SRC-NEXT: @__cprof_desc.keep =
// SRC-NOT: @
// RUN: printf 'src:/no/such/dir/*\nfun:*\nfun:helper=skip\ndefault:skip\n' > %t/last.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/last.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=LAST %s
// LAST: @__cprof_builtin.strlen =
// LAST-NEXT: @__cprof_desc.count_loop =
// LAST-NEXT: @__cprof_desc.keep =
// LAST-NEXT: @__cprof_desc.tiny_add =
// LAST-NOT: @
// RUN: printf 'fun:helper=skip\nfun:*=allow\n' > %t/later.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/later.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=NONE %s
// RUN: printf 'default:skip\nfunction:keep=allow\nsource:*.c=allow\nfun:count_loop=forbid\n' > %t/default.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/default.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=SKIP2 %s
// SKIP2: @__cprof_builtin.strlen =
// SKIP2-NEXT: @__cprof_desc.helper =
// SKIP2-NEXT: @__cprof_desc.keep =
// SKIP2-NEXT: @__cprof_desc.tiny_add =
// SKIP2-NOT: @
//
// An XRay attribute list; another tool's section is not read.
// RUN: printf '[always]\nfun:keep\n[never]\nfun:helper\nfun:tiny_add\n' > %t/xray.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/xray.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=XRAY %s
// XRAY: @__cprof_builtin.strlen =
// XRAY-NEXT: @__cprof_desc.count_loop =
// XRAY-NEXT: @__cprof_desc.keep =
// XRAY-NOT: @
// RUN: printf '[clang]\nfun:keep\n' > %t/other.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/other.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=NONE %s
// NONE: @__cprof_builtin.strlen =
// NONE-NEXT: @__cprof_desc.count_loop =
// NONE-NEXT: @__cprof_desc.helper =
// NONE-NEXT: @__cprof_desc.keep =
// NONE-NEXT: @__cprof_desc.tiny_add =
// NONE-NOT: @
//
// Two lists: each must allow. A list's explicit skip of a builtin's name.
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/allow.list --cprof-list=%t/xray.list %S/Inputs/filter-functions.c -o - | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=BOTH %s
// BOTH: @__cprof_builtin.strlen =
// BOTH-NEXT: @__cprof_desc.keep =
// BOTH-NOT: @
// RUN: printf 'fun:strlen=skip\n' > %t/builtin.list
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-list=%t/builtin.list %S/Inputs/filter-functions.c -o - | not grep __cprof_builtin
//
// Mistakes in a list: one line naming the file, the compiler fails.
// RUN: printf 'fun:keep\nfn:helper\n' > %t/kind.list
// RUN: not %cprof_cc -c --cprof-list=%t/kind.list %S/Inputs/filter-functions.c -o %t/x.o 2>&1 | FileCheck --check-prefix=KIND %s
// KIND: error: cprof: -cprof-list={{.*}}kind.list: '{{.*}}kind.list': unknown entry 'fn:' (expected fun:, src:, function:, source:, !fun:, !src: or default:)
// RUN: printf 'fun:keep=skp\n' > %t/cat.list
// RUN: not %cprof_cc -c --cprof-list=%t/cat.list %S/Inputs/filter-functions.c -o %t/x.o 2>&1 | FileCheck --check-prefix=CAT %s
// CAT: error: cprof: -cprof-list={{.*}}cat.list: '{{.*}}cat.list': unknown category '=skp' of fun: (expected =allow, =skip or =forbid)
// RUN: printf 'keep\n' > %t/line.list
// RUN: not %cprof_cc -c --cprof-list=%t/line.list %S/Inputs/filter-functions.c -o %t/x.o 2>&1 | FileCheck --check-prefix=LINE %s
// LINE: error: cprof: -cprof-list={{.*}}line.list: {{.*}}line.list{{.*}}malformed line 1: 'keep'
// RUN: not ls %t/x.o
