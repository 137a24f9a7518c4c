"""`python -m clause_library`: the engine's command line."""

import os
import sys

from clause_library.cli import main

try:
    code = main()
except BrokenPipeError:
    # The reader of stdout (`| head`) went away; silence the interpreter's own flush at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
raise SystemExit(code)
