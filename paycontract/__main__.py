"""`python -m paycontract` is the `paycontract` command."""

import sys

from paycontract.cli import main

sys.exit(main())
