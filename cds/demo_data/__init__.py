"""Real figures from the sample reports, shipped as data (``sample_reports.csv``)."""
