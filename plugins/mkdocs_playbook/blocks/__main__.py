"""`python -m mkdocs_playbook.blocks [tailoring]` prints the phase (or tailoring) schema for editors,
from the block fragments."""

import sys

from mkdocs_playbook.blocks import schema_for_editors

if sys.argv[1:] == ["tailoring"]:
    from mkdocs_playbook.source.tailorschema import schema_for_editors as tailoring_for_editors

    sys.stdout.write(tailoring_for_editors())
else:
    sys.stdout.write(schema_for_editors())
