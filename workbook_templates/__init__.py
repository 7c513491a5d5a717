"""The data files of the standard input contract (sheets, layouts, rules profiles, output headers).

This folder sits at the top of the repository and ships inside the package as
``evalxl.workbook_templates``; ``evalxl.contract`` is the one loader that reads it.
"""
