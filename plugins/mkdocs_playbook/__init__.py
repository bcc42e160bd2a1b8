"""mkdocs-playbook: rollout playbooks as data, rendered by MkDocs, progress tracked in git."""

__version__ = "0.1.0"
