"""`python -m mkdocs_playbook` is the `playbook` command."""

import sys

from mkdocs_playbook.commands import main

sys.exit(main())
