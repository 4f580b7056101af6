# Checks for signal_handlers_reentrancy_and_siglongjmp.c. Usage: DUMP OUT
import os
import pstats
import subprocess
import sys

st = pstats.Stats(sys.argv[1]).stats
delivered = int(open(sys.argv[2]).read().split()[1])
by = {k[2]: v for k, v in st.items()}
print("leaf", by["leaf"][1], "exact" if by["leaf"][1] == 2000000 == by["leaf"][0] else "WRONG")
print("handler profiled <= delivered:", by.get("on_prof", (0, 0))[1] <= delivered)
aj = by["after_jump"]
print("victim", by["victim"][1], "spin_leaf>0", by["spin_leaf"][1] > 0,
      "after_jump caller", " ".join(c[2] for c in aj[4]))
check = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "check_dump.py")
out = subprocess.run([sys.executable, check, sys.argv[1]], capture_output=True, text=True).stdout
print(out.strip().splitlines()[-1])
