"""Collecting: the workbooks units send to the finance bureau → one roll-up (``evalxl collect``).

Stages: ``gather`` (files, folders and zips as they arrive by mail → the workbooks to read),
``read`` (one file → its projects, its own findings; in worker processes), ``crosscheck`` (the
same project in several files, different years or rules, expected senders), ``rollup`` (the
roll-up workbook: 汇总, 统计 with charts, 来源, 检查结果). Records: :mod:`.records`; places in a
file: :mod:`.places`.
"""
