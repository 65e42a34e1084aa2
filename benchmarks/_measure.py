"""Run a command and print its CPU seconds, peak memory and wall seconds as JSON (stdout).

    python benchmarks/_measure.py -- COMMAND ...

CPU and memory are the command's and its children's (``RUSAGE_CHILDREN``): kg's worker
processes are counted. Used by bench_scale.py; the command's own output goes to stderr.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

if __name__ == "__main__":
    command = sys.argv[sys.argv.index("--") + 1 :]
    t0 = time.perf_counter()
    rc = subprocess.run(command, stdout=sys.stderr).returncode
    wall = time.perf_counter() - t0
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "rc": rc,
                "cpu": use.ru_utime + use.ru_stime,
                "wall": wall,
                "peak_mib": use.ru_maxrss / 1024,  # the largest single process
            }
        )
    )
