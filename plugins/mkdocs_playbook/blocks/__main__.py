"""`python -m mkdocs_playbook.blocks` prints the phase schema for editors, from the block fragments."""

import sys

from mkdocs_playbook.blocks import schema_for_editors

sys.stdout.write(schema_for_editors())
