"""`playbook demo`'s story: the example organization's rollout as a history of dated steps.

The story is data and arithmetic only (no files, no git): `story.steps(today)` says who did
what and when; `commands.demo` makes each step with the functions the real commands use and
commits it as that person at that time.
"""
