"""Oversight (六.4 监督检查, 六.5 考核评价) and 立卷归档: reports, the 公示 showing check, the archive."""
