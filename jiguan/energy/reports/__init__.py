"""The yearly statistical report (年度统计报表): the figures, the official workbook, and the
background job that builds it for a large scope."""
