"""The web layer keeps no data of its own.

Reporting deadlines, which it once kept here, are per scope and audited now:
``cds.values.models.Deadline``, written by ``cds.values.deadlines.set_deadline``.
"""
