"""Peer: python-hcl2 parsing a configuration file (nothing else). Usage: hcl2_parse.py FILE.
Prints the seconds the parse itself took, apart from starting Python and importing hcl2."""
import sys
import time

import hcl2

started = time.perf_counter()
with open(sys.argv[1]) as f:
    document = hcl2.load(f)
print("parse %.3f" % (time.perf_counter() - started))
print(len(document.get("resource", [])), "resource blocks")
