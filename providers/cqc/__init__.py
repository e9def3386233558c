"""The CQC import: the public API client, the mapping of CQC data to the register, the sync.

* ``client.py``  talks to the CQC public ("syndication") API: paging, retries, time-outs.
* ``mapping.py`` turns one CQC location into the values of a Service and a CQC rating
  (pure functions, no database), with the mapping tables written down.
* ``sync.py``    the service ``cqc_sync_run``: brings the register in line with CQC, idempotently.

Contains CQC information, licensed under the Open Government Licence v3.0.
"""
