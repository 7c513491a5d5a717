"""Delivery: what a run sends beyond the output workbook, to a finance bureau by mail or to an auditor.

- :mod:`~evalxl.delivery.split`: one workbook per project with safe file names, ``manifest.csv`` with
  the SHA-256 of each file, and the zip with UTF-8 names (``run --split``, ``--zip``);
- :mod:`~evalxl.delivery.parallel`: the worker processes that write the split files;
- :mod:`~evalxl.delivery.pdf`: the workbooks printed to PDF with LibreOffice, reproducibly (``--pdf``);
- :mod:`~evalxl.delivery.output_file`: every file written atomically (a temporary file beside the
  target, renamed into place) with the fixed document date; a target open in Excel/WPS raises
  ``OutputLocked``; the owner files (``~$…``) beside targets and an earlier run's files in a folder.

:func:`evalxl.api.deliver` calls them in that order after the output workbook is written.
"""
